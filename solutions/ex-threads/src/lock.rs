//! # th-lock: A shared counter, and a lock held too long
//!
//! Part 1: a counter that many threads increment through a shared reference without
//! losing an update. Part 2: threads that each do slow work and store the result in a
//! shared `Vec` behind a `Mutex`, once holding the lock across the slow work (so the
//! threads take turns) and once locking only to push (so the work overlaps). After
//! `002_f1ed66b6bd3778ad.txt`, §7.1.2 (`threading.Lock`: ten threads sleeping inside
//! `with lock` take ten seconds). The statement is the `th-lock` section of
//! `ex-threads/README.md`.

use std::sync::{Mutex, PoisonError};
use std::thread;

/// A counter that any number of threads can increment at once, through `&self`.
///
/// ```
/// use ex_threads::lock::SharedCounter;
///
/// let counter = SharedCounter::new();
/// std::thread::scope(|s| {
///     for _ in 0..4 {
///         s.spawn(|| {
///             for _ in 0..1000 {
///                 counter.increment();
///             }
///         });
///     }
/// });
/// assert_eq!(counter.get(), 4000);
/// ```
#[derive(Debug, Default)]
pub struct SharedCounter {
    /// The count; the Mutex makes "read, add one, write back" a single step for others.
    value: Mutex<u64>,
}

impl SharedCounter {
    /// A counter at 0.
    pub fn new() -> Self {
        SharedCounter {
            value: Mutex::new(0),
        }
    }

    /// Adds one. Increments from different threads are never lost.
    pub fn increment(&self) {
        // Read and write under one lock: between them, no other thread can get in.
        // Lock poisoning: when a thread panics while it holds a Mutex, the Mutex is marked
        // "poisoned" and every later `lock` returns `Err`, so that nobody goes on with data
        // a panic may have left half-updated without noticing. Here the data is one number
        // and `+= 1` cannot stop half-way, so the value is sound: take the guard out of the
        // error (`into_inner`) and carry on. (This crate does the same wherever the data
        // cannot be left half-updated.)
        *self.value.lock().unwrap_or_else(PoisonError::into_inner) += 1;
    }

    /// The current count.
    pub fn get(&self) -> u64 {
        *self.value.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Starts `n` threads; thread `i` computes `work(i)` **while holding** the lock of the
/// shared result list, then pushes the result. The lab sheet's mistake, kept on purpose: the
/// threads can only take turns, so `n` slow calls take `n` times as long as one.
///
/// Returns all `n` results, in the order they were pushed.
///
/// Bounds: `T: Send` because each result is made on a worker thread and moved back; `F:
/// Sync` because every thread calls `work` through a shared reference at once (scoped
/// threads, so no `'static`).
///
/// # Panics
/// If `work` panics.
///
/// ```
/// use ex_threads::lock::collect_holding_lock;
///
/// let mut squares = collect_holding_lock(5, |i| i * i);
/// squares.sort();
/// assert_eq!(squares, vec![0, 1, 4, 9, 16]);
/// ```
pub fn collect_holding_lock<T, F>(n: usize, work: F) -> Vec<T>
where
    T: Send,
    F: Fn(usize) -> T + Sync,
{
    let results = Mutex::new(Vec::with_capacity(n));
    thread::scope(|scope| {
        for i in 0..n {
            let (results, work) = (&results, &work);
            scope.spawn(move || {
                let mut guard = results.lock().unwrap_or_else(PoisonError::into_inner);
                // WRONG on purpose: the slow call runs inside the critical section, so
                // every other thread waits for the lock meanwhile.
                let value = work(i);
                guard.push(value);
            });
        }
    });
    results.into_inner().unwrap_or_else(PoisonError::into_inner)
}

/// Starts `n` threads; thread `i` computes `work(i)` **without** the lock, then locks the
/// shared result list only to push the result. The slow calls all run at the same time.
///
/// Returns all `n` results, in the order they were pushed.
///
/// Bounds: `T: Send` because each result is made on a worker thread and moved back; `F:
/// Sync` because every thread calls `work` through a shared reference at once (scoped
/// threads, so no `'static`).
///
/// # Panics
/// If `work` panics.
///
/// ```
/// use ex_threads::lock::collect_short_critical_section;
///
/// let mut squares = collect_short_critical_section(5, |i| i * i);
/// squares.sort();
/// assert_eq!(squares, vec![0, 1, 4, 9, 16]);
/// ```
pub fn collect_short_critical_section<T, F>(n: usize, work: F) -> Vec<T>
where
    T: Send,
    F: Fn(usize) -> T + Sync,
{
    let results = Mutex::new(Vec::with_capacity(n));
    thread::scope(|scope| {
        for i in 0..n {
            let (results, work) = (&results, &work);
            scope.spawn(move || {
                // The slow part runs outside the lock...
                let value = work(i);
                // ...and the critical section is only the push; the guard is a temporary
                // dropped at the end of this statement.
                results
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .push(value);
            });
        }
    });
    results.into_inner().unwrap_or_else(PoisonError::into_inner)
}
