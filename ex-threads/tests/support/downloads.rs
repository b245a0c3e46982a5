//! Helpers the th-download tests share (visible and hidden): jobs for a page server,
//! the threaded download under a time limit, and the check that every file holds its
//! page.
//!
//! Included by `#[path]` from `tests/th_download.rs` and from the hidden tests.

use std::path::Path;
use std::time::Duration;

use ex_threads::download::{DownloadError, DownloadJob, download_threaded};
use reqwest::blocking::Client;
use testkit::{PageServer, finish_within};

/// One job per page of `server`, each into its own file in `dir`.
pub fn jobs_for(server: &PageServer, dir: &Path) -> Vec<DownloadJob> {
    (0..server.pages().len())
        .map(|i| DownloadJob::new(server.page_url(i), dir.join(format!("page-{i}.html"))))
        .collect()
}

/// Runs `download_threaded` on its own thread, failing the test if it takes over 20 s.
pub fn threaded(jobs: Vec<DownloadJob>) -> Vec<Result<u64, DownloadError>> {
    finish_within(Duration::from_secs(20), "download_threaded", move || {
        download_threaded(&Client::new(), &jobs)
    })
}

/// Asserts that every job succeeded and its file holds exactly the page's HTML.
pub fn assert_files_match(
    server: &PageServer,
    jobs: &[DownloadJob],
    results: &[Result<u64, DownloadError>],
) {
    assert_eq!(results.len(), jobs.len(), "one result per job");
    for (i, (job, result)) in jobs.iter().zip(results).enumerate() {
        let html = &server.page(i).html;
        match result {
            Ok(bytes) => assert_eq!(
                *bytes,
                html.len() as u64,
                "job {i} should report the number of bytes written"
            ),
            Err(error) => panic!("job {i} ({}) failed: {error}", job.url),
        }
        let written = std::fs::read_to_string(&job.path)
            .unwrap_or_else(|e| panic!("job {i} should have written {}: {e}", job.path.display()));
        assert_eq!(
            &written,
            html,
            "{} should hold page {i} exactly",
            job.path.display()
        );
    }
}
