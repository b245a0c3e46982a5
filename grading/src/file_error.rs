//! The error of a file operation that failed, shared by every stage that reads or writes
//! files: it names what was being done and to which path, which `std::io::Error` alone
//! does not.

use std::path::Path;

/// A file or folder operation that failed.
///
/// ```
/// use grading::file_error::io;
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
