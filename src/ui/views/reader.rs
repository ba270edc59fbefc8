//! The reader view: the open record's document, laid out for the pane's
//! width as far as shown, scrolled; its long texts read on a worker; the
//! last search's words marked; links marked and followed.

use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};
use std::time::{Duration, Instant};

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Style, Stylize};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::super::app::{App, Msg, Pane};
use super::super::keys::{Action, Mode};
use super::super::view::{pane_block, truncate};
use crate::document::{Block, Context, Document, document_in};
use crate::long_text::{self, Fetched, LongText};
use crate::model::{KoerperschaftId, VorlageId};
use crate::open::Data;
use crate::search::Query;
use crate::strings as s;
use crate::tree::Node;
use crate::wrap::{Layout, link_style};

/// How long one idle slice of background layout may take: well inside a
/// frame, so that keys are handled between slices.
const LAYOUT_SLICE: Duration = Duration::from_millis(4);

/// How long opening an item waits for its texts before it shows the
/// document with "wird geladen": a local disk answers well within this,
/// and the reader does not flicker.
const FIRST_WAIT: Duration = Duration::from_millis(50);

/// How long the reader waits for a file at most.
pub const READ_TIMEOUT: Duration = Duration::from_secs(5);

/// Long texts of the reader's document being read on a worker.
struct Reading {
    wanted: Vec<LongText>,
    rx: Receiver<Fetched>,
    since: Instant,
}

pub struct ReaderView {
    pub node: Option<Node>,
    /// The document is not a record's (the Merkliste): made by the app.
    pub custom: bool,
    pub doc: Document,
    /// The document wrapped for the reader's width, as far as laid out.
    pub layout: Layout,
    pub scroll: usize,
    /// How the long texts are read from their files, on a worker thread (a
    /// test can put a slow one here, as a hung network drive).
    pub read_texts: fn(&[LongText]) -> Fetched,
    /// How long the reader waits for them before it says so.
    pub read_timeout: Duration,
    reading: Option<Reading>,
    /// Blocks shown after the record's own, and the record they belong
    /// to: the texts of its documents (see `ui::documents`), which arrive
    /// from a worker and stay when the document is built anew.
    appendix: Option<(Node, Vec<Block>)>,
    /// How many blocks of `doc` are the record's own.
    own_blocks: usize,
}

impl Default for ReaderView {
    fn default() -> Self {
        ReaderView {
            node: None,
            custom: false,
            doc: Document::default(),
            layout: Layout::default(),
            scroll: 0,
            read_texts: Fetched::read,
            read_timeout: READ_TIMEOUT,
            reading: None,
            appendix: None,
            own_blocks: 0,
        }
    }
}

impl ReaderView {
    /// The lines laid out so far.
    pub fn lines(&self) -> &[Line<'static>] {
        &self.layout.lines
    }

    /// The number of lines of the whole document (estimated until the
    /// layout is complete).
    pub fn total_lines(&self) -> usize {
        self.layout.estimated_total(&self.doc)
    }

    /// True while texts of the document are being read.
    pub fn reading_pending(&self) -> bool {
        self.reading.is_some()
    }

    /// True while there is background work for idle time (the rest of a
    /// long document's layout).
    pub fn busy(&self) -> bool {
        // A hidden reader (width 0) has nothing to lay out.
        self.layout.width > 0 && !self.layout.is_done(&self.doc)
    }

    /// Idle time: lay out another slice of the document.
    pub fn idle(&mut self) {
        if self.busy() {
            self.layout.fill_for(&self.doc, LAYOUT_SLICE);
        }
    }

    /// Lays out at least as far as `line`.
    pub fn reach(&mut self, line: usize) {
        if self.layout.width > 0 {
            self.layout.fill(&self.doc, line.saturating_add(1));
        }
    }

    /// Shows `node` from the top. Its long texts are read from their files
    /// on a worker: a file may have become a pipe or sit on a network drive
    /// that hangs, and the UI must not hang with it.
    pub fn show(
        &mut self,
        node: Option<Node>,
        d: Option<&Data>,
        cx: Context,
        width: u16,
        height: usize,
        tx: &Sender<Msg>,
    ) {
        self.node = node;
        self.custom = false;
        self.reading = None;
        let wanted = self.build(d, cx, Fetched::default());
        self.scroll = 0;
        self.layout = Layout::new(0);
        self.rewrap(width, height);
        if !wanted.is_empty() {
            self.start_reading(wanted, d, cx, width, height, tx);
        }
    }

    /// Shows a document that is no record's (the Merkliste), from the top.
    pub fn show_document(&mut self, doc: Document, width: u16, height: usize) {
        self.node = None;
        self.custom = true;
        self.reading = None;
        self.doc = doc;
        self.scroll = 0;
        self.layout = Layout::new(0);
        self.rewrap(width, height);
    }

    /// The document again (a context changed: backlinks arrived), keeping
    /// the place.
    pub fn refresh(&mut self, d: Option<&Data>, cx: Context, width: u16, height: usize) {
        if self.custom {
            return;
        }
        let scroll = self.scroll;
        self.build(d, cx, Fetched::default());
        self.layout = Layout::new(0);
        self.scroll = scroll;
        self.reach(scroll + height);
        self.rewrap(width, height);
    }

    /// Builds the document without reading a file: texts in `fetched` are
    /// shown, the others as loading and returned as wanted.
    fn build(&mut self, d: Option<&Data>, cx: Context, fetched: Fetched) -> Vec<LongText> {
        let (doc, wanted) = match (d, self.node) {
            (Some(d), Some(n)) => long_text::deferred(fetched, || document_in(&d.archive, &d.tree, cx, n)),
            _ => (Document::default(), Vec::new()),
        };
        self.doc = doc;
        self.own_blocks = self.doc.blocks.len();
        self.append();
        wanted
    }

    /// The appendix after the record's own blocks, if it is this record's.
    fn append(&mut self) {
        if let Some((node, blocks)) = &self.appendix
            && self.node == Some(*node)
            && !self.custom
        {
            self.doc.blocks.extend(blocks.iter().cloned());
        }
    }

    /// Shows `blocks` after the record's own (in place of what stood there
    /// before) when `node` is the record shown, keeping the place: what is
    /// above them does not move.
    pub fn set_appendix(&mut self, node: Node, blocks: Vec<Block>, width: u16, height: usize) {
        self.appendix = Some((node, blocks));
        if self.custom || self.node != Some(node) {
            return;
        }
        self.doc.blocks.truncate(self.own_blocks);
        self.append();
        self.layout = Layout::new(0);
        self.rewrap(width, height);
    }

    /// Forgets the appendix (its record is no longer shown).
    pub fn clear_appendix(&mut self) {
        self.appendix = None;
    }

    /// Has `wanted` read on a worker; waits a moment for it, so that a
    /// local disk shows the texts at once.
    fn start_reading(
        &mut self,
        wanted: Vec<LongText>,
        d: Option<&Data>,
        cx: Context,
        width: u16,
        height: usize,
        tx: &Sender<Msg>,
    ) {
        let (done, rx) = channel();
        let (read, texts, wake) = (self.read_texts, wanted.clone(), tx.clone());
        let spawned = std::thread::Builder::new().name("read".into()).spawn(s::carry(move || {
            let _ = done.send(read(&texts));
            let _ = wake.send(Msg::Tick);
        }));
        if spawned.is_err() {
            let failed = Fetched::failed(&wanted, &s::text_nicht_lesbar(s::KEIN_THREAD));
            return self.show_fetched(failed, d, cx, width, height);
        }
        match rx.recv_timeout(FIRST_WAIT) {
            Ok(fetched) => self.show_fetched(fetched, d, cx, width, height),
            Err(_) => self.reading = Some(Reading { wanted, rx, since: Instant::now() }),
        }
    }

    /// Shows what the worker read, once it is there or has taken too long.
    pub fn poll_reading(&mut self, d: Option<&Data>, cx: Context, width: u16, height: usize) {
        let Some(r) = &self.reading else { return };
        let fetched = match r.rx.try_recv() {
            Ok(fetched) => fetched,
            Err(TryRecvError::Empty) if r.since.elapsed() < self.read_timeout => return,
            Err(_) => {
                Fetched::failed(&r.wanted, &s::text_antwortet_nicht(self.read_timeout.as_secs().max(1)))
            }
        };
        self.reading = None;
        self.show_fetched(fetched, d, cx, width, height);
    }

    fn show_fetched(&mut self, fetched: Fetched, d: Option<&Data>, cx: Context, width: u16, height: usize) {
        self.build(d, cx, fetched);
        self.layout = Layout::new(0);
        self.rewrap(width, height);
    }

    /// Lays the document out anew when its width changed, as far as the
    /// screen shows; the rest follows on scrolling or when idle.
    pub fn rewrap(&mut self, width: u16, height: usize) {
        if width != self.layout.width || self.layout.lines.is_empty() {
            self.layout = Layout::new(width);
        }
        if width == 0 {
            self.layout = Layout::new(0);
            self.scroll = 0;
            return;
        }
        self.reach(self.scroll + height);
        // Also when only the height changed: no blank rows below the end.
        let max = self.lines().len().saturating_sub(height);
        self.scroll = self.scroll.min(max);
    }

    pub fn scroll_by(&mut self, action: Action, height: usize) {
        let page = height.saturating_sub(1).max(1);
        let s = self.scroll;
        let target = match action {
            Action::Up => s.saturating_sub(1),
            Action::Down => s + 1,
            Action::PageUp => s.saturating_sub(page),
            Action::PageDown => s + page,
            Action::HalfPageUp => s.saturating_sub(page / 2),
            Action::HalfPageDown => s + page / 2,
            Action::Top => 0,
            Action::Bottom => usize::MAX - height,
            _ => s,
        };
        // Lay out what the new position shows; only the end needs it all.
        self.reach(target + height);
        self.scroll = target.min(self.lines().len().saturating_sub(height));
    }

    /// Scrolls to `line` (as far as the document goes).
    pub fn scroll_to(&mut self, line: usize, height: usize) {
        self.reach(line + height);
        self.scroll = line.min(self.lines().len().saturating_sub(height.min(self.lines().len())));
    }

    /// Scrolls to the next (or previous) line that contains a term of
    /// `query`.
    pub fn find(&mut self, query: &Query, forward: bool) {
        // Folded as the search and the marks fold, so that n stops exactly
        // at the lines that show marks.
        let terms = query.terms().to_vec();
        let hit = |l: &Line| {
            let text = crate::search::fold(&l.spans.iter().map(|s| s.content.as_ref()).collect::<String>());
            terms.iter().any(|t| text.contains(t.as_str()))
        };
        // Hits can be anywhere: the whole document is needed.
        self.reach(usize::MAX - 1);
        let lines = self.lines();
        let from = self.scroll;
        let found = if forward {
            (from + 1..lines.len()).find(|&i| hit(&lines[i]))
        } else {
            (0..from).rev().find(|&i| hit(&lines[i]))
        };
        if let Some(i) = found {
            self.scroll = i;
        }
    }

    /// The line a link of the document stands on, where laid out.
    pub fn link_line(&self, i: usize) -> Option<usize> {
        let l = self.doc.links.get(i)?;
        match l.row {
            Some(row) => {
                self.layout.row_lines.iter().find(|&&(b, r, _)| b == l.block && r == row).map(|t| t.2)
            }
            None => self.layout.block_lines.get(l.block).copied(),
        }
    }

    /// The first link at or below the top of the pane (else the last one
    /// above it): the one Enter in the reader offers first.
    pub fn first_visible_link(&self) -> Option<usize> {
        let at = |i: usize| self.link_line(i).unwrap_or(usize::MAX);
        (0..self.doc.links.len())
            .find(|&i| at(i) >= self.scroll && at(i) != usize::MAX)
            .or_else(|| (0..self.doc.links.len()).rev().find(|&i| at(i) < self.scroll))
    }
}

pub fn draw(app: &App, f: &mut Frame, area: Rect) {
    let focused = app.focus == Pane::Reader && app.mode() == Mode::Reader;
    let inner_w = usize::from(area.width.saturating_sub(4));
    let r = &app.reader;
    let title = if r.doc.title.is_empty() { s::LESEBEREICH } else { r.doc.title.as_str() };
    let h = usize::from(area.height.saturating_sub(2));
    let total = r.total_lines();
    let mut block = pane_block(truncate(title, inner_w), focused);
    if total > h {
        let pct = ((r.scroll + h).min(total) * 100).checked_div(total).unwrap_or(100);
        block = block.title_bottom(Line::from(format!(" {pct}% ")).right_aligned());
    }
    let inner = block.inner(area);
    f.render_widget(block, area);
    if r.node.is_none() && !r.custom {
        let msg = if app.data.is_some() { s::NICHTS_GEWAEHLT } else { "" };
        f.render_widget(Paragraph::new(msg).dim().wrap(Wrap { trim: true }), inner);
        return;
    }
    let terms = app.last_query.as_ref().map_or(&[][..], |q| q.terms());
    let k = app.data.as_ref().and_then(|d| reader_koerperschaft(d, r.node));
    let own = match r.node {
        Some(Node::Vorlage(v)) => Some(v),
        Some(Node::Item(i)) => app.data.as_ref().and_then(|d| d.tree.items[i as usize].vorlage),
        _ => None,
    };
    let visible: Vec<Line> = r
        .lines()
        .iter()
        .skip(r.scroll)
        .take(h)
        .map(|l| {
            let l = match (&app.data, k) {
                (Some(d), Some(k)) => mark_links(l, d, k, own),
                _ => l.clone(),
            };
            themed(mark_terms(&l, terms), &app.config.theme)
        })
        .collect();
    let text_area = Rect {
        x: inner.x.saturating_add(1).min(inner.right()),
        width: inner.width.saturating_sub(1),
        ..inner
    };
    f.render_widget(Paragraph::new(visible), text_area);
}

/// The Körperschaft whose Vorlage numbers the open record's text names.
fn reader_koerperschaft(d: &Data, node: Option<Node>) -> Option<KoerperschaftId> {
    let (a, t) = (&d.archive, &d.tree);
    Some(match node? {
        Node::Vorlage(v) => a.vorlage(v).koerperschaft,
        Node::Item(i) => {
            let it = &t.items[i as usize];
            match (it.vorlage, it.auszug) {
                (Some(v), _) => a.vorlage(v).koerperschaft,
                (None, Some(au)) => a.auszug(au).koerperschaft,
                _ => return None,
            }
        }
        Node::Sitzung(s) => a.sitzung(s).koerperschaft,
        _ => return None,
    })
}

/// The line with the Vorlage numbers it names marked as links (not the
/// shown paper's own number). Only the lines on screen are looked at.
fn mark_links(line: &Line<'static>, d: &Data, k: KoerperschaftId, own: Option<VorlageId>) -> Line<'static> {
    let mut spans = Vec::with_capacity(line.spans.len());
    for span in &line.spans {
        let text = span.content.as_ref();
        let mut found = crate::links::mentions(&d.archive, k, text);
        found.retain(|(_, v)| Some(*v) != own);
        if found.is_empty() {
            spans.push(span.clone());
            continue;
        }
        let mut from = 0;
        for (range, _) in found {
            if range.start > from {
                spans.push(Span::styled(text[from..range.start].to_owned(), span.style));
            }
            spans.push(Span::styled(text[range.clone()].to_owned(), span.style.patch(link_style())));
            from = range.end;
        }
        if from < text.len() {
            spans.push(Span::styled(text[from..].to_owned(), span.style));
        }
    }
    Line { spans, ..line.clone() }
}

/// The line in the theme's colours: the layout marks headings, links and
/// search hits with the default styles, and they are given the theme's
/// here, for the lines on screen only (a theme change needs no layout).
fn themed(mut line: Line<'static>, theme: &crate::config::Theme) -> Line<'static> {
    use crate::config::Role;
    let (heading, link, hit) = (crate::wrap::heading_style(), link_style(), hit_style());
    for span in &mut line.spans {
        let role = if span.style == heading {
            Role::Heading
        } else if span.style.add_modifier.contains(hit.add_modifier) && span.style.patch(hit) == span.style {
            Role::Match
        } else if span.style.patch(link) == span.style {
            Role::Link
        } else {
            continue;
        };
        span.style = theme.style(role);
    }
    line
}

/// How a hit of the last search is marked before theming.
fn hit_style() -> Style {
    Style::new().reversed()
}

/// The line with every occurrence of a search term highlighted (for n/N),
/// compared folded as the search compares (see [`crate::search::fold`]).
fn mark_terms(line: &Line<'static>, terms: &[String]) -> Line<'static> {
    if terms.is_empty() {
        return line.clone();
    }
    let mut spans = Vec::with_capacity(line.spans.len());
    for span in &line.spans {
        let chars: Vec<char> = span.content.chars().collect();
        let marked = crate::search::occurrences(&span.content, terms);
        let mut start = 0;
        while start < chars.len() {
            let on = marked[start];
            let end = (start..chars.len()).find(|&i| marked[i] != on).unwrap_or(chars.len());
            let text: String = chars[start..end].iter().collect();
            let style = if on { span.style.patch(hit_style()) } else { span.style };
            spans.push(Span::styled(text, style));
            start = end;
        }
    }
    Line { spans, ..line.clone() }
}
