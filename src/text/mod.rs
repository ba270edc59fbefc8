//! Cleaning of untrusted text.
//!
//! Everything that comes from data passes through here once, at load time
//! (a long text left in its file: when it is read, see
//! [`crate::long_text`]), so that the rest of the program can draw it
//! without further checks: no
//! control character (except the newline) and no bidi or zero-width
//! formatting character survives, no-break spaces become spaces, runs of
//! blanks shrink to one, and paragraphs are separated by exactly one blank
//! line.

pub mod scan;

use std::path::Path;

use compact_str::CompactString;

/// What a character becomes on screen.
enum Class {
    /// Kept as it is.
    Keep,
    /// Counts as a blank (collapsed with its neighbours).
    Blank,
    /// Ends a line.
    Newline,
    /// Dropped without trace: invisible formatting that could reorder or hide
    /// text (bidi controls, zero-width characters, soft hyphens).
    Drop,
    /// A control character, shown as a visible stand-in so that nothing is
    /// hidden from the reader and nothing reaches the terminal raw.
    Visible(char),
}

#[inline]
fn classify(c: char) -> Class {
    // Most chars of German text: printable ASCII and Latin letters, none of
    // which is special. Checked first because this runs on every char of
    // every text that needs cleaning.
    if matches!(c, '!'..='~' | '\u{AE}'..='\u{034E}') {
        return Class::Keep;
    }
    classify_rest(c)
}

fn classify_rest(c: char) -> Class {
    match c {
        '\n' | '\u{2028}' | '\u{2029}' | '\u{0B}' | '\u{0C}' | '\u{85}' => Class::Newline,
        ' ' | '\t' | '\u{A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' => {
            Class::Blank
        }
        '\r' => Class::Drop,
        // C0 controls and DEL: make them visible as the Unicode "control
        // pictures" (ESC → ␛), so hostile escape sequences show as inert text.
        '\u{00}'..='\u{1F}' => Class::Visible(char::from_u32(0x2400 + c as u32).unwrap_or('\u{FFFD}')),
        '\u{7F}' => Class::Visible('\u{2421}'),
        // C1 controls (including the 8-bit CSI and OSC introducers).
        '\u{80}'..='\u{9F}' => Class::Visible('\u{FFFD}'),
        '\u{AD}'
        | '\u{034F}'
        | '\u{061C}'
        | '\u{115F}'
        | '\u{1160}'
        | '\u{17B4}'
        | '\u{17B5}'
        | '\u{180E}'
        | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{206F}'
        | '\u{FEFF}'
        | '\u{FFF9}'..='\u{FFFB}'
        | '\u{E0000}'..='\u{E007F}' => Class::Drop,
        // Unassigned/private surrogates cannot occur in a `str`; everything
        // else is ordinary text.
        _ => Class::Keep,
    }
}

/// True when `s` is already in the form [`clean_text`] produces, so that the
/// common case costs one scan and no allocation. Works on bytes: printable
/// ASCII and the two-byte chars of Latin-1 letters (lead byte 0xC3: À to ÿ,
/// the umlauts and ß) are never special and take one comparison; other
/// chars are decoded and classified.
fn is_clean_text(s: &str) -> bool {
    is_clean(s, true)
}

/// [`is_clean_text`], and with `paragraphs` false also without line breaks.
fn is_clean(s: &str, paragraphs: bool) -> bool {
    let b = s.as_bytes();
    // Nearly every one-line value of an archive is plainly clean, and this
    // tells it sixteen bytes at a time.
    if !paragraphs && scan::plainly_clean_line(b) {
        return true;
    }
    let mut prev_blank = false;
    let mut line_start = true;
    let mut newlines = 0usize;
    let mut at_start = true;
    let mut i = 0;
    while i < b.len() {
        let byte = b[i];
        if (0x21..=0x7E).contains(&byte) {
            // Most of any text: a run of printable ASCII, one comparison a byte.
            i += 1 + b[i + 1..].iter().position(|b| !(0x21..=0x7E).contains(b)).unwrap_or(b.len() - i - 1);
            prev_blank = false;
            line_start = false;
            newlines = 0;
            at_start = false;
            continue;
        }
        let (class, c, len) = match byte {
            0xC3 => (Class::Keep, ' ', 2),
            b' ' => (Class::Blank, ' ', 1),
            b'\n' => (Class::Newline, '\n', 1),
            0x00..=0x7F => return false,
            _ => {
                let c = s[i..].chars().next().unwrap_or('\u{FFFD}');
                (classify(c), c, c.len_utf8())
            }
        };
        i += len;
        match class {
            Class::Keep => {
                prev_blank = false;
                line_start = false;
                newlines = 0;
                at_start = false;
            }
            Class::Blank => {
                if c != ' ' || prev_blank || line_start {
                    return false;
                }
                prev_blank = true;
            }
            Class::Newline => {
                if !paragraphs || c != '\n' || at_start || prev_blank || newlines >= 2 {
                    return false;
                }
                newlines += 1;
                line_start = true;
            }
            Class::Drop | Class::Visible(_) => return false,
        }
    }
    !prev_blank && newlines == 0
}

/// Whether `s` holds a char that [`classify`] calls a newline: LF, VT, FF,
/// NEL (C2 85), LS and PS (E2 80 A8/A9). On bytes, without decoding.
fn has_newline(s: &str) -> bool {
    let b = s.as_bytes();
    b.iter().enumerate().any(|(i, &x)| match x {
        b'\n' | 0x0B | 0x0C => true,
        0xC2 => b.get(i + 1) == Some(&0x85),
        0xE2 => b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0xA8 | 0xA9)),
        _ => false,
    })
}

/// Cleans a multi-line text (Sachverhalt, Beschluss, …): lines are trimmed,
/// blanks collapsed, paragraphs separated by exactly one blank line, empty
/// paragraphs (also those of only no-break spaces) dropped.
pub fn clean_text(s: String) -> String {
    if is_clean_text(&s) {
        return s;
    }
    clean_dirty(&s)
}

/// [`clean_text`] of a borrowed text: copies it once, cleaned or not.
pub fn clean_text_str(s: &str) -> String {
    if is_clean_text(s) { s.to_owned() } else { clean_dirty(s) }
}

fn clean_dirty(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut pending_blank = false;
    let mut pending_newlines = 0usize;
    // Separates what was written from the next kept text.
    let separate = |out: &mut String, blank: bool, newlines: usize| {
        if !out.is_empty() {
            if newlines >= 2 {
                out.push_str("\n\n");
            } else if newlines == 1 {
                out.push('\n');
            } else if blank {
                out.push(' ');
            }
        }
    };
    let mut i = 0;
    while i < b.len() {
        // A run of chars that are kept as they are (printable ASCII, Latin
        // letters) is copied at once: most of any text.
        // A single blank between two such chars stays as it is too.
        let start = i;
        while i < b.len() {
            match b[i] {
                0x21..=0x7E => i += 1,
                0xC3 => i += 2,
                b' ' if i > start && matches!(b.get(i + 1), Some(0x21..=0x7E | 0xC3)) => i += 1,
                _ => break,
            }
        }
        if i > start {
            separate(&mut out, pending_blank, pending_newlines);
            out.push_str(&s[start..i]);
            pending_blank = false;
            pending_newlines = 0;
            continue;
        }
        let c = s[i..].chars().next().unwrap_or('\u{FFFD}');
        i += c.len_utf8();
        let keep = match classify(c) {
            Class::Keep => c,
            Class::Visible(v) => v,
            Class::Drop => continue,
            Class::Blank => {
                pending_blank = true;
                continue;
            }
            Class::Newline => {
                pending_blank = false;
                pending_newlines += 1;
                continue;
            }
        };
        separate(&mut out, pending_blank, pending_newlines);
        pending_blank = false;
        pending_newlines = 0;
        out.push(keep);
    }
    out
}

/// Cleans a one-line value (Betreff, Gremium, …): like [`clean_text`], but
/// line breaks become blanks.
pub fn clean_line(s: String) -> String {
    if is_clean(&s, false) {
        return s;
    }
    if !has_newline(&s) {
        return clean_text(s);
    }
    clean_text(s.chars().map(|c| if matches!(classify(c), Class::Newline) { ' ' } else { c }).collect())
}

/// [`clean_line`] of a borrowed value, into a `CompactString`: a value that
/// is clean already (nearly all) is copied once, and not at all onto the
/// heap when short.
pub fn clean_line_str(s: &str) -> CompactString {
    if is_clean(s, false) { CompactString::new(s) } else { clean_line(s.to_owned()).into() }
}

/// `c` as one char that is safe on one line of the terminal: blanks and
/// line ends become a space, invisible formatting too (it must not reorder
/// what is around it), control characters their visible stand-in. For text
/// whose char positions must hold (marks computed before).
pub fn one_line_char(c: char) -> char {
    match classify(c) {
        Class::Keep => c,
        Class::Blank | Class::Newline | Class::Drop => ' ',
        Class::Visible(v) => v,
    }
}

/// Cleans text for a single line of terminal output that did not come
/// through the loaders (file names, error messages quoting data).
pub fn sanitize(s: &str) -> String {
    clean_line(s.to_owned())
}

/// `s` with what is not printable written as an escape, and everything
/// printable (runs of blanks included) as it is, so that two different
/// texts never look the same: for what names things rather than tells
/// them (file names, echoed arguments), where cleaning like data's would
/// make `Rat  2024.json` and `Rat 2024.json` one name, and drop the U+202E
/// of a name that then shows as a file that does not exist. Control
/// characters become `\n`, `\t`, `\r` or `\u{1b}`; blanks other than the
/// space, bidi and zero-width characters `\u{…}`; the backslash `\\`.
pub fn escape_unprintable(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_escaped(&mut out, s);
    out
}

fn push_escaped(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            ' ' => out.push(' '),
            c if matches!(classify(c), Class::Keep) => out.push(c),
            c => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
        }
    }
}

/// A file name as shown to users: the path as given, with what is not
/// printable escaped (see [`escape_unprintable`]), and bytes that are no
/// UTF-8 as `\xFF`.
pub fn display_name(path: &Path) -> String {
    use std::os::unix::ffi::OsStrExt;
    let mut out = String::new();
    for chunk in path.as_os_str().as_bytes().utf8_chunks() {
        push_escaped(&mut out, chunk.valid());
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> String {
        clean_text(s.to_owned())
    }

    #[test]
    fn clean_text_is_left_alone() {
        let s = "Erster Absatz.\n\nZweiter Absatz mit Umlauten: äöü ß.";
        assert_eq!(text(s), s);
        assert!(is_clean_text(s));
    }

    #[test]
    fn no_break_spaces_and_runs_of_blanks_collapse() {
        assert_eq!(text("a\u{A0}\u{A0} b\t\tc  "), "a b c");
    }

    #[test]
    fn empty_paragraphs_of_no_break_spaces_disappear() {
        let s = "Beschlussvorschlag:\n\u{A0}\n\nDie Fraktionen\n\n\u{A0}\n\n\u{A0} \u{A0}\n\nbeauftragen";
        assert_eq!(text(s), "Beschlussvorschlag:\n\nDie Fraktionen\n\nbeauftragen");
    }

    #[test]
    fn single_line_breaks_are_kept() {
        assert_eq!(text("Der Oberbürgermeister\nIn Vertretung"), "Der Oberbürgermeister\nIn Vertretung");
    }

    #[test]
    fn crlf_becomes_lf() {
        assert_eq!(text("a\r\n\r\nb\r\nc"), "a\n\nb\nc");
    }

    #[test]
    fn escape_sequences_become_visible_and_inert() {
        let s = text("x\u{1B}]52;c;ZXZpbA==\u{07}y\u{1B}[31mrot\u{9B}2J");
        assert!(!s.chars().any(|c| c.is_control()), "{s:?}");
        assert_eq!(s, "x␛]52;c;ZXZpbA==␇y␛[31mrot\u{FFFD}2J");
    }

    #[test]
    fn bidi_and_zero_width_are_dropped() {
        assert_eq!(text("a\u{202E}b\u{2066}c\u{200B}d\u{FEFF}e\u{AD}f"), "abcdef");
    }

    #[test]
    fn lines_are_trimmed() {
        assert_eq!(text("  a  \n  b  "), "a\nb");
    }

    #[test]
    fn clean_line_joins_lines() {
        assert_eq!(clean_line("Rat der\n Stadt\u{A0}".to_owned()), "Rat der Stadt");
        assert_eq!(clean_line("2021/0832".to_owned()), "2021/0832");
        assert_eq!(clean_line(" x".to_owned()), "x");
    }

    /// The cleaning rules, char by char: what `clean_text` did before it
    /// copied runs of plain text at once.
    fn clean_text_by_chars(s: &str) -> String {
        let mut out = String::new();
        let (mut pending_blank, mut pending_newlines) = (false, 0);
        for c in s.chars() {
            let keep = match classify(c) {
                Class::Keep => c,
                Class::Visible(v) => v,
                Class::Drop => continue,
                Class::Blank => {
                    pending_blank = true;
                    continue;
                }
                Class::Newline => {
                    pending_blank = false;
                    pending_newlines += 1;
                    continue;
                }
            };
            if !out.is_empty() {
                if pending_newlines >= 2 {
                    out.push_str("\n\n");
                } else if pending_newlines == 1 {
                    out.push('\n');
                } else if pending_blank {
                    out.push(' ');
                }
            }
            pending_blank = false;
            pending_newlines = 0;
            out.push(keep);
        }
        out
    }

    #[test]
    fn the_byte_scan_agrees_with_the_char_rules() {
        // Every char up to U+3100 and a few beyond, alone and between
        // letters and blanks: the fast checks must say what cleaning does.
        let mut chars: Vec<char> = (0u32..0x3100).filter_map(char::from_u32).collect();
        chars.extend(['\u{FEFF}', '\u{FFF9}', '\u{E0001}', '\u{1F600}']);
        for c in chars {
            for s in [
                format!("{c}"),
                format!("a{c}b"),
                format!("a {c} b"),
                format!("ä{c}\nß"),
                format!("x\n\n{c}"),
            ] {
                assert_eq!(clean_text(s.clone()), clean_text_by_chars(&s), "{s:?}");
                assert_eq!(is_clean_text(&s), clean_text(s.clone()) == s, "{s:?}");
                assert_eq!(is_clean(&s, false), clean_line(s.clone()) == s, "{s:?}");
                assert_eq!(clean_line_str(&s), clean_line(s.clone()), "{s:?}");
                let newline = s.chars().any(|c| matches!(classify(c), Class::Newline));
                assert_eq!(has_newline(&s), newline, "{s:?}");
            }
        }
    }

    #[test]
    fn names_keep_what_is_printable_and_escape_the_rest() {
        use std::os::unix::ffi::OsStrExt;
        let name = |b: &[u8]| display_name(Path::new(std::ffi::OsStr::from_bytes(b)));
        assert_eq!(name("Rat  2024.json".as_bytes()), "Rat  2024.json");
        assert_eq!(name("Rat 2024.json".as_bytes()), "Rat 2024.json");
        assert_eq!(name("a\u{202e}b\u{a0}c\u{200b}d".as_bytes()), r"a\u{202e}b\u{a0}c\u{200b}d");
        assert_eq!(name(b"x\x1b]0;y\x07\n\t\\.json"), r"x\u{1b}]0;y\u{7}\n\t\\.json");
        assert_eq!(name(b"Stra\xdfe.json"), r"Stra\xDFe.json");
        assert_eq!(name("Größe ä ß €.json".as_bytes()), "Größe ä ß €.json");
        let all: String = (0u32..0x3000).filter_map(char::from_u32).collect();
        let shown = escape_unprintable(&all);
        assert!(!shown.chars().any(|c| c.is_control() || !matches!(classify(c), Class::Keep | Class::Blank)));
    }

    #[test]
    fn output_never_holds_control_characters() {
        let nasty: String = (0u32..0x300).filter_map(char::from_u32).collect();
        for s in [text(&nasty), clean_line(nasty.clone())] {
            assert!(!s.chars().any(|c| c.is_control() && c != '\n'), "{s:?}");
        }
    }
}
