//! Visible tests for th-chunks: `cargo test -p ex-threads --test th_chunks`.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::{Arc, Mutex};
use std::thread::{self, ThreadId};
use std::time::Duration;

use ex_threads::chunks::{
    P, chunk_ranges, power_mod, sum_parallel, sum_parallel_with, sum_sequential, term,
};
use testkit::{Rendezvous, finish_within, test_seed};

const LIMIT: Duration = Duration::from_secs(10);

/// Which thread summed which chunk, as the test's chunk_sum saw it.
type Workers = Arc<Mutex<Vec<(ThreadId, Range<u64>)>>>;

/// Checks that `chunks` are `n` contiguous pieces of `range`, in order, lengths within 1.
fn assert_partition(range: Range<u64>, n: usize, chunks: &[Range<u64>]) {
    assert_eq!(
        chunks.len(),
        n,
        "chunk_ranges({range:?}, {n}) should give exactly {n} chunks, got {chunks:?}"
    );
    let mut next = range.start;
    for chunk in chunks {
        assert_eq!(
            chunk.start, next,
            "chunk_ranges({range:?}, {n}) = {chunks:?}: chunks must follow each other with no gap or overlap"
        );
        assert!(chunk.end >= chunk.start, "chunk {chunk:?} runs backwards");
        next = chunk.end;
    }
    assert_eq!(
        next, range.end,
        "chunk_ranges({range:?}, {n}) = {chunks:?}: the chunks must end where the range ends"
    );
    let lengths: Vec<u64> = chunks.iter().map(|c| c.end - c.start).collect();
    let (min, max) = (lengths.iter().min().unwrap(), lengths.iter().max().unwrap());
    assert!(
        max - min <= 1,
        "chunk_ranges({range:?}, {n}): lengths {lengths:?} should differ by at most 1"
    );
}

#[test]
fn power_mod_small_cases() {
    assert_eq!(power_mod(3, 4, 1000), 81);
    assert_eq!(power_mod(2, 10, 1000), 24);
    assert_eq!(power_mod(7, 0, 13), 1, "anything to the power 0 is 1");
    assert_eq!(power_mod(5, 3, 1), 0, "everything is 0 modulo 1");
}

#[test]
fn terms_are_i_to_the_i_mod_p() {
    assert_eq!(P, 1_000_000_007);
    assert_eq!(term(0), 1, "0^0 is 1, as in Python");
    assert_eq!(term(1), 1);
    assert_eq!(term(2), 4);
    assert_eq!(term(3), 27);
    assert_eq!(term(10), 999_999_937, "10^10 mod 1_000_000_007");
}

#[test]
fn sequential_sum_of_a_small_range() {
    assert_eq!(sum_sequential(1..4), 32, "1 + 4 + 27");
    assert_eq!(sum_sequential(9..9), 0, "an empty range sums to 0");
}

#[test]
fn chunks_partition_the_range_for_any_count() {
    let start = test_seed() % 1_000_000;
    for len in [0, 1, 2, 7, 10, 100, 1001] {
        for n in 1..=12 {
            let range = start..start + len;
            assert_partition(range.clone(), n, &chunk_ranges(range, n));
        }
    }
}

#[test]
fn parallel_sum_equals_sequential_for_any_thread_count() {
    let start = test_seed() % 1_000_000_000;
    for len in [0, 1, 3, 1000, 1001] {
        let range = start..start + len;
        let expected = sum_sequential(range.clone());
        for threads in [1, 2, 3, 4, 7, 1500] {
            let job_range = range.clone();
            let got = finish_within(LIMIT, "sum_parallel", move || {
                sum_parallel(job_range, threads)
            });
            assert_eq!(
                got, expected,
                "sum_parallel({range:?}, {threads}) should equal sum_sequential({range:?})"
            );
        }
    }
}

#[test]
fn with_two_threads_both_chunks_are_summed_at_the_same_time() {
    let meeting = Arc::new(Rendezvous::new(2, Duration::from_secs(3)));
    let workers: Workers = Arc::default();
    let (job_meeting, job_workers) = (Arc::clone(&meeting), Arc::clone(&workers));
    let (total, caller) = finish_within(LIMIT, "sum_parallel_with", move || {
        let total = sum_parallel_with(0..2000, 2, |chunk| {
            job_workers
                .lock()
                .unwrap()
                .push((thread::current().id(), chunk.clone()));
            // Both chunks must be in progress at once to get past this point.
            let _ = job_meeting.arrive();
            sum_sequential(chunk)
        });
        (total, thread::current().id())
    });
    assert!(
        meeting.is_complete(),
        "the two chunks were not summed at the same time: start both threads before joining either"
    );
    let workers = workers.lock().unwrap();
    let threads: HashSet<ThreadId> = workers.iter().map(|(id, _)| *id).collect();
    assert_eq!(
        workers.len(),
        2,
        "chunk_sum should be called once per chunk"
    );
    assert_eq!(
        threads.len(),
        2,
        "each chunk should be summed on a thread of its own"
    );
    assert!(
        !threads.contains(&caller),
        "the chunks should not be summed on the calling thread"
    );
    assert_eq!(total, sum_sequential(0..2000));
}

#[test]
fn zero_threads_is_refused() {
    let message = testkit::panic_message("sum_parallel(0..10, 0)", || sum_parallel(0..10, 0));
    assert!(
        message.contains("0 chunks"),
        "the panic should say a range cannot be split into 0 chunks, it said: {message}"
    );
}
