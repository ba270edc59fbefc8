//! The overlays of `o` (open a document): the menu of the open record's
//! documents, and where no graphical session can open one, its web link
//! as a hyperlink to click or copy. The hyperlink itself is written by the
//! event loop after the frame ([`link_cells`] says where); the frame draws
//! the same characters, underlined, so that both agree on the screen.

use std::sync::Arc;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style, Stylize};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::super::app::App;
use super::super::hyperlink::WebUrl;
use super::super::keys::{Action, Mode};
use super::super::list::{ListState, MenuKey};
use super::super::overlay;
use super::super::view::{fit, pane_block, selected_row, text_margin};
use crate::model::Dokument;
use crate::strings as s;

/// One document of the open record: how the reader heads it
/// ("Anlage 2: Gutachten.pdf"), and the document.
#[derive(Debug, Clone)]
pub struct Entry {
    pub label: String,
    pub dokument: Arc<Dokument>,
}

/// The menu of the open record's documents.
#[derive(Debug, Default)]
pub struct OpenMenu {
    pub entries: Vec<Entry>,
    pub list: ListState,
}

/// What the menu asks of the app.
#[derive(Debug, Clone)]
pub enum Outcome {
    Stay,
    Close,
    Open(Entry),
}

impl OpenMenu {
    pub fn new(entries: Vec<Entry>, selected: usize) -> OpenMenu {
        let mut list = ListState::default();
        list.step(selected as isize, entries.len(), entries.len());
        OpenMenu { entries, list }
    }

    pub fn act(&mut self, action: Action) -> Outcome {
        let n = self.entries.len();
        match self.list.menu_key(action, n, n) {
            MenuKey::Moved => Outcome::Stay,
            MenuKey::Chosen(i) => self.choose(i),
            MenuKey::Closed => Outcome::Close,
        }
    }

    /// A digit picks its line.
    pub fn digit(&self, c: char) -> Outcome {
        match c.to_digit(10) {
            Some(d) if d >= 1 => self.choose(d as usize - 1),
            _ => Outcome::Stay,
        }
    }

    fn choose(&self, i: usize) -> Outcome {
        self.entries.get(i).map_or(Outcome::Stay, |e| Outcome::Open(e.clone()))
    }
}

/// A document's web link, shown where it cannot be opened here.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkView {
    pub label: String,
    /// The validated link; None when the data has none that is one.
    pub url: Option<WebUrl>,
    /// The downloaded file, as its name is shown.
    pub file: Option<String>,
}

pub fn draw(app: &App, f: &mut Frame, area: Rect) {
    if let Some(m) = &app.docs.menu {
        draw_menu(m, f, area);
    } else if let Some(l) = link_layout(app, area) {
        f.render_widget(Clear, l.rect);
        let block = pane_block(s::DOKUMENT_OEFFNEN.to_owned(), true);
        f.render_widget(block, l.rect);
        f.render_widget(Paragraph::new(l.lines), l.text);
    }
}

fn draw_menu(m: &OpenMenu, f: &mut Frame, area: Rect) {
    let full = overlay::rect(area);
    let rect =
        Rect { height: full.height.min(m.entries.len().min(usize::from(u16::MAX - 2)) as u16 + 2), ..full };
    f.render_widget(Clear, rect);
    let block = pane_block(s::DOKUMENT_OEFFNEN.to_owned(), true);
    let inner = block.inner(rect);
    f.render_widget(block, rect);
    let w = usize::from(inner.width.saturating_sub(2));
    let h = usize::from(inner.height);
    let offset = m.list.selected.saturating_sub(h.saturating_sub(1));
    let lines: Vec<Line> = m
        .entries
        .iter()
        .enumerate()
        .skip(offset)
        .take(h)
        .map(|(i, e)| {
            let number = if i < 9 { format!("{} ", i + 1) } else { "  ".to_owned() };
            let spans = vec![Span::raw(number).bold(), Span::raw(e.label.clone())];
            let line = fit(spans, w);
            selected_row(line, i == m.list.selected)
        })
        .collect();
    let text = text_margin(inner);
    f.render_widget(Paragraph::new(lines), text);
}

/// A row of the link on the screen: its column and row, and the part of
/// the URL drawn there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkCell {
    pub x: u16,
    pub y: u16,
    pub text: String,
}

/// The link overlay laid out over `area`: its frame, its text area, its
/// lines, and where the link's rows stand on the screen.
struct LinkLayout {
    rect: Rect,
    text: Rect,
    lines: Vec<Line<'static>>,
    url_rows: Vec<LinkCell>,
}

/// How the link is drawn: underlined and nothing else, as the hyperlink
/// the event loop writes over it (see [`super::super::hyperlink::osc8_at`]).
fn link_style() -> Style {
    Style::new().add_modifier(Modifier::UNDERLINED)
}

fn link_layout(app: &App, area: Rect) -> Option<LinkLayout> {
    let l = app.docs.link.as_ref()?;
    if app.panes.too_small || area.is_empty() {
        return None;
    }
    let full = overlay::rect(area);
    let width = usize::from(full.width.saturating_sub(4)).max(1);
    let mut lines: Vec<Line<'static>> = Vec::new();
    let wrapped = |text: &str| -> Vec<String> {
        textwrap::wrap(text, width).into_iter().map(|c| c.into_owned()).collect()
    };
    for row in wrapped(&l.label) {
        lines.push(Line::from(row).bold());
    }
    lines.push(Line::default());
    let mut url_start = None;
    match &l.url {
        Some(url) => {
            url_start = Some(lines.len());
            // The URL is printable ASCII: one column a byte.
            for chunk in url.as_str().as_bytes().chunks(width) {
                let row = String::from_utf8_lossy(chunk).into_owned();
                lines.push(Line::from(Span::styled(row, link_style())));
            }
        }
        None => lines.extend(wrapped(s::KEIN_LINK).into_iter().map(Line::from)),
    }
    if let Some(file) = &l.file {
        lines.push(Line::default());
        lines.extend(wrapped(&s::im_archiv(file)).into_iter().map(Line::from));
    }
    lines.push(Line::default());
    let keys = |mode, action| app.keymap.first_key(mode, action).unwrap_or_default();
    let close = keys(Mode::Overlay, Action::Back);
    let mut hint = if app.docs.graphical { String::new() } else { format!("{} ", s::KEIN_BILDSCHIRM) };
    match &l.url {
        Some(_) => {
            let copy = [keys(Mode::Overlay, Action::Copy), keys(Mode::Overlay, Action::Open)]
                .into_iter()
                .filter(|k| !k.is_empty())
                .collect::<Vec<_>>()
                .join(&format!(" {} ", s::ODER));
            hint.push_str(&format!("{} {}", s::LINK_ANKLICKBAR, s::link_tasten(&copy, &close)));
        }
        None => hint.push_str(&s::nur_schliessen(&close)),
    }
    lines.extend(wrapped(&hint).into_iter().map(|r| Line::from(r).dim()));
    let height = (lines.len() + 2).min(usize::from(full.height)) as u16;
    let rect = Rect { height, ..full };
    let inner = pane_block(String::new(), true).inner(rect);
    let text = text_margin(inner);
    let mut url_rows = Vec::new();
    if let (Some(start), Some(url)) = (url_start, &l.url) {
        for (k, chunk) in url.as_str().as_bytes().chunks(width).enumerate() {
            let row = start + k;
            if row >= usize::from(text.height) || text.width == 0 {
                break;
            }
            let chunk = String::from_utf8_lossy(chunk);
            let cut: String = chunk.chars().take(usize::from(text.width)).collect();
            url_rows.push(LinkCell { x: text.x, y: text.y.saturating_add(row as u16), text: cut });
        }
    }
    Some(LinkLayout { rect, text, lines, url_rows })
}

/// Where the link overlay's hyperlink goes: the URL, and per row of the
/// screen its column, row and the part of the URL drawn there. None when
/// no link is shown.
pub fn link_cells(app: &App) -> Option<(WebUrl, Vec<LinkCell>)> {
    let url = app.docs.link.as_ref()?.url.clone()?;
    let l = link_layout(app, app.panes.main)?;
    Some((url, l.url_rows))
}
