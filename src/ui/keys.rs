//! The one table of keys: it dispatches key presses, and the help overlay
//! and the status line are generated from it, so they cannot disagree.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Up,
    Down,
    Collapse,
    Expand,
    Open,
    SwitchPane,
    Top,
    Bottom,
    PageUp,
    PageDown,
    HalfPageUp,
    HalfPageDown,
    Search,
    NextMatch,
    PrevMatch,
    Help,
    Problems,
    Back,
    Quit,
    /// Ctrl-z: stop the process like any terminal program.
    Suspend,
    /// In the search pane: erase the last character.
    Erase,
    /// In the search pane: clear the query.
    ClearQuery,
}

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Tree,
    Reader,
    Search,
    /// Help or problem list.
    Overlay,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
}

const fn k(c: char) -> Key {
    Key { code: KeyCode::Char(c), ctrl: false }
}
const fn ctrl(c: char) -> Key {
    Key { code: KeyCode::Char(c), ctrl: true }
}
const fn code(code: KeyCode) -> Key {
    Key { code, ctrl: false }
}

pub struct Binding {
    pub keys: &'static [Key],
    pub action: Action,
    pub modes: &'static [Mode],
    /// How the keys are written in help and status line.
    pub label: &'static str,
    pub help: &'static str,
    /// Shown in the status line (the most useful keys only: it is one line).
    pub status: Option<&'static str>,
}

use Mode::*;

const BROWSE: &[Mode] = &[Tree, Reader];
const BROWSE_OVERLAY: &[Mode] = &[Tree, Reader, Overlay];

pub static BINDINGS: &[Binding] = &[
    Binding {
        keys: &[code(KeyCode::Up), k('k')],
        action: Action::Up,
        modes: BROWSE_OVERLAY,
        label: "↑ k",
        help: "nach oben",
        status: None,
    },
    Binding {
        keys: &[code(KeyCode::Down), k('j')],
        action: Action::Down,
        modes: BROWSE_OVERLAY,
        label: "↓ j",
        help: "nach unten",
        status: Some("↑↓ wählen"),
    },
    Binding {
        keys: &[code(KeyCode::Left), k('h')],
        action: Action::Collapse,
        modes: &[Tree],
        label: "← h",
        help: "zuklappen / zum übergeordneten Eintrag",
        status: None,
    },
    Binding {
        keys: &[code(KeyCode::Right), k('l')],
        action: Action::Expand,
        modes: &[Tree],
        label: "→ l",
        help: "aufklappen",
        status: Some("←→ zu/auf"),
    },
    Binding {
        keys: &[code(KeyCode::Enter)],
        action: Action::Open,
        modes: &[Tree],
        label: "Enter",
        help: "öffnen / auf- und zuklappen",
        status: None,
    },
    Binding {
        keys: &[code(KeyCode::Tab), code(KeyCode::BackTab)],
        action: Action::SwitchPane,
        modes: BROWSE,
        label: "Tab",
        help: "zwischen Baum und Lesebereich wechseln",
        status: Some("Tab Bereich"),
    },
    Binding {
        keys: &[k('g'), code(KeyCode::Home)],
        action: Action::Top,
        modes: BROWSE_OVERLAY,
        label: "g Pos1",
        help: "zum Anfang",
        status: None,
    },
    Binding {
        keys: &[k('G'), code(KeyCode::End)],
        action: Action::Bottom,
        modes: BROWSE_OVERLAY,
        label: "G Ende",
        help: "zum Ende",
        status: None,
    },
    Binding {
        keys: &[code(KeyCode::PageUp)],
        action: Action::PageUp,
        modes: BROWSE_OVERLAY,
        label: "Bild↑",
        help: "eine Seite zurück",
        status: None,
    },
    Binding {
        keys: &[code(KeyCode::PageDown), k(' ')],
        action: Action::PageDown,
        modes: BROWSE_OVERLAY,
        label: "Bild↓ Leertaste",
        help: "eine Seite weiter",
        status: None,
    },
    Binding {
        keys: &[ctrl('u')],
        action: Action::HalfPageUp,
        modes: BROWSE_OVERLAY,
        label: "Strg-u",
        help: "eine halbe Seite zurück",
        status: None,
    },
    Binding {
        keys: &[ctrl('d')],
        action: Action::HalfPageDown,
        modes: BROWSE_OVERLAY,
        label: "Strg-d",
        help: "eine halbe Seite weiter",
        status: None,
    },
    Binding {
        keys: &[k('/')],
        action: Action::Search,
        modes: BROWSE,
        label: "/",
        help: "im ganzen Archiv suchen",
        status: Some("/ suchen"),
    },
    Binding {
        keys: &[k('n')],
        action: Action::NextMatch,
        modes: &[Reader],
        label: "n",
        help: "nächster Treffer der Suche im Text",
        status: Some("n N Treffer"),
    },
    Binding {
        keys: &[k('N')],
        action: Action::PrevMatch,
        modes: &[Reader],
        label: "N",
        help: "vorheriger Treffer der Suche im Text",
        status: None,
    },
    Binding {
        keys: &[k('p')],
        action: Action::Problems,
        modes: BROWSE,
        label: "p",
        help: "Probleme beim Laden anzeigen",
        status: None,
    },
    Binding {
        keys: &[k('?'), code(KeyCode::F(1))],
        action: Action::Help,
        modes: BROWSE_OVERLAY,
        label: "? F1",
        help: "Hilfe",
        status: Some("? Hilfe"),
    },
    Binding {
        keys: &[code(KeyCode::Esc)],
        action: Action::Back,
        modes: &[Reader, Overlay, Search],
        label: "Esc",
        help: "zurück / schließen",
        status: Some("Esc zurück"),
    },
    Binding {
        keys: &[k('q')],
        action: Action::Quit,
        modes: BROWSE,
        label: "q",
        help: "beenden",
        status: Some("q beenden"),
    },
    Binding {
        keys: &[k('q')],
        action: Action::Back,
        modes: &[Overlay],
        label: "q",
        help: "schließen",
        status: None,
    },
    Binding {
        keys: &[ctrl('c')],
        action: Action::Quit,
        modes: &[Tree, Reader, Search, Overlay],
        label: "Strg-c",
        help: "beenden",
        status: None,
    },
    Binding {
        keys: &[ctrl('z')],
        action: Action::Suspend,
        modes: &[Tree, Reader, Search, Overlay],
        label: "Strg-z",
        help: "anhalten (weiter mit fg)",
        status: None,
    },
    // Search pane: everything else typed goes into the query.
    Binding {
        keys: &[code(KeyCode::Up), ctrl('p'), ctrl('k')],
        action: Action::Up,
        modes: &[Search],
        label: "↑",
        help: "vorheriger Treffer",
        status: Some("↑↓ wählen"),
    },
    Binding {
        keys: &[code(KeyCode::Down), ctrl('n'), ctrl('j')],
        action: Action::Down,
        modes: &[Search],
        label: "↓",
        help: "nächster Treffer",
        status: None,
    },
    Binding {
        keys: &[code(KeyCode::PageUp)],
        action: Action::PageUp,
        modes: &[Search],
        label: "Bild↑",
        help: "eine Seite zurück",
        status: None,
    },
    Binding {
        keys: &[code(KeyCode::PageDown)],
        action: Action::PageDown,
        modes: &[Search],
        label: "Bild↓",
        help: "eine Seite weiter",
        status: None,
    },
    Binding {
        keys: &[code(KeyCode::Enter)],
        action: Action::Open,
        modes: &[Search],
        label: "Enter",
        help: "Treffer im Baum zeigen und öffnen",
        status: Some("Enter öffnen"),
    },
    Binding {
        keys: &[code(KeyCode::Backspace)],
        action: Action::Erase,
        modes: &[Search],
        label: "⌫",
        help: "Zeichen löschen",
        status: None,
    },
    Binding {
        keys: &[ctrl('u')],
        action: Action::ClearQuery,
        modes: &[Search],
        label: "Strg-u",
        help: "Suche leeren",
        status: None,
    },
];

/// The binding for `ev` in `mode`, if any.
pub fn lookup(mode: Mode, ev: &KeyEvent) -> Option<&'static Binding> {
    let ctrl_held = ev.modifiers.contains(KeyModifiers::CONTROL);
    // Shifted letters arrive as upper-case chars; Shift itself is no part of
    // the table.
    BINDINGS.iter().find(|b| {
        b.modes.contains(&mode) && b.keys.iter().any(|key| key.code == ev.code && key.ctrl == ctrl_held)
    })
}

/// The status-line hints for `mode`, in table order, without repeats.
pub fn status_hints(mode: Mode) -> Vec<&'static str> {
    let mut v: Vec<&'static str> = Vec::new();
    for b in BINDINGS.iter().filter(|b| b.modes.contains(&mode)) {
        if let Some(s) = b.status
            && !v.contains(&s)
        {
            v.push(s);
        }
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, m: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, m)
    }

    #[test]
    fn every_mode_can_quit_or_go_back() {
        for mode in [Tree, Reader, Search, Overlay] {
            let b = lookup(mode, &key(KeyCode::Char('c'), KeyModifiers::CONTROL)).unwrap();
            assert_eq!(b.action, Action::Quit);
        }
        assert_eq!(lookup(Search, &key(KeyCode::Esc, KeyModifiers::NONE)).unwrap().action, Action::Back);
    }

    #[test]
    fn letters_type_in_search_but_act_elsewhere() {
        let j = key(KeyCode::Char('j'), KeyModifiers::NONE);
        assert!(lookup(Search, &j).is_none());
        assert_eq!(lookup(Tree, &j).unwrap().action, Action::Down);
        let shift_g = key(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(lookup(Reader, &shift_g).unwrap().action, Action::Bottom);
    }

    #[test]
    fn no_key_is_bound_twice_in_one_mode() {
        for mode in [Tree, Reader, Search, Overlay] {
            let mut seen = Vec::new();
            for b in BINDINGS.iter().filter(|b| b.modes.contains(&mode)) {
                for key in b.keys {
                    assert!(!seen.contains(key), "{mode:?}: {key:?} twice");
                    seen.push(*key);
                }
            }
        }
    }
}
