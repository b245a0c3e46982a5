//! Visible tests for mpi-hello: `cargo test -p ex-mpi --test mpi_hello`.
//!
//! Each test runs the `mpi-hello` program under `mpiexec -n <ranks>` and reads what every
//! rank printed.

#[path = "support/ranks.rs"]
mod ranks;

use std::path::PathBuf;

use ranks::{host_name, sorted_lines_starting_with};
use testkit::MpiJob;

fn hello() -> PathBuf {
    testkit::program_path("mpi-hello", option_env!("CARGO_BIN_EXE_mpi-hello"))
}

/// Runs mpi-hello on `ranks` ranks and checks that each rank greeted exactly once.
fn assert_every_rank_greets_once(ranks: usize) {
    let output = MpiJob::new(ranks, hello()).run();
    output.expect_success(&format!("mpi-hello on {ranks} ranks"));
    let host = host_name();
    let mut expected: Vec<String> = (0..ranks)
        .map(|rank| format!("Hello, World! I am process {rank} of {ranks} on {host}."))
        .collect();
    expected.sort_unstable();
    assert_eq!(
        sorted_lines_starting_with(&output, "Hello"),
        expected,
        "every rank prints its own greeting once.\n{}",
        output.report()
    );
}

#[test]
fn each_of_two_ranks_greets_once_with_its_rank_and_the_size() {
    assert_every_rank_greets_once(2);
}

#[test]
fn each_of_four_ranks_greets_once_with_its_rank_and_the_size() {
    assert_every_rank_greets_once(4);
}
