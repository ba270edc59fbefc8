//! What the user makes, as the UI shows it (issue 16): read marks, the
//! Merkliste, notes, copying, export, the config's keys, the mouse. The
//! store's own promises (kill -9, two processes, damage, export/import)
//! are tested in src/state and tests/state.rs.

mod common;

use std::time::Duration;

use base64::Engine;
use common::{Harness, TempDir};
use ratatui::crossterm::event::{Event, KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
use ratatui::style::Modifier;
use ratsinfo::state::State;
use ratsinfo::tree::Node;
use ratsinfo::ui::app::{Msg, Request};

fn herne() -> ratsinfo::archive::Archive {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data/herne.json");
    ratsinfo::pipeline::load_paths(&[path], &std::sync::Arc::new(ratsinfo::pipeline::Progress::default()))
}

/// The sample with a state at `store` (None: in memory), read marks at
/// once (`delay_ms`), the export directory `export`.
fn harness(store: Option<&std::path::Path>, delay_ms: u64, export: Option<&std::path::Path>) -> Harness {
    Harness::with_setup(herne(), 120, 40, |app| {
        if let Some(p) = store {
            app.state = State::open_at(p);
        }
        app.config.read_delay_ms = delay_ms;
        if let Some(d) = export {
            app.export_dir = d.to_path_buf();
        }
    })
}

fn open_2021_0832(h: &mut Harness) {
    h.press("/2021/0832 Enter");
    assert!(h.app.reader.doc.title.starts_with("2021/0832"), "{}", h.screen());
}

/// The cell style of the tree row holding `needle`.
fn tree_row_modifier(h: &Harness, needle: &str) -> Modifier {
    let buf = h.buffer();
    let area = h.app.panes.tree;
    for y in area.top() + 1..area.bottom() - 1 {
        let row: String = (area.left()..area.right()).map(|x| buf[(x, y)].symbol().to_owned()).collect();
        if let Some(at) = row.find(needle) {
            let x = area.left() + row[..at].chars().count() as u16;
            return buf[(x, y)].modifier;
        }
    }
    panic!("{needle:?} not in the tree:\n{}", h.screen());
}

#[test]
fn an_item_opened_for_the_delay_is_read_and_x_toggles() {
    let mut h = harness(None, 0, None);
    open_2021_0832(&mut h);
    // Another key moves the selection away: the mark was due at once.
    h.press("Tab Tab");
    let d = h.app.data.as_ref().unwrap();
    let node = h.app.reader.node.unwrap();
    assert!(h.app.state.view().is_read(&d.tree, node));
    assert!(!tree_row_modifier(&h, "Antrag: Prüfauftrag").contains(Modifier::BOLD), "read: not bold");
    assert!(h.screen().contains("1/1 gelesen"), "{}", h.screen());
    h.press("x");
    let d = h.app.data.as_ref().unwrap();
    assert!(!h.app.state.view().is_read(&d.tree, node));
    assert!(tree_row_modifier(&h, "Antrag: Prüfauftrag").contains(Modifier::BOLD), "unread: bold");
    assert!(h.lines().last().unwrap().contains("Als ungelesen markiert"), "{}", h.screen());

    // With a delay, a glance marks nothing.
    let mut h = harness(None, 60_000, None);
    open_2021_0832(&mut h);
    h.press("Tab Tab");
    let d = h.app.data.as_ref().unwrap();
    assert!(!h.app.state.view().is_read(&d.tree, h.app.reader.node.unwrap()));
    assert!(h.app.next_deadline().is_some_and(|t| t > Duration::from_secs(50)));
}

#[test]
fn u_goes_to_the_next_unread_item() {
    let mut h = harness(None, 60_000, None);
    h.press("u");
    let first = h.app.reader.node;
    assert!(matches!(first, Some(Node::Item(_))), "{}", h.screen());
    h.press("x u");
    assert_ne!(h.app.reader.node, first);
    assert!(matches!(h.app.reader.node, Some(Node::Item(_))));
}

#[test]
fn m_puts_a_paper_on_the_merkliste_at_the_top_of_the_tree() {
    let mut h = harness(None, 60_000, None);
    open_2021_0832(&mut h);
    h.press("m");
    let tree = h.tree_lines();
    assert!(tree[1].contains("★ Merkliste") && tree[1].contains("(1)"), "{}", tree.join("\n"));
    // Its row shows the list in the reader; open, its entry leads to the paper.
    h.press("g");
    assert!(h.app.tree.on_merkliste(), "{}", h.screen());
    let reader = h.reader_lines().join("\n");
    assert!(reader.contains("2021/0832") && reader.contains("Antrag: Prüfauftrag"), "{reader}");
    h.press("l j");
    assert!(h.app.tree.rows[h.app.tree.list.selected].merk, "{}", h.screen());
    h.press("Enter");
    assert!(h.app.reader.doc.title.starts_with("2021/0832"), "{}", h.screen());
    assert!(!h.app.tree.rows[h.app.tree.list.selected].merk, "in its place in the tree");
    // m again takes it off; the row goes.
    h.press("m");
    assert!(!h.tree_lines().iter().any(|l| l.contains("Merkliste")), "{}", h.screen());
}

#[test]
fn a_note_is_written_inline_shown_first_and_marked_in_the_tree() {
    let mut h = harness(None, 60_000, None);
    open_2021_0832(&mut h);
    h.press("a");
    assert!(h.app.editor.is_some());
    assert!(h.screen().contains("Notiz zu 2021/0832"), "{}", h.screen());
    h.type_text("Fraktion fragen");
    h.press("Enter").type_text("bis Montag");
    // Keys that act elsewhere are text here.
    h.type_text(" q");
    h.press("Esc");
    assert!(h.app.editor.is_none() && !h.app.quit);
    let reader = h.reader_lines();
    let at =
        reader.iter().position(|l| l.contains("✎ Notiz")).unwrap_or_else(|| panic!("{}", reader.join("\n")));
    // Under the title (two lines here, and the frame's).
    assert!(at <= 4, "the note comes first:\n{}", reader.join("\n"));
    assert!(reader[at + 1].contains("Fraktion fragen"), "{}", reader.join("\n"));
    assert!(reader[at + 2].contains("bis Montag q"), "{}", reader.join("\n"));
    assert!(h.tree_lines().iter().any(|l| l.contains("✎ Antrag")), "{}", h.screen());
    // Emptied, it is gone.
    h.press("a C-u");
    for _ in 0..40 {
        h.press("Backspace");
    }
    h.press("Esc");
    assert!(!h.reader_lines().iter().any(|l| l.contains("✎ Notiz")), "{}", h.screen());
}

#[test]
fn with_an_external_editor_the_event_loop_is_asked_to_hand_the_terminal_over() {
    let mut h = harness(None, 60_000, None);
    h.app.external_editor = Some("true".into());
    open_2021_0832(&mut h);
    h.press("a");
    assert!(h.app.editor.is_none());
    let node = h.app.reader.node.unwrap();
    assert_eq!(h.app.requests, [Request::EditNote { node, text: String::new() }]);
    // What the editor wrote comes back through the app.
    h.app.requests.clear();
    h.app.note_written(node, "aus dem Editor");
    assert!(h.reader_lines().iter().any(|l| l.contains("aus dem Editor")), "{}", h.screen());
}

#[test]
fn marks_and_notes_survive_a_restart() {
    let dir = TempDir::new("personal-restart");
    let store = dir.path().join("state.sqlite");
    {
        let mut h = harness(Some(&store), 0, None);
        open_2021_0832(&mut h);
        h.press("m a").type_text("wichtig");
        h.press("Esc Tab Tab");
    }
    let h = harness(Some(&store), 60_000, None);
    let d = h.app.data.as_ref().unwrap();
    let v = d.archive.find_nummer("2021/0832").next().unwrap();
    let node = Node::Vorlage(v);
    let view = h.app.state.view();
    assert!(view.is_read(&d.tree, node));
    assert!(view.is_merk(&d.tree, node));
    assert_eq!(view.note(&d.tree, node).map(|n| n.text.as_str()), Some("wichtig"));
    assert!(h.tree_lines()[1].contains("★ Merkliste"), "{}", h.screen());
}

#[test]
fn y_copies_through_the_terminal() {
    let mut h = harness(None, 60_000, None);
    open_2021_0832(&mut h);
    h.press("y");
    let screen = h.screen();
    assert!(screen.contains("┌Kopieren"), "{screen}");
    for what in ["Nummer", "Titel", "Markdown"] {
        assert!(screen.contains(what), "{what}: {screen}");
    }
    // No web address in the sample: no link offered.
    assert!(!screen.contains(" Link "), "{screen}");
    h.press("1");
    assert!(h.app.copy.is_none());
    let [Request::Osc52(seq)] = &h.app.requests[..] else { panic!("{:?}", h.app.requests) };
    let b64 = seq.strip_prefix("\x1b]52;c;").and_then(|r| r.strip_suffix('\x07')).unwrap();
    let text = base64::engine::general_purpose::STANDARD.decode(b64).unwrap();
    assert_eq!(text, b"2021/0832");
    assert!(h.lines().last().unwrap().contains("Nummer kopiert"), "{}", h.screen());
    // The Markdown: a heading and the Beratungsfolge.
    h.app.requests.clear();
    h.press("y 3");
    let [Request::Osc52(seq)] = &h.app.requests[..] else { panic!("{:?}", h.app.requests) };
    let b64 = seq.strip_prefix("\x1b]52;c;").and_then(|r| r.strip_suffix('\x07')).unwrap();
    let md = String::from_utf8(base64::engine::general_purpose::STANDARD.decode(b64).unwrap()).unwrap();
    assert!(md.starts_with("# Antrag: Prüfauftrag"), "{md}");
    assert!(md.contains("2021/0832") && md.contains("## Beratungsfolge\n\n| "), "a table: {md}");

    // A web address is offered as the link; anything else is not.
    for (url, offered) in [("https://rat.example/vo0050.asp?__kvonr=1", true), ("javascript:alert(1)", false)]
    {
        let json = common::export(
            &format!(r#"{{"nummer": "2024/0001", "betreff": "Mit Adresse", "url": "{url}"}}"#),
            "",
        );
        let mut h = Harness::json(&json, 120, 40);
        h.press("/2024/0001 Enter y");
        assert_eq!(h.screen().contains(" Link "), offered, "{url}: {}", h.screen());
        if offered {
            h.press("3");
            let [Request::Osc52(seq)] = &h.app.requests[..] else { panic!("{:?}", h.app.requests) };
            let b64 = seq.strip_prefix("\x1b]52;c;").and_then(|r| r.strip_suffix('\x07')).unwrap();
            assert_eq!(base64::engine::general_purpose::STANDARD.decode(b64).unwrap(), url.as_bytes());
        }
    }
}

#[test]
fn e_writes_the_record_as_markdown_and_says_where() {
    let dir = TempDir::new("personal-export");
    let mut h = harness(None, 60_000, Some(dir.path()));
    open_2021_0832(&mut h);
    h.press("e");
    let file = dir.path().join("2021-0832.md");
    let md = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{e}: {}", h.screen()));
    assert!(md.starts_with("# Antrag: Prüfauftrag") && md.contains("2021/0832"), "{md}");
    assert!(h.lines().last().unwrap().contains("2021-0832.md"), "{}", h.screen());
    // Never over a file that is there.
    h.press("e");
    assert!(dir.path().join("2021-0832-2.md").exists());
    assert_eq!(std::fs::read_to_string(&file).unwrap(), md);
}

#[test]
fn keys_from_the_config_act_and_show_in_help_and_status_line() {
    let mut h = harness(None, 60_000, None);
    let loaded = ratsinfo::config::Config::parse(
        "[keys]\nsearch = [\"s\"]\ntoggle_merk = [\"M\"]\nflieg = [\"f\"]\n",
        "config.toml",
    );
    h.app.configure(loaded);
    let status = h.lines().last().cloned().unwrap();
    assert!(status.contains("s suchen") && !status.contains("/ suchen"), "{status}");
    assert!(status.contains("Konfiguration: 1 Problem"), "the unknown action: {status}");
    h.press("?");
    assert!(h.screen().contains("s               im ganzen Archiv suchen"), "{}", h.screen());
    h.press("Esc s");
    assert!(h.app.search.is_some(), "s searches");
    h.press("Esc p");
    assert!(h.screen().contains("flieg"), "the problem list names it: {}", h.screen());
}

fn mouse(h: &mut Harness, kind: MouseEventKind, x: u16, y: u16) {
    h.app.update(Msg::Input(Event::Mouse(MouseEvent {
        kind,
        column: x,
        row: y,
        modifiers: KeyModifiers::NONE,
    })));
    h.pump();
}

#[test]
fn the_mouse_selects_opens_scrolls_and_drags_the_divider() {
    let mut h = harness(None, 60_000, None);
    // A click on the fourth Gremium's row selects it; a second one on the
    // same row opens it.
    let tree = h.app.panes.tree;
    mouse(&mut h, MouseEventKind::Down(MouseButton::Left), tree.x + 3, tree.y + 4);
    assert_eq!(h.app.tree.list.selected, 3);
    mouse(&mut h, MouseEventKind::Down(MouseButton::Left), tree.x + 3, tree.y + 4);
    assert!(h.tree_lines()[4].contains("▾ Rat der Stadt"), "{}", h.screen());
    // The wheel over the reader scrolls it.
    open_2021_0832(&mut h);
    let reader = h.app.panes.reader;
    mouse(&mut h, MouseEventKind::ScrollDown, reader.x + 5, reader.y + 5);
    assert_eq!(h.app.reader.scroll, 3);
    // The divider follows the pointer.
    let border = h.app.panes.tree.right() - 1;
    mouse(&mut h, MouseEventKind::Down(MouseButton::Left), border, 10);
    mouse(&mut h, MouseEventKind::Drag(MouseButton::Left), 70, 10);
    mouse(&mut h, MouseEventKind::Up(MouseButton::Left), 70, 10);
    assert_eq!(h.app.panes.tree.width, 71);
    assert_eq!(h.app.panes.reader.x, 71);
    // Off in the config: nothing.
    h.app.config.mouse = false;
    mouse(&mut h, MouseEventKind::ScrollDown, reader.x + 5, reader.y + 5);
    assert_eq!(h.app.reader.scroll, 3);
}

#[test]
fn the_theme_colours_links_hits_and_the_selection() {
    use ratatui::style::Color;
    let mut h = harness(None, 60_000, None);
    let loaded = ratsinfo::config::Config::parse(
        "[theme]\nlink = \"underline red\"\nmatch = \"bold blue\"\nselection = \"reverse green\"\n",
        "config.toml",
    );
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    h.app.configure(loaded);
    h.press("/prüfauftrag Down Enter");
    assert!(h.app.reader.doc.title.starts_with("2022/0072"), "{}", h.screen());
    let buf = h.buffer();
    let area = h.app.panes.reader;
    let cell = |needle: &str| {
        for y in area.top() + 1..area.bottom() - 1 {
            let row: String = (area.left()..area.right()).map(|x| buf[(x, y)].symbol().to_owned()).collect();
            if let Some(at) = row.find(needle) {
                return buf[(area.left() + row[..at].chars().count() as u16, y)].clone();
            }
        }
        panic!("{needle:?} not in the reader:\n{}", h.screen());
    };
    // The number in the text is a link; the last search's word a hit.
    assert_eq!(cell("2021/0832").fg, Color::Red, "{}", h.screen());
    assert_eq!(cell("Prüfauftrag").fg, Color::Blue, "{}", h.screen());
    let tree = h.app.panes.tree;
    let y = tree.y + 1 + (h.app.tree.list.selected - h.app.tree.list.offset) as u16;
    assert_eq!(buf[(tree.x + 3, y)].fg, Color::Green, "{}", h.screen());
}

#[test]
fn notes_are_found_by_both_searches_first_and_open_their_record() {
    let mut h = harness(None, 60_000, None);
    open_2021_0832(&mut h);
    let node = h.app.reader.node.unwrap();
    h.app.note_written(node, "Erster Gedanke\nMit der Fraktion über Quartiersarbeit sprechen");
    // Nothing else in the archive holds the word.
    h.press("Esc / C-u").type_text("quartiersarbeit");
    let rows = |h: &Harness| h.lines().into_iter().filter(|l| l.contains("✎ Notiz")).collect::<Vec<_>>();
    let found = rows(&h);
    assert_eq!(found.len(), 1, "{}", h.screen());
    // The record, and the note's line that holds the word.
    assert!(found[0].contains("Quartiersarbeit sprechen · 2021/0832"), "{}", h.screen());
    assert!(h.screen().contains("1 Notiz · Keine Treffer"), "{}", h.screen());
    // Umlauts and case fold as in the search: "Fraktion" by "fraktion über".
    h.press("C-u").type_text("fraktion ueber");
    assert_eq!(rows(&h).len(), 1, "{}", h.screen());
    h.press("C-u").type_text("fraktion nirgends");
    assert!(rows(&h).is_empty(), "every word must be in the note: {}", h.screen());

    // The full-text mode lists it too, without an index.
    h.press("C-u").type_text("quartiersarbeit").press("Tab");
    assert!(h.screen().contains("Suche · Volltext"), "{}", h.screen());
    assert_eq!(rows(&h).len(), 1, "{}", h.screen());

    // Enter on it opens its record.
    h.press("Tab Esc Home");
    assert!(!h.app.reader.doc.title.starts_with("2021/0832"), "{}", h.screen());
    h.press("/ C-u").type_text("quartiersarbeit").press("Enter");
    assert!(h.app.search.is_none());
    assert!(h.app.reader.doc.title.starts_with("2021/0832"), "{}", h.screen());
}
