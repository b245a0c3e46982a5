//! `mpi-buffers`: rank 0 sends the lab sheet's two arrays, rank 1 receives them, and both
//! print the first 32 values of each, as the lab sheet does. Run it as
//! `mpiexec -n 2 mpi-buffers`.

use ex_mpi::buffers::{receive_buffers, seed_buffers, send_buffers};
use mpi::traits::Communicator;

/// How many values of each array a rank prints, as in the lab sheet.
const SHOWN: usize = 32;

fn main() {
    let universe = mpi::initialize().expect("MPI is initialised once per process");
    let world = universe.world();
    let rank = world.rank();
    let (ints, floats) = match rank {
        0 => {
            let (ints, floats) = seed_buffers();
            send_buffers(&world, &ints, &floats);
            (ints, floats)
        }
        1 => receive_buffers(&world),
        _ => {
            println!("rank {rank}: no buffers (only ranks 0 and 1 take part)");
            return;
        }
    };
    println!("rank {rank}: ints {:?}", &ints[..SHOWN]);
    println!("rank {rank}: floats {:?}", &floats[..SHOWN]);
}
