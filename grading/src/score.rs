//! Score: turn test outcomes into points, per exercise, per crate, per submission.
//!
//! An exercise's points (from the manifest) go first to its requirements
//! ([`crate::manifest::Requirement`]): each is earned whole when every one of its tests
//! passed, and not at all otherwise, so a classic bug that one test catches costs the
//! requirement's points. What is left is split evenly over the tests in no requirement,
//! visible and hidden alike (all of it, when an exercise has no requirements). Each
//! test's `max_score` is its share: a requirement's points divided over its tests. The list of tests comes from the *reference solution's* test binaries,
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
    /// The requirement it belongs to, if any: its points are earned only together with
    /// the requirement's other tests.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requirement: Option<String>,
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
    /// Its requirements, in manifest order (none when the manifest groups no tests).
    #[serde(default)]
    pub requirements: Vec<RequirementGrade>,
}

impl ExerciseGrade {
    /// The requirements that were not met.
    pub fn missed_requirements(&self) -> impl Iterator<Item = &RequirementGrade> {
        self.requirements.iter().filter(|r| !r.met())
    }
}

/// How one requirement of an exercise went for one submission.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequirementGrade {
    /// What it proves, from the manifest.
    pub name: String,
    /// Points earned: all of `max_score` or none.
    pub score: f64,
    /// Points available.
    pub max_score: f64,
    /// Its tests that did not pass (`target::name`); empty when it was met.
    pub missed: Vec<String>,
}

impl RequirementGrade {
    /// Whether every one of its tests passed.
    pub fn met(&self) -> bool {
        self.missed.is_empty()
    }
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

/// Builds an exercise grade from its test results: each requirement of the manifest is
/// earned whole when all its tests passed, and the points left are split evenly over the
/// tests in no requirement, earned one by one on [`TestOutcome::Passed`].
pub fn grade_exercise(manifest: &Manifest, id: &str, mut tests: Vec<TestResult>) -> ExerciseGrade {
    let exercise = manifest
        .exercise(id)
        .unwrap_or_else(|| panic!("grade_exercise is called with manifest ids only, not {id:?}"));
    let max_score = f64::from(manifest.points(exercise));
    for test in &mut tests {
        test.requirement = exercise
            .requirement_of(&test.full_name())
            .map(|requirement| requirement.name.clone());
    }
    let mut requirements = Vec::new();
    for requirement in &exercise.requirements {
        let is_mine = |test: &TestResult| test.requirement.as_deref() == Some(&requirement.name);
        let count = tests.iter().filter(|test| is_mine(test)).count();
        let missed: Vec<String> = if count == 0 {
            // None of its tests ran here: it was not shown to be met.
            requirement.tests.clone()
        } else {
            tests
                .iter()
                .filter(|test| is_mine(test) && !test.outcome.passed())
                .map(TestResult::full_name)
                .collect()
        };
        let met = missed.is_empty();
        for test in tests.iter_mut().filter(|test| is_mine(test)) {
            test.max_score = requirement.points / count as f64;
            test.score = if met { test.max_score } else { 0.0 };
        }
        requirements.push(RequirementGrade {
            name: requirement.name.clone(),
            score: if met { requirement.points } else { 0.0 },
            max_score: requirement.points,
            missed,
        });
    }
    let grouped = exercise.requirement_points();
    let ungrouped = tests
        .iter()
        .filter(|test| test.requirement.is_none())
        .count();
    let each = if ungrouped == 0 {
        0.0
    } else {
        (max_score - grouped).max(0.0) / ungrouped as f64
    };
    for test in tests.iter_mut().filter(|test| test.requirement.is_none()) {
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
        requirements,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// th-spawn with one requirement of 1.5 points over two tests; the other two tests
    /// share the 0.5 left.
    fn manifest() -> Manifest {
        let requirement = r#"
            [[exercise.requirement]]
            name = "really concurrent"
            points = 1.5
            tests = ["hidden_th_spawn::overlap", "th_spawn::overlap"]
        "#;
        Manifest::parse(&format!("{}{requirement}", crate::manifest::EXAMPLE)).unwrap()
    }

    fn result(target: &str, name: &str, passed: bool) -> TestResult {
        TestResult {
            exercise: "th-spawn".into(),
            target: target.into(),
            name: name.into(),
            visibility: Visibility::Visible,
            outcome: if passed {
                TestOutcome::Passed
            } else {
                TestOutcome::Failed {
                    message: "no".into(),
                }
            },
            output: String::new(),
            duration_ms: 1,
            score: 0.0,
            max_score: 0.0,
            requirement: None,
        }
    }

    fn graded(failing: &[&str]) -> ExerciseGrade {
        let manifest = manifest();
        let tests = [
            ("th_spawn", "overlap"),
            ("th_spawn", "in_order"),
            ("hidden_th_spawn", "overlap"),
            ("hidden_th_spawn", "zero_jobs"),
        ]
        .map(|(target, name)| {
            let full_name = format!("{target}::{name}");
            result(target, name, !failing.contains(&full_name.as_str()))
        });
        grade_exercise(&manifest, "th-spawn", tests.to_vec())
    }

    #[test]
    fn every_test_passing_earns_every_point() {
        let grade = graded(&[]);
        assert_eq!((grade.score, grade.max_score), (2.0, 2.0));
        assert_eq!(grade.requirements.len(), 1);
        assert!(grade.requirements[0].met());
        let shares: Vec<f64> = grade.tests.iter().map(|t| t.max_score).collect();
        assert_eq!(shares, [0.75, 0.25, 0.75, 0.25]);
        assert_eq!(
            grade.tests[0].requirement.as_deref(),
            Some("really concurrent")
        );
        assert_eq!(grade.tests[1].requirement, None);
    }

    #[test]
    fn one_failing_test_loses_its_whole_requirement() {
        let grade = graded(&["hidden_th_spawn::overlap"]);
        assert_eq!(grade.score, 0.5);
        let requirement = &grade.requirements[0];
        assert_eq!((requirement.score, requirement.max_score), (0.0, 1.5));
        assert_eq!(requirement.missed, ["hidden_th_spawn::overlap"]);
        // The test that passed earns nothing without its requirement's other test.
        assert!(grade.tests[0].outcome.passed());
        assert_eq!(grade.tests[0].score, 0.0);
        assert_eq!(grade.missed_requirements().count(), 1);
    }

    #[test]
    fn tests_in_no_requirement_are_earned_one_by_one() {
        let grade = graded(&["th_spawn::in_order"]);
        assert_eq!(grade.score, 1.75);
        assert!(grade.requirements[0].met());
    }

    #[test]
    fn a_requirement_none_of_whose_tests_ran_is_missed() {
        let manifest = manifest();
        let tests = vec![result("th_spawn", "in_order", true)];
        let grade = grade_exercise(&manifest, "th-spawn", tests);
        let requirement = &grade.requirements[0];
        assert!(!requirement.met());
        assert_eq!(requirement.score, 0.0);
        assert_eq!(
            requirement.missed,
            ["hidden_th_spawn::overlap", "th_spawn::overlap"]
        );
        assert_eq!(grade.score, 0.5);
    }

    #[test]
    fn without_requirements_the_points_split_evenly() {
        let manifest = Manifest::parse(crate::manifest::EXAMPLE).unwrap();
        let tests = vec![
            result("th_spawn", "a", true),
            result("th_spawn", "b", false),
            result("hidden_th_spawn", "c", true),
            result("hidden_th_spawn", "d", true),
        ];
        let grade = grade_exercise(&manifest, "th-spawn", tests);
        assert_eq!(grade.score, 1.5);
        assert!(grade.requirements.is_empty());
        assert!(grade.tests.iter().all(|t| t.max_score == 0.5));
    }
}
