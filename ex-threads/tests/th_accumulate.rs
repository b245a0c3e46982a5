//! Visible tests for th-accumulate: `cargo test -p ex-threads --test th_accumulate`.
//!
//! The same tests run against each of the three ways, in modules `mutex`, `channel` and
//! `atomic` (run one way with `cargo test -p ex-threads --test th_accumulate mutex`).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use testkit::{Rendezvous, finish_within, seeded_generator, test_seed};

const LIMIT: Duration = Duration::from_secs(10);

/// The parts of worker `i` for a given seed: 50 to 99 numbers below a million.
fn seeded_parts(seed: u64, i: usize) -> Vec<u64> {
    let mut next = seeded_generator(seed ^ (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let count = 50 + next() % 50;
    (0..count).map(|_| next() % 1_000_000).collect()
}

macro_rules! accumulate_tests {
    ($way:ident, $function:path) => {
        mod $way {
            use super::*;

            fn total(workers: usize, parts: impl Fn(usize) -> Vec<u64> + Sync + Send + 'static) -> u64 {
                finish_within(LIMIT, stringify!($function), move || $function(workers, parts))
            }

            #[test]
            fn sums_seeded_parts_of_several_workers() {
                let seed = test_seed();
                let expected: u64 = (0..7).flat_map(|i| seeded_parts(seed, i)).sum();
                let got = total(7, move |i| seeded_parts(seed, i));
                assert_eq!(got, expected, "{} should add every part of every worker", stringify!($function));
            }

            #[test]
            fn workers_run_at_the_same_time() {
                let meeting = Arc::new(Rendezvous::new(6, Duration::from_secs(3)));
                let parts_meeting = Arc::clone(&meeting);
                let got = total(6, move |i| {
                    // Every worker must be running to get past this point.
                    let _ = parts_meeting.arrive();
                    vec![i as u64; 3]
                });
                assert!(
                    meeting.is_complete(),
                    "only {} of 6 workers were running at the same time: start them all before joining any",
                    meeting.arrived()
                );
                assert_eq!(got, 3 * 15, "each worker i adds i three times: 3 * (0 + 1 + ... + 5)");
            }

            #[test]
            fn no_update_is_lost_under_contention() {
                // 8 workers each add 1 twenty thousand times, one add per part.
                let got = total(8, |_| vec![1; 20_000]);
                assert_eq!(got, 160_000, "8 x 20000 parts of 1 should add up to 160000; a smaller total means lost updates");
            }

            #[test]
            fn parts_is_called_once_for_each_worker() {
                let calls: Arc<Mutex<Vec<usize>>> = Arc::default();
                let parts_calls = Arc::clone(&calls);
                total(5, move |i| {
                    parts_calls.lock().unwrap().push(i);
                    vec![]
                });
                let mut calls = calls.lock().unwrap().clone();
                calls.sort_unstable();
                assert_eq!(calls, vec![0, 1, 2, 3, 4], "parts(i) should be called once for each worker i in 0..5");
            }

            #[test]
            fn nothing_to_add_gives_zero() {
                assert_eq!(total(0, |_| vec![5]), 0, "no workers, nothing added");
                assert_eq!(total(3, |_| vec![]), 0, "workers with no parts add nothing");
            }
        }
    };
}

accumulate_tests!(mutex, ex_threads::accumulate::total_with_mutex);
accumulate_tests!(channel, ex_threads::accumulate::total_with_channel);
accumulate_tests!(atomic, ex_threads::accumulate::total_with_atomic);
