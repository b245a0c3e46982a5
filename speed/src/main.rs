//! `speed`: one command, one speed table. It runs the speed demos' work on the reference
//! solutions (and, where `python3` runs, the lab sheets' Python beside it), and prints
//! one table: each row's sequential and parallel figures, their ratio, the limit this
//! machine puts on that ratio, and how much of the limit was reached.
//!
//! ```sh
//! cargo run --release -p speed-table                 # the table as text
//! cargo run --release -p speed-table -- --markdown   # for a README
//! cargo run --release -p speed-table -- --json --rounds 5
//! cargo run -p speed-table -- --tiny                 # every size shrunk: a few seconds
//! ```
//!
//! The limit is the cores for CPU work (capped by the threads used), the count of waits
//! that run at once for I/O work (80 pages of 50 ms: one after the other cannot beat 4 s,
//! all at once cannot beat 50 ms, so 80x), and the raw pipe bandwidth for the pipe
//! benchmark. Only the release build's figures mean anything.

mod measure;
mod programs;
mod python;
mod rows;
mod sizes;
mod table;

use clap::Parser;

use crate::sizes::Sizes;
use crate::table::{Machine, Table};

/// The command line.
#[derive(Debug, Parser)]
#[command(
    name = "speed",
    about = "Runs the speed demos on the reference solutions and prints one table",
    long_about = "Runs the speed demos' work on the reference solutions (and the lab \
                  sheets' Python, where python3 runs) and prints one table of speed-ups \
                  against the limits of this machine. Run it in release mode: \
                  cargo run --release -p speed-table"
)]
struct Args {
    /// Rounds per figure: the ways of a row take turns, and each keeps its best time.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u16).range(1..))]
    rounds: u16,
    /// Print a GitHub markdown table (for a README).
    #[arg(long, conflicts_with = "json")]
    markdown: bool,
    /// Print one JSON object: the machine and every row.
    #[arg(long)]
    json: bool,
    /// Shrink every size, so the whole table takes a few seconds even in a debug build
    /// (for tests; the figures then mean little).
    #[arg(long)]
    tiny: bool,
}

fn main() {
    let args = Args::parse();
    let context = rows::Context {
        sizes: if args.tiny { Sizes::TINY } else { Sizes::FULL },
        rounds: usize::from(args.rounds),
        python: python::Python3::find(),
        mpiexec: programs::mpiexec(),
    };
    if !args.json && !args.markdown {
        eprintln!(
            "speed: running every row, {} rounds each{}...",
            context.rounds,
            if cfg!(debug_assertions) {
                " (a debug build: use --release for figures that mean anything)"
            } else {
                ""
            }
        );
    }
    let machine = Machine {
        cores: measure::cores(),
        python3: context.python.as_ref().map(|python| python.version.clone()),
        mpiexec: context.mpiexec.map(str::to_owned),
        rounds: context.rounds,
        tiny: args.tiny,
        release: !cfg!(debug_assertions),
    };
    let method = format!(
        "Every figure is the best of {} interleaved rounds (the ways of a row take turns, \
         round after round); ratio = sequential / parallel; fraction = ratio / limit.",
        context.rounds
    );
    let rows = rows::all(&context);
    let table = Table {
        machine,
        method,
        rows,
    };
    let printed = if args.json {
        match table::json(&table) {
            Ok(text) => text + "\n",
            Err(error) => {
                eprintln!("speed: the table could not be written as JSON: {error}");
                std::process::exit(1);
            }
        }
    } else if args.markdown {
        table::markdown(&table)
    } else {
        table::text(&table)
    };
    print!("{printed}");
}
