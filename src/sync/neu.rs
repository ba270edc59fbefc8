//! What the last sync created or changed: the ids, one a line, in the
//! archive's `ratsinfo-sync.neu`. The UI marks those records as new until
//! the next sync replaces the file. Plain files only: the loading pipeline
//! reads this without anything of the network part.

use std::io;
use std::path::{Path, PathBuf};

use super::store::{NEU, atomic_write};

/// Replaces the archive's list of new and changed ids.
pub fn write(dir: &Path, ids: &[String]) -> io::Result<()> {
    let mut text = String::with_capacity(ids.len() * 80);
    for id in ids {
        if !id.contains(['\n', '\r']) {
            text.push_str(id);
            text.push('\n');
        }
    }
    atomic_write(&dir.join(NEU), text.as_bytes())
}

/// The ids in one archive's list.
pub fn read(file: &Path) -> Vec<String> {
    std::fs::read_to_string(file)
        .map(|t| t.lines().filter(|l| !l.is_empty()).map(str::to_owned).collect())
        .unwrap_or_default()
}

/// The "neu" lists under the paths a user opens: in a directory itself and
/// in its sub-directories (one per body), not deeper.
pub fn find(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for p in paths {
        if !p.is_dir() {
            continue;
        }
        let own = p.join(NEU);
        if own.is_file() {
            found.push(own);
            continue;
        }
        if let Ok(entries) = std::fs::read_dir(p) {
            let mut sub: Vec<PathBuf> =
                entries.flatten().map(|e| e.path().join(NEU)).filter(|f| f.is_file()).collect();
            sub.sort();
            found.extend(sub);
        }
    }
    found
}

/// Every id the archives under `paths` list as new.
pub fn ids_under(paths: &[PathBuf]) -> Vec<String> {
    find(paths).iter().flat_map(|f| read(f)).collect()
}
