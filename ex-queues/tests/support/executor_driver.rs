//! A helper the q-executor tests share (visible and hidden): submit commands to a fresh
//! executor and receive one successful output per command, every wait bounded.
//!
//! Included by `#[path]` from `tests/q_executor.rs` and from the hidden tests.

use std::time::Duration;

use ex_queues::executor::Executor;
use testkit::finish_within;

/// How long any one wait on the executor may take.
pub const LIMIT: Duration = Duration::from_secs(5);

/// Starts an executor, submits every command, receives one result per command (each must
/// be a success), quits, and returns the outputs in the order they came back. `what`
/// names the run in the failure message if it does not finish in time.
pub fn outputs_in_order(what: &str, commands: Vec<String>) -> Vec<String> {
    finish_within(LIMIT, what, move || {
        let executor = Executor::start();
        for command in &commands {
            executor.submit(command.clone());
        }
        let outputs: Vec<String> = (0..commands.len())
            .map(|i| {
                executor
                    .recv_timeout(LIMIT)
                    .unwrap_or_else(|e| panic!("no result for command {i}: {e}"))
                    .unwrap_or_else(|e| panic!("command {i} failed: {e}"))
            })
            .collect();
        executor.quit();
        outputs
    })
}
