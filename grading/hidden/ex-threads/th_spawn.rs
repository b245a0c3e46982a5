//! Hidden tests for th-spawn: edge cases, many threads, order under out-of-order finishes,
//! and the "threaded" answer that joins each thread right after spawning it.

use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use ex_threads::spawn::{run_sequential, run_threaded, slow_add};
use testkit::{InFlightGauge, Rendezvous, finish_within, test_seed};

const LIMIT: Duration = Duration::from_secs(10);
const MEET: Duration = Duration::from_secs(3);

/// `count` pairs whose first element is the pair's index and whose second comes from the seed.
fn indexed_pairs(count: u64) -> Vec<(u64, u64)> {
    let seed = test_seed();
    (0..count)
        .map(|i| (i, (seed ^ i.wrapping_mul(0x9E37_79B9_7F4A_7C15)) >> 20))
        .collect()
}

#[test]
fn slow_add_waits_at_least_the_pause() {
    let started = Instant::now();
    assert_eq!(slow_add(1, 2, Duration::from_millis(30)), 3);
    assert!(
        started.elapsed() >= Duration::from_millis(30),
        "slow_add should sleep for the pause it is given before answering"
    );
}

#[test]
fn slow_add_wraps_instead_of_overflowing() {
    assert_eq!(
        slow_add(u64::MAX, 2, Duration::ZERO),
        1,
        "the documented sum wraps around"
    );
}

#[test]
fn forty_eight_threaded_jobs_all_run_at_the_same_time() {
    let pairs = indexed_pairs(48);
    let expected: Vec<u64> = pairs.iter().map(|&(a, b)| a + b).collect();
    let meeting = Arc::new(Rendezvous::new(48, MEET));
    let job_meeting = Arc::clone(&meeting);
    let got = finish_within(LIMIT, "run_threaded with 48 pairs", move || {
        run_threaded(&pairs, |a, b| {
            let _ = job_meeting.arrive();
            a + b
        })
    });
    assert!(
        meeting.is_complete(),
        "run_threaded must start all 48 jobs before joining any: only {} were running together",
        meeting.arrived()
    );
    assert_eq!(got, expected, "results in input order");
}

#[test]
fn overlap_holds_on_every_repetition() {
    for round in 0..5 {
        let pairs = indexed_pairs(6);
        let meeting = Arc::new(Rendezvous::new(6, MEET));
        let job_meeting = Arc::clone(&meeting);
        finish_within(LIMIT, "run_threaded", move || {
            run_threaded(&pairs, |a, b| {
                let _ = job_meeting.arrive();
                a + b
            })
        });
        assert!(
            meeting.is_complete(),
            "round {round}: the 6 jobs of run_threaded were not all running at the same time"
        );
    }
}

#[test]
fn results_stay_in_input_order_when_later_jobs_finish_first() {
    let pairs = indexed_pairs(12);
    let expected: Vec<u64> = pairs.iter().map(|&(a, b)| a + b).collect();
    let got = finish_within(LIMIT, "run_threaded", move || {
        run_threaded(&pairs, |a, b| {
            // The first pair sleeps longest, so threads finish in reverse order.
            thread::sleep(Duration::from_millis((12 - a) * 15));
            a + b
        })
    });
    assert_eq!(
        got, expected,
        "results must follow the input order, not the order in which the threads finished"
    );
}

#[test]
fn every_pair_is_computed_exactly_once() {
    let pairs = indexed_pairs(20);
    let calls: Arc<Mutex<Vec<(u64, u64)>>> = Arc::default();
    let job_calls = Arc::clone(&calls);
    let job_pairs = pairs.clone();
    finish_within(LIMIT, "run_threaded", move || {
        run_threaded(&job_pairs, |a, b| {
            job_calls.lock().unwrap().push((a, b));
            a * b
        })
    });
    let mut calls = calls.lock().unwrap().clone();
    calls.sort_unstable();
    assert_eq!(
        calls, pairs,
        "job should be called once with each pair, and with nothing else"
    );
}

#[test]
fn sequential_calls_follow_the_input_order_one_at_a_time() {
    let pairs = indexed_pairs(15);
    let gauge = Arc::new(InFlightGauge::new());
    let order: Arc<Mutex<Vec<u64>>> = Arc::default();
    let (job_gauge, job_order) = (Arc::clone(&gauge), Arc::clone(&order));
    let job_pairs = pairs.clone();
    let got = finish_within(LIMIT, "run_sequential", move || {
        run_sequential(&job_pairs, |a, b| {
            let _inside = job_gauge.enter();
            job_order.lock().unwrap().push(a);
            thread::sleep(Duration::from_millis(1));
            a.wrapping_sub(b)
        })
    });
    let expected: Vec<u64> = pairs.iter().map(|&(a, b)| a.wrapping_sub(b)).collect();
    assert_eq!(got, expected, "run_sequential results in input order");
    assert_eq!(
        *order.lock().unwrap(),
        (0..15).collect::<Vec<_>>(),
        "jobs called in input order"
    );
    assert_eq!(
        gauge.max(),
        1,
        "run_sequential must never run two jobs at once"
    );
}

#[test]
fn a_panicking_job_makes_run_threaded_panic_with_its_message() {
    let pairs = indexed_pairs(6);
    // panic_message, not #[should_panic]: an unwritten stub panics too, and must fail.
    let message = testkit::panic_message("run_threaded with a job that panics", move || {
        finish_within(LIMIT, "run_threaded", move || {
            run_threaded(&pairs, |a, b| {
                assert!(a != 3, "job refused pair {a}");
                a + b
            })
        })
    });
    assert!(
        message.contains("job refused pair 3"),
        "run_threaded should panic with the job's own message, it said: {message}"
    );
}
