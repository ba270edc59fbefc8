//! The archive generator of the scale benchmark (`examples/gen-archive.rs`)
//! at a small size: what it writes must be valid ratsinfo-export/1 that
//! loads without a single problem, with the shape the benchmark relies on,
//! and the same bytes every time.

#[path = "../examples/support/archive_gen.rs"]
mod archive_gen;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use archive_gen::{Config, civil_from_days, days_from_civil, generate};
use ratsinfo::load::{Progress, load_paths};
use ratsinfo::ui::app::Data;

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ratsinfo-test-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn read_all(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut problems = Vec::new();
    ratsinfo::load::discover(&[dir.to_path_buf()], &mut problems)
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p.strip_prefix(dir).unwrap().to_path_buf(), bytes)
        })
        .collect()
}

#[test]
fn a_small_generated_archive_loads_without_problems() {
    let dir = temp_dir("gen");
    let summary = generate(&Config::new(200), &dir).unwrap();
    assert_eq!(summary.vorlagen, 200);
    let d = Data::new(load_paths(std::slice::from_ref(&dir), &Arc::new(Progress::default())));
    let a = &d.archive;
    assert!(a.problems.is_empty(), "{:#?}", a.problems);
    assert_eq!(a.files, summary.files.len());
    assert_eq!(a.vorlagen.len(), 200);
    assert_eq!(a.auszuege.len(), summary.auszuege);
    // About one Auszug per Vorlage; 1–3 Beratungen each.
    assert!((160..=260).contains(&a.auszuege.len()), "{}", a.auszuege.len());
    assert!(a.vorlagen.iter().all(|v| (1..=3).contains(&v.beratungsfolge.len())));
    // Most Auszüge are the same item as a Beratung of their Vorlage.
    assert!(
        d.tree.items.len()
            < a.auszuege.len() + a.vorlagen.iter().map(|v| v.beratungsfolge.len()).sum::<usize>()
    );
    // German text with what real exports carry, cleaned on load.
    let text: String = a.vorlagen.iter().map(|v| v.sachverhalt.as_str()).collect();
    assert!(text.contains('ü') && text.contains('ß'));
    assert!(!text.contains('\u{a0}'), "no-break spaces are normalised on load");
    let raw: Vec<u8> = read_all(&dir).into_iter().flat_map(|(_, b)| b).collect();
    let raw = String::from_utf8(raw).unwrap();
    assert!(raw.contains('\u{a0}'));
    assert!(
        raw.contains("\"datum\": \"")
            && raw.split("\"datum\": \"").any(|s| s.as_bytes().get(2) == Some(&b'.'))
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_generator_is_deterministic() {
    let (a, b) = (temp_dir("det-a"), temp_dir("det-b"));
    generate(&Config::new(150), &a).unwrap();
    generate(&Config::new(150), &b).unwrap();
    let (fa, fb) = (read_all(&a), read_all(&b));
    assert!(!fa.is_empty());
    assert!(fa == fb, "two runs wrote different files");
    let _ = std::fs::remove_dir_all(&a);
    let _ = std::fs::remove_dir_all(&b);
}

#[test]
fn calendar_round_trips() {
    for d in [-1000, 0, 12_000, 19_000, 20_000] {
        let (y, m, dd) = civil_from_days(d);
        assert_eq!(days_from_civil(y, m, dd), d);
    }
    assert_eq!(civil_from_days(days_from_civil(2024, 2, 29)), (2024, 2, 29));
}
