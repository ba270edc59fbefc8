//! The search that says what it means (issue 14): words before scattered
//! letters, one row per Vorlage with its date, umlauts folded both ways,
//! filters with chips, and the same language on the command line.

mod common;
mod isolated;

use std::process::Output;

use common::{Harness, export};
use serde_json::Value;

const PAPERS: &str = r#"
    {"nummer": "2021/0001", "betreff": "Neue Straßenbahn nach Süden", "art": "Antrag",
     "beratungsfolge": [{"gremium": "Bauausschuss", "datum": "2021-02-01"},
                        {"gremium": "Rat der Stadt", "datum": "2021-03-01", "ergebnis": "beschlossen"}]},
    {"nummer": "2022/0002", "betreff": "Aeltestenrat: Sitzordnung", "art": "Mitteilung",
     "beratungsfolge": [{"gremium": "Ältestenrat", "datum": "2022-01-10"}]},
    {"nummer": "2019/0003", "betreff": "Haushalt 2020", "art": "Beschlussvorlage",
     "beratungsfolge": [{"gremium": "Rat der Stadt", "datum": "2019-12-10"}]},
    {"nummer": "2023/0004", "betreff": "Haushalt 2024", "art": "Beschlussvorlage",
     "beratungsfolge": [{"gremium": "Rat der Stadt", "datum": "2023-12-12"}]},
    {"nummer": "2023/0005", "betreff": "Sachstand Hallenbad Ost", "art": "Mitteilung",
     "beratungsfolge": [{"gremium": "Sportausschuss", "datum": "2023-05-05"}]}"#;

fn harness() -> Harness {
    Harness::json(&export(PAPERS, ""), 80, 24)
}

/// The result rows on screen (below the input and the count line).
fn result_rows(h: &Harness) -> Vec<String> {
    let lines = h.lines();
    lines[3..lines.len() - 2]
        .iter()
        .map(|l| l.trim_matches(['│', ' ']).to_owned())
        .filter(|l| !l.is_empty() && !l.contains("── ähnlich ──"))
        .collect()
}

/// The rows that hold every word: those above the divider.
fn word_rows(h: &Harness) -> Vec<String> {
    let n = h.app.search.as_ref().and_then(|s| s.result.as_ref()).map_or(0, |r| r.words_in_top);
    result_rows(h).into_iter().take(n).collect()
}

#[test]
fn umlauts_and_sharp_s_fold_both_ways() {
    for (query, want) in [
        ("strassenbahn", "2021/0001"),
        ("straßenbahn", "2021/0001"),
        ("STRASSENBAHN", "2021/0001"),
        ("ältestenrat", "2022/0002"),
        ("aeltestenrat", "2022/0002"),
        ("sueden", "2021/0001"),
    ] {
        let mut h = harness();
        h.press("/").type_text(query);
        let rows = result_rows(&h);
        assert!(rows.first().is_some_and(|r| r.contains(want)), "{query}: {rows:#?}");
    }
    // The marks stand on the original letters: "Straßen" of "Straßenbahn".
    let mut h = harness();
    h.press("/").type_text("strassen");
    let buf = h.buffer();
    let y =
        h.lines().iter().position(|l| l.contains("Straßenbahn")).unwrap_or_else(|| panic!("{}", h.screen()))
            as u16;
    let row: String = (0..80).map(|x| buf[(x, y)].symbol().to_owned()).collect();
    let at = row.find("Straßenbahn").unwrap_or_else(|| panic!("{row}"));
    let x = row[..at].chars().count() as u16;
    let marked = |x: u16| buf[(x, y)].modifier.contains(ratatui::style::Modifier::BOLD);
    assert!((x..x + 7).all(marked), "{row}");
    assert!(!marked(x + 7), "{row}");
}

#[test]
fn one_row_per_vorlage_with_its_latest_session_and_its_date_first() {
    let mut h = harness();
    h.press("/strassenbahn");
    let rows = word_rows(&h);
    assert_eq!(rows.len(), 1, "{rows:#?}");
    assert!(rows[0].starts_with("01.03.2021  2021/0001 · Neue Straßenbahn"), "{rows:#?}");
    assert!(rows[0].contains("Rat der Stadt"), "{rows:#?}");
    // Its other session is reachable in the reader.
    h.press("Enter");
    let reader = h.reader_lines().join("\n");
    assert!(reader.contains("01.02.2021") && reader.contains("Bauausschuss"), "{reader}");
}

#[test]
fn words_come_before_scattered_letters_behind_a_divider() {
    let mut h = Harness::sample(80, 24);
    h.press("/integ");
    let lines = h.lines();
    assert!(lines[2].contains("mit allen Wörtern") && lines[2].contains("ähnlich"), "{}", h.screen());
    let divider =
        lines.iter().position(|l| l.contains("── ähnlich ──")).unwrap_or_else(|| panic!("{}", h.screen()));
    assert!(divider > 3, "word hits first:\n{}", h.screen());
    // Every row above holds the word; the rows below are dimmed.
    let d = h.app.data.as_ref().unwrap();
    let s = h.app.search.as_ref().unwrap();
    let r = s.result.as_ref().unwrap();
    for (i, &(_, id)) in r.top.iter().enumerate() {
        let text = ratsinfo::search::fold(&ratsinfo::search::entry_text(
            &d.archive,
            &d.tree,
            d.index.entries[id as usize].node,
        ));
        let holds = ratsinfo::search::has_word_prefix(&text, "integ");
        assert_eq!(holds, i < r.words_in_top, "{i}: {text}");
    }
    let buf = h.buffer();
    let below = (divider + 1) as u16;
    assert!(buf[(12, below)].modifier.contains(ratatui::style::Modifier::DIM), "{}", h.screen());
    // The selection skips the divider.
    let words = r.words_in_top;
    for _ in 0..words {
        h.press("Down");
    }
    assert_eq!(h.app.search.as_ref().unwrap().list.selected, words);
}

#[test]
fn filters_narrow_and_sort_and_say_what_they_mean() {
    let mut h = harness();
    h.press("/").type_text("g:rat");
    let lines = h.lines();
    assert!(lines[2].contains("Gremium: Rat der Stadt"), "{}", h.screen());
    assert!(lines[2].contains("neueste zuerst"), "{}", h.screen());
    let rows = result_rows(&h);
    // Filters only: the Rat's papers, newest first (not the Ältestenrat's).
    let numbers: Vec<&str> = rows.iter().map(|r| &r[12..21]).collect();
    assert_eq!(numbers, ["2023/0004", "2021/0001", "2019/0003"], "{rows:#?}");

    let mut h = harness();
    h.press("/").type_text("haushalt j:2019");
    let rows = word_rows(&h);
    assert_eq!(rows.len(), 1, "{rows:#?}");
    assert!(rows[0].contains("2019/0003"), "{rows:#?}");
    assert!(h.lines()[2].contains("Jahr: 2019"), "{}", h.screen());

    let mut h = harness();
    h.press("/").type_text("haushalt s:datum");
    let rows = result_rows(&h);
    assert!(rows[0].contains("2023/0004") && rows[1].contains("2019/0003"), "{rows:#?}");

    let mut h = harness();
    h.press("/").type_text("art:mitteilung von:2023");
    let rows = result_rows(&h);
    assert_eq!(rows.len(), 1, "{rows:#?}");
    assert!(rows[0].contains("2023/0005"), "{rows:#?}");

    // An unknown key is said, not an empty list.
    let mut h = harness();
    h.press("/").type_text("x:haushalt");
    assert!(h.lines()[2].contains("Filter »x:haushalt« unbekannt"), "{}", h.screen());
}

fn run(args: &[&str]) -> Output {
    isolated::ratsinfo().args(args).output().expect("running ratsinfo")
}

fn papers_file(name: &str) -> (common::TempDir, String) {
    let dir = common::TempDir::new(name);
    let path = dir.write("papers.json", export(PAPERS, ""));
    (dir, path.to_string_lossy().into_owned())
}

#[test]
fn search_json_prints_one_object_a_line() {
    let (_dir, path) = papers_file("search-json");
    let o = run(&["search", "--json", "haushalt", &path]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let lines: Vec<Value> = String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    assert_eq!(lines.len(), 2);
    for l in &lines {
        for key in ["kind", "key", "nummer", "titel", "gremium", "datum", "score"] {
            assert!(l.get(key).is_some(), "{key} missing in {l}");
        }
        assert_eq!(l["kind"], "vorlage");
        assert_eq!(l["gremium"], "Rat der Stadt");
    }
    assert_eq!(lines[0]["datum"].as_str().map(|d| d.len()), Some(10));
    // The key names the record for `show`.
    let key = lines[0]["key"].as_str().unwrap();
    let o = run(&["show", key, &path]);
    assert_eq!(o.status.code(), Some(0), "{key}: {}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn search_on_the_command_line_speaks_the_query_language() {
    let (_dir, path) = papers_file("search-language");
    let o = run(&["search", "g:rat s:datum", &path]);
    let out = String::from_utf8_lossy(&o.stdout);
    let firsts: Vec<&str> = out.lines().map(|l| &l[..9]).collect();
    assert_eq!(firsts, ["2023/0004", "2021/0001", "2019/0003"], "{out}");

    // A query that starts with '-' follows `--`.
    let o = run(&["search", "--", "-haushalt", &path]);
    assert_ne!(o.status.code(), Some(2), "{}", String::from_utf8_lossy(&o.stderr));

    // Nothing to search for: said why, exit 2.
    let o = run(&["search", "  ", &path]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("Leere Suche"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(o.stdout.is_empty());

    // An unknown filter: said, exit 2, nothing printed.
    let o = run(&["search", "x:1 haushalt", &path]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("»x:1« unbekannt"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(o.stdout.is_empty());
}
