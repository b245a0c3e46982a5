//! Writing every report of a batch into one folder.
//!
//! ```text
//! <out_dir>/gradebook.csv
//! <out_dir>/junit.xml
//! <out_dir>/feedback/<student>.md
//! <out_dir>/gradescope/<student>/results.json
//! ```
//!
//! Files are created or replaced; files of students not in this batch are left alone.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::files::io;
use crate::manifest::Manifest;
use crate::score::SubmissionGrade;

use super::feedback::feedback_markdown;
use super::gradebook::write_gradebook;
use super::gradescope::gradescope_results;
use super::junit::junit_xml;
use super::{ReportError, ReportOptions};

/// The files [`write_reports`] wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportFiles {
    /// `<out_dir>/gradebook.csv`.
    pub gradebook: PathBuf,
    /// `<out_dir>/junit.xml`.
    pub junit: PathBuf,
    /// `<out_dir>/feedback/<student>.md`, by student.
    pub feedback: BTreeMap<String, PathBuf>,
    /// `<out_dir>/gradescope/<student>/results.json`, by student.
    pub gradescope: BTreeMap<String, PathBuf>,
}

/// Writes every report of `grades` into `out_dir` (created if needed) and returns the
/// paths written: `gradebook.csv`, `junit.xml`, `feedback/<student>.md` and
/// `gradescope/<student>/results.json`.
///
/// Student names are checked before anything is written.
///
/// # Errors
/// [`ReportError::StudentName`] or [`ReportError::DuplicateStudent`] for names that
/// cannot be file names or appear twice; the other [`ReportError`]s when a file cannot
/// be serialized or written.
///
/// # Examples
///
/// ```
/// use grading::manifest::Manifest;
/// use grading::report::{ReportOptions, write_reports};
///
/// // One exercise, th-spawn ("Ten slow jobs"), worth the default 2 points.
/// let manifest = Manifest::parse(grading::manifest::EXAMPLE).unwrap();
/// let out = tempfile::tempdir().unwrap();
/// let files = write_reports(&[], &manifest, out.path(), &ReportOptions::default()).unwrap();
/// assert_eq!(files.gradebook, out.path().join("gradebook.csv"));
/// assert!(files.junit.is_file());
/// assert!(files.feedback.is_empty());
/// ```
pub fn write_reports(
    grades: &[SubmissionGrade],
    manifest: &Manifest,
    out_dir: &Path,
    options: &ReportOptions,
) -> Result<ReportFiles, ReportError> {
    let mut seen = BTreeSet::new();
    for grade in grades {
        check_student_name(&grade.student)?;
        if !seen.insert(grade.student.as_str()) {
            return Err(ReportError::DuplicateStudent {
                student: grade.student.clone(),
            });
        }
    }

    create_dir(out_dir)?;
    let gradebook = out_dir.join("gradebook.csv");
    write_gradebook(grades, manifest, &gradebook)?;

    let junit = out_dir.join("junit.xml");
    let xml = junit_xml(grades).map_err(ReportError::Junit)?;
    write_file(&junit, xml.as_bytes())?;

    let mut feedback = BTreeMap::new();
    let mut gradescope = BTreeMap::new();
    let feedback_dir = out_dir.join("feedback");
    let gradescope_dir = out_dir.join("gradescope");
    if !grades.is_empty() {
        create_dir(&feedback_dir)?;
        create_dir(&gradescope_dir)?;
    }
    for grade in grades {
        let page = feedback_dir.join(format!("{}.md", grade.student));
        write_file(
            &page,
            feedback_markdown(grade, options.show_hidden_details).as_bytes(),
        )?;
        feedback.insert(grade.student.clone(), page);

        let folder = gradescope_dir.join(&grade.student);
        create_dir(&folder)?;
        let results = folder.join("results.json");
        let json = serde_json::to_string_pretty(&gradescope_results(grade, options)).map_err(
            |source| ReportError::Json {
                student: grade.student.clone(),
                source,
            },
        )?;
        write_file(&results, json.as_bytes())?;
        gradescope.insert(grade.student.clone(), results);
    }

    Ok(ReportFiles {
        gradebook,
        junit,
        feedback,
        gradescope,
    })
}

fn check_student_name(student: &str) -> Result<(), ReportError> {
    let bad = student.is_empty()
        || student == "."
        || student == ".."
        || student
            .chars()
            .any(|c| c == '/' || c == '\\' || c.is_control());
    if bad {
        return Err(ReportError::StudentName {
            student: student.to_string(),
        });
    }
    Ok(())
}

fn create_dir(path: &Path) -> Result<(), ReportError> {
    std::fs::create_dir_all(path).map_err(|source| io("create", path)(source).into())
}

fn write_file(path: &Path, contents: &[u8]) -> Result<(), ReportError> {
    std::fs::write(path, contents).map_err(|source| io("write", path)(source).into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixtures::{HIDDEN_SECRET, class, manifest};

    #[test]
    fn every_report_is_written_where_it_belongs() {
        let out = tempfile::tempdir().unwrap();
        let files =
            write_reports(&class(), &manifest(), out.path(), &ReportOptions::default()).unwrap();
        assert_eq!(files.gradebook, out.path().join("gradebook.csv"));
        assert_eq!(files.junit, out.path().join("junit.xml"));
        assert_eq!(
            files.feedback.keys().collect::<Vec<_>>(),
            ["alice", "bob", "carol", "dave"]
        );
        assert_eq!(
            files.gradescope["bob"],
            out.path()
                .join("gradescope")
                .join("bob")
                .join("results.json")
        );
        assert_eq!(
            files.feedback["bob"],
            out.path().join("feedback").join("bob.md")
        );
        for path in files
            .feedback
            .values()
            .chain(files.gradescope.values())
            .chain([&files.gradebook, &files.junit])
        {
            assert!(path.is_file(), "{}", path.display());
        }
        // What students get holds no hidden internals; the instructor's JUnit does.
        let bob_md = std::fs::read_to_string(&files.feedback["bob"]).unwrap();
        let bob_json = std::fs::read_to_string(&files.gradescope["bob"]).unwrap();
        assert!(!bob_md.contains(HIDDEN_SECRET) && !bob_json.contains(HIDDEN_SECRET));
        let json: serde_json::Value = serde_json::from_str(&bob_json).unwrap();
        assert_eq!(json["tests"][1]["visibility"], "hidden");
        assert!(
            std::fs::read_to_string(&files.junit)
                .unwrap()
                .contains(HIDDEN_SECRET)
        );
    }

    #[test]
    fn unsafe_or_duplicate_names_are_refused_before_writing() {
        let out = tempfile::tempdir().unwrap();
        let target = out.path().join("reports");
        for name in ["", "..", "a/b", "a\\b"] {
            let mut grades = class();
            grades[0].student = name.to_string();
            let error = write_reports(&grades, &manifest(), &target, &ReportOptions::default())
                .unwrap_err();
            assert!(matches!(error, ReportError::StudentName { .. }), "{error}");
        }
        let mut grades = class();
        grades[0].student = "bob".to_string();
        let error =
            write_reports(&grades, &manifest(), &target, &ReportOptions::default()).unwrap_err();
        assert_eq!(
            error.to_string(),
            "two grades are for the same student \"bob\""
        );
        assert!(!target.exists());
    }
}
