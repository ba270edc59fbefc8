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
pub const LEER: &str = "Keine Daten geladen.";
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
pub const FEHLER: &str = "Fehler";
pub const WARNUNG: &str = "Warnung";

pub fn probleme(errors: usize, warnings: usize) -> String {
    match (errors, warnings) {
        (0, 0) => String::new(),
        (e, 0) => count(e, "Fehler", "Fehler"),
        (0, w) => count(w, "Warnung", "Warnungen"),
        (e, w) => format!("{}, {}", count(e, "Fehler", "Fehler"), count(w, "Warnung", "Warnungen")),
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
    if r.deleted > 0 {
        s.push_str(&format!(" · {} als gelöscht markiert", r.deleted));
    }
    s
}

pub fn nicht_gefunden(nummer: &str) -> String {
    format!("Vorlage „{nummer}“ nicht gefunden")
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
