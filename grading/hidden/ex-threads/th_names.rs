//! Hidden tests for th-names: many tickers, default names, exact tick counts, zero
//! ticks, the delay, and that the tickers really run side by side.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use ex_threads::names::{Ticker, spawn_tickers};
use testkit::{Rendezvous, finish_within, test_seed};

const LIMIT: Duration = Duration::from_secs(10);

/// One logger call: the calling thread's real name, the line, and when it came.
type Seen = Arc<Mutex<Vec<(Option<String>, String, Instant)>>>;

fn recording_logger() -> (Seen, impl Fn(String) + Send + Clone + 'static) {
    let seen: Seen = Arc::default();
    let log_seen = Arc::clone(&seen);
    let log = move |line: String| {
        let name = thread::current().name().map(String::from);
        log_seen.lock().unwrap().push((name, line, Instant::now()));
    };
    (seen, log)
}

fn ticker(name: Option<String>, delay: Duration, ticks: usize) -> Ticker {
    Ticker { name, delay, ticks }
}

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

fn counts_by_thread(seen: &Seen) -> HashMap<Option<String>, usize> {
    let mut counts = HashMap::new();
    for (thread, _, _) in seen.lock().unwrap().iter() {
        *counts.entry(thread.clone()).or_insert(0) += 1;
    }
    counts
}

#[test]
fn forty_tickers_with_seeded_names_and_tick_counts() {
    let seed = test_seed();
    // Every third ticker is unnamed; the rest get names a student cannot guess.
    let specs: Vec<Ticker> = (0..40u64)
        .map(|i| {
            let name = (i % 3 != 0).then(|| format!("w{}-{i}", (seed >> (i % 32)) % 1000));
            ticker(
                name,
                Duration::from_millis(1 + i % 3),
                ((seed >> i) % 5) as usize,
            )
        })
        .collect();
    let expected: HashMap<Option<String>, usize> = specs
        .iter()
        .enumerate()
        .filter(|(_, t)| t.ticks > 0)
        .map(|(i, t)| {
            (
                Some(t.name.clone().unwrap_or(format!("ticker-{i}"))),
                t.ticks,
            )
        })
        .collect();
    let (seen, log) = recording_logger();
    assert_eq!(run_and_join(specs, log), 40, "one handle per ticker");
    assert_eq!(
        counts_by_thread(&seen),
        expected,
        "each thread (by its real name) should log exactly its number of ticks"
    );
}

#[test]
fn every_line_starts_with_the_name_of_the_thread_that_logged_it() {
    let specs = (0..12)
        .map(|i| {
            ticker(
                (i % 2 == 0).then(|| format!("Tråd-{i}")),
                Duration::from_millis(1),
                3,
            )
        })
        .collect();
    let (seen, log) = recording_logger();
    run_and_join(specs, log);
    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), 36);
    for (thread, line, _) in seen.iter() {
        let thread = thread
            .as_deref()
            .expect("log was called from a thread without a name");
        let rest = line
            .strip_prefix(&format!("{thread}: "))
            .unwrap_or_else(|| panic!("line {line:?} was logged by thread {thread:?}"));
        assert!(
            rest.parse::<f64>().is_ok(),
            "after the name comes a timestamp, not {rest:?}"
        );
    }
}

#[test]
fn zero_ticks_log_nothing_but_still_start_a_thread() {
    let (seen, log) = recording_logger();
    let handles = run_and_join(
        vec![
            ticker(None, Duration::from_millis(1), 0),
            ticker(Some("idle".into()), Duration::ZERO, 0),
        ],
        log,
    );
    assert_eq!(handles, 2, "one handle per ticker, even with no ticks");
    assert!(
        seen.lock().unwrap().is_empty(),
        "a ticker with 0 ticks logs nothing"
    );
}

#[test]
fn no_tickers_no_threads() {
    let (seen, log) = recording_logger();
    assert_eq!(run_and_join(Vec::new(), log), 0);
    assert!(seen.lock().unwrap().is_empty());
}

#[test]
fn each_ticker_sleeps_its_own_delay_before_every_tick() {
    let specs = vec![
        ticker(Some("slow".into()), Duration::from_millis(40), 3),
        ticker(Some("fast".into()), Duration::from_millis(10), 4),
    ];
    let (seen, log) = recording_logger();
    let started = Instant::now();
    run_and_join(specs, log);
    let seen = seen.lock().unwrap();
    for (name, delay, ticks) in [("slow", 40, 3), ("fast", 10, 4)] {
        let times: Vec<Instant> = seen
            .iter()
            .filter(|(t, _, _)| t.as_deref() == Some(name))
            .map(|(_, _, at)| *at)
            .collect();
        assert_eq!(times.len(), ticks, "{name} should tick {ticks} times");
        let delay = Duration::from_millis(delay);
        assert!(
            times[0] - started >= delay,
            "{name} should sleep {delay:?} before its first tick"
        );
        for pair in times.windows(2) {
            assert!(
                pair[1] - pair[0] >= delay,
                "{name} should sleep {delay:?} between ticks"
            );
        }
    }
}

#[test]
fn all_tickers_run_at_the_same_time() {
    // Each thread's first log call waits until every ticker has logged once.
    let meeting = Arc::new(Rendezvous::new(8, Duration::from_secs(3)));
    let log_meeting = Arc::clone(&meeting);
    let log = move |_line: String| {
        let _ = log_meeting.arrive();
    };
    let specs = (0..8)
        .map(|_| ticker(None, Duration::from_millis(1), 1))
        .collect();
    run_and_join(specs, log);
    assert!(
        meeting.is_complete(),
        "the tickers should run side by side: only {} of 8 were ticking together",
        meeting.arrived()
    );
}

#[test]
fn spawn_tickers_returns_before_a_long_ticker_finishes() {
    let (release, released) = crossbeam_channel::bounded::<()>(0);
    let log = move |_line: String| {
        let _ = released.recv_timeout(Duration::from_secs(8));
    };
    let specs = vec![
        ticker(Some("a".into()), Duration::ZERO, 1),
        ticker(None, Duration::ZERO, 1),
    ];
    let handles = finish_within(
        Duration::from_secs(4),
        "spawn_tickers (it should return at once)",
        move || spawn_tickers(specs, log),
    );
    assert_eq!(handles.len(), 2);
    for _ in 0..2 {
        let _ = release.send_timeout((), Duration::from_secs(5));
    }
    drop(release);
    finish_within(LIMIT, "joining the tickers", move || {
        for handle in handles {
            handle.join().expect("a ticker panicked");
        }
    });
}
