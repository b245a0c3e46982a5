//! Hidden tests for th-sync: an Event that misses a set, a Semaphore that over-admits
//! (check-then-decrement), a Timer that fires after cancel or only stops after the full
//! delay, plus edge cases and races hunted by repetition.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Barrier, mpsc};
use std::thread;
use std::time::Duration;

use ex_threads::sync::{Event, Semaphore, Timer};
use testkit::{InFlightGauge, Rendezvous, finish_within, seeded_generator, test_seed, wait_until};

const LIMIT: Duration = Duration::from_secs(5);

fn new_event() -> Arc<Event> {
    Arc::new(finish_within(LIMIT, "Event::new", Event::new))
}

// ---------------------------------------------------------------- Event

#[test]
fn event_set_wakes_every_waiter() {
    let event = new_event();
    let (done_tx, done) = mpsc::channel();
    for _ in 0..8 {
        let (event, done_tx) = (Arc::clone(&event), done_tx.clone());
        thread::spawn(move || {
            event.wait();
            let _ = done_tx.send(());
        });
    }
    thread::sleep(Duration::from_millis(100));
    assert!(done.try_recv().is_err(), "a waiter went on before set()");
    event.set();
    for woken in 0..8 {
        done.recv_timeout(LIMIT).unwrap_or_else(|_| {
            panic!("only {woken} of 8 waiters woke up after set() (wake them all with notify_all)")
        });
    }
}

#[test]
fn event_set_racing_with_wait_is_never_missed() {
    let mut next = seeded_generator(test_seed());
    for round in 0..200 {
        let event = new_event();
        let start = Arc::new(Barrier::new(2));
        let (done_tx, done) = mpsc::channel();
        let (waiter, waiter_start) = (Arc::clone(&event), Arc::clone(&start));
        let pause_waiter = Duration::from_micros(next() % 200);
        let pause_setter = Duration::from_micros(next() % 200);
        thread::spawn(move || {
            waiter_start.wait();
            thread::sleep(pause_waiter);
            waiter.wait();
            let _ = done_tx.send(());
        });
        start.wait();
        thread::sleep(pause_setter);
        event.set();
        done.recv_timeout(LIMIT).unwrap_or_else(|_| {
            panic!("round {round}: wait() never returned although set() was called (a lost wake-up: look at the flag before sleeping, under the lock)")
        });
    }
}

#[test]
fn event_wait_timeout_wakes_on_set_not_at_the_limit() {
    let event = new_event();
    let setter = Arc::clone(&event);
    let waiter = Arc::clone(&event);
    let set_in_time = finish_within(
        LIMIT,
        "wait_timeout(60 s) on an event set after 50 ms (it should wake on set)",
        move || {
            thread::spawn(move || {
                thread::sleep(Duration::from_millis(50));
                setter.set();
            });
            waiter.wait_timeout(Duration::from_secs(60))
        },
    );
    assert!(
        set_in_time,
        "wait_timeout must return true when the event was set"
    );
}

#[test]
fn event_wait_timeout_edge_cases() {
    let (zero_unset, zero_set, after_clear, set_twice) =
        finish_within(LIMIT, "wait_timeout edge cases", || {
            let event = Event::new();
            let zero_unset = event.wait_timeout(Duration::ZERO);
            event.set();
            event.set();
            let zero_set = event.wait_timeout(Duration::ZERO);
            let set_twice = event.is_set();
            event.clear();
            event.clear();
            let after_clear = event.wait_timeout(Duration::from_millis(30));
            (zero_unset, zero_set, after_clear, set_twice)
        });
    assert!(!zero_unset, "wait_timeout(0) on an unset event is false");
    assert!(zero_set, "wait_timeout(0) on a set event is true");
    assert!(set_twice, "setting twice leaves the event set");
    assert!(!after_clear, "after clear() the event waits again");
}

#[test]
fn event_can_be_set_again_after_clear() {
    let event = new_event();
    event.set();
    event.clear();
    let waiter = Arc::clone(&event);
    let (done_tx, done) = mpsc::channel();
    thread::spawn(move || {
        waiter.wait();
        let _ = done_tx.send(());
    });
    thread::sleep(Duration::from_millis(50));
    assert!(
        done.try_recv().is_err(),
        "wait() after clear() returned before set()"
    );
    event.set();
    done.recv_timeout(LIMIT)
        .expect("wait() did not return after the second set()");
}

// ---------------------------------------------------------------- Semaphore

/// `threads` threads each take a permit `rounds` times; returns (most inside at once,
/// how many entries, permits left at the end).
fn hammer(permits: usize, threads: usize, rounds: usize) -> (usize, usize, usize) {
    finish_within(
        Duration::from_secs(20),
        "threads hammering a Semaphore",
        move || {
            let semaphore = Semaphore::new(permits);
            let gauge = InFlightGauge::new();
            let start = Barrier::new(threads);
            thread::scope(|s| {
                for _ in 0..threads {
                    s.spawn(|| {
                        start.wait();
                        for _ in 0..rounds {
                            let _permit = semaphore.acquire();
                            let _inside = gauge.enter();
                            thread::yield_now();
                        }
                    });
                }
            });
            (gauge.max(), gauge.total(), semaphore.available())
        },
    )
}

#[test]
fn semaphore_never_over_admits_under_heavy_contention() {
    let permits = 2 + (test_seed() % 3) as usize; // 2..=4
    let (max, total, left) = hammer(permits, 32, 100);
    assert!(
        max <= permits,
        "{max} threads were inside a semaphore of {permits} at once (checking for a free permit and taking it must be one step under the lock)"
    );
    assert_eq!(total, 32 * 100);
    assert_eq!(left, permits, "every permit should be back at the end");
}

#[test]
fn semaphore_of_one_is_a_lock() {
    let (max, total, left) = hammer(1, 16, 120);
    assert_eq!(max, 1, "a semaphore of 1 let {max} threads in at once");
    assert_eq!(total, 16 * 120);
    assert_eq!(left, 1);
}

#[test]
fn semaphore_lets_eight_holders_in_together() {
    let reached = finish_within(Duration::from_secs(10), "a Semaphore of 8", || {
        let semaphore = Semaphore::new(8);
        let meeting = Rendezvous::new(8, LIMIT);
        let gauge = InFlightGauge::new();
        thread::scope(|s| {
            for _ in 0..24 {
                s.spawn(|| {
                    let _permit = semaphore.acquire();
                    let _inside = gauge.enter();
                    let _ = meeting.arrive();
                });
            }
        });
        (meeting.is_complete(), gauge.max())
    });
    assert!(
        reached.0,
        "8 holders of a semaphore of 8 were never inside together"
    );
    assert!(
        reached.1 <= 8,
        "{} holders were inside a semaphore of 8",
        reached.1
    );
}

#[test]
fn semaphore_acquire_waits_for_a_permit_to_come_back() {
    let semaphore = Arc::new(finish_within(LIMIT, "Semaphore::new(1)", || {
        Semaphore::new(1)
    }));
    let holder = Arc::clone(&semaphore);
    let (got_tx, got) = mpsc::channel();
    let (release_tx, release) = mpsc::channel::<()>();
    thread::spawn(move || {
        let _permit = holder.acquire();
        let _ = release.recv_timeout(LIMIT);
    });
    wait_until(LIMIT, "the first holder to take the permit", || {
        semaphore.available() == 0
    });
    let waiter = Arc::clone(&semaphore);
    thread::spawn(move || {
        let _permit = waiter.acquire();
        let _ = got_tx.send(());
    });
    thread::sleep(Duration::from_millis(100));
    assert!(
        got.try_recv().is_err(),
        "acquire() succeeded while the only permit was held"
    );
    let _ = release_tx.send(());
    got.recv_timeout(LIMIT).expect(
        "acquire() never returned after the permit was given back (wake a waiter on release)",
    );
}

#[test]
fn semaphore_with_no_permits_admits_nobody() {
    let (available, tried) = finish_within(LIMIT, "Semaphore::new(0)", || {
        let semaphore = Semaphore::new(0);
        (semaphore.available(), semaphore.try_acquire().is_some())
    });
    assert_eq!(available, 0);
    assert!(!tried, "try_acquire on a semaphore of 0 must return None");
}

#[test]
fn semaphore_guards_give_back_exactly_one_permit_each() {
    let permits = 3 + (test_seed() % 5) as usize;
    let left = finish_within(LIMIT, "taking and giving back every permit", move || {
        let semaphore = Semaphore::new(permits);
        let mut guards = Vec::new();
        while let Some(guard) = semaphore.try_acquire() {
            guards.push(guard);
            assert!(
                guards.len() <= permits,
                "try_acquire handed out more than {permits} permits"
            );
        }
        assert_eq!(
            guards.len(),
            permits,
            "try_acquire should hand out all {permits} permits"
        );
        drop(guards);
        semaphore.available()
    });
    assert_eq!(
        left, permits,
        "after every guard is dropped all {permits} permits are free"
    );
}

// ---------------------------------------------------------------- Timer

fn counting_timer(delay: Duration) -> (Timer, Arc<AtomicUsize>) {
    let runs = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&runs);
    let timer = finish_within(
        LIMIT,
        "Timer::start (it should return at once)",
        move || {
            Timer::start(delay, move || {
                counter.fetch_add(1, Ordering::SeqCst);
            })
        },
    );
    (timer, runs)
}

#[test]
fn cancel_wakes_a_sixty_second_timer_at_once() {
    let (timer, runs) = counting_timer(Duration::from_secs(60));
    let (cancelled, ran) = finish_within(
        LIMIT,
        "cancel() then join() of a 60 s timer (cancel must wake the timer thread, not wait out the delay)",
        move || (timer.cancel(), timer.join()),
    );
    assert!(cancelled);
    assert!(!ran);
    assert_eq!(runs.load(Ordering::SeqCst), 0);
}

#[test]
fn several_long_timers_cancel_promptly() {
    let timers: Vec<_> = (0..8)
        .map(|_| counting_timer(Duration::from_secs(60)))
        .collect();
    let outcomes = finish_within(
        LIMIT,
        "cancelling and joining eight 60 s timers",
        move || {
            timers
                .into_iter()
                .map(|(timer, runs)| (timer.cancel(), timer.join(), runs.load(Ordering::SeqCst)))
                .collect::<Vec<_>>()
        },
    );
    for outcome in outcomes {
        assert_eq!(
            outcome,
            (true, false, 0),
            "(cancel(), join(), runs) of a cancelled timer"
        );
    }
}

#[test]
fn a_cancelled_timer_stays_silent_after_its_delay() {
    let (timer, runs) = counting_timer(Duration::from_millis(80));
    assert!(timer.cancel(), "cancel() within the delay must return true");
    thread::sleep(Duration::from_millis(250));
    assert_eq!(
        runs.load(Ordering::SeqCst),
        0,
        "the action ran although the timer was cancelled"
    );
    let ran = finish_within(LIMIT, "join() of a cancelled timer", move || timer.join());
    assert!(!ran);
}

#[test]
fn cancelling_twice_is_harmless() {
    let (timer, runs) = counting_timer(Duration::from_millis(200));
    let (first, second, ran) = finish_within(LIMIT, "cancel twice", move || {
        (timer.cancel(), timer.cancel(), timer.join())
    });
    assert!(
        first && second,
        "both cancels came before the delay: both say true"
    );
    assert!(!ran);
    assert_eq!(runs.load(Ordering::SeqCst), 0);
}

#[test]
fn cancel_and_fire_never_both_win() {
    // Timers that fire after 0-2 ms, cancelled after 0-2 ms: whichever wins, cancel()'s
    // answer, join()'s answer and whether the action ran must agree.
    let mut next = seeded_generator(test_seed());
    let outcomes = finish_within(Duration::from_secs(20), "150 racing timers", move || {
        let mut outcomes = Vec::new();
        for _ in 0..150 {
            let delay = Duration::from_micros(next() % 2000);
            let pause = Duration::from_micros(next() % 2000);
            let runs = Arc::new(AtomicUsize::new(0));
            let counter = Arc::clone(&runs);
            let timer = Timer::start(delay, move || {
                counter.fetch_add(1, Ordering::SeqCst);
            });
            thread::sleep(pause);
            let cancelled = timer.cancel();
            let ran = timer.join();
            outcomes.push((cancelled, ran, runs.load(Ordering::SeqCst)));
        }
        outcomes
    });
    for (i, &(cancelled, ran, runs)) in outcomes.iter().enumerate() {
        assert!(
            cancelled != ran && runs == usize::from(ran),
            "timer {i}: cancel() said {cancelled}, join() said {ran}, the action ran {runs} times"
        );
    }
}

#[test]
fn join_waits_for_the_action_to_finish() {
    let done = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&done);
    let ran = finish_within(LIMIT, "join() of a timer with a slow action", move || {
        let timer = Timer::start(Duration::from_millis(5), move || {
            thread::sleep(Duration::from_millis(60));
            flag.store(true, Ordering::SeqCst);
        });
        timer.join()
    });
    assert!(ran);
    assert!(
        done.load(Ordering::SeqCst),
        "join() returned before the action finished"
    );
}

#[test]
fn a_dropped_timer_still_fires_on_its_own_thread() {
    let test_thread = thread::current().id();
    let fired_on = Arc::new(std::sync::Mutex::new(None));
    let slot = Arc::clone(&fired_on);
    let timer = finish_within(LIMIT, "Timer::start", move || {
        Timer::start(Duration::from_millis(20), move || {
            *slot.lock().unwrap() = Some(thread::current().id());
        })
    });
    drop(timer);
    wait_until(LIMIT, "a dropped timer to fire anyway", || {
        fired_on.lock().unwrap().is_some()
    });
    let fired_on = fired_on.lock().unwrap().expect("checked above");
    assert_ne!(
        fired_on, test_thread,
        "the action must run on the timer's own thread"
    );
}

#[test]
fn start_returns_before_the_delay() {
    // If start() slept the delay itself, this would take 60 s and fail.
    // (counting_timer runs Timer::start under a 5 s limit.)
    let (timer, runs) = counting_timer(Duration::from_secs(60));
    assert_eq!(
        runs.load(Ordering::SeqCst),
        0,
        "the action ran before its delay"
    );
    let cancelled = finish_within(LIMIT, "cancel() then join()", move || {
        let cancelled = timer.cancel();
        timer.join();
        cancelled
    });
    assert!(cancelled);
}
