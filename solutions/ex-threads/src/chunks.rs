//! # th-chunks: Split a CPU-bound sum over threads
//!
//! Sum `i^i mod P` over a range of numbers, first on one thread, then split into `N`
//! contiguous chunks that `N` threads sum at the same time. Unlike CPython's threads, Rust
//! threads run on all cores at once, so the split really is faster. After
//! `000_423ad200312eb3ed.txt`, E3.3 and E3.4 (`process_stuff` adding `i**i` over a range
//! split in two). The statement is the `th-chunks` section of `ex-threads/README.md`.

use std::ops::Range;
use std::thread;

/// The prime every sum is taken modulo: `1_000_000_007`.
pub const P: u64 = 1_000_000_007;

/// `base` to the power `exponent`, modulo `modulus`, by repeated squaring.
///
/// Takes `O(log exponent)` multiplications and never overflows, for any `u64` inputs.
/// `power_mod(0, 0, m)` is `1 % m`, like Python's `0 ** 0 == 1`.
///
/// # Panics
/// If `modulus` is 0.
///
/// ```
/// use ex_threads::chunks::power_mod;
///
/// assert_eq!(power_mod(3, 4, 1000), 81);
/// assert_eq!(power_mod(2, 10, 1000), 24);
/// assert_eq!(power_mod(u64::MAX, u64::MAX, 7), 1);
/// ```
pub fn power_mod(base: u64, exponent: u64, modulus: u64) -> u64 {
    assert!(modulus > 0, "power_mod needs a modulus of at least 1");
    // Products of two numbers below 2^64 fit in a u128, so nothing can overflow.
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
    // The value is below `modulus`, which came from a u64.
    u64::try_from(result).expect("a value below a u64 modulus fits in a u64")
}

/// One term of the sum: `i^i mod P`.
///
/// ```
/// use ex_threads::chunks::term;
///
/// assert_eq!(term(0), 1);
/// assert_eq!(term(3), 27);
/// assert_eq!(term(10), 999_999_937); // 10^10 mod 1_000_000_007
/// ```
pub fn term(i: u64) -> u64 {
    power_mod(i, i, P)
}

/// The sum of [`term`]`(i)` for every `i` in `range`, modulo [`P`], on the calling thread.
///
/// A range whose end is not after its start is empty and sums to 0.
///
/// ```
/// use ex_threads::chunks::sum_sequential;
///
/// assert_eq!(sum_sequential(1..4), 1 + 4 + 27);
/// assert_eq!(sum_sequential(5..5), 0);
/// ```
pub fn sum_sequential(range: Range<u64>) -> u64 {
    range.fold(0, |sum, i| (sum + term(i)) % P)
}

/// Splits `range` into exactly `n` contiguous chunks, in order, that together cover it.
///
/// Chunk lengths differ by at most one (the first `len % n` chunks are one longer). When
/// `n` is larger than the range, the last chunks are empty; an empty range gives `n`
/// empty chunks.
///
/// # Panics
/// If `n` is 0: a range cannot be split into 0 chunks.
///
/// ```
/// use ex_threads::chunks::chunk_ranges;
///
/// assert_eq!(chunk_ranges(0..10, 3), vec![0..4, 4..7, 7..10]);
/// assert_eq!(chunk_ranges(5..7, 3), vec![5..6, 6..7, 7..7]);
/// ```
pub fn chunk_ranges(range: Range<u64>, n: usize) -> Vec<Range<u64>> {
    assert!(n > 0, "cannot split a range into 0 chunks");
    let n = n as u64;
    let len = range.end.saturating_sub(range.start);
    // Dividing with the remainder spread over the first chunks loses nothing at the
    // edges; the lab sheet's `len // n` chunk size drops the last `len % n` numbers.
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

/// Splits `range` into `threads` chunks ([`chunk_ranges`]), calls `chunk_sum` on every
/// chunk, each on its own thread, all at the same time, and adds the results modulo [`P`].
///
/// `chunk_sum` is called exactly `threads` times (empty chunks included), never on the
/// calling thread. Taking it as a parameter lets a test watch the threads work;
/// [`sum_parallel`] passes [`sum_sequential`].
///
/// Bounds: `F: Sync` because every thread calls `chunk_sum` at the same time through a
/// shared reference; the threads are scoped, so it need not be `Send` or `'static`.
///
/// # Panics
/// If `threads` is 0, or if `chunk_sum` panics.
///
/// ```
/// use ex_threads::chunks::{sum_parallel_with, sum_sequential};
///
/// assert_eq!(sum_parallel_with(0..1000, 4, sum_sequential), sum_sequential(0..1000));
/// // Count the numbers instead: every number is in exactly one chunk.
/// assert_eq!(sum_parallel_with(0..1000, 7, |chunk| chunk.end - chunk.start), 1000);
/// ```
pub fn sum_parallel_with<F>(range: Range<u64>, threads: usize, chunk_sum: F) -> u64
where
    F: Fn(Range<u64>) -> u64 + Sync,
{
    let chunks = chunk_ranges(range, threads);
    thread::scope(|scope| {
        let chunk_sum = &chunk_sum;
        // Start every thread before joining any, so the chunks are summed side by side.
        let handles: Vec<_> = chunks
            .into_iter()
            .map(|chunk| scope.spawn(move || chunk_sum(chunk)))
            .collect();
        handles.into_iter().fold(0, |total, handle| {
            let part = handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (total + part % P) % P
        })
    })
}

/// [`sum_sequential`] computed by `threads` threads at once: [`sum_parallel_with`] with
/// [`sum_sequential`] as the chunk sum.
///
/// # Panics
/// If `threads` is 0.
///
/// ```
/// use ex_threads::chunks::{sum_parallel, sum_sequential};
///
/// assert_eq!(sum_parallel(0..10_000, 2), sum_sequential(0..10_000));
/// assert_eq!(sum_parallel(3..5, 8), sum_sequential(3..5));
/// ```
pub fn sum_parallel(range: Range<u64>, threads: usize) -> u64 {
    sum_parallel_with(range, threads, sum_sequential)
}
