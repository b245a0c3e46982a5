//! # ex-mpi: message passing between processes with MPI, after the Python lab sheets
//!
//! This is the **starter**: the types and signatures are real, the bodies are `todo!()` with a hint. Replace each `todo!` with your code.
//!
//! Every exercise is a library function plus a small program in `src/bin/` that runs it
//! on every rank: `mpiexec -n 4 target/debug/mpi-hello` starts four processes of the
//! same program, and MPI tells each one its rank. The statements are in
//! `ex-mpi/README.md`, the visible tests in `ex-mpi/tests/<id>.rs`. After
//! `002_f1ed66b6bd3778ad.txt`, section 7.4 (mpi4py).
//!
//! | id | module |
//! |---|---|
//! | mpi-hello | [`hello`] |
//! | mpi-p2p | [`p2p`] |
//! | mpi-buffers | [`buffers`] |
//! | mpi-bcast | [`bcast`] |
//! | mpi-reduce | [`reduce`] |

pub mod bcast;
pub mod buffers;
pub mod hello;
pub mod p2p;
pub mod reduce;
