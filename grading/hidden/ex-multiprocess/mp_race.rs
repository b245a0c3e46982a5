//! Hidden tests for mp-race: eight threads, nobody winning, a winner that is not the
//! first worker, every loser and the winner reaped, and processes that all end without
//! a word.

#[path = "../../../ex-multiprocess/tests/support/processes.rs"]
mod processes;
#[path = "../../../ex-multiprocess/tests/support/racing.rs"]
mod racing;

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use ex_multiprocess::race::{TARGET, draw_until, race_for_target, race_processes, race_threads};
use processes::worker_program;
use racing::{late_answer, sleeper, watched_race};
use testkit::finish_within;

const LIMIT: Duration = Duration::from_secs(20);

#[test]
fn seven_losers_on_eight_threads_all_stop() {
    let ended = AtomicUsize::new(0);
    let (win, ended) = finish_within(LIMIT, "race_threads", move || {
        let win = race_threads(8, |worker, cancel| {
            let outcome = if worker == 5 {
                std::thread::sleep(Duration::from_millis(20));
                Some("five")
            } else {
                while !cancel.load(Ordering::Relaxed) {
                    std::thread::yield_now();
                }
                None
            };
            ended.fetch_add(1, Ordering::SeqCst);
            outcome
        });
        (win, ended.load(Ordering::SeqCst))
    });
    assert_eq!(win.map(|win| win.worker), Some(5));
    assert_eq!(
        ended, 8,
        "every loser stopped, and race_threads waited for all"
    );
}

#[test]
fn nobody_winning_is_none() {
    let win = finish_within(LIMIT, "race_threads", || race_threads(3, |_, _| None::<u8>));
    assert_eq!(win, None);
}

#[test]
fn one_worker_is_the_seed_task_itself() {
    let seed = testkit::test_seed();
    let win = finish_within(LIMIT, "race_for_target", move || {
        race_for_target(1, seed, TARGET)
    })
    .expect("1337 comes up");
    assert_eq!(win.worker, 0);
    assert_eq!(
        Some(win.value),
        draw_until(TARGET, seed, &AtomicBool::new(false))
    );
}

#[test]
fn a_winner_among_many_sleepers_and_none_left() {
    let program = worker_program();
    let (win, left) = finish_within(LIMIT, "race_processes", move || {
        watched_race(
            program,
            vec![
                sleeper(),
                sleeper(),
                late_answer(400, "two"),
                sleeper(),
                sleeper(),
            ],
        )
    });
    assert_eq!(
        win.map(|win| (win.worker, win.value)),
        Some((2, "two".to_owned())),
        "the worker that answers, worker 2, wins"
    );
    assert!(
        left.is_empty(),
        "losers left in the process table (running or zombies): {left:?}"
    );
}

#[test]
fn workers_that_all_end_without_a_line_are_no_winner() {
    let program = worker_program();
    let workers = vec![
        vec!["sleep".to_owned(), "10".to_owned()],
        vec!["sleep".to_owned(), "30".to_owned()],
    ];
    let win = finish_within(LIMIT, "race_processes", move || {
        race_processes(&program, &workers)
    })
    .expect("the workers start");
    assert_eq!(win, None);
}

#[test]
fn a_program_that_cannot_start_is_an_error() {
    let result = finish_within(LIMIT, "race_processes", || {
        race_processes("/no/such/mp-worker".as_ref(), &[vec!["race".to_owned()]])
    });
    assert!(result.is_err());
}
