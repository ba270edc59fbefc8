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

/// Wraps `doc` to `width` columns.
pub fn layout(doc: &Document, width: u16) -> Vec<Line<'static>> {
    let width = usize::from(width.max(1));
    let mut out: Vec<Line<'static>> = Vec::new();
    let separate = |out: &mut Vec<Line<'static>>| {
        if out.last().is_some_and(|l| l.width() > 0) {
            out.push(Line::default());
        }
    };
    let mut after_heading = false;
    for block in &doc.blocks {
        // A heading sits directly on top of its content.
        let under_heading = after_heading;
        let blank = |out: &mut Vec<Line<'static>>| {
            if !under_heading {
                separate(out);
            }
        };
        after_heading = matches!(block, Block::Heading(_));
        match block {
            Block::Title(t) => {
                blank(&mut out);
                out.extend(wrap_plain(t, width, "", "").into_iter().map(|l| Line::from(l).bold()));
            }
            Block::Heading(h) => {
                blank(&mut out);
                out.extend(
                    wrap_plain(h, width, "", "").into_iter().map(|l| Line::styled(l, heading_style())),
                );
            }
            Block::Note(n) => {
                blank(&mut out);
                out.extend(wrap_plain(n, width, "", "").into_iter().map(|l| Line::from(l).italic()));
            }
            Block::Text(t) => {
                for (i, para) in t.split("\n\n").enumerate() {
                    if i == 0 {
                        blank(&mut out);
                    } else {
                        separate(&mut out);
                    }
                    for line in para.split('\n') {
                        out.extend(wrap_plain(line, width, "", "").into_iter().map(Line::from));
                    }
                }
            }
            Block::Fields(fields) => {
                blank(&mut out);
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
            Block::Rows(rows) => {
                blank(&mut out);
                rows_layout(&mut out, rows, width);
            }
        }
    }
    out
}

fn rows_layout(out: &mut Vec<Line<'static>>, rows: &[Row], width: usize) {
    let key_w = rows.iter().map(|r| r.key.width()).max().unwrap_or(0);
    let lead_w = 2 + key_w + if key_w > 0 { 2 } else { 0 };
    let inline = width >= lead_w + 12;
    for row in rows {
        let marker = if row.marked { "▸ " } else { "  " };
        let style = if row.marked { Style::new().bold() } else { Style::new() };
        if inline {
            let indent = " ".repeat(lead_w);
            for (i, l) in wrap_plain(&row.text, width, &indent, &indent).into_iter().enumerate() {
                let text = l.strip_prefix(indent.as_str()).unwrap_or(&l).to_owned();
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
        Document { title: String::new(), blocks }
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
            Row { key: "07.09.2021".into(), text: "Rat der Stadt · Entscheidung".into(), marked: true },
            Row { key: "01.01.2020".into(), text: "Ausschuss".into(), marked: false },
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
