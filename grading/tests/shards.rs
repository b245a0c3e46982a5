//! Past one machine: a class graded as three shards (`--shard k/3`) and merged
//! (`grade merge`) gives the results and reports of one unsharded run: every student
//! graded exactly once, with the same fingerprint, the same score and the same outcome of
//! every test, and the same gradebook up to row order. This is what the GitHub Actions
//! workflow and the Slurm scripts in the repository rely on.
//!
//! It drives the real `grade` binary on the miniature kit with six submissions (a correct
//! one, a wrong one, one that does not compile, one that crashes, one that exits early
//! and one that forges a pass), so each shard holds two different students.

#[path = "support/bounded.rs"]
mod bounded;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use grading::batch::{StoredResult, load_stored};
use grading::files::copy_tree;

/// Far more than one run of the miniature kit needs, a first build of its test kit
/// included.
const LIMIT: Duration = Duration::from_secs(600);

/// The submissions of the class, from the miniature kit's fixtures.
const STUDENTS: [&str; 6] = [
    "broken",
    "crashes",
    "exits_early",
    "forges",
    "good",
    "wrong",
];

fn mini_kit() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini-kit")
}

/// Runs `grade --kit <mini kit> <args>`, killing it after [`LIMIT`]; returns its exit
/// code and standard error.
fn grade(scratch: &Path, args: &[&str]) -> (Option<i32>, String) {
    let stderr_path = scratch.join(format!("stderr-{}.txt", args.join("_").replace('/', "of")));
    let mut child = Command::new(env!("CARGO_BIN_EXE_grade"))
        .arg("--kit")
        .arg(mini_kit())
        .args(args)
        .current_dir(scratch)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&stderr_path).unwrap())
        .spawn()
        .unwrap();
    let status = bounded::wait(&mut child, LIMIT, &format!("grade {args:?}"));
    (
        status.code(),
        std::fs::read_to_string(&stderr_path).unwrap(),
    )
}

/// What must be equal between two runs, per student: the fingerprint, the score, and
/// each test's points and outcome (not its duration or captured output, which differ
/// from run to run).
fn comparable(stored: &[StoredResult]) -> BTreeMap<String, (String, String, Vec<String>)> {
    stored
        .iter()
        .map(|result| {
            let grade = &result.grade;
            let tests = grade
                .exercises
                .iter()
                .flat_map(|exercise| &exercise.tests)
                .map(|test| {
                    format!(
                        "{} {} {}/{}",
                        test.full_name(),
                        test.outcome.label(),
                        test.score,
                        test.max_score
                    )
                })
                .collect();
            (
                grade.student.clone(),
                (
                    result.fingerprint.clone(),
                    format!("{}/{}", grade.score(), grade.max_score()),
                    tests,
                ),
            )
        })
        .collect()
}

/// The gradebook's header and its rows, sorted.
fn gradebook(out: &Path) -> (String, Vec<String>) {
    let text = std::fs::read_to_string(out.join("gradebook.csv")).unwrap();
    let mut lines = text.lines().map(str::to_string);
    let header = lines.next().expect("the gradebook has a header");
    let mut rows: Vec<String> = lines.collect();
    rows.sort();
    (header, rows)
}

#[test]
fn three_shards_merged_equal_one_unsharded_run() {
    let scratch = tempfile::tempdir().unwrap();
    let class = scratch.path().join("class");
    for student in STUDENTS {
        copy_tree(
            &mini_kit().join("submissions").join(student),
            &class.join(student),
            &[],
        )
        .unwrap();
    }
    // One target dir for every run, kept between test runs: the students' crates are
    // rebuilt in each run (they are staged afresh), their dependencies only once.
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("shards-target");
    let target = target.to_str().unwrap();
    let class = class.to_str().unwrap();
    let out = |name: &str| scratch.path().join(name).to_str().unwrap().to_string();

    let whole = out("whole");
    let (code, stderr) = grade(
        scratch.path(),
        &["class", class, "--out", &whole, "--target-dir", target],
    );
    assert_eq!(code, Some(0), "the unsharded run: {stderr}");

    let mut shards = Vec::new();
    for k in 1..=3 {
        let shard = out(&format!("shard-{k}"));
        let (code, stderr) = grade(
            scratch.path(),
            &[
                "class",
                class,
                "--shard",
                &format!("{k}/3"),
                "--out",
                &shard,
                "--target-dir",
                target,
            ],
        );
        assert_eq!(code, Some(0), "shard {k}/3: {stderr}");
        shards.push(shard);
    }
    let merged = out("merged");
    let mut merge_args = vec!["merge"];
    merge_args.extend(shards.iter().map(String::as_str));
    merge_args.extend(["--out", &merged]);
    let (code, stderr) = grade(scratch.path(), &merge_args);
    assert_eq!(code, Some(0), "the merge: {stderr}");

    // Each shard graded two students, and no student twice.
    let mut graded: Vec<String> = Vec::new();
    for shard in &shards {
        let students: Vec<String> = load_stored(Path::new(shard))
            .unwrap()
            .into_iter()
            .map(|result| result.grade.student)
            .collect();
        assert_eq!(students.len(), 2, "{shard} graded {students:?}");
        graded.extend(students);
    }
    graded.sort();
    assert_eq!(
        graded, STUDENTS,
        "every student is graded by exactly one shard"
    );

    let whole_results = comparable(&load_stored(Path::new(&whole)).unwrap());
    let merged_results = comparable(&load_stored(Path::new(&merged)).unwrap());
    assert_eq!(whole_results.len(), STUDENTS.len());
    assert_eq!(merged_results, whole_results);
    // Not every student scored the same, so equal results are not a coincidence.
    let scores: std::collections::BTreeSet<&String> =
        whole_results.values().map(|(_, score, _)| score).collect();
    assert!(
        scores.len() > 1,
        "the class has different scores: {scores:?}"
    );

    assert_eq!(gradebook(Path::new(&merged)), gradebook(Path::new(&whole)));
}
