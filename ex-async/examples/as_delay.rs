//! as-delay as a program: the lab sheet's two messages with real waits on a single-threaded
//! runtime (like asyncio's one event loop), printing the log as it goes.
//!
//! Run it with `cargo run -p ex-async --example as_delay` (your code) or
//! `cargo run -p ex-async-solution --example as_delay` (the reference).

use ex_async::delay::{TaskLog, two_messages};

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let log = TaskLog::new();
    let counts = two_messages(log.clone()).await;
    let took = log.lines().last().map(|line| line.at).unwrap_or_default();
    println!(
        "live tasks: {} before, {} after spawning, {} at the end; the run took {took:.2?} \
         (3 s: the longest delay, not the sum)",
        counts.before, counts.after_spawning, counts.at_end
    );
}
