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

use std::collections::VecDeque;
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
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
/// ```
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
    /// The items and the unfinished count live under ONE lock, so no thread can ever see
    /// an item that is not counted yet.
    state: Mutex<State<T>>,
    /// Signalled when an item is put: a waiting `get` may go on.
    not_empty: Condvar,
    /// Signalled when the unfinished count drops to zero: every `join` may return.
    all_done: Condvar,
}

#[derive(Debug)]
struct State<T> {
    items: VecDeque<T>,
    unfinished: usize,
}

impl<T> JoinableQueue<T> {
    /// An empty queue with no unfinished tasks.
    pub fn new() -> Self {
        JoinableQueue {
            state: Mutex::new(State {
                items: VecDeque::new(),
                unfinished: 0,
            }),
            not_empty: Condvar::new(),
            all_done: Condvar::new(),
        }
    }

    /// Adds `item` at the back and counts one more unfinished task.
    pub fn put(&self, item: T) {
        let mut state = self.lock();
        // Count first and push under the same lock: a consumer cannot get (and mark done)
        // an item that join does not know about yet.
        state.unfinished += 1;
        state.items.push_back(item);
        // One item lets exactly one getter go on.
        self.not_empty.notify_one();
    }

    /// Removes and returns the item at the front, waiting for one if the queue is empty.
    ///
    /// The item still counts as unfinished until somebody calls
    /// [`task_done`](Self::task_done) for it.
    pub fn get(&self) -> T {
        // `wait_while` re-checks after every wake-up: another getter may have been faster.
        let mut state = self
            .not_empty
            .wait_while(self.lock(), |state| state.items.is_empty())
            .unwrap_or_else(PoisonError::into_inner);
        state
            .items
            .pop_front()
            .expect("wait_while returned, so the queue is not empty")
    }

    /// Like [`get`](Self::get), but gives up after `limit` and returns `None` if no
    /// item came.
    ///
    /// ```
    /// use std::time::Duration;
    /// use ex_queues::joinable::JoinableQueue;
    ///
    /// let queue = JoinableQueue::new();
    /// assert_eq!(queue.get_timeout(Duration::from_millis(5)), None);
    /// queue.put("job");
    /// assert_eq!(queue.get_timeout(Duration::ZERO), Some("job"));
    /// ```
    pub fn get_timeout(&self, limit: Duration) -> Option<T> {
        let (mut state, _timed_out) = self
            .not_empty
            .wait_timeout_while(self.lock(), limit, |state| state.items.is_empty())
            .unwrap_or_else(PoisonError::into_inner);
        state.items.pop_front()
    }

    /// Marks one task as done; when the last unfinished task is done, every thread
    /// blocked in [`join`](Self::join) wakes up.
    ///
    /// # Errors
    /// [`TooManyTaskDone`] if there is no unfinished task (more `task_done` calls than
    /// `put`s); the count stays at zero.
    ///
    /// ```
    /// use ex_queues::joinable::{JoinableQueue, TooManyTaskDone};
    ///
    /// let queue = JoinableQueue::new();
    /// queue.put(1);
    /// assert_eq!(queue.task_done(), Ok(()));
    /// assert_eq!(queue.task_done(), Err(TooManyTaskDone));
    /// ```
    pub fn task_done(&self) -> Result<(), TooManyTaskDone> {
        let mut state = self.lock();
        state.unfinished = state.unfinished.checked_sub(1).ok_or(TooManyTaskDone)?;
        if state.unfinished == 0 {
            // notify_all, not notify_one: every joiner waits for the same zero.
            self.all_done.notify_all();
        }
        Ok(())
    }

    /// Blocks until every item ever put has been marked done; returns at once if none
    /// is unfinished.
    pub fn join(&self) {
        let _state = self
            .all_done
            .wait_while(self.lock(), |state| state.unfinished > 0)
            .unwrap_or_else(PoisonError::into_inner);
    }

    /// Like [`join`](Self::join), but gives up after `limit`; returns whether every task
    /// was done.
    ///
    /// ```
    /// use std::time::Duration;
    /// use ex_queues::joinable::JoinableQueue;
    ///
    /// let queue = JoinableQueue::new();
    /// assert!(queue.join_timeout(Duration::ZERO));
    /// queue.put('a');
    /// assert!(!queue.join_timeout(Duration::from_millis(5)));
    /// ```
    pub fn join_timeout(&self, limit: Duration) -> bool {
        let (state, _timed_out) = self
            .all_done
            .wait_timeout_while(self.lock(), limit, |state| state.unfinished > 0)
            .unwrap_or_else(PoisonError::into_inner);
        state.unfinished == 0
    }

    /// How many items were put but not yet marked done (gotten or not).
    pub fn unfinished(&self) -> usize {
        self.lock().unfinished
    }

    /// How many items are waiting in the queue right now.
    pub fn len(&self) -> usize {
        self.lock().items.len()
    }

    /// Whether no item is waiting in the queue right now (tasks may still be unfinished).
    pub fn is_empty(&self) -> bool {
        self.lock().items.is_empty()
    }

    fn lock(&self) -> MutexGuard<'_, State<T>> {
        // Lock poisoning: a Mutex held by a thread that panics is marked "poisoned", and
        // later `lock` calls return `Err`, so that nobody trusts data a panic may have left
        // half-updated without noticing. No update here can stop half-way (the state is
        // whole after every statement that holds the lock), so recovering the guard with
        // `into_inner` is right; the rest of this crate does the same for the same reason.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl<T> Default for JoinableQueue<T> {
    fn default() -> Self {
        Self::new()
    }
}
