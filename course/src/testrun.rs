//! Building one crate's visible tests and running them, one test binary at a time,
//! with each test's result read from libtest's `--logfile` (stable, unlike its JSON).

use std::collections::BTreeMap;
use std::io::{BufRead, Read};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::Context;
use serde::{Deserialize, Serialize};

/// How long one test binary may run before it is stopped: visible tests take seconds,
/// so this much means a deadlock or an endless loop.
pub const BINARY_LIMIT: Duration = Duration::from_secs(60);

/// The most lines of a failure or a compile error shown.
const SHOWN_LINES: usize = 40;

/// What happened to one test.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TestStatus {
    /// It passed.
    Passed,
    /// It failed (a panic or an assertion).
    Failed,
    /// It is marked `#[ignore]`.
    Ignored,
    /// It had not finished when its binary was stopped.
    Unfinished,
}

/// What one test target (one file of `tests/`) gave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum TargetOutcome {
    /// It did not compile; the first errors, as the compiler wrote them.
    DoesNotCompile {
        /// The compiler's messages (the first few).
        errors: String,
    },
    /// It ran.
    Ran {
        /// Every test, by name, in the order the binary lists them.
        tests: Vec<(String, TestStatus)>,
        /// What the first failing test printed (its panic message), if one failed.
        first_failure: Option<(String, String)>,
        /// Whether it was stopped after [`BINARY_LIMIT`].
        timed_out: bool,
    },
}

impl TargetOutcome {
    /// How many tests passed, of how many that are not ignored.
    pub fn passed_of(&self) -> (usize, usize) {
        match self {
            TargetOutcome::DoesNotCompile { .. } => (0, 0),
            TargetOutcome::Ran { tests, .. } => {
                let counted = tests
                    .iter()
                    .filter(|(_, status)| *status != TestStatus::Ignored);
                let total = counted.clone().count();
                let passed = counted
                    .filter(|(_, status)| *status == TestStatus::Passed)
                    .count();
                (passed, total)
            }
        }
    }
}

/// The cargo the tool was started by (`cargo course` sets `CARGO`), else `cargo`.
fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

/// What `cargo build --tests` gave for some targets of one crate.
#[derive(Debug, Default)]
pub struct Built {
    /// Test binaries by target name.
    pub binaries: BTreeMap<String, PathBuf>,
    /// Compile errors by target name; the library's errors are under `lib`.
    pub errors: BTreeMap<String, String>,
    /// What cargo itself said when it failed before compiling anything.
    pub cargo_error: Option<String>,
}

impl Built {
    /// The outcome of a target that did not build: its own errors, else its library's,
    /// else what cargo said.
    pub fn failure_of(&self, target: &str) -> TargetOutcome {
        let errors = self
            .errors
            .get(target)
            .or_else(|| self.errors.get("lib"))
            .cloned()
            .or_else(|| self.cargo_error.clone())
            .unwrap_or_else(|| "it did not build (cargo said nothing more)".into());
        TargetOutcome::DoesNotCompile { errors }
    }
}

/// Builds the test targets `targets` of `crate_name` (its library too) in `root`,
/// keeping going past a target that does not compile.
///
/// # Errors
/// When cargo cannot be started.
pub fn build(root: &Path, crate_name: &str, targets: &[String]) -> anyhow::Result<Built> {
    let mut command = cargo();
    command.current_dir(root).args([
        "build",
        "--keep-going",
        "--message-format=json",
        "-p",
        crate_name,
    ]);
    for target in targets {
        command.args(["--test", target]);
    }
    let output = command
        .stdin(Stdio::null())
        .output()
        .context("cargo cannot be started")?;
    let mut built = Built::default();
    for line in output.stdout.lines() {
        let Ok(message) = serde_json::from_str::<CargoMessage>(&line?) else {
            continue;
        };
        // `path+file:///…/ex-threads#0.1.0`, or `…#ex-threads@0.1.0` when the folder
        // has another name.
        let is_ours = message.package_id.as_deref().is_some_and(|id| {
            id.contains(&format!("/{crate_name}#")) || id.contains(&format!("#{crate_name}@"))
        });
        let Some(target) = message.target.filter(|_| is_ours) else {
            continue;
        };
        let name = if target.kind.iter().any(|kind| kind == "test") {
            target.name
        } else {
            "lib".to_string()
        };
        match message.reason.as_str() {
            "compiler-artifact" => {
                if let Some(executable) = message.executable {
                    built.binaries.insert(name, executable);
                }
            }
            "compiler-message" => {
                if let Some(diagnostic) = message.message
                    && diagnostic.level == "error"
                {
                    let errors = built.errors.entry(name).or_default();
                    if errors.lines().count() < SHOWN_LINES {
                        errors.push_str(&diagnostic.rendered);
                    }
                }
            }
            _ => {}
        }
    }
    if !output.status.success() && built.errors.is_empty() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        built.cargo_error = Some(first_lines(&stderr, SHOWN_LINES));
    }
    for errors in built.errors.values_mut() {
        *errors = first_lines(errors, SHOWN_LINES);
    }
    Ok(built)
}

/// The parts of cargo's JSON messages the tool reads.
#[derive(Debug, Deserialize)]
struct CargoMessage {
    reason: String,
    package_id: Option<String>,
    target: Option<CargoTarget>,
    executable: Option<PathBuf>,
    message: Option<Diagnostic>,
}

#[derive(Debug, Deserialize)]
struct CargoTarget {
    name: String,
    kind: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct Diagnostic {
    level: String,
    rendered: String,
}

/// Runs one test binary in `crate_dir` (where `cargo test` runs it) and reads each test's
/// result from its log. `scratch` is a folder for the log.
///
/// # Errors
/// When the binary cannot be started or listed.
pub fn run_binary(
    binary: &Path,
    crate_dir: &Path,
    scratch: &Path,
) -> anyhow::Result<TargetOutcome> {
    let names = list_tests(binary, crate_dir)?;
    std::fs::create_dir_all(scratch)?;
    let log = scratch.join(format!(
        "{}.log",
        binary.file_name().unwrap_or_default().to_string_lossy()
    ));
    let _ = std::fs::remove_file(&log);
    let mut child = Command::new(binary)
        .arg("--logfile")
        .arg(&log)
        .args(["--color", "never"])
        .current_dir(crate_dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .process_group(0)
        .spawn()
        .with_context(|| format!("{} cannot be started", binary.display()))?;
    // Read the output while the binary runs, or a full pipe would stop it.
    let mut stdout = child.stdout.take().expect("stdout is piped");
    let reader = std::thread::spawn(move || {
        let mut text = Vec::new();
        let _ = stdout.read_to_end(&mut text);
        String::from_utf8_lossy(&text).into_owned()
    });
    let timed_out = !wait_within(&mut child, BINARY_LIMIT);
    let stdout = reader.join().unwrap_or_default();
    let logged = std::fs::read_to_string(&log).unwrap_or_default();
    Ok(outcome_from(&names, &logged, &stdout, timed_out))
}

/// The test names a binary has, in its order.
fn list_tests(binary: &Path, crate_dir: &Path) -> anyhow::Result<Vec<String>> {
    let output = Command::new(binary)
        .args(["--list", "--format", "terse"])
        .current_dir(crate_dir)
        .stdin(Stdio::null())
        .output()
        .with_context(|| format!("{} cannot be listed", binary.display()))?;
    Ok(String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| line.strip_suffix(": test"))
        .map(String::from)
        .collect())
}

/// Waits for `child` at most `limit`; past it, kills its whole process group (a test's
/// children too) and returns false.
fn wait_within(child: &mut Child, limit: Duration) -> bool {
    let deadline = Instant::now() + limit;
    loop {
        match child.try_wait() {
            Ok(Some(_)) | Err(_) => return true,
            Ok(None) if Instant::now() >= deadline => break,
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
        }
    }
    if let Ok(pid) = i32::try_from(child.id()) {
        let _ = nix::sys::signal::killpg(
            nix::unistd::Pid::from_raw(pid),
            nix::sys::signal::Signal::SIGKILL,
        );
    }
    let _ = child.wait();
    false
}

/// Each test's status from the log (lines `ok NAME`, `failed NAME`, `failed: MESSAGE
/// NAME`, `ignored NAME`), and the first failure's output from what the binary printed.
fn outcome_from(names: &[String], logged: &str, stdout: &str, timed_out: bool) -> TargetOutcome {
    let mut status: BTreeMap<&str, TestStatus> = BTreeMap::new();
    for line in logged.lines() {
        // The longest name the line ends with: a name may end another name.
        let Some(name) = names
            .iter()
            .filter(|name| line.ends_with(&format!(" {name}")))
            .max_by_key(|name| name.len())
        else {
            continue;
        };
        let result = if line.starts_with("ok ") {
            TestStatus::Passed
        } else if line.starts_with("ignored") {
            TestStatus::Ignored
        } else {
            TestStatus::Failed
        };
        status.insert(name, result);
    }
    let tests: Vec<(String, TestStatus)> = names
        .iter()
        .map(|name| {
            let result = status.get(name.as_str()).copied();
            (name.clone(), result.unwrap_or(TestStatus::Unfinished))
        })
        .collect();
    let first_failure = tests
        .iter()
        .find(|(_, status)| matches!(status, TestStatus::Failed | TestStatus::Unfinished))
        .map(|(name, status)| {
            let said = if *status == TestStatus::Unfinished {
                format!(
                    "it had not finished after {} s and was stopped: a deadlock, an endless loop, or a wait with no timeout?",
                    BINARY_LIMIT.as_secs()
                )
            } else {
                failure_section(stdout, name)
            };
            (name.clone(), said)
        });
    TargetOutcome::Ran {
        tests,
        first_failure,
        timed_out,
    }
}

/// What libtest printed for the failed test `name` (its `---- NAME stdout ----` part).
fn failure_section(stdout: &str, name: &str) -> String {
    let header = format!("---- {name} stdout ----\n");
    let Some(start) = stdout.find(&header) else {
        return "(it printed nothing)".into();
    };
    let rest = &stdout[start + header.len()..];
    // A backtrace (RUST_BACKTRACE=1) is for `cargo test`; the message is what matters.
    let end = ["\n---- ", "\nfailures:\n", "\nstack backtrace:\n"]
        .iter()
        .filter_map(|marker| rest.find(marker))
        .min()
        .unwrap_or(rest.len());
    first_lines(rest[..end].trim_end(), SHOWN_LINES)
}

/// At most `count` lines of `text`, saying how many were left out.
fn first_lines(text: &str, count: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    if lines.len() <= count {
        return text.trim_end().to_string();
    }
    format!(
        "{}\n… ({} more lines)",
        lines[..count].join("\n"),
        lines.len() - count
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_lines_give_each_test_its_status_and_the_failure_its_message() {
        let names = ["a::two".to_string(), "two".to_string(), "slow".to_string()];
        let logged = "ok two\nfailed: expected panic a::two\n";
        let stdout = "failures:\n\n---- a::two stdout ----\nassertion failed: it broke\n\n\
                      failures:\n    a::two\n";
        let outcome = outcome_from(&names, logged, stdout, true);
        let TargetOutcome::Ran {
            tests,
            first_failure,
            timed_out,
        } = &outcome
        else {
            panic!("it ran");
        };
        assert_eq!(
            tests,
            &[
                ("a::two".to_string(), TestStatus::Failed),
                ("two".to_string(), TestStatus::Passed),
                ("slow".to_string(), TestStatus::Unfinished),
            ]
        );
        assert_eq!(
            first_failure.as_ref().unwrap(),
            &(
                "a::two".to_string(),
                "assertion failed: it broke".to_string()
            )
        );
        assert!(timed_out);
        assert_eq!(outcome.passed_of(), (1, 3));
    }

    #[test]
    fn long_text_is_cut_and_says_how_much_is_left_out() {
        let text = (1..=50)
            .map(|n| n.to_string())
            .collect::<Vec<_>>()
            .join("\n");
        let cut = first_lines(&text, 3);
        assert_eq!(cut, "1\n2\n3\n… (47 more lines)");
    }
}
