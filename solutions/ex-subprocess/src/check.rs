//! # sp-check: A failed program is an error value
//!
//! Run a program and return its standard output only when it succeeded; a non-zero exit,
//! a death by signal, or a program that cannot start becomes a [`CheckError`] that says
//! what happened and carries the program's stderr. After `002_f1ed66b6bd3778ad.txt`, §7.3
//! (`subprocess.check_output` and `check_call`). The statement is the `sp-check` section
//! of `ex-subprocess/README.md`.

use std::io;
use std::os::unix::process::ExitStatusExt;
use std::process::Command;

/// Why [`check_output`] or [`check_shell`] did not return the program's output.
#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    /// There is no program by that name (not on `PATH`, or no file at the path given).
    #[error("program {program:?} not found")]
    NotFound {
        /// The program as the caller named it.
        program: String,
    },
    /// The program exists but could not be started (not executable, a directory, ...).
    #[error("could not start {program:?}")]
    Spawn {
        /// The program as the caller named it.
        program: String,
        /// What the operating system said.
        #[source]
        source: io::Error,
    },
    /// The program ran and exited with a code other than 0.
    #[error("{program:?} exited with code {code}: {stderr}")]
    Failed {
        /// The program as the caller named it.
        program: String,
        /// Its exit code (never 0).
        code: i32,
        /// Everything it wrote to standard error (lossy UTF-8).
        stderr: String,
    },
    /// A signal ended the program before it could exit.
    #[error("{program:?} was killed by signal {signal}")]
    Signal {
        /// The program as the caller named it.
        program: String,
        /// The signal's number (9 for `SIGKILL`, 15 for `SIGTERM`).
        signal: i32,
        /// Everything it wrote to standard error before it died (lossy UTF-8).
        stderr: String,
    },
}

/// Runs `program` with `args` (no shell) and returns its standard output if it exits with 0.
///
/// Like Python's `subprocess.check_output`, except that the text is decoded (lossily)
/// and the failure is a value you match on rather than an exception. Standard input is
/// empty; standard error is captured and returned only inside an error.
///
/// # Errors
/// [`CheckError::NotFound`] or [`CheckError::Spawn`] when the program cannot start,
/// [`CheckError::Failed`] for a non-zero exit code, [`CheckError::Signal`] when a signal
/// killed it.
///
/// ```
/// use ex_subprocess::check::{CheckError, check_output};
///
/// assert_eq!(check_output("echo", &["dog is a pet"]).unwrap(), "dog is a pet\n");
/// match check_output("ls", &["/no/such/dir"]) {
///     Err(CheckError::Failed { code, stderr, .. }) => {
///         assert_ne!(code, 0);
///         assert!(!stderr.is_empty());
///     }
///     other => panic!("expected a failure, got {other:?}"),
/// }
/// ```
pub fn check_output(program: &str, args: &[&str]) -> Result<String, CheckError> {
    let output = Command::new(program)
        .args(args)
        .output()
        .map_err(|source| match source.kind() {
            io::ErrorKind::NotFound => CheckError::NotFound {
                program: program.to_owned(),
            },
            _ => CheckError::Spawn {
                program: program.to_owned(),
                source,
            },
        })?;
    if output.status.success() {
        return Ok(String::from_utf8_lossy(&output.stdout).into_owned());
    }
    let program = program.to_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    // On Unix a process either exits with a code or is killed by a signal; `code()` is
    // `None` exactly in the second case, and `ExitStatusExt::signal` tells which signal.
    match output.status.code() {
        Some(code) => Err(CheckError::Failed {
            program,
            code,
            stderr,
        }),
        None => Err(CheckError::Signal {
            program,
            signal: output.status.signal().unwrap_or_default(),
            stderr,
        }),
    }
}

/// Runs `command_line` with `sh -c` and returns its standard output if it exits with 0.
///
/// The lab sheet's `check_output("echo 'dog is a pet' | sed s/dog/cat/", shell=True)`. Errors
/// name the program `"sh"`.
///
/// # Errors
/// As [`check_output`]; a command the shell cannot find is [`CheckError::Failed`] with
/// code 127.
///
/// ```
/// use ex_subprocess::check::check_shell;
///
/// let out = check_shell("echo 'dog is a pet' | sed s/dog/cat/").unwrap();
/// assert_eq!(out.trim_end(), "cat is a pet");
/// assert!(check_shell("exit 2").is_err());
/// ```
pub fn check_shell(command_line: &str) -> Result<String, CheckError> {
    check_output("sh", &["-c", command_line])
}
