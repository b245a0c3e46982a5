//! File operations the stages share: the error of one that failed (naming what was
//! being done and to which path, which `std::io::Error` alone does not), and copying a
//! folder tree.

use std::path::Path;

/// A file or folder operation that failed.
///
/// ```
/// use grading::files::io;
/// let error = std::fs::read("/no/such/file").map_err(io("read", "/no/such/file".as_ref()));
/// assert_eq!(error.unwrap_err().to_string(), "failed to read /no/such/file");
/// ```
#[derive(Debug, thiserror::Error)]
#[error("failed to {action} {path}")]
pub struct FileError {
    /// What was being done ("read", "create", ...).
    pub action: &'static str,
    /// The file or folder.
    pub path: String,
    /// What the operating system said.
    #[source]
    pub source: std::io::Error,
}

/// A `map_err` adapter: `.map_err(io("read", path))` turns an `std::io::Error` into a
/// [`FileError`] naming the action and the path.
pub fn io(action: &'static str, path: &Path) -> impl FnOnce(std::io::Error) -> FileError {
    let path = path.display().to_string();
    move |source| FileError {
        action,
        path,
        source,
    }
}

/// Copies the folder `from` and everything in it to `to` and returns how many files it
/// copied. Folders named in `skip` (e.g. `target`) are left out wherever they are, and
/// symbolic links and other special files are never followed or copied.
///
/// ```
/// let from = tempfile::tempdir()?;
/// std::fs::create_dir_all(from.path().join("src"))?;
/// std::fs::create_dir_all(from.path().join("target/debug"))?;
/// std::fs::write(from.path().join("src/lib.rs"), "//! a crate")?;
/// std::fs::write(from.path().join("target/debug/big"), "build output")?;
/// let to = tempfile::tempdir()?;
///
/// let copied = grading::files::copy_tree(from.path(), &to.path().join("copy"), &["target"])?;
/// assert_eq!(copied, 1);
/// assert!(to.path().join("copy/src/lib.rs").is_file());
/// assert!(!to.path().join("copy/target").exists());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// [`FileError`] when a folder cannot be read or made, or a file cannot be copied.
pub fn copy_tree(from: &Path, to: &Path, skip: &[&str]) -> Result<usize, FileError> {
    std::fs::create_dir_all(to).map_err(io("create", to))?;
    let mut copied = 0;
    for entry in std::fs::read_dir(from).map_err(io("read", from))? {
        let entry = entry.map_err(io("read", from))?;
        let (source, target) = (entry.path(), to.join(entry.file_name()));
        let kind = entry.file_type().map_err(io("inspect", &source))?;
        if kind.is_dir() {
            if !skip.iter().any(|name| entry.file_name() == **name) {
                copied += copy_tree(&source, &target, skip)?;
            }
        } else if kind.is_file() {
            std::fs::copy(&source, &target).map_err(io("copy", &source))?;
            copied += 1;
        }
    }
    Ok(copied)
}
