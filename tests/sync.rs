//! `ratsinfo sync` against the local OParl test server
//! (examples/support/oparl_server): the real binary, with its data
//! directory in a temporary folder; nothing leaves 127.0.0.1.
//!
//! Each test says what a user would see: a full sync whose archive `check`
//! reads with the server's counts, incremental syncs that fetch little,
//! kills at any moment that the next run repairs, faults and the quirks of
//! real servers survived with complete data, files with hostile names
//! stored safely, and two syncs of one archive kept apart.

#[path = "../examples/support/oparl_server/mod.rs"]
mod oparl_server;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use oparl_server::{City, CityConfig, Fault, Kind, NewPaper, ObjectId, OparlServer, Quirk, Quirks, Version};
use serde_json::Value;

/// 2025-03-03T12:00:00Z: the server clock, fixed.
const NOW: i64 = 1_741_003_200;

fn config() -> CityConfig {
    CityConfig {
        papers: 60,
        meetings: 14,
        persons: 12,
        committees: 6,
        now: Some(NOW),
        ..CityConfig::default()
    }
}

fn server(config: &CityConfig, quirks: Quirks) -> OparlServer {
    OparlServer::start(City::generate(config), quirks)
}

/// A temporary home: data directory, HOME and the archive folder.
struct Home {
    root: PathBuf,
}

impl Home {
    fn new(name: &str) -> Home {
        let root = std::env::temp_dir().join(format!("ratsinfo-sync-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("home")).unwrap();
        std::fs::create_dir_all(root.join("data")).unwrap();
        Home { root }
    }

    /// `--dir`
    fn dir(&self) -> PathBuf {
        self.root.join("archiv")
    }

    /// The one body's folder.
    fn body(&self) -> PathBuf {
        let dirs: Vec<PathBuf> = std::fs::read_dir(self.dir())
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.is_dir())
            .collect();
        assert_eq!(dirs.len(), 1, "{dirs:?}");
        dirs[0].clone()
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_ratsinfo"));
        c.args(args)
            .env("HOME", self.root.join("home"))
            .env("XDG_DATA_HOME", self.root.join("data"))
            .env_remove("http_proxy")
            .env_remove("HTTP_PROXY")
            .env_remove("https_proxy")
            .env_remove("HTTPS_PROXY")
            .env_remove("ALL_PROXY")
            .env_remove("all_proxy")
            .stdin(Stdio::null());
        c
    }

    fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().unwrap()
    }

    /// `ratsinfo sync URL --dir DIR --json` with quick settings for tests.
    fn sync(&self, url: Option<&str>, extra: &[&str]) -> (Output, Value) {
        let dir = self.dir();
        let mut args = vec!["sync"];
        if let Some(u) = url {
            args.push(u);
        }
        args.extend(["--dir", dir.to_str().unwrap(), "--json", "--delay", "0", "--backoff-ms", "20"]);
        args.extend(extra);
        let out = self.run(&args);
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        let summary = serde_json::from_str(text.trim()).unwrap_or(Value::Null);
        (out, summary)
    }

    /// `ratsinfo check --json` of the archive folder.
    fn check(&self) -> Value {
        let out = self.run(&["check", "--json", self.dir().to_str().unwrap()]);
        serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("check --json: {e}: {}", String::from_utf8_lossy(&out.stdout)))
    }
}

impl Drop for Home {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            let _ = std::fs::remove_dir_all(&self.root);
        }
    }
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[track_caller]
fn assert_ok(out: &Output, summary: &Value) {
    assert!(
        out.status.success(),
        "exit {:?}\nstdout: {}\nstderr: {}",
        out.status,
        serde_json::to_string_pretty(summary).unwrap(),
        stderr(out)
    );
    assert_eq!(summary["errors"], serde_json::json!([]), "{summary:#}");
}

/// The archive loads without an error or a warning and holds what the
/// server holds.
#[track_caller]
fn assert_complete(home: &Home, s: &OparlServer) -> Value {
    let check = home.check();
    assert_eq!(check["errors"], serde_json::json!([]), "{check:#}");
    assert_eq!(check["warnings"], serde_json::json!([]), "{check:#}");
    let counts = s.counts();
    assert_eq!(check["vorlagen"], counts.alive(Kind::Paper), "Vorlagen");
    assert_eq!(check["sitzungen"], counts.alive(Kind::Meeting), "Sitzungen");
    assert_eq!(check["auszuege"], counts.alive(Kind::AgendaItem), "Auszüge (agenda items)");
    if s.city(|c| c.config.files) {
        assert_eq!(check["dokumente"], counts.alive(Kind::File), "Dokumente");
    }
    check
}

fn list_requests(s: &OparlServer) -> Vec<String> {
    s.requests().into_iter().filter(|r| r.path().starts_with("/oparl/v1/bodies/1/")).map(|r| r.url).collect()
}

// --- full and incremental ---------------------------------------------------

#[test]
fn a_full_sync_holds_what_the_server_holds() {
    let s = server(&config(), Quirks::default());
    let home = Home::new("full");
    let (out, summary) = home.sync(Some(&s.system_url()), &["--page-size", "25"]);
    assert_ok(&out, &summary);
    let check = assert_complete(&home, &s);
    assert_eq!(check["koerperschaften"], 1);
    // Every list entry came once: objects = the server's objects in lists.
    let counts = s.counts();
    let listed: usize = [
        Kind::Organization,
        Kind::Person,
        Kind::Meeting,
        Kind::Paper,
        Kind::AgendaItem,
        Kind::Consultation,
        Kind::File,
        Kind::Membership,
        Kind::Location,
        Kind::LegislativeTerm,
    ]
    .iter()
    .map(|&k| counts.alive(k))
    .sum();
    assert_eq!(summary["objects"], listed);
    assert_eq!(summary["created"], listed);
    // Polite: a User-Agent that says who, gzip asked for, one request at a
    // time (no two overlap).
    let log = s.requests();
    assert!(log.iter().all(|r| r.user_agent.as_deref().is_some_and(|u| u.starts_with("ratsinfo/")
        && u.contains(env!("CARGO_PKG_VERSION"))
        && u.contains("http"))));
    assert!(log.iter().all(|r| r.accept_encoding.as_deref().is_some_and(|a| a.contains("gzip"))));
    assert!(log.iter().all(|r| r.gzip));
    assert_eq!(summary["requests"], log.len());
    // The layout: state, segments, no temporary files.
    let body = home.body();
    assert!(body.join("ratsinfo-sync.state").is_file());
    assert!(body.join("body.json").is_file() && body.join("system.json").is_file());
    assert!(body.join("lists/paper/00000001.json").is_file());
    let leftovers =
        walk_files(&home.dir()).into_iter().filter(|p| p.to_string_lossy().ends_with(".tmp")).count();
    assert_eq!(leftovers, 0);
    // The first sync marks nothing as new: everything is.
    assert_eq!(std::fs::read_to_string(body.join("ratsinfo-sync.neu")).unwrap(), "");
}

fn walk_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk_files(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}

#[test]
fn an_incremental_sync_without_changes_asks_once_per_list() {
    let s = server(&config(), Quirks::default());
    let home = Home::new("nochange");
    let (out, summary) = home.sync(Some(&s.system_url()), &["--page-size", "10"]);
    assert_ok(&out, &summary);
    let lists = 10;
    s.reset_log();
    // With the URL again: System, the body list, one request per list.
    let (out, summary) = home.sync(Some(&s.system_url()), &["--page-size", "10"]);
    assert_ok(&out, &summary);
    assert!(
        s.requests().len() <= lists + 2,
        "{:#?}",
        s.requests().iter().map(|r| &r.url).collect::<Vec<_>>()
    );
    assert_eq!((summary["created"].as_u64(), summary["updated"].as_u64()), (Some(0), Some(0)));
    assert!(list_requests(&s).iter().all(|u| u.contains("modified_since=")), "{:#?}", list_requests(&s));
    // Without a URL (refresh what was synced before): the Body and the lists.
    s.reset_log();
    let (out, summary) = home.sync(None, &[]);
    assert_ok(&out, &summary);
    assert!(s.requests().len() <= lists + 1, "{}", s.requests().len());
    assert_complete(&home, &s);
}

#[test]
fn an_incremental_sync_applies_changes_additions_and_deletions() {
    let s = server(&config(), Quirks::default());
    let home = Home::new("incremental");
    let (out, summary) = home.sync(Some(&s.system_url()), &["--page-size", "20"]);
    assert_ok(&out, &summary);
    s.advance(2 * 3600);
    let (added, item) = s.with_city(|c| {
        assert!(c.modify(ObjectId::paper(3)));
        assert!(c.delete(ObjectId::paper(5)));
        assert!(c.modify(ObjectId::meeting(2)));
        let item = ObjectId::agenda_item(c.meetings[0].items[0]);
        assert!(c.delete(item));
        (
            c.add_paper(NewPaper {
                name: Some("Neue Vorlage zur Radverkehrsplanung".into()),
                ..NewPaper::default()
            }),
            item,
        )
    });
    s.reset_log();
    let (out, summary) = home.sync(None, &[]);
    assert_ok(&out, &summary);
    assert!(summary["created"].as_u64().unwrap() >= 1, "{summary:#}");
    assert!(summary["updated"].as_u64().unwrap() >= 2, "{summary:#}");
    assert!(summary["deleted"].as_u64().unwrap() >= 2, "{summary:#}");
    // Few requests: the Body and one page per list.
    assert!(s.requests().len() <= 11, "{}", s.requests().len());
    let check = assert_complete(&home, &s);
    assert!(check["deleted"].as_u64().unwrap() >= 2);
    // The deleted paper is gone, the new one there, the changed one new.
    let show = |r: &str| home.run(&["show", r, home.dir().to_str().unwrap()]);
    assert!(!show(&s.url(ObjectId::paper(5))).status.success());
    let new = show(&s.url(added));
    assert!(String::from_utf8_lossy(&new.stdout).contains("Radverkehrsplanung"));
    assert!(String::from_utf8_lossy(&show(&s.url(ObjectId::paper(3))).stdout).contains("Fassung 2"));
    // "neu": what this sync created or changed, not what it deleted.
    let neu = std::fs::read_to_string(home.body().join("ratsinfo-sync.neu")).unwrap();
    let neu: BTreeSet<&str> = neu.lines().collect();
    for id in [added, ObjectId::paper(3), ObjectId::meeting(2)] {
        assert!(neu.contains(s.url(id).as_str()), "{id:?} in {neu:?}");
    }
    assert!(!neu.contains(s.url(ObjectId::paper(5)).as_str()));
    assert!(!neu.contains(s.url(item).as_str()));
    // The next sync without changes empties it.
    let (out, summary) = home.sync(None, &[]);
    assert_ok(&out, &summary);
    assert_eq!(std::fs::read_to_string(home.body().join("ratsinfo-sync.neu")).unwrap(), "");
}

#[test]
fn a_full_pass_marks_what_the_server_lost_and_keeps_it() {
    let s = server(&config(), Quirks::default());
    let home = Home::new("reconcile");
    let (out, summary) = home.sync(Some(&s.system_url()), &[]);
    assert_ok(&out, &summary);
    // A paper vanishes without a tombstone (as on servers that purge).
    s.advance(3600);
    s.with_city(|c| c.delete(ObjectId::paper(9)));
    let (out, summary) = home.sync(None, &["--full"]);
    assert_ok(&out, &summary);
    // Not a deletion the server told of: marked as gone (the paper, and
    // what only it held: its consultations and files in their lists).
    assert!(summary["gone"].as_u64().unwrap() >= 1, "{summary:#}");
    assert_eq!(summary["deleted"], 0, "{summary:#}");
    let check = assert_complete(&home, &s);
    let gone = home.body().join("gone.json");
    assert!(gone.is_file(), "the vanished paper is marked");
    let text = std::fs::read_to_string(gone).unwrap();
    assert!(text.contains(&s.url(ObjectId::paper(9))) && text.contains("nicht mehr auf dem Server"));
    assert!(check["deleted"].as_u64().unwrap() >= 1);
    // Its last version is still on disk.
    let stored = walk_files(&home.body().join("lists/paper"))
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .any(|p| std::fs::read_to_string(p).unwrap().contains(&format!("\"{}\"", s.url(ObjectId::paper(9)))));
    assert!(stored);
}

// --- the archive opens like any other ------------------------------------

#[test]
fn ratsinfo_without_a_path_opens_the_synced_archives() {
    let s = server(&config(), Quirks::default());
    let home = Home::new("datadir");
    // Without --dir: the data directory.
    let out = home.run(&["sync", &s.system_url(), "--delay", "0", "--json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let data = home.root.join("data/ratsinfo");
    assert!(data.join("beispielstadt/ratsinfo-sync.state").is_file());
    let check = home.run(&["check", "--json", data.to_str().unwrap()]);
    let check: Value = serde_json::from_slice(&check.stdout).unwrap();
    assert_eq!(check["vorlagen"], s.counts().alive(Kind::Paper));
    // `ratsinfo sync` without URL refreshes it.
    let out = home.run(&["sync", "--delay", "0"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Alles geholt"), "{text}");
}

// --- what is not OParl --------------------------------------------------------

#[test]
fn a_url_that_is_not_oparl_gives_one_clear_line() {
    for q in [Quirk::SystemHtml, Quirk::System404] {
        let s = server(&config(), Quirks::default().with(q));
        let home = Home::new(&format!("notoparl-{q}"));
        let out = home.run(&["sync", &s.system_url(), "--dir", home.dir().to_str().unwrap(), "--delay", "0"]);
        assert!(!out.status.success());
        let err = stderr(&out);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains("keine OParl-Schnittstelle"), "{err}");
        assert!(out.stdout.is_empty(), "{}", String::from_utf8_lossy(&out.stdout));
        // An HTML page is not retried: it is a wrong URL, not a fault.
        assert_eq!(s.requests().len(), 1, "{q}");
    }
    let home = Home::new("noname");
    let out = home.run(&["sync", "atlantis"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("bekannter Endpunkt"));
}

#[test]
fn the_list_of_known_endpoints() {
    let home = Home::new("list");
    let out = home.run(&["sync", "--list"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Köln") && text.contains("https://") && text.contains("SessionNet"), "{text}");
}

// --- faults of servers and networks ------------------------------------------

/// A full sync under `quirks` ends with everything fetched.
#[track_caller]
fn survives(name: &str, quirks: Quirks, extra: &[&str]) -> (OparlServer, Value) {
    let s = server(&config(), quirks);
    let home = Home::new(name);
    let mut args = vec!["--page-size", "20"];
    args.extend(extra);
    let (out, summary) = home.sync(Some(&s.system_url()), &args);
    assert_ok(&out, &summary);
    assert_complete(&home, &s);
    (s, summary)
}

#[test]
fn fault_rate_limit_with_retry_after_in_seconds_and_as_a_date() {
    for fault in [Fault::RateLimit, Fault::RateLimitDate] {
        let quirks =
            Quirks { retry_after: 1, only_urls_containing: Some("/papers".into()), ..Quirks::default() }
                .with_fault(fault);
        let t = Instant::now();
        let (s, summary) = survives(&format!("ratelimit-{fault}"), quirks, &[]);
        assert!(s.fault_hits(fault) >= 3, "{fault}: {}", s.fault_hits(fault));
        assert_eq!(summary["retries"].as_u64(), Some(s.fault_hits(fault)));
        // Each 429 was waited for as the server asked (1 s), not the
        // tests' 20 ms back-off.
        let hits = s.fault_hits(fault) as u32;
        assert!(t.elapsed() >= Duration::from_millis(900) * hits, "{fault}: {:?}", t.elapsed());
        let waits: Vec<Duration> = s
            .requests()
            .windows(2)
            .filter(|w| w[0].status == 429)
            .map(|w| w[1].at.saturating_sub(w[0].at))
            .collect();
        assert!(waits.iter().all(|w| *w >= Duration::from_millis(900)), "{fault}: {waits:?}");
    }
}

#[test]
fn fault_server_errors_once_per_url() {
    for fault in [Fault::Error500, Fault::Error502, Fault::Error503, Fault::Error504] {
        let (s, _) = survives(&format!("5xx-{fault}"), Quirks::default().with_fault(fault), &[]);
        assert!(s.fault_hits(fault) >= 12, "{fault}");
    }
}

#[test]
fn fault_a_server_that_stays_broken_is_reported_and_the_rest_fetched() {
    let quirks =
        Quirks { times_per_url: 100, only_urls_containing: Some("/meetings".into()), ..Quirks::default() }
            .with_fault(Fault::Error503);
    let s = server(&config(), quirks);
    let home = Home::new("broken");
    let (out, summary) = home.sync(Some(&s.system_url()), &["--retries", "2"]);
    assert!(!out.status.success());
    let errors = summary["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{summary:#}");
    assert!(errors[0]["url"].as_str().unwrap().contains("/meetings"));
    assert!(errors[0]["message"].as_str().unwrap().contains("503"));
    assert_eq!(s.count_matching(|r| r.path().ends_with("/meetings")), 3, "one try and two retries");
    // The rest is there; the next run, with the server well again, fetches
    // the meetings.
    let check = home.check();
    assert_eq!(check["vorlagen"], s.counts().alive(Kind::Paper));
    s.update_quirks(|q| q.set_fault(Fault::Error503, false));
    let (out, summary) = home.sync(None, &[]);
    assert_ok(&out, &summary);
    assert_complete(&home, &s);
}

#[test]
fn fault_slow_answers_time_out_and_are_retried() {
    let quirks = Quirks {
        slow_delay: Duration::from_millis(2500),
        only_urls_containing: Some("/papers".into()),
        ..Quirks::default()
    }
    .with_fault(Fault::Slow);
    let (s, summary) = survives("slow", quirks, &["--timeout", "1"]);
    assert!(s.fault_hits(Fault::Slow) >= 1);
    assert!(summary["retries"].as_u64().unwrap() >= 1);
}

#[test]
fn fault_connection_closed_mid_body() {
    let (s, _) = survives("closemid", Quirks::default().with_fault(Fault::CloseMidBody), &[]);
    assert!(s.fault_hits(Fault::CloseMidBody) >= 12);
}

#[test]
fn quirk_truncated_bodies_are_fetched_again() {
    let (s, _) = survives("truncated", Quirks::default().with(Quirk::TruncatedBody), &[]);
    assert!(s.quirk_hits(Quirk::TruncatedBody) >= 12);
}

#[test]
fn quirk_html_error_page_with_status_200_is_fetched_again() {
    let (s, summary) = survives("htmlpage", Quirks::default().with(Quirk::HtmlErrorPage), &[]);
    assert!(s.quirk_hits(Quirk::HtmlErrorPage) >= 10);
    assert_eq!(summary["retries"].as_u64(), Some(s.quirk_hits(Quirk::HtmlErrorPage)));
}

// --- quirks of real servers ---------------------------------------------------

/// A full sync, then changes on the server, then an incremental sync under
/// `quirks`; returns the server and the list requests of the second sync.
fn incremental_under(name: &str, quirks: Quirks, changes: usize) -> (OparlServer, Vec<String>, Value) {
    let s = server(&config(), quirks);
    let home = Home::new(name);
    let (out, summary) = home.sync(Some(&s.system_url()), &["--page-size", "10"]);
    assert_ok(&out, &summary);
    s.advance(2 * 3600);
    s.with_city(|c| {
        for n in 1..=changes as u32 {
            c.modify(ObjectId::paper(n * 2));
        }
    });
    s.reset_log();
    let (out, summary) = home.sync(None, &["--page-size", "10"]);
    assert_ok(&out, &summary);
    assert_complete(&home, &s);
    assert!(summary["updated"].as_u64().unwrap() as usize >= changes, "{summary:#}");
    let requests = list_requests(&s);
    (s, requests, summary)
}

#[test]
fn quirk_next_drops_the_filter_and_it_is_put_back() {
    let (s, requests, summary) =
        incremental_under("dropsfilter", Quirks::default().with(Quirk::NextDropsFilter), 25);
    assert!(s.quirk_hits(Quirk::NextDropsFilter) >= 1);
    let papers: Vec<&String> = requests.iter().filter(|u| u.contains("/papers")).collect();
    assert!(papers.len() >= 3, "{papers:#?}");
    assert!(papers.iter().all(|u| u.contains("modified_since=")), "{papers:#?}");
    // Only what changed came, not the whole list.
    assert!(summary["objects"].as_u64().unwrap() < 60, "{summary:#}");
}

#[test]
fn quirk_next_repeats_an_earlier_page_and_the_walk_stops() {
    let (s, summary) = survives("repeats", Quirks::default().with(Quirk::NextRepeatsPage), &[]);
    assert!(s.quirk_hits(Quirk::NextRepeatsPage) >= 1);
    let papers = s.count_matching(|r| r.path().ends_with("/papers"));
    assert_eq!(papers, 3, "60 papers at 20 a page, and no page twice");
    assert!(summary["notes"].to_string().contains("schon geholten Seite"), "{summary:#}");
}

#[test]
fn quirk_a_server_that_ignores_limit() {
    let quirks = Quirks { page_size: 7, ..Quirks::default() }.with(Quirk::IgnoreLimit);
    let (s, _) = survives("ignorelimit", quirks, &[]);
    assert!(s.quirk_hits(Quirk::IgnoreLimit) >= 9);
}

#[test]
fn quirk_an_empty_filtered_list_as_404_400_or_an_array_means_nothing_changed() {
    for q in [Quirk::EmptyList404, Quirk::EmptyList400, Quirk::EmptyListArray] {
        let s = server(&config(), Quirks::default().with(q));
        let home = Home::new(&format!("empty-{q}"));
        let (out, summary) = home.sync(Some(&s.system_url()), &[]);
        assert_ok(&out, &summary);
        s.advance(3 * 3600);
        s.reset_log();
        let (out, summary) = home.sync(None, &[]);
        assert_ok(&out, &summary);
        assert!(s.quirk_hits(q) >= 5, "{q}: {}", s.quirk_hits(q));
        assert!(s.requests().len() <= 11, "{q}");
        assert_complete(&home, &s);
    }
}

#[test]
fn quirk_a_single_body_where_the_body_list_belongs() {
    let (s, summary) = survives("bodyobject", Quirks::default().with(Quirk::BodyObjectAsList), &[]);
    assert!(s.quirk_hits(Quirk::BodyObjectAsList) >= 1);
    assert!(summary["archives"].as_array().unwrap().len() == 1);
}

#[test]
fn quirk_no_fractional_seconds_and_no_percent_encoding_in_filters() {
    for q in [Quirk::NoFractionalSeconds, Quirk::RejectPercentEncoding] {
        let (s, requests, _) = incremental_under(&format!("filters-{q}"), Quirks::default().with(q), 25);
        assert_eq!(s.count_matching(|r| r.status == 400), 0, "{q}");
        assert!(requests.iter().filter(|u| u.contains("/papers")).count() >= 3, "{q}: {requests:#?}");
        assert!(requests.iter().all(|u| !u.contains('%')), "{q}: {requests:#?}");
    }
}

#[test]
fn quirk_na_values_embedded_objects_without_type_and_single_auxiliary_files() {
    for q in [Quirk::NaValues, Quirk::EmbeddedNoType, Quirk::AuxiliaryFileObject] {
        let (s, _) = survives(&format!("data-{q}"), Quirks::default().with(q), &[]);
        assert!(s.quirk_hits(q) >= 1, "{q}");
    }
}

#[test]
fn quirk_tombstones_in_full_lists() {
    let s = server(&config(), Quirks::default().with(Quirk::TombstonesInFullLists));
    s.with_city(|c| {
        c.delete(ObjectId::paper(4));
        c.delete(ObjectId::meeting(3));
    });
    let home = Home::new("tombstones");
    let (out, summary) = home.sync(Some(&s.system_url()), &[]);
    assert_ok(&out, &summary);
    assert!(s.quirk_hits(Quirk::TombstonesInFullLists) >= 2);
    assert_complete(&home, &s);
    // And a full pass over them marks nothing as gone.
    let (out, summary) = home.sync(None, &["--full"]);
    assert_ok(&out, &summary);
    assert_eq!(summary["gone"], 0);
    assert_complete(&home, &s);
}

#[test]
fn quirk_raw_control_characters_are_stored_escaped_with_the_original_kept() {
    let s = server(&config(), Quirks::default().with(Quirk::RawControlChars));
    let home = Home::new("rawcontrol");
    let (out, summary) = home.sync(Some(&s.system_url()), &["--page-size", "20"]);
    assert_ok(&out, &summary);
    assert_complete(&home, &s);
    assert!(summary["notes"].to_string().contains("Steuerzeichen"), "{summary:#}");
    let files = walk_files(&home.body().join("lists/paper"));
    assert!(files.iter().any(|p| p.extension().is_some_and(|e| e == "orig")));
    for p in files.iter().filter(|p| p.extension().is_some_and(|e| e == "json")) {
        let bytes = std::fs::read(p).unwrap();
        assert!(serde_json::from_slice::<Value>(&bytes).is_ok(), "{p:?} is valid JSON");
    }
}

#[test]
fn quirk_lists_on_a_second_host_are_followed_only_when_asked() {
    let s = server(&config(), Quirks::default().with(Quirk::SecondHost));
    let home = Home::new("secondhost");
    let (out, summary) = home.sync(Some(&s.system_url()), &[]);
    assert_ok(&out, &summary);
    assert_eq!(s.count_matching(|r| r.host.starts_with("localhost")), 0);
    assert!(summary["notes"].to_string().contains("anderen Host"), "{summary:#}");
    assert_complete(&home, &s);
    let (out, summary) = home.sync(None, &["--follow-hosts", "--full"]);
    assert_ok(&out, &summary);
    assert!(s.count_matching(|r| r.host.starts_with("localhost")) >= 1);
}

#[test]
fn oparl_1_0_without_the_lists_of_1_1() {
    let cfg = CityConfig { version: Version::V1_0, sub_lists: false, ..config() };
    let s = server(&cfg, Quirks::default());
    let home = Home::new("oparl10");
    let (out, summary) = home.sync(Some(&s.body_url()), &["--page-size", "15"]);
    assert_ok(&out, &summary);
    assert_complete(&home, &s);
    assert_eq!(s.count_matching(|r| r.status == 404), 0);
}
