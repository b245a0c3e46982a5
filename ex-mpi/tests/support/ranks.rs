//! What the ex-mpi tests share: the host name every rank should report, and a job's
//! lines read per rank.

// Each test file that includes this module uses only some of it.
#![allow(dead_code)]

use testkit::MpiOutput;

/// The name of this machine, as `MPI_Get_processor_name` reports it on every rank here
/// (MPICH returns the host name).
pub fn host_name() -> String {
    std::fs::read_to_string("/proc/sys/kernel/hostname")
        .map(|name| name.trim().to_string())
        .unwrap_or_else(|error| panic!("the host name is unreadable: {error}"))
}

/// The lines of stdout that start with `prefix`, sorted (ranks print in any order).
pub fn sorted_lines_starting_with<'a>(output: &'a MpiOutput, prefix: &str) -> Vec<&'a str> {
    let mut lines: Vec<&str> = output
        .stdout
        .lines()
        .filter(|line| line.starts_with(prefix))
        .collect();
    lines.sort_unstable();
    lines
}

/// Asserts that every rank `0..ranks` printed exactly the line `expected(rank)` after
/// `rank <rank>: `, and nothing else on such lines.
pub fn assert_each_rank_printed(
    output: &MpiOutput,
    ranks: usize,
    expected: impl Fn(usize) -> String,
) {
    for rank in 0..ranks {
        let want = expected(rank);
        assert_eq!(
            output.rank_lines(rank),
            vec![want.as_str()],
            "rank {rank} should print `rank {rank}: {want}`.\n{}",
            output.report()
        );
    }
}
