//! `mpi-bcast`: rank 0 broadcasts the lab sheet's table and every rank prints what it holds.
//! Run it as `mpiexec -n 4 mpi-bcast`.

use ex_mpi::bcast::{ROOT, broadcast_table, seed_table};
use mpi::traits::Communicator;

fn main() {
    let universe = mpi::initialize().expect("MPI is initialised once per process");
    let world = universe.world();
    let mine = (world.rank() == ROOT).then(seed_table);
    let table = broadcast_table(&world, mine);
    println!("rank {}: {table:?}", world.rank());
}
