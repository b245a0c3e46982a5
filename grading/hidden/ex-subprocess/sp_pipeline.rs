//! Hidden tests for sp-pipeline: a first stage whose output exceeds the pipe buffer (the
//! pipeline that waits for stage 1 before starting stage 2 deadlocks), a last stage whose
//! output exceeds it (waiting before reading deadlocks), every stage reaped (no zombie),
//! long pipelines, an empty stdin for the first stage, and clean-up on a failed start
//! (the earlier stages killed and reaped, checked through /proc).

use std::time::Duration;

use ex_subprocess::pipeline::{PipelineError, run_pipeline};
use testkit::{finish_within, test_seed};

const LIMIT: Duration = Duration::from_secs(5);

/// The state letter in /proc/<pid>/stat, or None if there is no such process.
fn process_state(pid: u32) -> Option<char> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    stat.rsplit_once(')')?.1.trim_start().chars().next()
}

#[test]
fn a_first_stage_bigger_than_a_pipe_does_not_deadlock() {
    let size = 1_000_000 + test_seed() % 100_000;
    let out = finish_within(
        LIMIT,
        "run_pipeline(head -c ~1MB /dev/zero | wc -c) (start every stage before waiting for any)",
        move || {
            run_pipeline(&[
                &["head", "-c", &size.to_string(), "/dev/zero"],
                &["wc", "-c"],
            ])
        },
    )
    .expect("head and wc exist");
    assert_eq!(out.stdout.trim(), size.to_string(), "wc counts every byte");
}

#[test]
fn a_last_stage_bigger_than_a_pipe_does_not_deadlock() {
    let size = 700_000 + test_seed() % 100_000;
    let out = finish_within(
        LIMIT,
        "run_pipeline(head | cat) with ~700 kB of output (read the last stage while waiting)",
        move || {
            run_pipeline(&[
                &["head", "-c", &size.to_string(), "/dev/zero"],
                &["cat"],
                &["cat"],
            ])
        },
    )
    .expect("head and cat exist");
    assert_eq!(out.stdout.len() as u64, size);
}

#[test]
fn every_stage_is_reaped() {
    // Each stage passes its input on and then adds its own pid: the output lists them all.
    let stages: [&[&str]; 4] = [
        &["sh", "-c", "echo $$"],
        &["sh", "-c", "cat; echo $$"],
        &["sh", "-c", "cat; echo $$"],
        &["sh", "-c", "cat; echo $$"],
    ];
    for round in 0..3 {
        let out = finish_within(LIMIT, "run_pipeline of four shells", move || {
            run_pipeline(&stages)
        })
        .expect("sh exists");
        let pids: Vec<u32> = out
            .stdout
            .lines()
            .map(|l| l.parse().expect("each stage prints its pid"))
            .collect();
        assert_eq!(pids.len(), 4, "round {round}: one pid per stage");
        for (index, pid) in pids.into_iter().enumerate() {
            match process_state(pid) {
                None => {}
                Some('Z') => panic!(
                    "round {round}: stage {index} (pid {pid}) was never waited for and is a zombie"
                ),
                Some(state) => panic!(
                    "round {round}: stage {index} (pid {pid}) is still running (state {state})"
                ),
            }
        }
    }
}

#[test]
fn ten_stages_pass_seeded_text_along() {
    let words: Vec<String> = (0..50)
        .map(|i| format!("w{}", test_seed().rotate_left(i) % 1000))
        .collect();
    let expected: String = words.iter().map(|w| format!("{w}\n")).collect();
    let out = finish_within(LIMIT, "run_pipeline of printf and nine cats", move || {
        let mut first = vec!["printf", "%s\\n"];
        first.extend(words.iter().map(String::as_str));
        let mut stages: Vec<&[&str]> = vec![&first];
        stages.extend(std::iter::repeat_n(&["cat"][..], 9));
        run_pipeline(&stages)
    })
    .expect("printf and cat exist");
    assert_eq!(out.stdout, expected);
    assert_eq!(out.statuses.len(), 10);
}

#[test]
fn one_stage_is_a_pipeline_too() {
    let out = finish_within(LIMIT, "run_pipeline of one stage", || {
        run_pipeline(&[&["printf", "%s", "alone"]])
    })
    .expect("printf exists");
    assert_eq!(out.stdout, "alone");
    assert_eq!(out.statuses.len(), 1);
}

#[test]
fn the_first_stage_reads_an_empty_stdin() {
    let out = finish_within(
        LIMIT,
        "run_pipeline(cat | wc -c) (the first stage's stdin must be empty)",
        || run_pipeline(&[&["cat"], &["wc", "-c"]]),
    )
    .expect("cat and wc exist");
    assert_eq!(out.stdout.trim(), "0");
}

#[test]
fn a_stage_that_fails_to_start_stops_the_earlier_ones() {
    let result = finish_within(
        LIMIT,
        "run_pipeline(sleep 20 | missing) (kill the stages already started, do not wait 20 s)",
        || {
            run_pipeline(&[
                &["sleep", "20"],
                &["cat"],
                &["no-such-program-sp-pipeline", "x"],
            ])
        },
    );
    assert!(
        matches!(result, Err(PipelineError::Spawn { index: 2, .. })),
        "expected PipelineError::Spawn for stage 2, got {result:?}"
    );
}

/// Every process whose name (the `comm` field of /proc/<pid>/stat) is `name`, with its
/// state letter (`Z` for a zombie).
fn processes_named(name: &str) -> Vec<(u32, char)> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .filter_map(|entry| entry.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter_map(|pid| {
            let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
            let (head, rest) = stat.rsplit_once(')')?;
            let comm = head.split_once('(')?.1;
            let state = rest.trim_start().chars().next()?;
            (comm == name).then_some((pid, state))
        })
        .collect()
}

#[test]
fn the_stages_already_running_are_killed_and_reaped_when_a_later_stage_cannot_start() {
    // Stage 0 is a copy of `sleep` under a name of this test's own, so that it can be
    // found in /proc afterwards (a process keeps its name as a zombie, too).
    let dir = testkit::temp_dir();
    let name = format!("spp-{:08x}", test_seed() as u32);
    let program = dir.path().join(&name);
    let sleep = ["/usr/bin/sleep", "/bin/sleep"]
        .into_iter()
        .find(|path| std::path::Path::new(path).exists())
        .expect("the test needs the sleep program");
    std::fs::copy(sleep, &program).expect("copy sleep into the test's folder");
    let program = program.to_str().expect("a UTF-8 path").to_owned();
    let result = finish_within(
        LIMIT,
        "run_pipeline(sleep 20 | cat | missing) (kill the stages already started)",
        move || {
            run_pipeline(&[
                &[&program, "20"],
                &["cat"],
                &["no-such-program-sp-pipeline"],
            ])
        },
    );
    assert!(
        matches!(result, Err(PipelineError::Spawn { index: 2, .. })),
        "expected PipelineError::Spawn for stage 2, got {result:?}"
    );
    // A killed and reaped stage is gone at once; allow a moment anyway.
    let deadline = std::time::Instant::now() + Duration::from_secs(2);
    let mut left = processes_named(&name);
    while !left.is_empty() && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
        left = processes_named(&name);
    }
    if let Some(&(pid, state)) = left.first() {
        // Do not leave it behind for the rest of the run.
        let _ = std::process::Command::new("kill")
            .args(["-9", &pid.to_string()])
            .status();
        if state == 'Z' {
            panic!(
                "stage 0 (pid {pid}) was killed but never waited for: it is a zombie \
                 (wait() for every stage already started before returning the error)"
            );
        }
        panic!(
            "stage 0 (pid {pid}, `sleep 20`) is still running (state {state}) after run_pipeline \
             returned the error: kill and wait for the stages already started"
        );
    }
}

#[test]
fn an_empty_stage_is_found_before_anything_starts() {
    let result = finish_within(LIMIT, "run_pipeline with an empty last stage", || {
        run_pipeline(&[&["sleep", "20"], &[]])
    });
    assert!(
        matches!(result, Err(PipelineError::EmptyStage { index: 1 })),
        "expected EmptyStage {{ index: 1 }}, got {result:?}"
    );
}

#[test]
fn non_utf8_output_does_not_panic() {
    let out = finish_within(LIMIT, "run_pipeline with binary output", || {
        run_pipeline(&[&["printf", "a\\377b"], &["cat"]])
    })
    .expect("printf and cat exist");
    assert_eq!(out.stdout, "a\u{FFFD}b");
}
