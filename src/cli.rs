//! The subcommands that print instead of opening the UI. All output is data
//! that was cleaned at load time, so nothing raw reaches the terminal.
//! Messages to standard error ignore a failure to write them (`2>/dev/full`,
//! a closed terminal): `eprintln!` would panic there and change the exit
//! status that scripts rely on.

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use serde::Serialize;

use crate::doctext::{self, Extractor, Library, Readable};
use crate::document::document;
use crate::fulltext::{self, FullText};
use crate::load::page;
use crate::model::{Key, RecordId};
use crate::open::Data;
use crate::problem::{Problem, Severity};
use crate::search::{Query, entry_text};
use crate::state::{self, State};
use crate::strings as s;
use crate::strings::io_message;
use crate::termine;
use crate::text::display_name;
use crate::tree::Node;

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
        let kind = p.severity.name();
        writeln!(out, "{kind}: {}: {}", p.location(), p.message)?;
    }
    writeln!(out, "{}", s::check_summary(r.errors.len(), r.warnings.len(), r.notes.len()))?;
    Ok(status(clean))
}

/// One line of `search --json`.
#[derive(Debug, Serialize)]
struct SearchLine<'a> {
    kind: &'static str,
    key: String,
    nummer: &'a str,
    titel: &'a str,
    gremium: &'a str,
    datum: Option<String>,
    score: i64,
}

/// Prints the best matches, those holding every word first; exits 1 when
/// there are none (as grep does), 2 when the query says nothing or holds
/// what is not understood (an unknown filter), with the reason on standard
/// error.
pub fn search(out: &mut impl Write, d: &Data, query: &str, limit: usize, json: bool) -> io::Result<ExitCode> {
    let q = Query::new(query);
    let said = |msg: &str| {
        let _ = writeln!(io::stderr(), "{}", crate::text::escape_unprintable(msg));
        ExitCode::from(2)
    };
    if let Some(problem) = q.problems.first() {
        return Ok(said(problem));
    }
    if q.is_empty() {
        return Ok(said(s::LEERE_SUCHE));
    }
    let r = crate::search::SearchResult::of(&d.index, q);
    let (a, t) = (&d.archive, &d.tree);
    for &(score, id) in r.top.iter().take(limit) {
        let e = &d.index.entries[id as usize];
        if !json {
            writeln!(out, "{}", entry_text(a, t, e.node))?;
            continue;
        }
        let (kind, record, nummer, titel, gremium) = match e.node {
            Node::Vorlage(v) => (
                "vorlage",
                RecordId::Vorlage(v),
                a.vorlage(v).nummer.as_str(),
                a.vorlage(v).betreff.as_str(),
                "",
            ),
            Node::Item(i) => {
                let it = &t.items[i as usize];
                let gremium = t.gremien[it.gremium as usize].name.as_str();
                match (it.vorlage, it.auszug) {
                    (Some(v), _) => (
                        "vorlage",
                        RecordId::Vorlage(v),
                        a.vorlage(v).nummer.as_str(),
                        a.vorlage(v).betreff.as_str(),
                        gremium,
                    ),
                    (None, Some(au)) => (
                        "auszug",
                        RecordId::Auszug(au),
                        a.auszug(au).vorlage.as_str(),
                        a.auszug(au).titel.as_str(),
                        gremium,
                    ),
                    (None, None) => continue,
                }
            }
            _ => continue,
        };
        let line = SearchLine {
            kind,
            key: a.key(record).to_string(),
            nummer,
            titel,
            gremium,
            datum: e.shown.map(|d| d.to_string()),
            score,
        };
        writeln!(out, "{}", serde_json::to_string(&line).map_err(io::Error::other)?)?;
    }
    Ok(status(!r.top.is_empty()))
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
    let hits = match crate::finder::text_hits(&ft, &d.archive, &d.tree, &d.index, query, limit) {
        Ok(found) => found.hits,
        Err(e) => {
            let _ = writeln!(io::stderr(), "{}", crate::text::escape_unprintable(&e));
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
            writeln!(out, "    {}: {}", crate::text::sanitize(&h.section), h.snippet)?;
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

/// Prints each record `reference` names (see [`records_named`]): as the
/// reading pane shows it (wrapped to `width`), as Markdown (separated by
/// rules) or as a JSON array. With `documents` (text only), then the text
/// of each of its documents that the reader does not show already (a
/// downloaded PDF's, extracted now if it was not before), or why there is
/// none.
pub fn show(
    out: &mut impl Write,
    d: &Data,
    reference: &str,
    width: u16,
    format: crate::export::Format,
    documents: Option<&Documents>,
) -> io::Result<ExitCode> {
    use crate::export::{Format, json, markdown};
    let nodes = records_named(d, reference);
    if nodes.is_empty() {
        let _ = writeln!(io::stderr(), "{}", s::nicht_gefunden(&crate::text::sanitize(reference)));
        if format == Format::Json {
            writeln!(out, "[]")?;
        }
        return Ok(status(false));
    }
    match format {
        Format::Text => {
            for (i, &node) in nodes.iter().enumerate() {
                if i > 0 {
                    writeln!(out, "{}", "─".repeat(usize::from(width)))?;
                }
                let doc = document(&d.archive, &d.tree, node);
                crate::wrap::write_plain(out, &doc, width)?;
                if let Some(docs) = documents {
                    let texts = document_texts(d, node, docs);
                    if !texts.blocks.is_empty() {
                        writeln!(out)?;
                        crate::wrap::write_plain(out, &texts, width)?;
                    }
                }
            }
        }
        Format::Markdown => {
            for (i, &node) in nodes.iter().enumerate() {
                if i > 0 {
                    writeln!(out, "\n---\n")?;
                }
                out.write_all(markdown::node(&d.archive, &d.tree, node).as_bytes())?;
            }
        }
        Format::Json => {
            let records: Vec<json::Value> =
                nodes.iter().filter_map(|&n| json::node(&d.archive, &d.tree, n)).collect();
            serde_json::to_writer_pretty(&mut *out, &records)?;
            writeln!(out)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The texts of `node`'s documents that the reader does not show (those
/// without the server's text), as headed sections.
fn document_texts(d: &Data, node: Node, docs: &Documents) -> crate::document::Document {
    use crate::document::{Block, Document};
    let mut out = Document::default();
    for r in d.records_of(node) {
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
        let kind = p.severity.name();
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

/// `ratsinfo state`: where the state is and how much it holds.
pub fn state_info(out: &mut impl Write, st: &State) -> io::Result<ExitCode> {
    let path = st.store().path().map(display_name).unwrap_or_default();
    if let Some(p) = st.problem() {
        let _ = writeln!(io::stderr(), "{p}");
    }
    match st.store().counts() {
        Ok((read, merk, notes)) => writeln!(out, "{}", s::zustand_info(&path, read, merk, notes))?,
        Err(e) => {
            let _ = writeln!(io::stderr(), "{e}");
            return Ok(ExitCode::from(2));
        }
    }
    Ok(status(st.problem().is_none()))
}

/// `ratsinfo state export FILE`: every entry as JSON; `-` writes to
/// standard output.
pub fn state_export(out: &mut impl Write, st: &State, file: &Path) -> io::Result<ExitCode> {
    if let Some(p) = st.problem() {
        let _ = writeln!(io::stderr(), "{p}");
    }
    let export = match state::export(st.store()) {
        Ok(e) => e,
        Err(e) => {
            let _ = writeln!(io::stderr(), "{e}");
            return Ok(ExitCode::from(2));
        }
    };
    let mut json = serde_json::to_string_pretty(&export).map_err(io::Error::other)?;
    json.push('\n');
    if file == Path::new("-") {
        out.write_all(json.as_bytes())?;
        return Ok(ExitCode::SUCCESS);
    }
    if let Err(e) = write_whole(file, json.as_bytes()) {
        let _ = writeln!(io::stderr(), "{}: {}", display_name(file), io_message(&e));
        return Ok(ExitCode::from(2));
    }
    let _ = writeln!(io::stderr(), "{}", s::zustand_exportiert(export.eintraege.len(), &display_name(file)));
    Ok(ExitCode::SUCCESS)
}

/// Writes `bytes` to `path` whole or not at all: into a file beside it,
/// then renamed over it.
fn write_whole(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = std::path::PathBuf::from(tmp);
    let result = std::fs::write(&tmp, bytes).and_then(|()| std::fs::rename(&tmp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// `ratsinfo state import FILE`: merges an export into the store.
pub fn state_import(out: &mut impl Write, st: &mut State, file: &Path) -> io::Result<ExitCode> {
    if let Some(p) = st.problem() {
        let _ = writeln!(io::stderr(), "{p}\n{}", s::ZUSTAND_NICHT_GESPEICHERT);
        return Ok(ExitCode::from(2));
    }
    match state::import_file(st.store_mut(), file) {
        Ok(r) => {
            writeln!(out, "{}", s::zustand_importiert(&display_name(file), &r))?;
            Ok(status(r.invalid == 0))
        }
        Err(e) => {
            let _ = writeln!(io::stderr(), "{e}");
            Ok(ExitCode::from(2))
        }
    }
}

/// `ratsinfo state stress` (hidden, for the tests of durability): writes
/// read marks (`mode` "read"), notes ("note") or read marks and a note on
/// every third ("both"), one key after the other, printing each key once
/// its writes have returned.
pub fn state_stress(
    out: &mut impl Write,
    st: &mut State,
    prefix: &str,
    count: u64,
    mode: &str,
) -> io::Result<ExitCode> {
    if let Some(p) = st.problem() {
        let _ = writeln!(io::stderr(), "{p}");
        return Ok(ExitCode::from(2));
    }
    let label =
        state::Label { kind: state::kind::VORLAGE.into(), nummer: String::new(), titel: "Test".into() };
    for i in 0..count {
        let key = format!("vorlage|Stress|{prefix}-{i}");
        let read = mode != "note";
        let note = mode == "note" || (mode == "both" && i % 3 == 0);
        let result = if read { st.set_read_by_key(&key, &label, true) } else { Ok(()) }.and_then(|()| {
            if note { st.set_note_by_key(&key, &label, &format!("Notiz {prefix} {i}")) } else { Ok(()) }
        });
        if let Err(e) = result {
            let _ = writeln!(io::stderr(), "{e}");
            return Ok(ExitCode::from(2));
        }
        writeln!(out, "{key}")?;
        out.flush()?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `ratsinfo config --default`: the commented default config file.
pub fn config_default(out: &mut impl Write) -> io::Result<ExitCode> {
    out.write_all(crate::config::default_file().as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

/// `ratsinfo config`: where the config file is, and what is wrong in it;
/// exits 1 when anything is.
pub fn config_check(out: &mut impl Write, dirs: &crate::dirs::Dirs) -> io::Result<ExitCode> {
    let path = dirs.config_file();
    writeln!(out, "{}", s::konfig_ort(&display_name(&path), path.exists()))?;
    let loaded = crate::config::Config::load_from(&path, false);
    for p in &loaded.problems {
        writeln!(out, "{}", crate::config::describe(p))?;
    }
    if loaded.problems.is_empty() && path.exists() {
        writeln!(out, "{}", s::KONFIG_IN_ORDNUNG)?;
    }
    Ok(status(loaded.problems.is_empty()))
}

/// `ratsinfo notes`: every note with its record, as Markdown or JSON.
pub fn notes(out: &mut impl Write, d: &Data, st: &State, json: bool) -> io::Result<ExitCode> {
    if let Some(p) = st.problem() {
        let _ = writeln!(io::stderr(), "{p}");
    }
    let (view, error) = st.resolve(d);
    if let Some(e) = error {
        let _ = writeln!(io::stderr(), "{e}");
    }
    let notes = state::notes::collect(d, &view);
    if json {
        serde_json::to_writer_pretty(&mut *out, &notes)?;
        writeln!(out)?;
    } else {
        out.write_all(state::notes::markdown(&notes).as_bytes())?;
    }
    Ok(ExitCode::SUCCESS)
}
