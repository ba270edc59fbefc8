//! Where each pane goes for a terminal size. Computed on resize and focus
//! changes, read by drawing and by scrolling (page sizes).

use ratatui::layout::Rect;

use super::app::Pane;
pub use crate::config::TreeWidth;

/// Below this the screen shows only a short notice.
pub const MIN_WIDTH: u16 = 20;
pub const MIN_HEIGHT: u16 = 6;
/// From this width on, tree and reader stand side by side.
pub const TWO_PANES_FROM: u16 = 80;
/// From this width on, the tree keeps its share whatever has the focus.
pub const WIDE: u16 = 120;
/// Longer lines are hard to read; wide terminals get a margin instead.
pub const MAX_TEXT_WIDTH: u16 = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Panes {
    pub size: Rect,
    pub too_small: bool,
    /// One pane at a time (the focused one).
    pub single: bool,
    pub tree: Rect,
    pub reader: Rect,
    /// Tree and reader together: where search and overlays go.
    pub main: Rect,
    pub status: Rect,
}

impl Panes {
    pub fn new(size: Rect, focus: Pane) -> Panes {
        Panes::with_tree(size, focus, TreeWidth::Auto)
    }

    /// The panes with the tree as wide as `tree` says (the config's
    /// layout, or where the divider was dragged), inside sane bounds.
    pub fn with_tree(size: Rect, focus: Pane, tree: TreeWidth) -> Panes {
        let too_small = size.width < MIN_WIDTH || size.height < MIN_HEIGHT;
        let main = Rect { height: size.height.saturating_sub(1), ..size };
        let status = Rect { y: size.y + main.height, height: size.height.min(1), ..size };
        let single = size.width < TWO_PANES_FROM;
        let (tree, reader) = if too_small {
            (Rect::default(), Rect::default())
        } else if single {
            match focus {
                Pane::Tree => (main, Rect::default()),
                Pane::Reader => (Rect::default(), main),
            }
        } else {
            let tree_w = match tree {
                // A focused tree gets half of a narrow screen: its rows are
                // titles, cut early at 80 columns; wide screens have room.
                TreeWidth::Auto => {
                    let share = if focus == Pane::Tree && size.width < WIDE {
                        size.width / 2
                    } else {
                        size.width * 2 / 5
                    };
                    share.clamp(28, 64)
                }
                TreeWidth::Columns(c) => c,
                TreeWidth::Percent(p) => (u32::from(size.width) * u32::from(p) / 100) as u16,
            }
            // Both panes keep room for their frame and some text.
            .clamp(20, size.width - 20);
            let tree = Rect { width: tree_w, ..main };
            let reader = Rect { x: main.x + tree_w, width: main.width - tree_w, ..main };
            (tree, reader)
        };
        Panes { size, too_small, single, tree, reader, main, status }
    }

    /// Rows of the tree inside its border.
    pub fn tree_height(&self) -> usize {
        usize::from(self.tree.height.saturating_sub(2))
    }

    /// Rows of text inside the reader's border.
    pub fn reader_height(&self) -> usize {
        usize::from(self.reader.height.saturating_sub(2))
    }

    /// Columns of text in the reader: inside the border, one column of air
    /// on the right, and no wider than comfortable reading allows. Zero when
    /// the reader is not shown.
    pub fn reader_text_width(&self) -> u16 {
        self.reader.width.saturating_sub(3).min(MAX_TEXT_WIDTH)
    }

    /// Rows of a list over the main area (Termine): inside the border.
    pub fn main_list_height(&self) -> usize {
        usize::from(self.main.height.saturating_sub(2))
    }

    /// Result rows of the search pane: inside the border, below the input
    /// and the count line.
    pub fn search_list_height(&self) -> usize {
        usize::from(self.main.height.saturating_sub(4))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_terminals_show_both_panes() {
        let p = Panes::new(Rect::new(0, 0, 80, 24), Pane::Tree);
        assert!(!p.single);
        assert_eq!(p.tree.width + p.reader.width, 80);
        assert_eq!(p.status.y, 23);
        // The focused pane gets the room.
        let r = Panes::new(Rect::new(0, 0, 80, 24), Pane::Reader);
        assert!(p.tree.width > r.tree.width, "{} vs {}", p.tree.width, r.tree.width);
        let wide = |f| Panes::new(Rect::new(0, 0, 160, 50), f).tree.width;
        assert_eq!(wide(Pane::Tree), wide(Pane::Reader));
    }

    #[test]
    fn narrow_terminals_show_the_focused_pane() {
        let p = Panes::new(Rect::new(0, 0, 60, 20), Pane::Reader);
        assert!(p.single);
        assert_eq!(p.tree, Rect::default());
        assert_eq!(p.reader.width, 60);
    }

    #[test]
    fn tiny_terminals_are_too_small() {
        for (w, h) in [(0, 0), (1, 1), (19, 24), (80, 5)] {
            let p = Panes::new(Rect::new(0, 0, w, h), Pane::Tree);
            assert!(p.too_small, "{w}x{h}");
            assert_eq!(p.reader_text_width(), 0);
        }
    }
}
