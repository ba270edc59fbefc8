//! The terminal UI, driven key by key and rendered with ratatui's
//! `TestBackend`: what the screen shows after key sequences.

mod common;

use common::{Harness, export};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratsinfo::ui::app::{Overlay, Pane};

/// Index of the first line containing `needle`; panics with the screen.
fn find(lines: &[String], needle: &str) -> usize {
    lines
        .iter()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle:?} not found in:\n{}", lines.join("\n")))
}

fn has(lines: &[String], needle: &str) -> bool {
    lines.iter().any(|l| l.contains(needle))
}

/// A pane row without its border and padding.
fn inner(line: &str) -> &str {
    line.trim_start_matches('│').trim_end_matches('│').trim()
}

/// The tree row drawn as selected (reversed when the tree has the focus,
/// bold and underlined otherwise).
fn selected_tree_row(h: &Harness) -> String {
    let buf = h.buffer();
    let area = h.app.panes.tree;
    let rows = h.tree_lines();
    let sel = (area.top() + 1..area.bottom().saturating_sub(1))
        .filter(|&y| {
            let m = buf[(area.x + 1, y)].modifier;
            m.contains(Modifier::REVERSED) || m.contains(Modifier::BOLD | Modifier::UNDERLINED)
        })
        .collect::<Vec<_>>();
    assert_eq!(sel.len(), 1, "one selected row expected:\n{}", rows.join("\n"));
    rows[usize::from(sel[0] - area.y)].clone()
}

/// The reader's position indicator (" 42% " in its bottom border), if shown.
fn percent(h: &Harness) -> Option<u32> {
    let lines = h.reader_lines();
    let bottom = lines.last()?;
    let end = bottom.find("% ")?;
    let start = bottom[..end].rfind(' ')? + 1;
    bottom[start..end].parse().ok()
}

/// Every cell symbol of `buf` that holds a control or formatting char.
fn bad_cells(buf: &Buffer) -> Vec<(u16, u16, String)> {
    let bidi_or_invisible = |c: char| matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}');
    let mut bad = Vec::new();
    for y in buf.area.top()..buf.area.bottom() {
        for x in buf.area.left()..buf.area.right() {
            let sym = buf[(x, y)].symbol();
            if sym.chars().any(|c| c.is_control() || bidi_or_invisible(c)) {
                bad.push((x, y, sym.escape_unicode().to_string()));
            }
        }
    }
    bad
}

/// Control or formatting chars in what the app hands to ratatui (which
/// would filter some of them itself): the reader's lines and title, and the
/// search result rows.
fn bad_app_text(h: &Harness) -> Vec<String> {
    let bad =
        |s: &str| s.chars().any(|c| c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{200B}'));
    let mut texts: Vec<String> =
        h.app.reader.lines().iter().flat_map(|l| l.spans.iter()).map(|s| s.content.to_string()).collect();
    texts.push(h.app.reader.doc.title.clone());
    if let Some(search) = &h.app.search {
        use ratsinfo::ui::views::search::Row;
        texts.extend(search.visible.iter().filter_map(|row| match row {
            Row::Hit { text, .. } | Row::TextHead { text, .. } | Row::Note { text, .. } => Some(text.clone()),
            Row::TextSnippet { section, snippet, .. } => Some(format!("{section}{snippet}")),
            Row::Divider => None,
        }));
    }
    texts.into_iter().filter(|t| bad(t)).collect()
}

// --- start ---------------------------------------------------------------

#[test]
fn start_shows_the_gremien_of_the_sample_and_the_keys() {
    let h = Harness::sample(80, 24);
    let tree = h.tree_lines();
    assert!(tree[0].starts_with("┌Gremien"), "{}", tree[0]);
    // Gremien alphabetically, "Alle Vorlagen" last.
    let order: Vec<usize> = [
        "Ausschuss für Soziales",
        "Haupt- und Finanzausschuss",
        "Integrationsrat",
        "Rat der Stadt",
        "Alle Vorlagen",
    ]
    .iter()
    .map(|g| find(&tree, g))
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}\n{}", tree.join("\n"));
    assert!(tree[1].contains("▸ Ausschuss"), "collapsed at start: {}", tree[1]);
    assert!(selected_tree_row(&h).contains("Ausschuss für Soziales"));
    let status = h.lines().last().cloned().unwrap_or_default();
    for hint in ["/ suchen", "? Hilfe", "q beenden", "Tab Bereich", "↑↓ wählen"] {
        assert!(status.contains(hint), "{hint:?} missing in status line {status:?}");
    }
    // The reader follows the selection: the Gremium's sessions.
    let reader = h.reader_lines();
    assert!(has(&reader, "Sitzungen"), "{}", reader.join("\n"));
    assert!(has(&reader, "06.06.2013  1 TOP"), "{}", reader.join("\n"));
}

#[test]
fn loading_screen_before_data_arrives() {
    let (tx, _rx) = std::sync::mpsc::channel();
    let progress = std::sync::Arc::new(ratsinfo::pipeline::Progress::default());
    progress.files_total.store(3, std::sync::atomic::Ordering::Relaxed);
    progress.files_done.store(1, std::sync::atomic::Ordering::Relaxed);
    let app = ratsinfo::ui::app::App::new(progress, tx, Rect::new(0, 0, 80, 24));
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).expect("test terminal");
    terminal.draw(|f| ratsinfo::ui::view::draw(&app, f)).expect("drawing");
    let screen = common::screen_text(terminal.backend().buffer());
    assert!(screen.contains("Lade … 1/3 Dateien"), "{screen}");
}

// --- search --------------------------------------------------------------

#[test]
fn search_doppel_and_enter_opens_2021_0832_in_tree_and_reader() {
    let mut h = Harness::sample(80, 24);
    h.press("/doppel");
    let lines = h.lines();
    assert!(lines[0].starts_with("┌Suche"), "{}", lines[0]);
    assert!(lines[1].contains("> doppel"), "{}", lines[1]);
    assert!(lines[2].contains("2 Treffer"), "{}", lines[2]);
    assert!(lines[3].contains("2021/0832 · Antrag: Prüfauftrag"), "best match first:\n{}", lines.join("\n"));
    assert!(lines[4].contains("2022/0072"), "{}", lines.join("\n"));

    h.press("Enter");
    assert!(h.app.search.is_none());
    let tree = h.tree_lines();
    let rat = find(&tree, "▾ Rat der Stadt");
    let session = find(&tree, "▾ 07.09.2021");
    // At 80 columns the tree row shows the title; the number follows it.
    let item = find(&tree, "Antrag: Prüfauftrag");
    assert!(rat < session && session < item, "{}", tree.join("\n"));
    assert_eq!(item, session + 1);
    let selected = selected_tree_row(&h);
    assert!(selected.contains("Antrag: Prüfauftrag"), "{selected}");
    // The other sessions of the Rat stay closed.
    assert!(has(&tree, "▸ 15.02.2022"), "{}", tree.join("\n"));

    let reader = h.reader_lines();
    assert!(reader[0].contains("2021/0832 · Antrag-Formular"), "reader title: {}", reader[0]);
    assert!(has(&reader, "Antrag: Prüfauftrag zur Umsetzung"), "{}", reader.join("\n"));

    // The Sachverhalt is further down: switch to the reader and page.
    h.press("Tab");
    assert_eq!(h.app.focus, Pane::Reader);
    let mut pages = 0;
    while !has(&h.reader_lines(), "Die aufenthaltsrechtliche Komplexität") {
        assert!(pages < 5, "Sachverhalt not reached:\n{}", h.reader_lines().join("\n"));
        h.press("PageDown");
        pages += 1;
    }
    assert!(pages >= 1, "the Sachverhalt should need scrolling at 80×24");
    // The tree keeps showing the item, now without the focus.
    assert!(selected_tree_row(&h).contains("Antrag: Prüfauftrag"));
}

const AELTESTENRAT: &str = r#"
    {"nummer": "2023/0001", "betreff": "Sitzordnung im Saal",
     "beratungsfolge": [{"gremium": "Ältestenrat", "datum": "2023-01-10"}]},
    {"nummer": "2023/0002", "betreff": "Radweg an der Hauptstraße",
     "beratungsfolge": [{"gremium": "Bauausschuss", "datum": "2023-02-01"}]}"#;

#[test]
fn search_ignores_the_case_of_umlauts() {
    for query in ["ältestenrat", "ÄLTESTENRAT", "ÄltestenRAT"] {
        let mut h = Harness::json(&export(AELTESTENRAT, ""), 80, 24);
        h.press("/").type_text(query);
        let lines = h.lines();
        assert!(lines[1].contains(&format!("> {query}")), "{}", lines[1]);
        assert!(lines[2].contains("1 Treffer"), "{query}:\n{}", lines.join("\n"));
        assert!(
            lines[3].contains("2023/0001 · Sitzordnung im Saal · Ältestenrat"),
            "{query}:\n{}",
            lines.join("\n")
        );
        assert!(!has(&lines, "2023/0002"), "{query}:\n{}", lines.join("\n"));
    }
}

#[test]
fn search_ranks_the_best_match_first() {
    let mut h = Harness::sample(80, 24);
    h.press("/2014/0290");
    let lines = h.lines();
    // One row per Vorlage: its latest session, date first.
    assert!(lines[2].contains("1 Treffer"), "{}", lines.join("\n"));
    assert!(
        lines[3].contains("06.05.2014  2014/0290 · Gesamtstädtisches Integrationskonzept"),
        "{}",
        lines.join("\n")
    );

    let mut h = Harness::sample(80, 24);
    h.press("/leitlinien");
    let lines = h.lines();
    assert!(lines[3].contains("2007/0189 · Leitlinien"), "{}", lines.join("\n"));

    // Nothing matches: said so, and Enter does nothing.
    let mut h = Harness::sample(80, 24);
    h.press("/xyzzyq");
    assert!(h.lines()[2].contains("Keine Treffer"), "{}", h.screen());
    h.press("Enter");
    assert!(h.app.search.is_some());
}

#[test]
fn search_moves_through_results_and_opens_the_chosen_one() {
    let mut h = Harness::sample(80, 24);
    h.press("/doppel Down Enter");
    assert!(selected_tree_row(&h).contains("Bericht der Verwaltung"), "{}", h.screen());
    assert!(h.app.reader.doc.title.starts_with("2022/0072"), "{}", h.screen());
    assert!(has(&h.tree_lines(), "▾ 15.02.2022"));
}

#[test]
fn backspace_and_ctrl_u_edit_the_query() {
    let mut h = Harness::sample(80, 24);
    h.press("/doppelx");
    assert!(h.lines()[2].contains("Keine Treffer"), "{}", h.screen());
    h.press("Backspace");
    assert!(h.lines()[1].contains("> doppel"), "{}", h.screen());
    assert!(h.lines()[2].contains("2 Treffer"), "{}", h.screen());
    h.press("C-u");
    assert!(h.lines()[2].contains("Tippen, um im ganzen Archiv zu suchen"), "{}", h.screen());
}

#[test]
fn a_search_result_opens_under_its_koerperschaft_and_year() {
    let file = |k: &str, nummer: &str, betreff: &str| {
        format!(
            r#"{{"koerperschaft": "{k}", "vorlagen": [{{"nummer": "{nummer}", "betreff": "{betreff}", "datum": "2019-05-06"}}]}}"#
        )
    };
    let batches = vec![
        ratsinfo::load::parse_bytes(
            "a.json",
            file("Stadt Aachen", "2019/0001", "Brunnen am Markt").as_bytes(),
        ),
        ratsinfo::load::parse_bytes("b.json", file("Stadt Bochum", "2019/0001", "Neue Buslinie").as_bytes()),
    ];
    let archive = ratsinfo::pipeline::finish(batches, Vec::new());
    let mut h = Harness::with_archive(archive, 120, 40);
    let tree = h.tree_lines();
    assert!(find(&tree, "▸ Stadt Aachen") < find(&tree, "▸ Stadt Bochum"), "{}", tree.join("\n"));
    h.press("/buslinie");
    assert!(h.lines()[3].contains("2019/0001 · Neue Buslinie"), "{}", h.screen());
    h.press("Enter");
    let tree = h.tree_lines();
    let rows: Vec<usize> =
        ["▸ Stadt Aachen", "▾ Stadt Bochum", "▾ Alle Vorlagen", "▾ 2019", "2019/0001 Neue Buslinie"]
            .iter()
            .map(|s| find(&tree, s))
            .collect();
    assert!(rows.windows(2).all(|w| w[0] < w[1]), "{}", tree.join("\n"));
    assert!(selected_tree_row(&h).contains("Neue Buslinie"));
    assert!(!has(&tree, "Brunnen am Markt"), "{}", tree.join("\n"));
    assert!(has(&h.reader_lines(), "Neue Buslinie"));
}

#[test]
fn esc_in_search_returns_to_where_you_were() {
    let mut h = Harness::sample(80, 24);
    h.press("j j j l j");
    let before = h.screen();
    let node = h.app.selected_node();
    assert!(selected_tree_row(&h).contains("15.02.2022"));
    h.press("/doppel");
    assert_ne!(h.screen(), before, "the search pane should cover the panes");
    h.press("Esc");
    assert!(h.app.search.is_none());
    assert_eq!(h.app.selected_node(), node);
    assert_eq!(h.screen(), before);

    // From the reader: focus and scroll position come back too.
    h.press("Tab j j");
    let before = h.screen();
    let scroll = h.app.reader.scroll;
    h.press("/integration Down Esc");
    assert_eq!(h.app.focus, Pane::Reader);
    assert_eq!(h.app.reader.scroll, scroll);
    assert_eq!(h.screen(), before);
}

// --- tree ----------------------------------------------------------------

#[test]
fn tree_expands_collapses_and_lists_sessions_newest_first() {
    let mut h = Harness::sample(120, 40);
    h.press("j j j");
    assert!(selected_tree_row(&h).contains("Rat der Stadt"));
    assert!(!has(&h.tree_lines(), "07.09.2021"));

    h.press("l");
    let tree = h.tree_lines();
    assert!(has(&tree, "▾ Rat der Stadt"), "{}", tree.join("\n"));
    let rows: Vec<usize> =
        ["Rat der Stadt", "15.02.2022", "07.09.2021", "06.05.2014", "27.03.2007", "Alle Vorlagen"]
            .iter()
            .map(|s| find(&tree, s))
            .collect();
    assert_eq!(rows, (rows[0]..rows[0] + 6).collect::<Vec<_>>(), "{}", tree.join("\n"));
    assert!(tree[rows[1]].contains("15.02.2022  1 TOP"), "{}", tree[rows[1]]);

    h.press("h");
    let tree = h.tree_lines();
    assert!(has(&tree, "▸ Rat der Stadt") && !has(&tree, "07.09.2021"), "{}", tree.join("\n"));

    // Arrows do the same; → on an open node steps into it, ← on a closed
    // one goes to its parent.
    h.press("Right");
    assert!(has(&h.tree_lines(), "07.09.2021"));
    h.press("Right");
    assert!(selected_tree_row(&h).contains("15.02.2022"));
    h.press("Right");
    let tree = h.tree_lines();
    assert!(has(&tree, "▾ 15.02.2022"), "{}", tree.join("\n"));
    assert!(has(&tree, "Bericht der Verwaltung zum"), "{}", tree.join("\n"));
    h.press("j");
    assert!(selected_tree_row(&h).contains("Bericht der Verwaltung zum"), "{}", h.screen());
    h.press("Left");
    assert!(selected_tree_row(&h).contains("15.02.2022"), "{}", h.screen());
    h.press("Left");
    assert!(!has(&h.tree_lines(), "Bericht der Verwaltung zum"), "{}", h.screen());
    h.press("Left");
    assert!(selected_tree_row(&h).contains("Rat der Stadt"), "{}", h.screen());
    h.press("Left");
    assert!(!has(&h.tree_lines(), "15.02.2022"));

    // Enter toggles a node with children.
    h.press("Enter");
    assert!(has(&h.tree_lines(), "15.02.2022"));
    h.press("Enter");
    assert!(!has(&h.tree_lines(), "15.02.2022"));

    // Integrationsrat: newest first as well.
    h.press("k l");
    let tree = h.tree_lines();
    assert!(find(&tree, "16.04.2014") < find(&tree, "15.03.2007"), "{}", tree.join("\n"));
}

#[test]
fn alle_vorlagen_lists_years_newest_first_and_numbers_in_order() {
    let mut h = Harness::sample(120, 40);
    h.press("G l");
    let tree = h.tree_lines();
    let years: Vec<usize> = ["2022  (1)", "2021  (1)", "2014  (1)", "2013  (1)", "2007  (1)"]
        .iter()
        .map(|y| find(&tree, y))
        .collect();
    assert!(years.windows(2).all(|w| w[0] < w[1]), "{}", tree.join("\n"));
    h.press("l l");
    assert!(has(&h.tree_lines(), "2022/0072 Bericht der Verwaltung"), "{}", h.screen());
}

#[test]
fn tops_of_a_session_are_in_agenda_order() {
    let auszug = |top: &str, titel: &str| {
        format!(r#"{{"gremium": "Rat", "datum": "2020-03-01", "top": "{top}", "titel": "{titel}"}}"#)
    };
    let auszuege = [
        auszug("Ö 10", "Zehnter Punkt"),
        auszug("Ö 2", "Zweiter Punkt"),
        auszug("N 1", "Nichtöffentlicher Punkt"),
        auszug("Ö 1.1", "Unterpunkt eins eins"),
    ]
    .join(",");
    let mut h = Harness::json(&export("", &auszuege), 120, 40);
    h.press("l l l");
    let tree = h.tree_lines();
    assert!(has(&tree, "01.03.2020  4 TOPs"), "{}", tree.join("\n"));
    let rows: Vec<usize> = [
        "Ö 1.1 Unterpunkt eins eins",
        "Ö 2 Zweiter Punkt",
        "Ö 10 Zehnter Punkt",
        "N 1 Nichtöffentlicher Punkt",
    ]
    .iter()
    .map(|s| find(&tree, s))
    .collect();
    let first = rows[0];
    assert_eq!(rows, vec![first, first + 1, first + 2, first + 3], "{}", tree.join("\n"));
}

#[test]
fn an_auszug_and_its_vorlage_in_one_session_are_one_item() {
    let vorlage = r#"{"nummer": "2020/0001", "betreff": "Neugestaltung des Stadtparks",
        "sachverhalt": "Der Park soll neue Wege bekommen.",
        "beratungsfolge": [{"gremium": "Rat", "datum": "2020-03-01", "rolle": "Entscheidung"},
                           {"gremium": "Bauausschuss", "datum": "2020-02-01", "rolle": "Vorberatung"}]}"#;
    let auszug = r#"{"gremium": "Rat", "datum": "01.03.2020", "top": "Ö 3", "vorlage": "2020/0001",
        "titel": "Stadtpark", "beschlussart": "beschlossen",
        "beschluss": "Der Rat beschließt die Neugestaltung."}"#;
    let mut h = Harness::json(&export(vorlage, auszug), 120, 40);
    // Gremien: Bauausschuss, Rat.
    h.press("j l l l");
    let tree = h.tree_lines();
    assert!(has(&tree, "01.03.2020  1 TOP"), "{}", tree.join("\n"));
    let rows: Vec<&String> = tree.iter().filter(|l| l.contains("2020/0001")).collect();
    assert_eq!(rows.len(), 1, "{}", tree.join("\n"));
    assert!(rows[0].contains("Ö 3 Stadtpark · beschlossen · 2020/0001"), "{}", rows[0]);

    h.press("j");
    let reader = h.reader_lines();
    let text: Vec<&str> = reader.iter().map(|l| inner(l)).collect();
    // The Auszug first, then its Vorlage under a heading; the session the
    // item belongs to is marked in the Beratungsfolge.
    let at = |s: &str| find(&reader, s);
    assert!(at("Stadtpark") < at("Der Rat beschließt die Neugestaltung."));
    assert!(at("Der Rat beschließt") < at("Vorlage 2020/0001"));
    assert!(at("Vorlage 2020/0001") < at("Neugestaltung des Stadtparks"));
    assert!(text.contains(&"▸ 01.03.2020  Rat · Entscheidung"), "{}", reader.join("\n"));
    assert!(text.contains(&"01.02.2020  Bauausschuss · Vorberatung"), "{}", reader.join("\n"));
    assert!(has(&reader, "Der Park soll neue Wege bekommen."));
}

// --- reader --------------------------------------------------------------

#[test]
fn reader_shows_sections_with_headings() {
    let mut h = Harness::sample(120, 100);
    h.press("/doppel Enter");
    let reader = h.reader_lines();
    let text: Vec<&str> = reader.iter().map(|l| inner(l)).collect();
    let heading = |name: &str| {
        text.iter()
            .position(|l| *l == name)
            .unwrap_or_else(|| panic!("no heading {name}:\n{}", text.join("\n")))
    };
    let rows: Vec<usize> = ["Beratungsfolge", "Beschlussvorschlag", "Sachverhalt", "Anlagen"]
        .iter()
        .map(|s| heading(s))
        .collect();
    assert!(rows.windows(2).all(|w| w[0] < w[1]), "{rows:?}");
    for &r in &rows {
        assert!(!text[r + 1].is_empty(), "heading {} followed by nothing:\n{}", text[r], text.join("\n"));
        // Headings stand out: bold and underlined.
        let buf = h.buffer();
        let area = h.app.panes.reader;
        let m = buf[(area.x + 2, area.y + r as u16)].modifier;
        assert!(m.contains(Modifier::BOLD | Modifier::UNDERLINED), "{}: {m:?}", text[r]);
    }
    // 2021/0832 has no financial section.
    assert!(!text.contains(&"Finanzielle Auswirkungen"), "{}", text.join("\n"));
    assert!(
        text[rows[0] + 1].starts_with("▸ 07.09.2021  Rat der Stadt · Entscheidung"),
        "{}",
        text[rows[0] + 1]
    );
    assert!(text[rows[1] + 1].starts_with("Die Fraktionen von CDU und SPD"), "{}", text[rows[1] + 1]);
    assert!(text[rows[2] + 1].starts_with("Die aufenthaltsrechtliche Komplexität"), "{}", text[rows[2] + 1]);
    assert!(text[rows[3] + 1].starts_with("Anlage 1  210907 Prüfauftrag CDU_SPD"), "{}", text[rows[3] + 1]);
    let fields = ["Nummer", "Art", "Status", "Verfasser", "Federführend", "Bearbeiter"];
    for f in fields {
        assert!(text.iter().any(|l| l.starts_with(f)), "field {f}:\n{}", text.join("\n"));
    }
    assert!(has(&reader, "CDU-Fraktion und SPD Fraktion"));
}

#[test]
fn reader_leaves_out_empty_sections() {
    let vorlage = r#"{"nummer": "2023/0005", "betreff": "Mitteilung ohne Inhalt", "art": "Mitteilung",
        "datum": "2023-05-02", "sachverhalt": "\u00a0\n\n \u00a0 ", "beschlussvorschlag": "",
        "anlagen": [], "beratungsfolge": [], "finanzielle_auswirkungen": "keine"}"#;
    let mut h = Harness::json(&export(vorlage, ""), 80, 24);
    // Only "Alle Vorlagen" → 2023 → the Vorlage.
    h.press("l l l j");
    let reader = h.reader_lines();
    let text: Vec<&str> = reader.iter().map(|l| inner(l)).collect();
    assert!(has(&reader, "Mitteilung ohne Inhalt"), "{}", text.join("\n"));
    assert!(text.contains(&"Finanzielle Auswirkungen"), "{}", text.join("\n"));
    assert!(text.contains(&"keine"), "{}", text.join("\n"));
    for absent in ["Sachverhalt", "Beschlussvorschlag", "Anlagen", "Beratungsfolge", "Verfasser", "Status"] {
        assert!(!text.iter().any(|l| l.starts_with(absent)), "{absent} shown:\n{}", text.join("\n"));
    }
    assert!(text.iter().any(|l| l.starts_with("Datum") && l.ends_with("02.05.2023")), "{}", text.join("\n"));
}

#[test]
fn an_auszug_whose_vorlage_is_missing_says_so() {
    let auszug = r#"{"gremium": "Rat", "datum": "2020-03-01", "top": "Ö 4", "vorlage": "2099/0001",
        "titel": "Fehlender Bericht"}"#;
    let mut h = Harness::json(&export("", auszug), 120, 40);
    h.press("l l l j");
    let reader = h.reader_lines();
    assert!(has(&reader, "Fehlender Bericht"), "{}", reader.join("\n"));
    let row = find(&reader, "Vorlage ");
    assert!(reader[row].contains("2099/0001 (Vorlage nicht geladen)"), "{}", reader.join("\n"));
    assert!(selected_tree_row(&h).contains("Ö 4 Fehlender Bericht · 2099/0001"));
}

#[test]
fn the_position_indicator_follows_scrolling() {
    let mut h = Harness::sample(80, 24);
    assert_eq!(percent(&h), None, "a short document needs no indicator:\n{}", h.screen());
    h.press("/doppel Enter Tab");
    let top = percent(&h).unwrap_or_else(|| panic!("no % on a long document:\n{}", h.screen()));
    assert!(top < 100, "{top}");
    h.press("PageDown");
    let paged = percent(&h).expect("indicator after paging");
    assert!(paged > top, "{top}% → {paged}%");
    h.press("G");
    assert_eq!(percent(&h), Some(100), "{}", h.screen());
    h.press("g");
    assert_eq!(percent(&h), Some(top));
    h.press("j");
    assert!(percent(&h).expect("indicator") >= top);
    assert_eq!(h.app.reader.scroll, 1);
}

#[test]
fn esc_in_the_reader_goes_back_to_the_tree() {
    let mut h = Harness::sample(80, 24);
    h.press("Tab");
    assert_eq!(h.app.focus, Pane::Reader);
    h.press("Esc");
    assert_eq!(h.app.focus, Pane::Tree);
    assert!(!h.app.quit);
}

#[test]
fn growing_the_window_shows_the_document_from_the_top_when_it_fits() {
    let mut h = Harness::sample(80, 24);
    h.press("/doppel Enter Tab G");
    assert!(h.app.reader.scroll > 0);
    let total = h.app.reader.lines().len();
    // Tall enough for the whole document; the width (and so the wrapping)
    // stays the same.
    h.resize(80, u16::try_from(total + 10).unwrap_or(u16::MAX));
    let reader = h.reader_lines();
    assert!(has(&reader, "Antrag: Prüfauftrag zur Umsetzung"), "{}", reader.join("\n"));
    assert_eq!(h.app.reader.scroll, 0);
}

#[test]
fn growing_the_window_shows_the_tree_from_the_top_when_it_fits() {
    let mut h = Harness::sample(80, 10);
    // Ten rows (four Gremien, "Alle Vorlagen" and five years) in a tree
    // pane of seven: the last row selected scrolls the first three away.
    h.press("G l G");
    assert_eq!(h.app.tree.rows.len(), 10);
    assert_eq!(h.app.tree.list.offset, 3);
    h.resize(80, 60);
    let tree = h.tree_lines();
    assert!(tree[1].contains("Ausschuss für Soziales"), "{}", tree.join("\n"));
}

#[test]
fn collapsing_near_the_end_does_not_hide_rows_above_empty_space() {
    let mut h = Harness::sample(80, 10);
    h.press("G l G");
    assert_eq!(h.app.tree.list.offset, 3);
    // Up to "Alle Vorlagen" and close it: five rows for seven lines.
    h.press("h h");
    assert_eq!(h.app.tree.rows.len(), 5);
    assert!(selected_tree_row(&h).contains("Alle Vorlagen"));
    let tree = h.tree_lines();
    assert!(tree[1].contains("Ausschuss für Soziales"), "{}", tree.join("\n"));
}

// --- help and quitting -----------------------------------------------------

#[test]
fn help_lists_the_keys_of_the_table_and_esc_closes_it() {
    let mut h = Harness::sample(100, 130);
    let before = h.screen();
    h.press("?");
    assert_eq!(h.app.overlay, Some(Overlay::Help));
    let screen = h.screen();
    assert!(screen.contains("┌Hilfe"), "{screen}");
    assert!(screen.contains("im ganzen Archiv suchen"), "{screen}");
    for b in &h.app.keymap.bindings {
        assert!(screen.contains(b.help.get()), "help for {:?} missing:\n{screen}", b.label());
    }
    assert!(screen.contains("/               im ganzen Archiv suchen"), "{screen}");
    h.press("Esc");
    assert_eq!(h.app.overlay, None);
    assert_eq!(h.screen(), before);

    // F1 opens it, ? closes it again, q closes it without quitting.
    h.press("F1");
    assert_eq!(h.app.overlay, Some(Overlay::Help));
    h.press("?");
    assert_eq!(h.app.overlay, None);
    h.press("? q");
    assert_eq!(h.app.overlay, None);
    assert!(!h.app.quit);
}

#[test]
fn help_scrolls_on_a_small_screen() {
    let mut h = Harness::sample(80, 24);
    h.press("?");
    let top = h.screen();
    assert!(!top.contains("Teil der Suchanfrage"), "{top}");
    h.press("G");
    assert!(h.screen().contains("Teil der Suchanfrage"), "{}", h.screen());
    h.press("g");
    assert_eq!(h.screen(), top);
}

#[test]
fn help_scrolls_back_up_after_the_end() {
    let mut h = Harness::sample(80, 24);
    h.press("? G");
    let bottom = h.screen();
    h.press("k");
    assert_ne!(h.screen(), bottom, "↑ after End should move the help up by a line");
    h.press("? ? j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j");
    let end = h.screen();
    h.press("k");
    assert_ne!(h.screen(), end, "↑ after scrolling past the end should move the help up");
}

#[test]
fn problems_overlay_says_when_there_are_none() {
    let mut h = Harness::sample(80, 24);
    h.press("p");
    assert_eq!(h.app.overlay, Some(Overlay::Problems));
    assert!(h.screen().contains("Keine Probleme beim Laden."), "{}", h.screen());
    h.press("Esc");
    assert_eq!(h.app.overlay, None);
}

#[test]
fn problems_overlay_and_status_line_show_load_problems() {
    let json = "{\"vorlagen\": [\n {\"nummer\": \"1\", \"betreff\": \"a\", \"datum\": \"31.02.2026\"}]}";
    let batch = ratsinfo::load::parse_bytes("kaputt.json", json.as_bytes());
    let archive = ratsinfo::pipeline::finish(vec![batch], Vec::new());
    let mut h = Harness::with_archive(archive, 100, 30);
    let status = h.lines().last().cloned().unwrap_or_default();
    assert!(status.contains("1 Fehler (p)"), "{status}");
    h.press("p");
    let screen = h.screen();
    assert!(screen.contains("Fehler  kaputt.json:2:"), "{screen}");
    assert!(screen.contains("ungültiges Datum „31.02.2026“"), "{screen}");
}

#[test]
fn q_quits_in_the_tree() {
    let mut h = Harness::sample(80, 24);
    assert!(!h.app.quit);
    h.press("q");
    assert!(h.app.quit);
}

#[test]
fn q_in_the_search_is_typed_not_quit() {
    let mut h = Harness::sample(80, 24);
    h.press("/q");
    assert!(!h.app.quit);
    assert_eq!(h.app.search.as_ref().map(|s| s.input.as_str()), Some("q"));
}

#[test]
fn ctrl_c_quits_in_every_mode() {
    for (setup, mode) in
        [("", "tree"), ("Tab", "reader"), ("/dop", "search"), ("?", "help"), ("p", "problems")]
    {
        let mut h = Harness::sample(80, 24);
        h.press(setup);
        assert!(!h.app.quit, "{mode}: quit too early");
        h.press("C-c");
        assert!(h.app.quit, "Ctrl-c did not quit in {mode}");
    }
    // Also in a one-pane layout, with the reader shown.
    let mut h = Harness::sample(60, 20);
    h.press("Tab C-c");
    assert!(h.app.quit);
}

// --- sizes -----------------------------------------------------------------

#[test]
fn narrow_windows_show_one_pane_and_tab_switches() {
    let mut h = Harness::sample(60, 20);
    assert!(h.app.panes.single);
    let lines = h.lines();
    assert!(lines[0].starts_with("┌Gremien"), "{}", lines[0]);
    assert_eq!(lines[0].chars().count(), 60);
    assert_eq!(h.app.panes.reader, Rect::default());
    assert!(has(&lines, "Rat der Stadt") && !has(&lines, "Sitzungen"), "{}", lines.join("\n"));

    h.press("Tab");
    let lines = h.lines();
    assert!(!lines[0].contains("Gremien"), "{}", lines[0]);
    assert!(lines[0].starts_with("┌Ausschuss für Soziales"), "{}", lines[0]);
    assert!(has(&lines, "Sitzungen") && !has(&lines, "Rat der Stadt"), "{}", lines.join("\n"));
    assert_eq!(h.app.panes.tree, Rect::default());

    h.press("Tab");
    assert!(h.lines()[0].starts_with("┌Gremien"));

    // Opening a search result shows the reader.
    h.press("/doppel Enter");
    assert_eq!(h.app.focus, Pane::Reader);
    let lines = h.lines();
    assert!(has(&lines, "Antrag: Prüfauftrag zur Umsetzung"), "{}", lines.join("\n"));
    h.press("Esc");
    assert!(h.lines()[0].starts_with("┌Gremien"));
    assert!(selected_tree_row(&h).contains("Antrag: Prüfauftrag"), "{}", selected_tree_row(&h));
}

#[test]
fn tiny_windows_say_they_are_too_small() {
    let mut h = Harness::sample(19, 5);
    let screen = h.screen();
    assert!(screen.contains("Fenster zu klein"), "{screen}");
    assert!(!screen.contains("Gremien"), "{screen}");
    for (w, hgt) in [(19, 24), (80, 5), (10, 2)] {
        h.resize(w, hgt);
        assert!(h.screen().contains("Fenster"), "{w}×{hgt}:\n{}", h.screen());
    }
    h.resize(20, 6);
    let screen = h.screen();
    assert!(!screen.contains("Fenster zu klein") && screen.contains("Gremien"), "{screen}");
    h.resize(80, 24);
    assert!(h.screen().contains("Alle Vorlagen"));
}

/// Key sequences that reach every mode and pane; each starts from any state.
const SEQUENCES: &[&str] = &[
    "",
    "j j j l j l j",
    "Esc Esc Tab PageDown PageDown G",
    "Esc Esc / d o p Enter",
    "Esc Esc /integration Down Down PageDown",
    "Esc Esc ?",
    "Esc Esc G PageDown",
    "Esc Esc p",
    "Esc Esc Tab n N C-d C-u",
];

/// Sizes from 1×1 to 300×100, sampled: dense where layouts change (small
/// sizes, around the two-pane threshold), sparse elsewhere.
fn sizes() -> Vec<(u16, u16)> {
    let mut v = vec![(0, 0)];
    let widths = (1..=24).chain((25..=120).step_by(7)).chain([78, 79, 80, 81, 200, 299, 300]);
    for w in widths {
        for h in (1..=8).chain((10..=50).step_by(8)).chain([100]) {
            v.push((w, h));
        }
    }
    v
}

/// Renders and checks what must hold at any size.
fn check_frame(h: &Harness, what: &str) {
    let buf = h.buffer();
    let size = h.app.panes.size;
    assert_eq!(buf.area, size, "{what}");
    let width = h.app.panes.reader_text_width();
    if width > 0 {
        for l in h.app.reader.lines() {
            assert!(l.width() <= usize::from(width), "{what}: reader line wider than {width}: {l:?}");
        }
    }
    if size.width >= 20 && size.height >= 6 {
        let text = common::screen_text(&buf);
        assert!(!text.contains("Fenster zu klein"), "{what}");
    }
}

#[test]
fn renders_at_every_size_after_key_sequences() {
    for (w, hgt) in sizes() {
        let mut h = Harness::sample(w, hgt);
        for seq in SEQUENCES {
            h.press(seq);
            check_frame(&h, &format!("{w}×{hgt} after {seq:?}"));
        }
    }
}

#[test]
fn renders_through_resizes() {
    for seq in SEQUENCES {
        let mut h = Harness::sample(80, 24);
        h.press(seq);
        for (w, hgt) in sizes() {
            h.resize(w, hgt);
            check_frame(&h, &format!("{seq:?} resized to {w}×{hgt}"));
        }
        // Keys at odd sizes, then back to a normal one.
        for (w, hgt) in [(0, 0), (1, 1), (19, 5), (200, 60), (21, 7), (60, 20), (80, 24)] {
            h.resize(w, hgt);
            h.press("j l Tab PageDown Tab");
            check_frame(&h, &format!("{seq:?} keys at {w}×{hgt}"));
        }
        // Back at 80×24 the frame is whole: a pane on top, the status below.
        let lines = h.lines();
        assert_eq!(lines.len(), 24);
        assert!(lines[0].starts_with('┌') && lines[22].starts_with('└'), "{seq:?}:\n{}", lines.join("\n"));
        assert!(lines[23].contains("q beenden") || lines[23].contains("Esc schließen"), "{}", lines[23]);
    }
}

// --- hostile text ------------------------------------------------------------

const HOSTILE: &str = r#"{"format": "ratsinfo-export/1",
    "koerperschaft": "Stadt \u001b[2J\u202eBöse",
    "vorlagen": [{"nummer": "2024/0666\u0007", "betreff": "Antrag \u001b]52;c;ZXZpbA==\u0007 und \u202eesöb\u200b \u009b31m rot",
        "art": "Antrag\u001b[0m", "verfasser": "\u001bP+q\u001b\\",
        "beratungsfolge": [{"gremium": "Rat\u202e\u0008\u0008 der Stadt", "datum": "2024-01-02", "ergebnis": "ok\u001b[5n"}],
        "sachverhalt": "Zeile eins\u001b]0;Titel\u0007\n\n\u202eZeile zwei\u0000\r\nZeile drei\u000b\u000c\u0085 Ende",
        "anlagen": [{"nr": "1\u001b", "name": "Anlage\u001b[8m versteckt", "groesse": "1\u202e KB"}]}],
    "auszuege": [{"gremium": "Rat\u202e\u0008\u0008 der Stadt", "datum": "2024-01-02", "top": "Ö\u001b 1",
        "vorlage": "2024/0666\u0007", "titel": "Titel\u001b[31m\u202e", "beschluss": "Beschluss\u0007\u001b[?1049h",
        "wortprotokoll": "\u009d0;x\u009c", "raum": "\u2066Raum\u2069", "beginn": "17:00", "ende": "18:00"}]}"#;

#[test]
fn hostile_text_never_reaches_a_cell_as_a_control_character() {
    for (w, hgt) in [(120, 40), (80, 24), (60, 20), (30, 10)] {
        let mut h = Harness::json(HOSTILE, w, hgt);
        let mut frames = 0;
        let mut check = |h: &Harness, what: &str| {
            let bad = bad_cells(&h.buffer());
            assert!(bad.is_empty(), "{w}×{hgt} {what}: {bad:?}\n{}", h.screen());
            let bad = bad_app_text(h);
            assert!(bad.is_empty(), "{w}×{hgt} {what}: {bad:?}");
            frames += 1;
        };
        check(&h, "start");
        // Every row of the tree, open, with the reader following.
        for _ in 0..12 {
            h.press("l");
            check(&h, "tree");
            h.press("j");
            check(&h, "tree");
        }
        h.press("Tab");
        for _ in 0..6 {
            check(&h, "reader");
            h.press("PageDown");
        }
        h.press("Esc g");
        for query in ["/antrag", "/rat", "/2024", "/rot"] {
            h.press(query);
            check(&h, query);
            h.press("Enter");
            check(&h, &format!("{query} opened"));
            h.press("Tab");
            check(&h, &format!("{query} reader"));
            h.press("Esc");
        }
        h.press("p");
        check(&h, "problems");
        h.press("Esc ?");
        check(&h, "help");
        assert!(frames > 30);
    }
    // The text itself is shown, made inert.
    let mut h = Harness::json(HOSTILE, 120, 40);
    h.press("/antrag Enter");
    let screen = h.screen();
    assert!(screen.contains("Antrag ␛]52;c;ZXZpbA==␇ und esöb"), "{screen}");
}

#[test]
fn control_characters_typed_into_the_search_are_not_drawn_raw() {
    let mut h = Harness::sample(80, 24);
    h.press("/");
    h.type_text("do\u{1b}[2J\u{9b}ppel\u{7}");
    let bad = bad_cells(&h.buffer());
    assert!(bad.is_empty(), "{bad:?}\n{}", h.screen());
}

#[test]
fn bidi_characters_typed_into_the_search_are_not_drawn_raw() {
    let mut h = Harness::sample(80, 24);
    h.press("/");
    h.type_text("dop\u{202e}pel\u{200b}");
    let bad = bad_cells(&h.buffer());
    assert!(bad.is_empty(), "{bad:?}\n{}", h.screen());
}

// --- n/N in the reader ---------------------------------------------------------

/// The reader rows whose cells are highlighted as search hits (in the
/// theme's style for hits).
fn highlighted_words(h: &Harness) -> Vec<String> {
    let buf = h.buffer();
    let r = h.app.panes.reader;
    let hit = h.app.config.theme.style(ratsinfo::config::Role::Match);
    let mut words = Vec::new();
    for y in r.top()..r.bottom() {
        let mut word = String::new();
        for x in r.left()..r.right() {
            let cell = &buf[(x, y)];
            if cell.fg == hit.fg.unwrap_or_default() && cell.modifier.contains(hit.add_modifier) {
                word.push_str(cell.symbol());
            } else if !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
        }
        if !word.is_empty() {
            words.push(word);
        }
    }
    words
}

#[test]
fn n_and_shift_n_jump_between_hits_of_the_last_search_and_mark_them() {
    let mut h = Harness::sample(80, 24);
    h.press("/").type_text("integrationsrat");
    h.press("Enter Tab");
    let start = h.app.reader.scroll;
    h.press("n");
    let after_n = h.app.reader.scroll;
    assert!(after_n > start, "n must scroll to a later hit");
    let words = highlighted_words(&h);
    assert!(
        !words.is_empty() && words.iter().all(|w| w.eq_ignore_ascii_case("integrationsrat")),
        "{words:?}"
    );
    h.press("n");
    assert!(h.app.reader.scroll > after_n, "a second n goes further");
    h.press("N");
    assert_eq!(h.app.reader.scroll, after_n, "N goes back to the previous hit");
}

// --- long documents --------------------------------------------------------------

#[test]
fn a_long_document_opens_with_its_first_screen_and_completes_when_idle() {
    let para = "Ein Absatz des Sachverhalts mit Umlauten äöü und ß, lang genug zum Umbrechen. ".repeat(6);
    let text = vec![para; 3000].join("\\n\\n");
    let json = common::export(
        &format!(
            r#"{{"nummer": "2024/0001", "betreff": "Lang", "sachverhalt": "{text}", "beratungsfolge": [{{"gremium": "Rat", "datum": "2024-01-01"}}]}}"#
        ),
        "",
    );
    let archive = common::archive_from_json(&json);
    let mut h = Harness::with_archive(archive, 100, 30);
    // Open the item without idle time: only what the screen needs is laid out.
    for c in ['l', 'j', 'l', 'j'] {
        let key = ratatui::crossterm::event::KeyEvent::new(
            ratatui::crossterm::event::KeyCode::Char(c),
            ratatui::crossterm::event::KeyModifiers::NONE,
        );
        h.app.update(ratsinfo::ui::app::Msg::Input(ratatui::crossterm::event::Event::Key(key)));
    }
    let first = h.app.reader.lines().len();
    assert!(first > 0 && first < 1000, "opening laid out {first} lines");
    assert!(h.app.busy());
    assert!(h.app.reader.total_lines() > 10_000, "the estimate sees the whole text");
    // Idle time completes it.
    h.pump();
    assert!(!h.app.busy());
    let all = h.app.reader.lines().len();
    assert!(all > 10_000);
    // The end is reachable and shows the last paragraph. (The focused
    // reader is wider: laid out anew.)
    h.press("Tab G");
    let all = h.app.reader.lines().len();
    assert!(!h.app.busy());
    assert_eq!(h.app.reader.scroll, all - h.app.panes.reader_height());
}

#[test]
fn the_built_in_sample_shows_two_cities_at_the_top() {
    let h = Harness::builtin(100, 30);
    let tree = h.tree_lines();
    let herne = find(&tree, "Stadt Herne");
    let karlsruhe = find(&tree, "Stadt Karlsruhe");
    assert!(herne < karlsruhe, "{tree:#?}");
    // The slice's references to sessions outside it are Hinweise: the
    // status line, which names errors and warnings, stays quiet, and the
    // problem list still has them.
    let status = h.lines().last().unwrap().clone();
    assert!(!status.contains("Warnung") && !status.contains("Fehler"), "{status}");
    let mut h = h;
    h.press("p");
    assert!(h.screen().contains("Hinweis"), "{}", h.screen());
}

#[test]
fn a_long_problem_list_scrolls_to_its_end() {
    use ratsinfo::problem::{Problem, Severity};
    let problems: Vec<Problem> = (0..50_000)
        .map(|i| Problem::at(Severity::Error, "viel.json", i + 1, 1, format!("Problem Nummer {i}")))
        .collect();
    let archive = ratsinfo::pipeline::finish(Vec::new(), problems);
    let mut h = Harness::with_archive(archive, 80, 24);
    h.press("p");
    assert!(h.screen().contains("Problem Nummer 0"));
    h.press("G");
    let screen = h.screen();
    assert!(screen.contains("Problem Nummer 49999"), "{screen}");
    assert!(!screen.contains("Problem Nummer 0\n"), "{screen}");
    h.press("g");
    assert!(h.screen().contains("Problem Nummer 0"));
}

// --- long texts read from their files ------------------------------------------------

#[test]
fn a_text_is_read_from_its_file_and_a_changed_file_is_said_so() {
    let dir = common::TempDir::new("changed-file");
    let text = "Ein Sachverhalt, lang genug, um beim Laden in seiner Datei zu bleiben: äöü ß.";
    let vorlage = |nummer: &str, betreff: &str| {
        format!(
            r#"{{"nummer": "{nummer}", "betreff": "{betreff}", "sachverhalt": "{text}\n\nZweiter Absatz.", "beratungsfolge": [{{"gremium": "Rat", "datum": "2024-01-01"}}]}}"#
        )
    };
    // With a byte-order mark: places count from the file's first byte.
    let json = format!(
        "\u{FEFF}{}",
        export(&[vorlage("2024/0001", "Erste"), vorlage("2024/0002", "Zweite")].join(","), "")
    );
    let path = dir.write("a.json", &json);
    let archive = ratsinfo::pipeline::load_paths(&[dir.path().to_path_buf()], &Default::default());
    assert!(archive.problems.is_empty(), "{:?}", archive.problems);
    assert!(archive.vorlagen.iter().all(|v| v.sachverhalt.is_in_file()));
    let mut h = Harness::with_archive(archive, 100, 30);
    h.press("l j l j");
    let reader = h.reader_lines().join("\n");
    assert!(
        reader.contains("Erste") && reader.contains("lang genug") && reader.contains("Zweiter Absatz."),
        "{reader}"
    );

    std::fs::write(&path, json.replace("Zweiter", "Neuer")).unwrap();
    h.press("j");
    let reader = h.reader_lines().join("\n");
    assert!(reader.contains("Zweite"), "the record itself still shows: {reader}");
    assert!(reader.contains("Text kann nicht gelesen werden"), "{reader}");
    assert!(!reader.contains("Neuer"), "{reader}");
}

// --- pasting -----------------------------------------------------------------

/// A paste arrives as one event (bracketed paste) and is one edit: one
/// query, however long the text. The query is bounded, and the search pane
/// says that it was cut.
#[test]
fn a_100_kb_paste_is_one_bounded_edit() {
    use ratatui::crossterm::event::Event;
    use ratsinfo::ui::app::Msg;
    let mut h = Harness::sample(80, 24);
    h.press("/");
    let text = "Doppelstrategie\u{1b}[2J \n".repeat(100_000 / 20);
    let start = std::time::Instant::now();
    h.app.update(Msg::Input(Event::Paste(text)));
    h.pump();
    let took = start.elapsed();
    assert!(took < std::time::Duration::from_secs(2), "{took:?}");
    let input = h.app.search.as_ref().unwrap().input.clone();
    assert_eq!(input.chars().count(), ratsinfo::search::MAX_QUERY_CHARS, "{input:?}");
    assert!(!input.contains(['\n', '\u{1b}']), "{input:?}");
    assert!(h.screen().contains("gekürzt"), "{}", h.screen());
    assert!(bad_cells(&h.buffer()).is_empty());

    // Typed key by key (a terminal without bracketed paste): the same bound.
    let mut h = Harness::sample(80, 24);
    h.press("/");
    h.type_text(&"ab".repeat(300));
    assert_eq!(h.app.search.as_ref().unwrap().input.chars().count(), ratsinfo::search::MAX_QUERY_CHARS);
    assert!(h.screen().contains("gekürzt"), "{}", h.screen());
    // Shorter again: the note goes.
    h.press("C-u");
    h.type_text("doppel");
    assert!(!h.screen().contains("gekürzt"), "{}", h.screen());
}

#[test]
fn a_paste_outside_the_search_changes_nothing() {
    use ratatui::crossterm::event::Event;
    use ratsinfo::ui::app::Msg;
    let mut h = Harness::sample(80, 24);
    let before = h.screen();
    h.app.update(Msg::Input(Event::Paste("qqq".into())));
    h.pump();
    assert!(!h.app.quit);
    assert_eq!(h.screen(), before);
}

// --- overlays that wrap --------------------------------------------------------

/// Problems whose messages wrap take more than two rows each: scrolling
/// by laid-out rows, `G` shows the last problem whole.
#[test]
fn the_end_of_the_problem_list_shows_the_last_problem_though_messages_wrap() {
    let records: Vec<String> = (1..=30)
        .map(|i| {
            format!(r#"{{"nummer": "{i}", "betreff": "b", "datum": "Nr {i:02} kein Datum, sondern ein langer Text"}}"#)
        })
        .collect();
    let json = format!("{{\"vorlagen\": [\n{}]}}", records.join(",\n"));
    let batch = ratsinfo::load::parse_bytes("kaputt.json", json.as_bytes());
    assert_eq!(batch.problems.len(), 30);
    for (w, h) in [(80, 24), (40, 12), (120, 50)] {
        let archive = ratsinfo::pipeline::finish(
            vec![ratsinfo::load::parse_bytes("kaputt.json", json.as_bytes())],
            Vec::new(),
        );
        let mut hn = Harness::with_archive(archive, w, h);
        hn.press("p G");
        let screen = hn.screen();
        let overlay = hn.area_lines(ratsinfo::ui::overlay::rect(hn.app.panes.main));
        let text: String = overlay.iter().map(|l| inner(l)).collect::<Vec<_>>().join(" ");
        assert!(text.contains("„Nr 30 kein"), "{w}x{h}: the last problem's message:\n{screen}");
        assert!(text.contains("übernommen"), "{w}x{h}: its end:\n{screen}");
        // One row up shows less of it; the row before the end is not
        // the end.
        hn.press("k");
        assert_ne!(hn.screen(), screen, "{w}x{h}");
        hn.press("G j j");
        assert_eq!(hn.screen(), screen, "{w}x{h}: nothing beyond the end");
    }
}

#[test]
fn help_on_a_narrow_screen_scrolls_to_its_last_row() {
    let mut h = Harness::sample(24, 10);
    h.press("? G");
    let overlay = h.area_lines(ratsinfo::ui::overlay::rect(h.app.panes.main));
    let text: String = overlay.iter().map(|l| inner(l)).collect::<Vec<_>>().join(" ");
    assert!(text.contains("Suchanfrage."), "{}", h.screen());
}

// --- texts read from their files ---------------------------------------------

const LONG: &str = "Ein Sachverhalt, lang genug, um beim Laden in seiner Datei zu bleiben und erst beim Öffnen gelesen zu werden.";

/// An archive from a file on disk (so that long texts stay in it), and
/// the file's path.
fn archive_on_disk(dir: &std::path::Path) -> (ratsinfo::archive::Archive, std::path::PathBuf) {
    let path = dir.join("a.json");
    std::fs::write(
        &path,
        export(&format!(r#"{{"nummer": "2024/0001", "betreff": "Lang", "sachverhalt": "{LONG}"}}"#), ""),
    )
    .unwrap();
    let progress = std::sync::Arc::new(ratsinfo::pipeline::Progress::default());
    (ratsinfo::pipeline::load_paths(std::slice::from_ref(&path), &progress), path)
}

/// Opens tree nodes down to the Vorlage of [`archive_on_disk`].
fn go_to_the_vorlage(h: &mut Harness) {
    for _ in 0..10 {
        if h.app.reader.doc.title.contains("2024/0001") {
            return;
        }
        h.press("l j");
    }
    panic!("no Vorlage in the tree:\n{}", h.screen());
}

/// Runs `f` on another thread, failing the test if it takes longer than
/// `limit`: a UI that waits for a file never returns.
fn within<T: Send + 'static>(limit: std::time::Duration, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(limit).expect("the UI hung")
}

/// Opening an item whose file has become a named pipe: opening the pipe
/// waited for a writer, on the UI thread, and neither keys nor SIGTERM
/// were answered again. Now the reader says that the text cannot be read.
#[test]
fn a_text_whose_file_became_a_pipe_does_not_hang_the_ui() {
    let dir = common::TempDir::new("pipe_text");
    let (archive, path) = archive_on_disk(dir.path());
    let h = Harness::with_archive(archive, 100, 30);
    std::fs::remove_file(&path).unwrap();
    let c = std::ffi::CString::new(path.to_str().unwrap()).unwrap();
    // SAFETY: mkfifo with a valid path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    let h = within(std::time::Duration::from_secs(10), move || {
        let mut h = h;
        go_to_the_vorlage(&mut h);
        h
    });
    let reader = h.reader_lines().join("\n");
    assert!(reader.contains("Text kann nicht gelesen werden"), "{}", h.screen());
    assert!(!reader.contains("Ein Sachverhalt"), "{reader}");
    let mut h = h;
    h.press("q");
    assert!(h.app.quit);
}

/// A file that does not answer (a hung network drive): the reader says
/// "wird geladen" and stays usable; after the timeout it says the file
/// does not answer.
#[test]
fn a_file_that_does_not_answer_leaves_the_ui_responsive() {
    use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
    use ratsinfo::ui::app::Msg;
    let dir = common::TempDir::new("hung_text");
    let (archive, _path) = archive_on_disk(dir.path());
    let mut h = Harness::with_archive(archive, 100, 30);
    h.app.reader.read_texts = |_| {
        std::thread::sleep(std::time::Duration::from_secs(3600));
        unreachable!("a hung read")
    };
    h.app.reader.read_timeout = std::time::Duration::from_millis(300);
    go_to_the_vorlage(&mut h);
    h.press("k");
    let start = std::time::Instant::now();
    h.app.update(Msg::Input(Event::Key(KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE))));
    assert!(start.elapsed() < std::time::Duration::from_secs(1), "{:?}", start.elapsed());
    assert!(h.app.reading_pending());
    assert!(h.reader_lines().join("\n").contains("wird geladen"), "{}", h.screen());
    // Keys are answered meanwhile.
    h.app.update(Msg::Input(Event::Key(KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE))));
    assert!(start.elapsed() < std::time::Duration::from_secs(1));
    h.pump();
    assert!(h.reader_lines().join("\n").contains("antwortet"), "{}", h.screen());
    h.press("q");
    assert!(h.app.quit);
}

/// From a disk that answers, the text is there at once: no "wird geladen"
/// is ever drawn.
#[test]
fn a_text_from_a_local_file_shows_at_once() {
    use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
    use ratsinfo::ui::app::Msg;
    let dir = common::TempDir::new("local_text");
    let (archive, _path) = archive_on_disk(dir.path());
    let mut h = Harness::with_archive(archive, 100, 30);
    go_to_the_vorlage(&mut h);
    h.press("k");
    h.app.update(Msg::Input(Event::Key(KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE))));
    let reader = h.reader_lines().join("\n");
    assert!(reader.contains("Ein Sachverhalt") && !reader.contains("wird geladen"), "{}", h.screen());
}
