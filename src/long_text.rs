//! The long texts of a record (Sachverhalt, Beschluss, …), kept where they
//! cost least.
//!
//! They are most of an archive's bytes (177 of 345 MB in the benchmark
//! archive) and are read only when one item is opened. So a text from a
//! file that can be read again is not copied at load: the record keeps the
//! position of its JSON string, and opening the item reads, unescapes and
//! cleans that string again, the same way loading would have. Short texts,
//! texts from other sources (OParl, imported pages) and texts of files that
//! needed repairs (the file's bytes are not what was parsed) stay in memory.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;
use std::fs::Metadata;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use serde::de::Deserializer as _;
use serde::{Serialize, Serializer};

use crate::strings as s;

/// JSON strings shorter than this (with quotes and escapes) are copied at
/// load: re-reading them would save little, and a copied text shows at once
/// whether it is empty after cleaning.
pub const KEEP_BELOW: usize = 64;

/// Where a file's texts can be read again.
#[derive(Debug)]
pub enum Origin {
    /// A file as it was when loaded. Its length and modification time tell
    /// whether it was changed since.
    File { path: PathBuf, len: u64, modified: Option<SystemTime> },
    /// Bytes built into the program (the sample archive).
    Static(&'static [u8]),
}

impl Origin {
    /// The file at `path` as `meta` (taken from the open file) describes it.
    pub fn file(path: &Path, meta: &Metadata) -> Origin {
        Origin::File { path: path.to_owned(), len: meta.len(), modified: meta.modified().ok() }
    }

    /// The JSON string at `start..start + len`, or why it cannot be read.
    fn read(&self, start: u32, len: u32) -> Result<Cow<'static, [u8]>, String> {
        let range = start as usize..start as usize + len as usize;
        match self {
            Origin::Static(bytes) => {
                bytes.get(range).map(Cow::Borrowed).ok_or_else(|| s::TEXT_GEAENDERT.into())
            }
            Origin::File { path, len: file_len, modified } => {
                // Not a plain open: the path may have become a pipe since.
                let (mut f, meta) = crate::files::open_regular(path).map_err(|e| e.message())?;
                if meta.len() != *file_len || meta.modified().ok() != *modified {
                    return Err(s::TEXT_GEAENDERT.into());
                }
                let mut buf = vec![0; len as usize];
                f.seek(SeekFrom::Start(start.into()))
                    .and_then(|_| f.read_exact(&mut buf))
                    .map_err(|e| crate::strings::io_message(&e))?;
                Ok(Cow::Owned(buf))
            }
        }
    }
}

/// A long text: in memory, or the place of its JSON string in its file.
#[derive(Clone)]
pub struct LongText(Repr);

#[derive(Clone)]
enum Repr {
    Here(Box<str>),
    InFile { origin: Arc<Origin>, start: u32, len: u32 },
}

impl LongText {
    /// A text kept in memory; `text` is already cleaned.
    pub fn new(text: impl Into<Box<str>>) -> LongText {
        LongText(Repr::Here(text.into()))
    }

    /// The JSON string (quotes included) at `start` of `origin`, of `len`
    /// bytes. None when the position does not fit the compact form.
    pub fn in_file(origin: &Arc<Origin>, start: usize, len: usize) -> Option<LongText> {
        let (start, len) = (u32::try_from(start).ok()?, u32::try_from(len).ok()?);
        start.checked_add(len)?;
        Some(LongText(Repr::InFile { origin: origin.clone(), start, len }))
    }

    /// Empty means "not given". A text left in its file is at least
    /// [`KEEP_BELOW`] bytes of JSON; should it clean to nothing, the reader
    /// leaves its section out when it reads it.
    pub fn is_empty(&self) -> bool {
        matches!(&self.0, Repr::Here(t) if t.is_empty())
    }

    /// Whether the text was left in its file.
    pub fn is_in_file(&self) -> bool {
        matches!(self.0, Repr::InFile { .. })
    }

    /// The text, cleaned; read from its file if it was left there.
    pub fn read(&self) -> Result<Cow<'_, str>, String> {
        match &self.0 {
            Repr::Here(t) => Ok(Cow::Borrowed(t)),
            Repr::InFile { origin, start, len } => {
                let raw = origin.read(*start, *len)?;
                let text =
                    simdutf8::basic::from_utf8(&raw).ok().ok_or_else(|| s::TEXT_GEAENDERT.to_owned())?;
                parse_json_text(text).map(Cow::Owned).ok_or_else(|| s::TEXT_GEAENDERT.into())
            }
        }
    }

    /// The text, or a line saying why it cannot be shown. Inside
    /// [`deferred`], a text left in its file is not read here but taken
    /// from what was fetched, or noted as wanted and shown as loading.
    pub fn read_or_notice(&self) -> Cow<'_, str> {
        if let Some(place) = self.place()
            && let Some(answer) = DEFERRED.with(|d| d.borrow_mut().as_mut().map(|d| d.answer(place, self)))
        {
            return Cow::Owned(answer);
        }
        self.read().unwrap_or_else(|why| Cow::Owned(s::text_nicht_lesbar(&why)))
    }

    /// Feeds what decides this text into `h`, without reading a file: a
    /// text in memory by its content, a text left in its file by the file
    /// (path, length, modification time) and its place there. Equal
    /// fingerprints mean the text is the same (for the full-text index,
    /// which re-indexes only what changed).
    pub fn fingerprint(&self, h: &mut impl std::hash::Hasher) {
        match &self.0 {
            Repr::Here(t) => {
                h.write_u8(0);
                h.write(t.as_bytes());
                h.write_usize(t.len());
            }
            Repr::InFile { origin, start, len } => {
                h.write_u8(1);
                match &**origin {
                    Origin::File { path, len, modified } => {
                        use std::os::unix::ffi::OsStrExt;
                        h.write(path.as_os_str().as_bytes());
                        h.write_u64(*len);
                        let t = modified.and_then(|m| m.duration_since(std::time::UNIX_EPOCH).ok());
                        h.write_u128(t.map_or(0, |t| t.as_nanos()));
                    }
                    // Built into the program: the program's version keys it.
                    Origin::Static(bytes) => h.write_usize(bytes.len()),
                }
                h.write_u32(*start);
                h.write_u32(*len);
            }
        }
    }

    /// Where a text left in its file is: its file (by the address of its
    /// origin, which the records share) and its place there.
    fn place(&self) -> Option<Place> {
        match &self.0 {
            Repr::Here(_) => None,
            Repr::InFile { origin, start, len } => Some((Arc::as_ptr(origin) as usize, *start, *len)),
        }
    }
}

type Place = (usize, u32, u32);

/// Texts read from their files, each as it is to be shown: the text, or
/// (as `Err`) the line that says why it is not.
#[derive(Debug, Default, Clone)]
pub struct Fetched(HashMap<Place, Result<String, String>>);

impl Fetched {
    /// Reads `texts` from their files; blocks, so for a worker thread.
    pub fn read(texts: &[LongText]) -> Fetched {
        let mut f = Fetched::default();
        for t in texts {
            if let Some(place) = t.place() {
                let text = t.read().map(Cow::into_owned).map_err(|why| s::text_nicht_lesbar(&why));
                f.0.insert(place, text);
            }
        }
        f
    }

    /// Each of `texts` as not to be had, for `notice`.
    pub fn failed(texts: &[LongText], notice: &str) -> Fetched {
        Fetched(texts.iter().filter_map(LongText::place).map(|p| (p, Err(notice.to_owned()))).collect())
    }
}

/// What [`deferred`] keeps while it runs.
struct Deferring {
    fetched: Fetched,
    wanted: Vec<LongText>,
}

impl Deferring {
    fn answer(&mut self, place: Place, text: &LongText) -> String {
        match self.fetched.0.get(&place) {
            Some(Ok(t)) => t.clone(),
            Some(Err(notice)) => notice.clone(),
            None => {
                self.wanted.push(text.clone());
                s::TEXT_WIRD_GELADEN.to_owned()
            }
        }
    }
}

thread_local! {
    static DEFERRED: RefCell<Option<Deferring>> = const { RefCell::new(None) };
}

/// Runs `build` (which shows texts with [`LongText::read_or_notice`])
/// without reading any file: texts in `fetched` are shown from there, the
/// others as loading, and returned as wanted. The UI builds a document
/// this way, has the wanted texts read on a worker (a file may have become
/// a pipe, or sit on a network drive that hangs), and builds it again with
/// what the worker fetched.
pub fn deferred<R>(fetched: Fetched, build: impl FnOnce() -> R) -> (R, Vec<LongText>) {
    struct Reset;
    impl Drop for Reset {
        fn drop(&mut self) {
            DEFERRED.with(|d| d.borrow_mut().take());
        }
    }
    DEFERRED.with(|d| *d.borrow_mut() = Some(Deferring { fetched, wanted: Vec::new() }));
    let reset = Reset;
    let built = build();
    let wanted = DEFERRED.with(|d| d.borrow_mut().take()).map(|d| d.wanted).unwrap_or_default();
    drop(reset);
    (built, wanted)
}

/// A JSON string literal, unescaped and cleaned as loading cleans texts.
/// None unless `raw` is exactly one string.
fn parse_json_text(raw: &str) -> Option<String> {
    struct V;
    impl serde::de::Visitor<'_> for V {
        type Value = String;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a string")
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<String, E> {
            Ok(crate::text::clean_text_str(v))
        }
    }
    let mut de = serde_json::Deserializer::from_str(raw);
    let text = de.deserialize_str(V).ok()?;
    de.end().ok()?;
    Some(text)
}

impl Default for LongText {
    fn default() -> Self {
        LongText::new("")
    }
}

impl From<String> for LongText {
    fn from(s: String) -> Self {
        LongText::new(s)
    }
}

impl From<&str> for LongText {
    fn from(s: &str) -> Self {
        LongText::new(s)
    }
}

/// Texts compare by content. Two places in files are read only when they
/// are not the same place: that happens when two files hold one record,
/// which is rare.
impl PartialEq for LongText {
    fn eq(&self, other: &Self) -> bool {
        match (&self.0, &other.0) {
            (Repr::Here(a), Repr::Here(b)) => a == b,
            (
                Repr::InFile { origin: o1, start: s1, len: l1 },
                Repr::InFile { origin: o2, start: s2, len: l2 },
            ) if Arc::ptr_eq(o1, o2) && s1 == s2 && l1 == l2 => true,
            _ => self.read() == other.read(),
        }
    }
}

impl PartialEq<&str> for LongText {
    fn eq(&self, other: &&str) -> bool {
        self.read().is_ok_and(|t| t == *other)
    }
}

impl fmt::Debug for LongText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Repr::Here(t) => fmt::Debug::fmt(t, f),
            Repr::InFile { start, len, .. } => write!(f, "<in file at {start}, {len} bytes>"),
        }
    }
}

impl Serialize for LongText {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let text = self.read().map_err(serde::ser::Error::custom)?;
        s.serialize_str(&text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn static_text(json: &'static str, needle: &str) -> LongText {
        let start = json.find(needle).unwrap();
        LongText::in_file(&Arc::new(Origin::Static(json.as_bytes())), start, needle.len()).unwrap()
    }

    #[test]
    fn a_text_in_a_file_reads_unescaped_and_cleaned() {
        let t = static_text(
            r#"{"a": "Satz\u00a0eins\n\n\n\u001b[31m zwei"}"#,
            r#""Satz\u00a0eins\n\n\n\u001b[31m zwei""#,
        );
        assert!(!t.is_empty());
        assert_eq!(t.read().unwrap(), "Satz eins\n\n␛[31m zwei");
        assert_eq!(t, "Satz eins\n\n␛[31m zwei");
        assert_eq!(t, LongText::new("Satz eins\n\n␛[31m zwei"));
    }

    #[test]
    fn a_place_that_is_not_one_string_is_reported_not_misread() {
        let t = static_text(r#"{"a": "eins", "b": "zwei"}"#, r#""eins", "b""#);
        assert_eq!(t.read().unwrap_err(), s::TEXT_GEAENDERT);
        assert!(t.read_or_notice().contains(s::TEXT_GEAENDERT.get()));
    }

    #[test]
    fn deferred_texts_are_wanted_then_shown_from_what_was_fetched() {
        let json = r#"{"a": "Ein Text, lang genug, um in der Datei zu bleiben, und noch etwas mehr."}"#;
        let t = static_text(json, &json[6..json.len() - 1]);
        let here = LongText::new("Hier.");
        let show = || (t.read_or_notice().into_owned(), here.read_or_notice().into_owned());
        let ((text, kept), wanted) = deferred(Fetched::default(), show);
        assert_eq!((text.as_str(), kept.as_str()), (s::TEXT_WIRD_GELADEN.get(), "Hier."));
        assert_eq!(wanted.len(), 1);
        let fetched = Fetched::read(&wanted);
        let ((text, _), wanted) = deferred(fetched, show);
        assert!(text.starts_with("Ein Text") && wanted.is_empty(), "{text}");
        let ((text, _), _) = deferred(Fetched::failed(std::slice::from_ref(&t), "[weg]"), show);
        assert_eq!(text, "[weg]");
        // Outside, texts are read as always.
        assert!(show().0.starts_with("Ein Text"));
    }

    #[test]
    fn a_file_changed_after_loading_is_noticed() {
        let dir = std::env::temp_dir().join(format!("ratsinfo-long-text-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("a.json");
        let json = r#"{"sachverhalt": "Ein Text."}"#;
        std::fs::write(&path, json).unwrap();
        let meta = std::fs::metadata(&path).unwrap();
        let origin = Arc::new(Origin::file(&path, &meta));
        let start = json.find("\"Ein").unwrap();
        let t = LongText::in_file(&origin, start, "\"Ein Text.\"".len()).unwrap();
        assert_eq!(t.read().unwrap(), "Ein Text.");
        std::fs::write(&path, r#"{"sachverhalt": "Ein anderer, längerer Text."}"#).unwrap();
        assert_eq!(t.read().unwrap_err(), s::TEXT_GEAENDERT);
        std::fs::remove_file(&path).unwrap();
        assert!(t.read().is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
