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

/// `len` pseudo-random bytes determined by `seed`: binary input for pipes and files.
/// A splitmix64 stream started from [`seeded_generator`], cheap enough for megabytes in a
/// debug build.
///
/// ```
/// let bytes = testkit::seeded_bytes(7, 1 << 20);
/// assert_eq!(bytes.len(), 1 << 20);
/// assert_eq!(bytes, testkit::seeded_bytes(7, 1 << 20));
/// assert_ne!(bytes[..64], testkit::seeded_bytes(8, 64)[..]);
/// ```
pub fn seeded_bytes(seed: u64, len: usize) -> Vec<u8> {
    let mut state = seeded_generator(seed)();
    let mut bytes = Vec::with_capacity(len + 8);
    while bytes.len() < len {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        bytes.extend_from_slice(&(z ^ (z >> 31)).to_le_bytes());
    }
    bytes.truncate(len);
    bytes
}
