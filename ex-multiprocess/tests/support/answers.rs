//! What the tests of mp-consumers check about a run.

use std::collections::BTreeSet;

use ex_multiprocess::consumers::{ConsumersReport, Task};

/// Checks that every task was answered exactly once with the seed's text, that every
/// worker was a process of its own that exited well, and that the per-worker counts
/// add up.
pub fn assert_all_answered(tasks: &[Task], workers: usize, report: &ConsumersReport) {
    let mut expected: Vec<String> = tasks
        .iter()
        .map(|task| format!("{} * {} = {}", task.a, task.b, task.a * task.b))
        .collect();
    let mut answers = report.answers.clone();
    expected.sort();
    answers.sort();
    assert_eq!(answers, expected, "every task answered exactly once");
    assert_eq!(report.answered_by.len(), workers, "one count per worker");
    assert_eq!(report.answered_by.iter().sum::<usize>(), tasks.len());
    assert_eq!(report.statuses.len(), workers, "every worker waited for");
    for (worker, status) in report.statuses.iter().enumerate() {
        assert!(
            status.success(),
            "worker {worker} should exit at its pill with status 0, it ended with {status}"
        );
    }
    let pids: BTreeSet<u32> = report.pids.iter().copied().collect();
    assert_eq!(pids.len(), workers, "each worker is a process of its own");
    assert!(
        !pids.contains(&std::process::id()),
        "no worker is the test process"
    );
}
