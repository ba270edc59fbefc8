//! How text is compared: lower case, and German umlauts and ß written out
//! (ä → ae, ö → oe, ü → ue, ß → ss), so that "strassenbahn" finds
//! "Straßenbahn" and "Ältestenrat" finds "Aeltestenrat", either way round.
//! Folding the searched text and the query alike makes both spellings one.
//!
//! Writing out changes lengths: [`fold_map`] keeps, per folded char, the
//! char of the original it came from, so that a match in the folded text
//! marks the right chars on screen.

/// `s` folded.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    fold_append(s, &mut out);
    out
}

/// `s` folded, and per char of the result the index of the char of `s` it
/// came from.
pub fn fold_map(s: &str) -> (String, Vec<u32>) {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    let mut map = Vec::with_capacity(s.len());
    let mut one = [0u8; 4];
    for (i, c) in s.chars().enumerate() {
        let start = out.len();
        fold_append(c.encode_utf8(&mut one), &mut out);
        let added = out[start..].chars().count();
        map.extend(std::iter::repeat_n(i as u32, added));
    }
    (out, map)
}

/// [`fold`] appended to `out`. ASCII and Latin-1 (umlauts, ß, and the
/// " · " between an entry's parts) take the short way, byte by byte:
/// Unicode's tables for every char were most of building the index.
pub fn fold_append(s: &str, out: &mut String) {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let run = b[i..].iter().position(|&c| c >= 0x80).unwrap_or(b.len() - i);
        let start = out.len();
        out.push_str(&s[i..i + run]);
        out[start..].make_ascii_lowercase();
        i += run;
        let Some(c) = s[i..].chars().next() else { break };
        i += c.len_utf8();
        let lower = match c {
            // Upper-case Latin-1 letters are 0x20 before their lower case;
            // × between them is no letter.
            'À'..='Þ' if c != '×' => char::from_u32(c as u32 + 0x20).unwrap_or(c),
            '\u{80}'..='\u{BF}' | '×' | 'ß'..='ÿ' => c,
            'ẞ' => 'ß',
            _ => c.to_lowercase().next().unwrap_or(c),
        };
        match lower {
            'ä' => out.push_str("ae"),
            'ö' => out.push_str("oe"),
            'ü' => out.push_str("ue"),
            'ß' => out.push_str("ss"),
            other => out.push(other),
        }
    }
}

/// Where `term` (folded) stands in `hay` (folded) at the start of a word:
/// at the start or after a char that is no letter or digit.
pub fn has_word_prefix(hay: &str, term: &str) -> bool {
    if term.is_empty() {
        return true;
    }
    memchr::memmem::find_iter(hay.as_bytes(), term.as_bytes())
        .any(|at| hay[..at].chars().next_back().is_none_or(|c| !c.is_alphanumeric()))
}

/// The chars of `text` that an occurrence of one of `terms` (folded)
/// covers, compared folded: per char of `text`, whether it is marked.
pub fn occurrences(text: &str, terms: &[String]) -> Vec<bool> {
    let n = text.chars().count();
    let mut marked = vec![false; n];
    if terms.iter().all(String::is_empty) {
        return marked;
    }
    let (folded, map) = fold_map(text);
    for t in terms.iter().filter(|t| !t.is_empty()) {
        for at in memchr::memmem::find_iter(folded.as_bytes(), t.as_bytes()) {
            // Byte offsets to char offsets in the folded text.
            if !folded.is_char_boundary(at) || !folded.is_char_boundary(at + t.len()) {
                continue;
            }
            let first = folded[..at].chars().count();
            let len = t.chars().count();
            for &src in &map[first..first + len] {
                marked[src as usize] = true;
            }
        }
    }
    marked
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn umlauts_and_sharp_s_are_written_out_both_ways() {
        assert_eq!(fold("ÄLTESTENRAT Straße"), "aeltestenrat strasse");
        assert_eq!(fold("Aeltestenrat STRASSE"), "aeltestenrat strasse");
        assert_eq!(fold("Über Öfen"), "ueber oefen");
        assert_eq!(fold("GROẞ"), "gross");
        assert_eq!(fold("ΣΊΣΥΦΟΣ"), "σίσυφοσ");
    }

    #[test]
    fn the_map_leads_back_to_the_original_chars() {
        let (f, map) = fold_map("Aß Ö");
        assert_eq!(f, "ass oe");
        assert_eq!(map, [0, 1, 1, 2, 3, 3]);
        assert_eq!(map.len(), f.chars().count());
    }

    #[test]
    fn occurrences_mark_the_original_chars() {
        let marked = occurrences("Die Straßenbahn", &[fold("strassen")]);
        let shown: String =
            "Die Straßenbahn".chars().zip(&marked).filter(|(_, m)| **m).map(|(c, _)| c).collect();
        assert_eq!(shown, "Straßen");
        let marked = occurrences("Aeltestenrat", &[fold("älte")]);
        assert_eq!(marked.iter().filter(|m| **m).count(), 5);
    }

    #[test]
    fn word_prefixes() {
        assert!(has_word_prefix("bericht zum turmberg", "turm"));
        assert!(has_word_prefix("turmbergbahn", "turm"));
        assert!(!has_word_prefix("sturm", "turm"));
        assert!(has_word_prefix("(turm)", "turm"));
        assert!(has_word_prefix("2021/0832 · x", "0832"));
    }
}
