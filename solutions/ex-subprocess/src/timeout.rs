//! # sp-timeout: Kill a program that took too long
//!
//! Start a command, give it until a deadline, and if it is still running then, kill it
//! *and everything it started*, reap it, and report "took too long" with whatever it had
//! printed. After `000_423ad200312eb3ed.txt`, E3.2 (`Popen("sleep 5", shell=True)`,
//! `wait(5)`, `kill()`). The statement is the `sp-timeout` section of
//! `ex-subprocess/README.md`.

use std::io::{self, Read};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use nix::sys::signal::{Signal, killpg};
use nix::unistd::Pid;

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

/// How often the waiting loop looks at the child: std has no "wait at most this long".
const POLL: Duration = Duration::from_millis(5);

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
/// ```
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
    let started = Instant::now();
    let mut child = command
        // Group id = the child's pid: one signal to the group reaches the shell *and*
        // whatever it started, which a plain `child.kill()` would leave running.
        .process_group(0)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    let (stdout, stderr) = (child.stdout.take(), child.stderr.take());

    thread::scope(|scope| {
        // Readers drain both pipes while we wait, so a full pipe never blocks the child.
        let out = scope.spawn(move || read_lossy(stdout));
        let err = scope.spawn(move || read_lossy(stderr));

        let mut in_time = false;
        while started.elapsed() < deadline {
            // try_wait reaps the child once it has exited (std remembers the status).
            let exited = match child.try_wait() {
                Ok(exited) => exited.is_some(),
                Err(error) => {
                    kill_group_and_reap(&mut child);
                    return Err(error.into());
                }
            };
            if exited && out.is_finished() && err.is_finished() {
                in_time = true;
                break;
            }
            thread::sleep(POLL);
        }
        if !in_time {
            kill_group_and_reap(&mut child);
        }
        // Every process holding the pipes is dead or done, so the readers end now.
        let stdout = out.join().unwrap_or_default();
        let stderr = err.join().unwrap_or_default();
        if !in_time {
            return Err(TimeoutError::TookTooLong {
                deadline,
                stdout,
                stderr,
            });
        }
        let status = child.wait()?;
        Ok(Completed {
            status,
            stdout,
            stderr,
        })
    })
}

/// Sends `SIGKILL` to the child's whole process group, then waits for the child so it
/// does not stay a zombie. (Its own children are reaped by whoever adopts them.)
fn kill_group_and_reap(child: &mut Child) {
    if let Ok(pid) = i32::try_from(child.id()) {
        // The group may be gone already (ESRCH): that is fine, nothing is left to kill.
        let _ = killpg(Pid::from_raw(pid), Signal::SIGKILL);
    }
    let _ = child.wait();
}

/// Reads a pipe to its end and decodes it lossily; a missing pipe is empty.
fn read_lossy(pipe: Option<impl Read>) -> String {
    let mut bytes = Vec::new();
    if let Some(mut pipe) = pipe {
        // A read error ends the output early; what was read so far is kept.
        let _ = pipe.read_to_end(&mut bytes);
    }
    String::from_utf8_lossy(&bytes).into_owned()
}
