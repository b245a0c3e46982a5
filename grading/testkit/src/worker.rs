//! Worker processes: a test re-runs its own test binary to run one function of the test
//! file in a process of its own, as Python's `multiprocessing` re-imports a module.
//!
//! A test file lists its worker functions once with [`worker_entry!`](crate::worker_entry):
//!
//! ```ignore
//! fn doubler() {
//!     // A worker talks to its test through its own stdin and stdout.
//!     for line in std::io::stdin().lines() {
//!         let n: i64 = line.unwrap().trim().parse().unwrap();
//!         println!("{}", 2 * n);
//!     }
//! }
//!
//! testkit::worker_entry!(doubler);
//!
//! #[test]
//! fn a_worker_doubles_numbers() {
//!     let mut worker = start_worker("doubler").expect("the worker starts");
//!     worker.send_line("21").unwrap();
//!     assert_eq!(worker.read_line().unwrap(), "42");
//!     worker.finish().expect("the worker exits 0");
//! }
//! ```
//!
//! The macro adds a test named [`WORKER_ENTRY`] to the file, and two functions to spawn
//! workers with: `worker_command(name)` (a [`Command`] to start yourself) and
//! `start_worker(name)` (a started [`Worker`]). A worker is the test binary run again as
//! `<binary> --nocapture --test-threads 1 --format terse --color never --exact <path>::kit_worker_entry`
//! with [`WORKER_VARIABLE`] naming the function: libtest runs only the entry test, which
//! runs the named function and ends the process (status 0 when it returned, 101 when it
//! panicked) before libtest prints anything more. Without the variable the entry test
//! does nothing, so `cargo test` lists and passes it like any other test; the grader
//! never grades it.
//!
//! The entry's path is computed from `module_path!()` where the macro is expanded, so the
//! same test file works in both builds of it: its own test target under `cargo test`
//! (crate `th_chunks`, test `kit_worker_entry`) and the grader's generated test crate,
//! which includes it as a module (crate `grade_tests`, module `hidden_th_chunks`, test
//! `hidden_th_chunks::kit_worker_entry`). If the name matched no test (libtest says
//! `running 0 tests`, or the grader's runner refuses an unknown name), starting the
//! worker is an error ([`WorkerError::NoSuchEntry`]), never a worker that silently did
//! nothing.
//!
//! Every wait of a [`Worker`] is bounded by its limit, and dropping it kills the worker.

use std::fmt;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// The name of the test that [`worker_entry!`](crate::worker_entry) adds to a test file:
/// the grader skips every test named this (or ending in `::` and this).
pub const WORKER_ENTRY: &str = "kit_worker_entry";

/// The environment variable that makes a run of the test binary a worker: it names the
/// worker function to run. The grader's generated runner reads no secret and prints no
/// proof when it is set.
pub const WORKER_VARIABLE: &str = "KIT_WORKER";

/// How long [`Worker`]'s waits last by default (see [`Worker::start`]).
pub const DEFAULT_LIMIT: Duration = Duration::from_secs(20);

/// The exit status of a worker whose function panicked (the same as a Rust program's).
pub const WORKER_PANICKED: i32 = 101;

/// The exit status of the grader's generated runner when the test it was asked to run
/// does not exist (`grading::run::NO_SUCH_TEST_EXIT`).
const RUNNER_NO_SUCH_TEST: i32 = 3;

/// The full libtest name of the entry test expanded in module `module_path` (what
/// `module_path!()` says there): the crate's own name, the first segment, is not part of a
/// test's name.
///
/// ```
/// use testkit::worker::entry_test_name;
///
/// // `cargo test`: tests/th_chunks.rs is the crate `th_chunks`.
/// assert_eq!(entry_test_name("th_chunks"), "kit_worker_entry");
/// // The grader's generated crate includes the file as the module `hidden_th_chunks`.
/// assert_eq!(
///     entry_test_name("grade_tests::hidden_th_chunks"),
///     "hidden_th_chunks::kit_worker_entry"
/// );
/// ```
pub fn entry_test_name(module_path: &str) -> String {
    match module_path.split_once("::") {
        Some((_crate, inner)) => format!("{inner}::{WORKER_ENTRY}"),
        None => WORKER_ENTRY.to_string(),
    }
}

/// Whether this process is a worker (the environment names a worker function).
pub fn is_worker() -> bool {
    std::env::var_os(WORKER_VARIABLE).is_some()
}

/// The command that re-runs this test binary as the worker `worker`, whose entry test is
/// named `entry_test` (see [`entry_test_name`]). Its stdin and stdout are left to the
/// caller ([`Worker::start`] pipes both); add parameters with [`Command::env`], never
/// with arguments (libtest would read them as test filters).
///
/// # Panics
/// If the path of this test binary cannot be found.
pub fn command(entry_test: &str, worker: &str) -> Command {
    let binary = std::env::current_exe()
        .unwrap_or_else(|error| panic!("the test binary's own path is unknown: {error}"));
    let mut command = Command::new(binary);
    command
        .args(["--nocapture", "--test-threads", "1", "--format", "terse"])
        .args(["--color", "never"])
        // The test's name last: where the grader's runner looks for it.
        .args(["--exact", entry_test])
        .env(WORKER_VARIABLE, worker);
    command
}

/// The worker functions of one test file and where its entry test is: what
/// [`worker_entry!`](crate::worker_entry) expands to, used through the functions it
/// generates.
#[derive(Debug, Clone, Copy)]
pub struct Workers {
    module_path: &'static str,
    workers: &'static [(&'static str, fn())],
}

impl Workers {
    /// The workers `workers` (name and function) of the test file whose entry test is
    /// expanded in module `module_path`.
    pub const fn new(
        module_path: &'static str,
        workers: &'static [(&'static str, fn())],
    ) -> Workers {
        Workers {
            module_path,
            workers,
        }
    }

    /// The names of the workers, in the order listed.
    pub fn names(&self) -> Vec<&'static str> {
        self.workers.iter().map(|(name, _)| *name).collect()
    }

    /// The libtest name of the file's entry test in this build.
    pub fn entry_test(&self) -> String {
        entry_test_name(self.module_path)
    }

    fn find(&self, worker: &str) -> Option<fn()> {
        self.workers
            .iter()
            .find(|(name, _)| *name == worker)
            .map(|(_, function)| *function)
    }

    /// The body of the entry test: when [`WORKER_VARIABLE`] names a worker of this file,
    /// runs it, flushes stdout and stderr and ends the process (status 0, or
    /// [`WORKER_PANICKED`] if it panicked); without the variable, does nothing.
    ///
    /// # Panics
    /// When the variable names a function this file does not list.
    pub fn run_entry(&self) {
        let Some(wanted) = std::env::var_os(WORKER_VARIABLE) else {
            return;
        };
        let wanted = wanted.to_string_lossy();
        let Some(function) = self.find(&wanted) else {
            panic!(
                "{WORKER_VARIABLE}={wanted:?} names no worker of this test file; \
                 its worker_entry! lists {:?}",
                self.names()
            );
        };
        // The panic hook has printed the message to stderr by the time this returns.
        let ran = std::panic::catch_unwind(function);
        let _ = io::stdout().flush();
        let _ = io::stderr().flush();
        std::process::exit(if ran.is_ok() { 0 } else { WORKER_PANICKED });
    }

    /// The command that starts the worker `worker` (see [`command`]).
    ///
    /// # Panics
    /// If this file lists no worker named `worker`.
    pub fn command(&self, worker: &str) -> Command {
        assert!(
            self.find(worker).is_some(),
            "{worker:?} is not a worker of this test file; its worker_entry! lists {:?}",
            self.names()
        );
        command(&self.entry_test(), worker)
    }

    /// Starts the worker `worker` with its stdin and stdout piped to the caller, every
    /// wait bounded by `limit`.
    ///
    /// # Errors
    /// [`WorkerError::NotListed`] if this file lists no worker named `worker`, else what
    /// [`Worker::start`] returns.
    pub fn start(&self, worker: &str, limit: Duration) -> Result<Worker, WorkerError> {
        if self.find(worker).is_none() {
            return Err(WorkerError::NotListed {
                worker: worker.to_string(),
                listed: self.names().join(", "),
            });
        }
        Worker::start(command(&self.entry_test(), worker), worker, limit)
    }
}

/// Lists a test file's worker functions, once per file (or module).
///
/// Each listed name is a `fn()` of the file (it talks through its own stdin and stdout,
/// and takes parameters from environment variables its test sets). The macro adds:
///
/// - `#[test] fn kit_worker_entry()`, which runs the worker [`WORKER_VARIABLE`] names and
///   ends the process, and does nothing when the variable is not set;
/// - `fn worker_command(name: &str) -> std::process::Command`: the command that starts
///   the worker `name` (it panics if `name` is not listed);
/// - `fn start_worker(name: &str) -> Result<testkit::worker::Worker, testkit::worker::WorkerError>`:
///   the worker `name`, started with stdin and stdout piped and every wait bounded by
///   [`DEFAULT_LIMIT`];
/// - `const KIT_WORKERS: testkit::worker::Workers`, for the rest
///   ([`Workers::start`] with another limit, say).
///
/// See [the module](crate::worker) for an example.
#[macro_export]
macro_rules! worker_entry {
    ($($worker:ident),+ $(,)?) => {
        /// The worker functions of this test file (see `testkit::worker`).
        #[allow(dead_code)]
        const KIT_WORKERS: $crate::worker::Workers = $crate::worker::Workers::new(
            ::std::module_path!(),
            &[$((::std::stringify!($worker), $worker as fn())),+],
        );

        /// Runs the worker that `KIT_WORKER` names, and ends the process; without the
        /// variable it does nothing.
        #[test]
        fn kit_worker_entry() {
            KIT_WORKERS.run_entry();
        }

        /// The command that starts the worker `name` of this test file.
        #[allow(dead_code)]
        fn worker_command(name: &str) -> ::std::process::Command {
            KIT_WORKERS.command(name)
        }

        /// The worker `name` of this test file, started, its stdin and stdout piped.
        #[allow(dead_code)]
        fn start_worker(
            name: &str,
        ) -> ::std::result::Result<$crate::worker::Worker, $crate::worker::WorkerError> {
            KIT_WORKERS.start(name, $crate::worker::DEFAULT_LIMIT)
        }
    };
}

/// Why a worker could not be started or did not end well.
#[derive(Debug)]
pub enum WorkerError {
    /// The test file's [`worker_entry!`](crate::worker_entry) does not list the worker.
    NotListed {
        /// The worker asked for.
        worker: String,
        /// The workers listed, `, `-separated.
        listed: String,
    },
    /// The test binary has no test of the entry's name, so no worker ran: libtest ran
    /// `0 tests`, or the grader's runner refused the name.
    NoSuchEntry {
        /// The worker asked for.
        worker: String,
        /// What the process printed or how it ended.
        detail: String,
    },
    /// The process did not start libtest's run as a worker does.
    Preamble {
        /// The worker.
        worker: String,
        /// What it printed on stdout instead.
        printed: String,
    },
    /// A wait took longer than the worker's limit; the worker was killed.
    TimedOut {
        /// The worker.
        worker: String,
        /// What the wait was for.
        waiting_for: String,
        /// The limit.
        limit: Duration,
    },
    /// The worker exited, with a status other than 0 (or too soon).
    Exited {
        /// The worker.
        worker: String,
        /// How it ended.
        status: ExitStatus,
    },
    /// Starting the worker or talking to it failed.
    Io {
        /// The worker.
        worker: String,
        /// What was being done.
        doing: String,
        /// What the operating system said.
        source: io::Error,
    },
}

impl fmt::Display for WorkerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WorkerError::NotListed { worker, listed } => write!(
                f,
                "{worker:?} is not a worker of this test file (its worker_entry! lists {listed})"
            ),
            WorkerError::NoSuchEntry { worker, detail } => write!(
                f,
                "worker {worker:?} did not run: this test binary has no test of the worker \
                 entry's name ({detail})"
            ),
            WorkerError::Preamble { worker, printed } => write!(
                f,
                "worker {worker:?} did not start as a worker (expected libtest's \
                 \"running 1 test\"), it printed {printed:?}"
            ),
            WorkerError::TimedOut {
                worker,
                waiting_for,
                limit,
            } => write!(
                f,
                "worker {worker:?}: waited {limit:?} for {waiting_for}; the worker was killed"
            ),
            WorkerError::Exited { worker, status } => {
                write!(f, "worker {worker:?} exited with {status}")
            }
            WorkerError::Io {
                worker,
                doing,
                source,
            } => write!(f, "worker {worker:?}: {doing} failed: {source}"),
        }
    }
}

impl std::error::Error for WorkerError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WorkerError::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

impl From<WorkerError> for io::Error {
    fn from(error: WorkerError) -> io::Error {
        let kind = match &error {
            WorkerError::TimedOut { .. } => io::ErrorKind::TimedOut,
            WorkerError::NotListed { .. } | WorkerError::NoSuchEntry { .. } => {
                io::ErrorKind::NotFound
            }
            WorkerError::Io { source, .. } => source.kind(),
            _ => io::ErrorKind::Other,
        };
        io::Error::new(kind, error.to_string())
    }
}

/// A running worker process: its stdin for the test to write, its stdout after libtest's
/// preamble for the test to read, its stderr where the command sent it (by default the
/// test's own). Every wait is bounded by the limit; dropping it kills the worker.
#[derive(Debug)]
pub struct Worker {
    name: String,
    limit: Duration,
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: Option<BufReader<ChildStdout>>,
}

/// Runs `job` on `value` on a thread of its own, and gives both back if it finishes
/// within `limit` (a read or write that blocks cannot be interrupted otherwise; on a
/// timeout the thread is left with `value` until the caller kills the process).
fn within<T, R>(
    limit: Duration,
    mut value: T,
    job: impl FnOnce(&mut T) -> R + Send + 'static,
) -> Option<(T, R)>
where
    T: Send + 'static,
    R: Send + 'static,
{
    let (done_tx, done_rx) = mpsc::channel();
    std::thread::spawn(move || {
        let result = job(&mut value);
        let _ = done_tx.send((value, result));
    });
    done_rx.recv_timeout(limit).ok()
}

impl Worker {
    /// Starts `command` (see [`command`]) as the worker `name`, with stdin and stdout
    /// piped, and reads libtest's preamble (`running 1 test`) from its stdout, so what the
    /// test reads next is the worker's own output. Every later wait is bounded by
    /// `limit`.
    ///
    /// # Errors
    /// [`WorkerError::NoSuchEntry`] when the binary has no test of the entry's name (no
    /// worker ran), [`WorkerError::Preamble`] / [`WorkerError::Exited`] when the process
    /// did not start as a worker, [`WorkerError::TimedOut`] when the preamble did not come
    /// within `limit`, [`WorkerError::Io`] when it could not be started.
    pub fn start(mut command: Command, name: &str, limit: Duration) -> Result<Worker, WorkerError> {
        command.stdin(Stdio::piped()).stdout(Stdio::piped());
        let child = command.spawn().map_err(|source| WorkerError::Io {
            worker: name.to_string(),
            doing: "starting it".into(),
            source,
        })?;
        let mut worker = Worker {
            name: name.to_string(),
            limit,
            child,
            stdin: None,
            stdout: None,
        };
        worker.stdin = worker.child.stdin.take();
        let stdout = BufReader::new(worker.child.stdout.take().expect("stdout is piped"));
        // libtest's terse run starts with an empty line and `running 1 test`.
        let read = within(limit, stdout, |stdout| {
            let mut printed = String::new();
            for _ in 0..2 {
                if stdout.read_line(&mut printed)? == 0 {
                    break;
                }
            }
            Ok::<_, io::Error>(printed)
        });
        let Some((stdout, printed)) = read else {
            return Err(worker.kill_for("libtest's preamble"));
        };
        let printed = printed.map_err(|source| worker.io_error("reading its stdout", source))?;
        match printed.as_str() {
            "\nrunning 1 test\n" => {
                worker.stdout = Some(stdout);
                Ok(worker)
            }
            _ if printed.contains("running 0 tests") => Err(WorkerError::NoSuchEntry {
                worker: worker.name.clone(),
                detail: "libtest ran 0 tests".into(),
            }),
            "" => {
                let status = worker.wait_bounded("it to exit after closing its stdout")?;
                if status.code() == Some(RUNNER_NO_SUCH_TEST) {
                    Err(WorkerError::NoSuchEntry {
                        worker: worker.name.clone(),
                        detail: format!("the grader's runner exited with {status}"),
                    })
                } else {
                    Err(WorkerError::Exited {
                        worker: worker.name.clone(),
                        status,
                    })
                }
            }
            _ => Err(WorkerError::Preamble {
                worker: worker.name.clone(),
                printed,
            }),
        }
    }

    /// The worker's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The worker's process id.
    pub fn id(&self) -> u32 {
        self.child.id()
    }

    /// The worker's stdin, to write to directly (`None` once taken or closed).
    pub fn stdin(&mut self) -> Option<&mut ChildStdin> {
        self.stdin.as_mut()
    }

    /// Takes the worker's stdin (dropping it is the worker's end of input).
    pub fn take_stdin(&mut self) -> Option<ChildStdin> {
        self.stdin.take()
    }

    /// Takes the worker's stdout, past libtest's preamble, to read directly. Reads from
    /// it are not bounded by the worker's limit; [`Worker::read_line`] and
    /// [`Worker::read_to_end`] are.
    pub fn take_stdout(&mut self) -> Option<BufReader<ChildStdout>> {
        self.stdout.take()
    }

    /// Writes `line` and a newline to the worker's stdin, within the limit.
    ///
    /// # Errors
    /// [`WorkerError::Io`] when stdin is closed or the write fails (the worker exited),
    /// [`WorkerError::TimedOut`] when the worker reads nothing for the limit.
    pub fn send_line(&mut self, line: &str) -> Result<(), WorkerError> {
        let Some(stdin) = self.stdin.take() else {
            return Err(self.io_error("writing to its stdin", io::ErrorKind::BrokenPipe.into()));
        };
        let text = format!("{line}\n");
        let Some((stdin, written)) = within(self.limit, stdin, move |stdin| {
            stdin
                .write_all(text.as_bytes())
                .and_then(|()| stdin.flush())
        }) else {
            return Err(self.kill_for("it to read its stdin"));
        };
        self.stdin = Some(stdin);
        written.map_err(|source| self.io_error("writing to its stdin", source))
    }

    /// Reads one line of the worker's stdout (without its newline), within the limit.
    ///
    /// # Errors
    /// [`WorkerError::Io`] when stdout ended (with [`io::ErrorKind::UnexpectedEof`]) or
    /// could not be read, [`WorkerError::TimedOut`] when no line came within the limit.
    pub fn read_line(&mut self) -> Result<String, WorkerError> {
        let stdout = self.take_stdout_for("reading a line")?;
        let Some((stdout, read)) = within(self.limit, stdout, |stdout| {
            let mut line = String::new();
            stdout.read_line(&mut line).map(|count| (count, line))
        }) else {
            return Err(self.kill_for("a line on its stdout"));
        };
        self.stdout = Some(stdout);
        match read {
            Ok((0, _)) => Err(self.io_error(
                "reading a line",
                io::Error::new(io::ErrorKind::UnexpectedEof, "its stdout ended"),
            )),
            Ok((_, mut line)) => {
                if line.ends_with('\n') {
                    line.pop();
                }
                Ok(line)
            }
            Err(source) => Err(self.io_error("reading a line", source)),
        }
    }

    /// Reads the rest of the worker's stdout, up to its end, within the limit.
    ///
    /// # Errors
    /// [`WorkerError::TimedOut`] when stdout did not end within the limit,
    /// [`WorkerError::Io`] when it could not be read.
    pub fn read_to_end(&mut self) -> Result<String, WorkerError> {
        let stdout = self.take_stdout_for("reading its output")?;
        let Some((stdout, read)) = within(self.limit, stdout, |stdout| {
            let mut text = String::new();
            stdout.read_to_string(&mut text).map(|_| text)
        }) else {
            return Err(self.kill_for("the end of its stdout"));
        };
        self.stdout = Some(stdout);
        read.map_err(|source| self.io_error("reading its output", source))
    }

    /// Closes the worker's stdin and waits, within the limit, for it to exit.
    ///
    /// # Errors
    /// [`WorkerError::TimedOut`] when it is still running after the limit (it is killed).
    pub fn wait(mut self) -> Result<ExitStatus, WorkerError> {
        drop(self.stdin.take());
        self.wait_bounded("it to exit")
    }

    /// [`Worker::wait`], and the worker must have exited with status 0.
    ///
    /// # Errors
    /// [`WorkerError::Exited`] for another status, else as [`Worker::wait`].
    pub fn finish(self) -> Result<(), WorkerError> {
        let name = self.name.clone();
        let status = self.wait()?;
        if status.success() {
            Ok(())
        } else {
            Err(WorkerError::Exited {
                worker: name,
                status,
            })
        }
    }

    fn take_stdout_for(&mut self, doing: &str) -> Result<BufReader<ChildStdout>, WorkerError> {
        self.stdout.take().ok_or_else(|| {
            self.io_error(
                doing,
                io::Error::new(io::ErrorKind::NotConnected, "its stdout was taken"),
            )
        })
    }

    fn io_error(&self, doing: &str, source: io::Error) -> WorkerError {
        WorkerError::Io {
            worker: self.name.clone(),
            doing: doing.to_string(),
            source,
        }
    }

    /// Polls for the worker's exit until the limit, killing it then.
    fn wait_bounded(&mut self, waiting_for: &str) -> Result<ExitStatus, WorkerError> {
        let deadline = Instant::now() + self.limit;
        loop {
            match self.child.try_wait() {
                Ok(Some(status)) => return Ok(status),
                Ok(None) if Instant::now() >= deadline => return Err(self.kill_for(waiting_for)),
                Ok(None) => std::thread::sleep(Duration::from_millis(5)),
                Err(source) => return Err(self.io_error("waiting for it", source)),
            }
        }
    }

    /// Kills the worker after a wait for `waiting_for` ran out, and says so.
    fn kill_for(&mut self, waiting_for: &str) -> WorkerError {
        self.kill();
        WorkerError::TimedOut {
            worker: self.name.clone(),
            waiting_for: waiting_for.to_string(),
            limit: self.limit,
        }
    }

    /// Kills the worker and reaps it (a killed process exits at once; the reap is still
    /// bounded).
    fn kill(&mut self) {
        let _ = self.child.kill();
        let deadline = Instant::now() + Duration::from_secs(5);
        while matches!(self.child.try_wait(), Ok(None)) && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(5));
        }
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        // Never leave a worker behind when a test fails.
        if matches!(self.child.try_wait(), Ok(None)) {
            self.kill();
        }
    }
}
