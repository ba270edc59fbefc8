//! The report of references to objects that are not loaded.

use std::collections::{BTreeMap, HashSet};

use super::Kind;
use crate::model::Url;
use crate::problem::{Problem, Severity};

/// References to objects that are not loaded: one message per kind, since
/// a partial mirror may miss thousands.
#[derive(Default)]
pub(super) struct Missing<'a> {
    pub(super) seen: HashSet<(Kind, &'a Url)>,
    /// Per kind: the first URL, and the batch that named it.
    pub(super) first: BTreeMap<Kind, (&'a Url, usize)>,
}

impl<'a> Missing<'a> {
    pub(super) fn record(&mut self, kind: Kind, url: &'a Url, batch: usize) {
        if self.seen.insert((kind, url)) {
            self.first.entry(kind).or_insert((url, batch));
        }
    }

    /// Adds what was found in later files.
    pub(super) fn merge(&mut self, later: Missing<'a>) {
        self.seen.extend(later.seen);
        for (kind, first) in later.first {
            self.first.entry(kind).or_insert(first);
        }
    }

    pub(super) fn problems(&self, files: &[&str]) -> Vec<(usize, Problem)> {
        let mut counts: BTreeMap<Kind, usize> = BTreeMap::new();
        for (kind, _) in &self.seen {
            *counts.entry(*kind).or_default() += 1;
        }
        self.first
            .iter()
            .map(|(&kind, &(url, batch))| {
                let n = counts.get(&kind).copied().unwrap_or(1);
                let (one, many) = kind.names();
                let message =
                    crate::strings::oparl_nicht_geladen(n, one, many, &format!("{kind:?}"), &url.to_string());
                (batch, Problem::new(Severity::Note, files[batch], message))
            })
            .collect()
    }
}
