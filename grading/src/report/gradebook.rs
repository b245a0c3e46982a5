//! The gradebook: one CSV row per student, for a spreadsheet or an LMS import.
//!
//! Columns: `student`, one per exercise id (manifest order), one per crate (manifest
//! order), `total`, `max`. Points print with at most two decimals. An exercise a grade
//! does not hold (a grade stored before the exercise was added) is an empty cell.

use std::io::Write;
use std::path::Path;

use crate::manifest::Manifest;
use crate::score::SubmissionGrade;

use super::ReportError;
use super::text::points;

/// Writes the gradebook of `grades` to `writer`, one row per student sorted by name.
///
/// # Errors
/// [`ReportError::Csv`] when the writer fails (its `path` is `"<writer>"`).
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
/// let grade = SubmissionGrade {
///     student: "alice".into(),
///     exercises: vec![ExerciseGrade {
///         id: "th-spawn".into(),
///         crate_name: "ex-threads".into(),
///         title: "Ten slow jobs".into(),
///         hint: "Keep the JoinHandles.".into(),
///         score: 1.5,
///         max_score: 2.0,
///         requirements: vec![],
///         tests: vec![],
///     }],
///     build_errors: BTreeMap::new(),
///     notes: vec![],
///     sandboxed: true,
/// };
/// let mut csv = Vec::new();
/// grading::report::write_gradebook_to(&[grade], &manifest, &mut csv).unwrap();
/// assert_eq!(
///     String::from_utf8(csv).unwrap(),
///     "student,th-spawn,ex-threads,total,max\nalice,1.5,1.5,1.5,2\n"
/// );
/// ```
pub fn write_gradebook_to(
    grades: &[SubmissionGrade],
    manifest: &Manifest,
    writer: impl Write,
) -> Result<(), ReportError> {
    gradebook(grades, manifest, writer).map_err(|source| ReportError::Csv {
        path: "<writer>".to_string(),
        source,
    })
}

/// Writes the gradebook of `grades` to the file at `path` (created or replaced).
///
/// # Errors
/// [`ReportError::Csv`] when the file cannot be created or written.
pub fn write_gradebook(
    grades: &[SubmissionGrade],
    manifest: &Manifest,
    path: &Path,
) -> Result<(), ReportError> {
    let error = |source| ReportError::Csv {
        path: path.display().to_string(),
        source,
    };
    let file = std::fs::File::create(path).map_err(|source| error(source.into()))?;
    gradebook(grades, manifest, std::io::BufWriter::new(file)).map_err(error)
}

fn gradebook(
    grades: &[SubmissionGrade],
    manifest: &Manifest,
    writer: impl Write,
) -> Result<(), csv::Error> {
    let crates = manifest.crates();
    let max: f64 = manifest
        .exercises
        .iter()
        .map(|exercise| f64::from(manifest.points(exercise)))
        .sum();

    let mut csv = csv::Writer::from_writer(writer);
    let mut header = vec!["student"];
    header.extend(
        manifest
            .exercises
            .iter()
            .map(|exercise| exercise.id.as_str()),
    );
    header.extend(crates.iter().copied());
    header.extend(["total", "max"]);
    csv.write_record(&header)?;

    let mut sorted: Vec<&SubmissionGrade> = grades.iter().collect();
    sorted.sort_by(|a, b| a.student.cmp(&b.student));
    for grade in sorted {
        let mut row = vec![grade.student.clone()];
        row.extend(manifest.exercises.iter().map(|exercise| {
            grade
                .exercises
                .iter()
                .find(|graded| graded.id == exercise.id)
                .map(|graded| points(graded.score))
                .unwrap_or_default()
        }));
        row.extend(crates.iter().map(|name| points(grade.crate_score(name).0)));
        row.push(points(grade.score()));
        row.push(points(max));
        csv.write_record(&row)?;
    }
    csv.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixtures::{class, manifest};

    fn rows() -> Vec<csv::StringRecord> {
        let mut out = Vec::new();
        write_gradebook_to(&class(), &manifest(), &mut out).unwrap();
        csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(out.as_slice())
            .records()
            .map(Result::unwrap)
            .collect()
    }

    #[test]
    fn the_header_lists_exercises_then_crates_then_totals() {
        assert_eq!(
            rows()[0].iter().collect::<Vec<_>>(),
            [
                "student",
                "th-spawn",
                "th-pool",
                "as-join",
                "ex-threads",
                "ex-async",
                "total",
                "max"
            ]
        );
    }

    #[test]
    fn one_row_per_student_sorted_with_their_totals() {
        let rows = rows();
        let table: Vec<Vec<&str>> = rows[1..].iter().map(|row| row.iter().collect()).collect();
        assert_eq!(
            table,
            [
                ["alice", "2", "2", "2", "4", "2", "6", "6"],
                ["bob", "1", "1", "0", "2", "0", "2", "6"],
                ["carol", "0", "0", "2", "0", "2", "2", "6"],
                ["dave", "1", "2", "0", "3", "0", "3", "6"],
            ]
        );
    }

    #[test]
    fn the_file_is_written_where_asked() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gradebook.csv");
        write_gradebook(&class(), &manifest(), &path).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.starts_with("student,th-spawn,"), "{text}");
        assert_eq!(text.lines().count(), 5);
        let error = write_gradebook(&class(), &manifest(), &dir.path().join("no/such/dir.csv"))
            .unwrap_err();
        assert!(error.to_string().contains("dir.csv"), "{error}");
    }
}
