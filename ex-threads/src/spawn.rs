//! # th-spawn: Run slow jobs in threads and keep their results
//!
//! Run the same slow job for every pair of numbers twice: once one after the other on the
//! calling thread, and once with one thread per pair, collecting every job's result in
//! input order. After `002_f1ed66b6bd3778ad.txt`, §7.1.1 (`threading.Thread` and the slow
//! `Callable(a, b)`), and `000_423ad200312eb3ed.txt`, E3.3. The statement is the `th-spawn`
//! section of `ex-threads/README.md`.

use std::time::Duration;

/// The lab sheet's slow job: waits `pause`, then returns `a + b`.
///
/// The sum wraps around instead of overflowing, so any pair is a valid input.
///
/// ```no_run
/// use std::time::Duration;
/// use ex_threads::spawn::slow_add;
///
/// assert_eq!(slow_add(2, 5, Duration::from_millis(1)), 7);
/// ```
pub fn slow_add(a: u64, b: u64, pause: Duration) -> u64 {
    todo!("th-spawn: sleep for {pause:?}, then return {a} + {b} (wrapping)")
}

/// Calls `job(a, b)` for every pair, one after the other, on the calling thread.
///
/// Returns the results in the order of `pairs`.
///
/// ```no_run
/// use ex_threads::spawn::run_sequential;
///
/// assert_eq!(run_sequential(&[(1, 2), (10, 20)], |a, b| a + b), vec![3, 30]);
/// ```
pub fn run_sequential<F>(pairs: &[(u64, u64)], job: F) -> Vec<u64>
where
    F: Fn(u64, u64) -> u64,
{
    let _ = &job; // delete this line when you write the body
    todo!(
        "th-spawn: call job(a, b) for each of the {} pairs {pairs:?}, in order, on this thread",
        pairs.len()
    )
}

/// Calls `job(a, b)` for every pair, each call on its own thread, all running at once.
///
/// Returns the results in the order of `pairs` (not in the order the threads finish).
/// Every thread is started before any is joined; each thread's return value comes back
/// through its `JoinHandle`.
///
/// Bounds: `F: Sync` because every thread calls `job` at the same time through a shared
/// reference; the threads are scoped, so it need not be `Send` or `'static`.
///
/// # Panics
/// If a call of `job` panics, this function panics with the same message after the
/// other threads have finished.
///
/// ```no_run
/// use ex_threads::spawn::run_threaded;
///
/// assert_eq!(run_threaded(&[(1, 2), (10, 20)], |a, b| a + b), vec![3, 30]);
/// assert!(run_threaded(&[], |a, b| a + b).is_empty());
/// ```
pub fn run_threaded<F>(pairs: &[(u64, u64)], job: F) -> Vec<u64>
where
    F: Fn(u64, u64) -> u64 + Sync,
{
    let _ = &job; // delete this line when you write the body
    todo!(
        "th-spawn: start one thread per pair for the {} pairs {pairs:?}, each calling job(a, b), then join them in input order",
        pairs.len()
    )
}
