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

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::children::ChildGuard;

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
/// ```
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
    let lock_file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(lock_path)?;
    // `File::lock` blocks until this process holds the exclusive lock (flock(2) on
    // Linux). The lock belongs to the open file: it is released when the file is
    // closed, which the system does for a process that dies, so a crashed holder never
    // leaves it taken.
    lock_file.lock()?;
    let mut out = OpenOptions::new()
        .create(true)
        .append(true)
        .open(out_path)?;
    for piece in pieces(i) {
        // One `write` per piece, straight to the file: nothing is held back in a
        // buffer, so without the lock the pieces of different processes would mix.
        out.write_all(piece.as_bytes())?;
        std::thread::sleep(pause);
    }
    lock_file.unlock()
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
    let lock_path = dir.join("hello.lock");
    let out_path = dir.join("hello.txt");
    File::create(&out_path)?;
    let mut workers = Vec::with_capacity(count);
    for i in 0..count {
        let child = Command::new(program)
            .arg("hello")
            .arg(&lock_path)
            .arg(&out_path)
            .arg(i.to_string())
            .arg(pause.as_millis().to_string())
            .stdin(Stdio::null())
            .spawn()?;
        workers.push(ChildGuard::new(child));
    }
    for (i, worker) in workers.iter_mut().enumerate() {
        let status = worker.wait()?;
        if !status.success() {
            return Err(io::Error::other(format!("worker {i} failed: {status}")));
        }
    }
    let text = std::fs::read_to_string(&out_path)?;
    Ok(text.lines().map(str::to_owned).collect())
}
