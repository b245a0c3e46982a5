//! # q-worker: One background worker
//!
//! Start one background thread that takes items from a queue and runs a job on each,
//! one after the other. The caller [`put`](Worker::put)s items without waiting,
//! [`join`](Worker::join)s to wait until every item put so far is processed (the worker
//! stays alive for more), and [`stop`](Worker::stop)s the worker at the end.
//!
//! After `000_423ad200312eb3ed.txt`, E3.5 (the daemon `worker` that works on items
//! 0..5 while the main thread calls `q.join()`). The statement is the `q-worker`
//! section of `ex-queues/README.md`.

use std::marker::PhantomData;

/// A background thread that runs a job on every item [`put`](Self::put), in order.
///
/// # Examples
///
/// ```no_run
/// use std::sync::{Arc, Mutex};
/// use ex_queues::worker::Worker;
///
/// let log = Arc::new(Mutex::new(Vec::new()));
/// let record = Arc::clone(&log);
/// let worker = Worker::start(move |item: u32| record.lock().unwrap().push(item));
/// for item in 0..5 {
///     worker.put(item);
/// }
/// worker.join(); // every item put so far is processed
/// assert_eq!(*log.lock().unwrap(), [0, 1, 2, 3, 4]);
/// assert_eq!(worker.stop(), 5);
/// ```
#[derive(Debug)]
pub struct Worker<T> {
    // TODO: the fields: the sending side of a channel (crossbeam_channel::Sender<T>),
    // a count of items put but not yet processed that join can wait on (shared with the
    // thread: an Arc around a Mutex<usize> and a Condvar), and the thread's JoinHandle.
    // (Remove `_items` once a field uses T.)
    _items: PhantomData<T>,
}

impl<T: Send + 'static> Worker<T> {
    /// Starts the worker thread, which runs `job` on every item put, one at a time, in
    /// the order they were put.
    ///
    /// Bounds: `T: Send` and `F: Send` because items and the job move to the worker
    /// thread; `'static` because that thread outlives this call, so neither may borrow
    /// from the caller. The job is `FnMut`, not `Sync`: only that one thread ever calls
    /// it.
    pub fn start<F>(job: F) -> Self
    where
        F: FnMut(T) + Send + 'static,
    {
        let _ = &job;
        todo!(
            "q-worker: start(job): make a channel, spawn ONE thread that runs job on every item it receives, then counts it done"
        )
    }

    /// Puts `item` on the worker's queue and returns at once, without waiting for the job.
    pub fn put(&self, item: T) {
        let _ = &item;
        todo!("q-worker: put(item): count the item as pending, then send it to the worker")
    }

    /// Blocks until every item put so far has been processed; the worker keeps running
    /// and more items may be put afterwards.
    ///
    /// # Panics
    /// If the job panicked: the worker thread is gone and the items left will never be
    /// processed, so `join` panics instead of waiting for ever (the job's own panic comes
    /// back from [`stop`](Self::stop)).
    pub fn join(&self) {
        todo!("q-worker: join(): wait until the pending count is zero (not just the queue empty)")
    }

    /// Tells the worker that no more items will come, waits until it has processed every
    /// item already put and its thread has ended, and returns how many items it processed
    /// in all.
    ///
    /// # Panics
    /// If the job panicked, with the job's panic.
    pub fn stop(self) -> usize {
        todo!(
            "q-worker: stop(): drop the Sender so the worker's loop ends, join its thread, return its count"
        )
    }
}
