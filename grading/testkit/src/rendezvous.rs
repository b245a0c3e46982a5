//! A rendezvous with a timeout: proof that `n` jobs were running at the same time.

use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

/// A one-shot meeting point for `parties` callers, each of whom waits at most `timeout`.
///
/// If every party reaches [`Rendezvous::arrive`] while the others are still waiting, they
/// all return `Ok`: the jobs were alive at the same time. If the jobs run one after the
/// other, the first caller times out, the rendezvous is *broken*, and every later caller
/// returns `Err` at once, so a sequential answer costs one timeout, not `n` of them.
///
/// Unlike [`std::sync::Barrier`] it never hangs and it can only be used once.
///
/// ```
/// use std::time::Duration;
/// use testkit::Rendezvous;
///
/// // Alone, nobody meets anybody: the call times out instead of hanging.
/// let lonely = Rendezvous::new(2, Duration::from_millis(10));
/// assert!(lonely.arrive().is_err());
/// assert!(lonely.is_broken());
/// // Later arrivals fail at once.
/// assert!(lonely.arrive().is_err());
/// ```
#[derive(Debug)]
pub struct Rendezvous {
    parties: usize,
    timeout: Duration,
    state: Mutex<State>,
    changed: Condvar,
}

#[derive(Debug, Default)]
struct State {
    arrived: usize,
    broken: bool,
}

/// The error of [`Rendezvous::arrive`]: the other parties did not all arrive in time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RendezvousTimedOut {
    /// How many parties had arrived when this caller gave up (or found it broken).
    pub arrived: usize,
    /// How many were expected.
    pub parties: usize,
}

impl std::fmt::Display for RendezvousTimedOut {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "only {} of {} jobs were running at the same time (the others ran before or after)",
            self.arrived, self.parties
        )
    }
}

impl std::error::Error for RendezvousTimedOut {}

impl Rendezvous {
    /// A rendezvous for `parties` callers, each willing to wait `timeout`.
    ///
    /// # Panics
    /// If `parties` is zero.
    pub fn new(parties: usize, timeout: Duration) -> Self {
        assert!(parties > 0, "a rendezvous needs at least one party");
        Rendezvous {
            parties,
            timeout,
            state: Mutex::new(State::default()),
            changed: Condvar::new(),
        }
    }

    /// Arrives and waits until all parties have arrived.
    ///
    /// # Errors
    /// [`RendezvousTimedOut`] if the others did not arrive within the timeout, or the
    /// rendezvous was already broken by an earlier timeout.
    pub fn arrive(&self) -> Result<(), RendezvousTimedOut> {
        let deadline = Instant::now() + self.timeout;
        let mut state = self.lock();
        state.arrived += 1;
        let failure = |state: &State| RendezvousTimedOut {
            arrived: state.arrived,
            parties: self.parties,
        };
        if state.broken {
            return Err(failure(&state));
        }
        if state.arrived >= self.parties {
            self.changed.notify_all();
            return Ok(());
        }
        loop {
            let now = Instant::now();
            if now >= deadline {
                state.broken = true;
                self.changed.notify_all();
                return Err(failure(&state));
            }
            state = self
                .changed
                .wait_timeout(state, deadline - now)
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .0;
            if state.arrived >= self.parties {
                return Ok(());
            }
            if state.broken {
                return Err(failure(&state));
            }
        }
    }

    /// Whether all parties met (so far, every caller returned or will return `Ok`).
    pub fn is_complete(&self) -> bool {
        let state = self.lock();
        state.arrived >= self.parties && !state.broken
    }

    /// Whether some caller timed out, so the rendezvous can no longer succeed.
    pub fn is_broken(&self) -> bool {
        self.lock().broken
    }

    /// How many callers have arrived so far.
    pub fn arrived(&self) -> usize {
        self.lock().arrived
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // A panicking test thread must not turn every later check into a second panic.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn parties_that_overlap_all_meet() {
        let meeting = Arc::new(Rendezvous::new(4, Duration::from_secs(10)));
        let handles: Vec<_> = (0..4)
            .map(|_| {
                let meeting = Arc::clone(&meeting);
                std::thread::spawn(move || meeting.arrive())
            })
            .collect();
        for handle in handles {
            assert_eq!(handle.join().unwrap(), Ok(()));
        }
        assert!(meeting.is_complete());
    }

    #[test]
    fn sequential_parties_break_it_once_and_fail_fast() {
        let meeting = Rendezvous::new(3, Duration::from_millis(20));
        let first = meeting.arrive();
        assert_eq!(
            first,
            Err(RendezvousTimedOut {
                arrived: 1,
                parties: 3
            })
        );
        assert!(meeting.arrive().is_err());
        assert!(meeting.arrive().is_err());
        assert!(!meeting.is_complete());
        assert_eq!(meeting.arrived(), 3);
    }

    #[test]
    fn a_single_party_meets_itself() {
        let meeting = Rendezvous::new(1, Duration::from_millis(1));
        assert_eq!(meeting.arrive(), Ok(()));
        assert!(meeting.is_complete());
    }
}
