//! Documents (`--files none|all|since:DATE|upcoming`): the PDFs and other
//! files of the chosen records, downloaded into the archive's `files/`
//! folder so that they are there offline.
//!
//! - which: every File (`all`); those of Vorlagen dated and Sitzungen held
//!   since a date (`since:2024-01-01`); those of Sitzungen still to come
//!   and of the Vorlagen on their agendas (`upcoming`);
//! - names: never the server's `fileName` as it is: a short hash of the
//!   File's id, then the name reduced to letters, digits, `.`, `-` and
//!   `_`, at most 80 characters, never ending in `.json` (the loader reads
//!   those);
//! - at most `--max-file-size` bytes per file (default 50 MB), checked
//!   against `Content-Length` and while reading;
//! - unchanged files are not fetched again: the same `modified` and `size`
//!   as at the last download means no request; otherwise a conditional GET
//!   (`If-None-Match`, `If-Modified-Since`);
//! - an HTML page where a document belongs is an error, not a document.
//!
//! What was downloaded is logged in `files/ratsinfo-files.log` (one JSON
//! object a line; the last line of a file counts).

use std::collections::{BTreeMap, HashMap};
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::client::{Client, Verdict, host_of, looks_like_html};
use super::page::{self, Meta};
use super::progress::Progress;
use super::store::{self, Gone, ListIndex};
use super::{Options, Report, stamp};
use crate::strings as s;
use crate::text::display_name;

/// Which documents to download.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilesMode {
    None,
    All,
    /// Of records dated from this point (Unix seconds) on.
    Since(i64),
    /// Of meetings still to come and the papers on their agendas.
    Upcoming,
}

impl std::str::FromStr for FilesMode {
    type Err = String;
    fn from_str(s: &str) -> Result<FilesMode, String> {
        match s.trim() {
            "none" | "keine" => Ok(FilesMode::None),
            "all" | "alle" => Ok(FilesMode::All),
            "upcoming" | "kommende" => Ok(FilesMode::Upcoming),
            other => match other.strip_prefix("since:").or_else(|| other.strip_prefix("seit:")) {
                Some(d) => {
                    stamp::parse_date_or_stamp(d).map(FilesMode::Since).ok_or_else(|| s::files_kein_datum(d))
                }
                None => Err(s::files_unbekannt(other)),
            },
        }
    }
}

/// The log of downloaded documents in `files/`.
pub const LOG: &str = "ratsinfo-files.log";

/// A downloaded document, as the log keeps it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Record {
    pub id: String,
    /// The file's name in `files/`.
    pub name: String,
    pub size: u64,
    /// The File's `modified` at download (Unix seconds).
    pub modified: Option<i64>,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// A File object as the records describe it.
#[derive(Debug, Clone, Default)]
struct FileInfo {
    id: String,
    access_url: String,
    download_url: String,
    file_name: String,
    name: String,
    mime: String,
    size: Option<u64>,
    modified: Option<i64>,
}

impl FileInfo {
    fn from_value(v: &Value) -> Option<FileInfo> {
        let s = |k: &str| v.get(k).and_then(Value::as_str).map(str::trim).unwrap_or("").to_owned();
        let id = s("id");
        if id.is_empty() || v.get("deleted").and_then(Value::as_bool) == Some(true) {
            return None;
        }
        Some(FileInfo {
            id,
            access_url: s("accessUrl"),
            download_url: s("downloadUrl"),
            file_name: s("fileName"),
            name: s("name"),
            mime: s("mimeType"),
            size: v.get("size").and_then(Value::as_u64),
            modified: v.get("modified").and_then(Value::as_str).and_then(stamp::parse_rfc3339),
        })
    }

    fn url(&self) -> &str {
        if self.access_url.is_empty() { &self.download_url } else { &self.access_url }
    }
}

/// What the file sync needs of the body's run.
pub struct FilesRun<'a> {
    pub dir: &'a Path,
    pub opts: &'a Options,
    pub report: &'a Report,
    pub bar: &'a Progress,
    pub api_host: &'a str,
    /// The server clock (for `upcoming`).
    pub now: i64,
    pub gone: &'a BTreeMap<String, Gone>,
    /// The lists whose segments the loader reads.
    pub visible: &'a std::collections::BTreeSet<String>,
}

/// A safe file name: hash of the id, then the cleaned name.
pub fn safe_name(id: &str, file_name: &str, name: &str, mime: &str) -> String {
    // FNV-1a spreads a change in the last characters of similar ids over
    // few bits: mixed again (splitmix64's finaliser) before it is cut.
    let mut h = page::hash(id.as_bytes());
    h = (h ^ (h >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h = (h ^ (h >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^= h >> 31;
    let hash = format!("{h:016x}");
    let source = if !file_name.trim().is_empty() { file_name } else { name };
    let mut clean = String::new();
    for c in source.chars() {
        if (c.is_alphanumeric() && !c.is_control()) || matches!(c, '.' | '-' | '_') {
            clean.push(c);
        } else if !clean.ends_with('_') {
            clean.push('_');
        }
    }
    let clean = clean.trim_start_matches(['.', '_', '-']).trim_end_matches(['_', ' ']);
    let mut clean: String = clean.chars().take(80).collect();
    while clean.ends_with('.') {
        clean.pop();
    }
    if clean.is_empty() {
        clean.push_str("datei");
    }
    let lower = clean.to_lowercase();
    if mime.eq_ignore_ascii_case("application/pdf") && !lower.ends_with(".pdf") {
        clean.push_str(".pdf");
    }
    if clean.to_lowercase().ends_with(".json") {
        // The loader reads every `*.json`; a document must not be one.
        clean.push_str(".txt");
    }
    format!("{}-{clean}", &hash[..12])
}

/// Reads the log: the last record of each file.
fn read_log(dir: &Path) -> HashMap<String, Record> {
    let mut records = HashMap::new();
    if let Ok(text) = fs::read_to_string(dir.join(LOG)) {
        for line in text.lines() {
            // A line cut short by a kill is skipped.
            if let Ok(r) = serde_json::from_str::<Record>(line) {
                records.insert(r.id.clone(), r);
            }
        }
    }
    records
}

fn append_log(dir: &Path, r: &Record) -> io::Result<()> {
    let mut f = OpenOptions::new().create(true).append(true).open(dir.join(LOG))?;
    let mut line = serde_json::to_string(r).map_err(io::Error::other)?;
    line.push('\n');
    f.write_all(line.as_bytes())?;
    f.sync_data()
}

/// Rewrites the log with one line per file (atomically).
fn compact_log(dir: &Path, records: &HashMap<String, Record>) -> io::Result<()> {
    let mut ids: Vec<&String> = records.keys().collect();
    ids.sort();
    let mut text = String::new();
    for id in ids {
        text.push_str(&serde_json::to_string(&records[id]).map_err(io::Error::other)?);
        text.push('\n');
    }
    store::atomic_write(&dir.join(LOG), text.as_bytes())
}

/// The files of one object, embedded or by reference, with the point in
/// time that selects them.
struct Found {
    files: Vec<FileInfo>,
    refs: Vec<String>,
}

fn collect_files(v: Option<&Value>, found: &mut Found) {
    match v {
        Some(Value::Object(_)) => {
            if let Some(f) = v.and_then(FileInfo::from_value) {
                found.files.push(f);
            }
        }
        Some(Value::String(url)) if !url.trim().is_empty() => found.refs.push(url.trim().to_owned()),
        Some(Value::Array(items)) => {
            for i in items {
                collect_files(Some(i), found);
            }
        }
        _ => {}
    }
}

/// The live entries of a list (the versions the loader shows).
fn live_entries(run: &FilesRun, key: &str, mut each: impl FnMut(Value)) {
    let (dir, gone) = (run.dir, run.gone);
    let list_dir = dir.join(store::LISTS).join(key);
    if !list_dir.is_dir() {
        return;
    }
    let Ok(ix) = ListIndex::open(&list_dir, run.visible.contains(key)) else { return };
    let mut segs: Vec<u32> = ix.ids.values().map(|e| e.seg).collect();
    segs.sort_unstable();
    segs.dedup();
    for seg in segs {
        let Ok(text) = fs::read_to_string(ix.segment_path(seg)) else { continue };
        let Ok(entries) = page::segment_entries(&text) else { continue };
        for raw in entries {
            let meta = Meta::of(raw);
            let Some(id) = meta.id.as_deref() else { continue };
            let hash = page::hash(raw.get().as_bytes());
            let live = ix.ids.get(id).is_some_and(|e| e.seg == seg && e.hash == hash && !e.deleted)
                && !gone.contains_key(id);
            if live && let Ok(v) = serde_json::from_str::<Value>(raw.get()) {
                each(v);
            }
        }
    }
}

/// Which files the mode asks for, by id.
fn plan(run: &FilesRun) -> (BTreeMap<String, FileInfo>, usize) {
    let mode = run.opts.files;
    let mut known: HashMap<String, FileInfo> = HashMap::new();
    let mut chosen: BTreeMap<String, ()> = BTreeMap::new();
    let mut refs_only = 0usize;
    let upcoming_from = run.now - 12 * 3600;
    let selects = |t: Option<i64>| match mode {
        FilesMode::All => true,
        FilesMode::Since(from) => t.is_some_and(|t| t >= from),
        FilesMode::Upcoming => t.is_some_and(|t| t >= upcoming_from),
        FilesMode::None => false,
    };
    let take = |found: Found,
                yes: bool,
                known: &mut HashMap<String, FileInfo>,
                chosen: &mut BTreeMap<String, ()>| {
        for f in found.files {
            if yes {
                chosen.insert(f.id.clone(), ());
            }
            known.entry(f.id.clone()).or_insert(f);
        }
        if yes {
            for r in found.refs {
                chosen.insert(r, ());
            }
        }
    };
    // Meetings first: the papers of upcoming ones are chosen by them.
    let mut meeting_time: HashMap<String, i64> = HashMap::new();
    live_entries(run, "meeting", |v| {
        let start = v.get("start").and_then(Value::as_str).and_then(stamp::parse_date_or_stamp);
        if let (Some(id), Some(t)) = (v.get("id").and_then(Value::as_str), start) {
            meeting_time.insert(id.to_owned(), t);
        }
        let mut found = Found { files: Vec::new(), refs: Vec::new() };
        for k in ["invitation", "resultsProtocol", "verbatimProtocol", "auxiliaryFile"] {
            collect_files(v.get(k), &mut found);
        }
        if let Some(Value::Array(items)) = v.get("agendaItem") {
            for item in items {
                for k in ["resolutionFile", "auxiliaryFile"] {
                    collect_files(item.get(k), &mut found);
                }
            }
        }
        take(found, selects(start), &mut known, &mut chosen);
    });
    live_entries(run, "paper", |v| {
        let date = v.get("date").and_then(Value::as_str).and_then(stamp::parse_date_or_stamp);
        let on_upcoming_agenda = match v.get("consultation") {
            Some(Value::Array(cs)) => cs.iter().any(|c| {
                c.get("meeting")
                    .and_then(Value::as_str)
                    .and_then(|m| meeting_time.get(m))
                    .is_some_and(|&t| t >= upcoming_from)
            }),
            _ => false,
        };
        let yes = match mode {
            FilesMode::Upcoming => on_upcoming_agenda,
            _ => selects(date),
        };
        let mut found = Found { files: Vec::new(), refs: Vec::new() };
        for k in ["mainFile", "auxiliaryFile"] {
            collect_files(v.get(k), &mut found);
        }
        take(found, yes, &mut known, &mut chosen);
    });
    live_entries(run, "agendaItem", |v| {
        let t = v.get("meeting").and_then(Value::as_str).and_then(|m| meeting_time.get(m)).copied();
        let mut found = Found { files: Vec::new(), refs: Vec::new() };
        for k in ["resolutionFile", "auxiliaryFile"] {
            collect_files(v.get(k), &mut found);
        }
        take(found, selects(t), &mut known, &mut chosen);
    });
    // The file list: the latest description of each file; with `all`,
    // every file.
    live_entries(run, "file", |v| {
        if let Some(f) = FileInfo::from_value(&v) {
            if mode == FilesMode::All {
                chosen.insert(f.id.clone(), ());
            }
            let newer = known.get(&f.id).is_none_or(|k| f.modified >= k.modified);
            if newer {
                known.insert(f.id.clone(), f);
            }
        }
    });
    let mut out = BTreeMap::new();
    for id in chosen.into_keys() {
        match known.remove(&id) {
            Some(f) if !f.url().is_empty() => {
                out.insert(id, f);
            }
            Some(_) => {}
            None => refs_only += 1,
        }
    }
    (out, refs_only)
}

/// Downloads the documents the mode asks for; errors go to the report.
pub fn sync_files(run: &FilesRun, client: &mut Client) {
    let files_dir = run.dir.join(store::FILES);
    if let Err(e) = fs::create_dir_all(&files_dir) {
        run.report.error(&display_name(&files_dir), crate::strings::io_message(&e));
        return;
    }
    store::remove_leftovers(&files_dir);
    store::remove_leftovers(&run.dir.join(crate::doctext::TEXTS));
    run.bar.message(s::DOKUMENTE_AUSWAEHLEN);
    let (chosen, refs_only) = plan(run);
    if refs_only > 0 {
        run.report.note(&display_name(run.dir), s::dokumente_nur_verweis(refs_only));
    }
    let mut records = read_log(&files_dir);
    let texts = Texts::start(run);
    let total = chosen.len();
    let cap = run.opts.max_file_size;
    for (i, f) in chosen.values().enumerate() {
        run.bar.message(&s::dokument_von(i + 1, total));
        let url = f.url().to_owned();
        if host_of(&url) != run.api_host && !run.opts.follow_hosts {
            run.report.note(&url, s::DOKUMENT_ANDERER_HOST);
            continue;
        }
        let name = safe_name(&f.id, &f.file_name, &f.name, &f.mime);
        let target = files_dir.join(&name);
        let old = records.get(&f.id).cloned();
        let on_disk = |r: &Record| fs::metadata(files_dir.join(&r.name)).is_ok_and(|m| m.len() == r.size);
        if let Some(r) = &old
            && r.modified == f.modified
            && f.size.is_none_or(|s| s == r.size)
            && on_disk(r)
        {
            run.report.with(|s| s.files_unchanged += 1);
            texts.send(files_dir.join(&r.name), &f.mime);
            continue;
        }
        match download(client, f, &url, &files_dir, &target, cap, old.as_ref().filter(|r| on_disk(r))) {
            Ok(Some(size_etag)) => {
                let (size, etag, last_modified) = size_etag;
                let record = Record {
                    id: f.id.clone(),
                    name: name.clone(),
                    size,
                    modified: f.modified,
                    etag,
                    last_modified,
                };
                if let Some(o) = &old
                    && o.name != name
                {
                    let _ = fs::remove_file(files_dir.join(&o.name));
                }
                if let Err(e) = append_log(&files_dir, &record) {
                    run.report.error(&display_name(&files_dir), crate::strings::io_message(&e));
                    return;
                }
                records.insert(f.id.clone(), record);
                run.report.with(|s| s.files += 1);
                texts.send(target.clone(), &f.mime);
            }
            Ok(None) => {
                // 304: as it was.
                if let Some(mut r) = old {
                    r.modified = f.modified;
                    let _ = append_log(&files_dir, &r);
                    texts.send(files_dir.join(&r.name), &f.mime);
                    records.insert(f.id.clone(), r);
                }
                run.report.with(|s| s.files_unchanged += 1);
            }
            Err(message) => run.report.error(&url, message),
        }
    }
    if let Err(e) = compact_log(&files_dir, &records) {
        run.report.error(&display_name(&files_dir), crate::strings::io_message(&e));
    }
    run.bar.message(s::TEXTE_LESEN);
    texts.finish(run);
}

/// The text of each PDF downloaded (or found without its text), extracted
/// on a worker while the next documents download: one child process at a
/// time (see [`crate::doctext::extract`]), so the sync stays one request
/// at a time and the machine keeps a core. A PDF that cannot be read is a
/// Hinweis, not an error: the document itself was fetched.
struct Texts {
    tx: Option<std::sync::mpsc::Sender<PathBuf>>,
    worker: Option<std::thread::JoinHandle<TextsDone>>,
}

/// What the worker did: texts read, and (file, note) of those that were not.
type TextsDone = (u64, Vec<(String, String)>);

impl Texts {
    fn start(run: &FilesRun) -> Texts {
        let extractor = match crate::doctext::Extractor::current() {
            Ok(e) => e,
            Err(e) => {
                run.report.note(
                    &display_name(run.dir),
                    crate::strings::pdf_kein_start(&crate::strings::io_message(&e)),
                );
                return Texts { tx: None, worker: None };
            }
        };
        let (tx, rx) = std::sync::mpsc::channel::<PathBuf>();
        // The worker words its reasons in the language of this thread.
        let worker = std::thread::Builder::new().name("texte".into()).spawn(s::carry(move || {
            let (mut done, mut failed) = (0u64, Vec::new());
            for pdf in rx {
                if crate::doctext::read_cache(&pdf, true).is_some() {
                    continue;
                }
                match crate::doctext::extract_cached(&pdf, &extractor) {
                    Ok(_) => done += 1,
                    Err(why) => {
                        let name =
                            pdf.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                        failed.push((display_name(&pdf), crate::strings::text_von_nicht_lesbar(&name, &why)));
                    }
                }
            }
            (done, failed)
        }));
        match worker {
            Ok(w) => Texts { tx: Some(tx), worker: Some(w) },
            Err(_) => Texts { tx: None, worker: None },
        }
    }

    /// Queues a downloaded document; only PDFs are read.
    fn send(&self, path: PathBuf, mime: &str) {
        let pdf = mime.eq_ignore_ascii_case("application/pdf")
            || path.extension().is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
        if pdf && let Some(tx) = &self.tx {
            let _ = tx.send(path);
        }
    }

    /// Waits for the worker and reports what it did.
    fn finish(mut self, run: &FilesRun) {
        drop(self.tx.take());
        if let Some(w) = self.worker.take()
            && let Ok((done, failed)) = w.join()
        {
            run.report.with(|s| s.texts += done);
            for (file, message) in failed {
                run.report.note(&file, message);
            }
        }
    }
}

/// One download into `target` (via a temporary file beside it).
/// `Ok(None)`: not modified.
#[allow(clippy::type_complexity)]
fn download(
    client: &mut Client,
    f: &FileInfo,
    url: &str,
    dir: &Path,
    target: &Path,
    cap: u64,
    old: Option<&Record>,
) -> Result<Option<(u64, Option<String>, Option<String>)>, String> {
    let tmp: PathBuf =
        dir.join(format!(".{}.part", target.file_name().and_then(|n| n.to_str()).unwrap_or("datei")));
    let mut headers: Vec<(&str, &str)> = Vec::new();
    if let Some(r) = old {
        if let Some(e) = &r.etag {
            headers.push(("If-None-Match", e));
        }
        if let Some(l) = &r.last_modified {
            headers.push(("If-Modified-Since", l));
        }
    }
    let html_ok = f.mime.to_ascii_lowercase().contains("html");
    let mut file: Option<File> = None;
    let mut written = 0u64;
    let mut first_bytes: Vec<u8> = Vec::new();
    let mut sink = |chunk: Option<&[u8]>| -> io::Result<()> {
        match chunk {
            None => {
                file = Some(File::create(&tmp)?);
                written = 0;
                first_bytes.clear();
            }
            Some(bytes) => {
                if first_bytes.len() < 64 {
                    first_bytes.extend_from_slice(&bytes[..bytes.len().min(64 - first_bytes.len())]);
                }
                written += bytes.len() as u64;
                if let Some(f) = file.as_mut() {
                    f.write_all(bytes)?;
                }
            }
        }
        Ok(())
    };
    let check = |r: &super::client::Reply| match r.status {
        200 if !html_ok && r.content_type.to_ascii_lowercase().contains("text/html") => {
            Verdict::Fail(s::HTML_STATT_DOKUMENT_200.to_owned())
        }
        200 => Verdict::Accept,
        s => Verdict::Fail(format!("HTTP {s}")),
    };
    let result = client.download(url, &headers, cap, check, &mut sink);
    let outcome = match result {
        Ok(head) if head.status == 304 => Ok(None),
        Ok(head) => {
            if !html_ok && looks_like_html(&first_bytes) {
                Err(s::HTML_STATT_DOKUMENT.to_owned())
            } else {
                let done = file
                    .take()
                    .ok_or_else(|| io::Error::other(s::KEINE_DATEI.get()))
                    .and_then(|f| f.sync_all())
                    .and_then(|()| fs::rename(&tmp, target))
                    .and_then(|()| store::sync_dir(dir));
                match done {
                    Ok(()) => Ok(Some((written, head.etag, head.last_modified))),
                    Err(e) => Err(s::nicht_gespeichert(&crate::strings::io_message(&e))),
                }
            }
        }
        Err(f) => Err(f.message),
    };
    drop(file);
    let _ = fs::remove_file(&tmp);
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modes_parse() {
        assert_eq!("all".parse::<FilesMode>(), Ok(FilesMode::All));
        assert_eq!("none".parse::<FilesMode>(), Ok(FilesMode::None));
        assert_eq!("upcoming".parse::<FilesMode>(), Ok(FilesMode::Upcoming));
        assert_eq!("since:2025-03-03".parse::<FilesMode>(), Ok(FilesMode::Since(1_740_960_000)));
        assert!("since:gestern".parse::<FilesMode>().is_err());
        assert!("manche".parse::<FilesMode>().is_err());
    }

    #[test]
    fn hostile_names_become_safe() {
        let id = "http://h/files/1";
        let names = [
            "../../etc/passwd",
            "/etc/shadow",
            "\u{1b}[31mrot\u{1b}[0m\u{0}.pdf",
            "",
            "..",
            "x.json",
            &"a".repeat(300),
            "Sitzung 3: Einladung (öffentlich).pdf",
        ];
        for n in names {
            let safe = safe_name(id, n, "", "application/pdf");
            assert!(!safe.contains('/') && !safe.contains('\\') && !safe.starts_with('.'), "{safe}");
            assert!(safe.chars().all(|c| !c.is_control()), "{safe:?}");
            assert!(safe.chars().count() <= 13 + 80 + 4, "{safe}");
            assert!(!safe.to_lowercase().ends_with(".json"), "{safe}");
            assert!(safe.ends_with(".pdf") || safe.ends_with(".txt"), "{safe}");
        }
        assert!(
            safe_name(id, "Sitzung 3: Einladung (öffentlich).pdf", "", "")
                .ends_with("-Sitzung_3_Einladung_öffentlich_.pdf")
        );
        assert_ne!(
            safe_name("http://h/files/1", "a.pdf", "", ""),
            safe_name("http://h/files/2", "a.pdf", "", "")
        );
        assert!(safe_name(id, "", "Einladung", "").ends_with("-Einladung"));
    }
}
