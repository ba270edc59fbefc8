//! The ratsinfo-export/1 format (FORMAT.md).

use std::fmt;
use std::sync::Arc;

use compact_str::CompactString;

use serde::Deserialize;
use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};

use super::json::{Places, locate, needs_repair, prepare, syntax_problem, unrepaired};
use super::lenient::{
    InFile, Notes, Record, clear_noted, first_of_each, is_repeated_key, line, list_into, take_noted,
    with_in_file,
};
use super::{Batch, strict};
use crate::long_text::Origin;
use crate::model::{ExportFile, FORMAT_ID};
use crate::problem::{Problem, Severity};

#[derive(Deserialize)]
struct Format(#[serde(deserialize_with = "line::format")] CompactString);
#[derive(Deserialize)]
struct Quelle(#[serde(deserialize_with = "line::quelle")] CompactString);
#[derive(Deserialize)]
struct Koerperschaft(#[serde(deserialize_with = "line::koerperschaft")] CompactString);

/// Deserializes a record list straight into the file being built.
struct ListSeed<'a, T>(&'static str, &'a mut Vec<T>);

impl<'de, T: Record> DeserializeSeed<'de> for ListSeed<'_, T> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        list_into(d, self.0, self.1)
    }
}

/// The top level of a file, filled in place: when the file breaks off (a
/// truncated download), every record before the break is kept.
struct FileVisitor<'a>(&'a mut ExportFile);

impl<'de> Visitor<'de> for FileVisitor<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(crate::strings::EXPORT_ERWARTET)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "format" => self.0.format = map.next_value::<Format>()?.0.into(),
                "quelle" => self.0.quelle = map.next_value::<Quelle>()?.0.into(),
                "koerperschaft" => self.0.koerperschaft = map.next_value::<Koerperschaft>()?.0.into(),
                "vorlagen" => map.next_value_seed(ListSeed("vorlagen", &mut self.0.vorlagen))?,
                "auszuege" => map.next_value_seed(ListSeed("auszuege", &mut self.0.auszuege))?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
}

/// Parses one export file. Never fails: what cannot be used is reported in
/// the batch's problems, everything else is kept. With `origin` (where
/// `bytes` can be read again), long texts are left there.
pub fn parse(name: &str, bytes: &[u8], origin: Option<&Arc<Origin>>) -> Batch {
    // Nearly every file keeps the contract, and the strict reader reads it
    // in a fraction of the lenient reader's time.
    if let Some(text) = unrepaired(bytes)
        && let Some(file) = strict::read(text, origin.map(|o| (o, bytes.len() - text.len())))
    {
        let attempt = Attempt { file, parsed: Ok(()), noted: Notes::default() };
        return attempt.into_batch(name, &Places::plain(text.as_bytes()), Vec::new());
    }
    parse_lenient(name, bytes, origin)
}

/// [`parse`] with the lenient reader alone, which reports every problem it
/// finds. Public so that tests can compare the two readers.
pub fn parse_lenient(name: &str, bytes: &[u8], origin: Option<&Arc<Origin>>) -> Batch {
    // Nearly every file needs no repair: it is parsed as it is, and only
    // when that fails is it searched for what can be repaired (a search of
    // every string of every file cost a fifth of loading). The second
    // reading keeps the first value of a key given twice in a record.
    if let Some(text) = unrepaired(bytes) {
        let in_file = origin.map(|o| (o, bytes.len() - text.len()));
        let attempt = Attempt::run(text, in_file, false);
        let repeated = attempt.parsed.as_ref().is_err_and(is_repeated_key);
        if attempt.parsed.is_ok() || !needs_repair(text) && !repeated {
            return attempt.into_batch(name, &Places::plain(text.as_bytes()), Vec::new());
        }
        if !needs_repair(text) {
            let attempt = Attempt::run(text, in_file, true);
            return attempt.into_batch(name, &Places::plain(text.as_bytes()), Vec::new());
        }
    }
    let mut prepared = prepare(name, bytes);
    let warnings = std::mem::take(&mut prepared.warnings);
    // A repaired text is not the file's: long texts cannot be left there,
    // and places in it are named in the file through the repairs.
    let attempt = Attempt::run(&prepared.text, None, true);
    attempt.into_batch(name, &prepared.places(), warnings)
}

/// One parse of a file's text.
struct Attempt {
    file: ExportFile,
    parsed: Result<(), serde_json::Error>,
    noted: Notes,
}

impl Attempt {
    /// Parses `text`; with `in_file` (where it came from, and how many bytes
    /// before it the file holds), long texts are left in the file; with
    /// `careful`, a key repeated in a record is skipped (see
    /// [`first_of_each`]).
    fn run(text: &str, in_file: Option<(&Arc<Origin>, usize)>, careful: bool) -> Attempt {
        clear_noted();
        let mut file = ExportFile::default();
        let mut run = || {
            // From a str: the UTF-8 was checked once for the whole file.
            let mut de = serde_json::Deserializer::from_str(text);
            de.deserialize_map(FileVisitor(&mut file)).and_then(|()| de.end())
        };
        let mut run = || match in_file {
            Some((origin, shift)) => {
                let in_file = InFile { origin: origin.clone(), text: text.as_ptr(), len: text.len(), shift };
                with_in_file(in_file, &mut run)
            }
            None => run(),
        };
        let parsed = if careful { first_of_each(run) } else { run() };
        Attempt { file, parsed, noted: take_noted() }
    }

    fn into_batch(self, name: &str, places: &Places, mut problems: Vec<Problem>) -> Batch {
        let Attempt { file, parsed, noted } = self;
        if let Err(e) = parsed {
            let mut p = syntax_problem(name, places, &e);
            let kept = file.vorlagen.len() + file.auszuege.len();
            if kept > 0 {
                p.message.push_str(&crate::strings::eintraege_davor_uebernommen(kept));
            }
            problems.push(p);
        }
        if !noted.is_empty() {
            // After a syntax error the walk finds no positions; the problems
            // are reported without them.
            problems.extend(locate(name, places, noted));
        }
        if !file.format.is_empty() && file.format != FORMAT_ID {
            problems.push(Problem::new(
                Severity::Warning,
                name,
                crate::strings::unbekanntes_format(&file.format, FORMAT_ID),
            ));
        }
        Batch {
            file: name.to_owned(),
            koerperschaft: file.koerperschaft,
            vorlagen: file.vorlagen,
            auszuege: file.auszuege,
            problems,
            ..Batch::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Date;

    fn one(json: &str) -> Batch {
        parse("t.json", json.as_bytes(), None)
    }

    #[test]
    fn a_minimal_file_loads() {
        let b = one(r#"{"format":"ratsinfo-export/1","koerperschaft":"Stadt Herne",
            "vorlagen":[{"nummer":"2021/0832","betreff":"Antrag","beratungsfolge":[{"gremium":"Rat der Stadt","datum":"07.09.2021","rolle":"Entscheidung"}]}],
            "auszuege":[{"gremium":"Rat","datum":"2013-06-06","titel":"Bericht","top":"Ö 2","unbekannt":{"x":[1,2]}}]}"#);
        assert!(b.problems.is_empty(), "{:?}", b.problems);
        assert_eq!(b.koerperschaft, "Stadt Herne");
        assert_eq!(b.vorlagen[0].beratungsfolge[0].datum, Date::new(2021, 9, 7));
        assert_eq!(b.auszuege[0].top, "Ö 2");
    }

    #[test]
    fn a_bad_date_keeps_the_record_and_names_the_position() {
        let b = one(
            "{\"vorlagen\": [\n {\"nummer\": \"1\", \"betreff\": \"a\"},\n {\"nummer\": \"2\", \"betreff\": \"b\",\n  \"datum\": \"31.02.2026\"}]}",
        );
        assert_eq!(b.vorlagen.len(), 2);
        assert_eq!(b.vorlagen[1].datum, None);
        assert_eq!(b.problems.len(), 1);
        let p = &b.problems[0];
        assert_eq!((p.line, p.column), (Some(4), Some(12)), "{p:?}");
        assert!(p.message.contains("31.02.2026"), "{}", p.message);
    }

    #[test]
    fn wrong_types_are_reported_and_the_rest_kept() {
        let json = r#"{"vorlagen": [{"nummer": 5, "betreff": ["x"], "beratungsfolge": {"gremium": "Rat"}}, "kaputt", {"nummer": "2", "betreff": "ok", "anlagen": [{"nr": 1, "name": "A"}, 7]}]}"#;
        let b = one(json);
        assert_eq!(b.vorlagen.len(), 2);
        assert_eq!(b.vorlagen[0].nummer, "5");
        assert_eq!(b.vorlagen[0].beratungsfolge.len(), 1);
        assert_eq!(b.vorlagen[1].anlagen[0].nr, "1");
        let msgs: Vec<&str> = b.problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(b.problems.len(), 6, "{msgs:#?}");
        assert!(b.problems.iter().all(|p| p.line == Some(1)), "{:?}", b.problems);
        let col =
            |needle: &str| b.problems.iter().find(|p| p.message.contains(needle)).unwrap().column.unwrap();
        let at = |needle: &str| json.find(needle).unwrap() + 1;
        assert_eq!(col("eine Zahl (5)"), at("5,"));
        assert_eq!(col("„betreff“ sollte Text"), at("[\"x\"]"));
        assert_eq!(col("Pflichtfeld „betreff“"), at("{\"nummer\": 5"));
        assert_eq!(col("einzelnes Objekt"), at("{\"gremium\""));
        assert_eq!(col("ist aber Text"), at("\"kaputt\""));
        assert_eq!(col("ist aber eine Zahl;"), at("7]"));
    }

    #[test]
    fn truncated_json_keeps_the_records_before_the_break() {
        let b =
            one("{\"vorlagen\": [{\"nummer\": \"0\", \"betreff\": \"ganz\"},\n  {\"nummer\": \"1\", \"betr");
        assert_eq!(b.vorlagen.len(), 1);
        assert_eq!(b.vorlagen[0].betreff, "ganz");
        assert!(b.problems[0].message.contains("1 Einträge davor"), "{:?}", b.problems);
    }

    #[test]
    fn truncated_json_names_line_and_column() {
        let b = one("{\"vorlagen\": [\n  {\"nummer\": \"1\", \"betr");
        assert!(b.vorlagen.is_empty());
        assert_eq!(b.problems.len(), 1);
        assert_eq!(b.problems[0].line, Some(2));
        assert!(b.problems[0].message.contains("abgeschnitten"));
    }

    #[test]
    fn bom_and_text_cleaning() {
        let b = one(
            "\u{FEFF}{\"auszuege\":[{\"gremium\":\"Rat\u{A0}der  Stadt\",\"datum\":\"06.06.2013\",\"titel\":\"T\",\"beschluss\":\"a\\n\\n\\u00a0\\n\\nb\\u001b[31m\"}]}",
        );
        assert!(b.problems.is_empty(), "{:?}", b.problems);
        assert_eq!(b.auszuege[0].gremium, "Rat der Stadt");
        assert_eq!(b.auszuege[0].beschluss, "a\n\nb␛[31m");
    }

    #[test]
    fn a_long_text_with_a_lone_surrogate_is_repaired_not_left_broken_in_the_file() {
        let long = "Ein Text, lang genug, um in der Datei zu bleiben, mit kaputtem Escape: ";
        let json: &'static str = Box::leak(
            format!(
                r#"{{"vorlagen": [{{"nummer": "1", "betreff": "a", "sachverhalt": "{long}\ud800."}},
                {{"nummer": "2", "betreff": "b", "sachverhalt": "{long}ok."}}]}}"#
            )
            .into_boxed_str(),
        );
        let origin = Arc::new(Origin::Static(json.as_bytes()));
        let b = parse("t.json", json.as_bytes(), Some(&origin));
        assert_eq!(b.vorlagen.len(), 2, "{:?}", b.problems);
        assert_eq!(b.problems.len(), 1);
        assert!(b.problems[0].message.contains("Surrogat"), "{:?}", b.problems);
        assert_eq!(b.vorlagen[0].sachverhalt, format!("{long}\u{FFFD}.").as_str());
        assert_eq!(b.vorlagen[1].sachverhalt, format!("{long}ok.").as_str());

        // Without it, the long texts are left in the file.
        let fine: &'static str = Box::leak(json.replace(r"\ud800", "").into_boxed_str());
        let b = parse("t.json", fine.as_bytes(), Some(&Arc::new(Origin::Static(fine.as_bytes()))));
        assert!(b.problems.is_empty() && b.vorlagen.iter().all(|v| v.sachverhalt.is_in_file()));
        assert_eq!(b.vorlagen[0].sachverhalt, format!("{long}.").as_str());
    }

    #[test]
    fn html_is_recognised() {
        let b = one("<!DOCTYPE html><html></html>");
        assert!(b.problems[0].message.contains("Webseite"), "{:?}", b.problems);
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let nest = |n| format!("{}{}", "[".repeat(n), "]".repeat(n));
        let deep = format!(
            "{{\"vorlagen\": [{}, {{\"nummer\": \"1\", \"betreff\": {}, \"x\": {}}}]}}",
            nest(100_000),
            nest(100_000),
            nest(100_000)
        );
        let b = one(&deep);
        assert_eq!(b.vorlagen.len(), 1);
        assert_eq!(b.problems.len(), 3, "{:?}", b.problems);
    }
}
