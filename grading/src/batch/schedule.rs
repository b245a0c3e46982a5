//! Schedule: which tests every submission is graded on, how long each may run, and in
//! what order they go to the runner's workers.
//!
//! - The plan is the reference solution's test listing, so a submission cannot make
//!   tests disappear. A reference crate that did not build, or lists no tests, is an
//!   error naming the crate: grading a class against nothing would give everyone zero.
//! - Each test's limit comes from what the reference needed on this machine in this run
//!   ([`derived_limit`]), with the manifest's `timeout_secs` as the ceiling: a student
//!   whose every function loops costs seconds per exercise, not the ceiling per test.
//! - A submission's tests are interleaved across its exercises, and once the first two
//!   tests of an exercise to end both timed out, its tests not yet started are settled as
//!   [`TestOutcome::NotRun`] instead of timing out one by one.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::Duration;

use super::{BatchError, BatchEvent, BatchOptions};
use crate::compile::BuildOutput;
use crate::kit::{Kit, Visibility};
use crate::manifest::{Exercise, Manifest};
use crate::outcome::TestOutcome;
use crate::run::{self, TestCase};
use crate::score::TestResult;
use crate::stage::{PackageName, TEST_TARGET};

/// A test's limit is this many times what the reference needed...
pub const LIMIT_FACTOR: u32 = 10;
/// ...and never less than this (starting a jail, a loaded machine).
pub const LIMIT_FLOOR: Duration = Duration::from_secs(3);
/// How many of an exercise's first tests to end must all have timed out before the rest
/// of the exercise is not run.
pub const TIMEOUTS_BEFORE_GIVING_UP: usize = 2;

/// One test every submission is graded on, as listed by the reference's binaries.
#[derive(Debug, Clone)]
pub struct PlannedTest {
    /// The exercise id.
    pub exercise: String,
    /// The crate that owns it.
    pub crate_name: String,
    /// The test target (file), e.g. `hidden_th_spawn`.
    pub target: String,
    /// The test's name inside the target.
    pub name: String,
    /// Whether students see it.
    pub visibility: Visibility,
    /// How long it may run (the ceiling until the reference has run).
    pub timeout: Duration,
    /// How many of the run's slots it takes.
    pub slots: usize,
    /// Environment variables passed into its jail.
    pub env: Vec<(String, String)>,
    /// The programs the exercise needs that this machine lacks (empty: gradable).
    pub missing: Vec<String>,
}

impl PlannedTest {
    /// `target::name`, as the test binary knows it.
    pub fn full_name(&self) -> String {
        format!("{}::{}", self.target, self.name)
    }

    /// The outcome it has without running, if the machine cannot grade it.
    fn not_gradable(&self) -> Option<TestOutcome> {
        (!self.missing.is_empty()).then(|| TestOutcome::NotGradable {
            missing: self.missing.join(", "),
        })
    }
}

/// The name a [`PlannedTest`] has when it stands for every test of a file the machine
/// cannot grade: its crate was never built, so no listing says what the tests are.
pub const ALL_TESTS: &str = "(all tests)";

/// The programs `exercise` requires that this machine lacks (empty: it is gradable).
pub fn missing_programs(exercise: &Exercise) -> Vec<String> {
    exercise
        .requires
        .iter()
        .filter(|program| crate::sandbox::find_program(program).is_none())
        .cloned()
        .collect()
}

/// What this machine lacks to grade `exercise`, as a student or instructor is told it
/// ("mpiexec, mpicc (apt-get install ...)"), or `None` if it lacks nothing.
pub fn what_is_missing(exercise: &Exercise) -> Option<String> {
    let missing = missing_programs(exercise);
    if missing.is_empty() {
        return None;
    }
    let programs = missing.join(", ");
    Some(match &exercise.install {
        Some(install) => format!("{programs} ({install})"),
        None => programs,
    })
}

/// The crates worth building on this machine: those with at least one exercise it can
/// grade. A crate none of whose exercises can be graded here (ex-mpi without MPICH) is
/// neither staged nor built: its build may need what is missing (MPI's headers and
/// libraries), and nothing of it could run anyway.
pub fn buildable_crates(manifest: &Manifest) -> Vec<&str> {
    manifest
        .crates()
        .into_iter()
        .filter(|crate_name| {
            manifest
                .exercises_of(crate_name)
                .any(|exercise| missing_programs(exercise).is_empty())
        })
        .collect()
}

/// The tests of every exercise, from the reference's test binaries, in manifest order.
/// A crate that was not built here ([`buildable_crates`]) has one test per test file of
/// each exercise, named [`ALL_TESTS`], not gradable.
///
/// # Errors
/// [`BatchError::ReferenceBroken`] when a crate's reference did not build, its listing
/// failed, or an exercise has no test the reference lists.
pub fn plan_tests(
    kit: &Kit,
    build: &BuildOutput,
    reference: &str,
    timeout: Option<Duration>,
) -> Result<Vec<PlannedTest>, BatchError> {
    let manifest = kit.manifest();
    let mut listings: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for crate_name in buildable_crates(manifest) {
        let package = PackageName::new(crate_name, reference);
        let broken = |detail: String| BatchError::ReferenceBroken {
            crate_name: crate_name.to_string(),
            detail,
        };
        let Some(binary) = build.binary(package.as_str(), TEST_TARGET) else {
            let errors: String = build
                .errors
                .get(package.as_str())
                .cloned()
                .into_iter()
                .chain(
                    build
                        .test_errors
                        .get(package.as_str())
                        .into_iter()
                        .flatten()
                        .map(|error| error.rendered.clone()),
                )
                .collect();
            return Err(broken(format!(
                "its tests did not build against the reference solution:\n{}",
                first_lines(&errors, 20)
            )));
        };
        let listed = run::list_tests(binary).map_err(|error| broken(error.to_string()))?;
        listings.insert(crate_name, listed);
    }
    let mut plan = Vec::new();
    for exercise in &manifest.exercises {
        let missing: Vec<String> = what_is_missing(exercise).into_iter().collect();
        let planned = |file: &crate::kit::TestFile, name: &str| PlannedTest {
            exercise: exercise.id.clone(),
            crate_name: exercise.crate_name.clone(),
            target: file.target.clone(),
            name: name.to_string(),
            visibility: file.visibility,
            timeout: timeout.unwrap_or_else(|| manifest.timeout(exercise)),
            slots: manifest.slots(exercise),
            env: exercise
                .env
                .iter()
                .map(|(name, value)| (name.clone(), value.clone()))
                .collect(),
            missing: missing.clone(),
        };
        let Some(listed) = listings.get(exercise.crate_name.as_str()) else {
            // Not built here: nothing lists the tests, and none of them could run.
            plan.extend(
                kit.test_files(exercise)
                    .iter()
                    .map(|file| planned(file, ALL_TESTS)),
            );
            continue;
        };
        let before = plan.len();
        for file in kit.test_files(exercise) {
            let prefix = format!("{}::", file.target);
            let names = listed.iter().filter_map(|name| name.strip_prefix(&prefix));
            for name in names.filter(|name| !crate::run::is_worker_entry(name)) {
                plan.push(planned(&file, name));
            }
        }
        let listed_here: Vec<String> = plan[before..].iter().map(PlannedTest::full_name).collect();
        let problems = manifest.requirement_problems(exercise, &listed_here);
        if !problems.is_empty() {
            return Err(BatchError::Requirements {
                exercise: exercise.id.clone(),
                problems,
            });
        }
        if plan.len() == before {
            return Err(BatchError::ReferenceBroken {
                crate_name: exercise.crate_name.clone(),
                detail: format!(
                    "the reference's tests list no test of {} (its files: {})",
                    exercise.id,
                    kit.test_files(exercise)
                        .iter()
                        .map(|file| file.target.clone())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            });
        }
    }
    Ok(plan)
}

/// The limit for a test the reference passed in `reference`: [`LIMIT_FACTOR`] times as
/// long, at least [`LIMIT_FLOOR`], at most `ceiling`. A test the reference did not pass
/// keeps the ceiling.
pub fn derived_limit(reference: &TestResult, ceiling: Duration) -> Duration {
    if !reference.outcome.passed() {
        return ceiling;
    }
    let needed = Duration::from_millis(reference.duration_ms);
    (needed * LIMIT_FACTOR).max(LIMIT_FLOOR).min(ceiling)
}

/// The order a submission's tests go to the runner: round robin over its exercises (the
/// first test of every exercise, then the second, ...), each exercise's tests in plan
/// order, so every exercise's first tests end early and a looping exercise is known
/// before most of its tests have started.
fn interleaved(plan: &[PlannedTest]) -> Vec<usize> {
    let mut by_exercise: Vec<(String, Vec<usize>)> = Vec::new();
    for (index, planned) in plan.iter().enumerate() {
        match by_exercise
            .iter_mut()
            .find(|(id, _)| *id == planned.exercise)
        {
            Some((_, tests)) => tests.push(index),
            None => by_exercise.push((planned.exercise.clone(), vec![index])),
        }
    }
    let longest = by_exercise.iter().map(|(_, tests)| tests.len()).max();
    (0..longest.unwrap_or(0))
        .flat_map(|round| {
            by_exercise
                .iter()
                .filter_map(move |(_, tests)| tests.get(round).copied())
        })
        .collect()
}

/// How one exercise of one submission is going: the outcomes of its tests that ended.
#[derive(Debug, Default)]
struct ExerciseProgress {
    ended: usize,
    timed_out: usize,
}

impl ExerciseProgress {
    /// Whether the first tests to end all timed out, so the rest are not worth running.
    fn given_up(&self) -> bool {
        self.ended >= TIMEOUTS_BEFORE_GIVING_UP && self.timed_out == self.ended
    }
}

/// One submission's results while its tests run.
struct InFlight {
    /// One per planned test, in plan order; `None` while the test runs.
    results: Vec<Option<TestResult>>,
    /// Tests still to settle.
    remaining: usize,
    /// By exercise id.
    progress: BTreeMap<String, ExerciseProgress>,
}

impl InFlight {
    /// The results, once every test has one.
    fn take_results(&mut self) -> Vec<TestResult> {
        std::mem::take(&mut self.results)
            .into_iter()
            .map(|result| result.expect("every test has finished"))
            .collect()
    }
}

/// What is known about every submission of one [`run_submissions`] call.
struct Board<'a> {
    plan: &'a [PlannedTest],
    pending: Mutex<Vec<InFlight>>,
    on_event: &'a (dyn Fn(BatchEvent) + Sync),
    on_complete: &'a (dyn Fn(usize, Vec<TestResult>) + Sync),
}

impl Board<'_> {
    /// Records one test's result; calls `on_complete` if it was the submission's last.
    fn settle(&self, submission: usize, test: usize, result: TestResult) {
        (self.on_event)(BatchEvent::TestFinished);
        let finished = {
            let mut pending = self.pending.lock().expect("no worker panics holding it");
            let in_flight = &mut pending[submission];
            let progress = in_flight
                .progress
                .entry(result.exercise.clone())
                .or_default();
            match &result.outcome {
                TestOutcome::TimedOut { .. } => {
                    progress.ended += 1;
                    progress.timed_out += 1;
                }
                TestOutcome::NotRun { .. } => {}
                TestOutcome::Passed
                | TestOutcome::Failed { .. }
                | TestOutcome::Unfinished { .. }
                | TestOutcome::Crashed { .. }
                | TestOutcome::BuildError
                | TestOutcome::Missing
                | TestOutcome::Leaked { .. }
                | TestOutcome::GraderFault { .. }
                | TestOutcome::NotGradable { .. } => progress.ended += 1,
            }
            in_flight.results[test] = Some(result);
            in_flight.remaining -= 1;
            (in_flight.remaining == 0).then(|| in_flight.take_results())
        };
        if let Some(results) = finished {
            (self.on_complete)(submission, results);
        }
    }

    /// Whether the submission has given up on the exercise of `test`.
    fn given_up(&self, submission: usize, test: usize) -> bool {
        let pending = self.pending.lock().expect("no worker panics holding it");
        pending[submission]
            .progress
            .get(&self.plan[test].exercise)
            .is_some_and(ExerciseProgress::given_up)
    }
}

/// Runs every planned test of every submission (each given by its packages, by crate) in
/// one pool of [`BatchOptions::jobs`] slots, submission after submission, and calls
/// `on_complete` with a submission's index and results the moment its last test ends.
/// Sharing one pool means no slot idles at the end of a submission while another waits
/// out a slow test. A crate without a package is missing; a package without the test's
/// binary did not compile; a test the machine cannot grade is not gradable: those are
/// settled without running.
pub fn run_submissions(
    plan: &[PlannedTest],
    build: &BuildOutput,
    submissions: &[BTreeMap<&str, PackageName>],
    options: &BatchOptions,
    on_event: &(dyn Fn(BatchEvent) + Sync),
    on_complete: &(dyn Fn(usize, Vec<TestResult>) + Sync),
) {
    let board = Board {
        plan,
        pending: Mutex::new(
            submissions
                .iter()
                .map(|_| InFlight {
                    results: vec![None; plan.len()],
                    remaining: plan.len(),
                    progress: BTreeMap::new(),
                })
                .collect(),
        ),
        on_event,
        on_complete,
    };
    let order = interleaved(plan);
    let mut cases = Vec::new();
    let mut case_owner = Vec::new();
    let mut settled = Vec::new();
    for (index, packages) in submissions.iter().enumerate() {
        for &test in &order {
            let planned = &plan[test];
            let package = packages.get(planned.crate_name.as_str());
            let binary = package.and_then(|package| build.binary(package.as_str(), TEST_TARGET));
            match (planned.not_gradable(), package, binary) {
                (Some(outcome), _, _) => settled.push((index, test, outcome)),
                (None, None, _) => settled.push((index, test, TestOutcome::Missing)),
                (None, Some(_), None) => settled.push((index, test, TestOutcome::BuildError)),
                (None, Some(package), Some(binary)) => {
                    cases.push(TestCase {
                        binary: binary.to_path_buf(),
                        name: planned.full_name(),
                        timeout: planned.timeout,
                        programs: build.programs(package.as_str()),
                        slots: planned.slots,
                        env: planned.env.clone(),
                    });
                    case_owner.push((index, test));
                }
            }
        }
    }
    for (index, test, outcome) in settled {
        board.settle(
            index,
            test,
            test_result(&plan[test], outcome, String::new(), 0),
        );
    }
    let not_run = |case: usize| {
        let (index, test) = case_owner[case];
        board.given_up(index, test)
    };
    let runs = run::run_all(
        &cases,
        &options.run,
        options.jobs,
        &|case| !not_run(case),
        &|case, run| {
            let (index, test) = case_owner[case];
            let (outcome, output, duration) = match run {
                Ok(run) => (run.outcome.clone(), run.output.clone(), run.duration),
                Err(error) => (
                    TestOutcome::GraderFault {
                        message: error.to_string(),
                    },
                    String::new(),
                    Duration::ZERO,
                ),
            };
            let millis = u64::try_from(duration.as_millis()).unwrap_or(u64::MAX);
            board.settle(
                index,
                test,
                test_result(&plan[test], outcome, output, millis),
            );
        },
    );
    // The cases turned down: the first tests of their exercise all timed out.
    for (case, run) in runs.iter().enumerate() {
        if run.is_none() {
            let (index, test) = case_owner[case];
            let reason = format!(
                "the first {TIMEOUTS_BEFORE_GIVING_UP} tests of {} to end all timed out \
                 (after {} s), so its other tests were not run",
                plan[test].exercise,
                plan[test].timeout.as_secs_f64()
            );
            board.settle(
                index,
                test,
                test_result(
                    &plan[test],
                    TestOutcome::NotRun { reason },
                    String::new(),
                    0,
                ),
            );
        }
    }
}

/// A planned test's result, before scoring.
pub fn test_result(
    planned: &PlannedTest,
    outcome: TestOutcome,
    output: String,
    duration_ms: u64,
) -> TestResult {
    TestResult {
        exercise: planned.exercise.clone(),
        target: planned.target.clone(),
        name: planned.name.clone(),
        visibility: planned.visibility,
        outcome,
        output,
        duration_ms,
        score: 0.0,
        max_score: 0.0,
        requirement: None,
    }
}

/// The first `count` lines of `text`, with a note of how many were cut.
fn first_lines(text: &str, count: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut shown = lines[..lines.len().min(count)].join("\n");
    if lines.len() > count {
        shown.push_str(&format!("\n[... {} more lines]", lines.len() - count));
    }
    shown
}

#[cfg(test)]
mod tests {
    use super::*;

    fn planned(exercise: &str) -> PlannedTest {
        PlannedTest {
            exercise: exercise.into(),
            crate_name: "ex-demo".into(),
            target: "t".into(),
            name: "n".into(),
            visibility: Visibility::Hidden,
            timeout: Duration::from_secs(10),
            slots: 1,
            env: Vec::new(),
            missing: Vec::new(),
        }
    }

    #[test]
    fn tests_are_interleaved_across_exercises_in_plan_order() {
        let plan = [planned("a"), planned("a"), planned("a"), planned("b")];
        assert_eq!(interleaved(&plan), vec![0, 3, 1, 2]);
    }

    #[test]
    fn the_limit_follows_the_reference_between_the_floor_and_the_ceiling() {
        let ceiling = Duration::from_secs(10);
        let mut reference = test_result(&planned("a"), TestOutcome::Passed, String::new(), 50);
        assert_eq!(derived_limit(&reference, ceiling), LIMIT_FLOOR);
        reference.duration_ms = 700;
        assert_eq!(derived_limit(&reference, ceiling), Duration::from_secs(7));
        reference.duration_ms = 5_000;
        assert_eq!(derived_limit(&reference, ceiling), ceiling);
        reference.outcome = TestOutcome::Crashed { signal: 9 };
        reference.duration_ms = 50;
        assert_eq!(derived_limit(&reference, ceiling), ceiling);
    }

    #[test]
    fn an_exercise_is_given_up_only_when_its_first_tests_all_timed_out() {
        let mut progress = ExerciseProgress {
            ended: 1,
            timed_out: 1,
        };
        assert!(!progress.given_up(), "one timeout is not enough");
        progress.ended = 2;
        progress.timed_out = 2;
        assert!(progress.given_up());
        progress.ended = 3;
        assert!(
            !progress.given_up(),
            "a test that ended otherwise keeps it going"
        );
    }
}
