//! The one table of keys: it dispatches key presses, and the help overlay
//! and the status line are generated from it, so they cannot disagree. How
//! a key is written there is derived from the key itself, never typed by
//! hand: a key bound anew shows as bound.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::strings::{self as s, Text};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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
    /// The open record's links, to follow one.
    Links,
    /// The coming sessions.
    Termine,
    /// Back and forward through the places jumped to, as a browser.
    HistoryBack,
    HistoryForward,
    Help,
    Problems,
    /// Close what is open, or go back to the tree.
    Back,
    Quit,
    /// Ctrl-z: stop the process like any terminal program.
    Suspend,
    /// In the search pane: erase the last character.
    Erase,
    /// In the search pane: clear the query.
    ClearQuery,
    /// In the search pane: keep the query shown and edit it (it opens
    /// selected: typing replaces it).
    EditQuery,
    /// In the search pane: an earlier or a later query of the session.
    OlderQuery,
    NewerQuery,
    /// Read mark of the open record on or off.
    ToggleRead,
    /// The open record onto the Merkliste or off it.
    ToggleMerk,
    /// Write a note on the open record.
    Note,
    /// The next item not read yet.
    NextUnread,
    /// Copy (OSC 52): number, title, link, Markdown.
    Copy,
    /// Write the open record as Markdown to a file.
    Export,
    /// In the note editor: keep the note and close.
    SaveNote,
    /// In the search pane: the title search or the full text.
    SwitchSearch,
    /// Open a document of the open record: its file, else its link.
    OpenDocument,
}

impl Action {
    /// Every action, as the config file names them.
    pub const ALL: &[(Action, &str)] = &[
        (Action::Up, "up"),
        (Action::Down, "down"),
        (Action::Collapse, "collapse"),
        (Action::Expand, "expand"),
        (Action::Open, "open"),
        (Action::SwitchPane, "switch_pane"),
        (Action::Top, "top"),
        (Action::Bottom, "bottom"),
        (Action::PageUp, "page_up"),
        (Action::PageDown, "page_down"),
        (Action::HalfPageUp, "half_page_up"),
        (Action::HalfPageDown, "half_page_down"),
        (Action::Search, "search"),
        (Action::NextMatch, "next_match"),
        (Action::PrevMatch, "prev_match"),
        (Action::Links, "links"),
        (Action::Termine, "termine"),
        (Action::HistoryBack, "history_back"),
        (Action::HistoryForward, "history_forward"),
        (Action::Help, "help"),
        (Action::Problems, "problems"),
        (Action::Back, "back"),
        (Action::Quit, "quit"),
        (Action::Suspend, "suspend"),
        (Action::Erase, "erase"),
        (Action::ClearQuery, "clear_query"),
        (Action::EditQuery, "edit_query"),
        (Action::OlderQuery, "older_query"),
        (Action::NewerQuery, "newer_query"),
        (Action::ToggleRead, "toggle_read"),
        (Action::ToggleMerk, "toggle_merk"),
        (Action::Note, "note"),
        (Action::NextUnread, "next_unread"),
        (Action::Copy, "copy"),
        (Action::Export, "export"),
        (Action::SaveNote, "save_note"),
        (Action::SwitchSearch, "switch_search"),
        (Action::OpenDocument, "open_document"),
    ];

    /// The action's name in the config file.
    pub fn name(self) -> &'static str {
        Action::ALL.iter().find(|(a, _)| *a == self).map_or("", |(_, n)| n)
    }
}

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Tree,
    Reader,
    Search,
    Termine,
    /// Help, problem list, link list or copy menu.
    Overlay,
    /// The note editor: everything typed is text.
    Editor,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
}

const fn k(c: char) -> Key {
    Key { code: KeyCode::Char(c), ctrl: false, alt: false }
}
const fn ctrl(c: char) -> Key {
    Key { code: KeyCode::Char(c), ctrl: true, alt: false }
}
const fn code(code: KeyCode) -> Key {
    Key { code, ctrl: false, alt: false }
}
const fn alt(code: KeyCode) -> Key {
    Key { code, ctrl: false, alt: true }
}

impl Key {
    /// How help and status line write the key.
    pub fn label(&self) -> String {
        let name = match self.code {
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::Enter => "Enter".into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "⇧Tab".into(),
            KeyCode::Esc => "Esc".into(),
            KeyCode::Backspace => "⌫".into(),
            KeyCode::Home => s::TASTE_POS1.to_owned(),
            KeyCode::End => s::TASTE_ENDE.to_owned(),
            KeyCode::PageUp => s::TASTE_BILD_AUF.to_owned(),
            KeyCode::PageDown => s::TASTE_BILD_AB.to_owned(),
            KeyCode::Delete => s::TASTE_ENTF.to_owned(),
            KeyCode::F(n) => format!("F{n}"),
            KeyCode::Char(' ') => s::TASTE_LEER.to_owned(),
            KeyCode::Char(c) => c.to_string(),
            other => format!("{other:?}"),
        };
        match (self.ctrl, self.alt) {
            (true, _) => format!("{}-{name}", s::TASTE_STRG),
            (false, true) => format!("{}-{name}", s::TASTE_ALT),
            _ => name,
        }
    }
}

pub struct Binding {
    pub keys: Vec<Key>,
    pub action: Action,
    pub modes: &'static [Mode],
    pub help: &'static Text,
    /// The status line's word for it (the most useful keys only: it is one
    /// line). With `with`, the hint names that action's first key too:
    /// "↑↓ wählen".
    pub status: Option<&'static Text>,
    pub with: Option<Action>,
}

impl Binding {
    /// The keys as help writes them.
    pub fn label(&self) -> String {
        self.keys.iter().map(Key::label).collect::<Vec<_>>().join(" ")
    }
}

use Mode::*;

const BROWSE: &[Mode] = &[Tree, Reader];
const BROWSE_OVERLAY: &[Mode] = &[Tree, Reader, Termine, Overlay];
const LISTS: &[Mode] = &[Tree, Reader, Termine, Overlay];
const ALL: &[Mode] = &[Tree, Reader, Search, Termine, Overlay, Editor];

/// The bindings as shipped; a config file may change their keys.
fn defaults() -> Vec<Binding> {
    let b = |keys: &[Key], action, modes, help| Binding {
        keys: keys.to_vec(),
        action,
        modes,
        help,
        status: None,
        with: None,
    };
    let hint = |mut b: Binding, status: &'static Text, with: Option<Action>| {
        b.status = Some(status);
        b.with = with;
        b
    };
    vec![
        b(&[code(KeyCode::Up), k('k')], Action::Up, BROWSE_OVERLAY, s::T_NACH_OBEN),
        hint(
            b(&[code(KeyCode::Down), k('j')], Action::Down, BROWSE_OVERLAY, s::T_NACH_UNTEN),
            s::T_WAEHLEN,
            Some(Action::Up),
        ),
        b(&[code(KeyCode::Left), k('h')], Action::Collapse, &[Tree], s::T_ZUKLAPPEN),
        b(&[code(KeyCode::Right), k('l')], Action::Expand, &[Tree], s::T_AUFKLAPPEN),
        b(&[code(KeyCode::Enter)], Action::Open, &[Tree], s::T_OEFFNEN_KLAPPEN),
        hint(b(&[code(KeyCode::Enter)], Action::Open, &[Reader], s::T_VERWEIS_FOLGEN), s::T_FOLGEN, None),
        hint(
            b(&[code(KeyCode::Enter)], Action::Open, &[Termine, Overlay], s::T_OEFFNEN_FOLGEN),
            s::T_OEFFNEN,
            None,
        ),
        hint(
            b(
                &[code(KeyCode::Tab), code(KeyCode::BackTab)],
                Action::SwitchPane,
                BROWSE,
                s::T_BEREICH_WECHSELN,
            ),
            s::T_BEREICH,
            None,
        ),
        b(&[k('g'), code(KeyCode::Home)], Action::Top, LISTS, s::T_ZUM_ANFANG),
        b(&[k('G'), code(KeyCode::End)], Action::Bottom, LISTS, s::T_ZUM_ENDE),
        b(&[code(KeyCode::PageUp)], Action::PageUp, LISTS, s::T_SEITE_ZURUECK),
        b(&[code(KeyCode::PageDown), k(' ')], Action::PageDown, LISTS, s::T_SEITE_WEITER),
        b(&[ctrl('u')], Action::HalfPageUp, LISTS, s::T_HALBE_SEITE_ZURUECK),
        b(&[ctrl('d')], Action::HalfPageDown, LISTS, s::T_HALBE_SEITE_WEITER),
        hint(b(&[k('/')], Action::Search, &[Tree, Reader, Termine], s::T_ARCHIV_SUCHEN), s::T_SUCHEN, None),
        hint(b(&[k('t')], Action::Termine, &[Tree, Reader], s::T_TERMINE_ZEIGEN), s::T_TERMINE_KURZ, None),
        hint(b(&[k('f')], Action::Links, &[Tree, Reader], s::T_VERWEISE_ZEIGEN), s::T_VERWEISE_KURZ, None),
        hint(
            b(&[k('n')], Action::NextMatch, &[Reader], s::T_NAECHSTER_TREFFER_TEXT),
            s::T_TREFFER,
            Some(Action::PrevMatch),
        ),
        b(&[k('N')], Action::PrevMatch, &[Reader], s::T_VORHERIGER_TREFFER_TEXT),
        hint(
            b(
                &[code(KeyCode::Backspace), ctrl('o'), alt(KeyCode::Left)],
                Action::HistoryBack,
                &[Tree, Reader, Termine],
                s::T_ZURUECK_STELLE,
            ),
            s::T_ZURUECK,
            None,
        ),
        b(
            &[alt(KeyCode::Right), ctrl('n')],
            Action::HistoryForward,
            &[Tree, Reader, Termine],
            s::T_WIEDER_VOR,
        ),
        b(&[k('p')], Action::Problems, &[Tree, Reader, Termine], s::T_PROBLEME_ZEIGEN),
        hint(b(&[k('x')], Action::ToggleRead, BROWSE, s::T_GELESEN_UMSCHALTEN), s::T_GELESEN, None),
        b(&[k('u')], Action::NextUnread, BROWSE, s::T_NAECHSTER_UNGELESENER),
        hint(b(&[k('m')], Action::ToggleMerk, BROWSE, s::T_MERKLISTE_UMSCHALTEN), s::T_MERKEN, None),
        hint(b(&[k('a')], Action::Note, BROWSE, s::T_NOTIZ_SCHREIBEN), s::T_NOTIZ, None),
        b(&[k('y')], Action::Copy, BROWSE, s::T_KOPIEREN),
        b(&[k('e')], Action::Export, BROWSE, s::T_ALS_MARKDOWN_SPEICHERN),
        b(&[k('o')], Action::OpenDocument, BROWSE, s::T_DOKUMENT_OEFFNEN),
        b(&[k('y')], Action::Copy, &[Overlay], s::T_LINK_KOPIEREN),
        hint(b(&[k('?'), code(KeyCode::F(1))], Action::Help, LISTS, s::HILFE), s::HILFE, None),
        // In the search '?' is typed.
        b(&[code(KeyCode::F(1))], Action::Help, &[Search], s::HILFE),
        hint(
            b(
                &[code(KeyCode::Esc)],
                Action::Back,
                &[Reader, Termine, Overlay, Search],
                s::T_ZURUECK_SCHLIESSEN,
            ),
            s::T_SCHLIESSEN,
            None,
        ),
        hint(b(&[k('q')], Action::Quit, BROWSE, s::T_BEENDEN), s::T_BEENDEN, None),
        b(&[k('q')], Action::Back, &[Termine, Overlay], s::T_SCHLIESSEN),
        b(&[ctrl('c')], Action::Quit, ALL, s::T_BEENDEN),
        b(&[ctrl('z')], Action::Suspend, ALL, s::T_ANHALTEN),
        // The note editor: everything else typed is text.
        hint(
            b(&[code(KeyCode::Esc), ctrl('s')], Action::SaveNote, &[Editor], s::T_NOTIZ_SPEICHERN),
            s::T_SPEICHERN,
            None,
        ),
        // Search pane: everything else typed goes into the query.
        b(&[code(KeyCode::Up), ctrl('p'), ctrl('k')], Action::Up, &[Search], s::T_VORHERIGER_TREFFER),
        hint(
            b(&[code(KeyCode::Down), ctrl('n'), ctrl('j')], Action::Down, &[Search], s::T_NAECHSTER_TREFFER),
            s::T_WAEHLEN,
            Some(Action::Up),
        ),
        b(&[code(KeyCode::PageUp)], Action::PageUp, &[Search], s::T_SEITE_ZURUECK),
        b(&[code(KeyCode::PageDown)], Action::PageDown, &[Search], s::T_SEITE_WEITER),
        hint(b(&[code(KeyCode::Enter)], Action::Open, &[Search], s::T_TREFFER_OEFFNEN), s::T_OEFFNEN, None),
        b(&[code(KeyCode::Backspace)], Action::Erase, &[Search], s::T_ZEICHEN_LOESCHEN),
        b(&[ctrl('u')], Action::ClearQuery, &[Search], s::T_SUCHE_LEEREN),
        b(
            &[code(KeyCode::Right), code(KeyCode::End)],
            Action::EditQuery,
            &[Search],
            s::T_SUCHE_WEITERSCHREIBEN,
        ),
        hint(
            b(&[code(KeyCode::Tab)], Action::SwitchSearch, &[Search], s::T_TITEL_ODER_VOLLTEXT),
            s::T_TITEL_VOLLTEXT,
            None,
        ),
        hint(b(&[ctrl('r')], Action::OlderQuery, &[Search], s::T_FRUEHERE_SUCHE), s::T_FRUEHERE, None),
        b(&[ctrl('f')], Action::NewerQuery, &[Search], s::T_SPAETERE_SUCHE),
    ]
}

/// The bindings in effect.
pub struct Keymap {
    pub bindings: Vec<Binding>,
}

impl Default for Keymap {
    fn default() -> Self {
        Keymap { bindings: defaults() }
    }
}

impl Keymap {
    /// The shipped bindings with the keys the config gives actions by name
    /// (`quit = ["q", "ctrl-c"]`): those keys replace the action's keys in
    /// every mode it has. Names the config gives that no action has are
    /// returned as warnings, with their place in the file.
    pub fn with_config(keys: &crate::config::Keys) -> (Keymap, Vec<crate::problem::Problem>) {
        let mut map = Keymap::default();
        for (action, name) in Action::ALL {
            let Some(specs) = keys.get(name) else { continue };
            let new: Vec<Key> = specs
                .iter()
                .map(|k| Key {
                    // Shift-Tab arrives as BackTab; Shift with a char is its case.
                    code: if k.shift && k.code == KeyCode::Tab { KeyCode::BackTab } else { k.code },
                    ctrl: k.ctrl,
                    alt: k.alt,
                })
                .collect();
            for b in map.bindings.iter_mut().filter(|b| b.action == *action) {
                b.keys = new.clone();
            }
        }
        let known: Vec<&str> = Action::ALL.iter().map(|(_, n)| *n).collect();
        (map, keys.unknown_actions(&known))
    }

    /// The binding for `ev` in `mode`, if any. Shifted letters arrive as
    /// upper-case chars; Shift itself is no part of the table.
    pub fn lookup(&self, mode: Mode, ev: &KeyEvent) -> Option<&Binding> {
        let ctrl_held = ev.modifiers.contains(KeyModifiers::CONTROL);
        let alt_held = ev.modifiers.contains(KeyModifiers::ALT);
        self.bindings.iter().find(|b| {
            b.modes.contains(&mode)
                && b.keys
                    .iter()
                    .any(|key| key.code == ev.code && key.ctrl == ctrl_held && key.alt == alt_held)
        })
    }

    /// The first key of `action` in `mode`, as written.
    pub fn first_key(&self, mode: Mode, action: Action) -> Option<String> {
        self.bindings
            .iter()
            .find(|b| b.action == action && b.modes.contains(&mode))
            .and_then(|b| b.keys.first())
            .map(Key::label)
    }

    /// The status-line hints for `mode`, in table order, without repeats:
    /// the bound key(s), then the word.
    pub fn status_hints(&self, mode: Mode) -> Vec<String> {
        let mut v: Vec<String> = Vec::new();
        for b in self.bindings.iter().filter(|b| b.modes.contains(&mode)) {
            let Some(word) = b.status else { continue };
            let Some(first) = b.keys.first() else { continue };
            let keys = match b.with.and_then(|w| self.first_key(mode, w)) {
                Some(other) => format!("{other}{}", first.label()),
                None => first.label(),
            };
            let hint = format!("{keys} {word}");
            if !v.contains(&hint) {
                v.push(hint);
            }
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode, m: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, m)
    }

    #[test]
    fn every_mode_can_quit_or_go_back() {
        let keys = Keymap::default();
        for mode in [Tree, Reader, Search, Termine, Overlay] {
            let b = keys.lookup(mode, &key(KeyCode::Char('c'), KeyModifiers::CONTROL)).unwrap();
            assert_eq!(b.action, Action::Quit);
        }
        assert_eq!(keys.lookup(Search, &key(KeyCode::Esc, KeyModifiers::NONE)).unwrap().action, Action::Back);
    }

    #[test]
    fn letters_type_in_search_but_act_elsewhere() {
        let keys = Keymap::default();
        let j = key(KeyCode::Char('j'), KeyModifiers::NONE);
        assert!(keys.lookup(Search, &j).is_none());
        assert_eq!(keys.lookup(Tree, &j).unwrap().action, Action::Down);
        let shift_g = key(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(keys.lookup(Reader, &shift_g).unwrap().action, Action::Bottom);
        let alt_left = key(KeyCode::Left, KeyModifiers::ALT);
        assert_eq!(keys.lookup(Reader, &alt_left).unwrap().action, Action::HistoryBack);
        assert_eq!(
            keys.lookup(Tree, &key(KeyCode::Left, KeyModifiers::NONE)).unwrap().action,
            Action::Collapse
        );
    }

    #[test]
    fn no_key_is_bound_twice_in_one_mode() {
        let keys = Keymap::default();
        for mode in [Tree, Reader, Search, Termine, Overlay] {
            let mut seen = Vec::new();
            for b in keys.bindings.iter().filter(|b| b.modes.contains(&mode)) {
                for key in &b.keys {
                    assert!(!seen.contains(key), "{mode:?}: {key:?} twice");
                    seen.push(*key);
                }
            }
        }
    }

    #[test]
    fn the_config_rebinds_by_name_and_names_what_it_does_not_know() {
        let loaded = crate::config::Config::parse(
            "[keys]\nquit = [\"ctrl-q\"]\nsearch = [\"s\", \"F3\"]\nfly = [\"f\"]\n",
            "config.toml",
        );
        let (cfg, problems) = (loaded.config, loaded.problems);
        assert!(problems.is_empty(), "{problems:?}");
        let (keys, unknown) = Keymap::with_config(&cfg.keys);
        assert_eq!(unknown.len(), 1, "{unknown:?}");
        assert!(unknown[0].message.contains("fly"), "{}", unknown[0].message);
        let q = key(KeyCode::Char('q'), KeyModifiers::NONE);
        assert!(keys.lookup(Tree, &q).is_none(), "q no longer quits");
        let ctrl_q = key(KeyCode::Char('q'), KeyModifiers::CONTROL);
        assert_eq!(keys.lookup(Tree, &ctrl_q).unwrap().action, Action::Quit);
        assert_eq!(
            keys.lookup(Reader, &key(KeyCode::F(3), KeyModifiers::NONE)).unwrap().action,
            Action::Search
        );
        assert!(keys.status_hints(Tree).contains(&"s suchen".to_owned()), "{:?}", keys.status_hints(Tree));
    }

    #[test]
    fn every_action_has_a_name() {
        for (a, n) in Action::ALL {
            assert_eq!(a.name(), *n);
            assert!(!n.is_empty());
        }
        assert_eq!(
            Action::ALL.iter().map(|(_, n)| n).collect::<std::collections::HashSet<_>>().len(),
            Action::ALL.len()
        );
    }

    #[test]
    fn labels_and_hints_come_from_the_keys() {
        let mut keys = Keymap::default();
        assert!(keys.status_hints(Tree).contains(&"↑↓ wählen".to_owned()), "{:?}", keys.status_hints(Tree));
        assert!(keys.status_hints(Tree).contains(&"/ suchen".to_owned()));
        // Bound anew, the hint says so.
        let search = keys.bindings.iter_mut().find(|b| b.action == Action::Search).unwrap();
        search.keys = vec![ctrl('s')];
        assert!(
            keys.status_hints(Tree).contains(&"Strg-s suchen".to_owned()),
            "{:?}",
            keys.status_hints(Tree)
        );
        assert_eq!(Key { code: KeyCode::PageDown, ctrl: false, alt: false }.label(), "Bild↓");
    }
}
