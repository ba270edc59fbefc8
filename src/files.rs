//! Reading the files a user points at: only regular files, and only up to a
//! size that this program can hold.
//!
//! A directory of an archive can hold anything: a named pipe called
//! `x.json` (reading it waits for a writer that never comes), a link to
//! `/dev/zero` (reading it never ends), a sparse file of 40 GB (reserving
//! its size aborts the process, with the terminal left raw). So a file is
//! opened without waiting (`O_NONBLOCK`, which a pipe would otherwise wait
//! on at `open`), the opened file is asked what it is (so that nothing can
//! be swapped in between the check and the read), and its size is checked
//! before any memory is reserved, which is then reserved fallibly.

use std::fs::{File, Metadata};
use std::io::{self, Read};
use std::path::Path;

use crate::strings as s;

/// The size limit when `RATSINFO_MAX_FILE_MB` does not set one: more than
/// any archive file seen, well below what a laptop cannot hold.
pub const DEFAULT_MAX_MB: u64 = 2048;

/// The environment variable that sets the size limit, in megabytes (MiB).
pub const MAX_MB_VAR: &str = "RATSINFO_MAX_FILE_MB";

/// The largest file that is read, in bytes.
pub fn max_file_bytes() -> u64 {
    let mb = std::env::var(MAX_MB_VAR).ok().and_then(|v| v.trim().parse::<u64>().ok());
    mb.unwrap_or(DEFAULT_MAX_MB).saturating_mul(1 << 20)
}

/// Why a file was not read.
#[derive(Debug)]
pub enum ReadError {
    Io(io::Error),
    /// A directory, pipe, device or socket: `what` says which, in German.
    NotRegular(&'static str),
    TooLarge {
        len: u64,
        max: u64,
    },
    /// The memory for the file's content could not be had.
    NoMemory {
        len: u64,
    },
}

impl From<io::Error> for ReadError {
    fn from(e: io::Error) -> ReadError {
        ReadError::Io(e)
    }
}

impl ReadError {
    /// What to tell the user, in German, after "Kann nicht gelesen werden: ".
    pub fn message(&self) -> String {
        match self {
            ReadError::Io(e) => s::io_message(e),
            ReadError::NotRegular(what) => s::keine_datei(what),
            ReadError::TooLarge { len, max } => s::zu_gross(*len, *max, MAX_MB_VAR),
            ReadError::NoMemory { len } => s::kein_speicher(*len),
        }
    }
}

/// What a file that is not a regular file is, in German.
fn kind_of(meta: &Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    if t.is_dir() {
        s::ART_VERZEICHNIS
    } else if t.is_fifo() {
        s::ART_PIPE
    } else if t.is_char_device() || t.is_block_device() {
        s::ART_GERAET
    } else if t.is_socket() {
        s::ART_SOCKET
    } else {
        s::ART_ANDERES
    }
}

/// Opens `path` (following links) if it is a regular file, without ever
/// waiting on it; the metadata are those of the opened file.
pub fn open_regular(path: &Path) -> Result<(File, Metadata), ReadError> {
    use std::os::unix::fs::OpenOptionsExt;
    // O_NONBLOCK: opening a pipe for reading would wait for a writer. On a
    // regular file the flag changes nothing.
    let f = std::fs::OpenOptions::new().read(true).custom_flags(libc::O_NONBLOCK).open(path)?;
    let meta = f.metadata()?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular(kind_of(&meta)));
    }
    Ok((f, meta))
}

/// Reads the regular file at `path` into `buf` (cleared first), at most
/// `max` bytes; returns the metadata of the file read.
pub fn read_into(path: &Path, buf: &mut Vec<u8>, max: u64) -> Result<Metadata, ReadError> {
    let (f, meta) = open_regular(path)?;
    buf.clear();
    if meta.len() > max {
        return Err(ReadError::TooLarge { len: meta.len(), max });
    }
    let len = usize::try_from(meta.len()).map_err(|_| ReadError::NoMemory { len: meta.len() })?;
    buf.try_reserve_exact(len).map_err(|_| ReadError::NoMemory { len: meta.len() })?;
    // A file that grows while it is read (or says 0 and is not, as some
    // special file systems do) is still read no further than the limit.
    let read = f.take(max.saturating_add(1)).read_to_end(buf)?;
    if read as u64 > max {
        buf.clear();
        return Err(ReadError::TooLarge { len: read as u64, max });
    }
    Ok(meta)
}

/// [`read_into`] into a new buffer.
pub fn read(path: &Path, max: u64) -> Result<(Vec<u8>, Metadata), ReadError> {
    let mut buf = Vec::new();
    let meta = read_into(path, &mut buf, max)?;
    Ok((buf, meta))
}

/// Whether `a` and `b` name the same file (also through links or another
/// spelling of the path); false when either does not exist.
pub fn same_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

/// Writes `bytes` to `path` so that the file is either as it was or holds
/// all of them: into a new file beside it, flushed to the disk, then put
/// in its place by a rename. A failure (a full disk, a signal) never leaves
/// a half-written or empty file where a good one was.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    use std::io::Write;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = path.file_name().ok_or_else(|| io::Error::from(io::ErrorKind::InvalidInput))?;
    let mut tmp_name = std::ffi::OsString::from(".");
    tmp_name.push(name);
    tmp_name.push(format!(".{}.tmp", std::process::id()));
    let tmp = dir.join(tmp_name);
    let written = (|| {
        let mut f = std::fs::OpenOptions::new().write(true).create_new(true).open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written?;
    // The rename itself is on the disk once the directory is.
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Writes `bytes` to a new file in `dir` named `stem.ext`, or `stem-2.ext`,
/// `stem-3.ext` … where that exists: never over a file that is there, and
/// whole or not at all (written beside it first, then linked into place,
/// which fails instead of replacing). Returns the file's path.
pub fn write_new(dir: &Path, stem: &str, ext: &str, bytes: &[u8]) -> io::Result<std::path::PathBuf> {
    use std::io::Write;
    let tmp = dir.join(format!(".{stem}.{}.tmp", std::process::id()));
    let written = (|| {
        let mut f = std::fs::OpenOptions::new().write(true).create_new(true).open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    let mut result = Err(io::Error::from(io::ErrorKind::AlreadyExists));
    for n in 1..1000 {
        let name = if n == 1 { format!("{stem}.{ext}") } else { format!("{stem}-{n}.{ext}") };
        let path = dir.join(name);
        match std::fs::hard_link(&tmp, &path) {
            Ok(()) => {
                result = Ok(path);
                break;
            }
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => {
                result = Err(e);
                break;
            }
        }
    }
    let _ = std::fs::remove_file(&tmp);
    result
}

/// A file name's stem made of `name`: letters, digits, `.`, `-` and `_`
/// kept, everything else (`/` of a Vorlage number, blanks, control
/// characters) a `-`; never empty, never hidden, at most 80 chars.
pub fn file_stem(name: &str) -> String {
    let mut out: String = name
        .chars()
        .map(|c| if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') { c } else { '-' })
        .take(80)
        .collect();
    while out.starts_with('.') || out.starts_with('-') {
        out.remove(0);
    }
    if out.is_empty() { "ratsinfo".to_owned() } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_files_never_replace_one_that_is_there() {
        let dir = std::env::temp_dir().join(format!("ratsinfo-files-new-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let a = write_new(&dir, "2021-0832", "md", b"erste").unwrap();
        let b = write_new(&dir, "2021-0832", "md", b"zweite").unwrap();
        assert_eq!(a.file_name().unwrap(), "2021-0832.md");
        assert_eq!(b.file_name().unwrap(), "2021-0832-2.md");
        assert_eq!(std::fs::read(&a).unwrap(), b"erste");
        assert_eq!(std::fs::read(&b).unwrap(), b"zweite");
        // No temporary file is left.
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 2);
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(file_stem("2021/0832"), "2021-0832");
        assert_eq!(file_stem("../x\u{1b}[31m"), "x--31m");
        assert_eq!(file_stem("///"), "ratsinfo");
    }

    #[test]
    fn sizes_are_checked_before_reading() {
        let dir = std::env::temp_dir().join(format!("ratsinfo-files-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("a.json");
        std::fs::write(&path, b"0123456789").unwrap();
        assert_eq!(read(&path, 10).unwrap().0, b"0123456789");
        assert!(matches!(read(&path, 9), Err(ReadError::TooLarge { len: 10, max: 9 })));
        assert!(matches!(read(&dir, 100), Err(ReadError::NotRegular(_)) | Err(ReadError::Io(_))));
        assert!(
            matches!(read(Path::new("/dev/null"), 100), Err(ReadError::NotRegular(w)) if w == s::ART_GERAET.get())
        );
        let e = read(&path, 9).unwrap_err().message();
        assert!(e.contains("zu groß") && e.contains(MAX_MB_VAR), "{e}");

        let out = dir.join("b.json");
        write_atomic(&out, b"eins").unwrap();
        write_atomic(&out, b"zwei").unwrap();
        assert_eq!(std::fs::read(&out).unwrap(), b"zwei");
        assert!(same_file(&out, &dir.join(".").join("b.json")) && !same_file(&out, &path));
        assert!(write_atomic(&dir.join("fehlt/c.json"), b"x").is_err());
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 2, "no temporary file is left");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
