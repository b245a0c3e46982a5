//! Visible tests for q-pool-download: `cargo test -p ex-queues --test q_pool_download`.

#[path = "support/downloads.rs"]
mod downloads;

use std::time::Duration;

use downloads::{assert_files_match, jobs_for, pooled};
use ex_queues::pool_download::{DownloadError, DownloadJob, POOL_SIZE};
use reqwest::StatusCode;
use testkit::{GateOutcome, PageServer};

#[test]
fn every_page_lands_in_its_own_file() {
    let server = PageServer::builder()
        .pages(30)
        .seed(testkit::test_seed())
        .start();
    let dir = testkit::temp_dir();
    let jobs = jobs_for(&server, dir.path());
    let results = pooled(jobs.clone(), POOL_SIZE);
    assert_files_match(&server, &jobs, &results);
    assert_eq!(
        server.requests_total(),
        30,
        "each page should be requested exactly once"
    );
}

#[test]
fn never_more_than_five_requests_in_flight() {
    let server = PageServer::builder()
        .pages(40)
        .latency(Duration::from_millis(20))
        .start();
    let dir = testkit::temp_dir();
    let jobs = jobs_for(&server, dir.path());
    let results = pooled(jobs.clone(), POOL_SIZE);
    assert!(
        server.max_in_flight() <= POOL_SIZE,
        "the pool should never have more than {POOL_SIZE} downloads open at once, but the \
         server saw {} together: is a thread started per job instead of per worker?",
        server.max_in_flight()
    );
    assert_files_match(&server, &jobs, &results);
}

#[test]
fn five_downloads_are_in_flight_together() {
    // The gate holds every response until 5 requests are open at once; a pool whose
    // workers take turns never gets there and the gate gives up after 3 s.
    let server = PageServer::builder()
        .pages(20)
        .gate(POOL_SIZE, Duration::from_secs(3))
        .start();
    let dir = testkit::temp_dir();
    let jobs = jobs_for(&server, dir.path());
    let results = pooled(jobs.clone(), POOL_SIZE);
    assert_eq!(
        server.gate_outcome(),
        Some(GateOutcome::Quorum),
        "the 5 workers should each have a download open at the same time, but the most ever \
         open together was {}",
        server.max_in_flight()
    );
    assert_files_match(&server, &jobs, &results);
}

#[test]
fn a_missing_page_fails_only_its_own_job() {
    let server = PageServer::builder().pages(8).start();
    let dir = testkit::temp_dir();
    let mut jobs = jobs_for(&server, dir.path());
    let missing = DownloadJob::new(server.missing_url(), dir.path().join("missing.html"));
    jobs.insert(3, missing.clone());
    let results = pooled(jobs, POOL_SIZE);
    assert_eq!(results.len(), 9, "one result per job");
    match &results[3] {
        Err(DownloadError::Status { url, status }) => {
            assert_eq!(url, &missing.url, "the error should name the job's URL");
            assert_eq!(
                *status,
                StatusCode::NOT_FOUND,
                "the error should carry the status"
            );
        }
        other => panic!("job 3 asked for a missing page and should be Err(Status), got {other:?}"),
    }
    for (i, result) in results.iter().enumerate().filter(|(i, _)| *i != 3) {
        assert!(
            result.is_ok(),
            "job {i} should still succeed, got {result:?}"
        );
    }
}

#[test]
fn no_jobs_no_results() {
    let results = pooled(Vec::new(), POOL_SIZE);
    assert!(
        results.is_empty(),
        "no jobs should give no results, got {results:?}"
    );
}
