//! Minimal but valid PDF 1.4 documents written by hand: Helvetica text on A4
//! pages, content streams uncompressed (so a test can find a phrase in the
//! bytes without a PDF library, and `pdftotext` extracts it), and SHA-1 for
//! the `sha1Checksum` of a File.

use std::fmt::Write as _;

const LINES_PER_PAGE: usize = 52;
const WRAP: usize = 88;

/// WinAnsiEncoding (Windows-1252) for the characters German text needs;
/// anything else becomes `?`, as a real export filter would do.
fn win_ansi(c: char) -> u8 {
    match c {
        ' '..='~' => c as u8,
        'ä' => 0xE4,
        'ö' => 0xF6,
        'ü' => 0xFC,
        'Ä' => 0xC4,
        'Ö' => 0xD6,
        'Ü' => 0xDC,
        'ß' => 0xDF,
        'é' => 0xE9,
        '–' => 0x96,
        '„' => 0x84,
        '“' => 0x93,
        '§' => 0xA7,
        '€' => 0x80,
        _ => b'?',
    }
}

/// Splits text into lines of at most `WRAP` characters at spaces.
pub fn wrap(text: &str) -> Vec<String> {
    let mut lines = Vec::new();
    for para in text.split('\n') {
        let (mut line, mut chars) = (String::new(), 0);
        for word in para.split(' ').filter(|w| !w.is_empty()) {
            let n = word.chars().count();
            if chars > 0 && chars + 1 + n > WRAP {
                lines.push(std::mem::take(&mut line));
                chars = 0;
            }
            if chars > 0 {
                line.push(' ');
                chars += 1;
            }
            line.push_str(word);
            chars += n;
        }
        lines.push(line);
    }
    lines
}

/// A PDF whose pages show `text` (wrapped, 52 lines a page).
pub fn pdf(text: &str) -> Vec<u8> {
    let lines = wrap(text);
    let pages: Vec<&[String]> = lines.chunks(LINES_PER_PAGE).collect();
    let n_obj = 3 + 2 * pages.len();
    let mut out: Vec<u8> = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::with_capacity(n_obj);
    let mut obj = |out: &mut Vec<u8>, body: &[u8]| {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", offsets.len()).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    };
    let kids: Vec<String> = (0..pages.len()).map(|i| format!("{} 0 R", 4 + 2 * i)).collect();
    obj(&mut out, b"<< /Type /Catalog /Pages 2 0 R >>");
    obj(&mut out, format!("<< /Type /Pages /Kids [{}] /Count {} >>", kids.join(" "), pages.len()).as_bytes());
    obj(&mut out, b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
    for (i, page) in pages.iter().enumerate() {
        let page_obj = format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] \
             /Resources << /Font << /F1 3 0 R >> >> /Contents {} 0 R >>",
            5 + 2 * i
        );
        obj(&mut out, page_obj.as_bytes());
        // Text operators: font, leading, start position, then one line
        // per `Tj` and `T*` (next line).
        let mut content: Vec<u8> = b"BT\n/F1 10 Tf\n14 TL\n56 790 Td\n".to_vec();
        for line in page.iter() {
            content.push(b'(');
            for c in line.chars() {
                let byte = win_ansi(c);
                if matches!(byte, b'(' | b')' | b'\\') {
                    content.push(b'\\');
                }
                content.push(byte);
            }
            content.extend_from_slice(b") Tj T*\n");
        }
        content.extend_from_slice(b"ET");
        let mut stream = format!("<< /Length {} >>\nstream\n", content.len()).into_bytes();
        stream.extend_from_slice(&content);
        stream.extend_from_slice(b"\nendstream");
        obj(&mut out, &stream);
    }
    let xref = out.len();
    let mut tail = format!("xref\n0 {}\n0000000000 65535 f \n", n_obj + 1);
    for off in &offsets {
        let _ = writeln!(tail, "{off:010} 00000 n ");
    }
    let _ = write!(tail, "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", n_obj + 1);
    out.extend_from_slice(tail.as_bytes());
    out
}

/// SHA-1 (FIPS 180-4), as lowercase hex: what OParl's `sha1Checksum` holds.
pub fn sha1_hex(data: &[u8]) -> String {
    let mut h: [u32; 5] = [0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0];
    let mut msg = data.to_vec();
    let bit_len = (data.len() as u64).wrapping_mul(8);
    msg.push(0x80);
    while msg.len() % 64 != 56 {
        msg.push(0);
    }
    msg.extend_from_slice(&bit_len.to_be_bytes());
    for block in msg.chunks(64) {
        let mut w = [0u32; 80];
        for (i, word) in block.chunks(4).enumerate() {
            w[i] = u32::from_be_bytes([word[0], word[1], word[2], word[3]]);
        }
        for i in 16..80 {
            w[i] = (w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16]).rotate_left(1);
        }
        let [mut a, mut b, mut c, mut d, mut e] = h;
        for (i, wi) in w.iter().enumerate() {
            let (f, k) = match i {
                0..=19 => ((b & c) | (!b & d), 0x5A82_7999),
                20..=39 => (b ^ c ^ d, 0x6ED9_EBA1),
                40..=59 => ((b & c) | (b & d) | (c & d), 0x8F1B_BCDC),
                _ => (b ^ c ^ d, 0xCA62_C1D6),
            };
            let t = a.rotate_left(5).wrapping_add(f).wrapping_add(e).wrapping_add(k).wrapping_add(*wi);
            e = d;
            d = c;
            c = b.rotate_left(30);
            b = a;
            a = t;
        }
        for (x, y) in h.iter_mut().zip([a, b, c, d, e]) {
            *x = x.wrapping_add(y);
        }
    }
    h.iter().fold(String::with_capacity(40), |mut s, x| {
        let _ = write!(s, "{x:08x}");
        s
    })
}
