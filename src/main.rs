//! The command line: open the UI, or run a subcommand that prints.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand};
use ratsinfo::open::Data;
use ratsinfo::pipeline::{Progress, Source};
use ratsinfo::{cli, ui};

/// Read the proceedings of German city councils offline: Vorlagen, Sitzungen
/// and Auszüge of a council information system, browsable and searchable.
///
/// With no PATH, the built-in sample archive opens.
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
    /// Print the ranked matches of a fuzzy search, one a line.
    Search {
        query: String,
        paths: Vec<PathBuf>,
        /// At most this many lines.
        #[arg(long, default_value_t = 50)]
        limit: usize,
    },
    /// Print what the reading pane shows for a Vorlage.
    Show {
        nummer: String,
        paths: Vec<PathBuf>,
        /// Wrap to this many columns.
        #[arg(long, default_value_t = 80, value_parser = clap::value_parser!(u16).range(1..))]
        width: u16,
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

fn load(paths: Vec<PathBuf>) -> Data {
    Data::new(Source::new(paths).load(&Arc::new(Progress::default())))
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

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return command_line_error(&e),
    };
    let Some(command) = cli.command else {
        return match ui::run(Source::new(cli.paths)) {
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
        Command::Check { json, paths } => cli::check(&mut out, &load(paths), json),
        Command::Search { query, paths, limit } => cli::search(&mut out, &load(paths), &query, limit),
        Command::Show { nummer, paths, width } => cli::show(&mut out, &load(paths), &nummer, width),
        Command::Import { pages, output } => cli::import(&mut out, &pages, output.as_deref()),
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
