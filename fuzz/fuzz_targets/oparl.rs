//! Any bytes as an OParl file, through the whole pipeline: parsing,
//! resolving references, merging, the tree and the search index.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ratsinfo::load::parse_bytes;
use ratsinfo::pipeline::finish;
use ratsinfo::search::SearchIndex;
use ratsinfo::tree::Tree;

fuzz_target!(|data: &[u8]| {
    let archive = finish(vec![parse_bytes("fuzz.json", data)], Vec::new());
    let tree = Tree::build(&archive);
    let _ = SearchIndex::build(&archive, &tree);
});
