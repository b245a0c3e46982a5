//! Visible tests for as-gather: `cargo test -p ex-async --test as_gather`.
//!
//! The gathers run on tokio's paused clock (`testkit::on_paused_clock`): a hundred tasks
//! that wait up to 4 s finish in milliseconds, with exact times.

#[path = "support/gathering.rs"]
mod gathering;

use std::time::Duration;

use ex_async::gather::{MAX_DELAY, TASKS, gather_delays, random_delays};
use gathering::assert_gathered;
use testkit::on_paused_clock;

const LIMIT: Duration = Duration::from_secs(10);

#[test]
fn random_delays_are_replayable_and_between_zero_and_four_seconds() {
    let seed = testkit::test_seed();
    let delays = random_delays(seed, TASKS);
    assert_eq!(delays.len(), TASKS);
    assert!(
        delays.iter().all(|delay| *delay <= MAX_DELAY),
        "every delay is at most 4 s: {delays:?}"
    );
    assert_eq!(
        delays,
        random_delays(seed, TASKS),
        "the same seed gives the same delays"
    );
    assert!(
        delays.iter().any(|delay| *delay != delays[0]),
        "a hundred random delays are not all the same"
    );
}

#[test]
fn a_hundred_tasks_finish_in_delay_order_and_take_the_largest_delay() {
    let delays = random_delays(testkit::test_seed(), TASKS);
    let given = delays.clone();
    let report = on_paused_clock(LIMIT, "gather_delays with 100 tasks", || async move {
        gather_delays(&given).await
    });
    assert_gathered(&delays, &report);
}

#[test]
fn results_come_back_in_task_order_not_finish_order() {
    let delays = [3, 2, 1].map(Duration::from_secs);
    let report = on_paused_clock(LIMIT, "gather_delays(3 s, 2 s, 1 s)", move || async move {
        gather_delays(&delays).await
    });
    let tasks: Vec<usize> = report.results.iter().map(|result| result.task).collect();
    assert_eq!(tasks, [0, 1, 2], "results are in task order");
    assert_eq!(
        report.finish_order,
        [2, 1, 0],
        "the shortest delay finished first"
    );
    assert_eq!(report.elapsed, Duration::from_secs(3), "3 s, not 6 s");
}
