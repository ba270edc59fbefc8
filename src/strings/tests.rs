//! The English table is complete: every text and every formatter speaks
//! both languages. These tests fail for a text added without its English,
//! a formatter without its line in [`formatters`], and a text added the old
//! way (`pub const NAME: &str`), which could not follow the language.

use super::*;

/// Texts that are the same in both languages, on purpose: names that
/// English uses as German does. Everything else must differ.
const SAME: &[&str] = &["STATUS", "WEB", "TASTE_ALT", "KOPIE_LINK", "KOPIE_MARKDOWN"];

/// Formatters whose output does not depend on the language.
const NEUTRAL: &[&str] = &["chip"];

/// What gives German away in an English text (the arguments below are
/// chosen to hold none of it).
fn german_in(s: &str) -> Option<&'static str> {
    let markers = [
        "ä", "ö", "ü", "Ä", "Ö", "Ü", "ß", "„", "»", " und ", " nicht ", " ist ", " wird ", " der ", " die ",
        " das ", " keine ", " oder ", " mit ", "Datei", "Sitzung", "Vorlage",
    ];
    markers.into_iter().find(|m| s.contains(m))
}

/// English texts that quote German on purpose: what German pages or the
/// data say, which the user finds there as it is.
const QUOTES_GERMAN: &[&str] = &["KEINE_RIS_SEITE"];

#[test]
fn every_text_has_its_english() {
    let mut names = std::collections::HashSet::new();
    for &(name, t) in ALL {
        assert!(names.insert(name), "{name} twice");
        let (de, en) = (t.of(Sprache::De), t.of(Sprache::En));
        assert!(!de.trim().is_empty(), "{name}: no German");
        assert!(!en.trim().is_empty(), "{name}: no English");
        if SAME.contains(&name) {
            assert_eq!(de, en, "{name} is listed as the same in both languages");
        } else {
            assert_ne!(de, en, "{name}: the English is the German (or list it in SAME)");
        }
        if !QUOTES_GERMAN.contains(&name)
            && let Some(m) = german_in(en)
        {
            panic!("{name}: German ({m:?}) in the English {en:?}");
        }
    }
    for name in SAME.iter().chain(QUOTES_GERMAN) {
        assert!(names.contains(name), "{name} is listed but no text");
    }
}

/// The source of the table, without this file.
const SOURCE: &str = include_str!("../strings.rs");

#[test]
fn texts_are_declared_in_the_table_only() {
    for (i, line) in SOURCE.lines().enumerate() {
        let l = line.trim_start();
        let plain = l.starts_with("pub const") && (l.contains(": &str") || l.contains(": &'static str"));
        assert!(
            !(plain || l.starts_with("pub static")),
            "strings.rs:{}: a text outside the texts! table cannot follow the language: {l}",
            i + 1
        );
    }
}

type Case = (&'static str, Box<dyn Fn() -> String>);

/// Each formatter, called with arguments that hold no German.
macro_rules! cases {
    ($($name:ident($($arg:expr),*)),* $(,)?) => {
        vec![$((stringify!($name), Box::new(move || super::$name($($arg),*)) as Box<dyn Fn() -> String>)),*]
    };
}

fn formatters() -> Vec<Case> {
    let io = || std::io::Error::from(std::io::ErrorKind::NotFound);
    let report =
        crate::state::ImportReport { entries: 3, read: 2, merk: 1, notes: 2, notes_kept: 1, invalid: 1 };
    let counts = Counts {
        files: 2,
        koerperschaften: 1,
        dokumente: 4,
        deleted: 1,
        beratungen_ohne_sitzung: 2,
        ..Counts::default()
    };
    cases![
        keine_termine("01.01.2025"),
        text_antwortet_nicht(5),
        text_nicht_lesbar("x"),
        nicht_geladen("x"),
        vorlage_nicht_geladen("2021/0001"),
        n_vorlagen(2),
        n_beratungen(1),
        n_tops(3),
        suche_gekuerzt(200),
        treffer(5, 9),
        treffer_aehnlich(2, 5),
        unbekannter_filter("x:y"),
        kein_jahr("x"),
        kein_datum("x"),
        unbekannte_sortierung("x"),
        chip_gremium(&["Rat"], 3),
        chip("g", "x"),
        chip_keine("g"),
        probleme(1, 2),
        check_summary(0, 0, 2),
        weitere_probleme(3, 4, 1000),
        laden(1, 2, 3, 4_000_000),
        check_counts(&counts),
        nicht_gefunden("x"),
        keine_datei("x"),
        zu_gross(5 << 20, 1 << 20, "VAR"),
        seite_zu_gross(9 << 20, 8 << 20),
        kein_speicher(3 << 20),
        ausgabe_ist_eingabe("p.txt"),
        nichts_geschrieben("out.json"),
        io_message(&io()),
        zustand_fehler("x"),
        zustand_beschaedigt("state.sqlite"),
        zustand_neuer("state.sqlite", 9),
        zustand_fremd("state.sqlite"),
        zustand_nicht_nutzbar("state.sqlite", &io()),
        falsches_zustandsformat("a/1", "b/1"),
        kein_zustandsexport("x"),
        zustand_info("state.sqlite", 2, 1, 1),
        zustand_exportiert(2, "out.json"),
        zustand_importiert("in.json", &report),
        taste_unbekannt("x"),
        farbe_unbekannt("x"),
        stil_unbekannt("x"),
        aktion_unbekannt("x", &["quit"]),
        konfig_syntax("x"),
        konfig_unbekannt("x"),
        konfig_falscher_wert("mouse", "true or false", "\"yes\""),
        konfig_problem(crate::problem::Severity::Error, "config.toml", Some(1), Some(2), "x"),
        konfig_ort("config.toml", false),
        konfig_vorlage("selection = \"reverse\"\n"),
        geaendert_am("01.01.2025, 10:00"),
        kein_oparl_html("U"),
        kein_oparl_nicht_gefunden("U", 404),
        server_antwortet("U", 500),
        kein_oparl_json("U"),
        kein_oparl_type("U"),
        system_ohne_bodies("U"),
        body_ohne_id("U"),
        system_nicht_gelesen("x"),
        weder_system_noch_body("U", "Person"),
        antwort_kein_json("U"),
        kein_body("U"),
        kein_gueltiges_json("U", "x"),
        keine_body_liste("U"),
        sync_zustand_nicht_lesbar("d", "x"),
        kein_freier_ordner("U"),
        kein_sync_archiv("d"),
        body_wird_gelesen("X"),
        sync_laeuft_schon("d"),
        leere_liste_als_status(404),
        json_nicht_reparierbar("x"),
        liste_seite("papers", 2),
        wird_verdichtet("papers"),
        nicht_mehr_auf_dem_server(3),
        files_kein_datum("x"),
        files_unbekannt("x"),
        dokumente_nur_verweis(2),
        dokument_von(1, 2),
        nicht_gespeichert("x"),
        antwort_unvollstaendig("x"),
        uebertragung_abgebrochen("x"),
        nach_versuchen("x", 5),
        schreiben_fehlgeschlagen("x"),
        zu_viele_seiten(200_000),
        weiterleitung_anderer_host("http://other.example/x"),
        verweise_fehlen(1, "Paper", &["U".to_owned()]),
        link_tasten("y", "Esc"),
        nur_schliessen("Esc"),
        geoeffnet("x.pdf"),
        nicht_geoeffnet("x.pdf", "x"),
        opener_status(Some(2)),
        im_archiv("a/b.pdf"),
        datei_ueber_grenze(50),
        netzwerkfehler("x"),
        antwort_zu_gross(10),
        ungueltige_adresse("U"),
        noch_sekunden(3.0),
        sync_list_hinweis("x"),
        kein_endpunkt("x"),
        noch_kein_archiv("d"),
        sync_archiv("d"),
        sync_nicht_mehr_da("3"),
        sync_zahlen("1", "2", "3", "4", "5", "6", ""),
        sync_dokumente("1", "2", "3"),
        sync_dauer("1 kB", 1.0, 2.0, 3),
        nicht_alles_geholt(2),
        feld_mehrfach("x"),
        sollte_text_sein("x", "a list"),
        text_ist_zahl("x", "1"),
        ungueltige_uhrzeit("x"),
        ungueltiges_datum("x"),
        sollte_datum_sein("x", "a list"),
        eintrag_kein_objekt("a list"),
        pflichtfeld_fehlt("x"),
        sollte_liste_sein("x", "a number"),
        einzelnes_objekt_als_liste("x"),
        sollte_sein("x", "a number", "a list"),
        ungueltiger_wert("x", "y", "a number"),
        sollte_objekt_oder_liste_sein("x", "a number"),
        erwartet_oparl_objekt("a number"),
        eintrag_kein_objekt_oder_adresse("a number"),
        ohne_type(2),
        unbekannter_oparl_typ("X"),
        oparl_nicht_geladen(2, "x", "xs", "Paper", "U"),
        datei_name("7"),
        gremium_name("7"),
        gremium_der_sitzung("7"),
        ungueltiges_json("x"),
        unerwarteter_aufbau("x"),
        lesefehler("x"),
        eintraege_davor_uebernommen(2),
        unbekanntes_format("x", "y"),
        nicht_lesbar("x"),
        verzeichnis_nicht_lesbar("x"),
        vorlage_name("2021/0001"),
        auszug_name("X"),
        pflichtfeld_nicht_auf_seite("X", "y"),
        wert_weicht_ab("X", "y", "z"),
        nummer_mehrfach(2, "1"),
        nummern_mehrfach(2, "1 (2)"),
        key_zu_viele_teile("x"),
        key_ungueltiges_datum("x"),
        key_unbekannte_art("x"),
        editor_fehler("x"),
        neu_auf(true, true, true),
        notiz_zu("x"),
        kopiert("x"),
        gespeichert("x.md"),
        datei_nicht_gespeichert("x"),
        gelesen(1, 2),
        ungelesen(3),
        konfiguration_probleme(2),
        text_von_nicht_lesbar("a.pdf", "x"),
        pdf_kaputt("x"),
        pdf_abgestuerzt("x"),
        pdf_rechenzeit(30),
        pdf_zeitueberschreitung(60),
        pdf_kein_start("x"),
        dokument_text("x", "a.pdf"),
        volltext_aufbau(1, 12_345),
        volltext_aktualisierung(1, 12_345),
        volltext_ordner(std::path::Path::new("/tmp/x"), &io()),
        tausender(12_345),
        volltext_suchfehler("x"),
        notizen(2),
        volltext_aufbau_kurz(42),
        volltext_aktualisierung_kurz(42),
        abschnitt("Anlage 2: a.pdf"),
    ]
}

#[test]
fn every_formatter_speaks_both_languages() {
    for (name, f) in formatters() {
        let de = {
            let _g = for_this_thread(Sprache::De);
            f()
        };
        let en = {
            let _g = for_this_thread(Sprache::En);
            f()
        };
        assert!(!de.is_empty() && !en.is_empty(), "{name}: empty");
        if NEUTRAL.contains(&name) {
            assert_eq!(de, en, "{name} is listed as neutral");
            continue;
        }
        assert_ne!(de, en, "{name}: the same in English as in German: {en:?}");
        if let Some(m) = german_in(&en) {
            panic!("{name}: German ({m:?}) in the English {en:?}");
        }
    }
}

#[test]
fn every_formatter_has_its_case() {
    let declared: Vec<&str> = SOURCE
        .lines()
        .filter_map(|l| l.strip_prefix("pub fn "))
        .map(|rest| rest.split(['(', '<']).next().unwrap_or(""))
        .collect();
    let tested: Vec<&str> = formatters().into_iter().map(|(n, _)| n).collect();
    for name in &declared {
        assert!(tested.contains(name), "strings::{name} has no line in tests::formatters");
    }
    assert_eq!(declared.len(), tested.len(), "a formatter tested twice?");
}

#[test]
fn german_is_the_default_and_lang_does_not_switch_it() {
    // No override on a fresh thread: the process language, German unless
    // the config said otherwise (no test sets it), whatever LANG is.
    let t = std::thread::spawn(|| (sprache(), GREMIEN.get(), n_tops(2))).join().unwrap();
    assert_eq!(t, (Sprache::De, "Gremien", "2 TOPs".to_owned()));
}

#[test]
fn a_thread_in_english_sees_english_texts_and_formatters() {
    let _en = for_this_thread(Sprache::En);
    assert_eq!(GREMIEN.get(), "Committees");
    assert_eq!(format!("{GREMIEN}: {}", n_tops(1)), "Committees: 1 item");
    assert_eq!(crate::problem::Severity::Warning.name(), "Warning");
}

#[test]
fn index_labels_are_shown_in_the_interface_language() {
    let _en = for_this_thread(Sprache::En);
    assert_eq!(abschnitt("Sachverhalt"), "Statement of facts");
    assert_eq!(abschnitt("Anlage 2: Gutachten.pdf"), "Attachment 2: Gutachten.pdf");
    assert_eq!(abschnitt("Hauptdokument: Vorlage.pdf"), "Main document: Vorlage.pdf");
    assert_eq!(abschnitt("Unbekannt: x"), "Unbekannt: x", "what the table lacks stays");
    let _de = for_this_thread(Sprache::De);
    assert_eq!(abschnitt("Anlage 2: Gutachten.pdf"), "Anlage 2: Gutachten.pdf");
}

#[test]
fn missing_references_are_named_in_both_languages() {
    let kinds =
        ["Organization", "Person", "Meeting", "AgendaItem", "Paper", "Consultation", "File", "Location", "X"];
    let examples = ["U".to_owned()];
    for kind in kinds {
        for n in [1, 1234] {
            let de = {
                let _g = for_this_thread(Sprache::De);
                verweise_fehlen(n, kind, &examples)
            };
            let _en = for_this_thread(Sprache::En);
            let en = verweise_fehlen(n, kind, &examples);
            assert!(de.starts_with("Verweise auf "), "{de}");
            assert!(en.starts_with("references to "), "{en}");
            assert_eq!(german_in(&en), None, "{en}");
        }
    }
    let _en = for_this_thread(Sprache::En);
    assert_eq!(
        verweise_fehlen(1234, "Paper", &examples),
        "references to 1,234 papers that the server does not deliver, e.g. U"
    );
    assert_eq!(opener_status(None), "the opening program was killed");
}
