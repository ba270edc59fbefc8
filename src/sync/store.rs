//! The archive on disk: one folder per body, which `ratsinfo DIR` loads as
//! it is.
//!
//! ```text
//! <body>/ratsinfo-sync.state     what the sync knows: URLs, per list the last
//!                                complete run and where an interrupted one stopped
//! <body>/ratsinfo-sync.lock      held while a sync runs
//! <body>/ratsinfo-sync.neu       ids the last sync created or changed
//! <body>/system.json, body.json  the System and the Body as the server sent them
//! <body>/gone.json               tombstones of objects a full pass no longer found
//! <body>/lists/<list>/00000001.json …   segments: list entries as received, {"data":[…]}
//! <body>/lists/<list>/index      per id: segment, modified, content hash
//! <body>/files/…                 downloaded documents (`--files`)
//! ```
//!
//! Segments are list pages: the first sync stores each page it fetches,
//! every later one only the entries that are new or changed, as a further
//! segment. The loader takes the version with the latest `modified`, so
//! nothing has to be rewritten; when superseded entries make up a good
//! part of a list, the list is compacted (its live entries rewritten into
//! fresh segments, then the old ones removed). Everything the loader reads
//! ends in `.json`; the sync's own files do not, so the loader never sees
//! them.
//!
//! Every write is atomic: a temporary file in the same folder, flushed to
//! disk, renamed over the target, and the folder flushed. A sync killed at
//! any moment leaves complete files only; the index is saved when a list
//! completes, and segments written after it are read again on the next
//! start.

use std::collections::{BTreeMap, HashMap};
use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::page::{self, Meta};

pub const STATE: &str = "ratsinfo-sync.state";
pub const LOCK: &str = "ratsinfo-sync.lock";
pub const NEU: &str = "ratsinfo-sync.neu";
pub const SYSTEM: &str = "system.json";
pub const BODY: &str = "body.json";
pub const GONE: &str = "gone.json";
pub const LISTS: &str = "lists";
pub const FILES: &str = "files";
const INDEX: &str = "index";

/// Entries per segment written by compaction.
pub const SEGMENT_ENTRIES: usize = 1000;

/// Writes `bytes` to `path` so that a crash leaves either the old file or
/// the new one: temporary file, fsync, rename, fsync of the folder.
pub fn atomic_write(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("datei");
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        fs::rename(&tmp, path)?;
        sync_dir(dir)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Flushes a folder's entries (a rename) to disk.
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

/// Removes temporary files a killed sync left in `dir` (not recursive).
pub fn remove_leftovers(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let name = e.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') && (name.ends_with(".tmp") || name.ends_with(".part")) {
            let _ = fs::remove_file(e.path());
        }
    }
}

/// What the sync remembers about one body's archive.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct State {
    pub format: u32,
    /// The System's URL, when known.
    #[serde(default)]
    pub system: Option<String>,
    /// The Body's id.
    pub body: String,
    /// The Body's name, for messages.
    #[serde(default)]
    pub name: String,
    /// The URL the user gave, which a refresh without URL starts from.
    #[serde(default)]
    pub source: String,
    /// `https://schema.oparl.org/1.1/`: where tombstones' types begin.
    #[serde(default)]
    pub schema: String,
    #[serde(default)]
    pub lists: BTreeMap<String, ListState>,
    /// OParl 1.1's extra lists whose segments the loader reads, since the
    /// core lists referred to their objects by URL instead of embedding
    /// them. The others are stored for completeness but not loaded: their
    /// objects are the ones embedded in meetings and papers already.
    #[serde(default)]
    pub exposed: std::collections::BTreeSet<String>,
    /// When the last sync started and ended (server clock), and whether
    /// it fetched everything.
    #[serde(default)]
    pub last_started: Option<i64>,
    #[serde(default)]
    pub last_finished: Option<i64>,
    #[serde(default)]
    pub last_complete: bool,
}

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct ListState {
    pub url: String,
    /// The OParl type of its entries (`Paper`).
    pub kind: String,
    /// When the last complete walk of this list started (server clock):
    /// the next one asks for what changed since then, less an overlap.
    #[serde(default)]
    pub watermark: Option<i64>,
    /// Where an interrupted walk stopped.
    #[serde(default)]
    pub resume: Option<Resume>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Resume {
    /// The next page to fetch.
    pub next: String,
    /// The `modified_since` of the walk (Unix seconds), if filtered.
    pub since: Option<i64>,
    /// When the walk started (server clock): its watermark once complete.
    pub started: i64,
    /// Whether it was a full walk (no filter).
    pub full: bool,
    pub pages: u32,
}

impl State {
    pub fn load(dir: &Path) -> io::Result<Option<State>> {
        match fs::read(dir.join(STATE)) {
            Ok(bytes) => serde_json::from_slice(&bytes).map(Some).map_err(io::Error::other),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    pub fn save(&self, dir: &Path) -> io::Result<()> {
        let mut bytes = serde_json::to_vec_pretty(self).map_err(io::Error::other)?;
        bytes.push(b'\n');
        atomic_write(&dir.join(STATE), &bytes)
    }
}

/// The version of an object a list's segments hold last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    pub seg: u32,
    /// `i64::MIN`: no `modified`.
    pub modified: i64,
    pub hash: u64,
    pub deleted: bool,
    /// Seen in this run's walk (for a full pass's reconciliation).
    pub seen: bool,
}

/// What an entry of a fetched page means to the archive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Created,
    Updated,
    Deleted,
    /// The same as stored, or older: nothing to write.
    Unchanged,
}

/// One list's segments and the index of the ids in them.
pub struct ListIndex {
    pub dir: PathBuf,
    pub ids: HashMap<Box<str>, Entry>,
    /// Segment number → entries in it.
    segs: BTreeMap<u32, u32>,
    /// Segments the saved index covers.
    covers: u32,
    /// Versions replaced by one with the same `modified` but other content
    /// (the loader would warn): compact, so that only the later stays.
    pub conflicts: usize,
    /// Segments were missing: entries may be lost, so the next walk must
    /// be a full one.
    pub damaged: bool,
    /// `json` for segments the loader reads, `oparl` for those it does
    /// not (lists whose objects the loader finds embedded in others).
    ext: &'static str,
}

/// The extension of segments the loader reads, and of those it does not.
pub const VISIBLE: &str = "json";
pub const HIDDEN: &str = "oparl";

fn seg_name(n: u32, ext: &str) -> String {
    format!("{n:08}.{ext}")
}

fn modified_key(m: Option<i64>) -> i64 {
    m.unwrap_or(i64::MIN)
}

impl ListIndex {
    /// Opens (or creates) a list's folder: reads the index and every
    /// segment written after it was saved. `visible`: whether the loader
    /// is to read the segments; those with the other extension are renamed
    /// (each rename atomic, so a kill half-way leaves a mix that the next
    /// open finishes).
    pub fn open(dir: &Path, visible: bool) -> io::Result<ListIndex> {
        fs::create_dir_all(dir)?;
        remove_leftovers(dir);
        let ext = if visible { VISIBLE } else { HIDDEN };
        let mut ix = ListIndex {
            dir: dir.to_owned(),
            ids: HashMap::new(),
            segs: BTreeMap::new(),
            covers: 0,
            conflicts: 0,
            damaged: false,
            ext,
        };
        let on_disk = ix.segments_on_disk()?;
        if let Ok(text) = fs::read_to_string(dir.join(INDEX))
            && !ix.read_index(&text)
        {
            // An index that cannot be read is rebuilt from the segments.
            ix.ids.clear();
            ix.segs.clear();
            ix.covers = 0;
        }
        // Segments that are gone: fine if nothing lived in them (a
        // compaction removing the old ones was stopped half-way); if
        // something did, it is lost and the list must be fetched whole.
        let missing: Vec<u32> = ix.segs.keys().copied().filter(|s| !on_disk.contains(s)).collect();
        if !missing.is_empty() {
            ix.damaged = ix.ids.values().any(|e| missing.contains(&e.seg));
            for s in &missing {
                ix.segs.remove(s);
            }
            ix.ids.retain(|_, e| !missing.contains(&e.seg));
        }
        // Segments the index does not know: written after it was saved.
        let fresh: Vec<u32> = on_disk.iter().copied().filter(|s| !ix.segs.contains_key(s)).collect();
        for s in fresh {
            ix.scan(s)?;
        }
        Ok(ix)
    }

    fn segments_on_disk(&self) -> io::Result<Vec<u32>> {
        let mut found = Vec::new();
        let mut renamed = false;
        for e in fs::read_dir(&self.dir)? {
            let name = e?.file_name();
            let name = name.to_string_lossy();
            let Some((stem, ext)) = name.split_once('.') else { continue };
            let Ok(n) = stem.parse::<u32>() else { continue };
            if ext == self.ext {
                found.push(n);
            } else if ext == VISIBLE || ext == HIDDEN {
                fs::rename(self.dir.join(name.as_ref()), self.dir.join(seg_name(n, self.ext)))?;
                renamed = true;
                found.push(n);
            }
        }
        if renamed {
            sync_dir(&self.dir)?;
        }
        found.sort_unstable();
        found.dedup();
        Ok(found)
    }

    fn read_index(&mut self, text: &str) -> bool {
        let mut lines = text.lines();
        if lines.next() != Some("ratsinfo-index 1") {
            return false;
        }
        for line in lines {
            let mut parts = line.splitn(5, ' ');
            let (Some(a), Some(b)) = (parts.next(), parts.next()) else { return false };
            match a {
                "covers" => match b.parse() {
                    Ok(n) => self.covers = n,
                    Err(_) => return false,
                },
                "seg" => match (b.parse(), parts.next().and_then(|c| c.parse().ok())) {
                    (Ok(n), Some(c)) => {
                        self.segs.insert(n, c);
                    }
                    _ => return false,
                },
                seg => {
                    let (Ok(seg), Some(m), Some(h), Some(id)) =
                        (seg.parse::<u32>(), parts.next(), parts.next(), parts.next())
                    else {
                        return false;
                    };
                    let modified = if m == "-" { i64::MIN } else { m.parse().unwrap_or(i64::MIN) };
                    let Ok(hash) = u64::from_str_radix(h, 16) else { return false };
                    let deleted = b == "d";
                    self.ids.insert(id.into(), Entry { seg, modified, hash, deleted, seen: false });
                }
            }
        }
        true
    }

    /// Reads a segment the index does not cover and takes its entries, as
    /// the loader will: a later segment's version wins unless it is older.
    fn scan(&mut self, seg: u32) -> io::Result<()> {
        let path = self.dir.join(seg_name(seg, self.ext));
        let text = fs::read_to_string(&path)?;
        let Ok(entries) = page::segment_entries(&text) else {
            // Not ours or damaged: leave it to the loader to report.
            self.segs.insert(seg, 0);
            return Ok(());
        };
        self.segs.insert(seg, entries.len() as u32);
        for raw in entries {
            let meta = Meta::of(raw);
            let Some(id) = meta.id else { continue };
            let new = Entry {
                seg,
                modified: modified_key(meta.modified),
                hash: page::hash(raw.get().as_bytes()),
                deleted: meta.deleted,
                seen: false,
            };
            match self.ids.get_mut(id.as_str()) {
                Some(e) if new.modified >= e.modified => *e = new,
                Some(_) => {}
                None => {
                    self.ids.insert(id.into(), new);
                }
            }
        }
        Ok(())
    }

    /// What a fetched entry means, compared with the stored version.
    pub fn classify(&self, meta: &Meta, hash: u64) -> Change {
        let Some(id) = meta.id.as_deref() else {
            // Nothing can refer to it; kept as received.
            return if meta.deleted { Change::Unchanged } else { Change::Created };
        };
        let modified = modified_key(meta.modified);
        match self.ids.get(id) {
            None if meta.deleted => Change::Unchanged,
            None => Change::Created,
            Some(e) if modified < e.modified => Change::Unchanged,
            Some(e) if e.hash == hash => Change::Unchanged,
            Some(e) if meta.deleted => {
                if e.deleted {
                    Change::Unchanged
                } else {
                    Change::Deleted
                }
            }
            Some(e) if e.deleted => Change::Created,
            Some(_) => Change::Updated,
        }
    }

    /// Marks an entry seen in this run.
    pub fn see(&mut self, id: &str) {
        if let Some(e) = self.ids.get_mut(id) {
            e.seen = true;
        }
    }

    /// The number the next segment gets.
    fn next_seg(&self) -> u32 {
        self.segs.keys().next_back().copied().unwrap_or(0).max(self.covers) + 1
    }

    /// Writes entries as a new segment and records them: `(meta, hash, raw)`.
    pub fn write(&mut self, entries: &[(Meta, u64, &str)]) -> io::Result<u32> {
        let seg = self.next_seg();
        let raws: Vec<&str> = entries.iter().map(|e| e.2).collect();
        atomic_write(&self.dir.join(seg_name(seg, self.ext)), &page::segment(&raws))?;
        self.segs.insert(seg, entries.len() as u32);
        for (meta, hash, _) in entries {
            let Some(id) = meta.id.as_deref() else { continue };
            let new = Entry {
                seg,
                modified: modified_key(meta.modified),
                hash: *hash,
                deleted: meta.deleted,
                seen: true,
            };
            if let Some(old) = self.ids.get(id)
                && old.modified == new.modified
                && old.hash != new.hash
                && !old.deleted
                && !new.deleted
            {
                self.conflicts += 1;
            }
            self.ids.insert(id.into(), new);
        }
        Ok(seg)
    }

    /// Keeps the original bytes of a page that had to be repaired, beside
    /// its segment (not `.json`, so the loader does not read it).
    pub fn keep_original(&self, seg: u32, bytes: &[u8]) -> io::Result<()> {
        atomic_write(&self.dir.join(format!("{seg:08}.orig")), bytes)
    }

    /// Saves the index: every segment so far is covered.
    pub fn save(&mut self) -> io::Result<()> {
        let covers = self.segs.keys().next_back().copied().unwrap_or(0).max(self.covers);
        let mut out = String::with_capacity(64 + self.ids.len() * 96);
        out.push_str("ratsinfo-index 1\n");
        out.push_str(&format!("covers {covers}\n"));
        for (s, c) in &self.segs {
            out.push_str(&format!("seg {s} {c}\n"));
        }
        let mut ids: Vec<(&Box<str>, &Entry)> = self.ids.iter().collect();
        ids.sort_unstable_by(|a, b| a.0.cmp(b.0));
        for (id, e) in ids {
            if id.contains(['\n', '\r']) {
                continue;
            }
            let m = if e.modified == i64::MIN { "-".to_owned() } else { e.modified.to_string() };
            let flag = if e.deleted { 'd' } else { 'a' };
            out.push_str(&format!("{} {flag} {m} {:x} {id}\n", e.seg, e.hash));
        }
        atomic_write(&self.dir.join(INDEX), out.as_bytes())?;
        self.covers = covers;
        Ok(())
    }

    /// Entries in segments that a later version has replaced.
    pub fn superseded(&self) -> usize {
        let total: usize = self.segs.values().map(|&c| c as usize).sum();
        total.saturating_sub(self.ids.len())
    }

    /// The file of a segment.
    pub fn segment_path(&self, seg: u32) -> PathBuf {
        self.dir.join(seg_name(seg, self.ext))
    }

    pub fn segments(&self) -> usize {
        self.segs.len()
    }

    /// Whether compaction pays: a quarter of the entries superseded, many
    /// small segments, or versions the loader would report as conflicting.
    pub fn needs_compaction(&self) -> bool {
        let live = self.ids.len();
        let superseded = self.superseded();
        let wanted = live.div_ceil(SEGMENT_ENTRIES);
        (superseded > 0 && superseded * 4 > live + superseded)
            || self.segs.len() > wanted * 2 + 32
            || self.conflicts > 0
    }

    /// Rewrites the live entries into fresh segments, then removes the old
    /// ones. Killed in between, both hold the same versions, which the
    /// loader takes as one; the next compaction removes the old.
    pub fn compact(&mut self) -> io::Result<()> {
        let old: Vec<u32> = self.segs.keys().copied().collect();
        let mut batch: Vec<String> = Vec::new();
        let mut batch_meta: Vec<(Meta, u64)> = Vec::new();
        let mut kept: std::collections::HashSet<Box<str>> = std::collections::HashSet::new();
        for &s in &old {
            let Ok(text) = fs::read_to_string(self.dir.join(seg_name(s, self.ext))) else { continue };
            let Ok(entries) = page::segment_entries(&text) else { continue };
            for raw in entries {
                let meta = Meta::of(raw);
                let hash = page::hash(raw.get().as_bytes());
                let keep = match meta.id.as_deref() {
                    // Entries without id stay where they are (in order).
                    None => true,
                    Some(id) => {
                        self.ids.get(id).is_some_and(|e| e.seg == s && e.hash == hash) && !kept.contains(id)
                    }
                };
                if !keep {
                    continue;
                }
                if let Some(id) = meta.id.as_deref() {
                    kept.insert(id.into());
                }
                batch.push(raw.get().to_owned());
                batch_meta.push((meta, hash));
                if batch.len() >= SEGMENT_ENTRIES {
                    self.flush_compacted(&mut batch, &mut batch_meta)?;
                }
            }
        }
        if !batch.is_empty() {
            self.flush_compacted(&mut batch, &mut batch_meta)?;
        }
        self.conflicts = 0;
        self.save()?;
        for s in old {
            self.segs.remove(&s);
            let _ = fs::remove_file(self.dir.join(seg_name(s, self.ext)));
            let _ = fs::remove_file(self.dir.join(format!("{s:08}.orig")));
        }
        self.save()?;
        sync_dir(&self.dir)
    }

    fn flush_compacted(&mut self, batch: &mut Vec<String>, meta: &mut Vec<(Meta, u64)>) -> io::Result<()> {
        let entries: Vec<(Meta, u64, &str)> =
            meta.drain(..).zip(batch.iter()).map(|((m, h), raw)| (m, h, raw.as_str())).collect();
        let seen: Vec<bool> = entries
            .iter()
            .map(|(m, _, _)| m.id.as_deref().and_then(|id| self.ids.get(id)).is_some_and(|e| e.seen))
            .collect();
        self.write(&entries)?;
        // `write` marks entries seen; keep what the walk saw.
        for ((m, _, _), was) in entries.iter().zip(seen) {
            if let Some(e) = m.id.as_deref().and_then(|id| self.ids.get_mut(id)) {
                e.seen = was;
            }
        }
        batch.clear();
        Ok(())
    }
}

/// A tombstone the sync wrote for an object that a full pass no longer
/// found on the server.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Gone {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub deleted: bool,
    /// When it was found missing (server clock), RFC 3339.
    pub modified: String,
    /// Why it is marked, for whoever reads the file.
    #[serde(rename = "ratsinfoHinweis", default)]
    pub note: String,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct GoneFile {
    data: Vec<Gone>,
}

/// Objects a full pass found missing, by id.
pub fn load_gone(dir: &Path) -> BTreeMap<String, Gone> {
    let Ok(bytes) = fs::read(dir.join(GONE)) else { return BTreeMap::new() };
    let file: GoneFile = serde_json::from_slice(&bytes).unwrap_or_default();
    file.data.into_iter().map(|g| (g.id.clone(), g)).collect()
}

pub fn save_gone(dir: &Path, gone: &BTreeMap<String, Gone>) -> io::Result<()> {
    let path = dir.join(GONE);
    if gone.is_empty() {
        return match fs::remove_file(&path) {
            Ok(()) => sync_dir(dir),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(e),
        };
    }
    let file = GoneFile { data: gone.values().cloned().collect() };
    let mut bytes = serde_json::to_vec_pretty(&file).map_err(io::Error::other)?;
    bytes.push(b'\n');
    atomic_write(&path, &bytes)
}

/// A folder name for a body: its short name or name, lower-case ASCII
/// (`Stadt Köln` → `stadt-koeln`).
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        let s: &str = match c {
            'ä' => "ae",
            'ö' => "oe",
            'ü' => "ue",
            'ß' => "ss",
            'é' | 'è' | 'ê' => "e",
            'á' | 'à' | 'â' => "a",
            _ => "",
        };
        if !s.is_empty() {
            out.push_str(s);
        } else if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_matches('-');
    let out: String = out.chars().take(60).collect();
    let out = out.trim_matches('-').to_owned();
    if out.is_empty() { "koerperschaft".to_owned() } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::value::RawValue;

    fn tmp(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("ratsinfo-store-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&d);
        fs::create_dir_all(&d).unwrap();
        d
    }

    fn entry(json: &str) -> (Meta, u64, String) {
        let raw: &RawValue = serde_json::from_str(json).unwrap();
        (Meta::of(raw), page::hash(json.as_bytes()), json.to_owned())
    }

    fn write(ix: &mut ListIndex, list: &[&str]) -> u32 {
        let e: Vec<(Meta, u64, String)> = list.iter().map(|j| entry(j)).collect();
        let refs: Vec<(Meta, u64, &str)> = e.iter().map(|(m, h, s)| (m.clone(), *h, s.as_str())).collect();
        ix.write(&refs).unwrap()
    }

    const A1: &str = r#"{"id":"a","type":"T","modified":"2025-01-01T00:00:00Z","name":"eins"}"#;
    const A2: &str = r#"{"id":"a","type":"T","modified":"2025-02-01T00:00:00Z","name":"zwei"}"#;
    const B1: &str = r#"{"id":"b","type":"T","modified":"2025-01-01T00:00:00Z"}"#;
    const B_DEL: &str = r#"{"id":"b","type":"T","modified":"2025-03-01T00:00:00Z","deleted":true}"#;

    #[test]
    fn changes_are_classified_against_the_stored_version() {
        let d = tmp("classify");
        let mut ix = ListIndex::open(&d, true).unwrap();
        let (m, h, _) = entry(A1);
        assert_eq!(ix.classify(&m, h), Change::Created);
        write(&mut ix, &[A1, B1]);
        assert_eq!(ix.classify(&m, h), Change::Unchanged);
        let (m2, h2, _) = entry(A2);
        assert_eq!(ix.classify(&m2, h2), Change::Updated);
        let (md, hd, _) = entry(B_DEL);
        assert_eq!(ix.classify(&md, hd), Change::Deleted);
        write(&mut ix, &[A2, B_DEL]);
        assert_eq!(ix.classify(&m, h), Change::Unchanged, "an older version changes nothing");
        assert_eq!(ix.classify(&md, hd), Change::Unchanged);
        let (mu, hu, _) = entry(r#"{"id":"x","deleted":true}"#);
        assert_eq!(ix.classify(&mu, hu), Change::Unchanged, "a tombstone of an unknown object");
        let _ = fs::remove_dir_all(&d);
    }

    #[test]
    fn segments_after_the_saved_index_are_read_again_and_compaction_keeps_the_latest() {
        let d = tmp("recover");
        let mut ix = ListIndex::open(&d, true).unwrap();
        write(&mut ix, &[A1, B1]);
        ix.save().unwrap();
        // A run killed after writing a segment, before saving the index.
        write(&mut ix, &[A2]);
        drop(ix);
        let mut ix = ListIndex::open(&d, true).unwrap();
        assert_eq!(ix.ids["a"].seg, 2);
        assert_eq!(ix.superseded(), 1);
        write(&mut ix, &[B_DEL]);
        ix.compact().unwrap();
        assert_eq!(ix.segments(), 1);
        assert_eq!(ix.superseded(), 0);
        let seg = *ix.segs.keys().next().unwrap();
        let text = fs::read_to_string(d.join(seg_name(seg, VISIBLE))).unwrap();
        assert!(text.contains("zwei") && !text.contains("eins") && text.contains("\"deleted\":true"));
        drop(ix);
        let ix = ListIndex::open(&d, true).unwrap();
        assert_eq!(ix.ids.len(), 2);
        assert!(ix.ids["b"].deleted);
        assert!(!ix.damaged);
        let _ = fs::remove_dir_all(&d);
    }

    #[test]
    fn a_lost_segment_marks_the_list_damaged() {
        let d = tmp("damaged");
        let mut ix = ListIndex::open(&d, true).unwrap();
        write(&mut ix, &[A1]);
        write(&mut ix, &[B1]);
        ix.save().unwrap();
        fs::remove_file(d.join(seg_name(1, VISIBLE))).unwrap();
        let ix = ListIndex::open(&d, true).unwrap();
        assert!(ix.damaged);
        assert!(!ix.ids.contains_key("a") && ix.ids.contains_key("b"));
        let _ = fs::remove_dir_all(&d);
    }

    #[test]
    fn a_compaction_stopped_while_removing_old_segments_loses_nothing() {
        let d = tmp("compactkill");
        let mut ix = ListIndex::open(&d, true).unwrap();
        write(&mut ix, &[A1, B1]);
        write(&mut ix, &[A2]);
        write(&mut ix, &[B_DEL]);
        ix.save().unwrap();
        // What compact() does before removing the old segments: the live
        // entries into a new one, the index saved…
        write(&mut ix, &[A2, B_DEL]);
        ix.save().unwrap();
        // …then killed after removing the first old segment.
        fs::remove_file(d.join(seg_name(1, VISIBLE))).unwrap();
        drop(ix);
        let ix = ListIndex::open(&d, true).unwrap();
        assert!(!ix.damaged);
        assert_eq!(ix.ids.len(), 2);
        assert_eq!(ix.ids["a"].seg, 4);
        let _ = fs::remove_dir_all(&d);
    }

    #[test]
    fn segments_move_between_hidden_and_visible() {
        let d = tmp("visible");
        let mut ix = ListIndex::open(&d, false).unwrap();
        write(&mut ix, &[A1]);
        ix.save().unwrap();
        assert!(d.join("00000001.oparl").is_file());
        let ix = ListIndex::open(&d, true).unwrap();
        assert!(d.join("00000001.json").is_file() && !d.join("00000001.oparl").exists());
        assert_eq!(ix.ids.len(), 1);
        assert!(!ix.damaged);
        let _ = fs::remove_dir_all(&d);
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("Stadt Köln"), "stadt-koeln");
        assert_eq!(slug("  Große Kreisstadt / Süd  "), "grosse-kreisstadt-sued");
        assert_eq!(slug("../.."), "koerperschaft");
    }
}
