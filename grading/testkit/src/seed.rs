//! Per-run seeds, so inputs cannot be hard-coded and a failure can be replayed.

/// The environment variable that fixes the seed, to replay a failing run.
pub const SEED_VARIABLE: &str = "KIT_SEED";

/// Returns the seed for this test run and prints it.
///
/// The seed comes from `KIT_SEED` when it is set to a number, otherwise it is fresh
/// from the operating system. It is printed so that a failure message (libtest shows a
/// failing test's output) tells how to replay the same inputs:
/// `KIT_SEED=1234 cargo test ...`.
///
/// ```
/// let seed = testkit::test_seed();
/// // Two calls in one process may differ unless KIT_SEED is set; each is printed.
/// let _ = seed;
/// ```
pub fn test_seed() -> u64 {
    let seed = std::env::var(SEED_VARIABLE)
        .ok()
        .and_then(|text| text.trim().parse().ok())
        .unwrap_or_else(rand::random);
    println!("test inputs come from seed {seed} (replay with {SEED_VARIABLE}={seed})");
    seed
}

/// A stream of pseudo-random numbers determined by `seed`, for inputs a student could
/// otherwise hard-code (delays, orders, sizes). Pass it [`test_seed`] so a failing run
/// can be replayed.
///
/// ```
/// let mut a = testkit::seeded_generator(7);
/// let mut b = testkit::seeded_generator(7);
/// let first: Vec<u64> = (0..4).map(|_| a()).collect();
/// assert_eq!(first, (0..4).map(|_| b()).collect::<Vec<_>>());
/// assert_ne!(first[0], first[1]);
/// ```
pub fn seeded_generator(seed: u64) -> impl FnMut() -> u64 {
    use rand::{Rng, SeedableRng};
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    move || rng.next_u64()
}
