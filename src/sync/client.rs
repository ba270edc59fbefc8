//! HTTP for `sync`: one blocking client (ureq: rustls, gzip, proxies from
//! the environment), polite by default and patient with fragile servers.
//!
//! - a `User-Agent` naming ratsinfo, its version and its repository;
//! - a pause between two requests of one worker (`--delay`);
//! - connect and read timeouts;
//! - retries with exponential back-off on network errors, truncated
//!   bodies, 429, 500, 502, 503 and 504, honouring `Retry-After` (seconds
//!   or an HTTP date, which is read against the server's own `Date`);
//!   what a caller's check of the answer calls transient (an HTML error
//!   page with status 200, JSON cut short) is retried the same way;
//! - redirects followed here, not by ureq, so that one to another host is
//!   refused (an error for that URL) unless `--follow-hosts`: ureq would
//!   follow it anywhere, silently.

use std::io::Read;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use super::stamp;
use crate::strings as s;

/// What every request of a run counts into, shared by all workers.
#[derive(Debug, Default)]
pub struct Stats {
    pub requests: AtomicU64,
    /// Bytes of the answers' bodies (after gzip decoding).
    pub bytes: AtomicU64,
    pub retries: AtomicU64,
}

/// How to talk to servers.
#[derive(Clone, Debug)]
pub struct Settings {
    pub delay: Duration,
    pub timeout: Duration,
    pub retries: u32,
    /// The first back-off; doubled on each further attempt.
    pub backoff: Duration,
    /// The longest wait for one `Retry-After`.
    pub max_wait: Duration,
    /// Follow redirects to other hosts (`--follow-hosts`).
    pub follow_hosts: bool,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            delay: Duration::from_millis(200),
            timeout: Duration::from_secs(60),
            retries: 4,
            backoff: Duration::from_millis(500),
            max_wait: Duration::from_secs(120),
            follow_hosts: false,
        }
    }
}

/// The User-Agent: who we are, and where a city's admin finds us: the
/// `repository` of Cargo.toml. The project has no public home yet, so
/// that is empty and left out; a made-up address would send them nowhere.
pub fn user_agent() -> String {
    agent(env!("CARGO_PKG_VERSION"), env!("CARGO_PKG_REPOSITORY"))
}

fn agent(version: &str, repository: &str) -> String {
    match repository.trim() {
        "" => format!("ratsinfo/{version} (OParl-Synchronisation)"),
        home => format!("ratsinfo/{version} (OParl-Synchronisation; +{home})"),
    }
}

/// A complete answer.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub body: Vec<u8>,
    pub content_type: String,
    /// The server's clock (`Date`).
    pub date: Option<i64>,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub retry_after: Option<String>,
}

impl Reply {
    pub fn is_html(&self) -> bool {
        self.content_type.to_ascii_lowercase().contains("text/html") || looks_like_html(&self.body)
    }
}

/// Whether bytes begin like an HTML page (after white space and a BOM).
pub fn looks_like_html(bytes: &[u8]) -> bool {
    let b = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = b.iter().position(|c| !c.is_ascii_whitespace()).unwrap_or(b.len());
    let head: Vec<u8> = b[start..b.len().min(start + 15)].to_ascii_lowercase();
    head.starts_with(b"<!doctype html") || head.starts_with(b"<html") || head.starts_with(b"<head")
}

/// What a caller makes of an answer with a status it did not retry.
pub enum Verdict {
    Accept,
    /// Transient: try again (the reason is reported if the retries run out).
    Retry(String),
    /// Final: report and give up on this URL.
    Fail(String),
}

/// Why a URL could not be fetched, in German, for the summary.
#[derive(Debug, Clone)]
pub struct Failure {
    pub message: String,
    /// The last answer's status, if there was one.
    pub status: Option<u16>,
}

/// One worker's client: the agent (connections are shared) and the time
/// of its last request, for the pause between requests.
#[derive(Clone)]
pub struct Client {
    agent: ureq::Agent,
    pub settings: Settings,
    pub stats: Arc<Stats>,
    last: Option<Instant>,
}

/// The largest JSON answer read into memory (a list page).
const MAX_PAGE: u64 = 512 << 20;

/// Redirects followed for one request, as browsers and ureq do.
const MAX_REDIRECTS: u32 = 10;

/// Why a request brought no answer to read.
enum Unanswered {
    /// A network error: worth another try.
    Network(String),
    /// A redirect not followed (another host, or too many): final.
    Refused { message: String, status: u16 },
}

impl Client {
    pub fn new(settings: Settings, stats: Arc<Stats>) -> Client {
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .user_agent(user_agent())
            .timeout_connect(Some(settings.timeout.min(Duration::from_secs(30))))
            .timeout_per_read(Some(settings.timeout))
            .timeout_resolve(Some(settings.timeout.min(Duration::from_secs(30))))
            // Redirects are followed in `call`, where their hosts are checked.
            .max_redirects(0)
            .build();
        Client { agent: config.new_agent(), settings, stats, last: None }
    }

    /// Waits until the pause after the previous request is over.
    fn pause(&mut self) {
        if let Some(last) = self.last {
            let due = last + self.settings.delay;
            let now = Instant::now();
            if due > now {
                std::thread::sleep(due - now);
            }
        }
    }

    /// Sends a GET and follows redirects on the same host (any host with
    /// `follow_hosts`). Each hop counts as a request and keeps the pause.
    fn call(
        &mut self,
        url: &str,
        headers: &[(&str, &str)],
        accept_json: bool,
    ) -> Result<ureq::http::Response<ureq::Body>, Unanswered> {
        let mut current = url.to_owned();
        for _ in 0..=MAX_REDIRECTS {
            self.pause();
            self.stats.requests.fetch_add(1, Ordering::Relaxed);
            let mut rq = self.agent.get(&current);
            if accept_json {
                rq = rq.header("Accept", "application/json, */*;q=0.5");
            }
            for (k, v) in headers {
                rq = rq.header(*k, *v);
            }
            let result = rq.call();
            self.last = Some(Instant::now());
            let resp = result.map_err(|e| Unanswered::Network(describe(&e)))?;
            let status = resp.status().as_u16();
            let location = resp.headers().get("location").and_then(|v| v.to_str().ok());
            let (true, Some(location)) = (matches!(status, 301 | 302 | 303 | 307 | 308), location) else {
                return Ok(resp);
            };
            let next = clean_url(&resolve(&current, location));
            if host_of(&next) != host_of(url) && !self.settings.follow_hosts {
                return Err(Unanswered::Refused { message: s::weiterleitung_anderer_host(&next), status });
            }
            current = next;
        }
        Err(Unanswered::Refused { message: s::ZU_VIELE_WEITERLEITUNGEN.to_owned(), status: 0 })
    }

    /// One request, no retries. `Err` is a network error or a body that
    /// ended early (retried), or a redirect refused (final).
    fn once(&mut self, url: &str, headers: &[(&str, &str)]) -> Result<Reply, Unanswered> {
        let mut resp = self.call(url, headers, true)?;
        let status = resp.status().as_u16();
        let header = |name: &str| resp.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
        let content_type = header("content-type").unwrap_or_default();
        let date = header("date").and_then(|d| stamp::parse_http_date(&d));
        let etag = header("etag");
        let last_modified = header("last-modified");
        let retry_after = header("retry-after");
        let body = resp.body_mut().with_config().limit(MAX_PAGE).read_to_vec();
        self.last = Some(Instant::now());
        match body {
            Ok(body) => {
                self.stats.bytes.fetch_add(body.len() as u64, Ordering::Relaxed);
                Ok(Reply { status, body, content_type, date, etag, last_modified, retry_after })
            }
            Err(e) => Err(Unanswered::Network(s::antwort_unvollstaendig(&describe(&e)))),
        }
    }

    /// GETs `url` until `check` accepts the answer or the retries run out.
    /// Statuses 429, 500, 502, 503, 504 and network errors are retried
    /// here; every other answer goes to `check`.
    pub fn get(
        &mut self,
        url: &str,
        headers: &[(&str, &str)],
        mut check: impl FnMut(&Reply) -> Verdict,
    ) -> Result<Reply, Failure> {
        let url = clean_url(url);
        let mut attempt = 0;
        loop {
            let (reason, status, wait) = match self.once(&url, headers) {
                Ok(reply) if matches!(reply.status, 429 | 500 | 502 | 503 | 504) => {
                    let wait = reply.retry_after.as_deref().and_then(|a| retry_after(a, reply.date));
                    (format!("HTTP {}", reply.status), Some(reply.status), wait)
                }
                Ok(reply) => match check(&reply) {
                    Verdict::Accept => return Ok(reply),
                    Verdict::Retry(why) => (why, Some(reply.status), None),
                    Verdict::Fail(why) => return Err(Failure { message: why, status: Some(reply.status) }),
                },
                Err(Unanswered::Network(why)) => (why, None, None),
                Err(Unanswered::Refused { message, status }) => {
                    return Err(Failure { message, status: (status > 0).then_some(status) });
                }
            };
            if attempt >= self.settings.retries {
                let tries = attempt + 1;
                let message = s::nach_versuchen(&reason, tries);
                return Err(Failure { message, status });
            }
            let backoff = self.settings.backoff * 2u32.saturating_pow(attempt);
            let wait = wait.unwrap_or(backoff).min(self.settings.max_wait);
            self.stats.retries.fetch_add(1, Ordering::Relaxed);
            std::thread::sleep(wait);
            attempt += 1;
        }
    }

    /// GETs a file into `sink`, at most `cap` bytes: with retries as
    /// [`Client::get`], starting again from the first byte each time.
    /// `check` sees the answer's head (status, type, dates; the body still
    /// empty) and decides before any byte is read; a 304 is returned as it
    /// is.
    pub fn download(
        &mut self,
        url: &str,
        headers: &[(&str, &str)],
        cap: u64,
        mut check: impl FnMut(&Reply) -> Verdict,
        sink: &mut dyn FnMut(Option<&[u8]>) -> std::io::Result<()>,
    ) -> Result<Reply, Failure> {
        let url = clean_url(url);
        let mut attempt = 0;
        loop {
            let result = self.call(&url, headers, false);
            let (reason, status, wait): (String, Option<u16>, Option<Duration>) = match result {
                Err(Unanswered::Network(why)) => (why, None, None),
                Err(Unanswered::Refused { message, status }) => {
                    return Err(Failure { message, status: (status > 0).then_some(status) });
                }
                Ok(mut resp) => {
                    let status = resp.status().as_u16();
                    let header = |name: &str| {
                        resp.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned)
                    };
                    let head = Reply {
                        status,
                        body: Vec::new(),
                        content_type: header("content-type").unwrap_or_default(),
                        date: header("date").and_then(|d| stamp::parse_http_date(&d)),
                        etag: header("etag"),
                        last_modified: header("last-modified"),
                        retry_after: header("retry-after"),
                    };
                    let length = header("content-length").and_then(|l| l.trim().parse::<u64>().ok());
                    if matches!(status, 429 | 500 | 502 | 503 | 504) {
                        let wait = head.retry_after.as_deref().and_then(|a| retry_after(a, head.date));
                        (format!("HTTP {status}"), Some(status), wait)
                    } else if status == 304 {
                        self.last = Some(Instant::now());
                        return Ok(head);
                    } else {
                        match check(&head) {
                            Verdict::Fail(why) => {
                                self.last = Some(Instant::now());
                                return Err(Failure { message: why, status: Some(status) });
                            }
                            Verdict::Retry(why) => (why, Some(status), None),
                            Verdict::Accept if length.is_some_and(|l| l > cap) => {
                                self.last = Some(Instant::now());
                                return Err(Failure { message: too_big(cap), status: Some(status) });
                            }
                            Verdict::Accept => {
                                match stream(resp.body_mut().as_reader(), cap, sink, &self.stats) {
                                    Ok(Streamed::Done) => {
                                        self.last = Some(Instant::now());
                                        return Ok(head);
                                    }
                                    Ok(Streamed::TooBig) => {
                                        self.last = Some(Instant::now());
                                        return Err(Failure { message: too_big(cap), status: Some(status) });
                                    }
                                    Err(Stop::Sink(e)) => {
                                        self.last = Some(Instant::now());
                                        return Err(Failure {
                                            message: s::schreiben_fehlgeschlagen(&e.to_string()),
                                            status: Some(status),
                                        });
                                    }
                                    Err(Stop::Read(e)) => {
                                        (s::uebertragung_abgebrochen(&e.to_string()), Some(status), None)
                                    }
                                }
                            }
                        }
                    }
                }
            };
            self.last = Some(Instant::now());
            if attempt >= self.settings.retries {
                let tries = attempt + 1;
                return Err(Failure { message: s::nach_versuchen(&reason, tries), status });
            }
            let backoff = self.settings.backoff * 2u32.saturating_pow(attempt);
            let wait = wait.unwrap_or(backoff).min(self.settings.max_wait);
            self.stats.retries.fetch_add(1, Ordering::Relaxed);
            std::thread::sleep(wait);
            attempt += 1;
        }
    }
}

fn too_big(cap: u64) -> String {
    s::datei_ueber_grenze(cap.div_ceil(1 << 20))
}

enum Streamed {
    Done,
    TooBig,
}

enum Stop {
    Read(std::io::Error),
    Sink(std::io::Error),
}

/// Copies a body into `sink` (`None` first: start afresh), at most `cap`
/// bytes.
fn stream(
    mut r: impl Read,
    cap: u64,
    sink: &mut dyn FnMut(Option<&[u8]>) -> std::io::Result<()>,
    stats: &Stats,
) -> Result<Streamed, Stop> {
    sink(None).map_err(Stop::Sink)?;
    let mut buf = vec![0u8; 64 * 1024];
    let mut total = 0u64;
    loop {
        let n = match r.read(&mut buf) {
            Ok(0) => return Ok(Streamed::Done),
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(Stop::Read(e)),
        };
        total += n as u64;
        stats.bytes.fetch_add(n as u64, Ordering::Relaxed);
        if total > cap {
            return Ok(Streamed::TooBig);
        }
        sink(Some(&buf[..n])).map_err(Stop::Sink)?;
    }
}

/// How long `Retry-After` asks to wait: seconds, or an HTTP date, read
/// against the server's `Date` when it sent one (clocks differ).
pub fn retry_after(value: &str, server_now: Option<i64>) -> Option<Duration> {
    let v = value.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = stamp::parse_http_date(v)?;
    let now = server_now.unwrap_or_else(stamp::now);
    Some(Duration::from_secs(at.saturating_sub(now).max(0) as u64))
}

/// A network error in the interface's language.
fn describe(e: &ureq::Error) -> String {
    match e {
        ureq::Error::Timeout(_) => s::ZEITUEBERSCHREITUNG.to_owned(),
        ureq::Error::HostNotFound => s::RECHNER_NICHT_GEFUNDEN.to_owned(),
        ureq::Error::ConnectionFailed => s::VERBINDUNG_FEHLGESCHLAGEN.to_owned(),
        ureq::Error::Io(io) => s::netzwerkfehler(&io.to_string()),
        ureq::Error::BodyExceedsLimit(n) => s::antwort_zu_gross(*n),
        ureq::Error::TooManyRedirects => s::ZU_VIELE_WEITERLEITUNGEN.to_owned(),
        ureq::Error::BadUri(u) => s::ungueltige_adresse(u),
        other => format!("{}: {other}", s::FEHLER),
    }
}

/// A URL as servers write it in links, made sendable: characters that may
/// not stand in a URL (blanks, quotes, non-ASCII) are percent-encoded; the
/// rest, `:` and `+` included, stays as the server wrote it.
pub fn clean_url(url: &str) -> String {
    let url = url.trim();
    let mut out = String::with_capacity(url.len());
    for b in url.bytes() {
        let keep = b.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&'()*+,;=%".contains(&b);
        if keep {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Where a redirect's `Location` leads from `base`: an absolute URL as it
/// is; `//host/…` with the base's scheme; `/path`, `?query` and relative
/// paths on the base's host (RFC 3986 §5.2, without dot segments, which
/// the server resolves).
pub fn resolve(base: &str, location: &str) -> String {
    let location = location.trim();
    if let Some(colon) = location.find(':')
        && location[..colon].bytes().all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b))
        && location[..colon].bytes().next().is_some_and(|b| b.is_ascii_alphabetic())
    {
        return location.to_owned();
    }
    let base = base.split('#').next().unwrap_or(base);
    let (scheme, rest) = base.split_once("://").unwrap_or(("http", base));
    if let Some(net) = location.strip_prefix("//") {
        return format!("{scheme}://{net}");
    }
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let origin = &base[..scheme.len() + 3 + authority_end];
    let path_and_query = &rest[authority_end..];
    let path = path_and_query.split('?').next().unwrap_or("");
    if location.starts_with('/') {
        format!("{origin}{location}")
    } else if location.starts_with('?') {
        format!("{origin}{path}{location}")
    } else if location.is_empty() {
        base.to_owned()
    } else {
        let folder = &path[..path.rfind('/').map_or(0, |i| i + 1)];
        let folder = if folder.is_empty() { "/" } else { folder };
        format!("{origin}{folder}{location}")
    }
}

/// The host (and port) of a URL, lower-cased: `http://A:8/x` → `a:8`.
pub fn host_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let host = &rest[..end];
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    host.to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_user_agent_names_the_program_its_version_and_its_home_when_it_has_one() {
        assert_eq!(agent("0.3.0", ""), "ratsinfo/0.3.0 (OParl-Synchronisation)");
        assert_eq!(
            agent("0.3.0", "https://example.org/ratsinfo"),
            "ratsinfo/0.3.0 (OParl-Synchronisation; +https://example.org/ratsinfo)"
        );
        assert!(user_agent().starts_with(&format!("ratsinfo/{} ", env!("CARGO_PKG_VERSION"))));
    }

    #[test]
    fn retry_after_in_both_forms() {
        assert_eq!(retry_after("7", None), Some(Duration::from_secs(7)));
        let now = 1_741_003_200;
        assert_eq!(retry_after("Mon, 03 Mar 2025 12:00:09 GMT", Some(now)), Some(Duration::from_secs(9)));
        assert_eq!(retry_after("Mon, 03 Mar 2025 11:00:00 GMT", Some(now)), Some(Duration::ZERO));
        assert_eq!(retry_after("bald", Some(now)), None);
    }

    #[test]
    fn urls_are_made_sendable_and_keep_what_servers_wrote() {
        assert_eq!(
            clean_url("http://h/p?modified_since=2020-01-01T00:00:00+01:00&page=2"),
            "http://h/p?modified_since=2020-01-01T00:00:00+01:00&page=2"
        );
        assert_eq!(clean_url(" http://h/a b\"ä "), "http://h/a%20b%22%C3%A4");
        assert_eq!(host_of("http://User@LocalHost:80/x?y"), "localhost:80");
        assert_eq!(host_of("https://ris.example.org"), "ris.example.org");
    }

    #[test]
    fn redirect_locations_are_read_against_the_url_they_came_from() {
        let base = "http://h:8/oparl/v1/bodies/1/papers?page=2";
        assert_eq!(resolve(base, "https://other.example/x"), "https://other.example/x");
        assert_eq!(resolve(base, "//other.example/x"), "http://other.example/x");
        assert_eq!(resolve(base, "/neu/papers?page=2"), "http://h:8/neu/papers?page=2");
        assert_eq!(resolve(base, "?page=3"), "http://h:8/oparl/v1/bodies/1/papers?page=3");
        assert_eq!(resolve(base, "papiere"), "http://h:8/oparl/v1/bodies/1/papiere");
        assert_eq!(resolve("http://h", "x"), "http://h/x");
        assert_eq!(resolve(base, " HTTP://Localhost:8/y "), "HTTP://Localhost:8/y");
        assert_ne!(host_of(&resolve(base, "//localhost:8/x")), host_of(base));
        assert_eq!(host_of(&resolve(base, "/x")), host_of(base));
    }

    #[test]
    fn html_is_recognised() {
        assert!(looks_like_html(b"\n  <!DOCTYPE html><html>"));
        assert!(looks_like_html(b"<HTML><body>"));
        assert!(!looks_like_html(b"%PDF-1.4"));
        assert!(!looks_like_html(b"{\"data\":[]}"));
    }
}
