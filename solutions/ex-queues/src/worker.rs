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

use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::{self, JoinHandle};

use crossbeam_channel::Sender;

/// A background thread that runs a job on every item [`put`](Self::put), in order.
///
/// # Examples
///
/// ```
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
    /// The queue's sending side; dropping it tells the worker no more items will come.
    items: Sender<T>,
    /// Items put and not yet processed, shared with the worker thread.
    pending: Arc<Pending>,
    /// The worker thread; it returns how many items it processed.
    thread: JoinHandle<usize>,
}

/// The items not yet processed, and a condvar signalled when there are none left or the
/// worker thread has ended.
#[derive(Debug, Default)]
struct Pending {
    state: Mutex<PendingState>,
    idle: Condvar,
}

#[derive(Debug, Default)]
struct PendingState {
    /// Items put and not yet processed.
    count: usize,
    /// The worker thread has ended (normally only after `stop`; earlier if a job panicked).
    worker_gone: bool,
}

impl Pending {
    /// Locks the state. Poisoning (see `joinable.rs`) cannot hurt here: the job runs
    /// without this lock, so the state is always whole and `into_inner` is right.
    fn lock(&self) -> MutexGuard<'_, PendingState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn add_one(&self) {
        self.lock().count += 1;
    }

    fn finish_one(&self) {
        let mut state = self.lock();
        state.count -= 1;
        if state.count == 0 {
            // Several threads may be joining: wake them all.
            self.idle.notify_all();
        }
    }

    /// Waits until the count is zero, or the worker is gone; returns whether it is gone.
    fn wait_for_zero(&self) -> bool {
        let state = self
            .idle
            .wait_while(self.lock(), |state| state.count > 0 && !state.worker_gone)
            .unwrap_or_else(PoisonError::into_inner);
        state.count > 0 && state.worker_gone
    }
}

/// Held by the worker thread; when the thread ends, however it ends (its loop finished or
/// a job panicked and the thread is unwinding), it tells every joiner. Without it a
/// panicking job would leave its item, and every item queued behind it, pending for ever,
/// and `join` would never return.
struct WorkerGone(Arc<Pending>);

impl Drop for WorkerGone {
    fn drop(&mut self) {
        self.0.lock().worker_gone = true;
        self.0.idle.notify_all();
    }
}

impl<T: Send + 'static> Worker<T> {
    /// Starts the worker thread, which runs `job` on every item put, one at a time, in
    /// the order they were put.
    ///
    /// Bounds: `T: Send` and `F: Send` because items and the job move to the worker
    /// thread; `'static` because that thread outlives this call, so neither may borrow
    /// from the caller. The job is `FnMut`, not `Sync`: only that one thread ever calls
    /// it.
    pub fn start<F>(mut job: F) -> Self
    where
        F: FnMut(T) + Send + 'static,
    {
        // std::sync::mpsc would do as well: one queue, one consumer.
        let (items, queue) = crossbeam_channel::unbounded();
        let pending = Arc::new(Pending::default());
        let counter = Arc::clone(&pending);
        let thread = thread::spawn(move || {
            // Declared before the loop's receiver, so dropped after it: by the time the
            // joiners wake, `put` already fails to send.
            let _gone = WorkerGone(Arc::clone(&counter));
            let mut processed = 0;
            // The loop ends when every Sender is gone AND the queue is drained.
            for item in queue {
                job(item);
                processed += 1;
                // Only now is the item done: the job has finished with it.
                counter.finish_one();
            }
            processed
        });
        Worker {
            items,
            pending,
            thread,
        }
    }

    /// Puts `item` on the worker's queue and returns at once, without waiting for the job.
    pub fn put(&self, item: T) {
        // Count before sending, so a join that starts now waits for this item too.
        self.pending.add_one();
        if self.items.send(item).is_err() {
            // The worker thread is gone (its job panicked): nobody will process the item.
            self.pending.finish_one();
        }
    }

    /// Blocks until every item put so far has been processed; the worker keeps running
    /// and more items may be put afterwards.
    ///
    /// # Panics
    /// If the job panicked: the worker thread is gone and the items left will never be
    /// processed, so `join` panics instead of waiting for ever (the job's own panic comes
    /// back from [`stop`](Self::stop)).
    pub fn join(&self) {
        // The choice made here: a panicking job ends the worker (as an exception ends the
        // seed's Python thread), and the drop guard in the thread turns "never done" into
        // a panic for the joiners. Catching the panic (`std::panic::catch_unwind`) and
        // going on with the next item would be the other honest choice.
        if self.pending.wait_for_zero() {
            panic!(
                "q-worker: the job panicked, so the items still pending will never be processed"
            );
        }
    }

    /// Tells the worker that no more items will come, waits until it has processed every
    /// item already put and its thread has ended, and returns how many items it processed
    /// in all.
    ///
    /// # Panics
    /// If the job panicked, with the job's panic.
    pub fn stop(self) -> usize {
        // Dropping the only Sender closes the queue; the worker drains it and returns.
        drop(self.items);
        match self.thread.join() {
            Ok(processed) => processed,
            Err(panic) => std::panic::resume_unwind(panic),
        }
    }
}
