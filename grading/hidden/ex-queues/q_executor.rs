//! Hidden tests for q-executor: an executor that dies on a failing command (or calls a
//! failure a success), one that runs commands on threads of their own (out of order),
//! a submit that waits for the command, a `!quit` that is not obeyed or matched loosely,
//! a quit that never ends the thread, and a command whose output fills the pipe.

// The helper the visible tests use too.
#[path = "../../../ex-queues/tests/support/executor_driver.rs"]
mod executor_driver;

use std::path::PathBuf;
use std::time::Duration;

use crossbeam_channel::RecvTimeoutError;
use ex_queues::executor::{CommandError, Executor, QUIT, executor_loop, run_command};
use executor_driver::{LIMIT, outputs_in_order};
use testkit::{finish_within, seeded_generator, test_seed};

/// A path in the temporary directory, unique to this test run.
fn temp_path(name: &str) -> PathBuf {
    let unique = format!("q-executor-{}-{}-{name}", std::process::id(), test_seed());
    std::env::temp_dir().join(unique)
}

#[test]
fn submit_returns_while_a_command_is_still_running() {
    let gate = temp_path("gate");
    let _ = std::fs::remove_file(&gate);
    let command = format!(
        "while [ ! -e '{}' ]; do sleep 0.01; done; echo released",
        gate.display()
    );
    let executor = finish_within(LIMIT, "Executor::start and submit", move || {
        let executor = Executor::start();
        executor.submit(command);
        executor
    });
    let early = finish_within(LIMIT, "recv_timeout(50 ms)", move || {
        let early = executor.recv_timeout(Duration::from_millis(50));
        (early, executor)
    });
    let (early, executor) = early;
    assert!(
        matches!(early, Err(RecvTimeoutError::Timeout)),
        "the command waits for a file that does not exist yet: no result may be ready, got {early:?}"
    );
    std::fs::write(&gate, b"go").expect("the test could not write its gate file");
    let result = finish_within(LIMIT, "the result after the gate opened", move || {
        let result = executor.recv_timeout(LIMIT);
        executor.quit();
        result
    });
    let _ = std::fs::remove_file(&gate);
    assert_eq!(
        result
            .expect("no result after the command was released")
            .expect("the command succeeds"),
        "released\n"
    );
}

#[test]
fn commands_after_quit_are_never_run() {
    let marker = temp_path("after-quit");
    let _ = std::fs::remove_file(&marker);
    let command = format!("echo ran > '{}'", marker.display());
    let (first, after, left) = finish_within(LIMIT, "an executor told !quit", move || {
        let executor = Executor::start();
        executor.submit("echo before");
        executor.submit(QUIT);
        executor.submit(command);
        let first = executor.recv_timeout(LIMIT);
        let after = executor.recv_timeout(LIMIT);
        (first, after, executor.quit())
    });
    assert_eq!(
        first
            .expect("the command before !quit runs")
            .expect("echo succeeds"),
        "before\n"
    );
    assert!(
        matches!(after, Err(RecvTimeoutError::Disconnected)),
        "after !quit the executor thread must end (dropping its result sender), got {after:?}"
    );
    assert!(left.is_empty(), "nothing ran after !quit");
    let ran = marker.exists();
    let _ = std::fs::remove_file(&marker);
    assert!(!ran, "a command submitted after !quit was run");
}

#[test]
fn quit_is_matched_exactly_not_as_a_substring() {
    let results = finish_within(LIMIT, "commands that mention !quit", || {
        let executor = Executor::start();
        executor.submit("echo '!quit'");
        executor.submit("echo after");
        executor.quit()
    });
    let outputs: Vec<String> = results
        .into_iter()
        .map(|result| result.expect("echo succeeds"))
        .collect();
    assert_eq!(
        outputs,
        ["!quit\n", "after\n"],
        "only the exact command !quit stops the executor"
    );
}

#[test]
fn results_keep_the_submit_order_even_when_early_commands_are_slow() {
    // The first commands sleep longest: running them on threads of their own would
    // deliver the results backwards.
    let mut next = seeded_generator(test_seed());
    let tags: Vec<u64> = (0..8).map(|_| next() % 1_000_000).collect();
    let expected: Vec<String> = tags.iter().map(|tag| format!("{tag}\n")).collect();
    let commands = tags
        .iter()
        .enumerate()
        .map(|(i, tag)| {
            let pause = (8 - i) * 15;
            format!("sleep 0.{pause:03}; echo {tag}")
        })
        .collect();
    let outputs = outputs_in_order("8 commands with decreasing sleeps", commands);
    assert_eq!(
        outputs, expected,
        "results must come back in the order submitted"
    );
}

#[test]
fn failures_of_every_kind_become_error_results_and_the_executor_runs_on() {
    let mut next = seeded_generator(test_seed());
    // (command, expected exit code; None for success)
    let mut cases = Vec::new();
    for i in 0..16 {
        match next() % 4 {
            0 => cases.push((format!("echo ok {i}"), None)),
            1 => {
                let code = 1 + (next() % 120) as i32;
                cases.push((format!("echo bad {i} >&2; exit {code}"), Some(Some(code))));
            }
            2 => cases.push((format!("no-such-command-{i}"), Some(Some(127)))),
            _ => cases.push(("kill -9 $$".to_string(), Some(None))),
        }
    }
    cases.push(("echo the end".to_string(), None));
    let commands: Vec<String> = cases.iter().map(|(command, _)| command.clone()).collect();
    let results = finish_within(LIMIT, "17 mixed commands", move || {
        let executor = Executor::start();
        for command in &commands {
            executor.submit(command.as_str());
        }
        let results: Vec<_> = (0..commands.len())
            .map(|_| executor.recv_timeout(LIMIT))
            .collect();
        executor.quit();
        results
    });
    for (i, ((command, expected), result)) in cases.iter().zip(results).enumerate() {
        let result = result.unwrap_or_else(|e| {
            panic!("command {i} ({command}) got no result: {e} (did a failing command kill the executor?)")
        });
        match (expected, result) {
            (None, Ok(out)) => assert!(out.starts_with("ok") || out == "the end\n"),
            (None, Err(e)) => panic!("command {i} ({command}) should succeed, got {e}"),
            (Some(code), Err(CommandError::Failed { code: got, .. })) => assert_eq!(
                got, *code,
                "command {i} ({command}): the exit code (None when a signal ended it)"
            ),
            (Some(_), other) => {
                panic!(
                    "command {i} ({command}) fails, so it must give CommandError::Failed, got {other:?}"
                )
            }
        }
    }
}

#[test]
fn a_command_with_a_lot_of_output_does_not_block() {
    // About 250 KB on stdout and on stderr: more than a pipe holds, so the output must be
    // read while the command runs (Command::output does).
    let command = "i=0; while [ $i -lt 20000 ]; do echo line$i; echo err$i >&2; i=$((i+1)); done";
    let (ok, failed) = finish_within(LIMIT, "commands printing 20000 lines", move || {
        (
            run_command(command),
            run_command(&format!("{command}; exit 2")),
        )
    });
    let ok = ok.expect("the command succeeds");
    assert_eq!(ok.lines().count(), 20000);
    assert_eq!(ok.lines().last(), Some("line19999"));
    match failed {
        Err(CommandError::Failed { code, stderr, .. }) => {
            assert_eq!(code, Some(2));
            assert_eq!(stderr.lines().count(), 20000, "all of stderr is kept");
        }
        other => panic!("`exit 2` must fail, got {other:?}"),
    }
}

#[test]
fn quit_returns_only_the_results_not_yet_received() {
    let (received, left) = finish_within(LIMIT, "receive two of five, then quit()", || {
        let executor = Executor::start();
        for i in 0..5 {
            executor.submit(format!("echo {i}"));
        }
        let received: Vec<String> = (0..2)
            .map(|_| executor.recv_timeout(LIMIT).unwrap().unwrap())
            .collect();
        let left: Vec<String> = executor
            .quit()
            .into_iter()
            .map(|result| result.unwrap())
            .collect();
        (received, left)
    });
    assert_eq!(received, ["0\n", "1\n"]);
    assert_eq!(
        left,
        ["2\n", "3\n", "4\n"],
        "quit() returns the rest, in order"
    );
}

#[test]
fn quit_after_a_submitted_quit_still_returns() {
    let left = finish_within(LIMIT, "quit() after !quit was submitted", || {
        let executor = Executor::start();
        executor.submit("echo x");
        executor.submit(QUIT);
        executor.quit()
    });
    assert_eq!(left.len(), 1, "the one command before !quit ran");
}

#[test]
fn the_loop_stops_at_quit_or_when_the_queue_closes() {
    let (ran_until_quit, results_until_quit, ran_until_closed, results_until_closed) =
        finish_within(LIMIT, "executor_loop on prepared channels", || {
            let (command_tx, commands) = crossbeam_channel::unbounded();
            let (results_tx, results) = crossbeam_channel::unbounded();
            for command in ["echo a", "false", QUIT, "echo never"] {
                command_tx.send(command.to_string()).unwrap();
            }
            let ran_until_quit = executor_loop(commands, results_tx);
            let results_until_quit: Vec<bool> = results.iter().map(|r| r.is_ok()).collect();

            let (command_tx, commands) = crossbeam_channel::unbounded();
            let (results_tx, results) = crossbeam_channel::unbounded();
            command_tx.send("echo b".to_string()).unwrap();
            drop(command_tx);
            let ran_until_closed = executor_loop(commands, results_tx);
            let results_until_closed = results.iter().count();
            (
                ran_until_quit,
                results_until_quit,
                ran_until_closed,
                results_until_closed,
            )
        });
    assert_eq!(ran_until_quit, 2, "two commands came before !quit");
    assert_eq!(
        results_until_quit,
        [true, false],
        "`false` is an error result"
    );
    assert_eq!(
        (ran_until_closed, results_until_closed),
        (1, 1),
        "when every sender is gone the loop ends after the last command"
    );
}
