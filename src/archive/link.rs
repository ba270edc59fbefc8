//! Links between records, made once every file is merged: the sessions the
//! export format implies, and for every record its session, agenda item and
//! Vorlage, by the ids (OParl) or fields (export format) its source names.

use std::hash::BuildHasher;

use super::Archive;
use crate::hash::HashMap;
use crate::model::{AuszugId, Date, Format, KoerperschaftId, RecordId, Sitzung, SitzungId, Url, VorlageId};
use crate::problem::{Problem, Severity};

/// Links everything; notes what the links show (Vorlagen that share a
/// number) in `problems`. `files` and `origin` name the file each Vorlage
/// came from.
pub(super) fn link(a: &mut Archive, problems: &mut Vec<Problem>, files: &[String], origin: &[u32]) {
    export_sessions(a);
    index_ids(a);
    let Archive { vorlagen, auszuege, by_id, by_nummer, same_nummer, .. } = a;
    let find = |id: &Url| by_id.get(id).copied();

    for v in vorlagen.iter_mut().filter(|v| v.format == Format::Oparl) {
        for b in &mut v.beratungsfolge {
            b.sitzung = find(&b.sitzung_id).and_then(as_sitzung);
            b.auszug = find(&b.item_id).and_then(as_auszug);
        }
        for r in &mut v.verweise {
            r.vorlage = find(&r.id).and_then(as_vorlage);
        }
    }

    for au in auszuege.iter_mut() {
        match au.format {
            Format::Oparl => {
                au.sitzung = find(&au.sitzung_id).and_then(as_sitzung);
                au.vorlage_ref = find(&au.vorlage_id).and_then(as_vorlage);
            }
            Format::Export if !au.vorlage.is_empty() => {
                // The export format names the Vorlage by its number.
                let first =
                    by_nummer.get(au.koerperschaft.0 as usize).and_then(|m| m.get(au.vorlage.as_str()));
                au.vorlage_ref = first.map(|&first| {
                    let more = same_nummer.get(&first).map_or(&[][..], Vec::as_slice);
                    std::iter::once(first)
                        .chain(more.iter().copied())
                        .find(|&v| vorlagen[v.0 as usize].format == Format::Export)
                        .unwrap_or(first)
                });
            }
            Format::Export => {}
        }
    }

    // An Auszug of a Vorlage discussed in its session is the agenda item of
    // that Beratung (the export format does not say so; OParl does, above).
    for (i, au) in auszuege.iter().enumerate() {
        let (Format::Export, Some(v), Some(s)) = (au.format, au.vorlage_ref, au.sitzung) else { continue };
        let beratung = vorlagen[v.0 as usize]
            .beratungsfolge
            .iter_mut()
            .find(|b| b.sitzung == Some(s) && b.auszug.is_none());
        if let Some(b) = beratung {
            b.auszug = Some(AuszugId(i as u32));
        }
    }

    note_shared_numbers(a, problems, files, origin);
}

fn as_sitzung(r: RecordId) -> Option<SitzungId> {
    match r {
        RecordId::Sitzung(s) => Some(s),
        _ => None,
    }
}

fn as_auszug(r: RecordId) -> Option<AuszugId> {
    match r {
        RecordId::Auszug(a) => Some(a),
        _ => None,
    }
}

fn as_vorlage(r: RecordId) -> Option<VorlageId> {
    match r {
        RecordId::Vorlage(v) => Some(v),
        _ => None,
    }
}

/// The records of OParl by their id.
fn index_ids(a: &mut Archive) {
    let oparl_sitzungen = a.sitzungen.iter().filter(|s| s.format == Format::Oparl).count();
    let mut by_id = HashMap::default();
    by_id.reserve(oparl_sitzungen + a.vorlagen.len() + a.auszuege.len());
    let mut put = |id: &Url, format: Format, r: RecordId| {
        if format == Format::Oparl && !id.is_empty() {
            by_id.insert(id.clone(), r);
        }
    };
    for (i, s) in a.sitzungen.iter().enumerate() {
        put(&s.id, s.format, RecordId::Sitzung(SitzungId(i as u32)));
    }
    for (i, v) in a.vorlagen.iter().enumerate() {
        put(&v.id, v.format, RecordId::Vorlage(VorlageId(i as u32)));
    }
    for (i, au) in a.auszuege.iter().enumerate() {
        put(&au.id, au.format, RecordId::Auszug(AuszugId(i as u32)));
    }
    a.by_id = by_id;
}

/// Sessions by their key's fields: hashes with a chain for equal hashes,
/// so that a lookup builds no key (see `merge::Builder`).
struct Sessions {
    hasher: foldhash::fast::RandomState,
    first: HashMap<u64, SitzungId>,
    same_hash: Vec<Option<SitzungId>>,
}

impl Sessions {
    fn find(
        &self,
        sitzungen: &[Sitzung],
        key: (KoerperschaftId, &str, Option<Date>, &str),
    ) -> (u64, Option<SitzungId>) {
        let hash = self.hasher.hash_one(key);
        let mut found = self.first.get(&hash).copied();
        while let Some(id) = found {
            let s = &sitzungen[id.0 as usize];
            if (s.koerperschaft, s.gremium.as_str(), s.datum, s.beginn.as_str()) == key {
                break;
            }
            found = self.same_hash[id.0 as usize];
        }
        (hash, found)
    }

    fn add(&mut self, sitzungen: &mut Vec<Sitzung>, hash: u64, s: Sitzung) -> SitzungId {
        let id = SitzungId(sitzungen.len() as u32);
        sitzungen.push(s);
        self.same_hash.resize(sitzungen.len() - 1, None);
        self.same_hash.push(self.first.insert(hash, id));
        id
    }
}

/// The sessions of the export format: one per Körperschaft, Gremium, date
/// and time of its Auszüge, and one per dated Beratung that none of those
/// holds. A Beratung names no time: it joins the session of its Gremium on
/// its day that has none, or else the earliest.
fn export_sessions(a: &mut Archive) {
    let Archive { vorlagen, auszuege, sitzungen, .. } = a;
    let mut sessions =
        Sessions { hasher: Default::default(), first: HashMap::default(), same_hash: Vec::new() };
    for au in auszuege.iter_mut().filter(|au| au.format == Format::Export) {
        let key = (au.koerperschaft, au.gremium.as_str(), au.datum, au.beginn.as_str());
        let id = match sessions.find(sitzungen, key) {
            (_, Some(id)) => {
                // Other items of the session may say where and until when.
                let s = &mut sitzungen[id.0 as usize];
                for (field, value) in
                    [(&mut s.ende, &au.ende), (&mut s.raum, &au.raum), (&mut s.ort, &au.ort)]
                {
                    if field.is_empty() {
                        field.clone_from(value);
                    }
                }
                id
            }
            (hash, None) => {
                let s = Sitzung {
                    gremium: au.gremium.clone(),
                    datum: au.datum,
                    beginn: au.beginn.clone(),
                    ende: au.ende.clone(),
                    raum: au.raum.clone(),
                    ort: au.ort.clone(),
                    anlass: au.anlass.clone(),
                    koerperschaft: au.koerperschaft,
                    format: Format::Export,
                    ..Sitzung::default()
                };
                sessions.add(sitzungen, hash, s)
            }
        };
        au.sitzung = Some(id);
    }

    // The session of a day for Beratungen: one without a time, else the
    // earliest.
    let mut of_day: HashMap<u64, Vec<SitzungId>> = HashMap::default();
    let day = |s: &Sitzung| sessions.hasher.hash_one((s.koerperschaft, s.gremium.as_str(), s.datum));
    for (i, s) in sitzungen.iter().enumerate().filter(|(_, s)| s.format == Format::Export) {
        of_day.entry(day(s)).or_default().push(SitzungId(i as u32));
    }
    for v in vorlagen.iter_mut().filter(|v| v.format == Format::Export) {
        let k = v.koerperschaft;
        for b in v.beratungsfolge.iter_mut().filter(|b| b.datum.is_some()) {
            let hash = sessions.hasher.hash_one((k, b.gremium.as_str(), b.datum));
            let same_day = of_day.get(&hash).into_iter().flatten().copied().filter(|id| {
                let s = &sitzungen[id.0 as usize];
                (s.koerperschaft, s.gremium.as_str(), s.datum) == (k, b.gremium.as_str(), b.datum)
            });
            let chosen = same_day.min_by(|x, y| {
                let (x, y) = (&sitzungen[x.0 as usize], &sitzungen[y.0 as usize]);
                (!x.beginn.is_empty(), &x.beginn).cmp(&(!y.beginn.is_empty(), &y.beginn))
            });
            let id = match chosen {
                Some(id) => id,
                None => {
                    let s = Sitzung {
                        gremium: b.gremium.clone(),
                        datum: b.datum,
                        koerperschaft: k,
                        format: Format::Export,
                        ..Sitzung::default()
                    };
                    let id = SitzungId(sitzungen.len() as u32);
                    sitzungen.push(s);
                    of_day.entry(hash).or_default().push(id);
                    id
                }
            };
            b.sitzung = Some(id);
        }
    }
}

/// One Hinweis for all numbers that several Vorlagen carry: real systems do
/// hand one reference to a paper and its amendment, and both are shown.
fn note_shared_numbers(a: &Archive, problems: &mut Vec<Problem>, files: &[String], origin: &[u32]) {
    let mut shared: Vec<(VorlageId, usize)> =
        a.same_nummer.iter().map(|(first, more)| (*first, more.len() + 1)).collect();
    if shared.is_empty() {
        return;
    }
    shared.sort_unstable();
    let (first, n) = shared[0];
    let file = origin.get(first.0 as usize).and_then(|&f| files.get(f as usize)).map_or("", String::as_str);
    let nummer = |v: VorlageId| a.vorlage(v).nummer.as_str();
    let message = if shared.len() == 1 {
        crate::strings::nummer_mehrfach(n, nummer(first))
    } else {
        let examples: Vec<String> =
            shared.iter().take(3).map(|&(v, n)| format!("{} ({n})", nummer(v))).collect();
        crate::strings::nummern_mehrfach(shared.len(), &examples.join(", "))
    };
    problems.push(Problem::new(Severity::Note, file, message));
}
