//! The student repository: it holds the starters, visible tests and test kit, nothing a
//! student must not see, and it builds on its own with every exercise failing by its
//! `todo!` stub.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use grading::handout::{self, HandoutError};
use grading::kit::Kit;

fn kit() -> Kit {
    Kit::open(&Path::new(env!("CARGO_MANIFEST_DIR")).join("..")).expect("the kit opens")
}

/// Every regular file under `dir`, skipping `target`.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() && entry.file_name() != "target" {
            files.extend(files_under(&path));
        } else if path.is_file() {
            files.push(path);
        }
    }
    files
}

/// Runs `command` with its output in files, killing it if it outlives `limit`.
fn run_bounded(mut command: Command, logs: &Path, limit: Duration) -> (ExitStatus, String) {
    let log = logs.join("cargo.log");
    let file = std::fs::File::create(&log).unwrap();
    let mut child = command
        .stdin(Stdio::null())
        .stdout(file.try_clone().unwrap())
        .stderr(file)
        .spawn()
        .expect("cargo starts");
    let deadline = Instant::now() + limit;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "cargo did not finish within {limit:?}:\n{}",
                std::fs::read_to_string(&log).unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    (status, std::fs::read_to_string(&log).unwrap_or_default())
}

#[test]
fn the_handout_has_the_starters_and_nothing_students_must_not_see() {
    let kit = kit();
    let work = tempfile::tempdir().unwrap();
    let out = work.path().join("course");
    let handout = handout::write_handout(&kit, &out).unwrap();
    assert_eq!(handout.crates, kit.manifest().crates());

    for exercise in &kit.manifest().exercises {
        let crate_dir = out.join(&exercise.crate_name);
        for stem in &exercise.visible_tests {
            assert!(crate_dir.join(format!("tests/{stem}.rs")).is_file());
        }
        let readme = std::fs::read_to_string(out.join("README.md")).unwrap();
        assert!(readme.contains(&format!("| {} |", exercise.id)));
    }
    assert!(out.join(handout::TESTKIT_DIR).join("src/lib.rs").is_file());
    assert!(!out.join("solutions").exists() && !out.join("grading").exists());

    // No file of the handout is a solution file or a hidden test, whatever its name.
    let secret: Vec<Vec<u8>> = [
        kit.root().join("solutions"),
        kit.root().join("grading/hidden"),
    ]
    .iter()
    .flat_map(|dir| files_under(dir))
    .filter(|path| path.extension().is_some_and(|ext| ext == "rs"))
    .map(|path| std::fs::read(path).unwrap())
    .collect();
    let starter_files: Vec<Vec<u8>> = kit
        .manifest()
        .crates()
        .into_iter()
        .flat_map(|name| files_under(&kit.starter_dir(name)))
        .map(|path| std::fs::read(path).unwrap())
        .collect();
    for path in files_under(&out) {
        let content = std::fs::read(&path).unwrap();
        // Files the starter and solution legitimately share (a demo, a shared module) are
        // fine: what matters is that nothing only the solution or hidden tests hold leaks.
        if starter_files.contains(&content) {
            continue;
        }
        assert!(!secret.contains(&content), "{} leaks", path.display());
    }

    match handout::write_handout(&kit, &out) {
        Err(HandoutError::NotEmpty(_)) => {}
        other => panic!("a handout never overwrites a folder: {other:?}"),
    }
}

#[test]
fn the_handout_builds_alone_and_its_starters_fail_naming_the_exercise() {
    let kit = kit();
    let work = tempfile::tempdir().unwrap();
    let out = work.path().join("course");
    handout::write_handout(&kit, &out).unwrap();
    // The kit's target dir holds the dependencies already; the handout's own crates are
    // fresh copies (newer files), so cargo compiles them rather than reusing the kit's.
    let cargo = |args: &[&str]| {
        let mut command = Command::new(grading::compile::cargo_program());
        command
            .args(args)
            .arg("--offline")
            .current_dir(&out)
            .env("CARGO_TARGET_DIR", kit.root().join("target"));
        command
    };
    let limit = Duration::from_secs(600);

    let (status, log) = run_bounded(
        cargo(&["build", "--workspace", "--tests", "--examples", "--bins"]),
        work.path(),
        limit,
    );
    assert!(status.success(), "the handout builds on its own:\n{log}");

    let exercise = &kit.manifest().exercises[0];
    let (status, log) = run_bounded(
        cargo(&[
            "test",
            "-p",
            &exercise.crate_name,
            "--test",
            &exercise.visible_tests[0],
        ]),
        work.path(),
        limit,
    );
    assert!(!status.success(), "the starter fails its tests:\n{log}");
    assert!(
        log.contains(&format!("{}:", exercise.id)),
        "the failure names the exercise:\n{log}"
    );
}
