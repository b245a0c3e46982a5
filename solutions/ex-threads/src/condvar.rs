//! # th-condvar: Wake every consumer
//!
//! A [`Resource`] is a slot that a producer fills once with [`Resource::publish`] and
//! that any number of consumers wait for with [`Resource::wait`]. Build it from a
//! `Mutex<Option<T>>` and a [`Condvar`]: publishing wakes *every* waiting consumer, and a
//! consumer that comes after the value was published returns at once.
//!
//! After `002_f1ed66b6bd3778ad.txt`, §7.3 (the `threading.Condition` example: two
//! consumers wait, a producer calls `notifyAll`). The statement is the `th-condvar`
//! section of `ex-threads/README.md`.

use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

/// A value that one thread publishes and many threads wait for.
///
/// # Examples
///
/// ```
/// use std::thread;
/// use ex_threads::condvar::Resource;
///
/// let resource = Resource::new();
/// thread::scope(|s| {
///     let consumers: Vec<_> = (0..2).map(|_| s.spawn(|| resource.wait())).collect();
///     resource.publish("ready");
///     for consumer in consumers {
///         assert_eq!(consumer.join().unwrap(), "ready");
///     }
/// });
/// ```
#[derive(Debug)]
pub struct Resource<T> {
    /// `None` until the producer publishes.
    slot: Mutex<Option<T>>,
    /// Signalled when the slot is filled.
    published: Condvar,
}

impl<T: Clone> Resource<T> {
    /// An empty resource: consumers that wait now block until [`Resource::publish`].
    pub fn new() -> Self {
        Resource {
            slot: Mutex::new(None),
            published: Condvar::new(),
        }
    }

    /// Makes `value` available and wakes every consumer that is waiting.
    ///
    /// Publishing again replaces the value; consumers that return later see the new one.
    pub fn publish(&self, value: T) {
        *self.lock() = Some(value);
        // notify_all, not notify_one: every waiting consumer must see the value. With
        // notify_one, one consumer wakes and the others sleep forever.
        self.published.notify_all();
    }

    /// Blocks until a value is published and returns a copy of it.
    ///
    /// Returns at once if the value was published before the call.
    ///
    /// ```
    /// use ex_threads::condvar::Resource;
    ///
    /// let resource = Resource::new();
    /// resource.publish(7);
    /// assert_eq!(resource.wait(), 7); // no waiting: it is already there
    /// ```
    pub fn wait(&self) -> T {
        let mut slot = self.lock();
        // Check the predicate *before* sleeping: if the value was published before we
        // came, there is nobody left to wake us (that would be a lost wake-up). Check it
        // again after every wake-up: a Condvar may wake a thread spuriously.
        // (`Condvar::wait_while` is this loop, ready-made.)
        loop {
            if let Some(value) = slot.as_ref() {
                return value.clone();
            }
            // `wait` releases the lock while asleep, so the producer can publish.
            slot = self
                .published
                .wait(slot)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }

    /// Like [`Resource::wait`], but gives up after `limit` and returns `None`.
    ///
    /// ```
    /// use std::time::Duration;
    /// use ex_threads::condvar::Resource;
    ///
    /// let resource: Resource<u32> = Resource::new();
    /// assert_eq!(resource.wait_timeout(Duration::from_millis(10)), None);
    /// resource.publish(3);
    /// assert_eq!(resource.wait_timeout(Duration::ZERO), Some(3));
    /// ```
    pub fn wait_timeout(&self, limit: Duration) -> Option<T> {
        // The same loop with a deadline: spurious wake-ups do not restart the clock.
        let (slot, _timed_out) = self
            .published
            .wait_timeout_while(self.lock(), limit, |slot| slot.is_none())
            .unwrap_or_else(PoisonError::into_inner);
        slot.clone()
    }

    fn lock(&self) -> MutexGuard<'_, Option<T>> {
        // The slot is only ever replaced whole, so it is consistent even if some thread
        // panicked while holding the lock: recover it instead of panicking too.
        self.slot.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl<T: Clone> Default for Resource<T> {
    fn default() -> Self {
        Self::new()
    }
}
