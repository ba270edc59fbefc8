//! Any bytes as a JSON file: the loader reports, it never panics, and the
//! strict reader reads what it accepts exactly as the lenient one does.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ratsinfo::load::export;

fuzz_target!(|data: &[u8]| {
    let batch = ratsinfo::load::parse_bytes("fuzz.json", data);
    for p in &batch.problems {
        assert!(!p.message.chars().any(char::is_control));
    }
    if !ratsinfo::load::oparl::is_oparl(data) {
        let lenient = export::parse_lenient("fuzz.json", data, None);
        assert_eq!(batch.vorlagen, lenient.vorlagen);
        assert_eq!(batch.auszuege, lenient.auszuege);
        assert_eq!(batch.problems, lenient.problems);
    }
});
