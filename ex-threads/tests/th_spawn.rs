//! Visible tests for th-spawn: `cargo test -p ex-threads --test th_spawn`.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::thread::{self, ThreadId};
use std::time::Duration;

use ex_threads::spawn::{run_sequential, run_threaded, slow_add};
use testkit::{InFlightGauge, Rendezvous, finish_within, seeded_generator, test_seed};

/// Generous limit for a whole call: a right answer needs milliseconds.
const LIMIT: Duration = Duration::from_secs(10);
/// How long a job waits at the rendezvous for the others before the test fails.
const MEET: Duration = Duration::from_secs(3);

/// Ten pairs from the seed, like the seed's `(x, x + 3)` but not guessable.
fn seeded_pairs(count: u64) -> Vec<(u64, u64)> {
    let mut next = seeded_generator(test_seed());
    (0..count)
        .map(|i| {
            let a = next() >> 40;
            (a, a + 3 + i)
        })
        .collect()
}

#[test]
fn slow_add_returns_the_sum() {
    assert_eq!(
        slow_add(4, 7, Duration::from_millis(1)),
        11,
        "slow_add(4, 7, _) should be 11"
    );
}

#[test]
fn sequential_results_come_back_in_input_order() {
    let pairs = seeded_pairs(10);
    let expected: Vec<u64> = pairs.iter().map(|&(a, b)| a + b).collect();
    let job_pairs = pairs.clone();
    let got = finish_within(LIMIT, "run_sequential", move || {
        run_sequential(&job_pairs, |a, b| a + b)
    });
    assert_eq!(
        got, expected,
        "run_sequential should return job(a, b) for each pair, in input order"
    );
}

#[test]
fn threaded_results_come_back_in_input_order() {
    let pairs = seeded_pairs(10);
    let expected: Vec<u64> = pairs.iter().map(|&(a, b)| a + b).collect();
    let job_pairs = pairs.clone();
    let got = finish_within(LIMIT, "run_threaded", move || {
        run_threaded(&job_pairs, |a, b| a + b)
    });
    assert_eq!(
        got, expected,
        "run_threaded should return job(a, b) for each pair, in input order"
    );
}

#[test]
fn threaded_jobs_all_run_at_the_same_time() {
    let pairs = seeded_pairs(10);
    let meeting = Arc::new(Rendezvous::new(pairs.len(), MEET));
    let job_meeting = Arc::clone(&meeting);
    let got = finish_within(LIMIT, "run_threaded", move || {
        run_threaded(&pairs, |a, b| {
            // Every job waits here until all ten are running.
            let met = job_meeting.arrive();
            if met.is_err() { u64::MAX } else { a + b }
        })
    });
    assert!(
        meeting.is_complete(),
        "run_threaded must start every job before waiting for any: {} of 10 jobs were running together",
        meeting.arrived()
    );
    assert_eq!(got.len(), 10, "one result per pair");
}

#[test]
fn sequential_jobs_never_overlap_and_run_on_the_calling_thread() {
    let pairs = seeded_pairs(6);
    let gauge = Arc::new(InFlightGauge::new());
    let seen: Arc<Mutex<Vec<ThreadId>>> = Arc::default();
    let (job_gauge, job_seen) = (Arc::clone(&gauge), Arc::clone(&seen));
    let caller = finish_within(LIMIT, "run_sequential", move || {
        run_sequential(&pairs, |a, b| {
            let _inside = job_gauge.enter();
            job_seen.lock().unwrap().push(thread::current().id());
            thread::sleep(Duration::from_millis(2));
            a + b
        });
        thread::current().id()
    });
    assert_eq!(
        gauge.total(),
        6,
        "run_sequential should call job once per pair"
    );
    assert_eq!(
        gauge.max(),
        1,
        "run_sequential should run one job at a time"
    );
    assert!(
        seen.lock().unwrap().iter().all(|id| *id == caller),
        "run_sequential should call job on the calling thread, without spawning"
    );
}

#[test]
fn each_threaded_job_runs_on_its_own_thread() {
    let pairs = seeded_pairs(8);
    let seen: Arc<Mutex<Vec<ThreadId>>> = Arc::default();
    let job_seen = Arc::clone(&seen);
    let caller = finish_within(LIMIT, "run_threaded", move || {
        run_threaded(&pairs, |a, b| {
            job_seen.lock().unwrap().push(thread::current().id());
            a + b
        });
        thread::current().id()
    });
    let seen = seen.lock().unwrap();
    let distinct: HashSet<_> = seen.iter().collect();
    assert_eq!(seen.len(), 8, "run_threaded should call job once per pair");
    assert_eq!(
        distinct.len(),
        8,
        "each job should run on a thread of its own"
    );
    assert!(
        !distinct.contains(&caller),
        "no job should run on the calling thread"
    );
}

#[test]
fn zero_and_one_pair() {
    let (none_seq, none_thr, one_seq, one_thr) =
        finish_within(LIMIT, "runs with 0 and 1 pair", || {
            (
                run_sequential(&[], |a, b| a + b),
                run_threaded(&[], |a, b| a + b),
                run_sequential(&[(40, 2)], |a, b| a + b),
                run_threaded(&[(40, 2)], |a, b| a + b),
            )
        });
    assert!(
        none_seq.is_empty() && none_thr.is_empty(),
        "no pairs, no results"
    );
    assert_eq!(one_seq, vec![42], "run_sequential with one pair");
    assert_eq!(one_thr, vec![42], "run_threaded with one pair");
}
