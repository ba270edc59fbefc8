//! Lays a [`Document`] out for a width: wrapped, styled lines. Done once per
//! (document, width) and cached by the reader; drawing takes a slice.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

use hyphenation::{Hyphenator, Language, Load, Standard};
use ratatui::style::{Modifier, Style, Stylize};
use ratatui::text::{Line, Span};
use textwrap::{Options, WordSplitter, WrapAlgorithm};
use unicode_width::UnicodeWidthStr;

use crate::document::{Block, Document, Row};

/// Paragraphs longer than this are wrapped first-fit: optimal fit is
/// quadratic in the worst case and a 1 MB paragraph must not stall a frame.
const OPTIMAL_FIT_LIMIT: usize = 8_000;

/// How a link looks in the reader.
pub fn link_style() -> Style {
    Style::new().underlined().fg(ratatui::style::Color::Cyan)
}

/// A line of text longer than this is laid out a piece at a time: a
/// 10 MB word at width 1 is ten million lines, which were all built (and
/// for `show` all held) before the first was shown: 8 s and 2.7 GB.
/// First fit is greedy, so wrapping a piece, keeping all its rows but the
/// last, and going on from where that last row starts gives exactly the
/// rows of the whole line.
const PIECE: usize = 64 * 1024;

pub fn heading_style() -> Style {
    Style::new().add_modifier(Modifier::BOLD).underlined()
}

// ------------------------------------------------------------ hyphenation --

/// The de-1996 patterns of TeX's hyph-utf8 as the hyphenation crate builds
/// them (its `dictionaries/de-1996.standard.bincode`, unchanged): only
/// German is embedded, not the crate's 70 languages (`embed_all`). The
/// patterns are under the MIT licence, the crate under MIT/Apache-2.0:
/// origin, checksum and notices in data/hyphenation/LICENSE.
static DE_1996: &[u8] = include_bytes!("../data/hyphenation/de-1996.standard.bincode");

/// The German dictionary, read on first use (under a millisecond).
fn dictionary() -> Option<&'static Standard> {
    static DICT: OnceLock<Option<Standard>> = OnceLock::new();
    DICT.get_or_init(|| Standard::from_reader(Language::German1996, &mut &DE_1996[..]).ok()).as_ref()
}

/// Whether the reader hyphenates: `hyphenation` of the config, for the
/// whole process (set where the program starts); on by default.
static HYPHENATE: AtomicBool = AtomicBool::new(true);

pub fn set_hyphenation(on: bool) {
    HYPHENATE.store(on, Ordering::Relaxed);
}

pub fn hyphenation() -> bool {
    HYPHENATE.load(Ordering::Relaxed)
}

/// Parts of a word shorter than this are not hyphenated: a break inside
/// them saves little and reads badly ("Stel-le"), and half the words of a
/// German text are that short, which halves the work.
const MIN_LETTERS: usize = 6;

/// Longer runs of letters are no words: they are cut where the width ends
/// (textwrap's `break_words`), not looked up.
const MAX_LETTERS: usize = 100;

/// Where textwrap may break a word: after a hyphen between letters or
/// digits (as textwrap's own `HyphenSplitter`: "CDU-|Fraktion"), and
/// inside each part at the points of the de-1996 patterns
/// ("Haus|halts|sat|zung"). Only the letters of a part are looked up:
/// punctuation around them ("(Haushaltssatzung)," , see [`around_words`])
/// is left aside, and a part with anything else in it (numbers, slashes:
/// "2021/0832", the pieces of a URL, addresses) is left whole.
fn german_split_points(word: &str) -> Vec<usize> {
    let mut points = Vec::new();
    let mut start = 0;
    for (i, _) in word.match_indices('-').chain(std::iter::once((word.len(), ""))) {
        hyphenate_part(&word[start..i], start, &mut points);
        if i < word.len() {
            let before = word[..i].chars().next_back().is_some_and(char::is_alphanumeric);
            let after = word[i + 1..].chars().next().is_some_and(char::is_alphanumeric);
            if before && after {
                points.push(i + 1);
            }
        }
        start = i + 1;
    }
    points
}

/// Punctuation that may stand around a word without making it something
/// else than a word: brackets, quotes, and what ends a phrase. A slash,
/// `@`, digits and the like are not among them: "meetings/4988" (the end
/// of a URL the reader broke after a slash) or "info@stadt" is no word,
/// and a hyphen inside it would change what it says.
fn around_words(c: char) -> bool {
    matches!(
        c,
        '(' | ')'
            | '['
            | ']'
            | '{'
            | '}'
            | '"'
            | '\''
            | '„'
            | '“'
            | '”'
            | '‚'
            | '‘'
            | '’'
            | '«'
            | '»'
            | '‹'
            | '›'
            | ','
            | '.'
            | ';'
            | ':'
            | '!'
            | '?'
            | '…'
    )
}

fn hyphenate_part(part: &str, offset: usize, points: &mut Vec<usize>) {
    let letters = part.trim_matches(around_words);
    let n = letters.chars().count();
    if !(MIN_LETTERS..=MAX_LETTERS).contains(&n) || !letters.chars().all(char::is_alphabetic) {
        return;
    }
    let Some(dict) = dictionary() else { return };
    let lead = letters.as_ptr() as usize - part.as_ptr() as usize;
    let start = offset + lead;
    // A part that ends at a pattern point gets a hyphen: it must fit in a
    // row with it. textwrap cuts a longer part where the row ends and then
    // adds the hyphen, one column too wide; so such a point is left out.
    let limit = PART_LIMIT.with(Cell::get);
    let mut from = offset;
    with_pattern_points(dict, letters, |breaks| {
        for &b in breaks {
            let at = start + b;
            let first = points.last().map_or(from, |&p| p.max(from));
            if part_width(&part[first - offset..at - offset]) < limit {
                points.push(at);
                from = at;
            }
        }
    });
}

/// Words looked up at most: then the cache starts anew. About 2 MB at
/// most; a long text has fewer distinct long words than that.
const CACHE_WORDS: usize = 20_000;

thread_local! {
    /// The pattern points of the words looked up on this thread. A lookup
    /// costs a few microseconds, three quarters of what hyphenation adds to
    /// a layout (BENCHMARKS.md, "Hyphenation"), and the long words of a
    /// text recur ("Verwaltung", "Haushaltssatzung").
    static POINTS: RefCell<HashMap<Box<str>, Box<[usize]>>> = RefCell::new(HashMap::new());
}

/// Calls `f` with the pattern points of `word`, looked up once per thread.
fn with_pattern_points(dict: &Standard, word: &str, f: impl FnOnce(&[usize])) {
    POINTS.with_borrow_mut(|cache| {
        if let Some(p) = cache.get(word) {
            return f(p);
        }
        if cache.len() >= CACHE_WORDS {
            cache.clear();
        }
        let p = pattern_points(dict, word).into_boxed_slice();
        f(&p);
        cache.insert(word.into(), p);
    });
}

/// The pattern points of `word` (letters only), as byte offsets into it.
/// The patterns are lower case, and a few capitals lower to a letter of
/// another length in UTF-8 ("ẞ" to "ß"); the crate only corrects the
/// offsets for "İ", so that "SPAẞBAD" would break inside the "ẞ" and
/// textwrap would panic on the slice. So the word is lowered here, with
/// where each letter starts, and a point is taken back to the word's own
/// offsets; one that falls inside a letter's lower case ("İ" lowers to two
/// chars) is dropped.
fn pattern_points(dict: &Standard, word: &str) -> Vec<usize> {
    if !word.chars().any(char::is_uppercase) {
        return dict.opportunities(word);
    }
    let mut lower = String::with_capacity(word.len() + 4);
    let mut starts = Vec::with_capacity(word.len());
    let mut aligned = true;
    for (i, c) in word.char_indices() {
        aligned &= lower.len() == i;
        starts.push(lower.len());
        lower.extend(c.to_lowercase());
    }
    let points = dict.opportunities(&lower);
    if aligned {
        return points;
    }
    let offsets: Vec<usize> = word.char_indices().map(|(i, _)| i).collect();
    points.into_iter().filter_map(|p| starts.binary_search(&p).ok().map(|k| offsets[k])).collect()
}

fn part_width(s: &str) -> usize {
    s.width()
}

thread_local! {
    /// The narrowest row of the text being wrapped ([`wrap_rows`]): a part
    /// of a hyphenated word must fit in it with its hyphen.
    static PART_LIMIT: Cell<usize> = const { Cell::new(usize::MAX) };
}

/// How words are split at the end of a row.
fn splitter(hyphenate: bool) -> WordSplitter {
    if hyphenate { WordSplitter::Custom(german_split_points) } else { WordSplitter::HyphenSplitter }
}

/// `textwrap::wrap`, with rows at least `narrowest` wide (the width less
/// the wider indent) for the hyphenation that `opts` may do.
fn wrap_rows<'t>(text: &'t str, opts: Options<'_>, narrowest: usize) -> Vec<Cow<'t, str>> {
    PART_LIMIT.with(|l| l.set(narrowest));
    let rows = textwrap::wrap(text, opts);
    PART_LIMIT.with(|l| l.set(usize::MAX));
    rows
}

/// Soft hyphens (U+00AD) are no text: the loaders drop them (`text`), and
/// should one come through, it is dropped here too, before textwrap sees
/// it. Left in, it would stay in a row as an invisible char (or one a
/// terminal shows as a hyphen, in the middle of a line), and textwrap would
/// count it as a letter.
fn without_soft_hyphens(s: &str) -> Cow<'_, str> {
    if s.contains('\u{AD}') { Cow::Owned(s.replace('\u{AD}', "")) } else { Cow::Borrowed(s) }
}

fn wrap_plain(text: &str, width: usize, first: &str, rest: &str, hyphenate: bool) -> Vec<String> {
    // An indent that leaves no room for text is dropped.
    let (first, rest) = if first.len().max(rest.len()) >= width { ("", "") } else { (first, rest) };
    let text = without_soft_hyphens(text);
    let width = width.max(1);
    let mut opts =
        Options::new(width).initial_indent(first).subsequent_indent(rest).word_splitter(splitter(hyphenate));
    if text.len() > OPTIMAL_FIT_LIMIT {
        opts = opts.wrap_algorithm(WrapAlgorithm::FirstFit);
    }
    let narrowest = width - first.width().max(rest.width());
    wrap_rows(&text, opts, narrowest).into_iter().map(|c| c.into_owned()).collect()
}

/// First fit, as a long line and its pieces are wrapped.
fn first_fit(width: usize, hyphenate: bool) -> Options<'static> {
    Options::new(width).wrap_algorithm(WrapAlgorithm::FirstFit).word_splitter(splitter(hyphenate))
}

/// Wraps `doc` to `width` columns, all of it.
pub fn layout(doc: &Document, width: u16) -> Vec<Line<'static>> {
    let mut l = Layout::new(width);
    l.fill(doc, usize::MAX);
    l.lines
}

/// A layout that is built as far as needed: opening a document with a
/// megabyte of text lays out the first screen, and the rest follows on
/// scrolling or in the idle time between events ([`Layout::fill_for`]).
#[derive(Debug, Clone, Default)]
pub struct Layout {
    pub width: u16,
    /// German hyphenation ([`hyphenation`] when made by [`Layout::new`]).
    pub hyphenate: bool,
    pub lines: Vec<Line<'static>>,
    /// The next block to lay out.
    block: usize,
    /// Inside a text block: the byte offset where layout goes on, at the
    /// start of a paragraph, of a line, or inside a long line (`inside`).
    offset: usize,
    inside: bool,
    after_heading: bool,
    /// Bytes of text laid out so far, for the position estimate.
    bytes_done: usize,
    /// The line each block laid out so far starts at, and each row of a
    /// table: where a link of the document stands (see `Document::links`).
    pub block_lines: Vec<usize>,
    pub row_lines: Vec<(usize, usize, usize)>,
}

/// How much text a block holds, for progress estimates.
fn block_bytes(b: &Block) -> usize {
    match b {
        Block::Title(t) | Block::Heading(t) | Block::Text(t) | Block::Note(t) => t.len(),
        Block::Fields(f) => f.iter().map(|(l, v)| l.len() + v.len()).sum(),
        Block::Rows(r) => r.iter().map(|r| r.key.len() + r.text.len()).sum(),
    }
}

impl Layout {
    /// A layout for `width`, hyphenated as the config says.
    pub fn new(width: u16) -> Layout {
        Layout::with_hyphenation(width, hyphenation())
    }

    pub fn with_hyphenation(width: u16, hyphenate: bool) -> Layout {
        Layout { width, hyphenate, ..Layout::default() }
    }

    pub fn is_done(&self, doc: &Document) -> bool {
        self.block >= doc.blocks.len()
    }

    /// Lays out until there are at least `want` lines or the document ends.
    pub fn fill(&mut self, doc: &Document, want: usize) {
        while self.lines.len() < want && !self.is_done(doc) {
            self.step(doc);
        }
    }

    /// Lays out for about `budget`; returns whether the document is done.
    pub fn fill_for(&mut self, doc: &Document, budget: std::time::Duration) -> bool {
        let end = std::time::Instant::now() + budget;
        while !self.is_done(doc) && std::time::Instant::now() < end {
            self.step(doc);
        }
        self.is_done(doc)
    }

    /// The number of lines the whole document will take: exact when done,
    /// else extrapolated from the text laid out so far.
    pub fn estimated_total(&self, doc: &Document) -> usize {
        if self.is_done(doc) || self.bytes_done == 0 {
            return self.lines.len();
        }
        let total: usize = doc.blocks.iter().map(block_bytes).sum();
        (self.lines.len() as f64 * total as f64 / self.bytes_done as f64).ceil() as usize
    }

    fn separate(&mut self) {
        if self.lines.last().is_some_and(|l| l.width() > 0) {
            self.lines.push(Line::default());
        }
    }

    /// Lays out one unit: a line of a text block (or a piece of a long
    /// one), or a whole other block.
    fn step(&mut self, doc: &Document) {
        let width = usize::from(self.width.max(1));
        let block = &doc.blocks[self.block];
        // Texts, titles and notes can be megabytes of data: a line (or a
        // piece of a long one) at a time.
        let (text, style) = match block {
            Block::Text(t) => (t, Style::new()),
            Block::Title(t) => (t, Style::new().bold()),
            Block::Heading(h) => (h, heading_style()),
            Block::Note(n) => (n, Style::new().italic()),
            Block::Fields(_) | Block::Rows(_) => {
                // A heading sits directly on top of its content.
                if !self.after_heading {
                    self.separate();
                }
                self.block_lines.push(self.lines.len());
                self.bytes_done += block_bytes(block);
                self.after_heading = false;
                self.block += 1;
                let h = self.hyphenate;
                match block {
                    Block::Fields(fields) => fields_layout(&mut self.lines, fields, width, h),
                    Block::Rows(rows) => {
                        let key_w = rows_key_width(rows);
                        for (i, row) in rows.iter().enumerate() {
                            self.row_lines.push((self.block - 1, i, self.lines.len()));
                            rows_layout(&mut self.lines, std::slice::from_ref(row), width, key_w, h);
                        }
                    }
                    _ => unreachable!("matched above"),
                }
                return;
            }
        };
        let at = self.block;
        // Titles and headings are not hyphenated, as in print.
        let hyphenate = self.hyphenate;
        self.hyphenate &= matches!(block, Block::Text(_) | Block::Note(_));
        self.text_step(text, width, style);
        self.hyphenate = hyphenate;
        if matches!(block, Block::Heading(_)) && self.block > at {
            self.after_heading = true;
        }
    }

    /// One line of text `t` from `self.offset`, or a piece of it, in `style`.
    /// Paragraphs (separated by a blank line in `t`) are set apart, also
    /// the first from what came before unless that is its heading.
    fn text_step(&mut self, t: &str, width: usize, style: Style) {
        let paragraph_start = !self.inside && (self.offset == 0 || t[..self.offset].ends_with("\n\n"));
        if paragraph_start && (self.offset > 0 || !self.after_heading) {
            self.separate();
        }
        if self.offset == 0 && !self.inside {
            self.block_lines.push(self.lines.len());
        }
        self.after_heading = false;
        let rest = &t[self.offset..];
        let line = &rest[..memchr::memchr(b'\n', rest.as_bytes()).unwrap_or(rest.len())];
        // A line with soft hyphens (which the loaders drop) is wrapped whole
        // without them.
        let clean = without_soft_hyphens(line);
        if let Cow::Borrowed(_) = clean
            && let Some(done) = self.wrap_piece(line, width, style)
        {
            self.offset += done;
            self.bytes_done += done;
            self.inside = true;
            return;
        }
        // The end of a long line: first fit, as for its pieces.
        let rows = if self.inside {
            wrap_rows(&clean, first_fit(width, self.hyphenate), width)
                .into_iter()
                .map(|r| r.into_owned())
                .collect()
        } else {
            wrap_plain(&clean, width, "", "", self.hyphenate)
        };
        self.lines.extend(rows.into_iter().map(|r| Line::styled(r, style)));
        let mut next = self.offset + line.len();
        // The line break, and the blank line that ends a paragraph.
        next += t[next..].bytes().take(2).take_while(|&b| b == b'\n').count();
        self.bytes_done += next - self.offset;
        self.inside = false;
        if next >= t.len() {
            self.block += 1;
            self.offset = 0;
        } else {
            self.offset = next;
        }
    }

    /// Lays out the rows of the first [`PIECE`] bytes of a longer `line`
    /// but the last, and says how far they reach; None for a shorter line.
    fn wrap_piece(&mut self, line: &str, width: usize, style: Style) -> Option<usize> {
        if line.len() <= PIECE {
            return None;
        }
        // The piece ends after a blank, where textwrap finds the same words
        // as in the whole line (cut inside a word, it may not: "ab c-"
        // gives a row of the blank alone). Only a run of half a piece
        // without a blank is cut anywhere: its rows are pieces of one word.
        let mut cut = PIECE;
        while !line.is_char_boundary(cut) {
            cut -= 1;
        }
        if let Some(blank) = line.as_bytes()[PIECE / 2..cut].iter().rposition(|&b| b == b' ') {
            cut = PIECE / 2 + blank + 1;
        }
        let piece = &line[..cut];
        let rows = wrap_rows(piece, first_fit(width, self.hyphenate), width);
        if rows.len() < 2 {
            return None;
        }
        let (keep, next) = kept_rows(piece, &rows)?;
        if next == 0 || next >= piece.len() {
            return None;
        }
        self.lines.extend(rows.into_iter().take(keep).map(|r| Line::styled(r.into_owned(), style)));
        Some(next)
    }
}

/// Of the `rows` a piece was wrapped into, how many to keep and where the
/// row after them starts in `piece` (no indent set): all but the last, or
/// fewer, so that the next row starts a word. Wrapped on from inside a
/// hyphenated word, its rest would be looked up as a word of its own and
/// might break elsewhere than in the whole line.
///
/// A row is a slice of the piece or, where a word was hyphenated, that
/// slice with the hyphen added (which textwrap must copy to make). The next
/// row starts after the blanks that follow a row (a row never starts with
/// one, except at the start of the line), or right after a hyphenated part.
/// None when a row is not found where it must be, or no row ends a word:
/// then the line is wrapped whole.
fn kept_rows(piece: &str, rows: &[Cow<'_, str>]) -> Option<(usize, usize)> {
    let base = piece.as_ptr() as usize;
    let mut at = 0;
    let mut kept = None;
    for (i, row) in rows[..rows.len().saturating_sub(1)].iter().enumerate() {
        match row {
            Cow::Borrowed(r) => {
                let end = r.as_ptr() as usize + r.len() - base;
                at = end + piece[end..].bytes().take_while(|&b| b == b' ').count();
                kept = Some((i + 1, at));
            }
            Cow::Owned(r) => {
                let text = r.strip_suffix('-')?;
                let start = at + piece[at..].bytes().take_while(|&b| b == b' ').count();
                if !piece[start..].starts_with(text) {
                    return None;
                }
                at = start + text.len();
            }
        }
    }
    kept
}

fn fields_layout(out: &mut Vec<Line<'static>>, fields: &[(&'static str, String)], width: usize, h: bool) {
    let label_w = fields.iter().map(|(l, _)| l.width()).max().unwrap_or(0) + 2;
    // On a narrow pane, labels get their own line.
    let inline = width >= label_w + 12;
    for (label, value) in fields {
        if inline {
            let indent = " ".repeat(label_w);
            let lines = wrap_plain(value, width, &indent, &indent, h);
            for (i, l) in lines.into_iter().enumerate() {
                let text = l.strip_prefix(indent.as_str()).unwrap_or(&l).to_owned();
                let lead = if i == 0 { format!("{label:<label_w$}") } else { indent.clone() };
                out.push(Line::from(vec![Span::from(lead).dim(), Span::from(text)]));
            }
        } else {
            // A label is the interface's, maybe English: not hyphenated.
            out.extend(wrap_plain(label, width, "", "", false).into_iter().map(|l| Line::from(l).dim()));
            out.extend(wrap_plain(value, width, "  ", "  ", h).into_iter().map(Line::from));
        }
    }
}

/// The width of the widest key of a table: its key column.
fn rows_key_width(rows: &[Row]) -> usize {
    rows.iter().map(|r| r.key.width()).max().unwrap_or(0)
}

fn rows_layout(out: &mut Vec<Line<'static>>, rows: &[Row], width: usize, key_w: usize, h: bool) {
    let lead_w = 2 + key_w + if key_w > 0 { 2 } else { 0 };
    let inline = width >= lead_w + 12;
    for row in rows {
        let marker = if row.marked { "▸ " } else { "  " };
        let style = if row.marked { Style::new().bold() } else { Style::new() };
        if inline {
            let indent = " ".repeat(lead_w);
            for (i, l) in wrap_plain(&row.text, width, &indent, &indent, h).into_iter().enumerate() {
                let text = l.strip_prefix(indent.as_str()).unwrap_or(&l).to_owned();
                if i == 0 && row.link && key_w > 0 {
                    // A row that leads somewhere: its key is marked as a link.
                    let key = Span::styled(format!("{:<key_w$}", row.key), link_style());
                    out.push(Line::from(vec![
                        Span::from(marker).dim(),
                        key,
                        Span::raw("  "),
                        Span::styled(text, style),
                    ]));
                    continue;
                }
                let lead = if i == 0 {
                    if key_w > 0 { format!("{marker}{:<key_w$}  ", row.key) } else { marker.to_owned() }
                } else {
                    indent.clone()
                };
                out.push(Line::from(vec![Span::from(lead).dim(), Span::styled(text, style)]));
            }
        } else {
            if !row.key.is_empty() {
                let key = format!("{marker}{}", row.key);
                out.extend(wrap_plain(&key, width, "", "", false).into_iter().map(|l| Line::from(l).dim()));
            }
            out.extend(
                wrap_plain(&row.text, width, "    ", "    ", h).into_iter().map(|l| Line::styled(l, style)),
            );
        }
    }
}

/// The lines as plain text.
pub fn plain(lines: &[Line]) -> String {
    let mut s = String::new();
    for l in lines {
        push_plain(&mut s, l);
    }
    s
}

fn push_plain(s: &mut String, l: &Line) {
    for span in &l.spans {
        s.push_str(&span.content);
    }
    let trimmed = s.trim_end_matches(' ').len();
    s.truncate(trimmed);
    s.push('\n');
}

/// Writes `doc` wrapped to `width` as plain text, for `ratsinfo show`: a
/// piece at a time, so that a document of millions of lines is never held
/// whole.
pub fn write_plain(out: &mut impl std::io::Write, doc: &Document, width: u16) -> std::io::Result<()> {
    write_layout(out, doc, Layout::new(width))
}

fn write_layout(out: &mut impl std::io::Write, doc: &Document, mut l: Layout) -> std::io::Result<()> {
    let mut s = String::new();
    loop {
        let done = l.is_done(doc);
        if !done {
            l.step(doc);
        }
        // The last line stays until the end: the next step looks at it
        // to set paragraphs apart.
        let keep = if done { 0 } else { 1 };
        let n = l.lines.len().saturating_sub(keep);
        s.clear();
        l.lines.drain(..n).for_each(|line| push_plain(&mut s, &line));
        out.write_all(s.as_bytes())?;
        if done {
            return Ok(());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Row;

    fn doc(blocks: Vec<Block>) -> Document {
        Document { title: String::new(), blocks, links: Vec::new() }
    }

    fn layout_with(d: &Document, width: u16, hyphenate: bool) -> Vec<Line<'static>> {
        let mut l = Layout::with_hyphenation(width, hyphenate);
        l.fill(d, usize::MAX);
        l.lines
    }

    /// Checks that `rows` are `text` broken into rows, every letter in
    /// order and none lost or added: a row ends at a blank of the text
    /// (which goes), or inside a word with a hyphen the text does not have
    /// there. Returns where in `text` words were hyphenated.
    fn hyphenated_at(rows: &[String], text: &str) -> Vec<usize> {
        let mut at = 0;
        let mut breaks = Vec::new();
        for row in rows {
            at += text[at..].bytes().take_while(|&b| b == b' ').count();
            if text[at..].starts_with(row.as_str()) {
                at += row.len();
                continue;
            }
            let part = row.strip_suffix('-').unwrap_or_else(|| panic!("{row:?} is not the text at {at}"));
            assert!(text[at..].starts_with(part), "{row:?} is not the text at {at}");
            at += part.len();
            assert!(text[at..].starts_with(char::is_alphabetic), "a hyphen outside a word: {row:?}");
            breaks.push(at);
        }
        assert_eq!(text[at..].trim(), "", "text left over");
        breaks
    }

    fn rows(lines: &[Line]) -> Vec<String> {
        plain(lines).lines().map(str::to_owned).collect()
    }

    #[test]
    fn fields_hang_under_their_value() {
        let d = doc(vec![Block::Fields(vec![
            ("Verfasser", "CDU-Fraktion und SPD Fraktion".into()),
            ("Art", "Antrag".into()),
        ])]);
        let text = plain(&layout(&d, 30));
        assert_eq!(text, "Verfasser  CDU-Fraktion und\n           SPD Fraktion\nArt        Antrag\n");
    }

    #[test]
    fn narrow_panes_put_labels_on_their_own_line() {
        let d = doc(vec![Block::Fields(vec![("Verfasser", "CDU".into())])]);
        assert_eq!(plain(&layout(&d, 20)), "Verfasser\n  CDU\n");
    }

    #[test]
    fn paragraphs_are_separated_by_one_blank_line() {
        let d = doc(vec![Block::Heading("Sachverhalt".into()), Block::Text("eins zwei drei\n\nvier".into())]);
        assert_eq!(plain(&layout(&d, 11)), "Sachverhalt\neins zwei\ndrei\n\nvier\n");
    }

    #[test]
    fn rows_with_marker() {
        let d = doc(vec![Block::Rows(vec![
            Row {
                key: "07.09.2021".into(),
                text: "Rat der Stadt · Entscheidung".into(),
                marked: true,
                link: false,
            },
            Row { key: "01.01.2020".into(), text: "Ausschuss".into(), marked: false, link: false },
        ])]);
        assert_eq!(
            plain(&layout_with(&d, 40, false)),
            "▸ 07.09.2021  Rat der Stadt ·\n              Entscheidung\n  01.01.2020  Ausschuss\n"
        );
        // Hyphenated, the row fills up.
        assert_eq!(
            plain(&layout_with(&d, 40, true)),
            "▸ 07.09.2021  Rat der Stadt · Entschei-\n              dung\n  01.01.2020  Ausschuss\n"
        );
    }

    /// A line longer than [`PIECE`] is laid out a piece at a time, with
    /// exactly the rows of first fit over the whole line; and `show`'s
    /// streaming gives what the whole layout gives.
    #[test]
    fn long_lines_in_pieces_wrap_as_whole_lines() {
        let mut words = String::new();
        let mut n = 1u32;
        while words.len() < 2 * PIECE + 5_000 {
            n = n.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            let len = (n >> 16) as usize % 23 + 1;
            words.push_str(&"äbc-d".chars().cycle().take(len).collect::<String>());
            words.push(if n.is_multiple_of(7) { '/' } else { ' ' });
        }
        let long_word = "wörter".repeat(PIECE / 5);
        // German prose, whose words hyphenation breaks.
        let prose = "Die aufenthaltsrechtliche Komplexität geduldeter Einwanderer führt teilweise zu \
                     Kettenduldungen; Haushaltssatzung, Beschlussvorschlag (Oberbürgermeister). "
            .repeat(2 * PIECE / 150);
        let texts =
            [words.clone(), long_word.clone(), format!("{long_word} {words}\n\nkurz\n{words}"), prose];
        for (text, h, w) in texts.iter().flat_map(|t| {
            [false, true].into_iter().flat_map(move |h| [1u16, 7, 40, 100].map(move |w| (t, h, w)))
        }) {
            let d = doc(vec![Block::Heading("H".into()), Block::Text(text.clone())]);
            {
                let mut l = Layout::with_hyphenation(w, h);
                l.fill(&d, usize::MAX);
                let got = plain(&l.lines);
                let mut expected = String::from("H\n");
                for (i, para) in text.split("\n\n").enumerate() {
                    if i > 0 {
                        expected.push('\n');
                    }
                    for line in para.split('\n') {
                        let algo_rows: Vec<Line> = if line.len() > OPTIMAL_FIT_LIMIT {
                            wrap_rows(line, first_fit(usize::from(w), h), usize::from(w))
                                .into_iter()
                                .map(|r| Line::from(r.into_owned()))
                                .collect()
                        } else {
                            wrap_plain(line, usize::from(w), "", "", h).into_iter().map(Line::from).collect()
                        };
                        expected.push_str(&plain(&algo_rows));
                    }
                }
                if got != expected {
                    let (g, e): (Vec<&str>, Vec<&str>) = (got.lines().collect(), expected.lines().collect());
                    let at = g.iter().zip(&e).position(|(a, b)| a != b).unwrap_or(g.len().min(e.len()));
                    panic!(
                        "width {w}, hyphenation {h}: layouts differ at line {at} of {}/{}: {:?} vs {:?}",
                        g.len(),
                        e.len(),
                        &g[at.saturating_sub(2)..(at + 3).min(g.len())],
                        &e[at.saturating_sub(2)..(at + 3).min(e.len())]
                    );
                }
                let mut streamed = Vec::new();
                write_layout(&mut streamed, &d, Layout::with_hyphenation(w, h)).unwrap();
                assert!(streamed == expected.as_bytes(), "width {w}, hyphenation {h}: streaming differs");
            }
        }
    }

    #[test]
    fn never_wider_than_the_width() {
        let long = "Donaudampfschifffahrtsgesellschaftskapitänsmütze ".repeat(5);
        let d = doc(vec![
            Block::Title(long.clone()),
            Block::Fields(vec![("Betreff", long.clone())]),
            Block::Text(long),
        ]);
        for w in [1u16, 2, 5, 13, 40] {
            for l in layout(&d, w) {
                assert!(l.width() <= usize::from(w), "{w}: {l:?}");
            }
        }
    }

    /// The points where `word` may break, pattern points and after hyphens.
    fn points(word: &str) -> Vec<usize> {
        PART_LIMIT.with(|l| l.set(usize::MAX));
        german_split_points(word)
    }

    #[test]
    fn long_german_words_break_at_their_syllables() {
        assert_eq!(points("Haushaltssatzung"), [4, 9, 12]);
        // Punctuation stays out of the lookup; hyphens break as before;
        // numbers and short words are left whole.
        assert_eq!(points("(Haushaltssatzung),"), [5, 10, 13]);
        assert_eq!(points("CDU-Fraktion"), [4, 8, 10]);
        assert_eq!(points("2021/0832"), Vec::<usize>::new());
        // Pieces of URLs and addresses are no words: a hyphen would change
        // them ("mee-tings").
        for piece in [
            "meetings/4988",
            "/meetings",
            "bodies/1/meetings/4988",
            "verwaltung@stadt",
            "https://beispielstadt",
        ] {
            assert_eq!(points(piece), Vec::<usize>::new(), "{piece}");
        }
        assert_eq!(points("„Haushaltssatzung“."), [7, 12, 15]);
        assert_eq!(points("Stadt"), Vec::<usize>::new());

        let d = doc(vec![Block::Text("Haushaltssatzung".into())]);
        assert_eq!(rows(&layout_with(&d, 12, true)), ["Haushalts-", "satzung"]);
        assert_eq!(rows(&layout_with(&d, 7, true)), ["Haus-", "halts-", "satzung"]);
        assert_eq!(rows(&layout_with(&d, 12, false)), ["Haushaltssat", "zung"], "cut where the row ends");

        let text = "Der Rat der Stadt beschließt die Haushaltssatzung 2025 und den Beschlussvorschlag \
                    des Oberbürgermeisters zur Aufenthaltsberechtigung (CDU-Fraktion).";
        let d = doc(vec![Block::Text(text.into())]);
        let mut hyphenated = 0;
        for w in 8..=60u16 {
            let r = rows(&layout_with(&d, w, true));
            for row in &r {
                assert!(row.width() <= usize::from(w), "{w}: {row:?}");
            }
            for at in hyphenated_at(&r, text) {
                // A pattern point of the word it is in.
                let start = text[..at].rfind(' ').map_or(0, |i| i + 1);
                let end = text[at..].find(' ').map_or(text.len(), |i| at + i);
                assert!(points(&text[start..end]).contains(&(at - start)), "{w}: {:?}", &text[start..end]);
                hyphenated += 1;
            }
            assert_eq!(hyphenated_at(&rows(&layout_with(&d, w, false)), text).len(), 0, "{w}: off");
        }
        assert!(hyphenated > 20, "narrow panes hyphenate: {hyphenated}");
    }

    /// The embedded file is a dictionary that this version of the crate
    /// reads, for German (`from_reader` checks the language).
    #[test]
    fn the_embedded_dictionary_loads() {
        let dict = Standard::from_reader(Language::German1996, &mut &DE_1996[..]).expect("de-1996 loads");
        assert_eq!(dict.language(), Language::German1996);
        assert!(dictionary().is_some());
        // Be|schluss|vor|schlag
        assert_eq!(dict.hyphenate("Beschlussvorschlag").breaks, [2, 9, 12]);
    }

    /// Capitals that lower to another length ("ẞ" to "ß", "İ" to two
    /// chars) break where the word in lower case breaks, never inside a
    /// letter (a slice there panics).
    #[test]
    fn capitals_of_another_length_break_between_letters() {
        let lower = points("spaßbadeanstalt");
        assert!(!lower.is_empty());
        // "ẞ" is one byte longer than "ß", at byte 3.
        let moved: Vec<usize> = lower.iter().map(|&p| if p > 3 { p + 1 } else { p }).collect();
        assert_eq!(points("SPAẞBADEANSTALT"), moved);
        assert_eq!(points("STRAẞENBAHNHALTESTELLE"), [4, 9, 13, 16, 18, 22]);
        for word in ["SPAẞBADEANSTALT", "İSTANBULERSTRAẞE", "ȺȺȺȺȺȺȺȺȺȺ", "FUẞBALLVEREINSVORSITZENDER"]
        {
            for p in points(word) {
                assert!(word.is_char_boundary(p), "{word}: {p}");
            }
            let d = doc(vec![Block::Text(format!("Der {word} tagt."))]);
            for w in 1..=30u16 {
                let r = rows(&layout_with(&d, w, true));
                assert!(r.iter().all(|row| row.width() <= usize::from(w)), "{w}: {r:?}");
            }
        }
    }

    /// Soft hyphens from data: the loaders drop them, and the layout drops
    /// any that come through; a word with them breaks at its syllables,
    /// never shows a hyphen inside a row, and loses no letter.
    #[test]
    fn soft_hyphens_never_show_and_lose_nothing() {
        let json = "{\"vorlagen\": [{\"nummer\": \"1\", \"betreff\": \"Haus\u{AD}halts\u{AD}satzung\", \
                    \"sachverhalt\": \"Die Haus\u{AD}halts\u{AD}sat\u{AD}zung gilt.\"}]}";
        let batch = crate::load::parse_bytes("t.json", json.as_bytes());
        let v = &batch.vorlagen[0];
        assert_eq!(v.betreff, "Haushaltssatzung");
        assert_eq!(v.sachverhalt.read_or_notice(), "Die Haushaltssatzung gilt.");

        let shy = "Die Haus\u{AD}halts\u{AD}sat\u{AD}zung und Ober\u{AD}bürger\u{AD}meister gelten.";
        let text = shy.replace('\u{AD}', "");
        let d = doc(vec![
            Block::Text(shy.into()),
            Block::Fields(vec![("Betreff", shy.into())]),
            Block::Rows(vec![Row { key: "1".into(), text: shy.into(), marked: false, link: false }]),
        ]);
        for h in [true, false] {
            for w in 1..=40u16 {
                for row in rows(&layout_with(&d, w, h)) {
                    assert!(!row.contains('\u{AD}'), "{w}: {row:?}");
                    let inner = row.strip_suffix('-').unwrap_or(&row);
                    assert!(!inner.contains('-'), "{w}: a hyphen inside a row: {row:?}");
                }
            }
        }
        for w in [6u16, 9, 12, 20] {
            let d = doc(vec![Block::Text(shy.into())]);
            for at in hyphenated_at(&rows(&layout_with(&d, w, true)), &text) {
                // A pattern point of its word (the soft hyphens' places,
                // Haus|halts|sat|zung and Ober|bürger|meister, are some).
                let start = text[..at].rfind(' ').map_or(0, |i| i + 1);
                let end = text[at..].find(' ').map_or(text.len(), |i| at + i);
                assert!(
                    points(&text[start..end]).contains(&(at - start)),
                    "{w}: a break at {at} in {text:?}"
                );
            }
        }
    }
}
