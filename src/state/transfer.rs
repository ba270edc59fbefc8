//! Moving the state to another machine: `ratsinfo state export FILE` writes
//! every entry as JSON — its record named by the stable key in readable
//! form, with kind, number and title — and `state import FILE` merges such
//! a file: per field the newer change wins, and nothing is ever removed.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::store::{StateError, Store};
use super::{Entry, Flag, Label, clean_note, valid_key};
use crate::strings as s;
use crate::text::sanitize;

/// The value of `format` in a state export.
pub const STATE_FORMAT: &str = "ratsinfo-state/1";

/// A state export file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportFile {
    pub format: String,
    /// When it was written (RFC 3339).
    #[serde(default)]
    pub exportiert: String,
    pub eintraege: Vec<ExportEntry>,
}

/// One record's state. Times are RFC 3339 (UTC); a field that is off is
/// left out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportEntry {
    /// The record's stable key: `vorlage|Stadt Herne|2021/0832`,
    /// `oparl|https://…`.
    pub key: String,
    /// vorlage, sitzung, auszug or gremium.
    #[serde(default)]
    pub kind: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub nummer: String,
    #[serde(default)]
    pub titel: String,
    /// Marked read at.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gelesen: Option<String>,
    /// On the Merkliste since.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merkliste: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notiz: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notiz_geaendert: Option<String>,
}

/// What an import did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ImportReport {
    /// Entries in the file.
    pub entries: usize,
    /// Fields taken from the file, per kind.
    pub read: usize,
    pub merk: usize,
    pub notes: usize,
    /// Notes kept because the local one is newer.
    pub notes_kept: usize,
    /// Entries left out: a key no record can have, or a bad time.
    pub invalid: usize,
}

pub fn time_text(ms: Option<i64>) -> String {
    let ts = jiff::Timestamp::from_millisecond(ms.unwrap_or(0)).unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    ts.strftime("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

fn parse_time(s: &str) -> Option<i64> {
    s.parse::<jiff::Timestamp>().ok().map(|t| t.as_millisecond())
}

/// Every entry of the store that holds something, for a file.
pub fn export(store: &Store) -> Result<ExportFile, StateError> {
    let eintraege = store
        .entries(false)?
        .into_iter()
        .map(|e| ExportEntry {
            kind: e.label.kind,
            nummer: e.label.nummer,
            titel: e.label.titel,
            gelesen: e.read.on.then(|| time_text(e.read.at)),
            merkliste: e.merk.on.then(|| time_text(e.merk.at)),
            notiz_geaendert: (!e.note.is_empty()).then(|| time_text(e.note_at)),
            notiz: (!e.note.is_empty()).then_some(e.note),
            key: e.key,
        })
        .collect();
    Ok(ExportFile { format: STATE_FORMAT.into(), exportiert: time_text(Some(super::now_ms())), eintraege })
}

/// A field of the file: on since a time (None: off or not given).
fn since(t: &Option<String>) -> Result<Option<i64>, ()> {
    match t {
        None => Ok(None),
        Some(t) => parse_time(t).map(Some).ok_or(()),
    }
}

/// `local` merged with `flag on since t`: the newer change wins; a field the
/// file does not set stays as it is. Whether it changed.
fn merge_flag(local: &mut Flag, t: Option<i64>) -> bool {
    match t {
        Some(t) if !local.on && local.at.is_none_or(|at| t > at) => {
            *local = Flag { on: true, at: Some(t) };
            true
        }
        _ => false,
    }
}

/// Merges `file` into the store, in one transaction: all of it or nothing.
pub fn import(store: &mut Store, file: &ExportFile) -> Result<ImportReport, StateError> {
    if file.format != STATE_FORMAT {
        return Err(StateError::new(s::falsches_zustandsformat(&sanitize(&file.format), STATE_FORMAT)));
    }
    let mut report = ImportReport { entries: file.eintraege.len(), ..ImportReport::default() };
    store.write_all(|store| {
        for x in &file.eintraege {
            let times = (since(&x.gelesen), since(&x.merkliste), since(&x.notiz_geaendert));
            let (Ok(gelesen), Ok(merk), Ok(note_at)) = times else {
                report.invalid += 1;
                continue;
            };
            if !valid_key(&x.key) {
                report.invalid += 1;
                continue;
            }
            let mut e =
                store.get(&x.key)?.unwrap_or_else(|| Entry { key: x.key.clone(), ..Entry::default() });
            let before = e.clone();
            if e.label.kind.is_empty() {
                e.label =
                    Label { kind: sanitize(&x.kind), nummer: sanitize(&x.nummer), titel: sanitize(&x.titel) };
            }
            report.read += usize::from(merge_flag(&mut e.read, gelesen));
            report.merk += usize::from(merge_flag(&mut e.merk, merk));
            let note = x.notiz.as_deref().map(clean_note).unwrap_or_default();
            if !note.is_empty() && note != e.note {
                let note_at = note_at.unwrap_or(0);
                if e.note_at.is_none_or(|at| note_at > at) {
                    e.note = note;
                    e.note_at = Some(note_at);
                    report.notes += 1;
                } else {
                    report.notes_kept += 1;
                }
            }
            if e != before {
                store.put(&e)?;
            }
        }
        Ok(())
    })?;
    Ok(report)
}

/// Reads a state export file and merges it (see [`import`]).
pub fn import_file(store: &mut Store, path: &Path) -> Result<ImportReport, StateError> {
    let name = crate::text::display_name(path);
    let bytes = std::fs::read(path).map_err(|e| StateError::new(format!("{name}: {}", s::io_message(&e))))?;
    let file: ExportFile = serde_json::from_slice(&bytes).map_err(|e| {
        StateError::new(format!(
            "{name}:{}:{}: {}",
            e.line(),
            e.column(),
            s::kein_zustandsexport(&sanitize(&e.to_string()))
        ))
    })?;
    import(store, &file)
}
