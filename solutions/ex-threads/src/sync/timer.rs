//! [`Timer`]: run an action after a delay unless cancelled (Python's `threading.Timer`).

use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::{self, JoinHandle};
use std::time::Duration;

/// Where a timer is in its life. Moving out of `Pending` happens once, under the lock,
/// so "fire" and "cancel" can never both win.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Pending,
    Cancelled,
    Fired,
}

/// The state and the condvar that wakes the timer thread when it changes.
#[derive(Debug)]
struct Shared {
    state: Mutex<State>,
    cancelled: Condvar,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// An action that runs on its own thread after a delay, unless [`Timer::cancel`]led first.
///
/// Dropping a `Timer` neither cancels nor waits for it: the action still runs on time.
///
/// # Examples
///
/// ```
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
    shared: Arc<Shared>,
    thread: JoinHandle<bool>,
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
        let shared = Arc::new(Shared {
            state: Mutex::new(State::Pending),
            cancelled: Condvar::new(),
        });
        let timer_side = Arc::clone(&shared);
        let thread = thread::spawn(move || {
            // Sleep on the condvar, not with thread::sleep: cancel() wakes us at once.
            // The loop (inside wait_timeout_while) also survives spurious wake-ups.
            let (mut state, _timed_out) = timer_side
                .cancelled
                .wait_timeout_while(timer_side.lock(), delay, |state| *state == State::Pending)
                .unwrap_or_else(PoisonError::into_inner);
            if *state != State::Pending {
                return false; // cancelled in time
            }
            *state = State::Fired;
            // Run the action without holding the lock, so cancel() answers at once.
            drop(state);
            action();
            true
        });
        Timer { shared, thread }
    }

    /// Cancels the timer: returns `true` if the action will never run (it had not
    /// fired yet, or was already cancelled), `false` if it had already fired.
    pub fn cancel(&self) -> bool {
        let mut state = self.shared.lock();
        match *state {
            State::Pending => {
                *state = State::Cancelled;
                self.shared.cancelled.notify_one();
                true
            }
            State::Cancelled => true,
            State::Fired => false,
        }
    }

    /// Waits for the timer thread to end; returns whether the action ran.
    ///
    /// # Panics
    /// If the action panicked, the panic is passed on to the caller of `join`.
    pub fn join(self) -> bool {
        match self.thread.join() {
            Ok(ran) => ran,
            Err(panic) => std::panic::resume_unwind(panic),
        }
    }
}
