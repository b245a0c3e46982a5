//! The parts of the crate READMEs that the manifest owns: the exercise table, each
//! exercise's heading and hint block, and the order of the exercise sections.
//!
//! `exercises.toml` is the single source of an exercise's title, order, difficulty,
//! points and hint; [`regenerate`] rewrites those parts of a README from it and leaves
//! the statements (everything else) as they are. `cargo run -p grading -- readme`
//! writes the results, and a test fails when a README has drifted from the manifest.
//!
//! A crate README is: a preamble (anything before the first exercise section, with the
//! table between [`TABLE_START`] and [`TABLE_END`]), one `## <id> — <title>` section per
//! exercise, and optionally closing sections (any other `## ` heading after the last
//! exercise).

use std::fmt::Write as _;
use std::path::PathBuf;

use crate::kit::Kit;
use crate::manifest::{Exercise, Manifest};

/// The line before the generated exercise table.
pub const TABLE_START: &str =
    "<!-- exercise table: generated from exercises.toml by `cargo run -p grading -- readme` -->";
/// The line after it.
pub const TABLE_END: &str = "<!-- end of the exercise table -->";

/// The opening line of an exercise's hint block (the block runs to `</details>`).
const HINT_START: &str = "<details><summary>Hint</summary>";
const HINT_END: &str = "</details>";

/// Why a README cannot be regenerated.
#[derive(Debug, thiserror::Error)]
pub enum ReadmeError {
    /// The README cannot be read or written.
    #[error(transparent)]
    Io(#[from] crate::files::FileError),
    /// Its shape is not the one described in the module docs.
    #[error("{file}: {problem}")]
    Shape {
        /// The README.
        file: String,
        /// What is wrong.
        problem: String,
    },
}

/// The table of a crate's exercises, in the suggested order, with the markers around it.
pub fn exercise_table(kit: &Kit, crate_name: &str) -> String {
    let manifest = kit.manifest();
    let exercises = crate_exercises(manifest, crate_name);
    let steps: Vec<u32> = exercises
        .iter()
        .filter_map(|exercise| exercise.order)
        .collect();
    let mut table = format!("{TABLE_START}\n");
    if let Some(first) = exercises.first() {
        let _ = write!(
            table,
            "Steps {} of the course's suggested path (`cargo course` lists them all and names the \
             next). Work on one exercise at a time: `cargo course watch {}` re-runs its tests \
             whenever you save, or run them by hand with `cargo test -p {crate_name} --test {}`; \
             a bare `cargo test -p {crate_name}` runs every exercise of the crate at once.\n\n",
            step_ranges(&steps),
            first.id,
            first.visible_tests[0],
        );
    }
    table.push_str(&exercise_rows(kit, crate_name, false));
    table.push_str(TABLE_END);
    table
}

/// A markdown table of a crate's exercises in the suggested order: step, id, title,
/// module, difficulty, points, and with `with_tests` the visible test targets.
pub fn exercise_rows(kit: &Kit, crate_name: &str, with_tests: bool) -> String {
    let manifest = kit.manifest();
    let mut table = String::from("| step | id | exercise | module | difficulty | points |");
    table.push_str(if with_tests {
        " visible tests |\n|---|---|---|---|---|---|---|\n"
    } else {
        "\n|---|---|---|---|---|---|\n"
    });
    for exercise in crate_exercises(manifest, crate_name) {
        let _ = write!(
            table,
            "| {} | {} | {} | `{}` | {} | {} |",
            exercise.order.map(|n| n.to_string()).unwrap_or_default(),
            exercise.id,
            exercise.title.replace('|', "\\|"),
            kit.module_display(exercise),
            exercise.difficulty_label(),
            manifest.points(exercise),
        );
        if with_tests {
            let tests: Vec<String> = exercise
                .visible_tests
                .iter()
                .map(|stem| format!("`--test {stem}`"))
                .collect();
            let _ = write!(table, " {} |", tests.join(", "));
        }
        table.push('\n');
    }
    table
}

/// Steps as ranges: `1–3, 15–18`.
fn step_ranges(steps: &[u32]) -> String {
    let mut ranges: Vec<(u32, u32)> = Vec::new();
    for &step in steps {
        match ranges.last_mut() {
            Some((_, end)) if *end + 1 == step => *end = step,
            _ => ranges.push((step, step)),
        }
    }
    let ranges: Vec<String> = ranges
        .iter()
        .map(|&(start, end)| {
            if start == end {
                start.to_string()
            } else {
                format!("{start}–{end}")
            }
        })
        .collect();
    match ranges.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// A crate's exercises in the suggested order.
fn crate_exercises<'a>(manifest: &'a Manifest, crate_name: &str) -> Vec<&'a Exercise> {
    manifest
        .in_order()
        .into_iter()
        .filter(|exercise| exercise.crate_name == crate_name)
        .collect()
}

/// The exercise a `## ` heading line opens, if any (`## th-spawn — …` or `## th-spawn`).
fn heading_exercise<'a>(
    manifest: &'a Manifest,
    crate_name: &str,
    line: &str,
) -> Option<&'a Exercise> {
    let rest = line.strip_prefix("## ")?;
    let id = rest.split_whitespace().next()?;
    manifest
        .exercise(id)
        .filter(|exercise| exercise.crate_name == crate_name)
}

/// `text` (the README of `crate_name`) with the manifest's parts written in.
///
/// # Errors
/// [`ReadmeError::Shape`] when the table markers are missing, an exercise has no
/// section, or another section sits between two exercises.
pub fn regenerate(kit: &Kit, crate_name: &str, text: &str) -> Result<String, ReadmeError> {
    let manifest = kit.manifest();
    let file = format!("{crate_name}/README.md");
    let shape = |problem: String| ReadmeError::Shape {
        file: file.clone(),
        problem,
    };
    // Split into blocks at `## ` headings.
    let mut blocks: Vec<Vec<&str>> = vec![Vec::new()];
    for line in text.lines() {
        if line.starts_with("## ") {
            blocks.push(Vec::new());
        }
        blocks.last_mut().expect("there is a block").push(line);
    }
    let mut preamble: Vec<String> = Vec::new();
    let mut sections: Vec<(&Exercise, Vec<&str>)> = Vec::new();
    let mut closing: Vec<String> = Vec::new();
    for block in blocks {
        let exercise = block
            .first()
            .and_then(|line| heading_exercise(manifest, crate_name, line));
        match exercise {
            Some(exercise) => {
                if !closing.is_empty() {
                    return Err(shape(format!(
                        "the section `{}` sits between exercise sections; move it before the first exercise or after the last",
                        closing[0]
                    )));
                }
                if sections.iter().any(|(seen, _)| seen.id == exercise.id) {
                    return Err(shape(format!("{} has two sections", exercise.id)));
                }
                sections.push((exercise, block));
            }
            None if sections.is_empty() => preamble.extend(block.iter().map(|s| s.to_string())),
            None => closing.extend(block.iter().map(|s| s.to_string())),
        }
    }

    let table = replace_table(&preamble.join("\n"), &exercise_table(kit, crate_name))
        .ok_or_else(|| shape(format!("it has no `{TABLE_START}` … `{TABLE_END}` pair")))?;
    // Chunks joined by one blank line: the preamble, each exercise, the closing part.
    let mut chunks = vec![table];
    for exercise in crate_exercises(manifest, crate_name) {
        let Some((_, block)) = sections.iter().find(|(seen, _)| seen.id == exercise.id) else {
            return Err(shape(format!(
                "{} has no `## {}` section",
                exercise.id, exercise.id
            )));
        };
        chunks.push(section(exercise, block));
    }
    if !closing.is_empty() {
        chunks.push(closing.join("\n"));
    }
    let chunks: Vec<&str> = chunks.iter().map(|chunk| chunk.trim_end()).collect();
    Ok(format!("{}\n", chunks.join("\n\n")))
}

/// The preamble with the text between the table markers replaced by `table`.
fn replace_table(preamble: &str, table: &str) -> Option<String> {
    let start = preamble.find(TABLE_START)?;
    let end = preamble[start..].find(TABLE_END)? + start + TABLE_END.len();
    Some(format!("{}{table}{}", &preamble[..start], &preamble[end..]))
}

/// An exercise section with the manifest's heading and hint block.
fn section(exercise: &Exercise, block: &[&str]) -> String {
    let mut lines: Vec<String> = vec![format!("## {} — {}", exercise.id, exercise.title)];
    let hint = format!("{HINT_START}\n\n{}\n\n{HINT_END}", exercise.hint);
    let body = &block[1..];
    match body.iter().position(|line| line.trim() == HINT_START) {
        Some(start) => {
            let end = body[start..]
                .iter()
                .position(|line| line.trim() == HINT_END)
                .map_or(body.len(), |offset| start + offset + 1);
            lines.extend(body[..start].iter().map(|s| s.to_string()));
            lines.push(hint);
            lines.extend(body[end..].iter().map(|s| s.to_string()));
        }
        None => {
            let mut kept: Vec<String> = body.iter().map(|s| s.to_string()).collect();
            while kept.last().is_some_and(|line| line.trim().is_empty()) {
                kept.pop();
            }
            lines.extend(kept);
            lines.push(String::new());
            lines.push(hint);
        }
    }
    lines.join("\n")
}

/// The crate READMEs that differ from what the manifest makes of them, each with its
/// regenerated text.
///
/// # Errors
/// When a README cannot be read or does not have the expected shape.
pub fn drifted(kit: &Kit) -> Result<Vec<(PathBuf, String)>, ReadmeError> {
    let mut changed = Vec::new();
    for crate_name in kit.manifest().crates() {
        let path = kit.statement_file(crate_name);
        let text = std::fs::read_to_string(&path).map_err(crate::files::io("read", &path))?;
        let wanted = regenerate(kit, crate_name, &text)?;
        if wanted != text {
            changed.push((path, wanted));
        }
    }
    Ok(changed)
}

/// Rewrites every crate README that drifted; returns the files written.
///
/// # Errors
/// When a README cannot be read, written, or does not have the expected shape.
pub fn write_all(kit: &Kit) -> Result<Vec<PathBuf>, ReadmeError> {
    let mut written = Vec::new();
    for (path, text) in drifted(kit)? {
        std::fs::write(&path, text).map_err(crate::files::io("write", &path))?;
        written.push(path);
    }
    Ok(written)
}
