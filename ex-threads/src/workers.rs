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

use std::time::Duration;

/// The running workers started by [`start_workers`].
///
/// Dropping it without calling [`Workers::stop`] also tells the workers to stop (the
/// channel's sender goes away), but nobody waits for them to finish.
#[derive(Debug)]
pub struct Workers {
    // TODO: the fields: the sending side of a stop channel (crossbeam_channel::Sender),
    // and the JoinHandle of every worker thread.
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
/// ```no_run
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
    let _ = report;
    todo!(
        "th-workers: start one thread per id in {ids:?}; each calls report(id) at once and then \
         every {tick:?} until the stop channel says stop (wait on the channel with a timeout or \
         select!, never a plain sleep)"
    )
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
        todo!(
            "th-workers: Workers::stop: tell every worker to stop (dropping the Sender disconnects them all), join each thread, return the ids"
        )
    }
}
