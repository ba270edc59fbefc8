//! The export format's records as the lenient reader reads them: one serde
//! remote definition per record of [`crate::model`], each field with the
//! lenient reader of its kind. The model stays plain data, and serde's remote
//! derive does not compile while a field of the model is missing here, so
//! the two cannot drift apart (the strict reader and the merge are held to
//! the same field lists, see `tests/strict.rs` and `archive::merge_*`).

use std::sync::Arc;

use compact_str::CompactString;
use serde::{Deserialize, Deserializer};

use super::lenient::{Record, date, line, list, text, url};
use crate::long_text::LongText;
use crate::model::{
    Auszug, AuszugId, Beratung, Date, Dokument, Format, KoerperschaftId, Rolle, SitzungId, Url, Verweis,
    Vorlage, VorlageId,
};

#[derive(Deserialize)]
#[serde(remote = "Vorlage", default = "Vorlage::default")]
struct VorlageDef {
    #[serde(deserialize_with = "line::nummer")]
    nummer: CompactString,
    #[serde(deserialize_with = "line::betreff")]
    betreff: CompactString,
    #[serde(deserialize_with = "line::art")]
    art: CompactString,
    #[serde(deserialize_with = "line::status")]
    status: CompactString,
    #[serde(deserialize_with = "date::datum")]
    datum: Option<Date>,
    #[serde(deserialize_with = "line::verfasser")]
    verfasser: CompactString,
    #[serde(deserialize_with = "line::federfuehrend")]
    federfuehrend: CompactString,
    #[serde(deserialize_with = "line::bearbeiter")]
    bearbeiter: CompactString,
    #[serde(deserialize_with = "list::beratungsfolge")]
    beratungsfolge: Vec<Beratung>,
    #[serde(deserialize_with = "text::finanzielle_auswirkungen")]
    finanzielle_auswirkungen: LongText,
    #[serde(deserialize_with = "text::beschlussvorschlag")]
    beschlussvorschlag: LongText,
    #[serde(deserialize_with = "text::sachverhalt")]
    sachverhalt: LongText,
    #[serde(deserialize_with = "list::anlagen")]
    anlagen: Vec<Arc<Dokument>>,
    #[serde(deserialize_with = "url::url")]
    url: Url,
    #[serde(deserialize_with = "url::id")]
    id: Url,
    #[serde(skip)]
    verweise: Vec<Verweis>,
    #[serde(skip)]
    format: Format,
    #[serde(skip)]
    koerperschaft: KoerperschaftId,
}

#[derive(Deserialize)]
#[serde(remote = "Beratung", default = "Beratung::default")]
struct BeratungDef {
    #[serde(deserialize_with = "line::gremium")]
    gremium: CompactString,
    #[serde(deserialize_with = "date::datum")]
    datum: Option<Date>,
    #[serde(deserialize_with = "line::rolle")]
    rolle: CompactString,
    #[serde(deserialize_with = "line::ergebnis")]
    ergebnis: CompactString,
    #[serde(skip)]
    sitzung_id: Url,
    #[serde(skip)]
    item_id: Url,
    #[serde(skip)]
    geplant: bool,
    #[serde(skip)]
    sitzung: Option<SitzungId>,
    #[serde(skip)]
    auszug: Option<AuszugId>,
}

#[derive(Deserialize)]
#[serde(remote = "Dokument", default = "Dokument::default")]
struct DokumentDef {
    #[serde(deserialize_with = "line::nr")]
    nr: CompactString,
    #[serde(deserialize_with = "line::name")]
    name: CompactString,
    #[serde(deserialize_with = "line::status")]
    status: CompactString,
    #[serde(deserialize_with = "line::groesse")]
    groesse: CompactString,
    #[serde(deserialize_with = "url::url")]
    url: Url,
    #[serde(skip)]
    rolle: Rolle,
    #[serde(skip)]
    download_url: Url,
    #[serde(skip)]
    datei: CompactString,
    #[serde(skip)]
    mime: CompactString,
    #[serde(skip)]
    datum: Option<Date>,
    #[serde(skip)]
    text: LongText,
    #[serde(skip)]
    id: Url,
}

#[derive(Deserialize)]
#[serde(remote = "Auszug", default = "Auszug::default")]
struct AuszugDef {
    #[serde(deserialize_with = "line::gremium")]
    gremium: CompactString,
    #[serde(deserialize_with = "date::datum")]
    datum: Option<Date>,
    #[serde(deserialize_with = "line::titel")]
    titel: CompactString,
    #[serde(deserialize_with = "line::top")]
    top: CompactString,
    #[serde(deserialize_with = "line::vorlage")]
    vorlage: CompactString,
    #[serde(deserialize_with = "line::beschlussart")]
    beschlussart: CompactString,
    #[serde(deserialize_with = "line::status")]
    status: CompactString,
    #[serde(deserialize_with = "line::beginn")]
    beginn: CompactString,
    #[serde(deserialize_with = "line::ende")]
    ende: CompactString,
    #[serde(deserialize_with = "line::anlass")]
    anlass: CompactString,
    #[serde(deserialize_with = "line::raum")]
    raum: CompactString,
    #[serde(deserialize_with = "line::ort")]
    ort: CompactString,
    #[serde(deserialize_with = "text::wortprotokoll")]
    wortprotokoll: LongText,
    #[serde(deserialize_with = "text::beschluss")]
    beschluss: LongText,
    #[serde(deserialize_with = "url::url")]
    url: Url,
    #[serde(deserialize_with = "url::id")]
    id: Url,
    #[serde(skip)]
    sitzung_id: Url,
    #[serde(skip)]
    vorlage_id: Url,
    #[serde(skip)]
    reihenfolge: Option<i64>,
    #[serde(skip)]
    dokumente: Vec<Arc<Dokument>>,
    #[serde(skip)]
    format: Format,
    #[serde(skip)]
    koerperschaft: KoerperschaftId,
    #[serde(skip)]
    sitzung: Option<SitzungId>,
    #[serde(skip)]
    vorlage_ref: Option<VorlageId>,
}

fn missing<const N: usize>(fields: [(&'static str, bool); N]) -> Vec<&'static str> {
    fields.into_iter().filter(|(_, present)| !present).map(|(name, _)| name).collect()
}

impl Record for Vorlage {
    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        VorlageDef::deserialize(d)
    }

    fn missing(&self) -> Vec<&'static str> {
        missing([("nummer", !self.nummer.is_empty()), ("betreff", !self.betreff.is_empty())])
    }
}

impl Record for Beratung {
    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        BeratungDef::deserialize(d)
    }

    fn missing(&self) -> Vec<&'static str> {
        missing([("gremium", !self.gremium.is_empty())])
    }
}

/// Anlagen are held shared (see [`Dokument`]).
impl Record for Arc<Dokument> {
    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Dokument::read(d).map(Arc::new)
    }

    fn missing(&self) -> Vec<&'static str> {
        Dokument::missing(self)
    }
}

impl Record for Dokument {
    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        DokumentDef::deserialize(d)
    }

    fn missing(&self) -> Vec<&'static str> {
        missing([("name", !self.name.is_empty())])
    }
}

impl Record for Auszug {
    fn read<'de, D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        AuszugDef::deserialize(d)
    }

    fn missing(&self) -> Vec<&'static str> {
        missing([
            ("gremium", !self.gremium.is_empty()),
            ("datum", self.datum.is_some()),
            ("titel", !self.titel.is_empty()),
        ])
    }
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use serde::de::{self, Visitor};

    use super::*;
    use crate::load::strict;
    use crate::model::ExportFile;

    /// The field names serde's derive reads for `T`: what it passes to
    /// `deserialize_struct`, which is all this deserializer answers.
    fn field_names<T: Record>() -> Vec<&'static str> {
        struct Names<'a>(&'a Cell<&'static [&'static str]>);
        impl<'de> Deserializer<'de> for Names<'_> {
            type Error = de::value::Error;
            fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
                Err(de::Error::custom("only structs"))
            }
            fn deserialize_struct<V: Visitor<'de>>(
                self,
                _: &'static str,
                fields: &'static [&'static str],
                _: V,
            ) -> Result<V::Value, Self::Error> {
                self.0.set(fields);
                Err(de::Error::custom("names taken"))
            }
            serde::forward_to_deserialize_any! {
                bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
                option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
                ignored_any
            }
        }
        let names = Cell::new(&[][..]);
        let _ = T::read(Names(&names));
        names.get().to_vec()
    }

    /// Every key of `value` (a serialized record), sorted.
    fn keys(value: &serde_json::Value) -> Vec<&str> {
        let mut k: Vec<&str> = value.as_object().unwrap().keys().map(String::as_str).collect();
        k.sort_unstable();
        k
    }

    fn sorted(mut names: Vec<&'static str>) -> Vec<&'static str> {
        names.sort_unstable();
        names
    }

    fn full_records() -> ExportFile {
        let beratung = Beratung {
            gremium: "Rat der Stadt".into(),
            datum: Date::new(2021, 9, 7),
            rolle: "Entscheidung".into(),
            ergebnis: "geändert beschlossen".into(),
            ..Beratung::default()
        };
        // The fields the export format does not know are left at their
        // defaults: serde skips them both ways.
        let anlage = Dokument {
            nr: "1".into(),
            name: "Antrag".into(),
            status: "öffentlich".into(),
            groesse: "101 KB".into(),
            url: "https://example.org/a.pdf".into(),
            ..Dokument::default()
        };
        let vorlage = Vorlage {
            nummer: "2021/0832".into(),
            betreff: "Antrag".into(),
            art: "Antrag-Formular".into(),
            status: "öffentlich".into(),
            datum: Date::new(2021, 8, 1),
            verfasser: "CDU-Fraktion".into(),
            federfuehrend: "Bereich 10".into(),
            bearbeiter: "Gresch, Norbert".into(),
            beratungsfolge: vec![beratung],
            finanzielle_auswirkungen: "keine".into(),
            beschlussvorschlag: "Der Rat beschließt.".into(),
            sachverhalt: "Es war einmal.".into(),
            anlagen: vec![Arc::new(anlage)],
            url: "https://example.org/v".into(),
            id: "v-17".into(),
            ..Vorlage::default()
        };
        let auszug = Auszug {
            gremium: "Rat der Stadt".into(),
            datum: Date::new(2021, 9, 7),
            titel: "Antrag".into(),
            top: "Ö 2".into(),
            vorlage: "2021/0832".into(),
            beschlussart: "beschlossen".into(),
            status: "öffentlich".into(),
            beginn: "16:00".into(),
            ende: "17:05".into(),
            anlass: "Sitzung".into(),
            raum: "Saal".into(),
            ort: "Rathaus".into(),
            wortprotokoll: "Gesagt.".into(),
            beschluss: "Beschlossen.".into(),
            url: "https://example.org/a".into(),
            id: "a-17".into(),
            ..Auszug::default()
        };
        ExportFile { vorlagen: vec![vorlage], auszuege: vec![auszug], ..ExportFile::default() }
    }

    /// The four places a record's fields are named agree: the model, the
    /// lenient reader (held by the remote derive), the strict reader's
    /// tables, and the merge (held by its exhaustive patterns). A field the
    /// strict reader does not know would be read by the lenient reader only.
    #[test]
    fn strict_and_lenient_readers_know_every_field_of_the_model() {
        let file = full_records();
        let json = serde_json::to_value(&file).unwrap();
        let (v, a) = (&json["vorlagen"][0], &json["auszuege"][0]);
        assert_eq!(keys(v), sorted(field_names::<Vorlage>()), "a Vorlage field is empty in the test record");
        assert_eq!(keys(a), sorted(field_names::<Auszug>()), "an Auszug field is empty in the test record");
        assert_eq!(keys(&v["beratungsfolge"][0]), sorted(field_names::<Beratung>()));
        assert_eq!(keys(&v["anlagen"][0]), sorted(field_names::<Dokument>()));

        let text = serde_json::to_string(&file).unwrap();
        let strict =
            strict::read(&text, None).expect("the strict reader reads a file that keeps the contract");
        assert_eq!(strict.vorlagen, file.vorlagen);
        assert_eq!(strict.auszuege, file.auszuege);
        let lenient = crate::load::export::parse_lenient("t.json", text.as_bytes(), None);
        assert!(lenient.problems.is_empty(), "{:?}", lenient.problems);
        assert_eq!(lenient.vorlagen, file.vorlagen);
        assert_eq!(lenient.auszuege, file.auszuege);
    }
}
