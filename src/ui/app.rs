//! The UI state and how it changes: `App::update(msg)`. Each view keeps its
//! own state and handles its own keys ([`super::views`]); what one view asks
//! of the others comes back as an [`Effect`] and is carried out here, in one
//! place: the tree's selection, the reader, the history of places.

use std::sync::Arc;
use std::sync::mpsc::Sender;
use std::time::Instant;

use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::layout::Rect;

use super::keys::{Action, Keymap, Mode};
use super::panes::Panes;
use super::views::Effect;
use super::views::copy::CopyMenu;
use super::views::editor::NoteEditor;
use super::views::links::{self, LinksView};
use super::views::reader::ReaderView;
use super::views::search::SearchView;
use super::views::termine::TermineView;
use super::views::tree::TreeView;
use crate::config::Config;
use crate::document::Context;
use crate::links::Backlinks;
use crate::model::Date;
use crate::open::Data;
use crate::pipeline::Progress;
use crate::search::{MAX_QUERY_CHARS, Matcher, Query, SearchResult, Searcher};
use crate::state::State;
use crate::tree::Node;

/// The document context of `$node` in `$app` (see [`context`]), borrowing
/// only the fields it needs.
macro_rules! cx {
    ($app:ident, $node:expr) => {
        context(&$app.backlinks, $app.today, &$app.state, $app.data.as_ref(), $node)
    };
}

/// What reaches the UI thread.
pub enum Msg {
    Input(Event),
    Loaded(Box<Data>),
    /// The references between records, built after loading.
    Backlinks(Arc<Backlinks>),
    /// The personal state, attached to the archive (before `Loaded`).
    State(Box<State>),
    /// The full-text index is being opened or built (its progress), and
    /// then ready, or why not.
    FullTextProgress(Arc<crate::fulltext::Progress>),
    FullText(Result<Arc<crate::fulltext::FullText>, String>),
    Text(Box<super::textsearch::TextResult>),
    Search(Box<SearchResult>),
    /// The downloaded documents of the archives loaded (before `Loaded`).
    Library(Arc<crate::doctext::Library>),
    /// What the documents' workers found: texts, a document opened.
    Docs(Box<super::documents::Event>),
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

/// A place to go back to: the record shown, how far it was read, and which
/// pane had the keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub node: Node,
    pub scroll: usize,
    pub focus: Pane,
}

/// How many places back (and forward) are kept.
const HISTORY: usize = 100;
/// How many queries of the session Ctrl-r goes back through.
const QUERIES: usize = 50;

pub struct App {
    pub data: Option<Data>,
    pub backlinks: Option<Arc<Backlinks>>,
    /// The day the overviews and Termine count from.
    pub today: Date,
    pub progress: Arc<Progress>,
    pub panes: Panes,
    pub focus: Pane,
    pub keymap: Keymap,
    pub tree: TreeView,
    pub reader: ReaderView,
    pub search: Option<SearchView>,
    pub termine: Option<TermineView>,
    pub links: Option<LinksView>,
    pub overlay: Option<Overlay>,
    pub overlay_scroll: usize,
    /// The open overlay laid out for its width (see [`super::overlay::Rows`]).
    pub overlay_rows: super::overlay::Rows,
    /// The last query opened from, for its marks and n/N in the reader.
    pub last_query: Option<Query>,
    /// The session's queries that led somewhere, newest last.
    pub queries: Vec<String>,
    /// Places jumped away from, and places gone back from.
    pub back: Vec<Place>,
    pub forward: Vec<Place>,
    pub quit: bool,
    /// Set by Ctrl-z; the event loop stops the process and resumes.
    pub suspend: bool,
    /// The config file's settings, and what was wrong in it.
    pub config: Config,
    pub config_problems: Vec<crate::problem::Problem>,
    /// Read marks, Merkliste and notes.
    pub state: State,
    /// Whether `state` has been attached to the loaded archive.
    pub(super) state_attached: bool,
    /// A short note in the status line ("kopiert", "gespeichert: …"),
    /// until the next key.
    pub message: Option<String>,
    /// The record shown since when: it counts as read after the delay.
    pub(super) reading_since: Option<(Node, Instant)>,
    pub copy: Option<CopyMenu>,
    /// The documents: their texts in the reader, `o` and its overlays.
    pub docs: super::documents::Docs,
    pub editor: Option<NoteEditor>,
    /// What the event loop must do with the terminal.
    pub requests: Vec<Request>,
    /// Where the divider was dragged to (columns of the tree).
    pub tree_width: Option<u16>,
    /// `$VISUAL` or `$EDITOR`, when set: notes are written there.
    pub external_editor: Option<String>,
    /// Where `e` writes its Markdown files (the working directory).
    pub export_dir: std::path::PathBuf,
    /// The last click, for double clicks; a drag of the divider going on.
    pub(super) last_click: Option<(Instant, u16, u16)>,
    pub(super) dragging: bool,
    /// The full-text index when ready; its progress while it is made; why
    /// there is none.
    pub fulltext: Option<Arc<crate::fulltext::FullText>>,
    pub fulltext_progress: Option<Arc<crate::fulltext::Progress>>,
    pub fulltext_error: Option<String>,
    pub(super) text_searcher: Option<super::textsearch::TextSearcher>,
    /// The search pane opens in the full-text mode (it was last used).
    volltext: bool,
    /// A full-text hit opened in a document's text that the reader has not
    /// shown yet: its record and section.
    pub(super) pending_hit: Option<(Node, String)>,
    pub(super) searcher: Option<Searcher>,
    pub(super) matcher: Matcher,
    pub(super) tx: Sender<Msg>,
}

/// What only the event loop can do: it owns the terminal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    /// Write an OSC 52 sequence (copy).
    Osc52(String),
    /// Hand the terminal to `$VISUAL`/`$EDITOR` for a note on `node`.
    EditNote { node: Node, text: String },
}

impl App {
    pub fn new(progress: Arc<Progress>, tx: Sender<Msg>, size: Rect) -> App {
        App {
            data: None,
            backlinks: None,
            today: crate::termine::today(),
            progress,
            panes: Panes::new(size, Pane::Tree),
            focus: Pane::Tree,
            keymap: Keymap::default(),
            tree: TreeView::default(),
            reader: ReaderView::default(),
            search: None,
            termine: None,
            links: None,
            overlay: None,
            overlay_scroll: 0,
            overlay_rows: super::overlay::Rows::default(),
            last_query: None,
            queries: Vec::new(),
            back: Vec::new(),
            forward: Vec::new(),
            quit: false,
            suspend: false,
            config: Config::default(),
            config_problems: Vec::new(),
            state: State::in_memory(),
            state_attached: false,
            message: None,
            reading_since: None,
            copy: None,
            docs: Default::default(),
            editor: None,
            requests: Vec::new(),
            tree_width: None,
            external_editor: None,
            export_dir: std::path::PathBuf::from("."),
            last_click: None,
            dragging: false,
            fulltext: None,
            fulltext_progress: None,
            fulltext_error: None,
            text_searcher: None,
            volltext: false,
            pending_hit: None,
            searcher: None,
            matcher: Matcher::default(),
            tx,
        }
    }

    /// Takes the config: its keys, theme and layout apply from now on.
    pub fn configure(&mut self, loaded: crate::config::Loaded) {
        let (keymap, unknown) = Keymap::with_config(&loaded.config.keys);
        self.keymap = keymap;
        self.config_problems = loaded.problems;
        self.config_problems.extend(unknown);
        self.config = loaded.config;
        let size = self.panes.size;
        self.resize(size);
    }

    /// The panes for `size` as focus, config and a dragged divider say.
    pub(super) fn layout_panes(&mut self, size: Rect) {
        let tree = match self.tree_width {
            Some(c) => crate::config::TreeWidth::Columns(c),
            None => self.config.layout.tree_width,
        };
        self.panes = Panes::with_tree(size, self.focus, tree);
    }

    pub fn mode(&self) -> Mode {
        if self.editor.is_some() && self.overlay.is_none() {
            Mode::Editor
        } else if self.overlay.is_some() || self.links.is_some() || self.copy.is_some() || self.docs.showing()
        {
            Mode::Overlay
        } else if self.search.is_some() {
            Mode::Search
        } else if self.termine.is_some() {
            Mode::Termine
        } else if self.focus == Pane::Reader {
            Mode::Reader
        } else {
            Mode::Tree
        }
    }

    /// True while a query's results have not arrived yet.
    pub fn search_pending(&self) -> bool {
        self.search.as_ref().is_some_and(|s| {
            if s.volltext {
                self.text_searcher.is_some()
                    && s.text.as_ref().map_or(0, |r| r.generation) < s.text_generation
            } else {
                s.result.as_ref().map_or(0, |r| r.generation) < s.generation
            }
        })
    }

    /// True while the full-text index is being opened or built.
    pub fn fulltext_pending(&self) -> bool {
        self.fulltext.is_none() && self.fulltext_error.is_none() && self.fulltext_progress.is_some()
    }

    /// The index is there: queries can go to it.
    pub fn fulltext_ready(&mut self, ft: Arc<crate::fulltext::FullText>) {
        self.fulltext = Some(ft.clone());
        if let Some(d) = &self.data {
            let on = super::textsearch::Index {
                fulltext: ft,
                archive: d.archive.clone(),
                tree: d.tree.clone(),
                index: d.index.clone(),
            };
            self.text_searcher = Some(super::textsearch::TextSearcher::spawn(on, self.tx.clone()));
        }
        // A full-text query typed while the index was made runs now.
        if let Some(input) = self.search.as_ref().filter(|s| s.volltext).map(|s| s.input.clone()) {
            self.send_query(&input);
        }
    }

    /// True while texts of the reader's document, or of its documents,
    /// are being read, or a document is being opened.
    pub fn reading_pending(&self) -> bool {
        self.reader.reading_pending() || self.docs.pending()
    }

    /// True while there is background work for idle time.
    pub fn busy(&self) -> bool {
        self.reader.busy()
    }

    pub fn selected_node(&self) -> Option<Node> {
        self.tree.selected_node()
    }

    pub fn update(&mut self, msg: Msg) {
        let (w, h) = (self.panes.reader_text_width(), self.panes.reader_height());
        let cx = cx!(self, self.reader.node);
        self.reader.poll_reading(self.data.as_ref(), cx, w, h);
        match msg {
            Msg::Input(Event::Key(key)) if key.kind != KeyEventKind::Release => {
                self.message = None;
                self.refresh_state();
                self.key(key)
            }
            Msg::Input(Event::Resize(w, h)) => self.resize(Rect::new(0, 0, w, h)),
            // A paste (bracketed paste) is one edit, sent as one query.
            Msg::Input(Event::Paste(text)) => self.paste(&text),
            Msg::Input(Event::Mouse(m)) if self.config.mouse => self.mouse(m),
            Msg::Tick => self.reader.idle(),
            Msg::Input(_) => {}
            Msg::State(state) => {
                self.state = *state;
                self.state_attached = true;
                // A damaged or newer store: said once; the app goes on with
                // what it could read, and saves nothing.
                self.message = self.state.problem().map(str::to_owned);
            }
            Msg::Loaded(data) => self.loaded(*data),
            Msg::Backlinks(b) => {
                self.backlinks = Some(b);
                // The open record may be referred to: show it anew, in place.
                self.refresh_reader();
            }
            Msg::Search(r) => self.search_result(*r),
            Msg::FullTextProgress(p) => self.fulltext_progress = Some(p),
            Msg::FullText(Ok(ft)) => self.fulltext_ready(ft),
            Msg::FullText(Err(why)) => self.fulltext_error = Some(why),
            Msg::Text(r) => self.text_result(*r),
            Msg::Library(l) => self.docs.library = l,
            Msg::Docs(e) => self.documents_event(*e),
            Msg::Quit => self.quit = true,
        }
        self.mark_read_when_due();
    }

    /// The open document anew, in place (its backlinks or note changed).
    pub(super) fn refresh_reader(&mut self) {
        let (w, h) = (self.panes.reader_text_width(), self.panes.reader_height());
        let cx = cx!(self, self.reader.node);
        self.reader.refresh(self.data.as_ref(), cx, w, h);
    }

    fn loaded(&mut self, data: Data) {
        let index = data.index.clone();
        let tx = self.tx.clone();
        self.searcher = Some(Searcher::spawn(index, tx, |r| Msg::Search(Box::new(r))));
        if !self.state_attached {
            self.state.attach(&data);
            self.state_attached = true;
        }
        self.data = Some(data);
        self.sync_merkliste();
        // The problem list may be open: it has its problems now.
        self.layout_overlay();
        if let Some(d) = &self.data {
            self.tree.rebuild(d, self.panes.tree_height());
        }
        self.tree.list = Default::default();
        self.follow_selection();
        // A query typed while loading runs now.
        if let Some(input) = self.search.as_ref().map(|s| s.input.clone()) {
            self.send_query(&input);
        }
    }

    pub fn resize(&mut self, size: Rect) {
        self.layout_panes(size);
        self.tree.list.clamp(self.tree.rows.len(), self.panes.tree_height());
        self.layout_overlay();
        self.rewrap();
        if let Some(t) = &mut self.termine {
            t.keep_in_view(self.panes.main_list_height());
        }
        if let Some(l) = &mut self.links {
            l.list.clamp(l.links.len(), links::height(self.panes.main));
        }
        self.refresh_search_rows();
    }

    fn key(&mut self, key: KeyEvent) {
        let mode = self.mode();
        let typed = match key.code {
            KeyCode::Char(c) if !key.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) => {
                Some(c)
            }
            _ => None,
        };
        let Some(action) = self.keymap.lookup(mode, &key).map(|b| b.action) else {
            match (mode, typed) {
                (Mode::Search, Some(c)) => self.edit_query(|q| q.push(c)),
                (Mode::Editor, _) => self.editor_key(key),
                (Mode::Overlay, Some(c)) if self.copy.is_some() => self.copy_digit(c),
                (Mode::Overlay, Some(c)) if self.docs.menu.is_some() => self.documents_digit(c),
                _ => {}
            }
            return;
        };
        // Everywhere the same.
        match action {
            Action::Quit => {
                // A note being written is kept.
                self.save_note();
                return self.quit = true;
            }
            Action::Suspend => return self.suspend = true,
            _ => {}
        }
        match mode {
            Mode::Editor => self.save_note(),
            Mode::Overlay if self.copy.is_some() => self.copy_action(action),
            Mode::Overlay if self.docs.showing() => self.documents_action(action),
            Mode::Overlay if self.overlay.is_some() => self.overlay_action(action),
            Mode::Overlay => {
                let h = links::height(self.panes.main);
                let effect = self.links.as_mut().map_or(Effect::Close, |l| l.act(action, h));
                if effect != Effect::None {
                    self.links = None;
                }
                self.apply(effect);
            }
            Mode::Search => self.search_action(action),
            Mode::Termine => self.termine_action(action),
            Mode::Tree | Mode::Reader => self.browse_action(action),
        }
    }

    /// Carries out what a view asked for.
    pub(super) fn apply(&mut self, effect: Effect) {
        match effect {
            Effect::None | Effect::Close => {}
            Effect::Follow => self.follow_selection(),
            Effect::Jump(node) => self.jump(node),
            Effect::Focus(p) => self.set_focus(p),
        }
    }

    fn browse_action(&mut self, action: Action) {
        match action {
            Action::Help => self.open_overlay(Overlay::Help),
            Action::Problems => self.open_overlay(Overlay::Problems),
            Action::Search => self.open_search(),
            Action::Termine => self.open_termine(),
            Action::Links => self.open_links(),
            Action::HistoryBack => self.go_back(),
            Action::HistoryForward => self.go_forward(),
            Action::ToggleRead => self.toggle_read(),
            Action::ToggleMerk => self.toggle_merk(),
            Action::Note => self.open_note(),
            Action::NextUnread => self.next_unread(),
            Action::Copy => self.open_copy(),
            Action::Export => self.export(),
            Action::OpenDocument => self.open_document(),
            Action::SwitchPane => {
                self.set_focus(if self.focus == Pane::Tree { Pane::Reader } else { Pane::Tree })
            }
            Action::Back => self.set_focus(Pane::Tree),
            Action::NextMatch | Action::PrevMatch => {
                if let Some(q) = &self.last_query {
                    self.reader.find(q, action == Action::NextMatch);
                }
            }
            // Enter in the text: the references, the nearest one chosen.
            Action::Open if self.focus == Pane::Reader => self.open_links(),
            _ if self.focus == Pane::Reader => self.reader.scroll_by(action, self.panes.reader_height()),
            _ => {
                let effect = self.tree.act(action, self.data.as_ref(), self.panes.tree_height());
                self.apply(effect);
            }
        }
    }

    pub(super) fn set_focus(&mut self, focus: Pane) {
        self.focus = focus;
        // The layout follows the focus (one-pane layouts show the focused
        // pane; a focused tree gets more room).
        let size = self.panes.size;
        self.layout_panes(size);
        self.tree.list.clamp(self.tree.rows.len(), self.panes.tree_height());
        self.rewrap();
    }

    /// The reader shows what is selected in the tree (on the Merkliste's
    /// own row: the Merkliste).
    pub(super) fn follow_selection(&mut self) {
        let (w, h) = (self.panes.reader_text_width(), self.panes.reader_height());
        if self.tree.on_merkliste() {
            let doc = self.merkliste_document();
            self.reader.show_document(doc, w, h);
            self.reading_since = None;
            return self.want_document_texts();
        }
        let node = self.tree.selected_node();
        if node == self.reader.node && !self.reader.custom {
            return;
        }
        let cx = cx!(self, node);
        self.reader.show(node, self.data.as_ref(), cx, w, h, &self.tx);
        self.want_document_texts();
        self.start_reading_clock();
    }

    /// Lays the reader's document out anew for the pane's width.
    pub(super) fn rewrap(&mut self) {
        self.reader.rewrap(self.panes.reader_text_width(), self.panes.reader_height());
    }

    /// Opens every ancestor of `node`, selects it and shows it.
    pub fn reveal(&mut self, node: Node) {
        let Some(d) = &self.data else { return };
        self.tree.reveal(d, node, self.panes.tree_height());
        self.follow_selection();
    }

    // --- history ------------------------------------------------------

    fn here(&self) -> Option<Place> {
        let node = self.reader.node.or(self.tree.selected_node())?;
        Some(Place { node, scroll: self.reader.scroll, focus: self.focus })
    }

    /// Goes to `node` as following a reference does: the place left is
    /// remembered for Backspace. A session opens with its agenda showing.
    fn jump(&mut self, node: Node) {
        if let Some(here) = self.here()
            && here.node != node
        {
            push_bounded(&mut self.back, here);
            self.forward.clear();
        }
        self.termine = None;
        self.reveal(node);
        if matches!(node, Node::Sitzung(_))
            && let Some(d) = &self.data
            && self.tree.expanded.insert(node)
        {
            self.tree.rebuild(d, self.panes.tree_height());
        }
        if self.panes.single && self.focus == Pane::Tree && !self.has_children(node) {
            self.set_focus(Pane::Reader);
        }
    }

    fn has_children(&self, node: Node) -> bool {
        self.data.as_ref().is_some_and(|d| d.tree.has_children(node))
    }

    fn go_back(&mut self) {
        let Some(place) = self.back.pop() else { return };
        if let Some(here) = self.here() {
            push_bounded(&mut self.forward, here);
        }
        self.restore(place);
    }

    fn go_forward(&mut self) {
        let Some(place) = self.forward.pop() else { return };
        if let Some(here) = self.here() {
            push_bounded(&mut self.back, here);
        }
        self.restore(place);
    }

    fn restore(&mut self, place: Place) {
        self.termine = None;
        self.reveal(place.node);
        if self.focus != place.focus {
            self.set_focus(place.focus);
        }
        self.reader.scroll_to(place.scroll, self.panes.reader_height());
    }

    // --- Termine and links --------------------------------------------

    fn open_termine(&mut self) {
        let Some(d) = &self.data else { return };
        let mut view = TermineView::new(d, self.today);
        view.keep_in_view(self.panes.main_list_height());
        self.termine = Some(view);
    }

    fn termine_action(&mut self, action: Action) {
        match action {
            Action::Help => return self.open_overlay(Overlay::Help),
            Action::Problems => return self.open_overlay(Overlay::Problems),
            Action::Search => return self.open_search(),
            Action::HistoryBack => return self.go_back(),
            Action::HistoryForward => return self.go_forward(),
            _ => {}
        }
        let h = self.panes.main_list_height();
        let effect = self.termine.as_mut().map_or(Effect::Close, |t| t.act(action, h));
        if effect == Effect::Close {
            self.termine = None;
        }
        self.apply(effect);
    }

    /// The open record's references, the one nearest the top of the pane
    /// chosen.
    fn open_links(&mut self) {
        if self.reader.node.is_none() && !self.reader.custom {
            return;
        }
        let first = self.reader.first_visible_link();
        self.links =
            Some(LinksView::new(self.reader.doc.links.clone(), first, links::height(self.panes.main)));
    }

    // --- overlays -----------------------------------------------------

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
        let page = super::overlay::text_height(self.panes.main).saturating_sub(1).max(1);
        let s = self.overlay_scroll;
        self.overlay_scroll = match action {
            Action::Up => s.saturating_sub(1),
            Action::Down => s.saturating_add(1),
            Action::PageUp | Action::HalfPageUp => s.saturating_sub(page),
            Action::PageDown | Action::HalfPageDown => s.saturating_add(page),
            Action::Top => 0,
            Action::Bottom => usize::MAX,
            Action::Help => return self.open_overlay(Overlay::Help),
            _ => return self.overlay = None,
        }
        .min(self.overlay_max_scroll());
    }

    /// How far the open overlay can scroll: its rows less one screen.
    pub fn overlay_max_scroll(&self) -> usize {
        self.overlay_rows.total().saturating_sub(super::overlay::text_height(self.panes.main))
    }

    // --- search -------------------------------------------------------

    /// Opens the search with the last query shown selected: Enter runs it
    /// again, typing replaces it, → keeps it to edit.
    fn open_search(&mut self) {
        let mut view = SearchView::reopen(self.queries.last().map(String::as_str));
        // The search last used: who searches the texts goes on doing so.
        view.volltext = self.volltext;
        self.search = Some(view);
        if let Some(q) = self.queries.last().cloned() {
            if let Some(s) = &mut self.search {
                // Shown from the history: Ctrl-r goes on from there.
                s.recalled = 1;
            }
            self.send_query(&q);
        }
    }

    /// Changes the query and sends it (see [`SearchView::edit`]).
    fn edit_query(&mut self, f: impl FnOnce(&mut String)) {
        let Some(s) = &mut self.search else { return };
        s.edit(f);
        s.recalled = 0;
        let input = s.input.clone();
        self.send_query(&input);
    }

    /// Pasted text goes into the query as one line, cleaned like any text
    /// from outside, or into a note being written; elsewhere a paste means
    /// nothing.
    fn paste(&mut self, text: &str) {
        if let (Some(e), None) = (&mut self.editor, self.overlay) {
            return e.paste(text);
        }
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
        let notes = self.notes_found(input);
        let Some(s) = &mut self.search else { return };
        s.notes = notes;
        if s.volltext {
            if let Some(t) = &self.text_searcher {
                s.text_generation = t.query(input);
            }
        } else if let Some(searcher) = &self.searcher {
            s.generation = searcher.query(input);
        }
    }

    /// The notes whose text holds every word of `input` (folded as the
    /// search folds), newest first. There are few notes: this runs per key
    /// on the UI thread.
    fn notes_found(&self, input: &str) -> Vec<super::views::search::NoteHit> {
        const MOST: usize = 20;
        let Some(d) = &self.data else { return Vec::new() };
        let query = Query::new(input);
        let terms = query.terms();
        if terms.is_empty() {
            return Vec::new();
        }
        let mut found: Vec<(i64, super::views::search::NoteHit)> = self
            .state
            .view()
            .notes()
            .filter_map(|(target, note)| {
                let node = target.node(&d.tree)?;
                let folded = crate::search::fold(&note.text);
                if !terms.iter().all(|t| folded.contains(t.as_str())) {
                    return None;
                }
                // The line that holds a word, else the first.
                let line = note
                    .text
                    .lines()
                    .find(|l| {
                        let l = crate::search::fold(l);
                        terms.iter().any(|t| l.contains(t.as_str()))
                    })
                    .or_else(|| note.text.lines().next())
                    .unwrap_or_default();
                let title = crate::search::entry_title(&d.archive, &d.tree, node);
                // The words first: at 80 columns the title is what is cut.
                let text = format!("{} · {title}", line.trim());
                Some((note.at, super::views::search::NoteHit { node, text }))
            })
            .collect();
        found.sort_by_key(|(at, _)| std::cmp::Reverse(*at));
        found.into_iter().take(MOST).map(|(_, hit)| hit).collect()
    }

    fn text_result(&mut self, r: super::textsearch::TextResult) {
        let Some(s) = &mut self.search else { return };
        // Results of a query that has been typed over are stale.
        if r.generation != s.text_generation {
            return;
        }
        s.list = Default::default();
        s.text = Some(r);
        self.refresh_search_rows();
    }

    fn search_result(&mut self, r: SearchResult) {
        let Some(s) = &mut self.search else { return };
        // Results of a query that has been typed over are stale.
        if r.generation != s.generation {
            return;
        }
        s.list = Default::default();
        s.result = Some(r);
        self.refresh_search_rows();
    }

    /// Makes the result rows on screen.
    pub(super) fn refresh_search_rows(&mut self) {
        let h = self.panes.search_list_height();
        if let (Some(s), Some(d)) = (&mut self.search, &self.data) {
            s.make_rows(d, &self.matcher, h);
        }
    }

    fn search_action(&mut self, action: Action) {
        let h = self.panes.search_list_height();
        let Some(s) = &mut self.search else { return };
        match action {
            Action::Back => self.search = None,
            Action::Help => self.open_overlay(Overlay::Help),
            Action::Up => s.step(-1, h),
            Action::Down => s.step(1, h),
            Action::PageUp => s.step(-(h as isize), h),
            Action::PageDown => s.step(h as isize, h),
            Action::Erase => self.edit_query(|q| {
                q.pop();
            }),
            Action::ClearQuery => self.edit_query(String::clear),
            Action::EditQuery => s.replace = false,
            Action::SwitchSearch => {
                // The other search, with the same query.
                s.volltext = !s.volltext;
                self.volltext = s.volltext;
                s.list = Default::default();
                let input = s.input.clone();
                self.send_query(&input);
            }
            Action::OlderQuery | Action::NewerQuery => self.recall_query(action == Action::OlderQuery),
            Action::Open => return self.open_result(),
            _ => {}
        }
        self.refresh_search_rows();
    }

    /// Shows an earlier (or later) query of the session, selected.
    fn recall_query(&mut self, older: bool) {
        let Some(s) = &mut self.search else { return };
        let n = self.queries.len();
        let at = if older { (s.recalled + 1).min(n) } else { s.recalled.saturating_sub(1) };
        if at == s.recalled || at == 0 && s.recalled == 0 {
            return;
        }
        let text = if at == 0 { String::new() } else { self.queries[n - at].clone() };
        s.input = text.clone();
        s.replace = !text.is_empty();
        s.recalled = at;
        self.send_query(&text);
    }

    /// Enter on a result: it is shown in the tree and the reader, its words
    /// marked; the query is remembered for the next `/`.
    fn open_result(&mut self) {
        let Some(s) = &self.search else { return };
        let j = match s.selected() {
            Ok(j) => j,
            Err(note) => {
                let (node, input) = (note.node, s.input.trim().to_owned());
                self.search = None;
                self.remember_query(input);
                return self.jump(node);
            }
        };
        if s.volltext {
            return self.open_text_result(j);
        }
        let chosen = s.result.as_ref().and_then(|r| r.top.get(j)).map(|&(_, id)| id);
        let query = s.result.as_ref().map(|r| r.query.clone());
        let input = s.input.trim().to_owned();
        let (Some(id), Some(d)) = (chosen, &self.data) else { return };
        let node = d.index.entries[id as usize].node;
        self.search = None;
        self.last_query = query;
        self.remember_query(input);
        self.jump(node);
    }
}

/// What documents may draw on beyond the records: the references, today,
/// the user's note on `node`. (Not a method: the reader is changed while
/// this borrows.)
pub(super) fn context<'a>(
    backlinks: &'a Option<Arc<Backlinks>>,
    today: Date,
    state: &'a State,
    data: Option<&'a Data>,
    node: Option<Node>,
) -> Context<'a> {
    let note = match (data, node) {
        (Some(d), Some(n)) => state.view().note(&d.tree, n).map(|n| n.text.as_str()),
        _ => None,
    };
    Context { backlinks: backlinks.as_deref(), today: Some(today), note }
}

impl App {
    /// Enter on a full-text hit: its record, the reader at the first hit
    /// (in the section the hit names), its words marked for n/N.
    fn open_text_result(&mut self, j: usize) {
        let Some(s) = &self.search else { return };
        let Some(hit) = s.text_hits().get(j) else { return };
        let hit = hit.clone();
        let input = s.input.trim().to_owned();
        let Some(d) = &self.data else { return };
        let Some(node) = crate::fulltext::record_of(&d.archive, &hit.key)
            .and_then(|r| crate::document::node_of(&d.tree, r))
        else {
            return;
        };
        self.search = None;
        self.remember_query(input);
        self.last_query = Some(Query::new(&hit.terms.join(" ")));
        self.jump(node);
        // The hit is in the text: the reader has the keys, n/N go on.
        self.set_focus(Pane::Reader);
        // A document's text may still be on its way: the reader goes there
        // when it comes (see `documents_event`).
        self.pending_hit = (!self.reader_to_hit(&hit.section)).then(|| (node, hit.section.clone()));
    }

    /// Scrolls the reader to the section named `section` and there to the
    /// first line with a word of the last query. False when there is no
    /// such section (yet).
    pub(super) fn reader_to_hit(&mut self, section: &str) -> bool {
        let h = self.panes.reader_height();
        self.reader.reach(usize::MAX - 1);
        let heading = self.reader.lines().iter().position(|l| {
            let text: String = l.spans.iter().map(|s| s.content.as_ref()).collect();
            text.trim() == section
        });
        if let Some(at) = heading {
            self.reader.scroll_to(at, h);
        }
        if let Some(q) = &self.last_query {
            self.reader.find(q, true);
        }
        heading.is_some()
    }

    fn remember_query(&mut self, input: String) {
        if !input.is_empty() {
            self.queries.retain(|q| *q != input);
            self.queries.push(input);
            if self.queries.len() > QUERIES {
                self.queries.remove(0);
            }
        }
    }
}

fn push_bounded(stack: &mut Vec<Place>, place: Place) {
    if stack.last() == Some(&place) {
        return;
    }
    stack.push(place);
    if stack.len() > HISTORY {
        stack.remove(0);
    }
}
