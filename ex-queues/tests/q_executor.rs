//! Visible tests for q-executor: `cargo test -p ex-queues --test q_executor`.

#[path = "support/executor_driver.rs"]
mod executor_driver;

use ex_queues::executor::{CommandError, Executor, run_command};
use executor_driver::{LIMIT, outputs_in_order};
use testkit::{finish_within, test_seed};

#[test]
fn run_command_returns_what_the_command_printed() {
    let out = finish_within(LIMIT, "run_command(\"echo ...\")", || {
        run_command("echo queue; printf 'and %s' executor")
    });
    assert_eq!(out.expect("echo must succeed"), "queue\nand executor");
}

#[test]
fn run_command_reports_a_failing_command_as_an_error() {
    let (failed, missing) = finish_within(LIMIT, "run_command of failing commands", || {
        (
            run_command("echo partial; echo broken >&2; exit 3"),
            run_command("no-such-command-q-executor"),
        )
    });
    match failed {
        Err(CommandError::Failed { code, stderr, .. }) => {
            assert_eq!(code, Some(3), "the exit code of `exit 3`");
            assert!(
                stderr.contains("broken"),
                "stderr must be kept, got {stderr:?}"
            );
        }
        other => panic!("a command that exits with 3 must give Failed, got {other:?}"),
    }
    assert!(
        matches!(
            missing,
            Err(CommandError::Failed {
                code: Some(127),
                ..
            })
        ),
        "a missing command makes sh exit with 127, got {missing:?}"
    );
}

#[test]
fn results_come_back_in_order() {
    let values: Vec<u64> = {
        let seed = test_seed();
        (0..8).map(|i| seed.wrapping_mul(i + 7) % 100_000).collect()
    };
    let expected: Vec<String> = values.iter().map(|v| format!("{v}\n")).collect();
    let commands = values.iter().map(|value| format!("echo {value}")).collect();
    let outputs = outputs_in_order("an executor running 8 echo commands", commands);
    assert_eq!(
        outputs, expected,
        "one result per command, in the order submitted"
    );
}

#[test]
fn a_failing_command_does_not_stop_the_executor() {
    let results = finish_within(LIMIT, "an executor running failing commands", || {
        let executor = Executor::start();
        executor.submit("exit 4");
        executor.submit("no-such-command-q-executor");
        executor.submit("echo still here");
        let results: Vec<_> = (0..3).map(|_| executor.recv_timeout(LIMIT)).collect();
        executor.quit();
        results
    });
    let [first, second, third] = <[_; 3]>::try_from(results).expect("three results");
    assert!(
        matches!(first, Ok(Err(CommandError::Failed { code: Some(4), .. }))),
        "`exit 4` must give an error result, got {first:?}"
    );
    assert!(
        matches!(second, Ok(Err(CommandError::Failed { .. }))),
        "a missing command must give an error result, got {second:?}"
    );
    assert_eq!(
        third
            .expect("the executor stopped after a failing command")
            .expect("echo succeeds"),
        "still here\n"
    );
}

#[test]
fn quit_stops_the_executor_and_returns_what_was_not_received() {
    let left = finish_within(LIMIT, "submit two commands, then quit()", || {
        let executor = Executor::start();
        executor.submit("echo one");
        executor.submit("echo two");
        executor.quit()
    });
    let left: Vec<String> = left
        .into_iter()
        .map(|result| result.expect("echo succeeds"))
        .collect();
    assert_eq!(
        left,
        ["one\n", "two\n"],
        "quit() runs the commands submitted before it and returns their results"
    );
}
