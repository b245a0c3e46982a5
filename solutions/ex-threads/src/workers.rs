//! # th-workers: Workers that stop when told
//!
//! Start one thread per id. Each one reports its id right away and then once every
//! tick, until the main thread tells all of them to stop through a channel;
//! [`Workers::stop`] sends that word, waits for every worker to end and returns the ids
//! of those that stopped.
//!
//! After `001_65a139599805f2de.txt`, "Multithreading" (the task on `SomeWorker`: threads
//! print their ID cyclically until the main thread ends them through a `Queue`). The
//! statement is the `th-workers` section of `ex-threads/README.md`.

use std::sync::Arc;
use std::thread::{self, JoinHandle};
use std::time::Duration;

use crossbeam_channel::{Receiver, Sender, select};

/// The running workers started by [`start_workers`].
///
/// Dropping it without calling [`Workers::stop`] also tells the workers to stop (the
/// channel's sender goes away), but nobody waits for them to finish.
#[derive(Debug)]
pub struct Workers {
    /// Never sent on: dropping it disconnects every worker's receiver at once, which is
    /// the stop signal.
    stop: Sender<()>,
    /// One thread per worker; each returns its id when it stops.
    threads: Vec<JoinHandle<u32>>,
}

/// Starts one worker thread per entry of `ids`.
///
/// Worker `id` calls `report(id)` at once, then again every `tick`, until
/// [`Workers::stop`] is called. A stop request interrupts the wait for the next tick:
/// a worker never sleeps a whole tick before noticing it.
///
/// The bounds on `report`: `Send`, because it moves to other threads; `Sync`, because
/// several workers call it at once through shared references; `'static`, because the
/// workers outlive this call, so it may not borrow from the caller's stack.
///
/// # Examples
///
/// ```
/// use std::sync::mpsc;
/// use std::time::Duration;
/// use ex_threads::workers::start_workers;
///
/// let (reported, reports) = mpsc::channel();
/// let workers = start_workers(&[7, 11], Duration::from_secs(60), move |id| {
///     reported.send(id).unwrap();
/// });
/// // Block (no busy loop) until both workers have made their first report.
/// let mut first = [reports.recv().unwrap(), reports.recv().unwrap()];
/// first.sort();
/// assert_eq!(first, [7, 11]);
/// // The tick is a minute, yet stop returns as soon as both workers have ended.
/// let mut stopped = workers.stop();
/// stopped.sort();
/// assert_eq!(stopped, [7, 11]);
/// ```
pub fn start_workers<R>(ids: &[u32], tick: Duration, report: R) -> Workers
where
    R: Fn(u32) + Send + Sync + 'static,
{
    let (stop, stopped) = crossbeam_channel::bounded(0);
    // The workers outlive this function, so they cannot borrow `report`: they share it.
    let report = Arc::new(report);
    let threads = ids
        .iter()
        .map(|&id| {
            let (report, stopped) = (Arc::clone(&report), stopped.clone());
            thread::spawn(move || work(id, tick, &*report, &stopped))
        })
        .collect();
    Workers { stop, threads }
}

/// One worker's loop: report, then wait for whichever comes first, the next tick or the
/// stop signal.
fn work(id: u32, tick: Duration, report: &(impl Fn(u32) + ?Sized), stopped: &Receiver<()>) -> u32 {
    let ticks = crossbeam_channel::tick(tick);
    loop {
        report(id);
        // Waiting on both channels at once is what makes stopping prompt; a plain
        // `thread::sleep(tick)` would only notice the stop after the whole tick.
        select! {
            recv(ticks) -> _ => {}
            // Nothing is ever sent: `Err(Disconnected)` (the sender was dropped) is the
            // signal, and it reaches every worker at once.
            recv(stopped) -> _ => return id,
        }
    }
}

impl Workers {
    /// Tells every worker to stop, waits until all have ended, and returns their ids
    /// (one entry per worker, in the order they were started).
    ///
    /// When it returns, no worker is running, so no `report` call can happen any more.
    ///
    /// # Panics
    /// If a worker's `report` panicked, with that panic, once every worker has ended.
    pub fn stop(self) -> Vec<u32> {
        // One drop stops them all: every receiver sees the channel disconnect.
        drop(self.stop);
        // Join every thread before passing a panic on, so that none is still running
        // when `stop` unwinds.
        let ended: Vec<_> = self.threads.into_iter().map(JoinHandle::join).collect();
        ended
            .into_iter()
            .map(|ended| ended.unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
            .collect()
    }
}
