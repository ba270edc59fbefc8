//! Upcoming sessions ("Termine"): from a day on, across all Gremien, in
//! date order, grouped by calendar week. The UI's Termine view and
//! `ratsinfo termine` show the same list.

use jiff::civil;
use jiff::tz::{self, TimeZone};

use crate::archive::Archive;
use crate::model::{Date, SitzungId};
use crate::strings as s;
use crate::tree::{Tree, sort_key};

static BERLIN: TimeZone = tz::get!("Europe/Berlin");

/// Today in Germany, where the councils meet.
pub fn today() -> Date {
    let now = BERLIN.to_datetime(jiff::Timestamp::now());
    civil_to_date(now.date()).unwrap_or(Date::new(2000, 1, 1).expect("a valid date"))
}

fn civil_to_date(d: civil::Date) -> Option<Date> {
    Date::new(u16::try_from(d.year()).ok()?, d.month() as u8, d.day() as u8)
}

fn to_civil(d: Date) -> Option<civil::Date> {
    civil::Date::new(i16::try_from(d.year).ok()?, d.month as i8, d.day as i8).ok()
}

/// The ISO week of a day: its year and number ("KW 5").
pub fn week(d: Date) -> Option<(i16, i8)> {
    let w = to_civil(d)?.iso_week_date();
    Some((w.year(), w.week()))
}

/// The weekday's short name.
pub fn weekday(d: Date) -> &'static str {
    use jiff::civil::Weekday::*;
    match to_civil(d).map(|c| c.weekday()) {
        Some(Monday) => s::MO.get(),
        Some(Tuesday) => s::DI.get(),
        Some(Wednesday) => s::MI.get(),
        Some(Thursday) => s::DO.get(),
        Some(Friday) => s::FR.get(),
        Some(Saturday) => s::SA.get(),
        Some(Sunday) => s::SO.get(),
        None => "",
    }
}

/// Which sessions to list.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// From this day on (inclusive).
    pub from: Option<Date>,
    /// Only Gremien whose name holds this, case and umlauts aside.
    pub gremium: Option<String>,
}

/// The sessions from `filter.from` on, by date and time; sessions called
/// off stay in the list (marked where shown), since a councillor wants to
/// know.
pub fn upcoming(a: &Archive, t: &Tree, filter: &Filter) -> Vec<SitzungId> {
    let gremium = filter.gremium.as_deref().map(sort_key);
    let mut list: Vec<SitzungId> = (0..a.sitzungen.len() as u32)
        .map(SitzungId)
        .filter(|&s| {
            let sz = a.sitzung(s);
            let from_ok = match (sz.datum, filter.from) {
                (Some(d), Some(from)) => d >= from,
                (Some(_), None) => true,
                (None, _) => false,
            };
            from_ok
                && gremium
                    .as_ref()
                    .is_none_or(|g| sort_key(&t.gremien[t.sitzung(s).gremium as usize].name).contains(g))
        })
        .collect();
    list.sort_by(|&x, &y| {
        let (x, y) = (a.sitzung(x), a.sitzung(y));
        (x.datum, x.beginn.as_str(), x.gremium.as_str()).cmp(&(
            y.datum,
            y.beginn.as_str(),
            y.gremium.as_str(),
        ))
    });
    list
}

/// A session as a line of the list: when, which Gremium, where, and how
/// far its agenda is published.
pub struct Zeile {
    pub datum: String,
    pub zeit: String,
    pub gremium: String,
    pub ort: String,
    pub tagesordnung: String,
    pub abgesagt: bool,
}

pub fn zeile(a: &Archive, t: &Tree, s: SitzungId) -> Zeile {
    let sz = a.sitzung(s);
    let datum = sz.datum.map(|d| format!("{} {}", weekday(d), d.german())).unwrap_or_default();
    let gremium = t.gremien[t.sitzung(s).gremium as usize].name.clone();
    let kurz = crate::document::sitzung_kurzname(sz);
    let gremium = if kurz.is_empty() { gremium } else { format!("{gremium} · {kurz}") };
    let ort = [sz.raum.as_str(), sz.ort.as_str()]
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    // Termine are coming sessions: counted as on their own day, so that one
    // without items says its agenda is not published yet.
    let tagesordnung = crate::document::tops(a, t, s, sz.datum, false);
    Zeile { datum, zeit: sz.beginn.to_string(), gremium, ort, tagesordnung, abgesagt: sz.abgesagt }
}

/// The heading of a calendar week: "KW 4 · 20.01.–26.01.2025".
pub fn week_heading(d: Date) -> String {
    let Some(c) = to_civil(d) else { return String::new() };
    let w = c.iso_week_date();
    let monday = w.first_of_week().ok().and_then(|w| civil_to_date(w.date()));
    let sunday = w.last_of_week().ok().and_then(|w| civil_to_date(w.date()));
    match (monday, sunday) {
        (Some(m), Some(su)) => format!("{} {} · {}–{}", s::KW, w.week(), &m.german()[..6], su.german()),
        _ => format!("{} {}", s::KW, w.week()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weeks_and_weekdays_are_german_iso() {
        let d = |y, m, d| Date::new(y, m, d).unwrap();
        assert_eq!(week(d(2025, 1, 21)), Some((2025, 4)));
        // The first days of 2027 belong to the last week of 2026.
        assert_eq!(week(d(2027, 1, 1)), Some((2026, 53)));
        assert_eq!(weekday(d(2025, 1, 21)), "Di");
        assert_eq!(weekday(d(2026, 11, 29)), "So");
        assert!(today().year >= 2024);
    }
}
