//! as-gather as a program: 100 tasks with seeded random delays of 0–4 s on real time,
//! gathered. It prints the lab sheet (give it again to replay the run), the first tasks to
//! finish, and the time taken against the sum of the delays.
//!
//! `cargo run -p ex-async --example as_gather [SEED]` (your code) or
//! `cargo run -p ex-async-solution --example as_gather [SEED]` (the reference).

use std::time::Duration;

use ex_async::gather::{TASKS, gather_delays, random_delays};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let seed = match std::env::args().nth(1) {
        Some(text) => text.parse()?,
        None => rand::random(),
    };
    println!(
        "seed {seed} (replay this run with: cargo run -p ex-async --example as_gather -- {seed})"
    );
    let delays = random_delays(seed, TASKS);
    let report = gather_delays(&delays).await;
    let first: Vec<String> = report
        .finish_order
        .iter()
        .take(5)
        .map(|&task| format!("task {task} ({:?})", delays[task]))
        .collect();
    println!("first to finish: {}", first.join(", "));
    let sum: Duration = delays.iter().sum();
    let largest = delays.iter().max().copied().unwrap_or_default();
    println!(
        "{} tasks gathered in {:.3?}: the largest delay is {largest:?}, the sum of all {sum:.1?} ({:.0}x)",
        report.results.len(),
        report.elapsed,
        sum.as_secs_f64() / report.elapsed.as_secs_f64().max(f64::MIN_POSITIVE)
    );
    Ok(())
}
