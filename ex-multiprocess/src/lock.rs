//! # mp-lock: One line at a time from ten processes
//!
//! Ten worker processes each write `hello world <i>` to one shared file, piece by piece
//! with a pause between the pieces, holding an inter-process lock for the whole line, so
//! that no line is ever interleaved with another. The lock is `std::fs::File::lock` on a
//! lock file, which the system releases when its holder dies.
//!
//! After `003_6d07538b8dc49121.txt`, "Synchronization between processes" (ten processes
//! print `hello world i` under a `multiprocessing.Lock`). The statement is the `mp-lock`
//! section of `ex-multiprocess/README.md`.

use std::io;
use std::path::Path;
use std::time::Duration;

/// The pieces of worker `i`'s line, written one after another.
pub fn pieces(i: usize) -> [String; 3] {
    ["hello".to_owned(), " world".to_owned(), format!(" {i}\n")]
}

/// The worker's side: takes the lock on `lock_path` (waiting for it), appends the
/// [`pieces`] of line `i` to `out_path` one at a time with `pause` after each, and
/// releases the lock.
///
/// # Errors
/// If a file cannot be opened, locked or written.
///
/// ```no_run
/// use std::time::Duration;
/// use ex_multiprocess::lock::write_line;
///
/// let dir = testkit::temp_dir();
/// let out = dir.path().join("out.txt");
/// write_line(&dir.path().join("lock"), &out, 7, Duration::ZERO)?;
/// assert_eq!(std::fs::read_to_string(&out)?, "hello world 7\n");
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn write_line(lock_path: &Path, out_path: &Path, i: usize, pause: Duration) -> io::Result<()> {
    todo!(
        "mp-lock: lock {lock_path:?} (File::lock), append the pieces of line {i} to {out_path:?} with {pause:?} after each, unlock"
    )
}

/// Starts `count` worker processes at once, each running
/// `program hello <lock file> <out file> <i> <pause in ms>` for its own `i`, waits for
/// all, and returns the lines of the shared file in the order they were written. The
/// files are `dir/hello.lock` and `dir/hello.txt` (made anew).
///
/// # Errors
/// If a worker cannot start or fails ([`io::ErrorKind::Other`], naming it), or the file
/// cannot be read. Workers are killed and reaped on every path.
pub fn hello_from_processes(
    program: &Path,
    dir: &Path,
    count: usize,
    pause: Duration,
) -> io::Result<Vec<String>> {
    todo!(
        "mp-lock: start {count} `{program:?} hello ...` workers at once writing into {dir:?} with pauses of {pause:?}, wait for all, return the lines"
    )
}
