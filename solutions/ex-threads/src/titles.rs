//! # th-titles: Titles of random pages
//!
//! Fetch a page that is different every time (`/random`) `count` times, one thread per
//! fetch, and report the title of every page received and the total number of
//! characters in all the bodies. The title comes from a small hand-written extractor.
//!
//! After `004_1ba7af3fe02a6a86.txt`, "Breakout". The statement is the `th-titles`
//! section of `ex-threads/README.md`.

use std::thread;

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
/// ```
/// use ex_threads::titles::extract_title;
///
/// assert_eq!(extract_title("<head><title> Tromsø harbour </title></head>"), Some("Tromsø harbour"));
/// assert_eq!(extract_title("<TITLE lang=\"pl\">Łódź</Title>"), Some("Łódź"));
/// assert_eq!(extract_title("<title>never closed"), None);
/// assert_eq!(extract_title("<p>no title here</p>"), None);
/// ```
pub fn extract_title(html: &str) -> Option<&str> {
    // ASCII lower-casing keeps every byte where it was, so a position found in
    // `lower` is a valid position in `html` too (and always on a char boundary,
    // because it is the position of an ASCII `<` or `>`).
    let lower = html.to_ascii_lowercase();
    let mut from = 0;
    let open_start = loop {
        let found = from + lower[from..].find("<title")?;
        let after_name = found + "<title".len();
        // `<title>` or `<title attr=...>`, but not `<titles>` or `<title-bar>`.
        match lower[after_name..].chars().next() {
            Some(c) if c == '>' || c.is_ascii_whitespace() => break found,
            _ => from = after_name,
        }
    };
    let content_start = open_start + lower[open_start..].find('>')? + 1;
    let content_end = content_start + lower[content_start..].find("</title")?;
    Some(html[content_start..content_end].trim())
}

/// Fetches `url` with `client` and returns the decoded body.
///
/// # Errors
/// [`FetchError::Request`] if the request fails, [`FetchError::Status`] if the status
/// is not a success.
///
/// ```
/// use ex_threads::titles::{FetchError, fetch_body};
///
/// let server = testkit::PageServer::start();
/// let client = reqwest::blocking::Client::new();
/// assert_eq!(fetch_body(&client, &server.page_url(4))?, server.page(4).html);
/// assert!(matches!(fetch_body(&client, &server.missing_url()), Err(FetchError::Status { .. })));
/// # Ok::<(), FetchError>(())
/// ```
pub fn fetch_body(client: &Client, url: &str) -> Result<String, FetchError> {
    let request_failed = |source| FetchError::Request {
        url: url.to_owned(),
        source,
    };
    let response = client.get(url).send().map_err(request_failed)?;
    let status = response.status();
    if !status.is_success() {
        return Err(FetchError::Status {
            url: url.to_owned(),
            status,
        });
    }
    // `text` decodes the body with the charset the server announced (UTF-8 here).
    response.text().map_err(request_failed)
}

/// Builds the report from the bodies, in order.
fn report(url: &str, bodies: &[String]) -> Result<TitleReport, FetchError> {
    let titles = bodies
        .iter()
        .map(|body| {
            extract_title(body)
                .map(str::to_owned)
                .ok_or_else(|| FetchError::NoTitle {
                    url: url.to_owned(),
                })
        })
        .collect::<Result<_, _>>()?;
    // `chars().count()` counts characters; `len()` would count UTF-8 bytes, and
    // "Łódź" is 4 characters but 7 bytes.
    let total_chars = bodies.iter().map(|body| body.chars().count()).sum();
    Ok(TitleReport {
        titles,
        total_chars,
    })
}

/// Fetches `url` `count` times, one fetch after the other, and reports the titles and
/// the total number of characters: the baseline to compare [`fetch_random_titles`]
/// with.
///
/// # Errors
/// The first [`FetchError`] met; then no report is made.
///
/// ```
/// use ex_threads::titles::fetch_random_titles_sequential;
///
/// let server = testkit::PageServer::start();
/// let client = reqwest::blocking::Client::new();
/// let report = fetch_random_titles_sequential(&client, &server.random_url(), 3)?;
/// assert_eq!(report.titles.len(), 3);
/// assert_eq!(server.max_in_flight(), 1);
/// # Ok::<(), ex_threads::titles::FetchError>(())
/// ```
pub fn fetch_random_titles_sequential(
    client: &Client,
    url: &str,
    count: usize,
) -> Result<TitleReport, FetchError> {
    let bodies = (0..count)
        .map(|_| fetch_body(client, url))
        .collect::<Result<Vec<_>, _>>()?;
    report(url, &bodies)
}

/// Fetches `url` `count` times, each fetch on its own thread and all at the same time,
/// and reports the title of every page received and the total number of characters in
/// all the bodies.
///
/// # Errors
/// If any fetch fails, the error of the first failing fetch (in the order the threads
/// were started); then no report is made.
///
/// ```
/// use ex_threads::titles::fetch_random_titles;
///
/// let server = testkit::PageServer::builder().pages(20).seed(4).start();
/// let client = reqwest::blocking::Client::new();
/// let report = fetch_random_titles(&client, &server.random_url(), 10)?;
///
/// // The server logs which pages /random served; the report must agree with it.
/// let served = server.random_served();
/// let mut expected: Vec<String> = served.iter().map(|&i| server.page(i).title.clone()).collect();
/// let mut titles = report.titles.clone();
/// expected.sort();
/// titles.sort();
/// assert_eq!(titles, expected);
/// let chars: usize = served.iter().map(|&i| server.page(i).html.chars().count()).sum();
/// assert_eq!(report.total_chars, chars);
/// # Ok::<(), ex_threads::titles::FetchError>(())
/// ```
pub fn fetch_random_titles(
    client: &Client,
    url: &str,
    count: usize,
) -> Result<TitleReport, FetchError> {
    // Scoped threads borrow `client` and `url`; every fetch is started before any is
    // joined, so all `count` requests are in flight together.
    let bodies = thread::scope(|scope| {
        let handles: Vec<_> = (0..count)
            .map(|_| scope.spawn(|| fetch_body(client, url)))
            .collect();
        handles
            .into_iter()
            .map(|handle| {
                handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect::<Result<Vec<_>, _>>()
    })?;
    report(url, &bodies)
}
