//! The copy menu (`y`): what of the open record to copy — its number, its
//! title, its web link, the record as Markdown. Copying goes through the
//! terminal (OSC 52, see [`super::super::clipboard`]), so that it works over
//! SSH and in tmux.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Stylize;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};

use super::super::app::App;
use super::super::keys::Action;
use super::super::list::{ListState, MenuKey};
use super::super::overlay;
use super::super::view::{fit, pane_block, selected_row, text_margin};
use crate::strings as s;

/// One thing to copy: what it is, and the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub what: &'static str,
    pub text: String,
}

#[derive(Debug, Default)]
pub struct CopyMenu {
    pub choices: Vec<Choice>,
    pub list: ListState,
}

/// What the menu asks of the app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Stay,
    Close,
    Copy(Choice),
}

impl CopyMenu {
    pub fn new(choices: Vec<Choice>) -> CopyMenu {
        CopyMenu { choices, list: ListState::default() }
    }

    pub fn act(&mut self, action: Action) -> Outcome {
        let n = self.choices.len();
        match self.list.menu_key(action, n, n) {
            MenuKey::Moved => Outcome::Stay,
            MenuKey::Chosen(i) => self.choose(i),
            MenuKey::Closed => Outcome::Close,
        }
    }

    /// A digit picks its line.
    pub fn digit(&mut self, c: char) -> Outcome {
        match c.to_digit(10) {
            Some(d) if d >= 1 => self.choose(d as usize - 1),
            _ => Outcome::Stay,
        }
    }

    fn choose(&self, i: usize) -> Outcome {
        self.choices.get(i).map_or(Outcome::Stay, |c| Outcome::Copy(c.clone()))
    }
}

pub fn draw(app: &App, f: &mut Frame, area: Rect) {
    let Some(m) = &app.copy else { return };
    let full = overlay::rect(area);
    let rect = Rect { height: full.height.min(m.choices.len() as u16 + 2), ..full };
    f.render_widget(Clear, rect);
    let block = pane_block(s::KOPIEREN.to_owned(), true);
    let inner = block.inner(rect);
    f.render_widget(block, rect);
    let w = usize::from(inner.width.saturating_sub(2));
    let lines: Vec<Line> = m
        .choices
        .iter()
        .enumerate()
        .map(|(i, c)| {
            // The first line of the text, to see what it is.
            let first = c.text.lines().next().unwrap_or("");
            let spans = vec![
                Span::raw(format!("{} ", i + 1)).bold(),
                Span::raw(format!("{:<9}", c.what)),
                Span::raw(first.to_owned()).dim(),
            ];
            let line = fit(spans, w);
            selected_row(line, i == m.list.selected)
        })
        .collect();
    let text = text_margin(inner);
    f.render_widget(Paragraph::new(lines), text);
}
