//! The full-text bars of issue 15 on the generated 100,000-Vorlagen archive.
//!
//! ```text
//! cargo bench --bench fulltext                   # /tmp/ratsinfo-bench/100k-2
//! cargo bench --bench fulltext -- DIR [--runs N]
//! ```
//!
//! The archive is copied to a working folder first (files of it are
//! changed for the incremental bar); indexes go to a cache folder of the
//! bench's own. In order:
//!
//! 1. first build: a child process (this binary again) loads the copy,
//!    then builds the index (`FullText::open_or_build`, nothing there
//!    before): the build's wall time, the peak RSS of the process (VmHWM,
//!    load and build) and its RSS before the build (after loading);
//! 2. opening a ready index: `open_or_build` on the loaded archive when
//!    nothing changed (median of runs);
//! 3. queries: a replay of realistic queries (single words, two words,
//!    phrases, prefixes, an exclusion, rare and absent terms), each the top
//!    50 records with snippets, every query `runs` times: median and p95;
//! 4. incremental: 1% of the files (rounded up) changed, the archive
//!    loaded again, then `open_or_build`: only their records are indexed;
//! 5. size: the index folder against the text bytes indexed.

#[path = "../examples/support/archive_gen.rs"]
mod archive_gen;
#[path = "../examples/support/rng.rs"]
mod rng;
mod support;

use support::{median, ms, percentile, vm_status};

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Instant;

use ratsinfo::doctext::Library;
use ratsinfo::fulltext::{FullText, Options, Outcome, Progress};
use ratsinfo::open::Data;
use ratsinfo::pipeline::{self, Source};

const QUERIES: [&str; 20] = [
    "sanierung",
    "haushaltssatzung",
    "radverkehr",
    "grünflächen",
    "gruenflaechen",
    "wärmeplanung",
    "feuerwehrgerätehaus",
    "sanierung sporthalle",
    "öffentlichkeit beteiligung",
    "kindertagesstätte neubau",
    "klimaschutzkonzept verwaltung",
    "\"sanierung der gesamtschule\"",
    "\"pflege der öffentlichen grünflächen\"",
    "\"gemäß § 41 go nrw\"",
    "sanier*",
    "verkehr*",
    "sanierung -sporthalle",
    "brandschutzmassnahmen",
    "geflüchteter unterbringung kosten",
    "turmbergbahn",
];

fn copy_dir(from: &Path, to: &Path) -> u64 {
    std::fs::create_dir_all(to).expect("work folder");
    let mut bytes = 0;
    for e in std::fs::read_dir(from).expect("archive").flatten() {
        let target = to.join(e.file_name());
        if e.file_type().is_ok_and(|t| t.is_dir()) {
            bytes += copy_dir(&e.path(), &target);
        } else {
            bytes += std::fs::copy(e.path(), &target).expect("copy");
        }
    }
    bytes
}

fn dir_bytes(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|es| {
            es.flatten()
                .map(|e| match e.file_type() {
                    Ok(t) if t.is_dir() => dir_bytes(&e.path()),
                    _ => e.metadata().map_or(0, |m| m.len()),
                })
                .sum()
        })
        .unwrap_or(0)
}

fn load(dir: &Path) -> (Source, Data, Library) {
    let source = Source::Paths(vec![dir.to_path_buf()]);
    let data = Data::new(source.load(&Arc::new(pipeline::Progress::default())));
    let library = Library::discover(&[dir.to_path_buf()]);
    (source, data, library)
}

fn opts(cache: &Path) -> Options {
    Options { root: Some(cache.to_path_buf()), ..Options::default() }
}

/// The child of bar 1: load, build, print the figures.
fn build_child(dir: &Path, cache: &Path) {
    let (source, data, library) = load(dir);
    let after_load = vm_status("VmRSS:");
    let progress = Progress::default();
    let start = Instant::now();
    let ft =
        FullText::open_or_build(&source, &data.archive, &library, &progress, &opts(cache)).expect("build");
    let secs = start.elapsed().as_secs_f64();
    assert_eq!(ft.outcome, Outcome::Built);
    println!(
        "secs {secs} hwm {} load {after_load} rss {} docs {} bytes {} records {}",
        vm_status("VmHWM:"),
        vm_status("VmRSS:"),
        ft.num_docs(),
        progress.bytes.load(Ordering::Relaxed),
        progress.total.load(Ordering::Relaxed),
    );
    std::mem::forget(data);
}

fn main() {
    let mut args = std::env::args().skip(1).filter(|a| a != "--bench");
    let mut dir = None;
    let mut runs = 5;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--build-child" => {
                let d = PathBuf::from(args.next().expect("DIR"));
                let c = PathBuf::from(args.next().expect("CACHE"));
                build_child(&d, &c);
                return;
            }
            "--runs" => runs = args.next().and_then(|n| n.parse().ok()).expect("--runs N"),
            _ if !a.starts_with('-') => dir = Some(PathBuf::from(a)),
            _ => {}
        }
    }
    let dir = support::archive(dir, 100_000);
    let work = dir.with_file_name(format!("fulltext-work-{}", std::process::id()));
    let cache = work.join("cache");
    let archive = work.join("archiv");
    let _ = std::fs::remove_dir_all(&work);
    let json_bytes = copy_dir(&dir, &archive);
    let mut problems = Vec::new();
    let files = pipeline::discover(std::slice::from_ref(&archive), &mut problems);
    // Warm the page cache: every figure is for data the OS already holds.
    for f in &files {
        let _ = std::fs::read(f);
    }
    println!(
        "archive {}: {} files, {:.1} MB of JSON; {} cores; {runs} runs",
        dir.display(),
        files.len(),
        json_bytes as f64 / 1e6,
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );

    // 1. First build, in a child.
    let out = Command::new(std::env::current_exe().expect("exe"))
        .arg("--build-child")
        .arg(&archive)
        .arg(&cache)
        .output()
        .expect("child");
    let text = String::from_utf8_lossy(&out.stdout);
    let mut words = text.split_whitespace();
    let mut get = |name: &str| -> f64 {
        words
            .find(|w| *w == name)
            .unwrap_or_else(|| panic!("{name}: {text} {}", String::from_utf8_lossy(&out.stderr)));
        words.next().and_then(|v| v.parse().ok()).expect("number")
    };
    let (secs, hwm, after_load, _rss, docs, text_bytes, records) =
        (get("secs"), get("hwm"), get("load"), get("rss"), get("docs"), get("bytes"), get("records"));
    let index_dir = std::fs::read_dir(&cache).expect("cache").flatten().next().expect("index").path();
    let index_bytes = dir_bytes(&index_dir);
    println!(
        "1. first build: {secs:.1} s for {records} records, {docs} index documents; peak RSS {:.0} MB = {:.2}× the JSON \
         (after loading, before the build: {:.0} MB; the build added {:.0} MB to the peak)",
        hwm / 1e6,
        hwm / json_bytes as f64,
        after_load / 1e6,
        (hwm - after_load) / 1e6
    );
    println!(
        "5. index size: {:.1} MB for {:.1} MB of text = {:.2}× the text ({:.2}× the JSON)",
        index_bytes as f64 / 1e6,
        text_bytes / 1e6,
        index_bytes as f64 / text_bytes,
        index_bytes as f64 / json_bytes as f64
    );

    // 2. Opening the ready index.
    let (source, data, library) = load(&archive);
    let mut opens = Vec::new();
    let mut ft = None;
    for _ in 0..runs.max(3) {
        let start = Instant::now();
        let f =
            FullText::open_or_build(&source, &data.archive, &library, &Progress::default(), &opts(&cache))
                .expect("open");
        opens.push(ms(start.elapsed()));
        assert_eq!(f.outcome, Outcome::Reused);
        ft = Some(f);
    }
    let ft = ft.expect("opened");
    let open = median(&mut opens);
    println!(
        "2. opening the ready index: {open:.1} ms (median of {}; max {:.1} ms)",
        opens.len(),
        opens.iter().copied().fold(0.0, f64::max)
    );

    // 3. Queries.
    let mut all = Vec::new();
    for q in QUERIES {
        let mut times = Vec::new();
        let mut n = 0;
        for _ in 0..runs {
            let start = Instant::now();
            let hits = ft.query(q, 50).expect("query");
            times.push(ms(start.elapsed()));
            n = hits.len();
            assert!(hits.iter().all(|h| h.highlights.iter().all(|r| h.snippet.get(r.clone()).is_some())));
        }
        let m = median(&mut times.clone());
        println!(
            "   {q:<42} {n:>3} hits  median {m:6.2} ms  max {:6.2} ms",
            times.iter().copied().fold(0.0, f64::max)
        );
        all.extend(times);
    }
    let q_median = median(&mut all.clone());
    let q_p95 = percentile(&mut all, 95.0);
    println!("3. query → top 50 with snippets: median {q_median:.2} ms, p95 {q_p95:.2} ms");
    drop(ft);
    drop(data);

    // 4. Incremental: 1% of the files changed.
    let n = files.len().div_ceil(100);
    for f in files.iter().step_by(files.len() / n).take(n) {
        let text = std::fs::read_to_string(f).expect("read");
        std::fs::write(f, text.replacen(" der ", " des ", 20)).expect("write");
    }
    let (source, data, library) = load(&archive);
    let start = Instant::now();
    let ft = FullText::open_or_build(&source, &data.archive, &library, &Progress::default(), &opts(&cache))
        .expect("update");
    let update = start.elapsed().as_secs_f64();
    println!("4. incremental, {n} of {} files changed: {update:.2} s ({:?})", files.len(), ft.outcome);

    println!();
    println!("| bar | measured | limit | |");
    println!("|---|---|---|---|");
    let pass = |ok: bool| if ok { "pass" } else { "**FAIL**" };
    println!(
        "| query → top 50 with snippets, median | {q_median:.2} ms | ≤ 15 ms | {} |",
        pass(q_median <= 15.0)
    );
    println!("| query → top 50 with snippets, p95 | {q_p95:.2} ms | ≤ 50 ms | {} |", pass(q_p95 <= 50.0));
    println!("| first build | {secs:.1} s | ≤ 90 s | {} |", pass(secs <= 90.0));
    println!(
        "| peak RSS of load + first build / JSON bytes | {:.0} MB = {:.2}× | ≤ 1.00× | {} |",
        hwm / 1e6,
        hwm / json_bytes as f64,
        pass(hwm <= json_bytes as f64)
    );
    println!("| incremental update, 1% of files changed | {update:.2} s | ≤ 5 s | {} |", pass(update <= 5.0));
    println!("| opening a ready index | {open:.1} ms | ≤ 100 ms | {} |", pass(open <= 100.0));
    println!(
        "| index size / text bytes | {:.0} MB / {:.0} MB = {:.2}× | reported | |",
        index_bytes as f64 / 1e6,
        text_bytes / 1e6,
        index_bytes as f64 / text_bytes
    );
    drop(ft);
    let _ = std::fs::remove_dir_all(&work);
}
