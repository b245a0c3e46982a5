//! # sp-timeout: Kill a program that took too long
//!
//! Start a command, give it until a deadline, and if it is still running then, kill it
//! *and everything it started*, reap it, and report "took too long" with whatever it had
//! printed. After `000_423ad200312eb3ed.txt`, E3.2 (`Popen("sleep 5", shell=True)`,
//! `wait(5)`, `kill()`). The statement is the `sp-timeout` section of
//! `ex-subprocess/README.md`.

use std::io;
use std::process::{Command, ExitStatus};
use std::time::Duration;

/// A command that finished before its deadline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completed {
    /// How it ended (exit code or signal).
    pub status: ExitStatus,
    /// Everything it wrote to standard output (lossy UTF-8).
    pub stdout: String,
    /// Everything it wrote to standard error (lossy UTF-8).
    pub stderr: String,
}

/// Why [`run_with_timeout`] returned no [`Completed`].
#[derive(Debug, thiserror::Error)]
pub enum TimeoutError {
    /// The command could not be started, or waiting for it failed.
    #[error("could not run the command")]
    Io(#[from] io::Error),
    /// The deadline passed first: the command and its process group were killed.
    #[error("took too long: killed after {deadline:?}")]
    TookTooLong {
        /// The deadline that passed.
        deadline: Duration,
        /// What the command wrote to standard output before it was killed.
        stdout: String,
        /// What it wrote to standard error before it was killed.
        stderr: String,
    },
}

/// Runs `command` and waits at most `deadline` for it to finish.
///
/// The command runs in a process group of its own, with an empty stdin and with stdout
/// and stderr captured (read while it runs, so a chatty command cannot stall). It has
/// finished when it has exited *and* closed its output; a background process that still
/// holds the output open keeps it "running". When the deadline passes first, every
/// process of the group gets `SIGKILL` (a shell and the `sleep` it started alike), the
/// child is reaped (no zombie is left), and the call returns soon after the deadline.
///
/// # Errors
/// [`TimeoutError::TookTooLong`] when the deadline passed, with the output so far;
/// [`TimeoutError::Io`] when the command cannot start.
///
/// ```no_run
/// use std::process::Command;
/// use std::time::Duration;
/// use ex_subprocess::timeout::{TimeoutError, run_with_timeout};
///
/// let mut quick = Command::new("sh");
/// quick.args(["-c", "echo done; exit 2"]);
/// let done = run_with_timeout(&mut quick, Duration::from_secs(5)).unwrap();
/// assert_eq!((done.stdout.as_str(), done.status.code()), ("done\n", Some(2)));
///
/// let mut slow = Command::new("sh");
/// slow.args(["-c", "echo started; sleep 30"]);
/// match run_with_timeout(&mut slow, Duration::from_millis(100)) {
///     Err(TimeoutError::TookTooLong { stdout, .. }) => assert_eq!(stdout, "started\n"),
///     other => panic!("expected a timeout, got {other:?}"),
/// }
/// ```
pub fn run_with_timeout(
    command: &mut Command,
    deadline: Duration,
) -> Result<Completed, TimeoutError> {
    todo!(
        "sp-timeout: spawn {command:?} in its own process group with stdout/stderr piped, wait at most {deadline:?}, then kill the group with SIGKILL, reap the child and return TookTooLong"
    )
}
