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

use std::io::{self, BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

use rayon::prelude::*;
use rayon::{ThreadPool, ThreadPoolBuildError, ThreadPoolBuilder};

use crate::children::ChildGuard;

/// The lab sheet's `howmany_within_range`: how many values of `row` lie within `minimum`
/// and `maximum`, both included.
///
/// ```
/// use ex_multiprocess::pool::howmany_within_range;
///
/// assert_eq!(howmany_within_range(&[1, 5, 7, 3, 7, 8, 10, 22, 0], 4, 8), 4);
/// ```
pub fn howmany_within_range(row: &[i64], minimum: i64, maximum: i64) -> usize {
    row.iter()
        .filter(|value| (minimum..=maximum).contains(*value))
        .count()
}

/// One row after another: the baseline every other way must equal.
pub fn count_sequential(data: &[Vec<i64>], minimum: i64, maximum: i64) -> Vec<usize> {
    data.iter()
        .map(|row| howmany_within_range(row, minimum, maximum))
        .collect()
}

/// The lab sheet's pool size for CPU work, `mp.cpu_count() * 2`: twice the cores this
/// process may use.
pub fn default_workers() -> usize {
    2 * std::thread::available_parallelism().map_or(1, |cores| cores.get())
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
    ThreadPoolBuilder::new()
        .num_threads(workers)
        .start_handler(initializer)
        .build()
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
    // `install` runs the closure inside the pool, so the parallel iterator uses the
    // pool's threads; `collect` into a Vec keeps the input order.
    pool.install(|| items.into_par_iter().map(job).collect())
}

/// The lab sheet's `pool.map` way: every row counted on the pool, in row order.
pub fn count_map(pool: &ThreadPool, data: &[Vec<i64>], minimum: i64, maximum: i64) -> Vec<usize> {
    pool_map(pool, data.iter().collect(), |row| {
        howmany_within_range(row, minimum, maximum)
    })
}

/// The lab sheet's `pool.apply` way: each row handed to the pool and waited for before the
/// next, so only one row is ever counted at a time (the drawback the lab sheet points out).
pub fn count_apply(pool: &ThreadPool, data: &[Vec<i64>], minimum: i64, maximum: i64) -> Vec<usize> {
    data.iter()
        .map(|row| pool.install(|| howmany_within_range(row, minimum, maximum)))
        .collect()
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
        if self.value.is_none() {
            self.value = self.receiver.try_recv().ok();
        }
        self.value.is_some()
    }

    /// Waits at most `timeout` for the result (`AsyncResult.get(timeout)`); `None` if it
    /// is not ready by then, or if the work panicked.
    pub fn get(mut self, timeout: Duration) -> Option<T> {
        self.value
            .take()
            .or_else(|| self.receiver.recv_timeout(timeout).ok())
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
    let (sender, receiver) = mpsc::channel();
    // `spawn` queues the job and returns; it must own what it uses ('static).
    pool.spawn(move || {
        let value = job();
        callback(&value);
        // Nobody may be waiting any more: then the result is simply dropped.
        let _ = sender.send(value);
    });
    AsyncResult {
        receiver,
        value: None,
    }
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
    let (sender, receiver) = mpsc::channel();
    pool.spawn(move || {
        let results: Vec<R> = items.into_par_iter().map(job).collect();
        let _ = sender.send(results);
    });
    AsyncResult {
        receiver,
        value: None,
    }
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
    let collected = Arc::new(Mutex::new(Vec::with_capacity(data.len())));
    let pending: Vec<AsyncResult<usize>> = data
        .iter()
        .enumerate()
        .map(|(index, row)| {
            // The job must own its row: it may run after this function has moved on.
            let row = row.clone();
            let collected = Arc::clone(&collected);
            apply_async(
                pool,
                move || howmany_within_range(&row, minimum, maximum),
                move |count| {
                    // Lock poisoning: a Mutex held by a thread that panics is marked
                    // "poisoned", and later `lock` calls return `Err` so nobody uses
                    // half-updated data unawares. A push cannot leave the Vec half
                    // updated, so recovering the guard with `into_inner` is right (here
                    // and wherever this crate does it).
                    collected
                        .lock()
                        .unwrap_or_else(|poisoned| poisoned.into_inner())
                        .push((index, *count));
                },
            )
        })
        .collect();
    // The lab sheet's `pool.close(); pool.join()`: wait for every row.
    for result in pending {
        let _ = result.get(Duration::MAX);
    }
    let mut collected = std::mem::take(
        &mut *collected
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()),
    );
    collected.sort_unstable_by_key(|(index, _)| *index);
    collected.into_iter().map(|(_, count)| count).collect()
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
    let mut rows = 0;
    for line in input.lines() {
        let row = line?
            .split_whitespace()
            .map(str::parse)
            .collect::<Result<Vec<i64>, _>>()
            .map_err(|error| io::Error::new(io::ErrorKind::InvalidData, error))?;
        writeln!(output, "{}", howmany_within_range(&row, minimum, maximum))?;
        rows += 1;
    }
    output.flush()?;
    Ok(rows)
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
    assert!(workers > 0, "a pool needs at least one worker process");
    let run = data.len().div_ceil(workers).max(1);
    let mut started = Vec::new();
    for rows in data.chunks(run) {
        let mut child = ChildGuard::new(
            Command::new(program)
                .args(["count-rows", &minimum.to_string(), &maximum.to_string()])
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .spawn()?,
        );
        let mut stdin = child
            .stdin
            .take()
            .ok_or_else(|| io::Error::other("the worker's stdin was not piped"))?;
        // Write the rows from a thread of its own while we go on: a worker that fills
        // its stdout pipe before we read it would otherwise wait for us while we wait
        // for it. Dropping `stdin` at the end tells the worker the rows are over.
        let text: String = rows
            .iter()
            .map(|row| {
                let numbers: Vec<String> = row.iter().map(i64::to_string).collect();
                numbers.join(" ") + "\n"
            })
            .collect();
        let writer = std::thread::spawn(move || stdin.write_all(text.as_bytes()));
        started.push((child, writer, rows.len()));
    }
    let mut counts = Vec::with_capacity(data.len());
    for (mut child, writer, rows) in started {
        let stdout = child
            .stdout
            .take()
            .ok_or_else(|| io::Error::other("the worker's stdout was not piped"))?;
        let answers = BufReader::new(stdout)
            .lines()
            .map(|line| {
                line?
                    .trim()
                    .parse::<usize>()
                    .map_err(|error| io::Error::new(io::ErrorKind::InvalidData, error))
            })
            .collect::<io::Result<Vec<usize>>>()?;
        writer
            .join()
            .map_err(|_| io::Error::other("the thread writing rows panicked"))??;
        let status = child.wait()?;
        if !status.success() || answers.len() != rows {
            return Err(io::Error::other(format!(
                "a worker given {rows} rows answered {} counts and ended with {status}",
                answers.len()
            )));
        }
        counts.extend(answers);
    }
    Ok(counts)
}
