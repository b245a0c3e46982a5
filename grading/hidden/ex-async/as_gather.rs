//! Hidden tests for as-gather: a thousand tasks, waits that block the thread (seen on
//! the paused clock), equal delays, no tasks, and the generator's seeds and bounds.

#[path = "../../../ex-async/tests/support/gathering.rs"]
mod gathering;

use std::time::Duration;

use ex_async::gather::{MAX_DELAY, gather_delays, random_delays};
use gathering::assert_gathered;
use testkit::on_paused_clock;

const LIMIT: Duration = Duration::from_secs(10);

fn gather(delays: Vec<Duration>) -> ex_async::gather::GatherReport {
    on_paused_clock(LIMIT, "gather_delays", || async move {
        gather_delays(&delays).await
    })
}

#[test]
fn a_thousand_tasks_take_the_largest_delay() {
    let delays = random_delays(testkit::test_seed(), 1000);
    let report = gather(delays.clone());
    assert_gathered(&delays, &report);
}

#[test]
fn a_wait_that_blocks_the_thread_is_seen_on_the_paused_clock() {
    // Delays of at most 20 ms, so a blocking std::thread::sleep in every task costs well
    // under a second of real time; tokio's paused clock does not move for it, and every
    // task then reports finishing at 0 ms instead of at its delay.
    let mut next = testkit::seeded_generator(testkit::test_seed());
    let delays: Vec<Duration> = (0..40)
        .map(|_| Duration::from_millis(1 + next() % 20))
        .collect();
    let report = gather(delays.clone());
    assert_gathered(&delays, &report);
}

#[test]
fn equal_delays_finish_in_any_order_at_the_same_moment() {
    let delays = vec![Duration::from_secs(1); 50];
    let report = gather(delays.clone());
    assert_gathered(&delays, &report);
}

#[test]
fn ties_among_distinct_delays_keep_the_delay_order() {
    let mut next = testkit::seeded_generator(testkit::test_seed());
    // Whole seconds from 0 to 4, as Python's randint(0, 4) would give: many ties.
    let delays: Vec<Duration> = (0..100).map(|_| Duration::from_secs(next() % 5)).collect();
    let report = gather(delays.clone());
    assert_gathered(&delays, &report);
}

#[test]
fn no_tasks_is_an_empty_report() {
    let report = gather(Vec::new());
    assert!(report.results.is_empty() && report.finish_order.is_empty());
    assert_eq!(report.elapsed, Duration::ZERO);
}

#[test]
fn different_seeds_give_different_delays() {
    let seed = testkit::test_seed();
    let delays = random_delays(seed, 200);
    assert_ne!(
        delays,
        random_delays(seed.wrapping_add(1), 200),
        "another seed, other delays"
    );
    assert!(delays.iter().all(|delay| *delay <= MAX_DELAY));
    assert!(random_delays(seed, 0).is_empty());
}
