//! The state as one loaded archive sees it: keys resolved to records once,
//! so that the UI asks per tree row in O(1) — read? on the Merkliste? a
//! note? new since last seen? — and reads per session and Gremium how much
//! is read without counting.

use std::collections::{BTreeMap, HashSet};

use crate::hash::HashMap;
use crate::model::{RecordId, SitzungId, VorlageId};
use crate::open::Data;
use crate::tree::{Node, Tree};

use super::fingerprint::{Change, Fingerprint};
use super::target::{self, Resolver, Target};
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
    /// Per session (by [`SitzungId`]) and per Gremium: items read.
    sitzung_read: Vec<u32>,
    gremium_read: Vec<u32>,
    gremium_items: Vec<u32>,
    /// The highest revision of the store applied.
    pub(super) rev: i64,
    generation: u64,
    resolver: Option<Resolver>,
}

impl Resolved {
    /// An empty view for `d`, ready for entries to be applied.
    pub(super) fn new(d: &Data) -> Resolved {
        let t = &d.tree;
        let mut gremium_items = vec![0u32; t.gremien.len()];
        for it in &t.items {
            if let Some(g) = gremium_items.get_mut(it.gremium as usize) {
                *g += 1;
            }
        }
        Resolved {
            sitzung_read: vec![0; t.sitzungen.len()],
            gremium_read: vec![0; t.gremien.len()],
            gremium_items,
            resolver: Some(Resolver::new(d)),
            ..Resolved::default()
        }
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
        let read = self.sitzung_read.get(si.0 as usize).copied().unwrap_or(0) as usize;
        (read, tree.sitzungen.get(si.0 as usize).map_or(0, |s| s.items.len()))
    }

    /// Items of a Gremium (its sessions' and those without one) not read.
    pub fn gremium_unread(&self, g: u32) -> usize {
        let total = self.gremium_items.get(g as usize).copied().unwrap_or(0);
        let read = self.gremium_read.get(g as usize).copied().unwrap_or(0);
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

    /// Applies one stored entry (from the first reading, a refresh, or a
    /// write of this process).
    pub(super) fn apply(&mut self, d: &Data, e: &Entry) {
        self.generation += 1;
        match self.find(d, &e.key) {
            Some(t) => {
                self.unloaded.remove(&e.key);
                self.set_read(d, t, e.read.on);
                self.set_merk(d, t, e.merk.on.then(|| e.merk.at.unwrap_or(0)), e.seen.as_deref());
                self.set_note(
                    t,
                    (!e.note.is_empty()).then(|| Note { text: e.note.clone(), at: e.note_at.unwrap_or(0) }),
                );
            }
            None => {
                let merk = e.merk.on.then(|| e.merk.at.unwrap_or(0));
                let note =
                    (!e.note.is_empty()).then(|| Note { text: e.note.clone(), at: e.note_at.unwrap_or(0) });
                if merk.is_some() || note.is_some() {
                    let u = Unloaded { key: e.key.clone(), label: e.label.clone(), merk, note };
                    self.unloaded.insert(e.key.clone(), u);
                } else {
                    self.unloaded.remove(&e.key);
                }
            }
        }
    }

    pub(super) fn set_read(&mut self, d: &Data, t: Target, on: bool) {
        let changed = if on { self.read.insert(t) } else { self.read.remove(&t) };
        if !changed {
            return;
        }
        self.generation += 1;
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
            if Target::of_item(tree, i) != Some(t) {
                continue;
            }
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
