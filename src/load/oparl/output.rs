//! The records that mapping yields, per file and Körperschaft, and how they
//! go into the batches.

use crate::load::Batch;
use crate::model::{Auszug, Sitzung, Vorlage};
use crate::problem::Problem;

/// BodyRecords of one Körperschaft from one file.
#[derive(Default)]
pub(super) struct BodyRecords {
    pub(super) koerperschaft: String,
    pub(super) vorlagen: Vec<Vorlage>,
    pub(super) auszuege: Vec<Auszug>,
    pub(super) sitzungen: Vec<Sitzung>,
}

impl BodyRecords {
    pub(super) fn append(&mut self, more: BodyRecords) {
        append(&mut self.vorlagen, more.vorlagen);
        append(&mut self.auszuege, more.auszuege);
        append(&mut self.sitzungen, more.sitzungen);
    }

    pub(super) fn fill(self, batch: &mut Batch) {
        batch.koerperschaft = self.koerperschaft;
        append(&mut batch.vorlagen, self.vorlagen);
        append(&mut batch.auszuege, self.auszuege);
        append(&mut batch.sitzungen, self.sitzungen);
    }
}

/// Pushes `item`; a list's first item gets room for itself alone. A mirror
/// has one object per file, and the standard first room for four records
/// took a fifth of the memory of loading one.
pub(super) fn push<T>(list: &mut Vec<T>, item: T) {
    if list.capacity() == 0 {
        list.reserve_exact(1);
    }
    list.push(item);
}

/// Appends `more`, taking it over as it is where `list` is empty (as it
/// nearly always is): records are large, and copying them all twice more
/// showed in the profile.
pub(super) fn append<T>(list: &mut Vec<T>, more: Vec<T>) {
    if list.is_empty() {
        *list = more;
    } else {
        list.extend(more);
    }
}

/// The records per batch, grouped by Körperschaft.
pub(super) struct Output {
    pub(super) groups: Vec<Vec<BodyRecords>>,
    /// The Körperschaft of a batch without records.
    pub(super) home: Vec<Option<String>>,
}

impl Output {
    pub(super) fn new(batches: usize) -> Output {
        Output { groups: (0..batches).map(|_| Vec::new()).collect(), home: vec![None; batches] }
    }

    pub(super) fn at(&mut self, batch: usize, koerperschaft: String) -> &mut BodyRecords {
        let groups = &mut self.groups[batch];
        let i = match groups.iter().position(|g| g.koerperschaft == koerperschaft) {
            Some(i) => i,
            None => {
                push(groups, BodyRecords { koerperschaft, ..BodyRecords::default() });
                groups.len() - 1
            }
        };
        &mut groups[i]
    }

    /// Adds the output of a later run of objects.
    pub(super) fn merge(&mut self, later: Output) {
        for (b, (groups, home)) in later.groups.into_iter().zip(later.home).enumerate() {
            if self.groups[b].is_empty() {
                self.groups[b] = groups;
            } else {
                for g in groups {
                    let k = g.koerperschaft.clone();
                    self.at(b, k).append(g);
                }
            }
            if self.home[b].is_none() {
                self.home[b] = home;
            }
        }
    }

    pub(super) fn apply(self, batches: &mut Vec<Batch>, problems: Vec<(usize, Problem)>) {
        for (b, p) in problems {
            batches[b].problems.push(p);
        }
        let mut extra = Vec::new();
        for ((batch, groups), home) in batches.iter_mut().zip(self.groups).zip(self.home) {
            let mut groups = groups.into_iter();
            match groups.next() {
                Some(first) => first.fill(batch),
                None => batch.koerperschaft = home.unwrap_or_else(|| batch.koerperschaft.clone()),
            }
            for more in groups {
                let mut b = Batch { file: batch.file.clone(), ..Batch::default() };
                more.fill(&mut b);
                extra.push(b);
            }
        }
        batches.extend(extra);
    }
}
