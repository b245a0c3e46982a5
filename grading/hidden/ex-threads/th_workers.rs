//! Hidden tests for th-workers: a stop that waits out the tick, a stop that does not join,
//! wrong or missing ids, one thread per id, many workers, repeated start/stop.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use ex_threads::workers::{Workers, start_workers};
use testkit::{InFlightGauge, Rendezvous, finish_within, test_seed, wait_until};

const LIMIT: Duration = Duration::from_secs(5);

type Counts = Arc<Mutex<HashMap<u32, usize>>>;

fn generator(seed: u64) -> impl FnMut() -> u64 {
    let mut state = seed;
    move || {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

/// `n` distinct ids anywhere in the u32 range, picked by the seed.
fn seeded_ids(n: usize) -> Vec<u32> {
    let mut next = generator(test_seed());
    let mut ids = Vec::with_capacity(n);
    while ids.len() < n {
        let id = next() as u32;
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    ids
}

fn start_with(
    ids: &[u32],
    tick: Duration,
    report: impl Fn(u32) + Send + Sync + 'static,
) -> Workers {
    let ids = ids.to_vec();
    finish_within(
        LIMIT,
        "start_workers (it should return at once)",
        move || start_workers(&ids, tick, report),
    )
}

fn start_counted(ids: &[u32], tick: Duration) -> (Workers, Counts) {
    let counts: Counts = Arc::default();
    let log = Arc::clone(&counts);
    let workers = start_with(ids, tick, move |id| {
        *log.lock().unwrap().entry(id).or_default() += 1;
    });
    (workers, counts)
}

fn sorted(mut ids: Vec<u32>) -> Vec<u32> {
    ids.sort_unstable();
    ids
}

#[test]
fn stop_does_not_wait_out_a_sixty_second_tick() {
    let ids = seeded_ids(5);
    let (workers, counts) = start_counted(&ids, Duration::from_secs(60));
    wait_until(
        LIMIT,
        "every worker to report once right away (report first, then wait for the tick)",
        || counts.lock().unwrap().len() == ids.len(),
    );
    let stopped = finish_within(
        LIMIT,
        "Workers::stop with a 60 s tick (a worker must notice the stop while it waits for the next tick, not after a full sleep)",
        move || workers.stop(),
    );
    assert_eq!(sorted(stopped), sorted(ids));
}

#[test]
fn stop_waits_for_reports_in_progress() {
    // Each report takes a while, so at any moment most workers are inside one. stop()
    // must join them: when it returns, nobody is inside report and nobody starts again.
    let ids = seeded_ids(8);
    let gauge = Arc::new(InFlightGauge::new());
    let counter = Arc::clone(&gauge);
    let workers = start_with(&ids, Duration::from_millis(1), move |_| {
        let _inside = counter.enter();
        std::thread::sleep(Duration::from_millis(30));
    });
    wait_until(LIMIT, "the workers to report a few times", || {
        gauge.total() >= 2 * ids.len()
    });
    let stopped = finish_within(LIMIT, "Workers::stop", move || workers.stop());
    assert_eq!(
        gauge.current(),
        0,
        "stop() returned while a worker was still inside report() (join every worker)"
    );
    let total = gauge.total();
    std::thread::sleep(Duration::from_millis(100));
    assert_eq!(
        gauge.total(),
        total,
        "a worker reported after stop() returned"
    );
    assert_eq!(sorted(stopped), sorted(ids));
}

#[test]
fn every_id_runs_on_its_own_thread_at_the_same_time() {
    let ids = seeded_ids(16);
    let meeting = Arc::new(Rendezvous::new(ids.len(), LIMIT));
    let first_reports: Arc<Mutex<Vec<u32>>> = Arc::default();
    let (meet, firsts) = (Arc::clone(&meeting), Arc::clone(&first_reports));
    let workers = start_with(&ids, Duration::from_millis(20), move |id| {
        let first = {
            let mut firsts = firsts.lock().unwrap();
            let first = !firsts.contains(&id);
            if first {
                firsts.push(id);
            }
            first
        };
        if first {
            let _ = meet.arrive();
        }
    });
    wait_until(LIMIT + LIMIT, "every worker's first report", || {
        first_reports.lock().unwrap().len() == ids.len() || meeting.is_broken()
    });
    let stopped = finish_within(LIMIT, "Workers::stop", move || workers.stop());
    assert!(
        meeting.is_complete(),
        "the {} workers were not all running at the same time (one thread per id)",
        ids.len()
    );
    assert_eq!(sorted(stopped), sorted(ids));
}

#[test]
fn sixty_four_workers_report_only_their_own_ids_and_all_stop() {
    let ids = seeded_ids(64);
    let (workers, counts) = start_counted(&ids, Duration::from_millis(2));
    wait_until(LIMIT, "all 64 workers to report twice", || {
        let counts = counts.lock().unwrap();
        ids.iter()
            .all(|id| counts.get(id).copied().unwrap_or(0) >= 2)
    });
    let stopped = finish_within(LIMIT, "Workers::stop of 64 workers", move || workers.stop());
    assert_eq!(
        stopped.len(),
        ids.len(),
        "stop() should return one id per worker: {stopped:?}"
    );
    assert_eq!(
        sorted(stopped),
        sorted(ids.clone()),
        "the ids stop() returned"
    );
    for id in counts.lock().unwrap().keys() {
        assert!(
            ids.contains(id),
            "report() was called with {id}, which is not a worker's id"
        );
    }
}

#[test]
fn starting_and_stopping_again_and_again() {
    let mut next = generator(test_seed());
    for round in 0..40 {
        let n = 1 + (next() % 5) as usize;
        let ids: Vec<u32> = (0..n).map(|k| (next() as u32) & !7 | k as u32).collect();
        let (workers, counts) = start_counted(&ids, Duration::from_millis(1));
        if round % 2 == 0 {
            // Stop at once, maybe before some worker reported at all.
            let stopped = finish_within(LIMIT, "Workers::stop right after start", move || {
                workers.stop()
            });
            assert_eq!(sorted(stopped), sorted(ids), "round {round}");
        } else {
            wait_until(LIMIT, "every worker to report", || {
                counts.lock().unwrap().len() == n
            });
            let stopped = finish_within(LIMIT, "Workers::stop", move || workers.stop());
            assert_eq!(sorted(stopped), sorted(ids), "round {round}");
        }
    }
}

#[test]
fn a_single_worker_with_a_zero_tick_still_stops() {
    let ids = seeded_ids(1);
    let (workers, counts) = start_counted(&ids, Duration::ZERO);
    wait_until(LIMIT, "the worker to report 10 times", || {
        counts.lock().unwrap().get(&ids[0]).copied().unwrap_or(0) >= 10
    });
    let stopped = finish_within(LIMIT, "Workers::stop with a zero tick", move || {
        workers.stop()
    });
    assert_eq!(stopped, ids);
}
