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
pub const FEDERFUEHREND: &str = "Federführend";
pub const BEARBEITER: &str = "Bearbeiter";
pub const BERATUNGSFOLGE: &str = "Beratungsfolge";
pub const BETREFF: &str = "Betreff";
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
pub const SUCHE_HINWEIS: &str = "Tippen, um im ganzen Archiv zu suchen";
pub const KEINE_TREFFER: &str = "Keine Treffer";

pub fn suche_gekuerzt(max: usize) -> String {
    format!("Suche auf {max} Zeichen gekürzt")
}

pub fn treffer(shown: usize, total: usize) -> String {
    if shown < total { format!("{shown} von {total} Treffern") } else { count(total, "Treffer", "Treffer") }
}

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
pub const HILFE_FENSTER: &str = "Fenster (Hilfe, Probleme, Verweise)";
pub const HILFE_TIPPEN: &str = "In der Suche wird alles andere Getippte Teil der Suchanfrage.";
pub const MEHR_UNTEN: &str = "↓ mehr";
pub const ZU_KLEIN: &str = "Fenster zu klein";

pub fn laden(files_done: usize, files_total: usize, records: usize, bytes: u64) -> String {
    format!(
        "Lade … {files_done}/{files_total} Dateien, {records} Einträge, {:.1} MB",
        bytes as f64 / 1_000_000.0
    )
}

// Command line

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

pub fn volltext_suchfehler(why: &str) -> String {
    format!("Volltextsuche fehlgeschlagen: {}", crate::text::sanitize(why))
}
