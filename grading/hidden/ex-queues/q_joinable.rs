//! Hidden tests for q-joinable: a join that returns early (counting gets, or a put that
//! counts after the item is visible), a lost wake-up (notify_one where every joiner must
//! wake, a check-then-wait race, a getter never woken), a count that is not updated with
//! the queue under one lock, plus edge cases and stress with many threads, repeated.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Barrier, Mutex, mpsc};
use std::thread;
use std::time::Duration;

use ex_queues::joinable::{JoinableQueue, TooManyTaskDone};
use testkit::{finish_within, seeded_generator, test_seed, wait_until};

const LIMIT: Duration = Duration::from_secs(5);
/// How long a thread is given to (wrongly) return before the test looks.
const SETTLE: Duration = Duration::from_millis(40);

fn new_queue<T: Send + 'static>() -> Arc<JoinableQueue<T>> {
    Arc::new(finish_within(
        LIMIT,
        "JoinableQueue::new",
        JoinableQueue::new,
    ))
}

/// Starts a thread that calls `join()` and reports when it returns; returns once the
/// thread is about to call it.
fn spawn_joiner<T: Send + 'static>(queue: &Arc<JoinableQueue<T>>) -> mpsc::Receiver<()> {
    let (returned_tx, returned) = mpsc::channel();
    let (started_tx, started) = mpsc::channel();
    let queue = Arc::clone(queue);
    thread::spawn(move || {
        let _ = started_tx.send(());
        queue.join();
        let _ = returned_tx.send(());
    });
    started
        .recv_timeout(LIMIT)
        .expect("the joiner thread did not start");
    returned
}

#[test]
fn queue_is_shareable_between_threads() {
    fn shareable<Q: Send + Sync>() {}
    shareable::<JoinableQueue<String>>();
    let queue = new_queue::<String>();
    finish_within(LIMIT, "put from another thread", move || {
        let putter = Arc::clone(&queue);
        thread::spawn(move || putter.put("hello".to_string()))
            .join()
            .unwrap();
        assert_eq!(queue.get(), "hello");
    });
}

#[test]
fn join_returns_exactly_when_the_count_reaches_zero() {
    let mut next = seeded_generator(test_seed());
    let items = 3 + (next() % 5) as usize; // 3..=7
    let queue = new_queue();
    for item in 0..items {
        finish_within(LIMIT, "put()", {
            let queue = Arc::clone(&queue);
            move || queue.put(item)
        });
    }
    // Every item is gotten: the queue is EMPTY, yet no task is done.
    let gotten = finish_within(LIMIT, "getting every item", {
        let queue = Arc::clone(&queue);
        move || (0..items).map(|_| queue.get()).collect::<Vec<_>>()
    });
    assert_eq!(gotten, (0..items).collect::<Vec<_>>());
    let returned = spawn_joiner(&queue);
    thread::sleep(SETTLE);
    assert!(
        returned.try_recv().is_err(),
        "join() returned although {items} items were gotten but none marked done (join waits for task_done, not for an empty queue)"
    );
    for done in 1..items {
        queue
            .task_done()
            .expect("an item was put for this task_done");
        // A put and a task_done also wake waiters on the way: join must look again.
        queue.put(usize::MAX);
        let _ = queue.get();
        queue
            .task_done()
            .expect("an item was put for this task_done");
        thread::sleep(SETTLE);
        assert!(
            returned.try_recv().is_err(),
            "join() returned after {done} of {items} task_done() calls (re-check the count after every wake-up)"
        );
    }
    assert_eq!(queue.unfinished(), 1);
    queue.task_done().expect("the last item was put");
    returned
        .recv_timeout(LIMIT)
        .expect("join() did not return after the last task_done()");
    assert_eq!(queue.unfinished(), 0);
}

#[test]
fn every_joiner_wakes_when_the_last_task_is_done() {
    const JOINERS: usize = 8;
    let queue = new_queue();
    queue.put('x');
    let start = Arc::new(Barrier::new(JOINERS + 1));
    let (returned_tx, returned) = mpsc::channel();
    for _ in 0..JOINERS {
        let (queue, start, returned_tx) =
            (Arc::clone(&queue), Arc::clone(&start), returned_tx.clone());
        thread::spawn(move || {
            start.wait();
            queue.join();
            let _ = returned_tx.send(());
        });
    }
    start.wait();
    thread::sleep(SETTLE * 2);
    assert!(
        returned.try_recv().is_err(),
        "a join() returned while the only task was unfinished"
    );
    let _ = finish_within(LIMIT, "get()", {
        let queue = Arc::clone(&queue);
        move || queue.get()
    });
    queue.task_done().expect("one item was put");
    for woken in 0..JOINERS {
        returned.recv_timeout(LIMIT).unwrap_or_else(|_| {
            panic!(
                "only {woken} of {JOINERS} joiners returned after the last task_done() (wake them all: notify_all)"
            )
        });
    }
}

/// Spins (yielding now and then) until `flag` reaches `value`.
fn spin_until(flag: &AtomicUsize, value: usize) {
    let mut spins = 0u32;
    while flag.load(Ordering::SeqCst) < value {
        spins += 1;
        if spins.is_multiple_of(64) {
            thread::yield_now();
        } else {
            std::hint::spin_loop();
        }
    }
}

/// Spins for `count` turns, to shift one thread against another by a few nanoseconds.
fn spin_for(count: u64) {
    for _ in 0..count {
        std::hint::spin_loop();
    }
}

#[test]
fn join_racing_with_the_last_task_done_is_never_missed() {
    // Each round, a joiner calls join() while a worker calls the last task_done(), both
    // released at the same instant and shifted by a seeded, tiny spin: sooner or later
    // the task_done lands between join's look at the count and its wait.
    const ROUNDS: usize = 4000;
    let seed = test_seed();
    let queue = new_queue();
    let round = Arc::new(AtomicUsize::new(0));
    let (joined_tx, joined) = mpsc::channel();
    {
        let (queue, round) = (Arc::clone(&queue), Arc::clone(&round));
        let mut next = seeded_generator(seed);
        thread::spawn(move || {
            for r in 1..=ROUNDS {
                spin_until(&round, r);
                spin_for(next() % 3000);
                queue.join();
                if joined_tx.send(r).is_err() {
                    return;
                }
            }
        });
    }
    let (done_tx, done) = mpsc::channel();
    {
        let (queue, round) = (Arc::clone(&queue), Arc::clone(&round));
        let mut next = seeded_generator(seed ^ 0xdead);
        thread::spawn(move || {
            for r in 1..=ROUNDS {
                spin_until(&round, r);
                spin_for(next() % 3000);
                if done_tx.send(queue.task_done()).is_err() {
                    return;
                }
            }
        });
    }
    for r in 1..=ROUNDS {
        finish_within(LIMIT, "put() and get()", {
            let queue = Arc::clone(&queue);
            move || {
                queue.put(r);
                assert_eq!(queue.get(), r);
            }
        });
        round.store(r, Ordering::SeqCst);
        let task_done = done
            .recv_timeout(LIMIT)
            .unwrap_or_else(|_| panic!("round {r}: task_done() never returned"));
        assert_eq!(task_done, Ok(()), "round {r}: one put, one task_done");
        let joined = joined.recv_timeout(LIMIT).unwrap_or_else(|_| {
            panic!(
                "round {r}: join() never returned although the only task was done (a lost wake-up: look at the count and start waiting under the same lock)"
            )
        });
        assert_eq!(joined, r);
    }
}

#[test]
fn every_waiting_getter_gets_one_item() {
    const GETTERS: usize = 8;
    for round in 0..20 {
        let queue = new_queue();
        let start = Arc::new(Barrier::new(GETTERS + 1));
        let (got_tx, got) = mpsc::channel();
        for _ in 0..GETTERS {
            let (queue, start, got_tx) = (Arc::clone(&queue), Arc::clone(&start), got_tx.clone());
            thread::spawn(move || {
                start.wait();
                let _ = got_tx.send(queue.get());
            });
        }
        start.wait();
        thread::sleep(Duration::from_millis(10));
        assert!(
            got.try_recv().is_err(),
            "round {round}: get() returned from an empty queue"
        );
        for item in 0..GETTERS {
            queue.put(item);
        }
        let mut items: Vec<usize> = (0..GETTERS)
            .map(|received| {
                got.recv_timeout(LIMIT).unwrap_or_else(|_| {
                    panic!(
                        "round {round}: {GETTERS} items were put for {GETTERS} waiting getters, but only {received} got one (each put must wake a getter)"
                    )
                })
            })
            .collect();
        items.sort_unstable();
        assert_eq!(items, (0..GETTERS).collect::<Vec<_>>());
    }
}

/// One stress round: `producers` threads put `per_producer` items each; `consumers`
/// threads get, record and mark them done, and stop at a `None` pill. Returns the
/// items seen when join() returned, every item seen, and the task_done errors.
fn stress_round(
    producers: u64,
    per_producer: u64,
    consumers: usize,
) -> (Option<usize>, Vec<u64>, usize, usize) {
    let queue = JoinableQueue::new();
    let seen = Mutex::new(Vec::new());
    let recorded = AtomicUsize::new(0);
    let errors = AtomicUsize::new(0);
    let mut seen_at_join = None;
    thread::scope(|s| {
        for _ in 0..consumers {
            s.spawn(|| {
                while let Some(item) = queue.get() {
                    seen.lock().unwrap().push(item);
                    recorded.fetch_add(1, Ordering::SeqCst);
                    if queue.task_done().is_err() {
                        errors.fetch_add(1, Ordering::SeqCst);
                    }
                }
                if queue.task_done().is_err() {
                    errors.fetch_add(1, Ordering::SeqCst);
                }
            });
        }
        let handles: Vec<_> = (0..producers)
            .map(|p| {
                let queue = &queue;
                s.spawn(move || {
                    for i in 0..per_producer {
                        queue.put(Some(p * per_producer + i));
                    }
                })
            })
            .collect();
        for handle in handles {
            handle.join().unwrap();
        }
        // join_timeout rather than join, so that a count gone wrong is reported below
        // instead of hanging the round.
        if queue.join_timeout(Duration::from_secs(2)) {
            seen_at_join = Some(recorded.load(Ordering::SeqCst));
        }
        for _ in 0..consumers {
            queue.put(None);
        }
        queue.join_timeout(Duration::from_secs(1));
    });
    let left = queue.unfinished() + queue.len();
    (
        seen_at_join,
        seen.into_inner().unwrap(),
        errors.into_inner(),
        left,
    )
}

#[test]
fn stress_many_producers_and_consumers_repeated() {
    let mut next = seeded_generator(test_seed());
    for repetition in 0..6 {
        let per_producer = 600 + next() % 400;
        let (producers, consumers) = (4, 6);
        let total = (producers * per_producer) as usize;
        let (seen_at_join, mut seen, errors, left) = finish_within(
            LIMIT,
            "4 producers and 6 consumers sharing a JoinableQueue",
            move || stress_round(producers, per_producer, consumers),
        );
        assert_eq!(
            errors, 0,
            "repetition {repetition}: task_done() said \"too many\" for an item that was put (put must count the item BEFORE a consumer can get it, under the queue's lock)"
        );
        let seen_at_join = seen_at_join.unwrap_or_else(|| {
            panic!("repetition {repetition}: join() did not return within 2 s after {total} items were put, gotten and marked done")
        });
        assert_eq!(
            seen_at_join, total,
            "repetition {repetition}: join() returned when {seen_at_join} of {total} items were done"
        );
        seen.sort_unstable();
        assert_eq!(
            seen,
            (0..total as u64).collect::<Vec<_>>(),
            "repetition {repetition}: every item must be gotten exactly once"
        );
        assert_eq!(left, 0, "nothing is left unfinished or queued at the end");
    }
}

#[test]
fn hand_offs_one_at_a_time_never_overtake_the_count() {
    // Consumers sit in get() while a producer puts one item at a time and joins it: the
    // consumer's task_done must never find the count at zero, and join must never
    // return before the item was handled.
    let (early, errors, stuck) = finish_within(
        LIMIT,
        "2000 single hand-offs between a producer and 8 waiting consumers",
        || {
            let queue = JoinableQueue::new();
            let handled = AtomicUsize::new(0);
            let errors = AtomicUsize::new(0);
            let mut early = 0;
            let mut stuck = None;
            thread::scope(|s| {
                for _ in 0..8 {
                    s.spawn(|| {
                        while let Some(()) = queue.get() {
                            handled.fetch_add(1, Ordering::SeqCst);
                            if queue.task_done().is_err() {
                                errors.fetch_add(1, Ordering::SeqCst);
                            }
                        }
                    });
                }
                for round in 1..=2000 {
                    queue.put(Some(()));
                    if !queue.join_timeout(Duration::from_secs(2)) {
                        stuck = Some(round);
                        break;
                    }
                    if handled.load(Ordering::SeqCst) < round {
                        early += 1;
                    }
                }
                for _ in 0..8 {
                    queue.put(None);
                }
            });
            (early, errors.into_inner(), stuck)
        },
    );
    assert_eq!(
        errors, 0,
        "task_done() found no unfinished task for an item that was put (count the item under the same lock, before it becomes visible)"
    );
    if let Some(round) = stuck {
        panic!("hand-off {round}: join() did not return within 2 s although the item was handled");
    }
    assert_eq!(
        early, 0,
        "join() returned {early} times before the item put just before it was handled"
    );
}

#[test]
fn a_rejected_task_done_leaves_the_queue_usable() {
    let outcome = finish_within(
        LIMIT,
        "task_done() on a fresh queue, then normal use",
        || {
            let queue = JoinableQueue::new();
            let rejected = queue.task_done();
            let after_rejection = queue.unfinished();
            queue.put(1);
            queue.put(2);
            let joined_early = queue.join_timeout(Duration::from_millis(20));
            let _ = queue.get();
            let _ = queue.get();
            let first = queue.task_done();
            let joined_half = queue.join_timeout(Duration::from_millis(20));
            let second = queue.task_done();
            let third = queue.task_done();
            queue.join();
            (
                rejected,
                after_rejection,
                joined_early,
                first,
                joined_half,
                second,
                third,
            )
        },
    );
    assert_eq!(
        outcome.0,
        Err(TooManyTaskDone),
        "task_done() with nothing put"
    );
    assert_eq!(
        outcome.1, 0,
        "a rejected task_done must not change the count"
    );
    assert!(
        !outcome.2,
        "join_timeout with 2 unfinished tasks must be false"
    );
    assert_eq!(outcome.3, Ok(()));
    assert!(
        !outcome.4,
        "join_timeout with 1 of 2 tasks unfinished must be false (a rejected task_done must not be counted)"
    );
    assert_eq!(outcome.5, Ok(()));
    assert_eq!(
        outcome.6,
        Err(TooManyTaskDone),
        "a third task_done for two puts"
    );
}

#[test]
fn task_done_may_come_before_the_get_as_in_python() {
    // Python counts puts, not gets: task_done for an item still in the queue is fine.
    let (done, unfinished, len) = finish_within(LIMIT, "task_done before get", || {
        let queue = JoinableQueue::new();
        queue.put("waiting");
        let done = queue.task_done();
        (done, queue.unfinished(), queue.len())
    });
    assert_eq!(done, Ok(()));
    assert_eq!(unfinished, 0);
    assert_eq!(len, 1, "task_done does not remove items");
}

#[test]
fn unfinished_counts_puts_minus_task_dones() {
    let mut next = seeded_generator(test_seed());
    let ops: Vec<u64> = (0..300).map(|_| next() % 3).collect();
    let mismatch = finish_within(LIMIT, "a seeded run of put/get/task_done", move || {
        let queue = JoinableQueue::new();
        let (mut model_items, mut model_unfinished) = (std::collections::VecDeque::new(), 0usize);
        for (step, op) in ops.into_iter().enumerate() {
            match op {
                0 => {
                    queue.put(step);
                    model_items.push_back(step);
                    model_unfinished += 1;
                }
                1 => {
                    let got = queue.get_timeout(Duration::ZERO);
                    let expected = model_items.pop_front();
                    if got != expected {
                        return Some(format!(
                            "step {step}: get_timeout(0) gave {got:?}, expected {expected:?}"
                        ));
                    }
                }
                _ => {
                    let done = queue.task_done();
                    let expected = if model_unfinished == 0 {
                        Err(TooManyTaskDone)
                    } else {
                        model_unfinished -= 1;
                        Ok(())
                    };
                    if done != expected {
                        return Some(format!(
                            "step {step}: task_done() gave {done:?}, expected {expected:?}"
                        ));
                    }
                }
            }
            if queue.unfinished() != model_unfinished || queue.len() != model_items.len() {
                return Some(format!(
                    "step {step}: unfinished()={} len()={}, expected {model_unfinished} and {}",
                    queue.unfinished(),
                    queue.len(),
                    model_items.len()
                ));
            }
            if queue.is_empty() != model_items.is_empty() {
                return Some(format!("step {step}: is_empty() is wrong"));
            }
        }
        None
    });
    if let Some(mismatch) = mismatch {
        panic!("{mismatch}");
    }
}

#[test]
fn blocking_waits_wake_on_the_event_not_at_their_limit() {
    let queue = new_queue();
    let (getter, putter) = (Arc::clone(&queue), Arc::clone(&queue));
    let got = finish_within(
        LIMIT,
        "get_timeout(60 s) with an item put after 50 ms (it should wake on the put)",
        move || {
            thread::spawn(move || {
                thread::sleep(Duration::from_millis(50));
                putter.put(42);
            });
            getter.get_timeout(Duration::from_secs(60))
        },
    );
    assert_eq!(got, Some(42));
    let (joiner, worker) = (Arc::clone(&queue), Arc::clone(&queue));
    let joined = finish_within(
        LIMIT,
        "join_timeout(60 s) with the task done after 50 ms (it should wake on task_done)",
        move || {
            thread::spawn(move || {
                thread::sleep(Duration::from_millis(50));
                let _ = worker.task_done();
            });
            joiner.join_timeout(Duration::from_secs(60))
        },
    );
    assert!(
        joined,
        "join_timeout must return true once every task is done"
    );
}

#[test]
fn a_blocked_get_returns_the_item_put_later() {
    let queue = new_queue();
    let getter = Arc::clone(&queue);
    let returned = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&returned);
    let (got_tx, got) = mpsc::channel();
    thread::spawn(move || {
        let item = getter.get();
        flag.store(true, Ordering::SeqCst);
        let _ = got_tx.send(item);
    });
    thread::sleep(SETTLE);
    assert!(
        !returned.load(Ordering::SeqCst),
        "get() returned from an empty queue"
    );
    queue.put("late");
    assert_eq!(
        got.recv_timeout(LIMIT)
            .expect("get() did not return after put()"),
        "late"
    );
    wait_until(LIMIT, "the getter to finish", || {
        returned.load(Ordering::SeqCst)
    });
}
