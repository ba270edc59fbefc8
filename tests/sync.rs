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
        && u.contains("OParl"))));
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
    assert!(check["deleted"].as_u64().unwrap() >= 1);
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
    // Opened, the archive knows them as new records (the tree marks them).
    let archive = ratsinfo::pipeline::load_paths(
        &[home.dir()],
        &std::sync::Arc::new(ratsinfo::pipeline::Progress::default()),
    );
    for id in [added, ObjectId::paper(3), ObjectId::meeting(2)] {
        let r = archive.find_id(&s.url(id)).unwrap();
        assert!(archive.is_neu(r), "{id:?}");
    }
    let old = archive.find_id(&s.url(ObjectId::paper(4))).unwrap();
    assert!(!archive.is_neu(old));
    // The next sync without changes empties it.
    let (out, summary) = home.sync(None, &[]);
    assert_ok(&out, &summary);
    assert_eq!(std::fs::read_to_string(home.body().join("ratsinfo-sync.neu")).unwrap(), "");
}

#[test]
fn a_list_that_shrinks_while_it_is_walked_is_walked_again() {
    // The first paper is purged when page 2 is asked for: the eleventh
    // paper moves onto page 1, and paging by number would never see it.
    let quirks = Quirks { only_urls_containing: Some("/papers?".into()), ..Quirks::default() }
        .with(Quirk::PurgeDuringWalk);
    let s = server(&config(), quirks);
    let home = Home::new("shrinks");
    let (out, summary) = home.sync(Some(&s.system_url()), &["--page-size", "10"]);
    assert_ok(&out, &summary);
    assert_eq!(s.quirk_hits(Quirk::PurgeDuringWalk), 1);
    assert!(summary["notes"].to_string().contains("noch einmal gelesen"), "{summary:#}");
    // All 60: the 59 the server has, and the purged one, kept as any
    // object gone between two runs is until a full pass marks it. Without
    // the second walk, the eleventh was missing (59 in all).
    let check = home.check();
    assert_eq!(check["errors"], serde_json::json!([]), "{check:#}");
    assert_eq!(s.counts().alive(Kind::Paper), 59);
    assert_eq!(check["vorlagen"], 60, "{check:#}");
    // Once: the second walk finds the list as long at its end as at its start.
    let firsts = list_requests(&s).iter().filter(|u| u.contains("/papers?") && !u.contains("page=")).count();
    assert_eq!(firsts, 2, "{:#?}", list_requests(&s));
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
fn lists_fetched_in_parallel() {
    let quirks = Quirks {
        slow_delay: Duration::from_millis(1500),
        only_urls_containing: Some("/meetings".into()),
        ..Quirks::default()
    }
    .with_fault(Fault::Slow);
    let (s, _) = survives("parallel", quirks, &["--parallel", "3"]);
    // While the slow meetings list was waited for, other lists were fetched.
    let log = s.requests();
    let slow = log.iter().find(|r| r.elapsed >= Duration::from_millis(1400)).expect("the slow answer");
    let during = log.iter().filter(|r| r.at > slow.at && r.at < slow.at + slow.elapsed).count();
    assert!(during >= 2, "{during} requests while the slow one ran");
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

// --- references the server does not deliver ---------------------------------

/// The summary's Hinweise on references to objects the server does not
/// deliver.
fn reference_notes(summary: &Value) -> Vec<String> {
    summary["notes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|n| n["message"].as_str())
        .filter(|m| m.starts_with("Verweise auf"))
        .map(str::to_owned)
        .collect()
}

/// Under `dangling-references`: the papers and meetings the consultations
/// `ns` name that the server does not have.
fn dangling(s: &OparlServer, ns: &[u32]) -> (usize, usize) {
    s.city(|c| {
        let alive: Vec<u32> =
            ns.iter().copied().filter(|&n| !c.is_deleted(ObjectId::consultation(n))).collect();
        let papers = alive.iter().filter(|&&n| oparl_server::dangling_paper(n).is_some()).count();
        let meetings = alive
            .iter()
            .filter(|&&n| {
                c.consultations[n as usize - 1].meeting.is_some()
                    && oparl_server::dangling_meeting(n).is_some()
            })
            .count();
        (papers, meetings)
    })
}

/// The note on a kind of object (`Vorlage`), if any.
fn note_for(notes: &[String], kind: &str) -> Option<String> {
    notes.iter().find(|m| m.contains(kind)).cloned()
}

#[test]
fn references_the_server_does_not_deliver_are_one_hinweis_per_kind() {
    let s = server(&config(), Quirks::default().with(Quirk::DanglingReferences));
    // The clock moves on, so that the next run's overlap reaches back to
    // no object of the generated city: it receives only what is changed.
    s.advance(2 * 3600);
    let home = Home::new("dangling");
    let (out, summary) = home.sync(Some(&s.system_url()), &["--page-size", "25"]);
    assert_ok(&out, &summary);
    let all: Vec<u32> = s.city(|c| c.ids(Kind::Consultation).map(|id| id.n).collect());
    let (papers, meetings) = dangling(&s, &all);
    assert!(papers >= 10 && meetings >= 2, "{papers} {meetings}");
    let notes = reference_notes(&summary);
    assert_eq!(notes.len(), 2, "one Hinweis per kind: {notes:#?}");
    let base = s.list_url(1, Kind::Paper);
    assert!(
        notes[0].starts_with(&format!(
            "Verweise auf {meetings} Sitzungen, die der Server nicht liefert, z. B. {}/800",
            s.list_url(1, Kind::Meeting)
        )),
        "{notes:#?}"
    );
    assert!(
        notes[1].starts_with(&format!(
            "Verweise auf {papers} Vorlagen, die der Server nicht liefert, z. B. {base}/800"
        )),
        "{notes:#?}"
    );
    assert_eq!(notes[1].matches(", http://").count(), 2, "three examples: {}", notes[1]);
    assert!(summary["notes"].to_string().contains(&s.body_url()), "{summary:#}");
    assert_complete(&home, &s);

    // The text summary says it as a Hinweis; the exit status stays 0.
    let out = home.run(&["sync", "--dir", home.dir().to_str().unwrap(), "--delay", "0", "--full"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(
        stdout.contains(&format!("Hinweis: {}: Verweise auf {papers} Vorlagen", s.body_url())),
        "{stdout}"
    );
    assert!(stdout.contains("Alles geholt."), "{stdout}");

    // An incremental run receives one changed paper: what it names that
    // the archive holds from before is no Hinweis, only what is missing.
    let paper = s.city(|c| {
        (1..=c.papers.len() as u32)
            .find(|&p| {
                let cs = &c.papers[p as usize - 1].consultations;
                cs.iter().any(|&n| oparl_server::dangling_paper(n).is_some())
                    && cs.iter().any(|&n| {
                        oparl_server::dangling_paper(n).is_none()
                            && c.consultations[n as usize - 1].item.is_some()
                    })
            })
            .unwrap()
    });
    assert!(s.with_city(|c| c.modify(ObjectId::paper(paper))));
    let consultations = s.city(|c| c.papers[paper as usize - 1].consultations.clone());
    let (papers, meetings) = dangling(&s, &consultations);
    let (out, summary) = home.sync(None, &[]);
    assert_ok(&out, &summary);
    assert_eq!(summary["objects"], 1, "{summary:#}");
    let notes = reference_notes(&summary);
    assert_eq!(notes.len(), 1 + usize::from(meetings > 0), "{notes:#?}");
    let vorlagen = note_for(&notes, "Vorlage").unwrap();
    if papers == 1 {
        assert!(
            vorlagen.starts_with("Verweise auf eine Vorlage, die der Server nicht liefert: http://"),
            "{vorlagen}"
        );
    } else {
        assert!(vorlagen.starts_with(&format!("Verweise auf {papers} Vorlagen")), "{vorlagen}");
    }
}

/// An incremental run whose changed objects name what earlier runs stored
/// reports nothing missing: neither the objects of the lists nor those
/// that meetings and papers embed (OParl 1.0 has no lists for them).
fn nothing_missing_after_changes(cfg: CityConfig, name: &str) {
    let s = server(&cfg, Quirks::default());
    s.advance(2 * 3600);
    let home = Home::new(name);
    let (out, summary) = home.sync(Some(&s.system_url()), &["--page-size", "20"]);
    assert_ok(&out, &summary);
    assert_eq!(reference_notes(&summary), Vec::<String>::new());
    s.with_city(|c| {
        for p in [2, 7, 11, 30] {
            assert!(c.modify(ObjectId::paper(p)));
        }
        for m in [1, 5, 9] {
            assert!(c.modify(ObjectId::meeting(m)));
        }
    });
    let (out, summary) = home.sync(None, &[]);
    assert_ok(&out, &summary);
    assert!(summary["updated"].as_u64().unwrap() >= 7, "{summary:#}");
    assert_eq!(reference_notes(&summary), Vec::<String>::new(), "{summary:#}");
}

#[test]
fn an_incremental_sync_finds_what_earlier_runs_stored() {
    nothing_missing_after_changes(config(), "refs-stored");
}

#[test]
fn an_incremental_sync_finds_what_earlier_runs_stored_embedded() {
    let cfg = CityConfig { version: Version::V1_0, sub_lists: false, ..config() };
    nothing_missing_after_changes(cfg, "refs-embedded");
}

#[test]
fn redirects_on_the_same_host_are_followed() {
    let s = server(&config(), Quirks::default().with(Quirk::RedirectSameHost));
    let home = Home::new("redirect-same");
    let (out, summary) = home.sync(Some(&s.system_url()), &["--page-size", "25"]);
    assert_ok(&out, &summary);
    assert_complete(&home, &s);
    assert!(s.quirk_hits(Quirk::RedirectSameHost) >= 10, "every list page was redirected");
    assert_eq!(s.count_matching(|r| r.status == 301), s.quirk_hits(Quirk::RedirectSameHost) as usize);
}

#[test]
fn a_redirect_to_another_host_is_an_error_unless_asked() {
    let s = server(&config(), Quirks::default().with(Quirk::RedirectSecondHost));
    let home = Home::new("redirect-other");
    let (out, summary) = home.sync(Some(&s.system_url()), &[]);
    assert_eq!(out.status.code(), Some(1), "{summary:#}");
    assert_eq!(s.count_matching(|r| r.host.starts_with("localhost")), 0, "not followed silently");
    let errors = summary["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{summary:#}");
    assert!(errors[0]["url"].as_str().unwrap().starts_with(&s.list_url(1, Kind::Paper)), "{summary:#}");
    let message = errors[0]["message"].as_str().unwrap();
    assert!(
        message.starts_with("Weiterleitung auf einen anderen Host (http://localhost:")
            && message.contains("--follow-hosts"),
        "{message}"
    );
    // The other lists are there; the text summary says what went wrong.
    assert!(home.body().join("lists/meeting").is_dir());
    let text = home.run(&["sync", "--dir", home.dir().to_str().unwrap(), "--delay", "0"]);
    let stdout = String::from_utf8_lossy(&text.stdout);
    assert!(
        stdout.contains("Fehler: ") && stdout.contains("Weiterleitung auf einen anderen Host"),
        "{stdout}"
    );
    assert_eq!(text.status.code(), Some(1));

    let (out, summary) = home.sync(None, &["--follow-hosts"]);
    assert_ok(&out, &summary);
    assert!(s.count_matching(|r| r.host.starts_with("localhost")) >= 1);
    assert_complete(&home, &s);
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

// --- never lose anything --------------------------------------------------------

/// What a killed run leaves must load without an error or a warning.
#[track_caller]
fn assert_readable(home: &Home) {
    if !home.dir().exists() {
        return;
    }
    let check = home.check();
    assert_eq!(check["errors"], serde_json::json!([]), "{check:#}");
    assert_eq!(check["warnings"], serde_json::json!([]), "{check:#}");
}

/// Every id once across a list's segments: no duplicates.
#[track_caller]
fn assert_no_duplicates(list: &Path) {
    let mut seen = BTreeSet::new();
    for p in
        walk_files(list).into_iter().filter(|p| p.extension().is_some_and(|e| e == "json" || e == "oparl"))
    {
        let v: Value = serde_json::from_slice(&std::fs::read(&p).unwrap()).unwrap();
        for e in v["data"].as_array().unwrap() {
            let id = e["id"].as_str().unwrap().to_owned();
            assert!(seen.insert(id.clone()), "{id} twice in {list:?}");
        }
    }
}

/// A pseudo-random sequence for kill points; the seed is printed.
fn points(n: usize, max_ms: u64) -> Vec<u64> {
    let seed =
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64 | 1;
    eprintln!("kill points seed {seed}");
    let mut x = seed;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            20 + x % max_ms
        })
        .collect()
}

#[test]
fn a_sync_killed_at_any_moment_is_completed_by_the_next() {
    let cfg = CityConfig { papers: 140, meetings: 30, ..config() };
    let s = server(&cfg, Quirks::default());
    let home = Home::new("kill");
    let url = s.system_url();
    let dir = home.dir();
    let args = ["sync", &url, "--dir", dir.to_str().unwrap(), "--delay", "20", "--page-size", "6", "--json"];
    // Fixed points early in the run and pseudo-random ones over it.
    let mut at: Vec<u64> = vec![5, 30, 80];
    at.extend(points(5, 1500));
    let mut killed = 0;
    for ms in at {
        let mut child = home.command(&args).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
        std::thread::sleep(Duration::from_millis(ms));
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap(); // SIGKILL
            killed += 1;
        }
        child.wait().unwrap();
        assert_readable(&home);
    }
    assert!(killed >= 4, "only {killed} runs were killed mid-way");
    let before = s.requests().len();
    let (out, summary) = home.sync(Some(&url), &["--page-size", "6"]);
    assert_ok(&out, &summary);
    assert_complete(&home, &s);
    for list in ["paper", "meeting", "agendaItem", "file"] {
        assert_no_duplicates(&home.body().join("lists").join(list));
    }
    // Later: changes, and a killed incremental run.
    s.advance(2 * 3600);
    s.with_city(|c| {
        for n in 1..40 {
            c.modify(ObjectId::paper(n * 3));
        }
        c.delete(ObjectId::meeting(7));
    });
    for ms in points(3, 300) {
        let mut child = home.command(&args).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
        std::thread::sleep(Duration::from_millis(ms));
        let _ = child.kill();
        child.wait().unwrap();
        assert_readable(&home);
    }
    let (out, summary) = home.sync(None, &["--page-size", "6"]);
    assert_ok(&out, &summary);
    assert_complete(&home, &s);
    assert!(s.requests().len() > before);
}

#[test]
fn a_sync_killed_mid_file_download_is_completed_by_the_next() {
    let cfg = CityConfig { papers: 12, meetings: 3, ..config() };
    let quirks = Quirks { oversize_bytes: 64 << 20, ..Quirks::default() };
    let s = server(&cfg, quirks);
    let home = Home::new("killfile");
    let (out, summary) = home.sync(Some(&s.system_url()), &[]);
    assert_ok(&out, &summary);
    let files = home.body().join("files");
    // Big downloads, so that one is caught half-way.
    s.set_fault(Fault::FileOversized, true);
    let dir = home.dir();
    let mut child = home
        .command(&[
            "sync",
            "--dir",
            dir.to_str().unwrap(),
            "--delay",
            "0",
            "--files",
            "all",
            "--max-file-size",
            "100",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let until = Instant::now() + Duration::from_secs(60);
    let mut caught = false;
    while Instant::now() < until && child.try_wait().unwrap().is_none() {
        let part = std::fs::read_dir(&files)
            .map(|d| d.flatten().any(|e| e.file_name().to_string_lossy().ends_with(".part")))
            .unwrap_or(false);
        if part {
            child.kill().unwrap();
            caught = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    child.wait().unwrap();
    assert!(caught, "no download was caught half-way");
    assert_readable(&home);
    s.set_fault(Fault::FileOversized, false);
    let (out, summary) = home.sync(None, &["--files", "all"]);
    assert_ok(&out, &summary);
    assert_complete(&home, &s);
    let names: Vec<String> = std::fs::read_dir(&files)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.ends_with(".part") && !n.ends_with(".tmp")), "{names:?}");
    // Every document is there, with the size the server gives.
    let wanted = s.counts().alive(Kind::File);
    assert_eq!(names.iter().filter(|n| n.ends_with(".pdf")).count(), wanted, "{names:?}");
    let total: u64 = names
        .iter()
        .filter(|n| n.ends_with(".pdf"))
        .map(|n| std::fs::metadata(files.join(n)).unwrap().len())
        .sum();
    let expected: u64 = s.city(|c| (1..=c.files.len() as u32).map(|n| c.file_facts(n).0 as u64).sum());
    assert_eq!(total, expected);
}

#[test]
fn two_syncs_of_one_archive_never_interleave() {
    let quirks = Quirks {
        slow_delay: Duration::from_millis(4000),
        only_urls_containing: Some("/papers".into()),
        ..Quirks::default()
    }
    .with_fault(Fault::Slow);
    let s = server(&config(), quirks);
    let home = Home::new("twice");
    let url = s.system_url();
    let dir = home.dir();
    let first = home
        .command(&["sync", &url, "--dir", dir.to_str().unwrap(), "--delay", "0", "--json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Wait until the first one is at the slow papers list.
    let until = Instant::now() + Duration::from_secs(20);
    while s.count_matching(|r| r.path().ends_with("/meetings")) == 0 && Instant::now() < until {
        std::thread::sleep(Duration::from_millis(10));
    }
    let t = Instant::now();
    let second = home.run(&["sync", &url, "--dir", dir.to_str().unwrap(), "--delay", "0"]);
    assert!(!second.status.success());
    let err = stderr(&second);
    assert!(err.contains("anderer „ratsinfo sync“"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(t.elapsed() < Duration::from_secs(4), "waits briefly, then refuses: {:?}", t.elapsed());
    let out = first.wait_with_output().unwrap();
    assert!(out.status.success());
    assert_complete(&home, &s);
}

// --- documents ------------------------------------------------------------------

fn file_log(home: &Home) -> Vec<Value> {
    std::fs::read_to_string(home.body().join("files/ratsinfo-files.log"))
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn files_with_hostile_names_land_inside_the_archive_with_safe_names() {
    let s = server(&config(), Quirks::default().with_fault(Fault::FileHostileNames));
    let home = Home::new("hostile");
    let (out, summary) = home.sync(Some(&s.system_url()), &["--files", "all"]);
    assert_ok(&out, &summary);
    assert_complete(&home, &s);
    let files = home.body().join("files");
    let wanted = s.counts().alive(Kind::File);
    assert_eq!(summary["files"], wanted);
    let names: Vec<String> = std::fs::read_dir(&files)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != "ratsinfo-files.log")
        .collect();
    assert_eq!(names.len(), wanted);
    for n in &names {
        assert!(n.chars().all(|c| !c.is_control() && c != '/' && c != '\\'), "{n:?}");
        assert!(!n.starts_with('.') && n.chars().count() <= 100 && n.ends_with(".pdf"), "{n:?}");
        assert!(n.as_bytes()[12] == b'-', "hash prefix: {n}");
        let bytes = std::fs::read(files.join(n)).unwrap();
        assert!(bytes.starts_with(b"%PDF"), "{n}");
    }
    // Nothing was written outside the archive.
    let outside: Vec<PathBuf> =
        walk_files(&home.root).into_iter().filter(|p| !p.starts_with(home.dir())).collect();
    assert!(outside.is_empty(), "{outside:?}");
    // The phrase that stands only in a PDF is in the stored copy.
    let id = ObjectId::file(3);
    let log = file_log(&home);
    let rec = log.iter().find(|r| r["id"] == s.url(id)).unwrap();
    let pdf = std::fs::read(files.join(rec["name"].as_str().unwrap())).unwrap();
    assert!(String::from_utf8_lossy(&pdf).contains(&s.file_phrase(id)));
    // A second run downloads nothing again.
    s.reset_log();
    let (out, summary) = home.sync(None, &["--files", "all"]);
    assert_ok(&out, &summary);
    assert_eq!(summary["files"], 0);
    assert_eq!(summary["files_unchanged"], wanted);
    assert_eq!(s.count_matching(|r| r.path().contains("/access/")), 0);
}

#[test]
fn files_too_big_html_or_missing_are_errors_and_changed_ones_are_fetched_conditionally() {
    let cfg = CityConfig { papers: 10, meetings: 2, ..config() };
    let s = server(&cfg, Quirks { oversize_bytes: 3 << 20, ..Quirks::default() });
    let home = Home::new("filefaults");
    let (out, summary) = home.sync(Some(&s.system_url()), &["--files", "all"]);
    assert_ok(&out, &summary);
    let wanted = s.counts().alive(Kind::File);
    assert_eq!(summary["files"], wanted);
    s.advance(3600);
    let changed = ObjectId::file(2);
    s.with_city(|c| c.modify(changed));
    for (fault, says) in [
        (Fault::FileOversized, "größer als die Grenze"),
        (Fault::FileHtml, "HTML-Seite statt des Dokuments"),
        (Fault::File404, "HTTP 404"),
    ] {
        s.set_fault(fault, true);
        let (out, summary) = home.sync(None, &["--files", "all", "--max-file-size", "1"]);
        assert!(!out.status.success(), "{fault}");
        let errors = summary["errors"].as_array().unwrap();
        assert_eq!(errors.len(), 1, "{fault}: only the changed file is fetched: {summary:#}");
        assert!(errors[0]["message"].as_str().unwrap().contains(says), "{fault}: {summary:#}");
        s.set_fault(fault, false);
        // The old copy is still there, nothing half-written beside it.
        let names: Vec<String> = std::fs::read_dir(home.body().join("files"))
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names.len(), wanted + 1, "{names:?}");
    }
    // Fetched again with the validators of the last download.
    s.reset_log();
    let (out, summary) = home.sync(None, &["--files", "all"]);
    assert_ok(&out, &summary);
    assert_eq!(summary["files"], 1);
    let access: Vec<_> = s.requests().into_iter().filter(|r| r.path().contains("/access/")).collect();
    assert_eq!(access.len(), 1);
    assert!(access[0].if_none_match.is_some());
    let log = file_log(&home);
    let rec = log.iter().find(|r| r["id"] == s.url(changed)).unwrap();
    let pdf = std::fs::read(home.body().join("files").join(rec["name"].as_str().unwrap())).unwrap();
    assert!(String::from_utf8_lossy(&pdf).contains(&s.file_phrase(changed)));
}

#[test]
fn files_of_upcoming_meetings_and_since_a_date() {
    let s = server(&CityConfig { years: 2, meetings: 40, ..config() }, Quirks::default());
    let home = Home::new("upcoming");
    let (out, summary) = home.sync(Some(&s.system_url()), &["--files", "upcoming"]);
    assert_ok(&out, &summary);
    let got: BTreeSet<String> =
        file_log(&home).iter().map(|r| r["id"].as_str().unwrap().to_owned()).collect();
    // What a councillor preparing the next sessions needs.
    let want: BTreeSet<String> = s.city(|c| {
        let upcoming: Vec<usize> =
            (0..c.meetings.len()).filter(|&i| c.meetings[i].start >= NOW - 12 * 3600).collect();
        let mut files: Vec<u32> = Vec::new();
        for &i in &upcoming {
            let m = &c.meetings[i];
            files.extend(&m.files);
            for &it in &m.items {
                files.extend(&c.agenda_items[it as usize - 1].files);
            }
        }
        for p in &c.papers {
            let on_agenda = p.consultations.iter().any(|&k| {
                c.consultations[k as usize - 1].meeting.is_some_and(|m| upcoming.contains(&(m as usize - 1)))
            });
            if on_agenda {
                files.extend(&p.files);
            }
        }
        files
            .into_iter()
            .filter(|&n| !c.files[n as usize - 1].meta.deleted)
            .map(|n| c.url(ObjectId::file(n)))
            .collect()
    });
    assert!(!want.is_empty() && want.len() < s.counts().alive(Kind::File));
    assert_eq!(got, want);
    // Since a date: more, not all.
    let (out, summary) = home.sync(None, &["--files", "since:2024-06-01"]);
    assert_ok(&out, &summary);
    let since = file_log(&home).len();
    assert!(since > want.len() && since < s.counts().alive(Kind::File), "{since}");
}
