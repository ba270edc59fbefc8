//! OParl 1.0 and 1.1, the open standard that many council information
//! systems publish, mapped onto the model as FORMAT.md describes.
//!
//! OParl objects refer to each other by URL, across files. Loading therefore
//! has two steps: [`parse`] turns one file into [`Object`]s, which the batch
//! keeps, and [`resolve()`] maps the objects of all files onto Vorlagen, Auszüge
//! and Sitzungen once every file is read. Each object becomes one record,
//! identified by its `id` (FORMAT.md, "Identity").
//!
//! Real servers bend the specification ("N/A" for a missing value, a single
//! object where a list belongs, embedded objects without `type`), so every
//! field is read leniently, as in the export format: a bad field is noted
//! with its position and the object keeps everything else.
//!
//! This module holds the OParl object types and the public entry points;
//! the steps live in its submodules, one per concern.

mod detect;
mod fields;
mod index;
mod labels;
mod map;
mod missing;
mod output;
mod read;
mod resolve;
mod stamp;

use std::sync::Arc;

use compact_str::CompactString;
use serde::Deserialize;
use serde::de::IgnoredAny;

use crate::long_text::LongText;
use crate::model::{Date, Dokument, Rolle, Url};
use fields::f;
use stamp::Stamp;

pub use detect::is_oparl;
pub use read::parse;
pub use resolve::resolve;

/// An OParl object of one file, before references between files are
/// resolved. The large kinds are boxed: a meeting with its files is a
/// kilobyte, and every object of a mirror would take that much.
#[derive(Debug, PartialEq)]
pub enum Object {
    Body(Box<Named>),
    Organization(Box<Named>),
    Person(Box<Named>),
    Meeting(Box<Meeting>),
    AgendaItem(Box<AgendaItem>),
    Paper(Box<Paper>),
    Consultation(Box<Consultation>),
    File(Box<File>),
    Location(Box<Location>),
    /// The id of an object the source marks as deleted, and when. It hides
    /// older copies of that object, as a mirror's later snapshot would.
    Deleted(Url, Option<i64>),
}

/// A value that OParl allows either embedded or as a URL reference. The
/// object is boxed: lists of references would otherwise take the size of
/// the largest object per entry.
#[derive(Debug, PartialEq)]
pub enum Emb<T> {
    Ref(Url),
    Obj(Box<T>),
}

/// Body, Organization or Person: only their names matter here.
#[derive(Debug, Default, Deserialize, PartialEq)]
#[serde(default, rename_all = "camelCase")]
pub struct Named {
    #[serde(deserialize_with = "f::id")]
    id: Url,
    #[serde(deserialize_with = "f::name")]
    name: CompactString,
    #[serde(deserialize_with = "f::short_name")]
    short_name: CompactString,
    #[serde(deserialize_with = "f::given_name")]
    given_name: CompactString,
    #[serde(deserialize_with = "f::family_name")]
    family_name: CompactString,
    #[serde(deserialize_with = "f::body")]
    body: Url,
    #[serde(deserialize_with = "f::deleted")]
    deleted: Option<bool>,
    #[serde(deserialize_with = "f::modified")]
    modified: Option<i64>,
}

#[derive(Debug, PartialEq)]
pub struct Meeting {
    id: Url,
    name: CompactString,
    start: Option<Stamp>,
    end: Option<Stamp>,
    cancelled: bool,
    web: Url,
    location: Option<Emb<Location>>,
    organization: Vec<Emb<Named>>,
    agenda_item: Vec<Emb<AgendaItem>>,
    invitation: Option<Emb<File>>,
    results_protocol: Option<Emb<File>>,
    verbatim_protocol: Option<Emb<File>>,
    auxiliary_file: Vec<Emb<File>>,
    modified: Option<i64>,
}

#[derive(Debug, PartialEq)]
pub struct Paper {
    id: Url,
    body: Url,
    name: CompactString,
    reference: CompactString,
    date: Option<Date>,
    paper_type: CompactString,
    web: Url,
    main_file: Option<Emb<File>>,
    auxiliary_file: Vec<Emb<File>>,
    originator_person: Vec<Emb<Named>>,
    originator_organization: Vec<Emb<Named>>,
    under_direction_of: Vec<Emb<Named>>,
    consultation: Vec<Emb<Consultation>>,
    superordinated_paper: Vec<Url>,
    subordinated_paper: Vec<Url>,
    related_paper: Vec<Url>,
    modified: Option<i64>,
}

#[derive(Debug, Default, Deserialize, PartialEq)]
#[serde(default, rename_all = "camelCase")]
pub struct AgendaItem {
    #[serde(deserialize_with = "f::id")]
    id: Url,
    #[serde(deserialize_with = "f::deleted")]
    deleted: Option<bool>,
    /// Only for an agenda item given on its own (read through [`Raw`]):
    /// embedded, its meeting is the one it sits in, and skipping the field
    /// spares an allocation per item.
    #[serde(skip)]
    meeting: Url,
    #[serde(deserialize_with = "f::number")]
    number: CompactString,
    #[serde(deserialize_with = "f::order")]
    order: Option<i64>,
    #[serde(deserialize_with = "f::public")]
    public: Option<bool>,
    #[serde(deserialize_with = "f::name")]
    name: CompactString,
    #[serde(deserialize_with = "f::result")]
    result: CompactString,
    #[serde(deserialize_with = "f::resolution_text")]
    resolution_text: LongText,
    #[serde(deserialize_with = "f::consultation_ref")]
    consultation: Url,
    #[serde(deserialize_with = "f::web")]
    web: Url,
    #[serde(deserialize_with = "f::resolution_file")]
    resolution_file: Vec<Emb<File>>,
    #[serde(deserialize_with = "f::auxiliary_file")]
    auxiliary_file: Vec<Emb<File>>,
    #[serde(deserialize_with = "f::modified")]
    modified: Option<i64>,
}

#[derive(Debug, Default, Deserialize, PartialEq)]
#[serde(default, rename_all = "camelCase")]
pub struct Consultation {
    #[serde(deserialize_with = "f::id")]
    id: Url,
    #[serde(deserialize_with = "f::deleted")]
    deleted: Option<bool>,
    /// Only for a consultation given on its own, as `meeting` of
    /// [`AgendaItem`].
    #[serde(skip)]
    paper: Url,
    #[serde(deserialize_with = "f::meeting")]
    meeting: Url,
    #[serde(deserialize_with = "f::agenda_item_ref")]
    agenda_item: Url,
    #[serde(deserialize_with = "f::organization")]
    organization: Vec<Emb<Named>>,
    #[serde(deserialize_with = "f::role")]
    role: CompactString,
    #[serde(deserialize_with = "f::modified")]
    modified: Option<i64>,
}

/// An OParl File, read straight into the document that records share (see
/// [`Dokument`]): no File object and no copy of it beside the records.
#[derive(Debug, PartialEq, Deserialize)]
#[serde(from = "FileFields")]
pub struct File {
    doc: Arc<Dokument>,
    deleted: Option<bool>,
    modified: Option<i64>,
}

impl File {
    /// Gives a file just read the role of the field it was read from.
    fn set_rolle(&mut self, rolle: Rolle) {
        if let Some(doc) = Arc::get_mut(&mut self.doc) {
            doc.rolle = rolle;
        }
    }

    /// The file as the document of a record, in `rolle` (the field it sits
    /// in tells, and is set while reading; a file given on its own is
    /// copied for another role).
    fn as_rolle(&self, rolle: Rolle) -> Arc<Dokument> {
        if self.doc.rolle == rolle {
            self.doc.clone()
        } else {
            Arc::new(Dokument { rolle, ..(*self.doc).clone() })
        }
    }
}

impl From<FileFields> for File {
    fn from(f: FileFields) -> File {
        let url = if f.access_url.is_empty() { f.download_url.clone() } else { f.access_url };
        let name = [&f.name, &f.file_name].into_iter().find(|s| !s.is_empty()).cloned();
        let doc = Dokument {
            name: name.unwrap_or_else(|| crate::strings::datei_name(f.id.rest()).into()),
            groesse: f.size.map(groesse).unwrap_or_default().into(),
            download_url: if f.download_url == url { Url::default() } else { f.download_url },
            url,
            datei: f.file_name,
            mime: f.mime_type,
            datum: f.date,
            text: f.text,
            id: f.id,
            ..Dokument::default()
        };
        File { doc: Arc::new(doc), deleted: f.deleted, modified: f.modified }
    }
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

/// The fields of a File as OParl writes them.
#[derive(Debug, Default, Deserialize, PartialEq)]
#[serde(default, rename_all = "camelCase")]
struct FileFields {
    #[serde(deserialize_with = "f::id")]
    id: Url,
    #[serde(deserialize_with = "f::deleted")]
    deleted: Option<bool>,
    #[serde(deserialize_with = "f::name")]
    name: CompactString,
    #[serde(deserialize_with = "f::file_name")]
    file_name: CompactString,
    #[serde(deserialize_with = "f::mime_type")]
    mime_type: CompactString,
    #[serde(deserialize_with = "f::date")]
    date: Option<Date>,
    #[serde(deserialize_with = "f::access_url")]
    access_url: Url,
    #[serde(deserialize_with = "f::download_url")]
    download_url: Url,
    #[serde(deserialize_with = "f::size")]
    size: Option<i64>,
    #[serde(deserialize_with = "f::text")]
    text: LongText,
    #[serde(deserialize_with = "f::modified")]
    modified: Option<i64>,
}

#[derive(Debug, Default, Deserialize, PartialEq)]
#[serde(default, rename_all = "camelCase")]
pub struct Location {
    #[serde(deserialize_with = "f::id")]
    id: Url,
    #[serde(deserialize_with = "f::deleted")]
    deleted: Option<bool>,
    #[serde(deserialize_with = "f::room")]
    room: CompactString,
    #[serde(deserialize_with = "f::street_address")]
    street_address: CompactString,
    #[serde(deserialize_with = "f::postal_code")]
    postal_code: CompactString,
    #[serde(deserialize_with = "f::locality")]
    locality: CompactString,
    #[serde(deserialize_with = "f::description")]
    description: CompactString,
    #[serde(deserialize_with = "f::modified")]
    modified: Option<i64>,
}

/// The object record every top-level JSON object is read into: the union of
/// the fields of all kinds used here, because the kind (`type`) may come last
/// in the object and buffering each object to look ahead would cost more.
#[derive(Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
struct Raw {
    #[serde(deserialize_with = "f::id")]
    id: Url,
    #[serde(rename = "type", deserialize_with = "f::kind")]
    kind: CompactString,
    #[serde(deserialize_with = "f::deleted")]
    deleted: Option<bool>,
    #[serde(deserialize_with = "f::modified")]
    modified: Option<i64>,
    #[serde(deserialize_with = "f::web")]
    web: Url,
    #[serde(deserialize_with = "f::name")]
    name: CompactString,
    #[serde(deserialize_with = "f::short_name")]
    short_name: CompactString,
    #[serde(deserialize_with = "f::given_name")]
    given_name: CompactString,
    #[serde(deserialize_with = "f::family_name")]
    family_name: CompactString,
    #[serde(deserialize_with = "f::body")]
    body: Url,
    #[serde(deserialize_with = "f::start")]
    start: Option<Stamp>,
    #[serde(deserialize_with = "f::end")]
    end: Option<Stamp>,
    #[serde(deserialize_with = "f::cancelled")]
    cancelled: Option<bool>,
    #[serde(deserialize_with = "f::location")]
    location: Vec<Emb<Location>>,
    #[serde(deserialize_with = "f::organization")]
    organization: Vec<Emb<Named>>,
    #[serde(deserialize_with = "f::agenda_item")]
    agenda_item: Vec<Emb<AgendaItem>>,
    #[serde(deserialize_with = "f::invitation")]
    invitation: Vec<Emb<File>>,
    #[serde(deserialize_with = "f::results_protocol")]
    results_protocol: Vec<Emb<File>>,
    #[serde(deserialize_with = "f::verbatim_protocol")]
    verbatim_protocol: Vec<Emb<File>>,
    #[serde(deserialize_with = "f::resolution_file")]
    resolution_file: Vec<Emb<File>>,
    #[serde(deserialize_with = "f::meeting")]
    meeting: Url,
    #[serde(deserialize_with = "f::number")]
    number: CompactString,
    #[serde(deserialize_with = "f::order")]
    order: Option<i64>,
    #[serde(deserialize_with = "f::public")]
    public: Option<bool>,
    #[serde(deserialize_with = "f::result")]
    result: CompactString,
    #[serde(deserialize_with = "f::resolution_text")]
    resolution_text: LongText,
    #[serde(deserialize_with = "f::consultation")]
    consultation: Vec<Emb<Consultation>>,
    #[serde(deserialize_with = "f::paper")]
    paper: Url,
    #[serde(deserialize_with = "f::reference")]
    reference: CompactString,
    #[serde(deserialize_with = "f::date")]
    date: Option<Date>,
    #[serde(deserialize_with = "f::paper_type")]
    paper_type: CompactString,
    #[serde(deserialize_with = "f::main_file")]
    main_file: Vec<Emb<File>>,
    #[serde(deserialize_with = "f::auxiliary_file")]
    auxiliary_file: Vec<Emb<File>>,
    #[serde(deserialize_with = "f::originator_person")]
    originator_person: Vec<Emb<Named>>,
    #[serde(deserialize_with = "f::originator_organization")]
    originator_organization: Vec<Emb<Named>>,
    #[serde(deserialize_with = "f::under_direction_of")]
    under_direction_of: Vec<Emb<Named>>,
    #[serde(deserialize_with = "f::superordinated_paper")]
    superordinated_paper: Vec<Url>,
    #[serde(deserialize_with = "f::subordinated_paper")]
    subordinated_paper: Vec<Url>,
    #[serde(deserialize_with = "f::related_paper")]
    related_paper: Vec<Url>,
    #[serde(deserialize_with = "f::role")]
    role: CompactString,
    #[serde(deserialize_with = "f::file_name")]
    file_name: CompactString,
    #[serde(deserialize_with = "f::mime_type")]
    mime_type: CompactString,
    #[serde(deserialize_with = "f::access_url")]
    access_url: Url,
    #[serde(deserialize_with = "f::download_url")]
    download_url: Url,
    #[serde(deserialize_with = "f::size")]
    size: Option<i64>,
    #[serde(deserialize_with = "f::text")]
    text: LongText,
    #[serde(deserialize_with = "f::room")]
    room: CompactString,
    #[serde(deserialize_with = "f::street_address")]
    street_address: CompactString,
    #[serde(deserialize_with = "f::postal_code")]
    postal_code: CompactString,
    #[serde(deserialize_with = "f::locality")]
    locality: CompactString,
    #[serde(deserialize_with = "f::description")]
    description: CompactString,
    /// The objects of a list page.
    #[serde(deserialize_with = "f::data")]
    data: Vec<Emb<Raw>>,
    links: Option<IgnoredAny>,
    pagination: Option<IgnoredAny>,
}

/// The kinds of OParl object, told by the last segment of `type`, so that
/// 1.0 and 1.1 URLs (and bare names) are alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Kind {
    Body,
    Organization,
    Person,
    Meeting,
    AgendaItem,
    Paper,
    Consultation,
    File,
    Location,
    /// Known kinds that nothing here shows (System, LegislativeTerm, …).
    Other,
    Unknown,
    Untyped,
}

impl Kind {
    fn of(kind: &str) -> Kind {
        if kind.is_empty() {
            return Kind::Untyped;
        }
        match kind.trim_end_matches('/').rsplit(['/', ':', '#']).next().unwrap_or("") {
            "Body" => Kind::Body,
            "Organization" => Kind::Organization,
            "Person" => Kind::Person,
            "Meeting" => Kind::Meeting,
            "AgendaItem" => Kind::AgendaItem,
            "Paper" => Kind::Paper,
            "Consultation" => Kind::Consultation,
            "File" => Kind::File,
            "Location" => Kind::Location,
            "System" | "LegislativeTerm" | "Membership" => Kind::Other,
            _ => Kind::Unknown,
        }
    }

    /// The name, singular and plural, for messages.
    fn names(self) -> (&'static str, &'static str) {
        use crate::strings as s;
        let (one, many) = match self {
            Kind::Body => (s::O_KOERPERSCHAFT, s::O_KOERPERSCHAFTEN),
            Kind::Organization => (s::O_ORGANISATION, s::O_ORGANISATIONEN),
            Kind::Person => (s::O_PERSON, s::O_PERSONEN),
            Kind::Meeting => (s::O_SITZUNG, s::O_SITZUNGEN),
            Kind::AgendaItem => (s::O_TOP, s::O_TOPS),
            Kind::Paper => (s::O_VORLAGE, s::O_VORLAGEN),
            Kind::Consultation => (s::O_BERATUNG, s::O_BERATUNGEN),
            Kind::File => (s::O_DATEI, s::O_DATEIEN),
            Kind::Location => (s::O_ORT, s::O_ORTE),
            Kind::Other | Kind::Unknown | Kind::Untyped => (s::O_OBJEKT, s::O_OBJEKTE),
        };
        (one.get(), many.get())
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
}
