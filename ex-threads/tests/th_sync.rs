//! Visible tests for th-sync: `cargo test -p ex-threads --test th_sync`.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, mpsc};
use std::thread;
use std::time::{Duration, Instant};

use ex_threads::sync::{Event, Semaphore, Timer};
use testkit::{InFlightGauge, Rendezvous, finish_within, test_seed, wait_until};

const LIMIT: Duration = Duration::from_secs(5);

// ---------------------------------------------------------------- Event

#[test]
fn event_starts_unset_and_set_wakes_a_waiter() {
    let event = Arc::new(finish_within(LIMIT, "Event::new", Event::new));
    assert!(!event.is_set(), "a new event is not set");
    let waiter = Arc::clone(&event);
    let (done_tx, done) = mpsc::channel();
    thread::spawn(move || {
        waiter.wait();
        let _ = done_tx.send(());
    });
    thread::sleep(Duration::from_millis(50));
    assert!(
        done.try_recv().is_err(),
        "wait() returned before the event was set"
    );
    event.set();
    done.recv_timeout(LIMIT)
        .expect("wait() did not return after set()");
    assert!(event.is_set());
}

#[test]
fn event_wait_returns_at_once_when_already_set() {
    finish_within(LIMIT, "wait() on an event that is already set", || {
        let event = Event::new();
        event.set();
        event.wait();
    });
}

#[test]
fn event_clear_and_wait_timeout() {
    let (unset, set, cleared, still_set) =
        finish_within(LIMIT, "Event::wait_timeout(50 ms)", || {
            let event = Event::new();
            let unset = event.wait_timeout(Duration::from_millis(50));
            event.set();
            let set = event.wait_timeout(Duration::from_millis(50));
            event.clear();
            let cleared = event.wait_timeout(Duration::from_millis(50));
            (unset, set, cleared, event.is_set())
        });
    assert!(
        !unset,
        "wait_timeout on an unset event must give up and return false"
    );
    assert!(set, "wait_timeout on a set event must return true");
    assert!(!cleared, "after clear() the event is unset again");
    assert!(!still_set, "is_set() after clear() must be false");
}

// ---------------------------------------------------------------- Semaphore

#[test]
fn semaphore_counts_its_permits() {
    finish_within(LIMIT, "Semaphore basics", || {
        let semaphore = Semaphore::new(2);
        assert_eq!(semaphore.available(), 2);
        let first = semaphore.acquire();
        assert_eq!(semaphore.available(), 1);
        let second = semaphore.try_acquire().expect("one permit was still free");
        assert_eq!(semaphore.available(), 0);
        assert!(
            semaphore.try_acquire().is_none(),
            "no permit is free: try_acquire must say None"
        );
        drop(first);
        assert_eq!(
            semaphore.available(),
            1,
            "dropping a guard gives its permit back"
        );
        drop(second);
        assert_eq!(semaphore.available(), 2);
    });
}

#[test]
fn semaphore_admits_exactly_its_count_under_contention() {
    let permits = 2 + (test_seed() % 4) as usize; // 2..=5
    let (max, total, left) = finish_within(
        Duration::from_secs(20),
        "16 threads using a Semaphore",
        move || {
            let semaphore = Semaphore::new(permits);
            let gauge = InFlightGauge::new();
            // The first `permits` holders must be inside together: proof that the
            // semaphore admits as many as its count, not fewer.
            let meeting = Rendezvous::new(permits, LIMIT);
            thread::scope(|s| {
                for _ in 0..16 {
                    s.spawn(|| {
                        for round in 0..40 {
                            let _permit = semaphore.acquire();
                            let _inside = gauge.enter();
                            if round == 0 {
                                let _ = meeting.arrive();
                            }
                            thread::yield_now();
                        }
                    });
                }
            });
            assert!(
                !meeting.is_broken(),
                "the semaphore of {permits} never let {permits} threads in at the same time"
            );
            (gauge.max(), gauge.total(), semaphore.available())
        },
    );
    assert!(
        max <= permits,
        "{max} threads were inside a semaphore of {permits}"
    );
    assert_eq!(
        max, permits,
        "the semaphore should let {permits} threads in together"
    );
    assert_eq!(total, 16 * 40);
    assert_eq!(left, permits, "every permit should be back at the end");
}

// ---------------------------------------------------------------- Timer

#[test]
fn timer_runs_its_action_after_the_delay() {
    let delay = Duration::from_millis(30);
    let (ran, elapsed, flag) = finish_within(LIMIT, "a 30 ms timer", move || {
        let fired = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&fired);
        let start = Instant::now();
        let timer = Timer::start(delay, move || flag.store(true, Ordering::SeqCst));
        let ran = timer.join();
        (ran, start.elapsed(), fired.load(Ordering::SeqCst))
    });
    assert!(ran, "join() should say the action ran");
    assert!(flag, "the action did not run");
    assert!(
        elapsed >= delay,
        "the action ran after {elapsed:?}, before the {delay:?} delay"
    );
}

#[test]
fn timer_cancelled_before_firing_never_runs() {
    let (cancelled, ran, runs) = finish_within(LIMIT, "cancel and join a 60 s timer", || {
        let runs = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&runs);
        let timer = Timer::start(Duration::from_secs(60), move || {
            counter.fetch_add(1, Ordering::SeqCst);
        });
        let cancelled = timer.cancel();
        (cancelled, timer.join(), runs.load(Ordering::SeqCst))
    });
    assert!(
        cancelled,
        "cancel() before the delay is over must return true"
    );
    assert!(!ran, "join() of a cancelled timer must return false");
    assert_eq!(runs, 0, "a cancelled timer must not run its action");
}

#[test]
fn timer_cancelled_after_firing_says_so() {
    let runs = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&runs);
    let timer = finish_within(LIMIT, "Timer::start", || {
        Timer::start(Duration::from_millis(5), move || {
            counter.fetch_add(1, Ordering::SeqCst);
        })
    });
    wait_until(LIMIT, "the 5 ms timer to fire", || {
        runs.load(Ordering::SeqCst) == 1
    });
    let (cancelled, ran) = finish_within(LIMIT, "cancel and join a timer that fired", move || {
        (timer.cancel(), timer.join())
    });
    assert!(
        !cancelled,
        "cancel() after the action ran must return false"
    );
    assert!(ran, "join() must say the action ran");
    assert_eq!(runs.load(Ordering::SeqCst), 1);
}
