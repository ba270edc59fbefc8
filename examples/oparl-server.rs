//! The local OParl test server on its own, for trying `ratsinfo sync` by
//! hand against a generated city (nothing leaves 127.0.0.1):
//!
//!     cargo run --release --example oparl-server -- --port 8080 --files --quirk na-values
//!     ratsinfo sync http://127.0.0.1:8080/oparl/v1/system --dir /tmp/x
//!
//! It prints the System URL and every request it answers, and serves until
//! Ctrl-C. `--help` lists the options, `--list` the quirks and faults; the
//! module documentation of `examples/support/oparl_server/mod.rs` says what
//! each does.

#[path = "support/oparl_server/mod.rs"]
mod oparl_server;

use std::process::ExitCode;
use std::time::Duration;

use oparl_server::{City, CityConfig, Fault, Kind, OparlServer, Quirk, Quirks, ServerOptions, Version};

const HELP: &str = "\
usage: oparl-server [OPTIONS]

  --port P            port on 127.0.0.1 (default: a free one)
  --papers N          papers of the first body (default 2000)
  --meetings N        meetings of the first body (default 400)
  --persons N         persons (default 120)
  --seed N            seed of the city (default 1)
  --files             documents: File objects with PDF bytes
  --second-body       a second, smaller body
  --oparl-1.0         OParl 1.0 types, no 1.1 lists
  --no-sub-lists      no membership/agendaItem/consultation/file/location/term lists
  --now RFC3339       the server clock (default: the real clock)
  --page-size N       entries per page without limit (default 100)
  --quirk NAME        switch on a quirk (repeatable)
  --fault NAME        switch on a fault (repeatable)
  --slow-ms N         delay of the `slow` fault (default 3000)
  --quiet             do not print requests
  --list              print the names of all quirks and faults
";

fn main() -> ExitCode {
    let mut config =
        CityConfig { papers: 2000, meetings: 400, persons: 120, files: false, ..CityConfig::default() };
    let mut quirks = Quirks::default();
    let mut options = ServerOptions::default();
    let mut quiet = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| match args.next() {
            Some(v) => Ok(v),
            None => Err(format!("{name} needs a value")),
        };
        let number = |v: Result<String, String>| -> Result<u64, String> {
            let v = v?;
            v.parse().map_err(|_| format!("not a number: {v}"))
        };
        let result: Result<(), String> = (|| {
            match arg.as_str() {
                "--port" => options.port = number(value("--port"))? as u16,
                "--papers" => config.papers = number(value("--papers"))? as usize,
                "--meetings" => config.meetings = number(value("--meetings"))? as usize,
                "--persons" => config.persons = number(value("--persons"))? as usize,
                "--seed" => config.seed = number(value("--seed"))?,
                "--page-size" => quirks.page_size = number(value("--page-size"))? as usize,
                "--slow-ms" => quirks.slow_delay = Duration::from_millis(number(value("--slow-ms"))?),
                "--files" => config.files = true,
                "--second-body" => config.second_body = true,
                "--oparl-1.0" => config.version = Version::V1_0,
                "--no-sub-lists" => config.sub_lists = false,
                "--quiet" => quiet = true,
                "--now" => {
                    let v = value("--now")?;
                    let (t, _) = oparl_server::parse_rfc3339(&v).ok_or(format!("not RFC 3339: {v}"))?;
                    config.now = Some(t.secs);
                }
                "--quirk" | "--fault" => {
                    let name = value(&arg)?;
                    let known = if arg == "--quirk" {
                        Quirk::from_name(&name).map(|q| quirks.set(q, true)).is_some()
                    } else {
                        Fault::from_name(&name).map(|f| quirks.set_fault(f, true)).is_some()
                    };
                    if !known {
                        return Err(format!("unknown {}: {name} (see --list)", &arg[2..]));
                    }
                }
                "--list" => {
                    println!("quirks: {}", Quirk::ALL.iter().map(|q| q.name()).collect::<Vec<_>>().join(" "));
                    println!("faults: {}", Fault::ALL.iter().map(|f| f.name()).collect::<Vec<_>>().join(" "));
                    std::process::exit(0);
                }
                "--help" | "-h" => {
                    print!("{HELP}");
                    std::process::exit(0);
                }
                _ => return Err(format!("unknown option: {arg}")),
            }
            Ok(())
        })();
        if let Err(e) = result {
            eprintln!("oparl-server: {e}\n\n{HELP}");
            return ExitCode::FAILURE;
        }
    }

    let city = City::generate(&config);
    let counts = city.counts();
    let server = match OparlServer::start_with(city, quirks.clone(), &options) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("oparl-server: cannot listen on 127.0.0.1:{}: {e}", options.port);
            return ExitCode::FAILURE;
        }
    };
    let on: Vec<&str> = Quirk::ALL
        .iter()
        .filter(|q| quirks.on(**q))
        .map(|q| q.name())
        .chain(Fault::ALL.iter().filter(|f| quirks.fault_on(**f)).map(|f| f.name()))
        .collect();
    println!(
        "{} objects: {} papers, {} meetings, {} agenda items, {} files; clock {}",
        counts.total(),
        counts.alive(Kind::Paper),
        counts.alive(Kind::Meeting),
        counts.alive(Kind::AgendaItem),
        counts.alive(Kind::File),
        oparl_server::rfc3339(server.now())
    );
    if !on.is_empty() {
        println!("switched on: {}", on.join(", "));
    }
    println!("System: {}", server.system_url());
    println!("serving until Ctrl-C");

    // Print the requests as they are answered.
    let mut shown = 0;
    loop {
        std::thread::sleep(Duration::from_millis(200));
        if quiet {
            continue;
        }
        let log = server.requests();
        for r in &log[shown.min(log.len())..] {
            let switch = r.switch.map(|s| format!(" [{s}]")).unwrap_or_default();
            let host = if r.host.starts_with("localhost") { " (localhost)" } else { "" };
            println!(
                "{} {}{host} → {} {} B{}{switch}",
                r.method,
                r.url,
                r.status,
                r.bytes,
                if r.gzip { " gzip" } else { "" }
            );
        }
        shown = log.len();
    }
}
