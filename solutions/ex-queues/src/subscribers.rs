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

use std::sync::{Condvar, Mutex, MutexGuard};
use std::thread;

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
/// ```
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
#[derive(Debug, Default)]
pub struct Pending {
    /// How many pieces of work were added and not yet marked done.
    count: Mutex<usize>,
    /// Signalled when `count` drops to zero.
    all_done: Condvar,
}

impl Pending {
    /// A counter with nothing pending.
    pub fn new() -> Self {
        Pending::default()
    }

    /// Counts `n` more pieces of work as pending.
    pub fn add(&self, n: usize) {
        *self.lock() += n;
    }

    /// Marks one piece of work done; when none are left, wakes every waiter.
    ///
    /// # Errors
    /// [`TooManyDone`] if nothing was pending; the count stays at zero.
    ///
    /// ```
    /// use ex_queues::subscribers::{Pending, TooManyDone};
    ///
    /// let pending = Pending::new();
    /// pending.add(1);
    /// assert_eq!(pending.done(), Ok(()));
    /// assert_eq!(pending.done(), Err(TooManyDone));
    /// ```
    pub fn done(&self) -> Result<(), TooManyDone> {
        let mut count = self.lock();
        *count = count.checked_sub(1).ok_or(TooManyDone)?;
        if *count == 0 {
            // notify_all, not notify_one: every thread in wait() must go on, and a
            // single wake-up would leave the others asleep for good.
            self.all_done.notify_all();
        }
        Ok(())
    }

    /// Blocks until nothing is pending. Returns at once if nothing is.
    pub fn wait(&self) {
        let count = self.lock();
        // wait_while re-checks the count after every wake-up, so a spurious wake-up
        // or a count that went up again cannot let the caller through early.
        drop(
            self.all_done
                .wait_while(count, |count| *count > 0)
                .unwrap_or_else(|poisoned| poisoned.into_inner()),
        );
    }

    /// How many pieces of work are pending right now.
    pub fn count(&self) -> usize {
        *self.lock()
    }

    fn lock(&self) -> MutexGuard<'_, usize> {
        // The count is a plain number, valid even if a thread panicked holding the lock.
        self.count
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
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
/// ```
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
    let pending = Pending::new();
    let (queue, taken) = crossbeam_channel::unbounded();
    for subscriber in subscribers {
        // Count first, then queue: the count must never be lower than the work left.
        pending.add(1);
        queue
            .send(subscriber)
            .expect("the receiver is alive in this function");
    }
    drop(queue);

    // A scope, not a detached thread: the publisher borrows the count and the message,
    // and its panic can be passed on instead of being lost with the thread.
    thread::scope(|scope| {
        let publisher = scope.spawn(|| {
            // The lab sheet's publisher takes every subscriber off the queue first...
            let subscribers: Vec<S> = taken.iter().collect();
            // ...so the queue is empty here, and only the count knows what is left.
            let mut undelivered = Undelivered {
                pending: &pending,
                left: subscribers.len(),
            };
            for subscriber in subscribers {
                subscriber.receive(message);
                pending
                    .done()
                    .expect("every subscriber was counted before it was queued");
                undelivered.left -= 1;
            }
        });
        // Like the lab sheet's main, wait on the deliveries, not on the publisher thread.
        pending.wait();
        // Then the publisher has ended or is about to. If a subscriber panicked, the
        // guard below let the wait return, and the panic goes on to our caller.
        if let Err(panic) = publisher.join() {
            std::panic::resume_unwind(panic);
        }
    });
}

/// The deliveries the publisher has not made yet. If a subscriber panics, the publisher
/// unwinds and this guard marks every delivery left (the one that panicked included) as
/// done, so that the waiting caller wakes up and can pass the panic on instead of
/// waiting for ever (as the lab sheet's `join` does when a delivery fails).
struct Undelivered<'a> {
    pending: &'a Pending,
    left: usize,
}

impl Drop for Undelivered<'_> {
    fn drop(&mut self) {
        for _ in 0..self.left {
            // Only this publisher marks these deliveries done, so none can fail here.
            let _ = self.pending.done();
        }
    }
}
