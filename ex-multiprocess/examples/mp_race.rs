//! mp-race as a program: the mean time for 1, 2 and 4 racing threads to draw 1337, over
//! many seeded races, the counts interleaved round by round (these machines are noisy),
//! and the speed-up against one racer.
//!
//! `cargo run --release -p ex-multiprocess --example mp_race [RACES]` (your code) or
//! `-p ex-multiprocess-solution` (the reference).

use std::time::{Duration, Instant};

use ex_multiprocess::race::{TARGET, race_for_target};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let races: u64 = match std::env::args().nth(1) {
        Some(text) => text.parse()?,
        None => 400,
    };
    let racers = [1usize, 2, 4];
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut totals = [Duration::ZERO; 3];
    for race in 0..races {
        for (total, workers) in totals.iter_mut().zip(racers) {
            // A different seed per race, the same seeds for every racer count.
            let started = Instant::now();
            race_for_target(workers, race * 1000, TARGET).ok_or("a race ended without a winner")?;
            *total += started.elapsed();
        }
    }
    println!("{races} races per row, seeds 0, 1000, 2000, ...; {cores} cores");
    let one = totals[0].as_secs_f64();
    for (total, workers) in totals.iter().zip(racers) {
        println!(
            "{workers} racer(s): mean {:>9.2?} per race, {:.2}x one racer",
            *total / u32::try_from(races).unwrap_or(u32::MAX),
            one / total.as_secs_f64()
        );
    }
    println!("(goal with 2 racers on 2 cores: at least 1.8x)");
    Ok(())
}
