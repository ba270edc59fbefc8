//! Taking the terminal over and giving it back.
//!
//! A closed terminal (an SSH connection that dropped) is a normal way for
//! the UI to end, so giving the terminal back must not fail on it: every
//! write of the way out ignores errors, and nothing on that way prints with
//! `eprintln!`, which panics when it cannot write. ratatui's own `restore`
//! and the `Drop` of its `Terminal` do print, and a panic inside the panic
//! hook aborts the process; so the terminal is set up and restored here,
//! and the terminal's writes go through [`Out`], which goes quiet once the
//! terminal is given back.

use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Once, OnceLock};

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::{cursor, event, execute, terminal};

/// Set while the terminal is given back (on the way out, or stopped by
/// Ctrl-z): what ratatui still writes then is dropped.
static RELEASED: AtomicBool = AtomicBool::new(true);

/// Standard output while the UI owns the terminal; a sink after that.
pub struct Out(io::Stdout);

impl Write for Out {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if RELEASED.load(Ordering::Relaxed) { Ok(buf.len()) } else { self.0.write(buf) }
    }

    fn flush(&mut self) -> io::Result<()> {
        if RELEASED.load(Ordering::Relaxed) { Ok(()) } else { self.0.flush() }
    }
}

pub type Term = Terminal<CrosstermBackend<Out>>;

/// Whether the UI takes the mouse (config `mouse`): set before [`init`].
static MOUSE: AtomicBool = AtomicBool::new(false);

/// Whether [`take`] asks the terminal for mouse events.
pub fn set_mouse(on: bool) {
    MOUSE.store(on, Ordering::Relaxed);
}

/// The terminal's settings before raw mode, for [`on_abort`].
static SAVED: OnceLock<libc::termios> = OnceLock::new();

/// Raw mode and the alternate screen; a panic restores the terminal before
/// its message is printed, and so does an abort.
pub fn init() -> io::Result<Term> {
    static HOOKS: Once = Once::new();
    HOOKS.call_once(|| {
        let hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            // std's hook ignores a failing standard error.
            hook(info);
        }));
        // SAFETY: tcgetattr writes a termios into the given place, and is
        // only trusted when it says so. The handler is async-signal-safe.
        unsafe {
            let mut t = std::mem::MaybeUninit::<libc::termios>::uninit();
            if libc::isatty(0) == 1 && libc::tcgetattr(0, t.as_mut_ptr()) == 0 {
                let _ = SAVED.set(t.assume_init());
            }
            let _ = signal_hook::low_level::register(signal_hook::consts::SIGABRT, on_abort);
        }
    });
    take()?;
    Terminal::new(CrosstermBackend::new(Out(io::stdout())))
}

/// Takes the terminal (again, after Ctrl-z): raw mode, alternate screen,
/// bracketed paste.
pub fn take() -> io::Result<()> {
    terminal::enable_raw_mode()?;
    RELEASED.store(false, Ordering::Relaxed);
    // Bracketed paste: a paste arrives as one event, not as a key per char.
    let taken = execute!(
        io::stdout(),
        terminal::EnterAlternateScreen,
        terminal::Clear(terminal::ClearType::All),
        event::EnableBracketedPaste
    );
    let taken = taken.and_then(|()| {
        if MOUSE.load(Ordering::Relaxed) { execute!(io::stdout(), event::EnableMouseCapture) } else { Ok(()) }
    });
    if let Err(e) = taken {
        restore();
        return Err(e);
    }
    Ok(())
}

/// Gives the terminal back. Each step is tried whatever the others did,
/// and none can fail: there is nobody left to tell.
pub fn restore() {
    if RELEASED.swap(true, Ordering::Relaxed) {
        return;
    }
    let _ = terminal::disable_raw_mode();
    let _ = execute!(
        io::stdout(),
        event::DisableMouseCapture,
        event::DisableBracketedPaste,
        terminal::LeaveAlternateScreen,
        cursor::Show
    );
}

/// An abort (the allocator's answer to memory it cannot have, among
/// others) runs no panic hook and no destructor: without this, the shell
/// would be left in raw mode and the alternate screen. Only
/// async-signal-safe calls: write(2), tcsetattr(3), and signal-hook's
/// re-raise, so that the process still ends by SIGABRT as it would have.
fn on_abort() {
    if !RELEASED.swap(true, Ordering::Relaxed) {
        // Mouse reporting off (the modes crossterm turns on), bracketed
        // paste off, the main screen, the cursor.
        const RESET: &[u8] =
            b"\x1b[?1006l\x1b[?1015l\x1b[?1003l\x1b[?1002l\x1b[?1000l\x1b[?2004l\x1b[?1049l\x1b[?25h";
        // SAFETY: plain writes of a static buffer and a saved termios.
        unsafe {
            libc::write(1, RESET.as_ptr().cast(), RESET.len());
            if let Some(t) = SAVED.get() {
                libc::tcsetattr(0, libc::TCSANOW, t);
            }
        }
    }
    let _ = signal_hook::low_level::emulate_default_handler(signal_hook::consts::SIGABRT);
}

/// The UI draws on standard output and reads keys from the terminal: with
/// output redirected to a file it drew into the file (and left the
/// terminal raw), and without a terminal at all the error was "No such
/// device or address". Both are now [`NoTerminal`], said in German.
pub fn check_terminal() -> io::Result<()> {
    use std::io::IsTerminal;
    if io::stdout().is_terminal() && std::fs::File::open("/dev/tty").is_ok() {
        Ok(())
    } else {
        Err(io::Error::other(NoTerminal))
    }
}

/// The UI was started without a terminal to draw on.
#[derive(Debug)]
pub struct NoTerminal;

impl std::fmt::Display for NoTerminal {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str(crate::strings::BRAUCHT_TERMINAL)
    }
}

impl std::error::Error for NoTerminal {}

/// Whether `e` says that the terminal is gone (hung up, closed): then the
/// UI ends as if the user quit.
pub fn is_gone(e: &io::Error) -> bool {
    // EIO and ENXIO, the same numbers on Linux, the BSDs and macOS.
    matches!(e.kind(), io::ErrorKind::BrokenPipe | io::ErrorKind::UnexpectedEof)
        || matches!(e.raw_os_error(), Some(5 | 6))
}
