//! Store: one JSON file per student under `<out>/results/`, written atomically, with the
//! [`fingerprint`](crate::fingerprint) of what the result was graded from.
//!
//! Grading and `grade merge` both write through [`store_result`], so a merged folder
//! resumes exactly like one that was graded in one run.

use std::path::{Path, PathBuf};

use super::BatchError;
use crate::files::io;
use crate::score::SubmissionGrade;

/// A result as stored on disk: the grade and the fingerprint of what was graded.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
pub struct StoredResult {
    /// What the grade was graded from; empty in results stored before fingerprints
    /// existed (they are regraded).
    #[serde(default)]
    pub fingerprint: String,
    /// The grade.
    #[serde(flatten)]
    pub grade: SubmissionGrade,
}

/// The folder of stored per-student results inside `out_dir`.
pub fn results_dir(out_dir: &Path) -> PathBuf {
    out_dir.join("results")
}

fn result_path(out_dir: &Path, student: &str) -> PathBuf {
    results_dir(out_dir).join(format!("{student}.json"))
}

/// Loads every stored result in `out_dir` with its fingerprint, sorted by student.
///
/// # Errors
/// [`BatchError`] when a result cannot be read.
pub fn load_stored(out_dir: &Path) -> Result<Vec<StoredResult>, BatchError> {
    let dir = results_dir(out_dir);
    let mut stored = Vec::new();
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Ok(stored);
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|ext| ext == "json") {
            stored.push(read_result(&path)?);
        }
    }
    stored.sort_by(|a, b| a.grade.student.cmp(&b.grade.student));
    Ok(stored)
}

/// Loads every stored result in `out_dir`, sorted by student.
///
/// # Errors
/// [`BatchError`] when a result cannot be read.
pub fn load_results(out_dir: &Path) -> Result<Vec<SubmissionGrade>, BatchError> {
    Ok(load_stored(out_dir)?
        .into_iter()
        .map(|stored| stored.grade)
        .collect())
}

fn read_result(path: &Path) -> Result<StoredResult, BatchError> {
    let text = std::fs::read_to_string(path).map_err(io("read", path))?;
    serde_json::from_str::<StoredResult>(&text).map_err(|error| BatchError::Stored {
        path: path.display().to_string(),
        message: error.to_string(),
    })
}

/// The fingerprint of what `student`'s stored result was graded from, if there is one
/// that can be read.
pub fn stored_fingerprint(out_dir: &Path, student: &str) -> Option<String> {
    let text = std::fs::read_to_string(result_path(out_dir, student)).ok()?;
    let stored: StoredResult = serde_json::from_str(&text).ok()?;
    Some(stored.fingerprint)
}

/// Whether `out_dir` already holds a result for `student`.
pub fn has_result(out_dir: &Path, student: &str) -> bool {
    result_path(out_dir, student).exists()
}

/// Writes a student's result atomically (a temporary file renamed into place), so a
/// crash mid-write never leaves a half result that a resumed run would trust.
///
/// # Errors
/// [`BatchError::Io`] when the folder or file cannot be written.
pub fn store_result(
    out_dir: &Path,
    grade: &SubmissionGrade,
    fingerprint: &str,
) -> Result<(), BatchError> {
    let dir = results_dir(out_dir);
    std::fs::create_dir_all(&dir).map_err(io("create", &dir))?;
    let path = result_path(out_dir, &grade.student);
    let partial = path.with_extension("json.partial");
    let stored = StoredResult {
        fingerprint: fingerprint.to_string(),
        grade: grade.clone(),
    };
    let text = serde_json::to_string_pretty(&stored).expect("a grade always serialises");
    std::fs::write(&partial, text).map_err(io("write", &partial))?;
    std::fs::rename(&partial, &path).map_err(io("store", &path))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::kit::Visibility;
    use crate::outcome::TestOutcome;
    use crate::score::{ExerciseGrade, TestResult};

    #[test]
    fn a_stored_result_reads_back_exactly_whatever_a_test_printed() {
        let controls: String = (0u8..0x20).map(char::from).collect();
        let hostile = format!("{controls} \u{fffe}\u{ffff}\u{feff} ]]> \"q\" 'a' <script>");
        let grade = SubmissionGrade {
            student: "alice".into(),
            exercises: vec![ExerciseGrade {
                id: "th-spawn".into(),
                crate_name: "ex-threads".into(),
                title: "Ten slow jobs".into(),
                hint: hostile.clone(),
                score: 0.0,
                max_score: 1.0,
                requirements: vec![],
                tests: vec![TestResult {
                    exercise: "th-spawn".into(),
                    target: "th_spawn".into(),
                    name: "many_jobs".into(),
                    visibility: Visibility::Visible,
                    outcome: TestOutcome::Failed {
                        message: hostile.clone(),
                    },
                    output: hostile.clone(),
                    duration_ms: 1,
                    score: 0.0,
                    max_score: 1.0,
                    requirement: None,
                }],
            }],
            build_errors: BTreeMap::from([("ex-threads".to_string(), hostile.clone())]),
            notes: vec![hostile],
            sandboxed: false,
        };
        let out = tempfile::tempdir().unwrap();
        store_result(out.path(), &grade, "abc").unwrap();
        let text = std::fs::read_to_string(result_path(out.path(), "alice")).unwrap();
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value["fingerprint"], "abc");
        assert_eq!(load_results(out.path()).unwrap(), vec![grade]);
        assert_eq!(
            stored_fingerprint(out.path(), "alice").as_deref(),
            Some("abc")
        );
    }
}
