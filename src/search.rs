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

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use crate::archive::Archive;
use crate::tree::{Node, Tree};

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
    match node {
        Node::Item(i) => {
            let it = &t.items[i as usize];
            let s = &t.sitzungen[it.sitzung as usize];
            let g = &t.gremien[s.gremium as usize].name;
            let date = s.datum.map(|d| d.german()).unwrap_or_default();
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
            let mut s = String::with_capacity(nummer.len() + title.len() + g.len() + 16);
            for part in [nummer, title, g.as_str(), date.as_str()] {
                if !part.is_empty() {
                    if !s.is_empty() {
                        s.push_str(" · ");
                    }
                    s.push_str(part);
                }
            }
            s
        }
        Node::Vorlage(v) => {
            let v = a.vorlage(v);
            format!("{} · {}", v.nummer, v.betreff)
        }
        _ => String::new(),
    }
}

/// Lower case that keeps one char per char (so positions stay valid).
pub fn fold(s: &str) -> String {
    s.chars().map(|c| c.to_lowercase().next().unwrap_or(c)).collect()
}

impl SearchIndex {
    pub fn build(a: &Archive, t: &Tree) -> SearchIndex {
        let mut entries = Vec::with_capacity(t.items.len() + a.vorlagen.len() / 4);
        for i in 0..t.items.len() as u32 {
            entries.push(Node::Item(i));
        }
        // Vorlagen that are items already are found through their items.
        for v in 0..a.vorlagen.len() as u32 {
            let v = crate::model::VorlageId(v);
            if !t.items_of_vorlage.contains_key(&v) {
                entries.push(Node::Vorlage(v));
            }
        }
        let entries = entries
            .into_iter()
            .map(|node| Entry { node, hay: fold(&entry_text(a, t, node)).into() })
            .collect();
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
}

impl Query {
    pub fn new(text: &str) -> Query {
        Query { text: text.to_owned(), terms: text.split_whitespace().map(fold).collect() }
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

/// The outcome of one search.
#[derive(Debug, Clone, Default)]
pub struct Hits {
    /// Every matching entry, in index order (the candidates of a narrower
    /// query).
    pub all: Vec<u32>,
    /// The best [`TOP_N`] (score, entry), best first.
    pub top: Vec<(i64, u32)>,
}

pub struct Matcher {
    skim: SkimMatcherV2,
}

impl Default for Matcher {
    fn default() -> Self {
        Matcher { skim: SkimMatcherV2::default().respect_case() }
    }
}

impl Matcher {
    fn score(&self, hay: &str, q: &Query) -> Option<i64> {
        let mut total = 0;
        for t in &q.terms {
            if !is_subsequence(t.as_bytes(), hay.as_bytes()) {
                return None;
            }
            total += self.skim.fuzzy_match(hay, t)?;
        }
        Some(total)
    }

    /// Char positions of `hay`'s display text that the query matched.
    pub fn highlights(&self, display: &str, q: &Query) -> Vec<usize> {
        let hay = fold(display);
        let mut v: Vec<usize> = q
            .terms
            .iter()
            .filter_map(|t| self.skim.fuzzy_indices(&hay, t))
            .flat_map(|(_, idx)| idx)
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    }

    /// Searches `candidates` (all entries when `None`). Returns `None` when
    /// `cancelled` says a newer query arrived.
    pub fn search(
        &self,
        index: &SearchIndex,
        q: &Query,
        candidates: Option<&[u32]>,
        cancelled: &(dyn Fn() -> bool + Sync),
    ) -> Option<Hits> {
        if q.is_empty() {
            return Some(Hits::default());
        }
        let all_ids: Vec<u32>;
        let ids = match candidates {
            Some(c) => c,
            None => {
                all_ids = (0..index.entries.len() as u32).collect();
                &all_ids
            }
        };
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let chunk = ids.len().div_ceil(threads).max(4096);
        let scored: Vec<Vec<(i64, u32)>> = std::thread::scope(|s| {
            let handles: Vec<_> = ids
                .chunks(chunk)
                .map(|part| {
                    s.spawn(move || {
                        let mut out = Vec::new();
                        for (n, &id) in part.iter().enumerate() {
                            if n % 2048 == 0 && cancelled() {
                                return None;
                            }
                            if let Some(score) = self.score(&index.entries[id as usize].hay, q) {
                                out.push((score, id));
                            }
                        }
                        Some(out)
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().ok().flatten()).collect::<Option<Vec<_>>>()
        })?;
        let mut scored: Vec<(i64, u32)> = scored.into_iter().flatten().collect();
        let all: Vec<u32> = scored.iter().map(|&(_, id)| id).collect();
        let rank = |x: &(i64, u32), y: &(i64, u32)| {
            y.0.cmp(&x.0)
                .then_with(|| {
                    index.entries[x.1 as usize].hay.len().cmp(&index.entries[y.1 as usize].hay.len())
                })
                .then(x.1.cmp(&y.1))
        };
        if scored.len() > TOP_N {
            scored.select_nth_unstable_by(TOP_N - 1, rank);
            scored.truncate(TOP_N);
        }
        scored.sort_unstable_by(rank);
        Some(Hits { all, top: scored })
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

/// The background matcher. Send queries with [`Searcher::query`]; results
/// arrive on the channel given to [`Searcher::spawn`], wrapped by `wrap`.
pub struct Searcher {
    tx: Sender<(u64, Query)>,
    latest: Arc<AtomicU64>,
}

impl Searcher {
    pub fn spawn<M: Send + 'static>(
        index: Arc<SearchIndex>,
        out: Sender<M>,
        wrap: impl Fn(SearchResult) -> M + Send + 'static,
    ) -> Searcher {
        let (tx, rx) = channel::<(u64, Query)>();
        let latest = Arc::new(AtomicU64::new(0));
        let seen = latest.clone();
        std::thread::Builder::new()
            .name("search".into())
            .spawn(move || worker(&index, &rx, &seen, |r| out.send(wrap(r)).is_ok()))
            .expect("spawning the search thread");
        Searcher { tx, latest }
    }

    /// Starts a search; returns its generation.
    pub fn query(&self, text: &str) -> u64 {
        let generation = self.latest.fetch_add(1, Ordering::SeqCst) + 1;
        let _ = self.tx.send((generation, Query::new(text)));
        generation
    }
}

fn worker(
    index: &SearchIndex,
    rx: &Receiver<(u64, Query)>,
    latest: &AtomicU64,
    send: impl Fn(SearchResult) -> bool,
) {
    let matcher = Matcher::default();
    let mut prev: Option<(Query, Hits)> = None;
    while let Ok(mut job) = rx.recv() {
        // Only the newest query matters.
        while let Ok(newer) = rx.try_recv() {
            job = newer;
        }
        let (generation, query) = job;
        let candidates = prev.as_ref().filter(|(p, _)| query.narrows(p)).map(|(_, h)| h.all.as_slice());
        let cancelled = || latest.load(Ordering::Relaxed) != generation;
        let Some(hits) = matcher.search(index, &query, candidates, &cancelled) else { continue };
        let result =
            SearchResult { generation, query: query.clone(), top: hits.top.clone(), total: hits.all.len() };
        prev = Some((query, hits));
        if !send(result) {
            return;
        }
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
