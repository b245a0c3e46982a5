//! [`Timer`]: run an action after a delay unless cancelled (Python's `threading.Timer`).

use std::time::Duration;

/// An action that runs on its own thread after a delay, unless [`Timer::cancel`]led first.
///
/// Dropping a `Timer` neither cancels nor waits for it: the action still runs on time.
///
/// # Examples
///
/// ```no_run
/// use std::sync::atomic::{AtomicBool, Ordering};
/// use std::sync::Arc;
/// use std::time::Duration;
/// use ex_threads::sync::Timer;
///
/// let rang = Arc::new(AtomicBool::new(false));
/// let bell = Arc::clone(&rang);
/// let timer = Timer::start(Duration::from_millis(10), move || bell.store(true, Ordering::SeqCst));
/// assert!(timer.join()); // the action ran
/// assert!(rang.load(Ordering::SeqCst));
///
/// // A cancelled timer never runs its action, and cancel does not wait for the delay.
/// let timer = Timer::start(Duration::from_secs(60), || unreachable!());
/// assert!(timer.cancel());
/// assert!(!timer.join());
/// ```
#[derive(Debug)]
pub struct Timer {
    // TODO: your fields (choosing them is the exercise).
}

impl Timer {
    /// Starts a thread that runs `action` once `delay` has passed.
    ///
    /// Bounds: `F: Send` because `action` moves to the timer thread and runs there;
    /// `'static` because that thread may outlive this call, so `action` may not borrow
    /// from the caller.
    pub fn start<F>(delay: Duration, action: F) -> Timer
    where
        F: FnOnce() + Send + 'static,
    {
        let _ = action;
        todo!(
            "th-sync: Timer::start: spawn a thread that waits {delay:?} (in a way cancel can interrupt) and then runs `action` unless cancelled"
        )
    }

    /// Cancels the timer: returns `true` if the action will never run (it had not
    /// fired yet, or was already cancelled), `false` if it had already fired.
    pub fn cancel(&self) -> bool {
        todo!(
            "th-sync: Timer::cancel: if the timer has not fired, mark it cancelled and wake its thread at once"
        )
    }

    /// Waits for the timer thread to end; returns whether the action ran.
    ///
    /// # Panics
    /// If the action panicked, the panic is passed on to the caller of `join`.
    pub fn join(self) -> bool {
        todo!("th-sync: Timer::join: join the timer thread and return whether the action ran")
    }
}
