//! Documents in the UI (issue 15): the reader shows the text of a
//! downloaded PDF after the record's own, extracted on a worker while the
//! UI goes on, and searchable with n/N; `o` opens a document with the
//! system's opener where a graphical session is (here: a stand-in that
//! writes down what it was given), else shows its link to click and copy.
//! Only a path inside the archive or a checked http(s) URL ever leaves.

mod common;
#[path = "../examples/support/oparl_server/pdf.rs"]
#[allow(dead_code)]
mod pdf;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use base64::Engine;
use common::{Harness, TempDir};
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent};
use ratatui::style::Modifier;
use ratsinfo::doctext::{Extractor, Library};
use ratsinfo::model::RecordId;
use ratsinfo::strings::{self, Sprache};
use ratsinfo::tree::Node;
use ratsinfo::ui::app::{Msg, Request};

const T: &str = "https://schema.oparl.org/1.1/";
const PAPER: &str = "https://ris.example.org/oparl/paper/1";
const MAIN_URL: &str = "https://ris.example.org/dokumente/vorlage-2025-0001.pdf";
const GUTACHTEN_URL: &str = "https://ris.example.org/dokumente/gutachten.pdf";
/// What stands only in the Gutachten's PDF, on its last page.
const PHRASE: &str = "Aktenzeichen KOMPOST-4711";

/// A body folder as `ratsinfo sync --files all` leaves it: the paper, its
/// files' log, the downloaded Gutachten (and a file that is a link to one
/// outside the archive); no texts extracted yet.
fn archive(dir: &Path) -> PathBuf {
    let body = dir.join("stadt-beispiel");
    let files = body.join("files");
    std::fs::create_dir_all(&files).unwrap();
    let paper = serde_json::json!({
        "id": PAPER, "type": format!("{T}Paper"), "reference": "2025/0001",
        "name": "Kompostierungsanlage am Wiesengrund", "paperType": "Beschlussvorlage",
        "mainFile": {"id": "https://ris.example.org/oparl/file/1", "name": "Vorlage 2025/0001",
            "accessUrl": MAIN_URL, "mimeType": "application/pdf",
            "text": "Die Verwaltung schlägt vor, die Kompostierungsanlage zu erweitern."},
        "auxiliaryFile": [
            {"id": "https://ris.example.org/oparl/file/2", "name": "Gutachten.pdf",
             "accessUrl": GUTACHTEN_URL, "mimeType": "application/pdf"},
            {"id": "https://ris.example.org/oparl/file/3", "name": "Feindlich",
             "accessUrl": "javascript:alert(1)", "mimeType": "application/pdf"},
            {"id": "https://ris.example.org/oparl/file/4", "name": "Verlinkt.pdf",
             "accessUrl": "https://ris.example.org/dokumente/verlinkt.pdf", "mimeType": "application/pdf"},
        ],
    });
    std::fs::write(body.join("papers.json"), serde_json::to_vec_pretty(&[paper]).unwrap()).unwrap();
    // Pages of filler, then the phrase: n has to go a long way down.
    let filler = "Das Gutachten prüft Lärm, Geruch und Verkehr am Standort. ".repeat(6);
    let text = format!(
        "Gutachten zur Erweiterung\n{}\nDie Kompostierungsanlage ist genehmigungsfähig.\n{PHRASE}",
        vec![filler; 40].join("\n")
    );
    std::fs::write(files.join("abc-gutachten.pdf"), pdf::pdf(&text)).unwrap();
    let outside = dir.join("ausserhalb.pdf");
    std::fs::write(&outside, pdf::pdf("Außerhalb des Archivs")).unwrap();
    std::os::unix::fs::symlink(&outside, files.join("def-verlinkt.pdf")).unwrap();
    let log = |id: u32, name: &str| {
        format!(
            "{{\"id\":\"https://ris.example.org/oparl/file/{id}\",\"name\":\"{name}\",\"size\":1,\"modified\":null,\"etag\":null,\"last_modified\":null}}\n"
        )
    };
    let log = log(2, "abc-gutachten.pdf") + &log(4, "def-verlinkt.pdf");
    std::fs::write(files.join("ratsinfo-files.log"), log).unwrap();
    body
}

fn extractor() -> Extractor {
    Extractor::new(env!("CARGO_BIN_EXE_ratsinfo"))
}

/// The UI on the archive in `dir`, as `ratsinfo DIR` opens it; `setup`
/// may change the app further (a graphical session, an opener).
fn harness(dir: &Path, setup: impl FnOnce(&mut ratsinfo::ui::app::App)) -> Harness {
    let progress = Arc::new(ratsinfo::pipeline::Progress::default());
    let paths = vec![dir.to_path_buf()];
    let archive = ratsinfo::pipeline::load_paths(&paths, &progress);
    Harness::with_setup(archive, 100, 30, |app| {
        app.docs.library = Arc::new(Library::discover(&paths));
        app.docs.extractor = Some(extractor());
        app.config.read_delay_ms = 600_000;
        setup(app);
    })
}

fn open_paper(h: &mut Harness) {
    let d = h.app.data.as_ref().unwrap();
    let Some(RecordId::Vorlage(v)) = d.archive.find_id(PAPER) else { panic!("the paper is not loaded") };
    h.app.reveal(Node::Vorlage(v));
    h.pump();
    assert!(h.app.reader.doc.title.starts_with("2025/0001"), "{}", h.screen());
}

/// Every line of the reader's document, laid out to the end.
fn all_lines(h: &mut Harness) -> Vec<String> {
    h.app.reader.reach(usize::MAX - 1);
    h.app.reader.lines().iter().map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect()).collect()
}

#[test]
fn the_reader_shows_a_downloaded_pdfs_text_after_the_records_own() {
    let dir = TempDir::new("doc-reader");
    let body = archive(dir.path());
    let mut h = harness(dir.path(), |_| {});
    open_paper(&mut h);
    let lines = all_lines(&mut h);
    let heading = lines.iter().position(|l| l.trim() == "Anlage 1: Gutachten.pdf");
    let heading = heading.unwrap_or_else(|| panic!("no heading for the Gutachten:\n{}", lines.join("\n")));
    let own = lines.iter().position(|l| l.contains("schlägt vor")).expect("the record's own text");
    assert!(own < heading, "the record's own text comes first");
    let phrase = lines.iter().position(|l| l.contains(PHRASE)).expect("the PDF's text");
    assert!(phrase > heading);
    // Extracted once, and kept in the archive.
    assert!(body.join("texts/abc-gutachten.pdf.txt").is_file());
    // The server's text of the main document is the Sachverhalt, once.
    assert_eq!(lines.iter().filter(|l| l.contains("schlägt vor")).count(), 1);

    // Shown again later: from the cache, no child needed.
    let mut h = harness(dir.path(), |app| app.docs.extractor = Some(Extractor::new("/nicht/da")));
    open_paper(&mut h);
    assert!(all_lines(&mut h).iter().any(|l| l.contains(PHRASE)));
}

/// A stand-in for the PDF reader that takes its time (and then fails, as
/// a program that is not ratsinfo's child does).
fn slow_extractor(dir: &Path) -> Extractor {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join("langsam.sh");
    std::fs::write(&path, "#!/bin/sh\nsleep 2\nexit 3\n").unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    Extractor::new(path)
}

#[test]
fn a_slow_extraction_never_blocks_the_ui() {
    let dir = TempDir::new("doc-slow");
    archive(dir.path());
    let slow = slow_extractor(dir.path());
    let mut h = harness(dir.path(), |app| app.docs.extractor = Some(slow));
    let d = h.app.data.as_ref().unwrap();
    let Some(RecordId::Vorlage(v)) = d.archive.find_id(PAPER) else { panic!() };
    let started = Instant::now();
    h.app.reveal(Node::Vorlage(v));
    h.pump_for(Duration::from_millis(300));
    // Keys are handled meanwhile: to the reader, to its end.
    for code in [KeyCode::Tab, KeyCode::End] {
        h.app.update(Msg::Input(Event::Key(KeyEvent::from(code))));
    }
    assert!(started.elapsed() < Duration::from_millis(1500), "the UI waited for the PDF");
    let screen = h.screen();
    assert!(screen.contains("Anlage 1: Gutachten.pdf") && screen.contains("Text wird gelesen …"), "{screen}");
    assert!(h.app.reading_pending());
    // Then its note stands there instead (the stand-in is no PDF reader).
    h.pump();
    let screen = h.screen();
    assert!(screen.contains("Text von »Gutachten.pdf« nicht lesbar"), "{screen}");
    assert!(!screen.contains("Text wird gelesen"), "{screen}");
}

#[test]
fn n_and_shift_n_find_the_words_of_the_search_in_a_documents_text() {
    let dir = TempDir::new("doc-find");
    archive(dir.path());
    let mut h = harness(dir.path(), |_| {});
    h.press("/kompostierungsanlage Enter");
    assert!(h.app.reader.doc.title.starts_with("2025/0001"), "{}", h.screen());
    // From the top, n steps through the hits down into the Gutachten.
    h.press("Tab");
    let lines = all_lines(&mut h);
    let in_pdf = lines.iter().position(|l| l.contains("Kompostierungsanlage ist")).expect("the PDF's text");
    let mut tops = Vec::new();
    for _ in 0..20 {
        h.press("n");
        tops.push(h.app.reader.scroll);
        if h.app.reader.scroll == in_pdf {
            break;
        }
    }
    assert_eq!(h.app.reader.scroll, in_pdf, "n never reached the hit in the PDF: {tops:?}");
    // The hit is marked on screen, at the top of the pane.
    let reader = h.reader_lines();
    assert!(reader[1].contains("Kompostierungsanlage ist"), "{}", reader.join("\n"));
    let buf = h.buffer();
    let area = h.app.panes.reader;
    let row: String =
        (area.left()..area.right()).map(|x| buf[(x, area.top() + 1)].symbol().to_owned()).collect();
    let at = row.find("Kompostierungsanlage").unwrap();
    let x = area.left() + row[..at].chars().count() as u16;
    let hit = h.app.config.theme.style(ratsinfo::config::Role::Match);
    assert_eq!(buf[(x, area.top() + 1)].style().fg, hit.fg, "the hit is marked");
    assert_ne!(buf[(x - 2, area.top() + 1)].style().fg, hit.fg, "only the hit");
    // N goes back to the hit before.
    h.press("N");
    assert!(h.app.reader.scroll < in_pdf);
    assert!(all_lines(&mut h)[h.app.reader.scroll].to_lowercase().contains("kompostierungsanlage"));
}

/// The text of the overlay over the main area, its rows joined by blanks.
fn overlay_text(h: &Harness) -> String {
    let rect = ratsinfo::ui::overlay::rect(h.app.panes.main);
    let rows = h.area_lines(rect);
    // Down to the overlay's lower border.
    let end = rows.iter().position(|r| r.starts_with('└')).map_or(rows.len(), |i| i + 1);
    let rows = rows[..end].iter().map(|r| r.trim_matches(['│', '┌', '└', '┐', '┘', '─']).trim());
    rows.filter(|r| !r.is_empty()).collect::<Vec<_>>().join(" ")
}

#[test]
fn o_without_a_graphical_session_shows_the_link_to_click_and_copy() {
    let dir = TempDir::new("doc-ssh");
    archive(dir.path());
    let mut h = harness(dir.path(), |app| app.docs.graphical = false);
    open_paper(&mut h);
    // In the tree: the main document.
    h.press("o");
    let screen = overlay_text(&h);
    assert!(
        screen.contains("Dokument öffnen") && screen.contains("Hauptdokument: Vorlage 2025/0001"),
        "{screen}"
    );
    assert!(screen.contains(MAIN_URL), "{screen}");
    assert!(
        screen.contains("Kein grafischer Bildschirm") && screen.contains("y oder Enter kopiert den Link")
    );
    // Where the event loop writes the hyperlink: over the URL as drawn,
    // underlined.
    let (url, cells) = ratsinfo::ui::views::documents::link_cells(&h.app).expect("a hyperlink");
    assert_eq!(url.as_str(), MAIN_URL);
    assert_eq!(cells.len(), 1);
    let buf = h.buffer();
    let c = &cells[0];
    let drawn: String = (0..c.text.len() as u16).map(|i| buf[(c.x + i, c.y)].symbol().to_owned()).collect();
    assert_eq!((drawn.as_str(), c.text.as_str()), (MAIN_URL, MAIN_URL));
    assert!(buf[(c.x, c.y)].modifier.contains(Modifier::UNDERLINED));
    // y copies it through the terminal.
    h.app.requests.clear();
    h.press("y");
    let b64 = base64::engine::general_purpose::STANDARD.encode(MAIN_URL);
    assert_eq!(h.app.requests, vec![Request::Osc52(format!("\x1b]52;c;{b64}\x07"))]);
    assert!(h.app.docs.link.is_none());
    assert!(h.lines().last().unwrap().contains("Link kopiert"), "{}", h.screen());

    // In the reader, on the Gutachten's text: that one, with its file.
    h.press("Tab");
    let lines = all_lines(&mut h);
    let at = lines.iter().position(|l| l.trim() == "Anlage 1: Gutachten.pdf").unwrap();
    h.app.reader.scroll_to(at + 3, h.app.panes.reader_height());
    h.press("o");
    let screen = overlay_text(&h);
    assert!(screen.contains("Anlage 1: Gutachten.pdf") && screen.contains(GUTACHTEN_URL), "{screen}");
    assert!(screen.contains("Im Archiv:"), "{screen}");
    let file = h.app.docs.link.as_ref().and_then(|l| l.file.clone()).unwrap_or_default();
    assert!(file.starts_with('/') && file.ends_with("/stadt-beispiel/files/abc-gutachten.pdf"), "{file}");
    h.press("Esc");
    assert!(h.app.docs.link.is_none() && !h.app.quit);

    // At the top of the reader: the menu of all four; a digit picks.
    h.press("g o");
    let menu = h.app.docs.menu.as_ref().expect("the menu");
    let labels: Vec<&str> = menu.entries.iter().map(|e| e.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "Hauptdokument: Vorlage 2025/0001",
            "Anlage 1: Gutachten.pdf",
            "Anlage 2: Feindlich",
            "Anlage 3: Verlinkt.pdf"
        ]
    );
    // The one whose link is no web address: nothing to click or copy.
    h.press("3");
    let screen = overlay_text(&h);
    assert!(screen.contains("keinen gültigen Link") && !screen.contains("javascript"), "{screen}");
    assert!(ratsinfo::ui::views::documents::link_cells(&h.app).is_none());
    h.app.requests.clear();
    h.press("y");
    assert!(h.app.requests.is_empty(), "nothing copied");
}

/// A stand-in for xdg-open: it writes its arguments, one a line, to
/// `args` in `dir`.
fn recording_opener(dir: &Path) -> (String, PathBuf) {
    use std::os::unix::fs::PermissionsExt;
    let script = dir.join("oeffner.sh");
    let args = dir.join("args");
    std::fs::write(
        &script,
        format!("#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done >> '{}'\n", args.display()),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    (script.to_string_lossy().into_owned(), args)
}

/// Waits (bounded) until the opener has written `n` lines.
fn opened(args: &Path, n: usize) -> Vec<String> {
    let start = Instant::now();
    loop {
        let lines: Vec<String> =
            std::fs::read_to_string(args).unwrap_or_default().lines().map(str::to_owned).collect();
        if lines.len() >= n || start.elapsed() > Duration::from_secs(10) {
            return lines;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn o_with_a_graphical_session_gives_the_opener_only_archive_paths_and_checked_urls() {
    let dir = TempDir::new("doc-open");
    let body = archive(dir.path());
    let (opener, args) = recording_opener(dir.path());
    let mut h = harness(dir.path(), |app| {
        app.docs.graphical = true;
        app.config.opener = Some(format!("{opener} --neues-fenster"));
    });
    open_paper(&mut h);
    let pick = |h: &mut Harness, digit: &str| {
        h.press("o");
        assert!(h.app.docs.menu.is_some(), "{}", h.screen());
        h.press(digit);
    };
    h.press("Tab g");
    // The Gutachten: its file in the archive, as an absolute path.
    pick(&mut h, "2");
    let file = std::fs::canonicalize(body.join("files/abc-gutachten.pdf")).unwrap();
    assert_eq!(opened(&args, 2), ["--neues-fenster".to_owned(), file.to_string_lossy().into_owned()]);
    assert!(h.lines().last().unwrap().contains("Geöffnet: Anlage 1: Gutachten.pdf"), "{}", h.screen());
    // The main document, not downloaded: its web address.
    pick(&mut h, "1");
    assert_eq!(opened(&args, 4)[2..], ["--neues-fenster".to_owned(), MAIN_URL.to_owned()]);
    // A file that links out of the archive: not that, its web address.
    pick(&mut h, "4");
    let lines = opened(&args, 6);
    assert_eq!(lines[5], "https://ris.example.org/dokumente/verlinkt.pdf");
    // javascript: never; the overlay says there is no link.
    pick(&mut h, "3");
    assert!(h.screen().contains("keinen gültigen Link"), "{}", h.screen());
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(opened(&args, 7).len(), 6, "the opener was not called");
    h.press("Esc");

    // An opener that is not there: said, and the link shown instead.
    let mut h = harness(dir.path(), |app| {
        app.docs.graphical = true;
        app.config.opener = Some("/nicht/da/xdg-open".into());
    });
    open_paper(&mut h);
    h.press("o");
    let screen = h.screen();
    assert!(screen.contains("ließ sich nicht öffnen"), "{screen}");
    assert!(h.app.docs.link.as_ref().is_some_and(|l| l.url.as_ref().is_some_and(|u| u.as_str() == MAIN_URL)));
}

#[test]
fn o_on_a_record_without_documents_says_so() {
    let mut h = Harness::json(
        &common::export(r#"{"nummer": "2025/0002", "betreff": "Ohne Anlagen", "sachverhalt": "Text."}"#, ""),
        100,
        30,
    );
    h.press("/2025/0002 Enter o");
    assert!(h.app.docs.menu.is_none() && h.app.docs.link.is_none());
    assert!(h.lines().last().unwrap().contains("keine Dokumente"), "{}", h.screen());
}

#[test]
fn a_full_text_hit_in_a_pdf_opens_the_reader_at_it() {
    full_text_hit_in_a_pdf(Sprache::De, "Anlage 1: Gutachten.pdf");
}

/// The index keeps its sections' names in German; the hit names its
/// section in English, as the reader heads the document's text there.
#[test]
fn a_full_text_hit_in_a_pdf_opens_the_reader_at_it_in_english() {
    full_text_hit_in_a_pdf(Sprache::En, "Attachment 1: Gutachten.pdf");
}

fn full_text_hit_in_a_pdf(sprache: Sprache, section: &str) {
    let _lang = strings::for_this_thread(sprache);
    let dir = TempDir::new(&format!("doc-volltext-{sprache:?}"));
    archive(dir.path());
    // Reading the paper once (in an earlier run) extracts the PDF's text
    // into the archive, where the index finds it.
    {
        let mut before = harness(dir.path(), |_| {});
        open_paper(&mut before);
        assert!(all_lines(&mut before).iter().any(|l| l.contains(PHRASE)));
    }
    // This run has not shown the paper: its documents' texts come from a
    // worker after the reader has opened it.
    let mut h = harness(dir.path(), |_| {});
    let paths = vec![dir.path().to_path_buf()];
    let source = ratsinfo::pipeline::Source::new(paths.clone());
    let archive = source.load(&Arc::new(ratsinfo::pipeline::Progress::default()));
    let opts = ratsinfo::fulltext::Options { root: Some(dir.path().join("cache")), ..Default::default() };
    let ft = ratsinfo::fulltext::FullText::open_or_build(
        &source,
        &archive,
        &Library::discover(&paths),
        &ratsinfo::fulltext::Progress::default(),
        &opts,
    )
    .unwrap();
    h.app.update(Msg::FullText(Ok(Arc::new(ft))));
    h.press("/ Tab").type_text("aktenzeichen");
    let screen = h.screen();
    assert!(screen.contains(&format!("{section}: ")) && screen.contains("KOMPOST-4711"), "{screen}");
    h.press("Enter");
    let reader = h.reader_lines().join("\n");
    assert!(reader.contains(PHRASE), "the reader is at the hit, far down in the PDF's text:\n{reader}");
    // The hit's section is the reader's heading of the document's text.
    let lines = all_lines(&mut h);
    assert_eq!(lines.iter().filter(|l| l.trim() == section).count(), 1, "{}", lines.join("\n"));
}
