//! Reading what a list URL answered: a list page (`{"data": [...],
//! "links": …}`), or what real servers send instead (`[]` for an empty
//! list, a single object where a list belongs). Entries are kept as the
//! server wrote them (raw JSON), each with the few fields the sync needs.

use std::borrow::Cow;

use serde::Deserialize;
use serde::de::IgnoredAny;
use serde_json::value::RawValue;

use super::stamp;

/// A page as read: its entries as written, and where the list goes on.
pub struct Page<'a> {
    pub entries: Vec<&'a RawValue>,
    pub next: Option<String>,
    pub self_link: Option<String>,
    pub total: Option<u64>,
    pub current: Option<u64>,
    /// The answer was one object, not a list (Krefeld's body list).
    pub single_object: bool,
}

#[derive(Deserialize)]
struct Doc<'a> {
    #[serde(borrow, default)]
    data: Option<Vec<&'a RawValue>>,
    #[serde(default)]
    links: Option<Links>,
    #[serde(default)]
    pagination: Option<Pagination>,
    #[serde(default)]
    id: Option<IgnoredAny>,
    #[serde(rename = "type", default)]
    kind: Option<IgnoredAny>,
}

#[derive(Deserialize, Default)]
struct Links {
    #[serde(default, deserialize_with = "lenient_string")]
    next: Option<String>,
    #[serde(rename = "self", default, deserialize_with = "lenient_string")]
    self_link: Option<String>,
}

#[derive(Deserialize, Default)]
struct Pagination {
    #[serde(rename = "totalElements", default, deserialize_with = "lenient_u64")]
    total: Option<u64>,
    #[serde(rename = "currentPage", default, deserialize_with = "lenient_u64")]
    current: Option<u64>,
}

fn lenient_string<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let v = serde_json::Value::deserialize(d)?;
    Ok(match v {
        serde_json::Value::String(s) if !s.trim().is_empty() => Some(s),
        _ => None,
    })
}

fn lenient_u64<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    let v = serde_json::Value::deserialize(d)?;
    Ok(match v {
        serde_json::Value::Number(n) => n.as_u64(),
        serde_json::Value::String(s) => s.trim().parse().ok(),
        _ => None,
    })
}

/// What a list URL's JSON is.
pub enum Parsed<'a> {
    Page(Page<'a>),
    /// JSON, but neither a list page, nor `[]`, nor an object with `id`.
    NotAList,
}

/// Reads the text of a list answer; `Err` when it is not JSON.
pub fn parse(text: &str) -> Result<Parsed<'_>, serde_json::Error> {
    let first = text.trim_start_matches('\u{feff}').trim_start().as_bytes().first().copied();
    if first == Some(b'[') {
        let entries: Vec<&RawValue> = serde_json::from_str(text.trim_start_matches('\u{feff}'))?;
        return Ok(Parsed::Page(Page {
            entries,
            next: None,
            self_link: None,
            total: None,
            current: None,
            single_object: false,
        }));
    }
    let text = text.trim_start_matches('\u{feff}');
    let doc: Doc = serde_json::from_str(text)?;
    match doc.data {
        Some(entries) => {
            let links = doc.links.unwrap_or_default();
            let pagination = doc.pagination.unwrap_or_default();
            Ok(Parsed::Page(Page {
                entries,
                next: links.next,
                self_link: links.self_link,
                total: pagination.total,
                current: pagination.current,
                single_object: false,
            }))
        }
        None if doc.id.is_some() && doc.kind.is_some() => {
            let whole: &RawValue = serde_json::from_str(text)?;
            Ok(Parsed::Page(Page {
                entries: vec![whole],
                next: None,
                self_link: None,
                total: Some(1),
                current: None,
                single_object: true,
            }))
        }
        None => Ok(Parsed::NotAList),
    }
}

/// The fields of an entry the sync needs. Values that are not what OParl
/// says ("N/A", "", a number) count as missing.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Meta {
    pub id: Option<String>,
    pub kind: Option<String>,
    pub modified: Option<i64>,
    pub deleted: bool,
}

#[derive(Deserialize)]
struct RawMeta<'a> {
    #[serde(borrow, default)]
    id: Option<&'a RawValue>,
    #[serde(rename = "type", borrow, default)]
    kind: Option<&'a RawValue>,
    #[serde(borrow, default)]
    modified: Option<&'a RawValue>,
    #[serde(borrow, default)]
    deleted: Option<&'a RawValue>,
}

fn string_of(v: Option<&RawValue>) -> Option<String> {
    let v = v?;
    let s: Cow<str> = serde_json::from_str(v.get()).ok()?;
    let s = s.trim();
    (!s.is_empty() && s != "N/A").then(|| s.to_owned())
}

impl Meta {
    pub fn of(entry: &RawValue) -> Meta {
        let Ok(raw) = serde_json::from_str::<RawMeta>(entry.get()) else { return Meta::default() };
        Meta {
            id: string_of(raw.id),
            kind: string_of(raw.kind),
            modified: string_of(raw.modified).and_then(|m| stamp::parse_rfc3339(&m)),
            deleted: raw.deleted.is_some_and(|d| {
                let t = d.get().trim();
                t == "true" || t == "\"true\""
            }),
        }
    }
}

/// FNV-1a, 64 bits: a content hash that stays the same across versions of
/// ratsinfo and its crates, since the archive's index keeps it.
pub fn hash(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// A list page as stored: `{"data":[…]}` with the entries as received.
pub fn segment(entries: &[&str]) -> Vec<u8> {
    let len: usize = entries.iter().map(|e| e.len() + 1).sum();
    let mut out = Vec::with_capacity(len + 16);
    out.extend_from_slice(b"{\"data\":[");
    for (i, e) in entries.iter().enumerate() {
        if i > 0 {
            out.extend_from_slice(b",\n");
        }
        out.extend_from_slice(e.as_bytes());
    }
    out.extend_from_slice(b"]}\n");
    out
}

/// The entries of a stored segment.
pub fn segment_entries(text: &str) -> Result<Vec<&RawValue>, serde_json::Error> {
    #[derive(Deserialize)]
    struct Seg<'a> {
        #[serde(borrow)]
        data: Vec<&'a RawValue>,
    }
    Ok(serde_json::from_str::<Seg>(text)?.data)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(text: &str) -> Page<'_> {
        match parse(text).unwrap() {
            Parsed::Page(p) => p,
            Parsed::NotAList => panic!("not a list"),
        }
    }

    #[test]
    fn list_pages_arrays_and_single_objects() {
        let p = page(
            r#"{"data":[{"id":"a"},{"id":"b"}],"pagination":{"totalElements":"7","currentPage":2},
               "links":{"next":"http://h/l?page=3","self":"http://h/l?page=2"}}"#,
        );
        assert_eq!(p.entries.len(), 2);
        assert_eq!(p.next.as_deref(), Some("http://h/l?page=3"));
        assert_eq!((p.total, p.current), (Some(7), Some(2)));
        let empty = page("[]");
        assert!(empty.entries.is_empty() && empty.next.is_none());
        let one = page(r#"{"id":"http://h/b/1","type":"https://schema.oparl.org/1.0/Body","name":"X"}"#);
        assert!(one.single_object);
        assert!(one.entries[0].get().contains("\"name\":\"X\""));
        assert!(matches!(parse(r#"{"error":"x","code":802}"#).unwrap(), Parsed::NotAList));
        assert!(parse("<html>").is_err());
        assert!(parse(r#"{"data":[{"id":"a"}"#).is_err());
        assert_eq!(page(r#"{"data":[],"links":{"next":""}}"#).next, None);
    }

    #[test]
    fn meta_is_lenient() {
        let raw: &RawValue = serde_json::from_str(
            r#"{"id":"http://h/p/1","type":"T","modified":"2025-03-03T13:00:00+01:00","deleted":true,"x":[1]}"#,
        )
        .unwrap();
        let m = Meta::of(raw);
        assert_eq!(m.id.as_deref(), Some("http://h/p/1"));
        assert_eq!(m.modified, Some(1_741_003_200));
        assert!(m.deleted);
        let na: &RawValue = serde_json::from_str(r#"{"id":"x","modified":"N/A","deleted":"N/A"}"#).unwrap();
        let m = Meta::of(na);
        assert_eq!((m.modified, m.deleted), (None, false));
    }

    #[test]
    fn segments_round_trip() {
        let bytes = segment(&[r#"{"id":"a"}"#, r#"{"id":"b"}"#]);
        let text = std::str::from_utf8(&bytes).unwrap();
        let e = segment_entries(text).unwrap();
        assert_eq!(e.len(), 2);
        assert_eq!(e[1].get(), r#"{"id":"b"}"#);
        assert_ne!(hash(b"a"), hash(b"b"));
    }
}
