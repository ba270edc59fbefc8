//! What a watched Vorlage looked like when last seen: how many Beratungen,
//! results and documents it had, and a hash over all of them, so that after
//! a sync the UI can say "neu" and what grew.

use crate::archive::Archive;
use crate::model::VorlageId;

/// A small summary of a Vorlage's Beratungen, results and documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Fingerprint {
    pub beratungen: u32,
    /// Beratungen with a result (the Beratung's or its agenda item's).
    pub ergebnisse: u32,
    /// The Vorlage's documents and those of its agenda items.
    pub dokumente: u32,
    /// Over all of the above, independent of their order.
    pub hash: u64,
}

/// What changed since a Vorlage was last seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Change {
    pub beratung: bool,
    pub ergebnis: bool,
    pub dokument: bool,
}

/// FNV-1a: stable across runs and versions (the fingerprint is stored).
fn fnv(parts: &[&[u8]]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for &b in *p {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        // A separator, so that ("ab", "c") and ("a", "bc") differ.
        h ^= 0xff;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

impl Fingerprint {
    pub fn of(a: &Archive, v: VorlageId) -> Fingerprint {
        let vorlage = a.vorlage(v);
        let mut f = Fingerprint::default();
        let doc = |f: &mut Fingerprint, d: &crate::model::Dokument| {
            f.dokumente += 1;
            f.hash = f.hash.wrapping_add(fnv(&[b"d", d.name.as_bytes(), d.url.to_string().as_bytes()]));
        };
        for d in &vorlage.anlagen {
            doc(&mut f, d);
        }
        for b in &vorlage.beratungsfolge {
            f.beratungen += 1;
            let datum = b.datum.map(|d| d.to_string()).unwrap_or_default();
            let au = b.auszug.map(|au| a.auszug(au));
            let beschlussart = au.map_or("", |au| au.beschlussart.as_str());
            let beschluss = au.is_some_and(|au| !au.beschluss.is_empty());
            if !b.ergebnis.is_empty() || !beschlussart.is_empty() || beschluss {
                f.ergebnisse += 1;
            }
            f.hash = f.hash.wrapping_add(fnv(&[
                b"b",
                b.gremium.as_bytes(),
                datum.as_bytes(),
                b.rolle.as_bytes(),
                b.ergebnis.as_bytes(),
                beschlussart.as_bytes(),
                &[u8::from(beschluss)],
            ]));
            for d in au.map_or(&[][..], |au| au.dokumente.as_slice()) {
                doc(&mut f, d);
            }
        }
        f
    }

    /// As stored: `1:beratungen:ergebnisse:dokumente:hash`.
    pub fn to_text(self) -> String {
        format!("1:{}:{}:{}:{:016x}", self.beratungen, self.ergebnisse, self.dokumente, self.hash)
    }

    pub fn parse(s: &str) -> Option<Fingerprint> {
        let mut parts = s.split(':');
        if parts.next()? != "1" {
            return None;
        }
        let f = Fingerprint {
            beratungen: parts.next()?.parse().ok()?,
            ergebnisse: parts.next()?.parse().ok()?,
            dokumente: parts.next()?.parse().ok()?,
            hash: u64::from_str_radix(parts.next()?, 16).ok()?,
        };
        parts.next().is_none().then_some(f)
    }

    /// What `self` (now) has that `seen` had not; None when nothing changed.
    pub fn since(self, seen: Fingerprint) -> Option<Change> {
        (self != seen).then_some(Change {
            beratung: self.beratungen > seen.beratungen,
            ergebnis: self.ergebnisse > seen.ergebnisse,
            dokument: self.dokumente > seen.dokumente,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_are_written_and_read_back() {
        let f = Fingerprint { beratungen: 3, ergebnisse: 1, dokumente: 7, hash: 0xdead_beef };
        assert_eq!(Fingerprint::parse(&f.to_text()), Some(f));
        for bad in ["", "2:1:1:1:0", "1:1:1:1", "1:1:1:1:0:0", "1:x:1:1:0"] {
            assert_eq!(Fingerprint::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn what_grew_is_named() {
        let seen = Fingerprint { beratungen: 1, ergebnisse: 0, dokumente: 2, hash: 1 };
        assert_eq!(seen.since(seen), None);
        let now = Fingerprint { beratungen: 2, ergebnisse: 1, dokumente: 2, hash: 5 };
        assert_eq!(now.since(seen), Some(Change { beratung: true, ergebnis: true, dokument: false }));
        // Changed, but nothing more of anything: still new.
        let edited = Fingerprint { hash: 9, ..seen };
        assert_eq!(edited.since(seen), Some(Change::default()));
    }
}
