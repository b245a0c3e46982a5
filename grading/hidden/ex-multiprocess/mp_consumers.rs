//! Hidden tests for mp-consumers: many seeded tasks on a few workers, the work shared
//! between workers, no tasks at all, one worker, and a worker that must not read past
//! its pill or give up before it.

#[path = "../../../ex-multiprocess/tests/support/answers.rs"]
mod answers;
#[path = "../../../ex-multiprocess/tests/support/processes.rs"]
mod processes;

use std::time::Duration;

use answers::assert_all_answered;
use ex_multiprocess::consumers::{Task, consumer_worker, run_consumers};
use processes::worker_program;
use testkit::finish_within;

const LIMIT: Duration = Duration::from_secs(20);

fn seeded_tasks(count: usize) -> Vec<Task> {
    let mut next = testkit::seeded_generator(testkit::test_seed());
    (0..count)
        .map(|_| Task {
            a: (next() % 2001) as i64 - 1000,
            b: (next() % 2001) as i64 - 1000,
        })
        .collect()
}

fn run(
    tasks: &[Task],
    workers: usize,
    work: Duration,
) -> ex_multiprocess::consumers::ConsumersReport {
    let given = tasks.to_vec();
    finish_within(LIMIT, "run_consumers", move || {
        run_consumers(&worker_program(), &given, workers, work)
    })
    .expect("the workers run")
}

#[test]
fn two_hundred_seeded_tasks_on_three_workers() {
    let tasks = seeded_tasks(200);
    let report = run(&tasks, 3, Duration::ZERO);
    assert_all_answered(&tasks, 3, &report);
}

#[test]
fn the_workers_share_the_tasks() {
    // 40 tasks of 20 ms: a worker that is always free takes the next one, so every one
    // of four workers gets some.
    let tasks = seeded_tasks(40);
    let report = run(&tasks, 4, Duration::from_millis(20));
    assert_all_answered(&tasks, 4, &report);
    assert!(
        report.answered_by.iter().all(|count| *count > 0),
        "every worker took tasks from the shared queue: {:?}",
        report.answered_by
    );
}

#[test]
fn no_tasks_means_every_worker_takes_its_pill() {
    let report = run(&[], 5, Duration::ZERO);
    assert_all_answered(&[], 5, &report);
}

#[test]
fn one_worker_answers_everything() {
    let tasks = seeded_tasks(25);
    let report = run(&tasks, 1, Duration::ZERO);
    assert_all_answered(&tasks, 1, &report);
}

#[test]
fn input_that_ends_before_the_pill_is_an_error() {
    let mut output = Vec::new();
    let result = consumer_worker("task 1 1\n".as_bytes(), &mut output, Duration::ZERO);
    assert!(
        result.is_err(),
        "a worker whose input ends without a pill reports it"
    );
    assert!(
        consumer_worker("hello\n".as_bytes(), Vec::new(), Duration::ZERO).is_err(),
        "a line that is no message is an error"
    );
}

#[test]
fn zero_workers_is_refused() {
    let tasks = seeded_tasks(3);
    let message = finish_within(LIMIT, "run_consumers with 0 workers", move || {
        testkit::panic_message("run_consumers(.., 0, ..)", || {
            run_consumers(&worker_program(), &tasks, 0, Duration::ZERO)
        })
    });
    assert!(!message.is_empty(), "the refusal should say why");
}
