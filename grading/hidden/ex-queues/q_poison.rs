//! Hidden tests for q-poison: many seeded tasks on many consumers (nothing lost, nothing
//! answered twice), a consumer takes nothing after its pill, every consumer exits with
//! fewer tasks than consumers or none, and repeated runs of every small shape.

// The helpers the visible tests use too.
#[path = "../../../ex-queues/tests/support/poison_pool.rs"]
mod poison_pool;

use std::time::Duration;

use ex_queues::poison::{Message, Task, consumer};
use poison_pool::{expected_answers, pool};
use testkit::finish_within;

/// Compares the answers with the tasks, naming what was lost or doubled.
fn assert_each_answered_once(tasks: &[Task], mut answers: Vec<String>, what: &str) {
    answers.sort();
    let expected = expected_answers(tasks);
    if answers == expected {
        return;
    }
    let missing: Vec<&String> = expected.iter().filter(|a| !answers.contains(a)).collect();
    let mut twice = answers.clone();
    twice.dedup();
    panic!(
        "{what}: expected {} answers, got {}; {} missing (e.g. {:?}), {} extra copies: every \
         task must be answered exactly once, and every answer collected after the consumers exit",
        expected.len(),
        answers.len(),
        missing.len(),
        missing.first(),
        answers.len() - twice.len(),
    );
}

fn seeded_tasks(seed: u64, count: usize) -> Vec<Task> {
    let mut next = testkit::seeded_generator(seed);
    (0..count)
        .map(|_| {
            let a = (next() % 2001) as i64 - 1000;
            let b = (next() % 2001) as i64 - 1000;
            Task::new(a, b)
        })
        .collect()
}

#[test]
fn many_tasks_on_many_consumers_are_each_answered_once() {
    let seed = testkit::test_seed();
    for round in 0..5u64 {
        let tasks = seeded_tasks(seed.wrapping_add(round), 400);
        let answers = pool(tasks.clone(), 32);
        assert_each_answered_once(&tasks, answers, &format!("round {round}, 32 consumers"));
    }
}

#[test]
fn every_small_shape_finishes_and_answers_everything() {
    // Fewer, as many, and more tasks than consumers, including no tasks at all.
    let seed = testkit::test_seed();
    for consumers in 1..=6 {
        for count in 0..=8 {
            let tasks = seeded_tasks(seed ^ (consumers * 100 + count) as u64, count);
            let answers = pool(tasks.clone(), consumers);
            assert_each_answered_once(
                &tasks,
                answers,
                &format!("{count} tasks, {consumers} consumers"),
            );
        }
    }
}

#[test]
fn many_consumers_with_one_task_or_none() {
    for count in [0, 1] {
        let tasks = seeded_tasks(testkit::test_seed(), count);
        let answers = pool(tasks.clone(), 64);
        assert_each_answered_once(&tasks, answers, &format!("{count} tasks, 64 consumers"));
    }
}

#[test]
fn each_consumer_takes_exactly_its_own_pill() {
    // Two consumers' worth of messages on a queue that stays open: the first consumer
    // must stop at the first pill and leave the rest for the second.
    let seed = testkit::test_seed();
    let first = (seed % 7) as usize;
    let (task_tx, task_rx) = crossbeam_channel::unbounded();
    let (result_tx, result_rx) = crossbeam_channel::unbounded();
    for i in 0..first {
        task_tx
            .send(Message::Task(Task::new(i as i64, 2)))
            .expect("the queue is open");
    }
    task_tx.send(Message::Stop).expect("the queue is open");
    task_tx
        .send(Message::Task(Task::new(9, 9)))
        .expect("the queue is open");
    task_tx.send(Message::Stop).expect("the queue is open");

    let (queue, results) = (task_rx.clone(), result_tx.clone());
    let answered = finish_within(Duration::from_secs(5), "the first consumer", move || {
        consumer(&queue, &results)
    });
    assert_eq!(
        answered, first,
        "the first consumer answers the {first} tasks before its pill"
    );
    assert_eq!(
        task_rx.len(),
        2,
        "the first consumer must take nothing after its pill (a task and a pill are left)"
    );
    let (queue, results) = (task_rx.clone(), result_tx.clone());
    let answered = finish_within(Duration::from_secs(5), "the second consumer", move || {
        consumer(&queue, &results)
    });
    assert_eq!(
        answered, 1,
        "the second consumer answers the one task before its pill"
    );
    assert!(task_rx.is_empty(), "both pills were taken");
    let answers: Vec<String> = result_rx.try_iter().collect();
    assert_eq!(answers.len(), first + 1, "one answer per task");
    assert_eq!(answers.last().map(String::as_str), Some("9 * 9 = 81"));
    drop(task_tx);
}

#[test]
fn a_pill_first_means_no_work() {
    let (task_tx, task_rx) = crossbeam_channel::unbounded();
    let (result_tx, result_rx) = crossbeam_channel::unbounded();
    task_tx.send(Message::Stop).expect("the queue is open");
    task_tx
        .send(Message::Task(Task::new(1, 1)))
        .expect("the queue is open");
    let queue = task_rx.clone();
    let answered = finish_within(Duration::from_secs(5), "consumer", move || {
        consumer(&queue, &result_tx)
    });
    assert_eq!(
        answered, 0,
        "a consumer whose first message is the pill answers nothing"
    );
    assert!(result_rx.try_recv().is_err(), "and sends no answer");
    assert_eq!(
        task_rx.len(),
        1,
        "the task behind the pill stays on the queue"
    );
    drop(task_tx);
}

#[test]
fn a_consumer_also_stops_when_the_queue_is_closed() {
    let (task_tx, task_rx) = crossbeam_channel::unbounded();
    let (result_tx, result_rx) = crossbeam_channel::unbounded();
    task_tx
        .send(Message::Task(Task::new(-4, 5)))
        .expect("the queue is open");
    drop(task_tx); // the producer is gone without sending a pill
    let answered = finish_within(
        Duration::from_secs(5),
        "consumer on a closed queue",
        move || consumer(&task_rx, &result_tx),
    );
    assert_eq!(
        answered, 1,
        "the one task is answered, then the closed queue ends the loop"
    );
    assert_eq!(result_rx.try_recv().as_deref(), Ok("-4 * 5 = -20"));
}

#[test]
fn a_consumer_returns_when_nobody_reads_the_results() {
    let (task_tx, task_rx) = crossbeam_channel::unbounded();
    let (result_tx, result_rx) = crossbeam_channel::unbounded::<String>();
    for i in 0..3 {
        task_tx
            .send(Message::Task(Task::new(i, i)))
            .expect("the queue is open");
    }
    drop(result_rx); // nobody will ever read an answer
    // The task queue stays open and holds no pill: only the closed results queue can
    // make the consumer return.
    let answered = finish_within(
        Duration::from_secs(5),
        "consumer whose results nobody reads (stop when sending an answer fails)",
        move || consumer(&task_rx, &result_tx),
    );
    assert!(
        answered <= 3,
        "only three tasks were queued, yet the consumer says it answered {answered}"
    );
    drop(task_tx);
}

#[test]
fn a_pool_of_zero_consumers_is_refused() {
    let message = finish_within(Duration::from_secs(5), "run_pool with 0 consumers", || {
        testkit::panic_message("run_pool(tasks, 0)", || {
            ex_queues::poison::run_pool(vec![Task::new(2, 3)], 0)
        })
    });
    assert!(!message.is_empty(), "the refusal should say why");
}
