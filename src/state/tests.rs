//! The state store's promises, each against a real file in a temporary
//! directory: nothing here touches the user's own directories.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::*;
use crate::model::{RecordId, VorlageId};
use crate::pipeline::{Progress, Source, finish};
use crate::tree::Node;

/// A unique, empty temporary directory, removed when dropped.
pub(crate) struct Temp(pub PathBuf);

impl Temp {
    pub(crate) fn new(test: &str) -> Temp {
        let dir = std::env::temp_dir().join(format!("ratsinfo-unit-{}-{test}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Temp(dir)
    }

    fn file(&self) -> PathBuf {
        self.0.join("data/state.sqlite")
    }
}

impl Drop for Temp {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn sample() -> Data {
    Data::new(Source::new(vec![]).load(&Arc::new(Progress::default())))
}

fn from_json(json: &str) -> Data {
    let batch = crate::load::parse_bytes("t.json", json.as_bytes());
    assert!(batch.problems.is_empty(), "{:?}", batch.problems);
    Data::new(finish(vec![batch], Vec::new()))
}

fn vorlage(d: &Data, nummer: &str) -> Node {
    Node::Vorlage(d.archive.find_nummer(nummer).next().unwrap_or_else(|| panic!("{nummer} not loaded")))
}

/// The first agenda item of the Vorlage `nummer`.
fn item(d: &Data, nummer: &str) -> Node {
    let Node::Vorlage(v) = vorlage(d, nummer) else { unreachable!() };
    Node::Item(d.tree.items_of(v)[0])
}

fn bytes(p: &Path) -> Vec<u8> {
    std::fs::read(p).unwrap()
}

#[test]
fn marks_merkliste_and_notes_survive_a_restart() {
    let tmp = Temp::new("restart");
    let d = sample();
    let (it, v) = (item(&d, "2021/0832"), vorlage(&d, "2022/0072"));
    {
        let mut st = State::open_at(&tmp.file());
        assert_eq!(st.problem(), None);
        assert_eq!(st.access(), Access::Saved);
        st.attach(&d);
        assert!(!st.view().is_read(&d.tree, it));
        assert!(st.toggle_read(&d, it).unwrap());
        assert!(st.toggle_merk(&d, v).unwrap());
        st.set_note(&d, it, "Fraktion: zustimmen\n  – mit Änderung\u{1b}[31m").unwrap();
        // Marked through the item, read as its Vorlage wherever it shows.
        assert!(st.view().is_read(&d.tree, vorlage(&d, "2021/0832")));
    }
    let mut st = State::open_at(&tmp.file());
    st.attach(&d);
    let view = st.view();
    assert!(view.is_read(&d.tree, it));
    assert!(!view.is_read(&d.tree, v));
    assert!(view.is_merk(&d.tree, v));
    let note = view.note(&d.tree, it).expect("the note");
    // Kept as typed, but nothing that acts on a terminal.
    assert_eq!(note.text, "Fraktion: zustimmen\n  – mit Änderung␛[31m");
    let list = view.merkliste(&d);
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].key, "vorlage|Stadt Herne|2022/0072");
    assert_eq!(list[0].label.nummer, "2022/0072");
    // A session counts its items read.
    let Node::Item(i) = it else { unreachable!() };
    let si = d.tree.items[i as usize].sitzung.unwrap();
    assert_eq!(view.sitzung_read(&d.tree, si), (1, d.tree.sitzung(si).items.len()));
    let g = d.tree.items[i as usize].gremium;
    let total = d.tree.items.iter().filter(|x| x.gremium == g).count();
    assert_eq!(view.gremium_unread(&d.tree, g), total - 1);
    // Unmarked: counts go back.
    assert!(!st.toggle_read(&d, it).unwrap());
    assert_eq!(st.view().sitzung_read(&d.tree, si).0, 0);
    assert_eq!(st.view().gremium_unread(&d.tree, g), total);
    // Counted once, then kept up to date both ways.
    assert!(st.toggle_read(&d, it).unwrap());
    assert_eq!(st.view().sitzung_read(&d.tree, si).0, 1);
    assert_eq!(st.view().gremium_unread(&d.tree, g), total - 1);
}

#[test]
fn every_kind_of_record_is_found_again_by_its_key() {
    let d = sample();
    let mut r = Resolver::new(&d);
    let mut targets: Vec<Target> = Vec::new();
    targets.extend(
        (0..d.archive.vorlagen.len() as u32).map(|v| Target::Record(RecordId::Vorlage(VorlageId(v)))),
    );
    targets.extend(
        (0..d.archive.sitzungen.len() as u32)
            .map(|s| Target::Record(RecordId::Sitzung(crate::model::SitzungId(s)))),
    );
    targets.extend(
        (0..d.archive.auszuege.len() as u32)
            .map(|a| Target::Record(RecordId::Auszug(crate::model::AuszugId(a)))),
    );
    targets.extend((0..d.tree.gremien.len() as u32).map(Target::Gremium));
    assert!(targets.len() > 40, "{}", targets.len());
    for t in targets {
        let key = t.key(&d);
        assert!(valid_key(&key), "{key}");
        assert_eq!(r.find(&d, &key), Some(t), "{key}");
    }
    assert_eq!(r.find(&d, "vorlage|Stadt Herne|1999/0001"), None);
    assert_eq!(r.find(&d, "gremium|Stadt Herne|Kein Gremium"), None);
    assert_eq!(r.find(&d, "kaputt"), None);
}

#[test]
fn a_note_on_a_record_not_loaded_is_kept_and_listed() {
    let tmp = Temp::new("unloaded");
    let d = sample();
    {
        let mut st = State::open_at(&tmp.file());
        st.attach(&d);
        st.set_note(&d, vorlage(&d, "2021/0832"), "wichtig").unwrap();
        st.set_merk(&d, vorlage(&d, "2021/0832"), true).unwrap();
    }
    // Another archive, without Herne.
    let other = from_json(
        r#"{"format": "ratsinfo-export/1", "koerperschaft": "Stadt Test",
        "vorlagen": [{"nummer": "2024/0001", "betreff": "Anderes"}]}"#,
    );
    let mut st = State::open_at(&tmp.file());
    st.attach(&other);
    let unloaded: Vec<_> = st.view().unloaded().collect();
    assert_eq!(unloaded.len(), 1);
    assert_eq!(unloaded[0].key, "vorlage|Stadt Herne|2021/0832");
    assert_eq!(
        unloaded[0].label.line(),
        "2021/0832 Antrag: Prüfauftrag zur Umsetzung der Doppelstrategie \"Chancen bieten - Grenzen setzen\""
    );
    assert_eq!(unloaded[0].note.as_ref().map(|n| n.text.as_str()), Some("wichtig"));
    let list = st.view().merkliste(&other);
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].target, None);
    // A write on the other archive does not touch it.
    st.set_read(&other, vorlage(&other, "2024/0001"), true).unwrap();
    drop(st);
    let mut st = State::open_at(&tmp.file());
    st.attach(&d);
    assert_eq!(st.view().note(&d.tree, vorlage(&d, "2021/0832")).map(|n| n.text.as_str()), Some("wichtig"));
}

#[test]
fn two_connections_write_at_once_and_see_each_other() {
    let tmp = Temp::new("two");
    let d = sample();
    let mut a = State::open_at(&tmp.file());
    let mut b = State::open_at(&tmp.file());
    a.attach(&d);
    b.attach(&d);
    assert!(!b.refresh_if_changed(&d).unwrap(), "nothing written yet");
    let (x, y) = (vorlage(&d, "2021/0832"), vorlage(&d, "2022/0072"));
    a.set_read(&d, x, true).unwrap();
    b.set_note(&d, x, "von B").unwrap();
    b.set_merk(&d, y, true).unwrap();
    // Each sees the other's write after a refresh, and keeps its own.
    assert!(a.refresh_if_changed(&d).unwrap());
    assert!(b.refresh_if_changed(&d).unwrap());
    for st in [&a, &b] {
        assert!(st.view().is_read(&d.tree, x));
        assert_eq!(st.view().note(&d.tree, x).map(|n| n.text.as_str()), Some("von B"));
        assert!(st.view().is_merk(&d.tree, y));
    }
    // Nothing new: one pragma, no change.
    assert!(!a.refresh_if_changed(&d).unwrap());
    // Own writes are not "changes elsewhere".
    a.set_read(&d, y, true).unwrap();
    assert!(!a.refresh_if_changed(&d).unwrap());
}

#[test]
fn a_damaged_store_is_reported_left_alone_and_the_state_works_in_memory() {
    let tmp = Temp::new("damaged");
    let d = sample();
    let file = tmp.file();
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    let garbage: Vec<u8> = (0..20_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8).collect();
    std::fs::write(&file, &garbage).unwrap();
    let mut st = State::open_at(&file);
    let problem = st.problem().expect("a message").to_owned();
    assert!(problem.contains("beschädigt") && problem.contains("state.sqlite"), "{problem}");
    assert_eq!(st.access(), Access::Session);
    st.attach(&d);
    st.set_read(&d, vorlage(&d, "2021/0832"), true).unwrap();
    assert!(st.view().is_read(&d.tree, vorlage(&d, "2021/0832")));
    drop(st);
    assert_eq!(bytes(&file), garbage, "the damaged file is never written");
    assert!(!file.with_extension("sqlite-wal").exists());
}

#[test]
fn a_store_damaged_inside_is_found_when_read_and_left_alone() {
    let tmp = Temp::new("damaged-inside");
    let d = sample();
    let file = tmp.file();
    {
        let mut st = State::open_at(&file);
        st.attach(&d);
        for i in 0..3000 {
            st.set_note_by_key(&format!("vorlage|Stadt X|{i}"), &Label::default(), &"Notiz ".repeat(20))
                .unwrap();
        }
    }
    // Scribble over the pages in the middle; the header stays.
    let mut b = bytes(&file);
    let mid = b.len() / 2;
    for (i, x) in b[mid..mid + 8192].iter_mut().enumerate() {
        *x = (i * 7 % 251) as u8;
    }
    std::fs::write(&file, &b).unwrap();
    let mut st = State::open_at(&file);
    st.attach(&d);
    let problem = st.problem().expect("found damaged when read").to_owned();
    assert!(problem.contains("beschädigt"), "{problem}");
    st.set_read(&d, vorlage(&d, "2021/0832"), true).unwrap();
    drop(st);
    assert_eq!(bytes(&file), b, "never written");
}

#[test]
fn a_store_of_a_newer_version_is_shown_but_not_changed() {
    let tmp = Temp::new("newer");
    let d = sample();
    let file = tmp.file();
    {
        let mut st = State::open_at(&file);
        st.attach(&d);
        st.set_note(&d, vorlage(&d, "2021/0832"), "aus der Zukunft").unwrap();
    }
    {
        let conn = rusqlite::Connection::open(&file).unwrap();
        conn.execute_batch("PRAGMA user_version = 99; ALTER TABLE entry ADD COLUMN farbe TEXT;").unwrap();
        conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)").unwrap();
    }
    let before = bytes(&file);
    let mut st = State::open_at(&file);
    let problem = st.problem().expect("a message").to_owned();
    assert!(problem.contains("neueren ratsinfo-Version") && problem.contains("99"), "{problem}");
    st.attach(&d);
    // What could be read is shown.
    assert_eq!(
        st.view().note(&d.tree, vorlage(&d, "2021/0832")).map(|n| n.text.as_str()),
        Some("aus der Zukunft")
    );
    st.set_read(&d, vorlage(&d, "2022/0072"), true).unwrap();
    drop(st);
    assert_eq!(bytes(&file), before);
}

#[test]
fn a_foreign_database_is_not_taken_over() {
    let tmp = Temp::new("foreign");
    let file = tmp.file();
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    rusqlite::Connection::open(&file).unwrap().execute_batch("CREATE TABLE fotos (x)").unwrap();
    let before = bytes(&file);
    let st = State::open_at(&file);
    assert!(st.problem().unwrap().contains("keine Zustandsdatei"));
    drop(st);
    assert_eq!(bytes(&file), before);
}

#[test]
fn the_schema_version_is_stored_and_an_empty_file_becomes_a_store() {
    let tmp = Temp::new("version");
    let file = tmp.file();
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(&file, b"").unwrap();
    let st = State::open_at(&file);
    assert_eq!(st.problem(), None);
    drop(st);
    let conn = rusqlite::Connection::open(&file).unwrap();
    let v: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(v, SCHEMA_VERSION);
    let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(mode, "wal");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let tmp = Temp::new("perms");
        drop(State::open_at(&tmp.file()));
        let mode = std::fs::metadata(tmp.file()).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "only the user reads the notes: {mode:o}");
    }
}

#[test]
fn export_and_import_round_trip_and_merge() {
    let tmp = Temp::new("transfer");
    let d = sample();
    let mut a = State::open_at(&tmp.0.join("a.sqlite"));
    a.attach(&d);
    a.set_read(&d, item(&d, "2021/0832"), true).unwrap();
    a.set_merk(&d, vorlage(&d, "2022/0072"), true).unwrap();
    a.set_note(&d, vorlage(&d, "2022/0072"), "Notiz A").unwrap();
    let file = export(a.store()).unwrap();
    assert_eq!(file.format, STATE_FORMAT);
    let json = serde_json::to_string_pretty(&file).unwrap();
    assert!(json.contains("\"key\": \"vorlage|Stadt Herne|2022/0072\""), "{json}");
    assert!(json.contains("\"nummer\": \"2022/0072\""), "{json}");
    let back: ExportFile = serde_json::from_str(&json).unwrap();

    // Into an empty store: the same entries.
    let mut b = State::open_at(&tmp.0.join("b.sqlite"));
    let report = import(b.store_mut(), &back).unwrap();
    assert_eq!((report.entries, report.read, report.merk, report.notes, report.invalid), (2, 1, 1, 1, 0));
    let strip = |v: Vec<Entry>| v.into_iter().map(|e| Entry { rev: 0, seen: None, ..e }).collect::<Vec<_>>();
    assert_eq!(strip(b.store().entries(false).unwrap()), strip(a.store().entries(false).unwrap()));
    // Again: nothing changes.
    let again = import(b.store_mut(), &back).unwrap();
    assert_eq!((again.read, again.merk, again.notes, again.notes_kept), (0, 0, 0, 0));

    // Newer wins per field; nothing is removed.
    let key = "vorlage|Stadt Herne|2022/0072";
    let mut newer = back.clone();
    for e in &mut newer.eintraege {
        if e.key == key {
            e.notiz = Some("Notiz neu".into());
            e.notiz_geaendert = Some("2999-01-01T00:00:00Z".into());
            e.merkliste = None;
        }
    }
    let mut older = back.clone();
    for e in &mut older.eintraege {
        if e.key == key {
            e.notiz = Some("Notiz alt".into());
            e.notiz_geaendert = Some("2001-01-01T00:00:00Z".into());
        }
    }
    let r = import(b.store_mut(), &older).unwrap();
    assert_eq!((r.notes, r.notes_kept), (0, 1));
    let r = import(b.store_mut(), &newer).unwrap();
    assert_eq!((r.notes, r.notes_kept), (1, 0));
    let e = b.store().get(key).unwrap().unwrap();
    assert_eq!(e.note, "Notiz neu");
    assert!(e.merk.on, "a field the file leaves out is not removed");
    // A mark taken off here after it was set there stays off.
    b.attach(&d);
    b.set_read(&d, item(&d, "2021/0832"), false).unwrap();
    import(b.store_mut(), &back).unwrap();
    assert!(!b.store().get("vorlage|Stadt Herne|2021/0832").unwrap().unwrap().read.on);

    // Bad entries are counted and left out; a wrong format is refused.
    let mut bad = back.clone();
    bad.eintraege[0].key = "frei|x".into();
    bad.eintraege[1].gelesen = Some("gestern".into());
    let r = import(b.store_mut(), &bad).unwrap();
    assert_eq!(r.invalid, 2);
    bad.format = "anderes/1".into();
    assert!(import(b.store_mut(), &bad).unwrap_err().message().contains("anderes/1"));
}

#[test]
fn a_watched_vorlage_that_gains_a_beratung_is_new_until_seen() {
    let tmp = Temp::new("watched");
    let before = r#"{"format": "ratsinfo-export/1", "koerperschaft": "Stadt Test", "vorlagen": [
        {"nummer": "2024/0001", "betreff": "Radweg", "beratungsfolge": [
          {"gremium": "Bauausschuss", "datum": "2024-03-01", "rolle": "Vorberatung"}]},
        {"nummer": "2024/0002", "betreff": "Anderes"}]}"#;
    let after = r#"{"format": "ratsinfo-export/1", "koerperschaft": "Stadt Test", "vorlagen": [
        {"nummer": "2024/0001", "betreff": "Radweg", "beratungsfolge": [
          {"gremium": "Bauausschuss", "datum": "2024-03-01", "rolle": "Vorberatung", "ergebnis": "empfohlen"},
          {"gremium": "Rat der Stadt", "datum": "2024-04-01", "rolle": "Entscheidung"}]},
        {"nummer": "2024/0002", "betreff": "Anderes", "anlagen": [{"name": "Plan", "url": "https://x/p.pdf"}]}]}"#;
    let (d1, d2) = (from_json(before), from_json(after));
    {
        let mut st = State::open_at(&tmp.file());
        st.attach(&d1);
        st.set_merk(&d1, vorlage(&d1, "2024/0001"), true).unwrap();
        assert!(st.view().watched_changes().is_empty());
    }
    let mut st = State::open_at(&tmp.file());
    st.attach(&d2);
    let v = vorlage(&d2, "2024/0001");
    let Node::Vorlage(vid) = v else { unreachable!() };
    assert_eq!(
        st.view().watched_changes(),
        vec![(vid, Change { beratung: true, ergebnis: true, dokument: false })]
    );
    assert!(st.view().neu(&d2.tree, v).is_some());
    // Not watched: not new, though it gained a document.
    assert_eq!(st.view().neu(&d2.tree, vorlage(&d2, "2024/0002")), None);
    let list = st.view().merkliste(&d2);
    assert!(list[0].neu.is_some());
    st.acknowledge(&d2, v).unwrap();
    assert!(st.view().watched_changes().is_empty());
    drop(st);
    let mut st = State::open_at(&tmp.file());
    st.attach(&d2);
    assert!(st.view().watched_changes().is_empty(), "seen stays seen");
}
