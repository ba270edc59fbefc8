//! Reading one file: OParl objects as a file holds them, before references
//! between files are resolved.

use std::collections::BTreeSet;

use serde::Deserialize;
use serde::de::{self, Deserializer};

use super::fields::{Embs, f};
use super::{AgendaItem, Consultation, Emb, File, Kind, Location, Meeting, Named, Object, Paper, Raw};
use crate::load::Batch;
use crate::load::json::{Places, locate, prepare, syntax_problem, utf8};
use crate::load::lenient::{clear_noted, first_of_each, take_noted};
use crate::problem::{Problem, Severity};

/// Parses one OParl file: a single object, an array of objects, a list page,
/// or a mix. Never fails: what cannot be used is reported in the batch.
///
/// Almost every file is valid as it is and is read directly. Only one that
/// is not gets repaired by [`prepare`], whose scan of every byte would
/// otherwise be a good part of the loading time, and is read again; its
/// problems are placed in the file through the repairs.
pub fn parse(name: &str, bytes: &[u8]) -> Batch {
    let mut batch = Batch { file: name.to_owned(), ..Batch::default() };
    if read_into(name, &Places::plain(bytes), &mut batch).is_ok() {
        return batch;
    }
    // The second reading also keeps the first value of a key given twice
    // in an object, which fails the plain one.
    first_of_each(|| read_repaired(name, bytes))
}

fn read_repaired(name: &str, bytes: &[u8]) -> Batch {
    let mut prepared = prepare(name, bytes);
    let warnings = std::mem::take(&mut prepared.warnings);
    let mut batch = Batch { file: name.to_owned(), problems: warnings, ..Batch::default() };
    // Places in the repaired text are named in the file.
    let places = prepared.places();
    if let Err(e) = read_into(name, &places, &mut batch) {
        batch.problems.push(syntax_problem(name, &places, &e));
    }
    batch
}

/// Reads a document (`places.parsed`) into the batch; the batch is
/// untouched when the text is not valid JSON.
fn read_into(name: &str, places: &Places, batch: &mut Batch) -> Result<(), serde_json::Error> {
    // Read as `str`, serde_json does not check every string for UTF-8 again.
    let text = utf8(places.parsed).ok_or_else(|| de::Error::custom("invalid UTF-8"))?;
    clear_noted();
    let parsed = read_document(text);
    let noted = take_noted();
    let items = parsed?;
    if !noted.is_empty() {
        batch.problems.extend(locate(name, places, noted));
    }
    collect(items, batch);
    Ok(())
}

fn read_document(text: &str) -> Result<Vec<Emb<Raw>>, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(text);
    let items = de.deserialize_any(Embs::<Raw>::top_level())?;
    de.end()?;
    Ok(items)
}

/// What a file held that is not loaded, for one message each.
#[derive(Default)]
struct Skipped {
    untyped: usize,
    unknown: BTreeSet<String>,
}

fn collect(items: Vec<Emb<Raw>>, batch: &mut Batch) {
    let mut skipped = Skipped::default();
    for mut raw in items.into_iter().filter_map(Emb::into_obj) {
        if raw.is_list_page() {
            for item in std::mem::take(&mut raw.data).into_iter().filter_map(Emb::into_obj) {
                add(item, batch, &mut skipped);
            }
        } else {
            add(raw, batch, &mut skipped);
        }
    }
    let file = batch.file.clone();
    if skipped.untyped > 0 {
        let n = skipped.untyped;
        let what = if n == 1 { "1 Objekt".to_owned() } else { format!("{n} Objekte") };
        let message = format!("{what} ohne „type“ übersprungen: die Art ist nicht erkennbar");
        batch.problems.push(Problem::new(Severity::Warning, &file, message));
    }
    for kind in skipped.unknown {
        let message = format!("Unbekannter OParl-Typ „{kind}“; übersprungen");
        batch.problems.push(Problem::new(Severity::Warning, &file, message));
    }
}

fn add(raw: Raw, batch: &mut Batch, skipped: &mut Skipped) {
    match Kind::of(&raw.kind) {
        Kind::Other => {}
        Kind::Untyped => skipped.untyped += 1,
        Kind::Unknown => {
            skipped.unknown.insert(raw.kind);
        }
        _ if raw.deleted == Some(true) => {
            batch.deleted += 1;
            if !raw.id.is_empty() {
                batch.oparl.push(Object::Deleted(raw.id));
            }
        }
        kind => batch.oparl.extend(raw.into_object(kind, &mut batch.deleted)),
    }
}

/// Embedded objects that have an id and may be marked deleted.
pub(super) trait Embedded {
    fn id(&self) -> &str;
    fn deleted(&self) -> bool;
}

macro_rules! embedded {
    ($($t:ty),*) => {$(
        impl Embedded for $t {
            fn id(&self) -> &str {
                &self.id
            }
            fn deleted(&self) -> bool {
                self.deleted == Some(true)
            }
        }
    )*};
}
embedded!(Named, AgendaItem, Consultation, File, Location);

/// Only `id` of an embedded object that stands where a reference belongs.
#[derive(Default, Deserialize)]
#[serde(default)]
pub(super) struct Id {
    #[serde(deserialize_with = "f::id")]
    pub(super) id: String,
}

impl<T> Emb<T> {
    fn into_obj(self) -> Option<T> {
        match self {
            Emb::Obj(t) => Some(t),
            Emb::Ref(_) => None,
        }
    }
    pub(super) fn as_obj(&self) -> Option<&T> {
        match self {
            Emb::Obj(t) => Some(t),
            Emb::Ref(_) => None,
        }
    }
}

/// A reference stands for the object it names; it is never marked deleted.
impl<T: Embedded> Embedded for Emb<T> {
    fn id(&self) -> &str {
        match self {
            Emb::Ref(url) => url,
            Emb::Obj(t) => t.id(),
        }
    }
    fn deleted(&self) -> bool {
        matches!(self, Emb::Obj(t) if t.deleted())
    }
}

/// Drops embedded objects marked deleted, counting them.
fn live<T: Embedded>(list: Vec<Emb<T>>, deleted: &mut usize) -> Vec<Emb<T>> {
    let before = list.len();
    let kept: Vec<Emb<T>> = list.into_iter().filter(|e| !e.deleted()).collect();
    *deleted += before - kept.len();
    kept
}

/// The reference a field holds where OParl allows one only.
fn first_ref<T: Embedded>(list: Vec<Emb<T>>) -> String {
    list.first().map(|e| e.id().to_owned()).unwrap_or_default()
}

impl Raw {
    fn is_list_page(&self) -> bool {
        self.kind.is_empty() && (!self.data.is_empty() || self.links.is_some() || self.pagination.is_some())
    }

    fn into_object(self, kind: Kind, deleted: &mut usize) -> Option<Object> {
        Some(match kind {
            Kind::Body => Object::Body(self.named()),
            Kind::Organization => Object::Organization(self.named()),
            Kind::Person => Object::Person(self.named()),
            Kind::Meeting => Object::Meeting(self.meeting(deleted)),
            Kind::Paper => Object::Paper(self.paper(deleted)),
            Kind::AgendaItem => Object::AgendaItem(AgendaItem {
                id: self.id,
                deleted: None,
                meeting: self.meeting,
                number: self.number,
                order: self.order,
                public: self.public,
                name: self.name,
                result: self.result,
                resolution_text: self.resolution_text,
                consultation: first_ref(self.consultation),
            }),
            Kind::Consultation => Object::Consultation(Consultation {
                id: self.id,
                deleted: None,
                paper: self.paper,
                meeting: self.meeting,
                agenda_item: first_ref(self.agenda_item),
                organization: live(self.organization, deleted),
                role: self.role,
            }),
            Kind::File => Object::File(File {
                id: self.id,
                deleted: None,
                name: self.name,
                file_name: self.file_name,
                access_url: self.access_url,
                download_url: self.download_url,
                size: self.size,
                text: self.text,
            }),
            Kind::Location => Object::Location(Location {
                id: self.id,
                deleted: None,
                room: self.room,
                street_address: self.street_address,
                postal_code: self.postal_code,
                locality: self.locality,
                description: self.description,
            }),
            Kind::Other | Kind::Unknown | Kind::Untyped => return None,
        })
    }

    fn named(self) -> Named {
        Named {
            id: self.id,
            name: self.name,
            short_name: self.short_name,
            given_name: self.given_name,
            family_name: self.family_name,
            body: self.body,
            deleted: None,
        }
    }

    fn meeting(self, deleted: &mut usize) -> Meeting {
        Meeting {
            id: self.id,
            name: self.name,
            start: self.start,
            end: self.end,
            location: live(self.location, deleted).into_iter().next(),
            organization: live(self.organization, deleted),
            agenda_item: live(self.agenda_item, deleted),
        }
    }

    fn paper(self, deleted: &mut usize) -> Paper {
        Paper {
            id: self.id,
            body: self.body,
            name: self.name,
            reference: self.reference,
            date: self.date,
            paper_type: self.paper_type,
            main_file: live(self.main_file, deleted).into_iter().next(),
            auxiliary_file: live(self.auxiliary_file, deleted),
            originator_person: live(self.originator_person, deleted),
            originator_organization: live(self.originator_organization, deleted),
            under_direction_of: live(self.under_direction_of, deleted),
            consultation: live(self.consultation, deleted),
        }
    }
}

impl Object {
    pub(super) fn id(&self) -> &str {
        match self {
            Object::Body(n) | Object::Organization(n) | Object::Person(n) => &n.id,
            Object::Meeting(m) => &m.id,
            Object::AgendaItem(a) => &a.id,
            Object::Paper(p) => &p.id,
            Object::Consultation(c) => &c.id,
            Object::File(f) => &f.id,
            Object::Location(l) => &l.id,
            Object::Deleted(id) => id,
        }
    }
}
