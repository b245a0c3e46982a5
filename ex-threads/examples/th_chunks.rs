//! th-chunks demo: the sum of `i^i mod P` on one thread, then on 2 and 4 threads.
//!
//! Run it in release mode, where the arithmetic dominates:
//! `cargo run --release -p ex-threads --example th_chunks`.
//! The three versions take turns for three rounds and each keeps its best time, so a
//! moment when another program held a core does not decide the figures. On a machine
//! with two free cores, 2 threads take about half the time of one, and 4 threads gain
//! nothing more there. (CPython's GIL lets the lab sheet's threaded version gain almost nothing; Rust
//! threads really run in parallel.)

use std::ops::Range;
use std::time::{Duration, Instant};

use ex_threads::chunks::{sum_parallel, sum_sequential};

/// About one second of work on one core of a typical machine, in release mode.
const RANGE: Range<u64> = 0..5_000_000;
/// How many times each version runs; the best time counts.
const ROUNDS: usize = 3;

fn main() {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "sum of i^i mod P for i in {RANGE:?}, best of {ROUNDS} rounds ({cores} cores available)"
    );

    // (label, thread count; 0 means sum_sequential)
    let versions = [
        ("sum_sequential", 0),
        ("sum_parallel(2)", 2),
        ("sum_parallel(4)", 4),
    ];
    let mut best = [Duration::MAX; 3];
    let mut answers = [0; 3];
    for _ in 0..ROUNDS {
        for (k, &(_, threads)) in versions.iter().enumerate() {
            let started = Instant::now();
            answers[k] = match threads {
                0 => sum_sequential(RANGE),
                n => sum_parallel(RANGE, n),
            };
            best[k] = best[k].min(started.elapsed());
        }
    }
    assert!(
        answers.iter().all(|&a| a == answers[0]),
        "every version must give the same sum"
    );

    println!("the sum is {}", answers[0]);
    for (k, (label, _)) in versions.iter().enumerate() {
        println!(
            "{label:<16} {:>10.3?}  speed-up {:.2}x",
            best[k],
            best[0].as_secs_f64() / best[k].as_secs_f64()
        );
    }
}
