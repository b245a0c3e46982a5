//! # th-names: Named threads that tick and log
//!
//! Start one thread per [`Ticker`]; each thread carries a real name, sleeps its own delay
//! before every tick, and logs a line that starts with its name. After
//! `000_423ad200312eb3ed.txt`, E3.3 (`print_time` with "Thread-1" and "Thread-2"), and
//! `004_1ba7af3fe02a6a86.txt`, the `logging` example with `threadName`. The statement is
//! the `th-names` section of `ex-threads/README.md`.

use std::thread::JoinHandle;
use std::time::Duration;

/// What one ticking thread does: its name, the pause before each tick, how many ticks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ticker {
    /// The thread's name; `None` means the default name `ticker-{index}`, where `index`
    /// is the ticker's position in the list given to [`spawn_tickers`] (from 0).
    pub name: Option<String>,
    /// How long the thread sleeps before each tick.
    pub delay: Duration,
    /// How many lines the thread logs.
    pub ticks: usize,
}

/// The name a ticker's thread gets: its own name, or `ticker-{index}` when it has none.
///
/// ```no_run
/// use std::time::Duration;
/// use ex_threads::names::{Ticker, thread_name};
///
/// let unnamed = Ticker { name: None, delay: Duration::ZERO, ticks: 1 };
/// assert_eq!(thread_name(&unnamed, 3), "ticker-3");
/// let named = Ticker { name: Some("Thread-1".into()), ..unnamed };
/// assert_eq!(thread_name(&named, 3), "Thread-1");
/// ```
pub fn thread_name(ticker: &Ticker, index: usize) -> String {
    todo!(
        "th-names: return the name of {ticker:?} (at position {index}), or ticker-{index} if it has none"
    )
}

/// A log line: the thread's name, a colon, and the seconds since the Unix epoch with six
/// decimals, like Python's `f"{threadName}: {time.time()}"`.
///
/// ```no_run
/// use ex_threads::names::log_line;
///
/// let line = log_line("Thread-1");
/// let seconds: f64 = line.strip_prefix("Thread-1: ").unwrap().parse().unwrap();
/// assert!(seconds > 1.5e9);
/// ```
pub fn log_line(name: &str) -> String {
    todo!(
        "th-names: format {name:?}, a colon, a space and the seconds since the Unix epoch with six decimals"
    )
}

/// Starts one named thread per ticker and returns their handles at once, without waiting.
///
/// Thread `index` is named [`thread_name`]`(&specs[index], index)` through
/// [`std::thread::Builder::name`], so `thread::current().name()` inside it returns that
/// name. It then repeats `ticks` times: sleep `delay`, then call `log` with
/// [`log_line`] of its name. `log` is called from the ticking thread itself.
///
/// Bounds: `L: Clone` gives each thread its own copy of `log`, `Send` lets each copy move
/// to its thread, and `'static` is needed because the threads outlive this call (their
/// handles are returned), so `log` may not borrow from the caller.
///
/// # Panics
/// If the operating system cannot start a thread, or a name contains a NUL byte.
///
/// ```no_run
/// use std::sync::mpsc;
/// use std::time::Duration;
/// use ex_threads::names::{Ticker, spawn_tickers};
///
/// let (lines, received) = mpsc::channel();
/// let specs = vec![
///     Ticker { name: Some("Thread-1".into()), delay: Duration::from_millis(2), ticks: 2 },
///     Ticker { name: None, delay: Duration::from_millis(4), ticks: 1 },
/// ];
/// let handles = spawn_tickers(specs, move |line| lines.send(line).unwrap());
/// for handle in handles {
///     handle.join().unwrap();
/// }
/// let mut lines: Vec<String> = received.iter().collect();
/// lines.sort();
/// assert_eq!(lines.len(), 3);
/// assert!(lines[0].starts_with("Thread-1: ") && lines[2].starts_with("ticker-1: "));
/// ```
pub fn spawn_tickers<L>(specs: Vec<Ticker>, log: L) -> Vec<JoinHandle<()>>
where
    L: Fn(String) + Send + Clone + 'static,
{
    let _ = &log; // delete this line when you write the body
    todo!(
        "th-names: start one named thread per ticker in {specs:?}; each sleeps its delay and calls log(log_line(name)) once per tick"
    )
}
