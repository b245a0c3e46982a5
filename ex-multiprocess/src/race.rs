//! # mp-race: The first to hit 1337 wins, and the rest stop at once
//!
//! The lab sheet's task draws random numbers until one is 1337. Race several workers at it:
//! the first to succeed wins, and every other worker stops right away. With threads the
//! losers are *told* to stop (a shared cancel flag they check); with processes they are
//! *made* to stop (killed), which is the one thing a process allows that a thread does
//! not.
//!
//! After `000_423ad200312eb3ed.txt`, "Oppgave: Multiprocessing" (`oppgave()`: draw
//! `random.randint(0, 10000)` until it is 1337). The statement is the `mp-race` section
//! of `ex-multiprocess/README.md`.

use std::io;
use std::path::Path;
use std::sync::atomic::AtomicBool;

/// The lab sheet's target.
pub const TARGET: u64 = 1337;
/// The largest number a draw gives (the lab sheet's `random.randint(0, 10000)`).
pub const MAX_DRAW: u64 = 10_000;

/// Who won a race, and with what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Win<T> {
    /// The winning worker's number.
    pub worker: usize,
    /// What it found.
    pub value: T,
}

/// The lab sheet's `oppgave` for one worker: draws numbers from 0 to [`MAX_DRAW`] from a
/// generator seeded with `seed` until one equals `target`, and returns how many draws
/// that took; or `None` as soon as `cancel` is set (it is checked before every draw).
/// The same seed always takes the same number of draws.
///
/// ```no_run
/// use std::sync::atomic::AtomicBool;
/// use ex_multiprocess::race::{TARGET, draw_until};
///
/// let running = AtomicBool::new(false);
/// let draws = draw_until(TARGET, 7, &running).expect("1337 comes up sooner or later");
/// assert_eq!(draw_until(TARGET, 7, &running), Some(draws), "replayable");
/// assert_eq!(draw_until(TARGET, 7, &AtomicBool::new(true)), None, "cancelled at once");
/// ```
pub fn draw_until(target: u64, seed: u64, cancel: &AtomicBool) -> Option<u64> {
    todo!(
        "mp-race: draw 0..=MAX_DRAW from a generator seeded with {seed} until {target}, checking {cancel:?} before each draw"
    )
}

/// Races `workers` threads: each runs `job(worker, cancel)`; the first to return `Some`
/// wins, and `cancel` is set at once so the others can stop. Returns after *every*
/// thread has ended, with the winner (`None` if no job succeeded).
///
/// A job must check `cancel` often and return when it is set; that is the only way to
/// stop a thread.
///
/// Bounds: `T: Send` because the winner's value is made on a worker thread and moved
/// back; `F: Sync` because every thread calls `job` through a shared reference at once
/// (scoped threads, so no `'static`).
///
/// ```no_run
/// use std::sync::atomic::Ordering;
/// use ex_multiprocess::race::race_threads;
///
/// let win = race_threads(3, |worker, cancel| {
///     if worker == 1 {
///         return Some("one");
///     }
///     while !cancel.load(Ordering::Relaxed) {
///         std::hint::spin_loop();
///     }
///     None
/// });
/// assert_eq!(win.map(|win| win.worker), Some(1));
/// ```
pub fn race_threads<T, F>(workers: usize, job: F) -> Option<Win<T>>
where
    T: Send,
    F: Fn(usize, &AtomicBool) -> Option<T> + Sync,
{
    let _ = job;
    todo!(
        "mp-race: run the job on {workers} threads; the first Some wins and sets the cancel flag; return after every thread ended"
    )
}

/// The seed's task raced on `workers` threads: worker `i` draws from a generator seeded
/// with `seed + i`. Returns the winner and its number of draws.
pub fn race_for_target(workers: usize, seed: u64, target: u64) -> Option<Win<u64>> {
    race_threads(workers, |worker, cancel| {
        draw_until(target, seed.wrapping_add(worker as u64), cancel)
    })
}

/// Races worker processes: starts `program` once per entry of `workers` (each entry the
/// arguments of one worker), and the first to print a line wins. Every other worker is
/// killed at once and reaped before this returns. Returns the winner and its line, or
/// `None` if every worker ended without printing one.
///
/// # Errors
/// If a worker cannot start. Workers already started are killed and reaped first.
pub fn race_processes(program: &Path, workers: &[Vec<String>]) -> io::Result<Option<Win<String>>> {
    todo!(
        "mp-race: start {program:?} with each of {workers:?}; the first to print a line wins; kill and reap the rest"
    )
}

/// The worker's side of [`race_processes`] for the lab sheet's task: draws with `seed` until
/// `target` and returns the number of draws, for `mp-worker race` to print.
pub fn race_worker(seed: u64, target: u64) -> u64 {
    todo!(
        "mp-race: draw with seed {seed} until {target}, never cancelled, and return the number of draws"
    )
}
