//! Copying through the terminal: OSC 52 asks the terminal to put text on
//! the system clipboard. It travels with the terminal's own output, so it
//! works over SSH; tmux passes it on with `set -g set-clipboard on`.

use base64::Engine;

/// What terminals and tmux accept in one sequence, with room: xterm's
/// default is 100,000 bytes of base64.
pub const MAX_BYTES: usize = 74_000;

/// The OSC 52 sequence that copies `text`, or None when it is too long
/// for terminals to take. The text is the data's, cleaned at load time;
/// base64 carries it, so that nothing in it can end the sequence.
pub fn osc52(text: &str) -> Option<String> {
    if text.len() > MAX_BYTES {
        return None;
    }
    let b64 = base64::engine::general_purpose::STANDARD.encode(text.as_bytes());
    Some(format!("\x1b]52;c;{b64}\x07"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sequence_carries_the_text_in_base64() {
        let seq = osc52("2021/0832 Straße").unwrap();
        assert!(seq.starts_with("\x1b]52;c;") && seq.ends_with('\x07'));
        let b64 = &seq[7..seq.len() - 1];
        let back = base64::engine::general_purpose::STANDARD.decode(b64).unwrap();
        assert_eq!(back, "2021/0832 Straße".as_bytes());
        // Inside, only base64's letters: nothing can end it early.
        assert!(b64.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/' || b == b'='));
        assert!(osc52(&"x".repeat(MAX_BYTES + 1)).is_none());
    }
}
