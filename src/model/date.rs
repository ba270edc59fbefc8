//! Calendar dates as council data writes them.

use std::fmt;

use serde::{Serialize, Serializer};

/// A calendar date, validated (no 31.02.).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    pub fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => 29,
            2 => 28,
            _ => return None,
        };
        (year > 0 && (1..=days).contains(&day)).then_some(Date { year, month, day })
    }

    /// Parses ISO `YYYY-MM-DD` or German `DD.MM.YYYY` (also `D.M.YYYY`).
    /// An ISO date-time (`2025-01-21T17:00:00+01:00`) yields its date.
    pub fn parse(s: &str) -> Option<Date> {
        if let Some(date) = Date::quick(s) {
            return Some(date);
        }
        let s = s.trim();
        let num = |t: &str| -> Option<u32> {
            (!t.is_empty() && t.len() <= 4 && t.bytes().all(|b| b.is_ascii_digit()))
                .then(|| t.parse().ok())
                .flatten()
        };
        if let Some((d, rest)) = s.split_once('.') {
            let (m, y) = rest.split_once('.')?;
            if y.len() != 4 || d.len() > 2 || m.len() > 2 {
                return None;
            }
            return Date::new(num(y)? as u16, num(m)? as u8, num(d)? as u8);
        }
        let date = s.get(..10)?;
        let rest = &s[10..];
        if !(rest.is_empty() || rest.starts_with('T') || rest.starts_with(' ')) {
            return None;
        }
        let mut parts = date.split('-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return None;
        }
        Date::new(num(y)? as u16, num(m)? as u8, num(d)? as u8)
    }

    /// The two forms exports write, exactly, without splitting and parsing
    /// (loading a large archive parses half a million dates). None leaves
    /// the string to [`Date::parse`]'s general path.
    fn quick(s: &str) -> Option<Date> {
        let &[a, b, c, d, e, f, g, h, i, j] = s.as_bytes() else { return None };
        let n = |x: &[u8]| {
            x.iter().try_fold(0u16, |n, &b| b.is_ascii_digit().then(|| n * 10 + u16::from(b - b'0')))
        };
        let (y, m, d) = match (c, e, f, h) {
            (_, b'-', _, b'-') => (n(&[a, b, c, d])?, n(&[f, g])?, n(&[i, j])?),
            (b'.', _, b'.', _) => (n(&[g, h, i, j])?, n(&[d, e])?, n(&[a, b])?),
            _ => return None,
        };
        Date::new(y, m as u8, d as u8)
    }

    /// `07.09.2021`, as German pages show dates.
    pub fn german(self) -> String {
        let mut s = String::with_capacity(10);
        self.push_german(&mut s);
        s
    }

    /// [`Date::german`] appended to `out`, without formatting machinery:
    /// building the search index writes one date per agenda item.
    pub fn push_german(self, out: &mut String) {
        let digit = |n: u16| char::from(b'0' + (n % 10) as u8);
        let (d, m, y) = (u16::from(self.day), u16::from(self.month), self.year);
        out.extend([digit(d / 10), digit(d), '.', digit(m / 10), digit(m), '.']);
        if y > 9999 {
            out.push_str(&y.to_string());
        } else {
            out.extend([digit(y / 1000), digit(y / 100), digit(y / 10), digit(y)]);
        }
    }
}

/// ISO form, as the export format writes it.
impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_parse_in_both_forms() {
        let d = Date::new(2021, 9, 7).unwrap();
        assert_eq!(Date::parse("2021-09-07"), Some(d));
        assert_eq!(Date::parse("07.09.2021"), Some(d));
        assert_eq!(Date::parse("7.9.2021"), Some(d));
        assert_eq!(Date::parse("2021-09-07T17:00:00+02:00"), Some(d));
        assert_eq!(d.german(), "07.09.2021");
        assert_eq!(Date::new(987, 12, 31).unwrap().german(), "31.12.0987");
        assert_eq!(Date { year: 12345, month: 1, day: 2 }.german(), "02.01.12345");
        assert_eq!(d.to_string(), "2021-09-07");
    }

    #[test]
    fn impossible_dates_are_rejected() {
        for s in [
            "31.02.2026",
            "2026-02-30",
            "29.02.2023",
            "2021-13-01",
            "00.01.2020",
            "",
            "gestern",
            "2021-9-7",
            "07.09.21",
            "2021-09-07x",
        ] {
            assert_eq!(Date::parse(s), None, "{s}");
        }
        assert!(Date::parse("29.02.2024").is_some());
        // The quick path for ten-byte forms agrees with the general one,
        // which the same dates reach with a blank around them.
        for y in [0, 1, 999, 1900, 2000, 2021, 2024, 9999] {
            for m in 0..=13 {
                for d in 0..=32 {
                    for s in [format!("{y:04}-{m:02}-{d:02}"), format!("{d:02}.{m:02}.{y:04}")] {
                        assert_eq!(Date::parse(&s), Date::parse(&format!(" {s}")), "{s}");
                        assert_eq!(Date::parse(&s), Date::new(y, m, d), "{s}");
                    }
                }
            }
        }
        for s in ["2021-0a-07", "2021+09-07", "07.09.20x1", "07-09.2021", "-021-09-07", "2021-09-0-"] {
            assert_eq!(Date::parse(s), None, "{s}");
        }
        // Ten bytes, but with blanks: the general path.
        for s in [" 7.09.2021", "7.09.2021 ", " 7.9.2021 "] {
            assert_eq!(Date::parse(s), Date::new(2021, 9, 7), "{s}");
        }
        assert!(Date::parse("29.02.2000").is_some());
        assert!(Date::parse("29.02.1900").is_none());
    }
}
