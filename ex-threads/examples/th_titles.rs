//! th-titles as a program: the titles of 10 random pages from a slow local server,
//! fetched one after the other and then one thread per fetch, with the time each took.
//!
//! Run it on the reference solution with
//! `cargo run --release -p ex-threads-solution --example th_titles`
//! (or on your own code with `-p ex-threads`).

use std::time::{Duration, Instant};

use ex_threads::titles::{fetch_random_titles, fetch_random_titles_sequential};
use reqwest::blocking::Client;
use testkit::PageServer;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // A stand-in for Wikipedia's Special:Random, answering after 100 ms.
    let server = PageServer::builder()
        .pages(50)
        .latency(Duration::from_millis(100))
        .start();
    let client = Client::new();
    let url = server.random_url();

    let started = Instant::now();
    let sequential = fetch_random_titles_sequential(&client, &url, 10)?;
    let sequential_time = started.elapsed();

    let started = Instant::now();
    let report = fetch_random_titles(&client, &url, 10)?;
    let threaded_time = started.elapsed();

    for title in &report.titles {
        println!("title = {title}");
    }
    println!(
        "{} characters in all {} pages",
        report.total_chars,
        report.titles.len()
    );
    println!(
        "sequential: {sequential_time:?} ({} characters), threaded: {threaded_time:?}, {:.1}x faster",
        sequential.total_chars,
        sequential_time.as_secs_f64() / threaded_time.as_secs_f64()
    );
    Ok(())
}
