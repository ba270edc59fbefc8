//! The real binary, run as a test must run it: never in the user's own
//! directories. HOME and the XDG directories point at an empty directory of
//! this test process, so that no synced archive, note or setting of the
//! machine's user is read, and nothing is written there.

#![allow(dead_code)]

use std::path::PathBuf;
use std::process::Command;

/// The home of this test process: empty unless a test writes there.
pub fn home() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ratsinfo-test-home-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("creating the test home");
    dir
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
