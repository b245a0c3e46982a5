//! [`Event`]: a flag that threads can wait for (Python's `threading.Event`).

use std::time::Duration;

/// A flag that starts unset; [`Event::wait`] blocks until some thread [`Event::set`]s it.
///
/// # Examples
///
/// ```no_run
/// use std::thread;
/// use ex_threads::sync::Event;
///
/// let ready = Event::new();
/// thread::scope(|s| {
///     let waiter = s.spawn(|| {
///         ready.wait();
///         "went on"
///     });
///     ready.set();
///     assert_eq!(waiter.join().unwrap(), "went on");
/// });
/// assert!(ready.is_set());
/// ```
#[derive(Debug)]
pub struct Event {
    // TODO: your fields (choosing them is the exercise).
}

impl Event {
    /// A new event, not set.
    pub fn new() -> Self {
        todo!("th-sync: Event::new: build an event that is not set")
    }

    /// Sets the flag and wakes every thread waiting for it.
    pub fn set(&self) {
        todo!("th-sync: Event::set: set the flag under the lock and wake every waiter")
    }

    /// Unsets the flag; later calls to [`Event::wait`] block again.
    ///
    /// ```no_run
    /// use std::time::Duration;
    /// use ex_threads::sync::Event;
    ///
    /// let event = Event::new();
    /// event.set();
    /// event.clear();
    /// assert!(!event.is_set());
    /// assert!(!event.wait_timeout(Duration::from_millis(5)));
    /// ```
    pub fn clear(&self) {
        todo!("th-sync: Event::clear: set the flag back to false")
    }

    /// Whether the flag is set right now.
    pub fn is_set(&self) -> bool {
        todo!("th-sync: Event::is_set: read the flag under the lock")
    }

    /// Blocks until the flag is set; returns at once if it already is.
    pub fn wait(&self) {
        todo!(
            "th-sync: Event::wait: wait on the Condvar while the flag is false (look before you sleep)"
        )
    }

    /// Blocks until the flag is set or `limit` has passed; returns whether it is set.
    ///
    /// ```no_run
    /// use std::time::Duration;
    /// use ex_threads::sync::Event;
    ///
    /// let event = Event::new();
    /// assert!(!event.wait_timeout(Duration::from_millis(5)));
    /// event.set();
    /// assert!(event.wait_timeout(Duration::ZERO));
    /// ```
    pub fn wait_timeout(&self, limit: Duration) -> bool {
        todo!(
            "th-sync: Event::wait_timeout: like wait, but give up after {limit:?}; return whether the flag is set"
        )
    }
}

impl Default for Event {
    fn default() -> Self {
        Self::new()
    }
}
