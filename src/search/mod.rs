//! Fuzzy search over the whole archive.
//!
//! Every agenda item and every Vorlage without a session has one entry: a
//! normalised haystack (lower case, one char per displayed char, so that
//! match positions are display positions). A query is split at white space
//! into terms that must all match (as fzf does); fuzzy-matcher scores each.
//!
//! Matching runs on a worker thread ([`Searcher`]): each query carries a
//! generation; results of an older generation are dropped, a running search
//! that a newer query supersedes stops early, and a query that extends the
//! previous one only searches the previous hits.

mod matcher;
mod skim;

pub use matcher::{Hits, Matcher};

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Condvar, Mutex};

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
}

#[derive(Debug, Default)]
pub struct SearchIndex {
    pub entries: Vec<Entry>,
}

/// The text of an entry as shown in the result list; its lower-cased form is
/// what is matched.
pub fn entry_text(a: &Archive, t: &Tree, node: Node) -> String {
    let mut s = String::new();
    push_entry_text(a, t, node, &mut s, false);
    s
}

/// [`entry_text`], lower-cased with `fold`, appended to `out`.
fn push_entry_text(a: &Archive, t: &Tree, node: Node, out: &mut String, fold: bool) {
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
            push_item_text(out, fold, [nummer, title, &t.gremien[it.gremium as usize].name], datum);
        }
        Node::Vorlage(v) => {
            let v = a.vorlage(v);
            push_item_text(out, fold, [&v.nummer, &v.betreff, ""], None);
        }
        _ => {}
    }
}

/// An entry's parts (Nummer, title, Gremium) and date, joined by " · " as
/// the result list shows them, appended to `out` (lower-cased with `fold`).
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

/// The search texts of the items the tree makes of Beratungen, per Vorlage
/// and Beratung. They need nothing from the tree, so they are made while it
/// is built, on the core that building the tree leaves idle (see
/// [`crate::open::Data::new`]).
#[derive(Debug, Default)]
pub struct BeratungTexts {
    /// Per Vorlage, where its Beratungen start in `texts`.
    start: Vec<u32>,
    texts: Vec<Option<Box<str>>>,
}

impl BeratungTexts {
    pub fn new(a: &Archive) -> BeratungTexts {
        let mut start = Vec::with_capacity(a.vorlagen.len());
        let mut texts = Vec::with_capacity(a.vorlagen.len() * 2);
        let mut hay = String::new();
        for v in &a.vorlagen {
            start.push(texts.len() as u32);
            for b in &v.beratungsfolge {
                hay.clear();
                push_item_text(&mut hay, true, [&v.nummer, &v.betreff, gremium_name(&b.gremium)], b.datum);
                texts.push(Some(hay.as_str().into()));
            }
        }
        BeratungTexts { start, texts }
    }

    /// The text of Beratung `b` of Vorlage `v`, once.
    fn take(&mut self, v: VorlageId, b: usize) -> Option<Box<str>> {
        let i = *self.start.get(v.0 as usize)? as usize + b;
        self.texts.get_mut(i)?.take()
    }
}

/// Lower case that keeps one char per char (so positions stay valid).
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_append(s, &mut out);
    out
}

/// [`fold`] appended to `out`. ASCII and Latin-1 (umlauts, ß, and the
/// " · " between an entry's parts) take the short way, byte by byte:
/// Unicode's tables for every char were most of building the index.
fn fold_append(s: &str, out: &mut String) {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let run = b[i..].iter().position(|&c| c >= 0x80).unwrap_or(b.len() - i);
        let start = out.len();
        out.push_str(&s[i..i + run]);
        out[start..].make_ascii_lowercase();
        i += run;
        let Some(c) = s[i..].chars().next() else { break };
        i += c.len_utf8();
        out.push(match c {
            // Upper-case Latin-1 letters are 0x20 before their lower case;
            // × between them is no letter.
            'À'..='Þ' if c != '×' => char::from_u32(c as u32 + 0x20).unwrap_or(c),
            '\u{80}'..='\u{BF}' | '×' | 'ß'..='ÿ' => c,
            _ => c.to_lowercase().next().unwrap_or(c),
        });
    }
}

impl SearchIndex {
    pub fn build(a: &Archive, t: &Tree) -> SearchIndex {
        SearchIndex::build_with(a, t, BeratungTexts::new(a))
    }

    /// The index, taking the texts of Beratung items from `texts` (made
    /// while the tree was built) and making the others.
    pub fn build_with(a: &Archive, t: &Tree, mut texts: BeratungTexts) -> SearchIndex {
        let mut entries: Vec<Entry> = Vec::with_capacity(t.items.len() + a.vorlagen.len() / 4);
        let mut hay = String::new();
        let mut push = |node: Node, text: Option<Box<str>>| {
            let hay = text.unwrap_or_else(|| {
                hay.clear();
                push_entry_text(a, t, node, &mut hay, true);
                hay.as_str().into()
            });
            entries.push(Entry { node, hay });
        };
        for (i, it) in t.items.iter().enumerate() {
            let text = match (it.vorlage, it.beratung) {
                (Some(v), Some(b)) => texts.take(v, b),
                _ => None,
            };
            push(Node::Item(i as u32), text);
        }
        // Vorlagen that are items already are found through their items.
        for v in 0..a.vorlagen.len() as u32 {
            let v = VorlageId(v);
            if t.items_of(v).is_empty() {
                push(Node::Vorlage(v), None);
            }
        }
        SearchIndex { entries }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// A parsed query: its terms, lower-cased.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    pub text: String,
    terms: Vec<String>,
    /// The terms as chars, as the scorer walks them.
    chars: Vec<Vec<char>>,
}

impl Query {
    /// The query of `text`, cut to [`MAX_QUERY_CHARS`].
    pub fn new(text: &str) -> Query {
        let text = text.char_indices().nth(MAX_QUERY_CHARS).map_or(text, |(at, _)| &text[..at]);
        let terms: Vec<String> = text.split_whitespace().map(fold).collect();
        let chars = terms.iter().map(|t| t.chars().collect()).collect();
        Query { text: text.to_owned(), terms, chars }
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// The lower-cased terms.
    pub fn terms(&self) -> &[String] {
        &self.terms
    }

    /// True when every match of `self` also matches `prev`, so that `self`
    /// only needs to search `prev`'s hits.
    pub fn narrows(&self, prev: &Query) -> bool {
        !prev.is_empty()
            && prev.terms.len() <= self.terms.len()
            && prev.terms.iter().zip(&self.terms).all(|(p, s)| is_subsequence(p.as_bytes(), s.as_bytes()))
    }
}

/// Whether the chars of `needle` occur in `hay` in order. Works on bytes:
/// UTF-8 is self-synchronising, so a char's byte sequence found anywhere is
/// that char.
fn is_subsequence(needle: &[u8], hay: &[u8]) -> bool {
    let mut pos = 0;
    let mut i = 0;
    while i < needle.len() {
        let len = utf8_len(needle[i]);
        let ch = &needle[i..(i + len).min(needle.len())];
        let found = if len == 1 {
            memchr::memchr(ch[0], &hay[pos..])
        } else {
            hay[pos..].windows(ch.len()).position(|w| w == ch)
        };
        match found {
            Some(p) => pos += p + ch.len(),
            None => return false,
        }
        i += len;
    }
    true
}

fn utf8_len(first: u8) -> usize {
    match first {
        0..0x80 => 1,
        0xC0..0xE0 => 2,
        0xE0..0xF0 => 3,
        _ => 4,
    }
}

/// Results of a query, tagged with the generation of the query.
#[derive(Debug, Clone)]
pub struct SearchResult {
    pub generation: u64,
    pub query: Query,
    pub top: Vec<(i64, u32)>,
    pub total: usize,
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
            .spawn(move || worker(&index, &jobs, &seen, |r| out.send(wrap(r)).is_ok()))
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
        let Some(hits) = matcher.search(index, &query, prev.as_ref().map(|(q, h)| (q, h)), &cancelled) else {
            continue;
        };
        let result =
            SearchResult { generation, query: query.clone(), top: hits.top.clone(), total: hits.all.len() };
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
    fn subsequence_on_bytes_respects_chars() {
        assert!(is_subsequence("ältr".as_bytes(), "ältestenrat".as_bytes()));
        assert!(!is_subsequence("ä".as_bytes(), "a".as_bytes()));
        assert!(is_subsequence(b"", b"x"));
        assert!(!is_subsequence(b"xy", b"yx"));
    }

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
        assert!(index.len() >= t.items.len());
        for e in &index.entries {
            assert_eq!(&*e.hay, fold(&entry_text(&a, &t, e.node)), "{:?}", e.node);
        }
        assert!(
            index
                .entries
                .iter()
                .any(|e| &*e.hay == "2024/0001 · neuer betreff · bezirksvertretung süd · 01.04.2024")
        );
    }

    #[test]
    fn folding_keeps_one_char_per_char() {
        for s in ["Rat der Stadt", "ÄLTESTENRAT Straße", "İstanbul-Ausschuß ΣΊΣΥΦΟΣ", "2021/0832 · Ö 12", ""]
        {
            let slow: String = s.chars().map(|c| c.to_lowercase().next().unwrap_or(c)).collect();
            assert_eq!(fold(s), slow);
            assert_eq!(fold(s).chars().count(), s.chars().count());
        }
        assert_eq!(fold("ÄLTESTENRAT Straße"), "ältestenrat straße");
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

    #[test]
    fn narrowing_rules() {
        let q = Query::new;
        assert!(q("integ").narrows(&q("int")));
        assert!(q("rat der").narrows(&q("rat")));
        assert!(q("rat d").narrows(&q("rat ")));
        assert!(!q("rat").narrows(&q("rat der")));
        assert!(!q("int").narrows(&q("")));
        assert!(!q("abc").narrows(&q("abd")));
    }
}
