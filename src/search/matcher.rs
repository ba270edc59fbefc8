//! Matching a query against the index: which entries match every term, and
//! the exact ranking of the best [`TOP_N`], from as little scoring as the
//! previous query's scores allow.

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use super::fold::has_word_prefix;
use super::query::Sort;
use super::{Query, Resolved, SearchIndex, TOP_N, skim};

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
    /// Per hit in `all`: whether it holds every term as a word or word
    /// prefix (see [`WORD`]).
    word: Vec<bool>,
    /// How many do.
    pub words: usize,
    /// The best [`TOP_N`] (score, entry), best first.
    pub top: Vec<(i64, u32)>,
}

/// Added to the score of an entry that holds every term as a word or the
/// start of one: more than any fuzzy score can reach, so that these rank
/// first, in the order of their fuzzy scores, and the entries that only
/// hold the terms' letters, scattered, follow. The bounds of the search
/// stay bounds: an entry's bonus is known exactly in pass 1.
const WORD: i64 = 1 << 40;

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
    /// At least its score (with its [`WORD`] bonus).
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
    word: Vec<bool>,
    /// Exactly scored entries that may make the top: (score, entry).
    scored: Vec<(i64, u32)>,
    /// Bounded ones that may.
    pending: Vec<Pending>,
}

/// One search: the query, what it builds on, and the ranking.
struct Run<'a> {
    index: &'a SearchIndex,
    q: &'a Query,
    /// The filters; None when they admit everything or the candidates
    /// are a previous search's hits with the same filters.
    filter: Option<&'a Resolved>,
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

    /// Char positions of `display` (an entry's text) that the query
    /// matched: where a term stands as a word, there; else where fuzzy
    /// matching found its letters.
    pub fn highlights(&self, display: &str, q: &Query) -> Vec<usize> {
        let (hay, map) = super::fold_map(display);
        let mut v: Vec<usize> = Vec::new();
        for t in &q.terms {
            if has_word_prefix(&hay, t) {
                let marked = super::occurrences(display, std::slice::from_ref(t));
                v.extend(marked.iter().enumerate().filter(|(_, m)| **m).map(|(i, _)| i));
            } else if let Some((_, idx)) = self.skim.fuzzy_indices(&hay, t) {
                v.extend(idx.into_iter().filter_map(|i| map.get(i).map(|&src| src as usize)));
            }
        }
        v.sort_unstable();
        v.dedup();
        v
    }

    /// Whether a score of [`Hits::top`] is that of an entry that holds
    /// every term as a word.
    pub fn is_word_hit(score: i64) -> bool {
        score >= WORD
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
        filter: &Resolved,
        prev: Option<(&Query, &Hits)>,
        cancelled: &(dyn Fn() -> bool + Sync),
    ) -> Option<Hits> {
        if q.terms.is_empty() {
            return if q.filter.is_empty() {
                Some(Hits::default())
            } else {
                self.filtered(index, filter, cancelled)
            };
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
            filter: (prev.is_none() && !filter.admits_all()).then_some(filter),
            prev: prev.map(|(_, h)| h),
            sources,
            top_n: self.top_n,
            threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
            cancelled,
        };
        let mut hits = run.search()?;
        if q.sort == Sort::Datum {
            hits.top = newest(index, &hits.all, &hits.word, self.top_n);
            return Some(hits);
        }
        // fuzzy-matcher has the last word on the ranking users see: the
        // port below selects the top, the crate scores it. The two agree
        // (the test `scores_equal_skims`); this keeps it so should they not.
        let rescored = par_map(&hits.top, run.threads, 64, |part| {
            Some(
                part.iter()
                    .map(|&(_, id)| {
                        let hay = &index.entries[id as usize].hay;
                        let score: i64 =
                            q.terms.iter().map(|t| self.skim.fuzzy_match(hay, t).unwrap_or(0)).sum();
                        (score + word_bonus(hay, q), id)
                    })
                    .collect(),
            )
        })?;
        hits.top = rescored;
        hits.top.sort_unstable_by(|x, y| run.rank(x, y));
        Some(hits)
    }

    /// A query of filters only: every entry they admit, newest first.
    fn filtered(
        &self,
        index: &SearchIndex,
        filter: &Resolved,
        cancelled: &(dyn Fn() -> bool + Sync),
    ) -> Option<Hits> {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let parts = par_ranges(index.entries.len(), threads, 4096, |range| {
            let mut v = Vec::new();
            for (n, id) in range.enumerate() {
                if n % 4096 == 0 && cancelled() {
                    return None;
                }
                if filter.admits(index, id as u32) {
                    v.push(id as u32);
                }
            }
            Some(v)
        })?;
        let all: Vec<u32> = parts.into_iter().flatten().collect();
        let word = vec![false; all.len()];
        let top = newest(index, &all, &word, self.top_n);
        Some(Hits { terms: Vec::new(), word, words: 0, top, all })
    }
}

/// [`WORD`] when `hay` holds every term of `q` as a word or word prefix.
fn word_bonus(hay: &str, q: &Query) -> i64 {
    if q.terms.iter().all(|t| has_word_prefix(hay, t)) { WORD } else { 0 }
}

/// The `n` newest of `all` (those with `word` first), newest first; their
/// score says only whether they hold every word.
fn newest(index: &SearchIndex, all: &[u32], word: &[bool], n: usize) -> Vec<(i64, u32)> {
    let key = |&(w, id): &(i64, u32)| {
        (std::cmp::Reverse(w), std::cmp::Reverse(index.entries[id as usize].shown), id)
    };
    let mut v: Vec<(i64, u32)> =
        all.iter().zip(word).map(|(&id, &w)| (if w { WORD } else { 0 }, id)).collect();
    if v.len() > n && n > 0 {
        v.select_nth_unstable_by_key(n - 1, key);
        v.truncate(n);
    }
    v.sort_unstable_by_key(key);
    v
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
                    let hay = &self.index.entries[id as usize].hay;
                    (s.terms.iter().map(|t| t.at_most()).sum::<i64>() + word_bonus(hay, self.q), id)
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
            hits.words += part.word.iter().filter(|w| **w).count();
            hits.word.extend(part.word);
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
                let total: i64 = hits.terms.iter().map(|col| col[pos as usize].at_most()).sum();
                let bonus = if hits.word[pos as usize] { WORD } else { 0 };
                scored.push((total + bonus, hits.all[pos as usize]));
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
        let mut part = Part {
            all: Vec::new(),
            terms: vec![Vec::new(); k],
            word: Vec::new(),
            scored: Vec::new(),
            pending: Vec::new(),
        };
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
            if self.filter.is_some_and(|f| !f.admits(self.index, id)) {
                continue;
            }
            let hay = &self.index.entries[id as usize].hay;
            match seeds.next_if(|s| s.prev_pos as usize == i) {
                Some(seed) => terms.copy_from_slice(&seed.terms),
                None => {
                    if !self.evaluate(i, hay, &mut terms) {
                        continue;
                    }
                }
            }
            let word = self.q.terms.iter().all(|t| has_word_prefix(hay, t));
            let bound: i64 = terms.iter().map(|t| t.at_most()).sum::<i64>() + if word { WORD } else { 0 };
            let pos = part.all.len() as u32;
            part.all.push(id);
            part.word.push(word);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::Entry;
    use crate::tree::Node;

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
        let mut next = crate::search::test_rng(0x9e37_79b9_7f4a_7c15u64);
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
                Entry::for_test(Node::Item(i as u32), &crate::search::fold(&hay))
            })
            .collect();
        SearchIndex { entries, ..SearchIndex::default() }
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
                let words = q.terms.iter().all(|t| has_word_prefix(&e.hay, t));
                Some((scores.sum::<Option<i64>>()? + if words { WORD } else { 0 }, id as u32))
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
                let none = Resolved::default();
                let fresh = m.search(&index, &q, &none, None, &|| false).unwrap();
                let narrowed =
                    m.search(&index, &q, &none, prev.as_ref().map(|(q, h)| (q, h)), &|| false).unwrap();
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
}
