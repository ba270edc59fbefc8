//! Links that can be clicked in the terminal: OSC 8 hyperlinks
//! (`ESC ] 8 ; ; URL ESC \ TEXT ESC ] 8 ; ; ESC \`). A URL from the data
//! goes into one only after [`WebUrl::parse`] has accepted it: http or
//! https, a plain host, nothing that is a blank or a control character,
//! and everything outside a small set of ASCII characters percent-encoded,
//! so that nothing in it can end the sequence or start another.

use std::fmt;

/// The longest URL put into a hyperlink; terminals cut longer ones (VTE
/// takes 2083 bytes).
pub const MAX_URL: usize = 2048;

/// An http(s) URL that is safe to write into a terminal sequence and to
/// hand to the system's opener: only printable ASCII of [`is_safe`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebUrl(String);

impl WebUrl {
    /// Parses `raw` strictly: `http://` or `https://` (either case), a
    /// host of ASCII letters, digits, `-` and `.` (or an IPv6 address in
    /// brackets) with an optional port, no user info; then a path, query
    /// and fragment in which letters beyond ASCII are percent-encoded and
    /// blanks, control characters and any other kind of character refuse
    /// the URL. None for anything else.
    pub fn parse(raw: &str) -> Option<WebUrl> {
        let lower = raw.get(..8).map(str::to_ascii_lowercase).unwrap_or_default();
        let (scheme, rest) = if lower.starts_with("https://") {
            ("https://", &raw[8..])
        } else if lower.starts_with("http://") {
            ("http://", &raw[7..])
        } else {
            return None;
        };
        let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let (authority, tail) = rest.split_at(end);
        let authority = parse_authority(authority)?;
        let mut out = String::with_capacity(raw.len() + 8);
        out.push_str(scheme);
        out.push_str(&authority);
        for c in tail.chars() {
            if c.is_ascii() {
                if c.is_ascii_control() || c == ' ' {
                    return None;
                }
                if is_safe(c as u8) {
                    out.push(c);
                } else {
                    push_encoded(&mut out, c);
                }
            } else if c.is_alphanumeric() {
                // Umlauts in a file name: an IRI, written as its URI.
                push_encoded(&mut out, c);
            } else {
                // Blanks, control and format characters, and the visible
                // stand-ins the loader puts for control characters (␛).
                return None;
            }
        }
        // A bare `%` that starts no escape is written as `%25`.
        let out = fix_percents(&out);
        (out.len() <= MAX_URL).then_some(WebUrl(out))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for WebUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The host (lower-cased) and port of an authority, or None when it has
/// user info, no host, or anything but a plain host name, an IPv4 or a
/// bracketed IPv6 address.
fn parse_authority(a: &str) -> Option<String> {
    if a.is_empty() || a.contains('@') {
        return None;
    }
    let (host, port) = if let Some(v6) = a.strip_prefix('[') {
        let (addr, after) = v6.split_once(']')?;
        if addr.is_empty() || !addr.chars().all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.') {
            return None;
        }
        let port = match after {
            "" => None,
            _ => Some(after.strip_prefix(':')?),
        };
        (format!("[{}]", addr.to_ascii_lowercase()), port)
    } else {
        let (h, p) = match a.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (a, None),
        };
        let labels_ok = h.split('.').all(|l| {
            !l.is_empty()
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        });
        if h.is_empty() || h.len() > 253 || !labels_ok {
            return None;
        }
        (h.to_ascii_lowercase(), p)
    };
    match port {
        None => Some(host),
        Some(p) if (1..=5).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()) => {
            let n: u32 = p.parse().ok()?;
            (n <= 65535).then(|| format!("{host}:{p}"))
        }
        Some(_) => None,
    }
}

/// The bytes that stand in a hyperlink's URL as they are: RFC 3986's
/// unreserved and reserved characters and `%`. Everything else (blanks,
/// quotes, `<>\^`{|}`, control bytes, bytes beyond ASCII) is encoded.
pub fn is_safe(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&'()*+,;=%".contains(&b)
}

fn push_encoded(out: &mut String, c: char) {
    let mut buf = [0u8; 4];
    for b in c.encode_utf8(&mut buf).bytes() {
        out.push_str(&format!("%{b:02X}"));
    }
}

fn fix_percents(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    for (i, c) in s.char_indices() {
        let escape = b.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
            && b.get(i + 2).is_some_and(u8::is_ascii_hexdigit);
        if c == '%' && !escape {
            out.push_str("%25");
        } else {
            out.push(c);
        }
    }
    out
}

/// `text` as a hyperlink to `url`. The text is written as it is given
/// except for control characters, which become `?`: callers give the URL
/// itself or a label of printable text.
pub fn osc8(url: &WebUrl, text: &str) -> String {
    let text: String = text.chars().map(|c| if c.is_control() { '?' } else { c }).collect();
    format!("\x1b]8;;{url}\x1b\\{text}\x1b]8;;\x1b\\")
}

/// `text` as a hyperlink at column `x`, row `y` (0-based), underlined as
/// the frame drew it there; the cursor and its attributes are saved before
/// and restored after, so that the next frame finds the terminal as the
/// last one left it.
pub fn osc8_at(url: &WebUrl, x: u16, y: u16, text: &str) -> String {
    format!("\x1b7\x1b[{};{}H\x1b[0;4m{}\x1b[0m\x1b8", u32::from(y) + 1, u32::from(x) + 1, osc8(url, text))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(raw: &str) -> String {
        WebUrl::parse(raw).unwrap_or_else(|| panic!("{raw:?} refused")).0
    }

    #[test]
    fn web_addresses_are_taken_and_normalised() {
        assert_eq!(ok("https://ris.example.org/oparl/file/1"), "https://ris.example.org/oparl/file/1");
        assert_eq!(ok("HTTP://Rat.Example:8080/a?b=c&d=e#f"), "http://rat.example:8080/a?b=c&d=e#f");
        assert_eq!(ok("https://x.example"), "https://x.example");
        assert_eq!(ok("https://x.example/Grünfläche.pdf"), "https://x.example/Gr%C3%BCnfl%C3%A4che.pdf");
        assert_eq!(ok("https://x.example/a\"b<c>{d}|e^`"), "https://x.example/a%22b%3Cc%3E%7Bd%7D%7Ce%5E%60");
        assert_eq!(ok("https://x.example/100%/a%20b"), "https://x.example/100%25/a%20b");
        assert_eq!(ok("https://[::1]:8443/x"), "https://[::1]:8443/x");
        assert_eq!(ok("http://127.0.0.1/x"), "http://127.0.0.1/x");
    }

    #[test]
    fn anything_else_is_refused() {
        for raw in [
            "",
            "javascript:alert(1)",
            "file:///etc/passwd",
            "ftp://x.example/a",
            "https://",
            "https:///a",
            "https://x.example/a b",
            "https://x.example/a\tb",
            "https://x.example/a\x1b]8;;https://evil.example\x1b\\",
            "https://x.example/a\x07",
            "https://x.example/a\u{9b}b",
            "https://x.example/\u{241b}]0;titel\u{2407}",
            "https://x.example/a\u{202e}b",
            "https://x.example/a\u{200b}b",
            "https://x.example/a\u{a0}b",
            "https://user:pw@x.example/",
            "https://rat.example@evil.example/",
            "https://x_y.example/",
            "https://-x.example/",
            "https://x..example/",
            "https://x.example:99999/",
            "https://x.example:8a/",
            "https://x.example:/",
            "https://[::1/",
            "https://[::1]x/",
            "https://xn--grn-ioa.example\u{1b}/",
            "https://grün.example/",
            " https://x.example/",
            "https://x.example/a\r\nb",
            "https://x.example/a\x7f",
            "https://x.example/a\u{85}b",
            "https://x.example\x1b/",
            "https://x.example\t/",
            "https://x.example:80\x07/",
            "https://x.example/\x1b\\",
            "data:text/html,<script>",
            "JAVASCRIPT://x.example/%0Aalert(1)",
            "//x.example/a",
            "https:x.example/a",
        ] {
            assert_eq!(WebUrl::parse(raw), None, "{raw:?}");
        }
        assert!(WebUrl::parse(&format!("https://x.example/{}", "a".repeat(MAX_URL))).is_none());
    }

    #[test]
    fn escapes_already_encoded_stay_encoded() {
        // A percent-encoded ESC or BEL is three printable characters: the
        // terminal never sees the byte.
        assert_eq!(ok("https://x.example/a%1B]8;;b%07"), "https://x.example/a%1B]8;;b%07");
        assert!(ok("https://x.example/%1b%9B").bytes().all(is_safe));
    }

    #[test]
    fn the_sequence_holds_only_safe_bytes_between_its_ends() {
        let url = WebUrl::parse("https://x.example/a?b=ü;c").unwrap();
        let seq = osc8(&url, "Link\x1b]x");
        assert_eq!(seq, "\x1b]8;;https://x.example/a?b=%C3%BC;c\x1b\\Link?]x\x1b]8;;\x1b\\");
        let inner = &seq[4..seq.find("\x1b\\").unwrap()];
        assert!(inner.bytes().all(is_safe), "{inner:?}");
        let at = osc8_at(&url, 4, 9, "x");
        assert!(
            at.starts_with("\x1b7\x1b[10;5H\x1b[0;4m\x1b]8;;https://") && at.ends_with("\x1b[0m\x1b8"),
            "{at:?}"
        );
    }
}
