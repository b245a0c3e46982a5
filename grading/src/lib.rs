//! The kit's grader, as a pipeline with one module per stage:
//!
//! - [`manifest`] and [`kit`]: what the exercises are and where their parts live;
//! - [`collect`]: find each student's submission (a folder or an archive) and unpack it safely;
//! - [`stage`]: copy only `src/**/*.rs` of a submission into the grader's workspace;
//! - [`compile`]: build every staged package's tests in one `cargo build --keep-going`;
//! - [`build_jail`]: what a submission's compile sees (its own sources, the toolchain and
//!   the compiled dependencies, nothing else);
//! - [`run`]: every test in its own process group, with a timeout (SIGTERM, a grace,
//!   SIGKILL) and capped output, admitted by the slots it takes;
//! - [`outcome`]: what happened to one test, as an exhaustive enum (leaks, tests not run,
//!   grader faults and exercises not gradable here included);
//! - [`score`]: points per requirement, test, exercise, crate and submission;
//! - [`sandbox`]: the jail a test runs in (bubblewrap, rlimits, its own user id);
//! - [`cgroup`]: one test's memory and processes bounded as a whole;
//! - [`descriptors`]: no descriptor the grader inherited reaches a jail;
//! - [`batch`]: grade a class in build groups (the reference first, which sets each
//!   test's limit), planning and interleaving tests (`batch/schedule.rs`) and storing each
//!   student's result atomically as it ends (`batch/store.rs`);
//! - [`merge`]: join the results of a class graded in shards on several machines;
//! - [`samples`]: the bundled sample class, built from recipes and checked against the
//!   scores they expect;
//! - [`fingerprint`]: what a stored result was graded from, so a rerun regrades only
//!   students who handed in again;
//! - [`report`]: the terminal table, CSV gradebook, feedback, Gradescope and JUnit files;
//! - [`readme`]: the crate READMEs' parts the manifest owns (table, headings, hints);
//! - [`handout`]: the repository students clone (starters, visible tests, test kit);
//! - [`isolation`]: one exercise's starter put back costs that exercise's points only;
//! - [`check`]: the kit self-check, which grades the starter as one student of a batch
//!   (the solution must pass everything, the starter fail everything);
//! - [`stub_messages`]: what starters' stubs say, so no test mistakes one for the panic
//!   it expects;
//! - [`files`]: what the stages share for files: an error that names the path, a tree copy.

pub mod batch;
pub mod build_jail;
pub mod cgroup;
pub mod check;
pub mod collect;
pub mod compile;
pub mod descriptors;
pub mod files;
pub mod fingerprint;
pub mod handout;
pub mod isolation;
pub mod kit;
pub mod manifest;
pub mod merge;
pub mod outcome;
pub mod readme;
pub mod report;
pub mod run;
pub mod samples;
pub mod sandbox;
pub mod score;
pub mod stage;
pub mod stub_messages;
