//! A list with a selection and a scroll offset: the tree, search results,
//! Termine and the link list share it.

use super::keys::Action;

/// What a key did in a menu ([`ListState::menu_key`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MenuKey {
    /// The selection moved (or stayed at an end).
    Moved,
    /// Enter on the selected entry (its index; the list may be empty).
    Chosen(usize),
    /// Any other key: the menu closes.
    Closed,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ListState {
    pub selected: usize,
    pub offset: usize,
}

impl ListState {
    /// Moves the selection by `delta` within `len` rows and keeps it visible
    /// in a window of `height` rows.
    pub fn step(&mut self, delta: isize, len: usize, height: usize) {
        if len == 0 {
            *self = ListState::default();
            return;
        }
        self.selected = self.selected.saturating_add_signed(delta).min(len - 1);
        self.scroll_into_view(height);
    }

    /// After the list or the window changed: the selection stays inside the
    /// list, and no rows are left empty below the end while rows above are
    /// hidden.
    pub fn clamp(&mut self, len: usize, height: usize) {
        self.selected = self.selected.min(len.saturating_sub(1));
        self.offset = self.offset.min(len.saturating_sub(height.max(1)));
        self.scroll_into_view(height);
    }

    pub fn scroll_into_view(&mut self, height: usize) {
        let height = height.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + height {
            self.offset = self.selected + 1 - height;
        }
    }

    /// A key in a menu of `len` entries shown in `height` rows (the link
    /// list, the copy and document menus): arrows, pages, Home and End move
    /// the selection, Enter chooses it, any other key closes the menu.
    pub fn menu_key(&mut self, action: Action, len: usize, height: usize) -> MenuKey {
        let page = height.saturating_sub(1).max(1) as isize;
        let delta = match action {
            Action::Up => -1,
            Action::Down => 1,
            Action::PageUp => -page,
            Action::PageDown => page,
            Action::Top => isize::MIN / 2,
            Action::Bottom => isize::MAX / 2,
            Action::Open => return MenuKey::Chosen(self.selected),
            _ => return MenuKey::Closed,
        };
        self.step(delta, len, height);
        MenuKey::Moved
    }

    /// Selects `i` and puts it in the upper third, with context above.
    pub fn show(&mut self, i: usize, height: usize) {
        self.selected = i;
        self.offset = i.saturating_sub(height / 3);
        self.scroll_into_view(height);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_in_a_menu_move_choose_or_close() {
        let mut l = ListState::default();
        assert_eq!(l.menu_key(Action::Down, 5, 3), MenuKey::Moved);
        assert_eq!(l.menu_key(Action::PageDown, 5, 3), MenuKey::Moved);
        assert_eq!(l.selected, 3);
        assert_eq!(l.menu_key(Action::Bottom, 5, 3), MenuKey::Moved);
        assert_eq!((l.selected, l.offset), (4, 2));
        assert_eq!(l.menu_key(Action::Open, 5, 3), MenuKey::Chosen(4));
        assert_eq!(l.menu_key(Action::Top, 5, 3), MenuKey::Moved);
        assert_eq!((l.selected, l.offset), (0, 0));
        assert_eq!(l.menu_key(Action::Up, 5, 3), MenuKey::Moved);
        assert_eq!(l.selected, 0);
        assert_eq!(l.menu_key(Action::Quit, 5, 3), MenuKey::Closed);
        // An empty menu: Enter names the first place, which the menu finds
        // empty; moving stays at nothing.
        let mut e = ListState::default();
        assert_eq!(e.menu_key(Action::Down, 0, 3), MenuKey::Moved);
        assert_eq!(e.menu_key(Action::Open, 0, 3), MenuKey::Chosen(0));
    }
}
