//! Hidden tests for q-pool-download: the seed's 80 downloads with exactly 5 in flight,
//! the worker count taken from the argument, results in job order however the downloads
//! finish, every kind of error, fewer jobs than workers, and repeated runs.

// The helpers the visible tests use too.
#[path = "../../../ex-queues/tests/support/downloads.rs"]
mod downloads;

use std::time::Duration;

use downloads::{assert_files_match, jobs_for, pooled};
use ex_queues::pool_download::{DownloadError, DownloadJob, POOL_SIZE};
use reqwest::StatusCode;
use testkit::{GateOutcome, PageServer};

#[test]
fn eighty_downloads_have_exactly_five_in_flight() {
    // The seed's 80 downloads. The gate holds every response until 5 requests are open
    // at once: one thread per URL goes far past 5, a single worker never reaches it
    // (and pays the 3 s deadline once).
    let server = PageServer::builder()
        .pages(80)
        .seed(testkit::test_seed())
        .latency(Duration::from_millis(2))
        .gate(POOL_SIZE, Duration::from_secs(3))
        .start();
    let dir = testkit::temp_dir();
    let jobs = jobs_for(&server, dir.path());
    let results = pooled(jobs.clone(), POOL_SIZE);
    assert!(
        server.max_in_flight() <= POOL_SIZE,
        "never more than {POOL_SIZE} downloads in flight, but the server saw {} at once: \
         only the {POOL_SIZE} workers may download, not a thread per job",
        server.max_in_flight()
    );
    assert_eq!(
        server.gate_outcome(),
        Some(GateOutcome::Quorum),
        "all {POOL_SIZE} workers should be downloading at the same time, but the most ever \
         open together was {} (1 means a single worker did everything)",
        server.max_in_flight()
    );
    assert_files_match(&server, &jobs, &results);
    assert_eq!(
        server.requests_total(),
        80,
        "each page requested exactly once"
    );
}

#[test]
fn the_pool_has_as_many_workers_as_asked() {
    for workers in [3, 8] {
        let server = PageServer::builder()
            .pages(40)
            .seed(testkit::test_seed())
            .latency(Duration::from_millis(2))
            .gate(workers, Duration::from_secs(3))
            .start();
        let dir = testkit::temp_dir();
        let jobs = jobs_for(&server, dir.path());
        let results = pooled(jobs.clone(), workers);
        assert_eq!(
            (server.gate_outcome(), server.max_in_flight()),
            (Some(GateOutcome::Quorum), workers),
            "with workers = {workers} exactly {workers} downloads should be in flight together \
             (saw at most {}): start as many workers as the argument says",
            server.max_in_flight()
        );
        assert_files_match(&server, &jobs, &results);
    }
}

#[test]
fn one_worker_downloads_one_page_at_a_time() {
    let server = PageServer::builder()
        .pages(10)
        .seed(testkit::test_seed())
        .latency(Duration::from_millis(3))
        .start();
    let dir = testkit::temp_dir();
    let jobs = jobs_for(&server, dir.path());
    let results = pooled(jobs.clone(), 1);
    assert_files_match(&server, &jobs, &results);
    assert_eq!(
        server.max_in_flight(),
        1,
        "a pool of one worker downloads one page at a time"
    );
}

#[test]
fn results_line_up_with_jobs_however_the_downloads_finish() {
    // Jobs mix a slow server, a fast one and missing pages in a seeded order, so the
    // workers finish them in a different order from the jobs.
    let slow = PageServer::builder()
        .pages(10)
        .seed(1)
        .latency(Duration::from_millis(150))
        .start();
    let fast = PageServer::builder().pages(10).seed(2).start();
    let dir = testkit::temp_dir();
    let mut next = testkit::seeded_generator(testkit::test_seed());
    let mut below = |n: u64| (next() % n) as usize;
    let mut jobs = Vec::new();
    let mut expected: Vec<Option<u64>> = Vec::new();
    for i in 0..30 {
        let path = dir.path().join(format!("job-{i}.html"));
        // Job 0 is slow and the last is fast, whatever the seed.
        let kind = match i {
            0 => 0,
            29 => 1,
            _ => below(5),
        };
        let page = below(10);
        match kind {
            0 => {
                jobs.push(DownloadJob::new(slow.page_url(page), path));
                expected.push(Some(slow.page(page).html.len() as u64));
            }
            4 => {
                jobs.push(DownloadJob::new(fast.missing_url(), path));
                expected.push(None);
            }
            _ => {
                jobs.push(DownloadJob::new(fast.page_url(page), path));
                expected.push(Some(fast.page(page).html.len() as u64));
            }
        }
    }
    let results = pooled(jobs.clone(), POOL_SIZE);
    assert_eq!(results.len(), jobs.len(), "one result per job");
    for (i, (result, expected)) in results.iter().zip(&expected).enumerate() {
        match (result, expected) {
            (Ok(bytes), Some(len)) => assert_eq!(
                bytes, len,
                "result {i} belongs to another job: results must come back in job order, \
                 not in the order the workers finished them"
            ),
            (Err(DownloadError::Status { url, status }), None) => {
                assert_eq!(url, &jobs[i].url, "the error should name its job's URL");
                assert_eq!(*status, StatusCode::NOT_FOUND);
            }
            (got, want) => panic!(
                "result {i} should be {} but is {got:?}: results must come back in job order, \
                 not in the order the workers finished them",
                if want.is_some() { "Ok" } else { "a 404 error" }
            ),
        }
    }
}

#[test]
fn every_kind_of_error_stays_with_its_job() {
    let server = PageServer::start();
    let dir = testkit::temp_dir();
    // A port that was just free: nobody listens there, so the connection is refused.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    let refused = format!(
        "http://{}/pages/0",
        listener.local_addr().expect("an address")
    );
    drop(listener);
    let unwritable = dir.path().join("no-such-dir").join("page.html");
    let jobs = vec![
        DownloadJob::new(server.page_url(0), dir.path().join("ok-0.html")),
        DownloadJob::new(&refused, dir.path().join("refused.html")),
        DownloadJob::new(server.page_url(1), &unwritable),
        DownloadJob::new(server.missing_url(), dir.path().join("missing.html")),
        DownloadJob::new(server.page_url(2), dir.path().join("ok-2.html")),
    ];
    let results = pooled(jobs, POOL_SIZE);
    assert_eq!(results.len(), 5, "one result per job");
    assert!(
        results[0].is_ok(),
        "job 0 should succeed, got {:?}",
        results[0]
    );
    assert!(
        matches!(&results[1], Err(DownloadError::Request { url, .. }) if *url == refused),
        "job 1 (connection refused) should be Err(Request) naming its URL, got {:?}",
        results[1]
    );
    assert!(
        matches!(&results[2], Err(DownloadError::Io { path, .. }) if *path == unwritable),
        "job 2 (a path in a missing directory) should be Err(Io) naming its path, got {:?}",
        results[2]
    );
    assert!(
        matches!(
            &results[3],
            Err(DownloadError::Status {
                status: StatusCode::NOT_FOUND,
                ..
            })
        ),
        "job 3 (a missing page) should be Err(Status) with 404, got {:?}",
        results[3]
    );
    assert!(
        results[4].is_ok(),
        "job 4 should succeed, got {:?}",
        results[4]
    );
}

#[test]
fn fewer_jobs_than_workers_still_finishes() {
    let server = PageServer::builder()
        .pages(2)
        .seed(testkit::test_seed())
        .start();
    let dir = testkit::temp_dir();
    let jobs = jobs_for(&server, dir.path());
    let results = pooled(jobs.clone(), POOL_SIZE);
    assert_files_match(&server, &jobs, &results);
}

#[test]
fn no_jobs_means_no_requests_and_no_hang() {
    let server = PageServer::start();
    for workers in [1, POOL_SIZE] {
        let results = pooled(Vec::new(), workers);
        assert!(results.is_empty(), "no jobs, no results, got {results:?}");
    }
    assert_eq!(server.requests_total(), 0, "no jobs, no requests");
}

#[test]
fn repeated_runs_download_every_page_every_time() {
    let server = PageServer::builder()
        .pages(40)
        .seed(testkit::test_seed())
        .start();
    for round in 0..5 {
        let dir = testkit::temp_dir();
        let jobs = jobs_for(&server, dir.path());
        let results = pooled(jobs.clone(), POOL_SIZE);
        assert_files_match(&server, &jobs, &results);
        assert!(
            server.max_in_flight() <= POOL_SIZE,
            "round {round}: more than {POOL_SIZE} downloads in flight ({})",
            server.max_in_flight()
        );
    }
    assert_eq!(
        server.requests_total(),
        200,
        "40 pages x 5 rounds, each requested once"
    );
}

#[test]
fn a_pool_of_zero_workers_is_refused() {
    let server = PageServer::builder().pages(2).start();
    let dir = testkit::temp_dir();
    let jobs = jobs_for(&server, dir.path());
    let message = testkit::finish_within(
        Duration::from_secs(5),
        "download_with_pool with 0 workers (nobody would take a job: refuse at once)",
        move || {
            testkit::panic_message("download_with_pool(.., 0)", || {
                ex_queues::pool_download::download_with_pool(
                    &reqwest::blocking::Client::new(),
                    &jobs,
                    0,
                )
            })
        },
    );
    assert!(!message.is_empty(), "the refusal should say why");
}
