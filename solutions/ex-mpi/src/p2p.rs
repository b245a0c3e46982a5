//! # mpi-p2p: rank 0 sends a structured value to rank 1
//!
//! The lab sheet's first program (`002_f1ed66b6bd3778ad.txt`, 7.4, `sem07mpi1.py`): rank 0
//! sends `{'a': 7, 'b': 3.14}` with tag 11, rank 1 receives it, and both print it.
//! mpi4py's lowercase `send` pickles any Python object; here the value is a Rust struct
//! whose layout MPI is told about (`#[derive(Equivalence)]`), so it travels as one typed
//! message with no serialisation at all. The statement is the `mpi-p2p` section of
//! `ex-mpi/README.md`.

use mpi::Tag;
use mpi::traits::{Communicator, Destination, Equivalence, Source};

/// The value the lab sheet sends: a dictionary `{'a': 7, 'b': 3.14}` in Python, a struct here.
///
/// `Equivalence` describes its fields to MPI (an `MPI_Datatype` of an int and a double
/// at their offsets), so a `Sample` can be sent and received as it is.
#[derive(Debug, Clone, Copy, PartialEq, Equivalence)]
pub struct Sample {
    /// The lab sheet's `'a'`.
    pub a: i32,
    /// The lab sheet's `'b'`.
    pub b: f64,
}

/// The lab sheet's value, `{'a': 7, 'b': 3.14}`.
// 3.14 is the lab sheet's number, not an approximation of pi.
#[allow(clippy::approx_constant)]
pub const SEED_SAMPLE: Sample = Sample { a: 7, b: 3.14 };

/// The tag the sample travels with, as in the lab sheet.
pub const SAMPLE_TAG: Tag = 11;

/// Sends `sample` to rank 1 with [`SAMPLE_TAG`]. Called on rank 0.
///
/// # Panics
/// If `world` has fewer than 2 ranks (there is no rank 1 to send to).
pub fn send_sample<C: Communicator>(world: &C, sample: &Sample) {
    assert_two_ranks(world);
    world.process_at_rank(1).send_with_tag(sample, SAMPLE_TAG);
}

/// Receives the sample rank 0 sent with [`SAMPLE_TAG`] and returns it. Called on rank 1;
/// it waits until the message arrives.
///
/// # Panics
/// If `world` has fewer than 2 ranks.
pub fn receive_sample<C: Communicator>(world: &C) -> Sample {
    assert_two_ranks(world);
    let (sample, _status) = world.process_at_rank(0).receive_with_tag(SAMPLE_TAG);
    sample
}

/// The seed's program on this rank: rank 0 sends [`SEED_SAMPLE`] to rank 1 and returns
/// it, rank 1 receives it and returns what arrived, and every other rank takes no part
/// and returns `None` at once (in the lab sheet those ranks fail with a `NameError`, because
/// `data` is never assigned there).
///
/// # Panics
/// If `world` has fewer than 2 ranks.
pub fn seed_exchange<C: Communicator>(world: &C) -> Option<Sample> {
    assert_two_ranks(world);
    match world.rank() {
        0 => {
            send_sample(world, &SEED_SAMPLE);
            Some(SEED_SAMPLE)
        }
        1 => Some(receive_sample(world)),
        _ => None,
    }
}

/// Fails clearly where the exchange has no second rank: otherwise MPI would abort on a
/// rank that does not exist.
fn assert_two_ranks<C: Communicator>(world: &C) {
    assert!(
        world.size() >= 2,
        "mpi-p2p needs at least 2 ranks (run it with mpiexec -n 2); this run has {}",
        world.size()
    );
}
