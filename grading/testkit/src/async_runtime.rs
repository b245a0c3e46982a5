//! Running a test's async code on a tokio runtime of its own, with a limit on both clocks.
//!
//! An async test can get stuck in two ways, and each needs its own watchdog:
//!
//! - **Everything is waiting** (a lost wake-up, a consumer whose channel never closes):
//!   the runtime is idle. A `tokio::time::timeout` around the test's future fires, on
//!   tokio's paused clock at once (the clock jumps ahead whenever nothing else can
//!   run), and the test fails with a message.
//! - **The runtime's thread is blocked** (`std::thread::sleep` or a busy loop inside a
//!   task): no timer of that runtime can fire. The runtime therefore runs on a thread
//!   of its own and the test waits for it with a real-time limit.
//!
//! `#[tokio::test(start_paused = true)]` builds the same current-thread runtime with the
//! paused clock, but it has neither watchdog, so a blocked runtime would hang the test
//! instead of failing it.

use std::future::Future;
use std::time::Duration;

/// How much of tokio's paused clock a test under [`on_paused_clock`] may use before it
/// counts as stuck. The clock only moves when every task is waiting for a timer, so an
/// hour passes in microseconds once nothing is left to do but wait.
pub const PAUSED_CLOCK_LIMIT: Duration = Duration::from_secs(3600);

/// Runs the future `make` returns on a fresh current-thread tokio runtime whose clock
/// starts paused, and returns its output.
///
/// On the paused clock `tokio::time::sleep(Duration::from_secs(3))` completes as soon as
/// every task is waiting, with `tokio::time::Instant::now()` exactly 3 s later: a test
/// can check *when*, in tokio time, each thing happened, and runs in milliseconds. A
/// blocking call (`std::thread::sleep`) does not move the paused clock, so code that
/// blocks the runtime shows up as work done "at time zero".
///
/// `limit` is real time: the most the whole run may take (a blocked runtime fails
/// after it).
///
/// ```
/// use std::time::Duration;
/// use tokio::time::{Instant, sleep};
///
/// let waited = testkit::on_paused_clock(Duration::from_secs(5), "two sleeps", || async {
///     let start = Instant::now();
///     let first = tokio::spawn(sleep(Duration::from_secs(2)));
///     let second = tokio::spawn(sleep(Duration::from_secs(3)));
///     first.await.unwrap();
///     second.await.unwrap();
///     start.elapsed()
/// });
/// assert_eq!(waited, Duration::from_secs(3), "the two sleeps overlap");
/// ```
///
/// # Panics
/// With a message naming `what`: if the future is still waiting after
/// [`PAUSED_CLOCK_LIMIT`] of paused time (nothing was left to wake it), if `limit` of
/// real time passes first (something blocked the runtime's thread), or with the
/// future's own panic.
pub fn on_paused_clock<F, Fut>(limit: Duration, what: &str, make: F) -> Fut::Output
where
    F: FnOnce() -> Fut + Send + 'static,
    Fut: Future,
    Fut::Output: Send + 'static,
{
    run(Flavor::PausedClock, limit, what, make)
}

/// Runs the future `make` returns on a fresh current-thread tokio runtime with the real
/// clock (use it with real sockets: the paused clock would jump past a timeout while a
/// reply is on its way), and returns its output.
///
/// ```
/// use std::time::Duration;
///
/// let server = testkit::PageServer::start();
/// let url = server.page_url(2);
/// let body = testkit::on_real_clock(Duration::from_secs(20), "one fetch", move || async move {
///     reqwest::get(url).await?.text().await
/// })
/// .unwrap();
/// assert_eq!(body, server.page(2).html);
/// ```
///
/// # Panics
/// With a message naming `what`: if the future does not finish within `limit` (whether
/// it waits or blocks the thread), or with the future's own panic.
pub fn on_real_clock<F, Fut>(limit: Duration, what: &str, make: F) -> Fut::Output
where
    F: FnOnce() -> Fut + Send + 'static,
    Fut: Future,
    Fut::Output: Send + 'static,
{
    run(Flavor::RealClock, limit, what, make)
}

/// Runs the future `make` returns on a fresh multi-thread tokio runtime with `workers`
/// worker threads and the real clock, and returns its output: for tests that need
/// tasks to run truly at the same time (races between a `set` and a `wait`).
///
/// ```
/// use std::time::Duration;
///
/// let workers = testkit::on_worker_threads(2, Duration::from_secs(5), "count workers", || async {
///     tokio::runtime::Handle::current().metrics().num_workers()
/// });
/// assert_eq!(workers, 2);
/// ```
///
/// # Panics
/// As [`on_real_clock`]; also if `workers` is 0.
pub fn on_worker_threads<F, Fut>(
    workers: usize,
    limit: Duration,
    what: &str,
    make: F,
) -> Fut::Output
where
    F: FnOnce() -> Fut + Send + 'static,
    Fut: Future,
    Fut::Output: Send + 'static,
{
    assert!(
        workers > 0,
        "a multi-thread runtime needs at least one worker"
    );
    run(Flavor::WorkerThreads(workers), limit, what, make)
}

/// Which runtime a test gets.
#[derive(Debug, Clone, Copy)]
enum Flavor {
    PausedClock,
    RealClock,
    WorkerThreads(usize),
}

fn run<F, Fut>(flavor: Flavor, limit: Duration, what: &str, make: F) -> Fut::Output
where
    F: FnOnce() -> Fut + Send + 'static,
    Fut: Future,
    Fut::Output: Send + 'static,
{
    let name = what.to_owned();
    // The real-time watchdog allows a little more than the tokio timeout, so that when
    // the runtime is merely waiting, the clearer message of the tokio timeout wins.
    let watchdog = match flavor {
        Flavor::PausedClock => limit,
        Flavor::RealClock | Flavor::WorkerThreads(_) => limit + Duration::from_secs(2),
    };
    let finished =
        crate::timeout::on_thread_within(watchdog, &format!("async test: {what}"), move || {
            let runtime = build(flavor);
            let clock_limit = match flavor {
                Flavor::PausedClock => PAUSED_CLOCK_LIMIT,
                Flavor::RealClock | Flavor::WorkerThreads(_) => limit,
            };
            // The timeout and the future are made inside the runtime: both may need its
            // timer (and `make` may spawn).
            let finished =
                runtime.block_on(async move { tokio::time::timeout(clock_limit, make()).await });
            // Tasks still running are dropped (cancelled) without waiting for a worker that
            // may be blocked: a test never leaves work behind it.
            runtime.shutdown_background();
            finished.unwrap_or_else(|_| stuck(flavor, clock_limit, &name))
        });
    finished.unwrap_or_else(|| {
        panic!(
            "{what} did not finish within {watchdog:?} of real time, and no timer of its runtime \
             could fire: something blocks the runtime's thread (std::thread::sleep, a blocking \
             call or a busy loop inside async code; await tokio::time::sleep, or move blocking \
             work to tokio::task::spawn_blocking)"
        )
    })
}

fn build(flavor: Flavor) -> tokio::runtime::Runtime {
    let mut builder = match flavor {
        Flavor::PausedClock | Flavor::RealClock => tokio::runtime::Builder::new_current_thread(),
        Flavor::WorkerThreads(workers) => {
            let mut builder = tokio::runtime::Builder::new_multi_thread();
            builder.worker_threads(workers);
            builder
        }
    };
    builder
        .enable_all()
        .start_paused(matches!(flavor, Flavor::PausedClock))
        .build()
        .expect("the test could not build a tokio runtime")
}

fn stuck(flavor: Flavor, clock_limit: Duration, what: &str) -> ! {
    match flavor {
        Flavor::PausedClock => panic!(
            "{what} was still waiting after {clock_limit:?} of tokio's paused clock, with nothing \
             left that could wake it: a lost wake-up, a consumer whose channel never closes \
             (a Sender still alive), or a task that waits for one that never runs"
        ),
        Flavor::RealClock | Flavor::WorkerThreads(_) => panic!(
            "{what} did not finish within {clock_limit:?}: it is waiting for something that \
             never happens (a lost wake-up, a channel that never closes, a request never sent)"
        ),
    }
}
