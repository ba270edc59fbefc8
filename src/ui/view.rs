//! Drawing: a pure function of the [`App`] state. Only visible rows are
//! built; every width is computed with saturating arithmetic.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::app::{App, Overlay};
use super::{overlay, views};
use crate::config::Role;
use crate::strings as s;

pub fn draw(app: &App, f: &mut Frame) {
    let p = app.panes;
    if p.too_small {
        let msg = truncate(s::ZU_KLEIN, usize::from(p.size.width));
        let y = p.size.height / 2;
        f.render_widget(
            Paragraph::new(msg).alignment(Alignment::Center),
            Rect { y, height: p.size.height.min(1), ..p.size },
        );
        return;
    }
    if !p.tree.is_empty() {
        views::tree::draw(app, f, p.tree);
    }
    if !p.reader.is_empty() {
        views::reader::draw(app, f, p.reader);
    }
    if app.termine.is_some() {
        views::termine::draw(app, f, p.main);
    }
    if app.search.is_some() {
        views::search::draw(app, f, p.main);
    }
    if app.links.is_some() {
        views::links::draw(app, f, p.main);
    }
    if app.copy.is_some() {
        views::copy::draw(app, f, p.main);
    }
    if app.docs.showing() {
        views::documents::draw(app, f, p.main);
    }
    if app.editor.is_some() {
        views::editor::draw(app, f, p.main);
    }
    if let Some(o) = app.overlay {
        draw_overlay(app, f, p.main, o);
    }
    draw_status(app, f, p.status);
}

/// `s` cut to `width` columns, with "…" where it was cut.
pub fn truncate(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_owned();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if w + cw + 1 > width {
            break;
        }
        out.push(c);
        w += cw;
    }
    if width > 0 {
        out.push('…');
    }
    out
}

/// Cuts a line of spans to `width` columns.
pub fn fit(spans: Vec<Span<'static>>, width: usize) -> Line<'static> {
    let mut out = Vec::new();
    let mut left = width;
    for span in spans {
        let w = span.content.width();
        if w <= left {
            left -= w;
            out.push(span);
        } else {
            out.push(Span::styled(truncate(&span.content, left), span.style));
            break;
        }
    }
    Line::from(out)
}

/// The selected row of a list: reversed.
pub fn selected_row(line: Line<'static>, selected: bool) -> Line<'static> {
    if selected { line.patch_style(Style::new().add_modifier(Modifier::REVERSED)) } else { line }
}

/// Where text stands inside a pane's frame: a blank column on each side.
pub fn text_margin(inner: Rect) -> Rect {
    Rect { x: inner.x.saturating_add(1).min(inner.right()), width: inner.width.saturating_sub(2), ..inner }
}

pub fn pane_block(title: String, focused: bool) -> Block<'static> {
    let style = if focused { Style::new().bold() } else { Style::new().dim() };
    Block::new().borders(Borders::ALL).border_style(style).title(Span::styled(title, Style::new().bold()))
}

fn draw_overlay(app: &App, f: &mut Frame, area: Rect, o: Overlay) {
    let rect = overlay::rect(area);
    f.render_widget(Clear, rect);
    let mut block = pane_block(overlay::title(o).to_owned(), true);
    // Where more follows below, the frame says so.
    if app.overlay_scroll < app.overlay_max_scroll() {
        block = block.title_bottom(Line::from(format!(" {} ", s::MEHR_UNTEN)).right_aligned());
    }
    let inner = block.inner(rect);
    f.render_widget(block, rect);
    let text_area = text_margin(inner);
    // Only the rows from the scroll position on are built, wrapped as
    // scrolling counted them.
    let lines = overlay::lines(app, o, &app.overlay_rows, app.overlay_scroll, usize::from(text_area.height));
    f.render_widget(Paragraph::new(lines), text_area);
}

fn draw_status(app: &App, f: &mut Frame, area: Rect) {
    let w = usize::from(area.width);
    let mut right = match &app.data {
        None => String::new(),
        Some(d) => {
            let a = &d.archive;
            let probleme = s::probleme(a.errors(), a.warnings());
            let neu = if a.neu.is_empty() { String::new() } else { format!("{} {} ", a.neu.len(), s::NEU) };
            if probleme.is_empty() { neu } else { format!("{neu}{probleme} (p) ") }
        }
    };
    if !app.config_problems.is_empty() {
        right = format!("{}{right}", s::konfiguration_probleme(app.config_problems.len()));
        if !right.ends_with("(p) ") {
            right.push_str(" (p) ");
        }
    }
    let right = truncate(&right, w / 2);
    // The full-text index being made: how far, before the problems, in
    // the line's own colours (it is news, not a warning).
    let building = match &app.fulltext_progress {
        Some(p) if app.fulltext_pending() => truncate(&format!("{} ", p.short()), w / 3),
        _ => String::new(),
    };
    let theme = &app.config.theme;
    let status = theme.style(Role::Status);
    // A note of what just happened stands in place of the hints.
    if let Some(msg) = &app.message {
        let left = truncate(&format!(" {msg}"), w.saturating_sub(right.width() + building.width()));
        let pad = w.saturating_sub(left.width() + building.width() + right.width());
        let line = Line::from(vec![
            Span::styled(left, Style::new().add_modifier(Modifier::BOLD)),
            Span::raw(" ".repeat(pad)),
            Span::raw(building),
            Span::styled(right, theme.style(Role::Warning)),
        ]);
        f.render_widget(Paragraph::new(line).style(status), area);
        return;
    }
    // Whole hints only: one that does not fit is left out, not cut. The
    // table lists "? Hilfe" and "q beenden" last; they are kept first, the
    // others then in table order, the most useful first.
    let hints = app.keymap.status_hints(app.mode());
    let mut room = w.saturating_sub(right.width() + building.width() + 1);
    let mut keep = vec![false; hints.len()];
    let reserved = hints.len().saturating_sub(2);
    for i in (reserved..hints.len()).chain(0..reserved) {
        if hints[i].width() + 2 <= room {
            room -= hints[i].width() + 2;
            keep[i] = true;
        }
    }
    let left: String = hints.iter().zip(&keep).filter(|(_, k)| **k).map(|(h, _)| format!(" {h} ")).collect();
    let pad = w.saturating_sub(left.width() + building.width() + right.width());
    let line = Line::from(vec![
        Span::raw(left),
        Span::raw(" ".repeat(pad)),
        Span::raw(building),
        Span::styled(right, theme.style(Role::Warning)),
    ]);
    f.render_widget(Paragraph::new(line).style(status), area);
}
