//! # ex-async: tokio tasks, gathering, async queues and bounded fetching, after the Python lab sheets
//!
//! This is the **reference solution** (instructors only). It has the same public API as the starter, so the same tests compile against both.
//!
//! Every exercise has its own module, its statement in `ex-async/README.md`, and its
//! visible tests in `ex-async/tests/<id>.rs`.
//!
//! | id | module |
//! |---|---|
//! | as-delay | [`delay`] |
//! | as-gather | [`gather`] |
//! | as-queue | [`queue`] |
//! | as-fetch | [`fetch`] |

pub mod delay;
pub mod fetch;
pub mod gather;
pub mod queue;
