//! How a figure is taken: every way of a row runs once per round, the ways taking turns
//! (sequential, parallel, Python, sequential, parallel, Python, …), and each way keeps its
//! best time. A moment when another program held a core then slows one round of one way,
//! not the figure.

use std::process::Command;
use std::time::{Duration, Instant};

/// How many cores this program may use: `std::thread::available_parallelism`, or 1.
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// The CPU limit of work on `threads` threads: the cores, capped by the thread count.
pub fn cpu_limit(threads: usize) -> usize {
    cores().min(threads)
}

/// Runs `job` and returns how long it took with what it returned.
pub fn timed<T>(job: impl FnOnce() -> T) -> (Duration, T) {
    let started = Instant::now();
    let value = job();
    (started.elapsed(), value)
}

/// Runs `ways` ways for `rounds` rounds, interleaved: in each round `run(k)` for every
/// way `k` in turn. `run` returns the time of its way (having checked its answer) or the
/// error that fails the row. Returns each way's best time, in seconds.
///
/// # Errors
/// The first error any run returned; the rounds stop there.
pub fn best_of_rounds(
    rounds: usize,
    ways: usize,
    mut run: impl FnMut(usize) -> Result<Duration, String>,
) -> Result<Vec<f64>, String> {
    let mut best = vec![Duration::MAX; ways];
    for _round in 0..rounds.max(1) {
        for (way, best) in best.iter_mut().enumerate() {
            *best = (*best).min(run(way)?);
        }
    }
    Ok(best.iter().map(Duration::as_secs_f64).collect())
}

/// How long `bytes` bytes take through a pipe between two programs that do nothing
/// else: `head -c BYTES /dev/zero | cat > /dev/null`, timed (as `mp_pipe_vs_queue` does).
/// `bytes` divided by this is the machine's raw pipe bandwidth.
///
/// # Errors
/// If the shell cannot run or the pipeline fails.
pub fn raw_pipe(bytes: u64) -> Result<Duration, String> {
    let (elapsed, status) = timed(|| {
        Command::new("sh")
            .args([
                "-c",
                &format!("head -c {bytes} /dev/zero | cat > /dev/null"),
            ])
            .status()
    });
    match status {
        Ok(status) if status.success() => Ok(elapsed),
        Ok(status) => Err(format!("the raw pipe measurement failed ({status})")),
        Err(error) => Err(format!("the raw pipe measurement could not start: {error}")),
    }
}
