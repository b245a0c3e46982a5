//! Gradescope: the autograder's `results.json`, one per student.
//!
//! The file follows Gradescope's autograder specification: a top-level `score` (the
//! total, which takes precedence over the tests' sum), a short `output` for the whole
//! submission, and one entry per test with `name`, `number`, `score`, `max_score`,
//! `status`, `output` and `visibility`. Outputs are plain text (`output_format` and
//! `test_output_format` are `"text"`). Characters that are not printable text (control
//! characters other than tab, newline and carriage return, U+FFFE, U+FFFF) are written
//! as escapes like `\u{0}`, whatever a test printed.
//!
//! Visible tests are always `"visible"`; hidden tests take
//! [`ReportOptions::hidden_visibility`]. Whatever their visibility, hidden tests carry
//! only their outcome kind, never their output or message, unless
//! [`ReportOptions::show_hidden_details`] is true.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::kit::Visibility;
use crate::score::{ExerciseGrade, SubmissionGrade, TestResult};

use super::ReportOptions;
use super::text::{
    MAX_BUILD_ERROR_BYTES, MAX_TEST_OUTPUT_BYTES, as_is, cap, fraction, outcome_detail,
    outcome_phrase, printable, withhold_hidden_diagnostics,
};

/// When students see a test on Gradescope: Gradescope's four visibility values. It is
/// the setting for hidden tests ([`ReportOptions::hidden_visibility`]) and the
/// visibility written for every test.
///
/// # Examples
///
/// ```
/// use grading::report::HiddenVisibility;
///
/// let after: HiddenVisibility = "after_due_date".parse().unwrap();
/// assert_eq!(after, HiddenVisibility::AfterDueDate);
/// assert_eq!(serde_json::to_string(&after).unwrap(), r#""after_due_date""#);
/// assert_eq!(HiddenVisibility::default().to_string(), "hidden");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HiddenVisibility {
    /// Shown to students right away (`"visible"`).
    Visible,
    /// Never shown to students (`"hidden"`); the default.
    #[default]
    Hidden,
    /// Shown once the due date has passed (`"after_due_date"`).
    AfterDueDate,
    /// Shown once the grades are published (`"after_published"`).
    AfterPublished,
}

impl HiddenVisibility {
    /// Every value, in the order above.
    pub const ALL: [HiddenVisibility; 4] = [
        HiddenVisibility::Visible,
        HiddenVisibility::Hidden,
        HiddenVisibility::AfterDueDate,
        HiddenVisibility::AfterPublished,
    ];

    /// Gradescope's string for it: `visible`, `hidden`, `after_due_date`, `after_published`.
    pub fn as_str(self) -> &'static str {
        match self {
            HiddenVisibility::Visible => "visible",
            HiddenVisibility::Hidden => "hidden",
            HiddenVisibility::AfterDueDate => "after_due_date",
            HiddenVisibility::AfterPublished => "after_published",
        }
    }
}

impl fmt::Display for HiddenVisibility {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The text is not one of Gradescope's visibility values.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown gradescope visibility {0:?}; expected visible, hidden, after_due_date or after_published"
)]
pub struct UnknownVisibility(pub String);

impl FromStr for HiddenVisibility {
    type Err = UnknownVisibility;

    /// Parses Gradescope's string (`after_due_date`), also accepting dashes (`after-due-date`).
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let wanted = text.trim().replace('-', "_");
        HiddenVisibility::ALL
            .into_iter()
            .find(|value| value.as_str() == wanted)
            .ok_or_else(|| UnknownVisibility(text.to_string()))
    }
}

/// Whether a test earned its points, in Gradescope's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum GradescopeStatus {
    /// `"passed"`.
    Passed,
    /// `"failed"`: every outcome but [`TestOutcome::Passed`](crate::outcome::TestOutcome::Passed).
    Failed,
}

/// A whole `results.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GradescopeResults {
    /// The submission's total points.
    pub score: f64,
    /// A short summary for the whole submission: the total, each exercise's score, the
    /// notes, and the compile errors (capped).
    pub output: String,
    /// How `output` is rendered: always `"text"`.
    pub output_format: String,
    /// How each test's `output` is rendered: always `"text"`.
    pub test_output_format: String,
    /// Every test, in grade order.
    pub tests: Vec<GradescopeTest>,
}

/// One test of a `results.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GradescopeTest {
    /// `exercise › target::name`, e.g. `th-spawn › hidden_th_spawn::many_jobs`; a test in a
    /// requirement has it in between: `th-spawn › really concurrent › hidden_th_spawn::overlap`.
    pub name: String,
    /// `<exercise>.<test>`, both counted from 1 in grade order (Gradescope sorts by it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// Points earned.
    pub score: f64,
    /// Points available.
    pub max_score: f64,
    /// Passed or failed.
    pub status: GradescopeStatus,
    /// The outcome in words, then (for tests whose details may be shown) the failure
    /// message or captured output, capped.
    pub output: String,
    /// When students see it.
    pub visibility: HiddenVisibility,
}

/// The `results.json` of one submission.
///
/// # Examples
///
/// ```
/// use std::collections::BTreeMap;
/// use grading::kit::Visibility;
/// use grading::outcome::TestOutcome;
/// use grading::report::{HiddenVisibility, ReportOptions, gradescope_results};
/// use grading::score::{ExerciseGrade, SubmissionGrade, TestResult};
///
/// let grade = SubmissionGrade {
///     student: "alice".into(),
///     exercises: vec![ExerciseGrade {
///         id: "th-spawn".into(),
///         crate_name: "ex-threads".into(),
///         title: "Ten slow jobs".into(),
///         hint: "Keep the JoinHandles.".into(),
///         score: 0.0,
///         max_score: 2.0,
///         requirements: vec![],
///         tests: vec![TestResult {
///             exercise: "th-spawn".into(),
///             target: "hidden_th_spawn".into(),
///             name: "many_jobs".into(),
///             visibility: Visibility::Hidden,
///             outcome: TestOutcome::Failed { message: "expected 10 got 9".into() },
///             output: "secret".into(),
///             duration_ms: 3,
///             score: 0.0,
///             max_score: 2.0,
///             requirement: None,
///         }],
///     }],
///     build_errors: BTreeMap::new(),
///     notes: vec![],
///     sandboxed: true,
/// };
/// let options = ReportOptions {
///     hidden_visibility: HiddenVisibility::AfterPublished,
///     show_hidden_details: false,
/// };
/// let json = serde_json::to_value(gradescope_results(&grade, &options)).unwrap();
/// assert_eq!(json["score"], 0.0);
/// assert_eq!(json["tests"][0]["name"], "th-spawn › hidden_th_spawn::many_jobs");
/// assert_eq!(json["tests"][0]["status"], "failed");
/// assert_eq!(json["tests"][0]["visibility"], "after_published");
/// assert_eq!(json["tests"][0]["output"], "failed");
/// ```
pub fn gradescope_results(grade: &SubmissionGrade, options: &ReportOptions) -> GradescopeResults {
    let tests = grade
        .exercises
        .iter()
        .enumerate()
        .flat_map(|(e, exercise)| {
            exercise
                .tests
                .iter()
                .enumerate()
                .map(move |(t, test)| gradescope_test(exercise, test, (e, t), options))
        })
        .map(|test: GradescopeTest| GradescopeTest {
            name: printable(&test.name),
            output: printable(&test.output),
            ..test
        })
        .collect();
    GradescopeResults {
        score: grade.score(),
        output: printable(&summary(grade, options)),
        output_format: "text".to_string(),
        test_output_format: "text".to_string(),
        tests,
    }
}

fn gradescope_test(
    exercise: &ExerciseGrade,
    test: &TestResult,
    (exercise_index, test_index): (usize, usize),
    options: &ReportOptions,
) -> GradescopeTest {
    let (visibility, detailed) = match test.visibility {
        Visibility::Visible => (HiddenVisibility::Visible, true),
        Visibility::Hidden => (options.hidden_visibility, options.show_hidden_details),
    };
    let mut output = outcome_phrase(&test.outcome, detailed, as_is);
    if detailed && let Some(detail) = outcome_detail(&test.outcome, &test.output) {
        output.push_str("\n\n");
        output.push_str(&cap(detail, MAX_TEST_OUTPUT_BYTES));
    }
    let requirement = test.requirement.as_ref().and_then(|name| {
        exercise
            .requirements
            .iter()
            .find(|requirement| &requirement.name == name)
    });
    if let Some(requirement) = requirement
        && !requirement.met()
        && test.outcome.passed()
    {
        output.push_str(&format!(
            "\n\nIts requirement \"{}\" was missed ({} did not pass): its points are earned only together.",
            requirement.name,
            requirement.missed.join(", ")
        ));
    }
    let name = match &test.requirement {
        Some(requirement) => format!("{} › {requirement} › {}", test.exercise, test.full_name()),
        None => format!("{} › {}", test.exercise, test.full_name()),
    };
    GradescopeTest {
        name,
        number: Some(format!("{}.{}", exercise_index + 1, test_index + 1)),
        score: test.score,
        max_score: test.max_score,
        status: if test.outcome.passed() {
            GradescopeStatus::Passed
        } else {
            GradescopeStatus::Failed
        },
        output,
        visibility,
    }
}

/// The short text for the whole submission.
fn summary(grade: &SubmissionGrade, options: &ReportOptions) -> String {
    let tests = grade.exercises.iter().flat_map(|exercise| &exercise.tests);
    let passed = tests.clone().filter(|test| test.outcome.passed()).count();
    let mut out = format!(
        "{}: {} points ({passed} of {} tests passed)\n",
        grade.student,
        fraction(grade.score(), grade.max_score()),
        tests.count()
    );
    for exercise in &grade.exercises {
        out.push_str(&format!(
            "  {} ({}): {}\n",
            exercise.id,
            exercise.title,
            fraction(exercise.score, exercise.max_score)
        ));
        for requirement in exercise.missed_requirements() {
            out.push_str(&format!(
                "    missed \"{}\" ({}): {} did not pass\n",
                requirement.name,
                fraction(requirement.score, requirement.max_score),
                requirement.missed.join(", ")
            ));
        }
    }
    for note in &grade.notes {
        out.push_str(&format!("note: {note}\n"));
    }
    for (crate_name, errors) in &grade.build_errors {
        let errors = if options.show_hidden_details {
            errors.clone()
        } else {
            withhold_hidden_diagnostics(errors)
        };
        out.push_str(&format!(
            "\n{crate_name} did not compile:\n{}\n",
            cap(errors.trim_end(), MAX_BUILD_ERROR_BYTES)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;
    use crate::report::fixtures::{HIDDEN_SECRET, student};

    fn json(name: &str, hidden_visibility: HiddenVisibility, show_hidden_details: bool) -> Value {
        let options = ReportOptions {
            hidden_visibility,
            show_hidden_details,
        };
        serde_json::to_value(gradescope_results(&student(name), &options)).unwrap()
    }

    #[test]
    fn full_marks_have_every_field_and_pass() {
        let alice = json("alice", HiddenVisibility::Hidden, false);
        assert_eq!(alice["score"], 6.0);
        assert_eq!(alice["output_format"], "text");
        assert!(
            alice["output"]
                .as_str()
                .unwrap()
                .starts_with("alice: 6/6 points")
        );
        let tests = alice["tests"].as_array().unwrap();
        assert_eq!(tests.len(), 6);
        assert_eq!(
            tests[0],
            serde_json::json!({
                "name": "th-spawn › th_spawn::works",
                "number": "1.1",
                "score": 1.0,
                "max_score": 1.0,
                "status": "passed",
                "output": "passed",
                "visibility": "visible",
            })
        );
        assert_eq!(tests[1]["visibility"], "hidden");
        assert_eq!(tests[5]["number"], "3.2");
    }

    #[test]
    fn failures_are_failed_with_no_points() {
        let bob = json("bob", HiddenVisibility::AfterDueDate, false);
        assert_eq!(bob["score"], 2.0);
        let tests = bob["tests"].as_array().unwrap();
        let statuses: Vec<&str> = tests
            .iter()
            .map(|t| t["status"].as_str().unwrap())
            .collect();
        assert_eq!(
            statuses,
            ["passed", "failed", "passed", "failed", "failed", "failed"]
        );
        assert_eq!(tests[1]["score"], 0.0);
        assert_eq!(tests[1]["max_score"], 1.0);
        assert_eq!(tests[1]["visibility"], "after_due_date");
        assert_eq!(tests[4]["visibility"], "visible");
        let visible_failure = tests[4]["output"].as_str().unwrap();
        assert!(
            visible_failure.contains("as-join: expected 3 results, got 2"),
            "{visible_failure}"
        );
    }

    #[test]
    fn hidden_details_are_suppressed_unless_asked() {
        let bob = json("bob", HiddenVisibility::Visible, false);
        let text = bob.to_string();
        assert!(!text.contains(HIDDEN_SECRET), "{text}");
        assert!(!text.contains("hidden channel"), "{text}");
        let tests = bob["tests"].as_array().unwrap();
        assert!(
            tests[1]["output"]
                .as_str()
                .is_some_and(|output| output.starts_with("timed out after ")),
            "{}",
            tests[1]["output"]
        );
        assert_eq!(tests[3]["output"], "crashed");
        assert_eq!(tests[5]["output"], "failed");
        // Hidden tests take the configured visibility, even when it is "visible".
        assert_eq!(tests[5]["visibility"], "visible");
        let detailed = json("bob", HiddenVisibility::Hidden, true);
        assert!(detailed.to_string().contains(HIDDEN_SECRET));
        assert_eq!(
            detailed["tests"][1]["output"],
            "timed out after 10 s\n\nwaiting forever on a hidden channel"
        );
    }

    #[test]
    fn build_errors_and_notes_reach_the_summary() {
        let carol = json("carol", HiddenVisibility::Hidden, false);
        let output = carol["output"].as_str().unwrap();
        assert!(
            output.contains("ex-threads did not compile:\nerror[E0308]"),
            "{output}"
        );
        assert_eq!(carol["tests"][0]["output"], "did not compile");
        let dave = json("dave", HiddenVisibility::Hidden, false);
        assert!(
            dave["output"]
                .as_str()
                .unwrap()
                .contains("note: no folder ex-async")
        );
        assert_eq!(
            dave["tests"][4]["output"],
            "missing: no code was submitted for this crate"
        );
    }

    #[test]
    fn visibility_strings_round_trip() {
        for value in HiddenVisibility::ALL {
            assert_eq!(value.as_str().parse::<HiddenVisibility>(), Ok(value));
            assert_eq!(
                serde_json::to_value(value).unwrap(),
                Value::String(value.as_str().to_string())
            );
        }
        assert_eq!(
            "after-published".parse(),
            Ok(HiddenVisibility::AfterPublished)
        );
        assert!("later".parse::<HiddenVisibility>().is_err());
    }
}
