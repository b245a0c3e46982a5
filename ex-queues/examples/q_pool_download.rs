//! q-pool-download as a program: the lab sheet's 80 downloads from a slow local server, one
//! after the other, with one thread per download, and with the pool of five workers.
//!
//! Run it on the reference solution with
//! `cargo run --release -p ex-queues-solution --example q_pool_download`
//! (or on your own code with `-p ex-queues`).
//!
//! Each page takes 50 ms to answer, so five workers can be at most 5x faster than one
//! after the other; a thread per URL is faster still, but with 80 threads at once.

use std::time::{Duration, Instant};

use ex_queues::pool_download::{
    DownloadError, DownloadJob, POOL_SIZE, download_one, download_with_pool,
};
use reqwest::blocking::Client;
use testkit::PageServer;

/// How many pages, and how long each takes to answer.
const PAGES: usize = 80;
const LATENCY: Duration = Duration::from_millis(50);

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::temp_dir().join(format!("q_pool_download-example-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let client = Client::new();
    println!("{PAGES} pages, each answered after {LATENCY:?}");

    // A fresh server per run, so each reports its own most-in-flight figure.
    type Run = fn(&Client, &[DownloadJob]) -> Vec<Result<u64, DownloadError>>;
    let runs: [(&str, Run); 3] = [
        ("sequential", |client, jobs| {
            jobs.iter().map(|job| download_one(client, job)).collect()
        }),
        // The th-download way, one thread per URL, is a pool as large as the job list.
        ("thread per URL", |client, jobs| {
            download_with_pool(client, jobs, jobs.len())
        }),
        ("pool of 5", |client, jobs| {
            download_with_pool(client, jobs, POOL_SIZE)
        }),
    ];
    let mut sequential_time = None;
    for (name, run) in runs {
        let server = PageServer::builder().pages(PAGES).latency(LATENCY).start();
        let jobs: Vec<DownloadJob> = (0..PAGES)
            .map(|i| DownloadJob::new(server.page_url(i), dir.join(format!("page-{i}.html"))))
            .collect();
        let started = Instant::now();
        let results = run(&client, &jobs);
        let elapsed = started.elapsed();
        let baseline = *sequential_time.get_or_insert(elapsed);
        println!(
            "{name:>15}: {elapsed:>9.2?}  {:>4.1}x sequential  ({} ok, at most {} in flight)",
            baseline.as_secs_f64() / elapsed.as_secs_f64(),
            results.iter().filter(|result| result.is_ok()).count(),
            server.max_in_flight()
        );
    }
    println!("(the pool's goal: at least 4.5x sequential; 5x is the limit with 5 workers)");
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}
