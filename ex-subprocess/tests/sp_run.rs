//! Visible tests for sp-run: `cargo test -p ex-subprocess --test sp_run`.

use std::io::ErrorKind;
use std::time::Duration;

use ex_subprocess::run::{run, run_shell};
use testkit::{finish_within, test_seed};

/// Generous limit for one call: a right answer needs milliseconds.
const LIMIT: Duration = Duration::from_secs(5);

#[test]
fn run_captures_stdout_and_exit_code() {
    let word = format!("pet{}", test_seed() % 100_000);
    let expected = format!("dog is a {word}\n");
    let out = finish_within(LIMIT, "run(\"echo\", ...)", move || {
        run("echo", &["dog", "is", "a", &word])
    })
    .expect("echo exists and should start");
    assert_eq!(out.stdout, expected, "stdout should be what echo printed");
    assert_eq!(out.stderr, "", "echo writes nothing to stderr");
    assert_eq!(out.status.code(), Some(0), "echo exits with code 0");
}

#[test]
fn run_passes_each_argument_unchanged_without_a_shell() {
    let out = finish_within(LIMIT, "run(\"printf\", ...)", || {
        run("printf", &["[%s]", "two words", "$HOME", "*", "a;b"])
    })
    .expect("printf exists and should start");
    assert_eq!(
        out.stdout, "[two words][$HOME][*][a;b]",
        "without a shell, spaces, $, * and ; reach the program as they are"
    );
}

#[test]
fn run_shell_interprets_the_command_line() {
    let code = 1 + test_seed() % 100;
    let line = format!("echo 'dog is a pet' | sed s/dog/cat/; echo warning >&2; exit {code}");
    let out = finish_within(LIMIT, "run_shell", move || run_shell(&line))
        .expect("sh exists and should start");
    assert_eq!(out.stdout, "cat is a pet\n", "the shell pipeline's output");
    assert_eq!(out.stderr, "warning\n", "stderr is captured separately");
    assert_eq!(
        out.status.code(),
        Some(code as i32),
        "the exit code comes back in status"
    );
}

#[test]
fn a_missing_program_is_an_error_not_a_panic() {
    let result = finish_within(LIMIT, "run of a missing program", || {
        run("no-such-program-sp-run", &["x"])
    });
    let error = result.expect_err("a program that does not exist cannot run");
    assert_eq!(
        error.kind(),
        ErrorKind::NotFound,
        "the error should say the program was not found"
    );
}

#[test]
fn non_utf8_output_does_not_panic() {
    let out = finish_within(LIMIT, "run(\"printf\", ...) with binary output", || {
        run("printf", &["ok\\377\\376"])
    })
    .expect("printf exists and should start");
    assert!(
        out.stdout.starts_with("ok") && out.stdout.contains('\u{FFFD}'),
        "invalid UTF-8 should become U+FFFD, got {:?}",
        out.stdout
    );
}
