//! Temporary folders for tests that write files.

/// A temporary folder that is removed with everything in it when dropped; a re-export
/// of [`tempfile::TempDir`].
pub use tempfile::TempDir;

/// A fresh temporary folder under the system's temp dir (`$TMPDIR`), removed when the
/// returned [`TempDir`] is dropped.
///
/// ```
/// let dir = testkit::temp_dir();
/// std::fs::write(dir.path().join("page.html"), "<title>hi</title>").unwrap();
/// assert!(dir.path().join("page.html").is_file());
/// ```
///
/// # Panics
/// If the folder cannot be created (a full disk or a read-only temp dir).
pub fn temp_dir() -> TempDir {
    tempfile::tempdir().expect("the test could not create a temporary folder")
}
