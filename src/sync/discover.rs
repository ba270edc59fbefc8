//! Where a sync starts: the URL a user gives (a System, a Body, or a list
//! of bodies) read into the bodies to sync, each with its lists, and the
//! folder each one goes to. A URL that is not OParl ends here with one
//! clear line; an HTML page or a 404 is not retried, since it means a
//! wrong URL rather than a passing fault.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use super::client::{Client, Reply, Verdict, host_of};
use super::page::{self, Parsed};
use super::store::{self, State};
use super::walk::{LISTS, list_verdict, page_key, repaired_text};
use super::{Options, Report};
use crate::strings as s;
use crate::text::display_name;

/// A Body as the server sent it.
#[derive(Clone, Debug)]
pub struct BodyObject {
    pub id: String,
    pub name: String,
    pub short_name: String,
    pub kind: String,
    /// Its JSON as received.
    pub raw: String,
    /// List field → URL.
    pub lists: BTreeMap<String, String>,
    pub system: Option<String>,
}

impl BodyObject {
    pub(super) fn from_raw(raw: &str) -> Option<BodyObject> {
        let v: serde_json::Value = serde_json::from_str(raw).ok()?;
        let s = |k: &str| v.get(k).and_then(|x| x.as_str()).unwrap_or("").trim().to_owned();
        let id = s("id");
        if id.is_empty() {
            return None;
        }
        let lists = LISTS
            .iter()
            .filter_map(|(k, _)| {
                v.get(*k).and_then(|u| u.as_str()).map(|u| (k.to_string(), u.trim().to_owned()))
            })
            .filter(|(_, u)| !u.is_empty())
            .collect();
        let system = Some(s("system")).filter(|x| !x.is_empty());
        Some(BodyObject {
            id,
            name: s("name"),
            short_name: s("shortName"),
            kind: s("type"),
            raw: raw.to_owned(),
            lists,
            system,
        })
    }

    /// `https://schema.oparl.org/1.1/` from the Body's type.
    pub(super) fn schema(&self) -> String {
        match self.kind.rfind('/') {
            Some(i) if self.kind.ends_with("Body") => self.kind[..=i].to_owned(),
            _ => "https://schema.oparl.org/1.1/".to_owned(),
        }
    }
}

/// What the user's URL led to.
pub(super) struct Found {
    pub(super) system_url: Option<String>,
    pub(super) system: Option<String>,
    pub(super) bodies: Vec<BodyObject>,
}

fn type_name(v: &serde_json::Value) -> String {
    v.get("type").and_then(|t| t.as_str()).unwrap_or("").rsplit('/').next().unwrap_or("").to_owned()
}

/// The check for the entry URL: JSON or a clear refusal. An HTML page
/// here means a wrong URL, not a passing fault, so it is not retried.
fn entry_verdict(url: &str) -> impl FnMut(&Reply) -> Verdict + '_ {
    move |r: &Reply| match r.status {
        200 => match json_state(r) {
            Body::Json => Verdict::Accept,
            Body::Truncated => Verdict::Retry(s::ANTWORT_ABGESCHNITTEN.to_owned()),
            Body::Html => Verdict::Fail(s::kein_oparl_html(url)),
            // Perhaps repairable (raw control characters): decided after.
            Body::Other => Verdict::Accept,
        },
        404 | 410 => Verdict::Fail(s::kein_oparl_nicht_gefunden(url, r.status)),
        status => Verdict::Fail(s::server_antwortet(url, status)),
    }
}

/// What an answer's body is, by its bytes: the `Content-Type` of real
/// servers is not to be trusted (JSON sent as `text/html` is JSON).
pub(super) enum Body {
    Json,
    /// JSON that ends too early: cut off in transit or by the server.
    Truncated,
    Html,
    /// Neither valid JSON nor HTML.
    Other,
}

pub(super) fn json_state(r: &Reply) -> Body {
    match serde_json::from_slice::<serde::de::IgnoredAny>(&r.body) {
        Ok(_) => Body::Json,
        Err(_) if r.is_html() => Body::Html,
        Err(e) if e.classify() == serde_json::error::Category::Eof => Body::Truncated,
        Err(_) => Body::Other,
    }
}

/// Parses JSON that may hold raw control characters (repaired), for small
/// objects read whole.
fn json_value(bytes: &[u8]) -> Option<(serde_json::Value, String)> {
    if let Ok(text) = std::str::from_utf8(bytes)
        && let Ok(v) = serde_json::from_str(text)
    {
        return Some((v, text.to_owned()));
    }
    let prepared = crate::load::json::prepare("", bytes);
    let text = prepared.text.into_owned();
    serde_json::from_str(&text).ok().map(|v| (v, text))
}

/// Finds the bodies behind a System or Body URL.
pub(super) fn discover(
    client: &mut Client,
    url: &str,
    opts: &Options,
    report: &Report,
) -> Result<Found, String> {
    let reply = client
        .get(url, &[], entry_verdict(url))
        .map_err(|f| if f.message.contains(url) { f.message } else { format!("{url}: {}", f.message) })?;
    let Some((v, text)) = json_value(&reply.body) else {
        return Err(s::kein_oparl_json(url));
    };
    match type_name(&v).as_str() {
        "System" => {
            let system = Some(text);
            let bodies = match v.get("body") {
                Some(serde_json::Value::String(list)) => body_list(client, list, opts, report)?,
                Some(serde_json::Value::Array(urls)) => {
                    let mut out = Vec::new();
                    for u in urls.iter().filter_map(|u| u.as_str()) {
                        match fetch_body(client, u, report) {
                            Ok(b) => out.push(b),
                            Err(e) => report.error(u, e),
                        }
                    }
                    out
                }
                _ => return Err(s::system_ohne_bodies(url)),
            };
            Ok(Found { system_url: Some(url.to_owned()), system, bodies })
        }
        "Body" => {
            let body = BodyObject::from_raw(&text).ok_or_else(|| s::body_ohne_id(url))?;
            let (system_url, system) = match &body.system {
                Some(system) => match client.get(system, &[], entry_verdict(system)) {
                    Ok(r) => (Some(system.clone()), json_value(&r.body).map(|(_, t)| t)),
                    Err(f) => {
                        report.note(system, s::system_nicht_gelesen(&f.message));
                        (Some(system.clone()), None)
                    }
                },
                None => (None, None),
            };
            Ok(Found { system_url, system, bodies: vec![body] })
        }
        _ if v.get("data").is_some() => {
            // A list of bodies given directly.
            Ok(Found { system_url: None, system: None, bodies: body_list(client, url, opts, report)? })
        }
        "" => Err(s::kein_oparl_type(url)),
        other => Err(s::weder_system_noch_body(url, &crate::text::sanitize(other))),
    }
}

/// A single Body by its URL.
pub(super) fn fetch_body(client: &mut Client, url: &str, _report: &Report) -> Result<BodyObject, String> {
    let reply = client.get(url, &[], entry_verdict(url)).map_err(|f| f.message)?;
    let (v, text) = json_value(&reply.body).ok_or_else(|| s::antwort_kein_json(url))?;
    if type_name(&v) != "Body" {
        return Err(s::kein_body(url));
    }
    BodyObject::from_raw(&text).ok_or_else(|| s::body_ohne_id(url))
}

/// The bodies of a System's body list, every page.
fn body_list(
    client: &mut Client,
    url: &str,
    opts: &Options,
    report: &Report,
) -> Result<Vec<BodyObject>, String> {
    let mut bodies: Vec<BodyObject> = Vec::new();
    let mut next = Some(url.to_owned());
    let mut seen = HashSet::new();
    while let Some(u) = next.take() {
        if !seen.insert(page_key(&u)) || seen.len() > 1000 {
            break;
        }
        if host_of(&u) != host_of(url) && !opts.follow_hosts {
            report.note(&u, s::SEITE_ANDERER_HOST);
            break;
        }
        let reply = client.get(&u, &[], list_verdict(false)).map_err(|f| format!("{u}: {}", f.message))?;
        let text = repaired_text(&reply.body).0;
        let parsed = page::parse(&text).map_err(|e| s::kein_gueltiges_json(&u, &e.to_string()))?;
        match parsed {
            Parsed::Page(p) => {
                if p.single_object {
                    report.note(&u, s::EINZELNER_BODY);
                }
                for e in p.entries {
                    if let Some(b) = BodyObject::from_raw(e.get())
                        && !bodies.iter().any(|o| o.id == b.id)
                    {
                        bodies.push(b);
                    }
                }
                if let Some(s) = &p.self_link {
                    seen.insert(page_key(s));
                }
                next = p.next;
            }
            Parsed::NotAList => return Err(s::keine_body_liste(&u)),
        }
    }
    Ok(bodies)
}

/// The folder of a body under `base`: its name as a slug, made unique
/// against folders of other bodies.
pub(super) fn folder_for(base: &Path, body: &BodyObject) -> Result<PathBuf, String> {
    let name = if body.short_name.is_empty() { &body.name } else { &body.short_name };
    let name = if name.is_empty() { &body.id } else { name };
    let slug = store::slug(name);
    for n in 1..100 {
        let dir = if n == 1 { base.join(&slug) } else { base.join(format!("{slug}-{n}")) };
        match State::load(&dir) {
            Ok(Some(s)) if s.body != body.id => continue,
            Ok(_) => return Ok(dir),
            Err(e) => return Err(s::sync_zustand_nicht_lesbar(&display_name(&dir), &e.to_string())),
        }
    }
    Err(s::kein_freier_ordner(&body.id))
}
