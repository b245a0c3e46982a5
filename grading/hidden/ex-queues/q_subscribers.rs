//! Hidden tests for q-subscribers: the broadcast waits for slow deliveries (not for the
//! queue to empty), deliveries happen on a publisher thread, every waiter wakes, the
//! count refuses to go below zero, and a stress of many threads marking work done.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::{self, ThreadId};
use std::time::Duration;

use ex_queues::subscribers::{Pending, SUBSCRIBERS, TooManyDone, broadcast};
use testkit::{finish_within, wait_until};

/// What the subscribers received: `(subscriber id, message, thread)`.
type Inbox = Arc<Mutex<Vec<(usize, String, ThreadId)>>>;

fn contents(inbox: &Inbox) -> Vec<(usize, String, ThreadId)> {
    inbox
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .clone()
}

#[test]
fn broadcast_waits_for_the_slowest_deliveries() {
    // Seeded pauses, and the last subscribers are slow: the queue is empty long before
    // they are done, so a join on the queue (or done() at the get) returns too early.
    let seed = testkit::test_seed();
    for round in 0..4u64 {
        let mut next = testkit::seeded_generator(seed.wrapping_add(round));
        let message = format!("round {round}: message {}", next() % 1_000_000);
        let inbox: Inbox = Arc::default();
        let subscribers: Vec<_> = (0..SUBSCRIBERS)
            .map(|id| {
                let pause = if id >= SUBSCRIBERS - 3 {
                    Duration::from_millis(40)
                } else {
                    Duration::from_micros(next() % 1500)
                };
                let inbox = Arc::clone(&inbox);
                move |message: &str| {
                    thread::sleep(pause);
                    inbox
                        .lock()
                        .unwrap_or_else(|poisoned| poisoned.into_inner())
                        .push((id, message.to_owned(), thread::current().id()));
                }
            })
            .collect();
        let sent = message.clone();
        let caller = finish_within(Duration::from_secs(10), "broadcast", move || {
            broadcast(subscribers, &sent);
            thread::current().id()
        });
        let mut received = contents(&inbox);
        assert_eq!(
            received.len(),
            SUBSCRIBERS,
            "round {round}: broadcast returned after {} of {SUBSCRIBERS} deliveries: it must wait \
             until every delivery is marked done (after receive returns), not until the queue \
             is empty",
            received.len()
        );
        received.sort_by_key(|(id, _, _)| *id);
        for (expected_id, (id, got, thread)) in received.iter().enumerate() {
            assert_eq!(
                *id, expected_id,
                "each subscriber should receive exactly once"
            );
            assert_eq!(got, &message, "subscriber {id} got the wrong message");
            assert_ne!(
                *thread, caller,
                "deliveries should happen on the publisher thread, not on the caller's"
            );
        }
    }
}

#[test]
fn broadcast_to_nobody_returns() {
    let subscribers: Vec<fn(&str)> = Vec::new();
    finish_within(
        Duration::from_secs(5),
        "broadcast to no subscribers",
        move || {
            broadcast(subscribers, "anyone?");
        },
    );
}

#[test]
fn wait_blocks_while_anything_is_pending() {
    let pending = Arc::new(Pending::new());
    pending.add(2);
    let returned = Arc::new(AtomicBool::new(false));
    let (waiter, flag) = (Arc::clone(&pending), Arc::clone(&returned));
    thread::spawn(move || {
        waiter.wait();
        flag.store(true, Ordering::SeqCst);
    });
    thread::sleep(Duration::from_millis(50));
    assert!(
        !returned.load(Ordering::SeqCst),
        "wait returned while 2 pieces were pending"
    );
    pending.done().expect("two were pending");
    thread::sleep(Duration::from_millis(50));
    assert!(
        !returned.load(Ordering::SeqCst),
        "wait returned while 1 piece was still pending"
    );
    pending.done().expect("one was pending");
    wait_until(
        Duration::from_secs(5),
        "wait to return once nothing is pending",
        || returned.load(Ordering::SeqCst),
    );
}

#[test]
fn every_waiter_wakes_when_the_count_reaches_zero() {
    // Eight threads wait at once; one done() must release all of them.
    for round in 0..5 {
        let pending = Arc::new(Pending::new());
        pending.add(1);
        let waiters: Vec<_> = (0..8)
            .map(|_| {
                let pending = Arc::clone(&pending);
                thread::spawn(move || pending.wait())
            })
            .collect();
        thread::sleep(Duration::from_millis(20));
        pending.done().expect("one piece was pending");
        finish_within(
            Duration::from_secs(5),
            &format!("round {round}: all 8 waiters to wake (wake every waiter, not one)"),
            move || {
                for waiter in waiters {
                    waiter.join().expect("a waiter panicked");
                }
            },
        );
    }
}

#[test]
fn the_count_never_goes_below_zero() {
    let pending = Pending::new();
    pending.add(2);
    assert_eq!(pending.done(), Ok(()));
    assert_eq!(pending.done(), Ok(()));
    assert_eq!(
        pending.done(),
        Err(TooManyDone),
        "a third done() after adding 2 should be Err(TooManyDone)"
    );
    assert_eq!(
        pending.count(),
        0,
        "a refused done() leaves the count at zero"
    );
    pending.add(1);
    assert_eq!(
        pending.count(),
        1,
        "the counter can be used again after reaching zero"
    );
    assert_eq!(pending.done(), Ok(()));
}

#[test]
fn many_threads_marking_work_done_leave_exactly_zero() {
    const THREADS: usize = 16;
    const EACH: usize = 500;
    let pending = Arc::new(Pending::new());
    pending.add(THREADS * EACH);
    let waiter = Arc::clone(&pending);
    let waiting = thread::spawn(move || waiter.wait());
    let workers: Vec<_> = (0..THREADS)
        .map(|_| {
            let pending = Arc::clone(&pending);
            thread::spawn(move || {
                for _ in 0..EACH {
                    pending
                        .done()
                        .expect("enough work was added for every done()");
                }
            })
        })
        .collect();
    finish_within(
        Duration::from_secs(8),
        "16 threads x 500 done() and the waiter",
        move || {
            for worker in workers {
                worker.join().expect("a worker panicked");
            }
            waiting.join().expect("the waiter panicked");
        },
    );
    assert_eq!(pending.count(), 0, "every done() should count exactly once");
    assert_eq!(
        pending.done(),
        Err(TooManyDone),
        "nothing is left to mark done"
    );
}

/// A subscriber as a boxed closure, so that one may behave differently from the others.
type BoxedSubscriber = Box<dyn Fn(&str) + Send>;

#[test]
fn a_panicking_subscriber_makes_broadcast_panic_instead_of_hanging() {
    let (message, delivered) = finish_within(
        Duration::from_secs(5),
        "broadcast with a subscriber that panics (pass its panic on, do not wait for ever)",
        || {
            let delivered = Arc::new(Mutex::new(Vec::new()));
            let subscribers: Vec<BoxedSubscriber> = (0..10)
                .map(|id| {
                    let delivered = Arc::clone(&delivered);
                    Box::new(move |_message: &str| {
                        assert_ne!(id, 3, "subscriber 3 refuses the message");
                        delivered.lock().unwrap().push(id);
                    }) as BoxedSubscriber
                })
                .collect();
            let message = testkit::panic_message("broadcast with a panicking subscriber", || {
                broadcast(subscribers, "hello");
            });
            let delivered = delivered.lock().unwrap().clone();
            (message, delivered)
        },
    );
    assert!(
        message.contains("subscriber 3 refuses the message"),
        "broadcast should pass the subscriber's own panic on, got: {message:?}"
    );
    assert_eq!(
        delivered,
        [0, 1, 2],
        "the subscribers before the panicking one got the message"
    );
}
