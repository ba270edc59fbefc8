//! The UI state and how it changes: `App::update(msg)`. Drawing
//! ([`super::view`]) only reads this state.

use std::collections::HashSet;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{Event, KeyEvent, KeyEventKind};
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::keys::{self, Action, Mode};
use super::panes::Panes;
use crate::document::{Document, document};
use crate::long_text::{self, Fetched, LongText};
use crate::open::Data;
use crate::pipeline::Progress;
use crate::search::{MAX_QUERY_CHARS, Matcher, Query, SearchResult, Searcher, entry_text};
use crate::strings as s;
use crate::tree::Node;
use crate::wrap::Layout;

/// What reaches the UI thread.
pub enum Msg {
    Input(Event),
    Loaded(Box<Data>),
    Search(SearchResult),
    /// The terminal is gone or a signal asked us to stop.
    Quit,
    /// Nothing happened; redraw (e.g. the loading progress).
    Tick,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Tree,
    Reader,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    Help,
    Problems,
}

/// One visible line of the tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TreeRow {
    pub node: Node,
    pub depth: u16,
}

/// A list with a selection and a scroll offset.
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
}

pub struct Reader {
    pub node: Option<Node>,
    pub doc: Document,
    /// The document wrapped for the reader's width, as far as laid out.
    pub layout: Layout,
    pub scroll: usize,
}

impl Reader {
    /// The lines laid out so far.
    pub fn lines(&self) -> &[Line<'static>] {
        &self.layout.lines
    }

    /// The number of lines of the whole document (estimated until the
    /// layout is complete).
    pub fn total_lines(&self) -> usize {
        self.layout.estimated_total(&self.doc)
    }

    /// Lays out at least as far as `line`.
    fn reach(&mut self, line: usize) {
        if self.layout.width > 0 {
            self.layout.fill(&self.doc, line.saturating_add(1));
        }
    }
}

/// How long one idle slice of background layout may take: well inside a
/// frame, so that keys are handled between slices.
const LAYOUT_SLICE: std::time::Duration = std::time::Duration::from_millis(4);

pub struct Search {
    pub input: String,
    /// The input reached [`MAX_QUERY_CHARS`] and what went beyond was cut.
    pub cut: bool,
    /// Generation of the newest query sent.
    pub generation: u64,
    pub result: Option<SearchResult>,
    pub list: ListState,
    /// What the result list's rows show (display text, highlight positions),
    /// for the rows on screen only.
    pub visible: Vec<(Node, String, Vec<usize>)>,
}

pub struct App {
    pub data: Option<Data>,
    pub progress: Arc<Progress>,
    pub panes: Panes,
    pub focus: Pane,
    pub expanded: HashSet<Node>,
    pub rows: Vec<TreeRow>,
    pub tree: ListState,
    pub reader: Reader,
    pub search: Option<Search>,
    pub overlay: Option<Overlay>,
    pub overlay_scroll: usize,
    /// The open overlay laid out for its width (see [`super::overlay::Rows`]).
    pub overlay_rows: super::overlay::Rows,
    /// The last query, for n/N in the reader.
    pub last_query: Option<Query>,
    pub quit: bool,
    /// Set by Ctrl-z; the event loop stops the process and resumes.
    pub suspend: bool,
    searcher: Option<Searcher>,
    matcher: Matcher,
    tx: Sender<Msg>,
    /// How the reader's long texts are read from their files, on a worker
    /// thread (a test can put a slow one here, as a hung network drive).
    pub read_texts: fn(&[LongText]) -> Fetched,
    /// How long the reader waits for them before it says so.
    pub read_timeout: Duration,
    reading: Option<Reading>,
}

/// Long texts of the reader's document being read on a worker.
struct Reading {
    wanted: Vec<LongText>,
    rx: Receiver<Fetched>,
    since: Instant,
}

/// How long opening an item waits for its texts before it shows the
/// document with "wird geladen": a local disk answers well within this,
/// and the reader does not flicker.
const FIRST_WAIT: Duration = Duration::from_millis(50);

/// How long the reader waits for a file at most.
pub const READ_TIMEOUT: Duration = Duration::from_secs(5);

impl App {
    pub fn new(progress: Arc<Progress>, tx: Sender<Msg>, size: Rect) -> App {
        App {
            data: None,
            progress,
            panes: Panes::new(size, Pane::Tree),
            focus: Pane::Tree,
            expanded: HashSet::new(),
            rows: Vec::new(),
            tree: ListState::default(),
            reader: Reader { node: None, doc: Document::default(), layout: Layout::default(), scroll: 0 },
            search: None,
            overlay: None,
            overlay_scroll: 0,
            overlay_rows: super::overlay::Rows::default(),
            last_query: None,
            quit: false,
            suspend: false,
            searcher: None,
            matcher: Matcher::default(),
            tx,
            read_texts: Fetched::read,
            read_timeout: READ_TIMEOUT,
            reading: None,
        }
    }

    pub fn mode(&self) -> Mode {
        if self.overlay.is_some() {
            Mode::Overlay
        } else if self.search.is_some() {
            Mode::Search
        } else if self.focus == Pane::Reader {
            Mode::Reader
        } else {
            Mode::Tree
        }
    }

    /// True while a query's results have not arrived yet.
    pub fn search_pending(&self) -> bool {
        self.search.as_ref().is_some_and(|s| s.result.as_ref().map_or(0, |r| r.generation) < s.generation)
    }

    /// True while texts of the reader's document are being read.
    pub fn reading_pending(&self) -> bool {
        self.reading.is_some()
    }

    pub fn update(&mut self, msg: Msg) {
        self.poll_reading();
        match msg {
            Msg::Input(Event::Key(key)) if key.kind != KeyEventKind::Release => self.key(key),
            Msg::Input(Event::Resize(w, h)) => self.resize(Rect::new(0, 0, w, h)),
            // A paste (bracketed paste) is one edit, sent as one query.
            Msg::Input(Event::Paste(text)) => self.paste(&text),
            Msg::Tick => self.idle(),
            Msg::Input(_) => {}
            Msg::Loaded(data) => self.loaded(*data),
            Msg::Search(r) => self.search_result(r),
            Msg::Quit => self.quit = true,
        }
    }

    fn loaded(&mut self, data: Data) {
        let index = data.index.clone();
        let tx = self.tx.clone();
        self.searcher = Some(Searcher::spawn(index, tx, Msg::Search));
        self.data = Some(data);
        // The problem list may be open: it has its problems now.
        self.layout_overlay();
        self.rebuild_rows();
        self.tree = ListState::default();
        self.follow_selection();
        // A query typed while loading runs now.
        if let Some(input) = self.search.as_ref().map(|s| s.input.clone()) {
            self.send_query(&input);
        }
    }

    pub fn resize(&mut self, size: Rect) {
        self.panes = Panes::new(size, self.focus);
        self.tree.clamp(self.rows.len(), self.panes.tree_height());
        self.layout_overlay();
        self.rewrap();
        self.refresh_search_rows();
    }

    fn key(&mut self, key: KeyEvent) {
        let mode = self.mode();
        let Some(binding) = keys::lookup(mode, &key) else {
            if mode == Mode::Search
                && let ratatui::crossterm::event::KeyCode::Char(c) = key.code
                && !key.modifiers.contains(ratatui::crossterm::event::KeyModifiers::CONTROL)
            {
                self.edit_query(|q| q.push(c));
            }
            return;
        };
        match mode {
            Mode::Overlay => self.overlay_action(binding.action),
            Mode::Search => self.search_action(binding.action),
            Mode::Tree | Mode::Reader => self.browse_action(binding.action),
        }
    }

    fn browse_action(&mut self, action: Action) {
        let page = self.page_height();
        match action {
            Action::Quit => self.quit = true,
            Action::Suspend => self.suspend = true,
            Action::Help => self.open_overlay(Overlay::Help),
            Action::Problems => self.open_overlay(Overlay::Problems),
            Action::Search => self.open_search(),
            Action::SwitchPane => {
                self.set_focus(if self.focus == Pane::Tree { Pane::Reader } else { Pane::Tree })
            }
            Action::Back => self.set_focus(Pane::Tree),
            Action::NextMatch => self.find_in_reader(true),
            Action::PrevMatch => self.find_in_reader(false),
            _ if self.focus == Pane::Reader => self.scroll_reader(action, page),
            Action::Up => self.move_tree(-1),
            Action::Down => self.move_tree(1),
            Action::PageUp => self.move_tree(-(page as isize)),
            Action::PageDown => self.move_tree(page as isize),
            Action::HalfPageUp => self.move_tree(-(page as isize / 2).max(1)),
            Action::HalfPageDown => self.move_tree((page as isize / 2).max(1)),
            Action::Top => self.move_tree(isize::MIN / 2),
            Action::Bottom => self.move_tree(isize::MAX / 2),
            Action::Expand => self.expand(),
            Action::Collapse => self.collapse(),
            Action::Open => self.open(),
            Action::Erase | Action::ClearQuery => {}
        }
    }

    fn page_height(&self) -> usize {
        let h =
            if self.focus == Pane::Reader { self.panes.reader_height() } else { self.panes.tree_height() };
        h.saturating_sub(1).max(1)
    }

    fn set_focus(&mut self, focus: Pane) {
        self.focus = focus;
        // In one-pane layouts the focused pane is the one shown.
        let size = self.panes.size;
        self.panes = Panes::new(size, focus);
        self.rewrap();
    }

    fn scroll_reader(&mut self, action: Action, page: usize) {
        let h = self.panes.reader_height();
        let s = self.reader.scroll;
        let target = match action {
            Action::Up => s.saturating_sub(1),
            Action::Down => s + 1,
            Action::PageUp => s.saturating_sub(page),
            Action::PageDown => s + page,
            Action::HalfPageUp => s.saturating_sub(page / 2),
            Action::HalfPageDown => s + page / 2,
            Action::Top => 0,
            Action::Bottom => usize::MAX - h,
            _ => s,
        };
        // Lay out what the new position shows; only the end needs it all.
        self.reader.reach(target + h);
        self.reader.scroll = target.min(self.reader.lines().len().saturating_sub(h));
    }

    /// True while there is background work for idle time (the rest of a long
    /// document's layout).
    pub fn busy(&self) -> bool {
        // A hidden reader (width 0) has nothing to lay out.
        self.reader.layout.width > 0 && !self.reader.layout.is_done(&self.reader.doc)
    }

    /// Idle time: lay out another slice of the open document.
    fn idle(&mut self) {
        if self.busy() {
            self.reader.layout.fill_for(&self.reader.doc, LAYOUT_SLICE);
        }
    }

    fn move_tree(&mut self, delta: isize) {
        self.tree.step(delta, self.rows.len(), self.panes.tree_height());
        self.follow_selection();
    }

    pub fn selected_node(&self) -> Option<Node> {
        self.rows.get(self.tree.selected).map(|r| r.node)
    }

    /// The reader shows what is selected in the tree. Its long texts are
    /// read from their files on a worker: a file may have become a pipe or
    /// sit on a network drive that hangs, and the UI must not hang with it.
    fn follow_selection(&mut self) {
        let node = self.selected_node();
        if node == self.reader.node {
            return;
        }
        self.reader.node = node;
        self.reading = None;
        let wanted = self.build_document(Fetched::default());
        self.reader.scroll = 0;
        self.reader.layout = Layout::new(0);
        self.rewrap();
        if !wanted.is_empty() {
            self.start_reading(wanted);
        }
    }

    /// Builds the reader's document without reading a file: texts in
    /// `fetched` are shown, the others as loading and returned as wanted.
    fn build_document(&mut self, fetched: Fetched) -> Vec<LongText> {
        let (doc, wanted) = match (&self.data, self.reader.node) {
            (Some(d), Some(n)) => long_text::deferred(fetched, || document(&d.archive, &d.tree, n)),
            _ => (Document::default(), Vec::new()),
        };
        self.reader.doc = doc;
        wanted
    }

    /// Has `wanted` read on a worker; waits a moment for it, so that a
    /// local disk shows the texts at once.
    fn start_reading(&mut self, wanted: Vec<LongText>) {
        let (done, rx) = channel();
        let (read, texts, wake) = (self.read_texts, wanted.clone(), self.tx.clone());
        let spawned = std::thread::Builder::new().name("read".into()).spawn(move || {
            let _ = done.send(read(&texts));
            let _ = wake.send(Msg::Tick);
        });
        if spawned.is_err() {
            return self.show_fetched(Fetched::failed(&wanted, &s::text_nicht_lesbar("kein Thread")));
        }
        match rx.recv_timeout(FIRST_WAIT) {
            Ok(fetched) => self.show_fetched(fetched),
            Err(_) => self.reading = Some(Reading { wanted, rx, since: Instant::now() }),
        }
    }

    /// Shows what the worker read, once it is there or has taken too long.
    fn poll_reading(&mut self) {
        let Some(r) = &self.reading else { return };
        let fetched = match r.rx.try_recv() {
            Ok(fetched) => fetched,
            Err(TryRecvError::Empty) if r.since.elapsed() < self.read_timeout => return,
            Err(_) => {
                Fetched::failed(&r.wanted, &s::text_antwortet_nicht(self.read_timeout.as_secs().max(1)))
            }
        };
        self.reading = None;
        self.show_fetched(fetched);
    }

    fn show_fetched(&mut self, fetched: Fetched) {
        self.build_document(fetched);
        self.reader.layout = Layout::new(0);
        self.rewrap();
    }

    /// Lays the reader's document out anew when its width changed, as far
    /// as the screen shows; the rest follows on scrolling or when idle.
    fn rewrap(&mut self) {
        let width = self.panes.reader_text_width();
        if width != self.reader.layout.width || self.reader.layout.lines.is_empty() {
            self.reader.layout = Layout::new(width);
        }
        if width == 0 {
            self.reader.layout = Layout::new(0);
            self.reader.scroll = 0;
            return;
        }
        let h = self.panes.reader_height();
        self.reader.reach(self.reader.scroll + h);
        // Also when only the height changed: no blank rows below the end.
        let max = self.reader.lines().len().saturating_sub(h);
        self.reader.scroll = self.reader.scroll.min(max);
    }

    fn rebuild_rows(&mut self) {
        let Some(d) = &self.data else { return };
        let mut rows = Vec::new();
        let mut stack: Vec<(Node, u16)> = d.tree.roots().into_iter().rev().map(|n| (n, 0)).collect();
        while let Some((node, depth)) = stack.pop() {
            rows.push(TreeRow { node, depth });
            if self.expanded.contains(&node) {
                stack.extend(d.tree.children(node).into_iter().rev().map(|c| (c, depth + 1)));
            }
        }
        self.rows = rows;
        self.tree.clamp(self.rows.len(), self.panes.tree_height());
    }

    fn has_children(&self, node: Node) -> bool {
        self.data.as_ref().is_some_and(|d| d.tree.has_children(node))
    }

    fn expand(&mut self) {
        let Some(row) = self.rows.get(self.tree.selected).copied() else { return };
        if !self.has_children(row.node) {
            return;
        }
        if self.expanded.insert(row.node) {
            self.rebuild_rows();
        } else {
            self.move_tree(1);
        }
    }

    fn collapse(&mut self) {
        let Some(row) = self.rows.get(self.tree.selected).copied() else { return };
        if self.expanded.remove(&row.node) {
            self.rebuild_rows();
            return;
        }
        // Already closed: go to the parent.
        if let Some(parent) = self.rows[..self.tree.selected].iter().rposition(|r| r.depth < row.depth) {
            self.tree.selected = parent;
            self.tree.scroll_into_view(self.panes.tree_height());
            self.follow_selection();
        }
    }

    fn open(&mut self) {
        let Some(row) = self.rows.get(self.tree.selected).copied() else { return };
        if self.has_children(row.node) {
            if !self.expanded.remove(&row.node) {
                self.expanded.insert(row.node);
            }
            self.rebuild_rows();
        } else {
            self.set_focus(Pane::Reader);
        }
    }

    /// Opens every ancestor of `node`, selects it and shows it.
    pub fn reveal(&mut self, node: Node) {
        let Some(d) = &self.data else { return };
        for a in d.tree.ancestors(&d.archive, node) {
            self.expanded.insert(a);
        }
        self.rebuild_rows();
        if let Some(i) = self.rows.iter().position(|r| r.node == node) {
            self.tree.selected = i;
            // Put the item in the upper third, with its context above it.
            let h = self.panes.tree_height();
            self.tree.offset = i.saturating_sub(h / 3);
            self.tree.scroll_into_view(h);
        }
        self.follow_selection();
    }

    fn open_overlay(&mut self, o: Overlay) {
        self.overlay = if self.overlay == Some(o) { None } else { Some(o) };
        self.overlay_scroll = 0;
        self.layout_overlay();
    }

    /// Lays the open overlay out anew (it opened, its width or its content
    /// changed) and keeps the scroll position inside it.
    fn layout_overlay(&mut self) {
        self.overlay_rows = match self.overlay {
            Some(o) => super::overlay::Rows::new(self, o, super::overlay::text_width(self.panes.main)),
            None => super::overlay::Rows::default(),
        };
        self.overlay_scroll = self.overlay_scroll.min(self.overlay_max_scroll());
    }

    fn overlay_action(&mut self, action: Action) {
        let page = self.panes.size.height.saturating_sub(4).max(1) as usize;
        let s = self.overlay_scroll;
        self.overlay_scroll = match action {
            Action::Up => s.saturating_sub(1),
            Action::Down => s.saturating_add(1),
            Action::PageUp | Action::HalfPageUp => s.saturating_sub(page),
            Action::PageDown | Action::HalfPageDown => s.saturating_add(page),
            Action::Top => 0,
            Action::Bottom => usize::MAX,
            Action::Help => return self.open_overlay(Overlay::Help),
            Action::Quit => return self.quit = true,
            Action::Suspend => return self.suspend = true,
            _ => return self.overlay = None,
        }
        .min(self.overlay_max_scroll());
    }

    /// How far the open overlay can scroll: its rows less one screen.
    fn overlay_max_scroll(&self) -> usize {
        self.overlay_rows.total().saturating_sub(super::overlay::text_height(self.panes.main))
    }

    // --- search -------------------------------------------------------

    fn open_search(&mut self) {
        self.search = Some(Search {
            input: String::new(),
            cut: false,
            generation: 0,
            result: None,
            list: ListState::default(),
            visible: Vec::new(),
        });
    }

    /// Changes the query and sends it. It is kept to [`MAX_QUERY_CHARS`]
    /// (the search pane says when something was cut): every edit sends the
    /// whole query, so its length bounds the cost of each key.
    fn edit_query(&mut self, f: impl FnOnce(&mut String)) {
        let Some(s) = &mut self.search else { return };
        f(&mut s.input);
        s.cut = match s.input.char_indices().nth(MAX_QUERY_CHARS) {
            Some((at, _)) => {
                s.input.truncate(at);
                true
            }
            None => false,
        };
        let input = s.input.clone();
        self.send_query(&input);
    }

    /// Pasted text goes into the query as one line, cleaned like any text
    /// from outside; elsewhere a paste means nothing.
    fn paste(&mut self, text: &str) {
        if self.search.is_none() || self.overlay.is_some() {
            return;
        }
        // Only what can be kept is cleaned: a paste may be megabytes.
        let room = MAX_QUERY_CHARS + 1;
        let head = text.char_indices().nth(room.saturating_mul(4)).map_or(text, |(at, _)| &text[..at]);
        let clean = crate::text::sanitize(head);
        let blank_first = head.starts_with(char::is_whitespace);
        self.edit_query(|q| {
            // The cleaning trims; a blank that separated words stays.
            if blank_first && !q.is_empty() && !q.ends_with(' ') {
                q.push(' ');
            }
            q.push_str(&clean);
        });
        // Cut, also when the cleaning shrank the text below the bound.
        if head.len() < text.len()
            && let Some(s) = &mut self.search
        {
            s.cut = true;
        }
    }

    fn send_query(&mut self, input: &str) {
        let Some(searcher) = &self.searcher else { return };
        let generation = searcher.query(input);
        if let Some(s) = &mut self.search {
            s.generation = generation;
        }
    }

    fn search_result(&mut self, r: SearchResult) {
        let Some(s) = &mut self.search else { return };
        // Results of a query that has been typed over are stale.
        if r.generation != s.generation {
            return;
        }
        s.list = ListState::default();
        s.result = Some(r);
        self.refresh_search_rows();
    }

    /// Computes display text and highlights for the result rows on screen.
    fn refresh_search_rows(&mut self) {
        let (Some(s), Some(d)) = (&mut self.search, &self.data) else { return };
        let Some(r) = &s.result else { return };
        let h = self.panes.search_list_height();
        s.list.scroll_into_view(h);
        s.visible = r
            .top
            .iter()
            .skip(s.list.offset)
            .take(h)
            .map(|&(_, id)| {
                let node = d.index.entries[id as usize].node;
                let text = entry_text(&d.archive, &d.tree, node);
                let marks = self.matcher.highlights(&text, &r.query);
                (node, text, marks)
            })
            .collect();
    }

    fn search_action(&mut self, action: Action) {
        let h = self.panes.search_list_height();
        let Some(s) = &mut self.search else { return };
        let len = s.result.as_ref().map_or(0, |r| r.top.len());
        match action {
            Action::Quit => self.quit = true,
            Action::Suspend => self.suspend = true,
            Action::Back => self.search = None,
            Action::Up => s.list.step(-1, len, h),
            Action::Down => s.list.step(1, len, h),
            Action::PageUp => s.list.step(-(h as isize), len, h),
            Action::PageDown => s.list.step(h as isize, len, h),
            Action::Erase => self.edit_query(|q| {
                q.pop();
            }),
            Action::ClearQuery => self.edit_query(String::clear),
            Action::Open => {
                let chosen = s.result.as_ref().and_then(|r| r.top.get(s.list.selected)).map(|&(_, id)| id);
                let query = s.result.as_ref().map(|r| r.query.clone());
                if let (Some(id), Some(d)) = (chosen, &self.data) {
                    let node = d.index.entries[id as usize].node;
                    self.search = None;
                    self.last_query = query;
                    self.reveal(node);
                    if self.panes.single {
                        self.set_focus(Pane::Reader);
                    }
                }
                return;
            }
            _ => {}
        }
        self.refresh_search_rows();
    }

    /// Scrolls the reader to the next (or previous) line that contains a
    /// term of the last search.
    fn find_in_reader(&mut self, forward: bool) {
        let Some(q) = &self.last_query else { return };
        // Folded as the search and the reader's marks fold, so that n stops
        // exactly at the lines that show marks.
        let terms = q.terms().to_vec();
        let hit = |l: &Line| {
            let text = crate::search::fold(&l.spans.iter().map(|s| s.content.as_ref()).collect::<String>());
            terms.iter().any(|t| text.contains(t.as_str()))
        };
        // Hits can be anywhere: the whole document is needed.
        self.reader.reach(usize::MAX - 1);
        let lines = self.reader.lines();
        let from = self.reader.scroll;
        let found = if forward {
            (from + 1..lines.len()).find(|&i| hit(&lines[i]))
        } else {
            (0..from).rev().find(|&i| hit(&lines[i]))
        };
        if let Some(i) = found {
            self.reader.scroll = i;
        }
    }
}
