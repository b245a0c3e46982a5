//! `mpi-reduce`: the sum of `i^i mod P` over `0..N` on every rank at once; the root
//! prints it and the time the ranks took. Run it as `mpiexec -n 2 mpi-reduce 200000`
//! (`N` defaults to 200 000).

use ex_mpi::reduce::{ROOT, distributed_sum};
use mpi::traits::{Communicator, CommunicatorCollectives};

/// The default end of the range.
const DEFAULT_END: u64 = 200_000;

fn main() {
    let end = match std::env::args().nth(1) {
        Some(arg) => arg.parse().unwrap_or_else(|_| {
            eprintln!("usage: mpi-reduce [N]   (N: a whole number, the end of 0..N)");
            std::process::exit(2)
        }),
        None => DEFAULT_END,
    };
    let universe = mpi::initialize().expect("MPI is initialised once per process");
    let world = universe.world();
    let is_root = world.rank() == ROOT;
    // Every rank starts the clock together, after MPI has started everywhere.
    world.barrier();
    let started = mpi::time();
    let sum = distributed_sum(&world, is_root.then_some(0..end));
    if let Some(sum) = sum {
        let seconds = mpi::time() - started;
        println!(
            "rank {}: sum of i^i mod P over 0..{end} on {} ranks = {sum} ({seconds:.3} s)",
            world.rank(),
            world.size()
        );
    }
}
