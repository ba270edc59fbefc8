//! Tried as a new user would: sync a city from the local test server with
//! `--files all`, then read a document's text and find a phrase that stands
//! only inside a PDF. Nothing leaves 127.0.0.1; HOME and the XDG folders
//! point into a temporary folder.

mod common;
mod isolated;
#[path = "../examples/support/oparl_server/mod.rs"]
mod oparl_server;

use std::path::PathBuf;
use std::process::{Output, Stdio};
use std::sync::Arc;

use oparl_server::{City, CityConfig, FileRole, ObjectId, OparlServer, Quirks};
use ratsinfo::model::RecordId;
use ratsinfo::tree::Node;
use serde_json::Value;

fn ratsinfo(args: &[&str]) -> Output {
    let mut c = isolated::ratsinfo();
    c.args(args).stdin(Stdio::null());
    for v in ["http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "ALL_PROXY", "all_proxy"] {
        c.env_remove(v);
    }
    c.output().unwrap()
}

fn text(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn a_phrase_only_in_a_pdf_is_found_and_read_after_sync_with_files() {
    let config = CityConfig {
        papers: 12,
        meetings: 3,
        persons: 4,
        committees: 2,
        now: Some(1_741_003_200),
        ..CityConfig::default()
    };
    let s = OparlServer::start(City::generate(&config), Quirks::default());
    let dir: PathBuf = std::env::temp_dir().join(format!("ratsinfo-documents-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let out = ratsinfo(&[
        "sync",
        &s.system_url(),
        "--dir",
        dir.to_str().unwrap(),
        "--json",
        "--delay",
        "0",
        "--files",
        "all",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let summary: Value = serde_json::from_str(text(&out).trim()).unwrap();
    let files = summary["files"].as_u64().unwrap();
    assert!(files > 0, "{summary}");
    assert_eq!(summary["texts"].as_u64(), Some(files), "every PDF read as it came: {summary}");

    // A paper's attachment: the server gives no text for it, its PDF has
    // a phrase that stands nowhere else.
    let (file, paper) = s.city(|c| {
        let (i, f) = c
            .files
            .iter()
            .enumerate()
            .find(|(_, f)| f.role == FileRole::PaperAuxiliary)
            .expect("a paper with an attachment");
        (ObjectId::file(i as u32 + 1), f.owner)
    });
    let phrase = s.file_phrase(file);
    let paper_url = s.url(paper);
    let body: Vec<PathBuf> = std::fs::read_dir(&dir).unwrap().flatten().map(|e| e.path()).collect();
    let texts: Vec<_> = std::fs::read_dir(body[0].join("texts")).unwrap().flatten().collect();
    assert_eq!(texts.len() as u64, files);

    // Found by the full-text search, in its section.
    let quoted = format!("\"{phrase}\"");
    let out = ratsinfo(&["search", "--text", "--json", &quoted, dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}{}", text(&out), String::from_utf8_lossy(&out.stderr));
    let hits: Vec<Value> = text(&out).lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0]["key"], format!("oparl|{paper_url}"));
    assert!(hits[0]["section"].as_str().unwrap().starts_with("Anlage 1"), "{}", hits[0]);
    assert!(hits[0]["snippet"].as_str().unwrap().contains(&phrase), "{}", hits[0]);

    // Read: show --documents prints the PDF's text after the record's own.
    let out = ratsinfo(&["show", &paper_url, dir.to_str().unwrap(), "--documents", "--width", "200"]);
    assert_eq!(out.status.code(), Some(0));
    let shown = text(&out);
    assert!(shown.contains(&phrase), "{shown}");
    assert!(shown.contains("(Text)"), "{shown}");
    // Without --documents, the phrase is not shown: it stands only in the PDF.
    let out = ratsinfo(&["show", &paper_url, dir.to_str().unwrap()]);
    assert!(!text(&out).contains(&phrase));

    // Open in the UI (`ratsinfo DIR`): the reader shows the PDF's text
    // after the paper's own, under the document's heading.
    let paths = vec![dir.clone()];
    let archive = ratsinfo::pipeline::load_paths(&paths, &Arc::new(ratsinfo::pipeline::Progress::default()));
    let mut h = common::Harness::with_setup(archive, 100, 30, |app| {
        app.docs.library = Arc::new(ratsinfo::doctext::Library::discover(&paths));
        app.docs.extractor = Some(ratsinfo::doctext::Extractor::new(env!("CARGO_BIN_EXE_ratsinfo")));
    });
    let d = h.app.data.as_ref().unwrap();
    let Some(RecordId::Vorlage(v)) = d.archive.find_id(&paper_url) else { panic!("{paper_url} not loaded") };
    h.app.reveal(Node::Vorlage(v));
    h.pump();
    h.app.reader.reach(usize::MAX - 1);
    let read: Vec<String> =
        h.app.reader.lines().iter().map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect()).collect();
    let heading = read.iter().position(|l| l.starts_with("Anlage 1: ")).unwrap_or_else(|| panic!("{read:?}"));
    let found = read.iter().position(|l| l.contains(&phrase)).unwrap_or_else(|| panic!("{read:?}"));
    assert!(heading < found, "{read:?}");

    // A second sync reads no PDF again.
    let out = ratsinfo(&["sync", "--dir", dir.to_str().unwrap(), "--json", "--delay", "0", "--files", "all"]);
    let summary: Value = serde_json::from_str(text(&out).trim()).unwrap();
    assert_eq!(summary["texts"], 0, "{summary}");

    // A document that is damaged on disk: a clear note, and show goes on.
    let pdf = std::fs::read_dir(body[0].join("files"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| {
            p.extension().is_some_and(|e| e == "pdf")
                && std::fs::read(p).unwrap().windows(phrase.len()).any(|w| w == phrase.as_bytes())
        })
        .unwrap();
    std::fs::write(&pdf, b"%PDF-1.4 abgeschnitten").unwrap();
    let out = ratsinfo(&["show", &paper_url, dir.to_str().unwrap(), "--documents"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out).contains("nicht lesbar: das PDF ist beschädigt"), "{}", text(&out));
    std::fs::remove_dir_all(&dir).unwrap();
}
