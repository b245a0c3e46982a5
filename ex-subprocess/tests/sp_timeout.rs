//! Visible tests for sp-timeout: `cargo test -p ex-subprocess --test sp_timeout`.

use std::process::Command;
use std::time::Duration;

use ex_subprocess::timeout::{TimeoutError, run_with_timeout};
use testkit::{finish_within, test_seed};

/// Generous limit for one call: a right answer returns just after its deadline.
const LIMIT: Duration = Duration::from_secs(5);

/// `sh -c line` as a Command.
fn shell(line: &str) -> Command {
    let mut command = Command::new("sh");
    command.args(["-c", line]);
    command
}

#[test]
fn a_quick_command_finishes_with_its_status_and_output() {
    let code = 1 + (test_seed() % 100) as i32;
    let line = format!("echo hello; echo oops >&2; exit {code}");
    let result = finish_within(LIMIT, "run_with_timeout of a quick command", move || {
        run_with_timeout(&mut shell(&line), Duration::from_secs(4))
    });
    let done = result.expect("the command ends well before its deadline");
    assert_eq!(done.stdout, "hello\n");
    assert_eq!(done.stderr, "oops\n");
    assert_eq!(done.status.code(), Some(code));
}

#[test]
fn a_slow_command_is_killed_soon_after_the_deadline() {
    // The seed: `sleep 5` with a wait of 5 s; here sleep 30 and a 200 ms deadline.
    let result = finish_within(
        LIMIT,
        "run_with_timeout(sleep 30, 200 ms) (it must return soon after the deadline)",
        || run_with_timeout(&mut shell("sleep 30"), Duration::from_millis(200)),
    );
    assert!(
        matches!(result, Err(TimeoutError::TookTooLong { .. })),
        "sleep 30 with a 200 ms deadline took too long, got {result:?}"
    );
}

#[test]
fn output_printed_before_the_kill_is_kept() {
    let word = format!("started-{}", test_seed() % 10_000);
    let line = format!("echo {word}; sleep 30");
    let result = finish_within(LIMIT, "run_with_timeout of a slow command", move || {
        run_with_timeout(&mut shell(&line), Duration::from_millis(300))
    });
    match result {
        Err(TimeoutError::TookTooLong { stdout, .. }) => assert_eq!(
            stdout,
            format!("{word}\n"),
            "TookTooLong should carry what the command printed before it was killed"
        ),
        other => panic!("expected TookTooLong, got {other:?}"),
    }
}

#[test]
fn a_program_that_does_not_exist_is_an_io_error() {
    let result = finish_within(LIMIT, "run_with_timeout of a missing program", || {
        run_with_timeout(
            &mut Command::new("no-such-program-sp-timeout"),
            Duration::from_secs(1),
        )
    });
    assert!(
        matches!(result, Err(TimeoutError::Io(ref e)) if e.kind() == std::io::ErrorKind::NotFound),
        "a missing program is TimeoutError::Io(NotFound), got {result:?}"
    );
}
