//! th-download as a program: 80 downloads from a slow local server, one after the other
//! and then one thread per download, with the time each took.
//!
//! Run it on the reference solution with
//! `cargo run --release -p ex-threads-solution --example th_download`
//! (or on your own code with `-p ex-threads`).

use std::time::{Duration, Instant};

use ex_threads::download::{DownloadJob, download_sequential, download_threaded};
use reqwest::blocking::Client;
use testkit::PageServer;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // 80 pages, each answered after 50 ms: like the lab sheet's 80 (url, path) pairs.
    let server = PageServer::builder()
        .pages(80)
        .latency(Duration::from_millis(50))
        .start();
    let dir = std::env::temp_dir().join(format!("th_download-example-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let jobs: Vec<DownloadJob> = (0..80)
        .map(|i| DownloadJob::new(server.page_url(i), dir.join(format!("page-{i}.html"))))
        .collect();
    let client = Client::new();

    println!("Started downloading {} pages...", jobs.len());
    let started = Instant::now();
    let sequential = download_sequential(&client, &jobs);
    let sequential_time = started.elapsed();
    println!(
        "sequential: {sequential_time:?} ({} ok)",
        ok_count(&sequential)
    );

    let started = Instant::now();
    let threaded = download_threaded(&client, &jobs);
    let threaded_time = started.elapsed();
    println!("threaded:   {threaded_time:?} ({} ok)", ok_count(&threaded));

    println!(
        "threads were {:.1}x faster; at most {} requests were in flight at once",
        sequential_time.as_secs_f64() / threaded_time.as_secs_f64(),
        server.max_in_flight()
    );
    std::fs::remove_dir_all(&dir)?;
    Ok(())
}

fn ok_count<T, E>(results: &[Result<T, E>]) -> usize {
    results.iter().filter(|result| result.is_ok()).count()
}
