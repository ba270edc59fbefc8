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
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out);
    out
}

/// [`fold`] into `out`. ASCII and Latin-1 (umlauts, ß, and the " · "
/// between an entry's parts) take the short way: Unicode's tables for every
/// char were most of building the index.
fn fold_into(s: &str, out: &mut String) {
    out.clear();
    for c in s.chars() {
        out.push(match c {
            '\0'..='\u{7F}' => c.to_ascii_lowercase(),
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
                        let mut hay = String::new();
                        part.iter()
                            .map(|&node| {
                                fold_into(&entry_text(a, t, node), &mut hay);
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

    /// True when each term of `prev` is the start of the term of `self` at
    /// its place (`self` may have more terms): typing on.
    pub fn extends(&self, prev: &Query) -> bool {
        prev.terms.len() <= self.terms.len()
            && prev.terms.iter().zip(&self.terms).all(|(p, s)| s.starts_with(p.as_str()))
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
    /// For each of `all`: an upper bound of the sum over the terms of the
    /// best cell of each term's score matrix, exact where the entry was
    /// scored. What lets a longer query skip entries that cannot reach its
    /// top (see [`Matcher::search`]).
    pub bounds: Vec<i32>,
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

/// Entries scored exactly per round of the bounded search: large enough to
/// keep both cores busy, small enough not to score far past the top.
const ROUND: usize = 2048;

/// How a query relates to the previous one.
enum Basis<'a> {
    /// Search every entry.
    Fresh,
    /// Search only the previous hits (every match of the query is one).
    Narrowed(&'a Hits),
    /// Narrowed, and each term extends the previous term at its place (or is
    /// new): the previous bounds plus a bound per added char still bound
    /// the scores, so entries below the top need no scoring.
    Extended(&'a Hits, &'a Query),
}

impl Matcher {
    /// The sum of skim's scores of the terms and the sum of their bounds,
    /// or None unless all match.
    fn score(scratch: &mut skim::Scratch, hay: &str, q: &Query) -> Option<(i64, i32)> {
        if !q.terms.iter().all(|t| is_subsequence(t.as_bytes(), hay.as_bytes())) {
            return None;
        }
        let (mut total, mut bound) = (0, 0);
        for t in &q.chars {
            let (s, b) = skim::score(scratch, hay, t)?;
            total += s;
            bound += b;
        }
        Some((total, bound))
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
    /// the top is ranked by exact scores. What narrowing saves: a query that
    /// extends the previous one by a char scores only the entries whose
    /// bound can still reach the top, best bound first, and stops when the
    /// worst of the top beats every remaining bound. Nearly every entry
    /// matches the first few chars of a query fuzzily, and scoring them all
    /// on every keystroke was what made typing slow on a large archive.
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
        let basis = match prev {
            Some((pq, h)) if q.narrows(pq) && q.extends(pq) => Basis::Extended(h, pq),
            Some((pq, h)) if q.narrows(pq) => Basis::Narrowed(h),
            _ => Basis::Fresh,
        };
        let n = match basis {
            Basis::Fresh => index.entries.len(),
            Basis::Narrowed(h) | Basis::Extended(h, _) => h.all.len(),
        };
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let chunk = n.div_ceil(threads).max(4096);
        // Pass 1, over all candidates: which match, and their score (where
        // cheap or unavoidable) or bound.
        let parts: Vec<Part> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..n)
                .step_by(chunk)
                .map(|from| {
                    let to = (from + chunk).min(n);
                    let basis = &basis;
                    s.spawn(move || filter(index, q, basis, from..to, cancelled))
                })
                .collect();
            handles.into_iter().map(|h| h.join().ok().flatten()).collect::<Option<Vec<_>>>()
        })?;
        let mut hits = Hits::default();
        let mut scored: Vec<(i64, u32)> = Vec::new();
        let mut pending: Vec<Pending> = Vec::new();
        for part in parts {
            let base = hits.all.len() as u32;
            hits.all.extend(part.all);
            hits.bounds.extend(part.bounds);
            scored.extend(part.scored);
            pending.extend(part.pending.into_iter().map(|p| Pending { pos: base + p.pos, ..p }));
        }
        let len = |id: u32| index.entries[id as usize].hay.len();
        // Rank: score, then the shorter text, then index order.
        let rank = |x: &(i64, u32), y: &(i64, u32)| {
            y.0.cmp(&x.0).then_with(|| len(x.1).cmp(&len(y.1))).then(x.1.cmp(&y.1))
        };
        let keep_top = |v: &mut Vec<(i64, u32)>| {
            if v.len() > TOP_N {
                v.select_nth_unstable_by(TOP_N - 1, rank);
                v.truncate(TOP_N);
            }
        };
        keep_top(&mut scored);
        // Pass 2: score the entries with a bound in the order the ranking
        // would have them if their bound were their score, until the worst
        // of the top ranks before every entry left: their scores are at
        // most their bounds, so none of them can rank higher. Many entries
        // tie (every item of the Rat der Stadt matches "rat" alike); ranking
        // ties by length lets the search stop after the shortest of them.
        let all = &hits.all;
        let pending_rank =
            |a: &Pending, b: &Pending| b.bound.cmp(&a.bound).then(a.len.cmp(&b.len)).then(a.pos.cmp(&b.pos));
        // The worst of a full top.
        let worst = |scored: &[(i64, u32)]| {
            if scored.len() < TOP_N { None } else { scored.iter().copied().max_by(|x, y| rank(x, y)) }
        };
        // Whether `w` ranks before `p` could.
        let beats = |w: Option<(i64, u32)>, p: &Pending| {
            w.is_some_and(|w| {
                rank(&w, &(i64::from(p.bound), all[p.pos as usize])) == std::cmp::Ordering::Less
            })
        };
        let mut rest = &mut pending[..];
        while !rest.is_empty() {
            let k = ROUND.min(rest.len());
            if k < rest.len() {
                rest.select_nth_unstable_by(k - 1, pending_rank);
            }
            let (round, tail) = std::mem::take(&mut rest).split_at_mut(k);
            let w = worst(&scored);
            let todo: Vec<Pending> = round.iter().copied().filter(|p| !beats(w, p)).collect();
            let results = score_positions(index, q, all, &todo, threads, cancelled)?;
            for (pos, score, bound) in results {
                hits.bounds[pos as usize] = bound;
                scored.push((score, all[pos as usize]));
            }
            keep_top(&mut scored);
            // Everything in `tail` ranks after the round's last.
            if beats(worst(&scored), &round[k - 1]) {
                break;
            }
            rest = tail;
        }
        // fuzzy-matcher has the last word on the ranking users see: the
        // port below selects the top, the crate scores it. The two agree
        // (the test `scores_equal_skims`); this keeps it so should they not.
        for (score, id) in &mut scored {
            let hay = &index.entries[*id as usize].hay;
            *score = q.terms.iter().map(|t| self.skim.fuzzy_match(hay, t).unwrap_or(0)).sum();
        }
        scored.sort_unstable_by(rank);
        hits.top = scored;
        Some(hits)
    }
}

/// What one thread of pass 1 found, positions relative to its range.
struct Part {
    all: Vec<u32>,
    bounds: Vec<i32>,
    /// Scored entries: (score, entry).
    scored: Vec<(i64, u32)>,
    /// Unscored matches.
    pending: Vec<Pending>,
}

/// A match not scored yet.
#[derive(Clone, Copy)]
struct Pending {
    /// At least its score.
    bound: i32,
    /// Of its text, the second ranking key.
    len: u32,
    /// In `Hits::all`.
    pos: u32,
}

/// How much the best cell of a term's matrix can grow when the term goes
/// from `before` to `after` chars. A char matched after the first scores 16
/// plus a bonus of at most 8: the doubled bonus of the text's first char
/// (16) only ever applies in the first row, and no other row reads it. The
/// first char of a new term scores at most 15 plus that bonus.
fn growth(hay: &str, term: &[char], before: usize) -> i32 {
    let after = term.len();
    if after <= before {
        return 0;
    }
    let first = match before {
        0 if hay.chars().next() == term.first().copied() => 32,
        0 => 24,
        _ => 24,
    };
    first + 24 * (after - before - 1) as i32
}

fn filter(
    index: &SearchIndex,
    q: &Query,
    basis: &Basis,
    range: std::ops::Range<usize>,
    cancelled: &(dyn Fn() -> bool + Sync),
) -> Option<Part> {
    let mut part = Part { all: Vec::new(), bounds: Vec::new(), scored: Vec::new(), pending: Vec::new() };
    let mut scratch = skim::Scratch::default();
    // Terms a candidate has not been checked against yet.
    let unchecked: Vec<usize> = match basis {
        Basis::Extended(_, pq) => {
            (0..q.terms.len()).filter(|&i| pq.terms.get(i) != Some(&q.terms[i])).collect()
        }
        _ => (0..q.terms.len()).collect(),
    };
    let single_chars = q.chars.iter().all(|t| t.len() == 1);
    for (n, i) in range.enumerate() {
        if n % 2048 == 0 && cancelled() {
            return None;
        }
        let (id, prev_bound) = match basis {
            Basis::Fresh => (i as u32, None),
            Basis::Narrowed(h) => (h.all[i], None),
            Basis::Extended(h, _) => (h.all[i], Some(h.bounds[i])),
        };
        let hay = &index.entries[id as usize].hay;
        if !unchecked.iter().all(|&t| is_subsequence(q.terms[t].as_bytes(), hay.as_bytes())) {
            continue;
        }
        let pos = part.all.len() as u32;
        part.all.push(id);
        match (basis, prev_bound) {
            (Basis::Extended(_, pq), Some(b)) if !single_chars => {
                let added: i32 = q
                    .chars
                    .iter()
                    .enumerate()
                    .map(|(t, c)| growth(hay, c, pq.chars.get(t).map_or(0, Vec::len)))
                    .sum();
                part.bounds.push(b + added);
                part.pending.push(Pending { bound: b + added, len: hay.len() as u32, pos });
            }
            _ => {
                // A first keystroke (single chars score in one cheap scan)
                // or a query with nothing to go by.
                let (score, bound) = Matcher::score(&mut scratch, hay, q)?;
                part.bounds.push(bound);
                part.scored.push((score, id));
            }
        }
    }
    Some(part)
}

/// Scores the entries at `round`'s positions of `all` on up to `threads`
/// threads: (position, score, bound).
fn score_positions(
    index: &SearchIndex,
    q: &Query,
    all: &[u32],
    round: &[Pending],
    threads: usize,
    cancelled: &(dyn Fn() -> bool + Sync),
) -> Option<Vec<(u32, i64, i32)>> {
    let chunk = round.len().div_ceil(threads).max(512);
    std::thread::scope(|s| {
        let handles: Vec<_> = round
            .chunks(chunk)
            .map(|part| {
                s.spawn(move || {
                    let mut scratch = skim::Scratch::default();
                    let mut out = Vec::with_capacity(part.len());
                    for (n, &Pending { pos, .. }) in part.iter().enumerate() {
                        if n % 1024 == 0 && cancelled() {
                            return None;
                        }
                        let hay = &index.entries[all[pos as usize] as usize].hay;
                        // Every pending entry matched in pass 1.
                        let (score, bound) = Matcher::score(&mut scratch, hay, q)?;
                        out.push((pos, score, bound));
                    }
                    Some(out)
                })
            })
            .collect();
        let parts = handles.into_iter().map(|h| h.join().ok().flatten()).collect::<Option<Vec<_>>>()?;
        Some(parts.into_iter().flatten().collect())
    })
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

    /// The score of a one-char pattern without the matrix: the row of a
    /// single char holds 15 plus the in-place bonus at each occurrence
    /// (the gap before it costs 1), so the score is the best of those.
    fn single(hay: &str, c: char) -> Option<i32> {
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
                // What narrowing relies on: one more char raises the bound
                // by at most `growth`.
                if chars.len() >= 2 {
                    let (_, before) = skim::score(&mut scratch, &hay, &chars[..chars.len() - 1]).unwrap();
                    let most = before + growth(&hay, &chars, chars.len() - 1);
                    assert!(bound <= most && score <= i64::from(most), "{hay:?} / {pattern:?}");
                }
                assert!(bound <= growth(&hay, &chars, 0), "{hay:?} / {pattern:?}");
            }
            compared += usize::from(expected.is_some());
        }
        assert!(compared > 5_000, "{compared}");
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
