//! # q-executor: A shell executor on its own thread
//!
//! A worker thread takes shell commands from one queue, runs each with `sh -c`, and puts
//! what it printed (or why it failed) on a second queue, in order. The command
//! [`QUIT`] (`!quit`) stops it. A failing or missing command is an error *result*; it
//! never stops the executor.
//!
//! After `000_423ad200312eb3ed.txt`, E3.5 (the "more complicated example": `executor`
//! with a command queue, a result queue and `!quit`). The statement is the
//! `q-executor` section of `ex-queues/README.md`.

use std::time::Duration;

use crossbeam_channel::{Receiver, RecvTimeoutError, Sender};

/// The command that stops the executor (compared with the whole command, exactly).
pub const QUIT: &str = "!quit";

/// Why a command gave no output.
#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    /// `sh` itself could not be started.
    #[error("failed to start `sh -c {command:?}`")]
    Spawn {
        /// The command as submitted.
        command: String,
        /// What the operating system reported.
        #[source]
        source: std::io::Error,
    },
    /// The command ran but did not exit with status 0 (a missing command exits with 127).
    #[error("`{command}` failed with exit code {code:?}: {stderr}")]
    Failed {
        /// The command as submitted.
        command: String,
        /// The exit code, or `None` if a signal ended the command.
        code: Option<i32>,
        /// What the command wrote to standard error.
        stderr: String,
    },
}

/// The outcome of one command: its standard output, or why it failed.
pub type CommandResult = Result<String, CommandError>;

/// Runs `command` with `sh -c`, waits for it, and returns its standard output.
///
/// # Errors
/// [`CommandError::Failed`] if it exits with a status other than 0,
/// [`CommandError::Spawn`] if `sh` cannot be started.
///
/// ```no_run
/// use ex_queues::executor::{run_command, CommandError};
///
/// assert_eq!(run_command("echo hello").unwrap(), "hello\n");
/// assert!(matches!(
///     run_command("echo oops >&2; exit 3"),
///     Err(CommandError::Failed { code: Some(3), .. })
/// ));
/// ```
pub fn run_command(command: &str) -> CommandResult {
    todo!(
        "q-executor: run_command({command:?}): run it with `sh -c`, return its stdout, or an error if it exits non-zero"
    )
}

/// The executor's loop, run on its thread: takes commands from `commands` until it gets
/// [`QUIT`] (or every sender is gone), runs each with [`run_command`] and sends the
/// result on `results`, in order. Returns how many commands it ran.
///
/// ```no_run
/// let (command_tx, commands) = crossbeam_channel::unbounded();
/// let (results_tx, results) = crossbeam_channel::unbounded();
/// for command in ["echo one", "exit 1", "!quit", "echo never"] {
///     command_tx.send(command.to_string()).unwrap();
/// }
/// assert_eq!(ex_queues::executor::executor_loop(commands, results_tx), 2);
/// assert_eq!(results.recv().unwrap().unwrap(), "one\n");
/// assert!(results.recv().unwrap().is_err());
/// assert!(results.recv().is_err()); // the loop dropped its sender: no more results
/// ```
pub fn executor_loop(commands: Receiver<String>, results: Sender<CommandResult>) -> usize {
    let _ = (&commands, &results);
    todo!(
        "q-executor: executor_loop(commands, results): for each command until \"!quit\", send run_command's result on results; return how many ran"
    )
}

/// A running executor: a thread running [`executor_loop`] between two channels.
///
/// # Examples
///
/// ```no_run
/// use std::time::Duration;
/// use ex_queues::executor::Executor;
///
/// let executor = Executor::start();
/// executor.submit("echo hi");
/// executor.submit("no-such-command-here");
/// let first = executor.recv_timeout(Duration::from_secs(5)).unwrap();
/// assert_eq!(first.unwrap(), "hi\n");
/// let second = executor.recv_timeout(Duration::from_secs(5)).unwrap();
/// assert!(second.is_err()); // an error result; the executor runs on
/// assert!(executor.quit().is_empty());
/// ```
#[derive(Debug)]
pub struct Executor {
    // TODO: the fields: the Sender of the command queue, the Receiver of the result
    // queue (crossbeam_channel), and the JoinHandle of the executor thread.
}

impl Executor {
    /// Starts the executor thread with an empty command queue and an empty result queue.
    pub fn start() -> Executor {
        todo!(
            "q-executor: start(): make a command channel and a result channel, spawn a thread running executor_loop"
        )
    }

    /// Puts `command` on the command queue and returns at once. Submitting [`QUIT`]
    /// stops the executor after the commands before it.
    pub fn submit(&self, command: impl Into<String>) {
        let command = command.into();
        todo!("q-executor: submit({command:?}): send it on the command queue, do not wait")
    }

    /// Waits up to `limit` for the next result.
    ///
    /// # Errors
    /// [`RecvTimeoutError::Timeout`] if none came in time;
    /// [`RecvTimeoutError::Disconnected`] if the executor has stopped and every result
    /// was received.
    pub fn recv_timeout(&self, limit: Duration) -> Result<CommandResult, RecvTimeoutError> {
        todo!("q-executor: recv_timeout({limit:?}): wait that long for the next result")
    }

    /// Sends [`QUIT`], waits for the executor thread to end, and returns the results
    /// nobody has received yet, in order.
    ///
    /// # Panics
    /// If the executor thread panicked, with its panic.
    pub fn quit(self) -> Vec<CommandResult> {
        todo!(
            "q-executor: quit(): submit \"!quit\", join the thread, collect the results not yet received"
        )
    }
}
