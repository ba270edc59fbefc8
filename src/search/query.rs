//! The query language: words to find, and filters written into the query
//! (`g:rat j:2019-2021 art:antrag status:… von:01.03.2021 bis:2021
//! s:datum`). The UI's search, `ratsinfo search` and the full-text search
//! read queries alike.

use super::MAX_QUERY_CHARS;
use super::fold::fold;
use crate::model::Date;
use crate::strings as s;

/// A parsed query.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    /// As typed (cut to [`MAX_QUERY_CHARS`]).
    pub text: String,
    /// The words to find, folded.
    pub(super) terms: Vec<String>,
    /// The terms as chars, as the scorer walks them.
    pub(super) chars: Vec<Vec<char>>,
    /// The words as typed (quotes kept), without the filters: what a
    /// full-text search is asked.
    pub words: Vec<String>,
    pub filter: Filter,
    pub sort: Sort,
    /// What could not be understood, in German: an unknown filter, a year
    /// that is none.
    pub problems: Vec<String>,
}

/// Which records a query admits besides its words.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Filter {
    /// `g:` the Gremium's name (folded).
    pub gremium: Option<String>,
    /// `art:` the Art of a Vorlage (folded).
    pub art: Option<String>,
    /// `status:` (folded).
    pub status: Option<String>,
    /// `j:`, `von:` and `bis:` together: the record's date from, to
    /// (inclusive).
    pub from: Option<Date>,
    pub to: Option<Date>,
    /// `j:` as written, for the chip.
    pub years: Option<(u16, u16)>,
}

impl Filter {
    pub fn is_empty(&self) -> bool {
        *self == Filter::default()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// Best match first.
    #[default]
    Score,
    /// `s:datum`: newest first.
    Datum,
}

/// The filter keys, as the messages list them.
pub const KEYS: &str = "g: j: art: status: von: bis: s:";

impl Query {
    /// The query of `text`, cut to [`MAX_QUERY_CHARS`].
    pub fn new(text: &str) -> Query {
        let text = text.char_indices().nth(MAX_QUERY_CHARS).map_or(text, |(at, _)| &text[..at]);
        let mut q = Query { text: text.to_owned(), ..Query::default() };
        for token in tokens(text) {
            match filter_key(&token) {
                Some((key, value)) => q.apply(&key, value, &token),
                None => {
                    let term = fold(token.trim_matches('"'));
                    if !term.is_empty() {
                        q.terms.push(term);
                    }
                    q.words.push(token);
                }
            }
        }
        q.chars = q.terms.iter().map(|t| t.chars().collect()).collect();
        q
    }

    fn apply(&mut self, key: &str, value: &str, token: &str) {
        let value = value.trim_matches('"');
        // A key without its value yet (typing "g:") filters nothing.
        if value.is_empty() {
            if !KNOWN.contains(&key) {
                self.problems.push(s::unbekannter_filter(token));
            }
            return;
        }
        let f = &mut self.filter;
        match key {
            "g" | "gremium" => f.gremium = Some(fold(value)),
            "art" => f.art = Some(fold(value)),
            "status" => f.status = Some(fold(value)),
            "j" | "jahr" => match years(value) {
                Some((a, b)) => {
                    f.years = Some((a, b));
                    narrow(f, Date::new(a, 1, 1), Date::new(b, 12, 31));
                }
                None => self.problems.push(s::kein_jahr(token)),
            },
            "von" | "ab" => match day_span(value) {
                Some((first, _)) => narrow(f, Some(first), None),
                None => self.problems.push(s::kein_datum(token)),
            },
            "bis" => match day_span(value) {
                Some((_, last)) => narrow(f, None, Some(last)),
                None => self.problems.push(s::kein_datum(token)),
            },
            "s" | "sort" => match fold(value).as_str() {
                "datum" | "date" | "neu" | "neueste" => self.sort = Sort::Datum,
                "score" | "treffer" | "relevanz" => self.sort = Sort::Score,
                _ => self.problems.push(s::unbekannte_sortierung(token)),
            },
            _ => self.problems.push(s::unbekannter_filter(token)),
        }
    }

    /// Neither words nor filters: nothing to search for.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty() && self.filter.is_empty()
    }

    /// The words to find, folded.
    pub fn terms(&self) -> &[String] {
        &self.terms
    }

    /// True when every match of `self` also matches `prev`, so that `self`
    /// only needs to search `prev`'s hits.
    pub fn narrows(&self, prev: &Query) -> bool {
        !prev.terms.is_empty()
            && prev.filter == self.filter
            && prev.terms.len() <= self.terms.len()
            && prev.terms.iter().zip(&self.terms).all(|(p, s)| is_subsequence(p.as_bytes(), s.as_bytes()))
    }
}

const KNOWN: &[&str] = &["g", "gremium", "art", "status", "j", "jahr", "von", "ab", "bis", "s", "sort"];

/// The query split at blanks; a double-quoted part (also after a key:
/// `g:"rat der stadt"`) stays one token.
fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                cur.push(c);
            }
            c if c.is_whitespace() && !quoted => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
            c => cur.push(c),
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// `key:value` where the key is letters: a filter, its key in lower case.
/// ("17:00" or "https://…" are words: a digit first, or a slash after the
/// colon.)
fn filter_key(token: &str) -> Option<(String, &str)> {
    let (key, value) = token.split_once(':')?;
    let is_key = (1..=12).contains(&key.len())
        && key.chars().all(|c| c.is_ascii_alphabetic())
        && !value.starts_with('/');
    is_key.then(|| (key.to_ascii_lowercase(), value))
}

/// `2021` or `2019-2021` (also with `–` or `..`).
fn years(value: &str) -> Option<(u16, u16)> {
    let year = |s: &str| -> Option<u16> {
        let s = s.trim();
        (s.len() == 4 && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok()).flatten()
    };
    let (a, b) = match value.split_once(['-', '–']).or_else(|| value.split_once("..")) {
        Some((a, b)) => (year(a)?, year(b.trim_start_matches('.'))?),
        None => (year(value)?, year(value)?),
    };
    Some((a.min(b), a.max(b)))
}

/// The days a date as written covers: a day (`01.03.2021`, `2021-03-01`),
/// a month (`03.2021`, `2021-03`) or a year (`2021`).
fn day_span(value: &str) -> Option<(Date, Date)> {
    if let Some(d) = Date::parse(value) {
        return Some((d, d));
    }
    if let Some((a, _)) = years(value).filter(|(a, b)| a == b) {
        return Some((Date::new(a, 1, 1)?, Date::new(a, 12, 31)?));
    }
    let (m, y) = match value.split_once('.') {
        Some((m, y)) => (m, y),
        None => {
            let (y, m) = value.split_once('-')?;
            (m, y)
        }
    };
    let (m, y): (u8, u16) = (m.parse().ok()?, y.parse().ok().filter(|_| y.len() == 4)?);
    let first = Date::new(y, m, 1)?;
    let last = (28..=31).rev().find_map(|d| Date::new(y, m, d))?;
    Some((first, last))
}

/// Narrows the date range of `f` to `from`..`to` (what is given).
fn narrow(f: &mut Filter, from: Option<Date>, to: Option<Date>) {
    if let Some(from) = from {
        f.from = Some(f.from.map_or(from, |x| x.max(from)));
    }
    if let Some(to) = to {
        f.to = Some(f.to.map_or(to, |x| x.min(to)));
    }
}

/// Whether the chars of `needle` occur in `hay` in order. Works on bytes:
/// UTF-8 is self-synchronising, so a char's byte sequence found anywhere is
/// that char.
pub(super) fn is_subsequence(needle: &[u8], hay: &[u8]) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: u16, m: u8, day: u8) -> Option<Date> {
        Date::new(y, m, day)
    }

    #[test]
    fn words_and_filters_are_told_apart() {
        let q = Query::new("g:rat haushalt j:2019-2021 s:datum 17:00");
        assert_eq!(q.terms(), ["haushalt", "17:00"]);
        assert_eq!(q.filter.gremium.as_deref(), Some("rat"));
        assert_eq!((q.filter.from, q.filter.to), (d(2019, 1, 1), d(2021, 12, 31)));
        assert_eq!(q.sort, Sort::Datum);
        assert!(q.problems.is_empty(), "{:?}", q.problems);
        let q = Query::new(r#"g:"Rat der Stadt" "grenzen setzen""#);
        assert_eq!(q.filter.gremium.as_deref(), Some("rat der stadt"));
        assert_eq!(q.terms(), ["grenzen setzen"]);
        assert_eq!(q.words, [r#""grenzen setzen""#]);
        let q = Query::new("sanier* -bad g:rat");
        assert_eq!(q.words, ["sanier*", "-bad"]);
    }

    #[test]
    fn dates_narrow_each_other() {
        let q = Query::new("von:03.2021 bis:2021-06-15 j:2021");
        assert_eq!((q.filter.from, q.filter.to), (d(2021, 3, 1), d(2021, 6, 15)));
        let q = Query::new("bis:02.2024");
        assert_eq!(q.filter.to, d(2024, 2, 29));
        let q = Query::new("von:1.3.2021");
        assert_eq!(q.filter.from, d(2021, 3, 1));
    }

    #[test]
    fn what_is_not_understood_says_so() {
        let q = Query::new("x:foo j:20x1 von:gestern s:titel rat");
        assert_eq!(q.problems.len(), 4, "{:?}", q.problems);
        assert!(q.problems[0].contains("»x:foo«"), "{}", q.problems[0]);
        assert!(q.problems[0].contains("g:"), "the message lists the keys: {}", q.problems[0]);
        assert_eq!(q.terms(), ["rat"]);
        // A key being typed is no problem yet; an unknown one is.
        assert!(Query::new("g:").problems.is_empty());
        assert_eq!(Query::new("zz:").problems.len(), 1);
        // URLs and times are words.
        assert!(Query::new("https://x.example/a 17:30").problems.is_empty());
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
        // A filter that changes starts afresh.
        assert!(q("g:rat haus").narrows(&q("g:rat ha")));
        assert!(!q("g:rat haus").narrows(&q("g:ra haus")));
        assert!(!q("haus").narrows(&q("g:rat haus")));
    }

    #[test]
    fn subsequence_on_bytes_respects_chars() {
        assert!(is_subsequence("ältr".as_bytes(), "ältestenrat".as_bytes()));
        assert!(!is_subsequence("ä".as_bytes(), "a".as_bytes()));
        assert!(is_subsequence(b"", b"x"));
        assert!(!is_subsequence(b"xy", b"yx"));
    }
}
