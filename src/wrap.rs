//! Lays a [`Document`] out for a width: wrapped, styled lines. Done once per
//! (document, width) and cached by the reader; drawing takes a slice.

use ratatui::style::{Modifier, Style, Stylize};
use ratatui::text::{Line, Span};
use textwrap::{Options, WrapAlgorithm};
use unicode_width::UnicodeWidthStr;

use crate::document::{Block, Document, Row};

/// Paragraphs longer than this are wrapped first-fit: optimal fit is
/// quadratic in the worst case and a 1 MB paragraph must not stall a frame.
const OPTIMAL_FIT_LIMIT: usize = 8_000;

/// How a link looks in the reader.
pub fn link_style() -> Style {
    Style::new().underlined().fg(ratatui::style::Color::Cyan)
}

pub fn heading_style() -> Style {
    Style::new().add_modifier(Modifier::BOLD).underlined()
}

fn wrap_plain(text: &str, width: usize, first: &str, rest: &str) -> Vec<String> {
    // An indent that leaves no room for text is dropped.
    let (first, rest) = if first.len().max(rest.len()) >= width { ("", "") } else { (first, rest) };
    let mut opts = Options::new(width.max(1)).initial_indent(first).subsequent_indent(rest);
    if text.len() > OPTIMAL_FIT_LIMIT {
        opts = opts.wrap_algorithm(WrapAlgorithm::FirstFit);
    }
    textwrap::wrap(text, opts).into_iter().map(|c| c.into_owned()).collect()
}

/// Wraps `doc` to `width` columns, all of it.
pub fn layout(doc: &Document, width: u16) -> Vec<Line<'static>> {
    let mut l = Layout::new(width);
    l.fill(doc, usize::MAX);
    l.lines
}

/// A layout that is built as far as needed: opening a document with a
/// megabyte of text lays out the first screen, and the rest follows on
/// scrolling or in the idle time between events ([`Layout::fill_for`]).
#[derive(Debug, Clone, Default)]
pub struct Layout {
    pub width: u16,
    pub lines: Vec<Line<'static>>,
    /// The next block to lay out.
    block: usize,
    /// Inside a text block: the byte offset of its next paragraph.
    offset: usize,
    after_heading: bool,
    /// Bytes of text laid out so far, for the position estimate.
    bytes_done: usize,
    /// The line each block laid out so far starts at, and each row of a
    /// table: where a link of the document stands (see `Document::links`).
    pub block_lines: Vec<usize>,
    pub row_lines: Vec<(usize, usize, usize)>,
}

/// How much text a block holds, for progress estimates.
fn block_bytes(b: &Block) -> usize {
    match b {
        Block::Title(t) | Block::Heading(t) | Block::Text(t) | Block::Note(t) => t.len(),
        Block::Fields(f) => f.iter().map(|(l, v)| l.len() + v.len()).sum(),
        Block::Rows(r) => r.iter().map(|r| r.key.len() + r.text.len()).sum(),
    }
}

impl Layout {
    pub fn new(width: u16) -> Layout {
        Layout { width, ..Layout::default() }
    }

    pub fn is_done(&self, doc: &Document) -> bool {
        self.block >= doc.blocks.len()
    }

    /// Lays out until there are at least `want` lines or the document ends.
    pub fn fill(&mut self, doc: &Document, want: usize) {
        while self.lines.len() < want && !self.is_done(doc) {
            self.step(doc);
        }
    }

    /// Lays out for about `budget`; returns whether the document is done.
    pub fn fill_for(&mut self, doc: &Document, budget: std::time::Duration) -> bool {
        let end = std::time::Instant::now() + budget;
        while !self.is_done(doc) && std::time::Instant::now() < end {
            self.step(doc);
        }
        self.is_done(doc)
    }

    /// The number of lines the whole document will take: exact when done,
    /// else extrapolated from the text laid out so far.
    pub fn estimated_total(&self, doc: &Document) -> usize {
        if self.is_done(doc) || self.bytes_done == 0 {
            return self.lines.len();
        }
        let total: usize = doc.blocks.iter().map(block_bytes).sum();
        (self.lines.len() as f64 * total as f64 / self.bytes_done as f64).ceil() as usize
    }

    fn separate(&mut self) {
        if self.lines.last().is_some_and(|l| l.width() > 0) {
            self.lines.push(Line::default());
        }
    }

    /// Lays out one unit: a paragraph of a text block, or a whole other block.
    fn step(&mut self, doc: &Document) {
        let width = usize::from(self.width.max(1));
        let block = &doc.blocks[self.block];
        // A heading sits directly on top of its content; paragraphs after the
        // first of a text are always set apart.
        if self.offset == 0 && !self.after_heading || self.offset > 0 {
            self.separate();
        }
        if self.offset == 0 {
            self.block_lines.push(self.lines.len());
        }
        if let Block::Text(t) = block {
            let rest = &t[self.offset..];
            let (para, next) = match rest.find("\n\n") {
                Some(i) => (&rest[..i], self.offset + i + 2),
                None => (rest, t.len()),
            };
            for line in para.split('\n') {
                self.lines.extend(wrap_plain(line, width, "", "").into_iter().map(Line::from));
            }
            self.bytes_done += next - self.offset;
            self.after_heading = false;
            if next >= t.len() {
                self.block += 1;
                self.offset = 0;
            } else {
                self.offset = next;
            }
            return;
        }
        self.bytes_done += block_bytes(block);
        self.after_heading = matches!(block, Block::Heading(_));
        self.block += 1;
        let out = &mut self.lines;
        match block {
            Block::Title(t) => {
                out.extend(wrap_plain(t, width, "", "").into_iter().map(|l| Line::from(l).bold()))
            }
            Block::Heading(h) => {
                out.extend(wrap_plain(h, width, "", "").into_iter().map(|l| Line::styled(l, heading_style())))
            }
            Block::Note(n) => {
                out.extend(wrap_plain(n, width, "", "").into_iter().map(|l| Line::from(l).italic()))
            }
            Block::Fields(fields) => fields_layout(out, fields, width),
            Block::Rows(rows) => {
                let block = self.block - 1;
                for (i, row) in rows.iter().enumerate() {
                    self.row_lines.push((block, i, out.len()));
                    rows_layout(out, std::slice::from_ref(row), width, rows_key_width(rows));
                }
            }
            Block::Text(_) => unreachable!("handled above"),
        }
    }
}

fn fields_layout(out: &mut Vec<Line<'static>>, fields: &[(&'static str, String)], width: usize) {
    let label_w = fields.iter().map(|(l, _)| l.width()).max().unwrap_or(0) + 2;
    // On a narrow pane, labels get their own line.
    let inline = width >= label_w + 12;
    for (label, value) in fields {
        if inline {
            let indent = " ".repeat(label_w);
            let lines = wrap_plain(value, width, &indent, &indent);
            for (i, l) in lines.into_iter().enumerate() {
                let text = l.strip_prefix(indent.as_str()).unwrap_or(&l).to_owned();
                let lead = if i == 0 { format!("{label:<label_w$}") } else { indent.clone() };
                out.push(Line::from(vec![Span::from(lead).dim(), Span::from(text)]));
            }
        } else {
            out.extend(wrap_plain(label, width, "", "").into_iter().map(|l| Line::from(l).dim()));
            out.extend(wrap_plain(value, width, "  ", "  ").into_iter().map(Line::from));
        }
    }
}

/// The width of the widest key of a table: its key column.
fn rows_key_width(rows: &[Row]) -> usize {
    rows.iter().map(|r| r.key.width()).max().unwrap_or(0)
}

fn rows_layout(out: &mut Vec<Line<'static>>, rows: &[Row], width: usize, key_w: usize) {
    let lead_w = 2 + key_w + if key_w > 0 { 2 } else { 0 };
    let inline = width >= lead_w + 12;
    for row in rows {
        let marker = if row.marked { "▸ " } else { "  " };
        let style = if row.marked { Style::new().bold() } else { Style::new() };
        if inline {
            let indent = " ".repeat(lead_w);
            for (i, l) in wrap_plain(&row.text, width, &indent, &indent).into_iter().enumerate() {
                let text = l.strip_prefix(indent.as_str()).unwrap_or(&l).to_owned();
                if i == 0 && row.link && key_w > 0 {
                    // A row that leads somewhere: its key is marked as a link.
                    let key = Span::styled(format!("{:<key_w$}", row.key), link_style());
                    out.push(Line::from(vec![
                        Span::from(marker).dim(),
                        key,
                        Span::raw("  "),
                        Span::styled(text, style),
                    ]));
                    continue;
                }
                let lead = if i == 0 {
                    if key_w > 0 { format!("{marker}{:<key_w$}  ", row.key) } else { marker.to_owned() }
                } else {
                    indent.clone()
                };
                out.push(Line::from(vec![Span::from(lead).dim(), Span::styled(text, style)]));
            }
        } else {
            if !row.key.is_empty() {
                let key = format!("{marker}{}", row.key);
                out.extend(wrap_plain(&key, width, "", "").into_iter().map(|l| Line::from(l).dim()));
            }
            out.extend(
                wrap_plain(&row.text, width, "    ", "    ").into_iter().map(|l| Line::styled(l, style)),
            );
        }
    }
}

/// The lines as plain text, for `ratsinfo show`.
pub fn plain(lines: &[Line]) -> String {
    let mut s = String::new();
    for l in lines {
        for span in &l.spans {
            s.push_str(&span.content);
        }
        let trimmed = s.trim_end_matches(' ').len();
        s.truncate(trimmed);
        s.push('\n');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Row;

    fn doc(blocks: Vec<Block>) -> Document {
        Document { title: String::new(), blocks, links: Vec::new() }
    }

    #[test]
    fn fields_hang_under_their_value() {
        let d = doc(vec![Block::Fields(vec![
            ("Verfasser", "CDU-Fraktion und SPD Fraktion".into()),
            ("Art", "Antrag".into()),
        ])]);
        let text = plain(&layout(&d, 30));
        assert_eq!(text, "Verfasser  CDU-Fraktion und\n           SPD Fraktion\nArt        Antrag\n");
    }

    #[test]
    fn narrow_panes_put_labels_on_their_own_line() {
        let d = doc(vec![Block::Fields(vec![("Verfasser", "CDU".into())])]);
        assert_eq!(plain(&layout(&d, 20)), "Verfasser\n  CDU\n");
    }

    #[test]
    fn paragraphs_are_separated_by_one_blank_line() {
        let d = doc(vec![Block::Heading("Sachverhalt".into()), Block::Text("eins zwei drei\n\nvier".into())]);
        assert_eq!(plain(&layout(&d, 11)), "Sachverhalt\neins zwei\ndrei\n\nvier\n");
    }

    #[test]
    fn rows_with_marker() {
        let d = doc(vec![Block::Rows(vec![
            Row {
                key: "07.09.2021".into(),
                text: "Rat der Stadt · Entscheidung".into(),
                marked: true,
                link: false,
            },
            Row { key: "01.01.2020".into(), text: "Ausschuss".into(), marked: false, link: false },
        ])]);
        assert_eq!(
            plain(&layout(&d, 40)),
            "▸ 07.09.2021  Rat der Stadt ·\n              Entscheidung\n  01.01.2020  Ausschuss\n"
        );
    }

    #[test]
    fn never_wider_than_the_width() {
        let long = "Donaudampfschifffahrtsgesellschaftskapitänsmütze ".repeat(5);
        let d = doc(vec![
            Block::Title(long.clone()),
            Block::Fields(vec![("Betreff", long.clone())]),
            Block::Text(long),
        ]);
        for w in [1u16, 2, 5, 13, 40] {
            for l in layout(&d, w) {
                assert!(l.width() <= usize::from(w), "{w}: {l:?}");
            }
        }
    }
}
