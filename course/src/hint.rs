//! `cargo course hint ID`: the nudge (where to look), and with `--more` the recipe.

use std::process::ExitCode;

use crate::course::Course;

/// Prints the hints of exercise `id`.
///
/// # Errors
/// When there is no such exercise.
pub fn run(course: &Course, id: &str, more: bool) -> anyhow::Result<ExitCode> {
    let exercise = course.exercise(id)?;
    println!("{} — {}", exercise.id, exercise.title);
    println!("statement: {}", course.statement(exercise));
    println!();
    match (&exercise.nudge, more) {
        (Some(nudge), false) => {
            println!("{nudge}");
            println!();
            println!("Still stuck? `cargo course hint {id} --more` shows the recipe.");
        }
        (Some(nudge), true) => {
            println!("{nudge}");
            println!();
            println!("The recipe: {}", exercise.hint);
        }
        (None, _) => println!("{}", exercise.hint),
    }
    Ok(ExitCode::SUCCESS)
}
