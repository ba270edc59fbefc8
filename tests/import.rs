//! The page importer against real saved pages of the Herne council system
//! (`sample-data/seeds/`: 000, 001, 003, 004 are Vorlagen, 002 an Auszug).
//!
//! `sample-data/herne.json` is what `import_files` makes of those pages and
//! is checked byte for byte. After a deliberate change to the importer,
//! regenerate it with `RATSINFO_BLESS=1 cargo test --test import` and review
//! the diff before committing it.

use std::path::{Path, PathBuf};

use ratsinfo::load::page::{Imported, Page, import_files, import_page};
use ratsinfo::long_text::LongText;
use ratsinfo::model::{Auszug, Date, FORMAT_ID, Vorlage};
use ratsinfo::problem::Severity;

/// A long text of an imported record (kept in memory).
fn t(text: &LongText) -> &str {
    match text.read() {
        Ok(std::borrow::Cow::Borrowed(s)) => s,
        other => panic!("imported texts are in memory, not {other:?}"),
    }
}

fn seed_paths() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/seeds");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    paths
}

fn seed_path(prefix: &str) -> PathBuf {
    let paths = seed_paths();
    let found = paths.iter().find(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix));
    found.unwrap_or_else(|| panic!("no seed {prefix}")).clone()
}

fn seed_text(prefix: &str) -> String {
    std::fs::read_to_string(seed_path(prefix)).unwrap()
}

fn import(text: &str) -> Imported {
    import_page("seite.txt", text.as_bytes()).unwrap()
}

fn vorlage_of(imported: &Imported) -> &Vorlage {
    match &imported.records[0] {
        Page::Vorlage(v) => v,
        other => panic!("expected a Vorlage, got {other:?}"),
    }
}

fn seed_vorlage(prefix: &str) -> Vorlage {
    vorlage_of(&import(&seed_text(prefix))).clone()
}

fn paragraphs(text: &str) -> Vec<&str> {
    text.split("\n\n").collect()
}

fn first_and_last(text: &str) -> (&str, &str) {
    let p = paragraphs(text);
    (p[0], p[p.len() - 1])
}

fn date(d: &str) -> Option<Date> {
    Some(Date::parse(d).unwrap())
}

/// Gremium, date, role, result of each step.
fn steps(v: &Vorlage) -> Vec<(&str, Option<Date>, &str, &str)> {
    v.beratungsfolge
        .iter()
        .map(|b| (b.gremium.as_str(), b.datum, b.rolle.as_str(), b.ergebnis.as_str()))
        .collect()
}

#[test]
fn the_sample_export_is_what_the_seeds_import_to() {
    let (file, problems) = import_files(&seed_paths());
    assert!(problems.is_empty(), "{problems:?}");
    let json = serde_json::to_string_pretty(&file).unwrap() + "\n";
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/herne.json");
    if std::env::var_os("RATSINFO_BLESS").is_some_and(|v| v == "1") {
        std::fs::write(&path, &json).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap();
    assert!(committed == json, "sample-data/herne.json is stale; see the comment at the top of this file");
}

#[test]
fn the_reader_loads_the_sample_export_without_complaint() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/herne.json");
    let batch = ratsinfo::load::parse_bytes("herne.json", &std::fs::read(path).unwrap());
    assert!(batch.problems.is_empty(), "{:?}", batch.problems);
    assert_eq!((batch.vorlagen.len(), batch.auszuege.len()), (5, 1));
    assert_eq!(batch.koerperschaft, "Stadt Herne");
}

#[test]
fn the_seeds_make_one_file_of_the_stadt_herne() {
    let (file, _) = import_files(&seed_paths());
    assert_eq!(file.format, FORMAT_ID);
    assert_eq!(file.koerperschaft, "Stadt Herne");
    assert_eq!(file.quelle, "Ratsinformationssystem der Stadt Herne");
    let nummern: Vec<&str> = file.vorlagen.iter().map(|v| v.nummer.as_str()).collect();
    assert_eq!(nummern, ["2021/0832", "2022/0072", "2013/0228", "2014/0290", "2007/0189"]);
    assert_eq!(file.auszuege.len(), 1);
    let json = serde_json::to_string(&file).unwrap();
    for chrome in ["Cookie", "eTracker", "Readspeaker", "Youtube", "Google Translate", "\u{A0}"] {
        assert!(!json.contains(chrome), "{chrome}");
    }
}

#[test]
fn seed_000_antrag() {
    let v = seed_vorlage("000");
    assert_eq!(v.nummer, "2021/0832");
    assert_eq!(
        v.betreff,
        "Antrag: Prüfauftrag zur Umsetzung der Doppelstrategie \"Chancen bieten - Grenzen setzen\""
    );
    assert_eq!(v.status, "öffentlich");
    assert_eq!(v.art, "Antrag-Formular");
    assert_eq!(v.verfasser, "CDU-Fraktion und SPD Fraktion");
    assert_eq!(v.federfuehrend, "Bereich 10 - Büro Oberbürgermeister");
    assert_eq!(v.bearbeiter, "Gresch, Norbert");
    assert_eq!(
        steps(&v),
        [("Rat der Stadt", date("07.09.2021"), "Entscheidung", "des Rates der Stadt geändert beschlossen")]
    );
    assert_eq!(v.finanzielle_auswirkungen, "");
    assert_eq!(
        paragraphs(t(&v.beschlussvorschlag)),
        [
            "Die Fraktionen von CDU und SPD beauftragen die Verwaltung, die Einführung und Umsetzung der Doppelstrategie",
            "„Chancen bieten - Grenzen setzen“",
            "in Weiterentwicklung des Essener Modellprojekts zur Integration von geduldeten Einwanderern mit komplexem Aufenthaltsstatus zu prüfen.",
        ]
    );
    let (first, last) = first_and_last(t(&v.sachverhalt));
    assert!(first.starts_with("Die aufenthaltsrechtliche Komplexität geduldeter Einwanderer"), "{first}");
    assert!(last.starts_with("Um diese Chance nutzen zu können,"), "{last}");
    assert!(last.ends_with("fungieren können."), "{last}");
    assert_eq!(paragraphs(t(&v.sachverhalt)).len(), 3);
    assert_eq!(v.anlagen.len(), 1);
    let a = &v.anlagen[0];
    assert_eq!(a.nr, "1");
    assert_eq!(a.status, "öffentlich");
    assert_eq!(a.name, "210907 Prüfauftrag CDU_SPD - Chancen bieten - Grenzen setzen");
    assert_eq!(a.groesse, "101 KB");
}

#[test]
fn seed_001_bericht_without_role_keeps_damage_and_signature() {
    let v = seed_vorlage("001");
    assert_eq!(v.nummer, "2022/0072");
    assert_eq!(
        v.betreff,
        "Bericht der Verwaltung zum Prüfauftrag zur Einführung der Doppelstrategie \"Chancen bieten - Grenzen setzen\" (Vorlage 2021/0832)"
    );
    assert_eq!(v.art, "Berichtsvorlage");
    assert_eq!(v.verfasser, "Hr. Gnörk, Tel. 2248");
    assert_eq!(v.federfuehrend, "Büro Dezernat III");
    assert_eq!(v.bearbeiter, "Gnörk, Markus");
    assert_eq!(
        steps(&v),
        [("Rat der Stadt", date("15.02.2022"), "", "des Rates der Stadt zur Kenntnis genommen")]
    );
    assert_eq!(v.beschlussvorschlag, "");
    assert!(v.anlagen.is_empty(), "„Anlagen: keine“");
    let p = paragraphs(t(&v.sachverhalt));
    assert!(p[0].starts_with("In der Sitzung des Rates der Stadt vom 07.09.2021 wurde"), "{}", p[0]);
    assert!(p.iter().any(|p| p.starts_with("r Geduldete, die unverschuldet an der Ausreise gehindert sind")));
    assert_eq!(p[p.len() - 4..], ["Der Oberbürgermeister", "In Vertretung", "Merkendorf", "Stadtrat"]);
    assert!(p.iter().any(|p| p.starts_with("1. Nachträglicher Erwerb des Hauptschulabschlusses")));
}

#[test]
fn seed_002_auszug_and_the_vorlage_it_names() {
    let imported = import(&seed_text("002"));
    let [Page::Auszug(a), Page::Vorlage(v)] = &imported.records[..] else { panic!("{:?}", imported.records) };
    let expected = Auszug {
        titel: "Bericht \"Migrantinnen und Migranten in Herne\"".into(),
        gremium: "Ausschuss für Soziales, Gesundheit und Familie".into(),
        top: "Ö 2".into(),
        beschlussart: "zur Kenntnis genommen".into(),
        datum: date("06.06.2013"),
        status: "öffentlich/nichtöffentlich".into(),
        beginn: "16:00".into(),
        ende: "17:05".into(),
        anlass: "Sitzung".into(),
        raum: "großer Sitzungssaal (Raum Nr. 30)".into(),
        ort: "Rathaus Wanne".into(),
        vorlage: "2013/0228".into(),
        wortprotokoll: a.wortprotokoll.clone(),
        beschluss: a.beschluss.clone(),
        ..Auszug::default()
    };
    assert_eq!(*a, expected);
    let (first, last) = first_and_last(t(&a.wortprotokoll));
    assert_eq!(
        first,
        "Herr Marquardt geht im Rahmen einer Powerpoint-Präsentation auf spezielle Aspekte des vorliegenden Berichtes ein."
    );
    assert_eq!(
        last,
        "Anschließend werden weitere Fragen zu der Präsentation gestellt, die von Herrn Marquardt beantwortet werden."
    );
    assert_eq!(paragraphs(t(&a.wortprotokoll)).len(), 4);
    assert!(
        t(&a.beschluss)
            .starts_with("Der Bericht „Migrantinnen und Migranten in Herne“ wird zur Kenntnis genommen.")
    );
    assert!(t(&a.beschluss).ends_with("wird die Verwaltung regelmäßig berichten."));
    assert!(!t(&a.beschluss).contains('\n'));

    let expected = Vorlage {
        nummer: "2013/0228".into(),
        betreff: "Bericht \"Migrantinnen und Migranten in Herne\"".into(),
        status: "öffentlich".into(),
        art: "öffentliche Beschlussvorlage".into(),
        verfasser: "Barbara Kruse".into(),
        federfuehrend: "Büro Dezernat III".into(),
        bearbeiter: "Barszap, Michael".into(),
        ..Vorlage::default()
    };
    assert_eq!(*v, expected);
}

#[test]
fn seed_003_integrationskonzept() {
    let v = seed_vorlage("003");
    assert_eq!(v.nummer, "2014/0290");
    assert_eq!(v.betreff, "Gesamtstädtisches Integrationskonzept");
    assert_eq!(v.art, "öffentliche Beschlussvorlage");
    assert_eq!(v.verfasser, "Radojka Mühlenkamp");
    assert_eq!(v.federfuehrend, "Büro Integrationsrat");
    assert_eq!(v.bearbeiter, "Barszap, Michael");
    assert_eq!(
        steps(&v),
        [
            ("Integrationsrat", date("16.04.2014"), "Vorberatung", "des Integrationsrates beschlossen"),
            (
                "Haupt- und Finanzausschuss",
                date("29.04.2014"),
                "Vorberatung",
                "des Haupt- und Finanzausschusses beschlossen"
            ),
            ("Rat der Stadt", date("06.05.2014"), "Entscheidung", "des Rates der Stadt beschlossen"),
        ]
    );
    assert_eq!(v.finanzielle_auswirkungen, "Ausgaben/Einnahmen in €:");
    assert_eq!(
        v.beschlussvorschlag,
        "Der Rat der Stadt Herne beschließt das gesamtstädtische Integrationskonzept und beauftragt die \
         Verwaltung, die zuständigen Gremien in regelmäßigen Abständen über den Fortgang der Umsetzung zu informieren."
    );
    let (first, last) = first_and_last(t(&v.sachverhalt));
    assert_eq!(
        first,
        "Zum 01.08.2013 wurde mit Beschluss des Rates vom 07.05.2013 ein Kommunales Integrationszentrum in Herne errichtet."
    );
    assert!(
        last.starts_with("Nach der Verabschiedung des gesamtstädtischen Integrationskonzeptes"),
        "{last}"
    );
    assert!(last.ends_with("um Parallelstrukturen zu vermeiden."), "{last}");
    assert_eq!(v.anlagen.len(), 1);
    assert_eq!(v.anlagen[0].name, "IntgKonzept - Herne - 2014 - 04 - 03");
    assert_eq!(v.anlagen[0].groesse, "322 KB");
}

#[test]
fn seed_004_repeated_headings_give_no_duplicated_text() {
    let v = seed_vorlage("004");
    assert_eq!(v.nummer, "2007/0189");
    assert_eq!(v.betreff, "Leitlinien für die Integrationsarbeit in Herne");
    assert_eq!(v.verfasser, "Bolle, Claudia");
    assert_eq!(v.bearbeiter, "Spitzer, Claudia");
    assert_eq!(v.beratungsfolge.len(), 3);
    assert_eq!(v.beratungsfolge[2].datum, date("27.03.2007"));
    assert_eq!(
        paragraphs(t(&v.finanzielle_auswirkungen)),
        ["Ausgaben/Einnahmen in €:", "Finanzposition:", "Verw.-/Vermögenshaushalt:", "-", "-", "-"]
    );
    for (name, text) in [("Beschlussvorschlag", t(&v.beschlussvorschlag)), ("Sachverhalt", t(&v.sachverhalt))]
    {
        assert!(!text.contains(&format!("{name}:")), "{name}");
        assert!(!text.starts_with('\n') && !text.is_empty(), "{name}");
    }
    let (first, last) = first_and_last(t(&v.beschlussvorschlag));
    assert_eq!(
        first,
        "Der Rat der Stadt Herne beschließt die nachfolgenden Leitlinien für die Integrationsarbeit in Herne:"
    );
    assert!(last.ends_with("für die Umsetzung dieser Leitlinien ein-zusetzen."), "{last}");
    assert_eq!(t(&v.beschlussvorschlag).matches("beschließt die nachfolgenden Leitlinien").count(), 1);
    assert!(paragraphs(t(&v.beschlussvorschlag)).contains(&"I Verständnis von Integration"));
    let p = paragraphs(t(&v.sachverhalt));
    assert_eq!(p[0], "I Ausgangslage");
    assert_eq!(p[p.len() - 4..], ["Der Oberbürgermeister", "In Vertretung", "Thierhoff", "Stadträtin"]);
    assert_eq!(v.anlagen.len(), 1);
    let a = &v.anlagen[0];
    assert_eq!((a.nr.as_str(), a.status.as_str()), ("1", "öffentlich"));
    assert_eq!(a.name, "Anlage - bestehende Bausteine der Integrationsoffensive");
    assert_eq!(a.groesse, "30 KB");
}

/// Encodes text as Windows-1252, as an old Windows browser would save it.
fn windows_1252(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c {
            '€' => 0x80,
            '„' => 0x84,
            '–' => 0x96,
            '“' => 0x93,
            c if (c as u32) < 0x80 || (0xA0..=0xFF).contains(&(c as u32)) => c as u8,
            c => panic!("not in Windows-1252 here: {c:?}"),
        })
        .collect()
}

#[test]
fn windows_1252_pages_import_like_utf8() {
    for seed in ["002", "004"] {
        let text = seed_text(seed);
        let bytes = windows_1252(&text);
        assert!(std::str::from_utf8(&bytes).is_err());
        assert_eq!(import_page("seite.txt", &bytes).unwrap(), import(&text), "{seed}");
    }
}

#[test]
fn crlf_and_a_byte_order_mark_change_nothing() {
    for seed in ["000", "002"] {
        let text = seed_text(seed);
        let crlf = format!("\u{FEFF}{}", text.replace('\n', "\r\n"));
        assert_eq!(import(&crlf), import(&text), "{seed}");
    }
}

#[test]
fn a_missing_section_is_left_empty_and_the_others_are_kept() {
    let text = seed_text("003");
    let from = text.find("Sachverhalt:").unwrap();
    let to = text.find("Anlagen:").unwrap();
    let without = format!("{}{}", &text[..from], &text[to..]);
    let full = seed_vorlage("003");
    let imported = import(&without);
    let v = vorlage_of(&imported);
    assert_eq!(v.sachverhalt, "");
    assert_eq!(v.beschlussvorschlag, full.beschlussvorschlag);
    assert_eq!(v.anlagen, full.anlagen);
    assert_eq!(v.beratungsfolge, full.beratungsfolge);
}

#[test]
fn a_page_without_header_fields_yields_no_guesses() {
    let imported = import("Vorlage - 2020/0001\n\nSachverhalt:\nText.\n");
    let v = vorlage_of(&imported);
    let expected = Vorlage { nummer: "2020/0001".into(), sachverhalt: "Text.".into(), ..Vorlage::default() };
    assert_eq!(*v, expected);
    assert_eq!((imported.koerperschaft.as_str(), imported.quelle.as_str()), ("", ""));
}

/// A fresh directory for files of one test.
fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ratsinfo-import-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn a_bad_page_is_reported_and_the_others_still_import() {
    let dir = scratch("bad");
    let kein = dir.join("kein-rat.txt");
    std::fs::write(&kein, "Einkaufsliste\n\nMilch\nBrot\n").unwrap();
    let fehlt = dir.join("fehlt.txt");
    let paths = [seed_path("000"), kein.clone(), seed_path("002"), fehlt.clone(), seed_path("003")];
    let (file, problems) = import_files(&paths);
    let nummern: Vec<&str> = file.vorlagen.iter().map(|v| v.nummer.as_str()).collect();
    assert_eq!(nummern, ["2021/0832", "2013/0228", "2014/0290"]);
    assert_eq!(file.auszuege.len(), 1);
    assert_eq!(file.koerperschaft, "Stadt Herne");
    let seen: Vec<(&str, Severity)> = problems.iter().map(|p| (p.file.as_str(), p.severity)).collect();
    let (kein, fehlt) = (kein.to_string_lossy(), fehlt.to_string_lossy());
    assert_eq!(seen, [(&*kein, Severity::Error), (&*fehlt, Severity::Error)]);
    assert!(
        problems[0].message.contains("Keine Seite eines Ratsinformationssystems"),
        "{}",
        problems[0].message
    );
    assert!(problems[1].message.contains("nicht gefunden"), "{}", problems[1].message);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn pages_of_unknown_or_mixed_sites_name_no_koerperschaft() {
    let dir = scratch("mixed");
    let bare = dir.join("ohne-rahmen.txt");
    std::fs::write(&bare, "Vorlage - 2020/0001\nBetreff: B\n").unwrap();
    let (file, problems) = import_files(&[seed_path("000"), bare.clone()]);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(file.vorlagen.len(), 2);
    assert_eq!((file.koerperschaft.as_str(), file.quelle.as_str()), ("", ""));
    let (file, _) = import_files(&[bare]);
    assert_eq!((file.koerperschaft.as_str(), file.quelle.as_str()), ("", ""));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn missing_required_fields_are_warned_about() {
    let dir = scratch("incomplete");
    let page = dir.join("auszug.txt");
    std::fs::write(&page, "Auszug - Bericht\nDatum: irgendwann\n\nBeschluss:\nJa.\n").unwrap();
    let (file, problems) = import_files(std::slice::from_ref(&page));
    assert_eq!(file.auszuege.len(), 1);
    let messages: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "Auszug „Bericht“: Pflichtfeld „gremium“ nicht auf der Seite gefunden",
            "Auszug „Bericht“: Pflichtfeld „datum“ nicht auf der Seite gefunden",
        ]
    );
    assert!(problems.iter().all(|p| p.severity == Severity::Warning));
    std::fs::remove_dir_all(dir).unwrap();
}
