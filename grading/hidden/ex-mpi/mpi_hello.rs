//! Hidden tests for mpi-hello: an odd number of ranks, and `greeting` on a communicator
//! that is not the world (it must describe the communicator it is given).

#[path = "support/kit_side.rs"]
mod kit_side;
#[path = "../../../ex-mpi/tests/support/ranks.rs"]
mod ranks;

use std::path::PathBuf;

use ex_mpi::hello::greeting;
use kit_side::start_mpi;
use mpi::topology::Color;
use mpi::traits::Communicator;
use ranks::{assert_each_rank_printed, host_name, sorted_lines_starting_with};
use testkit::MpiJob;

fn hello() -> PathBuf {
    testkit::program_path("mpi-hello", option_env!("CARGO_BIN_EXE_mpi-hello"))
}

/// Every rank greets for the half of the world it is in: even ranks and odd ranks.
fn greet_in_halves() {
    let universe = start_mpi();
    let world = universe.world();
    let half = world
        .split_by_color(Color::with_value(world.rank() % 2))
        .expect("every rank has a colour");
    println!("rank {}: {}", world.rank(), greeting(&half));
}

testkit::worker_entry!(greet_in_halves);

#[test]
fn each_of_three_ranks_greets_once() {
    let output = MpiJob::new(3, hello()).run();
    output.expect_success("mpi-hello on 3 ranks");
    let host = host_name();
    let expected: Vec<String> = (0..3)
        .map(|rank| format!("Hello, World! I am process {rank} of 3 on {host}."))
        .collect();
    assert_eq!(
        sorted_lines_starting_with(&output, "Hello"),
        expected,
        "every rank prints its own greeting once, not only rank 0.\n{}",
        output.report()
    );
}

#[test]
fn the_greeting_describes_the_communicator_it_is_given() {
    let output = MpiJob::from_command(3, &worker_command("greet_in_halves")).run();
    output.expect_success("greeting on halves of 3 ranks");
    let host = host_name();
    // Ranks 0 and 2 form one half (ranks 0 and 1 in it), rank 1 the other.
    assert_each_rank_printed(&output, 3, |rank| {
        let size = if rank % 2 == 0 { 2 } else { 1 };
        format!(
            "Hello, World! I am process {} of {size} on {host}.",
            rank / 2
        )
    });
}
