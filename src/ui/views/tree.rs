//! The tree view: the open nodes flattened into rows, the selection, and
//! how they are drawn. Only the open nodes become rows.

use std::collections::HashSet;
use std::sync::atomic::Ordering;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style, Stylize};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::super::app::{App, Pane};
use super::super::keys::Action;
use super::super::list::ListState;
use super::super::view::{fit, pane_block, truncate};
use super::Effect;
use crate::config::Role;
use crate::document::{item_summary, sitzung_label, tops};
use crate::model::RecordId;
use crate::open::Data;
use crate::strings as s;
use crate::tree::Node;

/// One visible line of the tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TreeRow {
    /// None: the Merkliste's own row, at the top.
    pub node: Option<Node>,
    pub depth: u16,
    /// An entry of the Merkliste (the record is in the tree below too).
    pub merk: bool,
}

#[derive(Debug, Default)]
pub struct TreeView {
    pub expanded: HashSet<Node>,
    pub rows: Vec<TreeRow>,
    pub list: ListState,
    /// The Merkliste's row is shown (something is on it, or a note waits
    /// whose record is not loaded), and open.
    pub merkliste: bool,
    pub merk_open: bool,
    /// The loaded records on the Merkliste, newest first.
    pub merk: Vec<Node>,
}

impl TreeView {
    pub fn selected_node(&self) -> Option<Node> {
        self.rows.get(self.list.selected).and_then(|r| r.node)
    }

    /// Whether the Merkliste's own row is selected.
    pub fn on_merkliste(&self) -> bool {
        self.rows.get(self.list.selected).is_some_and(|r| r.node.is_none())
    }

    /// The rows of the open nodes, anew (a node opened or closed).
    pub fn rebuild(&mut self, d: &Data, height: usize) {
        let mut rows = Vec::new();
        if self.merkliste {
            rows.push(TreeRow { node: None, depth: 0, merk: false });
            if self.merk_open {
                rows.extend(self.merk.iter().map(|&n| TreeRow { node: Some(n), depth: 1, merk: true }));
            }
        }
        let mut stack: Vec<(Node, u16)> = d.tree.roots().into_iter().rev().map(|n| (n, 0)).collect();
        while let Some((node, depth)) = stack.pop() {
            rows.push(TreeRow { node: Some(node), depth, merk: false });
            if self.expanded.contains(&node) {
                stack.extend(d.tree.children(node).into_iter().rev().map(|c| (c, depth + 1)));
            }
        }
        // The selection stays on its row when rows above come or go.
        let was = self.rows.get(self.list.selected).copied();
        self.rows = rows;
        if let Some(i) = was.and_then(|w| self.rows.iter().position(|r| *r == w)) {
            self.list.selected = i;
        }
        self.list.clamp(self.rows.len(), height);
    }

    /// Opens every ancestor of `node` and selects it.
    pub fn reveal(&mut self, d: &Data, node: Node, height: usize) {
        for a in d.tree.ancestors(&d.archive, node) {
            self.expanded.insert(a);
        }
        self.rebuild(d, height);
        if let Some(i) = self.rows.iter().position(|r| r.node == Some(node) && !r.merk) {
            self.list.show(i, height);
        }
    }

    /// Handles a key of the tree; what the app must do follows.
    pub fn act(&mut self, action: Action, d: Option<&Data>, height: usize) -> Effect {
        let page = height.saturating_sub(1).max(1) as isize;
        let step = |delta: isize, me: &mut TreeView| {
            me.list.step(delta, me.rows.len(), height);
            Effect::Follow
        };
        match action {
            Action::Up => step(-1, self),
            Action::Down => step(1, self),
            Action::PageUp => step(-page, self),
            Action::PageDown => step(page, self),
            Action::HalfPageUp => step(-(page / 2).max(1), self),
            Action::HalfPageDown => step((page / 2).max(1), self),
            Action::Top => step(isize::MIN / 2, self),
            Action::Bottom => step(isize::MAX / 2, self),
            Action::Expand => self.expand(d, height),
            Action::Collapse => self.collapse(d, height),
            Action::Open => self.open(d, height),
            _ => Effect::None,
        }
    }

    fn has_children(d: Option<&Data>, node: Node) -> bool {
        d.is_some_and(|d| d.tree.has_children(node))
    }

    /// Opens or closes the Merkliste's row; true when `row` is it.
    fn toggle_merkliste(&mut self, row: TreeRow, d: &Data, height: usize, open: Option<bool>) -> bool {
        if row.node.is_some() {
            return false;
        }
        let want = open.unwrap_or(!self.merk_open);
        if want != self.merk_open {
            self.merk_open = want;
            self.rebuild(d, height);
        }
        true
    }

    fn selected_row(&self) -> Option<TreeRow> {
        self.rows.get(self.list.selected).copied()
    }

    fn expand(&mut self, d: Option<&Data>, height: usize) -> Effect {
        let (Some(row), Some(d)) = (self.selected_row(), d) else { return Effect::None };
        if self.toggle_merkliste(row, d, height, Some(true)) || row.merk {
            return Effect::None;
        }
        let Some(node) = row.node.filter(|&n| Self::has_children(Some(d), n)) else { return Effect::None };
        if self.expanded.insert(node) {
            self.rebuild(d, height);
            Effect::None
        } else {
            self.list.step(1, self.rows.len(), height);
            Effect::Follow
        }
    }

    fn collapse(&mut self, d: Option<&Data>, height: usize) -> Effect {
        let (Some(row), Some(d)) = (self.selected_row(), d) else { return Effect::None };
        if self.merk_open && self.toggle_merkliste(row, d, height, Some(false)) {
            return Effect::None;
        }
        if !row.merk && row.node.is_some_and(|n| self.expanded.remove(&n)) {
            self.rebuild(d, height);
            return Effect::None;
        }
        // Already closed: go to the parent.
        match self.rows[..self.list.selected].iter().rposition(|r| r.depth < row.depth) {
            Some(parent) => {
                self.list.selected = parent;
                self.list.scroll_into_view(height);
                Effect::Follow
            }
            None => Effect::None,
        }
    }

    fn open(&mut self, d: Option<&Data>, height: usize) -> Effect {
        let (Some(row), Some(d)) = (self.selected_row(), d) else { return Effect::None };
        if self.toggle_merkliste(row, d, height, None) {
            return Effect::None;
        }
        let Some(node) = row.node else { return Effect::None };
        // An entry of the Merkliste: to its place in the tree.
        if row.merk {
            return Effect::Jump(node);
        }
        if Self::has_children(Some(d), node) {
            if !self.expanded.remove(&node) {
                self.expanded.insert(node);
            }
            self.rebuild(d, height);
            Effect::None
        } else {
            Effect::Focus(Pane::Reader)
        }
    }
}

pub fn draw(app: &App, f: &mut Frame, area: Rect) {
    let focused = app.focus == Pane::Tree && app.mode() == super::super::keys::Mode::Tree;
    let inner_w = usize::from(area.width.saturating_sub(2));
    let block = pane_block(truncate(s::GREMIEN, inner_w.saturating_sub(2)), focused);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let Some(d) = &app.data else {
        let p = &app.progress;
        let text = s::laden(
            p.files_done.load(Ordering::Relaxed),
            p.files_total.load(Ordering::Relaxed),
            p.records.load(Ordering::Relaxed),
            p.bytes.load(Ordering::Relaxed),
        );
        f.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), inner);
        return;
    };
    let t = &app.tree;
    if t.rows.is_empty() {
        let msg = if d.archive.problems.is_empty() { s::LEER } else { s::LEER_MIT_PROBLEMEN };
        f.render_widget(Paragraph::new(msg.get()).wrap(Wrap { trim: true }), inner);
        return;
    }
    let h = usize::from(inner.height);
    let lines: Vec<Line> = t
        .rows
        .iter()
        .enumerate()
        .skip(t.list.offset)
        .take(h)
        .map(|(i, row)| {
            let line = fit(row_spans(app, d, row), inner_w);
            if i == t.list.selected {
                let style = if focused {
                    app.config.theme.style(Role::Selection)
                } else {
                    Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
                };
                line.patch_style(style)
            } else {
                line
            }
        })
        .collect();
    f.render_widget(Paragraph::new(lines), inner);
}

/// What a tree row says, uncut (without its indent and marker).
pub fn row_text(app: &App, row: &TreeRow) -> String {
    let Some(d) = &app.data else { return String::new() };
    let spans = row_spans(app, d, row);
    spans.iter().map(|s| s.content.as_ref()).collect::<String>().trim_start().to_owned()
}

fn row_spans(app: &App, d: &Data, row: &TreeRow) -> Vec<Span<'static>> {
    let t = &d.tree;
    let a = &d.archive;
    let theme = &app.config.theme;
    let view = app.state.view();
    let indent = "  ".repeat(usize::from(row.depth));
    let Some(node) = row.node else {
        // The Merkliste's own row.
        let marker = if app.tree.merk_open { "▾ " } else { "▸ " };
        return vec![
            Span::raw(format!("{indent}{marker}")),
            Span::styled(format!("★ {}", s::MERKLISTE), theme.style(Role::Merk).bold()),
            Span::styled(format!("  ({})", app.tree.merk.len()), theme.style(Role::Dim)),
        ];
    };
    let marker = if t.has_children(node) && !row.merk {
        if app.tree.expanded.contains(&node) { "▾ " } else { "▸ " }
    } else {
        "  "
    };
    let mut spans = vec![Span::raw(format!("{indent}{marker}"))];
    // What the last sync created or changed; what is new on a watched paper.
    let neu = match node {
        Node::Vorlage(v) => a.is_neu(RecordId::Vorlage(v)),
        Node::Sitzung(si) => a.is_neu(RecordId::Sitzung(si)),
        Node::Item(i) => {
            let it = &t.items[i as usize];
            it.auszug.is_some_and(|au| a.is_neu(RecordId::Auszug(au)))
                || it.vorlage.is_some_and(|v| a.is_neu(RecordId::Vorlage(v)))
        }
        _ => false,
    } || view.neu(t, node).is_some();
    if neu {
        spans.push(Span::styled(format!("{} ", s::NEU), theme.style(Role::Neu)));
    }
    if view.is_merk(t, node) && !row.merk {
        spans.push(Span::styled("★ ", theme.style(Role::Merk)));
    }
    if view.note(t, node).is_some() {
        spans.push(Span::styled("✎ ", theme.style(Role::Note)));
    }
    let dim = theme.style(Role::Dim);
    match node {
        Node::Koerperschaft(k) => {
            let name = a.koerperschaft(t.koerperschaften[k as usize].id);
            spans.push(
                Span::raw(if name.is_empty() { s::OHNE_KOERPERSCHAFT.to_owned() } else { name.to_owned() })
                    .bold(),
            );
        }
        Node::Gremium(g) => {
            spans.push(Span::raw(t.gremien[g as usize].name.clone()));
            // Once the user reads (marks anything read), a Gremium says
            // what is left; before, everything is unread and saying so is
            // noise.
            let unread = if view.read_count() > 0 { view.gremium_unread(t, g) } else { 0 };
            if unread > 0 {
                spans.push(Span::styled(format!("  {}", s::ungelesen(unread)), dim));
            }
        }
        Node::Sitzung(si) => {
            spans.push(Span::raw(sitzung_label(a, t, si)));
            let (read, total) = view.sitzung_read(t, si);
            let count =
                if read > 0 { s::gelesen(read, total) } else { tops(a, t, si, Some(app.today), true) };
            spans.push(Span::styled(format!("  {count}"), dim));
        }
        Node::Item(i) => {
            let (top, nummer, title, result) = item_summary(a, t, i);
            if !top.is_empty() {
                spans.push(Span::styled(format!("{top} "), dim));
            }
            // The title first: at 80 columns the tree is narrow, and the
            // title is what tells items apart; the number follows. Not read
            // yet: in the unread style (bold, as newsboat shows it).
            let unread = !view.is_read(t, node);
            spans.push(if unread {
                Span::styled(title, theme.style(Role::Unread))
            } else {
                Span::raw(title)
            });
            if !result.is_empty() {
                spans.push(Span::styled(format!(" · {result}"), dim));
            }
            if !nummer.is_empty() {
                spans.push(Span::styled(format!(" · {nummer}"), dim));
            }
        }
        Node::OhneSitzung(g) => {
            spans.push(Span::raw(s::OHNE_SITZUNG).italic());
            let n = t.gremien[g as usize].ohne_sitzung.len();
            spans.push(Span::styled(format!("  ({n})"), dim));
        }
        Node::AlleVorlagen(_) => spans.push(Span::raw(s::ALLE_VORLAGEN).italic()),
        Node::Jahr(j) => {
            let jahr = &t.jahre[j as usize];
            spans.push(Span::raw(jahr.year.map_or(s::OHNE_JAHR.to_owned(), |y| y.to_string())));
            spans.push(Span::styled(format!("  ({})", jahr.vorlagen.len()), dim));
        }
        Node::Vorlage(v) => {
            let unread = !view.is_read(t, node);
            let v = a.vorlage(v);
            spans.push(Span::raw(format!("{} ", v.nummer)).bold());
            let title = v.betreff.to_string();
            spans.push(if unread {
                Span::styled(title, theme.style(Role::Unread))
            } else {
                Span::raw(title)
            });
        }
    }
    spans
}
