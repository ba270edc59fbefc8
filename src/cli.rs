//! The subcommands that print instead of opening the UI. All output is data
//! that was cleaned at load time, so nothing raw reaches the terminal.
//! Messages to standard error ignore a failure to write them (`2>/dev/full`,
//! a closed terminal): `eprintln!` would panic there and change the exit
//! status that scripts rely on.

use std::io::{self, Write};
use std::process::ExitCode;

use serde::Serialize;

use crate::document::document;
use crate::load::page;
use crate::open::Data;
use crate::problem::{Problem, Severity};
use crate::search::{Matcher, Query, entry_text};
use crate::strings as s;
use crate::strings::io_message;
use crate::text::display_name;
use crate::tree::Node;

/// What `check --json` prints.
#[derive(Debug, Serialize)]
pub struct CheckReport<'a> {
    #[serde(flatten)]
    pub counts: s::Counts,
    pub errors: Vec<&'a Problem>,
    pub warnings: Vec<&'a Problem>,
}

impl<'a> CheckReport<'a> {
    pub fn new(d: &'a Data) -> Self {
        let (a, t) = (&d.archive, &d.tree);
        let of = |sev| a.problems.iter().filter(|p| p.severity == sev).collect();
        let counts = s::Counts {
            files: a.files,
            koerperschaften: t.koerperschaft_count(),
            gremien: t.gremien.len(),
            sitzungen: t.sitzungen.len(),
            items: t.items.len(),
            items_linked: t.items_linked(),
            vorlagen: a.vorlagen.len(),
            auszuege: a.auszuege.len(),
            deleted: a.deleted,
        };
        CheckReport { counts, errors: of(Severity::Error), warnings: of(Severity::Warning) }
    }
}

/// Exit status of `check`: 0 only when nothing was reported.
fn status(clean: bool) -> ExitCode {
    if clean { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}

pub fn check(out: &mut impl Write, d: &Data, json: bool) -> io::Result<ExitCode> {
    let r = CheckReport::new(d);
    let clean = r.errors.is_empty() && r.warnings.is_empty();
    if json {
        serde_json::to_writer_pretty(&mut *out, &r)?;
        writeln!(out)?;
        return Ok(status(clean));
    }
    writeln!(out, "{}", s::check_counts(&r.counts))?;
    for p in r.errors.iter().chain(&r.warnings) {
        let kind = if p.severity == Severity::Error { s::FEHLER } else { s::WARNUNG };
        writeln!(out, "{kind}: {}: {}", p.location(), p.message)?;
    }
    let summary = s::probleme(r.errors.len(), r.warnings.len());
    writeln!(out, "{}", if clean { s::KEINE_PROBLEME.to_owned() } else { summary })?;
    Ok(status(clean))
}

/// Prints the best matches; exits 1 when there are none (as grep does).
pub fn search(out: &mut impl Write, d: &Data, query: &str, limit: usize) -> io::Result<ExitCode> {
    let q = Query::new(query);
    let hits = Matcher::default().search(&d.index, &q, None, &|| false).unwrap_or_default();
    for &(_, id) in hits.top.iter().take(limit) {
        writeln!(out, "{}", entry_text(&d.archive, &d.tree, d.index.entries[id as usize].node))?;
    }
    Ok(status(!hits.top.is_empty()))
}

/// Prints the reading pane's text for every Vorlage with this number.
pub fn show(out: &mut impl Write, d: &Data, nummer: &str, width: u16) -> io::Result<ExitCode> {
    let mut found = false;
    for v in d.archive.find_nummer(nummer.trim()) {
        if found {
            writeln!(out, "{}", "─".repeat(usize::from(width)))?;
        }
        found = true;
        let doc = document(&d.archive, &d.tree, Node::Vorlage(v));
        crate::wrap::write_plain(out, &doc, width)?;
    }
    if !found {
        let _ = writeln!(io::stderr(), "{}", s::nicht_gefunden(&crate::text::sanitize(nummer)));
    }
    Ok(status(found))
}

/// Imports saved pages; problems go to standard error so that the JSON on
/// standard output stays clean. Exits non-zero when a page was reported.
/// An output file is never one of the pages, and is written only when
/// every page was read, all at once: a failed import leaves it as it was.
pub fn import(
    out: &mut impl Write,
    pages: &[std::path::PathBuf],
    output: Option<&std::path::Path>,
) -> io::Result<ExitCode> {
    if let Some(path) = output
        && let Some(page) = pages.iter().find(|p| crate::files::same_file(p, path))
    {
        let _ = writeln!(io::stderr(), "{}", s::ausgabe_ist_eingabe(&display_name(page)));
        return Ok(ExitCode::from(2));
    }
    let (file, problems) = page::import_files(pages);
    for p in &problems {
        let kind = if p.severity == Severity::Error { s::FEHLER } else { s::WARNUNG };
        let _ = writeln!(io::stderr(), "{kind}: {}: {}", p.location(), p.message);
    }
    let mut json = serde_json::to_string_pretty(&file).map_err(io::Error::other)?;
    json.push('\n');
    match output {
        Some(path) if problems.iter().any(|p| p.severity == Severity::Error) => {
            let _ = writeln!(io::stderr(), "{}", s::nichts_geschrieben(&display_name(path)));
        }
        Some(path) => {
            if let Err(e) = crate::files::write_atomic(path, json.as_bytes()) {
                let _ = writeln!(io::stderr(), "{}: {}", display_name(path), io_message(&e));
                return Ok(ExitCode::from(2));
            }
        }
        None => out.write_all(json.as_bytes())?,
    }
    Ok(status(problems.is_empty()))
}
