//! Points in time as OParl and HTTP write them, as Unix seconds.

use std::time::{SystemTime, UNIX_EPOCH};

/// The local clock, in Unix seconds. Only a fallback: the server's `Date`
/// is the clock that `modified` stamps are compared with.
pub fn now() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
}

/// RFC 3339 with whole seconds in UTC (`2025-03-03T11:00:00Z`): what the
/// filters of a list are sent as. Whole seconds, since some servers reject
/// fractions; `Z` rather than an offset, since a raw `+` reads as a blank
/// to form decoders and a percent-encoded one is rejected by others.
pub fn rfc3339(secs: i64) -> String {
    match jiff::Timestamp::from_second(secs) {
        Ok(t) => t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string(),
        Err(_) => "1970-01-01T00:00:00Z".to_owned(),
    }
}

/// An RFC 3339 stamp (`modified`) in Unix seconds; fractions are cut.
/// A stamp without an offset is read as UTC.
pub fn parse_rfc3339(s: &str) -> Option<i64> {
    let s = s.trim();
    if let Ok(t) = s.parse::<jiff::Timestamp>() {
        return Some(t.as_second());
    }
    let dt = s.parse::<jiff::civil::DateTime>().ok()?;
    jiff::tz::Offset::UTC.to_timestamp(dt).ok().map(|t| t.as_second())
}

/// A date (`YYYY-MM-DD`) or a stamp, as the first second of that day in
/// UTC or the stamp itself.
pub fn parse_date_or_stamp(s: &str) -> Option<i64> {
    if let Some(t) = parse_rfc3339(s) {
        return Some(t);
    }
    let d = s.trim().get(..10)?.parse::<jiff::civil::Date>().ok()?;
    jiff::tz::Offset::UTC
        .to_timestamp(d.to_datetime(jiff::civil::Time::midnight()))
        .ok()
        .map(|t| t.as_second())
}

/// An HTTP date (`Date`, `Retry-After`, `Last-Modified`): the IMF-fixdate
/// of RFC 9110 (`Sun, 06 Nov 1994 08:49:37 GMT`) and the RFC 2822 forms.
pub fn parse_http_date(s: &str) -> Option<i64> {
    jiff::fmt::rfc2822::DateTimeParser::new().parse_timestamp(s.trim()).ok().map(|t| t.as_second())
}

/// `YYYY-MM-DD HH:MM` in UTC, for messages.
pub fn human(secs: i64) -> String {
    match jiff::Timestamp::from_second(secs) {
        Ok(t) => t.strftime("%Y-%m-%d %H:%M UTC").to_string(),
        Err(_) => secs.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps_round_trip_in_whole_seconds() {
        let t = 1_741_003_200;
        assert_eq!(rfc3339(t), "2025-03-03T12:00:00Z");
        assert_eq!(parse_rfc3339("2025-03-03T13:00:00+01:00"), Some(t));
        assert_eq!(parse_rfc3339("2025-03-03T13:00:00.750+01:00"), Some(t));
        assert_eq!(parse_rfc3339("2025-03-03T12:00:00"), Some(t));
        assert_eq!(parse_rfc3339("N/A"), None);
        assert_eq!(parse_rfc3339(""), None);
        assert_eq!(parse_date_or_stamp("2025-03-03"), Some(t - 12 * 3600));
    }

    #[test]
    fn http_dates() {
        assert_eq!(parse_http_date("Mon, 03 Mar 2025 12:00:00 GMT"), Some(1_741_003_200));
        assert_eq!(parse_http_date("gestern"), None);
    }
}
