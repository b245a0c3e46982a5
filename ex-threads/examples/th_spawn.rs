//! th-spawn demo: ten slow jobs, first one after the other, then one thread each.
//!
//! The lab sheet (`002_f1ed66b6bd3778ad.txt`, §7.1.1) sleeps 1 s per job; this demo sleeps
//! 300 ms so it finishes in about 3.3 s. Run it with
//! `cargo run --release -p ex-threads --example th_spawn`.

use std::time::{Duration, Instant};

use ex_threads::spawn::{run_sequential, run_threaded, slow_add};

fn main() {
    const PAUSE: Duration = Duration::from_millis(300);
    // The lab sheet's pairs: (x, x + 3) for x in 0..10.
    let pairs: Vec<(u64, u64)> = (0..10).map(|x| (x, x + 3)).collect();
    let job = |a, b| slow_add(a, b, PAUSE);

    let started = Instant::now();
    let sequential = run_sequential(&pairs, job);
    let sequential_time = started.elapsed();
    println!("sequential: {sequential_time:>10.3?}  results {sequential:?}");

    let started = Instant::now();
    let threaded = run_threaded(&pairs, job);
    let threaded_time = started.elapsed();
    println!("threaded:   {threaded_time:>10.3?}  results {threaded:?}");

    assert_eq!(sequential, threaded, "both runs must give the same results");
    println!(
        "{} jobs of {PAUSE:?} each: the threaded run was {:.1}x faster",
        pairs.len(),
        sequential_time.as_secs_f64() / threaded_time.as_secs_f64()
    );
}
