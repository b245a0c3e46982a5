//! Visible tests for mpi-reduce: `cargo test -p ex-mpi --test mpi_reduce`.

use std::path::PathBuf;

use ex_mpi::reduce::sum_sequential;
use testkit::MpiJob;

fn reduce() -> PathBuf {
    testkit::program_path("mpi-reduce", option_env!("CARGO_BIN_EXE_mpi-reduce"))
}

/// Runs mpi-reduce over `0..end` on `ranks` ranks and returns the sum the root printed.
fn sum_on_ranks(ranks: usize, end: u64) -> u64 {
    let output = MpiJob::new(ranks, reduce()).arg(end.to_string()).run();
    output.expect_success(&format!("mpi-reduce over 0..{end} on {ranks} ranks"));
    let line = output.rank_line(0);
    line.split_once(" = ")
        .and_then(|(_, rest)| rest.split_whitespace().next())
        .and_then(|sum| sum.parse().ok())
        .unwrap_or_else(|| panic!("rank 0 prints `… = <sum> (<time>)`, not {line:?}"))
}

#[test]
fn two_ranks_find_the_sum_one_process_finds() {
    assert_eq!(sum_on_ranks(2, 5_001), sum_sequential(0..5_001));
}

#[test]
fn three_ranks_with_fewer_numbers_than_ranks_still_find_it() {
    assert_eq!(sum_on_ranks(3, 2), sum_sequential(0..2));
}
