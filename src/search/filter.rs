//! A query's filters resolved against the index: which Gremien, Arten and
//! stati `g:`, `art:` and `status:` mean here, and the chips that say so.

use super::fold::has_word_prefix;
use super::query::{Query, Sort};
use super::{SearchIndex, query::is_subsequence};
use crate::strings as s;

/// What an entry must be to be admitted.
#[derive(Debug, Default)]
pub struct Resolved {
    /// Per Gremium (the tree's indices), whether admitted; None: all.
    gremien: Option<Vec<bool>>,
    arten: Option<Vec<bool>>,
    stati: Option<Vec<bool>>,
    from: Option<crate::model::Date>,
    to: Option<crate::model::Date>,
    /// What the filters mean, for the chips above the results.
    pub chips: Vec<String>,
}

impl Resolved {
    pub fn new(index: &SearchIndex, q: &Query) -> Resolved {
        let f = &q.filter;
        let mut r = Resolved { from: f.from, to: f.to, ..Resolved::default() };
        if let Some(want) = &f.gremium {
            let admitted = matching(&index.gremien, want);
            let names: Vec<&str> = admitted
                .iter()
                .enumerate()
                .filter(|(_, a)| **a)
                .map(|(i, _)| index.gremien[i].1.as_str())
                .collect();
            r.chips.push(s::chip_gremium(&names[..names.len().min(1)], names.len()));
            r.gremien = Some(admitted);
        }
        for (want, names, slot, key) in
            [(&f.art, &index.arten, &mut r.arten, s::ART), (&f.status, &index.stati, &mut r.stati, s::STATUS)]
        {
            if let Some(want) = want {
                let admitted = matching(names, want);
                let first = admitted.iter().position(|a| *a).map(|i| names[i].1.as_str());
                let n = admitted.iter().filter(|a| **a).count();
                r.chips.push(match (first, n) {
                    (None, _) => s::chip_keine(key),
                    (Some(one), 1) => s::chip(key, one),
                    (Some(one), n) => s::chip(key, &format!("{one} +{}", n - 1)),
                });
                *slot = Some(admitted);
            }
        }
        match (f.years, f.from, f.to) {
            (Some((a, b)), from, to)
                if from == crate::model::Date::new(a, 1, 1) && to == crate::model::Date::new(b, 12, 31) =>
            {
                let years = if a == b { a.to_string() } else { format!("{a}–{b}") };
                r.chips.push(s::chip(s::JAHR, &years));
            }
            (_, from, to) => {
                if let Some(from) = from {
                    r.chips.push(s::chip(s::AB, &from.german()));
                }
                if let Some(to) = to {
                    r.chips.push(s::chip(s::BIS, &to.german()));
                }
            }
        }
        if q.sort == Sort::Datum || q.terms.is_empty() && !f.is_empty() {
            r.chips.push(s::NEUESTE_ZUERST.to_owned());
        }
        r
    }

    /// Whether entry `id` passes the filters.
    pub fn admits(&self, index: &SearchIndex, id: u32) -> bool {
        let e = &index.entries[id as usize];
        let in_range = match (self.from, self.to) {
            (None, None) => true,
            (from, to) => e.datum.is_some_and(|d| from.is_none_or(|f| d >= f) && to.is_none_or(|t| d <= t)),
        };
        in_range
            && self.gremien.as_ref().is_none_or(|g| index.gremien_of(id).iter().any(|&i| g[i as usize]))
            && self.arten.as_ref().is_none_or(|a| a[e.art as usize])
            && self.stati.as_ref().is_none_or(|s| s[e.status as usize])
    }

    /// Nothing to filter.
    pub fn admits_all(&self) -> bool {
        self.gremien.is_none()
            && self.arten.is_none()
            && self.stati.is_none()
            && self.from.is_none()
            && self.to.is_none()
    }
}

/// Which of `names` (folded, as written) `want` (folded) means: those named
/// exactly, else those with it at the start of a word, else those that
/// contain it, else those that hold its letters in order (fuzzy). The first
/// of these that finds any decides: `g:rat` is the Rat der Stadt, not every
/// Beirat.
fn matching(names: &[(String, String)], want: &str) -> Vec<bool> {
    let tests: [&dyn Fn(&str) -> bool; 4] =
        [&|n| n == want, &|n| has_word_prefix(n, want), &|n| n.contains(want), &|n| {
            is_subsequence(want.as_bytes(), n.as_bytes())
        }];
    for test in tests {
        // Index 0 of Arten and stati is "none": never matched.
        let v: Vec<bool> = names.iter().map(|(folded, _)| !folded.is_empty() && test(folded)).collect();
        if v.iter().any(|m| *m) {
            return v;
        }
    }
    vec![false; names.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<(String, String)> {
        list.iter().map(|n| (super::super::fold(n), n.to_string())).collect()
    }

    #[test]
    fn the_closest_kind_of_match_decides() {
        let g = names(&["Rat der Stadt", "Integrationsrat", "Seniorenbeirat", "Haupt- und Finanzausschuss"]);
        assert_eq!(matching(&g, "rat"), [true, false, false, false]);
        assert_eq!(matching(&g, "beirat"), [false, false, true, false]);
        assert_eq!(matching(&g, "srat"), [false, true, false, false]);
        assert_eq!(matching(&g, "hfa"), [false, false, false, true]);
        assert_eq!(matching(&g, "xyz"), [false; 4]);
        assert_eq!(matching(&names(&["", "Antrag"]), "an"), [false, true]);
    }
}
