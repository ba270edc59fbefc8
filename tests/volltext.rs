//! The search pane's "Volltext" mode (issue 15): Tab switches between the
//! title search and the full text keeping the query, a hit shows its record,
//! where the words stand and the passage, Enter opens the record with the
//! reader at the hit and n/N on its words, and the query language's filters
//! narrow the hits as they narrow the titles.

mod common;

use std::sync::Arc;

use common::{Harness, TempDir};
use ratsinfo::doctext::Library;
use ratsinfo::fulltext::{FullText, Options, Progress};
use ratsinfo::pipeline::Source;
use ratsinfo::ui::app::Msg;

/// Filler that pushes what follows below the first screen of the reader.
fn filler(n: usize, tag: &str) -> String {
    (0..n).map(|i| format!("{tag} {i} über Verschiedenes ohne Belang.")).collect::<Vec<_>>().join("\n\n")
}

fn archive_files(dir: &TempDir) {
    let papers = serde_json::json!({
        "format": "ratsinfo-export/1",
        "koerperschaft": "Stadt Test",
        "vorlagen": [
            {"nummer": "2023/0100", "betreff": "Bericht der Verwaltung", "art": "Mitteilung",
             "sachverhalt": format!(
                 "{}\n\nDie libanesischer Küche gewidmete Ausstellung wird verlängert.\n\n{}\n\nDie Ausstellung endet im Mai.",
                 filler(30, "Absatz"), filler(30, "Punkt")),
             "beratungsfolge": [{"gremium": "Kulturausschuss", "datum": "2023-04-04"}]},
            {"nummer": "2021/0200", "betreff": "Partnerschaften", "art": "Antrag",
             "sachverhalt": "Eine libanesischer Delegation besucht die Stadt. Der Besuch dauert drei Tage und wird gut vorbereitet.",
             "beratungsfolge": [{"gremium": "Rat der Stadt", "datum": "2021-09-09"}]},
            {"nummer": "2022/0300", "betreff": "Haushalt", "art": "Beschlussvorlage",
             "sachverhalt": "Der Haushalt wird beraten. Nichts über Delegationen. Ein langer Satz für den Index.",
             "beratungsfolge": [{"gremium": "Rat der Stadt", "datum": "2022-12-12"}]}
        ],
        "auszuege": []
    });
    dir.write("archiv/papiere.json", serde_json::to_vec_pretty(&papers).unwrap());
}

/// The app on the archive, with its full-text index built in `dir` (as
/// the loader sends it when it is ready) unless `index` is false.
fn harness(dir: &TempDir, index: bool) -> Harness {
    archive_files(dir);
    let source = Source::new(vec![dir.path().join("archiv")]);
    let progress = Arc::new(ratsinfo::pipeline::Progress::default());
    let mut h = Harness::with_archive(source.load(&progress), 80, 24);
    let ft_progress = Arc::new(Progress::default());
    h.app.update(Msg::FullTextProgress(ft_progress.clone()));
    if index {
        let archive = source.load(&progress);
        let lib = Library::discover(&[dir.path().join("archiv")]);
        let opts = Options { root: Some(dir.path().join("cache")), ..Options::default() };
        let ft = FullText::open_or_build(&source, &archive, &lib, &ft_progress, &opts)
            .expect("building the index");
        h.app.update(Msg::FullText(Ok(Arc::new(ft))));
        h.pump();
    }
    h
}

/// The rows of the search pane below its input and count lines.
fn result_rows(h: &Harness) -> Vec<String> {
    let lines = h.lines();
    lines[3..lines.len() - 2]
        .iter()
        .map(|l| l.trim_matches(['│', ' ']).to_owned())
        .filter(|l| !l.is_empty())
        .collect()
}

#[test]
fn tab_switches_to_the_full_text_keeping_the_query_and_back() {
    let dir = TempDir::new("volltext-tab");
    let mut h = harness(&dir, true);
    h.press("/").type_text("libanesisch");
    assert!(h.screen().contains("Suche · Titel"), "{}", h.screen());
    // No title holds the word.
    assert!(h.screen().contains("Keine Treffer"), "{}", h.screen());

    h.press("Tab");
    let screen = h.screen();
    assert!(screen.contains("Suche · Volltext"), "{screen}");
    assert!(screen.contains("> libanesisch"), "the query stays: {screen}");
    assert!(screen.contains("2 Treffer"), "{screen}");
    let rows = result_rows(&h);
    // Each hit: the record on one row, where and the passage on the next.
    let head = rows.iter().position(|r| r.contains("2021/0200")).expect("the Antrag is found");
    assert!(rows[head].contains("09.09.2021") && rows[head].contains("Partnerschaften"), "{rows:?}");
    assert!(
        rows[head + 1].starts_with("Sachverhalt:") && rows[head + 1].contains("libanesischer"),
        "{rows:?}"
    );
    assert!(rows.iter().any(|r| r.contains("2023/0100")), "{rows:?}");
    assert!(!rows.iter().any(|r| r.contains("2022/0300")), "{rows:?}");

    h.press("Tab");
    assert!(h.screen().contains("Suche · Titel") && h.screen().contains("> libanesisch"), "{}", h.screen());
}

#[test]
fn a_hit_is_marked_in_the_passage() {
    let dir = TempDir::new("volltext-marks");
    let mut h = harness(&dir, true);
    h.press("/ Tab").type_text("delegation");
    let buf = h.buffer();
    let screen = common::screen_text(&buf);
    let (y, line) =
        screen.lines().enumerate().find(|(_, l)| l.contains("Delegation besucht")).expect("a passage");
    let col = |word: &str| line[..line.find(word).unwrap()].chars().count() as u16;
    let style = |x: u16| buf[(x, y as u16)].style();
    assert_ne!(
        style(col("Delegation")),
        style(col("besucht")),
        "the hit stands out from the passage: {line}"
    );
}

#[test]
fn enter_opens_the_record_at_the_hit_and_n_finds_its_words() {
    let dir = TempDir::new("volltext-open");
    let mut h = harness(&dir, true);
    h.press("/ Tab").type_text("ausstellung");
    assert!(h.screen().contains("2023/0100"), "{}", h.screen());
    h.press("Enter");
    let reader = h.reader_lines().join("\n");
    // The hit stands far below the first screen: the reader went there.
    assert!(reader.contains("Ausstellung"), "the reader shows the hit:\n{reader}");
    assert!(!reader.contains("Absatz 0 "), "the reader scrolled to it:\n{reader}");
    assert!(h.screen().contains("Bericht der Verwaltung") || reader.contains("2023/0100"), "{}", h.screen());
    assert!(reader.contains("verlängert") && !reader.contains("endet im Mai"), "{reader}");
    // n goes on to the next place of the words, far below.
    h.press("n");
    let reader = h.reader_lines().join("\n");
    assert!(reader.contains("endet im Mai"), "{reader}");
    // The query is remembered: / shows it again, in the full text.
    h.press("/");
    assert!(h.screen().contains("> ausstellung"), "{}", h.screen());
    assert!(h.screen().contains("Suche · Volltext"), "{}", h.screen());
}

#[test]
fn filters_narrow_the_full_text_hits_and_show_as_chips() {
    let dir = TempDir::new("volltext-filter");
    let mut h = harness(&dir, true);
    h.press("/ Tab").type_text("libanesisch j:2021");
    let rows = result_rows(&h);
    assert!(rows.iter().any(|r| r.contains("2021/0200")), "{rows:?}");
    assert!(!rows.iter().any(|r| r.contains("2023/0100")), "{rows:?}");
    assert!(h.screen().contains("1 Treffer"), "{}", h.screen());
    assert!(h.screen().contains(" 2021 "), "the year is a chip: {}", h.screen());

    // Filters alone hold no word to look for: said, not an error.
    h.press("C-u").type_text("j:2021");
    assert!(h.screen().contains("Nur Filter"), "{}", h.screen());
}

#[test]
fn while_the_index_is_built_the_pane_says_so_and_queries_wait_for_it() {
    let dir = TempDir::new("volltext-pending");
    let mut h = harness(&dir, false);
    // The status line says how far the index is.
    let status = |h: &Harness| h.lines().last().cloned().unwrap_or_default();
    assert!(status(&h).contains("Volltext prüfen …"), "{}", h.screen());
    h.press("/ Tab").type_text("delegation");
    let screen = h.screen();
    assert!(screen.contains("wird noch gebaut"), "{screen}");
    assert!(!screen.contains("2021/0200"), "{screen}");

    // The index arrives: the typed query runs without another key.
    let source = Source::new(vec![dir.path().join("archiv")]);
    let archive = source.load(&Arc::new(ratsinfo::pipeline::Progress::default()));
    let lib = Library::discover(&[dir.path().join("archiv")]);
    let opts = Options { root: Some(dir.path().join("cache")), ..Options::default() };
    let ft = FullText::open_or_build(&source, &archive, &lib, &Progress::default(), &opts).unwrap();
    h.app.update(Msg::FullText(Ok(Arc::new(ft))));
    h.pump();
    assert!(h.screen().contains("2021/0200"), "{}", h.screen());
    assert!(!status(&h).contains("Volltext prüfen"), "{}", h.screen());
}
