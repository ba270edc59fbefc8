//! The open record's documents in the UI (issue 15).
//!
//! **Read**: the texts of its documents that the record's own document
//! does not show already (the server gave none: a downloaded PDF's text,
//! cached or extracted now) follow its own blocks in the reader, each
//! under its heading ("Anlage 2: Gutachten.pdf"), wrapped and searchable
//! like a Sachverhalt. They are read on a worker: a PDF is extracted in a
//! child process, which may take up to a minute, and the UI goes on
//! meanwhile ("Text wird gelesen …" stands in its place until then).
//!
//! **Open** (`o`): a document's downloaded file, or its web link, goes to
//! the system's opener (`xdg-open`, `open`, or the config's `opener`) when
//! a graphical session is there; otherwise its link is shown, as a
//! hyperlink to click (OSC 8) and to copy (OSC 52). Only a path inside
//! the archive ([`Library::file_in_archive`]) or a URL that
//! [`WebUrl::parse`] accepted reaches the opener or the terminal. Finding
//! the file and starting the opener touch the disk: a worker does it.

use std::ffi::OsString;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::Sender;
use std::time::{Duration, Instant};

use super::app::{App, Msg, Pane, Request};
use super::clipboard;
use super::hyperlink::WebUrl;
use super::keys::Action;
use super::views::documents::{Entry, LinkView, OpenMenu, Outcome};
use crate::doctext::{self, Extractor, Library, Note, Readable};
use crate::document::Block;
use crate::model::{Dokument, Rolle};
use crate::open::Data;
use crate::strings as s;
use crate::tree::Node;

/// An opener that fails within this long is reported; one that ends with
/// an error later (a viewer closed after an hour) is not news any more.
const OPENER_REPORT: Duration = Duration::from_secs(10);

/// The documents' state: where their files are, how texts are extracted,
/// whether a graphical session can open them, and the overlays of `o`.
#[derive(Default)]
pub struct Docs {
    /// The downloaded documents of the loaded archives.
    pub library: Arc<Library>,
    /// How a PDF's text is extracted (this program as a child); None: not
    /// at all (the texts already extracted are still shown).
    pub extractor: Option<Extractor>,
    /// Whether a graphical session is there to open documents in (see
    /// [`graphical_session`]); else their links are shown.
    pub graphical: bool,
    /// The menu of the open record's documents.
    pub menu: Option<OpenMenu>,
    /// A document's link, shown where it cannot be opened here.
    pub link: Option<LinkView>,
    /// The generation of texts wanted: a worker of an older one stops.
    wanted: Arc<AtomicU64>,
    /// The worker of the wanted generation has not sent its last texts.
    texts_pending: bool,
    /// A document is being opened (a worker finds its file).
    opening: bool,
}

impl Docs {
    /// Whether an overlay of `o` is open.
    pub fn showing(&self) -> bool {
        self.menu.is_some() || self.link.is_some()
    }

    /// Whether a worker is still at it (texts, or a document to open).
    pub fn pending(&self) -> bool {
        self.texts_pending || self.opening
    }
}

/// What the workers send back.
#[derive(Debug)]
pub enum Event {
    /// The texts of `node`'s documents as far as read: headed blocks for
    /// the reader's appendix. `done` with the last of them.
    Texts { generation: u64, node: Node, blocks: Vec<Block>, done: bool },
    /// A document was opened, or could not be: a note for the status line,
    /// and the link overlay to show (where it could not be opened here).
    Opened { message: Option<String>, link: Option<LinkView> },
}

/// Whether documents can be opened in a window: on macOS always; elsewhere
/// when an X or Wayland display is set (an SSH session has none, unless
/// it forwards X).
pub fn graphical_session() -> bool {
    let set = |v: &str| std::env::var_os(v).is_some_and(|x| !x.is_empty());
    cfg!(target_os = "macos") || set("DISPLAY") || set("WAYLAND_DISPLAY")
}

/// The system's opener, when the config names none.
pub fn default_opener() -> &'static str {
    if cfg!(target_os = "macos") { "open" } else { "xdg-open" }
}

/// The documents of what `node` shows, in the order the reader lists them,
/// each with its heading there.
pub fn entries(d: &Data, node: Node) -> Vec<Entry> {
    let mut out = Vec::new();
    for r in d.records_of(node) {
        let list = doctext::record_documents(&d.archive, r);
        for (i, dok) in list.iter().enumerate() {
            let label = doctext::heading(dok, i, list);
            out.push(Entry { label, dokument: dok.clone() });
        }
    }
    out
}

/// The document's web link, if one of its URLs is one.
pub fn web_url(d: &Dokument) -> Option<WebUrl> {
    WebUrl::parse(&d.url.to_string()).or_else(|| WebUrl::parse(&d.download_url.to_string()))
}

impl App {
    /// Has the texts of the shown record's documents read, for the reader
    /// to show after the record's own; a worker still reading those of a
    /// record shown before stops at its next document.
    pub(super) fn want_document_texts(&mut self) {
        let generation = self.docs.wanted.fetch_add(1, Ordering::Relaxed) + 1;
        self.docs.texts_pending = false;
        let (Some(d), Some(node)) = (&self.data, self.reader.node) else { return };
        if self.reader.custom {
            return;
        }
        // Only those without the server's text (the reader shows that)
        // whose file the sync logged: no disk is touched here.
        let todo: Vec<Entry> = entries(d, node)
            .into_iter()
            .filter(|e| e.dokument.text.is_empty() && self.docs.library.listed(&e.dokument))
            .collect();
        if todo.is_empty() {
            return;
        }
        let job = TextJob {
            todo,
            library: self.docs.library.clone(),
            extractor: self.docs.extractor.clone(),
            wanted: self.docs.wanted.clone(),
            generation,
            node,
            tx: self.tx.clone(),
        };
        if std::thread::Builder::new().name("doctext".into()).spawn(s::carry(move || job.run())).is_ok() {
            self.docs.texts_pending = true;
        }
    }

    /// What a worker of the documents sent.
    pub(super) fn documents_event(&mut self, event: Event) {
        match event {
            Event::Texts { generation, node, blocks, done } => {
                if generation != self.docs.wanted.load(Ordering::Relaxed) {
                    return;
                }
                if done {
                    self.docs.texts_pending = false;
                }
                let (w, h) = (self.panes.reader_text_width(), self.panes.reader_height());
                self.reader.set_appendix(node, blocks, w, h);
                // A full-text hit in these texts: the reader goes to it now.
                if let Some((at, section)) = self.pending_hit.take()
                    && at == node
                    && !self.reader_to_hit(&section)
                    && !done
                {
                    self.pending_hit = Some((at, section));
                }
            }
            Event::Opened { message, link } => {
                self.docs.opening = false;
                if let Some(m) = message {
                    self.message = Some(m);
                }
                if link.is_some() {
                    self.docs.link = link;
                }
            }
        }
    }

    /// `o`: opens a document of the current record. With one, that one;
    /// in the reader, the one whose text is at the top of the pane; in the
    /// tree, the main document; else the menu of them.
    pub(super) fn open_document(&mut self) {
        let (Some(d), Some(node)) = (&self.data, self.current()) else {
            return self.message = Some(s::KEINE_DOKUMENTE.into());
        };
        let entries = entries(d, node);
        if entries.is_empty() {
            return self.message = Some(s::KEINE_DOKUMENTE.into());
        }
        let main = entries.iter().position(|e| e.dokument.rolle == Rolle::Hauptdokument);
        let direct = if entries.len() == 1 {
            Some(0)
        } else if self.focus == Pane::Reader && self.reader.node == Some(node) {
            self.section_in_view(&entries)
        } else {
            main
        };
        match direct {
            Some(i) => self.open_entry(entries[i].clone()),
            None => self.docs.menu = Some(OpenMenu::new(entries, main.unwrap_or(0))),
        }
    }

    /// The document whose text section (its heading and its text) covers
    /// the top line of the reader.
    fn section_in_view(&self, entries: &[Entry]) -> Option<usize> {
        let r = &self.reader;
        let top = r.scroll;
        let starts = &r.layout.block_lines;
        // Per entry, the lines of its section, where it has one.
        let sections: Vec<Option<(usize, usize)>> = entries
            .iter()
            .map(|e| {
                let b = r.doc.blocks.iter().position(
                    |b| matches!(b, Block::Heading(h) if h.trim_end().trim_end_matches(':') == e.label),
                )?;
                let start = *starts.get(b)?;
                // Heading and text: up to the next block, or on.
                Some((start, starts.get(b + 2).copied().unwrap_or(usize::MAX)))
            })
            .collect();
        sections.iter().position(|s| s.is_some_and(|(a, b)| a <= top && top < b))
    }

    /// The menu's keys.
    pub(super) fn documents_action(&mut self, action: Action) {
        if let Some(m) = &mut self.docs.menu {
            let outcome = m.act(action);
            return self.menu_outcome(outcome);
        }
        let Some(link) = self.docs.link.take() else { return };
        if let (Action::Open | Action::Copy, Some(url)) = (action, &link.url) {
            match clipboard::osc52(url.as_str()) {
                Some(seq) => {
                    self.requests.push(Request::Osc52(seq));
                    self.message = Some(s::kopiert(s::KOPIE_LINK));
                }
                None => self.message = Some(s::ZU_LANG_ZUM_KOPIEREN.into()),
            }
        }
    }

    /// A digit in the menu picks its line.
    pub(super) fn documents_digit(&mut self, c: char) {
        if let Some(m) = &self.docs.menu {
            let outcome = m.digit(c);
            self.menu_outcome(outcome);
        }
    }

    fn menu_outcome(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::Stay => {}
            Outcome::Close => self.docs.menu = None,
            Outcome::Open(e) => {
                self.docs.menu = None;
                self.open_entry(e);
            }
        }
    }

    /// Opens `e` on a worker: its file in the archive, or its web link,
    /// with the opener where a graphical session is; else its link shown.
    fn open_entry(&mut self, e: Entry) {
        let job = OpenJob {
            entry: e,
            library: self.docs.library.clone(),
            graphical: self.docs.graphical,
            opener: self.config.opener.clone().unwrap_or_else(|| default_opener().to_owned()),
            tx: self.tx.clone(),
        };
        if std::thread::Builder::new().name("open".into()).spawn(s::carry(move || job.run())).is_ok() {
            self.docs.opening = true;
        }
    }
}

/// Reading the texts of one record's documents.
struct TextJob {
    todo: Vec<Entry>,
    library: Arc<Library>,
    extractor: Option<Extractor>,
    wanted: Arc<AtomicU64>,
    generation: u64,
    node: Node,
    tx: Sender<Msg>,
}

/// A document's text as far as it is known: None while it is extracted.
type Part = (String, Option<Result<String, Note>>);

impl TextJob {
    fn run(self) {
        // First what is there without extracting: the cached texts, and
        // the notes of PDFs that could not be read before.
        let mut parts: Vec<(usize, Part)> = Vec::new();
        for (i, e) in self.todo.iter().enumerate() {
            let d = &e.dokument;
            let known = match self.library.readable(d) {
                Readable::Server | Readable::No => continue,
                Readable::Cached => self.library.cached(d),
                Readable::Unreadable(note) => Some(Err(note)),
                Readable::Extract => None,
            };
            parts.push((i, (e.label.clone(), known)));
        }
        let waiting: Vec<usize> = (0..parts.len()).filter(|&k| parts[k].1.1.is_none()).collect();
        if !self.send(&parts, waiting.is_empty()) {
            return;
        }
        for (n, &k) in waiting.iter().enumerate() {
            // The record is no longer shown: its other PDFs wait for the
            // next time it is.
            if self.wanted.load(Ordering::Relaxed) != self.generation {
                return;
            }
            let d = &self.todo[parts[k].0].dokument;
            let text = match &self.extractor {
                Some(ex) => self.library.text(d, ex),
                None => self.library.cached(d).unwrap_or_else(|| Err(Note(s::KEIN_PDF_LESER.into()))),
            };
            parts[k].1.1 = Some(text);
            if !self.send(&parts, n + 1 == waiting.len()) {
                return;
            }
        }
    }

    /// Sends the blocks as far as read; false when the UI is gone.
    fn send(&self, parts: &[(usize, Part)], done: bool) -> bool {
        let blocks = blocks(parts.iter().map(|(_, p)| p));
        let event = Event::Texts { generation: self.generation, node: self.node, blocks, done };
        self.tx.send(Msg::Docs(Box::new(event))).is_ok()
    }
}

/// Headed blocks of the texts, as the reader shows a Sachverhalt.
fn blocks<'a>(parts: impl Iterator<Item = &'a Part>) -> Vec<Block> {
    let mut out = Vec::new();
    for (heading, text) in parts {
        out.push(Block::Heading(heading.clone()));
        out.push(match text {
            None => Block::Note(s::TEXT_WIRD_GELESEN.into()),
            Some(Ok(t)) if t.trim().is_empty() => Block::Note(s::DOKUMENT_OHNE_TEXT.into()),
            Some(Ok(t)) => Block::Text(t.clone()),
            Some(Err(note)) => Block::Note(note.0.clone()),
        });
    }
    out
}

/// Opening one document.
struct OpenJob {
    entry: Entry,
    library: Arc<Library>,
    graphical: bool,
    opener: String,
    tx: Sender<Msg>,
}

impl OpenJob {
    fn run(self) {
        let d = &self.entry.dokument;
        let url = web_url(d);
        let file = self.library.file_in_archive(d);
        let label = self.entry.label.clone();
        let shown = |url, file: Option<&std::path::Path>| LinkView {
            label: label.clone(),
            url,
            file: file.map(crate::text::display_name),
        };
        let event = if !self.graphical {
            Event::Opened { message: None, link: Some(shown(url, file.as_deref())) }
        } else {
            // Only these two kinds of argument: a path inside the archive
            // (absolute: it cannot pass for an option) or a checked URL.
            let target: Option<OsString> = file
                .as_ref()
                .map(|p| p.as_os_str().to_owned())
                .or_else(|| url.as_ref().map(|u| u.as_str().into()));
            match target {
                None => Event::Opened { message: None, link: Some(shown(None, None)) },
                Some(t) => match spawn_opener(&self.opener, &t, &label, &self.tx) {
                    Ok(()) => Event::Opened { message: Some(s::geoeffnet(&label)), link: None },
                    Err(e) => Event::Opened {
                        message: Some(s::nicht_geoeffnet(&label, &s::io_message(&e))),
                        link: Some(shown(url, file.as_deref())),
                    },
                },
            }
        };
        let _ = self.tx.send(Msg::Docs(Box::new(event)));
    }
}

/// Starts `opener` (a program, perhaps with arguments, split at blanks) on
/// `target`, detached: its own session, no terminal, standard streams to
/// /dev/null, so that it can neither read the keys nor write into the
/// screen, and a thread that waits for it. Whether it fails soon is told.
fn spawn_opener(opener: &str, target: &OsString, label: &str, tx: &Sender<Msg>) -> std::io::Result<()> {
    use std::os::unix::process::CommandExt;
    use std::process::{Command, Stdio};
    let mut words = opener.split_whitespace();
    let program = words.next().unwrap_or(default_opener());
    let mut cmd = Command::new(program);
    cmd.args(words).arg(target).stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null());
    // SAFETY: setsid is async-signal-safe and allocates nothing.
    unsafe {
        cmd.pre_exec(|| {
            if libc::setsid() < 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
    let mut child = cmd.spawn()?;
    let (tx, label, started) = (tx.clone(), label.to_owned(), Instant::now());
    std::thread::Builder::new().name("opener".into()).spawn(s::carry(move || {
        if let Ok(status) = child.wait()
            && !status.success()
            && started.elapsed() < OPENER_REPORT
        {
            let why = s::opener_status(status.code());
            let event = Event::Opened { message: Some(s::nicht_geoeffnet(&label, &why)), link: None };
            let _ = tx.send(Msg::Docs(Box::new(event)));
        }
    }))?;
    Ok(())
}
