//! The walk: one body's sync (lock, state, its external lists, documents,
//! "neu"), each list every page to the end, stored as it comes. Where the
//! bodies come from is [`super::discover`]'s.
//!
//! Real servers' quirks met on the way, each handled here:
//! - a list page that answers an HTML error page with status 200, or JSON
//!   cut short: retried (the client's back-off);
//! - a `next` link that drops `modified_since`: the filter is put back;
//! - a `next` link that leads to a page already fetched: the walk stops
//!   and says so (complete if it has as many entries as the server said);
//! - a server that ignores `limit`: pages are taken as they come;
//! - an empty filtered list answered with 404 or 400 and SD.NET's error
//!   object (code 802), or with `[]`: nothing changed;
//! - a single object where a list belongs (Krefeld's body list);
//! - filters are sent in whole seconds, UTC, with `:` unencoded (Somacos
//!   rejects percent-encoded queries; RFC 3986 allows `:` in a query, so
//!   servers that decode read the same);
//! - raw control characters in JSON strings: escaped (lossless) before
//!   storing, the original bytes kept beside the segment, and a Hinweis;
//! - `"N/A"` and `""` for missing values, `type` missing on embedded
//!   objects: stored as received, for the loader, which reads them;
//! - lists and `next` links on another host: not followed unless
//!   `--follow-hosts` (redirects likewise: [`super::client`]);
//! - references to objects that no list delivers (a consultation naming a
//!   paper that answers 404): one Hinweis per kind once every list is
//!   complete ([`super::refs`]); such objects are not fetched one by one.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicUsize, Ordering};

use serde_json::value::RawValue;

use super::client::{Client, Reply, Verdict, host_of};
use super::discover::{Body, BodyObject, discover, fetch_body, folder_for, json_state};
use super::page::{self, Meta, Parsed};
use super::progress::Progress;
use super::refs::{self, Refs};
use super::store::{self, Change, Gone, ListIndex, ListState, Resume, State};
use super::{Options, Report, lock, neu, stamp};
use crate::strings as s;
use crate::text::display_name;

/// The Body's external lists, in the order they are fetched: the four of
/// OParl 1.0 first, then those OParl 1.1 added where the server has them.
pub const LISTS: [(&str, &str); 10] = [
    ("organization", "Organization"),
    ("person", "Person"),
    ("meeting", "Meeting"),
    ("paper", "Paper"),
    ("agendaItem", "AgendaItem"),
    ("consultation", "Consultation"),
    ("file", "File"),
    ("membership", "Membership"),
    ("locationList", "Location"),
    ("legislativeTermList", "LegislativeTerm"),
];

/// The lists the loader reads in any case. The others hold objects that
/// conforming servers also embed in these (agenda items in meetings,
/// consultations and files in papers), or that the loader skips
/// (memberships, legislative terms): loading them again doubled the time
/// to open an archive (BENCHMARKS.md).
pub const CORE: [&str; 4] = ["organization", "person", "meeting", "paper"];

/// Whether the loader reads a list's segments.
fn visible(state: &State, key: &str) -> bool {
    CORE.contains(&key) || state.exposed.contains(key)
}

/// The extra lists whose objects an entry of a meeting or paper names by
/// URL instead of embedding them: those the loader must read.
fn referenced_lists(raw: &RawValue) -> Vec<&'static str> {
    /// A URL, or a list that holds one.
    fn by_url(v: Option<&RawValue>) -> bool {
        let Some(v) = v else { return false };
        let t = v.get().trim_start();
        t.starts_with('"') || (t.starts_with('[') && t[1..].trim_start().starts_with('"'))
    }
    let Ok(e) = serde_json::from_str::<refs::Fields>(raw.get()) else { return Vec::new() };
    let mut out = Vec::new();
    let files = [
        e.main_file,
        e.auxiliary_file,
        e.invitation,
        e.results_protocol,
        e.verbatim_protocol,
        e.resolution_file,
    ];
    if files.iter().any(|f| by_url(*f)) {
        out.push("file");
    }
    if by_url(e.consultation) {
        out.push("consultation");
    }
    if by_url(e.location) {
        out.push("locationList");
    }
    if by_url(e.agenda_item) {
        out.push("agendaItem");
    } else if let Some(items) = e.agenda_item
        && let Ok(items) = serde_json::from_str::<Vec<&RawValue>>(items.get())
    {
        for item in items {
            for key in referenced_lists(item) {
                // An agenda item names its consultation by URL on every
                // server (OParl has no other form for it); the object is
                // embedded in its paper, which the loader reads. Loading
                // the consultation list for it added 23 of 192 MB to
                // opening a city (BENCHMARKS.md, "Sync").
                if key != "consultation" && !out.contains(&key) {
                    out.push(key);
                }
            }
        }
    }
    out
}

/// Most pages one list may have: a server whose `next` never ends is
/// stopped here.
const MAX_PAGES: u32 = 200_000;

/// Syncs everything `url` (a System or a Body) leads to into folders under
/// `base`. `Err`: the URL is not OParl or cannot be read; one line for the
/// user.
pub fn sync_url(
    opts: &Options,
    base: &Path,
    url: &str,
    mut client: Client,
    report: &Report,
    bar: &Progress,
) -> Result<(), String> {
    bar.message(s::SYSTEM_WIRD_GELESEN);
    let found = discover(&mut client, url, opts, report)?;
    if found.bodies.is_empty() {
        return Err(s::system_ohne_bodies(url));
    }
    let mut last_err = None;
    for body in &found.bodies {
        let dir = match folder_for(base, body) {
            Ok(d) => d,
            Err(e) => {
                report.error(&body.id, e.clone());
                last_err = Some(e);
                continue;
            }
        };
        let target = Target {
            source: url.to_owned(),
            system_url: found.system_url.clone(),
            system: found.system.clone(),
            body: Some(body.clone()),
            api_host: host_of(url),
        };
        if let Err(e) = sync_body(opts, &dir, &target, client.clone(), report, bar) {
            report.error(&body.id, e.clone());
            last_err = Some(e);
        }
    }
    match last_err {
        Some(e) if report.with(|s| s.archives.is_empty()) => Err(e),
        _ => Ok(()),
    }
}

/// Refreshes the archive in `dir` from the URLs its state names.
pub fn refresh(
    opts: &Options,
    dir: &Path,
    mut client: Client,
    report: &Report,
    bar: &Progress,
) -> Result<(), String> {
    let state = State::load(dir)
        .map_err(|e| s::sync_zustand_nicht_lesbar(&display_name(dir), &e.to_string()))?
        .ok_or_else(|| s::kein_sync_archiv(&display_name(dir)))?;
    bar.message(&s::body_wird_gelesen(&state.name));
    let body_url = state.body.clone();
    let source = if state.source.is_empty() { body_url.clone() } else { state.source.clone() };
    // The Body again (one request), for its lists and name.
    let body = fetch_body(&mut client, &body_url, report)?;
    let target = Target {
        source,
        system_url: state.system.clone(),
        system: None,
        body: Some(body),
        api_host: host_of(&body_url),
    };
    sync_body(opts, dir, &target, client, report, bar)
}

/// What one body's sync starts from.
struct Target {
    source: String,
    system_url: Option<String>,
    system: Option<String>,
    body: Option<BodyObject>,
    api_host: String,
}

/// The check for list pages: HTML with 200 and JSON cut short are passing
/// faults (retried); SD.NET's "nothing found" is an answer.
pub(super) fn list_verdict(filtered: bool) -> impl FnMut(&Reply) -> Verdict {
    move |r: &Reply| match r.status {
        200 => match json_state(r) {
            Body::Json | Body::Other => Verdict::Accept,
            Body::Truncated => Verdict::Retry(s::ANTWORT_ABGESCHNITTEN.to_owned()),
            Body::Html => Verdict::Retry(s::HTML_STATT_JSON.to_owned()),
        },
        400 | 404 if filtered && is_sdnet_empty(&r.body) => Verdict::Accept,
        s => Verdict::Fail(format!("HTTP {s}")),
    }
}

/// SD.NET's answer to a filtered list with no entries:
/// `{"error": "…", "code": 802, "type": "SD.NET RIM Webservice"}`.
fn is_sdnet_empty(body: &[u8]) -> bool {
    let Ok(v) = serde_json::from_slice::<serde_json::Value>(body) else { return false };
    let code = v.get("code");
    code.and_then(|c| c.as_u64()) == Some(802) || code.and_then(|c| c.as_str()) == Some("802")
}

/// The text of an answer, repaired when it is not valid JSON as sent (raw
/// control characters, invalid UTF-8): `(text, repaired)`.
pub(super) fn repaired_text(bytes: &[u8]) -> (std::borrow::Cow<'_, str>, bool) {
    if let Ok(text) = std::str::from_utf8(bytes)
        && serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok()
    {
        return (std::borrow::Cow::Borrowed(text), false);
    }
    let prepared = crate::load::json::prepare("", bytes);
    let repaired = !prepared.warnings.is_empty();
    (prepared.text, repaired)
}

/// A list's first URL: its URL with `modified_since` and `limit`.
pub fn first_url(list: &str, since: Option<i64>, limit: usize) -> String {
    let mut url = list.to_owned();
    let mut sep = if url.contains('?') { '&' } else { '?' };
    if let Some(s) = since {
        url.push(sep);
        url.push_str("modified_since=");
        url.push_str(&stamp::rfc3339(s));
        sep = '&';
    }
    if limit > 0 {
        url.push(sep);
        url.push_str(&format!("limit={limit}"));
    }
    url
}

/// `next` with the `modified_since` put back, where the server dropped it.
pub fn with_filter(next: &str, since: Option<i64>) -> String {
    let Some(s) = since else { return next.to_owned() };
    let query = next.split_once('?').map_or("", |(_, q)| q);
    if query.split('&').any(|p| p.starts_with("modified_since=")) {
        return next.to_owned();
    }
    let sep = if next.contains('?') { '&' } else { '?' };
    format!("{next}{sep}modified_since={}", stamp::rfc3339(s))
}

/// A URL as a key for "already fetched": without the fragment, with query
/// parameters in order.
pub(super) fn page_key(url: &str) -> String {
    let url = url.split('#').next().unwrap_or(url);
    match url.split_once('?') {
        Some((path, q)) => {
            let mut parts: Vec<&str> = q.split('&').filter(|p| !p.is_empty()).collect();
            parts.sort_unstable();
            format!("{path}?{}", parts.join("&"))
        }
        None => url.to_owned(),
    }
}

/// Everything one body's sync shares between its list workers.
struct BodyRun<'a> {
    opts: &'a Options,
    dir: PathBuf,
    state: Mutex<State>,
    gone: Mutex<BTreeMap<String, Gone>>,
    neu: Mutex<Vec<String>>,
    report: &'a Report,
    bar: &'a Progress,
    api_host: String,
    /// The latest server clock seen (`Date`).
    server_now: AtomicI64,
    /// Whether the archive had been synced before this run.
    first: bool,
    /// The ids seen and the references waiting for theirs.
    refs: Mutex<Refs>,
    /// Whether some list held entries before this run: then what they
    /// embed may be needed to tell a missing object from a stored one.
    had_entries: AtomicBool,
}

impl BodyRun<'_> {
    fn save_state(&self) -> Result<(), String> {
        let state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.save(&self.dir).map_err(|e| io_error(&self.dir, &e))
    }

    fn saw_date(&self, date: Option<i64>) {
        if let Some(d) = date {
            self.server_now.fetch_max(d, Ordering::Relaxed);
        }
    }
}

fn io_error(path: &Path, e: &std::io::Error) -> String {
    format!("{}: {}", display_name(path), crate::strings::io_message(e))
}

/// Syncs one body into `dir`: lock, System and Body, lists, files, "neu".
fn sync_body(
    opts: &Options,
    dir: &Path,
    target: &Target,
    client: Client,
    report: &Report,
    bar: &Progress,
) -> Result<(), String> {
    let body = target.body.as_ref().ok_or_else(|| s::KEINE_KOERPERSCHAFT.to_owned())?;
    std::fs::create_dir_all(dir).map_err(|e| io_error(dir, &e))?;
    let _lock = match lock::acquire(dir, opts.lock_wait) {
        Ok(l) => l,
        Err(lock::LockError::Busy(_)) => {
            return Err(s::sync_laeuft_schon(&display_name(dir)));
        }
        Err(lock::LockError::Io(e)) => return Err(io_error(dir, &e)),
    };
    store::remove_leftovers(dir);
    let mut state = State::load(dir).map_err(|e| io_error(dir, &e))?.unwrap_or_default();
    // Until one run has finished, everything is new: nothing is marked.
    let first = state.last_finished.is_none();
    state.format = 1;
    state.body = body.id.clone();
    state.name = if body.name.is_empty() { body.short_name.clone() } else { body.name.clone() };
    state.source = target.source.clone();
    state.schema = body.schema();
    if target.system_url.is_some() {
        state.system = target.system_url.clone();
    }
    // The lists the Body names now; a list it no longer names is kept on
    // disk but not fetched.
    for (key, kind) in LISTS {
        if let Some(url) = body.lists.get(key) {
            let ls = state.lists.entry(key.to_owned()).or_insert_with(|| ListState {
                url: url.clone(),
                kind: kind.to_owned(),
                ..ListState::default()
            });
            if ls.url != *url {
                // A moved list starts afresh.
                *ls = ListState { url: url.clone(), kind: kind.to_owned(), ..ListState::default() };
            }
        }
    }
    state.last_started = Some(stamp::now());
    state.save(dir).map_err(|e| io_error(dir, &e))?;

    // System and Body as received, rewritten only when they changed.
    if let Some(system) = &target.system {
        write_if_changed(&dir.join(store::SYSTEM), system.as_bytes())?;
    }
    write_if_changed(&dir.join(store::BODY), body.raw.as_bytes())?;

    let run = BodyRun {
        opts,
        dir: dir.to_owned(),
        state: Mutex::new(state),
        gone: Mutex::new(store::load_gone(dir)),
        neu: Mutex::new(Vec::new()),
        report,
        bar,
        api_host: target.api_host.clone(),
        server_now: AtomicI64::new(0),
        first,
        refs: Mutex::new(Refs::new()),
        had_entries: AtomicBool::new(false),
    };
    let errors_before = report.with(|s| s.errors.len());
    let mut skipped = false;
    let keys: Vec<String> = LISTS
        .iter()
        .filter(|(k, _)| body.lists.contains_key(*k))
        .map(|(k, _)| k.to_string())
        .filter(|k| {
            let url = &body.lists[k];
            let ok = host_of(url) == run.api_host || opts.follow_hosts;
            if !ok {
                skipped = true;
                report.note(url, s::LISTE_ANDERER_HOST);
            }
            ok
        })
        .collect();
    bar.lists(keys.len());
    let next = AtomicUsize::new(0);
    let workers = opts.parallel.clamp(1, 4).min(keys.len().max(1));
    let errors: Mutex<Vec<String>> = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..workers {
            let mut client = client.clone();
            let (run, keys, next, errors) = (&run, &keys, &next, &errors);
            s.spawn(move || {
                while let Some(key) = keys.get(next.fetch_add(1, Ordering::Relaxed)) {
                    if let Err(e) = walk_list(run, &mut client, key) {
                        errors.lock().unwrap_or_else(|e| e.into_inner()).push(e);
                    }
                    run.bar.list_done();
                }
            });
        }
    });
    // Disk errors stop the body: what is stored stays consistent.
    let mut disk: Vec<String> = errors.into_inner().unwrap_or_default();
    // Extra lists that turned out to be needed (their objects referred to
    // by URL) become visible to the loader.
    let exposed = run.state.lock().unwrap_or_else(|e| e.into_inner()).exposed.clone();
    for key in &exposed {
        let list_dir = dir.join(store::LISTS).join(key);
        if list_dir.is_dir()
            && let Err(e) = ListIndex::open(&list_dir, true)
        {
            disk.push(io_error(&list_dir, &e));
        }
    }
    for e in &disk {
        report.error(&display_name(dir), e.clone());
    }
    // References the server did not deliver, once every list is complete
    // (before, what is missing may only not have been fetched yet).
    let refs = std::mem::take(&mut *run.refs.lock().unwrap_or_else(|e| e.into_inner()));
    if !skipped && report.with(|s| s.errors.len()) == errors_before {
        report_missing(&run, refs, &body.id);
    }

    if disk.is_empty() && opts.files != super::FilesMode::None {
        let mut client = client.clone();
        let now = match run.server_now.load(Ordering::Relaxed) {
            0 => stamp::now(),
            t => t,
        };
        super::files::sync_files(
            &super::files::FilesRun {
                dir: &run.dir,
                opts,
                report,
                bar,
                api_host: &run.api_host,
                now,
                gone: &run.gone.lock().unwrap_or_else(|e| e.into_inner()),
                visible: &CORE.iter().map(|k| k.to_string()).chain(exposed.iter().cloned()).collect(),
            },
            &mut client,
        );
    }

    // What this run created or changed, for the UI; nothing on the first
    // run, where everything is new.
    let mut ids = run.neu.into_inner().unwrap_or_default();
    if run.first {
        ids.clear();
    }
    neu::write(dir, &ids).map_err(|e| io_error(dir, &e))?;
    let mut state = run.state.into_inner().unwrap_or_else(|e| e.into_inner());
    state.last_finished = Some(stamp::now());
    let errors_here = report.with(|s| s.errors.len());
    state.last_complete = errors_here == 0;
    state.save(dir).map_err(|e| io_error(dir, &e))?;
    report.with(|s| s.archives.push(display_name(dir)));
    Ok(())
}

/// One Hinweis per kind of object that references name and the server did
/// not deliver.
fn report_missing(run: &BodyRun, mut refs: Refs, body: &str) {
    if refs.waits_for_embedded() && run.had_entries.load(Ordering::Relaxed) {
        run.bar.message(s::VERWEISE_PRUEFEN);
        refs.read_stored(&run.dir.join(store::LISTS));
    }
    for (kind, n, examples) in refs.missing(3) {
        run.report.note(body, s::verweise_fehlen(n, kind.type_name(), &examples));
    }
}

fn write_if_changed(path: &Path, bytes: &[u8]) -> Result<(), String> {
    if std::fs::read(path).is_ok_and(|old| old == bytes) {
        return Ok(());
    }
    store::atomic_write(path, bytes).map_err(|e| io_error(path, &e))
}

/// How a list's walk ended.
enum Ended {
    Complete,
    /// A page could not be fetched; the next run resumes there.
    Broken,
    /// `next` led back to a page already fetched.
    Repeated {
        complete: bool,
    },
}

/// Walks one list: every page from the first (or from where an
/// interrupted run stopped), new and changed entries stored as segments.
/// `Err` only for disk errors.
fn walk_list(run: &BodyRun, client: &mut Client, key: &str) -> Result<(), String> {
    let opts = run.opts;
    let (ls, shown) = {
        let state = run.state.lock().unwrap_or_else(|e| e.into_inner());
        (state.lists[key].clone(), visible(&state, key))
    };
    let list_dir = run.dir.join(store::LISTS).join(key);
    let mut ix = ListIndex::open(&list_dir, shown).map_err(|e| io_error(&list_dir, &e))?;
    // Meetings and papers embed what the extra lists hold: whether they
    // name any of it by URL instead is looked for in their entries.
    let find_refs = matches!(key, "meeting" | "paper");
    let ref_kind = refs::Kind::of_list(key);
    if !ix.ids.is_empty() {
        run.had_entries.store(true, Ordering::Relaxed);
    }
    let mut watermark = ls.watermark;
    if ix.damaged {
        run.report.note(&ls.url, s::SEGMENTE_FEHLTEN);
        watermark = None;
    }
    let full = opts.full || watermark.is_none();
    let (mut url, since, mut started, mut pages, resumed) = match &ls.resume {
        Some(r) if r.full == full && !ix.damaged => (r.next.clone(), r.since, Some(r.started), r.pages, true),
        _ => {
            let since = if full { None } else { watermark.map(|w| w - opts.overlap) };
            (first_url(&ls.url, since, opts.page_size), since, None, 0, false)
        }
    };
    let mut visited: HashSet<String> = HashSet::new();
    let mut last_page_no: Option<u64> = None;
    let mut total: Option<u64> = None;
    let mut entries_seen: u64 = 0;
    // Whether the list was walked a second time because it shrank.
    let mut again = false;
    let ended = loop {
        visited.insert(page_key(&url));
        run.bar.message(&s::liste_seite(key, pages + 1));
        let reply = match client.get(&url, &[], list_verdict(since.is_some())) {
            Ok(r) => r,
            Err(f) => {
                run.report.error(&url, f.message);
                break Ended::Broken;
            }
        };
        run.saw_date(reply.date);
        if started.is_none() {
            started = Some(reply.date.unwrap_or_else(stamp::now));
        }
        run.report.with(|s| s.pages += 1);
        pages += 1;
        if reply.status != 200 {
            // SD.NET: a filtered list without entries.
            run.report.note(&ls.url, s::leere_liste_als_status(reply.status));
            break Ended::Complete;
        }
        let (text, repaired) = repaired_text(&reply.body);
        let parsed = match page::parse(&text) {
            Ok(p) => p,
            Err(e) => {
                run.report.error(&url, s::json_nicht_reparierbar(&e.to_string()));
                break Ended::Broken;
            }
        };
        let page = match parsed {
            Parsed::Page(p) => p,
            Parsed::NotAList => {
                run.report.error(&url, s::KEINE_OPARL_LISTE);
                break Ended::Broken;
            }
        };
        if page.single_object {
            run.report.note(&ls.url, s::EINZELNES_OBJEKT);
        }
        if repaired {
            run.report.note(&url, s::JSON_REPARIERT_GESPEICHERT);
        }
        if total.is_none() {
            total = page.total;
            if let Some(t) = page.total {
                run.bar.add_total(t);
            }
        }
        entries_seen += page.entries.len() as u64;
        if let Some(kind) = ref_kind {
            let mut found = refs::Found::default();
            for raw in &page.entries {
                refs::visit(raw, kind, &mut found);
            }
            run.refs.lock().unwrap_or_else(|e| e.into_inner()).add(&found);
        }
        let seg = store_entries(run, &mut ix, &page.entries, find_refs)?;
        if repaired && let Some(seg) = seg {
            ix.keep_original(seg, &reply.body).map_err(|e| io_error(&list_dir, &e))?;
        }
        run.bar.page(page.entries.len() as u64, client.stats.bytes.load(Ordering::Relaxed));
        if let Some(s) = &page.self_link {
            visited.insert(page_key(s));
        }
        let backwards = match (last_page_no, page.current) {
            (Some(before), Some(now)) => now <= before,
            _ => false,
        };
        if page.current.is_some() {
            last_page_no = page.current;
        }
        let Some(given) = page.next.filter(|n| !n.trim().is_empty()) else {
            // Pages are counted by number: an object removed from the list
            // while it was walked moved every later one a place forward,
            // and the one at the start of the next page was never seen
            // (nor will an incremental run see it: it did not change).
            // The list said it was shorter at its end than at its start:
            // walk it once more; what is stored already is not written
            // again.
            if !again && total.zip(page.total).is_some_and(|(start, end)| end < start) {
                again = true;
                run.report.note(&ls.url, s::LISTE_GESCHRUMPFT);
                url = first_url(&ls.url, since, opts.page_size);
                (visited, last_page_no, total, entries_seen) = (HashSet::new(), None, None, 0);
                continue;
            }
            break Ended::Complete;
        };
        let next = with_filter(given.trim(), since);
        if next != given.trim() {
            run.report.note(&ls.url, s::NEXT_OHNE_FILTER);
        }
        if host_of(&next) != host_of(&ls.url) && !opts.follow_hosts {
            run.report.error(&next, s::NAECHSTE_SEITE_ANDERER_HOST);
            break Ended::Broken;
        }
        if visited.contains(&page_key(&next)) || backwards {
            let complete = total.is_some_and(|t| entries_seen >= t);
            break Ended::Repeated { complete };
        }
        if pages >= MAX_PAGES {
            run.report.error(&next, s::zu_viele_seiten(MAX_PAGES));
            break Ended::Broken;
        }
        // Where to go on should this run be stopped.
        let resume = Resume { next: next.clone(), since, started: started.unwrap_or(0), full, pages };
        {
            let mut state = run.state.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(l) = state.lists.get_mut(key) {
                l.resume = Some(resume);
            }
        }
        run.save_state()?;
        url = next;
    };

    let complete = match ended {
        Ended::Complete => true,
        Ended::Broken => false,
        Ended::Repeated { complete } => {
            if complete {
                run.report.note(&ls.url, s::NEXT_SCHON_GEHOLT_VOLLSTAENDIG);
            } else {
                run.report.error(&ls.url, s::NEXT_SCHON_GEHOLT_UNVOLLSTAENDIG);
            }
            complete
        }
    };
    if complete && full && !resumed && watermark.is_some() {
        reconcile(run, &ls, &ix, started.unwrap_or_else(stamp::now))?;
    }
    ix.save().map_err(|e| io_error(&list_dir, &e))?;
    if ix.needs_compaction() {
        run.bar.message(&s::wird_verdichtet(key));
        ix.compact().map_err(|e| io_error(&list_dir, &e))?;
    }
    // What earlier runs stored is delivered as well.
    {
        let mut refs = run.refs.lock().unwrap_or_else(|e| e.into_inner());
        for id in ix.ids.keys() {
            refs.know(id);
        }
    }
    {
        let mut state = run.state.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(l) = state.lists.get_mut(key) {
            if complete {
                l.watermark = started.or(l.watermark);
                l.resume = None;
            } else if ix.damaged {
                l.watermark = None;
            }
            if matches!(ended, Ended::Repeated { .. }) {
                l.resume = None;
            }
        }
    }
    run.save_state()
}

/// Decides for each entry of a page what it changes, stores those that
/// change something as one segment, and counts. Returns the segment.
fn store_entries(
    run: &BodyRun,
    ix: &mut ListIndex,
    entries: &[&RawValue],
    find_refs: bool,
) -> Result<Option<u32>, String> {
    let mut write: Vec<(Meta, u64, &str)> = Vec::new();
    let mut in_page: HashSet<String> = HashSet::new();
    let (mut created, mut updated, mut deleted) = (0, 0, 0);
    let mut neu = Vec::new();
    let mut revived = Vec::new();
    let mut refs: Vec<&'static str> = Vec::new();
    {
        let gone = run.gone.lock().unwrap_or_else(|e| e.into_inner());
        for raw in entries {
            let meta = Meta::of(raw);
            let hash = page::hash(raw.get().as_bytes());
            if let Some(id) = meta.id.as_deref() {
                ix.see(id);
                if !in_page.insert(id.to_owned()) {
                    continue;
                }
            }
            let mut change = ix.classify(&meta, hash);
            if let Some(id) = meta.id.as_deref()
                && !meta.deleted
                && gone.contains_key(id)
            {
                // Back on the server after a full pass missed it.
                revived.push(id.to_owned());
                if change == Change::Unchanged || change == Change::Updated {
                    change = Change::Created;
                }
            }
            if find_refs && change != Change::Unchanged {
                for key in referenced_lists(raw) {
                    if !refs.contains(&key) {
                        refs.push(key);
                    }
                }
            }
            match change {
                Change::Created => created += 1,
                Change::Updated => updated += 1,
                Change::Deleted => deleted += 1,
                Change::Unchanged => continue,
            }
            if let Some(id) = &meta.id
                && !meta.deleted
            {
                neu.push(id.clone());
            }
            write.push((meta, hash, raw.get()));
        }
    }
    run.report.with(|s| {
        s.objects += entries.len() as u64;
        s.created += created;
        s.updated += updated;
        s.deleted += deleted;
    });
    run.neu.lock().unwrap_or_else(|e| e.into_inner()).extend(neu);
    if !refs.is_empty() {
        let mut state = run.state.lock().unwrap_or_else(|e| e.into_inner());
        for key in refs {
            state.exposed.insert(key.to_owned());
        }
    }
    if !revived.is_empty() {
        let mut gone = run.gone.lock().unwrap_or_else(|e| e.into_inner());
        for id in revived {
            gone.remove(&id);
        }
        store::save_gone(&run.dir, &gone).map_err(|e| io_error(&run.dir, &e))?;
    }
    if write.is_empty() {
        return Ok(None);
    }
    let dir = ix.dir.clone();
    ix.write(&write).map(Some).map_err(|e| io_error(&dir, &e))
}

/// After a complete full walk: objects the archive holds that the server
/// no longer lists are marked with a tombstone in gone.json (their stored
/// versions stay on disk).
fn reconcile(run: &BodyRun, ls: &ListState, ix: &ListIndex, at: i64) -> Result<(), String> {
    let schema = run.state.lock().unwrap_or_else(|e| e.into_inner()).schema.clone();
    let mut gone = run.gone.lock().unwrap_or_else(|e| e.into_inner());
    let mut added = 0u64;
    for (id, e) in &ix.ids {
        if e.deleted || e.seen || gone.contains_key(id.as_ref()) {
            continue;
        }
        gone.insert(
            id.to_string(),
            Gone {
                id: id.to_string(),
                kind: format!("{schema}{}", ls.kind),
                deleted: true,
                modified: stamp::rfc3339(at),
                note: format!(
                    "Beim vollständigen Abgleich am {} nicht mehr auf dem Server; die letzte Fassung liegt noch im Archiv",
                    stamp::human(at)
                ),
            },
        );
        added += 1;
    }
    if added > 0 {
        store::save_gone(&run.dir, &gone).map_err(|e| io_error(&run.dir, &e))?;
        run.report.with(|s| s.gone += added);
        run.report.note(&ls.url, s::nicht_mehr_auf_dem_server(added));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_urls_and_filters_put_back() {
        assert_eq!(first_url("http://h/l", None, 100), "http://h/l?limit=100");
        assert_eq!(
            first_url("http://h/l?x=1", Some(1_741_003_200), 0),
            "http://h/l?x=1&modified_since=2025-03-03T12:00:00Z"
        );
        assert_eq!(
            with_filter("http://h/l?page=2", Some(1_741_003_200)),
            "http://h/l?page=2&modified_since=2025-03-03T12:00:00Z"
        );
        let kept = "http://h/l?modified_since=2025-01-01T00:00:00%2B01:00&page=2";
        assert_eq!(with_filter(kept, Some(1)), kept);
        assert_eq!(with_filter("http://h/l?page=2", None), "http://h/l?page=2");
    }

    #[test]
    fn page_keys_ignore_parameter_order() {
        assert_eq!(page_key("http://h/l?page=1&limit=5"), page_key("http://h/l?limit=5&page=1#x"));
        assert_ne!(page_key("http://h/l?page=1"), page_key("http://h/l?page=2"));
    }

    #[test]
    fn objects_named_by_url_instead_of_embedded_are_found() {
        let refs = |json: &str| referenced_lists(serde_json::from_str::<&RawValue>(json).unwrap());
        assert!(refs(r#"{"id":"p","mainFile":{"id":"f"},"consultation":[{"id":"c"}]}"#).is_empty());
        assert_eq!(
            refs(r#"{"id":"p","mainFile":"http://h/f/1","consultation":[ "http://h/c/1"]}"#),
            ["file", "consultation"]
        );
        assert_eq!(refs(r#"{"id":"m","agendaItem":[{"id":"a","resolutionFile":"http://h/f/2"}]}"#), ["file"]);
        // The consultation of an agenda item is always a URL: its paper
        // holds it, and only a paper naming it by URL needs the list.
        assert!(refs(r#"{"id":"m","agendaItem":[{"id":"a","consultation":"http://h/c/1"}]}"#).is_empty());
        assert_eq!(
            refs(r#"{"id":"m","location":"http://h/l/1","agendaItem":["http://h/a/1"]}"#),
            ["locationList", "agendaItem"]
        );
    }

    #[test]
    fn sdnet_empty_lists() {
        assert!(is_sdnet_empty(br#"{"error":"x","code":802,"type":"SD.NET RIM Webservice"}"#));
        assert!(!is_sdnet_empty(br#"{"type":"Error","code":400,"message":"kaputt"}"#));
        assert!(!is_sdnet_empty(b"<html>"));
    }

    #[test]
    fn bodies_name_their_lists() {
        let b = BodyObject::from_raw(
            r#"{"id":"http://h/b/1","type":"https://schema.oparl.org/1.0/Body","name":"Stadt X",
                "paper":"http://h/b/1/papers","meeting":"http://h/b/1/meetings","agendaItem":""}"#,
        )
        .unwrap();
        assert_eq!(b.lists.len(), 2);
        assert_eq!(b.schema(), "https://schema.oparl.org/1.0/");
    }
}
