//! # sp-pipeline: Build an echo-to-sed pipeline without a shell
//!
//! Start every stage of a pipeline as its own process, connect each one's standard output
//! to the next one's standard input, read what the last one prints, and wait for all of
//! them. After `002_f1ed66b6bd3778ad.txt`, §7.3 (`echo 'dog is a pet' | sed s/dog/cat/`,
//! run there with `shell=True`). The statement is the `sp-pipeline` section of
//! `ex-subprocess/README.md`.

use std::io;
use std::process::ExitStatus;

/// What a finished pipeline gave back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PipelineOutput {
    /// Everything the last stage wrote to standard output (lossy UTF-8).
    pub stdout: String,
    /// How each stage ended, in stage order (like bash's `PIPESTATUS`).
    pub statuses: Vec<ExitStatus>,
}

/// Why [`run_pipeline`] returned no [`PipelineOutput`].
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    /// There were no stages at all.
    #[error("a pipeline needs at least one stage")]
    Empty,
    /// Stage `index` (counted from 0) has no program name.
    #[error("stage {index} is empty: it has no program")]
    EmptyStage {
        /// The stage's position, from 0.
        index: usize,
    },
    /// Stage `index` could not be started; the stages before it were killed and reaped.
    #[error("could not start stage {index} ({program:?})")]
    Spawn {
        /// The stage's position, from 0.
        index: usize,
        /// Its program name.
        program: String,
        /// What the operating system said.
        #[source]
        source: io::Error,
    },
    /// Reading the last stage's output or waiting for a stage failed.
    #[error("pipeline i/o failed")]
    Io(#[from] io::Error),
}

/// Runs `stages` as a pipeline, `stages[0] | stages[1] | …`, with no shell.
///
/// Each stage is a program followed by its arguments. All stages run at the same time:
/// each one's stdout is the next one's stdin, the first reads an empty stdin, the last
/// one's stdout is captured, and stderr goes where this process's stderr goes (as in a
/// shell). Every stage is waited for, so none is left a zombie.
///
/// # Errors
/// [`PipelineError::Empty`] / [`PipelineError::EmptyStage`] for a malformed pipeline
/// (checked before anything starts), [`PipelineError::Spawn`] when a stage cannot start
/// (the stages already running are killed and reaped), [`PipelineError::Io`] when reading
/// or waiting fails. A stage that exits non-zero is not an error: see `statuses`.
///
/// ```no_run
/// use ex_subprocess::pipeline::run_pipeline;
///
/// let out = run_pipeline(&[&["echo", "dog is a pet"], &["sed", "s/dog/cat/"]]).unwrap();
/// assert_eq!(out.stdout, "cat is a pet\n");
/// assert!(out.statuses.iter().all(|status| status.success()));
/// ```
pub fn run_pipeline(stages: &[&[&str]]) -> Result<PipelineOutput, PipelineError> {
    todo!(
        "sp-pipeline: start the {} stages {stages:?} at once, each stdout piped into the next stdin, read the last stdout, then wait for every stage",
        stages.len()
    )
}
