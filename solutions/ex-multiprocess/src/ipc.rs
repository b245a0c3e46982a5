//! # mp-ipc: Values between processes, in frames
//!
//! Processes share no memory, so what they exchange is bytes. Here every message is a
//! serde value encoded with postcard and sent as one *frame*: its length (4 bytes,
//! little-endian) and then that many bytes. On top of frames: a queue (a worker puts the
//! seed's `[value ** 2]` and the parent gets it) and a duplex pipe (a worker that sends
//! back every value it receives). A peer that is gone is an error, never a hang, and a
//! frame that does not decode is an error that says what was wrong.
//!
//! After `002_f1ed66b6bd3778ad.txt`, §7.2.3 ("На основе очереди", "На основе пайпов":
//! `q.put([value ** 2])` and `conn.send([value ** 2])`) and `003_6d07538b8dc49121.txt`,
//! "Exchanging objects between processes". The statement is the `mp-ipc` section of
//! `ex-multiprocess/README.md`.

use std::io::{self, BufReader, Read, Write};
use std::path::Path;
use std::process::{ChildStdin, ChildStdout, Command, Stdio};

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::children::ChildGuard;

/// The largest frame [`read_frame`] accepts: a length above it is a corrupt stream, not
/// a reason to allocate gigabytes.
pub const MAX_FRAME: u32 = 16 * 1024 * 1024;

/// One element of the lab sheet's list `[42, None, "hello"]`: Python's list holds values of
/// any type, a Rust `Vec` holds one type, so the three kinds are the variants of an
/// enum.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Value {
    /// A whole number, like `42`.
    Int(i64),
    /// Python's `None`.
    Nothing,
    /// A string, like `"hello"`.
    Text(String),
}

/// The lab sheet's message, `[42, None, "hello"]`.
pub fn seed_message() -> Vec<Value> {
    vec![
        Value::Int(42),
        Value::Nothing,
        Value::Text("hello".to_owned()),
    ]
}

/// Why a frame could not be sent or received.
#[derive(Debug, thiserror::Error)]
pub enum IpcError {
    /// The peer closed the stream before a new frame began: the orderly end.
    #[error("the peer closed the connection")]
    Closed,
    /// The stream ended in the middle of a frame.
    #[error("the stream ended inside a frame: {got} of {expected} bytes arrived")]
    Truncated {
        /// The bytes the frame (or its length) should have had.
        expected: usize,
        /// The bytes that arrived.
        got: usize,
    },
    /// A frame's length is larger than [`MAX_FRAME`].
    #[error("a frame of {length} bytes is larger than the {MAX_FRAME} allowed")]
    TooLarge {
        /// The length the frame claimed.
        length: u32,
    },
    /// The frame's bytes are not a postcard encoding of the expected type.
    #[error("a frame of {length} bytes does not decode as {expected}")]
    Malformed {
        /// The frame's length.
        length: usize,
        /// The type it should have been.
        expected: &'static str,
        /// What postcard said.
        #[source]
        source: postcard::Error,
    },
    /// Reading or writing failed (a write to a peer that is gone is `BrokenPipe`).
    #[error("failed to read or write a frame")]
    Io(#[from] io::Error),
}

/// Encodes `value` with postcard and writes it to `writer` as one frame, then flushes.
///
/// # Errors
/// [`IpcError::Io`] if writing fails (`BrokenPipe` when the reader is gone),
/// [`IpcError::TooLarge`] if the encoding is longer than [`MAX_FRAME`].
///
/// ```
/// use ex_multiprocess::ipc::{Value, read_frame, seed_message, write_frame};
///
/// let mut bytes = Vec::new();
/// write_frame(&mut bytes, &seed_message())?;
/// let back: Vec<Value> = read_frame(&mut bytes.as_slice())?;
/// assert_eq!(back, seed_message());
/// # Ok::<(), ex_multiprocess::ipc::IpcError>(())
/// ```
pub fn write_frame<T: Serialize>(writer: &mut impl Write, value: &T) -> Result<(), IpcError> {
    let body = postcard::to_stdvec(value).map_err(|error| IpcError::Io(io::Error::other(error)))?;
    let length = u32::try_from(body.len())
        .ok()
        .filter(|length| *length <= MAX_FRAME)
        .ok_or(IpcError::TooLarge {
            length: u32::try_from(body.len()).unwrap_or(u32::MAX),
        })?;
    writer.write_all(&length.to_le_bytes())?;
    writer.write_all(&body)?;
    writer.flush()?;
    Ok(())
}

/// Reads exactly `buffer.len()` bytes, or says how many came before the end.
fn read_full(reader: &mut impl Read, buffer: &mut [u8]) -> io::Result<usize> {
    let mut got = 0;
    while got < buffer.len() {
        match reader.read(&mut buffer[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
            Err(error) => return Err(error),
        }
    }
    Ok(got)
}

/// Reads one frame from `reader` and decodes it as a `T`.
///
/// # Errors
/// [`IpcError::Closed`] if the stream ends before the frame begins,
/// [`IpcError::Truncated`] if it ends inside it, [`IpcError::TooLarge`] for a length
/// above [`MAX_FRAME`], [`IpcError::Malformed`] if the bytes are not a `T`,
/// [`IpcError::Io`] if reading fails.
///
/// ```
/// use ex_multiprocess::ipc::{IpcError, read_frame};
///
/// let empty: &[u8] = &[];
/// assert!(matches!(read_frame::<u8>(&mut &*empty), Err(IpcError::Closed)));
/// let cut: &[u8] = &[5, 0, 0, 0, 1];
/// assert!(matches!(read_frame::<u8>(&mut &*cut), Err(IpcError::Truncated { expected: 5, got: 1 })));
/// ```
pub fn read_frame<T: DeserializeOwned>(reader: &mut impl Read) -> Result<T, IpcError> {
    let mut length_bytes = [0u8; 4];
    match read_full(reader, &mut length_bytes)? {
        0 => return Err(IpcError::Closed),
        4 => {}
        got => return Err(IpcError::Truncated { expected: 4, got }),
    }
    let length = u32::from_le_bytes(length_bytes);
    if length > MAX_FRAME {
        return Err(IpcError::TooLarge { length });
    }
    let mut body = vec![0u8; length as usize];
    let got = read_full(reader, &mut body)?;
    if got < body.len() {
        return Err(IpcError::Truncated {
            expected: body.len(),
            got,
        });
    }
    postcard::from_bytes(&body).map_err(|source| IpcError::Malformed {
        length: body.len(),
        expected: std::any::type_name::<T>(),
        source,
    })
}

/// The worker's side of the queue: puts the lab sheet's `[value ** 2]` on `queue` as one
/// frame of `Vec<Value>`.
///
/// # Errors
/// As [`write_frame`].
pub fn square_worker(value: i64, queue: &mut impl Write) -> Result<(), IpcError> {
    write_frame(queue, &vec![Value::Int(value * value)])
}

/// The parent's side of the queue: starts `program square <value>`, gets the one
/// message it puts on the queue (its stdout), and waits for it to exit.
///
/// # Errors
/// As [`read_frame`] (a worker that exits without putting anything is
/// [`IpcError::Closed`]); [`IpcError::Io`] if the worker cannot start or fails.
pub fn square_in_process(program: &Path, value: i64) -> Result<Vec<Value>, IpcError> {
    let child = Command::new(program)
        .arg("square")
        .arg(value.to_string())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .spawn()?;
    let mut worker = ChildGuard::new(child);
    let mut queue = worker
        .stdout
        .take()
        .ok_or_else(|| io::Error::other("the worker's stdout was not piped"))?;
    let message = read_frame(&mut queue)?;
    let status = worker.wait()?;
    if !status.success() {
        return Err(IpcError::Io(io::Error::other(format!(
            "the square worker failed: {status}"
        ))));
    }
    Ok(message)
}

/// The worker's side of the duplex pipe: receives `Vec<Value>` frames from `input` and
/// sends each back on `output`, until the parent closes its end. Returns how many it
/// echoed.
///
/// # Errors
/// Any [`IpcError`] but [`IpcError::Closed`], which is the orderly end.
pub fn echo_worker(input: &mut impl Read, output: &mut impl Write) -> Result<usize, IpcError> {
    let mut echoed = 0;
    loop {
        let message: Vec<Value> = match read_frame(input) {
            Ok(message) => message,
            Err(IpcError::Closed) => return Ok(echoed),
            Err(error) => return Err(error),
        };
        write_frame(output, &message)?;
        echoed += 1;
    }
}

/// A duplex pipe to a worker process: frames go to its stdin and come back from its
/// stdout. Dropping it kills and reaps the worker.
#[derive(Debug)]
pub struct Duplex {
    // Declared first, so it is dropped (closed) before the worker is reaped.
    to_worker: Option<ChildStdin>,
    from_worker: BufReader<ChildStdout>,
    worker: ChildGuard,
}

impl Duplex {
    /// Starts `program` with `args` with both of its standard streams piped.
    ///
    /// # Errors
    /// If the program cannot start.
    pub fn start(program: &Path, args: &[&str]) -> Result<Duplex, IpcError> {
        let child = Command::new(program)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()?;
        let mut worker = ChildGuard::new(child);
        let to_worker = worker.stdin.take();
        let from_worker = worker
            .stdout
            .take()
            .map(BufReader::new)
            .ok_or_else(|| io::Error::other("the worker's stdout was not piped"))?;
        Ok(Duplex {
            to_worker,
            from_worker,
            worker,
        })
    }

    /// Sends one value to the worker.
    ///
    /// # Errors
    /// As [`write_frame`]: `BrokenPipe` if the worker is gone.
    pub fn send<T: Serialize>(&mut self, value: &T) -> Result<(), IpcError> {
        let to_worker = self
            .to_worker
            .as_mut()
            .ok_or_else(|| io::Error::from(io::ErrorKind::BrokenPipe))?;
        write_frame(to_worker, value)
    }

    /// Receives one value from the worker.
    ///
    /// # Errors
    /// As [`read_frame`]: [`IpcError::Closed`] if the worker is gone.
    pub fn recv<T: DeserializeOwned>(&mut self) -> Result<T, IpcError> {
        read_frame(&mut self.from_worker)
    }

    /// Closes the pipe to the worker (it sees the end of its input) and waits for it to
    /// exit; returns its exit status.
    ///
    /// # Errors
    /// If waiting fails.
    pub fn close(mut self) -> Result<std::process::ExitStatus, IpcError> {
        drop(self.to_worker.take());
        Ok(self.worker.wait()?)
    }
}
