//! A record as JSON: its fields, its documents and its stable key, for
//! `ratsinfo show --format json` and scripts. Field names are the export
//! format's (FORMAT.md) where it has them; empty fields are left out;
//! dates are `YYYY-MM-DD`. Long texts are read from their files.

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

use crate::archive::Archive;
use crate::model::{Auszug, Dokument, RecordId, Rolle, SitzungId, VerweisArt, Vorlage, VorlageId};
use crate::tree::{Node, Tree};

/// A JSON value whose objects keep their fields in the order written
/// (kind and key first, then the record's fields as FORMAT.md lists them).
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Text(String),
    List(Vec<Value>),
    Object(Vec<(&'static str, Value)>),
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Null => s.serialize_unit(),
            Value::Bool(b) => s.serialize_bool(*b),
            Value::Text(t) => s.serialize_str(t),
            Value::List(l) => {
                let mut seq = s.serialize_seq(Some(l.len()))?;
                for v in l {
                    seq.serialize_element(v)?;
                }
                seq.end()
            }
            Value::Object(fields) => {
                let mut map = s.serialize_map(Some(fields.len()))?;
                for (k, v) in fields {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
        }
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Bool(b)
    }
}

impl From<String> for Value {
    fn from(t: String) -> Value {
        Value::Text(t)
    }
}

impl FromIterator<Value> for Value {
    fn from_iter<I: IntoIterator<Item = Value>>(iter: I) -> Value {
        Value::List(iter.into_iter().collect())
    }
}

/// A JSON object that leaves out empty values.
struct Obj(Vec<(&'static str, Value)>);

impl Obj {
    fn new(kind: &str, key: String) -> Obj {
        Obj(vec![("kind", Value::Text(kind.into())), ("key", Value::Text(key))])
    }

    fn empty() -> Obj {
        Obj(Vec::new())
    }

    fn text(&mut self, name: &'static str, value: impl AsRef<str>) -> &mut Obj {
        let v = value.as_ref();
        if !v.is_empty() {
            self.0.push((name, Value::Text(v.into())));
        }
        self
    }

    fn value(&mut self, name: &'static str, value: Value) -> &mut Obj {
        let empty = match &value {
            Value::Null => true,
            Value::List(a) => a.is_empty(),
            Value::Bool(b) => !b,
            _ => false,
        };
        if !empty {
            self.0.push((name, value));
        }
        self
    }

    fn done(&mut self) -> Value {
        Value::Object(std::mem::take(&mut self.0))
    }
}

fn datum(d: Option<crate::model::Date>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

fn rolle(r: Rolle) -> &'static str {
    match r {
        Rolle::Hauptdokument => "hauptdokument",
        Rolle::Einladung => "einladung",
        Rolle::Ergebnisprotokoll => "ergebnisprotokoll",
        Rolle::Wortprotokoll => "wortprotokoll",
        Rolle::Beschluss => "beschluss",
        Rolle::Anlage => "anlage",
    }
}

fn dokumente(docs: &[std::sync::Arc<Dokument>]) -> Value {
    docs.iter()
        .map(|d| {
            let mut o = Obj::empty();
            o.text("rolle", rolle(d.rolle))
                .text("nr", &d.nr)
                .text("name", &d.name)
                .text("url", d.url.to_string())
                .text("download_url", d.download_url.to_string())
                .text("datei", &d.datei)
                .text("mime", &d.mime)
                .text("groesse", &d.groesse)
                .text("datum", datum(d.datum))
                .text("status", &d.status)
                .text("id", d.id.to_string())
                .text("text", d.text.read_or_notice());
            o.done()
        })
        .collect()
}

fn vorlage(a: &Archive, id: VorlageId) -> Value {
    let v: &Vorlage = a.vorlage(id);
    let beratungen: Value = v
        .beratungsfolge
        .iter()
        .map(|b| {
            let mut o = Obj::empty();
            o.text("gremium", &b.gremium)
                .text("datum", datum(b.datum))
                .text("rolle", &b.rolle)
                .text("ergebnis", &b.ergebnis)
                .value("geplant", b.geplant.into())
                .text(
                    "sitzung",
                    b.sitzung.map(|s| a.key(RecordId::Sitzung(s)).to_string()).unwrap_or_default(),
                )
                .text("auszug", b.auszug.map(|x| a.key(RecordId::Auszug(x)).to_string()).unwrap_or_default());
            o.done()
        })
        .collect();
    let verweise: Value = v
        .verweise
        .iter()
        .map(|r| {
            let art = match r.art {
                VerweisArt::Uebergeordnet => "uebergeordnet",
                VerweisArt::Untergeordnet => "untergeordnet",
                VerweisArt::Verwandt => "verwandt",
            };
            let mut o = Obj::empty();
            o.text("art", art).text("id", r.id.to_string());
            if let Some(other) = r.vorlage {
                o.text("nummer", &a.vorlage(other).nummer)
                    .text("key", a.key(RecordId::Vorlage(other)).to_string());
            }
            o.done()
        })
        .collect();
    let mut o = Obj::new("vorlage", a.key(RecordId::Vorlage(id)).to_string());
    o.text("koerperschaft", a.koerperschaft(v.koerperschaft))
        .text("nummer", &v.nummer)
        .text("betreff", &v.betreff)
        .text("art", &v.art)
        .text("status", &v.status)
        .text("datum", datum(v.datum))
        .text("verfasser", &v.verfasser)
        .text("federfuehrend", &v.federfuehrend)
        .text("bearbeiter", &v.bearbeiter)
        .text("url", v.url.to_string())
        .text("id", v.id.to_string())
        .value("beratungsfolge", beratungen)
        .text("beschlussvorschlag", v.beschlussvorschlag.read_or_notice())
        .text("sachverhalt", v.sachverhalt.read_or_notice())
        .text("finanzielle_auswirkungen", v.finanzielle_auswirkungen.read_or_notice())
        .value("verweise", verweise)
        .value("dokumente", dokumente(&v.anlagen));
    o.done()
}

fn auszug(a: &Archive, id: crate::model::AuszugId) -> Value {
    let au: &Auszug = a.auszug(id);
    let mut o = Obj::new("auszug", a.key(RecordId::Auszug(id)).to_string());
    o.text("koerperschaft", a.koerperschaft(au.koerperschaft))
        .text("top", &au.top)
        .text("titel", &au.titel)
        .text("gremium", &au.gremium)
        .text("datum", datum(au.datum))
        .text("beginn", &au.beginn)
        .text("ende", &au.ende)
        .text("raum", &au.raum)
        .text("ort", &au.ort)
        .text("anlass", &au.anlass)
        .text("status", &au.status)
        .text("beschlussart", &au.beschlussart)
        .text("url", au.url.to_string())
        .text("id", au.id.to_string())
        .text("sitzung", au.sitzung.map(|s| a.key(RecordId::Sitzung(s)).to_string()).unwrap_or_default())
        .text("wortprotokoll", au.wortprotokoll.read_or_notice())
        .text("beschluss", au.beschluss.read_or_notice())
        .value("dokumente", dokumente(&au.dokumente))
        .value(
            "vorlage",
            match au.vorlage_ref {
                Some(v) => vorlage(a, v),
                None if !au.vorlage.is_empty() => {
                    Value::Object(vec![("nummer", Value::Text(au.vorlage.to_string()))])
                }
                None => Value::Null,
            },
        );
    o.done()
}

fn sitzung(a: &Archive, t: &Tree, si: SitzungId) -> Value {
    let sz = a.sitzung(si);
    let agenda: Value = t
        .sitzung(si)
        .items
        .iter()
        .map(|&i| {
            let it = &t.items[i as usize];
            let (top, nummer, titel, ergebnis) = crate::document::item_summary(a, t, i);
            let key = it
                .auszug
                .map(RecordId::Auszug)
                .or(it.vorlage.map(RecordId::Vorlage))
                .map(|r| a.key(r).to_string())
                .unwrap_or_default();
            let mut o = Obj::empty();
            o.text("top", top)
                .text("nummer", nummer)
                .text("titel", titel)
                .text("ergebnis", ergebnis)
                .text("key", key);
            o.done()
        })
        .collect();
    let mut o = Obj::new("sitzung", a.key(RecordId::Sitzung(si)).to_string());
    o.text("koerperschaft", a.koerperschaft(sz.koerperschaft))
        .text("gremium", &sz.gremium)
        .text("name", &sz.name)
        .text("datum", datum(sz.datum))
        .text("beginn", &sz.beginn)
        .text("ende", &sz.ende)
        .text("raum", &sz.raum)
        .text("ort", &sz.ort)
        .text("anlass", &sz.anlass)
        .value("abgesagt", sz.abgesagt.into())
        .text("url", sz.url.to_string())
        .text("id", sz.id.to_string())
        .value("dokumente", dokumente(&sz.dokumente))
        .value("tagesordnung", agenda);
    o.done()
}

/// The node's record as JSON; None for nodes that are no record (a
/// Gremium, a year).
pub fn node(a: &Archive, t: &Tree, node: Node) -> Option<Value> {
    match node {
        Node::Vorlage(v) => Some(vorlage(a, v)),
        Node::Sitzung(si) => Some(sitzung(a, t, si)),
        Node::Item(i) => {
            let it = &t.items[i as usize];
            match (it.auszug, it.vorlage) {
                (Some(au), _) => Some(auszug(a, au)),
                (None, Some(v)) => Some(vorlage(a, v)),
                (None, None) => None,
            }
        }
        _ => None,
    }
}
