//! Worker processes (`testkit::worker`) in the grader's build of a test file: the
//! miniature kit's hidden `dm_add.rs` starts a worker that re-runs the generated test
//! binary, and the test passes through `run::run_test` in the jail, with the proof.

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use grading::compile::BuildOutput;
use grading::kit::Kit;
use grading::outcome::TestOutcome;
use grading::run::{self, RunSettings, TestCase, TestRun};
use grading::sandbox::{Jail, UidLease};
use grading::stage::TEST_TARGET;

mod support;

use support::fixture;

struct Graded {
    build: BuildOutput,
    work: tempfile::TempDir,
}

/// Stages and builds the right and the wrong submission once per test binary run.
fn graded() -> &'static Graded {
    static GRADED: std::sync::OnceLock<Graded> = std::sync::OnceLock::new();
    GRADED.get_or_init(|| {
        let kit = Kit::open(&fixture()).expect("the fixture kit opens");
        let work = tempfile::tempdir().expect("a temporary folder");
        let (_workspace, build) = support::build_submissions(&kit, &["good", "wrong"], work.path());
        Graded { build, work }
    })
}

fn binary(submission: &str) -> PathBuf {
    support::test_binary(&graded().build, submission)
}

/// Runs `name` of `submission`'s test binary as the grader does, confined by `jail`.
fn run_in(jail: Jail, submission: &str, name: &str) -> TestRun {
    let case = TestCase::new(
        binary(submission),
        name.to_string(),
        Duration::from_secs(10),
    );
    let mut settings = RunSettings::new(graded().work.path().join("scratch"));
    settings.jail = jail;
    // Each run needs a user id of its own: the cleanup after a test kills every process
    // of its user id, which must never include another test's.
    let lease = UidLease::acquire();
    let slot = run::Slot {
        uid: lease.as_ref().map(UidLease::uid),
        group: None,
        memory: settings.limits.memory_for(4),
    };
    run::run_test(&case, &settings, &slot).expect("the test process starts")
}

const WORKER_TEST: &str = "hidden_dm_add::a_worker_process_doubles_numbers";

#[test]
fn the_entry_and_its_variable_are_the_test_kits() {
    assert_eq!(run::WORKER_ENTRY, testkit::worker::WORKER_ENTRY);
    assert_eq!(run::WORKER_VARIABLE, testkit::worker::WORKER_VARIABLE);
    // The entry's name in the generated crate is what the test kit computes there.
    assert_eq!(
        testkit::worker::entry_test_name(&format!("{TEST_TARGET}::hidden_dm_add")),
        "hidden_dm_add::kit_worker_entry"
    );
    assert!(
        run::list_tests(&binary("good"))
            .unwrap()
            .contains(&"hidden_dm_add::kit_worker_entry".to_string())
    );
}

#[test]
fn a_test_that_starts_a_worker_passes_in_the_jail() {
    let jail = Jail::detect();
    assert!(
        jail.is_sandboxed(),
        "this test is about the jail, and bubblewrap does not work here: {}",
        jail.describe()
    );
    let run = run_in(jail, "good", WORKER_TEST);
    assert_eq!(run.outcome, TestOutcome::Passed, "{}", run.output);
    // The worker's stderr is the test's: the worker really ran, in a process of its own.
    assert!(
        run.output.contains("dm-add worker") && run.output.contains(" ran"),
        "{}",
        run.output
    );
}

#[test]
fn a_test_that_starts_a_worker_passes_without_a_sandbox_too() {
    let run = run_in(
        Jail::Unsandboxed("testing the fallback".into()),
        "good",
        WORKER_TEST,
    );
    assert_eq!(run.outcome, TestOutcome::Passed, "{}", run.output);
    assert!(run.output.contains("dm-add worker"), "{}", run.output);
}

#[test]
fn a_wrong_answer_computed_in_a_worker_fails_the_test() {
    // `wrong` returns a - b: the worker doubles 1 into 0.
    match run_in(Jail::detect(), "wrong", WORKER_TEST).outcome {
        TestOutcome::Failed { message } => assert!(message.contains("1 + 1"), "{message}"),
        other => panic!("expected a failure, got {other:?}"),
    }
}

#[test]
fn a_name_that_is_no_test_is_the_graders_fault() {
    let run = run_in(Jail::detect(), "good", "hidden_dm_add::no_such_test");
    assert!(
        matches!(&run.outcome, TestOutcome::GraderFault { message } if message.contains("no test of this name")),
        "{:?}\n{}",
        run.outcome,
        run.output
    );
    assert!(
        run.output
            .contains("has no test named \"hidden_dm_add::no_such_test\""),
        "{}",
        run.output
    );
}

/// Runs the test binary of `good` directly with `args`, `stdin` as its input and
/// `worker` as [`run::WORKER_VARIABLE`], within a time limit; returns its status code
/// and stdout.
fn run_directly(worker: Option<&str>, args: &[&str], stdin: &str) -> (Option<i32>, String) {
    let mut command = Command::new(binary("good"));
    command
        .args(args)
        .env_remove(run::WORKER_VARIABLE)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    if let Some(worker) = worker {
        command.env(run::WORKER_VARIABLE, worker);
    }
    let mut child = command.spawn().unwrap();
    // A run that reads nothing (a worker) may have exited before the input is written:
    // its closed pipe is that, not a failure.
    let written = child.stdin.take().unwrap().write_all(stdin.as_bytes());
    if let Err(error) = written {
        assert_eq!(
            error.kind(),
            std::io::ErrorKind::BrokenPipe,
            "writing to the test binary: {error}"
        );
    }
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("the test binary ran for more than 20 s: {args:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let mut stdout = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut stdout)
        .unwrap();
    (status.code(), stdout)
}

#[test]
fn a_worker_reads_no_secret_and_a_run_in_worker_mode_never_proves() {
    let secret = "0123456789abcdef0123456789abcdef";
    let test = ["--exact", "hidden_dm_add::adds_negative_numbers"];
    // The control: the graded run proves its test passed.
    let (code, stdout) = run_directly(None, &test, &format!("{secret}\n"));
    assert_eq!(code, Some(0));
    assert!(
        stdout.contains(&format!("grade-proof:{secret}")),
        "{stdout}"
    );
    // The same run with the worker variable set passes but proves nothing.
    let (code, stdout) = run_directly(Some("doubler"), &test, &format!("{secret}\n"));
    assert_eq!(code, Some(0));
    assert!(!stdout.contains("grade-proof"), "{stdout}");
    // A worker's first line of input is its own, not a secret the runner took.
    let entry = [
        "--nocapture",
        "--test-threads",
        "1",
        "--format",
        "terse",
        "--exact",
        "hidden_dm_add::kit_worker_entry",
    ];
    let (code, stdout) = run_directly(Some("doubler"), &entry, "21\n");
    assert_eq!(code, Some(0));
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 4, "{stdout:?}");
    assert_eq!(lines[..2], ["", "running 1 test"], "{stdout:?}");
    assert_eq!(lines[3], "42", "{stdout:?}");
}
