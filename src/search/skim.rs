//! skim's V2 score as fuzzy-matcher 0.3.7 computes it for
//! `SkimMatcherV2::default().respect_case().fuzzy_match(hay, pattern)`, step
//! for step (the two-row matrix, including how it carries bonuses over from
//! two rows back), so that ranking stays what it was. The crate's version
//! allocates on every call and goes through thread-local caches; scoring
//! 200k entries per keystroke made that the cost of searching. It also
//! reuses its matrix across calls and in one case reads a bonus left by the
//! previous call, so the same entry could score differently depending on
//! what its thread scored before; here every call starts from the state of
//! a fresh matcher. The test `scores_equal_skims` holds the two together.

const NEG: i32 = i16::MIN as i32;
const SCORE_MATCH: i32 = 16;
const GAP_START: i32 = -3;
const GAP_EXTENSION: i32 = -1;
const BONUS_FIRST_CHAR_MULTIPLIER: i32 = 2;
const BONUS_HEAD: i32 = SCORE_MATCH / 2;
const BONUS_BREAK: i32 = SCORE_MATCH / 2 + GAP_EXTENSION;
const BONUS_CAMEL: i32 = SCORE_MATCH / 2 + 2 * GAP_EXTENSION;
const BONUS_CONSECUTIVE: i32 = -(GAP_START + GAP_EXTENSION);

#[derive(Clone, Copy)]
struct Cell {
    m: i32,
    p: i32,
    bonus: i32,
}

const RESET: Cell = Cell { m: NEG, p: NEG, bonus: 0 };

/// Buffers reused from one entry to the next (one per thread).
#[derive(Default)]
pub struct Scratch {
    chars: Vec<char>,
    bonus: Vec<i32>,
    first: Vec<usize>,
    rows: [Vec<Cell>; 2],
}

#[derive(Clone, Copy, PartialEq)]
enum Type {
    Empty,
    Upper,
    Lower,
    Number,
    HardSep,
    SoftSep,
}

fn type_of(c: char) -> Type {
    match c {
        '\0' => Type::Empty,
        ' ' | '/' | '\\' | '|' | '(' | ')' | '[' | ']' | '{' | '}' => Type::HardSep,
        '!'..='\'' | '*'..='.' | ':'..='@' | '^'..='`' | '~' => Type::SoftSep,
        '0'..='9' => Type::Number,
        'A'..='Z' => Type::Upper,
        _ => Type::Lower,
    }
}

fn in_place_bonus(prev: Type, cur: Type) -> i32 {
    match (prev, cur) {
        (Type::Empty, _) | (Type::HardSep, _) => BONUS_HEAD,
        (Type::SoftSep, _) => BONUS_BREAK,
        (Type::Lower, Type::Upper) | (Type::Number, Type::Upper) => BONUS_CAMEL,
        _ => 0,
    }
}

/// skim's score of `pattern` in `hay`, and the best value of any cell
/// of its matrix (the bound a longer pattern grows from).
pub fn score(s: &mut Scratch, hay: &str, pattern: &[char]) -> Option<(i64, i32)> {
    if pattern.is_empty() {
        return Some((0, 0));
    }
    if let [c] = pattern {
        return single(hay, *c).map(|b| (i64::from(b), b));
    }
    s.chars.clear();
    s.chars.extend(hay.chars());
    let choice = &s.chars[..];
    // The first position of each pattern char, greedily.
    s.first.clear();
    let mut pi = 0;
    for (idx, &c) in choice.iter().enumerate() {
        if pi == pattern.len() {
            break;
        }
        if c == pattern[pi] {
            s.first.push(idx);
            pi += 1;
        }
    }
    if pi < pattern.len() {
        return None;
    }
    let first = &s.first[..];
    let cols = choice.len() + 1;
    s.bonus.clear();
    s.bonus.resize(cols, 0);
    let mut prev = Type::Empty;
    for (j, &c) in choice.iter().enumerate() {
        let t = type_of(c);
        s.bonus[j + 1] = in_place_bonus(prev, t);
        prev = t;
    }
    if cols > 1 {
        s.bonus[1] *= BONUS_FIRST_CHAR_MULTIPLIER;
    }
    let [r0, r1] = &mut s.rows;
    r0.clear();
    r0.resize(cols, Cell { p: GAP_EXTENSION, ..RESET });
    r1.clear();
    r1.resize(cols, RESET);
    let mut best = NEG;
    for (i, &p_ch) in pattern.iter().enumerate() {
        // Row i+1 of the matrix lives in rows[(i+1) & 1].
        let (row, prev_row) = if i & 1 == 0 { (&mut *r1, &*r0) } else { (&mut *r0, &*r1) };
        let to_skip = first[i];
        for col in to_skip + 1..cols {
            let c_ch = choice[col - 1];
            if c_ch == p_ch {
                let prev_match = prev_row[col - 1].m;
                let prev_skip = prev_row[col - 1].p;
                let in_place = s.bonus[col];
                let consecutive = row[col - 1].bonus.max(in_place.max(BONUS_CONSECUTIVE));
                row[col - 1].bonus = consecutive;
                let m = (prev_match + consecutive).max(prev_skip + in_place) + SCORE_MATCH;
                row[col].m = m;
                best = best.max(m);
            } else {
                row[col].m = NEG;
                row[col].bonus = 0;
            }
            let left = row[col - 1];
            row[col].p = (GAP_START + GAP_EXTENSION + left.m).max(GAP_EXTENSION + left.p);
        }
    }
    let last = if pattern.len() & 1 == 1 { &*r1 } else { &*r0 };
    let score = last[first[pattern.len() - 1]..].iter().map(|c| c.m).max()?;
    Some((i64::from(score), best))
}

/// How far the best cell of the matrix of `term` in `hay` can be above
/// that of its first `from` chars (`from` ≥ 1), or None unless `term`
/// matches. The row of an added char starts at the char's first
/// possible position; a match there or later adds 16 plus either the
/// in-place bonus less a gap of at least 4, or (right after a match of
/// the char before it in the term) the consecutive bonus: the larger of
/// 4, the in-place bonus, and the bonus the row carries at that column.
/// The carried bonus never exceeds the larger of 4 and that column's
/// in-place bonus (only a match in that same column writes it, as the
/// consecutive bonus computed there), so it adds nothing. No in-place
/// bonus beyond the first column exceeds 8: no char adds more than 24,
/// and in most texts the best a char can add is 20, which is what it
/// adds where the term appears whole.
pub fn growth(hay: &str, term: &[char], from: usize) -> Option<i32> {
    let bytes = hay.as_bytes();
    let mut at = 0;
    let mut total = 0;
    for (i, &c) in term.iter().enumerate() {
        let mut buf = [0; 4];
        let enc = c.encode_utf8(&mut buf).as_bytes();
        let first = at + find(&bytes[at..], enc)?;
        at = first + enc.len();
        if i >= from.max(1) {
            total += added(bytes, first, enc, term[i - 1], c);
        }
    }
    Some(total)
}

/// skim's score of the two-char pattern `[x, y]` and its best cell, as
/// [`score`] gives them, without the matrix: row 1 holds 15 plus the
/// in-place bonus at each x; a y right after an x adds 16 plus the
/// consecutive bonus to it (the larger of 4 and its in-place bonus, see
/// [`growth`]), a y further on adds 16 plus its in-place bonus to the
/// best x before it less the gap (3 plus its length in chars). Visits
/// only the x and y in the text: the entries that a term's second char
/// leaves pending are scored this way.
pub fn pair(hay: &str, x: char, y: char) -> Option<(i64, i32)> {
    let bytes = hay.as_bytes();
    let mut best_x = NEG;
    let mut score = NEG;
    // The last x: (its cell, its char position).
    let mut last: Option<(i32, i32)> = None;
    // The best of (cell + char position) over the x before the last.
    let mut older = NEG;
    let (mut cp, mut counted) = (0i32, 0usize);
    let mut visit = |b: usize, c: char| {
        // Char position of byte b: the bytes before it less their
        // continuation bytes.
        cp += bytes[counted..b].iter().filter(|&&v| v & 0xC0 != 0x80).count() as i32;
        counted = b;
        let prev = match b {
            0 => Type::Empty,
            _ if bytes[b - 1] < 0x80 => type_of(bytes[b - 1] as char),
            _ => Type::Lower,
        };
        let in_place =
            in_place_bonus(prev, type_of(c)) * if b == 0 { BONUS_FIRST_CHAR_MULTIPLIER } else { 1 };
        if c == y
            && let Some((m, at)) = last
        {
            let mut cell = NEG;
            if at + 1 == cp {
                cell = m + in_place.max(BONUS_CONSECUTIVE);
            } else {
                cell = cell.max(m + at - 2 - cp + in_place);
            }
            if older > NEG {
                cell = cell.max(older - 2 - cp + in_place);
            }
            score = score.max(cell + SCORE_MATCH);
        }
        if c == x {
            if let Some((m, at)) = last {
                older = older.max(m + at);
            }
            let m = SCORE_MATCH + GAP_EXTENSION + in_place;
            best_x = best_x.max(m);
            last = Some((m, cp));
        }
    };
    match (x.is_ascii(), y.is_ascii()) {
        (true, true) if x == y => memchr::memchr_iter(x as u8, bytes).for_each(|b| visit(b, x)),
        (true, true) => {
            memchr::memchr2_iter(x as u8, y as u8, bytes).for_each(|b| visit(b, bytes[b] as char))
        }
        _ => hay.char_indices().filter(|&(_, c)| c == x || c == y).for_each(|(b, c)| visit(b, c)),
    }
    (score > NEG).then_some((i64::from(score), best_x.max(score)))
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    match needle {
        [b] => memchr::memchr(*b, hay),
        _ => memchr::memmem::find(hay, needle),
    }
}

/// The most a match of `c` (after `pc` in the term) at byte `first` or
/// later adds to the best cell; `first` > 0.
fn added(bytes: &[u8], first: usize, enc: &[u8], pc: char, c: char) -> i32 {
    const MOST: i32 = SCORE_MATCH + BONUS_HEAD;
    let cur = type_of(c);
    let mut most = 0;
    let mut h = first;
    loop {
        let before = char_before(bytes, h);
        let in_place = in_place_bonus(before.map_or(Type::Empty, type_of), cur);
        let add = if before == Some(pc) {
            SCORE_MATCH + in_place.max(BONUS_CONSECUTIVE)
        } else {
            SCORE_MATCH + GAP_START + GAP_EXTENSION + in_place
        };
        most = most.max(add);
        if most >= MOST {
            return most;
        }
        let next = h + enc.len();
        match find(&bytes[next..], enc) {
            Some(p) => h = next + p,
            None => return most,
        }
    }
}

/// The char that ends at byte `at` of `bytes` (valid UTF-8, `at` on a
/// char boundary).
fn char_before(bytes: &[u8], at: usize) -> Option<char> {
    let mut start = at.checked_sub(1)?;
    if bytes[start] < 0x80 {
        return Some(bytes[start] as char);
    }
    while start > 0 && bytes[start] & 0xC0 == 0x80 {
        start -= 1;
    }
    std::str::from_utf8(&bytes[start..at]).ok()?.chars().next()
}

/// The score of a one-char pattern without the matrix: the row of a
/// single char holds 15 plus the in-place bonus at each occurrence
/// (the gap before it costs 1), so the score is the best of those.
pub fn single(hay: &str, c: char) -> Option<i32> {
    let cur = type_of(c);
    let mut best: Option<i32> = None;
    if c.is_ascii() {
        let bytes = hay.as_bytes();
        for pos in memchr::memchr_iter(c as u8, bytes) {
            // Before a byte < 0x80 that is a char of its own; a byte of a
            // multi-byte char means a char of type Lower.
            let prev = match pos {
                0 => Type::Empty,
                _ if bytes[pos - 1] < 0x80 => type_of(bytes[pos - 1] as char),
                _ => Type::Lower,
            };
            let bonus = in_place_bonus(prev, cur) * if pos == 0 { BONUS_FIRST_CHAR_MULTIPLIER } else { 1 };
            best = best.max(Some(bonus));
            if bonus >= BONUS_HEAD {
                // Only the first char can do better, and it comes first.
                break;
            }
        }
    } else {
        let mut prev = Type::Empty;
        for (i, ch) in hay.chars().enumerate() {
            let t = type_of(ch);
            if ch == c {
                let bonus = in_place_bonus(prev, t) * if i == 0 { BONUS_FIRST_CHAR_MULTIPLIER } else { 1 };
                best = best.max(Some(bonus));
            }
            prev = t;
        }
    }
    best.map(|b| b + SCORE_MATCH + GAP_EXTENSION)
}

#[cfg(test)]
mod tests {
    use fuzzy_matcher::FuzzyMatcher;
    use fuzzy_matcher::skim::SkimMatcherV2;

    use super as skim;

    #[test]
    fn scores_equal_skims() {
        // Haystacks and patterns with what the index holds: German words,
        // numbers, separators, umlauts; plus random picks of their chars.
        let words = [
            "2021/0832",
            "rat",
            "der",
            "stadt",
            "haushaltssatzung",
            "·",
            "integrationskonzept",
            "ä",
            "ß",
            "sanierung",
            "gesamtschule",
            "07.09.2021",
            "(",
            ")",
            "-",
            "bezirksvertretung",
            "Ö",
            "nord",
            "a",
            "i",
            "ii",
            "x_y",
            "Camel",
            "HTTP",
            "\\",
            "!",
            "schluss",
            "aa",
            "2021//08",
            "ä.ö",
        ];
        let mut next = crate::search::test_rng(0x1234_5678_9abc_def1u64);
        let mut scratch = skim::Scratch::default();
        let mut compared = 0;
        for _ in 0..20_000 {
            let hay: Vec<&str> = (0..next(12)).map(|_| words[next(words.len())]).collect();
            let hay = hay.join(if next(2) == 0 { " " } else { " · " });
            let hay_chars: Vec<char> = hay.chars().collect();
            let pattern: String = if next(2) == 0 || hay_chars.is_empty() {
                words[next(words.len())].chars().take(1 + next(8)).collect()
            } else {
                (0..1 + next(6)).map(|_| hay_chars[next(hay_chars.len())]).collect()
            };
            let chars: Vec<char> = pattern.chars().collect();
            // A fresh matcher each time: the crate's reuses its matrix between
            // calls and reads a stale bonus from the previous call where a
            // match follows a match in the second row (e.g. "ii " in
            // "nord · nord · ii · -" scores 67 after some calls, 63 fresh).
            let expected = SkimMatcherV2::default().respect_case().fuzzy_match(&hay, &pattern);
            let got = skim::score(&mut scratch, &hay, &chars);
            assert_eq!(got.map(|g| g.0), expected, "{hay:?} / {pattern:?}");
            if let Some((score, bound)) = got {
                assert!(i64::from(bound) >= score, "{hay:?} / {pattern:?}");
                // What narrowing relies on: the best cell of a longer term
                // is at most that of any of its prefixes plus `growth`.
                for from in 1..chars.len() {
                    let (_, before) = skim::score(&mut scratch, &hay, &chars[..from]).unwrap();
                    let most = before + skim::growth(&hay, &chars, from).unwrap();
                    assert!(bound <= most, "{hay:?} / {pattern:?} from {from}");
                }
            }
            if let [x, y] = chars[..] {
                assert_eq!(skim::pair(&hay, x, y), got, "{hay:?} / {pattern:?}");
            }
            assert_eq!(skim::growth(&hay, &chars, 1).is_some(), expected.is_some(), "{hay:?} / {pattern:?}");
            compared += usize::from(expected.is_some());
        }
        assert!(compared > 5_000, "{compared}");
    }

    /// An index of texts shaped like the real ones: number, title words,
    /// Gremium, date.
    #[test]
    fn growth_is_what_a_whole_term_adds() {
        // Where the term appears whole, at a word's start, each char after
        // the first adds 20; the bound must not be looser there, or typing
        // scores far more entries than needed.
        let hay = "2021/0832 · sanierung der gesamtschule · rat der stadt · 07.09.2021";
        let mut scratch = skim::Scratch::default();
        for term in ["sanierung", "gesamtschule", "stadt", "rat", "2021/08"] {
            let chars: Vec<char> = term.chars().collect();
            for from in 1..chars.len() {
                let (_, before) = skim::score(&mut scratch, hay, &chars[..from]).unwrap();
                let (score, best) = skim::score(&mut scratch, hay, &chars).unwrap();
                assert_eq!(before + skim::growth(hay, &chars, from).unwrap(), best, "{term} from {from}");
                assert_eq!(score, i64::from(best), "{term}");
            }
        }
        assert_eq!(skim::growth(hay, &['r', 'a', 't'], 1), Some(40));
        assert_eq!(skim::growth(hay, &['r', 'a', 'x'], 1), None);
    }
}
