//! Layout: where a submission's `ex-*` folders are (in place, or under one wrapping
//! folder), never following a link.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::files::io as io_err;

use super::CollectError;

pub(super) fn is_exercise_name(name: &str) -> bool {
    name.len() > 3 && name.starts_with("ex-")
}

/// Names that never count as a wrapping folder: hidden ones and macOS's zip resource
/// forks.
pub(super) fn is_noise(name: &str) -> bool {
    name.starts_with('.') || name == "__MACOSX"
}

/// What a folder holds in the way of `ex-*` folders.
pub(super) enum Exercises {
    /// At least one real (not linked) `ex-*` folder.
    Real,
    /// No real one, but this `ex-*` entry is a symbolic link (never followed).
    Linked(String),
    /// No `ex-*` entry at all.
    Nothing,
}

/// Looks for `ex-*` folders in `dir`, never following a symbolic link.
pub(super) fn exercise_dirs(dir: &Path) -> io::Result<Exercises> {
    let mut linked = None;
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if !is_exercise_name(&name) {
            continue;
        }
        // DirEntry::file_type does not follow symbolic links.
        let kind = entry.file_type()?;
        if kind.is_dir() {
            return Ok(Exercises::Real);
        }
        if kind.is_symlink() && linked.as_ref().is_none_or(|first: &String| name < *first) {
            linked = Some(name);
        }
    }
    Ok(linked.map_or(Exercises::Nothing, Exercises::Linked))
}

/// Where the `ex-*` folders of a submission folder are.
pub(super) enum Root {
    /// This folder holds them.
    Found(PathBuf),
    /// The way to them goes through this symbolic link (relative to the submission),
    /// which is never followed.
    Linked(PathBuf),
    /// Nowhere.
    Missing,
}

/// `dir` when it holds a real `ex-*` folder, else its only entry (hidden ones aside)
/// when that is a real folder holding a real `ex-*` folder. Every component is looked at
/// without following links: a linked wrapper or `ex-*` folder is [`Root::Linked`].
pub(super) fn find_root(dir: &Path) -> io::Result<Root> {
    let linked_here = match exercise_dirs(dir)? {
        Exercises::Real => return Ok(Root::Found(dir.to_path_buf())),
        Exercises::Linked(name) => Some(PathBuf::from(name)),
        Exercises::Nothing => None,
    };
    let mut visible = Vec::new();
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        if !is_noise(&entry.file_name().to_string_lossy()) {
            visible.push(entry);
        }
    }
    if let [only] = visible.as_slice() {
        let kind = only.file_type()?;
        if kind.is_symlink() {
            return Ok(Root::Linked(PathBuf::from(only.file_name())));
        }
        if kind.is_dir() {
            match exercise_dirs(&only.path())? {
                Exercises::Real => return Ok(Root::Found(only.path())),
                Exercises::Linked(name) => {
                    return Ok(Root::Linked(Path::new(&only.file_name()).join(name)));
                }
                Exercises::Nothing => {}
            }
        }
    }
    Ok(linked_here.map_or(Root::Missing, Root::Linked))
}

/// The root of the unpacked or in-place submission `source`, found in `dir`.
pub(super) fn root_of(dir: &Path, source: &Path) -> Result<PathBuf, CollectError> {
    match find_root(dir).map_err(io_err("read", dir))? {
        Root::Found(root) => Ok(root),
        Root::Linked(link) => Err(CollectError::Linked {
            submission: source.to_path_buf(),
            link,
        }),
        Root::Missing => Err(CollectError::NoExercises {
            path: source.to_path_buf(),
        }),
    }
}
