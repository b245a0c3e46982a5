//! The seeded 2-D arrays the tests of mp-pool count in.

/// `rows` rows of `width` values from 0 to 9, from `seed` (the seed's
/// `np.random.randint(0, 10, size=[200000, 5])`, smaller).
pub fn seeded_rows(seed: u64, rows: usize, width: usize) -> Vec<Vec<i64>> {
    let mut next = testkit::seeded_generator(seed);
    (0..rows)
        .map(|_| (0..width).map(|_| (next() % 10) as i64).collect())
        .collect()
}

/// The counts within `[minimum, maximum]`, computed here, row by row.
pub fn expected_counts(data: &[Vec<i64>], minimum: i64, maximum: i64) -> Vec<usize> {
    data.iter()
        .map(|row| {
            row.iter()
                .filter(|value| (minimum..=maximum).contains(*value))
                .count()
        })
        .collect()
}
