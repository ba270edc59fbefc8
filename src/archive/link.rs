//! Links between records, made once every file is merged: the sessions the
//! export format implies, and for every record its session, agenda item and
//! Vorlage, by the ids (OParl) or fields (export format) its source names.

use std::hash::BuildHasher;

use super::Archive;
use crate::hash::HashMap;
use crate::model::{
    AuszugId, Beratung, Date, Format, KoerperschaftId, RecordId, Sitzung, SitzungId, Url, Vorlage, VorlageId,
};
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
///
/// On two threads, each taking half of the Vorlagen: nearly all of the time
/// is waiting for the records to come from memory. A Beratung whose day
/// has no session yet waits for both, and gets its session afterwards in
/// the order of the Vorlagen, so that sessions are made in the same order
/// as by one thread. No claim can want such a Beratung: claims are for
/// the sessions of Auszüge, which exist already.
fn link_vorlagen(a: &mut Archive, sessions: &Sessions, mut claims: Vec<Claim>) {
    let Archive { vorlagen, sitzungen, by_id, .. } = a;
    // By Vorlage, as the passes below visit them; stable, so each
    // Vorlage's claims stay in the order of the Auszüge.
    claims.sort_by_key(|c| c.vorlage);

    // The sessions of the export format by day.
    let mut of_day: HashMap<u64, Vec<SitzungId>> = HashMap::default();
    let day = |s: &Sitzung| sessions.hasher.hash_one((s.koerperschaft, s.gremium.as_str(), s.datum));
    for (i, s) in sitzungen.iter().enumerate().filter(|(_, s)| s.format == Format::Export) {
        of_day.entry(day(s)).or_default().push(SitzungId(i as u32));
    }

    let cx = VorlagenPass { by_id, sitzungen, of_day: &of_day, hasher: &sessions.hasher };
    let [(_, first), (second_at, second)] = vorlagen.halves_mut();
    let (claims_a, claims_b) =
        claims.split_at(claims.partition_point(|c| (c.vorlage.0 as usize) < second_at));
    let (mut waiting, waiting_b) = std::thread::scope(|scope| {
        let b = scope.spawn(crate::strings::carry(|| cx.run(second_at, second, claims_b)));
        let a = cx.run(0, first, claims_a);
        (a, b.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
    });
    waiting.extend(waiting_b);

    for (v, bi, hash) in waiting {
        let v = &mut vorlagen[v.0 as usize];
        let k = v.koerperschaft;
        let b = &mut v.beratungsfolge[bi];
        let id = match day_session(sitzungen, &of_day, hash, k, b) {
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

/// What the pass over the Vorlagen reads.
#[derive(Clone, Copy)]
struct VorlagenPass<'a> {
    by_id: &'a HashMap<Url, RecordId>,
    sitzungen: &'a [Sitzung],
    of_day: &'a HashMap<u64, Vec<SitzungId>>,
    hasher: &'a foldhash::fast::RandomState,
}

impl VorlagenPass<'_> {
    /// Links `vorlagen`, the first of which has index `first`; `claims`
    /// are theirs, by Vorlage. Returns the export Beratungen whose day has
    /// no session (Vorlage, index, the day's hash).
    fn run<'v>(
        self,
        first: usize,
        vorlagen: impl Iterator<Item = &'v mut Vorlage>,
        mut claims: &[Claim],
    ) -> Vec<(VorlageId, usize, u64)> {
        let find = |id: &Url| self.by_id.get(id).copied();
        let mut waiting = Vec::new();
        for (i, v) in vorlagen.enumerate() {
            let vid = VorlageId((first + i) as u32);
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
                    for (bi, b) in v.beratungsfolge.iter_mut().enumerate().filter(|(_, b)| b.datum.is_some())
                    {
                        let hash = self.hasher.hash_one((k, b.gremium.as_str(), b.datum));
                        match day_session(self.sitzungen, self.of_day, hash, k, b) {
                            Some(id) => b.sitzung = Some(id),
                            None => waiting.push((vid, bi, hash)),
                        }
                    }
                }
            }
            let mine = claims.iter().take_while(|c| c.vorlage == vid).count();
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
        waiting
    }
}

/// The session of Beratung `b` of Körperschaft `k` by its day (of hash
/// `hash`): one without a time, else the earliest.
fn day_session(
    sitzungen: &[Sitzung],
    of_day: &HashMap<u64, Vec<SitzungId>>,
    hash: u64,
    k: KoerperschaftId,
    b: &Beratung,
) -> Option<SitzungId> {
    let same_day = of_day.get(&hash).into_iter().flatten().copied().filter(|id| {
        let s = &sitzungen[id.0 as usize];
        (s.koerperschaft, s.gremium.as_str(), s.datum) == (k, b.gremium.as_str(), b.datum)
    });
    same_day.min_by(|x, y| {
        let (x, y) = (&sitzungen[x.0 as usize], &sitzungen[y.0 as usize]);
        (!x.beginn.is_empty(), &x.beginn).cmp(&(!y.beginn.is_empty(), &y.beginn))
    })
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
        crate::strings::nummer_mehrfach(n, nummer(first))
    } else {
        let examples: Vec<String> =
            shared.iter().take(3).map(|&(v, n)| format!("{} ({n})", nummer(v))).collect();
        crate::strings::nummern_mehrfach(shared.len(), &examples.join(", "))
    };
    problems.push(Problem::new(Severity::Note, file, message));
}
