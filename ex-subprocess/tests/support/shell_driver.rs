//! Drivers the sp-shell tests share (visible and hidden): `run_repl` on text in memory,
//! the `sp-shell` binary through its stdin, and the prompt that splits one command's
//! output from the next.
//!
//! Included by `#[path]` from `tests/sp_shell.rs` and from the hidden tests.

use std::process::Command;
use std::time::Duration;

use ex_subprocess::shell::{PROMPT, TICK_VARIABLE, run_repl};
use testkit::{Finished, Interactive, finish_within};

/// How long any one wait on the REPL or the binary may take.
pub const LIMIT: Duration = Duration::from_secs(5);

/// Runs the REPL on `input` with `tick` and returns everything it wrote.
pub fn repl(input: &str, tick: Duration) -> String {
    let input = input.to_owned();
    let what = format!(
        "run_repl with a {tick:?} tick (a command's result should appear as soon as it ends, \
         and its output should be read while it runs)"
    );
    finish_within(LIMIT, &what, move || {
        let mut output = Vec::new();
        run_repl(input.as_bytes(), &mut output, tick)
            .expect("run_repl returned an error, but reading and writing memory cannot fail");
        String::from_utf8_lossy(&output).into_owned()
    })
}

/// The output of each command: the text after each prompt (the last one is what came
/// after the final prompt, normally nothing).
pub fn segments(output: &str) -> Vec<&str> {
    assert!(
        output.starts_with(PROMPT),
        "the output should start with the prompt {PROMPT:?}, but it is {output:?}"
    );
    output.split(PROMPT).skip(1).collect()
}

/// Starts the `sp-shell` binary with `args` and `env` (the tick variable is cleared first,
/// so only `env` sets it), driven through its stdin with every wait bounded by [`LIMIT`].
pub fn start_shell(args: &[&str], env: &[(&str, &str)]) -> Interactive {
    let mut command = Command::new(testkit::program_path(
        "sp-shell",
        option_env!("CARGO_BIN_EXE_sp-shell"),
    ));
    command
        .args(args)
        .env_remove(TICK_VARIABLE)
        // A panic in the binary then shows its message without a long backtrace.
        .env("RUST_BACKTRACE", "0")
        .envs(env.iter().copied());
    Interactive::start(command, "sp-shell", LIMIT)
}

/// Runs the binary on `input` to the end.
pub fn run_binary(args: &[&str], env: &[(&str, &str)], input: &str) -> Finished {
    let mut shell = start_shell(args, env);
    shell.send(input);
    shell.finish()
}

pub fn assert_clean_exit(run: &Finished) {
    assert!(
        run.status.success(),
        "sp-shell should exit with status 0, but it ended with {}.\nstdout: {:?}\nstderr:\n{}",
        run.status,
        run.stdout,
        run.stderr
    );
}
