//! The Termine view: the coming sessions of all Gremien, by date, grouped
//! by calendar week, today marked; Enter opens a session.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Stylize;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use super::super::app::App;
use super::super::keys::Action;
use super::super::view::{fit, pane_block, selected_row};
use super::Effect;
use crate::model::{Date, SitzungId};
use crate::open::Data;
use crate::strings as s;
use crate::termine;
use crate::tree::Node;

/// A line of the list: a week's heading or a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    Week(Date),
    Sitzung(SitzungId),
}

#[derive(Debug, Default)]
pub struct TermineView {
    pub today: Option<Date>,
    pub rows: Vec<Row>,
    /// The selected session (headings are not selected) and the first row
    /// on screen.
    pub selected: usize,
    pub offset: usize,
    /// Per session, its row.
    sessions: Vec<usize>,
}

impl TermineView {
    /// The sessions from `today` on: the list is made once, when opened
    /// (one pass over the sessions, sorted).
    pub fn new(d: &Data, today: Date) -> TermineView {
        let list =
            termine::upcoming(&d.archive, &d.tree, &termine::Filter { from: Some(today), gremium: None });
        let mut rows = Vec::with_capacity(list.len() + list.len() / 4);
        let mut sessions = Vec::with_capacity(list.len());
        let mut week = None;
        for s in list {
            let datum = d.archive.sitzung(s).datum;
            let this = datum.and_then(termine::week);
            if this != week {
                rows.extend(datum.map(Row::Week));
                week = this;
            }
            sessions.push(rows.len());
            rows.push(Row::Sitzung(s));
        }
        TermineView { today: Some(today), rows, selected: 0, offset: 0, sessions }
    }

    pub fn selected(&self) -> Option<SitzungId> {
        match self.rows.get(*self.sessions.get(self.selected)?)? {
            Row::Sitzung(s) => Some(*s),
            Row::Week(_) => None,
        }
    }

    pub fn act(&mut self, action: Action, height: usize) -> Effect {
        let page = height.saturating_sub(1).max(1) as isize;
        let delta = match action {
            Action::Up => -1,
            Action::Down => 1,
            Action::PageUp => -page,
            Action::PageDown => page,
            Action::HalfPageUp => -(page / 2).max(1),
            Action::HalfPageDown => (page / 2).max(1),
            Action::Top => isize::MIN / 2,
            Action::Bottom => isize::MAX / 2,
            Action::Open => return self.selected().map_or(Effect::None, |s| Effect::Jump(Node::Sitzung(s))),
            Action::Back | Action::Termine => return Effect::Close,
            _ => return Effect::None,
        };
        let last = self.sessions.len().saturating_sub(1);
        self.selected = self.selected.saturating_add_signed(delta).min(last);
        self.keep_in_view(height);
        Effect::None
    }

    /// Scrolls so that the selected session shows, with its week's heading
    /// when there is room.
    pub fn keep_in_view(&mut self, height: usize) {
        let Some(&row) = self.sessions.get(self.selected) else { return };
        let heading = if row > 0 && matches!(self.rows[row - 1], Row::Week(_)) { row - 1 } else { row };
        let height = height.max(1);
        if heading < self.offset {
            self.offset = heading;
        } else if row >= self.offset + height {
            self.offset = row + 1 - height;
        }
    }
}

pub fn draw(app: &App, f: &mut Frame, area: Rect) {
    let (Some(v), Some(d)) = (&app.termine, &app.data) else { return };
    f.render_widget(Clear, area);
    let block = pane_block(s::TERMINE.to_owned(), true);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let w = usize::from(inner.width);
    if v.sessions.is_empty() {
        let from = v.today.map(|t| t.german()).unwrap_or_default();
        f.render_widget(Paragraph::new(s::keine_termine(&from)).dim().wrap(Wrap { trim: true }), inner);
        return;
    }
    let h = usize::from(inner.height);
    let chosen = v.sessions.get(v.selected).copied().unwrap_or(0);
    let lines: Vec<Line> = v
        .rows
        .iter()
        .enumerate()
        .skip(v.offset)
        .take(h)
        .map(|(i, row)| match *row {
            Row::Week(date) => Line::styled(termine::week_heading(date), crate::wrap::heading_style()),
            Row::Sitzung(s) => {
                let z = termine::zeile(&d.archive, &d.tree, s);
                let is_today = d.archive.sitzung(s).datum == v.today;
                let when = format!("  {} {:5}  ", z.datum, z.zeit);
                let mut spans = vec![if is_today { Span::raw(when).bold() } else { Span::raw(when) }];
                spans.push(Span::raw(z.gremium));
                if z.abgesagt {
                    spans.push(Span::raw(format!(" ({})", s::ABGESAGT)).bold());
                }
                for part in [z.ort, z.tagesordnung] {
                    if !part.is_empty() {
                        spans.push(Span::raw(format!(" · {part}")).dim());
                    }
                }
                if is_today {
                    spans.push(Span::raw(format!("  ← {}", s::HEUTE)).bold());
                }
                let line = fit(spans, w);
                selected_row(line, i == chosen)
            }
        })
        .collect();
    f.render_widget(Paragraph::new(lines), inner);
}
