//! From the paths a user gives to an [`Archive`]: find the files, read them
//! on all cores, and merge them in file order while later files are still
//! being read; OParl files wait and are resolved together, since their
//! references cross files. Also the built-in sample.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};

use crate::archive::{Archive, Builder};
use crate::files;
use crate::load::{Batch, oparl, parse_from};
use crate::long_text::Origin;
use crate::problem::{Problem, Severity};
use crate::strings::io_message;
use crate::text::display_name;

/// Counters the UI shows while loading; shared with the loader threads.
#[derive(Debug, Default)]
pub struct Progress {
    pub files_total: AtomicUsize,
    pub files_done: AtomicUsize,
    pub records: AtomicUsize,
    pub bytes: AtomicU64,
    /// Set by the UI to stop loading early (the user quit).
    pub cancel: AtomicBool,
}

/// Expands the paths given by the user: files as they are, directories
/// recursively to every `*.json` in them, in sorted path order.
pub fn discover(paths: &[PathBuf], problems: &mut Vec<Problem>) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for path in paths {
        match std::fs::metadata(path) {
            Ok(m) if m.is_dir() => {
                let mut found = Vec::new();
                walk(path, &mut found, problems);
                found.sort();
                files.extend(found);
            }
            Ok(_) => files.push(path.clone()),
            Err(e) => problems.push(Problem::new(
                Severity::Error,
                &display_name(path),
                crate::strings::nicht_lesbar(&io_message(&e)),
            )),
        }
    }
    files
}

fn walk(dir: &Path, found: &mut Vec<PathBuf>, problems: &mut Vec<Problem>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            let msg = crate::strings::verzeichnis_nicht_lesbar(&io_message(&e));
            problems.push(Problem::new(Severity::Error, &display_name(dir), msg));
            return;
        }
    };
    for entry in entries.flatten() {
        let path = entry.path();
        // file_type() does not follow links; a linked directory could loop.
        match entry.file_type() {
            Ok(t) if t.is_dir() => walk(&path, found, problems),
            Ok(_) if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json")) => found.push(path),
            _ => {}
        }
    }
}

/// Parses one file's content and counts it in `progress`.
fn parse_counted(name: &str, bytes: &[u8], origin: &Arc<Origin>, progress: &Progress) -> Batch {
    let batch = parse_from(name, bytes, Some(origin));
    // OParl objects become records only when resolved; until then each
    // object counts as one.
    let records = batch.vorlagen.len() + batch.auszuege.len() + batch.oparl.len();
    progress.records.fetch_add(records, Ordering::Relaxed);
    progress.bytes.fetch_add(bytes.len() as u64, Ordering::Relaxed);
    batch
}

/// Reads one file into `buf` and parses it with the loader its content
/// calls for; counts its bytes and records in `progress`. Files over `max`
/// bytes, and what is not a regular file, are reported and not read. One
/// buffer serves all files a thread reads: a fresh one per file cost a page
/// fault per 4 KB of every file.
fn load_file(path: &Path, progress: &Progress, buf: &mut Vec<u8>, max: u64) -> Batch {
    let name = display_name(path);
    match files::read_into(path, buf, max) {
        Ok(meta) => parse_counted(&name, buf, &Arc::new(Origin::file(path, &meta)), progress),
        Err(e) => Batch {
            problems: vec![Problem::new(Severity::Error, &name, crate::strings::nicht_lesbar(&e.message()))],
            file: name,
            ..Batch::default()
        },
    }
}

/// Loads `files` on all cores; the batches come back in the order of `files`
/// so that merging ("the later file wins") does not depend on timing.
pub fn load_files(files: &[PathBuf], progress: &Arc<Progress>) -> Vec<Batch> {
    let mut batches = Vec::with_capacity(files.len());
    load_files_each(files, progress, |b| batches.push(b));
    batches
}

/// Loads `files` on all cores and hands each batch to `each` on the calling
/// thread, in the order of `files`, as soon as it and the ones before it are
/// read: the caller merges while later files are still being parsed.
pub fn load_files_each(files: &[PathBuf], progress: &Arc<Progress>, mut each: impl FnMut(Batch)) {
    progress.files_total.store(files.len(), Ordering::Relaxed);
    let next = AtomicUsize::new(0);
    let max = files::max_file_bytes();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(files.len().max(1));
    // Batches travel in bundles of about this much input: one message per
    // file woke the merging thread 18,000 times for an OParl mirror.
    const BUNDLE_BYTES: usize = 1 << 20;
    let (tx, rx) = std::sync::mpsc::channel::<Vec<(usize, Batch)>>();
    std::thread::scope(|s| {
        for _ in 0..threads {
            let tx = tx.clone();
            let next = &next;
            s.spawn(crate::strings::carry(move || {
                let mut buf = Vec::new();
                let (mut bundle, mut bundled) = (Vec::new(), 0);
                while !progress.cancel.load(Ordering::Relaxed) {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(path) = files.get(i) else { break };
                    let batch = load_file(path, progress, &mut buf, max);
                    progress.files_done.fetch_add(1, Ordering::Relaxed);
                    bundle.push((i, batch));
                    bundled += buf.len();
                    if bundled >= BUNDLE_BYTES {
                        if tx.send(std::mem::take(&mut bundle)).is_err() {
                            return;
                        }
                        bundled = 0;
                    }
                }
                let _ = tx.send(bundle);
            }));
        }
        drop(tx);
        // Batches that came before one of their predecessors wait here.
        let mut early = std::collections::BTreeMap::new();
        let mut due = 0;
        for (i, batch) in rx.into_iter().flatten() {
            early.insert(i, batch);
            while let Some(batch) = early.remove(&due) {
                each(batch);
                due += 1;
            }
        }
        // After a cancel, what was read past a gap is kept too.
        early.into_values().for_each(&mut each);
    });
}

/// Everything between the paths a user gives and an archive: find the files,
/// read them in parallel, and merge. Cancelling through `progress` stops at
/// the next file and returns what was read.
pub fn load_paths(paths: &[PathBuf], progress: &Arc<Progress>) -> Archive {
    let mut problems = Vec::new();
    let files = discover(paths, &mut problems);
    let mut merger = Merger::new(problems);
    // OParl batches wait for all files: room for each, and no more.
    merger.waiting.reserve_exact(files.len());
    load_files_each(&files, progress, |b| merger.add(b));
    let mut archive = merger.finish();
    // What the last `ratsinfo sync` of these archives created or changed.
    archive.mark_neu(crate::sync::neu::ids_under(paths));
    archive
}

/// The steps after parsing that every source goes through: OParl objects
/// are resolved across all files, then everything is merged.
pub fn finish(batches: Vec<Batch>, problems: Vec<Problem>) -> Archive {
    let mut merger = Merger::new(problems);
    batches.into_iter().for_each(|b| merger.add(b));
    merger.finish()
}

/// Merges batches in file order as they come. OParl objects refer to each
/// other across files, so from the first batch that holds any, batches wait
/// until all are read, are resolved together (see [`oparl::resolve`]), and
/// are merged then, still in file order.
struct Merger {
    builder: Builder,
    waiting: Vec<Batch>,
}

impl Merger {
    fn new(problems: Vec<Problem>) -> Merger {
        Merger { builder: Builder::new(problems), waiting: Vec::new() }
    }

    fn add(&mut self, batch: Batch) {
        if self.waiting.is_empty() && batch.oparl.is_empty() {
            self.builder.add(batch);
        } else {
            self.waiting.push(batch);
        }
    }

    fn finish(mut self) -> Archive {
        oparl::resolve(&mut self.waiting);
        self.waiting.into_iter().for_each(|b| self.builder.add(b));
        self.builder.finish()
    }
}

include!(concat!(env!("OUT_DIR"), "/sample_data.rs"));

/// The sample archive built into the binary.
pub fn load_builtin(progress: &Arc<Progress>) -> Archive {
    progress.files_total.store(SAMPLE_FILES.len(), Ordering::Relaxed);
    let batches = SAMPLE_FILES
        .iter()
        .map(|(name, bytes)| {
            let b = parse_counted(name, bytes, &Arc::new(Origin::Static(bytes)), progress);
            progress.files_done.fetch_add(1, Ordering::Relaxed);
            b
        })
        .collect();
    finish(batches, Vec::new())
}

/// What to load: the user's paths, or the built-in sample.
#[derive(Debug, Clone)]
pub enum Source {
    Paths(Vec<PathBuf>),
    Builtin,
}

impl Source {
    pub fn new(paths: Vec<PathBuf>) -> Source {
        if paths.is_empty() { Source::Builtin } else { Source::Paths(paths) }
    }

    pub fn load(&self, progress: &Arc<Progress>) -> Archive {
        match self {
            Source::Paths(p) => load_paths(p, progress),
            Source::Builtin => load_builtin(progress),
        }
    }
}
