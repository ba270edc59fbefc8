//! A harness that drives the UI state without a terminal: key presses go
//! through `App::update` as the event loop sends them, background search
//! results are waited for after every key, and screens are rendered with
//! ratatui's `TestBackend`.

#![allow(dead_code)]

use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratsinfo::archive::Archive;
use ratsinfo::links::Backlinks;
use ratsinfo::load::parse_bytes;
use ratsinfo::model::Date;
use ratsinfo::open::Data;
use ratsinfo::pipeline::{Progress, load_builtin, load_paths};
use ratsinfo::ui::app::{App, Msg};
use ratsinfo::ui::view;
use unicode_width::UnicodeWidthStr;

pub struct Harness {
    pub app: App,
    rx: Receiver<Msg>,
}

impl Harness {
    /// The app with `archive` loaded, in a `w`×`h` terminal.
    pub fn with_archive(archive: Archive, w: u16, h: u16) -> Harness {
        Harness::with_archive_on(archive, w, h, None)
    }

    /// As [`Harness::with_archive`], on the day `today` (else the clock's):
    /// after loading, the references arrive as the loader sends them.
    pub fn with_archive_on(archive: Archive, w: u16, h: u16, today: Option<Date>) -> Harness {
        Harness::with_setup(archive, w, h, |app| {
            if let Some(today) = today {
                app.today = today;
            }
        })
    }

    /// The app set up by `setup` (its state, config, export directory)
    /// before the archive arrives, as the event loop does.
    pub fn with_setup(archive: Archive, w: u16, h: u16, setup: impl FnOnce(&mut App)) -> Harness {
        let (tx, rx) = channel();
        let progress = Arc::new(Progress::default());
        let mut app = App::new(progress, tx, Rect::new(0, 0, w, h));
        setup(&mut app);
        let data = Data::new(archive);
        let backlinks = Arc::new(Backlinks::build(&data.archive));
        app.update(Msg::Loaded(Box::new(data)));
        app.update(Msg::Backlinks(backlinks));
        let mut h = Harness { app, rx };
        h.pump();
        h
    }

    /// The Herne sample on the day `today`.
    pub fn sample_on(w: u16, h: u16, today: Date) -> Harness {
        let herne = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/herne.json");
        let progress = Arc::new(Progress::default());
        Harness::with_archive_on(load_paths(&[herne], &progress), w, h, Some(today))
    }

    /// The app with the Herne part of the sample (one Körperschaft, so the
    /// Gremien are the top level).
    pub fn sample(w: u16, h: u16) -> Harness {
        let herne = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/herne.json");
        let progress = Arc::new(Progress::default());
        Harness::with_archive(load_paths(&[herne], &progress), w, h)
    }

    /// The app with the whole built-in sample (Herne and Karlsruhe).
    pub fn builtin(w: u16, h: u16) -> Harness {
        let progress = Arc::new(Progress::default());
        Harness::with_archive(load_builtin(&progress), w, h)
    }

    /// The app with one export file given as JSON text.
    pub fn json(json: &str, w: u16, h: u16) -> Harness {
        Harness::with_archive(archive_from_json(json), w, h)
    }

    /// Waits (bounded) until the newest query's results have arrived, and
    /// gives the app the idle time the event loop would (background layout).
    pub fn pump(&mut self) {
        let start = std::time::Instant::now();
        while self.app.search_pending() || self.app.reading_pending() {
            match self.rx.recv_timeout(Duration::from_millis(50)) {
                Ok(msg) => self.app.update(msg),
                // The reader notices a file that takes too long on a tick.
                Err(_) if start.elapsed() < Duration::from_secs(10) => self.app.update(Msg::Tick),
                Err(e) => panic!("no search result or text within 10 s: {e}"),
            }
        }
        while self.app.busy() {
            self.app.update(Msg::Tick);
        }
    }

    /// Handles what arrives within `d`, without waiting for pending work
    /// to end (a worker that takes its time).
    pub fn pump_for(&mut self, d: Duration) {
        let end = std::time::Instant::now() + d;
        while let Some(left) = end.checked_duration_since(std::time::Instant::now()) {
            match self.rx.recv_timeout(left) {
                Ok(msg) => self.app.update(msg),
                Err(_) => break,
            }
        }
    }

    pub fn key(&mut self, key: KeyEvent) -> &mut Self {
        self.app.update(Msg::Input(Event::Key(key)));
        self.pump();
        self
    }

    /// Presses the keys of `spec`: tokens separated by blanks. A token is a
    /// key name (`Enter`, `Esc`, `Tab`, `BackTab`, `Up`, `Down`, `Left`,
    /// `Right`, `PageUp`, `PageDown`, `Home`, `End`, `Backspace`, `Space`,
    /// `F1`), `C-x` for Ctrl-x, or text, whose chars are typed one by one.
    pub fn press(&mut self, spec: &str) -> &mut Self {
        for token in spec.split(' ').filter(|t| !t.is_empty()) {
            for key in parse_token(token) {
                self.key(key);
            }
        }
        self
    }

    /// Types `text` char by char, blanks included.
    pub fn type_text(&mut self, text: &str) -> &mut Self {
        for c in text.chars() {
            self.key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
        }
        self
    }

    pub fn resize(&mut self, w: u16, h: u16) -> &mut Self {
        self.app.update(Msg::Input(Event::Resize(w, h)));
        self.pump();
        self
    }

    /// Draws the app into a `TestBackend` of the app's size.
    pub fn buffer(&self) -> Buffer {
        let size = self.app.panes.size;
        let mut terminal = Terminal::new(TestBackend::new(size.width, size.height)).expect("test terminal");
        terminal.draw(|f| view::draw(&self.app, f)).expect("drawing");
        terminal.backend().buffer().clone()
    }

    /// The screen as text, one line per row, without trailing blanks.
    pub fn screen(&self) -> String {
        screen_text(&self.buffer())
    }

    pub fn lines(&self) -> Vec<String> {
        self.screen().lines().map(str::to_owned).collect()
    }

    /// The rows of `area` as text (e.g. `app.panes.tree`), trailing blanks cut.
    pub fn area_lines(&self, area: Rect) -> Vec<String> {
        let buf = self.buffer();
        let area = area.intersection(buf.area);
        (area.top()..area.bottom())
            .map(|y| {
                let mut line = String::new();
                let mut skip = 0usize;
                for x in area.left()..area.right() {
                    let sym = buf[(x, y)].symbol();
                    if skip == 0 {
                        line.push_str(sym);
                    }
                    skip = skip.max(sym.width()).saturating_sub(1);
                }
                line.trim_end().to_owned()
            })
            .collect()
    }

    /// The tree pane's rows.
    pub fn tree_lines(&self) -> Vec<String> {
        self.area_lines(self.app.panes.tree)
    }

    /// The reader pane's rows.
    pub fn reader_lines(&self) -> Vec<String> {
        self.area_lines(self.app.panes.reader)
    }
}

/// A buffer as text: cells hidden by a wide symbol are skipped.
pub fn screen_text(buf: &Buffer) -> String {
    let width = usize::from(buf.area.width);
    let mut out = String::new();
    if width == 0 {
        return out;
    }
    for row in buf.content.chunks(width) {
        let mut line = String::new();
        let mut skip = 0usize;
        for cell in row {
            let sym = cell.symbol();
            if skip == 0 {
                line.push_str(sym);
            }
            skip = skip.max(sym.width()).saturating_sub(1);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn parse_token(token: &str) -> Vec<KeyEvent> {
    let plain = |code| vec![KeyEvent::new(code, KeyModifiers::NONE)];
    match token {
        "Enter" => plain(KeyCode::Enter),
        "Esc" => plain(KeyCode::Esc),
        "Tab" => plain(KeyCode::Tab),
        "BackTab" => vec![KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT)],
        "Up" => plain(KeyCode::Up),
        "Down" => plain(KeyCode::Down),
        "Left" => plain(KeyCode::Left),
        "Right" => plain(KeyCode::Right),
        "PageUp" => plain(KeyCode::PageUp),
        "PageDown" => plain(KeyCode::PageDown),
        "Home" => plain(KeyCode::Home),
        "End" => plain(KeyCode::End),
        "Backspace" => plain(KeyCode::Backspace),
        "Space" => plain(KeyCode::Char(' ')),
        "F1" => plain(KeyCode::F(1)),
        _ => {
            if let Some(c) = token.strip_prefix("C-").filter(|r| r.chars().count() == 1) {
                let c = c.chars().next().unwrap_or(' ');
                return vec![KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)];
            }
            token
                .chars()
                .map(|c| {
                    // Terminals report upper-case letters with Shift held.
                    let m = if c.is_uppercase() { KeyModifiers::SHIFT } else { KeyModifiers::NONE };
                    KeyEvent::new(KeyCode::Char(c), m)
                })
                .collect()
        }
    }
}

/// An archive built from one export file given as JSON text.
pub fn archive_from_json(json: &str) -> Archive {
    let batch = parse_bytes("test.json", json.as_bytes());
    assert!(batch.problems.is_empty(), "test data should load without problems: {:?}", batch.problems);
    ratsinfo::pipeline::finish(vec![batch], Vec::new())
}

/// An export file of `vorlagen` and `auszuege` (JSON arrays' contents).
pub fn export(vorlagen: &str, auszuege: &str) -> String {
    format!(
        r#"{{"format": "ratsinfo-export/1", "koerperschaft": "Stadt Test",
            "vorlagen": [{vorlagen}], "auszuege": [{auszuege}]}}"#
    )
}

/// A unique, empty temporary directory, removed when dropped.
pub struct TempDir(pub std::path::PathBuf);

impl TempDir {
    pub fn new(test: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("ratsinfo-test-{}-{test}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("creating a temp dir");
        TempDir(dir)
    }

    pub fn path(&self) -> &std::path::Path {
        &self.0
    }

    /// Writes `content` to `name` (with parent directories) below the dir.
    pub fn write(&self, name: &str, content: impl AsRef<[u8]>) -> std::path::PathBuf {
        let path = self.0.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("creating a directory");
        }
        std::fs::write(&path, content).expect("writing a test file");
        path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
