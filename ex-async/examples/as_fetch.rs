//! as-fetch as a program: 80 pages from a slow local server, one at a time and with a
//! bound of 10, each run with one client. It prints the time, the speed-up, the most
//! requests in flight and the TCP connections the server accepted.
//!
//! `cargo run --release -p ex-async --example as_fetch` (your code) or
//! `cargo run --release -p ex-async-solution --example as_fetch` (the reference).
//!
//! Each page takes 50 ms to answer, so a bound of 10 can be at most 10x faster than one
//! page at a time.

use std::time::{Duration, Instant};

use ex_async::fetch::fetch_all;
use testkit::PageServer;

const PAGES: usize = 80;
const LATENCY: Duration = Duration::from_millis(50);

#[tokio::main]
async fn main() {
    println!("{PAGES} pages, each answered after {LATENCY:?}");
    let mut one_at_a_time = None;
    for limit in [1, 10] {
        // A fresh server per run, so each reports its own counts.
        let server = PageServer::builder().pages(PAGES).latency(LATENCY).start();
        let urls: Vec<String> = (0..PAGES).map(|index| server.page_url(index)).collect();
        let client = reqwest::Client::new();
        let started = Instant::now();
        let pages = fetch_all(&client, &urls, limit).await;
        let elapsed = started.elapsed();
        let baseline = *one_at_a_time.get_or_insert(elapsed);
        let bytes: usize = pages.iter().flatten().map(|page| page.bytes).sum();
        println!(
            "limit {limit:>2}: {elapsed:>9.2?}  {:>4.1}x  ({} ok, {bytes} bytes, at most {} in flight, {} connections)",
            baseline.as_secs_f64() / elapsed.as_secs_f64(),
            pages.iter().filter(|page| page.is_ok()).count(),
            server.max_in_flight(),
            server.connections_accepted()
        );
    }
    println!("(the limit's goal: at least 9x; 10x is the most a bound of 10 allows)");
}
