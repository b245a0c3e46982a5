//! Visible tests for mp-race: `cargo test -p ex-multiprocess --test mp_race`.

#[path = "support/processes.rs"]
mod processes;
#[path = "support/racing.rs"]
mod racing;

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use ex_multiprocess::race::race_processes;
use ex_multiprocess::race::{TARGET, draw_until, race_for_target, race_threads};
use processes::worker_program;
use racing::{drawer, late_answer, sleeper, watched_race};
use testkit::finish_within;

const LIMIT: Duration = Duration::from_secs(20);

#[test]
fn draw_until_is_replayable_and_stops_when_cancelled() {
    let seed = testkit::test_seed();
    let never = AtomicBool::new(false);
    let draws = draw_until(TARGET, seed, &never).expect("1337 comes up");
    assert!(draws > 0);
    assert_eq!(
        draw_until(TARGET, seed, &never),
        Some(draws),
        "the same seed, the same draws"
    );
    assert_eq!(
        draw_until(TARGET, seed, &AtomicBool::new(true)),
        None,
        "a set flag stops it at once"
    );
}

#[test]
fn the_first_success_wins_and_every_loser_stops() {
    // Worker 2 succeeds; the others would work for ever unless they are told to stop.
    let ended = AtomicUsize::new(0);
    let win = finish_within(LIMIT, "race_threads", move || {
        let win = race_threads(4, |worker, cancel| {
            let outcome = if worker == 2 {
                Some(worker * 10)
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
    assert_eq!(win.0.map(|win| (win.worker, win.value)), Some((2, 20)));
    assert_eq!(
        win.1, 4,
        "race_threads returns only after every worker has ended"
    );
}

#[test]
fn the_seed_task_raced_on_threads() {
    let seed = testkit::test_seed();
    let win = finish_within(LIMIT, "race_for_target", move || {
        race_for_target(3, seed, TARGET)
    })
    .expect("someone hits 1337");
    let alone = draw_until(
        TARGET,
        seed.wrapping_add(win.worker as u64),
        &AtomicBool::new(false),
    );
    assert_eq!(
        Some(win.value),
        alone,
        "the winner's draws are what its seed gives"
    );
}

#[test]
fn the_seed_task_raced_in_processes() {
    let seed = testkit::test_seed();
    let program = worker_program();
    let workers = vec![drawer(seed, TARGET), drawer(seed.wrapping_add(1), TARGET)];
    let win = finish_within(LIMIT, "race_processes", move || {
        race_processes(&program, &workers)
    })
    .expect("the workers start")
    .expect("a drawer prints its draws");
    let expected = draw_until(
        TARGET,
        seed.wrapping_add(win.worker as u64),
        &AtomicBool::new(false),
    );
    assert_eq!(
        Some(win.value),
        expected.map(|draws| draws.to_string()),
        "the winner's line is its number of draws"
    );
}

#[test]
fn losing_processes_are_killed() {
    let program = worker_program();
    let (win, left) = finish_within(LIMIT, "race_processes", move || {
        watched_race(
            program,
            vec![late_answer(300, "first"), sleeper(), sleeper()],
        )
    });
    let win = win.expect("the worker that answers wins");
    assert_eq!((win.worker, win.value.as_str()), (0, "first"));
    assert!(
        left.is_empty(),
        "losing workers still in the process table: {left:?}"
    );
}
