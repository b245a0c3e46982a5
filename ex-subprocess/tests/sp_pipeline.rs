//! Visible tests for sp-pipeline: `cargo test -p ex-subprocess --test sp_pipeline`.

use std::process::Command;
use std::time::Duration;

use ex_subprocess::pipeline::{PipelineError, run_pipeline};
use testkit::{finish_within, test_seed};

/// Generous limit for one call: a right answer needs milliseconds.
const LIMIT: Duration = Duration::from_secs(5);

/// Seeded lowercase words, some of them "dog".
fn seeded_words(count: usize) -> Vec<String> {
    let seed = test_seed();
    (0..count)
        .map(|i| match (seed >> (i % 60)) % 4 {
            0 => "dog".to_owned(),
            n => format!("{}{i}", ["cow", "hen", "dogfish"][n as usize - 1]),
        })
        .collect()
}

#[test]
fn the_seed_example_echo_into_sed() {
    let out = finish_within(LIMIT, "run_pipeline(echo | sed)", || {
        run_pipeline(&[&["echo", "dog is a pet"], &["sed", "s/dog/cat/"]])
    })
    .expect("echo and sed exist");
    assert_eq!(out.stdout, "cat is a pet\n");
    assert_eq!(out.statuses.len(), 2, "one status per stage");
    assert!(out.statuses.iter().all(|s| s.success()));
}

#[test]
fn three_stages_give_what_the_shell_gives() {
    let words = seeded_words(12);
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let line = format!(
        "printf '%s\\n' {} | sed s/dog/cat/ | sort",
        quoted.join(" ")
    );
    let shell = Command::new("sh")
        .args(["-c", &line])
        .output()
        .expect("sh exists");
    let out = finish_within(LIMIT, "run_pipeline(printf | sed | sort)", move || {
        let mut first = vec!["printf", "%s\\n"];
        first.extend(words.iter().map(String::as_str));
        run_pipeline(&[&first, &["sed", "s/dog/cat/"], &["sort"]])
    })
    .expect("printf, sed and sort exist");
    assert_eq!(
        out.stdout,
        String::from_utf8_lossy(&shell.stdout),
        "the same output as `sh -c \"{line}\"`"
    );
    assert_eq!(out.statuses.len(), 3);
}

#[test]
fn each_stage_has_its_own_status() {
    let out = finish_within(LIMIT, "run_pipeline with a failing stage", || {
        run_pipeline(&[&["echo", "x"], &["sh", "-c", "cat; exit 3"], &["cat"]])
    })
    .expect("all programs exist");
    let codes: Vec<_> = out.statuses.iter().map(|s| s.code()).collect();
    assert_eq!(
        codes,
        vec![Some(0), Some(3), Some(0)],
        "statuses in stage order"
    );
    assert_eq!(out.stdout, "x\n");
}

#[test]
fn malformed_pipelines_are_errors() {
    let (empty, empty_stage) = finish_within(LIMIT, "run_pipeline of bad input", || {
        (
            run_pipeline(&[]),
            run_pipeline(&[&["echo", "a"], &[], &["cat"]]),
        )
    });
    assert!(
        matches!(empty, Err(PipelineError::Empty)),
        "no stages: {empty:?}"
    );
    assert!(
        matches!(empty_stage, Err(PipelineError::EmptyStage { index: 1 })),
        "stage 1 is empty: {empty_stage:?}"
    );
}

#[test]
fn a_missing_program_names_its_stage() {
    let result = finish_within(LIMIT, "run_pipeline with a missing program", || {
        run_pipeline(&[&["echo", "a"], &["no-such-program-sp-pipeline"]])
    });
    assert!(
        matches!(result, Err(PipelineError::Spawn { index: 1, ref program, .. }) if program == "no-such-program-sp-pipeline"),
        "expected PipelineError::Spawn for stage 1, got {result:?}"
    );
}
