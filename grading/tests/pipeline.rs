//! The grading pipeline end to end on a miniature kit, one submission per outcome.
//!
//! Every submission is staged, all are built in one cargo invocation, and every test runs
//! in its own process: the outcomes must be told apart exactly.

use std::time::{Duration, Instant};

use grading::compile::BuildOutput;
use grading::kit::Kit;
use grading::outcome::TestOutcome;
use grading::run::{self, RunSettings, TestCase, TestRun};
use grading::sandbox::Jail;
use grading::stage::{BuildWorkspace, StageError, TEST_TARGET};

mod support;

use support::fixture;

struct Graded {
    kit: Kit,
    build: BuildOutput,
    work: tempfile::TempDir,
    workspace: BuildWorkspace,
}

/// Stages and builds every fixture submission once per test binary run.
fn graded() -> &'static Graded {
    static GRADED: std::sync::OnceLock<Graded> = std::sync::OnceLock::new();
    GRADED.get_or_init(|| {
        let kit = Kit::open(&fixture()).expect("the fixture kit opens");
        let work = tempfile::tempdir().expect("a temporary folder");
        let (workspace, build) = support::build_submissions(
            &kit,
            &[
                "good",
                "wrong",
                "exits_early",
                "hangs",
                "crashes",
                "broken",
                "hostile_files",
                "forges",
                "hogs",
            ],
            work.path(),
        );
        Graded {
            kit,
            build,
            work,
            workspace,
        }
    })
}

fn run_one(submission: &str, target: &str, test: &str) -> TestRun {
    run_in(grading::sandbox::Jail::detect(), submission, target, test)
}

fn run_in(jail: grading::sandbox::Jail, submission: &str, target: &str, test: &str) -> TestRun {
    let graded = graded();
    let package = grading::stage::PackageName::new("ex-demo", submission);
    let case = TestCase {
        binary: support::test_binary(&graded.build, submission),
        name: format!("{target}::{test}"),
        programs: graded.build.programs(package.as_str()),
        timeout: Duration::from_secs(3),
        slots: 1,
        env: Vec::new(),
    };
    let mut settings = RunSettings::new(graded.work.path().join("scratch"));
    settings.output_limit = 4096;
    settings.jail = jail;
    // Each run needs a user id of its own: the cleanup after a test kills every process
    // of its user id, which must never include another test's.
    let lease = grading::sandbox::UidLease::acquire();
    let slot = run::Slot {
        uid: lease.as_ref().map(grading::sandbox::UidLease::uid),
        group: None,
        memory: settings.limits.memory_for(4),
    };
    run::run_test(&case, &settings, &slot).expect("the test process starts")
}

#[test]
fn a_correct_submission_passes_visible_and_hidden_tests() {
    assert_eq!(
        run_one("good", "dm_add", "adds_small_numbers").outcome,
        TestOutcome::Passed
    );
    assert_eq!(
        run_one("good", "hidden_dm_add", "adds_negative_numbers").outcome,
        TestOutcome::Passed
    );
}

#[test]
fn tests_are_listed_from_the_binary() {
    let graded = graded();
    let binary = graded.build.binary("ex-demo--good", TEST_TARGET).unwrap();
    assert_eq!(
        run::list_tests(binary).unwrap(),
        vec![
            "dm_add::adds_small_numbers",
            "dm_add::the_echo_binary_echoes",
            "hidden_dm_add::a_worker_process_doubles_numbers",
            "hidden_dm_add::adds_negative_numbers",
            // The door for its worker processes (testkit::worker_entry!): listed, never graded.
            "hidden_dm_add::kit_worker_entry",
            "hidden_dm_add::overflowing_sums_panic",
        ]
    );
}

#[test]
fn a_wrong_answer_fails_with_the_assertion_message() {
    match run_one("wrong", "dm_add", "adds_small_numbers").outcome {
        TestOutcome::Failed { message } => {
            assert!(message.contains("2 + 3"), "{message}");
            assert!(message.contains("left: -1"), "{message}");
        }
        other => panic!("expected a failure, got {other:?}"),
    }
}

#[test]
fn exit_zero_in_the_middle_of_a_test_does_not_pass() {
    let run = run_one("exits_early", "dm_add", "adds_small_numbers");
    assert_eq!(run.outcome, TestOutcome::Unfinished { code: 0 });
    assert!(
        run.output.contains("... ok"),
        "the fake line was printed: {}",
        run.output
    );
}

#[test]
fn an_endless_test_times_out_and_its_children_are_killed() {
    let started = Instant::now();
    let run = run_one("hangs", "dm_add", "adds_small_numbers");
    assert_eq!(
        run.outcome,
        TestOutcome::TimedOut {
            limit: Duration::from_secs(3)
        }
    );
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "the run returned after the kill"
    );
    assert!(
        run.output.contains("child pid"),
        "the child was started: {}",
        run.output
    );
    // The child was in the test's process group (and, in the jail, its PID namespace), so
    // it was killed with it; it may linger as a zombie for a moment until it is reaped.
    let deadline = Instant::now() + Duration::from_secs(10);
    while let Some(pid) = grading::sandbox::live_process(b"sleep\x00313\x00") {
        assert!(
            Instant::now() < deadline,
            "the test's child (pid {pid}) survived the timeout"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn an_abort_is_a_crash_with_its_signal() {
    assert_eq!(
        run_one("crashes", "dm_add", "adds_small_numbers").outcome,
        TestOutcome::Crashed { signal: 6 }
    );
}

#[test]
fn a_compile_error_is_kept_for_that_student_and_the_others_still_build() {
    let graded = graded();
    assert!(
        graded
            .build
            .binary("ex-demo--broken", TEST_TARGET)
            .is_none()
    );
    let errors = &graded.build.errors["ex-demo--broken"];
    assert!(errors.contains("expected expression"), "{errors}");
    assert!(errors.contains("add.rs"), "{errors}");
    assert!(graded.build.binary("ex-demo--good", TEST_TARGET).is_some());
    assert!(
        !graded.build.errors.contains_key("ex-demo--good"),
        "{:?}",
        graded.build.errors.get("ex-demo--good")
    );
}

#[test]
fn only_rust_sources_are_staged_and_links_are_never_followed() {
    let graded = graded();
    let package = graded
        .workspace
        .packages()
        .iter()
        .find(|p| p.submission == "hostile_files")
        .unwrap();
    let mut staged: Vec<String> = std::fs::read_dir(package.dir.join("src"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    staged.sort();
    assert_eq!(staged, ["add.rs", "lib.rs"]);
    let skipped: Vec<_> = package
        .skipped
        .iter()
        .map(|s| s.path.to_string_lossy())
        .collect();
    assert_eq!(skipped, ["notes.txt", "stolen.rs"]);
    assert!(!package.dir.join("build.rs").exists());
    // Its build.rs would have panicked the build; its tests/ would have replaced ours.
    assert_eq!(
        run_one("hostile_files", "hidden_dm_add", "adds_negative_numbers").outcome,
        TestOutcome::Passed
    );
    let manifest = std::fs::read_to_string(package.dir.join("Cargo.toml")).unwrap();
    assert!(manifest.contains("build = false"), "{manifest}");
    assert!(
        manifest.contains("name = \"ex-demo--hostile_files\""),
        "{manifest}"
    );
}

#[test]
fn a_submission_without_the_crate_is_reported_not_staged() {
    let graded = graded();
    let work = tempfile::tempdir().unwrap();
    let mut workspace = BuildWorkspace::create(work.path()).unwrap();
    let error = workspace
        .stage(
            &graded.kit,
            "empty",
            "ex-demo",
            &work.path().join("nothing/src"),
        )
        .unwrap_err();
    assert!(matches!(error, StageError::NoSources(_)), "{error}");
    let error = workspace
        .stage(
            &graded.kit,
            "../escape",
            "ex-demo",
            &fixture().join("ex-demo/src"),
        )
        .unwrap_err();
    assert!(matches!(error, StageError::BadName(_)), "{error}");
}

#[test]
fn without_a_sandbox_the_outcomes_are_told_apart_the_same_way() {
    let unsandboxed = || grading::sandbox::Jail::Unsandboxed("testing the fallback".into());
    let outcome =
        |submission| run_in(unsandboxed(), submission, "dm_add", "adds_small_numbers").outcome;
    assert_eq!(outcome("good"), TestOutcome::Passed);
    assert!(matches!(outcome("wrong"), TestOutcome::Failed { .. }));
    assert_eq!(outcome("exits_early"), TestOutcome::Unfinished { code: 0 });
    assert_eq!(outcome("crashes"), TestOutcome::Crashed { signal: 6 });
    assert_eq!(
        outcome("hangs"),
        TestOutcome::TimedOut {
            limit: Duration::from_secs(3)
        }
    );
}

#[test]
fn a_should_panic_test_fails_when_the_code_does_not_panic() {
    // `wrong` returns a - b, which does not overflow for i32::MAX - 1.
    match run_one("wrong", "hidden_dm_add", "overflowing_sums_panic").outcome {
        TestOutcome::Failed { message } => {
            assert!(message.contains("did not panic as expected"), "{message}");
        }
        other => panic!("expected a failure, got {other:?}"),
    }
}

#[test]
fn a_should_panic_test_passes_when_the_code_panics_as_expected() {
    assert_eq!(
        run_one("good", "hidden_dm_add", "overflowing_sums_panic").outcome,
        TestOutcome::Passed
    );
}

#[test]
fn a_declared_binary_is_built_from_the_students_source_when_they_have_it() {
    // The real program, not the unit-test harness cargo also builds for a binary target.
    let programs = graded().build.programs("ex-demo--good");
    let names: Vec<_> = programs
        .iter()
        .map(|(name, path)| (name.as_str(), path.file_name().unwrap().to_string_lossy()))
        .collect();
    assert_eq!(names, [("dm-echo", "dm-echo--good".into())]);
    assert_eq!(
        run_one("good", "dm_add", "the_echo_binary_echoes").outcome,
        TestOutcome::Passed
    );
    // `wrong` has no src/bin/dm-echo.rs: its library and tests still build, and only the
    // test that needs the binary fails.
    assert!(matches!(
        run_one("wrong", "hidden_dm_add", "adds_negative_numbers").outcome,
        TestOutcome::Failed { .. }
    ));
    match run_one("wrong", "dm_add", "the_echo_binary_echoes").outcome {
        TestOutcome::Failed { message } => assert!(message.contains("was not built"), "{message}"),
        other => panic!("expected a failure, got {other:?}"),
    }
}

#[test]
fn forged_records_fifos_and_fake_proofs_earn_nothing_and_never_hang_the_grader() {
    // The test body forges libtest's record, leaves a FIFO and a /dev/zero link where a
    // log file would be, writes fake proofs everywhere, then exits 0.
    let started = std::time::Instant::now();
    let run = run_one("forges", "dm_add", "adds_small_numbers");
    assert!(
        matches!(run.outcome, TestOutcome::Unfinished { code: 0 }),
        "{:?}\n{}",
        run.outcome,
        run.output
    );
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "the grader came back (it reads nothing the test could write)"
    );
}

#[test]
fn a_test_is_bounded_as_a_whole_in_memory_and_in_its_folders() {
    let jail = Jail::detect();
    let group = grading::cgroup::TestGroup::create(
        &format!("grade-pipeline-{}", std::process::id()),
        512 << 20,
        64,
    );
    let (true, Some(group)) = (jail.is_sandboxed(), group) else {
        // Without bubblewrap and control groups (not root) only per-process limits hold.
        return;
    };
    let graded = graded();
    let package = "ex-demo--hogs";
    let case = TestCase {
        binary: graded
            .build
            .binary(package, TEST_TARGET)
            .unwrap()
            .to_path_buf(),
        name: "dm_add::adds_small_numbers".into(),
        programs: Vec::new(),
        timeout: Duration::from_secs(30),
        slots: 1,
        env: Vec::new(),
    };
    let mut settings = RunSettings::new(graded.work.path().join("scratch-hogs"));
    settings.jail = jail;
    settings.limits.memory = Some(512 << 20);
    let lease = grading::sandbox::UidLease::acquire();
    let slot = run::Slot {
        uid: lease.as_ref().map(grading::sandbox::UidLease::uid),
        group: Some(group),
        memory: 512 << 20,
    };
    let run = run::run_test(&case, &settings, &slot).expect("the test process starts");
    assert!(
        run.output
            .contains("bounded: together=false tmp=false work=false"),
        "four processes of 200 MiB exceed a 512 MiB budget together, and 600 MiB fits \
         neither /tmp nor the work folder: {:?}\n{}",
        run.outcome,
        run.output
    );
}
