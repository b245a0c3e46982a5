//! What the tests of mp-lock check about the shared file.

/// Checks that `lines` are exactly `hello world 0` … `hello world {count - 1}`, each
/// once, in any order: no line was interleaved with another.
pub fn assert_whole_lines(lines: &[String], count: usize) {
    let broken: Vec<&String> = lines
        .iter()
        .filter(|line| {
            line.strip_prefix("hello world ")
                .and_then(|number| number.parse::<usize>().ok())
                .is_none_or(|number| number >= count)
        })
        .collect();
    assert!(
        broken.is_empty(),
        "lines that are not one whole `hello world i` (pieces of lines written at the same \
         time by different processes: hold the lock for the whole line): {broken:?}"
    );
    let mut numbers: Vec<usize> = lines
        .iter()
        .filter_map(|line| line.strip_prefix("hello world ")?.parse().ok())
        .collect();
    numbers.sort_unstable();
    assert_eq!(
        numbers,
        (0..count).collect::<Vec<_>>(),
        "each worker's line once: {lines:?}"
    );
}
