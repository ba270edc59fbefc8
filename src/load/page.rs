//! The page importer: saved pages of a council information system (plain
//! text, as a browser saves them or copy and paste yields them) turned into
//! records of the export format.
//!
//! Such a page is a flat run of lines; its structure has to be recovered from
//! what the lines say. A page is, in order:
//!
//! - the site's frame (cookie banner, "Ratsinformationssystem"), skipped
//!   wherever it appears, but read for the body whose site it is;
//! - the kind line, "Vorlage - 2021/0832" or "Auszug - <Titel>";
//! - the header: labelled fields ("Status:öffentlichVorlage-Art:…", several
//!   to a line) and the Beratungsfolge;
//! - the body: a table of contents (the section names without colon), then
//!   the sections, each starting at its heading ("Sachverhalt:").
//!
//! Nothing is guessed: what a page does not show is left empty, and text is
//! kept as the page has it, damage included.

use std::borrow::Cow;
use std::path::PathBuf;

use super::lenient::Record;
use crate::files::ReadError;
use crate::model::{Auszug, Beratung, Date, Dokument, ExportFile, FORMAT_ID, Vorlage};
use crate::problem::{Problem, Severity};
use crate::text::display_name;
use crate::text::{clean_line, clean_line_str, clean_text, clean_text_str};

/// One record read from a page.
#[derive(Debug, Clone, PartialEq)]
pub enum Page {
    Vorlage(Vorlage),
    Auszug(Auszug),
}

/// What one page yielded.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Imported {
    /// The page's own record first. An Auszug page also shows the header of
    /// the Vorlage it discusses (Status, Vorlage-Art, Verfasser, …); the Auszug
    /// has no place for those, so they become a Vorlage record of their own,
    /// which the reader merges with the full Vorlage where that is loaded too.
    pub records: Vec<Page>,
    /// The body whose site the page was saved from, where its frame says so.
    pub koerperschaft: String,
    pub quelle: String,
}

/// Reads one saved page; `name` is the file name used in problems.
pub fn import_page(name: &str, bytes: &[u8]) -> Result<Imported, Problem> {
    let text = decode(bytes);
    let (lines, frame) = content_lines(&text);
    let Some((at, kind)) = lines.iter().enumerate().find_map(|(i, l)| page_kind(&l.clean).map(|k| (i, k)))
    else {
        return Err(Problem::new(Severity::Error, name, crate::strings::KEINE_RIS_SEITE.to_owned()));
    };
    let rest = &lines[at + 1..];
    let table = match kind {
        Kind::Vorlage(_) => VORLAGE_SECTIONS,
        Kind::Auszug(_) => AUSZUG_SECTIONS,
    };
    let body_at = rest
        .iter()
        .position(|l| section_named(table, &l.clean).is_some() || heading(table, l).is_some())
        .unwrap_or(rest.len());
    let (header, body) = rest.split_at(body_at);
    let body = Body::parse(table, body);
    let records = match kind {
        Kind::Vorlage(nummer) => vec![Page::Vorlage(vorlage_page(nummer, header, &body))],
        Kind::Auszug(titel) => auszug_page(titel, header, &body),
    };
    let (koerperschaft, quelle) = match frame.site {
        Some((koerperschaft, quelle)) => (koerperschaft, if frame.system { quelle } else { "" }),
        None => ("", ""),
    };
    Ok(Imported { records, koerperschaft: koerperschaft.to_owned(), quelle: quelle.to_owned() })
}

/// The largest page that is read. Saved council pages are tens of KB, the
/// longest seen a few hundred; far beyond that a file is no such page, and
/// reading it whole costs memory in proportion (a line is a few dozen
/// bytes of bookkeeping however short it is).
pub const PAGE_MAX_BYTES: u64 = 8 << 20;

/// Reads saved pages into one export file, in the order given. A page that
/// cannot be read or recognised is reported and the others are still read.
/// `koerperschaft` and `quelle` are set only when every page read names the
/// same one: a file mixing councils must not claim all its records for one.
pub fn import_files(paths: &[PathBuf]) -> (ExportFile, Vec<Problem>) {
    let mut file = ExportFile { format: FORMAT_ID.to_owned(), ..ExportFile::default() };
    let mut problems = Vec::new();
    let mut sites = Vec::new();
    for path in paths {
        let name = display_name(path);
        let imported = crate::files::read(path, PAGE_MAX_BYTES)
            .map_err(|e| {
                let why = match e {
                    ReadError::TooLarge { len, max } => crate::strings::seite_zu_gross(len, max),
                    e => e.message(),
                };
                Problem::new(Severity::Error, &name, crate::strings::nicht_lesbar(&why))
            })
            .and_then(|(bytes, _)| import_page(&name, &bytes));
        let page = match imported {
            Ok(page) => page,
            Err(p) => {
                problems.push(p);
                continue;
            }
        };
        sites.push((page.koerperschaft, page.quelle));
        for record in page.records {
            problems.extend(incomplete(&name, &record));
            match record {
                Page::Vorlage(v) => file.vorlagen.push(v),
                Page::Auszug(a) => file.auszuege.push(a),
            }
        }
    }
    file.koerperschaft = common(sites.iter().map(|s| s.0.as_str()));
    file.quelle = common(sites.iter().map(|s| s.1.as_str()));
    (file, problems)
}

/// The value all items share, or empty when they differ or there are none.
fn common<'a>(mut values: impl Iterator<Item = &'a str>) -> String {
    let first = values.next().unwrap_or_default();
    if values.all(|v| v == first) { first.to_owned() } else { String::new() }
}

/// Warnings for required fields the page did not show: the record is still
/// written, but the reader reports it as broken, so the user hears of it now.
fn incomplete(name: &str, record: &Page) -> Vec<Problem> {
    let (what, missing) = match record {
        Page::Vorlage(v) => (crate::strings::vorlage_name(&v.nummer), v.missing()),
        Page::Auszug(a) => (crate::strings::auszug_name(&a.titel), a.missing()),
    };
    missing
        .into_iter()
        .map(|field| {
            let msg = crate::strings::pflichtfeld_nicht_auf_seite(&what, field);
            Problem::new(Severity::Warning, name, msg)
        })
        .collect()
}

/// Windows-1252 for 0x80–0x9F; the five bytes it leaves undefined keep their
/// Latin-1 (C1 control) meaning, which the text cleaning makes visible.
const CP1252_HIGH: [char; 32] = [
    '\u{20AC}', '\u{81}', '\u{201A}', '\u{192}', '\u{201E}', '\u{2026}', '\u{2020}', '\u{2021}', '\u{2C6}',
    '\u{2030}', '\u{160}', '\u{2039}', '\u{152}', '\u{8D}', '\u{17D}', '\u{8F}', '\u{90}', '\u{2018}',
    '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}', '\u{2014}', '\u{2DC}', '\u{2122}', '\u{161}',
    '\u{203A}', '\u{153}', '\u{9D}', '\u{17E}', '\u{178}',
];

/// UTF-8 (with or without BOM) as it is; anything else was saved by an older
/// Windows browser or editor, so it is read as Windows-1252, which never fails.
fn decode(bytes: &[u8]) -> Cow<'_, str> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => Cow::Owned(
            bytes
                .iter()
                .map(|&b| match b {
                    0x80..=0x9F => CP1252_HIGH[usize::from(b - 0x80)],
                    _ => char::from(b),
                })
                .collect(),
        ),
    }
}

/// One line of the page: as it stands, for section text (where clean_text
/// still needs the blank lines between paragraphs), and cleaned, for
/// matching (inline, without an allocation, when short, as most are).
struct Line<'a> {
    raw: &'a str,
    clean: compact_str::CompactString,
}

/// What the site's frame tells about the page.
#[derive(Default)]
struct Frame {
    /// Körperschaft and Quelle of the site the cookie banner names.
    site: Option<(&'static str, &'static str)>,
    /// The page carries the "Ratsinformationssystem" header, so it comes from
    /// the site's council system and not from another part of the site.
    system: bool,
}

/// The sites whose cookie banner names them ("herne.de setzt … Cookies ein"):
/// host, Körperschaft, Quelle.
const SITES: [(&str, &str, &str); 1] =
    [("herne.de", "Stadt Herne", "Ratsinformationssystem der Stadt Herne")];

const COOKIE_BANNER: &str = "Cookie-Einstellungen";
const SYSTEM_HEADER: &str = "Ratsinformationssystem";
/// Frame lines that may also stand outside the banner.
const CHROME: [&str; 5] = ["eTracker:", "Readspeaker:", "Youtube:", "Google Translate:", SYSTEM_HEADER];

/// The lines of the page without its frame, and the site the frame names.
/// The cookie banner runs from its title to the next blank line; its lines
/// are prose about cookies and would otherwise end up in the header.
fn content_lines(text: &str) -> (Vec<Line<'_>>, Frame) {
    let mut lines = Vec::new();
    let mut frame = Frame::default();
    let mut in_banner = false;
    for raw in text.lines() {
        let clean = clean_line_str(raw);
        if clean == COOKIE_BANNER {
            in_banner = true;
            continue;
        }
        if in_banner && !clean.is_empty() {
            if let Some(&(_, koerperschaft, quelle)) = SITES.iter().find(|s| clean.contains(s.0)) {
                frame.site = Some((koerperschaft, quelle));
            }
            continue;
        }
        in_banner = false;
        frame.system |= clean == SYSTEM_HEADER;
        if !CHROME.contains(&clean.as_str()) {
            lines.push(Line { raw, clean });
        }
    }
    (lines, frame)
}

enum Kind {
    Vorlage(String),
    Auszug(String),
}

fn page_kind(line: &str) -> Option<Kind> {
    if let Some(nummer) = line.strip_prefix("Vorlage - ") {
        return is_nummer(nummer).then(|| Kind::Vorlage(nummer.to_owned()));
    }
    let titel = line.strip_prefix("Auszug - ")?;
    Some(Kind::Auszug(titel.to_owned()))
}

/// A Vorlage number as these systems write it: year, slash, serial number.
fn is_nummer(s: &str) -> bool {
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    s.split_once('/').is_some_and(|(year, serial)| digits(year) && digits(serial))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Finanzen,
    Beschlussvorschlag,
    Sachverhalt,
    Anlagen,
    Wortprotokoll,
    Beschluss,
}

/// Section names as headings ("Sachverhalt:") and table of contents
/// ("Sachverhalt") show them. "Anlage:" opens the Anlagen section too: on
/// these pages it follows the signature and captions the attachment ("Original
/// des Antrages"), a caption the model has no field for; treating it as part
/// of the Sachverhalt would put it after the signature that ends that text.
const VORLAGE_SECTIONS: &[(&str, Section)] = &[
    ("Finanzielle Auswirkungen", Section::Finanzen),
    ("Beschlussvorschlag", Section::Beschlussvorschlag),
    ("Sachverhalt", Section::Sachverhalt),
    ("Anlage/n", Section::Anlagen),
    ("Anlagen", Section::Anlagen),
    ("Anlage", Section::Anlagen),
];

/// An Auszug has no Anlagen in the model, but its attachment table must still
/// end the Beschluss rather than become part of it.
const AUSZUG_SECTIONS: &[(&str, Section)] = &[
    ("Wortprotokoll", Section::Wortprotokoll),
    ("Beschluss", Section::Beschluss),
    ("Anlage/n", Section::Anlagen),
    ("Anlagen", Section::Anlagen),
    ("Anlage", Section::Anlagen),
];

fn section_named(table: &[(&str, Section)], name: &str) -> Option<Section> {
    table.iter().find(|(n, _)| *n == name).map(|&(_, s)| s)
}

/// A section heading and whatever follows its colon on the same line
/// ("Finanzielle Auswirkungen: Ausgaben/Einnahmen in €:").
fn heading<'a>(table: &[(&str, Section)], line: &Line<'a>) -> Option<(Section, &'a str)> {
    let (name, _) = line.clean.split_once(':')?;
    let section = section_named(table, name.trim_end())?;
    Some((section, line.raw.split_once(':').map_or("", |(_, after)| after)))
}

/// The lines of each section, as the page has them.
#[derive(Default)]
struct Body<'a> {
    lines: [Vec<&'a str>; 6],
    /// Per section: how many of its lines have text (counted to two), and
    /// the first such line, cleaned. That is all [`Body::repeats`] needs:
    /// comparing a repeated heading with the whole section so far made
    /// 20,000 repeated headings take 10 s.
    content: [(u8, String); 6],
}

impl<'a> Body<'a> {
    /// Sorts the lines after the header into sections. Text right after the
    /// table of contents belongs to its first entry until a heading says
    /// otherwise: Auszug pages give the Wortprotokoll no heading of its own.
    /// A heading repeated before its section has other text (as in "Beschluss-
    /// vorschlag:" twice) is one heading, so that nothing appears twice.
    fn parse(table: &[(&str, Section)], lines: &[Line<'a>]) -> Body<'a> {
        let toc: Vec<Section> = lines.iter().map_while(|l| section_named(table, &l.clean)).collect();
        let mut body = Body::default();
        let mut current = toc.first().copied();
        for line in &lines[toc.len()..] {
            let Some((section, after)) = heading(table, line) else {
                if let Some(s) = current {
                    body.push(s, line.raw);
                }
                continue;
            };
            if Some(section) == current && body.repeats(section, after) {
                continue;
            }
            // A section met again continues as a new paragraph.
            if Some(section) != current && !body.lines[section as usize].is_empty() {
                body.push(section, "");
            }
            body.push(section, after);
            current = Some(section);
        }
        body
    }

    fn push(&mut self, section: Section, line: &'a str) {
        let i = section as usize;
        self.lines[i].push(line);
        let (count, first) = &mut self.content[i];
        if *count < 2 {
            let clean = clean_text_str(line);
            if !clean.is_empty() {
                *count += 1;
                if *count == 1 {
                    *first = clean;
                }
            }
        }
    }

    /// Whether a heading with `after` on its line repeats what the section
    /// holds: nothing, or that same one line. (The section's text is that
    /// line exactly when it is the only one with text: blank lines around
    /// it are dropped by the cleaning.)
    fn repeats(&self, section: Section, after: &str) -> bool {
        let after = clean_line(after.to_owned());
        let (count, first) = &self.content[section as usize];
        after.is_empty() || *count == 1 && *first == after
    }

    fn text(&self, section: Section) -> String {
        clean_text(self.lines[section as usize].join("\n"))
    }

    fn anlagen(&self) -> Vec<Dokument> {
        self.lines[Section::Anlagen as usize]
            .iter()
            .filter_map(|l| anlage(&clean_line((*l).to_owned())))
            .collect()
    }
}

/// A row of the Anlagen table, "Anlage 1 1 öffentlich NAME (101 KB)": the
/// first number labels the row's link, the second is the column "Nr.".
/// Anything else in the section (column titles, "keine", the caption) is not
/// a row.
fn anlage(line: &str) -> Option<Dokument> {
    let mut parts = line.strip_prefix("Anlage ")?.splitn(4, ' ');
    let (label, nr, status, rest) = (parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    if !label.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (name, groesse) = name_and_size(rest);
    (!name.is_empty()).then(|| Dokument {
        nr: nr.into(),
        name: name.into(),
        status: status.into(),
        groesse: groesse.into(),
        ..Dokument::default()
    })
}

/// Splits "NAME (101 KB)" at the first size in parentheses. Some rows offer
/// the file a second time, converted: "NAME (30 KB) PDF-Dokument (20 KB)".
/// That is the same Anlage in another format, not a second one, and the
/// model holds one size per Anlage, so the size of the file the row is named
/// for is kept and the converted copy left out.
fn name_and_size(s: &str) -> (&str, &str) {
    for (open, _) in s.match_indices(" (") {
        let inner = &s[open + 2..];
        // A size is short: looking further for the ')' would make a row of
        // many " (" quadratic.
        let near = &inner.as_bytes()[..inner.len().min(24)];
        let close = near.iter().position(|&b| b == b')');
        if let Some(size) = close.map(|c| &inner[..c]).filter(|size| is_size(size)) {
            return (s[..open].trim_end(), size);
        }
    }
    (s, "")
}

fn is_size(s: &str) -> bool {
    s.split_once(' ').is_some_and(|(n, unit)| {
        !n.is_empty()
            && n.bytes().all(|b| b.is_ascii_digit() || b == b',' || b == b'.')
            && ["Bytes", "B", "KB", "kB", "MB", "GB"].contains(&unit)
    })
}

fn vorlage_page(nummer: String, header: &[Line], body: &Body) -> Vorlage {
    let mut v = Vorlage { nummer: nummer.into(), ..Vorlage::default() };
    read_vorlage_header(&mut v, header);
    v.finanzielle_auswirkungen = body.text(Section::Finanzen).into();
    v.beschlussvorschlag = body.text(Section::Beschlussvorschlag).into();
    v.sachverhalt = body.text(Section::Sachverhalt).into();
    v.anlagen = body.anlagen().into_iter().map(std::sync::Arc::new).collect();
    v
}

/// The Auszug, and the Vorlage it names: its header fields follow the line
/// "2013/0228 Bericht …" that names it.
fn auszug_page(titel: String, header: &[Line], body: &Body) -> Vec<Page> {
    let mut a = Auszug { titel: titel.into(), ..Auszug::default() };
    let reference = header.iter().position(|l| vorlage_reference(&l.clean).is_some());
    let (own, theirs) = header.split_at(reference.unwrap_or(header.len()));
    for line in own {
        for (label, value) in fields(&line.clean) {
            set_auszug_field(&mut a, label, value);
        }
    }
    a.wortprotokoll = body.text(Section::Wortprotokoll).into();
    a.beschluss = body.text(Section::Beschluss).into();
    let vorlage = theirs.split_first().and_then(|(first, rest)| {
        let (nummer, betreff) = vorlage_reference(&first.clean)?;
        let mut v = Vorlage {
            nummer: nummer.into(),
            betreff: clean_line(betreff.to_owned()).into(),
            ..Vorlage::default()
        };
        read_vorlage_header(&mut v, rest);
        Some(v)
    });
    a.vorlage = vorlage.as_ref().map(|v| v.nummer.clone()).unwrap_or_default();
    std::iter::once(Page::Auszug(a)).chain(vorlage.map(Page::Vorlage)).collect()
}

/// "2013/0228 Bericht …": the number and Betreff of the Vorlage an Auszug
/// belongs to.
fn vorlage_reference(line: &str) -> Option<(&str, &str)> {
    let (nummer, betreff) = line.split_once(' ').unwrap_or((line, ""));
    is_nummer(nummer).then_some((nummer, betreff))
}

fn read_vorlage_header(v: &mut Vorlage, lines: &[Line]) {
    let mut i = 0;
    while i < lines.len() {
        if lines[i].clean == "Beratungsfolge:" {
            let block: Vec<&str> =
                lines[i + 1..].iter().map(|l| l.clean.as_str()).take_while(|l| !l.is_empty()).collect();
            i += block.len();
            v.beratungsfolge = beratungsfolge(&block);
        } else {
            for (label, value) in fields(&lines[i].clean) {
                set_vorlage_field(v, label, value);
            }
        }
        i += 1;
    }
}

fn set_vorlage_field(v: &mut Vorlage, label: &str, value: String) {
    match label {
        "Betreff" => v.betreff = value.into(),
        "Status" => v.status = value.into(),
        "Vorlage-Art" => v.art = value.into(),
        "Verfasser" => v.verfasser = value.into(),
        "Federführend" => v.federfuehrend = value.into(),
        "Bearbeiter/-in" => v.bearbeiter = value.into(),
        _ => {}
    }
}

fn set_auszug_field(a: &mut Auszug, label: &str, value: String) {
    match label {
        "TOP" => a.top = value.into(),
        "Gremium" => a.gremium = value.into(),
        "Beschlussart" => a.beschlussart = value.into(),
        // "Do, 06.06.2013": the weekday adds nothing.
        "Datum" => a.datum = value.rsplit(' ').next().and_then(Date::parse),
        "Status" => a.status = value.into(),
        "Zeit" => {
            let (beginn, ende) = value.split_once('-').unwrap_or((value.as_str(), ""));
            (a.beginn, a.ende) =
                (uhrzeit(beginn).unwrap_or_default().into(), uhrzeit(ende).unwrap_or_default().into());
        }
        "Anlass" => a.anlass = value.into(),
        "Raum" => a.raum = value.into(),
        "Ort" => a.ort = value.into(),
        _ => {}
    }
}

/// "16:00" or "9:30 Uhr" as `HH:MM`.
fn uhrzeit(s: &str) -> Option<String> {
    let s = s.trim();
    let (h, m) = s.strip_suffix("Uhr").unwrap_or(s).trim_end().split_once(':')?;
    let number = |t: &str, len: std::ops::RangeInclusive<usize>, max: u8| {
        (len.contains(&t.len()) && t.bytes().all(|b| b.is_ascii_digit()))
            .then(|| t.parse::<u8>().ok())
            .flatten()
            .filter(|n| *n <= max)
    };
    Some(format!("{:02}:{:02}", number(h, 1..=2, 23)?, number(m, 2..=2, 59)?))
}

/// Header labels. Case matters: it keeps "Ort:" from matching inside
/// "Sitzungsort:".
const LABELS: [&str; 14] = [
    "Betreff",
    "Status",
    "Vorlage-Art",
    "Verfasser",
    "Federführend",
    "Bearbeiter/-in",
    "TOP",
    "Gremium",
    "Beschlussart",
    "Datum",
    "Zeit",
    "Anlass",
    "Raum",
    "Ort",
];

/// The labelled values of a header line. The page runs several fields
/// together ("Status:öffentlichVorlage-Art:Antrag-Formular"), so every label
/// in the line starts a new value; only the Betreff is free text and taken
/// whole. A line that does not start with a label has no fields.
fn fields(line: &str) -> Vec<(&'static str, String)> {
    if let Some(betreff) = line.strip_prefix("Betreff:") {
        return vec![("Betreff", clean_line(betreff.to_owned()))];
    }
    let mut starts: Vec<(usize, &'static str)> = Vec::new();
    for label in LABELS {
        starts.extend(line.match_indices(&format!("{label}:")).map(|(i, _)| (i, label)));
    }
    starts.sort_unstable();
    if starts.first().is_none_or(|&(i, _)| i != 0) {
        return Vec::new();
    }
    let ends = starts.iter().skip(1).map(|&(i, _)| i).chain([line.len()]);
    starts
        .iter()
        .zip(ends)
        .map(|(&(i, label), end)| {
            let from = i + label.len() + 1;
            (label, clean_line(line[from..end.max(from)].to_owned()))
        })
        .collect()
}

/// The Beratungsfolge: per step a line "Gremium Rolle" (the role may be
/// missing), the session's date, and the result once there is one. A line
/// followed by a date starts a step, so a step without result is no problem.
fn beratungsfolge(block: &[&str]) -> Vec<Beratung> {
    let mut steps: Vec<Beratung> = Vec::new();
    for (i, line) in block.iter().enumerate() {
        if let Some(date) = Date::parse(line) {
            if let Some(step) = steps.last_mut() {
                step.datum = Some(date);
            }
            continue;
        }
        let starts_step = block.get(i + 1).is_some_and(|next| Date::parse(next).is_some());
        match steps.last_mut() {
            Some(step) if !starts_step && step.datum.is_some() && step.ergebnis.is_empty() => {
                step.ergebnis = (*line).into();
            }
            _ => steps.push(gremium_und_rolle(line)),
        }
    }
    steps
}

/// Roles a Gremium can have in a Beratungsfolge. Only a known role is split
/// off: Gremium names end in all kinds of words ("Rat der Stadt").
const ROLLEN: [&str; 5] = ["Vorberatung", "Entscheidung", "Kenntnisnahme", "Anhörung", "Beratung"];

fn gremium_und_rolle(line: &str) -> Beratung {
    match line.rsplit_once(' ') {
        Some((gremium, rolle)) if ROLLEN.contains(&rolle) => {
            Beratung { gremium: gremium.into(), rolle: rolle.into(), ..Beratung::default() }
        }
        _ => Beratung { gremium: line.into(), ..Beratung::default() },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(text: &str) -> Imported {
        import_page("t.txt", text.as_bytes()).unwrap()
    }

    fn vorlage(text: &str) -> Vorlage {
        match page(text).records.remove(0) {
            Page::Vorlage(v) => v,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn fields_run_together_are_split() {
        assert_eq!(
            fields("Status:öffentlichVorlage-Art:Antrag-Formular"),
            [("Status", "öffentlich".to_owned()), ("Vorlage-Art", "Antrag-Formular".to_owned())]
        );
        assert_eq!(
            fields("Federführend:Büro Dezernat III Bearbeiter/-in: Gnörk, Markus"),
            [
                ("Federführend", "Büro Dezernat III".to_owned()),
                ("Bearbeiter/-in", "Gnörk, Markus".to_owned())
            ]
        );
    }

    #[test]
    fn the_betreff_is_free_text_and_other_lines_need_a_leading_label() {
        assert_eq!(fields("Betreff: Antrag: Status: neu"), [("Betreff", "Antrag: Status: neu".to_owned())]);
        assert!(fields("des Ausschusses für Soziales Ort: x").is_empty());
        assert!(fields("Sitzungsort: Rathaus").is_empty());
    }

    #[test]
    fn anlage_rows_are_parsed() {
        let a = anlage("Anlage 1 2 nichtöffentlich Plan (Entwurf) 3 (1,5 MB)").unwrap();
        assert_eq!((a.nr.as_str(), a.status.as_str()), ("2", "nichtöffentlich"));
        assert_eq!((a.name.as_str(), a.groesse.as_str()), ("Plan (Entwurf) 3", "1,5 MB"));
        let a = anlage("Anlage 1 1 öffentlich Bausteine (30 KB) PDF-Dokument (20 KB)").unwrap();
        assert_eq!((a.name.as_str(), a.groesse.as_str()), ("Bausteine", "30 KB"));
        let a = anlage("Anlage 3 3 öffentlich Ohne Größe").unwrap();
        assert_eq!((a.name.as_str(), a.groesse.as_str()), ("Ohne Größe", ""));
        assert_eq!(anlage("Anlagen: keine"), None);
        assert_eq!(anlage("Anlage zum Antrag der Fraktion"), None);
    }

    #[test]
    fn a_step_without_role_or_result_is_kept() {
        let steps = beratungsfolge(&[
            "Rat der Stadt",
            "15.02.2022",
            "des Rates der Stadt zur Kenntnis genommen",
            "Bezirksvertretung Wanne Anhörung",
            "01.03.2022",
            "Rat der Stadt Entscheidung",
            "08.03.2022",
        ]);
        let seen: Vec<_> =
            steps.iter().map(|s| (s.gremium.as_str(), s.rolle.as_str(), s.ergebnis.as_str())).collect();
        assert_eq!(
            seen,
            [
                ("Rat der Stadt", "", "des Rates der Stadt zur Kenntnis genommen"),
                ("Bezirksvertretung Wanne", "Anhörung", ""),
                ("Rat der Stadt", "Entscheidung", ""),
            ]
        );
        assert_eq!(steps[2].datum, Date::new(2022, 3, 8));
    }

    #[test]
    fn times_are_read_or_left_out() {
        assert_eq!(uhrzeit(" 16:00 ").as_deref(), Some("16:00"));
        assert_eq!(uhrzeit("9:30 Uhr").as_deref(), Some("09:30"));
        for bad in ["", "25:00", "16.00", "16:0", "abends"] {
            assert_eq!(uhrzeit(bad), None, "{bad}");
        }
    }

    #[test]
    fn windows_1252_is_decoded() {
        assert_eq!(decode(b"\x80 \x84Gr\xfc\xdfe\x93 \x96 \x9f"), "€ „Grüße“ – Ÿ");
        assert_eq!(decode("\u{FEFF}Größe".as_bytes()), "Größe");
    }

    #[test]
    fn chrome_is_skipped_wherever_it_appears() {
        let v = vorlage(
            "Vorlage - 2020/0001\nBetreff: B\n\nSachverhalt:\nText.\nYoutube:\n\nCookie-Einstellungen\n\
             Wir setzen Cookies ein.\neTracker:\n\nMehr Text.\nRatsinformationssystem\n",
        );
        assert_eq!(v.sachverhalt, "Text.\n\nMehr Text.");
    }

    #[test]
    fn the_site_is_named_only_by_its_banner() {
        let text = "Cookie-Einstellungen\nherne.de setzt Cookies ein.\n\nRatsinformationssystem\n\
                    Vorlage - 2020/0001\nBetreff: B\n";
        let p = page(text);
        assert_eq!(
            (p.koerperschaft.as_str(), p.quelle.as_str()),
            ("Stadt Herne", "Ratsinformationssystem der Stadt Herne")
        );
        let p = page(&text.replace("Ratsinformationssystem\n", ""));
        assert_eq!((p.koerperschaft.as_str(), p.quelle.as_str()), ("Stadt Herne", ""));
        let p = page("Ratsinformationssystem\nVorlage - 2020/0001\nSachverhalt:\nherne.de\n");
        assert_eq!((p.koerperschaft.as_str(), p.quelle.as_str()), ("", ""));
    }

    #[test]
    fn a_repeated_heading_counts_once_but_new_text_after_it_is_kept() {
        let v = vorlage(
            "Vorlage - 2020/0001\nSachverhalt:\n\nSachverhalt:\nA\n\nFinanzielle Auswirkungen: keine\n\
             \u{A0}\nFinanzielle Auswirkungen: keine\nFinanzielle Auswirkungen: doch\nSachverhalt:\nB\n",
        );
        assert_eq!(v.sachverhalt, "A\n\nB");
        assert_eq!(v.finanzielle_auswirkungen, "keine\n\ndoch");
    }

    #[test]
    fn text_before_any_heading_belongs_to_the_first_entry_of_the_contents() {
        let p = page("Auszug - T\nGremium: Rat\nWortprotokoll\nBeschluss\n\nRede.\n\nBeschluss:\nJa.\n");
        let Page::Auszug(a) = &p.records[0] else { panic!() };
        assert_eq!((a.wortprotokoll.clone(), a.beschluss.clone()), ("Rede.".into(), "Ja.".into()));
        assert_eq!(p.records.len(), 1, "no Vorlage named, none made up");
    }

    #[test]
    fn a_page_of_neither_kind_is_an_error_naming_the_file() {
        for text in ["", "Hallo\nWelt", "Vorlage - Entwurf\n", "Auszug -\n"] {
            let p = import_page("x/kein.txt", text.as_bytes()).unwrap_err();
            assert_eq!((p.file.as_str(), p.severity), ("x/kein.txt", Severity::Error), "{text}");
        }
    }
}
