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
    let mut s = String::new();
    entry_text_into(a, t, node, &mut s);
    s
}

/// [`entry_text`] into `out`, which building the index reuses for every
/// entry.
fn entry_text_into(a: &Archive, t: &Tree, node: Node, out: &mut String) {
    use std::fmt::Write;
    out.clear();
    let part = |out: &mut String, text: &str| {
        if !text.is_empty() {
            if !out.is_empty() {
                out.push_str(" · ");
            }
            out.push_str(text);
        }
    };
    match node {
        Node::Item(i) => {
            let it = &t.items[i as usize];
            let s = &t.sitzungen[it.sitzung as usize];
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
            part(out, nummer);
            part(out, title);
            part(out, &t.gremien[s.gremium as usize].name);
            if let Some(d) = s.datum {
                if !out.is_empty() {
                    out.push_str(" · ");
                }
                let _ = write!(out, "{:02}.{:02}.{:04}", d.day, d.month, d.year);
            }
        }
        Node::Vorlage(v) => {
            let v = a.vorlage(v);
            part(out, &v.nummer);
            part(out, &v.betreff);
        }
        _ => {}
    }
}

/// Lower case that keeps one char per char (so positions stay valid).
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out);
    out
}

/// [`fold`] into `out`. ASCII and Latin-1 (umlauts, ß, and the " · "
/// between an entry's parts) take the short way, byte by byte: Unicode's
/// tables for every char were most of building the index.
fn fold_into(s: &str, out: &mut String) {
    out.clear();
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
        // The texts are built on all cores: one per agenda item, and there
        // are a few hundred thousand of them in a large archive.
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let chunk = entries.len().div_ceil(threads).max(1024);
        let entries = std::thread::scope(|s| {
            let parts: Vec<_> = entries
                .chunks(chunk)
                .map(|part| {
                    s.spawn(move || {
                        let (mut text, mut hay) = (String::new(), String::new());
                        part.iter()
                            .map(|&node| {
                                entry_text_into(a, t, node, &mut text);
                                fold_into(&text, &mut hay);
                                Entry { node, hay: hay.as_str().into() }
                            })
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            parts.into_iter().flat_map(|h| h.join().expect("building the search index")).collect()
        });
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
    pub fn new(text: &str) -> Query {
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

/// The outcome of one search.
#[derive(Debug, Clone, Default)]
pub struct Hits {
    /// Every matching entry, in index order (the candidates of a narrower
    /// query).
    pub all: Vec<u32>,
    /// Per term of the query, per hit in `all`: its score for that term, or
    /// a bound of it. What the next keystroke builds on: a term that did not
    /// change keeps its scores, and a term that grew by a char starts from
    /// a bound close to its real score (see [`Matcher::search`]).
    terms: Vec<Vec<TermScore>>,
    /// The best [`TOP_N`] (score, entry), best first.
    pub top: Vec<(i64, u32)>,
}

/// One hit's score for one term.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct TermScore {
    /// skim's score, or [`UNKNOWN`] while not computed.
    score: i32,
    /// At least every cell of the term's score matrix, so at least the
    /// score too; what the bound of a longer term grows from.
    best: i32,
}

const UNKNOWN: i32 = i32::MIN;

impl TermScore {
    fn exact(score: i64, best: i32) -> TermScore {
        TermScore { score: score as i32, best }
    }

    fn bound(best: i32) -> TermScore {
        TermScore { score: UNKNOWN, best }
    }

    fn is_exact(self) -> bool {
        self.score != UNKNOWN
    }

    /// What the score is at most.
    fn at_most(self) -> i64 {
        i64::from(if self.is_exact() { self.score } else { self.best })
    }
}

pub struct Matcher {
    skim: SkimMatcherV2,
    top_n: usize,
}

impl Default for Matcher {
    fn default() -> Self {
        Matcher::with_top_n(TOP_N)
    }
}

/// Entries scored exactly per round of the bounded search, per entry of the
/// top (2000 for the top 500): large enough to keep both cores busy, small
/// enough not to score far past the top.
const ROUND_PER_TOP: usize = 4;

/// Where the scores of a term come from: the previous query's term at the
/// same place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    /// The same term: its scores as they are.
    Same,
    /// The first n chars of this term: its bounds grow by what the added
    /// chars can add.
    Grown(usize),
    /// Nothing to go by.
    New,
}

/// A match not scored yet.
#[derive(Clone, Copy)]
struct Pending {
    /// At least its score.
    bound: i64,
    /// Of its text, the second ranking key.
    len: u32,
    /// In `Hits::all`.
    pos: u32,
}

/// A previous top entry that still matches, scored exactly before pass 1:
/// the worst of these bounds the top from below.
struct Seed {
    /// In the previous `Hits::all`.
    prev_pos: u32,
    terms: Vec<TermScore>,
}

/// What one thread of pass 1 found, positions relative to its range.
struct Part {
    all: Vec<u32>,
    terms: Vec<Vec<TermScore>>,
    /// Exactly scored entries that may make the top: (score, entry).
    scored: Vec<(i64, u32)>,
    /// Bounded ones that may.
    pending: Vec<Pending>,
}

/// One search: the query, what it builds on, and the ranking.
struct Run<'a> {
    index: &'a SearchIndex,
    q: &'a Query,
    prev: Option<&'a Hits>,
    sources: Vec<Source>,
    top_n: usize,
    threads: usize,
    cancelled: &'a (dyn Fn() -> bool + Sync),
}

impl Matcher {
    /// A matcher that keeps the best `top_n` results (tests use few, so
    /// that a small archive exercises what prunes the search).
    pub fn with_top_n(top_n: usize) -> Matcher {
        Matcher { skim: SkimMatcherV2::default().respect_case(), top_n: top_n.max(1) }
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

    /// Searches the index; with `prev` (the previous query and its hits),
    /// only the previous hits when the query narrows it. Returns `None` when
    /// `cancelled` says a newer query arrived.
    ///
    /// The result is the same as a fresh search's: every match is found, and
    /// the top is ranked by exact scores. Nearly every entry matches the
    /// first chars of a query fuzzily, and scoring them all on every
    /// keystroke was what made typing slow on a large archive. So a search
    /// keeps, per hit and term, the exact score where it computed one and
    /// an upper bound otherwise:
    ///
    /// - a term equal to the previous query's term at its place keeps its
    ///   scores; one that grew from it keeps a bound: the old best cell plus
    ///   what each added char can add in this text ([`skim::growth`],
    ///   usually exact for the entries that matter); a one-char term is
    ///   scored exactly in one cheap scan;
    /// - the previous top entries that still match are scored first: the
    ///   worst of them is a floor of the new top, and pass 1 keeps only
    ///   entries whose bound reaches it;
    /// - pass 2 scores those best bound first, only their inexact terms,
    ///   until the worst of the top beats every bound left.
    pub fn search(
        &self,
        index: &SearchIndex,
        q: &Query,
        prev: Option<(&Query, &Hits)>,
        cancelled: &(dyn Fn() -> bool + Sync),
    ) -> Option<Hits> {
        if q.is_empty() {
            return Some(Hits::default());
        }
        let prev = prev.filter(|(pq, _)| q.narrows(pq));
        let sources = q
            .chars
            .iter()
            .enumerate()
            .map(|(j, term)| match prev.and_then(|(pq, _)| pq.chars.get(j)) {
                Some(p) if p == term => Source::Same,
                Some(p) if term.starts_with(p) => Source::Grown(p.len()),
                _ => Source::New,
            })
            .collect();
        let run = Run {
            index,
            q,
            prev: prev.map(|(_, h)| h),
            sources,
            top_n: self.top_n,
            threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
            cancelled,
        };
        let mut hits = run.search()?;
        // fuzzy-matcher has the last word on the ranking users see: the
        // port below selects the top, the crate scores it. The two agree
        // (the test `scores_equal_skims`); this keeps it so should they not.
        let rescored = par_map(&hits.top, run.threads, 64, |part| {
            Some(
                part.iter()
                    .map(|&(_, id)| {
                        let hay = &index.entries[id as usize].hay;
                        let score = q.terms.iter().map(|t| self.skim.fuzzy_match(hay, t).unwrap_or(0)).sum();
                        (score, id)
                    })
                    .collect(),
            )
        })?;
        hits.top = rescored;
        hits.top.sort_unstable_by(|x, y| run.rank(x, y));
        Some(hits)
    }
}

impl Run<'_> {
    fn len(&self, id: u32) -> usize {
        self.index.entries[id as usize].hay.len()
    }

    /// The ranking: score, then the shorter text, then index order.
    fn rank(&self, x: &(i64, u32), y: &(i64, u32)) -> std::cmp::Ordering {
        y.0.cmp(&x.0).then_with(|| self.len(x.1).cmp(&self.len(y.1))).then(x.1.cmp(&y.1))
    }

    fn keep_top(&self, v: &mut Vec<(i64, u32)>) {
        if v.len() > self.top_n {
            v.select_nth_unstable_by(self.top_n - 1, |x, y| self.rank(x, y));
            v.truncate(self.top_n);
        }
    }

    /// The worst of a full top.
    fn worst(&self, top: &[(i64, u32)]) -> Option<(i64, u32)> {
        if top.len() < self.top_n { None } else { top.iter().copied().max_by(|x, y| self.rank(x, y)) }
    }

    /// Whether an entry whose score is at most `bound` could rank before
    /// `floor` (or be `floor`).
    fn may_reach(&self, floor: Option<(i64, u32)>, bound: i64, id: u32) -> bool {
        floor.is_none_or(|f| self.rank(&(bound, id), &f) != std::cmp::Ordering::Greater)
    }

    fn search(&self) -> Option<Hits> {
        let k = self.q.terms.len();
        let seeds = match self.prev {
            Some(h) => self.seeds(h)?,
            None => Vec::new(),
        };
        let floor = {
            let mut v: Vec<(i64, u32)> = seeds
                .iter()
                .map(|s| {
                    let id = self.prev.map_or(s.prev_pos, |h| h.all[s.prev_pos as usize]);
                    (s.terms.iter().map(|t| t.at_most()).sum(), id)
                })
                .collect();
            self.keep_top(&mut v);
            self.worst(&v)
        };
        // Pass 1, over all candidates: which match, their scores where
        // cheap and bounds otherwise; what may make the top.
        let n = self.prev.map_or(self.index.entries.len(), |h| h.all.len());
        let parts = par_ranges(n, self.threads, 4096, |range| self.filter(range, &seeds, floor))?;
        let mut hits = Hits { terms: vec![Vec::new(); k], ..Hits::default() };
        let mut scored: Vec<(i64, u32)> = Vec::new();
        let mut pending: Vec<Pending> = Vec::new();
        for part in parts {
            let base = hits.all.len() as u32;
            hits.all.extend(part.all);
            for (col, part) in hits.terms.iter_mut().zip(part.terms) {
                col.extend(part);
            }
            scored.extend(part.scored);
            pending.extend(part.pending.into_iter().map(|p| Pending { pos: base + p.pos, ..p }));
        }
        self.keep_top(&mut scored);
        // Pass 2: score the entries with a bound in the order the ranking
        // would have them if their bound were their score, until the worst
        // of the top ranks before every entry left: their scores are at
        // most their bounds, so none of them can rank higher. Many entries
        // tie (every item of the Rat der Stadt matches "rat" alike); ranking
        // ties by length lets the search stop after the shortest of them.
        let pending_rank =
            |a: &Pending, b: &Pending| b.bound.cmp(&a.bound).then(a.len.cmp(&b.len)).then(a.pos.cmp(&b.pos));
        let mut rest = &mut pending[..];
        while !rest.is_empty() {
            let take = (ROUND_PER_TOP * self.top_n).min(rest.len());
            if take < rest.len() {
                rest.select_nth_unstable_by(take - 1, pending_rank);
            }
            let (round, tail) = std::mem::take(&mut rest).split_at_mut(take);
            let w = self.worst(&scored);
            let todo: Vec<u32> = round
                .iter()
                .filter(|p| self.may_reach(w, p.bound, hits.all[p.pos as usize]))
                .map(|p| p.pos)
                .collect();
            let results = par_map(&todo, self.threads, 256, |part| self.score(&hits, part))?;
            for (pos, j, t) in results {
                hits.terms[j as usize][pos as usize] = t;
            }
            for &pos in &todo {
                let total = hits.terms.iter().map(|col| col[pos as usize].at_most()).sum();
                scored.push((total, hits.all[pos as usize]));
            }
            self.keep_top(&mut scored);
            // Everything in `tail` ranks after the round's last.
            let last = &round[take - 1];
            if !self.may_reach(self.worst(&scored), last.bound, hits.all[last.pos as usize]) {
                break;
            }
            rest = tail;
        }
        hits.top = scored;
        Some(hits)
    }

    /// The previous top entries that match the query, scored exactly.
    fn seeds(&self, prev: &Hits) -> Option<Vec<Seed>> {
        let mut seeds = par_map(&prev.top, self.threads, 64, |part| {
            let mut scratch = skim::Scratch::default();
            let mut out = Vec::with_capacity(part.len());
            'entry: for &(_, id) in part {
                let Ok(pos) = prev.all.binary_search(&id) else { continue };
                let hay = &self.index.entries[id as usize].hay;
                let mut terms = Vec::with_capacity(self.sources.len());
                for (j, &source) in self.sources.iter().enumerate() {
                    let kept =
                        prev.terms.get(j).and_then(|col| col.get(pos)).copied().filter(|t| t.is_exact());
                    let t = match (source, kept) {
                        (Source::Same, Some(t)) => t,
                        _ => match skim::score(&mut scratch, hay, &self.q.chars[j]) {
                            Some((score, best)) => TermScore::exact(score, best),
                            None => continue 'entry,
                        },
                    };
                    terms.push(t);
                }
                out.push(Seed { prev_pos: pos as u32, terms });
            }
            Some(out)
        })?;
        seeds.sort_unstable_by_key(|s| s.prev_pos);
        Some(seeds)
    }

    /// Pass 1 over the candidates at `range`.
    fn filter(
        &self,
        range: std::ops::Range<usize>,
        seeds: &[Seed],
        floor: Option<(i64, u32)>,
    ) -> Option<Part> {
        let k = self.q.terms.len();
        let mut part =
            Part { all: Vec::new(), terms: vec![Vec::new(); k], scored: Vec::new(), pending: Vec::new() };
        let mut seeds = {
            let from = seeds.partition_point(|s| (s.prev_pos as usize) < range.start);
            seeds[from..].iter().peekable()
        };
        let mut terms = vec![TermScore::bound(0); k];
        for (n, i) in range.enumerate() {
            if n % 2048 == 0 && (self.cancelled)() {
                return None;
            }
            let id = self.prev.map_or(i as u32, |h| h.all[i]);
            let hay = &self.index.entries[id as usize].hay;
            match seeds.next_if(|s| s.prev_pos as usize == i) {
                Some(seed) => terms.copy_from_slice(&seed.terms),
                None => {
                    if !self.evaluate(i, hay, &mut terms) {
                        continue;
                    }
                }
            }
            let bound: i64 = terms.iter().map(|t| t.at_most()).sum();
            let pos = part.all.len() as u32;
            part.all.push(id);
            for (col, &t) in part.terms.iter_mut().zip(&terms) {
                col.push(t);
            }
            if !self.may_reach(floor, bound, id) {
                continue;
            }
            if terms.iter().all(|t| t.is_exact()) {
                part.scored.push((bound, id));
            } else {
                part.pending.push(Pending { bound, len: hay.len() as u32, pos });
            }
        }
        self.keep_top(&mut part.scored);
        Some(part)
    }

    /// The term scores of candidate `i` (its text `hay`) where they come
    /// cheap, bounds otherwise; false unless every term matches.
    fn evaluate(&self, i: usize, hay: &str, out: &mut [TermScore]) -> bool {
        for (j, &source) in self.sources.iter().enumerate() {
            let chars = &self.q.chars[j];
            let t = match (source, self.prev) {
                (Source::Same, Some(h)) => Some(h.terms[j][i]),
                (Source::Grown(from), Some(h)) => {
                    skim::growth(hay, chars, from).map(|g| TermScore::bound(h.terms[j][i].best + g))
                }
                _ => skim::single(hay, chars[0]).and_then(|first| match chars.len() {
                    1 => Some(TermScore::exact(i64::from(first), first)),
                    _ => skim::growth(hay, chars, 1).map(|g| TermScore::bound(first + g)),
                }),
            };
            match t {
                Some(t) => out[j] = t,
                None => return false,
            }
        }
        true
    }

    /// Exact scores of the inexact terms of the hits at `positions`:
    /// (position, term, score).
    fn score(&self, hits: &Hits, positions: &[u32]) -> Option<Vec<(u32, u32, TermScore)>> {
        let mut scratch = skim::Scratch::default();
        let mut out = Vec::with_capacity(positions.len());
        for (n, &pos) in positions.iter().enumerate() {
            if n % 1024 == 0 && (self.cancelled)() {
                return None;
            }
            let hay = &self.index.entries[hits.all[pos as usize] as usize].hay;
            for (j, col) in hits.terms.iter().enumerate() {
                if !col[pos as usize].is_exact() {
                    // Pass 1 found every term in the text.
                    let (score, best) = match self.q.chars[j][..] {
                        [x, y] => skim::pair(hay, x, y)?,
                        _ => skim::score(&mut scratch, hay, &self.q.chars[j])?,
                    };
                    out.push((pos, j as u32, TermScore::exact(score, best)));
                }
            }
        }
        Some(out)
    }
}

/// `f` over `0..n` cut into up to `threads` ranges of at least `min` (the
/// first on this thread); None when any returns None.
fn par_ranges<R: Send>(
    n: usize,
    threads: usize,
    min: usize,
    f: impl Fn(std::ops::Range<usize>) -> Option<R> + Sync,
) -> Option<Vec<R>> {
    let chunk = n.div_ceil(threads.max(1)).max(min).max(1);
    if chunk >= n {
        return Some(vec![f(0..n)?]);
    }
    let f = &f;
    std::thread::scope(|s| {
        let handles: Vec<_> =
            (chunk..n).step_by(chunk).map(|from| s.spawn(move || f(from..(from + chunk).min(n)))).collect();
        let first = f(0..chunk);
        let rest: Option<Vec<R>> = handles.into_iter().map(|h| h.join().ok().flatten()).collect();
        let mut all = vec![first?];
        all.extend(rest?);
        Some(all)
    })
}

/// `f` over chunks of `items` on up to `threads` threads, results in order.
fn par_map<T: Sync, R: Send>(
    items: &[T],
    threads: usize,
    min: usize,
    f: impl Fn(&[T]) -> Option<Vec<R>> + Sync,
) -> Option<Vec<R>> {
    let parts = par_ranges(items.len(), threads, min, |r| f(&items[r]))?;
    Some(parts.into_iter().flatten().collect())
}

/// skim's V2 score as fuzzy-matcher 0.3.7 computes it for
/// `SkimMatcherV2::default().respect_case().fuzzy_match(hay, pattern)`, step
/// for step (the two-row matrix, including how it carries bonuses over from
/// two rows back), so that ranking stays what it was. The crate's version
/// allocates on every call and goes through thread-local caches; scoring
/// 200k entries per keystroke made that the cost of searching. It also
/// reuses its matrix across calls and in one case reads a bonus left by the
/// previous call, so the same entry could score differently depending on
/// what its thread scored before; here every call starts from the state of
/// a fresh matcher. The test `scores_equal_skims` holds the two together.
mod skim {
    const NEG: i32 = i16::MIN as i32;
    const SCORE_MATCH: i32 = 16;
    const GAP_START: i32 = -3;
    const GAP_EXTENSION: i32 = -1;
    const BONUS_FIRST_CHAR_MULTIPLIER: i32 = 2;
    const BONUS_HEAD: i32 = SCORE_MATCH / 2;
    const BONUS_BREAK: i32 = SCORE_MATCH / 2 + GAP_EXTENSION;
    const BONUS_CAMEL: i32 = SCORE_MATCH / 2 + 2 * GAP_EXTENSION;
    const BONUS_CONSECUTIVE: i32 = -(GAP_START + GAP_EXTENSION);

    #[derive(Clone, Copy)]
    struct Cell {
        m: i32,
        p: i32,
        bonus: i32,
    }

    const RESET: Cell = Cell { m: NEG, p: NEG, bonus: 0 };

    /// Buffers reused from one entry to the next (one per thread).
    #[derive(Default)]
    pub struct Scratch {
        chars: Vec<char>,
        bonus: Vec<i32>,
        first: Vec<usize>,
        rows: [Vec<Cell>; 2],
    }

    #[derive(Clone, Copy, PartialEq)]
    enum Type {
        Empty,
        Upper,
        Lower,
        Number,
        HardSep,
        SoftSep,
    }

    fn type_of(c: char) -> Type {
        match c {
            '\0' => Type::Empty,
            ' ' | '/' | '\\' | '|' | '(' | ')' | '[' | ']' | '{' | '}' => Type::HardSep,
            '!'..='\'' | '*'..='.' | ':'..='@' | '^'..='`' | '~' => Type::SoftSep,
            '0'..='9' => Type::Number,
            'A'..='Z' => Type::Upper,
            _ => Type::Lower,
        }
    }

    fn in_place_bonus(prev: Type, cur: Type) -> i32 {
        match (prev, cur) {
            (Type::Empty, _) | (Type::HardSep, _) => BONUS_HEAD,
            (Type::SoftSep, _) => BONUS_BREAK,
            (Type::Lower, Type::Upper) | (Type::Number, Type::Upper) => BONUS_CAMEL,
            _ => 0,
        }
    }

    /// skim's score of `pattern` in `hay`, and the best value of any cell
    /// of its matrix (the bound a longer pattern grows from).
    pub fn score(s: &mut Scratch, hay: &str, pattern: &[char]) -> Option<(i64, i32)> {
        if pattern.is_empty() {
            return Some((0, 0));
        }
        if let [c] = pattern {
            return single(hay, *c).map(|b| (i64::from(b), b));
        }
        s.chars.clear();
        s.chars.extend(hay.chars());
        let choice = &s.chars[..];
        // The first position of each pattern char, greedily.
        s.first.clear();
        let mut pi = 0;
        for (idx, &c) in choice.iter().enumerate() {
            if pi == pattern.len() {
                break;
            }
            if c == pattern[pi] {
                s.first.push(idx);
                pi += 1;
            }
        }
        if pi < pattern.len() {
            return None;
        }
        let first = &s.first[..];
        let cols = choice.len() + 1;
        s.bonus.clear();
        s.bonus.resize(cols, 0);
        let mut prev = Type::Empty;
        for (j, &c) in choice.iter().enumerate() {
            let t = type_of(c);
            s.bonus[j + 1] = in_place_bonus(prev, t);
            prev = t;
        }
        if cols > 1 {
            s.bonus[1] *= BONUS_FIRST_CHAR_MULTIPLIER;
        }
        let [r0, r1] = &mut s.rows;
        r0.clear();
        r0.resize(cols, Cell { p: GAP_EXTENSION, ..RESET });
        r1.clear();
        r1.resize(cols, RESET);
        let mut best = NEG;
        for (i, &p_ch) in pattern.iter().enumerate() {
            // Row i+1 of the matrix lives in rows[(i+1) & 1].
            let (row, prev_row) = if i & 1 == 0 { (&mut *r1, &*r0) } else { (&mut *r0, &*r1) };
            let to_skip = first[i];
            for col in to_skip + 1..cols {
                let c_ch = choice[col - 1];
                if c_ch == p_ch {
                    let prev_match = prev_row[col - 1].m;
                    let prev_skip = prev_row[col - 1].p;
                    let in_place = s.bonus[col];
                    let consecutive = row[col - 1].bonus.max(in_place.max(BONUS_CONSECUTIVE));
                    row[col - 1].bonus = consecutive;
                    let m = (prev_match + consecutive).max(prev_skip + in_place) + SCORE_MATCH;
                    row[col].m = m;
                    best = best.max(m);
                } else {
                    row[col].m = NEG;
                    row[col].bonus = 0;
                }
                let left = row[col - 1];
                row[col].p = (GAP_START + GAP_EXTENSION + left.m).max(GAP_EXTENSION + left.p);
            }
        }
        let last = if pattern.len() & 1 == 1 { &*r1 } else { &*r0 };
        let score = last[first[pattern.len() - 1]..].iter().map(|c| c.m).max()?;
        Some((i64::from(score), best))
    }

    /// How far the best cell of the matrix of `term` in `hay` can be above
    /// that of its first `from` chars (`from` ≥ 1), or None unless `term`
    /// matches. The row of an added char starts at the char's first
    /// possible position; a match there or later adds 16 plus either the
    /// in-place bonus less a gap of at least 4, or (right after a match of
    /// the char before it in the term) the consecutive bonus: the larger of
    /// 4, the in-place bonus, and the bonus the row carries at that column.
    /// The carried bonus never exceeds the larger of 4 and that column's
    /// in-place bonus (only a match in that same column writes it, as the
    /// consecutive bonus computed there), so it adds nothing. No in-place
    /// bonus beyond the first column exceeds 8: no char adds more than 24,
    /// and in most texts the best a char can add is 20, which is what it
    /// adds where the term appears whole.
    pub fn growth(hay: &str, term: &[char], from: usize) -> Option<i32> {
        let bytes = hay.as_bytes();
        let mut at = 0;
        let mut total = 0;
        for (i, &c) in term.iter().enumerate() {
            let mut buf = [0; 4];
            let enc = c.encode_utf8(&mut buf).as_bytes();
            let first = at + find(&bytes[at..], enc)?;
            at = first + enc.len();
            if i >= from.max(1) {
                total += added(bytes, first, enc, term[i - 1], c);
            }
        }
        Some(total)
    }

    /// skim's score of the two-char pattern `[x, y]` and its best cell, as
    /// [`score`] gives them, without the matrix: row 1 holds 15 plus the
    /// in-place bonus at each x; a y right after an x adds 16 plus the
    /// consecutive bonus to it (the larger of 4 and its in-place bonus, see
    /// [`growth`]), a y further on adds 16 plus its in-place bonus to the
    /// best x before it less the gap (3 plus its length in chars). Visits
    /// only the x and y in the text: the entries that a term's second char
    /// leaves pending are scored this way.
    pub fn pair(hay: &str, x: char, y: char) -> Option<(i64, i32)> {
        let bytes = hay.as_bytes();
        let mut best_x = NEG;
        let mut score = NEG;
        // The last x: (its cell, its char position).
        let mut last: Option<(i32, i32)> = None;
        // The best of (cell + char position) over the x before the last.
        let mut older = NEG;
        let (mut cp, mut counted) = (0i32, 0usize);
        let mut visit = |b: usize, c: char| {
            // Char position of byte b: the bytes before it less their
            // continuation bytes.
            cp += bytes[counted..b].iter().filter(|&&v| v & 0xC0 != 0x80).count() as i32;
            counted = b;
            let prev = match b {
                0 => Type::Empty,
                _ if bytes[b - 1] < 0x80 => type_of(bytes[b - 1] as char),
                _ => Type::Lower,
            };
            let in_place =
                in_place_bonus(prev, type_of(c)) * if b == 0 { BONUS_FIRST_CHAR_MULTIPLIER } else { 1 };
            if c == y
                && let Some((m, at)) = last
            {
                let mut cell = NEG;
                if at + 1 == cp {
                    cell = m + in_place.max(BONUS_CONSECUTIVE);
                } else {
                    cell = cell.max(m + at - 2 - cp + in_place);
                }
                if older > NEG {
                    cell = cell.max(older - 2 - cp + in_place);
                }
                score = score.max(cell + SCORE_MATCH);
            }
            if c == x {
                if let Some((m, at)) = last {
                    older = older.max(m + at);
                }
                let m = SCORE_MATCH + GAP_EXTENSION + in_place;
                best_x = best_x.max(m);
                last = Some((m, cp));
            }
        };
        match (x.is_ascii(), y.is_ascii()) {
            (true, true) if x == y => memchr::memchr_iter(x as u8, bytes).for_each(|b| visit(b, x)),
            (true, true) => {
                memchr::memchr2_iter(x as u8, y as u8, bytes).for_each(|b| visit(b, bytes[b] as char))
            }
            _ => hay.char_indices().filter(|&(_, c)| c == x || c == y).for_each(|(b, c)| visit(b, c)),
        }
        (score > NEG).then_some((i64::from(score), best_x.max(score)))
    }

    fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
        match needle {
            [b] => memchr::memchr(*b, hay),
            _ => memchr::memmem::find(hay, needle),
        }
    }

    /// The most a match of `c` (after `pc` in the term) at byte `first` or
    /// later adds to the best cell; `first` > 0.
    fn added(bytes: &[u8], first: usize, enc: &[u8], pc: char, c: char) -> i32 {
        const MOST: i32 = SCORE_MATCH + BONUS_HEAD;
        let cur = type_of(c);
        let mut most = 0;
        let mut h = first;
        loop {
            let before = char_before(bytes, h);
            let in_place = in_place_bonus(before.map_or(Type::Empty, type_of), cur);
            let add = if before == Some(pc) {
                SCORE_MATCH + in_place.max(BONUS_CONSECUTIVE)
            } else {
                SCORE_MATCH + GAP_START + GAP_EXTENSION + in_place
            };
            most = most.max(add);
            if most >= MOST {
                return most;
            }
            let next = h + enc.len();
            match find(&bytes[next..], enc) {
                Some(p) => h = next + p,
                None => return most,
            }
        }
    }

    /// The char that ends at byte `at` of `bytes` (valid UTF-8, `at` on a
    /// char boundary).
    fn char_before(bytes: &[u8], at: usize) -> Option<char> {
        let mut start = at.checked_sub(1)?;
        if bytes[start] < 0x80 {
            return Some(bytes[start] as char);
        }
        while start > 0 && bytes[start] & 0xC0 == 0x80 {
            start -= 1;
        }
        std::str::from_utf8(&bytes[start..at]).ok()?.chars().next()
    }

    /// The score of a one-char pattern without the matrix: the row of a
    /// single char holds 15 plus the in-place bonus at each occurrence
    /// (the gap before it costs 1), so the score is the best of those.
    pub fn single(hay: &str, c: char) -> Option<i32> {
        let cur = type_of(c);
        let mut best: Option<i32> = None;
        if c.is_ascii() {
            let bytes = hay.as_bytes();
            for pos in memchr::memchr_iter(c as u8, bytes) {
                // Before a byte < 0x80 that is a char of its own; a byte of a
                // multi-byte char means a char of type Lower.
                let prev = match pos {
                    0 => Type::Empty,
                    _ if bytes[pos - 1] < 0x80 => type_of(bytes[pos - 1] as char),
                    _ => Type::Lower,
                };
                let bonus =
                    in_place_bonus(prev, cur) * if pos == 0 { BONUS_FIRST_CHAR_MULTIPLIER } else { 1 };
                best = best.max(Some(bonus));
                if bonus >= BONUS_HEAD {
                    // Only the first char can do better, and it comes first.
                    break;
                }
            }
        } else {
            let mut prev = Type::Empty;
            for (i, ch) in hay.chars().enumerate() {
                let t = type_of(ch);
                if ch == c {
                    let bonus =
                        in_place_bonus(prev, t) * if i == 0 { BONUS_FIRST_CHAR_MULTIPLIER } else { 1 };
                    best = best.max(Some(bonus));
                }
                prev = t;
            }
        }
        best.map(|b| b + SCORE_MATCH + GAP_EXTENSION)
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
    fn scores_equal_skims() {
        // Haystacks and patterns with what the index holds: German words,
        // numbers, separators, umlauts; plus random picks of their chars.
        let words = [
            "2021/0832",
            "rat",
            "der",
            "stadt",
            "haushaltssatzung",
            "·",
            "integrationskonzept",
            "ä",
            "ß",
            "sanierung",
            "gesamtschule",
            "07.09.2021",
            "(",
            ")",
            "-",
            "bezirksvertretung",
            "Ö",
            "nord",
            "a",
            "i",
            "ii",
            "x_y",
            "Camel",
            "HTTP",
            "\\",
            "!",
            "schluss",
            "aa",
            "2021//08",
            "ä.ö",
        ];
        let mut seed = 0x1234_5678_9abc_def1u64;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let mut scratch = skim::Scratch::default();
        let mut compared = 0;
        for _ in 0..20_000 {
            let hay: Vec<&str> = (0..next(12)).map(|_| words[next(words.len())]).collect();
            let hay = hay.join(if next(2) == 0 { " " } else { " · " });
            let hay_chars: Vec<char> = hay.chars().collect();
            let pattern: String = if next(2) == 0 || hay_chars.is_empty() {
                words[next(words.len())].chars().take(1 + next(8)).collect()
            } else {
                (0..1 + next(6)).map(|_| hay_chars[next(hay_chars.len())]).collect()
            };
            let chars: Vec<char> = pattern.chars().collect();
            // A fresh matcher each time: the crate's reuses its matrix between
            // calls and reads a stale bonus from the previous call where a
            // match follows a match in the second row (e.g. "ii " in
            // "nord · nord · ii · -" scores 67 after some calls, 63 fresh).
            let expected = SkimMatcherV2::default().respect_case().fuzzy_match(&hay, &pattern);
            let got = skim::score(&mut scratch, &hay, &chars);
            assert_eq!(got.map(|g| g.0), expected, "{hay:?} / {pattern:?}");
            if let Some((score, bound)) = got {
                assert!(i64::from(bound) >= score, "{hay:?} / {pattern:?}");
                // What narrowing relies on: the best cell of a longer term
                // is at most that of any of its prefixes plus `growth`.
                for from in 1..chars.len() {
                    let (_, before) = skim::score(&mut scratch, &hay, &chars[..from]).unwrap();
                    let most = before + skim::growth(&hay, &chars, from).unwrap();
                    assert!(bound <= most, "{hay:?} / {pattern:?} from {from}");
                }
            }
            if let [x, y] = chars[..] {
                assert_eq!(skim::pair(&hay, x, y), got, "{hay:?} / {pattern:?}");
            }
            assert_eq!(skim::growth(&hay, &chars, 1).is_some(), expected.is_some(), "{hay:?} / {pattern:?}");
            compared += usize::from(expected.is_some());
        }
        assert!(compared > 5_000, "{compared}");
    }

    /// An index of texts shaped like the real ones: number, title words,
    /// Gremium, date.
    fn test_index(n: usize) -> SearchIndex {
        let words = [
            "rat",
            "der",
            "stadt",
            "haushalt",
            "haushaltssatzung",
            "integrationskonzept",
            "integrationsrat",
            "sanierung",
            "gesamtschule",
            "schule",
            "nord",
            "für",
            "straße",
            "ältestenrat",
            "2021/08",
            "haupt-",
            "und",
            "(neu)",
            "beschluss",
            "a",
            "d",
            "s",
        ];
        let gremien =
            ["rat der stadt", "bezirksvertretung nord", "haupt- und finanzausschuss", "schulausschuss"];
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let entries = (0..n)
            .map(|i| {
                let title: Vec<&str> = (0..1 + next(8)).map(|_| words[next(words.len())]).collect();
                let hay = format!(
                    "{}/{:04} · {} · {} · {:02}.{:02}.{}",
                    2015 + next(10),
                    next(1200),
                    title.join(" "),
                    gremien[next(gremien.len())],
                    1 + next(28),
                    1 + next(12),
                    2015 + next(10)
                );
                Entry { node: Node::Item(i as u32), hay: hay.into() }
            })
            .collect();
        SearchIndex { entries }
    }

    /// Every match and the best `n`, by brute force: every entry, every
    /// term, scored by fuzzy-matcher (a fresh matcher per call).
    fn oracle(index: &SearchIndex, q: &Query, n: usize) -> (Vec<u32>, Vec<(i64, u32)>) {
        let mut ranked: Vec<(i64, u32)> = index
            .entries
            .iter()
            .enumerate()
            .filter_map(|(id, e)| {
                let scores =
                    q.terms.iter().map(|t| SkimMatcherV2::default().respect_case().fuzzy_match(&e.hay, t));
                Some((scores.sum::<Option<i64>>()?, id as u32))
            })
            .collect();
        let all = ranked.iter().map(|&(_, id)| id).collect();
        let len = |id: u32| index.entries[id as usize].hay.len();
        ranked.sort_by(|x, y| y.0.cmp(&x.0).then(len(x.1).cmp(&len(y.1))).then(x.1.cmp(&y.1)));
        ranked.truncate(n);
        (all, ranked)
    }

    /// The scores a search keeps per hit and term: exact ones are skim's,
    /// bounds are at least its best cell. Returns how many are bounds.
    fn check_term_scores(index: &SearchIndex, q: &Query, hits: &Hits) -> usize {
        let mut scratch = skim::Scratch::default();
        let mut bounds = 0;
        assert_eq!(hits.terms.len(), q.terms.len(), "{:?}", q.text);
        for (j, col) in hits.terms.iter().enumerate() {
            assert_eq!(col.len(), hits.all.len(), "{:?}", q.text);
            for (&id, t) in hits.all.iter().zip(col) {
                let hay = &index.entries[id as usize].hay;
                let (score, best) =
                    skim::score(&mut scratch, hay, &q.chars[j]).expect("a hit matches each term");
                if t.is_exact() {
                    assert_eq!((i64::from(t.score), t.best), (score, best), "{hay:?} / {:?}", q.terms[j]);
                } else {
                    assert!(t.best >= best, "{hay:?} / {:?}: bound {} < {best}", q.terms[j], t.best);
                    bounds += 1;
                }
            }
        }
        bounds
    }

    #[test]
    fn searches_equal_brute_force_over_typing() {
        // A small top, so that most hits are pruned: what decides is
        // whether the bounds, the floor from the previous top and the
        // scores kept from keystroke to keystroke leave the ranking exact.
        const TOP: usize = 6;
        let index = test_index(1200);
        let m = Matcher::with_top_n(TOP);
        let typed = |s: &str| -> Vec<String> {
            (1..=s.chars().count()).map(|n| s.chars().take(n).collect()).collect()
        };
        let mut sequences: Vec<Vec<String>> = vec![
            typed("rat der stadt haushalt"),
            typed("2021/08"),
            typed("sanierung gesamtschule"),
            typed("ältestenrat straße"),
        ];
        // Backspace, a term grown by several chars at once, edits in the
        // middle (a term that narrows without growing, before a term that
        // stays), a space alone, a term that matches nothing.
        sequences.push(
            [
                "sanierung gesamt",
                "sanierung ges",
                "sanierung g",
                "sanierung ",
                "sanierung",
                "san",
                "sanierung",
            ]
            .map(String::from)
            .to_vec(),
        );
        sequences.push(
            ["haus", "haushalt", "rat haushalt", "rat dr haushalt", "rat der haushalt"]
                .map(String::from)
                .to_vec(),
        );
        sequences.push(["s", "s ", "s a", "s a d", "sa d", "xq", "x"].map(String::from).to_vec());
        let mut bounds = 0;
        for seq in &sequences {
            let mut prev: Option<(Query, Hits)> = None;
            for text in seq {
                let q = Query::new(text);
                let (all, top) = oracle(&index, &q, TOP);
                let fresh = m.search(&index, &q, None, &|| false).unwrap();
                let narrowed = m.search(&index, &q, prev.as_ref().map(|(q, h)| (q, h)), &|| false).unwrap();
                for (how, hits) in [("fresh", &fresh), ("narrowed", &narrowed)] {
                    assert_eq!(hits.all, all, "{how} {text:?}: matches");
                    assert_eq!(hits.top, top, "{how} {text:?}: ranking");
                    bounds += check_term_scores(&index, &q, hits);
                }
                prev = Some((q, narrowed));
            }
        }
        // The bounds did their part: many hits were never scored exactly.
        assert!(bounds > 10_000, "{bounds}");
    }

    #[test]
    fn growth_is_what_a_whole_term_adds() {
        // Where the term appears whole, at a word's start, each char after
        // the first adds 20; the bound must not be looser there, or typing
        // scores far more entries than needed.
        let hay = "2021/0832 · sanierung der gesamtschule · rat der stadt · 07.09.2021";
        let mut scratch = skim::Scratch::default();
        for term in ["sanierung", "gesamtschule", "stadt", "rat", "2021/08"] {
            let chars: Vec<char> = term.chars().collect();
            for from in 1..chars.len() {
                let (_, before) = skim::score(&mut scratch, hay, &chars[..from]).unwrap();
                let (score, best) = skim::score(&mut scratch, hay, &chars).unwrap();
                assert_eq!(before + skim::growth(hay, &chars, from).unwrap(), best, "{term} from {from}");
                assert_eq!(score, i64::from(best), "{term}");
            }
        }
        assert_eq!(skim::growth(hay, &['r', 'a', 't'], 1), Some(40));
        assert_eq!(skim::growth(hay, &['r', 'a', 'x'], 1), None);
    }

    #[test]
    fn entry_texts_join_what_is_given() {
        let json = r#"{"vorlagen": [
            {"nummer": "2021/0832", "betreff": "Antrag", "beratungsfolge": [{"gremium": "Rat", "datum": "2021-09-07"}]},
            {"betreff": "Ohne Nummer"}],
            "auszuege": [{"gremium": "Rat", "datum": "2021-09-07", "titel": "Bericht ohne Vorlage"}]}"#;
        let a = Archive::build(vec![crate::load::parse_bytes("t.json", json.as_bytes())], Vec::new());
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
        for e in &index.entries {
            assert_eq!(&*e.hay, fold(&entry_text(&a, &t, e.node)), "the index holds the folded text");
        }
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
