//! Visible tests for as-queue: `cargo test -p ex-async --test as_queue`.
//!
//! They run on tokio's paused clock (`testkit::on_paused_clock`): a consumer's work is an
//! async wait, so "the four consumers worked at the same time" is read off tokio's
//! clock, and a pipeline that never ends fails at once (the paused clock jumps ahead to
//! the test's time-out when nothing else can run) instead of hanging.

#[path = "support/pipeline.rs"]
mod pipeline;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use ex_async::queue::{Event, Item, Plan, consumer, run_pipeline};
use pipeline::assert_each_item_once;
use testkit::on_paused_clock;
use tokio::sync::mpsc;
use tokio::time::Instant;

const LIMIT: Duration = Duration::from_secs(10);

#[test]
fn every_item_is_delivered_exactly_once() {
    let plan = Plan {
        producers: 3,
        items_per_producer: 20,
        consumers: 4,
        capacity: 5,
        work: Duration::from_millis(10),
    };
    let deliveries = on_paused_clock(LIMIT, "run_pipeline", move || run_pipeline(plan));
    assert_each_item_once(&plan, &deliveries);
}

#[test]
fn a_consumer_ends_when_the_channel_is_closed_and_empty() {
    let handled = on_paused_clock(LIMIT, "consumer", || async {
        let (sender, receiver) = mpsc::channel(8);
        for number in 0..3 {
            sender
                .send(Item {
                    producer: 0,
                    number,
                })
                .await
                .expect("the consumer's receiver is alive");
        }
        // The last sender is dropped: after the three items, the channel is over.
        drop(sender);
        let deliveries = Arc::new(Mutex::new(Vec::new()));
        let queue = Arc::new(tokio::sync::Mutex::new(receiver));
        consumer(7, queue, Duration::from_millis(5), Arc::clone(&deliveries)).await
    });
    assert_eq!(
        handled, 3,
        "the consumer handles the three items, then returns"
    );
}

#[test]
fn consumers_work_at_the_same_time() {
    // 40 items of 100 ms work each: one consumer at a time needs 4 s, four consumers
    // working together about 1 s.
    let plan = Plan {
        producers: 1,
        items_per_producer: 40,
        consumers: 4,
        capacity: 40,
        work: Duration::from_millis(100),
    };
    let (deliveries, took) = on_paused_clock(LIMIT, "run_pipeline", move || async move {
        let start = Instant::now();
        let deliveries = run_pipeline(plan).await;
        (deliveries, start.elapsed())
    });
    assert_each_item_once(&plan, &deliveries);
    assert!(
        took < Duration::from_secs(2),
        "40 items of 100 ms work among 4 consumers took {took:?} of tokio time (about 1 s \
         expected, 4 s if one consumer works at a time): release the receiver's lock before \
         the work"
    );
}

#[test]
fn wait_returns_at_once_when_the_event_is_already_set() {
    let was_set = on_paused_clock(LIMIT, "Event::wait after set", || async {
        let event = Event::new();
        assert!(!event.is_set(), "a new event is not set");
        event.set();
        // Nothing will ever call set again: a wait that missed it would never end.
        event.wait().await;
        event.is_set()
    });
    assert!(was_set);
}

#[test]
fn set_wakes_every_waiting_task() {
    let woken = on_paused_clock(LIMIT, "ten tasks in Event::wait", || async {
        let event = Arc::new(Event::new());
        let waiters: Vec<_> = (0..10)
            .map(|_| {
                let event = Arc::clone(&event);
                tokio::spawn(async move { event.wait().await })
            })
            .collect();
        // Let every waiter start waiting before the event is set.
        tokio::time::sleep(Duration::from_millis(10)).await;
        event.set();
        let mut woken = 0;
        for waiter in waiters {
            waiter.await.expect("a waiting task does not fail");
            woken += 1;
        }
        woken
    });
    assert_eq!(woken, 10, "one set wakes all ten waiting tasks");
}
