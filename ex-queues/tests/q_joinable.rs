//! Visible tests for q-joinable: `cargo test -p ex-queues --test q_joinable`.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use ex_queues::joinable::{JoinableQueue, TooManyTaskDone};
use testkit::{finish_within, seeded_generator, test_seed, wait_until};

const LIMIT: Duration = Duration::from_secs(5);

fn new_queue<T: Send + 'static>() -> Arc<JoinableQueue<T>> {
    Arc::new(finish_within(
        LIMIT,
        "JoinableQueue::new",
        JoinableQueue::new,
    ))
}

#[test]
fn items_come_out_in_the_order_they_went_in() {
    let mut next = seeded_generator(test_seed());
    let items: Vec<u64> = (0..20).map(|_| next() % 1000).collect();
    let expected = items.clone();
    let (got, len_after_put, unfinished_after_get) =
        finish_within(LIMIT, "put 20 items then get them back", move || {
            let queue = JoinableQueue::new();
            for &item in &items {
                queue.put(item);
            }
            let len = queue.len();
            let got: Vec<u64> = (0..items.len()).map(|_| queue.get()).collect();
            (got, len, queue.unfinished())
        });
    assert_eq!(got, expected, "get() must return items first in, first out");
    assert_eq!(len_after_put, 20, "len() after 20 puts");
    assert_eq!(
        unfinished_after_get, 20,
        "getting an item does not finish it: only task_done() does"
    );
}

#[test]
fn one_task_done_too_many_is_an_error() {
    let (first, second, third, unfinished) = finish_within(LIMIT, "task_done twice", || {
        let queue = JoinableQueue::new();
        queue.put("only item");
        let _ = queue.get();
        (
            queue.task_done(),
            queue.task_done(),
            queue.task_done(),
            queue.unfinished(),
        )
    });
    assert_eq!(first, Ok(()), "one put allows one task_done()");
    assert_eq!(
        second,
        Err(TooManyTaskDone),
        "a second task_done() for one put must be an error"
    );
    assert_eq!(third, Err(TooManyTaskDone));
    assert_eq!(unfinished, 0, "the unfinished count never goes below zero");
}

#[test]
fn get_timeout_gives_up_on_an_empty_queue() {
    let (empty, got, is_empty) = finish_within(LIMIT, "get_timeout on an empty queue", || {
        let queue = JoinableQueue::new();
        let empty = queue.get_timeout(Duration::from_millis(30));
        queue.put(7);
        (
            empty,
            queue.get_timeout(Duration::from_millis(30)),
            queue.is_empty(),
        )
    });
    assert_eq!(empty, None, "nothing was put: get_timeout returns None");
    assert_eq!(got, Some(7));
    assert!(is_empty);
}

#[test]
fn join_waits_until_the_last_task_is_done() {
    let queue = new_queue();
    for item in 0..3 {
        queue.put(item);
    }
    let returned = Arc::new(AtomicBool::new(false));
    let (joiner, flag) = (Arc::clone(&queue), Arc::clone(&returned));
    thread::spawn(move || {
        joiner.join();
        flag.store(true, Ordering::SeqCst);
    });
    for done in 0..3 {
        thread::sleep(Duration::from_millis(50));
        assert!(
            !returned.load(Ordering::SeqCst),
            "join() returned after {done} of 3 task_done() calls"
        );
        finish_within(LIMIT, "get() and task_done()", {
            let queue = Arc::clone(&queue);
            move || {
                let _ = queue.get();
                queue
                    .task_done()
                    .expect("an item was put for this task_done");
            }
        });
    }
    wait_until(LIMIT, "join() to return after the last task_done()", || {
        returned.load(Ordering::SeqCst)
    });
}

#[test]
fn join_returns_at_once_when_nothing_was_put() {
    finish_within(LIMIT, "join() on a fresh queue", || {
        let queue = JoinableQueue::<u8>::new();
        queue.join();
        assert!(queue.join_timeout(Duration::ZERO));
    });
}

#[test]
fn many_producers_and_consumers_deliver_every_item_once() {
    const PRODUCERS: u64 = 4;
    const PER_PRODUCER: u64 = 500;
    const CONSUMERS: usize = 4;
    let seen = finish_within(
        Duration::from_secs(8),
        "4 producers and 4 consumers sharing a JoinableQueue",
        || {
            let queue = JoinableQueue::new();
            let seen = Mutex::new(Vec::new());
            let stop = AtomicBool::new(false);
            thread::scope(|s| {
                for _ in 0..CONSUMERS {
                    s.spawn(|| {
                        while !stop.load(Ordering::SeqCst) {
                            if let Some(item) = queue.get_timeout(Duration::from_millis(10)) {
                                seen.lock().unwrap().push(item);
                                queue.task_done().expect("every item gotten was put");
                            }
                        }
                    });
                }
                let producers: Vec<_> = (0..PRODUCERS)
                    .map(|p| {
                        let queue = &queue;
                        s.spawn(move || {
                            for i in 0..PER_PRODUCER {
                                queue.put(p * PER_PRODUCER + i);
                            }
                        })
                    })
                    .collect();
                for producer in producers {
                    producer.join().unwrap();
                }
                queue.join();
                // join returned: every item must already be recorded.
                let count = seen.lock().unwrap().len();
                stop.store(true, Ordering::SeqCst);
                assert_eq!(
                    count,
                    (PRODUCERS * PER_PRODUCER) as usize,
                    "join() returned before every item was marked done"
                );
            });
            seen.into_inner().unwrap()
        },
    );
    let mut seen = seen;
    seen.sort_unstable();
    let expected: Vec<u64> = (0..PRODUCERS * PER_PRODUCER).collect();
    assert_eq!(seen, expected, "every item must be gotten exactly once");
}
