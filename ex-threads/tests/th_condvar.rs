//! Visible tests for th-condvar: `cargo test -p ex-threads --test th_condvar`.

use std::sync::mpsc::{self, TryRecvError};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use ex_threads::condvar::Resource;
use testkit::{finish_within, test_seed, wait_until};

const LIMIT: Duration = Duration::from_secs(5);

/// Something that happened, in the order it happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    ConsumerStarted(usize),
    Publishing,
    ConsumerGot(usize, u64),
}

/// Starts consumer `i`: it logs that it started, waits, logs what it got and sends it.
fn spawn_consumer(
    i: usize,
    resource: &Arc<Resource<u64>>,
    log: &Arc<Mutex<Vec<Step>>>,
    results: &mpsc::Sender<u64>,
) {
    let (resource, log, results) = (Arc::clone(resource), Arc::clone(log), results.clone());
    thread::spawn(move || {
        log.lock().unwrap().push(Step::ConsumerStarted(i));
        let value = resource.wait();
        log.lock().unwrap().push(Step::ConsumerGot(i, value));
        let _ = results.send(value);
    });
}

fn receive(results: &mpsc::Receiver<u64>, who: &str) -> u64 {
    results.recv_timeout(LIMIT).unwrap_or_else(|_| {
        panic!("{who} was still waiting {LIMIT:?} after the value was published (was every waiting consumer woken?)")
    })
}

#[test]
fn two_waiting_consumers_both_get_the_value() {
    let value = test_seed();
    let resource = Arc::new(finish_within(LIMIT, "Resource::new", Resource::new));
    let log = Arc::new(Mutex::new(Vec::new()));
    let (results, received) = mpsc::channel();
    spawn_consumer(0, &resource, &log, &results);
    spawn_consumer(1, &resource, &log, &results);
    wait_until(LIMIT, "both consumers to start", || {
        log.lock().unwrap().len() == 2
    });
    thread::sleep(Duration::from_millis(50)); // let them reach the wait

    log.lock().unwrap().push(Step::Publishing);
    resource.publish(value);

    assert_eq!(receive(&received, "the first consumer"), value);
    assert_eq!(receive(&received, "the second consumer"), value);
    let log = log.lock().unwrap().clone();
    let published_at = log.iter().position(|&s| s == Step::Publishing).unwrap();
    for (at, step) in log.iter().enumerate() {
        if let Step::ConsumerGot(i, _) = step {
            assert!(
                at > published_at,
                "consumer {i} went on before the producer published: {log:?}"
            );
        }
    }
}

#[test]
fn nobody_returns_before_the_value_is_published() {
    let resource = Arc::new(finish_within(LIMIT, "Resource::new", Resource::new));
    let log = Arc::new(Mutex::new(Vec::new()));
    let (results, received) = mpsc::channel();
    for i in 0..3 {
        spawn_consumer(i, &resource, &log, &results);
    }
    thread::sleep(Duration::from_millis(100));
    assert_eq!(
        received.try_recv(),
        Err(TryRecvError::Empty),
        "a consumer returned from wait() although nothing was published"
    );
    let value = test_seed() / 2;
    resource.publish(value);
    for i in 0..3 {
        assert_eq!(receive(&received, &format!("consumer {i}")), value);
    }
}

#[test]
fn consumers_arriving_after_publish_return_at_once() {
    let value = test_seed();
    let got = finish_within(
        LIMIT,
        "wait() after publish (a value published earlier must not be missed)",
        move || {
            let resource = Resource::new();
            resource.publish(value);
            (resource.wait(), resource.wait())
        },
    );
    assert_eq!(got, (value, value));
}

#[test]
fn wait_timeout_returns_none_when_nothing_is_published() {
    let got = finish_within(LIMIT, "wait_timeout(50 ms) with nothing published", || {
        Resource::<u64>::new().wait_timeout(Duration::from_millis(50))
    });
    assert_eq!(
        got, None,
        "nothing was published, so wait_timeout must give up with None"
    );
}
