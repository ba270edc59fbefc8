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
use super::super::textsearch::TextResult;
use super::super::view::{fit, pane_block, selected_row};
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
    /// Full text instead of titles (Tab).
    pub volltext: bool,
    /// The newest full-text query sent, and the answer shown.
    pub text_generation: u64,
    pub text: Option<TextResult>,
    /// The user's notes that hold the query's words: listed first, in
    /// both modes.
    pub notes: Vec<NoteHit>,
}

/// A note found by the query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteHit {
    /// The record it is on.
    pub node: Node,
    /// Its record's title, and the note's line that holds the words.
    pub text: String,
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
    /// A full-text hit's first line: the record.
    TextHead { result: usize, datum: String, text: String },
    /// Its second: where, and the passage with the hit's chars marked.
    TextSnippet { result: usize, section: String, snippet: String, marks: Vec<usize> },
    /// A note of the user's, with the query's words marked.
    Note { result: usize, text: String, marks: Vec<usize> },
}

/// Rows a full-text hit takes.
const TEXT_ROWS: usize = 2;

impl SearchView {
    /// Where the divider stands among the display rows, if any: after the
    /// results that hold every word, when some do not.
    pub fn divider(&self) -> Option<usize> {
        let r = self.result.as_ref()?;
        // Filters alone hold no words: nothing to tell apart.
        (!r.query.terms().is_empty() && r.words_in_top < r.top.len()).then_some(r.words_in_top)
    }

    /// The display row of result `i` (its first, for a full-text hit):
    /// the notes first, one row each, then the mode's results.
    fn display_row(&self, i: usize) -> usize {
        let n = self.notes.len();
        let Some(j) = i.checked_sub(n) else { return i };
        if self.volltext {
            return n + j * TEXT_ROWS;
        }
        match self.divider() {
            Some(d) if j >= d => n + j + 1,
            _ => n + j,
        }
    }

    /// The selected result as an index into the mode's results, or the
    /// note it is.
    pub fn selected(&self) -> Result<usize, &NoteHit> {
        match self.notes.get(self.list.selected) {
            Some(note) => Err(note),
            None => Ok(self.list.selected - self.notes.len()),
        }
    }

    /// The full-text hits shown, if any.
    pub fn text_hits(&self) -> &[crate::fulltext::Hit] {
        self.text.as_ref().and_then(|r| r.outcome.as_ref().ok()).map_or(&[], |t| t.hits.as_slice())
    }

    /// How many results the current mode lists.
    pub fn results(&self) -> usize {
        self.notes.len() + self.mode_results()
    }

    fn mode_results(&self) -> usize {
        if self.volltext { self.text_hits().len() } else { self.result.as_ref().map_or(0, |r| r.top.len()) }
    }

    /// How many display rows there are.
    fn display_len(&self) -> usize {
        let n = self.notes.len();
        if self.volltext {
            return n + self.mode_results() * TEXT_ROWS;
        }
        n + self.mode_results() + usize::from(self.divider().is_some())
    }

    /// Moves the selection by `delta` results and keeps its row in a window
    /// of `height` rows (with the divider above the first result below it
    /// when there is room).
    pub fn step(&mut self, delta: isize, height: usize) {
        let n = self.results();
        if n == 0 {
            self.list = ListState::default();
            return;
        }
        self.list.selected = self.list.selected.saturating_add_signed(delta).min(n - 1);
        self.keep_in_view(height);
    }

    pub fn keep_in_view(&mut self, height: usize) {
        let height = height.max(1);
        let first = self.display_row(self.list.selected);
        let j = self.selected().ok();
        // A full-text hit's two rows show together.
        let row = if self.volltext && j.is_some() { first + TEXT_ROWS - 1 } else { first };
        let top = if !self.volltext && j.is_some() && j == self.divider() { first - 1 } else { first };
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
        let n = self.notes.len();
        let rows = self.list.offset..self.display_len().min(self.list.offset + height);
        // The notes' rows, then the mode's from the first row below them.
        let query = self.query();
        self.visible = rows
            .clone()
            .take_while(|&row| row < n)
            .map(|row| {
                let text = self.notes[row].text.clone();
                let marks = query.as_ref().map(|q| matcher.highlights(&text, q)).unwrap_or_default();
                Row::Note { result: row, text, marks }
            })
            .collect();
        let rows = rows.start.max(n) - n..rows.end.saturating_sub(n);
        if self.volltext {
            let more = self.make_text_rows(d, rows);
            return self.visible.extend(more);
        }
        let Some(r) = &self.result else { return };
        let divider = self.divider();
        let (a, t) = (&d.archive, &d.tree);
        let more: Vec<Row> = rows
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
                        result: n + i,
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
        self.visible.extend(more);
    }

    /// The query the rows' marks are of: the title search's as it
    /// understood it, or the typed one.
    fn query(&self) -> Option<crate::search::Query> {
        match &self.result {
            Some(r) if !self.volltext => Some(r.query.clone()),
            _ => Some(crate::search::Query::new(&self.input)),
        }
    }

    /// The full-text rows `rows` (counted from the first hit's).
    fn make_text_rows(&self, d: &Data, rows: std::ops::Range<usize>) -> Vec<Row> {
        let hits = self.text_hits();
        let n = self.notes.len();
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            let (i, part) = (row / TEXT_ROWS, row % TEXT_ROWS);
            let Some(h) = hits.get(i) else { break };
            out.push(if part == 0 {
                let sum = crate::fulltext::record_of(&d.archive, &h.key)
                    .map(|r| crate::fulltext::summary(&d.archive, r))
                    .unwrap_or_default();
                let text = [sum.nummer.as_str(), sum.titel.as_str(), sum.gremium.as_str()]
                    .into_iter()
                    .filter(|p| !p.is_empty())
                    .collect::<Vec<_>>()
                    .join(" · ");
                Row::TextHead { result: n + i, datum: sum.datum, text }
            } else {
                // Byte ranges of the snippet to char positions.
                let marks = h
                    .snippet
                    .char_indices()
                    .enumerate()
                    .filter(|(_, (at, _))| h.highlights.iter().any(|r| r.contains(at)))
                    .map(|(ci, _)| ci)
                    .collect();
                Row::TextSnippet {
                    result: n + i,
                    section: h.section.clone(),
                    snippet: h.snippet.clone(),
                    marks,
                }
            });
        }
        out
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
    let mode = if search.volltext { s::VOLLTEXT } else { s::TITELSUCHE };
    let block = pane_block(format!("{} · {mode}", s::SUCHE), true);
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
    let (mut count, problem, chips) =
        if search.volltext { text_status(app, search) } else { title_status(search) };
    if !search.notes.is_empty() {
        count = format!("{} · {count}", s::notizen(search.notes.len()));
    }
    if search.cut {
        // First, so that a narrow pane still shows it.
        count = format!("{} · {count}", s::suche_gekuerzt(MAX_QUERY_CHARS));
    }
    // What is not understood comes first, and stands out; then the
    // count, then what the filters mean, as chips.
    let mut status: Vec<Span> = Vec::new();
    if let Some(problem) = problem {
        status.push(Span::styled(format!("{problem}  "), app.config.theme.style(Role::Warning).bold()));
    }
    status.push(Span::raw(count).dim());
    for chip in chips {
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
                spans.extend(marked(text, marks, app.config.theme.style(Role::Match)));
                if !outcome.is_empty() {
                    spans.push(Span::raw(format!(" · {outcome}")).dim());
                }
                let mut line = fit(spans, w);
                if *similar {
                    line = line.patch_style(Style::new().add_modifier(Modifier::DIM));
                }
                selected_row(line, *result == search.list.selected)
            }
            Row::Note { result, text, marks } => {
                // In the date's column: notes stand apart from the records.
                let mut spans =
                    vec![Span::styled(format!("{:<10}  ", s::NOTIZ), app.config.theme.style(Role::Note))];
                spans.extend(marked(text, marks, app.config.theme.style(Role::Match)));
                selected_row(fit(spans, w), *result == search.list.selected)
            }
            Row::TextHead { result, datum, text } => {
                let date = if datum.is_empty() { " ".repeat(10) } else { datum.clone() };
                let line = fit(vec![Span::raw(format!("{date}  ")).dim(), Span::raw(text.clone()).bold()], w);
                selected_row(line, *result == search.list.selected)
            }
            Row::TextSnippet { result, section, snippet, marks } => {
                let mut spans = vec![Span::raw(format!("  {section}: ")).dim()];
                spans.extend(marked(snippet, marks, app.config.theme.style(Role::Match)));
                selected_row(fit(spans, w), *result == search.list.selected)
            }
        };
        lines.push(line);
    }
    f.render_widget(Paragraph::new(lines), inner);
}

/// `text` as spans, the chars at `marks` (sorted char positions) in `mark`.
fn marked(text: &str, marks: &[usize], mark: Style) -> Vec<Span<'static>> {
    let mut spans: Vec<Span<'static>> = Vec::new();
    for (ci, c) in text.chars().enumerate() {
        let style = if marks.binary_search(&ci).is_ok() { mark } else { Style::new() };
        match spans.last_mut() {
            Some(last) if last.style == style => last.content.to_mut().push(c),
            _ => spans.push(Span::styled(c.to_string(), style)),
        }
    }
    spans
}

/// The title search's count, first problem and chips.
fn title_status(search: &SearchView) -> (String, Option<String>, Vec<String>) {
    let count = match (&search.result, search.input.trim().is_empty()) {
        (_, true) => s::SUCHE_HINWEIS.to_owned(),
        (None, false) => String::new(),
        (Some(r), false) if r.total == 0 => s::KEINE_TREFFER.to_owned(),
        (Some(r), false) if r.words > 0 && r.words < r.total => s::treffer_aehnlich(r.words, r.total),
        (Some(r), false) => s::treffer(r.top.len(), r.total),
    };
    let problem = search.result.as_ref().and_then(|r| r.query.problems.first().cloned());
    (count, problem, search.result.iter().flat_map(|r| r.chips.clone()).collect())
}

/// The full-text search's count (or why there is none yet), problem and
/// chips.
fn text_status(app: &App, search: &SearchView) -> (String, Option<String>, Vec<String>) {
    if app.fulltext.is_none() {
        let why = match (&app.fulltext_error, &app.fulltext_progress) {
            (Some(e), _) => format!("{}: {e}", s::VOLLTEXT_FEHLER),
            // How far first: a narrow pane cuts the rest.
            (None, Some(p)) => format!("{} · {}", p.short(), s::VOLLTEXT_WIRD_GEBAUT),
            (None, None) => format!("{} {}", s::VOLLTEXT, s::VOLLTEXT_WIRD_GEBAUT),
        };
        return (why, None, Vec::new());
    }
    if search.input.trim().is_empty() {
        return (s::SUCHE_HINWEIS.to_owned(), None, Vec::new());
    }
    match search.text.as_ref().map(|r| &r.outcome) {
        None => (String::new(), None, Vec::new()),
        Some(Err(why)) => (String::new(), Some(why.clone()), Vec::new()),
        Some(Ok(t)) if t.hits.is_empty() => (s::KEINE_TREFFER.to_owned(), None, t.chips.clone()),
        Some(Ok(t)) => (s::treffer(t.hits.len(), t.hits.len()), None, t.chips.clone()),
    }
}
