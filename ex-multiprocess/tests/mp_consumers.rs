//! Visible tests for mp-consumers: `cargo test -p ex-multiprocess --test mp_consumers`.

#[path = "support/answers.rs"]
mod answers;
#[path = "support/processes.rs"]
mod processes;

use std::time::Duration;

use answers::assert_all_answered;
use ex_multiprocess::consumers::{Task, consumer_worker, run_consumers};
use processes::worker_program;
use testkit::finish_within;

const LIMIT: Duration = Duration::from_secs(20);

#[test]
fn a_task_s_answer_is_the_seed_s_text() {
    assert_eq!(Task { a: 3, b: 3 }.answer(), "3 * 3 = 9");
    assert_eq!(Task { a: -2, b: 5 }.answer(), "-2 * 5 = -10");
}

#[test]
fn a_worker_answers_tasks_and_stops_at_its_pill() {
    let mut output = Vec::new();
    // The line after the pill belongs to nobody: the worker must not read on.
    let input = "task 2 3\ntask 4 5\nstop\ntask 9 9\n";
    let answered =
        consumer_worker(input.as_bytes(), &mut output, Duration::ZERO).expect("a clean run");
    assert_eq!(answered, 2);
    assert_eq!(
        String::from_utf8(output).unwrap(),
        "answer 2 * 3 = 6\ndone\nanswer 4 * 5 = 20\ndone\ndone\n",
        "an answer and a done per task, and a done for the pill"
    );
}

#[test]
fn the_seed_s_ten_tasks_on_four_worker_processes() {
    let tasks: Vec<Task> = (0..10).map(|i| Task { a: i, b: i }).collect();
    let given = tasks.clone();
    let report = finish_within(LIMIT, "run_consumers", move || {
        run_consumers(&worker_program(), &given, 4, Duration::from_millis(5))
    })
    .expect("four workers run");
    assert_all_answered(&tasks, 4, &report);
}

#[test]
fn fewer_tasks_than_workers_still_ends() {
    let tasks = vec![Task { a: 1, b: 2 }, Task { a: 3, b: 4 }];
    let given = tasks.clone();
    let report = finish_within(LIMIT, "run_consumers", move || {
        run_consumers(&worker_program(), &given, 6, Duration::from_millis(1))
    })
    .expect("six workers run");
    assert_all_answered(&tasks, 6, &report);
}
