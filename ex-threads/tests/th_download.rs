//! Visible tests for th-download: `cargo test -p ex-threads --test th_download`.

#[path = "support/downloads.rs"]
mod downloads;

use std::time::Duration;

use downloads::{assert_files_match, jobs_for, threaded};
use ex_threads::download::{DownloadError, DownloadJob, download_sequential};
use reqwest::StatusCode;
use reqwest::blocking::Client;
use testkit::{GateOutcome, PageServer, finish_within};

#[test]
fn sequential_download_writes_every_page() {
    let server = PageServer::builder()
        .pages(6)
        .seed(testkit::test_seed())
        .start();
    let dir = testkit::temp_dir();
    let jobs = jobs_for(&server, dir.path());
    let for_thread = jobs.clone();
    let results = finish_within(Duration::from_secs(20), "download_sequential", move || {
        download_sequential(&Client::new(), &for_thread)
    });
    assert_files_match(&server, &jobs, &results);
}

#[test]
fn threaded_download_writes_every_page() {
    let server = PageServer::builder()
        .pages(12)
        .seed(testkit::test_seed())
        .start();
    let dir = testkit::temp_dir();
    let jobs = jobs_for(&server, dir.path());
    let results = threaded(jobs.clone());
    assert_files_match(&server, &jobs, &results);
    assert_eq!(
        server.requests_total(),
        12,
        "each page should be requested exactly once"
    );
}

#[test]
fn threaded_downloads_are_in_flight_at_the_same_time() {
    // The server holds every response until 4 requests are open together (or 3 s pass).
    let server = PageServer::builder()
        .pages(8)
        .latency(Duration::from_millis(20))
        .gate(4, Duration::from_secs(3))
        .start();
    let dir = testkit::temp_dir();
    let jobs = jobs_for(&server, dir.path());
    let results = threaded(jobs.clone());
    assert_eq!(
        server.gate_outcome(),
        Some(GateOutcome::Quorum),
        "4 downloads should be in flight at the same time, but the most ever open together was {}: \
         are the threads joined one by one right after being started?",
        server.max_in_flight()
    );
    assert_files_match(&server, &jobs, &results);
}

#[test]
fn a_missing_page_fails_only_its_own_job() {
    let server = PageServer::builder().pages(5).start();
    let dir = testkit::temp_dir();
    let mut jobs = jobs_for(&server, dir.path());
    let missing = DownloadJob::new(server.missing_url(), dir.path().join("missing.html"));
    jobs.insert(2, missing.clone());
    let results = threaded(jobs.clone());
    assert_eq!(results.len(), 6, "one result per job");
    match &results[2] {
        Err(DownloadError::Status { url, status }) => {
            assert_eq!(url, &missing.url, "the error should name the job's URL");
            assert_eq!(
                *status,
                StatusCode::NOT_FOUND,
                "the error should carry the status"
            );
        }
        other => panic!("job 2 asked for a missing page and should be Err(Status), got {other:?}"),
    }
    let message = results[2].as_ref().unwrap_err().to_string();
    assert!(
        message.contains(&missing.url) && message.contains("404"),
        "the error message should name the URL and the status, got {message:?}"
    );
    for i in [0, 1, 3, 4, 5] {
        assert!(
            results[i].is_ok(),
            "job {i} should still succeed, got {:?}",
            results[i]
        );
    }
}

#[test]
fn no_jobs_no_results() {
    let results = threaded(Vec::new());
    assert!(
        results.is_empty(),
        "no jobs should give no results, got {results:?}"
    );
}
