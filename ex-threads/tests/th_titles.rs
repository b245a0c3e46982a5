//! Visible tests for th-titles: `cargo test -p ex-threads --test th_titles`.

#[path = "support/titles.rs"]
mod titles;

use std::time::Duration;

use ex_threads::titles::{FetchError, TitleReport, extract_title, fetch_random_titles_sequential};
use reqwest::StatusCode;
use reqwest::blocking::Client;
use testkit::{GateOutcome, PageServer, finish_within};
use titles::{assert_matches, threaded};

#[test]
fn extract_title_reads_a_simple_page() {
    let html = "<html><head><title>Tromsø harbour #3</title></head><body></body></html>";
    assert_eq!(extract_title(html), Some("Tromsø harbour #3"));
}

#[test]
fn extract_title_ignores_case_attributes_and_whitespace() {
    assert_eq!(
        extract_title("<TITLE>Upper</TITLE>"),
        Some("Upper"),
        "upper-case tags"
    );
    assert_eq!(
        extract_title("<title lang=\"pl\">Łódź</title>"),
        Some("Łódź"),
        "an opening tag with attributes"
    );
    assert_eq!(
        extract_title("<title>\n   Москва market \n</title>"),
        Some("Москва market"),
        "whitespace around the text is trimmed"
    );
}

#[test]
fn extract_title_is_none_without_a_complete_title() {
    assert_eq!(extract_title("<p>no title</p>"), None, "no title element");
    assert_eq!(
        extract_title("<title>never closed"),
        None,
        "a title that is not closed"
    );
}

#[test]
fn threaded_titles_match_what_the_server_served() {
    let server = PageServer::builder()
        .pages(20)
        .seed(testkit::test_seed())
        .start();
    let report = threaded(server.random_url(), 10).expect("10 fetches from a working server");
    assert_eq!(report.titles.len(), 10, "one title per fetch");
    assert_eq!(server.requests_total(), 10, "exactly 10 requests");
    assert_matches(&server, &server.random_served(), &report);
}

#[test]
fn sequential_titles_match_what_the_server_served() {
    let server = PageServer::builder()
        .pages(20)
        .seed(testkit::test_seed())
        .start();
    let url = server.random_url();
    let report = finish_within(
        Duration::from_secs(20),
        "fetch_random_titles_sequential",
        move || fetch_random_titles_sequential(&Client::new(), &url, 5),
    )
    .expect("5 fetches from a working server");
    assert_eq!(report.titles.len(), 5, "one title per fetch");
    assert_matches(&server, &server.random_served(), &report);
}

#[test]
fn threaded_fetches_are_in_flight_at_the_same_time() {
    // The server holds every response until 4 requests are open together (or 3 s pass).
    let server = PageServer::builder()
        .pages(20)
        .latency(Duration::from_millis(20))
        .gate(4, Duration::from_secs(3))
        .start();
    let report = threaded(server.random_url(), 10).expect("10 fetches from a working server");
    assert_eq!(
        server.gate_outcome(),
        Some(GateOutcome::Quorum),
        "4 fetches should be in flight at the same time, but the most ever open together was {}",
        server.max_in_flight()
    );
    assert_matches(&server, &server.random_served(), &report);
}

#[test]
fn no_fetches_give_an_empty_report() {
    let server = PageServer::start();
    let report = threaded(server.random_url(), 0).expect("nothing to fetch cannot fail");
    assert_eq!(
        report,
        TitleReport::default(),
        "no titles and no characters"
    );
}

#[test]
fn a_server_error_is_an_error() {
    let server = PageServer::start();
    match threaded(server.missing_url(), 3) {
        Err(FetchError::Status { url, status }) => {
            assert_eq!(url, server.missing_url(), "the error should name the URL");
            assert_eq!(status, StatusCode::NOT_FOUND);
        }
        other => panic!("a 404 should be Err(FetchError::Status), got {other:?}"),
    }
}
