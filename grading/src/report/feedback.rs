//! Feedback: one markdown page per student, the text students read.
//!
//! The page has a title with the student and the total, the notes, the compile errors
//! (fenced), and one section per exercise: its score, its requirements (met or missed,
//! and which tests missed them), every test with its outcome in words, the failure
//! message or captured output of visible tests that did not pass (fenced and capped at
//! 4 KiB), and the hint when any test did not pass.
//!
//! Hidden tests show their name and the kind of outcome only ("failed", "crashed", ...,
//! and a timeout's limit), never their output or failure message, and compile errors
//! that quote a hidden test file are withheld, unless `show_hidden_details` is true (for the instructor's copy).
//!
//! Notes and the student's name are escaped so they are never markup (a file named
//! `<script>.txt` is shown as such). Characters that are not printable text (control characters other than tab, newline
//! and carriage return, U+FFFE, U+FFFF) are written as escapes like `\u{0}`.

use crate::kit::Visibility;
use crate::outcome::TestOutcome;
use crate::score::{ExerciseGrade, SubmissionGrade, TestResult};

use super::text::{
    MAX_BUILD_ERROR_BYTES, MAX_TEST_OUTPUT_BYTES, cap, code_span, fenced, markdown_text,
    outcome_detail, outcome_phrase, points, printable, withhold_hidden_diagnostics,
};

/// One student's feedback page, in markdown.
///
/// With `show_hidden_details` false (what students get), hidden tests show only their
/// name and outcome kind; with it true, they are shown like visible tests.
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
/// let page = grading::report::feedback_markdown(&grade, false);
/// assert!(page.starts_with("# Feedback for alice: 0/2 points\n"));
/// assert!(page.contains("- ❌ `hidden_th_spawn::many_jobs` (hidden): failed\n"));
/// assert!(page.contains("Keep the JoinHandles."));
/// assert!(!page.contains("expected 10") && !page.contains("secret"));
/// ```
pub fn feedback_markdown(grade: &SubmissionGrade, show_hidden_details: bool) -> String {
    let tests = grade.exercises.iter().flat_map(|exercise| &exercise.tests);
    let passed = tests.clone().filter(|test| test.outcome.passed()).count();
    let mut page = format!(
        "# Feedback for {}: {}/{} points\n\n{passed} of {} tests passed.",
        markdown_text(&grade.student),
        points(grade.score()),
        points(grade.max_score()),
        tests.count(),
    );
    if !show_hidden_details
        && grade
            .exercises
            .iter()
            .flat_map(|exercise| &exercise.tests)
            .any(|test| test.visibility == Visibility::Hidden)
    {
        page.push_str(" Hidden tests show only whether they passed.");
    }
    page.push('\n');

    if !grade.notes.is_empty() {
        page.push_str("\n## Notes\n\n");
        for note in &grade.notes {
            page.push_str(&format!("- {}\n", markdown_text(note)));
        }
    }

    if !grade.build_errors.is_empty() {
        page.push_str("\n## Build errors\n");
        for (crate_name, errors) in &grade.build_errors {
            let errors = if show_hidden_details {
                errors.clone()
            } else {
                withhold_hidden_diagnostics(errors)
            };
            page.push_str(&format!(
                "\n{} did not compile, so none of its tests could run:\n\n{}",
                code_span(crate_name),
                fenced(&cap(&errors, MAX_BUILD_ERROR_BYTES), "text"),
            ));
        }
    }

    for exercise in &grade.exercises {
        page.push('\n');
        page.push_str(&exercise_section(exercise, show_hidden_details));
    }
    // Whatever a test printed, the page is text: no control characters but tab and
    // line ends, no U+FFFE or U+FFFF.
    printable(&page)
}

/// One exercise: heading with score, the tests, the details of what did not pass, the hint.
fn exercise_section(exercise: &ExerciseGrade, show_hidden_details: bool) -> String {
    let mut section = format!(
        "## {}: {} ({}/{})\n\n",
        exercise.id,
        exercise.title,
        points(exercise.score),
        points(exercise.max_score)
    );
    let all_missing = !exercise.tests.is_empty()
        && exercise
            .tests
            .iter()
            .all(|test| test.outcome == TestOutcome::Missing);
    if all_missing {
        // One line says it: listing every test of a crate never handed in is noise.
        section.push_str(&format!(
            "- ❌ none of its {} tests could run: no code was submitted for {}\n",
            exercise.tests.len(),
            exercise.crate_name
        ));
        return section;
    }
    section.push_str(&requirements_list(exercise));
    let mut details = String::new();
    for test in &exercise.tests {
        let detailed = shows_details(test, show_hidden_details);
        let mark = if test.outcome.passed() { "✅" } else { "❌" };
        let hidden = match test.visibility {
            Visibility::Visible => "",
            Visibility::Hidden => " (hidden)",
        };
        section.push_str(&format!(
            "- {mark} {}{hidden}: {}\n",
            code_span(&test.full_name()),
            outcome_phrase(&test.outcome, detailed, code_span),
        ));
        if detailed && let Some(detail) = outcome_detail(&test.outcome, &test.output) {
            details.push_str(&format!(
                "\n### {}\n\n{}",
                code_span(&test.full_name()),
                fenced(&cap(detail, MAX_TEST_OUTPUT_BYTES), "text"),
            ));
        }
    }
    if exercise.tests.is_empty() {
        section.push_str("- no tests\n");
    }
    section.push_str(&details);
    if exercise.tests.iter().any(|test| !test.outcome.passed()) {
        section.push_str(&format!("\n**Hint:** {}\n", exercise.hint.trim()));
    }
    section
}

/// The exercise's requirements, each with its points and, when missed, the tests that
/// did not pass (names only, which hidden tests show too); empty without requirements.
fn requirements_list(exercise: &ExerciseGrade) -> String {
    if exercise.requirements.is_empty() {
        return String::new();
    }
    let mut list = String::from("Requirements (each earned only when all its tests pass):\n\n");
    for requirement in &exercise.requirements {
        let mark = if requirement.met() { "✅" } else { "❌" };
        list.push_str(&format!(
            "- {mark} {} ({}/{})",
            markdown_text(&requirement.name),
            points(requirement.score),
            points(requirement.max_score)
        ));
        if !requirement.met() {
            let missed: Vec<String> = requirement
                .missed
                .iter()
                .map(|name| code_span(name))
                .collect();
            list.push_str(&format!(": missed, {} did not pass", missed.join(", ")));
        }
        list.push('\n');
    }
    list.push_str("\nTests:\n\n");
    list
}

/// Whether a student may see this test's messages and output.
fn shows_details(test: &TestResult, show_hidden_details: bool) -> bool {
    match test.visibility {
        Visibility::Visible => true,
        Visibility::Hidden => show_hidden_details,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::fixtures::{HIDDEN_SECRET, class, student};

    #[test]
    fn an_exercise_never_handed_in_is_one_line_not_a_list() {
        let mut grade = class().remove(0);
        let exercise = &mut grade.exercises[0];
        for test in &mut exercise.tests {
            test.outcome = TestOutcome::Missing;
        }
        let count = exercise.tests.len();
        let page = feedback_markdown(&grade, false);
        assert!(
            page.contains(&format!("none of its {count} tests could run")),
            "{page}"
        );
        assert!(!page.contains(&exercise_name_line(&grade)), "{page}");
    }

    /// The line a first test of the first exercise would have had in a full listing.
    fn exercise_name_line(grade: &SubmissionGrade) -> String {
        format!("- ❌ `{}`", grade.exercises[0].tests[0].full_name())
    }

    #[test]
    fn full_marks_have_no_hint_and_no_details() {
        let page = feedback_markdown(&student("alice"), false);
        assert!(page.starts_with("# Feedback for alice: 6/6 points\n\n6 of 6 tests passed."));
        assert!(!page.contains("Hint"), "{page}");
        assert!(!page.contains("```"), "{page}");
        assert_eq!(page.matches("- ✅").count(), 6);
    }

    #[test]
    fn every_outcome_is_told_apart_in_words() {
        let bob = feedback_markdown(&student("bob"), true);
        assert!(bob.contains("timed out after 10 s"), "{bob}");
        assert!(bob.contains("crashed with signal 11 (SIGSEGV)"), "{bob}");
        assert!(
            bob.contains("`as_join::works`: failed: `as-join: expected 3 results, got 2`\n"),
            "{bob}"
        );
        let carol = feedback_markdown(&student("carol"), false);
        assert!(carol.contains(": did not compile"), "{carol}");
        let dave = feedback_markdown(&student("dave"), false);
        assert!(
            dave.contains("exited with status 0 before the test finished"),
            "{dave}"
        );
        assert!(
            dave.contains("none of its 2 tests could run: no code was submitted for"),
            "{dave}"
        );
    }

    #[test]
    fn hidden_details_are_suppressed_for_students() {
        let page = feedback_markdown(&student("bob"), false);
        assert!(!page.contains(HIDDEN_SECRET), "{page}");
        assert!(!page.contains("hidden channel"), "{page}");
        assert!(!page.contains("hidden crash output"), "{page}");
        assert!(!page.contains("SIGSEGV"), "{page}");
        assert!(
            page.contains("`hidden_th_spawn::works_at_scale` (hidden): timed out after 10 s\n")
        );
        assert!(page.contains("`hidden_th_pool::works_at_scale` (hidden): crashed\n"));
        assert!(page.contains("`hidden_as_join::works_at_scale` (hidden): failed\n"));
        // The visible failure still shows its message, fenced.
        assert!(
            page.contains("as-join: expected 3 results, got 2"),
            "{page}"
        );
        assert!(page.contains("**Hint:** Await every future."), "{page}");
        // With details on (the instructor's copy), the hidden message is there.
        assert!(feedback_markdown(&student("bob"), true).contains(HIDDEN_SECRET));
    }

    #[test]
    fn build_errors_and_notes_are_shown_fenced() {
        let carol = feedback_markdown(&student("carol"), false);
        assert!(
            carol.contains(
                "`ex-threads` did not compile, so none of its tests could run:\n\n```text\n\
                 error[E0308]: mismatched types\n --> src/spawn.rs:3:5\n```\n"
            ),
            "{carol}"
        );
        let dave = feedback_markdown(&student("dave"), false);
        assert!(dave.contains("## Notes\n\n- no folder ex-async in the submission\n"));
    }

    #[test]
    fn long_output_is_capped_and_cannot_break_the_fence() {
        let mut grade = student("bob");
        let test = &mut grade.exercises[0].tests[1];
        test.visibility = Visibility::Visible;
        test.output = format!("````\n{}", "x".repeat(10_000));
        let page = feedback_markdown(&grade, false);
        assert!(page.contains("more bytes cut"), "{page}");
        assert!(page.contains("\n`````text\n````\n"), "{page}");
        assert!(page.len() < 8_000, "{}", page.len());
    }
}
