//! What the reading pane shows for a node, as blocks independent of the
//! width; [`crate::wrap`] lays them out for a given width. The same document
//! feeds the UI and `ratsinfo show`.

use crate::archive::Archive;
use crate::long_text::LongText;
use crate::model::{Auszug, Vorlage};
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
            vorlage(&mut d, a.vorlage(v), None);
            d
        }
        Node::Sitzung(si) => sitzung(a, t, si),
        Node::Gremium(g) => gremium(t, g),
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

fn vorlage(d: &mut Document, v: &Vorlage, current: Option<usize>) {
    if d.title.is_empty() {
        d.title = vorlage_title(v);
    }
    d.blocks.push(Block::Title(or_untitled(&v.betreff)));
    d.push_fields(vec![
        (s::NUMMER, v.nummer.to_string()),
        (s::ART, v.art.to_string()),
        (s::STATUS, v.status.to_string()),
        (s::DATUM, v.datum.map(|d| d.german()).unwrap_or_default()),
        (s::VERFASSER, v.verfasser.to_string()),
        (s::FEDERFUEHREND, v.federfuehrend.to_string()),
        (s::BEARBEITER, v.bearbeiter.to_string()),
    ]);
    let rows = v
        .beratungsfolge
        .iter()
        .enumerate()
        .map(|(i, b)| Row {
            key: b.datum.map_or(s::OHNE_DATUM.to_owned(), |d| d.german()),
            text: join(&[&b.gremium, &b.rolle, &b.ergebnis], " · "),
            marked: current == Some(i),
        })
        .collect();
    d.push_rows(s::BERATUNGSFOLGE, rows);
    d.push_section(s::BESCHLUSSVORSCHLAG, &v.beschlussvorschlag);
    d.push_section(s::SACHVERHALT, &v.sachverhalt);
    d.push_section(s::FINANZIELLE_AUSWIRKUNGEN, &v.finanzielle_auswirkungen);
    let anlagen = v
        .anlagen
        .iter()
        .map(|an| {
            let size = if an.groesse.is_empty() { String::new() } else { format!("({})", an.groesse) };
            Row { key: an.nr.to_string(), text: join(&[&an.name, &size, &an.status], " "), marked: false }
        })
        .collect();
    d.push_rows(s::ANLAGEN, anlagen);
}

fn zeit(beginn: &str, ende: &str) -> String {
    match (beginn.is_empty(), ende.is_empty()) {
        (false, false) => format!("{beginn} – {ende}"),
        _ => join(&[beginn, ende], ""),
    }
}

fn auszug(d: &mut Document, a: &Archive, au: &Auszug, linked: bool) {
    d.title = join(&[&au.top, &au.gremium, &au.datum.map(|d| d.german()).unwrap_or_default()], " · ");
    d.blocks.push(Block::Title(or_untitled(&au.titel)));
    let vorlage = if au.vorlage.is_empty() || linked {
        au.vorlage.to_string()
    } else if let Some(v) = a.find_vorlage(au.koerperschaft, &au.vorlage) {
        format!("{} {}", au.vorlage, a.vorlage(v).betreff)
    } else {
        s::vorlage_nicht_geladen(&au.vorlage)
    };
    d.push_fields(vec![
        (s::TOP, au.top.to_string()),
        (s::GREMIUM, au.gremium.to_string()),
        (s::DATUM, au.datum.map(|d| d.german()).unwrap_or_default()),
        (s::ZEIT, zeit(&au.beginn, &au.ende)),
        (s::RAUM, au.raum.to_string()),
        (s::ORT, au.ort.to_string()),
        (s::ANLASS, au.anlass.to_string()),
        (s::STATUS, au.status.to_string()),
        (s::BESCHLUSSART, au.beschlussart.to_string()),
        (s::VORLAGE, vorlage),
    ]);
    d.push_section(s::WORTPROTOKOLL, &au.wortprotokoll);
    d.push_section(s::BESCHLUSS, &au.beschluss);
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
        vorlage(&mut d, v, it.beratung);
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
    let result = au
        .map(|au| au.beschlussart.as_str())
        .filter(|r| !r.is_empty())
        .or_else(|| Some(v?.beratungsfolge.get(it.beratung?)?.ergebnis.as_str()))
        .unwrap_or("")
        .to_owned();
    (top, nummer, or_untitled(title), result)
}

fn sitzung(a: &Archive, t: &Tree, si: u32) -> Document {
    let sz = &t.sitzungen[si as usize];
    let gremium = &t.gremien[sz.gremium as usize].name;
    let datum = sz.datum.map_or(s::OHNE_DATUM.to_owned(), |d| d.german());
    let info = sz.info.map(|i| &a.sitzungen[i]);
    // Time and place: from the declared session, else from its Auszüge.
    let first_auszug = sz.items.iter().find_map(|&i| t.items[i as usize].auszug).map(|au| a.auszug(au));
    let pick = |f: &dyn Fn(&Auszug) -> &str, g: &dyn Fn(&crate::model::Sitzung) -> &str| {
        info.map(g).filter(|v| !v.is_empty()).or(first_auszug.map(f)).unwrap_or("").to_owned()
    };
    let mut d = Document { title: format!("{gremium} · {datum}"), blocks: vec![] };
    d.blocks.push(Block::Title(
        info.map(|i| i.name.clone()).filter(|n| !n.is_empty()).unwrap_or(format!("{gremium}, {datum}")),
    ));
    d.push_fields(vec![
        (s::GREMIUM, gremium.clone()),
        (s::DATUM, datum.clone()),
        (s::ZEIT, zeit(&pick(&|a| &a.beginn, &|s| &s.beginn), &pick(&|a| &a.ende, &|s| &s.ende))),
        (s::RAUM, pick(&|a| &a.raum, &|s| &s.raum)),
        (s::ORT, pick(&|a| &a.ort, &|s| &s.ort)),
    ]);
    let rows = sz
        .items
        .iter()
        .map(|&i| {
            let (top, nummer, title, result) = item_summary(a, t, i);
            Row { key: top, text: join(&[&nummer, &title, &result], " · "), marked: false }
        })
        .collect();
    d.push_rows(s::TAGESORDNUNG, rows);
    d
}

fn gremium(t: &Tree, g: u32) -> Document {
    let gr = &t.gremien[g as usize];
    let rows = gr
        .sitzungen
        .iter()
        .map(|&si| {
            let sz = &t.sitzungen[si as usize];
            Row {
                key: sz.datum.map_or(s::OHNE_DATUM.to_owned(), |d| d.german()),
                text: s::count(sz.items.len(), "TOP", "TOPs"),
                marked: false,
            }
        })
        .collect();
    let mut d = Document { title: gr.name.clone(), blocks: vec![Block::Title(gr.name.clone())] };
    d.push_rows(s::SITZUNGEN, rows);
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
