//! Helpers the th-titles tests share (visible and hidden): the threaded fetch under a
//! time limit, and the check that a report holds exactly what the server sent.
//!
//! Included by `#[path]` from `tests/th_titles.rs` and from the hidden tests.

use std::time::Duration;

use ex_threads::titles::{FetchError, TitleReport, fetch_random_titles};
use reqwest::blocking::Client;
use testkit::{PageServer, finish_within};

/// Runs `fetch_random_titles` on its own thread, failing the test if it takes over 20 s.
pub fn threaded(url: String, count: usize) -> Result<TitleReport, FetchError> {
    finish_within(Duration::from_secs(20), "fetch_random_titles", move || {
        fetch_random_titles(&Client::new(), &url, count)
    })
}

/// Asserts that `report` holds the titles and characters of `served`.
pub fn assert_matches(server: &PageServer, served: &[usize], report: &TitleReport) {
    let mut expected: Vec<&str> = served
        .iter()
        .map(|&i| server.page(i).title.as_str())
        .collect();
    let mut titles: Vec<&str> = report.titles.iter().map(String::as_str).collect();
    expected.sort_unstable();
    titles.sort_unstable();
    assert_eq!(
        titles, expected,
        "the titles (in any order) of the pages the server sent"
    );
    let chars: usize = served
        .iter()
        .map(|&i| server.page(i).html.chars().count())
        .sum();
    let bytes: usize = served.iter().map(|&i| server.page(i).html.len()).sum();
    assert_eq!(
        report.total_chars, chars,
        "total characters of all bodies (counting bytes instead would give {bytes})"
    );
}
