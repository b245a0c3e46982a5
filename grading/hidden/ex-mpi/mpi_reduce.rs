//! Hidden tests for mpi-reduce: every rank sums exactly its own chunk (watched through
//! `chunk_sum`), once; the root's total equals one process's sum for random ranges on 2,
//! 3 and 4 ranks, with fewer numbers than ranks and with none; the other ranks get
//! `None` and their own argument is ignored.

#[path = "support/kit_side.rs"]
mod kit_side;

use std::ops::Range;

use ex_mpi::reduce::{ROOT, chunk_ranges, distributed_sum_with, sum_sequential};
use kit_side::{SEED_VARIABLE, start_mpi};
use mpi::traits::Communicator;
use testkit::MpiJob;

/// The variables that pass the range to the root.
const START_VARIABLE: &str = "KIT_MPI_START";
const END_VARIABLE: &str = "KIT_MPI_END";

fn variable(name: &str) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or_else(|| panic!("the test passes {name}"))
}

/// Every rank calls the student's `distributed_sum_with`: the root with the test's range,
/// odd ranks with a decoy range, even ones with `None`. Each call of `chunk_sum` prints
/// its chunk; every rank prints what it got back.
fn sum_and_watch() {
    let universe = start_mpi();
    let world = universe.world();
    let rank = world.rank();
    let range = variable(START_VARIABLE)..variable(END_VARIABLE);
    let argument = if rank == ROOT {
        Some(range)
    } else if rank % 2 == 1 {
        Some(0..1_000)
    } else {
        None
    };
    let result = distributed_sum_with(&world, argument, |chunk: Range<u64>| {
        println!("rank {rank}: chunk {}..{}", chunk.start, chunk.end);
        sum_sequential(chunk)
    });
    match result {
        Some(total) => println!("rank {rank}: total {total}"),
        None => println!("rank {rank}: none"),
    }
}

testkit::worker_entry!(sum_and_watch);

/// Runs the student's sum of `range` on `ranks` ranks and checks every rank's chunk and
/// result.
fn assert_split_and_summed(ranks: usize, range: Range<u64>) {
    let output = MpiJob::from_command(ranks, &worker_command("sum_and_watch"))
        .env(SEED_VARIABLE, "0")
        .env(START_VARIABLE, range.start.to_string())
        .env(END_VARIABLE, range.end.to_string())
        .run();
    output.expect_success(&format!("the sum of {range:?} on {ranks} ranks"));
    let chunks = chunk_ranges(range.clone(), ranks);
    for (rank, chunk) in chunks.iter().enumerate() {
        let result = if rank == ROOT as usize {
            format!("total {}", sum_sequential(range.clone()))
        } else {
            "none".to_string()
        };
        assert_eq!(
            output.rank_lines(rank),
            vec![format!("chunk {}..{}", chunk.start, chunk.end), result],
            "rank {rank} sums exactly chunk {rank} of chunk_ranges({range:?}, {ranks}), \
             once, and only the root gets the total (one process's sum).\n{}",
            output.report()
        );
    }
}

/// A random range from the test's seed: a start below a million, a length up to 4000.
fn random_range() -> Range<u64> {
    let mut next = testkit::seeded_generator(testkit::test_seed());
    let start = next() % 1_000_000;
    start..start + 1 + next() % 4_000
}

#[test]
fn two_and_four_ranks_sum_a_random_range_split_in_chunks() {
    let range = random_range();
    assert_split_and_summed(2, range.clone());
    assert_split_and_summed(4, range);
}

#[test]
fn three_ranks_keep_the_remainder_of_an_uneven_split() {
    let range = random_range();
    // A length that 3 does not divide: the first chunks are one longer.
    let range = range.start..range.start + 3 * (range.end - range.start) + 2;
    assert_split_and_summed(3, range);
}

#[test]
fn more_ranks_than_numbers_and_no_numbers_at_all() {
    assert_split_and_summed(4, 10..12);
    assert_split_and_summed(3, 5..5);
}
