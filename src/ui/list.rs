//! A list with a selection and a scroll offset: the tree, search results,
//! Termine and the link list share it.

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

    /// Selects `i` and puts it in the upper third, with context above.
    pub fn show(&mut self, i: usize, height: usize) {
        self.selected = i;
        self.offset = i.saturating_sub(height / 3);
        self.scroll_into_view(height);
    }
}
