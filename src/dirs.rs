//! Where the user's own files live: the state store in the data directory,
//! the config file in the config directory. Passed around as a value so that
//! tests (and anyone embedding the library) name their own places instead of
//! the real user's.

use std::path::{Path, PathBuf};

/// The user's directories for ratsinfo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dirs {
    /// Personal state (`state.sqlite`): `$XDG_DATA_HOME/ratsinfo` on Linux.
    pub data: PathBuf,
    /// `config.toml`: `$XDG_CONFIG_HOME/ratsinfo` on Linux.
    pub config: PathBuf,
}

impl Dirs {
    /// The platform's directories (XDG on Linux, `~/Library/Application
    /// Support` on macOS, `%APPDATA%` on Windows); None when the home
    /// directory is unknown.
    pub fn from_env() -> Option<Dirs> {
        let p = directories::ProjectDirs::from("", "", "ratsinfo")?;
        Some(Dirs { data: p.data_dir().to_path_buf(), config: p.config_dir().to_path_buf() })
    }

    /// Both under one directory (tests, portable setups).
    pub fn under(root: &Path) -> Dirs {
        Dirs { data: root.join("data"), config: root.join("config") }
    }

    pub fn state_file(&self) -> PathBuf {
        self.data.join("state.sqlite")
    }

    pub fn config_file(&self) -> PathBuf {
        self.config.join("config.toml")
    }
}
