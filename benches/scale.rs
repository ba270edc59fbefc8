//! ratsinfo on a big city's archive: every bar of issue 5, measured side by
//! side in one run.
//!
//! ```text
//! cargo bench --bench scale                      # /tmp/ratsinfo-bench/100k-2
//! cargo bench --bench scale -- DIR [--vorlagen N] [--runs N]
//! cargo bench --bench scale -- DIR --only search [--runs N]
//! ```
//!
//! `--only search` loads once and replays only the search keystrokes,
//! printing each keystroke's time: a quick loop while tuning the search.
//!
//! When DIR holds no `*.json`, the archive is generated first (100,000
//! Vorlagen unless `--vorlagen` says otherwise; `RATSINFO_BENCH_DIR` may name
//! DIR too). Each figure is printed next to its bar. BENCHMARKS.md describes
//! the method of each; in short:
//!
//! 1. first frame: the release `ratsinfo` binary started on DIR under a
//!    pseudo-terminal (`script`), from spawn to the first frame on the pty;
//!    also the in-process time from "main" to the first `terminal.draw`.
//! 2. full load: `Data::new(load_paths(..))` against a plain single-threaded
//!    `serde_json::from_slice` of the same files into typed structs.
//! 3. search: the real `Searcher` worker with narrowing; every prefix of each
//!    query is sent and its generation's result awaited, then the top 50 rows
//!    are prepared as the UI does (text and highlights).
//! 4. memory: a child process (this binary, re-executed) loads and reads its
//!    own peak RSS (VmHWM).
//! 5. reader: a Vorlage with a 1 MB Sachverhalt opened in the App at a reader
//!    text width of 80, then scrolled, each frame drawn into a TestBackend.

#[path = "../examples/support/archive_gen.rs"]
mod archive_gen;
#[path = "../examples/support/rng.rs"]
mod rng;
mod support;

use support::{median, ms, percentile, vm_status};

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::mpsc::channel;
use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratsinfo::open::Data;
use ratsinfo::pipeline::{Progress, Source, load_paths};
use ratsinfo::search::{Matcher, Searcher};
use ratsinfo::tree::Node;
use ratsinfo::ui::app::{App, Msg};
use ratsinfo::ui::views::search::SearchView;
use serde::Deserialize;

/// Typed char by char. The last three hold filters (issue 14): a query of
/// filters alone, and filters with words.
const QUERIES: [&str; 7] = [
    "integrationskonzept",
    "2021/08",
    "sanierung gesamtschule",
    "rat der stadt haushalt",
    "g:rat j:2021",
    "haushalt j:2019-2021",
    "g:bezirk sanierung s:datum",
];

// --- the baseline: a plain typed mirror of the format ----------------------

#[allow(dead_code)]
mod plain {
    use super::Deserialize;

    #[derive(Deserialize)]
    pub struct File {
        #[serde(default)]
        pub format: String,
        #[serde(default)]
        pub quelle: String,
        #[serde(default)]
        pub koerperschaft: String,
        #[serde(default)]
        pub vorlagen: Vec<Vorlage>,
        #[serde(default)]
        pub auszuege: Vec<Auszug>,
    }

    #[derive(Deserialize)]
    #[serde(default)]
    #[derive(Default)]
    pub struct Vorlage {
        pub nummer: String,
        pub betreff: String,
        pub art: String,
        pub status: String,
        pub datum: String,
        pub verfasser: String,
        pub federfuehrend: String,
        pub bearbeiter: String,
        pub beratungsfolge: Vec<Beratung>,
        pub finanzielle_auswirkungen: String,
        pub beschlussvorschlag: String,
        pub sachverhalt: String,
        pub anlagen: Vec<Anlage>,
        pub url: String,
    }

    #[derive(Deserialize, Default)]
    #[serde(default)]
    pub struct Beratung {
        pub gremium: String,
        pub datum: String,
        pub rolle: String,
        pub ergebnis: String,
    }

    #[derive(Deserialize, Default)]
    #[serde(default)]
    pub struct Anlage {
        pub nr: String,
        pub name: String,
        pub status: String,
        pub groesse: String,
        pub url: String,
    }

    #[derive(Deserialize, Default)]
    #[serde(default)]
    pub struct Auszug {
        pub gremium: String,
        pub datum: String,
        pub titel: String,
        pub top: String,
        pub vorlage: String,
        pub beschlussart: String,
        pub status: String,
        pub beginn: String,
        pub ende: String,
        pub anlass: String,
        pub raum: String,
        pub ort: String,
        pub wortprotokoll: String,
        pub beschluss: String,
        pub url: String,
    }
}

// --- helpers ------------------------------------------------------------

struct Row {
    bar: &'static str,
    figure: String,
    limit: String,
    pass: bool,
}

fn files_of(dir: &Path) -> Vec<PathBuf> {
    let mut problems = Vec::new();
    ratsinfo::pipeline::discover(&[dir.to_path_buf()], &mut problems)
}

fn key(code: KeyCode) -> Msg {
    Msg::Input(Event::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

// --- 1. first frame ----------------------------------------------------------

/// Starts the real binary under a pseudo-terminal and waits for its first
/// frame (the tree pane's title and the loading line). Returns milliseconds
/// from spawn to that output.
fn first_frame_pty(dir: &Path) -> Option<f64> {
    let bin = env!("CARGO_BIN_EXE_ratsinfo");
    // `script` gives the program a pty; stty sets a size (a fresh pty has
    // none). Both run before the timed program and add about a millisecond.
    let cmd = format!("stty rows 40 cols 120; exec '{bin}' '{}'", dir.display());
    let start = Instant::now();
    let mut child = Command::new("script")
        .args(["-qfec", &cmd, "/dev/null"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let mut out = child.stdout.take()?;
    let mut seen = Vec::new();
    let mut buf = [0u8; 65536];
    let mut at = None;
    while let Ok(n) = out.read(&mut buf) {
        if n == 0 {
            break;
        }
        seen.extend_from_slice(&buf[..n]);
        let text = String::from_utf8_lossy(&seen);
        if text.contains("Gremien") && text.contains("Lade") {
            at = Some(ms(start.elapsed()));
            break;
        }
    }
    // Quit like a user (q), then make sure it is gone.
    if let Some(stdin) = child.stdin.as_mut() {
        let _ = stdin.write_all(b"q");
        let _ = stdin.flush();
    }
    drop(child.stdin.take());
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            _ if Instant::now() > deadline => {
                let _ = child.kill();
                let _ = child.wait();
                break;
            }
            _ => std::thread::sleep(Duration::from_millis(5)),
        }
    }
    at
}

/// What `ui::run` does up to its first `terminal.draw`, in process: start the
/// loader thread, make the App, draw. Returns milliseconds; loading is then
/// cancelled as on quit.
fn first_frame_in_process(dir: &Path) -> f64 {
    let start = Instant::now();
    let (tx, _rx) = channel();
    let progress = Arc::new(Progress::default());
    let source = Source::new(vec![dir.to_path_buf()]);
    let p = progress.clone();
    let loader = std::thread::spawn(move || {
        let archive = source.load(&p);
        if !p.cancel.load(std::sync::atomic::Ordering::Relaxed) {
            drop(Data::new(archive));
        }
    });
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("test backend");
    let app = App::new(progress.clone(), tx, Rect::new(0, 0, 120, 40));
    terminal.draw(|f| ratsinfo::ui::view::draw(&app, f)).expect("draw");
    let t = ms(start.elapsed());
    progress.cancel.store(true, std::sync::atomic::Ordering::Relaxed);
    let _ = loader.join();
    t
}

// --- 2. full load --------------------------------------------------------------

fn baseline_load(files: &[PathBuf]) -> (f64, usize) {
    let start = Instant::now();
    let mut parsed = Vec::with_capacity(files.len());
    for f in files {
        let bytes = std::fs::read(f).expect("reading an archive file");
        parsed.push(serde_json::from_slice::<plain::File>(&bytes).expect("baseline parse"));
    }
    let t = ms(start.elapsed());
    let records = parsed.iter().map(|f| f.vorlagen.len() + f.auszuege.len()).sum();
    drop(parsed);
    (t, records)
}

fn ratsinfo_load(dir: &Path) -> (f64, Data) {
    let start = Instant::now();
    let data = Data::new(load_paths(&[dir.to_path_buf()], &Arc::new(Progress::default())));
    (ms(start.elapsed()), data)
}

// --- 3. search -------------------------------------------------------------------

fn search_keystrokes(data: &Data) -> Vec<(String, f64)> {
    let (tx, rx) = channel();
    let searcher = Searcher::spawn(data.index.clone(), tx, |r| r);
    let matcher = Matcher::default();
    let mut times = Vec::new();
    for q in QUERIES {
        // The user clears the input before the next query (Ctrl-u).
        let g = searcher.query("");
        while rx.recv().expect("search worker").generation != g {}
        let chars: Vec<char> = q.chars().collect();
        for n in 1..=chars.len() {
            let prefix: String = chars[..n].iter().collect();
            let start = Instant::now();
            let g = searcher.query(&prefix);
            let result = loop {
                let r = rx.recv().expect("search worker");
                if r.generation == g {
                    break r;
                }
            };
            // What the UI does with a result: the rows on screen (text,
            // marks, outcome, the divider).
            let mut view = SearchView { result: Some(result), ..SearchView::default() };
            view.make_rows(data, &matcher, 50);
            std::hint::black_box(&view.visible);
            times.push((prefix, ms(start.elapsed())));
        }
    }
    times
}

/// `--only search`: each keystroke's time per run, then the figures of the
/// bar over all runs.
fn search_only(dir: &Path, runs: usize) {
    let (t, data) = ratsinfo_load(dir);
    println!("loaded in {t:.0} ms: {} search entries", data.index.len());
    let per_run: Vec<Vec<(String, f64)>> = (0..runs).map(|_| search_keystrokes(&data)).collect();
    let mut all = Vec::new();
    for (k, (prefix, _)) in per_run[0].iter().enumerate() {
        let mut ts: Vec<f64> = per_run.iter().map(|r| r[k].1).collect();
        let line: Vec<String> = ts.iter().map(|t| format!("{t:7.1}")).collect();
        println!("{prefix:<24} {} | median {:7.1} ms", line.join(" "), median(&mut ts));
        all.extend(ts);
    }
    let (med, p95) = (median(&mut all.clone()), percentile(&mut all, 95.0));
    println!("search: {} keystrokes × {runs} runs: median {med:.1} ms, p95 {p95:.1} ms", per_run[0].len());
}

// --- 5. reader ----------------------------------------------------------------------

struct ReaderFigures {
    open: f64,
    frame_median: f64,
    frame_max: f64,
    lines: usize,
    jumps: JumpFigures,
}

/// Issue 14: opening Termine, following a link, going back; each a key
/// handled and the frame drawn.
struct JumpFigures {
    /// The references between records, built once after loading (on the
    /// loader thread in the app).
    backlinks: f64,
    termine: Vec<f64>,
    termine_rows: usize,
    follow: Vec<f64>,
    back: Vec<f64>,
}

fn jumps(app: &mut App, terminal: &mut Terminal<TestBackend>) -> JumpFigures {
    let start = Instant::now();
    let b = Arc::new(ratsinfo::links::Backlinks::build(&app.data.as_ref().expect("loaded").archive));
    let backlinks = ms(start.elapsed());
    app.update(Msg::Backlinks(b));
    // The archive runs 2005–2024: from 2020 on, five years of sessions.
    app.today = ratsinfo::model::Date::new(2020, 1, 1).expect("a date");
    let mut frame = |app: &mut App, k: KeyCode| {
        let start = Instant::now();
        app.update(key(k));
        terminal.draw(|f| ratsinfo::ui::view::draw(app, f)).expect("draw");
        ms(start.elapsed())
    };
    let (mut termine, mut follow, mut back) = (Vec::new(), Vec::new(), Vec::new());
    let mut termine_rows = 0;
    let n = app.data.as_ref().map_or(0, |d| d.archive.vorlagen.len());
    for i in 0..20 {
        termine.push(frame(app, KeyCode::Char('t')));
        termine_rows = app.termine.as_ref().map_or(0, |t| t.rows.len());
        frame(app, KeyCode::Esc);
        // A Vorlage in the reader; its first link (a Beratungsfolge row)
        // followed, then back.
        app.reveal(Node::Vorlage(ratsinfo::model::VorlageId((i * 4_999 % n.max(1)) as u32)));
        frame(app, KeyCode::Char('f'));
        follow.push(frame(app, KeyCode::Enter));
        back.push(frame(app, KeyCode::Backspace));
    }
    JumpFigures { backlinks, termine, termine_rows, follow, back }
}

fn reader(mut data: Data) -> ReaderFigures {
    // A Vorlage whose Sachverhalt is 1 MB of the archive's own prose, left
    // in its file as loading leaves long texts: opening reads it from there.
    let v = data.archive.vorlagen.len() / 2;
    let mut big = String::with_capacity(1 << 20);
    let mut i = 0;
    while big.len() < 1 << 20 {
        let s = data.archive.vorlagen[i % data.archive.vorlagen.len()].sachverhalt.read_or_notice();
        if !big.is_empty() {
            big.push_str("\n\n");
        }
        big.push_str(&s);
        i += 1;
    }
    let file = std::env::temp_dir().join(format!("ratsinfo-bench-reader-{}.json", std::process::id()));
    let json =
        serde_json::json!({"vorlagen": [{"nummer": "9999/0001", "betreff": "Groß", "sachverhalt": big}]});
    std::fs::write(&file, json.to_string()).expect("writing the 1 MB item");
    let mut loaded = load_paths(std::slice::from_ref(&file), &Arc::new(Progress::default()));
    let text = std::mem::take(&mut loaded.vorlagen[0].sachverhalt);
    assert!(text.is_in_file(), "a 1 MB text is left in its file");
    Arc::get_mut(&mut data.archive).expect("nothing shares it yet").vorlagen[v].sachverhalt = text;
    let node = Node::Vorlage(ratsinfo::model::VorlageId(v as u32));

    // 138 columns: the tree takes 55, the reader 83, of which 80 are text.
    let (w, h) = (138, 45);
    let (tx, _rx) = channel();
    let mut app = App::new(Arc::new(Progress::default()), tx, Rect::new(0, 0, w, h));
    app.data = Some(data);
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("test backend");
    terminal.draw(|f| ratsinfo::ui::view::draw(&app, f)).expect("draw");

    let start = Instant::now();
    app.reveal(node);
    app.update(key(KeyCode::Tab));
    terminal.draw(|f| ratsinfo::ui::view::draw(&app, f)).expect("draw");
    let open = ms(start.elapsed());
    assert_eq!(app.reader.layout.width, 80, "reader text width");

    let mut frames = Vec::new();
    let keys = [KeyCode::PageDown; 40]
        .into_iter()
        .chain([KeyCode::Down; 40])
        .chain([KeyCode::End, KeyCode::PageUp, KeyCode::Home])
        .chain([KeyCode::PageDown; 40]);
    for k in keys {
        // Keys come one frame (16 ms) apart, as from a held key; the event
        // loop spends the gap laying out the rest of the document in slices
        // (`Msg::Tick` while `busy()`), which is not part of a frame.
        let gap = Instant::now();
        while app.busy() && gap.elapsed() < Duration::from_millis(16) {
            app.update(Msg::Tick);
        }
        let start = Instant::now();
        app.update(key(k));
        terminal.draw(|f| ratsinfo::ui::view::draw(&app, f)).expect("draw");
        frames.push(ms(start.elapsed()));
    }
    let frame_max = frames.iter().copied().fold(0.0, f64::max);
    let _ = std::fs::remove_file(&file);
    let lines = app.reader.lines().len();
    let jumps = jumps(&mut app, &mut terminal);
    ReaderFigures { open, frame_median: median(&mut frames), frame_max, lines, jumps }
}

// --- 4. memory (child process) ------------------------------------------------------

fn rss_child(dir: &Path) {
    let data = Data::new(load_paths(&[dir.to_path_buf()], &Arc::new(Progress::default())));
    println!(
        "hwm {} rss {} records {}",
        vm_status("VmHWM:"),
        vm_status("VmRSS:"),
        data.archive.vorlagen.len()
    );
    std::mem::forget(data);
}

fn rss_in_child(dir: &Path) -> Option<(u64, u64)> {
    let out = Command::new(std::env::current_exe().ok()?).arg("--rss-child").arg(dir).output().ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let mut words = text.split_whitespace();
    let mut get = |name: &str| -> Option<u64> {
        words.find(|w| *w == name)?;
        words.next()?.parse().ok()
    };
    Some((get("hwm")?, get("rss")?))
}

// --- main -------------------------------------------------------------------------

fn main() {
    let mut args = std::env::args().skip(1).filter(|a| a != "--bench");
    let mut dir: Option<PathBuf> = None;
    let mut vorlagen = 100_000;
    let mut runs = 3;
    let mut only_search = false;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--rss-child" => {
                let d = PathBuf::from(args.next().expect("--rss-child DIR"));
                rss_child(&d);
                return;
            }
            "--vorlagen" => vorlagen = args.next().and_then(|n| n.parse().ok()).expect("--vorlagen N"),
            "--runs" => runs = args.next().and_then(|n| n.parse().ok()).expect("--runs N"),
            "--only" => {
                only_search = args.next().as_deref() == Some("search");
                assert!(only_search, "--only search");
            }
            _ if !a.starts_with('-') => dir = Some(PathBuf::from(a)),
            _ => {}
        }
    }
    let dir = support::archive(dir, vorlagen);
    let files = files_of(&dir);
    // Warm the page cache: every figure is for data the OS already holds.
    let mut bytes = 0u64;
    for f in &files {
        bytes += std::fs::read(f).map_or(0, |b| b.len() as u64);
    }
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines().find_map(|l| {
                l.strip_prefix("model name").map(|m| m.trim_start_matches([' ', '\t', ':']).to_owned())
            })
        })
        .unwrap_or_default();
    println!(
        "archive {}: {} files, {:.1} MB; {} cores ({cpu}); {runs} runs",
        dir.display(),
        files.len(),
        bytes as f64 / 1e6,
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    if only_search {
        search_only(&dir, runs);
        return;
    }
    let mut rows = Vec::new();

    // 1. First frame.
    let mut pty: Vec<f64> = (0..runs.max(3) + 2).filter_map(|_| first_frame_pty(&dir)).collect();
    let mut inproc: Vec<f64> = (0..runs.max(3)).map(|_| first_frame_in_process(&dir)).collect();
    let inproc = median(&mut inproc);
    match pty.is_empty() {
        false => {
            let m = median(&mut pty);
            println!("first frame: pty {m:.1} ms (median of {}), in process {inproc:.2} ms", pty.len());
            rows.push(Row {
                bar: "1. first frame (pty, spawn → frame)",
                figure: format!("{m:.1} ms (in process {inproc:.2} ms)"),
                limit: "≤ 100 ms".into(),
                pass: m <= 100.0,
            });
        }
        true => {
            println!("first frame: no pty (`script` missing?); in process {inproc:.2} ms");
            rows.push(Row {
                bar: "1. first frame (in process only)",
                figure: format!("{inproc:.2} ms"),
                limit: "≤ 100 ms".into(),
                pass: inproc <= 100.0,
            });
        }
    }

    // 2. Full load, alternating so that both see the same machine state.
    let mut base = Vec::new();
    let mut ours = Vec::new();
    let mut data = None;
    for _ in 0..runs {
        let (t, records) = baseline_load(&files);
        base.push(t);
        let (t, d) = ratsinfo_load(&dir);
        println!(
            "load: baseline {:.0} ms ({records} records), ratsinfo {t:.0} ms ({} Vorlagen, {} items, {} search entries)",
            base.last().unwrap(),
            d.archive.vorlagen.len(),
            d.tree.items.len(),
            d.index.len()
        );
        ours.push(t);
        assert!(d.archive.problems.is_empty(), "the generated archive loads without problems");
        data = Some(d);
    }
    let (b, o) = (median(&mut base), median(&mut ours));
    rows.push(Row {
        bar: "2. full load / serde_json baseline",
        figure: format!("{o:.0} ms / {b:.0} ms = {:.2}×", o / b),
        limit: "≤ 0.60×".into(),
        pass: o / b <= 0.6,
    });
    let data = data.expect("at least one run");

    // 3. Search.
    let mut all = Vec::new();
    for _ in 0..runs {
        let times = search_keystrokes(&data);
        all.extend(times.iter().map(|(_, t)| *t));
        let worst = times.iter().max_by(|a, b| a.1.total_cmp(&b.1)).unwrap();
        println!("search: {} keystrokes, slowest {:.1} ms at {:?}", times.len(), worst.1, worst.0);
    }
    let (med, p95) = (median(&mut all.clone()), percentile(&mut all, 95.0));
    rows.push(Row {
        bar: "3. search keystroke → top 50 (median)",
        figure: format!("{med:.1} ms"),
        limit: "≤ 16 ms".into(),
        pass: med <= 16.0,
    });
    rows.push(Row {
        bar: "3. search keystroke → top 50 (p95)",
        figure: format!("{p95:.1} ms"),
        limit: "≤ 60 ms".into(),
        pass: p95 <= 60.0,
    });

    // 5. Reader (takes the data).
    let r = reader(data);
    println!(
        "reader: open {:.1} ms, {} lines; frames median {:.2} ms, max {:.2} ms",
        r.open, r.lines, r.frame_median, r.frame_max
    );
    rows.push(Row {
        bar: "5. reader: open 1 MB Sachverhalt",
        figure: format!("{:.1} ms", r.open),
        limit: "≤ 16 ms".into(),
        pass: r.open <= 16.0,
    });
    rows.push(Row {
        bar: "5. reader: scroll frame (max)",
        figure: format!("{:.2} ms (median {:.2})", r.frame_max, r.frame_median),
        limit: "≤ 16 ms".into(),
        pass: r.frame_max <= 16.0,
    });

    // 6. Termine and links.
    let j = r.jumps;
    let worst = |v: &[f64]| v.iter().copied().fold(0.0, f64::max);
    println!(
        "jumps: backlinks built in {:.0} ms; Termine ({} rows) median {:.2} ms max {:.2}; follow median {:.2} max {:.2}; back median {:.2} max {:.2}",
        j.backlinks,
        j.termine_rows,
        median(&mut j.termine.clone()),
        worst(&j.termine),
        median(&mut j.follow.clone()),
        worst(&j.follow),
        median(&mut j.back.clone()),
        worst(&j.back)
    );
    for (bar, v) in [
        ("6. open Termine (max of 20)", &j.termine),
        ("6. follow a link (max of 20)", &j.follow),
        ("6. back (max of 20)", &j.back),
    ] {
        rows.push(Row {
            bar,
            figure: format!("{:.2} ms (median {:.2})", worst(v), median(&mut v.clone())),
            limit: "≤ 16 ms".into(),
            pass: worst(v) <= 16.0,
        });
    }

    // 4. Memory, in a fresh process.
    match rss_in_child(&dir) {
        Some((hwm, rss)) => {
            let ratio = hwm as f64 / bytes as f64;
            println!(
                "memory: peak {:.0} MB, after load {:.0} MB, JSON {:.0} MB",
                hwm as f64 / 1e6,
                rss as f64 / 1e6,
                bytes as f64 / 1e6
            );
            rows.push(Row {
                bar: "4. peak RSS / JSON bytes",
                figure: format!("{:.0} MB / {:.0} MB = {ratio:.2}×", hwm as f64 / 1e6, bytes as f64 / 1e6),
                limit: "≤ 1.00×".into(),
                pass: ratio <= 1.0,
            });
        }
        None => println!("memory: the child process failed"),
    }

    println!();
    println!("| bar | measured | limit | |");
    println!("|---|---|---|---|");
    for r in &rows {
        println!("| {} | {} | {} | {} |", r.bar, r.figure, r.limit, if r.pass { "pass" } else { "FAIL" });
    }
}
