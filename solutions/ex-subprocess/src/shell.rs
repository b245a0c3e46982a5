//! # sp-shell: A small shell
//!
//! A read-run-print loop: read a command line, run it through `sh -c`, print what it
//! wrote and, when it failed, how it ended; then read the next line, until `!quit` or
//! the end of the input. While a command runs, a `.` appears every tick, so a slow
//! command shows that it is still alive. The binary `sp-shell` (`src/bin/sp-shell.rs`)
//! is a thin `main` around [`tick_setting`] and [`run_repl`].
//!
//! After `000_423ad200312eb3ed.txt`, E3.6 "Oppgave: subprocess" (a script that reads a
//! command, runs it in a subprocess, prints the result and loops; the bonus prints a dot
//! every second until the command is done). The statement is the `sp-shell` section of
//! `ex-subprocess/README.md`.

use std::io::{self, BufRead, Write};
use std::os::unix::process::ExitStatusExt;
use std::process::{Command, Output, Stdio};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread;
use std::time::Duration;

/// What the REPL writes (and flushes) before it reads each line.
///
/// It goes to the same `output` as the results, so everything between two prompts
/// belongs to one command. It contains no `.`, so it never looks like a tick.
pub const PROMPT: &str = "sp> ";

/// The line that ends the REPL (surrounding whitespace is ignored).
pub const QUIT: &str = "!quit";

/// The tick when neither the flag nor the environment sets one.
pub const DEFAULT_TICK: Duration = Duration::from_secs(1);

/// The environment variable that sets the tick, in milliseconds.
pub const TICK_VARIABLE: &str = "SP_SHELL_TICK_MS";

/// The command-line flag that sets the tick, in milliseconds: `--tick-ms 250`.
pub const TICK_FLAG: &str = "--tick-ms";

/// Why [`tick_setting`] refused its input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TickError {
    /// `--tick-ms` was the last argument, with no number after it.
    #[error("--tick-ms needs a value: a whole number of milliseconds")]
    MissingValue,
    /// The flag's value or the environment variable is not a whole number.
    #[error("the tick must be a whole number of milliseconds, not {0:?}")]
    NotANumber(String),
    /// An argument other than `--tick-ms N`.
    #[error("unknown argument {0:?} (the only option is --tick-ms N)")]
    UnknownArgument(String),
}

/// Works out the tick from the command-line arguments (without the program name) and
/// the value of [`TICK_VARIABLE`], if it is set.
///
/// `--tick-ms N` wins; otherwise the environment value; otherwise [`DEFAULT_TICK`].
/// `N` is a whole number of milliseconds, surrounding whitespace allowed; `0` turns the
/// dots off. When the flag is given, the environment value is not looked at.
///
/// ```
/// use std::time::Duration;
/// use ex_subprocess::shell::{DEFAULT_TICK, TickError, tick_setting};
///
/// let args = |list: &[&str]| list.iter().map(|a| a.to_string()).collect::<Vec<_>>();
/// assert_eq!(tick_setting(&args(&[]), None), Ok(DEFAULT_TICK));
/// assert_eq!(tick_setting(&args(&[]), Some("250")), Ok(Duration::from_millis(250)));
/// assert_eq!(tick_setting(&args(&["--tick-ms", "20"]), Some("250")), Ok(Duration::from_millis(20)));
/// assert_eq!(tick_setting(&args(&["--tick-ms"]), None), Err(TickError::MissingValue));
/// ```
///
/// # Errors
/// A [`TickError`] for a missing or malformed number or an unknown argument.
pub fn tick_setting(args: &[String], env_value: Option<&str>) -> Result<Duration, TickError> {
    let mut from_flag = None;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        if arg != TICK_FLAG {
            return Err(TickError::UnknownArgument(arg.clone()));
        }
        let value = args.next().ok_or(TickError::MissingValue)?;
        from_flag = Some(value.as_str());
    }
    match from_flag.or(env_value) {
        Some(text) => text
            .trim()
            .parse()
            .map(Duration::from_millis)
            .map_err(|_| TickError::NotANumber(text.to_string())),
        None => Ok(DEFAULT_TICK),
    }
}

/// Runs the loop: write [`PROMPT`], read a line from `input`, run it, write the result
/// to `output`, again, until a line is [`QUIT`] or `input` ends.
///
/// For each command line, in this order:
/// - while the command runs, one `.` every `tick` (flushed at once), and a newline
///   after the dots if there were any; a command that ends within the first tick gets
///   no dot, and the result appears as soon as the command ends (the REPL does not
///   sleep out a tick first); a zero `tick` turns the dots off;
/// - everything the command wrote to stdout, then everything it wrote to stderr
///   (bytes as they are, not necessarily UTF-8);
/// - if it failed, one line `exit status: N` (or `killed by signal N`), or
///   `could not run: ...` if `sh` could not be started. A failure ends the command,
///   never the REPL.
///
/// Blank lines are skipped. Each command runs as `sh -c <line>` with an empty stdin:
/// it must not read the REPL's own input.
///
/// ```
/// use std::time::Duration;
/// use ex_subprocess::shell::run_repl;
///
/// let input = "echo hello\nexit 3\necho still here\n!quit\necho never\n";
/// let mut output = Vec::new();
/// run_repl(input.as_bytes(), &mut output, Duration::from_secs(1)).unwrap();
/// let output = String::from_utf8(output).unwrap();
/// assert_eq!(
///     output,
///     "sp> hello\nsp> exit status: 3\nsp> still here\nsp> "
/// );
/// ```
///
/// # Errors
/// Only when reading `input` or writing `output` fails (a failing command is not an
/// error).
pub fn run_repl(input: impl BufRead, mut output: impl Write, tick: Duration) -> io::Result<()> {
    let mut lines = input.lines();
    loop {
        output.write_all(PROMPT.as_bytes())?;
        output.flush()?;
        let Some(line) = lines.next() else {
            return Ok(()); // end of input
        };
        let line = line?;
        let command = line.trim();
        if command == QUIT {
            return Ok(());
        }
        if !command.is_empty() {
            run_command(command, &mut output, tick)?;
        }
    }
}

/// Runs one command line, writing dots while it runs and then its result.
fn run_command(command: &str, output: &mut impl Write, tick: Duration) -> io::Result<()> {
    let (done, finished) = mpsc::channel();
    // A scoped thread may borrow `command`; the scope waits for it even if writing a
    // dot fails and we leave early.
    let result = thread::scope(|scope| {
        scope.spawn(move || {
            // `output()` reads stdout and stderr while the command runs, so a command
            // that writes a lot cannot block on a full pipe.
            let result = Command::new("sh")
                .arg("-c")
                .arg(command)
                .stdin(Stdio::null())
                .output();
            // The receiver only goes away if writing a dot failed; nothing to tell then.
            let _ = done.send(result);
        });
        wait_with_dots(&finished, output, tick)
    })?;
    match result {
        Ok(finished) => write_result(&finished, output),
        Err(error) => writeln!(output, "could not run: {error}"),
    }?;
    output.flush()
}

/// Waits for the command's thread to report, writing a dot whenever a tick passes first.
fn wait_with_dots(
    finished: &mpsc::Receiver<io::Result<Output>>,
    output: &mut impl Write,
    tick: Duration,
) -> io::Result<io::Result<Output>> {
    let gone = || io::Error::other("the thread running the command ended without a result");
    if tick.is_zero() {
        return finished.recv().map_err(|_| gone());
    }
    let mut dots = false;
    loop {
        // Waiting for the result *with a timeout* is the whole trick: the wait ends
        // either when the command is done or when it is time for the next dot.
        match finished.recv_timeout(tick) {
            Ok(result) => {
                if dots {
                    output.write_all(b"\n")?;
                }
                return Ok(result);
            }
            Err(RecvTimeoutError::Timeout) => {
                output.write_all(b".")?;
                output.flush()?;
                dots = true;
            }
            Err(RecvTimeoutError::Disconnected) => return Err(gone()),
        }
    }
}

/// Writes what a finished command printed and, if it failed, how it ended.
fn write_result(finished: &Output, output: &mut impl Write) -> io::Result<()> {
    output.write_all(&finished.stdout)?;
    output.write_all(&finished.stderr)?;
    let status = finished.status;
    if let Some(code) = status.code().filter(|&code| code != 0) {
        writeln!(output, "exit status: {code}")?;
    } else if let Some(signal) = status.signal() {
        writeln!(output, "killed by signal {signal}")?;
    }
    Ok(())
}
