//! `ratsinfo termine`: the coming sessions by calendar week, and as an
//! iCalendar file that a calendar program reads.

mod common;

use std::process::{Command, Output};

use common::TempDir;
use icalendar::parser::{read_calendar, unfold};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ratsinfo")).args(args).output().expect("running ratsinfo")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Three sessions: two in one week (one without a published agenda), one
/// the week after, one long past.
fn archive(test: &str) -> TempDir {
    let dir = TempDir::new(test);
    dir.write(
        "a.json",
        r#"{"koerperschaft": "Stadt X", "auszuege": [
          {"gremium": "Rat der Stadt", "datum": "2026-12-01", "beginn": "17:00", "ende": "19:30",
           "top": "Ö 1", "titel": "Haushalt 2027, Teil; A", "vorlage": "2026/0001", "raum": "Ratssaal", "ort": "Rathaus"},
          {"gremium": "Rat der Stadt", "datum": "2026-12-08", "beginn": "17:00", "top": "Ö 1", "titel": "Bericht"},
          {"gremium": "Rat der Stadt", "datum": "2020-01-01", "top": "Ö 1", "titel": "Alt"}],
          "vorlagen": [{"nummer": "2026/0002", "betreff": "Radweg",
            "beratungsfolge": [{"gremium": "Bauausschuss", "datum": "2026-12-03"}]}]}"#,
    );
    dir
}

#[test]
fn termine_lists_the_coming_sessions_by_week() {
    let dir = archive("termine-text");
    let o = run(&["termine", "--from", "2026-11-30", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "KW 49 · 30.11.–06.12.2026", "{out}");
    assert!(
        lines[1].starts_with("  Di 01.12.2026 17:00  Rat der Stadt · Ratssaal, Rathaus · 1 TOP"),
        "{out}"
    );
    assert!(lines[2].starts_with("  Do 03.12.2026"), "{out}");
    assert!(lines[2].contains("Bauausschuss · 1 TOP"), "{out}");
    assert_eq!(lines[3], "");
    assert_eq!(lines[4], "KW 50 · 07.12.–13.12.2026");
    assert!(!out.contains("2020"), "past sessions are not listed:\n{out}");

    let o = run(&["termine", "--from", "2026-11-30", "--gremium", "bauaus", dir.path().to_str().unwrap()]);
    let out = stdout(&o);
    assert!(out.contains("Bauausschuss") && !out.contains("Rat der Stadt"), "{out}");

    let o = run(&["termine", "--from", "2030-01-01", dir.path().to_str().unwrap()]);
    assert_eq!(stdout(&o).trim(), "Keine Sitzungen ab 01.01.2030.");

    let o = run(&["termine", "--from", "gestern", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn termine_ics_is_an_icalendar_file_a_calendar_reads() {
    let dir = archive("termine-ics");
    let o = run(&["termine", "--from", "2026-11-30", "--ics", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    let text = stdout(&o);
    // CRLF line ends, no line longer than 75 octets.
    assert!(text.ends_with("END:VCALENDAR\r\n"));
    for l in text.split("\r\n") {
        assert!(l.len() <= 75, "{l:?}");
        assert!(!l.contains('\n'), "bare LF in {l:?}");
    }
    let unfolded = unfold(&text);
    let cal = read_calendar(&unfolded).expect("parses as iCalendar");
    let events: Vec<_> = cal.components.iter().filter(|c| c.name == "VEVENT").collect();
    assert_eq!(events.len(), 3);
    let prop = |e: &icalendar::parser::Component, name: &str| -> String {
        e.properties.iter().find(|p| p.name == name).map(|p| p.val.to_string()).unwrap_or_default()
    };
    let rat = events.iter().find(|e| prop(e, "DTSTART") == "20261201T170000").expect("the Rat's session");
    assert_eq!(prop(rat, "DTEND"), "20261201T193000");
    assert_eq!(prop(rat, "SUMMARY"), "Rat der Stadt");
    assert_eq!(prop(rat, "LOCATION"), "Ratssaal, Rathaus");
    assert!(
        prop(rat, "DESCRIPTION").contains("Ö 1 2026/0001 Haushalt 2027, Teil; A"),
        "{}",
        prop(rat, "DESCRIPTION")
    );
    let tzid = rat.properties.iter().find(|p| p.name == "DTSTART").unwrap();
    assert!(
        tzid.params
            .iter()
            .any(|p| p.key == "TZID" && p.val.as_ref().map(|v| v.as_str()) == Some("Europe/Berlin"))
    );
    // A session without a time is an all-day event; UIDs are the keys.
    let bau = events.iter().find(|e| prop(e, "SUMMARY") == "Bauausschuss").unwrap();
    assert_eq!(prop(bau, "DTSTART"), "20261203");
    let uids: std::collections::HashSet<String> = events.iter().map(|e| prop(e, "UID")).collect();
    assert_eq!(uids.len(), 3);
    assert!(cal.components.iter().any(|c| c.name == "VTIMEZONE"));
}
