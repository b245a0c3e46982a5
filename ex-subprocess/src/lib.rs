//! # ex-subprocess: running other programs, after the Python lab sheets
//!
//! This is the **starter**: the types and signatures are real, the bodies are `todo!()` with a hint. Replace each `todo!` with your code.
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
