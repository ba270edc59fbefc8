//! Resolving references across files: the OParl objects of all files mapped
//! onto Vorlagen, Auszüge and Sitzungen.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

use super::read::Embedded;
use super::{
    AgendaItem, Consultation, Emb, File, Kind, Location, Meeting, Named, Object, Paper, Stamp, hhmm,
};
use crate::load::Batch;
use crate::model::{Anlage, Auszug, Beratung, Date, Sitzung, Vorlage};
use crate::problem::{Problem, Severity};
use crate::text::clean_line;

/// Maps the OParl objects of all batches onto records, now that every
/// reference can be looked up. Records go to the batch of the file their
/// object came from, so that merge conflicts name the right file; a file
/// whose objects belong to several bodies gets one more batch per further
/// body, since a batch has one Körperschaft.
pub fn resolve(batches: &mut Vec<Batch>) {
    // The lists stay as they are, one per batch: gathering the objects into
    // one list would copy them all.
    let objects: Vec<Vec<Object>> = batches.iter_mut().map(|b| std::mem::take(&mut b.oparl)).collect();
    if objects.iter().all(Vec::is_empty) {
        return;
    }
    let index = Index::new(&objects);
    let (sessions, mut missing) = sessions(&index, &objects);
    let (output, more) = map_all(&index, &objects, &sessions, batches.len());
    more.into_iter().for_each(|m| missing.merge(m));
    let files: Vec<&str> = batches.iter().map(|b| b.file.as_str()).collect();
    let problems = missing.problems(&files);
    output.apply(batches, problems);
    drop(sessions);
    drop(index);
    // Freeing the objects (a few hundred thousand strings) takes about as
    // long as mapping them: another thread does it while the archive is
    // built. Should no thread start, the objects are freed here.
    let _ = std::thread::Builder::new().spawn(move || drop(objects));
}

/// The sessions of all live meetings, by meeting id: first, since the
/// Beratungen of papers in any file refer to them.
fn sessions<'a>(ix: &Index<'a>, objects: &'a [Vec<Object>]) -> (UrlMap<'a, Session>, Missing<'a>) {
    let none = UrlMap::default();
    let mut r = Resolver::new(ix, objects, &none);
    let mut sessions = UrlMap::default();
    for (i, (b, o)) in each(objects).enumerate() {
        if let (true, Object::Meeting(m)) = (ix.live[i], o) {
            r.batch = b;
            let session = r.session(m);
            put(&mut sessions, &m.id, session);
        }
    }
    (sessions, r.missing)
}

/// Maps every live object, in parallel runs of objects: the index is
/// complete, so each object is mapped on its own. Outputs and warnings come
/// back in file order, so that the result is that of one run.
fn map_all<'a>(
    ix: &Index<'a>,
    objects: &'a [Vec<Object>],
    sessions: &UrlMap<'a, Session>,
    batches: usize,
) -> (Output, Vec<Missing<'a>>) {
    let total = ix.live.len();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(total.div_ceil(2000));
    let run = total.div_ceil(threads.max(1));
    let parts: Vec<(Output, Missing<'a>)> = std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|t| {
                s.spawn(move || {
                    let mut r = Resolver::new(ix, objects, sessions);
                    let mut out = Output::new(batches);
                    for (i, (b, o)) in each(objects).enumerate().skip(t * run).take(run) {
                        if ix.live[i] {
                            r.batch = b;
                            r.map(o, &mut out);
                        }
                    }
                    (out, r.missing)
                })
            })
            .collect();
        workers.into_iter().filter_map(|w| w.join().ok()).collect()
    });
    let mut output = Output::new(batches);
    let mut missing = Vec::with_capacity(parts.len());
    for (out, m) in parts {
        output.merge(out);
        missing.push(m);
    }
    (output, missing)
}

/// Every object with the index of its batch, in file order.
fn each(objects: &[Vec<Object>]) -> impl Iterator<Item = (usize, &Object)> {
    objects.iter().enumerate().flat_map(|(b, list)| list.iter().map(move |o| (b, o)))
}

/// Hashes the URLs that key the index, a word at a time. The keys come from
/// files the user chose to open, so the standard hasher's protection against
/// crafted collisions buys nothing here, while its cost on some hundred
/// thousand long keys is a good part of resolving.
#[derive(Default)]
struct UrlHasher(u64);

impl Hasher for UrlHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(0x517C_C1B7_2722_0A95);
        }
    }

    /// Mixes the high bits down: the table picks buckets by the low ones,
    /// and URLs differ mostly at their end.
    fn finish(&self) -> u64 {
        let mut h = self.0;
        h = (h ^ (h >> 33)).wrapping_mul(0xFF51_AFD7_ED55_8CCD);
        h = (h ^ (h >> 33)).wrapping_mul(0xC4CE_B9FE_1A85_EC53);
        h ^ (h >> 33)
    }
}

type UrlMap<'a, V> = HashMap<&'a str, V, BuildHasherDefault<UrlHasher>>;
type UrlSet<'a> = HashSet<&'a str, BuildHasherDefault<UrlHasher>>;

/// Every live object by id, embedded ones included, and the links between
/// them that only one side may state.
#[derive(Default)]
struct Index<'a> {
    /// Per object: not hidden by a later copy or a deletion.
    live: Vec<bool>,
    deleted: UrlSet<'a>,
    bodies: UrlMap<'a, &'a Named>,
    orgs: UrlMap<'a, &'a Named>,
    persons: UrlMap<'a, &'a Named>,
    papers: UrlMap<'a, &'a Paper>,
    /// Agenda items with the id of their meeting.
    items: UrlMap<'a, (&'a AgendaItem, &'a str)>,
    /// Consultations with the id of their paper.
    consultations: UrlMap<'a, (&'a Consultation, &'a str)>,
    /// Agenda item → consultation, from the consultation's `agendaItem`.
    consultation_of_item: UrlMap<'a, &'a str>,
    /// Consultation → agenda item, from the agenda item's `consultation`.
    item_of_consultation: UrlMap<'a, &'a str>,
    /// Agenda items given on their own, by meeting.
    loose_items: UrlMap<'a, Vec<&'a AgendaItem>>,
    /// Consultations given on their own, by paper.
    loose_consultations: UrlMap<'a, Vec<&'a Consultation>>,
    files: UrlMap<'a, &'a File>,
    locations: UrlMap<'a, &'a Location>,
    /// URLs of bodies, loaded or referenced; longest first, so that the
    /// first one an object's id starts with is the closest.
    body_urls: Vec<&'a str>,
}

/// Per object: not hidden by a later copy (same id) or by a deletion.
fn liveness(objects: &[Vec<Object>]) -> Vec<bool> {
    let mut latest: UrlMap<usize> = UrlMap::default();
    latest.reserve(objects.iter().map(Vec::len).sum());
    for (i, (_, o)) in each(objects).enumerate() {
        put(&mut latest, o.id(), i);
    }
    each(objects)
        .enumerate()
        .map(|(i, (_, o))| !matches!(o, Object::Deleted(_)) && latest.get(o.id()).is_none_or(|&l| l == i))
        .collect()
}

/// The two halves of the index, filled in parallel.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Meetings,
    Rest,
}

impl Side {
    fn of(o: &Object) -> Side {
        match o {
            Object::Meeting(_) | Object::AgendaItem(_) => Side::Meetings,
            _ => Side::Rest,
        }
    }
}

/// Inserts under a non-empty id: objects without one cannot be referred to.
fn put<'a, T>(map: &mut UrlMap<'a, T>, id: &'a str, value: T) {
    if !id.is_empty() {
        map.insert(id, value);
    }
}

impl<'a> Index<'a> {
    /// Two threads fill the maps: one those of meetings and agenda items,
    /// the other those of everything else. The two share only the
    /// organizations and locations that meetings embed, merged after.
    fn new(objects: &'a [Vec<Object>]) -> Index<'a> {
        let live = liveness(objects);
        let (mut ix, meetings) = std::thread::scope(|s| {
            let meetings = s.spawn(|| Index::side(objects, &live, Side::Meetings));
            let rest = Index::side(objects, &live, Side::Rest);
            (rest, meetings.join().unwrap_or_default())
        });
        ix.merge(meetings);
        ix.live = live;
        ix.body_urls.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        ix.body_urls.dedup();
        ix
    }

    fn side(objects: &'a [Vec<Object>], live: &[bool], side: Side) -> Index<'a> {
        let mut ix = Index::default();
        ix.reserve(objects, side);
        for (i, (_, o)) in each(objects).enumerate() {
            if Side::of(o) != side {
                continue;
            }
            match o {
                Object::Deleted(id) => {
                    ix.deleted.insert(id);
                }
                _ if live[i] => ix.add(o),
                _ => {}
            }
        }
        ix
    }

    /// Takes over what the meeting side filled. Organizations and locations
    /// loaded on their own win over copies embedded in meetings.
    fn merge(&mut self, meetings: Index<'a>) {
        self.items = meetings.items;
        self.item_of_consultation = meetings.item_of_consultation;
        self.loose_items = meetings.loose_items;
        for (id, n) in meetings.orgs {
            self.orgs.entry(id).or_insert(n);
        }
        for (id, l) in meetings.locations {
            self.locations.entry(id).or_insert(l);
        }
        self.body_urls.extend(meetings.body_urls);
    }

    /// Room for what the objects hold, so that the maps are not rehashed
    /// (each rehash reads every key again) while they grow.
    fn reserve(&mut self, objects: &[Vec<Object>], side: Side) {
        let (mut papers, mut items, mut consultations, mut files) = (0, 0, 0, 0);
        for (_, o) in each(objects) {
            match o {
                Object::Meeting(m) => items += m.agenda_item.len(),
                Object::AgendaItem(_) => items += 1,
                Object::Paper(p) => {
                    papers += 1;
                    consultations += p.consultation.len();
                    files += p.main_file.iter().len() + p.auxiliary_file.len();
                }
                Object::Consultation(_) => consultations += 1,
                Object::File(_) => files += 1,
                _ => {}
            }
        }
        match side {
            Side::Meetings => {
                self.items.reserve(items);
                self.item_of_consultation.reserve(items);
            }
            Side::Rest => {
                self.papers.reserve(papers);
                self.consultations.reserve(consultations);
                self.consultation_of_item.reserve(consultations);
                self.files.reserve(files);
            }
        }
    }

    fn add(&mut self, o: &'a Object) {
        match o {
            Object::Body(n) => {
                put(&mut self.bodies, &n.id, n);
                self.add_body_url(&n.id);
            }
            Object::Organization(n) => {
                put(&mut self.orgs, &n.id, n);
                self.add_body_url(&n.body);
            }
            Object::Person(n) => {
                put(&mut self.persons, &n.id, n);
                self.add_body_url(&n.body);
            }
            Object::Meeting(m) => self.add_meeting(m),
            Object::AgendaItem(a) => {
                self.add_item(a, &a.meeting);
                put_loose(&mut self.loose_items, &a.meeting, a);
            }
            Object::Paper(p) => self.add_paper(p),
            Object::Consultation(c) => {
                self.add_consultation(c, &c.paper);
                put_loose(&mut self.loose_consultations, &c.paper, c);
            }
            Object::File(f) => put(&mut self.files, &f.id, f),
            Object::Location(l) => put(&mut self.locations, &l.id, l),
            Object::Deleted(_) => {}
        }
    }

    fn add_body_url(&mut self, url: &'a str) {
        if !url.is_empty() {
            self.body_urls.push(url);
        }
    }

    fn add_meeting(&mut self, m: &'a Meeting) {
        self.add_embedded_orgs(&m.organization);
        for a in m.agenda_item.iter().filter_map(Emb::as_obj) {
            self.add_item(a, &m.id);
        }
        if let Some(Emb::Obj(l)) = &m.location {
            put(&mut self.locations, &l.id, l);
        }
    }

    fn add_item(&mut self, a: &'a AgendaItem, meeting: &'a str) {
        put(&mut self.items, &a.id, (a, meeting));
        if !a.id.is_empty() {
            put(&mut self.item_of_consultation, &a.consultation, &a.id);
        }
    }

    fn add_paper(&mut self, p: &'a Paper) {
        put(&mut self.papers, &p.id, p);
        self.add_body_url(&p.body);
        for c in p.consultation.iter().filter_map(Emb::as_obj) {
            self.add_consultation(c, &p.id);
        }
        for f in p.main_file.iter().chain(&p.auxiliary_file).filter_map(Emb::as_obj) {
            put(&mut self.files, &f.id, f);
        }
        for n in p.originator_person.iter().filter_map(Emb::as_obj) {
            self.persons.entry(&n.id).or_insert(n);
        }
        for list in [&p.originator_organization, &p.under_direction_of] {
            for n in list.iter().filter_map(Emb::as_obj) {
                self.orgs.entry(&n.id).or_insert(n);
            }
        }
    }

    fn add_consultation(&mut self, c: &'a Consultation, paper: &'a str) {
        put(&mut self.consultations, &c.id, (c, paper));
        if !c.id.is_empty() {
            put(&mut self.consultation_of_item, &c.agenda_item, &c.id);
        }
        self.add_embedded_orgs(&c.organization);
    }

    /// Organizations named in a meeting or consultation. A full object
    /// loaded on its own wins over an embedded copy.
    fn add_embedded_orgs(&mut self, list: &'a [Emb<Named>]) {
        for n in list.iter().filter_map(Emb::as_obj) {
            if !n.id.is_empty() {
                self.orgs.entry(&n.id).or_insert(n);
            }
            self.add_body_url(&n.body);
        }
    }

    /// The closest body whose URL the id continues (many servers nest
    /// everything under `/bodies/<n>/`).
    fn body_by_prefix(&self, id: &str) -> Option<&'a str> {
        self.body_urls.iter().copied().find(|b| {
            id.strip_prefix(b)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/') || b.ends_with('/'))
        })
    }
}

fn put_loose<'a, T>(map: &mut UrlMap<'a, Vec<&'a T>>, parent: &'a str, item: &'a T) {
    if !parent.is_empty() {
        map.entry(parent).or_default().push(item);
    }
}

impl Named {
    fn display(&self) -> Option<String> {
        if let Some(name) = [&self.name, &self.short_name].into_iter().find(|s| !s.is_empty()) {
            return Some(name.clone());
        }
        Some(clean_line(format!("{} {}", self.given_name, self.family_name))).filter(|s| !s.is_empty())
    }
}

impl Location {
    /// Raum and Ort: the room, and the address or else the description.
    fn raum_ort(&self) -> (String, String) {
        let town = join(&[&self.postal_code, &self.locality], " ");
        let address = join(&[&self.street_address, &town], ", ");
        match (self.room.is_empty(), address.is_empty()) {
            (_, true) => (self.room.clone(), self.description.clone()),
            (true, false) => (self.description.clone(), address),
            (false, false) => (self.room.clone(), address),
        }
    }
}

fn join(parts: &[&String], separator: &str) -> String {
    let parts: Vec<&str> = parts.iter().map(|s| s.as_str()).filter(|s| !s.is_empty()).collect();
    parts.join(separator)
}

/// What the records of one meeting share.
#[derive(Clone, Default)]
struct Session {
    koerperschaft: String,
    gremium: String,
    datum: Option<Date>,
    beginn: String,
    ende: String,
    raum: String,
    ort: String,
}

struct Resolver<'i, 'a> {
    ix: &'i Index<'a>,
    objects: &'a [Vec<Object>],
    sessions: &'i UrlMap<'a, Session>,
    missing: Missing<'a>,
    /// The batch whose object is being mapped: where warnings go.
    batch: usize,
    /// Names for organizations and meetings that are not loaded; made on
    /// first need, since a complete archive needs none.
    org_labels: Option<UrlMap<'a, String>>,
    meeting_labels: Option<UrlMap<'a, String>>,
    body_labels: UrlMap<'a, String>,
}

impl<'i, 'a> Resolver<'i, 'a> {
    fn new(ix: &'i Index<'a>, objects: &'a [Vec<Object>], sessions: &'i UrlMap<'a, Session>) -> Self {
        let unloaded_bodies = ix.body_urls.iter().copied().filter(|b| !ix.bodies.contains_key(b));
        Resolver {
            ix,
            objects,
            sessions,
            missing: Missing::default(),
            batch: 0,
            org_labels: None,
            meeting_labels: None,
            body_labels: labels(unloaded_bodies, host),
        }
    }

    fn map(&mut self, o: &'a Object, out: &mut Output) {
        let b = self.batch;
        match o {
            Object::Paper(p) => {
                let k = self.koerperschaft(&p.body, &p.id);
                let v = self.vorlage(p);
                out.at(b, k).vorlagen.push(v);
            }
            Object::Meeting(m) => self.meeting(m, out),
            Object::AgendaItem(a) if !self.sessions.contains_key(a.meeting.as_str()) => {
                self.lone_item(a, out)
            }
            Object::Consultation(c) if !self.ix.papers.contains_key(c.paper.as_str()) => {
                self.missing_ref(Kind::Paper, &c.paper);
            }
            _ if out.home[b].is_none() => out.home[b] = Some(self.home(o)),
            _ => {}
        }
    }

    /// The Körperschaft of a file that yields no records of its own.
    fn home(&mut self, o: &'a Object) -> String {
        match o {
            Object::Body(n) => self.body_name(&n.id),
            Object::Organization(n) | Object::Person(n) => self.koerperschaft(&n.body, &n.id),
            _ => self.koerperschaft("", o.id()),
        }
    }

    fn missing_ref(&mut self, kind: Kind, url: &'a str) {
        if !url.is_empty() && !self.ix.deleted.contains(url) {
            self.missing.record(kind, url, self.batch);
        }
    }

    /// The body's name: from the Body object, else from its URL, else (no
    /// body known) from the only body there is or the object's host.
    fn koerperschaft(&mut self, explicit: &'a str, own_id: &'a str) -> String {
        let ix = self.ix;
        let url = if explicit.is_empty() { ix.body_by_prefix(own_id) } else { Some(explicit) };
        match url.or_else(|| (ix.body_urls.len() == 1).then(|| ix.body_urls[0])) {
            Some(url) => self.body_name(url),
            None => host(own_id).to_owned(),
        }
    }

    fn body_name(&mut self, url: &'a str) -> String {
        let body = self.ix.bodies.get(url);
        if let Some(name) = body.and_then(|b| b.display()) {
            return name;
        }
        if body.is_none() {
            self.missing_ref(Kind::Body, url);
        }
        self.body_labels.get(url).cloned().unwrap_or_else(|| host(url).to_owned())
    }

    /// An organization's name; one that is not loaded is named from its URL,
    /// so that two committees never become one.
    fn org_name(&mut self, e: &'a Emb<Named>) -> String {
        let id = e.id();
        let known = self.ix.orgs.get(id).copied().or(e.as_obj());
        if let Some(name) = known.and_then(Named::display) {
            return name;
        }
        if known.is_none() {
            self.missing_ref(Kind::Organization, id);
        }
        let objects = self.objects;
        let labels =
            self.org_labels.get_or_insert_with(|| labels(org_urls(objects).into_iter(), last_segment));
        labels.get(id).map_or_else(|| "Unbekanntes Gremium".to_owned(), |l| format!("Gremium {l}"))
    }

    fn org_body(&self, e: &'a Emb<Named>) -> &'a str {
        self.ix.orgs.get(e.id()).copied().or(e.as_obj()).map_or("", |n| n.body.as_str())
    }

    /// The Gremium of a meeting that names no organization.
    fn meeting_label(&mut self, url: &str) -> String {
        let objects = self.objects;
        let labels = self
            .meeting_labels
            .get_or_insert_with(|| labels(meeting_urls(objects).into_iter(), last_segment));
        labels
            .get(url)
            .map_or_else(|| "Unbekanntes Gremium".to_owned(), |l| format!("Gremium der Sitzung {l}"))
    }

    /// Names of persons or organizations, those not loaded left out.
    fn names(&mut self, list: &'a [Emb<Named>], kind: Kind) -> Vec<String> {
        let map = if kind == Kind::Person { &self.ix.persons } else { &self.ix.orgs };
        let mut names = Vec::with_capacity(list.len());
        for e in list {
            match map.get(e.id()).copied().or(e.as_obj()) {
                Some(n) => names.extend(n.display()),
                None => self.missing_ref(kind, e.id()),
            }
        }
        names
    }

    fn session(&mut self, m: &'a Meeting) -> Session {
        let org = m.organization.first();
        let gremium = match org {
            Some(o) => self.org_name(o),
            None if !m.name.is_empty() => m.name.clone(),
            None => self.meeting_label(&m.id),
        };
        let body = org.map_or("", |o| self.org_body(o));
        let (raum, ort) = m.location.as_ref().map(|l| self.place(l)).unwrap_or_default();
        let (beginn, ende) = times(m.start, m.end);
        let koerperschaft = self.koerperschaft(body, &m.id);
        Session { koerperschaft, gremium, datum: m.start.map(|s| s.date), beginn, ende, raum, ort }
    }

    fn place(&mut self, e: &'a Emb<Location>) -> (String, String) {
        match e {
            Emb::Obj(l) => l.raum_ort(),
            Emb::Ref(url) => match self.ix.locations.get(url.as_str()) {
                Some(l) => l.raum_ort(),
                None => {
                    self.missing_ref(Kind::Location, url);
                    Default::default()
                }
            },
        }
    }

    /// Gremium and date of the session a meeting URL names; for a meeting
    /// not loaded, the Gremium comes from the organizations given instead.
    fn where_held(&mut self, meeting: &'a str, orgs: &'a [Emb<Named>]) -> (String, Option<Date>) {
        if let Some(s) = self.sessions.get(meeting) {
            return (s.gremium.clone(), s.datum);
        }
        self.missing_ref(Kind::Meeting, meeting);
        let gremium = match orgs.first() {
            Some(o) => self.org_name(o),
            None => self.meeting_label(meeting),
        };
        (gremium, None)
    }

    /// The objects of an embedded list with references looked up, plus
    /// those given on their own that name the parent.
    fn gather<T: Embedded>(
        &mut self,
        list: &'a [Emb<T>],
        kind: Kind,
        lookup: impl Fn(&str) -> Option<&'a T>,
        loose: Option<&[&'a T]>,
    ) -> Vec<&'a T> {
        let mut found = Vec::with_capacity(list.len());
        for e in list {
            match e {
                Emb::Obj(t) => found.push(t),
                Emb::Ref(url) => match lookup(url) {
                    Some(t) => found.push(t),
                    None => self.missing_ref(kind, url),
                },
            }
        }
        if let Some(loose) = loose {
            let have: UrlSet = found.iter().map(|t| t.id()).collect();
            found.extend(loose.iter().filter(|t| !have.contains(t.id())));
        }
        found
    }

    fn meeting(&mut self, m: &'a Meeting, out: &mut Output) {
        let s = match self.sessions.get(m.id.as_str()) {
            Some(s) => s.clone(),
            None => self.session(m),
        };
        let ix = self.ix;
        let loose = ix.loose_items.get(m.id.as_str()).map(Vec::as_slice);
        let mut items =
            self.gather(&m.agenda_item, Kind::AgendaItem, |u| ix.items.get(u).map(|i| i.0), loose);
        // Servers count `order` from 0, 1 or 100001: only the sequence matters.
        items.sort_by_key(|a| a.order.unwrap_or(i64::MAX));
        let auszuege: Vec<Auszug> = items.into_iter().map(|a| self.auszug(a, &s)).collect();
        let sitzung = Sitzung {
            gremium: s.gremium,
            datum: s.datum,
            name: m.name.clone(),
            beginn: s.beginn,
            ende: s.ende,
            raum: s.raum,
            ort: s.ort,
            url: m.id.clone(),
            ..Sitzung::default()
        };
        let records = out.at(self.batch, s.koerperschaft);
        records.auszuege.extend(auszuege);
        records.sitzungen.push(sitzung);
    }

    /// An agenda item given on its own whose meeting is not loaded.
    fn lone_item(&mut self, a: &'a AgendaItem, out: &mut Output) {
        let orgs = self.consultation_of(a).map_or(&[][..], |(c, _)| &c.organization[..]);
        let (gremium, datum) = self.where_held(&a.meeting, orgs);
        let koerperschaft = self.koerperschaft("", &a.id);
        let s = Session { koerperschaft, gremium, datum, ..Session::default() };
        let auszug = self.auszug(a, &s);
        out.at(self.batch, s.koerperschaft).auszuege.push(auszug);
    }

    fn auszug(&mut self, a: &'a AgendaItem, s: &Session) -> Auszug {
        let paper = self.paper_of(a);
        let titel =
            [a.name.as_str(), paper.map_or("", |p| p.name.as_str())].into_iter().find(|t| !t.is_empty());
        Auszug {
            gremium: s.gremium.as_str().into(),
            datum: s.datum,
            titel: titel.unwrap_or("Ohne Titel").into(),
            top: top(a).into(),
            vorlage: paper.map(|p| p.reference.clone()).unwrap_or_default().into(),
            beschlussart: a.result.as_str().into(),
            beschluss: a.resolution_text.as_str().into(),
            beginn: s.beginn.as_str().into(),
            ende: s.ende.as_str().into(),
            raum: s.raum.as_str().into(),
            ort: s.ort.as_str().into(),
            url: a.id.as_str().into(),
            ..Auszug::default()
        }
    }

    /// The consultation an agenda item belongs to, with its paper's id.
    fn consultation_of(&self, a: &'a AgendaItem) -> Option<(&'a Consultation, &'a str)> {
        let ix = self.ix;
        let by_item = || ix.consultation_of_item.get(a.id.as_str()).and_then(|c| ix.consultations.get(c));
        ix.consultations.get(a.consultation.as_str()).or_else(by_item).copied()
    }

    fn paper_of(&mut self, a: &'a AgendaItem) -> Option<&'a Paper> {
        let Some((_, paper)) = self.consultation_of(a) else {
            self.missing_ref(Kind::Consultation, &a.consultation);
            return None;
        };
        let found = self.ix.papers.get(paper).copied();
        if found.is_none() {
            self.missing_ref(Kind::Paper, paper);
        }
        found
    }

    /// The agenda item a consultation was discussed under, with its meeting.
    fn item_of(&mut self, c: &'a Consultation) -> Option<(&'a AgendaItem, &'a str)> {
        let ix = self.ix;
        let by_consultation = || ix.item_of_consultation.get(c.id.as_str()).and_then(|i| ix.items.get(i));
        let found = ix.items.get(c.agenda_item.as_str()).or_else(by_consultation).copied();
        if found.is_none() {
            self.missing_ref(Kind::AgendaItem, &c.agenda_item);
        }
        found
    }

    fn vorlage(&mut self, p: &'a Paper) -> Vorlage {
        let ix = self.ix;
        let loose = ix.loose_consultations.get(p.id.as_str()).map(Vec::as_slice);
        let consultations =
            self.gather(&p.consultation, Kind::Consultation, |u| ix.consultations.get(u).map(|c| c.0), loose);
        let beratungsfolge = consultations.into_iter().map(|c| self.beratung(c)).collect();
        let anlagen = p.main_file.iter().chain(&p.auxiliary_file).map(|f| self.anlage(f)).collect();
        let main_text = p.main_file.as_ref().and_then(|f| self.file(f).ok()).map(|f| f.text.clone());
        let mut verfasser = self.names(&p.originator_person, Kind::Person);
        verfasser.extend(self.names(&p.originator_organization, Kind::Organization));
        Vorlage {
            nummer: p.reference.as_str().into(),
            betreff: p.name.as_str().into(),
            art: p.paper_type.as_str().into(),
            datum: p.date,
            verfasser: verfasser.join(", ").into(),
            federfuehrend: self.names(&p.under_direction_of, Kind::Organization).join(", ").into(),
            beratungsfolge,
            // OParl has no text fields of its own for a paper: the main
            // file's extracted text is what there is.
            sachverhalt: main_text.unwrap_or_default().into(),
            anlagen,
            url: p.id.as_str().into(),
            ..Vorlage::default()
        }
    }

    fn beratung(&mut self, c: &'a Consultation) -> Beratung {
        let item = self.item_of(c);
        let meeting = if c.meeting.is_empty() { item.map_or("", |(_, m)| m) } else { c.meeting.as_str() };
        let (gremium, datum) = self.where_held(meeting, &c.organization);
        Beratung {
            gremium: gremium.into(),
            datum,
            rolle: c.role.as_str().into(),
            ergebnis: item.map(|(a, _)| a.result.clone()).unwrap_or_default().into(),
        }
    }

    fn file(&mut self, e: &'a Emb<File>) -> Result<&'a File, &'a str> {
        match e {
            Emb::Obj(f) => Ok(f),
            Emb::Ref(url) => self.ix.files.get(url.as_str()).copied().ok_or_else(|| {
                self.missing_ref(Kind::File, url);
                url.as_str()
            }),
        }
    }

    fn anlage(&mut self, e: &'a Emb<File>) -> Anlage {
        match self.file(e) {
            Ok(f) => Anlage {
                name: [&f.name, &f.file_name]
                    .into_iter()
                    .find(|s| !s.is_empty())
                    .cloned()
                    .unwrap_or_else(|| format!("Datei {}", last_segment(&f.id)))
                    .into(),
                groesse: f.size.map(groesse).unwrap_or_default().into(),
                url: if f.access_url.is_empty() { &f.download_url } else { &f.access_url }.as_str().into(),
                ..Anlage::default()
            },
            Err(url) => Anlage {
                name: format!("Datei {}", last_segment(url)).into(),
                url: url.into(),
                ..Anlage::default()
            },
        }
    }
}

/// `Ö 1.1` or `N 1.1` as the item is public or not; the bare number when
/// the source does not say.
fn top(a: &AgendaItem) -> String {
    match a.public {
        _ if a.number.is_empty() => String::new(),
        Some(true) => format!("Ö {}", a.number),
        Some(false) => format!("N {}", a.number),
        None => a.number.clone(),
    }
}

fn times(start: Option<Stamp>, end: Option<Stamp>) -> (String, String) {
    let beginn = start.and_then(|s| s.minute).map(hhmm).unwrap_or_default();
    // Some servers write an unknown end as midnight of the day: an end that
    // is not after the start says nothing.
    let end = end.filter(|e| start.is_none_or(|s| *e > s));
    (beginn, end.and_then(|e| e.minute).map(hhmm).unwrap_or_default())
}

/// A file size as council systems show it: "101 KB".
fn groesse(bytes: i64) -> String {
    const KB: i64 = 1024;
    const MB: i64 = 1024 * 1024;
    match bytes {
        ..0 => String::new(),
        0..KB => format!("{bytes} B"),
        KB..MB => format!("{} KB", (bytes + KB / 2) / KB),
        _ => format!("{:.1} MB", bytes as f64 / MB as f64).replace('.', ","),
    }
}

/// Every organization URL that meetings and consultations name, and those
/// of the organizations loaded.
fn org_urls(objects: &[Vec<Object>]) -> Vec<&str> {
    let mut urls = Vec::new();
    for (_, o) in each(objects) {
        match o {
            Object::Organization(n) => urls.push(n.id.as_str()),
            Object::Meeting(m) => urls.extend(m.organization.iter().map(Embedded::id)),
            Object::Paper(p) => {
                for c in p.consultation.iter().filter_map(Emb::as_obj) {
                    urls.extend(c.organization.iter().map(Embedded::id));
                }
            }
            Object::Consultation(c) => urls.extend(c.organization.iter().map(Embedded::id)),
            _ => {}
        }
    }
    urls
}

/// Every meeting URL loaded or named.
fn meeting_urls(objects: &[Vec<Object>]) -> Vec<&str> {
    let mut urls = Vec::new();
    for (_, o) in each(objects) {
        match o {
            Object::Meeting(m) => urls.push(m.id.as_str()),
            Object::AgendaItem(a) => urls.push(&a.meeting),
            Object::Paper(p) => {
                urls.extend(p.consultation.iter().filter_map(Emb::as_obj).map(|c| c.meeting.as_str()))
            }
            Object::Consultation(c) => urls.push(&c.meeting),
            _ => {}
        }
    }
    urls
}

/// Short labels for URLs: `short(url)` where no other URL has the same,
/// otherwise the URL without its scheme.
fn labels<'a>(urls: impl Iterator<Item = &'a str>, short: fn(&str) -> &str) -> UrlMap<'a, String> {
    let urls: UrlSet<'a> = urls.filter(|u| !u.is_empty()).collect();
    let mut uses: UrlMap<usize> = UrlMap::default();
    for u in &urls {
        *uses.entry(short(u)).or_default() += 1;
    }
    urls.iter()
        .map(|&u| {
            let s = short(u);
            (u, if uses[s] > 1 { without_scheme(u) } else { s }.to_owned())
        })
        .collect()
}

fn without_scheme(url: &str) -> &str {
    url.split_once("://").map_or(url, |(_, rest)| rest).trim_end_matches('/')
}

fn host(url: &str) -> &str {
    without_scheme(url).split('/').next().unwrap_or(url)
}

fn last_segment(url: &str) -> &str {
    url.trim_end_matches('/').rsplit('/').next().unwrap_or(url)
}

/// References to objects that are not loaded: one message per kind, since
/// a partial mirror may miss thousands.
#[derive(Default)]
struct Missing<'a> {
    seen: HashSet<(Kind, &'a str)>,
    /// Per kind: the first URL, and the batch that named it.
    first: BTreeMap<Kind, (&'a str, usize)>,
}

impl<'a> Missing<'a> {
    fn record(&mut self, kind: Kind, url: &'a str, batch: usize) {
        if self.seen.insert((kind, url)) {
            self.first.entry(kind).or_insert((url, batch));
        }
    }

    /// Adds what was found in later files.
    fn merge(&mut self, later: Missing<'a>) {
        self.seen.extend(later.seen);
        for (kind, first) in later.first {
            self.first.entry(kind).or_insert(first);
        }
    }

    fn problems(&self, files: &[&str]) -> Vec<(usize, Problem)> {
        let mut counts: BTreeMap<Kind, usize> = BTreeMap::new();
        for (kind, _) in &self.seen {
            *counts.entry(*kind).or_default() += 1;
        }
        self.first
            .iter()
            .map(|(&kind, &(url, batch))| {
                let n = counts.get(&kind).copied().unwrap_or(1);
                let (one, many) = kind.german();
                let what = if n == 1 {
                    format!("{one} (OParl {kind:?}) {url}")
                } else {
                    format!("{n} {many} (OParl {kind:?}), z. B. {url}")
                };
                let message = format!("Nicht geladen: {what}; gezeigt wird, was bekannt ist");
                (batch, Problem::new(Severity::Warning, files[batch], message))
            })
            .collect()
    }
}

/// Records of one Körperschaft from one file.
#[derive(Default)]
struct Records {
    koerperschaft: String,
    vorlagen: Vec<Vorlage>,
    auszuege: Vec<Auszug>,
    sitzungen: Vec<Sitzung>,
}

impl Records {
    fn append(&mut self, more: Records) {
        append(&mut self.vorlagen, more.vorlagen);
        append(&mut self.auszuege, more.auszuege);
        append(&mut self.sitzungen, more.sitzungen);
    }

    fn fill(self, batch: &mut Batch) {
        batch.koerperschaft = self.koerperschaft;
        append(&mut batch.vorlagen, self.vorlagen);
        append(&mut batch.auszuege, self.auszuege);
        append(&mut batch.sitzungen, self.sitzungen);
    }
}

/// Appends `more`, taking it over as it is where `list` is empty (as it
/// nearly always is): records are large, and copying them all twice more
/// showed in the profile.
fn append<T>(list: &mut Vec<T>, more: Vec<T>) {
    if list.is_empty() {
        *list = more;
    } else {
        list.extend(more);
    }
}

/// The records per batch, grouped by Körperschaft.
struct Output {
    groups: Vec<Vec<Records>>,
    /// The Körperschaft of a batch without records.
    home: Vec<Option<String>>,
}

impl Output {
    fn new(batches: usize) -> Output {
        Output { groups: (0..batches).map(|_| Vec::new()).collect(), home: vec![None; batches] }
    }

    fn at(&mut self, batch: usize, koerperschaft: String) -> &mut Records {
        let groups = &mut self.groups[batch];
        let i = match groups.iter().position(|g| g.koerperschaft == koerperschaft) {
            Some(i) => i,
            None => {
                groups.push(Records { koerperschaft, ..Records::default() });
                groups.len() - 1
            }
        };
        &mut groups[i]
    }

    /// Adds the output of a later run of objects.
    fn merge(&mut self, later: Output) {
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

    fn apply(self, batches: &mut Vec<Batch>, problems: Vec<(usize, Problem)>) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_council_systems_show_them() {
        assert_eq!(groesse(-1), "");
        assert_eq!(groesse(512), "512 B");
        assert_eq!(groesse(103_424), "101 KB");
        assert_eq!(groesse(3 * 1024 * 1024 + 300_000), "3,3 MB");
    }

    #[test]
    fn labels_are_short_unless_ambiguous() {
        let urls = ["https://a.example/gr/5", "https://a.example/at/5", "https://a.example/gr/6"];
        let l = labels(urls.into_iter(), last_segment);
        assert_eq!(l["https://a.example/gr/5"], "a.example/gr/5");
        assert_eq!(l["https://a.example/at/5"], "a.example/at/5");
        assert_eq!(l["https://a.example/gr/6"], "6");
        assert_eq!(host("https://web1.karlsruhe.de/oparl/bodies/0001"), "web1.karlsruhe.de");
    }

    #[test]
    fn url_hashes_differ_in_the_low_bits() {
        let hash = |s: &str| {
            let mut h = UrlHasher::default();
            h.write(s.as_bytes());
            h.finish()
        };
        let buckets: HashSet<u64> = (0..1000)
            .map(|i| hash(&format!("https://x.example/oparl/bodies/1/papers/{i}")) & 0xFFF)
            .collect();
        assert!(buckets.len() > 800, "{}", buckets.len());
    }
}
