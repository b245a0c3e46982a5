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
