//! The text of documents: PDFs extracted in a child process (the real
//! binary's hidden `extract-pdf`), hostile ones answered with a clear note
//! while the caller stays up, and texts kept in the archive so that each
//! PDF is extracted once.

#[path = "../examples/support/oparl_server/pdf.rs"]
#[allow(dead_code)]
mod pdf;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use ratsinfo::doctext::{self, Extractor, Failure, Library, Readable};
use ratsinfo::model::{Dokument, Rolle, Url};

fn extractor() -> Extractor {
    Extractor::new(env!("CARGO_BIN_EXE_ratsinfo"))
}

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ratsinfo-doctext-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A PDF with the given objects (1 is the catalog), with a correct xref.
fn pdf_of(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(o);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1)
            .as_bytes(),
    );
    out
}

fn page_with(contents: Vec<u8>, extra: Vec<u8>) -> Vec<Vec<u8>> {
    vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_vec(),
        contents,
        extra,
    ]
}

/// A content stream compressed with Flate: `raw` bytes of it.
fn flate_stream(pattern: &[u8], raw: usize) -> Vec<u8> {
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    let mut left = raw;
    let chunk = pattern.repeat((1 << 20) / pattern.len());
    while left > 0 {
        let n = left.min(chunk.len());
        z.write_all(&chunk[..n]).unwrap();
        left -= n;
    }
    let data = z.finish().unwrap();
    let mut s = format!("<< /Length {} /Filter /FlateDecode >>\nstream\n", data.len()).into_bytes();
    s.extend_from_slice(&data);
    s.extend_from_slice(b"\nendstream");
    s
}

const FONT: &[u8] = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>";

fn hostile() -> Vec<(&'static str, Vec<u8>)> {
    let good = pdf::pdf("Ein ganz gewöhnlicher Text über die Sanierung der Grünfläche.");
    let n = 400_000;
    let mut nested = b"[".repeat(n);
    nested.extend(b"]".repeat(n));
    let mut nested_dict = b"<< /A ".repeat(n);
    nested_dict.extend(b">>".repeat(n));
    vec![
        ("abgeschnitten.pdf", good[..good.len() / 2].to_vec()),
        ("leer.pdf", Vec::new()),
        ("keins.pdf", b"<html><body>404 Not Found</body></html>".to_vec()),
        (
            "verschachtelt.pdf",
            pdf_of(&page_with(b"<< /Length 5 >>\nstream\nBT ET\nendstream".to_vec(), nested)),
        ),
        (
            "woerterbuch.pdf",
            pdf_of(&page_with(b"<< /Length 5 >>\nstream\nBT ET\nendstream".to_vec(), nested_dict)),
        ),
        (
            "bombe.pdf",
            pdf_of(&page_with(flate_stream(b"BT /F1 10 Tf (a) Tj ET\n", 400 << 20), FONT.to_vec())),
        ),
        (
            "schleife.pdf",
            pdf_of(&[
                b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
                b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>".to_vec(),
            ]),
        ),
    ]
}

#[test]
fn a_good_pdf_gives_its_text() {
    let dir = temp("gut");
    let path = dir.join("gut.pdf");
    std::fs::write(&path, pdf::pdf("Die Grünfläche an der Straße wird saniert.\nAktenzeichen PDF-4711"))
        .unwrap();
    let text = extractor().extract(&path).unwrap();
    assert!(text.contains("Grünfläche an der Straße wird saniert"), "{text}");
    assert!(text.contains("Aktenzeichen PDF-4711"), "{text}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn hostile_pdfs_give_a_clear_note_and_the_caller_stays_up() {
    let dir = temp("feindlich");
    let ex = extractor();
    for (name, bytes) in hostile() {
        let path = dir.join(name);
        std::fs::write(&path, &bytes).unwrap();
        let started = std::time::Instant::now();
        let result = ex.extract(&path);
        // Nothing of them is text; whatever the child did, this process
        // goes on and has a reason in German.
        let f = result.unwrap_err();
        let m = f.message();
        assert!(!m.is_empty() && !m.contains("panicked") && !m.contains('\n'), "{name}: {m}");
        assert!(f.is_lasting(), "{name}: {f:?}");
        eprintln!("{name}: {m} ({:?})", started.elapsed());
        assert!(started.elapsed() < Duration::from_secs(60), "{name}");
    }
    let msg = |name: &str| ex.extract(&dir.join(name)).unwrap_err().message();
    assert_eq!(msg("leer.pdf"), "die Datei ist leer");
    assert_eq!(msg("keins.pdf"), "keine PDF-Datei");
    let cut = msg("abgeschnitten.pdf");
    assert!(cut.starts_with("das PDF ist beschädigt") || cut.starts_with("kein Text im PDF"), "{cut}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn the_child_is_held_to_its_limits() {
    let dir = temp("grenzen");
    let bomb = dir.join("bombe.pdf");
    std::fs::write(
        &bomb,
        pdf_of(&page_with(flate_stream(b"BT /F1 10 Tf (a) Tj ET\n", 200 << 20), FONT.to_vec())),
    )
    .unwrap();
    // Memory: 64 MB of address space is not enough to inflate the bomb.
    let small = Extractor { memory: 64 << 20, ..extractor() };
    let f = small.extract(&bomb).unwrap_err();
    assert!(f.is_lasting(), "{f:?}");
    // Wall clock: a long PDF and no time; not remembered as lasting.
    let long = dir.join("lang.pdf");
    std::fs::write(&long, pdf::pdf(&"Ein Satz über die Sanierung der Schulen. ".repeat(40_000))).unwrap();
    let hurried = Extractor { timeout: Duration::from_millis(1), ..extractor() };
    let f = hurried.extract(&long).unwrap_err();
    assert!(matches!(f, Failure::Timeout(_)) && !f.is_lasting(), "{f:?}");
    assert!(f.message().contains("abgebrochen"), "{}", f.message());
    // A program that is not there.
    let missing = Extractor::new("/nicht/da/ratsinfo");
    assert!(matches!(missing.extract(&long), Err(Failure::Spawn(_))));
    // Output from a program that is not ratsinfo's child is not taken as text.
    let echo = Extractor::new("/bin/echo");
    assert!(matches!(echo.extract(&long), Err(Failure::Unreadable(_))));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A stand-in for the child: a shell script.
fn script(dir: &Path, name: &str, body: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join(name);
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

#[test]
fn a_child_that_spins_or_crashes_is_stopped_and_named() {
    let dir = temp("kind");
    let pdf = dir.join("a.pdf");
    std::fs::write(&pdf, pdf::pdf("Text")).unwrap();
    // RLIMIT_CPU is set before the child runs: a loop is stopped after
    // its second of CPU time, long before the wall-clock timeout.
    let spin = Extractor { cpu_secs: 1, ..Extractor::new(script(&dir, "spin", "while :; do :; done")) };
    let started = std::time::Instant::now();
    let f = spin.extract(&pdf).unwrap_err();
    assert_eq!(f, Failure::Unreadable("mehr als 1 s Rechenzeit".into()));
    assert!(started.elapsed() < Duration::from_secs(30));
    // A crash is named as one.
    let crash = Extractor::new(script(&dir, "crash", "kill -SEGV $$"));
    let m = crash.extract(&pdf).unwrap_err().message();
    assert!(m.contains("abgestürzt") && m.contains("Signal 11"), "{m}");
    // A child that says why in a way of its own: its words are cleaned.
    let rude = Extractor::new(script(&dir, "rude", "printf 'b\\033]0;x\\007se' >&2; exit 3"));
    let m = rude.extract(&pdf).unwrap_err().message();
    assert!(!m.chars().any(char::is_control), "{m:?}");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A body folder as `ratsinfo sync --files` leaves it: `files/` with the
/// log, and the documents.
fn synced_body(root: &Path, docs: &[(&str, &str, &[u8])]) -> PathBuf {
    let body = root.join("stadt-beispiel");
    let files = body.join("files");
    std::fs::create_dir_all(&files).unwrap();
    let mut log = String::new();
    for (id, name, bytes) in docs {
        std::fs::write(files.join(name), bytes).unwrap();
        log.push_str(&format!(
            "{{\"id\":\"{id}\",\"name\":\"{name}\",\"size\":{},\"modified\":null,\"etag\":null,\"last_modified\":null}}\n",
            bytes.len()
        ));
    }
    // A log line that points outside the archive is not followed.
    log.push_str("{\"id\":\"http://x/files/boese\",\"name\":\"../../geheim.pdf\",\"size\":1,\"modified\":null,\"etag\":null,\"last_modified\":null}\n");
    std::fs::write(files.join("ratsinfo-files.log"), log).unwrap();
    body
}

fn dokument(id: &str, name: &str) -> Arc<Dokument> {
    Arc::new(Dokument {
        id: Url::new(id),
        name: name.into(),
        mime: "application/pdf".into(),
        rolle: Rolle::Anlage,
        ..Dokument::default()
    })
}

#[test]
fn texts_are_extracted_once_kept_in_the_archive_and_redone_when_the_pdf_changes() {
    let root = temp("cache");
    let good = pdf::pdf("Gutachten zur Sanierung der Grünfläche am Rathaus.");
    let body = synced_body(
        &root,
        &[
            ("http://x/files/1", "abc-gutachten.pdf", &good),
            ("http://x/files/2", "def-kaputt.pdf", b"%PDF-1.4 kaputt"),
        ],
    );
    let lib = Library::discover(std::slice::from_ref(&root));
    assert_eq!(lib.len(), 2, "the log line pointing outside is left out");
    let gutachten = dokument("http://x/files/1", "Gutachten.pdf");
    let kaputt = dokument("http://x/files/2", "Anlage 2.pdf");
    let fehlt = dokument("http://x/files/3", "Fehlt.pdf");
    assert_eq!(lib.readable(&gutachten), Readable::Extract);
    assert_eq!(lib.readable(&fehlt), Readable::No);
    assert!(lib.cached(&gutachten).is_none());

    let text = lib.text(&gutachten, &extractor()).unwrap();
    assert!(text.contains("Sanierung der Grünfläche"), "{text}");
    let cache = body.join("texts/abc-gutachten.pdf.txt");
    assert!(cache.is_file());
    assert_eq!(doctext::cache_path(&body.join("files/abc-gutachten.pdf")).unwrap(), cache);
    assert_eq!(lib.readable(&gutachten), Readable::Cached);
    // From now on no child is started: an extractor that cannot start
    // still gives the text.
    let broken = Extractor::new("/nicht/da");
    assert_eq!(lib.text(&gutachten, &broken).unwrap(), text);
    assert_eq!(lib.cached(&gutachten).unwrap().unwrap(), text);

    // A broken PDF: the note names it, and is kept too.
    let note = lib.text(&kaputt, &extractor()).unwrap_err();
    assert!(note.0.starts_with("Text von »Anlage 2.pdf« nicht lesbar: das PDF ist beschädigt"), "{note}");
    assert_eq!(lib.text(&kaputt, &broken).unwrap_err(), note);
    assert!(matches!(lib.readable(&kaputt), Readable::Unreadable(_)));
    let none = lib.text(&fehlt, &extractor()).unwrap_err();
    assert!(none.0.contains("»Fehlt.pdf«") && none.0.contains("keine Datei im Archiv"), "{none}");

    // The PDF changes (another size and time): its text is extracted again.
    std::thread::sleep(Duration::from_millis(20));
    let newer = pdf::pdf("Neue Fassung: Sanierung abgeschlossen.");
    std::fs::write(body.join("files/abc-gutachten.pdf"), &newer).unwrap();
    assert_eq!(lib.readable(&gutachten), Readable::Extract);
    assert!(lib.text(&gutachten, &broken).unwrap_err().0.contains("nicht starten"));
    let text = lib.text(&gutachten, &extractor()).unwrap();
    assert!(text.contains("Neue Fassung"), "{text}");

    // The server's text comes first, without looking at the file.
    let mit_text = Arc::new(Dokument { text: "Vom Server.".into(), ..(*gutachten).clone() });
    assert_eq!(lib.readable(&mit_text), Readable::Server);
    assert_eq!(lib.text(&mit_text, &broken).unwrap(), "Vom Server.");
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn control_characters_from_a_pdf_are_cleaned() {
    let root = temp("steuer");
    let evil = pdf::pdf("Vorher\u{1b}]0;Titel\u{7}Nachher");
    // The hand-written PDF writer maps what it cannot encode to `?`; put
    // the escape into the content stream itself.
    let evil: Vec<u8> = String::from_utf8_lossy(&evil)
        .replace("Vorher?]0;Titel?Nachher", "Vorher\u{1b}]0;Titel\u{7}Nachher")
        .into_bytes();
    let body = synced_body(&root, &[("http://x/files/9", "ghi-evil.pdf", &evil)]);
    let lib = Library::discover(std::slice::from_ref(&body));
    let text = lib.text(&dokument("http://x/files/9", "evil.pdf"), &extractor()).unwrap();
    assert!(text.contains("Vorher") && text.contains("Nachher"), "{text:?}");
    assert!(!text.chars().any(|c| c.is_control() && c != '\n'), "{text:?}");
    std::fs::remove_dir_all(&root).unwrap();
}
