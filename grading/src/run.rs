//! Run: every test in its own process, with a timeout that kills its process group.
//!
//! A test is started as `<binary> --exact <name>` in a new process group, with a
//! cleared environment, a private temporary folder, and captured output capped in size.
//! It passes only when the process exits with status 0 *and* libtest wrote `ok <name>`
//! to the log file the grader chose: that line is written after the test function
//! returns, so code that calls `exit(0)` in the middle of a test, or prints a fake
//! `test ... ok`, does not pass.

use std::io::Read;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, mpsc};
use std::time::{Duration, Instant};

use nix::sys::signal::{Signal, killpg};
use nix::unistd::Pid;

use crate::outcome::TestOutcome;
use crate::sandbox::{self, Jail, Limits};

/// How much of a test's stdout and of its stderr is kept.
pub const DEFAULT_OUTPUT_LIMIT: usize = 64 * 1024;

/// One test to run.
#[derive(Debug, Clone)]
pub struct TestCase {
    /// The test binary.
    pub binary: PathBuf,
    /// The test's full name inside the binary (as `--list` prints it).
    pub name: String,
    /// How long it may run.
    pub timeout: Duration,
    /// The submission's own binaries (a REPL the test drives), by name. The test finds
    /// each through the environment variable `KIT_BIN_<NAME>` (see
    /// [`crate::sandbox::program_variable`]).
    pub programs: Vec<(String, PathBuf)>,
}

/// What running one test produced.
#[derive(Debug, Clone)]
pub struct TestRun {
    /// The outcome.
    pub outcome: TestOutcome,
    /// The captured output (stdout then stderr), capped.
    pub output: String,
    /// How long the process ran.
    pub duration: Duration,
}

/// Settings shared by every test run.
#[derive(Debug, Clone)]
pub struct RunSettings {
    /// A folder for per-test temporary folders and log files.
    pub scratch: PathBuf,
    /// How much of stdout and of stderr is kept.
    pub output_limit: usize,
    /// What confines the test.
    pub jail: Jail,
    /// Resource limits for the test process.
    pub limits: Limits,
}

impl RunSettings {
    /// Settings with the machine's best jail, default limits and output cap.
    pub fn new(scratch: PathBuf) -> RunSettings {
        RunSettings {
            scratch,
            output_limit: DEFAULT_OUTPUT_LIMIT,
            jail: Jail::detect(),
            limits: Limits::default(),
        }
    }
}

/// Why a test binary could not be used at all.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// The binary could not be started or its output read.
    #[error("failed to run {binary}")]
    Io {
        /// The test binary.
        binary: String,
        /// What the operating system said.
        #[source]
        source: std::io::Error,
    },
    /// Listing the tests failed.
    #[error("{binary} --list failed: {output}")]
    List {
        /// The test binary.
        binary: String,
        /// What it printed.
        output: String,
    },
}

/// Lists the tests in a test binary (`--list --format terse`), in the order printed.
///
/// # Errors
/// [`RunError`] when the binary cannot run or its listing fails.
pub fn list_tests(binary: &Path) -> Result<Vec<String>, RunError> {
    let output = Command::new(binary)
        .args(["--list", "--format", "terse"])
        .env_clear()
        .stdin(Stdio::null())
        .output()
        .map_err(|source| RunError::Io {
            binary: binary.display().to_string(),
            source,
        })?;
    if !output.status.success() {
        return Err(RunError::List {
            binary: binary.display().to_string(),
            output: String::from_utf8_lossy(&output.stderr).into_owned(),
        });
    }
    Ok(String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| line.strip_suffix(": test"))
        .map(str::to_string)
        .collect())
}

/// Runs one test in its own process group and classifies what happened.
///
/// `uid` is the user id the test runs as (its worker slot's, see [`run_all`]); `None`
/// runs it as the grader's own user.
///
/// # Errors
/// [`RunError::Io`] when the process cannot be started or its scratch folder made.
pub fn run_test(
    case: &TestCase,
    settings: &RunSettings,
    uid: Option<u32>,
) -> Result<TestRun, RunError> {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let io_error = |source| RunError::Io {
        binary: case.binary.display().to_string(),
        source,
    };
    let scratch = settings.scratch.join(format!(
        "run-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::SeqCst)
    ));
    let tmp = scratch.join("tmp");
    std::fs::create_dir_all(&tmp).map_err(io_error)?;
    if let Some(uid) = uid {
        // The test's own user must be able to write its work folder.
        let owner = Some(nix::unistd::Uid::from_raw(uid));
        let group = Some(nix::unistd::Gid::from_raw(uid));
        for dir in [&scratch, &tmp] {
            nix::unistd::chown(dir.as_path(), owner, group)
                .map_err(|errno| io_error(errno.into()))?;
        }
    }
    let log_file = scratch.join("libtest.log");

    let jail = &settings.jail;
    let work = jail.work_path(&scratch);
    let tmp_inside = match jail {
        Jail::Bubblewrap(_) => PathBuf::from("/tmp"),
        Jail::Unsandboxed(_) => work.join("tmp"),
    };
    let args: Vec<std::ffi::OsString> = vec![
        "--exact".into(),
        case.name.clone().into(),
        "--test-threads".into(),
        "1".into(),
        "--logfile".into(),
        work.join("libtest.log").into(),
    ];
    let started = Instant::now();
    let mut command = jail.command(
        &case.binary,
        &scratch,
        &case.programs,
        &args,
        &settings.limits,
        uid,
    );
    command.env_clear();
    for (name, path) in &case.programs {
        command.env(
            sandbox::program_variable(name),
            jail.program_path(name, path),
        );
    }
    let mut child = command
        .env("PATH", "/usr/local/bin:/usr/bin:/bin")
        .env("HOME", &work)
        .env("TMPDIR", &tmp_inside)
        .env("RUST_BACKTRACE", "0")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        // A process group of its own, so a timeout kills the test and everything it started.
        .process_group(0)
        .spawn()
        .map_err(io_error)?;
    let group = Pid::from_raw(child.id() as i32);

    let (output_tx, output_rx) = mpsc::channel();
    let stdout = child.stdout.take().expect("stdout was piped");
    let stderr = child.stderr.take().expect("stderr was piped");
    for (index, stream) in [
        (0, Box::new(stdout) as Box<dyn Read + Send>),
        (1, Box::new(stderr)),
    ] {
        let output_tx = output_tx.clone();
        let limit = settings.output_limit;
        std::thread::spawn(move || {
            let _ = output_tx.send((index, read_capped(stream, limit)));
        });
    }
    drop(output_tx);

    let mut timed_out = false;
    let status = loop {
        match child.try_wait().map_err(io_error)? {
            Some(status) => break status,
            None if started.elapsed() >= case.timeout => {
                timed_out = true;
                let _ = killpg(group, Signal::SIGKILL);
                break child.wait().map_err(io_error)?;
            }
            None => std::thread::sleep(Duration::from_millis(5)),
        }
    };
    let duration = started.elapsed();
    // Whatever the test left running goes too: its group, and anything of its user id
    // that escaped the group with setsid.
    let _ = killpg(group, Signal::SIGKILL);
    if let Some(uid) = uid {
        sandbox::kill_user_processes(uid);
    }

    // Collect output; a process that escaped the group may hold a pipe open, so the
    // readers get a grace period rather than an unbounded wait.
    let mut streams = [String::new(), String::new()];
    let grace = Instant::now() + Duration::from_secs(2);
    for _ in 0..2 {
        let left = grace.saturating_duration_since(Instant::now());
        match output_rx.recv_timeout(left) {
            Ok((index, text)) => streams[index] = text,
            Err(_) => break,
        }
    }
    let [stdout, stderr] = streams;
    let log = std::fs::read_to_string(&log_file).unwrap_or_default();
    let _ = std::fs::remove_dir_all(&scratch);

    let outcome = if timed_out {
        TestOutcome::TimedOut {
            limit: case.timeout,
        }
    } else if let Some(signal) = crash_signal(status, &settings.jail) {
        TestOutcome::Crashed { signal }
    } else if status.success() && log.lines().any(|line| line == format!("ok {}", case.name)) {
        TestOutcome::Passed
    } else if log.starts_with("failed") {
        // libtest logs `failed <name>`, or `failed: <reason> <name>` (the reason may span
        // lines) for a `should_panic` test that did not panic as expected.
        TestOutcome::Failed {
            message: failure_message(&stdout, &case.name, &log),
        }
    } else {
        TestOutcome::Unfinished {
            code: status.code().unwrap_or(-1),
        }
    };
    let mut output = stdout;
    if !stderr.is_empty() {
        output.push_str("\n--- stderr ---\n");
        output.push_str(&stderr);
    }
    Ok(TestRun {
        outcome,
        output,
        duration,
    })
}

/// Runs every case on up to `jobs` worker threads; results come back in input order.
/// `on_finish` is called with each case's index and result as it ends (for progress
/// display, or to act on a group of cases as soon as its last one ends).
///
/// When the grader runs as root, each worker slot leases a user id of its own
/// ([`sandbox::UidLease`]) and runs its tests as that user, so the process limit applies
/// per slot and whatever a test leaves behind can be killed by user id without touching
/// another slot's test, or another grader's.
pub fn run_all(
    cases: &[TestCase],
    settings: &RunSettings,
    jobs: usize,
    on_finish: &(dyn Fn(usize, &Result<TestRun, RunError>) + Sync),
) -> Vec<Result<TestRun, RunError>> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Result<TestRun, RunError>>>> =
        Mutex::new((0..cases.len()).map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..jobs.max(1) {
            let (next, results) = (&next, &results);
            scope.spawn(move || {
                let lease = sandbox::UidLease::acquire();
                let uid = lease.as_ref().map(sandbox::UidLease::uid);
                loop {
                    let index = next.fetch_add(1, Ordering::SeqCst);
                    let Some(case) = cases.get(index) else { break };
                    let result = run_test(case, settings, uid);
                    on_finish(index, &result);
                    results.lock().expect("no worker panics while holding it")[index] =
                        Some(result);
                }
            });
        }
    });
    results
        .into_inner()
        .expect("no worker panics while holding it")
        .into_iter()
        .map(|result| result.expect("every case was run"))
        .collect()
}

/// The signal that killed the test, if one did. Bubblewrap reports its child's death by
/// signal N as exit code 128 + N, as a shell does.
fn crash_signal(status: std::process::ExitStatus, jail: &Jail) -> Option<i32> {
    match jail {
        Jail::Bubblewrap(_) => status.signal().or_else(|| {
            status
                .code()
                .filter(|code| (129..160).contains(code))
                .map(|code| code - 128)
        }),
        Jail::Unsandboxed(_) => status.signal(),
    }
}

/// Reads a stream to its end, keeping at most `limit` bytes (the rest is drained so the
/// writer never blocks on a full pipe).
fn read_capped(mut stream: impl Read, limit: usize) -> String {
    let mut kept = Vec::new();
    let mut buffer = [0u8; 8192];
    let mut dropped = 0usize;
    loop {
        match stream.read(&mut buffer) {
            Ok(0) | Err(_) => break,
            Ok(read) => {
                let room = limit.saturating_sub(kept.len());
                kept.extend_from_slice(&buffer[..read.min(room)]);
                dropped += read.saturating_sub(room);
            }
        }
    }
    let mut text = String::from_utf8_lossy(&kept).into_owned();
    if dropped > 0 {
        text.push_str(&format!("\n[... {dropped} more bytes of output cut ...]\n"));
    }
    text
}

/// The part of libtest's report that belongs to a failed test: its captured output and
/// panic message, between `---- <name> stdout ----` and the closing `failures:` list.
fn failure_message(stdout: &str, name: &str, log: &str) -> String {
    let header = format!("---- {name} stdout ----\n");
    let Some(start) = stdout.find(&header) else {
        // Nothing was printed (e.g. a should_panic test that did not panic): the log's
        // reason is all there is.
        let reason = log
            .trim_end()
            .strip_suffix(name)
            .and_then(|rest| rest.strip_prefix("failed"))
            .map(|rest| rest.trim_start_matches(':').trim())
            .filter(|reason| !reason.is_empty());
        return reason
            .unwrap_or("the test failed (no message captured)")
            .to_string();
    };
    let body = &stdout[start + header.len()..];
    let end = body.find("\n\nfailures:").unwrap_or(body.len());
    body[..end]
        .lines()
        .filter(|line| !line.starts_with("note: run with `RUST_BACKTRACE=1`"))
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failure_message_is_cut_from_the_libtest_report() {
        let stdout = "running 1 test\ntest a::b ... FAILED\n\nfailures:\n\n---- a::b stdout ----\n\
                      seed 3\n\nthread 'a::b' panicked at t.rs:1:1:\nth-x: do it\n\
                      note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n\n\
                      failures:\n    a::b\n";
        let message = failure_message(stdout, "a::b", "failed a::b\n");
        assert_eq!(
            message,
            "seed 3\n\nthread 'a::b' panicked at t.rs:1:1:\nth-x: do it"
        );
    }

    #[test]
    fn a_should_panic_failure_without_output_takes_the_log_reason() {
        let log = "failed: test did not panic as expected at t.rs:2:28 a::b\n";
        assert_eq!(
            failure_message("running 1 test\n", "a::b", log),
            "test did not panic as expected at t.rs:2:28"
        );
    }

    #[test]
    fn capped_reads_keep_the_head_and_say_how_much_was_cut() {
        let text = read_capped(&b"abcdefghij"[..], 4);
        assert!(text.starts_with("abcd\n"), "{text}");
        assert!(text.contains("6 more bytes"), "{text}");
    }
}
