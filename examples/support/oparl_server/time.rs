//! Time stamps as OParl and HTTP write them, without a date crate: RFC 3339
//! with the offset of German local time (what real servers send), RFC 3339
//! parsing for the list filters, and IMF-fixdate for `Date`, `Last-Modified`,
//! `If-Modified-Since` and `Retry-After`. Times are Unix seconds.

use std::fmt::Write as _;

pub const DAY: i64 = 86_400;
pub const HOUR: i64 = 3_600;

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m as i64 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// 0 = Sunday (1970-01-01 was a Thursday).
fn weekday(day: i64) -> i64 {
    (day + 4).rem_euclid(7)
}

/// The UTC offset of German local time at `t`, in seconds: summer time runs
/// from the last Sunday of March to the last Sunday of October, 01:00 UTC.
pub fn berlin_offset(t: i64) -> i64 {
    let (y, _, _) = civil_from_days(t.div_euclid(DAY));
    let last_sunday = |month: u32| {
        let d = days_from_civil(y, month, 31);
        d - weekday(d)
    };
    let start = last_sunday(3) * DAY + HOUR;
    let end = last_sunday(10) * DAY + HOUR;
    if (start..end).contains(&t) { 2 * HOUR } else { HOUR }
}

/// `2025-03-03T13:33:42+01:00`, in German local time.
pub fn write_rfc3339(out: &mut String, t: i64) {
    let off = berlin_offset(t);
    let local = t + off;
    let (y, m, d) = civil_from_days(local.div_euclid(DAY));
    let s = local.rem_euclid(DAY);
    let _ = write!(
        out,
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}+{:02}:00",
        s / HOUR,
        s % HOUR / 60,
        s % 60,
        off / HOUR
    );
}

pub fn rfc3339(t: i64) -> String {
    let mut s = String::with_capacity(25);
    write_rfc3339(&mut s, t);
    s
}

/// `2025-03-03` of the local day of `t`.
pub fn write_date(out: &mut String, t: i64) {
    let (y, m, d) = civil_from_days((t + berlin_offset(t)).div_euclid(DAY));
    let _ = write!(out, "{y:04}-{m:02}-{d:02}");
}

pub fn date(t: i64) -> String {
    let mut s = String::with_capacity(10);
    write_date(&mut s, t);
    s
}

/// A point in time with sub-second precision, for comparing filter values
/// (which may carry fractions) with whole-second stamps.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Instant {
    pub secs: i64,
    pub nanos: u32,
}

impl Instant {
    pub fn whole(secs: i64) -> Instant {
        Instant { secs, nanos: 0 }
    }
}

/// Parses an RFC 3339 date-time: `2014-01-01T00:00:00+01:00`, `…Z`, with or
/// without fractional seconds. A space where the offset's `+` belongs is
/// taken as `+`: that is what a `+` sent raw in a query string becomes in
/// servers that decode it as a form. Returns the instant and whether the
/// value had a fraction.
pub fn parse_rfc3339(s: &str) -> Option<(Instant, bool)> {
    let b = s.as_bytes();
    let num = |range: std::ops::Range<usize>| -> Option<i64> {
        let part = b.get(range)?;
        if part.is_empty() || !part.iter().all(u8::is_ascii_digit) {
            return None;
        }
        Some(part.iter().fold(0, |n, c| n * 10 + (c - b'0') as i64))
    };
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't') {
        return None;
    }
    if b[13] != b':' || b[16] != b':' {
        return None;
    }
    let (y, mo, d) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (h, mi, sec) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || sec > 60 {
        return None;
    }
    let mut i = 19;
    let mut nanos = 0u32;
    let mut fraction = false;
    if b[i] == b'.' {
        let start = i + 1;
        i = start;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == start {
            return None;
        }
        fraction = true;
        let digits = &b[start..i.min(start + 9)];
        nanos =
            digits.iter().fold(0u32, |n, c| n * 10 + (c - b'0') as u32) * 10u32.pow(9 - digits.len() as u32);
    }
    let offset = match b.get(i)? {
        b'Z' | b'z' if i + 1 == b.len() => 0,
        sign @ (b'+' | b'-' | b' ') if i + 6 == b.len() && b[i + 3] == b':' => {
            let o = num(i + 1..i + 3)? * HOUR + num(i + 4..i + 6)? * 60;
            if *sign == b'-' { -o } else { o }
        }
        _ => return None,
    };
    let days = days_from_civil(y, mo as u32, d as u32);
    let secs = days * DAY + h * HOUR + mi * 60 + sec - offset;
    Some((Instant { secs, nanos }, fraction))
}

const WEEKDAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS: [&str; 12] =
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/// IMF-fixdate: `Sun, 06 Nov 1994 08:49:37 GMT`.
pub fn http_date(t: i64) -> String {
    let day = t.div_euclid(DAY);
    let (y, m, d) = civil_from_days(day);
    let s = t.rem_euclid(DAY);
    format!(
        "{}, {d:02} {} {y:04} {:02}:{:02}:{:02} GMT",
        WEEKDAYS[weekday(day) as usize],
        MONTHS[m as usize - 1],
        s / HOUR,
        s % HOUR / 60,
        s % 60
    )
}

/// Parses IMF-fixdate only: the one form HTTP/1.1 senders must use.
pub fn parse_http_date(s: &str) -> Option<i64> {
    let mut parts = s.trim().split(' ');
    let _weekday = parts.next()?;
    let d: u32 = parts.next()?.parse().ok()?;
    let month = parts.next()?;
    let m = MONTHS.iter().position(|&x| x == month)? as u32 + 1;
    let y: i64 = parts.next()?.parse().ok()?;
    let mut hms = parts.next()?.split(':').map(|x| x.parse::<i64>().ok());
    let (h, mi, sec) = (hms.next()??, hms.next()??, hms.next()??);
    if parts.next()? != "GMT" || parts.next().is_some() {
        return None;
    }
    Some(days_from_civil(y, m, d) * DAY + h * HOUR + mi * 60 + sec)
}

/// The real clock, in whole seconds.
pub fn now_unix() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}
