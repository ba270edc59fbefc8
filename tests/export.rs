//! `ratsinfo show --format md|json`: the records of the sample as Markdown
//! with the structure a reader expects (checked by parsing it with a real
//! CommonMark parser), hostile data that stays text, JSON that parses.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::TempDir;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use serde_json::Value;

fn run(args: &[&str]) -> Output {
    let tmp = std::env::temp_dir();
    Command::new(env!("CARGO_BIN_EXE_ratsinfo"))
        .args(args)
        .env("HOME", &tmp)
        .env("XDG_DATA_HOME", tmp.join("ratsinfo-export-test-none"))
        .env("XDG_CONFIG_HOME", tmp.join("ratsinfo-export-test-none"))
        .output()
        .expect("running ratsinfo")
}

fn stdout(o: &Output) -> String {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout.clone()).expect("UTF-8")
}

fn herne() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/herne.json").display().to_string()
}

/// What a reader of the rendered Markdown sees, one line per element:
/// `H1 text`, `LI text`, `TH a ¦ b`, `TR a ¦ b` (cells), `P text`, `A url text`.
fn outline(md: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut text = String::new();
    let mut cells: Vec<String> = Vec::new();
    let mut links: Vec<String> = Vec::new();
    let mut in_item = 0usize;
    for ev in Parser::new_ext(md, Options::ENABLE_TABLES) {
        match ev {
            Event::Start(Tag::Item) => {
                in_item += 1;
                text.clear();
            }
            Event::End(TagEnd::Item) => {
                in_item -= 1;
                out.push(format!("LI {}", text.trim()));
                out.append(&mut links);
                text.clear();
            }
            Event::Start(Tag::Link { dest_url, .. }) => links.push(format!("A {dest_url}")),
            Event::Start(Tag::TableHead | Tag::TableRow) => cells.clear(),
            Event::End(TagEnd::TableCell) => {
                cells.push(text.trim().to_owned());
                text.clear();
            }
            Event::End(TagEnd::TableHead) => out.push(format!("TH {}", cells.join(" ¦ "))),
            Event::End(TagEnd::TableRow) => out.push(format!("TR {}", cells.join(" ¦ "))),
            Event::End(TagEnd::Heading(level)) => {
                out.push(format!("H{} {}", level as usize, text.trim()));
                text.clear();
            }
            Event::End(TagEnd::Paragraph) if in_item == 0 => {
                out.push(format!("P {}", text.trim()));
                out.append(&mut links);
                text.clear();
            }
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push('\n'),
            Event::Html(h) | Event::InlineHtml(h) => out.push(format!("HTML {h}")),
            _ => {}
        }
    }
    out
}

#[test]
fn a_vorlage_of_the_seeds_as_markdown() {
    let md = stdout(&run(&["show", "2021/0832", &herne(), "--format", "md"]));
    let o = outline(&md);
    let expected_start = [
        "H1 Antrag: Prüfauftrag zur Umsetzung der Doppelstrategie \"Chancen bieten - Grenzen setzen\"",
        "LI Nummer: 2021/0832",
        "LI Art: Antrag-Formular",
        "LI Status: öffentlich",
        "LI Verfasser: CDU-Fraktion und SPD Fraktion",
        "LI Federführend: Bereich 10 - Büro Oberbürgermeister",
        "LI Bearbeiter: Gresch, Norbert",
        "H2 Beratungsfolge",
        "TH Datum ¦ Gremium ¦ Rolle ¦ Ergebnis",
        "TR 07.09.2021 ¦ Rat der Stadt ¦ Entscheidung ¦ des Rates der Stadt geändert beschlossen",
        "H2 Beschlussvorschlag",
        "P Die Fraktionen von CDU und SPD beauftragen die Verwaltung, die Einführung und Umsetzung der Doppelstrategie",
        "P „Chancen bieten - Grenzen setzen“",
    ];
    assert_eq!(o[..expected_start.len()], expected_start, "{md}");
    let headings: Vec<&str> = o.iter().filter(|l| l.starts_with('H')).map(String::as_str).collect();
    assert_eq!(
        headings,
        [
            "H1 Antrag: Prüfauftrag zur Umsetzung der Doppelstrategie \"Chancen bieten - Grenzen setzen\"",
            "H2 Beratungsfolge",
            "H2 Beschlussvorschlag",
            "H2 Sachverhalt",
            "H2 Anlagen"
        ]
    );
    assert_eq!(
        o.last().unwrap(),
        "LI Anlage 1: 210907 Prüfauftrag CDU_SPD - Chancen bieten - Grenzen setzen (101 KB, öffentlich)"
    );
    assert!(!o.iter().any(|l| l.starts_with("HTML")));
}

#[test]
fn every_record_of_the_seeds_exports_and_documents_become_links() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/karlsruhe").display().to_string();
    let md = stdout(&run(&["show", "2024/1088", &data, "--format", "md"]));
    let o = outline(&md);
    assert!(
        o.windows(2).any(|w| w[0].starts_with("LI Anlage 1: GR Beschlussvorlage VBK (PDF, 31.10.2024)")
            && w[1] == "A https://web1.karlsruhe.de/oparl/bodies/0001/downloadfiles/a/00662276.pdf"),
        "{md}"
    );
    // A session: its agenda as a table.
    let md = stdout(&run(&[
        "show",
        "https://web1.karlsruhe.de/oparl/bodies/0001/meetings/10033",
        &data,
        "--format",
        "md",
    ]));
    let o = outline(&md);
    assert!(o.contains(&"TH TOP ¦ Nummer ¦ Betreff ¦ Ergebnis".to_owned()), "{md}");
    assert!(
        o.contains(
            &"TR Ö 5 ¦ 2024/1393 ¦ Annahme des Angebots von Zuwendungen ¦ einstimmig zugestimmt".to_owned()
        ),
        "{md}"
    );
    // Every Vorlage of Herne, as Markdown and as JSON.
    let sample: Value = serde_json::from_slice(&std::fs::read(herne()).unwrap()).unwrap();
    for v in sample["vorlagen"].as_array().unwrap() {
        let nummer = v["nummer"].as_str().unwrap();
        let md = stdout(&run(&["show", nummer, &herne(), "--format", "md"]));
        assert_eq!(outline(&md).iter().filter(|l| l.starts_with("H1 ")).count(), 1, "{md}");
        let json: Value =
            serde_json::from_str(&stdout(&run(&["show", nummer, &herne(), "--format", "json"]))).unwrap();
        let r = &json[0];
        assert_eq!(r["kind"], "vorlage");
        assert_eq!(r["key"], format!("vorlage|Stadt Herne|{nummer}"));
        assert_eq!(r["nummer"], nummer);
        assert_eq!(r["betreff"], v["betreff"]);
        assert_eq!(
            r["beratungsfolge"].as_array().map_or(0, Vec::len),
            v["beratungsfolge"].as_array().map_or(0, Vec::len)
        );
        assert_eq!(
            r["sachverhalt"].as_str().is_some(),
            v["sachverhalt"].as_str().is_some_and(|s| !s.is_empty())
        );
    }
}

#[test]
fn json_has_the_records_fields_documents_and_key() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/karlsruhe").display().to_string();
    let out = stdout(&run(&["show", "2024/1088", &data, "--format", "json"]));
    let json: Value = serde_json::from_str(&out).unwrap();
    let r = &json[0];
    assert_eq!(r["key"], "oparl|https://web1.karlsruhe.de/oparl/bodies/0001/papers/vo/51028");
    assert_eq!(r["dokumente"][0]["name"], "GR Beschlussvorlage VBK");
    assert_eq!(r["dokumente"][0]["mime"], "application/pdf");
    assert_eq!(r["beratungsfolge"][1]["gremium"], "Gemeinderat");
    assert!(r["beratungsfolge"][1]["sitzung"].as_str().unwrap().starts_with("oparl|https://"));
    // Kind and key first: a reader of the file sees what it is.
    assert!(out.find("\"kind\"").unwrap() < out.find("\"betreff\"").unwrap());
    // Nothing found: an empty list and exit 1.
    let o = run(&["show", "1999/0001", &data, "--format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&o.stdout).trim(), "[]");
}

#[test]
fn markup_in_the_data_stays_text() {
    let tmp = TempDir::new("export-hostile");
    let file = tmp.write(
        "boese.json",
        r###"{"format": "ratsinfo-export/1", "koerperschaft": "Stadt Test", "vorlagen": [{
            "nummer": "2024/0001",
            "betreff": "# 1. <script>alert(1)</script> [klick](javascript:alert(1)) *fett* | Rohr",
            "verfasser": "- Liste\u001b[31m rot",
            "beratungsfolge": [{"gremium": "Rat | Ausschuss", "datum": "2024-01-02", "ergebnis": "a|b"}],
            "sachverhalt": "## keine Überschrift\n1. keine Liste\n> kein Zitat\n    kein Code\n\n---\n\n&auml; bleibt &auml;",
            "anlagen": [{"name": "Plan ](x)", "url": "https://x.de/a b.pdf"}, {"name": "Skript", "url": "javascript:alert(1)"}]
        }]}"###,
    );
    let md = stdout(&run(&["show", "2024/0001", file.to_str().unwrap(), "--format", "md"]));
    assert!(!md.chars().any(|c| c.is_control() && c != '\n'), "{md:?}");
    let o = outline(&md);
    assert_eq!(o[0], "H1 # 1. <script>alert(1)</script> [klick](javascript:alert(1)) *fett* | Rohr", "{md}");
    assert_eq!(o[1], "LI Nummer: 2024/0001");
    assert_eq!(o[2], "LI Verfasser: - Liste␛[31m rot");
    // One row of four cells; the `|` in the data stay in their cells.
    let rows: Vec<&String> = o.iter().filter(|l| l.starts_with("TR ")).collect();
    assert_eq!(rows, ["TR 02.01.2024 ¦ Rat | Ausschuss ¦  ¦ a|b"], "{o:#?}");
    let headings: Vec<&String> = o.iter().filter(|l| l.starts_with('H')).collect();
    assert_eq!(headings.iter().filter(|h| h.starts_with("H1")).count(), 1, "{o:#?}");
    assert!(
        o.contains(&"P ## keine Überschrift\n1. keine Liste\n> kein Zitat\nkein Code".to_owned()),
        "{o:#?}"
    );
    assert!(o.contains(&"P ---".to_owned()), "{o:#?}");
    assert!(o.contains(&"P &auml; bleibt &auml;".to_owned()), "{o:#?}");
    // Only the web address became a link.
    let links: Vec<&String> = o.iter().filter(|l| l.starts_with("A ")).collect();
    assert_eq!(links, ["A https://x.de/a%20b.pdf"], "{o:#?}");
    assert!(!o.iter().any(|l| l.starts_with("HTML")), "{o:#?}");
}
