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

use std::io::{self, Read, Write};
use std::path::Path;
use std::time::Duration;

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
/// ```no_run
/// use ex_multiprocess::pipe_vs_queue::{MESSAGE_BYTES, write_numbers};
///
/// let mut bytes = Vec::new();
/// write_numbers(&mut bytes, 3)?;
/// assert_eq!(bytes.len(), 4 * MESSAGE_BYTES, "three numbers and Done");
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn write_numbers(writer: &mut impl Write, count: u64) -> io::Result<()> {
    let _ = writer;
    todo!("mp-pipe-vs-queue: write 0..{count} and then Done, one write_all per message, then flush")
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
/// ```no_run
/// use ex_multiprocess::pipe_vs_queue::{read_numbers, write_numbers};
///
/// let mut bytes = Vec::new();
/// write_numbers(&mut bytes, 1000)?;
/// let received = read_numbers(&mut bytes.as_slice())?;
/// assert_eq!((received.count, received.in_order), (1000, true));
/// # Ok::<(), std::io::Error>(())
/// ```
pub fn read_numbers(reader: &mut impl Read) -> io::Result<Received> {
    let _ = reader;
    todo!(
        "mp-pipe-vs-queue: read 9-byte messages until Done, counting the numbers and checking they come 0, 1, 2, ..."
    )
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
    todo!(
        "mp-pipe-vs-queue: start `{program:?} read-numbers`, send it 0..{count} and Done the {way:?} way, read its answer and wait for it"
    )
}
