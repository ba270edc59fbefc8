//! References between records, both ways: the Vorlage numbers a title or
//! text mentions ("Vorlage 2021/0832", "Drucksache Nr. 2021/0832": any
//! spelling, as long as the archive holds the number), the papers OParl
//! relates, and the paper family (the paper an amendment amends, by its
//! number: "2024/1088/1" amends "2024/1088").
//!
//! [`Backlinks`] is built once from the whole archive, on a worker after
//! loading (it reads every long text); opening a record then only looks up.

use std::ops::Range;

use crate::archive::Archive;
use crate::hash::HashMap;
use crate::model::{AuszugId, KoerperschaftId, RecordId, VorlageId};

/// Where in `text` numbers of Vorlagen of `k` that the archive holds stand,
/// and which Vorlage each is (the first of a number several share).
pub fn mentions(a: &Archive, k: KoerperschaftId, text: &str) -> Vec<(Range<usize>, VorlageId)> {
    let b = text.as_bytes();
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = memchr::memchr(b'/', &b[from..]).map(|i| from + i) {
        let start = b[..at].iter().rposition(|&c| !is_number_byte(c)).map_or(0, |i| i + 1);
        let mut end = at + b[at..].iter().position(|&c| !is_number_byte(c)).unwrap_or(b.len() - at);
        // A sentence may end right after the number.
        while end > at && matches!(b[end - 1], b'.' | b'-' | b'/') {
            end -= 1;
        }
        from = end.max(at + 1);
        let token = &text[start..end];
        if token.bytes().any(|c| c.is_ascii_digit())
            && let Some(v) = a.find_vorlage(k, token)
        {
            found.push((start..end, v));
        }
    }
    found
}

/// What a Vorlage number is made of: letters, digits and `/ . - _`.
fn is_number_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'/' | b'.' | b'-' | b'_')
}

/// The number a Vorlage amends by its own: "2024/1088" for "2024/1088/1",
/// "2021/0832" for "2021/0832-1"; none for a number of two parts.
fn amended_number(nummer: &str) -> Option<&str> {
    let (head, last) = nummer.rsplit_once(['/', '-'])?;
    let parts = nummer.split(['/', '-']).count();
    (parts >= 3 && !last.is_empty() && last.bytes().all(|c| c.is_ascii_digit())).then_some(head)
}

/// The references to each Vorlage from elsewhere in the archive.
#[derive(Debug, Default)]
pub struct Backlinks {
    /// Records that mention a Vorlage (in title or text) or relate to it
    /// (OParl), each once, in archive order.
    mentioned_in: HashMap<VorlageId, Vec<RecordId>>,
    /// The paper a Vorlage amends, and its amendments, by number.
    amends: HashMap<VorlageId, VorlageId>,
    amendments: HashMap<VorlageId, Vec<VorlageId>>,
}

impl Backlinks {
    /// Everything that refers to Vorlagen: titles, every long text (read
    /// from its file where it was left there), OParl relations, numbers.
    pub fn build(a: &Archive) -> Backlinks {
        let mut b = Backlinks::default();
        for (i, v) in a.vorlagen.iter().enumerate() {
            let id = VorlageId(i as u32);
            let me = RecordId::Vorlage(id);
            let mut texts = vec![v.betreff.to_string()];
            for t in [&v.beschlussvorschlag, &v.sachverhalt, &v.finanzielle_auswirkungen] {
                texts.extend(t.read().ok().map(|t| t.into_owned()));
            }
            for d in &v.anlagen {
                texts.extend(d.text.read().ok().map(|t| t.into_owned()));
            }
            b.add_mentions(a, v.koerperschaft, &texts, me, Some(id));
            for r in &v.verweise {
                if let Some(other) = r.vorlage.filter(|&o| o != id) {
                    b.add(other, me);
                    b.add(id, RecordId::Vorlage(other));
                }
            }
            if let Some(parent) = amended_number(&v.nummer).and_then(|n| a.find_vorlage(v.koerperschaft, n)) {
                b.amends.insert(id, parent);
                b.amendments.entry(parent).or_default().push(id);
            }
        }
        for (i, au) in a.auszuege.iter().enumerate() {
            let me = RecordId::Auszug(AuszugId(i as u32));
            let mut texts = vec![au.titel.to_string()];
            for t in [&au.beschluss, &au.wortprotokoll] {
                texts.extend(t.read().ok().map(|t| t.into_owned()));
            }
            b.add_mentions(a, au.koerperschaft, &texts, me, au.vorlage_ref);
        }
        b
    }

    fn add_mentions(
        &mut self,
        a: &Archive,
        k: KoerperschaftId,
        texts: &[String],
        from: RecordId,
        own: Option<VorlageId>,
    ) {
        for text in texts {
            for (_, v) in mentions(a, k, text) {
                // A record's own Vorlage is no mention of another.
                if Some(v) != own {
                    self.add(v, from);
                }
            }
        }
    }

    fn add(&mut self, to: VorlageId, from: RecordId) {
        let list = self.mentioned_in.entry(to).or_default();
        if !list.contains(&from) {
            list.push(from);
        }
    }

    /// Records that mention or relate to `v`.
    pub fn mentioned_in(&self, v: VorlageId) -> &[RecordId] {
        self.mentioned_in.get(&v).map_or(&[], Vec::as_slice)
    }

    /// The paper `v` amends, by its number.
    pub fn amends(&self, v: VorlageId) -> Option<VorlageId> {
        self.amends.get(&v).copied()
    }

    /// The amendments of `v`, by their numbers, in archive order.
    pub fn amendments(&self, v: VorlageId) -> &[VorlageId] {
        self.amendments.get(&v).map_or(&[], Vec::as_slice)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn archive(json: &str) -> Archive {
        crate::pipeline::finish(vec![crate::load::parse_bytes("t.json", json.as_bytes())], Vec::new())
    }

    const JSON: &str = r#"{"koerperschaft": "Stadt Herne", "vorlagen": [
        {"nummer": "2021/0832", "betreff": "Antrag"},
        {"nummer": "2022/0072", "betreff": "Bericht zum Prüfauftrag (Vorlage 2021/0832)",
         "sachverhalt": "Siehe Drucksache Nr. 2021/0832. Nicht 2021/9999, nicht 07.09.2021."},
        {"nummer": "2024/1088", "betreff": "Haushalt"},
        {"nummer": "2024/1088/1", "betreff": "Änderungsantrag zu 2024/1088"},
        {"nummer": "2024/1088/2", "betreff": "Zweiter Änderungsantrag"}],
      "auszuege": [{"gremium": "Rat", "datum": "2022-02-15", "titel": "Bericht 2022/0072 und 2021/0832", "vorlage": "2022/0072"}]}"#;

    #[test]
    fn numbers_held_are_found_in_any_spelling() {
        let a = archive(JSON);
        let k = a.vorlage(VorlageId(0)).koerperschaft;
        let text = "Siehe Drucksache Nr. 2021/0832. Nicht 2021/9999, nicht 07.09.2021; (Vorlage 2021/0832)";
        let found: Vec<&str> = mentions(&a, k, text).into_iter().map(|(r, _)| &text[r]).collect();
        assert_eq!(found, ["2021/0832", "2021/0832"]);
        assert!(mentions(&a, k, "2024/1088/1 und 2024/1088").iter().map(|(_, v)| v.0).eq([3, 2]));
        assert!(mentions(&a, k, "ohne Nummer / mit Schrägstrich //").is_empty());
    }

    #[test]
    fn backlinks_and_the_paper_family() {
        let a = archive(JSON);
        let b = Backlinks::build(&a);
        let v = |n: &str| a.find_nummer(n).next().unwrap();
        // 2021/0832 is mentioned by 2022/0072 (title and text, once) and by
        // the Auszug of 2022/0072; its own Vorlage is not a mention.
        assert_eq!(
            b.mentioned_in(v("2021/0832")),
            [RecordId::Vorlage(v("2022/0072")), RecordId::Auszug(AuszugId(0))]
        );
        assert!(b.mentioned_in(v("2022/0072")).is_empty(), "{:?}", b.mentioned_in(v("2022/0072")));
        assert_eq!(b.amends(v("2024/1088/1")), Some(v("2024/1088")));
        assert_eq!(b.amendments(v("2024/1088")), [v("2024/1088/1"), v("2024/1088/2")]);
        assert_eq!(b.amends(v("2024/1088")), None);
        assert_eq!(amended_number("2021/0832"), None);
        assert_eq!(amended_number("2021/0832-1"), Some("2021/0832"));
    }
}
