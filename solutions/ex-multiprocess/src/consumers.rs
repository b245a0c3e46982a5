//! # mp-consumers: Worker processes, a joinable queue and poison pills
//!
//! The lab sheet's producer and consumers with worker *processes*: the parent keeps a
//! joinable queue of `Task(a, b)` and one poison pill per worker; each worker process
//! takes messages from it one at a time, answers each task with `"a * b = p"`, and exits
//! at its pill; every task *and every pill* is marked done, and the producer's `join`
//! returns only when all of them are. Then the answers are collected.
//!
//! Processes share no memory, so the queue lives in the parent, and one thread per
//! worker hands the worker its next message over the worker's stdin and reads its
//! replies from its stdout: `task <a> <b>` or `stop` down, `answer <text>` and `done` up.
//!
//! After `003_6d07538b8dc49121.txt`, "Consumers-Producer Example" (`Consumer`, `Task`,
//! `JoinableQueue`, one `None` per consumer, `tasks.join()`). The statement is the
//! `mp-consumers` section of `ex-multiprocess/README.md`.

use std::io::{self, BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, ExitStatus, Stdio};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use crossbeam_channel::{Receiver, unbounded};

use crate::children::ChildGuard;

/// One task: multiply two numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Task {
    /// The first factor.
    pub a: i64,
    /// The second factor.
    pub b: i64,
}

impl Task {
    /// The lab sheet's answer text: `"a * b = product"`.
    ///
    /// ```
    /// use ex_multiprocess::consumers::Task;
    ///
    /// assert_eq!(Task { a: 6, b: 7 }.answer(), "6 * 7 = 42");
    /// ```
    pub fn answer(&self) -> String {
        format!("{} * {} = {}", self.a, self.b, self.a * self.b)
    }
}

/// What travels down the queue: a task, or the poison pill that stops one worker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Message {
    /// Work to do.
    Task(Task),
    /// The pill: the worker that takes it marks it done and exits.
    Stop,
}

/// What [`run_consumers`] found.
#[derive(Debug)]
pub struct ConsumersReport {
    /// Every answer, in the order they arrived.
    pub answers: Vec<String>,
    /// How many tasks each worker answered, by worker number.
    pub answered_by: Vec<usize>,
    /// Each worker's process id, by worker number.
    pub pids: Vec<u32>,
    /// Each worker's exit status, by worker number.
    pub statuses: Vec<ExitStatus>,
}

/// The worker's side: reads messages from `input`, one per line (`task <a> <b>` or
/// `stop`); for a task waits `work` (the lab sheet's `time.sleep(0.1)`), then writes
/// `answer <text>` and `done`; for the pill writes `done` and returns. Returns how many
/// tasks it answered.
///
/// # Errors
/// If reading or writing fails, the input ends before a pill, or a line is not a
/// message ([`io::ErrorKind::InvalidData`]).
///
/// ```
/// use std::time::Duration;
/// use ex_multiprocess::consumers::consumer_worker;
///
/// let mut output = Vec::new();
/// let answered = consumer_worker("task 6 7\nstop\n".as_bytes(), &mut output, Duration::ZERO)?;
/// assert_eq!(answered, 1);
/// assert_eq!(String::from_utf8(output).unwrap(), "answer 6 * 7 = 42\ndone\ndone\n");
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn consumer_worker(
    input: impl BufRead,
    mut output: impl Write,
    work: Duration,
) -> io::Result<usize> {
    let mut answered = 0;
    for line in input.lines() {
        let line = line?;
        let fields: Vec<&str> = line.split_whitespace().collect();
        match fields.as_slice() {
            ["stop"] => {
                // The pill is marked done too, or the producer's join would wait for ever.
                writeln!(output, "done")?;
                output.flush()?;
                return Ok(answered);
            }
            ["task", a, b] => {
                let parse = |text: &str| {
                    text.parse::<i64>()
                        .map_err(|error| io::Error::new(io::ErrorKind::InvalidData, error))
                };
                let task = Task {
                    a: parse(a)?,
                    b: parse(b)?,
                };
                std::thread::sleep(work);
                writeln!(output, "answer {}", task.answer())?;
                writeln!(output, "done")?;
                output.flush()?;
                answered += 1;
            }
            _ => {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("not a message: {line:?}"),
                ));
            }
        }
    }
    Err(io::Error::new(
        io::ErrorKind::UnexpectedEof,
        "the input ended before a poison pill",
    ))
}

/// The count of unfinished messages: raised by every put, lowered by every done;
/// `wait` blocks until it is zero (the `JoinableQueue`'s `join`), or until a worker
/// failed (its message will never be done, and a join that waited for it would hang).
#[derive(Debug, Default)]
struct Unfinished {
    /// The count, and whether a worker failed.
    state: Mutex<(usize, bool)>,
    changed: Condvar,
}

impl Unfinished {
    fn lock(&self) -> std::sync::MutexGuard<'_, (usize, bool)> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn add(&self) {
        self.lock().0 += 1;
    }

    fn done(&self) {
        let mut state = self.lock();
        state.0 = state.0.saturating_sub(1);
        if state.0 == 0 {
            self.changed.notify_all();
        }
    }

    fn fail(&self) {
        self.lock().1 = true;
        self.changed.notify_all();
    }

    fn wait(&self) {
        let state = self.lock();
        // Returns (and releases the lock) once the count is zero or a worker failed.
        drop(
            self.changed
                .wait_while(state, |(count, failed)| *count > 0 && !*failed)
                .unwrap_or_else(|poisoned| poisoned.into_inner()),
        );
    }
}

/// What one broker thread learnt from its worker.
#[derive(Debug, Default)]
struct Served {
    answers: Vec<String>,
    failure: Option<io::Error>,
}

/// Hands messages from `queue` to one worker (its stdin and stdout), one at a time,
/// marking each done when the worker says `done`, until the worker has taken its pill.
fn broker(
    queue: &Receiver<Message>,
    unfinished: &Unfinished,
    mut to_worker: impl Write,
    from_worker: impl BufRead,
) -> Served {
    let mut served = Served::default();
    let mut replies = from_worker.lines();
    let mut serve = || -> io::Result<()> {
        for message in queue.iter() {
            match message {
                Message::Task(task) => writeln!(to_worker, "task {} {}", task.a, task.b)?,
                Message::Stop => writeln!(to_worker, "stop")?,
            }
            to_worker.flush()?;
            loop {
                let reply = replies.next().ok_or_else(|| {
                    io::Error::new(io::ErrorKind::UnexpectedEof, "the worker ended mid-message")
                })??;
                if reply == "done" {
                    break;
                }
                match reply.strip_prefix("answer ") {
                    Some(answer) => served.answers.push(answer.to_owned()),
                    None => {
                        return Err(io::Error::new(
                            io::ErrorKind::InvalidData,
                            format!("the worker said {reply:?}"),
                        ));
                    }
                }
            }
            unfinished.done();
            if message == Message::Stop {
                return Ok(());
            }
        }
        Ok(())
    };
    if let Err(error) = serve() {
        unfinished.fail();
        served.failure = Some(error);
    }
    served
}

/// The lab sheet's producer and consumers: starts `workers` worker processes
/// (`program consumer <work ms>`), puts every task and then one pill per worker on a
/// joinable queue, waits until every task and every pill is done, then waits for every
/// worker to exit and returns what they did.
///
/// # Errors
/// If a worker cannot start or fails. Every worker is killed and reaped on every path.
///
/// # Panics
/// If `workers` is 0.
pub fn run_consumers(
    program: &Path,
    tasks: &[Task],
    workers: usize,
    work: Duration,
) -> io::Result<ConsumersReport> {
    assert!(workers > 0, "the producer needs at least one consumer");
    let (sender, queue) = unbounded();
    let unfinished = Arc::new(Unfinished::default());
    let mut children = Vec::with_capacity(workers);
    let mut brokers = Vec::with_capacity(workers);
    for _ in 0..workers {
        let mut child = ChildGuard::new(
            Command::new(program)
                .args(["consumer", &work.as_millis().to_string()])
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .spawn()?,
        );
        let to_worker = child.stdin.take();
        let from_worker = child.stdout.take();
        let (Some(to_worker), Some(from_worker)) = (to_worker, from_worker) else {
            return Err(io::Error::other("the worker's pipes were not made"));
        };
        let (queue, unfinished) = (queue.clone(), Arc::clone(&unfinished));
        brokers.push(std::thread::spawn(move || {
            broker(&queue, &unfinished, to_worker, BufReader::new(from_worker))
        }));
        children.push(child);
    }
    // The producer: every task, then one pill per worker, each counted before it is put
    // (so `join` cannot see zero while something is still on its way).
    for message in tasks
        .iter()
        .map(|task| Message::Task(*task))
        .chain(std::iter::repeat_n(Message::Stop, workers))
    {
        unfinished.add();
        // The receivers live as long as the brokers; a broker that failed has dropped
        // its clone, but the others still hold theirs.
        let _ = sender.send(message);
    }
    drop(sender);
    // The lab sheet's `tasks.join()`: returns once every task and every pill is done.
    unfinished.wait();
    let mut answers = Vec::new();
    let mut answered_by = Vec::with_capacity(workers);
    for broker in brokers {
        let served = broker
            .join()
            .map_err(|_| io::Error::other("a broker thread panicked"))?;
        if let Some(failure) = served.failure {
            return Err(failure);
        }
        answered_by.push(served.answers.len());
        answers.extend(served.answers);
    }
    let pids = children.iter().map(|child| child.id()).collect();
    let statuses = children
        .iter_mut()
        .map(|child| child.wait())
        .collect::<io::Result<Vec<_>>>()?;
    Ok(ConsumersReport {
        answers,
        answered_by,
        pids,
        statuses,
    })
}
