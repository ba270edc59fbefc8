//! A corpus of bad files: each is reported with file (and line and column
//! where known) in words a clerk understands, the good file beside it still
//! loads, `check` exits non-zero, nothing panics or hangs, and nothing is
//! written to the files read.

mod isolated;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::Value;

fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("ratsinfo-bad-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

const GOOD: &str = r#"{"format": "ratsinfo-export/1", "koerperschaft": "Stadt Gut",
  "vorlagen": [{"nummer": "2024/0001", "betreff": "Gute Vorlage",
    "beratungsfolge": [{"gremium": "Rat der Stadt", "datum": "2024-01-10"}]}]}"#;

/// Runs `check --json` on a directory holding the good file and `bad`.
fn check_with(name: &str, bad: &[u8]) -> (Value, bool, Duration) {
    let dir = temp_dir(name);
    std::fs::write(dir.join("a-gut.json"), GOOD).unwrap();
    std::fs::write(dir.join("b-schlecht.json"), bad).unwrap();
    let start = Instant::now();
    let out = isolated::ratsinfo().args(["check", "--json"]).arg(&dir).output().unwrap();
    let took = start.elapsed();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(out.status.code().is_some(), "{name}: killed by a signal (panic or crash?)");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{name}: {stderr}");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{name}: {e}"));
    (v, out.status.success(), took)
}

/// The first problem about the bad file.
fn problem<'a>(v: &'a Value, list: &str) -> &'a Value {
    v[list]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["file"].as_str().unwrap().ends_with("b-schlecht.json"))
        .unwrap_or_else(|| panic!("no {list} for the bad file in {v}"))
}

fn assert_reported(name: &str, bad: &[u8], list: &str, line: Option<u64>, words: &str) -> Value {
    let (v, ok, took) = check_with(name, bad);
    assert!(!ok, "{name}: check must exit non-zero");
    assert!(took < Duration::from_secs(20), "{name}: took {took:?}");
    assert!(v["vorlagen"].as_u64().unwrap() >= 1, "{name}: the good file must still load: {v}");
    let p = problem(&v, list);
    assert_eq!(p["line"].as_u64(), line, "{name}: {p}");
    if line.is_some() {
        assert!(p["column"].as_u64().is_some(), "{name}: {p}");
    }
    let msg = p["message"].as_str().unwrap();
    assert!(msg.contains(words), "{name}: {msg:?} should say {words:?}");
    v
}

#[test]
fn truncated_json() {
    assert_reported(
        "truncated",
        b"{\"vorlagen\": [\n  {\"nummer\": \"1\", \"betr",
        "errors",
        Some(2),
        "abgeschnitten",
    );
}

#[test]
fn an_object_where_a_list_belongs_is_taken_as_a_list_of_one() {
    let v = assert_reported(
        "object-for-list",
        br#"{"vorlagen": {"nummer": "2", "betreff": "Einzeln"}}"#,
        "warnings",
        Some(1),
        "sollte eine Liste sein",
    );
    assert_eq!(v["vorlagen"], 2);
}

#[test]
fn a_number_where_text_belongs() {
    assert_reported(
        "number-for-text",
        b"{\"vorlagen\": [\n{\"nummer\": \"3\", \"betreff\": 42}]}",
        "warnings",
        Some(2),
        "sollte Text sein",
    );
}

#[test]
fn a_missing_required_field() {
    assert_reported(
        "missing-field",
        b"{\"auszuege\": [\n{\"gremium\": \"Rat\", \"datum\": \"2024-01-01\"}]}",
        "errors",
        Some(2),
        "Pflichtfeld „titel“ fehlt",
    );
}

#[test]
fn invalid_utf8_is_replaced_and_reported() {
    let v = assert_reported(
        "utf8",
        b"{\"vorlagen\": [{\"nummer\": \"4\", \"betreff\": \"Stra\xDFe\"}]}",
        "warnings",
        Some(1),
        "UTF-8",
    );
    assert_eq!(v["vorlagen"], 2, "the record with the bad byte is kept");
}

#[test]
fn nul_bytes_and_raw_control_characters_in_strings_are_repaired() {
    let v = assert_reported(
        "controls",
        b"{\"vorlagen\": [{\"nummer\": \"5\", \"betreff\": \"a\x00b\x1bc\ttab\nzeile\"}]}",
        "warnings",
        Some(1),
        "Steuerzeichen",
    );
    assert_eq!(v["vorlagen"], 2);
}

#[test]
fn a_nul_byte_outside_strings_is_a_syntax_error() {
    assert_reported("nul-outside", b"{\"vorlagen\": []}\x00", "errors", Some(1), "JSON");
}

#[test]
fn an_empty_file() {
    assert_reported("empty", b"", "errors", None, "leer");
}

#[test]
fn an_html_page_saved_as_json() {
    assert_reported(
        "html",
        b"<!DOCTYPE html>\n<html><body>Sitzung</body></html>",
        "errors",
        Some(1),
        "Webseite",
    );
}

#[test]
fn nesting_100000_levels_deep() {
    let deep = format!("{{\"vorlagen\": [{}{}]}}", "[".repeat(100_000), "]".repeat(100_000));
    assert_reported("deep", deep.as_bytes(), "errors", Some(1), "sollte ein Objekt sein");
    let deeper = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let (v, ok, _) = check_with("deep-top", deeper.as_bytes());
    assert!(!ok);
    assert!(problem(&v, "errors")["message"].as_str().is_some());
}

#[test]
fn a_50_mb_text_field_loads() {
    let big = "Sachverhalt mit Umlauten äöü ß und\u{a0}Leerzeichen. ".repeat(50_000_000 / 52);
    let json = format!(
        "{{\"vorlagen\": [{{\"nummer\": \"6\", \"betreff\": \"Groß\", \"sachverhalt\": \"{big}\", \"datum\": \"31.02.2026\"}}]}}"
    );
    let v = assert_reported("big", json.as_bytes(), "errors", Some(1), "31.02.2026");
    assert_eq!(v["vorlagen"], 2);
}

#[test]
fn impossible_dates_are_reported_and_the_record_kept() {
    let v = assert_reported(
        "dates",
        b"{\"vorlagen\": [\n{\"nummer\": \"7\", \"betreff\": \"x\",\n \"datum\": \"31.02.2026\"}]}",
        "errors",
        Some(3),
        "ungültiges Datum „31.02.2026“",
    );
    assert_eq!(v["vorlagen"], 2);
}

fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>, std::time::SystemTime)> {
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| {
            let p = e.path();
            let m = std::fs::metadata(&p).unwrap();
            (p.clone(), std::fs::read(&p).unwrap(), m.modified().unwrap())
        })
        .collect();
    v.sort();
    v
}

#[test]
fn files_are_only_read_never_written() {
    let dir = temp_dir("read-only");
    std::fs::write(dir.join("a.json"), GOOD).unwrap();
    std::fs::write(dir.join("b.json"), "{\"vorlagen\": [").unwrap();
    std::fs::write(
        dir.join("c.json"),
        "\u{feff}{\"vorlagen\": [{\"nummer\": \"1\", \"betreff\": \"a\x01b\", \"datum\": \"1.1.2020\"}]}",
    )
    .unwrap();
    let before = snapshot(&dir);
    let names: Vec<usize> = before.iter().map(|(p, _, _)| p.as_os_str().len()).collect();
    for args in [vec!["check"], vec!["search", "gut"], vec!["show", "2024/0001"]] {
        let out = isolated::ratsinfo().args(&args).arg(&dir).output().unwrap();
        assert!(out.status.code().is_some());
    }
    let after = snapshot(&dir);
    assert_eq!(before, after, "a file was changed, or one was added");
    assert_eq!(names.len(), 3);
    let _ = std::fs::remove_dir_all(dir);
}

/// Runs `check --json` on `dir` with `env`, killed after `limit`: a hang is
/// a failure, not a test that never ends.
fn check_dir_within(dir: &Path, env: &[(&str, &str)], limit: Duration) -> (Value, Option<i32>, Duration) {
    use std::process::Stdio;
    let start = Instant::now();
    let mut child = isolated::ratsinfo()
        .args(["check", "--json"])
        .arg(dir)
        .envs(env.iter().copied())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("check of {dir:?} still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let took = start.elapsed();
    let out = child.wait_with_output().unwrap();
    let v: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    (v, out.status.code(), took)
}

/// The messages about files whose name ends with `suffix`.
fn messages_about(v: &Value, suffix: &str) -> Vec<String> {
    ["errors", "warnings"]
        .iter()
        .flat_map(|list| v[list].as_array().unwrap().iter())
        .filter(|p| p["file"].as_str().unwrap().ends_with(suffix))
        .map(|p| p["message"].as_str().unwrap().to_owned())
        .collect()
}

#[cfg(unix)]
#[test]
fn a_named_pipe_and_a_link_to_a_device_are_reported_not_read() {
    let dir = temp_dir("special");
    std::fs::write(dir.join("a-gut.json"), GOOD).unwrap();
    let fifo = std::ffi::CString::new(dir.join("b-pipe.json").to_str().unwrap()).unwrap();
    // SAFETY: mkfifo with a valid path.
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o600) }, 0);
    std::os::unix::fs::symlink("/dev/zero", dir.join("c-null.json")).unwrap();
    let (v, code, _) = check_dir_within(&dir, &[], Duration::from_secs(20));
    assert_eq!(code, Some(1), "{v}");
    assert_eq!(v["vorlagen"], 1, "the good file loads: {v}");
    for name in ["b-pipe.json", "c-null.json"] {
        let msgs = messages_about(&v, name);
        assert_eq!(msgs.len(), 1, "{name}: {msgs:?}");
        assert!(msgs[0].contains("keine gewöhnliche Datei"), "{name}: {msgs:?}");
    }
    // Given by name instead of found in a directory: the same.
    let out = isolated::ratsinfo().args(["check", "--json"]).arg(dir.join("c-null.json")).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_file_over_the_size_limit_is_reported_and_the_others_load() {
    let dir = temp_dir("huge");
    std::fs::write(dir.join("a-gut.json"), GOOD).unwrap();
    // Sparse: 40 GB that take no room on the disk.
    let f = std::fs::File::create(dir.join("b-riesig.json")).unwrap();
    f.set_len(40 << 30).unwrap();
    drop(f);
    let (v, code, took) = check_dir_within(&dir, &[], Duration::from_secs(20));
    assert_eq!(code, Some(1), "{v}");
    assert_eq!(v["vorlagen"], 1, "{v}");
    let msgs = messages_about(&v, "b-riesig.json");
    assert_eq!(msgs.len(), 1, "{msgs:?}");
    assert!(msgs[0].contains("zu groß") && msgs[0].contains("RATSINFO_MAX_FILE_MB"), "{msgs:?}");
    assert!(took < Duration::from_secs(5), "{took:?}");

    // The limit can be set: then the good file is too large as well.
    let (v, code, _) = check_dir_within(&dir, &[("RATSINFO_MAX_FILE_MB", "0")], Duration::from_secs(20));
    assert_eq!(code, Some(1));
    assert_eq!(v["vorlagen"], 0, "{v}");
    assert_eq!(messages_about(&v, "a-gut.json").len(), 1, "{v}");
    let _ = std::fs::remove_dir_all(dir);
}

/// Line and column (from 1, column in bytes) of byte `at`, counted the
/// slow, obvious way.
fn naive_position(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = at - before.rfind('\n').map_or(0, |i| i + 1) + 1;
    (line, column)
}

/// The position the problems of `file` name for the `n`-th bad value.
fn check_positions(problems: &[ratsinfo::problem::Problem], text: &str, bad: &str) {
    let starts: Vec<usize> = text.match_indices(bad).map(|(i, _)| i).collect();
    for (n, p) in problems.iter().take(1000).enumerate().step_by(97) {
        assert_eq!((p.line.unwrap(), p.column.unwrap()), naive_position(text, starts[n]), "{p:?}");
    }
}

/// One bad date per record: each problem was located by parsing the list
/// up to it and counting lines from the start, so 32,000 records took
/// 100 s. Now one walk locates them all; the first 1,000 are reported with
/// their place, the rest as a count.
#[test]
fn thirty_two_thousand_bad_dates_load_at_once_and_are_capped() {
    let records: Vec<String> = (0..32_000)
        .map(|i| format!("{{\"nummer\": \"2024/{i}\", \"betreff\": \"B\",\n  \"datum\": \"31.02.2024\"}}"))
        .collect();
    let text = format!("{{\"vorlagen\": [\n{}]}}", records.join(",\n"));
    let start = Instant::now();
    let batch = ratsinfo::load::parse_bytes("t.json", text.as_bytes());
    let took = start.elapsed();
    assert!(took < Duration::from_secs(5), "{took:?}");
    assert_eq!(batch.vorlagen.len(), 32_000);
    assert_eq!(batch.problems.len(), 1_001, "{:?}", &batch.problems[..3]);
    check_positions(&batch.problems, &text, "\"31.02.2024\"");
    let last = batch.problems.last().unwrap();
    assert_eq!((last.line, last.column), (None, None));
    assert!(last.message.contains("31000 weitere"), "{}", last.message);

    // OParl: 16,000 papers with a bad date took 36 s.
    let papers: Vec<String> = (0..16_000)
        .map(|i| {
            format!(
                "{{\"id\": \"https://x.example/paper/{i}\", \"type\": \"https://schema.oparl.org/1.1/Paper\",\n \"name\": \"P\", \"date\": \"kein Datum\"}}"
            )
        })
        .collect();
    let text = format!("[\n{}]", papers.join(",\n"));
    let start = Instant::now();
    let batch = ratsinfo::load::parse_bytes("o.json", text.as_bytes());
    let took = start.elapsed();
    assert!(took < Duration::from_secs(5), "{took:?}");
    assert_eq!(batch.oparl.len(), 16_000);
    assert_eq!(batch.problems.len(), 1_001);
    check_positions(&batch.problems, &text, "\"kein Datum\"");
}

/// The place of the problem whose message holds `words`.
fn place_of(problems: &[ratsinfo::problem::Problem], words: &str) -> (usize, usize) {
    let p = problems.iter().find(|p| p.message.contains(words)).unwrap_or_else(|| panic!("{problems:?}"));
    (p.line.unwrap(), p.column.unwrap())
}

/// Raw tabs and line breaks inside strings are repaired (escaped) before
/// the file is parsed again; the places of later problems must still be
/// those of the file as the user has it, not of the repaired text.
#[test]
fn places_after_a_repair_are_those_of_the_file() {
    let newlines = "\n".repeat(100);
    for (name, text) in [
        (
            "export",
            format!(
                "{{\"vorlagen\": [{{\"nummer\": \"1\", \"betreff\": \"a{newlines}b\",\n \"datum\": \"kaputt\"}},\n {{\"nummer\": \"2\", \"betreff\": \"c\\t\\t\\td\", \"x\": \"\t\t\t\", \"datum\": \"auch kaputt\"}}]}}"
            ),
        ),
        (
            "oparl",
            format!(
                "[{{\"id\": \"https://x.example/p/1\", \"type\": \"https://schema.oparl.org/1.1/Paper\", \"name\": \"a{newlines}b\",\n \"date\": \"kaputt\"}},\n {{\"id\": \"https://x.example/p/2\", \"type\": \"https://schema.oparl.org/1.1/Paper\", \"name\": \"\t\t\tc\", \"date\": \"auch kaputt\"}}]"
            ),
        ),
    ] {
        let batch = ratsinfo::load::parse_bytes("t.json", text.as_bytes());
        let at = |needle: &str| naive_position(&text, text.find(needle).unwrap());
        assert_eq!(place_of(&batch.problems, "„kaputt“"), at("\"kaputt\""), "{name}");
        assert_eq!(place_of(&batch.problems, "„auch kaputt“"), at("\"auch kaputt\""), "{name}");
        assert_eq!(place_of(&batch.problems, "Steuerzeichen"), at("\n"), "{name}");

        // A syntax error after the repair: its place too.
        let broken = text.replacen("\"auch kaputt\"", "\"auch kaputt\" x", 1);
        let batch = ratsinfo::load::parse_bytes("t.json", broken.as_bytes());
        let p =
            batch.problems.iter().find(|p| p.message.contains("Ungültiges JSON")).expect("a syntax error");
        let x = naive_position(&broken, broken.find("\" x").unwrap() + 2);
        assert_eq!((p.line.unwrap(), p.column.unwrap()), x, "{name}: {p:?}");
    }
}

fn assert_german(problems: &[ratsinfo::problem::Problem]) {
    for p in problems {
        for english in ["duplicate", "field", "number out of range", "expected", "invalid"] {
            assert!(!p.message.contains(english), "not German: {p:?}");
        }
    }
}

fn paper(i: usize, extra: &str) -> String {
    format!(
        r#"{{"id": "https://x.example/paper/{i}", "type": "https://schema.oparl.org/1.1/Paper", "name": "Papier {i}", "reference": "2024/{i}"{extra}}}"#
    )
}

/// One duplicate key in one of 100 objects lost all 100 (with serde's
/// English "duplicate field `name`"). Now the object keeps the first value
/// and the file says so in one German warning.
#[test]
fn a_duplicate_key_costs_nothing_but_a_warning() {
    let papers: Vec<String> =
        (0..100).map(|i| paper(i, if i == 42 { r#", "name": "Zweiter Name""# } else { "" })).collect();
    let text = format!("[\n{}\n]", papers.join(",\n"));
    let batch = ratsinfo::load::parse_bytes("o.json", text.as_bytes());
    assert_eq!(batch.oparl.len(), 100, "{:?}", batch.problems);
    assert_eq!(batch.problems.len(), 1, "{:?}", batch.problems);
    let p = &batch.problems[0];
    assert!(p.message.contains("„name“") && p.message.contains("erste"), "{p:?}");
    assert_eq!(p.severity, ratsinfo::problem::Severity::Warning);
    assert_eq!(
        (p.line, p.column),
        (Some(44), Some(text.lines().nth(43).unwrap().find("\"Zweiter").unwrap() + 1))
    );
    let a = ratsinfo::pipeline::finish(vec![batch], Vec::new());
    let v = a.vorlagen.iter().find(|v| v.nummer == "2024/42").unwrap();
    assert_eq!(v.betreff, "Papier 42", "the first value counts");

    // The same in an export file, in its first Vorlage and in a Beratung.
    let vorlagen: Vec<String> = (0..100)
        .map(|i| {
            let extra = match i {
                0 => r#", "betreff": "Doppelt""#,
                7 => r#", "beratungsfolge": [{"gremium": "Rat", "gremium": "Ausschuss"}]"#,
                _ => "",
            };
            format!(r#"{{"nummer": "2024/{i}", "betreff": "Vorlage {i}"{extra}}}"#)
        })
        .collect();
    let text = format!("{{\"vorlagen\": [\n{}\n]}}", vorlagen.join(",\n"));
    let batch = ratsinfo::load::parse_bytes("e.json", text.as_bytes());
    assert_eq!(batch.vorlagen.len(), 100, "{:?}", batch.problems);
    assert_eq!(batch.problems.len(), 2, "{:?}", batch.problems);
    assert_german(&batch.problems);
    assert_eq!(batch.vorlagen[0].betreff, "Vorlage 0");
    assert_eq!(batch.vorlagen[7].beratungsfolge[0].gremium, "Rat");
    assert_eq!(batch.problems[0].line, Some(2));
    assert_eq!(batch.problems[1].line, Some(9));
}

/// A number beyond what a float holds (`1e400`) failed the whole file
/// ("number out of range"). Now it is a bad value of its field.
#[test]
fn a_number_out_of_range_is_a_bad_value_of_its_field() {
    let text = format!(
        "[{},\n{},\n{{\"id\": \"https://x.example/item/1\", \"type\": \"https://schema.oparl.org/1.1/AgendaItem\", \"order\": 1e400, \"name\": \"TOP\"}}]",
        paper(1, r#", "date": 1e400"#),
        paper(2, r#", "name": -1E+999"#),
    );
    let batch = ratsinfo::load::parse_bytes("o.json", text.as_bytes());
    assert_eq!(batch.oparl.len(), 3, "{:?}", batch.problems);
    assert_german(&batch.problems);
    let about = |needle: &str| batch.problems.iter().filter(|p| p.message.contains(needle)).count();
    assert!(about("„date“") >= 1 && about("„order“") >= 1, "{:?}", batch.problems);
    let order = batch.problems.iter().find(|p| p.message.contains("„order“")).unwrap();
    assert_eq!(order.line, Some(3));
    assert_eq!(order.column, Some(text.lines().nth(2).unwrap().find("1e400").unwrap() + 1));

    let text = "{\"vorlagen\": [{\"nummer\": \"1\", \"betreff\": \"a\", \"datum\": 1e400},\n {\"nummer\": \"2\", \"betreff\": \"b\"}]}";
    let batch = ratsinfo::load::parse_bytes("e.json", text.as_bytes());
    assert_eq!(batch.vorlagen.len(), 2, "{:?}", batch.problems);
    assert_german(&batch.problems);
    let date = batch.problems.iter().find(|p| p.message.contains("Datum „1e400“")).expect("the bad date");
    assert_eq!((date.line, date.column), (Some(1), Some(text.find("1e400").unwrap() + 1)));
}
