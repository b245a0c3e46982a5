//! Hidden tests for th-lock: counter stress (lost updates), many threads, seeded work,
//! and the "fixed" version that still holds the lock across the work.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::thread::{self, ThreadId};
use std::time::Duration;

use ex_threads::lock::{SharedCounter, collect_holding_lock, collect_short_critical_section};
use testkit::{InFlightGauge, Rendezvous, finish_within, test_seed};

const LIMIT: Duration = Duration::from_secs(10);

fn assert_send_sync<T: Send + Sync>() {}

#[test]
fn the_counter_can_be_shared_between_threads_through_an_arc() {
    assert_send_sync::<SharedCounter>();
    let counter = Arc::new(SharedCounter::new());
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let counter = Arc::clone(&counter);
            thread::spawn(move || (0..100).for_each(|_| counter.increment()))
        })
        .collect();
    finish_within(LIMIT, "joining 4 threads", move || {
        for handle in handles {
            handle.join().expect("an incrementing thread panicked");
        }
    });
    assert_eq!(counter.get(), 400);
}

#[test]
fn counter_stress_sixteen_threads_three_rounds() {
    let per_thread = 20_000 + test_seed() % 1_000;
    for round in 0..3 {
        let counter = Arc::new(SharedCounter::new());
        let shared = Arc::clone(&counter);
        finish_within(LIMIT, "16 threads incrementing the counter", move || {
            thread::scope(|s| {
                for _ in 0..16 {
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
            16 * per_thread,
            "round {round}: 16 threads each incremented {per_thread} times; updates were lost"
        );
    }
}

#[test]
fn readers_see_a_count_that_only_grows() {
    let counter = Arc::new(SharedCounter::new());
    let shared = Arc::clone(&counter);
    finish_within(LIMIT, "incrementing while reading", move || {
        thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| {
                    for _ in 0..10_000 {
                        shared.increment();
                    }
                });
            }
            s.spawn(|| {
                let mut last = 0;
                for _ in 0..10_000 {
                    let now = shared.get();
                    assert!(now >= last, "get() went back from {last} to {now}");
                    assert!(now <= 40_000, "get() = {now}, more than was ever added");
                    last = now;
                }
            });
        });
    });
    assert_eq!(counter.get(), 40_000);
}

#[test]
fn forty_calls_overlap_in_the_short_critical_section_every_time() {
    for round in 0..3 {
        let meeting = Arc::new(Rendezvous::new(40, Duration::from_secs(3)));
        let work_meeting = Arc::clone(&meeting);
        let results = finish_within(LIMIT, "collect_short_critical_section", move || {
            collect_short_critical_section(40, |i| {
                let _ = work_meeting.arrive();
                i
            })
        });
        assert!(
            meeting.is_complete(),
            "round {round}: only {} of 40 calls of work ran at the same time; the lock must not be held during work",
            meeting.arrived()
        );
        assert_eq!(results.len(), 40);
    }
}

#[test]
fn seeded_results_all_arrive_in_both_versions() {
    let seed = test_seed();
    let value = move |i: usize| format!("{:x}", seed.rotate_left(i as u32) ^ i as u64);
    let mut expected: Vec<String> = (0..25).map(value).collect();
    expected.sort();
    let mut held = finish_within(LIMIT, "collect_holding_lock", move || {
        collect_holding_lock(25, value)
    });
    let mut short = finish_within(LIMIT, "collect_short_critical_section", move || {
        collect_short_critical_section(25, value)
    });
    held.sort();
    short.sort();
    assert_eq!(
        held, expected,
        "collect_holding_lock should return work(i) for each i in 0..25"
    );
    assert_eq!(
        short, expected,
        "collect_short_critical_section should return work(i) for each i in 0..25"
    );
}

#[test]
fn the_holding_version_uses_one_thread_per_call_but_never_overlaps() {
    let gauge = Arc::new(InFlightGauge::new());
    let seen: Arc<Mutex<Vec<ThreadId>>> = Arc::default();
    let (work_gauge, work_seen) = (Arc::clone(&gauge), Arc::clone(&seen));
    let caller = finish_within(LIMIT, "collect_holding_lock", move || {
        collect_holding_lock(20, |i| {
            let _inside = work_gauge.enter();
            work_seen.lock().unwrap().push(thread::current().id());
            thread::sleep(Duration::from_millis(2));
            i
        });
        thread::current().id()
    });
    let seen = seen.lock().unwrap();
    let threads: HashSet<&ThreadId> = seen.iter().collect();
    assert_eq!(seen.len(), 20, "work should be called once per thread");
    assert_eq!(threads.len(), 20, "each call of work on its own thread");
    assert!(
        !threads.contains(&caller),
        "work should not run on the calling thread"
    );
    assert_eq!(
        gauge.max(),
        1,
        "holding the lock across work lets only one call run at a time"
    );
}

#[test]
fn the_short_version_calls_work_once_per_index_on_distinct_threads() {
    let seen: Arc<Mutex<Vec<(usize, ThreadId)>>> = Arc::default();
    let work_seen = Arc::clone(&seen);
    finish_within(LIMIT, "collect_short_critical_section", move || {
        collect_short_critical_section(30, |i| {
            work_seen.lock().unwrap().push((i, thread::current().id()))
        })
    });
    let mut seen = seen.lock().unwrap().clone();
    seen.sort_by_key(|(i, _)| *i);
    assert_eq!(
        seen.iter().map(|(i, _)| *i).collect::<Vec<_>>(),
        (0..30).collect::<Vec<_>>(),
        "work(i) once for each i"
    );
    assert_eq!(
        seen.iter().map(|(_, id)| id).collect::<HashSet<_>>().len(),
        30,
        "each call on its own thread"
    );
}
