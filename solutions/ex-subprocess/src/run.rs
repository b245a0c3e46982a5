//! # sp-run: Run a program and capture what it says
//!
//! Start a program, wait for it to end, and keep its exit status, its standard output and
//! its standard error as text; once with the arguments handed over as they are, once with
//! a command line that `sh -c` interprets. After `000_423ad200312eb3ed.txt`, E3.2
//! (`subprocess.run(..., shell=True, capture_output=True, text=True)`), and
//! `002_f1ed66b6bd3778ad.txt`, §7.3. The statement is the `sp-run` section of
//! `ex-subprocess/README.md`.

use std::io;
use std::process::{Command, ExitStatus};

/// What a finished program left behind: how it ended and what it printed.
///
/// The text fields are *lossy*: bytes that are not valid UTF-8 become `U+FFFD`
/// (`�`), so a program that prints binary data never makes the caller panic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// How the program ended. `status.code()` is its exit code, or `None` when a signal
    /// killed it (then `std::os::unix::process::ExitStatusExt::signal` says which).
    pub status: ExitStatus,
    /// Everything the program wrote to its standard output.
    pub stdout: String,
    /// Everything the program wrote to its standard error.
    pub stderr: String,
}

/// Runs `program` with `args`, waits for it, and returns its status and output.
///
/// No shell is involved: each argument reaches the program exactly as given (spaces,
/// quotes, `*` and `$` included), and the program is looked up on `PATH` when its name
/// has no `/`. Its standard input is empty, so a program that reads it sees the end at
/// once. A non-zero exit is *not* an error here: it is in [`Output::status`].
///
/// # Errors
/// When the program cannot be started: it does not exist (`io::ErrorKind::NotFound`), it
/// is not executable (`PermissionDenied`), and so on.
///
/// ```
/// use ex_subprocess::run::run;
///
/// let out = run("echo", &["dog is a pet"]).unwrap();
/// assert_eq!(out.stdout, "dog is a pet\n");
/// assert_eq!(out.status.code(), Some(0));
/// assert!(run("no-such-program-here", &[]).is_err());
/// ```
pub fn run(program: &str, args: &[&str]) -> io::Result<Output> {
    // `output()` pipes stdout and stderr and reads both *at the same time* while the
    // program runs, so a program that prints a lot can never fill a pipe and stall.
    // Its stdin is /dev/null unless we say otherwise.
    let raw = Command::new(program).args(args).output()?;
    Ok(Output {
        status: raw.status,
        // Programs print bytes, not Rust strings: decode lossily instead of unwrapping.
        stdout: String::from_utf8_lossy(&raw.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&raw.stderr).into_owned(),
    })
}

/// Runs `command_line` through the shell, like Python's `subprocess.run(line, shell=True)`.
///
/// The line goes to `sh -c`, so pipes, redirections, `$VARIABLES` and `;` work, and so
/// does every quoting pitfall: never paste untrusted text into it.
///
/// # Errors
/// When `sh` itself cannot be started. A command the shell cannot find is not an error
/// here: the shell reports it on stderr and exits with code 127.
///
/// ```
/// use ex_subprocess::run::run_shell;
///
/// let out = run_shell("echo 'dog is a pet' | sed s/dog/cat/; exit 3").unwrap();
/// assert_eq!(out.stdout, "cat is a pet\n");
/// assert_eq!(out.status.code(), Some(3));
/// ```
pub fn run_shell(command_line: &str) -> io::Result<Output> {
    run("sh", &["-c", command_line])
}
