//! # th-condvar: Wake every consumer
//!
//! A [`Resource`] is a slot that a producer fills once with [`Resource::publish`] and
//! that any number of consumers wait for with [`Resource::wait`]. Build it from a
//! `Mutex<Option<T>>` and a [`std::sync::Condvar`]: publishing wakes *every* waiting
//! consumer, and a consumer that comes after the value was published returns at once.
//!
//! After `002_f1ed66b6bd3778ad.txt`, §7.3 (the `threading.Condition` example: two
//! consumers wait, a producer calls `notifyAll`). The statement is the `th-condvar`
//! section of `ex-threads/README.md`.

use std::marker::PhantomData;
use std::time::Duration;

/// A value that one thread publishes and many threads wait for.
///
/// # Examples
///
/// ```no_run
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
    // TODO: the fields: a Mutex around an Option<T> (None until published) and a
    // Condvar that publish signals. Remove this PhantomData when T is used.
    _value: PhantomData<T>,
}

impl<T: Clone> Resource<T> {
    /// An empty resource: consumers that wait now block until [`Resource::publish`].
    pub fn new() -> Self {
        todo!(
            "th-condvar: build an empty Resource (a Mutex<Option<T>> holding None, and a Condvar)"
        )
    }

    /// Makes `value` available and wakes every consumer that is waiting.
    ///
    /// Publishing again replaces the value; consumers that return later see the new one.
    pub fn publish(&self, value: T) {
        let _ = value;
        todo!(
            "th-condvar: store `value` in the slot under the lock, then wake every waiting consumer"
        )
    }

    /// Blocks until a value is published and returns a copy of it.
    ///
    /// Returns at once if the value was published before the call.
    ///
    /// ```no_run
    /// use ex_threads::condvar::Resource;
    ///
    /// let resource = Resource::new();
    /// resource.publish(7);
    /// assert_eq!(resource.wait(), 7); // no waiting: it is already there
    /// ```
    pub fn wait(&self) -> T {
        todo!(
            "th-condvar: lock the slot and wait on the Condvar while it is None (check before sleeping), then return a clone of the value"
        )
    }

    /// Like [`Resource::wait`], but gives up after `limit` and returns `None`.
    ///
    /// ```no_run
    /// use std::time::Duration;
    /// use ex_threads::condvar::Resource;
    ///
    /// let resource: Resource<u32> = Resource::new();
    /// assert_eq!(resource.wait_timeout(Duration::from_millis(10)), None);
    /// resource.publish(3);
    /// assert_eq!(resource.wait_timeout(Duration::ZERO), Some(3));
    /// ```
    pub fn wait_timeout(&self, limit: Duration) -> Option<T> {
        todo!(
            "th-condvar: like wait, but give up after {limit:?} and return None if nothing was published"
        )
    }
}

impl<T: Clone> Default for Resource<T> {
    fn default() -> Self {
        Self::new()
    }
}
