//! # ex-threads: threads in Rust, after the Python lab sheets
//!
//! This is the **starter**: the types and signatures are real, the bodies are `todo!()` with a hint. Replace each `todo!` with your code.
//!
//! Every exercise has its own module, its statement in `ex-threads/README.md`, and its
//! visible tests in `ex-threads/tests/<id>.rs` (run one with
//! `cargo test -p ex-threads --test th_spawn`).
//!
//! | id | module |
//! |---|---|
//! | th-spawn | [`spawn`] |
//! | th-names | [`names`] |
//! | th-chunks | [`chunks`] |
//! | th-lock | [`lock`] |
//! | th-barrier | [`barrier`] |
//! | th-condvar | [`condvar`] |
//! | th-sync | [`sync`] |
//! | th-accumulate | [`accumulate`] |
//! | th-download | [`download`] |
//! | th-workers | [`workers`] |
//! | th-titles | [`titles`] |

pub mod accumulate;
pub mod barrier;
pub mod chunks;
pub mod condvar;
pub mod download;
pub mod lock;
pub mod names;
pub mod spawn;
pub mod sync;
pub mod titles;
pub mod workers;
