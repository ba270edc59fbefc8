//! Byte scans of loading, sixteen bytes at a time: a large archive is
//! hundreds of megabytes, and a byte at a time these scans were the largest
//! part of reading it. SSE2 is part of every x86_64 target; elsewhere the
//! same answers come a byte at a time (the tests compare the two).

/// The length of the run of plain string content at the start of `b`: up
/// to the first quote, backslash or control character (which JSON does not
/// allow raw), or all of `b`.
pub fn string_run(b: &[u8]) -> usize {
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    // SAFETY: the function needs SSE2, which this target has (the cfg).
    let run = unsafe { sse2::string_run(b) };
    #[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
    let run = string_run_bytewise(b);
    run
}

/// Whether `line` is certainly clean as a one-line value (see
/// [`super`]): printable ASCII, single blanks between words, and
/// the two-byte chars of Latin-1 letters (lead byte 0xC3: the umlauts, ß).
/// False means "look closer", not "unclean": other chars need decoding.
pub fn plainly_clean_line(line: &[u8]) -> bool {
    if line.first() == Some(&b' ') || line.last() == Some(&b' ') {
        return false;
    }
    #[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
    // SAFETY: the function needs SSE2, which this target has (the cfg).
    let plain = unsafe { sse2::plainly_clean_line(line) };
    #[cfg(not(all(target_arch = "x86_64", target_feature = "sse2")))]
    let plain = plainly_clean_line_bytewise(line);
    plain
}

fn string_run_bytewise(b: &[u8]) -> usize {
    b.iter().position(|&b| b == b'"' || b == b'\\' || b < 0x20).unwrap_or(b.len())
}

/// [`plainly_clean_line`] but for its first and last byte.
#[cfg(any(test, not(all(target_arch = "x86_64", target_feature = "sse2"))))]
fn plainly_clean_line_bytewise(line: &[u8]) -> bool {
    let mut prev = 0u8;
    for &x in line {
        let after_lead = prev == 0xC3;
        let fine = match x {
            0x21..=0x7E | 0xC3 => !after_lead,
            b' ' => !after_lead && prev != b' ',
            0x80..=0xFF => after_lead,
            _ => false,
        };
        if !fine {
            return false;
        }
        prev = x;
    }
    prev != 0xC3
}

#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
mod sse2 {
    use std::arch::x86_64::{
        __m128i, _mm_cmpeq_epi8, _mm_min_epu8, _mm_movemask_epi8, _mm_or_si128, _mm_set_epi64x, _mm_set1_epi8,
    };

    #[target_feature(enable = "sse2")]
    fn load(chunk: &[u8; 16]) -> __m128i {
        let (lo, hi) = chunk.split_at(8);
        let word = |b: &[u8]| i64::from_le_bytes(b.try_into().unwrap_or_default());
        _mm_set_epi64x(word(hi), word(lo))
    }

    /// One bit per byte of `x` that equals `byte`.
    #[target_feature(enable = "sse2")]
    fn equal(x: __m128i, byte: u8) -> __m128i {
        _mm_cmpeq_epi8(x, _mm_set1_epi8(byte as i8))
    }

    /// The bytes of `x` below 0x20: where min(x, 0x1F) is x, unsigned.
    #[target_feature(enable = "sse2")]
    fn controls(x: __m128i) -> __m128i {
        _mm_cmpeq_epi8(_mm_min_epu8(x, _mm_set1_epi8(0x1F)), x)
    }

    #[target_feature(enable = "sse2")]
    fn bits(x: __m128i) -> u32 {
        _mm_movemask_epi8(x) as u32
    }

    #[target_feature(enable = "sse2")]
    pub fn string_run(b: &[u8]) -> usize {
        let mut chunks = b.as_chunks::<16>().0.iter();
        for (n, chunk) in chunks.by_ref().enumerate() {
            let x = load(chunk);
            let hits = _mm_or_si128(_mm_or_si128(equal(x, b'"'), equal(x, b'\\')), controls(x));
            let mask = bits(hits);
            if mask != 0 {
                return n * 16 + mask.trailing_zeros() as usize;
            }
        }
        let done = b.len() / 16 * 16;
        done + super::string_run_bytewise(&b[done..])
    }

    #[target_feature(enable = "sse2")]
    pub fn plainly_clean_line(line: &[u8]) -> bool {
        let (chunks, rest) = line.as_chunks::<16>();
        // The rest padded with a letter, which changes nothing; always
        // checked, so that a lead byte at the very end shows there.
        let mut last = [b'A'; 16];
        last[..rest.len()].copy_from_slice(rest);
        // Whether the previous chunk ended in a lead byte or a blank.
        let (mut lead, mut blank) = (0, 0);
        for chunk in chunks.iter().chain([&last]) {
            let x = load(chunk);
            if bits(_mm_or_si128(controls(x), equal(x, 0x7F))) != 0 {
                return false;
            }
            // Each byte from 0x80 is a lead byte 0xC3 or follows one.
            let leads = bits(equal(x, 0xC3));
            let high = bits(x);
            if high & !leads != ((leads << 1) | lead) & 0xFFFF {
                return false;
            }
            let blanks = bits(equal(x, b' '));
            if blanks & ((blanks << 1) | blank) != 0 {
                return false;
            }
            (lead, blank) = (leads >> 15, blanks >> 15);
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn special_bytes_end_a_string_run_wherever_they_lie() {
        for len in 0..70 {
            for at in 0..len {
                for special in [b'"', b'\\', 0x00, 0x1F, b'\n'] {
                    let mut b = vec![b'a'; len];
                    // Bytes that must not count: high bytes and DEL.
                    if at > 0 {
                        b[at - 1] = 0xC3;
                    }
                    b[at] = special;
                    b.extend_from_slice(&[0x7F, 0xFF]);
                    assert_eq!(string_run(&b), at, "len {len} at {at} byte {special}");
                }
            }
            assert_eq!(string_run(&vec![0xA0; len]), len);
        }
    }

    /// Lines from bytes that matter to the check, of every length around
    /// the chunk size, compared with the byte-at-a-time version and with
    /// the full check of `text`.
    #[test]
    fn plain_lines_are_told_as_a_byte_at_a_time() {
        const BYTES: &[u8] = b"ab \xC3\xA4\xBC\x7F\x1F\n\xC2\xA0\xE2\x80\x9E";
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let mut plain = 0;
        for round in 0..20_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let len = (state % 40) as usize;
            let mut line: Vec<u8> =
                (0..len).map(|i| BYTES[((state >> (i % 60)) as usize + i) % BYTES.len()]).collect();
            if round % 2 == 0 {
                // Mostly letters and umlauts, as real lines are.
                for (i, b) in line.iter_mut().enumerate() {
                    if (state >> (i % 61)) & 3 != 0 {
                        *b = b'x';
                    }
                }
            }
            let expected = line.first() != Some(&b' ')
                && line.last() != Some(&b' ')
                && plainly_clean_line_bytewise(&line);
            assert_eq!(plainly_clean_line(&line), expected, "{line:?}");
            if expected {
                plain += 1;
                if let Ok(s) = std::str::from_utf8(&line) {
                    assert!(crate::text::clean_line(s.to_owned()) == s, "{s:?}");
                }
            }
        }
        assert!(plain > 1000, "{plain}");
        // Pairs at every place, chunk borders included.
        for len in 2..50 {
            for at in 1..len - 1 {
                let mut line = vec![b'x'; len];
                line[at] = b' ';
                assert!(plainly_clean_line(&line), "one blank at {at} of {len}");
                if at + 2 < len {
                    line[at + 1] = b' ';
                    assert!(!plainly_clean_line(&line), "two blanks at {at} of {len}");
                }
                let mut line = vec![b'x'; len];
                line[at] = 0xC3;
                assert!(!plainly_clean_line(&line), "lead byte alone at {at} of {len}");
                line[at + 1] = 0xA4;
                assert!(plainly_clean_line(&line), "ä at {at} of {len}");
            }
            let mut line = vec![b'x'; len];
            line[len - 1] = 0xC3;
            assert!(!plainly_clean_line(&line), "lead byte last of {len}");
        }
        assert!(!plainly_clean_line("Jahresabschluss der Stadtentwässerung, § 41".as_bytes()));
        assert!(plainly_clean_line("Jahresabschluss der Stadtentwässerung für 2021/0832".as_bytes()));
    }
}
