//! # mpi-buffers: typed buffers, matched by tag
//!
//! The lab sheet's second program (`002_f1ed66b6bd3778ad.txt`, 7.4, `sem07mpi2.py`): rank 0
//! sends 1000 `int`s with tag 77 and 100 `float64`s with tag 13 from numpy arrays, and
//! rank 1 receives each into an array allocated beforehand. mpi4py's uppercase
//! `Send`/`Recv` pass a buffer and its MPI datatype; in Rust a slice of `i32` or `f64`
//! *is* such a buffer, and its datatype comes from the element type. A receive names the
//! tag it wants, so the two messages cannot be mixed up, whatever order they come in.
//! The statement is the `mpi-buffers` section of `ex-mpi/README.md`.

use mpi::Tag;
use mpi::traits::Communicator;

/// How many integers rank 0 sends, as in the lab sheet.
pub const INT_COUNT: usize = 1000;
/// The tag of the integers.
pub const INT_TAG: Tag = 77;
/// How many floats rank 0 sends, as in the lab sheet.
pub const FLOAT_COUNT: usize = 100;
/// The tag of the floats.
pub const FLOAT_TAG: Tag = 13;

/// The lab sheet's data: `numpy.arange(1000, dtype='i')` and `numpy.arange(100,
/// dtype=numpy.float64)`. Given.
pub fn seed_buffers() -> (Vec<i32>, Vec<f64>) {
    let ints = (0..).take(INT_COUNT).collect();
    let floats = (0..FLOAT_COUNT).map(|i| i as f64).collect();
    (ints, floats)
}

/// Sends `ints` to rank 1 with [`INT_TAG`], then `floats` with [`FLOAT_TAG`], each as
/// one message. Called on rank 0.
///
/// # Panics
/// If `ints` does not hold [`INT_COUNT`] values or `floats` [`FLOAT_COUNT`] (the
/// receiver's buffers have exactly those sizes), or `world` has fewer than 2 ranks.
pub fn send_buffers<C: Communicator>(world: &C, ints: &[i32], floats: &[f64]) {
    todo!(
        "mpi-buffers: send {} ints with tag INT_TAG and {} floats with tag FLOAT_TAG to \
         rank 1 of {}",
        ints.len(),
        floats.len(),
        world.size()
    )
}

/// Receives, from rank 0, the integers tagged [`INT_TAG`] into a buffer of [`INT_COUNT`]
/// and the floats tagged [`FLOAT_TAG`] into one of [`FLOAT_COUNT`], and returns both.
/// Called on rank 1. Each receive matches only its own tag, so a message with any other
/// tag is left for another receive.
///
/// # Panics
/// If a message holds fewer values than its buffer (a longer one makes MPI abort the
/// job: it would not fit), or `world` has fewer than 2 ranks.
pub fn receive_buffers<C: Communicator>(world: &C) -> (Vec<i32>, Vec<f64>) {
    todo!(
        "mpi-buffers: on rank {}, receive from rank 0 into a buffer of INT_COUNT i32 by \
         INT_TAG and one of FLOAT_COUNT f64 by FLOAT_TAG (receive_into_with_tag)",
        world.rank()
    )
}
