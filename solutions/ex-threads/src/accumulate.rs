//! # th-accumulate: One shared total, three ways
//!
//! Worker threads each compute a list of numbers and add every one of them to a single
//! shared total: through a `Mutex<u64>`, through a channel to one summing thread, and
//! through an `AtomicU64`. All three must lose no update however the threads interleave.
//! After `004_1ba7af3fe02a6a86.txt`, "You can share variables (safely) between threads
//! with a queue" (the `worker2` example). The statement is the `th-accumulate` section of
//! `ex-threads/README.md`.
//!
//! In all three functions worker `i` (for `i` in `0..workers`) runs on its own thread,
//! all workers run at the same time, each calls `parts(i)` once and adds **each** part to
//! the total separately (one lock, one message or one atomic add per part). The total
//! must stay below `u64::MAX`.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError, mpsc};
use std::thread;

/// Adds every part to a total kept in a `Mutex<u64>`; returns the total.
///
/// Bounds: `F: Sync` because every thread calls `parts` at the same time through a shared
/// reference; the threads are scoped, so it need not be `Send` or `'static`.
///
/// # Panics
/// If `parts` panics.
///
/// ```
/// use ex_threads::accumulate::total_with_mutex;
///
/// // Worker i contributes 0, 1, ..., i.
/// assert_eq!(total_with_mutex(4, |i| (0..=i as u64).collect()), 0 + 1 + 3 + 6);
/// ```
pub fn total_with_mutex<F>(workers: usize, parts: F) -> u64
where
    F: Fn(usize) -> Vec<u64> + Sync,
{
    let total = Mutex::new(0u64);
    thread::scope(|scope| {
        for i in 0..workers {
            let (total, parts) = (&total, &parts);
            scope.spawn(move || {
                for part in parts(i) {
                    // Lock, add, unlock: the guard is dropped at the end of the statement.
                    *total.lock().unwrap_or_else(PoisonError::into_inner) += part;
                }
            });
        }
    });
    total.into_inner().unwrap_or_else(PoisonError::into_inner)
}

/// Sends every part over a channel; the calling thread receives them and keeps the total.
///
/// Nothing is shared: each worker owns a `Sender`, only the receiving thread touches the
/// total, so no lock is needed.
///
/// Bounds: `F: Sync` because every thread calls `parts` at the same time through a shared
/// reference; the threads are scoped, so it need not be `Send` or `'static`.
///
/// # Panics
/// If `parts` panics.
///
/// ```
/// use ex_threads::accumulate::total_with_channel;
///
/// assert_eq!(total_with_channel(4, |i| (0..=i as u64).collect()), 10);
/// ```
pub fn total_with_channel<F>(workers: usize, parts: F) -> u64
where
    F: Fn(usize) -> Vec<u64> + Sync,
{
    let (sender, receiver) = mpsc::channel();
    thread::scope(|scope| {
        for i in 0..workers {
            let (sender, parts) = (sender.clone(), &parts);
            scope.spawn(move || {
                for part in parts(i) {
                    // The receiver outlives every worker, so sending cannot fail here.
                    let _ = sender.send(part);
                }
            });
        }
        // Drop the original sender: the loop below ends when the last worker's clone is
        // dropped, i.e. when every worker has finished.
        drop(sender);
        receiver.iter().sum()
    })
}

/// Adds every part to an `AtomicU64` with `fetch_add`; returns the total.
///
/// `fetch_add` reads, adds and writes as one indivisible step, so no lock is needed.
///
/// Bounds: `F: Sync` because every thread calls `parts` at the same time through a shared
/// reference; the threads are scoped, so it need not be `Send` or `'static`.
///
/// # Panics
/// If `parts` panics.
///
/// ```
/// use ex_threads::accumulate::total_with_atomic;
///
/// assert_eq!(total_with_atomic(4, |i| (0..=i as u64).collect()), 10);
/// ```
pub fn total_with_atomic<F>(workers: usize, parts: F) -> u64
where
    F: Fn(usize) -> Vec<u64> + Sync,
{
    let total = AtomicU64::new(0);
    thread::scope(|scope| {
        for i in 0..workers {
            let (total, parts) = (&total, &parts);
            scope.spawn(move || {
                for part in parts(i) {
                    // Relaxed is enough: only the sum matters, and the scope's join makes
                    // every add visible before the final load.
                    total.fetch_add(part, Ordering::Relaxed);
                }
            });
        }
    });
    total.into_inner()
}
