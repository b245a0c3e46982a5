//! Where each exercise stands: not started (its file is the starter's), does not
//! compile, failing, or passing its visible tests. Tests run one crate at a time, with a
//! progress bar, and results are reused while the crate's sources are unchanged.

use std::path::Path;
use std::time::Duration;

use course_manifest::Exercise;
use indicatif::{ProgressBar, ProgressStyle};

use crate::cache;
use crate::course::Course;
use crate::testrun::{self, TargetOutcome};

/// Where one exercise stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum State {
    /// Its file is still the starter's, byte for byte (its tests are not run).
    NotStarted,
    /// Its crate or one of its test files does not compile.
    DoesNotCompile {
        /// The compiler's first errors.
        errors: String,
    },
    /// Some visible test fails (or did not finish).
    Failing {
        /// Tests that passed.
        passed: usize,
        /// Tests there are.
        total: usize,
        /// The first failing test's name and what it printed.
        failure: Option<(String, String)>,
    },
    /// Every visible test passes.
    Passing {
        /// Tests there are.
        total: usize,
    },
    /// Its tests need programs this machine lacks (ex-mpi: MPICH).
    NeedsPrograms {
        /// The programs missing from `PATH`.
        missing: Vec<String>,
        /// How to install them.
        install: Option<String>,
    },
}

impl State {
    /// A one-word mark for tables: ✓ passing, ✗ failing or not compiling, · not started,
    /// - cannot run here.
    pub fn mark(&self) -> &'static str {
        match self {
            State::Passing { .. } => "✓",
            State::Failing { .. } | State::DoesNotCompile { .. } => "✗",
            State::NotStarted => "·",
            State::NeedsPrograms { .. } => "-",
        }
    }

    /// What it is, in a few words.
    pub fn describe(&self) -> String {
        match self {
            State::NotStarted => "not started".into(),
            State::DoesNotCompile { .. } => "does not compile".into(),
            State::Failing { passed, total, .. } => {
                format!("failing: {passed} of {total} visible tests pass")
            }
            State::Passing { total } => format!("passing its {total} visible tests"),
            State::NeedsPrograms { missing, .. } => {
                format!("cannot run here: needs {}", missing.join(", "))
            }
        }
    }

    /// Whether the exercise passes its visible tests.
    pub fn is_passing(&self) -> bool {
        matches!(self, State::Passing { .. })
    }
}

/// Whether the exercise's file (or folder) is still exactly the starter's. A course
/// without starter copies (the kit itself) has nothing to compare with: false.
pub fn is_untouched(course: &Course, exercise: &Exercise) -> bool {
    course
        .starter_file(exercise)
        .is_some_and(|starter| same_tree(&starter, &course.work_file(exercise)))
}

/// Whether two files, or two folders with all their files, have the same bytes.
fn same_tree(a: &Path, b: &Path) -> bool {
    if a.is_file() {
        return std::fs::read(a)
            .ok()
            .is_some_and(|bytes| std::fs::read(b).ok() == Some(bytes));
    }
    let names = |dir: &Path| -> Option<Vec<_>> {
        let mut names: Vec<_> = std::fs::read_dir(dir)
            .ok()?
            .flatten()
            .map(|entry| entry.file_name())
            .collect();
        names.sort();
        Some(names)
    };
    match (names(a), names(b)) {
        (Some(left), Some(right)) if left == right => left
            .iter()
            .all(|name| same_tree(&a.join(name), &b.join(name))),
        _ => false,
    }
}

/// How [`evaluate`] goes about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Run {
    /// Run the tests of exercises still untouched too (otherwise they are `NotStarted`).
    pub untouched: bool,
    /// Run the tests even where results of the same sources are kept (a re-run asked
    /// for: a flaky result should not stick until a file changes).
    pub fresh: bool,
}

/// The states of `exercises`, all of one crate, run as `run` says.
///
/// # Errors
/// When cargo or a test binary cannot be started.
pub fn evaluate(
    course: &Course,
    crate_name: &str,
    exercises: &[&Exercise],
    run: Run,
) -> anyhow::Result<Vec<State>> {
    let mut states: Vec<Option<State>> = exercises
        .iter()
        .map(|exercise| {
            let missing = course.missing_programs(exercise);
            if !missing.is_empty() {
                Some(State::NeedsPrograms {
                    missing,
                    install: exercise.install.clone(),
                })
            } else if !run.untouched && is_untouched(course, exercise) {
                Some(State::NotStarted)
            } else {
                None
            }
        })
        .collect();
    let wanted: Vec<String> = exercises
        .iter()
        .zip(&states)
        .filter(|(_, state)| state.is_none())
        .flat_map(|(exercise, _)| exercise.visible_tests.iter().cloned())
        .collect();
    if wanted.is_empty() {
        return Ok(states.into_iter().flatten().collect());
    }

    let sources = cache::sources_hash(course, crate_name);
    let mut results = cache::load(course, crate_name, &sources);
    let to_run: Vec<String> = wanted
        .iter()
        .filter(|target| run.fresh || !results.targets.contains_key(*target))
        .cloned()
        .collect();
    if !to_run.is_empty() {
        let bar = progress_bar(crate_name, to_run.len());
        bar.set_message("building (a crate's first build takes a minute or two)");
        let built = testrun::build(course.root(), crate_name, &to_run)?;
        let scratch = course.state_dir().join("logs");
        for target in &to_run {
            bar.set_message(format!("running {target}"));
            let outcome = match built.binaries.get(target) {
                Some(binary) => {
                    testrun::run_binary(binary, &course.crate_dir(crate_name), &scratch)?
                }
                None => built.failure_of(target),
            };
            results.targets.insert(target.clone(), outcome);
            bar.inc(1);
        }
        bar.finish_and_clear();
        cache::store(course, crate_name, &results);
    }

    for (exercise, state) in exercises.iter().zip(states.iter_mut()) {
        if state.is_none() {
            let outcomes: Vec<&TargetOutcome> = exercise
                .visible_tests
                .iter()
                .filter_map(|target| results.targets.get(target))
                .collect();
            *state = Some(combine(&outcomes));
        }
    }
    Ok(states.into_iter().flatten().collect())
}

/// One exercise's state from the outcomes of its test files.
fn combine(outcomes: &[&TargetOutcome]) -> State {
    if let Some(errors) = outcomes.iter().find_map(|outcome| match outcome {
        TargetOutcome::DoesNotCompile { errors } => Some(errors.clone()),
        TargetOutcome::Ran { .. } => None,
    }) {
        return State::DoesNotCompile { errors };
    }
    let (passed, total) = outcomes
        .iter()
        .map(|outcome| outcome.passed_of())
        .fold((0, 0), |(p, t), (passed, total)| (p + passed, t + total));
    if total > 0 && passed == total {
        return State::Passing { total };
    }
    let failure = outcomes.iter().find_map(|outcome| match outcome {
        TargetOutcome::Ran { first_failure, .. } => first_failure.clone(),
        TargetOutcome::DoesNotCompile { .. } => None,
    });
    State::Failing {
        passed,
        total,
        failure,
    }
}

/// A bar for one crate's test files (drawn only on a terminal).
fn progress_bar(crate_name: &str, files: usize) -> ProgressBar {
    let bar = ProgressBar::new(files as u64);
    bar.set_style(
        ProgressStyle::with_template("{spinner} {prefix} [{bar:20}] {pos}/{len} test files  {msg}")
            .expect("the template is valid")
            .progress_chars("=> "),
    );
    bar.set_prefix(crate_name.to_string());
    bar.enable_steady_tick(Duration::from_millis(120));
    bar
}
