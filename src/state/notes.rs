//! All notes with their records, for a faction's shared document:
//! `ratsinfo notes [--format md|json]`. Notes on loaded records are named
//! by the record's current title; the others by the label stored with them,
//! under "Notizen zu nicht geladenen Einträgen".

use serde::Serialize;

use super::{Label, Resolved, Target, german_time, transfer::time_text};
use crate::export::markdown::{inline, paragraphs};
use crate::model::RecordId;
use crate::open::Data;
use crate::strings as s;

/// One note with what it is on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NoteEntry {
    pub key: String,
    pub kind: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub nummer: String,
    pub titel: String,
    /// Whether its record is loaded (else `titel` is as it was stored).
    pub geladen: bool,
    pub notiz: String,
    /// RFC 3339.
    pub geaendert: String,
    #[serde(skip)]
    pub at: i64,
}

/// Where a loaded target sorts: sessions by date, then Vorlagen by
/// number, agenda items by date and TOP, Gremien by name.
fn order(d: &Data, t: Target) -> (u8, String) {
    let a = &d.archive;
    match t {
        Target::Record(RecordId::Sitzung(si)) => {
            let sz = a.sitzung(si);
            (0, format!("{} {}", sz.datum.map(|x| x.to_string()).unwrap_or_default(), sz.beginn))
        }
        Target::Record(RecordId::Vorlage(v)) => (1, crate::tree::sort_key(&a.vorlage(v).nummer)),
        Target::Record(RecordId::Auszug(au)) => {
            let x = a.auszug(au);
            (2, format!("{} {}", x.datum.map(|x| x.to_string()).unwrap_or_default(), x.top))
        }
        Target::Gremium(g) => (3, d.tree.gremien[g as usize].name.clone()),
    }
}

/// Every note: on loaded records first (in their order), then the others
/// by key.
pub fn collect(d: &Data, view: &Resolved) -> Vec<NoteEntry> {
    let entry = |key: String, label: Label, geladen: bool, notiz: &str, at: i64| NoteEntry {
        key,
        kind: label.kind,
        nummer: label.nummer,
        titel: label.titel,
        geladen,
        notiz: notiz.to_owned(),
        geaendert: time_text(Some(at)),
        at,
    };
    let mut loaded: Vec<(Target, &super::Note)> = view.notes().collect();
    loaded.sort_by_cached_key(|&(t, _)| order(d, t));
    let mut out: Vec<NoteEntry> =
        loaded.into_iter().map(|(t, n)| entry(t.key(d), t.label(d), true, &n.text, n.at)).collect();
    out.extend(view.unloaded().filter_map(|u| {
        u.note.as_ref().map(|n| entry(u.key.clone(), u.label.clone(), false, &n.text, n.at))
    }));
    out
}

fn heading(e: &NoteEntry) -> String {
    let label = Label { kind: e.kind.clone(), nummer: e.nummer.clone(), titel: e.titel.clone() };
    let what = label.kind_name();
    let name = label.line();
    if what.is_empty() { name } else { format!("{what} {name}") }
}

/// The notes as a Markdown document.
pub fn markdown(notes: &[NoteEntry]) -> String {
    let mut out = format!("# {}\n", s::NOTIZEN);
    if notes.is_empty() {
        out.push_str(&format!("\n{}\n", inline(s::KEINE_NOTIZEN)));
        return out;
    }
    let mut unloaded_heading = false;
    for e in notes {
        let level = if e.geladen { "##" } else { "###" };
        if !e.geladen && !unloaded_heading {
            out.push_str(&format!("\n## {}\n", inline(s::NOTIZEN_NICHT_GELADEN)));
            unloaded_heading = true;
        }
        out.push_str(&format!("\n{level} {}\n\n", inline(&heading(e))));
        let mut meta = s::geaendert_am(&german_time(e.at));
        if !e.geladen {
            meta = format!("{} · {meta}", e.key);
        }
        out.push_str(&format!("*{}*\n\n", inline(&meta)));
        out.push_str(&paragraphs(&e.notiz));
        out.push('\n');
    }
    out
}
