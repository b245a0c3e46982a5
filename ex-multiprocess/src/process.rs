//! # mp-process: Worker processes that say who they are
//!
//! Start one real OS process per worker, all at once, each running this crate's
//! `mp-worker` program with the worker's name and exit code as arguments. Each worker
//! prints its name, its process id and its parent's, and exits with its code; the parent
//! waits for every one and collects what each said and how it ended.
//!
//! After `003_6d07538b8dc49121.txt`, "The Process class" (`info(title)` with `os.getpid()`
//! and `os.getppid()`, and ten workers started then joined) and "Determining the Current
//! Process" (named processes), and `000_423ad200312eb3ed.txt`, E3.4. The statement is the
//! `mp-process` section of `ex-multiprocess/README.md`.

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitStatus;

/// A worker to start: what it is called and the status it exits with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkerSpec {
    /// The worker's name (any text; it travels as one argument, spaces and all).
    pub name: String,
    /// The exit status the worker ends with.
    pub exit_code: u8,
}

/// What a worker says about itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkerReport {
    /// The name it was given.
    pub name: String,
    /// Its own process id.
    pub pid: u32,
    /// Its parent's process id.
    pub parent_pid: u32,
}

/// How one worker ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finished {
    /// What the worker printed about itself.
    pub report: WorkerReport,
    /// The process id the parent started (it must equal `report.pid`).
    pub pid: u32,
    /// Its exit status.
    pub status: ExitStatus,
}

/// Why [`run_workers`] failed.
#[derive(Debug, thiserror::Error)]
pub enum ProcessError {
    /// The worker program could not be started.
    #[error("failed to start worker {name:?}")]
    Spawn {
        /// The worker's name.
        name: String,
        /// What the system said.
        #[source]
        source: io::Error,
    },
    /// Waiting for a worker, or reading what it printed, failed.
    #[error("failed to wait for worker {name:?}")]
    Wait {
        /// The worker's name.
        name: String,
        /// What the system said.
        #[source]
        source: io::Error,
    },
    /// A worker did not print a report in the expected form.
    #[error("worker {name:?} printed {printed:?}, which is not `<pid> <parent pid> <name>`")]
    BadReport {
        /// The worker's name.
        name: String,
        /// What it printed.
        printed: String,
    },
}

/// The worker's side: prints `<pid> <parent pid> <name>` on one line to `out` and
/// returns `exit_code`, for the program to exit with.
///
/// # Errors
/// If `out` cannot be written.
///
/// ```no_run
/// use ex_multiprocess::process::report_worker;
///
/// let mut out = Vec::new();
/// assert_eq!(report_worker("w1", 3, &mut out)?, 3);
/// let line = String::from_utf8(out).unwrap();
/// assert!(line.ends_with(" w1\n"));
/// assert!(line.starts_with(&std::process::id().to_string()));
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn report_worker(name: &str, exit_code: u8, out: &mut impl Write) -> io::Result<u8> {
    todo!(
        "mp-process: print this process's pid, its parent's pid and {name:?} on one line to {out:p}, then return {exit_code}"
    )
}

/// Starts one process per spec, all of them before waiting for any, each running
/// `program process <name> <exit code>`; then waits for every one and returns how each
/// ended, in the order of `specs`.
///
/// # Errors
/// The first [`ProcessError`] met. Workers already started are killed and waited for
/// first, so an error leaves no process behind.
pub fn run_workers(program: &Path, specs: &[WorkerSpec]) -> Result<Vec<Finished>, ProcessError> {
    todo!(
        "mp-process: start `{program:?} process <name> <code>` for every one of {specs:?}, all before waiting for any; then read each report and wait for each exit"
    )
}
