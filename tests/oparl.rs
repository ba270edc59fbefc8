//! OParl loading: the real examples (specification, Karlsruhe slice) and one
//! small fixture per quirk that real servers show.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use ratsinfo::archive::Archive;
use ratsinfo::load::oparl;
use ratsinfo::model::{Auszug, AuszugId, Date, Sitzung, SitzungId, Vorlage};
use ratsinfo::pipeline::{Progress, load_paths};
use ratsinfo::problem::{Problem, Severity};
use ratsinfo::tree::Tree;

fn load_dir(path: &str) -> Archive {
    load_paths(&[PathBuf::from(path)], &Arc::new(Progress::default()))
}

/// A directory of files that disappears with the test.
struct TempDir(PathBuf);

impl TempDir {
    fn new(files: &[(&str, &str)]) -> TempDir {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("ratsinfo-oparl-test-{}-{n}", std::process::id()));
        for (name, content) in files {
            let path = dir.join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, content).unwrap();
        }
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn load(files: &[(&str, &str)]) -> Archive {
    let dir = TempDir::new(files);
    load_paths(std::slice::from_ref(&dir.0), &Arc::new(Progress::default()))
}

fn date(y: u16, m: u8, d: u8) -> Option<Date> {
    Date::new(y, m, d)
}

fn sitzung<'a>(a: &'a Archive, gremium: &str) -> &'a Sitzung {
    a.sitzungen.iter().find(|s| s.gremium == gremium).unwrap_or_else(|| panic!("no session of {gremium}"))
}

fn items<'a>(a: &'a Archive, s: &Sitzung) -> Vec<&'a Auszug> {
    let id = a.sitzungen.iter().position(|x| std::ptr::eq(x, s)).map(|i| SitzungId(i as u32));
    a.auszuege.iter().filter(|au| au.sitzung == id).collect()
}

fn vorlage<'a>(a: &'a Archive, nummer: &str) -> &'a Vorlage {
    a.find_nummer(nummer).next().map(|id| a.vorlage(id)).unwrap_or_else(|| panic!("no Vorlage {nummer}"))
}

fn errors(a: &Archive) -> Vec<&Problem> {
    a.problems.iter().filter(|p| p.severity == Severity::Error).collect()
}

fn messages(a: &Archive) -> Vec<&str> {
    a.problems.iter().map(|p| p.message.as_str()).collect()
}

/// Whether the tree shows an Auszug and the Beratung of its Vorlage as one
/// item: the Beratung is linked to that agenda item.
fn is_one_item(a: &Archive, au: &Auszug) -> bool {
    let id = a.auszuege.iter().position(|x| std::ptr::eq(x, au)).map(|i| AuszugId(i as u32));
    au.vorlage_ref.is_some_and(|v| a.vorlage(v).beratungsfolge.iter().any(|b| b.auszug == id && id.is_some()))
}

/// The Gremium of an agenda item: the session's.
fn gremium_of<'a>(a: &'a Archive, au: &Auszug) -> &'a str {
    &a.sitzung(au.sitzung.expect("in a session")).gremium
}

const T: &str = "https://schema.oparl.org/1.1/";

// ---------------------------------------------------------------------------
// Real data

#[test]
fn karlsruhe_slice_maps_sessions_with_their_items_in_order() {
    let a = load_dir("sample-data/karlsruhe");
    assert!(errors(&a).is_empty(), "{:#?}", errors(&a));
    assert_eq!(a.files, 47);
    let k: Vec<&str> = a.koerperschaften.iter().map(String::as_str).collect();
    assert_eq!(k, ["Stadt Karlsruhe"]);
    assert_eq!(a.sitzungen.len(), 3);
    assert_eq!(a.vorlagen.len(), 42);

    let hfa = sitzung(&a, "Haupt- und Finanzausschuss");
    assert_eq!(hfa.datum, date(2025, 1, 14));
    assert_eq!((hfa.beginn.as_str(), hfa.ende.as_str()), ("16:30", "18:30"));
    assert_eq!(hfa.ort, "Bürgersaal, Rathaus am Marktplatz");
    assert_eq!(hfa.name, "Haupt- und Finanzausschuss (öffentlich/nicht öffentlich)");
    let hfa_items = items(&a, hfa);
    let tops: Vec<&str> = hfa_items.iter().map(|au| au.top.as_str()).collect();
    assert_eq!(tops, ["Ö 1", "Ö 2", "Ö 3", "Ö 4", "Ö 5", "Ö 6", "Ö 7"]);
    assert_eq!(hfa_items[2].vorlage, "2024/1334");
    assert_eq!(hfa_items[2].beschlussart, "verwiesen in den Gemeinderat");
    assert_eq!(hfa_items[2].titel, "Sach- statt Geldleistungen für Asylbewerber");
    assert!(hfa_items.iter().all(|au| is_one_item(&a, au)), "{hfa_items:#?}");

    let gr = sitzung(&a, "Gemeinderat");
    assert_eq!(gr.datum, date(2025, 1, 21));
    let gr_items = items(&a, gr);
    assert_eq!(gr_items.len(), 33);
    let tops: Vec<&str> = gr_items[12..19].iter().map(|au| au.top.as_str()).collect();
    assert_eq!(tops, ["Ö 8", "Ö 9", "", "Ö 9.1", "Ö 9.1.1", "", "Ö 10"]);
    assert_eq!(gr_items[14].titel, "ANTRÄGE");
    assert_eq!(gr_items[4].vorlage, "2024/1088");
    assert_eq!(gr_items[4].beschlussart, "mehrheitlich zugestimmt");
    let linked = gr_items.iter().filter(|au| !au.vorlage.is_empty()).count();
    assert_eq!(linked, 27);
    assert!(gr_items.iter().filter(|au| !au.vorlage.is_empty()).all(|au| is_one_item(&a, au)));

    // The server writes this session's unknown end as midnight.
    let durlach = sitzung(&a, "Ortschaftsrat Durlach");
    assert_eq!((durlach.beginn.as_str(), durlach.ende.as_str()), ("17:00", ""));
    let tops: Vec<&str> = items(&a, durlach).iter().map(|au| au.top.as_str()).collect();
    assert_eq!(tops[..6], ["Ö 1", "Ö 1.1", "Ö 1.2", "Ö 1.3", "Ö 1.4", "Ö 1.5"]);
    assert_eq!(tops.len(), 15);
}

#[test]
fn karlsruhe_papers_carry_beratungsfolge_and_anlagen() {
    let a = load_dir("sample-data/karlsruhe");
    let v = vorlage(&a, "2024/1088");
    assert_eq!(v.betreff, "Grundsatzentscheidung zum Neubau Turmbergbahn");
    assert_eq!(v.art, "Beschlussvorlage");
    assert_eq!(v.datum, date(2024, 9, 25));
    assert_eq!(v.federfuehrend, "Verkehrsbetriebe Karlsruhe");
    let folge: Vec<(&str, Option<Date>, &str, &str)> = v
        .beratungsfolge
        .iter()
        .map(|b| (b.gremium.as_str(), b.datum, b.rolle.as_str(), b.ergebnis.as_str()))
        .collect();
    assert_eq!(
        folge,
        [
            ("Ortschaftsrat Durlach", None, "Anhörung", ""),
            ("Gemeinderat", date(2025, 1, 21), "Entscheidung", "mehrheitlich zugestimmt")
        ]
    );
    assert_eq!(v.anlagen.len(), 4);
    assert_eq!(v.anlagen[0].name, "GR Beschlussvorlage VBK");
    assert!(v.anlagen[0].url.to_string().ends_with("/00662276.pdf"));
    // The OParl id is the record's key; `url` is the page for people.
    assert_eq!(v.id, "https://web1.karlsruhe.de/oparl/bodies/0001/papers/vo/51028");
    assert!(v.url.is_empty() || !v.url.to_string().contains("/oparl/"), "{}", v.url);
}

#[test]
fn karlsruhe_sessions_outside_the_slice_are_one_warning_per_kind() {
    let a = load_dir("sample-data/karlsruhe");
    let meetings: Vec<&str> = messages(&a).into_iter().filter(|m| m.contains("(OParl Meeting)")).collect();
    assert_eq!(meetings.len(), 1, "{meetings:#?}");
    assert!(meetings[0].starts_with("Nicht geladen: 12 Sitzungen"), "{}", meetings[0]);
    // Unloaded committees keep their identity instead of becoming one node.
    let v = vorlage(&a, "2024/1382");
    assert_eq!(v.beratungsfolge[1].gremium, "Gremium 33195");
}

#[test]
fn specification_examples_load() {
    let a = load_dir("tests/fixtures/oparl-spec");
    assert!(errors(&a).is_empty(), "{:#?}", errors(&a));
    let s = sitzung(&a, "Ausschuss für Haushalt und Finanzen");
    assert_eq!(s.datum, date(2013, 1, 4));
    assert_eq!((s.beginn.as_str(), s.ende.as_str()), ("08:00", "12:00"));
    assert_eq!(s.ort, "Rathaus der Beispielstadt, Ratshausplatz 1, 12345 Beispielstadt");
    let au = &items(&a, s)[0];
    assert_eq!(au.top, "Ö 10.1");
    assert_eq!(au.titel, "Satzungsänderung für Ausschreibungen");
    assert_eq!(au.beschlussart, "Geändert beschlossen");
    assert_eq!(au.beschluss, "Der Beschluss weicht wie folgt vom Antrag ab: ...");
    assert_eq!(au.id, "https://oparl.example.org/agendaitem/3271");

    let v = vorlage(&a, "1234/2014");
    assert_eq!(v.betreff, "Antwort auf Anfrage 1200/2014");
    assert_eq!(v.art, "Beantwortung einer Anfrage");
    let anlagen: Vec<(&str, &str, String)> =
        v.anlagen.iter().map(|x| (x.name.as_str(), x.groesse.as_str(), x.url.to_string())).collect();
    assert_eq!(
        anlagen,
        [
            ("Anlage 1 zur Anfrage", "81 KB", "https://oparl.example.org/files/57737.pdf".into()),
            ("Anlage 1 zur Anfrage", "81 KB", "https://oparl.example.org/files/57739.pdf".into())
        ]
    );
    assert_eq!(v.beratungsfolge[0].gremium, "Gremium 96");
    assert_eq!(v.beratungsfolge[0].rolle, "Beschlussfassung");
    // The paper's body (bodies/1) is not among the examples: named by host.
    assert_eq!(a.koerperschaft(v.koerperschaft), "oparl.example.org");
    assert!(messages(&a).iter().any(|m| m.contains("(OParl Body) https://oparl.example.org/bodies/1")));
}

// ---------------------------------------------------------------------------
// Shapes of files

fn paper(id: u32, reference: &str, meeting: u32, item: u32) -> String {
    format!(
        r#"{{"id": "https://x.example/paper/{id}", "type": "{T}Paper", "name": "Vorlage {reference}",
        "reference": "{reference}", "consultation": [{{"id": "https://x.example/consultation/{id}",
        "meeting": "https://x.example/meeting/{meeting}", "agendaItem": "https://x.example/item/{item}",
        "organization": ["https://x.example/org/1"], "role": "Entscheidung"}}]}}"#
    )
}

fn meeting(id: u32, items: &str) -> String {
    format!(
        r#"{{"id": "https://x.example/meeting/{id}", "type": "{T}Meeting", "name": "Sitzung {id}",
        "start": "2025-01-21T17:00:00+01:00", "organization": ["https://x.example/org/1"],
        "agendaItem": [{items}]}}"#
    )
}

fn item(id: u32, number: &str, order: u32, consultation: u32) -> String {
    format!(
        r#"{{"id": "https://x.example/item/{id}", "number": "{number}", "order": {order}, "public": true,
        "name": "Punkt {id}", "result": "beschlossen", "consultation": "https://x.example/consultation/{consultation}"}}"#
    )
}

const ORG: &str = r#"{"id": "https://x.example/org/1", "type": "https://schema.oparl.org/1.1/Organization", "name": "Rat"}"#;

#[test]
fn a_list_page_is_read() {
    let page = format!(
        r#"{{"data": [{}, {}, {ORG}], "pagination": {{"totalElements": 3}},
        "links": {{"next": "https://x.example/list?page=2"}}}}"#,
        paper(1, "2025/1", 7, 70),
        meeting(7, &item(70, "1", 1, 1))
    );
    let a = load(&[("page.json", &page)]);
    assert!(a.problems.is_empty(), "{:#?}", a.problems);
    assert_eq!(a.vorlagen.len(), 1);
    assert_eq!(a.auszuege[0].vorlage, "2025/1");
    assert_eq!(gremium_of(&a, &a.auszuege[0]), "Rat");
    assert!(is_one_item(&a, &a.auszuege[0]));
}

#[test]
fn references_resolve_across_arrays_single_objects_and_directories() {
    let a = load(&[
        ("organizations.json", &format!("[{ORG}]")),
        ("papers/1.json", &paper(1, "2025/1", 7, 70)),
        ("meetings/7.json", &meeting(7, &item(70, "1", 1, 1))),
    ]);
    assert!(a.problems.is_empty(), "{:#?}", a.problems);
    assert_eq!(a.vorlage(a.find_nummer("2025/1").next().unwrap()).beratungsfolge[0].ergebnis, "beschlossen");
    assert!(is_one_item(&a, &a.auszuege[0]));
}

#[test]
fn oparl_and_export_files_mix_in_one_directory() {
    let export = r#"{"format": "ratsinfo-export/1", "koerperschaft": "Stadt X",
        "vorlagen": [{"nummer": "2020/9", "betreff": "Aus dem Export"}]}"#;
    let body =
        r#"{"id": "https://x.example", "type": "https://schema.oparl.org/1.1/Body", "name": "Stadt X"}"#;
    let a = load(&[
        ("a-export.json", export),
        ("b-body.json", body),
        ("c-org.json", ORG),
        ("d-paper.json", &paper(1, "2025/1", 7, 70)),
        ("e-meeting.json", &meeting(7, &item(70, "1", 1, 1))),
    ]);
    assert!(a.problems.is_empty(), "{:#?}", a.problems);
    assert_eq!(a.vorlagen.len(), 2);
    assert_eq!(a.koerperschaften, ["Stadt X"]);
    assert_eq!(a.sitzungen.len(), 1);
}

/// Export files are merged while later files are read, OParl files once
/// all are read: the later file still wins, whichever kind comes between.
/// An OParl paper is its own record (its id is its key), also where an
/// export Vorlage carries its number: both are kept, and noted once.
#[test]
fn the_later_file_wins_across_oparl_files_in_between() {
    let export = |betreff: &str| {
        format!(
            r#"{{"format": "ratsinfo-export/1", "koerperschaft": "Stadt X",
            "vorlagen": [{{"nummer": "2025/1", "betreff": "{betreff}"}}]}}"#
        )
    };
    let body =
        r#"{"id": "https://x.example", "type": "https://schema.oparl.org/1.1/Body", "name": "Stadt X"}"#;
    let a = load(&[
        ("a-export.json", &export("Erster Stand")),
        ("b-body.json", body),
        ("c-org.json", ORG),
        ("d-paper.json", &paper(1, "2025/1", 7, 70)),
        ("e-meeting.json", &meeting(7, &item(70, "1", 1, 1))),
        ("f-export.json", &export("Letzter Stand")),
    ]);
    assert_eq!(a.vorlagen.len(), 2, "{:#?}", a.vorlagen);
    let export = a.vorlagen.iter().find(|v| v.id.is_empty()).unwrap();
    assert_eq!(export.betreff, "Letzter Stand");
    let oparl = a.vorlagen.iter().find(|v| !v.id.is_empty()).unwrap();
    assert!(!oparl.beratungsfolge.is_empty());
    let conflicts: Vec<&Problem> = a.problems.iter().filter(|p| p.message.contains("betreff")).collect();
    assert_eq!(conflicts.len(), 1, "{:#?}", a.problems);
    assert!(conflicts[0].file.ends_with("f-export.json") && conflicts[0].message.contains("a-export.json"));
    assert!(
        messages(&a).iter().any(|m| m.starts_with("2 Vorlagen tragen die Nummer 2025/1")),
        "{:#?}",
        a.problems
    );
}

#[test]
fn the_format_is_told_by_content() {
    assert!(oparl::is_oparl(b"  [ {\"id\": 1} ]"));
    assert!(oparl::is_oparl(b"{\"data\": []}"));
    assert!(oparl::is_oparl(b"\xEF\xBB\xBF{\"agendaItem\": [{\"format\": 1}], \"type\": \"x\"}"));
    assert!(oparl::is_oparl(b"{\"ags\": \"05315000\", \"classification\": \"Kreisfreie Stadt\"}"));
    assert!(!oparl::is_oparl(b"{\"format\": \"ratsinfo-export/1\", \"vorlagen\": []}"));
    assert!(!oparl::is_oparl(b"{\"unbekannt\": {\"id\": 1}, \"vorlagen\": []}"));
    assert!(!oparl::is_oparl(b""));
    assert!(!oparl::is_oparl(b"<html>"));
    // Only the head is looked at: a key past it decides nothing.
    let late = format!("{{\"x\": \"{}\", \"type\": \"{T}Paper\"}}", "a".repeat(10_000));
    assert!(!oparl::is_oparl(late.as_bytes()));
}

#[test]
fn oparl_1_0_type_urls_are_read() {
    let p = r#"{"id": "https://x.example/paper/1", "type": "https://schema.oparl.org/1.0/Paper",
        "reference": "2016/1", "name": "Alt"}"#;
    let a = load(&[("p.json", p)]);
    assert_eq!(vorlage(&a, "2016/1").betreff, "Alt");
}

#[test]
fn agenda_items_and_consultations_given_on_their_own_join_their_parents() {
    let lone_item = format!(
        r#"{{"id": "https://x.example/item/71", "type": "{T}AgendaItem", "meeting": "https://x.example/meeting/7",
        "number": "2", "order": 2, "public": true, "name": "Einzeln", "consultation": "https://x.example/consultation/9"}}"#
    );
    let lone_consultation = format!(
        r#"{{"id": "https://x.example/consultation/9", "type": "{T}Consultation", "paper": "https://x.example/paper/1",
        "meeting": "https://x.example/meeting/7", "organization": "https://x.example/org/1", "role": "Kenntnisnahme"}}"#
    );
    let a = load(&[
        ("org.json", ORG),
        ("items.json", &format!("[{lone_item}]")),
        ("consultations.json", &format!("[{lone_consultation}]")),
        ("paper.json", &paper(1, "2025/1", 7, 70)),
        ("meeting.json", &meeting(7, &item(70, "1", 1, 1))),
    ]);
    assert!(a.problems.is_empty(), "{:#?}", a.problems);
    let titles: Vec<&str> = a.auszuege.iter().map(|au| au.titel.as_str()).collect();
    assert_eq!(titles, ["Punkt 70", "Einzeln"]);
    assert_eq!(a.auszuege[1].vorlage, "2025/1");
    let v = vorlage(&a, "2025/1");
    let rollen: Vec<&str> = v.beratungsfolge.iter().map(|b| b.rolle.as_str()).collect();
    assert_eq!(rollen, ["Entscheidung", "Kenntnisnahme"]);
}

// ---------------------------------------------------------------------------
// Quirks of real servers

#[test]
fn na_and_empty_strings_are_absent() {
    let p = format!(
        r#"{{"id": "https://x.example/paper/1", "type": "{T}Paper", "reference": "2025/1", "name": "N",
        "paperType": "N/A", "date": "", "created": "", "mainFile": {{"name": "n/a", "fileName": "haupt.pdf",
        "accessUrl": "", "downloadUrl": "https://x.example/d.pdf"}}}}"#
    );
    let a = load(&[("p.json", &p)]);
    assert!(a.problems.is_empty(), "{:#?}", a.problems);
    let v = vorlage(&a, "2025/1");
    assert_eq!((v.art.as_str(), v.datum), ("", None));
    assert_eq!(v.anlagen[0].name, "haupt.pdf");
    assert_eq!(v.anlagen[0].url, "https://x.example/d.pdf");
}

#[test]
fn a_single_object_stands_where_a_list_belongs() {
    let m = format!(
        r#"{{"id": "https://x.example/meeting/7", "type": "{T}Meeting", "start": "2025-01-21T17:00:00+01:00",
        "organization": "https://x.example/org/1", "agendaItem": {}}}"#,
        item(70, "1", 1, 1)
    );
    let p = format!(
        r#"{{"id": "https://x.example/paper/1", "type": "{T}Paper", "reference": "2025/1", "name": "N",
        "consultation": {{"id": "https://x.example/consultation/1", "meeting": "https://x.example/meeting/7",
        "organization": "https://x.example/org/1"}},
        "auxiliaryFile": {{"name": "Anlage", "accessUrl": "https://x.example/a.pdf", "size": 2048}}}}"#
    );
    let a = load(&[("m.json", &m), ("o.json", ORG), ("p.json", &p)]);
    assert!(a.problems.is_empty(), "{:#?}", a.problems);
    assert_eq!(a.auszuege.len(), 1);
    assert!(is_one_item(&a, &a.auszuege[0]));
    assert_eq!(vorlage(&a, "2025/1").anlagen[0].groesse, "2 KB");
}

#[test]
fn embedded_objects_without_type_are_told_by_where_they_sit() {
    let m = format!(
        r#"{{"id": "https://x.example/meeting/7", "type": "{T}Meeting", "start": "2025-01-21T17:00:00+01:00",
        "organization": [{{"id": "https://x.example/org/5", "name": "Bauausschuss"}}],
        "location": {{"room": "Saal 1", "streetAddress": "Markt 1", "postalCode": "12345", "locality": "X"}},
        "agendaItem": [{{"id": "https://x.example/item/70", "number": "3", "public": false, "name": "Geheim"}}]}}"#
    );
    let p = format!(
        r#"{{"id": "https://x.example/paper/1", "type": "{T}Paper", "reference": "2025/1", "name": "N",
        "mainFile": {{"name": "Vorlage", "text": "Der Sachverhalt.\n\n\u00a0\n\nZweiter Absatz.", "size": 3000000}}}}"#
    );
    let a = load(&[("m.json", &m), ("p.json", &p)]);
    assert!(a.problems.is_empty(), "{:#?}", a.problems);
    let s = sitzung(&a, "Bauausschuss");
    assert_eq!((s.raum.as_str(), s.ort.as_str()), ("Saal 1", "Markt 1, 12345 X"));
    assert_eq!(a.auszuege[0].top, "N 3");
    assert_eq!(a.sitzung(a.auszuege[0].sitzung.unwrap()).raum, "Saal 1");
    let v = vorlage(&a, "2025/1");
    assert_eq!(v.sachverhalt, "Der Sachverhalt.\n\nZweiter Absatz.");
    assert_eq!(v.anlagen[0].groesse, "2,9 MB");
}

#[test]
fn order_counts_only_relatively() {
    let items = [item(73, "3", 100003, 0), item(71, "1", 100001, 0), item(72, "2", 100002, 0)].join(",");
    let a = load(&[("o.json", ORG), ("m.json", &meeting(7, &items))]);
    let t = Tree::build(&a);
    let titles: Vec<&str> = t.sitzungen[0]
        .items
        .iter()
        .map(|&i| a.auszug(t.items[i as usize].auszug.unwrap()).titel.as_str())
        .collect();
    assert_eq!(titles, ["Punkt 71", "Punkt 72", "Punkt 73"]);
}

#[test]
fn top_numbers_are_kept_as_written() {
    let items = format!(
        r#"{},{},{{"id": "https://x.example/item/3", "name": "Zwischenüberschrift", "order": 3}},
        {{"id": "https://x.example/item/4", "number": 4, "name": "Ohne Angabe", "order": 4}}"#,
        item(1, "1.1", 1, 0),
        item(2, "10a", 2, 0).replace("\"public\": true", "\"public\": false")
    );
    let a = load(&[("o.json", ORG), ("m.json", &meeting(7, &items))]);
    assert!(errors(&a).is_empty(), "{:#?}", a.problems);
    let tops: Vec<&str> = a.auszuege.iter().map(|au| au.top.as_str()).collect();
    assert_eq!(tops, ["Ö 1.1", "N 10a", "", "4"]);
}

#[test]
fn meetings_without_a_loaded_organization_stay_apart() {
    let m = |id: u32, org: &str, name: &str| {
        format!(
            r#"{{"id": "https://x.example/meeting/{id}", "type": "{T}Meeting", "start": "2025-01-0{id}T10:00:00+01:00",
            {org} {name} "agendaItem": []}}"#
        )
    };
    let a = load(&[
        ("1.json", &m(1, r#""organization": ["https://x.example/org/77"],"#, "")),
        ("2.json", &m(2, r#""organization": ["https://x.example/other/org/78"],"#, "")),
        ("3.json", &m(3, "", r#""name": "Sitzung des Jugendbeirats","#)),
        ("4.json", &m(4, "", r#""name": "N/A","#)),
    ]);
    let mut gremien: Vec<&str> = a.sitzungen.iter().map(|s| s.gremium.as_str()).collect();
    gremien.sort();
    assert_eq!(gremien, ["Gremium 77", "Gremium 78", "Gremium der Sitzung 4", "Sitzung des Jugendbeirats"]);
    assert!(
        messages(&a).iter().any(|m| m.starts_with("Nicht geladen: 2 Organisationen")),
        "{:#?}",
        a.problems
    );
}

#[test]
fn unloaded_organizations_with_the_same_last_segment_stay_apart() {
    let p = format!(
        r#"{{"id": "https://x.example/paper/1", "type": "{T}Paper", "reference": "1", "name": "N", "consultation": [
        {{"organization": ["https://x.example/gr/5"], "role": "a"}},
        {{"organization": ["https://x.example/at/5"], "role": "b"}}]}}"#
    );
    let a = load(&[("p.json", &p)]);
    let gremien: Vec<&str> = vorlage(&a, "1").beratungsfolge.iter().map(|b| b.gremium.as_str()).collect();
    assert_eq!(gremien, ["Gremium x.example/gr/5", "Gremium x.example/at/5"]);
}

#[test]
fn deleted_objects_are_counted_not_loaded() {
    let deleted_paper = format!(
        r#"{{"id": "https://x.example/paper/2", "type": "{T}Paper", "reference": "2025/2", "deleted": true}}"#
    );
    let items = format!(
        r#"{},{{"id": "https://x.example/item/71", "name": "Weg", "deleted": true}}"#,
        item(70, "1", 1, 1)
    );
    let a = load(&[
        ("a.json", &paper(2, "2025/2", 7, 70)),
        ("b.json", &deleted_paper),
        ("c.json", &meeting(7, &items)),
        ("d.json", ORG),
    ]);
    assert_eq!(a.deleted, 2);
    assert!(a.find_nummer("2025/2").next().is_none());
    assert_eq!(a.auszuege.len(), 1);
    // A reference to a deleted object is not reported as missing.
    assert!(!messages(&a).iter().any(|m| m.contains("Vorlage")), "{:#?}", a.problems);
}

#[test]
fn datetimes_with_offsets_are_shown_in_german_local_time() {
    let m = format!(
        r#"{{"id": "https://x.example/meeting/7", "type": "{T}Meeting", "organization": ["https://x.example/org/1"],
        "start": "2025-01-21T23:30:00-05:00", "end": "2025-01-22T01:15:00-05:00", "agendaItem": []}}"#
    );
    let summer = format!(
        r#"{{"id": "https://x.example/meeting/8", "type": "{T}Meeting", "organization": ["https://x.example/org/1"],
        "start": "2024-07-18T17:00:00Z", "end": "2024-07-18T18:30:00Z", "agendaItem": []}}"#
    );
    let a = load(&[("o.json", ORG), ("m.json", &m), ("n.json", &summer)]);
    // New York's 23:30 in winter is 05:30 the next morning in Germany.
    let s = &a.sitzungen[0];
    assert_eq!(s.datum, date(2025, 1, 22));
    assert_eq!((s.beginn.as_str(), s.ende.as_str()), ("05:30", "07:15"));
    // UTC in summer: two hours later.
    let s = &a.sitzungen[1];
    assert_eq!(s.datum, date(2024, 7, 18));
    assert_eq!((s.beginn.as_str(), s.ende.as_str()), ("19:00", "20:30"));
}

#[test]
fn raw_control_characters_are_repaired_with_a_warning() {
    let p = format!(
        "{{\"id\": \"https://x.example/paper/1\", \"type\": \"{T}Paper\", \"reference\": \"1\",\n\"name\": \"Zeile\teins\x01\"}}"
    );
    let a = load(&[("p.json", &p)]);
    assert_eq!(vorlage(&a, "1").betreff, "Zeile eins␁");
    assert_eq!(a.problems.len(), 1, "{:#?}", a.problems);
    assert_eq!(a.problems[0].severity, Severity::Warning);
    assert_eq!((a.problems[0].line, a.problems[0].column), (Some(2), Some(15)));
}

#[test]
fn a_syntax_error_is_reported_and_the_other_files_load() {
    let a = load(&[("a.json", "[{\"id\": \"x\",\n \"type\": }]"), ("b.json", &paper(1, "2025/1", 7, 70))]);
    let e = errors(&a);
    assert_eq!(e.len(), 1, "{e:#?}");
    assert!(e[0].file.ends_with("a.json"));
    assert_eq!((e[0].line, e[0].column), (Some(2), Some(10)));
    assert_eq!(a.vorlagen.len(), 1);
}

#[test]
fn bad_values_are_located_and_the_object_kept() {
    let p = format!(
        "[\n{{\"id\": \"https://x.example/paper/1\", \"type\": \"{T}Paper\", \"reference\": \"1\", \"name\": \"N\",\n\"date\": \"31.02.2024\", \"consultation\": [7, {{\"role\": [\"x\"]}}]}}]"
    );
    let a = load(&[("p.json", &p)]);
    let v = vorlage(&a, "1");
    assert_eq!(v.datum, None);
    assert_eq!(v.beratungsfolge.len(), 1);
    let at = |needle: &str| {
        let p = a.problems.iter().find(|p| p.message.contains(needle)).unwrap_or_else(|| panic!("{needle}"));
        (p.line, p.column)
    };
    assert_eq!(at("31.02.2024"), (Some(3), Some(9)));
    assert_eq!(at("ist aber eine Zahl"), (Some(3), Some(40)));
    assert_eq!(at("„role“ sollte Text sein"), (Some(3), Some(52)));
}

#[test]
fn objects_without_type_and_unknown_types_are_reported() {
    let a = load(&[(
        "x.json",
        r#"[{"id": "https://x.example/1", "name": "?"}, {"id": "https://x.example/2", "type": "https://schema.oparl.org/1.1/Raumschiff"},
           {"id": "https://x.example/3", "type": "https://schema.oparl.org/1.1/System"}]"#,
    )]);
    let m = messages(&a);
    assert_eq!(m.len(), 2, "{m:#?}");
    assert!(m[0].starts_with("1 Objekt ohne „type“"));
    assert!(m[1].contains("„https://schema.oparl.org/1.1/Raumschiff“"));
}

#[test]
fn many_missing_references_are_one_warning() {
    let papers: Vec<String> = (1..=50).map(|i| paper(i, &format!("2025/{i}"), 1000 + i, 0)).collect();
    let a = load(&[("o.json", ORG), ("papers.json", &format!("[{}]", papers.join(",")))]);
    let m: Vec<&str> = messages(&a).into_iter().filter(|m| m.contains("Sitzungen")).collect();
    assert_eq!(m.len(), 1);
    assert!(m[0].starts_with("Nicht geladen: 50 Sitzungen (OParl Meeting)"), "{}", m[0]);
}

#[test]
fn bodies_name_the_koerperschaft_and_a_file_may_hold_several() {
    let p = |id: u32, body: &str| {
        format!(
            r#"{{"id": "https://{body}/paper/{id}", "type": "{T}Paper", "reference": "1", "name": "N",
            "body": "https://{body}/bodies/1"}}"#
        )
    };
    let body = r#"{"id": "https://a.example/bodies/1", "type": "https://schema.oparl.org/1.1/Body", "name": "Stadt A"}"#;
    let a = load(&[("b.json", body), ("p.json", &format!("[{}, {}]", p(1, "a.example"), p(2, "b.example")))]);
    let mut k: Vec<&str> = a.vorlagen.iter().map(|v| a.koerperschaft(v.koerperschaft)).collect();
    k.sort();
    assert_eq!(k, ["Stadt A", "b.example"]);
}

/// The hash that keyed OParl objects by id until it was found floodable:
/// unseeded, so ids can be chosen to collide in advance.
fn old_url_hash(bytes: &[u8]) -> u64 {
    const K: u64 = 0x517C_C1B7_2722_0A95;
    let mut h = 0u64;
    // As `Hash for str` writes a string: its bytes, then 0xFF.
    for part in [bytes, &[0xFF][..]] {
        for chunk in part.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            h = (h.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(K);
        }
    }
    h = (h ^ (h >> 33)).wrapping_mul(0xFF51_AFD7_ED55_8CCD);
    h = (h ^ (h >> 33)).wrapping_mul(0xC4CE_B9FE_1A85_EC53);
    h ^ (h >> 33)
}

/// `n` ids of the same length that all have one hash under
/// [`old_url_hash`]: a prefix of whole words, then three words w1 w2 w3 of
/// letters. Meet in the middle: w1 runs the state forward, w3 (for a fixed
/// end state) runs it backward, and the multiplication being invertible,
/// w2 is whatever joins the two; pairs are matched so that it comes out as
/// printable ASCII (0x40–0x7E in every byte, no backslash).
fn colliding_ids(n: usize) -> Vec<String> {
    const K: u64 = 0x517C_C1B7_2722_0A95;
    let k_inv = (0..6).fold(K, |x: u64, _| x.wrapping_mul(2u64.wrapping_sub(K.wrapping_mul(x))));
    assert_eq!(K.wrapping_mul(k_inv), 1);
    let step = |h: u64, w: u64| (h.rotate_left(5) ^ w).wrapping_mul(K);
    let word = |i: usize| -> [u8; 8] {
        let mut w = [b'a'; 8];
        let mut i = i;
        for b in &mut w {
            *b = b'a' + (i % 26) as u8;
            i /= 26;
        }
        w
    };
    let prefix = b"https://x.example/oparl/person/p"; // 32 bytes: whole words
    let a = prefix.chunks(8).fold(0, |h, c| step(h, u64::from_le_bytes(c.try_into().unwrap())));
    // The top two bits of each byte: what must differ by 01 per byte.
    let tops = |x: u64| (0..8).fold(0u16, |t, j| t | (((x >> (8 * j + 6)) & 3) as u16) << (2 * j));
    let target = 0x0123_4567_89AB_CDEF_u64;
    let m = 60_000;
    let mut forward: std::collections::HashMap<u16, Vec<(usize, u64)>> = Default::default();
    for i in 0..m {
        let f = step(a, u64::from_le_bytes(word(i))).rotate_left(5);
        forward.entry(tops(f)).or_default().push((i, f));
    }
    let mut ids = Vec::with_capacity(n);
    'all: for j in 0..m {
        let w3 = u64::from_le_bytes(word(j));
        let g = (target ^ w3).rotate_right(5).wrapping_mul(k_inv);
        for &(i, f) in forward.get(&(tops(g) ^ 0x5555)).into_iter().flatten() {
            let w2 = (g ^ f).to_le_bytes();
            // No DEL (a control character), no backslash (an escape in JSON).
            if w2.contains(&0x7F) || w2.contains(&b'\\') {
                continue;
            }
            let mut id = prefix.to_vec();
            id.extend_from_slice(&word(i));
            id.extend_from_slice(&w2);
            id.extend_from_slice(&word(j));
            ids.push(String::from_utf8(id).unwrap());
            if ids.len() == n {
                break 'all;
            }
        }
    }
    assert_eq!(ids.len(), n, "not enough collisions");
    ids
}

/// Ids come from servers and files nobody here controls: 40,000 objects
/// whose ids collide under an unseeded hash took 10–20 s (every insert
/// compared with every earlier key) instead of a fraction of a second.
#[test]
fn ids_chosen_to_collide_do_not_slow_loading_down() {
    let ids = colliding_ids(40_000);
    let h = old_url_hash(ids[0].as_bytes());
    assert!(ids.iter().all(|id| old_url_hash(id.as_bytes()) == h), "the ids must collide under the old hash");
    let persons: Vec<String> = ids
        .iter()
        .map(|id| format!(r#"{{"id":"{id}","type":"https://schema.oparl.org/1.1/Person","name":"N"}}"#))
        .collect();
    let text = format!("[{}]", persons.join(","));
    let start = std::time::Instant::now();
    let batch = ratsinfo::load::parse_bytes("personen.json", text.as_bytes());
    assert_eq!(batch.oparl.len(), 40_000);
    let a = ratsinfo::pipeline::finish(vec![batch], Vec::new());
    let took = start.elapsed();
    assert!(
        a.problems.iter().all(|p| p.severity == Severity::Warning),
        "{:?}",
        &a.problems[..3.min(a.problems.len())]
    );
    assert!(took < std::time::Duration::from_secs(3), "{took:?}");
}
