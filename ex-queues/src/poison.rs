//! # q-poison: Consumers that stop at a poison pill
//!
//! A producer puts tasks on a queue that several consumer threads share, then one "stop"
//! message per consumer: the poison pill. Each consumer answers tasks onto a results
//! queue until it takes a pill, then exits. Here the pill is an enum variant,
//! [`Message::Stop`], instead of Python's `None`.
//!
//! After `003_6d07538b8dc49121.txt`, "Consumers-Producer Example". The statement is the
//! `q-poison` section of `ex-queues/README.md`.

use crossbeam_channel::{Receiver, Sender};

/// A piece of work: multiply `a` by `b` (the lab sheet's `Task`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Task {
    /// The left factor.
    pub a: i64,
    /// The right factor.
    pub b: i64,
}

impl Task {
    /// A task that multiplies `a` by `b`.
    pub fn new(a: i64, b: i64) -> Self {
        Task { a, b }
    }

    /// Does the work and describes it as the lab sheet prints it: `"a * b = product"`.
    ///
    /// The product wraps around on overflow rather than panicking.
    ///
    /// ```no_run
    /// use ex_queues::poison::Task;
    ///
    /// assert_eq!(Task::new(6, 7).answer(), "6 * 7 = 42");
    /// assert_eq!(Task::new(-3, 4).answer(), "-3 * 4 = -12");
    /// ```
    pub fn answer(&self) -> String {
        todo!(
            "q-poison: Task::answer: multiply {} by {} and describe it as \"a * b = product\"",
            self.a,
            self.b
        )
    }
}

/// What travels on the task queue: a task, or the poison pill that tells one consumer
/// to stop.
///
/// Python's seed uses `None` as the pill, so "no task" and "stop" share a value and a
/// forgotten `if next_task is None` check crashes at the call. Here the pill is its own
/// variant: a `match` must handle it, and no task can be mistaken for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Message {
    /// Work to do.
    Task(Task),
    /// The poison pill: the consumer that takes it exits.
    Stop,
}

/// One consumer's loop: takes messages from `tasks`, sends each task's
/// [`Task::answer`] on `results`, and returns how many tasks it answered when it takes
/// a [`Message::Stop`].
///
/// It takes nothing after its pill: the messages behind it belong to other consumers.
/// It also returns if the task queue is closed (every sender dropped) or nobody is
/// listening on `results` any more, since no more work can arrive or be delivered.
///
/// ```no_run
/// use ex_queues::poison::{Message, Task, consumer};
///
/// let (task_tx, task_rx) = crossbeam_channel::unbounded();
/// let (result_tx, result_rx) = crossbeam_channel::unbounded();
/// task_tx.send(Message::Task(Task::new(2, 3))).unwrap();
/// task_tx.send(Message::Stop).unwrap();
/// task_tx.send(Message::Task(Task::new(4, 5))).unwrap(); // for another consumer
///
/// assert_eq!(consumer(&task_rx, &result_tx), 1);
/// assert_eq!(result_rx.try_recv(), Ok("2 * 3 = 6".to_string()));
/// assert_eq!(task_rx.len(), 1, "the message after the pill is left on the queue");
/// ```
pub fn consumer(tasks: &Receiver<Message>, results: &Sender<String>) -> usize {
    todo!(
        "q-poison: take messages from the task queue ({} waiting) and send each answer on the results queue ({} unread) until a Message::Stop",
        tasks.len(),
        results.len()
    )
}

/// The producer: starts `consumers` consumer threads on a shared task queue, puts every
/// task on it and then one [`Message::Stop`] per consumer, waits until every consumer
/// has exited, and returns the answers in the order they arrived on the results queue.
///
/// Every task is answered exactly once, also when there are fewer tasks than consumers
/// or none at all.
///
/// # Panics
/// If `consumers` is zero (nobody would answer the tasks).
///
/// ```no_run
/// use ex_queues::poison::{Task, run_pool};
///
/// let tasks: Vec<Task> = (0..10).map(|i| Task::new(i, i)).collect();
/// let mut answers = run_pool(tasks, 4);
/// answers.sort();
/// assert_eq!(answers.len(), 10);
/// assert_eq!(answers[0], "0 * 0 = 0");
/// assert!(answers.contains(&"9 * 9 = 81".to_string()));
/// ```
pub fn run_pool(tasks: Vec<Task>, consumers: usize) -> Vec<String> {
    todo!(
        "q-poison: start {consumers} consumers on a shared queue, send the {} tasks and then one Message::Stop per consumer, join the consumers, and collect the answers",
        tasks.len()
    )
}
