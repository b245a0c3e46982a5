//! Control groups: one test's memory and processes bounded as a whole.
//!
//! An rlimit bounds one process: four processes of one test held 5 GiB together under a
//! 4 GiB address-space limit, and a test could write a gigabyte into its `/tmp`. A control
//! group bounds the test as a whole: every process it starts, the pages of its tmpfs
//! folders (the jail's `/tmp` and work folder are tmpfs, and tmpfs pages are charged to
//! the group that wrote them) and its process count. When the memory budget is reached
//! the kernel's OOM killer ends the test at once, on a fresh machine as on a warm one,
//! instead of the test slowly touching its way to an address-space limit past its
//! timeout.
//!
//! Each test gets a group of its own (cgroup v1: one in the `memory` and one in the `pids`
//! hierarchy; cgroup v2: one with both controllers); after the test every process still
//! in the group is killed, and the group is removed once the kernel has reaped them, so
//! what one test left dying never counts against the next.
//! Where neither hierarchy can be written (not root, no controllers), [`TestGroup::create`]
//! gives `None` and the tests fall back to per-process rlimits (see
//! [`crate::sandbox::Limits`]).

use std::path::{Path, PathBuf};

const V1_ROOT: &str = "/sys/fs/cgroup";
const V2_ROOT: &str = "/sys/fs/cgroup";

/// The control group of one test.
#[derive(Debug)]
pub struct TestGroup {
    /// The group's folders: the memory and pids groups (v1) or the one v2 group.
    dirs: Vec<PathBuf>,
    /// The folder whose counters say whether the OOM killer fired.
    memory_dir: PathBuf,
    version: Version,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Version {
    V1,
    V2,
}

impl TestGroup {
    /// Makes a group named `name` (unique on the machine: the grader's pid and the slot)
    /// that allows `memory` bytes and `processes` processes, or `None` where control
    /// groups cannot be used here.
    pub fn create(name: &str, memory: u64, processes: u64) -> Option<TestGroup> {
        TestGroup::create_v1(name, memory, processes)
            .or_else(|| TestGroup::create_v2(name, memory, processes))
    }

    fn create_v1(name: &str, memory: u64, processes: u64) -> Option<TestGroup> {
        let memory_dir = Path::new(V1_ROOT).join("memory").join(name);
        let pids_dir = Path::new(V1_ROOT).join("pids").join(name);
        if !Path::new(V1_ROOT)
            .join("memory/memory.limit_in_bytes")
            .exists()
            || !Path::new(V1_ROOT).join("pids").is_dir()
        {
            return None;
        }
        let group = TestGroup {
            dirs: vec![memory_dir.clone(), pids_dir.clone()],
            memory_dir: memory_dir.clone(),
            version: Version::V1,
        };
        let made = std::fs::create_dir_all(&memory_dir).is_ok()
            && std::fs::create_dir_all(&pids_dir).is_ok()
            && write(&memory_dir.join("memory.limit_in_bytes"), memory)
            && write(&pids_dir.join("pids.max"), processes);
        // No swap here means memsw needs no limit; where swap exists, bound it too so
        // the budget cannot be dodged by swapping (the file is absent without swap
        // accounting, and then nothing needs doing).
        let memsw = memory_dir.join("memory.memsw.limit_in_bytes");
        if made && memsw.exists() {
            let _ = write(&memsw, memory);
        }
        made.then_some(group)
    }

    fn create_v2(name: &str, memory: u64, processes: u64) -> Option<TestGroup> {
        let root = Path::new(V2_ROOT);
        let controllers = std::fs::read_to_string(root.join("cgroup.controllers")).ok()?;
        let has = |controller: &str| controllers.split_whitespace().any(|c| c == controller);
        if !has("memory") || !has("pids") {
            return None;
        }
        let _ = std::fs::write(root.join("cgroup.subtree_control"), "+memory +pids");
        let dir = root.join(name);
        let group = TestGroup {
            dirs: vec![dir.clone()],
            memory_dir: dir.clone(),
            version: Version::V2,
        };
        let made = std::fs::create_dir_all(&dir).is_ok()
            && write(&dir.join("memory.max"), memory)
            && write(&dir.join("pids.max"), processes);
        let _ = write(&dir.join("memory.swap.max"), 0);
        made.then_some(group)
    }

    /// Whether control groups can be made here (a probe group is made and removed).
    pub fn available() -> bool {
        TestGroup::create(&format!("grade-probe-{}", std::process::id()), 64 << 20, 16).is_some()
    }

    /// The `cgroup.procs` files a process writes its pid into to join the group (the
    /// test's first process does, before it starts the test).
    pub fn procs_files(&self) -> Vec<PathBuf> {
        self.dirs
            .iter()
            .map(|dir| dir.join("cgroup.procs"))
            .collect()
    }

    /// How many times the OOM killer has fired in this group so far.
    pub fn oom_kills(&self) -> u64 {
        let file = match self.version {
            Version::V1 => "memory.oom_control",
            Version::V2 => "memory.events",
        };
        std::fs::read_to_string(self.memory_dir.join(file))
            .unwrap_or_default()
            .lines()
            .find_map(|line| line.strip_prefix("oom_kill "))
            .and_then(|count| count.trim().parse().ok())
            .unwrap_or(0)
    }

    /// The processes in the group now.
    pub fn members(&self) -> Vec<i32> {
        let mut pids: Vec<i32> = self
            .procs_files()
            .iter()
            .flat_map(|file| {
                std::fs::read_to_string(file)
                    .unwrap_or_default()
                    .lines()
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            })
            .filter_map(|line| line.trim().parse().ok())
            .collect();
        pids.sort_unstable();
        pids.dedup();
        pids
    }

    /// Kills every process in the group (what a test left behind) and returns how many
    /// there were. Retries briefly, since a process may fork while it is being killed.
    pub fn kill_all(&self) -> usize {
        let mut killed = std::collections::BTreeSet::new();
        for _ in 0..50 {
            let members = self.members();
            if members.is_empty() {
                break;
            }
            for pid in members {
                killed.insert(pid);
                let _ = nix::sys::signal::kill(
                    nix::unistd::Pid::from_raw(pid),
                    nix::sys::signal::Signal::SIGKILL,
                );
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        killed.len()
    }
}

impl Drop for TestGroup {
    fn drop(&mut self) {
        self.kill_all();
        // A group can be removed once its last process is reaped, which for thousands of
        // killed processes can take a while: what is not gone at once is removed in the
        // background. Each test has a group of its own, so nothing of this one counts
        // against the next.
        let dirs = std::mem::take(&mut self.dirs);
        let remove_all = move |attempts: usize| -> Option<Vec<PathBuf>> {
            let mut left = dirs;
            for _ in 0..attempts {
                left.retain(|dir| std::fs::remove_dir(dir).is_err() && dir.exists());
                if left.is_empty() {
                    return None;
                }
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            Some(left)
        };
        if let Some(left) = remove_all(5) {
            std::thread::spawn(move || {
                for _ in 0..3000 {
                    if left
                        .iter()
                        .all(|dir| std::fs::remove_dir(dir).is_ok() || !dir.exists())
                    {
                        break;
                    }
                    std::thread::sleep(std::time::Duration::from_millis(10));
                }
            });
        }
    }
}

fn write(path: &Path, value: u64) -> bool {
    std::fs::write(path, value.to_string()).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_group_bounds_the_memory_of_everything_started_in_it() {
        let name = format!("grade-unit-{}", std::process::id());
        let Some(group) = TestGroup::create(&name, 64 << 20, 64) else {
            // Not root, or no controllers on this machine: nothing to prove here.
            assert!(
                !nix::unistd::geteuid().is_root() || !Path::new(V1_ROOT).join("memory").exists(),
                "root on a machine with the memory controller must get a group"
            );
            return;
        };
        let mut script = String::from("while [ \"$1\" != -- ]; do echo $$ > \"$1\"; shift; done; ");
        // A shell child of the group fills 128 MiB of memory: the OOM killer ends it.
        script.push_str("exec python3 -c 'x = bytearray(128 << 20); print(len(x))'");
        let mut command = std::process::Command::new("/bin/sh");
        command.arg("-c").arg(script).arg("enter");
        command.args(group.procs_files()).arg("--");
        let status = command.status().expect("sh runs");
        if status.code() == Some(127) {
            return; // no python3 here
        }
        assert!(
            !status.success(),
            "128 MiB in a 64 MiB group must not succeed"
        );
        assert!(group.oom_kills() >= 1, "the OOM killer ended it");
        assert!(group.members().is_empty(), "nothing is left in the group");
    }
}
