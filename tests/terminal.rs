//! The real binary in a pseudo-terminal: what bytes reach the terminal, and
//! whether every way out (quit, signals, a vanished terminal) restores it
//! and ends the process promptly.

#![cfg(unix)]

mod isolated;

use std::io::{Read, Write};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Leaving the alternate screen: the last thing a restored terminal sees.
const LEAVE_ALT_SCREEN: &[u8] = b"\x1b[?1049l";
const ENTER_ALT_SCREEN: &[u8] = b"\x1b[?1049h";

struct Pty {
    master: Option<std::fs::File>,
    child: Child,
    output: Arc<Mutex<Vec<u8>>>,
    /// Tells the reader thread to let go of its end of the terminal.
    stop_reading: Arc<std::sync::atomic::AtomicBool>,
    reader: Option<std::thread::JoinHandle<()>>,
}

impl Pty {
    fn spawn(args: &[&str], cols: u16, rows: u16) -> Pty {
        Pty::spawn_with_env(args, cols, rows, &[])
    }

    fn spawn_with_env(args: &[&str], cols: u16, rows: u16, env: &[(&str, &str)]) -> Pty {
        Pty::spawn_program(env!("CARGO_BIN_EXE_ratsinfo"), args, cols, rows, env)
    }

    fn spawn_program(program: &str, args: &[&str], cols: u16, rows: u16, env: &[(&str, &str)]) -> Pty {
        Pty::spawn_full(program, args, cols, rows, env, None)
    }

    /// With `stdout`, standard output goes there instead of the terminal.
    fn spawn_full(
        program: &str,
        args: &[&str],
        cols: u16,
        rows: u16,
        env: &[(&str, &str)],
        stdout: Option<std::fs::File>,
    ) -> Pty {
        let (mut master, mut slave) = (0, 0);
        let size = libc::winsize { ws_row: rows, ws_col: cols, ws_xpixel: 0, ws_ypixel: 0 };
        // SAFETY: openpty writes two fds into the given locations.
        let rc =
            unsafe { libc::openpty(&mut master, &mut slave, std::ptr::null_mut(), std::ptr::null(), &size) };
        assert_eq!(rc, 0, "openpty failed");
        // The child must not inherit the master side, or closing ours would
        // not hang the terminal up.
        // SAFETY: fcntl on a descriptor we own.
        unsafe { libc::fcntl(master, libc::F_SETFD, libc::FD_CLOEXEC) };
        // SAFETY: both fds were just opened and are owned here.
        let (master, slave) = unsafe { (OwnedFd::from_raw_fd(master), OwnedFd::from_raw_fd(slave)) };
        let slave_fd = slave.as_raw_fd();
        let mut cmd = Command::new(program);
        isolated::isolate(&mut cmd);
        // No graphical session: `o` shows links and never starts a
        // viewer on the machine running the tests (a test may set one).
        cmd.env_remove("DISPLAY").env_remove("WAYLAND_DISPLAY");
        cmd.args(args)
            .env("TERM", "xterm-256color")
            .envs(env.iter().copied())
            .stdin(Stdio::from(slave.try_clone().unwrap()))
            .stdout(stdout.map_or_else(|| Stdio::from(slave.try_clone().unwrap()), Stdio::from))
            .stderr(Stdio::from(slave));
        // SAFETY: only async-signal-safe calls between fork and exec.
        unsafe {
            cmd.pre_exec(move || {
                if libc::setsid() < 0 || libc::ioctl(slave_fd, libc::TIOCSCTTY, 0) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                // Tests that end the program by SIGABRT leave no core file.
                let none = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
                libc::setrlimit(libc::RLIMIT_CORE, &none);
                Ok(())
            });
        }
        let child = cmd.spawn().expect("starting ratsinfo");
        drop(cmd);
        let master = std::fs::File::from(master);
        let mut reader = master.try_clone().unwrap();
        let output = Arc::new(Mutex::new(Vec::new()));
        let sink = output.clone();
        let stop_reading = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let stop = stop_reading.clone();
        // Polls with a timeout instead of blocking in read(), so that the
        // thread can drop its descriptor when a test closes the terminal.
        let reader = std::thread::spawn(move || {
            let mut buf = [0u8; 65536];
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let mut pfd = libc::pollfd { fd: reader.as_raw_fd(), events: libc::POLLIN, revents: 0 };
                // SAFETY: one valid pollfd.
                if unsafe { libc::poll(&mut pfd, 1, 20) } <= 0 {
                    continue;
                }
                match reader.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => sink.lock().unwrap().extend_from_slice(&buf[..n]),
                }
            }
        });
        Pty { master: Some(master), child, output, stop_reading, reader: Some(reader) }
    }

    /// Closes every descriptor of the terminal's master side: the terminal
    /// is gone, as when an SSH connection drops.
    fn hang_up(&mut self) {
        self.stop_reading.store(true, std::sync::atomic::Ordering::Relaxed);
        if let Some(r) = self.reader.take() {
            r.join().unwrap();
        }
        drop(self.master.take());
    }

    fn output(&self) -> Vec<u8> {
        self.output.lock().unwrap().clone()
    }

    fn contains(&self, needle: &[u8]) -> bool {
        self.output().windows(needle.len()).any(|w| w == needle)
    }

    /// Waits until the output holds `needle`, at most 10 s.
    fn wait_for(&self, needle: &[u8]) {
        let start = Instant::now();
        while !self.contains(needle) {
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "timed out waiting for {:?}",
                String::from_utf8_lossy(needle)
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn send(&mut self, bytes: &[u8]) {
        let m = self.master.as_mut().expect("terminal open");
        m.write_all(bytes).unwrap();
        m.flush().unwrap();
        // Let the app handle the input and draw.
        std::thread::sleep(Duration::from_millis(150));
    }

    fn signal(&self, sig: i32) {
        // SAFETY: plain kill(2) on our own child.
        assert_eq!(unsafe { libc::kill(self.child.id() as i32, sig) }, 0);
    }

    /// Waits for the process to end; returns how long that took.
    fn wait_exit(&mut self, limit: Duration) -> Duration {
        let start = Instant::now();
        loop {
            if self.child.try_wait().unwrap().is_some() {
                return start.elapsed();
            }
            if start.elapsed() > limit {
                let _ = self.child.kill();
                panic!("ratsinfo still running after {limit:?}");
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn temp_dir(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("ratsinfo-term-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Escape sequences a hostile export could carry, each with a marker word
/// right after it so that its raw form is unmistakable in the output.
const HOSTILE: &[(&str, &str)] = &[
    ("\u{1b}]52;c;ZXZpbA==\u{07}", "CLIPBOARD"),
    ("\u{1b}]0;pwned\u{1b}\\", "TITLE"),
    ("\u{1b}[38;5;196m", "COLOUR"),
    ("\u{1b}P$qm\u{1b}\\", "DECRQSS"),
    ("\u{9b}2J", "CSI8BIT"),
    ("\u{202e}", "BIDI"),
    ("\u{200b}", "ZEROWIDTH"),
];

fn hostile_text() -> String {
    HOSTILE.iter().map(|(seq, marker)| format!("{seq}{marker} ")).collect()
}

fn write_hostile_archive(dir: &Path) {
    let h = hostile_text();
    let json = serde_json::json!({
        "format": "ratsinfo-export/1",
        "koerperschaft": format!("Stadt {h}"),
        "vorlagen": [{
            "nummer": "2024/0001",
            "betreff": format!("Feindlich {h}"),
            "verfasser": h,
            "beratungsfolge": [{"gremium": format!("Rat {h}"), "datum": "2024-01-10", "ergebnis": h}],
            "sachverhalt": format!("Absatz {h}\n\nNoch einer {h}"),
        }],
        "auszuege": [{"gremium": format!("Rat {h}"), "datum": "2024-01-10", "titel": format!("Auszug {h}"), "vorlage": "2024/0001", "beschluss": h}],
    });
    std::fs::write(dir.join("feindlich.json"), serde_json::to_vec_pretty(&json).unwrap()).unwrap();
    // A broken file whose name and problem text end up in the problem list.
    std::fs::write(dir.join(format!("kaputt{}.json", "\u{1b}]0;x\u{07}")), "{\"vorlagen\": [").unwrap();
}

/// The raw sequences must not appear; the markers must (as visible text).
fn assert_no_raw_sequences(out: &[u8], context: &str) {
    let text = String::from_utf8_lossy(out);
    for (seq, marker) in HOSTILE {
        let raw = format!("{seq}{marker}");
        assert!(!text.contains(&raw), "{context}: raw {seq:?} reached the terminal");
    }
    for forbidden in ["\u{1b}]52", "\u{1b}]0;", "\u{1b}P", "\u{9b}", "\u{202e}", "\u{7}"] {
        assert!(!text.contains(forbidden), "{context}: {forbidden:?} reached the terminal");
    }
}

#[test]
fn hostile_text_never_reaches_the_terminal_in_the_ui() {
    let dir = temp_dir("hostile-ui");
    write_hostile_archive(&dir);
    let mut pty = Pty::spawn(&[dir.to_str().unwrap()], 100, 30);
    // Drawing sends only changed cells, so wait for single words.
    pty.wait_for(b"CLIPBOARD");
    // Tree (open everything), reader (scroll), search, problems, help.
    for keys in [
        &b"l"[..],
        b"j",
        b"l",
        b"j",
        b"l",
        b"j",
        b"l",
        b"j",
        b"\t",
        b" ",
        b" ",
        b"\x1b",
        b"/feind",
        b"\r",
        b"p",
        b"\x1b",
        b"?",
        b"\x1b",
    ] {
        pty.send(keys);
    }
    pty.wait_for(b"Feindlich");
    pty.send(b"q");
    pty.wait_exit(Duration::from_secs(2));
    let out = pty.output();
    assert_no_raw_sequences(&out, "UI");
    for (_, marker) in HOSTILE {
        assert!(pty.contains(marker.as_bytes()), "{marker} was not shown at all");
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn hostile_text_never_reaches_stdout_of_the_subcommands() {
    let dir = temp_dir("hostile-cli");
    write_hostile_archive(&dir);
    let d = dir.to_str().unwrap();
    for args in [
        vec!["show", "2024/0001", d],
        vec!["search", "feind", d],
        vec!["check", d],
        vec!["check", "--json", d],
    ] {
        let out = isolated::ratsinfo().args(&args).output().unwrap();
        let mut both = out.stdout.clone();
        both.extend_from_slice(&out.stderr);
        assert_no_raw_sequences(&both, &args.join(" "));
        assert!(!out.stdout.is_empty(), "{args:?} printed nothing");
    }
    let _ = std::fs::remove_dir_all(dir);
}

/// Starts the UI on the sample and waits for its first frame.
fn started() -> Pty {
    let pty = Pty::spawn(&[], 80, 24);
    pty.wait_for(ENTER_ALT_SCREEN);
    pty.wait_for(b"Karlsruhe");
    pty
}

/// The alternate screen was left after it was last entered. The process
/// may have ended a moment before its last bytes are read from the
/// terminal: they are waited for, briefly.
fn assert_restored(pty: &Pty) {
    let restored = || {
        let out = pty.output();
        let last_enter = out.windows(ENTER_ALT_SCREEN.len()).rposition(|w| w == ENTER_ALT_SCREEN).unwrap();
        let last_leave = out.windows(LEAVE_ALT_SCREEN.len()).rposition(|w| w == LEAVE_ALT_SCREEN);
        last_leave.is_some_and(|l| l > last_enter)
    };
    let start = Instant::now();
    while !restored() && start.elapsed() < Duration::from_secs(2) {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(restored(), "the alternate screen was not left at the end");
}

#[test]
fn q_quits_and_restores_the_terminal() {
    let mut pty = started();
    pty.send(b"q");
    assert!(pty.wait_exit(Duration::from_secs(1)) < Duration::from_secs(1));
    assert_restored(&pty);
    assert!(pty.child.wait().unwrap().success());
}

#[test]
fn signals_restore_the_terminal_and_end_the_process_within_a_second() {
    for sig in [libc::SIGTERM, libc::SIGHUP, libc::SIGINT] {
        let mut pty = started();
        pty.signal(sig);
        pty.wait_exit(Duration::from_secs(1));
        assert_restored(&pty);
    }
}

#[test]
fn ctrl_c_quits_in_every_mode() {
    for prefix in [&b""[..], b"\t", b"/rat", b"?"] {
        let mut pty = started();
        pty.send(prefix);
        pty.send(b"\x03");
        pty.wait_exit(Duration::from_secs(1));
        assert_restored(&pty);
    }
}

#[test]
fn a_vanished_terminal_ends_the_process_instead_of_spinning() {
    let mut pty = started();
    // Closing the master side is what a dropped SSH connection looks like
    // to the program: SIGHUP to the session leader, then failing reads.
    pty.hang_up();
    let took = pty.wait_exit(Duration::from_secs(2));
    assert!(took < Duration::from_secs(2));
}

#[test]
fn a_panic_restores_the_terminal() {
    let mut pty = Pty::spawn_with_env(&[], 80, 24, &[("RATSINFO_TEST_PANIC", "1")]);
    pty.wait_exit(Duration::from_secs(2));
    assert_restored(&pty);
    let out = String::from_utf8_lossy(&pty.output()).into_owned();
    let leave = out.rfind("\u{1b}[?1049l").unwrap();
    assert!(out[leave..].contains("panicked"), "the panic message must come after the restore");
}

#[test]
fn ctrl_z_suspends_and_fg_redraws_at_once() {
    // Job control needs a shell; skip where there is none.
    if !Path::new("/bin/sh").exists() {
        return;
    }
    let mut sh = Pty::spawn_program("/bin/sh", &["-i"], 80, 24, &[("PS1", "$ "), ("ENV", "")]);
    sh.send(format!("exec 2>/dev/null; {}\r", env!("CARGO_BIN_EXE_ratsinfo")).as_bytes());
    sh.wait_for(b"Karlsruhe");
    sh.send(b"\x1a");
    sh.wait_for(LEAVE_ALT_SCREEN);
    let before = sh.output().len();
    sh.send(b"fg\r");
    // The whole screen comes back within half a second, without a key.
    let start = Instant::now();
    loop {
        let out = sh.output();
        if out[before..].windows(b"Karlsruhe".len()).any(|w| w == b"Karlsruhe") {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_millis(500),
            "no redraw after fg: {:?}",
            String::from_utf8_lossy(&out[before..])
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    sh.send(b"q");
    sh.send(b"exit\r");
}

#[test]
fn q_quits_at_once_while_loading() {
    // 400,000 records take seconds to load in a debug build, so the app is
    // still loading when q arrives. (A named pipe no longer stalls loading:
    // it is reported and skipped.)
    let dir = temp_dir("slow");
    let records: Vec<String> = (0..400_000)
        .map(|i| format!(r#"{{"nummer":"2024/{i}","betreff":"B","beratungsfolge":[{{"gremium":"Rat","datum":"2024-01-10"}}]}}"#))
        .collect();
    std::fs::write(dir.join("gross.json"), format!(r#"{{"vorlagen":[{}]}}"#, records.join(","))).unwrap();
    let mut pty = Pty::spawn(&[dir.to_str().unwrap()], 80, 24);
    pty.wait_for(b"Lade");
    pty.send(b"q");
    pty.wait_exit(Duration::from_secs(1));
    assert_restored(&pty);
    assert!(pty.child.wait().unwrap().success());
    let _ = std::fs::remove_dir_all(dir);
}

/// A closed terminal is a normal way to end: restoring it fails (EIO), and
/// neither that nor a message to the dead terminal may end in a panic, an
/// abort or a core file.
#[test]
fn a_closed_terminal_ends_the_process_normally() {
    use std::os::unix::process::ExitStatusExt;
    for keys in [&b""[..], b"/rat", b"?"] {
        let mut pty = started();
        pty.send(keys);
        pty.hang_up();
        pty.wait_exit(Duration::from_secs(2));
        let status = pty.child.wait().unwrap();
        assert_eq!(status.signal(), None, "after {keys:?}: killed by a signal: {status:?}");
        assert_eq!(status.code(), Some(0), "after {keys:?}: {status:?}");
    }
}

/// An abort (what the allocator does when memory runs out) runs no panic
/// hook: the terminal must still be restored, and the process still end
/// by SIGABRT.
#[test]
fn an_abort_restores_the_terminal() {
    use std::os::unix::process::ExitStatusExt;
    let mut pty = started();
    pty.signal(libc::SIGABRT);
    pty.wait_exit(Duration::from_secs(2));
    assert_restored(&pty);
    assert_eq!(pty.child.wait().unwrap().signal(), Some(libc::SIGABRT));
}

/// A terminal without bracketed paste sends a paste key by key: 100 KB of
/// keys into the search box, each of which sent the whole query to the
/// worker, froze the UI for minutes, and SIGTERM waited behind them.
#[test]
fn sigterm_during_a_flood_of_typed_keys_ends_within_a_second() {
    let mut pty = started();
    assert!(pty.contains(b"\x1b[?2004h"), "bracketed paste is switched on");
    pty.send(b"/");
    let mut writer = pty.master.as_ref().unwrap().try_clone().unwrap();
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let stopped = stop.clone();
    let flood = std::thread::spawn(move || {
        let keys = b"doppelstrategie ".repeat(100_000 / 16);
        // A chunk at a time, while the terminal takes them: once the
        // program has ended, nobody reads, and a blocking write would wait
        // for ever.
        for chunk in keys.chunks(1024) {
            loop {
                if stopped.load(std::sync::atomic::Ordering::Relaxed) {
                    return;
                }
                let mut pfd = libc::pollfd { fd: writer.as_raw_fd(), events: libc::POLLOUT, revents: 0 };
                // SAFETY: one valid pollfd.
                if unsafe { libc::poll(&mut pfd, 1, 20) } > 0 {
                    break;
                }
            }
            if writer.write_all(chunk).is_err() {
                return;
            }
        }
    });
    std::thread::sleep(Duration::from_millis(500));
    pty.signal(libc::SIGTERM);
    pty.wait_exit(Duration::from_secs(1));
    assert_restored(&pty);
    assert!(pty.contains(b"\x1b[?2004l"), "bracketed paste is switched off again");
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    flood.join().unwrap();
}

/// With standard output redirected to a file, the UI drew into the file
/// and left the terminal raw until `q`. It now refuses, in German, on the
/// terminal's standard error, and leaves the file empty.
#[test]
fn the_ui_refuses_when_its_output_is_not_the_terminal() {
    let dir = temp_dir("redirected");
    let file = std::fs::File::create(dir.join("bildschirm.txt")).unwrap();
    let mut pty = Pty::spawn_full(env!("CARGO_BIN_EXE_ratsinfo"), &[], 80, 24, &[], Some(file));
    pty.wait_exit(Duration::from_secs(2));
    assert_eq!(pty.child.wait().unwrap().code(), Some(2));
    // The last bytes may still be on their way from the terminal.
    pty.wait_for(b"check");
    let said = String::from_utf8_lossy(&pty.output()).into_owned();
    assert!(said.contains("Terminal") && said.contains("check"), "{said:?}");
    assert!(!pty.contains(ENTER_ALT_SCREEN), "{said:?}");
    assert!(std::fs::read(dir.join("bildschirm.txt")).unwrap().is_empty());
    let _ = std::fs::remove_dir_all(dir);
}

/// clap writes its messages styled when standard error is a terminal, and
/// echoed a bad argument raw inside them: an escape sequence in it reached
/// the terminal (here: setting the window title).
#[test]
fn a_bad_argument_never_reaches_the_terminal_raw() {
    let mut pty = Pty::spawn(&["show", "1", "--width", "\u{1b}]0;PWNED\u{7}"], 80, 24);
    pty.wait_exit(Duration::from_secs(2));
    pty.wait_for(b"PWNED");
    assert_eq!(pty.child.wait().unwrap().code(), Some(2));
    assert_no_raw_sequences(&pty.output(), "clap");
    assert!(pty.contains(br"\u{1b}]0;PWNED\u{7}"), "{:?}", String::from_utf8_lossy(&pty.output()));
}

/// A signal is answered within a second whatever the UI thread is doing:
/// here laying out the whole of a 20 MB text at once (G in the reader),
/// which takes a debug build many seconds.
#[test]
fn sigterm_while_the_ui_thread_is_busy_ends_within_a_second() {
    let dir = temp_dir("busy");
    let text = "Ein Satz mit einigen Wörtern, der sich wiederholt. ".repeat(20_000_000 / 52);
    let json = serde_json::json!({"koerperschaft": "Stadt Test", "vorlagen": [{"nummer": "2024/0001", "betreff": "Lang", "sachverhalt": text}]});
    std::fs::write(dir.join("lang.json"), serde_json::to_vec(&json).unwrap()).unwrap();
    let mut pty = Pty::spawn(&[dir.to_str().unwrap()], 80, 24);
    pty.wait_for(b"Alle Vorlagen");
    // Down to the Vorlage: Alle Vorlagen, the year, the item.
    for keys in [&b"l"[..], b"j", b"l", b"j", b"\t"] {
        pty.send(keys);
    }
    // The text is read on a worker; G lays it all out once it is there.
    pty.wait_for(b"Ein Satz");
    pty.send(b"G");
    pty.signal(libc::SIGTERM);
    let took = pty.wait_exit(Duration::from_millis(1500));
    assert!(took < Duration::from_millis(1500), "{took:?}");
    assert_restored(&pty);
    let _ = std::fs::remove_dir_all(dir);
}

/// The UI on the sample with its personal state in `data` (not the test
/// process's shared home), after its first frame.
fn started_with_data(data: &Path, env: &[(&str, &str)]) -> Pty {
    let data = data.to_string_lossy().into_owned();
    let mut all = vec![("XDG_DATA_HOME", data.as_str())];
    all.extend_from_slice(env);
    let pty = Pty::spawn_with_env(&[], 100, 30, &all);
    pty.wait_for(ENTER_ALT_SCREEN);
    pty.wait_for(b"Karlsruhe");
    pty
}

#[test]
fn y_copies_with_osc_52_on_the_terminal() {
    let data = temp_dir("osc52");
    let mut pty = started_with_data(&data, &[]);
    pty.send(b"/2021/0832");
    pty.send(b"\r");
    pty.send(b"y");
    pty.send(b"1");
    // base64 of "2021/0832", in the sequence that asks for the clipboard.
    pty.wait_for(b"\x1b]52;c;MjAyMS8wODMy\x07");
    pty.send(b"q");
    pty.wait_exit(Duration::from_secs(2));
    let _ = std::fs::remove_dir_all(data);
}

#[test]
fn a_note_written_in_the_external_editor_is_shown_and_kept_across_a_restart() {
    let data = temp_dir("editor");
    let script = data.join("editor.sh");
    std::fs::write(&script, "#!/bin/sh\nprintf 'EditorNotiz' > \"$1\"\n").unwrap();
    std::fs::set_permissions(&script, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let editor = script.to_string_lossy().into_owned();
    let mut pty = started_with_data(&data, &[("EDITOR", &editor), ("VISUAL", "")]);
    pty.send(b"/2021/0832");
    pty.send(b"\r");
    pty.send(b"m");
    pty.send(b"a");
    pty.wait_for(b"EditorNotiz");
    // The terminal was handed over and taken back: the alternate screen
    // left for the editor and entered again.
    let out = pty.output();
    let enters = out.windows(ENTER_ALT_SCREEN.len()).filter(|w| *w == ENTER_ALT_SCREEN).count();
    assert!(enters >= 2, "the UI took the terminal back after the editor");
    pty.send(b"q");
    pty.wait_exit(Duration::from_secs(2));
    assert_restored(&pty);

    // Started again: the note and the Merkliste are there.
    let mut pty = started_with_data(&data, &[]);
    pty.wait_for("Merkliste".as_bytes());
    pty.send(b"/2021/0832");
    pty.send(b"\r");
    pty.wait_for(b"EditorNotiz");
    pty.send(b"q");
    pty.wait_exit(Duration::from_secs(2));
    let _ = std::fs::remove_dir_all(data);
}

const GOOD_URL: &str = "https://ris.example.org/dokumente/2024-0100/gutachten.pdf";

/// A paper with a document whose link is a web address, and one whose
/// documents' links come from a hostile export: escape sequences, a BEL, a
/// C1 control, javascript:, user info that hides the real host.
fn write_link_archive(dir: &Path) {
    let json = serde_json::json!({
        "format": "ratsinfo-export/1",
        "koerperschaft": "Stadt Test",
        "vorlagen": [
            {"nummer": "2024/0100", "betreff": "Gutachten mit Link",
             "anlagen": [{"nr": 1, "name": "Gutachten.pdf", "url": GOOD_URL}]},
            {"nummer": "2024/0101", "betreff": "Feindliche Links", "anlagen": [
                {"nr": 1, "name": "Eins", "url": "https://ris.example.org/a\u{1b}]8;;https://evil.example/\u{1b}\\KLICK\u{7}"},
                {"nr": 2, "name": "Zwei", "url": "javascript:alert(1)//https://ris.example.org/"},
                {"nr": 3, "name": "Drei", "url": "https://ris.example.org@evil.example/x.pdf"},
                {"nr": 4, "name": "Vier", "url": "https://ris.example.org/a\u{9b}2J"},
            ]},
        ],
    });
    std::fs::write(dir.join("links.json"), serde_json::to_vec_pretty(&json).unwrap()).unwrap();
}

#[test]
fn o_over_ssh_writes_a_checked_url_as_an_osc_8_hyperlink_and_nothing_from_hostile_data() {
    let dir = temp_dir("osc8");
    write_link_archive(&dir);
    let mut pty = Pty::spawn(&[dir.to_str().unwrap()], 100, 30);
    pty.wait_for(b"Gremien");
    pty.send(b"/2024/0100");
    pty.send(b"\r");
    pty.send(b"o");
    // Over the URL as the frame drew it (row 4, column 15: inside the
    // overlay, under the document's name), the cursor saved and put back.
    let link = format!("\x1b]8;;{GOOD_URL}\x1b\\{GOOD_URL}\x1b]8;;\x1b\\");
    let at = format!("\x1b7\x1b[4;15H\x1b[0;4m{link}\x1b[0m\x1b8");
    pty.wait_for(at.as_bytes());
    // Offered to copy: y asks the terminal to (OSC 52).
    pty.send(b"y");
    pty.wait_for(format!("\x1b]52;c;{}\x07", base64(GOOD_URL)).as_bytes());
    let links = |out: &[u8]| out.windows(4).filter(|w| *w == b"\x1b]8;").count();
    assert_eq!(links(&pty.output()), 2, "one hyperlink, opened and closed once");

    // The hostile ones: each shown without a link, nothing written raw.
    let before = pty.output().len();
    pty.send(b"/2024/0101");
    pty.send(b"\r");
    let said = |pty: &Pty| {
        // One word: blanks over blanks are not written again.
        let needle = "gültigen".as_bytes();
        pty.output()[before..].windows(needle.len()).filter(|w| *w == needle).count()
    };
    for (i, n) in [b"1", b"2", b"3", b"4"].into_iter().enumerate() {
        pty.send(b"o");
        pty.send(n);
        let start = Instant::now();
        while said(&pty) <= i {
            assert!(start.elapsed() < Duration::from_secs(10), "document {i}: no overlay");
            std::thread::sleep(Duration::from_millis(20));
        }
        pty.send(b"\x1b");
    }
    pty.send(b"q");
    pty.wait_exit(Duration::from_secs(2));
    let after = &pty.output()[before..];
    let text = String::from_utf8_lossy(after);
    for forbidden in ["\x1b]", "\x07", "\u{9b}", "\x1b\\"] {
        assert!(!text.contains(forbidden), "{forbidden:?} reached the terminal");
    }
    let _ = std::fs::remove_dir_all(dir);
}

fn base64(text: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(text)
}
