//! # th-sync: Event, Semaphore and Timer
//!
//! Python's `threading` has `Event`, `Semaphore` and `Timer`; Rust's standard library
//! does not. Build all three from a [`Mutex`](std::sync::Mutex) and a
//! [`Condvar`](std::sync::Condvar), one per submodule:
//!
//! - [`Event`]: a flag that threads can wait for.
//! - [`Semaphore`]: at most `permits` holders at a time; a [`SemaphoreGuard`] gives its
//!   permit back when dropped.
//! - [`Timer`]: runs an action on its own thread after a delay, unless cancelled first.
//!
//! After `002_f1ed66b6bd3778ad.txt`, §7.1.3 (the list of `Condition`, `Semaphore`,
//! `Event`, `Timer` that closes §7.1) and `004_1ba7af3fe02a6a86.txt`, "Threading"
//! (`threading.Timer`). The statement is the `th-sync` section of `ex-threads/README.md`.

pub mod event;
pub mod semaphore;
pub mod timer;

pub use event::Event;
pub use semaphore::{Semaphore, SemaphoreGuard};
pub use timer::Timer;
