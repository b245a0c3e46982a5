//! The mpi-reduce speed-up: the same sum of `i^i mod P` on 1, 2 and 4 ranks.
//!
//! ```sh
//! cargo run --release -p ex-mpi --example mpi_reduce            # 0..20 000 000
//! cargo run --release -p ex-mpi --example mpi_reduce -- 5000000
//! ```
//!
//! The example starts itself under `mpiexec -n <ranks>` for each rank count, in three
//! interleaved rounds (1, 2, 4, 1, 2, 4, …: a noisy machine slows all counts alike), and
//! keeps each count's best time. A run's time is its root's: `MPI_Wtime` from a barrier
//! after every rank has started to the reduced total, so starting the processes is not
//! counted. On a machine with fewer cores than ranks, the ranks take turns on the cores
//! (oversubscribed), so 4 ranks on 2 cores cannot beat 2.
//!
//! The last line is for programs (the kit's speed table reads it):
//! `figures 1:<seconds> 2:<seconds> 4:<seconds> sum:<sum>`.

use std::process::Command;

use ex_mpi::reduce::{ROOT, distributed_sum};
use mpi::traits::{Communicator, CommunicatorCollectives};

/// Set in the environment of the ranks this example starts.
const RANK_VARIABLE: &str = "MPI_REDUCE_EXAMPLE_RANK";
/// The rank counts compared.
const RANK_COUNTS: [usize; 3] = [1, 2, 4];
/// How many interleaved rounds.
const ROUNDS: usize = 3;
/// The default end of the range.
const DEFAULT_END: u64 = 20_000_000;

fn main() {
    let end = std::env::args()
        .nth(1)
        .map(|arg| {
            arg.parse()
                .expect("the argument is the end of the range 0..N")
        })
        .unwrap_or(DEFAULT_END);
    if std::env::var_os(RANK_VARIABLE).is_some() {
        run_rank(end);
    } else {
        compare(end);
    }
}

/// One rank of a run: the root prints `<seconds> <sum>`.
fn run_rank(end: u64) {
    let universe = mpi::initialize().expect("MPI is initialised once per process");
    let world = universe.world();
    let is_root = world.rank() == ROOT;
    world.barrier();
    let started = mpi::time();
    if let Some(sum) = distributed_sum(&world, is_root.then_some(0..end)) {
        println!("{} {sum}", mpi::time() - started);
    }
}

/// Runs every rank count in interleaved rounds and prints the table.
fn compare(end: u64) {
    let me = std::env::current_exe().expect("the example knows its own path");
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let mut best = [f64::INFINITY; RANK_COUNTS.len()];
    let mut sums = Vec::new();
    for _ in 0..ROUNDS {
        for (slot, &ranks) in RANK_COUNTS.iter().enumerate() {
            let output = Command::new(testkit::mpiexec())
                .args(["-launcher", "fork", "-n", &ranks.to_string()])
                .arg(&me)
                .arg(end.to_string())
                .env(RANK_VARIABLE, "1")
                .env("UCX_TLS", "self,sm")
                .output()
                .expect("mpiexec starts (is MPICH installed?)");
            let stdout = String::from_utf8_lossy(&output.stdout);
            assert!(
                output.status.success(),
                "the run on {ranks} ranks failed:\n{stdout}{}",
                String::from_utf8_lossy(&output.stderr)
            );
            let (seconds, sum) = stdout
                .trim()
                .split_once(' ')
                .expect("the root prints `<seconds> <sum>`");
            best[slot] = best[slot].min(seconds.parse().expect("seconds"));
            sums.push(sum.to_string());
        }
    }
    sums.dedup();
    assert_eq!(sums.len(), 1, "every run finds the same sum: {sums:?}");
    println!(
        "mpi-reduce: sum of i^i mod P over 0..{end} = {}; best of {ROUNDS} interleaved rounds,",
        sums[0]
    );
    println!("MPI_Wtime on the root from a barrier to the total; this machine has {cores} cores");
    println!("{:>5}  {:>9}  {:>8}", "ranks", "seconds", "speed-up");
    for (slot, &ranks) in RANK_COUNTS.iter().enumerate() {
        let note = if ranks > cores {
            "  (more ranks than cores: oversubscribed, they take turns)"
        } else {
            ""
        };
        println!(
            "{ranks:>5}  {:>9.3}  {:>7.2}x{note}",
            best[slot],
            best[0] / best[slot]
        );
    }
    let figures: Vec<String> = RANK_COUNTS
        .iter()
        .zip(best)
        .map(|(ranks, seconds)| format!("{ranks}:{seconds}"))
        .collect();
    println!("figures {} sum:{}", figures.join(" "), sums[0]);
}
