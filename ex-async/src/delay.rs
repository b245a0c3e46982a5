//! # as-delay: Two tasks that wait at the same time
//!
//! Spawn one tokio task per message; each logs that it received its message, waits its
//! delay without blocking the thread, and logs that it prints it. The whole run takes as
//! long as the longest delay, not the sum, and the log shows how many tasks were alive
//! before and after they were created.
//!
//! After `001_65a139599805f2de.txt`, "Programowanie Asynchroniczne (Coroutines and
//! Tasks)" (`delay_message(2, 'TWO')`, `delay_message(3, 'THREE')`). The statement is
//! the `as-delay` section of `ex-async/README.md`.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::time::Instant;

/// One line of a [`TaskLog`]: when it was written and what it says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogLine {
    /// Time since the log was made, on tokio's clock (so on the paused clock of a test it
    /// is exact: a line written after a 2 s sleep says 2 s).
    pub at: Duration,
    /// The text, e.g. `"TWO received"`.
    pub text: String,
}

/// A log that many tasks write to, like the lab sheet's `logging.info`: each line gets the
/// time since the log was made and is also printed.
///
/// Cloning a `TaskLog` gives another handle to the same lines (it is an `Arc` inside),
/// which is how each spawned task gets its own handle: `tokio::spawn` needs a future
/// that owns what it uses (`'static`).
///
/// ```
/// use ex_async::delay::TaskLog;
///
/// # tokio::runtime::Builder::new_current_thread().enable_time().build().unwrap().block_on(async {
/// let log = TaskLog::new();
/// let handle = log.clone();
/// handle.write("Main started");
/// assert_eq!(log.texts(), ["Main started"]);
/// # });
/// ```
#[derive(Clone)]
pub struct TaskLog {
    start: Instant,
    // A `std::sync::Mutex`: it is held only to push or copy the lines, never across an
    // `.await`, so the blocking lock of std is the right (and faster) choice.
    lines: Arc<Mutex<Vec<LogLine>>>,
}

impl TaskLog {
    /// A log whose clock starts now (tokio's clock: call it inside a runtime).
    pub fn new() -> TaskLog {
        TaskLog {
            start: Instant::now(),
            lines: Arc::new(Mutex::new(Vec::new())),
        }
    }

    /// Adds a line stamped with the time since the log was made, and prints it as
    /// `   2.000 s  Printing TWO`.
    pub fn write(&self, text: impl Into<String>) {
        let line = LogLine {
            at: self.start.elapsed(),
            text: text.into(),
        };
        println!("{:8.3} s  {}", line.at.as_secs_f64(), line.text);
        self.lines
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push(line);
    }

    /// Every line so far, in the order written.
    pub fn lines(&self) -> Vec<LogLine> {
        self.lines
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    /// The text of every line so far, in the order written.
    pub fn texts(&self) -> Vec<String> {
        self.lines().into_iter().map(|line| line.text).collect()
    }
}

impl std::fmt::Debug for TaskLog {
    /// `TaskLog(3 lines)`: short, since its lines are printed as they are written.
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(formatter, "TaskLog({} lines)", self.lines().len())
    }
}

impl Default for TaskLog {
    fn default() -> Self {
        TaskLog::new()
    }
}

/// The lab sheet's `num_word_mapping`: 1 is `"ONE"` … 10 is `"TEN"`; any other number has no
/// word.
///
/// ```no_run
/// use ex_async::delay::number_word;
///
/// assert_eq!(number_word(2), Some("TWO"));
/// assert_eq!(number_word(10), Some("TEN"));
/// assert_eq!(number_word(0), None);
/// ```
pub fn number_word(number: u64) -> Option<&'static str> {
    todo!("as-delay: the word for {number} (1 is ONE ... 10 is TEN, anything else None)")
}

/// Writes `"{message} received"`, waits `delay` without blocking the thread, then writes
/// `"Printing {message}"`.
///
/// It owns its arguments, so `tokio::spawn(delay_message(...))` can run it as a task.
///
/// ```no_run
/// use std::time::Duration;
/// use ex_async::delay::{TaskLog, delay_message};
///
/// # tokio::runtime::Builder::new_current_thread().enable_time().start_paused(true).build().unwrap().block_on(async {
/// let log = TaskLog::new();
/// delay_message(Duration::from_secs(2), "TWO".to_owned(), log.clone()).await;
/// let lines = log.lines();
/// assert_eq!(lines[0].text, "TWO received");
/// assert_eq!(lines[1].text, "Printing TWO");
/// assert_eq!(lines[1].at, Duration::from_secs(2));
/// # });
/// ```
pub async fn delay_message(delay: Duration, message: String, log: TaskLog) {
    todo!(
        "as-delay: write \"{message} received\" to {log:?}, wait {delay:?} with tokio::time::sleep, then write \"Printing {message}\""
    )
}

/// How many tokio tasks are alive on the current runtime.
///
/// This counts spawned tasks only: the future a runtime runs with `block_on` (the body
/// of `#[tokio::main]` or of a test) is not a task, so a program that has spawned
/// nothing sees 0, where asyncio's `len(asyncio.all_tasks())` counts its main coroutine
/// and says 1.
///
/// # Panics
/// Outside a tokio runtime.
///
/// ```no_run
/// use std::time::Duration;
/// use ex_async::delay::live_tasks;
///
/// # tokio::runtime::Builder::new_current_thread().enable_time().start_paused(true).build().unwrap().block_on(async {
/// assert_eq!(live_tasks(), 0, "the main future is not a task");
/// let task = tokio::spawn(tokio::time::sleep(Duration::from_secs(1)));
/// assert_eq!(live_tasks(), 1);
/// task.await.unwrap();
/// assert_eq!(live_tasks(), 0);
/// # });
/// ```
pub fn live_tasks() -> usize {
    todo!("as-delay: ask the current tokio runtime how many tasks are alive (its metrics)")
}

/// What [`run_messages`] counted with [`live_tasks`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TaskCounts {
    /// Alive tasks before any message task was created.
    pub before: usize,
    /// Alive tasks right after every message task was created (before any was awaited).
    pub after_spawning: usize,
    /// Alive tasks after every message task was awaited.
    pub at_end: usize,
}

/// The lab sheet's `main`, for any list of `(delay, message)`: writes `"Main started"`,
/// `"Current registered tasks: {n}"`, `"Creating tasks"`, spawns one task running
/// [`delay_message`] per message, writes `"Current registered tasks: {n}"` again, awaits
/// every task, and writes `"Main Ended"`. Every message waits at the same time, so the
/// run takes as long as the longest delay.
///
/// # Panics
/// Outside a tokio runtime, or if a message task panicked (its panic is passed on).
///
/// ```no_run
/// use std::time::Duration;
/// use ex_async::delay::{TaskLog, run_messages};
///
/// # tokio::runtime::Builder::new_current_thread().enable_time().start_paused(true).build().unwrap().block_on(async {
/// let log = TaskLog::new();
/// let messages = vec![(Duration::from_secs(2), "TWO".to_owned()), (Duration::from_secs(3), "THREE".to_owned())];
/// let counts = run_messages(messages, log.clone()).await;
/// assert_eq!((counts.before, counts.after_spawning, counts.at_end), (0, 2, 0));
/// let last = log.lines().pop().unwrap();
/// assert_eq!((last.text.as_str(), last.at), ("Main Ended", Duration::from_secs(3)));
/// # });
/// ```
pub async fn run_messages(messages: Vec<(Duration, String)>, log: TaskLog) -> TaskCounts {
    todo!(
        "as-delay: spawn one delay_message task for each of {messages:?}, logging to {log:?} and counting live tasks before, after spawning and at the end"
    )
}

/// The lab sheet's program itself: `"TWO"` after 2 s and `"THREE"` after 3 s.
///
/// # Panics
/// As [`run_messages`].
pub async fn two_messages(log: TaskLog) -> TaskCounts {
    let messages = [2, 3]
        .into_iter()
        .map(|seconds| {
            let word = number_word(seconds).unwrap_or("?");
            (Duration::from_secs(seconds), word.to_owned())
        })
        .collect();
    run_messages(messages, log).await
}
