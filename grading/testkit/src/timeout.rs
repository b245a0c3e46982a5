//! Timeouts for every blocking wait a test makes, so a deadlock is a failure, not a hang.

use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Runs `job` on its own thread and returns its result, or panics if it takes longer
/// than `limit`.
///
/// Use it around any call into student code that could block forever (a join, a
/// condvar wait, a queue `get`). If `job` panics, its panic is resumed here with the
/// original message, so the hint in a starter's `todo!` reaches the student intact.
/// On a timeout the thread is left behind (a stuck thread cannot be killed); the test
/// process ends soon after anyway.
///
/// ```
/// use std::time::Duration;
///
/// let answer = testkit::finish_within(Duration::from_secs(5), "the sum", || 40 + 2);
/// assert_eq!(answer, 42);
/// ```
///
/// ```should_panic
/// use std::time::Duration;
///
/// // A job that never ends fails the test with a message instead of hanging it.
/// testkit::finish_within(Duration::from_millis(50), "a stuck job", || loop {
///     std::thread::park();
/// });
/// ```
///
/// # Panics
/// When `limit` passes first, with a message naming `what`; or with `job`'s own panic.
pub fn finish_within<T, F>(limit: Duration, what: &str, job: F) -> T
where
    T: Send + 'static,
    F: FnOnce() -> T + Send + 'static,
{
    on_thread_within(limit, &format!("finish_within: {what}"), job).unwrap_or_else(|| {
        panic!(
            "{what} did not finish within {limit:?}: something is blocked \
             (a deadlock, a lost wake-up, a thread that is never told to stop, or a join that waits forever)"
        )
    })
}

/// Runs `job` on a thread named `thread_name` and returns its result, or `None` if
/// `limit` passes first (the thread is left behind). A panic in `job` is resumed here
/// with its own message.
pub(crate) fn on_thread_within<T, F>(limit: Duration, thread_name: &str, job: F) -> Option<T>
where
    T: Send + 'static,
    F: FnOnce() -> T + Send + 'static,
{
    let (done_tx, done_rx) = mpsc::channel();
    std::thread::Builder::new()
        .name(thread_name.to_owned())
        .spawn(move || {
            let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
            // The receiver is gone only if the caller already timed out.
            let _ = done_tx.send(outcome);
        })
        .expect("the test could not start a thread");
    match done_rx.recv_timeout(limit) {
        Ok(Ok(value)) => Some(value),
        Ok(Err(panic)) => std::panic::resume_unwind(panic),
        Err(_) => None,
    }
}

/// Polls `condition` every few milliseconds until it holds, or panics after `limit`.
///
/// ```
/// use std::sync::atomic::{AtomicBool, Ordering};
/// use std::sync::Arc;
/// use std::time::Duration;
///
/// let flag = Arc::new(AtomicBool::new(false));
/// let setter = Arc::clone(&flag);
/// std::thread::spawn(move || setter.store(true, Ordering::SeqCst));
/// testkit::wait_until(Duration::from_secs(5), "the flag to be set", || {
///     flag.load(Ordering::SeqCst)
/// });
/// ```
///
/// # Panics
/// When `limit` passes and `condition` still returns `false`, with a message naming `what`.
pub fn wait_until(limit: Duration, what: &str, mut condition: impl FnMut() -> bool) {
    let deadline = Instant::now() + limit;
    while !condition() {
        assert!(
            Instant::now() < deadline,
            "waited {limit:?} for {what}, and it never happened"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
}
