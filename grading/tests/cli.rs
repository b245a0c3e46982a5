//! The `grade` binary's exit status when nothing can be graded: 2, with a one-line
//! message on stderr, before any build starts. Each case runs against the miniature kit
//! with a time limit.

#[path = "support/bounded.rs"]
mod bounded;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::Duration;

/// Far more than reading a kit and a folder takes; a build would take longer.
const LIMIT: Duration = Duration::from_secs(60);

fn mini_kit() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini-kit")
}

struct Run {
    status: ExitStatus,
    stdout: String,
    stderr: String,
}

/// Runs `grade --kit <mini kit> <args>` in `scratch`, killing it after [`LIMIT`].
fn grade(scratch: &Path, args: &[&str]) -> Run {
    let stdout_path = scratch.join("stdout.txt");
    let stderr_path = scratch.join("stderr.txt");
    let mut child = Command::new(env!("CARGO_BIN_EXE_grade"))
        .arg("--kit")
        .arg(mini_kit())
        .args(args)
        .current_dir(scratch)
        // Were cargo run, it would fail at once rather than build.
        .env("CARGO", scratch.join("no-such-cargo"))
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&stdout_path).unwrap())
        .stderr(std::fs::File::create(&stderr_path).unwrap())
        .spawn()
        .unwrap();
    let status = bounded::wait(&mut child, LIMIT, &format!("grade {args:?}"));
    Run {
        status,
        stdout: std::fs::read_to_string(&stdout_path).unwrap(),
        stderr: std::fs::read_to_string(&stderr_path).unwrap(),
    }
}

/// Runs `grade class <class> --out <scratch>/out`; returns the run and the out folder.
fn grade_class(scratch: &Path, class: &Path) -> (Run, PathBuf) {
    let out = scratch.join("out");
    let run = grade(
        scratch,
        &[
            "class",
            class.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
    );
    (run, out)
}

/// Checks the run exited 2 with one line on stderr holding `wanted`, and built nothing.
fn nothing_graded(run: &Run, wanted: &str, out: &Path) {
    assert_eq!(run.status.code(), Some(2), "{}", run.stderr);
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{:?}", run.stderr);
    assert!(lines[0].starts_with("grade: "), "{}", lines[0]);
    assert!(lines[0].contains(wanted), "{}", lines[0]);
    assert_eq!(run.stdout, "");
    assert!(!out.join("workspace").exists(), "a build was set up");
    assert!(!out.join("gradebook.csv").exists(), "reports were written");
}

#[test]
fn an_empty_class_folder_exits_2() {
    let scratch = tempfile::tempdir().unwrap();
    let class = scratch.path().join("class");
    std::fs::create_dir(&class).unwrap();
    let (run, out) = grade_class(scratch.path(), &class);
    nothing_graded(&run, "holds no submission", &out);
    assert!(!run.stderr.contains("other entries"), "{}", run.stderr);
}

#[test]
fn a_class_folder_of_stray_files_exits_2() {
    let scratch = tempfile::tempdir().unwrap();
    let class = scratch.path().join("class");
    std::fs::create_dir(&class).unwrap();
    for name in ["README.txt", "grades.xlsx", ".DS_Store"] {
        std::fs::write(class.join(name), b"not a submission").unwrap();
    }
    let (run, out) = grade_class(scratch.path(), &class);
    nothing_graded(&run, "holds no submission", &out);
    assert!(
        run.stderr.contains(
            "; 3 other entries were not graded: hidden; \
             neither a folder nor a .zip, .tar.gz or .tgz archive"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn merging_a_missing_or_empty_shard_exits_2() {
    let scratch = tempfile::tempdir().unwrap();
    let out = scratch.path().join("merged");
    let missing = scratch.path().join("grades-1");
    let run = grade(
        scratch.path(),
        &[
            "merge",
            missing.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
    );
    nothing_graded(&run, "grades-1 does not exist", &out);
    assert!(!out.exists(), "nothing is written");

    let empty = scratch.path().join("grades-2");
    std::fs::create_dir_all(empty.join("results")).unwrap();
    std::fs::write(empty.join("results/notes.txt"), b"no results here").unwrap();
    let run = grade(
        scratch.path(),
        &[
            "merge",
            empty.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
    );
    nothing_graded(&run, "grades-2 holds no results", &out);
    assert!(!out.exists(), "nothing is written");
}

#[test]
fn merging_a_shard_with_results_exits_0() {
    // The same command with a stored result: the exit status above is about the shard.
    let scratch = tempfile::tempdir().unwrap();
    let shard = scratch.path().join("grades-1");
    std::fs::create_dir_all(shard.join("results")).unwrap();
    let grade_json = r#"{
        "fingerprint": "x",
        "student": "alice",
        "exercises": [],
        "build_errors": {},
        "notes": [],
        "sandboxed": true
    }"#;
    std::fs::write(shard.join("results/alice.json"), grade_json).unwrap();
    let out = scratch.path().join("merged");
    let run = grade(
        scratch.path(),
        &[
            "merge",
            shard.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(run.status.code(), Some(0), "{}", run.stderr);
    assert!(out.join("results/alice.json").is_file());
    assert!(out.join("gradebook.csv").is_file());
}
