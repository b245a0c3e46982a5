//! # th-barrier: Meet at the barrier
//!
//! Start one worker per delay. Each worker sleeps its delay, says it has arrived, and
//! waits at a [`std::sync::Barrier`] that the calling (main) thread waits at too; only
//! when everyone, main included, has arrived does anyone pass.
//!
//! After `002_f1ed66b6bd3778ad.txt`, §7.1.3 (`threading.Barrier`: ten workers that sleep,
//! then wait, and a main thread that waits too). The statement is the `th-barrier` section of `ex-threads/README.md`.

use std::sync::Barrier;
use std::thread;
use std::time::Duration;

/// Runs one worker per entry of `delays` and meets them all at a barrier.
///
/// Worker `i` sleeps `delays[i]`, calls `arrive(i)`, waits at a barrier shared by the
/// workers and the calling thread, then calls `pass(i)`. The calling thread waits at the
/// same barrier, calls `main_pass()` once it passes, and returns only after every worker
/// has finished (so every `pass(i)` has returned).
///
/// Therefore every `arrive` happens before any `pass` and before `main_pass`.
///
/// Bounds: `A` and `P` are `Sync` because every worker calls them at once through shared
/// references (scoped threads, so no `'static`); `M` runs only on the calling thread and
/// needs neither.
///
/// # Examples
///
/// ```
/// use std::sync::Mutex;
/// use std::time::Duration;
/// use ex_threads::barrier::meet_at_barrier;
///
/// let log = Mutex::new(Vec::new());
/// let delays = [Duration::from_millis(30), Duration::ZERO];
/// meet_at_barrier(
///     &delays,
///     |i| log.lock().unwrap().push(format!("arrive {i}")),
///     |i| log.lock().unwrap().push(format!("pass {i}")),
///     || log.lock().unwrap().push("main passes".to_string()),
/// );
/// let log = log.into_inner().unwrap();
/// assert_eq!(log.len(), 5);
/// // Worker 0 sleeps longer, but nobody passes before it arrives.
/// assert_eq!(log[0], "arrive 1");
/// assert_eq!(log[1], "arrive 0");
/// ```
pub fn meet_at_barrier<A, P, M>(delays: &[Duration], arrive: A, pass: P, main_pass: M)
where
    A: Fn(usize) + Sync,
    P: Fn(usize) + Sync,
    M: FnOnce(),
{
    // One party per worker, plus one for the calling thread (Python's Barrier(11) for
    // ten workers). With one party too few, main would pass before the slowest worker
    // arrives; with one too many, everybody would wait forever.
    let barrier = Barrier::new(delays.len() + 1);

    // A scope lets the workers borrow `barrier`, `arrive` and `pass` (no Arc needed),
    // and it joins every worker before it returns.
    thread::scope(|scope| {
        for (i, &delay) in delays.iter().enumerate() {
            let (barrier, arrive, pass) = (&barrier, &arrive, &pass);
            scope.spawn(move || {
                thread::sleep(delay);
                arrive(i);
                barrier.wait();
                pass(i);
            });
        }
        // Main is a party too: it blocks here until the last worker has arrived.
        barrier.wait();
        main_pass();
    });
}
