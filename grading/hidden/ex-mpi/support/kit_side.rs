//! The kit's side of a hidden ex-mpi test: inputs a worker rank rebuilds from the test's
//! seed, and receives that give up after a deadline instead of waiting forever for a
//! message the student's code never sent (or sent with another tag).

// Each test file that includes this module uses only some of it.
#![allow(dead_code)]

use std::io::Write;
use std::time::{Duration, Instant};

use mpi::Tag;
use mpi::environment::Universe;
use mpi::topology::{Color, Process, SimpleCommunicator};
use mpi::traits::{Communicator, Equivalence, Source};

/// The variable that passes the test's seed to every rank.
pub const SEED_VARIABLE: &str = "KIT_MPI_SEED";

/// How long the kit waits for a message the student's code should send (well inside the
/// grader's limit of at least 3 s, so a message that never comes is reported as such).
pub const ARRIVAL_LIMIT: Duration = Duration::from_millis(1500);

/// How long a panicking rank waits for mpiexec to forward its message before aborting.
const FORWARDING_TIME: Duration = Duration::from_millis(300);

/// Initialises MPI for a worker rank, and makes a panic on this rank (a starter's
/// `todo!`, a failed check) abort the whole job at once: otherwise the panic would unwind
/// into `MPI_Finalize`, which waits for ranks that may be waiting for this one.
pub fn start_mpi() -> Universe {
    let universe = mpi::initialize().expect("MPI starts once per process");
    let report = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        report(info);
        let _ = std::io::stderr().flush();
        // mpiexec forwards a rank's output on its own time; an abort at once can beat it.
        std::thread::sleep(FORWARDING_TIME);
        SimpleCommunicator::world().abort(101);
    }));
    universe
}

/// The seed the test passed to this rank.
pub fn seed_from_test() -> u64 {
    std::env::var(SEED_VARIABLE)
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or_else(|| panic!("the test passes {SEED_VARIABLE} to every rank"))
}

/// The pair of world ranks `2k` and `2k + 1` this rank is in: `k`, and the pair's own
/// communicator (in which the even rank is 0 and the odd one 1).
pub fn pair_of(world: &SimpleCommunicator) -> (i32, SimpleCommunicator) {
    let index = world.rank() / 2;
    let pair = world
        .split_by_color(Color::with_value(index))
        .expect("every rank is in a pair");
    (index, pair)
}

/// Waits until `process` has sent a message tagged `tag`, at most [`ARRIVAL_LIMIT`],
/// and receives it as a vector; `None` if none came.
pub fn receive_vec_within<T: Equivalence>(process: &Process<'_>, tag: Tag) -> Option<Vec<T>> {
    let deadline = Instant::now() + ARRIVAL_LIMIT;
    while process.immediate_probe_with_tag(tag).is_none() {
        if Instant::now() >= deadline {
            return None;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    Some(process.receive_vec_with_tag(tag).0)
}

/// Receives, as raw bytes, every message from `process` that is already waiting (so an
/// unmatched message never lingers at the end of a test), and returns their tags.
pub fn drain(process: &Process<'_>) -> Vec<Tag> {
    let mut tags = Vec::new();
    while let Some(status) = process.immediate_probe() {
        let _ = process.receive_vec_with_tag::<u8>(status.tag());
        tags.push(status.tag());
    }
    tags
}
