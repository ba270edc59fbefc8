//! Personal state: read marks, the Merkliste, notes, and what a watched
//! Vorlage looked like when last seen — kept in the user's data directory
//! (`state.sqlite`), never in the archive files, and keyed by the records'
//! stable keys ([`crate::model::Key`]), so that it survives reloads, syncs
//! and a changed file order. An entry whose record is not loaded is kept
//! and listed by the label stored with it.
//!
//! The UI holds a [`State`]: opened at start ([`State::open`], never fails,
//! fast), attached to the archive when it is loaded ([`State::attach`]),
//! asked per tree row through [`State::view`] (O(1)), written through the
//! `toggle_*`/`set_*` methods — each a committed transaction before it
//! returns — and refreshed from other processes' writes with
//! [`State::refresh_if_changed`] (one pragma when nothing changed).

mod fingerprint;
pub mod notes;
mod store;
mod target;
mod transfer;
mod view;

pub use fingerprint::{Change, Fingerprint};
pub use store::{Access, SCHEMA_VERSION, StateError, Store};
pub use target::{Resolver, Target, kind, valid_key};
pub use transfer::{
    ExportEntry, ExportFile, ImportReport, STATE_FORMAT, export, import, import_file, time_text,
};
pub use view::{MerkItem, Note, Resolved, Unloaded};

use std::path::Path;

use crate::dirs::Dirs;
use crate::open::Data;
use crate::strings as s;
use crate::tree::Node;
use store::Preloaded;

/// How a record is named where it is not loaded: its kind ([`kind`]), its
/// number (a Vorlage's, an agenda item's TOP) and its title.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Label {
    pub kind: String,
    pub nummer: String,
    pub titel: String,
}

impl Label {
    /// The kind as people name it ("Vorlage", "Sitzung", "TOP", "Gremium").
    pub fn kind_name(&self) -> &str {
        match self.kind.as_str() {
            kind::VORLAGE => s::VORLAGE,
            kind::SITZUNG => s::SITZUNG,
            kind::AUSZUG => s::TOP,
            kind::GREMIUM => s::GREMIUM,
            other => other,
        }
    }

    /// "2021/0832 Antrag: …", or the title alone.
    pub fn line(&self) -> String {
        match (self.nummer.is_empty(), self.titel.is_empty()) {
            (false, false) => format!("{} {}", self.nummer, self.titel),
            (false, true) => self.nummer.clone(),
            _ => self.titel.clone(),
        }
    }
}

/// A field that is on or off, and when it last changed (ms since 1970, UTC;
/// also when it was switched off).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Flag {
    pub on: bool,
    pub at: Option<i64>,
}

/// One stored row: everything about one key.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Entry {
    pub key: String,
    pub label: Label,
    pub read: Flag,
    pub merk: Flag,
    /// Empty: no note.
    pub note: String,
    pub note_at: Option<i64>,
    /// A watched Vorlage's [`Fingerprint`] when last seen.
    pub seen: Option<String>,
    pub rev: i64,
}

/// Now, in ms since 1970 (UTC).
pub fn now_ms() -> i64 {
    jiff::Timestamp::now().as_millisecond()
}

static BERLIN: jiff::tz::TimeZone = jiff::tz::get!("Europe/Berlin");

/// A stored time as German local time: "12.03.2025, 14:02".
pub fn german_time(ms: i64) -> String {
    let ts = jiff::Timestamp::from_millisecond(ms).unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    BERLIN.to_datetime(ts).strftime("%d.%m.%Y, %H:%M").to_string()
}

/// A note as stored and shown: what the user typed, kept as typed (blanks,
/// indentation, line breaks), without what could act on a terminal or hide
/// text: control characters but newline and tab become visible stand-ins,
/// bidi and zero-width characters are dropped, `\r\n` becomes `\n`.
pub fn clean_note(text: &str) -> String {
    let text = text.replace("\r\n", "\n");
    let mut out = String::with_capacity(text.len());
    for c in text.trim_end().chars() {
        match c {
            '\n' | '\t' => out.push(c),
            '\r' => out.push('\n'),
            '\u{00}'..='\u{1F}' => out.push(char::from_u32(0x2400 + c as u32).unwrap_or('\u{FFFD}')),
            '\u{7F}' => out.push('\u{2421}'),
            '\u{80}'..='\u{9F}' => out.push('\u{FFFD}'),
            '\u{AD}'
            | '\u{061C}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{FEFF}'
            | '\u{FFF9}'..='\u{FFFB}' => {}
            _ => out.push(c),
        }
    }
    out
}

/// The state store with its view of the loaded archive: what the UI holds.
pub struct State {
    store: Store,
    view: Resolved,
    attached: bool,
    /// The entries, being read on a thread of their own since the store
    /// was opened (while the archive loads).
    preload: Option<std::thread::JoinHandle<Result<Preloaded, StateError>>>,
}

impl State {
    /// The user's store (`state.sqlite` in the data directory). Never
    /// fails; see [`State::problem`].
    pub fn open(dirs: &Dirs) -> State {
        State::open_at(&dirs.state_file())
    }

    /// The store at `path`; its entries are read at once on a thread of
    /// their own, so that [`State::attach`] finds them read.
    pub fn open_at(path: &Path) -> State {
        let mut st = State::with_store(Store::open(path));
        if st.access() == Access::Saved {
            let path = path.to_path_buf();
            st.preload = std::thread::Builder::new()
                .name("ratsinfo-state".into())
                .stack_size(256 << 10)
                .spawn(move || Preloaded::read_file(&path))
                .ok();
        }
        st
    }

    /// The user's store if there is one, else an empty one in memory: for
    /// commands that only read, so that they create no file.
    pub fn open_to_read(dirs: &Dirs) -> State {
        let path = dirs.state_file();
        if path.exists() { State::open_at(&path) } else { State::with_store(Store::in_memory_at(&path)) }
    }

    /// A state that lives in memory only.
    pub fn in_memory() -> State {
        State::with_store(Store::in_memory())
    }

    pub fn with_store(store: Store) -> State {
        State { store, view: Resolved::default(), attached: false, preload: None }
    }

    pub fn store(&self) -> &Store {
        &self.store
    }

    pub fn store_mut(&mut self) -> &mut Store {
        &mut self.store
    }

    /// Why changes are not saved (damaged or newer store, no directory), in
    /// German; None when all is well.
    pub fn problem(&self) -> Option<&str> {
        self.store.problem()
    }

    pub fn access(&self) -> Access {
        self.store.access()
    }

    /// What the state says about the loaded archive.
    pub fn view(&self) -> &Resolved {
        &self.view
    }

    /// Resolves every stored entry against a newly loaded archive (at
    /// start, after a reload or sync), and stores the fingerprint of
    /// watched Vorlagen not seen before. The entries read while the archive
    /// loaded are used if there are any. A store found damaged now is given
    /// up for one in memory (see [`State::problem`]), keeping what was read.
    pub fn attach(&mut self, d: &Data) {
        let pre = match self.preload.take().map(|h| h.join()) {
            Some(Ok(Ok(pre))) => Ok(pre),
            _ => self.store.preload(),
        };
        let (view, error) = match pre {
            Ok(pre) => self.resolve_preloaded(d, &pre),
            Err(e) => (Resolved::new(d), Some(e)),
        };
        if error.is_some_and(|e| e.is_damage()) {
            self.store.fall_back();
        }
        self.view = view;
        self.attached = true;
        // First fingerprints of watched Vorlagen, in one transaction.
        let unseen = self.view.take_unseen();
        if !unseen.is_empty() {
            let _ = self.store.write_all(|st| {
                for &v in &unseen {
                    let t = Target::Record(crate::model::RecordId::Vorlage(v));
                    let fp = Fingerprint::of(&d.archive, v).to_text();
                    st.set(&t.key(d), &t.label(d), store::Field::Seen(&fp), 0)?;
                }
                Ok(())
            });
        }
    }

    /// The stored entries resolved against `d`, without writing anything
    /// (what `attach` does, for the command line); on an error, what was
    /// read before it, and the error.
    pub fn resolve(&self, d: &Data) -> (Resolved, Option<StateError>) {
        match self.store.preload() {
            Ok(pre) => self.resolve_preloaded(d, &pre),
            Err(e) => (Resolved::new(d), Some(e)),
        }
    }

    fn resolve_preloaded(&self, d: &Data, pre: &Preloaded) -> (Resolved, Option<StateError>) {
        let (mut view, unloaded) = Resolved::build(d, pre);
        // Labels are read only for what is not loaded: few.
        for key in unloaded {
            match self.store.label(&key) {
                Ok(label) => view.set_label(&key, label),
                Err(e) => return (view, Some(e)),
            }
        }
        (view, None)
    }

    /// Reads what other processes wrote since the last look, if anything
    /// (one `PRAGMA data_version` when nothing changed). Returns whether
    /// the view changed.
    pub fn refresh_if_changed(&mut self, d: &Data) -> Result<bool, StateError> {
        if !self.attached || !self.store.changed_elsewhere() {
            return Ok(false);
        }
        let (rows, rev) = self.store.changed_since(self.view.rev)?;
        for e in &rows {
            self.view.apply(d, e);
        }
        self.view.rev = self.view.rev.max(rev);
        Ok(!rows.is_empty())
    }

    /// Runs a write; a store found damaged by it is given up for one in
    /// memory and the write done there.
    fn write(&mut self, f: impl Fn(&mut Store) -> Result<i64, StateError>) -> Result<(), StateError> {
        match f(&mut self.store) {
            Ok(_) => Ok(()),
            Err(e) if e.is_damage() && self.store.access() == Access::Saved => {
                self.store.fall_back();
                f(&mut self.store).map(|_| ())
            }
            Err(e) => Err(e),
        }
    }

    fn target(&self, d: &Data, node: Node) -> Result<Target, StateError> {
        Target::of(&d.tree, node).ok_or_else(|| StateError::new(s::KEIN_EINTRAG_FUER_ZUSTAND))
    }

    /// Marks the node's record read or unread, saved before it returns.
    pub fn set_read(&mut self, d: &Data, node: Node, on: bool) -> Result<(), StateError> {
        let t = self.target(d, node)?;
        let (key, label, now) = (t.key(d), t.label(d), now_ms());
        self.write(|st| st.set(&key, &label, store::Field::Read(on), now))?;
        self.view.set_read(d, t, on);
        Ok(())
    }

    /// Toggles the read mark; returns the new state.
    pub fn toggle_read(&mut self, d: &Data, node: Node) -> Result<bool, StateError> {
        let on = !self.view.is_read(&d.tree, node);
        self.set_read(d, node, on).map(|()| on)
    }

    /// Puts the node's record on the Merkliste or takes it off. A Vorlage
    /// put on it is seen as it is now.
    pub fn set_merk(&mut self, d: &Data, node: Node, on: bool) -> Result<(), StateError> {
        let t = self.target(d, node)?;
        let (key, label, now) = (t.key(d), t.label(d), now_ms());
        let seen = target::vorlage(t).filter(|_| on).map(|v| Fingerprint::of(&d.archive, v).to_text());
        self.write(|st| st.set(&key, &label, store::Field::Merk(on, seen.as_deref()), now))?;
        self.view.set_merk(d, t, on.then_some(now), seen.as_deref());
        Ok(())
    }

    /// Toggles the Merkliste flag; returns the new state.
    pub fn toggle_merk(&mut self, d: &Data, node: Node) -> Result<bool, StateError> {
        let on = !self.view.is_merk(&d.tree, node);
        self.set_merk(d, node, on).map(|()| on)
    }

    /// Saves the note on the node's record (cleaned, see [`clean_note`]);
    /// an empty text removes it.
    pub fn set_note(&mut self, d: &Data, node: Node, text: &str) -> Result<(), StateError> {
        let t = self.target(d, node)?;
        let (key, label, now) = (t.key(d), t.label(d), now_ms());
        let text = clean_note(text);
        self.write(|st| st.set(&key, &label, store::Field::Note(&text), now))?;
        self.view.set_note(t, (!text.is_empty()).then(|| Note { text: text.clone(), at: now }));
        Ok(())
    }

    /// Sees a watched Vorlage as it is now: it is no longer "neu" until it
    /// changes again.
    pub fn acknowledge(&mut self, d: &Data, node: Node) -> Result<(), StateError> {
        let t = self.target(d, node)?;
        let Some(v) = target::vorlage(t) else { return Ok(()) };
        let (key, label) = (t.key(d), t.label(d));
        let fp = Fingerprint::of(&d.archive, v).to_text();
        self.write(|st| st.set(&key, &label, store::Field::Seen(&fp), 0))?;
        self.view.seen(v);
        Ok(())
    }

    /// Writes a note under a key directly (no archive needed).
    pub fn set_note_by_key(&mut self, key: &str, label: &Label, text: &str) -> Result<(), StateError> {
        let text = clean_note(text);
        let now = now_ms();
        self.write(|st| st.set(key, label, store::Field::Note(&text), now))
    }

    /// Sets a read mark under a key directly (no archive needed).
    pub fn set_read_by_key(&mut self, key: &str, label: &Label, on: bool) -> Result<(), StateError> {
        let now = now_ms();
        self.write(|st| st.set(key, label, store::Field::Read(on), now))
    }
}

#[cfg(test)]
mod tests;
