//! Visible tests for q-poison: `cargo test -p ex-queues --test q_poison`.

#[path = "support/poison_pool.rs"]
mod poison_pool;

use std::time::Duration;

use ex_queues::poison::{Message, Task, consumer};
use poison_pool::{expected_answers, pool};
use testkit::finish_within;

#[test]
fn an_answer_reads_like_the_seed() {
    let seed = testkit::test_seed();
    let (a, b) = ((seed % 1000) as i64, -((seed / 1000 % 1000) as i64));
    assert_eq!(Task::new(a, b).answer(), format!("{a} * {b} = {}", a * b));
    assert_eq!(Task::new(7, 7).answer(), "7 * 7 = 49");
}

#[test]
fn every_task_is_answered_once() {
    // The seed: ten tasks i * i.
    let tasks: Vec<Task> = (0..10).map(|i| Task::new(i, i)).collect();
    let mut answers = pool(tasks.clone(), 4);
    answers.sort();
    assert_eq!(
        answers,
        expected_answers(&tasks),
        "each task should be answered exactly once"
    );
}

#[test]
fn a_consumer_stops_at_its_pill() {
    // The queue stays open (its sender is alive), so only the pill can stop the consumer.
    let (task_tx, task_rx) = crossbeam_channel::unbounded();
    let (result_tx, result_rx) = crossbeam_channel::unbounded();
    for message in [
        Message::Task(Task::new(2, 3)),
        Message::Task(Task::new(4, 5)),
        Message::Stop,
        Message::Task(Task::new(6, 7)),
    ] {
        task_tx.send(message).expect("the queue is open");
    }
    let queue = task_rx.clone();
    let answered = finish_within(Duration::from_secs(5), "consumer", move || {
        consumer(&queue, &result_tx)
    });
    assert_eq!(
        answered, 2,
        "the consumer answered the 2 tasks before its pill"
    );
    assert_eq!(
        result_rx.try_iter().collect::<Vec<_>>(),
        ["2 * 3 = 6", "4 * 5 = 20"],
        "the answers go on the results queue"
    );
    assert_eq!(
        task_rx.len(),
        1,
        "the task after the pill belongs to another consumer and must stay on the queue"
    );
    drop(task_tx);
}

#[test]
fn fewer_tasks_than_consumers_still_finishes() {
    let tasks = vec![Task::new(3, 4), Task::new(5, 6)];
    let mut answers = pool(tasks.clone(), 8);
    answers.sort();
    assert_eq!(answers, expected_answers(&tasks));
}

#[test]
fn no_tasks_no_answers() {
    let answers = pool(Vec::new(), 4);
    assert!(answers.is_empty(), "no tasks, no answers, got {answers:?}");
}
