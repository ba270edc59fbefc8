//! The state as one loaded archive sees it: keys resolved to records once,
//! so that the UI asks per tree row in O(1) — read? on the Merkliste? a
//! note? new since last seen? — and reads per session and Gremium how much
//! is read without counting.

use std::cell::OnceCell;
use std::collections::{BTreeMap, HashSet};

use crate::hash::HashMap;
use crate::model::{RecordId, SitzungId, VorlageId};
use crate::open::Data;
use crate::tree::{Node, Tree};

use super::fingerprint::{Change, Fingerprint};
use super::store::{Preloaded, RawEntry};
use super::target::{self, Fast, Resolver, Target};
use super::{Entry, Label};

type Set<T> = HashSet<T, foldhash::fast::RandomState>;

/// A note and when it was last changed (ms since 1970, UTC).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub text: String,
    pub at: i64,
}

/// An entry whose key names nothing loaded: kept, and listed by its label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unloaded {
    pub key: String,
    pub label: Label,
    /// On the Merkliste since.
    pub merk: Option<i64>,
    pub note: Option<Note>,
}

/// One entry of the Merkliste.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MerkItem {
    /// Where it is loaded; None for a record not loaded.
    pub target: Option<Target>,
    pub key: String,
    pub label: Label,
    /// When it was put on the list.
    pub at: i64,
    /// For a watched Vorlage: what is new since it was last seen.
    pub neu: Option<Change>,
}

/// The state resolved against one loaded archive.
#[derive(Default)]
pub struct Resolved {
    read: Set<Target>,
    merk: HashMap<Target, i64>,
    notes: HashMap<Target, Note>,
    /// Watched Vorlagen that changed since last seen.
    neu: HashMap<VorlageId, Change>,
    /// Watched Vorlagen without a fingerprint yet (put on the list before
    /// this archive was loaded, or imported): seen now.
    unseen: Vec<VorlageId>,
    unloaded: BTreeMap<String, Unloaded>,
    /// Items read per session and Gremium: counted when first asked for,
    /// then kept up to date.
    counts: OnceCell<Counts>,
    /// The highest revision of the store applied.
    pub(super) rev: i64,
    generation: u64,
    resolver: Option<Resolver>,
}

/// Per session (by [`SitzungId`]) and per Gremium: items read; per
/// Gremium: items.
#[derive(Debug, Default)]
struct Counts {
    sitzung_read: Vec<u32>,
    gremium_read: Vec<u32>,
    gremium_items: Vec<u32>,
}

impl Counts {
    fn new(tree: &Tree, read: &Set<Target>) -> Counts {
        let mut c = Counts {
            sitzung_read: vec![0; tree.sitzungen.len()],
            gremium_read: vec![0; tree.gremien.len()],
            gremium_items: vec![0; tree.gremien.len()],
        };
        for (i, it) in tree.items.iter().enumerate() {
            if let Some(n) = c.gremium_items.get_mut(it.gremium as usize) {
                *n += 1;
            }
            if Target::of_item(tree, i as u32).is_some_and(|t| read.contains(&t)) {
                c.bump(tree, i as u32, true);
            }
        }
        c
    }

    /// Counts item `i` as read (or no longer read).
    fn bump(&mut self, tree: &Tree, i: u32, on: bool) {
        let it = &tree.items[i as usize];
        let bump = |n: &mut u32| *n = if on { n.saturating_add(1) } else { n.saturating_sub(1) };
        if let Some(si) = it.sitzung
            && let Some(n) = self.sitzung_read.get_mut(si.0 as usize)
        {
            bump(n);
        }
        if let Some(n) = self.gremium_read.get_mut(it.gremium as usize) {
            bump(n);
        }
    }
}

impl Resolved {
    /// An empty view for `d`, ready for entries to be applied.
    pub(super) fn new(d: &Data) -> Resolved {
        Resolved { resolver: Some(Resolver::new(d)), ..Resolved::default() }
    }

    /// The view of the entries read in `pre`: their keys resolved on both
    /// cores, then applied. Also returns the keys of the entries that name
    /// nothing loaded, whose labels are for the caller to read.
    pub(super) fn build(d: &Data, pre: &Preloaded) -> (Resolved, Vec<String>) {
        let resolver = Resolver::new(d);
        let n = pre.len();
        let fast: Vec<Fast> = std::thread::scope(|s| {
            let (resolver, mid) = (&resolver, n / 2);
            let second =
                s.spawn(move || (mid..n).map(|i| resolver.find_fast(d, pre.key(i))).collect::<Vec<_>>());
            let mut fast: Vec<Fast> = Vec::with_capacity(n);
            fast.extend((0..mid).map(|i| resolver.find_fast(d, pre.key(i))));
            fast.extend(second.join().unwrap_or_else(|e| std::panic::resume_unwind(e)));
            fast
        });
        let mut view = Resolved { resolver: Some(resolver), ..Resolved::default() };
        view.read.reserve(n);
        let mut unloaded = Vec::new();
        for (i, f) in fast.into_iter().enumerate() {
            let e = pre.entry(i);
            let t = match f {
                Fast::Found(t) => Some(t),
                Fast::NotLoaded => None,
                Fast::Slow => view.find(d, e.key),
            };
            if view.apply_found(d, t, &e) {
                unloaded.push(e.key.to_owned());
            }
        }
        view.rev = pre.rev;
        (view, unloaded)
    }

    fn counts(&self, tree: &Tree) -> &Counts {
        self.counts.get_or_init(|| Counts::new(tree, &self.read))
    }

    /// Changes with every change to what the view answers: a UI may cache
    /// lists built from it (the Merkliste) until this moves on.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    pub fn is_read(&self, tree: &Tree, node: Node) -> bool {
        Target::of(tree, node).is_some_and(|t| self.read.contains(&t))
    }

    pub fn is_merk(&self, tree: &Tree, node: Node) -> bool {
        Target::of(tree, node).is_some_and(|t| self.merk.contains_key(&t))
    }

    pub fn note(&self, tree: &Tree, node: Node) -> Option<&Note> {
        self.notes.get(&Target::of(tree, node)?)
    }

    /// What is new on a watched Vorlage (the node's) since it was seen.
    pub fn neu(&self, tree: &Tree, node: Node) -> Option<Change> {
        self.neu.get(&target::vorlage(Target::of(tree, node)?)?).copied()
    }

    pub fn target_is_read(&self, t: Target) -> bool {
        self.read.contains(&t)
    }

    pub fn target_note(&self, t: Target) -> Option<&Note> {
        self.notes.get(&t)
    }

    /// Items of a session read, and how many it has ("7/12 gelesen").
    pub fn sitzung_read(&self, tree: &Tree, si: SitzungId) -> (usize, usize) {
        let read = self.counts(tree).sitzung_read.get(si.0 as usize).copied().unwrap_or(0) as usize;
        (read, tree.sitzungen.get(si.0 as usize).map_or(0, |s| s.items.len()))
    }

    /// Items of a Gremium (its sessions' and those without one) not read.
    pub fn gremium_unread(&self, tree: &Tree, g: u32) -> usize {
        let c = self.counts(tree);
        let total = c.gremium_items.get(g as usize).copied().unwrap_or(0);
        let read = c.gremium_read.get(g as usize).copied().unwrap_or(0);
        total.saturating_sub(read) as usize
    }

    /// Watched Vorlagen with a new Beratung, result or document since they
    /// were last seen (see [`super::State::acknowledge`]).
    pub fn watched_changes(&self) -> Vec<(VorlageId, Change)> {
        let mut v: Vec<_> = self.neu.iter().map(|(&v, &c)| (v, c)).collect();
        v.sort_unstable_by_key(|&(v, _)| v);
        v
    }

    /// The Merkliste, newest first; not loaded entries by their label.
    /// Sorts every time: cache it by [`Resolved::generation`].
    pub fn merkliste(&self, d: &Data) -> Vec<MerkItem> {
        let mut list: Vec<MerkItem> = self
            .merk
            .iter()
            .map(|(&t, &at)| MerkItem {
                target: Some(t),
                key: t.key(d),
                label: t.label(d),
                at,
                neu: target::vorlage(t).and_then(|v| self.neu.get(&v).copied()),
            })
            .chain(self.unloaded.values().filter_map(|u| {
                Some(MerkItem {
                    target: None,
                    key: u.key.clone(),
                    label: u.label.clone(),
                    at: u.merk?,
                    neu: None,
                })
            }))
            .collect();
        list.sort_by(|a, b| b.at.cmp(&a.at).then_with(|| a.key.cmp(&b.key)));
        list
    }

    /// Every note on a loaded target.
    pub fn notes(&self) -> impl Iterator<Item = (Target, &Note)> {
        self.notes.iter().map(|(&t, n)| (t, n))
    }

    /// Notes (and Merkliste entries) whose records are not loaded, by key.
    pub fn unloaded(&self) -> impl Iterator<Item = &Unloaded> {
        self.unloaded.values()
    }

    /// How many read marks apply to loaded records.
    pub fn read_count(&self) -> usize {
        self.read.len()
    }

    /// The watched Vorlagen seen for the first time in this archive: their
    /// fingerprint is to be stored (see [`super::State::attach`]).
    pub(super) fn take_unseen(&mut self) -> Vec<VorlageId> {
        std::mem::take(&mut self.unseen)
    }

    /// What `key` names here.
    pub(super) fn find(&mut self, d: &Data, key: &str) -> Option<Target> {
        self.resolver.get_or_insert_with(|| Resolver::new(d)).find(d, key)
    }

    /// Applies one stored entry (from a refresh).
    pub(super) fn apply(&mut self, d: &Data, e: &Entry) {
        let raw = RawEntry {
            key: &e.key,
            read: e.read.on,
            merk: e.merk.on.then(|| e.merk.at.unwrap_or(0)),
            note: &e.note,
            note_at: e.note_at,
            seen: e.seen.as_deref(),
        };
        if self.apply_raw(d, &raw)
            && let Some(u) = self.unloaded.get_mut(&e.key)
        {
            u.label = e.label.clone();
        }
    }

    /// Applies the fields of one stored entry; returns true when its key
    /// names nothing loaded and it is kept as [`Unloaded`], whose label is
    /// then for the caller to fill in.
    pub(super) fn apply_raw(&mut self, d: &Data, e: &RawEntry<'_>) -> bool {
        let t = self.find(d, e.key);
        self.apply_found(d, t, e)
    }

    /// [`Resolved::apply_raw`] with the key resolved to `t`.
    fn apply_found(&mut self, d: &Data, t: Option<Target>, e: &RawEntry<'_>) -> bool {
        self.generation += 1;
        let note =
            || (!e.note.is_empty()).then(|| Note { text: e.note.to_owned(), at: e.note_at.unwrap_or(0) });
        match t {
            Some(t) => {
                if !self.unloaded.is_empty() {
                    self.unloaded.remove(e.key);
                }
                self.set_read(d, t, e.read);
                if e.merk.is_some() || self.merk.contains_key(&t) {
                    self.set_merk(d, t, e.merk, e.seen);
                }
                if !e.note.is_empty() || self.notes.contains_key(&t) {
                    self.set_note(t, note());
                }
                false
            }
            None if e.merk.is_some() || !e.note.is_empty() => {
                let u =
                    Unloaded { key: e.key.to_owned(), label: Label::default(), merk: e.merk, note: note() };
                self.unloaded.insert(e.key.to_owned(), u);
                true
            }
            None => {
                self.unloaded.remove(e.key);
                false
            }
        }
    }

    /// Sets the label of an entry kept as [`Unloaded`].
    pub(super) fn set_label(&mut self, key: &str, label: Label) {
        if let Some(u) = self.unloaded.get_mut(key) {
            u.label = label;
        }
    }

    pub(super) fn set_read(&mut self, d: &Data, t: Target, on: bool) {
        let changed = if on { self.read.insert(t) } else { self.read.remove(&t) };
        if !changed {
            return;
        }
        self.generation += 1;
        let Some(counts) = self.counts.get_mut() else { return };
        // The items whose state this is: a Vorlage's items, an Auszug's.
        let tree = &d.tree;
        let one;
        let items: &[u32] = match t {
            Target::Record(RecordId::Vorlage(v)) => tree.items_of(v),
            Target::Record(RecordId::Auszug(a)) => {
                one = tree.item_of_auszug(a);
                one.as_slice()
            }
            _ => &[],
        };
        for &i in items {
            if Target::of_item(tree, i) == Some(t) {
                counts.bump(tree, i, on);
            }
        }
    }

    /// Puts `t` on the Merkliste (since `at`) or takes it off; `seen` is
    /// the stored fingerprint of a watched Vorlage.
    pub(super) fn set_merk(&mut self, d: &Data, t: Target, at: Option<i64>, seen: Option<&str>) {
        self.generation += 1;
        match at {
            Some(at) => {
                self.merk.insert(t, at);
            }
            None => {
                self.merk.remove(&t);
            }
        }
        let Some(v) = target::vorlage(t) else { return };
        self.neu.remove(&v);
        if at.is_none() {
            return;
        }
        match seen.and_then(Fingerprint::parse) {
            Some(seen) => {
                if let Some(change) = Fingerprint::of(&d.archive, v).since(seen) {
                    self.neu.insert(v, change);
                }
            }
            None => self.unseen.push(v),
        }
    }

    pub(super) fn set_note(&mut self, t: Target, note: Option<Note>) {
        self.generation += 1;
        match note {
            Some(n) => {
                self.notes.insert(t, n);
            }
            None => {
                self.notes.remove(&t);
            }
        }
    }

    /// A watched Vorlage was seen as it is now.
    pub(super) fn seen(&mut self, v: VorlageId) {
        if self.neu.remove(&v).is_some() {
            self.generation += 1;
        }
    }
}
