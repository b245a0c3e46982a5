//! # q-joinable: A queue you can join
//!
//! Build [`JoinableQueue`], Python's `queue.Queue` with its `task_done()` / `join()`
//! protocol: every [`put`](JoinableQueue::put) adds one *unfinished task*, every
//! [`task_done`](JoinableQueue::task_done) removes one, and [`join`](JoinableQueue::join)
//! blocks until none are left. One `task_done` too many is an error value.
//!
//! After `000_423ad200312eb3ed.txt`, E3.5 (`queue.Queue`, `.join()` and `.task_done()`),
//! and `003_6d07538b8dc49121.txt`, "Queues" (`JoinableQueue`). The statement is the
//! `q-joinable` section of `ex-queues/README.md`.

use std::marker::PhantomData;
use std::sync::Mutex;
use std::time::Duration;

/// The error of [`JoinableQueue::task_done`]: it was called more times than items were
/// put (Python raises `ValueError` here).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("task_done() was called more times than items were put in the queue")]
pub struct TooManyTaskDone;

/// A FIFO queue shared by many producers and consumers, which also counts the items
/// that were put but not yet marked done, so that a thread can [`join`](Self::join) it.
///
/// Share it by reference (inside [`std::thread::scope`]) or in an [`Arc`](std::sync::Arc).
///
/// # Examples
///
/// ```no_run
/// use std::thread;
/// use ex_queues::joinable::JoinableQueue;
///
/// let queue = JoinableQueue::new();
/// let done = std::sync::Mutex::new(Vec::new());
/// thread::scope(|s| {
///     s.spawn(|| {
///         for _ in 0..3 {
///             let item: u32 = queue.get();
///             done.lock().unwrap().push(item * 10);
///             queue.task_done().unwrap();
///         }
///     });
///     for item in 1..=3 {
///         queue.put(item);
///     }
///     // Returns once the consumer has marked all three items done.
///     queue.join();
///     assert_eq!(*done.lock().unwrap(), [10, 20, 30]);
/// });
/// ```
#[derive(Debug)]
pub struct JoinableQueue<T> {
    // TODO: your fields (choosing them is the exercise).
    // (Remove `_items` once a field uses T; it only makes the starter compile.)
    _items: PhantomData<Mutex<T>>,
}

impl<T> JoinableQueue<T> {
    /// An empty queue with no unfinished tasks.
    pub fn new() -> Self {
        todo!("q-joinable: build an empty queue whose unfinished count starts at 0")
    }

    /// Adds `item` at the back and counts one more unfinished task.
    pub fn put(&self, item: T) {
        let _ = &item;
        todo!(
            "q-joinable: put(item): under the lock, count one more unfinished task and push the item, then wake one getter"
        )
    }

    /// Removes and returns the item at the front, waiting for one if the queue is empty.
    ///
    /// The item still counts as unfinished until somebody calls
    /// [`task_done`](Self::task_done) for it.
    pub fn get(&self) -> T {
        todo!("q-joinable: get(): wait while the queue is empty, then pop the front item")
    }

    /// Like [`get`](Self::get), but gives up after `limit` and returns `None` if no
    /// item came.
    ///
    /// ```no_run
    /// use std::time::Duration;
    /// use ex_queues::joinable::JoinableQueue;
    ///
    /// let queue = JoinableQueue::new();
    /// assert_eq!(queue.get_timeout(Duration::from_millis(5)), None);
    /// queue.put("job");
    /// assert_eq!(queue.get_timeout(Duration::ZERO), Some("job"));
    /// ```
    pub fn get_timeout(&self, limit: Duration) -> Option<T> {
        todo!("q-joinable: get_timeout({limit:?}): like get, but give up after the limit")
    }

    /// Marks one task as done; when the last unfinished task is done, every thread
    /// blocked in [`join`](Self::join) wakes up.
    ///
    /// # Errors
    /// [`TooManyTaskDone`] if there is no unfinished task (more `task_done` calls than
    /// `put`s); the count stays at zero.
    ///
    /// ```no_run
    /// use ex_queues::joinable::{JoinableQueue, TooManyTaskDone};
    ///
    /// let queue = JoinableQueue::new();
    /// queue.put(1);
    /// assert_eq!(queue.task_done(), Ok(()));
    /// assert_eq!(queue.task_done(), Err(TooManyTaskDone));
    /// ```
    pub fn task_done(&self) -> Result<(), TooManyTaskDone> {
        todo!(
            "q-joinable: task_done(): count one task done (an error if none is unfinished) and wake every joiner at zero"
        )
    }

    /// Blocks until every item ever put has been marked done; returns at once if none
    /// is unfinished.
    pub fn join(&self) {
        todo!("q-joinable: join(): wait while the unfinished count is above zero")
    }

    /// Like [`join`](Self::join), but gives up after `limit`; returns whether every task
    /// was done.
    ///
    /// ```no_run
    /// use std::time::Duration;
    /// use ex_queues::joinable::JoinableQueue;
    ///
    /// let queue = JoinableQueue::new();
    /// assert!(queue.join_timeout(Duration::ZERO));
    /// queue.put('a');
    /// assert!(!queue.join_timeout(Duration::from_millis(5)));
    /// ```
    pub fn join_timeout(&self, limit: Duration) -> bool {
        todo!("q-joinable: join_timeout({limit:?}): like join, but give up after the limit")
    }

    /// How many items were put but not yet marked done (gotten or not).
    pub fn unfinished(&self) -> usize {
        todo!("q-joinable: unfinished(): read the unfinished count under the lock")
    }

    /// How many items are waiting in the queue right now.
    pub fn len(&self) -> usize {
        todo!("q-joinable: len(): how many items are in the queue")
    }

    /// Whether no item is waiting in the queue right now (tasks may still be unfinished).
    pub fn is_empty(&self) -> bool {
        todo!("q-joinable: is_empty(): whether the queue holds no item")
    }
}

impl<T> Default for JoinableQueue<T> {
    fn default() -> Self {
        Self::new()
    }
}
