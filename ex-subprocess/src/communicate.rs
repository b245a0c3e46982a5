//! # sp-communicate: Talk to a program through all three pipes at once
//!
//! Feed a program its standard input while reading its standard output and standard
//! error, all at the same time, so that any amount of data flows without the classic
//! pipe deadlock. After `002_f1ed66b6bd3778ad.txt`, §7.3 (`Popen(["sed", "s/dog/cat/"],
//! ...)` and `communicate(input=b"dog is a pet")`). The statement is the `sp-communicate`
//! section of `ex-subprocess/README.md`.

use std::io;
use std::process::{Command, ExitStatus};

/// Everything a program gave back: how it ended and its two outputs, as raw bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Captured {
    /// How the program ended (exit code or signal).
    pub status: ExitStatus,
    /// Everything it wrote to standard output.
    pub stdout: Vec<u8>,
    /// Everything it wrote to standard error.
    pub stderr: Vec<u8>,
}

/// Runs `command` with `input` as its standard input and captures stdout and stderr.
///
/// Any size works in both directions: the input is written on one thread while stdout
/// and stderr are read on others, and stdin is closed after the last byte so the program
/// sees the end of its input. A program that exits without reading all of its input is
/// not an error (its broken pipe is ignored, as Python's `communicate` does). The child
/// is always waited for. Bytes are kept as they are: nothing is decoded.
///
/// # Errors
/// When the program cannot be started, or a pipe or the wait fails for another reason
/// than the program having stopped reading.
///
/// ```no_run
/// use std::process::Command;
/// use ex_subprocess::communicate::communicate;
///
/// let got = communicate(Command::new("sed").arg("s/dog/cat/"), b"dog is a pet").unwrap();
/// assert_eq!(got.stdout, b"cat is a pet");
/// assert!(got.stderr.is_empty());
/// assert!(got.status.success());
/// ```
pub fn communicate(command: &mut Command, input: &[u8]) -> io::Result<Captured> {
    todo!(
        "sp-communicate: run {command:?} with all three pipes, write the {} input bytes on one thread while reading stdout and stderr, close stdin, then wait",
        input.len()
    )
}
