//! The help and problem overlays: their lines, built in one place for
//! drawing and for scrolling limits.

use ratatui::layout::Rect;
use ratatui::style::Stylize;
use ratatui::text::{Line, Span};

use super::app::{App, Overlay};
use super::keys::{Keymap, Mode};
use crate::strings as s;

/// Where an overlay goes inside the main area.
pub fn rect(area: Rect) -> Rect {
    let w = 76.min(area.width);
    Rect { x: area.x + (area.width - w) / 2, width: w, ..area }
}

/// Rows of text inside an overlay over `area`.
pub fn text_height(area: Rect) -> usize {
    usize::from(rect(area).height.saturating_sub(2))
}

/// Columns of text inside an overlay over `area` (border and a column of
/// air on each side): what its lines are wrapped to.
pub fn text_width(area: Rect) -> u16 {
    rect(area).width.saturating_sub(4)
}

pub fn title(o: Overlay) -> &'static str {
    match o {
        Overlay::Help => s::HILFE,
        Overlay::Problems => s::PROBLEME,
    }
}

/// Where each item of an overlay (a line of the help, a problem) starts
/// among the rows it takes when wrapped to a width; the last entry is the
/// number of rows. Scrolling counts these rows: messages wrap, and
/// counting two rows per problem hid the last problems below the end.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rows {
    pub width: u16,
    starts: Vec<usize>,
}

impl Rows {
    /// Lays out every item once, to count its rows: when the overlay opens
    /// or the width changes, not per frame.
    pub fn new(app: &App, o: Overlay, width: u16) -> Rows {
        let mut starts = Vec::with_capacity(item_count(app, o) + 1);
        let mut row = 0;
        for i in 0..item_count(app, o) {
            starts.push(row);
            row += item_lines(app, o, i, width).len();
        }
        starts.push(row);
        Rows { width, starts }
    }

    pub fn total(&self) -> usize {
        self.starts.last().copied().unwrap_or(0)
    }
}

fn item_count(app: &App, o: Overlay) -> usize {
    match o {
        Overlay::Help => help_lines(&app.keymap).len(),
        // With none, the one line that says so.
        Overlay::Problems => problem_count(app).max(1),
    }
}

/// The rows of item `i`, wrapped to `width`.
fn item_lines(app: &App, o: Overlay, i: usize, width: u16) -> Vec<Line<'static>> {
    let lines = match o {
        Overlay::Help => help_lines(&app.keymap).into_iter().skip(i).take(1).collect(),
        Overlay::Problems => problem_lines(app, i),
    };
    lines.iter().flat_map(|l| wrap_line(l, width)).collect()
}

/// The overlay's rows from `skip` on, at most `take`: only the items on
/// screen are laid out (a list of a hundred thousand problems is not built
/// for every frame).
pub fn lines(app: &App, o: Overlay, rows: &Rows, skip: usize, take: usize) -> Vec<Line<'static>> {
    let first = rows.starts.partition_point(|&start| start <= skip).saturating_sub(1);
    let mut out = Vec::with_capacity(take);
    let mut drop = skip - rows.starts.get(first).copied().unwrap_or(0).min(skip);
    for i in first..item_count(app, o) {
        if out.len() >= take {
            break;
        }
        for line in item_lines(app, o, i, rows.width) {
            if drop > 0 {
                drop -= 1;
            } else if out.len() < take {
                out.push(line);
            }
        }
    }
    out
}

/// `line` wrapped at word boundaries to `width` columns, each span keeping
/// its style; a word longer than the width is broken.
fn wrap_line(line: &Line<'static>, width: u16) -> Vec<Line<'static>> {
    let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
    if text.is_empty() || width == 0 {
        return vec![line.clone()];
    }
    // Where each span ends in `text`, and its style.
    let mut ends = Vec::with_capacity(line.spans.len());
    let mut end = 0;
    for span in &line.spans {
        end += span.content.len();
        ends.push((end, span.style));
    }
    let opts = textwrap::Options::new(usize::from(width)).break_words(true);
    textwrap::wrap(&text, opts)
        .iter()
        .map(|row| {
            // Rows are slices of `text` (no indent is set): their place in
            // it gives their styles.
            let start = (row.as_ptr() as usize).saturating_sub(text.as_ptr() as usize).min(text.len());
            let stop = (start + row.len()).min(text.len());
            let mut spans = Vec::new();
            let mut from = start;
            for &(end, style) in &ends {
                if end <= from {
                    continue;
                }
                let to = end.min(stop);
                if to > from && text.is_char_boundary(from) && text.is_char_boundary(to) {
                    spans.push(Span::styled(text[from..to].to_owned(), style));
                }
                from = to;
                if from >= stop {
                    break;
                }
            }
            Line { spans, style: line.style, alignment: line.alignment }
        })
        .collect()
}

/// The help, generated from the keys in effect.
pub fn help_lines(keymap: &Keymap) -> Vec<Line<'static>> {
    let groups: [(&str, &[Mode]); 5] = [
        (s::HILFE_BLAETTERN, &[Mode::Tree, Mode::Reader]),
        (s::SUCHE, &[Mode::Search]),
        (s::TERMINE, &[Mode::Termine]),
        (s::HILFE_FENSTER, &[Mode::Overlay]),
        (s::HILFE_NOTIZ, &[Mode::Editor]),
    ];
    let mut lines = Vec::new();
    for (name, modes) in groups {
        if !lines.is_empty() {
            lines.push(Line::default());
        }
        lines.push(Line::styled(name.to_owned(), crate::wrap::heading_style()));
        let mut seen: Vec<(String, &str)> = Vec::new();
        for b in keymap.bindings.iter().filter(|b| b.modes.iter().any(|m| modes.contains(m))) {
            let label = b.label();
            if seen.iter().any(|(l, h)| *l == label && *h == b.help) {
                continue;
            }
            lines.push(Line::from(vec![Span::raw(format!("{label:<16}")).bold(), Span::raw(b.help)]));
            seen.push((label, b.help));
        }
    }
    lines.push(Line::default());
    lines.push(Line::from(s::HILFE_TIPPEN.get()).italic());
    lines
}

/// The config's problems first, then the archive's.
fn problem_count(app: &App) -> usize {
    app.config_problems.len() + app.data.as_ref().map_or(0, |d| d.archive.problems.len())
}

/// Problem `i`: a heading line (kind and place) and its message.
fn problem_lines(app: &App, i: usize) -> Vec<Line<'static>> {
    let n = app.config_problems.len();
    let problem = match i.checked_sub(n) {
        None => app.config_problems.get(i),
        Some(j) => app.data.as_ref().and_then(|d| d.archive.problems.get(j)),
    };
    match problem {
        Some(p) => {
            let kind = p.severity.name();
            vec![
                Line::from(vec![Span::raw(format!("{kind}  ")).bold(), Span::raw(p.location()).dim()]),
                Line::from(format!("  {}", p.message)),
            ]
        }
        None => vec![Line::from(s::KEINE_PROBLEME.get())],
    }
}
