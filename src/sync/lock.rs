//! One sync per archive at a time: an exclusive lock on a file in the body's
//! folder. The operating system releases it when the process ends, however
//! it ends (also after `kill -9`), so a stale lock cannot block the next
//! run.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::store::LOCK;

/// Held while a sync writes to an archive; dropping it releases the lock.
#[derive(Debug)]
pub struct Lock {
    _file: File,
    pub path: PathBuf,
}

/// Why the lock was not taken.
#[derive(Debug)]
pub enum LockError {
    /// Another sync holds it (and did not let go within the wait).
    Busy(PathBuf),
    Io(io::Error),
}

/// Takes the lock of the archive in `dir`, waiting up to `wait` for a sync
/// that holds it to finish.
pub fn acquire(dir: &Path, wait: Duration) -> Result<Lock, LockError> {
    let path = dir.join(LOCK);
    let mut file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .read(true)
        .write(true)
        .open(&path)
        .map_err(LockError::Io)?;
    let until = Instant::now() + wait;
    loop {
        match file.try_lock() {
            Ok(()) => break,
            Err(std::fs::TryLockError::WouldBlock) => {
                if Instant::now() >= until {
                    return Err(LockError::Busy(path));
                }
                std::thread::sleep(Duration::from_millis(100));
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(LockError::Io(e)),
        }
    }
    // Who holds it, for whoever looks.
    let _ = file.set_len(0);
    let _ = writeln!(file, "{}", std::process::id());
    Ok(Lock { _file: file, path })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_on_the_same_archive_is_refused_until_the_first_is_dropped() {
        let dir = std::env::temp_dir().join(format!("ratsinfo-lock-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let first = acquire(&dir, Duration::ZERO).unwrap();
        assert!(matches!(acquire(&dir, Duration::from_millis(150)), Err(LockError::Busy(_))));
        drop(first);
        assert!(acquire(&dir, Duration::ZERO).is_ok());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
