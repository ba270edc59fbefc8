//! Merging the files' records in file order: records with the same key
//! are one record (FORMAT.md, "Identity"). Where two files disagree on a
//! field, the later file wins and the conflict is reported.
//!
//! OParl records arrive unique by their id (resolving chose one version of
//! each object); records of the export format merge by the fields of their
//! key.

use std::hash::BuildHasher;

use compact_str::CompactString;

use super::Archive;
use crate::chunked::Chunked;
use crate::hash::HashMap;
use crate::load::Batch;
use crate::long_text::LongText;
use crate::model::{Auszug, AuszugId, Date, Format, KoerperschaftId, Url, Vorlage, VorlageId};
use crate::problem::{Problem, Severity};

/// The fields under which two Auszüge of the export format are the same
/// record: its `id` where given, else its session (Körperschaft, Gremium,
/// date, time) and TOP, title and Vorlage.
type AuszugKey<'a> =
    (KoerperschaftId, Option<&'a Url>, &'a str, Option<Date>, &'a str, &'a str, &'a str, &'a str);

fn auszug_key(a: &Auszug) -> AuszugKey<'_> {
    if a.id.is_empty() {
        (a.koerperschaft, None, &a.gremium, a.datum, &a.beginn, &a.top, &a.vorlage, &a.titel)
    } else {
        (a.koerperschaft, Some(&a.id), "", None, "", "", "", "")
    }
}

/// Builds an archive from batches given one at a time in file order, so
/// that merging can start while later files are still being read.
pub struct Builder {
    a: Archive,
    problems: Vec<Problem>,
    koerperschaft_ids: HashMap<String, KoerperschaftId>,
    /// Auszüge of the export format by the hash of their key; records with
    /// the same hash are chained through `same_hash`. Copying four strings
    /// per Auszug into a key cost a quarter of building a large archive.
    hasher: foldhash::fast::RandomState,
    auszug_ids: HashMap<u64, AuszugId>,
    same_hash: Vec<Option<AuszugId>>,
    /// Per Vorlage, the index in `files` of the file it last came from.
    origin: Vec<u32>,
    files: Vec<String>,
}

impl Builder {
    /// A builder that reports `problems` (found before any file was read)
    /// first.
    pub fn new(problems: Vec<Problem>) -> Builder {
        Builder {
            a: Archive::default(),
            problems,
            koerperschaft_ids: HashMap::default(),
            hasher: foldhash::fast::RandomState::default(),
            auszug_ids: HashMap::default(),
            same_hash: Vec::new(),
            origin: Vec::new(),
            files: Vec::new(),
        }
    }

    /// Merges the next file's batch.
    pub fn add(&mut self, batch: Batch) {
        let Builder { a, problems, koerperschaft_ids, hasher, auszug_ids, same_hash, origin, files } = self;
        problems.extend(batch.problems);
        a.files += 1;
        a.deleted += batch.deleted;
        let file_index = files.len() as u32;
        files.push(batch.file);
        let k = *koerperschaft_ids.entry(batch.koerperschaft.clone()).or_insert_with(|| {
            a.koerperschaften.push(batch.koerperschaft.clone());
            a.by_nummer.push(HashMap::default());
            KoerperschaftId(a.koerperschaften.len() as u32 - 1)
        });

        let mut vorlagen = Incoming::new(batch.vorlagen, a.vorlagen.len());
        a.by_nummer[k.0 as usize].reserve(vorlagen.records.len());
        for i in 0..vorlagen.records.len() {
            let v = &mut vorlagen.records[i];
            v.koerperschaft = k;
            // An OParl paper is its own record whatever its number: real
            // systems give one reference to a paper and its amendment.
            let by_id = v.format == Format::Oparl && !v.id.is_empty();
            let v = &vorlagen.records[i];
            if !v.nummer.is_empty() {
                if !by_id && let Some(id) = export_vorlage(a, &vorlagen, k, &v.nummer) {
                    vorlagen.repeats.push((i, id.0 as usize));
                    continue;
                }
                let new = VorlageId(vorlagen.next_id() as u32);
                match a.by_nummer[k.0 as usize].get(v.nummer.as_str()) {
                    Some(&first) => a.same_nummer.entry(first).or_default().push(new),
                    None => {
                        a.by_nummer[k.0 as usize].insert(v.nummer.clone(), new);
                    }
                }
            }
            vorlagen.kept.push(i);
        }
        origin.resize(vorlagen.next_id(), file_index);
        vorlagen.merge_into(&mut a.vorlagen, |old, v, id| {
            let what = crate::strings::vorlage_name(&v.nummer);
            let mut c = Conflicts::new(&what, &files[origin[id] as usize], &files[file_index as usize]);
            merge_vorlage(old, v, &mut c);
            problems.extend(c.found);
            origin[id] = file_index;
        });

        let mut auszuege = Incoming::new(batch.auszuege, a.auszuege.len());
        for i in 0..auszuege.records.len() {
            auszuege.records[i].koerperschaft = k;
            let au = &auszuege.records[i];
            if au.format == Format::Oparl {
                auszuege.kept.push(i);
                same_hash.push(None);
                continue;
            }
            let hash = hasher.hash_one(auszug_key(au));
            let mut found = auszug_ids.get(&hash).copied();
            while let Some(id) = found {
                if auszug_key(auszuege.get(&a.auszuege, id.0 as usize)) == auszug_key(au) {
                    break;
                }
                found = same_hash[id.0 as usize];
            }
            match found {
                Some(id) => auszuege.repeats.push((i, id.0 as usize)),
                None => {
                    same_hash.push(auszug_ids.insert(hash, AuszugId(auszuege.next_id() as u32)));
                    auszuege.kept.push(i);
                }
            }
        }
        auszuege.merge_into(&mut a.auszuege, |old, au, _| {
            let what = crate::strings::auszug_name(&au.titel);
            let mut c = Conflicts::new(&what, crate::strings::FRUEHERE_DATEI, &files[file_index as usize]);
            merge_auszug(old, au, &mut c);
            problems.extend(c.found);
        });
        // Sessions come in batches only from OParl, one per meeting.
        for mut s in batch.sitzungen {
            s.koerperschaft = k;
            a.sitzungen.push(s);
        }
    }

    /// The archive, with the sessions the export format implies and every
    /// link between records resolved (see [`super::link`]).
    pub fn finish(self) -> Archive {
        let mut a = self.a;
        let mut problems = self.problems;
        super::link::link(&mut a, &mut problems, &self.files, &self.origin);
        let count = |s| problems.iter().filter(|p| p.severity == s).count();
        a.error_count = count(Severity::Error);
        a.warning_count = count(Severity::Warning);
        a.problems = problems;
        a
    }
}

/// The Vorlage of the export format with this number in `k`, among those
/// merged before and the new ones of this file.
fn export_vorlage(
    a: &Archive,
    incoming: &Incoming<Vorlage>,
    k: KoerperschaftId,
    nummer: &str,
) -> Option<VorlageId> {
    let first = *a.by_nummer[k.0 as usize].get(nummer)?;
    let more = a.same_nummer.get(&first).map_or(&[][..], Vec::as_slice);
    std::iter::once(first)
        .chain(more.iter().copied())
        .find(|&id| incoming.get(&a.vorlagen, id.0 as usize).format == Format::Export)
}

/// One file's records on their way into the archive. Each is registered
/// where it lies in the file: as new (`kept`, ascending) or as a repeat of
/// an earlier record, of this file or before. Repeats are merged into
/// their records afterwards, in file order, and left out; the file's vector
/// is then handed over whole (see `records`).
struct Incoming<T> {
    records: Vec<T>,
    /// The archive index of the first new record.
    base: usize,
    kept: Vec<usize>,
    /// A repeat's place in `records`, and the archive index it repeats.
    repeats: Vec<(usize, usize)>,
}

impl<T: Default> Incoming<T> {
    fn new(records: Vec<T>, base: usize) -> Incoming<T> {
        let kept = Vec::with_capacity(records.len());
        Incoming { records, base, kept, repeats: Vec::new() }
    }

    /// The archive index the next new record gets.
    fn next_id(&self) -> usize {
        self.base + self.kept.len()
    }

    /// The record with archive index `id`: in `archive`, or new in this file.
    fn get<'a>(&'a self, archive: &'a Chunked<T>, id: usize) -> &'a T {
        if id < self.base { &archive[id] } else { &self.records[self.kept[id - self.base]] }
    }

    /// Merges each repeat into the record it repeats with `merge(old, new,
    /// id)`, then appends the new records to `archive`.
    fn merge_into(mut self, archive: &mut Chunked<T>, mut merge: impl FnMut(&mut T, T, usize)) {
        for &(i, id) in &self.repeats {
            let new = std::mem::take(&mut self.records[i]);
            let old =
                if id < self.base { &mut archive[id] } else { &mut self.records[self.kept[id - self.base]] };
            merge(old, new, id);
        }
        if !self.repeats.is_empty() {
            let mut next = self.kept.iter().peekable();
            let mut i = 0;
            self.records.retain(|_| {
                let keep = next.next_if_eq(&&i).is_some();
                i += 1;
                keep
            });
        }
        archive.append(self.records);
    }
}

/// Collects the conflicts found while merging two versions of one record.
struct Conflicts<'a> {
    what: &'a str,
    old_file: &'a str,
    new_file: &'a str,
    found: Vec<Problem>,
}

impl<'a> Conflicts<'a> {
    fn new(what: &'a str, old_file: &'a str, new_file: &'a str) -> Self {
        Conflicts { what, old_file, new_file, found: Vec::new() }
    }

    /// The merge rule: an empty value never wins; of two different
    /// non-empty values the later one does, and the conflict is reported.
    fn field<T: PartialEq + Emptiness>(&mut self, name: &str, old: &mut T, new: T) {
        if new.is_empty_value() {
            return;
        }
        if !old.is_empty_value() && *old != new {
            self.found.push(Problem::new(
                Severity::Warning,
                self.new_file,
                crate::strings::wert_weicht_ab(self.what, name, self.old_file),
            ));
        }
        *old = new;
    }
}

trait Emptiness {
    fn is_empty_value(&self) -> bool;
}

impl Emptiness for String {
    fn is_empty_value(&self) -> bool {
        self.is_empty()
    }
}

impl Emptiness for CompactString {
    fn is_empty_value(&self) -> bool {
        self.is_empty()
    }
}

impl Emptiness for Url {
    fn is_empty_value(&self) -> bool {
        self.is_empty()
    }
}

impl Emptiness for LongText {
    fn is_empty_value(&self) -> bool {
        self.is_empty()
    }
}

impl<T: PartialEq> Emptiness for Vec<T> {
    fn is_empty_value(&self) -> bool {
        self.is_empty()
    }
}

impl Emptiness for Option<Date> {
    fn is_empty_value(&self) -> bool {
        self.is_none()
    }
}

/// Merges `$new` into `$old` field by field ([`Conflicts::field`]). The
/// record is taken apart by an exhaustive pattern: a field added to the
/// model does not compile until it is named here, merged or kept, so no
/// later file's value is ever dropped silently.
macro_rules! merge_fields {
    ($c:expr, $old:expr, $new:expr, $t:ident { keep: $($keep:ident),*; merge: $($f:ident),* $(,)? }) => {{
        let $t { $($keep: _,)* $($f,)* } = $new;
        $( $c.field(stringify!($f), &mut $old.$f, $f); )*
    }};
}

fn merge_vorlage(old: &mut Vorlage, new: Vorlage, c: &mut Conflicts) {
    // The key's fields are equal: that is what made the two one record.
    merge_fields!(c, old, new, Vorlage {
        keep: nummer, koerperschaft, format;
        merge: betreff, art, status, datum, verfasser, federfuehrend, bearbeiter, beratungsfolge,
            finanzielle_auswirkungen, beschlussvorschlag, sachverhalt, anlagen, url, id, verweise,
    });
}

fn merge_auszug(old: &mut Auszug, new: Auszug, c: &mut Conflicts) {
    // The key's fields are equal; the links are made after all merging, and
    // the OParl fields are empty in the export format, whose records alone
    // merge here.
    merge_fields!(c, old, new, Auszug {
        keep: gremium, datum, titel, top, vorlage, beginn, id, koerperschaft, format, sitzung, vorlage_ref,
            sitzung_id, vorlage_id, reihenfolge;
        merge: beschlussart, status, ende, anlass, raum, ort, wortprotokoll, beschluss, url, dokumente,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The archive of export batches, merged in order.
    fn build(batches: Vec<Batch>) -> Archive {
        let mut b = Builder::new(Vec::new());
        batches.into_iter().for_each(|batch| b.add(batch));
        b.finish()
    }

    fn batch(file: &str, vorlagen: Vec<Vorlage>) -> Batch {
        Batch { file: file.into(), koerperschaft: "Stadt Herne".into(), vorlagen, ..Batch::default() }
    }

    fn v(nummer: &str, betreff: &str, art: &str) -> Vorlage {
        Vorlage { nummer: nummer.into(), betreff: betreff.into(), art: art.into(), ..Vorlage::default() }
    }

    #[test]
    fn same_nummer_in_two_files_is_one_vorlage() {
        let a = build(vec![
            batch("a.json", vec![v("2021/0832", "Antrag", "")]),
            batch("b.json", vec![v("2021/0832", "", "Antrag-Formular")]),
        ]);
        assert_eq!(a.vorlagen.len(), 1);
        assert_eq!(a.vorlagen[0].betreff, "Antrag");
        assert_eq!(a.vorlagen[0].art, "Antrag-Formular");
        assert!(a.problems.is_empty());
    }

    #[test]
    fn a_conflict_is_reported_and_the_later_file_wins() {
        let a =
            build(vec![batch("a.json", vec![v("1", "alt", "")]), batch("b.json", vec![v("1", "neu", "")])]);
        assert_eq!(a.vorlagen[0].betreff, "neu");
        assert_eq!(a.problems.len(), 1);
        assert_eq!(a.problems[0].file, "b.json");
        assert!(a.problems[0].message.contains("betreff") && a.problems[0].message.contains("a.json"));
    }

    fn au(titel: &str, top: &str, beschluss: &str) -> Auszug {
        Auszug {
            gremium: "Rat".into(),
            datum: Date::new(2021, 9, 7),
            titel: titel.into(),
            top: top.into(),
            beschluss: LongText::new(beschluss),
            ..Auszug::default()
        }
    }

    /// Every Vorlage is found under its Nummer at its own index.
    fn assert_numbers_lead_home(a: &Archive) {
        for (i, v) in a.vorlagen.iter().enumerate() {
            if !v.nummer.is_empty() {
                assert_eq!(
                    a.find_vorlage(v.koerperschaft, &v.nummer),
                    Some(VorlageId(i as u32)),
                    "{}",
                    v.nummer
                );
            }
        }
    }

    #[test]
    fn repeats_within_a_file_and_across_files_merge_in_order() {
        let first: Vec<Vorlage> = (0..1500).map(|i| v(&format!("A{i}"), "alt", "")).collect();
        let mut second: Vec<Vorlage> = (0..1200).map(|i| v(&format!("B{i}"), "b", "")).collect();
        second.insert(10, v("A700", "", "Antrag"));
        second.insert(500, v("B3", "", "Mitteilung"));
        second.insert(900, v("A700", "neu", ""));
        second.push(v("", "ohne Nummer", ""));
        let mut b = batch("b.json", second);
        b.auszuege =
            vec![au("T1", "1", ""), au("T2", "2", "x"), au("T1", "1", "Beschluss"), au("T3", "3", "")];
        let mut a_batch = batch("a.json", first);
        a_batch.auszuege = vec![au("T2", "2", "")];
        let a = build(vec![a_batch, b]);

        assert_eq!(a.vorlagen.len(), 1500 + 1200 + 1);
        assert_numbers_lead_home(&a);
        let a700 = a.vorlage(a.find_nummer("A700").next().unwrap());
        assert_eq!((a700.betreff.as_str(), a700.art.as_str()), ("neu", "Antrag"));
        assert_eq!(a.vorlage(a.find_nummer("B3").next().unwrap()).art, "Mitteilung");
        assert_eq!(a.vorlagen[2700].betreff, "ohne Nummer");
        // One conflict: A700's Betreff, "alt" in a.json, "neu" in b.json.
        assert_eq!(a.problems.len(), 1, "{:?}", a.problems);
        assert!(a.problems[0].message.contains("A700"));

        let titles: Vec<&str> = a.auszuege.iter().map(|x| x.titel.as_str()).collect();
        assert_eq!(titles, ["T2", "T1", "T3"]);
        assert_eq!(a.auszuege[0].beschluss, "x");
        assert_eq!(a.auszuege[1].beschluss, "Beschluss");
    }

    #[test]
    fn same_nummer_in_two_koerperschaften_stays_apart() {
        let mut b = batch("b.json", vec![v("1", "Karlsruhe", "")]);
        b.koerperschaft = "Stadt Karlsruhe".into();
        let a = build(vec![batch("a.json", vec![v("1", "Herne", "")]), b]);
        assert_eq!(a.vorlagen.len(), 2);
        assert_eq!(a.koerperschaften.len(), 2);
        assert_eq!(a.find_nummer("1").count(), 2);
    }
}
