//! Visible tests for sp-check: `cargo test -p ex-subprocess --test sp_check`.

use std::time::Duration;

use ex_subprocess::check::{CheckError, check_output, check_shell};
use testkit::{finish_within, test_seed};

/// Generous limit for one call: a right answer needs milliseconds.
const LIMIT: Duration = Duration::from_secs(5);

#[test]
fn success_returns_stdout() {
    let word = format!("pet{}", test_seed() % 100_000);
    let expected = format!("dog is a {word}\n");
    let out = finish_within(LIMIT, "check_output(\"echo\", ...)", move || {
        check_output("echo", &["dog is a", &word])
    });
    assert_eq!(out.expect("echo exits with 0"), expected);
}

#[test]
fn the_seed_shell_pipeline_succeeds() {
    let out = finish_within(LIMIT, "check_shell", || {
        check_shell("echo 'dog is a pet' | sed s/dog/cat/")
    });
    assert_eq!(out.expect("the pipeline exits with 0"), "cat is a pet\n");
}

#[test]
fn a_non_zero_exit_is_an_error_with_code_and_stderr() {
    let code = 1 + (test_seed() % 200) as i32;
    let line = format!("echo partial; echo 'something broke' >&2; exit {code}");
    let result = finish_within(LIMIT, "check_shell of a failing command", move || {
        check_shell(&line)
    });
    match result {
        Err(CheckError::Failed {
            code: got, stderr, ..
        }) => {
            assert_eq!(got, code, "the error carries the exit code");
            assert_eq!(stderr, "something broke\n", "the error carries stderr");
        }
        other => panic!("exit {code} should be CheckError::Failed, got {other:?}"),
    }
}

#[test]
fn a_missing_program_is_not_found() {
    let result = finish_within(LIMIT, "check_output of a missing program", || {
        check_output("no-such-program-sp-check", &[])
    });
    match result {
        Err(CheckError::NotFound { program }) => assert_eq!(program, "no-such-program-sp-check"),
        other => panic!("a missing program should be CheckError::NotFound, got {other:?}"),
    }
}

#[test]
fn a_program_killed_by_a_signal_is_a_signal_error() {
    let result = finish_within(LIMIT, "check_shell of a killed shell", || {
        check_shell("kill -TERM $$")
    });
    match result {
        Err(CheckError::Signal { signal, .. }) => assert_eq!(signal, 15, "SIGTERM is 15"),
        other => panic!("a shell killed by SIGTERM should be CheckError::Signal, got {other:?}"),
    }
}
