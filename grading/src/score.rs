//! Score: turn test outcomes into points, per exercise, per crate, per submission.
//!
//! An exercise's points (from the manifest) are split evenly over its tests, visible and
//! hidden alike. The list of tests comes from the *reference solution's* test binaries,
//! never from the student's, so a submission that does not compile still has every test
//! listed (as a build error) and cannot score by making tests disappear.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::kit::Visibility;
use crate::manifest::Manifest;
use crate::outcome::TestOutcome;

/// One test's result for one submission.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TestResult {
    /// The exercise it belongs to, e.g. `th-spawn`.
    pub exercise: String,
    /// The test target (file), e.g. `hidden_th_spawn`.
    pub target: String,
    /// The test's name inside the target, e.g. `results_come_back_in_order`.
    pub name: String,
    /// Whether students can see the test.
    pub visibility: Visibility,
    /// What happened.
    pub outcome: TestOutcome,
    /// The captured output, capped (empty for tests that did not run).
    pub output: String,
    /// How long the test process ran, in milliseconds (0 if it did not run).
    pub duration_ms: u64,
    /// Points earned.
    pub score: f64,
    /// Points available.
    pub max_score: f64,
}

impl TestResult {
    /// `target::name`, unique within a crate.
    pub fn full_name(&self) -> String {
        format!("{}::{}", self.target, self.name)
    }
}

/// One exercise's grade for one submission.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExerciseGrade {
    /// The exercise id.
    pub id: String,
    /// The crate that owns it.
    pub crate_name: String,
    /// Its title, from the manifest.
    pub title: String,
    /// Its hint, from the manifest (shown when a test failed).
    pub hint: String,
    /// Points earned (sum over its tests).
    pub score: f64,
    /// Points available (the manifest's points).
    pub max_score: f64,
    /// Every test, visible first, in listing order.
    pub tests: Vec<TestResult>,
}

/// A whole submission's grade: what every report is made from, and what is stored per
/// student so an interrupted batch resumes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SubmissionGrade {
    /// The student (the submission's folder or archive name, sanitised).
    pub student: String,
    /// Every exercise of the manifest, in manifest order.
    pub exercises: Vec<ExerciseGrade>,
    /// Compile errors by crate, as the compiler rendered them (capped).
    pub build_errors: BTreeMap<String, String>,
    /// Things the student should know that are not test results: files that were not
    /// taken, crates that were missing, an archive that could not be read.
    pub notes: Vec<String>,
    /// Whether the tests ran inside the sandbox.
    pub sandboxed: bool,
}

impl SubmissionGrade {
    /// Points earned in all.
    pub fn score(&self) -> f64 {
        self.exercises.iter().map(|e| e.score).sum()
    }

    /// Points available in all.
    pub fn max_score(&self) -> f64 {
        self.exercises.iter().map(|e| e.max_score).sum()
    }

    /// Points earned and available in one crate.
    pub fn crate_score(&self, crate_name: &str) -> (f64, f64) {
        self.exercises
            .iter()
            .filter(|e| e.crate_name == crate_name)
            .fold((0.0, 0.0), |(score, max), e| {
                (score + e.score, max + e.max_score)
            })
    }
}

/// Builds an exercise grade from its test results: each test is worth the exercise's
/// points divided by its number of tests, earned only on [`TestOutcome::Passed`].
pub fn grade_exercise(manifest: &Manifest, id: &str, mut tests: Vec<TestResult>) -> ExerciseGrade {
    let exercise = manifest
        .exercise(id)
        .unwrap_or_else(|| panic!("grade_exercise is called with manifest ids only, not {id:?}"));
    let max_score = f64::from(manifest.points(exercise));
    let each = if tests.is_empty() {
        0.0
    } else {
        max_score / tests.len() as f64
    };
    for test in &mut tests {
        test.max_score = each;
        test.score = if test.outcome.passed() { each } else { 0.0 };
    }
    ExerciseGrade {
        id: exercise.id.clone(),
        crate_name: exercise.crate_name.clone(),
        title: exercise.title.clone(),
        hint: exercise.hint.clone(),
        score: tests.iter().map(|t| t.score).sum(),
        max_score,
        tests,
    }
}
