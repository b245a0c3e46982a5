//! Visible tests for th-names: `cargo test -p ex-threads --test th_names`.

use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::Duration;

use ex_threads::names::{Ticker, log_line, spawn_tickers, thread_name};
use testkit::finish_within;

const LIMIT: Duration = Duration::from_secs(10);

/// What the test's logger saw: the calling thread's real name and the line it was given.
type Seen = Arc<Mutex<Vec<(Option<String>, String)>>>;

/// A logger that records `thread::current().name()` at every call, with the line.
fn recording_logger() -> (Seen, impl Fn(String) + Send + Clone + 'static) {
    let seen: Seen = Arc::default();
    let log_seen = Arc::clone(&seen);
    let log = move |line: String| {
        let name = thread::current().name().map(String::from);
        log_seen.lock().unwrap().push((name, line));
    };
    (seen, log)
}

fn ticker(name: Option<&str>, delay_ms: u64, ticks: usize) -> Ticker {
    Ticker {
        name: name.map(String::from),
        delay: Duration::from_millis(delay_ms),
        ticks,
    }
}

/// Runs spawn_tickers and joins every handle, all under a time limit.
fn run_and_join(specs: Vec<Ticker>, log: impl Fn(String) + Send + Clone + 'static) -> usize {
    finish_within(LIMIT, "spawn_tickers and joining its threads", move || {
        let handles: Vec<JoinHandle<()>> = spawn_tickers(specs, log);
        let count = handles.len();
        for handle in handles {
            handle.join().expect("a ticker thread panicked");
        }
        count
    })
}

fn lines_of(seen: &Seen, name: &str) -> usize {
    seen.lock()
        .unwrap()
        .iter()
        .filter(|(thread, _)| thread.as_deref() == Some(name))
        .count()
}

#[test]
fn thread_name_uses_the_given_name_or_a_default() {
    assert_eq!(thread_name(&ticker(Some("Thread-1"), 1, 1), 0), "Thread-1");
    assert_eq!(
        thread_name(&ticker(None, 1, 1), 4),
        "ticker-4",
        "an unnamed ticker at index 4 is called ticker-4"
    );
}

#[test]
fn log_line_is_the_name_then_a_timestamp() {
    let line = log_line("Thread-2");
    let rest = line
        .strip_prefix("Thread-2: ")
        .unwrap_or_else(|| panic!("{line:?} should start with \"Thread-2: \""));
    let seconds: f64 = rest.parse().unwrap_or_else(|_| {
        panic!("{rest:?} should be seconds since 1970, like 1700000000.123456")
    });
    assert!(seconds > 1.5e9, "{seconds} should be seconds since 1970");
}

#[test]
fn named_threads_log_under_their_own_names() {
    let (seen, log) = recording_logger();
    let started = run_and_join(
        vec![
            ticker(Some("Thread-1"), 2, 3),
            ticker(Some("Thread-2"), 4, 2),
        ],
        log,
    );
    assert_eq!(started, 2, "one handle per ticker");
    assert_eq!(
        lines_of(&seen, "Thread-1"),
        3,
        "the thread named Thread-1 should log 3 lines"
    );
    assert_eq!(
        lines_of(&seen, "Thread-2"),
        2,
        "the thread named Thread-2 should log 2 lines"
    );
    for (thread, line) in seen.lock().unwrap().iter() {
        let thread = thread
            .as_deref()
            .expect("log was called from a thread without a name: use thread::Builder::name");
        assert!(
            line.starts_with(&format!("{thread}: ")),
            "line {line:?} was logged by thread {thread:?}"
        );
    }
}

#[test]
fn unnamed_tickers_get_default_names() {
    let (seen, log) = recording_logger();
    run_and_join(
        vec![
            ticker(None, 1, 2),
            ticker(Some("main-loop"), 1, 1),
            ticker(None, 1, 1),
        ],
        log,
    );
    assert_eq!(
        lines_of(&seen, "ticker-0"),
        2,
        "the first ticker has no name, so its thread is ticker-0"
    );
    assert_eq!(lines_of(&seen, "main-loop"), 1);
    assert_eq!(
        lines_of(&seen, "ticker-2"),
        1,
        "the third ticker has no name, so its thread is ticker-2"
    );
    assert_eq!(seen.lock().unwrap().len(), 4, "4 lines in all");
}

#[test]
fn spawn_tickers_returns_without_waiting_for_the_ticks() {
    // The logger blocks until the test lets it go, so a spawn_tickers that joins its
    // threads before returning cannot return.
    let (release, released) = crossbeam_channel::bounded::<()>(0);
    let log = move |_line: String| {
        let _ = released.recv_timeout(Duration::from_secs(8));
    };
    let handles = finish_within(
        Duration::from_secs(4),
        "spawn_tickers (it should return at once)",
        move || spawn_tickers(vec![ticker(Some("held"), 1, 1)], log),
    );
    let _ = release.send_timeout((), Duration::from_secs(5));
    // Any further log call (there should be none) returns at once.
    drop(release);
    finish_within(LIMIT, "joining the ticker", move || {
        for handle in handles {
            handle.join().expect("the ticker panicked");
        }
    });
}
