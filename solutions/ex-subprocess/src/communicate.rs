//! # sp-communicate: Talk to a program through all three pipes at once
//!
//! Feed a program its standard input while reading its standard output and standard
//! error, all at the same time, so that any amount of data flows without the classic
//! pipe deadlock. After `002_f1ed66b6bd3778ad.txt`, §7.3 (`Popen(["sed", "s/dog/cat/"],
//! ...)` and `communicate(input=b"dog is a pet")`). The statement is the `sp-communicate`
//! section of `ex-subprocess/README.md`.

use std::io::{self, Read, Write};
use std::process::{Command, ExitStatus, Stdio};
use std::thread;

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
/// ```
/// use std::process::Command;
/// use ex_subprocess::communicate::communicate;
///
/// let got = communicate(Command::new("sed").arg("s/dog/cat/"), b"dog is a pet").unwrap();
/// assert_eq!(got.stdout, b"cat is a pet");
/// assert!(got.stderr.is_empty());
/// assert!(got.status.success());
/// ```
pub fn communicate(command: &mut Command, input: &[u8]) -> io::Result<Captured> {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    let (stdin, stdout, stderr) = (child.stdin.take(), child.stdout.take(), child.stderr.take());

    // Writing everything first and reading afterwards deadlocks as soon as the program's
    // output fills its pipe (64 KiB): it stops reading our input until we read its output.
    // So each pipe gets its own thread; the scope lets them borrow `input` without copying.
    let (written, stdout, stderr) = thread::scope(|scope| {
        let writer = scope.spawn(move || write_all_then_close(stdin, input));
        let err_reader = scope.spawn(move || read_all(stderr));
        let stdout = read_all(stdout);
        let written = writer
            .join()
            .unwrap_or_else(|p| std::panic::resume_unwind(p));
        let stderr = err_reader
            .join()
            .unwrap_or_else(|p| std::panic::resume_unwind(p));
        (written, stdout, stderr)
    });
    // Reap the child before reporting any error, so no zombie is left behind.
    let status = child.wait()?;
    written?;
    Ok(Captured {
        status,
        stdout: stdout?,
        stderr: stderr?,
    })
}

/// Writes `input` to the child's stdin and closes it (by dropping it) so the child sees EOF.
fn write_all_then_close(stdin: Option<impl Write>, input: &[u8]) -> io::Result<()> {
    let Some(mut stdin) = stdin else {
        return Ok(());
    };
    match stdin.write_all(input) {
        // The program exited or closed its stdin early: the rest of the input is unwanted.
        Err(error) if error.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// Reads a pipe to its end; a missing pipe is empty.
fn read_all(pipe: Option<impl Read>) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    if let Some(mut pipe) = pipe {
        pipe.read_to_end(&mut bytes)?;
    }
    Ok(bytes)
}
