//! Writes a synthetic OParl archive of realistic shape, for measuring how
//! fast the loader is on a city's full archive without downloading one:
//!
//!     cargo run --release --example gen-oparl -- --papers 15000 --meetings 3000 OUT_DIR
//!
//! The layout is that of the mirror tools (and of sample-data/karlsruhe):
//! `meetings/<n>.json` with embedded agenda items, `papers/<n>.json` with
//! embedded consultations and a main file with extracted text, an
//! `organizations.json` array and a `body.json`. Keys are sorted, so `type`
//! comes last, as in those mirrors. The output depends only on the arguments.
//!
//! It holds the patterns real councils have (tests/fixtures/karlsruhe-quirks):
//! every 50th meeting falls on the day of its committee's previous one (a
//! Sondersitzung after the regular session); every 20th meeting votes on
//! three amendments under one TOP with one title and three results; every
//! 100th paper amends the one before and shares its reference; every 25th
//! paper has a consultation not yet scheduled (`meeting: null`). Meetings
//! carry an invitation, minutes and an attachment, some agenda items a
//! resolution file.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde_json::{Value, json};

const BASE: &str = "https://ris.example.org/oparl/bodies/1";
const T: &str = "https://schema.oparl.org/1.1/";

#[path = "support/rng.rs"]
mod rng;

use rng::Rng;

const COMMITTEES: [&str; 12] = [
    "Gemeinderat",
    "Haupt- und Finanzausschuss",
    "Ausschuss für Planung und Bauen",
    "Ausschuss für Umwelt und Klima",
    "Jugendhilfeausschuss",
    "Sozialausschuss",
    "Kulturausschuss",
    "Schulausschuss",
    "Sportausschuss",
    "Verkehrsausschuss",
    "Ortschaftsrat Nord",
    "Ortschaftsrat Süd",
];

const DEPARTMENTS: [&str; 10] = [
    "Hauptamt",
    "Stadtkämmerei",
    "Stadtplanungsamt",
    "Tiefbauamt",
    "Umweltamt",
    "Sozial- und Jugendbehörde",
    "Kulturamt",
    "Schul- und Sportamt",
    "Ordnungs- und Bürgeramt",
    "Amt für Hochbau und Gebäudewirtschaft",
];

const PAPER_TYPES: [&str; 5] =
    ["Beschlussvorlage", "Antrag", "Anfrage", "Informationsvorlage", "Änderungsantrag"];
const ROLES: [&str; 4] = ["Vorberatung", "Entscheidung", "Kenntnisnahme", "Anhörung"];
const RESULTS: [&str; 6] = [
    "einstimmig beschlossen",
    "mehrheitlich zugestimmt",
    "Kenntnisnahme",
    "verwiesen in den Gemeinderat",
    "vertagt",
    "abgelehnt",
];
const WORDS: [&str; 24] = [
    "Stadt",
    "Verwaltung",
    "Gemeinderat",
    "beschließt",
    "Haushalt",
    "Maßnahme",
    "Förderung",
    "Sanierung",
    "Grundstück",
    "Bebauungsplan",
    "öffentlichen",
    "Verkehr",
    "Schule",
    "Kosten",
    "Euro",
    "Jahr",
    "Umsetzung",
    "Beteiligung",
    "Bürgerinnen",
    "Bürger",
    "Quartier",
    "wird",
    "die",
    "der",
];

/// A few KB of extracted document text: paragraphs of plausible words.
fn text(rng: &mut Rng, bytes: usize) -> String {
    let mut s = String::with_capacity(bytes + 64);
    while s.len() < bytes {
        for _ in 0..rng.range(20, 60) {
            s.push_str(rng.pick(&WORDS));
            s.push(' ');
        }
        s.pop();
        s.push_str(".\n\n");
    }
    s.truncate(s.trim_end().len());
    s
}

fn file(id: usize, name: &str, text: Option<String>, rng: &mut Rng) -> Value {
    let mut f = json!({
        "id": format!("{BASE}/files/{id}"),
        "type": format!("{T}File"),
        "name": name,
        "fileName": format!("{id:08}.pdf"),
        "mimeType": "application/pdf",
        "date": "2024-11-12",
        "size": rng.range(20_000, 900_000),
        "accessUrl": format!("{BASE}/downloadfiles/a/{id:08}.pdf"),
        "downloadUrl": format!("{BASE}/downloadfiles/{id:08}.pdf"),
        "created": "2024-11-12T10:31:02+01:00",
        "modified": "2025-03-03T13:33:42+01:00",
    });
    if let Some(t) = text {
        f["text"] = Value::String(t);
    }
    f
}

/// One consultation of a paper: which meeting, and the agenda item there.
struct Consultation {
    id: usize,
    meeting: usize,
    item: usize,
    role: &'static str,
}

/// An agenda item of a meeting; `paper` is None for items like "Anfragen".
struct Item {
    id: usize,
    consultation: Option<usize>,
    title: String,
}

fn organizations() -> Value {
    let committees = COMMITTEES.iter().enumerate().map(|(i, name)| (format!("gr/{}", 100 + i), *name));
    let departments = DEPARTMENTS.iter().enumerate().map(|(i, name)| (format!("at/{}", 500 + i), *name));
    let list: Vec<Value> = committees
        .chain(departments)
        .map(|(path, name)| {
            json!({
                "id": format!("{BASE}/organizations/{path}"),
                "type": format!("{T}Organization"),
                "body": BASE,
                "name": name,
                "created": "2016-10-12T09:08:36+02:00",
                "modified": "2021-03-24T11:20:59+01:00",
            })
        })
        .collect();
    Value::Array(list)
}

/// The day of meeting `m`: its own, but every 50th meeting falls on the
/// day of its committee's previous meeting (the same committee: 12 apart).
fn day_of(m: usize) -> (usize, usize, usize) {
    let m = if m % 50 == 49 && m >= COMMITTEES.len() { m - COMMITTEES.len() } else { m };
    (2010 + m / 336, 1 + m % 336 / 28, 1 + m % 28)
}

fn meeting(m: usize, items: &[Item], rng: &mut Rng) -> Value {
    let committee = m % COMMITTEES.len();
    let (year, month, day) = day_of(m);
    let second = m % 50 == 49 && m >= COMMITTEES.len();
    // The second meeting of a day starts after the first has ended.
    let start = if second { 19 } else { rng.range(14, 15) };
    let mut items: Vec<&Item> = items.iter().collect();
    let amendments: Vec<Item> = (0..3)
        .map(|k| Item {
            id: 50_000_000 + m * 3 + k,
            consultation: None,
            title: "Änderungsantrag der Fraktionen".into(),
        })
        .collect();
    if m % 20 == 7 {
        items.extend(&amendments);
    }
    let agenda: Vec<Value> = items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            // The amendments share one TOP: they are voted on one by one.
            let i = if item.id >= 50_000_000 { items.len() - 3 } else { i };
            let mut a = json!({
                "id": format!("{BASE}/agendaitems/{}", item.id),
                "type": format!("{T}AgendaItem"),
                "meeting": format!("{BASE}/meetings/{m}"),
                "number": format!("{}", i + 1),
                "order": 100_001 + i,
                "public": rng.range(0, 9) > 0,
                "name": item.title,
                "result": rng.pick(&RESULTS),
                "created": "2024-12-10T10:49:30+01:00",
                "modified": "2025-03-03T13:33:42+01:00",
            });
            if let Some(c) = item.consultation {
                a["consultation"] = Value::String(format!("{BASE}/consultations/{c}"));
            }
            if item.id % 10 == 3 {
                a["resolutionFile"] = file(20_000_000 + item.id, "Beschluss", None, rng);
            }
            a
        })
        .collect();
    let name = if second {
        format!("{} - Sondersitzung (öffentlich)", COMMITTEES[committee])
    } else {
        format!("{} (öffentlich/nicht öffentlich)", COMMITTEES[committee])
    };
    json!({
        "id": format!("{BASE}/meetings/{m}"),
        "type": format!("{T}Meeting"),
        "name": name,
        "start": format!("{year}-{month:02}-{day:02}T{start}:00:00+01:00"),
        "end": format!("{year}-{month:02}-{day:02}T{}:30:00+01:00", start + 3),
        "organization": [format!("{BASE}/organizations/gr/{}", 100 + committee)],
        "location": {
            "id": format!("{BASE}/locations/si/{m}"),
            "type": format!("{T}Location"),
            "description": "Bürgersaal, Rathaus am Marktplatz",
        },
        "invitation": file(10_000_000 + m, "Tagesordnung (öffentlich)", None, rng),
        "resultsProtocol": file(11_000_000 + m, "Ergebnisprotokoll", None, rng),
        "auxiliaryFile": [file(12_000_000 + m, "Präsentation der Verwaltung", None, rng)],
        "agendaItem": agenda,
        "created": "2024-10-16T13:40:37+02:00",
        "modified": "2025-03-13T14:40:25+01:00",
    })
}

fn paper(p: usize, consultations: &[Consultation], rng: &mut Rng) -> Value {
    let year = 2010 + p * 16 / 15_000 % 16;
    let length = rng.range(500, 2_500);
    let main_text = text(rng, length);
    let aux: Vec<Value> =
        (0..rng.range(0, 2)).map(|i| file(p * 10 + i + 1, &format!("Anlage {}", i + 1), None, rng)).collect();
    let mut consultation: Vec<Value> = consultations
        .iter()
        .map(|c| {
            json!({
                "id": format!("{BASE}/consultations/{}", c.id),
                "type": format!("{T}Consultation"),
                "paper": format!("{BASE}/papers/{p}"),
                "meeting": format!("{BASE}/meetings/{}", c.meeting),
                "agendaItem": format!("{BASE}/agendaitems/{}", c.item),
                "organization": [format!("{BASE}/organizations/gr/{}", 100 + c.meeting % COMMITTEES.len())],
                "role": c.role,
                "authoritative": c.role == "Entscheidung",
                "created": "2024-12-17T10:41:39+01:00",
                "modified": "2025-03-03T13:33:42+01:00",
            })
        })
        .collect();
    if p % 25 == 24 {
        // Planned in a committee, not yet scheduled.
        consultation.push(json!({
            "id": format!("{BASE}/consultations/planned/{p}"),
            "type": format!("{T}Consultation"),
            "paper": format!("{BASE}/papers/{p}"),
            "meeting": null,
            "organization": [format!("{BASE}/organizations/gr/{}", 100 + p % COMMITTEES.len())],
            "role": "Entscheidung",
        }));
    }
    // Every 100th paper amends the one before and carries its reference.
    let amends = p % 100 == 99;
    let reference = if amends { reference(p - 1) } else { reference(p) };
    let mut paper = json!({
        "id": format!("{BASE}/papers/{p}"),
        "type": format!("{T}Paper"),
        "body": BASE,
        "name": title(p),
        "reference": reference,
        "date": format!("{year}-{:02}-{:02}", 1 + p % 12, 1 + p % 28),
        "paperType": rng.pick(&PAPER_TYPES),
        "underDirectionOf": [format!("{BASE}/organizations/at/{}", 500 + p % DEPARTMENTS.len())],
        "mainFile": file(p * 10, "Vorlage", Some(main_text), rng),
        "auxiliaryFile": aux,
        "consultation": consultation,
        "created": "2024-12-03T13:04:21+01:00",
        "modified": "2025-07-22T18:29:25+02:00",
    });
    if amends {
        paper["superordinatedPaper"] = json!([format!("{BASE}/papers/{}", p - 1)]);
    }
    if p % 100 == 98 {
        paper["subordinatedPaper"] = json!([format!("{BASE}/papers/{}", p + 1)]);
    }
    paper
}

fn reference(p: usize) -> String {
    format!("{}/{p:05}", 2010 + p * 16 / 15_000 % 16)
}

fn title(p: usize) -> String {
    let topics =
        ["Sanierung der Grundschule", "Bebauungsplan", "Radweg", "Haushaltssatzung", "Förderprogramm"];
    format!("{} Nr. {p}", topics[p % topics.len()])
}

fn write(path: &Path, value: &Value) -> std::io::Result<()> {
    std::fs::write(path, serde_json::to_vec_pretty(value).map_err(std::io::Error::other)?)
}

/// Decides which meetings discuss which paper, so that both sides agree.
fn plan(papers: usize, meetings: usize, rng: &mut Rng) -> (Vec<Vec<Consultation>>, Vec<Vec<Item>>) {
    let mut agenda: Vec<Vec<Item>> = (0..meetings).map(|_| Vec::new()).collect();
    let mut consultations = Vec::with_capacity(papers);
    let mut next_id = 1;
    for p in 0..papers {
        let first = rng.range(0, meetings - 1);
        let list: Vec<Consultation> = (0..rng.range(1, 3))
            .map(|i| {
                let meeting = (first + i * 7) % meetings;
                let (id, item) = (next_id, next_id);
                next_id += 1;
                agenda[meeting].push(Item { id: item, consultation: Some(id), title: title(p) });
                Consultation { id, meeting, item, role: ROLES[(p + i) % ROLES.len()] }
            })
            .collect();
        consultations.push(list);
    }
    for items in &mut agenda {
        for title in ["Anfragen", "Mitteilungen der Verwaltung"] {
            items.push(Item { id: next_id, consultation: None, title: title.to_owned() });
            next_id += 1;
        }
    }
    (consultations, agenda)
}

fn generate(papers: usize, meetings: usize, out: &Path) -> std::io::Result<()> {
    let mut rng = Rng::new(1);
    let (consultations, agenda) = plan(papers, meetings, &mut rng);
    std::fs::create_dir_all(out.join("meetings"))?;
    std::fs::create_dir_all(out.join("papers"))?;
    write(&out.join("body.json"), &json!({"id": BASE, "type": format!("{T}Body"), "name": "Beispielstadt"}))?;
    write(&out.join("organizations.json"), &organizations())?;
    for (m, items) in agenda.iter().enumerate() {
        write(&out.join(format!("meetings/{m}.json")), &meeting(m, items, &mut rng))?;
    }
    for (p, list) in consultations.iter().enumerate() {
        write(&out.join(format!("papers/{p}.json")), &paper(p, list, &mut rng))?;
    }
    Ok(())
}

fn usage() -> ExitCode {
    eprintln!("Aufruf: gen-oparl [--papers N] [--meetings N] AUSGABEVERZEICHNIS");
    ExitCode::FAILURE
}

fn main() -> ExitCode {
    let (mut papers, mut meetings, mut out) = (15_000, 3_000, None::<PathBuf>);
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let number = |v: Option<String>| v.and_then(|v| v.parse::<usize>().ok()).filter(|&n| n > 0);
        match arg.as_str() {
            "--papers" => match number(args.next()) {
                Some(n) => papers = n,
                None => return usage(),
            },
            "--meetings" => match number(args.next()) {
                Some(n) => meetings = n,
                None => return usage(),
            },
            _ if out.is_none() && !arg.starts_with('-') => out = Some(PathBuf::from(arg)),
            _ => return usage(),
        }
    }
    let Some(out) = out else { return usage() };
    match generate(papers, meetings, &out) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{}: {e}", out.display());
            ExitCode::FAILURE
        }
    }
}
