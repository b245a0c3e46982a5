//! A small class for the reports' tests: one student per kind of result.
//!
//! - alice: full marks;
//! - bob: partial: a hidden timeout, a hidden crash, a visible failure and a hidden
//!   failure whose message and output must never reach him;
//! - carol: `ex-threads` did not compile;
//! - dave: `ex-async` missing, a test that exited early, and a note.
//!
//! They are listed out of order, so every report has to sort them.

use std::collections::BTreeMap;
use std::time::Duration;

use crate::kit::Visibility;
use crate::manifest::Manifest;
use crate::outcome::TestOutcome;
use crate::score::{ExerciseGrade, SubmissionGrade, TestResult, grade_exercise};

/// What bob's hidden failure says; no student-facing report may contain it.
pub(crate) const HIDDEN_SECRET: &str = "SECRET-hidden-internals";

const MANIFEST: &str = r#"
    format_version = 1
    [defaults]
    points = 2
    timeout_secs = 10

    [[exercise]]
    id = "th-spawn"
    crate = "ex-threads"
    module = "spawn"
    title = "Ten slow jobs"
    lab_sheet = "seed.txt"
    section = "1"
    hint = "Keep the JoinHandles."
    visible_tests = ["th_spawn"]
    hidden_tests = ["th_spawn"]

    [[exercise]]
    id = "th-pool"
    crate = "ex-threads"
    module = "pool"
    title = "A pool of workers"
    lab_sheet = "seed.txt"
    section = "2"
    hint = "Close the channel."
    visible_tests = ["th_pool"]
    hidden_tests = ["th_pool"]

    [[exercise]]
    id = "as-join"
    crate = "ex-async"
    module = "join"
    title = "Join them all"
    lab_sheet = "seed.txt"
    section = "3"
    hint = "Await every future."
    visible_tests = ["as_join"]
    hidden_tests = ["as_join"]
"#;

/// The manifest: `ex-threads` (th-spawn, th-pool) and `ex-async` (as-join), 2 points each.
pub(crate) fn manifest() -> Manifest {
    Manifest::parse(MANIFEST).unwrap()
}

fn test(id: &str, visibility: Visibility, outcome: TestOutcome, output: &str) -> TestResult {
    let stem = id.replace('-', "_");
    TestResult {
        exercise: id.to_string(),
        target: match visibility {
            Visibility::Visible => stem,
            Visibility::Hidden => format!("hidden_{stem}"),
        },
        name: match visibility {
            Visibility::Visible => "works".to_string(),
            Visibility::Hidden => "works_at_scale".to_string(),
        },
        visibility,
        outcome,
        output: output.to_string(),
        duration_ms: 12,
        score: 0.0,
        max_score: 0.0,
        requirement: None,
    }
}

/// One exercise with a visible and a hidden test.
fn exercise(
    manifest: &Manifest,
    id: &str,
    visible: (TestOutcome, &str),
    hidden: (TestOutcome, &str),
) -> ExerciseGrade {
    grade_exercise(
        manifest,
        id,
        vec![
            test(id, Visibility::Visible, visible.0, visible.1),
            test(id, Visibility::Hidden, hidden.0, hidden.1),
        ],
    )
}

fn passed() -> (TestOutcome, &'static str) {
    (TestOutcome::Passed, "running 1 test\ntest ok\n")
}

/// The class, out of order: dave, bob, alice, carol.
pub(crate) fn class() -> Vec<SubmissionGrade> {
    let m = manifest();
    let alice = SubmissionGrade {
        student: "alice".into(),
        exercises: vec![
            exercise(&m, "th-spawn", passed(), passed()),
            exercise(&m, "th-pool", passed(), passed()),
            exercise(&m, "as-join", passed(), passed()),
        ],
        build_errors: BTreeMap::new(),
        notes: vec![],
        sandboxed: true,
    };
    let bob = SubmissionGrade {
        student: "bob".into(),
        exercises: vec![
            exercise(
                &m,
                "th-spawn",
                passed(),
                (
                    TestOutcome::TimedOut {
                        limit: Duration::from_secs(10),
                    },
                    "waiting forever on a hidden channel",
                ),
            ),
            exercise(
                &m,
                "th-pool",
                passed(),
                (TestOutcome::Crashed { signal: 11 }, "hidden crash output"),
            ),
            exercise(
                &m,
                "as-join",
                (
                    TestOutcome::Failed {
                        message: "thread 'works' panicked at tests/as_join.rs:9:5:\n\
                                  as-join: expected 3 results, got 2"
                            .into(),
                    },
                    "visible output ```with fences```",
                ),
                (
                    TestOutcome::Failed {
                        message: format!("assertion failed: {HIDDEN_SECRET}"),
                    },
                    HIDDEN_SECRET,
                ),
            ),
        ],
        build_errors: BTreeMap::new(),
        notes: vec![],
        sandboxed: true,
    };
    let build_error = (TestOutcome::BuildError, "");
    let carol = SubmissionGrade {
        student: "carol".into(),
        exercises: vec![
            exercise(&m, "th-spawn", build_error.clone(), build_error.clone()),
            exercise(&m, "th-pool", build_error.clone(), build_error),
            exercise(&m, "as-join", passed(), passed()),
        ],
        build_errors: BTreeMap::from([(
            "ex-threads".to_string(),
            "error[E0308]: mismatched types\n --> src/spawn.rs:3:5\n".to_string(),
        )]),
        notes: vec![],
        sandboxed: true,
    };
    let missing = (TestOutcome::Missing, "");
    let dave = SubmissionGrade {
        student: "dave".into(),
        exercises: vec![
            exercise(
                &m,
                "th-spawn",
                (TestOutcome::Unfinished { code: 0 }, "exit(0) called"),
                passed(),
            ),
            exercise(&m, "th-pool", passed(), passed()),
            exercise(&m, "as-join", missing.clone(), missing),
        ],
        build_errors: BTreeMap::new(),
        notes: vec!["no folder ex-async in the submission".into()],
        sandboxed: false,
    };
    vec![dave, bob, alice, carol]
}

/// One student of [`class`].
pub(crate) fn student(name: &str) -> SubmissionGrade {
    class()
        .into_iter()
        .find(|grade| grade.student == name)
        .unwrap()
}
