//! Field deserializers that never fail a record.
//!
//! A record that breaks the contract in one field (a number where text
//! belongs, an impossible date, an object where a list belongs) keeps every
//! other field. The problem is noted here, with the path of the field inside
//! the file, and turned into a [`crate::problem::Problem`] with line and column
//! by [`crate::load::json`] once the file is parsed. Paths are only built when
//! something is wrong, so the common case costs nothing.
//!
//! Field names are passed by small generated functions (one per field, see
//! the macros below) because serde's `deserialize_with` takes no arguments.

use std::cell::RefCell;
use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;

use serde::Deserialize;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

use compact_str::CompactString;

use super::json::has_lone_surrogate;
use crate::long_text::{KEEP_BELOW, LongText, Origin};
use crate::model::Date;
use crate::strings as s;
use crate::text::{clean_line, clean_line_str, clean_text, clean_text_str};

/// One step of the path to a value inside a JSON document.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Seg {
    Key(&'static str),
    Index(usize),
}

/// A problem noted while deserializing; `path` is built innermost first.
#[derive(Debug)]
pub struct Noted {
    pub path: Vec<Seg>,
    pub message: String,
    pub error: bool,
}

/// At most this many problems of one file are noted with their place; of
/// the rest only the number is kept. One broken export can hold a bad value
/// in every record, and a list of 30,000 near-identical problems helps
/// nobody (and costs a path and a message each).
pub const MAX_NOTED: usize = 1_000;

/// The problems noted while reading one file.
#[derive(Debug, Default)]
pub struct Notes {
    /// The first [`MAX_NOTED`], each with its path.
    pub list: Vec<Noted>,
    /// How many errors and warnings came after those.
    pub more_errors: usize,
    pub more_warnings: usize,
}

impl Notes {
    pub fn is_empty(&self) -> bool {
        self.list.is_empty() && self.more_errors == 0 && self.more_warnings == 0
    }
}

thread_local! {
    static NOTED: RefCell<Notes> = RefCell::new(Notes::default());
}

fn push(noted: Noted) {
    NOTED.with(|n| {
        let mut n = n.borrow_mut();
        if n.list.len() < MAX_NOTED {
            n.list.push(noted);
        } else if noted.error {
            n.more_errors += 1;
        } else {
            n.more_warnings += 1;
        }
    });
}

/// Notes a problem at the value of `field` in the object being read.
pub(crate) fn note(field: &'static str, message: String, error: bool) {
    push(Noted { path: vec![Seg::Key(field)], message, error });
}

/// Notes a problem at the value being read; callers add the path to it.
pub(crate) fn note_value(message: String, error: bool) {
    push(Noted { path: Vec::new(), message, error });
}

pub(crate) fn noted_len() -> usize {
    NOTED.with(|n| n.borrow().list.len())
}

/// Adds `seg` in front of the paths of every problem noted since `since`.
pub(crate) fn prefix_since(since: usize, seg: Seg) {
    NOTED.with(|n| {
        let mut n = n.borrow_mut();
        if n.list.len() <= since {
            return;
        }
        for p in &mut n.list[since..] {
            p.path.push(seg.clone());
        }
    });
}

/// Takes the problems noted on this thread, outermost path segment first.
pub fn take_noted() -> Notes {
    let mut notes = NOTED.with(|n| std::mem::take(&mut *n.borrow_mut()));
    for p in &mut notes.list {
        p.path.reverse();
    }
    notes
}

/// Discards leftovers of an aborted parse on this thread.
pub fn clear_noted() {
    NOTED.with(|n| *n.borrow_mut() = Notes::default());
}

thread_local! {
    static FIRST_OF_EACH: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `parse` with every record read by [`RecordMap`] keeping the first
/// value of a key given twice (and warning of the others). serde's derive
/// fails on a repeated field, which would lose the whole file; checking
/// every key of every record costs a tenth of reading, so a file is read
/// this way only after reading it plainly failed.
pub(crate) fn first_of_each<R>(parse: impl FnOnce() -> R) -> R {
    struct Reset;
    impl Drop for Reset {
        fn drop(&mut self) {
            FIRST_OF_EACH.with(|c| c.set(false));
        }
    }
    FIRST_OF_EACH.with(|c| c.set(true));
    let _reset = Reset;
    parse()
}

/// Whether a parse failed on a key given twice in one record.
pub(crate) fn is_repeated_key(e: &serde_json::Error) -> bool {
    e.classify() == serde_json::error::Category::Data && e.to_string().starts_with("duplicate field")
}

/// The map of one record, for a record type's derived `Deserialize`:
/// `MapAccessDeserializer`, but inside [`first_of_each`] a key the record
/// type knows is read once, and given again it is skipped and noted.
pub(crate) struct RecordMap<A>(pub A);

impl<'de, A: MapAccess<'de>> Deserializer<'de> for RecordMap<A> {
    type Error = A::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, A::Error> {
        visitor.visit_map(self.0)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        if FIRST_OF_EACH.with(|c| c.get()) {
            visitor.visit_map(FirstOfEach { map: self.0, fields, seen: vec![false; fields.len()] })
        } else {
            visitor.visit_map(self.0)
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option
        unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier ignored_any
    }
}

/// A record's map in which each known key counts once: the first value.
struct FirstOfEach<A> {
    map: A,
    fields: &'static [&'static str],
    seen: Vec<bool>,
}

/// A key as the document holds it: borrowed where it has no escapes.
enum Key<'de> {
    Borrowed(&'de str),
    Owned(String),
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key::Borrowed(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key::Owned(v.to_owned()))
            }
        }
        d.deserialize_str(V)
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for FirstOfEach<A> {
    type Error = A::Error;

    fn next_key_seed<K: de::DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, A::Error> {
        use serde::de::IntoDeserializer;
        loop {
            let Some(key) = self.map.next_key::<Key<'de>>()? else { return Ok(None) };
            let name = match &key {
                Key::Borrowed(k) => *k,
                Key::Owned(k) => k.as_str(),
            };
            if let Some(i) = self.fields.iter().position(|f| *f == name) {
                if self.seen[i] {
                    self.map.next_value::<IgnoredAny>()?;
                    let field = self.fields[i];
                    note(field, s::feld_mehrfach(field), false);
                    continue;
                }
                self.seen[i] = true;
            }
            return match key {
                Key::Borrowed(k) => seed.deserialize(de::value::BorrowedStrDeserializer::new(k)).map(Some),
                Key::Owned(k) => seed.deserialize(k.into_deserializer()).map(Some),
            };
        }
    }

    fn next_value_seed<V: de::DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        self.map.next_value_seed(seed)
    }

    fn size_hint(&self) -> Option<usize> {
        self.map.size_hint()
    }
}

/// The document being parsed on this thread, when its long texts can be
/// left in its file (see [`crate::long_text`]).
pub(crate) struct InFile {
    pub origin: Arc<Origin>,
    /// The text the parser reads: the file's bytes from `shift` on.
    pub text: *const u8,
    pub len: usize,
    pub shift: usize,
}

thread_local! {
    static IN_FILE: RefCell<Option<InFile>> = const { RefCell::new(None) };
}

/// Runs `parse` with long texts left in the file `in_file` describes.
pub(crate) fn with_in_file<R>(in_file: InFile, parse: impl FnOnce() -> R) -> R {
    struct Reset;
    impl Drop for Reset {
        fn drop(&mut self) {
            IN_FILE.with(|c| c.borrow_mut().take());
        }
    }
    IN_FILE.with(|c| *c.borrow_mut() = Some(in_file));
    let _reset = Reset;
    parse()
}

/// The place in the file of `raw`, a slice of the text being parsed.
fn place_in_file(raw: &str) -> Option<LongText> {
    IN_FILE.with(|c| {
        let c = c.borrow();
        let f = c.as_ref()?;
        let offset = (raw.as_ptr() as usize).checked_sub(f.text as usize)?;
        (offset + raw.len() <= f.len).then(|| LongText::in_file(&f.origin, offset + f.shift, raw.len()))?
    })
}

/// A long text: left in its file where it can be (a string of at least
/// [`KEEP_BELOW`] bytes while [`with_in_file`] is in effect), else read
/// and cleaned now, with the same leniency as every other text field.
pub(crate) fn long_text_field<'de, D: Deserializer<'de>>(
    d: D,
    field: &'static str,
) -> Result<LongText, D::Error> {
    let visitor = TextVisitor { field, kind: TextKind::Text };
    let here = |t: CompactString| LongText::new(t.into_string());
    if IN_FILE.with(|c| c.borrow().is_none()) {
        return d.deserialize_any(visitor).map(here);
    }
    // Borrowed from the text being parsed: where it lies there is where it
    // lies in the file.
    let raw = <&'de RawValue>::deserialize(d)?.get();
    if raw.len() >= KEEP_BELOW
        && raw.starts_with('"')
        && let Some(text) = place_in_file(raw)
    {
        // Skipping a string does not check its escapes as reading it does:
        // the one it lets through fails the file here, which is then
        // repaired (see `json::prepare`) and read again.
        if has_lone_surrogate(raw.as_bytes()) {
            return Err(de::Error::custom("lone surrogate"));
        }
        return Ok(text);
    }
    let mut de = serde_json::Deserializer::from_str(raw);
    de.deserialize_any(visitor).map(here).map_err(de::Error::custom)
}

/// A record of the export format as the lenient reader reads it (see
/// [`super::export_fields`]).
pub trait Record: Sized {
    /// Names of required fields that are empty.
    fn missing(&self) -> Vec<&'static str>;

    /// Reads one record, every field leniently.
    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error>;
}

fn json_kind(unexp: &str) -> &'static str {
    match unexp {
        "seq" => s::J_LISTE.get(),
        "map" => s::J_OBJEKT.get(),
        "bool" => s::J_WAHRHEITSWERT.get(),
        "number" => s::J_ZAHL.get(),
        _ => s::J_ANDERES.get(),
    }
}

#[derive(Clone, Copy)]
enum TextKind {
    Line,
    Text,
    /// `nr` of an Anlage: a number or a string, both fine.
    NumberOrLine,
    Time,
}

struct TextVisitor {
    field: &'static str,
    kind: TextKind,
}

impl TextVisitor {
    fn wrong<E>(&self, kind: &str) -> Result<CompactString, E> {
        note(self.field, s::sollte_text_sein(self.field, json_kind(kind)), true);
        Ok(CompactString::default())
    }

    fn number<E>(&self, n: String) -> Result<CompactString, E> {
        if !matches!(self.kind, TextKind::NumberOrLine) {
            note(self.field, s::text_ist_zahl(self.field, &n), false);
        }
        Ok(n.into())
    }

    fn checked_time(&self, v: CompactString) -> CompactString {
        if !v.is_empty() && !is_time(&v) {
            note(self.field, s::ungueltige_uhrzeit(&v), false);
        }
        v
    }
}

impl<'de> Visitor<'de> for TextVisitor {
    type Value = CompactString;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("text")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<CompactString, E> {
        // Cleaned while copied, not copied and then cleaned.
        Ok(match self.kind {
            TextKind::Text => clean_text_str(v).into(),
            TextKind::Line | TextKind::NumberOrLine => clean_line_str(v),
            TextKind::Time => self.checked_time(clean_line_str(v)),
        })
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<CompactString, E> {
        Ok(match self.kind {
            TextKind::Text => clean_text(v).into(),
            TextKind::Line | TextKind::NumberOrLine => clean_line(v).into(),
            TextKind::Time => self.checked_time(clean_line(v).into()),
        })
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<CompactString, E> {
        self.number(v.to_string())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<CompactString, E> {
        self.number(v.to_string())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<CompactString, E> {
        self.number(v.to_string())
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<CompactString, E> {
        self.wrong("bool")
    }
    fn visit_unit<E: de::Error>(self) -> Result<CompactString, E> {
        Ok(CompactString::default())
    }
    fn visit_none<E: de::Error>(self) -> Result<CompactString, E> {
        Ok(CompactString::default())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<CompactString, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        self.wrong("seq")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<CompactString, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        self.wrong("map")
    }
}

pub(crate) fn is_time(s: &str) -> bool {
    let b = s.as_bytes();
    let hm = |h: &[u8], m: &[u8]| {
        h.iter().chain(m).all(u8::is_ascii_digit)
            && std::str::from_utf8(h).ok().and_then(|h| h.parse::<u8>().ok()).is_some_and(|h| h < 24)
            && std::str::from_utf8(m).ok().and_then(|m| m.parse::<u8>().ok()).is_some_and(|m| m < 60)
    };
    match b.len() {
        4 => b[1] == b':' && hm(&b[..1], &b[2..]),
        5 => b[2] == b':' && hm(&b[..2], &b[3..]),
        8 => b[2] == b':' && b[5] == b':' && hm(&b[..2], &b[3..5]),
        _ => false,
    }
}

fn text_field<'de, D: Deserializer<'de>>(
    d: D,
    field: &'static str,
    kind: TextKind,
) -> Result<CompactString, D::Error> {
    d.deserialize_any(TextVisitor { field, kind })
}

struct DateVisitor(&'static str);

impl<'de> Visitor<'de> for DateVisitor {
    type Value = Option<Date>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a date")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Option<Date>, E> {
        let v = v.trim();
        if v.is_empty() {
            return Ok(None);
        }
        let d = Date::parse(v);
        if d.is_none() {
            let shown: String = clean_line(v.chars().take(40).collect());
            note(self.0, s::ungueltiges_datum(&shown), true);
        }
        Ok(d)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Option<Date>, E> {
        Ok(None)
    }
    fn visit_none<E: de::Error>(self) -> Result<Option<Date>, E> {
        Ok(None)
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Option<Date>, E> {
        self.wrong("number")
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Option<Date>, E> {
        self.wrong("number")
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Option<Date>, E> {
        self.wrong("number")
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Option<Date>, E> {
        self.wrong("bool")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Option<Date>, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        self.wrong("seq")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Option<Date>, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        self.wrong("map")
    }
}

impl DateVisitor {
    fn wrong<E>(&self, kind: &str) -> Result<Option<Date>, E> {
        note(self.0, s::sollte_datum_sein(self.0, json_kind(kind)), true);
        Ok(None)
    }
}

fn date_field<'de, D: Deserializer<'de>>(d: D, field: &'static str) -> Result<Option<Date>, D::Error> {
    d.deserialize_any(DateVisitor(field))
}

/// One element of a lenient list: an object becomes a record, anything else
/// is noted and skipped.
struct Element<T>(Option<T>);

impl<'de, T: Record> Deserialize<'de> for Element<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Record> Visitor<'de> for V<T> {
            type Value = Element<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Element<T>, A::Error> {
                T::read(RecordMap(map)).map(|t| Element(Some(t)))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Element<T>, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Element::invalid(s::J_LISTE))
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<Element<T>, E> {
                Ok(Element::invalid(s::J_TEXT))
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Element<T>, E> {
                Ok(Element::invalid(s::J_ZAHL))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Element<T>, E> {
                Ok(Element::invalid(s::J_ZAHL))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Element<T>, E> {
                Ok(Element::invalid(s::J_ZAHL))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Element<T>, E> {
                Ok(Element::invalid(s::J_WAHRHEITSWERT))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Element<T>, E> {
                Ok(Element::invalid("null"))
            }
        }
        d.deserialize_any(V(PhantomData))
    }
}

impl<T> Element<T> {
    fn invalid(found: &str) -> Self {
        note_value(s::eintrag_kein_objekt(found), true);
        Element(None)
    }
}

/// Pushes each record into `out` as soon as it is complete, so that the
/// records before a syntax error survive it.
struct ListVisitor<'a, T> {
    field: &'static str,
    out: &'a mut Vec<T>,
}

impl<T: Record> ListVisitor<'_, T> {
    fn check(&self, record: &T) {
        for name in record.missing() {
            note_value(s::pflichtfeld_fehlt(name), true);
        }
    }

    fn wrong<E>(&self, kind: &str) -> Result<(), E> {
        note(self.field, s::sollte_liste_sein(self.field, json_kind(kind)), true);
        Ok(())
    }
}

impl<'de, T: Record> Visitor<'de> for ListVisitor<'_, T> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let start = noted_len();
        let mut index = 0;
        loop {
            let before = noted_len();
            let Some(Element(item)) = seq.next_element::<Element<T>>()? else { break };
            if let Some(item) = item {
                self.check(&item);
                self.out.push(item);
            }
            prefix_since(before, Seg::Index(index));
            index += 1;
        }
        prefix_since(start, Seg::Key(self.field));
        Ok(())
    }

    /// A single object where a list belongs: taken as a list of one.
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        let start = noted_len();
        let item = T::read(RecordMap(map))?;
        self.check(&item);
        prefix_since(start, Seg::Index(0));
        prefix_since(start, Seg::Key(self.field));
        note(self.field, s::einzelnes_objekt_als_liste(self.field), false);
        self.out.push(item);
        Ok(())
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        self.wrong("str")
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        self.wrong("number")
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        self.wrong("number")
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        self.wrong("number")
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        self.wrong("bool")
    }
}

pub(crate) fn list_field<'de, D, T>(d: D, field: &'static str) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Record,
{
    let mut out = Vec::new();
    d.deserialize_any(ListVisitor { field, out: &mut out })?;
    Ok(out)
}

/// Like [`list_field`], but into `out`: what was read before an error stays.
pub(crate) fn list_into<'de, D, T>(d: D, field: &'static str, out: &mut Vec<T>) -> Result<(), D::Error>
where
    D: Deserializer<'de>,
    T: Record,
{
    d.deserialize_any(ListVisitor { field, out })
}

macro_rules! field_fns {
    ($kind:ident => $($name:ident),* $(,)?) => {
        $(
            pub fn $name<'de, D: Deserializer<'de>>(d: D) -> Result<CompactString, D::Error> {
                super::text_field(d, stringify!($name), super::TextKind::$kind)
            }
        )*
    };
}

/// One-line values, cleaned with [`clean_line`].
pub mod line {
    use compact_str::CompactString;
    use serde::Deserializer;
    field_fns!(Line => nummer, betreff, art, status, verfasser, federfuehrend, bearbeiter, gremium,
        rolle, ergebnis, name, groesse, url, titel, top, vorlage, beschlussart, anlass, raum, ort,
        quelle, koerperschaft, format);
    field_fns!(NumberOrLine => nr);
    field_fns!(Time => beginn, ende);
}

/// Ids and URLs, cleaned as one-line values and kept as [`Url`]s.
///
/// [`Url`]: crate::model::Url
pub mod url {
    use serde::Deserializer;

    use crate::model::Url;

    macro_rules! url_fns {
        ($($name:ident),*) => {$(
            pub fn $name<'de, D: Deserializer<'de>>(d: D) -> Result<Url, D::Error> {
                super::text_field(d, stringify!($name), super::TextKind::Line).map(|s| Url::new(&s))
            }
        )*};
    }
    url_fns!(url, id);
}

/// Multi-line texts, cleaned with [`clean_text`]; see [`long_text_field`].
pub mod text {
    use serde::Deserializer;

    use crate::long_text::LongText;

    macro_rules! long_text_fns {
        ($($name:ident),*) => {$(
            pub fn $name<'de, D: Deserializer<'de>>(d: D) -> Result<LongText, D::Error> {
                super::long_text_field(d, stringify!($name))
            }
        )*};
    }
    long_text_fns!(finanzielle_auswirkungen, beschlussvorschlag, sachverhalt, wortprotokoll, beschluss);
}

/// Dates in either accepted form.
pub mod date {
    use serde::Deserializer;

    use crate::model::Date;

    pub fn datum<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
        super::date_field(d, "datum")
    }
}

/// Lists of records.
pub mod list {
    use serde::Deserializer;

    use crate::model::{Beratung, Dokument};

    macro_rules! list_fns {
        ($($name:ident: $t:ty),*) => {$(
            pub fn $name<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<$t>, D::Error> {
                super::list_field(d, stringify!($name))
            }
        )*};
    }
    list_fns!(beratungsfolge: Beratung, anlagen: std::sync::Arc<Dokument>);
}
