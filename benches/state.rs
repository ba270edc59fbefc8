//! The personal state store at the size of issue 16's bars: 100,000 read
//! marks and 1,000 notes on the 100,000-Vorlagen archive of the scale bench.
//!
//! ```text
//! cargo bench --bench state                     # archive in /tmp/ratsinfo-bench/100k-2
//! cargo bench --bench state -- DIR [--runs N]
//! ```
//!
//! 1. toggle: `State::toggle_read` on an agenda item of the attached archive,
//!    its durable write included (WAL, `synchronous=NORMAL`; also `FULL`),
//!    one toggle after the other; median, 99th percentile, max.
//! 2. start-up: `State::open` (what the UI does before its first frame) and
//!    `State::attach` (resolving every mark once the archive is loaded).
//! 3. memory: a child process loads the archive, reads its RSS, opens and
//!    attaches the store, reads its RSS again: the difference is what the
//!    store adds.

#[path = "../examples/support/archive_gen.rs"]
mod archive_gen;
#[path = "../examples/support/rng.rs"]
mod rng;
mod support;

use support::{median, ms, percentile, vm_status};

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::time::Instant;

use ratsinfo::model::{RecordId, VorlageId};
use ratsinfo::open::Data;
use ratsinfo::pipeline::{Progress, load_paths};
use ratsinfo::state::{ExportEntry, ExportFile, STATE_FORMAT, State, Store, Target, import};
use ratsinfo::tree::Node;

const MARKS: usize = 100_000;
const NOTES: usize = 1_000;

fn load(dir: &Path) -> Data {
    Data::new(load_paths(&[dir.to_path_buf()], &Arc::new(Progress::default())))
}

/// A store with a read mark on `MARKS` Vorlagen of `d`, a note on `NOTES`
/// of them and a Merkliste entry on 100, written in one import.
fn fill(d: &Data, path: &Path) {
    let _ = std::fs::remove_file(path);
    let mut store = Store::open(path);
    assert_eq!(store.problem(), None);
    let n = d.archive.vorlagen.len().min(MARKS);
    let time = "2025-03-12T13:02:00Z".to_owned();
    let eintraege = (0..n)
        .map(|i| {
            let t = Target::Record(RecordId::Vorlage(VorlageId(i as u32)));
            let label = t.label(d);
            let noted = i % (n / NOTES).max(1) == 0;
            ExportEntry {
                key: t.key(d),
                kind: label.kind,
                nummer: label.nummer,
                titel: label.titel,
                gelesen: Some(time.clone()),
                merkliste: (i % (n / 100).max(1) == 1).then(|| time.clone()),
                notiz: noted
                    .then(|| format!("Notiz {i}: in der Fraktion besprechen, Änderungsantrag vorbereiten.")),
                notiz_geaendert: noted.then(|| time.clone()),
            }
        })
        .collect();
    let file = ExportFile { format: STATE_FORMAT.into(), exportiert: time, eintraege };
    let r = import(&mut store, &file).expect("filling the store");
    drop(store);
    // The import's log copied into the file, as it would be long before a
    // next start.
    let conn = rusqlite::Connection::open(path).expect("the store");
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(())).expect("a checkpoint");
    eprintln!("store: {} read marks, {} notes, {} on the Merkliste", r.read, r.notes, r.merk);
}

/// The memory a process needs for the store (child process).
fn rss_child(dir: &Path, state: &Path) {
    let d = load(dir);
    let before = vm_status("VmRSS:");
    let mut st = State::open_at(state);
    std::thread::sleep(std::time::Duration::from_secs(1));
    st.attach(&d);
    // Counts per session and Gremium are made when first asked for.
    let _ = st.view().sitzung_read(&d.tree, ratsinfo::model::SitzungId(0));
    let after = vm_status("VmRSS:");
    println!("before {before} after {after} read {}", st.view().read_count());
    std::mem::forget(st);
    std::mem::forget(d);
}

fn toggles(st: &mut State, d: &Data, items: &[Node], rounds: usize) -> Vec<f64> {
    let mut times = Vec::with_capacity(rounds);
    for i in 0..rounds {
        let node = items[i % items.len()];
        let start = Instant::now();
        st.toggle_read(d, node).expect("a toggle");
        times.push(ms(start.elapsed()));
    }
    times
}

fn main() {
    let mut args = std::env::args().skip(1).filter(|a| a != "--bench");
    let mut dir: Option<PathBuf> = None;
    let mut runs = 5;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--rss-child" => {
                let d = PathBuf::from(args.next().expect("--rss-child DIR STATE"));
                let s = PathBuf::from(args.next().expect("--rss-child DIR STATE"));
                rss_child(&d, &s);
                return;
            }
            "--runs" => runs = args.next().and_then(|n| n.parse().ok()).expect("--runs N"),
            _ if !a.starts_with('-') => dir = Some(PathBuf::from(a)),
            _ => {}
        }
    }
    let dir = support::archive(dir, 100_000);
    eprintln!("loading {} …", dir.display());
    let d = load(&dir);
    let work = std::env::temp_dir().join(format!("ratsinfo-bench-state-{}", std::process::id()));
    std::fs::create_dir_all(&work).expect("a work dir");
    let path = work.join("state.sqlite");
    fill(&d, &path);
    let size = std::fs::metadata(&path).map_or(0, |m| m.len())
        + std::fs::metadata(work.join("state.sqlite-wal")).map_or(0, |m| m.len());

    // 2. start-up: open, then attach once the archive is loaded (the
    // entries were read on the store's thread meanwhile; a second here
    // stands for the load); and attach at once, reading and resolving.
    let (mut open, mut attach, mut cold) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..runs.max(3) {
        let start = Instant::now();
        let mut st = State::open_at(&path);
        open.push(ms(start.elapsed()));
        std::thread::sleep(std::time::Duration::from_secs(1));
        let start = Instant::now();
        st.attach(&d);
        attach.push(ms(start.elapsed()));
        assert_eq!(st.view().read_count(), d.archive.vorlagen.len().min(MARKS));
        drop(st);
        let mut st = State::open_at(&path);
        let start = Instant::now();
        st.attach(&d);
        cold.push(ms(start.elapsed()));
    }

    // 1. toggles, on agenda items spread over the archive
    let items: Vec<Node> = (0..d.tree.items.len())
        .step_by((d.tree.items.len() / 500).max(1))
        .map(|i| Node::Item(i as u32))
        .collect();
    let mut st = State::open_at(&path);
    st.attach(&d);
    let _ = toggles(&mut st, &d, &items, 50); // warm-up
    let mut normal = toggles(&mut st, &d, &items, 1000);
    st.store_mut().set_full_sync(true).expect("synchronous=FULL");
    let mut full = toggles(&mut st, &d, &items, 300);
    st.store_mut().set_full_sync(false).expect("synchronous=NORMAL");
    let mut refresh = Vec::new();
    for _ in 0..1000 {
        let start = Instant::now();
        let changed = st.refresh_if_changed(&d).expect("refresh");
        refresh.push(ms(start.elapsed()) * 1000.0);
        assert!(!changed);
    }
    drop(st);

    // 3. memory
    let out = Command::new(std::env::current_exe().expect("this bench"))
        .arg("--rss-child")
        .arg(&dir)
        .arg(&path)
        .output()
        .expect("the memory child");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let field = |name: &str| -> u64 {
        let mut w = text.split_whitespace();
        w.find(|x| *x == name).and_then(|_| w.next()).and_then(|n| n.parse().ok()).unwrap_or(0)
    };
    let (before, after) = (field("before"), field("after"));

    println!();
    println!("state store: {} marks, {} notes; file {:.1} MB", MARKS, NOTES, size as f64 / 1e6);
    println!(
        "1. toggle (WAL, synchronous=NORMAL): median {:.3} ms, p99 {:.3} ms, max {:.3} ms   bar: ≤ 16 ms",
        median(&mut normal),
        percentile(&mut normal, 99.0),
        normal.iter().copied().fold(0.0, f64::max)
    );
    println!(
        "   toggle (synchronous=FULL, fsync each): median {:.3} ms, p99 {:.3} ms, max {:.3} ms",
        median(&mut full),
        percentile(&mut full, 99.0),
        full.iter().copied().fold(0.0, f64::max)
    );
    let (o, a) = (median(&mut open), median(&mut attach));
    println!(
        "2. open: median {o:.2} ms (before the first frame); attach once loaded: median {a:.2} ms   bar: ≤ 20 ms"
    );
    println!(
        "   attach at once (reading and resolving, nothing overlapped): median {:.2} ms",
        median(&mut cold)
    );
    println!("   refresh_if_changed, nothing changed: median {:.1} µs", median(&mut refresh));
    println!(
        "3. memory: RSS {:.1} MB → {:.1} MB with the store: +{:.1} MB   bar: ≤ 20 MB",
        before as f64 / 1048576.0,
        after as f64 / 1048576.0,
        after.saturating_sub(before) as f64 / 1048576.0
    );
    let _ = std::fs::remove_dir_all(&work);
}
