//! # th-spawn: Run slow jobs in threads and keep their results
//!
//! Run the same slow job for every pair of numbers twice: once one after the other on the
//! calling thread, and once with one thread per pair, collecting every job's result in
//! input order. After `002_f1ed66b6bd3778ad.txt`, §7.1.1 (`threading.Thread` and the slow
//! `Callable(a, b)`), and `000_423ad200312eb3ed.txt`, E3.3. The statement is the `th-spawn`
//! section of `ex-threads/README.md`.

use std::thread;
use std::time::Duration;

/// The lab sheet's slow job: waits `pause`, then returns `a + b`.
///
/// The sum wraps around instead of overflowing, so any pair is a valid input.
///
/// ```
/// use std::time::Duration;
/// use ex_threads::spawn::slow_add;
///
/// assert_eq!(slow_add(2, 5, Duration::from_millis(1)), 7);
/// ```
pub fn slow_add(a: u64, b: u64, pause: Duration) -> u64 {
    thread::sleep(pause);
    a.wrapping_add(b)
}

/// Calls `job(a, b)` for every pair, one after the other, on the calling thread.
///
/// Returns the results in the order of `pairs`.
///
/// ```
/// use ex_threads::spawn::run_sequential;
///
/// assert_eq!(run_sequential(&[(1, 2), (10, 20)], |a, b| a + b), vec![3, 30]);
/// ```
pub fn run_sequential<F>(pairs: &[(u64, u64)], job: F) -> Vec<u64>
where
    F: Fn(u64, u64) -> u64,
{
    pairs.iter().map(|&(a, b)| job(a, b)).collect()
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
/// ```
/// use ex_threads::spawn::run_threaded;
///
/// assert_eq!(run_threaded(&[(1, 2), (10, 20)], |a, b| a + b), vec![3, 30]);
/// assert!(run_threaded(&[], |a, b| a + b).is_empty());
/// ```
pub fn run_threaded<F>(pairs: &[(u64, u64)], job: F) -> Vec<u64>
where
    F: Fn(u64, u64) -> u64 + Sync,
{
    // A scope lets every thread borrow `job` directly: no Arc, no 'static bound, and the
    // scope guarantees all threads have ended before it returns.
    thread::scope(|scope| {
        let job = &job;
        // Start them all first (collect forces the whole loop to run)...
        let handles: Vec<_> = pairs
            .iter()
            .map(|&(a, b)| scope.spawn(move || job(a, b)))
            .collect();
        // ...then join in input order. Joining right after each spawn would make the
        // threads run one at a time.
        handles
            .into_iter()
            .map(|handle| {
                handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}
