//! The jail a test runs in: bubblewrap when the machine has it, rlimits and a
//! throw-away user id always (when the grader runs as root), process groups regardless.
//!
//! Inside bubblewrap a test sees a read-only `/usr`, a private `/tmp`, its own test binary
//! at [`JAIL_BINARY`] and a writable work folder at [`JAIL_WORK`], and nothing else of the
//! machine: not the kit, not the hidden test sources, not other students' work. It has
//! its own network namespace (only its own loopback, so the test kit's page server still
//! works and nothing outside is reachable), its own PID namespace (when the test ends,
//! everything it started dies with it, `setsid` or not) and its own session.
//!
//! Limits come from `prlimit` (address space, processes, file size, CPU time, open files),
//! and the test runs under a user id reserved for its worker slot (`setpriv`), so the
//! process limit means something (root ignores it) and any process left behind can be
//! found and killed by its user id.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::cgroup::TestGroup;

/// Where the test binary appears inside the jail.
pub const JAIL_BINARY: &str = "/grade/test-binary";
/// Where the test's writable work folder appears inside the jail.
pub const JAIL_WORK: &str = "/grade/work";
/// Where a submission's own binaries appear inside the jail: `/grade/bin/<name>`.
pub const JAIL_PROGRAMS: &str = "/grade/bin";

/// The environment variable that tells a test where the submission's binary `name` is:
/// `KIT_BIN_` and the name in upper case with `-` as `_` (`sp-shell` → `KIT_BIN_SP_SHELL`).
///
/// ```
/// assert_eq!(grading::sandbox::program_variable("sp-shell"), "KIT_BIN_SP_SHELL");
/// ```
pub fn program_variable(name: &str) -> String {
    format!("KIT_BIN_{}", name.to_ascii_uppercase().replace('-', "_"))
}

/// The first user id used for test processes (see [`UidLease`]).
pub const FIRST_UID: u32 = 61000;

/// How many user ids, from [`FIRST_UID`] on, graders may lease.
pub const UID_RANGE: u32 = 4096;

/// A user id held by one worker slot of one grader for as long as the lease lives.
///
/// Every test of the slot runs as this user, and after each test every process of this
/// user is killed. That is only safe if no other grader on the machine (a second class
/// being graded, a concurrent test of the grader itself) uses the same id at the same
/// time, so the id is reserved with an exclusive lock on a file named after it. The
/// operating system drops the lock when the grader exits, crashed or not, so a lease is
/// never stranded.
#[derive(Debug)]
pub struct UidLease {
    uid: u32,
    _lock: std::fs::File,
}

impl UidLease {
    /// Reserves the first free user id, after killing whatever a dead grader left
    /// running under it. `None` when the grader is not root (it cannot switch users) or
    /// every id in the range is taken; tests then run as the grader's own user.
    pub fn acquire() -> Option<UidLease> {
        if !running_as_root() {
            return None;
        }
        let dir = std::env::temp_dir().join("grade-uid-leases");
        std::fs::create_dir_all(&dir).ok()?;
        for uid in FIRST_UID..FIRST_UID + UID_RANGE {
            let Ok(lock) = std::fs::File::create(dir.join(uid.to_string())) else {
                continue;
            };
            if lock.try_lock().is_ok() {
                kill_user_processes(uid);
                return Some(UidLease { uid, _lock: lock });
            }
        }
        None
    }

    /// The leased user id.
    pub fn uid(&self) -> u32 {
        self.uid
    }
}

/// Resource limits for one test (and everything it starts).
///
/// With control groups (root on Linux with the memory and pids controllers, see
/// [`crate::cgroup`]) memory and processes are bounded for the test *as a whole*, its
/// tmpfs `/tmp` and work folder included; the rlimits below stay on as a second line.
/// Without them only the per-process rlimits hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Memory for the whole test, in bytes (with control groups); `None` chooses
    /// [`memory_budget`] for the number of tests that run at once.
    pub memory: Option<u64>,
    /// Virtual memory per process, in bytes: a safety net where control groups bound
    /// memory, the only memory bound where they do not (address space is not memory: a
    /// runtime reserves far more than it touches, so it cannot be tight).
    pub address_space: u64,
    /// Processes and threads for the test (its control group) and for its user id. 1024
    /// by default: th-chunks' test starts 1500 short-lived threads, a burst that must not
    /// fail on a loaded machine, while the fork-bomb sample (3000 sleeping processes,
    /// 0.2 MiB each) is stopped by it well before the memory budget would be.
    pub processes: u64,
    /// The largest file it may write, in bytes.
    pub file_size: u64,
    /// The size of each of its two writable folders, `/tmp` and the work folder (tmpfs
    /// inside the jail: their pages also count against the memory budget).
    pub folder_bytes: u64,
    /// CPU seconds per process.
    pub cpu_seconds: u64,
    /// Open file descriptors per process.
    pub open_files: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            memory: None,
            address_space: 4 << 30,
            processes: 1024,
            file_size: 64 << 20,
            folder_bytes: 256 << 20,
            cpu_seconds: 120,
            open_files: 1024,
        }
    }
}

impl Limits {
    /// The memory budget of one test when `slots` tests run at once: the one set, or
    /// [`memory_budget`].
    pub fn memory_for(&self, slots: usize) -> u64 {
        self.memory.unwrap_or_else(|| memory_budget(slots))
    }
}

/// The most memory one test may use by default.
pub const MAX_TEST_MEMORY: u64 = 512 << 20;
/// The least memory one test gets by default, however small the machine.
pub const MIN_TEST_MEMORY: u64 = 256 << 20;

/// The default memory budget of one test when `slots` tests run at once: three quarters
/// of the memory available now, shared by the slots, and at most [`MAX_TEST_MEMORY`]
/// (512 MiB), at least [`MIN_TEST_MEMORY`]. So slots × budget fits the machine, leaving a
/// quarter to the grader, cargo and the system, and a runaway test is stopped within a
/// second or so, far inside any test's timeout, on a fresh VM too (where the first touch
/// of memory is slow). The cap is that low because the last stretch before a limit is
/// the slow one: near its limit a group's own file pages (the test binary's code) are
/// evicted and read again before the OOM killer fires; filling a 1 GiB group took 5.7 s
/// here with a build running beside it, a 512 MiB one 0.6 s. Every reference test fits.
pub fn memory_budget(slots: usize) -> u64 {
    let available = available_memory().unwrap_or(4 << 30);
    (available / 4 * 3 / slots.max(1) as u64).clamp(MIN_TEST_MEMORY, MAX_TEST_MEMORY)
}

/// `MemAvailable` from `/proc/meminfo`, in bytes.
fn available_memory() -> Option<u64> {
    meminfo_bytes("MemAvailable")
}

/// The field `name` of `/proc/meminfo` (`MemTotal`, `MemAvailable`, ...), in bytes.
pub fn meminfo_bytes(name: &str) -> Option<u64> {
    let info = std::fs::read_to_string("/proc/meminfo").ok()?;
    let kib: u64 = info
        .lines()
        .find_map(|line| line.strip_prefix(name)?.strip_prefix(':'))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kib * 1024)
}

/// The bubblewrap arguments every jail starts from (a test's and a compile's): no
/// network, processes, IPC or host name of the machine, gone when the grader goes, its own
/// session, and a read-only system: `/usr` with the usual links into it, the dynamic
/// linker's cache and `/etc/alternatives` (`cc`, `mpiexec` are links through it), `/proc`
/// of its own and a minimal `/dev`. Folders bubblewrap creates on the way to a mount point
/// copy the host's modes, so `/etc` is made passable first.
pub const SYSTEM_VIEW: &[&str] = &[
    "--unshare-net",
    "--unshare-pid",
    "--unshare-ipc",
    "--unshare-uts",
    "--die-with-parent",
    "--new-session",
    "--ro-bind",
    "/usr",
    "/usr",
    "--symlink",
    "usr/lib",
    "/lib",
    "--symlink",
    "usr/lib64",
    "/lib64",
    "--symlink",
    "usr/bin",
    "/bin",
    "--symlink",
    "usr/sbin",
    "/sbin",
    "--perms",
    "0755",
    "--dir",
    "/etc",
    "--ro-bind-try",
    "/etc/ld.so.cache",
    "/etc/ld.so.cache",
    "--ro-bind-try",
    "/etc/alternatives",
    "/etc/alternatives",
    "--proc",
    "/proc",
    "--dev",
    "/dev",
];

/// How tests are confined.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Jail {
    /// Inside bubblewrap (the program's path).
    Bubblewrap(PathBuf),
    /// Without a sandbox: still timeouts, rlimits and process groups, but the test can
    /// see the machine's files and network. The reason says why.
    Unsandboxed(String),
}

impl Jail {
    /// Uses bubblewrap if it is installed and works here, otherwise says why not.
    pub fn detect() -> Jail {
        let Some(bwrap) = find_program("bwrap") else {
            return Jail::Unsandboxed("bubblewrap (bwrap) is not installed".into());
        };
        let works = Command::new(&bwrap)
            .args([
                "--ro-bind",
                "/",
                "/",
                "--unshare-net",
                "--unshare-pid",
                "--",
                "true",
            ])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|status| status.success());
        if works {
            Jail::Bubblewrap(bwrap)
        } else {
            Jail::Unsandboxed(format!(
                "{} cannot create namespaces on this machine",
                bwrap.display()
            ))
        }
    }

    /// Whether tests run inside a sandbox.
    pub fn is_sandboxed(&self) -> bool {
        match self {
            Jail::Bubblewrap(_) => true,
            Jail::Unsandboxed(_) => false,
        }
    }

    /// One line for the instructor: what confines the tests.
    pub fn describe(&self) -> String {
        match self {
            Jail::Bubblewrap(program) => format!(
                "sandboxed with {} (no network but loopback, read-only system, private /tmp, own PID namespace)",
                program.display()
            ),
            Jail::Unsandboxed(reason) => format!(
                "UNSANDBOXED: {reason}; tests can read this machine's files and reach its network \
                 (timeouts, rlimits and process groups still apply)"
            ),
        }
    }

    /// The command that runs `binary args...` confined, with `work` as its working folder
    /// (unsandboxed only: inside bubblewrap the work folder is a private tmpfs) and
    /// `programs` (the submission's own binaries, by name) readable and runnable.
    ///
    /// Inside a bubblewrap jail the paths the test sees are [`JAIL_BINARY`] and
    /// [`JAIL_WORK`]; `args` must already use them (see [`Jail::binary_path`] and
    /// [`Jail::work_path`]). `uid` is the worker slot's user id, used only when the
    /// grader runs as root; `group` is the test's control group, which the test joins
    /// before anything of it starts; `memory` is the test's memory budget.
    #[allow(clippy::too_many_arguments)]
    pub fn command(
        &self,
        binary: &Path,
        work: &Path,
        programs: &[(String, PathBuf)],
        args: &[OsString],
        limits: &Limits,
        memory: u64,
        uid: Option<u32>,
        group: Option<&TestGroup>,
    ) -> Command {
        crate::descriptors::seal_inherited();
        let mut inner: Vec<OsString> = uid.map(as_user).unwrap_or_default();
        if let Some(prlimit) = find_program("prlimit") {
            // With a control group the memory budget holds for the whole test and the
            // address-space limit is a safety net; without one, it is the only bound.
            // It cannot be the budget itself: address space is not memory (1500 threads
            // reserve 3 GiB of stacks and touch a few MiB).
            let address_space = limits.address_space.max(memory);
            inner.push(prlimit.into());
            inner.push(format!("--as={address_space}").into());
            // With a control group its `pids` limit bounds the test exactly; the per-user
            // limit (which also counts what an earlier test of the slot left dying) is
            // then only a wide safety net.
            let user_processes = match group {
                Some(_) => limits.processes * 8,
                None => limits.processes,
            };
            inner.push(format!("--nproc={user_processes}").into());
            inner.push(format!("--fsize={}", limits.file_size).into());
            inner.push(format!("--cpu={}", limits.cpu_seconds).into());
            inner.push(format!("--nofile={}", limits.open_files).into());
            inner.push("--".into());
        }
        let mut command = self.confined(binary, work, programs, args, limits, &inner);
        if let Some(group) = group {
            command = enter_group(command, group);
        }
        command
    }

    fn confined(
        &self,
        binary: &Path,
        work: &Path,
        programs: &[(String, PathBuf)],
        args: &[OsString],
        limits: &Limits,
        inner: &[OsString],
    ) -> Command {
        match self {
            Jail::Bubblewrap(bwrap) => {
                let mut command = Command::new(bwrap);
                command.args(SYSTEM_VIEW);
                command.args(["--perms", "0755", "--dir", "/grade"]);
                // A private /tmp and work folder that the test's own user id can write
                // to: size-capped tmpfs, whose pages count against the test's memory, so
                // nothing a test writes reaches the host's disk.
                for folder in ["/tmp", JAIL_WORK] {
                    command.args(["--perms", "1777", "--size"]);
                    command.arg(limits.folder_bytes.to_string());
                    command.args(["--tmpfs", folder]);
                }
                // POSIX shared memory and named semaphores (`shm_open`, `sem_open`; MPICH's
                // shared-memory transport) live in /dev/shm: a size-capped tmpfs of the
                // test's own, like /tmp.
                command.args(["--perms", "1777", "--size"]);
                command.arg(limits.folder_bytes.to_string());
                command.args(["--tmpfs", "/dev/shm"]);
                // A host name of the jail's own that resolves (MPI launchers look their
                // host up), without the host's name or hosts file.
                command.args(["--hostname", JAIL_HOST_NAME]);
                if let Some(etc) = jail_etc() {
                    for file in JAIL_ETC_FILES {
                        command.arg("--ro-bind").arg(etc.join(file.0));
                        command.arg(Path::new("/etc").join(file.0));
                    }
                }
                command.arg("--ro-bind").arg(binary).arg(JAIL_BINARY);
                if !programs.is_empty() {
                    // Folders bwrap creates are private to root unless told otherwise.
                    command.args(["--perms", "0755", "--dir", JAIL_PROGRAMS]);
                }
                for (name, path) in programs {
                    command
                        .arg("--ro-bind")
                        .arg(path)
                        .arg(self.program_path(name, path));
                }
                command.args(["--chdir", JAIL_WORK, "--"]);
                command.args(inner);
                command.args(["/bin/sh", "-c", LEAK_WATCH, "grade-leak-watch"]);
                command.arg(JAIL_BINARY).args(args);
                command
            }
            Jail::Unsandboxed(_) => {
                let (program, rest) = match inner.split_first() {
                    Some((program, rest)) => (program.clone(), rest.to_vec()),
                    None => (binary.as_os_str().to_owned(), Vec::new()),
                };
                let mut command = Command::new(program);
                command.args(rest);
                if !inner.is_empty() {
                    command.arg(binary);
                }
                command.args(args).current_dir(work);
                command
            }
        }
    }

    /// Where the submission's binary `name` (at `path` outside) is, as the test sees it.
    pub fn program_path(&self, name: &str, path: &Path) -> PathBuf {
        match self {
            Jail::Bubblewrap(_) => Path::new(JAIL_PROGRAMS).join(name),
            Jail::Unsandboxed(_) => path.to_path_buf(),
        }
    }

    /// The test binary's path as the test process sees it.
    pub fn binary_path(&self, binary: &Path) -> PathBuf {
        match self {
            Jail::Bubblewrap(_) => PathBuf::from(JAIL_BINARY),
            Jail::Unsandboxed(_) => binary.to_path_buf(),
        }
    }

    /// The work folder's path as the test process sees it.
    pub fn work_path(&self, work: &Path) -> PathBuf {
        match self {
            Jail::Bubblewrap(_) => PathBuf::from(JAIL_WORK),
            Jail::Unsandboxed(_) => work.to_path_buf(),
        }
    }
}

/// `command`, started by a shell that first moves itself into `group` (so everything the
/// test starts is in it from its first instruction on) and then becomes `command`. A
/// shell that cannot join exits with status [`JOIN_FAILED`].
fn enter_group(command: Command, group: &TestGroup) -> Command {
    let mut wrapped = Command::new("/bin/sh");
    wrapped
        .arg("-c")
        .arg(format!(
            "while [ \"$1\" != -- ]; do echo $$ > \"$1\" || exit {JOIN_FAILED}; shift; done; shift; exec \"$@\""
        ))
        .arg("grade-enter-group")
        .args(group.procs_files())
        .arg("--")
        .arg(command.get_program())
        .args(command.get_args());
    if let Some(dir) = command.get_current_dir() {
        wrapped.current_dir(dir);
    }
    wrapped
}

/// The jail's host name; `/etc/hosts` inside the jail maps it and `localhost` to the
/// loopback address.
pub const JAIL_HOST_NAME: &str = "grade-jail";

/// The exit status of a jailed test that ended while processes it started were still
/// running (see [`LEAK_WATCH`]); the count is on standard error after [`LEAKED_PREFIX`].
pub const LEAKED: i32 = 117;

/// The line that says how many processes a test left running.
pub const LEAKED_PREFIX: &str = "grade-leaked: ";

/// What runs the test inside the jail: the test, then a look at what is left in the
/// jail's PID namespace besides bubblewrap's init (pid 1) and this shell. Processes that
/// are still alive after half a second of retries (zombies and exiting ones do not count)
/// are a leak: it says how many and exits [`LEAKED`]; otherwise it exits with the test's
/// own status. Whatever is left dies with the namespace when this shell exits. A test can
/// only make its own outcome worse through this (by killing the shell or printing the
/// line), never earn a pass: the pass needs status 0 and the runner's proof.
pub const LEAK_WATCH: &str = r#""$@"; status=$?
for attempt in 1 2 3 4 5 6 7 8 9 10; do
  left=0
  for p in /proc/[0-9]*; do
    if [ "$p" = /proc/1 ] || [ "$p" = "/proc/$$" ]; then continue; fi
    read -r stat < "$p/stat" 2>/dev/null || continue
    case "${stat##*) }" in Z*|X*) continue;; esac
    left=$((left + 1))
  done
  if [ "$left" -eq 0 ]; then exit "$status"; fi
  sleep 0.05
done
echo "grade-leaked: $left" >&2
exit 117"#;

/// The files of the jail's own `/etc` besides the loader cache: its name resolves to the
/// loopback address, from files only (no DNS: there is no network).
const JAIL_ETC_FILES: [(&str, &str); 2] = [
    (
        "hosts",
        concat!("127.0.0.1\tlocalhost grade-jail\n", "::1\tlocalhost\n"),
    ),
    ("nsswitch.conf", "hosts: files\n"),
];

/// A folder holding [`JAIL_ETC_FILES`], written once per grader process.
fn jail_etc() -> Option<&'static Path> {
    static ETC: std::sync::OnceLock<Option<PathBuf>> = std::sync::OnceLock::new();
    ETC.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("grade-jail-etc-{}", std::process::id()));
        std::fs::create_dir_all(&dir).ok()?;
        for (name, text) in JAIL_ETC_FILES {
            std::fs::write(dir.join(name), text).ok()?;
        }
        Some(dir)
    })
    .as_deref()
}

/// The exit status of a test that could not join its control group (the grader's fault,
/// not the student's).
pub const JOIN_FAILED: i32 = 125;

/// The command prefix that runs what follows as `uid` (user and group, no supplementary
/// groups), or nothing where `setpriv` is missing.
pub fn as_user(uid: u32) -> Vec<OsString> {
    let Some(setpriv) = find_program("setpriv") else {
        return Vec::new();
    };
    let uid = uid.to_string();
    let mut prefix: Vec<OsString> = vec![setpriv.into()];
    prefix.extend(["--reuid", &uid, "--regid", &uid, "--clear-groups", "--"].map(OsString::from));
    prefix
}

/// Whether the grader runs as root (and so can give tests their own user id).
pub fn running_as_root() -> bool {
    nix::unistd::geteuid().is_root()
}

/// Kills every process owned by `uid` (what a test left behind, even outside its group).
pub fn kill_user_processes(uid: u32) {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return;
    };
    for entry in entries.flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|name| name.parse::<i32>().ok())
        else {
            continue;
        };
        let status = std::fs::read_to_string(entry.path().join("status")).unwrap_or_default();
        let owner = status
            .lines()
            .find_map(|line| line.strip_prefix("Uid:"))
            .and_then(|ids| ids.split_whitespace().next())
            .and_then(|id| id.parse::<u32>().ok());
        if owner == Some(uid) {
            let _ = nix::sys::signal::kill(
                nix::unistd::Pid::from_raw(pid),
                nix::sys::signal::Signal::SIGKILL,
            );
        }
    }
}

/// The pid of a live (not zombie) process whose `/proc/<pid>/cmdline` is exactly
/// `cmdline` (arguments each ended by a NUL byte), if there is one: how the sample class
/// and the grader's tests prove that a process a test started did not survive it.
pub fn live_process(cmdline: &[u8]) -> Option<u32> {
    std::fs::read_dir("/proc")
        .ok()?
        .flatten()
        .find_map(|entry| {
            let pid: u32 = entry.file_name().to_str()?.parse().ok()?;
            let command = std::fs::read(entry.path().join("cmdline")).ok()?;
            let stat = std::fs::read_to_string(entry.path().join("stat")).ok()?;
            let zombie = stat.rsplit(") ").next()?.starts_with('Z');
            (command == cmdline && !zombie).then_some(pid)
        })
}

/// A system program by name, from the usual folders (never from `PATH`).
pub fn find_program(name: &str) -> Option<PathBuf> {
    ["/usr/bin", "/bin", "/usr/local/bin", "/usr/sbin", "/sbin"]
        .iter()
        .map(|dir| Path::new(dir).join(name))
        .find(|path| path.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_leak_watch_and_the_jails_files_say_what_the_constants_say() {
        assert!(LEAK_WATCH.ends_with(&format!("exit {LEAKED}")));
        assert!(LEAK_WATCH.contains(&format!("echo \"{LEAKED_PREFIX}$left\"")));
        assert!(JAIL_ETC_FILES[0].1.contains(JAIL_HOST_NAME));
    }

    #[test]
    fn leases_held_at_the_same_time_never_share_a_user_id() {
        if !running_as_root() {
            assert!(UidLease::acquire().is_none(), "only root can switch users");
            return;
        }
        let first = UidLease::acquire().expect("a free user id");
        let second = UidLease::acquire().expect("another free user id");
        assert_ne!(first.uid(), second.uid());
        let taken = first.uid();
        drop(first);
        let third = UidLease::acquire().expect("the freed id comes back");
        assert!(third.uid() <= taken, "a released id is free again");
    }
}
