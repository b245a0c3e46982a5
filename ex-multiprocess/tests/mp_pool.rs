//! Visible tests for mp-pool: `cargo test -p ex-multiprocess --test mp_pool`.
//!
//! The async ways are proven to return before the work ends by a gate: the jobs wait
//! until the test opens it, and the test opens it only after `map_async` has returned.

#[path = "support/gate.rs"]
mod gate;
#[path = "support/processes.rs"]
mod processes;
#[path = "support/rows.rs"]
mod rows;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use ex_multiprocess::pool::{
    build_pool, count_apply, count_apply_async, count_in_processes, count_map, count_sequential,
    howmany_within_range, map_async, pool_map,
};
use gate::wait_for;
use processes::worker_program;
use rows::{expected_counts, seeded_rows};
use testkit::{Rendezvous, finish_within};

const LIMIT: Duration = Duration::from_secs(20);

#[test]
fn howmany_within_range_follows_the_seed() {
    assert_eq!(
        howmany_within_range(&[1, 5, 7, 3, 7, 8, 10, 22, 0], 4, 8),
        4
    );
    assert_eq!(
        howmany_within_range(&[4, 8, 3, 9], 4, 8),
        2,
        "both ends are included"
    );
    assert_eq!(howmany_within_range(&[], 4, 8), 0);
}

#[test]
fn every_way_equals_sequential_in_row_order() {
    let data = seeded_rows(testkit::test_seed(), 300, 5);
    let expected = expected_counts(&data, 4, 8);
    let counts = finish_within(LIMIT, "the pool ways", move || {
        let pool = build_pool(4, |_| {}).expect("a pool of 4");
        [
            count_sequential(&data, 4, 8),
            count_map(&pool, &data, 4, 8),
            count_apply(&pool, &data, 4, 8),
            count_apply_async(&pool, &data, 4, 8),
            count_in_processes(&worker_program(), &data, 4, 8, 3).expect("three worker processes"),
        ]
    });
    let ways = ["sequential", "map", "apply", "apply_async", "processes"];
    for (way, counts) in ways.iter().zip(counts) {
        assert_eq!(
            counts, expected,
            "the {way} way counts every row, in row order"
        );
    }
}

#[test]
fn the_initializer_runs_once_in_every_worker() {
    let started = Arc::new(AtomicUsize::new(0));
    let seen = Arc::clone(&started);
    let pool = build_pool(3, move |_| {
        seen.fetch_add(1, Ordering::SeqCst);
    })
    .expect("a pool of 3");
    assert_eq!(pool.current_num_threads(), 3);
    testkit::wait_until(
        Duration::from_secs(10),
        "every worker to run the initializer",
        || started.load(Ordering::SeqCst) == 3,
    );
}

#[test]
fn pool_map_runs_items_at_the_same_time() {
    // Two items must meet at the rendezvous, so they run on two threads at once.
    let meeting = Arc::new(Rendezvous::new(2, Duration::from_secs(5)));
    let results = finish_within(LIMIT, "pool_map", move || {
        let pool = build_pool(2, |_| {}).expect("a pool of 2");
        pool_map(&pool, vec![1, 2], |item| {
            meeting.arrive().map(|()| item * 10)
        })
    });
    let results: Vec<i32> = results
        .into_iter()
        .map(|met| met.expect("both items run at once on a pool of 2"))
        .collect();
    assert_eq!(results, [10, 20], "results in item order");
}

#[test]
fn map_async_returns_before_the_work_is_done() {
    let gate = Arc::new(AtomicBool::new(false));
    let pool = Arc::new(build_pool(2, |_| {}).expect("a pool of 2"));
    let (job_gate, job_pool) = (Arc::clone(&gate), Arc::clone(&pool));
    let mut pending = finish_within(LIMIT, "map_async with the gate closed", move || {
        map_async(&job_pool, vec![1, 2, 3], move |item| {
            wait_for(&job_gate);
            item * item
        })
    });
    assert!(
        !pending.ready(),
        "the work waits for the gate, so it cannot be ready yet"
    );
    gate.store(true, Ordering::SeqCst);
    assert_eq!(
        pending.get(LIMIT),
        Some(vec![1, 4, 9]),
        "the results, in item order"
    );
}
