//! Run: every test in its own process, with a timeout that kills its process group.
//!
//! A test is started as `<binary> --exact <name>` in a new process group, with a
//! cleared environment, a private temporary folder, and captured output capped in size.
//! It passes only when the process exits with status 0 *and* printed the proof that the
//! generated runner prints after libtest reported the test passed: the run's secret,
//! which the runner read from standard input before any test code ran (see
//! [`run_test`]). Code that calls `exit(0)` in the middle of a test, prints a fake
//! `test ... ok` or writes a log record does not pass.

use std::io::{Read, Write};
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, mpsc};
use std::time::{Duration, Instant};

use nix::sys::signal::{Signal, killpg};
use nix::unistd::Pid;

use crate::cgroup::TestGroup;
use crate::files::{FileError, io};
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
    /// How many of the run's `jobs` the test takes (a 4-rank MPI test takes 4); at least
    /// 1, at most `jobs`.
    pub slots: usize,
    /// Environment variables set for the test, besides the runner's own.
    pub env: Vec<(String, String)>,
}

impl TestCase {
    /// A one-slot case with no environment of its own.
    pub fn new(binary: PathBuf, name: String, timeout: Duration) -> TestCase {
        TestCase {
            binary,
            name,
            timeout,
            programs: Vec::new(),
            slots: 1,
            env: Vec::new(),
        }
    }
}

/// How long a timed-out test has between SIGTERM and SIGKILL to end by itself (and stop
/// its own children).
pub const TERMINATE_GRACE: Duration = Duration::from_millis(500);

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
    /// The binary could not be started or its output read, or its scratch folder made.
    #[error(transparent)]
    Io(#[from] FileError),
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
        .map_err(io("run", binary))?;
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

/// The line the generated test runner prints, followed by the run's secret, when the
/// one selected test passed (see [`crate::stage`]'s runner).
pub const PROOF_PREFIX: &str = "grade-proof:";

/// The exit status of the generated test runner when the test it was asked to run (the
/// last argument) is not in the binary: it prints a line saying so on stderr and runs
/// nothing, rather than letting libtest run 0 tests and exit 0. A grader fault (a stale
/// plan, a renamed test), never the student's.
pub const NO_SUCH_TEST_EXIT: i32 = 3;

/// The test that `testkit::worker_entry!` adds to a test file (`testkit::worker`): the
/// door through which a test re-runs its binary as a worker process, not a test to grade.
pub const WORKER_ENTRY: &str = "kit_worker_entry";

/// The environment variable that makes a run of a test binary a worker
/// (`testkit::worker::WORKER_VARIABLE`): the generated runner then reads no secret and
/// never prints the proof.
pub const WORKER_VARIABLE: &str = "KIT_WORKER";

/// Whether the listed test `name` (`hidden_th_x::kit_worker_entry`, or the bare entry) is
/// a worker entry ([`WORKER_ENTRY`]), which is never planned as a test.
///
/// ```
/// use grading::run::is_worker_entry;
/// assert!(is_worker_entry("hidden_th_x::kit_worker_entry"));
/// assert!(is_worker_entry("kit_worker_entry"));
/// assert!(!is_worker_entry("hidden_th_x::not_kit_worker_entry"));
/// ```
pub fn is_worker_entry(name: &str) -> bool {
    name == WORKER_ENTRY
        || name
            .strip_suffix(WORKER_ENTRY)
            .is_some_and(|path| path.ends_with("::"))
}

/// Where one test runs: its worker slot's user id and its own control group.
#[derive(Debug, Default)]
pub struct Slot {
    /// The user id the test runs as (`None`: the grader's own).
    pub uid: Option<u32>,
    /// The control group the test runs in (`None`: rlimits only).
    pub group: Option<TestGroup>,
    /// The memory budget of one test, in bytes.
    pub memory: u64,
}

/// Runs one test in its own process group and classifies what happened.
///
/// The test gets a fresh secret on its standard input, which the generated runner reads
/// before any test code runs; the test passes only if the process exits 0 *and* printed
/// the proof line holding that secret, which the runner prints only after libtest
/// reported the selected test as passed. Student code never sees the secret (it is read
/// and gone before the test starts), so `exit(0)`, a printed `test ... ok` or anything
/// written to a log file earns nothing.
///
/// # Errors
/// [`RunError::Io`] when the process cannot be started or its scratch folder made.
pub fn run_test(case: &TestCase, settings: &RunSettings, slot: &Slot) -> Result<TestRun, RunError> {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let io_error = |source| RunError::Io(io("run", &case.binary)(source));
    let jail = &settings.jail;
    // Inside bubblewrap the work folder and /tmp are the jail's own tmpfs; without it,
    // a scratch folder of the grader's stands in for them.
    let scratch = settings.scratch.join(format!(
        "run-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::SeqCst)
    ));
    let tmp_inside = match jail {
        Jail::Bubblewrap(_) => PathBuf::from("/tmp"),
        Jail::Unsandboxed(_) => {
            let tmp = scratch.join("tmp");
            std::fs::create_dir_all(&tmp).map_err(io_error)?;
            if let Some(uid) = slot.uid {
                // The test's own user must be able to write its work folder.
                let owner = Some(nix::unistd::Uid::from_raw(uid));
                let group = Some(nix::unistd::Gid::from_raw(uid));
                for dir in [&scratch, &tmp] {
                    nix::unistd::chown(dir.as_path(), owner, group)
                        .map_err(|errno| io_error(errno.into()))?;
                }
            }
            tmp
        }
    };
    let work = jail.work_path(&scratch);
    let args: Vec<std::ffi::OsString> = vec![
        "--exact".into(),
        "--test-threads".into(),
        "1".into(),
        // Last, where the runner looks for it.
        case.name.clone().into(),
    ];
    if slot.uid.is_some() {
        // Execute-only for the test's user: it can run the binary, but not read the
        // compiled hidden tests out of it (`/proc/self/exe` is refused as well).
        std::fs::set_permissions(&case.binary, std::fs::Permissions::from_mode(0o711))
            .map_err(io_error)?;
    }
    let secret = new_secret().map_err(io_error)?;
    let oom_before = slot.group.as_ref().map_or(0, TestGroup::oom_kills);
    let started = Instant::now();
    let mut command = jail.command(
        &case.binary,
        &scratch,
        &case.programs,
        &args,
        &settings.limits,
        slot.memory,
        slot.uid,
        slot.group.as_ref(),
    );
    command.env_clear();
    command.envs(case.env.iter().map(|(name, value)| (name, value)));
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
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        // A process group of its own, so a timeout kills the test and everything it started.
        .process_group(0)
        .spawn()
        .map_err(io_error)?;
    let group = Pid::from_raw(child.id() as i32);
    if let Some(mut stdin) = child.stdin.take() {
        // A pipe holds far more than one line, so this never blocks; a test that closed
        // its standard input early only loses its own proof.
        let _ = writeln!(stdin, "{secret}");
    }

    let proof = format!("{PROOF_PREFIX}{secret}");
    let (output_tx, output_rx) = mpsc::channel();
    let stdout = child.stdout.take().expect("stdout was piped");
    let stderr = child.stderr.take().expect("stderr was piped");
    for (index, stream) in [
        (0, Box::new(stdout) as Box<dyn Read + Send>),
        (1, Box::new(stderr)),
    ] {
        let output_tx = output_tx.clone();
        let limit = settings.output_limit;
        let wanted = (index == 0).then(|| proof.clone());
        std::thread::spawn(move || {
            let _ = output_tx.send((index, read_capped(stream, limit, wanted.as_deref())));
        });
    }
    drop(output_tx);

    let mut timed_out = false;
    let status = loop {
        match child.try_wait().map_err(io_error)? {
            Some(status) => break status,
            None if started.elapsed() >= case.timeout => {
                timed_out = true;
                break terminate(&mut child, slot).map_err(io_error)?;
            }
            None => std::thread::sleep(Duration::from_millis(5)),
        }
    };
    let duration = started.elapsed();
    // Outside bubblewrap nothing ends the test's children with it: what is still alive
    // in its control group now was left behind.
    let left_outside = match (&settings.jail, &slot.group) {
        (Jail::Unsandboxed(_), Some(cgroup)) if !timed_out => live_members(cgroup),
        _ => 0,
    };
    // Whatever the test left running goes too: its group, everything still in its control
    // group, and anything of its user id that escaped both.
    let _ = killpg(group, Signal::SIGKILL);
    if let Some(cgroup) = &slot.group {
        cgroup.kill_all();
    }
    if let Some(uid) = slot.uid {
        sandbox::kill_user_processes(uid);
    }
    let out_of_memory = slot.group.as_ref().map_or(0, TestGroup::oom_kills) > oom_before;

    // Collect output; a process that escaped the group may hold a pipe open, so the
    // readers get a grace period rather than an unbounded wait.
    let mut streams = [Captured::default(), Captured::default()];
    let grace = Instant::now() + Duration::from_secs(2);
    for _ in 0..2 {
        let left = grace.saturating_duration_since(Instant::now());
        match output_rx.recv_timeout(left) {
            Ok((index, captured)) => streams[index] = captured,
            Err(_) => break,
        }
    }
    let [stdout, stderr] = streams;
    let _ = std::fs::remove_dir_all(&scratch);

    let leaked = match status.code() {
        Some(sandbox::LEAKED) if settings.jail.is_sandboxed() => Some(leaked_count(&stderr.text)),
        _ if left_outside > 0 => Some(left_outside),
        _ => None,
    };
    let outcome = if timed_out {
        TestOutcome::TimedOut {
            limit: case.timeout,
        }
    } else if let Some(message) = fault_before_the_test(status.code(), &stdout.text) {
        TestOutcome::GraderFault { message }
    } else if let Some(processes) = leaked {
        TestOutcome::Leaked { processes }
    } else if let Some(signal) = crash_signal(status, &settings.jail) {
        TestOutcome::Crashed { signal }
    } else if status.success() && stdout.found {
        TestOutcome::Passed
    } else if status.code() == Some(LIBTEST_FAILED) {
        TestOutcome::Failed {
            message: failure_message(&stdout.text, &case.name),
        }
    } else {
        TestOutcome::Unfinished {
            code: status.code().unwrap_or(-1),
        }
    };
    let mut output = stdout.text;
    if !stderr.text.is_empty() {
        output.push_str("\n--- stderr ---\n");
        output.push_str(&stderr.text);
    }
    if out_of_memory {
        output.push_str(&format!(
            "\n[the test used more than its memory budget of {} MiB and was killed]\n",
            slot.memory >> 20
        ));
    }
    Ok(TestRun {
        outcome,
        output,
        duration,
    })
}

/// Ends a test that ran out of time: SIGTERM to every process of it, [`TERMINATE_GRACE`]
/// to end by itself, then SIGKILL to its process group and control group. Returns the
/// status of the test's process.
fn terminate(
    child: &mut std::process::Child,
    slot: &Slot,
) -> std::io::Result<std::process::ExitStatus> {
    let group = Pid::from_raw(child.id() as i32);
    // The jail's outer process (bubblewrap, when there is one) is spared the SIGTERM:
    // its death would SIGKILL the test before it had its grace.
    let outer = child.id() as i32;
    match &slot.group {
        Some(cgroup) => {
            for pid in cgroup.members().into_iter().filter(|pid| *pid != outer) {
                let _ = nix::sys::signal::kill(Pid::from_raw(pid), Signal::SIGTERM);
            }
        }
        None => {
            let _ = killpg(group, Signal::SIGTERM);
        }
    }
    let deadline = Instant::now() + TERMINATE_GRACE;
    while Instant::now() < deadline {
        if let Some(status) = child.try_wait()? {
            return Ok(status);
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let _ = killpg(group, Signal::SIGKILL);
    if let Some(cgroup) = &slot.group {
        cgroup.kill_all();
    }
    child.wait()
}

/// How many processes of `cgroup` are alive (not zombies), after a short wait for those
/// that are about to end.
fn live_members(cgroup: &TestGroup) -> u32 {
    let mut live = 0;
    for _ in 0..10 {
        live = cgroup
            .members()
            .into_iter()
            .filter(|pid| {
                let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
                let state = stat.rsplit_once(") ").map(|(_, rest)| rest.chars().next());
                !matches!(state, None | Some(Some('Z' | 'X')) | Some(None))
            })
            .count();
        if live == 0 {
            return 0;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    u32::try_from(live).unwrap_or(u32::MAX)
}

/// The number of processes the jail's leak watch reported on standard error (its last
/// report; 0 when there is none, e.g. a test that exited with the watch's status itself).
fn leaked_count(stderr: &str) -> u32 {
    stderr
        .lines()
        .rev()
        .find_map(|line| line.strip_prefix(sandbox::LEAKED_PREFIX))
        .and_then(|count| count.trim().parse().ok())
        .unwrap_or(0)
}

/// The exit status of a libtest binary whose test failed.
const LIBTEST_FAILED: i32 = 101;

/// What went wrong on the grader's side when a test ended with one of the grader's own
/// exit statuses before the test began, or `None` when it did not.
///
/// The test binary's stdout is still empty then: libtest writes its `running 1 test`
/// line (flushed at the newline) before any test code runs, so a test that merely exits
/// with the same status is never taken for a grader fault.
fn fault_before_the_test(code: Option<i32>, stdout: &str) -> Option<String> {
    if !stdout.trim().is_empty() {
        return None;
    }
    match code? {
        sandbox::JOIN_FAILED => Some("the test could not join its control group".to_string()),
        NO_SUCH_TEST_EXIT => Some(
            "the test binary has no test of this name (the plan is stale: grade again)".to_string(),
        ),
        _ => None,
    }
}

/// A fresh secret for one test run: 128 random bits from the kernel, in hex.
fn new_secret() -> std::io::Result<String> {
    let mut bytes = [0u8; 16];
    std::fs::File::open("/dev/urandom")?.read_exact(&mut bytes)?;
    Ok(bytes.iter().map(|byte| format!("{byte:02x}")).collect())
}

/// Runs every case on up to `jobs` worker threads, and returns each case's result in
/// input order (`None` for a case `should_run` turned down).
///
/// A case takes [`TestCase::slots`] of the `jobs` slots while it runs (at most `jobs`),
/// and cases start in input order: a 4-slot test on a 4-slot budget waits until
/// everything before it has ended and runs alone. Just before a case starts,
/// `should_run` may turn it down (e.g. the rest of an exercise whose first tests all
/// timed out). `on_finish` is called with each case's index and result as it ends (for
/// progress display, or to act on a group of cases as soon as its last one ends).
///
/// Each test runs in a control group of its own ([`TestGroup`]), with a memory budget
/// that fits `jobs` tests at once into the machine ([`Limits::memory_for`]), times its
/// slots. When the grader runs as root, each worker also leases a user id of its own
/// ([`sandbox::UidLease`]) and runs its tests as that user, so the process limit applies
/// per worker and whatever a test leaves behind can be killed by user id without
/// touching another worker's test, or another grader's.
pub fn run_all(
    cases: &[TestCase],
    settings: &RunSettings,
    jobs: usize,
    should_run: &(dyn Fn(usize) -> bool + Sync),
    on_finish: &(dyn Fn(usize, &Result<TestRun, RunError>) + Sync),
) -> Vec<Option<Result<TestRun, RunError>>> {
    static NEXT_GROUP: AtomicUsize = AtomicUsize::new(0);
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Result<TestRun, RunError>>>> =
        Mutex::new((0..cases.len()).map(|_| None).collect());
    let jobs = jobs.max(1);
    let memory = settings.limits.memory_for(jobs);
    let admission = Admission::new(jobs);
    std::thread::scope(|scope| {
        for _ in 0..jobs {
            let (next, results, admission) = (&next, &results, &admission);
            scope.spawn(move || {
                let lease = sandbox::UidLease::acquire();
                let name = format!(
                    "grade-{}-{}",
                    std::process::id(),
                    NEXT_GROUP.fetch_add(1, Ordering::SeqCst)
                );
                loop {
                    let index = next.fetch_add(1, Ordering::SeqCst);
                    let Some(case) = cases.get(index) else { break };
                    let slots = case.slots.clamp(1, jobs);
                    let _admitted = admission.admit(index, slots);
                    if !should_run(index) {
                        continue;
                    }
                    // A control group per test: what one test left dying never counts
                    // against the next one's budget.
                    let budget = memory.saturating_mul(slots as u64);
                    let slot = Slot {
                        uid: lease.as_ref().map(sandbox::UidLease::uid),
                        group: TestGroup::create(
                            &format!("{name}-{index}"),
                            budget,
                            settings.limits.processes,
                        ),
                        memory: budget,
                    };
                    let result = run_test(case, settings, &slot);
                    drop(slot);
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
}

/// The slots of a run, handed out in case order: case `i` is admitted only after every
/// case before it, and only when its slots are free.
struct Admission {
    state: Mutex<AdmissionState>,
    changed: std::sync::Condvar,
}

struct AdmissionState {
    /// The index of the next case to admit.
    next: usize,
    /// Slots not held by a running case.
    free: usize,
}

/// Slots held by one running case, given back when it is dropped.
struct Admitted<'a> {
    admission: &'a Admission,
    slots: usize,
}

impl Admission {
    fn new(slots: usize) -> Admission {
        Admission {
            state: Mutex::new(AdmissionState {
                next: 0,
                free: slots,
            }),
            changed: std::sync::Condvar::new(),
        }
    }

    /// Waits until case `index` is next and `slots` are free, and takes them. Every
    /// wait ends: the cases before it are admitted in order and each gives its slots
    /// back when its test (which has a time limit) ends.
    fn admit(&self, index: usize, slots: usize) -> Admitted<'_> {
        let mut state = self
            .state
            .lock()
            .expect("no worker panics while holding it");
        while state.next != index || state.free < slots {
            state = self
                .changed
                .wait(state)
                .expect("no worker panics while holding it");
        }
        state.next += 1;
        state.free -= slots;
        self.changed.notify_all();
        Admitted {
            admission: self,
            slots,
        }
    }
}

impl Drop for Admitted<'_> {
    fn drop(&mut self) {
        let mut state = self
            .admission
            .state
            .lock()
            .expect("no worker panics while holding it");
        state.free += self.slots;
        self.admission.changed.notify_all();
    }
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

/// What was read of one output stream.
#[derive(Debug, Default)]
struct Captured {
    /// The head of the stream, at most the limit, with a note of what was cut and
    /// without the proof line.
    text: String,
    /// Whether the wanted line (the proof) appeared at the end of the stream.
    found: bool,
}

/// How much of the end of standard output is searched for the proof line (which the
/// runner prints last, after libtest's summary).
const PROOF_TAIL: usize = 64 * 1024;

/// Reads a stream to its end, keeping at most `limit` bytes (the rest is drained so the
/// writer never blocks on a full pipe) and looking for the line `wanted` in the last
/// [`PROOF_TAIL`] bytes (the runner prints its proof last; only bulk copies touch the
/// rest, so a flood of output is read at pipe speed even in a debug build).
fn read_capped(mut stream: impl Read, limit: usize, wanted: Option<&str>) -> Captured {
    let mut kept = Vec::new();
    let mut buffer = [0u8; 64 * 1024];
    let mut dropped = 0usize;
    let mut tail: Vec<u8> = Vec::new();
    loop {
        match stream.read(&mut buffer) {
            Ok(0) | Err(_) => break,
            Ok(read) => {
                if wanted.is_some() {
                    tail.extend_from_slice(&buffer[..read]);
                    if tail.len() > 2 * PROOF_TAIL {
                        tail.drain(..tail.len() - PROOF_TAIL);
                    }
                }
                let room = limit.saturating_sub(kept.len());
                kept.extend_from_slice(&buffer[..read.min(room)]);
                dropped += read.saturating_sub(room);
            }
        }
    }
    let wanted = wanted.map(|line| format!("{line}\n"));
    let tail = &tail[tail.len().saturating_sub(PROOF_TAIL)..];
    let found = wanted.as_ref().is_some_and(|line| {
        tail.windows(line.len())
            .any(|window| window == line.as_bytes())
    });
    let mut text = String::from_utf8_lossy(&kept).into_owned();
    if let Some(line) = &wanted {
        text = text.replace(line.as_str(), "");
    }
    if dropped > 0 {
        text.push_str(&format!("\n[... {dropped} more bytes of output cut ...]\n"));
    }
    Captured { text, found }
}

/// The part of libtest's report that belongs to a failed test: its captured output and
/// panic message, between `---- <name> stdout ----` and the closing `failures:` list.
fn failure_message(stdout: &str, name: &str) -> String {
    let header = format!("---- {name} stdout ----\n");
    let Some(start) = stdout.find(&header) else {
        // Nothing was captured (e.g. a should_panic test that did not panic, whose reason
        // libtest prints as a note after the name).
        return stdout
            .lines()
            .find_map(|line| {
                line.strip_prefix("note: ")
                    .filter(|note| note.contains("panic"))
            })
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
    fn the_graders_exit_statuses_are_faults_only_before_the_test_began() {
        let stale = fault_before_the_test(Some(NO_SUCH_TEST_EXIT), "");
        assert!(stale.is_some_and(|message| message.contains("no test of this name")));
        let join = fault_before_the_test(Some(sandbox::JOIN_FAILED), "\n");
        assert!(join.is_some_and(|message| message.contains("control group")));
        // A test that exits with the same status after libtest started it is the test's.
        let begun = "\nrunning 1 test\n";
        assert_eq!(fault_before_the_test(Some(NO_SUCH_TEST_EXIT), begun), None);
        assert_eq!(
            fault_before_the_test(Some(sandbox::JOIN_FAILED), begun),
            None
        );
        assert_eq!(fault_before_the_test(Some(1), ""), None);
        assert_eq!(fault_before_the_test(None, ""), None);
    }

    #[test]
    fn failure_message_is_cut_from_the_libtest_report() {
        let stdout = "running 1 test\ntest a::b ... FAILED\n\nfailures:\n\n---- a::b stdout ----\n\
                      seed 3\n\nthread 'a::b' panicked at t.rs:1:1:\nth-x: do it\n\
                      note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n\n\
                      failures:\n    a::b\n";
        let message = failure_message(stdout, "a::b");
        assert_eq!(
            message,
            "seed 3\n\nthread 'a::b' panicked at t.rs:1:1:\nth-x: do it"
        );
    }

    #[test]
    fn a_should_panic_failure_without_output_takes_libtests_note() {
        let stdout = "running 1 test\ntest a::b - should panic ... FAILED\n\nfailures:\n\n\
                      ---- a::b stdout ----\nnote: test did not panic as expected at t.rs:2:28\n";
        assert!(
            failure_message(stdout, "a::b").contains("did not panic as expected"),
            "{}",
            failure_message(stdout, "a::b")
        );
    }

    #[test]
    fn capped_reads_keep_the_head_and_say_how_much_was_cut() {
        let captured = read_capped(&b"abcdefghij"[..], 4, None);
        assert!(captured.text.starts_with("abcd\n"), "{}", captured.text);
        assert!(captured.text.contains("6 more bytes"), "{}", captured.text);
    }

    #[test]
    fn the_proof_is_found_past_the_cap_at_the_end_but_never_kept() {
        let mut stream = vec![b'x'; 100_000];
        stream.extend_from_slice(b"\ngrade-proof:abc\ntail");
        let captured = read_capped(&stream[..], 16, Some("grade-proof:abc"));
        assert!(
            captured.found,
            "the proof after 100 kB of output still counts"
        );
        let captured = read_capped(&b"grade-proof:abd\n"[..], 1024, Some("grade-proof:abc"));
        assert!(!captured.found, "another secret is no proof");
        let captured = read_capped(&b"ok\ngrade-proof:abc\n"[..], 1024, Some("grade-proof:abc"));
        assert!(
            captured.found && !captured.text.contains("grade-proof"),
            "{}",
            captured.text
        );
    }
}
