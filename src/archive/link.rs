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
///
/// One pass over the Auszüge and one over the Vorlagen: the records are
/// large and scattered over memory, and each further visit to them (a pass,
/// or a look at a Vorlage per Auszug) cost about as much as the work done
/// there.
pub(super) fn link(a: &mut Archive, problems: &mut Vec<Problem>, files: &[String], origin: &[u32]) {
    index_ids(a);
    let mut sessions =
        Sessions { hasher: Default::default(), first: HashMap::default(), same_hash: Vec::new() };
    let claims = link_auszuege(a, &mut sessions);
    link_vorlagen(a, &sessions, claims);
    note_shared_numbers(a, problems, files, origin);
}

/// An Auszug of the export format that names a loaded Vorlage, and its
/// session: it is the agenda item of that Vorlage's Beratung in the session,
/// where there is one (the export format does not say so; OParl does).
struct Claim {
    vorlage: VorlageId,
    auszug: AuszugId,
    sitzung: SitzungId,
}

/// Every Auszug's session and Vorlage: for OParl by the ids it names; for
/// the export format by its session's key (making the sessions the Auszüge
/// imply: one per Körperschaft, Gremium, date and time) and the Vorlage's
/// number. Returns the export Auszüge that name a loaded Vorlage, in order.
fn link_auszuege(a: &mut Archive, sessions: &mut Sessions) -> Vec<Claim> {
    let Archive { vorlagen, auszuege, sitzungen, by_id, by_nummer, same_nummer, .. } = a;
    let find = |id: &Url| by_id.get(id).copied();
    let mut claims = Vec::new();
    for (i, au) in auszuege.iter_mut().enumerate() {
        if au.format == Format::Oparl {
            au.sitzung = find(&au.sitzung_id).and_then(as_sitzung);
            au.vorlage_ref = find(&au.vorlage_id).and_then(as_vorlage);
            continue;
        }
        let key = (au.koerperschaft, au.gremium.as_str(), au.datum, au.beginn.as_str());
        let sitzung = match sessions.find(sitzungen, key) {
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
        au.sitzung = Some(sitzung);
        if au.vorlage.is_empty() {
            continue;
        }
        // The export format names the Vorlage by its number.
        let first = by_nummer.get(au.koerperschaft.0 as usize).and_then(|m| m.get(au.vorlage.as_str()));
        au.vorlage_ref = first.map(|&first| {
            let more = same_nummer.get(&first).map_or(&[][..], Vec::as_slice);
            std::iter::once(first)
                .chain(more.iter().copied())
                .find(|&v| vorlagen[v.0 as usize].format == Format::Export)
                .unwrap_or(first)
        });
        if let Some(vorlage) = au.vorlage_ref {
            claims.push(Claim { vorlage, auszug: AuszugId(i as u32), sitzung });
        }
    }
    claims
}

/// Every Beratung's session and agenda item, and the papers each Vorlage
/// names: for OParl by the ids they give. A dated Beratung of the export
/// format names no time: it joins the session of its Gremium on its day
/// that has none, or else the earliest, or else a session of its own. Then
/// each of `claims` takes the first Beratung of its Vorlage in its session
/// that no agenda item holds yet, in the order of the Auszüge.
fn link_vorlagen(a: &mut Archive, sessions: &Sessions, mut claims: Vec<Claim>) {
    let Archive { vorlagen, sitzungen, by_id, .. } = a;
    let find = |id: &Url| by_id.get(id).copied();
    // By Vorlage, as the pass below visits them; stable, so each
    // Vorlage's claims stay in the order of the Auszüge.
    claims.sort_by_key(|c| c.vorlage);
    let mut claims = claims.as_slice();

    // The sessions of the export format by day.
    let mut of_day: HashMap<u64, Vec<SitzungId>> = HashMap::default();
    let day = |s: &Sitzung| sessions.hasher.hash_one((s.koerperschaft, s.gremium.as_str(), s.datum));
    for (i, s) in sitzungen.iter().enumerate().filter(|(_, s)| s.format == Format::Export) {
        of_day.entry(day(s)).or_default().push(SitzungId(i as u32));
    }

    for (vi, v) in vorlagen.iter_mut().enumerate() {
        match v.format {
            Format::Oparl => {
                for b in &mut v.beratungsfolge {
                    b.sitzung = find(&b.sitzung_id).and_then(as_sitzung);
                    b.auszug = find(&b.item_id).and_then(as_auszug);
                }
                for r in &mut v.verweise {
                    r.vorlage = find(&r.id).and_then(as_vorlage);
                }
            }
            Format::Export => {
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
        let mine = claims.iter().take_while(|c| c.vorlage.0 as usize == vi).count();
        let (these, rest) = claims.split_at(mine);
        claims = rest;
        for c in these {
            let beratung =
                v.beratungsfolge.iter_mut().find(|b| b.sitzung == Some(c.sitzung) && b.auszug.is_none());
            if let Some(b) = beratung {
                b.auszug = Some(c.auszug);
            }
        }
    }
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
        format!("{n} Vorlagen tragen die Nummer {}; alle werden gezeigt", nummer(first))
    } else {
        let examples: Vec<String> =
            shared.iter().take(3).map(|&(v, n)| format!("{} ({n})", nummer(v))).collect();
        format!(
            "{} Nummern werden von mehreren Vorlagen getragen, z. B. {}; alle werden gezeigt",
            shared.len(),
            examples.join(", ")
        )
    };
    problems.push(Problem::new(Severity::Note, file, message));
}
