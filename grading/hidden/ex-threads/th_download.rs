//! Hidden tests for th-download: quorum of in-flight downloads, results in job order
//! however the downloads finish, every kind of error, and repeated runs.

// The helpers the visible tests use too.
#[path = "../../../ex-threads/tests/support/downloads.rs"]
mod downloads;

use std::time::Duration;

use downloads::{assert_files_match, jobs_for, threaded};
use ex_threads::download::{
    DownloadError, DownloadJob, download_one, download_sequential, download_threaded,
};
use reqwest::StatusCode;
use reqwest::blocking::Client;
use testkit::{GateOutcome, PageServer, finish_within};

#[test]
fn eighty_downloads_have_twenty_in_flight_together() {
    // The seed's 80 downloads. The gate holds every response until 20 requests are open
    // at once; a sequential downloader never gets there and pays the 3 s deadline once.
    let server = PageServer::builder()
        .pages(80)
        .seed(testkit::test_seed())
        .latency(Duration::from_millis(2))
        .gate(20, Duration::from_secs(3))
        .start();
    let dir = testkit::temp_dir();
    let jobs = jobs_for(&server, dir.path());
    let results = threaded(jobs.clone());
    assert_eq!(
        server.gate_outcome(),
        Some(GateOutcome::Quorum),
        "20 of the 80 downloads should be in flight at the same time, but the most ever open \
         together was {} (1 means the downloads ran one after the other)",
        server.max_in_flight()
    );
    assert!(
        server.max_in_flight() >= 20,
        "at least 20 requests in flight together, saw {}",
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
fn results_line_up_with_jobs_however_the_downloads_finish() {
    // Jobs mix a slow server, a fast one and missing pages in a seeded order, so the
    // downloads finish in a different order from the jobs.
    let slow = PageServer::builder()
        .pages(10)
        .seed(1)
        .latency(Duration::from_millis(300))
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
            0 | 2 => {
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
    let results = threaded(jobs.clone());
    assert_eq!(results.len(), jobs.len(), "one result per job");
    for (i, (result, expected)) in results.iter().zip(&expected).enumerate() {
        match (result, expected) {
            (Ok(bytes), Some(len)) => assert_eq!(
                bytes, len,
                "result {i} belongs to another job: results must come back in job order, \
                 not in the order the downloads finished"
            ),
            (Err(DownloadError::Status { url, status }), None) => {
                assert_eq!(url, &jobs[i].url);
                assert_eq!(*status, StatusCode::NOT_FOUND);
            }
            (got, want) => panic!(
                "result {i} should be {} but is {got:?}: results must come back in job order, \
                 not in the order the downloads finished",
                if want.is_some() { "Ok" } else { "a 404 error" }
            ),
        }
    }
}

#[test]
fn a_failed_download_leaves_no_file() {
    let server = PageServer::start();
    let dir = testkit::temp_dir();
    let job = DownloadJob::new(server.missing_url(), dir.path().join("missing.html"));
    let for_thread = job.clone();
    let result = finish_within(Duration::from_secs(20), "download_one", move || {
        download_one(&Client::new(), &for_thread)
    });
    assert!(
        matches!(
            result,
            Err(DownloadError::Status {
                status: StatusCode::NOT_FOUND,
                ..
            })
        ),
        "a 404 should be Err(Status), got {result:?}"
    );
    assert!(
        !job.path.exists(),
        "a failed download should not create {}",
        job.path.display()
    );
}

#[test]
fn an_unwritable_path_is_an_io_error_naming_the_path() {
    let server = PageServer::start();
    let dir = testkit::temp_dir();
    let bad = dir.path().join("no-such-dir").join("page.html");
    let jobs = vec![
        DownloadJob::new(server.page_url(0), dir.path().join("ok.html")),
        DownloadJob::new(server.page_url(1), &bad),
    ];
    let results = threaded(jobs);
    assert!(
        results[0].is_ok(),
        "job 0 should succeed, got {:?}",
        results[0]
    );
    match &results[1] {
        Err(error @ DownloadError::Io { path, .. }) => {
            assert_eq!(path, &bad, "the I/O error should carry the job's path");
            assert!(
                error.to_string().contains(&bad.display().to_string()),
                "the message should name the path, got {error}"
            );
        }
        other => panic!("writing into a missing directory should be Err(Io), got {other:?}"),
    }
}

#[test]
fn an_unreachable_server_is_a_request_error_naming_the_url() {
    // A port that was just free: nobody listens there, so the connection is refused.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    let url = format!(
        "http://{}/pages/0",
        listener.local_addr().expect("an address")
    );
    drop(listener);
    let dir = testkit::temp_dir();
    let results = threaded(vec![DownloadJob::new(&url, dir.path().join("x.html"))]);
    match &results[..] {
        [Err(error @ DownloadError::Request { url: named, .. })] => {
            assert_eq!(named, &url);
            assert!(
                error.to_string().contains(&url),
                "the message should name the URL"
            );
        }
        other => panic!("a refused connection should be one Err(Request), got {other:?}"),
    }
}

#[test]
fn repeated_runs_download_every_page_every_time() {
    let server = PageServer::builder()
        .pages(40)
        .seed(testkit::test_seed())
        .start();
    for _round in 0..5 {
        let dir = testkit::temp_dir();
        let jobs = jobs_for(&server, dir.path());
        let results = threaded(jobs.clone());
        assert_files_match(&server, &jobs, &results);
    }
    assert_eq!(
        server.requests_total(),
        200,
        "40 pages x 5 rounds, each requested once"
    );
}

#[test]
fn sequential_download_runs_one_at_a_time_in_order() {
    let server = PageServer::builder()
        .pages(5)
        .seed(testkit::test_seed())
        .latency(Duration::from_millis(5))
        .start();
    let dir = testkit::temp_dir();
    let jobs = jobs_for(&server, dir.path());
    let for_thread = jobs.clone();
    let results = finish_within(Duration::from_secs(20), "download_sequential", move || {
        download_sequential(&Client::new(), &for_thread)
    });
    assert_files_match(&server, &jobs, &results);
    assert_eq!(
        server.max_in_flight(),
        1,
        "download_sequential is the baseline: one request at a time"
    );
}

#[test]
fn no_jobs_means_no_requests() {
    let server = PageServer::start();
    let (sequential, threaded) =
        finish_within(Duration::from_secs(20), "downloads of no jobs", || {
            let client = Client::new();
            (
                download_sequential(&client, &[]),
                download_threaded(&client, &[]),
            )
        });
    assert!(
        sequential.is_empty() && threaded.is_empty(),
        "no jobs, no results"
    );
    assert_eq!(server.requests_total(), 0, "no jobs, no requests");
}
