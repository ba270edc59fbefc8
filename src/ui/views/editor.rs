//! The inline note editor, for when neither `$VISUAL` nor `$EDITOR` is
//! set: a box over the main area; what is typed is text, Enter starts a
//! new line, Esc or Ctrl-s keeps the note (an empty one removes it).

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Stylize;
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::super::app::App;
use super::super::overlay;
use super::super::view::{pane_block, text_margin, truncate};
use crate::strings as s;
use crate::tree::Node;

/// A note being written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteEditor {
    /// What the note is on.
    pub node: Node,
    /// The record's name, for the frame.
    pub title: String,
    pub lines: Vec<String>,
    /// Line and char in it.
    pub row: usize,
    pub col: usize,
}

/// Notes are short: a bound keeps a paste from becoming a novel.
pub const MAX_NOTE_CHARS: usize = 20_000;

impl NoteEditor {
    pub fn new(node: Node, title: String, text: &str) -> NoteEditor {
        let lines: Vec<String> =
            if text.is_empty() { vec![String::new()] } else { text.lines().map(str::to_owned).collect() };
        let row = lines.len() - 1;
        let col = lines[row].chars().count();
        NoteEditor { node, title, lines, row, col }
    }

    pub fn text(&self) -> String {
        self.lines.join("\n").trim_end().to_owned()
    }

    fn chars(&self) -> usize {
        self.lines.iter().map(|l| l.chars().count() + 1).sum()
    }

    fn at(&self) -> usize {
        self.lines[self.row].char_indices().nth(self.col).map_or(self.lines[self.row].len(), |(i, _)| i)
    }

    /// Types `c` (a control character is never text; a line break starts a
    /// new line).
    pub fn insert(&mut self, c: char) {
        if self.chars() >= MAX_NOTE_CHARS {
            return;
        }
        if c == '\n' || c == '\r' {
            let at = self.at();
            let rest = self.lines[self.row].split_off(at);
            self.lines.insert(self.row + 1, rest);
            self.row += 1;
            self.col = 0;
        } else if !c.is_control() {
            let at = self.at();
            self.lines[self.row].insert(at, c);
            self.col += 1;
        }
    }

    /// Pasted text: cleaned like any text from outside, line breaks kept.
    pub fn paste(&mut self, text: &str) {
        for (i, line) in text.lines().enumerate() {
            if i > 0 {
                self.insert('\n');
            }
            for c in crate::text::sanitize(line).chars() {
                self.insert(c);
            }
        }
    }

    pub fn backspace(&mut self) {
        if self.col > 0 {
            self.col -= 1;
            let at = self.at();
            self.lines[self.row].remove(at);
        } else if self.row > 0 {
            let line = self.lines.remove(self.row);
            self.row -= 1;
            self.col = self.lines[self.row].chars().count();
            self.lines[self.row].push_str(&line);
        }
    }

    pub fn left(&mut self) {
        if self.col > 0 {
            self.col -= 1;
        } else if self.row > 0 {
            self.row -= 1;
            self.col = self.lines[self.row].chars().count();
        }
    }

    pub fn right(&mut self) {
        if self.col < self.lines[self.row].chars().count() {
            self.col += 1;
        } else if self.row + 1 < self.lines.len() {
            self.row += 1;
            self.col = 0;
        }
    }

    pub fn up(&mut self) {
        if self.row > 0 {
            self.row -= 1;
            self.col = self.col.min(self.lines[self.row].chars().count());
        }
    }

    pub fn down(&mut self) {
        if self.row + 1 < self.lines.len() {
            self.row += 1;
            self.col = self.col.min(self.lines[self.row].chars().count());
        }
    }
}

pub fn draw(app: &App, f: &mut Frame, area: Rect) {
    let Some(e) = &app.editor else { return };
    let rect = overlay::rect(area);
    f.render_widget(Clear, rect);
    let w = usize::from(rect.width.saturating_sub(4));
    let block = pane_block(truncate(&s::notiz_zu(&e.title), w), true)
        .title_bottom(Line::from(format!(" {} ", s::NOTIZ_HINWEIS)).dim());
    let inner = block.inner(rect);
    f.render_widget(block, rect);
    let text = text_margin(inner);
    let h = usize::from(text.height);
    // The lines around the cursor; a long line shows its part at the cursor.
    let first = e.row.saturating_sub(h.saturating_sub(1));
    let tw = usize::from(text.width).max(1);
    let lines: Vec<Line> = e
        .lines
        .iter()
        .enumerate()
        .skip(first)
        .take(h)
        .map(|(i, l)| {
            let skip = if i == e.row { e.col.saturating_sub(tw.saturating_sub(1)) } else { 0 };
            Line::from(l.chars().skip(skip).collect::<String>())
        })
        .collect();
    f.render_widget(Paragraph::new(lines), text);
    let line = &e.lines[e.row];
    let skip = e.col.saturating_sub(tw.saturating_sub(1));
    let before: String = line.chars().skip(skip).take(e.col - skip).collect();
    let x = text
        .x
        .saturating_add(u16::try_from(before.width()).unwrap_or(u16::MAX))
        .min(text.right().saturating_sub(1));
    let y =
        text.y.saturating_add(u16::try_from(e.row - first).unwrap_or(0)).min(text.bottom().saturating_sub(1));
    if text.width > 0 && text.height > 0 {
        f.set_cursor_position(Position::new(x, y));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typing_breaking_and_erasing_lines() {
        let mut e = NoteEditor::new(Node::Vorlage(crate::model::VorlageId(0)), "x".into(), "");
        for c in "Fraktion\nfragen".chars() {
            e.insert(c);
        }
        assert_eq!(e.text(), "Fraktion\nfragen");
        // Up keeps the column: after "Frakti".
        e.up();
        e.backspace();
        assert_eq!(e.text(), "Frakton\nfragen");
        // Backspace at the start of a line joins it to the one above.
        e.down();
        for _ in 0..5 {
            e.left();
        }
        assert_eq!((e.row, e.col), (1, 0));
        e.backspace();
        assert_eq!(e.text(), "Fraktonfragen");
        e.insert('\u{1b}');
        assert_eq!(e.text(), "Fraktonfragen", "control characters are no text");
        let mut e = NoteEditor::new(Node::Vorlage(crate::model::VorlageId(0)), "x".into(), "ä\nö");
        assert_eq!((e.row, e.col), (1, 1));
        e.paste("a\u{1b}]0;x\u{7}\nb");
        assert!(!e.text().contains('\u{1b}'), "{:?}", e.text());
        assert!(e.text().ends_with("\nb"), "{:?}", e.text());
    }
}
