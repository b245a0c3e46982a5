//! # ex-async: tokio tasks, gathering, async queues and bounded fetching, after the Python lab sheets
//!
//! This is the **starter**: the types and signatures are real, the bodies are `todo!()` with a hint. Replace each `todo!` with your code.
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
