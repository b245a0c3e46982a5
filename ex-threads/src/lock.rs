//! # th-lock: A shared counter, and a lock held too long
//!
//! Part 1: a counter that many threads increment through a shared reference without
//! losing an update. Part 2: threads that each do slow work and store the result in a
//! shared `Vec` behind a `Mutex`, once holding the lock across the slow work (so the
//! threads take turns) and once locking only to push (so the work overlaps). After
//! `002_f1ed66b6bd3778ad.txt`, §7.1.2 (`threading.Lock`: ten threads sleeping inside
//! `with lock` take ten seconds). The statement is the `th-lock` section of
//! `ex-threads/README.md`.

/// A counter that any number of threads can increment at once, through `&self`.
///
/// ```no_run
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
    // TODO: the fields (the count, protected so that threads can share it)
}

impl SharedCounter {
    /// A counter at 0.
    pub fn new() -> Self {
        todo!("th-lock: a counter at 0")
    }

    /// Adds one. Increments from different threads are never lost.
    pub fn increment(&self) {
        todo!("th-lock: add one to the count, without losing updates from other threads")
    }

    /// The current count.
    pub fn get(&self) -> u64 {
        todo!("th-lock: return the current count")
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
/// ```no_run
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
    let _ = &work; // delete this line when you write the body
    todo!(
        "th-lock: start {n} threads; thread i locks the shared Vec, calls work(i) while holding it, pushes the result"
    )
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
/// ```no_run
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
    let _ = &work; // delete this line when you write the body
    todo!(
        "th-lock: start {n} threads; thread i calls work(i) without the lock, then locks the shared Vec only to push"
    )
}
