//! [`Event`]: a flag that threads can wait for (Python's `threading.Event`).

use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

/// A flag that starts unset; [`Event::wait`] blocks until some thread [`Event::set`]s it.
///
/// # Examples
///
/// ```
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
#[derive(Debug, Default)]
pub struct Event {
    /// Whether the event is set.
    flag: Mutex<bool>,
    /// Signalled whenever the flag becomes `true`.
    changed: Condvar,
}

impl Event {
    /// A new event, not set.
    pub fn new() -> Self {
        Event {
            flag: Mutex::new(false),
            changed: Condvar::new(),
        }
    }

    /// Sets the flag and wakes every thread waiting for it.
    pub fn set(&self) {
        *self.lock() = true;
        // All waiters, not one: every one of them is waiting for the same flag.
        self.changed.notify_all();
    }

    /// Unsets the flag; later calls to [`Event::wait`] block again.
    ///
    /// ```
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
        *self.lock() = false;
    }

    /// Whether the flag is set right now.
    pub fn is_set(&self) -> bool {
        *self.lock()
    }

    /// Blocks until the flag is set; returns at once if it already is.
    pub fn wait(&self) {
        // `wait_while` looks at the flag before sleeping (a `set` that came first is not
        // missed) and after every wake-up (spurious wake-ups go back to sleep).
        let _flag = self
            .changed
            .wait_while(self.lock(), |is_set| !*is_set)
            .unwrap_or_else(PoisonError::into_inner);
    }

    /// Blocks until the flag is set or `limit` has passed; returns whether it is set.
    ///
    /// ```
    /// use std::time::Duration;
    /// use ex_threads::sync::Event;
    ///
    /// let event = Event::new();
    /// assert!(!event.wait_timeout(Duration::from_millis(5)));
    /// event.set();
    /// assert!(event.wait_timeout(Duration::ZERO));
    /// ```
    pub fn wait_timeout(&self, limit: Duration) -> bool {
        let (flag, _timed_out) = self
            .changed
            .wait_timeout_while(self.lock(), limit, |is_set| !*is_set)
            .unwrap_or_else(PoisonError::into_inner);
        *flag
    }

    fn lock(&self) -> MutexGuard<'_, bool> {
        // A bool cannot be left half-written, so a poisoned lock is still usable.
        self.flag.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
