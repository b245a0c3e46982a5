//! JUnit: one XML report for the whole class, for CI dashboards and test viewers.
//!
//! One test suite per student (sorted by name); one test case per test, named
//! `exercise::target::name`, with the crate as its class name, its duration, its
//! points as `score` and `max_score` properties, and its captured output (capped at
//! 16 KiB) as `system-out`.
//!
//! How outcomes map:
//!
//! | outcome | JUnit | `type` |
//! |---|---|---|
//! | passed | success | |
//! | failed | `failure`, message = the failure message | `fail` |
//! | timed out | `failure`, message = "timed out after N s" | `timeout` |
//! | crashed | `failure`, message = "crashed with signal N (NAME)" | `crash` |
//! | exited early | `failure`, message = "exited with status N ..." | `unfinished` |
//! | build error | `error`, message = "did not compile" | `build-error` |
//! | missing | `error`, message = "missing: ..." | `missing` |
//!
//! Build errors and missing crates are *errors*, not *skipped*: the test could not run
//! because of the submission and its points are lost, and viewers tend to show skipped
//! tests as harmless.
//!
//! This report is the instructor's: it holds every student, so it is never handed to one,
//! and it keeps hidden tests' messages and output.

use std::time::Duration;

use quick_junit::{NonSuccessKind, Property, Report, TestCase, TestCaseStatus, TestSuite};

use crate::outcome::TestOutcome;
use crate::score::{SubmissionGrade, TestResult};

use super::text::{MAX_JUNIT_OUTPUT_BYTES, as_is, cap, outcome_phrase, points, printable};

/// The class's JUnit report, named `grade`, as a document that is valid XML 1.0 whatever
/// the tests printed: see [`junit_report`] for its content. Control characters are left
/// out (as `quick-junit` does), and the characters XML 1.0 forbids that are left (U+FFFE,
/// U+FFFF) are written as escapes like `\u{fffe}`.
///
/// # Errors
/// When the report cannot be serialized.
///
/// ```
/// let xml = grading::report::junit_xml(&[]).unwrap();
/// assert!(xml.contains("<testsuites name=\"grade\""), "{xml}");
/// ```
pub fn junit_xml(grades: &[SubmissionGrade]) -> Result<String, quick_junit::SerializeError> {
    // Markup is ASCII, so every character XML forbids is inside a text or an attribute
    // value, where the ASCII escape is safe.
    Ok(printable(&junit_report(grades).to_string()?))
}

/// The class's JUnit report, named `grade`. [`junit_xml`] serializes it into a document
/// that is valid for any text; [`Report::to_string`] leaves the characters `quick-junit`
/// lets through (U+FFFE, U+FFFF), which XML 1.0 forbids.
///
/// # Examples
///
/// ```
/// use std::collections::BTreeMap;
/// use grading::kit::Visibility;
/// use grading::outcome::TestOutcome;
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
///             target: "th_spawn".into(),
///             name: "many_jobs".into(),
///             visibility: Visibility::Visible,
///             outcome: TestOutcome::Crashed { signal: 6 },
///             output: String::new(),
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
/// let xml = grading::report::junit_report(&[grade]).to_string().unwrap();
/// assert!(xml.contains(r#"<testcase name="th-spawn::th_spawn::many_jobs" classname="ex-threads""#));
/// assert!(xml.contains(r#"<failure message="crashed with signal 6 (SIGABRT)" type="crash""#));
/// ```
pub fn junit_report(grades: &[SubmissionGrade]) -> Report {
    let mut sorted: Vec<&SubmissionGrade> = grades.iter().collect();
    sorted.sort_by(|a, b| a.student.cmp(&b.student));

    let mut report = Report::new("grade");
    for grade in sorted {
        let mut suite = TestSuite::new(grade.student.as_str());
        suite.add_property(Property::new("score", points(grade.score())));
        suite.add_property(Property::new("max_score", points(grade.max_score())));
        for exercise in &grade.exercises {
            for test in &exercise.tests {
                let mut case = TestCase::new(
                    format!("{}::{}", test.exercise, test.full_name()),
                    status(test),
                );
                case.set_classname(exercise.crate_name.as_str());
                case.set_time(Duration::from_millis(test.duration_ms));
                case.add_property(Property::new("score", points(test.score)));
                case.add_property(Property::new("max_score", points(test.max_score)));
                case.add_property(Property::new(
                    "visibility",
                    match test.visibility {
                        crate::kit::Visibility::Visible => "visible",
                        crate::kit::Visibility::Hidden => "hidden",
                    },
                ));
                if !test.output.is_empty() {
                    case.set_system_out(cap(&test.output, MAX_JUNIT_OUTPUT_BYTES));
                }
                suite.add_test_case(case);
            }
        }
        let mut notes: Vec<String> = grade.notes.clone();
        for (crate_name, errors) in &grade.build_errors {
            notes.push(format!(
                "{crate_name} did not compile:\n{}",
                cap(errors, MAX_JUNIT_OUTPUT_BYTES)
            ));
        }
        if !notes.is_empty() {
            suite.set_system_err(notes.join("\n"));
        }
        report.add_test_suite(suite);
    }
    report
}

/// The test case status of one test (see the module's table).
fn status(test: &TestResult) -> TestCaseStatus {
    let kind = match &test.outcome {
        TestOutcome::Passed => return TestCaseStatus::success(),
        TestOutcome::Failed { .. }
        | TestOutcome::TimedOut { .. }
        | TestOutcome::Crashed { .. }
        | TestOutcome::Unfinished { .. }
        | TestOutcome::Leaked { .. }
        | TestOutcome::NotRun { .. } => NonSuccessKind::Failure,
        TestOutcome::BuildError
        | TestOutcome::Missing
        | TestOutcome::GraderFault { .. }
        | TestOutcome::NotGradable { .. } => NonSuccessKind::Error,
    };
    let message = match &test.outcome {
        TestOutcome::Failed { message } => cap(message.trim(), MAX_JUNIT_OUTPUT_BYTES),
        TestOutcome::Passed
        | TestOutcome::TimedOut { .. }
        | TestOutcome::Crashed { .. }
        | TestOutcome::Unfinished { .. }
        | TestOutcome::BuildError
        | TestOutcome::Missing
        | TestOutcome::Leaked { .. }
        | TestOutcome::NotRun { .. }
        | TestOutcome::GraderFault { .. }
        | TestOutcome::NotGradable { .. } => outcome_phrase(&test.outcome, true, as_is),
    };
    let mut status = TestCaseStatus::non_success(kind);
    status.set_type(test.outcome.label());
    status.set_message(message);
    status
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixtures::{HIDDEN_SECRET, class};

    fn parsed() -> Report {
        let xml = junit_report(&class()).to_string().unwrap();
        Report::deserialize_from_str(&xml).unwrap()
    }

    fn case<'a>(report: &'a Report, student: &str, name: &str) -> &'a TestCase {
        report
            .test_suites
            .iter()
            .find(|suite| suite.name.as_str() == student)
            .unwrap()
            .test_cases
            .iter()
            .find(|case| case.name.as_str() == name)
            .unwrap_or_else(|| panic!("no test case {name} for {student}"))
    }

    fn kind_type_message(case: &TestCase) -> (NonSuccessKind, String, String) {
        match &case.status {
            TestCaseStatus::NonSuccess {
                kind, ty, message, ..
            } => (
                *kind,
                ty.as_ref().unwrap().as_str().to_string(),
                message.as_ref().unwrap().as_str().to_string(),
            ),
            other => panic!("{} is {other:?}", case.name.as_str()),
        }
    }

    #[test]
    fn the_xml_parses_with_a_suite_per_student_and_the_counts() {
        let report = parsed();
        let names: Vec<&str> = report.test_suites.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["alice", "bob", "carol", "dave"]);
        assert_eq!(report.tests, 24);
        // bob: timeout, crash, 2 fails; dave: unfinished.
        assert_eq!(report.failures, 5);
        // carol: 4 build errors; dave: 2 missing.
        assert_eq!(report.errors, 6);
        assert_eq!(report.skipped, 0);
        let alice = case(&report, "alice", "th-spawn::th_spawn::works");
        assert_eq!(alice.status, TestCaseStatus::success());
        assert_eq!(alice.classname.as_ref().unwrap().as_str(), "ex-threads");
        assert_eq!(alice.time, Some(Duration::from_millis(12)));
    }

    #[test]
    fn failures_carry_the_outcome_label_as_type() {
        let report = parsed();
        let (kind, ty, message) = kind_type_message(case(
            &report,
            "bob",
            "th-spawn::hidden_th_spawn::works_at_scale",
        ));
        assert_eq!(
            (kind, ty.as_str(), message.as_str()),
            (NonSuccessKind::Failure, "timeout", "timed out after 10 s")
        );
        let (kind, ty, message) = kind_type_message(case(
            &report,
            "bob",
            "th-pool::hidden_th_pool::works_at_scale",
        ));
        assert_eq!((kind, ty.as_str()), (NonSuccessKind::Failure, "crash"));
        assert_eq!(message, "crashed with signal 11 (SIGSEGV)");
        let (kind, ty, message) = kind_type_message(case(
            &report,
            "bob",
            "as-join::hidden_as_join::works_at_scale",
        ));
        assert_eq!((kind, ty.as_str()), (NonSuccessKind::Failure, "fail"));
        assert!(
            message.contains(HIDDEN_SECRET),
            "the instructor's report keeps it"
        );
        let (kind, ty, _) = kind_type_message(case(&report, "dave", "th-spawn::th_spawn::works"));
        assert_eq!((kind, ty.as_str()), (NonSuccessKind::Failure, "unfinished"));
    }

    #[test]
    fn build_errors_and_missing_crates_are_errors() {
        let report = parsed();
        let (kind, ty, message) =
            kind_type_message(case(&report, "carol", "th-pool::th_pool::works"));
        assert_eq!(
            (kind, ty.as_str(), message.as_str()),
            (NonSuccessKind::Error, "build-error", "did not compile")
        );
        let (kind, ty, _) = kind_type_message(case(&report, "dave", "as-join::as_join::works"));
        assert_eq!((kind, ty.as_str()), (NonSuccessKind::Error, "missing"));
        let carol = report
            .test_suites
            .iter()
            .find(|s| s.name.as_str() == "carol")
            .unwrap();
        assert!(
            carol
                .system_err
                .as_ref()
                .unwrap()
                .as_str()
                .contains("error[E0308]")
        );
    }
}
