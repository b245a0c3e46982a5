//! Hidden tests for sp-communicate: 10 MiB on stdout and stderr at once (reading stdout to
//! its end before stderr deadlocks), 10 MiB on stderr alone, programs that stop reading
//! early (a broken pipe is not an error), binary data, and several calls at once.

use std::process::Command;
use std::time::Duration;

use ex_subprocess::communicate::communicate;
use testkit::{finish_within, seeded_bytes, test_seed};

const LIMIT: Duration = Duration::from_secs(5);

fn sh(line: &str) -> Command {
    let mut command = Command::new("sh");
    command.args(["-c", line]);
    command
}

#[test]
fn ten_mib_on_stdout_and_stderr_at_the_same_time() {
    let input = seeded_bytes(test_seed(), 10 << 20);
    let expected = input.clone();
    let got = finish_within(
        LIMIT,
        "communicate 10 MiB through tee to stdout and stderr (read both at once)",
        move || communicate(&mut sh("tee /proc/self/fd/2"), &input),
    )
    .expect("sh and tee exist");
    assert!(got.stdout == expected, "stdout: the input, unchanged");
    assert!(got.stderr == expected, "stderr: the input, unchanged");
    assert!(got.status.success());
}

#[test]
fn ten_mib_on_stderr_only() {
    let input = seeded_bytes(test_seed() ^ 1, 10 << 20);
    let expected = input.clone();
    let got = finish_within(
        LIMIT,
        "communicate 10 MiB through `cat >&2` (stderr must be read while stdout is open)",
        move || communicate(&mut sh("cat >&2"), &input),
    )
    .expect("sh exists");
    assert!(got.stdout.is_empty());
    assert!(got.stderr == expected, "stderr: the input, unchanged");
}

#[test]
fn output_before_input_is_read_does_not_deadlock() {
    // The program prints 1 MB before reading anything, then echoes its input.
    let input = seeded_bytes(test_seed() ^ 2, 1 << 20);
    let expected_tail = input.clone();
    let got = finish_within(
        LIMIT,
        "communicate with a program that prints 1 MB first",
        move || communicate(&mut sh("head -c 1000000 /dev/zero; cat"), &input),
    )
    .expect("sh exists");
    assert_eq!(got.stdout.len(), 1_000_000 + expected_tail.len());
    assert!(got.stdout[1_000_000..] == expected_tail[..]);
}

#[test]
fn a_program_that_stops_reading_early_is_not_an_error() {
    let input = seeded_bytes(test_seed() ^ 3, 4 << 20);
    let first = input[..100].to_vec();
    let (head, truth) = finish_within(
        LIMIT,
        "communicate 4 MiB to `head -c 100` and to `true`",
        move || {
            (
                communicate(Command::new("head").args(["-c", "100"]), &input),
                communicate(&mut Command::new("true"), &input),
            )
        },
    );
    let head = head.expect("a closed stdin (broken pipe) is not an error");
    assert_eq!(head.stdout, first);
    assert!(head.status.success());
    let truth = truth.expect("a program that never reads its input is not an error");
    assert!(truth.status.success());
}

#[test]
fn binary_bytes_come_back_unchanged() {
    let input: Vec<u8> = (0..=255u8)
        .rev()
        .chain(seeded_bytes(test_seed() ^ 4, 5000))
        .collect();
    let expected = input.clone();
    let got = finish_within(LIMIT, "communicate binary bytes through cat", move || {
        communicate(&mut Command::new("cat"), &input)
    })
    .expect("cat exists");
    assert_eq!(
        got.stdout, expected,
        "every byte value survives, none is decoded"
    );
}

#[test]
fn a_missing_program_is_an_error_not_a_panic() {
    let result = finish_within(LIMIT, "communicate with a missing program", || {
        communicate(&mut Command::new("no-such-program-sp-communicate"), b"x")
    });
    assert_eq!(
        result.expect_err("nothing to run").kind(),
        std::io::ErrorKind::NotFound
    );
}

#[test]
fn several_calls_at_once_keep_their_own_data() {
    let seed = test_seed();
    let results = finish_within(
        LIMIT,
        "4 threads calling communicate with 1 MiB each",
        move || {
            std::thread::scope(|s| {
                let handles: Vec<_> = (0..4u64)
                    .map(|i| {
                        s.spawn(move || {
                            let input = seeded_bytes(seed ^ (i + 10), 1 << 20);
                            let got = communicate(&mut Command::new("cat"), &input);
                            (input, got)
                        })
                    })
                    .collect();
                handles
                    .into_iter()
                    .map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
                    .collect::<Vec<_>>()
            })
        },
    );
    for (i, (input, got)) in results.into_iter().enumerate() {
        assert!(
            got.expect("cat exists").stdout == input,
            "call {i} got its own bytes back"
        );
    }
}

#[test]
fn a_failing_program_still_gives_its_output() {
    let got = finish_within(
        LIMIT,
        "communicate with a program killed by a signal",
        || communicate(&mut sh("cat; echo bye >&2; kill -9 $$"), b"last words"),
    )
    .expect("sh exists");
    assert_eq!(got.stdout, b"last words");
    assert_eq!(got.stderr, b"bye\n");
    assert_eq!(got.status.code(), None, "killed by a signal: no exit code");
}
