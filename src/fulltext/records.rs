//! What of a record is indexed: its title and each of its texts as a
//! section ("Sachverhalt", "Beschluss", "Anlage 2: Gutachten.pdf"), and a
//! fingerprint of all of it that is had without reading any text.

use std::hash::{BuildHasher, Hasher};
use std::sync::Arc;

use crate::archive::Archive;
use crate::doctext::{self, Library};
use crate::long_text::LongText;
use crate::model::{Dokument, RecordId, Rolle, SitzungId};
use crate::strings::{self as s, Sprache};

/// Every record of the archive that holds text, in archive order.
pub fn all(a: &Archive) -> impl Iterator<Item = RecordId> + '_ {
    (0..a.vorlagen.len() as u32)
        .map(|i| RecordId::Vorlage(crate::model::VorlageId(i)))
        .chain((0..a.auszuege.len() as u32).map(|i| RecordId::Auszug(crate::model::AuszugId(i))))
        // A session is its title and date, which every list shows: only
        // its documents are worth a full-text hit.
        .chain(
            (0..a.sitzungen.len() as u32)
                .map(SitzungId)
                .filter(|&si| !a.sitzung(si).dokumente.is_empty())
                .map(RecordId::Sitzung),
        )
}

/// A record's title, as its title section shows it.
pub fn title(a: &Archive, r: RecordId) -> String {
    match r {
        RecordId::Vorlage(v) => a.vorlage(v).betreff.to_string(),
        RecordId::Auszug(au) => a.auszug(au).titel.to_string(),
        RecordId::Sitzung(si) => sitzung_title(a, si),
    }
}

fn sitzung_title(a: &Archive, si: SitzungId) -> String {
    let sz = a.sitzung(si);
    let datum = sz.datum.map(|d| d.german()).unwrap_or_default();
    let parts: Vec<&str> = [sz.name.as_str(), sz.gremium.as_str(), datum.as_str()]
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect();
    parts.join(" · ")
}

/// The label of the title section, in German as every label of the index
/// (see [`sections`]).
pub fn title_label(r: RecordId) -> &'static str {
    match r {
        RecordId::Vorlage(_) => s::BETREFF.of(Sprache::De),
        _ => s::TITEL.of(Sprache::De),
    }
}

/// A text of a record: where it is, and what it is.
pub enum Text<'a> {
    Long(&'a LongText),
    /// A document without the server's text: its extracted text, if any.
    Dokument(&'a Dokument),
}

/// The sections of a record, with their labels. The labels are German in
/// any language of the interface (`strings::abschnitt` shows them in the
/// current one): the index and the fingerprints of its records must not
/// change when `sprache` does, or every record would be indexed again.
pub fn sections(a: &Archive, r: RecordId) -> Vec<(String, Text<'_>)> {
    let _german = s::for_this_thread(Sprache::De);
    let mut out = Vec::new();
    match r {
        RecordId::Vorlage(v) => {
            let v = a.vorlage(v);
            for (label, t) in [
                (s::BESCHLUSSVORSCHLAG, &v.beschlussvorschlag),
                (s::SACHVERHALT, &v.sachverhalt),
                (s::FINANZIELLE_AUSWIRKUNGEN, &v.finanzielle_auswirkungen),
            ] {
                if !t.is_empty() {
                    out.push((label.to_owned(), Text::Long(t)));
                }
            }
            push_documents(&mut out, &v.anlagen, true);
        }
        RecordId::Auszug(au) => {
            let au = a.auszug(au);
            for (label, t) in [(s::WORTPROTOKOLL, &au.wortprotokoll), (s::BESCHLUSS, &au.beschluss)] {
                if !t.is_empty() {
                    out.push((label.to_owned(), Text::Long(t)));
                }
            }
            push_documents(&mut out, &au.dokumente, false);
        }
        RecordId::Sitzung(si) => push_documents(&mut out, &a.sitzung(si).dokumente, false),
    }
    out
}

/// Documents as sections. A paper's main document's own text is its
/// Sachverhalt already (as the reader shows it, it is left out).
fn push_documents<'a>(out: &mut Vec<(String, Text<'a>)>, docs: &'a [Arc<Dokument>], paper: bool) {
    for (i, d) in docs.iter().enumerate() {
        let label = doctext::heading(d, i, docs);
        if !d.text.is_empty() {
            if !(paper && d.rolle == Rolle::Hauptdokument) {
                out.push((label, Text::Long(&d.text)));
            }
        } else {
            out.push((label, Text::Dokument(d)));
        }
    }
}

/// The fingerprint of what [`sections`] and [`title`] give for `r`, read
/// from nothing but memory and (for documents) the state of their cached
/// text on disk.
pub fn fingerprint(a: &Archive, lib: &Library, r: RecordId, hasher: &impl BuildHasher) -> u64 {
    let mut h = hasher.build_hasher();
    h.write(title(a, r).as_bytes());
    h.write_u8(0xff);
    for (label, text) in sections(a, r) {
        h.write(label.as_bytes());
        h.write_u8(0xff);
        match text {
            Text::Long(t) => t.fingerprint(&mut h),
            Text::Dokument(d) => {
                match lib.file(d).and_then(doctext::cache_path).and_then(|p| std::fs::metadata(p).ok()) {
                    Some(m) => {
                        h.write_u8(2);
                        h.write_u64(m.len());
                        let t = m.modified().ok().and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok());
                        h.write_u128(t.map_or(0, |t| t.as_nanos()));
                    }
                    None => h.write_u8(3),
                }
            }
        }
    }
    h.finish()
}

/// The text of a section, or None when there is none to index (a document
/// not extracted, a text whose file changed).
pub fn read(lib: &Library, text: &Text) -> Option<String> {
    match text {
        Text::Long(t) => t.read().ok().map(|t| t.into_owned()),
        Text::Dokument(d) => lib.cached(d).and_then(Result::ok),
    }
}
