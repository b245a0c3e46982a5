//! Visible tests for mpi-p2p: `cargo test -p ex-mpi --test mpi_p2p`.

#[path = "support/ranks.rs"]
mod ranks;

use std::path::PathBuf;

use ex_mpi::p2p::SEED_SAMPLE;
use ranks::assert_each_rank_printed;
use testkit::MpiJob;

fn p2p() -> PathBuf {
    testkit::program_path("mpi-p2p", option_env!("CARGO_BIN_EXE_mpi-p2p"))
}

#[test]
fn rank_one_receives_the_seed_sample_that_rank_zero_sent() {
    let output = MpiJob::new(2, p2p()).run();
    output.expect_success("mpi-p2p on 2 ranks");
    assert_each_rank_printed(&output, 2, |_| format!("{SEED_SAMPLE:?}"));
}

#[test]
fn ranks_beyond_one_take_no_part_and_the_job_ends() {
    let output = MpiJob::new(4, p2p()).run();
    output.expect_success("mpi-p2p on 4 ranks");
    assert_each_rank_printed(&output, 4, |rank| match rank {
        0 | 1 => format!("{SEED_SAMPLE:?}"),
        _ => "no sample (only ranks 0 and 1 take part)".to_string(),
    });
}
