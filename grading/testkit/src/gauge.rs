//! An in-flight gauge: how many callers are inside a section at the same time.

use std::sync::atomic::{AtomicUsize, Ordering};

/// Counts callers inside a section and remembers the most that were ever inside at once.
///
/// A test wraps the slow part of a job in [`InFlightGauge::enter`]; afterwards
/// [`InFlightGauge::max`] says whether the jobs overlapped (`> 1`) or ran one at a time
/// (`== 1`).
///
/// ```
/// use testkit::InFlightGauge;
///
/// let gauge = InFlightGauge::new();
/// {
///     let _a = gauge.enter();
///     let _b = gauge.enter();
///     assert_eq!(gauge.current(), 2);
/// }
/// assert_eq!(gauge.current(), 0);
/// assert_eq!(gauge.max(), 2);
/// assert_eq!(gauge.total(), 2);
/// ```
#[derive(Debug, Default)]
pub struct InFlightGauge {
    current: AtomicUsize,
    max: AtomicUsize,
    total: AtomicUsize,
}

impl InFlightGauge {
    /// A gauge that has seen nobody yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Enters the section; the caller counts as inside until the guard is dropped.
    pub fn enter(&self) -> GaugeGuard<'_> {
        let now = self.current.fetch_add(1, Ordering::SeqCst) + 1;
        self.max.fetch_max(now, Ordering::SeqCst);
        self.total.fetch_add(1, Ordering::SeqCst);
        GaugeGuard { gauge: self }
    }

    /// How many callers are inside right now.
    pub fn current(&self) -> usize {
        self.current.load(Ordering::SeqCst)
    }

    /// The most callers that were ever inside at the same time.
    pub fn max(&self) -> usize {
        self.max.load(Ordering::SeqCst)
    }

    /// How many times the section was entered in all.
    pub fn total(&self) -> usize {
        self.total.load(Ordering::SeqCst)
    }
}

/// Proof of being inside an [`InFlightGauge`]; leaving happens on drop.
#[derive(Debug)]
#[must_use = "the caller leaves the gauge as soon as the guard is dropped"]
pub struct GaugeGuard<'a> {
    gauge: &'a InFlightGauge,
}

impl Drop for GaugeGuard<'_> {
    fn drop(&mut self) {
        self.gauge.current.fetch_sub(1, Ordering::SeqCst);
    }
}
