//! # ex-subprocess: running other programs, after the Python lab sheets
//!
//! This is the **reference solution** (instructors only). It has the same public API as the starter, so the same tests compile against both.
//!
//! Every exercise has its own module, its statement in `ex-subprocess/README.md`, and its
//! visible tests in `ex-subprocess/tests/<id>.rs`.
//!
//! | id | module |
//! |---|---|
//! | sp-run | [`run`] |
//! | sp-check | [`check`] |
//! | sp-timeout | [`timeout`] |
//! | sp-communicate | [`communicate`] |
//! | sp-pipeline | [`pipeline`] |
//! | sp-shell | [`shell`] |
//! | sp-ping | [`ping`] |

pub mod check;
pub mod communicate;
pub mod ping;
pub mod pipeline;
pub mod run;
pub mod shell;
pub mod timeout;
