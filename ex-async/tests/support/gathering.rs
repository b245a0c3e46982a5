//! What the visible and hidden tests of as-gather both check about a gather's report.

use std::time::Duration;

use ex_async::gather::GatherReport;

/// The moment tokio's timer wakes a sleep of `delay`: it counts in whole milliseconds
/// and rounds up, so on the paused clock a task sleeping 1.2 ms finishes at 2 ms.
fn wake_time(delay: Duration) -> Duration {
    let millis = delay.as_nanos().div_ceil(1_000_000);
    Duration::from_millis(u64::try_from(millis).unwrap_or(u64::MAX))
}

/// Checks the report of gathering `delays`: one result per task in task order, every
/// task finished at its own delay on tokio's paused clock, the tasks finished in the
/// order of their delays (equal delays in either order), and the whole gather took the
/// largest delay.
pub fn assert_gathered(delays: &[Duration], report: &GatherReport) {
    assert_eq!(report.results.len(), delays.len(), "one result per task");
    for (task, (result, delay)) in report.results.iter().zip(delays).enumerate() {
        assert_eq!(
            (result.task, result.delay),
            (task, *delay),
            "results come back in task order (as asyncio.gather returns them), each with its delay"
        );
        assert_eq!(
            wake_time(result.finished_at),
            wake_time(*delay),
            "task {task} finished {:?} after the start on tokio's clock, but its delay is {delay:?}: \
             every task waits at the same time, and a blocking sleep does not move tokio's clock",
            result.finished_at
        );
    }
    let mut finished = report.finish_order.clone();
    finished.sort_unstable();
    assert_eq!(
        finished,
        (0..delays.len()).collect::<Vec<_>>(),
        "every task appears once in the finish order"
    );
    for pair in report.finish_order.windows(2) {
        assert!(
            wake_time(delays[pair[0]]) <= wake_time(delays[pair[1]]),
            "task {} (delay {:?}) finished before task {} (delay {:?}): tasks finish in delay order",
            pair[0],
            delays[pair[0]],
            pair[1],
            delays[pair[1]]
        );
    }
    let largest = delays.iter().max().copied().unwrap_or_default();
    assert_eq!(
        wake_time(report.elapsed),
        wake_time(largest),
        "the gather takes the largest delay ({largest:?}), not the sum"
    );
}
