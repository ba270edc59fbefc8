//! The command line: open the UI, or run a subcommand that prints.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand};
use ratsinfo::dirs::Dirs;
use ratsinfo::open::Data;
use ratsinfo::pipeline::{Progress, Source};
use ratsinfo::state::State;
use ratsinfo::{cli, ui};

/// Read the proceedings of German city councils offline: Vorlagen, Sitzungen
/// and Auszüge of a council information system, browsable and searchable.
///
/// With no PATH, the built-in sample archive opens.
#[derive(Parser)]
#[command(version, args_conflicts_with_subcommands = true)]
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
    /// Print the ranked matches of a fuzzy search, one a line.
    Search {
        query: String,
        paths: Vec<PathBuf>,
        /// At most this many lines.
        #[arg(long, default_value_t = 50)]
        limit: usize,
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
    ratsinfo::model::Date::parse(s).ok_or_else(|| "erwartet ein Datum: JJJJ-MM-TT oder TT.MM.JJJJ".to_owned())
}

fn load(paths: Vec<PathBuf>) -> Data {
    Data::new(Source::new(paths).load(&Arc::new(Progress::default())))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut out = io::stdout().lock();
    let result = match cli.command {
        None => {
            return match ui::run(Source::new(cli.paths)) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("ratsinfo: {}", ratsinfo::strings::io_message(&e));
                    ExitCode::from(2)
                }
            };
        }
        Some(Command::Check { json, paths }) => cli::check(&mut out, &load(paths), json),
        Some(Command::Search { query, paths, limit }) => cli::search(&mut out, &load(paths), &query, limit),
        Some(Command::Show { reference, paths, width, format }) => {
            cli::show(&mut out, &load(paths), &reference, width, format.into())
        }
        Some(Command::Termine { paths, from, gremium, ics }) => {
            cli::termine(&mut out, &load(paths), &ratsinfo::termine::Filter { from, gremium }, ics)
        }
        Some(Command::Import { pages, output }) => cli::import(&mut out, &pages, output.as_deref()),
        Some(Command::Notes { paths, format }) => {
            let Some(dirs) = Dirs::from_env() else {
                eprintln!("ratsinfo: {}", ratsinfo::strings::KEIN_DATENVERZEICHNIS);
                return ExitCode::from(2);
            };
            let st = State::open_to_read(&dirs);
            cli::notes(&mut out, &load(paths), &st, format == NotesFormat::Json)
        }
        Some(Command::Config { default: true }) => cli::config_default(&mut out),
        Some(Command::Config { default: false }) => {
            let Some(dirs) = Dirs::from_env() else {
                eprintln!("ratsinfo: {}", ratsinfo::strings::KEIN_DATENVERZEICHNIS);
                return ExitCode::from(2);
            };
            cli::config_check(&mut out, &dirs)
        }
        Some(Command::State { action }) => {
            let Some(dirs) = Dirs::from_env() else {
                eprintln!("ratsinfo: {}", ratsinfo::strings::KEIN_DATENVERZEICHNIS);
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
