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
/// ```no_run
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
    todo!(
        "sp-shell: work out the tick from the arguments {args:?} (--tick-ms N wins), else \
         the environment value {env_value:?}, else DEFAULT_TICK"
    )
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
/// ```no_run
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
    let _ = &input;
    let _ = &mut output;
    todo!(
        "sp-shell: loop: write PROMPT to output and flush, read a line from input, stop at \
         !quit or the end, run the line with `sh -c` (stdin null) on a thread, write a `.` \
         every {tick:?} until it is done, then its stdout, stderr and a failure line"
    )
}
