//! Extracting the text of a PDF in a child process.
//!
//! PDF text extractors meet fonts, streams and object graphs they were not
//! written for, and some panic, loop or allocate without bound there (in
//! the trial behind the choice of lopdf, pdf-extract panicked on a page
//! without a MediaBox and aborted after 1.5 GB on a compressed bomb). So
//! the extraction runs in a child: this same program with the hidden
//! subcommand `extract-pdf FILE`, under limits on address space and CPU
//! time set before it runs (`setrlimit` between fork and exec), and a
//! wall-clock timeout the parent enforces by killing it. Whatever the child
//! does, the parent gets text or a [`Failure`]; the text is untrusted and
//! cleaned like any text of the archive.

use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use crate::strings as s;

/// What the child writes before the text: a program that is not ratsinfo
/// (a test harness in its place) does not write it.
const MAGIC: &[u8] = b"ratsinfo-pdf-text/1\n";

/// The exit status of a child that could not read the PDF (its reason on
/// standard error).
const UNREADABLE: u8 = 3;

/// PDFs larger than this are not read.
pub const MAX_PDF_BYTES: u64 = 200 << 20;

/// How to run the child, and its limits.
#[derive(Debug, Clone)]
pub struct Extractor {
    /// The ratsinfo binary (it has the hidden `extract-pdf`).
    pub exe: PathBuf,
    /// Killed after this long.
    pub timeout: Duration,
    /// RLIMIT_CPU, in seconds.
    pub cpu_secs: u64,
    /// RLIMIT_AS, in bytes.
    pub memory: u64,
    /// Text beyond this many bytes is cut off.
    pub max_output: usize,
}

/// Why a PDF gave no text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// The child could not be started: not the PDF's fault, so not cached.
    Spawn(String),
    /// Killed after the wall-clock timeout: the machine may have been
    /// busy, so not cached either.
    Timeout(Duration),
    /// The PDF is broken, hostile or not a PDF (the child says why, in
    /// German), or the child died on it (crash, CPU or memory limit).
    Unreadable(String),
}

impl Failure {
    /// The reason, in German, after "Text von »…« nicht lesbar: ".
    pub fn message(&self) -> String {
        match self {
            Failure::Spawn(why) => s::pdf_kein_start(why),
            Failure::Timeout(t) => s::pdf_zeitueberschreitung(t.as_secs()),
            Failure::Unreadable(why) => why.clone(),
        }
    }

    /// Whether the same PDF would fail the same way again (and the failure
    /// may be remembered in the cache).
    pub fn is_lasting(&self) -> bool {
        matches!(self, Failure::Unreadable(_))
    }
}

impl Extractor {
    /// Runs `exe extract-pdf FILE`, with the default limits: 60 s wall
    /// clock, 30 s CPU, 1 GiB address space, 32 MB of text.
    pub fn new(exe: impl Into<PathBuf>) -> Extractor {
        Extractor {
            exe: exe.into(),
            timeout: Duration::from_secs(60),
            cpu_secs: 30,
            memory: 1 << 30,
            max_output: 32 << 20,
        }
    }

    /// The running program as the child: only for the ratsinfo binary
    /// itself (UI, CLI, sync); tests and benches name the binary.
    pub fn current() -> io::Result<Extractor> {
        std::env::current_exe().map(Extractor::new)
    }

    /// The text of the PDF at `pdf`, raw as the child wrote it (not yet
    /// cleaned). Blocks until the child ends or is killed.
    pub fn extract(&self, pdf: &Path) -> Result<String, Failure> {
        use std::os::unix::process::{CommandExt, ExitStatusExt};
        let (cpu, mem) = (self.cpu_secs, self.memory);
        let mut cmd = Command::new(&self.exe);
        cmd.arg("extract-pdf").arg(pdf).stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
        // SAFETY: between fork and exec only async-signal-safe calls:
        // setrlimit is one, and nothing here allocates.
        unsafe {
            cmd.pre_exec(move || set_limits(cpu, mem));
        }
        let mut child = cmd.spawn().map_err(|e| Failure::Spawn(s::io_message(&e)))?;
        let (Some(mut out), Some(mut err)) = (child.stdout.take(), child.stderr.take()) else {
            let _ = child.kill();
            let _ = child.wait();
            return Err(Failure::Spawn(s::PDF_KEINE_VERBINDUNG.to_owned()));
        };
        let max = self.max_output as u64;
        let reader = std::thread::spawn(move || {
            let mut buf = Vec::new();
            let r = (&mut out).take(max + MAGIC.len() as u64).read_to_end(&mut buf);
            // What is beyond the cap is drained, so the child never blocks.
            let _ = io::copy(&mut out, &mut io::sink());
            r.map(|_| buf)
        });
        let err_reader = std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = (&mut err).take(4096).read_to_end(&mut buf);
            let _ = io::copy(&mut err, &mut io::sink());
            buf
        });
        let start = Instant::now();
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break Some(status),
                Ok(None) if start.elapsed() >= self.timeout => {
                    let _ = child.kill();
                    let _ = child.wait();
                    break None;
                }
                Ok(None) => std::thread::sleep(Duration::from_millis(5)),
                Err(_) => {
                    let _ = child.kill();
                    let _ = child.wait();
                    break None;
                }
            }
        };
        let out = reader.join().ok().and_then(Result::ok).unwrap_or_default();
        let err = err_reader.join().unwrap_or_default();
        let Some(status) = status else { return Err(Failure::Timeout(self.timeout)) };
        if let Some(sig) = status.signal() {
            let why = match sig {
                libc::SIGXCPU => s::pdf_rechenzeit(self.cpu_secs),
                // Rust aborts when an allocation fails under RLIMIT_AS; the
                // kernel kills a process the machine has no memory for.
                libc::SIGABRT | libc::SIGKILL => s::PDF_SPEICHER.to_owned(),
                _ => s::pdf_abgestuerzt(&format!("Signal {sig}")),
            };
            return Err(Failure::Unreadable(why));
        }
        match status.code() {
            Some(0) => match out.strip_prefix(MAGIC) {
                Some(text) => Ok(String::from_utf8_lossy(text).into_owned()),
                None => Err(Failure::Unreadable(s::PDF_KEINE_ANTWORT.to_owned())),
            },
            Some(c) if c == i32::from(UNREADABLE) => {
                let why = String::from_utf8_lossy(&err);
                let why = crate::text::sanitize(why.trim());
                Err(Failure::Unreadable(if why.is_empty() { s::PDF_KEINE_ANTWORT.to_owned() } else { why }))
            }
            // A panic (101), an abort on a failed allocation, anything else.
            Some(c) if c == 101 || c == 134 => Err(Failure::Unreadable(s::pdf_abgestuerzt(s::PDF_PANIK))),
            Some(c) => Err(Failure::Unreadable(s::pdf_abgestuerzt(&format!("Status {c}")))),
            None => Err(Failure::Unreadable(s::PDF_KEINE_ANTWORT.to_owned())),
        }
    }
}

/// RLIMIT_CPU and RLIMIT_AS for the current process. Used between fork and
/// exec, so it must neither allocate nor lock.
fn set_limits(cpu_secs: u64, memory: u64) -> io::Result<()> {
    let cpu = libc::rlimit { rlim_cur: cpu_secs as libc::rlim_t, rlim_max: cpu_secs as libc::rlim_t + 1 };
    let mem = libc::rlimit { rlim_cur: memory as libc::rlim_t, rlim_max: memory as libc::rlim_t };
    // SAFETY: plain system calls with valid pointers to stack values.
    unsafe {
        if libc::setrlimit(libc::RLIMIT_CPU, &cpu) != 0 || libc::setrlimit(libc::RLIMIT_AS, &mem) != 0 {
            return Err(io::Error::last_os_error());
        }
        // A core dump of a crash on a hostile PDF helps no one.
        let core = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
        libc::setrlimit(libc::RLIMIT_CORE, &core);
    }
    Ok(())
}

/// The child: `ratsinfo extract-pdf FILE` writes the text of FILE to
/// standard output, after [`MAGIC`]. Exit 0 with text, [`UNREADABLE`] with
/// the reason on standard error. Sets its own limits as well, in case it
/// was started by hand.
pub fn child_main(path: &Path) -> ExitCode {
    let _ = set_limits(30, 1 << 30);
    // A panic message would be noise for the parent: it says "abgestürzt".
    std::panic::set_hook(Box::new(|_| {}));
    match pdf_text(path) {
        Ok(text) => {
            let mut out = io::stdout().lock();
            match out
                .write_all(MAGIC)
                .and_then(|()| out.write_all(text.as_bytes()))
                .and_then(|()| out.flush())
            {
                Ok(()) => ExitCode::SUCCESS,
                Err(_) => ExitCode::from(UNREADABLE),
            }
        }
        Err(why) => {
            let _ = writeln!(io::stderr(), "{why}");
            ExitCode::from(UNREADABLE)
        }
    }
}

/// The text of the PDF at `path`, page by page; pages that cannot be read
/// are left out. In this process: only for the child.
fn pdf_text(path: &Path) -> Result<String, String> {
    let (bytes, _) = crate::files::read(path, MAX_PDF_BYTES).map_err(|e| e.message())?;
    if bytes.is_empty() {
        return Err(s::PDF_LEER.to_owned());
    }
    if !bytes.starts_with(b"%PDF") && !bytes[..bytes.len().min(1024)].windows(5).any(|w| w == b"%PDF-") {
        return Err(s::PDF_KEIN_PDF.to_owned());
    }
    let doc = lopdf::Document::load_mem(&bytes).map_err(|e| s::pdf_kaputt(&e.to_string()))?;
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    if pages.is_empty() {
        return Err(s::PDF_KEINE_SEITEN.to_owned());
    }
    let mut text = String::new();
    let mut failed = None;
    for chunk in doc.extract_text_chunks(&pages) {
        match chunk {
            Ok(t) => text.push_str(&t),
            Err(e) => failed = Some(e.to_string()),
        }
    }
    match failed {
        Some(e) if text.trim().is_empty() => Err(s::pdf_kaputt(&e)),
        // Scanned pages, or a file cut short that still parsed: say so
        // rather than show nothing.
        None if text.trim().is_empty() => Err(s::PDF_OHNE_TEXT.to_owned()),
        _ => Ok(text),
    }
}
