//! # ex-multiprocess: real OS processes, after the Python lab sheets
//!
//! This is the **reference solution** (instructors only). It has the same public API as the starter, so the same tests compile against both.
//!
//! Every exercise has its own module, its statement in `ex-multiprocess/README.md`, and
//! its visible tests in `ex-multiprocess/tests/<id>.rs`. Worker processes run this
//! crate's own program, `mp-worker` (`src/bin/mp-worker.rs`); [`worker`] reads its
//! command line and [`children`] keeps started processes from being left behind (both
//! given).
//!
//! | id | module |
//! |---|---|
//! | mp-timing | [`timing`] |
//! | mp-process | [`process`] |
//! | mp-terminate | [`terminate`] |
//! | mp-lock | [`lock`] |
//! | mp-ipc | [`ipc`] |
//! | mp-pool | [`pool`] |
//! | mp-race | [`race`] |
//! | mp-pipe-vs-queue | [`pipe_vs_queue`] |
//! | mp-consumers | [`consumers`] |

pub mod children;
pub mod consumers;
pub mod ipc;
pub mod lock;
pub mod pipe_vs_queue;
pub mod pool;
pub mod process;
pub mod race;
pub mod terminate;
pub mod timing;
pub mod worker;
