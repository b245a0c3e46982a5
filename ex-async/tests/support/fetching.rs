//! Helpers the visible and hidden tests of as-fetch share: run `fetch_all` on a runtime
//! with the real clock, and compare its results with the server's pages.

use std::time::Duration;

use ex_async::fetch::{FetchError, PageSummary, fetch_all};
use testkit::PageServer;

/// The real-time limit of one `fetch_all` (the gates' deadlines are 3 s).
pub const LIMIT: Duration = Duration::from_secs(20);

/// The URLs of the server's first `count` pages.
pub fn page_urls(server: &PageServer, count: usize) -> Vec<String> {
    (0..count).map(|index| server.page_url(index)).collect()
}

/// Runs `fetch_all(client, urls, limit)` with one new client on a current-thread tokio
/// runtime with the real clock (real sockets must not meet the paused clock).
pub fn fetch_all_on_runtime(
    urls: Vec<String>,
    limit: usize,
) -> Vec<Result<PageSummary, FetchError>> {
    testkit::on_real_clock(LIMIT, "fetch_all", move || async move {
        let client = reqwest::Client::new();
        fetch_all(&client, &urls, limit).await
    })
}

/// How long a gate holds responses for a client that never has enough requests in
/// flight: short, so that such a client fails its assertion well inside the test's
/// time limit; a bounded client reaches the quorum in milliseconds.
pub const GATE_DEADLINE: Duration = Duration::from_millis(1500);

/// Checks that `results` hold page `index` of `server` at position `index`, with its
/// URL and title: enough to know every page was fetched, for the tests about the bound
/// and the connections (the byte lengths are [`assert_pages`]' business).
pub fn assert_titles(server: &PageServer, results: &[Result<PageSummary, FetchError>]) {
    assert_eq!(results.len(), server.pages().len(), "one result per URL");
    for (index, result) in results.iter().enumerate() {
        match result {
            Ok(summary) => {
                assert_eq!(
                    summary.url,
                    server.page_url(index),
                    "result {index} is for URL {index}: results keep the order of the URLs"
                );
                assert_eq!(
                    summary.title,
                    server.page(index).title,
                    "the title of page {index}"
                );
            }
            Err(error) => panic!("page {index} failed: {error}"),
        }
    }
}

/// Checks that `results` hold page `index` of `server` at position `index`, with its
/// URL, title and length in bytes.
pub fn assert_pages(server: &PageServer, results: &[Result<PageSummary, FetchError>]) {
    assert_eq!(results.len(), server.pages().len(), "one result per URL");
    for (index, result) in results.iter().enumerate() {
        let page = server.page(index);
        match result {
            Ok(summary) => {
                assert_eq!(
                    summary.url,
                    server.page_url(index),
                    "result {index} is for URL {index}: results keep the order of the URLs"
                );
                assert_eq!(summary.title, page.title, "the title of page {index}");
                assert_eq!(
                    summary.bytes,
                    page.html.len(),
                    "page {index} is {} bytes ({} characters): count the bytes of the body",
                    page.html.len(),
                    page.html.chars().count()
                );
            }
            Err(error) => panic!("page {index} failed: {error}"),
        }
    }
}
