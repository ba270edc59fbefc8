//! Full-text search (src/fulltext): what a query finds in an archive of
//! export files written here, how the index on disk is reused, updated and
//! rebuilt, and `ratsinfo search --text` as a user runs it.

mod isolated;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use ratsinfo::doctext::Library;
use ratsinfo::fulltext::{self, FullText, Options, Outcome, Progress};
use ratsinfo::open::Data;
use ratsinfo::pipeline::Source;
use serde_json::{Value, json};

struct Temp(PathBuf);

impl Temp {
    fn new(name: &str) -> Temp {
        let dir = std::env::temp_dir().join(format!("ratsinfo-fulltext-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("archiv")).unwrap();
        Temp(dir)
    }

    fn archive(&self) -> PathBuf {
        self.0.join("archiv")
    }

    fn opts(&self) -> Options {
        Options { root: Some(self.0.join("cache")), ..Options::default() }
    }
}

impl Drop for Temp {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

fn vorlage(nummer: &str, betreff: &str, sachverhalt: &str) -> Value {
    json!({
        "nummer": nummer,
        "betreff": betreff,
        "sachverhalt": sachverhalt,
        "beratungsfolge": [{"gremium": "Rat der Stadt", "datum": "2024-03-05"}],
    })
}

fn write_file(dir: &Path, name: &str, vorlagen: Vec<Value>, auszuege: Vec<Value>) {
    let file = json!({
        "format": "ratsinfo-export/1",
        "koerperschaft": "Stadt Beispiel",
        "vorlagen": vorlagen,
        "auszuege": auszuege,
    });
    std::fs::write(dir.join(name), serde_json::to_vec_pretty(&file).unwrap()).unwrap();
}

/// Long enough that the loader leaves them in their files.
fn long(s: &str) -> String {
    format!("{s} Dieser Absatz steht hier, damit der Text lang genug ist, um in seiner Datei zu bleiben.")
}

fn sample(dir: &Path) {
    write_file(
        dir,
        "a.json",
        vec![
            vorlage(
                "2024/0001",
                "Schulen im Stadtteil",
                &long("Die Sanierung der Schule an der Straße beginnt im Mai."),
            ),
            vorlage("2024/0002", "Grünflächen", &long("Die Grünfläche am Rathaus wird neu bepflanzt.")),
            vorlage(
                "2024/0003",
                "Doppelstrategie",
                &long("Chancen bieten und Grenzen setzen: so heißt die Strategie. Die Strasse bleibt offen."),
            ),
        ],
        vec![json!({
            "gremium": "Rat der Stadt",
            "datum": "2024-03-05",
            "titel": "Haushalt 2025",
            "top": "Ö 4",
            "beschluss": long("Der Rat beschließt den Haushalt; die Gruenflaeche am Bahnhof wird gepflegt."),
        })],
    );
    write_file(
        dir,
        "b.json",
        vec![vorlage(
            "2024/0004",
            "Verkehr",
            &long("Grenzen des Verkehrs setzen wir nicht. Radwege werden saniert."),
        )],
        vec![],
    );
}

fn open(t: &Temp) -> (FullText, Data) {
    let source = Source::new(vec![t.archive()]);
    let data = Data::new(source.load(&Arc::new(ratsinfo::pipeline::Progress::default())));
    let lib = Library::discover(&[t.archive()]);
    let ft = FullText::open_or_build(&source, &data.archive, &lib, &Progress::default(), &t.opts()).unwrap();
    (ft, data)
}

/// The Nummern of the records found, best first.
fn found(ft: &FullText, d: &Data, q: &str) -> Vec<String> {
    ft.query(q, 50)
        .unwrap_or_else(|e| panic!("{q}: {e}"))
        .iter()
        .map(|h| {
            let r = fulltext::record_of(&d.archive, &h.key).unwrap_or_else(|| panic!("{}", h.key));
            fulltext::summary(&d.archive, r).nummer
        })
        .collect()
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

#[test]
fn words_stems_phrases_prefixes_exclusions_and_umlauts() {
    let t = Temp::new("abfrage");
    sample(&t.archive());
    let (ft, d) = open(&t);
    assert_eq!(ft.outcome, Outcome::Built);
    // Stemming: the plural finds the singular, and the other way round.
    assert_eq!(found(&ft, &d, "Sanierungen"), ["2024/0001"]);
    assert_eq!(found(&ft, &d, "Schulen"), ["2024/0001"]);
    assert_eq!(found(&ft, &d, "Schule"), ["2024/0001"]);
    // Every word must match, in one section or the title.
    assert_eq!(found(&ft, &d, "Sanierung Mai"), ["2024/0001"]);
    assert!(found(&ft, &d, "Sanierung Rathaus").is_empty());
    // A phrase: the words in this order, next to each other.
    assert_eq!(found(&ft, &d, "\"Grenzen setzen\""), ["2024/0003"]);
    assert_eq!(sorted(found(&ft, &d, "Grenzen setzen")), ["2024/0003", "2024/0004"]);
    // Prefix.
    assert_eq!(sorted(found(&ft, &d, "sanier*")), ["2024/0001", "2024/0004"]);
    assert_eq!(sorted(found(&ft, &d, "Grünfl*")), ["", "2024/0002"]);
    // A word typed halfway, whose stem is shorter than the prefix's.
    assert_eq!(sorted(found(&ft, &d, "Sanierun*")), ["2024/0001"]);
    assert_eq!(sorted(found(&ft, &d, "Grünfläc*")), ["", "2024/0002"]);
    // Exclusion: no record that holds the word anywhere.
    assert_eq!(found(&ft, &d, "Grenzen -Radwege"), ["2024/0003"]);
    assert_eq!(found(&ft, &d, "sanier* -Verkehr"), ["2024/0001"]);
    // Umlauts and their spellings, both ways; ß and ss.
    assert_eq!(sorted(found(&ft, &d, "Gruenflaeche")), ["", "2024/0002"]);
    assert_eq!(sorted(found(&ft, &d, "Grünfläche")), ["", "2024/0002"]);
    assert_eq!(sorted(found(&ft, &d, "Strasse")), ["2024/0001", "2024/0003"]);
    assert_eq!(sorted(found(&ft, &d, "Straße")), ["2024/0001", "2024/0003"]);
    assert!(found(&ft, &d, "Turmbergbahn").is_empty());
    // Bad queries are German messages.
    assert!(ft.query("\"offen", 10).unwrap_err().0.contains("Anführungszeichen"));
    assert!(ft.query("-Grenzen", 10).unwrap_err().0.contains("ausgeschlossene"));
}

#[test]
fn a_hit_says_where_it_is_and_its_snippet_holds_it() {
    let t = Temp::new("treffer");
    sample(&t.archive());
    let (ft, d) = open(&t);
    let hits = ft.query("Gruenflaeche Bahnhof", 10).unwrap();
    assert_eq!(hits.len(), 1);
    let h = &hits[0];
    assert_eq!(h.section, "Beschluss");
    assert!(h.key.starts_with("auszug|"), "{}", h.key);
    let shown: Vec<&str> = h.highlights.iter().map(|r| &h.snippet[r.clone()]).collect();
    assert_eq!(shown, ["Gruenflaeche", "Bahnhof"], "{}", h.snippet);
    assert_eq!(h.terms, ["Gruenflaeche", "Bahnhof"]);
    assert!(!h.snippet.contains('\n'));
    let r = fulltext::record_of(&d.archive, &h.key).unwrap();
    let s = fulltext::summary(&d.archive, r);
    assert_eq!(
        (s.titel.as_str(), s.gremium.as_str(), s.datum.as_str()),
        ("Haushalt 2025", "Rat der Stadt", "05.03.2024")
    );

    let h = &ft.query("Grünfläche Rathaus", 10).unwrap()[0];
    assert_eq!(h.section, "Sachverhalt");
    let shown: Vec<&str> = h.highlights.iter().map(|r| &h.snippet[r.clone()]).collect();
    assert_eq!(shown, ["Grünfläche", "Rathaus"], "{h:?}");
    // "Die Grünfläche am Rathaus …": the first hit's place in the text.
    assert_eq!(h.first, Some(4));
    // A title hit: its section is the title.
    let h = &ft.query("Doppelstrategie", 10).unwrap()[0];
    assert_eq!((h.section.as_str(), h.snippet.as_str()), ("Betreff", "Doppelstrategie"));
    assert_eq!(h.highlights, vec![std::ops::Range { start: 0, end: "Doppelstrategie".len() }]);
}

#[test]
fn the_index_is_reused_updated_for_what_changed_and_rebuilt_when_damaged() {
    let t = Temp::new("index");
    sample(&t.archive());
    let (ft, _) = open(&t);
    assert_eq!(ft.outcome, Outcome::Built);
    let dir = ft.dir().to_owned();
    assert!(dir.starts_with(t.0.join("cache")));
    assert_eq!(ft.builds(), (1, 0));
    let docs = ft.num_docs();
    drop(ft);

    // Nothing changed: opened as it was.
    let (ft, _) = open(&t);
    assert_eq!(ft.outcome, Outcome::Reused);
    assert_eq!(ft.builds(), (1, 0));
    assert_eq!(ft.num_docs(), docs);
    drop(ft);

    // One file changes: only its record is indexed again.
    std::thread::sleep(std::time::Duration::from_millis(20));
    write_file(
        &t.archive(),
        "b.json",
        vec![vorlage("2024/0004", "Verkehr", &long("Tempo 30 vor der Grundschule am Markt."))],
        vec![],
    );
    let (ft, d) = open(&t);
    assert_eq!(ft.outcome, Outcome::Updated { indexed: 1, removed: 0 });
    assert_eq!(ft.builds(), (1, 1));
    assert_eq!(found(&ft, &d, "Tempo"), ["2024/0004"]);
    assert!(found(&ft, &d, "Radwege").is_empty());
    drop(ft);

    // A file goes: its records leave the index.
    std::fs::remove_file(t.archive().join("b.json")).unwrap();
    let (ft, d) = open(&t);
    assert_eq!(ft.outcome, Outcome::Updated { indexed: 0, removed: 1 });
    assert!(found(&ft, &d, "Tempo").is_empty());
    assert_eq!(found(&ft, &d, "Sanierung"), ["2024/0001"]);
    drop(ft);

    // Damage: tantivy's meta replaced by garbage.
    std::fs::write(dir.join("meta.json"), b"\x00\xffkaputt").unwrap();
    let (ft, d) = open(&t);
    assert_eq!(ft.outcome, Outcome::Built);
    assert_eq!(found(&ft, &d, "Sanierung"), ["2024/0001"]);
    drop(ft);

    // Every file of the index cut short.
    for e in std::fs::read_dir(&dir).unwrap().flatten() {
        if e.file_name().to_string_lossy().ends_with(".idx")
            || e.file_name().to_string_lossy().ends_with(".store")
        {
            let len = e.metadata().unwrap().len();
            let f = std::fs::OpenOptions::new().write(true).open(e.path()).unwrap();
            f.set_len(len / 2).unwrap();
        }
    }
    let (ft, d) = open(&t);
    assert_eq!(ft.outcome, Outcome::Built);
    assert_eq!(found(&ft, &d, "Grünfläche").len(), 2);
    drop(ft);

    // A foreign folder where the index belongs: garbage files, our meta
    // of another schema.
    std::fs::remove_dir_all(&dir).unwrap();
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("meta.json"), b"{\"segments\": 17}").unwrap();
    std::fs::write(dir.join("ratsinfo-volltext.json"), b"{\"schema\": 999}").unwrap();
    std::fs::write(dir.join("abc.idx"), vec![0xAB; 4096]).unwrap();
    let (ft, d) = open(&t);
    assert_eq!(ft.outcome, Outcome::Built);
    assert_eq!(found(&ft, &d, "Grünfläche").len(), 2);
    // No half-built folder is left beside it.
    let left: Vec<String> = std::fs::read_dir(t.0.join("cache"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left.len(), 1, "{left:?}");
}

#[test]
fn a_second_writer_waits_for_nobody_and_uses_the_index_as_it_is() {
    let t = Temp::new("sperre");
    sample(&t.archive());
    let (ft, _) = open(&t);
    let dir = ft.dir().to_owned();
    drop(ft);
    // Another process holds tantivy's writer lock.
    let index = tantivy::Index::open_in_dir(&dir).unwrap();
    let writer: tantivy::IndexWriter = index.writer(20 << 20).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    write_file(
        &t.archive(),
        "c.json",
        vec![vorlage("2024/0009", "Neu", &long("Eine Quartiersgarage."))],
        vec![],
    );
    let (ft, d) = open(&t);
    assert_eq!(ft.outcome, Outcome::Busy);
    assert_eq!(found(&ft, &d, "Sanierung"), ["2024/0001"]);
    drop(ft);
    drop(writer);
    let (ft, d) = open(&t);
    assert!(matches!(ft.outcome, Outcome::Updated { indexed: 1, .. }), "{:?}", ft.outcome);
    assert_eq!(found(&ft, &d, "Quartiersgaragen"), ["2024/0009"]);
}

#[test]
fn progress_reads_as_a_status_line() {
    let p = Progress::default();
    assert!(p.status().contains("Volltext"));
    p.total.store(100_000, std::sync::atomic::Ordering::Relaxed);
    assert_eq!(fulltext::Phase::Pruefen, p.phase());
}

// --- the command line ---------------------------------------------------------

fn ratsinfo(args: &[&str]) -> std::process::Output {
    isolated::ratsinfo().args(args).output().unwrap()
}

#[test]
fn search_text_finds_libanesischer_in_the_built_in_sample() {
    let out = ratsinfo(&["search", "--text", "libanesischer"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines = text.lines();
    assert!(
        lines.next().unwrap().starts_with("2022/0072  15.02.2022  Rat der Stadt  Bericht der Verwaltung"),
        "{text}"
    );
    let second = lines.next().unwrap();
    assert!(second.starts_with("    Sachverhalt: ") && second.contains("libanesischer"), "{text}");
    // The index went to the (test's) cache directory.
    assert!(isolated::home().join("cache/ratsinfo/volltext/beispiel/ratsinfo-volltext.json").is_file());

    let out = ratsinfo(&["search", "--text", "--json", "\"Grenzen setzen\""]);
    assert_eq!(out.status.code(), Some(0));
    let hits: Vec<Value> =
        String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert!(hits.len() >= 2, "{hits:?}");
    for key in ["key", "nummer", "titel", "gremium", "datum", "score", "section", "snippet"] {
        assert!(hits[0].get(key).is_some(), "{key}: {}", hits[0]);
    }
    assert!(hits.iter().any(|h| h["nummer"] == "2022/0072"));
    assert!(hits[0]["snippet"].as_str().unwrap().contains("Grenzen setzen"));
}

#[test]
fn search_text_exits_1_without_hits_and_2_on_a_bad_query() {
    let out = ratsinfo(&["search", "--text", "Zyxwvutsrq"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let out = ratsinfo(&["search", "--text", "\"offen"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("Anführungszeichen nicht geschlossen"), "{err}");
    // --json is also the fuzzy search's.
    assert_eq!(ratsinfo(&["search", "--json", "Rat"]).status.code(), Some(0));
}
