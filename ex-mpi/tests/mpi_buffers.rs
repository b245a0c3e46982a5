//! Visible tests for mpi-buffers: `cargo test -p ex-mpi --test mpi_buffers`.

#[path = "support/ranks.rs"]
mod ranks;

use std::path::PathBuf;

use ex_mpi::buffers::seed_buffers;
use testkit::MpiJob;

fn buffers() -> PathBuf {
    testkit::program_path("mpi-buffers", option_env!("CARGO_BIN_EXE_mpi-buffers"))
}

/// The two lines the program prints for the seed's arrays.
fn seed_lines() -> Vec<String> {
    let (ints, floats) = seed_buffers();
    vec![
        format!("ints {:?}", &ints[..32]),
        format!("floats {:?}", &floats[..32]),
    ]
}

#[test]
fn rank_one_holds_both_arrays_rank_zero_sent() {
    let output = MpiJob::new(2, buffers()).run();
    output.expect_success("mpi-buffers on 2 ranks");
    for rank in 0..2 {
        assert_eq!(
            output.rank_lines(rank),
            seed_lines(),
            "rank {rank} prints the first 32 ints and floats of the seed's arrays.\n{}",
            output.report()
        );
    }
}

#[test]
fn ranks_beyond_one_take_no_part_and_the_job_ends() {
    let output = MpiJob::new(4, buffers()).run();
    output.expect_success("mpi-buffers on 4 ranks");
    assert_eq!(output.rank_lines(1), seed_lines(), "{}", output.report());
    for rank in 2..4 {
        assert_eq!(
            output.rank_line(rank),
            "no buffers (only ranks 0 and 1 take part)"
        );
    }
}
