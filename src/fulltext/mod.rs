//! Full-text search over every text of the archive, with tantivy: titles,
//! Sachverhalt, Beschlussvorschlag, Finanzielle Auswirkungen, Beschluss,
//! Wortprotokoll and the texts of documents ([`crate::doctext`]).
//!
//! - One index document per record and section, so that a hit says where
//!   it is; it keeps the record's key (a [`crate::model::Key`] as written)
//!   to find the record again, and the section's text for the snippet.
//! - Words are analysed for German ([`analyzer`]): stemmed, umlauts and
//!   their spellings one term. Queries ([`query`]) take words (all must
//!   match), `"phrases"`, `prefix*` and `-excluded` words; BM25 ranks.
//! - The index lives in the user's cache directory
//!   (`$XDG_CACHE_HOME/ratsinfo/volltext/<paths>/`), one per set of paths
//!   opened. Beside tantivy's files, `ratsinfo-volltext.json` says which
//!   inputs it was made from (each input file's path, size and mtime).
//!   When they are the same, the index is opened as it is (a few ms). When
//!   they are not, each record's fingerprint (of its texts' places and
//!   states, read without reading the texts) is compared with the one kept
//!   in its index documents: only records that changed, came or went are
//!   indexed again. A directory that is not such an index (damaged,
//!   foreign, another schema) is built anew, never trusted.
//! - Two processes: tantivy's lock keeps writers apart; one that cannot
//!   get it uses the index as it is. A new index is built in a folder of
//!   its own and renamed into place when complete.

pub mod analyzer;
mod lean;
pub mod query;
mod records;

use std::hash::BuildHasher;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU8, AtomicUsize, Ordering};

use serde::{Deserialize, Serialize};
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

pub use query::{Hit, QueryError};

use crate::archive::Archive;
use crate::doctext::Library;
use crate::model::{Key, RecordId};
use crate::pipeline::Source;
use crate::strings as s;

/// The layout of the index's documents; another number is another index.
pub const SCHEMA_VERSION: u32 = 1;

/// Our description of an index, beside tantivy's files.
const META: &str = "ratsinfo-volltext.json";

/// Where indexes live under the cache directory.
const CACHE_SUBDIR: &str = "volltext";

/// What loading the index is doing, for the status line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Phase {
    /// Comparing the inputs with the index's.
    Pruefen = 0,
    /// Building it anew.
    Aufbauen = 1,
    /// Indexing what changed.
    Aktualisieren = 2,
    Bereit = 3,
    Fehler = 4,
}

/// Counters the UI shows while the index is opened or built; shared with
/// the worker that does it.
#[derive(Debug, Default)]
pub struct Progress {
    phase: AtomicU8,
    /// Records to index (all when building, the changed ones when updating).
    pub total: AtomicUsize,
    pub done: AtomicUsize,
    /// Bytes of text indexed (titles and sections).
    pub bytes: std::sync::atomic::AtomicU64,
    /// Set by the UI to stop early (the user quit): the index is left as
    /// it was, or not made.
    pub cancel: AtomicBool,
}

impl Progress {
    pub fn phase(&self) -> Phase {
        match self.phase.load(Ordering::Relaxed) {
            0 => Phase::Pruefen,
            1 => Phase::Aufbauen,
            2 => Phase::Aktualisieren,
            3 => Phase::Bereit,
            _ => Phase::Fehler,
        }
    }

    fn set(&self, p: Phase) {
        self.phase.store(p as u8, Ordering::Relaxed);
    }

    /// The status line's words: "Volltext: 12.345 von 100.000 Einträgen".
    pub fn status(&self) -> String {
        let (done, total) = (self.done.load(Ordering::Relaxed), self.total.load(Ordering::Relaxed));
        match self.phase() {
            Phase::Pruefen => s::VOLLTEXT_PRUEFEN.to_owned(),
            Phase::Aufbauen => s::volltext_aufbau(done, total),
            Phase::Aktualisieren => s::volltext_aktualisierung(done, total),
            Phase::Bereit => s::VOLLTEXT_BEREIT.to_owned(),
            Phase::Fehler => s::VOLLTEXT_FEHLER.to_owned(),
        }
    }
}

impl Progress {
    /// [`Progress::status`] in a few words, for the status line:
    /// "Volltext 37 %".
    pub fn short(&self) -> String {
        let (done, total) = (self.done.load(Ordering::Relaxed), self.total.load(Ordering::Relaxed));
        let percent = (done.min(total) * 100).checked_div(total).unwrap_or(0);
        match self.phase() {
            Phase::Pruefen => s::VOLLTEXT_PRUEFEN_KURZ.to_owned(),
            Phase::Aufbauen => s::volltext_aufbau_kurz(percent),
            Phase::Aktualisieren => s::volltext_aktualisierung_kurz(percent),
            Phase::Bereit | Phase::Fehler => self.status(),
        }
    }
}

/// Lowers the calling thread's scheduling priority: a first build takes a
/// core for many seconds, and the reader's workers and the UI, which the
/// user waits for, come first. On Linux the nice value belongs to the
/// thread (`setpriority(2)`, who = 0 is the caller); elsewhere it would be
/// the whole process's, so it is left alone there.
fn background_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: setpriority takes plain integers and changes only the
    // scheduling of this thread; a failure leaves it as it was.
    unsafe {
        // Only ever lower: a process started with `nice -n 15` stays so.
        if libc::getpriority(libc::PRIO_PROCESS, 0) < BACKGROUND_NICE {
            libc::setpriority(libc::PRIO_PROCESS, 0, BACKGROUND_NICE);
        }
    }
}

/// The nice value of the build's thread (0 is normal, 19 the lowest).
const BACKGROUND_NICE: i32 = 10;

/// How the index was had.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing changed: opened as it was.
    Reused,
    /// Records that changed were indexed again (`indexed`), those gone
    /// removed (`removed`).
    Updated { indexed: usize, removed: usize },
    /// Built anew (there was none, or it was damaged or foreign).
    Built,
    /// Another process is writing it: opened as it was.
    Busy,
}

/// Where and how to keep the index.
#[derive(Debug, Clone)]
pub struct Options {
    /// The folder that holds indexes; default the cache directory's
    /// `ratsinfo/volltext`.
    pub root: Option<PathBuf>,
    /// Indexing threads.
    pub threads: usize,
    /// The writer's memory, all threads together, in bytes.
    pub memory: usize,
}

impl Default for Options {
    fn default() -> Options {
        // One thread with tantivy's smallest arena: on the benchmark archive
        // (BENCHMARKS.md) two threads with 32 MB each built in 12 s instead
        // of 19 s, but added 98 MB to the peak memory instead of 75 MB, and
        // memory is the bar that was missed.
        Options { root: None, threads: 1, memory: MIN_MEMORY_PER_THREAD }
    }
}

/// tantivy's smallest indexing memory per thread (`MEMORY_BUDGET_NUM_BYTES_MIN`).
const MIN_MEMORY_PER_THREAD: usize = 15_000_000;

/// Documents given to tantivy and not yet indexed, at most (see [`lean::Queue`]).
const QUEUED_DOCS: usize = 64;

/// Records indexed between two returns of freed memory to the system
/// (see [`lean::give_back`]).
const TRIM_EVERY: usize = 5_000;

/// Our description of an index.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
struct Meta {
    schema: u32,
    version: String,
    /// Seeds the fingerprints and key hashes of this index.
    seed: u64,
    /// The inputs it was made from (see [`inputs_key`]).
    inputs: u64,
    /// How often it was built anew in this folder, and updated.
    builds: u64,
    updates: u64,
    docs: u64,
}

/// The fields of an index document.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fields {
    /// The record's key as written (stored).
    pub key: Field,
    /// The key's hash (indexed, fast): the documents of one record.
    pub keyhash: Field,
    /// The record's fingerprint (fast).
    pub fp: Field,
    /// "Sachverhalt", "Anlage 2: Gutachten.pdf", … (stored).
    pub section: Field,
    /// The section's text (indexed with positions, stored).
    pub body: Field,
    /// The record's title (indexed with positions), in each of its documents.
    pub titel: Field,
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(analyzer::GERMAN)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let fields = Fields {
        key: b.add_text_field("key", STORED),
        keyhash: b.add_u64_field("keyhash", INDEXED | FAST),
        fp: b.add_u64_field("fp", FAST),
        section: b.add_text_field("section", STORED),
        body: b.add_text_field("body", text.clone().set_stored()),
        titel: b.add_text_field("titel", text),
    };
    (b.build(), fields)
}

fn fields_of(schema: &Schema) -> Option<Fields> {
    let f = |n| schema.get_field(n).ok();
    Some(Fields {
        key: f("key")?,
        keyhash: f("keyhash")?,
        fp: f("fp")?,
        section: f("section")?,
        body: f("body")?,
        titel: f("titel")?,
    })
}

/// An opened full-text index. Queries may run on any thread, and on
/// several at once.
pub struct FullText {
    reader: IndexReader,
    fields: Fields,
    dir: PathBuf,
    /// How the index was had when it was opened.
    pub outcome: Outcome,
}

impl std::fmt::Debug for FullText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FullText").field("dir", &self.dir).field("outcome", &self.outcome).finish()
    }
}

/// The default folder of indexes: `<cache dir>/ratsinfo/volltext`.
pub fn default_root() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "ratsinfo").map(|d| d.cache_dir().join(CACHE_SUBDIR))
}

/// The folder of the index for `source`: named by a hash of the paths.
fn index_dir(root: &Path, source: &Source) -> PathBuf {
    match source {
        Source::Builtin => root.join("beispiel"),
        Source::Paths(paths) => {
            let mut names: Vec<PathBuf> =
                paths.iter().map(|p| std::fs::canonicalize(p).unwrap_or_else(|_| p.clone())).collect();
            names.sort();
            let mut h = stable_hasher(0).build_hasher();
            use std::hash::Hasher;
            use std::os::unix::ffi::OsStrExt;
            for n in &names {
                h.write(n.as_os_str().as_bytes());
                h.write_u8(0);
            }
            root.join(format!("{:016x}", h.finish()))
        }
    }
}

/// A hasher that gives the same value in every process (for what is kept
/// on disk), seeded per index so that keys cannot be made to collide in
/// advance.
fn stable_hasher(seed: u64) -> foldhash::quality::FixedState {
    foldhash::quality::FixedState::with_seed(seed)
}

/// A hash of the inputs: every file `source` loads (path, size, mtime),
/// the `texts/` folders of its archives (a new extracted text changes
/// their mtime), the schema and the program's version.
pub fn inputs_key(source: &Source, library: &Library) -> u64 {
    use std::hash::Hasher;
    use std::os::unix::ffi::OsStrExt;
    let mut h = stable_hasher(0).build_hasher();
    h.write_u32(SCHEMA_VERSION);
    h.write(env!("CARGO_PKG_VERSION").as_bytes());
    let stat = |h: &mut foldhash::quality::FoldHasher, p: &Path| {
        h.write(p.as_os_str().as_bytes());
        h.write_u8(0);
        match std::fs::metadata(p) {
            Ok(m) => {
                h.write_u64(m.len());
                let t = m.modified().ok().and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok());
                h.write_u128(t.map_or(0, |t| t.as_nanos()));
            }
            Err(_) => h.write_u8(0xfe),
        }
    };
    match source {
        Source::Builtin => h.write(b"beispiel"),
        Source::Paths(paths) => {
            let mut problems = Vec::new();
            for f in crate::pipeline::discover(paths, &mut problems) {
                stat(&mut h, &f);
            }
            for d in library.texts_dirs() {
                stat(&mut h, d);
            }
        }
    }
    h.finish()
}

fn read_meta(dir: &Path) -> Option<Meta> {
    let (bytes, _) = crate::files::read(&dir.join(META), 1 << 16).ok()?;
    let meta: Meta = serde_json::from_slice(&bytes).ok()?;
    (meta.schema == SCHEMA_VERSION && meta.version == env!("CARGO_PKG_VERSION")).then_some(meta)
}

fn write_meta(dir: &Path, meta: &Meta) -> std::io::Result<()> {
    let json = serde_json::to_vec_pretty(meta).map_err(std::io::Error::other)?;
    crate::files::write_atomic(&dir.join(META), &json)
}

/// Opens the tantivy index in `dir`, with the analyzer registered; None
/// when it is not a readable index of this schema.
fn open_index(dir: &Path) -> Option<(Index, Fields)> {
    let opened = std::panic::catch_unwind(|| -> Option<(Index, Fields)> {
        let index = Index::open_in_dir(dir).ok()?;
        let fields = fields_of(&index.schema())?;
        if index.schema() != schema().0 {
            return None;
        }
        index.tokenizers().register(analyzer::GERMAN, analyzer::german());
        // Opening every segment reads each file's footer: a file cut
        // short or replaced fails here.
        index.searchable_segment_metas().ok()?;
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into().ok()?;
        let _: IndexReader = reader;
        Some((index, fields))
    });
    opened.ok().flatten()
}

fn reader_of(index: &Index) -> Result<IndexReader, String> {
    index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into().map_err(|e| e.to_string())
}

impl FullText {
    /// The index of what `source` loads (`archive`, with the documents of
    /// `library`): opened when it is up to date, updated when inputs
    /// changed, built when there is none or it cannot be trusted. Blocks
    /// (up to a minute or two for a large archive the first time): run it
    /// on a worker; `progress` tells how far it is.
    pub fn open_or_build(
        source: &Source,
        archive: &Archive,
        library: &Library,
        progress: &Progress,
        opts: &Options,
    ) -> Result<FullText, String> {
        let result = Self::open_or_build_inner(source, archive, library, progress, opts);
        progress.set(if result.is_ok() { Phase::Bereit } else { Phase::Fehler });
        result
    }

    fn open_or_build_inner(
        source: &Source,
        archive: &Archive,
        library: &Library,
        progress: &Progress,
        opts: &Options,
    ) -> Result<FullText, String> {
        progress.set(Phase::Pruefen);
        let root = opts.root.clone().or_else(default_root).ok_or_else(|| s::KEIN_CACHE.to_owned())?;
        std::fs::create_dir_all(&root).map_err(|e| s::volltext_ordner(&root, &e))?;
        let dir = index_dir(&root, source);
        let inputs = inputs_key(source, library);
        let meta = read_meta(&dir);
        if let Some(meta) = &meta
            && let Some((index, fields)) = open_index(&dir)
        {
            let reader = reader_of(&index)?;
            let docs = reader.searcher().num_docs();
            if meta.inputs == inputs && docs == meta.docs {
                return Ok(FullText { reader, fields, dir, outcome: Outcome::Reused });
            }
            match update(&index, fields, meta, archive, library, progress, opts) {
                Updated::Done(indexed, removed, docs) => {
                    let meta = Meta { inputs, updates: meta.updates + 1, docs, ..meta.clone() };
                    let _ = write_meta(&dir, &meta);
                    let reader = reader_of(&index)?;
                    return Ok(FullText {
                        reader,
                        fields,
                        dir,
                        outcome: Outcome::Updated { indexed, removed },
                    });
                }
                Updated::Busy => {
                    let reader = reader_of(&index)?;
                    return Ok(FullText { reader, fields, dir, outcome: Outcome::Busy });
                }
                Updated::Failed => {}
            }
        }
        // None, damaged, foreign, or an update failed: anew, beside it.
        let builds = meta.map_or(0, |m| m.builds);
        build(&dir, inputs, builds + 1, archive, library, progress, opts)
    }

    /// Runs [`FullText::open_or_build`] on a thread of its own; the
    /// returned progress is shared with it.
    pub fn spawn(
        source: Source,
        archive: Arc<Archive>,
        library: Arc<Library>,
        opts: Options,
    ) -> (Arc<Progress>, std::thread::JoinHandle<Result<FullText, String>>) {
        let progress = Arc::new(Progress::default());
        let p = progress.clone();
        let handle = std::thread::Builder::new()
            .name("volltext".into())
            .spawn(s::carry(move || {
                background_priority();
                FullText::open_or_build(&source, &archive, &library, &p, &opts)
            }))
            .unwrap_or_else(|e| {
                let why = e.to_string();
                std::thread::spawn(move || Err(why))
            });
        (progress, handle)
    }

    /// The folder the index is in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// How many index documents (record sections) it holds.
    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// How many times this folder's index was built anew (1 after the first
    /// build), and updated since.
    pub fn builds(&self) -> (u64, u64) {
        read_meta(&self.dir).map_or((0, 0), |m| (m.builds, m.updates))
    }
}

enum Updated {
    Done(usize, usize, u64),
    Busy,
    Failed,
}

/// Index documents of the records `ids` into `writer`.
fn add_records(
    writer: &IndexWriter<lean::Queued>,
    f: Fields,
    a: &Archive,
    lib: &Library,
    ids: impl Iterator<Item = (RecordId, u64)>,
    seed: u64,
    progress: &Progress,
) -> Result<u64, String> {
    let hasher = stable_hasher(seed);
    let mut docs = 0u64;
    let queue = lean::Queue::default();
    for (n, (r, fp)) in ids.enumerate() {
        if n % TRIM_EVERY == TRIM_EVERY - 1 {
            // What tantivy's threads freed (segments written, merges done)
            // stays with the allocator otherwise: 3–10 MB of the peak.
            lean::give_back();
        }
        if progress.cancel.load(Ordering::Relaxed) {
            return Err(s::VOLLTEXT_ABGEBROCHEN.to_owned());
        }
        let key = a.key(r).to_string();
        let keyhash = hasher.hash_one(&key);
        let title = records::title(a, r);
        let doc = |section: &str, body: &str| {
            let mut d = TantivyDocument::default();
            d.add_text(f.key, &key);
            d.add_u64(f.keyhash, keyhash);
            d.add_u64(f.fp, fp);
            d.add_text(f.section, section);
            d.add_text(f.body, body);
            d.add_text(f.titel, &title);
            d
        };
        writer
            .add_document(queue.put(doc(records::title_label(r), &title), QUEUED_DOCS))
            .map_err(|e| e.to_string())?;
        progress.bytes.fetch_add(title.len() as u64, Ordering::Relaxed);
        docs += 1;
        for (label, text) in records::sections(a, r) {
            if let Some(body) = records::read(lib, &text)
                && !body.trim().is_empty()
            {
                progress.bytes.fetch_add(body.len() as u64, Ordering::Relaxed);
                writer.add_document(queue.put(doc(&label, &body), QUEUED_DOCS)).map_err(|e| e.to_string())?;
                docs += 1;
            }
        }
        progress.done.fetch_add(1, Ordering::Relaxed);
    }
    Ok(docs)
}

fn writer_of(index: &Index, opts: &Options) -> tantivy::Result<IndexWriter<lean::Queued>> {
    let threads = opts.threads.max(1);
    let memory = opts.memory.max(threads * MIN_MEMORY_PER_THREAD);
    index.writer_with_num_threads(threads, memory)
}

/// Builds the index anew in a folder beside `dir`, then puts it in place.
fn build(
    dir: &Path,
    inputs: u64,
    builds: u64,
    a: &Archive,
    lib: &Library,
    progress: &Progress,
    opts: &Options,
) -> Result<FullText, String> {
    progress.set(Phase::Aufbauen);
    let seed: u64 = {
        let t = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
        stable_hasher(t.as_nanos() as u64).hash_one(std::process::id())
    };
    let parent = dir.parent().unwrap_or(Path::new("."));
    let name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let fresh = parent.join(format!(".{name}.neu-{}-{seed:x}", std::process::id()));
    let _ = std::fs::remove_dir_all(&fresh);
    std::fs::create_dir_all(&fresh).map_err(|e| s::volltext_ordner(&fresh, &e))?;
    // Until the build is done (also when it fails): large blocks straight
    // from the system, and what was freed given back (see lean::Allocator).
    let allocator = lean::Allocator::for_build();
    let built = (|| -> Result<u64, String> {
        let (schema, fields) = schema();
        let directory = lean::ShedDirectory::open(&fresh).map_err(|e| e.to_string())?;
        let index =
            Index::create(directory, schema, tantivy::IndexSettings::default()).map_err(|e| e.to_string())?;
        index.tokenizers().register(analyzer::GERMAN, analyzer::german());
        let mut writer = writer_of(&index, opts).map_err(|e| e.to_string())?;
        let hasher = stable_hasher(seed);
        progress.total.store(records::all(a).count(), Ordering::Relaxed);
        progress.done.store(0, Ordering::Relaxed);
        // Fingerprints as the records are indexed, not a list of all first
        // (3 MB on the benchmark archive).
        let ids = records::all(a).map(|r| (r, records::fingerprint(a, lib, r, &hasher)));
        let docs = add_records(&writer, fields, a, lib, ids, seed, progress)?;
        writer.commit().map_err(|e| e.to_string())?;
        // The indexing thread's memory is freed now; the last merges, the
        // largest, still come.
        lean::give_back();
        writer.wait_merging_threads().map_err(|e| e.to_string())?;
        let meta = Meta {
            schema: SCHEMA_VERSION,
            version: env!("CARGO_PKG_VERSION").into(),
            seed,
            inputs,
            builds,
            updates: 0,
            docs,
        };
        write_meta(&fresh, &meta).map_err(|e| s::volltext_ordner(&fresh, &e))?;
        Ok(docs)
    })();
    // The writer and its threads are gone: their memory back before the
    // index is opened and searched.
    drop(allocator);
    if let Err(e) = built {
        let _ = std::fs::remove_dir_all(&fresh);
        return Err(e);
    }
    // Into place: the old one (if any) aside, the new one in, the old one
    // removed. A reader of the old one keeps its open files.
    let old = parent.join(format!(".{name}.alt-{}-{seed:x}", std::process::id()));
    let had_old = std::fs::rename(dir, &old).is_ok();
    let placed = std::fs::rename(&fresh, dir);
    if had_old {
        let _ = std::fs::remove_dir_all(&old);
    }
    let at = match placed {
        Ok(()) => dir.to_owned(),
        // Another process put its index there meanwhile: use ours where it is
        // for this run; it is left for the next cleanup.
        Err(_) => fresh,
    };
    let (index, fields) = open_index(&at).ok_or_else(|| s::VOLLTEXT_FEHLER.to_owned())?;
    let reader = reader_of(&index)?;
    remove_leftovers(parent);
    Ok(FullText { reader, fields, dir: at, outcome: Outcome::Built })
}

/// Folders of builds that did not finish (a process killed), older than a
/// day: nobody is writing them any more.
fn remove_leftovers(root: &Path) {
    let Ok(entries) = std::fs::read_dir(root) else { return };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let old = e.metadata().ok().and_then(|m| m.modified().ok()).and_then(|t| t.elapsed().ok());
        if name.starts_with('.')
            && (name.contains(".neu-") || name.contains(".alt-"))
            && old.is_some_and(|d| d.as_secs() > 86_400)
        {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

/// Indexes again what changed since the index was made: the records whose
/// fingerprint is not the one in their documents, and removes the records
/// no longer loaded.
fn update(
    index: &Index,
    f: Fields,
    meta: &Meta,
    a: &Archive,
    lib: &Library,
    progress: &Progress,
    opts: &Options,
) -> Updated {
    let mut writer = match writer_of(index, opts) {
        Ok(w) => w,
        Err(tantivy::TantivyError::LockFailure(..)) => return Updated::Busy,
        Err(_) => return Updated::Failed,
    };
    progress.set(Phase::Aktualisieren);
    let hasher = stable_hasher(meta.seed);
    // What the index holds: key hash → fingerprint.
    let Ok(reader) = reader_of(index) else { return Updated::Failed };
    let searcher = reader.searcher();
    let mut old: std::collections::HashMap<u64, u64> = std::collections::HashMap::new();
    for seg in searcher.segment_readers() {
        let (Ok(kh), Ok(fp)) = (seg.fast_fields().u64("keyhash"), seg.fast_fields().u64("fp")) else {
            return Updated::Failed;
        };
        for doc in seg.doc_ids_alive() {
            if let (Some(k), Some(v)) = (kh.first(doc), fp.first(doc)) {
                old.insert(k, v);
            }
        }
    }
    let mut changed = Vec::new();
    for r in records::all(a) {
        let keyhash = hasher.hash_one(a.key(r).to_string());
        let fp = records::fingerprint(a, lib, r, &hasher);
        match old.remove(&keyhash) {
            Some(was) if was == fp => {}
            Some(_) => {
                writer.delete_term(Term::from_field_u64(f.keyhash, keyhash));
                changed.push((r, fp));
            }
            None => changed.push((r, fp)),
        }
    }
    let removed = old.len();
    for keyhash in old.into_keys() {
        writer.delete_term(Term::from_field_u64(f.keyhash, keyhash));
    }
    progress.total.store(changed.len(), Ordering::Relaxed);
    progress.done.store(0, Ordering::Relaxed);
    if add_records(&writer, f, a, lib, changed.iter().copied(), meta.seed, progress).is_err() {
        let _ = writer.rollback();
        return Updated::Failed;
    }
    if writer.commit().is_err() {
        return Updated::Failed;
    }
    let _ = writer.wait_merging_threads();
    let docs = reader_of(index).map(|r| r.searcher().num_docs()).unwrap_or(0);
    Updated::Done(changed.len(), removed, docs)
}

/// What a list of hits shows of a record.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Summary {
    /// The Vorlage's number (of an item: its Vorlage's), else empty.
    pub nummer: String,
    pub titel: String,
    pub gremium: String,
    /// German: "15.02.2022".
    pub datum: String,
}

/// The [`Summary`] of a record.
pub fn summary(a: &Archive, r: RecordId) -> Summary {
    let german = |d: Option<crate::model::Date>| d.map(|d| d.german()).unwrap_or_default();
    match r {
        RecordId::Vorlage(v) => {
            let v = a.vorlage(v);
            let b = v.beratungsfolge.iter().rev().find(|b| b.datum.is_some()).or(v.beratungsfolge.first());
            Summary {
                nummer: v.nummer.to_string(),
                titel: v.betreff.to_string(),
                gremium: b.map(|b| b.gremium.to_string()).unwrap_or_default(),
                datum: german(v.datum.or(b.and_then(|b| b.datum))),
            }
        }
        RecordId::Auszug(au) => {
            let au = a.auszug(au);
            let nummer = match au.vorlage_ref {
                Some(v) => a.vorlage(v).nummer.to_string(),
                None => au.vorlage.to_string(),
            };
            Summary {
                nummer,
                titel: au.titel.to_string(),
                gremium: au.gremium.to_string(),
                datum: german(au.datum),
            }
        }
        RecordId::Sitzung(si) => {
            let sz = a.sitzung(si);
            let titel = if sz.name.is_empty() { sz.gremium.to_string() } else { sz.name.to_string() };
            Summary { nummer: String::new(), titel, gremium: sz.gremium.to_string(), datum: german(sz.datum) }
        }
    }
}

/// The key of a hit's record, parsed, and the record it names if loaded.
pub fn record_of(a: &Archive, key: &str) -> Option<RecordId> {
    a.find(&key.parse::<Key>().ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(target_os = "linux")]
    #[test]
    fn the_build_thread_yields_to_the_others_and_only_it() {
        let nice = || unsafe { libc::getpriority(libc::PRIO_PROCESS, 0) };
        let before = nice();
        let inside = std::thread::spawn(move || {
            background_priority();
            nice()
        })
        .join()
        .unwrap();
        assert_eq!(inside, before.max(BACKGROUND_NICE));
        assert_eq!(nice(), before, "the thread that asked, not the process");
    }

    #[test]
    fn progress_in_the_status_line_is_short_and_counts_percent() {
        let p = Progress::default();
        assert_eq!(p.short(), s::VOLLTEXT_PRUEFEN_KURZ);
        p.set(Phase::Aufbauen);
        p.total.store(200, Ordering::Relaxed);
        p.done.store(50, Ordering::Relaxed);
        assert_eq!(p.short(), "Volltext 25 %");
        p.set(Phase::Aktualisieren);
        p.done.store(300, Ordering::Relaxed);
        assert_eq!(p.short(), "Volltext aktualisieren 100 %");
        // The long form names the counts.
        p.set(Phase::Aufbauen);
        assert!(p.status().contains("von 200 Einträgen"), "{}", p.status());
    }
}
