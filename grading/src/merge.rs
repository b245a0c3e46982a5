//! Merge: the results of several shard runs (`--shard k/n`) joined into one output
//! folder, through the same atomic store as grading, fingerprints kept, so a merged
//! folder resumes like one graded in a single run.

use std::path::{Path, PathBuf};

use crate::batch::{self, BatchError};

/// Why shards could not be merged. Nothing is written unless every shard was read.
#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    /// A shard folder does not exist (a typo, a shard that never ran).
    #[error("nothing to merge: the shard folder {0} does not exist")]
    NoShard(PathBuf),
    /// A shard folder holds no result.
    #[error("nothing to merge: {0} holds no results (no results/*.json)")]
    EmptyShard(PathBuf),
    /// The same student was graded in two shards.
    #[error("{0} is in more than one shard")]
    Twice(String),
    /// A result could not be read or written.
    #[error(transparent)]
    Store(#[from] BatchError),
}

/// Reads every shard's results, then stores them all in `out`; returns how many
/// students were merged.
///
/// # Errors
/// [`MergeError`] for a missing or empty shard, a student in two shards, or a result that
/// cannot be read or stored.
pub fn merge_shards(shards: &[PathBuf], out: &Path) -> Result<usize, MergeError> {
    let mut loaded = Vec::new();
    for shard in shards {
        if !shard.is_dir() {
            return Err(MergeError::NoShard(shard.clone()));
        }
        let stored = batch::load_stored(shard)?;
        if stored.is_empty() {
            return Err(MergeError::EmptyShard(shard.clone()));
        }
        loaded.extend(stored);
    }
    let mut students: Vec<&str> = loaded.iter().map(|s| s.grade.student.as_str()).collect();
    students.sort_unstable();
    if let Some(twice) = students.windows(2).find(|pair| pair[0] == pair[1]) {
        return Err(MergeError::Twice(twice[0].to_string()));
    }
    if let Some(there) = loaded
        .iter()
        .find(|stored| batch::has_result(out, &stored.grade.student))
    {
        return Err(MergeError::Twice(there.grade.student.clone()));
    }
    for stored in &loaded {
        batch::store_result(out, &stored.grade, &stored.fingerprint)?;
    }
    Ok(loaded.len())
}
