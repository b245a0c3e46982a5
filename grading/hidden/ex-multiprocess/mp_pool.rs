//! Hidden tests for mp-pool: apply_async and its callback behind a gate, a get that
//! gives up, four items at once on four threads, the seed's pool size, more worker
//! processes than rows, no rows, an empty range, and larger seeded arrays.

#[path = "../../../ex-multiprocess/tests/support/gate.rs"]
mod gate;
#[path = "../../../ex-multiprocess/tests/support/processes.rs"]
mod processes;
#[path = "../../../ex-multiprocess/tests/support/rows.rs"]
mod rows;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use ex_multiprocess::pool::{
    apply_async, build_pool, count_apply_async, count_in_processes, count_map, count_sequential,
    default_workers, pool_map,
};
use gate::wait_for;
use processes::worker_program;
use rows::{expected_counts, seeded_rows};
use testkit::{Rendezvous, finish_within};

const LIMIT: Duration = Duration::from_secs(20);

#[test]
fn apply_async_returns_at_once_and_calls_back_once_done() {
    let gate = Arc::new(AtomicBool::new(false));
    let called = Arc::new(Mutex::new(Vec::new()));
    let pool = Arc::new(build_pool(2, |_| {}).expect("a pool of 2"));
    let (job_gate, seen, job_pool) = (Arc::clone(&gate), Arc::clone(&called), Arc::clone(&pool));
    let mut pending = finish_within(LIMIT, "apply_async with the gate closed", move || {
        apply_async(
            &job_pool,
            move || {
                wait_for(&job_gate);
                42
            },
            move |value: &i32| seen.lock().unwrap().push(*value),
        )
    });
    assert!(!pending.ready(), "the job waits for the gate");
    assert!(
        called.lock().unwrap().is_empty(),
        "no callback before the job is done"
    );
    gate.store(true, Ordering::SeqCst);
    assert_eq!(pending.get(LIMIT), Some(42));
    assert_eq!(
        *called.lock().unwrap(),
        [42],
        "the callback ran once, with the result"
    );
}

#[test]
fn get_gives_up_after_its_timeout() {
    let gate = Arc::new(AtomicBool::new(false));
    let pool = build_pool(1, |_| {}).expect("a pool of 1");
    let job_gate = Arc::clone(&gate);
    let pending = apply_async(&pool, move || wait_for(&job_gate), |_: &()| {});
    assert_eq!(
        pending.get(Duration::from_millis(50)),
        None,
        "not ready within 50 ms"
    );
    gate.store(true, Ordering::SeqCst);
}

#[test]
fn four_items_run_at_once_on_four_threads() {
    let meeting = Arc::new(Rendezvous::new(4, Duration::from_secs(5)));
    let results = finish_within(LIMIT, "pool_map", move || {
        let pool = build_pool(4, |_| {}).expect("a pool of 4");
        pool_map(&pool, vec![0, 1, 2, 3], |item| {
            meeting.arrive().map(|()| item)
        })
    });
    let results: Vec<i32> = results
        .into_iter()
        .map(|met| met.expect("four items run at once on a pool of 4"))
        .collect();
    assert_eq!(results, [0, 1, 2, 3]);
}

#[test]
fn the_initializer_gets_each_worker_s_index() {
    let indices = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&indices);
    let _pool = build_pool(4, move |index| seen.lock().unwrap().push(index)).expect("a pool of 4");
    testkit::wait_until(Duration::from_secs(10), "every worker to start", || {
        indices.lock().unwrap().len() == 4
    });
    let mut indices = indices.lock().unwrap().clone();
    indices.sort_unstable();
    assert_eq!(indices, [0, 1, 2, 3]);
}

#[test]
fn the_seed_s_pool_size_is_twice_the_cores() {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    assert_eq!(default_workers(), 2 * cores);
}

#[test]
fn more_worker_processes_than_rows_and_no_rows() {
    let data = seeded_rows(testkit::test_seed(), 2, 7);
    let expected = expected_counts(&data, 2, 6);
    let (few, none, one) = finish_within(LIMIT, "count_in_processes", move || {
        let program = worker_program();
        (
            count_in_processes(&program, &data, 2, 6, 5).expect("two rows on five workers"),
            count_in_processes(&program, &[], 2, 6, 3).expect("no rows"),
            count_in_processes(&program, &data, 2, 6, 1).expect("one worker"),
        )
    });
    assert_eq!(few, expected);
    assert!(none.is_empty());
    assert_eq!(one, expected);
}

#[test]
fn larger_arrays_and_an_empty_range() {
    let data = seeded_rows(testkit::test_seed(), 2000, 12);
    let expected = expected_counts(&data, 3, 7);
    let copy = data.clone();
    let (mapped, applied, processes, empty) = finish_within(LIMIT, "the pool ways", move || {
        let pool = build_pool(3, |_| {}).expect("a pool of 3");
        (
            count_map(&pool, &copy, 3, 7),
            count_apply_async(&pool, &copy, 3, 7),
            count_in_processes(&worker_program(), &copy, 3, 7, 4).expect("four workers"),
            count_sequential(&copy, 8, 4),
        )
    });
    assert_eq!(mapped, expected);
    assert_eq!(
        applied, expected,
        "apply_async's results put back in row order"
    );
    assert_eq!(processes, expected);
    assert!(
        empty.iter().all(|count| *count == 0),
        "nothing lies within 8..=4"
    );
}

#[test]
fn zero_worker_processes_is_refused() {
    let data = seeded_rows(testkit::test_seed(), 4, 5);
    let message = finish_within(LIMIT, "count_in_processes with 0 workers", move || {
        testkit::panic_message("count_in_processes(.., 0)", || {
            count_in_processes(&worker_program(), &data, 4, 8, 0)
        })
    });
    assert!(!message.is_empty(), "the refusal should say why");
}
