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
use super::super::view::{fit, pane_block, truncate};
use crate::search::{MAX_QUERY_CHARS, SearchResult};
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
    pub list: ListState,
    /// What the result list's rows show (display text, highlight positions),
    /// for the rows on screen only.
    pub visible: Vec<(Node, String, Vec<usize>)>,
    /// Which of the session's earlier queries is shown (0: none).
    pub recalled: usize,
}

impl SearchView {
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
        (Some(r), false) => s::treffer(r.top.len(), r.total),
    };
    if search.cut {
        // First, so that a narrow pane still shows it.
        count = format!("{} · {count}", s::suche_gekuerzt(MAX_QUERY_CHARS));
    }
    let mut lines = vec![fit(input.spans, w), Line::from(truncate(&count, w)).dim()];
    for (i, (_, text, marks)) in search.visible.iter().enumerate() {
        let selected = search.list.offset + i == search.list.selected;
        let mut spans: Vec<Span> = Vec::new();
        for (ci, c) in text.chars().enumerate() {
            let style = if marks.binary_search(&ci).is_ok() {
                Style::new().add_modifier(Modifier::BOLD).fg(ratatui::style::Color::Yellow)
            } else {
                Style::new()
            };
            match spans.last_mut() {
                Some(last) if last.style == style => last.content.to_mut().push(c),
                _ => spans.push(Span::styled(c.to_string(), style)),
            }
        }
        let line = fit(spans, w);
        lines.push(if selected {
            line.patch_style(Style::new().add_modifier(Modifier::REVERSED))
        } else {
            line
        });
    }
    f.render_widget(Paragraph::new(lines), inner);
}
