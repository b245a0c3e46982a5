//! Hidden tests for as-queue: many producers on a channel of one, no producers, a
//! pipeline that must end after its last item, eight consumers sharing the work, a
//! producer's back-pressure and its end when nobody receives, and the Event: every
//! later wait after a set, clear, set-then-clear, and set racing wait on two worker
//! threads.

#[path = "../../../ex-async/tests/support/pipeline.rs"]
mod pipeline;

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use ex_async::queue::{Event, Item, Plan, producer, run_pipeline};
use pipeline::assert_each_item_once;
use testkit::{on_paused_clock, on_worker_threads};
use tokio::sync::mpsc;
use tokio::time::Instant;

const LIMIT: Duration = Duration::from_secs(10);

/// Runs `plan` on the paused clock; returns the deliveries and the tokio time it took.
fn run(plan: Plan) -> (Vec<ex_async::queue::Delivery>, Duration) {
    on_paused_clock(LIMIT, "run_pipeline", move || async move {
        let start = Instant::now();
        let deliveries = run_pipeline(plan).await;
        (deliveries, start.elapsed())
    })
}

#[test]
fn eight_producers_through_a_channel_of_one() {
    let plan = Plan {
        producers: 8,
        items_per_producer: 50,
        consumers: 6,
        capacity: 1,
        work: Duration::from_millis(1),
    };
    let (deliveries, _) = run(plan);
    assert_each_item_once(&plan, &deliveries);
}

#[test]
fn no_producers_means_the_consumers_end_at_once() {
    let plan = Plan {
        producers: 0,
        items_per_producer: 10,
        consumers: 3,
        capacity: 4,
        work: Duration::from_secs(1),
    };
    let (deliveries, took) = run(plan);
    assert!(deliveries.is_empty());
    assert!(
        took < Duration::from_secs(1),
        "with no producer the channel is closed at once, yet the pipeline took {took:?}"
    );
}

#[test]
fn the_pipeline_ends_right_after_the_last_item() {
    let plan = Plan {
        producers: 1,
        items_per_producer: 10,
        consumers: 1,
        capacity: 3,
        work: Duration::from_millis(100),
    };
    let (deliveries, took) = run(plan);
    assert_each_item_once(&plan, &deliveries);
    assert!(
        took >= Duration::from_secs(1) && took < Duration::from_millis(1100),
        "one consumer, ten items of 100 ms: the pipeline ends when the last item is done \
         (at 1 s of tokio time), but it took {took:?}"
    );
}

#[test]
fn eight_consumers_share_the_work() {
    let plan = Plan {
        producers: 2,
        items_per_producer: 40,
        consumers: 8,
        capacity: 16,
        work: Duration::from_millis(50),
    };
    let (deliveries, took) = run(plan);
    assert_each_item_once(&plan, &deliveries);
    let workers: BTreeSet<usize> = deliveries
        .iter()
        .map(|delivery| delivery.consumer)
        .collect();
    assert_eq!(
        workers.len(),
        8,
        "every consumer handled items: {workers:?}"
    );
    assert!(
        took < Duration::from_secs(1),
        "80 items of 50 ms among 8 consumers took {took:?} of tokio time (0.5 s expected, \
         4 s if one consumer works at a time): the receiver's lock must not be held during the work"
    );
}

#[test]
fn a_producer_waits_while_the_channel_is_full() {
    let sent = on_paused_clock(LIMIT, "producer on a full channel", || async {
        let (sender, mut receiver) = mpsc::channel(2);
        let task = tokio::spawn(producer(3, 5, sender));
        tokio::time::sleep(Duration::from_secs(1)).await;
        assert!(
            !task.is_finished(),
            "with room for 2 items and nobody receiving, the producer of 5 items waits"
        );
        let mut received = Vec::new();
        while let Some(item) = receiver.recv().await {
            received.push(item);
        }
        let expected: Vec<Item> = (0..5)
            .map(|number| Item {
                producer: 3,
                number,
            })
            .collect();
        assert_eq!(received, expected, "a producer sends its items in order");
        task.await.expect("the producer task")
    });
    assert_eq!(sent, 5);
}

#[test]
fn a_producer_stops_when_nobody_receives() {
    let sent = on_paused_clock(LIMIT, "producer without a receiver", || async {
        let (sender, receiver) = mpsc::channel(4);
        drop(receiver);
        producer(0, 10, sender).await
    });
    assert_eq!(sent, 0, "no item can be sent once the receiver is gone");
}

#[test]
fn a_set_event_lets_every_later_wait_through() {
    on_paused_clock(LIMIT, "five waits after one set", || async {
        let event = Event::new();
        event.set();
        for _ in 0..5 {
            event.wait().await;
        }
    });
}

#[test]
fn clear_makes_wait_block_again() {
    let waited = on_paused_clock(LIMIT, "wait after clear", || async {
        let event = Event::new();
        event.set();
        event.clear();
        assert!(!event.is_set(), "cleared");
        tokio::time::timeout(Duration::from_secs(1), event.wait())
            .await
            .is_ok()
    });
    assert!(!waited, "after clear, wait waits for the next set");
}

#[test]
fn a_waiter_woken_by_set_returns_even_if_clear_follows() {
    on_paused_clock(LIMIT, "set then clear", || async {
        let event = Arc::new(Event::new());
        let waiter = tokio::spawn({
            let event = Arc::clone(&event);
            async move { event.wait().await }
        });
        tokio::time::sleep(Duration::from_millis(10)).await;
        event.set();
        event.clear();
        waiter
            .await
            .expect("the waiting task returns: it was waiting when set was called");
    });
}

#[test]
fn waiters_wake_at_the_moment_of_set() {
    let woken_at = on_paused_clock(LIMIT, "twenty waiters", || async {
        let start = Instant::now();
        let event = Arc::new(Event::new());
        let waiters: Vec<_> = (0..20)
            .map(|_| {
                let event = Arc::clone(&event);
                tokio::spawn(async move {
                    event.wait().await;
                    start.elapsed()
                })
            })
            .collect();
        let setter = tokio::spawn({
            let event = Arc::clone(&event);
            async move {
                tokio::time::sleep(Duration::from_secs(2)).await;
                event.set();
            }
        });
        setter.await.expect("the setter");
        let mut times = Vec::new();
        for waiter in waiters {
            times.push(waiter.await.expect("a waiter"));
        }
        times
    });
    assert!(
        woken_at.iter().all(|at| *at == Duration::from_secs(2)),
        "every waiter wakes when the event is set at 2 s: {woken_at:?}"
    );
}

#[test]
fn set_racing_wait_on_two_worker_threads_loses_no_wake_up() {
    // Two worker threads run a waiter and a setter truly at the same time, round after
    // round. An Event that looks at its flag before it registers for a wake-up misses a
    // set landing in between, and that round never ends.
    let rounds = on_worker_threads(
        2,
        Duration::from_secs(20),
        "2000 rounds of set vs wait",
        || async {
            for round in 0..2000 {
                let event = Arc::new(Event::new());
                let waiter = tokio::spawn({
                    let event = Arc::clone(&event);
                    async move { event.wait().await }
                });
                let setter = tokio::spawn({
                    let event = Arc::clone(&event);
                    async move { event.set() }
                });
                setter.await.expect("the setter");
                tokio::time::timeout(Duration::from_secs(5), waiter)
                    .await
                    .unwrap_or_else(|_| {
                        panic!("round {round}: the waiter missed the set (a lost wake-up)")
                    })
                    .expect("the waiter");
            }
            2000
        },
    );
    assert_eq!(rounds, 2000);
}
