//! The runner for multi-process exercises, end to end through the batch on copies of the
//! miniature kit: what the jail offers (POSIX shared memory, a named semaphore, a host
//! name that resolves, the manifest's environment), slots, programs an exercise requires,
//! processes a test leaves behind, and a reference that does not build.
//!
//! Each test writes its own kit into a temporary folder (the fixture plus a reference
//! solution and whatever the case needs) and grades it with [`batch::grade_students`].

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use grading::batch::{self, BatchError, BatchOptions, BatchReport, StudentWork};
use grading::files::copy_tree;
use grading::kit::Kit;
use grading::outcome::TestOutcome;
use grading::run::{self, RunSettings, TestCase};
use grading::sandbox::Jail;

#[path = "support/bounded.rs"]
mod bounded;
mod support;

use support::fixture;

/// A target folder for each kit (`scratch/target`): the kits depend on the test kit
/// alone (without its page server), so little compiles, and two kits whose packages share names never
/// share artifacts (cargo could take one's for the other's).
fn target_dir(scratch: &Path) -> PathBuf {
    scratch.join("target")
}

/// The jail's system view, proved from inside: a visible and a hidden test file of the
/// exercise `dm-jail`.
const JAIL_VISIBLE: &str = r#"
#[test]
fn the_manifests_environment_reaches_the_test() {
    assert_eq!(std::env::var("DM_GREETING").as_deref(), Ok("hello from the manifest"));
}
"#;

const JAIL_HIDDEN: &str = r#"
use std::ffi::{CString, c_char, c_int, c_uint, c_void};
use std::io::{Read, Seek, Write};
use std::os::fd::FromRawFd;

unsafe extern "C" {
    fn shm_open(name: *const c_char, oflag: c_int, mode: c_uint) -> c_int;
    fn shm_unlink(name: *const c_char) -> c_int;
    fn sem_open(name: *const c_char, oflag: c_int, ...) -> *mut c_void;
    fn sem_post(sem: *mut c_void) -> c_int;
    fn sem_trywait(sem: *mut c_void) -> c_int;
    fn sem_close(sem: *mut c_void) -> c_int;
    fn sem_unlink(name: *const c_char) -> c_int;
}

const O_RDWR: c_int = 0o2;
const O_CREAT: c_int = 0o100;

#[test]
fn posix_shared_memory_works() {
    let name = CString::new(format!("/dm-jail-{}", std::process::id())).unwrap();
    let fd = unsafe { shm_open(name.as_ptr(), O_CREAT | O_RDWR, 0o600) };
    assert!(fd >= 0, "shm_open failed: {}", std::io::Error::last_os_error());
    let mut segment = unsafe { std::fs::File::from_raw_fd(fd) };
    segment.write_all(b"shared").unwrap();
    segment.rewind().unwrap();
    let mut back = String::new();
    segment.read_to_string(&mut back).unwrap();
    assert_eq!(back, "shared");
    assert_eq!(unsafe { shm_unlink(name.as_ptr()) }, 0);
}

#[test]
fn a_named_semaphore_is_seen_by_another_process() {
    let stem = format!("dm-jail-sem-{}", std::process::id());
    let name = CString::new(format!("/{stem}")).unwrap();
    let sem = unsafe { sem_open(name.as_ptr(), O_CREAT, 0o600 as c_uint, 0 as c_uint) };
    assert!(!sem.is_null(), "sem_open failed: {}", std::io::Error::last_os_error());
    assert_eq!(unsafe { sem_trywait(sem) }, -1, "a new semaphore holds 0");
    assert_eq!(unsafe { sem_post(sem) }, 0);
    assert_eq!(unsafe { sem_trywait(sem) }, 0, "after a post it holds 1");
    let listing = std::process::Command::new("ls").arg("/dev/shm").output().unwrap();
    let listing = String::from_utf8_lossy(&listing.stdout).into_owned();
    assert!(listing.contains(&format!("sem.{stem}")), "another process sees {listing:?}");
    assert_eq!(unsafe { sem_close(sem) }, 0);
    assert_eq!(unsafe { sem_unlink(name.as_ptr()) }, 0);
}

#[test]
fn the_host_name_resolves_to_the_loopback() {
    use std::net::ToSocketAddrs;
    let name = std::fs::read_to_string("/proc/sys/kernel/hostname").unwrap();
    let addresses: Vec<_> = (name.trim(), 0).to_socket_addrs().unwrap().collect();
    assert!(
        addresses.iter().any(|address| address.ip().is_loopback()),
        "{name} resolves to {addresses:?}"
    );
}
"#;

/// What a kit of this file holds besides the fixture.
#[derive(Default)]
struct KitCase<'a> {
    /// Lines appended to the `dm-add` exercise of the manifest.
    dm_add_fields: &'a str,
    /// Whether the `dm-jail` exercise (two slots, an environment variable) is in it.
    with_jail_exercise: bool,
    /// Replaces the reference solution's `add.rs`.
    reference_add: Option<&'a str>,
}

/// Writes a kit: the fixture, a reference solution (the fixture's good submission), and
/// what `case` adds.
fn write_kit(dir: &Path, case: &KitCase) -> Kit {
    copy_tree(&fixture(), dir, &["target"]).unwrap();
    // The fixture reaches the test kit by a path relative to where it lies: the copy
    // names it absolutely.
    let demo_manifest = dir.join("ex-demo/Cargo.toml");
    let testkit = Path::new(env!("CARGO_MANIFEST_DIR")).join("testkit");
    let text = std::fs::read_to_string(&demo_manifest).unwrap();
    let text = text.replace("../../../../testkit", &testkit.display().to_string());
    std::fs::write(&demo_manifest, text).unwrap();
    let solution = dir.join("solutions/ex-demo");
    copy_tree(
        &fixture().join("submissions/good/ex-demo"),
        &solution,
        &["target"],
    )
    .unwrap();
    if let Some(add) = case.reference_add {
        std::fs::write(solution.join("src/add.rs"), add).unwrap();
    }
    let manifest_path = dir.join("exercises.toml");
    let mut manifest = std::fs::read_to_string(&manifest_path).unwrap();
    manifest.push_str(case.dm_add_fields);
    manifest.push('\n');
    if case.with_jail_exercise {
        manifest.push_str(
            r#"
[[exercise]]
id = "dm-jail"
crate = "ex-demo"
module = "add"
title = "What the jail offers"
lab_sheet = "none.txt"
section = "none"
hint = "Nothing to do."
visible_tests = ["dm_jail"]
hidden_tests = ["dm_jail"]
slots = 2
env = { DM_GREETING = "hello from the manifest" }
"#,
        );
        std::fs::write(dir.join("ex-demo/tests/dm_jail.rs"), JAIL_VISIBLE).unwrap();
        std::fs::write(dir.join("grading/hidden/ex-demo/dm_jail.rs"), JAIL_HIDDEN).unwrap();
    }
    std::fs::write(&manifest_path, manifest).unwrap();
    Kit::open(dir).unwrap()
}

/// Grades the fixture's `good` submission, and `extra` students written by the caller,
/// with `kit`.
fn grade(kit: &Kit, scratch: &Path, extra: &[StudentWork]) -> Result<BatchReport, BatchError> {
    let mut students = vec![StudentWork {
        student: "good".into(),
        root: Some(fixture().join("submissions/good")),
        notes: Vec::new(),
    }];
    students.extend(extra.iter().cloned());
    let options = BatchOptions {
        out_dir: scratch.join("out"),
        target_dir: target_dir(scratch),
        jobs: 4,
        timeout: None,
        force: true,
        run: RunSettings::new(scratch.join("scratch")),
        build_group: 0,
    };
    batch::grade_students(kit, &students, &options, &|_| {})
}

fn outcomes(report: &BatchReport, student: &str, exercise: &str) -> Vec<(String, TestOutcome)> {
    report
        .grades
        .iter()
        .find(|grade| grade.student == student)
        .unwrap_or_else(|| panic!("{student} was graded"))
        .exercises
        .iter()
        .filter(|grade| grade.id == exercise)
        .flat_map(|grade| &grade.tests)
        .map(|test| (test.full_name(), test.outcome.clone()))
        .collect()
}

/// A student made from the fixture's `good` submission, with `add_rs` as its `add.rs`,
/// under `scratch/<name>`.
fn good_but_for_add(scratch: &Path, name: &str, add_rs: &str) -> StudentWork {
    let root = scratch.join(name);
    copy_tree(&fixture().join("submissions/good"), &root, &["target"]).unwrap();
    std::fs::write(root.join("ex-demo/src/add.rs"), add_rs).unwrap();
    StudentWork {
        student: name.into(),
        root: Some(root),
        notes: Vec::new(),
    }
}

#[test]
fn the_jail_has_shared_memory_a_named_semaphore_a_host_name_and_the_manifests_environment() {
    if !Jail::detect().is_sandboxed() {
        eprintln!("skipped: bubblewrap is not available here");
        return;
    }
    let scratch = tempfile::tempdir().unwrap();
    let kit = write_kit(
        &scratch.path().join("kit"),
        &KitCase {
            with_jail_exercise: true,
            ..KitCase::default()
        },
    );
    let report = grade(&kit, scratch.path(), &[]).unwrap();
    let jail = outcomes(&report, "good", "dm-jail");
    assert_eq!(jail.len(), 4, "{jail:?}");
    for (name, outcome) in &jail {
        assert_eq!(outcome, &TestOutcome::Passed, "{name}");
    }
    assert!(report.is_trusted(), "{:?}", report.reference_failures());
}

#[test]
fn a_missing_required_program_makes_the_exercise_not_gradable_instead_of_zero() {
    let scratch = tempfile::tempdir().unwrap();
    let kit = write_kit(
        &scratch.path().join("kit"),
        &KitCase {
            dm_add_fields: r#"requires = ["grade-no-such-program"]"#,
            ..KitCase::default()
        },
    );
    let report = grade(&kit, scratch.path(), &[]).unwrap();
    assert_eq!(
        report.not_gradable,
        vec![("dm-add".to_string(), "grade-no-such-program".to_string())]
    );
    let tests = outcomes(&report, "good", "dm-add");
    assert!(!tests.is_empty());
    for (name, outcome) in &tests {
        assert_eq!(
            outcome,
            &TestOutcome::NotGradable {
                missing: "grade-no-such-program".into()
            },
            "{name}"
        );
    }
    let grade = &report.grades[0];
    assert_eq!(
        (grade.score(), grade.max_score()),
        (0.0, 0.0),
        "the exercise neither costs nor earns points"
    );
    assert!(
        report.is_trusted(),
        "a test not gradable is no reference failure"
    );
}

#[test]
fn a_crate_this_machine_cannot_grade_is_not_built_and_says_what_to_install() {
    // Like ex-mpi without MPICH: its every exercise needs a missing program, and its
    // reference does not even compile here (mpi-sys finds no MPI).
    let scratch = tempfile::tempdir().unwrap();
    let kit = write_kit(
        &scratch.path().join("kit"),
        &KitCase {
            dm_add_fields: "requires = [\"grade-no-such-program\"]\ninstall = \"apt-get install grade-no-such-package\"",
            reference_add: Some("this is not Rust\n"),
            ..KitCase::default()
        },
    );
    let report = grade(&kit, scratch.path(), &[]).expect("the batch runs without the crate");
    let missing = "grade-no-such-program (apt-get install grade-no-such-package)";
    assert_eq!(
        report.not_gradable,
        vec![("dm-add".to_string(), missing.to_string())]
    );
    let tests = outcomes(&report, "good", "dm-add");
    assert_eq!(
        tests,
        vec![
            (
                format!("dm_add::{}", batch::ALL_TESTS),
                TestOutcome::NotGradable {
                    missing: missing.into()
                }
            ),
            (
                format!("hidden_dm_add::{}", batch::ALL_TESTS),
                TestOutcome::NotGradable {
                    missing: missing.into()
                }
            ),
        ],
        "one entry per test file: nothing was built to list the tests"
    );
    assert!(
        !target_dir(scratch.path()).join("debug").exists(),
        "nothing was compiled"
    );
    assert!(report.is_trusted());
}

#[test]
fn a_reference_that_does_not_build_is_an_error_naming_the_crate() {
    let scratch = tempfile::tempdir().unwrap();
    let kit = write_kit(
        &scratch.path().join("kit"),
        &KitCase {
            reference_add: Some("pub fn add(a: i32) -> i32 { a }\n"),
            ..KitCase::default()
        },
    );
    match grade(&kit, scratch.path(), &[]) {
        Err(BatchError::ReferenceBroken { crate_name, detail }) => {
            assert_eq!(crate_name, "ex-demo");
            assert!(detail.contains("did not build"), "{detail}");
        }
        other => panic!("expected the broken reference to stop the batch, got {other:?}"),
    }

    // The command line says so too, with a non-zero exit.
    let class = scratch.path().join("class");
    copy_tree(
        &fixture().join("submissions/good"),
        &class.join("good"),
        &["target"],
    )
    .unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_grade"))
        .arg("--kit")
        .arg(kit.root())
        .arg("class")
        .arg(&class)
        .arg("--out")
        .arg(scratch.path().join("cli-out"))
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::fs::File::create(scratch.path().join("stderr")).unwrap())
        .spawn()
        .unwrap();
    let status = bounded::wait(&mut child, Duration::from_secs(300), "grade class");
    let stderr = std::fs::read_to_string(scratch.path().join("stderr")).unwrap();
    assert_eq!(status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("reference solution of ex-demo"), "{stderr}");
}

#[test]
fn processes_a_test_leaves_running_are_a_leak_and_are_killed() {
    if !Jail::detect().is_sandboxed() && !grading::cgroup::TestGroup::available() {
        eprintln!("skipped: neither bubblewrap nor control groups are available here");
        return;
    }
    let scratch = tempfile::tempdir().unwrap();
    let kit = write_kit(&scratch.path().join("kit"), &KitCase::default());
    // A marker argument no other process has, to look for it afterwards.
    let marker = format!("{}.0417", std::process::id());
    let student = good_but_for_add(
        scratch.path(),
        "leaks",
        &format!(
            "pub fn add(a: i32, b: i32) -> i32 {{\n    \
             let _ = std::process::Command::new(\"sleep\").arg(\"{marker}\").spawn();\n    \
             a + b\n}}\n"
        ),
    );
    let report = grade(&kit, scratch.path(), &[student]).unwrap();
    let tests = outcomes(&report, "leaks", "dm-add");
    let leaked: Vec<_> = tests
        .iter()
        .filter(
            |(_, outcome)| matches!(outcome, TestOutcome::Leaked { processes } if *processes >= 1),
        )
        .collect();
    // Every test that calls add (all but the echo test) leaves a sleep behind.
    assert_eq!(leaked.len(), tests.len() - 1, "{tests:?}");
    let mut cmdline = b"sleep\0".to_vec();
    cmdline.extend_from_slice(marker.as_bytes());
    cmdline.push(0);
    assert_eq!(
        grading::sandbox::live_process(&cmdline),
        None,
        "the leaked process was killed"
    );
    for (name, outcome) in outcomes(&report, "good", "dm-add") {
        assert_eq!(outcome, TestOutcome::Passed, "{name}");
    }
}

#[test]
fn a_test_that_takes_every_slot_never_runs_beside_another() {
    let scratch = tempfile::tempdir().unwrap();
    let kit = write_kit(&scratch.path().join("kit"), &KitCase::default());
    let (_workspace, build) = support::build_submissions(&kit, &["good"], scratch.path());
    let binary = support::test_binary(&build, "good");
    let wide = 4;
    let cases: Vec<TestCase> = (0..9)
        .map(|index| TestCase {
            slots: if index == wide { 4 } else { 1 },
            ..TestCase::new(
                binary.to_path_buf(),
                "dm_add::adds_small_numbers".into(),
                Duration::from_secs(30),
            )
        })
        .collect();
    // When each case held its slots, in the order the runner reports it: a case is
    // running from the moment it is admitted (`should_run`) until it is reported ended.
    let events = Mutex::new(Vec::new());
    let settings = RunSettings::new(scratch.path().join("scratch"));
    let runs = run::run_all(
        &cases,
        &settings,
        4,
        &|case| {
            events.lock().unwrap().push((case, true));
            true
        },
        &|case, _| events.lock().unwrap().push((case, false)),
    );
    for run in &runs {
        let outcome = &run.as_ref().unwrap().as_ref().unwrap().outcome;
        assert_eq!(outcome, &TestOutcome::Passed);
    }
    let events = events.into_inner().unwrap();
    let mut running = std::collections::BTreeSet::new();
    let mut beside_the_wide_one = Vec::new();
    for (case, started) in events {
        if started {
            running.insert(case);
        } else {
            running.remove(&case);
        }
        if running.contains(&wide) && running.len() > 1 {
            beside_the_wide_one.push(running.clone());
        }
    }
    assert!(
        beside_the_wide_one.is_empty(),
        "the 4-slot case ran beside others: {beside_the_wide_one:?}"
    );
}

/// dm-add's requirement for the tests below: the two hidden tests of negative numbers and
/// overflow, worth half the points; the three other tests share the other half.
const NEGATIVE_NUMBERS: &str = r#"
[[exercise.requirement]]
name = "negative numbers and overflow"
points = 1.0
tests = ["hidden_dm_add::adds_negative_numbers", "overflowing_sums_panic"]
"#;

#[test]
fn a_requirement_is_earned_only_when_all_its_tests_pass() {
    let scratch = tempfile::tempdir().unwrap();
    let kit = write_kit(
        &scratch.path().join("kit"),
        &KitCase {
            dm_add_fields: NEGATIVE_NUMBERS,
            ..KitCase::default()
        },
    );
    // Right for positive numbers only; its overflow still panics, so one of the
    // requirement's two tests passes, which earns nothing on its own.
    let student = good_but_for_add(
        scratch.path(),
        "positive",
        "pub fn add(a: i32, b: i32) -> i32 {\n    if a < 0 || b < 0 { 0 } else { a + b }\n}\n",
    );
    let report = grade(&kit, scratch.path(), &[student]).unwrap();
    let exercise = |student: &str| {
        report
            .grades
            .iter()
            .find(|grade| grade.student == student)
            .and_then(|grade| grade.exercises.iter().find(|e| e.id == "dm-add"))
            .cloned()
            .unwrap_or_else(|| panic!("{student} was graded on dm-add"))
    };
    let good = exercise("good");
    assert_eq!((good.score, good.max_score), (2.0, 2.0), "{good:#?}");
    assert!(good.requirements.iter().all(|r| r.met()), "{good:#?}");

    let positive = exercise("positive");
    let requirement = &positive.requirements[0];
    assert_eq!(requirement.missed, ["hidden_dm_add::adds_negative_numbers"]);
    assert_eq!(requirement.score, 0.0);
    let overflow = positive
        .tests
        .iter()
        .find(|test| test.name == "overflowing_sums_panic")
        .unwrap();
    assert!(overflow.outcome.passed(), "{overflow:#?}");
    assert_eq!(
        overflow.score, 0.0,
        "a passing test of a missed requirement"
    );
    // The three other tests share the other point one by one: the worker's test doubles
    // a negative number too and fails, the other two pass.
    assert!((positive.score - 2.0 / 3.0).abs() < 1e-9, "{positive:#?}");
    let page = grading::report::feedback_markdown(
        report
            .grades
            .iter()
            .find(|g| g.student == "positive")
            .unwrap(),
        false,
    );
    assert!(
        page.contains("- ❌ negative numbers and overflow (0/1): missed, `hidden_dm_add::adds_negative_numbers` did not pass"),
        "{page}"
    );
}

#[test]
fn a_requirement_that_names_no_test_stops_the_batch() {
    let scratch = tempfile::tempdir().unwrap();
    let fields = NEGATIVE_NUMBERS.replace("overflowing_sums_panic", "no_such_test");
    let kit = write_kit(
        &scratch.path().join("kit"),
        &KitCase {
            dm_add_fields: &fields,
            ..KitCase::default()
        },
    );
    match grade(&kit, scratch.path(), &[]) {
        Err(error @ BatchError::Requirements { .. }) => {
            let text = error.to_string();
            assert!(
                text.contains("dm-add") && text.contains("\"no_such_test\", which is no test"),
                "{text}"
            );
        }
        other => panic!("expected the requirements to stop the batch, got {other:?}"),
    }
}
