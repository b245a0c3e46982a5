//! # mp-timing: Measure before you parallelise
//!
//! Time writing and reading a small file with a monotonic clock in nanoseconds; a
//! `timeit`-like helper that runs a closure `number` times per round for `repeat`
//! rounds and reports the best and the mean round; and the lab sheet's `is_name_index`.
//!
//! After `001_65a139599805f2de.txt`, "Pomiary czasu w pythonie" (the tasks on
//! `time.perf_counter` and `timeit`, and `is_name_index`). The statement is the
//! `mp-timing` section of `ex-multiprocess/README.md`.

use std::io;
use std::path::Path;
use std::time::Duration;

/// How long [`time_write_read`] took for each half, in nanoseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WriteReadTimes {
    /// Nanoseconds to create the file and write the text.
    pub write_ns: u128,
    /// Nanoseconds to read the whole file back.
    pub read_ns: u128,
}

/// Writes `text` to a new file at `path` (replacing one that is there), reads it back,
/// and returns how long each half took, measured with [`Instant`] (a monotonic clock,
/// like Python's `time.perf_counter_ns`, which never jumps when the wall clock is set).
///
/// # Errors
/// If the file cannot be written or read, or reads back different from `text` (an
/// [`io::ErrorKind::InvalidData`] error).
///
/// ```no_run
/// use ex_multiprocess::timing::time_write_read;
///
/// let dir = testkit::temp_dir();
/// let times = time_write_read(&dir.path().join("test.txt"), "Tymoteusz 144298")?;
/// assert!(times.write_ns > 0 && times.read_ns > 0);
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn time_write_read(path: &Path, text: &str) -> io::Result<WriteReadTimes> {
    todo!(
        "mp-timing: write {text:?} to {path:?}, read it back, and time each half with Instant in nanoseconds"
    )
}

/// What [`timeit`] measured: one figure per round of `number` calls.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timing {
    /// How many calls each round made.
    pub number: usize,
    /// The time of each round, in the order they ran (`repeat` of them).
    pub rounds: Vec<Duration>,
}

impl Timing {
    /// The fastest round: the figure least disturbed by the rest of the machine, the one
    /// Python's documentation advises to read from `timeit.repeat`.
    pub fn best(&self) -> Duration {
        todo!("mp-timing: the fastest of the rounds in {self:?}")
    }

    /// The mean of the rounds.
    pub fn mean(&self) -> Duration {
        todo!("mp-timing: the mean of the rounds in {self:?}")
    }

    /// The best round divided by the number of calls in it: the time of one call.
    pub fn best_per_call(&self) -> Duration {
        todo!("mp-timing: the best round of {self:?} divided by its number of calls")
    }
}

/// Calls `job` `number` times in each of `repeat` rounds and times every round, like
/// Python's `timeit.repeat(stmt, number=number, repeat=repeat)`. `job` is called
/// exactly `number * repeat` times.
///
/// Its result is passed through [`std::hint::black_box`], so the compiler cannot
/// remove a call whose value nobody uses.
///
/// ```no_run
/// use ex_multiprocess::timing::timeit;
///
/// let mut calls = 0;
/// let timing = timeit(100, 5, || calls += 1);
/// assert_eq!(calls, 500);
/// assert_eq!(timing.rounds.len(), 5);
/// assert!(timing.best() <= timing.mean());
/// ```
pub fn timeit<T>(number: usize, repeat: usize, mut job: impl FnMut() -> T) -> Timing {
    let _ = &mut job;
    todo!("mp-timing: call the job {number} times in each of {repeat} rounds, timing each round")
}

/// Whether the digit `(letters in name) % 10` appears in the decimal digits of `index`.
///
/// Letters are counted as characters that are alphabetic in Unicode (`char::is_alphabetic`),
/// so "Łukasz" has 6 letters (though 7 bytes in UTF-8) and spaces, hyphens and
/// apostrophes are not letters.
///
/// ```no_run
/// use ex_multiprocess::timing::is_name_index;
///
/// assert!(is_name_index("Tymoteusz", 144298), "9 letters, and 144298 has a 9");
/// assert!(!is_name_index("Anna", 1235), "4 letters, no 4");
/// assert!(is_name_index("Łukasz", 60), "6 letters, not 7 bytes");
/// ```
pub fn is_name_index(name: &str, index: u64) -> bool {
    todo!("mp-timing: is (letters in {name:?}) % 10 a digit of {index}?")
}
