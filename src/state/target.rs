//! What personal state is about: a record of the archive, or a Gremium (a
//! group of the tree, which the Merkliste can hold too); its written key
//! and its label; and the way back from a written key to what is loaded.

use crate::hash::HashMap;
use crate::model::{AuszugId, Format, Key, KoerperschaftId, RecordId, SitzungId, VorlageId};
use crate::open::Data;
use crate::strings as s;
use crate::tree::{Node, Tree};

use super::Label;

/// What a mark, a note or a Merkliste entry is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Target {
    Record(RecordId),
    /// A Gremium of the tree (index into [`Tree::gremien`]).
    Gremium(u32),
}

/// The kinds of [`Label::kind`], as stored.
pub mod kind {
    pub const VORLAGE: &str = "vorlage";
    pub const SITZUNG: &str = "sitzung";
    pub const AUSZUG: &str = "auszug";
    pub const GREMIUM: &str = "gremium";
}

/// `part` with `\` and `|` escaped, as [`Key`] writes its parts.
fn escape(part: &str) -> String {
    let mut out = String::with_capacity(part.len());
    for c in part.chars() {
        if c == '\\' || c == '|' {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

impl Target {
    /// What a tree node's state is kept on. An agenda item's is its
    /// Vorlage's (the paper is read once, whichever session it comes up
    /// in, and watched as one), or else its own record's; a Vorlage, a
    /// session and a Gremium have their own; other nodes none.
    pub fn of(tree: &Tree, node: Node) -> Option<Target> {
        match node {
            Node::Item(i) => Target::of_item(tree, i),
            Node::Vorlage(v) => Some(Target::Record(RecordId::Vorlage(v))),
            Node::Sitzung(si) => Some(Target::Record(RecordId::Sitzung(si))),
            Node::Gremium(g) => Some(Target::Gremium(g)),
            _ => None,
        }
    }

    /// The target of an agenda item (see [`Target::of`]).
    pub fn of_item(tree: &Tree, i: u32) -> Option<Target> {
        let it = tree.items.get(i as usize)?;
        match (it.vorlage, it.auszug) {
            (Some(v), _) => Some(Target::Record(RecordId::Vorlage(v))),
            (None, Some(a)) => Some(Target::Record(RecordId::Auszug(a))),
            (None, None) => None,
        }
    }

    /// Where the target is in the tree: the node to open for it.
    pub fn node(self, tree: &Tree) -> Option<Node> {
        Some(match self {
            Target::Record(RecordId::Vorlage(v)) => Node::Vorlage(v),
            Target::Record(RecordId::Sitzung(si)) => Node::Sitzung(si),
            Target::Record(RecordId::Auszug(a)) => Node::Item(tree.item_of_auszug(a)?),
            Target::Gremium(g) => Node::Gremium(g),
        })
    }

    /// The written key the state is stored under: the record's stable key
    /// ([`Key`]), or `gremium|Körperschaft|Name`.
    pub fn key(self, d: &Data) -> String {
        match self {
            Target::Record(r) => d.archive.key(r).to_string(),
            Target::Gremium(g) => {
                let gr = &d.tree.gremien[g as usize];
                let k = d.archive.koerperschaft(d.tree.koerperschaften[gr.koerperschaft as usize].id);
                format!("{}|{}|{}", kind::GREMIUM, escape(k), escape(&gr.name))
            }
        }
    }

    /// How the target is named where its record is not loaded.
    pub fn label(self, d: &Data) -> Label {
        let a = &d.archive;
        let label = |kind: &str, nummer: String, titel: String| Label { kind: kind.into(), nummer, titel };
        match self {
            Target::Record(RecordId::Vorlage(v)) => {
                let v = a.vorlage(v);
                label(kind::VORLAGE, v.nummer.to_string(), v.betreff.to_string())
            }
            Target::Record(RecordId::Sitzung(si)) => {
                let sz = a.sitzung(si);
                let gremium = d.tree.gremien[d.tree.sitzung(si).gremium as usize].name.as_str();
                let when = crate::document::sitzung_label(a, &d.tree, si);
                let titel = if sz.name.is_empty() || sz.name == gremium {
                    format!("{gremium}, {when}")
                } else {
                    format!("{}, {when}", sz.name)
                };
                label(kind::SITZUNG, String::new(), titel)
            }
            Target::Record(RecordId::Auszug(au)) => {
                let x = a.auszug(au);
                let sitzung = x.sitzung.map(|si| a.sitzung(si));
                let gremium = if x.gremium.is_empty() {
                    sitzung.map_or("", |s| s.gremium.as_str())
                } else {
                    &x.gremium
                };
                let datum = x.datum.or(sitzung.and_then(|s| s.datum)).map(|d| d.german()).unwrap_or_default();
                let titel = if x.titel.is_empty() { s::OHNE_BETREFF } else { x.titel.as_str() };
                let wo =
                    [gremium, datum.as_str()].iter().filter(|p| !p.is_empty()).copied().collect::<Vec<_>>();
                let titel =
                    if wo.is_empty() { titel.to_owned() } else { format!("{titel} ({})", wo.join(", ")) };
                label(kind::AUSZUG, x.top.to_string(), titel)
            }
            Target::Gremium(g) => {
                label(kind::GREMIUM, String::new(), d.tree.gremien[g as usize].name.clone())
            }
        }
    }
}

/// What [`Resolver::find_fast`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fast {
    Found(Target),
    NotLoaded,
    /// Ask [`Resolver::find`].
    Slow,
}

/// Splits a written key at its first unescaped `|` when it has no escapes
/// at all (nearly every key): `("vorlage", "Stadt Herne|2021/0832")`.
fn plain_split(key: &str) -> Option<(&str, &str)> {
    if key.contains('\\') {
        return None;
    }
    key.split_once('|')
}

/// Finds what written keys name in one loaded archive. The common keys
/// (Vorlagen by number, OParl ids) are looked up directly without copying;
/// indexes for the rest are built the first time one is asked for.
pub struct Resolver {
    koerperschaften: HashMap<String, KoerperschaftId>,
    sitzungen: Option<HashMap<Key, SitzungId>>,
    auszuege: Option<HashMap<Key, AuszugId>>,
    gremien: Option<HashMap<(String, String), u32>>,
}

impl Resolver {
    pub fn new(d: &Data) -> Resolver {
        let koerperschaften = d
            .archive
            .koerperschaften
            .iter()
            .enumerate()
            .map(|(i, k)| (k.clone(), KoerperschaftId(i as u32)))
            .collect();
        Resolver { koerperschaften, sitzungen: None, auszuege: None, gremien: None }
    }

    /// What `key` names in `d`, if loaded.
    pub fn find(&mut self, d: &Data, key: &str) -> Option<Target> {
        match self.find_fast(d, key) {
            Fast::Found(t) => Some(t),
            Fast::NotLoaded => None,
            Fast::Slow => self.find_slow(d, key),
        }
    }

    /// The common keys (a Vorlage by number, an OParl id) without building
    /// anything: safe to call from several threads at once.
    pub fn find_fast(&self, d: &Data, key: &str) -> Fast {
        let a = &d.archive;
        let found = |r: Option<RecordId>| r.map_or(Fast::NotLoaded, |r| Fast::Found(Target::Record(r)));
        match plain_split(key) {
            Some(("oparl", id)) => found(a.find_id(id)),
            Some(("vorlage", rest)) => {
                let Some((k, nummer)) = rest.split_once('|').filter(|(_, n)| !n.contains('|')) else {
                    return Fast::NotLoaded;
                };
                let Some(&k) = self.koerperschaften.get(k) else { return Fast::NotLoaded };
                found(
                    a.vorlagen_with(k, nummer)
                        .find(|&v| a.vorlage(v).format == Format::Export)
                        .map(RecordId::Vorlage),
                )
            }
            _ => Fast::Slow,
        }
    }

    /// Keys that need an index of their own (sessions, agenda items,
    /// Gremien), built the first time one is asked for.
    fn find_slow(&mut self, d: &Data, key: &str) -> Option<Target> {
        let a = &d.archive;
        if let Some(rest) = key.strip_prefix("gremium|") {
            let parts = split(rest);
            let [k, name] = <[String; 2]>::try_from(parts).ok()?;
            let gremien = self.gremien.get_or_insert_with(|| {
                d.tree
                    .gremien
                    .iter()
                    .enumerate()
                    .map(|(g, gr)| {
                        let k = a.koerperschaft(d.tree.koerperschaften[gr.koerperschaft as usize].id);
                        ((k.to_owned(), gr.name.clone()), g as u32)
                    })
                    .collect()
            });
            return gremien.get(&(k, name)).map(|&g| Target::Gremium(g));
        }
        let parsed: Key = key.parse().ok()?;
        self.find_key(d, &parsed)
    }

    fn find_key(&mut self, d: &Data, key: &Key) -> Option<Target> {
        let a = &d.archive;
        match key {
            Key::Oparl(_) | Key::Vorlage { .. } => a.find(key).map(Target::Record),
            Key::Sitzung { .. } => self.sitzung(d, key).map(|s| Target::Record(RecordId::Sitzung(s))),
            Key::Auszug { sitzung, .. } => {
                // Among the items of its session, where that is loaded.
                let si = match sitzung.as_ref() {
                    Key::Oparl(id) => match a.find_id(id) {
                        Some(RecordId::Sitzung(si)) => Some(si),
                        _ => None,
                    },
                    k => self.sitzung(d, k),
                };
                if let Some(si) = si {
                    let found = d
                        .tree
                        .sitzung(si)
                        .items
                        .iter()
                        .filter_map(|&i| d.tree.items[i as usize].auszug)
                        .find(|&au| a.key(RecordId::Auszug(au)) == *key);
                    if found.is_some() {
                        return found.map(|au| Target::Record(RecordId::Auszug(au)));
                    }
                }
                self.auszug(d, key)
            }
            Key::AuszugId { .. } => self.auszug(d, key),
        }
    }

    fn sitzung(&mut self, d: &Data, key: &Key) -> Option<SitzungId> {
        let index = self.sitzungen.get_or_insert_with(|| {
            (0..d.archive.sitzungen.len() as u32)
                .map(SitzungId)
                .filter(|&s| d.archive.sitzung(s).format == Format::Export)
                .map(|s| (d.archive.key(RecordId::Sitzung(s)), s))
                .collect()
        });
        index.get(key).copied()
    }

    fn auszug(&mut self, d: &Data, key: &Key) -> Option<Target> {
        let index = self.auszuege.get_or_insert_with(|| {
            (0..d.archive.auszuege.len() as u32)
                .map(AuszugId)
                .filter(|&au| d.archive.auszug(au).format == Format::Export)
                .map(|au| (d.archive.key(RecordId::Auszug(au)), au))
                .collect()
        });
        index.get(key).map(|&au| Target::Record(RecordId::Auszug(au)))
    }
}

/// Splits a written key into its unescaped parts.
fn split(s: &str) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => parts.last_mut().unwrap().extend(chars.next()),
            '|' => parts.push(String::new()),
            _ => parts.last_mut().unwrap().push(c),
        }
    }
    parts
}

/// Whether `key` is a key the state can hold: a record's key as [`Key`]
/// writes it, or a Gremium's.
pub fn valid_key(key: &str) -> bool {
    match key.strip_prefix("gremium|") {
        Some(rest) => split(rest).len() == 2,
        None => key.parse::<Key>().is_ok(),
    }
}

/// The Vorlage a target is, if it is one.
pub fn vorlage(t: Target) -> Option<VorlageId> {
    match t {
        Target::Record(RecordId::Vorlage(v)) => Some(v),
        _ => None,
    }
}
