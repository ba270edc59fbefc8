//! The config file, `config.toml` in the user's config directory
//! (`$XDG_CONFIG_HOME/ratsinfo/config.toml` on Linux): keys, colours,
//! language, layout, mouse, read-mark delay, hyphenation.
//!
//! Read leniently, like the data: a file that is not TOML is reported with
//! file, line and column and all defaults apply; a value of the wrong type
//! or range is reported and its default applies, the rest of the file
//! still counts; an unknown key is a warning. `ratsinfo config --default`
//! prints a commented file of the defaults ([`default_file`]), which reads
//! back to exactly [`Config::default`] (in English, with `sprache = "en"`
//! kept: an English user who starts from it stays English).
//!
//! Key bindings are kept by action name: the UI owns its actions, maps the
//! names and reports names it does not know ([`Keys::unknown_actions`]).

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;
use std::path::Path;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::{Color, Modifier, Style};
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::dirs::Dirs;
use crate::problem::{Problem, Severity};
use crate::strings as s;

/// The language of the interface (kept with the texts, which follow it).
pub use crate::strings::Sprache;

/// The width of the tree pane.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TreeWidth {
    /// Two fifths of the window, at least 28 and at most 64 columns.
    #[default]
    Auto,
    Columns(u16),
    /// Percent of the window.
    Percent(u8),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Layout {
    pub tree_width: TreeWidth,
}

/// Everything the config file sets.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub sprache: Sprache,
    pub keys: Keys,
    pub theme: Theme,
    pub layout: Layout,
    /// Wheel, click, double click, dragging the divider.
    pub mouse: bool,
    /// How long an item must stay open to count as read.
    pub read_delay_ms: u64,
    /// German hyphenation in the reader.
    pub hyphenation: bool,
    /// The program that opens documents (`o`), perhaps with arguments;
    /// None: the system's (`xdg-open`, on macOS `open`).
    pub opener: Option<String>,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            sprache: Sprache::De,
            keys: Keys::default(),
            theme: Theme::default(),
            layout: Layout::default(),
            mouse: true,
            read_delay_ms: 2000,
            hyphenation: true,
            opener: None,
        }
    }
}

/// The longest read-mark delay accepted: ten minutes.
pub const MAX_READ_DELAY_MS: u64 = 600_000;

// ---------------------------------------------------------------- keys --

/// A key as the config writes it: `"q"`, `"G"`, `"ctrl-c"`, `"alt-x"`,
/// `"F1"`, `"pageup"`, `"shift-tab"`, `"space"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeySpec {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
    /// Only for keys that are not characters (a character's case says it).
    pub shift: bool,
}

/// Named keys: config name, code, and how help shows it.
const NAMED: &[(&str, KeyCode)] = &[
    ("enter", KeyCode::Enter),
    ("esc", KeyCode::Esc),
    ("escape", KeyCode::Esc),
    ("tab", KeyCode::Tab),
    ("backtab", KeyCode::BackTab),
    ("backspace", KeyCode::Backspace),
    ("delete", KeyCode::Delete),
    ("del", KeyCode::Delete),
    ("insert", KeyCode::Insert),
    ("home", KeyCode::Home),
    ("end", KeyCode::End),
    ("pageup", KeyCode::PageUp),
    ("pagedown", KeyCode::PageDown),
    ("up", KeyCode::Up),
    ("down", KeyCode::Down),
    ("left", KeyCode::Left),
    ("right", KeyCode::Right),
    ("space", KeyCode::Char(' ')),
];

impl KeySpec {
    pub fn parse(spec: &str) -> Result<KeySpec, String> {
        let mut k = KeySpec { code: KeyCode::Null, ctrl: false, alt: false, shift: false };
        let mut rest = spec;
        // Modifiers, each followed by `-` or `+`; the key itself may be `-`.
        loop {
            let lower = rest.to_ascii_lowercase();
            let found = ["ctrl", "alt", "shift"].into_iter().find(|m| {
                lower.starts_with(m)
                    && matches!(rest.as_bytes().get(m.len()), Some(b'-' | b'+'))
                    && rest.len() > m.len() + 1
            });
            let Some(m) = found else { break };
            match m {
                "ctrl" => k.ctrl = true,
                "alt" => k.alt = true,
                _ => k.shift = true,
            }
            rest = &rest[m.len() + 1..];
        }
        let mut chars = rest.chars();
        k.code = match (chars.next(), chars.next()) {
            (Some(c), None) if !c.is_control() => KeyCode::Char(c),
            _ => {
                let lower = rest.to_ascii_lowercase();
                if let Some(&(_, code)) = NAMED.iter().find(|(n, _)| *n == lower) {
                    code
                } else if let Some(n) = lower.strip_prefix('f').and_then(|n| n.parse::<u8>().ok()) {
                    if !(1..=24).contains(&n) {
                        return Err(s::taste_unbekannt(spec));
                    }
                    KeyCode::F(n)
                } else {
                    return Err(s::taste_unbekannt(spec));
                }
            }
        };
        // One way to write each key: a character's case is its shift;
        // ctrl with a letter is the same in either case; shift-tab is
        // what terminals send as back-tab.
        if let KeyCode::Char(c) = k.code {
            if k.ctrl && c.is_ascii_alphabetic() {
                k.code = KeyCode::Char(c.to_ascii_lowercase());
                k.shift = false;
            } else if k.shift {
                let upper: Vec<char> = c.to_uppercase().collect();
                if let [u] = upper[..] {
                    k.code = KeyCode::Char(u);
                }
                k.shift = false;
            }
        }
        if k.code == KeyCode::Tab && k.shift || k.code == KeyCode::BackTab {
            k.code = KeyCode::BackTab;
            k.shift = false;
        }
        Ok(k)
    }

    /// Whether a key press is this key.
    pub fn matches(&self, ev: &KeyEvent) -> bool {
        let m = ev.modifiers;
        let (ctrl, alt, shift) = (
            m.contains(KeyModifiers::CONTROL),
            m.contains(KeyModifiers::ALT),
            m.contains(KeyModifiers::SHIFT),
        );
        if ctrl != self.ctrl || alt != self.alt {
            return false;
        }
        match (self.code, ev.code) {
            // Terminals report Ctrl with a letter in either case.
            (KeyCode::Char(a), KeyCode::Char(b)) if self.ctrl => a.eq_ignore_ascii_case(&b),
            // A character's case is its shift.
            (KeyCode::Char(a), KeyCode::Char(b)) => a == b,
            (KeyCode::BackTab, KeyCode::BackTab) => true,
            (a, b) => a == b && shift == self.shift,
        }
    }

    /// How help and status line show the key: "Strg-c", "Bild↓", "F1".
    pub fn label(&self) -> String {
        let mut out = String::new();
        if self.ctrl {
            out.push_str(s::TASTE_STRG);
            out.push('-');
        }
        if self.alt {
            out.push_str(s::TASTE_ALT);
            out.push('-');
        }
        if self.shift {
            out.push_str(s::TASTE_UMSCHALT);
            out.push('-');
        }
        match self.code {
            KeyCode::Char(' ') => out.push_str(s::TASTE_LEER),
            KeyCode::Char(c) => out.push(c),
            KeyCode::F(n) => out.push_str(&format!("F{n}")),
            KeyCode::Enter => out.push_str("Enter"),
            KeyCode::Esc => out.push_str("Esc"),
            KeyCode::Tab => out.push_str("Tab"),
            KeyCode::BackTab => out.push_str(s::TASTE_RUECKTAB),
            KeyCode::Backspace => out.push('⌫'),
            KeyCode::Delete => out.push_str(s::TASTE_ENTF),
            KeyCode::Insert => out.push_str(s::TASTE_EINFG),
            KeyCode::Home => out.push_str(s::TASTE_POS1),
            KeyCode::End => out.push_str(s::TASTE_ENDE),
            KeyCode::PageUp => out.push_str(s::TASTE_BILD_AUF),
            KeyCode::PageDown => out.push_str(s::TASTE_BILD_AB),
            KeyCode::Up => out.push('↑'),
            KeyCode::Down => out.push('↓'),
            KeyCode::Left => out.push('←'),
            KeyCode::Right => out.push('→'),
            other => out.push_str(&format!("{other:?}")),
        }
        out
    }
}

/// As the config writes it (and reads it back).
impl fmt::Display for KeySpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (on, m) in [(self.ctrl, "ctrl-"), (self.alt, "alt-"), (self.shift, "shift-")] {
            if on {
                f.write_str(m)?;
            }
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::F(n) => write!(f, "F{n}"),
            KeyCode::BackTab => f.write_str("shift-tab"),
            code => {
                let name = NAMED.iter().find(|(_, c)| *c == code).map_or("?", |(n, _)| n);
                f.write_str(name)
            }
        }
    }
}

/// The `[keys]` table: action name → keys, for the actions the user
/// rebinds (the others keep the UI's keys).
#[derive(Debug, Clone, Default)]
pub struct Keys {
    bindings: BTreeMap<String, Vec<KeySpec>>,
    /// Where each action is named in the file (line, column).
    at: BTreeMap<String, (usize, usize)>,
    file: String,
}

/// Equal when they bind the same keys, wherever they were written.
impl PartialEq for Keys {
    fn eq(&self, other: &Keys) -> bool {
        self.bindings == other.bindings
    }
}

impl Keys {
    /// The keys the config gives `action`, if it rebinds it.
    pub fn get(&self, action: &str) -> Option<&[KeySpec]> {
        self.bindings.get(action).map(Vec::as_slice)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &[KeySpec])> {
        self.bindings.iter().map(|(a, k)| (a.as_str(), k.as_slice()))
    }

    pub fn is_empty(&self) -> bool {
        self.bindings.is_empty()
    }

    /// Sets an action's keys (tests, a UI that offers rebinding).
    pub fn set(&mut self, action: &str, keys: Vec<KeySpec>) {
        self.bindings.insert(action.to_owned(), keys);
    }

    /// Warnings for actions the UI does not know (`known`), where the file
    /// names them.
    pub fn unknown_actions(&self, known: &[&str]) -> Vec<Problem> {
        self.bindings
            .keys()
            .filter(|a| !known.contains(&a.as_str()))
            .map(|a| {
                let (line, col) = self.at.get(a).copied().unwrap_or((1, 1));
                Problem::at(Severity::Warning, &self.file, line, col, s::aktion_unbekannt(a, known))
            })
            .collect()
    }
}

// --------------------------------------------------------------- theme --

/// What a colour of the theme is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// The selected row.
    Selection,
    /// Headings and titles in the reader.
    Heading,
    /// Links in the reader.
    Link,
    /// Matched characters of a search.
    Match,
    /// Unread items in the tree.
    Unread,
    Warning,
    Error,
    /// Less important text (dates, counts, "ähnlich").
    Dim,
    /// On the Merkliste.
    Merk,
    /// Has a note; the note at the top of the reader.
    Note,
    /// A watched paper with something new.
    Neu,
    /// The status line.
    Status,
    /// The border of the focused pane.
    Focus,
}

impl Role {
    pub const ALL: [Role; 13] = [
        Role::Selection,
        Role::Heading,
        Role::Link,
        Role::Match,
        Role::Unread,
        Role::Warning,
        Role::Error,
        Role::Dim,
        Role::Merk,
        Role::Note,
        Role::Neu,
        Role::Status,
        Role::Focus,
    ];

    /// Its name in `[theme]`.
    pub fn name(self) -> &'static str {
        match self {
            Role::Selection => "selection",
            Role::Heading => "heading",
            Role::Link => "link",
            Role::Match => "match",
            Role::Unread => "unread",
            Role::Warning => "warning",
            Role::Error => "error",
            Role::Dim => "dim",
            Role::Merk => "merk",
            Role::Note => "note",
            Role::Neu => "neu",
            Role::Status => "status",
            Role::Focus => "focus",
        }
    }

    fn from_name(name: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.name() == name)
    }
}

/// The base the roles start from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ThemeBase {
    /// The 16 colours every terminal has, for dark and light backgrounds
    /// alike as far as they go.
    #[default]
    Default,
    /// For light backgrounds: no yellow or cyan text.
    Light,
}

impl ThemeBase {
    pub fn name(self) -> &'static str {
        match self {
            ThemeBase::Default => "default",
            ThemeBase::Light => "light",
        }
    }

    /// The style spec of each role in this base.
    pub fn spec(self, role: Role) -> &'static str {
        use Role::*;
        match (self, role) {
            (_, Selection) => "reverse",
            (_, Heading) => "bold",
            (_, Unread) => "bold",
            (_, Error) => "bold red",
            (_, Dim) => "dim",
            (_, Status) => "reverse",
            (_, Focus) => "bold",
            (ThemeBase::Default, Link) => "underline cyan",
            (ThemeBase::Default, Match) => "bold yellow",
            (ThemeBase::Default, Warning) => "yellow",
            (ThemeBase::Default, Merk) => "magenta",
            (ThemeBase::Default, Note) => "green",
            (ThemeBase::Default, Neu) => "bold green",
            (ThemeBase::Light, Link) => "underline blue",
            (ThemeBase::Light, Match) => "bold magenta",
            (ThemeBase::Light, Warning) => "red",
            (ThemeBase::Light, Merk) => "magenta",
            (ThemeBase::Light, Note) => "blue",
            (ThemeBase::Light, Neu) => "bold blue",
        }
    }
}

/// Colours and text attributes per role.
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    pub base: ThemeBase,
    styles: BTreeMap<Role, Style>,
    /// NO_COLOR: attributes only.
    pub no_color: bool,
}

impl Default for Theme {
    fn default() -> Theme {
        Theme::of(ThemeBase::Default)
    }
}

impl Theme {
    pub fn of(base: ThemeBase) -> Theme {
        let styles =
            Role::ALL.into_iter().map(|r| (r, parse_style(base.spec(r)).unwrap_or_default())).collect();
        Theme { base, styles, no_color: false }
    }

    /// The style of a role; without colours when NO_COLOR is set.
    pub fn style(&self, role: Role) -> Style {
        let st = self.styles.get(&role).copied().unwrap_or_default();
        if self.no_color { Style { fg: None, bg: None, ..st } } else { st }
    }

    pub fn set(&mut self, role: Role, style: Style) {
        self.styles.insert(role, style);
    }

    /// The same theme without colours (attributes kept, so that selection,
    /// links and matches still stand out): what NO_COLOR asks for.
    pub fn without_color(mut self) -> Theme {
        self.no_color = true;
        self
    }
}

/// The colour names of the 16-colour palette.
const COLORS: &[(&str, Color)] = &[
    ("black", Color::Black),
    ("red", Color::Red),
    ("green", Color::Green),
    ("yellow", Color::Yellow),
    ("blue", Color::Blue),
    ("magenta", Color::Magenta),
    ("cyan", Color::Cyan),
    ("gray", Color::Gray),
    ("grey", Color::Gray),
    ("darkgray", Color::DarkGray),
    ("darkgrey", Color::DarkGray),
    ("lightred", Color::LightRed),
    ("lightgreen", Color::LightGreen),
    ("lightyellow", Color::LightYellow),
    ("lightblue", Color::LightBlue),
    ("lightmagenta", Color::LightMagenta),
    ("lightcyan", Color::LightCyan),
    ("white", Color::White),
    ("default", Color::Reset),
    ("reset", Color::Reset),
];

fn parse_color(word: &str) -> Option<Color> {
    if let Some(&(_, c)) = COLORS.iter().find(|(n, _)| *n == word) {
        return Some(c);
    }
    if let Some(hex) = word.strip_prefix('#').filter(|h| h.len() == 6) {
        let v = u32::from_str_radix(hex, 16).ok()?;
        return Some(Color::Rgb((v >> 16) as u8, (v >> 8) as u8, v as u8));
    }
    word.parse::<u8>().ok().map(Color::Indexed)
}

/// A style as the config writes it: attributes and colours in any order,
/// a colour after `on` is the background: `"bold yellow"`,
/// `"black on cyan"`, `"underline #3366cc"`, `"reverse"`, `"plain"`.
pub fn parse_style(spec: &str) -> Result<Style, String> {
    let mut st = Style::new();
    let mut words = spec.split_whitespace().map(str::to_ascii_lowercase);
    while let Some(w) = words.next() {
        let m = match w.as_str() {
            "bold" => Modifier::BOLD,
            "dim" => Modifier::DIM,
            "italic" => Modifier::ITALIC,
            "underline" | "underlined" => Modifier::UNDERLINED,
            "reverse" | "reversed" => Modifier::REVERSED,
            "plain" | "none" => Modifier::empty(),
            "on" => {
                let c = words.next().ok_or_else(|| s::stil_unbekannt(spec))?;
                st = st.bg(parse_color(&c).ok_or_else(|| s::farbe_unbekannt(&c))?);
                continue;
            }
            other => {
                st = st.fg(parse_color(other).ok_or_else(|| s::farbe_unbekannt(other))?);
                continue;
            }
        };
        st = st.add_modifier(m);
    }
    Ok(st)
}

// ------------------------------------------------------------- reading --

/// The config with what was wrong in its file.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub config: Config,
    /// Errors (the default applies instead) and warnings (unknown keys),
    /// by place in the file.
    pub problems: Vec<Problem>,
}

impl Config {
    /// The user's config (no file: the defaults), with NO_COLOR from the
    /// environment applied.
    pub fn load(dirs: &Dirs) -> Loaded {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Config::load_from(&dirs.config_file(), no_color)
    }

    /// The config in `path`; a missing file is the defaults, silently.
    pub fn load_from(path: &Path, no_color: bool) -> Loaded {
        let name = crate::text::display_name(path);
        let mut loaded = match std::fs::read(path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => Config::parse(&text, &name),
                Err(_) => Loaded {
                    config: Config::default(),
                    problems: vec![Problem::new(Severity::Error, &name, s::KONFIG_KEIN_UTF8.into())],
                },
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                Loaded { config: Config::default(), problems: Vec::new() }
            }
            Err(e) => Loaded {
                config: Config::default(),
                problems: vec![Problem::new(Severity::Error, &name, s::io_message(&e))],
            },
        };
        if no_color {
            loaded.config.theme.no_color = true;
        }
        loaded
    }

    /// Reads a config file's text; `file` names it in problems.
    pub fn parse(text: &str, file: &str) -> Loaded {
        let mut r = Reader { text, file, problems: Vec::new() };
        let config = match DeTable::parse(text) {
            Ok(table) => r.config(table.get_ref()),
            Err(e) => {
                let at = e.span().map_or(0, |sp| sp.start);
                r.problem(Severity::Error, at..at, s::konfig_syntax(e.message().trim()));
                Config::default()
            }
        };
        let mut problems = r.problems;
        problems.sort_by_key(|p| (p.line, p.column));
        Loaded { config, problems }
    }
}

/// Walks the parsed file, collecting problems.
struct Reader<'a> {
    text: &'a str,
    file: &'a str,
    problems: Vec<Problem>,
}

type Value<'i> = Spanned<DeValue<'i>>;

/// What a value is, for messages.
fn type_name(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => s::TYP_TEXT,
        DeValue::Integer(_) => s::TYP_ZAHL,
        DeValue::Float(_) => s::TYP_KOMMAZAHL,
        DeValue::Boolean(_) => s::TYP_WAHRHEITSWERT,
        DeValue::Datetime(_) => s::TYP_DATUM,
        DeValue::Array(_) => s::TYP_LISTE,
        DeValue::Table(_) => s::TYP_TABELLE,
    }
}

impl Reader<'_> {
    fn problem(&mut self, severity: Severity, span: Range<usize>, message: String) {
        let (line, col) = position(self.text, span.start);
        self.problems.push(Problem::at(severity, self.file, line, col, message));
    }

    fn at(&self, span: Range<usize>) -> (usize, usize) {
        position(self.text, span.start)
    }

    fn unknown(&mut self, section: &str, key: &Spanned<std::borrow::Cow<'_, str>>) {
        let name = if section.is_empty() {
            key.get_ref().to_string()
        } else {
            format!("{section}.{}", key.get_ref())
        };
        self.problem(Severity::Warning, key.span(), s::konfig_unbekannt(&crate::text::sanitize(&name)));
    }

    fn wrong(&mut self, name: &str, v: &Value<'_>, expected: &str) {
        self.problem(
            Severity::Error,
            v.span(),
            s::konfig_falscher_wert(name, expected, type_name(v.get_ref())),
        );
    }

    fn bool(&mut self, name: &str, v: &Value<'_>, default: bool) -> bool {
        match v.get_ref() {
            DeValue::Boolean(b) => *b,
            _ => {
                self.wrong(name, v, s::ERWARTET_WAHRHEITSWERT);
                default
            }
        }
    }

    fn config(&mut self, t: &DeTable<'_>) -> Config {
        let mut c = Config::default();
        for (k, v) in t.iter() {
            match k.get_ref().as_ref() {
                "sprache" => match v.get_ref() {
                    DeValue::String(x) if x == "de" => c.sprache = Sprache::De,
                    DeValue::String(x) if x == "en" => c.sprache = Sprache::En,
                    _ => self.wrong("sprache", v, s::ERWARTET_SPRACHE),
                },
                "mouse" => c.mouse = self.bool("mouse", v, c.mouse),
                "hyphenation" => c.hyphenation = self.bool("hyphenation", v, c.hyphenation),
                "opener" => match v.get_ref() {
                    DeValue::String(x) if !x.trim().is_empty() && !x.chars().any(char::is_control) => {
                        c.opener = Some(x.trim().to_string())
                    }
                    _ => self.wrong("opener", v, s::ERWARTET_PROGRAMM),
                },
                "read_delay_ms" => match v.get_ref() {
                    DeValue::Integer(i) if i.radix() == 10 => match i.as_str().parse::<u64>() {
                        Ok(ms) if ms <= MAX_READ_DELAY_MS => c.read_delay_ms = ms,
                        _ => self.wrong("read_delay_ms", v, s::ERWARTET_VERZOEGERUNG),
                    },
                    _ => self.wrong("read_delay_ms", v, s::ERWARTET_VERZOEGERUNG),
                },
                "keys" => match v.get_ref() {
                    DeValue::Table(t) => c.keys = self.keys(t),
                    _ => self.wrong("keys", v, s::ERWARTET_TABELLE),
                },
                "theme" => match v.get_ref() {
                    DeValue::Table(t) => c.theme = self.theme(t),
                    _ => self.wrong("theme", v, s::ERWARTET_TABELLE),
                },
                "layout" => match v.get_ref() {
                    DeValue::Table(t) => c.layout = self.layout(t),
                    _ => self.wrong("layout", v, s::ERWARTET_TABELLE),
                },
                _ => self.unknown("", k),
            }
        }
        c
    }

    fn keys(&mut self, t: &DeTable<'_>) -> Keys {
        let mut keys = Keys { file: self.file.to_owned(), ..Keys::default() };
        for (k, v) in t.iter() {
            let action = k.get_ref().to_string();
            let name = format!("keys.{}", crate::text::sanitize(&action));
            let items: Vec<&Value<'_>> = match v.get_ref() {
                DeValue::String(_) => vec![v],
                DeValue::Array(a) => a.iter().collect(),
                _ => {
                    self.wrong(&name, v, s::ERWARTET_TASTEN);
                    continue;
                }
            };
            let mut specs = Vec::new();
            for item in items {
                match item.get_ref() {
                    DeValue::String(x) => match KeySpec::parse(x) {
                        Ok(spec) => specs.push(spec),
                        Err(why) => self.problem(Severity::Error, item.span(), format!("{name}: {why}")),
                    },
                    _ => self.wrong(&name, item, s::ERWARTET_TASTEN),
                }
            }
            if !specs.is_empty() {
                let at = self.at(k.span());
                keys.at.insert(action.clone(), at);
                keys.bindings.insert(action, specs);
            }
        }
        keys
    }

    fn theme(&mut self, t: &DeTable<'_>) -> Theme {
        let base = match t.get("base").map(|v| (v, v.get_ref())) {
            None => ThemeBase::Default,
            Some((_, DeValue::String(x))) if x == "default" => ThemeBase::Default,
            Some((_, DeValue::String(x))) if x == "light" => ThemeBase::Light,
            Some((v, _)) => {
                self.wrong("theme.base", v, s::ERWARTET_THEMA);
                ThemeBase::Default
            }
        };
        let mut theme = Theme::of(base);
        for (k, v) in t.iter() {
            let key = k.get_ref().as_ref();
            if key == "base" {
                continue;
            }
            let Some(role) = Role::from_name(key) else {
                self.unknown("theme", k);
                continue;
            };
            let name = format!("theme.{key}");
            match v.get_ref() {
                DeValue::String(x) => match parse_style(x) {
                    Ok(st) => theme.set(role, st),
                    Err(why) => self.problem(Severity::Error, v.span(), format!("{name}: {why}")),
                },
                _ => self.wrong(&name, v, s::ERWARTET_STIL),
            }
        }
        theme
    }

    fn layout(&mut self, t: &DeTable<'_>) -> Layout {
        let mut layout = Layout::default();
        for (k, v) in t.iter() {
            if k.get_ref() != "tree_width" {
                self.unknown("layout", k);
                continue;
            }
            let w = match v.get_ref() {
                DeValue::String(x) if x == "auto" => Some(TreeWidth::Auto),
                DeValue::String(x) => x
                    .strip_suffix('%')
                    .and_then(|p| p.trim().parse::<u8>().ok())
                    .filter(|p| (10..=90).contains(p))
                    .map(TreeWidth::Percent),
                DeValue::Integer(i) if i.radix() == 10 => {
                    i.as_str().parse::<u16>().ok().filter(|w| (10..=500).contains(w)).map(TreeWidth::Columns)
                }
                _ => None,
            };
            match w {
                Some(w) => layout.tree_width = w,
                None => self.wrong("layout.tree_width", v, s::ERWARTET_BAUMBREITE),
            }
        }
        layout
    }
}

/// Line and column (from 1; the column counts characters) of byte `at`.
fn position(text: &str, at: usize) -> (usize, usize) {
    let at = at.min(text.len());
    let before = text.get(..at).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// A problem of the config file as the user reads it: file, line, column,
/// and what applies instead.
pub fn describe(p: &Problem) -> String {
    s::konfig_problem(p.severity, &p.file, p.line, p.column, &p.message)
}

/// The commented config file of the defaults (`ratsinfo config --default`).
pub fn default_file() -> String {
    let t = Theme::default();
    let roles: String =
        Role::ALL.into_iter().map(|r| format!("{} = \"{}\"\n", r.name(), t.base.spec(r))).collect();
    s::konfig_vorlage(&roles)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Loaded {
        Config::parse(text, "config.toml")
    }

    fn ev(code: KeyCode, m: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, m)
    }

    #[test]
    fn the_default_file_reads_back_to_the_defaults() {
        let text = default_file();
        let loaded = parse(&text);
        assert_eq!(loaded.problems, vec![], "{text}");
        assert_eq!(loaded.config, Config::default());
        // Every role is in it, and every line that is not a comment sets something.
        for r in Role::ALL {
            assert!(text.contains(&format!("\n{} = ", r.name())), "{}", r.name());
        }
        assert!(text.lines().next().unwrap().starts_with('#'));
    }

    #[test]
    fn a_file_sets_what_it_names_and_leaves_the_rest() {
        let loaded = parse(
            r##"
sprache = "en"
mouse = false
read_delay_ms = 500
hyphenation = false
opener = "firefox --new-window"
[layout]
tree_width = "35%"
[keys]
quit = ["q", "ctrl-c"]
search = "ctrl-f"
[theme]
base = "light"
match = "black on #ffcc00"
"##,
        );
        assert_eq!(loaded.problems, vec![]);
        let c = loaded.config;
        assert_eq!((c.sprache, c.mouse, c.read_delay_ms, c.hyphenation), (Sprache::En, false, 500, false));
        assert_eq!(c.opener.as_deref(), Some("firefox --new-window"));
        assert_eq!(c.layout.tree_width, TreeWidth::Percent(35));
        let quit: Vec<String> = c.keys.get("quit").unwrap().iter().map(|k| k.to_string()).collect();
        assert_eq!(quit, ["q", "ctrl-c"]);
        assert_eq!(c.keys.get("search").unwrap()[0].label(), "Strg-f");
        assert_eq!(c.keys.get("help"), None, "not rebound: the UI's keys");
        assert_eq!(c.theme.base, ThemeBase::Light);
        assert_eq!(c.theme.style(Role::Match), Style::new().fg(Color::Black).bg(Color::Rgb(0xff, 0xcc, 0)));
        assert_eq!(
            c.theme.style(Role::Link),
            Style::new().fg(Color::Blue).add_modifier(Modifier::UNDERLINED)
        );
    }

    #[test]
    fn a_syntax_error_names_line_and_column_and_all_defaults_apply() {
        let loaded = parse("mouse = false\n[keys\nquit = \"q\"\n");
        assert_eq!(loaded.config, Config::default());
        assert_eq!(loaded.problems.len(), 1, "{:?}", loaded.problems);
        let p = &loaded.problems[0];
        assert_eq!((p.severity, p.line, p.column), (Severity::Error, Some(2), Some(6)));
        let shown = describe(p);
        assert!(
            shown.starts_with(
                "Fehler in der Konfiguration config.toml, Zeile 2, Spalte 6: kein gültiges TOML"
            ),
            "{shown}"
        );
        assert!(shown.contains("es gelten alle Voreinstellungen"), "{shown}");
        // An unterminated string, a duplicate key.
        for (text, line) in [("sprache = \"de\nmouse = true\n", 1), ("mouse = true\nmouse = false\n", 2)] {
            let l = parse(text);
            assert_eq!(l.config, Config::default(), "{text}");
            assert_eq!(l.problems[0].line, Some(line), "{text}: {:?}", l.problems);
        }
    }

    #[test]
    fn the_opener_is_a_program_or_a_problem() {
        for text in ["opener = \"\"", "opener = 5", "opener = \"a\\u001bb\"", "opener = [\"x\"]"] {
            let l = parse(text);
            assert_eq!(l.config.opener, None, "{text}");
            assert_eq!(l.problems.len(), 1, "{text}: {:?}", l.problems);
            assert!(l.problems[0].message.contains("xdg-open"), "{}", l.problems[0].message);
        }
        assert_eq!(parse("opener = \" open -a Preview \"").config.opener.as_deref(), Some("open -a Preview"));
    }

    #[test]
    fn a_wrong_value_is_an_error_at_its_place_and_its_default_applies() {
        let loaded = parse(
            "mouse = \"ja\"\nhyphenation = false\nread_delay_ms = -5\nsprache = \"fr\"\n\
             [layout]\ntree_width = 3\n[theme]\nlink = \"blinkend\"\nbase = 7\n\
             [keys]\nquit = [\"q\", \"strg-x\", 4]\nhelp = 1\n",
        );
        let c = &loaded.config;
        assert!(c.mouse, "the default");
        assert!(!c.hyphenation, "the rest of the file still counts");
        assert_eq!((c.read_delay_ms, c.sprache, c.layout.tree_width), (2000, Sprache::De, TreeWidth::Auto));
        assert_eq!(c.theme, Theme::default());
        assert_eq!(c.keys.get("quit").unwrap().len(), 1, "the good key of the list");
        assert_eq!(c.keys.get("help"), None);
        let at: Vec<(usize, usize, Severity)> =
            loaded.problems.iter().map(|p| (p.line.unwrap(), p.column.unwrap(), p.severity)).collect();
        assert_eq!(
            at,
            [
                (1, 9, Severity::Error),
                (3, 17, Severity::Error),
                (4, 11, Severity::Error),
                (6, 14, Severity::Error),
                (8, 8, Severity::Error),
                (9, 8, Severity::Error),
                (11, 14, Severity::Error),
                (11, 24, Severity::Error),
                (12, 8, Severity::Error),
            ],
            "{:#?}",
            loaded.problems
        );
        let m = &loaded.problems[0].message;
        assert_eq!(m, "„mouse“ erwartet true oder false, gefunden ein Text; es gilt die Voreinstellung");
        assert!(
            loaded.problems[6].message.contains("unbekannte Taste „strg-x“"),
            "{}",
            loaded.problems[6].message
        );
    }

    #[test]
    fn unknown_keys_warn_and_the_rest_applies() {
        let loaded = parse(
            "maus = false\nmouse = false\n[layout]\nbreite = 3\n[farben]\nx = 1\n[theme]\nhintergrund = \"red\"\n",
        );
        assert!(!loaded.config.mouse);
        let p: Vec<_> =
            loaded.problems.iter().map(|p| (p.severity, p.line.unwrap(), p.message.clone())).collect();
        assert_eq!(
            p,
            [
                (Severity::Warning, 1, "unbekannter Schlüssel „maus“ wird ignoriert".to_owned()),
                (Severity::Warning, 4, "unbekannter Schlüssel „layout.breite“ wird ignoriert".to_owned()),
                (Severity::Warning, 5, "unbekannter Schlüssel „farben“ wird ignoriert".to_owned()),
                (Severity::Warning, 8, "unbekannter Schlüssel „theme.hintergrund“ wird ignoriert".to_owned()),
            ]
        );
        // Actions are the UI's: it names those it knows.
        let keys = parse("[keys]\nquit = \"q\"\nfliegen = \"f\"\n").config.keys;
        let w = keys.unknown_actions(&["quit", "search"]);
        assert_eq!(w.len(), 1);
        assert_eq!((w[0].line, w[0].column, w[0].severity), (Some(3), Some(1), Severity::Warning));
        assert!(w[0].message.contains("„fliegen“"), "{}", w[0].message);
    }

    #[test]
    fn key_specs_read_write_and_match() {
        for (spec, written, label) in [
            ("q", "q", "q"),
            ("G", "G", "G"),
            ("shift-g", "G", "G"),
            ("ctrl-c", "ctrl-c", "Strg-c"),
            ("Ctrl+C", "ctrl-c", "Strg-c"),
            ("alt-x", "alt-x", "Alt-x"),
            ("F1", "F1", "F1"),
            ("f12", "F12", "F12"),
            ("pageup", "pageup", "Bild↑"),
            ("PageDown", "pagedown", "Bild↓"),
            ("shift-tab", "shift-tab", "Umschalt-Tab"),
            ("space", "space", "Leertaste"),
            ("-", "-", "-"),
            ("ctrl--", "ctrl--", "Strg--"),
            ("shift-up", "shift-up", "Umschalt-↑"),
            ("home", "home", "Pos1"),
            ("ä", "ä", "ä"),
        ] {
            let k = KeySpec::parse(spec).unwrap_or_else(|e| panic!("{spec}: {e}"));
            assert_eq!(k.to_string(), written, "{spec}");
            assert_eq!(KeySpec::parse(written), Ok(k), "{spec}");
            assert_eq!(k.label(), label, "{spec}");
        }
        for bad in ["", "ctrl-", "strg-c", "F0", "F25", "hallo", "\u{1b}"] {
            assert!(KeySpec::parse(bad).is_err(), "{bad:?}");
        }
        let none = KeyModifiers::NONE;
        let k = |s| KeySpec::parse(s).unwrap();
        assert!(k("G").matches(&ev(KeyCode::Char('G'), KeyModifiers::SHIFT)));
        assert!(!k("g").matches(&ev(KeyCode::Char('G'), KeyModifiers::SHIFT)));
        assert!(k("ctrl-c").matches(&ev(KeyCode::Char('c'), KeyModifiers::CONTROL)));
        assert!(k("ctrl-c").matches(&ev(KeyCode::Char('C'), KeyModifiers::CONTROL | KeyModifiers::SHIFT)));
        assert!(!k("c").matches(&ev(KeyCode::Char('c'), KeyModifiers::CONTROL)));
        assert!(k("shift-tab").matches(&ev(KeyCode::BackTab, KeyModifiers::SHIFT)));
        assert!(k("F1").matches(&ev(KeyCode::F(1), none)));
        assert!(!k("up").matches(&ev(KeyCode::Up, KeyModifiers::SHIFT)));
        assert!(k("?").matches(&ev(KeyCode::Char('?'), KeyModifiers::SHIFT)));
    }

    #[test]
    fn no_color_keeps_the_attributes_only() {
        let t = Theme::default();
        assert_eq!(t.style(Role::Match), Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD));
        let plain = t.clone().without_color();
        for r in Role::ALL {
            let st = plain.style(r);
            assert_eq!((st.fg, st.bg), (None, None), "{}", r.name());
            assert_eq!(st.add_modifier, t.style(r).add_modifier, "{}", r.name());
        }
        // What must stand out still does.
        for r in [Role::Selection, Role::Match, Role::Link, Role::Unread, Role::Status] {
            assert!(!plain.style(r).add_modifier.is_empty(), "{}", r.name());
        }
        // Light: no yellow or cyan text on a light background.
        let light = Theme::of(ThemeBase::Light);
        for r in Role::ALL {
            assert!(!matches!(light.style(r).fg, Some(Color::Yellow | Color::Cyan)), "{}", r.name());
        }
    }

    #[test]
    fn files_are_read_from_their_place_and_a_missing_one_is_the_defaults() {
        let dir = std::env::temp_dir().join(format!("ratsinfo-config-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let dirs = Dirs::under(&dir);
        let loaded = Config::load_from(&dirs.config_file(), false);
        assert_eq!((loaded.config, loaded.problems), (Config::default(), vec![]));
        std::fs::create_dir_all(&dirs.config).unwrap();
        std::fs::write(dirs.config_file(), "mouse = false\n").unwrap();
        let loaded = Config::load_from(&dirs.config_file(), true);
        assert!(!loaded.config.mouse);
        assert!(loaded.config.theme.no_color);
        std::fs::write(dirs.config_file(), b"mouse = \xff\n").unwrap();
        let loaded = Config::load_from(&dirs.config_file(), false);
        assert!(loaded.problems[0].message.contains("UTF-8"));
        assert!(loaded.problems[0].file.ends_with("config.toml"));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
