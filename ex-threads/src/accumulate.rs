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

/// Adds every part to a total kept in a `Mutex<u64>`; returns the total.
///
/// Bounds: `F: Sync` because every thread calls `parts` at the same time through a shared
/// reference; the threads are scoped, so it need not be `Send` or `'static`.
///
/// # Panics
/// If `parts` panics.
///
/// ```no_run
/// use ex_threads::accumulate::total_with_mutex;
///
/// // Worker i contributes 0, 1, ..., i.
/// assert_eq!(total_with_mutex(4, |i| (0..=i as u64).collect()), 0 + 1 + 3 + 6);
/// ```
pub fn total_with_mutex<F>(workers: usize, parts: F) -> u64
where
    F: Fn(usize) -> Vec<u64> + Sync,
{
    let _ = &parts; // delete this line when you write the body
    todo!(
        "th-accumulate: start {workers} workers; worker i adds each number of parts(i) to a total in a Mutex"
    )
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
/// ```no_run
/// use ex_threads::accumulate::total_with_channel;
///
/// assert_eq!(total_with_channel(4, |i| (0..=i as u64).collect()), 10);
/// ```
pub fn total_with_channel<F>(workers: usize, parts: F) -> u64
where
    F: Fn(usize) -> Vec<u64> + Sync,
{
    let _ = &parts; // delete this line when you write the body
    todo!(
        "th-accumulate: start {workers} workers; worker i sends each number of parts(i) over a channel, this thread adds them up"
    )
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
/// ```no_run
/// use ex_threads::accumulate::total_with_atomic;
///
/// assert_eq!(total_with_atomic(4, |i| (0..=i as u64).collect()), 10);
/// ```
pub fn total_with_atomic<F>(workers: usize, parts: F) -> u64
where
    F: Fn(usize) -> Vec<u64> + Sync,
{
    let _ = &parts; // delete this line when you write the body
    todo!(
        "th-accumulate: start {workers} workers; worker i adds each number of parts(i) to an AtomicU64 with fetch_add"
    )
}
