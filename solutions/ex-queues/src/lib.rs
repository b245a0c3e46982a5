//! # ex-queues: queues between threads, after the Python lab sheets
//!
//! This is the **reference solution** (instructors only). It has the same public API as the starter, so the same tests compile against both.
//!
//! Every exercise has its own module, its statement in `ex-queues/README.md`, and its
//! visible tests in `ex-queues/tests/<id>.rs`.
//!
//! | id | module |
//! |---|---|
//! | q-joinable | [`joinable`] |
//! | q-worker | [`worker`] |
//! | q-executor | [`executor`] |
//! | q-pool-download | [`pool_download`] |
//! | q-subscribers | [`subscribers`] |
//! | q-poison | [`poison`] |

pub mod executor;
pub mod joinable;
pub mod poison;
pub mod pool_download;
pub mod subscribers;
pub mod worker;
