//! What the reading pane shows for a node, as blocks independent of the
//! width; [`crate::wrap`] lays them out for a given width. The same document
//! feeds the UI and `ratsinfo show`.

use std::sync::Arc;

use crate::archive::Archive;
use crate::long_text::LongText;
use crate::model::{Auszug, Dokument, Rolle, Sitzung, SitzungId, Url, VerweisArt, Vorlage};
use crate::strings as s;
use crate::tree::{Node, Tree};

#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Title(String),
    /// Label/value pairs; empty values are left out when the block is built.
    Fields(Vec<(&'static str, String)>),
    Heading(String),
    /// Plain text: paragraphs separated by a blank line.
    Text(String),
    /// A small table: a short key column and a text; `marked` rows stand out
    /// (the session the reader came from).
    Rows(Vec<Row>),
    Note(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub key: String,
    pub text: String,
    pub marked: bool,
}

impl Row {
    fn new(key: impl Into<String>, text: impl Into<String>) -> Row {
        Row { key: key.into(), text: text.into(), marked: false }
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Document {
    /// Shown in the pane's border.
    pub title: String,
    pub blocks: Vec<Block>,
}

impl Document {
    fn push_fields(&mut self, fields: Vec<(&'static str, String)>) {
        let fields: Vec<_> = fields.into_iter().filter(|(_, v)| !v.is_empty()).collect();
        if !fields.is_empty() {
            self.blocks.push(Block::Fields(fields));
        }
    }

    /// A text under its heading; left out when empty. A text left in its
    /// file is read now (see [`crate::long_text`]).
    fn push_section(&mut self, heading: &str, text: &LongText) {
        let text = text.read_or_notice();
        if !text.is_empty() {
            self.blocks.push(Block::Heading(heading.to_owned()));
            self.blocks.push(Block::Text(text.into_owned()));
        }
    }

    fn push_rows(&mut self, heading: &str, rows: Vec<Row>) {
        if !rows.is_empty() {
            self.blocks.push(Block::Heading(heading.to_owned()));
            self.blocks.push(Block::Rows(rows));
        }
    }

    /// Documents as a table (what, name, type, size, date, where), then
    /// the text of each that has one, like a Sachverhalt. `skip_text`
    /// leaves out a text shown already.
    fn push_dokumente(&mut self, heading: &str, docs: &[Arc<Dokument>], skip_text: Option<Rolle>) {
        let mut rows = Vec::new();
        for (i, d) in docs.iter().enumerate() {
            let key =
                if d.nr.is_empty() { dokument_art(d, i, docs) } else { format!("{} {}", s::ANLAGE, d.nr) };
            let datum = d.datum.map(|d| d.german()).unwrap_or_default();
            let facts = join(&[&dateityp(d), &d.groesse, &datum, &d.status], ", ");
            let facts = if facts.is_empty() { facts } else { format!("({facts})") };
            rows.push(Row::new(key, join(&[&d.name, &facts], " ")));
            if !d.url.is_empty() {
                rows.push(Row::new("", d.url.to_string()));
            }
        }
        self.push_rows(heading, rows);
        for (i, d) in docs.iter().enumerate() {
            if Some(d.rolle) != skip_text {
                self.push_section(&format!("{}: {}", dokument_art(d, i, docs), d.name), &d.text);
            }
        }
    }
}

/// What a document is, as its row names it: its role, and for Anlagen
/// their number among their record's.
fn dokument_art(d: &Dokument, i: usize, docs: &[Arc<Dokument>]) -> String {
    match d.rolle {
        Rolle::Hauptdokument => s::HAUPTDOKUMENT.into(),
        Rolle::Einladung => s::EINLADUNG.into(),
        Rolle::Ergebnisprotokoll => s::ERGEBNISPROTOKOLL.into(),
        Rolle::Wortprotokoll => s::WORTPROTOKOLL.into(),
        Rolle::Beschluss => s::BESCHLUSS.into(),
        Rolle::Anlage => {
            let n = docs[..=i].iter().filter(|x| x.rolle == Rolle::Anlage).count();
            format!("{} {n}", s::ANLAGE)
        }
    }
}

/// The kind of file, as people name it: "PDF", "Word", from the MIME type
/// or else the file name's ending.
pub fn dateityp(d: &Dokument) -> String {
    let mime = d.mime.to_ascii_lowercase();
    let known = [
        ("pdf", "PDF"),
        ("wordprocessing", "Word"),
        ("msword", "Word"),
        ("spreadsheet", "Excel"),
        ("excel", "Excel"),
        ("presentation", "PowerPoint"),
        ("powerpoint", "PowerPoint"),
        ("html", "HTML"),
        ("text/plain", "Text"),
        ("image/", "Bild"),
        ("zip", "ZIP"),
    ];
    if let Some((_, name)) = known.iter().find(|(k, _)| mime.contains(k)) {
        return (*name).into();
    }
    if !mime.is_empty() {
        return d.mime.to_string();
    }
    let url = d.url.to_string();
    let file = if d.datei.is_empty() { url.as_str() } else { d.datei.as_str() };
    match file.rsplit_once('.') {
        Some((_, ext)) if (1..=4).contains(&ext.len()) && ext.chars().all(|c| c.is_ascii_alphanumeric()) => {
            ext.to_ascii_uppercase()
        }
        _ => String::new(),
    }
}

fn join(parts: &[&str], sep: &str) -> String {
    parts.iter().filter(|p| !p.is_empty()).copied().collect::<Vec<_>>().join(sep)
}

fn or_untitled(s: &str) -> String {
    if s.is_empty() { s::OHNE_BETREFF.to_owned() } else { s.to_owned() }
}

pub fn document(a: &Archive, t: &Tree, node: Node) -> Document {
    match node {
        Node::Item(i) => item(a, t, i),
        Node::Vorlage(v) => {
            let mut d = Document::default();
            vorlage(&mut d, a, a.vorlage(v), None);
            d
        }
        Node::Sitzung(si) => sitzung(a, t, si),
        Node::Gremium(g) => gremium(a, t, g),
        Node::OhneSitzung(g) => ohne_sitzung(a, t, g),
        Node::Koerperschaft(k) => overview(t, k, a.koerperschaft(t.koerperschaften[k as usize].id)),
        Node::AlleVorlagen(k) => overview(t, k, s::ALLE_VORLAGEN),
        Node::Jahr(j) => {
            let jahr = &t.jahre[j as usize];
            let name = jahr.year.map_or(s::OHNE_JAHR.to_owned(), |y| y.to_string());
            Document {
                title: format!("{} {name}", s::VORLAGEN),
                blocks: vec![
                    Block::Title(format!("{} {name}", s::VORLAGEN)),
                    Block::Note(s::count(jahr.vorlagen.len(), "Vorlage", "Vorlagen")),
                ],
            }
        }
    }
}

fn vorlage_title(v: &Vorlage) -> String {
    join(&[&v.nummer, &v.art, &v.status], " · ")
}

/// The web page, and the source's id where it is another address.
fn source_fields(url: &Url, id: &Url) -> Vec<(&'static str, String)> {
    let id = if id == url { String::new() } else { id.to_string() };
    vec![(s::WEB, url.to_string()), (s::QUELLE_ID, id)]
}

/// A Beratung's date, or why it has none.
fn beratung_when(b: &crate::model::Beratung) -> String {
    match b.datum {
        Some(d) => d.german(),
        None if b.geplant => s::NICHT_TERMINIERT.to_owned(),
        None => s::OHNE_DATUM.to_owned(),
    }
}

fn vorlage(d: &mut Document, a: &Archive, v: &Vorlage, current: Option<usize>) {
    if d.title.is_empty() {
        d.title = vorlage_title(v);
    }
    d.blocks.push(Block::Title(or_untitled(&v.betreff)));
    let mut fields = vec![
        (s::NUMMER, v.nummer.to_string()),
        (s::ART, v.art.to_string()),
        (s::STATUS, v.status.to_string()),
        (s::DATUM, v.datum.map(|d| d.german()).unwrap_or_default()),
        (s::VERFASSER, v.verfasser.to_string()),
        (s::FEDERFUEHREND, v.federfuehrend.to_string()),
        (s::BEARBEITER, v.bearbeiter.to_string()),
    ];
    fields.extend(source_fields(&v.url, &v.id));
    d.push_fields(fields);
    let rows = v
        .beratungsfolge
        .iter()
        .enumerate()
        .map(|(i, b)| Row {
            key: beratung_when(b),
            text: join(&[&b.gremium, &b.rolle, &b.ergebnis], " · "),
            marked: current == Some(i),
        })
        .collect();
    d.push_rows(s::BERATUNGSFOLGE, rows);
    d.push_section(s::BESCHLUSSVORSCHLAG, &v.beschlussvorschlag);
    d.push_section(s::SACHVERHALT, &v.sachverhalt);
    d.push_section(s::FINANZIELLE_AUSWIRKUNGEN, &v.finanzielle_auswirkungen);
    for (art, heading) in [
        (VerweisArt::Uebergeordnet, s::UEBERGEORDNET),
        (VerweisArt::Untergeordnet, s::UNTERGEORDNET),
        (VerweisArt::Verwandt, s::VERWANDT),
    ] {
        let rows = v
            .verweise
            .iter()
            .filter(|r| r.art == art)
            .map(|r| match r.vorlage {
                Some(other) => {
                    let o = a.vorlage(other);
                    Row::new(o.nummer.as_str(), or_untitled(&o.betreff))
                }
                None => Row::new("", s::nicht_geladen(&r.id.to_string())),
            })
            .collect();
        d.push_rows(heading, rows);
    }
    // The main document's text is the Sachverhalt already (OParl).
    d.push_dokumente(s::ANLAGEN, &v.anlagen, Some(Rolle::Hauptdokument));
}

fn zeit(beginn: &str, ende: &str) -> String {
    match (beginn.is_empty(), ende.is_empty()) {
        (false, false) => format!("{beginn} – {ende}"),
        _ => join(&[beginn, ende], ""),
    }
}

fn auszug(d: &mut Document, a: &Archive, au: &Auszug, linked: bool) {
    let sitzung = au.sitzung.map(|s| a.sitzung(s));
    // The Auszug's own Gremium, time and place (export format), else its
    // session's (OParl keeps them there only).
    let or_session = |own: &str, of: fn(&Sitzung) -> &str| -> String {
        if own.is_empty() { sitzung.map_or("", of).to_owned() } else { own.to_owned() }
    };
    let gremium = or_session(&au.gremium, |s| &s.gremium);
    d.title = join(&[&au.top, &gremium, &au.datum.map(|d| d.german()).unwrap_or_default()], " · ");
    d.blocks.push(Block::Title(or_untitled(&au.titel)));
    let vorlage = match au.vorlage_ref {
        _ if au.vorlage.is_empty() || linked => au.vorlage.to_string(),
        Some(v) => format!("{} {}", au.vorlage, a.vorlage(v).betreff),
        None => s::vorlage_nicht_geladen(&au.vorlage),
    };
    let mut fields = vec![
        (s::TOP, au.top.to_string()),
        (s::GREMIUM, gremium),
        (s::DATUM, au.datum.map(|d| d.german()).unwrap_or_default()),
        (s::ZEIT, zeit(&or_session(&au.beginn, |s| &s.beginn), &or_session(&au.ende, |s| &s.ende))),
        (s::SITZUNG, sitzung.map(|s| s.name.to_string()).unwrap_or_default()),
        (s::RAUM, or_session(&au.raum, |s| &s.raum)),
        (s::ORT, or_session(&au.ort, |s| &s.ort)),
        (s::ANLASS, au.anlass.to_string()),
        (s::STATUS, au.status.to_string()),
        (s::BESCHLUSSART, au.beschlussart.to_string()),
        (s::VORLAGE, vorlage),
    ];
    fields.extend(source_fields(&au.url, &au.id));
    d.push_fields(fields);
    d.push_section(s::WORTPROTOKOLL, &au.wortprotokoll);
    d.push_section(s::BESCHLUSS, &au.beschluss);
    d.push_dokumente(s::DOKUMENTE, &au.dokumente, None);
}

fn item(a: &Archive, t: &Tree, i: u32) -> Document {
    let it = &t.items[i as usize];
    let mut d = Document::default();
    if let Some(au) = it.auszug {
        auszug(&mut d, a, a.auszug(au), it.vorlage.is_some());
    }
    if let Some(v) = it.vorlage {
        let v = a.vorlage(v);
        if it.auszug.is_some() {
            d.blocks.push(Block::Heading(format!("{} {}", s::VORLAGE, v.nummer)));
        }
        vorlage(&mut d, a, v, it.beratung);
    }
    d
}

/// Short line for an item in lists: TOP, Nummer, Betreff or Titel, result.
pub fn item_summary(a: &Archive, t: &Tree, i: u32) -> (String, String, String, String) {
    let it = &t.items[i as usize];
    let au = it.auszug.map(|au| a.auszug(au));
    let v = it.vorlage.map(|v| a.vorlage(v));
    let top = au.map_or("", |au| au.top.as_str()).to_owned();
    let nummer = v.map(|v| v.nummer.as_str()).or(au.map(|au| au.vorlage.as_str())).unwrap_or("").to_owned();
    let title = au
        .map(|au| au.titel.as_str())
        .filter(|t| !t.is_empty())
        .or(v.map(|v| v.betreff.as_str()))
        .unwrap_or("");
    let beratung = it.beratung.and_then(|b| v?.beratungsfolge.get(b));
    let result = au
        .map(|au| au.beschlussart.as_str())
        .filter(|r| !r.is_empty())
        .or_else(|| Some(beratung?.ergebnis.as_str()))
        .filter(|r| !r.is_empty())
        .map(str::to_owned)
        .or_else(|| beratung.filter(|b| b.geplant).map(|_| s::NICHT_TERMINIERT.to_owned()))
        .unwrap_or_default();
    (top, nummer, or_untitled(title), result)
}

/// "Ortschaftsrat Wettersbach - konstituierende Sitzung (öffentlich)" of
/// the Ortschaftsrat Wettersbach is its "konstituierende Sitzung": the part
/// of a session's name that is its own, for telling two sessions of one day
/// apart.
pub fn sitzung_kurzname(s: &Sitzung) -> &str {
    let mut name = s.name.trim();
    // "(öffentlich)", "(öffentlich/nicht öffentlich)": the status, not a name.
    if name.ends_with(')')
        && let Some(i) = name.rfind('(')
    {
        name = name[..i].trim_end();
    }
    if let Some(rest) = name.strip_prefix(s.gremium.as_str()) {
        name = rest.trim_start_matches([' ', '-', '–', ':', ',']).trim();
    }
    if name == s.gremium || name.eq_ignore_ascii_case("sitzung") { "" } else { name }
}

/// A session in one line: its date, and where another session of its
/// Gremium falls on the same day, its time and own name.
pub fn sitzung_label(a: &Archive, t: &Tree, si: SitzungId) -> String {
    let sz = a.sitzung(si);
    let datum = sz.datum.map_or(s::OHNE_DATUM.to_owned(), |d| d.german());
    let gremium = &t.gremien[t.sitzung(si).gremium as usize];
    let same_day = gremium.sitzungen.iter().any(|&o| o != si && a.sitzung(o).datum == sz.datum);
    let mut label = datum;
    if same_day {
        for part in [sz.beginn.as_str(), sitzung_kurzname(sz)] {
            if !part.is_empty() {
                label.push_str(if label.contains(' ') { " · " } else { " " });
                label.push_str(part);
            }
        }
    }
    if sz.abgesagt {
        label.push_str(&format!(" ({})", s::ABGESAGT));
    }
    label
}

fn sitzung(a: &Archive, t: &Tree, si: SitzungId) -> Document {
    let sz = a.sitzung(si);
    let node = t.sitzung(si);
    let gremium = &t.gremien[node.gremium as usize].name;
    let datum = sz.datum.map_or(s::OHNE_DATUM.to_owned(), |d| d.german());
    let mut d = Document { title: format!("{gremium} · {}", sitzung_label(a, t, si)), blocks: vec![] };
    let title = if sz.name.is_empty() { format!("{gremium}, {datum}") } else { sz.name.to_string() };
    d.blocks.push(Block::Title(title));
    let mut fields = vec![
        (s::GREMIUM, gremium.clone()),
        (s::DATUM, datum),
        (s::ZEIT, zeit(&sz.beginn, &sz.ende)),
        (s::RAUM, sz.raum.to_string()),
        (s::ORT, sz.ort.to_string()),
        (s::ANLASS, sz.anlass.to_string()),
        (s::STATUS, if sz.abgesagt { s::ABGESAGT.to_owned() } else { String::new() }),
    ];
    fields.extend(source_fields(&sz.url, &sz.id));
    d.push_fields(fields);
    d.push_dokumente(s::DOKUMENTE, &sz.dokumente, None);
    let rows = node
        .items
        .iter()
        .map(|&i| {
            let (top, nummer, title, result) = item_summary(a, t, i);
            Row::new(top, join(&[&nummer, &title, &result], " · "))
        })
        .collect();
    d.push_rows(s::TAGESORDNUNG, rows);
    if node.items.is_empty() {
        d.blocks.push(Block::Note(s::KEINE_TAGESORDNUNG.to_owned()));
    }
    d
}

fn gremium(a: &Archive, t: &Tree, g: u32) -> Document {
    let gr = &t.gremien[g as usize];
    let mut rows: Vec<Row> = gr
        .sitzungen
        .iter()
        .map(|&si| Row::new(sitzung_label(a, t, si), s::count(t.sitzung(si).items.len(), "TOP", "TOPs")))
        .collect();
    if !gr.ohne_sitzung.is_empty() {
        rows.push(Row::new(s::OHNE_SITZUNG, s::count(gr.ohne_sitzung.len(), "Beratung", "Beratungen")));
    }
    let mut d = Document { title: gr.name.clone(), blocks: vec![Block::Title(gr.name.clone())] };
    d.push_rows(s::SITZUNGEN, rows);
    d
}

fn ohne_sitzung(a: &Archive, t: &Tree, g: u32) -> Document {
    let gr = &t.gremien[g as usize];
    let title = format!("{} · {}", gr.name, s::OHNE_SITZUNG);
    let mut d = Document { title: title.clone(), blocks: vec![Block::Title(title)] };
    d.blocks.push(Block::Note(s::OHNE_SITZUNG_HINWEIS.to_owned()));
    let rows = gr
        .ohne_sitzung
        .iter()
        .map(|&i| {
            let (_, nummer, title, result) = item_summary(a, t, i);
            Row::new(nummer, join(&[&title, &result], " · "))
        })
        .collect();
    d.push_rows(s::BERATUNGEN, rows);
    d
}

fn overview(t: &Tree, k: u32, name: &str) -> Document {
    let kn = &t.koerperschaften[k as usize];
    let vorlagen: usize = kn.jahre.iter().map(|&j| t.jahre[j as usize].vorlagen.len()).sum();
    let sitzungen: usize = kn.gremien.iter().map(|&g| t.gremien[g as usize].sitzungen.len()).sum();
    let name = if name.is_empty() { s::OHNE_KOERPERSCHAFT } else { name };
    Document {
        title: name.to_owned(),
        blocks: vec![
            Block::Title(name.to_owned()),
            Block::Fields(vec![
                (s::GREMIEN, kn.gremien.len().to_string()),
                (s::SITZUNGEN, sitzungen.to_string()),
                (s::VORLAGEN, vorlagen.to_string()),
            ]),
        ],
    }
}
