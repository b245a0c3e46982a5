//! mp-pool as a program: the lab sheet's count within a range over a large array, one row
//! after another, on a thread pool and on a pool of worker processes; best of three
//! interleaved rounds each, and the speed-up against sequential.
//!
//! `cargo run --release -p ex-multiprocess --example mp_pool` (your code) or
//! `-p ex-multiprocess-solution` (the reference).
//!
//! The threads share the array; the processes get their rows as text through a pipe,
//! which costs more than the counting itself for rows this cheap. That is the price of
//! isolation, and why Rust reaches for threads when the work is only CPU-bound.

#[path = "support/worker_program.rs"]
mod worker_program;

use std::time::{Duration, Instant};

use ex_multiprocess::pool::{build_pool, count_in_processes, count_map, count_sequential};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use worker_program::worker_program;

const ROWS: usize = 4_000;
const WIDTH: usize = 5_000;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let program = worker_program()?;
    let mut rng = StdRng::seed_from_u64(2024);
    let data: Vec<Vec<i64>> = (0..ROWS)
        .map(|_| (0..WIDTH).map(|_| rng.random_range(0..10)).collect())
        .collect();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let pool = build_pool(cores, |_| {})?;
    let expected = count_sequential(&data, 4, 8);
    let mut best = [Duration::MAX; 3];
    for _round in 0..3 {
        let runs: [&dyn Fn() -> Vec<usize>; 3] = [
            &|| count_sequential(&data, 4, 8),
            &|| count_map(&pool, &data, 4, 8),
            &|| count_in_processes(&program, &data, 4, 8, cores).unwrap_or_default(),
        ];
        for (best, run) in best.iter_mut().zip(runs) {
            let started = Instant::now();
            let counts = run();
            *best = (*best).min(started.elapsed());
            if counts != expected {
                return Err("a way gave other counts than sequential".into());
            }
        }
    }
    println!("{ROWS} rows of {WIDTH} values, {cores} cores, best of 3 interleaved rounds");
    let names = ["sequential", "thread pool", "process pool"];
    for (name, time) in names.iter().zip(best) {
        println!(
            "{name:>13}: {time:>9.2?}  {:.2}x sequential",
            best[0].as_secs_f64() / time.as_secs_f64()
        );
    }
    Ok(())
}
