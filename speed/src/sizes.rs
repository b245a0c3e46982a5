//! How much work each row does: the demos' sizes, or tiny ones (`--tiny`) that let the
//! whole table run in a few seconds in a debug build, for the test.

use std::time::Duration;

/// Every size the rows use.
#[derive(Debug, Clone, Copy)]
pub struct Sizes {
    /// th-chunks: the sum runs over `0..chunks_end`.
    pub chunks_end: u64,
    /// th-chunks beside Python: the range both languages sum (CPython is slow).
    pub python_chunks_end: u64,
    /// th-spawn: the pause of each of its 10 jobs.
    pub spawn_pause: Duration,
    /// th-download, q-pool-download, as-fetch: how many pages.
    pub pages: usize,
    /// How long the page server takes to answer one page.
    pub page_latency: Duration,
    /// th-titles: how long the page server takes to answer one random page.
    pub titles_latency: Duration,
    /// mp-pool: rows and values per row of the array.
    pub pool_rows: usize,
    /// mp-pool: values per row.
    pub pool_width: usize,
    /// mp-race: races per round, per racer count.
    pub races: u64,
    /// mp-race: each draw is from `0..=race_max`, a hit being 1 in `race_max + 1`.
    pub race_max: u64,
    /// mp-pipe-vs-queue: numbers sent to the reader.
    pub pipe_count: u64,
    /// mp-pipe-vs-queue beside Python: numbers both languages send.
    pub python_pipe_count: u64,
    /// Bytes through the raw pipe that measures this machine's bandwidth.
    pub raw_pipe_bytes: u64,
    /// as-gather divides the lab sheet's delays (0 to 4 s each) by this.
    pub gather_divisor: u32,
    /// mpi-reduce: the sum runs over `0..mpi_end`.
    pub mpi_end: u64,
}

impl Sizes {
    /// The demos' sizes (with the lab sheets' delays shortened), for a release build.
    pub const FULL: Sizes = Sizes {
        chunks_end: 5_000_000,
        python_chunks_end: 300_000,
        spawn_pause: Duration::from_millis(300),
        pages: 80,
        page_latency: Duration::from_millis(50),
        titles_latency: Duration::from_millis(100),
        pool_rows: 4_000,
        pool_width: 5_000,
        races: 20,
        race_max: 10_000_000,
        pipe_count: 1_000_000,
        python_pipe_count: 100_000,
        raw_pipe_bytes: 800_000_000,
        gather_divisor: 200,
        mpi_end: 5_000_000,
    };

    /// Sizes small enough for the whole table to take a few seconds in a debug build.
    pub const TINY: Sizes = Sizes {
        chunks_end: 20_000,
        python_chunks_end: 3_000,
        spawn_pause: Duration::from_millis(5),
        pages: 16,
        page_latency: Duration::from_millis(5),
        titles_latency: Duration::from_millis(5),
        pool_rows: 40,
        pool_width: 200,
        races: 3,
        race_max: 10_000,
        pipe_count: 10_000,
        python_pipe_count: 2_000,
        raw_pipe_bytes: 16_000_000,
        gather_divisor: 2_000,
        mpi_end: 20_000,
    };
}
