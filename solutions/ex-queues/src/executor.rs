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

use std::process::Command;
use std::thread::{self, JoinHandle};
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
/// ```
/// use ex_queues::executor::{run_command, CommandError};
///
/// assert_eq!(run_command("echo hello").unwrap(), "hello\n");
/// assert!(matches!(
///     run_command("echo oops >&2; exit 3"),
///     Err(CommandError::Failed { code: Some(3), .. })
/// ));
/// ```
pub fn run_command(command: &str) -> CommandResult {
    let output = Command::new("sh")
        .arg("-c")
        .arg(command)
        .output()
        .map_err(|source| CommandError::Spawn {
            command: command.to_string(),
            source,
        })?;
    // Python's subprocess.run ignores the exit status unless asked; here it decides.
    if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    } else {
        Err(CommandError::Failed {
            command: command.to_string(),
            code: output.status.code(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        })
    }
}

/// The executor's loop, run on its thread: takes commands from `commands` until it gets
/// [`QUIT`] (or every sender is gone), runs each with [`run_command`] and sends the
/// result on `results`, in order. Returns how many commands it ran.
///
/// ```
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
    let mut ran = 0;
    for command in commands {
        if command == QUIT {
            break;
        }
        ran += 1;
        // A failure is a value to pass on, not a reason to stop.
        if results.send(run_command(&command)).is_err() {
            break; // nobody is listening any more
        }
    }
    ran
}

/// A running executor: a thread running [`executor_loop`] between two channels.
///
/// # Examples
///
/// ```
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
    commands: Sender<String>,
    results: Receiver<CommandResult>,
    thread: JoinHandle<usize>,
}

impl Executor {
    /// Starts the executor thread with an empty command queue and an empty result queue.
    pub fn start() -> Executor {
        // std::sync::mpsc would do as well: each queue has one sender and one receiver.
        let (commands, command_queue) = crossbeam_channel::unbounded();
        let (result_queue, results) = crossbeam_channel::unbounded();
        let thread = thread::spawn(move || executor_loop(command_queue, result_queue));
        Executor {
            commands,
            results,
            thread,
        }
    }

    /// Puts `command` on the command queue and returns at once. Submitting [`QUIT`]
    /// stops the executor after the commands before it.
    pub fn submit(&self, command: impl Into<String>) {
        // The executor may have quit already; then the command is simply not run.
        let _ = self.commands.send(command.into());
    }

    /// Waits up to `limit` for the next result.
    ///
    /// # Errors
    /// [`RecvTimeoutError::Timeout`] if none came in time;
    /// [`RecvTimeoutError::Disconnected`] if the executor has stopped and every result
    /// was received.
    pub fn recv_timeout(&self, limit: Duration) -> Result<CommandResult, RecvTimeoutError> {
        self.results.recv_timeout(limit)
    }

    /// Sends [`QUIT`], waits for the executor thread to end, and returns the results
    /// nobody has received yet, in order.
    ///
    /// # Panics
    /// If the executor thread panicked, with its panic.
    pub fn quit(self) -> Vec<CommandResult> {
        self.submit(QUIT);
        if let Err(panic) = self.thread.join() {
            std::panic::resume_unwind(panic);
        }
        // The thread has ended and dropped its sender: this drains what is left.
        self.results.iter().collect()
    }
}
