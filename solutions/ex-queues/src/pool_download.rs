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
use std::thread;

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
/// ```
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
/// ```
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
    assert!(workers > 0, "a download pool needs at least one worker");
    let (job_tx, job_rx) = crossbeam_channel::unbounded::<(usize, &DownloadJob)>();
    let (done_tx, done_rx) = crossbeam_channel::unbounded();

    // Fill the queue, then drop the sender: once the queue is empty *and* closed,
    // `iter()` ends in every worker, which is how the workers learn to stop.
    for job in jobs.iter().enumerate() {
        job_tx
            .send(job)
            .expect("the receiver is alive in this function");
    }
    drop(job_tx);

    thread::scope(|scope| {
        // The scope lets workers borrow `client`, the jobs and the channel ends
        // without Arc; it also joins every worker before it returns.
        for _ in 0..workers {
            let (job_rx, done_tx) = (&job_rx, done_tx.clone());
            scope.spawn(move || {
                for (index, job) in job_rx.iter() {
                    // "Signal when done": one message per finished job. The caller
                    // holds the receiver until the scope ends, so this cannot fail.
                    let _ = done_tx.send((index, download_one(client, job)));
                }
            });
        }
    });
    // The workers are joined and the original sender goes now: the results queue is
    // closed, so this loop ends after the last result.
    drop(done_tx);
    let mut results: Vec<Option<Result<u64, DownloadError>>> = jobs.iter().map(|_| None).collect();
    for (index, result) in done_rx {
        results[index] = Some(result);
    }
    results
        .into_iter()
        .map(|result| result.expect("every job was answered by a worker"))
        .collect()
}
