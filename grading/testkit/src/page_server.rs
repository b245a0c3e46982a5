//! A real HTTP page server on `127.0.0.1`, started from a plain (sync) test in one call.
//!
//! It replaces the internet in every "download" and "fetch" exercise: it serves `N`
//! pages with distinct titles and bodies, a seeded `/random` page, an optional latency
//! per response, and counters that let a test *observe* concurrency: the total number of
//! requests and the most that were in flight at once. A gate can hold every response
//! until `k` requests are in flight together (or a deadline passes), which makes "the
//! client really had `k` requests open at once" a deterministic fact rather than a race.
//! It also counts the TCP connections it accepted, so a test can tell a client that
//! reuses its connections (one `reqwest::Client` for every request) from one that opens
//! a new connection per request.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::serve::ListenerExt;
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use tokio::sync::watch;
use tokio::time::Instant;

/// Places used to build page titles; several are not ASCII on purpose, so that counting
/// bytes instead of characters gives a different answer.
const PLACES: [&str; 12] = [
    "Tromsø",
    "Łódź",
    "Haifa",
    "Berkeley",
    "Trondheim",
    "Kraków",
    "Москва",
    "Bergen",
    "Gdańsk",
    "Zürich",
    "Ålesund",
    "Novosibirsk",
];
/// Topics used to build page titles.
const TOPICS: [&str; 8] = [
    "harbour",
    "library",
    "railway",
    "observatory",
    "market",
    "bridge",
    "museum",
    "garden",
];
/// Words used to build page bodies.
const WORDS: [&str; 16] = [
    "thread",
    "process",
    "queue",
    "lock",
    "barrier",
    "semaphore",
    "channel",
    "worker",
    "join",
    "spawn",
    "mutex",
    "atomic",
    "signal",
    "event",
    "pool",
    "task",
];

/// One page the server holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// The page's position, as in `/pages/{index}`.
    pub index: usize,
    /// The text of the page's `<title>` element (distinct for every page).
    pub title: String,
    /// The whole HTML document the server sends.
    pub html: String,
}

/// How the gate opened, if it was set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GateOutcome {
    /// `k` requests were in flight together: the client is concurrent enough.
    Quorum,
    /// The deadline passed first: the client never had `k` requests open at once.
    Deadline,
}

/// Settings for a [`PageServer`]; start one with [`PageServerBuilder::start`].
#[derive(Debug, Clone)]
pub struct PageServerBuilder {
    pages: usize,
    latency: Duration,
    seed: u64,
    gate: Option<(usize, Duration)>,
}

impl Default for PageServerBuilder {
    fn default() -> Self {
        PageServerBuilder {
            pages: 10,
            latency: Duration::ZERO,
            seed: 0,
            gate: None,
        }
    }
}

impl PageServerBuilder {
    /// How many pages to serve at `/pages/0` … `/pages/{n-1}` (default 10).
    pub fn pages(mut self, count: usize) -> Self {
        self.pages = count;
        self
    }

    /// A delay added to every response (default none).
    pub fn latency(mut self, latency: Duration) -> Self {
        self.latency = latency;
        self
    }

    /// The seed for page bodies and for the sequence `/random` serves (default 0).
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Holds every response until `quorum` requests are in flight at once, or until
    /// `deadline` has passed since the first request; then the gate stays open.
    ///
    /// A sequential client therefore pays the deadline once and then runs normally,
    /// and [`PageServer::gate_outcome`] tells the test which way the gate opened.
    pub fn gate(mut self, quorum: usize, deadline: Duration) -> Self {
        self.gate = Some((quorum, deadline));
        self
    }

    /// Binds an ephemeral port on `127.0.0.1` and starts serving.
    ///
    /// # Panics
    /// If the port cannot be bound or the runtime cannot start (a broken machine, not a
    /// student's mistake).
    pub fn start(self) -> PageServer {
        PageServer::start_with(self)
    }
}

/// What the handlers share.
#[derive(Debug)]
struct Shared {
    pages: Vec<Page>,
    latency: Duration,
    random: Mutex<StdRng>,
    random_served: Mutex<Vec<usize>>,
    requests_total: AtomicUsize,
    in_flight: AtomicUsize,
    max_in_flight: AtomicUsize,
    connections_accepted: AtomicUsize,
    gate: Option<Gate>,
}

#[derive(Debug)]
struct Gate {
    quorum: usize,
    deadline_after_first: Duration,
    deadline: OnceLock<Instant>,
    open: watch::Sender<bool>,
    outcome: OnceLock<GateOutcome>,
}

impl Gate {
    fn open(&self, outcome: GateOutcome) {
        let _ = self.outcome.set(outcome);
        self.open.send_replace(true);
    }

    async fn pass(&self, in_flight_now: usize) {
        let deadline = *self
            .deadline
            .get_or_init(|| Instant::now() + self.deadline_after_first);
        if in_flight_now >= self.quorum {
            self.open(GateOutcome::Quorum);
        }
        let mut open = self.open.subscribe();
        let opened = tokio::time::timeout_at(deadline, open.wait_for(|is_open| *is_open)).await;
        if opened.is_err() {
            self.open(GateOutcome::Deadline);
        }
    }
}

/// Counts one request as in flight for as long as it lives.
struct InFlight<'a>(&'a Shared);

impl<'a> InFlight<'a> {
    fn begin(shared: &'a Shared) -> (Self, usize) {
        shared.requests_total.fetch_add(1, Ordering::SeqCst);
        let now = shared.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        shared.max_in_flight.fetch_max(now, Ordering::SeqCst);
        (InFlight(shared), now)
    }
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

/// A running page server; it stops when dropped.
///
/// ```
/// let server = testkit::PageServer::start();
/// let body = reqwest::blocking::get(server.page_url(3)).unwrap().text().unwrap();
/// assert_eq!(body, server.page(3).html);
/// assert_eq!(server.requests_total(), 1);
/// assert_eq!(server.max_in_flight(), 1);
/// ```
#[derive(Debug)]
pub struct PageServer {
    address: SocketAddr,
    shared: Arc<Shared>,
    runtime: Option<tokio::runtime::Runtime>,
}

impl PageServer {
    /// Starts a server with the default settings: 10 pages, no latency, seed 0, no gate.
    pub fn start() -> PageServer {
        PageServerBuilder::default().start()
    }

    /// Settings for a server that is not the default one.
    pub fn builder() -> PageServerBuilder {
        PageServerBuilder::default()
    }

    fn start_with(settings: PageServerBuilder) -> PageServer {
        let pages = (0..settings.pages)
            .map(|index| make_page(index, settings.seed))
            .collect();
        let gate = settings.gate.map(|(quorum, deadline)| Gate {
            quorum,
            deadline_after_first: deadline,
            deadline: OnceLock::new(),
            open: watch::Sender::new(false),
            outcome: OnceLock::new(),
        });
        let shared = Arc::new(Shared {
            pages,
            latency: settings.latency,
            random: Mutex::new(StdRng::seed_from_u64(settings.seed ^ 0x5eed)),
            random_served: Mutex::new(Vec::new()),
            requests_total: AtomicUsize::new(0),
            in_flight: AtomicUsize::new(0),
            max_in_flight: AtomicUsize::new(0),
            connections_accepted: AtomicUsize::new(0),
            gate,
        });

        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("testkit-page-server")
            .enable_all()
            .build()
            .expect("the page server could not start its runtime");
        let listener = std::net::TcpListener::bind(("127.0.0.1", 0))
            .expect("the page server could not bind a port on 127.0.0.1");
        let address = listener
            .local_addr()
            .expect("a bound socket has an address");
        listener
            .set_nonblocking(true)
            .expect("the listener could not be made non-blocking");
        let app = Router::new()
            .route("/pages/{index}", get(page))
            .route("/random", get(random_page))
            .fallback(not_found)
            .with_state(Arc::clone(&shared));
        let counted = Arc::clone(&shared);
        runtime.spawn(async move {
            let listener = tokio::net::TcpListener::from_std(listener)
                .expect("the listener could not join the runtime")
                .tap_io(move |_connection| {
                    counted.connections_accepted.fetch_add(1, Ordering::SeqCst);
                });
            // Errors here mean the runtime is shutting down; nothing is left to serve.
            let _ = axum::serve(listener, app).await;
        });
        PageServer {
            address,
            shared,
            runtime: Some(runtime),
        }
    }

    /// The server's address, e.g. `http://127.0.0.1:41234`, without a trailing slash.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// The URL of page `index`.
    pub fn page_url(&self, index: usize) -> String {
        format!("{}/pages/{index}", self.base_url())
    }

    /// The URL of the page that serves a different page each time (seeded).
    pub fn random_url(&self) -> String {
        format!("{}/random", self.base_url())
    }

    /// A URL on this server that answers `404 Not Found`.
    pub fn missing_url(&self) -> String {
        format!("{}/no-such-page", self.base_url())
    }

    /// Page `index`, as the server sends it.
    ///
    /// # Panics
    /// If there is no such page.
    pub fn page(&self, index: usize) -> &Page {
        &self.shared.pages[index]
    }

    /// Every page, in index order.
    pub fn pages(&self) -> &[Page] {
        &self.shared.pages
    }

    /// The indices of the pages `/random` has served so far, in the order served.
    pub fn random_served(&self) -> Vec<usize> {
        self.shared
            .random_served
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    /// How many requests have arrived so far (any path).
    pub fn requests_total(&self) -> usize {
        self.shared.requests_total.load(Ordering::SeqCst)
    }

    /// How many requests are being handled right now.
    pub fn in_flight(&self) -> usize {
        self.shared.in_flight.load(Ordering::SeqCst)
    }

    /// The most requests that were ever in flight at the same time.
    pub fn max_in_flight(&self) -> usize {
        self.shared.max_in_flight.load(Ordering::SeqCst)
    }

    /// How many TCP connections the server has accepted so far.
    ///
    /// An HTTP/1.1 client that keeps its connections alive (one `reqwest::Client` used
    /// for every request) opens at most as many as it has requests in flight at once; a
    /// client made anew for each request opens one per request.
    ///
    /// ```
    /// let server = testkit::PageServer::start();
    /// let client = reqwest::blocking::Client::new();
    /// for index in 0..5 {
    ///     client.get(server.page_url(index)).send().unwrap().text().unwrap();
    /// }
    /// assert_eq!(server.requests_total(), 5);
    /// assert_eq!(server.connections_accepted(), 1, "one kept-alive connection");
    /// ```
    pub fn connections_accepted(&self) -> usize {
        self.shared.connections_accepted.load(Ordering::SeqCst)
    }

    /// How the gate opened: `None` if there is no gate or no request reached it yet.
    pub fn gate_outcome(&self) -> Option<GateOutcome> {
        self.shared
            .gate
            .as_ref()
            .and_then(|gate| gate.outcome.get().copied())
    }
}

impl Drop for PageServer {
    fn drop(&mut self) {
        if let Some(runtime) = self.runtime.take() {
            // Held and sleeping responses are dropped; no thread is waited for.
            runtime.shutdown_background();
        }
    }
}

/// Builds page `index` from the seed: a distinct title and a body whose length varies.
fn make_page(index: usize, seed: u64) -> Page {
    let mut rng = StdRng::seed_from_u64(seed.wrapping_mul(31).wrapping_add(index as u64));
    let place = PLACES[rng.random_range(0..PLACES.len())];
    let topic = TOPICS[rng.random_range(0..TOPICS.len())];
    let title = format!("{place} {topic} #{index}");
    let sentences = rng.random_range(3..12);
    let mut body = String::new();
    for _ in 0..sentences {
        let words: Vec<&str> = (0..rng.random_range(4..10))
            .map(|_| WORDS[rng.random_range(0..WORDS.len())])
            .collect();
        body.push_str("<p>");
        body.push_str(&words.join(" "));
        body.push_str(".</p>\n");
    }
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>{title}</title>\n</head>\n<body>\n<h1>{title}</h1>\n{body}</body>\n</html>\n"
    );
    Page { index, title, html }
}

async fn respond(shared: &Shared, page_index: Option<usize>) -> Response {
    let (_in_flight, now) = InFlight::begin(shared);
    if let Some(gate) = &shared.gate {
        gate.pass(now).await;
    }
    if !shared.latency.is_zero() {
        tokio::time::sleep(shared.latency).await;
    }
    match page_index.and_then(|index| shared.pages.get(index)) {
        Some(page) => Html(page.html.clone()).into_response(),
        None => (StatusCode::NOT_FOUND, "no such page\n").into_response(),
    }
}

async fn page(State(shared): State<Arc<Shared>>, Path(index): Path<String>) -> Response {
    respond(&shared, index.parse().ok()).await
}

async fn random_page(State(shared): State<Arc<Shared>>) -> Response {
    let chosen = if shared.pages.is_empty() {
        None
    } else {
        let index = shared
            .random
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .random_range(0..shared.pages.len());
        shared
            .random_served
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push(index);
        Some(index)
    };
    respond(&shared, chosen).await
}

async fn not_found(State(shared): State<Arc<Shared>>) -> Response {
    respond(&shared, None).await
}
