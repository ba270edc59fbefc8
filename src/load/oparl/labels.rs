//! Names for organizations, meetings and bodies that are referenced but not
//! loaded: short where that is unambiguous, so that two committees never
//! become one.

use super::index::{UrlMap, UrlSet};
use super::read::Embedded;
use super::resolve::each;
use super::{Emb, Object};
use crate::hash::HashMap;
use crate::model::Url;

/// Every organization URL that meetings and consultations name, and those
/// of the organizations loaded.
pub(super) fn org_urls(objects: &[Vec<Object>]) -> Vec<&Url> {
    let mut urls = Vec::new();
    for (_, o) in each(objects) {
        match o {
            Object::Organization(n) => urls.push(&n.id),
            Object::Meeting(m) => urls.extend(m.organization.iter().map(Embedded::id)),
            Object::Paper(p) => {
                for c in p.consultation.iter().filter_map(Emb::as_obj) {
                    urls.extend(c.organization.iter().map(Embedded::id));
                }
            }
            Object::Consultation(c) => urls.extend(c.organization.iter().map(Embedded::id)),
            _ => {}
        }
    }
    urls
}

/// Every meeting URL loaded or named.
pub(super) fn meeting_urls(objects: &[Vec<Object>]) -> Vec<&Url> {
    let mut urls = Vec::new();
    for (_, o) in each(objects) {
        match o {
            Object::Meeting(m) => urls.push(&m.id),
            Object::AgendaItem(a) => urls.push(&a.meeting),
            Object::Paper(p) => {
                urls.extend(p.consultation.iter().filter_map(Emb::as_obj).map(|c| &c.meeting))
            }
            Object::Consultation(c) => urls.push(&c.meeting),
            _ => {}
        }
    }
    urls
}

/// Short labels for URLs: `short(url)` where no other URL has the same,
/// otherwise the URL without its scheme.
pub(super) fn labels<'a>(urls: impl Iterator<Item = &'a Url>, short: fn(&str) -> &str) -> UrlMap<'a, String> {
    let urls: UrlSet<'a> = urls.filter(|u| !u.is_empty()).collect();
    let texts: Vec<(&'a Url, String)> = urls.into_iter().map(|u| (u, u.to_string())).collect();
    let mut uses: HashMap<&str, usize> = HashMap::default();
    for (_, t) in &texts {
        *uses.entry(short(t)).or_default() += 1;
    }
    texts
        .iter()
        .map(|(u, t)| {
            let s = short(t);
            (*u, if uses[s] > 1 { without_scheme(t) } else { s }.to_owned())
        })
        .collect()
}

pub(super) fn without_scheme(url: &str) -> &str {
    url.split_once("://").map_or(url, |(_, rest)| rest).trim_end_matches('/')
}

pub(super) fn host(url: &str) -> &str {
    without_scheme(url).split('/').next().unwrap_or(url)
}

pub(super) fn last_segment(url: &str) -> &str {
    url.trim_end_matches('/').rsplit('/').next().unwrap_or(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_short_unless_ambiguous() {
        let urls =
            ["https://a.example/gr/5", "https://a.example/at/5", "https://a.example/gr/6"].map(Url::new);
        let l = labels(urls.iter(), last_segment);
        assert_eq!(l[&urls[0]], "a.example/gr/5");
        assert_eq!(l[&urls[1]], "a.example/at/5");
        assert_eq!(l[&urls[2]], "6");
        assert_eq!(host("https://web1.karlsruhe.de/oparl/bodies/0001"), "web1.karlsruhe.de");
    }
}
