//! Every text the program shows its users, in one place, in German and
//! English. German is the default, like the data; `sprache = "en"` in the
//! config switches the interface (never `LANG` alone: the data stays
//! German).
//!
//! Adding a text: a plain one goes into the [`texts!`] table below as
//! `NAME = "Deutsch", "English";` and is used as `s::NAME` (a `&Text`,
//! which derefs to `&str` in the current language); one with values is a
//! `pub fn` that gives both forms, mostly with `tr!("… {x}", "… {x}")`, and
//! gets a line in the table of `tests::formatters`. The tests fail for a
//! text without English, a formatter without a test line, and a
//! `pub const … : &str` here.

mod lang;
#[cfg(test)]
mod tests;

pub use lang::{Sprache, Text, ThreadSprache, carry, en, for_this_thread, set_sprache, sprache};

/// Declares each text as `pub const NAME: &Text` and lists them all in
/// `ALL` for the completeness test.
macro_rules! texts {
    ($($(#[$attr:meta])* $name:ident = $de:literal, $en:literal;)*) => {
        $($(#[$attr])* pub const $name: &Text = &Text::new($de, $en);)*

        /// Every text of the table, by name.
        pub const ALL: &[(&str, &Text)] = &[$((stringify!($name), $name)),*];
    };
}

/// `format!` in the current language: `tr!("{n} Sitzungen", "{n} meetings")`;
/// further arguments follow both strings.
macro_rules! tr {
    ($de:literal, $en:literal $(, $arg:expr)* $(,)?) => {
        if $crate::strings::en() { format!($en $(, $arg)*) } else { format!($de $(, $arg)*) }
    };
}

texts! {
    // Tree
    GREMIEN = "Gremien", "Committees";
    ALLE_VORLAGEN = "Alle Vorlagen", "All papers";
    OHNE_JAHR = "ohne Jahr", "no year";
    OHNE_DATUM = "ohne Datum", "no date";
    OHNE_BETREFF = "(ohne Betreff)", "(no subject)";
    OHNE_KOERPERSCHAFT = "(ohne Körperschaft)", "(no body)";
    OHNE_GREMIUM = "(ohne Gremium)", "(no committee)";
    OHNE_SITZUNG = "Ohne Sitzung", "No meeting";
    OHNE_SITZUNG_HINWEIS = "Beratungen dieses Gremiums, die keiner geladenen Sitzung angehören: noch nicht terminiert, ohne Datum oder in einer Sitzung, die nicht geladen ist.",
        "Consultations of this committee that belong to no loaded meeting: not scheduled yet, without a date, or in a meeting that is not loaded.";
    NICHT_TERMINIERT = "noch nicht terminiert", "not scheduled yet";
    KEINE_TOPS = "keine TOPs", "no items";
    /// A coming session without agenda items, where a row is short.
    TAGESORDNUNG_FOLGT = "Tagesordnung folgt", "agenda to follow";
    ABGESAGT = "abgesagt", "cancelled";
    LEER = "Keine Daten geladen.", "No data loaded.";
    /// Marks what the last `ratsinfo sync` created or changed.
    NEU = "neu", "new";
    LEER_MIT_PROBLEMEN = "Keine Daten geladen. p zeigt, warum.", "No data loaded. p shows why.";

    // Reader
    LESEBEREICH = "Lesebereich", "Reader";
    NICHTS_GEWAEHLT = "Links einen Eintrag wählen.", "Choose an entry on the left.";
    NUMMER = "Nummer", "Number";
    ART = "Art", "Type";
    STATUS = "Status", "Status";
    DATUM = "Datum", "Date";
    VERFASSER = "Verfasser", "Author";
    BETREFF = "Betreff", "Subject";
    ROLLE = "Rolle", "Role";
    ERGEBNIS = "Ergebnis", "Result";
    FEDERFUEHREND = "Federführend", "Lead office";
    BEARBEITER = "Bearbeiter", "Officer";
    BERATUNGSFOLGE = "Beratungsfolge", "Consultations";
    /// A title's section (full-text hits).
    TITEL = "Titel", "Title";
    BESCHLUSSVORSCHLAG = "Beschlussvorschlag", "Proposed resolution";
    SACHVERHALT = "Sachverhalt", "Statement of facts";
    FINANZIELLE_AUSWIRKUNGEN = "Finanzielle Auswirkungen", "Financial impact";
    ANLAGEN = "Anlagen", "Attachments";
    TOP = "TOP", "Item";
    GREMIUM = "Gremium", "Committee";
    ZEIT = "Zeit", "Time";
    RAUM = "Raum", "Room";
    ORT = "Ort", "Place";
    ANLASS = "Anlass", "Occasion";
    BESCHLUSSART = "Beschlussart", "Kind of decision";
    VORLAGE = "Vorlage", "Paper";
    WORTPROTOKOLL = "Wortprotokoll", "Verbatim minutes";
    BESCHLUSS = "Beschluss", "Resolution";
    TAGESORDNUNG = "Tagesordnung", "Agenda";
    KEINE_TAGESORDNUNG = "Tagesordnung noch nicht veröffentlicht.", "Agenda not published yet.";
    TAGESORDNUNG_FEHLT = "Tagesordnung noch nicht veröffentlicht", "agenda not published yet";
    TERMINE = "Termine", "Meetings ahead";
    HEUTE = "heute", "today";
    SITZUNG = "Sitzung", "Meeting";
    BERATUNGEN = "Beratungen", "Consultations";
    DOKUMENTE = "Dokumente", "Documents";
    HAUPTDOKUMENT = "Hauptdokument", "Main document";
    EINLADUNG = "Einladung", "Invitation";
    ERGEBNISPROTOKOLL = "Ergebnisprotokoll", "Minutes of results";
    ANLAGE = "Anlage", "Attachment";
    WEB = "Web", "Web";
    QUELLE_ID = "Kennung", "Identifier";
    UEBERGEORDNET = "Übergeordnete Vorlage", "Parent paper";
    UNTERGEORDNET = "Untergeordnete Vorlagen", "Subordinate papers";
    VERWANDT = "Verwandte Vorlagen", "Related papers";
    ERWAEHNT_IN = "Erwähnt in", "Mentioned in";
    AENDERT = "Ändert", "Amends";
    AENDERUNGEN = "Änderungen und Ergänzungen", "Amendments and supplements";
    NAECHSTE_SITZUNGEN = "Nächste Sitzungen", "Next meetings";
    VERWEISE = "Verweise", "References";
    KEINE_VERWEISE = "Dieser Eintrag verweist auf nichts.", "This entry refers to nothing.";
    TEXT_GEAENDERT = "die Datei wurde seit dem Laden geändert", "the file has changed since it was loaded";
    SITZUNGEN = "Sitzungen", "Meetings";
    /// A document that is a picture.
    BILD = "Bild", "Image";
    /// Why a text could not be read: no thread to read it.
    KEIN_THREAD = "kein Thread", "no thread";
    // Weekdays and the calendar week, as Termine head them.
    MO = "Mo", "Mon";
    DI = "Di", "Tue";
    MI = "Mi", "Wed";
    DO = "Do", "Thu";
    FR = "Fr", "Fri";
    SA = "Sa", "Sat";
    SO = "So", "Sun";
    KW = "KW", "Week";
    VORLAGEN = "Vorlagen", "Papers";
    /// In place of a text that is being read from its file.
    TEXT_WIRD_GELADEN = "[Text wird geladen …]", "[Loading the text …]";

    // Search
    SUCHE = "Suche", "Search";
    SUCHE_HINWEIS = "Tippen, um im ganzen Archiv zu suchen", "Type to search the whole archive";
    KEINE_TREFFER = "Keine Treffer", "No matches";
    /// The divider before results that hold the query's letters, not its words.
    AEHNLICH = "ähnlich", "similar";
    /// The search had filters only and shows the newest first.
    NEUESTE_ZUERST = "neueste zuerst", "newest first";
    /// Chips of filters: the year(s), from, to.
    JAHR = "Jahr", "Year";
    AB = "ab", "from";
    BIS = "bis", "to";
    LEERE_SUCHE = "Leere Suche: nichts zu suchen. Wörter eingeben oder Filter wie g:rat j:2021.",
        "Empty search: nothing to look for. Type words, or filters such as g:rat j:2021.";

    // Problems
    PROBLEME = "Probleme beim Laden", "Problems while loading";
    KEINE_PROBLEME = "Keine Probleme beim Laden.", "No problems while loading.";
    KEINE_FEHLER = "Keine Fehler oder Warnungen", "No errors or warnings";
    FEHLER = "Fehler", "Error";
    WARNUNG = "Warnung", "Warning";
    HINWEIS = "Hinweis", "Note";

    // Status and overlays
    HILFE = "Hilfe", "Help";
    HILFE_BLAETTERN = "Baum und Lesebereich", "Tree and reader";
    HILFE_FENSTER = "Fenster (Hilfe, Probleme, Verweise, Kopieren)", "Windows (help, problems, references, copy)";
    HILFE_NOTIZ = "Notiz schreiben (ohne $VISUAL/$EDITOR)", "Writing a note (without $VISUAL/$EDITOR)";
    HILFE_TIPPEN = "In der Suche wird alles andere Getippte Teil der Suchanfrage.",
        "In the search, everything else typed becomes part of the query.";
    MEHR_UNTEN = "↓ mehr", "↓ more";
    ZU_KLEIN = "Fenster zu klein", "Window too small";

    // Keys: what each does (help overlay) and the status line's words
    T_NACH_OBEN = "nach oben", "up";
    T_NACH_UNTEN = "nach unten", "down";
    T_WAEHLEN = "wählen", "select";
    T_ZUKLAPPEN = "zuklappen / zum übergeordneten Eintrag", "collapse / to the parent entry";
    T_AUFKLAPPEN = "aufklappen", "expand";
    T_OEFFNEN_KLAPPEN = "öffnen / auf- und zuklappen", "open / expand and collapse";
    T_VERWEIS_FOLGEN = "Verweise im Text: dem gewählten folgen", "references in the text: follow the selected one";
    T_FOLGEN = "folgen", "follow";
    T_OEFFNEN_FOLGEN = "öffnen / folgen", "open / follow";
    T_OEFFNEN = "öffnen", "open";
    T_BEREICH_WECHSELN = "zwischen Baum und Lesebereich wechseln", "switch between tree and reader";
    T_BEREICH = "Bereich", "pane";
    T_ZUM_ANFANG = "zum Anfang", "to the top";
    T_ZUM_ENDE = "zum Ende", "to the end";
    T_SEITE_ZURUECK = "eine Seite zurück", "one page up";
    T_SEITE_WEITER = "eine Seite weiter", "one page down";
    T_HALBE_SEITE_ZURUECK = "eine halbe Seite zurück", "half a page up";
    T_HALBE_SEITE_WEITER = "eine halbe Seite weiter", "half a page down";
    T_ARCHIV_SUCHEN = "im ganzen Archiv suchen", "search the whole archive";
    T_SUCHEN = "suchen", "search";
    T_TERMINE_ZEIGEN = "Termine: die kommenden Sitzungen", "meetings ahead: the coming meetings";
    T_TERMINE_KURZ = "Termine", "meetings";
    T_VERWEISE_ZEIGEN = "Verweise des Eintrags zeigen und folgen", "show the entry's references and follow one";
    T_VERWEISE_KURZ = "Verweise", "references";
    T_NAECHSTER_TREFFER_TEXT = "nächster Treffer der Suche im Text", "next match of the search in the text";
    T_TREFFER = "Treffer", "matches";
    T_VORHERIGER_TREFFER_TEXT = "vorheriger Treffer der Suche im Text", "previous match of the search in the text";
    T_ZURUECK_STELLE = "zurück zur vorigen Stelle", "back to the previous place";
    T_ZURUECK = "zurück", "back";
    T_WIEDER_VOR = "wieder vor", "forward again";
    T_PROBLEME_ZEIGEN = "Probleme beim Laden anzeigen", "show the problems while loading";
    T_ZURUECK_SCHLIESSEN = "zurück / schließen", "back / close";
    T_SCHLIESSEN = "schließen", "close";
    T_BEENDEN = "beenden", "quit";
    T_ANHALTEN = "anhalten (weiter mit fg)", "suspend (resume with fg)";
    T_VORHERIGER_TREFFER = "vorheriger Treffer", "previous match";
    T_NAECHSTER_TREFFER = "nächster Treffer", "next match";
    T_TREFFER_OEFFNEN = "Treffer im Baum zeigen und öffnen", "show the match in the tree and open it";
    T_ZEICHEN_LOESCHEN = "Zeichen löschen", "erase a character";
    T_SUCHE_LEEREN = "Suche leeren", "clear the search";
    T_SUCHE_WEITERSCHREIBEN = "die vorige Suche weiterschreiben statt ersetzen", "go on with the previous search instead of replacing it";
    T_FRUEHERE_SUCHE = "frühere Suche", "earlier search";
    T_FRUEHERE = "frühere", "earlier";
    T_SPAETERE_SUCHE = "spätere Suche", "later search";
    T_TITEL_ODER_VOLLTEXT = "Titel oder Volltext suchen", "search titles or full text";
    T_TITEL_VOLLTEXT = "Titel/Volltext", "title/full text";
    T_GELESEN_UMSCHALTEN = "als gelesen markieren / Markierung entfernen", "mark as read / remove the mark";
    T_GELESEN = "gelesen", "read";
    T_NAECHSTER_UNGELESENER = "zum nächsten ungelesenen Eintrag", "to the next unread entry";
    T_MERKLISTE_UMSCHALTEN = "auf die Merkliste / von der Merkliste", "onto the watch list / off the watch list";
    T_MERKEN = "merken", "watch";
    T_NOTIZ_SCHREIBEN = "Notiz schreiben ($VISUAL/$EDITOR oder hier)", "write a note ($VISUAL/$EDITOR or here)";
    T_NOTIZ = "Notiz", "note";
    T_KOPIEREN = "kopieren: Nummer, Titel, Link, Markdown", "copy: number, title, link, Markdown";
    T_ALS_MARKDOWN_SPEICHERN = "als Markdown-Datei speichern", "save as a Markdown file";
    T_DOKUMENT_OEFFNEN = "Dokument öffnen (die Datei, sonst den Link)", "open a document (its file, else its link)";
    T_LINK_KOPIEREN = "den Link eines Dokuments kopieren", "copy a document's link";
    T_NOTIZ_SPEICHERN = "Notiz speichern und schließen", "save the note and close";
    T_SPEICHERN = "speichern", "save";

    // Command line
    BRAUCHT_TERMINAL = "Die Ansicht braucht ein Terminal: die Ausgabe geht nicht an eines \
(umgeleitet in eine Datei oder Pipe?), oder es gibt keins. Ohne Terminal gehen \
„ratsinfo check“, „ratsinfo search SUCHE“ und „ratsinfo show NUMMER“.",
        "The interface needs a terminal: the output does not go to one \
(redirected to a file or a pipe?), or there is none. Without a terminal, \
\"ratsinfo check\", \"ratsinfo search QUERY\" and \"ratsinfo show NUMBER\" work.";

    // Files that are not read (see `files`)
    ART_VERZEICHNIS = "ein Verzeichnis", "a directory";
    ART_PIPE = "eine benannte Pipe (FIFO)", "a named pipe (FIFO)";
    ART_GERAET = "ein Gerät", "a device";
    ART_SOCKET = "ein Socket", "a socket";
    ART_ANDERES = "keine Datei", "not a file";

    // Personal state (read marks, Merkliste, notes)
    ZUSTAND_GESPERRT = "der Zustand ist gerade von einem anderen ratsinfo gesperrt; bitte noch einmal versuchen",
        "the state is locked by another ratsinfo just now; please try again";
    ZUSTAND_SCHREIBGESCHUETZT = "die Zustandsdatei ist schreibgeschützt", "the state file is read-only";
    DATENTRAEGER_VOLL = "der Datenträger ist voll", "the disk is full";
    ZUSTAND_BESCHAEDIGT = "die Zustandsdatei ist beschädigt", "the state file is damaged";
    KEIN_EINTRAG_FUER_ZUSTAND = "Hier kann nichts markiert werden: nur Vorlagen, Sitzungen, TOPs und Gremien.",
        "Nothing to mark here: only papers, meetings, agenda items and committees.";
    NUR_FUER_DIESE_SITZUNG = "Markierungen und Notizen gelten nur bis zum Beenden und werden nicht gespeichert.",
        "Marks and notes last only until you quit and are not saved.";
    KEIN_DATENVERZEICHNIS = "Kein Datenverzeichnis gefunden (HOME ist nicht gesetzt): der Zustand kann nicht gespeichert werden.",
        "No data directory found (HOME is not set): the state cannot be saved.";
    ZUSTAND_NICHT_GESPEICHERT = "Nichts geschrieben: der Zustand kann nicht gespeichert werden.",
        "Nothing written: the state cannot be saved.";
    NOTIZ = "✎ Notiz", "✎ Note";
    NOTIZ_HINWEIS = "Esc speichert · leer löscht", "Esc saves · empty deletes";
    MERKLISTE = "Merkliste", "Watch list";
    MERKLISTE_LEER = "Noch nichts auf der Merkliste: m setzt den offenen Eintrag darauf.",
        "Nothing on the watch list yet: m puts the open entry on it.";
    NEU_SEIT = "Neu auf der Merkliste", "New on the watch list";
    NICHT_GELADEN = "nicht geladen", "not loaded";
    KOPIEREN = "Kopieren", "Copy";
    KOPIE_NUMMER = "Nummer", "Number";
    KOPIE_TITEL = "Titel", "Title";
    KOPIE_LINK = "Link", "Link";
    KOPIE_MARKDOWN = "Markdown", "Markdown";
    NICHTS_ZU_KOPIEREN = "Hier gibt es nichts zu kopieren.", "Nothing to copy here.";
    ZU_LANG_ZUM_KOPIEREN = "Zu lang für die Zwischenablage des Terminals: e speichert es als Datei.",
        "Too long for the terminal's clipboard: e saves it as a file.";
    KEIN_UNGELESENER = "Kein ungelesener Eintrag mehr.", "No unread entry left.";
    NICHT_MARKIERBAR = "Hier gibt es nichts zu markieren.", "Nothing to mark here.";
    NICHT_EXPORTIERBAR = "Hier gibt es nichts zu speichern.", "Nothing to save here.";
    NOTIZ_GESPEICHERT = "Notiz gespeichert.", "Note saved.";
    NOTIZ_GELOESCHT = "Notiz gelöscht.", "Note deleted.";
    ALS_GELESEN = "Als gelesen markiert.", "Marked as read.";
    ALS_UNGELESEN = "Als ungelesen markiert.", "Marked as unread.";
    AUF_MERKLISTE = "Auf der Merkliste.", "On the watch list.";
    VON_MERKLISTE = "Von der Merkliste genommen.", "Taken off the watch list.";

    // Config file
    TASTE_STRG = "Strg", "Ctrl";
    TASTE_ALT = "Alt", "Alt";
    TASTE_UMSCHALT = "Umschalt", "Shift";
    TASTE_LEER = "Leertaste", "Space";
    TASTE_RUECKTAB = "Umschalt-Tab", "Shift-Tab";
    TASTE_ENTF = "Entf", "Del";
    TASTE_EINFG = "Einfg", "Ins";
    TASTE_POS1 = "Pos1", "Home";
    TASTE_ENDE = "Ende", "End";
    TASTE_BILD_AUF = "Bild↑", "PgUp";
    TASTE_BILD_AB = "Bild↓", "PgDn";

    TYP_TEXT = "ein Text", "a string";
    TYP_ZAHL = "eine Zahl", "a number";
    TYP_KOMMAZAHL = "eine Kommazahl", "a decimal number";
    TYP_WAHRHEITSWERT = "true oder false", "true or false";
    TYP_DATUM = "ein Datum", "a date";
    TYP_LISTE = "eine Liste", "a list";
    TYP_TABELLE = "eine Tabelle", "a table";

    ERWARTET_WAHRHEITSWERT = "true oder false", "true or false";
    ERWARTET_SPRACHE = "\"de\" oder \"en\"", "\"de\" or \"en\"";
    ERWARTET_VERZOEGERUNG = "Millisekunden von 0 bis 600000", "milliseconds from 0 to 600000";
    ERWARTET_TABELLE = "eine Tabelle", "a table";
    ERWARTET_PROGRAMM = "ein Programm wie \"xdg-open\", gegebenenfalls mit Argumenten",
        "a program such as \"xdg-open\", with arguments if need be";
    ERWARTET_TASTEN = "eine Taste wie \"q\" oder \"ctrl-c\", oder eine Liste davon",
        "a key such as \"q\" or \"ctrl-c\", or a list of them";
    ERWARTET_THEMA = "\"default\" oder \"light\"", "\"default\" or \"light\"";
    ERWARTET_STIL = "einen Stil wie \"bold yellow\" oder \"black on cyan\"",
        "a style such as \"bold yellow\" or \"black on cyan\"";
    ERWARTET_BAUMBREITE = "\"auto\", Spalten von 10 bis 500 oder Prozent wie \"40%\" (10–90)",
        "\"auto\", columns from 10 to 500, or percent such as \"40%\" (10–90)";
    KONFIG_KEIN_UTF8 = "die Datei ist kein UTF-8-Text; es gelten die Voreinstellungen",
        "the file is not UTF-8 text; the defaults apply";
    KONFIG_IN_ORDNUNG = "Keine Probleme in der Konfiguration.", "No problems in the config.";

    // Notes
    NOTIZEN = "Notizen", "Notes";
    KEINE_NOTIZEN = "Keine Notizen.", "No notes.";
    NOTIZEN_NICHT_GELADEN = "Notizen zu nicht geladenen Einträgen", "Notes on entries not loaded";

    // Sync: what it says about servers, archives and documents
    ANTWORT_ABGESCHNITTEN = "Antwort abgeschnitten (JSON endet vorzeitig)", "answer cut off (the JSON ends early)";
    SEITE_ANDERER_HOST = "Seite auf einem anderen Host nicht geholt (--follow-hosts holt sie)",
        "page on another host not fetched (--follow-hosts fetches it)";
    LISTE_ANDERER_HOST = "Liste auf einem anderen Host nicht geholt (--follow-hosts holt sie)",
        "list on another host not fetched (--follow-hosts fetches it)";
    DOKUMENT_ANDERER_HOST = "Dokument auf einem anderen Host nicht geholt (--follow-hosts holt es)",
        "document on another host not fetched (--follow-hosts fetches it)";
    NAECHSTE_SEITE_ANDERER_HOST = "nächste Seite auf einem anderen Host; nicht geholt (--follow-hosts holt sie)",
        "next page on another host; not fetched (--follow-hosts fetches it)";
    EINZELNER_BODY = "Einzelnes Objekt statt einer Liste von Körperschaften; als Liste gelesen",
        "a single object instead of a list of bodies; read as a list";
    EINZELNES_OBJEKT = "Einzelnes Objekt statt einer Liste; als Liste mit einem Eintrag gelesen",
        "a single object instead of a list; read as a list of one";
    SYSTEM_WIRD_GELESEN = "System wird gelesen", "reading the System";
    KEINE_KOERPERSCHAFT = "keine Körperschaft", "no body";
    SEGMENTE_FEHLTEN = "Segmente fehlten im Archiv; die Liste wird vollständig neu geholt",
        "segments were missing in the archive; the whole list is fetched again";
    KEINE_OPARL_LISTE = "JSON, aber keine OParl-Liste", "JSON, but not an OParl list";
    JSON_REPARIERT_GESPEICHERT = "ungültiges JSON (rohe Steuerzeichen oder ungültiges UTF-8) repariert gespeichert; das Original liegt daneben (.orig)",
        "invalid JSON (raw control characters or invalid UTF-8) stored repaired; the original lies beside it (.orig)";
    NEXT_OHNE_FILTER = "„next“ ohne modified_since; der Filter wurde wieder angefügt",
        "\"next\" without modified_since; the filter was put back";
    LISTE_GESCHRUMPFT = "Die Liste wurde während des Abrufs kürzer (ein Objekt entfernt, die Seiten verschoben); sie wurde noch einmal gelesen",
        "the list became shorter while it was read (an object removed, the pages shifted); it was read once more";
    NEXT_SCHON_GEHOLT_VOLLSTAENDIG = "„next“ führt zu einer schon geholten Seite; die Liste ist trotzdem vollständig",
        "\"next\" leads to a page already fetched; the list is complete all the same";
    NEXT_SCHON_GEHOLT_UNVOLLSTAENDIG = "„next“ führt zu einer schon geholten Seite; die Liste ist unvollständig",
        "\"next\" leads to a page already fetched; the list is incomplete";
    DOKUMENTE_AUSWAEHLEN = "Dokumente werden ausgewählt", "choosing documents";
    TEXTE_LESEN = "Texte werden gelesen", "reading texts";
    /// The progress bar while references are checked (src/sync/refs.rs).
    VERWEISE_PRUEFEN = "Verweise werden geprüft", "checking references";
    /// A download whose file is gone before it is stored (cannot happen).
    KEINE_DATEI = "keine Datei", "no file";
    HTML_STATT_DOKUMENT_200 = "HTML-Seite statt des Dokuments (Status 200); nicht gespeichert",
        "an HTML page instead of the document (status 200); not stored";
    HTML_STATT_DOKUMENT = "HTML-Seite statt des Dokuments; nicht gespeichert", "an HTML page instead of the document; not stored";
    ZEITUEBERSCHREITUNG = "Zeitüberschreitung", "timed out";
    RECHNER_NICHT_GEFUNDEN = "Rechner nicht gefunden (DNS)", "host not found (DNS)";
    VERBINDUNG_FEHLGESCHLAGEN = "Verbindung fehlgeschlagen", "connection failed";
    ZU_VIELE_WEITERLEITUNGEN = "zu viele Weiterleitungen", "too many redirects";
    HTML_STATT_JSON = "HTML-Seite statt JSON (Status 200)", "an HTML page instead of JSON (status 200)";
    /// The progress bar: objects, lists.
    OBJEKTE = "Objekte", "objects";
    LISTE = "Liste", "list";
    SYNC_KEIN_DATENVERZEICHNIS = "kein Datenverzeichnis gefunden (HOME nicht gesetzt?); bitte --dir angeben",
        "no data directory found (HOME not set?); please give --dir";
    ALLES_GEHOLT = "Alles geholt.", "Everything fetched.";

    // Loading: what was found in a value instead of what belongs there
    J_LISTE = "eine Liste", "a list";
    J_OBJEKT = "ein Objekt", "an object";
    J_WAHRHEITSWERT = "ein Wahrheitswert", "a boolean";
    J_ZAHL = "eine Zahl", "a number";
    J_GANZE_ZAHL = "eine ganze Zahl", "an integer";
    J_TEXT = "Text", "text";
    J_ANDERES = "ein anderer Wert", "another value";
    J_ADRESSE = "eine Adresse", "an address";
    J_DATUM = "ein Datum (JJJJ-MM-TT)", "a date (YYYY-MM-DD)";
    J_ZEITPUNKT = "ein Zeitpunkt (JJJJ-MM-TTTSS:MM:SS+01:00)", "a point in time (YYYY-MM-DDTHH:MM:SS+01:00)";
    // Loading: OParl's kinds of objects, one and many
    O_KOERPERSCHAFT = "Körperschaft", "body";
    O_KOERPERSCHAFTEN = "Körperschaften", "bodies";
    O_ORGANISATION = "Organisation", "organization";
    O_ORGANISATIONEN = "Organisationen", "organizations";
    O_PERSON = "Person", "person";
    O_PERSONEN = "Personen", "persons";
    O_SITZUNG = "Sitzung", "meeting";
    O_SITZUNGEN = "Sitzungen", "meetings";
    O_TOP = "Tagesordnungspunkt", "agenda item";
    O_TOPS = "Tagesordnungspunkte", "agenda items";
    O_VORLAGE = "Vorlage", "paper";
    O_VORLAGEN = "Vorlagen", "papers";
    O_BERATUNG = "Beratung", "consultation";
    O_BERATUNGEN = "Beratungen", "consultations";
    O_DATEI = "Datei", "file";
    O_DATEIEN = "Dateien", "files";
    O_ORT = "Ort", "location";
    O_ORTE = "Orte", "locations";
    O_OBJEKT = "Objekt", "object";
    O_OBJEKTE = "Objekte", "objects";
    // Loading: names for what the data leaves unnamed
    UNBEKANNTES_GREMIUM = "Unbekanntes Gremium", "Unknown committee";
    OHNE_TITEL = "Ohne Titel", "Untitled";
    // Loading: problems of files
    KEIN_UTF8 = "Die Datei enthält Bytes, die kein gültiges UTF-8 sind; sie wurden durch „\u{FFFD}“ ersetzt",
        "The file holds bytes that are not valid UTF-8; they were replaced by \"\u{FFFD}\"";
    STEUERZEICHEN_REPARIERT = "Steuerzeichen in einem Text (nicht erlaubt in JSON); repariert",
        "control characters in a text (not allowed in JSON); repaired";
    HALBES_SURROGAT = "Ungültiges Unicode-Escape in einem Text (halbes Surrogat-Paar); durch „\u{FFFD}“ ersetzt",
        "invalid Unicode escape in a text (half a surrogate pair); replaced by \"\u{FFFD}\"";
    ZAHL_ZU_GROSS = "Zahl außerhalb des darstellbaren Bereichs (etwa 1e400); als Text gelesen",
        "a number out of range (such as 1e400); read as text";
    DATEI_LEER = "Die Datei ist leer", "The file is empty";
    DATEI_ABGESCHNITTEN = "Die Datei endet mitten in den Daten (abgeschnitten?)",
        "The file ends in the middle of the data (cut off?)";
    DATEI_IST_HTML = "Die Datei ist kein JSON, sondern vermutlich eine gespeicherte Webseite (HTML)",
        "The file is not JSON but probably a saved web page (HTML)";
    ZU_TIEF_VERSCHACHTELT = "Die Daten sind zu tief verschachtelt", "The data is nested too deeply";
    /// What an export file must be (in serde's messages).
    EXPORT_ERWARTET = "ein Objekt mit „vorlagen“ und/oder „auszuege“", "an object with \"vorlagen\" and/or \"auszuege\"";
    KEINE_RIS_SEITE = "Keine Seite eines Ratsinformationssystems erkannt (weder „Vorlage - …“ noch „Auszug - …“)",
        "Not recognized as a page of a council information system (neither \"Vorlage - …\" nor \"Auszug - …\")";
    /// Where a value of a record came from, when the file is not known.
    FRUEHERE_DATEI = "einer früheren Datei", "an earlier file";
    KEY_ZU_WENIGE_TEILE = "zu wenige Teile", "too few parts";

    // Command line: arguments
    ERWARTET_DATUM = "erwartet ein Datum: JJJJ-MM-TT oder TT.MM.JJJJ", "expected a date: YYYY-MM-DD or DD.MM.YYYY";

    // Document texts (src/doctext): why a document has no text
    KEIN_TEXT = "kein Text vom Server und keine Datei im Archiv (ratsinfo sync --files lädt sie)",
        "no text from the server and no file in the archive (ratsinfo sync --files fetches it)";
    KEIN_PDF_TEXT = "nur aus PDF-Dateien wird Text gelesen", "text is read from PDF files only";
    PDF_LEER = "die Datei ist leer", "the file is empty";
    PDF_KEIN_PDF = "keine PDF-Datei", "not a PDF file";
    PDF_OHNE_TEXT = "kein Text im PDF (nur Bilder, oder die Datei ist unvollständig)",
        "no text in the PDF (only images, or the file is incomplete)";
    PDF_KEINE_SEITEN = "das PDF hat keine Seiten", "the PDF has no pages";
    PDF_KEINE_ANTWORT = "das Programm zum Lesen gab keine Antwort", "the reading program gave no answer";
    PDF_SPEICHER = "das PDF braucht zu viel Arbeitsspeicher", "the PDF needs too much memory";
    PDF_KEINE_VERBINDUNG = "keine Verbindung zum Kindprozess", "no connection to the child process";
    /// How the reading program ended: it panicked.
    PDF_PANIK = "Panik", "panic";
    DOKUMENT_OHNE_TEXT = "(Das Dokument enthält keinen Text, vielleicht nur Bilder.)",
        "(The document holds no text, perhaps only images.)";

    // Documents in the UI (src/ui/documents.rs)
    /// In place of a document's text while it is read (a PDF: up to a minute).
    TEXT_WIRD_GELESEN = "Text wird gelesen …", "Reading the text …";
    /// When this program cannot start its PDF reader (no path to itself).
    KEIN_PDF_LESER = "das PDF kann hier nicht gelesen werden", "the PDF cannot be read here";
    DOKUMENT_OEFFNEN = "Dokument öffnen", "Open a document";
    KEINE_DOKUMENTE = "Dieser Eintrag hat keine Dokumente.", "This entry has no documents.";
    KEIN_LINK = "Für dieses Dokument gibt es keinen gültigen Link (http oder https).",
        "This document has no valid link (http or https).";
    KEIN_BILDSCHIRM = "Kein grafischer Bildschirm, um es zu öffnen.", "No graphical display to open it on.";
    LINK_ANKLICKBAR = "Der Link lässt sich im Terminal anklicken (je nach Terminal mit Strg oder Cmd).",
        "The link can be clicked in the terminal (with Ctrl or Cmd, depending on the terminal).";
    /// Between two keys that do the same: "y oder Enter".
    ODER = "oder", "or";

    // Full-text search (src/fulltext)
    VOLLTEXT = "Volltext", "Full text";
    VOLLTEXT_PRUEFEN = "Volltext: Index wird geprüft …", "Full text: checking the index …";
    /// The same for the status line, where room is short.
    VOLLTEXT_PRUEFEN_KURZ = "Volltext prüfen …", "Checking full text …";
    VOLLTEXT_BEREIT = "Volltext bereit", "Full text ready";
    VOLLTEXT_FEHLER = "Volltext nicht verfügbar", "Full text not available";
    VOLLTEXT_ABGEBROCHEN = "Aufbau des Volltextindex abgebrochen", "Building the full-text index was stopped";
    KEIN_CACHE = "Kein Cache-Verzeichnis gefunden (HOME nicht gesetzt?)", "No cache directory found (HOME not set?)";
    ANFUEHRUNG_OFFEN = "Anführungszeichen nicht geschlossen: eine Wortfolge steht zwischen zwei \"",
        "Quotation mark not closed: a phrase stands between two \"";
    NUR_AUSSCHLUSS = "Nur ausgeschlossene Wörter (-wort): mindestens ein gesuchtes Wort fehlt",
        "Only excluded words (-word): at least one word to search for is missing";
    KEIN_SUCHWORT = "Kein Suchwort", "No search word";
    PRAEFIX_ZU_KURZ = "Vor * mindestens zwei Buchstaben, z. B. sanier*", "At least two letters before *, e.g. sanier*";
    PRAEFIX_EIN_WORT = "* steht am Ende eines einzelnen Wortes, z. B. sanier*",
        "* goes at the end of a single word, e.g. sanier*";
    VOLLTEXT_NUR_FILTER = "Nur Filter: die Volltextsuche braucht mindestens ein Wort",
        "Only filters: the full-text search needs at least one word";
    /// The search pane's mode that matches titles (the other is VOLLTEXT).
    TITELSUCHE = "Titel", "Title";
    VOLLTEXT_WIRD_GEBAUT = "wird noch gebaut; die Titelsuche geht schon (Tab)",
        "still being built; the title search works already (Tab)";
}

// ------------------------------------------------------------ formatters --

/// `1 Sitzung`, `2 Sitzungen`: the number with the word in its form.
fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 { format!("1 {one}") } else { format!("{n} {many}") }
}

// Tree and reader

pub fn keine_termine(from: &str) -> String {
    tr!("Keine Sitzungen ab {from}.", "No meetings from {from} on.")
}

/// In place of a text whose file did not answer in time.
pub fn text_antwortet_nicht(secs: u64) -> String {
    tr!(
        "[Text kann nicht gelesen werden: die Datei antwortet seit {secs} s nicht (Netzlaufwerk?). Erneutes Öffnen versucht es noch einmal.]",
        "[The text cannot be read: its file has not answered for {secs} s (a network drive?). Opening it again tries once more.]"
    )
}

/// In place of a text that is read from its file when shown and could not be.
pub fn text_nicht_lesbar(why: &str) -> String {
    tr!(
        "[Text kann nicht gelesen werden: {why}. Ein Neustart von ratsinfo zeigt den aktuellen Stand.]",
        "[The text cannot be read: {why}. Restarting ratsinfo shows the current state.]"
    )
}

/// A record referred to by an id that is not loaded.
pub fn nicht_geladen(id: &str) -> String {
    tr!("{id} (nicht geladen)", "{id} (not loaded)")
}

pub fn vorlage_nicht_geladen(nummer: &str) -> String {
    tr!("{nummer} (Vorlage nicht geladen)", "{nummer} (paper not loaded)")
}

/// How many Vorlagen a year of "Alle Vorlagen" holds.
pub fn n_vorlagen(n: usize) -> String {
    if en() { count(n, "paper", "papers") } else { count(n, "Vorlage", "Vorlagen") }
}

/// How many Beratungen a Gremium has without a loaded session.
pub fn n_beratungen(n: usize) -> String {
    if en() { count(n, "consultation", "consultations") } else { count(n, "Beratung", "Beratungen") }
}

/// How many agenda items a session has.
pub fn n_tops(n: usize) -> String {
    if en() { count(n, "item", "items") } else { count(n, "TOP", "TOPs") }
}

// Search

/// The notes a query found, before the count of its results.
pub fn notizen(n: usize) -> String {
    if en() { count(n, "note", "notes") } else { count(n, "Notiz", "Notizen") }
}

pub fn suche_gekuerzt(max: usize) -> String {
    tr!("Suche auf {max} Zeichen gekürzt", "Search cut to {max} characters")
}

pub fn treffer(shown: usize, total: usize) -> String {
    match (shown < total, en()) {
        (true, false) => format!("{shown} von {total} Treffern"),
        (true, true) => format!("{shown} of {total} matches"),
        (false, false) => count(total, "Treffer", "Treffer"),
        (false, true) => count(total, "match", "matches"),
    }
}

/// The count line when some results hold every word and the others only
/// its letters.
pub fn treffer_aehnlich(words: usize, total: usize) -> String {
    let similar = total - words.min(total);
    tr!("{words} mit allen Wörtern, {similar} ähnlich", "{words} with all words, {similar} similar")
}

pub fn unbekannter_filter(token: &str) -> String {
    let known = crate::search::FILTER_KEYS;
    tr!("Filter »{token}« unbekannt; bekannt: {known}", "unknown filter “{token}”; known: {known}")
}

pub fn kein_jahr(token: &str) -> String {
    tr!(
        "»{token}« ist kein Jahr (j:2021 oder j:2019-2021)",
        "“{token}” is not a year (j:2021 or j:2019-2021)"
    )
}

pub fn kein_datum(token: &str) -> String {
    tr!(
        "»{token}« ist kein Datum (TT.MM.JJJJ, MM.JJJJ oder JJJJ)",
        "“{token}” is not a date (DD.MM.YYYY, MM.YYYY or YYYY)"
    )
}

pub fn unbekannte_sortierung(token: &str) -> String {
    tr!(
        "»{token}«: sortieren geht nach s:datum (neueste zuerst)",
        "“{token}”: sorting is by s:datum (newest first)"
    )
}

/// Filter chips.
pub fn chip_gremium(names: &[&str], total: usize) -> String {
    let g = GREMIUM.get();
    match names {
        [] => tr!("{g}: keins passt", "{g}: none matches"),
        [one] => format!("{g}: {one}"),
        [first, ..] => format!("{g}: {first} +{}", total - 1),
    }
}

/// A filter chip: the filter's key as typed, and its value.
pub fn chip(key: &str, value: &str) -> String {
    format!("{key}: {value}")
}

/// The chip of a filter that no value passes.
pub fn chip_keine(key: &str) -> String {
    tr!("{key}: keine passt", "{key}: none matches")
}

// Problems

pub fn probleme(errors: usize, warnings: usize) -> String {
    let (fehler, warnungen) = if en() {
        (count(errors, "error", "errors"), count(warnings, "warning", "warnings"))
    } else {
        (count(errors, "Fehler", "Fehler"), count(warnings, "Warnung", "Warnungen"))
    };
    match (errors, warnings) {
        (0, 0) => String::new(),
        (_, 0) => fehler,
        (0, _) => warnungen,
        _ => format!("{fehler}, {warnungen}"),
    }
}

/// The last line of `check`: what was reported, Hinweise apart.
pub fn check_summary(errors: usize, warnings: usize, notes: usize) -> String {
    let hinweise = if en() { count(notes, "note", "notes") } else { count(notes, "Hinweis", "Hinweise") };
    match (probleme(errors, warnings), notes) {
        (p, 0) if p.is_empty() => KEINE_PROBLEME.to_owned(),
        (p, _) if p.is_empty() => format!("{KEINE_FEHLER}; {hinweise}"),
        (p, 0) => p,
        (p, _) => format!("{p}, {hinweise}"),
    }
}

/// After the first `shown` problems of a file: how many more there were.
pub fn weitere_probleme(errors: usize, warnings: usize, shown: usize) -> String {
    let (more, which) = (errors + warnings, probleme(errors, warnings));
    tr!(
        "… und {more} weitere in dieser Datei ({which}), nur die ersten {shown} sind einzeln aufgeführt",
        "… and {more} more in this file ({which}); only the first {shown} are listed one by one"
    )
}

// Status and overlays

pub fn laden(files_done: usize, files_total: usize, records: usize, bytes: u64) -> String {
    let mb = bytes as f64 / 1_000_000.0;
    tr!(
        "Lade … {files_done}/{files_total} Dateien, {records} Einträge, {mb:.1} MB",
        "Loading … {files_done}/{files_total} files, {records} entries, {mb:.1} MB"
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
    let en = en();
    let files = if en { count(r.files, "file", "files") } else { count(r.files, "Datei", "Dateien") };
    let (k, g, si, it, il, v, au) =
        (r.koerperschaften, r.gremien, r.sitzungen, r.items, r.items_linked, r.vorlagen, r.auszuege);
    let mut s = tr!(
        "{files} gelesen\nKörperschaften {k} · Gremien {g} · Sitzungen {si} · TOPs {it} ({il} mit geladener Vorlage) · Vorlagen {v} · Auszüge {au}",
        "{files} read\nBodies {k} · Committees {g} · Meetings {si} · Items {it} ({il} with their paper loaded) · Papers {v} · Extracts {au}"
    );
    if r.dokumente > 0 {
        s.push_str(&tr!(" · Dokumente {}", " · Documents {}", r.dokumente));
    }
    if r.beratungen_ohne_sitzung > 0 {
        s.push_str(&tr!(
            " · Beratungen ohne Sitzung {}",
            " · Consultations without a meeting {}",
            r.beratungen_ohne_sitzung
        ));
    }
    if r.deleted > 0 {
        s.push_str(&tr!(" · {} als gelöscht markiert", " · {} marked as deleted", r.deleted));
    }
    s
}

pub fn nicht_gefunden(reference: &str) -> String {
    tr!(
        "„{reference}“ nicht gefunden: weder eine Vorlagennummer noch die Kennung eines geladenen Eintrags",
        "“{reference}” not found: neither a paper's number nor the identifier of a loaded entry"
    )
}

// Files that are not read (see `files`)

pub fn keine_datei(what: &str) -> String {
    tr!("keine gewöhnliche Datei, sondern {what}; übersprungen", "not a regular file but {what}; skipped")
}

/// Megabytes (MiB, as the limit is set), rounded up.
fn mb(bytes: u64) -> u64 {
    bytes.div_ceil(1 << 20)
}

pub fn zu_gross(len: u64, max: u64, var: &str) -> String {
    let (len, max) = (mb(len), mb(max));
    tr!(
        "Datei zu groß ({len} MB, höchstens {max} MB; die Grenze setzt die Umgebungsvariable {var}, in MB); übersprungen",
        "file too large ({len} MB, at most {max} MB; the environment variable {var} sets the limit, in MB); skipped"
    )
}

pub fn seite_zu_gross(len: u64, max: u64) -> String {
    let (len, max) = (mb(len), mb(max));
    tr!(
        "zu groß für eine gespeicherte Seite ({len} MB, höchstens {max} MB); keine Seite eines Ratsinformationssystems?",
        "too large for a saved page ({len} MB, at most {max} MB); not a page of a council information system?"
    )
}

pub fn kein_speicher(len: u64) -> String {
    let len = mb(len);
    tr!(
        "nicht genug Arbeitsspeicher für die {len} MB der Datei; übersprungen",
        "not enough memory for the file's {len} MB; skipped"
    )
}

pub fn ausgabe_ist_eingabe(page: &str) -> String {
    tr!(
        "Die Ausgabedatei ist die Seite {page}, die gelesen werden soll; nichts geschrieben",
        "The output file is the page {page}, which is to be read; nothing written"
    )
}

pub fn nichts_geschrieben(output: &str) -> String {
    tr!(
        "Nicht jede Seite konnte gelesen werden; {output} bleibt, wie es war",
        "Not every page could be read; {output} stays as it was"
    )
}

/// An I/O error in the interface's language, for messages about files.
pub fn io_message(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    let en = en();
    match e.kind() {
        NotFound if en => "file or directory not found".into(),
        NotFound => "Datei oder Verzeichnis nicht gefunden".into(),
        PermissionDenied if en => "permission denied".into(),
        PermissionDenied => "keine Berechtigung".into(),
        IsADirectory if en => "is a directory".into(),
        IsADirectory => "ist ein Verzeichnis".into(),
        _ => crate::text::sanitize(&e.to_string()),
    }
}

// Personal state (read marks, Merkliste, notes)

pub fn editor_fehler(grund: &str) -> String {
    tr!("Der Editor ließ sich nicht starten: {grund}", "The editor could not be started: {grund}")
}

/// What is new on a watched paper, as the Merkliste says it.
pub fn neu_auf(beratung: bool, ergebnis: bool, dokument: bool) -> String {
    let words: [&str; 3] =
        if en() { ["consultation", "result", "document"] } else { ["Beratung", "Ergebnis", "Dokument"] };
    let parts: Vec<&str> =
        [beratung, ergebnis, dokument].into_iter().zip(words).filter_map(|(on, w)| on.then_some(w)).collect();
    let parts = parts.join(", ");
    tr!("neu: {parts}", "new: {parts}")
}

pub fn notiz_zu(titel: &str) -> String {
    tr!("Notiz zu {titel}", "Note on {titel}")
}

pub fn kopiert(was: &str) -> String {
    tr!("{was} kopiert (über das Terminal)", "{was} copied (through the terminal)")
}

pub fn gespeichert(pfad: &str) -> String {
    tr!("Gespeichert: {pfad}", "Saved: {pfad}")
}

/// `e` could not write its file.
pub fn datei_nicht_gespeichert(grund: &str) -> String {
    tr!("Nicht gespeichert: {grund}", "Not saved: {grund}")
}

/// A session row: how many of its items are read.
pub fn gelesen(n: usize, total: usize) -> String {
    tr!("{n}/{total} gelesen", "{n}/{total} read")
}

pub fn ungelesen(n: usize) -> String {
    tr!("{n} ungelesen", "{n} unread")
}

/// A change to the personal state could not be saved.
pub fn zustand_fehler(why: &str) -> String {
    tr!("Nicht gespeichert: {why}.", "Not saved: {why}.")
}

pub fn zustand_beschaedigt(file: &str) -> String {
    tr!(
        "Die Zustandsdatei {file} ist beschädigt und wird nicht verändert (Lesezeichen, Merkliste, Notizen). \
         {NUR_FUER_DIESE_SITZUNG} Eine Sicherung mit „ratsinfo state import“ lässt sich in eine neue Datei einlesen, \
         nachdem die beschädigte beiseitegelegt wurde.",
        "The state file {file} is damaged and is left as it is (read marks, watch list, notes). \
         {NUR_FUER_DIESE_SITZUNG} A backup can be read into a new file with \"ratsinfo state import\" \
         once the damaged one has been put aside."
    )
}

pub fn zustand_neuer(file: &str, version: i64) -> String {
    tr!(
        "Die Zustandsdatei {file} stammt von einer neueren ratsinfo-Version (Schema {version}) und wird nicht verändert; \
         was lesbar ist, wird angezeigt. {NUR_FUER_DIESE_SITZUNG} Bitte ratsinfo aktualisieren.",
        "The state file {file} comes from a newer version of ratsinfo (schema {version}) and is left as it is; \
         what can be read is shown. {NUR_FUER_DIESE_SITZUNG} Please update ratsinfo."
    )
}

pub fn zustand_fremd(file: &str) -> String {
    tr!(
        "{file} ist keine Zustandsdatei von ratsinfo und wird nicht verändert. {NUR_FUER_DIESE_SITZUNG}",
        "{file} is not a state file of ratsinfo and is left as it is. {NUR_FUER_DIESE_SITZUNG}"
    )
}

pub fn zustand_nicht_nutzbar(file: &str, e: &std::io::Error) -> String {
    let why = io_message(e);
    tr!(
        "Die Zustandsdatei {file} kann nicht benutzt werden: {why}. {NUR_FUER_DIESE_SITZUNG}",
        "The state file {file} cannot be used: {why}. {NUR_FUER_DIESE_SITZUNG}"
    )
}

pub fn falsches_zustandsformat(found: &str, expected: &str) -> String {
    tr!(
        "keine Zustandssicherung von ratsinfo: „format“ ist „{found}“, erwartet „{expected}“",
        "not a state backup of ratsinfo: \"format\" is \"{found}\", expected \"{expected}\""
    )
}

pub fn kein_zustandsexport(detail: &str) -> String {
    tr!("keine lesbare Zustandssicherung ({detail})", "not a readable state backup ({detail})")
}

pub fn zustand_info(path: &str, read: usize, merk: usize, notes: usize) -> String {
    if en() {
        let (read, notes) = (count(read, "entry read", "entries read"), count(notes, "note", "notes"));
        format!("State: {path}\n{read} · {merk} on the watch list · {notes}")
    } else {
        let (read, notes) =
            (count(read, "Eintrag gelesen", "Einträge gelesen"), count(notes, "Notiz", "Notizen"));
        format!("Zustand: {path}\n{read} · {merk} auf der Merkliste · {notes}")
    }
}

pub fn zustand_exportiert(n: usize, file: &str) -> String {
    if en() {
        format!("{} written to {file}.", count(n, "entry", "entries"))
    } else {
        format!("{} nach {file} geschrieben.", count(n, "Eintrag", "Einträge"))
    }
}

pub fn zustand_importiert(file: &str, r: &crate::state::ImportReport) -> String {
    if en() {
        let mut s = format!(
            "From {file}: {}; taken over: {}, {}, {}",
            count(r.entries, "entry", "entries"),
            count(r.read, "read mark", "read marks"),
            count(r.merk, "watch list entry", "watch list entries"),
            count(r.notes, "note", "notes"),
        );
        if r.notes_kept > 0 {
            s.push_str(&format!("; {} newer here and kept", count(r.notes_kept, "note", "notes")));
        }
        if r.invalid > 0 {
            s.push_str(&format!("; {} invalid and left out", count(r.invalid, "entry", "entries")));
        }
        s.push('.');
        return s;
    }
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

// Config file

/// The status line, when the config file has problems.
pub fn konfiguration_probleme(n: usize) -> String {
    if en() {
        format!("Config: {}", count(n, "problem", "problems"))
    } else {
        format!("Konfiguration: {}", count(n, "Problem", "Probleme"))
    }
}

pub fn taste_unbekannt(spec: &str) -> String {
    let spec = crate::text::sanitize(spec);
    tr!(
        "unbekannte Taste „{spec}“ (erwartet z. B. \"q\", \"G\", \"ctrl-c\", \"alt-x\", \"F1\", \"pageup\", \"space\")",
        "unknown key \"{spec}\" (expected e.g. \"q\", \"G\", \"ctrl-c\", \"alt-x\", \"F1\", \"pageup\", \"space\")"
    )
}

pub fn farbe_unbekannt(word: &str) -> String {
    let word = crate::text::sanitize(word);
    tr!(
        "unbekannte Farbe oder Auszeichnung „{word}“ (Farben: black, red, green, yellow, blue, magenta, cyan, gray, \
         darkgray, light…, white, default, #rrggbb, 0–255; Auszeichnungen: bold, dim, italic, underline, reverse)",
        "unknown colour or attribute \"{word}\" (colours: black, red, green, yellow, blue, magenta, cyan, gray, \
         darkgray, light…, white, default, #rrggbb, 0–255; attributes: bold, dim, italic, underline, reverse)"
    )
}

pub fn stil_unbekannt(spec: &str) -> String {
    let spec = crate::text::sanitize(spec);
    tr!(
        "unvollständiger Stil „{spec}“: nach „on“ fehlt die Hintergrundfarbe",
        "incomplete style \"{spec}\": the background colour after \"on\" is missing"
    )
}

pub fn aktion_unbekannt(action: &str, known: &[&str]) -> String {
    let (action, known) = (crate::text::sanitize(action), known.join(", "));
    tr!(
        "unbekannte Aktion „{action}“ in [keys] wird ignoriert (bekannt: {known})",
        "unknown action \"{action}\" in [keys] is ignored (known: {known})"
    )
}

pub fn konfig_syntax(detail: &str) -> String {
    let detail = crate::text::sanitize(detail);
    tr!(
        "kein gültiges TOML ({detail}); es gelten alle Voreinstellungen",
        "not valid TOML ({detail}); all defaults apply"
    )
}

pub fn konfig_unbekannt(key: &str) -> String {
    tr!("unbekannter Schlüssel „{key}“ wird ignoriert", "unknown key \"{key}\" is ignored")
}

pub fn konfig_falscher_wert(name: &str, expected: &str, found: &str) -> String {
    tr!(
        "„{name}“ erwartet {expected}, gefunden {found}; es gilt die Voreinstellung",
        "\"{name}\" expects {expected}, found {found}; the default applies"
    )
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
        (Some(l), Some(c)) => tr!("{file}, Zeile {l}, Spalte {c}", "{file}, line {l}, column {c}"),
        (Some(l), None) => tr!("{file}, Zeile {l}", "{file}, line {l}"),
        _ => file.to_owned(),
    };
    let kind = severity.name();
    tr!("{kind} in der Konfiguration {wo}: {message}", "{kind} in the config {wo}: {message}")
}

pub fn konfig_ort(path: &str, exists: bool) -> String {
    match (exists, en()) {
        (true, false) => format!("Konfiguration: {path}"),
        (true, true) => format!("Config: {path}"),
        (false, false) => format!(
            "Konfiguration: {path} (nicht vorhanden: es gelten die Voreinstellungen; „ratsinfo config --default“ zeigt sie)"
        ),
        (false, true) => format!(
            "Config: {path} (not there: the defaults apply; \"ratsinfo config --default\" shows them)"
        ),
    }
}

/// The commented default config file; `roles` are the `[theme]` lines.
pub fn konfig_vorlage(roles: &str) -> String {
    if en() {
        return format!(
            r##"# ratsinfo: config
#
# This file belongs in $XDG_CONFIG_HOME/ratsinfo/config.toml
# (usually ~/.config/ratsinfo/config.toml; on macOS
# ~/Library/Application Support/ratsinfo/config.toml).
# Everything here is the default: what is missing holds as shown. A mistake
# in the file is reported with line and column; the default then applies to
# the wrong value (to everything, if the TOML is broken).

# Language of the interface: "de" or "en". The data stays German; LANG
# alone does not switch it.
sprache = "en"

# Mouse: the wheel scrolls, a click selects, a double click opens, the
# divider between tree and reader can be dragged.
mouse = true

# How long (milliseconds) an entry must be open to count as read; 0: at
# once.
read_delay_ms = 2000

# German hyphenation in the reader.
hyphenation = true

# What o opens a document with (the file in the archive, else the link)
# when a graphical display is there: a program, with arguments if need be;
# it gets the path or the link as its last argument. Default: "xdg-open"
# ("open" on macOS). Without a graphical display (over SSH), o shows the
# link to click and copy.
# opener = "xdg-open"

[layout]
# Width of the tree: "auto" (two fifths, 28 to 64 columns), a number of
# columns, or a share such as "35%".
tree_width = "auto"

[keys]
# Keys bound anew, per action one key or a list. Written as: "q", "G",
# "ctrl-c", "alt-x", "shift-tab", "F1", "enter", "esc", "tab", "space",
# "backspace", "up", "down", "left", "right", "home", "end", "pageup",
# "pagedown". Help (?) and the status line show the binding.
# Examples:
# quit = ["q", "ctrl-c"]
# search = ["/", "ctrl-f"]
# help = ["?", "F1"]

[theme]
# "default": 16 colours that every terminal has; "light": for light
# backgrounds. NO_COLOR (set and not empty) turns colours off; emphasis
# such as bold and reverse stays.
base = "default"
# Per role, colours and attributes: black, red, green, yellow, blue,
# magenta, cyan, gray, darkgray, lightred … lightcyan, white, default,
# "#rrggbb", 0–255; bold, dim, italic, underline, reverse; a colour after
# "on" is the background ("black on cyan").
{roles}"##
        );
    }
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

pub fn geaendert_am(when: &str) -> String {
    tr!("geändert am {when}", "changed on {when}")
}

// Sync

pub fn kein_oparl_html(url: &str) -> String {
    tr!(
        "{url} ist keine OParl-Schnittstelle: die Antwort ist eine HTML-Seite, kein JSON",
        "{url} is not an OParl API: the answer is an HTML page, not JSON"
    )
}

pub fn kein_oparl_nicht_gefunden(url: &str, status: u16) -> String {
    tr!(
        "{url} ist keine OParl-Schnittstelle: der Server antwortet {status} (nicht gefunden)",
        "{url} is not an OParl API: the server answers {status} (not found)"
    )
}

pub fn server_antwortet(url: &str, status: u16) -> String {
    tr!("{url}: der Server antwortet HTTP {status}", "{url}: the server answers HTTP {status}")
}

pub fn kein_oparl_json(url: &str) -> String {
    tr!(
        "{url} ist keine OParl-Schnittstelle: die Antwort ist kein JSON",
        "{url} is not an OParl API: the answer is not JSON"
    )
}

pub fn kein_oparl_type(url: &str) -> String {
    tr!(
        "{url} ist keine OParl-Schnittstelle: das JSON hat keinen „type“",
        "{url} is not an OParl API: the JSON has no \"type\""
    )
}

pub fn system_ohne_bodies(url: &str) -> String {
    tr!(
        "{url}: das System nennt keine Körperschaften („body“ fehlt)",
        "{url}: the System names no bodies (\"body\" is missing)"
    )
}

pub fn body_ohne_id(url: &str) -> String {
    tr!("{url}: die Körperschaft hat keine „id“", "{url}: the body has no \"id\"")
}

pub fn system_nicht_gelesen(why: &str) -> String {
    tr!("System nicht gelesen: {why}", "System not read: {why}")
}

pub fn weder_system_noch_body(url: &str, kind: &str) -> String {
    tr!(
        "{url} ist kein System und keine Körperschaft, sondern „{kind}“",
        "{url} is neither a System nor a Body but \"{kind}\""
    )
}

pub fn antwort_kein_json(url: &str) -> String {
    tr!("{url}: die Antwort ist kein JSON", "{url}: the answer is not JSON")
}

pub fn kein_body(url: &str) -> String {
    tr!("{url} ist keine Körperschaft (OParl-Body)", "{url} is not a body (OParl Body)")
}

pub fn kein_gueltiges_json(url: &str, detail: &str) -> String {
    tr!("{url}: kein gültiges JSON ({detail})", "{url}: not valid JSON ({detail})")
}

pub fn keine_body_liste(url: &str) -> String {
    tr!("{url}: keine Liste von Körperschaften", "{url}: not a list of bodies")
}

pub fn sync_zustand_nicht_lesbar(dir: &str, detail: &str) -> String {
    tr!("{dir}: Zustand nicht lesbar: {detail}", "{dir}: sync state not readable: {detail}")
}

pub fn kein_freier_ordner(id: &str) -> String {
    tr!("kein freier Ordner für {id}", "no free folder for {id}")
}

pub fn kein_sync_archiv(dir: &str) -> String {
    tr!("{dir}: kein synchronisiertes Archiv", "{dir}: not a synced archive")
}

pub fn body_wird_gelesen(name: &str) -> String {
    tr!("{name}: Körperschaft wird gelesen", "{name}: reading the body")
}

pub fn sync_laeuft_schon(dir: &str) -> String {
    tr!(
        "{dir}: ein anderer „ratsinfo sync“ aktualisiert dieses Archiv gerade; bitte warten, bis er fertig ist",
        "{dir}: another \"ratsinfo sync\" is updating this archive just now; please wait until it is done"
    )
}

pub fn leere_liste_als_status(status: u16) -> String {
    tr!(
        "leere Änderungsliste als HTTP {status} beantwortet (SD.NET)",
        "an empty list of changes answered as HTTP {status} (SD.NET)"
    )
}

pub fn json_nicht_reparierbar(detail: &str) -> String {
    tr!("kein gültiges JSON, auch nicht repariert: {detail}", "not valid JSON, not even repaired: {detail}")
}

/// The progress bar while a list is fetched.
pub fn liste_seite(list: &str, page: u32) -> String {
    tr!("{list}, Seite {page}", "{list}, page {page}")
}

pub fn wird_verdichtet(list: &str) -> String {
    tr!("{list}: wird verdichtet", "{list}: compacting")
}

pub fn nicht_mehr_auf_dem_server(n: u64) -> String {
    tr!(
        "{n} Objekte nicht mehr auf dem Server; als gelöscht markiert (gone.json)",
        "{n} objects no longer on the server; marked as deleted (gone.json)"
    )
}

pub fn files_kein_datum(d: &str) -> String {
    tr!("kein Datum: {d} (erwartet JJJJ-MM-TT)", "not a date: {d} (expected YYYY-MM-DD)")
}

pub fn files_unbekannt(other: &str) -> String {
    tr!(
        "unbekannt: {other} (none, all, since:JJJJ-MM-TT, upcoming)",
        "unknown: {other} (none, all, since:YYYY-MM-DD, upcoming)"
    )
}

pub fn dokumente_nur_verweis(n: usize) -> String {
    tr!(
        "{n} Dokumente nur als Verweis bekannt (ohne Datei-Objekt); nicht geholt",
        "{n} documents known only as a reference (without a File object); not fetched"
    )
}

/// The progress bar while documents are fetched.
pub fn dokument_von(i: usize, total: usize) -> String {
    tr!("Dokument {i}/{total}", "document {i}/{total}")
}

pub fn nicht_gespeichert(why: &str) -> String {
    tr!("nicht gespeichert: {why}", "not stored: {why}")
}

pub fn antwort_unvollstaendig(why: &str) -> String {
    tr!("Antwort unvollständig: {why}", "answer incomplete: {why}")
}

pub fn uebertragung_abgebrochen(why: &str) -> String {
    tr!("Übertragung abgebrochen: {why}", "transfer broken off: {why}")
}

/// A request given up: why the last try failed, and how many there were.
pub fn nach_versuchen(reason: &str, tries: u32) -> String {
    tr!("{reason} (nach {tries} Versuchen)", "{reason} (after {tries} tries)")
}

/// A download whose file could not be written.
pub fn schreiben_fehlgeschlagen(why: &str) -> String {
    tr!("Schreiben fehlgeschlagen: {why}", "writing failed: {why}")
}

pub fn zu_viele_seiten(max: u32) -> String {
    tr!("mehr als {max} Seiten; abgebrochen", "more than {max} pages; stopped")
}

/// A redirect to another host than the URL's, not followed.
pub fn weiterleitung_anderer_host(target: &str) -> String {
    let target = crate::text::sanitize(target);
    tr!(
        "Weiterleitung auf einen anderen Host ({target}) nicht gefolgt; mit --follow-hosts folgt ratsinfo ihr",
        "redirect to another host ({target}) not followed; with --follow-hosts ratsinfo follows it"
    )
}

/// An OParl type for [`verweise_fehlen`]: one object of the kind (in
/// German with its article and relative pronoun), and the plural.
fn oparl_art(type_name: &str) -> (&'static str, &'static str) {
    match (type_name, en()) {
        ("Organization", false) => ("eine Organisation, die", "Organisationen"),
        ("Organization", true) => ("an organization", "organizations"),
        ("Person", false) => ("eine Person, die", "Personen"),
        ("Person", true) => ("a person", "persons"),
        ("Meeting", false) => ("eine Sitzung, die", "Sitzungen"),
        ("Meeting", true) => ("a meeting", "meetings"),
        ("AgendaItem", false) => ("einen Tagesordnungspunkt, den", "Tagesordnungspunkte"),
        ("AgendaItem", true) => ("an agenda item", "agenda items"),
        ("Paper", false) => ("eine Vorlage, die", "Vorlagen"),
        ("Paper", true) => ("a paper", "papers"),
        ("Consultation", false) => ("eine Beratung, die", "Beratungen"),
        ("Consultation", true) => ("a consultation", "consultations"),
        ("File", false) => ("eine Datei, die", "Dateien"),
        ("File", true) => ("a file", "files"),
        ("Location", false) => ("einen Ort, den", "Orte"),
        ("Location", true) => ("a location", "locations"),
        (_, false) => ("ein Objekt, das", "Objekte"),
        (_, true) => ("an object", "objects"),
    }
}

/// References to objects of one kind (its OParl `type_name`) that the
/// server does not deliver: how many objects, and a few of their URLs.
pub fn verweise_fehlen(n: usize, type_name: &str, examples: &[String]) -> String {
    let (one, many) = oparl_art(type_name);
    let examples = examples.iter().map(|e| crate::text::sanitize(e)).collect::<Vec<_>>().join(", ");
    if n == 1 {
        return tr!(
            "Verweise auf {one} der Server nicht liefert: {examples}",
            "references to {one} that the server does not deliver: {examples}"
        );
    }
    let n = tausender(n);
    tr!(
        "Verweise auf {n} {many}, die der Server nicht liefert, z. B. {examples}",
        "references to {n} {many} that the server does not deliver, e.g. {examples}"
    )
}

pub fn datei_ueber_grenze(mb: u64) -> String {
    tr!(
        "Datei größer als die Grenze von {mb} MB; nicht gespeichert",
        "file larger than the limit of {mb} MB; not stored"
    )
}

pub fn netzwerkfehler(why: &str) -> String {
    tr!("Netzwerkfehler: {why}", "network error: {why}")
}

pub fn antwort_zu_gross(bytes: u64) -> String {
    tr!("Antwort größer als {bytes} Bytes", "answer larger than {bytes} bytes")
}

pub fn ungueltige_adresse(url: &str) -> String {
    tr!("ungültige Adresse: {url}", "invalid address: {url}")
}

/// The progress bar: the time left.
pub fn noch_sekunden(secs: f64) -> String {
    tr!(" · noch {secs} s", " · {secs} s left")
}

pub fn sync_list_hinweis(example: &str) -> String {
    tr!(
        "ratsinfo sync NAME holt eine davon, z. B.: ratsinfo sync {example}",
        "ratsinfo sync NAME fetches one of them, e.g.: ratsinfo sync {example}"
    )
}

pub fn kein_endpunkt(target: &str) -> String {
    tr!(
        "„{target}“ ist weder eine URL noch ein bekannter Endpunkt (ratsinfo sync --list)",
        "\"{target}\" is neither a URL nor a known endpoint (ratsinfo sync --list)"
    )
}

pub fn noch_kein_archiv(dir: &str) -> String {
    tr!(
        "in {dir} ist noch kein Archiv; zuerst: ratsinfo sync URL",
        "there is no archive in {dir} yet; first: ratsinfo sync URL"
    )
}

/// The sync's summary, line by line (numbers already written out).
pub fn sync_archiv(dir: &str) -> String {
    tr!("Archiv: {dir}", "Archive: {dir}")
}

pub fn sync_nicht_mehr_da(n: &str) -> String {
    tr!(", {n} nicht mehr auf dem Server", ", {n} no longer on the server")
}

pub fn sync_zahlen(
    requests: &str,
    pages: &str,
    objects: &str,
    created: &str,
    updated: &str,
    deleted: &str,
    gone: &str,
) -> String {
    tr!(
        "{requests} Anfragen, {pages} Seiten, {objects} Objekte: {created} neu, {updated} geändert, {deleted} gelöscht{gone}",
        "{requests} requests, {pages} pages, {objects} objects: {created} new, {updated} changed, {deleted} deleted{gone}"
    )
}

pub fn sync_dokumente(fetched: &str, unchanged: &str, texts: &str) -> String {
    tr!(
        "{fetched} Dokumente geladen, {unchanged} unverändert, Text von {texts} gelesen",
        "{fetched} documents fetched, {unchanged} unchanged, text read from {texts}"
    )
}

pub fn sync_dauer(bytes: &str, seconds: f64, per_second: f64, retries: u64) -> String {
    let retries = match (retries, en()) {
        (0, _) => String::new(),
        (n, false) => format!(", {n} Wiederholungen"),
        (n, true) => format!(", {n} retries"),
    };
    tr!(
        "{bytes} in {seconds:.1} s ({per_second:.0} Objekte/s){retries}",
        "{bytes} in {seconds:.1} s ({per_second:.0} objects/s){retries}"
    )
}

pub fn nicht_alles_geholt(errors: usize) -> String {
    let fehler = if en() { count(errors, "error", "errors") } else { count(errors, "Fehler", "Fehler") };
    tr!(
        "{fehler} – nicht alles geholt; der nächste Lauf holt den Rest.",
        "{fehler} – not everything fetched; the next run fetches the rest."
    )
}

// Loading: problems of records and values

pub fn feld_mehrfach(field: &str) -> String {
    tr!(
        "„{field}“ steht mehrfach in einem Eintrag; der erste Wert gilt, die weiteren sind übergangen",
        "\"{field}\" appears more than once in an entry; the first value holds, the others are passed over"
    )
}

pub fn sollte_text_sein(field: &str, found: &str) -> String {
    tr!(
        "„{field}“ sollte Text sein, ist aber {found}; ignoriert",
        "\"{field}\" should be text but is {found}; ignored"
    )
}

pub fn text_ist_zahl(field: &str, n: &str) -> String {
    tr!(
        "„{field}“ sollte Text sein, ist aber eine Zahl ({n}); als Text übernommen",
        "\"{field}\" should be text but is a number ({n}); taken as text"
    )
}

pub fn ungueltige_uhrzeit(v: &str) -> String {
    tr!(
        "ungültige Uhrzeit „{v}“ (erwartet SS:MM); als Text übernommen",
        "invalid time \"{v}\" (expected HH:MM); taken as text"
    )
}

pub fn ungueltiges_datum(v: &str) -> String {
    tr!(
        "ungültiges Datum „{v}“ (erwartet JJJJ-MM-TT oder TT.MM.JJJJ); ohne Datum übernommen",
        "invalid date \"{v}\" (expected YYYY-MM-DD or DD.MM.YYYY); taken without a date"
    )
}

pub fn sollte_datum_sein(field: &str, found: &str) -> String {
    tr!(
        "„{field}“ sollte ein Datum sein, ist aber {found}; ignoriert",
        "\"{field}\" should be a date but is {found}; ignored"
    )
}

pub fn eintrag_kein_objekt(found: &str) -> String {
    tr!(
        "Eintrag sollte ein Objekt sein, ist aber {found}; übersprungen",
        "entry should be an object but is {found}; skipped"
    )
}

pub fn pflichtfeld_fehlt(name: &str) -> String {
    tr!("Pflichtfeld „{name}“ fehlt", "required field \"{name}\" is missing")
}

pub fn sollte_liste_sein(field: &str, found: &str) -> String {
    tr!(
        "„{field}“ sollte eine Liste sein, ist aber {found}; ignoriert",
        "\"{field}\" should be a list but is {found}; ignored"
    )
}

pub fn einzelnes_objekt_als_liste(field: &str) -> String {
    tr!(
        "„{field}“ sollte eine Liste sein, ist aber ein einzelnes Objekt; als Liste mit einem Eintrag übernommen",
        "\"{field}\" should be a list but is a single object; taken as a list of one"
    )
}

/// An OParl value of the wrong kind: `what` it should be, what it is.
pub fn sollte_sein(key: &str, what: &str, found: &str) -> String {
    tr!(
        "„{key}“ sollte {what} sein, ist aber {found}; ignoriert",
        "\"{key}\" should be {what} but is {found}; ignored"
    )
}

pub fn ungueltiger_wert(key: &str, shown: &str, what: &str) -> String {
    tr!(
        "„{key}“: ungültiger Wert „{shown}“ (erwartet {what}); ignoriert",
        "\"{key}\": invalid value \"{shown}\" (expected {what}); ignored"
    )
}

pub fn sollte_objekt_oder_liste_sein(key: &str, found: &str) -> String {
    tr!(
        "„{key}“ sollte ein Objekt oder eine Liste sein, ist aber {found}; ignoriert",
        "\"{key}\" should be an object or a list but is {found}; ignored"
    )
}

pub fn erwartet_oparl_objekt(found: &str) -> String {
    tr!(
        "Erwartet ein OParl-Objekt oder eine Liste, gefunden {found}",
        "expected an OParl object or a list, found {found}"
    )
}

pub fn eintrag_kein_objekt_oder_adresse(found: &str) -> String {
    tr!(
        "Eintrag sollte ein Objekt oder eine Adresse sein, ist aber {found}; übersprungen",
        "entry should be an object or an address but is {found}; skipped"
    )
}

pub fn ohne_type(n: usize) -> String {
    if en() {
        format!("{} without \"type\" skipped: its kind cannot be told", count(n, "object", "objects"))
    } else {
        format!("{} ohne „type“ übersprungen: die Art ist nicht erkennbar", count(n, "Objekt", "Objekte"))
    }
}

pub fn unbekannter_oparl_typ(kind: &str) -> String {
    tr!("Unbekannter OParl-Typ „{kind}“; übersprungen", "unknown OParl type \"{kind}\"; skipped")
}

/// Objects referred to but not loaded: `n` of a kind (its names `one`,
/// `many`, OParl's name `oparl`), the first at `url`.
pub fn oparl_nicht_geladen(n: usize, one: &str, many: &str, oparl: &str, url: &str) -> String {
    match (n, en()) {
        (1, false) => format!("Nicht geladen: {one} (OParl {oparl}) {url}; gezeigt wird, was bekannt ist"),
        (1, true) => format!("Not loaded: {one} (OParl {oparl}) {url}; what is known is shown"),
        (_, false) => {
            format!("Nicht geladen: {n} {many} (OParl {oparl}), z. B. {url}; gezeigt wird, was bekannt ist")
        }
        (_, true) => format!("Not loaded: {n} {many} (OParl {oparl}), e.g. {url}; what is known is shown"),
    }
}

/// A document named by its id only.
pub fn datei_name(id: &str) -> String {
    tr!("Datei {id}", "File {id}")
}

/// A Gremium known by the last part of its URL only.
pub fn gremium_name(label: &str) -> String {
    tr!("Gremium {label}", "Committee {label}")
}

pub fn gremium_der_sitzung(label: &str) -> String {
    tr!("Gremium der Sitzung {label}", "Committee of meeting {label}")
}

pub fn ungueltiges_json(detail: &str) -> String {
    tr!("Ungültiges JSON: {detail}", "Invalid JSON: {detail}")
}

pub fn unerwarteter_aufbau(detail: &str) -> String {
    tr!("Unerwarteter Aufbau: {detail}", "Unexpected structure: {detail}")
}

pub fn lesefehler(detail: &str) -> String {
    tr!("Lesefehler: {detail}", "Read error: {detail}")
}

/// Added to a syntax error: what was read before it.
pub fn eintraege_davor_uebernommen(n: usize) -> String {
    tr!("; die {n} Einträge davor wurden übernommen", "; the {n} entries before it were taken")
}

pub fn unbekanntes_format(found: &str, expected: &str) -> String {
    tr!(
        "Unbekanntes Format „{found}“ (erwartet {expected}); trotzdem gelesen",
        "Unknown format \"{found}\" (expected {expected}); read all the same"
    )
}

pub fn nicht_lesbar(why: &str) -> String {
    tr!("Kann nicht gelesen werden: {why}", "Cannot be read: {why}")
}

pub fn verzeichnis_nicht_lesbar(why: &str) -> String {
    tr!("Verzeichnis kann nicht gelesen werden: {why}", "Directory cannot be read: {why}")
}

/// A Vorlage, an Auszug, as problems name them.
pub fn vorlage_name(nummer: &str) -> String {
    tr!("Vorlage {nummer}", "Paper {nummer}")
}

pub fn auszug_name(titel: &str) -> String {
    tr!("Auszug „{titel}“", "Extract \"{titel}\"")
}

pub fn pflichtfeld_nicht_auf_seite(what: &str, field: &str) -> String {
    tr!(
        "{what}: Pflichtfeld „{field}“ nicht auf der Seite gefunden",
        "{what}: required field \"{field}\" not found on the page"
    )
}

pub fn wert_weicht_ab(what: &str, field: &str, other: &str) -> String {
    tr!(
        "{what}: „{field}“ weicht von {other} ab; der Wert aus dieser Datei gilt",
        "{what}: \"{field}\" differs from {other}; the value from this file holds"
    )
}

pub fn nummer_mehrfach(n: usize, nummer: &str) -> String {
    tr!(
        "{n} Vorlagen tragen die Nummer {nummer}; alle werden gezeigt",
        "{n} papers bear the number {nummer}; all are shown"
    )
}

pub fn nummern_mehrfach(n: usize, examples: &str) -> String {
    tr!(
        "{n} Nummern werden von mehreren Vorlagen getragen, z. B. {examples}; alle werden gezeigt",
        "{n} numbers are borne by more than one paper, e.g. {examples}; all are shown"
    )
}

pub fn key_zu_viele_teile(key: &str) -> String {
    tr!("zu viele Teile in „{key}“", "too many parts in \"{key}\"")
}

pub fn key_ungueltiges_datum(d: &str) -> String {
    tr!("ungültiges Datum „{d}“", "invalid date \"{d}\"")
}

pub fn key_unbekannte_art(kind: &str) -> String {
    tr!("unbekannte Art „{kind}“", "unknown kind \"{kind}\"")
}

// Document texts (src/doctext)

/// "Text von »Anlage 2.pdf« nicht lesbar: …"
pub fn text_von_nicht_lesbar(name: &str, why: &str) -> String {
    tr!("Text von »{name}« nicht lesbar: {why}", "Text of \"{name}\" not readable: {why}")
}

pub fn pdf_kaputt(why: &str) -> String {
    let why = crate::text::sanitize(why);
    tr!("das PDF ist beschädigt ({why})", "the PDF is damaged ({why})")
}

pub fn pdf_abgestuerzt(how: &str) -> String {
    tr!(
        "das Programm zum Lesen ist an dieser Datei abgestürzt ({how})",
        "the reading program crashed on this file ({how})"
    )
}

pub fn pdf_rechenzeit(secs: u64) -> String {
    tr!("mehr als {secs} s Rechenzeit", "more than {secs} s of CPU time")
}

pub fn pdf_zeitueberschreitung(secs: u64) -> String {
    tr!(
        "nach {secs} s abgebrochen (beim nächsten Mal wird es erneut versucht)",
        "stopped after {secs} s (it is tried again next time)"
    )
}

pub fn pdf_kein_start(why: &str) -> String {
    tr!(
        "das Programm zum Lesen ließ sich nicht starten ({why})",
        "the reading program could not be started ({why})"
    )
}

/// Heading of a document's text in `show --documents`.
pub fn dokument_text(label: &str, name: &str) -> String {
    match (name.is_empty(), en()) {
        (true, false) => format!("{label} (Text)"),
        (true, true) => format!("{label} (text)"),
        (false, false) => format!("{label}: {name} (Text)"),
        (false, true) => format!("{label}: {name} (text)"),
    }
}

// Documents in the UI (src/ui/documents.rs)

/// The link overlay's keys: `kopieren` copies the link, `schliessen` closes.
pub fn link_tasten(kopieren: &str, schliessen: &str) -> String {
    tr!(
        "{kopieren} kopiert den Link, {schliessen} schließt.",
        "{kopieren} copies the link, {schliessen} closes."
    )
}

/// The key that closes an overlay.
pub fn nur_schliessen(taste: &str) -> String {
    tr!("{taste} schließt.", "{taste} closes.")
}

/// The document handed to the system's opener.
pub fn geoeffnet(was: &str) -> String {
    tr!("Geöffnet: {was}", "Opened: {was}")
}

pub fn nicht_geoeffnet(was: &str, grund: &str) -> String {
    tr!("{was} ließ sich nicht öffnen: {grund}", "{was} could not be opened: {grund}")
}

/// How the opener ended, when it failed: its exit status, or a signal.
pub fn opener_status(code: Option<i32>) -> String {
    match code {
        Some(c) => {
            tr!("das Programm zum Öffnen endete mit Status {c}", "the opening program ended with status {c}")
        }
        None => tr!("das Programm zum Öffnen wurde abgebrochen", "the opening program was killed"),
    }
}

/// Where a document's downloaded file is.
pub fn im_archiv(pfad: &str) -> String {
    tr!("Im Archiv: {pfad}", "In the archive: {pfad}")
}

// Full-text search (src/fulltext)

pub fn volltext_aufbau(done: usize, total: usize) -> String {
    let (done, total) = (tausender(done), tausender(total));
    tr!(
        "Volltext: Index wird aufgebaut, {done} von {total} Einträgen",
        "Full text: building the index, {done} of {total} entries"
    )
}

pub fn volltext_aktualisierung(done: usize, total: usize) -> String {
    let (done, total) = (tausender(done), tausender(total));
    tr!(
        "Volltext: Index wird aktualisiert, {done} von {total} Einträgen",
        "Full text: updating the index, {done} of {total} entries"
    )
}

/// The status line's short forms, where room is short.
pub fn volltext_aufbau_kurz(percent: usize) -> String {
    tr!("Volltext {percent} %", "Full text {percent}%")
}

pub fn volltext_aktualisierung_kurz(percent: usize) -> String {
    tr!("Volltext aktualisieren {percent} %", "Updating full text {percent}%")
}

pub fn volltext_ordner(dir: &std::path::Path, e: &std::io::Error) -> String {
    let (dir, why) = (crate::text::display_name(dir), io_message(e));
    tr!("Volltextindex in {dir}: {why}", "Full-text index in {dir}: {why}")
}

/// 12345 → "12.345" (German), "12,345" (English).
pub fn tausender(n: usize) -> String {
    let digits = n.to_string();
    let sep = if en() { ',' } else { '.' };
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

/// A section's label as the full-text index keeps it, in German whatever
/// the interface's language ("Sachverhalt", "Anlage 2: Gutachten.pdf"), in
/// the current language, as the reader heads that section. The index is
/// built once for every language: its labels are not part of it.
pub fn abschnitt(german: &str) -> String {
    if !en() {
        return german.to_owned();
    }
    let (head, name) = german.split_once(": ").map_or((german, None), |(h, n)| (h, Some(n)));
    // "Anlage 2": the label and its number.
    let (word, number) = match head.rsplit_once(' ') {
        Some((w, n)) if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) => (w, Some(n)),
        _ => (head, None),
    };
    let word = ALL.iter().find(|(_, t)| t.of(Sprache::De) == word).map_or(word, |(_, t)| t.of(Sprache::En));
    let mut out = word.to_owned();
    if let Some(n) = number {
        out = format!("{out} {n}");
    }
    if let Some(name) = name {
        out = format!("{out}: {name}");
    }
    out
}

pub fn volltext_suchfehler(why: &str) -> String {
    let why = crate::text::sanitize(why);
    tr!("Volltextsuche fehlgeschlagen: {why}", "Full-text search failed: {why}")
}
