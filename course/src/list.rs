//! `cargo course` / `cargo course list`: every exercise in the suggested order, where
//! it stands, a progress line per crate, and what to do next.

use std::process::ExitCode;

use course_manifest::Exercise;

use crate::course::Course;
use crate::status::{self, Run, State};

/// A listing: results kept by source hash are good, untouched exercises are not run.
pub const LIST: Run = Run {
    untouched: false,
    fresh: false,
};

/// The exercises grouped by crate: crates in the order their first exercise comes in
/// the suggested path, and each crate's exercises in that order.
pub fn by_crate(course: &Course) -> Vec<(String, Vec<&Exercise>)> {
    let mut groups: Vec<(String, Vec<&Exercise>)> = Vec::new();
    for exercise in course.manifest().in_order() {
        match groups
            .iter_mut()
            .find(|(name, _)| *name == exercise.crate_name)
        {
            Some((_, exercises)) => exercises.push(exercise),
            None => groups.push((exercise.crate_name.clone(), vec![exercise])),
        }
    }
    groups
}

/// Prints the overview.
///
/// # Errors
/// When cargo or a test binary cannot be started.
pub fn run(course: &Course) -> anyhow::Result<ExitCode> {
    let mut all: Vec<(&Exercise, State)> = Vec::new();
    for (crate_name, exercises) in by_crate(course) {
        let states = status::evaluate(course, &crate_name, &exercises, LIST)?;
        let passing = states.iter().filter(|state| state.is_passing()).count();
        println!(
            "{crate_name:<16} {}  {passing} of {} pass their visible tests",
            progress_line(passing, exercises.len()),
            exercises.len()
        );
        for (exercise, state) in exercises.iter().zip(states) {
            println!(
                "  {} {:>2}  {:<18} {:<7} {} pts  {:<30}  {}",
                state.mark(),
                exercise.order.map(|n| n.to_string()).unwrap_or_default(),
                exercise.id,
                exercise.difficulty_label(),
                course.manifest().points(exercise),
                state.describe(),
                exercise.title
            );
            all.push((exercise, state));
        }
        println!();
    }
    let passing = all.iter().filter(|(_, state)| state.is_passing()).count();
    println!(
        "{passing} of {} exercises pass their visible tests. The grader's hidden tests go further.",
        all.len()
    );
    let next = all
        .iter()
        .find(|(_, state)| !state.is_passing() && !matches!(state, State::NeedsPrograms { .. }));
    match next {
        Some((exercise, state)) => {
            println!();
            println!(
                "Next: {} — {} ({})",
                exercise.id,
                exercise.title,
                state.describe()
            );
            println!("  read   {}", course.statement(exercise));
            println!(
                "  edit   {}/{}",
                exercise.crate_name,
                course.module_path(exercise).display()
            );
            println!(
                "  test   cargo course watch {}   (or: cargo test -p {} --test {})",
                exercise.id, exercise.crate_name, exercise.visible_tests[0]
            );
            println!("  stuck? cargo course hint {}", exercise.id);
        }
        None => println!("Every exercise passes its visible tests: well done."),
    }
    for (exercise, state) in &all {
        if let State::NeedsPrograms {
            install: Some(install),
            ..
        } = state
        {
            println!(
                "{}: to run its tests here, install: sudo {install}",
                exercise.id
            );
            break;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `[####----]`: how many of a crate's exercises pass.
fn progress_line(passing: usize, total: usize) -> String {
    const WIDTH: usize = 10;
    let filled = (passing * WIDTH).checked_div(total).unwrap_or(0);
    format!("[{}{}]", "#".repeat(filled), "-".repeat(WIDTH - filled))
}
