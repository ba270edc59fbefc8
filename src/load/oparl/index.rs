//! Every live object of all files by id, and the links between objects
//! that only one side states; built before anything is mapped.

use crate::hash::{HashMap, HashSet};

use super::resolve::each;
use super::{AgendaItem, Consultation, Emb, File, Location, Meeting, Named, Object, Paper};
use crate::model::Url;

/// Objects by their id (a URL). Ids come from servers and files nobody here
/// controls, so the map is seeded at random, like every map keyed by data
/// (see [`crate::hash`]): an unseeded hash let 40,000 ids chosen to collide
/// make resolving quadratic (10–20 s instead of a tenth of one).
pub(super) type UrlMap<'a, V> = HashMap<&'a Url, V>;
pub(super) type UrlSet<'a> = HashSet<&'a Url>;

/// Every live object by id, embedded ones included, and the links between
/// them that only one side may state.
#[derive(Default)]
pub(super) struct Index<'a> {
    /// Per object: not hidden by a later copy or a deletion.
    pub(super) live: Vec<bool>,
    pub(super) deleted: UrlSet<'a>,
    pub(super) bodies: UrlMap<'a, &'a Named>,
    pub(super) orgs: UrlMap<'a, &'a Named>,
    pub(super) persons: UrlMap<'a, &'a Named>,
    pub(super) papers: UrlMap<'a, &'a Paper>,
    /// Agenda items with the id of their meeting.
    pub(super) items: UrlMap<'a, (&'a AgendaItem, &'a Url)>,
    /// Consultations with the id of their paper.
    pub(super) consultations: UrlMap<'a, (&'a Consultation, &'a Url)>,
    /// Agenda item → consultation, from the consultation's `agendaItem`.
    pub(super) consultation_of_item: UrlMap<'a, &'a Url>,
    /// Consultation → agenda item, from the agenda item's `consultation`.
    pub(super) item_of_consultation: UrlMap<'a, &'a Url>,
    /// Agenda items given on their own, by meeting.
    pub(super) loose_items: UrlMap<'a, Vec<&'a AgendaItem>>,
    /// Consultations given on their own, by paper.
    pub(super) loose_consultations: UrlMap<'a, Vec<&'a Consultation>>,
    pub(super) files: UrlMap<'a, &'a File>,
    pub(super) locations: UrlMap<'a, &'a Location>,
    /// URLs of bodies, loaded or referenced; longest first, so that the
    /// first one an object's id starts with is the closest.
    pub(super) body_urls: Vec<&'a Url>,
    /// Their text, for telling which an id continues.
    pub(super) body_texts: Vec<String>,
}

/// Two versions of one object that say they are the same (the same
/// `modified`, or none) but differ: the later file's is used.
pub(super) struct Conflict<'a> {
    pub(super) id: &'a Url,
    /// The batch of the version used.
    pub(super) batch: usize,
}

/// Per object: whether it is the version of its id that counts, the one
/// with the latest `modified` (whatever the file order; among equal ones,
/// the later file's) that is not a deletion. Also the versions that claim
/// to be the same but are not.
pub(super) fn liveness(objects: &[Vec<Object>]) -> (Vec<bool>, Vec<Conflict<'_>>) {
    let all: Vec<(usize, &Object)> = each(objects).collect();
    let mut latest: UrlMap<usize> = UrlMap::default();
    latest.reserve(all.len());
    let mut conflicts = Vec::new();
    for (i, &(b, o)) in all.iter().enumerate() {
        let id = o.id();
        if id.is_empty() {
            continue;
        }
        match latest.get_mut(id) {
            None => {
                latest.insert(id, i);
            }
            Some(l) => {
                let before = all[*l].1;
                // No stamp is older than any stamp.
                if o.modified() >= before.modified() {
                    if o.modified() == before.modified() && o != before {
                        conflicts.push(Conflict { id, batch: b });
                    }
                    *l = i;
                }
            }
        }
    }
    let live = all
        .iter()
        .enumerate()
        .map(|(i, (_, o))| {
            !matches!(o, Object::Deleted(..)) && (o.id().is_empty() || latest.get(o.id()) == Some(&i))
        })
        .collect();
    (live, conflicts)
}

/// The two halves of the index, filled in parallel.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Side {
    Meetings,
    Rest,
}

impl Side {
    pub(super) fn of(o: &Object) -> Side {
        match o {
            Object::Meeting(_) | Object::AgendaItem(_) => Side::Meetings,
            _ => Side::Rest,
        }
    }
}

/// Inserts under a non-empty id: objects without one cannot be referred to.
pub(super) fn put<'a, T>(map: &mut UrlMap<'a, T>, id: &'a Url, value: T) {
    if !id.is_empty() {
        map.insert(id, value);
    }
}

impl<'a> Index<'a> {
    /// Two threads fill the maps: one those of meetings and agenda items,
    /// the other those of everything else. The two share only the
    /// organizations and locations that meetings embed, merged after.
    pub(super) fn new(objects: &'a [Vec<Object>]) -> (Index<'a>, Vec<Conflict<'a>>) {
        let (live, conflicts) = liveness(objects);
        let (mut ix, meetings) = std::thread::scope(|s| {
            let meetings = s.spawn(|| Index::side(objects, &live, Side::Meetings));
            let rest = Index::side(objects, &live, Side::Rest);
            (rest, meetings.join().unwrap_or_default())
        });
        ix.merge(meetings);
        ix.live = live;
        let mut bodies: Vec<(String, &Url)> = ix.body_urls.iter().map(|u| (u.to_string(), *u)).collect();
        bodies.sort_by(|(a, _), (b, _)| b.len().cmp(&a.len()).then(a.cmp(b)));
        bodies.dedup_by(|(a, _), (b, _)| a == b);
        (ix.body_texts, ix.body_urls) = bodies.into_iter().unzip();
        (ix, conflicts)
    }

    pub(super) fn side(objects: &'a [Vec<Object>], live: &[bool], side: Side) -> Index<'a> {
        let mut ix = Index::default();
        ix.reserve(objects, side);
        for (i, (_, o)) in each(objects).enumerate() {
            if Side::of(o) != side {
                continue;
            }
            match o {
                Object::Deleted(id, _) => {
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
    pub(super) fn merge(&mut self, meetings: Index<'a>) {
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
    pub(super) fn reserve(&mut self, objects: &[Vec<Object>], side: Side) {
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

    pub(super) fn add(&mut self, o: &'a Object) {
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
            Object::File(f) => put(&mut self.files, &f.doc.id, f),
            Object::Location(l) => put(&mut self.locations, &l.id, l),
            Object::Deleted(..) => {}
        }
    }

    pub(super) fn add_body_url(&mut self, url: &'a Url) {
        if !url.is_empty() {
            self.body_urls.push(url);
        }
    }

    pub(super) fn add_meeting(&mut self, m: &'a Meeting) {
        self.add_embedded_orgs(&m.organization);
        for a in m.agenda_item.iter().filter_map(Emb::as_obj) {
            self.add_item(a, &m.id);
        }
        if let Some(Emb::Obj(l)) = &m.location {
            put(&mut self.locations, &l.id, l);
        }
    }

    pub(super) fn add_item(&mut self, a: &'a AgendaItem, meeting: &'a Url) {
        put(&mut self.items, &a.id, (a, meeting));
        if !a.id.is_empty() {
            put(&mut self.item_of_consultation, &a.consultation, &a.id);
        }
    }

    pub(super) fn add_paper(&mut self, p: &'a Paper) {
        put(&mut self.papers, &p.id, p);
        self.add_body_url(&p.body);
        for c in p.consultation.iter().filter_map(Emb::as_obj) {
            self.add_consultation(c, &p.id);
        }
        for f in p.main_file.iter().chain(&p.auxiliary_file).filter_map(Emb::as_obj) {
            put(&mut self.files, &f.doc.id, f);
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

    pub(super) fn add_consultation(&mut self, c: &'a Consultation, paper: &'a Url) {
        put(&mut self.consultations, &c.id, (c, paper));
        if !c.id.is_empty() {
            put(&mut self.consultation_of_item, &c.agenda_item, &c.id);
        }
        self.add_embedded_orgs(&c.organization);
    }

    /// Organizations named in a meeting or consultation. A full object
    /// loaded on its own wins over an embedded copy.
    pub(super) fn add_embedded_orgs(&mut self, list: &'a [Emb<Named>]) {
        for n in list.iter().filter_map(Emb::as_obj) {
            if !n.id.is_empty() {
                self.orgs.entry(&n.id).or_insert(n);
            }
            self.add_body_url(&n.body);
        }
    }

    /// The closest body whose URL the id continues (many servers nest
    /// everything under `/bodies/<n>/`).
    pub(super) fn body_by_prefix(&self, id: &Url) -> Option<&'a Url> {
        let id = id.to_string();
        let found = self.body_texts.iter().position(|b| {
            id.strip_prefix(b.as_str())
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/') || b.ends_with('/'))
        })?;
        Some(self.body_urls[found])
    }
}

pub(super) fn put_loose<'a, T>(map: &mut UrlMap<'a, Vec<&'a T>>, parent: &'a Url, item: &'a T) {
    if !parent.is_empty() {
        map.entry(parent).or_default().push(item);
    }
}
