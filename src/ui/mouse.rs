//! The mouse (config `mouse`, on by default): the wheel scrolls the pane
//! under the pointer, a click selects, a double click opens, and the
//! divider between tree and reader can be dragged.

use std::time::{Duration, Instant};

use ratatui::crossterm::event::{MouseButton, MouseEvent, MouseEventKind};
use ratatui::layout::Position;

use super::app::{App, Pane};
use super::keys::{Action, Mode};

/// Two clicks on one row within this are a double click.
const DOUBLE_CLICK: Duration = Duration::from_millis(400);
/// Lines (or rows) one notch of the wheel moves.
const WHEEL: usize = 3;

impl App {
    pub(super) fn mouse(&mut self, m: MouseEvent) {
        let at = Position::new(m.column, m.row);
        let p = self.panes;
        // Over a list, a menu or the editor, the mouse does nothing yet:
        // they have keys, and a stray click must not act behind them.
        if !matches!(self.mode(), Mode::Tree | Mode::Reader) {
            if let (MouseEventKind::ScrollDown | MouseEventKind::ScrollUp, Some(s)) =
                (m.kind, &mut self.search)
            {
                let h = p.search_list_height();
                s.step(
                    if m.kind == MouseEventKind::ScrollDown { WHEEL as isize } else { -(WHEEL as isize) },
                    h,
                );
                self.refresh_search_rows();
            }
            return;
        }
        let in_tree = p.tree.contains(at);
        let in_reader = p.reader.contains(at);
        // The divider: the tree's right border and the reader's left one.
        let on_divider =
            !p.single && p.tree.width > 0 && (m.column + 1 == p.tree.right() || m.column == p.reader.x);
        match m.kind {
            MouseEventKind::ScrollDown | MouseEventKind::ScrollUp => {
                let down = m.kind == MouseEventKind::ScrollDown;
                if in_reader {
                    for _ in 0..WHEEL {
                        self.reader
                            .scroll_by(if down { Action::Down } else { Action::Up }, p.reader_height());
                    }
                } else if in_tree {
                    let delta = if down { WHEEL as isize } else { -(WHEEL as isize) };
                    self.tree.list.step(delta, self.tree.rows.len(), p.tree_height());
                    self.follow_selection();
                }
            }
            MouseEventKind::Down(MouseButton::Left) if on_divider => self.dragging = true,
            MouseEventKind::Drag(MouseButton::Left) if self.dragging => {
                self.tree_width = Some(m.column.saturating_add(1).saturating_sub(p.main.x));
                let size = p.size;
                self.layout_panes(size);
                self.tree.list.clamp(self.tree.rows.len(), self.panes.tree_height());
                self.rewrap();
            }
            MouseEventKind::Up(MouseButton::Left) => self.dragging = false,
            MouseEventKind::Down(MouseButton::Left) if in_tree => {
                // Inside the frame: which row.
                let top = p.tree.y + 1;
                if m.row < top || m.row + 1 >= p.tree.bottom() {
                    return;
                }
                let i = self.tree.list.offset + usize::from(m.row - top);
                if i >= self.tree.rows.len() {
                    return;
                }
                let double = self
                    .last_click
                    .is_some_and(|(when, x, y)| when.elapsed() < DOUBLE_CLICK && (x, y) == (m.column, m.row));
                self.last_click = Some((Instant::now(), m.column, m.row));
                if self.focus != Pane::Tree {
                    self.set_focus(Pane::Tree);
                }
                self.tree.list.selected = i;
                self.follow_selection();
                if double {
                    self.last_click = None;
                    let effect = self.tree.act(Action::Open, self.data.as_ref(), self.panes.tree_height());
                    self.apply(effect);
                }
            }
            MouseEventKind::Down(MouseButton::Left) if in_reader && self.focus != Pane::Reader => {
                self.set_focus(Pane::Reader)
            }
            _ => {}
        }
    }
}
