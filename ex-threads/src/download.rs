//! # th-download: Download many pages at once
//!
//! Download a list of `(url, path)` jobs into files, first one after the other, then
//! with one thread per job, and return one result per job in the order the jobs were
//! given. A download spends almost all its time waiting for the network, so threads
//! overlap the waiting and the whole list finishes much sooner.
//!
//! After `000_423ad200312eb3ed.txt`, "Oppgave: Multithreading". The statement is the
//! `th-download` section of `ex-threads/README.md`.

use std::path::PathBuf;

use reqwest::StatusCode;
use reqwest::blocking::Client;

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
    /// use ex_threads::download::DownloadJob;
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
/// [`download_sequential`] and [`download_threaded`].
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
/// number of bytes written.
///
/// Check the status before creating the file, so a failed request leaves no file.
///
/// # Errors
/// [`DownloadError::Request`] if the request fails, [`DownloadError::Status`] if the
/// status is not a success, [`DownloadError::Io`] if the file cannot be written.
///
/// ```no_run
/// use ex_threads::download::{DownloadJob, download_one};
///
/// let client = reqwest::blocking::Client::new();
/// let job = DownloadJob::new("http://127.0.0.1:8000/pages/2", "pages/2.html");
/// let written = download_one(&client, &job)?;
/// println!("wrote {written} bytes");
/// # Ok::<(), ex_threads::download::DownloadError>(())
/// ```
pub fn download_one(client: &Client, job: &DownloadJob) -> Result<u64, DownloadError> {
    todo!(
        "th-download: GET {} with the {client:?}, check the status, then write the body to {}",
        job.url,
        job.path.display()
    )
}

/// Runs the jobs one after the other (the Python script before it was converted):
/// one result per job, in the order of `jobs`.
///
/// ```no_run
/// use ex_threads::download::download_sequential;
///
/// let client = reqwest::blocking::Client::new();
/// assert!(download_sequential(&client, &[]).is_empty());
/// ```
pub fn download_sequential(
    client: &Client,
    jobs: &[DownloadJob],
) -> Vec<Result<u64, DownloadError>> {
    todo!(
        "th-download: call download_one with the {client:?} for each of the {} jobs, in order",
        jobs.len()
    )
}

/// Runs every job on its own thread, all at the same time, and returns one result per
/// job, in the order of `jobs` (not the order in which the downloads finished).
///
/// ```no_run
/// use ex_threads::download::{DownloadJob, download_threaded};
///
/// let client = reqwest::blocking::Client::new();
/// let jobs: Vec<DownloadJob> = (0..3)
///     .map(|i| DownloadJob::new(format!("http://127.0.0.1:8000/pages/{i}"), format!("pages/{i}.html")))
///     .collect();
/// let results = download_threaded(&client, &jobs);
/// assert_eq!(results.len(), 3);
/// ```
pub fn download_threaded(client: &Client, jobs: &[DownloadJob]) -> Vec<Result<u64, DownloadError>> {
    todo!(
        "th-download: start one thread per job ({} jobs) sharing the {client:?}, then join them in job order",
        jobs.len()
    )
}
