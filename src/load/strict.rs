//! A strict reader for export files that keep the contract exactly, which
//! nearly all do: one pass over the bytes, strings found sixteen bytes at a
//! time, no serde visitors. At the first thing it does not expect (a value
//! of another type, a missing required field, an impossible date, a syntax
//! error, a lone surrogate) it gives up, and the file is read again by the
//! lenient reader of [`super::export`], which reports what it finds. So this
//! reader never reports a problem, and what it accepts it reads exactly as
//! the lenient reader would: tests/strict.rs compares the two on thousands
//! of varied files.
//!
//! Why: the lenient reader spent most of loading a large archive in serde's
//! per-field machinery and in scanning every long text a byte at a time.

use std::borrow::Cow;
use std::sync::Arc;

use compact_str::CompactString;

use super::json::{Escape, escape};
use super::lenient::{Record, is_time};
use crate::long_text::{KEEP_BELOW, LongText, Origin};
use crate::model::{Auszug, Beratung, Date, Dokument, ExportFile, Url, Vorlage};
use crate::text::scan::string_run;
use crate::text::{clean_line_str, clean_text_str};

/// Reads `text`, the whole of an export file but a byte-order mark, or
/// returns None where the lenient reader must. With `in_file` (where the
/// text came from, and how many bytes of the file precede it), long texts
/// are left in the file, as [`super::lenient`] leaves them.
pub fn read(text: &str, in_file: Option<(&Arc<Origin>, usize)>) -> Option<ExportFile> {
    let mut r = Reader { text, b: text.as_bytes(), i: 0, in_file };
    let mut file = ExportFile::default();
    let mut seen = 0;
    r.object(|r, key| {
        match key {
            "format" => file.format = r.field(&mut seen, 0, Reader::line)?.into(),
            "quelle" => file.quelle = r.field(&mut seen, 1, Reader::line)?.into(),
            "koerperschaft" => file.koerperschaft = r.field(&mut seen, 2, Reader::line)?.into(),
            "vorlagen" => file.vorlagen = r.field(&mut seen, 3, |r| r.list(Reader::vorlage))?,
            "auszuege" => file.auszuege = r.field(&mut seen, 4, |r| r.list(Reader::auszug))?,
            _ => r.skip(0)?,
        }
        Some(())
    })?;
    r.ws();
    (r.i == r.b.len()).then_some(file)
}

/// Fields of one record type: each name with the bit that marks it seen (a
/// field given twice is an error to serde) and how its value is read.
macro_rules! fields {
    ($r:ident, $key:ident, $seen:ident, $rec:ident: $($bit:literal $name:literal => $field:ident: $read:expr,)*) => {
        match $key {
            $($name => $rec.$field = $r.field(&mut $seen, $bit, $read)?,)*
            _ => $r.skip(0)?,
        }
    };
}

/// Nesting deeper than this (in fields this program does not know) is left
/// to the lenient reader, which skips any depth: it bounds this reader's
/// recursion.
const MAX_DEPTH: usize = 100;

struct Reader<'a, 'o> {
    text: &'a str,
    b: &'a [u8],
    i: usize,
    in_file: Option<(&'o Arc<Origin>, usize)>,
}

/// A JSON string in the text: `start` is at its opening quote, `end` just
/// after its closing one; `plain` when it holds no escape.
#[derive(Clone, Copy)]
struct Span {
    start: usize,
    end: usize,
    plain: bool,
}

impl<'a> Reader<'a, '_> {
    /// Reads the fields of a record into `out`.
    fn record<T>(
        &mut self,
        out: &mut T,
        mut field: impl FnMut(&mut Self, &str, &mut T) -> Option<()>,
    ) -> Option<()> {
        self.object(|r, key| field(r, key, out))
    }

    fn vorlage(&mut self, out: &mut Vorlage) -> Option<()> {
        let mut seen = 0;
        self.record(out, |r, key, v: &mut Vorlage| {
            fields!(r, key, seen, v:
                0 "nummer" => nummer: Reader::line,
                1 "betreff" => betreff: Reader::line,
                2 "art" => art: Reader::line,
                3 "status" => status: Reader::line,
                4 "datum" => datum: Reader::date,
                5 "verfasser" => verfasser: Reader::line,
                6 "federfuehrend" => federfuehrend: Reader::line,
                7 "bearbeiter" => bearbeiter: Reader::line,
                8 "beratungsfolge" => beratungsfolge: |r| r.list(Reader::beratung),
                9 "finanzielle_auswirkungen" => finanzielle_auswirkungen: Reader::long_text,
                10 "beschlussvorschlag" => beschlussvorschlag: Reader::long_text,
                11 "sachverhalt" => sachverhalt: Reader::long_text,
                12 "anlagen" => anlagen: |r| r.list(|r, a: &mut Arc<Dokument>| r.anlage(Arc::make_mut(a))),
                13 "url" => url: Reader::url,
                14 "id" => id: Reader::url,
            );
            Some(())
        })
    }

    fn beratung(&mut self, out: &mut Beratung) -> Option<()> {
        let mut seen = 0;
        self.record(out, |r, key, b: &mut Beratung| {
            fields!(r, key, seen, b:
                0 "gremium" => gremium: Reader::line,
                1 "datum" => datum: Reader::date,
                2 "rolle" => rolle: Reader::line,
                3 "ergebnis" => ergebnis: Reader::line,
            );
            Some(())
        })
    }

    fn anlage(&mut self, out: &mut Dokument) -> Option<()> {
        let mut seen = 0;
        self.record(out, |r, key, a: &mut Dokument| {
            fields!(r, key, seen, a:
                0 "nr" => nr: Reader::nr,
                1 "name" => name: Reader::line,
                2 "status" => status: Reader::line,
                3 "groesse" => groesse: Reader::line,
                4 "url" => url: Reader::url,
            );
            Some(())
        })
    }

    fn auszug(&mut self, out: &mut Auszug) -> Option<()> {
        let mut seen = 0;
        self.record(out, |r, key, a: &mut Auszug| {
            fields!(r, key, seen, a:
                0 "gremium" => gremium: Reader::line,
                1 "datum" => datum: Reader::date,
                2 "titel" => titel: Reader::line,
                3 "top" => top: Reader::line,
                4 "vorlage" => vorlage: Reader::line,
                5 "beschlussart" => beschlussart: Reader::line,
                6 "status" => status: Reader::line,
                7 "beginn" => beginn: Reader::time,
                8 "ende" => ende: Reader::time,
                9 "anlass" => anlass: Reader::line,
                10 "raum" => raum: Reader::line,
                11 "ort" => ort: Reader::line,
                12 "wortprotokoll" => wortprotokoll: Reader::long_text,
                13 "beschluss" => beschluss: Reader::long_text,
                14 "url" => url: Reader::url,
                15 "id" => id: Reader::url,
            );
            Some(())
        })
    }

    /// Reads the value of the field marked by `bit` in `seen`, the first
    /// time it is given.
    fn field<T>(&mut self, seen: &mut u32, bit: u32, read: impl FnOnce(&mut Self) -> Option<T>) -> Option<T> {
        if *seen & (1 << bit) != 0 {
            return None;
        }
        *seen |= 1 << bit;
        read(self)
    }

    /// A one-line value: text, or null for none.
    fn line(&mut self) -> Option<CompactString> {
        if self.null() {
            return Some(CompactString::default());
        }
        let span = self.string()?;
        Some(clean_line_str(&self.value(span)?))
    }

    /// The `nr` of an Anlage: text, or a whole number, written as the
    /// lenient reader writes it (other numbers are left to it).
    fn url(&mut self) -> Option<Url> {
        self.line().map(|s| Url::new(&s))
    }

    fn nr(&mut self) -> Option<CompactString> {
        self.ws();
        if !matches!(self.b.get(self.i), Some(b'0'..=b'9')) {
            return self.line();
        }
        let start = self.i;
        self.number()?;
        let digits = &self.text[start..self.i];
        let whole = digits.bytes().all(|b| b.is_ascii_digit()) && digits.parse::<u64>().is_ok();
        whole.then(|| CompactString::new(digits))
    }

    /// A time of day ("18:30"); anything else the lenient reader warns of.
    fn time(&mut self) -> Option<CompactString> {
        let v = self.line()?;
        (v.is_empty() || is_time(&v)).then_some(v)
    }

    fn date(&mut self) -> Option<Option<Date>> {
        if self.null() {
            return Some(None);
        }
        let span = self.string()?;
        let value = self.value(span)?;
        let v = value.trim();
        if v.is_empty() {
            return Some(None);
        }
        Date::parse(v).map(Some)
    }

    /// A long text: left in its file when it is long enough and there is
    /// one (see [`crate::long_text`]), else read and cleaned.
    fn long_text(&mut self) -> Option<LongText> {
        if self.null() {
            return Some(LongText::new(""));
        }
        let span = self.string()?;
        let len = span.end - span.start;
        if let Some((origin, shift)) = self.in_file
            && len >= KEEP_BELOW
            && let Some(text) = LongText::in_file(origin, span.start + shift, len)
        {
            return Some(text);
        }
        Some(LongText::new(clean_text_str(&self.value(span)?)))
    }

    /// A list of records, each read in place by `fill`; null for none.
    /// (Made and then moved into the list, each record was copied twice.)
    fn list<T: Default + Record>(
        &mut self,
        mut fill: impl FnMut(&mut Self, &mut T) -> Option<()>,
    ) -> Option<Vec<T>> {
        let mut out = Vec::new();
        if self.null() {
            return Some(out);
        }
        self.eat(b'[')?;
        if self.eat(b']').is_some() {
            return Some(out);
        }
        loop {
            out.push(T::default());
            let record = out.last_mut()?;
            fill(self, record)?;
            if !record.missing().is_empty() {
                return None;
            }
            match self.next()? {
                b',' => {}
                b']' => return Some(out),
                _ => return None,
            }
        }
    }

    /// Walks an object, handing each key to `field`, which reads its value.
    fn object(&mut self, mut field: impl FnMut(&mut Self, &str) -> Option<()>) -> Option<()> {
        self.eat(b'{')?;
        if self.eat(b'}').is_some() {
            return Some(());
        }
        loop {
            self.ws();
            let span = self.string()?;
            if !span.plain {
                return None;
            }
            let key = &self.text[span.start + 1..span.end - 1];
            self.eat(b':')?;
            field(self, key)?;
            match self.next()? {
                b',' => {}
                b'}' => return Some(()),
                _ => return None,
            }
        }
    }

    /// Skips a value of a field this program does not know.
    fn skip(&mut self, depth: usize) -> Option<()> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.ws();
        match *self.b.get(self.i)? {
            b'"' => self.string().map(drop),
            b'{' => self.object(|r, _| r.skip(depth + 1)),
            b'[' => {
                self.i += 1;
                if self.eat(b']').is_some() {
                    return Some(());
                }
                loop {
                    self.skip(depth + 1)?;
                    match self.next()? {
                        b',' => {}
                        b']' => return Some(()),
                        _ => return None,
                    }
                }
            }
            b't' => self.literal(b"true"),
            b'f' => self.literal(b"false"),
            b'n' => self.literal(b"null"),
            _ => self.number(),
        }
    }

    /// A number as JSON writes it: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    fn number(&mut self) -> Option<()> {
        if self.b.get(self.i) == Some(&b'-') {
            self.i += 1;
        }
        match *self.b.get(self.i)? {
            b'0' => self.i += 1,
            b'1'..=b'9' => self.digits()?,
            _ => return None,
        }
        if self.b.get(self.i) == Some(&b'.') {
            self.i += 1;
            self.digits()?;
        }
        if matches!(self.b.get(self.i), Some(b'e' | b'E')) {
            self.i += 1;
            if matches!(self.b.get(self.i), Some(b'+' | b'-')) {
                self.i += 1;
            }
            self.digits()?;
        }
        Some(())
    }

    /// One or more digits.
    fn digits(&mut self) -> Option<()> {
        let n = self.b[self.i..].iter().take_while(|b| b.is_ascii_digit()).count();
        self.i += n;
        (n > 0).then_some(())
    }

    fn literal(&mut self, word: &[u8]) -> Option<()> {
        self.b[self.i..].starts_with(word).then(|| self.i += word.len())
    }

    /// Whether the next value is null; takes it if so.
    fn null(&mut self) -> bool {
        self.ws();
        self.literal(b"null").is_some()
    }

    fn ws(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.b.get(self.i) {
            self.i += 1;
        }
    }

    /// The next byte after whitespace, taken.
    fn next(&mut self) -> Option<u8> {
        self.ws();
        let b = *self.b.get(self.i)?;
        self.i += 1;
        Some(b)
    }

    /// Takes `byte` if it comes next after whitespace.
    fn eat(&mut self, byte: u8) -> Option<()> {
        self.ws();
        (self.b.get(self.i) == Some(&byte)).then(|| self.i += 1)
    }

    /// Passes over the string at the cursor, checking it as serde_json would
    /// read it: no raw control characters, only valid escapes, surrogates
    /// only in pairs.
    fn string(&mut self) -> Option<Span> {
        self.ws();
        let start = self.i;
        if self.b.get(start) != Some(&b'"') {
            return None;
        }
        let mut i = start + 1;
        let mut plain = true;
        loop {
            i += string_run(&self.b[i..]);
            match *self.b.get(i)? {
                b'"' => break,
                b'\\' => {
                    plain = false;
                    let Escape::Char(_, len) = escape(&self.b[i..]) else { return None };
                    i += len;
                }
                _ => return None,
            }
        }
        self.i = i + 1;
        Some(Span { start, end: self.i, plain })
    }

    /// The value of a string `string` passed over.
    fn value(&self, span: Span) -> Option<Cow<'a, str>> {
        let inside = &self.text[span.start + 1..span.end - 1];
        if span.plain {
            return Some(Cow::Borrowed(inside));
        }
        let b = inside.as_bytes();
        let mut out = String::with_capacity(b.len());
        let mut i = 0;
        while let Some(at) = memchr::memchr(b'\\', &b[i..]) {
            out.push_str(&inside[i..i + at]);
            let Escape::Char(c, len) = escape(&b[i + at..]) else { return None };
            out.push(c);
            i += at + len;
        }
        out.push_str(&inside[i..]);
        Some(Cow::Owned(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gives_up_where_the_lenient_reader_reports() {
        for bad in [
            r#"{"vorlagen": [{"nummer": 1, "betreff": "a"}]}"#,
            r#"{"vorlagen": [{"nummer": "1"}]}"#,
            r#"{"vorlagen": [{"nummer": "1", "betreff": "a", "datum": "31.02.2026"}]}"#,
            r#"{"vorlagen": [{"nummer": "1", "nummer": "2", "betreff": "a"}]}"#,
            r#"{"vorlagen": {"nummer": "1", "betreff": "a"}}"#,
            r#"{"auszuege": [{"gremium": "Rat", "datum": "2020-01-01", "titel": "t", "beginn": "25:00"}]}"#,
            r#"{"vorlagen": []} x"#,
            r#"{"vorlagen": [], }"#,
            "{\"quelle\": \"a\u{1}b\"}",
        ] {
            assert!(read(bad, None).is_none(), "{bad}");
        }
    }

    /// Numbers the lenient reader turns into text by way of a float.
    #[test]
    fn leaves_other_numbers_in_nr_to_the_lenient_reader() {
        for nr in ["1.5", "-1", "-0", "1e3", "18446744073709551616"] {
            let json = format!(
                r#"{{"vorlagen": [{{"nummer": "1", "betreff": "a", "anlagen": [{{"nr": {nr}, "name": "A"}}]}}]}}"#
            );
            assert!(read(&json, None).is_none(), "{nr}");
        }
    }

    #[test]
    fn reads_a_file_that_keeps_the_contract() {
        let f = read(
            r#" {"format": "ratsinfo-export/1", "extra": [1, -2.5e3, {"x": null}, true],
              "vorlagen": [{"nummer": "2021/0832", "betreff": "Antrag \"A\" \u00fcber\u00a0B",
                "anlagen": [{"nr": 18446744073709551615, "name": "A"}, {"nr": 0, "name": "B"}],
                "beratungsfolge": [{"gremium": "Rat", "datum": "07.09.2021"}]}],
              "auszuege": [{"gremium": "Rat", "datum": "2021-09-07", "titel": "T", "beginn": "18:30",
                "beschluss": "a\n\nb"}]} "#,
            None,
        )
        .unwrap();
        assert_eq!(f.format, "ratsinfo-export/1");
        assert_eq!(f.vorlagen[0].betreff, "Antrag \"A\" über B");
        assert_eq!(f.vorlagen[0].beratungsfolge[0].datum, Date::new(2021, 9, 7));
        let nr: Vec<&str> = f.vorlagen[0].anlagen.iter().map(|a| a.nr.as_str()).collect();
        assert_eq!(nr, ["18446744073709551615", "0"]);
        assert_eq!(f.auszuege[0].beschluss, "a\n\nb");
    }
}
