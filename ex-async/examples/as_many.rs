//! Ten thousand concurrent waits, on tokio tasks and on OS threads: the wall time and the
//! peak memory (resident set, `VmHWM` in `/proc/self/status`) of each, and the ratios.
//!
//! `cargo run --release -p ex-async --example as_many [WAITERS]`
//!
//! Each way runs in a process of its own (this program starts itself again), so each
//! peak is its own. Every waiter waits one second: the wall time is that second plus
//! what it costs to start and end ten thousand of them. A task is a small state machine
//! on the heap; a thread has a stack of its own (2 MiB reserved, a few pages touched) and
//! a kernel thread behind it.

use std::process::Command;
use std::time::{Duration, Instant};

/// How many waits run at once, unless the command line says otherwise.
const WAITERS: usize = 10_000;
/// How long each waiter waits.
const WAIT: Duration = Duration::from_secs(1);

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let first = args.next();
    match first.as_deref() {
        Some("--run") => {
            let way = args.next().ok_or("--run needs tasks or threads")?;
            let waiters = args.next().ok_or("--run needs a count")?.parse()?;
            run(&way, waiters)
        }
        Some(count) => compare(count.parse()?),
        None => compare(WAITERS),
    }
}

/// Runs both ways in child processes and prints the comparison.
fn compare(waiters: usize) -> Result<(), Box<dyn std::error::Error>> {
    println!("{waiters} concurrent waits of {WAIT:?} each");
    let mut figures = Vec::new();
    for way in ["tasks", "threads"] {
        let output = Command::new(std::env::current_exe()?)
            .args(["--run", way, &waiters.to_string()])
            .output()?;
        let text = String::from_utf8_lossy(&output.stdout);
        let Some((seconds, peak_kib)) = parse(&text) else {
            println!(
                "{way:>8}: did not finish ({}): {}",
                output.status,
                String::from_utf8_lossy(&output.stderr).trim()
            );
            continue;
        };
        println!(
            "{way:>8}: {seconds:>6.3} s wall, peak resident memory {:>7.1} MiB",
            peak_kib / 1024.0
        );
        figures.push((seconds, peak_kib));
    }
    if let [(task_seconds, task_kib), (thread_seconds, thread_kib)] = figures[..] {
        println!(
            "threads / tasks: {:.2}x the wall time, {:.1}x the memory",
            thread_seconds / task_seconds,
            thread_kib / task_kib
        );
    }
    Ok(())
}

/// Reads the `seconds peak_kib` line a child prints.
fn parse(text: &str) -> Option<(f64, f64)> {
    let line = text
        .lines()
        .find_map(|line| line.strip_prefix("figures "))?;
    let mut fields = line.split_whitespace().map(str::parse::<f64>);
    Some((fields.next()?.ok()?, fields.next()?.ok()?))
}

/// One way, in this process: start `waiters` waits, wait for all, print the figures.
fn run(way: &str, waiters: usize) -> Result<(), Box<dyn std::error::Error>> {
    let started = Instant::now();
    match way {
        "tasks" => {
            let runtime = tokio::runtime::Runtime::new()?;
            runtime.block_on(async {
                let tasks: Vec<_> = (0..waiters)
                    .map(|_| tokio::spawn(tokio::time::sleep(WAIT)))
                    .collect();
                for task in tasks {
                    task.await.expect("a sleeping task does not fail");
                }
            });
        }
        "threads" => {
            let threads = (0..waiters)
                .map(|index| {
                    std::thread::Builder::new()
                        .spawn(|| std::thread::sleep(WAIT))
                        .map_err(|error| format!("the system refused thread {index}: {error}"))
                })
                .collect::<Result<Vec<_>, _>>()?;
            for thread in threads {
                thread.join().expect("a sleeping thread does not panic");
            }
        }
        other => return Err(format!("no way called {other}: tasks or threads").into()),
    }
    let seconds = started.elapsed().as_secs_f64();
    println!("figures {seconds} {}", peak_resident_kib()?);
    Ok(())
}

/// This process's peak resident set size in KiB (`VmHWM`), from `/proc/self/status`.
fn peak_resident_kib() -> Result<f64, Box<dyn std::error::Error>> {
    let status = std::fs::read_to_string("/proc/self/status")?;
    let line = status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .ok_or("/proc/self/status has no VmHWM line")?;
    let kib = line.trim().trim_end_matches("kB").trim().parse()?;
    Ok(kib)
}
