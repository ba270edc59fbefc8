//! The archive: every loaded record, once, by its stable key, merged
//! across files ([`merge`]), with the links between records resolved
//! ([`link`]).

mod link;
mod merge;

pub use merge::Builder;

use compact_str::CompactString;

use crate::chunked::Chunked;
use crate::hash::HashMap;
use crate::model::{
    Auszug, AuszugId, Format, Key, KoerperschaftId, RecordId, Sitzung, SitzungId, Url, Vorlage, VorlageId,
};
use crate::problem::Problem;

/// All records of all loaded files. Views (tree, search) refer to records by
/// id; nothing else owns a copy.
#[derive(Debug, Default)]
pub struct Archive {
    /// Names of the bodies; index 0 may be "" for files that name none.
    pub koerperschaften: Vec<String>,
    pub vorlagen: Chunked<Vorlage>,
    pub auszuege: Chunked<Auszug>,
    /// Every session: the ones a source declares (OParl meetings) and the
    /// ones the export format implies by its Auszüge and Beratungen.
    pub sitzungen: Vec<Sitzung>,
    /// Problems of all files, and merge conflicts, in file order.
    pub problems: Vec<Problem>,
    /// Number of files read.
    pub files: usize,
    /// Records the sources mark as deleted, left out.
    pub deleted: usize,
    /// Records the last `ratsinfo sync` created or changed, marked "neu".
    pub neu: std::collections::HashSet<RecordId>,
    /// Per Körperschaft: the first Vorlage of each Nummer (looked up by
    /// `&str`, without building a key).
    by_nummer: Vec<HashMap<CompactString, VorlageId>>,
    /// The further Vorlagen of a Nummer, by the first: OParl papers may
    /// share one (a paper and a later amendment).
    same_nummer: HashMap<VorlageId, Vec<VorlageId>>,
    /// Records of OParl by their id.
    by_id: HashMap<Url, RecordId>,
    /// How many of `problems` are errors and warnings (counted once: the
    /// status line shows them on every frame).
    error_count: usize,
    warning_count: usize,
}

impl Archive {
    pub fn vorlage(&self, id: VorlageId) -> &Vorlage {
        &self.vorlagen[id.0 as usize]
    }

    pub fn auszug(&self, id: AuszugId) -> &Auszug {
        &self.auszuege[id.0 as usize]
    }

    pub fn sitzung(&self, id: SitzungId) -> &Sitzung {
        &self.sitzungen[id.0 as usize]
    }

    /// The first Vorlage with this number in this Körperschaft, if loaded.
    pub fn find_vorlage(&self, k: KoerperschaftId, nummer: &str) -> Option<VorlageId> {
        self.by_nummer.get(k.0 as usize)?.get(nummer).copied()
    }

    /// Every Vorlage with this number in this Körperschaft.
    pub fn vorlagen_with<'a>(
        &'a self,
        k: KoerperschaftId,
        nummer: &'a str,
    ) -> impl Iterator<Item = VorlageId> + 'a {
        let first = self.find_vorlage(k, nummer);
        let more = first.and_then(|f| self.same_nummer.get(&f)).map_or(&[][..], Vec::as_slice);
        first.into_iter().chain(more.iter().copied())
    }

    /// Vorlagen with this number in any Körperschaft.
    pub fn find_nummer<'a>(&'a self, nummer: &'a str) -> impl Iterator<Item = VorlageId> + 'a {
        (0..self.koerperschaften.len() as u32)
            .flat_map(move |k| self.vorlagen_with(KoerperschaftId(k), nummer))
    }

    pub fn koerperschaft(&self, k: KoerperschaftId) -> &str {
        self.koerperschaften.get(k.0 as usize).map_or("", String::as_str)
    }

    /// Whether the last sync created or changed this record.
    pub fn is_neu(&self, r: RecordId) -> bool {
        self.neu.contains(&r)
    }

    /// Marks the records of these OParl ids as new (ids not loaded are
    /// passed over).
    pub fn mark_neu(&mut self, ids: impl IntoIterator<Item = String>) {
        for id in ids {
            if let Some(r) = self.find_id(&id) {
                self.neu.insert(r);
            }
        }
    }

    /// The record an OParl object became, by its id.
    pub fn find_id(&self, id: &str) -> Option<RecordId> {
        self.by_id.get(&Url::find(id)?).copied()
    }

    /// The record with this stable key, if loaded.
    pub fn find(&self, key: &Key) -> Option<RecordId> {
        match key {
            Key::Oparl(id) => self.find_id(id),
            Key::Vorlage { koerperschaft, nummer } => {
                let k = self.koerperschaft_id(koerperschaft)?;
                self.vorlagen_with(k, nummer)
                    .find(|&v| self.vorlage(v).format == Format::Export)
                    .map(RecordId::Vorlage)
            }
            Key::Sitzung { .. } => (0..self.sitzungen.len() as u32)
                .map(SitzungId)
                .find(|&s| self.sitzung_key(s) == *key)
                .map(RecordId::Sitzung),
            Key::AuszugId { .. } | Key::Auszug { .. } => (0..self.auszuege.len() as u32)
                .map(AuszugId)
                .find(|&a| self.auszug_key(a) == *key)
                .map(RecordId::Auszug),
        }
    }

    fn koerperschaft_id(&self, name: &str) -> Option<KoerperschaftId> {
        self.koerperschaften.iter().position(|k| k == name).map(|k| KoerperschaftId(k as u32))
    }

    /// The stable key of a record (FORMAT.md, "Identity").
    pub fn key(&self, r: RecordId) -> Key {
        match r {
            RecordId::Vorlage(v) => {
                let v = self.vorlage(v);
                match v.format {
                    Format::Oparl if !v.id.is_empty() => Key::Oparl(v.id.to_string()),
                    _ => Key::Vorlage {
                        koerperschaft: self.koerperschaft(v.koerperschaft).to_owned(),
                        nummer: v.nummer.to_string(),
                    },
                }
            }
            RecordId::Sitzung(s) => self.sitzung_key(s),
            RecordId::Auszug(a) => self.auszug_key(a),
        }
    }

    fn sitzung_key(&self, s: SitzungId) -> Key {
        let s = self.sitzung(s);
        match s.format {
            Format::Oparl if !s.id.is_empty() => Key::Oparl(s.id.to_string()),
            _ => Key::Sitzung {
                koerperschaft: self.koerperschaft(s.koerperschaft).to_owned(),
                gremium: s.gremium.to_string(),
                datum: s.datum,
                beginn: s.beginn.to_string(),
            },
        }
    }

    fn auszug_key(&self, a: AuszugId) -> Key {
        let au = self.auszug(a);
        let koerperschaft = || self.koerperschaft(au.koerperschaft).to_owned();
        match au.format {
            Format::Oparl if !au.id.is_empty() => Key::Oparl(au.id.to_string()),
            Format::Export if !au.id.is_empty() => {
                Key::AuszugId { koerperschaft: koerperschaft(), id: au.id.to_string() }
            }
            _ => {
                let sitzung = match au.sitzung {
                    Some(s) => self.sitzung_key(s),
                    None => Key::Sitzung {
                        koerperschaft: koerperschaft(),
                        gremium: au.gremium.to_string(),
                        datum: au.datum,
                        beginn: au.beginn.to_string(),
                    },
                };
                Key::Auszug {
                    sitzung: Box::new(sitzung),
                    top: au.top.to_string(),
                    titel: au.titel.to_string(),
                    vorlage: au.vorlage.to_string(),
                }
            }
        }
    }

    /// How many documents the records hold.
    pub fn dokumente(&self) -> usize {
        self.vorlagen.iter().map(|v| v.anlagen.len()).sum::<usize>()
            + self.auszuege.iter().map(|a| a.dokumente.len()).sum::<usize>()
            + self.sitzungen.iter().map(|s| s.dokumente.len()).sum::<usize>()
    }

    pub fn errors(&self) -> usize {
        self.error_count
    }

    pub fn warnings(&self) -> usize {
        self.warning_count
    }

    pub fn notes(&self) -> usize {
        self.problems.len() - self.error_count - self.warning_count
    }
}
