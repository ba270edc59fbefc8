//! The text of a document ([`Dokument`]): the text the server extracted
//! (OParl `text`) where it gave one, else the text of the PDF that
//! `ratsinfo sync --files` downloaded into the archive, extracted once in a
//! child process ([`extract`]) and kept beside it:
//!
//! ```text
//! <body>/files/<name>          the document as downloaded
//! <body>/texts/<name>.txt      its text: a header line, then the text
//! ```
//!
//! The header names the PDF's size and modification time at extraction;
//! a text whose PDF has changed since is extracted again. A PDF that cannot
//! be read keeps its reason there instead, so that a hostile file costs its
//! time once. Texts are written atomically (a temporary file, renamed).
//!
//! Which file belongs to which document, the sync's log says
//! (`files/ratsinfo-files.log`: File id → name); [`Library`] reads the logs
//! of the archives loaded.

pub mod extract;

use std::collections::HashMap;
use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

pub use extract::{Extractor, Failure};

use crate::model::{Dokument, Rolle};
use crate::pipeline::Source;
use crate::strings as s;

/// The folder of extracted texts, beside the body's `files/`.
pub const TEXTS: &str = "texts";

const HEADER: &str = "ratsinfo-text/1";

/// Why a document has no text to show, in German, ready for the reader:
/// "Text von »Anlage 2.pdf« nicht lesbar: …".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note(pub String);

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What can be had of a document's text, without extracting anything.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Readable {
    /// The server's text.
    Server,
    /// Its PDF's text, extracted before.
    Cached,
    /// Its PDF is in the archive and not yet extracted: [`Library::text`]
    /// extracts it (a child process, up to a minute).
    Extract,
    /// Its PDF could not be read; the note says why.
    Unreadable(Note),
    /// No text and no file in the archive (not downloaded, or not a PDF).
    No,
}

/// The downloaded documents of the loaded archives, by File id.
#[derive(Debug, Default, Clone)]
pub struct Library {
    files: HashMap<String, PathBuf>,
    /// The `texts/` folders (existing or not) of the archives found.
    texts_dirs: Vec<PathBuf>,
}

impl Library {
    /// An empty library (the built-in sample has no files).
    pub fn empty() -> Library {
        Library::default()
    }

    /// The library of what `source` loads.
    pub fn for_source(source: &Source) -> Library {
        match source {
            Source::Paths(p) => Library::discover(p),
            Source::Builtin => Library::empty(),
        }
    }

    /// Finds the sync logs (`files/ratsinfo-files.log`) in and under the
    /// given paths, and beside the files given (up to three folders up).
    pub fn discover(paths: &[PathBuf]) -> Library {
        let mut lib = Library::default();
        let mut seen = std::collections::HashSet::new();
        for p in paths {
            let mut found = Vec::new();
            if p.is_dir() {
                find_file_dirs(p, 0, &mut found);
            }
            for up in p.ancestors().skip(1).take(3) {
                if up.join(crate::sync::store::FILES).join(crate::sync::files::LOG).is_file() {
                    found.push(up.join(crate::sync::store::FILES));
                }
            }
            for files_dir in found {
                let key = std::fs::canonicalize(&files_dir).unwrap_or_else(|_| files_dir.clone());
                if seen.insert(key) {
                    lib.add_log(&files_dir);
                }
            }
        }
        lib
    }

    fn add_log(&mut self, files_dir: &Path) {
        let Ok(text) = std::fs::read_to_string(files_dir.join(crate::sync::files::LOG)) else { return };
        for line in text.lines() {
            let Ok(r) = serde_json::from_str::<crate::sync::files::Record>(line) else { continue };
            // Only a plain name inside files/: the log is data too.
            let plain = !r.name.is_empty()
                && !r.name.starts_with('.')
                && !r.name.contains(['/', '\\', '\0'])
                && Path::new(&r.name).file_name().is_some_and(|n| n == r.name.as_str());
            if plain {
                self.files.insert(r.id, files_dir.join(&r.name));
            }
        }
        if let Some(body) = files_dir.parent() {
            self.texts_dirs.push(body.join(TEXTS));
        }
    }

    /// How many downloaded documents are known.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The `texts/` folders of the archives: a text extracted into one
    /// changes its modification time.
    pub fn texts_dirs(&self) -> &[PathBuf] {
        &self.texts_dirs
    }

    /// The downloaded file of `d`, if it is in the archive.
    pub fn file(&self, d: &Dokument) -> Option<&Path> {
        if d.id.is_empty() {
            return None;
        }
        self.files.get(d.id.to_string().as_str()).map(PathBuf::as_path).filter(|p| p.is_file())
    }

    /// Whether the sync's log names a downloaded file for `d` (without
    /// looking at the disk: cheap enough for the UI thread).
    pub fn listed(&self, d: &Dokument) -> bool {
        !d.id.is_empty() && self.files.contains_key(d.id.to_string().as_str())
    }

    /// The downloaded file of `d` as an absolute path with every link
    /// resolved, when it is a regular file right inside its archive's
    /// `files/` folder: the only kind of path handed to another program
    /// (the system's opener).
    pub fn file_in_archive(&self, d: &Dokument) -> Option<PathBuf> {
        let p = self.file(d)?;
        let real = std::fs::canonicalize(p).ok()?;
        let dir = std::fs::canonicalize(p.parent()?).ok()?;
        (real.parent() == Some(dir.as_path()) && real.is_file()).then_some(real)
    }

    /// What can be had of `d`'s text; reads no more than the cached text's
    /// header.
    pub fn readable(&self, d: &Dokument) -> Readable {
        if !d.text.is_empty() {
            return Readable::Server;
        }
        let Some(pdf) = self.file(d) else { return Readable::No };
        match read_cache(pdf, true) {
            Some(Ok(_)) => Readable::Cached,
            Some(Err(why)) => Readable::Unreadable(note(d, &why)),
            None if is_pdf(d, pdf) => Readable::Extract,
            None => Readable::No,
        }
    }

    /// `d`'s text if it can be had without extracting: the server's, or
    /// the PDF's extracted before. None when it would take extraction, or
    /// there is nothing. Cheap: for the UI thread only if the archive's
    /// disk is local (it reads a file).
    pub fn cached(&self, d: &Dokument) -> Option<Result<String, Note>> {
        if !d.text.is_empty() {
            return Some(d.text.read().map(|t| t.into_owned()).map_err(|why| note(d, &why)));
        }
        let pdf = self.file(d)?;
        read_cache(pdf, false).map(|r| r.map_err(|why| note(d, &why)))
    }

    /// `d`'s text: the server's, the cached one, or extracted now with
    /// `ex` (and cached). Blocks up to the extractor's timeout: call it off
    /// the UI thread.
    pub fn text(&self, d: &Dokument, ex: &Extractor) -> Result<String, Note> {
        if let Some(r) = self.cached(d) {
            return r;
        }
        let Some(pdf) = self.file(d) else { return Err(note(d, s::KEIN_TEXT)) };
        if !is_pdf(d, pdf) {
            return Err(note(d, s::KEIN_PDF_TEXT));
        }
        extract_cached(pdf, ex).map_err(|why| note(d, &why))
    }
}

/// The note "Text von »name« nicht lesbar: why".
fn note(d: &Dokument, why: &str) -> Note {
    let name = if !d.name.is_empty() { d.name.as_str() } else { d.datei.as_str() };
    Note(s::text_von_nicht_lesbar(&crate::text::sanitize(name), why))
}

/// Whether `d` is a PDF (by its type, its name, or the file's first bytes).
fn is_pdf(d: &Dokument, path: &Path) -> bool {
    if d.mime.eq_ignore_ascii_case("application/pdf")
        || d.datei.to_ascii_lowercase().ends_with(".pdf")
        || path.extension().is_some_and(|e| e.eq_ignore_ascii_case("pdf"))
    {
        return true;
    }
    let mut head = [0u8; 5];
    crate::files::open_regular(path)
        .is_ok_and(|(mut f, _)| f.read_exact(&mut head).is_ok() && &head == b"%PDF-")
}

/// Where the text of the downloaded file `pdf` (`<body>/files/<name>`) is
/// kept: `<body>/texts/<name>.txt`.
pub fn cache_path(pdf: &Path) -> Option<PathBuf> {
    let name = pdf.file_name()?;
    let body = pdf.parent()?.parent()?;
    let mut file = name.to_owned();
    file.push(".txt");
    Some(body.join(TEXTS).join(file))
}

/// What identifies the state of `pdf`: its size and modification time.
fn stamp(pdf: &Path) -> Option<(u64, u128)> {
    let m = std::fs::metadata(pdf).ok()?;
    let t = m.modified().ok()?.duration_since(UNIX_EPOCH).ok()?.as_nanos();
    Some((m.len(), t))
}

/// The cached text of `pdf` when it was made from the PDF as it is now:
/// `Ok(text)`, or `Err(why)` for a PDF that could not be read. With
/// `header_only`, the text is not read (it comes back empty).
pub fn read_cache(pdf: &Path, header_only: bool) -> Option<Result<String, String>> {
    let (size, mtime) = stamp(pdf)?;
    let path = cache_path(pdf)?;
    let (f, meta) = crate::files::open_regular(&path).ok()?;
    if meta.len() > extract::MAX_PDF_BYTES {
        return None;
    }
    let mut text = String::new();
    let limit = if header_only { 200 } else { meta.len() + 1 };
    let mut bytes = Vec::new();
    f.take(limit).read_to_end(&mut bytes).ok()?;
    text.push_str(&String::from_utf8_lossy(&bytes));
    let (header, body) = text.split_once('\n')?;
    let mut parts = header.split(' ');
    let ok = (parts.next()? == HEADER).then_some(()).and_then(|()| {
        Some((parts.next()?.parse::<u64>().ok()?, parts.next()?.parse::<u128>().ok()?, parts.next()?))
    });
    let (s, t, kind) = ok?;
    if (s, t) != (size, mtime) {
        return None;
    }
    let body = if header_only { String::new() } else { body.to_owned() };
    match kind {
        "ok" => Some(Ok(body)),
        "err" => Some(Err(body.trim().to_owned())),
        _ => None,
    }
}

/// Extracts the text of `pdf` with `ex`, cleans it, and keeps it (or the
/// lasting reason it cannot be had) in the cache. A cache that cannot be
/// written (a read-only archive) is no error: the text is returned all the
/// same.
pub fn extract_cached(pdf: &Path, ex: &Extractor) -> Result<String, String> {
    let before = stamp(pdf);
    let result = ex.extract(pdf).map(crate::text::clean_text);
    let lasting = match &result {
        Ok(_) => true,
        Err(f) => f.is_lasting(),
    };
    // The PDF was replaced while it was read: its text is not kept.
    if lasting
        && let (Some((size, mtime)), Some(path)) = (before, cache_path(pdf))
        && stamp(pdf) == before
    {
        let (kind, body) = match &result {
            Ok(t) => ("ok", t.clone()),
            Err(f) => ("err", f.message()),
        };
        let content = format!("{HEADER} {size} {mtime} {kind}\n{body}");
        if let Some(dir) = path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        let _ = crate::files::write_atomic(&path, content.as_bytes());
    }
    result.map_err(|f| f.message())
}

/// The label of a document among its record's, as the reader names it:
/// "Hauptdokument", "Einladung", "Anlage 2", … (`i` is its index in `docs`).
pub fn label(d: &Dokument, i: usize, docs: &[std::sync::Arc<Dokument>]) -> String {
    match d.rolle {
        Rolle::Hauptdokument => s::HAUPTDOKUMENT.into(),
        Rolle::Einladung => s::EINLADUNG.into(),
        Rolle::Ergebnisprotokoll => s::ERGEBNISPROTOKOLL.into(),
        Rolle::Wortprotokoll => s::WORTPROTOKOLL.into(),
        Rolle::Beschluss => s::BESCHLUSS.into(),
        Rolle::Anlage => {
            let n = docs[..=i.min(docs.len().saturating_sub(1))]
                .iter()
                .filter(|x| x.rolle == Rolle::Anlage)
                .count();
            format!("{} {n}", s::ANLAGE)
        }
    }
}

/// How the reader heads a document's text, and the full-text index the
/// section of it: "Anlage 2: Gutachten.pdf", or the [`label`] alone for a
/// document without a name.
pub fn heading(d: &Dokument, i: usize, docs: &[std::sync::Arc<Dokument>]) -> String {
    let label = label(d, i, docs);
    if d.name.is_empty() { label } else { format!("{label}: {}", d.name) }
}

/// What a document's row in a table of documents names it: its Anlage
/// number as the source gives it ("Anlage 3a"), else its [`label`].
pub fn row_label(d: &Dokument, i: usize, docs: &[std::sync::Arc<Dokument>]) -> String {
    if d.nr.is_empty() { label(d, i, docs) } else { format!("{} {}", s::ANLAGE, d.nr) }
}

/// The documents of a record: a Vorlage's Anlagen (with its main
/// document), an Auszug's and a Sitzung's documents.
pub fn record_documents(
    a: &crate::archive::Archive,
    r: crate::model::RecordId,
) -> &[std::sync::Arc<Dokument>] {
    use crate::model::RecordId;
    match r {
        RecordId::Vorlage(v) => &a.vorlage(v).anlagen,
        RecordId::Auszug(au) => &a.auszug(au).dokumente,
        RecordId::Sitzung(si) => &a.sitzung(si).dokumente,
    }
}

/// Folders named `files` that hold a sync log, under `dir` (not following
/// links, at most 4 levels down, not into `lists/`).
fn find_file_dirs(dir: &Path, depth: usize, found: &mut Vec<PathBuf>) {
    let files = dir.join(crate::sync::store::FILES);
    if files.join(crate::sync::files::LOG).is_file() {
        found.push(files);
    }
    if depth >= 4 {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let name = e.file_name();
        if name == crate::sync::store::LISTS || name == crate::sync::store::FILES || name == TEXTS {
            continue;
        }
        if e.file_type().is_ok_and(|t| t.is_dir()) {
            find_file_dirs(&e.path(), depth + 1, found);
        }
    }
}
