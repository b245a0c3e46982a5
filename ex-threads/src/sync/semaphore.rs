//! [`Semaphore`]: at most `permits` holders at a time (Python's `threading.Semaphore`).

use std::marker::PhantomData;

/// A counting semaphore: [`Semaphore::acquire`] takes one of a fixed number of permits,
/// waiting while none is free; dropping the [`SemaphoreGuard`] gives it back.
///
/// # Examples
///
/// ```no_run
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
    // TODO: your fields (choosing them is the exercise).
}

/// One permit of a [`Semaphore`]; the permit goes back when the guard is dropped.
#[derive(Debug)]
#[must_use = "the permit is given back as soon as the guard is dropped"]
pub struct SemaphoreGuard<'a> {
    // TODO: your fields: whatever drop needs to give the permit back. Remove this
    // PhantomData once a field uses the lifetime 'a.
    _semaphore: PhantomData<&'a Semaphore>,
}

impl Semaphore {
    /// A semaphore with `permits` free permits.
    pub fn new(permits: usize) -> Self {
        todo!("th-sync: Semaphore::new: build a semaphore with {permits} free permits")
    }

    /// Takes a permit, waiting until one is free.
    pub fn acquire(&self) -> SemaphoreGuard<'_> {
        todo!(
            "th-sync: Semaphore::acquire: wait while no permit is free, take one (check and take under one lock), return a guard"
        )
    }

    /// Takes a permit if one is free right now, without waiting.
    pub fn try_acquire(&self) -> Option<SemaphoreGuard<'_>> {
        todo!(
            "th-sync: Semaphore::try_acquire: take a permit if one is free, else None; never wait"
        )
    }

    /// How many permits are free right now.
    pub fn available(&self) -> usize {
        todo!("th-sync: Semaphore::available: read the count of free permits")
    }
}

impl Drop for SemaphoreGuard<'_> {
    fn drop(&mut self) {
        todo!("th-sync: SemaphoreGuard::drop: give the permit back and wake one waiter")
    }
}
