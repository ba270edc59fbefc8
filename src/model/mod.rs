//! The records of a council archive, as FORMAT.md describes them, and the
//! stable keys that name them ([`Key`]).
//!
//! A record is what its source says it is: an OParl object by its `id`, a
//! record of the export format by the fields FORMAT.md names ("Identity").
//! Records refer to each other by the source's ids as read; the archive
//! turns those into the index links (`sitzung`, `auszug`, `vorlage_ref`)
//! once every file is merged.
//!
//! Optional text fields are plain strings where empty means "not given":
//! that is how the merge rules (an empty value never wins) and the display
//! rules (empty sections are left out) treat them, and it costs nothing.
//!
//! One-line values are `CompactString`s: most (Gremium, Status, TOP,
//! Nummer, Rolle, …) fit in its 24 bytes without a heap allocation of their
//! own, which on a large archive saves millions of allocations. Long texts
//! are [`LongText`]s.

mod date;
mod key;
mod url;

pub use date::Date;
pub use key::{Key, KeyError};
pub use url::Url;

use std::sync::Arc;

use compact_str::CompactString;
use serde::{Serialize, Serializer};

use crate::long_text::LongText;

/// Index of a Vorlage in [`crate::archive::Archive::vorlagen`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct VorlageId(pub u32);

/// Index of an Auszug (an agenda item's record) in
/// [`crate::archive::Archive::auszuege`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AuszugId(pub u32);

/// Index of a Sitzung in [`crate::archive::Archive::sitzungen`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct SitzungId(pub u32);

/// Index of a Körperschaft in [`crate::archive::Archive::koerperschaften`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct KoerperschaftId(pub u32);

/// Any record of the archive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RecordId {
    Vorlage(VorlageId),
    Sitzung(SitzungId),
    Auszug(AuszugId),
}

/// The source a record comes from, which decides how it is identified.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// ratsinfo-export/1 (and pages imported into it).
    #[default]
    Export,
    /// OParl 1.0/1.1: identified by the object's `id`.
    Oparl,
}

/// A paper: motion, report, draft resolution.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Vorlage {
    pub nummer: CompactString,
    pub betreff: CompactString,
    #[serde(skip_serializing_if = "CompactString::is_empty")]
    pub art: CompactString,
    #[serde(skip_serializing_if = "CompactString::is_empty")]
    pub status: CompactString,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub datum: Option<Date>,
    #[serde(skip_serializing_if = "CompactString::is_empty")]
    pub verfasser: CompactString,
    #[serde(skip_serializing_if = "CompactString::is_empty")]
    pub federfuehrend: CompactString,
    #[serde(skip_serializing_if = "CompactString::is_empty")]
    pub bearbeiter: CompactString,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub beratungsfolge: Vec<Beratung>,
    #[serde(skip_serializing_if = "LongText::is_empty")]
    pub finanzielle_auswirkungen: LongText,
    #[serde(skip_serializing_if = "LongText::is_empty")]
    pub beschlussvorschlag: LongText,
    #[serde(skip_serializing_if = "LongText::is_empty")]
    pub sachverhalt: LongText,
    /// Its documents: the export format's Anlagen; OParl's `mainFile`
    /// ([`Rolle::Hauptdokument`]) and `auxiliaryFile`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub anlagen: Vec<Arc<Dokument>>,
    /// The record's page for people (export `url`, OParl `web`).
    #[serde(skip_serializing_if = "Url::is_empty")]
    pub url: Url,
    /// The source system's own id (OParl: the Paper's URL, its key).
    #[serde(skip_serializing_if = "Url::is_empty")]
    pub id: Url,
    /// Papers this one names (OParl super-, sub- and related papers).
    #[serde(skip)]
    pub verweise: Vec<Verweis>,
    #[serde(skip)]
    pub format: Format,
    /// Set by the archive from the file the record came from.
    #[serde(skip)]
    pub koerperschaft: KoerperschaftId,
}

/// One step of a Vorlage's Beratungsfolge.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Beratung {
    pub gremium: CompactString,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub datum: Option<Date>,
    #[serde(skip_serializing_if = "CompactString::is_empty")]
    pub rolle: CompactString,
    #[serde(skip_serializing_if = "CompactString::is_empty")]
    pub ergebnis: CompactString,
    /// OParl: the meeting the consultation names, and its agenda item.
    #[serde(skip)]
    pub sitzung_id: Url,
    #[serde(skip)]
    pub item_id: Url,
    /// OParl: planned, no meeting named yet ("noch nicht terminiert").
    #[serde(skip)]
    pub geplant: bool,
    /// Set by the archive: the session it belongs to, where one is loaded,
    /// and the agenda item it was discussed under.
    #[serde(skip)]
    pub sitzung: Option<SitzungId>,
    #[serde(skip)]
    pub auszug: Option<AuszugId>,
}

/// What part a document plays for its record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, PartialOrd, Ord, Hash)]
pub enum Rolle {
    /// The paper itself (OParl `mainFile`).
    Hauptdokument,
    /// A session's invitation with the agenda.
    Einladung,
    /// A session's minutes of the results.
    Ergebnisprotokoll,
    /// A session's verbatim minutes.
    Wortprotokoll,
    /// An agenda item's resolution.
    Beschluss,
    /// Any other attachment.
    #[default]
    Anlage,
}

/// A document: an Anlage of an export Vorlage, or an OParl File wherever
/// OParl puts one (paper, meeting, agenda item). The export format knows
/// `nr`, `name`, `status`, `groesse` and `url`; the rest is OParl's.
///
/// Records hold documents shared (`Arc`): loading OParl reads each file
/// straight into its document, which the record then shares with the object
/// it came from instead of holding a copy while both exist.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Dokument {
    #[serde(skip_serializing_if = "CompactString::is_empty")]
    pub nr: CompactString,
    pub name: CompactString,
    #[serde(skip_serializing_if = "CompactString::is_empty")]
    pub status: CompactString,
    /// As shown: "101 KB".
    #[serde(skip_serializing_if = "CompactString::is_empty")]
    pub groesse: CompactString,
    /// Where to read it (OParl `accessUrl`).
    #[serde(skip_serializing_if = "Url::is_empty")]
    pub url: Url,
    #[serde(skip)]
    pub rolle: Rolle,
    /// OParl `downloadUrl`, where it differs from `url`.
    #[serde(skip)]
    pub download_url: Url,
    /// The file's own name (OParl `fileName`).
    #[serde(skip)]
    pub datei: CompactString,
    /// The MIME type, e.g. `application/pdf`.
    #[serde(skip)]
    pub mime: CompactString,
    #[serde(skip)]
    pub datum: Option<Date>,
    /// The text the server extracted (OParl `text`).
    #[serde(skip)]
    pub text: LongText,
    /// OParl: the File's id.
    #[serde(skip)]
    pub id: Url,
}

/// How one paper refers to another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum VerweisArt {
    /// OParl `superordinatedPaper`: the paper this one amends or belongs to.
    Uebergeordnet,
    /// OParl `subordinatedPaper`: an amendment or part of this one.
    Untergeordnet,
    /// OParl `relatedPaper`.
    Verwandt,
}

/// A reference to another paper, by the source's id.
#[derive(Debug, Clone, PartialEq)]
pub struct Verweis {
    pub art: VerweisArt,
    pub id: Url,
    /// Set by the archive when that paper is loaded.
    pub vorlage: Option<VorlageId>,
}

/// The minutes extract for one agenda item of one session; from OParl, an
/// AgendaItem.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Auszug {
    pub gremium: CompactString,
    #[serde(serialize_with = "serialize_required_date")]
    pub datum: Option<Date>,
    pub titel: CompactString,
    #[serde(skip_serializing_if = "CompactString::is_empty")]
    pub top: CompactString,
    #[serde(skip_serializing_if = "CompactString::is_empty")]
    pub vorlage: CompactString,
    #[serde(skip_serializing_if = "CompactString::is_empty")]
    pub beschlussart: CompactString,
    #[serde(skip_serializing_if = "CompactString::is_empty")]
    pub status: CompactString,
    #[serde(skip_serializing_if = "CompactString::is_empty")]
    pub beginn: CompactString,
    #[serde(skip_serializing_if = "CompactString::is_empty")]
    pub ende: CompactString,
    #[serde(skip_serializing_if = "CompactString::is_empty")]
    pub anlass: CompactString,
    #[serde(skip_serializing_if = "CompactString::is_empty")]
    pub raum: CompactString,
    #[serde(skip_serializing_if = "CompactString::is_empty")]
    pub ort: CompactString,
    #[serde(skip_serializing_if = "LongText::is_empty")]
    pub wortprotokoll: LongText,
    #[serde(skip_serializing_if = "LongText::is_empty")]
    pub beschluss: LongText,
    #[serde(skip_serializing_if = "Url::is_empty")]
    pub url: Url,
    /// The source system's own id of this agenda item (OParl: its key).
    #[serde(skip_serializing_if = "Url::is_empty")]
    pub id: Url,
    /// OParl: the meeting it belongs to and the paper it discusses.
    #[serde(skip)]
    pub sitzung_id: Url,
    #[serde(skip)]
    pub vorlage_id: Url,
    /// OParl: its place in the agenda (`order`).
    #[serde(skip)]
    pub reihenfolge: Option<i64>,
    /// OParl `resolutionFile` and `auxiliaryFile`.
    #[serde(skip)]
    pub dokumente: Vec<Arc<Dokument>>,
    #[serde(skip)]
    pub format: Format,
    #[serde(skip)]
    pub koerperschaft: KoerperschaftId,
    /// Set by the archive: its session (none for an OParl agenda item
    /// whose meeting is not loaded), and its Vorlage where loaded.
    #[serde(skip)]
    pub sitzung: Option<SitzungId>,
    #[serde(skip)]
    pub vorlage_ref: Option<VorlageId>,
}

/// A session. OParl declares each (a Meeting, with an `id`); the export
/// format implies them by the Gremium, date and time of its Auszüge and
/// Beratungen, and the archive makes a record of each.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sitzung {
    pub gremium: CompactString,
    pub datum: Option<Date>,
    /// `HH:MM`, local time.
    pub beginn: CompactString,
    pub ende: CompactString,
    /// The session's own name, where the source gives one.
    pub name: CompactString,
    pub raum: CompactString,
    pub ort: CompactString,
    pub anlass: CompactString,
    /// The session's page for people (OParl `web`).
    pub url: Url,
    /// OParl: the Meeting's id, its key.
    pub id: Url,
    /// OParl: the meeting was called off.
    pub abgesagt: bool,
    /// Invitation, minutes and other files.
    pub dokumente: Vec<Arc<Dokument>>,
    pub format: Format,
    pub koerperschaft: KoerperschaftId,
}

fn serialize_required_date<S: Serializer>(d: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => d.serialize(s),
        None => s.serialize_str(""),
    }
}

/// One file of the export format, as written by `ratsinfo import`.
/// Read by [`crate::load::export`], which fills it in place.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ExportFile {
    pub format: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub quelle: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub koerperschaft: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub vorlagen: Vec<Vorlage>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub auszuege: Vec<Auszug>,
}

/// The value of `format` this program writes and expects.
pub const FORMAT_ID: &str = "ratsinfo-export/1";
