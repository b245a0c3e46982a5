//! [`Semaphore`]: at most `permits` holders at a time (Python's `threading.Semaphore`).

use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

/// A counting semaphore: [`Semaphore::acquire`] takes one of a fixed number of permits,
/// waiting while none is free; dropping the [`SemaphoreGuard`] gives it back.
///
/// # Examples
///
/// ```
/// use ex_threads::sync::Semaphore;
///
/// let permits = Semaphore::new(2);
/// let first = permits.acquire();
/// let second = permits.acquire();
/// assert_eq!(permits.available(), 0);
/// assert!(permits.try_acquire().is_none()); // a third holder would have to wait
/// drop(first);
/// assert_eq!(permits.available(), 1);
/// assert!(permits.try_acquire().is_some());
/// drop(second);
/// ```
#[derive(Debug)]
pub struct Semaphore {
    /// How many permits are free.
    available: Mutex<usize>,
    /// Signalled whenever a permit is given back.
    released: Condvar,
}

/// One permit of a [`Semaphore`]; the permit goes back when the guard is dropped.
#[derive(Debug)]
#[must_use = "the permit is given back as soon as the guard is dropped"]
pub struct SemaphoreGuard<'a> {
    semaphore: &'a Semaphore,
}

impl Semaphore {
    /// A semaphore with `permits` free permits.
    pub fn new(permits: usize) -> Self {
        Semaphore {
            available: Mutex::new(permits),
            released: Condvar::new(),
        }
    }

    /// Takes a permit, waiting until one is free.
    pub fn acquire(&self) -> SemaphoreGuard<'_> {
        // Checking and taking happen under one lock: two threads cannot both see
        // "one left" and both take it.
        let mut available = self
            .released
            .wait_while(self.lock(), |available| *available == 0)
            .unwrap_or_else(PoisonError::into_inner);
        *available -= 1;
        SemaphoreGuard { semaphore: self }
    }

    /// Takes a permit if one is free right now, without waiting.
    pub fn try_acquire(&self) -> Option<SemaphoreGuard<'_>> {
        let mut available = self.lock();
        if *available == 0 {
            return None;
        }
        *available -= 1;
        Some(SemaphoreGuard { semaphore: self })
    }

    /// How many permits are free right now.
    pub fn available(&self) -> usize {
        *self.lock()
    }

    fn release(&self) {
        *self.lock() += 1;
        // One permit came back, so one waiter can go on: notify_one is enough here.
        self.released.notify_one();
    }

    fn lock(&self) -> MutexGuard<'_, usize> {
        // The count is updated in one step, so a poisoned lock still holds a valid count.
        self.available
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

impl Drop for SemaphoreGuard<'_> {
    fn drop(&mut self) {
        self.semaphore.release();
    }
}
