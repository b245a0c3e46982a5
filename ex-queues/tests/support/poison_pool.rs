//! Helpers the q-poison tests share (visible and hidden): the pool run under a time limit,
//! and the answers a list of tasks should get.
//!
//! Included by `#[path]` from `tests/q_poison.rs` and from the hidden tests.

use std::time::Duration;

use ex_queues::poison::{Task, run_pool};
use testkit::finish_within;

/// Runs `run_pool` on its own thread, failing the test if it does not finish in 5 s
/// (a consumer that never gets its pill waits forever).
pub fn pool(tasks: Vec<Task>, consumers: usize) -> Vec<String> {
    finish_within(
        Duration::from_secs(5),
        &format!(
            "run_pool with {} tasks and {consumers} consumers (is there one pill per consumer?)",
            tasks.len()
        ),
        move || run_pool(tasks, consumers),
    )
}

/// The answers `tasks` should get, sorted.
pub fn expected_answers(tasks: &[Task]) -> Vec<String> {
    let mut answers: Vec<String> = tasks
        .iter()
        .map(|task| format!("{} * {} = {}", task.a, task.b, task.a * task.b))
        .collect();
    answers.sort();
    answers
}
