//! A local OParl 1.0/1.1 server for the tests, the benchmark and manual
//! tries of `ratsinfo sync`: a generated city of realistic shape, served
//! from 127.0.0.1 with the quirks of real council systems and the faults of
//! real networks switchable by name. Nothing here talks to any other host.
//!
//! Included with `#[path]`, like `examples/support/rng.rs`:
//!
//! ```ignore
//! #[path = "../examples/support/oparl_server/mod.rs"]
//! mod oparl_server;
//! use oparl_server::{City, CityConfig, OparlServer, Quirk, Quirks};
//!
//! let server = OparlServer::start(City::generate(&CityConfig::default()), Quirks::default());
//! let system = server.system_url();          // http://127.0.0.1:PORT/oparl/v1/system
//! server.with_city(|c| c.delete(oparl_server::ObjectId::paper(3)));
//! server.set_quirk(Quirk::EmptyList404, true);
//! assert_eq!(server.count_matching(|r| r.status == 200), 0);
//! // dropping `server` stops it
//! ```
//!
//! Run it by hand: `cargo run --release --example oparl-server -- --help`.
//!
//! # The API
//!
//! - [`City::generate`]`(&CityConfig)`: the city, deterministic from `seed`
//!   and the sizes (`now: None` takes the real clock). [`City::counts`]
//!   gives objects per kind, alive and deleted: what a full sync must end
//!   with. Changes between syncs: [`City::modify`], [`City::delete`],
//!   [`City::add_paper`], [`City::add_meeting`], each stamping `modified`
//!   with the server clock, which stands still unless moved with
//!   [`City::advance`] / [`City::set_now`]. [`City::file_text`] is the text
//!   of a file's PDF, [`City::file_phrase`] a phrase that stands only there.
//! - [`OparlServer::start`]`(city, quirks)` binds `127.0.0.1:0` (a free port,
//!   so tests run in parallel) and answers on 8 worker threads;
//!   [`OparlServer::start_with`] takes a port and a thread count. Dropping
//!   the server stops it.
//! - URLs: [`OparlServer::system_url`], [`OparlServer::body_url`],
//!   [`OparlServer::list_url`], [`OparlServer::url`]`(ObjectId)`.
//! - The city while serving: [`OparlServer::with_city`] (write) and
//!   [`OparlServer::city`] (read).
//! - Switches: [`OparlServer::set_quirk`], [`OparlServer::set_fault`],
//!   [`OparlServer::update_quirks`] (page sizes, delays, `times_per_url`,
//!   `only_urls_containing`, gzip); how often each struck:
//!   [`OparlServer::quirk_hits`], [`OparlServer::fault_hits`].
//! - The request log: [`OparlServer::requests`],
//!   [`OparlServer::count_matching`], [`OparlServer::reset_log`]; each
//!   [`Logged`] has method, URL as sent, `Host`, status, bytes, time,
//!   `User-Agent`, `Accept-Encoding`, conditional headers, gzip, and the
//!   switch that shaped the answer.
//!
//! # URLs
//!
//! Under `http://127.0.0.1:PORT/oparl/v1`:
//!
//! | path | answer |
//! |---|---|
//! | `/system` (and `/`) | the System |
//! | `/bodies` | list of Bodies |
//! | `/bodies/{b}` | a Body (1, or 2 with `second_body`) |
//! | `/bodies/{b}/{list}` | a list: `organizations`, `persons`, `meetings`, `papers`; in 1.1 with `sub_lists` also `memberships`, `agendaitems`, `consultations`, `files`, `locations`, `legislativeterms` |
//! | `/bodies/{b}/{list}/{n}` | one object (a tombstone when deleted) |
//! | `/access/{n}.pdf`, `/download/{n}.pdf` | a file's bytes (download with `Content-Disposition: attachment`) |
//!
//! `web` URLs point to small HTML pages under `/web/`. Lists take `page`
//! (1-based), `limit` or `elementsPerPage` (default 100, at most 1000), and
//! `created_since`, `created_until`, `modified_since`, `modified_until`
//! (RFC 3339; a space where the offset's `+` was is read as `+`). Lists are
//! in object-number order, so paging is stable while nothing is deleted;
//! filtered lists include deleted objects as tombstones `{id, type,
//! created, modified, deleted: true}`. Links carry the filters (`+` as
//! `%2B`) and the client's `limit`. Files answer with `Content-Length`,
//! `ETag`, `Last-Modified`, and 304 to `If-None-Match` /
//! `If-Modified-Since`; JSON is gzip-encoded when the client accepts it.
//! Every answer's `Date` is the server clock.
//!
//! # The city
//!
//! System → Body (and optionally a second, smaller one) → organizations
//! (committees, factions, departments), persons with embedded memberships,
//! meetings with embedded agenda items, location and files (`invitation`,
//! `resultsProtocol`, `verbatimProtocol`, `auxiliaryFile`), papers with
//! embedded consultations, `mainFile`, `auxiliaryFile`, `originatorPerson`,
//! `underDirectionOf`, super-/sub-ordinated and related papers. The
//! patterns of real data: two meetings of one organization on one evening
//! (every 41st meeting), three agenda items with the same number and name
//! and different results (every 17th meeting), two papers with one
//! `reference` (every 97th paper), planned consultations with `"meeting":
//! null`, meetings of an organization that is not in the list (every 53rd),
//! cancelled meetings, future meetings (to two months after now, without
//! results), agenda item numbers like `4.1`, `order` from 100001 in the
//! second body. Deleting a sub-object (agenda item, consultation,
//! membership) removes it from its parent, which counts as modified, and
//! leaves a tombstone in its own list.
//!
//! # Quirks (`--quirk NAME`, [`Quirk`])
//!
//! | name | what | seen |
//! |---|---|---|
//! | `html-error-page` | a list page answers an HTML error page with status 200 (once per URL) | portals behind proxies |
//! | `truncated-body` | JSON cut in half, `Content-Length` matching (once per URL) | servers hitting time or memory limits |
//! | `next-drops-filter` | `links.next` lacks `modified_since` | |
//! | `next-repeats-page` | the last page's `next` is the first page | |
//! | `ignore-limit` | `limit` ignored | |
//! | `empty-list-404` / `empty-list-400` | an empty filtered list answers 404 / 400 with SD.NET's error object | Sternberg SD.NET (meine-stadt-transparent `SternbergLoader`) |
//! | `empty-list-array` | an empty filtered list answers `[]` | Sternberg SD.NET |
//! | `body-object-as-list` | `/bodies` answers the Body object | Krefeld |
//! | `no-fractional-seconds` | filter values with fractions answer 400 | |
//! | `reject-percent-encoding` | any `%` in the query answers 400; links are written raw | Somacos (`SomacosLoader`) |
//! | `na-values` | `"N/A"` and `""` for missing values | CC e-gov (`CCEgovLoader`) |
//! | `raw-control-chars` | raw TAB, VT, 0x01 in every 7th name: invalid JSON | CC e-gov |
//! | `embedded-no-type` | embedded objects lack `type` | Sternberg |
//! | `second-host` | files with odd numbers and the person list on `localhost` | |
//! | `system-html` / `system-404` | the System URL answers HTML / 404 | a wrong URL |
//! | `tombstones-in-full-lists` | tombstones in unfiltered lists too | Sternberg |
//! | `auxiliary-file-object` | a single `auxiliaryFile` as an object, not an array | CC e-gov |
//! | `dangling-references` | every 4th consultation names a paper, every 6th a meeting, that the server does not have (404) | most real mirrors |
//! | `redirect-same-host` | list pages answer 301 to a path on the same host | servers that moved their API |
//! | `redirect-second-host` | the paper list answers 302 to `localhost` | |
//! | `purge-during-walk` | page 2 of an unfiltered list first deletes the list's first object: the pages shift | servers that purge |
//!
//! # Faults (`--fault NAME`, [`Fault`])
//!
//! Once per URL (`times_per_url`, default 1, then the URL answers
//! normally), on `/oparl/` URLs, optionally only those containing
//! `only_urls_containing`: `rate-limit` (429, `Retry-After` seconds),
//! `rate-limit-date` (429, `Retry-After` HTTP-date), `error-500`,
//! `error-502`, `error-503`, `error-504`, `slow` (answers after
//! `slow_delay`, default 3 s), `close-mid-body` (full `Content-Length`,
//! half the body, connection shut down). On every file download:
//! `file-oversized` (`oversize_bytes`, default 64 MiB), `file-html` (an HTML
//! page with 200), `file-404`; and in the JSON, `file-hostile-names`
//! (`../../etc/passwd`, ESC sequences and other control characters, 300
//! characters, empty, an absolute path; also in `Content-Disposition` as
//! far as a header can carry them). [`OparlServer::fault_hits`] and
//! [`OparlServer::quirk_hits`] count the answers each switch shaped; those
//! that shape how objects are written (`na-values`, `raw-control-chars`,
//! `embedded-no-type`, `second-host`, `auxiliary-file-object`,
//! `dangling-references`, `file-hostile-names`) count every JSON answer
//! written while on; the redirects count each redirect.
//!
//! # Limits
//!
//! HTTP/1.1 without TLS; GET and HEAD only. `close-mid-body` finds the
//! socket among the process's descriptors (tiny_http exposes none), so it
//! works on Unix only. Paging is by page number: deleting while a client
//! pages shifts later pages unless tombstones stay in the list. The clock
//! stands still: `Date`, stamps and `Retry-After` dates use it.
//!
//! Speed (release build, 2 shared cores; the ignored test
//! `a_big_city_starts_in_under_a_second_and_serves_a_walk_fast`): a city
//! of 200,000 objects starts in 20–60 ms; a walk of the four core lists at
//! `limit=1000` is served at about 60,000 objects/s (embedded ones
//! counted) the first time, when every file's PDF is made once for its
//! `size` and checksum, and at about 150,000 objects/s after.

#![allow(dead_code, unused_imports)]

mod city;
mod http;
mod log;
mod pdf;
mod quirks;
mod render;
#[path = "../rng.rs"]
mod rng;
mod time;

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::thread::JoinHandle;

pub use city::{
    City, CityConfig, Counts, FileRole, Kind, KindCount, Meta, NewMeeting, NewPaper, ObjectId, Version,
};
pub use log::{Logged, params, percent_decode};
pub use pdf::{pdf, sha1_hex};
pub use quirks::{DANGLING, Fault, Quirk, Quirks, dangling_meeting, dangling_paper};
pub use time::{http_date, parse_http_date, parse_rfc3339, rfc3339};

/// Where and how to serve.
#[derive(Clone, Debug)]
pub struct ServerOptions {
    /// 0: a free port.
    pub port: u16,
    /// Worker threads answering requests (a slow answer holds one).
    pub threads: usize,
}

impl Default for ServerOptions {
    fn default() -> ServerOptions {
        ServerOptions { port: 0, threads: 8 }
    }
}

/// A running server. Dropping it stops it.
pub struct OparlServer {
    shared: Arc<http::Shared>,
    server: Arc<tiny_http::Server>,
    workers: Vec<JoinHandle<()>>,
}

impl OparlServer {
    /// Serves `city` on a free port of 127.0.0.1. Panics if it cannot bind,
    /// which in a test is the right answer.
    pub fn start(city: City, quirks: Quirks) -> OparlServer {
        OparlServer::start_with(city, quirks, &ServerOptions::default()).expect("bind 127.0.0.1")
    }

    pub fn start_with(city: City, quirks: Quirks, options: &ServerOptions) -> std::io::Result<OparlServer> {
        let server = tiny_http::Server::http(("127.0.0.1", options.port)).map_err(std::io::Error::other)?;
        let local =
            server.server_addr().to_ip().ok_or_else(|| std::io::Error::other("not an IP listener"))?;
        let server = Arc::new(server);
        let shared = Arc::new(http::Shared::new(city, quirks, local));
        let workers = (0..options.threads.max(1))
            .map(|i| {
                let (shared, server) = (Arc::clone(&shared), Arc::clone(&server));
                std::thread::Builder::new()
                    .name(format!("oparl-server-{i}"))
                    .spawn(move || http::work(&shared, &server))
                    .expect("spawn a worker")
            })
            .collect();
        Ok(OparlServer { shared, server, workers })
    }

    pub fn addr(&self) -> SocketAddr {
        self.shared.local
    }

    pub fn port(&self) -> u16 {
        self.shared.local.port()
    }

    /// `http://127.0.0.1:PORT/oparl/v1`
    pub fn base_url(&self) -> &str {
        &self.shared.base
    }

    /// `http://127.0.0.1:PORT` followed by `path`.
    pub fn root_url(&self, path: &str) -> String {
        format!("{}{path}", self.shared.root)
    }

    pub fn system_url(&self) -> String {
        format!("{}/system", self.shared.base)
    }

    /// The first Body's URL.
    pub fn body_url(&self) -> String {
        format!("{}/bodies/1", self.shared.base)
    }

    /// A body's list of `kind`, e.g. `list_url(1, Kind::Paper)`.
    pub fn list_url(&self, body: u32, kind: Kind) -> String {
        format!("{}/bodies/{body}/{}", self.shared.base, kind.segment())
    }

    pub fn url(&self, id: ObjectId) -> String {
        self.city(|c| c.url(id))
    }

    /// Changes the city while serving (requests wait meanwhile).
    pub fn with_city<R>(&self, f: impl FnOnce(&mut City) -> R) -> R {
        f(&mut self.shared.city.write().unwrap())
    }

    pub fn city<R>(&self, f: impl FnOnce(&City) -> R) -> R {
        f(&self.shared.city.read().unwrap())
    }

    pub fn counts(&self) -> Counts {
        self.city(City::counts)
    }

    pub fn now(&self) -> i64 {
        self.city(City::now)
    }

    pub fn advance(&self, secs: i64) {
        self.with_city(|c| c.advance(secs))
    }

    pub fn file_text(&self, id: ObjectId) -> String {
        self.city(|c| c.file_text(id))
    }

    pub fn file_phrase(&self, id: ObjectId) -> String {
        self.city(|c| c.file_phrase(id))
    }

    pub fn set_quirk(&self, q: Quirk, on: bool) {
        self.shared.quirks.write().unwrap().set(q, on);
    }

    pub fn set_fault(&self, f: Fault, on: bool) {
        self.shared.quirks.write().unwrap().set_fault(f, on);
    }

    /// Changes switches and parameters together.
    pub fn update_quirks(&self, f: impl FnOnce(&mut Quirks)) {
        f(&mut self.shared.quirks.write().unwrap());
    }

    pub fn quirks(&self) -> Quirks {
        self.shared.quirks.read().unwrap().clone()
    }

    /// How many answers this quirk shaped.
    pub fn quirk_hits(&self, q: Quirk) -> u64 {
        self.shared.quirk_hits[q as usize].load(Ordering::Relaxed)
    }

    /// How many answers this fault shaped.
    pub fn fault_hits(&self, f: Fault) -> u64 {
        self.shared.fault_hits[f as usize].load(Ordering::Relaxed)
    }

    /// Forgets which URLs once-per-URL switches have hit, so they strike
    /// again.
    pub fn reset_once(&self) {
        self.shared.once.lock().unwrap().clear();
    }

    /// Every request so far, in the order they were answered.
    pub fn requests(&self) -> Vec<Logged> {
        self.shared.log.lock().unwrap().clone()
    }

    pub fn count_matching(&self, pred: impl Fn(&Logged) -> bool) -> usize {
        self.shared.log.lock().unwrap().iter().filter(|r| pred(r)).count()
    }

    pub fn reset_log(&self) {
        self.shared.log.lock().unwrap().clear();
    }
}

impl Drop for OparlServer {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::Relaxed);
        self.server.unblock();
        for w in self.workers.drain(..) {
            let _ = w.join();
        }
    }
}
