//! The link list: every reference of the open record (numbers in its texts,
//! related papers, its sessions and agenda), where each points; Enter
//! follows one.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Stylize;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use super::super::app::App;
use super::super::keys::Action;
use super::super::list::{ListState, MenuKey};
use super::super::overlay;
use super::super::view::{fit, pane_block, selected_row, text_margin};
use super::Effect;
use crate::document::Link;
use crate::strings as s;

#[derive(Debug, Default)]
pub struct LinksView {
    pub links: Vec<Link>,
    pub list: ListState,
}

impl LinksView {
    /// The list of `links`, `first` selected.
    pub fn new(links: Vec<Link>, first: Option<usize>, height: usize) -> LinksView {
        let mut list = ListState::default();
        if let Some(i) = first.filter(|&i| i < links.len()) {
            list.show(i, height);
        }
        LinksView { links, list }
    }

    pub fn act(&mut self, action: Action, height: usize) -> Effect {
        match self.list.menu_key(action, self.links.len(), height) {
            MenuKey::Moved => Effect::None,
            MenuKey::Chosen(i) => self.links.get(i).map_or(Effect::Close, |l| Effect::Jump(l.target)),
            MenuKey::Closed => Effect::Close,
        }
    }
}

/// Rows of the list inside its frame over `area`.
pub fn height(area: Rect) -> usize {
    overlay::text_height(area)
}

/// The frame: as high as the links need (a short list stays a small box
/// over the text, not a screen of blank rows), at most the whole area.
fn frame(area: Rect, links: usize) -> Rect {
    let full = overlay::rect(area);
    let rows = u16::try_from(links.max(1)).unwrap_or(u16::MAX).saturating_add(2);
    Rect { height: full.height.min(rows), ..full }
}

pub fn draw(app: &App, f: &mut Frame, area: Rect) {
    let Some(v) = &app.links else { return };
    let rect = frame(area, v.links.len());
    f.render_widget(Clear, rect);
    let block = pane_block(s::VERWEISE.to_owned(), true);
    let inner = block.inner(rect);
    f.render_widget(block, rect);
    let text = text_margin(inner);
    if v.links.is_empty() {
        f.render_widget(Paragraph::new(s::KEINE_VERWEISE.get()).dim().wrap(Wrap { trim: true }), text);
        return;
    }
    let w = usize::from(text.width);
    let lines: Vec<Line> = v
        .links
        .iter()
        .enumerate()
        .skip(v.list.offset)
        .take(usize::from(text.height))
        .map(|(i, l)| {
            let line = fit(vec![Span::styled(l.label.clone(), crate::wrap::link_style())], w);
            selected_row(line, i == v.list.selected)
        })
        .collect();
    f.render_widget(Paragraph::new(lines), text);
}
