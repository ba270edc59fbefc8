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

/// A line of text longer than this is laid out a piece at a time: a
/// 10 MB word at width 1 is ten million lines, which were all built (and
/// for `show` all held) before the first was shown: 8 s and 2.7 GB.
/// First fit is greedy, so wrapping a piece, keeping all its rows but the
/// last, and going on from where that last row starts gives exactly the
/// rows of the whole line.
const PIECE: usize = 64 * 1024;

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
    /// Inside a text block: the byte offset where layout goes on, at the
    /// start of a paragraph, of a line, or inside a long line (`inside`).
    offset: usize,
    inside: bool,
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

    /// Lays out one unit: a line of a text block (or a piece of a long
    /// one), or a whole other block.
    fn step(&mut self, doc: &Document) {
        let width = usize::from(self.width.max(1));
        let block = &doc.blocks[self.block];
        // Texts, titles and notes can be megabytes of data: a line (or a
        // piece of a long one) at a time.
        let (text, style) = match block {
            Block::Text(t) => (t, Style::new()),
            Block::Title(t) => (t, Style::new().bold()),
            Block::Heading(h) => (h, heading_style()),
            Block::Note(n) => (n, Style::new().italic()),
            Block::Fields(_) | Block::Rows(_) => {
                // A heading sits directly on top of its content.
                if !self.after_heading {
                    self.separate();
                }
                self.block_lines.push(self.lines.len());
                self.bytes_done += block_bytes(block);
                self.after_heading = false;
                self.block += 1;
                match block {
                    Block::Fields(fields) => fields_layout(&mut self.lines, fields, width),
                    Block::Rows(rows) => {
                        let key_w = rows_key_width(rows);
                        for (i, row) in rows.iter().enumerate() {
                            self.row_lines.push((self.block - 1, i, self.lines.len()));
                            rows_layout(&mut self.lines, std::slice::from_ref(row), width, key_w);
                        }
                    }
                    _ => unreachable!("matched above"),
                }
                return;
            }
        };
        let at = self.block;
        self.text_step(text, width, style);
        if matches!(block, Block::Heading(_)) && self.block > at {
            self.after_heading = true;
        }
    }

    /// One line of text `t` from `self.offset`, or a piece of it, in `style`.
    /// Paragraphs (separated by a blank line in `t`) are set apart, also
    /// the first from what came before unless that is its heading.
    fn text_step(&mut self, t: &str, width: usize, style: Style) {
        let paragraph_start = !self.inside && (self.offset == 0 || t[..self.offset].ends_with("\n\n"));
        if paragraph_start && (self.offset > 0 || !self.after_heading) {
            self.separate();
        }
        if self.offset == 0 && !self.inside {
            self.block_lines.push(self.lines.len());
        }
        self.after_heading = false;
        let rest = &t[self.offset..];
        let line = &rest[..memchr::memchr(b'\n', rest.as_bytes()).unwrap_or(rest.len())];
        if let Some(done) = self.wrap_piece(line, width, style) {
            self.offset += done;
            self.bytes_done += done;
            self.inside = true;
            return;
        }
        // The end of a long line: first fit, as for its pieces.
        let rows = if self.inside {
            let opts = Options::new(width).wrap_algorithm(WrapAlgorithm::FirstFit);
            textwrap::wrap(line, opts).into_iter().map(|r| r.into_owned()).collect()
        } else {
            wrap_plain(line, width, "", "")
        };
        self.lines.extend(rows.into_iter().map(|r| Line::styled(r, style)));
        let mut next = self.offset + line.len();
        // The line break, and the blank line that ends a paragraph.
        next += t[next..].bytes().take(2).take_while(|&b| b == b'\n').count();
        self.bytes_done += next - self.offset;
        self.inside = false;
        if next >= t.len() {
            self.block += 1;
            self.offset = 0;
        } else {
            self.offset = next;
        }
    }

    /// Lays out the rows of the first [`PIECE`] bytes of a longer `line`
    /// but the last, and says how far they reach; None for a shorter line.
    fn wrap_piece(&mut self, line: &str, width: usize, style: Style) -> Option<usize> {
        if line.len() <= PIECE {
            return None;
        }
        // The piece ends after a blank, where textwrap finds the same words
        // as in the whole line (cut inside a word, it may not: "ab c-"
        // gives a row of the blank alone). Only a run of half a piece
        // without a blank is cut anywhere: its rows are pieces of one word.
        let mut cut = PIECE;
        while !line.is_char_boundary(cut) {
            cut -= 1;
        }
        if let Some(blank) = line.as_bytes()[PIECE / 2..cut].iter().rposition(|&b| b == b' ') {
            cut = PIECE / 2 + blank + 1;
        }
        let piece = &line[..cut];
        let opts = Options::new(width).wrap_algorithm(WrapAlgorithm::FirstFit);
        let rows = textwrap::wrap(piece, opts);
        if rows.len() < 2 {
            return None;
        }
        // Where the last kept row ends: rows are slices of the piece (no
        // indent is set), unless textwrap had to make one. The next row
        // starts after the blanks that follow it (a row never starts with
        // one, except at the start of the line).
        let keep = rows.len() - 1;
        let end = match &rows[keep - 1] {
            std::borrow::Cow::Borrowed(r) => r.as_ptr() as usize + r.len() - piece.as_ptr() as usize,
            std::borrow::Cow::Owned(_) => return None,
        };
        let next = end + piece[end..].bytes().take_while(|&b| b == b' ').count();
        if next == 0 || next >= piece.len() {
            return None;
        }
        self.lines.extend(rows.into_iter().take(keep).map(|r| Line::styled(r.into_owned(), style)));
        Some(next)
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

/// The lines as plain text.
pub fn plain(lines: &[Line]) -> String {
    let mut s = String::new();
    for l in lines {
        push_plain(&mut s, l);
    }
    s
}

fn push_plain(s: &mut String, l: &Line) {
    for span in &l.spans {
        s.push_str(&span.content);
    }
    let trimmed = s.trim_end_matches(' ').len();
    s.truncate(trimmed);
    s.push('\n');
}

/// Writes `doc` wrapped to `width` as plain text, for `ratsinfo show`: a
/// piece at a time, so that a document of millions of lines is never held
/// whole.
pub fn write_plain(out: &mut impl std::io::Write, doc: &Document, width: u16) -> std::io::Result<()> {
    let mut l = Layout::new(width);
    let mut s = String::new();
    loop {
        let done = l.is_done(doc);
        if !done {
            l.step(doc);
        }
        // The last line stays until the end: the next step looks at it
        // to set paragraphs apart.
        let keep = if done { 0 } else { 1 };
        let n = l.lines.len().saturating_sub(keep);
        s.clear();
        l.lines.drain(..n).for_each(|line| push_plain(&mut s, &line));
        out.write_all(s.as_bytes())?;
        if done {
            return Ok(());
        }
    }
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

    /// A line longer than [`PIECE`] is laid out a piece at a time, with
    /// exactly the rows of first fit over the whole line; and `show`'s
    /// streaming gives what the whole layout gives.
    #[test]
    fn long_lines_in_pieces_wrap_as_whole_lines() {
        let mut words = String::new();
        let mut n = 1u32;
        while words.len() < 2 * PIECE + 5_000 {
            n = n.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            let len = (n >> 16) as usize % 23 + 1;
            words.push_str(&"äbc-d".chars().cycle().take(len).collect::<String>());
            words.push(if n.is_multiple_of(7) { '/' } else { ' ' });
        }
        let long_word = "wörter".repeat(PIECE / 5);
        for text in [words.clone(), long_word.clone(), format!("{long_word} {words}\n\nkurz\n{words}")] {
            let d = doc(vec![Block::Heading("H".into()), Block::Text(text.clone())]);
            for w in [1u16, 7, 40, 100] {
                let got = plain(&layout(&d, w));
                let mut expected = String::from("H\n");
                for (i, para) in text.split("\n\n").enumerate() {
                    if i > 0 {
                        expected.push('\n');
                    }
                    for line in para.split('\n') {
                        let opts = Options::new(usize::from(w)).wrap_algorithm(WrapAlgorithm::FirstFit);
                        let algo_rows: Vec<Line> = if line.len() > OPTIMAL_FIT_LIMIT {
                            textwrap::wrap(line, opts)
                                .into_iter()
                                .map(|r| Line::from(r.into_owned()))
                                .collect()
                        } else {
                            wrap_plain(line, usize::from(w), "", "").into_iter().map(Line::from).collect()
                        };
                        expected.push_str(&plain(&algo_rows));
                    }
                }
                if got != expected {
                    let (g, e): (Vec<&str>, Vec<&str>) = (got.lines().collect(), expected.lines().collect());
                    let at = g.iter().zip(&e).position(|(a, b)| a != b).unwrap_or(g.len().min(e.len()));
                    panic!(
                        "width {w}: layouts differ at line {at} of {}/{}: {:?} vs {:?}",
                        g.len(),
                        e.len(),
                        &g[at.saturating_sub(2)..(at + 3).min(g.len())],
                        &e[at.saturating_sub(2)..(at + 3).min(e.len())]
                    );
                }
                let mut streamed = Vec::new();
                write_plain(&mut streamed, &d, w).unwrap();
                assert!(streamed == expected.as_bytes(), "width {w}: streaming differs");
            }
        }
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
