//! `ratsinfo sync`: a city's council archive from its OParl API into a
//! folder that the ordinary loader reads — the only part of ratsinfo that
//! talks to the network.
//!
//! - [`client`]: HTTP, politely (pause, timeouts, retries, `Retry-After`);
//! - [`discover`]: from the URL given to the bodies and their folders;
//! - [`walk`]: each body's external lists, page by page, with the quirks
//!   of real servers;
//! - [`store`]: the archive on disk (segments, index, state, atomic writes);
//! - [`files`]: documents (`--files`);
//! - [`lock`]: one sync per archive; [`neu`]: what the last sync changed,
//!   for the UI; [`endpoints`]: the known cities (`--list`);
//!   [`progress`]: the progress bar; [`refs`]: references to objects the
//!   server does not deliver.
//!
//! This module holds the options, the summary, and the command's run.

pub mod client;
pub mod discover;
pub mod endpoints;
pub mod files;
pub mod lock;
pub mod neu;
pub mod page;
pub mod progress;
pub mod refs;
pub mod stamp;
pub mod store;
pub mod walk;

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::strings as s;
use crate::text::sanitize;
pub use files::FilesMode;

/// What `ratsinfo sync` was asked to do.
#[derive(Debug, Clone)]
pub struct Options {
    /// A System or Body URL, or the name of a known endpoint; none: refresh
    /// every archive made before.
    pub target: Option<String>,
    /// Where the archives are (one folder per body); none: the data
    /// directory.
    pub dir: Option<PathBuf>,
    pub files: FilesMode,
    pub json: bool,
    pub full: bool,
    pub delay: Duration,
    pub parallel: usize,
    pub timeout: Duration,
    pub max_file_size: u64,
    pub follow_hosts: bool,
    pub page_size: usize,
    pub retries: u32,
    pub backoff: Duration,
    /// Seconds subtracted from a list's last run for `modified_since`.
    pub overlap: i64,
    /// How long to wait for another sync of the same archive.
    pub lock_wait: Duration,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            target: None,
            dir: None,
            files: FilesMode::None,
            json: false,
            full: false,
            delay: Duration::from_millis(200),
            parallel: 1,
            timeout: Duration::from_secs(60),
            max_file_size: 50 << 20,
            follow_hosts: false,
            page_size: 1000,
            retries: 4,
            backoff: Duration::from_millis(500),
            overlap: 3600,
            lock_wait: Duration::from_secs(2),
        }
    }
}

/// A URL and what went wrong with it (or what is worth knowing).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Issue {
    pub url: String,
    pub message: String,
}

/// What a sync did, printed at the end (`--json`: as one object).
#[derive(Debug, Default, Clone, Serialize)]
pub struct Summary {
    pub requests: u64,
    /// List entries received (embedded objects not counted).
    pub objects: u64,
    pub created: u64,
    pub updated: u64,
    pub deleted: u64,
    /// Objects a full pass no longer found on the server (marked, kept).
    pub gone: u64,
    /// Documents downloaded.
    pub files: u64,
    /// Documents already there and unchanged.
    pub files_unchanged: u64,
    /// PDFs whose text was extracted (into the archive's `texts/`).
    pub texts: u64,
    pub bytes: u64,
    pub seconds: f64,
    pub pages: u64,
    pub retries: u64,
    /// The archive folders written, one per body.
    pub archives: Vec<String>,
    pub errors: Vec<Issue>,
    /// Hinweise: what is worth knowing but fetched all that was asked for.
    pub notes: Vec<Issue>,
}

/// The summary, shared by the workers of a run.
#[derive(Debug, Default)]
pub struct Report(Mutex<Summary>);

impl Report {
    pub fn with<R>(&self, f: impl FnOnce(&mut Summary) -> R) -> R {
        f(&mut self.0.lock().unwrap_or_else(|e| e.into_inner()))
    }

    pub fn error(&self, url: &str, message: impl Into<String>) {
        let issue = Issue { url: url.to_owned(), message: message.into() };
        self.with(|s| s.errors.push(issue));
    }

    pub fn note(&self, url: &str, message: impl Into<String>) {
        let issue = Issue { url: url.to_owned(), message: message.into() };
        self.with(|s| {
            if !s.notes.contains(&issue) {
                s.notes.push(issue)
            }
        });
    }
}

/// The platform's data directory for archives: `$XDG_DATA_HOME/ratsinfo`
/// (`~/.local/share/ratsinfo`), `~/Library/Application Support/ratsinfo`,
/// `%APPDATA%\ratsinfo\data`.
pub fn data_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "ratsinfo").map(|d| d.data_dir().to_owned())
}

/// The synced archives in the data directory, if there are any: what
/// `ratsinfo` without a path opens.
pub fn synced_archives() -> Option<PathBuf> {
    let dir = data_dir()?;
    (!archives_in(&dir).is_empty()).then_some(dir)
}

/// The body folders under `dir` that a sync made (each holds a state
/// file); `dir` itself when it is one.
pub fn archives_in(dir: &Path) -> Vec<PathBuf> {
    if dir.join(store::STATE).is_file() {
        return vec![dir.to_owned()];
    }
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.is_dir() && p.join(store::STATE).is_file())
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found
}

/// Runs `ratsinfo sync`: prints the summary (or the endpoint list) to
/// `out`, progress to stderr; exits 0 only when everything asked for was
/// fetched.
pub fn run(opts: &Options, out: &mut impl Write) -> io::Result<ExitCode> {
    let started = Instant::now();
    let stats = Arc::new(client::Stats::default());
    let report = Report::default();
    let settings = client::Settings {
        delay: opts.delay,
        timeout: opts.timeout,
        retries: opts.retries,
        backoff: opts.backoff,
        follow_hosts: opts.follow_hosts,
        ..client::Settings::default()
    };
    let client = client::Client::new(settings, Arc::clone(&stats));
    let bar = progress::Progress::new(std::io::stderr().is_terminal() && !opts.json);

    let base = match &opts.dir {
        Some(d) => d.clone(),
        None => match data_dir() {
            Some(d) => d,
            None => {
                writeln!(io::stderr(), "ratsinfo: {}", s::SYNC_KEIN_DATENVERZEICHNIS)?;
                return Ok(ExitCode::from(2));
            }
        },
    };

    let fatal = match &opts.target {
        Some(target) => {
            let url = match endpoints::resolve(target) {
                Some(url) => url,
                None => {
                    writeln!(io::stderr(), "ratsinfo: {}", s::kein_endpunkt(&sanitize(target)))?;
                    return Ok(ExitCode::from(2));
                }
            };
            walk::sync_url(opts, &base, &url, client, &report, &bar).err()
        }
        None => {
            let archives = archives_in(&base);
            if archives.is_empty() {
                writeln!(
                    io::stderr(),
                    "ratsinfo: {}",
                    s::noch_kein_archiv(&crate::text::display_name(&base))
                )?;
                return Ok(ExitCode::from(2));
            }
            let mut fatal = None;
            for dir in archives {
                if let Err(e) = walk::refresh(opts, &dir, client.clone(), &report, &bar) {
                    report.error(&crate::text::display_name(&dir), e.clone());
                    fatal.get_or_insert(e);
                }
            }
            fatal
        }
    };
    bar.finish();

    let mut summary = report.with(|s| s.clone());
    summary.requests = stats.requests.load(std::sync::atomic::Ordering::Relaxed);
    summary.bytes = stats.bytes.load(std::sync::atomic::Ordering::Relaxed);
    summary.retries = stats.retries.load(std::sync::atomic::Ordering::Relaxed);
    summary.seconds = (started.elapsed().as_secs_f64() * 100.0).round() / 100.0;

    if let Some(message) = &fatal
        && !summary.errors.iter().any(|e| &e.message == message)
    {
        let url = opts.target.clone().unwrap_or_default();
        summary.errors.push(Issue { url, message: message.clone() });
    }
    let nothing_written = summary.archives.is_empty();
    if opts.json {
        serde_json::to_writer(&mut *out, &summary)?;
        writeln!(out)?;
    } else if !(fatal.is_some() && nothing_written) {
        print_summary(out, &summary)?;
    }
    if let Some(message) = &fatal
        && nothing_written
    {
        // Nothing was written: one line says why.
        writeln!(io::stderr(), "ratsinfo: {}", sanitize(message))?;
    }
    let ok = fatal.is_none() && summary.errors.is_empty();
    Ok(if ok { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

/// `12.345` (German) or `12,345` (English).
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let sep = if s::en() { ',' } else { '.' };
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

/// Bytes for people: `12,3 MB` (German) or `12.3 MB` (English).
pub fn human_bytes(n: u64) -> String {
    if n < 1 << 20 {
        format!("{} kB", n.div_ceil(1024))
    } else {
        let mb = format!("{:.1} MB", n as f64 / (1 << 20) as f64);
        if s::en() { mb } else { mb.replace('.', ",") }
    }
}

/// The summary in the interface's language, every server text cleaned for
/// the terminal.
pub fn print_summary(out: &mut impl Write, sum: &Summary) -> io::Result<()> {
    for a in &sum.archives {
        writeln!(out, "{}", s::sync_archiv(&sanitize(a)))?;
    }
    let gone = if sum.gone > 0 { s::sync_nicht_mehr_da(&thousands(sum.gone)) } else { String::new() };
    let [requests, pages, objects, created, updated, deleted] =
        [sum.requests, sum.pages, sum.objects, sum.created, sum.updated, sum.deleted].map(thousands);
    writeln!(out, "{}", s::sync_zahlen(&requests, &pages, &objects, &created, &updated, &deleted, &gone))?;
    if sum.files > 0 || sum.files_unchanged > 0 {
        let [files, unchanged, texts] = [sum.files, sum.files_unchanged, sum.texts].map(thousands);
        writeln!(out, "{}", s::sync_dokumente(&files, &unchanged, &texts))?;
    }
    let secs = sum.seconds.max(0.001);
    writeln!(
        out,
        "{}",
        s::sync_dauer(&human_bytes(sum.bytes), sum.seconds, sum.objects as f64 / secs, sum.retries)
    )?;
    for n in &sum.notes {
        writeln!(out, "{}: {}: {}", s::HINWEIS, sanitize(&n.url), sanitize(&n.message))?;
    }
    for e in &sum.errors {
        writeln!(out, "{}: {}: {}", s::FEHLER, sanitize(&e.url), sanitize(&e.message))?;
    }
    if sum.errors.is_empty() {
        writeln!(out, "{}", s::ALLES_GEHOLT)?;
    } else {
        writeln!(out, "{}", s::nicht_alles_geholt(sum.errors.len()))?;
    }
    Ok(())
}
