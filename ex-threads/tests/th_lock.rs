//! Visible tests for th-lock: `cargo test -p ex-threads --test th_lock`.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::thread::{self, ThreadId};
use std::time::Duration;

use ex_threads::lock::{SharedCounter, collect_holding_lock, collect_short_critical_section};
use testkit::{InFlightGauge, Rendezvous, finish_within, test_seed};

const LIMIT: Duration = Duration::from_secs(10);

#[test]
fn a_new_counter_is_zero() {
    assert_eq!(SharedCounter::new().get(), 0);
    assert_eq!(
        SharedCounter::default().get(),
        0,
        "Default should also start at 0"
    );
}

#[test]
fn counter_loses_no_updates_under_many_threads() {
    let per_thread = 5_000 + test_seed() % 5_000;
    let counter = Arc::new(SharedCounter::new());
    let shared = Arc::clone(&counter);
    finish_within(LIMIT, "8 threads incrementing the counter", move || {
        thread::scope(|s| {
            for _ in 0..8 {
                s.spawn(|| {
                    for _ in 0..per_thread {
                        shared.increment();
                    }
                });
            }
        });
    });
    assert_eq!(
        counter.get(),
        8 * per_thread,
        "8 threads each incremented {per_thread} times; a smaller count means updates were lost"
    );
}

#[test]
fn holding_the_lock_across_the_work_serializes_the_threads() {
    let gauge = Arc::new(InFlightGauge::new());
    let seen: Arc<Mutex<HashSet<ThreadId>>> = Arc::default();
    let (work_gauge, work_seen) = (Arc::clone(&gauge), Arc::clone(&seen));
    let mut results = finish_within(LIMIT, "collect_holding_lock", move || {
        collect_holding_lock(10, |i| {
            let _inside = work_gauge.enter();
            work_seen.lock().unwrap().insert(thread::current().id());
            thread::sleep(Duration::from_millis(3));
            i * 10
        })
    });
    results.sort_unstable();
    assert_eq!(
        results,
        (0..10).map(|i| i * 10).collect::<Vec<_>>(),
        "one result per thread"
    );
    assert_eq!(
        seen.lock().unwrap().len(),
        10,
        "collect_holding_lock should still start 10 threads, one per call of work"
    );
    assert_eq!(
        gauge.max(),
        1,
        "with the lock held across the work, only one call of work can run at a time"
    );
}

#[test]
fn a_short_critical_section_lets_the_work_overlap() {
    let meeting = Arc::new(Rendezvous::new(10, Duration::from_secs(3)));
    let work_meeting = Arc::clone(&meeting);
    let mut results = finish_within(LIMIT, "collect_short_critical_section", move || {
        collect_short_critical_section(10, |i| {
            // All ten calls must be running at once to get past this point.
            let _ = work_meeting.arrive();
            i + 100
        })
    });
    assert!(
        meeting.is_complete(),
        "only {} of 10 calls of work were running at the same time: is the lock held during work?",
        meeting.arrived()
    );
    results.sort_unstable();
    assert_eq!(
        results,
        (100..110).collect::<Vec<_>>(),
        "one result per thread"
    );
}

#[test]
fn no_threads_no_results() {
    let (held, short) = finish_within(LIMIT, "collecting with n = 0", || {
        (
            collect_holding_lock(0, |i| i),
            collect_short_critical_section(0, |i| i),
        )
    });
    assert!(held.is_empty() && short.is_empty());
}
