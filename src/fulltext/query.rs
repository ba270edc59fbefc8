//! Queries: words (every one must match, in a section or the title),
//! `"phrases"`, `prefix*`, `-excluded` (the record must not hold it in any
//! section); ranked by BM25, one hit per record (its best section), each
//! with a one-line snippet of the best passage and the hits in it.

use std::collections::HashSet;
use std::ops::Range;

use tantivy::collector::{Collector, SegmentCollector, TopDocs};
use tantivy::query::{BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, RegexQuery, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{DocId, Score, SegmentReader, TantivyDocument, Term};

use super::{FullText, analyzer};
use crate::strings as s;

/// Snippets are about this many characters long.
const SNIPPET_CHARS: usize = 160;

/// A query the index cannot run; the message is German.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError(pub String);

impl std::fmt::Display for QueryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// One record found.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// The record's key as written ([`crate::model::Key`]); see
    /// [`super::record_of`].
    pub key: String,
    /// Where in the record: "Sachverhalt", "Beschluss", "Betreff",
    /// "Anlage 2: Gutachten.pdf", … (as the reader heads the section).
    pub section: String,
    pub score: f32,
    /// One line of the section around the best passage ("…" where cut).
    pub snippet: String,
    /// Byte ranges of the hits in `snippet`.
    pub highlights: Vec<Range<usize>>,
    /// The words that matched, as they stand in the section (distinct, in
    /// order of their first place): what the reader looks for with n/N.
    pub terms: Vec<String>,
    /// Byte offset of the first hit in the section's text.
    pub first: Option<usize>,
}

/// One part of a query.
#[derive(Debug, Clone, PartialEq)]
enum Part {
    /// The terms of one word (usually one; "Straßen-Bau" is two, a phrase).
    Word(Vec<String>),
    Phrase(Vec<String>),
    /// A prefix: terms that begin with its stem, and the stems it may have
    /// cut short (see [`stems_within`]).
    Prefix(String, Vec<String>),
}

#[derive(Debug, Default)]
struct Parsed {
    must: Vec<Part>,
    not: Vec<Part>,
}

/// Splits a query into its parts, each analysed like the texts.
fn parse(q: &str, analyzer: &mut tantivy::tokenizer::TextAnalyzer) -> Result<Parsed, QueryError> {
    let mut out = Parsed::default();
    let mut rest = q.trim();
    while !rest.is_empty() {
        let (negated, body) = match rest.strip_prefix('-') {
            Some(r) => (true, r),
            None => (false, rest.strip_prefix('+').unwrap_or(rest)),
        };
        let (part, after) = if let Some(inner) = body.strip_prefix('"') {
            let end = inner.find('"').ok_or_else(|| QueryError(s::ANFUEHRUNG_OFFEN.into()))?;
            let terms: Vec<String> =
                analyzer::terms(analyzer, &inner[..end]).into_iter().map(|(t, _)| t).collect();
            (Some(Part::Phrase(terms)), &inner[end + 1..])
        } else {
            let end = body.find(char::is_whitespace).unwrap_or(body.len());
            let word = &body[..end];
            let part = if let Some(stem) = word.strip_suffix('*') {
                let terms = analyzer::terms(analyzer, stem);
                match terms.as_slice() {
                    [] => None,
                    [(t, _)] if t.chars().count() >= 2 => Some(Part::Prefix(t.clone(), stems_within(stem))),
                    [_] => return Err(QueryError(s::PRAEFIX_ZU_KURZ.into())),
                    _ => return Err(QueryError(s::PRAEFIX_EIN_WORT.into())),
                }
            } else {
                Some(Part::Word(analyzer::terms(analyzer, word).into_iter().map(|(t, _)| t).collect()))
            };
            (part, &body[end..])
        };
        match part {
            Some(Part::Word(t) | Part::Phrase(t)) if t.is_empty() => {}
            Some(p) if negated => out.not.push(p),
            Some(p) => out.must.push(p),
            None => {}
        }
        rest = after.trim_start();
    }
    if out.must.is_empty() {
        return Err(QueryError(if out.not.is_empty() { s::KEIN_SUCHWORT } else { s::NUR_AUSSCHLUSS }.into()));
    }
    Ok(out)
}

/// "Sanierun*" is the beginning of "Sanierung", whose stem `sanier` is
/// shorter than the stem of the prefix (`sanierun`): the stems a word that
/// begins so may have are the folded prefix cut by up to four letters (the
/// longest ending the German stemmer removes, "ungen"), never below three.
fn stems_within(prefix: &str) -> Vec<String> {
    let Some((folded, _)) = analyzer::terms(&mut analyzer::folded(), prefix).into_iter().next() else {
        return Vec::new();
    };
    let chars: Vec<char> = folded.chars().collect();
    let shortest = chars.len().saturating_sub(4).max(3);
    (shortest..chars.len()).map(|n| chars[..n].iter().collect()).collect()
}

fn regex_escaped(s: &str, out: &mut String) {
    for c in s.chars() {
        if !c.is_alphanumeric() {
            out.push('\\');
        }
        out.push(c);
    }
}

/// The query of one part in one field.
fn part_query(part: &Part, field: Field) -> Result<Box<dyn Query>, QueryError> {
    let term = |t: &str| Term::from_field_text(field, t);
    Ok(match part {
        Part::Word(t) | Part::Phrase(t) if t.len() == 1 => {
            Box::new(TermQuery::new(term(&t[0]), IndexRecordOption::WithFreqs))
        }
        Part::Word(t) | Part::Phrase(t) => Box::new(PhraseQuery::new(t.iter().map(|t| term(t)).collect())),
        Part::Prefix(p, within) => {
            let mut pattern = String::new();
            regex_escaped(p, &mut pattern);
            pattern.push_str(".*");
            for w in within {
                pattern.push('|');
                regex_escaped(w, &mut pattern);
            }
            Box::new(RegexQuery::from_pattern(&pattern, field).map_err(|e| QueryError(e.to_string()))?)
        }
    })
}

/// A part in the section's text or the record's title (weighted higher).
fn either_field(part: &Part, body: Field, titel: Field) -> Result<Box<dyn Query>, QueryError> {
    Ok(Box::new(BooleanQuery::new(vec![
        (Occur::Should, part_query(part, body)?),
        (Occur::Should, Box::new(BoostQuery::new(part_query(part, titel)?, 1.5)) as Box<dyn Query>),
    ])))
}

/// Collects the key hashes of every matching document.
struct KeyHashes;

struct KeyHashSegment(Option<tantivy::columnar::Column<u64>>, HashSet<u64>);

impl Collector for KeyHashes {
    type Fruit = HashSet<u64>;
    type Child = KeyHashSegment;

    fn for_segment(&self, _: u32, seg: &SegmentReader) -> tantivy::Result<KeyHashSegment> {
        Ok(KeyHashSegment(seg.fast_fields().u64("keyhash").ok(), HashSet::new()))
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<HashSet<u64>>) -> tantivy::Result<HashSet<u64>> {
        Ok(fruits.into_iter().flatten().collect())
    }
}

impl SegmentCollector for KeyHashSegment {
    type Fruit = HashSet<u64>;

    fn collect(&mut self, doc: DocId, _: Score) {
        if let Some(k) = self.0.as_ref().and_then(|c| c.first(doc)) {
            self.1.insert(k);
        }
    }

    fn harvest(self) -> HashSet<u64> {
        self.1
    }
}

impl FullText {
    /// The best `limit` records for `query`, best first; an empty list when
    /// nothing matched. Takes a few ms; safe on any thread.
    pub fn query(&self, query: &str, limit: usize) -> Result<Vec<Hit>, QueryError> {
        let result =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.query_inner(query, limit)));
        result.unwrap_or_else(|_| Err(QueryError(s::VOLLTEXT_FEHLER.into())))
    }

    fn query_inner(&self, query: &str, limit: usize) -> Result<Vec<Hit>, QueryError> {
        let mut an = analyzer::german();
        let parsed = parse(query, &mut an)?;
        if limit == 0 {
            return Ok(Vec::new());
        }
        let f = self.fields;
        let searcher = self.reader.searcher();
        let err = |e: tantivy::TantivyError| QueryError(s::volltext_suchfehler(&e.to_string()));
        // Records that hold an excluded word anywhere.
        let mut excluded = HashSet::new();
        for p in &parsed.not {
            excluded.extend(searcher.search(&*either_field(p, f.body, f.titel)?, &KeyHashes).map_err(err)?);
        }
        let clauses = parsed
            .must
            .iter()
            .map(|p| Ok((Occur::Must, either_field(p, f.body, f.titel)?)))
            .collect::<Result<Vec<_>, QueryError>>()?;
        let q = BooleanQuery::new(clauses);
        // One hit per record: fetch more documents than records wanted,
        // and more again while records are missing and documents are left.
        let mut fetch = limit.saturating_mul(4).max(16);
        let docs = loop {
            let top = searcher.search(&q, &TopDocs::with_limit(fetch).order_by_score()).map_err(err)?;
            let mut seen = HashSet::new();
            let mut chosen = Vec::new();
            for &(score, addr) in &top {
                let seg = searcher.segment_reader(addr.segment_ord);
                let kh = seg.fast_fields().u64("keyhash").ok().and_then(|c| c.first(addr.doc_id));
                let Some(kh) = kh else { continue };
                if excluded.contains(&kh) || !seen.insert(kh) {
                    continue;
                }
                chosen.push((score, addr));
                if chosen.len() == limit {
                    break;
                }
            }
            if chosen.len() == limit || top.len() < fetch || fetch >= 1 << 20 {
                break chosen;
            }
            fetch = fetch.saturating_mul(4);
        };
        let mut hits = Vec::with_capacity(docs.len());
        let words = Words::of(&parsed.must);
        for (score, addr) in docs {
            let doc: TantivyDocument = searcher.doc(addr).map_err(err)?;
            let text = |field| doc.get_first(field).and_then(|v| v.as_str()).unwrap_or("").to_owned();
            let body = text(f.body);
            let marks = words.marks(&mut an, &body);
            let (snippet, highlights) = snippet(&body, &marks);
            let mut terms: Vec<String> = Vec::new();
            for m in &marks {
                let w = &body[m.clone()];
                if !terms.iter().any(|t| t == w) {
                    terms.push(w.to_owned());
                }
            }
            hits.push(Hit {
                key: text(f.key),
                section: s::abschnitt(&text(f.section)),
                score,
                snippet,
                highlights,
                terms,
                first: marks.first().map(|m| m.start),
            });
        }
        Ok(hits)
    }
}

/// The terms that count as hits in a text.
struct Words {
    exact: HashSet<String>,
    prefixes: Vec<String>,
}

impl Words {
    fn of(parts: &[Part]) -> Words {
        let mut w = Words { exact: HashSet::new(), prefixes: Vec::new() };
        for p in parts {
            match p {
                Part::Word(t) | Part::Phrase(t) => w.exact.extend(t.iter().cloned()),
                Part::Prefix(p, within) => {
                    w.prefixes.push(p.clone());
                    w.exact.extend(within.iter().cloned());
                }
            }
        }
        w
    }

    /// The byte ranges of the words of `text` that are hits.
    fn marks(&self, an: &mut tantivy::tokenizer::TextAnalyzer, text: &str) -> Vec<Range<usize>> {
        analyzer::terms(an, text)
            .into_iter()
            .filter(|(t, _)| {
                self.exact.contains(t) || self.prefixes.iter().any(|p| t.starts_with(p.as_str()))
            })
            .map(|(_, r)| r)
            .collect()
    }
}

/// One line of `text` around the passage with the most distinct hits,
/// with the hits' ranges in it. Line breaks become blanks.
fn snippet(text: &str, marks: &[Range<usize>]) -> (String, Vec<Range<usize>>) {
    // The window: from a hit, as far as SNIPPET_CHARS bytes (about as many
    // chars in German) reach; the one that holds the most distinct words wins.
    let width = SNIPPET_CHARS;
    let mut best = (0usize, 0usize); // (distinct words, index of first mark)
    for i in 0..marks.len() {
        let mut words = HashSet::new();
        for m in &marks[i..] {
            if m.end > marks[i].start + width {
                break;
            }
            words.insert(text[m.clone()].to_lowercase());
        }
        if words.len() > best.0 {
            best = (words.len(), i);
        }
    }
    let (mut start, mut end) = match marks.get(best.1) {
        _ if text.len() <= width => (0, text.len()),
        // A little context before the first hit.
        Some(m) => {
            (m.start.saturating_sub(width / 4), (m.start.saturating_sub(width / 4) + width).min(text.len()))
        }
        None => (0, width.min(text.len())),
    };
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    while !text.is_char_boundary(end) {
        end += 1;
    }
    // Whole words at the edges (a cut word is left out, never a hit).
    let first_hit = marks.get(best.1).map_or(end, |m| m.start);
    if start > 0
        && let Some(sp) = text[start..].find(char::is_whitespace).filter(|&sp| start + sp < first_hit)
    {
        start += sp + 1;
    }
    if end < text.len()
        && let Some(sp) = text[start..end].rfind(char::is_whitespace).filter(|&sp| sp > 0)
        && marks.iter().all(|m| !(m.start < start + sp && m.end > start + sp))
    {
        end = start + sp;
    }
    let lead = if start > 0 { "…" } else { "" };
    let tail = if end < text.len() { "…" } else { "" };
    let mut line = String::with_capacity(end - start + 8);
    line.push_str(lead);
    // One line, safe for a terminal whatever the text holds: each char
    // becomes one (a blank for a newline, a stand-in for a control
    // character), which may differ in bytes, so the ranges are moved
    // along: `at` maps each char's offset in `text` to its offset in `line`.
    let mut at: Vec<(usize, usize)> = Vec::with_capacity(end - start + 1);
    for (i, c) in text[start..end].char_indices() {
        at.push((start + i, line.len()));
        line.push(crate::text::one_line_char(c));
    }
    at.push((end, line.len()));
    let moved = |x: usize| at.binary_search_by_key(&x, |&(o, _)| o).ok().map(|k| at[k].1);
    let highlights = marks
        .iter()
        .filter(|m| m.start >= start && m.end <= end)
        .filter_map(|m| Some(moved(m.start)?..moved(m.end)?))
        .collect();
    line.push_str(tail);
    (line, highlights)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_are_parsed_or_refused_in_german() {
        let mut an = analyzer::german();
        let p = parse("Sanierungen \"Grenzen setzen\" sanier* -Straße", &mut an).unwrap();
        assert_eq!(p.must.len(), 3);
        assert_eq!(p.not.len(), 1);
        assert!(matches!(&p.must[1], Part::Phrase(t) if t.len() == 2));
        assert!(matches!(&p.must[2], Part::Prefix(t, _) if "sanier".starts_with(t.as_str())), "{p:?}");
        let p = parse("Sanierun*", &mut an).unwrap();
        assert!(matches!(&p.must[0], Part::Prefix(_, w) if w.iter().any(|w| w == "sanier")), "{p:?}");
        assert_eq!(parse("\"offen", &mut an).unwrap_err().0, s::ANFUEHRUNG_OFFEN);
        assert_eq!(parse("-nur", &mut an).unwrap_err().0, s::NUR_AUSSCHLUSS);
        assert_eq!(parse("  ", &mut an).unwrap_err().0, s::KEIN_SUCHWORT);
        assert_eq!(parse("a*", &mut an).unwrap_err().0, s::PRAEFIX_ZU_KURZ);
        assert!(parse("***", &mut an).is_err());
    }

    #[test]
    fn a_snippet_holds_no_control_character_and_its_marks_stay_on_the_words() {
        // A document's text as a server or a PDF may give it: escapes,
        // a C1 control (two bytes in UTF-8), a bidi override.
        let text = "Vorab \u{1b}]8;;x\u{7}\u{9b}\u{202e} die Grünfläche\u{85}am Rathaus.";
        let mut an = analyzer::german();
        let words = Words::of(&parse("grünfläche rathaus", &mut an).unwrap().must);
        let marks = words.marks(&mut an, text);
        let (line, hl) = snippet(text, &marks);
        assert!(!line.chars().any(|c| c.is_control() || ('\u{202a}'..='\u{202e}').contains(&c)), "{line:?}");
        let shown: Vec<&str> = hl.iter().map(|r| &line[r.clone()]).collect();
        assert_eq!(shown, ["Grünfläche", "Rathaus"]);
    }

    #[test]
    fn a_snippet_is_one_line_around_the_hits() {
        let text = format!(
            "{}Die Grünfläche\nan der Straße wird saniert.{}",
            "Vorher. ".repeat(40),
            " Nachher.".repeat(40)
        );
        let mut an = analyzer::german();
        let words = Words::of(&parse("grünfläche strasse", &mut an).unwrap().must);
        let marks = words.marks(&mut an, &text);
        assert_eq!(marks.len(), 2);
        let (line, hl) = snippet(&text, &marks);
        assert!(!line.contains('\n'), "{line}");
        assert!(line.starts_with('…') && line.ends_with('…'), "{line}");
        let shown: Vec<&str> = hl.iter().map(|r| &line[r.clone()]).collect();
        assert_eq!(shown, ["Grünfläche", "Straße"]);
        assert!(line.chars().count() <= SNIPPET_CHARS + 2, "{line}");
    }
}
