//! mp-race as a program: the mean time for 1, 2 and 4 racing threads to make a hit,
//! over many seeded races, the racer counts interleaved race by race (these machines are
//! noisy), and the speed-up against one racer. Two tables: the lab sheet's task (a 1 in
//! 10,001 draw) and a rarer one (1 in 10,000,001).
//!
//! `cargo run --release -p ex-multiprocess --example mp_race [RACES]` (your code) or
//! `-p ex-multiprocess-solution` (the reference).
//!
//! The lesson is in the first table: the lab sheet's task takes about 10,000 draws, a tenth
//! of a millisecond, which is less than starting a few threads costs, so racing makes it
//! *slower*. Racing pays when one attempt is long and its length varies a lot: the
//! expected first hit of n racers comes n times sooner.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use ex_multiprocess::race::{MAX_DRAW, TARGET, race_for_target, race_threads};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

/// The rarer draw: 0 to this, inclusive.
const RARE_MAX: u64 = 10_000_000;

/// Draws from 0 to [`RARE_MAX`] until `TARGET`, stopping when `cancel` is set.
fn rare_draw(seed: u64, cancel: &AtomicBool) -> Option<u64> {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut draws = 0;
    while !cancel.load(Ordering::Relaxed) {
        draws += 1;
        if rng.random_range(0..=RARE_MAX) == TARGET {
            return Some(draws);
        }
    }
    None
}

/// Times `races` races for each racer count, interleaved, and prints the table.
fn table(title: &str, races: u64, race: impl Fn(usize, u64) -> bool) -> Result<(), String> {
    let racers = [1usize, 2, 4];
    let mut totals = [Duration::ZERO; 3];
    for round in 0..races {
        for (total, workers) in totals.iter_mut().zip(racers) {
            let started = Instant::now();
            if !race(workers, round * 1000) {
                return Err(format!("a race of {workers} ended without a winner"));
            }
            *total += started.elapsed();
        }
    }
    println!("{title}: {races} races per row (seeds 0, 1000, 2000, ...)");
    let one = totals[0].as_secs_f64();
    for (total, workers) in totals.iter().zip(racers) {
        println!(
            "  {workers} racer(s): mean {:>10.2?} per race, {:.2}x one racer",
            *total / u32::try_from(races).unwrap_or(u32::MAX),
            one / total.as_secs_f64()
        );
    }
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let races: u64 = match std::env::args().nth(1) {
        Some(text) => text.parse()?,
        None => 2000,
    };
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("{cores} cores");
    table(
        &format!("the lab sheet's task, 1 in {}", MAX_DRAW + 1),
        races,
        |workers, seed| race_for_target(workers, seed, TARGET).is_some(),
    )?;
    table(
        &format!("a rarer hit, 1 in {}", RARE_MAX + 1),
        (races / 10).max(5),
        |workers, seed| {
            race_threads(workers, |worker, cancel| {
                rare_draw(seed.wrapping_add(worker as u64), cancel)
            })
            .is_some()
        },
    )?;
    println!("(goal for the rarer hit with 2 racers on 2 cores: at least 1.8x)");
    Ok(())
}
