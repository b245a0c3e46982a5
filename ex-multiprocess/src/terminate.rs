//! # mp-terminate: Start, watch, terminate and join a worker process
//!
//! A `Process` like Python's `multiprocessing.Process`: made before it starts, started
//! once, asked whether it is alive, terminated (SIGTERM) or killed (SIGKILL), and joined
//! with an optional time limit; its exit code is Python's `exitcode` (the status, or
//! minus the signal that ended it). `stop_within` ends a worker that may be hung: a
//! polite SIGTERM first, SIGKILL after a grace period, and always a join.
//!
//! After `003_6d07538b8dc49121.txt`, "Terminating Processes" (`is_alive` before, during,
//! after `terminate()` and after `join()`). The statement is the `mp-terminate` section
//! of `ex-multiprocess/README.md`.

use std::io;
use std::path::{Path, PathBuf};
use std::process::{Child, ExitStatus};
use std::time::Duration;

/// One worker process running `program` with `args`.
///
/// Dropping a `Process` that still runs kills it and waits for it, so none is left
/// behind.
#[derive(Debug)]
pub struct Process {
    program: PathBuf,
    args: Vec<String>,
    child: Option<Child>,
    status: Option<ExitStatus>,
}

impl Process {
    /// A process that will run `program` with `args` once [started](Process::start).
    pub fn new(program: &Path, args: &[&str]) -> Process {
        Process {
            program: program.to_owned(),
            args: args.iter().map(|arg| (*arg).to_owned()).collect(),
            child: None,
            status: None,
        }
    }

    /// Starts the process.
    ///
    /// # Errors
    /// If it was started before ([`io::ErrorKind::AlreadyExists`]; Python raises
    /// `AssertionError`: a process object starts once), or the program cannot start.
    pub fn start(&mut self) -> io::Result<()> {
        todo!(
            "mp-terminate: start {:?} with {:?} once; a second start is an AlreadyExists error",
            self.program,
            self.args
        )
    }

    /// The process id, once started.
    pub fn pid(&self) -> Option<u32> {
        todo!("mp-terminate: the pid of {:?}, once started", self.child)
    }

    /// Whether the process has started and not yet ended. Asking reaps a process that
    /// has ended, so no zombie is left.
    pub fn is_alive(&mut self) -> bool {
        todo!(
            "mp-terminate: started and not ended? (reap it if it has ended: {:?})",
            self.status
        )
    }

    /// Sends SIGTERM, the polite request to end (`Popen.terminate`, `Process.terminate`).
    /// The process may still be alive right after: it ends when the signal is handled,
    /// and a process may block or ignore SIGTERM. Does nothing if it has not started or
    /// has already ended.
    ///
    /// # Errors
    /// If the signal cannot be sent.
    pub fn terminate(&mut self) -> io::Result<()> {
        todo!(
            "mp-terminate: send SIGTERM to {:?} if it still runs",
            self.child
        )
    }

    /// Sends SIGKILL, which no process can block or ignore. Does nothing if it has not
    /// started or has already ended.
    ///
    /// # Errors
    /// If the signal cannot be sent.
    pub fn kill(&mut self) -> io::Result<()> {
        todo!(
            "mp-terminate: send SIGKILL to {:?} if it still runs",
            self.child
        )
    }

    /// Waits for the process to end, at most `timeout` (for ever with `None`), and
    /// returns its exit status, or `None` if it still runs when the time is up (or was
    /// never started).
    ///
    /// # Errors
    /// If waiting fails.
    pub fn join(&mut self, timeout: Option<Duration>) -> io::Result<Option<ExitStatus>> {
        todo!(
            "mp-terminate: wait at most {timeout:?} for {:?} to end, and keep its status",
            self.child
        )
    }

    /// Python's `exitcode`: `None` while running (or not started), the exit status once
    /// it exited, or minus the signal that ended it (-15 after SIGTERM, -9 after
    /// SIGKILL).
    pub fn exit_code(&mut self) -> Option<i32> {
        todo!(
            "mp-terminate: Python's exitcode of {:?}: the code, or minus the signal",
            self.status
        )
    }
}

// Given: dropping a Process that still runs kills and reaps it, on every path of a test.
impl Drop for Process {
    fn drop(&mut self) {
        if let Some(child) = self.child.as_mut()
            && self.status.is_none()
        {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// Ends `process` within about `grace` and returns its exit status: SIGTERM first; if it
/// is still alive after `grace`, SIGKILL; then a join in either case, so the process is
/// reaped. A process that has already ended is only joined.
///
/// # Errors
/// If a signal cannot be sent or waiting fails; [`io::ErrorKind::NotFound`] if the
/// process was never started.
pub fn stop_within(process: &mut Process, grace: Duration) -> io::Result<ExitStatus> {
    todo!(
        "mp-terminate: SIGTERM {process:?}, wait up to {grace:?}, then SIGKILL if needed, and always join"
    )
}
