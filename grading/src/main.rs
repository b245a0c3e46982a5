//! `grade`: the instructor's command line.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};
use grading::check::{self, CheckOptions};
use grading::kit::Kit;

/// Grade student work for the parallel-programming course kit.
#[derive(Debug, Parser)]
#[command(version, about)]
struct Cli {
    /// The kit's root folder (the one holding exercises.toml); found from the current
    /// folder upwards when not given.
    #[arg(long, global = true)]
    kit: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check the kit itself: every exercise has starter, solution, statement, hint,
    /// visible and hidden tests; the solution passes every test; the starter fails every
    /// test with a message naming the exercise; no `todo!` outside the starters.
    ///
    /// Exit status: 0 when every exercise is ready, 1 when problems were found, 2 when
    /// the check could not run.
    Check {
        /// How many tests run at once (default: one per core).
        #[arg(long)]
        jobs: Option<usize>,
    },
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("grade: {error:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let kit = match &cli.kit {
        Some(root) => Kit::open(root)?,
        None => Kit::find_from(&std::env::current_dir().context("no current folder")?)?,
    };
    match cli.command {
        Command::Check { jobs } => {
            let mut options = CheckOptions::for_kit(&kit);
            if let Some(jobs) = jobs {
                options.jobs = jobs;
            }
            eprintln!(
                "checking the kit at {} (building solution and starter of every crate)...",
                kit.root().display()
            );
            let report = check::run_check(&kit, &options)?;
            print!("{}", report.render());
            Ok(if report.is_ok() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
    }
}
