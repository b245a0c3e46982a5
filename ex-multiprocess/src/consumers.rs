//! # mp-consumers: Worker processes, a joinable queue and poison pills
//!
//! The lab sheet's producer and consumers with worker *processes*: the parent keeps a
//! joinable queue of `Task(a, b)` and one poison pill per worker; each worker process
//! takes messages from it one at a time, answers each task with `"a * b = p"`, and exits
//! at its pill; every task *and every pill* is marked done, and the producer's `join`
//! returns only when all of them are. Then the answers are collected.
//!
//! Processes share no memory, so the queue lives in the parent, and one thread per
//! worker hands the worker its next message over the worker's stdin and reads its
//! replies from its stdout: `task <a> <b>` or `stop` down, `answer <text>` and `done` up.
//!
//! After `003_6d07538b8dc49121.txt`, "Consumers-Producer Example" (`Consumer`, `Task`,
//! `JoinableQueue`, one `None` per consumer, `tasks.join()`). The statement is the
//! `mp-consumers` section of `ex-multiprocess/README.md`.

use std::io::{self, BufRead, Write};
use std::path::Path;
use std::process::ExitStatus;
use std::time::Duration;

/// One task: multiply two numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Task {
    /// The first factor.
    pub a: i64,
    /// The second factor.
    pub b: i64,
}

impl Task {
    /// The lab sheet's answer text: `"a * b = product"`.
    ///
    /// ```no_run
    /// use ex_multiprocess::consumers::Task;
    ///
    /// assert_eq!(Task { a: 6, b: 7 }.answer(), "6 * 7 = 42");
    /// ```
    pub fn answer(&self) -> String {
        todo!(
            "mp-consumers: the lab sheet's answer text for {} * {}",
            self.a,
            self.b
        )
    }
}

/// What travels down the queue: a task, or the poison pill that stops one worker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Message {
    /// Work to do.
    Task(Task),
    /// The pill: the worker that takes it marks it done and exits.
    Stop,
}

/// What [`run_consumers`] found.
#[derive(Debug)]
pub struct ConsumersReport {
    /// Every answer, in the order they arrived.
    pub answers: Vec<String>,
    /// How many tasks each worker answered, by worker number.
    pub answered_by: Vec<usize>,
    /// Each worker's process id, by worker number.
    pub pids: Vec<u32>,
    /// Each worker's exit status, by worker number.
    pub statuses: Vec<ExitStatus>,
}

/// The worker's side: reads messages from `input`, one per line (`task <a> <b>` or
/// `stop`); for a task waits `work` (the lab sheet's `time.sleep(0.1)`), then writes
/// `answer <text>` and `done`; for the pill writes `done` and returns. Returns how many
/// tasks it answered.
///
/// # Errors
/// If reading or writing fails, the input ends before a pill, or a line is not a
/// message ([`io::ErrorKind::InvalidData`]).
///
/// ```no_run
/// use std::time::Duration;
/// use ex_multiprocess::consumers::consumer_worker;
///
/// let mut output = Vec::new();
/// let answered = consumer_worker("task 6 7\nstop\n".as_bytes(), &mut output, Duration::ZERO)?;
/// assert_eq!(answered, 1);
/// assert_eq!(String::from_utf8(output).unwrap(), "answer 6 * 7 = 42\ndone\ndone\n");
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn consumer_worker(
    input: impl BufRead,
    mut output: impl Write,
    work: Duration,
) -> io::Result<usize> {
    let _ = (input, &mut output);
    todo!(
        "mp-consumers: read task and stop lines; answer each task after {work:?} with `answer ...` and `done`; the pill gets `done` too"
    )
}

/// The lab sheet's producer and consumers: starts `workers` worker processes
/// (`program consumer <work ms>`), puts every task and then one pill per worker on a
/// joinable queue, waits until every task and every pill is done, then waits for every
/// worker to exit and returns what they did.
///
/// # Errors
/// If a worker cannot start or fails. Every worker is killed and reaped on every path.
///
/// # Panics
/// If `workers` is 0.
pub fn run_consumers(
    program: &Path,
    tasks: &[Task],
    workers: usize,
    work: Duration,
) -> io::Result<ConsumersReport> {
    todo!(
        "mp-consumers: start {workers} `{program:?} consumer <ms>` workers (work {work:?}), queue the {} tasks and a pill per worker, join the queue, collect",
        tasks.len()
    )
}
