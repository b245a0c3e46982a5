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
use std::thread;

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
/// The status is checked before the file is created, so a failed request leaves no file.
///
/// # Errors
/// [`DownloadError::Request`] if the request fails, [`DownloadError::Status`] if the
/// status is not a success, [`DownloadError::Io`] if the file cannot be written.
///
/// ```
/// use ex_threads::download::{DownloadError, DownloadJob, download_one};
///
/// let server = testkit::PageServer::start(); // a page server on 127.0.0.1
/// let client = reqwest::blocking::Client::new();
/// let path = std::env::temp_dir().join(format!("th-download-one-{}.html", std::process::id()));
///
/// let written = download_one(&client, &DownloadJob::new(server.page_url(2), &path))?;
/// assert_eq!(std::fs::read_to_string(&path)?, server.page(2).html);
/// assert_eq!(written, server.page(2).html.len() as u64);
/// std::fs::remove_file(&path)?;
///
/// // A 404 is an error that names the URL and the status.
/// let missing = DownloadJob::new(server.missing_url(), &path);
/// let error = download_one(&client, &missing).unwrap_err();
/// assert!(matches!(error, DownloadError::Status { .. }));
/// assert_eq!(error.to_string(), format!("{} answered 404 Not Found", server.missing_url()));
/// assert!(!path.exists(), "no file for a failed download");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn download_one(client: &Client, job: &DownloadJob) -> Result<u64, DownloadError> {
    let request_failed = |source| DownloadError::Request {
        url: job.url.clone(),
        source,
    };
    let response = client.get(&job.url).send().map_err(request_failed)?;
    let status = response.status();
    if !status.is_success() {
        return Err(DownloadError::Status {
            url: job.url.clone(),
            status,
        });
    }
    let body = response.bytes().map_err(request_failed)?;
    std::fs::write(&job.path, &body).map_err(|source| DownloadError::Io {
        path: job.path.clone(),
        source,
    })?;
    Ok(body.len() as u64)
}

/// Runs the jobs one after the other (the Python script before it was converted):
/// one result per job, in the order of `jobs`.
///
/// ```
/// use ex_threads::download::download_sequential;
///
/// let client = reqwest::blocking::Client::new();
/// assert!(download_sequential(&client, &[]).is_empty());
/// ```
pub fn download_sequential(
    client: &Client,
    jobs: &[DownloadJob],
) -> Vec<Result<u64, DownloadError>> {
    jobs.iter().map(|job| download_one(client, job)).collect()
}

/// Runs every job on its own thread, all at the same time, and returns one result per
/// job, in the order of `jobs` (not the order in which the downloads finished).
///
/// One thread per job suits a short list of slow downloads, as in the lab sheet; for long
/// lists a fixed pool of workers is kinder to the machine (see the queue exercises).
///
/// ```
/// use ex_threads::download::{DownloadJob, download_threaded};
///
/// let server = testkit::PageServer::start();
/// let client = reqwest::blocking::Client::new();
/// let dir = std::env::temp_dir().join(format!("th-download-doc-{}", std::process::id()));
/// std::fs::create_dir_all(&dir)?;
/// let mut jobs: Vec<DownloadJob> = (0..3)
///     .map(|i| DownloadJob::new(server.page_url(i), dir.join(format!("{i}.html"))))
///     .collect();
/// jobs.push(DownloadJob::new(server.missing_url(), dir.join("missing.html")));
///
/// let results = download_threaded(&client, &jobs);
/// // One result per job, in job order: three pages, then the 404.
/// for (i, result) in results[..3].iter().enumerate() {
///     assert_eq!(result.as_ref().ok(), Some(&(server.page(i).html.len() as u64)));
///     assert_eq!(std::fs::read_to_string(&jobs[i].path)?, server.page(i).html);
/// }
/// assert!(results[3].is_err());
/// std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn download_threaded(client: &Client, jobs: &[DownloadJob]) -> Vec<Result<u64, DownloadError>> {
    // A scope lets every thread borrow `client` and its job: no Arc, no clones, and
    // the scope cannot end while a download is still running.
    thread::scope(|scope| {
        // Start them all first, keeping the handles in job order...
        let handles: Vec<_> = jobs
            .iter()
            .map(|job| scope.spawn(move || download_one(client, job)))
            .collect();
        // ...then join in that same order, so results line up with `jobs` however the
        // downloads happened to finish. (Joining inside the first loop would wait for
        // each download before starting the next: sequential again.)
        handles
            .into_iter()
            .map(|handle| {
                handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}
