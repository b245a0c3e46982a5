//! The other programs the table runs: the `mp-worker` program of ex-multiprocess, cargo
//! itself (to build that program, or to run the MPI example), and any command that must
//! end within a time limit.

use std::ffi::OsString;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::thread;
use std::time::{Duration, Instant};

/// What a finished command printed.
#[derive(Debug, Clone)]
pub struct Output {
    /// Everything it wrote to stdout.
    pub stdout: String,
    /// Everything it wrote to stderr.
    pub stderr: String,
}

/// Runs `command` with its output captured, and waits at most `limit` for it to end
/// (polling; it is killed when the limit passes).
///
/// # Errors
/// If it cannot start, runs too long, or exits with a failure (the error then ends with
/// the last lines of its stderr).
pub fn run_within(command: &mut Command, limit: Duration) -> Result<Output, String> {
    let what = format!("{:?}", command.get_program());
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|error| format!("{what} could not start: {error}"))?;
    let collect = |pipe: Option<Box<dyn Read + Send>>| {
        thread::spawn(move || {
            let mut text = String::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_string(&mut text);
            }
            text
        })
    };
    let stdout = collect(
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let stderr = collect(
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let deadline = Instant::now() + limit;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() < deadline => thread::sleep(Duration::from_millis(10)),
            Ok(None) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("{what} did not end within {limit:?} (killed)"));
            }
            Err(error) => return Err(format!("{what} could not be waited for: {error}")),
        }
    };
    let output = Output {
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
    };
    if status.success() {
        Ok(output)
    } else {
        let tail: Vec<&str> = output.stderr.lines().rev().take(5).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        Err(format!("{what} failed ({status}): {}", tail.join(" / ")))
    }
}

/// The cargo that built this program (`$CARGO`, set under `cargo run` and `cargo test`),
/// or `cargo` from the PATH.
pub fn cargo() -> OsString {
    std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into())
}

/// A cargo command run from this workspace, with `--release` when this program was built
/// with optimisations (so what it builds matches this build).
pub fn cargo_command(subcommand: &str) -> Command {
    let mut command = Command::new(cargo());
    command
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg(subcommand)
        .arg("-q");
    if !cfg!(debug_assertions) {
        command.arg("--release");
    }
    command
}

/// The reference solution's `mp-worker` program, built with cargo (once per run) into the
/// folder next to this program (`target/<profile>/`).
///
/// It is built every run, not only when missing: the starter crate `ex-multiprocess`
/// declares a program of the same name, and whichever of the two cargo built last is the
/// file in that folder. A build of a fresh program costs cargo a second and puts the
/// solution's back.
///
/// # Errors
/// If this program's path is unknown, or the build fails or leaves no program there.
pub fn mp_worker() -> Result<PathBuf, String> {
    static BUILT: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    BUILT
        .get_or_init(|| {
            let me = std::env::current_exe()
                .map_err(|error| format!("no path for this program: {error}"))?;
            let program = me
                .parent()
                .map(|dir| dir.join("mp-worker"))
                .ok_or("this program is in no folder")?;
            run_within(
                cargo_command("build").args([
                    "-p",
                    "ex-multiprocess-solution",
                    "--bin",
                    "mp-worker",
                ]),
                Duration::from_secs(600),
            )?;
            if program.is_file() {
                Ok(program)
            } else {
                Err(format!(
                    "{} is missing after building it (is CARGO_TARGET_DIR another folder?)",
                    program.display()
                ))
            }
        })
        .clone()
}

/// Whether `name` is a file in one of the PATH's folders.
pub fn on_path(name: &str) -> bool {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path).any(|dir| Path::new(&dir).join(name).is_file())
}

/// MPICH's launcher as the test kit names it, when it is on the PATH.
pub fn mpiexec() -> Option<&'static str> {
    let name = testkit::mpiexec();
    on_path(name).then_some(name)
}
