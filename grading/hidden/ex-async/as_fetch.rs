//! Hidden tests for as-fetch: forty pages with a limit of five (bound, concurrency and
//! connections at once), a limit of one, a limit above the number of pages, failures
//! kept per page and in order, an unreachable server, no URLs, and a limit of zero.

#[path = "../../../ex-async/tests/support/fetching.rs"]
mod fetching;

use std::time::Duration;

use ex_async::fetch::{FetchError, fetch_all};
use fetching::{
    GATE_DEADLINE, LIMIT, assert_pages, assert_titles, fetch_all_on_runtime, page_urls,
};
use reqwest::StatusCode;
use testkit::{GateOutcome, PageServer, on_real_clock};

#[test]
fn forty_pages_with_a_limit_of_five() {
    let server = PageServer::builder()
        .pages(40)
        .seed(testkit::test_seed())
        .latency(Duration::from_millis(10))
        .gate(5, GATE_DEADLINE)
        .start();
    let results = fetch_all_on_runtime(page_urls(&server, 40), 5);
    assert_titles(&server, &results);
    assert!(
        server.max_in_flight() <= 5,
        "{} requests were in flight at once with a limit of 5",
        server.max_in_flight()
    );
    assert_eq!(
        server.gate_outcome(),
        Some(GateOutcome::Quorum),
        "5 requests should be in flight together (the most seen was {})",
        server.max_in_flight()
    );
}

#[test]
fn forty_pages_with_a_limit_of_five_reuse_five_connections() {
    let server = PageServer::builder()
        .pages(40)
        .seed(testkit::test_seed())
        .latency(Duration::from_millis(10))
        .gate(5, GATE_DEADLINE)
        .start();
    let results = fetch_all_on_runtime(page_urls(&server, 40), 5);
    assert_titles(&server, &results);
    assert!(
        server.connections_accepted() <= server.max_in_flight().max(1),
        "40 requests, at most {} in flight at once, opened {} connections: use the one \
         client you are given for every request (a client per request opens a connection \
         per request)",
        server.max_in_flight(),
        server.connections_accepted()
    );
}

#[test]
fn thirty_pages_come_back_with_their_titles_and_bytes_in_order() {
    let server = PageServer::builder()
        .pages(30)
        .seed(testkit::test_seed())
        .latency(Duration::from_millis(2))
        .start();
    let results = fetch_all_on_runtime(page_urls(&server, 30), 3);
    assert_pages(&server, &results);
}

#[test]
fn a_limit_of_one_fetches_one_page_at_a_time() {
    let server = PageServer::builder()
        .pages(8)
        .seed(testkit::test_seed())
        .latency(Duration::from_millis(5))
        .start();
    let results = fetch_all_on_runtime(page_urls(&server, 8), 1);
    assert_titles(&server, &results);
    assert_eq!(
        server.max_in_flight(),
        1,
        "a limit of 1 is one request at a time"
    );
}

#[test]
fn a_limit_above_the_number_of_pages_fetches_them_all_at_once() {
    let server = PageServer::builder()
        .pages(6)
        .seed(testkit::test_seed())
        .gate(6, GATE_DEADLINE)
        .start();
    let results = fetch_all_on_runtime(page_urls(&server, 6), 50);
    assert_titles(&server, &results);
    assert_eq!(
        server.gate_outcome(),
        Some(GateOutcome::Quorum),
        "all 6 requests should be in flight together (the most seen was {})",
        server.max_in_flight()
    );
}

#[test]
fn a_failed_page_is_an_error_in_its_place() {
    let server = PageServer::builder()
        .pages(6)
        .seed(testkit::test_seed())
        .start();
    let mut urls = page_urls(&server, 6);
    urls[1] = server.missing_url();
    urls[4] = format!("{}/pages/not-a-number", server.base_url());
    let results = fetch_all_on_runtime(urls, 3);
    assert_eq!(results.len(), 6);
    for (index, result) in results.iter().enumerate() {
        match (index, result) {
            (1 | 4, Err(FetchError::Status { status, .. })) => {
                assert_eq!(*status, StatusCode::NOT_FOUND);
            }
            (1 | 4, other) => panic!(
                "URL {index} answers 404, so its result is Err(FetchError::Status), got {other:?}"
            ),
            (_, Ok(summary)) => assert_eq!(summary.title, server.page(index).title),
            (_, Err(error)) => panic!("page {index} exists but failed: {error}"),
        }
    }
}

#[test]
fn an_unreachable_server_is_a_request_error() {
    // A port that was just free: nothing listens on it.
    let port = std::net::TcpListener::bind(("127.0.0.1", 0))
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port();
    let urls = vec![format!("http://127.0.0.1:{port}/pages/0")];
    let results = fetch_all_on_runtime(urls, 2);
    assert!(
        matches!(results.as_slice(), [Err(FetchError::Request { .. })]),
        "a server that is not there is Err(FetchError::Request), got {results:?}"
    );
}

#[test]
fn no_urls_is_no_results() {
    assert!(fetch_all_on_runtime(Vec::new(), 4).is_empty());
}

#[test]
fn a_limit_of_zero_is_refused() {
    let message = testkit::panic_message("fetch_all with a limit of 0", || {
        on_real_clock(LIMIT, "fetch_all with a limit of 0", || async {
            let urls = vec!["http://127.0.0.1:9/pages/0".to_owned()];
            fetch_all(&reqwest::Client::new(), &urls, 0).await
        })
    });
    assert!(
        message.contains("limit"),
        "the panic should say the limit must be at least 1, it said: {message}"
    );
}
