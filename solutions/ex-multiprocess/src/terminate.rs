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
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;

/// How often [`Process::join`] looks whether the process has ended.
const POLL: Duration = Duration::from_millis(5);

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
        if self.child.is_some() {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                "a process can be started only once",
            ));
        }
        let child = Command::new(&self.program)
            .args(&self.args)
            .stdin(Stdio::null())
            .spawn()?;
        self.child = Some(child);
        Ok(())
    }

    /// The process id, once started.
    pub fn pid(&self) -> Option<u32> {
        self.child.as_ref().map(Child::id)
    }

    /// Whether the process has started and not yet ended. Asking reaps a process that
    /// has ended, so no zombie is left.
    pub fn is_alive(&mut self) -> bool {
        self.poll();
        self.child.is_some() && self.status.is_none()
    }

    /// Sends SIGTERM, the polite request to end (`Popen.terminate`, `Process.terminate`).
    /// The process may still be alive right after: it ends when the signal is handled,
    /// and a process may block or ignore SIGTERM. Does nothing if it has not started or
    /// has already ended.
    ///
    /// # Errors
    /// If the signal cannot be sent.
    pub fn terminate(&mut self) -> io::Result<()> {
        self.signal(Signal::SIGTERM)
    }

    /// Sends SIGKILL, which no process can block or ignore. Does nothing if it has not
    /// started or has already ended.
    ///
    /// # Errors
    /// If the signal cannot be sent.
    pub fn kill(&mut self) -> io::Result<()> {
        self.signal(Signal::SIGKILL)
    }

    fn signal(&mut self, signal: Signal) -> io::Result<()> {
        // A process that was reaped must never be signalled: its pid may belong to
        // another process by now.
        if !self.is_alive() {
            return Ok(());
        }
        let Some(pid) = self.pid() else {
            return Ok(());
        };
        let pid = Pid::from_raw(i32::try_from(pid).map_err(io::Error::other)?);
        kill(pid, signal).map_err(io::Error::from)
    }

    /// Waits for the process to end, at most `timeout` (for ever with `None`), and
    /// returns its exit status, or `None` if it still runs when the time is up (or was
    /// never started).
    ///
    /// # Errors
    /// If waiting fails.
    pub fn join(&mut self, timeout: Option<Duration>) -> io::Result<Option<ExitStatus>> {
        let Some(child) = self.child.as_mut() else {
            return Ok(None);
        };
        if let Some(status) = self.status {
            return Ok(Some(status));
        }
        let Some(timeout) = timeout else {
            let status = child.wait()?;
            self.status = Some(status);
            return Ok(Some(status));
        };
        // std has no wait with a time limit: look every few milliseconds.
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(status) = child.try_wait()? {
                self.status = Some(status);
                return Ok(Some(status));
            }
            if Instant::now() >= deadline {
                return Ok(None);
            }
            std::thread::sleep(POLL);
        }
    }

    /// Python's `exitcode`: `None` while running (or not started), the exit status once
    /// it exited, or minus the signal that ended it (-15 after SIGTERM, -9 after
    /// SIGKILL).
    pub fn exit_code(&mut self) -> Option<i32> {
        self.poll();
        let status = self.status?;
        status
            .code()
            .or_else(|| status.signal().map(|signal| -signal))
    }

    /// Reaps the process if it has ended.
    fn poll(&mut self) {
        if self.status.is_some() {
            return;
        }
        if let Some(child) = self.child.as_mut()
            && let Ok(Some(status)) = child.try_wait()
        {
            self.status = Some(status);
        }
    }
}

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
    process.terminate()?;
    if let Some(status) = process.join(Some(grace))? {
        return Ok(status);
    }
    process.kill()?;
    process
        .join(None)?
        .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, "the process was never started"))
}
