//! The reader's layout with and without German hyphenation (issue 16): what
//! hyphenation costs on 1 MB of the generated archive's prose at a text
//! width of 80 columns, the width of the scale bench's reader.
//!
//! ```text
//! cargo bench --bench layout                  # 15 runs
//! cargo bench --bench layout -- --runs N
//! ```
//!
//! 1. first use: the first screen (45 rows) laid out with hyphenation, once
//!    per process: it includes reading the embedded dictionary.
//! 2. open: the first screen again, as each opened item needs it.
//! 3. whole: all of the 1 MB laid out (what the reader does in idle slices
//!    after opening, or at once on `G`).
//! 4. whole, no word recurs: the same with every long word made unique and
//!    each run on a new thread, so that no pattern lookup is cached: the
//!    worst case (the generated prose has a small vocabulary, whose words
//!    the cache holds after the first paragraphs).
//!
//! Runs alternate off and on, so that a busy host moves both alike; the
//! figures are medians. The prose comes from examples/support/archive_gen.rs
//! (300 Vorlagen in a temporary directory, their Sachverhalte joined).

#[path = "../examples/support/archive_gen.rs"]
mod archive_gen;
#[path = "../examples/support/rng.rs"]
mod rng;
mod support;

use std::sync::Arc;
use std::time::Instant;
use support::median;

use ratsinfo::document::{Block, Document};
use ratsinfo::pipeline::{Progress, load_paths};
use ratsinfo::wrap::Layout;

const WIDTH: u16 = 80;
const SCREEN: usize = 45;

fn ms(start: Instant) -> f64 {
    start.elapsed().as_secs_f64() * 1000.0
}

/// 1 MB of German council prose, in paragraphs.
fn prose() -> String {
    let dir = std::env::temp_dir().join(format!("ratsinfo-bench-layout-{}", std::process::id()));
    archive_gen::generate(&archive_gen::Config::new(300), &dir).expect("generating the archive");
    let files = vec![dir.clone()];
    let archive = load_paths(&files, &Arc::new(Progress::default()));
    // Long texts stay in their files until read: read them before the
    // files go.
    let texts: Vec<String> =
        archive.vorlagen.iter().map(|v| v.sachverhalt.read_or_notice().into_owned()).collect();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(!texts.is_empty() && !texts[0].starts_with('['), "the prose is read: {:?}", texts.first());
    let mut big = String::with_capacity(1 << 20);
    for t in texts.iter().cycle() {
        if big.len() >= 1 << 20 {
            break;
        }
        if !big.is_empty() {
            big.push_str("\n\n");
        }
        big.push_str(t);
    }
    big
}

/// `text` with every long word made unique by two or three letters added
/// (a counter in letters): the worst case for the cache of pattern points,
/// every word looked up.
fn without_recurring_words(text: &str) -> String {
    let mut n = 0usize;
    let mut out = String::with_capacity(text.len() * 5 / 4);
    for (i, piece) in text.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(piece);
        if piece.chars().filter(|c| c.is_alphabetic()).count() >= 6 && piece.chars().all(char::is_alphabetic)
        {
            n += 1;
            let mut k = n;
            while k > 0 {
                out.push(char::from(b'a' + (k % 26) as u8));
                k /= 26;
            }
        }
    }
    out
}

/// Lays `doc` out as far as `rows` (all of it: `usize::MAX`); the time in
/// ms and the rows made.
fn lay_out(doc: &Document, hyphenate: bool, rows: usize) -> (f64, usize) {
    let start = Instant::now();
    let mut l = Layout::with_hyphenation(WIDTH, hyphenate);
    l.fill(doc, rows);
    (ms(start), l.lines.len())
}

/// Rows that end inside a word with a hyphen: before a row that goes on
/// in lower case (a hyphen of the text, "CDU-Fraktion", comes before a
/// capital).
fn hyphenated_rows(doc: &Document) -> usize {
    let mut l = Layout::with_hyphenation(WIDTH, true);
    l.fill(doc, usize::MAX);
    let plain = ratsinfo::wrap::plain(&l.lines);
    let rows: Vec<&str> = plain.lines().collect();
    rows.windows(2).filter(|w| w[0].ends_with('-') && w[1].starts_with(char::is_lowercase)).count()
}

fn main() {
    let mut runs = 15;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--runs" => runs = args.next().and_then(|n| n.parse().ok()).expect("--runs N"),
            // `cargo bench` passes `--bench`.
            "--bench" => {}
            other => panic!("unknown argument {other:?}"),
        }
    }
    let text = prose();
    let words = text.split_whitespace().count();
    let doc = Document {
        title: "Groß".into(),
        blocks: vec![Block::Heading("Sachverhalt".into()), Block::Text(text.clone())],
        links: Vec::new(),
    };

    let (first_use, _) = lay_out(&doc, true, SCREEN);
    let (mut open, mut whole) = ([Vec::new(), Vec::new()], [Vec::new(), Vec::new()]);
    let mut rows = [0, 0];
    for _ in 0..runs {
        for h in [false, true] {
            open[usize::from(h)].push(lay_out(&doc, h, SCREEN).0);
            let (t, n) = lay_out(&doc, h, usize::MAX);
            whole[usize::from(h)].push(t);
            rows[usize::from(h)] = n;
        }
    }
    // The worst case: no word recurs, every one is looked up; each run on
    // a thread of its own, whose cache starts empty.
    let unique = Document { blocks: vec![Block::Text(without_recurring_words(&text))], ..doc.clone() };
    let mut worst = [Vec::new(), Vec::new()];
    for _ in 0..runs {
        for h in [false, true] {
            let t = std::thread::scope(|s| s.spawn(|| lay_out(&unique, h, usize::MAX).0).join());
            worst[usize::from(h)].push(t.expect("layout thread"));
        }
    }
    let hyphenated = hyphenated_rows(&doc);
    assert!(hyphenated > 0, "hyphenation is on in the hyphenated layout");

    println!("{} bytes, {words} words, width {WIDTH}; {runs} runs, medians (ms)", text.len());
    println!("first use, hyphenated (dictionary read included): {first_use:.2} ms");
    println!("{:<34}{:>12}{:>12}{:>8}", "", "off", "on", "on/off");
    for (name, v) in [
        ("open: first screen (45 rows)", &mut open),
        ("whole: all of the 1 MB", &mut whole),
        ("whole, no word recurs, cold cache", &mut worst),
    ] {
        let (off, on) = (median(&mut v[0]), median(&mut v[1]));
        println!("{name:<34}{off:>12.2}{on:>12.2}{:>8.2}", on / off);
    }
    println!("rows: {} off, {} on; {hyphenated} rows end in a hyphen of hyphenation", rows[0], rows[1]);
}
