//! `cargo course verify`: every visible test of every crate (or of the crates named),
//! started or not, run afresh, in one summary table. Exits with 1 unless everything
//! passes.

use std::process::ExitCode;

use anyhow::bail;

use crate::course::Course;
use crate::list::by_crate;
use crate::status::{self, Run, State};

/// Runs and prints the table.
///
/// # Errors
/// When a named crate is no exercise crate, or cargo cannot be started.
pub fn run(course: &Course, only: &[String]) -> anyhow::Result<ExitCode> {
    let groups = by_crate(course);
    if let Some(unknown) = only
        .iter()
        .find(|name| !groups.iter().any(|(crate_name, _)| crate_name == *name))
    {
        let names: Vec<&str> = groups.iter().map(|(name, _)| name.as_str()).collect();
        bail!(
            "{unknown} is no exercise crate; they are: {}",
            names.join(", ")
        );
    }
    println!("{:<16} {:<18} {:>7}  state", "crate", "exercise", "tests");
    let (mut passing, mut total, mut first_failure) = (0, 0, None);
    for (crate_name, exercises) in groups {
        if !only.is_empty() && !only.contains(&crate_name) {
            continue;
        }
        let states = status::evaluate(
            course,
            &crate_name,
            &exercises,
            Run {
                untouched: true,
                fresh: true,
            },
        )?;
        for (exercise, state) in exercises.iter().zip(states) {
            let tests = match &state {
                State::Passing { total } => format!("{total}/{total}"),
                State::Failing { passed, total, .. } => format!("{passed}/{total}"),
                _ => "-".into(),
            };
            println!(
                "{crate_name:<16} {:<18} {tests:>7}  {} {}",
                exercise.id,
                state.mark(),
                state.describe()
            );
            total += 1;
            if state.is_passing() {
                passing += 1;
            } else if first_failure.is_none() {
                first_failure = Some(exercise.id.clone());
            }
        }
    }
    println!();
    println!("{passing} of {total} exercises pass their visible tests.");
    match first_failure {
        None => Ok(ExitCode::SUCCESS),
        Some(id) => {
            println!("The first that does not: {id} (cargo course watch {id}).");
            Ok(ExitCode::FAILURE)
        }
    }
}
