//! # th-titles: Titles of random pages
//!
//! Fetch a page that is different every time (`/random`) `count` times, one thread per
//! fetch, and report the title of every page received and the total number of
//! characters in all the bodies. The title comes from a small hand-written extractor.
//!
//! After `004_1ba7af3fe02a6a86.txt`, "Breakout". The statement is the `th-titles`
//! section of `ex-threads/README.md`.

use reqwest::StatusCode;
use reqwest::blocking::Client;

/// What [`fetch_random_titles`] found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TitleReport {
    /// The title of every page fetched, one per fetch (a page served twice appears twice).
    pub titles: Vec<String>,
    /// The number of characters (Unicode scalar values, not bytes) in all the bodies
    /// together.
    pub total_chars: usize,
}

/// Why fetching the titles failed.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    /// The request could not be made or its body could not be read.
    #[error("failed to fetch {url}")]
    Request {
        /// The URL that was fetched.
        url: String,
        /// What the HTTP client reported.
        #[source]
        source: reqwest::Error,
    },
    /// The server answered, but not with a success (2xx) status.
    #[error("{url} answered {status}")]
    Status {
        /// The URL that was fetched.
        url: String,
        /// The status the server sent, e.g. `404 Not Found`.
        status: StatusCode,
    },
    /// The page arrived but has no `<title>…</title>` element.
    #[error("the page from {url} has no title")]
    NoTitle {
        /// The URL that was fetched.
        url: String,
    },
}

/// Returns the text inside the first `<title>…</title>` of `html`, trimmed of
/// surrounding whitespace, or `None` if there is no title element or it is not closed.
///
/// Tag names are matched without regard to case and the opening tag may carry
/// attributes (`<TITLE lang="en">`). Entities such as `&amp;` are left as they are.
/// This is enough for the kit's well-formed pages; a real scraper would use an HTML
/// parser crate (the lab sheet uses BeautifulSoup).
///
/// ```no_run
/// use ex_threads::titles::extract_title;
///
/// assert_eq!(extract_title("<head><title> Tromsø harbour </title></head>"), Some("Tromsø harbour"));
/// assert_eq!(extract_title("<TITLE lang=\"pl\">Łódź</Title>"), Some("Łódź"));
/// assert_eq!(extract_title("<title>never closed"), None);
/// assert_eq!(extract_title("<p>no title here</p>"), None);
/// ```
pub fn extract_title(html: &str) -> Option<&str> {
    todo!(
        "th-titles: find <title ...>…</title> in the {} bytes of html (any case) and return its trimmed text",
        html.len()
    )
}

/// Fetches `url` with `client` and returns the decoded body.
///
/// # Errors
/// [`FetchError::Request`] if the request fails, [`FetchError::Status`] if the status
/// is not a success.
///
/// ```no_run
/// use ex_threads::titles::fetch_body;
///
/// let client = reqwest::blocking::Client::new();
/// let body = fetch_body(&client, "http://127.0.0.1:8000/pages/4")?;
/// println!("{body}");
/// # Ok::<(), ex_threads::titles::FetchError>(())
/// ```
pub fn fetch_body(client: &Client, url: &str) -> Result<String, FetchError> {
    todo!("th-titles: GET {url} with the {client:?}, check the status, return the body as text")
}

/// Fetches `url` `count` times, one fetch after the other, and reports the titles and
/// the total number of characters: the baseline to compare [`fetch_random_titles`]
/// with.
///
/// # Errors
/// The first [`FetchError`] met; then no report is made.
///
/// ```no_run
/// use ex_threads::titles::fetch_random_titles_sequential;
///
/// let client = reqwest::blocking::Client::new();
/// let report = fetch_random_titles_sequential(&client, "http://127.0.0.1:8000/random", 3)?;
/// assert_eq!(report.titles.len(), 3);
/// # Ok::<(), ex_threads::titles::FetchError>(())
/// ```
pub fn fetch_random_titles_sequential(
    client: &Client,
    url: &str,
    count: usize,
) -> Result<TitleReport, FetchError> {
    todo!(
        "th-titles: fetch {url} {count} times with the {client:?}, one after the other, and report titles and characters"
    )
}

/// Fetches `url` `count` times, each fetch on its own thread and all at the same time,
/// and reports the title of every page received and the total number of characters in
/// all the bodies.
///
/// # Errors
/// If any fetch fails, the error of the first failing fetch (in the order the threads
/// were started); then no report is made.
///
/// ```no_run
/// use ex_threads::titles::fetch_random_titles;
///
/// let client = reqwest::blocking::Client::new();
/// let report = fetch_random_titles(&client, "http://127.0.0.1:8000/random", 10)?;
/// for title in &report.titles {
///     println!("{title}");
/// }
/// println!("{} characters in all", report.total_chars);
/// # Ok::<(), ex_threads::titles::FetchError>(())
/// ```
pub fn fetch_random_titles(
    client: &Client,
    url: &str,
    count: usize,
) -> Result<TitleReport, FetchError> {
    todo!(
        "th-titles: fetch {url} {count} times with the {client:?}, one thread per fetch, and report titles and characters"
    )
}
