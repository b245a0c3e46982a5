//! Visible tests for mpi-bcast: `cargo test -p ex-mpi --test mpi_bcast`.

#[path = "support/ranks.rs"]
mod ranks;

use std::path::PathBuf;

use ex_mpi::bcast::seed_table;
use ranks::assert_each_rank_printed;
use testkit::MpiJob;

fn bcast() -> PathBuf {
    testkit::program_path("mpi-bcast", option_env!("CARGO_BIN_EXE_mpi-bcast"))
}

#[test]
fn both_of_two_ranks_hold_the_seed_table() {
    let output = MpiJob::new(2, bcast()).run();
    output.expect_success("mpi-bcast on 2 ranks");
    assert_each_rank_printed(&output, 2, |_| format!("{:?}", seed_table()));
}

#[test]
fn every_one_of_four_ranks_holds_the_seed_table() {
    let output = MpiJob::new(4, bcast()).run();
    output.expect_success("mpi-bcast on 4 ranks");
    assert_each_rank_printed(&output, 4, |_| format!("{:?}", seed_table()));
}
