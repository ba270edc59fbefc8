//! What the benches share: the generated archive they run on, and the
//! figures they compute from their timings and from `/proc`.

#![allow(dead_code)]

use std::path::PathBuf;
use std::time::Duration;

use super::archive_gen;

/// Where the benches keep the generated archive unless told otherwise.
pub const DEFAULT_DIR: &str = "/tmp/ratsinfo-bench/100k-2";

/// The archive to run on: `dir`, else `RATSINFO_BENCH_DIR`, else
/// [`DEFAULT_DIR`]; generated there with `vorlagen` Vorlagen when it holds
/// no JSON yet.
pub fn archive(dir: Option<PathBuf>, vorlagen: usize) -> PathBuf {
    let dir = dir
        .or_else(|| std::env::var_os("RATSINFO_BENCH_DIR").map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from(DEFAULT_DIR));
    if archive_gen::archive_bytes(&dir).is_none() {
        eprintln!("generating {vorlagen} Vorlagen into {} …", dir.display());
        let s = archive_gen::generate(&archive_gen::Config::new(vorlagen), &dir).expect("generating");
        eprintln!("{} files, {:.1} MB", s.files.len(), s.bytes as f64 / 1e6);
    }
    dir
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

pub fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// The `p`th percentile (`p` in percent), nearest rank.
pub fn percentile(v: &mut [f64], p: f64) -> f64 {
    v.sort_by(f64::total_cmp);
    let rank = ((p / 100.0) * v.len() as f64).ceil() as usize;
    v[rank.clamp(1, v.len()) - 1]
}

/// A size field of `/proc/self/status` ("VmRSS:", "VmHWM:"), in bytes.
pub fn vm_status(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or(0, |kb| kb * 1024)
}
