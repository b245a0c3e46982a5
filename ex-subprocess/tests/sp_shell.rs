//! Visible tests for sp-shell: `cargo test -p ex-subprocess --test sp_shell`.
//!
//! The library's `run_repl` is driven with text in memory; the `sp-shell` binary is
//! driven through its stdin. Everything between two prompts is one command's output.

#[path = "support/shell_driver.rs"]
mod shell_driver;

use std::time::Duration;

use ex_subprocess::shell::{DEFAULT_TICK, PROMPT, TICK_VARIABLE, tick_setting};
use shell_driver::{assert_clean_exit, repl, run_binary, segments, start_shell};
use testkit::{seeded_generator, test_seed};

#[test]
fn each_command_prints_its_output_after_its_prompt() {
    let mut next = seeded_generator(test_seed());
    let (a, b, c) = (next() % 100_000, next() % 100_000, next() % 100_000);
    let input = format!("echo first-{a}\nprintf '%s\\n' second-{b}\necho $(({c} + 1))\n");
    let output = repl(&input, DEFAULT_TICK);
    let parts = segments(&output);
    assert_eq!(
        parts.len(),
        4,
        "three commands and the end of input: expected 4 prompts in {output:?}"
    );
    assert!(parts[0].contains(&format!("first-{a}")), "{output:?}");
    assert!(parts[1].contains(&format!("second-{b}")), "{output:?}");
    assert!(
        parts[2].contains(&(c + 1).to_string()),
        "the line goes through `sh -c`, so $(( )) is worked out: {output:?}"
    );
}

#[test]
fn a_failing_command_is_reported_and_the_next_one_still_runs() {
    let mut next = seeded_generator(test_seed());
    let (code, word) = (1 + next() % 120, next() % 100_000);
    let input = format!("echo oops-{word} >&2; exit {code}\necho after-{word}\n");
    let output = repl(&input, DEFAULT_TICK);
    let parts = segments(&output);
    assert!(
        parts.len() >= 2 && parts[0].contains(&format!("oops-{word}")),
        "the failing command's stderr should be shown: {output:?}"
    );
    assert!(
        parts[0].contains(&format!("exit status: {code}")),
        "the failing command should be reported as `exit status: {code}`: {output:?}"
    );
    assert!(
        parts[1].contains(&format!("after-{word}")),
        "after a failing command the REPL must go on with the next one: {output:?}"
    );
}

#[test]
fn a_slow_command_gets_dots_while_it_runs() {
    let output = repl("sleep 0.3\necho done\n", Duration::from_millis(20));
    let parts = segments(&output);
    assert!(
        parts[0].contains('.'),
        "`sleep 0.3` with a 20 ms tick should print at least one `.`: {output:?}"
    );
    assert!(parts[1].contains("done"), "{output:?}");
}

#[test]
fn a_fast_command_gets_no_dots_and_its_result_at_once() {
    // With a one-minute tick, a REPL that sleeps a whole tick before looking whether the
    // command is done would take a minute here; the test gives it 5 s.
    let output = repl("echo hi\n", Duration::from_secs(60));
    let parts = segments(&output);
    assert!(parts[0].contains("hi"), "{output:?}");
    assert!(
        !parts[0].contains('.'),
        "`echo hi` ends long before a one-minute tick, so no `.` is due: {output:?}"
    );
}

#[test]
fn quit_ends_the_loop_and_later_lines_are_not_run() {
    let word = test_seed() % 100_000;
    let output = repl(
        &format!("echo before-{word}\n!quit\necho never-{word}\n"),
        DEFAULT_TICK,
    );
    assert!(output.contains(&format!("before-{word}")), "{output:?}");
    assert!(
        !output.contains(&format!("never-{word}")),
        "the line after !quit must not run: {output:?}"
    );
}

#[test]
fn the_end_of_the_input_ends_the_loop() {
    let output = repl("echo last\n", DEFAULT_TICK);
    assert!(output.contains("last"), "{output:?}");
    assert!(
        output.ends_with(PROMPT),
        "after the last command the REPL prompts once more, then sees the end: {output:?}"
    );
}

#[test]
fn the_tick_comes_from_the_flag_then_the_environment_then_the_default() {
    let args = |list: &[&str]| list.iter().map(ToString::to_string).collect::<Vec<_>>();
    let ms = 1 + test_seed() % 5000;
    let text = ms.to_string();
    let expected = Ok(Duration::from_millis(ms));
    assert_eq!(
        tick_setting(&args(&["--tick-ms", &text]), None),
        expected,
        "--tick-ms {ms}"
    );
    assert_eq!(
        tick_setting(&args(&[]), Some(&text)),
        expected,
        "{TICK_VARIABLE}={ms}"
    );
    assert_eq!(
        tick_setting(&args(&["--tick-ms", &text]), Some("7")),
        expected,
        "the flag wins over the environment"
    );
    assert_eq!(
        tick_setting(&args(&[]), None),
        Ok(DEFAULT_TICK),
        "neither flag nor environment: the default"
    );
}

#[test]
fn the_binary_runs_commands_from_stdin_and_exits_cleanly_on_quit() {
    let word = test_seed() % 100_000;
    let run = run_binary(
        &[],
        &[],
        &format!("echo one-{word}\nfalse\necho two-{word}\n!quit\necho never-{word}\n"),
    );
    assert_clean_exit(&run);
    let parts = segments(&run.stdout);
    assert!(
        parts[0].contains(&format!("one-{word}")),
        "{:?}",
        run.stdout
    );
    assert!(
        parts[1].contains("exit status: 1"),
        "`false` should be reported as failed: {:?}",
        run.stdout
    );
    assert!(
        parts[2].contains(&format!("two-{word}")),
        "the command after a failure should run: {:?}",
        run.stdout
    );
    assert!(!run.stdout.contains(&format!("never-{word}")));
}

#[test]
fn the_binary_exits_cleanly_at_the_end_of_its_input() {
    let run = run_binary(&[], &[], "echo bye\n");
    assert_clean_exit(&run);
    assert!(run.stdout.contains("bye"), "{:?}", run.stdout);
}

#[test]
fn the_binary_prints_dots_with_a_tick_from_the_flag() {
    let run = run_binary(&["--tick-ms", "20"], &[], "sleep 0.3\n");
    assert_clean_exit(&run);
    assert!(
        segments(&run.stdout)[0].contains('.'),
        "sp-shell --tick-ms 20 should print dots during `sleep 0.3`: {:?}",
        run.stdout
    );
}

#[test]
fn the_binary_can_be_driven_one_line_at_a_time() {
    let mut next = seeded_generator(test_seed());
    let mut shell = start_shell(&["--tick-ms", "60000"], &[]);
    for round in 0..3 {
        let number = next() % 1_000_000;
        shell.send(&format!("echo $(({number} * 2))\n"));
        let expected = (number * 2).to_string();
        shell.wait_for_stdout(
            &expected,
            &format!("sp-shell to answer command {round} with {expected}"),
        );
    }
    assert_clean_exit(&shell.finish());
}
