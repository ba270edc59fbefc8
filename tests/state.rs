//! The state store's promises with the real binary: a killed process
//! loses nothing it had reported as saved, two processes at once lose
//! nothing of each other's, export and import move the state, a damaged
//! store is reported and left alone. Every run has its own HOME and XDG
//! directories: the user's own are never touched.

mod common;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use common::TempDir;
use ratsinfo::state::Store;

/// The binary with HOME and the XDG directories inside `home`.
fn ratsinfo(home: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_ratsinfo"));
    c.env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_CACHE_HOME", home.join("cache"));
    c
}

fn run(home: &Path, args: &[&str]) -> Output {
    ratsinfo(home).args(args).output().expect("running ratsinfo")
}

fn state_file(home: &Path) -> PathBuf {
    home.join("data/ratsinfo/state.sqlite")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// xorshift64*, seeded from the clock: each run kills at other moments;
/// the seed is in every failure message.
struct Rng(u64);

impl Rng {
    fn new() -> Rng {
        let t = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
        Rng(t.as_nanos() as u64 | 1)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n
    }
}

/// Starts `state stress`; returns the child and a thread collecting the
/// keys it printed (whole lines only).
fn stress(home: &Path, args: &[&str]) -> (std::process::Child, std::thread::JoinHandle<Vec<String>>) {
    let mut child = ratsinfo(home)
        .args(["state", "stress"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starting ratsinfo state stress");
    let stdout = child.stdout.take().expect("stdout");
    let reader = std::thread::spawn(move || {
        let mut r = BufReader::new(stdout);
        let mut keys = Vec::new();
        let mut line = Vec::new();
        while r.read_until(b'\n', &mut line).is_ok_and(|n| n > 0) {
            // A line cut by the kill was not reported.
            if line.ends_with(b"\n") {
                keys.push(text(&line[..line.len() - 1]));
            }
            line.clear();
        }
        keys
    });
    (child, reader)
}

#[test]
fn kill_9_at_any_moment_loses_nothing_that_was_reported_saved() {
    let tmp = TempDir::new("state-kill");
    let home = tmp.path();
    let mut rng = Rng::new();
    let seed = rng.0;
    let mut reported: Vec<String> = Vec::new();
    for round in 0..8 {
        let (mut child, reader) = stress(home, &["--prefix", &format!("r{round}"), "--mode", "both"]);
        // From before the first write (opening, creating) to well into the loop.
        std::thread::sleep(Duration::from_millis(rng.below(250)));
        child.kill().expect("kill -9"); // SIGKILL on Unix
        let _ = child.wait();
        let keys = reader.join().expect("the reader");
        reported.extend(keys);
    }
    assert!(reported.len() > 20, "too few writes to tell (seed {seed}): {}", reported.len());
    let store = Store::open(&state_file(home));
    assert_eq!(store.problem(), None, "seed {seed}");
    for key in &reported {
        let e = store.get(key).unwrap().unwrap_or_else(|| panic!("{key} lost (seed {seed})"));
        assert!(e.read.on, "{key}: read mark lost (seed {seed})");
        let i: u64 = key.rsplit('-').next().unwrap().parse().unwrap();
        if i.is_multiple_of(3) {
            assert!(e.note.starts_with("Notiz "), "{key}: note lost (seed {seed})");
        }
    }
}

#[test]
fn two_processes_at_once_keep_each_others_marks_and_notes() {
    let tmp = TempDir::new("state-two");
    let home = tmp.path();
    // One writes read marks, the other notes, on the same keys, at once;
    // and each writes keys of its own.
    let n = "150";
    let (mut a, ra) = stress(home, &["--prefix", "gemeinsam", "--mode", "read", "--count", n]);
    let (mut b, rb) = stress(home, &["--prefix", "gemeinsam", "--mode", "note", "--count", n]);
    let (mut c, rc) = stress(home, &["--prefix", "eigen", "--mode", "both", "--count", n]);
    for p in [&mut a, &mut b, &mut c] {
        let st = p.wait().expect("waiting");
        let mut err = String::new();
        std::io::Read::read_to_string(p.stderr.as_mut().unwrap(), &mut err).unwrap();
        assert!(st.success(), "{err}");
    }
    let (ka, kb, kc) = (ra.join().unwrap(), rb.join().unwrap(), rc.join().unwrap());
    assert_eq!((ka.len(), kb.len(), kc.len()), (150, 150, 150));
    let store = Store::open(&state_file(home));
    for (i, key) in ka.iter().enumerate() {
        let e = store.get(key).unwrap().expect(key);
        assert!(e.read.on, "{key}");
        assert_eq!(e.note, format!("Notiz gemeinsam {i}"), "{key}");
    }
    for key in &kc {
        assert!(store.get(key).unwrap().expect(key).read.on, "{key}");
    }
}

#[test]
fn a_running_ui_sees_what_another_process_wrote() {
    use ratsinfo::open::Data;
    use ratsinfo::pipeline::{Progress, Source};
    let tmp = TempDir::new("state-refresh");
    let home = tmp.path();
    let d = Data::new(Source::new(vec![]).load(&std::sync::Arc::new(Progress::default())));
    let mut st = ratsinfo::state::State::open_at(&state_file(home));
    st.attach(&d);
    assert!(!st.refresh_if_changed(&d).unwrap());
    let out = run(home, &["state", "stress", "--prefix", "x", "--mode", "note", "--count", "3"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(st.refresh_if_changed(&d).unwrap());
    let notes: Vec<_> =
        st.view().unloaded().filter_map(|u| u.note.as_ref().map(|n| n.text.clone())).collect();
    assert_eq!(notes, ["Notiz x 0", "Notiz x 1", "Notiz x 2"]);
}

#[test]
fn export_and_import_move_the_state_to_another_home() {
    let tmp = TempDir::new("state-move");
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    let out = run(&a, &["state", "stress", "--prefix", "m", "--mode", "both", "--count", "10"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let file = tmp.path().join("zustand.json");
    let out = run(&a, &["state", "export", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("10 Einträge nach"), "{}", text(&out.stderr));
    let exported: serde_json::Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    assert_eq!(exported["format"], "ratsinfo-state/1");
    assert_eq!(exported["eintraege"][0]["key"], "vorlage|Stress|m-0");
    assert_eq!(exported["eintraege"][0]["notiz"], "Notiz m 0");

    let out = run(&b, &["state", "import", file.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let report = text(&out.stdout);
    assert!(
        report.contains("10 Einträge; übernommen: 10 Lesemarken, 0 Merklisten-Einträge, 4 Notizen"),
        "{report}"
    );
    let again = run(&b, &["state", "export", "-"]);
    let mut back: serde_json::Value = serde_json::from_slice(&again.stdout).unwrap();
    let mut first = exported.clone();
    back["exportiert"] = "".into();
    first["exportiert"] = "".into();
    assert_eq!(back, first, "the same state, times and all");
    let info = text(&run(&b, &["state"]).stdout);
    assert!(info.contains("10 Einträge gelesen · 0 auf der Merkliste · 4 Notizen"), "{info}");

    // A file that is not an export: where and why, nothing changed.
    std::fs::write(&file, "{\"format\": \"ratsinfo-state/1\",\n \"eintraege\": [1]}").unwrap();
    let out = run(&b, &["state", "import", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("zustand.json:2:"), "{}", text(&out.stderr));
}

#[test]
fn a_damaged_store_is_reported_and_never_written() {
    let tmp = TempDir::new("state-damaged");
    let home = tmp.path();
    let file = state_file(home);
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    let garbage = b"Dies ist keine Datenbank.\n".repeat(500);
    std::fs::write(&file, &garbage).unwrap();
    let out = run(home, &["state"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("ist beschädigt und wird nicht verändert"), "{err}");
    let out = run(home, &["state", "stress", "--count", "3"]);
    assert_eq!(out.status.code(), Some(2));
    let export = tmp.write("leer.json", r#"{"format": "ratsinfo-state/1", "eintraege": []}"#);
    let out = run(home, &["state", "import", export.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("Nichts geschrieben"), "{}", text(&out.stderr));
    assert_eq!(std::fs::read(&file).unwrap(), garbage);
    let names: Vec<_> =
        std::fs::read_dir(file.parent().unwrap()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names, [std::ffi::OsString::from("state.sqlite")], "no files beside it either");
}

#[test]
fn notes_are_printed_with_their_records_and_the_ones_not_loaded_apart() {
    let tmp = TempDir::new("state-notes");
    let home = tmp.path();
    let export = tmp.write(
        "notizen.json",
        r#"{"format": "ratsinfo-state/1", "eintraege": [
          {"key": "vorlage|Stadt Herne|2021/0832", "kind": "vorlage", "nummer": "2021/0832", "titel": "alter Titel",
           "notiz": "Zustimmen.\n- mit Änderung *A*", "notiz_geaendert": "2025-03-12T13:02:00Z"},
          {"key": "vorlage|Stadt Herne|2013/0228", "kind": "vorlage", "gelesen": "2025-03-12T13:00:00Z"},
          {"key": "vorlage|Stadt Fern|2019/0001", "kind": "vorlage", "nummer": "2019/0001", "titel": "Radweg",
           "notiz": "nachfragen", "notiz_geaendert": "2024-01-01T10:00:00Z"}
        ]}"#,
    );
    let out = run(home, &["state", "import", export.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = run(home, &["notes"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let md = text(&out.stdout);
    let expected = "# Notizen

## Vorlage 2021/0832 Antrag: Prüfauftrag zur Umsetzung der Doppelstrategie \"Chancen bieten - Grenzen setzen\"

*geändert am 12.03.2025, 14:02*

Zustimmen.\\
\\- mit Änderung \\*A\\*

## Notizen zu nicht geladenen Einträgen

### Vorlage 2019/0001 Radweg

*vorlage\\|Stadt Fern\\|2019/0001 · geändert am 01.01.2024, 11:00*

nachfragen
";
    assert_eq!(md, expected);
    let out = run(home, &["notes", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 2);
    assert_eq!(json[0]["key"], "vorlage|Stadt Herne|2021/0832");
    assert_eq!(json[0]["geladen"], true);
    assert_eq!(json[0]["notiz"], "Zustimmen.\n- mit Änderung *A*");
    assert_eq!(json[0]["geaendert"], "2025-03-12T13:02:00.000Z");
    assert_eq!(json[1]["geladen"], false);
    assert_eq!(json[1]["titel"], "Radweg");
    // With nothing noted.
    let empty = tmp.path().join("leer");
    assert_eq!(text(&run(&empty, &["notes"]).stdout), "# Notizen\n\nKeine Notizen.\n");
    assert!(!state_file(&empty).exists(), "reading creates no store");
    assert!(text(&run(&empty, &["state"]).stdout).contains("0 Einträge gelesen"));
    assert!(!state_file(&empty).exists(), "reading creates no store");
}
