//! # sp-pipeline: Build an echo-to-sed pipeline without a shell
//!
//! Start every stage of a pipeline as its own process, connect each one's standard output
//! to the next one's standard input, read what the last one prints, and wait for all of
//! them. After `002_f1ed66b6bd3778ad.txt`, §7.3 (`echo 'dog is a pet' | sed s/dog/cat/`,
//! run there with `shell=True`). The statement is the `sp-pipeline` section of
//! `ex-subprocess/README.md`.

use std::io::{self, Read};
use std::process::{Child, ChildStdout, Command, ExitStatus, Stdio};

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
/// ```
/// use ex_subprocess::pipeline::run_pipeline;
///
/// let out = run_pipeline(&[&["echo", "dog is a pet"], &["sed", "s/dog/cat/"]]).unwrap();
/// assert_eq!(out.stdout, "cat is a pet\n");
/// assert!(out.statuses.iter().all(|status| status.success()));
/// ```
pub fn run_pipeline(stages: &[&[&str]]) -> Result<PipelineOutput, PipelineError> {
    if stages.is_empty() {
        return Err(PipelineError::Empty);
    }
    if let Some(index) = stages.iter().position(|stage| stage.is_empty()) {
        return Err(PipelineError::EmptyStage { index });
    }

    let mut children: Vec<Child> = Vec::with_capacity(stages.len());
    // The stdout of the stage just started, which the next stage will read.
    let mut previous: Option<ChildStdout> = None;
    for (index, stage) in stages.iter().enumerate() {
        let (program, args) = (stage[0], &stage[1..]);
        let spawned = Command::new(program)
            .args(args)
            // The first stage reads nothing; every other one reads its predecessor.
            .stdin(previous.take().map_or_else(Stdio::null, Stdio::from))
            .stdout(Stdio::piped())
            .spawn();
        let mut child = match spawned {
            Ok(child) => child,
            Err(source) => {
                // Do not leave the earlier stages running (or as zombies) behind us.
                kill_and_reap(&mut children);
                return Err(PipelineError::Spawn {
                    index,
                    program: program.to_owned(),
                    source,
                });
            }
        };
        // Keep this child's stdout for the next child's stdin. Our copy of the pipe moves
        // into the `Stdio` and is closed once the next child has started, so only the
        // children hold the pipe, and EOF travels down the line when a stage ends.
        if index + 1 < stages.len() {
            previous = child.stdout.take();
        }
        children.push(child);
    }

    // Take the last stage's stdout (the loop left it alone) and read it while every
    // stage runs. Waiting for the first stage before starting or reading the others would
    // deadlock as soon as its output fills the 64 KiB pipe.
    let last = children.last_mut().and_then(|child| child.stdout.take());
    let mut bytes = Vec::new();
    let read = match last {
        Some(mut pipe) => pipe.read_to_end(&mut bytes).map(drop),
        None => Ok(()),
    };
    // Wait for every stage, even after an error, so none stays a zombie.
    let statuses: Vec<io::Result<ExitStatus>> =
        children.iter_mut().map(|child| child.wait()).collect();
    read?;
    let statuses = statuses.into_iter().collect::<io::Result<Vec<_>>>()?;
    Ok(PipelineOutput {
        stdout: String::from_utf8_lossy(&bytes).into_owned(),
        statuses,
    })
}

/// Kills and waits for every child (used when a later stage could not start).
fn kill_and_reap(children: &mut [Child]) {
    for child in children.iter_mut() {
        // An error means the child has already exited: the wait below reaps it anyway.
        let _ = child.kill();
        let _ = child.wait();
    }
}
