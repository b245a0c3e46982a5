//! Terminal tables: the whole class at a glance, and one student's exercises.
//!
//! Scores print as `earned/max` with at most two decimals. With colour on, a score is
//! green at full marks, yellow when partial and red at zero; with colour off the text has
//! no escape codes at all, so it can go to a file or a pipe.

use console::{Style, measure_text_width};

use crate::manifest::Manifest;
use crate::score::SubmissionGrade;

use super::text::{OutcomeCounts, fraction};

/// The class table: one row per student (sorted by name), one `earned/max` column per
/// crate of the manifest, a `total` column, and a last line with the class average.
///
/// Colours (green full, yellow partial, red zero) are used only when `color` is true;
/// the caller decides, e.g. from a `--color` flag or [`console::colors_enabled`].
///
/// # Examples
///
/// ```
/// use std::collections::BTreeMap;
/// use grading::manifest::Manifest;
/// use grading::score::{ExerciseGrade, SubmissionGrade};
///
/// // One exercise, th-spawn ("Ten slow jobs"), worth the default 2 points.
/// let manifest = Manifest::parse(grading::manifest::EXAMPLE).unwrap();
/// let grade = |student: &str, score: f64| SubmissionGrade {
///     student: student.into(),
///     exercises: vec![ExerciseGrade {
///         id: "th-spawn".into(),
///         crate_name: "ex-threads".into(),
///         title: "Ten slow jobs".into(),
///         hint: "Keep the JoinHandles.".into(),
///         score,
///         max_score: 2.0,
///         requirements: vec![],
///         tests: vec![],
///     }],
///     build_errors: BTreeMap::new(),
///     notes: vec![],
///     sandboxed: true,
/// };
/// let table = grading::report::class_table(&[grade("bob", 1.0), grade("alice", 2.0)], &manifest, false);
/// let lines: Vec<&str> = table.lines().collect();
/// assert_eq!(lines[0], "student  ex-threads  total");
/// assert_eq!(lines[2], "alice           2/2    2/2");
/// assert_eq!(lines[3], "bob             1/2    1/2");
/// assert_eq!(lines[5], "average       1.5/2  1.5/2");
/// ```
pub fn class_table(grades: &[SubmissionGrade], manifest: &Manifest, color: bool) -> String {
    let crates = manifest.crates();
    let crate_max: Vec<f64> = crates
        .iter()
        .map(|name| {
            manifest
                .exercises_of(name)
                .map(|exercise| f64::from(manifest.points(exercise)))
                .sum()
        })
        .collect();
    let total_max: f64 = crate_max.iter().sum();

    let mut sorted: Vec<&SubmissionGrade> = grades.iter().collect();
    sorted.sort_by(|a, b| a.student.cmp(&b.student));

    let mut header = vec![Cell::plain("student")];
    header.extend(crates.iter().map(|name| Cell::right(name)));
    header.push(Cell::right("total"));

    let mut rows: Vec<Vec<Cell>> = Vec::new();
    for grade in &sorted {
        let mut row = vec![Cell::plain(&grade.student)];
        for name in &crates {
            let (earned, max) = grade.crate_score(name);
            row.push(Cell::score(earned, max));
        }
        row.push(Cell::score(grade.score(), grade.max_score()));
        rows.push(row);
    }

    let mut average = vec![Cell::plain("average")];
    if sorted.is_empty() {
        average.extend((0..=crates.len()).map(|_| Cell::right("-")));
    } else {
        let count = sorted.len() as f64;
        for (name, max) in crates.iter().zip(&crate_max) {
            let sum: f64 = sorted.iter().map(|grade| grade.crate_score(name).0).sum();
            average.push(Cell::score(sum / count, *max));
        }
        let sum: f64 = sorted.iter().map(|grade| grade.score()).sum();
        average.push(Cell::score(sum / count, total_max));
    }

    let mut widths: Vec<usize> = header.iter().map(Cell::width).collect();
    for row in rows.iter().chain([&average]) {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.width());
        }
    }
    let rule = "-".repeat(widths.iter().sum::<usize>() + 2 * (widths.len() - 1));

    let mut out = String::new();
    out.push_str(&render_row(&header, &widths, color));
    out.push_str(&rule);
    out.push('\n');
    for row in &rows {
        out.push_str(&render_row(row, &widths, color));
    }
    out.push_str(&rule);
    out.push('\n');
    out.push_str(&render_row(&average, &widths, color));
    out
}

/// One student's summary: a first line with the student and total, then one line per
/// exercise with its id, title, `score/max` and how many of its tests ended each way
/// (`pass`, `fail`, `timeout`, `crash`, `build-error`, `missing`, `unfinished`; counts of
/// zero are left out), and a last line naming the crates that did not compile, if any.
///
/// Colours follow [`class_table`] and are used only when `color` is true.
///
/// # Examples
///
/// ```
/// use std::collections::BTreeMap;
/// use grading::kit::Visibility;
/// use grading::outcome::TestOutcome;
/// use grading::score::{ExerciseGrade, SubmissionGrade, TestResult};
///
/// let test = |name: &str, outcome: TestOutcome| TestResult {
///     exercise: "th-spawn".into(),
///     target: "th_spawn".into(),
///     name: name.into(),
///     visibility: Visibility::Visible,
///     score: if outcome.passed() { 1.0 } else { 0.0 },
///     outcome,
///     output: String::new(),
///     duration_ms: 5,
///     max_score: 1.0,
///     requirement: None,
/// };
/// let grade = SubmissionGrade {
///     student: "alice".into(),
///     exercises: vec![ExerciseGrade {
///         id: "th-spawn".into(),
///         crate_name: "ex-threads".into(),
///         title: "Ten slow jobs".into(),
///         hint: "Keep the JoinHandles.".into(),
///         score: 1.0,
///         max_score: 2.0,
///         requirements: vec![],
///         tests: vec![
///             test("a", TestOutcome::Passed),
///             test("b", TestOutcome::Failed { message: "no".into() }),
///         ],
///     }],
///     build_errors: BTreeMap::new(),
///     notes: vec![],
///     sandboxed: true,
/// };
/// let summary = grading::report::student_summary(&grade, false);
/// assert_eq!(summary, "alice: 1/2\n  th-spawn  Ten slow jobs  1/2  1 pass, 1 fail\n");
/// ```
pub fn student_summary(grade: &SubmissionGrade, color: bool) -> String {
    let rows: Vec<Vec<Cell>> = grade
        .exercises
        .iter()
        .map(|exercise| {
            let counts = OutcomeCounts::of(exercise.tests.iter().map(|test| &test.outcome));
            let counted: Vec<String> = counts
                .labelled()
                .into_iter()
                .filter(|(_, count)| *count > 0)
                .map(|(label, count)| format!("{count} {label}"))
                .collect();
            let counted = if counted.is_empty() {
                "no tests".to_string()
            } else {
                counted.join(", ")
            };
            vec![
                Cell::plain(&exercise.id),
                Cell::plain(&exercise.title),
                Cell::score(exercise.score, exercise.max_score),
                Cell::plain(&counted),
            ]
        })
        .collect();
    let mut widths = vec![0; 4];
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.width());
        }
    }
    // The last column is not padded: lines end with their text, not with spaces.
    widths[3] = 0;

    let total = Cell::score(grade.score(), grade.max_score());
    let mut out = format!("{}: {}\n", grade.student, total.render(0, color));
    for row in &rows {
        out.push_str("  ");
        out.push_str(&render_row(row, &widths, color));
    }
    if !grade.build_errors.is_empty() {
        let crates: Vec<&str> = grade.build_errors.keys().map(String::as_str).collect();
        out.push_str(&format!("  did not compile: {}\n", crates.join(", ")));
    }
    out
}

/// One table cell: its text, the score it shows (for colour), and its alignment.
struct Cell {
    text: String,
    score: Option<(f64, f64)>,
    right: bool,
}

impl Cell {
    /// Text, aligned left.
    fn plain(text: &str) -> Cell {
        Cell {
            text: text.to_string(),
            score: None,
            right: false,
        }
    }

    /// Text, aligned right (the heading of a score column).
    fn right(text: &str) -> Cell {
        Cell {
            right: true,
            ..Cell::plain(text)
        }
    }

    /// `earned/max`, aligned right and coloured by how much was earned.
    fn score(earned: f64, max: f64) -> Cell {
        Cell {
            text: fraction(earned, max),
            score: Some((earned, max)),
            right: true,
        }
    }

    fn width(&self) -> usize {
        measure_text_width(&self.text)
    }

    /// The text padded to `width` on the side its alignment says, coloured when
    /// `color` is on and the cell is a score. Padding is measured on the plain text, so
    /// colour never breaks the alignment.
    fn render(&self, width: usize, color: bool) -> String {
        let padding = " ".repeat(width.saturating_sub(self.width()));
        let text = match (self.score, color) {
            (Some((earned, max)), true) => score_style(earned, max)
                .apply_to(&self.text)
                .force_styling(true)
                .to_string(),
            (Some(_) | None, _) => self.text.clone(),
        };
        if self.right {
            format!("{padding}{text}")
        } else {
            format!("{text}{padding}")
        }
    }
}

/// Green at full marks, yellow when partial, red at zero (and no colour when nothing can
/// be earned).
fn score_style(earned: f64, max: f64) -> Style {
    const EPSILON: f64 = 1e-9;
    if max <= EPSILON {
        Style::new()
    } else if earned >= max - EPSILON {
        Style::new().green()
    } else if earned <= EPSILON {
        Style::new().red()
    } else {
        Style::new().yellow()
    }
}

fn render_row(row: &[Cell], widths: &[usize], color: bool) -> String {
    let cells: Vec<String> = row
        .iter()
        .zip(widths)
        .map(|(cell, width)| cell.render(*width, color))
        .collect();
    let mut line = cells.join("  ").trim_end().to_string();
    line.push('\n');
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixtures::{class, manifest};

    #[test]
    fn the_class_table_is_sorted_aligned_and_averaged() {
        let table = class_table(&class(), &manifest(), false);
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(lines[0], "student  ex-threads  ex-async   total");
        assert!(lines[1].chars().all(|c| c == '-'));
        // Rows are sorted by name, whatever order the grades came in.
        let names: Vec<&str> = lines[2..lines.len() - 2]
            .iter()
            .map(|line| line.split_whitespace().next().unwrap())
            .collect();
        assert_eq!(names, ["alice", "bob", "carol", "dave"]);
        assert_eq!(lines[2], "alice           4/4       2/2     6/6");
        assert_eq!(lines[7], "average      2.25/4       1/2  3.25/6");
        assert!(lines.last().unwrap().starts_with("average"));
        // Every line has the columns at the same place.
        let total_column = lines[0].find("total").unwrap() + "total".len();
        for line in lines.iter().filter(|line| !line.starts_with('-')) {
            assert_eq!(line.len(), total_column, "{line:?}");
        }
    }

    #[test]
    fn no_colour_codes_without_colour_and_the_right_ones_with_it() {
        let plain = class_table(&class(), &manifest(), false);
        assert!(!plain.contains('\u{1b}'), "{plain}");
        let coloured = class_table(&class(), &manifest(), true);
        assert!(coloured.contains("\u{1b}[32m6/6"), "{coloured}"); // green: full marks
        assert!(coloured.contains("\u{1b}[31m0/4"), "{coloured}"); // red: zero
        assert!(coloured.contains("\u{1b}[33m"), "{coloured}"); // yellow: partial
        // Colour does not move the columns.
        assert_eq!(console::strip_ansi_codes(&coloured), plain);
    }

    #[test]
    fn an_empty_class_still_has_its_header_and_average() {
        let table = class_table(&[], &manifest(), false);
        assert!(table.starts_with("student"), "{table}");
        assert!(
            table.ends_with("\naverage           -         -      -\n"),
            "{table:?}"
        );
    }

    #[test]
    fn the_summary_counts_every_outcome() {
        let class = class();
        let bob = class.iter().find(|grade| grade.student == "bob").unwrap();
        let summary = student_summary(bob, false);
        assert!(!summary.contains('\u{1b}'));
        let lines: Vec<&str> = summary.lines().collect();
        assert_eq!(lines[0], "bob: 2/6");
        assert!(
            lines[1].ends_with("1/2  1 pass, 1 timeout"),
            "{:?}",
            lines[1]
        );
        assert!(lines[2].ends_with("1/2  1 pass, 1 crash"), "{:?}", lines[2]);
        assert!(lines[3].ends_with("0/2  2 fail"), "{:?}", lines[3]);
        let carol = class.iter().find(|grade| grade.student == "carol").unwrap();
        let summary = student_summary(carol, false);
        assert!(summary.contains("2 build-error"), "{summary}");
        assert!(
            summary.ends_with("  did not compile: ex-threads\n"),
            "{summary}"
        );
    }
}
