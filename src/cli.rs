//! The subcommands that print instead of opening the UI. All output is data
//! that was cleaned at load time, so nothing raw reaches the terminal.
//! Messages to standard error ignore a failure to write them (`2>/dev/full`,
//! a closed terminal): `eprintln!` would panic there and change the exit
//! status that scripts rely on.

use std::io::{self, Write};
use std::process::ExitCode;

use serde::Serialize;

use crate::doctext::{self, Extractor, Library, Readable};
use crate::document::document;
use crate::fulltext::{self, FullText};
use crate::load::page;
use crate::model::{Key, RecordId};
use crate::open::Data;
use crate::problem::{Problem, Severity};
use crate::search::{Matcher, Query, entry_text};
use crate::strings as s;
use crate::strings::io_message;
use crate::termine;
use crate::text::display_name;
use crate::tree::Node;
use crate::wrap::{layout, plain};

/// What `check --json` prints.
#[derive(Debug, Serialize)]
pub struct CheckReport<'a> {
    #[serde(flatten)]
    pub counts: s::Counts,
    pub errors: Vec<&'a Problem>,
    pub warnings: Vec<&'a Problem>,
    pub notes: Vec<&'a Problem>,
}

impl<'a> CheckReport<'a> {
    pub fn new(d: &'a Data) -> Self {
        let (a, t) = (&d.archive, &d.tree);
        let of = |sev| a.problems.iter().filter(|p| p.severity == sev).collect();
        let counts = s::Counts {
            files: a.files,
            koerperschaften: t.koerperschaft_count(),
            gremien: t.gremien.len(),
            sitzungen: a.sitzungen.len(),
            items: t.items_in_sessions(),
            items_linked: t.items_linked(),
            vorlagen: a.vorlagen.len(),
            auszuege: a.auszuege.len(),
            deleted: a.deleted,
            dokumente: a.dokumente(),
            beratungen_ohne_sitzung: t.beratungen_ohne_sitzung(),
        };
        CheckReport {
            counts,
            errors: of(Severity::Error),
            warnings: of(Severity::Warning),
            notes: of(Severity::Note),
        }
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
    for p in r.errors.iter().chain(&r.warnings).chain(&r.notes) {
        let kind = p.severity.german();
        writeln!(out, "{kind}: {}: {}", p.location(), p.message)?;
    }
    writeln!(out, "{}", s::check_summary(r.errors.len(), r.warnings.len(), r.notes.len()))?;
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

/// What `search --text --json` prints per hit.
#[derive(Debug, Serialize)]
struct TextHit<'a> {
    key: &'a str,
    #[serde(flatten)]
    summary: fulltext::Summary,
    score: f32,
    section: &'a str,
    snippet: &'a str,
}

/// Prints the records whose texts match `query` (full-text search), best
/// first, each with the section and a one-line snippet; with `json`, one
/// object per line. Exits 1 when nothing matched, 2 when the query or the
/// index failed (the reason on standard error).
pub fn search_text(
    out: &mut impl Write,
    d: &Data,
    source: &crate::pipeline::Source,
    library: &Library,
    query: &str,
    limit: usize,
    json: bool,
) -> io::Result<ExitCode> {
    let progress = fulltext::Progress::default();
    let ft = match FullText::open_or_build(
        source,
        &d.archive,
        library,
        &progress,
        &fulltext::Options::default(),
    ) {
        Ok(ft) => ft,
        Err(why) => {
            let _ = writeln!(io::stderr(), "{}: {why}", s::VOLLTEXT_FEHLER);
            return Ok(ExitCode::from(2));
        }
    };
    let hits = match ft.query(query, limit) {
        Ok(h) => h,
        Err(e) => {
            let _ = writeln!(io::stderr(), "{e}");
            return Ok(ExitCode::from(2));
        }
    };
    for h in &hits {
        let summary = fulltext::record_of(&d.archive, &h.key)
            .map(|r| fulltext::summary(&d.archive, r))
            .unwrap_or_default();
        if json {
            let line =
                TextHit { key: &h.key, summary, score: h.score, section: &h.section, snippet: &h.snippet };
            serde_json::to_writer(&mut *out, &line)?;
            writeln!(out)?;
        } else {
            let head: Vec<&str> = [
                summary.nummer.as_str(),
                summary.datum.as_str(),
                summary.gremium.as_str(),
                summary.titel.as_str(),
            ]
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect();
            writeln!(out, "{}", head.join("  "))?;
            writeln!(out, "    {}: {}", h.section, h.snippet)?;
        }
    }
    Ok(status(!hits.is_empty()))
}

/// The records `reference` names: every Vorlage with this number, or the
/// record with this OParl id or stable key (see [`crate::model::Key`]).
pub fn records_named(d: &Data, reference: &str) -> Vec<Node> {
    let reference = reference.trim();
    let a = &d.archive;
    let by_number: Vec<Node> = a.find_nummer(reference).map(Node::Vorlage).collect();
    if !by_number.is_empty() {
        return by_number;
    }
    let found = a.find_id(reference).or_else(|| reference.parse::<Key>().ok().and_then(|k| a.find(&k)));
    let node = match found {
        Some(RecordId::Vorlage(v)) => Node::Vorlage(v),
        Some(RecordId::Sitzung(s)) => Node::Sitzung(s),
        Some(RecordId::Auszug(au)) => match d.tree.item_of_auszug(au) {
            Some(i) => Node::Item(i),
            None => return Vec::new(),
        },
        None => return Vec::new(),
    };
    vec![node]
}

/// What `show --documents` needs: the downloaded documents of the loaded
/// archives, and how to extract a PDF's text.
pub struct Documents<'a> {
    pub library: &'a Library,
    pub extractor: &'a Extractor,
}

/// Prints what the reading pane shows for each record `reference` names
/// (see [`records_named`]), one after the other; with `documents`, then the
/// text of each of its documents that the reader does not show already (a
/// downloaded PDF's, extracted now if it was not before), or why there is
/// none.
pub fn show(
    out: &mut impl Write,
    d: &Data,
    reference: &str,
    width: u16,
    documents: Option<&Documents>,
) -> io::Result<ExitCode> {
    let nodes = records_named(d, reference);
    for (i, &node) in nodes.iter().enumerate() {
        if i > 0 {
            writeln!(out, "{}", "─".repeat(usize::from(width)))?;
        }
        let doc = document(&d.archive, &d.tree, node);
        write!(out, "{}", plain(&layout(&doc, width)))?;
        if let Some(docs) = documents {
            let texts = document_texts(d, node, docs);
            if !texts.blocks.is_empty() {
                writeln!(out)?;
                write!(out, "{}", plain(&layout(&texts, width)))?;
            }
        }
    }
    if nodes.is_empty() {
        let _ = writeln!(io::stderr(), "{}", s::nicht_gefunden(&crate::text::sanitize(reference)));
    }
    Ok(status(!nodes.is_empty()))
}

/// The texts of `node`'s documents that the reader does not show (those
/// without the server's text), as headed sections.
fn document_texts(d: &Data, node: Node, docs: &Documents) -> crate::document::Document {
    use crate::document::{Block, Document};
    let mut out = Document::default();
    for r in node_records(d, node) {
        let list = doctext::record_documents(&d.archive, r);
        for (i, dok) in list.iter().enumerate() {
            if docs.library.readable(dok) == Readable::Server {
                continue;
            }
            out.blocks.push(Block::Heading(s::dokument_text(&doctext::label(dok, i, list), &dok.name)));
            match docs.library.text(dok, docs.extractor) {
                Ok(t) if t.trim().is_empty() => out.blocks.push(Block::Note(s::DOKUMENT_OHNE_TEXT.into())),
                Ok(t) => out.blocks.push(Block::Text(t)),
                Err(note) => out.blocks.push(Block::Note(note.0)),
            }
        }
    }
    out
}

/// The records a tree node shows: an item its Auszug and its Vorlage.
fn node_records(d: &Data, node: Node) -> Vec<RecordId> {
    match node {
        Node::Vorlage(v) => vec![RecordId::Vorlage(v)],
        Node::Sitzung(s) => vec![RecordId::Sitzung(s)],
        Node::Item(i) => {
            let it = &d.tree.items[i as usize];
            it.auszug.map(RecordId::Auszug).into_iter().chain(it.vorlage.map(RecordId::Vorlage)).collect()
        }
        _ => Vec::new(),
    }
}

/// Prints the sessions from `filter.from` on (default today), grouped by
/// calendar week; with `ics`, an iCalendar file of them instead.
pub fn termine(out: &mut impl Write, d: &Data, filter: &termine::Filter, ics: bool) -> io::Result<ExitCode> {
    let from = filter.from.unwrap_or_else(termine::today);
    let filter = termine::Filter { from: Some(from), ..filter.clone() };
    let list = termine::upcoming(&d.archive, &d.tree, &filter);
    if ics {
        let stamp = jiff::Timestamp::now().strftime("%Y%m%dT%H%M%SZ").to_string();
        out.write_all(crate::ics::calendar(&d.archive, &d.tree, &list, &stamp).as_bytes())?;
        return Ok(ExitCode::SUCCESS);
    }
    if list.is_empty() {
        writeln!(out, "{}", s::keine_termine(&from.german()))?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut week = None;
    for &sid in &list {
        let datum = d.archive.sitzung(sid).datum;
        let this_week = datum.and_then(termine::week);
        if this_week != week {
            if week.is_some() {
                writeln!(out)?;
            }
            writeln!(out, "{}", datum.map(termine::week_heading).unwrap_or_default())?;
            week = this_week;
        }
        let z = termine::zeile(&d.archive, &d.tree, sid);
        let abgesagt = if z.abgesagt { format!(" ({})", s::ABGESAGT) } else { String::new() };
        let parts: Vec<&str> = [z.gremium.as_str(), z.ort.as_str(), z.tagesordnung.as_str()]
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect();
        writeln!(out, "  {} {:5}  {}{abgesagt}", z.datum, z.zeit, parts.join(" · "))?;
    }
    Ok(ExitCode::SUCCESS)
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
        let kind = p.severity.german();
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
