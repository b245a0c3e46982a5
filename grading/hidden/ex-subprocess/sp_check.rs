//! Hidden tests for sp-check: every error variant with its fields and message, permission
//! errors, large and binary outputs, and stdout that must not leak into a failure.

use std::error::Error;
use std::time::Duration;

use ex_subprocess::check::{CheckError, check_output, check_shell};
use testkit::{finish_within, test_seed};

const LIMIT: Duration = Duration::from_secs(5);

#[test]
fn exit_codes_from_the_seed_are_reported_exactly() {
    let seed = test_seed();
    for i in 0..5 {
        let code = 1 + ((seed >> (i * 8)) % 254) as i32;
        let marker = format!("marker-{}", seed >> i);
        let line = format!("echo {marker} >&2; exit {code}");
        let result = finish_within(LIMIT, "check_shell(\"exit N\")", move || check_shell(&line));
        match result {
            Err(CheckError::Failed {
                program,
                code: got,
                stderr,
            }) => {
                assert_eq!(got, code);
                assert_eq!(stderr, format!("{marker}\n"));
                assert_eq!(program, "sh", "check_shell names the program \"sh\"");
            }
            other => panic!("exit {code}: expected CheckError::Failed, got {other:?}"),
        }
    }
}

#[test]
fn failed_message_names_the_program_and_the_code() {
    let result = finish_within(LIMIT, "check_output(\"ls\", bad dir)", || {
        check_output("ls", &["/no/such/dir/sp-check"])
    });
    let error = result.expect_err("ls of a missing directory fails");
    let CheckError::Failed { code, .. } = &error else {
        panic!("expected CheckError::Failed, got {error:?}");
    };
    let message = error.to_string();
    assert!(
        message.contains("ls") && message.contains(&code.to_string()),
        "the message should name the program and the code: {message:?}"
    );
}

#[test]
fn sigkill_is_a_signal_error_with_stderr() {
    let result = finish_within(LIMIT, "check_shell killed by SIGKILL", || {
        check_shell("echo dying >&2; kill -KILL $$")
    });
    match result {
        Err(CheckError::Signal { signal, stderr, .. }) => {
            assert_eq!(signal, 9, "SIGKILL is 9");
            assert_eq!(
                stderr, "dying\n",
                "stderr written before the signal is kept"
            );
        }
        other => panic!("expected CheckError::Signal, got {other:?}"),
    }
}

#[test]
fn a_file_that_is_not_executable_is_a_spawn_error() {
    let path = std::env::temp_dir().join(format!("sp-check-not-exec-{}", std::process::id()));
    std::fs::write(&path, "echo hi\n").expect("write a temp file");
    let program = path.to_string_lossy().into_owned();
    let result = finish_within(LIMIT, "check_output of a non-executable file", move || {
        check_output(&program, &[])
    });
    let _ = std::fs::remove_file(&path);
    match result {
        Err(error @ CheckError::Spawn { .. }) => {
            let source = error
                .source()
                .expect("Spawn keeps the io::Error as its source");
            let io = source
                .downcast_ref::<std::io::Error>()
                .expect("the source is an io::Error");
            assert_eq!(io.kind(), std::io::ErrorKind::PermissionDenied);
        }
        other => panic!("a non-executable file should be CheckError::Spawn, got {other:?}"),
    }
}

#[test]
fn a_missing_path_is_not_found() {
    let result = finish_within(LIMIT, "check_output(\"./no-such\")", || {
        check_output("./no-such-program-sp-check", &["a"])
    });
    assert!(
        matches!(result, Err(CheckError::NotFound { ref program }) if program == "./no-such-program-sp-check"),
        "expected CheckError::NotFound naming the program, got {result:?}"
    );
}

#[test]
fn a_missing_command_in_the_shell_is_code_127() {
    let result = finish_within(LIMIT, "check_shell of a missing command", || {
        check_shell("no-such-program-sp-check")
    });
    assert!(
        matches!(result, Err(CheckError::Failed { code: 127, .. })),
        "the shell exits with 127 when it cannot find a command, got {result:?}"
    );
}

#[test]
fn large_and_binary_output_succeeds() {
    let result = finish_within(LIMIT, "check_shell with 500 kB of output", || {
        check_shell("head -c 500000 /dev/zero; head -c 200000 /dev/zero >&2; printf '\\377'")
    });
    let out = result.expect("the command exits with 0");
    assert_eq!(out.len(), 500_000 + '\u{FFFD}'.len_utf8());
    assert!(
        out.ends_with('\u{FFFD}'),
        "invalid UTF-8 is replaced, not a panic"
    );
}

#[test]
fn stderr_of_a_success_is_not_an_error() {
    let result = finish_within(LIMIT, "check_shell with a warning", || {
        check_shell("echo warning >&2; echo fine")
    });
    assert_eq!(
        result.expect("exit 0 is success, whatever stderr says"),
        "fine\n"
    );
}
