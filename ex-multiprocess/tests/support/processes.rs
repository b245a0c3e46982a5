//! What the tests of ex-multiprocess share: where the worker program is, and whether a
//! process is gone from the process table.

use std::path::PathBuf;

/// The crate's `mp-worker` program: this student's own when the grader runs the test.
pub fn worker_program() -> PathBuf {
    testkit::program_path("mp-worker", option_env!("CARGO_BIN_EXE_mp-worker"))
}

/// Whether process `pid` has left the process table: it has exited *and* been reaped.
/// A zombie (exited, never waited for) is still there, in state `Z`.
#[allow(dead_code)] // Not every test file that includes this module asks.
pub fn is_gone(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Err(_) => true,
        // The state is the field after the command name, which is in parentheses.
        Ok(stat) => stat
            .rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().next())
            .is_some_and(|state| state == "X"),
    }
}

/// The processes whose command line holds the argument `marker`: a test gives its
/// workers a marker of its own, and can then find them (zombies included) however many
/// other tests run at the same time.
#[allow(dead_code)] // Not every test file that includes this module asks.
pub fn processes_marked(marker: &str) -> Vec<u32> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .filter_map(|entry| entry.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| {
            std::fs::read(format!("/proc/{pid}/cmdline")).is_ok_and(|cmdline| {
                cmdline
                    .split(|byte| *byte == 0)
                    .any(|arg| arg == marker.as_bytes())
            })
        })
        .filter(|pid| !is_gone(*pid))
        .collect()
}

/// A marker no other test uses.
#[allow(dead_code)]
pub fn unique_marker(what: &str) -> String {
    format!(
        "kit-marker-{what}-{}-{}",
        std::process::id(),
        testkit::test_seed()
    )
}
