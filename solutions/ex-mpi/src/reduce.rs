//! # mpi-reduce: a sum split over ranks with scatter and reduce
//!
//! Beyond the seed: th-chunks' sum of `i^i mod P` (after `000_423ad200312eb3ed.txt`,
//! E3.3 and E3.4), with processes that share nothing instead of threads that share
//! memory. The root rank alone knows the range; it splits it into one chunk per rank and
//! *scatters* the chunks' bounds (rank `r` receives chunk `r`), every rank sums its own
//! chunk, and a *reduce* adds the partial sums on the root. The statement is the
//! `mpi-reduce` section of `ex-mpi/README.md`.

use std::ops::Range;

use mpi::Rank;
use mpi::collective::SystemOperation;
use mpi::traits::{Communicator, Root};

/// The rank that knows the range and receives the sum.
pub const ROOT: Rank = 0;

/// The prime every sum is taken modulo: `1_000_000_007`, as in th-chunks.
pub const P: u64 = 1_000_000_007;

/// `base` to the power `exponent`, modulo `modulus`, by repeated squaring (th-chunks'
/// function). Given.
///
/// # Panics
/// If `modulus` is 0.
pub fn power_mod(base: u64, exponent: u64, modulus: u64) -> u64 {
    assert!(modulus > 0, "power_mod needs a modulus of at least 1");
    let modulus = u128::from(modulus);
    let mut result = 1 % modulus;
    let mut square = u128::from(base) % modulus;
    let mut exponent = exponent;
    while exponent > 0 {
        if exponent & 1 == 1 {
            result = result * square % modulus;
        }
        square = square * square % modulus;
        exponent >>= 1;
    }
    u64::try_from(result).expect("a value below a u64 modulus fits in a u64")
}

/// The sum of `i^i mod P` for every `i` in `range`, modulo [`P`], in this process.
/// Given.
pub fn sum_sequential(range: Range<u64>) -> u64 {
    range.fold(0, |sum, i| (sum + power_mod(i, i, P)) % P)
}

/// Splits `range` into exactly `n` contiguous chunks, in order, whose lengths differ by
/// at most one; with more chunks than numbers the last chunks are empty (th-chunks'
/// function). Given.
///
/// # Panics
/// If `n` is 0.
pub fn chunk_ranges(range: Range<u64>, n: usize) -> Vec<Range<u64>> {
    assert!(n > 0, "cannot split a range into 0 chunks");
    let n = n as u64;
    let len = range.end.saturating_sub(range.start);
    let (base, extra) = (len / n, len % n);
    let mut start = range.start;
    (0..n)
        .map(|k| {
            let end = start + base + u64::from(k < extra);
            let chunk = start..end;
            start = end;
            chunk
        })
        .collect()
}

/// [`distributed_sum_with`] with [`sum_sequential`] as every rank's work. Given.
pub fn distributed_sum<C: Communicator>(world: &C, range: Option<Range<u64>>) -> Option<u64> {
    distributed_sum_with(world, range, sum_sequential)
}

/// Sums `chunk_sum` over `range` on every rank of `world` at once, and returns the total
/// modulo [`P`] on the root (`Some`) and `None` on every other rank. Every rank must call
/// it (scatter and reduce are collective).
///
/// The root passes `Some(range)` (the other ranks' argument is ignored), splits it with
/// [`chunk_ranges`] into one chunk per rank and scatters each chunk's bounds to its rank
/// (the root keeps chunk 0). Each rank calls `chunk_sum` exactly once, on its own chunk
/// (empty when there are more ranks than numbers), and a reduce adds the partial sums
/// on the root. `chunk_sum` must return a value below [`P`], as [`sum_sequential`] does,
/// so the sum of every rank's part fits in a `u64`.
///
/// # Panics
/// On the root, if it passes `None`.
pub fn distributed_sum_with<C, F>(world: &C, range: Option<Range<u64>>, chunk_sum: F) -> Option<u64>
where
    C: Communicator,
    F: FnOnce(Range<u64>) -> u64,
{
    let root = world.process_at_rank(ROOT);
    let is_root = world.rank() == ROOT;
    // A chunk travels as its two bounds: rank r receives elements 2r and 2r + 1.
    let mut bounds = [0_u64; 2];
    if is_root {
        let range = range.expect("the root rank must pass the range to sum");
        let ranks = usize::try_from(world.size()).expect("a communicator has a positive size");
        let all_bounds: Vec<u64> = chunk_ranges(range, ranks)
            .into_iter()
            .flat_map(|chunk| [chunk.start, chunk.end])
            .collect();
        root.scatter_into_root(&all_bounds[..], &mut bounds[..]);
    } else {
        root.scatter_into(&mut bounds[..]);
    }
    let part = chunk_sum(bounds[0]..bounds[1]);
    if is_root {
        let mut total = 0_u64;
        root.reduce_into_root(&part, &mut total, SystemOperation::sum());
        Some(total % P)
    } else {
        root.reduce_into(&part, SystemOperation::sum());
        None
    }
}
