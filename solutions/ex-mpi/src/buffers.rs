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
use mpi::datatype::Equivalence;
use mpi::traits::{Communicator, Destination, Source};

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
    assert_eq!(
        ints.len(),
        INT_COUNT,
        "mpi-buffers sends exactly {INT_COUNT} ints"
    );
    assert_eq!(
        floats.len(),
        FLOAT_COUNT,
        "mpi-buffers sends exactly {FLOAT_COUNT} floats"
    );
    assert!(world.size() >= 2, "mpi-buffers needs at least 2 ranks");
    let receiver = world.process_at_rank(1);
    receiver.send_with_tag(ints, INT_TAG);
    receiver.send_with_tag(floats, FLOAT_TAG);
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
    assert!(world.size() >= 2, "mpi-buffers needs at least 2 ranks");
    let sender = world.process_at_rank(0);
    let mut ints = vec![0_i32; INT_COUNT];
    let status = sender.receive_into_with_tag(&mut ints[..], INT_TAG);
    assert_eq!(
        status.count(i32::equivalent_datatype()),
        INT_COUNT as i32,
        "the message tagged {INT_TAG} must fill the buffer"
    );
    let mut floats = vec![0.0_f64; FLOAT_COUNT];
    let status = sender.receive_into_with_tag(&mut floats[..], FLOAT_TAG);
    assert_eq!(
        status.count(f64::equivalent_datatype()),
        FLOAT_COUNT as i32,
        "the message tagged {FLOAT_TAG} must fill the buffer"
    );
    (ints, floats)
}
