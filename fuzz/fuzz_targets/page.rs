//! Any bytes as a saved council page: imported or reported, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = ratsinfo::load::page::import_page("fuzz.txt", data);
});
