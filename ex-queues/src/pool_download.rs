//! # q-pool-download: A pool of five download workers
//!
//! Rebuild the downloader of th-download around a queue: a fixed number of worker
//! threads (five, as the lab sheet asks) wait for jobs on one queue, download them, and each
//! reports on a second queue when a job is done. However long the list, at most five
//! downloads run at once.
//!
//! After `000_423ad200312eb3ed.txt`, "Oppgave: Queues". The statement is the
//! `q-pool-download` section of `ex-queues/README.md`.

use std::path::PathBuf;

use reqwest::StatusCode;
use reqwest::blocking::Client;

/// How many workers the lab sheet asks for.
pub const POOL_SIZE: usize = 5;

/// One download: fetch `url` and write the body to the file at `path`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DownloadJob {
    /// The page to fetch (plain `http://`).
    pub url: String,
    /// Where to write the body; the file is created or overwritten.
    pub path: PathBuf,
}

impl DownloadJob {
    /// A job that writes the body of `url` to `path`.
    ///
    /// ```
    /// use ex_queues::pool_download::DownloadJob;
    ///
    /// let job = DownloadJob::new("http://127.0.0.1:8000/pages/1", "pages/1.html");
    /// assert_eq!(job.url, "http://127.0.0.1:8000/pages/1");
    /// assert_eq!(job.path, std::path::Path::new("pages/1.html"));
    /// ```
    pub fn new(url: impl Into<String>, path: impl Into<PathBuf>) -> Self {
        DownloadJob {
            url: url.into(),
            path: path.into(),
        }
    }
}

/// Why one download failed. Returned by [`download_one`], and per job by
/// [`download_with_pool`].
#[derive(Debug, thiserror::Error)]
pub enum DownloadError {
    /// The request could not be made or its body could not be read (no server at that
    /// address, connection reset, timeout).
    #[error("failed to fetch {url}")]
    Request {
        /// The URL of the job.
        url: String,
        /// What the HTTP client reported.
        #[source]
        source: reqwest::Error,
    },
    /// The server answered, but not with a success (2xx) status; no file is written.
    #[error("{url} answered {status}")]
    Status {
        /// The URL of the job.
        url: String,
        /// The status the server sent, e.g. `404 Not Found`.
        status: StatusCode,
    },
    /// The body arrived but the file could not be written.
    #[error("failed to write {}", path.display())]
    Io {
        /// The path of the job.
        path: PathBuf,
        /// What the operating system reported.
        #[source]
        source: std::io::Error,
    },
}

/// Fetches `job.url` with `client` and writes the body to `job.path`, returning the
/// number of bytes written: th-download's `download_one`, again. Crates of the kit do not
/// depend on each other, so write it here once more (your ex-threads version will do);
/// the pool, [`download_with_pool`], is what is new.
///
/// # Errors
/// [`DownloadError::Request`] if the request fails, [`DownloadError::Status`] if the
/// status is not a success (no file is written then), [`DownloadError::Io`] if the file
/// cannot be written.
///
/// ```no_run
/// use ex_queues::pool_download::{DownloadError, DownloadJob, download_one};
///
/// let server = testkit::PageServer::start(); // a page server on 127.0.0.1
/// let client = reqwest::blocking::Client::new();
/// let path = std::env::temp_dir().join(format!("q-pool-one-{}.html", std::process::id()));
///
/// let written = download_one(&client, &DownloadJob::new(server.page_url(2), &path))?;
/// assert_eq!(written, server.page(2).html.len() as u64);
/// assert_eq!(std::fs::read_to_string(&path)?, server.page(2).html);
/// std::fs::remove_file(&path)?;
///
/// let missing = download_one(&client, &DownloadJob::new(server.missing_url(), &path));
/// assert!(matches!(missing, Err(DownloadError::Status { .. })));
/// assert!(!path.exists(), "no file for a failed download");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn download_one(client: &Client, job: &DownloadJob) -> Result<u64, DownloadError> {
    todo!(
        "q-pool-download: download_one({client:?}, {job:?}): GET job.url, a non-2xx status is \
         DownloadError::Status (no file), else write the body to job.path and return its length \
         (as in th-download)"
    )
}

/// Downloads every job with exactly `workers` worker threads fed by a queue, and
/// returns one result per job, in the order of `jobs`.
///
/// The workers share one job queue (a `crossbeam_channel` receiver, which can be cloned
/// for each worker; a `std::sync::mpsc::Receiver` shared as `Arc<Mutex<Receiver>>` works
/// too). Each worker takes a
/// job, downloads it, and signals that it is done by sending `(index, result)` on a
/// results queue; the caller puts each result back in its job's place. So at most
/// `workers` downloads are ever in flight, however many jobs there are.
///
/// # Panics
/// If `workers` is zero (nobody would ever take a job).
///
/// ```no_run
/// use ex_queues::pool_download::{DownloadJob, POOL_SIZE, download_with_pool};
///
/// let server = testkit::PageServer::builder().pages(12).start();
/// let client = reqwest::blocking::Client::new();
/// let dir = std::env::temp_dir().join(format!("q-pool-doc-{}", std::process::id()));
/// std::fs::create_dir_all(&dir)?;
/// let jobs: Vec<DownloadJob> = (0..12)
///     .map(|i| DownloadJob::new(server.page_url(i), dir.join(format!("{i}.html"))))
///     .collect();
///
/// let results = download_with_pool(&client, &jobs, POOL_SIZE);
/// for (i, result) in results.iter().enumerate() {
///     assert_eq!(result.as_ref().ok(), Some(&(server.page(i).html.len() as u64)));
/// }
/// assert!(server.max_in_flight() <= POOL_SIZE, "never more than five at once");
/// std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn download_with_pool(
    client: &Client,
    jobs: &[DownloadJob],
    workers: usize,
) -> Vec<Result<u64, DownloadError>> {
    todo!(
        "q-pool-download: start {workers} worker threads sharing the {client:?} that take the {} jobs from a queue, call download_one, and each send back (index, result) when done; return the results in job order",
        jobs.len()
    )
}
