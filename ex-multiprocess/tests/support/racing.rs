//! A race of worker processes that the test watches: it finds the workers by a marker
//! while the race runs, and checks afterwards that none of them is left.

use std::path::PathBuf;
use std::time::Duration;

use ex_multiprocess::race::{Win, race_processes};

use super::processes::{is_gone, processes_marked, unique_marker};

/// Runs `race_processes` over `workers` (each worker's arguments; the marker is added
/// to the ones that sleep), collects the pids of the marked workers while it runs, and
/// returns the result and the pids that are still in the process table afterwards.
pub fn watched_race(
    program: PathBuf,
    workers: Vec<Vec<String>>,
) -> (Option<Win<String>>, Vec<u32>) {
    let marker = unique_marker("race");
    let marked = workers.iter().filter(|args| args[0] == "sleep").count();
    let workers: Vec<Vec<String>> = workers
        .into_iter()
        .map(|mut args| {
            if args[0] == "sleep" {
                args.push(marker.clone());
            }
            args
        })
        .collect();
    let (done_tx, done_rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = done_tx.send(race_processes(&program, &workers));
    });
    let mut seen = Vec::new();
    let result = loop {
        for pid in processes_marked(&marker) {
            if !seen.contains(&pid) {
                seen.push(pid);
            }
        }
        match done_rx.recv_timeout(Duration::from_millis(2)) {
            Ok(result) => break result.expect("the workers start"),
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {}
            Err(error) => panic!("race_processes panicked: {error}"),
        }
        assert!(
            seen.len() <= marked,
            "more marked workers than were started: {seen:?}"
        );
    };
    assert_eq!(
        seen.len(),
        marked,
        "the test should have seen every sleeping worker while the race ran"
    );
    let left: Vec<u32> = seen.into_iter().filter(|pid| !is_gone(*pid)).collect();
    (result, left)
}

/// The arguments of a worker that sleeps for a minute (a loser that never finishes).
pub fn sleeper() -> Vec<String> {
    vec!["sleep".to_owned(), "60000".to_owned()]
}

/// The arguments of a worker that prints `text` after `millis` milliseconds (a winner
/// slow enough for the test to see every loser start).
#[allow(dead_code)] // Not every file that includes this module uses it.
pub fn late_answer(millis: u64, text: &str) -> Vec<String> {
    vec!["say".to_owned(), millis.to_string(), text.to_owned()]
}

/// The arguments of a worker that draws with `seed` until it hits `target`.
#[allow(dead_code)] // Not every file that includes this module uses it.
pub fn drawer(seed: u64, target: u64) -> Vec<String> {
    vec!["race".to_owned(), seed.to_string(), target.to_string()]
}
