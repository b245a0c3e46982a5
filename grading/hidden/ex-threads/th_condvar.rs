//! Hidden tests for th-condvar: many consumers (notify_all, not notify_one), no lost
//! wake-up in seeded races, and wait_timeout in every case.

use std::sync::mpsc;
use std::sync::{Arc, Barrier};
use std::thread;
use std::time::Duration;

use ex_threads::condvar::Resource;
use testkit::{finish_within, seeded_generator, test_seed, wait_until};

const LIMIT: Duration = Duration::from_secs(5);

fn new_resource<T: Clone + Send + 'static>() -> Arc<Resource<T>> {
    Arc::new(finish_within(LIMIT, "Resource::new", Resource::new))
}

#[test]
fn publish_wakes_all_sixteen_waiting_consumers() {
    let value = format!("resource #{}", test_seed());
    let resource = new_resource::<String>();
    let (results, received) = mpsc::channel();
    let (started_tx, started) = mpsc::channel();
    for _ in 0..16 {
        let (resource, results, started_tx) =
            (Arc::clone(&resource), results.clone(), started_tx.clone());
        thread::spawn(move || {
            let _ = started_tx.send(());
            let _ = results.send(resource.wait());
        });
    }
    for _ in 0..16 {
        started
            .recv_timeout(LIMIT)
            .expect("a consumer thread never started");
    }
    thread::sleep(Duration::from_millis(100)); // all of them are now waiting
    resource.publish(value.clone());
    for woken in 0..16 {
        let got = received.recv_timeout(LIMIT).unwrap_or_else(|_| {
            panic!("only {woken} of 16 waiting consumers woke up after publish (notify_one wakes just one; use notify_all)")
        });
        assert_eq!(got, value);
    }
}

#[test]
fn many_late_consumers_never_block() {
    let value = test_seed();
    let resource = new_resource::<u64>();
    resource.publish(value);
    let (results, received) = mpsc::channel();
    for _ in 0..8 {
        let (resource, results) = (Arc::clone(&resource), results.clone());
        thread::spawn(move || {
            let _ = results.send(resource.wait());
        });
    }
    for _ in 0..8 {
        let got = received.recv_timeout(LIMIT).expect(
            "a consumer that came after publish waited forever (check the slot before waiting: a lost wake-up)",
        );
        assert_eq!(got, value);
    }
}

#[test]
fn seeded_races_between_producer_and_consumers_lose_no_wake_up() {
    let mut next = seeded_generator(test_seed());
    for round in 0..150 {
        let consumers = 1 + (next() % 4) as usize;
        let value = next();
        let resource = new_resource::<u64>();
        // Everyone starts together, then waits a random few microseconds, so the
        // producer sometimes runs first, sometimes last, sometimes in between.
        let start = Arc::new(Barrier::new(consumers + 1));
        let (results, received) = mpsc::channel();
        for _ in 0..consumers {
            let pause = Duration::from_micros(next() % 300);
            let (resource, results, start) =
                (Arc::clone(&resource), results.clone(), Arc::clone(&start));
            thread::spawn(move || {
                start.wait();
                thread::sleep(pause);
                let _ = results.send(resource.wait());
            });
        }
        let pause = Duration::from_micros(next() % 300);
        {
            let (resource, start) = (Arc::clone(&resource), Arc::clone(&start));
            thread::spawn(move || {
                start.wait();
                thread::sleep(pause);
                resource.publish(value);
            });
        }
        for _ in 0..consumers {
            let got = received.recv_timeout(LIMIT).unwrap_or_else(|_| {
                panic!("round {round}: a consumer never returned although the value was published (a lost wake-up)")
            });
            assert_eq!(got, value, "round {round}: a consumer got the wrong value");
        }
    }
}

#[test]
fn wait_timeout_wakes_as_soon_as_the_value_is_published() {
    let value = test_seed();
    let resource = new_resource::<u64>();
    let producer = Arc::clone(&resource);
    let waiter = Arc::clone(&resource);
    let (started_tx, started) = mpsc::channel();
    let got = finish_within(
        LIMIT,
        "wait_timeout(60 s) after a publish 50 ms in (it should wake on publish, not sleep the whole limit)",
        move || {
            thread::spawn(move || {
                let _ = started.recv_timeout(LIMIT);
                thread::sleep(Duration::from_millis(50));
                producer.publish(value);
            });
            let _ = started_tx.send(());
            waiter.wait_timeout(Duration::from_secs(60))
        },
    );
    assert_eq!(got, Some(value));
}

#[test]
fn wait_timeout_with_a_zero_limit_only_looks() {
    let (before, after) = finish_within(LIMIT, "wait_timeout(0)", || {
        let resource = Resource::new();
        let before = resource.wait_timeout(Duration::ZERO);
        resource.publish('x');
        (before, resource.wait_timeout(Duration::ZERO))
    });
    assert_eq!(before, None, "nothing was published yet");
    assert_eq!(after, Some('x'), "the value was already published");
}

#[test]
fn several_timeouts_give_up_together() {
    let resource = new_resource::<u64>();
    let (results, received) = mpsc::channel();
    for _ in 0..6 {
        let (resource, results) = (Arc::clone(&resource), results.clone());
        thread::spawn(move || {
            let _ = results.send(resource.wait_timeout(Duration::from_millis(80)));
        });
    }
    for _ in 0..6 {
        let got = received
            .recv_timeout(LIMIT)
            .expect("wait_timeout(80 ms) did not give up");
        assert_eq!(got, None);
    }
}

#[test]
fn publishing_again_replaces_the_value() {
    let mut next = seeded_generator(test_seed());
    let (first, second) = (next(), next());
    let got = finish_within(LIMIT, "wait after two publishes", move || {
        let resource = Resource::new();
        resource.publish(first);
        resource.publish(second);
        resource.wait()
    });
    assert_eq!(
        got, second,
        "the second publish should replace the first value"
    );
}

#[test]
fn waiting_does_not_use_the_value_up() {
    let value = vec![test_seed(); 3];
    let expected = value.clone();
    let got = finish_within(LIMIT, "three waits after one publish", move || {
        let resource = Resource::new();
        resource.publish(value);
        [resource.wait(), resource.wait(), resource.wait()]
    });
    for copy in got {
        assert_eq!(copy, expected, "every consumer gets a copy of the value");
    }
}

#[test]
fn a_waiting_consumer_sees_nothing_until_publish() {
    let resource = new_resource::<u64>();
    let waiter = Arc::clone(&resource);
    let (results, received) = mpsc::channel();
    thread::spawn(move || {
        let _ = results.send(waiter.wait());
    });
    thread::sleep(Duration::from_millis(100));
    assert!(
        received.try_recv().is_err(),
        "wait() returned although nothing was published"
    );
    let value = test_seed();
    resource.publish(value);
    let mut got = None;
    wait_until(LIMIT, "the consumer to get the value", || {
        got = received.try_recv().ok();
        got.is_some()
    });
    assert_eq!(got, Some(value));
}
