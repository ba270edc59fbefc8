//! A deterministic generator of large ratsinfo-export/1 archives with the
//! shape of a big city's council information system: ~24 Gremien meeting on
//! fixed dates over 20 years, Vorlagen moving through 1–3 Gremien, about one
//! Auszug per Vorlage, German prose with umlauts, ß and no-break spaces.
//!
//! Shared by `examples/gen-archive.rs` (the command line), `benches/scale.rs`
//! (generates its archive when missing) and `tests/generated.rs` (a small
//! archive must load without problems). The same arguments always give the
//! same bytes: a xorshift PRNG seeded from the arguments, no clock, no hash
//! map iteration order.
//!
//! Files: one directory per year, one file per 1000 Vorlagen of that year
//! (`2021/vorlagen-2021-003.json`), each Auszug in the file of its Vorlage.
//! Real exports are cut by year (the numbering restarts every year) and in
//! pages when a year is large; files of a few MB keep what one loader thread
//! holds at a time small, and 100+ work units keep both cores busy to the end.

#![allow(dead_code)]

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::rng::Rng;

// --- calendar ---------------------------------------------------------

/// Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm).
pub fn days_from_civil(y: i32, m: u32, d: u32) -> i32 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m as i32 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i32 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

pub fn civil_from_days(z: i32) -> (i32, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn iso(day: i32) -> String {
    let (y, m, d) = civil_from_days(day);
    format!("{y:04}-{m:02}-{d:02}")
}

fn german(day: i32) -> String {
    let (y, m, d) = civil_from_days(day);
    format!("{d:02}.{m:02}.{y:04}")
}

/// 0 = Monday.
fn weekday(day: i32) -> i32 {
    (day + 3).rem_euclid(7)
}

// --- vocabulary ---------------------------------------------------------

/// (name, sessions a year, weekday it meets on (0 = Monday)).
const GREMIEN: [(&str, usize, i32); 24] = [
    ("Rat der Stadt", 9, 1),
    ("Haupt- und Finanzausschuss", 9, 1),
    ("Ausschuss für Stadtentwicklung und Planung", 10, 2),
    ("Ausschuss für Schule und Weiterbildung", 8, 3),
    ("Ausschuss für Kinder, Jugend und Familie", 8, 2),
    ("Ausschuss für Soziales, Gesundheit und Senioren", 7, 3),
    ("Ausschuss für Umwelt, Klima und Grünflächen", 8, 0),
    ("Ausschuss für Bauen, Straßenbau und Verkehr", 10, 3),
    ("Ausschuss für Kultur und Sport", 7, 0),
    ("Ausschuss für Wirtschaftsförderung und Digitalisierung", 6, 2),
    ("Ausschuss für öffentliche Ordnung und Feuerwehr", 6, 0),
    ("Rechnungsprüfungsausschuss", 6, 3),
    ("Betriebsausschuss Stadtentwässerung", 6, 2),
    ("Betriebsausschuss Immobilienmanagement", 7, 1),
    ("Wahlprüfungsausschuss", 6, 4),
    ("Ältestenrat", 8, 0),
    ("Integrationsrat", 7, 2),
    ("Seniorenbeirat", 6, 3),
    ("Jugendhilfeausschuss", 8, 1),
    ("Bezirksvertretung Mitte", 11, 1),
    ("Bezirksvertretung Nord", 11, 2),
    ("Bezirksvertretung Süd", 11, 3),
    ("Bezirksvertretung Ost", 11, 0),
    ("Bezirksvertretung West", 11, 2),
];

const RAT: usize = 0;
const HFA: usize = 1;
const BEZIRKE: std::ops::Range<usize> = 19..24;
/// Committees that deliberate on most Vorlagen first.
const FACHAUSSCHUESSE: [usize; 20] = [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 2, 7, 3];

const THEMEN: [&str; 40] = [
    "Sanierung der Gesamtschule Mitte",
    "Integrationskonzept der Stadt",
    "Haushaltssatzung",
    "Bebauungsplan Nr. 214 „Am Grünen Weg“",
    "Neubau einer Kindertagesstätte an der Bahnhofstraße",
    "Straßenbauprogramm",
    "Pflege der Grünflächen im Stadtpark",
    "Fortschreibung des Schulentwicklungsplans",
    "Radverkehrskonzept",
    "Klimaschutzkonzept und Wärmeplanung",
    "Digitalisierung der Grundschulen",
    "Erweiterung des Feuerwehrgerätehauses Süd",
    "Umgestaltung des Marktplatzes",
    "Förderprogramm Soziale Stadt",
    "Satzung über die Erhebung von Straßenreinigungsgebühren",
    "Offene Ganztagsschule",
    "Brandschutzsanierung des Rathauses",
    "Barrierefreier Ausbau von Bushaltestellen",
    "Stellenplan der Stadtverwaltung",
    "Jahresabschluss der Stadtentwässerung",
    "Wohnraumversorgungskonzept",
    "Sportstättenentwicklungsplan",
    "Sanierung des Hallenbads Süd",
    "Bürgerbeteiligung zum Flächennutzungsplan",
    "Lärmaktionsplan",
    "Friedhofsgebührensatzung",
    "Quartiersentwicklung Nord",
    "Ausbau der Glasfaserversorgung",
    "Seniorenpolitisches Gesamtkonzept",
    "Mobilitätsstation am Hauptbahnhof",
    "Gestaltungssatzung Altstadt",
    "Kulturentwicklungsplan",
    "Rahmenplan Innenstadt",
    "Ausbau der Kindertagesbetreuung für unter Dreijährige",
    "Baumschutzsatzung",
    "Jugendhilfeplanung",
    "Verkehrsberuhigung in der Schulstraße",
    "Zuschüsse an Sportvereine",
    "Öffentlich geförderter Wohnungsbau",
    "Straßenbeleuchtung auf LED",
];

const ARTEN: [&str; 7] = [
    "öffentliche Beschlussvorlage",
    "öffentliche Beschlussvorlage",
    "öffentliche Beschlussvorlage",
    "Berichtsvorlage",
    "Mitteilungsvorlage",
    "Antrag",
    "Anfrage",
];

const FRAKTIONEN: [&str; 7] = [
    "SPD-Fraktion",
    "CDU-Fraktion",
    "Fraktion Bündnis 90/Die Grünen",
    "FDP-Fraktion",
    "Fraktion Die Linke",
    "CDU-Fraktion und SPD-Fraktion",
    "Ratsgruppe Freie Wähler",
];

const BEREICHE: [&str; 12] = [
    "Fachbereich 10 - Zentrale Dienste",
    "Fachbereich 20 - Finanzen",
    "Fachbereich 32 - Öffentliche Sicherheit und Ordnung",
    "Fachbereich 40 - Schule und Weiterbildung",
    "Fachbereich 41 - Kultur",
    "Fachbereich 50 - Soziales",
    "Fachbereich 51 - Kinder, Jugend und Familie",
    "Fachbereich 52 - Sport und Bäder",
    "Fachbereich 61 - Stadtplanung und Bauordnung",
    "Fachbereich 66 - Tiefbau und Straßen",
    "Fachbereich 67 - Umwelt und Grünflächen",
    "Büro Oberbürgermeister",
];

const NACHNAMEN: [&str; 16] = [
    "Müller",
    "Schäfer",
    "Weiß",
    "Köhler",
    "Schröder",
    "Krüger",
    "Groß",
    "Möller",
    "Becker",
    "Hoffmann",
    "Jürgens",
    "Neumann",
    "Öztürk",
    "Kowalski",
    "Hübner",
    "Strauß",
];

const VORNAMEN: [&str; 12] =
    ["Jörg", "Sören", "Björn", "Jürgen", "Günter", "Anna", "Käthe", "Bärbel", "Ute", "Gül", "Lena", "Maik"];

const SUBJEKTE: [&str; 14] = [
    "Die Verwaltung",
    "Der Oberbürgermeister",
    "Das Amt für Stadtentwicklung",
    "Der Fachbereich Schule und Weiterbildung",
    "Die Stadtentwässerung",
    "Der Ausschuss für Stadtentwicklung",
    "Das Gebäudemanagement",
    "Die Bezirksregierung",
    "Der Jugendhilfeausschuss",
    "Die Kämmerei",
    "Der Integrationsrat",
    "Das Straßenbauamt",
    "Die Wirtschaftsförderung",
    "Der Seniorenbeirat",
];

const VERBEN: [&str; 12] = [
    "prüft",
    "empfiehlt",
    "befürwortet",
    "erläutert",
    "koordiniert",
    "berichtet über",
    "plant",
    "bewertet",
    "unterstützt",
    "begleitet",
    "beantragt",
    "überprüft",
];

const OBJEKTE: [&str; 30] = [
    "die Sanierung der Gesamtschule",
    "den Entwurf der Haushaltssatzung",
    "die Fortschreibung des Integrationskonzepts",
    "den Bebauungsplan für das Gewerbegebiet",
    "den Neubau der Kindertagesstätte",
    "die Maßnahmen im Straßenbau",
    "die Pflege der öffentlichen Grünflächen",
    "die Beschlussvorlage zur Schulentwicklungsplanung",
    "die Förderung des Radverkehrs",
    "die Erhöhung der Zuschüsse für Sportvereine",
    "den barrierefreien Umbau der Haltestellen",
    "die Änderung der Gebührensatzung",
    "die Öffentlichkeitsbeteiligung nach dem Baugesetzbuch",
    "die Überprüfung der Brandschutzmaßnahmen",
    "die Ausstattung der Schulen mit digitalen Endgeräten",
    "die Kosten der Unterbringung Geflüchteter",
    "den Ausbau der Ganztagsbetreuung",
    "die Umgestaltung des Marktplatzes",
    "die Verkehrsberuhigung in den Wohnstraßen",
    "das Klimaschutzkonzept",
    "die Bürgerbeteiligung im Quartier",
    "die Sanierung der Sporthalle",
    "die Erweiterung des Feuerwehrgerätehauses",
    "den Ankauf von Grundstücken",
    "die Vergabe der Bauleistungen",
    "den Sachstandsbericht zur Wärmeplanung",
    "die Einrichtung eines Jugendzentrums",
    "die Neuordnung der Parkraumbewirtschaftung",
    "die Straßenreinigung im Winterdienst",
    "die Gestaltung der Fußgängerzone",
];

const ZUSAETZE: [&str; 20] = [
    "im laufenden Haushaltsjahr",
    "gemäß §\u{a0}41 GO NRW",
    "nach Abstimmung mit der Bezirksregierung",
    "unter Beteiligung der Öffentlichkeit",
    "in enger Zusammenarbeit mit den Schulen",
    "mit Mitteln aus dem Förderprogramm des Landes",
    "vorbehaltlich der Genehmigung des Haushalts",
    "im Rahmen der Bauleitplanung",
    "für die Jahre bis zur nächsten Fortschreibung",
    "auf Grundlage des Ratsbeschlusses",
    "unter Berücksichtigung des Klimaschutzes",
    "in allen Stadtbezirken",
    "zum nächstmöglichen Zeitpunkt",
    "im Einvernehmen mit dem Träger",
    "nach Maßgabe der Förderrichtlinien",
    "gemäß Anlage\u{a0}2",
    "im Zuge der Straßenbaumaßnahme",
    "für das Grundstück Gemarkung Mitte, Flur\u{a0}12",
    "trotz gestiegener Baukosten",
    "in Abstimmung mit dem Integrationsrat",
];

const BEGRUENDUNGEN: [&str; 14] = [
    "Die Kosten belaufen sich nach derzeitiger Schätzung auf rund {betrag}\u{a0}€",
    "Die Mittel stehen im Haushalt {jahr} unter der Produktgruppe {nr} zur Verfügung",
    "Der Rat der Stadt hat in seiner Sitzung am {datum} einen entsprechenden Auftrag erteilt",
    "Eine Förderung aus Landesmitteln in Höhe von {betrag}\u{a0}€ ist beantragt",
    "Die Maßnahme soll bis zum {datum} abgeschlossen werden",
    "Die Zahl der Schülerinnen und Schüler ist seit {jahr} deutlich gestiegen",
    "Die Öffentlichkeit wurde vom {datum} bis zum {datum2} beteiligt",
    "Die Stellungnahmen der Träger öffentlicher Belange liegen vor",
    "Die Ergebnisse der Untersuchung sind in der Anlage dargestellt",
    "Auswirkungen auf den Stellenplan ergeben sich nicht",
    "Der Ausschuss wird über den Fortgang der Arbeiten regelmäßig unterrichtet",
    "Eine Verschiebung würde zu Mehrkosten von etwa {betrag}\u{a0}€ führen",
    "Nach Abschluss der Ausschreibung liegen {nr} Angebote vor",
    "Die Bezirksvertretung hat am {datum} einstimmig zugestimmt",
];

const BESCHLUESSE: [&str; 8] = [
    "Der Rat der Stadt beschließt {obj} {zusatz}.",
    "Der Ausschuss nimmt den Bericht der Verwaltung zur Kenntnis.",
    "Die Verwaltung wird beauftragt, {obj} vorzubereiten und dem Ausschuss erneut zu berichten.",
    "Der Ausschuss empfiehlt dem Rat der Stadt, {obj} zu beschließen.",
    "Die Bezirksvertretung stimmt {obj} {zusatz} zu.",
    "Der Haupt- und Finanzausschuss beschließt die überplanmäßige Bereitstellung von {betrag}\u{a0}€.",
    "Der Rat der Stadt beschließt die Haushaltssatzung mit ihren Anlagen.",
    "Die Verwaltung wird gebeten, {obj} {zusatz} zu prüfen.",
];

const ERGEBNISSE: [&str; 7] = [
    "einstimmig beschlossen",
    "mehrheitlich beschlossen",
    "geändert beschlossen",
    "zur Kenntnis genommen",
    "vertagt",
    "ungeändert beschlossen",
    "einstimmig empfohlen",
];

const RAEUME: [&str; 5] = [
    "Ratssaal (Raum 101)",
    "großer Sitzungssaal",
    "Sitzungsraum 2.14",
    "Bürgersaal der Bezirksverwaltung",
    "Mehrzweckhalle",
];

const ORTE: [&str; 3] = ["Rathaus", "Bezirksverwaltungsstelle", "Technisches Rathaus"];

// --- output types -------------------------------------------------------

#[derive(Serialize)]
struct File<'a> {
    format: &'a str,
    quelle: &'a str,
    koerperschaft: &'a str,
    vorlagen: Vec<Vorlage>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    auszuege: Vec<Auszug>,
}

#[derive(Serialize)]
struct Vorlage {
    nummer: String,
    betreff: String,
    art: &'static str,
    status: &'static str,
    datum: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    verfasser: String,
    federfuehrend: &'static str,
    bearbeiter: String,
    beratungsfolge: Vec<Beratung>,
    #[serde(skip_serializing_if = "String::is_empty")]
    finanzielle_auswirkungen: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    beschlussvorschlag: String,
    sachverhalt: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    anlagen: Vec<Anlage>,
    url: String,
}

#[derive(Serialize)]
struct Beratung {
    gremium: &'static str,
    datum: String,
    rolle: &'static str,
    #[serde(skip_serializing_if = "str::is_empty")]
    ergebnis: &'static str,
}

#[derive(Serialize)]
struct Anlage {
    nr: String,
    name: String,
    status: &'static str,
    groesse: String,
    url: String,
}

#[derive(Serialize)]
struct Auszug {
    gremium: &'static str,
    datum: String,
    titel: String,
    top: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    vorlage: String,
    beschlussart: &'static str,
    status: &'static str,
    beginn: String,
    ende: String,
    anlass: &'static str,
    raum: &'static str,
    ort: &'static str,
    #[serde(skip_serializing_if = "String::is_empty")]
    wortprotokoll: String,
    beschluss: String,
    url: String,
}

// --- generation -----------------------------------------------------------

/// What to generate.
#[derive(Debug, Clone)]
pub struct Config {
    pub vorlagen: usize,
    pub first_year: i32,
    pub years: i32,
    pub seed: u64,
    /// Vorlagen per file.
    pub per_file: usize,
}

impl Config {
    pub fn new(vorlagen: usize) -> Config {
        Config { vorlagen, first_year: 2005, years: 20, seed: 0x5EED_2024, per_file: 1000 }
    }
}

/// What was written.
#[derive(Debug, Default, Clone)]
pub struct Summary {
    pub files: Vec<PathBuf>,
    pub bytes: u64,
    pub vorlagen: usize,
    pub auszuege: usize,
    pub sitzungen: usize,
}

pub const KOERPERSCHAFT: &str = "Stadt Emschertal";

struct Calendar {
    /// Per Gremium: its session days, ascending.
    sessions: Vec<Vec<i32>>,
}

impl Calendar {
    /// Every Gremium meets on fixed days: n sessions a year on its weekday,
    /// spread over the year with a summer break, one more year than the
    /// Vorlagen span so that late Vorlagen still find sessions.
    fn new(cfg: &Config) -> Calendar {
        let sessions = GREMIEN
            .iter()
            .map(|&(_, per_year, wd)| {
                let mut days = Vec::new();
                for y in cfg.first_year..cfg.first_year + cfg.years + 1 {
                    let start = days_from_civil(y, 1, 15);
                    // Working months: mid-January to mid-December minus six
                    // weeks of summer break.
                    let span = 330 - 42;
                    for k in 0..per_year {
                        let mut off = (k * span / per_year) as i32;
                        if off > 160 {
                            off += 42;
                        }
                        let mut day = start + off;
                        while weekday(day) != wd {
                            day += 1;
                        }
                        days.push(day);
                    }
                }
                days
            })
            .collect();
        Calendar { sessions }
    }

    /// The first session of Gremium `g` on or after `day`.
    fn next(&self, g: usize, day: i32) -> Option<i32> {
        let s = &self.sessions[g];
        s.get(s.partition_point(|&d| d < day)).copied()
    }
}

/// Text in the style of council papers, from the vocabulary above.
struct Prose<'r> {
    rng: &'r mut Rng,
    year: i32,
}

impl Prose<'_> {
    fn fill(&mut self, template: &str) -> String {
        let mut out = String::with_capacity(template.len() + 40);
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let close = rest[open..].find('}').map_or(rest.len(), |c| open + c);
            let key = &rest[open + 1..close];
            let day = days_from_civil(self.year, 1, 1) + self.rng.below(700) as i32 - 200;
            match key {
                "betrag" => {
                    let n = self.rng.range(5, 4_800) * 250;
                    out.push_str(&thousands(n));
                }
                "jahr" => write!(out, "{}", self.year - self.rng.below(4) as i32).unwrap(),
                "nr" => write!(out, "{}", self.rng.range(2, 60)).unwrap(),
                "datum" => out.push_str(&german(day)),
                "datum2" => out.push_str(&german(day + 30)),
                "obj" => out.push_str(self.rng.pick(&OBJEKTE)),
                "zusatz" => out.push_str(self.rng.pick(&ZUSAETZE)),
                _ => {}
            }
            rest = rest.get(close + 1..).unwrap_or("");
        }
        out.push_str(rest);
        out
    }

    fn sentence(&mut self) -> String {
        match self.rng.below(4) {
            0 | 1 => {
                let s = format!(
                    "{} {} {} {}.",
                    self.rng.pick(&SUBJEKTE),
                    self.rng.pick(&VERBEN),
                    self.rng.pick(&OBJEKTE),
                    self.rng.pick(&ZUSAETZE)
                );
                s
            }
            2 => {
                let t = self.rng.pick(&BEGRUENDUNGEN);
                format!("{}.", self.fill(t))
            }
            _ => {
                let t = self.rng.pick(&BESCHLUESSE);
                self.fill(t)
            }
        }
    }

    fn paragraph(&mut self, lo: usize, hi: usize) -> String {
        let n = self.rng.range(lo, hi);
        let mut p = String::new();
        for i in 0..n {
            if i > 0 {
                p.push(' ');
            }
            p.push_str(&self.sentence());
        }
        p
    }

    /// `lo..=hi` paragraphs separated by blank lines, now and then with the
    /// defects real exports carry (a paragraph of only a no-break space, a
    /// double blank).
    fn text(&mut self, lo: usize, hi: usize) -> String {
        // Short texts are more common than long ones: the smaller of two
        // draws.
        let n = self.rng.range(lo, hi).min(self.rng.range(lo, hi));
        let mut t = String::new();
        for i in 0..n {
            if i > 0 {
                t.push_str("\n\n");
                if self.rng.chance(3) {
                    t.push_str("\u{a0}\n\n");
                }
            }
            let p = self.paragraph(2, 5);
            if self.rng.chance(5) {
                t.push_str(&p.replacen(". ", ".  ", 1));
            } else {
                t.push_str(&p);
            }
        }
        t
    }
}

fn thousands(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

fn person(rng: &mut Rng) -> String {
    format!("{}, {}", rng.pick(&NACHNAMEN), rng.pick(&VORNAMEN))
}

/// Writes the archive into `out` (created if missing) and returns what it
/// wrote. Deterministic: the same config gives the same files.
pub fn generate(cfg: &Config, out: &Path) -> io::Result<Summary> {
    let mut rng = Rng::new(cfg.seed ^ cfg.vorlagen as u64);
    let cal = Calendar::new(cfg);
    let first_day = days_from_civil(cfg.first_year, 1, 2);
    let last_day = days_from_civil(cfg.first_year + cfg.years - 1, 12, 10);
    let span = (last_day - first_day) as i64;
    let quelle = format!("Ratsinformationssystem der {KOERPERSCHAFT} (synthetisch, gen-archive)");
    let mut summary = Summary::default();
    // Next TOP number per (Gremium, day, closed part).
    let mut tops: HashMap<(usize, i32, bool), u32> = HashMap::new();
    let mut per_year_count: HashMap<i32, usize> = HashMap::new();
    let mut current: Option<(i32, usize)> = None;
    let mut vorlagen: Vec<Vorlage> = Vec::new();
    let mut auszuege: Vec<Auszug> = Vec::new();
    let flush = |key: (i32, usize),
                 vorlagen: &mut Vec<Vorlage>,
                 auszuege: &mut Vec<Auszug>,
                 summary: &mut Summary|
     -> io::Result<()> {
        let dir = out.join(format!("{:04}", key.0));
        std::fs::create_dir_all(&dir)?;
        let path = dir.join(format!("vorlagen-{:04}-{:03}.json", key.0, key.1 + 1));
        let file = File {
            format: "ratsinfo-export/1",
            quelle: &quelle,
            koerperschaft: KOERPERSCHAFT,
            vorlagen: std::mem::take(vorlagen),
            auszuege: std::mem::take(auszuege),
        };
        let mut w = io::BufWriter::with_capacity(1 << 20, std::fs::File::create(&path)?);
        serde_json::to_writer_pretty(&mut w, &file)?;
        w.write_all(b"\n")?;
        w.flush()?;
        summary.bytes += std::fs::metadata(&path)?.len();
        summary.vorlagen += file.vorlagen.len();
        summary.auszuege += file.auszuege.len();
        summary.files.push(path);
        Ok(())
    };

    for i in 0..cfg.vorlagen {
        // Vorlagen are spread evenly over the years, in date order.
        let day = first_day + (span * i as i64 / cfg.vorlagen.max(1) as i64) as i32;
        let (year, _, _) = civil_from_days(day);
        let n = per_year_count.entry(year).or_insert(0);
        *n += 1;
        let seq = *n;
        let key = (year, (seq - 1) / cfg.per_file);
        if current.is_some_and(|c| c != key) {
            flush(current.unwrap(), &mut vorlagen, &mut auszuege, &mut summary)?;
        }
        current = Some(key);
        let nummer = format!("{year:04}/{seq:04}");

        let thema = rng.pick(&THEMEN);
        let art = rng.pick(&ARTEN);
        let antrag = art == "Antrag" || art == "Anfrage";
        let betreff = match rng.below(6) {
            _ if antrag => format!("{art} der {}: {thema}", rng.pick(&FRAKTIONEN)),
            0 => format!("{thema} - Sachstandsbericht {year}"),
            1 => format!("{thema}; hier: {}", rng.pick(&OBJEKTE)),
            2 => format!("{thema} - Beschluss über {}", rng.pick(&OBJEKTE)),
            _ => format!("{thema} {}", rng.pick(&ZUSAETZE)),
        };
        let closed = rng.chance(8);
        let status = if closed { "nichtöffentlich" } else { "öffentlich" };

        // Path through the Gremien: a Bezirksvertretung or a Fachausschuss,
        // perhaps the Haupt- und Finanzausschuss, perhaps the Rat.
        let mut path: Vec<usize> = Vec::new();
        let first = if rng.chance(20) {
            BEZIRKE.start + rng.below(BEZIRKE.len())
        } else {
            FACHAUSSCHUESSE[rng.below(FACHAUSSCHUESSE.len())]
        };
        match rng.below(10) {
            0..=3 => path.push(first),
            4..=7 => path.extend([first, RAT]),
            _ => path.extend([first, HFA, RAT]),
        }
        let mut beratungsfolge = Vec::new();
        let mut sessions = Vec::new();
        let mut when = day + 7 + rng.below(21) as i32;
        for (k, &g) in path.iter().enumerate() {
            let Some(s) = cal.next(g, when) else { break };
            let last = k + 1 == path.len();
            let datum = if rng.chance(3) { german(s) } else { iso(s) };
            beratungsfolge.push(Beratung {
                gremium: GREMIEN[g].0,
                datum,
                rolle: if last && !matches!(art, "Berichtsvorlage" | "Mitteilungsvorlage") {
                    "Entscheidung"
                } else if last {
                    "Kenntnisnahme"
                } else {
                    "Vorberatung"
                },
                ergebnis: if rng.chance(90) { rng.pick(&ERGEBNISSE) } else { "" },
            });
            sessions.push((g, s));
            when = s + 1;
        }

        let mut prose = Prose { rng: &mut rng, year };
        let sachverhalt = prose.text(1, 10);
        let beschlussvorschlag = if antrag { String::new() } else { prose.paragraph(1, 3) };
        let finanzielle_auswirkungen =
            if prose.rng.chance(60) { prose.paragraph(1, 2) } else { String::new() };
        let anlagen = (0..rng.below(3))
            .map(|k| Anlage {
                nr: (k + 1).to_string(),
                name: format!("Anlage {} - {}", k + 1, rng.pick(&THEMEN)),
                status: "öffentlich",
                groesse: format!("{} KB", rng.range(12, 4_000)),
                url: format!("https://ratsinfo.emschertal.example/getfile.asp?id={}", 100_000 + i * 4 + k),
            })
            .collect();
        let kvonr = 10_000 + i;
        let v = Vorlage {
            nummer: nummer.clone(),
            betreff: betreff.clone(),
            art,
            status,
            datum: iso(day),
            verfasser: if antrag { rng.pick(&FRAKTIONEN).to_owned() } else { String::new() },
            federfuehrend: rng.pick(&BEREICHE),
            bearbeiter: person(&mut rng),
            beratungsfolge,
            finanzielle_auswirkungen,
            beschlussvorschlag,
            sachverhalt,
            anlagen,
            url: format!("https://ratsinfo.emschertal.example/vo0050.asp?__kvonr={kvonr}"),
        };
        vorlagen.push(v);

        // About one Auszug per Vorlage: usually the last step, sometimes an
        // earlier one too; now and then an item without a Vorlage (reports,
        // questions) or one naming a Vorlage of before the archive.
        let mut add_auszug = |rng: &mut Rng, g: usize, s: i32, vorlage: String, titel: String| {
            let top = tops.entry((g, s, closed)).or_insert(0);
            *top += 1;
            let mut prose = Prose { rng, year };
            let beschluss = prose.paragraph(1, 2);
            let wortprotokoll = if prose.rng.chance(10) { prose.text(2, 5) } else { String::new() };
            // A session has one time and one place: every item of it says
            // the same (two times on one day are two sessions; see
            // FORMAT.md, "Identity").
            let h = ((g as u64) << 32 | s as u32 as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 20;
            let beginn_h = [9, 14, 15, 16, 17][(h % 5) as usize];
            auszuege.push(Auszug {
                gremium: GREMIEN[g].0,
                datum: if rng.chance(3) { german(s) } else { iso(s) },
                titel,
                top: format!("{} {}", if closed { "N" } else { "Ö" }, top),
                vorlage,
                beschlussart: rng.pick(&ERGEBNISSE),
                status: if closed { "nichtöffentlich" } else { "öffentlich" },
                beginn: format!("{beginn_h:02}:00"),
                ende: format!("{:02}:{:02}", beginn_h + 1 + (h / 5 % 3) as usize, (h / 15 % 12) * 5),
                anlass: "Sitzung",
                raum: RAEUME[(h / 180) as usize % RAEUME.len()],
                ort: ORTE[(h / 7) as usize % ORTE.len()],
                wortprotokoll,
                beschluss,
                url: format!(
                    "https://ratsinfo.emschertal.example/to0050.asp?__ktonr={}",
                    200_000 + i * 3 + rng.below(3)
                ),
            });
        };
        if let Some(&(g, s)) = sessions.last() {
            if rng.chance(85) {
                add_auszug(&mut rng, g, s, nummer.clone(), betreff.clone());
            }
            if sessions.len() > 1 && rng.chance(20) {
                let (g0, s0) = sessions[0];
                add_auszug(&mut rng, g0, s0, nummer.clone(), betreff.clone());
            }
            if rng.chance(4) {
                let titel = format!("Mitteilungen der Verwaltung: {}", rng.pick(&OBJEKTE));
                add_auszug(&mut rng, g, s, String::new(), titel);
            }
            if rng.chance(1) {
                let old = format!("{:04}/{:04}", cfg.first_year - 1 - rng.below(5) as i32, rng.range(1, 999));
                let titel = format!("Anfrage zu Vorlage {old}: {}", rng.pick(&THEMEN));
                add_auszug(&mut rng, g, s, old, titel);
            }
        }
    }
    if let Some(key) = current {
        flush(key, &mut vorlagen, &mut auszuege, &mut summary)?;
    }
    summary.sitzungen = tops.keys().map(|&(g, s, _)| (g, s)).collect::<std::collections::HashSet<_>>().len();
    Ok(summary)
}

/// Total size of the `*.json` files under `dir`, or None when there are none.
pub fn archive_bytes(dir: &Path) -> Option<u64> {
    fn walk(dir: &Path, total: &mut u64, n: &mut usize) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, total, n);
            } else if p.extension().is_some_and(|x| x == "json") {
                *total += e.metadata().map_or(0, |m| m.len());
                *n += 1;
            }
        }
    }
    let (mut total, mut n) = (0, 0);
    walk(dir, &mut total, &mut n);
    (n > 0).then_some(total)
}
