//! JSON documents from untrusted files: parsing with plain-German errors,
//! repair of the two defects real exports carry, and line/column positions
//! for problems found after parsing.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::value::RawValue;

use super::lenient::{Notes, Seg};
use crate::problem::{Problem, Severity};

/// Line and column (both from 1; the column counts bytes, as serde_json does)
/// of byte `offset` in `bytes`.
pub fn position(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let column = before.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
    (line, column)
}

/// The document text after repairs, with the warnings that the repairs need.
/// Valid UTF-8 (checked once here, so the parser need not check each string).
pub struct Prepared<'a> {
    pub text: Cow<'a, str>,
    pub warnings: Vec<Problem>,
    /// The file's bytes without a byte-order mark.
    file: &'a [u8],
    /// The repairs' changes of length: of the UTF-8 repair, then of the
    /// repair of strings.
    shifts: [Shifts; 2],
}

impl Prepared<'_> {
    /// Places in the file of offsets in [`Prepared::text`].
    pub fn places(&self) -> Places<'_> {
        Places { parsed: self.text.as_bytes(), file: self.file, shifts: &self.shifts }
    }
}

/// Where a repair changed the length of the text: pairs of offsets (in the
/// repaired text, in the text before) at which the two agree, in order.
#[derive(Debug, Default, Clone)]
pub struct Shifts(Vec<(usize, usize)>);

impl Shifts {
    /// Notes that offset `out` of the repaired text is offset `input` of
    /// the text before: at the start and at the end of each replacement.
    fn mark(&mut self, out: usize, input: usize) {
        self.0.push((out, input));
    }

    /// The offset before the repair of `at`, an offset after it. Between
    /// two marks the texts agree byte for byte, or (where their lengths
    /// differ) one replaced the other: then it is the start of what was
    /// replaced.
    fn back(&self, at: usize) -> usize {
        let k = self.0.partition_point(|&(o, _)| o <= at);
        if k == 0 {
            return at;
        }
        let (o, i) = self.0[k - 1];
        match self.0.get(k) {
            Some(&(o2, i2)) if o2 - o != i2 - i => i,
            _ => i + (at - o),
        }
    }
}

/// How to name places in a file for offsets in the text that was parsed,
/// which is the file's after repairs: problems refer to the file as the
/// user has it.
pub struct Places<'a> {
    pub parsed: &'a [u8],
    file: &'a [u8],
    shifts: &'a [Shifts],
}

impl<'a> Places<'a> {
    /// A text parsed as the file holds it.
    pub fn plain(bytes: &'a [u8]) -> Places<'a> {
        Places { parsed: bytes, file: bytes, shifts: &[] }
    }

    /// Line and column in the file of each of `offsets` into the parsed text.
    pub fn positions(&self, offsets: &[usize]) -> Vec<(usize, usize)> {
        let in_file: Vec<usize> =
            offsets.iter().map(|&at| self.shifts.iter().rev().fold(at, |at, s| s.back(at))).collect();
        positions(self.file, &in_file)
    }

    /// The offset in the parsed text of serde_json's line and column.
    fn offset_of(&self, line: usize, column: usize) -> usize {
        let start = if line <= 1 {
            0
        } else {
            memchr::memchr_iter(b'\n', self.parsed).nth(line - 2).map_or(self.parsed.len(), |i| i + 1)
        };
        (start + column.saturating_sub(1)).min(self.parsed.len())
    }
}

/// The text of a file that needs no repair of its encoding: without a
/// byte-order mark, if valid UTF-8.
pub fn unrepaired(bytes: &[u8]) -> Option<&str> {
    utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes))
}

/// `bytes` as a `str`, if valid UTF-8. With SIMD: German text leaves the
/// standard library's ASCII fast path at every umlaut, and checking every
/// file took a tenth of loading.
pub fn utf8(bytes: &[u8]) -> Option<&str> {
    simdutf8::basic::from_utf8(bytes).ok()
}

/// Whether a string in `text` holds what [`prepare`] repairs.
pub fn needs_repair(text: &str) -> bool {
    string_defects(text.as_bytes()) != Defects::default()
}

/// Whether the inside of a JSON string holds a lone surrogate escape.
pub(crate) fn has_lone_surrogate(string: &[u8]) -> bool {
    let mut i = 0;
    while let Some(at) = string.get(i..).and_then(|rest| memchr::memchr(b'\\', rest)) {
        let (len, lone) = escape_at(&string[i + at..]);
        if lone {
            return true;
        }
        i += at + len;
    }
    false
}

/// Strips a UTF-8 byte-order mark and repairs what can be repaired without
/// guessing: invalid UTF-8 (replaced by U+FFFD), raw control characters
/// inside strings (escaped) and numbers too large for a float (made text),
/// each reported once with the first position.
/// The repairs' changes of length are kept, so that places in the repaired
/// text can be named in the file (see [`Places`]).
pub fn prepare<'a>(file: &str, bytes: &'a [u8]) -> Prepared<'a> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut warnings = Vec::new();
    let mut shifts = [Shifts::default(), Shifts::default()];
    let mut text: Cow<str> = match utf8(bytes) {
        Some(s) => Cow::Borrowed(s),
        None => {
            let valid_up_to = std::str::from_utf8(bytes).err().map_or(0, |e| e.valid_up_to());
            let (line, column) = position(bytes, valid_up_to);
            warnings.push(Problem::at(
                Severity::Warning,
                file,
                line,
                column,
                crate::strings::KEIN_UTF8.to_owned(),
            ));
            Cow::Owned(lossy_utf8(bytes, &mut shifts[0]))
        }
    };
    let defects = string_defects(text.as_bytes());
    for (first, message) in [
        (defects.raw_control, crate::strings::STEUERZEICHEN_REPARIERT),
        (defects.lone_surrogate, crate::strings::HALBES_SURROGAT),
        (defects.huge_number, crate::strings::ZAHL_ZU_GROSS),
    ] {
        if let Some(first) = first {
            let (line, column) = positions(bytes, &[shifts[0].back(first)])[0];
            warnings.push(Problem::at(Severity::Warning, file, line, column, message.to_owned()));
        }
    }
    if defects != Defects::default() {
        // Only ASCII is replaced, by ASCII: still UTF-8.
        let fixed = repair_strings(text.as_bytes(), &mut shifts[1]);
        text = Cow::Owned(
            String::from_utf8(fixed).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
        );
    }
    Prepared { text, warnings, file: bytes, shifts }
}

/// `bytes` with each invalid sequence replaced by U+FFFD, as
/// `String::from_utf8_lossy` does, noting the changes of length.
fn lossy_utf8(bytes: &[u8], shifts: &mut Shifts) -> String {
    let mut out = String::with_capacity(bytes.len() + 16);
    let mut read = 0;
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        read += chunk.valid().len();
        if !chunk.invalid().is_empty() {
            shifts.mark(out.len(), read);
            out.push('\u{FFFD}');
            read += chunk.invalid().len();
            shifts.mark(out.len(), read);
        }
    }
    out
}

/// Where the first of each defect is that [`prepare`] repairs.
#[derive(Debug, Default, PartialEq)]
struct Defects {
    /// A byte < 0x20, which JSON does not allow raw in a string.
    raw_control: Option<usize>,
    /// A number too large for a float (`1e400`) outside strings: the
    /// parser fails the whole document on it.
    huge_number: Option<usize>,
    /// A `\uD800`–`\uDFFF` escape that is not half of a pair: the parser
    /// rejects it, which would lose the rest of the file. (A parser that
    /// skips a string does not check it, so a text left in its file would
    /// load here and fail when read.)
    lone_surrogate: Option<usize>,
}

/// What the escape at the start of `bytes` (a backslash) stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Escape {
    /// A char, and the length of its escape: 2, 6, or 12 for a pair of
    /// surrogates.
    Char(char, usize),
    /// Half a surrogate pair (6 bytes): serde_json rejects it where it reads
    /// a string, and lets it through where it skips one.
    LoneSurrogate,
    /// What JSON does not allow.
    Invalid,
}

/// Reads the escape at the start of `bytes`, as JSON defines escapes.
pub(crate) fn escape(bytes: &[u8]) -> Escape {
    let hex = |at: usize| {
        bytes.get(at..at + 4)?.iter().try_fold(0u32, |n, &d| Some(n << 4 | (d as char).to_digit(16)?))
    };
    let c = match bytes.get(1) {
        Some(b'"') => '"',
        Some(b'\\') => '\\',
        Some(b'/') => '/',
        Some(b'b') => '\u{8}',
        Some(b'f') => '\u{c}',
        Some(b'n') => '\n',
        Some(b'r') => '\r',
        Some(b't') => '\t',
        Some(b'u') => {
            return match hex(2) {
                None => Escape::Invalid,
                Some(high @ 0xD800..=0xDBFF) => match hex(8) {
                    Some(low @ 0xDC00..=0xDFFF) if bytes.get(6..8) == Some(b"\\u") => {
                        let c = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
                        char::from_u32(c).map_or(Escape::Invalid, |c| Escape::Char(c, 12))
                    }
                    _ => Escape::LoneSurrogate,
                },
                Some(0xDC00..=0xDFFF) => Escape::LoneSurrogate,
                Some(c) => char::from_u32(c).map_or(Escape::Invalid, |c| Escape::Char(c, 6)),
            };
        }
        _ => return Escape::Invalid,
    };
    Escape::Char(c, 2)
}

/// How far to step over the escape at the start of `bytes`, and whether it
/// is a lone surrogate.
fn escape_at(bytes: &[u8]) -> (usize, bool) {
    match escape(bytes) {
        Escape::Char(_, len) => (len, false),
        Escape::LoneSurrogate => (6, true),
        Escape::Invalid => (2, false),
    }
}

/// Finds the defects of [`Defects`]: it jumps from quote to quote (and
/// backslash) with memchr and checks the spans between in bulk. Loading
/// runs it only on files that fail to parse.
fn string_defects(bytes: &[u8]) -> Defects {
    let mut found = Defects::default();
    let mut i = 0;
    // Outside a string: find where the next one opens.
    'strings: loop {
        let open = bytes.get(i..).and_then(|rest| memchr::memchr(b'"', rest));
        if found.huge_number.is_none() {
            let outside = &bytes[i.min(bytes.len())..open.map_or(bytes.len(), |o| i + o)];
            found.huge_number = huge_number(outside).map(|at| i + at);
        }
        let Some(open) = open else { break };
        i += open + 1;
        // Inside: up to the closing quote, stepping over escapes.
        loop {
            let Some(rest) = bytes.get(i..) else { break 'strings };
            let end = memchr::memchr2(b'"', b'\\', rest).unwrap_or(rest.len());
            if found.raw_control.is_none()
                && let Some(c) = rest[..end].iter().position(|&b| b < 0x20)
            {
                found.raw_control = Some(i + c);
            }
            match rest.get(end) {
                None => break 'strings,
                Some(b'\\') => {
                    let (len, lone) = escape_at(&rest[end..]);
                    if lone && found.lone_surrogate.is_none() {
                        found.lone_surrogate = Some(i + end);
                    }
                    i += end + len;
                }
                Some(_) => {
                    i += end + 1;
                    break;
                }
            }
        }
        if found.raw_control.is_some() && found.lone_surrogate.is_some() && found.huge_number.is_some() {
            break;
        }
    }
    found
}

/// The length of the run of number characters at the start of `bytes`.
fn number_run(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .position(|b| !matches!(b, b'0'..=b'9' | b'e' | b'E' | b'.' | b'+' | b'-'))
        .unwrap_or(bytes.len())
}

/// Whether a number token is beyond what a float holds: serde_json fails
/// the whole document on it ("number out of range"). Only long ones or
/// ones with an exponent can be.
fn is_huge(token: &[u8]) -> bool {
    (token.len() > 300 || token.iter().any(|b| matches!(b, b'e' | b'E')))
        && std::str::from_utf8(token).ok().and_then(|t| t.parse::<f64>().ok()).is_some_and(f64::is_infinite)
}

/// Where the first number too large for a float is, in `bytes` outside
/// strings.
fn huge_number(bytes: &[u8]) -> Option<usize> {
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'-' || bytes[i].is_ascii_digit() {
            let len = number_run(&bytes[i..]);
            if is_huge(&bytes[i..i + len]) {
                return Some(i);
            }
            i += len;
        } else {
            i += 1;
        }
    }
    None
}

/// Escapes raw control bytes and replaces lone surrogate escapes by
/// `\uFFFD`, inside strings, and puts numbers too large for a float in
/// quotes, noting the changes of length in `shifts`.
fn repair_strings(bytes: &[u8], shifts: &mut Shifts) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() + 64);
    let mut in_string = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if in_string {
            if b == b'\\' {
                let (len, lone) = escape_at(&bytes[i..]);
                let len = len.min(bytes.len() - i);
                if lone {
                    // Six bytes for six: no change of length.
                    out.extend_from_slice(b"\\ufffd");
                } else {
                    out.extend_from_slice(&bytes[i..i + len]);
                }
                i += len;
                continue;
            } else if b == b'"' {
                in_string = false;
            } else if b < 0x20 {
                shifts.mark(out.len(), i);
                out.extend_from_slice(format!("\\u{b:04x}").as_bytes());
                i += 1;
                shifts.mark(out.len(), i);
                continue;
            }
        } else if b == b'"' {
            in_string = true;
        } else if b == b'-' || b.is_ascii_digit() {
            // A number too large for a float becomes text, which its field
            // reports as a bad value.
            let len = number_run(&bytes[i..]);
            let token = &bytes[i..i + len];
            if is_huge(token) {
                shifts.mark(out.len(), i);
                out.push(b'"');
                out.extend_from_slice(token);
                out.push(b'"');
                shifts.mark(out.len(), i + len);
            } else {
                out.extend_from_slice(token);
            }
            i += len;
            continue;
        }
        out.push(b);
        i += 1;
    }
    out
}

/// Turns a serde_json error into a problem a council clerk can read; its
/// place is named in the file (`places`) of the text that was parsed.
pub fn syntax_problem(file: &str, places: &Places, e: &serde_json::Error) -> Problem {
    use crate::strings as s;
    use serde_json::error::Category;
    let first = places.parsed.iter().find(|b| !b.is_ascii_whitespace()).copied();
    let message = match e.classify() {
        Category::Eof if first.is_none() => s::DATEI_LEER.to_owned(),
        Category::Eof => s::DATEI_ABGESCHNITTEN.to_owned(),
        Category::Syntax if first == Some(b'<') => s::DATEI_IST_HTML.to_owned(),
        Category::Syntax if e.to_string().contains("recursion limit") => s::ZU_TIEF_VERSCHACHTELT.to_owned(),
        Category::Syntax => s::ungueltiges_json(&plain(e)),
        Category::Data => s::unerwarteter_aufbau(&plain(e)),
        Category::Io => s::lesefehler(&plain(e)),
    };
    // An empty file has no position worth naming; serde_json counts the
    // column of a line's start as 0, editors as 1.
    let (line, column) = if e.line() == 0 || first.is_none() {
        (None, None)
    } else {
        let (line, column) = places.positions(&[places.offset_of(e.line(), e.column().max(1))])[0];
        (Some(line), Some(column))
    };
    Problem { severity: Severity::Error, file: file.to_owned(), line, column, message }
}

/// serde_json's message without its own " at line … column …" suffix.
fn plain(e: &serde_json::Error) -> String {
    let s = e.to_string();
    let s = s.split(" at line ").next().unwrap_or(&s);
    crate::text::sanitize(s)
}

/// Attaches line and column to problems noted while deserializing `bytes`,
/// and adds one problem that counts those beyond [`super::lenient::MAX_NOTED`].
/// One walk over the document finds every place (each container is parsed
/// once, however many of its children are wanted), and one pass over the
/// bytes turns the places into lines and columns: per problem, a parse up
/// to it and a count of lines from the start made a file with a bad value
/// in each of 32,000 records take minutes.
pub fn locate(file: &str, places: &Places, notes: Notes) -> Vec<Problem> {
    let Notes { list, more_errors, more_warnings } = notes;
    let bytes = places.parsed;
    let mut offsets = vec![None; list.len()];
    if let Ok(root) = serde_json::from_slice::<&RawValue>(bytes) {
        let mut wanted: Vec<(usize, &[Seg])> =
            list.iter().enumerate().map(|(i, n)| (i, &n.path[..])).collect();
        wanted.sort_by(|a, b| a.1.cmp(b.1));
        resolve(bytes, root, &wanted, &mut offsets);
    }
    let found: Vec<usize> = offsets.iter().flatten().copied().collect();
    let mut found = places.positions(&found).into_iter();
    let mut problems: Vec<Problem> = list
        .into_iter()
        .zip(offsets)
        .map(|(n, offset)| {
            let place = offset.and_then(|_| found.next());
            Problem {
                severity: if n.error { Severity::Error } else { Severity::Warning },
                file: file.to_owned(),
                line: place.map(|p| p.0),
                column: place.map(|p| p.1),
                message: n.message,
            }
        })
        .collect();
    if more_errors + more_warnings > 0 {
        let severity = if more_errors > 0 { Severity::Error } else { Severity::Warning };
        let message = crate::strings::weitere_probleme(more_errors, more_warnings, problems.len());
        problems.push(Problem::new(severity, file, message));
    }
    problems
}

/// Line and column (as [`position`] counts them) of each of `offsets`, in
/// one pass over `bytes` whatever their order.
pub fn positions(bytes: &[u8], offsets: &[usize]) -> Vec<(usize, usize)> {
    let mut order: Vec<usize> = (0..offsets.len()).collect();
    order.sort_by_key(|&i| offsets[i]);
    let mut out = vec![(0, 0); offsets.len()];
    let (mut line, mut line_start, mut pos) = (1, 0, 0);
    for i in order {
        let at = offsets[i].min(bytes.len());
        for nl in memchr::memchr_iter(b'\n', &bytes[pos..at]) {
            line += 1;
            line_start = pos + nl + 1;
        }
        pos = at;
        out[i] = (line, at - line_start + 1);
    }
    out
}

/// `wanted` is sorted by path, so children of one container are adjacent.
/// Each container is parsed once here, into its list or map of children.
fn resolve(bytes: &[u8], raw: &RawValue, wanted: &[(usize, &[Seg])], out: &mut [Option<usize>]) {
    let here = raw.get().as_ptr() as usize - bytes.as_ptr() as usize;
    let mut list: Option<Vec<&RawValue>> = None;
    let mut map: Option<BTreeMap<Cow<str>, &RawValue>> = None;
    let mut i = 0;
    while i < wanted.len() {
        let (idx, path) = wanted[i];
        let Some(first) = path.first() else {
            out[idx] = Some(here);
            i += 1;
            continue;
        };
        let group_end = i + wanted[i..].iter().take_while(|(_, p)| p.first() == Some(first)).count();
        let child = match first {
            Seg::Key(k) => {
                map.get_or_insert_with(|| BTreeMap::deserialize(raw).unwrap_or_default()).get(*k).copied()
            }
            Seg::Index(n) => {
                list.get_or_insert_with(|| Vec::deserialize(raw).unwrap_or_default()).get(*n).copied()
            }
        };
        match child {
            Some(c) => {
                let group: Vec<(usize, &[Seg])> =
                    wanted[i..group_end].iter().map(|&(k, p)| (k, &p[1..])).collect();
                resolve(bytes, c, &group, out);
            }
            // The value is not where the path says (e.g. a single object
            // stood where a list belongs): point at the container.
            None => wanted[i..group_end].iter().for_each(|&(k, _)| out[k] = Some(here)),
        }
        i = group_end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_decode_as_json_says() {
        assert_eq!(escape(b"\\n"), Escape::Char('\n', 2));
        assert_eq!(escape(b"\\/"), Escape::Char('/', 2));
        assert_eq!(escape(b"\\u00e4"), Escape::Char('ä', 6));
        assert_eq!(escape(b"\\u00E4"), Escape::Char('ä', 6));
        assert_eq!(escape(b"\\uD83D\\uDE00"), Escape::Char('😀', 12));
        assert_eq!(escape(b"\\udbff\\udfff"), Escape::Char('\u{10FFFF}', 12));
        assert_eq!(escape(b"\\ud800x"), Escape::LoneSurrogate);
        assert_eq!(escape(b"\\ud800\\u0041"), Escape::LoneSurrogate);
        assert_eq!(escape(b"\\ud800\\u+c00"), Escape::LoneSurrogate);
        assert_eq!(escape(b"\\udc00"), Escape::LoneSurrogate);
        assert_eq!(escape(b"\\x"), Escape::Invalid);
        assert_eq!(escape(b"\\u12"), Escape::Invalid);
        assert_eq!(escape(b"\\u+123"), Escape::Invalid);
        assert_eq!(escape(b"\\"), Escape::Invalid);
    }

    #[test]
    fn positions_in_one_pass_agree_with_each_counted_alone() {
        let b = b"{\n  \"a\": 1,\n\n  \"b\": x\n}";
        let offsets = [17, 0, 4, 100, 13, 12, 4];
        let expected: Vec<_> = offsets.iter().map(|&o| position(b, o)).collect();
        assert_eq!(positions(b, &offsets), expected);
    }

    #[test]
    fn positions_count_lines_and_bytes() {
        let b = b"{\n  \"a\": 1,\n  \"b\": x\n}";
        assert_eq!(position(b, 0), (1, 1));
        assert_eq!(position(b, 4), (2, 3));
        let e = serde_json::from_slice::<serde_json::Value>(b).unwrap_err();
        let p = syntax_problem("f.json", &Places::plain(b), &e);
        assert_eq!((p.line, p.column), (Some(3), Some(8)));
    }

    fn first_raw_control_in_string(bytes: &[u8]) -> Option<usize> {
        string_defects(bytes).raw_control
    }

    #[test]
    fn raw_control_characters_in_strings_are_escaped() {
        let b = b"{\"a\": \"x\ty\x01\"}\n";
        assert_eq!(first_raw_control_in_string(b), Some(8));
        let fixed = repair_strings(b, &mut Shifts::default());
        let v: serde_json::Value = serde_json::from_slice(&fixed).unwrap();
        assert_eq!(v["a"], "x\ty\u{1}");
        assert_eq!(first_raw_control_in_string(b"{\"a\":\n\"b\\\"\"}"), None);
        assert_eq!(first_raw_control_in_string(b"[\"a\\\n\", \"b\tc\"]"), Some(10));
        assert_eq!(first_raw_control_in_string(b"\n\t\"ab"), None);
        assert_eq!(first_raw_control_in_string(b"\"\\"), None);
    }

    #[test]
    fn lone_surrogates_are_replaced_and_pairs_kept() {
        let b = br#"{"a": "x\ud800y", "b": "\uD83D\uDE00 \\ud800", "c": "\udc00\ud800\u0041", "d": "\ud8"#;
        let found = string_defects(b);
        assert_eq!(found, Defects { raw_control: None, huge_number: None, lone_surrogate: Some(8) });
        let fixed = String::from_utf8(repair_strings(b, &mut Shifts::default())).unwrap();
        let fixed = fixed.strip_suffix(r#", "d": "\ud8"#).unwrap().to_owned() + "}";
        let v: serde_json::Value = serde_json::from_str(&fixed).unwrap();
        assert_eq!(v["a"], "x\u{FFFD}y");
        assert_eq!(v["b"], "\u{1F600} \\ud800", "a pair, and an escaped backslash, stay");
        assert_eq!(v["c"], "\u{FFFD}\u{FFFD}A");
        assert!(has_lone_surrogate(br"x\ud800y") && has_lone_surrogate(br"\uDC00"));
        assert!(!has_lone_surrogate(br"\uD83D\uDE00 \\ud800 \n") && !has_lone_surrogate(br"\"));
        assert!(needs_repair(std::str::from_utf8(b).unwrap()) && !needs_repair(r#"{"a": "\u00e4\n"}"#));
        let p = prepare("f", b);
        assert_eq!(p.warnings.len(), 1);
        assert_eq!((p.warnings[0].line, p.warnings[0].column), (Some(1), Some(9)));
        assert!(p.warnings[0].message.contains("Surrogat"), "{}", p.warnings[0].message);
    }

    /// Bad bytes (one byte becomes three) and raw control characters (one
    /// becomes six) both shift the repaired text; places are the file's.
    #[test]
    fn places_in_the_repaired_text_are_named_in_the_file() {
        let file = b"\xEF\xBB\xBF{\"a\": \"\xFF\xFE\t\n\",\n \"b\": \"x\t\", \"c\": 1}";
        let p = prepare("f", file);
        let text = &*p.text;
        assert!(text.contains("\\u0009"), "{text}");
        let places = p.places();
        let at = |needle: &str| places.positions(&[text.find(needle).unwrap()])[0];
        let plain = &file[3..];
        let file_at =
            |needle: &[u8]| position(plain, plain.windows(needle.len()).position(|w| w == needle).unwrap());
        assert_eq!(at("\"c\""), file_at(b"\"c\""));
        assert_eq!(at("\"b\""), file_at(b"\"b\""));
        assert_eq!(at("\\u0009\\u000a"), file_at(b"\t\n"), "inside a replacement: its start");
        let warning = p.warnings.iter().find(|w| w.message.contains("Steuerzeichen")).unwrap();
        assert_eq!((warning.line.unwrap(), warning.column.unwrap()), file_at(b"\t\n"));
    }

    #[test]
    fn bom_is_stripped_and_bad_utf8_replaced() {
        let p = prepare("f", b"\xEF\xBB\xBF{}");
        assert_eq!(&*p.text, "{}");
        assert!(p.warnings.is_empty());
        let p = prepare("f", b"{\"a\": \"\xFF\"}");
        assert_eq!(p.warnings.len(), 1);
        assert_eq!((p.warnings[0].line, p.warnings[0].column), (Some(1), Some(8)));
        assert!(p.text.contains('\u{FFFD}'));
    }
}
