use ratsinfo::load::{Progress, discover, finish, load_files};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;
fn st(f: &str) -> u64 {
    let s = std::fs::read_to_string("/proc/self/status").unwrap();
    s.lines().find(|l| l.starts_with(f)).unwrap().split_whitespace().nth(1).unwrap().parse::<u64>().unwrap()
        / 1024
}
fn p(what: &str, t: Instant) {
    eprintln!(
        "{what:10} rss {:5} MB hwm {:5} MB  {:6.0} ms",
        st("VmRSS:"),
        st("VmHWM:"),
        t.elapsed().as_secs_f64() * 1000.0
    );
}
fn main() {
    let dir = PathBuf::from(std::env::args().nth(1).unwrap());
    let t = Instant::now();
    let mut problems = Vec::new();
    let files = discover(&[dir], &mut problems);
    let b = load_files(&files, &Arc::new(Progress::default()));
    p("batches", t);
    let a = finish(b, problems);
    p("archive", t);
    let tr = ratsinfo::tree::Tree::build(&a);
    p("tree", t);
    let i = ratsinfo::search::SearchIndex::build(&a, &tr);
    p("index", t);
    std::mem::forget((a, tr, i));
}
