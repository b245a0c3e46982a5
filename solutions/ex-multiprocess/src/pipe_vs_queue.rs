//! # mp-pipe-vs-queue: Sending many numbers to a reader process, three ways
//!
//! The lab sheet's benchmark sends 10⁴, 10⁵ and 10⁶ integers and a final `DONE` to a reader
//! process, through a `Pipe` and through a `Queue`. Here the reader is a worker process
//! reading fixed-size messages from its stdin, and the writer sends them three ways:
//! one `write` per message straight into the pipe; the same messages through a buffered
//! stream (a few large writes); and through a queue (a channel to a feeder thread that
//! writes to the pipe, which is how Python's `multiprocessing.Queue` works). Every count
//! arrives whole and in order, whichever way.
//!
//! After `003_6d07538b8dc49121.txt`, "Performance Benchmarking Pipes vs Queues". The
//! statement is the `mp-pipe-vs-queue` section of `ex-multiprocess/README.md`.

use std::io::{self, BufRead, BufReader, BufWriter, Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::children::ChildGuard;

/// How many bytes one message takes: a tag byte and eight bytes of number.
pub const MESSAGE_BYTES: usize = 9;

/// One message: a number, or the lab sheet's `'DONE'`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Message {
    /// A number (the tag byte is 0, then the number in 8 little-endian bytes).
    Number(u64),
    /// The end (the tag byte is 1, then 8 zero bytes).
    Done,
}

/// The 9 bytes of `message` (given: the wire format both sides agree on).
///
/// ```
/// use ex_multiprocess::pipe_vs_queue::{Message, encode};
///
/// assert_eq!(encode(Message::Number(258)), [0, 2, 1, 0, 0, 0, 0, 0, 0]);
/// assert_eq!(encode(Message::Done), [1, 0, 0, 0, 0, 0, 0, 0, 0]);
/// ```
pub fn encode(message: Message) -> [u8; MESSAGE_BYTES] {
    let mut bytes = [0u8; MESSAGE_BYTES];
    match message {
        Message::Number(number) => bytes[1..].copy_from_slice(&number.to_le_bytes()),
        Message::Done => bytes[0] = 1,
    }
    bytes
}

/// Writes the numbers `0..count` and then `Done` to `writer`, **one `write_all` per
/// message**, then flushes. Give it the pipe itself and every message is a system call;
/// give it a `BufWriter` and the messages leave in large blocks.
///
/// # Errors
/// If writing fails (`BrokenPipe` when the reader is gone).
///
/// ```
/// use ex_multiprocess::pipe_vs_queue::{MESSAGE_BYTES, write_numbers};
///
/// let mut bytes = Vec::new();
/// write_numbers(&mut bytes, 3)?;
/// assert_eq!(bytes.len(), 4 * MESSAGE_BYTES, "three numbers and Done");
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn write_numbers(writer: &mut impl Write, count: u64) -> io::Result<()> {
    for number in 0..count {
        writer.write_all(&encode(Message::Number(number)))?;
    }
    writer.write_all(&encode(Message::Done))?;
    writer.flush()
}

/// What a reader received.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Received {
    /// How many numbers came before `Done`.
    pub count: u64,
    /// Whether they were exactly `0, 1, 2, …` in that order.
    pub in_order: bool,
}

/// The reader's side: reads messages from `reader` until `Done`, counting the numbers
/// and checking that they come as `0, 1, 2, …`.
///
/// # Errors
/// If reading fails, the stream ends before `Done` ([`io::ErrorKind::UnexpectedEof`]),
/// or a tag byte is neither 0 nor 1 ([`io::ErrorKind::InvalidData`]).
///
/// ```
/// use ex_multiprocess::pipe_vs_queue::{read_numbers, write_numbers};
///
/// let mut bytes = Vec::new();
/// write_numbers(&mut bytes, 1000)?;
/// let received = read_numbers(&mut bytes.as_slice())?;
/// assert_eq!((received.count, received.in_order), (1000, true));
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn read_numbers(reader: &mut impl Read) -> io::Result<Received> {
    // Small reads from a pipe are system calls too: read through a buffer.
    let mut reader = BufReader::with_capacity(64 * 1024, reader);
    let mut message = [0u8; MESSAGE_BYTES];
    let mut count = 0;
    let mut in_order = true;
    loop {
        reader.read_exact(&mut message)?;
        match message[0] {
            0 => {
                let mut number = [0u8; 8];
                number.copy_from_slice(&message[1..]);
                in_order &= u64::from_le_bytes(number) == count;
                count += 1;
            }
            1 => return Ok(Received { count, in_order }),
            tag => {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("message {count} has the tag {tag}, neither 0 (a number) nor 1 (done)"),
                ));
            }
        }
    }
}

/// How the writer sends the messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Way {
    /// One `write` system call per message, straight into the pipe.
    OneWritePerMessage,
    /// Through a `BufWriter`: the messages leave in large blocks.
    BufferedStream,
    /// Through a queue: each number goes on a channel, and a feeder thread writes them to
    /// the pipe through a buffer (as Python's `multiprocessing.Queue` does).
    Queue,
}

/// What one transfer did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Transfer {
    /// What the reader process received.
    pub received: Received,
    /// From the first message sent to the reader's exit (the lab sheet's `e - s`).
    pub elapsed: Duration,
}

/// Starts a reader process (`program read-numbers`), sends it `0..count` and `Done` the
/// given `way`, reads what it received (its stdout: `<count> <in order>`), and waits for
/// it to exit.
///
/// # Errors
/// If the reader cannot start, fails, or answers something else.
pub fn send_to_reader(program: &Path, way: Way, count: u64) -> io::Result<Transfer> {
    let mut reader = ChildGuard::new(
        Command::new(program)
            .arg("read-numbers")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()?,
    );
    let mut pipe = reader
        .stdin
        .take()
        .ok_or_else(|| io::Error::other("the reader's stdin was not piped"))?;
    let started = Instant::now();
    match way {
        // `ChildStdin` has no buffer of its own: each `write_all` is one system call.
        Way::OneWritePerMessage => write_numbers(&mut pipe, count)?,
        Way::BufferedStream => {
            write_numbers(&mut BufWriter::with_capacity(64 * 1024, pipe), count)?
        }
        Way::Queue => {
            let (queue, feeder_end) = crossbeam_channel::bounded::<Message>(1024);
            let feeder = std::thread::spawn(move || -> io::Result<()> {
                let mut pipe = BufWriter::with_capacity(64 * 1024, pipe);
                for message in feeder_end {
                    pipe.write_all(&encode(message))?;
                }
                pipe.flush()
            });
            for number in 0..count {
                if queue.send(Message::Number(number)).is_err() {
                    break; // The feeder stopped: its error is reported below.
                }
            }
            let _ = queue.send(Message::Done);
            drop(queue);
            feeder
                .join()
                .map_err(|_| io::Error::other("the feeder thread panicked"))??;
        }
    }
    let mut answer = String::new();
    if let Some(stdout) = reader.stdout.take() {
        BufReader::new(stdout).read_line(&mut answer)?;
    }
    let status = reader.wait()?;
    let elapsed = started.elapsed();
    let mut fields = answer.split_whitespace();
    let received = match (fields.next().map(str::parse), fields.next().map(str::parse)) {
        (Some(Ok(count)), Some(Ok(in_order))) if status.success() => Received { count, in_order },
        _ => {
            return Err(io::Error::other(format!(
                "the reader ended with {status} and said {answer:?}"
            )));
        }
    };
    Ok(Transfer { received, elapsed })
}
