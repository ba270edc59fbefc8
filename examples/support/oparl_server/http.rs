//! Serving: the worker loop, routing, list pages with filters and paging,
//! file downloads with conditional GET, and where each quirk and fault
//! strikes. tiny_http reads requests on its own threads; a few workers of
//! ours answer them.

use std::collections::HashMap;
use std::io::{Cursor, Read, Write};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Mutex, RwLock};
use std::time::{Duration, Instant};

use super::city::{City, Kind, ObjectId, Version};
use super::log::{Logged, params};
use super::quirks::{Fault, Quirk, Quirks};
use super::render::{Ctx, Json, hostile_file_name};
use super::time;

/// State shared by the workers and the `OparlServer` handle.
pub struct Shared {
    pub city: RwLock<City>,
    pub quirks: RwLock<Quirks>,
    pub log: Mutex<Vec<Logged>>,
    /// How often each (switch, URL) has struck, for once-per-URL switches.
    pub once: Mutex<HashMap<(&'static str, String), u32>>,
    pub quirk_hits: Vec<AtomicU64>,
    pub fault_hits: Vec<AtomicU64>,
    pub stop: AtomicBool,
    pub started: Instant,
    /// `http://127.0.0.1:PORT`
    pub root: String,
    /// `http://127.0.0.1:PORT/oparl/v1`
    pub base: String,
    /// `http://localhost:PORT/oparl/v1`
    pub alt: String,
    pub local: SocketAddr,
}

impl Shared {
    pub fn new(city: City, quirks: Quirks, local: SocketAddr) -> Shared {
        let root = format!("http://127.0.0.1:{}", local.port());
        let base = format!("{root}/oparl/v1");
        let alt = format!("http://localhost:{}/oparl/v1", local.port());
        let mut city = city;
        city.set_base(&base);
        Shared {
            city: RwLock::new(city),
            quirks: RwLock::new(quirks),
            log: Mutex::new(Vec::new()),
            once: Mutex::new(HashMap::new()),
            quirk_hits: Quirk::ALL.iter().map(|_| AtomicU64::new(0)).collect(),
            fault_hits: Fault::ALL.iter().map(|_| AtomicU64::new(0)).collect(),
            stop: AtomicBool::new(false),
            started: Instant::now(),
            root,
            base,
            alt,
            local,
        }
    }

    fn hit_quirk(&self, q: Quirk) -> Option<&'static str> {
        self.quirk_hits[q as usize].fetch_add(1, Ordering::Relaxed);
        Some(q.name())
    }

    fn hit_fault(&self, f: Fault) -> Option<&'static str> {
        self.fault_hits[f as usize].fetch_add(1, Ordering::Relaxed);
        Some(f.name())
    }

    /// Whether a once-per-URL switch strikes this request (and counts it).
    fn strikes(&self, name: &'static str, url: &str, q: &Quirks) -> bool {
        if !q.targets(url) {
            return false;
        }
        let mut once = self.once.lock().unwrap();
        let count = once.entry((name, url.to_owned())).or_insert(0);
        if *count < q.times_per_url {
            *count += 1;
            true
        } else {
            false
        }
    }
}

pub enum Body {
    Bytes(Vec<u8>),
    /// A body too big to hold, with its length.
    Stream(Box<dyn Read + Send>, usize),
}

impl Body {
    fn len(&self) -> usize {
        match self {
            Body::Bytes(b) => b.len(),
            Body::Stream(_, n) => *n,
        }
    }
}

pub struct Reply {
    pub status: u16,
    pub content_type: &'static str,
    pub headers: Vec<(&'static str, String)>,
    pub body: Body,
    /// The quirk or fault that shaped it.
    pub switch: Option<&'static str>,
}

const JSON: &str = "application/json; charset=utf-8";
const HTML: &str = "text/html; charset=utf-8";

impl Reply {
    fn new(status: u16, content_type: &'static str, body: Vec<u8>) -> Reply {
        Reply { status, content_type, headers: Vec::new(), body: Body::Bytes(body), switch: None }
    }

    fn json(s: String) -> Reply {
        Reply::new(200, JSON, s.into_bytes())
    }

    fn html(status: u16, title: &str, text: &str) -> Reply {
        let page = format!(
            "<!DOCTYPE html>\n<html lang=\"de\"><head><meta charset=\"utf-8\"><title>{title}</title></head>\
             <body><h1>{title}</h1><p>{text}</p></body></html>\n"
        );
        Reply::new(status, HTML, page.into_bytes())
    }

    /// An OParl-style error object.
    fn error(status: u16, message: &str) -> Reply {
        let mut w = Json::new(128);
        w.begin();
        w.str("type", "Error");
        w.raw("code", status);
        w.str("message", message);
        w.end();
        Reply::new(status, JSON, w.s.into_bytes())
    }

    fn with(mut self, name: &'static str, value: String) -> Reply {
        self.headers.push((name, value));
        self
    }

    fn switch(mut self, s: Option<&'static str>) -> Reply {
        self.switch = s;
        self
    }
}

/// What a worker needs of a request.
struct Incoming {
    method: String,
    url: String,
    host: String,
    user_agent: Option<String>,
    accept_encoding: Option<String>,
    if_none_match: Option<String>,
    if_modified_since: Option<String>,
}

fn header(rq: &tiny_http::Request, name: &str) -> Option<String> {
    rq.headers()
        .iter()
        .find(|h| h.field.as_str().as_str().eq_ignore_ascii_case(name))
        .map(|h| h.value.as_str().to_owned())
}

/// The worker loop: answer requests until the server stops.
pub fn work(shared: &Shared, server: &tiny_http::Server) {
    while !shared.stop.load(Ordering::Relaxed) {
        match server.recv_timeout(Duration::from_millis(50)) {
            Ok(Some(rq)) => serve(shared, rq),
            Ok(None) => {}
            Err(_) => break,
        }
    }
}

fn sleep_unless_stopped(shared: &Shared, d: Duration) {
    let until = Instant::now() + d;
    while !shared.stop.load(Ordering::Relaxed) {
        let left = until.saturating_duration_since(Instant::now());
        if left.is_zero() {
            break;
        }
        std::thread::sleep(left.min(Duration::from_millis(20)));
    }
}

fn serve(shared: &Shared, rq: tiny_http::Request) {
    let received = Instant::now();
    let inc = Incoming {
        method: rq.method().as_str().to_owned(),
        url: rq.url().to_owned(),
        host: header(&rq, "Host").unwrap_or_default(),
        user_agent: header(&rq, "User-Agent"),
        accept_encoding: header(&rq, "Accept-Encoding"),
        if_none_match: header(&rq, "If-None-Match"),
        if_modified_since: header(&rq, "If-Modified-Since"),
    };
    let q = shared.quirks.read().unwrap().clone();
    let (reply, close_mid_body) = answer(shared, &inc, &q);
    let now = shared.city.read().unwrap().now();
    let (reply, gzip) = maybe_gzip(reply, &inc, &q);
    // The log entry goes in before the answer goes out: a client that has
    // its answer finds its request in the log.
    let head = inc.method == "HEAD";
    let bytes = match (&reply.body, close_mid_body) {
        (b, true) => b.len() / 2,
        _ if head || matches!(reply.status, 204 | 304) => 0,
        (b, false) => b.len(),
    };
    shared.log.lock().unwrap().push(Logged {
        method: inc.method,
        url: inc.url,
        host: inc.host,
        status: reply.status,
        bytes,
        elapsed: received.elapsed(),
        at: received.duration_since(shared.started),
        user_agent: inc.user_agent,
        accept_encoding: inc.accept_encoding,
        if_none_match: inc.if_none_match,
        if_modified_since: inc.if_modified_since,
        gzip,
        switch: if close_mid_body { Some(Fault::CloseMidBody.name()) } else { reply.switch },
    });
    if close_mid_body {
        send_half_and_close(shared, rq, reply, now);
    } else {
        send(rq, reply, now);
    }
}

/// Headers every answer carries. `Date` is the server clock, like every
/// stamp, so that `Retry-After` dates and `Last-Modified` agree with it.
fn base_headers(content_type: &str, now: i64) -> Vec<tiny_http::Header> {
    let h = |k: &str, v: &str| tiny_http::Header::from_bytes(k.as_bytes(), v.as_bytes()).ok();
    [
        h("Content-Type", content_type),
        h("Date", &time::http_date(now)),
        h("Server", "ratsinfo-oparl-testserver"),
    ]
    .into_iter()
    .flatten()
    .collect()
}

fn send(rq: tiny_http::Request, reply: Reply, now: i64) {
    let mut headers = base_headers(reply.content_type, now);
    for (k, v) in &reply.headers {
        if let Ok(h) = tiny_http::Header::from_bytes(k.as_bytes(), v.as_bytes()) {
            headers.push(h);
        }
    }
    let len = reply.body.len();
    let reader: Box<dyn Read + Send> = match reply.body {
        Body::Bytes(b) => Box::new(Cursor::new(b)),
        Body::Stream(r, _) => r,
    };
    // Always Content-Length, never chunked: clients check sizes against it.
    let response =
        tiny_http::Response::new(tiny_http::StatusCode(reply.status), headers, reader, Some(len), None)
            .with_chunked_threshold(usize::MAX);
    let _ = rq.respond(response);
}

/// The `close-mid-body` fault: the status line and headers with the full
/// `Content-Length`, half of the body, then the connection is shut down.
fn send_half_and_close(shared: &Shared, rq: tiny_http::Request, reply: Reply, now: i64) {
    let peer = rq.remote_addr().copied();
    let len = reply.body.len();
    let half: Vec<u8> = match reply.body {
        Body::Bytes(b) => b[..len / 2].to_vec(),
        Body::Stream(r, _) => {
            let mut buf = Vec::new();
            let _ = r.take((len / 2).min(1 << 20) as u64).read_to_end(&mut buf);
            buf
        }
    };
    let mut head = format!("HTTP/1.1 {} Status\r\n", reply.status);
    for h in base_headers(reply.content_type, now) {
        head.push_str(&format!("{}: {}\r\n", h.field, h.value));
    }
    for (k, v) in &reply.headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str(&format!("Content-Length: {len}\r\n\r\n"));
    let mut writer = rq.into_writer();
    let _ = writer.write_all(head.as_bytes());
    let _ = writer.write_all(&half);
    let _ = writer.flush();
    if let Some(peer) = peer {
        shut_down(shared.local, peer);
    }
    drop(writer);
}

/// Shuts down the server side of the connection from `peer`. tiny_http
/// keeps a kept-alive connection open after any answer and hands out no
/// socket, so the socket is found by its two addresses among the process's
/// file descriptors. Unix only; elsewhere the client sees a stalled body.
#[cfg(unix)]
fn shut_down(local: SocketAddr, peer: SocketAddr) {
    use std::net::{Ipv4Addr, SocketAddrV4};
    type AddrFn = unsafe extern "C" fn(libc::c_int, *mut libc::sockaddr, *mut libc::socklen_t) -> libc::c_int;
    fn addr(fd: libc::c_int, f: AddrFn) -> Option<SocketAddr> {
        // SAFETY: a zeroed sockaddr_storage is valid, and the call writes at
        // most `len` bytes into it; a non-socket fd just fails.
        let mut storage: libc::sockaddr_storage = unsafe { std::mem::zeroed() };
        let mut len = std::mem::size_of::<libc::sockaddr_storage>() as libc::socklen_t;
        if unsafe { f(fd, (&raw mut storage).cast(), &mut len) } != 0 {
            return None;
        }
        if storage.ss_family as libc::c_int != libc::AF_INET {
            return None;
        }
        // SAFETY: the family says it is a sockaddr_in.
        let sin: &libc::sockaddr_in = unsafe { &*(&raw const storage).cast() };
        let ip = Ipv4Addr::from(u32::from_be(sin.sin_addr.s_addr));
        Some(SocketAddr::V4(SocketAddrV4::new(ip, u16::from_be(sin.sin_port))))
    }
    let fds: Vec<libc::c_int> = match std::fs::read_dir("/proc/self/fd") {
        Ok(dir) => dir.filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok()).collect(),
        Err(_) => (0..4096).collect(),
    };
    for fd in fds {
        if addr(fd, libc::getpeername) == Some(peer) && addr(fd, libc::getsockname) == Some(local) {
            // SAFETY: shutting down a socket we found by its addresses; the
            // fd stays open and tiny_http closes it when it sees the end.
            unsafe { libc::shutdown(fd, libc::SHUT_RDWR) };
            return;
        }
    }
}

#[cfg(not(unix))]
fn shut_down(_local: SocketAddr, _peer: SocketAddr) {}

fn accepts_gzip(inc: &Incoming) -> bool {
    inc.accept_encoding.as_deref().is_some_and(|v| {
        v.split(',').any(|part| {
            let mut it = part.split(';');
            let coding = it.next().unwrap_or("").trim();
            let q0 = it.any(|p| matches!(p.trim(), "q=0" | "q=0.0" | "q=0.00" | "q=0.000"));
            (coding.eq_ignore_ascii_case("gzip") || coding == "*") && !q0
        })
    })
}

/// JSON and HTML go gzip-encoded when the client accepts it; PDFs do not
/// (they hardly shrink, and the specification allows sending them plain).
fn maybe_gzip(reply: Reply, inc: &Incoming, q: &Quirks) -> (Reply, bool) {
    let textual = reply.content_type == JSON || reply.content_type == HTML;
    if !q.gzip || !textual || !accepts_gzip(inc) {
        return (reply, false);
    }
    let Body::Bytes(ref bytes) = reply.body else { return (reply, false) };
    let mut enc =
        flate2::write::GzEncoder::new(Vec::with_capacity(bytes.len() / 4), flate2::Compression::fast());
    if enc.write_all(bytes).is_err() {
        return (reply, false);
    }
    let Ok(gz) = enc.finish() else { return (reply, false) };
    let mut reply = Reply { body: Body::Bytes(gz), ..reply };
    reply.headers.push(("Content-Encoding", "gzip".to_owned()));
    reply.headers.push(("Vary", "Accept-Encoding".to_owned()));
    (reply, true)
}

/// The answer to a request, and whether to cut the connection mid-body.
fn answer(shared: &Shared, inc: &Incoming, q: &Quirks) -> (Reply, bool) {
    if inc.method != "GET" && inc.method != "HEAD" {
        return (Reply::error(405, "Nur GET und HEAD").with("Allow", "GET, HEAD".to_owned()), false);
    }
    let (path, query) = inc.url.split_once('?').unwrap_or((&inc.url, ""));
    let api = path.starts_with("/oparl/");

    // Transient faults strike API and file URLs before anything is looked up.
    if api {
        if q.fault_on(Fault::Slow) && shared.strikes(Fault::Slow.name(), &inc.url, q) {
            shared.hit_fault(Fault::Slow);
            sleep_unless_stopped(shared, q.slow_delay);
        }
        let now = shared.city.read().unwrap().now();
        let statuses = [
            (Fault::RateLimit, 429),
            (Fault::RateLimitDate, 429),
            (Fault::Error500, 500),
            (Fault::Error502, 502),
            (Fault::Error503, 503),
            (Fault::Error504, 504),
        ];
        for (fault, status) in statuses {
            if q.fault_on(fault) && shared.strikes(fault.name(), &inc.url, q) {
                let s = shared.hit_fault(fault);
                let reply =
                    Reply::html(status, &format!("Fehler {status}"), "Bitte versuchen Sie es später erneut.");
                let reply = match fault {
                    Fault::RateLimit => reply.with("Retry-After", q.retry_after.to_string()),
                    Fault::RateLimitDate => {
                        reply.with("Retry-After", time::http_date(now + q.retry_after as i64))
                    }
                    _ => reply,
                };
                return (reply.switch(s), false);
            }
        }
    }
    let close =
        api && q.fault_on(Fault::CloseMidBody) && shared.strikes(Fault::CloseMidBody.name(), &inc.url, q);
    if close {
        shared.hit_fault(Fault::CloseMidBody);
    }

    if q.on(Quirk::RejectPercentEncoding) && query.contains('%') {
        let s = shared.hit_quirk(Quirk::RejectPercentEncoding);
        return (Reply::error(400, "Ungültige Anfrage").switch(s), close);
    }
    if let Some(reply) = redirect(shared, q, path, query) {
        return (reply, close);
    }
    if q.on(Quirk::PurgeDuringWalk) {
        purge_during_walk(shared, q, path, query);
    }
    let city = shared.city.read().unwrap();
    let ctx = Ctx { city: &city, q, base: &shared.base, alt: &shared.alt, root: &shared.root };
    let reply = route(shared, &ctx, inc, path, query);
    drop(city);

    // Quirks that shape how objects are written count every JSON answer
    // written while they are on.
    let mut reply = reply;
    if reply.status == 200 && reply.content_type == JSON {
        for data in [
            Quirk::NaValues,
            Quirk::RawControlChars,
            Quirk::EmbeddedNoType,
            Quirk::SecondHost,
            Quirk::AuxiliaryFileObject,
            Quirk::DanglingReferences,
        ] {
            if q.on(data) {
                shared.hit_quirk(data);
            }
        }
        if q.fault_on(Fault::FileHostileNames) {
            shared.hit_fault(Fault::FileHostileNames);
        }
    }

    // Quirks that spoil a good JSON answer once per URL.
    if reply.status == 200
        && reply.content_type == JSON
        && let Body::Bytes(ref mut bytes) = reply.body
        && q.on(Quirk::TruncatedBody)
        && shared.strikes(Quirk::TruncatedBody.name(), &inc.url, q)
    {
        bytes.truncate(bytes.len() / 2);
        reply.switch = shared.hit_quirk(Quirk::TruncatedBody);
    }
    (reply, close)
}

/// The redirect quirks: a list URL (`/oparl/v1/bodies/{b}/{list}`) not
/// yet redirected answers with a redirect to itself plus `redirected=1`.
fn redirect(shared: &Shared, q: &Quirks, path: &str, query: &str) -> Option<Reply> {
    let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
    let ["oparl", "v1", "bodies", _, seg] = parts.as_slice() else { return None };
    if Kind::from_segment(seg).is_none() || query.split('&').any(|p| p == "redirected=1") {
        return None;
    }
    let target = if query.is_empty() {
        format!("{path}?redirected=1")
    } else {
        format!("{path}?{query}&redirected=1")
    };
    let (status, quirk, location) = if q.on(Quirk::RedirectSecondHost) && *seg == "papers" {
        let alt_root = shared.alt.trim_end_matches("/oparl/v1");
        (302, Quirk::RedirectSecondHost, format!("{alt_root}{target}"))
    } else if q.on(Quirk::RedirectSameHost) {
        (301, Quirk::RedirectSameHost, target)
    } else {
        return None;
    };
    let s = shared.hit_quirk(quirk);
    Some(Reply::html(status, "Verschoben", "Die Liste ist umgezogen.").with("Location", location).switch(s))
}

fn route(shared: &Shared, ctx: &Ctx, inc: &Incoming, path: &str, query: &str) -> Reply {
    let city = ctx.city;
    let q = ctx.q;
    let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
    let object = |id: ObjectId| -> Reply {
        if !city.exists(id) {
            return Reply::error(404, "Objekt nicht gefunden");
        }
        let mut w = Json::new(4096);
        ctx.object(&mut w, id);
        Reply::json(w.s)
    };
    let has_list = |kind: Kind| {
        kind.is_core_list()
            || city.config.version == Version::V1_1
                && city.config.sub_lists
                && kind != Kind::Body
                && kind != Kind::System
                && (kind != Kind::File || city.config.files)
    };
    match parts.as_slice() {
        [""] => Reply::html(
            200,
            "OParl-Testserver",
            &format!("System: <a href=\"{0}/system\">{0}/system</a>", shared.base),
        ),
        ["oparl", "v1"] | ["oparl", "v1", "system"] => {
            if q.on(Quirk::SystemHtml) {
                let s = shared.hit_quirk(Quirk::SystemHtml);
                return Reply::html(200, "Ratsinformationssystem", "Willkommen im Bürgerinformationssystem.")
                    .switch(s);
            }
            if q.on(Quirk::System404) {
                let s = shared.hit_quirk(Quirk::System404);
                return Reply::html(404, "Nicht gefunden", "Die Seite existiert nicht.").switch(s);
            }
            object(ObjectId::new(Kind::System, 1))
        }
        ["oparl", "v1", "bodies"] => {
            if q.on(Quirk::BodyObjectAsList) {
                let s = shared.hit_quirk(Quirk::BodyObjectAsList);
                return object(ObjectId::new(Kind::Body, 1)).switch(s);
            }
            list(shared, ctx, inc, Kind::Body, None, query)
        }
        ["oparl", "v1", "bodies", b] => match b.parse::<u32>() {
            Ok(b) => object(ObjectId::new(Kind::Body, b)),
            Err(_) => Reply::error(404, "Körperschaft nicht gefunden"),
        },
        ["oparl", "v1", "bodies", b, seg] => match (b.parse::<u32>(), Kind::from_segment(seg)) {
            (Ok(b), Some(kind)) if has_list(kind) && city.exists(ObjectId::new(Kind::Body, b)) => {
                list(shared, ctx, inc, kind, Some(b), query)
            }
            _ => Reply::error(404, "Liste nicht gefunden"),
        },
        ["oparl", "v1", "bodies", b, seg, n] => {
            match (b.parse::<u32>(), Kind::from_segment(seg), n.parse::<u32>()) {
                (Ok(b), Some(kind), Ok(n))
                    if !matches!(kind, Kind::System | Kind::Body)
                        && city.exists(ObjectId::new(kind, n))
                        && city.body_of(ObjectId::new(kind, n)) == b =>
                {
                    object(ObjectId::new(kind, n))
                }
                _ => Reply::error(404, "Objekt nicht gefunden"),
            }
        }
        ["oparl", "v1", how @ ("access" | "download"), file] => {
            match file.strip_suffix(".pdf").and_then(|n| n.parse::<u32>().ok()) {
                Some(n) if city.exists(ObjectId::file(n)) => {
                    download(shared, ctx, inc, n, *how == "download")
                }
                _ => Reply::error(404, "Datei nicht gefunden"),
            }
        }
        ["web", seg, n] => match (Kind::from_segment(seg), n.parse::<u32>()) {
            (Some(kind), Ok(n)) if city.exists(ObjectId::new(kind, n)) => {
                let id = ObjectId::new(kind, n);
                Reply::html(200, kind.type_name(), &format!("Webseite zu <code>{}</code>", city.url(id)))
            }
            _ => Reply::html(404, "Nicht gefunden", "Die Seite existiert nicht."),
        },
        _ => Reply::error(404, "Nicht gefunden"),
    }
}

/// Under `purge-during-walk`: the first request for page 2 of a Body's
/// unfiltered list deletes the list's first live object (lists whose URL
/// holds `only_urls_containing`, when set).
fn purge_during_walk(shared: &Shared, q: &Quirks, path: &str, query: &str) {
    let ps = params(query);
    if !q.targets(&format!("{path}?{query}"))
        || !ps.iter().any(|(k, v)| k == "page" && v == "2")
        || ps.iter().any(|(k, _)| FILTERS.contains(&k.as_str()))
    {
        return;
    }
    let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
    let ["oparl", "v1", "bodies", b, seg] = parts.as_slice() else { return };
    let (Ok(body), Some(kind)) = (b.parse::<u32>(), Kind::from_segment(seg)) else { return };
    {
        let mut once = shared.once.lock().unwrap();
        let struck = once.entry((Quirk::PurgeDuringWalk.name(), format!("{body}/{seg}"))).or_insert(0);
        if *struck > 0 {
            return;
        }
        *struck += 1;
    }
    let mut city = shared.city.write().unwrap();
    let first = city.ids(kind).find(|&id| city.body_of(id) == body && !city.is_deleted(id));
    if let Some(id) = first
        && city.delete(id)
    {
        shared.hit_quirk(Quirk::PurgeDuringWalk);
    }
}

/// The four filters of OParl 1.1 lists.
const FILTERS: [&str; 4] = ["created_since", "created_until", "modified_since", "modified_until"];

/// Encodes a value for a link: `+` as `%2B` (a raw `+` would be read as
/// a space by form decoders), the rest as it came. Under
/// `reject-percent-encoding` the server writes its links raw, as Somacos.
fn link_value(v: &str, q: &Quirks) -> String {
    if q.on(Quirk::RejectPercentEncoding) {
        v.to_owned()
    } else {
        v.replace('%', "%25").replace('+', "%2B").replace('&', "%26").replace(' ', "%20")
    }
}

fn list(shared: &Shared, ctx: &Ctx, inc: &Incoming, kind: Kind, body: Option<u32>, query: &str) -> Reply {
    let city = ctx.city;
    let q = ctx.q;
    let ps = params(query);
    let get = |k: &str| ps.iter().find(|(key, _)| key == k).map(|(_, v)| v.as_str());

    // Filters: RFC 3339, compared with the objects' own stamps.
    let mut filters = Vec::new();
    for name in FILTERS {
        let Some(value) = get(name) else { continue };
        let Some((at, fraction)) = time::parse_rfc3339(value) else {
            return Reply::error(400, &format!("{name}: kein Zeitpunkt nach RFC 3339: {value}"));
        };
        if fraction && q.on(Quirk::NoFractionalSeconds) {
            let s = shared.hit_quirk(Quirk::NoFractionalSeconds);
            return Reply::error(400, &format!("{name}: ungültiges Datumsformat")).switch(s);
        }
        filters.push((name, value, at));
    }
    let filtered = !filters.is_empty();
    let tombstones = filtered || q.on(Quirk::TombstonesInFullLists);
    let matches: Vec<ObjectId> = city
        .ids(kind)
        .filter(|&id| body.is_none_or(|b| city.body_of(id) == b))
        .filter(|&id| {
            let Some(m) = city.meta_of(id) else { return false };
            if m.deleted && !tombstones {
                return false;
            }
            let (c, md) = (time::Instant::whole(m.created), time::Instant::whole(m.modified));
            filters.iter().all(|&(name, _, at)| match name {
                "created_since" => c >= at,
                "created_until" => c <= at,
                "modified_since" => md >= at,
                _ => md <= at,
            })
        })
        .collect();
    if tombstones && !filtered && matches.iter().any(|&id| city.is_deleted(id)) {
        shared.hit_quirk(Quirk::TombstonesInFullLists);
    }

    if filtered && matches.is_empty() {
        // "Nothing changed", the ways SD.NET says it.
        const SDNET: &str = r#"{"error":"Die angeforderte Ressource wurde nicht gefunden.","code":802,"type":"SD.NET RIM Webservice"}"#;
        if q.on(Quirk::EmptyList404) {
            let s = shared.hit_quirk(Quirk::EmptyList404);
            return Reply::new(404, JSON, SDNET.as_bytes().to_vec()).switch(s);
        }
        if q.on(Quirk::EmptyList400) {
            let s = shared.hit_quirk(Quirk::EmptyList400);
            return Reply::new(400, JSON, SDNET.as_bytes().to_vec()).switch(s);
        }
        if q.on(Quirk::EmptyListArray) {
            let s = shared.hit_quirk(Quirk::EmptyListArray);
            return Reply::new(200, JSON, b"[]".to_vec()).switch(s);
        }
    }

    // Paging: `page` is 1-based; `limit` (or the specification's
    // `elementsPerPage`) up to the maximum.
    let asked = get("limit").or_else(|| get("elementsPerPage")).and_then(|v| v.parse::<usize>().ok());
    let mut switch = None;
    let per = match asked {
        Some(_) if q.on(Quirk::IgnoreLimit) => {
            switch = shared.hit_quirk(Quirk::IgnoreLimit);
            q.page_size
        }
        Some(l) => l.clamp(1, q.max_page_size.max(1)),
        None => q.page_size,
    }
    .max(1);
    let total = matches.len();
    let pages = total.div_ceil(per).max(1);
    let page = get("page").and_then(|v| v.parse::<usize>().ok()).unwrap_or(1).max(1);

    let list_base = match body {
        Some(b) => format!("{}/bodies/{b}/{}", shared.base, kind.segment()),
        None => format!("{}/bodies", shared.base),
    };
    let link = |p: usize, drop_since: bool| {
        let mut s = format!("{list_base}?");
        for &(name, value, _) in &filters {
            if !(drop_since && name == "modified_since") {
                s.push_str(&format!("{name}={}&", link_value(value, q)));
            }
        }
        if let Some(l) = asked {
            s.push_str(&format!("limit={l}&"));
        }
        s.push_str(&format!("page={p}"));
        s
    };

    let from = ((page - 1) * per).min(total);
    let to = (from + per).min(total);
    let mut w = Json::new(64 + (to - from) * 3000);
    w.begin();
    w.key("data").begin_array();
    for &id in &matches[from..to] {
        w.item();
        ctx.object(&mut w, id);
    }
    w.end_array();
    w.key("pagination").begin();
    w.raw("totalElements", total);
    w.raw("elementsPerPage", per);
    w.raw("currentPage", page);
    w.raw("totalPages", pages);
    w.end();
    w.key("links").begin();
    w.str("first", &link(1, false));
    if page > 1 {
        w.str("prev", &link((page - 1).min(pages), false));
    }
    w.str("self", &link(page, false));
    if page < pages {
        let drop = q.on(Quirk::NextDropsFilter) && filters.iter().any(|f| f.0 == "modified_since");
        if drop {
            switch = shared.hit_quirk(Quirk::NextDropsFilter);
        }
        w.str("next", &link(page + 1, drop));
    } else if page == pages && q.on(Quirk::NextRepeatsPage) {
        switch = shared.hit_quirk(Quirk::NextRepeatsPage);
        w.str("next", &link(1, false));
    }
    w.str("last", &link(pages, false));
    w.end();
    w.end();

    if q.on(Quirk::HtmlErrorPage) && shared.strikes(Quirk::HtmlErrorPage.name(), &inc.url, q) {
        let s = shared.hit_quirk(Quirk::HtmlErrorPage);
        return Reply::html(
            200,
            "Fehler",
            "Es ist ein Fehler aufgetreten. Bitte wenden Sie sich an den Administrator.",
        )
        .switch(s);
    }
    Reply::json(w.s).switch(switch)
}

/// A file's bytes at its `accessUrl` or `downloadUrl`, with `ETag`,
/// `Last-Modified`, conditional GET, and the file faults.
fn download(shared: &Shared, ctx: &Ctx, inc: &Incoming, n: u32, attachment: bool) -> Reply {
    let city = ctx.city;
    let q = ctx.q;
    let id = ObjectId::file(n);
    let meta = *city.meta_of(id).expect("file exists");
    if meta.deleted {
        return Reply::html(410, "Entfernt", "Die Datei wurde entfernt.");
    }
    if q.fault_on(Fault::File404) {
        let s = shared.hit_fault(Fault::File404);
        return Reply::html(404, "Nicht gefunden", "Die Datei existiert nicht.").switch(s);
    }
    if q.fault_on(Fault::FileHtml) {
        let s = shared.hit_fault(Fault::FileHtml);
        return Reply::html(200, "Anmeldung", "Ihre Sitzung ist abgelaufen. Bitte melden Sie sich an.")
            .switch(s);
    }
    let size = city.file_facts(n).0;
    // The revision is in the bytes, so number and revision name them.
    let etag = format!("\"f{n}-r{}-{size}\"", meta.rev);
    let last_modified = time::http_date(meta.modified);
    let not_modified = match (&inc.if_none_match, &inc.if_modified_since) {
        (Some(inm), _) => inm
            .split(',')
            .map(str::trim)
            .any(|t| t == etag || t == "*" || t.strip_prefix("W/") == Some(&etag)),
        (None, Some(ims)) => time::parse_http_date(ims).is_some_and(|t| meta.modified <= t),
        (None, None) => false,
    };
    let mut reply = if not_modified {
        Reply::new(304, "application/pdf", Vec::new())
    } else if q.fault_on(Fault::FileOversized) {
        let s = shared.hit_fault(Fault::FileOversized);
        let len = q.oversize_bytes;
        let filler = std::io::repeat(b' ').take(len.saturating_sub(9) as u64);
        let reader = Cursor::new(b"%PDF-1.4\n".to_vec()).chain(filler);
        Reply {
            status: 200,
            content_type: "application/pdf",
            headers: Vec::new(),
            body: Body::Stream(Box::new(reader), len),
            switch: s,
        }
    } else {
        let bytes = city.file_bytes(id);
        debug_assert_eq!(bytes.len(), size);
        Reply::new(200, "application/pdf", bytes)
    };
    reply.headers.push(("ETag", etag));
    reply.headers.push(("Last-Modified", last_modified));
    if attachment {
        // The header must stay a valid header: only printable ASCII, quotes
        // escaped; a traversal like `../../etc/passwd` passes as it is.
        let name =
            if q.fault_on(Fault::FileHostileNames) { hostile_file_name(n) } else { city.file_file_name(n) };
        let safe: String = name
            .chars()
            .map(|c| if c.is_ascii_graphic() || c == ' ' { c } else { '_' })
            .collect::<String>()
            .replace('\\', "\\\\")
            .replace('"', "\\\"");
        reply.headers.push(("Content-Disposition", format!("attachment; filename=\"{safe}\"")));
    }
    reply
}
