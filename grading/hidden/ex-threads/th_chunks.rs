//! Hidden tests for th-chunks: seeded ranges against an independent reference, exact
//! chunk edges, huge numbers (overflow), and 2, 4 and 8 chunks summed side by side.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::{Arc, Mutex};
use std::thread::{self, ThreadId};
use std::time::Duration;

use ex_threads::chunks::{
    P, chunk_ranges, power_mod, sum_parallel, sum_parallel_with, sum_sequential, term,
};
use testkit::{Rendezvous, finish_within, seeded_generator, test_seed};

const LIMIT: Duration = Duration::from_secs(10);

/// Which thread summed which chunk, as the test's chunk_sum saw it.
type Workers = Arc<Mutex<Vec<(ThreadId, Range<u64>)>>>;

/// The test's own i^i mod P, in u128 so that nothing can overflow.
fn reference_power(base: u64, mut exponent: u64, modulus: u64) -> u64 {
    let m = u128::from(modulus);
    let (mut result, mut square) = (1 % m, u128::from(base) % m);
    while exponent > 0 {
        if exponent & 1 == 1 {
            result = result * square % m;
        }
        square = square * square % m;
        exponent >>= 1;
    }
    result as u64
}

fn reference_sum(range: Range<u64>) -> u64 {
    range.fold(0, |sum, i| (sum + reference_power(i, i, P)) % P)
}

#[test]
fn seeded_random_ranges_match_the_reference_for_random_thread_counts() {
    let mut next = seeded_generator(test_seed());
    for _ in 0..12 {
        let start = next() % 1_000_000_000_000;
        let len = next() % 3000;
        let threads = (1 + next() % 16) as usize;
        let range = start..start + len;
        let expected = reference_sum(range.clone());
        assert_eq!(
            sum_sequential(range.clone()),
            expected,
            "sum_sequential({range:?})"
        );
        let job_range = range.clone();
        let got = finish_within(LIMIT, "sum_parallel", move || {
            sum_parallel(job_range, threads)
        });
        assert_eq!(
            got, expected,
            "sum_parallel({range:?}, {threads}) lost or doubled numbers at the chunk edges?"
        );
    }
}

#[test]
fn chunk_edges_are_exact_with_the_remainder_spread_over_the_first_chunks() {
    let mut next = seeded_generator(test_seed());
    for _ in 0..200 {
        let start = next() % 1_000_000;
        let len = next() % 200;
        let n = (1 + next() % 20) as usize;
        let (base, extra) = (len / n as u64, len % n as u64);
        let mut expected = Vec::new();
        let mut at = start;
        for k in 0..n as u64 {
            let end = at + base + u64::from(k < extra);
            expected.push(at..end);
            at = end;
        }
        assert_eq!(
            chunk_ranges(start..start + len, n),
            expected,
            "chunk_ranges({:?}, {n})",
            start..start + len
        );
    }
}

#[test]
fn more_threads_than_numbers_give_empty_chunks_at_the_end() {
    assert_eq!(chunk_ranges(5..7, 4), vec![5..6, 6..7, 7..7, 7..7]);
    assert_eq!(chunk_ranges(3..3, 2), vec![3..3, 3..3]);
    assert_eq!(sum_parallel(40..43, 10), reference_sum(40..43));
}

#[test]
#[expect(
    clippy::reversed_empty_ranges,
    reason = "an inverted range is the case under test"
)]
fn an_inverted_range_is_empty() {
    let chunks = chunk_ranges(7..3, 3);
    assert_eq!(chunks.len(), 3);
    assert!(
        chunks.iter().all(|c| c.is_empty()),
        "7..3 holds no numbers, so every chunk is empty: {chunks:?}"
    );
    assert_eq!(sum_sequential(7..3), 0);
    assert_eq!(
        finish_within(LIMIT, "sum_parallel", || sum_parallel(7..3, 2)),
        0
    );
}

#[test]
fn huge_numbers_do_not_overflow() {
    let mut next = seeded_generator(test_seed());
    for i in [
        u64::MAX,
        u64::MAX - 1,
        1 << 63,
        (1 << 32) + 5,
        P,
        P + 1,
        2 * P - 1,
    ] {
        assert_eq!(term(i), reference_power(i, i, P), "term({i})");
    }
    for _ in 0..50 {
        let i = (next() << 11) | (next() % 2048);
        assert_eq!(term(i), reference_power(i, i, P), "term({i})");
    }
    let top = u64::MAX - 600..u64::MAX;
    let job_top = top.clone();
    assert_eq!(
        finish_within(LIMIT, "sum_parallel", move || sum_parallel(job_top, 3)),
        reference_sum(top)
    );
}

#[test]
fn power_mod_handles_any_u64_modulus() {
    let mut next = seeded_generator(test_seed());
    for _ in 0..50 {
        let (base, exponent, modulus) = (next() << 11, next(), (next() << 11).max(1));
        assert_eq!(
            power_mod(base, exponent, modulus),
            reference_power(base, exponent, modulus),
            "power_mod({base}, {exponent}, {modulus})"
        );
    }
}

#[test]
fn the_whole_u64_range_splits_without_overflow() {
    let chunks = chunk_ranges(0..u64::MAX, 6);
    assert_eq!(chunks.len(), 6);
    assert_eq!(chunks[0].start, 0);
    assert_eq!(chunks[5].end, u64::MAX);
    assert!(chunks.windows(2).all(|w| w[0].end == w[1].start));
}

fn assert_all_chunks_overlap(threads: usize) {
    let meeting = Arc::new(Rendezvous::new(threads, Duration::from_secs(3)));
    let seen: Workers = Arc::default();
    let (job_meeting, job_seen) = (Arc::clone(&meeting), Arc::clone(&seen));
    let start = test_seed() % 1_000_000;
    let range = start..start + 5000;
    let job_range = range.clone();
    let total = finish_within(LIMIT, "sum_parallel_with", move || {
        sum_parallel_with(job_range, threads, |chunk| {
            job_seen
                .lock()
                .unwrap()
                .push((thread::current().id(), chunk.clone()));
            let _ = job_meeting.arrive();
            sum_sequential(chunk)
        })
    });
    assert!(
        meeting.is_complete(),
        "with {threads} threads only {} chunks were being summed at the same time",
        meeting.arrived()
    );
    let mut seen = seen.lock().unwrap().clone();
    let ids: HashSet<ThreadId> = seen.iter().map(|(id, _)| *id).collect();
    assert_eq!(ids.len(), threads, "each chunk on its own thread");
    seen.sort_by_key(|(_, chunk)| chunk.start);
    let chunks: Vec<Range<u64>> = seen.into_iter().map(|(_, chunk)| chunk).collect();
    assert_eq!(
        chunks,
        chunk_ranges(range.clone(), threads),
        "chunk_sum should get the chunks of chunk_ranges"
    );
    assert_eq!(total, reference_sum(range));
}

#[test]
fn four_chunks_are_summed_side_by_side() {
    assert_all_chunks_overlap(4);
}

#[test]
fn eight_chunks_are_summed_side_by_side_every_time() {
    for _ in 0..3 {
        assert_all_chunks_overlap(8);
    }
}

#[test]
fn chunk_results_are_combined_modulo_p() {
    // Every chunk reports P - 1; three of them add up to 3P - 3, which is P - 3 mod P.
    let total = finish_within(LIMIT, "sum_parallel_with", || {
        sum_parallel_with(0..30, 3, |_| P - 1)
    });
    assert_eq!(total, P - 3);
}

#[test]
fn zero_chunks_is_refused_by_chunk_ranges() {
    let message = testkit::panic_message("chunk_ranges(0..10, 0)", || chunk_ranges(0..10, 0));
    assert!(
        message.contains("0 chunks"),
        "the panic should say a range cannot be split into 0 chunks, it said: {message}"
    );
}

#[test]
fn zero_threads_is_refused_even_for_an_empty_range() {
    let message = testkit::panic_message("sum_parallel(4..4, 0)", || sum_parallel(4..4, 0));
    assert!(
        message.contains("0 chunks"),
        "the panic should say a range cannot be split into 0 chunks, it said: {message}"
    );
}
