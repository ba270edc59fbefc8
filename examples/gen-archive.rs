//! Writes a large synthetic council archive in ratsinfo-export/1, for
//! benchmarks and for trying the reader on a big city's data:
//!
//! ```text
//! cargo run --release --example gen-archive -- --vorlagen 100000 /tmp/ratsinfo-bench/100k-2
//! ```
//!
//! Deterministic: the same arguments give the same bytes. See
//! `examples/support/archive_gen.rs` for the shape of the data.

#[path = "support/archive_gen.rs"]
mod archive_gen;
#[path = "support/rng.rs"]
mod rng;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

fn usage() -> ExitCode {
    eprintln!("usage: gen-archive [--vorlagen N] [--per-file N] [--seed N] OUT_DIR");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let mut cfg = archive_gen::Config::new(100_000);
    let mut out: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut number = |name: &str| -> Option<u64> {
            let v = args.next().and_then(|v| v.replace('_', "").parse().ok());
            if v.is_none() {
                eprintln!("gen-archive: {name} needs a number");
            }
            v
        };
        match a.as_str() {
            "--vorlagen" => match number("--vorlagen") {
                Some(n) => cfg.vorlagen = n as usize,
                None => return usage(),
            },
            "--per-file" => match number("--per-file") {
                Some(n) if n > 0 => cfg.per_file = n as usize,
                _ => return usage(),
            },
            "--seed" => match number("--seed") {
                Some(n) => cfg.seed = n,
                None => return usage(),
            },
            "-h" | "--help" => return usage(),
            _ if out.is_none() && !a.starts_with('-') => out = Some(PathBuf::from(a)),
            _ => return usage(),
        }
    }
    let Some(out) = out else { return usage() };
    let start = Instant::now();
    match archive_gen::generate(&cfg, &out) {
        Ok(s) => {
            eprintln!(
                "{} Vorlagen, {} Auszüge, {} Sitzungen in {} files, {:.1} MB, {:.1} s → {}",
                s.vorlagen,
                s.auszuege,
                s.sitzungen,
                s.files.len(),
                s.bytes as f64 / 1e6,
                start.elapsed().as_secs_f64(),
                out.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gen-archive: {}: {e}", out.display());
            ExitCode::FAILURE
        }
    }
}
