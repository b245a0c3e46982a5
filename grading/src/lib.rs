//! The kit's grader, as a pipeline with one module per stage:
//!
//! - [`manifest`] and [`kit`]: what the exercises are and where their parts live;
//! - [`stage`]: copy only `src/**/*.rs` of a submission into the grader's workspace;
//! - [`compile`]: build every staged package's tests in one `cargo build --keep-going`;
//! - [`run`]: every test in its own process group, with a timeout and capped output;
//! - [`outcome`]: what happened to one test, as an exhaustive enum;
//! - [`check`]: the kit self-check, which runs the same pipeline on each crate's
//!   solution (must pass everything) and starter (must fail everything).

pub mod check;
pub mod compile;
pub mod kit;
pub mod manifest;
pub mod outcome;
pub mod run;
pub mod sandbox;
pub mod score;
pub mod stage;
