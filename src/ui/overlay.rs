//! The help and problem overlays: their lines, built in one place for
//! drawing and for scrolling limits.

use ratatui::layout::Rect;
use ratatui::style::Stylize;
use ratatui::text::{Line, Span};

use super::app::{App, Overlay};
use super::keys::{BINDINGS, Mode};
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

pub fn title(o: Overlay) -> &'static str {
    match o {
        Overlay::Help => s::HILFE,
        Overlay::Problems => s::PROBLEME,
    }
}

/// How many (unwrapped) lines the overlay has.
pub fn line_count(app: &App, o: Overlay) -> usize {
    match o {
        Overlay::Help => help_lines().len(),
        // With none, the one line that says so.
        Overlay::Problems => match problem_count(app) {
            0 => 1,
            n => n * LINES_PER_PROBLEM,
        },
    }
}

/// The overlay's lines from `skip` on, at most `take`: a list of a
/// hundred thousand problems is not built for every frame.
pub fn lines(app: &App, o: Overlay, skip: usize, take: usize) -> Vec<Line<'static>> {
    match o {
        Overlay::Help => help_lines().into_iter().skip(skip).take(take).collect(),
        Overlay::Problems => problem_lines(app, skip, take),
    }
}

/// The help, generated from the key table.
pub fn help_lines() -> Vec<Line<'static>> {
    let groups: [(&str, &[Mode]); 3] = [
        ("Baum und Lesebereich", &[Mode::Tree, Mode::Reader]),
        ("Suche", &[Mode::Search]),
        ("Fenster", &[Mode::Overlay]),
    ];
    let mut lines = Vec::new();
    for (name, modes) in groups {
        if !lines.is_empty() {
            lines.push(Line::default());
        }
        lines.push(Line::styled(name.to_owned(), crate::wrap::heading_style()));
        let mut seen: Vec<(&str, &str)> = Vec::new();
        for b in BINDINGS.iter().filter(|b| b.modes.iter().any(|m| modes.contains(m))) {
            if seen.contains(&(b.label, b.help)) {
                continue;
            }
            seen.push((b.label, b.help));
            lines.push(Line::from(vec![Span::raw(format!("{:<16}", b.label)).bold(), Span::raw(b.help)]));
        }
    }
    lines.push(Line::default());
    lines.push(Line::from("In der Suche wird alles andere Getippte Teil der Suchanfrage.").italic());
    lines
}

/// Each problem is a heading line and its message.
const LINES_PER_PROBLEM: usize = 2;

fn problem_count(app: &App) -> usize {
    app.data.as_ref().map_or(0, |d| d.archive.problems.len())
}

fn problem_lines(app: &App, skip: usize, take: usize) -> Vec<Line<'static>> {
    match &app.data {
        Some(d) if !d.archive.problems.is_empty() => d
            .archive
            .problems
            .iter()
            .skip(skip / LINES_PER_PROBLEM)
            .take(take.div_ceil(LINES_PER_PROBLEM) + 1)
            .flat_map(|p| {
                let kind = p.severity.german();
                [
                    Line::from(vec![Span::raw(format!("{kind}  ")).bold(), Span::raw(p.location()).dim()]),
                    Line::from(format!("  {}", p.message)),
                ]
            })
            .skip(skip % LINES_PER_PROBLEM)
            .take(take)
            .collect(),
        _ => vec![Line::from(s::KEINE_PROBLEME)].into_iter().skip(skip).take(take).collect(),
    }
}
