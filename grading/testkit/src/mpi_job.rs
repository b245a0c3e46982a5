//! Running a program under `mpiexec` (MPICH's Hydra) with every wait bounded, and proving
//! that no rank outlives the test.
//!
//! An MPI program is several processes: `mpiexec`, one proxy per host and one process per
//! rank. [`MpiJob::run`] starts them in a process group of their own with a marker in
//! their environment, waits at most its limit, kills the whole group when the limit
//! passes (a rank waiting for a message nobody sends never ends by itself), and after
//! the run looks in `/proc` for any process still carrying the marker.
//!
//! ```no_run
//! let output = testkit::MpiJob::new(4, "target/debug/mpi-hello").run();
//! output.expect_success("mpi-hello under 4 ranks");
//! assert_eq!(output.stdout.lines().count(), 4);
//! ```

use std::ffi::{OsStr, OsString};
use std::fmt::Write as _;
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};
use std::thread;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use nix::sys::signal::{Signal, kill, killpg};
use nix::unistd::Pid;

use crate::interactive::{Collected, collect};

/// How long a job may run by default: 2 to 4 ranks start in well under a second, so this
/// only ever runs out for a job that hangs.
pub const DEFAULT_MPI_LIMIT: Duration = Duration::from_secs(8);

/// The environment variable whose value marks every process of one job.
const MARKER_VARIABLE: &str = "KIT_MPI_JOB";

/// MPICH's transport (UCX) on one machine, unless the environment says otherwise:
/// loopback and shared memory only (no network probing, a fast start); shared memory
/// found by name in /dev/shm rather than through `/proc/<pid>/fd`; and every message
/// copied through it (no rendezvous by cross-memory attach). A rank whose program file
/// is not readable (as in the grader's jail) is not dumpable, so its siblings may neither
/// open its `/proc/<pid>/fd` links nor read its memory directly.
const UCX_DEFAULTS: [(&str, &str); 3] = [
    ("UCX_TLS", "self,sm"),
    ("UCX_POSIX_USE_PROC_LINK", "n"),
    ("UCX_RNDV_THRESH", "inf"),
];

/// How long the ranks of a finished job may take to disappear from `/proc`.
const LINGER_LIMIT: Duration = Duration::from_secs(2);

/// One job at a time per test process: a waiting MPICH rank polls at full speed, so two
/// jobs of four ranks on a two-core machine would slow each other tenfold.
static ONE_JOB_AT_A_TIME: Mutex<()> = Mutex::new(());

/// A program to run on `ranks` processes under `mpiexec -launcher fork` on this machine.
#[derive(Debug, Clone)]
pub struct MpiJob {
    ranks: usize,
    program: OsString,
    args: Vec<OsString>,
    envs: Vec<(OsString, OsString)>,
    limit: Duration,
}

/// How a job ended: its exit status and everything its ranks printed.
#[derive(Debug, Clone)]
pub struct MpiOutput {
    /// The command line, for messages.
    pub command_line: String,
    /// `mpiexec`'s exit status: success only when every rank exited 0.
    pub status: ExitStatus,
    /// What the ranks wrote to stdout, line by line as they wrote it.
    pub stdout: String,
    /// What the ranks and `mpiexec` wrote to stderr.
    pub stderr: String,
}

impl MpiJob {
    /// `program` on `ranks` processes, with no arguments and the default limit.
    pub fn new(ranks: usize, program: impl AsRef<OsStr>) -> MpiJob {
        MpiJob {
            ranks,
            program: program.as_ref().to_owned(),
            args: Vec::new(),
            envs: Vec::new(),
            limit: DEFAULT_MPI_LIMIT,
        }
    }

    /// The program, arguments and environment of `command` (a worker's command from
    /// [`worker_entry!`](crate::worker_entry), say) on `ranks` processes.
    pub fn from_command(ranks: usize, command: &Command) -> MpiJob {
        let mut job = MpiJob::new(ranks, command.get_program());
        job.args = command.get_args().map(OsStr::to_owned).collect();
        job.envs = command
            .get_envs()
            .filter_map(|(key, value)| Some((key.to_owned(), value?.to_owned())))
            .collect();
        job
    }

    /// Adds an argument for the program.
    pub fn arg(mut self, arg: impl AsRef<OsStr>) -> MpiJob {
        self.args.push(arg.as_ref().to_owned());
        self
    }

    /// Sets an environment variable in every rank.
    pub fn env(mut self, key: impl AsRef<OsStr>, value: impl AsRef<OsStr>) -> MpiJob {
        self.envs
            .push((key.as_ref().to_owned(), value.as_ref().to_owned()));
        self
    }

    /// Sets how long the job may run before every process of it is killed.
    pub fn limit(mut self, limit: Duration) -> MpiJob {
        self.limit = limit;
        self
    }

    /// The command line, as a person would type it.
    fn command_line(&self) -> String {
        let mut line = format!(
            "{} -launcher fork -n {} {}",
            mpiexec(),
            self.ranks,
            self.program.display()
        );
        for arg in &self.args {
            let _ = write!(line, " {}", arg.display());
        }
        line
    }

    /// Runs the job and returns how it ended (a rank that failed is an unsuccessful
    /// status, not a panic: the caller says what it expected).
    ///
    /// # Panics
    /// When `mpiexec` cannot be started; when the job is still running after its limit
    /// (every process of it is killed first); and when a process of the job is still
    /// alive after `mpiexec` ended (it is killed first).
    pub fn run(self) -> MpiOutput {
        let _one_job = ONE_JOB_AT_A_TIME
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let marker = unique_marker();
        let command_line = self.command_line();
        let mut command = Command::new(mpiexec());
        command
            .args(["-launcher", "fork", "-n", &self.ranks.to_string()])
            .arg(&self.program)
            .args(&self.args)
            .envs(self.envs.iter().map(|(key, value)| (key, value)))
            .env(MARKER_VARIABLE, &marker)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            // mpiexec, its proxies and the ranks in a group of their own, killed together.
            .process_group(0);
        for (key, value) in UCX_DEFAULTS {
            if std::env::var_os(key).is_none() {
                command.env(key, value);
            }
        }
        let mut child = command
            .spawn()
            .unwrap_or_else(|error| panic!("could not start `{command_line}`: {error}"));
        let stdout = collect(child.stdout.take().expect("stdout is piped"));
        let stderr = collect(child.stderr.take().expect("stderr is piped"));
        let mut running = Running {
            child,
            marker,
            reaped: false,
        };
        let status = running.wait(self.limit);
        let printed = |stdout: &Collected, stderr: &Collected| {
            format!(
                "--- stdout ---\n{}--- stderr ---\n{}",
                stdout.text(),
                stderr.text()
            )
        };
        let Some(status) = status else {
            running.kill_all();
            wait_for_pipes(&stdout, &stderr);
            panic!(
                "`{command_line}` did not finish within {:?}, so every rank was killed: \
                 a rank hangs (waiting for a message nobody sends, or for ranks that \
                 already finished?).\n{}",
                self.limit,
                printed(&stdout, &stderr)
            );
        };
        let lingering = running.lingering_after(LINGER_LIMIT);
        wait_for_pipes(&stdout, &stderr);
        assert!(
            lingering.is_empty(),
            "processes {lingering:?} of `{command_line}` were still running after mpiexec \
             ended (killed now): no rank may outlive its job.\n{}",
            printed(&stdout, &stderr)
        );
        MpiOutput {
            command_line,
            status,
            stdout: stdout.text(),
            stderr: stderr.text(),
        }
    }
}

/// The name of MPICH's launcher: `mpiexec.hydra` where it exists under that name (Debian's
/// `mpiexec` is a link through /etc/alternatives, which may point at another MPI), else
/// `mpiexec`.
pub fn mpiexec() -> &'static str {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let hydra = std::env::split_paths(&path).any(|dir| dir.join("mpiexec.hydra").is_file());
    if hydra { "mpiexec.hydra" } else { "mpiexec" }
}

/// A value no other job of any process has.
fn unique_marker() -> String {
    static JOBS: AtomicUsize = AtomicUsize::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_nanos());
    format!(
        "{}-{}-{nanos}",
        std::process::id(),
        JOBS.fetch_add(1, Ordering::SeqCst)
    )
}

/// Waits (bounded) until both pipes have ended: every process holding them has exited.
fn wait_for_pipes(stdout: &Collected, stderr: &Collected) {
    let deadline = Instant::now() + LINGER_LIMIT;
    while !(stdout.ended() && stderr.ended()) && Instant::now() < deadline {
        thread::sleep(Duration::from_millis(5));
    }
}

/// A started job: `mpiexec` and every process carrying the job's marker.
struct Running {
    child: Child,
    marker: String,
    reaped: bool,
}

impl Running {
    /// `mpiexec`'s status, or `None` when it is still running after `limit`.
    fn wait(&mut self, limit: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + limit;
        loop {
            match self.child.try_wait() {
                Ok(Some(status)) => {
                    self.reaped = true;
                    return Some(status);
                }
                Ok(None) if Instant::now() < deadline => thread::sleep(Duration::from_millis(5)),
                Ok(None) | Err(_) => return None,
            }
        }
    }

    /// Kills the process group and every process with the marker, and reaps `mpiexec`.
    fn kill_all(&mut self) {
        if let Ok(group) = i32::try_from(self.child.id()) {
            let _ = killpg(Pid::from_raw(group), Signal::SIGKILL);
        }
        for pid in self.marked() {
            let _ = kill(pid, Signal::SIGKILL);
        }
        if !self.reaped {
            let _ = self.child.kill();
            let _ = self.child.wait();
            self.reaped = true;
        }
    }

    /// The processes with the marker that are still there after `limit` (killed then).
    fn lingering_after(&mut self, limit: Duration) -> Vec<Pid> {
        let deadline = Instant::now() + limit;
        loop {
            let marked = self.marked();
            if marked.is_empty() {
                return marked;
            }
            if Instant::now() >= deadline {
                self.kill_all();
                return marked;
            }
            thread::sleep(Duration::from_millis(10));
        }
    }

    /// Every live process (not a zombie) whose environment holds this job's marker.
    fn marked(&self) -> Vec<Pid> {
        let needle = format!("{MARKER_VARIABLE}={}", self.marker);
        let Ok(entries) = std::fs::read_dir("/proc") else {
            return Vec::new();
        };
        entries
            .filter_map(|entry| entry.ok()?.file_name().to_str()?.parse::<i32>().ok())
            .filter(|&pid| is_marked(Path::new(&format!("/proc/{pid}")), &needle))
            .map(Pid::from_raw)
            .collect()
    }
}

/// Whether the process at `/proc/<pid>` is alive (not a zombie) with `needle` in its
/// environment.
fn is_marked(process: &Path, needle: &str) -> bool {
    let zombie = std::fs::read_to_string(process.join("stat")).is_ok_and(|stat| {
        // The state follows the command name, which is in parentheses.
        stat.rsplit_once(')')
            .is_some_and(|(_, rest)| rest.trim_start().starts_with('Z'))
    });
    !zombie
        && std::fs::read(process.join("environ")).is_ok_and(|environ| {
            environ
                .split(|&byte| byte == 0)
                .any(|entry| entry == needle.as_bytes())
        })
}

impl Drop for Running {
    fn drop(&mut self) {
        // A test that panics mid-job leaves no rank behind.
        if !self.reaped || !self.marked().is_empty() {
            self.kill_all();
        }
    }
}

/// Harmless lines MPICH's libraries print on a machine (or in a jail) without the /sys
/// files they probe, and at exit.
const NOISE: [&str; 3] = [
    "[hwloc/linux] failed to find sysfs",
    "opendir(/sys/class/net) failed",
    "yaksa: leaked",
];

/// `text` without the [`NOISE`] lines.
fn without_noise(text: &str) -> String {
    text.lines()
        .filter(|line| !NOISE.iter().any(|noise| line.contains(noise)))
        .map(|line| format!("{line}\n"))
        .collect()
}

impl MpiOutput {
    /// Whether every rank exited 0.
    pub fn succeeded(&self) -> bool {
        self.status.success()
    }

    /// The command line and everything printed, for a failure message: stderr first
    /// (where a rank's panic is), without the lines MPICH and UCX print about what a
    /// jail without /sys lacks.
    pub fn report(&self) -> String {
        format!(
            "`{}` ended with {}.\n--- stderr ---\n{}--- stdout ---\n{}",
            self.command_line,
            self.status,
            without_noise(&self.stderr),
            without_noise(&self.stdout)
        )
    }

    /// Returns `self` when every rank exited 0.
    ///
    /// # Panics
    /// Otherwise, with `what`, the status and everything the ranks printed (a starter's
    /// `todo!` message among it).
    pub fn expect_success(&self, what: &str) -> &MpiOutput {
        assert!(self.succeeded(), "{what} failed: {}", self.report());
        self
    }

    /// What rank `rank` printed on its lines of the form `rank <rank>: <text>`, each
    /// `<text>` in the order printed.
    pub fn rank_lines(&self, rank: usize) -> Vec<&str> {
        let prefix = format!("rank {rank}: ");
        self.stdout
            .lines()
            .filter_map(|line| line.strip_prefix(&prefix))
            .collect()
    }

    /// The one line rank `rank` printed (see [`rank_lines`](MpiOutput::rank_lines)).
    ///
    /// # Panics
    /// When it printed none or several, with everything printed.
    pub fn rank_line(&self, rank: usize) -> &str {
        let lines = self.rank_lines(rank);
        assert_eq!(
            lines.len(),
            1,
            "rank {rank} should print exactly one line `rank {rank}: …`; it printed {}.\n{}",
            lines.len(),
            self.report()
        );
        lines[0]
    }
}
