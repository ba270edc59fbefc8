//! The terminal UI: setup and restore, the event loop, and the threads that
//! feed it (input, loading, search, signals).

pub mod app;
pub mod clipboard;
pub mod documents;
pub mod hyperlink;
pub mod keys;
pub mod list;
mod mouse;
pub mod overlay;
pub mod panes;
mod personal;
pub mod term;
pub mod textsearch;
pub mod view;
pub mod views;

use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{RecvTimeoutError, Sender, channel};
use std::time::Duration;

use ratatui::crossterm::event;
use ratatui::layout::Rect;

use std::io::Write;

use self::app::{App, Msg, Request};
use self::term::Term;
use crate::fulltext::FullText;
use crate::links::Backlinks;
use crate::open::Data;
use crate::pipeline::{Progress, Source};
use crate::state::State;

/// How long a signal waits for the event loop to end the program, before
/// the signal thread ends it: well inside the second a user (or a session
/// manager) waits.
const SIGNAL_GRACE: Duration = Duration::from_millis(600);

/// How often the screen refreshes while loading (progress line).
const LOADING_TICK: Duration = Duration::from_millis(100);

/// Runs the UI until the user quits, the terminal goes away, or a signal
/// (SIGTERM, SIGHUP, SIGINT, SIGQUIT) asks us to stop. The terminal is
/// restored on every way out, a panic included (see [`term`]). A terminal
/// that went away ends the UI as quitting does.
pub fn run(source: Source) -> io::Result<()> {
    term::check_terminal()?;
    // The user's config and personal state: from their directories, or
    // the defaults and a state that lives until the end when there are
    // none (no HOME).
    let dirs = crate::dirs::Dirs::from_env();
    let config = match &dirs {
        Some(d) => crate::config::Config::load(d),
        None => crate::config::Loaded { config: crate::config::Config::default(), problems: Vec::new() },
    };
    let state = dirs.as_ref().map_or_else(State::in_memory, State::open);
    term::set_mouse(config.config.mouse);
    let mut terminal = term::init()?;
    let result = event_loop(&mut terminal, source, config, state);
    term::restore();
    match result {
        Err(e) if term::is_gone(&e) => Ok(()),
        other => other,
    }
}

fn event_loop(
    terminal: &mut Term,
    source: Source,
    config: crate::config::Loaded,
    state: State,
) -> io::Result<()> {
    let (tx, rx) = channel();
    let progress = Arc::new(Progress::default());
    spawn_loader(source, progress.clone(), state, tx.clone());
    spawn_input(tx.clone());
    // Set by a signal: checked between messages, so that a stop is not
    // queued behind a burst of input.
    let stop = Arc::new(AtomicBool::new(false));
    spawn_signals(tx.clone(), stop.clone())?;
    let size = terminal.size()?;
    let mut app = App::new(progress.clone(), tx, Rect::new(0, 0, size.width, size.height));
    app.configure(config);
    app.external_editor = external_editor();
    app.export_dir = std::env::current_dir().unwrap_or_else(|_| ".".into());
    app.docs.extractor = crate::doctext::Extractor::current().ok();
    app.docs.graphical = documents::graphical_session();
    // The hyperlink written over the last frame, and the size it was
    // written at: written again only when it changed or the screen was
    // drawn anew.
    let mut hyperlink: Option<Hyperlink> = None;
    loop {
        let size = terminal.size()?;
        if Rect::new(0, 0, size.width, size.height) != app.panes.size {
            app.resize(Rect::new(0, 0, size.width, size.height));
        }
        let area = terminal.draw(|f| view::draw(&app, f))?.area;
        write_hyperlink(terminal, &app, area, &mut hyperlink);
        panic_if_asked();
        // While loading, and while the reader waits for a file: ticks, to
        // show progress and to notice a file that does not answer.
        let timeout = if app.data.is_none() || app.reading_pending() || app.fulltext_pending() {
            LOADING_TICK
        } else if app.busy() {
            Duration::ZERO
        } else {
            // A read mark falls due then.
            app.next_deadline().unwrap_or(Duration::from_secs(3600))
        };
        match rx.recv_timeout(timeout) {
            Ok(msg) => app.update(msg),
            Err(RecvTimeoutError::Timeout) => app.update(Msg::Tick),
            Err(RecvTimeoutError::Disconnected) => break,
        }
        // Handle what else queued up before drawing again: a burst of keys
        // or a paste costs one frame, not one per key.
        while !app.quit
            && !stop.load(Ordering::Relaxed)
            && let Ok(msg) = rx.try_recv()
        {
            app.update(msg);
        }
        if app.quit || stop.load(Ordering::Relaxed) {
            break;
        }
        if app.suspend {
            app.suspend = false;
            suspend(terminal)?;
            hyperlink = None;
        }
        for request in std::mem::take(&mut app.requests) {
            match request {
                Request::Osc52(seq) => {
                    // Written between frames, like the frame itself.
                    let out = terminal.backend_mut();
                    let _ = out.write_all(seq.as_bytes()).and_then(|()| out.flush());
                }
                Request::EditNote { node, text } => {
                    hyperlink = None;
                    let editor = app.external_editor.clone().unwrap_or_default();
                    match edit_externally(terminal, &editor, &text) {
                        Ok(Some(written)) => app.note_written(node, &written),
                        Ok(None) => {}
                        Err(e) => {
                            app.message = Some(crate::strings::editor_fehler(&crate::strings::io_message(&e)))
                        }
                    }
                }
            }
        }
    }
    progress.cancel.store(true, Ordering::Relaxed);
    if let Some(p) = &app.fulltext_progress {
        // A build not finished is left unmade, not half made.
        p.cancel.store(true, Ordering::Relaxed);
    }
    Ok(())
}

fn spawn_loader(source: Source, progress: Arc<Progress>, mut state: State, tx: Sender<Msg>) {
    std::thread::Builder::new()
        .name("load".into())
        .spawn(crate::strings::carry(move || {
            let archive = source.load(&progress);
            if progress.cancel.load(Ordering::Relaxed) {
                return;
            }
            // Which documents were downloaded: the sync logs beside the
            // files, read here and not on the UI thread.
            let library = Arc::new(crate::doctext::Library::for_source(&source));
            if tx.send(Msg::Library(library.clone())).is_err() {
                return;
            }
            let data = Data::new(archive);
            // The marks and notes resolved against the records here, not
            // on the UI thread; before the data, so that the first frame
            // with records shows them.
            state.attach(&data);
            let archive = data.archive.clone();
            if tx.send(Msg::State(Box::new(state))).is_err() || tx.send(Msg::Loaded(Box::new(data))).is_err()
            {
                return;
            }
            spawn_fulltext(&source, &archive, library, &tx);
            // The references between records read every text: the archive
            // is browsable meanwhile, and the reader adds them when they
            // come.
            let _ = tx.send(Msg::Backlinks(Arc::new(Backlinks::build(&archive))));
        }))
        .expect("spawning the loader thread");
}

/// Opens the full-text index, or builds it the first time (a minute or so
/// for a big city), on threads of their own: the archive is browsable and
/// the title search works meanwhile; the status line shows the progress.
fn spawn_fulltext(
    source: &Source,
    archive: &Arc<crate::archive::Archive>,
    library: Arc<crate::doctext::Library>,
    tx: &Sender<Msg>,
) {
    let (progress, handle) =
        FullText::spawn(source.clone(), archive.clone(), library, crate::fulltext::Options::default());
    let _ = tx.send(Msg::FullTextProgress(progress));
    let tx = tx.clone();
    // Waits for it apart from the loader, which goes on to the backlinks.
    let _ = std::thread::Builder::new().name("volltext-warten".into()).spawn(move || {
        let outcome = match handle.join() {
            Ok(Ok(ft)) => Ok(Arc::new(ft)),
            Ok(Err(why)) => Err(why),
            Err(_) => Err(crate::strings::VOLLTEXT_ABGEBROCHEN.to_owned()),
        };
        let _ = tx.send(Msg::FullText(outcome));
    });
}

/// A hyperlink as written over a frame: the frame's size and the link's
/// rows.
type Hyperlink = (Rect, Vec<views::documents::LinkCell>);

/// Writes the link overlay's hyperlink (OSC 8) over the characters the
/// frame just drew for it, when it is new or the screen was drawn anew (a
/// resize); `last` remembers what was written. The URL in it has been
/// through [`hyperlink::WebUrl::parse`]: nothing from the data goes to the
/// terminal unchecked.
fn write_hyperlink(terminal: &mut term::Term, app: &App, area: Rect, last: &mut Option<Hyperlink>) {
    let Some((url, cells)) = views::documents::link_cells(app) else {
        *last = None;
        return;
    };
    let now = Some((area, cells));
    if *last == now {
        return;
    }
    let seq: String =
        now.iter().flat_map(|(_, c)| c).map(|c| hyperlink::osc8_at(&url, c.x, c.y, &c.text)).collect();
    let out = terminal.backend_mut();
    let _ = out.write_all(seq.as_bytes()).and_then(|()| out.flush());
    *last = now;
}

/// Reads terminal events. A failing read means the terminal is gone (an SSH
/// session dropped): quit instead of spinning.
fn spawn_input(tx: Sender<Msg>) {
    std::thread::Builder::new()
        .name("input".into())
        .spawn(move || {
            loop {
                let msg = event::read().map_or(Msg::Quit, Msg::Input);
                let quit = matches!(msg, Msg::Quit);
                if tx.send(msg).is_err() || quit {
                    return;
                }
            }
        })
        .expect("spawning the input thread");
}

fn spawn_signals(tx: Sender<Msg>, stop: Arc<AtomicBool>) -> io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT, SIGQUIT])?;
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            if signals.forever().next().is_some() {
                stop.store(true, Ordering::Relaxed);
                // Wakes the loop when it waits.
                let _ = tx.send(Msg::Quit);
                // The loop stops between two messages; one that takes long
                // (laying out a huge text at once) must not hold the stop
                // back. If the process is still here after this, the
                // terminal is given back and the process ends from here.
                std::thread::sleep(SIGNAL_GRACE);
                term::restore();
                std::process::exit(0);
            }
        })
        .expect("spawning the signal thread");
    Ok(())
}

/// `$VISUAL`, else `$EDITOR`, when set and not empty.
fn external_editor() -> Option<String> {
    ["VISUAL", "EDITOR"].into_iter().find_map(|v| std::env::var(v).ok().filter(|e| !e.trim().is_empty()))
}

/// Writes `text` to a temporary file, gives the terminal to `editor` on
/// it (as yazi does: the UI's screen is left, the editor has the terminal
/// to itself, and everything is redrawn after), and returns what the file
/// holds then; None when the editor failed or the text did not change.
/// `editor` may carry arguments (`code -w`), split at blanks.
fn edit_externally(terminal: &mut Term, editor: &str, text: &str) -> io::Result<Option<String>> {
    let dir = std::env::temp_dir();
    let path = dir.join(format!("ratsinfo-notiz-{}.md", std::process::id()));
    crate::files::write_atomic(&path, text.as_bytes())?;
    let mut words = editor.split_whitespace();
    let program = words.next().unwrap_or("vi");
    term::restore();
    let status = std::process::Command::new(program).args(words).arg(&path).status();
    let taken = term::take();
    terminal.swap_buffers();
    terminal.swap_buffers();
    taken?;
    let written = std::fs::read_to_string(&path);
    let _ = std::fs::remove_file(&path);
    match status {
        Ok(s) if s.success() => {
            let written = written?;
            Ok((written != text).then_some(written))
        }
        Ok(_) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Ctrl-z: give the terminal back, stop, and redraw everything on resume.
fn suspend(terminal: &mut Term) -> io::Result<()> {
    term::restore();
    signal_hook::low_level::raise(signal_hook::consts::SIGTSTP)?;
    term::take()?;
    // Force a full redraw without `Terminal::clear`, which asks the terminal
    // for the cursor position and stalls where no answer comes: swapping
    // twice leaves both the current and the previous buffer blank.
    terminal.swap_buffers();
    terminal.swap_buffers();
    Ok(())
}

/// Lets the end-to-end tests prove that a panic restores the terminal
/// (tests/terminal.rs); there is no other way to make the real binary panic.
fn panic_if_asked() {
    if std::env::var_os("RATSINFO_TEST_PANIC").is_some() {
        panic!("RATSINFO_TEST_PANIC is set");
    }
}
