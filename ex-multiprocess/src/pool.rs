//! # mp-pool: Counting in range with a pool, every way the lab sheet shows
//!
//! The lab sheet counts, for each row of a 2-D array, how many values lie within `[min, max]`:
//! one row after another; with a pool's `map`; with `apply` per row; with `apply_async`
//! and a callback; with `map_async`; and with a pool whose workers run an initializer.
//! In Rust the pool for CPU work is threads (rayon's `ThreadPool`, with `start_handler`
//! as the initializer); the same count is also done by a pool of worker *processes*.
//! Every way gives the same counts, in row order, and the async ways return before the
//! work is done.
//!
//! After `001_65a139599805f2de.txt`, "Multiprocessing" (`howmany_within_range`,
//! `pool.apply`, `apply_async` with `collect_result`, `map_async`), and
//! `002_f1ed66b6bd3778ad.txt`, §7.2.2 (`Pool(processes, initializer, initargs)`). The
//! statement is the `mp-pool` section of `ex-multiprocess/README.md`.

use std::io::{self, BufRead, Write};
use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use rayon::{ThreadPool, ThreadPoolBuildError};

/// The lab sheet's `howmany_within_range`: how many values of `row` lie within `minimum`
/// and `maximum`, both included.
///
/// ```no_run
/// use ex_multiprocess::pool::howmany_within_range;
///
/// assert_eq!(howmany_within_range(&[1, 5, 7, 3, 7, 8, 10, 22, 0], 4, 8), 4);
/// ```
pub fn howmany_within_range(row: &[i64], minimum: i64, maximum: i64) -> usize {
    todo!("mp-pool: count the values of {row:?} within {minimum}..={maximum}")
}

/// One row after another: the baseline every other way must equal.
pub fn count_sequential(data: &[Vec<i64>], minimum: i64, maximum: i64) -> Vec<usize> {
    todo!(
        "mp-pool: count each of the {} rows, one after another, within {minimum}..={maximum}",
        data.len()
    )
}

/// The lab sheet's pool size for CPU work, `mp.cpu_count() * 2`: twice the cores this
/// process may use.
pub fn default_workers() -> usize {
    todo!("mp-pool: twice the cores this process may use")
}

/// A pool of `workers` threads, each of which runs `initializer(its index)` once when it
/// starts, like `Pool(processes, initializer)`.
///
/// Bounds: `initializer` is `Send + Sync` because every pool thread calls it, shared, and
/// `'static` because the pool's threads outlive this call.
///
/// # Errors
/// If the threads cannot be started.
pub fn build_pool(
    workers: usize,
    initializer: impl Fn(usize) + Send + Sync + 'static,
) -> Result<ThreadPool, ThreadPoolBuildError> {
    let _ = initializer;
    todo!("mp-pool: a rayon ThreadPool of {workers} threads that run the initializer as they start")
}

/// `pool.map(job, items)`: runs `job` on every item on the pool's threads, at the same
/// time, and returns the results in the order of `items`. Blocks until all are done.
///
/// Bounds: `T: Send` and `R: Send` because items move to the pool's threads and results
/// move back; `F: Send + Sync` because the call moves into the pool and its threads share
/// `job` at once. No `'static`: this call blocks until the work is done, so borrowing is
/// fine.
pub fn pool_map<T, R, F>(pool: &ThreadPool, items: Vec<T>, job: F) -> Vec<R>
where
    T: Send,
    R: Send,
    F: Fn(T) -> R + Send + Sync,
{
    let _ = (pool, items, job);
    todo!("mp-pool: run the job on every item inside the pool, results in item order")
}

/// The lab sheet's `pool.map` way: every row counted on the pool, in row order.
pub fn count_map(pool: &ThreadPool, data: &[Vec<i64>], minimum: i64, maximum: i64) -> Vec<usize> {
    todo!(
        "mp-pool: count the {} rows with pool_map on {pool:?} within {minimum}..={maximum}",
        data.len()
    )
}

/// The lab sheet's `pool.apply` way: each row handed to the pool and waited for before the
/// next, so only one row is ever counted at a time (the drawback the lab sheet points out).
pub fn count_apply(pool: &ThreadPool, data: &[Vec<i64>], minimum: i64, maximum: i64) -> Vec<usize> {
    todo!(
        "mp-pool: count the {} rows one pool.install at a time on {pool:?}, within {minimum}..={maximum}",
        data.len()
    )
}

/// The result of work handed to a pool without waiting, like Python's `AsyncResult`.
#[derive(Debug)]
pub struct AsyncResult<T> {
    receiver: mpsc::Receiver<T>,
    value: Option<T>,
}

impl<T> AsyncResult<T> {
    /// Whether the work is done (`AsyncResult.ready()`); never blocks.
    pub fn ready(&mut self) -> bool {
        todo!(
            "mp-pool: is the result in {:?} ready? (never block)",
            self.receiver
        )
    }

    /// Waits at most `timeout` for the result (`AsyncResult.get(timeout)`); `None` if it
    /// is not ready by then, or if the work panicked.
    pub fn get(self, timeout: Duration) -> Option<T> {
        todo!(
            "mp-pool: the result (ready: {}) of {:?}, waiting at most {timeout:?}",
            self.value.is_some(),
            self.receiver
        )
    }
}

/// `pool.apply_async(job, callback=callback)`: hands `job` to the pool and returns at
/// once; when the job is done, `callback` is called with its result (on the pool's
/// thread), and the result is then ready in the returned [`AsyncResult`].
///
/// Bounds: `Send` because `job`, `callback` and the result move to a pool thread and
/// back; `'static` because this call returns before the work runs, so nothing may borrow
/// from the caller.
pub fn apply_async<T, F, C>(pool: &ThreadPool, job: F, callback: C) -> AsyncResult<T>
where
    T: Send + 'static,
    F: FnOnce() -> T + Send + 'static,
    C: FnOnce(&T) + Send + 'static,
{
    let _ = (pool, job, callback);
    todo!(
        "mp-pool: spawn the job on the pool, call the callback with its result, and return at once"
    )
}

/// `pool.map_async(job, items)`: hands the whole map to the pool and returns at once;
/// the results, in the order of `items`, are ready in the [`AsyncResult`] when every
/// item is done.
///
/// Bounds: `Send` because items, `job` and results move between threads, `F: Sync`
/// because the pool's threads share `job` at once, and `'static` because this call
/// returns before the work is done, so nothing may borrow from the caller.
pub fn map_async<T, R, F>(pool: &ThreadPool, items: Vec<T>, job: F) -> AsyncResult<Vec<R>>
where
    T: Send + 'static,
    R: Send + 'static,
    F: Fn(T) -> R + Send + Sync + 'static,
{
    let _ = (pool, items, job);
    todo!("mp-pool: spawn the whole map on the pool and return at once")
}

/// The lab sheet's `apply_async` way: one `apply_async` per row, a callback that collects
/// `(row index, count)` into a shared list, then a wait for all of them; the list is put
/// back in row order, since the callbacks come in the order the rows finish.
pub fn count_apply_async(
    pool: &ThreadPool,
    data: &[Vec<i64>],
    minimum: i64,
    maximum: i64,
) -> Vec<usize> {
    todo!(
        "mp-pool: apply_async per row of the {} rows on {pool:?} with a callback collecting (index, count) within {minimum}..={maximum}; then wait for all, in row order",
        data.len()
    )
}

/// The worker's side of [`count_in_processes`]: reads rows from `input`, one per line
/// as numbers separated by spaces, and writes each row's count on a line of `output`,
/// until the input ends. Returns how many rows it counted.
///
/// # Errors
/// If reading or writing fails, or a line holds something that is not a number
/// ([`io::ErrorKind::InvalidData`]).
pub fn count_rows_worker(
    minimum: i64,
    maximum: i64,
    input: impl BufRead,
    mut output: impl Write,
) -> io::Result<usize> {
    let _ = (input, &mut output);
    todo!(
        "mp-pool: read rows of numbers, a line each, and write each row's count within {minimum}..={maximum} on a line"
    )
}

/// The count done by a pool of `workers` worker *processes*: the rows are split into
/// `workers` runs of consecutive rows, each run is written to one
/// `program count-rows <min> <max>` process, and the counts come back in row order.
///
/// # Errors
/// If a worker cannot start, fails, or answers something else than one count per row.
/// Every worker is killed and reaped on every path.
///
/// # Panics
/// If `workers` is 0.
pub fn count_in_processes(
    program: &Path,
    data: &[Vec<i64>],
    minimum: i64,
    maximum: i64,
    workers: usize,
) -> io::Result<Vec<usize>> {
    todo!(
        "mp-pool: split the {} rows into {workers} runs, each counted by a `{program:?} count-rows {minimum} {maximum}` process, counts in row order",
        data.len()
    )
}
