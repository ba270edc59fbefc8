//! Drawing: a pure function of the [`App`] state. Only visible rows are
//! built; every width is computed with saturating arithmetic.

use std::sync::atomic::Ordering;

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::{Modifier, Style, Stylize};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::app::{App, Overlay, Pane, TreeRow};
use super::keys;
use super::overlay;
use crate::document::{item_summary, sitzung_label};
use crate::model::RecordId;
use crate::strings as s;
use crate::tree::Node;

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
        draw_tree(app, f, p.tree);
    }
    if !p.reader.is_empty() {
        draw_reader(app, f, p.reader);
    }
    if app.search.is_some() {
        draw_search(app, f, p.main);
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
fn fit(spans: Vec<Span<'static>>, width: usize) -> Line<'static> {
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

fn pane_block(title: String, focused: bool) -> Block<'static> {
    let style = if focused { Style::new().bold() } else { Style::new().dim() };
    Block::new().borders(Borders::ALL).border_style(style).title(Span::styled(title, Style::new().bold()))
}

fn draw_tree(app: &App, f: &mut Frame, area: Rect) {
    let focused = app.focus == Pane::Tree && app.search.is_none();
    let inner_w = usize::from(area.width.saturating_sub(2));
    let block = pane_block(truncate(s::GREMIEN, inner_w.saturating_sub(2)), focused);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let Some(d) = &app.data else {
        let p = &app.progress;
        let text = s::laden(
            p.files_done.load(Ordering::Relaxed),
            p.files_total.load(Ordering::Relaxed),
            p.records.load(Ordering::Relaxed),
            p.bytes.load(Ordering::Relaxed),
        );
        f.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), inner);
        return;
    };
    if app.rows.is_empty() {
        let msg = if d.archive.problems.is_empty() { s::LEER } else { s::LEER_MIT_PROBLEMEN };
        f.render_widget(Paragraph::new(msg).wrap(Wrap { trim: true }), inner);
        return;
    }
    let h = usize::from(inner.height);
    let lines: Vec<Line> = app
        .rows
        .iter()
        .enumerate()
        .skip(app.tree.offset)
        .take(h)
        .map(|(i, row)| {
            let line = fit(row_spans(app, d, row), inner_w);
            if i == app.tree.selected {
                let style = if focused {
                    Style::new().add_modifier(Modifier::REVERSED)
                } else {
                    Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
                };
                line.patch_style(style)
            } else {
                line
            }
        })
        .collect();
    f.render_widget(Paragraph::new(lines), inner);
}

fn row_spans(app: &App, d: &crate::open::Data, row: &TreeRow) -> Vec<Span<'static>> {
    let t = &d.tree;
    let a = &d.archive;
    let indent = "  ".repeat(usize::from(row.depth));
    let marker = if t.has_children(row.node) {
        if app.expanded.contains(&row.node) { "▾ " } else { "▸ " }
    } else {
        "  "
    };
    let mut spans = vec![Span::raw(format!("{indent}{marker}"))];
    // What the last sync created or changed.
    let neu = match row.node {
        Node::Vorlage(v) => a.is_neu(RecordId::Vorlage(v)),
        Node::Sitzung(si) => a.is_neu(RecordId::Sitzung(si)),
        Node::Item(i) => {
            let it = &t.items[i as usize];
            it.auszug.is_some_and(|au| a.is_neu(RecordId::Auszug(au)))
                || it.vorlage.is_some_and(|v| a.is_neu(RecordId::Vorlage(v)))
        }
        _ => false,
    };
    if neu {
        spans.push(Span::styled(format!("{} ", s::NEU), Style::new().green().bold()));
    }
    match row.node {
        Node::Koerperschaft(k) => {
            let name = a.koerperschaft(t.koerperschaften[k as usize].id);
            spans.push(
                Span::raw(if name.is_empty() { s::OHNE_KOERPERSCHAFT.to_owned() } else { name.to_owned() })
                    .bold(),
            );
        }
        Node::Gremium(g) => spans.push(Span::raw(t.gremien[g as usize].name.clone())),
        Node::Sitzung(si) => {
            spans.push(Span::raw(sitzung_label(a, t, si)));
            let items = t.sitzung(si).items.len();
            let count = if items == 0 { s::KEINE_TOPS.to_owned() } else { s::count(items, "TOP", "TOPs") };
            spans.push(Span::raw(format!("  {count}")).dim());
        }
        Node::Item(i) => {
            let (top, nummer, title, result) = item_summary(a, t, i);
            if !top.is_empty() {
                spans.push(Span::raw(format!("{top} ")).dim());
            }
            if !nummer.is_empty() {
                spans.push(Span::raw(format!("{nummer} ")).bold());
            }
            spans.push(Span::raw(title));
            if !result.is_empty() {
                spans.push(Span::raw(format!(" · {result}")).dim());
            }
        }
        Node::OhneSitzung(g) => {
            spans.push(Span::raw(s::OHNE_SITZUNG).italic());
            let n = t.gremien[g as usize].ohne_sitzung.len();
            spans.push(Span::raw(format!("  ({n})")).dim());
        }
        Node::AlleVorlagen(_) => spans.push(Span::raw(s::ALLE_VORLAGEN).italic()),
        Node::Jahr(j) => {
            let jahr = &t.jahre[j as usize];
            spans.push(Span::raw(jahr.year.map_or(s::OHNE_JAHR.to_owned(), |y| y.to_string())));
            spans.push(Span::raw(format!("  ({})", jahr.vorlagen.len())).dim());
        }
        Node::Vorlage(v) => {
            let v = a.vorlage(v);
            spans.push(Span::raw(format!("{} ", v.nummer)).bold());
            spans.push(Span::raw(v.betreff.clone()));
        }
    }
    spans
}

fn draw_reader(app: &App, f: &mut Frame, area: Rect) {
    let focused = app.focus == Pane::Reader && app.search.is_none();
    let inner_w = usize::from(area.width.saturating_sub(4));
    let r = &app.reader;
    let title = if r.doc.title.is_empty() { s::LESEBEREICH } else { r.doc.title.as_str() };
    let h = usize::from(area.height.saturating_sub(2));
    let total = r.total_lines();
    let mut block = pane_block(truncate(title, inner_w), focused);
    if total > h {
        let pct = ((r.scroll + h).min(total) * 100).checked_div(total).unwrap_or(100);
        block = block.title_bottom(Line::from(format!(" {pct}% ")).right_aligned());
    }
    let inner = block.inner(area);
    f.render_widget(block, area);
    if r.node.is_none() {
        let msg = if app.data.is_some() { s::NICHTS_GEWAEHLT } else { "" };
        f.render_widget(Paragraph::new(msg).dim().wrap(Wrap { trim: true }), inner);
        return;
    }
    let terms = app.last_query.as_ref().map_or(&[][..], |q| q.terms());
    let visible: Vec<Line> = r.lines().iter().skip(r.scroll).take(h).map(|l| mark_terms(l, terms)).collect();
    let text_area = Rect {
        x: inner.x.saturating_add(1).min(inner.right()),
        width: inner.width.saturating_sub(1),
        ..inner
    };
    f.render_widget(Paragraph::new(visible), text_area);
}

/// The line with every occurrence of a search term highlighted (for n/N).
fn mark_terms(line: &Line<'static>, terms: &[String]) -> Line<'static> {
    if terms.is_empty() {
        return line.clone();
    }
    let mut spans = Vec::with_capacity(line.spans.len());
    for span in &line.spans {
        let chars: Vec<char> = span.content.chars().collect();
        let folded: Vec<char> = crate::search::fold(&span.content).chars().collect();
        let mut marked = vec![false; chars.len()];
        for t in terms {
            let t: Vec<char> = t.chars().collect();
            if t.is_empty() || t.len() > folded.len() {
                continue;
            }
            for i in 0..=folded.len() - t.len() {
                if folded[i..i + t.len()] == t[..] {
                    marked[i..i + t.len()].iter_mut().for_each(|m| *m = true);
                }
            }
        }
        let mut start = 0;
        while start < chars.len() {
            let on = marked[start];
            let end = (start..chars.len()).find(|&i| marked[i] != on).unwrap_or(chars.len());
            let text: String = chars[start..end].iter().collect();
            let style = if on { span.style.patch(Style::new().reversed()) } else { span.style };
            spans.push(Span::styled(text, style));
            start = end;
        }
    }
    Line { spans, ..line.clone() }
}

fn draw_search(app: &App, f: &mut Frame, area: Rect) {
    let Some(search) = &app.search else { return };
    f.render_widget(Clear, area);
    let block = pane_block(s::SUCHE.to_owned(), true);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let w = usize::from(inner.width);
    // The input line shows its end when the query is longer than the pane.
    let shown: String = {
        let mut tail: Vec<char> = Vec::new();
        let mut width = 0;
        for c in search.input.chars().rev() {
            width += c.width().unwrap_or(0);
            if width + 3 > w {
                break;
            }
            tail.push(c);
        }
        tail.into_iter().rev().collect()
    };
    let input = Line::from(vec![
        Span::raw("> ").bold(),
        Span::raw(shown),
        Span::raw("█").add_modifier(Modifier::SLOW_BLINK),
    ]);
    let count = match (&search.result, search.input.trim().is_empty()) {
        (_, true) => s::SUCHE_HINWEIS.to_owned(),
        (None, false) => String::new(),
        (Some(r), false) if r.total == 0 => s::KEINE_TREFFER.to_owned(),
        (Some(r), false) => s::treffer(r.top.len(), r.total),
    };
    let mut lines = vec![fit(input.spans, w), Line::from(truncate(&count, w)).dim()];
    for (i, (_, text, marks)) in search.visible.iter().enumerate() {
        let selected = search.list.offset + i == search.list.selected;
        let mut spans: Vec<Span> = Vec::new();
        for (ci, c) in text.chars().enumerate() {
            let style = if marks.binary_search(&ci).is_ok() {
                Style::new().add_modifier(Modifier::BOLD).fg(ratatui::style::Color::Yellow)
            } else {
                Style::new()
            };
            match spans.last_mut() {
                Some(last) if last.style == style => last.content.to_mut().push(c),
                _ => spans.push(Span::styled(c.to_string(), style)),
            }
        }
        let line = fit(spans, w);
        lines.push(if selected {
            line.patch_style(Style::new().add_modifier(Modifier::REVERSED))
        } else {
            line
        });
    }
    f.render_widget(Paragraph::new(lines), inner);
}

fn draw_overlay(app: &App, f: &mut Frame, area: Rect, o: Overlay) {
    let rect = overlay::rect(area);
    f.render_widget(Clear, rect);
    let block = pane_block(overlay::title(o).to_owned(), true);
    let inner = block.inner(rect);
    f.render_widget(block, rect);
    let text_area = Rect {
        x: inner.x.saturating_add(1).min(inner.right()),
        width: inner.width.saturating_sub(2),
        ..inner
    };
    // Only the lines from the scroll position on are built; long lines wrap
    // and push the rest down.
    let lines = overlay::lines(app, o, app.overlay_scroll, usize::from(text_area.height));
    f.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), text_area);
}

fn draw_status(app: &App, f: &mut Frame, area: Rect) {
    let w = usize::from(area.width);
    let right = match &app.data {
        None => String::new(),
        Some(d) => {
            let a = &d.archive;
            let probleme = s::probleme(a.errors(), a.warnings());
            let neu = if a.neu.is_empty() { String::new() } else { format!("{} {} ", a.neu.len(), s::NEU) };
            if probleme.is_empty() { neu } else { format!("{neu}{probleme} (p) ") }
        }
    };
    let right = truncate(&right, w / 2);
    // Whole hints only: one that does not fit is left out, not cut. The
    // table lists "? Hilfe" and "q beenden" last; they are kept first.
    let hints = keys::status_hints(app.mode());
    let mut room = w.saturating_sub(right.width() + 1);
    let mut keep = vec![false; hints.len()];
    for (i, hint) in hints.iter().enumerate().rev() {
        if hint.width() + 2 <= room {
            room -= hint.width() + 2;
            keep[i] = true;
        }
    }
    let left: String = hints.iter().zip(&keep).filter(|(_, k)| **k).map(|(h, _)| format!(" {h} ")).collect();
    let pad = w.saturating_sub(left.width() + right.width());
    let line = Line::from(vec![
        Span::raw(left),
        Span::raw(" ".repeat(pad)),
        Span::styled(right, Style::new().fg(ratatui::style::Color::Yellow)),
    ]);
    f.render_widget(Paragraph::new(line).style(Style::new().add_modifier(Modifier::REVERSED)), area);
}
