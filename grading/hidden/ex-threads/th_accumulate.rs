//! Hidden tests for th-accumulate: heavy contention repeated (lost updates), many
//! workers meeting at once (sequential runs), large values, seeded uneven workloads.

use std::sync::Arc;
use std::time::Duration;

use testkit::{Rendezvous, finish_within, test_seed};

const LIMIT: Duration = Duration::from_secs(10);

macro_rules! hidden_accumulate_tests {
    ($way:ident, $function:path) => {
        mod $way {
            use super::*;

            fn total(
                workers: usize,
                parts: impl Fn(usize) -> Vec<u64> + Sync + Send + 'static,
            ) -> u64 {
                finish_within(LIMIT, stringify!($function), move || {
                    $function(workers, parts)
                })
            }

            #[test]
            fn no_update_is_lost_in_five_rounds_of_heavy_contention() {
                let per_worker = 30_000 + (test_seed() % 1000) as usize;
                for round in 0..5 {
                    let got = total(16, move |i| vec![1 + (i as u64 % 3); per_worker]);
                    let expected: u64 = (0..16).map(|i| (1 + i % 3) * per_worker as u64).sum();
                    assert_eq!(
                        got, expected,
                        "round {round}: 16 workers adding {per_worker} parts each lost updates"
                    );
                }
            }

            #[test]
            fn thirty_two_workers_all_run_at_the_same_time() {
                let meeting = Arc::new(Rendezvous::new(32, Duration::from_secs(3)));
                let parts_meeting = Arc::clone(&meeting);
                let got = total(32, move |i| {
                    let _ = parts_meeting.arrive();
                    vec![i as u64, 1000]
                });
                assert!(
                    meeting.is_complete(),
                    "only {} of 32 workers were running at the same time",
                    meeting.arrived()
                );
                assert_eq!(got, (0..32).sum::<u64>() + 32 * 1000);
            }

            #[test]
            fn uneven_seeded_workloads_and_large_values() {
                let seed = test_seed();
                // Worker i has (seed >> i) % 200 parts, some of them near 2^40.
                let parts = move |i: usize| -> Vec<u64> {
                    let count = (seed >> (i % 48)) % 200;
                    (0..count)
                        .map(|k| ((seed ^ k).rotate_left(i as u32) >> 24) + k)
                        .collect()
                };
                let expected: u64 = (0..20).flat_map(parts).sum();
                assert_eq!(
                    total(20, parts),
                    expected,
                    "every part of every worker, however many each has"
                );
            }

            #[test]
            fn a_single_worker_with_a_single_part() {
                let value = test_seed() >> 8;
                assert_eq!(total(1, move |_| vec![value]), value);
            }
        }
    };
}

hidden_accumulate_tests!(mutex, ex_threads::accumulate::total_with_mutex);
hidden_accumulate_tests!(channel, ex_threads::accumulate::total_with_channel);
hidden_accumulate_tests!(atomic, ex_threads::accumulate::total_with_atomic);
