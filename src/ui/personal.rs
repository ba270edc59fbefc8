//! What the user makes: read marks, the Merkliste, notes, copies and
//! exports. The state itself lives in [`crate::state`]; here is how the UI
//! asks for it, shows it, and says what happened.

use std::time::{Duration, Instant};

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::app::{App, Request};
use super::clipboard;
use super::keys::Action;
use super::views::copy::{Choice, CopyMenu, Outcome};
use super::views::editor::NoteEditor;
use crate::document::{Block, Document, Row, item_summary};
use crate::state::Target;
use crate::strings as s;
use crate::tree::Node;

impl App {
    /// The record the user means: the one the reader shows, else the
    /// tree's selection.
    pub(super) fn current(&self) -> Option<Node> {
        self.reader.node.or(self.tree.selected_node())
    }

    fn say(&mut self, text: impl Into<String>) {
        self.message = Some(text.into());
    }

    /// Picks up what another ratsinfo of the user wrote meanwhile (two SSH
    /// sessions): one cheap query when nothing changed.
    pub(super) fn refresh_state(&mut self) {
        let Some(d) = &self.data else { return };
        if let Ok(true) = self.state.refresh_if_changed(d) {
            self.state_changed();
        }
    }

    /// The tree's Merkliste and the open document follow the state.
    fn state_changed(&mut self) {
        self.sync_merkliste();
        if self.reader.custom {
            let (w, h) = (self.panes.reader_text_width(), self.panes.reader_height());
            let doc = self.merkliste_document();
            let scroll = self.reader.scroll;
            self.reader.show_document(doc, w, h);
            self.reader.scroll_to(scroll, h);
        } else {
            self.refresh_reader();
        }
    }

    /// The Merkliste's row and entries in the tree.
    pub(super) fn sync_merkliste(&mut self) {
        let Some(d) = &self.data else { return };
        let view = self.state.view();
        let list = view.merkliste(d);
        self.tree.merk = list.iter().filter_map(|m| m.target?.node(&d.tree)).collect();
        self.tree.merkliste = !list.is_empty() || view.unloaded().any(|u| u.note.is_some());
        self.tree.rebuild(d, self.panes.tree_height());
    }

    /// The Merkliste as the reader shows it: what is on it (with what is
    /// new on watched papers), and the notes whose records are not loaded.
    pub(super) fn merkliste_document(&self) -> Document {
        let mut doc = Document { title: s::MERKLISTE.to_owned(), ..Document::default() };
        doc.blocks.push(Block::Title(format!("★ {}", s::MERKLISTE)));
        let Some(d) = &self.data else { return doc };
        let view = self.state.view();
        let list = view.merkliste(d);
        if list.is_empty() {
            doc.blocks.push(Block::Note(s::MERKLISTE_LEER.to_owned()));
        }
        let rows = list
            .iter()
            .map(|m| {
                let node = m.target.and_then(|t| t.node(&d.tree));
                let mut text = m.label.titel.clone();
                if let Some(c) = m.neu {
                    text = format!("{} · {text}", s::neu_auf(c.beratung, c.ergebnis, c.dokument));
                }
                if node.is_none() {
                    text = format!("{text} ({})", s::NICHT_GELADEN);
                }
                (Row::new(format!("{} {}", m.label.kind_name(), m.label.nummer), text), node)
            })
            .collect();
        doc.push_link_rows("", rows);
        let unloaded: Vec<_> = view.unloaded().filter(|u| u.note.is_some()).collect();
        if !unloaded.is_empty() {
            doc.blocks.push(Block::Heading(s::NOTIZEN_NICHT_GELADEN.to_owned()));
            for u in unloaded {
                let note = u.note.as_ref().map_or("", |n| n.text.as_str());
                doc.blocks.push(Block::Text(format!("{}\n{note}", u.label.line())));
            }
        }
        doc
    }

    /// Starts the clock of the read mark for what the reader now shows (an
    /// agenda item or a Vorlage not read yet).
    pub(super) fn start_reading_clock(&mut self) {
        self.reading_since = match (self.reader.node, &self.data) {
            (Some(n @ (Node::Item(_) | Node::Vorlage(_))), Some(d))
                if !self.state.view().is_read(&d.tree, n) =>
            {
                Some((n, Instant::now()))
            }
            _ => None,
        };
    }

    /// How long until a read mark is due: the event loop wakes then.
    pub fn next_deadline(&self) -> Option<Duration> {
        let (_, since) = self.reading_since?;
        Some(Duration::from_millis(self.config.read_delay_ms).saturating_sub(since.elapsed()))
    }

    /// What stayed open for the delay is read.
    pub(super) fn mark_read_when_due(&mut self) {
        let Some((node, since)) = self.reading_since else { return };
        if self.reader.node != Some(node) {
            self.reading_since = None;
            return;
        }
        if since.elapsed() < Duration::from_millis(self.config.read_delay_ms) {
            return;
        }
        self.reading_since = None;
        let Some(d) = &self.data else { return };
        if let Err(e) = self.state.set_read(d, node, true) {
            self.say(s::zustand_fehler(e.message()));
        }
    }

    /// The target of the current record, or a message that there is none.
    fn target(&mut self) -> Option<Node> {
        let node = self.current();
        match (&self.data, node) {
            (Some(d), Some(n)) if Target::of(&d.tree, n).is_some() => Some(n),
            _ => {
                self.say(s::NICHT_MARKIERBAR);
                None
            }
        }
    }

    pub(super) fn toggle_read(&mut self) {
        let Some(node) = self.target() else { return };
        let Some(d) = &self.data else { return };
        match self.state.toggle_read(d, node) {
            Ok(on) => {
                self.reading_since = None;
                self.say(if on { s::ALS_GELESEN } else { s::ALS_UNGELESEN });
            }
            Err(e) => self.say(s::zustand_fehler(e.message())),
        }
    }

    pub(super) fn toggle_merk(&mut self) {
        let Some(node) = self.target() else { return };
        let Some(d) = &self.data else { return };
        match self.state.toggle_merk(d, node) {
            Ok(on) => {
                self.say(if on { s::AUF_MERKLISTE } else { s::VON_MERKLISTE });
                self.sync_merkliste();
                if self.reader.custom {
                    self.state_changed();
                }
            }
            Err(e) => self.say(s::zustand_fehler(e.message())),
        }
    }

    /// The next agenda item not read, in the tree's order after the
    /// current one (from the top when there is none below).
    pub(super) fn next_unread(&mut self) {
        let Some(d) = &self.data else { return };
        let (t, view) = (&d.tree, self.state.view());
        let here = self.current();
        let mut order: Vec<Node> = Vec::new();
        let mut stack: Vec<Node> = t.roots().into_iter().rev().collect();
        while let Some(n) = stack.pop() {
            // Vorlagen are read through their items; the year lists repeat them.
            if matches!(n, Node::AlleVorlagen(_)) {
                continue;
            }
            order.push(n);
            stack.extend(t.children(n).into_iter().rev());
        }
        let start = here.and_then(|h| order.iter().position(|&n| n == h)).map_or(0, |i| i + 1);
        let unread = |n: &&Node| matches!(n, Node::Item(_)) && !view.is_read(t, **n);
        let found =
            order[start..].iter().find(unread).or_else(|| order[..start].iter().find(unread)).copied();
        match found {
            Some(n) => self.reveal(n),
            None => self.say(s::KEIN_UNGELESENER),
        }
    }

    /// `a`: a note on the current record, in `$VISUAL`/`$EDITOR` when set
    /// (the event loop hands the terminal over), else in the inline editor.
    pub(super) fn open_note(&mut self) {
        let Some(node) = self.target() else { return };
        let Some(d) = &self.data else { return };
        let text = self.state.view().note(&d.tree, node).map(|n| n.text.clone()).unwrap_or_default();
        if self.external_editor.is_some() {
            self.requests.push(Request::EditNote { node, text });
        } else {
            let title =
                if self.reader.node == Some(node) { self.reader.doc.title.clone() } else { String::new() };
            self.editor = Some(NoteEditor::new(node, title, &text));
        }
    }

    /// A key in the inline editor that is no binding: text or movement.
    pub(super) fn editor_key(&mut self, key: KeyEvent) {
        let Some(e) = &mut self.editor else { return };
        match key.code {
            KeyCode::Char(c) => e.insert(c),
            KeyCode::Enter => e.insert('\n'),
            KeyCode::Backspace => e.backspace(),
            KeyCode::Left => e.left(),
            KeyCode::Right => e.right(),
            KeyCode::Up => e.up(),
            KeyCode::Down => e.down(),
            _ => {}
        }
    }

    /// Keeps the inline editor's note and closes it.
    pub(super) fn save_note(&mut self) {
        if let Some(e) = self.editor.take() {
            self.note_written(e.node, &e.text());
        }
    }

    /// A note written (inline or in the external editor): stored (empty:
    /// removed), shown, said.
    pub fn note_written(&mut self, node: Node, text: &str) {
        let Some(d) = &self.data else { return };
        let text = crate::state::clean_note(text);
        match self.state.set_note(d, node, &text) {
            Ok(()) => {
                self.say(if text.is_empty() { s::NOTIZ_GELOESCHT } else { s::NOTIZ_GESPEICHERT });
                self.state_changed();
            }
            Err(e) => self.say(s::zustand_fehler(e.message())),
        }
    }

    /// `y`: what of the current record to copy.
    pub(super) fn open_copy(&mut self) {
        let (Some(d), Some(node)) = (&self.data, self.current()) else {
            return self.say(s::NICHTS_ZU_KOPIEREN);
        };
        let (a, t) = (&d.archive, &d.tree);
        let (nummer, titel, url) = match node {
            Node::Vorlage(v) => {
                let v = a.vorlage(v);
                (v.nummer.to_string(), v.betreff.to_string(), v.url.to_string())
            }
            Node::Item(i) => {
                let (_, nummer, titel, _) = item_summary(a, t, i);
                let it = &t.items[i as usize];
                let url = it
                    .auszug
                    .map(|au| a.auszug(au).url.to_string())
                    .filter(|u| !u.is_empty())
                    .or_else(|| it.vorlage.map(|v| a.vorlage(v).url.to_string()))
                    .unwrap_or_default();
                (nummer, titel, url)
            }
            Node::Sitzung(si) => {
                let sz = a.sitzung(si);
                (String::new(), self.reader.doc.title.clone(), sz.url.to_string())
            }
            _ => (String::new(), self.reader.doc.title.clone(), String::new()),
        };
        let mut choices = Vec::new();
        if !nummer.is_empty() {
            choices.push(Choice { what: s::KOPIE_NUMMER, text: nummer });
        }
        if !titel.is_empty() {
            choices.push(Choice { what: s::KOPIE_TITEL, text: titel });
        }
        // Only a web address goes out as a link.
        if is_web_url(&url) {
            choices.push(Choice { what: s::KOPIE_LINK, text: url });
        }
        if matches!(node, Node::Vorlage(_) | Node::Item(_) | Node::Sitzung(_)) {
            let md = crate::export::markdown::node(a, t, node);
            choices.push(Choice { what: s::KOPIE_MARKDOWN, text: md });
        }
        if choices.is_empty() {
            return self.say(s::NICHTS_ZU_KOPIEREN);
        }
        self.copy = Some(CopyMenu::new(choices));
    }

    pub(super) fn copy_action(&mut self, action: Action) {
        let outcome = self.copy.as_mut().map_or(Outcome::Close, |m| m.act(action));
        self.copy_outcome(outcome);
    }

    pub(super) fn copy_digit(&mut self, c: char) {
        let outcome = self.copy.as_mut().map_or(Outcome::Close, |m| m.digit(c));
        self.copy_outcome(outcome);
    }

    fn copy_outcome(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::Stay => {}
            Outcome::Close => self.copy = None,
            Outcome::Copy(choice) => {
                self.copy = None;
                match clipboard::osc52(&choice.text) {
                    Some(seq) => {
                        self.requests.push(Request::Osc52(seq));
                        self.say(s::kopiert(choice.what));
                    }
                    None => self.say(s::ZU_LANG_ZUM_KOPIEREN),
                }
            }
        }
    }

    /// `e`: the current record (or session) as Markdown, into a new file
    /// of the export directory; the status line says where.
    pub(super) fn export(&mut self) {
        let (Some(d), Some(node)) = (&self.data, self.current()) else {
            return self.say(s::NICHT_EXPORTIERBAR);
        };
        if !matches!(node, Node::Vorlage(_) | Node::Item(_) | Node::Sitzung(_)) {
            return self.say(s::NICHT_EXPORTIERBAR);
        }
        let (a, t) = (&d.archive, &d.tree);
        let md = crate::export::markdown::node(a, t, node);
        let name = match node {
            Node::Vorlage(v) => a.vorlage(v).nummer.to_string(),
            Node::Item(i) => {
                let (_, nummer, titel, _) = item_summary(a, t, i);
                if nummer.is_empty() { titel } else { nummer }
            }
            _ => self.reader.doc.title.clone(),
        };
        let stem = crate::files::file_stem(&name);
        match crate::files::write_new(&self.export_dir, &stem, "md", md.as_bytes()) {
            Ok(path) => self.say(s::gespeichert(&crate::text::display_name(&path))),
            Err(e) => self.say(s::datei_nicht_gespeichert(&s::io_message(&e))),
        }
    }
}

/// An http(s) address without blanks or control characters: what may go
/// to the clipboard as a link (never raw data of another kind).
fn is_web_url(url: &str) -> bool {
    (url.starts_with("https://") || url.starts_with("http://"))
        && url.len() > 8
        && !url.chars().any(|c| c.is_whitespace() || c.is_control())
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_web_addresses_are_links() {
        assert!(super::is_web_url("https://ratsinfo.example/vo0050.asp?__kvonr=1"));
        assert!(!super::is_web_url("javascript:alert(1)"));
        assert!(!super::is_web_url("https://x.example/a b"));
        assert!(!super::is_web_url("file:///etc/passwd"));
        assert!(!super::is_web_url("https://"));
    }
}
