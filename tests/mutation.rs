//! A short, deterministic fuzz run inside `cargo test`: the fixtures,
//! mutated by a seeded generator (truncations, byte flips, inserted syntax
//! and control bytes, cut and doubled ranges), go through every loader. No
//! input may panic, and every reported position must lie inside the file.
//! The long, coverage-guided runs live in fuzz/ (cargo fuzz).

use std::sync::Arc;

use ratsinfo::load::{export, page, parse_bytes, parse_from};
use ratsinfo::long_text::Origin;

#[path = "../examples/support/rng.rs"]
mod rng;

use rng::Rng;

const INTERESTING: &[&[u8]] = &[
    b"\"",
    b"{",
    b"}",
    b"[",
    b"]",
    b",",
    b":",
    b"\\",
    b"\\u",
    b"\\ud800",
    b"\x00",
    b"\x1b]52;",
    b"\xff",
    b"\xc3",
    b"\xe2\x80\xae",
    b"null",
    b"1e999",
    b"-",
    b"\n",
    b"\r\n",
    b"\xc2\xa0",
    b"31.02.2026",
    b"Vorlage - ",
    b"Auszug - ",
    b"Beratungsfolge:",
    b"Sachverhalt:",
    b"Anlagen:",
];

fn mutate(rng: &mut Rng, input: &[u8]) -> Vec<u8> {
    let mut v = input.to_vec();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(v.len() + 1);
        match rng.below(6) {
            0 => v.truncate(at),
            1 if !v.is_empty() => {
                let i = at.min(v.len() - 1);
                v[i] ^= 1 << rng.below(8);
            }
            2 => {
                let ins = INTERESTING[rng.below(INTERESTING.len())];
                v.splice(at..at, ins.iter().copied());
            }
            3 => {
                let end = (at + rng.below(64)).min(v.len());
                v.drain(at..end);
            }
            4 => {
                let end = (at + rng.below(256)).min(v.len());
                let copy = v[at..end].to_vec();
                v.splice(at..at, copy);
            }
            _ => {
                let b = rng.next() as u8;
                v.insert(at, b);
            }
        }
    }
    v
}

fn lines(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b == b'\n').count() + 1
}

fn fixtures(dir: &str, ext: &str) -> Vec<(String, Vec<u8>)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut out = Vec::new();
    let mut stack = vec![root];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == ext) {
                out.push((p.display().to_string(), std::fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    assert!(!out.is_empty(), "no fixtures in {dir}");
    out
}

const ROUNDS: usize = 1500;

#[test]
fn mutated_json_never_panics_and_positions_stay_inside() {
    let mut rng = Rng::new(0x5EED_0001);
    for (name, bytes) in fixtures("sample-data", "json") {
        for round in 0..ROUNDS {
            let input = mutate(&mut rng, &bytes);
            let batch = parse_bytes("m.json", &input);
            for p in &batch.problems {
                if let Some(line) = p.line {
                    assert!(line <= lines(&input), "{name} round {round}: line {line} outside: {p:?}");
                }
                assert!(!p.message.chars().any(char::is_control), "{name}: {p:?}");
            }
        }
    }
}

/// Long texts left in their file read back as they would have been loaded,
/// whatever the file holds around them.
#[test]
fn texts_left_in_mutated_files_read_as_if_loaded() {
    let dir = std::env::temp_dir().join(format!("ratsinfo-mutation-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("m.json");
    let mut rng = Rng::new(0x5EED_0003);
    let mut left_in_file = 0;
    // Export files: only their loader leaves texts in the file.
    let exports =
        fixtures("sample-data", "json").into_iter().filter(|(_, b)| !ratsinfo::load::oparl::is_oparl(b));
    for (name, bytes) in exports {
        for round in 0..ROUNDS / 3 {
            let input = mutate(&mut rng, &bytes);
            std::fs::write(&path, &input).unwrap();
            let meta = std::fs::metadata(&path).unwrap();
            let origin = Arc::new(Origin::file(&path, &meta));
            let lazy = parse_from("m.json", &input, Some(&origin));
            let eager = parse_bytes("m.json", &input);
            assert_eq!(lazy.vorlagen, eager.vorlagen, "{name} round {round}");
            assert_eq!(lazy.auszuege, eager.auszuege, "{name} round {round}");
            assert_eq!(lazy.problems, eager.problems, "{name} round {round}");
            left_in_file += lazy.vorlagen.iter().filter(|v| v.sachverhalt.is_in_file()).count();
        }
    }
    assert!(left_in_file > 100, "the test must cover texts left in files: {left_in_file}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Whatever a mutation did, the strict reader either reads the file as the
/// lenient one does or leaves it to it (see also tests/strict.rs).
#[test]
fn strict_and_lenient_readers_agree_on_mutated_files() {
    let mut rng = Rng::new(0x5EED_0005);
    let exports =
        fixtures("sample-data", "json").into_iter().filter(|(_, b)| !ratsinfo::load::oparl::is_oparl(b));
    for (name, bytes) in exports {
        for round in 0..ROUNDS {
            let input = mutate(&mut rng, &bytes);
            let either = export::parse("m.json", &input, None);
            let lenient = export::parse_lenient("m.json", &input, None);
            assert_eq!(either.vorlagen, lenient.vorlagen, "{name} round {round}");
            assert_eq!(either.auszuege, lenient.auszuege, "{name} round {round}");
            assert_eq!(either.problems, lenient.problems, "{name} round {round}");
        }
    }
}

#[test]
fn mutated_pages_never_panic() {
    let mut rng = Rng::new(0x5EED_0002);
    for (name, bytes) in fixtures("sample-data/seeds", "txt") {
        for round in 0..ROUNDS {
            let input = mutate(&mut rng, &bytes);
            match page::import_page("m.txt", &input) {
                Ok(imported) => {
                    for record in &imported.records {
                        let value = match record {
                            page::Page::Vorlage(v) => serde_json::to_value(v),
                            page::Page::Auszug(a) => serde_json::to_value(a),
                        }
                        .unwrap();
                        assert_clean(&value, &format!("{name} round {round}"));
                    }
                }
                Err(p) => assert_eq!(p.file, "m.txt", "{name} round {round}"),
            }
        }
    }
}

/// No string of an imported record may hold a control character but "\n".
fn assert_clean(v: &serde_json::Value, context: &str) {
    match v {
        serde_json::Value::String(s) => {
            assert!(!s.chars().any(|c| c.is_control() && c != '\n'), "{context}: {s:?}")
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| assert_clean(x, context)),
        serde_json::Value::Object(o) => o.values().for_each(|x| assert_clean(x, context)),
        _ => {}
    }
}
