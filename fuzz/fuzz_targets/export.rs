//! Any bytes as a JSON file: the loader reports, it never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let batch = ratsinfo::load::parse_bytes("fuzz.json", data);
    for p in &batch.problems {
        assert!(!p.message.chars().any(char::is_control));
    }
});
