//! The real binary: subcommands, exit status, standard output and error.

mod common;
mod isolated;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Output;

use common::TempDir;
use serde_json::Value;

type OsArg = std::ffi::OsString;

fn run<I, S>(args: I) -> Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    isolated::ratsinfo().args(args).output().expect("running ratsinfo")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("stderr is UTF-8")
}

fn code(o: &Output) -> i32 {
    o.status.code().expect("exited, not killed")
}

fn json_of(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", stdout(o)))
}

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn sample_json() -> Value {
    let text = std::fs::read(manifest_dir().join("sample-data/herne.json")).expect("reading the sample");
    serde_json::from_slice(&text).expect("the sample is JSON")
}

fn seeds() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(manifest_dir().join("sample-data/seeds"))
        .expect("reading the seeds")
        .map(|e| e.expect("a dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    v.sort();
    v
}

/// Line and column (from 1, column in bytes) of the first `needle` in `text`.
fn line_col(text: &str, needle: &str) -> (u64, u64) {
    let at = text.find(needle).unwrap_or_else(|| panic!("{needle:?} not in the test data"));
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = at - before.rfind('\n').map_or(0, |i| i + 1) + 1;
    (line as u64, column as u64)
}

/// The counts of `check --json` for the sample, derived from the sample file
/// itself (not from the program): sessions are (Gremium, Datum) pairs, items
/// are Beratungen plus the Auszüge that are no Beratung of their Vorlage in
/// the same session.
fn expected_sample_counts() -> Vec<(&'static str, u64)> {
    let s = sample_json();
    let vorlagen = s["vorlagen"].as_array().expect("vorlagen");
    let auszuege = s["auszuege"].as_array().expect("auszuege");
    let text = |v: &Value| v.as_str().unwrap_or("").to_owned();
    let mut gremien = BTreeSet::new();
    let mut sitzungen = BTreeSet::new();
    let mut items = BTreeSet::new();
    let nummern: BTreeSet<String> = vorlagen.iter().map(|v| text(&v["nummer"])).collect();
    for v in vorlagen {
        for b in v["beratungsfolge"].as_array().into_iter().flatten() {
            gremien.insert(text(&b["gremium"]));
            sitzungen.insert((text(&b["gremium"]), text(&b["datum"])));
            items.insert((text(&b["gremium"]), text(&b["datum"]), text(&v["nummer"])));
        }
    }
    let (mut auszug_items, mut auszug_linked) = (0, 0);
    for a in auszuege {
        gremien.insert(text(&a["gremium"]));
        sitzungen.insert((text(&a["gremium"]), text(&a["datum"])));
        let key = (text(&a["gremium"]), text(&a["datum"]), text(&a["vorlage"]));
        if !items.contains(&key) {
            auszug_items += 1;
            if nummern.contains(&key.2) {
                auszug_linked += 1;
            }
        }
    }
    let linked = items.len() + auszug_linked;
    vec![
        ("files", 1),
        ("koerperschaften", 1),
        ("gremien", gremien.len() as u64),
        ("sitzungen", sitzungen.len() as u64),
        ("items", (items.len() + auszug_items) as u64),
        ("items_linked", linked as u64),
        ("vorlagen", vorlagen.len() as u64),
        ("auszuege", auszuege.len() as u64),
        ("deleted", 0),
    ]
}

// --- check -----------------------------------------------------------------

#[test]
fn check_on_herne_exits_0_and_prints_counts() {
    let o = run(["check", HERNE]);
    assert_eq!(code(&o), 0, "{}{}", stdout(&o), stderr(&o));
    let out = stdout(&o);
    assert!(out.starts_with("1 Datei gelesen\n"), "{out}");
    assert!(
        out.contains(
            "Körperschaften 1 · Gremien 4 · Sitzungen 9 · TOPs 9 (9 mit geladener Vorlage) · Vorlagen 5 · Auszüge 1"
        ),
        "{out}"
    );
    assert!(out.ends_with("Keine Probleme beim Laden.\n"), "{out}");
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
}

#[test]
fn check_json_counts_herne() {
    let o = run(["check", "--json", HERNE]);
    assert_eq!(code(&o), 0);
    let j = json_of(&o);
    let expected = expected_sample_counts();
    // The derivation and the known numbers of the Herne sample agree.
    let known = [
        ("files", 1),
        ("koerperschaften", 1),
        ("gremien", 4),
        ("sitzungen", 9),
        ("items", 9),
        ("items_linked", 9),
        ("vorlagen", 5),
        ("auszuege", 1),
        ("deleted", 0),
    ];
    assert_eq!(expected, known);
    for (key, n) in known {
        assert_eq!(j[key].as_u64(), Some(n), "{key} in {j:#}");
    }
    assert_eq!(j["errors"], Value::Array(vec![]), "{j:#}");
    assert_eq!(j["warnings"], Value::Array(vec![]), "{j:#}");
    let keys: BTreeSet<&str> = j.as_object().expect("an object").keys().map(String::as_str).collect();
    for key in [
        "koerperschaften",
        "gremien",
        "sitzungen",
        "items",
        "items_linked",
        "vorlagen",
        "auszuege",
        "errors",
        "warnings",
    ] {
        assert!(keys.contains(key), "{key} missing: {keys:?}");
    }
}

/// The Herne part of the sample: the counts below are its own. (The
/// built-in sample also holds the Karlsruhe OParl slice.)
const HERNE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/sample-data/herne.json");

const GOOD: &str = r#"{"format": "ratsinfo-export/1", "koerperschaft": "Stadt Test",
  "vorlagen": [
    {"nummer": "2024/0001", "betreff": "Gute Vorlage", "sachverhalt": "Alles in Ordnung.",
     "beratungsfolge": [{"gremium": "Rat", "datum": "2024-03-01"}]}
  ],
  "auszuege": [
    {"gremium": "Rat", "datum": "2024-03-01", "top": "Ö 1", "vorlage": "2024/0001", "titel": "Gute Vorlage"}
  ]}
"#;

const TRUNCATED: &str =
    "{\"format\": \"ratsinfo-export/1\",\n  \"vorlagen\": [\n    {\"nummer\": \"2024/0002\", \"betr";

#[test]
fn check_names_a_broken_file_and_still_counts_the_good_one() {
    let dir = TempDir::new("check_broken");
    dir.write("good.json", GOOD);
    let bad = dir.write("bad.json", TRUNCATED);
    let o = run([OsArg::from("check"), "--json".into(), dir.path().into()]);
    assert_ne!(code(&o), 0, "{}", stdout(&o));
    let j = json_of(&o);
    assert_eq!(j["files"], 2, "{j:#}");
    assert_eq!(j["vorlagen"], 1, "{j:#}");
    assert_eq!(j["auszuege"], 1, "{j:#}");
    assert_eq!(j["items"], 1, "the Auszug is the Vorlage's item: {j:#}");
    assert_eq!(j["items_linked"], 1, "{j:#}");
    let errors = j["errors"].as_array().expect("errors");
    assert_eq!(errors.len(), 1, "{j:#}");
    let e = &errors[0];
    assert_eq!(e["file"].as_str(), Some(bad.to_string_lossy().as_ref()), "{e:#}");
    assert_eq!(e["line"], 3, "{e:#}");
    // serde_json reports the end of the input.
    assert_eq!(e["column"].as_u64(), Some(TRUNCATED.lines().last().map_or(0, |l| l.len()) as u64), "{e:#}");
    assert!(e["message"].as_str().unwrap_or("").contains("abgeschnitten"), "{e:#}");

    // The text form names the file with line and column too.
    let o = run([OsArg::from("check"), dir.path().into()]);
    assert_eq!(code(&o), 1);
    let out = stdout(&o);
    assert!(out.contains(&format!("Fehler: {}:3:", bad.display())), "{out}");
    assert!(out.contains("Vorlagen 1 · Auszüge 1"), "{out}");
    assert!(out.trim_end().ends_with("1 Fehler"), "{out}");
}

#[test]
fn a_bad_date_is_an_error_with_position_and_the_record_is_kept() {
    let dir = TempDir::new("bad_date");
    let text = "{\"vorlagen\": [\n  {\"nummer\": \"2024/0010\", \"betreff\": \"Erste\"},\n  {\"nummer\": \"2024/0011\", \"betreff\": \"Zweite mit Datum\",\n   \"datum\": \"31.02.2026\", \"sachverhalt\": \"Text bleibt.\"}\n]}\n";
    let file = dir.write("datum.json", text);
    let o = run([OsArg::from("check"), "--json".into(), file.clone().into()]);
    assert_eq!(code(&o), 1);
    let j = json_of(&o);
    assert_eq!(j["vorlagen"], 2, "{j:#}");
    let errors = j["errors"].as_array().expect("errors");
    assert_eq!(errors.len(), 1, "{j:#}");
    let (line, column) = line_col(text, "\"31.02.2026\"");
    assert_eq!(
        (errors[0]["line"].as_u64(), errors[0]["column"].as_u64()),
        (Some(line), Some(column)),
        "{j:#}"
    );
    assert!(errors[0]["message"].as_str().unwrap_or("").contains("31.02.2026"), "{j:#}");

    // The record is there, without a date.
    let o = run([OsArg::from("show"), "2024/0011".into(), file.into()]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("Zweite mit Datum") && out.contains("Text bleibt."), "{out}");
    assert!(!out.contains("Datum  "), "{out}");
}

#[test]
fn check_reports_a_missing_path() {
    let dir = TempDir::new("missing_path");
    let missing = dir.path().join("gibt-es-nicht.json");
    let o = run([OsArg::from("check"), "--json".into(), missing.clone().into()]);
    assert_eq!(code(&o), 1);
    let j = json_of(&o);
    let e = &j["errors"][0];
    assert_eq!(e["file"].as_str(), Some(missing.to_string_lossy().as_ref()));
    assert!(e["message"].as_str().unwrap_or("").contains("nicht gefunden"), "{e:#}");
}

#[test]
fn check_prints_no_control_characters_from_names_or_data() {
    let dir = TempDir::new("check_hostile");
    dir.write("b\u{f6}se\u{1b}[31m.json", TRUNCATED);
    dir.write(
        "daten.json",
        r#"{"vorlagen": [{"nummer": "1", "betreff": "x", "datum": "\u001b]52;c;ZXZpbA==\u0007"}]}"#,
    );
    for json in [false, true] {
        let mut args = vec![OsArg::from("check")];
        if json {
            args.push("--json".into());
        }
        args.push(dir.path().into());
        let o = run(args);
        assert_eq!(code(&o), 1);
        let out = stdout(&o);
        assert!(!out.chars().any(|c| c.is_control() && c != '\n'), "control character in output: {:?}", out);
        // Names are escaped (JSON escapes the backslash once more).
        let name = if json { r"böse\\u{1b}[31m.json" } else { r"böse\u{1b}[31m.json:3:" };
        assert!(out.contains(name), "{out}");
        assert!(out.contains("␛]52;c;ZXZpbA==␇"), "{out}");
    }
}

// --- directories and merging -------------------------------------------------

fn vorlage_file(betreff: &str) -> String {
    format!(
        r#"{{"format": "ratsinfo-export/1", "koerperschaft": "Stadt Test",
  "vorlagen": [{{"nummer": "2024/0100", "betreff": "{betreff}", "art": "Antrag"}}]}}"#
    )
}

#[test]
fn directories_are_read_recursively_in_sorted_order_and_the_later_file_wins() {
    let dir = TempDir::new("dir_order");
    // Written in the opposite of sorted order; the deep file sorts first.
    let later = dir.write("x.json", vorlage_file("Spätere Fassung"));
    dir.write("a/tief/y.json", vorlage_file("Frühere Fassung"));
    dir.write("a/notizen.txt", "keine Daten");
    let o = run([OsArg::from("check"), "--json".into(), dir.path().into()]);
    assert_eq!(code(&o), 1, "a conflict is reported: {}", stdout(&o));
    let j = json_of(&o);
    assert_eq!(j["files"], 2, "{j:#}");
    assert_eq!(j["vorlagen"], 1, "{j:#}");
    assert_eq!(j["errors"], Value::Array(vec![]), "{j:#}");
    let warnings = j["warnings"].as_array().expect("warnings");
    assert_eq!(warnings.len(), 1, "{j:#}");
    let w = &warnings[0];
    assert_eq!(w["file"].as_str(), Some(later.to_string_lossy().as_ref()), "{w:#}");
    let msg = w["message"].as_str().unwrap_or("");
    assert!(msg.contains("Vorlage 2024/0100") && msg.contains("„betreff“"), "{msg}");
    assert!(msg.contains("y.json"), "names the earlier file: {msg}");

    let o = run([OsArg::from("show"), "2024/0100".into(), dir.path().into()]);
    let out = stdout(&o);
    assert!(out.starts_with("Spätere Fassung\n"), "{out}");
    assert!(!out.contains("Frühere"), "{out}");

    // Explicit files count in the order given.
    let earlier = dir.path().join("a/tief/y.json");
    let o = run([OsArg::from("show"), "2024/0100".into(), later.into(), earlier.into()]);
    assert!(stdout(&o).starts_with("Frühere Fassung\n"), "{}", stdout(&o));
}

// --- search ------------------------------------------------------------------

#[test]
fn search_prints_the_best_match_first() {
    let o = run(["search", "doppel", HERNE]);
    assert_eq!(code(&o), 0);
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(lines[0].starts_with("2021/0832 · Antrag: Prüfauftrag"), "{out}");
    assert!(lines[0].ends_with("· Rat der Stadt · 07.09.2021"), "{out}");
    assert!(lines[1].starts_with("2022/0072 · "), "{out}");

    let o = run(["search", "doppel", HERNE, "--limit", "1"]);
    assert_eq!(stdout(&o).lines().count(), 1);

    let o = run(["search", "INTEGRATIONSKONZEPT", HERNE]);
    assert_eq!(code(&o), 0);
    assert!(stdout(&o).lines().all(|l| l.starts_with("2014/0290 ")), "{}", stdout(&o));
}

#[test]
fn search_without_a_match_exits_1() {
    let o = run(["search", "xyzzyqwv"]);
    assert_eq!(code(&o), 1);
    assert!(stdout(&o).is_empty(), "{}", stdout(&o));
}

// --- show --------------------------------------------------------------------

/// The text with the hyphens that hyphenation put at row ends taken out
/// (a hyphen at the end of a row before a lower-case letter).
fn unhyphenated(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find("-\n") {
        let next = rest[i + 2..].trim_start_matches(' ');
        out.push_str(&rest[..i]);
        if next.starts_with(char::is_lowercase) {
            rest = next;
        } else {
            out.push('-');
            rest = &rest[i + 1..];
        }
    }
    out.push_str(rest);
    out
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn show_prints_the_vorlage_wrapped_to_the_width() {
    let o = run(["show", "2021/0832", "--width", "60"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    for l in &lines {
        assert!(l.chars().count() <= 60, "{} columns: {l:?}", l.chars().count());
    }
    assert!(lines.iter().any(|l| l.chars().count() > 50), "wrapped far narrower than 60");
    // Hyphenated rows (on by default) joined again.
    let flat = squash(&unhyphenated(&out));
    let sample = sample_json();
    let v = &sample["vorlagen"][0];
    assert_eq!(v["nummer"], "2021/0832");
    assert!(out.starts_with("Antrag: Prüfauftrag zur Umsetzung der Doppelstrategie\n"), "{out}");
    assert!(flat.contains(&squash(v["betreff"].as_str().unwrap_or("-"))), "{out}");
    assert!(lines.contains(&"Beratungsfolge"), "{out}");
    assert!(lines.contains(&"Sachverhalt"), "{out}");
    assert!(lines.contains(&"Anlagen"), "{out}");
    assert!(flat.contains(&squash(v["sachverhalt"].as_str().unwrap_or("-"))), "the whole Sachverhalt: {out}");
    assert!(out.contains("07.09.2021  Rat der Stadt · Entscheidung"), "{out}");

    for width in ["1", "8", "20", "33"] {
        let o = run(["show", "2014/0290", "--width", width]);
        assert_eq!(code(&o), 0);
        let w: usize = width.parse().unwrap_or(0);
        for l in stdout(&o).lines() {
            assert!(l.chars().count() <= w, "width {w}: {l:?}");
        }
    }
}

#[test]
fn show_of_an_unknown_number_exits_1_with_a_german_message() {
    let o = run(["show", "9999/0001"]);
    assert_eq!(code(&o), 1);
    assert!(stdout(&o).is_empty(), "{}", stdout(&o));
    assert_eq!(
        stderr(&o).trim_end(),
        "„9999/0001“ nicht gefunden: weder eine Vorlagennummer noch die Kennung eines geladenen Eintrags"
    );

    let o = run(["show", "kein\u{1b}[2Jtreffer"]);
    assert_eq!(code(&o), 1);
    assert!(!stderr(&o).contains('\u{1b}'), "{:?}", stderr(&o));
    assert!(stderr(&o).contains("kein␛[2Jtreffer"), "{}", stderr(&o));
}

#[test]
fn show_rejects_a_zero_width() {
    let o = run(["show", "2021/0832", "--width", "0"]);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(stdout(&o).is_empty());
}

// --- import ------------------------------------------------------------------

#[test]
fn import_of_the_seed_pages_gives_the_sample_archive() {
    let seeds = seeds();
    assert_eq!(seeds.len(), 5);
    let mut args = vec![OsArg::from("import")];
    args.extend(seeds.iter().map(|p| p.clone().into_os_string()));
    let o = run(args);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let expected =
        std::fs::read_to_string(manifest_dir().join("sample-data/herne.json")).expect("the sample");
    assert!(stdout(&o) == expected, "import output differs from sample-data/herne.json");
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
}

#[test]
fn import_with_output_writes_the_file() {
    let dir = TempDir::new("import_output");
    let target = dir.path().join("herne.json");
    let mut args = vec![OsArg::from("import"), "-o".into(), target.clone().into()];
    args.extend(seeds().into_iter().map(PathBuf::into_os_string));
    let o = run(args);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stdout(&o).is_empty(), "{}", stdout(&o));
    let written = std::fs::read_to_string(&target).expect("the written file");
    let expected =
        std::fs::read_to_string(manifest_dir().join("sample-data/herne.json")).expect("the sample");
    assert!(written == expected, "written file differs from the sample");

    // What was written loads like the sample.
    let o = run([OsArg::from("check"), "--json".into(), target.into()]);
    assert_eq!(code(&o), 0);
    assert_eq!(json_of(&o)["vorlagen"], 5);

    // A target that cannot be written: exit 2, the reason on stderr.
    let unwritable = dir.path().join("fehlt/herne.json");
    let mut args = vec![OsArg::from("import"), "-o".into(), unwritable.clone().into()];
    args.extend(seeds().into_iter().map(PathBuf::into_os_string));
    let o = run(args);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(stderr(&o).contains("nicht gefunden"), "{}", stderr(&o));
    assert!(!unwritable.exists());
}

#[test]
fn import_needs_pages() {
    let o = run(["import"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("<PAGES>"), "{}", stderr(&o));
}

// --- help and version --------------------------------------------------------

#[test]
fn help_and_version() {
    let o = run(["--help"]);
    assert_eq!(code(&o), 0);
    let out = stdout(&o);
    for sub in ["check", "search", "show", "import"] {
        assert!(out.lines().any(|l| l.trim_start().starts_with(sub)), "{sub} missing:\n{out}");
    }
    assert!(out.contains("Usage: ratsinfo"), "{out}");

    let o = run(["--version"]);
    assert_eq!(code(&o), 0);
    assert_eq!(stdout(&o), format!("ratsinfo {}\n", env!("CARGO_PKG_VERSION")));

    let o = run(["check", "--help"]);
    assert_eq!(code(&o), 0);
    assert!(stdout(&o).contains("--json"), "{}", stdout(&o));

    let o = run(["frobnicate-this-flag", "--nope"]);
    assert_eq!(code(&o), 2);
}

#[test]
fn the_built_in_sample_holds_two_cities() {
    let o = run(["check", "--json"]);
    let j = json_of(&o);
    assert_eq!(j["koerperschaften"], 2, "{j:#}");
    assert!(j["vorlagen"].as_u64().unwrap() > 5, "{j:#}");
    assert_eq!(j["errors"], Value::Array(vec![]), "{j:#}");
    assert_eq!(j["warnings"], Value::Array(vec![]), "{j:#}");
    // The Karlsruhe slice refers to sessions outside it, as any partial
    // mirror does: Hinweise, which do not fail the check.
    assert!(!j["notes"].as_array().unwrap().is_empty(), "{j:#}");
    assert_eq!(code(&o), 0);
    let o = run(["check"]);
    assert_eq!(code(&o), 0);
    assert!(
        stdout(&o).lines().last().unwrap().starts_with("Keine Fehler oder Warnungen; "),
        "{}",
        stdout(&o)
    );
    let o = run(["search", "turmbergbahn"]);
    assert!(stdout(&o).lines().next().is_some_and(|l| l.contains("Turmbergbahn")), "{}", stdout(&o));
}

/// A standard error that cannot be written (`2>/dev/full`, a closed
/// terminal) is no reason to panic: the exit status stays the one the
/// command defines.
#[test]
fn an_unwritable_standard_error_keeps_the_exit_status() {
    let full = || std::fs::OpenOptions::new().write(true).open("/dev/full").expect("/dev/full");
    if !Path::new("/dev/full").exists() {
        return;
    }
    let with_full_stderr =
        |args: &[&std::ffi::OsStr]| isolated::ratsinfo().args(args).stderr(full()).output().unwrap();
    let o = with_full_stderr(&["show".as_ref(), "9999/0001".as_ref()]);
    assert_eq!(o.status.code(), Some(1), "show: {:?}", o.status);

    // A page that cannot be recognised: reported on standard error, exit 1.
    let dir = TempDir::new("stderr_full");
    let page = dir.write("leer.txt", "Nichts zu sehen.\n");
    let o = with_full_stderr(&["import".as_ref(), page.as_os_str()]);
    assert_eq!(o.status.code(), Some(1), "import: {:?}", o.status);
    let o = with_full_stderr(&["check".as_ref(), dir.path().join("fehlt.json").as_os_str()]);
    assert_eq!(o.status.code(), Some(1), "check: {:?}", o.status);
}

// --- import: what it writes, and how much it reads ---------------------------

/// `import page.txt -o page.txt` overwrote the page it read; a failed
/// import truncated the `-o` file to an empty export. The output is now
/// refused when it is one of the pages, and written (atomically) only when
/// every page was read.
#[test]
fn import_never_overwrites_its_input_or_a_file_with_a_failed_import() {
    let dir = TempDir::new("import_safe");
    let seed = std::fs::read(&seeds()[0]).unwrap();
    let page = dir.write("seite.txt", &seed);
    let o = run([OsArg::from("import"), page.clone().into(), "-o".into(), page.clone().into()]);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(stderr(&o).contains("seite.txt"), "{}", stderr(&o));
    assert_eq!(std::fs::read(&page).unwrap(), seed, "the page must be untouched");
    // Also through another name for the same file.
    std::fs::hard_link(&page, dir.path().join("anders.txt")).unwrap();
    let o =
        run([OsArg::from("import"), page.clone().into(), "-o".into(), dir.path().join("anders.txt").into()]);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert_eq!(std::fs::read(&page).unwrap(), seed);

    // A failed import leaves an existing output as it was.
    let out = dir.write("alt.json", "{\"vorlagen\": []} alt");
    let bad = dir.write("kaputt.txt", "keine Seite\n");
    let o = run([OsArg::from("import"), page.clone().into(), bad.into(), "-o".into(), out.clone().into()]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    assert!(stderr(&o).contains("kaputt.txt"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "{\"vorlagen\": []} alt");

    // A good one replaces it whole, and leaves no temporary file behind.
    let o = run([OsArg::from("import"), page.into(), "-o".into(), out.clone().into()]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let written: Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    assert_eq!(written["vorlagen"].as_array().unwrap().len(), 1);
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 4, "{names:?}");
}

/// 20,000 repeated section headings took 10 s (each compared the whole
/// section so far); 100 MB of short lines 13 s and 4.8 GB. Import is linear
/// now, and a page beyond any real one is refused.
#[test]
fn import_is_linear_and_bounded() {
    let dir = TempDir::new("import_bounded");
    let mut text = String::from("Vorlage - 2024/0001\nBetreff: B\nSachverhalt:\n");
    for i in 0..20_000 {
        text.push_str(&format!("Sachverhalt: Absatz {i}\n"));
    }
    let page = dir.write("wiederholt.txt", &text);
    let start = std::time::Instant::now();
    let o = run([OsArg::from("import"), page.into()]);
    let took = start.elapsed();
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(took < std::time::Duration::from_secs(5), "{took:?}");
    let v = json_of(&o);
    assert!(v["vorlagen"][0]["sachverhalt"].as_str().unwrap().ends_with("Absatz 19999"));

    let huge = dir.write("riesig.txt", "a\n".repeat(9 << 20));
    let start = std::time::Instant::now();
    let o = run([OsArg::from("import"), huge.into()]);
    assert!(start.elapsed() < std::time::Duration::from_secs(5), "{:?}", start.elapsed());
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    assert!(stderr(&o).contains("zu groß"), "{}", stderr(&o));

    let fifo = dir.path().join("pipe.txt");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: mkfifo with a valid path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    let o = run([OsArg::from("import"), fifo.into()]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    assert!(stderr(&o).contains("keine gewöhnliche Datei"), "{}", stderr(&o));
}

// --- what is echoed: arguments and file names ---------------------------------

/// clap echoed a bad argument raw: `--width $'\e]0;PWNED\a'` set the
/// terminal's window title. Argument echoes are made visible and inert.
#[test]
fn a_bad_argument_is_echoed_without_control_characters() {
    for args in [
        vec!["show", "2021/0832", "--width", "\u{1b}]0;PWNED\u{7}"],
        vec!["--\u{1b}]0;PWNED\u{7}"],
        vec!["check", "--json\u{202e}"],
        vec!["search"],
    ] {
        let o = run(&args);
        assert_eq!(code(&o), 2, "{args:?}");
        let err = stderr(&o);
        assert!(!err.chars().any(|c| c.is_control() && c != '\n'), "{args:?}: {err:?}");
        assert!(!err.contains('\u{202e}'), "{args:?}: {err:?}");
        assert!(err.contains("error") || err.contains("Fehler"), "{args:?}: {err}");
    }
    let err = stderr(&run(["show", "1", "--width", "\u{1b}]0;PWNED\u{7}"]));
    assert!(err.contains(r"\u{1b}]0;PWNED\u{7}"), "{err}");
    // Help and version still print as they are, on standard output.
    let o = run(["show", "--help"]);
    assert_eq!(code(&o), 0);
    assert!(stdout(&o).contains("--width"), "{}", stdout(&o));
}

/// File names were cleaned like data: `Rat  2024.json` and `Rat 2024.json`
/// both showed as `Rat 2024.json`, and a name with U+202E as one that does
/// not exist. Names are shown as they are, with what is not printable
/// escaped, in the text and the JSON report alike.
#[test]
fn file_names_are_shown_unambiguously() {
    let dir = TempDir::new("names");
    for name in ["Rat  2024.json", "Rat 2024.json", "Rat\u{202e}nosj.2024.json", " Rat\tTab.json"] {
        dir.write(name, TRUNCATED);
    }
    for json in [false, true] {
        let mut args = vec![OsArg::from("check")];
        if json {
            args.push("--json".into());
        }
        args.push(dir.path().into());
        let o = run(args);
        let out = stdout(&o);
        let names: Vec<String> = if json {
            json_of(&o)["errors"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p["file"].as_str().unwrap().to_owned())
                .collect()
        } else {
            out.lines().filter(|l| l.starts_with("Fehler")).map(str::to_owned).collect()
        };
        assert_eq!(names.len(), 4, "{out}");
        for shown in ["/Rat  2024.json", "/Rat 2024.json", r"/Rat\u{202e}nosj.2024.json", r"/ Rat\tTab.json"]
        {
            assert!(names.iter().any(|n| n.contains(shown)), "{shown:?} in {names:?}");
        }
        assert!(!out.contains('\u{202e}') && !out.contains('\t'), "{out:?}");
    }
}

// --- odd corners -----------------------------------------------------------

/// Runs ratsinfo with `args`, stdout to a pipe; returns its output, and its
/// peak memory (KB) as the kernel counted it for this child alone.
// The child is reaped by wait4(2), which std's Child cannot do.
#[allow(clippy::zombie_processes)]
fn run_measured(args: &[&std::ffi::OsStr]) -> (Output, i64) {
    use std::os::unix::process::ExitStatusExt;
    use std::process::Stdio;
    let mut child =
        isolated::ratsinfo().args(args).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let (mut out, mut err) = (child.stdout.take().unwrap(), child.stderr.take().unwrap());
    let reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut out, &mut buf).unwrap();
        buf
    });
    let mut stderr = Vec::new();
    std::io::Read::read_to_end(&mut err, &mut stderr).unwrap();
    let stdout = reader.join().unwrap();
    let (mut status, mut usage) = (0, unsafe { std::mem::zeroed::<libc::rusage>() });
    // SAFETY: waits for our own child, once; Child is not waited on again.
    assert!(unsafe { libc::wait4(child.id() as i32, &mut status, 0, &mut usage) } > 0);
    let output = Output { status: std::process::ExitStatus::from_raw(status), stdout, stderr };
    (output, usage.ru_maxrss)
}

/// A text of 1 MB without a blank at width 1 is a million lines: they
/// were all built in memory first (10 MB took 8 s and 2.7 GB). Now the
/// reader's text is laid out a piece at a time, and `show` prints each
/// piece as it goes.
#[test]
fn a_long_word_at_width_one_is_printed_in_bounded_memory() {
    let dir = TempDir::new("long_word");
    let word = "x".repeat(1_000_000);
    let file = dir.write("a.json", export_with_text(&word));
    let start = std::time::Instant::now();
    let (o, peak_kb) = run_measured(&[
        "show".as_ref(),
        "2024/0001".as_ref(),
        file.as_os_str(),
        "--width".as_ref(),
        "1".as_ref(),
    ]);
    let took = start.elapsed();
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let out = stdout(&o);
    assert_eq!(out.lines().filter(|l| *l == "x").count(), 1_000_000);
    assert!(
        out.lines().all(|l| unicode_width::UnicodeWidthStr::width(l) <= 1 || !l.is_ascii()),
        "wider than 1"
    );
    assert!(peak_kb < 150_000, "{peak_kb} KB");
    assert!(took < std::time::Duration::from_secs(30), "{took:?}");
}

fn export_with_text(text: &str) -> String {
    format!(
        r#"{{"format": "ratsinfo-export/1", "koerperschaft": "Stadt Test",
            "vorlagen": [{{"nummer": "2024/0001", "betreff": "Lang", "sachverhalt": "{text}"}}]}}"#
    )
}

/// Without a terminal the UI said "No such device or address (os error
/// 6)"; with standard output redirected to a file it drew into the file.
/// It now says in German that it needs a terminal, and what works without.
#[test]
fn the_ui_without_a_terminal_says_so_in_german() {
    use std::os::unix::process::CommandExt;
    let dir = TempDir::new("no_tty");
    let file = std::fs::File::create(dir.path().join("bildschirm.txt")).unwrap();
    let mut cmd = isolated::ratsinfo();
    cmd.stdin(std::process::Stdio::null()).stdout(file);
    // SAFETY: setsid is async-signal-safe: no controlling terminal either.
    unsafe {
        cmd.pre_exec(|| {
            libc::setsid();
            Ok(())
        });
    }
    let o = cmd.output().unwrap();
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("Terminal") && err.contains("check") && err.contains("show"), "{err}");
    assert!(!err.contains("os error"), "{err}");
    assert!(
        std::fs::read(dir.path().join("bildschirm.txt")).unwrap().is_empty(),
        "nothing drawn into the file"
    );
}
