//! Visible tests for th-workers: `cargo test -p ex-threads --test th_workers`.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use ex_threads::workers::{Workers, start_workers};
use testkit::{finish_within, test_seed, wait_until};

const LIMIT: Duration = Duration::from_secs(5);

/// How many times each id has reported so far.
type Counts = Arc<Mutex<HashMap<u32, usize>>>;

/// `n` distinct ids picked by the seed (so they cannot be hard-coded).
fn seeded_ids(n: usize) -> Vec<u32> {
    let base = (test_seed() % 1_000_000) as u32;
    (0..n as u32).map(|k| base + 7 * k + 1).collect()
}

/// Starts workers whose reports are counted per id.
fn start_counted(ids: &[u32], tick: Duration) -> (Workers, Counts) {
    let counts: Counts = Arc::default();
    let log = Arc::clone(&counts);
    let ids = ids.to_vec();
    let workers = finish_within(
        LIMIT,
        "start_workers (it should return at once)",
        move || {
            start_workers(&ids, tick, move |id| {
                *log.lock().unwrap().entry(id).or_default() += 1;
            })
        },
    );
    (workers, counts)
}

fn stop(workers: Workers) -> Vec<u32> {
    let mut stopped = finish_within(LIMIT, "Workers::stop", move || workers.stop());
    stopped.sort_unstable();
    stopped
}

#[test]
fn every_worker_reports_its_id_again_and_again() {
    let ids = seeded_ids(4);
    let (workers, counts) = start_counted(&ids, Duration::from_millis(5));
    wait_until(LIMIT, "every worker to report its id 3 times", || {
        let counts = counts.lock().unwrap();
        ids.iter()
            .all(|id| counts.get(id).copied().unwrap_or(0) >= 3)
    });
    let stopped = stop(workers);
    assert_eq!(
        stopped, ids,
        "stop() should return the id of every worker, once each"
    );
    let counts = counts.lock().unwrap();
    for id in counts.keys() {
        assert!(
            ids.contains(id),
            "report() was called with {id}, which is not one of {ids:?}"
        );
    }
}

#[test]
fn after_stop_no_worker_reports_any_more() {
    let ids = seeded_ids(3);
    let (workers, counts) = start_counted(&ids, Duration::from_millis(10));
    wait_until(LIMIT, "every worker to report at least once", || {
        counts.lock().unwrap().len() == ids.len()
    });
    let stopped = stop(workers);
    assert_eq!(stopped, ids);
    let at_stop = counts.lock().unwrap().clone();
    std::thread::sleep(Duration::from_millis(80));
    assert_eq!(
        *counts.lock().unwrap(),
        at_stop,
        "a worker reported after stop() had returned (stop must end and join every worker)"
    );
}

#[test]
fn no_ids_means_no_workers() {
    let (workers, counts) = start_counted(&[], Duration::from_millis(5));
    assert_eq!(stop(workers), Vec::<u32>::new());
    assert!(counts.lock().unwrap().is_empty());
}
