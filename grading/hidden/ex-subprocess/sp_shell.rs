//! Hidden tests for sp-shell: a REPL that stops at a failing command or a signal, a
//! command that writes more than a pipe holds, a result that waits out the tick, a
//! command that reads the shell's own input, dots with a zero tick, the environment
//! setting, bad settings, non-UTF-8 output, many commands in a row.

// The drivers the visible tests use too.
#[path = "../../../ex-subprocess/tests/support/shell_driver.rs"]
mod shell_driver;

use std::thread;
use std::time::Duration;

use ex_subprocess::shell::{TICK_VARIABLE, TickError, run_repl, tick_setting};
use shell_driver::{LIMIT, assert_clean_exit, repl, run_binary, segments, start_shell};
use testkit::{finish_within, seeded_generator, test_seed};

/// Runs the REPL on raw bytes and returns the raw bytes it wrote.
fn repl_bytes(input: &[u8], tick: Duration) -> Vec<u8> {
    let input = input.to_vec();
    let what = format!(
        "run_repl with a {tick:?} tick (a command's result should appear as soon as it ends, \
         and its output should be read while it runs)"
    );
    finish_within(LIMIT, &what, move || {
        let mut output = Vec::new();
        run_repl(input.as_slice(), &mut output, tick)
            .expect("run_repl returned an error, but reading and writing memory cannot fail");
        output
    })
}

const A_MINUTE: Duration = Duration::from_secs(60);

#[test]
fn many_failures_in_a_row_never_end_the_loop() {
    let mut next = seeded_generator(test_seed());
    let mut input = String::new();
    let mut expected = Vec::new();
    for round in 0..12 {
        let code = 1 + next() % 125;
        let word = next() % 1_000_000;
        input.push_str(&format!("echo bad-{word} >&2; exit {code}\n"));
        expected.push(vec![format!("bad-{word}"), format!("exit status: {code}")]);
        input.push_str(&format!("echo good-{round}-{word}\n"));
        expected.push(vec![format!("good-{round}-{word}")]);
    }
    let output = repl(&input, A_MINUTE);
    let parts = segments(&output);
    assert!(
        parts.len() > expected.len(),
        "24 commands, half of them failing, should all run (the REPL ended early): {output:?}"
    );
    for (index, wanted) in expected.iter().enumerate() {
        for piece in wanted {
            assert!(
                parts[index].contains(piece.as_str()),
                "command {index} should show {piece:?}, but its output is {:?}",
                parts[index]
            );
        }
    }
}

#[test]
fn a_command_killed_by_a_signal_is_reported_and_the_loop_goes_on() {
    let word = test_seed() % 1_000_000;
    let output = repl(&format!("kill -9 $$\necho alive-{word}\n"), A_MINUTE);
    let parts = segments(&output);
    assert!(
        parts.len() >= 2 && parts[0].contains("killed by signal 9"),
        "a shell that kills itself with signal 9 should be reported as `killed by signal 9`: {output:?}"
    );
    assert!(
        parts[1].contains(&format!("alive-{word}")),
        "the REPL must go on after a command killed by a signal: {output:?}"
    );
}

#[test]
fn a_command_that_cannot_be_found_is_reported_and_the_loop_goes_on() {
    let word = test_seed() % 1_000_000;
    let output = repl(
        &format!("no-such-command-{word}\necho next-{word}\n"),
        A_MINUTE,
    );
    let parts = segments(&output);
    assert!(
        parts.len() >= 2 && parts[0].contains("exit status: 127"),
        "sh reports an unknown command with status 127: {output:?}"
    );
    assert!(parts[1].contains(&format!("next-{word}")), "{output:?}");
}

#[test]
fn a_command_that_writes_more_than_a_pipe_holds_does_not_block() {
    // 200 000 lines of 11 bytes: far more than a pipe buffer (64 KiB). Reading the
    // output only after the command ends deadlocks: it waits for room in the pipe.
    let output = repl(
        "yes abcdefghij | head -n 200000\necho finished\n",
        Duration::from_millis(20),
    );
    let parts = segments(&output);
    let lines = parts[0].matches("abcdefghij\n").count();
    assert_eq!(
        lines, 200_000,
        "all 200 000 lines should be shown (read stdout and stderr while the command runs)"
    );
    assert!(parts[1].contains("finished"));
}

#[test]
fn a_large_stderr_does_not_block_either() {
    let output = repl(
        "yes abcdefghij | head -n 100000 >&2; echo out\n",
        Duration::from_millis(20),
    );
    let parts = segments(&output);
    assert_eq!(parts[0].matches("abcdefghij\n").count(), 100_000);
    assert!(parts[0].contains("out"));
}

#[test]
fn the_result_appears_without_waiting_out_the_tick() {
    // With a one-minute tick, a REPL that sleeps a tick before looking whether the
    // command is done needs minutes for these; the right one needs milliseconds.
    let mut next = seeded_generator(test_seed());
    let numbers: Vec<u64> = (0..5).map(|_| next() % 1_000_000).collect();
    let input: String = numbers.iter().map(|n| format!("echo n{n}\n")).collect();
    let output = repl(&input, A_MINUTE);
    let parts = segments(&output);
    for (index, n) in numbers.iter().enumerate() {
        assert!(parts[index].contains(&format!("n{n}")), "{output:?}");
        assert!(
            !parts[index].contains('.'),
            "no tick has passed: {output:?}"
        );
    }
}

#[test]
fn dots_come_before_the_result_and_then_a_new_line() {
    let output = repl("sleep 0.3; echo woke\n", Duration::from_millis(20));
    let first = segments(&output)[0];
    let dots = first.chars().take_while(|&c| c == '.').count();
    assert!(dots >= 1, "expected dots first: {first:?}");
    assert!(
        first[dots..].starts_with("\nwoke"),
        "after the dots: a newline, then the command's output: {first:?}"
    );
}

#[test]
fn a_zero_tick_turns_the_dots_off() {
    let output = repl("sleep 0.2\necho ok\n", Duration::ZERO);
    let parts = segments(&output);
    assert!(
        !parts[0].contains('.'),
        "a zero tick means no dots (not a stream of them): {:?}",
        output.chars().take(200).collect::<String>()
    );
    assert!(parts[1].contains("ok"));
}

#[test]
fn blank_lines_are_skipped_and_quit_may_be_surrounded_by_spaces() {
    let word = test_seed() % 1_000_000;
    let output = repl(
        &format!(
            "\n   \necho here-{word}\n  {}  \necho never-{word}\n",
            "!quit"
        ),
        A_MINUTE,
    );
    assert!(output.contains(&format!("here-{word}")), "{output:?}");
    assert!(
        !output.contains(&format!("never-{word}")),
        "`  !quit  ` should end the REPL: {output:?}"
    );
    assert!(
        !output.contains("exit status"),
        "a blank line is not a failing command: {output:?}"
    );
}

#[test]
fn stdout_and_stderr_of_a_successful_command_are_both_shown() {
    let word = test_seed() % 1_000_000;
    let output = repl(
        &format!("echo to-out-{word}; echo to-err-{word} >&2\n"),
        A_MINUTE,
    );
    let first = segments(&output)[0];
    assert!(first.contains(&format!("to-out-{word}")), "{output:?}");
    assert!(first.contains(&format!("to-err-{word}")), "{output:?}");
    assert!(
        !first.contains("exit status"),
        "the command succeeded: {output:?}"
    );
}

#[test]
fn output_that_is_not_utf8_is_passed_through() {
    let output = repl_bytes(b"printf '\\377\\376x'\necho after\n", A_MINUTE);
    assert!(
        output.windows(3).any(|w| w == [0xff, 0xfe, b'x']),
        "the bytes 0xff 0xfe should reach the output as they are"
    );
    assert!(String::from_utf8_lossy(&output).contains("after"));
}

#[test]
fn a_hundred_commands_answer_in_order() {
    let mut next = seeded_generator(test_seed());
    let numbers: Vec<u64> = (0..100).map(|_| next() % 1_000_000_000).collect();
    let input: String = numbers.iter().map(|n| format!("echo {n}\n")).collect();
    let output = repl(&input, A_MINUTE);
    let parts = segments(&output);
    assert_eq!(parts.len(), 101, "100 commands and the end: 101 prompts");
    for (index, n) in numbers.iter().enumerate() {
        assert_eq!(parts[index].trim(), n.to_string(), "command {index}");
    }
}

#[test]
fn tick_setting_refuses_bad_input() {
    let args = |list: &[&str]| list.iter().map(ToString::to_string).collect::<Vec<_>>();
    assert_eq!(
        tick_setting(&args(&["--tick-ms"]), None),
        Err(TickError::MissingValue)
    );
    assert_eq!(
        tick_setting(&args(&["--tick-ms", "soon"]), None),
        Err(TickError::NotANumber("soon".into()))
    );
    assert_eq!(
        tick_setting(&args(&[]), Some("-5")),
        Err(TickError::NotANumber("-5".into())),
        "a negative environment value"
    );
    assert_eq!(
        tick_setting(&args(&["--fast"]), None),
        Err(TickError::UnknownArgument("--fast".into()))
    );
    assert_eq!(
        tick_setting(&args(&["--tick-ms", "20"]), Some("garbage")),
        Ok(Duration::from_millis(20)),
        "with the flag given, the environment is not looked at"
    );
    assert_eq!(
        tick_setting(&args(&[]), Some(" 40 ")),
        Ok(Duration::from_millis(40)),
        "surrounding whitespace is allowed"
    );
    assert_eq!(
        tick_setting(&args(&["--tick-ms", "0"]), None),
        Ok(Duration::ZERO)
    );
}

#[test]
fn the_binary_keeps_going_after_failures() {
    let word = test_seed() % 1_000_000;
    let run = run_binary(
        &["--tick-ms", "60000"],
        &[],
        &format!("exit 4\nno-such-command-{word}\nkill -9 $$\necho survived-{word}\n"),
    );
    assert_clean_exit(&run);
    assert!(
        run.stdout.contains(&format!("survived-{word}")),
        "the binary must survive failing commands: {:?}",
        run.stdout
    );
}

#[test]
fn a_command_does_not_read_the_shells_own_input() {
    // Each command gets an empty stdin. If `cat` inherited the binary's stdin, it would
    // swallow the next line typed and then wait for more, forever.
    let number = test_seed() % 1_000_000;
    let mut shell = start_shell(&["--tick-ms", "60000"], &[]);
    shell.send("echo ready\n");
    shell.wait_for_stdout("ready", "the answer to `echo ready`");
    shell.send("cat\n");
    thread::sleep(Duration::from_millis(100));
    shell.send(&format!("echo $(({number} + 1))\n"));
    shell.wait_for_stdout(
        &format!("{}\n", number + 1),
        "the line after `cat` to run (does `cat` read the shell's own stdin? give each command Stdio::null())",
    );
    assert_clean_exit(&shell.finish());
}

#[test]
fn the_binary_takes_the_tick_from_the_environment() {
    let run = run_binary(&[], &[(TICK_VARIABLE, "20")], "sleep 0.3\n");
    assert_clean_exit(&run);
    assert!(
        segments(&run.stdout)[0].contains('.'),
        "{TICK_VARIABLE}=20 should give dots during `sleep 0.3`: {:?}",
        run.stdout
    );
}

#[test]
fn the_flag_beats_the_environment_in_the_binary() {
    let run = run_binary(
        &["--tick-ms", "60000"],
        &[(TICK_VARIABLE, "20")],
        "sleep 0.3\n",
    );
    assert_clean_exit(&run);
    assert!(
        !segments(&run.stdout)[0].contains('.'),
        "--tick-ms 60000 wins over {TICK_VARIABLE}=20, so no dots: {:?}",
        run.stdout
    );
}

#[test]
fn the_binary_refuses_a_bad_tick_with_a_message() {
    let run = run_binary(&["--tick-ms", "soon"], &[], "echo never\n");
    assert!(
        run.status.code() == Some(2) && !run.stderr.contains("panicked"),
        "with --tick-ms soon, tick_setting should return an error, and sp-shell then exits \
         with status 2 (it ended with {}).\nstdout: {:?}\nstderr:\n{}",
        run.status,
        run.stdout,
        run.stderr
    );
    assert!(
        !run.stderr.trim().is_empty(),
        "a bad tick should be explained on stderr"
    );
    assert!(!run.stdout.contains("never"));
}
