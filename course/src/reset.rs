//! `cargo course reset ID`: puts one exercise's starter file back, byte for byte, from
//! the copy the tool carries. The student's version is kept first, so nothing is lost.

use std::io::{BufRead, Write};
use std::path::Path;
use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::{Context, bail};

use crate::course::Course;
use crate::status::is_untouched;

/// Resets exercise `id`, asking first unless `yes`.
///
/// # Errors
/// When there is no such exercise, no starter copy, or a file cannot be copied.
pub fn run(course: &Course, id: &str, yes: bool) -> anyhow::Result<ExitCode> {
    let exercise = course.exercise(id)?;
    let Some(starter) = course.starter_file(exercise) else {
        bail!("this course carries no starter copy of {id} (reset works in the handout)");
    };
    let work = course.work_file(exercise);
    let shown = format!(
        "{}/{}",
        exercise.crate_name,
        course.module_path(exercise).display()
    );
    if is_untouched(course, exercise) {
        println!("{shown} is the starter already: nothing to reset.");
        return Ok(ExitCode::SUCCESS);
    }
    let stamp = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_secs());
    let backup = course
        .state_dir()
        .join("backup")
        .join(format!("{id}-{stamp}"));
    if !yes {
        print!(
            "Put the starter of {id} back in {shown}? Your version is kept in {}. [y/N] ",
            backup.display()
        );
        std::io::stdout().flush()?;
        let mut answer = String::new();
        std::io::stdin().lock().read_line(&mut answer)?;
        if !matches!(answer.trim(), "y" | "Y" | "yes") {
            println!("Nothing changed.");
            return Ok(ExitCode::FAILURE);
        }
    }
    if work.exists() {
        std::fs::create_dir_all(&backup)?;
        let name = work.file_name().context("the exercise's file has a name")?;
        copy(&work, &backup.join(name))
            .with_context(|| format!("{shown} cannot be kept in {}", backup.display()))?;
        if work.is_dir() {
            std::fs::remove_dir_all(&work)?;
        }
    }
    copy(&starter, &work).with_context(|| format!("the starter cannot be copied to {shown}"))?;
    println!(
        "{shown} is the starter again; your version is in {}.",
        backup.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// Copies a file, or a folder with everything in it.
fn copy(from: &Path, to: &Path) -> std::io::Result<()> {
    if from.is_dir() {
        std::fs::create_dir_all(to)?;
        for entry in std::fs::read_dir(from)? {
            let entry = entry?;
            copy(&entry.path(), &to.join(entry.file_name()))?;
        }
        Ok(())
    } else {
        std::fs::copy(from, to).map(|_| ())
    }
}
