//! How texts and queries become terms: words (letters and digits),
//! lower-cased, accents and ligatures folded to ASCII (tantivy's
//! `AsciiFoldingFilter`: ä → a, ß → ss, ﬁ → fi), then stemmed with the
//! German Snowball stemmer.
//!
//! Folding alone would make "Grünfläche" `grunflache` and "Gruenflaeche"
//! `gruenflaeche`; but tantivy's German stemmer is Snowball's "german2",
//! which reads ae, oe, ue as ä, ö, ü before it stems and drops the umlaut
//! after: all three spellings (Grünfläche, Gruenflaeche, Grunflache) end as
//! `grunflach`, at index and query time alike. A filter of our own writing
//! umlauts out (ä → ae) was tried first and changed no term of the tests
//! below; it was dropped. The tests keep the stemmer to its word.

use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, TextAnalyzer,
    TokenStream,
};

/// The name the analyzer is registered under in the index.
pub const GERMAN: &str = "ratsinfo_de";

/// Words longer than this many bytes are left out (base64, hashes).
const MAX_WORD: usize = 60;

/// The analyzer of every text field and of the query.
pub fn german() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_WORD))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(Stemmer::new(Language::German))
        .build()
}

/// The analyzer without the stemmer: the word as typed, folded (for
/// prefixes, whose stem may be longer than the stem of the word they begin).
pub fn folded() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_WORD))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// The terms of `text`, in order, with their byte ranges in it.
pub fn terms(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(String, std::ops::Range<usize>)> {
    let mut out = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while stream.advance() {
        let t = stream.token();
        out.push((t.text.clone(), t.offset_from..t.offset_to));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        terms(&mut german(), text).into_iter().map(|(t, _)| t).collect()
    }

    #[test]
    fn umlauts_and_their_spellings_are_one_term() {
        assert_eq!(words("Grünfläche"), words("Gruenflaeche"));
        assert_eq!(words("Straße"), words("Strasse"));
        assert_eq!(words("STRASSE"), words("straße"));
        assert_eq!(words("Öffentlichkeit"), words("Oeffentlichkeit"));
        assert_eq!(words("Sanierungen"), words("Sanierung"));
        assert_eq!(words("Café"), words("Cafe"));
        // A ligature from a PDF is the two letters.
        assert_eq!(words("Speziﬁkation"), words("Spezifikation"));
        assert_eq!(words("Grünfläche"), words("Grunflache"));
        assert_eq!(words("Grünfläche"), ["grunflach"]);
        assert_eq!(words("Übergänge"), words("Uebergaenge"));
        assert_eq!(words("Maßnahmen"), words("Massnahme"));
        // Where ue is no umlaut, it stays as it is, whichever way written.
        assert_eq!(words("Mauer"), words("MAUER"));
        assert_ne!(words("Quelle"), words("Qülle"));
    }

    #[test]
    fn offsets_point_into_the_original_text() {
        let text = "Die Grünfläche an der Straße";
        let t = terms(&mut german(), text);
        assert_eq!(&text[t[1].1.clone()], "Grünfläche");
        assert_eq!(&text[t[4].1.clone()], "Straße");
    }
}
