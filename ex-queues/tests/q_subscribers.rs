//! Visible tests for q-subscribers: `cargo test -p ex-queues --test q_subscribers`.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use ex_queues::subscribers::{Pending, SUBSCRIBERS, TooManyDone, broadcast};
use testkit::finish_within;

/// What the subscribers received: `(subscriber id, message)`, in delivery order.
type Inbox = Arc<Mutex<Vec<(usize, String)>>>;

/// `count` subscribers that each take `pause` to receive and then record the delivery.
fn recording_subscribers(
    count: usize,
    pause: Duration,
    inbox: &Inbox,
) -> Vec<impl Fn(&str) + Send + 'static> {
    (0..count)
        .map(|id| {
            let inbox = Arc::clone(inbox);
            move |message: &str| {
                std::thread::sleep(pause);
                inbox
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner())
                    .push((id, message.to_owned()));
            }
        })
        .collect()
}

#[test]
fn nothing_pending_means_wait_returns_at_once() {
    let count = finish_within(
        Duration::from_secs(5),
        "Pending::wait with nothing pending",
        || {
            let pending = Pending::new();
            pending.wait();
            pending.count()
        },
    );
    assert_eq!(count, 0, "a new Pending counts nothing");
}

#[test]
fn wait_returns_once_every_piece_is_done() {
    let pending = Arc::new(Pending::new());
    pending.add(3);
    assert_eq!(pending.count(), 3, "three pieces were added");
    let worker = Arc::clone(&pending);
    std::thread::spawn(move || {
        for _ in 0..3 {
            std::thread::sleep(Duration::from_millis(10));
            worker.done().expect("three pieces were added");
        }
    });
    let waiter = Arc::clone(&pending);
    finish_within(Duration::from_secs(5), "Pending::wait", move || {
        waiter.wait()
    });
    assert_eq!(
        pending.count(),
        0,
        "wait should return only when the count is zero"
    );
}

#[test]
fn done_with_nothing_pending_is_an_error() {
    let pending = Pending::new();
    assert_eq!(
        pending.done(),
        Err(TooManyDone),
        "done() with nothing pending should be Err(TooManyDone), like Python's ValueError"
    );
    assert_eq!(pending.count(), 0, "the count should stay at zero");
}

#[test]
fn every_subscriber_has_the_message_when_broadcast_returns() {
    let message = format!("Hello world! #{}", testkit::test_seed());
    let inbox: Inbox = Arc::default();
    let subscribers = recording_subscribers(SUBSCRIBERS, Duration::from_millis(1), &inbox);
    let sent = message.clone();
    finish_within(Duration::from_secs(10), "broadcast", move || {
        broadcast(subscribers, &sent);
    });
    let mut received = inbox
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .clone();
    assert_eq!(
        received.len(),
        SUBSCRIBERS,
        "all {SUBSCRIBERS} deliveries should be done when broadcast returns, but only {} were: \
         wait for the deliveries to be marked done, not for the queue to be empty",
        received.len()
    );
    received.sort();
    for (expected_id, (id, got)) in received.iter().enumerate() {
        assert_eq!(
            *id, expected_id,
            "every subscriber should receive the message once"
        );
        assert_eq!(got, &message, "subscriber {id} got the wrong message");
    }
}
