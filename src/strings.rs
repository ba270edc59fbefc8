//! Every text the program shows its users, in one place: the UI speaks
//! German like its data and users; a second language would be a second
//! table of the same names.

// Tree
pub const GREMIEN: &str = "Gremien";
pub const ALLE_VORLAGEN: &str = "Alle Vorlagen";
pub const OHNE_JAHR: &str = "ohne Jahr";
pub const OHNE_DATUM: &str = "ohne Datum";
pub const OHNE_BETREFF: &str = "(ohne Betreff)";
pub const OHNE_KOERPERSCHAFT: &str = "(ohne Körperschaft)";
pub const OHNE_GREMIUM: &str = "(ohne Gremium)";
pub const OHNE_SITZUNG: &str = "Ohne Sitzung";
pub const OHNE_SITZUNG_HINWEIS: &str = "Beratungen dieses Gremiums, die keiner geladenen Sitzung angehören: noch nicht terminiert, ohne Datum oder in einer Sitzung, die nicht geladen ist.";
pub const NICHT_TERMINIERT: &str = "noch nicht terminiert";
pub const KEINE_TOPS: &str = "keine TOPs";
/// A coming session without agenda items, where a row is short.
pub const TAGESORDNUNG_FOLGT: &str = "Tagesordnung folgt";
pub const ABGESAGT: &str = "abgesagt";
pub const LEER: &str = "Keine Daten geladen.";
/// Marks what the last `ratsinfo sync` created or changed.
pub const NEU: &str = "neu";
pub const LEER_MIT_PROBLEMEN: &str = "Keine Daten geladen. p zeigt, warum.";

// Reader
pub const LESEBEREICH: &str = "Lesebereich";
pub const NICHTS_GEWAEHLT: &str = "Links einen Eintrag wählen.";
pub const NUMMER: &str = "Nummer";
pub const ART: &str = "Art";
pub const STATUS: &str = "Status";
pub const DATUM: &str = "Datum";
pub const VERFASSER: &str = "Verfasser";
pub const BETREFF: &str = "Betreff";
pub const ROLLE: &str = "Rolle";
pub const ERGEBNIS: &str = "Ergebnis";
pub const FEDERFUEHREND: &str = "Federführend";
pub const BEARBEITER: &str = "Bearbeiter";
pub const BERATUNGSFOLGE: &str = "Beratungsfolge";
pub const TITEL: &str = "Titel";
pub const BESCHLUSSVORSCHLAG: &str = "Beschlussvorschlag";
pub const SACHVERHALT: &str = "Sachverhalt";
pub const FINANZIELLE_AUSWIRKUNGEN: &str = "Finanzielle Auswirkungen";
pub const ANLAGEN: &str = "Anlagen";
pub const TOP: &str = "TOP";
pub const GREMIUM: &str = "Gremium";
pub const ZEIT: &str = "Zeit";
pub const RAUM: &str = "Raum";
pub const ORT: &str = "Ort";
pub const ANLASS: &str = "Anlass";
pub const BESCHLUSSART: &str = "Beschlussart";
pub const VORLAGE: &str = "Vorlage";
pub const WORTPROTOKOLL: &str = "Wortprotokoll";
pub const BESCHLUSS: &str = "Beschluss";
pub const TAGESORDNUNG: &str = "Tagesordnung";
pub const KEINE_TAGESORDNUNG: &str = "Tagesordnung noch nicht veröffentlicht.";
pub const TAGESORDNUNG_FEHLT: &str = "Tagesordnung noch nicht veröffentlicht";
pub const TERMINE: &str = "Termine";
pub const HEUTE: &str = "heute";

pub fn keine_termine(from: &str) -> String {
    format!("Keine Sitzungen ab {from}.")
}
pub const SITZUNG: &str = "Sitzung";
pub const BERATUNGEN: &str = "Beratungen";
pub const DOKUMENTE: &str = "Dokumente";
pub const HAUPTDOKUMENT: &str = "Hauptdokument";
pub const EINLADUNG: &str = "Einladung";
pub const ERGEBNISPROTOKOLL: &str = "Ergebnisprotokoll";
pub const ANLAGE: &str = "Anlage";
pub const WEB: &str = "Web";
pub const QUELLE_ID: &str = "Kennung";
pub const UEBERGEORDNET: &str = "Übergeordnete Vorlage";
pub const UNTERGEORDNET: &str = "Untergeordnete Vorlagen";
pub const VERWANDT: &str = "Verwandte Vorlagen";
pub const ERWAEHNT_IN: &str = "Erwähnt in";
pub const AENDERT: &str = "Ändert";
pub const AENDERUNGEN: &str = "Änderungen und Ergänzungen";
pub const NAECHSTE_SITZUNGEN: &str = "Nächste Sitzungen";
pub const VERWEISE: &str = "Verweise";
pub const KEINE_VERWEISE: &str = "Dieser Eintrag verweist auf nichts.";
pub const TEXT_GEAENDERT: &str = "die Datei wurde seit dem Laden geändert";
pub const SITZUNGEN: &str = "Sitzungen";
pub const VORLAGEN: &str = "Vorlagen";

/// In place of a text that is being read from its file.
pub const TEXT_WIRD_GELADEN: &str = "[Text wird geladen …]";

/// In place of a text whose file did not answer in time.
pub fn text_antwortet_nicht(secs: u64) -> String {
    format!(
        "[Text kann nicht gelesen werden: die Datei antwortet seit {secs} s nicht (Netzlaufwerk?). Erneutes Öffnen versucht es noch einmal.]"
    )
}

/// In place of a text that is read from its file when shown and could not be.
pub fn text_nicht_lesbar(why: &str) -> String {
    format!("[Text kann nicht gelesen werden: {why}. Ein Neustart von ratsinfo zeigt den aktuellen Stand.]")
}

/// A record referred to by an id that is not loaded.
pub fn nicht_geladen(id: &str) -> String {
    format!("{id} (nicht geladen)")
}

pub fn vorlage_nicht_geladen(nummer: &str) -> String {
    format!("{nummer} (Vorlage nicht geladen)")
}

pub fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 { format!("1 {one}") } else { format!("{n} {many}") }
}

// Search
pub const SUCHE: &str = "Suche";

/// The notes a query found, before the count of its results.
pub fn notizen(n: usize) -> String {
    count(n, "Notiz", "Notizen")
}
pub const SUCHE_HINWEIS: &str = "Tippen, um im ganzen Archiv zu suchen";
pub const KEINE_TREFFER: &str = "Keine Treffer";

pub fn suche_gekuerzt(max: usize) -> String {
    format!("Suche auf {max} Zeichen gekürzt")
}

pub fn treffer(shown: usize, total: usize) -> String {
    if shown < total { format!("{shown} von {total} Treffern") } else { count(total, "Treffer", "Treffer") }
}

/// The count line when some results hold every word and the others only
/// its letters.
pub fn treffer_aehnlich(words: usize, total: usize) -> String {
    format!("{} mit allen Wörtern, {} ähnlich", words, total - words.min(total))
}

/// The divider before results that hold the query's letters, not its words.
pub const AEHNLICH: &str = "ähnlich";
/// The search had filters only and shows the newest first.
pub const NEUESTE_ZUERST: &str = "neueste zuerst";

pub fn unbekannter_filter(token: &str) -> String {
    format!("Filter »{token}« unbekannt; bekannt: {}", crate::search::FILTER_KEYS)
}

pub fn kein_jahr(token: &str) -> String {
    format!("»{token}« ist kein Jahr (j:2021 oder j:2019-2021)")
}

pub fn kein_datum(token: &str) -> String {
    format!("»{token}« ist kein Datum (TT.MM.JJJJ, MM.JJJJ oder JJJJ)")
}

pub fn unbekannte_sortierung(token: &str) -> String {
    format!("»{token}«: sortieren geht nach s:datum (neueste zuerst)")
}

/// Filter chips.
pub fn chip_gremium(names: &[&str], total: usize) -> String {
    match names {
        [] => "Gremium: keins passt".to_owned(),
        [one] => format!("Gremium: {one}"),
        [first, ..] => format!("Gremium: {first} +{}", total - 1),
    }
}

pub fn chip(key: &str, value: &str) -> String {
    format!("{key}: {value}")
}

pub const LEERE_SUCHE: &str = "Leere Suche: nichts zu suchen. Wörter eingeben oder Filter wie g:rat j:2021.";

// Problems
pub const PROBLEME: &str = "Probleme beim Laden";
pub const KEINE_PROBLEME: &str = "Keine Probleme beim Laden.";
pub const KEINE_FEHLER: &str = "Keine Fehler oder Warnungen";
pub const FEHLER: &str = "Fehler";
pub const WARNUNG: &str = "Warnung";
pub const HINWEIS: &str = "Hinweis";

pub fn probleme(errors: usize, warnings: usize) -> String {
    match (errors, warnings) {
        (0, 0) => String::new(),
        (e, 0) => count(e, "Fehler", "Fehler"),
        (0, w) => count(w, "Warnung", "Warnungen"),
        (e, w) => format!("{}, {}", count(e, "Fehler", "Fehler"), count(w, "Warnung", "Warnungen")),
    }
}

/// The last line of `check`: what was reported, Hinweise apart.
pub fn check_summary(errors: usize, warnings: usize, notes: usize) -> String {
    let hinweise = count(notes, "Hinweis", "Hinweise");
    match (probleme(errors, warnings), notes) {
        (p, 0) if p.is_empty() => KEINE_PROBLEME.to_owned(),
        (p, _) if p.is_empty() => format!("{KEINE_FEHLER}; {hinweise}"),
        (p, 0) => p,
        (p, _) => format!("{p}, {hinweise}"),
    }
}

/// After the first `shown` problems of a file: how many more there were.
pub fn weitere_probleme(errors: usize, warnings: usize, shown: usize) -> String {
    format!(
        "… und {} weitere in dieser Datei ({}), nur die ersten {shown} sind einzeln aufgeführt",
        errors + warnings,
        probleme(errors, warnings)
    )
}

// Status and overlays
pub const HILFE: &str = "Hilfe";
pub const HILFE_BLAETTERN: &str = "Baum und Lesebereich";
pub const HILFE_FENSTER: &str = "Fenster (Hilfe, Probleme, Verweise, Kopieren)";
pub const HILFE_NOTIZ: &str = "Notiz schreiben (ohne $VISUAL/$EDITOR)";
pub const HILFE_TIPPEN: &str = "In der Suche wird alles andere Getippte Teil der Suchanfrage.";
pub const MEHR_UNTEN: &str = "↓ mehr";

// Personal state
pub const NOTIZ: &str = "✎ Notiz";
pub const NOTIZ_HINWEIS: &str = "Esc speichert · leer löscht";
pub const MERKLISTE: &str = "Merkliste";
pub const MERKLISTE_LEER: &str = "Noch nichts auf der Merkliste: m setzt den offenen Eintrag darauf.";
pub const NEU_SEIT: &str = "Neu auf der Merkliste";
pub const NICHT_GELADEN: &str = "nicht geladen";
pub const KOPIEREN: &str = "Kopieren";
pub const KOPIE_NUMMER: &str = "Nummer";
pub const KOPIE_TITEL: &str = "Titel";
pub const KOPIE_LINK: &str = "Link";
pub const KOPIE_MARKDOWN: &str = "Markdown";
pub const NICHTS_ZU_KOPIEREN: &str = "Hier gibt es nichts zu kopieren.";
pub const ZU_LANG_ZUM_KOPIEREN: &str =
    "Zu lang für die Zwischenablage des Terminals: e speichert es als Datei.";
pub const KEIN_UNGELESENER: &str = "Kein ungelesener Eintrag mehr.";
pub const NICHT_MARKIERBAR: &str = "Hier gibt es nichts zu markieren.";
pub const NICHT_EXPORTIERBAR: &str = "Hier gibt es nichts zu speichern.";

pub const NOTIZ_GESPEICHERT: &str = "Notiz gespeichert.";

pub fn editor_fehler(grund: &str) -> String {
    format!("Der Editor ließ sich nicht starten: {grund}")
}
pub const NOTIZ_GELOESCHT: &str = "Notiz gelöscht.";

/// What is new on a watched paper, as the Merkliste says it.
pub fn neu_auf(beratung: bool, ergebnis: bool, dokument: bool) -> String {
    let parts: Vec<&str> = [(beratung, "Beratung"), (ergebnis, "Ergebnis"), (dokument, "Dokument")]
        .into_iter()
        .filter_map(|(on, what)| on.then_some(what))
        .collect();
    format!("neu: {}", parts.join(", "))
}

pub fn notiz_zu(titel: &str) -> String {
    format!("Notiz zu {titel}")
}

pub fn kopiert(was: &str) -> String {
    format!("{was} kopiert (über das Terminal)")
}

pub fn gespeichert(pfad: &str) -> String {
    format!("Gespeichert: {pfad}")
}

pub fn nicht_gespeichert(grund: &str) -> String {
    format!("Nicht gespeichert: {grund}")
}

pub fn gelesen(n: usize, total: usize) -> String {
    format!("{n}/{total} gelesen")
}

pub fn ungelesen(n: usize) -> String {
    format!("{n} ungelesen")
}

pub fn als_gelesen(on: bool) -> &'static str {
    if on { "Als gelesen markiert." } else { "Als ungelesen markiert." }
}

pub fn gemerkt(on: bool) -> &'static str {
    if on { "Auf der Merkliste." } else { "Von der Merkliste genommen." }
}

pub fn konfiguration_probleme(n: usize) -> String {
    format!("Konfiguration: {}", count(n, "Problem", "Probleme"))
}
pub const ZU_KLEIN: &str = "Fenster zu klein";

pub fn laden(files_done: usize, files_total: usize, records: usize, bytes: u64) -> String {
    format!(
        "Lade … {files_done}/{files_total} Dateien, {records} Einträge, {:.1} MB",
        bytes as f64 / 1_000_000.0
    )
}

// Command line

pub const BRAUCHT_TERMINAL: &str = "Die Ansicht braucht ein Terminal: die Ausgabe geht nicht an eines \
(umgeleitet in eine Datei oder Pipe?), oder es gibt keins. Ohne Terminal gehen \
„ratsinfo check“, „ratsinfo search SUCHE“ und „ratsinfo show NUMMER“.";

/// The numbers `check` reports, named as `check --json` names them.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Counts {
    pub files: usize,
    pub koerperschaften: usize,
    pub gremien: usize,
    pub sitzungen: usize,
    pub items: usize,
    pub items_linked: usize,
    pub vorlagen: usize,
    pub auszuege: usize,
    pub deleted: usize,
    pub dokumente: usize,
    pub beratungen_ohne_sitzung: usize,
}

pub fn check_counts(r: &Counts) -> String {
    let mut s = format!(
        "{} gelesen\nKörperschaften {} · Gremien {} · Sitzungen {} · TOPs {} ({} mit geladener Vorlage) · Vorlagen {} · Auszüge {}",
        count(r.files, "Datei", "Dateien"),
        r.koerperschaften,
        r.gremien,
        r.sitzungen,
        r.items,
        r.items_linked,
        r.vorlagen,
        r.auszuege
    );
    if r.dokumente > 0 {
        s.push_str(&format!(" · Dokumente {}", r.dokumente));
    }
    if r.beratungen_ohne_sitzung > 0 {
        s.push_str(&format!(" · Beratungen ohne Sitzung {}", r.beratungen_ohne_sitzung));
    }
    if r.deleted > 0 {
        s.push_str(&format!(" · {} als gelöscht markiert", r.deleted));
    }
    s
}

pub fn nicht_gefunden(reference: &str) -> String {
    format!(
        "„{reference}“ nicht gefunden: weder eine Vorlagennummer noch die Kennung eines geladenen Eintrags"
    )
}

// Files that are not read (see `files`)
pub const ART_VERZEICHNIS: &str = "ein Verzeichnis";
pub const ART_PIPE: &str = "eine benannte Pipe (FIFO)";
pub const ART_GERAET: &str = "ein Gerät";
pub const ART_SOCKET: &str = "ein Socket";
pub const ART_ANDERES: &str = "keine Datei";

pub fn keine_datei(what: &str) -> String {
    format!("keine gewöhnliche Datei, sondern {what}; übersprungen")
}

/// Megabytes (MiB, as the limit is set), rounded up.
fn mb(bytes: u64) -> u64 {
    bytes.div_ceil(1 << 20)
}

pub fn zu_gross(len: u64, max: u64, var: &str) -> String {
    format!(
        "Datei zu groß ({} MB, höchstens {} MB; die Grenze setzt die Umgebungsvariable {var}, in MB); übersprungen",
        mb(len),
        mb(max)
    )
}

pub fn seite_zu_gross(len: u64, max: u64) -> String {
    format!(
        "zu groß für eine gespeicherte Seite ({} MB, höchstens {} MB); keine Seite eines Ratsinformationssystems?",
        mb(len),
        mb(max)
    )
}

pub fn kein_speicher(len: u64) -> String {
    format!("nicht genug Arbeitsspeicher für die {} MB der Datei; übersprungen", mb(len))
}

pub fn ausgabe_ist_eingabe(page: &str) -> String {
    format!("Die Ausgabedatei ist die Seite {page}, die gelesen werden soll; nichts geschrieben")
}

pub fn nichts_geschrieben(output: &str) -> String {
    format!("Nicht jede Seite konnte gelesen werden; {output} bleibt, wie es war")
}

/// An I/O error in German, for messages about files.
pub fn io_message(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match e.kind() {
        NotFound => "Datei oder Verzeichnis nicht gefunden".into(),
        PermissionDenied => "keine Berechtigung".into(),
        IsADirectory => "ist ein Verzeichnis".into(),
        _ => crate::text::sanitize(&e.to_string()),
    }
}

// Personal state (read marks, Merkliste, notes)
pub const ZUSTAND_GESPERRT: &str =
    "der Zustand ist gerade von einem anderen ratsinfo gesperrt; bitte noch einmal versuchen";
pub const ZUSTAND_SCHREIBGESCHUETZT: &str = "die Zustandsdatei ist schreibgeschützt";
pub const DATENTRAEGER_VOLL: &str = "der Datenträger ist voll";
pub const ZUSTAND_BESCHAEDIGT: &str = "die Zustandsdatei ist beschädigt";
pub const KEIN_EINTRAG_FUER_ZUSTAND: &str =
    "Hier kann nichts markiert werden: nur Vorlagen, Sitzungen, TOPs und Gremien.";
pub const NUR_FUER_DIESE_SITZUNG: &str =
    "Markierungen und Notizen gelten nur bis zum Beenden und werden nicht gespeichert.";

/// A change to the personal state could not be saved.
pub fn zustand_fehler(why: &str) -> String {
    format!("Nicht gespeichert: {why}.")
}

pub fn zustand_beschaedigt(file: &str) -> String {
    format!(
        "Die Zustandsdatei {file} ist beschädigt und wird nicht verändert (Lesezeichen, Merkliste, Notizen). \
         {NUR_FUER_DIESE_SITZUNG} Eine Sicherung mit „ratsinfo state import“ lässt sich in eine neue Datei einlesen, \
         nachdem die beschädigte beiseitegelegt wurde."
    )
}

pub fn zustand_neuer(file: &str, version: i64) -> String {
    format!(
        "Die Zustandsdatei {file} stammt von einer neueren ratsinfo-Version (Schema {version}) und wird nicht verändert; \
         was lesbar ist, wird angezeigt. {NUR_FUER_DIESE_SITZUNG} Bitte ratsinfo aktualisieren."
    )
}

pub fn zustand_fremd(file: &str) -> String {
    format!("{file} ist keine Zustandsdatei von ratsinfo und wird nicht verändert. {NUR_FUER_DIESE_SITZUNG}")
}

pub fn zustand_nicht_nutzbar(file: &str, e: &std::io::Error) -> String {
    format!("Die Zustandsdatei {file} kann nicht benutzt werden: {}. {NUR_FUER_DIESE_SITZUNG}", io_message(e))
}

pub const KEIN_DATENVERZEICHNIS: &str =
    "Kein Datenverzeichnis gefunden (HOME ist nicht gesetzt): der Zustand kann nicht gespeichert werden.";

pub fn falsches_zustandsformat(found: &str, expected: &str) -> String {
    format!("keine Zustandssicherung von ratsinfo: „format“ ist „{found}“, erwartet „{expected}“")
}

pub fn kein_zustandsexport(detail: &str) -> String {
    format!("keine lesbare Zustandssicherung ({detail})")
}

pub fn zustand_info(path: &str, read: usize, merk: usize, notes: usize) -> String {
    format!(
        "Zustand: {path}\n{} · {} auf der Merkliste · {}",
        count(read, "Eintrag gelesen", "Einträge gelesen"),
        merk,
        count(notes, "Notiz", "Notizen")
    )
}

pub fn zustand_exportiert(n: usize, file: &str) -> String {
    format!("{} nach {file} geschrieben.", count(n, "Eintrag", "Einträge"))
}

pub fn zustand_importiert(file: &str, r: &crate::state::ImportReport) -> String {
    let mut s = format!(
        "Aus {file}: {}; übernommen: {}, {}, {}",
        count(r.entries, "Eintrag", "Einträge"),
        count(r.read, "Lesemarke", "Lesemarken"),
        count(r.merk, "Merklisten-Eintrag", "Merklisten-Einträge"),
        count(r.notes, "Notiz", "Notizen"),
    );
    if r.notes_kept > 0 {
        s.push_str(&format!("; {} hier neuer und behalten", count(r.notes_kept, "Notiz", "Notizen")));
    }
    if r.invalid > 0 {
        s.push_str(&format!("; {} ungültig und ausgelassen", count(r.invalid, "Eintrag", "Einträge")));
    }
    s.push('.');
    s
}

pub const ZUSTAND_NICHT_GESPEICHERT: &str = "Nichts geschrieben: der Zustand kann nicht gespeichert werden.";

// Config file
pub const TASTE_STRG: &str = "Strg";
pub const TASTE_ALT: &str = "Alt";
pub const TASTE_UMSCHALT: &str = "Umschalt";
pub const TASTE_LEER: &str = "Leertaste";
pub const TASTE_RUECKTAB: &str = "Umschalt-Tab";
pub const TASTE_ENTF: &str = "Entf";
pub const TASTE_EINFG: &str = "Einfg";
pub const TASTE_POS1: &str = "Pos1";
pub const TASTE_ENDE: &str = "Ende";
pub const TASTE_BILD_AUF: &str = "Bild↑";
pub const TASTE_BILD_AB: &str = "Bild↓";

pub const TYP_TEXT: &str = "ein Text";
pub const TYP_ZAHL: &str = "eine Zahl";
pub const TYP_KOMMAZAHL: &str = "eine Kommazahl";
pub const TYP_WAHRHEITSWERT: &str = "true oder false";
pub const TYP_DATUM: &str = "ein Datum";
pub const TYP_LISTE: &str = "eine Liste";
pub const TYP_TABELLE: &str = "eine Tabelle";

pub const ERWARTET_WAHRHEITSWERT: &str = "true oder false";
pub const ERWARTET_SPRACHE: &str = "\"de\" oder \"en\"";
pub const ERWARTET_VERZOEGERUNG: &str = "Millisekunden von 0 bis 600000";
pub const ERWARTET_TABELLE: &str = "eine Tabelle";
pub const ERWARTET_PROGRAMM: &str = "ein Programm wie \"xdg-open\", gegebenenfalls mit Argumenten";
pub const ERWARTET_TASTEN: &str = "eine Taste wie \"q\" oder \"ctrl-c\", oder eine Liste davon";
pub const ERWARTET_THEMA: &str = "\"default\" oder \"light\"";
pub const ERWARTET_STIL: &str = "einen Stil wie \"bold yellow\" oder \"black on cyan\"";
pub const ERWARTET_BAUMBREITE: &str = "\"auto\", Spalten von 10 bis 500 oder Prozent wie \"40%\" (10–90)";
pub const KONFIG_KEIN_UTF8: &str = "die Datei ist kein UTF-8-Text; es gelten die Voreinstellungen";

pub fn taste_unbekannt(spec: &str) -> String {
    format!(
        "unbekannte Taste „{}“ (erwartet z. B. \"q\", \"G\", \"ctrl-c\", \"alt-x\", \"F1\", \"pageup\", \"space\")",
        crate::text::sanitize(spec)
    )
}

pub fn farbe_unbekannt(word: &str) -> String {
    format!(
        "unbekannte Farbe oder Auszeichnung „{}“ (Farben: black, red, green, yellow, blue, magenta, cyan, gray, \
         darkgray, light…, white, default, #rrggbb, 0–255; Auszeichnungen: bold, dim, italic, underline, reverse)",
        crate::text::sanitize(word)
    )
}

pub fn stil_unbekannt(spec: &str) -> String {
    format!("unvollständiger Stil „{}“: nach „on“ fehlt die Hintergrundfarbe", crate::text::sanitize(spec))
}

pub fn aktion_unbekannt(action: &str, known: &[&str]) -> String {
    format!(
        "unbekannte Aktion „{}“ in [keys] wird ignoriert (bekannt: {})",
        crate::text::sanitize(action),
        known.join(", ")
    )
}

pub fn konfig_syntax(detail: &str) -> String {
    format!("kein gültiges TOML ({}); es gelten alle Voreinstellungen", crate::text::sanitize(detail))
}

pub fn konfig_unbekannt(key: &str) -> String {
    format!("unbekannter Schlüssel „{key}“ wird ignoriert")
}

pub fn konfig_falscher_wert(name: &str, expected: &str, found: &str) -> String {
    format!("„{name}“ erwartet {expected}, gefunden {found}; es gilt die Voreinstellung")
}

/// A problem of the config file, as shown: where, and what.
pub fn konfig_problem(
    severity: crate::problem::Severity,
    file: &str,
    line: Option<usize>,
    column: Option<usize>,
    message: &str,
) -> String {
    let wo = match (line, column) {
        (Some(l), Some(c)) => format!("{file}, Zeile {l}, Spalte {c}"),
        (Some(l), None) => format!("{file}, Zeile {l}"),
        _ => file.to_owned(),
    };
    format!("{} in der Konfiguration {wo}: {message}", severity.german())
}

pub fn konfig_ort(path: &str, exists: bool) -> String {
    if exists {
        format!("Konfiguration: {path}")
    } else {
        format!(
            "Konfiguration: {path} (nicht vorhanden: es gelten die Voreinstellungen; „ratsinfo config --default“ zeigt sie)"
        )
    }
}

pub const KONFIG_IN_ORDNUNG: &str = "Keine Probleme in der Konfiguration.";

/// The commented default config file; `roles` are the `[theme]` lines.
pub fn konfig_vorlage(roles: &str) -> String {
    format!(
        r##"# ratsinfo: Konfiguration
#
# Diese Datei gehört nach $XDG_CONFIG_HOME/ratsinfo/config.toml
# (meist ~/.config/ratsinfo/config.toml; unter macOS
# ~/Library/Application Support/ratsinfo/config.toml).
# Alles hier ist die Voreinstellung: was fehlt, gilt so. Ein Fehler in der
# Datei wird mit Zeile und Spalte gemeldet; dann gilt für den fehlerhaften
# Wert (bei kaputtem TOML für alles) die Voreinstellung.

# Sprache der Oberfläche: "de" oder "en". Die Daten bleiben deutsch; LANG
# allein schaltet nicht um.
sprache = "de"

# Maus: Rad blättert, Klick wählt, Doppelklick öffnet, die Trennlinie
# zwischen Baum und Lesebereich lässt sich ziehen.
mouse = true

# So lange (Millisekunden) muss ein Eintrag offen sein, bis er als gelesen
# gilt; 0: sofort.
read_delay_ms = 2000

# Deutsche Silbentrennung im Lesebereich.
hyphenation = true

# Womit o ein Dokument öffnet (die Datei im Archiv, sonst den Link), wenn
# ein grafischer Bildschirm da ist: ein Programm, gegebenenfalls mit
# Argumenten; es bekommt den Pfad oder den Link als letztes Argument.
# Voreinstellung: "xdg-open" (unter macOS "open"). Ohne grafischen
# Bildschirm (über SSH) zeigt o den Link zum Anklicken und Kopieren.
# opener = "xdg-open"

[layout]
# Breite des Baums: "auto" (zwei Fünftel, 28 bis 64 Spalten), eine Zahl von
# Spalten oder ein Anteil wie "35%".
tree_width = "auto"

[keys]
# Tasten neu belegen, je Aktion eine Taste oder eine Liste. Schreibweise:
# "q", "G", "ctrl-c", "alt-x", "shift-tab", "F1", "enter", "esc", "tab",
# "space", "backspace", "up", "down", "left", "right", "home", "end",
# "pageup", "pagedown". Hilfe (?) und Statuszeile zeigen die Belegung.
# Beispiele:
# quit = ["q", "ctrl-c"]
# search = ["/", "ctrl-f"]
# help = ["?", "F1"]

[theme]
# "default": 16 Farben, die jedes Terminal kann; "light": für helle
# Hintergründe. NO_COLOR (gesetzt und nicht leer) schaltet Farben ab,
# Hervorhebungen wie fett und invertiert bleiben.
base = "default"
# Je Rolle Farben und Auszeichnungen: black, red, green, yellow, blue,
# magenta, cyan, gray, darkgray, lightred … lightcyan, white, default,
# "#rrggbb", 0–255; bold, dim, italic, underline, reverse; eine Farbe nach
# "on" ist der Hintergrund ("black on cyan").
{roles}"##
    )
}

// Notes
pub const NOTIZEN: &str = "Notizen";
pub const KEINE_NOTIZEN: &str = "Keine Notizen.";
pub const NOTIZEN_NICHT_GELADEN: &str = "Notizen zu nicht geladenen Einträgen";

pub fn geaendert_am(when: &str) -> String {
    format!("geändert am {when}")
}

// --- document texts (src/doctext) -----------------------------------------

/// "Text von »Anlage 2.pdf« nicht lesbar: …"
pub fn text_von_nicht_lesbar(name: &str, why: &str) -> String {
    format!("Text von »{name}« nicht lesbar: {why}")
}

pub const KEIN_TEXT: &str = "kein Text vom Server und keine Datei im Archiv (ratsinfo sync --files lädt sie)";
pub const KEIN_PDF_TEXT: &str = "nur aus PDF-Dateien wird Text gelesen";
pub const PDF_LEER: &str = "die Datei ist leer";
pub const PDF_KEIN_PDF: &str = "keine PDF-Datei";
pub const PDF_OHNE_TEXT: &str = "kein Text im PDF (nur Bilder, oder die Datei ist unvollständig)";
pub const PDF_KEINE_SEITEN: &str = "das PDF hat keine Seiten";
pub const PDF_KEINE_ANTWORT: &str = "das Programm zum Lesen gab keine Antwort";
pub const PDF_SPEICHER: &str = "das PDF braucht zu viel Arbeitsspeicher";

pub fn pdf_kaputt(why: &str) -> String {
    format!("das PDF ist beschädigt ({})", crate::text::sanitize(why))
}

pub fn pdf_abgestuerzt(how: &str) -> String {
    format!("das Programm zum Lesen ist an dieser Datei abgestürzt ({how})")
}

pub fn pdf_rechenzeit(secs: u64) -> String {
    format!("mehr als {secs} s Rechenzeit")
}

pub fn pdf_zeitueberschreitung(secs: u64) -> String {
    format!("nach {secs} s abgebrochen (beim nächsten Mal wird es erneut versucht)")
}

pub fn pdf_kein_start(why: &str) -> String {
    format!("das Programm zum Lesen ließ sich nicht starten ({why})")
}

pub const DOKUMENT_OHNE_TEXT: &str = "(Das Dokument enthält keinen Text, vielleicht nur Bilder.)";

/// Heading of a document's text in `show --documents`.
pub fn dokument_text(label: &str, name: &str) -> String {
    if name.is_empty() { format!("{label} (Text)") } else { format!("{label}: {name} (Text)") }
}

// --- documents in the UI (src/ui/documents.rs) ---------------------------

/// In place of a document's text while it is read (a PDF: up to a minute).
pub const TEXT_WIRD_GELESEN: &str = "Text wird gelesen …";
/// When this program cannot start its PDF reader (no path to itself).
pub const KEIN_PDF_LESER: &str = "das PDF kann hier nicht gelesen werden";
pub const DOKUMENT_OEFFNEN: &str = "Dokument öffnen";
pub const KEINE_DOKUMENTE: &str = "Dieser Eintrag hat keine Dokumente.";
pub const KEIN_LINK: &str = "Für dieses Dokument gibt es keinen gültigen Link (http oder https).";
pub const KEIN_BILDSCHIRM: &str = "Kein grafischer Bildschirm, um es zu öffnen.";
pub const LINK_ANKLICKBAR: &str =
    "Der Link lässt sich im Terminal anklicken (je nach Terminal mit Strg oder Cmd).";
/// Between two keys that do the same: "y oder Enter".
pub const ODER: &str = "oder";

/// The link overlay's keys: `kopieren` copies the link, `schliessen` closes.
pub fn link_tasten(kopieren: &str, schliessen: &str) -> String {
    format!("{kopieren} kopiert den Link, {schliessen} schließt.")
}

/// The key that closes an overlay.
pub fn nur_schliessen(taste: &str) -> String {
    format!("{taste} schließt.")
}

/// The document handed to the system's opener.
pub fn geoeffnet(was: &str) -> String {
    format!("Geöffnet: {was}")
}

pub fn nicht_geoeffnet(was: &str, grund: &str) -> String {
    format!("{was} ließ sich nicht öffnen: {grund}")
}

/// How the opener ended, when it failed: its exit status, or a signal.
pub fn opener_status(code: Option<i32>) -> String {
    match code {
        Some(c) => format!("das Programm zum Öffnen endete mit Status {c}"),
        None => "das Programm zum Öffnen wurde abgebrochen".into(),
    }
}

/// Where a document's downloaded file is.
pub fn im_archiv(pfad: &str) -> String {
    format!("Im Archiv: {pfad}")
}

// --- full-text search (src/fulltext) --------------------------------------

pub const VOLLTEXT: &str = "Volltext";
pub const VOLLTEXT_PRUEFEN: &str = "Volltext: Index wird geprüft …";
pub const VOLLTEXT_BEREIT: &str = "Volltext bereit";
pub const VOLLTEXT_FEHLER: &str = "Volltext nicht verfügbar";
pub const VOLLTEXT_ABGEBROCHEN: &str = "Aufbau des Volltextindex abgebrochen";
pub const KEIN_CACHE: &str = "Kein Cache-Verzeichnis gefunden (HOME nicht gesetzt?)";

pub fn volltext_aufbau(done: usize, total: usize) -> String {
    format!("Volltext: Index wird aufgebaut, {} von {} Einträgen", tausender(done), tausender(total))
}

pub fn volltext_aktualisierung(done: usize, total: usize) -> String {
    format!("Volltext: Index wird aktualisiert, {} von {} Einträgen", tausender(done), tausender(total))
}

/// The same for the status line, where room is short.
pub const VOLLTEXT_PRUEFEN_KURZ: &str = "Volltext prüfen …";

pub fn volltext_aufbau_kurz(percent: usize) -> String {
    format!("Volltext {percent} %")
}

pub fn volltext_aktualisierung_kurz(percent: usize) -> String {
    format!("Volltext aktualisieren {percent} %")
}

pub fn volltext_ordner(dir: &std::path::Path, e: &std::io::Error) -> String {
    format!("Volltextindex in {}: {}", crate::text::display_name(dir), io_message(e))
}

/// 12345 → "12.345".
pub fn tausender(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

pub const ANFUEHRUNG_OFFEN: &str =
    "Anführungszeichen nicht geschlossen: eine Wortfolge steht zwischen zwei \"";
pub const NUR_AUSSCHLUSS: &str = "Nur ausgeschlossene Wörter (-wort): mindestens ein gesuchtes Wort fehlt";
pub const KEIN_SUCHWORT: &str = "Kein Suchwort";
pub const PRAEFIX_ZU_KURZ: &str = "Vor * mindestens zwei Buchstaben, z. B. sanier*";
pub const PRAEFIX_EIN_WORT: &str = "* steht am Ende eines einzelnen Wortes, z. B. sanier*";

pub const VOLLTEXT_NUR_FILTER: &str = "Nur Filter: die Volltextsuche braucht mindestens ein Wort";
pub const TITELSUCHE: &str = "Titel";
pub const VOLLTEXT_WIRD_GEBAUT: &str =
    "Der Volltext-Index wird noch gebaut; die Titelsuche geht schon (Tab).";

pub fn volltext_suchfehler(why: &str) -> String {
    format!("Volltextsuche fehlgeschlagen: {}", crate::text::sanitize(why))
}

// --- sync (src/sync) --------------------------------------------------------

/// A redirect to another host than the URL's, not followed.
pub fn weiterleitung_anderer_host(target: &str) -> String {
    format!(
        "Weiterleitung auf einen anderen Host ({}) nicht gefolgt; mit --follow-hosts folgt ratsinfo ihr",
        crate::text::sanitize(target)
    )
}

pub const ZU_VIELE_WEITERLEITUNGEN: &str = "zu viele Weiterleitungen";

/// An OParl type for the sync's Hinweise: the kind with its article and
/// relative pronoun, and the plural.
pub fn oparl_art(type_name: &str) -> (&'static str, &'static str) {
    match type_name {
        "Organization" => ("eine Organisation, die", "Organisationen"),
        "Person" => ("eine Person, die", "Personen"),
        "Meeting" => ("eine Sitzung, die", "Sitzungen"),
        "AgendaItem" => ("einen Tagesordnungspunkt, den", "Tagesordnungspunkte"),
        "Paper" => ("eine Vorlage, die", "Vorlagen"),
        "Consultation" => ("eine Beratung, die", "Beratungen"),
        "File" => ("eine Datei, die", "Dateien"),
        "Location" => ("einen Ort, den", "Orte"),
        _ => ("ein Objekt, das", "Objekte"),
    }
}

/// References to objects of one kind that the server does not deliver:
/// how many objects, and a few of their URLs.
pub fn verweise_fehlen(n: usize, one: &str, many: &str, examples: &[String]) -> String {
    let examples = examples.iter().map(|e| crate::text::sanitize(e)).collect::<Vec<_>>().join(", ");
    if n == 1 {
        format!("Verweise auf {one} der Server nicht liefert: {examples}")
    } else {
        format!("Verweise auf {} {many}, die der Server nicht liefert, z. B. {examples}", tausender(n))
    }
}
