//! OParl ids and other URLs, stored as an interned prefix and the rest.
//!
//! A city's ids share a few long prefixes
//! (`https://ris.example.org/oparl/bodies/1/papers/`) and differ in their
//! last segment (`51028`). Held as strings they were a third of the memory
//! of loading a mirror (half a million of them, each a heap allocation of
//! 60–80 bytes). Here each prefix is stored once for the process, and a
//! [`Url`] is the prefix's number and the rest, which nearly always fits in
//! a `CompactString` without an allocation.
//!
//! Prefixes are never freed: they are few (one per kind of object and
//! server), and the table stops growing at [`MAX_PREFIXES`], after which
//! URLs keep their whole text in `rest`, so that data made to hold a new
//! prefix per URL costs what plain strings would.

use std::cell::RefCell;
use std::fmt;
use std::sync::RwLock;

use compact_str::CompactString;
use serde::{Serialize, Serializer};

use crate::hash::HashMap;

/// More distinct prefixes than a real archive has by far.
const MAX_PREFIXES: usize = 1 << 16;

/// The prefixes of the process, by number; 0 is the empty prefix.
struct Table {
    prefixes: Vec<&'static str>,
    numbers: HashMap<&'static str, u32>,
}

static TABLE: RwLock<Option<Table>> = RwLock::new(None);

thread_local! {
    /// The prefixes this thread has seen: most lookups take no lock.
    static SEEN: RefCell<HashMap<&'static str, u32>> = RefCell::new(HashMap::default());
}

/// An id or URL as a source wrote it (cleaned at load like every text).
#[derive(Clone, PartialEq, Eq, Hash, Default)]
pub struct Url {
    prefix: u32,
    rest: CompactString,
}

/// Where `s` is split: after its last `/`.
fn split(s: &str) -> (&str, &str) {
    match s.rfind('/') {
        Some(i) => s.split_at(i + 1),
        None => ("", s),
    }
}

impl Url {
    /// The empty URL.
    pub const EMPTY: Url = Url { prefix: 0, rest: CompactString::const_new("") };

    /// `s` as a Url, its prefix interned.
    pub fn new(s: &str) -> Url {
        let (prefix, rest) = split(s);
        if prefix.is_empty() {
            return Url { prefix: 0, rest: rest.into() };
        }
        match intern(prefix) {
            Some(number) => Url { prefix: number, rest: rest.into() },
            None => Url { prefix: 0, rest: s.into() },
        }
    }

    /// `s` as a Url if its prefix is known, without interning it: for
    /// looking up what a user typed.
    pub fn find(s: &str) -> Option<Url> {
        let (prefix, rest) = split(s);
        if prefix.is_empty() {
            return Some(Url { prefix: 0, rest: rest.into() });
        }
        let table = TABLE.read().unwrap_or_else(|e| e.into_inner());
        match table.as_ref().and_then(|t| t.numbers.get(prefix)) {
            Some(&number) => Some(Url { prefix: number, rest: rest.into() }),
            // A URL kept whole (the table was full) has prefix 0.
            None => Some(Url { prefix: 0, rest: s.into() }),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.prefix == 0 && self.rest.is_empty()
    }

    /// The part before the last segment, as the table holds it.
    pub fn prefix(&self) -> &'static str {
        if self.prefix == 0 {
            return "";
        }
        let table = TABLE.read().unwrap_or_else(|e| e.into_inner());
        table.as_ref().and_then(|t| t.prefixes.get(self.prefix as usize).copied()).unwrap_or("")
    }

    /// The last segment (or all of a URL the table had no room for).
    pub fn rest(&self) -> &str {
        &self.rest
    }

    /// Whether the URL starts with `start`.
    pub fn starts_with(&self, start: &str) -> bool {
        let prefix = self.prefix();
        match start.strip_prefix(prefix) {
            Some(in_rest) => self.rest.starts_with(in_rest),
            None => prefix.starts_with(start),
        }
    }
}

/// The number of `prefix`, entering it into the table if new; None once
/// the table is full.
fn intern(prefix: &str) -> Option<u32> {
    if let Some(number) = SEEN.with(|s| s.borrow().get(prefix).copied()) {
        return Some(number);
    }
    let mut guard = TABLE.write().unwrap_or_else(|e| e.into_inner());
    let table = guard.get_or_insert_with(|| Table { prefixes: vec![""], numbers: HashMap::default() });
    let (number, stored) = match table.numbers.get_key_value(prefix) {
        Some((&stored, &number)) => (number, stored),
        None if table.prefixes.len() >= MAX_PREFIXES => return None,
        None => {
            let stored: &'static str = Box::leak(prefix.into());
            let number = table.prefixes.len() as u32;
            table.prefixes.push(stored);
            table.numbers.insert(stored, number);
            (number, stored)
        }
    };
    drop(guard);
    SEEN.with(|s| s.borrow_mut().insert(stored, number));
    Some(number)
}

impl fmt::Display for Url {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.prefix())?;
        f.write_str(&self.rest)
    }
}

impl fmt::Debug for Url {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.to_string(), f)
    }
}

impl From<&str> for Url {
    fn from(s: &str) -> Url {
        Url::new(s)
    }
}

impl PartialEq<str> for Url {
    fn eq(&self, other: &str) -> bool {
        // A prefix ends with the last `/`: what follows it has none.
        match self.prefix {
            0 => self.rest == other,
            _ => other.strip_prefix(self.prefix()).is_some_and(|rest| rest == self.rest),
        }
    }
}

impl PartialEq<&str> for Url {
    fn eq(&self, other: &&str) -> bool {
        *self == **other
    }
}

impl Serialize for Url {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_read_back_as_written_and_compare_by_content() {
        for s in [
            "https://ris.example.org/oparl/bodies/1/papers/51028",
            "https://ris.example.org/oparl/bodies/1/papers/51029",
            "https://ris.example.org/oparl/bodies/1/",
            "a-17",
            "",
            "/",
            "x/y/z/ein sehr langer letzter Abschnitt, länger als 24 Bytes",
        ] {
            let u = Url::new(s);
            assert_eq!(u.to_string(), s);
            assert_eq!(u, *s);
            assert_eq!(Url::find(s), Some(u.clone()), "{s}");
            assert_eq!(u.is_empty(), s.is_empty());
        }
        let a = Url::new("https://x.example/p/1");
        assert_eq!(a, Url::new("https://x.example/p/1"));
        assert_ne!(a, Url::new("https://x.example/q/1"));
        assert_ne!(a, *"https://x.example/q/1");
        assert_ne!(a, *"1");
        assert!(a.starts_with("https://x.example"));
        assert!(a.starts_with("https://x.example/p/1"));
        assert!(!a.starts_with("https://x.example/p/12"));
        assert_eq!(a.rest(), "1");
        // The prefix is stored once.
        assert_eq!(Url::new("https://x.example/p/2").prefix, a.prefix);
    }
}
