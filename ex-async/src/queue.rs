//! # as-queue: Producers and consumers on tokio, and an async Event
//!
//! Producer tasks send numbered items into a bounded tokio channel; consumer tasks share
//! its one receiver behind a `tokio::sync::Mutex`, take items until the channel is closed
//! and empty, and record each delivery. The pipeline ends by itself when the producers
//! are done. Then an [`Event`] like `asyncio.Event`, built on `tokio::sync::Notify`, that
//! loses no wake-up.
//!
//! After `001_65a139599805f2de.txt`, "Programowanie Asynchroniczne" (its closing
//! paragraph: `asyncio.Queue` between coroutines, `asyncio.Lock` and `asyncio.Event` to
//! synchronise them). The statement is the `as-queue` section of `ex-async/README.md`.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::mpsc;

/// One item a producer makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Item {
    /// Which producer made it (0-based).
    pub producer: usize,
    /// Its number among that producer's items (0-based).
    pub number: usize,
}

/// One item taken and handled by a consumer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Delivery {
    /// Which consumer handled it (0-based).
    pub consumer: usize,
    /// The item.
    pub item: Item,
}

/// The shape of a pipeline for [`run_pipeline`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Plan {
    /// How many producer tasks to start.
    pub producers: usize,
    /// How many items each producer sends.
    pub items_per_producer: usize,
    /// How many consumer tasks to start (at least one).
    pub consumers: usize,
    /// How many items the channel holds before a producer has to wait (at least one).
    pub capacity: usize,
    /// How long a consumer works on each item (an async wait, standing for real work).
    pub work: Duration,
}

/// The receiving end that every consumer shares.
///
/// A tokio `mpsc` channel has one receiver, so consumers take turns with it behind a
/// lock. The lock is held *across* `recv().await` (a consumer waits for the next item
/// while holding it), which only an async mutex allows: a `std::sync::MutexGuard` held
/// over an `.await` would block the thread for every other task (and cannot be sent
/// between threads, so `tokio::spawn` refuses such a future).
pub type SharedReceiver = Arc<tokio::sync::Mutex<mpsc::Receiver<Item>>>;

/// The record of deliveries that every consumer adds to.
///
/// A `std::sync::Mutex` is right here: it is held only to push one delivery, never
/// across an `.await`.
pub type DeliveryLog = Arc<Mutex<Vec<Delivery>>>;

/// Sends `count` items numbered `0..count` from producer `id`, waiting whenever the
/// channel is full. Returns how many items it sent: fewer than `count` only if every
/// receiver is gone.
///
/// Dropping `sender` when it returns is this producer's part of the shutdown: once every
/// sender is gone, the consumers' `recv` returns `None`.
pub async fn producer(id: usize, count: usize, sender: mpsc::Sender<Item>) -> usize {
    todo!(
        "as-queue: producer {id} sends {count} items into {sender:?}, waiting when the channel is full"
    )
}

/// Consumer `id`: takes items from the shared receiver until the channel is closed and
/// empty; for each, waits `work` and then records a [`Delivery`]. Returns how many items
/// it handled.
///
/// The lock on the receiver is released before the work starts, so the other consumers
/// can take items meanwhile.
pub async fn consumer(
    id: usize,
    queue: SharedReceiver,
    work: Duration,
    deliveries: DeliveryLog,
) -> usize {
    todo!(
        "as-queue: consumer {id} takes items from {queue:?} until the channel is closed and empty, works {work:?} on each (lock released) and records it in {deliveries:?}"
    )
}

/// Runs `plan.producers` producers and `plan.consumers` consumers over one channel of
/// `plan.capacity` items, and returns every delivery in the order they were recorded
/// once every consumer has ended. Every item is delivered exactly once.
///
/// # Panics
/// If `plan.consumers` or `plan.capacity` is 0, outside a tokio runtime, or if a task
/// panicked (its panic is passed on).
///
/// ```no_run
/// use std::time::Duration;
/// use ex_async::queue::{Plan, run_pipeline};
///
/// # tokio::runtime::Builder::new_current_thread().enable_time().start_paused(true).build().unwrap().block_on(async {
/// let plan = Plan { producers: 2, items_per_producer: 5, consumers: 3, capacity: 2, work: Duration::from_millis(10) };
/// let deliveries = run_pipeline(plan).await;
/// assert_eq!(deliveries.len(), 10);
/// # });
/// ```
pub async fn run_pipeline(plan: Plan) -> Vec<Delivery> {
    todo!(
        "as-queue: run {plan:?}: one channel, the producers and consumers as tasks, and an orderly end"
    )
}

/// A flag that tasks can wait for, like `asyncio.Event`: [`wait`](Event::wait) returns
/// once the event is set, at once if it already is, and [`set`](Event::set) wakes every
/// task waiting.
///
/// Share it between tasks with an `Arc`.
///
/// ```no_run
/// use std::sync::Arc;
/// use ex_async::queue::Event;
///
/// # tokio::runtime::Builder::new_current_thread().enable_time().start_paused(true).build().unwrap().block_on(async {
/// let event = Arc::new(Event::new());
/// let waiter = tokio::spawn({
///     let event = Arc::clone(&event);
///     async move { event.wait().await }
/// });
/// event.set();
/// waiter.await.unwrap();
/// event.wait().await; // already set: returns at once
/// assert!(event.is_set());
/// # });
/// ```
#[derive(Debug)]
pub struct Event {
    // TODO: the fields: a flag, and a tokio::sync::Notify to wake the waiting tasks.
}

impl Default for Event {
    fn default() -> Self {
        Event::new()
    }
}

impl Event {
    /// An event that is not set.
    pub fn new() -> Event {
        todo!("as-queue: an Event that is not set")
    }

    /// Sets the event and wakes every task waiting for it. Tasks that call `wait` later
    /// return at once, until [`clear`](Event::clear).
    pub fn set(&self) {
        todo!("as-queue: set the flag, then wake every waiting task")
    }

    /// Clears the event: tasks that call `wait` from now on wait for the next `set`.
    pub fn clear(&self) {
        todo!("as-queue: clear the flag")
    }

    /// Whether the event is set.
    pub fn is_set(&self) -> bool {
        todo!("as-queue: whether the flag is set")
    }

    /// Waits until the event is set; returns at once if it already is. A task that is
    /// waiting when `set` is called returns, even if `clear` follows at once (as in
    /// asyncio).
    pub async fn wait(&self) {
        todo!(
            "as-queue: return at once if the event is set, else wait for set, without losing a wake-up"
        )
    }
}
