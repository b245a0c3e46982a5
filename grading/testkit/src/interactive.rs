//! Driving a program through its stdin, with every wait bounded.

use std::io::{Read, Write};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use crate::wait_until;

/// A running program that a test talks to through its stdin while its stdout and stderr
/// are collected as they come (on threads of their own, so a chatty program never blocks
/// on a full pipe). Every wait has a limit; dropping it kills the program, so a failing
/// test never leaves one behind.
///
/// ```
/// use std::process::Command;
/// use std::time::Duration;
///
/// let mut cat = testkit::Interactive::start(Command::new("cat"), "cat", Duration::from_secs(5));
/// cat.send("hello\n");
/// cat.wait_for_stdout("hello", "cat to echo a line");
/// let finished = cat.finish();
/// assert!(finished.status.success());
/// assert_eq!(finished.stdout, "hello\n");
/// ```
#[derive(Debug)]
pub struct Interactive {
    name: String,
    limit: Duration,
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: Arc<Collected>,
    stderr: Arc<Collected>,
}

/// How a program driven by [`Interactive`] ended.
#[derive(Debug, Clone)]
pub struct Finished {
    /// Its exit status.
    pub status: ExitStatus,
    /// Everything it wrote to stdout (lossily decoded).
    pub stdout: String,
    /// Everything it wrote to stderr (lossily decoded).
    pub stderr: String,
}

/// Bytes read so far from one pipe, and whether the pipe has ended.
#[derive(Debug, Default)]
pub(crate) struct Collected {
    bytes: Mutex<Vec<u8>>,
    ended: AtomicBool,
}

impl Collected {
    pub(crate) fn text(&self) -> String {
        let bytes = self
            .bytes
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        String::from_utf8_lossy(&bytes).into_owned()
    }

    pub(crate) fn ended(&self) -> bool {
        self.ended.load(Ordering::SeqCst)
    }
}

/// Copies everything `source` produces into a [`Collected`], on a thread of its own.
pub(crate) fn collect(mut source: impl Read + Send + 'static) -> Arc<Collected> {
    let sink = Arc::new(Collected::default());
    let filled = Arc::clone(&sink);
    thread::spawn(move || {
        let mut buffer = [0; 4096];
        while let Ok(count @ 1..) = source.read(&mut buffer) {
            filled
                .bytes
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .extend_from_slice(&buffer[..count]);
        }
        filled.ended.store(true, Ordering::SeqCst);
    });
    sink
}

impl Interactive {
    /// Starts `command` with all three pipes. `name` is used in failure messages, and
    /// every later wait is bounded by `limit`.
    ///
    /// # Panics
    /// If the program cannot be started.
    pub fn start(mut command: Command, name: &str, limit: Duration) -> Interactive {
        command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = command
            .spawn()
            .unwrap_or_else(|error| panic!("could not start {name}: {error}"));
        let stdin = child.stdin.take();
        let stdout = collect(child.stdout.take().expect("stdout is piped"));
        let stderr = collect(child.stderr.take().expect("stderr is piped"));
        Interactive {
            name: name.to_string(),
            limit,
            child,
            stdin,
            stdout,
            stderr,
        }
    }

    /// Writes `text` to the program's stdin. A program that already exited has closed
    /// its stdin; that is not an error here (the checks after say what went wrong).
    pub fn send(&mut self, text: &str) {
        if let Some(stdin) = self.stdin.as_mut() {
            let _ = stdin
                .write_all(text.as_bytes())
                .and_then(|()| stdin.flush());
        }
    }

    /// Everything the program wrote to stdout so far.
    pub fn stdout(&self) -> String {
        self.stdout.text()
    }

    /// What the program printed so far, for failure messages.
    pub fn printed(&self) -> String {
        format!(
            "stdout so far: {:?}\nstderr so far:\n{}",
            self.stdout.text(),
            self.stderr.text()
        )
    }

    /// Waits until stdout contains `needle`, at most the limit; `what` says what the test
    /// waited for.
    ///
    /// # Panics
    /// When the limit passes, or at once when the program exits without printing it.
    pub fn wait_for_stdout(&mut self, needle: &str, what: &str) {
        let deadline = Instant::now() + self.limit;
        while !self.stdout().contains(needle) {
            if let Ok(Some(status)) = self.child.try_wait() {
                let output = Arc::clone(&self.stdout);
                wait_until(self.limit, "the program's stdout to close", || {
                    output.ended()
                });
                assert!(
                    self.stdout().contains(needle),
                    "{} exited ({status}) while the test waited for {what}.\n{}",
                    self.name,
                    self.printed()
                );
                return;
            }
            assert!(
                Instant::now() < deadline,
                "waited {:?} for {what}.\n{}",
                self.limit,
                self.printed()
            );
            thread::sleep(Duration::from_millis(5));
        }
    }

    /// Closes stdin (end of input) and waits, at most the limit, for the program to exit
    /// and close its output.
    ///
    /// # Panics
    /// When the program is still running after the limit.
    pub fn finish(mut self) -> Finished {
        drop(self.stdin.take());
        let deadline = Instant::now() + self.limit;
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("waiting for the program") {
                break status;
            }
            assert!(
                Instant::now() < deadline,
                "{} did not exit within {:?} after its input ended.\n{}",
                self.name,
                self.limit,
                self.printed()
            );
            thread::sleep(Duration::from_millis(5));
        };
        let (stdout, stderr) = (Arc::clone(&self.stdout), Arc::clone(&self.stderr));
        wait_until(
            self.limit,
            "the program's stdout and stderr to close",
            || stdout.ended() && stderr.ended(),
        );
        Finished {
            status,
            stdout: self.stdout.text(),
            stderr: self.stderr.text(),
        }
    }
}

impl Drop for Interactive {
    fn drop(&mut self) {
        // Never leave a stuck program behind when a test fails.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
