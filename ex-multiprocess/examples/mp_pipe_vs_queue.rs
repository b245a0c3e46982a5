//! mp-pipe-vs-queue as a program: the lab sheet's benchmark. 10^4, 10^5 and 10^6 numbers to a
//! reader process, each way, best of three interleaved rounds; messages per second, and
//! the buffered stream's bytes per second as a fraction of this machine's raw pipe
//! bandwidth (`head -c 800M /dev/zero | cat > /dev/null`, timed in the same run).
//!
//! `cargo run --release -p ex-multiprocess --example mp_pipe_vs_queue` (your code) or
//! `-p ex-multiprocess-solution` (the reference).

#[path = "support/worker_program.rs"]
mod worker_program;

use std::process::Command;
use std::time::{Duration, Instant};

use ex_multiprocess::pipe_vs_queue::{MESSAGE_BYTES, Way, send_to_reader};
use worker_program::worker_program;

/// Bytes per second through a pipe between two programs that do nothing else.
fn raw_pipe_bandwidth() -> Result<f64, Box<dyn std::error::Error>> {
    const BYTES: u64 = 800_000_000;
    let started = Instant::now();
    let status = Command::new("sh")
        .args([
            "-c",
            &format!("head -c {BYTES} /dev/zero | cat > /dev/null"),
        ])
        .status()?;
    if !status.success() {
        return Err("the raw pipe measurement failed".into());
    }
    Ok(BYTES as f64 / started.elapsed().as_secs_f64())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let program = worker_program()?;
    let ways = [Way::OneWritePerMessage, Way::BufferedStream, Way::Queue];
    let counts = [10_000u64, 100_000, 1_000_000];
    let mut best = [[Duration::MAX; 3]; 3];
    let mut raw = 0.0f64;
    for _round in 0..3 {
        raw = raw.max(raw_pipe_bandwidth()?);
        for (row, count) in best.iter_mut().zip(counts) {
            for (best, way) in row.iter_mut().zip(ways) {
                let transfer = send_to_reader(&program, way, count)?;
                if transfer.received.count != count || !transfer.received.in_order {
                    return Err(format!("{way:?} lost or reordered numbers").into());
                }
                *best = (*best).min(transfer.elapsed);
            }
        }
    }
    println!(
        "best of 3 interleaved rounds; raw pipe bandwidth {:.2} GB/s",
        raw / 1e9
    );
    for (row, count) in best.iter().zip(counts) {
        for (time, way) in row.iter().zip(ways) {
            let per_second = count as f64 / time.as_secs_f64();
            let bytes_per_second = per_second * MESSAGE_BYTES as f64;
            println!(
                "{count:>8} numbers, {:<20} {time:>10.2?}  {:>6.2} M msg/s  {:>5.1}% of raw",
                format!("{way:?}"),
                per_second / 1e6,
                100.0 * bytes_per_second / raw
            );
        }
    }
    Ok(())
}
