//! Hidden tests for th-titles: extractor edge cases, characters not bytes, every fetch
//! in flight together, errors, and repeated runs.

// The helpers the visible tests use too.
#[path = "../../../ex-threads/tests/support/titles.rs"]
mod titles;

use std::time::Duration;

use ex_threads::titles::{
    FetchError, TitleReport, extract_title, fetch_random_titles, fetch_random_titles_sequential,
};
use reqwest::StatusCode;
use reqwest::blocking::Client;
use testkit::{GateOutcome, PageServer, finish_within};
use titles::{assert_matches, threaded};

#[test]
fn extract_title_handles_mixed_case_tags() {
    assert_eq!(extract_title("<TiTlE>Mixed</tItLe>"), Some("Mixed"));
    assert_eq!(
        extract_title("<title>Closing upper</TITLE>"),
        Some("Closing upper")
    );
    assert_eq!(
        extract_title("<HTML><HEAD><TITLE>Old school</TITLE></HEAD></HTML>"),
        Some("Old school")
    );
}

#[test]
fn extract_title_handles_attributes_and_whitespace_in_the_tag() {
    assert_eq!(
        extract_title("<title id=\"t\" data-x='1'>With attributes</title>"),
        Some("With attributes")
    );
    assert_eq!(
        extract_title("<title\n  lang=\"no\">Ålesund</title>"),
        Some("Ålesund")
    );
    assert_eq!(extract_title("<title >Spaced</title >"), Some("Spaced"));
    assert_eq!(
        extract_title("<title>\t\r\n Zürich bridge #7 \n\t</title>"),
        Some("Zürich bridge #7")
    );
}

#[test]
fn extract_title_keeps_inner_spaces_and_unicode() {
    assert_eq!(
        extract_title("<title>Gdańsk   observatory</title>"),
        Some("Gdańsk   observatory")
    );
    assert_eq!(extract_title("<title>Москва</title>"), Some("Москва"));
}

#[test]
fn extract_title_takes_the_first_title_and_skips_look_alike_tags() {
    assert_eq!(
        extract_title("<title>First</title><title>Second</title>"),
        Some("First")
    );
    assert_eq!(
        extract_title("<titles>not this</titles><title>this</title>"),
        Some("this"),
        "<titles> is not a title element"
    );
    assert_eq!(
        extract_title("<p>title: not a tag</p><title>Real</title>"),
        Some("Real")
    );
}

#[test]
fn extract_title_of_an_empty_title_is_empty() {
    assert_eq!(extract_title("<title></title>"), Some(""));
    assert_eq!(extract_title("<title>   </title>"), Some(""));
}

#[test]
fn extract_title_is_none_when_the_title_is_missing_or_broken() {
    assert_eq!(extract_title(""), None, "empty document");
    assert_eq!(
        extract_title("<html><head></head></html>"),
        None,
        "no title element"
    );
    assert_eq!(extract_title("<title>no end"), None, "not closed");
    assert_eq!(extract_title("<title"), None, "opening tag cut short");
    assert_eq!(
        extract_title("</title><title>"),
        None,
        "closing tag before the opening one"
    );
}

#[test]
fn total_counts_characters_not_bytes() {
    // A server with one page whose title is not ASCII: every fetch returns it, so
    // counting bytes is guaranteed to give a different (larger) total.
    let mut seed = testkit::test_seed();
    let server = loop {
        let server = PageServer::builder().pages(1).seed(seed).start();
        if !server.page(0).title.is_ascii() {
            break server;
        }
        seed = seed.wrapping_add(1);
    };
    let html = &server.page(0).html;
    let report = threaded(server.random_url(), 6).expect("6 fetches from a working server");
    assert_eq!(
        report.titles,
        vec![server.page(0).title.clone(); 6],
        "the same title 6 times"
    );
    assert_eq!(
        report.total_chars,
        6 * html.chars().count(),
        "count characters with chars().count(), not bytes: 6 bodies of {} characters ({} bytes)",
        html.chars().count(),
        html.len()
    );
}

#[test]
fn ten_fetches_are_all_in_flight_together() {
    let server = PageServer::builder()
        .pages(30)
        .seed(testkit::test_seed())
        .latency(Duration::from_millis(2))
        .gate(10, Duration::from_secs(3))
        .start();
    let report = threaded(server.random_url(), 10).expect("10 fetches from a working server");
    assert_eq!(
        server.gate_outcome(),
        Some(GateOutcome::Quorum),
        "all 10 fetches should be in flight at the same time, but the most ever open together \
         was {} (1 means one fetch after the other)",
        server.max_in_flight()
    );
    assert_matches(&server, &server.random_served(), &report);
}

#[test]
fn forty_fetches_are_all_in_flight_together() {
    let server = PageServer::builder()
        .pages(50)
        .seed(testkit::test_seed())
        .gate(40, Duration::from_secs(3))
        .start();
    let report = threaded(server.random_url(), 40).expect("40 fetches from a working server");
    assert_eq!(
        server.gate_outcome(),
        Some(GateOutcome::Quorum),
        "all 40 fetches should be in flight at the same time, but the most ever open together \
         was {}",
        server.max_in_flight()
    );
    assert_eq!(server.requests_total(), 40, "exactly one request per fetch");
    assert_matches(&server, &server.random_served(), &report);
}

#[test]
fn repeated_runs_match_the_server_every_time() {
    let server = PageServer::builder()
        .pages(15)
        .seed(testkit::test_seed())
        .start();
    let mut seen = 0;
    for round in 0..5 {
        let count = 8 + 3 * round;
        let report = threaded(server.random_url(), count).expect("fetches from a working server");
        let served = server.random_served();
        assert_eq!(
            served.len(),
            seen + count,
            "round {round}: one request per fetch"
        );
        assert_matches(&server, &served[seen..], &report);
        seen = served.len();
    }
}

#[test]
fn zero_fetches_make_no_requests() {
    let server = PageServer::start();
    let url = server.random_url();
    let (sequential, threaded) =
        finish_within(Duration::from_secs(20), "zero fetches", move || {
            let client = Client::new();
            (
                fetch_random_titles_sequential(&client, &url, 0),
                fetch_random_titles(&client, &url, 0),
            )
        });
    assert_eq!(
        sequential.expect("nothing to fetch"),
        TitleReport::default()
    );
    assert_eq!(threaded.expect("nothing to fetch"), TitleReport::default());
    assert_eq!(server.requests_total(), 0, "zero fetches, zero requests");
}

#[test]
fn an_empty_random_page_is_a_status_error() {
    // A server with no pages answers /random with 404.
    let server = PageServer::builder().pages(0).start();
    match threaded(server.random_url(), 5) {
        Err(error @ FetchError::Status { .. }) => {
            let FetchError::Status { url, status } = &error else {
                unreachable!()
            };
            assert_eq!(url, &server.random_url());
            assert_eq!(*status, StatusCode::NOT_FOUND);
            let message = error.to_string();
            assert!(
                message.contains(&server.random_url()) && message.contains("404"),
                "the message should name the URL and the status, got {message:?}"
            );
        }
        other => panic!("a 404 should be Err(FetchError::Status), got {other:?}"),
    }
}

#[test]
fn an_unreachable_server_is_a_request_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    let url = format!(
        "http://{}/random",
        listener.local_addr().expect("an address")
    );
    drop(listener);
    match threaded(url.clone(), 3) {
        Err(FetchError::Request { url: named, .. }) => assert_eq!(named, url),
        other => panic!("a refused connection should be Err(FetchError::Request), got {other:?}"),
    }
}

#[test]
fn sequential_fetches_one_at_a_time() {
    let server = PageServer::builder()
        .pages(10)
        .seed(testkit::test_seed())
        .latency(Duration::from_millis(5))
        .start();
    let url = server.random_url();
    let report = finish_within(
        Duration::from_secs(20),
        "fetch_random_titles_sequential",
        move || fetch_random_titles_sequential(&Client::new(), &url, 6),
    )
    .expect("6 fetches from a working server");
    assert_matches(&server, &server.random_served(), &report);
    assert_eq!(
        server.max_in_flight(),
        1,
        "the sequential baseline fetches one page at a time"
    );
}
