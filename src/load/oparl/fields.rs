//! Lenient field readers: every field is read so that a value it cannot use
//! is noted with its position and read as absent.

use std::fmt;
use std::marker::PhantomData;

use compact_str::CompactString;
use serde::Deserialize;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::read::Id;
use super::{Emb, Stamp};
use crate::load::lenient::{RecordMap, Seg, note, note_value, noted_len, prefix_since};
use crate::model::{Date, Url};
use crate::strings::{self as s, Text};
use crate::text::{clean_line, clean_line_str};

/// One kind of scalar field: what it makes of each JSON value. Values it
/// cannot use are noted and read as absent.
trait Scalar {
    type Out: Default;
    /// The expected value, as messages name it.
    const WHAT: &'static Text;
    fn from_text(s: &str) -> Option<Self::Out>;
    fn from_number(_value: f64, _shown: String) -> Option<Self::Out> {
        None
    }
    fn from_bool(_b: bool) -> Option<Self::Out> {
        None
    }
}

/// One-line text, cleaned for the terminal; numbers are taken as text.
struct Line;
struct Flag;
struct Int;
struct Day;
struct When;
/// `modified`: seconds since 1970, to tell two versions of an object apart.
struct Modified;
/// An id or URL: a one-line value, kept as a [`Url`].
struct Link;

impl Scalar for Link {
    type Out = Url;
    const WHAT: &'static Text = s::J_ADRESSE;
    fn from_text(s: &str) -> Option<Url> {
        Some(Url::new(&clean_line_str(s)))
    }
    fn from_number(_: f64, shown: String) -> Option<Url> {
        Some(Url::new(&shown))
    }
}

impl Scalar for Line {
    type Out = CompactString;
    const WHAT: &'static Text = s::J_TEXT;
    fn from_text(s: &str) -> Option<CompactString> {
        Some(clean_line_str(s))
    }
    fn from_number(_: f64, shown: String) -> Option<CompactString> {
        Some(shown.into())
    }
}

impl Scalar for Flag {
    type Out = Option<bool>;
    const WHAT: &'static Text = s::J_WAHRHEITSWERT;
    fn from_text(s: &str) -> Option<Option<bool>> {
        match s.to_ascii_lowercase().as_str() {
            "true" | "1" | "ja" => Some(Some(true)),
            "false" | "0" | "nein" => Some(Some(false)),
            _ => None,
        }
    }
    fn from_number(value: f64, _: String) -> Option<Option<bool>> {
        (value == 0.0 || value == 1.0).then_some(Some(value == 1.0))
    }
    fn from_bool(b: bool) -> Option<Option<bool>> {
        Some(Some(b))
    }
}

impl Scalar for Int {
    type Out = Option<i64>;
    const WHAT: &'static Text = s::J_GANZE_ZAHL;
    fn from_text(s: &str) -> Option<Option<i64>> {
        s.parse().ok().map(Some)
    }
    fn from_number(value: f64, _: String) -> Option<Option<i64>> {
        (value.fract() == 0.0).then_some(Some(value as i64))
    }
}

impl Scalar for Day {
    type Out = Option<Date>;
    const WHAT: &'static Text = s::J_DATUM;
    fn from_text(s: &str) -> Option<Option<Date>> {
        Date::parse(s).map(Some)
    }
}

impl Scalar for When {
    type Out = Option<Stamp>;
    const WHAT: &'static Text = s::J_ZEITPUNKT;
    fn from_text(s: &str) -> Option<Option<Stamp>> {
        Stamp::parse(s).map(Some)
    }
}

impl Scalar for Modified {
    type Out = Option<i64>;
    const WHAT: &'static Text = s::J_ZEITPUNKT;
    fn from_text(s: &str) -> Option<Option<i64>> {
        super::stamp::seconds(s).map(Some)
    }
}

/// Strings real servers send for "no value".
fn absent(s: &str) -> bool {
    s.is_empty() || s.eq_ignore_ascii_case("n/a")
}

struct ScalarVisitor<K> {
    key: &'static str,
    kind: PhantomData<K>,
}

impl<K: Scalar> ScalarVisitor<K> {
    fn wrong(&self, found: &str) -> K::Out {
        let message = s::sollte_sein(self.key, K::WHAT, found);
        note(self.key, message, true);
        K::Out::default()
    }

    fn number(&self, value: f64, shown: String) -> K::Out {
        K::from_number(value, shown).unwrap_or_else(|| self.wrong(s::J_ZAHL))
    }
}

impl<'de, K: Scalar> Visitor<'de> for ScalarVisitor<K> {
    type Value = K::Out;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(K::WHAT)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<K::Out, E> {
        let v = v.trim();
        if absent(v) {
            return Ok(K::Out::default());
        }
        Ok(K::from_text(v).unwrap_or_else(|| {
            let shown = clean_line(v.chars().take(40).collect());
            let message = s::ungueltiger_wert(self.key, &shown, K::WHAT);
            note(self.key, message, true);
            K::Out::default()
        }))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<K::Out, E> {
        Ok(self.number(v as f64, v.to_string()))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<K::Out, E> {
        Ok(self.number(v as f64, v.to_string()))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<K::Out, E> {
        Ok(self.number(v, v.to_string()))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<K::Out, E> {
        Ok(K::from_bool(v).unwrap_or_else(|| self.wrong(s::J_WAHRHEITSWERT)))
    }
    fn visit_unit<E: de::Error>(self) -> Result<K::Out, E> {
        Ok(K::Out::default())
    }
    fn visit_none<E: de::Error>(self) -> Result<K::Out, E> {
        Ok(K::Out::default())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<K::Out, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(self.wrong(s::J_LISTE))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<K::Out, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(self.wrong(s::J_OBJEKT))
    }
}

fn scalar<'de, K: Scalar, D: Deserializer<'de>>(d: D, key: &'static str) -> Result<K::Out, D::Error> {
    d.deserialize_any(ScalarVisitor::<K> { key, kind: PhantomData })
}

/// A reference (URL string) as OParl writes it.
fn reference(s: &str) -> Option<Url> {
    let s = s.trim();
    (!absent(s)).then(|| Url::new(&clean_line_str(s)))
}

/// A field that holds objects or references to them: one or a list of
/// either, since servers send a single value where a list belongs.
pub(super) struct Embs<T> {
    /// `None` for the document itself.
    key: Option<&'static str>,
    marker: PhantomData<T>,
}

impl<T> Embs<T> {
    pub(super) fn top_level() -> Self {
        Embs { key: None, marker: PhantomData }
    }

    fn wrong(&self, found: &str) -> Vec<Emb<T>> {
        match self.key {
            Some(key) => {
                let message = s::sollte_objekt_oder_liste_sein(key, found);
                note(key, message, true);
            }
            None => note_value(s::erwartet_oparl_objekt(found), true),
        }
        Vec::new()
    }

    fn prefix(&self, since: usize) {
        if let Some(key) = self.key {
            prefix_since(since, Seg::Key(key));
        }
    }
}

impl<'de, T: Deserialize<'de>> Visitor<'de> for Embs<T> {
    type Value = Vec<Emb<T>>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("objects or references")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(reference(v).map(Emb::Ref).into_iter().collect())
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        let start = noted_len();
        let item = T::deserialize(RecordMap(map))?;
        self.prefix(start);
        Ok(vec![Emb::Obj(Box::new(item))])
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let start = noted_len();
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        let mut index = 0;
        loop {
            let before = noted_len();
            let Some(Element(item)) = seq.next_element::<Element<T>>()? else { break };
            out.extend(item);
            prefix_since(before, Seg::Index(index));
            index += 1;
        }
        self.prefix(start);
        // Most lists hold one entry: no room for more is kept.
        out.shrink_to_fit();
        Ok(out)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Vec::new())
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok(self.wrong(s::J_ZAHL))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok(self.wrong(s::J_ZAHL))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(self.wrong(s::J_ZAHL))
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(self.wrong(s::J_WAHRHEITSWERT))
    }
}

/// One entry of a list of objects or references.
struct Element<T>(Option<Emb<T>>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Element<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ElementVisitor(PhantomData))
    }
}

struct ElementVisitor<T>(PhantomData<T>);

impl<T> ElementVisitor<T> {
    fn skip(found: &str) -> Element<T> {
        note_value(s::eintrag_kein_objekt_oder_adresse(found), true);
        Element(None)
    }
}

impl<'de, T: Deserialize<'de>> Visitor<'de> for ElementVisitor<T> {
    type Value = Element<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object or a reference")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Element<T>, E> {
        Ok(Element(reference(v).map(Emb::Ref)))
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Element<T>, A::Error> {
        T::deserialize(RecordMap(map)).map(|t| Element(Some(Emb::Obj(Box::new(t)))))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Element<T>, E> {
        Ok(Element(None))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Element<T>, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Self::skip(s::J_LISTE))
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Element<T>, E> {
        Ok(Self::skip(s::J_ZAHL))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Element<T>, E> {
        Ok(Self::skip(s::J_ZAHL))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Element<T>, E> {
        Ok(Self::skip(s::J_ZAHL))
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Element<T>, E> {
        Ok(Self::skip(s::J_WAHRHEITSWERT))
    }
}

fn embs<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
    d: D,
    key: &'static str,
) -> Result<Vec<Emb<T>>, D::Error> {
    d.deserialize_any(Embs { key: Some(key), marker: PhantomData })
}

/// A single reference; an embedded object stands for its id.
fn one_ref<'de, D: Deserializer<'de>>(d: D, key: &'static str) -> Result<Url, D::Error> {
    embs::<Id, D>(d, key).map(|list| match list.into_iter().next() {
        Some(Emb::Ref(url)) => url,
        Some(Emb::Obj(obj)) => obj.id,
        None => Url::default(),
    })
}

/// A list of references; embedded objects stand for their ids.
fn ref_list<'de, D: Deserializer<'de>>(d: D, key: &'static str) -> Result<Vec<Url>, D::Error> {
    embs::<Id, D>(d, key).map(|list| {
        list.into_iter()
            .map(|e| match e {
                Emb::Ref(url) => url,
                Emb::Obj(obj) => obj.id,
            })
            .filter(|id| !id.is_empty())
            .collect()
    })
}

/// Field readers. serde's `deserialize_with` takes no arguments, so each
/// field gets a small function that names its JSON key, for messages and for
/// locating problems in the file.
pub(super) mod f {
    use compact_str::CompactString;
    use serde::Deserializer;

    use super::{Day, Flag, Int, Line, Link, Modified, When, embs, one_ref, ref_list, scalar};
    use crate::load::lenient::long_text_field;
    use crate::load::oparl::{AgendaItem, Consultation, Emb, File, Location, Named, Raw, Stamp};
    use crate::model::Rolle;

    /// Files in the role their field gives them (see [`File`]): set while
    /// each is new, so that its document needs no copy for the role.
    macro_rules! files {
        ($($f:ident = $key:literal: $rolle:ident),*) => {$(
            pub(crate) fn $f<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Emb<File>>, D::Error> {
                let mut files = embs::<File, D>(d, $key)?;
                for file in &mut files {
                    if let Emb::Obj(file) = file {
                        file.set_rolle(Rolle::$rolle);
                    }
                }
                Ok(files)
            }
        )*};
    }
    files!(main_file = "mainFile": Hauptdokument, invitation = "invitation": Einladung,
        results_protocol = "resultsProtocol": Ergebnisprotokoll,
        verbatim_protocol = "verbatimProtocol": Wortprotokoll, resolution_file = "resolutionFile": Beschluss);
    use crate::long_text::LongText;
    use crate::model::{Date, Url};

    macro_rules! scalars {
        ($kind:ident -> $out:ty: $($f:ident = $key:literal),* $(,)?) => {$(
            pub(crate) fn $f<'de, D: Deserializer<'de>>(d: D) -> Result<$out, D::Error> {
                scalar::<$kind, D>(d, $key)
            }
        )*};
    }
    scalars!(Link -> Url: id = "id", web = "web", access_url = "accessUrl", download_url = "downloadUrl");
    scalars!(Line -> CompactString: kind = "type", name = "name", short_name = "shortName",
        given_name = "givenName", family_name = "familyName", number = "number", result = "result",
        role = "role", reference = "reference", paper_type = "paperType", file_name = "fileName",
        room = "room",
        street_address = "streetAddress", postal_code = "postalCode", locality = "locality",
        description = "description", mime_type = "mimeType");
    scalars!(Flag -> Option<bool>: deleted = "deleted", public = "public", cancelled = "cancelled");
    scalars!(Modified -> Option<i64>: modified = "modified");

    /// Long texts: left in their file where they can be (see
    /// [`crate::long_text`]), as the export format's are.
    macro_rules! long_texts {
        ($($f:ident = $key:literal),*) => {$(
            pub(crate) fn $f<'de, D: Deserializer<'de>>(d: D) -> Result<LongText, D::Error> {
                long_text_field(d, $key)
            }
        )*};
    }
    long_texts!(resolution_text = "resolutionText", text = "text");

    macro_rules! ref_lists {
        ($($f:ident = $key:literal),*) => {$(
            pub(crate) fn $f<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Url>, D::Error> {
                ref_list(d, $key)
            }
        )*};
    }
    ref_lists!(
        superordinated_paper = "superordinatedPaper",
        subordinated_paper = "subordinatedPaper",
        related_paper = "relatedPaper"
    );
    scalars!(Int -> Option<i64>: order = "order", size = "size");
    scalars!(Day -> Option<Date>: date = "date");
    scalars!(When -> Option<Stamp>: start = "start", end = "end");

    macro_rules! refs {
        ($($f:ident = $key:literal),*) => {$(
            pub(crate) fn $f<'de, D: Deserializer<'de>>(d: D) -> Result<Url, D::Error> {
                one_ref(d, $key)
            }
        )*};
    }
    refs!(
        body = "body",
        meeting = "meeting",
        paper = "paper",
        agenda_item_ref = "agendaItem",
        consultation_ref = "consultation"
    );

    macro_rules! lists {
        ($($f:ident = $key:literal: $t:ty),*) => {$(
            pub(crate) fn $f<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Emb<$t>>, D::Error> {
                embs(d, $key)
            }
        )*};
    }
    lists!(location = "location": Location, organization = "organization": Named,
        agenda_item = "agendaItem": AgendaItem, consultation = "consultation": Consultation,
        auxiliary_file = "auxiliaryFile": File,
        originator_person = "originatorPerson": Named,
        originator_organization = "originatorOrganization": Named,
        under_direction_of = "underDirectionOf": Named, data = "data": Raw);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_values_are_cleaned() {
        assert_eq!(clean_line_str(" Rat\u{A0}der  Stadt "), "Rat der Stadt");
        assert_eq!(clean_line_str("Ausschuss für Umwelt"), "Ausschuss für Umwelt");
    }
}
