//! The request log: what the client asked for and what it got, for tests
//! that assert how a client behaves (retries, no second host, filters sent
//! raw, gzip accepted, a User-Agent set).

use std::time::Duration;

/// One request as the server saw and answered it.
#[derive(Clone, Debug)]
pub struct Logged {
    pub method: String,
    /// Path and query, exactly as sent (not decoded).
    pub url: String,
    /// The `Host` header: `127.0.0.1:PORT` or `localhost:PORT`.
    pub host: String,
    pub status: u16,
    /// Body bytes of the answer (after gzip; for `close-mid-body` the half
    /// sent before the connection was closed).
    pub bytes: usize,
    /// Time from receiving the request until its answer was ready to send.
    pub elapsed: Duration,
    /// When the request came, since the server started.
    pub at: Duration,
    pub user_agent: Option<String>,
    pub accept_encoding: Option<String>,
    pub if_none_match: Option<String>,
    pub if_modified_since: Option<String>,
    /// Whether the answer was gzip-encoded.
    pub gzip: bool,
    /// The quirk or fault that shaped this answer, if any.
    pub switch: Option<&'static str>,
}

impl Logged {
    pub fn path(&self) -> &str {
        self.url.split('?').next().unwrap_or("")
    }

    pub fn query(&self) -> Option<&str> {
        self.url.split_once('?').map(|(_, q)| q)
    }

    /// A query parameter, percent-decoded (`+` stays `+`).
    pub fn param(&self, key: &str) -> Option<String> {
        params(self.query()?).into_iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }
}

/// Decodes `%XX`; invalid escapes stay as they are. A `+` is not a space
/// here: OParl filter values carry `+` in their offset.
pub fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        if b[i] == b'%'
            && i + 2 < b.len()
            && let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2]))
        {
            out.push((h * 16 + l) as u8);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The query's `key=value` pairs, decoded.
pub fn params(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect()
}
