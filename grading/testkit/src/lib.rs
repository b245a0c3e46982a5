//! Helpers shared by the kit's visible and hidden tests.
//!
//! Every test in the kit proves concurrency by *observation*, never by a tight
//! wall-clock bound (a loaded two-core CI machine must not fail a right answer).
//! This crate holds the instruments those observations use:
//!
//! - [`PageServer`] (feature `page-server`, on by default): a real HTTP server on
//!   `127.0.0.1` with pages, latency, a count of the most requests it had in flight at
//!   once, and a gate that holds responses until enough requests are in flight together.
//! - [`Rendezvous`]: a meeting point that `n` jobs must reach *together*, with a timeout,
//!   so a sequential answer fails fast instead of hanging.
//! - [`InFlightGauge`]: counts how many callers are inside a section at once.
//! - [`finish_within`] and [`wait_until`]: every blocking wait in a test has a timeout.
//! - [`test_seed`] and [`seeded_generator`]: inputs generated per run from a seed the
//!   test prints.
//! - [`program_path`] and [`Interactive`]: the package's own binary, and a program
//!   driven through its stdin with every wait bounded.
//! - [`temp_dir`]: a temporary folder removed when dropped.
//! - [`on_paused_clock`], [`on_real_clock`] and [`on_worker_threads`] (feature
//!   `async-runtime`, on by default): a tokio runtime per async test, with a watchdog
//!   for a runtime that waits forever and one for a runtime whose thread is blocked.
//! - [`worker`] and [`worker_entry!`]: a test re-runs its own test binary to run a
//!   function of the test file as a worker process (for multi-process exercises).
//! - [`MpiJob`]: a program (or a worker) on several ranks under `mpiexec`, every wait
//!   bounded, every rank killed on a hang, and a check that no rank outlives the job.
//!
//! ```
//! use std::time::Duration;
//! use testkit::{InFlightGauge, Rendezvous};
//!
//! // Two threads meet at the rendezvous, so both are inside the gauge at once.
//! let gauge = InFlightGauge::new();
//! let meeting = Rendezvous::new(2, Duration::from_secs(5));
//! std::thread::scope(|s| {
//!     for _ in 0..2 {
//!         s.spawn(|| {
//!             let _inside = gauge.enter();
//!             meeting.arrive().expect("both threads run at the same time");
//!         });
//!     }
//! });
//! assert_eq!(gauge.max(), 2);
//! ```

#[cfg(feature = "async-runtime")]
mod async_runtime;
mod gauge;
mod interactive;
mod mpi_job;
#[cfg(feature = "page-server")]
mod page_server;
mod program;
mod refusal;
mod rendezvous;
mod seed;
mod temp;
mod timeout;
pub mod worker;

#[cfg(feature = "async-runtime")]
pub use async_runtime::{PAUSED_CLOCK_LIMIT, on_paused_clock, on_real_clock, on_worker_threads};
pub use gauge::{GaugeGuard, InFlightGauge};
pub use interactive::{Finished, Interactive};
pub use mpi_job::{DEFAULT_MPI_LIMIT, MpiJob, MpiOutput, mpiexec};
#[cfg(feature = "page-server")]
pub use page_server::{GateOutcome, Page, PageServer, PageServerBuilder};
pub use program::program_path;
pub use refusal::panic_message;
pub use rendezvous::{Rendezvous, RendezvousTimedOut};
pub use seed::{seeded_bytes, seeded_generator, test_seed};
pub use temp::{TempDir, temp_dir};
pub use timeout::{finish_within, wait_until};
