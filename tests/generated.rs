//! The archive generator of the scale benchmark (`examples/gen-archive.rs`)
//! at a small size: what it writes must be valid ratsinfo-export/1 that
//! loads without a single problem, with the shape the benchmark relies on,
//! and the same bytes every time.

#[path = "../examples/support/archive_gen.rs"]
mod archive_gen;
#[path = "../examples/support/rng.rs"]
mod rng;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use archive_gen::{Config, civil_from_days, days_from_civil, generate};
use ratsinfo::open::Data;
use ratsinfo::pipeline::{Progress, load_paths};

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ratsinfo-test-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn read_all(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut problems = Vec::new();
    ratsinfo::pipeline::discover(&[dir.to_path_buf()], &mut problems)
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p.strip_prefix(dir).unwrap().to_path_buf(), bytes)
        })
        .collect()
}

#[test]
fn a_small_generated_archive_loads_without_problems() {
    let dir = temp_dir("gen");
    let summary = generate(&Config::new(200), &dir).unwrap();
    assert_eq!(summary.vorlagen, 200);
    let d = Data::new(load_paths(std::slice::from_ref(&dir), &Arc::new(Progress::default())));
    let a = &d.archive;
    assert!(a.problems.is_empty(), "{:#?}", a.problems);
    assert_eq!(a.files, summary.files.len());
    assert_eq!(a.vorlagen.len(), 200);
    assert_eq!(a.auszuege.len(), summary.auszuege);
    // About one Auszug per Vorlage; 1–3 Beratungen each.
    assert!((160..=260).contains(&a.auszuege.len()), "{}", a.auszuege.len());
    assert!(a.vorlagen.iter().all(|v| (1..=3).contains(&v.beratungsfolge.len())));
    // Most Auszüge are the same item as a Beratung of their Vorlage.
    assert!(
        d.tree.items.len()
            < a.auszuege.len() + a.vorlagen.iter().map(|v| v.beratungsfolge.len()).sum::<usize>()
    );
    // German text with what real exports carry, cleaned when read (long
    // texts are read from their files when shown).
    let text: String = a.vorlagen.iter().map(|v| v.sachverhalt.read().unwrap().into_owned()).collect();
    assert!(text.contains('ü') && text.contains('ß'));
    assert!(!text.contains('\u{a0}'), "no-break spaces are normalised on load");
    let raw: Vec<u8> = read_all(&dir).into_iter().flat_map(|(_, b)| b).collect();
    let raw = String::from_utf8(raw).unwrap();
    assert!(raw.contains('\u{a0}'));
    assert!(
        raw.contains("\"datum\": \"")
            && raw.split("\"datum\": \"").any(|s| s.as_bytes().get(2) == Some(&b'.'))
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_generator_is_deterministic() {
    let (a, b) = (temp_dir("det-a"), temp_dir("det-b"));
    generate(&Config::new(150), &a).unwrap();
    generate(&Config::new(150), &b).unwrap();
    let (fa, fb) = (read_all(&a), read_all(&b));
    assert!(!fa.is_empty());
    assert!(fa == fb, "two runs wrote different files");
    let _ = std::fs::remove_dir_all(&a);
    let _ = std::fs::remove_dir_all(&b);
}

#[test]
fn calendar_round_trips() {
    for d in [-1000, 0, 12_000, 19_000, 20_000] {
        let (y, m, dd) = civil_from_days(d);
        assert_eq!(days_from_civil(y, m, dd), d);
    }
    assert_eq!(civil_from_days(days_from_civil(2024, 2, 29)), (2024, 2, 29));
}

/// A small archive, generated once per test binary run.
fn small_data(name: &str, vorlagen: usize) -> (PathBuf, Data) {
    let dir = temp_dir(name);
    generate(&Config::new(vorlagen), &dir).unwrap();
    let d = Data::new(load_paths(std::slice::from_ref(&dir), &Arc::new(Progress::default())));
    (dir, d)
}

#[test]
fn narrowing_returns_what_a_fresh_search_returns() {
    use ratsinfo::search::{Hits, Matcher, Query, Resolved};
    let (dir, d) = small_data("narrow", 600);
    // Typing on, a space, a second term, backspace, a query that narrows
    // without extending ("itg" → "integ"), and one that does not narrow.
    let sequences: [&[&str]; 7] = [
        &["i", "in", "int", "inte", "integ", "integrationskonzept"],
        &[
            "r",
            "ra",
            "rat",
            "rat ",
            "rat d",
            "rat der",
            "rat der stadt",
            "rat der stadt h",
            "rat der stadt haushalt",
        ],
        &["2", "20", "2021", "2021/", "2021/0", "2021/08"],
        &["s", "sa", "san", "sanierung", "sanierung g", "sanierung ge", "sanierung g", "sanierung"],
        &["itg", "integ", "integr", "iteg"],
        &["ä", "äl", "älte", "ältestenrat", "ß", "straße", "strasse", "aelte"],
        // Filters with words; a filter that changes starts afresh.
        &["g:rat", "g:rat h", "g:rat ha", "g:rat haus", "g:ra haus", "j:2021 haus", "j:2021 hausha s:datum"],
    ];
    // The top the UI shows, and a small one: with a top much smaller than
    // the hits, most of them are pruned, and what is kept from keystroke
    // to keystroke decides.
    for m in [Matcher::default(), Matcher::with_top_n(12)] {
        for seq in sequences {
            let mut prev: Option<(Query, Hits)> = None;
            for text in seq {
                let q = Query::new(text);
                let filter = Resolved::new(&d.index, &q);
                let before = prev.as_ref().map(|(q, h)| (q, h));
                let narrowed = m.search(&d.index, &q, &filter, before, &|| false).unwrap();
                let fresh = m.search(&d.index, &q, &filter, None, &|| false).unwrap();
                assert_eq!(narrowed.all, fresh.all, "{seq:?} at {text:?}: matches");
                assert_eq!(narrowed.top, fresh.top, "{seq:?} at {text:?}: ranking");
                assert!(!text.trim().is_empty() || fresh.all.is_empty());
                prev = Some((q, narrowed));
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn stale_search_results_are_dropped() {
    use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
    use ratatui::layout::Rect;
    use ratsinfo::search::{Query, SearchResult, Searcher};
    use ratsinfo::ui::app::{App, Msg};
    let (dir, d) = small_data("stale", 200);

    // The worker: two queries in quick succession; the newest one's result
    // arrives, and nothing newer than it or unknown.
    let (tx, rx) = std::sync::mpsc::channel();
    let searcher = Searcher::spawn(d.index.clone(), tx, |r| r);
    let g1 = searcher.query("r");
    let g2 = searcher.query("ra");
    assert!(g2 > g1);
    loop {
        let r = rx.recv_timeout(std::time::Duration::from_secs(30)).expect("a result");
        assert!(r.generation == g1 || r.generation == g2, "{}", r.generation);
        if r.generation == g2 {
            assert_eq!(r.query.text, "ra");
            break;
        }
    }

    // The UI: a result of a query that has been typed over is not shown.
    let (tx, _rx) = std::sync::mpsc::channel();
    let mut app = App::new(Arc::new(Progress::default()), tx, Rect::new(0, 0, 100, 30));
    app.update(Msg::Loaded(Box::new(d)));
    let key = |c: char| Msg::Input(Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)));
    app.update(key('/'));
    app.update(key('r'));
    let first = app.search.as_ref().unwrap().generation;
    app.update(key('a'));
    let newest = app.search.as_ref().unwrap().generation;
    assert!(newest > first);
    let result = |generation, text: &str| {
        Box::new(SearchResult {
            generation,
            query: Query::new(text),
            top: vec![(1, 0)],
            total: 1,
            words: 0,
            words_in_top: 0,
            chips: Vec::new(),
        })
    };
    app.update(Msg::Search(result(first, "r")));
    assert!(app.search.as_ref().unwrap().result.is_none(), "a stale result was shown");
    assert!(app.search_pending());
    app.update(Msg::Search(result(newest, "ra")));
    assert_eq!(app.search.as_ref().unwrap().result.as_ref().unwrap().generation, newest);
    assert!(!app.search_pending());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn cancel_stops_loading_early() {
    use std::sync::atomic::Ordering;
    let dir = temp_dir("cancel");
    let mut cfg = Config::new(300);
    cfg.per_file = 5;
    generate(&cfg, &dir).unwrap();
    let mut problems = Vec::new();
    let files = ratsinfo::pipeline::discover(std::slice::from_ref(&dir), &mut problems);
    assert!(files.len() >= 20, "{}", files.len());

    let all = ratsinfo::pipeline::load_files(&files, &Arc::new(Progress::default()));
    assert_eq!(all.len(), files.len());
    // In the order of the files, whichever thread read which (merging
    // relies on it: the later file wins).
    let names: Vec<String> = files.iter().map(|f| ratsinfo::text::display_name(f)).collect();
    assert!(all.iter().map(|b| &b.file).eq(names.iter()));

    // Cancelled before it starts (the user quit at once): nothing is read.
    let progress = Arc::new(Progress::default());
    progress.cancel.store(true, Ordering::Relaxed);
    let none = ratsinfo::pipeline::load_files(&files, &progress);
    assert!(none.is_empty(), "{} batches", none.len());
    assert_eq!(progress.files_done.load(Ordering::Relaxed), 0);

    // Cancelled while loading: the loaders stop at the next file. A watcher
    // cancels once the first file is done; on a busy machine the loaders
    // may still outrun it, so a few tries are allowed.
    let stopped_early = (0..5).any(|_| {
        let progress = Arc::new(Progress::default());
        let watcher = {
            let progress = progress.clone();
            std::thread::spawn(move || {
                while progress.files_done.load(Ordering::Relaxed) == 0 {
                    std::thread::yield_now();
                }
                progress.cancel.store(true, Ordering::Relaxed);
            })
        };
        let some = ratsinfo::pipeline::load_files(&files, &progress);
        watcher.join().unwrap();
        assert!(!some.is_empty());
        some.len() < files.len()
    });
    assert!(stopped_early, "cancelling never stopped loading early");
    let _ = std::fs::remove_dir_all(&dir);
}
