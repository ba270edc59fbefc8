//! Full-text queries in the query language: the words go to the full-text
//! index ([`crate::fulltext`]), the filters (`g:`, `j:`, `art:`, `status:`,
//! `von:`, `bis:`, `s:datum`) are resolved as the fuzzy search resolves
//! them ([`crate::search::Resolved`]) and applied to the hits' records.
//! The command line and the UI's "Volltext" ask here, so that both read a
//! query alike.

use crate::archive::Archive;
use crate::fulltext::{self, FullText, Hit};
use crate::model::RecordId;
use crate::search::{Query, Resolved, SearchIndex, Sort};
use crate::strings as s;
use crate::tree::Tree;

/// The hits of a full-text query, and what its filters mean.
#[derive(Debug, Clone, Default)]
pub struct TextHits {
    pub hits: Vec<Hit>,
    pub query: Query,
    pub chips: Vec<String>,
}

/// How many hits are asked of the index per hit wanted when filters thin
/// them out afterwards.
const OVERFETCH: usize = 8;

/// Runs `text` against the index; a query the language or the index does
/// not understand is its German message.
pub fn text_hits(
    ft: &FullText,
    a: &Archive,
    t: &Tree,
    index: &SearchIndex,
    text: &str,
    limit: usize,
) -> Result<TextHits, String> {
    let query = Query::new(text);
    if let Some(p) = query.problems.first() {
        return Err(p.clone());
    }
    if query.words.is_empty() {
        return Err(s::VOLLTEXT_NUR_FILTER.to_owned());
    }
    let filter = Resolved::new(index, &query);
    let filtered = !filter.admits_all();
    let ask = if filtered || query.sort == Sort::Datum { (limit * OVERFETCH).max(500) } else { limit };
    let mut hits = ft.query(&query.words.join(" "), ask).map_err(|e| e.to_string())?;
    if filtered {
        hits.retain(|h| {
            let record = fulltext::record_of(a, &h.key);
            // Sessions have no entry of their own: filters cannot say.
            record.and_then(|r| index.entry_of(t, r)).is_some_and(|id| filter.admits(index, id))
        });
    }
    if query.sort == Sort::Datum {
        let date = |h: &Hit| fulltext::record_of(a, &h.key).and_then(|r| record_date(a, r));
        hits.sort_by_key(|h| std::cmp::Reverse(date(h)));
    }
    hits.truncate(limit);
    Ok(TextHits { hits, chips: filter.chips, query })
}

/// A record's date, as `s:datum` sorts: a session's, a Vorlage's (else its
/// latest Beratung's), an Auszug's.
fn record_date(a: &Archive, r: RecordId) -> Option<crate::model::Date> {
    match r {
        RecordId::Vorlage(v) => {
            let v = a.vorlage(v);
            v.beratungsfolge.iter().filter_map(|b| b.datum).max().or(v.datum)
        }
        RecordId::Auszug(au) => a.auszug(au).datum,
        RecordId::Sitzung(si) => a.sitzung(si).datum,
    }
}
