//! # as-fetch: Fetch pages concurrently with one client and a bound
//!
//! Fetch a list of pages with one async `reqwest::Client`, at most `limit` at a time,
//! and report each page's title and its length in bytes, in the order of the list. One
//! client keeps its connections open and reuses them, so `limit` requests never need
//! more than `limit` connections.
//!
//! After `004_1ba7af3fe02a6a86.txt`, "Breakout", the aside that gathers pages with
//! `asyncio` and `aiohttp` (`fetch(url, session)` inside one `ClientSession`). The
//! statement is the `as-fetch` section of `ex-async/README.md`.

use std::sync::Arc;

use reqwest::{Client, StatusCode};
use tokio::sync::Semaphore;

/// What [`fetch_page`] learnt about one page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageSummary {
    /// The URL fetched.
    pub url: String,
    /// The text of the page's `<title>` element.
    pub title: String,
    /// The length of the body in bytes, as it came over the wire (the lab sheet's
    /// `len(await response.read())`), which is more than its number of characters when
    /// the page is not all ASCII.
    pub bytes: usize,
}

/// Why fetching a page failed.
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

/// Returns the text inside the first `<title>…</title>` of `html`, trimmed, or `None`
/// if there is no complete title element. (Given: the same extractor as th-titles.)
///
/// ```
/// use ex_async::fetch::extract_title;
///
/// assert_eq!(extract_title("<head><title> Tromsø harbour </title></head>"), Some("Tromsø harbour"));
/// assert_eq!(extract_title("<TITLE lang=\"pl\">Łódź</Title>"), Some("Łódź"));
/// assert_eq!(extract_title("<title>never closed"), None);
/// ```
pub fn extract_title(html: &str) -> Option<&str> {
    // ASCII lower-casing keeps every byte where it was, so a position found in `lower`
    // is a valid position in `html` too.
    let lower = html.to_ascii_lowercase();
    let mut from = 0;
    let open_start = loop {
        let found = from + lower[from..].find("<title")?;
        let after_name = found + "<title".len();
        match lower[after_name..].chars().next() {
            Some(c) if c == '>' || c.is_ascii_whitespace() => break found,
            _ => from = after_name,
        }
    };
    let content_start = open_start + lower[open_start..].find('>')? + 1;
    let content_end = content_start + lower[content_start..].find("</title")?;
    Some(html[content_start..content_end].trim())
}

/// Fetches `url` with `client` and summarises the page: its title and its length in
/// bytes.
///
/// # Errors
/// [`FetchError::Request`] if the request or the body fails, [`FetchError::Status`] if
/// the status is not a success, [`FetchError::NoTitle`] if the page has no title.
///
/// ```
/// use ex_async::fetch::fetch_page;
///
/// let server = testkit::PageServer::start();
/// let url = server.page_url(3);
/// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
/// let page = fetch_page(&reqwest::Client::new(), &url).await?;
/// assert_eq!(page.title, server.page(3).title);
/// assert_eq!(page.bytes, server.page(3).html.len());
/// # Ok::<(), ex_async::fetch::FetchError>(())
/// # }).unwrap();
/// ```
pub async fn fetch_page(client: &Client, url: &str) -> Result<PageSummary, FetchError> {
    let request_failed = |source| FetchError::Request {
        url: url.to_owned(),
        source,
    };
    let response = client.get(url).send().await.map_err(request_failed)?;
    let status = response.status();
    if !status.is_success() {
        return Err(FetchError::Status {
            url: url.to_owned(),
            status,
        });
    }
    // The raw bytes, like aiohttp's `response.read()`: their length is the size on the
    // wire. The title is read from them as (lossy) UTF-8 text.
    let body = response.bytes().await.map_err(request_failed)?;
    let html = String::from_utf8_lossy(&body);
    let title = extract_title(&html).ok_or_else(|| FetchError::NoTitle {
        url: url.to_owned(),
    })?;
    Ok(PageSummary {
        url: url.to_owned(),
        title: title.to_owned(),
        bytes: body.len(),
    })
}

/// Fetches every URL of `urls` with the one `client`, at most `limit` at the same time,
/// and returns one result per URL in the order of `urls`. A failed page does not stop
/// the others.
///
/// # Panics
/// If `limit` is 0, or outside a tokio runtime.
///
/// ```
/// use ex_async::fetch::fetch_all;
///
/// let server = testkit::PageServer::builder().pages(6).start();
/// let urls: Vec<String> = (0..6).map(|index| server.page_url(index)).collect();
/// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
/// let pages = fetch_all(&reqwest::Client::new(), &urls, 3).await;
/// assert_eq!(pages.len(), 6);
/// assert!(server.max_in_flight() <= 3);
/// # });
/// ```
pub async fn fetch_all(
    client: &Client,
    urls: &[String],
    limit: usize,
) -> Vec<Result<PageSummary, FetchError>> {
    assert!(limit > 0, "fetch_all needs a limit of at least one request");
    // A task may start as soon as it is spawned, but it fetches only once it holds one
    // of the `limit` permits; the permit goes back when the task's `_permit` is dropped.
    let permits = Arc::new(Semaphore::new(limit));
    let tasks: Vec<_> = urls
        .iter()
        .map(|url| {
            // `tokio::spawn` needs a future that owns everything it uses ('static) and
            // can move between threads (Send). A `Client` is a handle to one shared
            // connection pool, so cloning it is cheap and every clone reuses the same
            // connections.
            let client = client.clone();
            let url = url.clone();
            let permits = Arc::clone(&permits);
            tokio::spawn(async move {
                let _permit = permits
                    .acquire_owned()
                    .await
                    .expect("the semaphore is never closed");
                fetch_page(&client, &url).await
            })
        })
        .collect();
    let mut pages = Vec::with_capacity(tasks.len());
    for task in tasks {
        // A task's panic comes back through its handle: pass it on.
        pages.push(
            task.await
                .unwrap_or_else(|error| std::panic::resume_unwind(error.into_panic())),
        );
    }
    pages
}
