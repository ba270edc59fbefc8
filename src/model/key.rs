//! Stable keys: how a record is named across reloads, with more or fewer
//! files, in another order (FORMAT.md, "Identity"). Personal state (read
//! marks, notes) is stored by them, and `ratsinfo show` accepts them.
//!
//! A key has one written form, readable and injective: its kind, then its
//! parts, separated by `|`, with `\` and `|` inside a part escaped by `\`:
//!
//! ```text
//! oparl|https://ris.example.org/oparl/bodies/1/papers/51028
//! vorlage|Stadt Herne|2021/0832
//! sitzung|Stadt Herne|Rat der Stadt|2021-09-07|16:00
//! auszug|Stadt Herne|a-17                        (with its own id)
//! auszug|sitzung|Stadt Herne|Rat der Stadt|2013-06-06||Ö 2|Bericht|2013/0228
//! ```

use std::fmt;
use std::str::FromStr;

use super::Date;

/// What a record's source says it is.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Key {
    /// An OParl object: its `id`.
    Oparl(String),
    /// An export Vorlage: Körperschaft and `nummer`.
    Vorlage { koerperschaft: String, nummer: String },
    /// An export Sitzung: Körperschaft, Gremium, date and (where given)
    /// the time it began.
    Sitzung { koerperschaft: String, gremium: String, datum: Option<Date>, beginn: String },
    /// An export Auszug that carries an `id`.
    AuszugId { koerperschaft: String, id: String },
    /// An Auszug without one: its session's key, `top`, `titel`, `vorlage`.
    Auszug { sitzung: Box<Key>, top: String, titel: String, vorlage: String },
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts: Vec<String> = Vec::new();
        self.write_parts(&mut parts);
        f.write_str(&parts.join("|"))
    }
}

/// `part` with `\` and `|` escaped.
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

impl Key {
    fn write_parts(&self, out: &mut Vec<String>) {
        match self {
            Key::Oparl(id) => out.extend(["oparl".into(), escape(id)]),
            Key::Vorlage { koerperschaft, nummer } => {
                out.extend(["vorlage".into(), escape(koerperschaft), escape(nummer)])
            }
            Key::Sitzung { koerperschaft, gremium, datum, beginn } => out.extend([
                "sitzung".into(),
                escape(koerperschaft),
                escape(gremium),
                datum.map(|d| d.to_string()).unwrap_or_default(),
                escape(beginn),
            ]),
            Key::AuszugId { koerperschaft, id } => {
                out.extend(["auszug".into(), escape(koerperschaft), escape(id)])
            }
            Key::Auszug { sitzung, top, titel, vorlage } => {
                out.push("auszug".into());
                sitzung.write_parts(out);
                out.extend([escape(top), escape(titel), escape(vorlage)]);
            }
        }
    }
}

/// Why a written key could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyError(pub String);

impl fmt::Display for KeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Splits a written key at its unescaped `|`, unescaping each part.
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

impl FromStr for Key {
    type Err = KeyError;

    fn from_str(s: &str) -> Result<Key, KeyError> {
        let parts = split(s);
        let mut rest = parts.as_slice();
        let key = parse(&mut rest)?;
        if rest.is_empty() { Ok(key) } else { Err(KeyError(crate::strings::key_zu_viele_teile(s))) }
    }
}

fn parse(rest: &mut &[String]) -> Result<Key, KeyError> {
    let take = |rest: &mut &[String], n: usize| -> Result<Vec<String>, KeyError> {
        if rest.len() < n {
            return Err(KeyError(crate::strings::KEY_ZU_WENIGE_TEILE.to_owned()));
        }
        let (head, tail) = rest.split_at(n);
        *rest = tail;
        Ok(head.to_vec())
    };
    let kind = take(rest, 1)?.remove(0);
    Ok(match kind.as_str() {
        "oparl" => Key::Oparl(take(rest, 1)?.remove(0)),
        "vorlage" => {
            let [k, n] = <[String; 2]>::try_from(take(rest, 2)?).map_err(|_| KeyError("Vorlage".into()))?;
            Key::Vorlage { koerperschaft: k, nummer: n }
        }
        "sitzung" => {
            let [k, g, d, b] =
                <[String; 4]>::try_from(take(rest, 4)?).map_err(|_| KeyError("Sitzung".into()))?;
            let datum = match d.as_str() {
                "" => None,
                d => Some(Date::parse(d).ok_or_else(|| KeyError(crate::strings::key_ungueltiges_datum(d)))?),
            };
            Key::Sitzung { koerperschaft: k, gremium: g, datum, beginn: b }
        }
        "auszug" if rest.first().is_some_and(|p| p == "sitzung" || p == "oparl") => {
            let sitzung = Box::new(parse(rest)?);
            let [top, titel, vorlage] =
                <[String; 3]>::try_from(take(rest, 3)?).map_err(|_| KeyError("Auszug".into()))?;
            Key::Auszug { sitzung, top, titel, vorlage }
        }
        "auszug" => {
            let [k, id] = <[String; 2]>::try_from(take(rest, 2)?).map_err(|_| KeyError("Auszug".into()))?;
            Key::AuszugId { koerperschaft: k, id }
        }
        other => return Err(KeyError(crate::strings::key_unbekannte_art(other))),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sitzung(g: &str) -> Key {
        Key::Sitzung {
            koerperschaft: "Stadt Herne".into(),
            gremium: g.into(),
            datum: Date::new(2013, 6, 6),
            beginn: "16:00".into(),
        }
    }

    #[test]
    fn keys_are_written_readably_and_read_back() {
        let keys = [
            Key::Oparl("https://ris.example.org/oparl/bodies/1/papers/51028".into()),
            Key::Vorlage { koerperschaft: "Stadt Herne".into(), nummer: "2021/0832".into() },
            sitzung("Rat der Stadt"),
            Key::AuszugId { koerperschaft: "".into(), id: "a|17\\".into() },
            Key::Auszug {
                sitzung: Box::new(sitzung("Ausschuss | für \\ Soziales")),
                top: "Ö 2".into(),
                titel: "Bericht \"Migrantinnen\"".into(),
                vorlage: "".into(),
            },
            Key::Auszug {
                sitzung: Box::new(Key::Oparl("https://x/m/1".into())),
                top: "".into(),
                titel: "sitzung".into(),
                vorlage: "oparl".into(),
            },
        ];
        for k in &keys {
            let written = k.to_string();
            assert_eq!(written.parse::<Key>().as_ref(), Ok(k), "{written}");
        }
        assert_eq!(keys[1].to_string(), "vorlage|Stadt Herne|2021/0832");
        assert_eq!(keys[2].to_string(), "sitzung|Stadt Herne|Rat der Stadt|2013-06-06|16:00");
        assert!(keys[0].to_string().contains("papers/51028"));
        // All different keys are written differently.
        let written: std::collections::HashSet<String> = keys.iter().map(Key::to_string).collect();
        assert_eq!(written.len(), keys.len());
    }

    #[test]
    fn bad_keys_are_refused() {
        for s in ["", "vorlage|x", "sitzung|a|b|2021-02-30|", "frei|x", "oparl|a|b"] {
            assert!(s.parse::<Key>().is_err(), "{s}");
        }
    }
}
