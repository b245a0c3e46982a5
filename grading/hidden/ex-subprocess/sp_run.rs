//! Hidden tests for sp-run: outputs larger than a pipe buffer on stdout and on stderr (the
//! answer that waits before reading, or reads stdout to the end before stderr, deadlocks),
//! signals, empty stdin, unusual arguments and errors.

use std::io::ErrorKind;
use std::os::unix::process::ExitStatusExt;
use std::time::Duration;

use ex_subprocess::run::{run, run_shell};
use testkit::{finish_within, test_seed};

const LIMIT: Duration = Duration::from_secs(5);

#[test]
fn output_larger_than_a_pipe_buffer_comes_back_whole() {
    let size = 1_000_000 + test_seed() % 50_000;
    let count = size.to_string();
    let out = finish_within(LIMIT, "run of a program printing ~1 MB", move || {
        run("head", &["-c", &count, "/dev/zero"])
    })
    .expect("head exists");
    assert_eq!(
        out.stdout.len() as u64,
        size,
        "every byte of a large output should come back (read while the program runs)"
    );
}

#[test]
fn large_stderr_before_stdout_does_not_deadlock() {
    let out = finish_within(
        LIMIT,
        "run_shell of a command printing 300 kB to stderr, then to stdout",
        || run_shell("head -c 300000 /dev/zero >&2; echo done"),
    )
    .expect("sh exists");
    assert_eq!(out.stdout, "done\n");
    assert_eq!(
        out.stderr.len(),
        300_000,
        "stdout and stderr must be read at the same time"
    );
}

#[test]
fn exit_codes_come_back_exactly() {
    let seed = test_seed();
    for i in 0..6 {
        let code = ((seed >> (i * 8)) % 255) as i32;
        let out = finish_within(LIMIT, "run_shell(\"exit N\")", move || {
            run_shell(&format!("exit {code}"))
        })
        .expect("sh exists");
        assert_eq!(out.status.code(), Some(code), "exit {code}");
        assert_eq!(out.status.success(), code == 0);
    }
}

#[test]
fn a_program_killed_by_a_signal_has_no_exit_code() {
    let out = finish_within(LIMIT, "run_shell(\"kill -9 $$\")", || {
        run_shell("echo before; kill -9 $$; echo after")
    })
    .expect("sh exists");
    assert_eq!(out.status.code(), None, "a killed program has no exit code");
    assert_eq!(out.status.signal(), Some(9), "SIGKILL is signal 9");
    assert_eq!(
        out.stdout, "before\n",
        "what it printed before dying is kept"
    );
}

#[test]
fn the_program_reads_an_empty_stdin() {
    let out = finish_within(
        LIMIT,
        "run(\"cat\") (stdin must be empty, not left open)",
        || run("cat", &[]),
    )
    .expect("cat exists");
    assert_eq!(out.stdout, "", "cat of an empty stdin prints nothing");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn arguments_with_quotes_and_newlines_are_not_split() {
    let tricky = ["it's", "\"quoted\"", "line1\nline2", "", "-n", "tab\there"];
    let out = finish_within(LIMIT, "run(\"printf\", ...)", move || {
        let mut args = vec!["<%s>"];
        args.extend(tricky);
        run("printf", &args)
    })
    .expect("printf exists");
    assert_eq!(
        out.stdout, "<it's><\"quoted\"><line1\nline2><><-n><tab\there>",
        "each argument, empty ones too, reaches the program as one argument"
    );
}

#[test]
fn the_shell_expands_what_run_does_not() {
    let (a, b) = (test_seed() % 1000, test_seed() % 777);
    let line = format!("echo $(({a} + {b}))");
    let (shell, direct) = finish_within(LIMIT, "run_shell and run of the same text", move || {
        (run_shell(&line), run("echo", &[&line]))
    });
    assert_eq!(shell.expect("sh exists").stdout, format!("{}\n", a + b));
    assert_eq!(
        direct.expect("echo exists").stdout,
        format!("echo $(({a} + {b}))\n"),
        "run must not use a shell"
    );
}

#[test]
fn a_shell_command_that_is_missing_is_exit_code_127() {
    let out = finish_within(LIMIT, "run_shell of a missing command", || {
        run_shell("no-such-program-sp-run")
    })
    .expect("sh itself exists");
    assert_eq!(
        out.status.code(),
        Some(127),
        "the shell's code for 'not found'"
    );
    assert!(!out.stderr.is_empty(), "the shell complains on stderr");
}

#[test]
fn a_path_that_is_not_a_program_is_an_error() {
    let missing = std::env::temp_dir().join("sp-run-no-such-dir").join("prog");
    let missing = missing.to_string_lossy().into_owned();
    let (missing_result, dir_result) = finish_within(LIMIT, "run of bad paths", move || {
        (run(&missing, &[]), run("/", &[]))
    });
    assert_eq!(
        missing_result.expect_err("no such file").kind(),
        ErrorKind::NotFound
    );
    assert!(dir_result.is_err(), "a directory cannot be run");
}

#[test]
fn invalid_utf8_on_stderr_does_not_panic_either() {
    let out = finish_within(LIMIT, "run_shell with binary stderr", || {
        run_shell("printf 'x\\200y' >&2; printf '\\303'")
    })
    .expect("sh exists");
    assert_eq!(out.stderr, "x\u{FFFD}y");
    assert_eq!(out.stdout, "\u{FFFD}");
}

#[test]
fn many_runs_at_once_keep_their_own_output() {
    let seed = test_seed();
    let outputs = finish_within(LIMIT, "8 threads calling run", move || {
        std::thread::scope(|s| {
            let handles: Vec<_> = (0..8u64)
                .map(|i| s.spawn(move || run("echo", &[&format!("{}", seed ^ i)])))
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
                .collect::<Vec<_>>()
        })
    });
    for (i, out) in outputs.into_iter().enumerate() {
        assert_eq!(
            out.expect("echo exists").stdout,
            format!("{}\n", seed ^ i as u64)
        );
    }
}
