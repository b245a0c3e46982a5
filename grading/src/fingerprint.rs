//! Fingerprint: what a stored result was graded from, so a resumed batch can tell a
//! student who changed nothing (skip) from one who handed in again (regrade).
//!
//! The fingerprint is a SHA-256 over the kit's manifest and test folders (a changed hidden
//! test regrades everyone) and over every file under each exercise crate's `src/` in the
//! submission, by relative path and content. It hashes a little more than staging takes
//! (any file under `src/`, not only `.rs` ones): a needless regrade is cheap, a missed
//! one is a wrong grade.

use std::path::Path;

use sha2::{Digest, Sha256};

use crate::kit::Kit;

/// The fingerprint of grading the submission at `root` (`None`: a submission that could
/// not be read) with `kit`, as a hex string.
///
/// ```no_run
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let kit = grading::kit::Kit::find_from(std::path::Path::new("."))?;
/// let before = grading::fingerprint::of_submission(&kit, Some("class/alice".as_ref()), &Default::default());
/// std::fs::write("class/alice/ex-threads/src/spawn.rs", "// handed in again")?;
/// let after = grading::fingerprint::of_submission(&kit, Some("class/alice".as_ref()), &Default::default());
/// assert_ne!(before, after);
/// # Ok(())
/// # }
/// ```
pub fn of_submission(kit: &Kit, root: Option<&Path>, conditions: &Conditions) -> String {
    let mut hasher = Sha256::new();
    hash_file(
        &mut hasher,
        "exercises.toml",
        &kit.root().join("exercises.toml"),
    );
    // What else a grade depends on: the dependency versions, the test kit every test
    // uses, the grader itself (its version and sources) and how long tests may run.
    hash_file(&mut hasher, "Cargo.lock", &kit.root().join("Cargo.lock"));
    hash_tree(
        &mut hasher,
        "testkit",
        &kit.root().join("grading/testkit"),
        0,
    );
    hash_tree(&mut hasher, "grader", &kit.root().join("grading/src"), 0);
    hasher.update(
        format!(
            "grader {} limits {:?} x{} >= {:?}, give up after {}\0",
            env!("CARGO_PKG_VERSION"),
            conditions.timeout,
            crate::batch::LIMIT_FACTOR,
            crate::batch::LIMIT_FLOOR,
            crate::batch::TIMEOUTS_BEFORE_GIVING_UP,
        )
        .as_bytes(),
    );
    // What this machine lacks: a result with an exercise not gradable for want of MPICH
    // is regraded once MPICH is installed.
    for exercise in &kit.manifest().exercises {
        let missing = crate::batch::missing_programs(exercise);
        if !missing.is_empty() {
            hasher.update(format!("{} lacks {}\0", exercise.id, missing.join(",")).as_bytes());
        }
    }
    // Whole test folders, not only the listed test files: a test may include a shared
    // support file (`tests/support/...`).
    for crate_name in kit.manifest().crates() {
        let visible = kit.starter_dir(crate_name).join("tests");
        hash_tree(&mut hasher, &format!("{crate_name}/tests"), &visible, 0);
        let hidden = kit.hidden_dir(crate_name);
        hash_tree(&mut hasher, &format!("{crate_name}/hidden"), &hidden, 0);
    }
    match root {
        Some(root) => {
            for crate_name in kit.manifest().crates() {
                hash_tree(
                    &mut hasher,
                    crate_name,
                    &root.join(crate_name).join("src"),
                    0,
                );
            }
        }
        None => hasher.update(b"unreadable submission\0"),
    }
    hasher
        .finalize()
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// What a grade depends on besides the kit's files and the submission: the options of
/// the run that change results.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Conditions {
    /// A per-test limit that replaced the derived ones (`--timeout`).
    pub timeout: Option<std::time::Duration>,
}

/// Hashes the name and content of one file (or that it could not be read).
fn hash_file(hasher: &mut Sha256, name: &str, path: &Path) {
    hasher.update(name.as_bytes());
    hasher.update(b"\0");
    match std::fs::read(path) {
        Ok(content) => {
            hasher.update((content.len() as u64).to_le_bytes());
            hasher.update(&content);
        }
        Err(error) => hasher.update(format!("unreadable: {}\0", error.kind()).as_bytes()),
    }
}

/// Hashes every regular file under `dir`, by path relative to it, in sorted order;
/// symbolic links are hashed by their target's name, never followed. Folders nested
/// deeper than staging would take are not entered.
fn hash_tree(hasher: &mut Sha256, prefix: &str, dir: &Path, depth: usize) {
    if depth > crate::stage::MAX_DEPTH {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        hasher.update(format!("{prefix}: no folder\0").as_bytes());
        return;
    };
    let mut entries: Vec<_> = entries.flatten().collect();
    entries.sort_by_key(|entry| entry.file_name());
    for entry in entries {
        let name = format!("{prefix}/{}", entry.file_name().to_string_lossy());
        let path = entry.path();
        match std::fs::symlink_metadata(&path) {
            Ok(meta) if meta.is_dir() => hash_tree(hasher, &name, &path, depth + 1),
            Ok(meta) if meta.is_file() => hash_file(hasher, &name, &path),
            Ok(_) => {
                let target = std::fs::read_link(&path).unwrap_or_default();
                hasher.update(format!("{name} -> {}\0", target.display()).as_bytes());
            }
            Err(error) => hasher.update(format!("{name}: {}\0", error.kind()).as_bytes()),
        }
    }
}
