//! Visible tests for q-worker: `cargo test -p ex-queues --test q_worker`.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::thread;
use std::time::Duration;

use ex_queues::worker::Worker;
use testkit::{finish_within, wait_until};

const LIMIT: Duration = Duration::from_secs(5);

#[test]
fn the_seed_example_works_on_items_0_to_5_before_join_returns() {
    let log = Arc::new(Mutex::new(Vec::new()));
    let record = Arc::clone(&log);
    let (after_join, processed) = finish_within(LIMIT, "the worker on items 0..5", move || {
        let worker = Worker::start(move |item: u32| {
            record.lock().unwrap().push(format!("working on {item}"));
            thread::sleep(Duration::from_millis(10));
            record.lock().unwrap().push(format!("finished {item}"));
        });
        for item in 0..5 {
            worker.put(item);
        }
        worker.join();
        let after_join = log.lock().unwrap().clone();
        (after_join, worker.stop())
    });
    let expected: Vec<String> = (0..5)
        .flat_map(|item| [format!("working on {item}"), format!("finished {item}")])
        .collect();
    assert_eq!(
        after_join, expected,
        "when join() returns, every item must be finished, one after the other, in order"
    );
    assert_eq!(processed, 5, "stop() returns how many items were processed");
}

#[test]
fn the_job_runs_on_one_background_thread() {
    let test_thread = thread::current().id();
    let threads = finish_within(LIMIT, "a worker on 20 items", || {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let record = Arc::clone(&seen);
        let worker =
            Worker::start(move |_: usize| record.lock().unwrap().push(thread::current().id()));
        for item in 0..20 {
            worker.put(item);
        }
        worker.join();
        worker.stop();
        let seen = seen.lock().unwrap().clone();
        (seen, thread::current().id())
    });
    let (seen, caller) = threads;
    assert_eq!(seen.len(), 20, "the job must run once per item");
    assert!(
        seen.iter().all(|&id| id == seen[0]),
        "every item must be processed by the same worker thread"
    );
    assert!(
        seen[0] != caller && seen[0] != test_thread,
        "the job must run on the worker's own thread, not on the thread that puts"
    );
}

#[test]
fn put_returns_while_the_worker_is_busy_and_join_waits() {
    let (release_tx, release) = mpsc::channel::<()>();
    let release = Mutex::new(release);
    let worker = finish_within(LIMIT, "Worker::start", move || {
        Worker::start(move |_: u8| {
            let _ = release.lock().unwrap().recv_timeout(LIMIT);
        })
    });
    let worker = Arc::new(worker);
    // The job blocks until released: put must not wait for it.
    finish_within(LIMIT, "three put() calls while the job is blocked", {
        let worker = Arc::clone(&worker);
        move || {
            for item in 0..3 {
                worker.put(item);
            }
        }
    });
    let returned = Arc::new(AtomicBool::new(false));
    let (joiner, flag) = (Arc::clone(&worker), Arc::clone(&returned));
    thread::spawn(move || {
        joiner.join();
        flag.store(true, Ordering::SeqCst);
    });
    thread::sleep(Duration::from_millis(50));
    assert!(
        !returned.load(Ordering::SeqCst),
        "join() returned while the worker was still blocked on an item"
    );
    for _ in 0..3 {
        let _ = release_tx.send(());
    }
    wait_until(
        LIMIT,
        "join() to return once all items are processed",
        || returned.load(Ordering::SeqCst),
    );
}
