//! Fuzzy search over the whole archive.
//!
//! Every Vorlage has one entry (its latest session's item, or itself when
//! it has none), and every agenda item without a Vorlage one: a normalised
//! haystack ([`fold`]: lower case, umlauts written out) of what its row
//! shows, and what the filters of the query language ask of it (Gremien,
//! date, Art, status). A query is split at white space into terms that must
//! all match (as fzf does); fuzzy-matcher scores each. Entries that hold
//! every term as a word or word prefix rank before those that hold only its
//! letters, scattered.
//!
//! Matching runs on a worker thread ([`Searcher`]): each query carries a
//! generation; results of an older generation are dropped, a running search
//! that a newer query supersedes stops early, and a query that extends the
//! previous one only searches the previous hits.

mod filter;
mod fold;
mod matcher;
mod query;
mod skim;

pub use filter::Resolved;
pub use fold::{fold, fold_map, has_word_prefix, occurrences};
pub use matcher::{Hits, Matcher};
pub use query::{Filter, KEYS as FILTER_KEYS, Query, Sort};

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Condvar, Mutex};

use fold::fold_append;

use crate::archive::Archive;
use crate::model::{Date, VorlageId};
use crate::tree::{Node, Tree, gremium_name};

/// How many ranked results a search returns.
pub const TOP_N: usize = 500;

/// One searchable thing.
#[derive(Debug)]
pub struct Entry {
    pub node: Node,
    hay: Box<str>,
    /// The date the row shows and `s:datum` sorts by: the latest session's.
    pub shown: Option<Date>,
    /// The record's date, as `j:`, `von:` and `bis:` ask: a session's, a
    /// Vorlage's own or else its first Beratung's.
    pub datum: Option<Date>,
    /// Into [`SearchIndex::arten`] and [`SearchIndex::stati`].
    art: u32,
    status: u32,
}

#[cfg(test)]
impl Entry {
    pub(crate) fn for_test(node: Node, hay: &str) -> Entry {
        Entry { node, hay: hay.into(), shown: None, datum: None, art: 0, status: 0 }
    }
}

#[derive(Debug, Default)]
pub struct SearchIndex {
    pub entries: Vec<Entry>,
    /// Per entry, where its Gremien (indices into the tree's) start in
    /// `entry_gremien`; one more at the end.
    gremien_at: Vec<u32>,
    entry_gremien: Vec<u32>,
    /// How many entries are Vorlagen's: the first ones.
    vorlagen: u32,
    /// The tree's Gremien by name, folded, and as written (for the chips).
    gremien: Vec<(String, String)>,
    /// The Arten and stati of the Vorlagen, folded and as written; the
    /// first is none.
    arten: Vec<(String, String)>,
    stati: Vec<(String, String)>,
}

/// The text of an entry (Nummer, title, Gremium, date); its folded form is
/// what is matched.
pub fn entry_text(a: &Archive, t: &Tree, node: Node) -> String {
    let mut s = String::new();
    push_entry_text(a, t, node, &mut s, false, true);
    s
}

/// [`entry_text`] without the date: what a result row shows after the
/// date it puts first.
pub fn entry_title(a: &Archive, t: &Tree, node: Node) -> String {
    let mut s = String::new();
    push_entry_text(a, t, node, &mut s, false, false);
    s
}

/// [`entry_text`], folded with `fold`, appended to `out`.
fn push_entry_text(a: &Archive, t: &Tree, node: Node, out: &mut String, fold: bool, dated: bool) {
    match node {
        Node::Item(i) => {
            let it = &t.items[i as usize];
            let datum = it.sitzung.and_then(|s| a.sitzung(s).datum);
            let (nummer, title) = match (it.vorlage, it.auszug) {
                (Some(v), _) => {
                    let v = a.vorlage(v);
                    (v.nummer.as_str(), v.betreff.as_str())
                }
                (None, Some(au)) => {
                    let au = a.auszug(au);
                    (au.vorlage.as_str(), au.titel.as_str())
                }
                (None, None) => ("", ""),
            };
            let datum = datum.filter(|_| dated);
            push_item_text(out, fold, [nummer, title, &t.gremien[it.gremium as usize].name], datum);
        }
        Node::Vorlage(v) => {
            let v = a.vorlage(v);
            push_item_text(out, fold, [&v.nummer, &v.betreff, ""], record_date(v).filter(|_| dated));
        }
        _ => {}
    }
}

/// A Vorlage's date: its own, or else its first Beratung's.
fn record_date(v: &crate::model::Vorlage) -> Option<Date> {
    v.datum.or_else(|| v.beratungsfolge.iter().find_map(|b| b.datum))
}

/// An entry's parts (Nummer, title, Gremium) and date, joined by " · " as
/// the result list shows them, appended to `out` (folded with `fold`).
fn push_item_text(out: &mut String, fold: bool, parts: [&str; 3], datum: Option<Date>) {
    let start = out.len();
    for part in parts.into_iter().filter(|p| !p.is_empty()) {
        if out.len() > start {
            out.push_str(" · ");
        }
        if fold { fold_append(part, out) } else { out.push_str(part) }
    }
    if let Some(d) = datum {
        if out.len() > start {
            out.push_str(" · ");
        }
        d.push_german(out);
    }
}

/// The search texts of the Vorlagen's latest Beratungen: they need nothing
/// from the tree, so they are made while it is built, on the core that
/// building the tree leaves idle (see [`crate::open::Data::new`]).
#[derive(Debug, Default)]
pub struct BeratungTexts {
    /// Per Vorlage: its latest Beratung (by date; the last of a day) and
    /// that item's text.
    texts: Vec<Option<(usize, Box<str>)>>,
}

impl BeratungTexts {
    pub fn new(a: &Archive) -> BeratungTexts {
        let mut texts = Vec::with_capacity(a.vorlagen.len());
        let mut hay = String::new();
        for v in &a.vorlagen {
            let latest = latest_beratung(v);
            texts.push(latest.map(|b| {
                let br = &v.beratungsfolge[b];
                hay.clear();
                push_item_text(&mut hay, true, [&v.nummer, &v.betreff, gremium_name(&br.gremium)], br.datum);
                (b, hay.as_str().into())
            }));
        }
        BeratungTexts { texts }
    }
}

/// The text made for Beratung `b` in `slot`, if it is the one made.
fn take_text(slot: Option<&mut Option<(usize, Box<str>)>>, b: usize) -> Option<Box<str>> {
    let slot = slot?;
    match slot {
        Some((made, _)) if *made == b => slot.take().map(|(_, text)| text),
        _ => None,
    }
}

/// The index of a Vorlage's latest Beratung by date (the last listed of the
/// latest day; undated ones only when none has a date).
fn latest_beratung(v: &crate::model::Vorlage) -> Option<usize> {
    (0..v.beratungsfolge.len()).max_by_key(|&b| (v.beratungsfolge[b].datum, b))
}

/// The search entries of a run of Vorlagen.
struct VorlageEntries {
    entries: Vec<Entry>,
    /// As in [`SearchIndex`], from 0.
    gremien_at: Vec<u32>,
    entry_gremien: Vec<u32>,
    arten: Names,
    stati: Names,
}

impl VorlageEntries {
    /// The entries of `vorlagen`, the first of which is Vorlage `first`;
    /// `texts` holds the texts made for them.
    fn make<'v>(
        a: &Archive,
        t: &Tree,
        first: usize,
        vorlagen: impl Iterator<Item = &'v crate::model::Vorlage>,
        texts: &mut [Option<(usize, Box<str>)>],
    ) -> VorlageEntries {
        let n = a.vorlagen.len() / 2 + 1;
        let mut part = VorlageEntries {
            entries: Vec::with_capacity(n),
            gremien_at: Vec::with_capacity(n),
            entry_gremien: Vec::with_capacity(n * 2),
            arten: Names::new(),
            stati: Names::new(),
        };
        let mut hay = String::new();
        let session_date = |i: u32| t.items[i as usize].sitzung.and_then(|s| a.sitzung(s).datum);
        for (i, v) in vorlagen.enumerate() {
            let id = VorlageId((first + i) as u32);
            let items = t.items_of(id);
            let latest = items.iter().copied().max_by_key(|&i| (session_date(i), i));
            let node = latest.map_or(Node::Vorlage(id), Node::Item);
            let text = latest.and_then(|l| take_text(texts.get_mut(i), t.items[l as usize].beratung?));
            let hay = text.unwrap_or_else(|| {
                hay.clear();
                push_entry_text(a, t, node, &mut hay, true, true);
                hay.as_str().into()
            });
            let from = part.entry_gremien.len();
            part.gremien_at.push(from as u32);
            for &i in items {
                let g = t.items[i as usize].gremium;
                if !part.entry_gremien[from..].contains(&g) {
                    part.entry_gremien.push(g);
                }
            }
            part.entries.push(Entry {
                node,
                hay,
                shown: latest.and_then(session_date).or_else(|| record_date(v)),
                datum: record_date(v),
                art: part.arten.id(&v.art),
                status: part.stati.id(&v.status),
            });
        }
        part
    }
}

/// Interns strings as (folded, as written), index 0 being none.
struct Names {
    list: Vec<(String, String)>,
    seen: crate::hash::HashMap<Box<str>, u32>,
}

impl Names {
    fn new() -> Names {
        Names { list: vec![(String::new(), String::new())], seen: crate::hash::HashMap::default() }
    }

    /// Takes over `other`'s names (made for records after this one's);
    /// returns each of its ids' id here. The ids are those one interning
    /// of both parts' names, in order, would have given.
    fn absorb(&mut self, other: Names) -> Vec<u32> {
        other.list.into_iter().map(|(_, name)| self.id(&name)).collect()
    }

    fn id(&mut self, name: &str) -> u32 {
        if name.is_empty() {
            return 0;
        }
        if let Some(&id) = self.seen.get(name) {
            return id;
        }
        let id = self.list.len() as u32;
        self.list.push((fold(name), name.to_owned()));
        self.seen.insert(name.into(), id);
        id
    }
}

impl SearchIndex {
    pub fn build(a: &Archive, t: &Tree) -> SearchIndex {
        SearchIndex::build_with(a, t, BeratungTexts::new(a))
    }

    /// The index, taking the texts of Vorlagen's latest items from `texts`
    /// (made while the tree was built) and making the others.
    pub fn build_with(a: &Archive, t: &Tree, mut texts: BeratungTexts) -> SearchIndex {
        let n = a.vorlagen.len() + t.items.len() / 8;
        let mut index = SearchIndex {
            entries: Vec::with_capacity(n),
            gremien_at: Vec::with_capacity(n + 1),
            entry_gremien: Vec::with_capacity(n * 2),
            gremien: t.gremien.iter().map(|g| (fold(&g.name), g.name.clone())).collect(),
            ..SearchIndex::default()
        };
        // One entry per Vorlage: its latest item, or itself. On two
        // threads, each taking half of the Vorlagen: most of the time is
        // waiting for the records to come from memory.
        let [(_, first), (second_at, second)] = a.vorlagen.halves();
        let made = texts.texts.len();
        let (texts_a, texts_b) = texts.texts.split_at_mut(second_at.min(made));
        let (part_a, part_b) = std::thread::scope(|scope| {
            let b =
                scope.spawn(crate::strings::carry(|| VorlageEntries::make(a, t, second_at, second, texts_b)));
            let part_a = VorlageEntries::make(a, t, 0, first, texts_a);
            (part_a, b.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
        });
        let VorlageEntries { entries, gremien_at, entry_gremien, mut arten, mut stati } = part_a;
        let (arten_b, stati_b) = (arten.absorb(part_b.arten), stati.absorb(part_b.stati));
        index.entries.extend(entries);
        index.gremien_at.extend(gremien_at);
        index.entry_gremien.extend(entry_gremien);
        let from = index.entry_gremien.len() as u32;
        index.entries.extend(part_b.entries.into_iter().map(|e| Entry {
            art: arten_b[e.art as usize],
            status: stati_b[e.status as usize],
            ..e
        }));
        index.gremien_at.extend(part_b.gremien_at.iter().map(|&at| at + from));
        index.entry_gremien.extend(part_b.entry_gremien);
        let mut hay = String::new();
        let session_date = |i: u32| t.items[i as usize].sitzung.and_then(|s| a.sitzung(s).datum);
        index.vorlagen = index.entries.len() as u32;
        // Agenda items without a Vorlage.
        for (i, it) in t.items.iter().enumerate() {
            if it.vorlage.is_some() {
                continue;
            }
            let node = Node::Item(i as u32);
            hay.clear();
            push_entry_text(a, t, node, &mut hay, true, true);
            index.gremien_at.push(index.entry_gremien.len() as u32);
            index.entry_gremien.push(it.gremium);
            let datum = session_date(i as u32);
            index.entries.push(Entry {
                node,
                hay: hay.as_str().into(),
                shown: datum,
                datum,
                art: 0,
                status: 0,
            });
        }
        index.gremien_at.push(index.entry_gremien.len() as u32);
        index.arten = arten.list;
        index.stati = stati.list;
        index
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entry of a record: a Vorlage's (one per Vorlage, in order, the
    /// first of the index), or an agenda item's without a Vorlage (after
    /// them, in item order).
    pub fn entry_of(&self, t: &Tree, r: crate::model::RecordId) -> Option<u32> {
        use crate::model::RecordId;
        let vorlage_entries = self.vorlagen as usize;
        match r {
            RecordId::Vorlage(v) => ((v.0 as usize) < vorlage_entries).then_some(v.0),
            RecordId::Auszug(au) => {
                let i = t.item_of_auszug(au)?;
                match t.items[i as usize].vorlage {
                    Some(v) => self.entry_of(t, RecordId::Vorlage(v)),
                    None => {
                        let loose = &self.entries[vorlage_entries..];
                        let at = loose.binary_search_by_key(&i, |e| match e.node {
                            Node::Item(j) => j,
                            _ => u32::MAX,
                        });
                        at.ok().map(|k| (vorlage_entries + k) as u32)
                    }
                }
            }
            RecordId::Sitzung(_) => None,
        }
    }

    /// The Gremien (indices into the tree's) of entry `id`.
    fn gremien_of(&self, id: u32) -> &[u32] {
        let (from, to) = (self.gremien_at[id as usize], self.gremien_at[id as usize + 1]);
        &self.entry_gremien[from as usize..to as usize]
    }
}

/// Results of a query, tagged with the generation of the query.
#[derive(Debug, Clone)]
pub struct SearchResult {
    pub generation: u64,
    pub query: Query,
    /// The best [`TOP_N`] (score, entry), best first: those that hold every
    /// word first (see [`Matcher::is_word_hit`]).
    pub top: Vec<(i64, u32)>,
    pub total: usize,
    /// How many of all hits hold every word, and how many of `top` do.
    pub words: usize,
    pub words_in_top: usize,
    /// What the filters mean here ("Gremium: Rat der Stadt"), for the
    /// chips above the results.
    pub chips: Vec<String>,
}

impl SearchResult {
    /// The result of `query` over `index`, at once (the command line; the
    /// UI asks the [`Searcher`]).
    pub fn of(index: &SearchIndex, query: Query) -> SearchResult {
        let resolved = Resolved::new(index, &query);
        let hits = Matcher::default().search(index, &query, &resolved, None, &|| false).unwrap_or_default();
        SearchResult::new(0, query, &hits, resolved.chips)
    }

    fn new(generation: u64, query: Query, hits: &Hits, chips: Vec<String>) -> SearchResult {
        SearchResult {
            generation,
            top: hits.top.clone(),
            total: hits.all.len(),
            words: hits.words,
            words_in_top: hits.top.iter().filter(|(score, _)| Matcher::is_word_hit(*score)).count(),
            chips,
            query,
        }
    }
}

/// Queries longer than this many chars are cut: a longer one finds nothing
/// a shorter would not, and each query costs the worker time in proportion
/// to its length (a pasted page of text would keep it busy for minutes).
pub const MAX_QUERY_CHARS: usize = 500;

/// Where the UI leaves the newest query for the worker: one place, not a
/// queue, so that a burst of edits (a paste typed key by key) costs the
/// worker one search, not one per key, and holds one copy of the text.
#[derive(Default)]
struct Slot {
    job: Mutex<Job>,
    ready: Condvar,
}

#[derive(Default)]
struct Job {
    next: Option<(u64, Query)>,
    /// The searcher is gone: the worker ends.
    closed: bool,
}

/// The background matcher. Send queries with [`Searcher::query`]; results
/// arrive on the channel given to [`Searcher::spawn`], wrapped by `wrap`.
pub struct Searcher {
    slot: Arc<Slot>,
    latest: Arc<AtomicU64>,
}

impl Searcher {
    pub fn spawn<M: Send + 'static>(
        index: Arc<SearchIndex>,
        out: Sender<M>,
        wrap: impl Fn(SearchResult) -> M + Send + 'static,
    ) -> Searcher {
        let slot = Arc::new(Slot::default());
        let latest = Arc::new(AtomicU64::new(0));
        let (seen, jobs) = (latest.clone(), slot.clone());
        std::thread::Builder::new()
            .name("search".into())
            .spawn(crate::strings::carry(move || worker(&index, &jobs, &seen, |r| out.send(wrap(r)).is_ok())))
            .expect("spawning the search thread");
        Searcher { slot, latest }
    }

    /// Starts a search, in place of any that has not started yet; returns
    /// its generation. The query is cut to [`MAX_QUERY_CHARS`].
    pub fn query(&self, text: &str) -> u64 {
        let generation = self.latest.fetch_add(1, Ordering::SeqCst) + 1;
        let query = Query::new(text);
        let mut job = self.slot.job.lock().unwrap_or_else(|e| e.into_inner());
        job.next = Some((generation, query));
        drop(job);
        self.slot.ready.notify_one();
        generation
    }
}

impl Drop for Searcher {
    fn drop(&mut self) {
        self.slot.job.lock().unwrap_or_else(|e| e.into_inner()).closed = true;
        self.slot.ready.notify_one();
    }
}

/// Waits for the next query; None when the searcher is gone.
fn next_job(slot: &Slot) -> Option<(u64, Query)> {
    let mut job = slot.job.lock().unwrap_or_else(|e| e.into_inner());
    loop {
        if job.closed {
            return None;
        }
        if let Some(next) = job.next.take() {
            return Some(next);
        }
        job = slot.ready.wait(job).unwrap_or_else(|e| e.into_inner());
    }
}

fn worker(index: &SearchIndex, slot: &Slot, latest: &AtomicU64, send: impl Fn(SearchResult) -> bool) {
    let matcher = Matcher::default();
    let mut prev: Option<(Query, Hits)> = None;
    while let Some((generation, query)) = next_job(slot) {
        let cancelled = || latest.load(Ordering::Relaxed) != generation;
        let resolved = Resolved::new(index, &query);
        let before = prev.as_ref().map(|(q, h)| (q, h));
        let Some(hits) = matcher.search(index, &query, &resolved, before, &cancelled) else {
            continue;
        };
        let result = SearchResult::new(generation, query.clone(), &hits, resolved.chips);
        prev = Some((query, hits));
        if !send(result) {
            return;
        }
    }
}

/// A seeded xorshift generator for the tests: `next(n)` is in `0..n`.
#[cfg(test)]
fn test_rng(mut seed: u64) -> impl FnMut(usize) -> usize {
    move |n| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_texts_join_what_is_given() {
        let json = r#"{"vorlagen": [
            {"nummer": "2021/0832", "betreff": "Antrag", "beratungsfolge": [{"gremium": "Rat", "datum": "2021-09-07"}]},
            {"betreff": "Ohne Nummer"}],
            "auszuege": [{"gremium": "Rat", "datum": "2021-09-07", "titel": "Bericht ohne Vorlage"}]}"#;
        let a =
            crate::pipeline::finish(vec![crate::load::parse_bytes("t.json", json.as_bytes())], Vec::new());
        let t = Tree::build(&a);
        let index = SearchIndex::build(&a, &t);
        let mut texts: Vec<String> = index.entries.iter().map(|e| entry_text(&a, &t, e.node)).collect();
        texts.sort();
        assert_eq!(
            texts,
            [
                "2021/0832 · Antrag · Rat · 07.09.2021",
                "Bericht ohne Vorlage · Rat · 07.09.2021",
                "Ohne Nummer"
            ]
        );
    }

    /// The texts made alongside the tree are those of the items they end
    /// up in, also where a Beratung is listed twice, has no Gremium, or a
    /// later file changes its Vorlage.
    #[test]
    fn texts_made_alongside_the_tree_are_the_items_texts() {
        let first = r#"{"vorlagen": [
            {"nummer": "2024/0001", "betreff": "ÄLTERER Betreff", "beratungsfolge": [{"gremium": "Rat", "datum": "2024-01-01"}]},
            {"nummer": "2024/0002", "betreff": "Zweite", "beratungsfolge": [
                {"gremium": "Rat", "datum": "2024-01-01"}, {"gremium": "Rat", "datum": "2024-01-01"},
                {"gremium": "", "datum": "2024-02-01"}, {"gremium": "Ausschuss"}]}],
            "auszuege": [{"gremium": "Rat", "datum": "2024-01-01", "titel": "Zu Zwei", "top": "Ö 1", "vorlage": "2024/0002"},
                         {"gremium": "Rat", "datum": "2024-03-01", "titel": "Zu Zwei, anderswo", "vorlage": "2024/0002"}]}"#;
        let later = r#"{"vorlagen": [{"nummer": "2024/0001", "betreff": "Neuer Betreff",
            "beratungsfolge": [{"gremium": "Bezirksvertretung Süd", "datum": "2024-04-01"}]}]}"#;
        let batches = [("a.json", first), ("b.json", later)]
            .map(|(name, json)| crate::load::parse_bytes(name, json.as_bytes()));
        let a = crate::pipeline::finish(batches.into(), Vec::new());
        let t = Tree::build(&a);
        let index = SearchIndex::build_with(&a, &t, BeratungTexts::new(&a));
        // One entry per Vorlage, and one per item without a Vorlage.
        let loose = t.items.iter().filter(|it| it.vorlage.is_none()).count();
        assert_eq!(index.len(), a.vorlagen.len() + loose);
        for e in &index.entries {
            assert_eq!(&*e.hay, fold(&entry_text(&a, &t, e.node)), "{:?}", e.node);
        }
        assert!(
            index
                .entries
                .iter()
                .any(|e| &*e.hay == "2024/0001 · neuer betreff · bezirksvertretung sued · 01.04.2024")
        );
    }

    /// A burst of queries (a paste typed key by key) costs one search or
    /// two, not one per query, and the newest one is answered.
    #[test]
    fn a_burst_of_queries_is_one_search() {
        let json = r#"{"vorlagen": [{"nummer": "2021/0832", "betreff": "Doppelstrategie"}]}"#;
        let a =
            crate::pipeline::finish(vec![crate::load::parse_bytes("t.json", json.as_bytes())], Vec::new());
        let t = Tree::build(&a);
        let index = Arc::new(SearchIndex::build(&a, &t));
        let (tx, rx) = std::sync::mpsc::channel();
        let searcher = Searcher::spawn(index, tx, |r| r);
        let text = "doppelstrategie ".repeat(130);
        let mut last = 0;
        for n in 1..=text.len() {
            last = searcher.query(&text[..n]);
        }
        let mut results = Vec::new();
        while let Ok(r) = rx.recv_timeout(std::time::Duration::from_secs(5)) {
            let done = r.generation == last;
            results.push(r);
            if done {
                break;
            }
        }
        assert!(results.windows(2).all(|w| w[0].generation < w[1].generation));
        let newest = results.last().unwrap();
        assert_eq!(newest.generation, last);
        assert_eq!(newest.query.text.chars().count(), MAX_QUERY_CHARS);
        assert_eq!(newest.total, 1);
        drop(searcher);

        // While the worker is busy, queries replace each other: the slot
        // holds the newest, one copy of the text, never a queue.
        let searcher = Searcher { slot: Arc::new(Slot::default()), latest: Arc::new(AtomicU64::new(0)) };
        for n in 1..=1_000 {
            searcher.query(&text[..n]);
        }
        let job = searcher.slot.job.lock().unwrap();
        let (generation, query) = job.next.as_ref().unwrap();
        assert_eq!((*generation, query.text.len()), (1_000, 500));
    }
}
