//! `sprache = "en"`: the interface in English, the data as it is. German
//! is the default, and `LANG` alone does not switch it.
//!
//! Screens: each test sets the language of its own thread (tests run in
//! parallel threads of one process); the app's worker threads take it
//! along. The binary: each run has its own HOME and XDG directories.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::{Harness, TempDir};
use ratsinfo::strings::{self, Sprache};

fn status_line(h: &Harness) -> String {
    h.lines().last().cloned().unwrap_or_default()
}

/// The start screen, the reader of 2021/0832 and the help overlay, as text.
fn screens() -> (Harness, String, String, String) {
    let mut h = Harness::sample(120, 110);
    let start = h.screen();
    h.press("/doppel Enter");
    let reader = h.screen();
    h.press("?");
    let help = h.screen();
    (h, start, reader, help)
}

#[test]
fn the_screen_speaks_english_when_told() {
    let _en = strings::for_this_thread(Sprache::En);
    let (h, start, reader, help) = screens();
    assert!(start.lines().next().unwrap_or("").starts_with("┌Committees"), "{start}");
    assert!(start.contains("All papers"), "{start}");
    assert!(start.contains("06.06.2013  1 item"), "{start}");
    let status = start.lines().last().unwrap_or("");
    for hint in ["/ search", "? Help", "q quit", "Tab pane", "↑↓ select"] {
        assert!(status.contains(hint), "{hint:?} missing in the status line {status:?}");
    }
    for heading in ["Consultations", "Proposed resolution", "Statement of facts", "Attachments", "Number"] {
        assert!(reader.contains(heading), "no {heading:?}:\n{reader}");
    }
    // The data stays German.
    assert!(reader.contains("Die aufenthaltsrechtliche Komplexität"), "{reader}");
    assert!(help.contains("┌Help"), "{help}");
    assert!(help.contains("/               search the whole archive"), "{help}");
    for b in &h.app.keymap.bindings {
        assert!(help.contains(b.help.of(Sprache::En)), "help for {:?} missing:\n{help}", b.label());
    }
    // Nothing of the interface is German.
    for german in ["Gremien", "Alle Vorlagen", "suchen", "beenden", "Hilfe", "Beratungsfolge", "Sachverhalt"]
    {
        for (name, screen) in [("start", &start), ("reader", &reader), ("help", &help)] {
            assert!(!screen.contains(german), "{german:?} on the {name} screen:\n{screen}");
        }
    }
    assert!(status_line(&h).contains("Esc close"), "{}", status_line(&h));
}

#[test]
fn the_screen_speaks_german_by_default() {
    let (h, start, reader, help) = screens();
    assert!(start.lines().next().unwrap_or("").starts_with("┌Gremien"), "{start}");
    assert!(start.contains("Alle Vorlagen") && start.contains("06.06.2013  1 TOP"), "{start}");
    let status = start.lines().last().unwrap_or("");
    for hint in ["/ suchen", "? Hilfe", "q beenden", "Tab Bereich", "↑↓ wählen"] {
        assert!(status.contains(hint), "{hint:?} missing in the status line {status:?}");
    }
    for heading in ["Beratungsfolge", "Beschlussvorschlag", "Sachverhalt", "Anlagen", "Nummer"] {
        assert!(reader.contains(heading), "no {heading:?}:\n{reader}");
    }
    assert!(help.contains("┌Hilfe") && help.contains("im ganzen Archiv suchen"), "{help}");
    for english in ["Committees", "search the whole archive", "Statement of facts"] {
        assert!(!start.contains(english) && !reader.contains(english) && !help.contains(english));
    }
    assert!(status_line(&h).contains("Esc schließen"), "{}", status_line(&h));
}

fn run(home: &Path, args: &[&str], lang: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ratsinfo"))
        .args(args)
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .env("LANG", lang)
        .env("LC_ALL", lang)
        .output()
        .expect("running ratsinfo")
}

fn text(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned() + &String::from_utf8_lossy(&o.stderr)
}

#[test]
fn the_command_line_follows_the_config_not_lang() {
    let tmp = TempDir::new("i18n-cli");
    // No config, an English LANG: German.
    let out = run(tmp.path(), &["check"], "en_US.UTF-8");
    let de = text(&out);
    assert!(de.contains("Dateien gelesen") && de.contains("Keine Fehler oder Warnungen; 3 Hinweise"), "{de}");
    assert!(de.contains("Hinweis: ") && de.contains("Nicht geladen: "), "{de}");

    tmp.write("config/ratsinfo/config.toml", "sprache = \"en\"\n");
    let out = run(tmp.path(), &["check"], "de_DE.UTF-8");
    let en = text(&out);
    assert_eq!(out.status.code(), Some(0), "{en}");
    assert!(en.contains("files read\nBodies 2 · Committees"), "{en}");
    assert!(en.contains("No errors or warnings; 3 notes"), "{en}");
    // Problems of the data are the loader's, made on its threads.
    assert!(en.contains("Note: ") && en.contains("Not loaded: "), "{en}");
    assert!(!en.contains("Hinweis") && !en.contains("gelesen"), "{en}");

    let out = run(tmp.path(), &["show", "1999/9999"], "C");
    assert!(text(&out).contains("“1999/9999” not found"), "{}", text(&out));
    let out = run(tmp.path(), &["termine", "--from", "morgen"], "C");
    assert!(text(&out).contains("expected a date: YYYY-MM-DD or DD.MM.YYYY"), "{}", text(&out));

    // The default file for an English user keeps English, and reads back
    // to the defaults but for that.
    let out = run(tmp.path(), &["config", "--default"], "C");
    let file = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(file.starts_with("# ratsinfo: config") && file.contains("\nsprache = \"en\"\n"), "{file}");
    let loaded = ratsinfo::config::Config::parse(&file, "x");
    assert_eq!(loaded.problems, vec![]);
    let english_defaults = ratsinfo::config::Config { sprache: Sprache::En, ..Default::default() };
    assert_eq!(loaded.config, english_defaults);
}

/// The files of the full-text indexes under `cache`, with their sizes.
fn index_files(cache: &Path) -> Vec<(String, u64)> {
    let mut out = Vec::new();
    let mut dirs = vec![cache.to_path_buf()];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            match e.metadata() {
                Ok(m) if m.is_dir() => dirs.push(p),
                Ok(m) => out.push((p.display().to_string(), m.len())),
                Err(_) => {}
            }
        }
    }
    out.sort();
    out
}

#[test]
fn full_text_hits_name_their_section_in_either_language_from_one_index() {
    let tmp = TempDir::new("i18n-volltext");
    let out = run(tmp.path(), &["search", "--text", "libanesischer"], "C");
    let de = text(&out);
    assert!(de.contains("    Sachverhalt: "), "{de}");
    let built = index_files(&tmp.path().join("cache"));
    assert!(!built.is_empty(), "an index was built");

    tmp.write("config/ratsinfo/config.toml", "sprache = \"en\"\n");
    let out = run(tmp.path(), &["search", "--text", "libanesischer"], "C");
    let en = text(&out);
    assert!(en.contains("    Statement of facts: "), "{en}");
    assert!(!en.contains("Sachverhalt"), "{en}");
    // The index does not depend on the language: nothing was indexed again.
    assert_eq!(index_files(&tmp.path().join("cache")), built);
}
