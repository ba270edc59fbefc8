//! Points in time as OParl writes them (`start`, `end`, `modified`), and
//! German local time.
//!
//! Servers write a meeting's start with its offset (`+01:00`, `+02:00` in
//! summer), in UTC (`Z`), or without one. Users expect the time on the
//! invitation: the wall-clock time in Germany. jiff converts with the rules
//! of Europe/Berlin, summer time included; the zone is compiled in
//! (`tz::get!`), so the result does not depend on the machine's zone files,
//! and German rules have not changed since 1996.

use jiff::Timestamp;
use jiff::civil::DateTime;
use jiff::tz::{self, TimeZone};

use crate::model::Date;

static BERLIN: TimeZone = tz::get!("Europe/Berlin");

/// A point in time as German local time: its date, and its minute of the
/// day where the source gives a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Stamp {
    pub date: Date,
    pub minute: Option<u16>,
}

impl Stamp {
    /// `2025-01-21T17:00:00+01:00`, `…Z`, `2025-01-21T17:00` (taken as
    /// local time) or a bare date. A time that cannot be read leaves the
    /// date usable.
    pub fn parse(s: &str) -> Option<Stamp> {
        let s = s.trim();
        if let Some(local) = local_time(s) {
            let date = Date::new(local.year() as u16, local.month() as u8, local.day() as u8)?;
            let minute = local.hour() as u16 * 60 + local.minute() as u16;
            return Some(Stamp { date, minute: Some(minute) });
        }
        Some(Stamp { date: Date::parse(s)?, minute: None })
    }
}

/// `s` as a wall-clock time in Germany, when it holds a date and a time.
fn local_time(s: &str) -> Option<DateTime> {
    if s.len() <= 10 {
        return None;
    }
    if let Ok(t) = s.parse::<Timestamp>() {
        return Some(BERLIN.to_datetime(t));
    }
    s.parse::<DateTime>().ok()
}

/// `modified` as seconds since 1970, for telling which of two versions of
/// one object is newer; a stamp without offset is taken as German time.
pub fn seconds(s: &str) -> Option<i64> {
    let s = s.trim();
    if let Ok(t) = s.parse::<Timestamp>() {
        return Some(t.as_second());
    }
    let local = s.parse::<DateTime>().ok()?;
    Some(BERLIN.to_timestamp(local).ok()?.as_second())
}

/// `HH:MM`.
pub fn hhmm(minute: u16) -> String {
    format!("{:02}:{:02}", minute / 60, minute % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> (Date, Option<String>) {
        let st = Stamp::parse(s).unwrap();
        (st.date, st.minute.map(hhmm))
    }

    #[test]
    fn stamps_become_german_local_time() {
        let d = |y, m, d| Date::new(y, m, d).unwrap();
        // As written, with the German offset of the day.
        assert_eq!(at("2025-01-21T17:05:00+01:00"), (d(2025, 1, 21), Some("17:05".into())));
        assert_eq!(at("2024-07-18T19:00:00+02:00"), (d(2024, 7, 18), Some("19:00".into())));
        // UTC: one hour more in winter, two in summer.
        assert_eq!(at("2025-01-21T16:00:00Z"), (d(2025, 1, 21), Some("17:00".into())));
        assert_eq!(at("2024-07-18T17:00:00Z"), (d(2024, 7, 18), Some("19:00".into())));
        // Late in UTC is the next day in Germany.
        assert_eq!(at("2024-12-31T23:30:00Z"), (d(2025, 1, 1), Some("00:30".into())));
        // Another offset is converted, the day of summer time too.
        assert_eq!(at("2025-03-30T01:30:00-05:00"), (d(2025, 3, 30), Some("08:30".into())));
        // No offset: the wall-clock time as written.
        assert_eq!(at("2025-01-21T17:00"), (d(2025, 1, 21), Some("17:00".into())));
        assert_eq!(at("2025-01-21"), (d(2025, 1, 21), None));
        assert_eq!(at("21.01.2025"), (d(2025, 1, 21), None));
        // A time that cannot be read leaves the date.
        assert_eq!(at("2025-01-21T7:5"), (d(2025, 1, 21), None));
        assert!(Stamp::parse("gestern").is_none());
        assert_eq!(hhmm(9 * 60 + 3), "09:03");
    }

    #[test]
    fn modified_stamps_compare_across_offsets() {
        let a = seconds("2025-03-03T13:33:55+01:00").unwrap();
        let b = seconds("2025-03-03T12:33:55Z").unwrap();
        assert_eq!(a, b);
        assert!(seconds("2025-03-03T13:33:56+01:00").unwrap() > a);
        assert_eq!(seconds("2025-03-03T13:33:55"), Some(a));
        assert_eq!(seconds("N/A"), None);
    }
}
