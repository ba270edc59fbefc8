//! What the source keeps apart stays apart (FORMAT.md, "Identity"): each
//! real pattern of issue 11, asserted as the user sees it — tree rows,
//! reader text, `check --json` counts, `show` — not only internal counts.
//! The real examples are in tests/fixtures/karlsruhe-quirks (see its README).

mod common;
mod isolated;

use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::Arc;

use common::{Harness, TempDir};
use ratsinfo::archive::Archive;
use ratsinfo::model::{Key, RecordId};
use ratsinfo::pipeline::{Progress, load_builtin, load_paths};
use ratsinfo::tree::Node;
use serde_json::Value;

const QUIRKS: &str = "tests/fixtures/karlsruhe-quirks";
const T: &str = "https://schema.oparl.org/1.1/";

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

fn load(paths: &[PathBuf]) -> Archive {
    load_paths(paths, &Arc::new(Progress::default()))
}

fn run(args: &[&str]) -> Output {
    isolated::ratsinfo().args(args).output().expect("running ratsinfo")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn check_json(path: &Path) -> Value {
    let o = run(&["check", "--json", path.to_str().unwrap()]);
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout(&o)))
}

/// The harness with `archive`, every node of the tree opened.
fn opened(archive: Archive, w: u16, h: u16) -> Harness {
    let mut h = Harness::with_archive(archive, w, h);
    let mut rounds = 0;
    // Expand from the bottom up until nothing more opens.
    loop {
        let before = h.app.tree.rows.len();
        for i in (0..h.app.tree.rows.len()).rev() {
            h.app.tree.list.selected = i;
            h.press("Right");
        }
        rounds += 1;
        if h.app.tree.rows.len() == before || rounds > 6 {
            break;
        }
    }
    h
}

/// The text of every tree row, uncut, with its open/closed marker.
fn all_rows(h: &mut Harness) -> Vec<String> {
    h.app.tree.rows.iter().map(|r| ratsinfo::ui::views::tree::row_text(&h.app, r)).collect()
}

/// The reader's text for `node`.
fn reader_text(h: &mut Harness, node: Node) -> String {
    h.app.reveal(node);
    h.pump();
    let d = h.app.data.as_ref().unwrap();
    let doc = ratsinfo::document::document(&d.archive, &d.tree, node);
    ratsinfo::wrap::plain(&ratsinfo::wrap::layout(&doc, 200))
}

#[test]
fn two_meetings_of_one_gremium_on_one_day_are_two_sessions() {
    let mut h = opened(load(&[fixture(QUIRKS)]), 120, 60);
    let rows = all_rows(&mut h);
    let wettersbach: Vec<&String> = rows.iter().filter(|r| r.contains("18.07.2024")).collect();
    assert_eq!(wettersbach.len(), 2, "{rows:#?}");
    // Told apart by time and name; the later first, as the newest is.
    assert!(wettersbach[0].contains("18.07.2024 20:30 · konstituierende Sitzung"), "{wettersbach:?}");
    assert!(wettersbach[1].contains("18.07.2024 19:00 · Verabschiedung"), "{wettersbach:?}");
    assert!(wettersbach[0].contains("15 TOPs") && wettersbach[1].contains("3 TOPs"), "{wettersbach:?}");
    // Each session's reader holds its own agenda, not both interleaved.
    let d = h.app.data.as_ref().unwrap();
    let sessions: Vec<Node> = (0..d.archive.sitzungen.len() as u32)
        .map(ratsinfo::model::SitzungId)
        .filter(|&s| d.archive.sitzung(s).gremium == "Ortschaftsrat Wettersbach")
        .map(Node::Sitzung)
        .collect();
    for node in sessions {
        let text = reader_text(&mut h, node);
        let tops = text.lines().filter(|l| l.trim_start().starts_with("Ö ")).count();
        assert!(tops == 3 || tops == 15, "{text}");
        assert!(!text.contains("Verabschiedung der aus") || tops == 3, "agendas interleaved:\n{text}");
    }
    // No warning: nothing conflicts.
    let j = check_json(&fixture(QUIRKS));
    assert_eq!(j["warnings"], Value::Array(vec![]), "{j:#}");
    assert_eq!(j["sitzungen"], 3, "{j:#}");
}

#[test]
fn agenda_items_with_one_top_and_title_keep_their_own_results() {
    let mut h = opened(load(&[fixture("tests/fixtures/karlsruhe-quirks/meetings/3843.json")]), 160, 100);
    let rows = all_rows(&mut h);
    let changes: Vec<&String> =
        rows.iter().filter(|r| r.contains("Ö 5 Änderungsantrag: Satzung über die Finanzierung")).collect();
    assert_eq!(changes.len(), 3, "{rows:#?}");
    let results: Vec<&str> =
        ["mehrheitlich beschlossen", "mehrheitlich abgelehnt", "Antrag ist erledigt"].to_vec();
    for (row, result) in changes.iter().zip(&results) {
        assert!(row.ends_with(result), "{row} should end with {result}");
    }
    let j = check_json(&fixture("tests/fixtures/karlsruhe-quirks/meetings/3843.json"));
    assert_eq!(j["items"], 72, "{j:#}");
    assert_eq!(j["auszuege"], 72, "{j:#}");
}

#[test]
fn two_papers_sharing_a_reference_are_both_kept_found_and_shown() {
    let path = fixture(QUIRKS);
    let o = run(&["show", "2019/1012", path.to_str().unwrap(), "--width", "100"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(
        out.contains("Daten aus vorbereitenden Untersuchungen von Sanierungsgebieten verwenden"),
        "{out}"
    );
    let numbers = out.lines().filter(|l| l.starts_with("Nummer") && l.ends_with(" 2019/1012")).count();
    assert_eq!(numbers, 2, "{out}");
    assert!(out.contains(&"─".repeat(100)), "the two are separated:\n{out}");

    let o = run(&["search", "2019/1012", path.to_str().unwrap()]);
    assert_eq!(stdout(&o).lines().filter(|l| l.starts_with("2019/1012")).count(), 2, "{}", stdout(&o));

    let j = check_json(&path);
    assert_eq!(j["vorlagen"], 2, "{j:#}");
    let notes: Vec<&str> =
        j["notes"].as_array().unwrap().iter().filter_map(|n| n["message"].as_str()).collect();
    assert_eq!(
        notes.iter().filter(|n| n.starts_with("2 Vorlagen tragen die Nummer 2019/1012")).count(),
        1,
        "{notes:#?}"
    );

    let mut h = opened(load(&[path]), 120, 60);
    let rows = all_rows(&mut h);
    let all = rows.iter().position(|r| r == "▾ Alle Vorlagen").unwrap();
    assert_eq!(rows[all..].iter().filter(|r| r.starts_with("2019/1012 ")).count(), 2, "{rows:#?}");
}

/// A paper with a planned consultation (`meeting: null`) and one whose
/// meeting is not loaded, of a Gremium the organization list lacks.
fn planned_papers() -> TempDir {
    let dir = TempDir::new("planned");
    dir.write(
        "org.json",
        format!(r#"{{"id": "https://x.example/org/1", "type": "{T}Organization", "name": "Bauausschuss"}}"#),
    );
    dir.write(
        "paper.json",
        format!(
            r#"{{"id": "https://x.example/paper/1", "type": "{T}Paper", "reference": "2026/0001",
            "name": "Neubau Schule", "consultation": [
              {{"id": "https://x.example/c/1", "meeting": null, "organization": ["https://x.example/org/1"], "role": "Entscheidung"}}]}}"#
        ),
    );
    dir
}

#[test]
fn a_consultation_without_a_meeting_is_no_session() {
    let dir = planned_papers();
    let j = check_json(dir.path());
    assert_eq!(j["sitzungen"], 0, "{j:#}");
    assert_eq!(j["items"], 0, "{j:#}");
    assert_eq!(j["beratungen_ohne_sitzung"], 1, "{j:#}");
    assert_eq!(j["warnings"], Value::Array(vec![]), "{j:#}");

    let mut h = opened(load(&[dir.path().to_path_buf()]), 100, 30);
    let rows = all_rows(&mut h);
    let ohne =
        rows.iter().position(|r| r.starts_with("▾ Ohne Sitzung")).unwrap_or_else(|| panic!("{rows:#?}"));
    assert!(rows[ohne - 1].contains("Bauausschuss"), "{rows:#?}");
    assert!(rows[ohne + 1].contains("Neubau Schule · noch nicht terminiert · 2026/0001"), "{rows:#?}");
    assert!(!rows.iter().any(|r| r.contains("ohne Datum")), "no undated pseudo-session: {rows:#?}");
    let o = run(&["show", "2026/0001", dir.path().to_str().unwrap()]);
    assert!(stdout(&o).contains("noch nicht terminiert  Bauausschuss · Entscheidung"), "{}", stdout(&o));
}

#[test]
fn a_gremium_missing_from_the_organization_list_is_named_by_its_meetings() {
    let j = check_json(&fixture(QUIRKS));
    let mut h = opened(load(&[fixture(QUIRKS)]), 100, 60);
    let rows = all_rows(&mut h);
    // Organization gr/34965 is not loaded; its meetings are "Ortschaftsrat
    // Wettersbach - …" and the 3843 one "Gemeinderat (…)".
    assert!(rows.iter().any(|r| r == "▾ Ortschaftsrat Wettersbach"), "{rows:#?}");
    assert!(rows.iter().any(|r| r == "▾ Gemeinderat"), "{rows:#?}");
    assert!(!rows.iter().any(|r| r.contains("34965") || r.contains("32130")), "{rows:#?}");
    assert_eq!(j["errors"], Value::Array(vec![]), "{j:#}");
}

fn paper_version(name: &str, modified: &str) -> String {
    format!(
        r#"{{"id": "https://x.example/paper/9", "type": "{T}Paper", "reference": "2026/0009",
        "name": "{name}", "modified": "{modified}"}}"#
    )
}

#[test]
fn one_object_in_two_files_is_one_record_and_the_later_modified_wins() {
    // The newer version in the earlier file: file order does not decide.
    let dir = TempDir::new("versions");
    dir.write("a.json", paper_version("Neuer Stand", "2025-03-03T13:33:55+01:00"));
    dir.write("b.json", paper_version("Alter Stand", "2024-01-01T10:00:00+01:00"));
    let j = check_json(dir.path());
    assert_eq!(j["vorlagen"], 1, "{j:#}");
    assert_eq!(
        j["warnings"],
        Value::Array(vec![]),
        "an old and a new download differ, as they should: {j:#}"
    );
    let o = run(&["show", "https://x.example/paper/9", dir.path().to_str().unwrap()]);
    assert!(stdout(&o).starts_with("Neuer Stand"), "{}", stdout(&o));

    // The same stamp and different content: that is a contradiction.
    let dir = TempDir::new("contradiction");
    dir.write("a.json", paper_version("Eins", "2025-03-03T13:33:55+01:00"));
    dir.write("b.json", paper_version("Zwei", "2025-03-03T12:33:55Z"));
    let j = check_json(dir.path());
    assert_eq!(j["vorlagen"], 1, "{j:#}");
    let warnings = j["warnings"].as_array().unwrap();
    assert_eq!(warnings.len(), 1, "{j:#}");
    assert!(warnings[0]["file"].as_str().unwrap().ends_with("b.json"), "{j:#}");
    // The same object twice, alike: nothing to say.
    let dir = TempDir::new("alike");
    dir.write("a.json", paper_version("Eins", "2025-03-03T13:33:55+01:00"));
    dir.write("b.json", format!("[{}]", paper_version("Eins", "2025-03-03T13:33:55+01:00")));
    let j = check_json(dir.path());
    assert_eq!((j["vorlagen"].as_u64(), j["warnings"].as_array().map(Vec::len)), (Some(1), Some(0)), "{j:#}");
}

#[test]
fn show_prints_a_meetings_documents_and_an_agenda_items_result_by_id() {
    let path = fixture(QUIRKS);
    let o =
        run(&["show", "https://web1.karlsruhe.de/oparl/bodies/0001/meetings/9908", path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    for expected in [
        "Ortschaftsrat Wettersbach - Verabschiedung",
        "Dokumente",
        "Einladung",
        "Tagesordnung",
        "00659282.pdf",
    ] {
        assert!(out.contains(expected), "{expected}:\n{out}");
    }
    let item = "https://web1.karlsruhe.de/oparl/bodies/0001/agendaitems/90937";
    let meeting =
        std::fs::read_to_string(fixture("tests/fixtures/karlsruhe-quirks/meetings/9961.json")).unwrap();
    let v: Value = serde_json::from_str(&meeting).unwrap();
    let first = &v["agendaItem"][0];
    let (id, result) = (first["id"].as_str().unwrap_or(item), first["result"].as_str().unwrap());
    let o = run(&["show", id, path.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let out = stdout(&o);
    assert!(out.contains(&format!("Beschlussart  {result}")), "{out}");
    // And by the key ratsinfo writes.
    let o = run(&["show", &format!("oparl|{id}"), path.to_str().unwrap()]);
    assert_eq!(stdout(&o), out);
}

/// Keys survive a reload with more or fewer files, and lead home.
#[test]
fn keys_are_stable_and_lead_home() {
    let herne = load(&[fixture("sample-data/herne.json")]);
    let both = load_builtin(&Arc::new(Progress::default()));
    let keys = |a: &Archive| -> Vec<(Key, RecordId)> {
        let mut all: Vec<RecordId> = Vec::new();
        all.extend((0..a.vorlagen.len() as u32).map(|i| RecordId::Vorlage(ratsinfo::model::VorlageId(i))));
        all.extend((0..a.sitzungen.len() as u32).map(|i| RecordId::Sitzung(ratsinfo::model::SitzungId(i))));
        all.extend((0..a.auszuege.len() as u32).map(|i| RecordId::Auszug(ratsinfo::model::AuszugId(i))));
        all.into_iter().map(|r| (a.key(r), r)).collect()
    };
    let (small, large) = (keys(&herne), keys(&both));
    // Every key is unique, reads back from its written form, and finds its
    // record.
    for (a, list) in [(&herne, &small), (&both, &large)] {
        let written: std::collections::HashSet<String> = list.iter().map(|(k, _)| k.to_string()).collect();
        assert_eq!(written.len(), list.len());
        for (k, r) in list {
            assert_eq!(k.to_string().parse::<Key>().as_ref(), Ok(k));
            assert_eq!(a.find(k), Some(*r), "{k}");
        }
    }
    // Herne's records have the same keys with Karlsruhe loaded beside.
    let large: std::collections::HashSet<String> = large.iter().map(|(k, _)| k.to_string()).collect();
    for (k, _) in &small {
        assert!(large.contains(&k.to_string()), "{k} changed with more files");
    }
    assert!(small.iter().any(|(k, _)| k.to_string() == "vorlage|Stadt Herne|2021/0832"));
}

#[test]
fn export_auszuege_with_their_own_id_stay_apart_and_sessions_keep_their_time() {
    let dir = TempDir::new("export-ids");
    dir.write(
        "a.json",
        r#"{"koerperschaft": "Stadt X", "auszuege": [
          {"id": "a-1", "gremium": "Rat", "datum": "2025-01-21", "beginn": "19:00", "top": "Ö 1", "titel": "Antrag", "beschlussart": "beschlossen"},
          {"id": "a-2", "gremium": "Rat", "datum": "2025-01-21", "beginn": "19:00", "top": "Ö 1", "titel": "Antrag", "beschlussart": "abgelehnt"},
          {"gremium": "Rat", "datum": "2025-01-21", "beginn": "20:30", "top": "Ö 1", "titel": "Konstituierung"}]}"#,
    );
    dir.write(
        "b.json",
        r#"{"koerperschaft": "Stadt X", "auszuege": [
          {"id": "a-2", "gremium": "Rat", "datum": "2025-01-21", "beginn": "19:00", "top": "Ö 1", "titel": "Antrag", "raum": "Saal"}]}"#,
    );
    let j = check_json(dir.path());
    assert_eq!((j["auszuege"].as_u64(), j["sitzungen"].as_u64()), (Some(3), Some(2)), "{j:#}");
    assert_eq!(j["warnings"], Value::Array(vec![]), "{j:#}");
    let mut h = opened(load(&[dir.path().to_path_buf()]), 100, 30);
    let rows = all_rows(&mut h);
    assert!(rows.iter().any(|r| r.contains("21.01.2025 20:30") && r.contains("1 TOP")), "{rows:#?}");
    assert_eq!(rows.iter().filter(|r| r.contains("Ö 1 Antrag")).count(), 2, "{rows:#?}");
}
