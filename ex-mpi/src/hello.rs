//! # mpi-hello: every process says who it is
//!
//! mpi4py's `python -m mpi4py helloworld` (`002_f1ed66b6bd3778ad.txt`, 7.4) prints one
//! line per process: its rank, the number of processes and the host it runs on. The
//! program `mpi-hello` does the same. The statement is the `mpi-hello` section of
//! `ex-mpi/README.md`.

use mpi::traits::Communicator;

/// The line a process prints: `Hello, World! I am process <rank> of <size> on <host>.`,
/// with its rank in `world`, the number of processes in `world`, and the name MPI gives
/// the processor it runs on (`MPI_Get_processor_name`: the host name).
///
/// Call it after `mpi::initialize()`, like every MPI function.
pub fn greeting<C: Communicator>(world: &C) -> String {
    todo!(
        "mpi-hello: format the greeting with world.rank(), world.size() (now {}) and \
         mpi::environment::processor_name()",
        world.size()
    )
}
