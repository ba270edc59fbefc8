//! What the reading pane shows for a node, as blocks independent of the
//! width; [`crate::wrap`] lays them out for a given width. The same document
//! feeds the UI and `ratsinfo show`.

use std::sync::Arc;

use crate::archive::Archive;
use crate::links::Backlinks;
use crate::long_text::LongText;
use crate::model::{
    Date, Dokument, KoerperschaftId, RecordId, Rolle, Sitzung, SitzungId, Url, VerweisArt, Vorlage, VorlageId,
};
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
    /// The row leads to another record (see [`Document::links`]).
    pub link: bool,
}

impl Row {
    pub fn new(key: impl Into<String>, text: impl Into<String>) -> Row {
        Row { key: key.into(), text: text.into(), marked: false, link: false }
    }
}

/// A reference of the shown record to another: where it points and what
/// it says; `block` and `row` tell where it stands in the document.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    pub target: Node,
    pub label: String,
    pub block: usize,
    pub row: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Document {
    /// Shown in the pane's border.
    pub title: String,
    pub blocks: Vec<Block>,
    /// Every reference to another record, in document order.
    pub links: Vec<Link>,
}

/// What a document may draw on beyond the records.
#[derive(Debug, Clone, Copy, Default)]
pub struct Context<'a> {
    /// References to the shown record from elsewhere (built after loading).
    pub backlinks: Option<&'a Backlinks>,
    /// Today: overviews list the sessions from then on.
    pub today: Option<Date>,
    /// The user's note on the record: shown first, under the title.
    pub note: Option<&'a str>,
}

impl Document {
    /// A table whose rows lead to `targets` (one per row, or none).
    pub fn push_link_rows(&mut self, heading: &str, rows: Vec<(Row, Option<Node>)>) {
        if rows.is_empty() {
            return;
        }
        if !heading.is_empty() {
            self.blocks.push(Block::Heading(heading.to_owned()));
        }
        let block = self.blocks.len();
        let mut plain = Vec::with_capacity(rows.len());
        for (i, (mut row, target)) in rows.into_iter().enumerate() {
            if let Some(target) = target {
                row.link = true;
                let label = [row.key.as_str(), row.text.as_str()].into_iter().filter(|s| !s.is_empty());
                let label = label.collect::<Vec<_>>().join("  ");
                self.links.push(Link { target, label, block, row: Some(i) });
            }
            plain.push(row);
        }
        self.blocks.push(Block::Rows(plain));
    }

    /// The Vorlagen that `text`, just pushed as block `block`, mentions.
    fn link_mentions(
        &mut self,
        a: &Archive,
        k: KoerperschaftId,
        text: &str,
        block: usize,
        own: Option<VorlageId>,
    ) {
        for (range, v) in crate::links::mentions(a, k, text) {
            if Some(v) != own && !self.links.iter().any(|l| l.target == Node::Vorlage(v) && l.block == block)
            {
                let label = format!("{} {}", &text[range], a.vorlage(v).betreff);
                self.links.push(Link { target: Node::Vorlage(v), label, block, row: None });
            }
        }
    }

    fn push_fields(&mut self, fields: Vec<(&'static s::Text, String)>) {
        let fields: Vec<_> =
            fields.into_iter().filter(|(_, v)| !v.is_empty()).map(|(k, v)| (k.get(), v)).collect();
        if !fields.is_empty() {
            self.blocks.push(Block::Fields(fields));
        }
    }

    /// A text under its heading; left out when empty. A text left in its
    /// file is read now (see [`crate::long_text`]).
    /// Whether it was pushed.
    fn push_section(&mut self, heading: &str, text: &LongText) -> bool {
        let text = text.read_or_notice();
        if text.is_empty() {
            return false;
        }
        self.blocks.push(Block::Heading(heading.to_owned()));
        self.blocks.push(Block::Text(text.into_owned()));
        true
    }

    /// The text of the last block, if it is one.
    fn last_text(&self) -> String {
        match self.blocks.last() {
            Some(Block::Text(t)) => t.clone(),
            _ => String::new(),
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
            let key = crate::doctext::row_label(d, i, docs);
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
                self.push_section(&crate::doctext::heading(d, i, docs), &d.text);
            }
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
        ("image/", s::BILD.get()),
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
    document_in(a, t, Context::default(), node)
}

/// What the reader shows for `node`, with what `cx` adds (backlinks, the
/// coming sessions).
pub fn document_in(a: &Archive, t: &Tree, cx: Context, node: Node) -> Document {
    let mut d = record_document(a, t, cx, node);
    if let Some(note) = cx.note.filter(|n| !n.trim().is_empty()) {
        let at = usize::from(matches!(d.blocks.first(), Some(Block::Title(_))));
        d.blocks.splice(at..at, [Block::Heading(s::NOTIZ.to_owned()), Block::Text(note.to_owned())]);
        for l in d.links.iter_mut().filter(|l| l.block >= at) {
            l.block += 2;
        }
    }
    d
}

fn record_document(a: &Archive, t: &Tree, cx: Context, node: Node) -> Document {
    let b = Builder { a, t, cx };
    match node {
        Node::Item(i) => b.item(i),
        Node::Vorlage(v) => {
            let mut d = Document::default();
            b.vorlage(&mut d, v, None);
            d
        }
        Node::Sitzung(si) => b.sitzung(si),
        Node::Gremium(g) => b.gremium(g),
        Node::OhneSitzung(g) => b.ohne_sitzung(g),
        Node::Koerperschaft(k) => b.overview(k, a.koerperschaft(t.koerperschaften[k as usize].id)),
        Node::AlleVorlagen(k) => b.overview(k, s::ALLE_VORLAGEN),
        Node::Jahr(j) => {
            let jahr = &t.jahre[j as usize];
            let name = jahr.year.map_or(s::OHNE_JAHR.to_owned(), |y| y.to_string());
            Document {
                title: format!("{} {name}", s::VORLAGEN),
                blocks: vec![
                    Block::Title(format!("{} {name}", s::VORLAGEN)),
                    Block::Note(s::n_vorlagen(jahr.vorlagen.len())),
                ],
                links: Vec::new(),
            }
        }
    }
}

/// The node that shows a record: a Vorlage as itself, an agenda item as
/// its item in the tree, a session as itself.
pub fn node_of(t: &Tree, r: RecordId) -> Option<Node> {
    match r {
        RecordId::Vorlage(v) => Some(Node::Vorlage(v)),
        RecordId::Sitzung(s) => Some(Node::Sitzung(s)),
        RecordId::Auszug(au) => t.item_of_auszug(au).map(Node::Item),
    }
}

/// A record in one line: number or TOP, title, and where it was discussed.
fn record_line(a: &Archive, t: &Tree, r: RecordId) -> (String, String) {
    match r {
        RecordId::Vorlage(v) => {
            let v = a.vorlage(v);
            (v.nummer.to_string(), or_untitled(&v.betreff))
        }
        RecordId::Auszug(au) => {
            let x = a.auszug(au);
            let when = x.sitzung.map(|s| sitzung_label(a, t, s)).unwrap_or_default();
            let gremium =
                x.sitzung.map(|s| a.sitzung(s).gremium.to_string()).unwrap_or(x.gremium.to_string());
            (when, join(&[&or_untitled(&x.titel), &gremium], " · "))
        }
        RecordId::Sitzung(s) => (sitzung_label(a, t, s), a.sitzung(s).gremium.to_string()),
    }
}

/// Builds documents; holds what every part of one needs.
struct Builder<'a> {
    a: &'a Archive,
    t: &'a Tree,
    cx: Context<'a>,
}

fn vorlage_title(v: &Vorlage) -> String {
    join(&[&v.nummer, &v.art, &v.status], " · ")
}

/// The web page, and the source's id where it is another address.
fn source_fields(url: &Url, id: &Url) -> Vec<(&'static s::Text, String)> {
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

impl Builder<'_> {
    fn vorlage(&self, d: &mut Document, id: VorlageId, current: Option<usize>) {
        let (a, t) = (self.a, self.t);
        let v = a.vorlage(id);
        if d.title.is_empty() {
            d.title = vorlage_title(v);
        }
        d.blocks.push(Block::Title(or_untitled(&v.betreff)));
        d.link_mentions(a, v.koerperschaft, &v.betreff, d.blocks.len() - 1, Some(id));
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
        // Each row of the Beratungsfolge leads to its session.
        let rows = v
            .beratungsfolge
            .iter()
            .enumerate()
            .map(|(i, b)| {
                let mut row = Row::new(beratung_when(b), join(&[&b.gremium, &b.rolle, &b.ergebnis], " · "));
                row.marked = current == Some(i);
                (row, b.sitzung.map(Node::Sitzung))
            })
            .collect();
        d.push_link_rows(s::BERATUNGSFOLGE, rows);
        for (heading, text) in [
            (s::BESCHLUSSVORSCHLAG, &v.beschlussvorschlag),
            (s::SACHVERHALT, &v.sachverhalt),
            (s::FINANZIELLE_AUSWIRKUNGEN, &v.finanzielle_auswirkungen),
        ] {
            if d.push_section(heading, text) {
                let (block, text) = (d.blocks.len() - 1, d.last_text());
                d.link_mentions(a, v.koerperschaft, &text, block, Some(id));
            }
        }
        self.family(d, id);
        let others = |art: VerweisArt| -> Vec<(Row, Option<Node>)> {
            v.verweise
                .iter()
                .filter(|r| r.art == art)
                .map(|r| match r.vorlage {
                    Some(other) => {
                        let o = a.vorlage(other);
                        (Row::new(o.nummer.as_str(), or_untitled(&o.betreff)), Some(Node::Vorlage(other)))
                    }
                    None => (Row::new("", s::nicht_geladen(&r.id.to_string())), None),
                })
                .collect()
        };
        d.push_link_rows(s::UEBERGEORDNET, others(VerweisArt::Uebergeordnet));
        d.push_link_rows(s::UNTERGEORDNET, others(VerweisArt::Untergeordnet));
        d.push_link_rows(s::VERWANDT, others(VerweisArt::Verwandt));
        if let Some(b) = self.cx.backlinks {
            let rows = b
                .mentioned_in(id)
                .iter()
                .map(|&r| {
                    let (key, text) = record_line(a, t, r);
                    (Row::new(key, text), node_of(t, r))
                })
                .collect();
            d.push_link_rows(s::ERWAEHNT_IN, rows);
        }
        // The main document's text is the Sachverhalt already (OParl).
        d.push_dokumente(s::ANLAGEN, &v.anlagen, Some(Rolle::Hauptdokument));
    }

    /// The paper an amendment amends, and its amendments.
    fn family(&self, d: &mut Document, id: VorlageId) {
        let Some(b) = self.cx.backlinks else { return };
        let a = self.a;
        let row = |v: VorlageId| {
            let o = a.vorlage(v);
            (Row::new(o.nummer.as_str(), or_untitled(&o.betreff)), Some(Node::Vorlage(v)))
        };
        d.push_link_rows(s::AENDERT, b.amends(id).into_iter().map(row).collect());
        d.push_link_rows(s::AENDERUNGEN, b.amendments(id).iter().copied().map(row).collect());
    }

    fn auszug(&self, d: &mut Document, au_id: crate::model::AuszugId, linked: bool) {
        let a = self.a;
        let au = a.auszug(au_id);
        let sitzung = au.sitzung.map(|s| a.sitzung(s));
        // The Auszug's own Gremium, time and place (export format), else
        // its session's (OParl keeps them there only).
        let or_session = |own: &str, of: fn(&Sitzung) -> &str| -> String {
            if own.is_empty() { sitzung.map_or("", of).to_owned() } else { own.to_owned() }
        };
        let gremium = or_session(&au.gremium, |s| &s.gremium);
        d.title = join(&[&au.top, &gremium, &au.datum.map(|d| d.german()).unwrap_or_default()], " · ");
        d.blocks.push(Block::Title(or_untitled(&au.titel)));
        d.link_mentions(a, au.koerperschaft, &au.titel, d.blocks.len() - 1, au.vorlage_ref);
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
        // Where it was decided, and the Vorlage when the item does not show it.
        let block = d.blocks.len() - 1;
        if let Some(s) = au.sitzung {
            let label = format!("{} {}", s::SITZUNG, sitzung_label(a, self.t, s));
            d.links.push(Link { target: Node::Sitzung(s), label, block, row: None });
        }
        if let (Some(v), false) = (au.vorlage_ref, linked) {
            let label = format!("{} {}", a.vorlage(v).nummer, a.vorlage(v).betreff);
            d.links.push(Link { target: Node::Vorlage(v), label, block, row: None });
        }
        for (heading, text) in [(s::WORTPROTOKOLL, &au.wortprotokoll), (s::BESCHLUSS, &au.beschluss)] {
            if d.push_section(heading, text) {
                let (block, text) = (d.blocks.len() - 1, d.last_text());
                d.link_mentions(a, au.koerperschaft, &text, block, au.vorlage_ref);
            }
        }
        d.push_dokumente(s::DOKUMENTE, &au.dokumente, None);
    }

    fn item(&self, i: u32) -> Document {
        let (a, t) = (self.a, self.t);
        let it = &t.items[i as usize];
        let mut d = Document::default();
        if let Some(au) = it.auszug {
            self.auszug(&mut d, au, it.vorlage.is_some());
        }
        if let Some(v) = it.vorlage {
            if it.auszug.is_some() {
                d.blocks.push(Block::Heading(format!("{} {}", s::VORLAGE, a.vorlage(v).nummer)));
            }
            self.vorlage(&mut d, v, it.beratung);
        }
        d
    }

    fn sitzung(&self, si: SitzungId) -> Document {
        let (a, t) = (self.a, self.t);
        let sz = a.sitzung(si);
        let node = t.sitzung(si);
        let gremium = &t.gremien[node.gremium as usize].name;
        let datum = sz.datum.map_or(s::OHNE_DATUM.to_owned(), |d| d.german());
        let mut d =
            Document { title: format!("{gremium} · {}", sitzung_label(a, t, si)), ..Document::default() };
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
                (Row::new(top, join(&[&nummer, &title, &result], " · ")), Some(Node::Item(i)))
            })
            .collect();
        d.push_link_rows(s::TAGESORDNUNG, rows);
        if node.items.is_empty() {
            let note = if coming(sz.datum, self.cx.today) { s::KEINE_TAGESORDNUNG } else { s::KEINE_TOPS };
            d.blocks.push(Block::Note(note.to_owned()));
        }
        d
    }

    fn gremium(&self, g: u32) -> Document {
        let (a, t) = (self.a, self.t);
        let gr = &t.gremien[g as usize];
        let mut rows: Vec<(Row, Option<Node>)> = gr
            .sitzungen
            .iter()
            .map(|&si| {
                let row = Row::new(sitzung_label(a, t, si), tops(a, t, si, self.cx.today, true));
                (row, Some(Node::Sitzung(si)))
            })
            .collect();
        if !gr.ohne_sitzung.is_empty() {
            let row = Row::new(s::OHNE_SITZUNG, s::n_beratungen(gr.ohne_sitzung.len()));
            rows.push((row, Some(Node::OhneSitzung(g))));
        }
        let mut d = Document {
            title: gr.name.clone(),
            blocks: vec![Block::Title(gr.name.clone())],
            ..Document::default()
        };
        d.push_link_rows(s::SITZUNGEN, rows);
        d
    }

    fn ohne_sitzung(&self, g: u32) -> Document {
        let (a, t) = (self.a, self.t);
        let gr = &t.gremien[g as usize];
        let title = format!("{} · {}", gr.name, s::OHNE_SITZUNG);
        let mut d =
            Document { title: title.clone(), blocks: vec![Block::Title(title)], ..Document::default() };
        d.blocks.push(Block::Note(s::OHNE_SITZUNG_HINWEIS.to_owned()));
        let rows = gr
            .ohne_sitzung
            .iter()
            .map(|&i| {
                let (_, nummer, title, result) = item_summary(a, t, i);
                (Row::new(nummer, join(&[&title, &result], " · ")), Some(Node::Item(i)))
            })
            .collect();
        d.push_link_rows(s::BERATUNGEN, rows);
        d
    }

    /// A Körperschaft (or "Alle Vorlagen"): its counts, and with today
    /// known, its next sessions.
    fn overview(&self, k: u32, name: &str) -> Document {
        let (a, t) = (self.a, self.t);
        let kn = &t.koerperschaften[k as usize];
        let vorlagen: usize = kn.jahre.iter().map(|&j| t.jahre[j as usize].vorlagen.len()).sum();
        let sitzungen: usize = kn.gremien.iter().map(|&g| t.gremien[g as usize].sitzungen.len()).sum();
        let name = if name.is_empty() { s::OHNE_KOERPERSCHAFT } else { name };
        let mut d = Document {
            title: name.to_owned(),
            blocks: vec![
                Block::Title(name.to_owned()),
                Block::Fields(vec![
                    (s::GREMIEN, kn.gremien.len().to_string()),
                    (s::SITZUNGEN, sitzungen.to_string()),
                    (s::VORLAGEN, vorlagen.to_string()),
                ]),
            ],
            ..Document::default()
        };
        if let Some(today) = self.cx.today {
            let filter = crate::termine::Filter { from: Some(today), gremium: None };
            let mine = |&s: &SitzungId| t.gremien[t.sitzung(s).gremium as usize].koerperschaft == k;
            let next: Vec<SitzungId> =
                crate::termine::upcoming(a, t, &filter).into_iter().filter(mine).take(8).collect();
            let rows = next
                .iter()
                .map(|&si| {
                    let z = crate::termine::zeile(a, t, si);
                    let row = Row::new(
                        format!("{} {}", z.datum, z.zeit).trim_end().to_owned(),
                        join(&[&z.gremium, &z.tagesordnung], " · "),
                    );
                    (row, Some(Node::Sitzung(si)))
                })
                .collect::<Vec<_>>();
            if rows.is_empty() {
                d.blocks.push(Block::Note(s::keine_termine(&today.german())));
            } else {
                d.push_link_rows(s::NAECHSTE_SITZUNGEN, rows);
            }
        }
        d
    }
}

fn zeit(beginn: &str, ende: &str) -> String {
    match (beginn.is_empty(), ende.is_empty()) {
        (false, false) => format!("{beginn} – {ende}"),
        _ => join(&[beginn, ende], ""),
    }
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
/// How many agenda items a session has: for a coming session without any,
/// that its agenda is not published yet (`short` where a row is narrow);
/// for a past one, that it had none.
pub fn tops(a: &Archive, t: &Tree, si: SitzungId, today: Option<Date>, short: bool) -> String {
    match t.sitzung(si).items.len() {
        0 if coming(a.sitzung(si).datum, today) => {
            if short { s::TAGESORDNUNG_FOLGT } else { s::TAGESORDNUNG_FEHLT }.to_owned()
        }
        0 => s::KEINE_TOPS.to_owned(),
        n => s::n_tops(n),
    }
}

/// Whether a session on `datum` is still to come (one without a date is).
fn coming(datum: Option<Date>, today: Option<Date>) -> bool {
    today.is_some_and(|today| datum.is_none_or(|d| d >= today))
}

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
