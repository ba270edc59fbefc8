//! Sessions as an iCalendar file (RFC 5545), one event per session, so that
//! a councillor can subscribe to a Gremium's dates in a calendar.
//!
//! Written by hand: the format needs escaping, line folding and one fixed
//! time zone block, about eighty lines; the iCalendar crates bring their own
//! date library (chrono) beside the one this program uses. The tests read
//! the output with such a crate's parser.

use std::fmt::Write as _;

use crate::archive::Archive;
use crate::document::item_summary;
use crate::model::{Date, RecordId, SitzungId};
use crate::tree::Tree;

/// Europe/Berlin since 1996: summer time from the last Sunday of March to
/// the last Sunday of October.
const VTIMEZONE: &str = "BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\nBEGIN:DAYLIGHT\r\nTZOFFSETFROM:+0100\r\n\
TZOFFSETTO:+0200\r\nTZNAME:CEST\r\nDTSTART:19700329T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n\
END:DAYLIGHT\r\nBEGIN:STANDARD\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET\r\n\
DTSTART:19701025T030000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n";

/// Text escaped for a property value: `\`, `;`, `,` and line breaks.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | ';' | ',' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("\\n"),
            '\r' => {}
            _ => out.push(c),
        }
    }
    out
}

/// One content line, folded after 75 octets (never inside a character),
/// ended by CRLF.
fn line(out: &mut String, content: &str) {
    let mut width = 0;
    for c in content.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

/// `HH:MM` as `HHMM00`, if it is a time.
fn time(hhmm: &str) -> Option<String> {
    let (h, m) = hhmm.split_once(':')?;
    (h.len() == 2 && m.len() == 2 && h.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()))
        .then(|| format!("{h}{m}00"))
}

fn day(d: Date) -> String {
    format!("{:04}{:02}{:02}", d.year, d.month, d.day)
}

/// The calendar of `sessions`; `stamp` is the time of writing as UTC
/// (`YYYYMMDDTHHMMSSZ`).
pub fn calendar(a: &Archive, t: &Tree, sessions: &[SitzungId], stamp: &str) -> String {
    let mut out = String::new();
    for l in ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//ratsinfo//Sitzungen//DE", "CALSCALE:GREGORIAN"] {
        line(&mut out, l);
    }
    line(&mut out, "X-WR-TIMEZONE:Europe/Berlin");
    out.push_str(VTIMEZONE);
    for &s in sessions {
        event(&mut out, a, t, s, stamp);
    }
    line(&mut out, "END:VCALENDAR");
    out
}

fn event(out: &mut String, a: &Archive, t: &Tree, s: SitzungId, stamp: &str) {
    let sz = a.sitzung(s);
    let Some(datum) = sz.datum else { return };
    let gremium = &t.gremien[t.sitzung(s).gremium as usize].name;
    line(out, "BEGIN:VEVENT");
    line(out, &format!("UID:{}", escape(&a.key(RecordId::Sitzung(s)).to_string())));
    line(out, &format!("DTSTAMP:{stamp}"));
    match time(&sz.beginn) {
        Some(start) => {
            line(out, &format!("DTSTART;TZID=Europe/Berlin:{}T{start}", day(datum)));
            if let Some(end) = time(&sz.ende) {
                line(out, &format!("DTEND;TZID=Europe/Berlin:{}T{end}", day(datum)));
            }
        }
        None => line(out, &format!("DTSTART;VALUE=DATE:{}", day(datum))),
    }
    let summary = if sz.name.is_empty() { gremium.as_str() } else { sz.name.as_str() };
    line(out, &format!("SUMMARY:{}", escape(summary)));
    let place = [sz.raum.as_str(), sz.ort.as_str()].into_iter().filter(|p| !p.is_empty()).collect::<Vec<_>>();
    if !place.is_empty() {
        line(out, &format!("LOCATION:{}", escape(&place.join(", "))));
    }
    let mut agenda = String::new();
    for &i in &t.sitzung(s).items {
        let (top, nummer, title, _) = item_summary(a, t, i);
        let parts: Vec<&str> =
            [top.as_str(), nummer.as_str(), title.as_str()].into_iter().filter(|p| !p.is_empty()).collect();
        let _ = writeln!(agenda, "{}", parts.join(" "));
    }
    let description = if agenda.is_empty() {
        crate::strings::KEINE_TAGESORDNUNG.to_owned()
    } else {
        format!("{}:\n{}", crate::strings::TAGESORDNUNG, agenda.trim_end())
    };
    line(out, &format!("DESCRIPTION:{}", escape(&description)));
    if !sz.url.is_empty() {
        line(out, &format!("URL:{}", sz.url));
    }
    if sz.abgesagt {
        line(out, "STATUS:CANCELLED");
    }
    line(out, "END:VEVENT");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_escaped_and_lines_folded_between_characters() {
        assert_eq!(escape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
        let mut out = String::new();
        line(&mut out, &format!("SUMMARY:{}", "Ä".repeat(60)));
        for l in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{l}");
        }
        let unfolded = out.replace("\r\n ", "");
        assert_eq!(unfolded, format!("SUMMARY:{}\r\n", "Ä".repeat(60)));
        assert_eq!(time("09:05"), Some("090500".into()));
        assert_eq!(time("9:5"), None);
    }
}
