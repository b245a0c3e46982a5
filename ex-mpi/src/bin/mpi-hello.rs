//! `mpi-hello`: every rank prints its greeting. Run it as `mpiexec -n 4 mpi-hello`.

fn main() {
    todo!(
        "mpi-hello: initialise MPI once (mpi::initialize()), take universe.world(), and \
         print ex_mpi::hello::greeting(&world) on every rank"
    )
}
