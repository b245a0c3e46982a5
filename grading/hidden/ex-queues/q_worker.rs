//! Hidden tests for q-worker: a join that returns when the queue is empty although the
//! last item is still being processed, a put that runs the job itself, a stop that drops
//! queued items or does not wait for the thread, plus repeated joins, many putters and
//! many joiners.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::thread;
use std::time::Duration;

use ex_queues::worker::Worker;
use testkit::{finish_within, seeded_generator, test_seed};

const LIMIT: Duration = Duration::from_secs(5);
const SETTLE: Duration = Duration::from_millis(50);

/// A worker whose job announces each item on `started` and then blocks until released.
fn gated_worker() -> (Arc<Worker<usize>>, mpsc::Receiver<usize>, mpsc::Sender<()>) {
    let (started_tx, started) = mpsc::channel();
    let (release_tx, release) = mpsc::channel::<()>();
    let (started_tx, release) = (Mutex::new(started_tx), Mutex::new(release));
    let worker = finish_within(LIMIT, "Worker::start", move || {
        Worker::start(move |item: usize| {
            let _ = started_tx.lock().unwrap().send(item);
            let _ = release.lock().unwrap().recv_timeout(LIMIT);
        })
    });
    (Arc::new(worker), started, release_tx)
}

fn spawn_joiner(worker: &Arc<Worker<usize>>) -> mpsc::Receiver<()> {
    let (returned_tx, returned) = mpsc::channel();
    let worker = Arc::clone(worker);
    thread::spawn(move || {
        worker.join();
        let _ = returned_tx.send(());
    });
    returned
}

#[test]
fn join_waits_for_the_item_in_progress_not_for_an_empty_queue() {
    let (worker, started, release) = gated_worker();
    finish_within(LIMIT, "put()", {
        let worker = Arc::clone(&worker);
        move || worker.put(1)
    });
    // The worker has taken the only item: the queue is empty, the work is not done.
    started
        .recv_timeout(LIMIT)
        .expect("the worker never started on the item that was put");
    let returned = spawn_joiner(&worker);
    thread::sleep(SETTLE);
    assert!(
        returned.try_recv().is_err(),
        "join() returned while the worker was still processing the last item (an empty queue is not the same as finished work)"
    );
    let _ = release.send(());
    returned
        .recv_timeout(LIMIT)
        .expect("join() did not return after the item was processed");
}

#[test]
fn put_never_waits_for_the_job() {
    let (worker, started, release) = gated_worker();
    finish_within(
        LIMIT,
        "put() of 10 items while the job is blocked (put must hand the item over, not run the job)",
        {
            let worker = Arc::clone(&worker);
            move || {
                for item in 0..10 {
                    worker.put(item);
                }
            }
        },
    );
    assert_eq!(started.recv_timeout(LIMIT), Ok(0));
    thread::sleep(SETTLE);
    assert!(
        started.try_recv().is_err(),
        "the job started a second item while the first was still running (one worker works on one item at a time)"
    );
    for _ in 0..10 {
        let _ = release.send(());
    }
    let returned = spawn_joiner(&worker);
    returned
        .recv_timeout(LIMIT)
        .expect("join() did not return after all 10 items were released");
}

#[test]
fn join_with_nothing_put_returns_at_once_and_the_worker_lives_on() {
    let log = Arc::new(Mutex::new(Vec::new()));
    let record = Arc::clone(&log);
    let (snapshots, processed) = finish_within(LIMIT, "joins between batches of puts", move || {
        let worker = Worker::start(move |item: u32| record.lock().unwrap().push(item));
        worker.join();
        worker.join();
        let mut snapshots = Vec::new();
        let mut next = 0;
        for batch in [3, 1, 0, 5] {
            for _ in 0..batch {
                worker.put(next);
                next += 1;
            }
            worker.join();
            snapshots.push(log.lock().unwrap().len());
        }
        (snapshots, worker.stop())
    });
    assert_eq!(
        snapshots,
        [3, 4, 4, 9],
        "after each join(), every item put so far must be processed (the worker stays alive between joins)"
    );
    assert_eq!(processed, 9);
}

#[test]
fn stop_processes_every_item_already_put_then_ends_the_thread() {
    struct DropFlag(Arc<AtomicBool>);
    impl Drop for DropFlag {
        fn drop(&mut self) {
            self.0.store(true, Ordering::SeqCst);
        }
    }
    let items = 30 + (test_seed() % 30) as usize;
    let processed = Arc::new(AtomicUsize::new(0));
    let job_dropped = Arc::new(AtomicBool::new(false));
    let (counter, flag) = (Arc::clone(&processed), DropFlag(Arc::clone(&job_dropped)));
    let dropped = Arc::clone(&job_dropped);
    let (returned, dropped_when_stopped) =
        finish_within(LIMIT, "stop() right after putting the items", move || {
            let worker = Worker::start(move |_: usize| {
                let _keep = &flag;
                thread::sleep(Duration::from_millis(1));
                counter.fetch_add(1, Ordering::SeqCst);
            });
            for item in 0..items {
                worker.put(item);
            }
            let returned = worker.stop();
            (returned, dropped.load(Ordering::SeqCst))
        });
    assert_eq!(
        processed.load(Ordering::SeqCst),
        items,
        "stop() must let the worker finish every item already put"
    );
    assert_eq!(
        returned, items,
        "stop() returns how many items were processed"
    );
    assert!(
        dropped_when_stopped,
        "stop() returned before the worker thread ended (join its JoinHandle)"
    );
}

#[test]
fn many_items_keep_their_order_on_one_thread() {
    let mut next = seeded_generator(test_seed());
    let items: Vec<u64> = (0..300 + next() % 300).map(|_| next()).collect();
    let expected = items.clone();
    let (seen, threads) = finish_within(LIMIT, "a worker on a few hundred items", move || {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let record = Arc::clone(&seen);
        let worker = Worker::start(move |item: u64| {
            record.lock().unwrap().push((item, thread::current().id()));
        });
        for item in items {
            worker.put(item);
        }
        worker.join();
        let seen = seen.lock().unwrap().clone();
        worker.stop();
        let threads: std::collections::HashSet<_> = seen.iter().map(|&(_, id)| id).collect();
        (
            seen.into_iter().map(|(item, _)| item).collect::<Vec<_>>(),
            threads.len(),
        )
    });
    assert_eq!(
        seen, expected,
        "items must be processed once each, in the order put"
    );
    assert_eq!(threads, 1, "one worker thread does all the work");
}

#[test]
fn many_threads_may_put_and_join_at_once() {
    const PUTTERS: usize = 4;
    const PER_PUTTER: usize = 250;
    let (seen_at_join, all_seen) =
        finish_within(LIMIT, "4 threads putting and joining one worker", || {
            let seen = Arc::new(Mutex::new(Vec::new()));
            let record = Arc::clone(&seen);
            let worker = Worker::start(move |item: usize| record.lock().unwrap().push(item));
            let seen_at_join = Mutex::new(Vec::new());
            thread::scope(|s| {
                for p in 0..PUTTERS {
                    let (worker, seen, seen_at_join) = (&worker, &seen, &seen_at_join);
                    s.spawn(move || {
                        for i in 0..PER_PUTTER {
                            worker.put(p * PER_PUTTER + i);
                        }
                        worker.join();
                        // This thread's items must all be processed by now.
                        let done = seen.lock().unwrap();
                        let mine = done.iter().filter(|&&item| item / PER_PUTTER == p).count();
                        seen_at_join.lock().unwrap().push(mine);
                    });
                }
            });
            worker.stop();
            let mut all = seen.lock().unwrap().clone();
            all.sort_unstable();
            (seen_at_join.into_inner().unwrap(), all)
        });
    assert_eq!(
        seen_at_join,
        vec![PER_PUTTER; PUTTERS],
        "each join() must return only after that thread's items were processed"
    );
    assert_eq!(all_seen, (0..PUTTERS * PER_PUTTER).collect::<Vec<_>>());
}

#[test]
fn every_joiner_wakes_when_the_work_is_done() {
    let (worker, started, release) = gated_worker();
    worker.put(7);
    started
        .recv_timeout(LIMIT)
        .expect("the worker never started");
    let joiners: Vec<_> = (0..6).map(|_| spawn_joiner(&worker)).collect();
    thread::sleep(SETTLE);
    let _ = release.send(());
    for (i, returned) in joiners.iter().enumerate() {
        returned.recv_timeout(LIMIT).unwrap_or_else(|_| {
            panic!("joiner {i} of 6 never returned after the work was done (wake every joiner)")
        });
    }
}

#[test]
fn join_panics_instead_of_hanging_when_the_job_panicked() {
    let (join_message, stop_message) = finish_within(LIMIT, "join after a panicking job", || {
        let worker = Worker::start(|item: u32| {
            assert_ne!(item, 1, "the job refuses item 1");
        });
        for item in 0..4 {
            worker.put(item);
        }
        let join_message =
            testkit::panic_message("join() after the job panicked on item 1", || {
                worker.join();
            });
        let stop_message =
            testkit::panic_message("stop() after the job panicked", || worker.stop());
        (join_message, stop_message)
    });
    assert!(
        !join_message.is_empty(),
        "join() should panic with a message saying why"
    );
    assert!(
        stop_message.contains("the job refuses item 1"),
        "stop() should hand back the job's own panic, got: {stop_message:?}"
    );
}
