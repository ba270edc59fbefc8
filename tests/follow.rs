//! Following references as a user does (issue 14): from a paper to the one
//! it names and back, from a Beratungsfolge row to its session, from the
//! Termine list to a session; the references to a paper from elsewhere;
//! the search that remembers its last query. TestBackend screens after key
//! sequences, at 80×24 and at 200×50.

mod common;

use common::Harness;
use ratsinfo::model::Date;
use ratsinfo::tree::Node;
use ratsinfo::ui::app::Pane;

fn title(h: &Harness) -> String {
    h.app.reader.doc.title.clone()
}

fn has(lines: &[String], needle: &str) -> bool {
    lines.iter().any(|l| l.contains(needle))
}

/// Moves the link list's selection down to the first link whose label
/// holds `needle`; panics with the screen when there is none.
fn choose_link(h: &mut Harness, needle: &str) {
    let links = h.app.links.as_ref().unwrap_or_else(|| panic!("no link list:\n{}", h.screen()));
    let at = links.links.iter().position(|l| l.label.contains(needle)).unwrap_or_else(|| {
        panic!("no link {needle:?} in {:?}", links.links.iter().map(|l| &l.label).collect::<Vec<_>>())
    });
    let from = links.list.selected;
    for _ in from..at {
        h.press("Down");
    }
    for _ in at..from {
        h.press("Up");
    }
}

#[test]
fn a_paper_leads_to_the_paper_it_names_and_backspace_comes_back() {
    for (w, hgt) in [(80, 24), (200, 50)] {
        let mut h = Harness::sample(w, hgt);
        h.press("/2022/0072 Enter");
        assert!(title(&h).starts_with("2022/0072"), "{}", h.screen());
        // The number in the title is shown as a link.
        h.press("f");
        let screen = h.screen();
        assert!(screen.contains("┌Verweise"), "{screen}");
        assert!(screen.contains("2021/0832 Antrag: Prüfauftrag"), "{screen}");
        choose_link(&mut h, "2021/0832");
        h.press("Enter");
        assert!(h.app.links.is_none());
        assert!(title(&h).starts_with("2021/0832"), "{w}×{hgt}: {}", h.screen());
        assert_eq!(h.app.selected_node(), h.app.reader.node, "the tree shows where the reader is");

        // Back where we came from, and forward again.
        h.press("Backspace");
        assert!(title(&h).starts_with("2022/0072"), "{w}×{hgt}: {}", h.screen());
        h.press("C-n");
        assert!(title(&h).starts_with("2021/0832"), "{w}×{hgt}: {}", h.screen());
        // Back twice: before the search, where the app started; further
        // back there is nothing, and the place stays.
        h.press("C-o C-o");
        let start = title(&h);
        assert!(!start.contains('/'), "{w}×{hgt}: {start}");
        h.press("C-o");
        assert_eq!(title(&h), start);
    }
}

/// Whether the reader draws the text `needle` (first found) underlined, as
/// links are.
fn underlined_in_reader(h: &Harness, needle: &str) -> bool {
    let buf = h.buffer();
    let area = h.app.panes.reader;
    // Inside the frame: the title in the border is no link.
    for y in area.top() + 1..area.bottom().saturating_sub(1) {
        let row: String = (area.left()..area.right()).map(|x| buf[(x, y)].symbol().to_owned()).collect();
        if let Some(at) = row.find(needle) {
            let col = area.left() + row[..at].chars().count() as u16;
            return buf[(col, y)].modifier.contains(ratatui::style::Modifier::UNDERLINED);
        }
    }
    panic!("{needle:?} not in the reader:\n{}", h.screen());
}

#[test]
fn numbers_in_the_text_are_marked_as_links_but_not_the_papers_own() {
    let mut h = Harness::sample(200, 50);
    h.press("/2022/0072 Enter");
    assert!(underlined_in_reader(&h, "2021/0832"), "{}", h.screen());
    assert!(!underlined_in_reader(&h, "2022/0072"), "{}", h.screen());
}

#[test]
fn a_paper_shows_who_refers_to_it() {
    let mut h = Harness::sample(200, 50);
    h.press("/2021/0832 Enter");
    assert!(title(&h).starts_with("2021/0832"), "{}", h.screen());
    let reader = h.reader_lines();
    assert!(has(&reader, "Erwähnt in"), "{}", reader.join("\n"));
    assert!(has(&reader, "2022/0072"), "{}", reader.join("\n"));
    // And the mention is followed like any link.
    h.press("f");
    choose_link(&mut h, "2022/0072");
    h.press("Enter");
    assert!(title(&h).starts_with("2022/0072"), "{}", h.screen());
}

#[test]
fn enter_in_the_text_offers_the_nearest_link_and_a_beratungsfolge_row_leads_to_its_session() {
    let mut h = Harness::sample(80, 24);
    h.press("/2022/0072 Enter Tab");
    assert_eq!(h.app.focus, Pane::Reader);
    // Scrolled below the title, the first link on screen is chosen: the
    // Beratungsfolge row.
    let row = h
        .app
        .reader
        .lines()
        .iter()
        .position(|l| l.spans.iter().any(|s| s.content.contains("Beratungsfolge")));
    let row = row.unwrap_or_else(|| panic!("{}", h.screen()));
    h.app.reader.scroll_to(row, h.app.panes.reader_height());
    h.press("Enter");
    let links = h.app.links.as_ref().unwrap_or_else(|| panic!("{}", h.screen()));
    let chosen = &links.links[links.list.selected];
    assert!(chosen.label.contains("15.02.2022"), "{:?}", chosen.label);
    h.press("Enter");
    assert!(matches!(h.app.reader.node, Some(Node::Sitzung(_))), "{}", h.screen());
    assert!(title(&h).contains("15.02.2022"), "{}", title(&h));
    // The session opens with its agenda in the tree.
    h.press("Tab");
    assert!(has(&h.tree_lines(), "▾ 15.02.2022"), "{}", h.screen());
    h.press("Backspace");
    assert!(title(&h).starts_with("2022/0072"), "{}", h.screen());
}

#[test]
fn termine_lists_the_coming_sessions_and_enter_opens_one() {
    let today = Date::new(2022, 2, 1).unwrap();
    for (w, hgt) in [(80, 24), (200, 50)] {
        let mut h = Harness::sample_on(w, hgt, today);
        h.press("t");
        let screen = h.screen();
        assert!(screen.contains("┌Termine"), "{screen}");
        // Only from today on, by calendar week: the session of 15.02.2022,
        // not those of 2021 and before.
        assert!(screen.contains("KW 7"), "{screen}");
        assert!(screen.contains("15.02.2022"), "{screen}");
        assert!(!screen.contains("07.09.2021"), "{screen}");
        h.press("Enter");
        assert!(h.app.termine.is_none());
        assert!(title(&h).contains("15.02.2022"), "{w}×{hgt}: {}", h.screen());
        assert!(has(&h.tree_lines(), "▾ 15.02.2022"), "{}", h.screen());
        // Esc and q close the list without quitting.
        h.press("t q");
        assert!(h.app.termine.is_none() && !h.app.quit);
    }
}

#[test]
fn termine_says_when_nothing_is_coming() {
    let mut h = Harness::sample_on(80, 24, Date::new(2030, 1, 1).unwrap());
    h.press("t");
    assert!(h.screen().contains("Keine Sitzungen ab 01.01.2030"), "{}", h.screen());
}

#[test]
fn the_overview_shows_the_next_sessions() {
    let h = Harness::sample_on(200, 50, Date::new(2022, 2, 1).unwrap());
    // The start selects the first Gremium; the Körperschaft above is the
    // overview. Its document lists the next sessions of all Gremien.
    let d = h.app.data.as_ref().unwrap();
    let doc = ratsinfo::document::document_in(
        &d.archive,
        &d.tree,
        ratsinfo::document::Context { today: Some(Date::new(2022, 2, 1).unwrap()), ..Default::default() },
        Node::AlleVorlagen(0),
    );
    let text = format!("{doc:?}");
    assert!(text.contains("Nächste Sitzungen"), "{text}");
    assert!(text.contains("15.02.2022"), "{text}");
}

#[test]
fn slash_reopens_the_last_query_selected() {
    let mut h = Harness::sample(80, 24);
    h.press("/doppel Enter");
    h.press("/");
    let s = h.app.search.as_ref().unwrap();
    assert_eq!(s.input, "doppel");
    assert!(s.replace, "the last query is shown selected");
    // Enter runs it again: its results are there.
    assert!(s.result.as_ref().is_some_and(|r| r.total > 0), "{}", h.screen());
    // Typing replaces it.
    h.press("x");
    assert_eq!(h.app.search.as_ref().unwrap().input, "x");
    // → keeps it to edit.
    h.press("Esc / Right x");
    assert_eq!(h.app.search.as_ref().unwrap().input, "doppelx");
    // Ctrl-r goes back through the session's queries.
    h.press("Esc /leitlinien Enter / C-r");
    assert_eq!(h.app.search.as_ref().unwrap().input, "doppel");
    h.press("C-f");
    assert_eq!(h.app.search.as_ref().unwrap().input, "leitlinien");
}

#[test]
fn the_help_and_the_status_line_name_the_new_keys() {
    let mut h = Harness::sample(200, 50);
    let status = h.lines().last().cloned().unwrap_or_default();
    for hint in ["t Termine", "f Verweise", "⌫ zurück"] {
        assert!(status.contains(hint), "{hint:?} missing in {status:?}");
    }
    h.press("?");
    let screen = h.screen();
    assert!(screen.contains("Termine: die kommenden Sitzungen"), "{screen}");
    assert!(screen.contains("zurück zur vorigen Stelle"), "{screen}");
}

#[test]
fn a_coming_session_without_items_says_its_agenda_is_not_published_yet() {
    let json = r#"[
        {"id": "https://x.example/meeting/1", "type": "https://schema.oparl.org/1.1/Meeting",
         "name": "Rat", "start": "2030-03-01T17:00:00+01:00"},
        {"id": "https://x.example/meeting/2", "type": "https://schema.oparl.org/1.1/Meeting",
         "name": "Rat", "start": "2020-03-01T17:00:00+01:00"}
    ]"#;
    let archive = common::archive_from_json(json);
    let mut h = Harness::with_archive_on(archive, 100, 30, Some(Date::new(2026, 1, 1).unwrap()));
    h.press("l");
    let tree = h.tree_lines();
    assert!(has(&tree, "01.03.2030  Tagesordnung folgt"), "{}", tree.join("\n"));
    assert!(has(&tree, "01.03.2020  keine TOPs"), "{}", tree.join("\n"));
    let reader = h.reader_lines();
    assert!(has(&reader, "01.03.2030  Tagesordnung folgt"), "{}", reader.join("\n"));
    h.press("j");
    assert!(has(&h.reader_lines(), "Tagesordnung noch nicht veröffentlicht"), "{}", h.screen());
}
