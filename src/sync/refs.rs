//! References the server does not deliver: a consultation naming a paper
//! that answers 404, a meeting of an organization that is in no list. Real
//! mirrors are full of them; they are a Hinweis in the summary, one per
//! kind with a count and a few examples, not an error, and the sync does
//! not fetch referenced objects one by one: the lists hold what there is.
//!
//! While the lists are walked, every entry is read for the ids of the
//! objects it is or embeds, and for the URLs it names where the loader
//! looks them up (those of [`visit`]). Ids go into a set of 64-bit hashes,
//! seeded at random per run (ids come from servers nobody here controls);
//! a reference to an id not seen yet waits in `pending`, with its URL for
//! the examples, until the id comes. Most do soon: meetings name
//! consultations that the papers after them embed.
//!
//! After the walks, the ids of every list's index join the set: what
//! earlier runs stored, so that an incremental run, which receives only
//! what changed, does not take everything else for missing. What meetings
//! and papers of earlier runs embed (agenda items, consultations, files,
//! locations: OParl 1.0 has no lists of their own for them) is in no index:
//! when references to those kinds are still pending and the archive held
//! entries before this run, the stored pages of the lists that embed them
//! are read for their ids. What is pending then is missing.
//!
//! Memory: 8 bytes per id (about 400,000 in a city of 200,000 objects,
//! with the embedded ones) and the pending references with their URLs.

use std::borrow::Cow;
use std::hash::BuildHasher;
use std::path::Path;

use serde::Deserialize;
use serde_json::value::RawValue;

use super::page;
use crate::hash::{HashMap, HashSet};

/// The kinds of objects whose references are checked: those the loader
/// looks up by URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Organization,
    Person,
    Meeting,
    AgendaItem,
    Paper,
    Consultation,
    File,
    Location,
}

impl Kind {
    /// The kind of a Body's external list, by the key the walk uses.
    pub fn of_list(key: &str) -> Option<Kind> {
        Some(match key {
            "organization" => Kind::Organization,
            "person" => Kind::Person,
            "meeting" => Kind::Meeting,
            "agendaItem" => Kind::AgendaItem,
            "paper" => Kind::Paper,
            "consultation" => Kind::Consultation,
            "file" => Kind::File,
            "locationList" => Kind::Location,
            _ => return None,
        })
    }

    /// The OParl type's name (`Paper`).
    pub fn type_name(self) -> &'static str {
        match self {
            Kind::Organization => "Organization",
            Kind::Person => "Person",
            Kind::Meeting => "Meeting",
            Kind::AgendaItem => "AgendaItem",
            Kind::Paper => "Paper",
            Kind::Consultation => "Consultation",
            Kind::File => "File",
            Kind::Location => "Location",
        }
    }

    /// Kinds that live embedded in meetings and papers, and in OParl 1.0
    /// only there.
    fn embedded(self) -> bool {
        matches!(self, Kind::AgendaItem | Kind::Consultation | Kind::File | Kind::Location)
    }
}

/// The lists whose entries embed objects of the embedded kinds.
const EMBEDDING: [&str; 4] = ["meeting", "paper", "agendaItem", "consultation"];

/// What one entry holds: the ids of the objects it is and embeds, and the
/// URLs it names.
#[derive(Default)]
pub struct Found<'a> {
    pub ids: Vec<Cow<'a, str>>,
    pub refs: Vec<(Kind, Cow<'a, str>)>,
}

/// The fields of an object that name or embed others. Which of them mean
/// what depends on the object's kind ([`visit`]); the walk reads them
/// too, for what an entry names by URL instead of embedding it.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub(super) struct Fields<'a> {
    #[serde(borrow, default)]
    pub(super) id: Option<&'a RawValue>,
    #[serde(borrow, default)]
    pub(super) organization: Option<&'a RawValue>,
    #[serde(borrow, default)]
    pub(super) location: Option<&'a RawValue>,
    #[serde(borrow, default)]
    pub(super) agenda_item: Option<&'a RawValue>,
    #[serde(borrow, default)]
    pub(super) meeting: Option<&'a RawValue>,
    #[serde(borrow, default)]
    pub(super) consultation: Option<&'a RawValue>,
    #[serde(borrow, default)]
    pub(super) paper: Option<&'a RawValue>,
    #[serde(borrow, default)]
    pub(super) invitation: Option<&'a RawValue>,
    #[serde(borrow, default)]
    pub(super) results_protocol: Option<&'a RawValue>,
    #[serde(borrow, default)]
    pub(super) verbatim_protocol: Option<&'a RawValue>,
    #[serde(borrow, default)]
    pub(super) auxiliary_file: Option<&'a RawValue>,
    #[serde(borrow, default)]
    pub(super) resolution_file: Option<&'a RawValue>,
    #[serde(borrow, default)]
    pub(super) main_file: Option<&'a RawValue>,
    #[serde(borrow, default)]
    pub(super) originator_person: Option<&'a RawValue>,
    #[serde(borrow, default)]
    pub(super) originator_organization: Option<&'a RawValue>,
    #[serde(borrow, default)]
    pub(super) under_direction_of: Option<&'a RawValue>,
}

/// A JSON string's text, trimmed; `None` for other values, `""` and
/// `"N/A"` (servers' "nothing").
fn text(v: &RawValue) -> Option<Cow<'_, str>> {
    let raw = v.get();
    if !raw.starts_with('"') {
        return None;
    }
    let s: Cow<str> = match serde_json::from_str::<&str>(raw) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => Cow::Owned(serde_json::from_str::<String>(raw).ok()?),
    };
    let trimmed = s.trim();
    if trimmed.is_empty() || trimmed.eq_ignore_ascii_case("n/a") {
        return None;
    }
    Some(match s {
        Cow::Borrowed(b) => Cow::Borrowed(b.trim()),
        Cow::Owned(o) if o.len() == trimmed.len() => Cow::Owned(o),
        Cow::Owned(o) => Cow::Owned(o.trim().to_owned()),
    })
}

/// Reads an object of `kind` (a list entry, or one embedded in another):
/// its id and those of what it embeds go to `found.ids`, the URLs it
/// names to `found.refs`. What cannot be read is passed over.
pub fn visit<'a>(raw: &'a RawValue, kind: Kind, found: &mut Found<'a>) {
    let Ok(f) = serde_json::from_str::<Fields<'a>>(raw.get()) else { return };
    if let Some(id) = f.id.and_then(text) {
        found.ids.push(id);
    }
    use Kind::*;
    let fields: &[(Option<&'a RawValue>, Kind)] = match kind {
        Meeting => &[
            (f.organization, Organization),
            (f.location, Location),
            (f.agenda_item, AgendaItem),
            (f.invitation, File),
            (f.results_protocol, File),
            (f.verbatim_protocol, File),
            (f.auxiliary_file, File),
        ],
        AgendaItem => &[
            (f.meeting, Meeting),
            (f.consultation, Consultation),
            (f.resolution_file, File),
            (f.auxiliary_file, File),
        ],
        Paper => &[
            (f.consultation, Consultation),
            (f.main_file, File),
            (f.auxiliary_file, File),
            (f.originator_person, Person),
            (f.originator_organization, Organization),
            (f.under_direction_of, Organization),
        ],
        Consultation => &[
            (f.paper, Paper),
            (f.meeting, Meeting),
            (f.agenda_item, AgendaItem),
            (f.organization, Organization),
        ],
        Organization | Person | File | Location => &[],
    };
    for &(value, target) in fields {
        if let Some(v) = value {
            named(v, target, found);
        }
    }
}

/// A field's value: a URL, an embedded object, or a list of either.
fn named<'a>(v: &'a RawValue, kind: Kind, found: &mut Found<'a>) {
    match v.get().as_bytes().first() {
        Some(b'"') => {
            if let Some(url) = text(v) {
                found.refs.push((kind, url));
            }
        }
        Some(b'{') => visit(v, kind, found),
        Some(b'[') => {
            if let Ok(items) = serde_json::from_str::<Vec<&'a RawValue>>(v.get()) {
                for item in items {
                    if !item.get().starts_with('[') {
                        named(item, kind, found);
                    }
                }
            }
        }
        _ => {}
    }
}

/// The ids a body's sync has seen, and the references still waiting for
/// theirs.
pub struct Refs {
    hasher: foldhash::quality::RandomState,
    known: HashSet<u64>,
    pending: HashMap<u64, (Kind, Box<str>)>,
}

impl Default for Refs {
    fn default() -> Refs {
        Refs::new()
    }
}

/// Per kind: how many objects are referred to and not delivered, and the
/// first few of their URLs (in order).
pub type Missing = Vec<(Kind, usize, Vec<String>)>;

impl Refs {
    pub fn new() -> Refs {
        Refs {
            hasher: foldhash::quality::RandomState::default(),
            known: HashSet::default(),
            pending: HashMap::default(),
        }
    }

    fn key(&self, id: &str) -> u64 {
        self.hasher.hash_one(id.trim())
    }

    /// An id delivered (or stored).
    pub fn know(&mut self, id: &str) {
        let k = self.key(id);
        if self.known.insert(k) {
            self.pending.remove(&k);
        }
    }

    /// A URL an object names.
    pub fn refer(&mut self, kind: Kind, url: &str) {
        let k = self.key(url);
        if !self.known.contains(&k) {
            self.pending.entry(k).or_insert_with(|| (kind, url.trim().into()));
        }
    }

    /// What a page's entries hold: first the ids, so that references
    /// within the page find them.
    pub fn add(&mut self, found: &Found) {
        for id in &found.ids {
            self.know(id);
        }
        for (kind, url) in &found.refs {
            self.refer(*kind, url);
        }
    }

    /// Whether references to embedded kinds are still waiting: only then
    /// are stored pages worth reading ([`Refs::read_stored`]).
    pub fn waits_for_embedded(&self) -> bool {
        self.pending.values().any(|(k, _)| k.embedded())
    }

    /// Reads the stored pages of the lists that embed objects (under
    /// `lists_dir`) for the ids they embed, while references to embedded
    /// kinds wait. Pages that cannot be read are passed over: the loader
    /// reports them.
    pub fn read_stored(&mut self, lists_dir: &Path) {
        for key in EMBEDDING {
            let Some(kind) = Kind::of_list(key) else { continue };
            let dir = lists_dir.join(key);
            let Ok(entries) = std::fs::read_dir(&dir) else { continue };
            let mut segments: Vec<_> = entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| {
                    let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
                    name.split_once('.').is_some_and(|(stem, ext)| {
                        stem.bytes().all(|b| b.is_ascii_digit())
                            && (ext == super::store::VISIBLE || ext == super::store::HIDDEN)
                    })
                })
                .collect();
            segments.sort();
            for path in segments {
                if !self.waits_for_embedded() {
                    return;
                }
                let Ok(text) = std::fs::read_to_string(&path) else { continue };
                let Ok(entries) = page::segment_entries(&text) else { continue };
                for raw in entries {
                    let mut found = Found::default();
                    visit(raw, kind, &mut found);
                    for id in &found.ids {
                        self.know(id);
                    }
                }
            }
        }
    }

    /// The references still waiting, per kind: the objects the server did
    /// not deliver. Up to `examples` URLs each, the first in order.
    pub fn missing(&self, examples: usize) -> Missing {
        let mut by_kind: std::collections::BTreeMap<Kind, Vec<&str>> = Default::default();
        for (kind, url) in self.pending.values() {
            by_kind.entry(*kind).or_default().push(url);
        }
        by_kind
            .into_iter()
            .map(|(kind, mut urls)| {
                urls.sort_unstable();
                let n = urls.len();
                (kind, n, urls.into_iter().take(examples).map(str::to_owned).collect())
            })
            .collect()
    }

    /// Ids known, references waiting (for tests and the benchmark).
    pub fn sizes(&self) -> (usize, usize) {
        (self.known.len(), self.pending.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(json: &str, kind: Kind) -> (Vec<String>, Vec<(Kind, String)>) {
        let raw: &RawValue = serde_json::from_str(json).unwrap();
        let mut f = Found::default();
        visit(raw, kind, &mut f);
        (
            f.ids.into_iter().map(|c| c.into_owned()).collect(),
            f.refs.into_iter().map(|(k, c)| (k, c.into_owned())).collect(),
        )
    }

    #[test]
    fn entries_give_their_ids_the_embedded_ones_and_what_they_name() {
        let (ids, refs) = found(
            r#"{"id":"http://h/m/1","organization":["http://h/o/1"," http://h/o/2 "],
                "location":{"id":"http://h/l/1"},
                "agendaItem":[{"id":"http://h/a/1","meeting":"http://h/m/1","consultation":"http:\/\/h\/c\/1",
                               "resolutionFile":{"id":"http://h/f/1"}},
                              "http://h/a/2"],
                "invitation":"http://h/f/2","name":"x","auxiliaryFile":[]}"#,
            Kind::Meeting,
        );
        assert_eq!(ids, ["http://h/m/1", "http://h/l/1", "http://h/a/1", "http://h/f/1"]);
        assert_eq!(
            refs,
            [
                (Kind::Organization, "http://h/o/1".to_owned()),
                (Kind::Organization, "http://h/o/2".to_owned()),
                (Kind::Meeting, "http://h/m/1".to_owned()),
                (Kind::Consultation, "http://h/c/1".to_owned()),
                (Kind::AgendaItem, "http://h/a/2".to_owned()),
                (Kind::File, "http://h/f/2".to_owned()),
            ]
        );
        let (ids, refs) = found(
            r#"{"id":"http://h/p/1","consultation":[{"id":"http://h/c/1","paper":"http://h/p/1",
                "meeting":null,"agendaItem":"N/A","organization":[""]}],
                "originatorPerson":["http://h/pe/1"],"underDirectionOf":["http://h/o/3"],
                "relatedPaper":["http://h/p/9"]}"#,
            Kind::Paper,
        );
        assert_eq!(ids, ["http://h/p/1", "http://h/c/1"]);
        assert_eq!(
            refs,
            [
                (Kind::Paper, "http://h/p/1".to_owned()),
                (Kind::Person, "http://h/pe/1".to_owned()),
                (Kind::Organization, "http://h/o/3".to_owned()),
            ]
        );
        // Kinds that name nothing checked, and what is not an object.
        assert_eq!(found(r#"{"id":"http://h/o/1","meeting":"http://h/x"}"#, Kind::Organization).1, []);
        assert_eq!(found(r#"[1,2]"#, Kind::Paper), (vec![], vec![]));
    }

    #[test]
    fn references_wait_for_their_ids_and_what_stays_is_missing() {
        let mut r = Refs::new();
        r.refer(Kind::Consultation, "http://h/c/1");
        r.refer(Kind::Paper, "http://h/p/9");
        r.refer(Kind::Paper, "http://h/p/8");
        r.refer(Kind::Paper, "http://h/p/8");
        assert!(r.waits_for_embedded());
        r.know("http://h/c/1");
        assert!(!r.waits_for_embedded());
        r.know("http://h/p/1");
        r.refer(Kind::Paper, " http://h/p/1");
        assert_eq!(r.sizes(), (2, 2));
        assert_eq!(
            r.missing(1),
            [(Kind::Paper, 2, vec!["http://h/p/8".to_owned()])],
            "one per kind, counted once each"
        );
    }

    #[test]
    fn stored_pages_give_the_ids_they_embed() {
        let dir = std::env::temp_dir().join(format!("ratsinfo-refs-{}", std::process::id()));
        let meetings = dir.join("meeting");
        std::fs::create_dir_all(&meetings).unwrap();
        std::fs::write(
            meetings.join("00000001.oparl"),
            page::segment(&[r#"{"id":"http://h/m/1","agendaItem":[{"id":"http://h/a/1"}]}"#]),
        )
        .unwrap();
        std::fs::write(
            meetings.join("00000001.orig"),
            r#"{"data":[{"id":"x","agendaItem":[{"id":"http://h/a/2"}]}]}"#,
        )
        .unwrap();
        let mut r = Refs::new();
        r.refer(Kind::AgendaItem, "http://h/a/1");
        r.refer(Kind::AgendaItem, "http://h/a/2");
        r.read_stored(&dir);
        assert_eq!(r.missing(3), [(Kind::AgendaItem, 1, vec!["http://h/a/2".to_owned()])]);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
