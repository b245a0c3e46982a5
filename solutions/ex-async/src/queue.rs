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

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::{Notify, mpsc};

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
    for number in 0..count {
        let item = Item {
            producer: id,
            number,
        };
        if sender.send(item).await.is_err() {
            return number;
        }
    }
    count
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
    let mut handled = 0;
    loop {
        // The guard lives only for this statement: the lock is free again before the
        // work below begins.
        let next = queue.lock().await.recv().await;
        let Some(item) = next else {
            // Every sender is gone and nothing is left: the orderly end.
            return handled;
        };
        tokio::time::sleep(work).await;
        deliveries
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push(Delivery { consumer: id, item });
        handled += 1;
    }
}

/// Runs `plan.producers` producers and `plan.consumers` consumers over one channel of
/// `plan.capacity` items, and returns every delivery in the order they were recorded
/// once every consumer has ended. Every item is delivered exactly once.
///
/// # Panics
/// If `plan.consumers` or `plan.capacity` is 0, outside a tokio runtime, or if a task
/// panicked (its panic is passed on).
///
/// ```
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
    assert!(plan.consumers > 0, "a pipeline needs at least one consumer");
    assert!(
        plan.capacity > 0,
        "a channel needs room for at least one item"
    );
    let (sender, receiver) = mpsc::channel(plan.capacity);
    let queue: SharedReceiver = Arc::new(tokio::sync::Mutex::new(receiver));
    let deliveries: DeliveryLog = Arc::new(Mutex::new(Vec::new()));

    let producers: Vec<_> = (0..plan.producers)
        .map(|id| tokio::spawn(producer(id, plan.items_per_producer, sender.clone())))
        .collect();
    // Our own sender must go too, or the channel never closes and the consumers wait
    // for ever after the producers are done.
    drop(sender);
    let consumers: Vec<_> = (0..plan.consumers)
        .map(|id| {
            tokio::spawn(consumer(
                id,
                Arc::clone(&queue),
                plan.work,
                Arc::clone(&deliveries),
            ))
        })
        .collect();

    // A task's panic comes back through its handle: pass it on.
    for task in producers.into_iter().chain(consumers) {
        task.await
            .unwrap_or_else(|error| std::panic::resume_unwind(error.into_panic()));
    }
    std::mem::take(
        &mut *deliveries
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()),
    )
}

/// A flag that tasks can wait for, like `asyncio.Event`: [`wait`](Event::wait) returns
/// once the event is set, at once if it already is, and [`set`](Event::set) wakes every
/// task waiting.
///
/// Share it between tasks with an `Arc`.
///
/// ```
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
#[derive(Debug, Default)]
pub struct Event {
    flag: AtomicBool,
    notify: Notify,
}

impl Event {
    /// An event that is not set.
    pub fn new() -> Event {
        Event::default()
    }

    /// Sets the event and wakes every task waiting for it. Tasks that call `wait` later
    /// return at once, until [`clear`](Event::clear).
    pub fn set(&self) {
        // The flag first: a waiter that checks after this point sees it set, and one
        // that checked before is already registered with `notify` (see `wait`).
        self.flag.store(true, Ordering::SeqCst);
        self.notify.notify_waiters();
    }

    /// Clears the event: tasks that call `wait` from now on wait for the next `set`.
    pub fn clear(&self) {
        self.flag.store(false, Ordering::SeqCst);
    }

    /// Whether the event is set.
    pub fn is_set(&self) -> bool {
        self.flag.load(Ordering::SeqCst)
    }

    /// Waits until the event is set; returns at once if it already is. A task that is
    /// waiting when `set` is called returns, even if `clear` follows at once (as in
    /// asyncio).
    pub async fn wait(&self) {
        // Make the `Notified` future *before* looking at the flag: it receives every
        // `notify_waiters` from the moment it exists, even before it is first polled.
        // Looking first and making it after would miss a `set` that lands in between
        // (`notify_waiters` stores no permit): a lost wake-up.
        let notified = self.notify.notified();
        if self.is_set() {
            return;
        }
        // Only `set` notifies, so being woken means the event was set.
        notified.await;
    }
}
