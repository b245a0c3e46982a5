//! Visible tests for as-fetch: `cargo test -p ex-async --test as_fetch`.
//!
//! A local page server stands in for Wikipedia. It counts the requests it has in flight
//! and the TCP connections it accepted, and its gate holds every response until enough
//! requests are open at once, so the tests *see* the bound and the one reused client.
//! These tests use tokio's real clock: the paused clock must not meet real sockets.

#[path = "support/fetching.rs"]
mod fetching;

use std::time::Duration;

use ex_async::fetch::{FetchError, fetch_page};
use fetching::{
    GATE_DEADLINE, LIMIT, assert_pages, assert_titles, fetch_all_on_runtime, page_urls,
};
use reqwest::StatusCode;
use testkit::{GateOutcome, PageServer, on_real_clock};

#[test]
fn fetch_page_reads_the_title_and_counts_bytes() {
    let server = PageServer::builder()
        .pages(12)
        .seed(testkit::test_seed())
        .start();
    // A page whose title is not plain ASCII, so bytes and characters differ.
    let index = server
        .pages()
        .iter()
        .position(|page| !page.title.is_ascii())
        .unwrap_or(0);
    let url = server.page_url(index);
    let summary = on_real_clock(LIMIT, "fetch_page", move || async move {
        fetch_page(&reqwest::Client::new(), &url).await
    })
    .expect("the page exists");
    let page = server.page(index);
    assert_eq!(summary.title, page.title);
    assert_eq!(summary.url, server.page_url(index));
    assert_eq!(
        summary.bytes,
        page.html.len(),
        "bytes of the body (as aiohttp's len(await response.read())), not its {} characters",
        page.html.chars().count()
    );
}

#[test]
fn fetch_page_reports_a_missing_page() {
    let server = PageServer::start();
    let url = server.missing_url();
    let result = on_real_clock(LIMIT, "fetch_page", move || async move {
        fetch_page(&reqwest::Client::new(), &url).await
    });
    match result {
        Err(FetchError::Status { status, url }) => {
            assert_eq!(status, StatusCode::NOT_FOUND);
            assert_eq!(url, server.missing_url(), "the error names the URL");
        }
        other => panic!("a 404 page is Err(FetchError::Status), got {other:?}"),
    }
}

#[test]
fn fetch_all_returns_every_page_in_order() {
    let server = PageServer::builder()
        .pages(10)
        .seed(testkit::test_seed())
        .start();
    let results = fetch_all_on_runtime(page_urls(&server, 10), 3);
    assert_eq!(results.len(), 10, "one result per URL");
    assert_pages(&server, &results);
    assert_eq!(server.requests_total(), 10, "each page is fetched once");
}

#[test]
fn fetch_all_keeps_to_its_limit_and_reaches_it() {
    // The gate holds every response until 4 requests are open together (or 1.5 s
    // pass): a bound of 4 reaches it at once; a sequential fetch never does.
    let server = PageServer::builder()
        .pages(12)
        .seed(testkit::test_seed())
        .gate(4, GATE_DEADLINE)
        .start();
    let results = fetch_all_on_runtime(page_urls(&server, 12), 4);
    assert_titles(&server, &results);
    assert!(
        server.max_in_flight() <= 4,
        "{} requests were in flight at once with a limit of 4",
        server.max_in_flight()
    );
    assert_eq!(
        server.gate_outcome(),
        Some(GateOutcome::Quorum),
        "4 requests should be in flight together (the most seen was {})",
        server.max_in_flight()
    );
}

#[test]
fn one_client_reuses_its_connections() {
    // One client opens a connection only when every one it has is busy, so it never
    // needs more connections than it had requests in flight at once; a client made for
    // each request opens one per request. (The gate makes a bounded client reach its
    // limit, so the most in flight is 4.)
    let server = PageServer::builder()
        .pages(20)
        .seed(testkit::test_seed())
        .latency(Duration::from_millis(5))
        .gate(4, GATE_DEADLINE)
        .start();
    let results = fetch_all_on_runtime(page_urls(&server, 20), 4);
    assert_titles(&server, &results);
    assert!(
        server.connections_accepted() <= server.max_in_flight().max(1),
        "20 requests, at most {} in flight at once, opened {} connections: one client, used \
         for every request, reuses its connections",
        server.max_in_flight(),
        server.connections_accepted()
    );
}
