//! # as-gather: A hundred tasks with random delays, gathered
//!
//! Draw a random delay of 0 to 4 s for each of 100 tasks from a seeded generator, run
//! every task at once, and gather them: every task reports when it finished, the report
//! lists the results in task order (as `asyncio.gather` returns them) and the order in
//! which the tasks finished (the order of their delays). The whole run takes about the
//! largest delay.
//!
//! After `001_65a139599805f2de.txt`, "Programowanie Asynchroniczne", the task after the
//! `delay_message` example (100 coroutines, delays 0–4 s, `asyncio.gather`). The
//! statement is the `as-gather` section of `ex-async/README.md`.

use std::time::Duration;

/// The longest delay [`random_delays`] draws.
pub const MAX_DELAY: Duration = Duration::from_secs(4);

/// How many tasks the lab sheet's task starts.
pub const TASKS: usize = 100;

/// What one task reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TaskReport {
    /// The task's position in the list of delays.
    pub task: usize,
    /// How long it was asked to wait.
    pub delay: Duration,
    /// When it finished, measured on tokio's clock from the start of the gather.
    pub finished_at: Duration,
}

/// What [`gather_delays`] found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GatherReport {
    /// One report per task, in task order (not in the order they finished).
    pub results: Vec<TaskReport>,
    /// The task numbers in the order the tasks finished.
    pub finish_order: Vec<usize>,
    /// How long the whole gather took on tokio's clock.
    pub elapsed: Duration,
}

/// `count` delays of a whole number of milliseconds from 0 to [`MAX_DELAY`], drawn from
/// a generator seeded with `seed`: the same seed always gives the same delays, so a run
/// can be replayed.
///
/// ```no_run
/// use ex_async::gather::{MAX_DELAY, random_delays};
///
/// let delays = random_delays(7, 100);
/// assert_eq!(delays.len(), 100);
/// assert!(delays.iter().all(|delay| *delay <= MAX_DELAY));
/// assert_eq!(delays, random_delays(7, 100), "replayable");
/// assert_ne!(delays, random_delays(8, 100));
/// ```
pub fn random_delays(seed: u64, count: usize) -> Vec<Duration> {
    todo!(
        "as-gather: {count} delays of whole milliseconds from 0 to MAX_DELAY, from a generator seeded with {seed}"
    )
}

/// Runs one task per delay, all at the same time, and gathers them: each task sleeps its
/// delay, notes that it finished, and reports. Returns when every task has finished.
///
/// # Panics
/// Outside a tokio runtime, or if a task panicked (its panic is passed on).
///
/// ```no_run
/// use std::time::Duration;
/// use ex_async::gather::gather_delays;
///
/// # tokio::runtime::Builder::new_current_thread().enable_time().start_paused(true).build().unwrap().block_on(async {
/// let delays = [3, 1, 2].map(Duration::from_secs);
/// let report = gather_delays(&delays).await;
/// assert_eq!(report.finish_order, [1, 2, 0], "the shortest delay finishes first");
/// assert_eq!(report.results[0].finished_at, Duration::from_secs(3));
/// assert_eq!(report.elapsed, Duration::from_secs(3), "the longest delay, not the sum");
/// # });
/// ```
pub async fn gather_delays(delays: &[Duration]) -> GatherReport {
    todo!(
        "as-gather: spawn one task per delay of {delays:?}, all at once; each sleeps, notes that it finished and reports; then gather them"
    )
}
