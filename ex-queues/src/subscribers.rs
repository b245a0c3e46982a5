//! # q-subscribers: A publisher, 100 subscribers, and a join on the deliveries
//!
//! Main puts every subscriber on a queue, a publisher thread takes them and delivers one
//! message to each, marking every delivery done, and main waits until all deliveries
//! are done (not merely until the queue is empty). The count of deliveries still to do
//! is [`Pending`], a small `Mutex` + `Condvar` counter: the part of Python's
//! `JoinableQueue` that does `task_done` and `join`.
//!
//! After `003_6d07538b8dc49121.txt`, the `JoinableQueue` subscribers example. The
//! statement is the `q-subscribers` section of `ex-queues/README.md`.

/// How many subscribers the lab sheet's example has.
pub const SUBSCRIBERS: usize = 100;

/// Someone who wants the publisher's message.
///
/// Any `Fn(&str)` closure that can move to another thread is a subscriber, so a test or
/// a demo can pass closures; a real one might send an e-mail or write to a socket.
///
/// Bounds: `Send` because subscribers move to the publisher thread, which calls them;
/// `'static` because a subscriber owns what it uses (it may not borrow from the caller),
/// so it could even go to a thread that outlives [`broadcast`].
///
/// ```
/// use ex_queues::subscribers::Subscriber;
///
/// let shout = |message: &str| println!("{}!", message.to_uppercase());
/// shout.receive("hello");
/// ```
pub trait Subscriber: Send + 'static {
    /// Receives `message`. It may take a while (the lab sheet's subscriber sleeps 10 ms).
    fn receive(&self, message: &str);
}

impl<F> Subscriber for F
where
    F: Fn(&str) + Send + 'static,
{
    fn receive(&self, message: &str) {
        self(message);
    }
}

/// The error of [`Pending::done`]: nothing was pending (Python raises `ValueError`
/// when `task_done` is called too many times).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("done() was called more times than work was added")]
pub struct TooManyDone;

/// A count of pieces of work still to do, that a thread can wait on until it is zero.
///
/// [`Pending::add`] is Python's `put` side of the count, [`Pending::done`] is
/// `task_done`, and [`Pending::wait`] is `join`.
///
/// # Examples
///
/// ```no_run
/// use std::thread;
/// use ex_queues::subscribers::Pending;
///
/// let pending = Pending::new();
/// pending.add(3);
/// thread::scope(|s| {
///     s.spawn(|| {
///         for _ in 0..3 {
///             pending.done().expect("three pieces were added");
///         }
///     });
///     pending.wait(); // returns once the worker marked all three done
///     assert_eq!(pending.count(), 0);
/// });
/// ```
#[derive(Debug)]
pub struct Pending {
    // TODO: the fields: a Mutex<usize> (how many pieces are pending) and a Condvar
    // signalled when the count drops to zero.
}

impl Pending {
    /// A counter with nothing pending.
    pub fn new() -> Self {
        todo!("q-subscribers: Pending::new: a count of zero behind a Mutex, and a Condvar")
    }

    /// Counts `n` more pieces of work as pending.
    pub fn add(&self, n: usize) {
        todo!("q-subscribers: Pending::add: add {n} to the count under the lock")
    }

    /// Marks one piece of work done; when none are left, wakes every waiter.
    ///
    /// # Errors
    /// [`TooManyDone`] if nothing was pending; the count stays at zero.
    ///
    /// ```no_run
    /// use ex_queues::subscribers::{Pending, TooManyDone};
    ///
    /// let pending = Pending::new();
    /// pending.add(1);
    /// assert_eq!(pending.done(), Ok(()));
    /// assert_eq!(pending.done(), Err(TooManyDone));
    /// ```
    pub fn done(&self) -> Result<(), TooManyDone> {
        todo!(
            "q-subscribers: Pending::done: take one off the count (Err(TooManyDone) if it is zero) and wake every waiter when it reaches zero"
        )
    }

    /// Blocks until nothing is pending. Returns at once if nothing is.
    pub fn wait(&self) {
        todo!("q-subscribers: Pending::wait: wait on the Condvar until the count is zero")
    }

    /// How many pieces of work are pending right now.
    pub fn count(&self) -> usize {
        todo!("q-subscribers: Pending::count: read the count under the lock")
    }
}

impl Default for Pending {
    /// The same as [`Pending::new`].
    fn default() -> Self {
        Pending::new()
    }
}

/// Delivers `message` to every subscriber from a publisher thread, and returns only
/// when every delivery is done.
///
/// As in the seed: every subscriber is counted as pending and put on a queue, then a
/// publisher thread takes them all off the queue and delivers to each in turn, marking
/// each delivery done *after* [`Subscriber::receive`] returns. The caller waits on the
/// count, not on the queue: the queue is empty long before the last delivery ends.
///
/// # Panics
/// If a subscriber panics: with its panic, once the publisher thread has ended. (The
/// deliveries not made are then counted done, so the caller does not wait for ever.)
///
/// ```no_run
/// use std::sync::{Arc, Mutex};
/// use ex_queues::subscribers::broadcast;
///
/// let inbox = Arc::new(Mutex::new(Vec::new()));
/// let subscribers: Vec<_> = (0..3)
///     .map(|id| {
///         let inbox = Arc::clone(&inbox);
///         move |message: &str| inbox.lock().unwrap().push(format!("{id}: {message}"))
///     })
///     .collect();
/// broadcast(subscribers, "Hello world!");
/// // Every delivery is done by the time broadcast returns.
/// assert_eq!(inbox.lock().unwrap().len(), 3);
/// ```
pub fn broadcast<S: Subscriber>(subscribers: Vec<S>, message: &str) {
    todo!(
        "q-subscribers: count and queue the {} subscribers, start a publisher thread that delivers {message:?} to each and marks each delivery done, then wait until none is pending",
        subscribers.len()
    )
}
