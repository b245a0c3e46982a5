//! `cargo course`: the students' tool for the course kit's handout.
//!
//! - `cargo course` (or `cargo course list`): every exercise in the suggested order with
//!   where it stands (not started, failing, passing its visible tests), its points and
//!   difficulty, a progress line per crate, and the exercise to do next;
//! - `cargo course hint ID`: a nudge; `--more` adds the recipe;
//! - `cargo course watch [ID]`: re-runs the exercise's visible tests whenever you save
//!   a file of its crate, and moves on to the next exercise when they pass;
//! - `cargo course reset ID`: puts the exercise's starter file back (yours is kept);
//! - `cargo course verify [CRATE…]`: every visible test, one summary table.
//!
//! The tool knows the exercises from the handout's `exercises.toml` (read with the same
//! crate as the grader) and carries a copy of every starter in `course/starters/`. It has
//! no solution and no hidden test: passing here means passing the visible tests; the
//! grader's hidden tests go further.

mod cache;
mod course;
mod hint;
mod list;
mod reset;
mod status;
mod testrun;
mod verify;
mod watch;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// The course tool: progress, hints, watch, reset and verify.
#[derive(Debug, Parser)]
#[command(name = "cargo course", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Option<Action>,
}

/// What to do (the default is `list`).
#[derive(Debug, Subcommand)]
enum Action {
    /// Every exercise with where it stands, and the one to do next (the default).
    List,
    /// A hint for an exercise: a nudge first, the recipe with --more.
    Hint {
        /// The exercise id, e.g. th-spawn.
        id: String,
        /// Show the recipe too, not just the nudge.
        #[arg(long)]
        more: bool,
    },
    /// Re-run an exercise's visible tests whenever a file of its crate changes.
    Watch {
        /// The exercise id; the suggested next exercise when left out.
        id: Option<String>,
        /// Do not watch files: re-run when you press Enter (for folders where file
        /// events do not arrive, such as WSL's /mnt or a network mount).
        #[arg(long, conflicts_with = "poll")]
        manual: bool,
        /// Look at the files every second instead of waiting for file events.
        #[arg(long)]
        poll: bool,
    },
    /// Put an exercise's starter file back (your version is kept in target/course/).
    Reset {
        /// The exercise id.
        id: String,
        /// Do not ask for confirmation.
        #[arg(long, short)]
        yes: bool,
    },
    /// Run every visible test (of the crates named, or all) and print one table.
    Verify {
        /// Crates to verify, e.g. ex-threads; all when left out.
        crates: Vec<String>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let here = std::env::current_dir()?;
    let course = course::Course::find(&here)?;
    match cli.command.unwrap_or(Action::List) {
        Action::List => list::run(&course),
        Action::Hint { id, more } => hint::run(&course, &id, more),
        Action::Watch { id, manual, poll } => {
            let mode = watch::Mode::from_flags(manual, poll, course.root());
            watch::run(&course, id.as_deref(), mode)
        }
        Action::Reset { id, yes } => reset::run(&course, &id, yes),
        Action::Verify { crates } => verify::run(&course, &crates),
    }
}
