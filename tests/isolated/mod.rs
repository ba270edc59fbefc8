//! The real binary, run as a test must run it: never in the user's own
//! directories. HOME and the XDG directories point at an empty directory of
//! this test process, so that no synced archive, note or setting of the
//! machine's user is read, and nothing is written there.

#![allow(dead_code)]

use std::path::PathBuf;
use std::process::Command;

/// The folder names of test homes begin so; the process id follows.
const PREFIX: &str = "ratsinfo-test-home-";

/// The home of this test process: empty unless a test writes there.
pub fn home() -> PathBuf {
    static SWEPT: std::sync::Once = std::sync::Once::new();
    SWEPT.call_once(sweep_homes_of_ended_processes);
    let dir = std::env::temp_dir().join(format!("{PREFIX}{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("creating the test home");
    dir
}

/// Removes the homes of test processes that have ended. A test binary
/// cannot remove its own at its end (the harness has no hook there), so
/// every run left one per binary in the temporary directory; the next run
/// removes them. A home whose process still runs (another `cargo test` at
/// the same time) is left alone.
fn sweep_homes_of_ended_processes() {
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else { return };
    for e in entries.flatten() {
        let name = e.file_name();
        let Some(pid) =
            name.to_str().and_then(|n| n.strip_prefix(PREFIX)).and_then(|p| p.parse::<i32>().ok())
        else {
            continue;
        };
        // SAFETY: signal 0 sends nothing; it only asks whether the process
        // exists (EPERM: it does, as another user's).
        let alive = unsafe { libc::kill(pid, 0) } == 0
            || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM);
        if !alive {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

/// Points `cmd`'s HOME and XDG directories into [`home`].
pub fn isolate(cmd: &mut Command) -> &mut Command {
    let home = home();
    cmd.env("HOME", &home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_CACHE_HOME", home.join("cache"))
}

/// `ratsinfo`, isolated.
pub fn ratsinfo() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ratsinfo"));
    isolate(&mut cmd);
    cmd
}
