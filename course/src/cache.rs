//! Results kept by source hash: a crate whose files have not changed since its tests
//! last ran is not built or run again, so a second `cargo course` is instant.

use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::course::Course;
use crate::testrun::TargetOutcome;

/// The results of one crate's test targets, valid while its sources hash to `sources`.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct CrateResults {
    /// The hash of everything the results depend on (see [`sources_hash`]).
    pub sources: String,
    /// Outcomes by test target.
    pub targets: BTreeMap<String, TargetOutcome>,
}

/// The cache file of one crate.
fn cache_file(course: &Course, crate_name: &str) -> PathBuf {
    course
        .state_dir()
        .join("results")
        .join(format!("{crate_name}.json"))
}

/// The results stored for `crate_name` if they were made from the sources that hash to
/// `sources`; empty results for those sources otherwise.
pub fn load(course: &Course, crate_name: &str, sources: &str) -> CrateResults {
    std::fs::read(cache_file(course, crate_name))
        .ok()
        .and_then(|bytes| serde_json::from_slice::<CrateResults>(&bytes).ok())
        .filter(|results| results.sources == sources)
        .unwrap_or_else(|| CrateResults {
            sources: sources.to_string(),
            targets: BTreeMap::new(),
        })
}

/// Stores `results` for `crate_name` (written whole, then renamed into place, so an
/// interrupted write never leaves half a file). A cache that cannot be written only
/// costs a rerun, so failures are ignored.
pub fn store(course: &Course, crate_name: &str, results: &CrateResults) {
    let file = cache_file(course, crate_name);
    let Some(dir) = file.parent() else { return };
    let partial = file.with_extension("json.partial");
    let written = std::fs::create_dir_all(dir).is_ok()
        && serde_json::to_vec(results).is_ok_and(|bytes| std::fs::write(&partial, bytes).is_ok());
    if written {
        let _ = std::fs::rename(&partial, &file);
    }
}

/// A hash of every file a crate's test results depend on: the crate's own files (not
/// `target/`), the test kit, the workspace manifest and lock file.
pub fn sources_hash(course: &Course, crate_name: &str) -> String {
    let mut files = Vec::new();
    let root = course.root();
    collect_files(&course.crate_dir(crate_name), &mut files);
    collect_files(&root.join("testkit"), &mut files);
    files.push(root.join("Cargo.toml"));
    files.push(root.join("Cargo.lock"));
    files.sort();
    let mut hasher = DefaultHasher::new();
    for file in &files {
        file.strip_prefix(root).unwrap_or(file).hash(&mut hasher);
        std::fs::read(file).unwrap_or_default().hash(&mut hasher);
    }
    format!("{:016x}", hasher.finish())
}

/// Every file under `dir`, skipping `target` and hidden folders.
fn collect_files(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            if name != "target" && !name.to_string_lossy().starts_with('.') {
                collect_files(&path, files);
            }
        } else if kind.is_file() {
            files.push(path);
        }
    }
}
