//! The command line: open the UI, or run a subcommand that prints.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use clap::{Parser, Subcommand};
use ratsinfo::dirs::Dirs;
use ratsinfo::open::Data;
use ratsinfo::pipeline::{Progress, Source};
use ratsinfo::state::State;
use ratsinfo::{cli, ui};

/// Read the proceedings of German city councils offline: Vorlagen, Sitzungen
/// and Auszüge of a council information system, browsable and searchable.
///
/// With no PATH, the archives `ratsinfo sync` made in the data directory
/// open; when there are none, the built-in sample.
#[derive(Parser)]
// Plain styles: clap marks its styles with escape sequences inside its
// messages, where they could not be told from escape sequences in an
// echoed argument (see `command_line_error`).
#[command(version, args_conflicts_with_subcommands = true, styles = clap::builder::Styles::plain())]
struct Cli {
    /// Export files (ratsinfo-export/1 JSON) or directories to open.
    paths: Vec<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Load and report: counts, and every error and warning. Exits non-zero
    /// when anything was reported.
    Check {
        /// Print one JSON object instead of text.
        #[arg(long)]
        json: bool,
        paths: Vec<PathBuf>,
    },
    /// Print the ranked matches of a fuzzy search, one a line; with --text,
    /// the records whose texts hold the words (full-text search). The query
    /// may hold filters: g:GREMIUM j:2021 j:2019-2021 art:ART status:STATUS
    /// von:DATUM bis:DATUM s:datum. A query starting with '-' follows `--`.
    Search {
        query: String,
        paths: Vec<PathBuf>,
        /// At most this many records.
        #[arg(long, default_value_t = 50)]
        limit: usize,
        /// Search the texts (Sachverhalt, Beschluss, documents, …): words,
        /// "phrases", prefix*, -excluded.
        #[arg(long)]
        text: bool,
        /// One JSON object a line: kind, key, nummer, titel, gremium, datum,
        /// score (with --text also section and snippet).
        #[arg(long)]
        json: bool,
    },
    /// Print what the reading pane shows for a record: every Vorlage with
    /// this number, or the record with this OParl id or key.
    Show {
        /// A Vorlage number, an OParl id, or a key as `ratsinfo` writes them.
        reference: String,
        paths: Vec<PathBuf>,
        /// Wrap to this many columns (text).
        #[arg(long, default_value_t = 80, value_parser = clap::value_parser!(u16).range(1..))]
        width: u16,
        /// text: as the reader shows it; md: Markdown; json: the record's
        /// fields and documents, with its key.
        #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
        format: ShowFormat,
        /// Then the text of each document (a downloaded PDF's, extracted
        /// now if it was not before).
        #[arg(long)]
        documents: bool,
    },
    /// Print the coming sessions of all Gremien by calendar week, or an
    /// iCalendar file of them (one event per session).
    Termine {
        paths: Vec<PathBuf>,
        /// From this day on (YYYY-MM-DD or DD.MM.YYYY); default today.
        #[arg(long, value_parser = parse_date)]
        from: Option<ratsinfo::model::Date>,
        /// Only Gremien whose name holds this.
        #[arg(long)]
        gremium: Option<String>,
        /// Write iCalendar (RFC 5545) instead of text.
        #[arg(long)]
        ics: bool,
    },
    /// Personal state (read marks, Merkliste, notes): where it is and how
    /// much it holds; export it to a file or import one.
    State {
        #[command(subcommand)]
        action: Option<StateCommand>,
    },
    /// Print all notes with their records (Markdown or JSON), e.g. for a
    /// faction's shared document; notes on records not loaded come last.
    Notes {
        paths: Vec<PathBuf>,
        /// md: Markdown; json: one list of notes with their keys.
        #[arg(long, value_enum, default_value_t = NotesFormat::Md)]
        format: NotesFormat,
    },
    /// The config file: where it is and what is wrong in it; with
    /// --default, a commented file of the defaults to start from.
    Config {
        /// Print the default config file (commented).
        #[arg(long)]
        default: bool,
    },
    /// Turn saved council pages (text, as the browser saves them) into
    /// ratsinfo-export/1 JSON.
    Import {
        #[arg(required = true)]
        pages: Vec<PathBuf>,
        /// Write to this file instead of standard output.
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Bring a council archive home from its OParl API, or bring the
    /// archives made before up to date (without URL). The first run fetches
    /// everything, later runs what changed since.
    Sync(SyncArgs),
    /// Internal: write the text of a PDF to standard output. ratsinfo runs
    /// itself this way, in a child process with limits, so that a hostile
    /// PDF cannot take it down.
    #[command(name = "extract-pdf", hide = true)]
    ExtractPdf { file: PathBuf },
}

#[derive(clap::Args)]
struct SyncArgs {
    /// An OParl System or Body URL, or a known name (see --list).
    target: Option<String>,
    /// Folder for the archives, one sub-folder per body (default: the data
    /// directory, e.g. ~/.local/share/ratsinfo).
    #[arg(long)]
    dir: Option<PathBuf>,
    /// Documents to download: none, all, since:YYYY-MM-DD, upcoming.
    #[arg(long, default_value = "none", value_parser = parse_files)]
    files: ratsinfo::sync::FilesMode,
    /// Print the summary as one JSON object.
    #[arg(long)]
    json: bool,
    /// Fetch every list in full, and mark what the server no longer has.
    #[arg(long)]
    full: bool,
    /// List the known endpoints.
    #[arg(long)]
    list: bool,
    /// Pause between two requests, in milliseconds.
    #[arg(long, default_value_t = 200)]
    delay: u64,
    /// Lists fetched at once (1 to 4).
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u16).range(1..=4))]
    parallel: u16,
    /// Connect and read timeout, in seconds.
    #[arg(long, default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..))]
    timeout: u64,
    /// Largest document to download, in MB.
    #[arg(long, default_value_t = 50)]
    max_file_size: u64,
    /// Also fetch lists, pages and documents on other hosts than the URL's.
    #[arg(long)]
    follow_hosts: bool,
    /// Entries per page to ask for (servers may send fewer or more).
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u64).range(1..=100_000))]
    page_size: u64,
    /// Attempts after the first for a failing request.
    #[arg(long, default_value_t = 4, hide = true)]
    retries: u32,
    /// First pause before a retry, in milliseconds (doubled each time).
    #[arg(long, default_value_t = 500, hide = true)]
    backoff_ms: u64,
}

fn parse_files(s: &str) -> Result<ratsinfo::sync::FilesMode, String> {
    s.parse()
}

impl SyncArgs {
    fn options(self) -> ratsinfo::sync::Options {
        ratsinfo::sync::Options {
            target: self.target,
            dir: self.dir,
            files: self.files,
            json: self.json,
            full: self.full,
            delay: Duration::from_millis(self.delay),
            parallel: usize::from(self.parallel),
            timeout: Duration::from_secs(self.timeout),
            max_file_size: self.max_file_size.saturating_mul(1 << 20),
            follow_hosts: self.follow_hosts,
            page_size: self.page_size as usize,
            retries: self.retries,
            backoff: Duration::from_millis(self.backoff_ms),
            ..ratsinfo::sync::Options::default()
        }
    }
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ShowFormat {
    Text,
    #[value(alias = "markdown")]
    Md,
    Json,
}

impl From<ShowFormat> for ratsinfo::export::Format {
    fn from(f: ShowFormat) -> Self {
        match f {
            ShowFormat::Text => ratsinfo::export::Format::Text,
            ShowFormat::Md => ratsinfo::export::Format::Markdown,
            ShowFormat::Json => ratsinfo::export::Format::Json,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum NotesFormat {
    #[value(alias = "markdown")]
    Md,
    Json,
}

#[derive(Subcommand)]
enum StateCommand {
    /// Write all read marks, the Merkliste and notes to FILE as JSON (`-`:
    /// standard output), each named by its record's key.
    Export { file: PathBuf },
    /// Merge a file written by `state export`: per field the newer change
    /// wins; nothing is removed.
    Import { file: PathBuf },
    /// Write read marks in a loop, printing each key once saved (tests).
    #[command(hide = true)]
    Stress {
        #[arg(long, default_value = "s")]
        prefix: String,
        #[arg(long, default_value_t = u64::MAX)]
        count: u64,
        /// read: read marks; note: notes; both: read marks, and a note on
        /// every third.
        #[arg(long, default_value = "both", value_parser = ["read", "note", "both"])]
        mode: String,
    },
}

fn parse_date(s: &str) -> Result<ratsinfo::model::Date, String> {
    ratsinfo::model::Date::parse(s).ok_or_else(|| ratsinfo::strings::ERWARTET_DATUM.to_owned())
}

/// The archive of `paths`, for a command: it is never freed. The process
/// ends with the command, and that gives the memory back at once; freeing
/// the records one by one took a sixth of `ratsinfo check` (100 ms of
/// 0.6 s for 100,000 Vorlagen).
fn load(paths: Vec<PathBuf>) -> &'static Data {
    kept(Data::new(Source::new(paths).load(&Arc::new(Progress::default()))))
}

/// `data`, never freed (see [`load`]).
fn kept(data: Data) -> &'static Data {
    Box::leak(Box::new(data))
}

/// clap's message about a bad command line, which echoes the arguments:
/// what is not printable in them is escaped (an argument can hold an
/// escape sequence that would set the terminal's title or worse). Help and
/// version go to standard output, like clap's own.
fn command_line_error(e: &clap::Error) -> ExitCode {
    // `ansi()`: the text as it is; `to_string()` would drop escape
    // sequences in it, and with them what the user typed.
    let text = e.render().ansi().to_string();
    let shown: Vec<String> = text.lines().map(ratsinfo::text::escape_unprintable).collect();
    let shown = shown.join("\n");
    let _ = if e.use_stderr() {
        writeln!(io::stderr(), "{}", shown.trim_end())
    } else {
        writeln!(io::stdout(), "{}", shown.trim_end())
    };
    ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2))
}

/// What the config file sets for the whole process: the interface's
/// language (German without one, and `LANG` alone never switches it: the
/// data is German) and hyphenation in the reader and `show`. Problems of
/// the file are `ratsinfo config`'s business, not every command's.
fn apply_config() {
    if let Some(dirs) = Dirs::from_env() {
        let config = ratsinfo::config::Config::load(&dirs).config;
        ratsinfo::strings::set_sprache(config.sprache);
        ratsinfo::wrap::set_hyphenation(config.hyphenation);
    }
}

fn main() -> ExitCode {
    apply_config();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return command_line_error(&e),
    };
    let Some(command) = cli.command else {
        // No path: the synced archives, if there are any.
        let source = match (cli.paths.is_empty(), ratsinfo::sync::synced_archives()) {
            (true, Some(dir)) => Source::Paths(vec![dir]),
            _ => Source::new(cli.paths),
        };
        return match ui::run(source) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                // The terminal may be gone: a message that cannot be
                // written is no reason to panic.
                let _ = writeln!(io::stderr(), "ratsinfo: {}", ratsinfo::strings::io_message(&e));
                ExitCode::from(2)
            }
        };
    };
    // Locked for the subcommands only: the UI's signal thread must be able
    // to give the terminal back while the UI thread is busy.
    let mut out = io::stdout().lock();
    let result = match command {
        Command::Check { json, paths } => cli::check(&mut out, load(paths), json),
        Command::Search { query, paths, limit, text: false, json } => {
            cli::search(&mut out, load(paths), &query, limit, json)
        }
        Command::Search { query, paths, limit, text: true, json } => {
            let library = ratsinfo::doctext::Library::discover(&paths);
            let source = Source::new(paths);
            let data = kept(Data::new(source.load(&Arc::new(Progress::default()))));
            cli::search_text(&mut out, data, &source, &library, &query, limit, json)
        }
        Command::Show { reference, paths, width, format, documents } => {
            let library = ratsinfo::doctext::Library::discover(&paths);
            let extractor = match ratsinfo::doctext::Extractor::current() {
                Ok(e) => e,
                Err(e) => {
                    let _ = writeln!(io::stderr(), "ratsinfo: {}", ratsinfo::strings::io_message(&e));
                    return ExitCode::from(2);
                }
            };
            let docs = cli::Documents { library: &library, extractor: &extractor };
            cli::show(&mut out, load(paths), &reference, width, format.into(), documents.then_some(&docs))
        }
        Command::ExtractPdf { file } => return ratsinfo::doctext::extract::child_main(&file),
        Command::Termine { paths, from, gremium, ics } => {
            cli::termine(&mut out, load(paths), &ratsinfo::termine::Filter { from, gremium }, ics)
        }
        Command::Import { pages, output } => cli::import(&mut out, &pages, output.as_deref()),
        Command::Sync(args) if args.list => {
            ratsinfo::sync::endpoints::print(&mut out).map(|()| ExitCode::SUCCESS)
        }
        Command::Sync(args) => ratsinfo::sync::run(&args.options(), &mut out),
        Command::Notes { paths, format } => {
            let Some(dirs) = Dirs::from_env() else {
                let _ = writeln!(io::stderr(), "ratsinfo: {}", ratsinfo::strings::KEIN_DATENVERZEICHNIS);
                return ExitCode::from(2);
            };
            let st = State::open_to_read(&dirs);
            cli::notes(&mut out, load(paths), &st, format == NotesFormat::Json)
        }
        Command::Config { default: true } => cli::config_default(&mut out),
        Command::Config { default: false } => {
            let Some(dirs) = Dirs::from_env() else {
                let _ = writeln!(io::stderr(), "ratsinfo: {}", ratsinfo::strings::KEIN_DATENVERZEICHNIS);
                return ExitCode::from(2);
            };
            cli::config_check(&mut out, &dirs)
        }
        Command::State { action } => {
            let Some(dirs) = Dirs::from_env() else {
                let _ = writeln!(io::stderr(), "ratsinfo: {}", ratsinfo::strings::KEIN_DATENVERZEICHNIS);
                return ExitCode::from(2);
            };
            let read_only = matches!(action, None | Some(StateCommand::Export { .. }));
            let mut st = if read_only { State::open_to_read(&dirs) } else { State::open(&dirs) };
            match action {
                None => cli::state_info(&mut out, &st),
                Some(StateCommand::Export { file }) => cli::state_export(&mut out, &st, &file),
                Some(StateCommand::Import { file }) => cli::state_import(&mut out, &mut st, &file),
                Some(StateCommand::Stress { prefix, count, mode }) => {
                    cli::state_stress(&mut out, &mut st, &prefix, count, &mode)
                }
            }
        }
    };
    match result.and_then(|code| out.flush().map(|()| code)) {
        Ok(code) => code,
        // `ratsinfo search … | head` closes the pipe early: not an error.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(io::stderr(), "ratsinfo: {}", ratsinfo::strings::io_message(&e));
            ExitCode::from(2)
        }
    }
}
