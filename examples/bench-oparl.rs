//! Measures loading an archive the way the reader does (find the files,
//! read them in parallel, resolve, merge), with a warm file cache:
//!
//!     cargo run --release --example bench-oparl -- DIR
//!
//! The first load warms the cache and is not counted; the best of the next
//! three is printed, as it is the one least disturbed by other processes.
//! Each run waits a moment first: the loader frees its intermediate objects
//! on another thread, which must not overlap the next run.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use ratsinfo::archive::Archive;
use ratsinfo::pipeline::{Progress, load_paths};

fn timed(paths: &[PathBuf]) -> (Duration, Archive) {
    let start = Instant::now();
    let archive = load_paths(paths, &Arc::new(Progress::default()));
    (start.elapsed(), archive)
}

fn main() -> ExitCode {
    let paths: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    if paths.is_empty() {
        eprintln!("Aufruf: bench-oparl VERZEICHNIS…");
        return ExitCode::FAILURE;
    }
    let (cold, archive) = timed(&paths);
    let runs: Vec<Duration> = (0..3)
        .map(|_| {
            std::thread::sleep(Duration::from_millis(500));
            timed(&paths).0
        })
        .collect();
    let best = runs.iter().min().copied().unwrap_or(cold);
    println!(
        "{} Dateien: {} Vorlagen, {} Auszüge, {} Sitzungen, {} Fehler, {} Warnungen",
        archive.files,
        archive.vorlagen.len(),
        archive.auszuege.len(),
        archive.sitzungen.len(),
        archive.errors(),
        archive.warnings()
    );
    let ms = |d: &Duration| format!("{:.0} ms", d.as_secs_f64() * 1000.0);
    let all: Vec<String> = runs.iter().map(ms).collect();
    println!("erster Lauf {}, danach {} (bester: {})", ms(&cold), all.join(", "), ms(&best));
    ExitCode::SUCCESS
}
