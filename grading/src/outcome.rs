//! The outcome of one test against one submission.

use std::fmt;
use std::time::Duration;

/// What happened to one test. Matches on it have no catch-all arm, so a new outcome
/// forces every report to decide how to show it.
///
/// It is stored as JSON with a `kind` tag, e.g. `{"kind":"timed-out","limit":{...}}`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum TestOutcome {
    /// The test ran to its end: exit status 0 *and* the test harness recorded it as ok.
    Passed,
    /// An assertion or panic failed the test; the message is the panic's.
    Failed {
        /// The failure message libtest printed for the test.
        message: String,
    },
    /// The process exited before the test finished (e.g. `exit(0)` in the middle).
    Unfinished {
        /// The exit code.
        code: i32,
    },
    /// The test ran past its time limit; its whole process group was killed.
    TimedOut {
        /// The limit it ran past.
        limit: Duration,
    },
    /// The process was killed by a signal (a segfault, an abort, the memory limit).
    Crashed {
        /// The signal's number.
        signal: i32,
    },
    /// The submission (or this test file against it) did not compile.
    BuildError,
    /// The submission has no code for this crate at all.
    Missing,
    /// The test ended, but processes it started were still running (a child never
    /// waited for, a detached daemon): they were killed, and the test does not pass.
    Leaked {
        /// How many processes were left.
        processes: u32,
    },
    /// The test was not run: the first tests of its exercise all timed out, so the rest
    /// of that exercise would only have timed out one by one.
    NotRun {
        /// Why, in a sentence for the student.
        reason: String,
    },
    /// The grader could not run the test (it failed to start the process, the control
    /// group could not be joined, the test binary does not hold the test): the grader's
    /// fault, not the student's. Grades with one of these are incomplete.
    GraderFault {
        /// What went wrong.
        message: String,
    },
    /// The exercise cannot be graded on this machine: a program it requires is missing.
    /// Its points are left out of the submission's total rather than counted as lost.
    NotGradable {
        /// What to install.
        missing: String,
    },
}

impl TestOutcome {
    /// Whether the test earns its points.
    pub fn passed(&self) -> bool {
        match self {
            TestOutcome::Passed => true,
            TestOutcome::Failed { .. }
            | TestOutcome::Unfinished { .. }
            | TestOutcome::TimedOut { .. }
            | TestOutcome::Crashed { .. }
            | TestOutcome::BuildError
            | TestOutcome::Missing
            | TestOutcome::Leaked { .. }
            | TestOutcome::NotRun { .. }
            | TestOutcome::GraderFault { .. }
            | TestOutcome::NotGradable { .. } => false,
        }
    }

    /// Whether the grader, not the submission, is why the test has no real result: the
    /// grade is then incomplete (the exit status says so).
    pub fn is_grader_fault(&self) -> bool {
        match self {
            TestOutcome::GraderFault { .. } => true,
            TestOutcome::Passed
            | TestOutcome::Failed { .. }
            | TestOutcome::Unfinished { .. }
            | TestOutcome::TimedOut { .. }
            | TestOutcome::Crashed { .. }
            | TestOutcome::BuildError
            | TestOutcome::Missing
            | TestOutcome::Leaked { .. }
            | TestOutcome::NotRun { .. }
            | TestOutcome::NotGradable { .. } => false,
        }
    }

    /// A one-word label for tables and machine-readable reports.
    pub fn label(&self) -> &'static str {
        match self {
            TestOutcome::Passed => "pass",
            TestOutcome::Failed { .. } => "fail",
            TestOutcome::Unfinished { .. } => "unfinished",
            TestOutcome::TimedOut { .. } => "timeout",
            TestOutcome::Crashed { .. } => "crash",
            TestOutcome::BuildError => "build-error",
            TestOutcome::Missing => "missing",
            TestOutcome::Leaked { .. } => "leak",
            TestOutcome::NotRun { .. } => "not-run",
            TestOutcome::GraderFault { .. } => "grader-fault",
            TestOutcome::NotGradable { .. } => "not-gradable",
        }
    }
}

impl fmt::Display for TestOutcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TestOutcome::Passed => write!(f, "passed"),
            TestOutcome::Failed { message } => write!(f, "failed: {}", message.trim()),
            TestOutcome::Unfinished { code } => write!(
                f,
                "the test process exited with status {code} before the test finished"
            ),
            TestOutcome::TimedOut { limit } => {
                write!(f, "timed out after {} s (killed)", limit.as_secs_f64())
            }
            TestOutcome::Crashed { signal } => {
                let name = nix::sys::signal::Signal::try_from(*signal)
                    .map(|signal| signal.as_str())
                    .unwrap_or("unknown signal");
                write!(f, "crashed: killed by signal {signal} ({name})")
            }
            TestOutcome::BuildError => write!(f, "did not compile"),
            TestOutcome::Missing => write!(f, "no code submitted for this crate"),
            TestOutcome::Leaked { processes } => write!(
                f,
                "left {processes} process(es) running after the test ended (killed); \
                 wait for every child you start"
            ),
            TestOutcome::NotRun { reason } => write!(f, "not run: {reason}"),
            TestOutcome::GraderFault { message } => {
                write!(f, "the grader could not run this test: {message}")
            }
            TestOutcome::NotGradable { missing } => {
                write!(f, "not gradable on this machine: install {missing}")
            }
        }
    }
}
