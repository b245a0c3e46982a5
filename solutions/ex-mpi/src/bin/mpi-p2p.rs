//! `mpi-p2p`: the lab sheet's exchange, and what every rank holds after it. Run it as
//! `mpiexec -n 2 mpi-p2p`.

use mpi::traits::Communicator;

fn main() {
    let universe = mpi::initialize().expect("MPI is initialised once per process");
    let world = universe.world();
    match ex_mpi::p2p::seed_exchange(&world) {
        Some(sample) => println!("rank {}: {sample:?}", world.rank()),
        None => println!(
            "rank {}: no sample (only ranks 0 and 1 take part)",
            world.rank()
        ),
    }
}
