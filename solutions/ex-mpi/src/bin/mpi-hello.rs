//! `mpi-hello`: every rank prints its greeting. Run it as `mpiexec -n 4 mpi-hello`.

fn main() {
    // Once per process: MPI_Init now, MPI_Finalize when `universe` is dropped at the end.
    let universe = mpi::initialize().expect("MPI is initialised once per process");
    let world = universe.world();
    println!("{}", ex_mpi::hello::greeting(&world));
}
