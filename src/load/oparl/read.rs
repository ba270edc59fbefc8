//! Reading one file: OParl objects as a file holds them, before references
//! between files are resolved.

use std::collections::BTreeSet;
use std::sync::Arc;

use serde::Deserialize;
use serde::de::{self, Deserializer};

use super::fields::{Embs, f};
use super::{
    AgendaItem, Consultation, Emb, File, FileFields, Kind, Location, Meeting, Named, Object, Paper, Raw,
};
use crate::load::Batch;
use crate::load::json::{Places, locate, prepare, syntax_problem, utf8};
use crate::load::lenient::{InFile, clear_noted, first_of_each, take_noted, with_in_file};
use crate::long_text::Origin;
use crate::model::Url;
use crate::problem::{Problem, Severity};

/// Parses one OParl file: a single object, an array of objects, a list page,
/// or a mix. Never fails: what cannot be used is reported in the batch.
///
/// Almost every file is valid as it is and is read directly. Only one that
/// is not gets repaired by [`prepare`], whose scan of every byte would
/// otherwise be a good part of the loading time, and is read again; its
/// problems are placed in the file through the repairs.
///
/// With `origin` (where `bytes` can be read again), long texts (a File's
/// `text`, an agenda item's `resolutionText`) are left there, as those of
/// export files are; a repaired file keeps them in memory, since its text is
/// not the file's.
pub fn parse(name: &str, bytes: &[u8], origin: Option<&Arc<Origin>>) -> Batch {
    let mut batch = Batch { file: name.to_owned(), ..Batch::default() };
    let read = |batch: &mut Batch| read_into(name, &Places::plain(bytes), batch);
    let direct = match origin {
        Some(origin) => {
            let in_file = InFile { origin: origin.clone(), text: bytes.as_ptr(), len: bytes.len(), shift: 0 };
            with_in_file(in_file, || read(&mut batch))
        }
        None => read(&mut batch),
    };
    if direct.is_ok() {
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
    // Kept until every file is read: no room beyond the objects.
    batch.oparl.shrink_to_fit();
    let file = batch.file.clone();
    if skipped.untyped > 0 {
        let message = crate::strings::ohne_type(skipped.untyped);
        batch.problems.push(Problem::new(Severity::Warning, &file, message));
    }
    for kind in skipped.unknown {
        let message = crate::strings::unbekannter_oparl_typ(&kind);
        batch.problems.push(Problem::new(Severity::Warning, &file, message));
    }
}

fn add(raw: Raw, batch: &mut Batch, skipped: &mut Skipped) {
    match Kind::of(&raw.kind) {
        Kind::Other => {}
        Kind::Untyped => skipped.untyped += 1,
        Kind::Unknown => {
            skipped.unknown.insert(raw.kind.to_string());
        }
        _ if raw.deleted == Some(true) => {
            batch.deleted += 1;
            if !raw.id.is_empty() {
                batch.oparl.push(Object::Deleted(raw.id, raw.modified));
            }
        }
        kind => batch.oparl.extend(raw.into_object(kind, &mut batch.deleted)),
    }
}

/// Embedded objects that have an id and may be marked deleted.
pub(super) trait Embedded {
    fn id(&self) -> &Url;
    fn deleted(&self) -> bool;
}

macro_rules! embedded {
    ($($t:ty),*) => {$(
        impl Embedded for $t {
            fn id(&self) -> &Url {
                &self.id
            }
            fn deleted(&self) -> bool {
                self.deleted == Some(true)
            }
        }
    )*};
}
embedded!(Named, AgendaItem, Consultation, Location);

impl Embedded for File {
    fn id(&self) -> &Url {
        &self.doc.id
    }
    fn deleted(&self) -> bool {
        self.deleted == Some(true)
    }
}

/// The first of a field that OParl allows once but servers send as a list.
fn first<T: Embedded>(list: Vec<Emb<T>>, deleted: &mut usize) -> Option<Emb<T>> {
    live(list, deleted).into_iter().next()
}

/// Only `id` of an embedded object that stands where a reference belongs.
#[derive(Default, Deserialize)]
#[serde(default)]
pub(super) struct Id {
    #[serde(deserialize_with = "f::id")]
    pub(super) id: Url,
}

impl<T> Emb<T> {
    fn into_obj(self) -> Option<T> {
        match self {
            Emb::Obj(t) => Some(*t),
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
    fn id(&self) -> &Url {
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
fn first_ref<T: Embedded>(list: Vec<Emb<T>>) -> Url {
    list.first().map(|e| e.id().clone()).unwrap_or_default()
}

impl Raw {
    fn is_list_page(&self) -> bool {
        self.kind.is_empty() && (!self.data.is_empty() || self.links.is_some() || self.pagination.is_some())
    }

    fn into_object(self, kind: Kind, deleted: &mut usize) -> Option<Object> {
        Some(match kind {
            Kind::Body => Object::Body(Box::new(self.named())),
            Kind::Organization => Object::Organization(Box::new(self.named())),
            Kind::Person => Object::Person(Box::new(self.named())),
            Kind::Meeting => Object::Meeting(Box::new(self.meeting(deleted))),
            Kind::Paper => Object::Paper(Box::new(self.paper(deleted))),
            Kind::AgendaItem => Object::AgendaItem(Box::new(AgendaItem {
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
                web: self.web,
                resolution_file: live(self.resolution_file, deleted),
                auxiliary_file: live(self.auxiliary_file, deleted),
                modified: self.modified,
            })),
            Kind::Consultation => Object::Consultation(Box::new(Consultation {
                id: self.id,
                deleted: None,
                paper: self.paper,
                meeting: self.meeting,
                agenda_item: first_ref(self.agenda_item),
                organization: live(self.organization, deleted),
                role: self.role,
                modified: self.modified,
            })),
            Kind::File => Object::File(Box::new(File::from(FileFields {
                id: self.id,
                deleted: None,
                name: self.name,
                file_name: self.file_name,
                mime_type: self.mime_type,
                date: self.date,
                access_url: self.access_url,
                download_url: self.download_url,
                size: self.size,
                text: self.text,
                modified: self.modified,
            }))),
            Kind::Location => Object::Location(Box::new(Location {
                id: self.id,
                deleted: None,
                room: self.room,
                street_address: self.street_address,
                postal_code: self.postal_code,
                locality: self.locality,
                description: self.description,
                modified: self.modified,
            })),
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
            modified: self.modified,
        }
    }

    fn meeting(self, deleted: &mut usize) -> Meeting {
        Meeting {
            id: self.id,
            name: self.name,
            start: self.start,
            end: self.end,
            cancelled: self.cancelled == Some(true),
            web: self.web,
            location: first(self.location, deleted),
            organization: live(self.organization, deleted),
            agenda_item: live(self.agenda_item, deleted),
            invitation: first(self.invitation, deleted),
            results_protocol: first(self.results_protocol, deleted),
            verbatim_protocol: first(self.verbatim_protocol, deleted),
            auxiliary_file: live(self.auxiliary_file, deleted),
            modified: self.modified,
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
            web: self.web,
            main_file: first(self.main_file, deleted),
            auxiliary_file: live(self.auxiliary_file, deleted),
            originator_person: live(self.originator_person, deleted),
            originator_organization: live(self.originator_organization, deleted),
            under_direction_of: live(self.under_direction_of, deleted),
            consultation: live(self.consultation, deleted),
            superordinated_paper: self.superordinated_paper,
            subordinated_paper: self.subordinated_paper,
            related_paper: self.related_paper,
            modified: self.modified,
        }
    }
}

impl Object {
    pub(super) fn id(&self) -> &Url {
        match self {
            Object::Body(n) | Object::Organization(n) | Object::Person(n) => &n.id,
            Object::Meeting(m) => &m.id,
            Object::AgendaItem(a) => &a.id,
            Object::Paper(p) => &p.id,
            Object::Consultation(c) => &c.id,
            Object::File(f) => &f.doc.id,
            Object::Location(l) => &l.id,
            Object::Deleted(id, _) => id,
        }
    }

    /// When the source last changed the object, where it says.
    pub(super) fn modified(&self) -> Option<i64> {
        match self {
            Object::Body(n) | Object::Organization(n) | Object::Person(n) => n.modified,
            Object::Meeting(m) => m.modified,
            Object::AgendaItem(a) => a.modified,
            Object::Paper(p) => p.modified,
            Object::Consultation(c) => c.modified,
            Object::File(f) => f.modified,
            Object::Location(l) => l.modified,
            Object::Deleted(_, modified) => *modified,
        }
    }
}
