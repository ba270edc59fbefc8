//! The search view: the query as typed, the results of the newest query, and
//! the rows on screen. Matching runs on the search worker
//! ([`crate::search::Searcher`]); this view only sends and shows.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style, Stylize};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use unicode_width::UnicodeWidthChar;

use super::super::app::App;
use super::super::list::ListState;
use super::super::view::{fit, pane_block};
use crate::config::Role;
use crate::model::Date;
use crate::open::Data;
use crate::search::{MAX_QUERY_CHARS, Matcher, SearchResult, entry_title};
use crate::strings as s;
use crate::tree::Node;

#[derive(Debug, Default)]
pub struct SearchView {
    pub input: String,
    /// The input is the last search's, shown selected: typing replaces it,
    /// editing keys keep it.
    pub replace: bool,
    /// The input reached [`MAX_QUERY_CHARS`] and what went beyond was cut.
    pub cut: bool,
    /// Generation of the newest query sent.
    pub generation: u64,
    pub result: Option<SearchResult>,
    /// The selection is a result (an index into `result.top`); the offset
    /// counts display rows, the divider among them.
    pub list: ListState,
    /// The rows on screen, made when they change (not per frame).
    pub visible: Vec<Row>,
    /// Which of the session's earlier queries is shown (0: none).
    pub recalled: usize,
}

/// A row of the result list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Row {
    /// Before the results that hold the query's letters, not its words.
    Divider,
    Hit {
        /// Its index in the results.
        result: usize,
        node: Node,
        datum: Option<Date>,
        /// Nummer, title, Gremium; and the chars the query matched.
        text: String,
        marks: Vec<usize>,
        /// The latest result (Beschluss), dim after the text.
        outcome: String,
        /// Below the divider.
        similar: bool,
    },
}

impl SearchView {
    /// Where the divider stands among the display rows, if any: after the
    /// results that hold every word, when some do not.
    pub fn divider(&self) -> Option<usize> {
        let r = self.result.as_ref()?;
        // Filters alone hold no words: nothing to tell apart.
        (!r.query.terms().is_empty() && r.words_in_top < r.top.len()).then_some(r.words_in_top)
    }

    /// The display row of result `i`.
    fn display_row(&self, i: usize) -> usize {
        match self.divider() {
            Some(d) if i >= d => i + 1,
            _ => i,
        }
    }

    /// How many display rows there are.
    fn display_len(&self) -> usize {
        let n = self.result.as_ref().map_or(0, |r| r.top.len());
        n + usize::from(self.divider().is_some())
    }

    /// Moves the selection by `delta` results and keeps its row in a window
    /// of `height` rows (with the divider above the first result below it
    /// when there is room).
    pub fn step(&mut self, delta: isize, height: usize) {
        let n = self.result.as_ref().map_or(0, |r| r.top.len());
        if n == 0 {
            self.list = ListState::default();
            return;
        }
        self.list.selected = self.list.selected.saturating_add_signed(delta).min(n - 1);
        self.keep_in_view(height);
    }

    pub fn keep_in_view(&mut self, height: usize) {
        let height = height.max(1);
        let row = self.display_row(self.list.selected);
        let top = if Some(self.list.selected) == self.divider() { row - 1 } else { row };
        if top < self.list.offset {
            self.list.offset = top;
        } else if row >= self.list.offset + height {
            self.list.offset = row + 1 - height;
        }
        self.list.offset = self.list.offset.min(self.display_len().saturating_sub(height));
        if row < self.list.offset {
            self.list.offset = row;
        }
    }

    /// Makes the rows on screen: their text and marks.
    pub fn make_rows(&mut self, d: &Data, matcher: &Matcher, height: usize) {
        self.keep_in_view(height);
        let Some(r) = &self.result else { return self.visible.clear() };
        let divider = self.divider();
        let (a, t) = (&d.archive, &d.tree);
        self.visible = (self.list.offset..self.display_len().min(self.list.offset + height))
            .map(|row| match divider {
                Some(dv) if row == dv => Row::Divider,
                _ => {
                    let i = if divider.is_some_and(|dv| row > dv) { row - 1 } else { row };
                    let entry = &d.index.entries[r.top[i].1 as usize];
                    let text = entry_title(a, t, entry.node);
                    let marks = matcher.highlights(&text, &r.query);
                    let outcome = match entry.node {
                        Node::Item(it) => crate::document::item_summary(a, t, it).3,
                        _ => String::new(),
                    };
                    let similar = divider.is_some_and(|dv| i >= dv);
                    Row::Hit {
                        result: i,
                        node: entry.node,
                        datum: entry.shown,
                        text,
                        marks,
                        outcome,
                        similar,
                    }
                }
            })
            .collect();
    }

    /// A search pane that shows `last` selected, or an empty one.
    pub fn reopen(last: Option<&str>) -> SearchView {
        match last {
            Some(q) if !q.is_empty() => {
                SearchView { input: q.to_owned(), replace: true, ..SearchView::default() }
            }
            _ => SearchView::default(),
        }
    }

    /// Changes the query as `f` says. It is kept to [`MAX_QUERY_CHARS`]
    /// (the pane says when something was cut): every edit sends the whole
    /// query, so its length bounds the cost of each key.
    pub fn edit(&mut self, f: impl FnOnce(&mut String)) {
        if std::mem::take(&mut self.replace) {
            self.input.clear();
        }
        f(&mut self.input);
        self.cut = match self.input.char_indices().nth(MAX_QUERY_CHARS) {
            Some((at, _)) => {
                self.input.truncate(at);
                true
            }
            None => false,
        };
    }
}

pub fn draw(app: &App, f: &mut Frame, area: Rect) {
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
    // The last search, selected: typing replaces it.
    let shown = if search.replace { Span::raw(shown).reversed() } else { Span::raw(shown) };
    let input =
        Line::from(vec![Span::raw("> ").bold(), shown, Span::raw("█").add_modifier(Modifier::SLOW_BLINK)]);
    let mut count = match (&search.result, search.input.trim().is_empty()) {
        (_, true) => s::SUCHE_HINWEIS.to_owned(),
        (None, false) => String::new(),
        (Some(r), false) if r.total == 0 => s::KEINE_TREFFER.to_owned(),
        (Some(r), false) if r.words > 0 && r.words < r.total => s::treffer_aehnlich(r.words, r.total),
        (Some(r), false) => s::treffer(r.top.len(), r.total),
    };
    if search.cut {
        // First, so that a narrow pane still shows it.
        count = format!("{} · {count}", s::suche_gekuerzt(MAX_QUERY_CHARS));
    }
    // What is not understood comes first, and stands out; then the
    // count, then what the filters mean, as chips.
    let mut status: Vec<Span> = Vec::new();
    if let Some(problem) = search.result.as_ref().and_then(|r| r.query.problems.first()) {
        status.push(Span::styled(format!("{problem}  "), app.config.theme.style(Role::Warning).bold()));
    }
    status.push(Span::raw(count).dim());
    for chip in search.result.iter().flat_map(|r| &r.chips) {
        status.push(Span::raw("  "));
        status.push(Span::styled(format!(" {chip} "), Style::new().reversed()));
    }
    let mut lines = vec![fit(input.spans, w), fit(status, w)];
    for row in &search.visible {
        let line = match row {
            Row::Divider => {
                let label = format!(" {} ", s::AEHNLICH);
                let left = w.saturating_sub(label.chars().count()) / 2;
                let right = w.saturating_sub(label.chars().count() + left);
                Line::from(format!("{}{label}{}", "─".repeat(left), "─".repeat(right))).dim()
            }
            Row::Hit { result, datum, text, marks, outcome, similar, .. } => {
                // The date first, always visible; the text is what is cut.
                let date = datum.map_or_else(|| " ".repeat(10), |d| d.german());
                let mut spans = vec![Span::raw(format!("{date}  ")).dim()];
                for (ci, c) in text.chars().enumerate() {
                    let style = if marks.binary_search(&ci).is_ok() {
                        app.config.theme.style(Role::Match)
                    } else {
                        Style::new()
                    };
                    match spans.last_mut() {
                        Some(last) if last.style == style => last.content.to_mut().push(c),
                        _ => spans.push(Span::styled(c.to_string(), style)),
                    }
                }
                if !outcome.is_empty() {
                    spans.push(Span::raw(format!(" · {outcome}")).dim());
                }
                let mut line = fit(spans, w);
                if *similar {
                    line = line.patch_style(Style::new().add_modifier(Modifier::DIM));
                }
                if *result == search.list.selected {
                    line = line.patch_style(Style::new().add_modifier(Modifier::REVERSED));
                }
                line
            }
        };
        lines.push(line);
    }
    f.render_widget(Paragraph::new(lines), inner);
}
