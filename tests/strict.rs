//! The strict reader (src/load/strict.rs) reads what it accepts exactly as
//! the lenient reader does, and gives way to it for everything else. Here
//! both read thousands of variations of the sample export: values of other
//! types, escapes of every kind, impossible dates, missing and unknown
//! fields, other whitespace, texts long and short, in their file or not.

use std::sync::Arc;

use ratsinfo::load::{Batch, export, strict};
use ratsinfo::long_text::Origin;
use serde_json::{Map, Value, json};

#[path = "../examples/support/rng.rs"]
mod rng;

use rng::Rng;

const ROUNDS: usize = 2000;

/// Strings worth putting into a text: escapes JSON writes, control and
/// format characters, blanks the cleaning collapses, astral chars (a
/// surrogate pair once escaped).
const PIECES: &[&str] = &[
    "\"",
    "\\",
    "/",
    "\n",
    "\n\n",
    "\t",
    "\r\n",
    "\u{0}",
    "\u{1b}[31m",
    "\u{7f}",
    "\u{85}",
    "\u{a0}",
    "  ",
    " ",
    "ä",
    "ß",
    "€",
    "\u{202e}",
    "😀",
    "Sanierung der Gesamtschule",
];

/// What a text of a wild round may hold besides.
const DEFECTS: &[&str] = &[LONE_HIGH, LONE_LOW, RAW_CONTROL, RAW_TAB];

/// Stand-ins for what no JSON writer produces, replaced once written: lone
/// surrogate escapes, and control characters not escaped.
const LONE_HIGH: &str = "\u{e000}";
const LONE_LOW: &str = "\u{e001}";
const RAW_CONTROL: &str = "\u{e002}";
const RAW_TAB: &str = "\u{e003}";

fn text(rng: &mut Rng, long: bool, wild: bool) -> String {
    let mut s = String::new();
    let parts = if long { rng.range(8, 40) } else { rng.range(0, 4) };
    for _ in 0..parts {
        s.push_str(if wild && rng.chance(5) { rng.pick(DEFECTS) } else { rng.pick(PIECES) });
        if rng.chance(50) {
            s.push_str("Text ");
        }
    }
    s
}

/// Another value for a field: when `wild`, often of another kind; else one
/// the contract allows.
fn vary(rng: &mut Rng, key: &str, v: &Value, wild: bool) -> Value {
    let long = rng.chance(50);
    if !wild {
        return match key {
            // Required in some records: null there sends the file to the
            // lenient reader, elsewhere it is read as "not given".
            _ if rng.chance(10) => Value::Null,
            "nr" if rng.chance(50) => json!(*rng.pick(&[&0u64, &7, &u64::MAX])),
            "datum" => json!(*rng.pick(&[" 2021-09-07 ", "07.09.2021", "7.9.2021", "2021-09-07T17:00:00"])),
            "beginn" | "ende" => json!(*rng.pick(&["18:30", "9:05", "18:30:00", ""])),
            _ if v.is_string() => json!(text(rng, long, false)),
            _ => v.clone(),
        };
    }
    match rng.below(12) {
        0 => Value::Null,
        1 => json!(rng.below(100)),
        2 => json!(""),
        3 => json!([v.clone()]),
        4 if key == "datum" => json!(*rng.pick(&["31.02.2026", "2021-9-7", "x"])),
        5 if key == "beginn" || key == "ende" => json!(*rng.pick(&["25:00", "18:3", "x"])),
        6 if v.is_array() => v.get(0).cloned().unwrap_or(Value::Null),
        _ if v.is_string() => json!(text(rng, long, true)),
        _ => v.clone(),
    }
}

fn vary_record(rng: &mut Rng, record: &mut Map<String, Value>, wild: bool) {
    let keys: Vec<String> = record.keys().cloned().collect();
    for key in keys {
        if rng.chance(8) {
            let new = vary(rng, &key, &record[&key], wild);
            record.insert(key, new);
        } else if wild && rng.chance(2) {
            record.remove(&key);
        } else if let Some(list) = record.get_mut(&key).and_then(Value::as_array_mut) {
            for element in list {
                if let Some(inner) = element.as_object_mut() {
                    vary_record(rng, inner, wild);
                }
            }
        }
    }
    if rng.chance(3) {
        record.insert("unbekannt".into(), json!({"x": [1, -2.5e3, true, null, "s", {}]}));
    }
}

/// Writes `v` compact or indented, with CRLF or tabs, with non-ASCII chars
/// escaped or not.
fn write(rng: &mut Rng, v: &Value) -> String {
    let mut s = if rng.chance(50) {
        serde_json::to_string(v).unwrap()
    } else {
        // Raw line breaks of indented JSON lie between tokens only.
        let pretty = serde_json::to_string_pretty(v).unwrap();
        match rng.below(3) {
            0 => pretty.replace('\n', "\r\n"),
            1 => pretty.replace("  ", "\t"),
            _ => pretty,
        }
    };
    for (stand_in, meant) in
        [(LONE_HIGH, "\\ud800"), (LONE_LOW, "\\udc00"), (RAW_CONTROL, "\u{1}"), (RAW_TAB, "\t")]
    {
        s = s.replace(stand_in, meant);
    }
    if rng.chance(30) {
        // Non-ASCII chars only occur inside strings.
        let mut escaped = String::with_capacity(s.len());
        for c in s.chars() {
            if c.is_ascii() {
                escaped.push(c);
            } else {
                let mut units = [0u16; 2];
                for u in c.encode_utf16(&mut units) {
                    escaped.push_str(&format!("\\u{u:04x}"));
                }
            }
        }
        s = escaped;
    }
    s
}

fn assert_same(strict: &Batch, lenient: &Batch, context: &str) {
    assert_eq!(strict.koerperschaft, lenient.koerperschaft, "{context}");
    assert_eq!(strict.vorlagen, lenient.vorlagen, "{context}");
    assert_eq!(strict.auszuege, lenient.auszuege, "{context}");
    assert_eq!(strict.problems, lenient.problems, "{context}");
    // Equal texts may differ in where they are kept; they must not.
    let kept = |b: &Batch| -> Vec<bool> {
        b.vorlagen
            .iter()
            .flat_map(|v| [&v.sachverhalt, &v.beschlussvorschlag, &v.finanzielle_auswirkungen])
            .chain(b.auszuege.iter().flat_map(|a| [&a.beschluss, &a.wortprotokoll]))
            .map(|t| t.is_in_file())
            .collect()
    };
    assert_eq!(kept(strict), kept(lenient), "{context}");
}

#[test]
fn strict_and_lenient_readers_agree() {
    let sample: Value =
        serde_json::from_slice(include_bytes!("../sample-data/herne.json")).expect("the sample is JSON");
    let dir = std::env::temp_dir().join(format!("ratsinfo-strict-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("s.json");
    let mut rng = Rng::new(0x5EED_0004);
    let (mut accepted, mut declined, mut in_file) = (0, 0, 0);
    for round in 0..ROUNDS {
        let mut v = sample.clone();
        let wild = rng.chance(50);
        for list in ["vorlagen", "auszuege"] {
            for record in v[list].as_array_mut().unwrap() {
                vary_record(&mut rng, record.as_object_mut().unwrap(), wild);
            }
        }
        if rng.chance(5) {
            let top = v.as_object_mut().unwrap();
            let key = rng.pick(&["format", "quelle", "koerperschaft", "vorlagen"]).to_string();
            let new = vary(&mut rng, &key, &top[&key], wild);
            top.insert(key, new);
        }
        let mut json = write(&mut rng, &v);
        if rng.chance(5) {
            json.insert(0, '\u{feff}');
        }
        let bytes = json.as_bytes();
        let origin = rng.chance(50).then(|| {
            std::fs::write(&path, bytes).unwrap();
            Arc::new(Origin::file(&path, &std::fs::metadata(&path).unwrap()))
        });
        let text = json.strip_prefix('\u{feff}').unwrap_or(&json);
        let shift = bytes.len() - text.len();
        match strict::read(text, origin.as_ref().map(|o| (o, shift))) {
            Some(_) => accepted += 1,
            None => declined += 1,
        }
        let strict = export::parse("s.json", bytes, origin.as_ref());
        let lenient = export::parse_lenient("s.json", bytes, origin.as_ref());
        let context = format!("round {round}: {json}");
        assert_same(&strict, &lenient, &context);
        in_file += strict.vorlagen.iter().filter(|v| v.sachverhalt.is_in_file()).count();
    }
    // Both ways must be taken often, or the comparison proves little.
    assert!(accepted > ROUNDS / 10 && declined > ROUNDS / 10, "accepted {accepted}, declined {declined}");
    assert!(in_file > 100, "texts left in the file: {in_file}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// The sample as it is: read by the strict reader, the same as the lenient.
#[test]
fn the_sample_is_read_strictly() {
    let bytes = include_bytes!("../sample-data/herne.json");
    let text = std::str::from_utf8(bytes).unwrap();
    assert!(strict::read(text, None).is_some());
    assert_same(
        &export::parse("herne.json", bytes, None),
        &export::parse_lenient("herne.json", bytes, None),
        "sample",
    );
}

/// Long texts on both sides of the length from which they stay in the
/// file, escaped or not: the two readers keep each in the same place.
#[test]
fn long_texts_stay_in_the_file_from_the_same_length() {
    let dir = std::env::temp_dir().join(format!("ratsinfo-strict-len-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("l.json");
    for (piece, size) in [("a", 1), ("\\n", 2), ("\\u00e4", 6), ("ä", 2)] {
        for count in 20..80 / size {
            let inside = piece.repeat(count);
            let json =
                format!(r#"{{"vorlagen": [{{"nummer": "1", "betreff": "b", "sachverhalt": "{inside}"}}]}}"#);
            std::fs::write(&path, &json).unwrap();
            let origin = Arc::new(Origin::file(&path, &std::fs::metadata(&path).unwrap()));
            let strict = export::parse("l.json", json.as_bytes(), Some(&origin));
            let lenient = export::parse_lenient("l.json", json.as_bytes(), Some(&origin));
            assert_same(&strict, &lenient, &json);
            let raw = inside.len() + 2;
            let kept = strict.vorlagen[0].sachverhalt.is_in_file();
            assert_eq!(kept, raw >= ratsinfo::long_text::KEEP_BELOW, "{raw} bytes: {json}");
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}
