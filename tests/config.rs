//! `ratsinfo config`: the default file, and a broken file as the user sees
//! it. Every run has its own HOME and XDG directories.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::TempDir;
use ratsinfo::config::Config;

fn run(home: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ratsinfo"))
        .args(args)
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .output()
        .expect("running ratsinfo")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("UTF-8")
}

#[test]
fn the_default_file_is_commented_and_reads_back_to_the_defaults() {
    let tmp = TempDir::new("config-default");
    let out = run(tmp.path(), &["config", "--default"]);
    assert!(out.status.success());
    let text = stdout(&out);
    assert!(text.lines().filter(|l| l.starts_with('#')).count() > 20, "{text}");
    let loaded = Config::parse(&text, "x");
    assert_eq!(loaded.problems, vec![]);
    assert_eq!(loaded.config, Config::default());
    // Put in its place, it is a config without problems.
    tmp.write("config/ratsinfo/config.toml", &text);
    let out = run(tmp.path(), &["config"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).contains("Keine Probleme in der Konfiguration."));
}

#[test]
fn broken_files_are_named_with_line_and_column() {
    let tmp = TempDir::new("config-broken");
    let out = run(tmp.path(), &["config"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("nicht vorhanden: es gelten die Voreinstellungen"), "{}", stdout(&out));
    for (text, expected) in [
        (
            "mouse = true\n[theme\n",
            "Fehler in der Konfiguration {file}, Zeile 2, Spalte 7: kein gültiges TOML",
        ),
        (
            "read_delay_ms = \"lang\"\n",
            "Zeile 1, Spalte 17: „read_delay_ms“ erwartet Millisekunden von 0 bis 600000, gefunden ein Text",
        ),
        ("[keys]\nquit = \"strg-q\"\n", "Zeile 2, Spalte 8: keys.quit: unbekannte Taste „strg-q“"),
        (
            "\n\nfarbe = \"rot\"\n",
            "Warnung in der Konfiguration {file}, Zeile 3, Spalte 1: unbekannter Schlüssel „farbe“ wird ignoriert",
        ),
    ] {
        let path = tmp.write("config/ratsinfo/config.toml", text);
        let out = run(tmp.path(), &["config"]);
        assert_eq!(out.status.code(), Some(1), "{text}");
        let expected = expected.replace("{file}", &path.display().to_string());
        assert!(stdout(&out).contains(&expected), "{text}\n{}\nexpected: {expected}", stdout(&out));
    }
}

/// Rows of `text` that end inside a word with a hyphen: the word's two
/// parts without it are a word of `words`.
fn hyphenated_rows(text: &str, words: &str) -> usize {
    let lines: Vec<&str> = text.lines().collect();
    lines
        .windows(2)
        .filter(|w| {
            let last = w[0].split_whitespace().last().and_then(|l| l.strip_suffix('-'));
            let first = w[1].split_whitespace().next();
            match (last, first) {
                (Some(a), Some(b)) => words.split_whitespace().any(|x| x == format!("{a}{b}")),
                _ => false,
            }
        })
        .count()
}

#[test]
fn hyphenation_follows_the_config() {
    let tmp = TempDir::new("config-hyphenation");
    let show = || stdout(&run(tmp.path(), &["show", "2022/0072", "--width", "32"]));
    let on = show();
    // The words, from a layout so wide that no word is broken.
    let words = stdout(&run(tmp.path(), &["show", "2022/0072", "--width", "5000"]));
    assert!(hyphenated_rows(&on, &words) >= 3, "hyphenated by default:\n{on}");
    tmp.write("config/ratsinfo/config.toml", "hyphenation = false\n");
    let off = show();
    assert_eq!(hyphenated_rows(&off, &words), 0, "{off}");
    assert_ne!(on, off);
}
