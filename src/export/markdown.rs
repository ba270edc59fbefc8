//! A record as Markdown (CommonMark, with GitHub's tables): the title as a
//! heading, the fields as a list, the Beratungsfolge and a session's agenda
//! as tables, texts as paragraphs, documents as links. For `ratsinfo show
//! --format md`, copying and the UI's export.
//!
//! Everything from data is escaped where it would change the structure: a
//! Betreff that begins with `#` or `1.` stays text, a `|` stays in its
//! cell, `[`/`]`/`<` cannot open a link or HTML; links are made only to
//! http(s) and mailto addresses. Texts were cleaned when loaded (no control
//! characters); notes are cleaned when stored.

use std::fmt::Write as _;

use crate::archive::Archive;
use crate::doctext;
use crate::document::{Block, dateityp, document, item_summary, sitzung_label};
use crate::model::{Auszug, Beratung, Dokument, Rolle, SitzungId, Url, VerweisArt, Vorlage};
use crate::strings as s;
use crate::tree::{Node, Tree};

/// `text` with every character that could start or end Markdown structure
/// inside a line escaped.
pub fn inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '#' => {
                out.push('\\');
                out.push(c);
            }
            // An entity (`&auml;`, `&#123;`) would become another character.
            '&' if chars.peek().is_some_and(|n| n.is_ascii_alphanumeric() || *n == '#') => {
                out.push_str("\\&")
            }
            '\n' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// A line of a paragraph: escaped inline, and at its start whatever would
/// make it a heading, quote, list item, rule or code block.
fn line_start(line: &str) -> String {
    let line = line.trim_start();
    let mut out = inline(line);
    let first = out.chars().next();
    if matches!(first, Some('-' | '+' | '=')) {
        out.insert(0, '\\');
    } else if first.is_some_and(|c| c.is_ascii_digit()) {
        // "2021. Sitzung" or "1) Antrag": an ordered list item otherwise.
        let digits = out.chars().take_while(char::is_ascii_digit).count();
        if matches!(out.as_bytes().get(digits), Some(b'.' | b')')) {
            out.insert(digits, '\\');
        }
    }
    out
}

/// Paragraphs separated by blank lines; line breaks within one are kept
/// (hard breaks).
pub fn paragraphs(text: &str) -> String {
    let mut out = String::new();
    for para in text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
        if !out.is_empty() {
            out.push_str("\n\n");
        }
        let lines: Vec<String> = para.lines().filter(|l| !l.trim().is_empty()).map(line_start).collect();
        out.push_str(&lines.join("\\\n"));
    }
    out
}

/// A table cell: one line, escaped.
fn cell(text: &str) -> String {
    let c = inline(text.trim());
    if c.is_empty() { " ".into() } else { c }
}

/// Whether a link may be made to `url`.
fn linkable(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    ["https://", "http://", "mailto:"].iter().any(|p| lower.starts_with(p))
}

/// `url` as a link destination: what would end it or break the line
/// percent-encoded.
fn destination(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        match c {
            ' ' | '(' | ')' | '<' | '>' | '"' | '\\' | '`' | '\n' => {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    let _ = write!(out, "%{b:02X}");
                }
            }
            _ => out.push(c),
        }
    }
    out
}

/// `[label](url)`, or the label and the address as text where no link may
/// be made.
pub fn link(label: &str, url: &str) -> String {
    let label = if label.trim().is_empty() { url } else { label };
    if url.is_empty() {
        inline(label)
    } else if linkable(url) {
        format!("[{}]({})", inline(label), destination(url))
    } else if label == url {
        inline(url)
    } else {
        format!("{} ({})", inline(label), inline(url))
    }
}

/// A Markdown document being written, with the heading level it is at.
struct Md {
    out: String,
    level: usize,
}

impl Md {
    fn block(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        if !self.out.is_empty() {
            self.out.push_str("\n\n");
        }
        self.out.push_str(text);
    }

    fn heading(&mut self, level: usize, text: &str) {
        let hashes = "#".repeat(level.clamp(1, 6));
        self.block(&format!("{hashes} {}", inline(text)));
    }

    /// `- **Label:** value`, empty values left out; values that are
    /// addresses as links.
    fn fields<K: AsRef<str>>(&mut self, fields: &[(K, String)]) {
        let lines: Vec<String> = fields
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| {
                let value = if linkable(v) && !v.contains(' ') { link(v, v) } else { inline(v) };
                format!("- **{}:** {value}", inline(k.as_ref()))
            })
            .collect();
        self.block(&lines.join("\n"));
    }

    fn section(&mut self, heading: &str, text: &str) {
        if text.trim().is_empty() {
            return;
        }
        self.heading(self.level + 1, heading);
        self.block(&paragraphs(text));
    }

    fn table(&mut self, header: &[&str], rows: &[Vec<String>]) {
        if rows.is_empty() {
            return;
        }
        let mut t = String::new();
        let line = |cells: &[String]| format!("| {} |", cells.join(" | "));
        t.push_str(&line(&header.iter().map(|h| cell(h)).collect::<Vec<_>>()));
        t.push('\n');
        t.push_str(&line(&vec!["---".to_owned(); header.len()]));
        for r in rows {
            t.push('\n');
            t.push_str(&line(&r.iter().map(|c| cell(c)).collect::<Vec<_>>()));
        }
        self.block(&t);
    }

    /// Documents as a list of links with their facts, then each one's text.
    fn dokumente(&mut self, heading: &str, docs: &[std::sync::Arc<Dokument>], skip_text: Option<Rolle>) {
        if docs.is_empty() {
            return;
        }
        self.heading(self.level + 1, heading);
        let items: Vec<String> = docs
            .iter()
            .enumerate()
            .map(|(i, d)| {
                let what = doctext::row_label(d, i, docs);
                let datum = d.datum.map(|x| x.german()).unwrap_or_default();
                let typ = dateityp(d);
                let facts: Vec<&str> = [typ.as_str(), d.groesse.as_str(), datum.as_str(), d.status.as_str()]
                    .into_iter()
                    .filter(|f| !f.is_empty())
                    .collect();
                let facts = if facts.is_empty() {
                    String::new()
                } else {
                    format!(" ({})", inline(&facts.join(", ")))
                };
                let url = if d.url.is_empty() { &d.download_url } else { &d.url };
                format!("- {}: {}{facts}", inline(&what), link(&d.name, &url.to_string()))
            })
            .collect();
        self.block(&items.join("\n"));
        for (i, d) in docs.iter().enumerate() {
            if Some(d.rolle) != skip_text && !d.text.is_empty() {
                let text = d.text.read_or_notice();
                self.section(&doctext::heading(d, i, docs), &text);
            }
        }
    }
}

fn or_untitled(t: &str) -> &str {
    if t.is_empty() { s::OHNE_BETREFF } else { t }
}

fn source_fields(url: &Url, id: &Url) -> [(&'static s::Text, String); 2] {
    let id = if id == url { String::new() } else { id.to_string() };
    [(s::WEB, url.to_string()), (s::QUELLE_ID, id)]
}

fn beratung_when(b: &Beratung) -> String {
    match b.datum {
        Some(d) => d.german(),
        None if b.geplant => s::NICHT_TERMINIERT.to_owned(),
        None => s::OHNE_DATUM.to_owned(),
    }
}

/// A Vorlage under a heading of `md.level` (its Betreff, or `title`).
fn vorlage(md: &mut Md, a: &Archive, v: &Vorlage, title: Option<String>) {
    md.heading(md.level, &title.unwrap_or_else(|| or_untitled(&v.betreff).to_owned()));
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
    md.fields(&fields);
    if !v.beratungsfolge.is_empty() {
        md.heading(md.level + 1, s::BERATUNGSFOLGE);
        let rows: Vec<Vec<String>> = v
            .beratungsfolge
            .iter()
            .map(|b| {
                vec![beratung_when(b), b.gremium.to_string(), b.rolle.to_string(), b.ergebnis.to_string()]
            })
            .collect();
        md.table(&[s::DATUM, s::GREMIUM, s::ROLLE, s::ERGEBNIS], &rows);
    }
    md.section(s::BESCHLUSSVORSCHLAG, &v.beschlussvorschlag.read_or_notice());
    md.section(s::SACHVERHALT, &v.sachverhalt.read_or_notice());
    md.section(s::FINANZIELLE_AUSWIRKUNGEN, &v.finanzielle_auswirkungen.read_or_notice());
    for (art, heading) in [
        (VerweisArt::Uebergeordnet, s::UEBERGEORDNET),
        (VerweisArt::Untergeordnet, s::UNTERGEORDNET),
        (VerweisArt::Verwandt, s::VERWANDT),
    ] {
        let items: Vec<String> = v
            .verweise
            .iter()
            .filter(|r| r.art == art)
            .map(|r| match r.vorlage {
                Some(other) => {
                    let o = a.vorlage(other);
                    format!("- {} {}", inline(&o.nummer), inline(or_untitled(&o.betreff)))
                }
                None => format!("- {}", inline(&s::nicht_geladen(&r.id.to_string()))),
            })
            .collect();
        if !items.is_empty() {
            md.heading(md.level + 1, heading);
            md.block(&items.join("\n"));
        }
    }
    md.dokumente(s::ANLAGEN, &v.anlagen, Some(Rolle::Hauptdokument));
}

fn auszug(md: &mut Md, a: &Archive, au: &Auszug) {
    let sitzung = au.sitzung.map(|x| a.sitzung(x));
    let or_session = |own: &str, of: fn(&crate::model::Sitzung) -> &str| -> String {
        if own.is_empty() { sitzung.map_or("", of).to_owned() } else { own.to_owned() }
    };
    md.heading(md.level, or_untitled(&au.titel));
    let beginn = or_session(&au.beginn, |x| &x.beginn);
    let ende = or_session(&au.ende, |x| &x.ende);
    let zeit = match (beginn.is_empty(), ende.is_empty()) {
        (false, false) => format!("{beginn} – {ende}"),
        _ => format!("{beginn}{ende}"),
    };
    let vorlage = match au.vorlage_ref {
        Some(v) if !au.vorlage.is_empty() => format!("{} {}", au.vorlage, a.vorlage(v).betreff),
        None if !au.vorlage.is_empty() => s::vorlage_nicht_geladen(&au.vorlage),
        _ => au.vorlage.to_string(),
    };
    let mut fields = vec![
        (s::TOP, au.top.to_string()),
        (s::GREMIUM, or_session(&au.gremium, |x| &x.gremium)),
        (s::DATUM, au.datum.or(sitzung.and_then(|x| x.datum)).map(|d| d.german()).unwrap_or_default()),
        (s::ZEIT, zeit),
        (s::SITZUNG, sitzung.map(|x| x.name.to_string()).unwrap_or_default()),
        (s::RAUM, or_session(&au.raum, |x| &x.raum)),
        (s::ORT, or_session(&au.ort, |x| &x.ort)),
        (s::ANLASS, au.anlass.to_string()),
        (s::STATUS, au.status.to_string()),
        (s::BESCHLUSSART, au.beschlussart.to_string()),
        (s::VORLAGE, vorlage),
    ];
    fields.extend(source_fields(&au.url, &au.id));
    md.fields(&fields);
    md.section(s::WORTPROTOKOLL, &au.wortprotokoll.read_or_notice());
    md.section(s::BESCHLUSS, &au.beschluss.read_or_notice());
    md.dokumente(s::DOKUMENTE, &au.dokumente, None);
}

fn sitzung(md: &mut Md, a: &Archive, t: &Tree, si: SitzungId) {
    let sz = a.sitzung(si);
    let node = t.sitzung(si);
    let gremium = &t.gremien[node.gremium as usize].name;
    let datum = sz.datum.map_or(s::OHNE_DATUM.to_owned(), |d| d.german());
    let title = if sz.name.is_empty() {
        format!("{gremium}, {}", sitzung_label(a, t, si))
    } else {
        sz.name.to_string()
    };
    md.heading(md.level, &title);
    let zeit = match (sz.beginn.is_empty(), sz.ende.is_empty()) {
        (false, false) => format!("{} – {}", sz.beginn, sz.ende),
        _ => format!("{}{}", sz.beginn, sz.ende),
    };
    let mut fields = vec![
        (s::GREMIUM, gremium.clone()),
        (s::DATUM, datum),
        (s::ZEIT, zeit),
        (s::RAUM, sz.raum.to_string()),
        (s::ORT, sz.ort.to_string()),
        (s::ANLASS, sz.anlass.to_string()),
        (s::STATUS, if sz.abgesagt { s::ABGESAGT.to_owned() } else { String::new() }),
    ];
    fields.extend(source_fields(&sz.url, &sz.id));
    md.fields(&fields);
    md.dokumente(s::DOKUMENTE, &sz.dokumente, None);
    md.heading(md.level + 1, s::TAGESORDNUNG);
    if node.items.is_empty() {
        md.block(&paragraphs(s::KEINE_TAGESORDNUNG));
        return;
    }
    let rows: Vec<Vec<String>> = node
        .items
        .iter()
        .map(|&i| {
            let (top, nummer, title, result) = item_summary(a, t, i);
            vec![top, nummer, title, result]
        })
        .collect();
    md.table(&[s::TOP, s::NUMMER, s::BETREFF, s::ERGEBNIS], &rows);
}

/// What the reader shows for any other node (a Gremium, a year), from its
/// document's blocks.
fn blocks(md: &mut Md, a: &Archive, t: &Tree, node: Node) {
    let doc = document(a, t, node);
    for b in &doc.blocks {
        match b {
            Block::Title(x) => md.heading(md.level, x),
            Block::Heading(x) => md.heading(md.level + 1, x),
            Block::Fields(f) => md.fields(&f.iter().map(|(k, v)| (*k, v.clone())).collect::<Vec<_>>()),
            Block::Text(x) => md.block(&paragraphs(x)),
            Block::Note(x) => md.block(&format!("*{}*", inline(x))),
            Block::Rows(rows) => {
                let items: Vec<String> = rows
                    .iter()
                    .map(|r| {
                        if r.key.is_empty() {
                            format!("- {}", inline(&r.text))
                        } else {
                            format!("- **{}** {}", inline(&r.key), inline(&r.text))
                        }
                    })
                    .collect();
                md.block(&items.join("\n"));
            }
        }
    }
}

/// The node's record as Markdown, its title a heading of `level` (1: `#`).
pub fn node_at(a: &Archive, t: &Tree, node: Node, level: usize) -> String {
    let mut md = Md { out: String::new(), level };
    match node {
        Node::Vorlage(v) => vorlage(&mut md, a, a.vorlage(v), None),
        Node::Sitzung(si) => sitzung(&mut md, a, t, si),
        Node::Item(i) => {
            let it = &t.items[i as usize];
            if let Some(au) = it.auszug {
                auszug(&mut md, a, a.auszug(au));
                md.level += 1;
            }
            if let Some(v) = it.vorlage {
                let v = a.vorlage(v);
                let title =
                    it.auszug.map(|_| format!("{} {}: {}", s::VORLAGE, v.nummer, or_untitled(&v.betreff)));
                vorlage(&mut md, a, v, title);
            }
        }
        _ => blocks(&mut md, a, t, node),
    }
    md.out.push('\n');
    md.out
}

/// The node's record as a Markdown document.
pub fn node(a: &Archive, t: &Tree, node: Node) -> String {
    node_at(a, t, node, 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn structure_from_data_stays_text() {
        assert_eq!(
            inline("a|b *c* [d](e) <f> `g` _h_ ~i~ #j \\k"),
            r"a\|b \*c\* \[d\](e) \<f\> \`g\` \_h\_ \~i\~ \#j \\k"
        );
        assert_eq!(inline("A & B, &amp; &#42;"), r"A & B, \&amp; \&\#42;");
        assert_eq!(
            paragraphs("# Titel\n- Punkt\n+ plus\n= gleich\n2021. Sitzung\n1) eins\n> Zitat\n    Code"),
            "\\# Titel\\\n\\- Punkt\\\n\\+ plus\\\n\\= gleich\\\n2021\\. Sitzung\\\n1\\) eins\\\n\\> Zitat\\\nCode"
        );
        assert_eq!(paragraphs("eins\n\n\n\nzwei"), "eins\n\nzwei");
        assert_eq!(paragraphs("2021/0832 bleibt"), "2021/0832 bleibt");
    }

    #[test]
    fn links_only_to_web_addresses() {
        assert_eq!(link("Plan", "https://x.de/a b(1).pdf"), "[Plan](https://x.de/a%20b%281%29.pdf)");
        assert_eq!(link("Plan", "javascript:alert(1)"), "Plan (javascript:alert(1))");
        assert_eq!(link("", "https://x.de/"), "[https://x.de/](https://x.de/)");
        assert_eq!(link("[x]", ""), r"\[x\]");
    }
}
