//! `cargo course watch [ID]`: re-runs one exercise's visible tests whenever a file of
//! its crate is saved, shows the first failure, and moves on to the next exercise when
//! they pass.
//!
//! File events come from the `notify` crate (inotify on Linux). Where they do not arrive
//! (WSL's `/mnt`, network mounts) `--poll` looks at the files every second and
//! `--manual` re-runs only when Enter is pressed. Events are debounced (an editor's save
//! is several events), `target/` and hidden files are ignored, and events that come
//! while the tests run are dropped: the run already saw those files or the next save
//! starts another.

use std::path::{Component, Path};
use std::process::ExitCode;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::Duration;

use anyhow::Context;
use course_manifest::Exercise;
use notify::{Event, EventKind, PollWatcher, RecursiveMode, Watcher};

use crate::course::Course;
use crate::list::{LIST, by_crate};
use crate::status::{self, Run, State};

/// How long after the first event of a save the tests start (the rest of the save's
/// events arrive meanwhile).
const DEBOUNCE: Duration = Duration::from_millis(300);

/// How often `--poll` looks at the files.
const POLL_INTERVAL: Duration = Duration::from_secs(1);

/// How changes are noticed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// File events from the operating system.
    Events,
    /// Looking at the files' modification times every second.
    Poll,
    /// Only when Enter is pressed.
    Manual,
}

impl Mode {
    /// The mode the flags ask for; without a flag, polling on a WSL `/mnt` folder
    /// (where inotify is silent) and events elsewhere.
    pub fn from_flags(manual: bool, poll: bool, root: &Path) -> Mode {
        if manual {
            Mode::Manual
        } else if poll || (root.starts_with("/mnt") && is_wsl()) {
            Mode::Poll
        } else {
            Mode::Events
        }
    }
}

/// Whether this Linux runs under WSL.
fn is_wsl() -> bool {
    std::fs::read_to_string("/proc/version")
        .is_ok_and(|version| version.to_lowercase().contains("microsoft"))
}

/// What wakes the watcher.
#[derive(Debug)]
enum Wake {
    /// A file of an exercise crate changed.
    Changed,
    /// Enter was pressed.
    Enter,
    /// `q` was typed, or stdin closed in manual mode.
    Quit,
}

/// Watches exercise `id` (or the suggested next one) until `q`.
///
/// # Errors
/// When there is no such exercise, files cannot be watched, or cargo cannot start.
pub fn run(course: &Course, id: Option<&str>, mode: Mode) -> anyhow::Result<ExitCode> {
    let mut current = match id {
        Some(id) => course.exercise(id)?,
        None => match next_after(course, None)? {
            Some(exercise) => exercise,
            None => {
                println!("Every exercise passes its visible tests: nothing to watch.");
                return Ok(ExitCode::SUCCESS);
            }
        },
    };
    let (wake, woken) = mpsc::channel();
    read_keys(wake.clone(), mode);
    let _watcher = watch_files(course, wake, mode)?;
    let how = match mode {
        Mode::Events => "Save a file to re-run the tests",
        Mode::Poll => "Save a file to re-run the tests (the files are looked at every second)",
        Mode::Manual => "Press Enter to re-run the tests",
    };
    println!(
        "Watching {}. {how}; Enter re-runs, q then Enter quits.",
        current.id
    );

    let mut runs = 0;
    // Enter asks for a real re-run; a save changes the sources, so nothing kept applies.
    let mut fresh = false;
    loop {
        runs += 1;
        if run_once(course, current, runs, fresh)? {
            match next_after(course, Some(current))? {
                Some(next) => {
                    println!();
                    println!("Next: {} — {}", next.id, next.title);
                    println!("  read {}", course.statement(next));
                    current = next;
                    continue;
                }
                None => {
                    println!("Every exercise passes its visible tests: well done.");
                    return Ok(ExitCode::SUCCESS);
                }
            }
        }
        // What arrived while the tests ran is dropped; then wait for the next change.
        while woken.try_recv().is_ok() {}
        match wait_for_change(&woken) {
            Wake::Quit => return Ok(ExitCode::SUCCESS),
            Wake::Changed => fresh = false,
            Wake::Enter => fresh = true,
        }
    }
}

/// Blocks until a change (then lets the rest of its events arrive and drops them), Enter
/// or quit.
fn wait_for_change(woken: &Receiver<Wake>) -> Wake {
    let Ok(first) = woken.recv() else {
        return Wake::Quit;
    };
    if let Wake::Changed = first {
        loop {
            match woken.recv_timeout(DEBOUNCE) {
                Ok(Wake::Quit) => return Wake::Quit,
                Ok(_) => {}
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return Wake::Quit,
            }
        }
    }
    first
}

/// Runs `exercise`'s visible tests (afresh when `fresh`) and prints the outcome; true
/// when they all pass.
fn run_once(
    course: &Course,
    exercise: &Exercise,
    number: usize,
    fresh: bool,
) -> anyhow::Result<bool> {
    println!();
    println!("── {} · run {number} ──", exercise.id);
    let run = Run {
        untouched: true,
        fresh,
    };
    let state = status::evaluate(course, &exercise.crate_name, &[exercise], run)?
        .pop()
        .context("one state per exercise")?;
    println!("{} {}", state.mark(), state.describe());
    match &state {
        State::Failing {
            failure: Some((test, said)),
            ..
        } => {
            println!("first failure: {test}");
            println!("{said}");
            println!("stuck? cargo course hint {}", exercise.id);
        }
        State::DoesNotCompile { errors } => println!("{errors}"),
        State::NeedsPrograms {
            install: Some(install),
            ..
        } => println!("install: sudo {install}"),
        _ => {}
    }
    Ok(state.is_passing())
}

/// The first exercise after `after` in the suggested order (from the start when
/// `None`) that does not pass its visible tests and can run here.
fn next_after<'a>(
    course: &'a Course,
    after: Option<&Exercise>,
) -> anyhow::Result<Option<&'a Exercise>> {
    let order = course.manifest().in_order();
    let start = after
        .and_then(|after| order.iter().position(|exercise| exercise.id == after.id))
        .map_or(0, |position| position + 1);
    for exercise in &order[start..] {
        let state = status::evaluate(course, &exercise.crate_name, &[exercise], LIST)?;
        if !state
            .iter()
            .any(|state| state.is_passing() || matches!(state, State::NeedsPrograms { .. }))
        {
            return Ok(Some(exercise));
        }
    }
    Ok(None)
}

/// Reads lines from stdin: `q` quits, anything else re-runs. In manual mode a closed
/// stdin quits too (nothing else could wake the watcher).
fn read_keys(wake: Sender<Wake>, mode: Mode) {
    std::thread::spawn(move || {
        for line in std::io::stdin().lines() {
            let Ok(line) = line else { break };
            let signal = if line.trim() == "q" {
                Wake::Quit
            } else {
                Wake::Enter
            };
            if wake.send(signal).is_err() {
                return;
            }
        }
        if mode == Mode::Manual {
            let _ = wake.send(Wake::Quit);
        }
    });
}

/// Watches the `src/` and `tests/` folders and `Cargo.toml` of every exercise crate (so
/// never `target/`). The watcher stops when the returned value is dropped.
fn watch_files(
    course: &Course,
    wake: Sender<Wake>,
    mode: Mode,
) -> anyhow::Result<Option<Box<dyn Watcher>>> {
    let root = course.root().to_path_buf();
    let handler = move |event: notify::Result<Event>| {
        if event.is_ok_and(|event| is_a_save(&event, &root)) {
            let _ = wake.send(Wake::Changed);
        }
    };
    let mut watcher: Box<dyn Watcher> = match mode {
        Mode::Manual => return Ok(None),
        Mode::Events => Box::new(notify::recommended_watcher(handler)?),
        Mode::Poll => Box::new(PollWatcher::new(
            handler,
            notify::Config::default().with_poll_interval(POLL_INTERVAL),
        )?),
    };
    for (crate_name, _) in by_crate(course) {
        let dir = course.crate_dir(&crate_name);
        for (path, recursive) in [
            (dir.join("src"), RecursiveMode::Recursive),
            (dir.join("tests"), RecursiveMode::Recursive),
            (dir.join("Cargo.toml"), RecursiveMode::NonRecursive),
        ] {
            if path.exists() {
                watcher.watch(&path, recursive).with_context(|| {
                    format!(
                        "{} cannot be watched (try --poll or --manual)",
                        path.display()
                    )
                })?;
            }
        }
    }
    Ok(Some(watcher))
}

/// Whether an event is a file under `root` being written, made or removed — not a read,
/// and not an editor's hidden or backup file.
fn is_a_save(event: &Event, root: &Path) -> bool {
    let writes = matches!(
        event.kind,
        EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_)
    );
    writes
        && event.paths.iter().any(|path| {
            let inside = path.strip_prefix(root).unwrap_or(path);
            let hidden = inside.components().any(|part| match part {
                Component::Normal(name) => {
                    let name = name.to_string_lossy();
                    name == "target" || name.starts_with('.')
                }
                _ => false,
            });
            let backup = path
                .file_name()
                .is_some_and(|name| name.to_string_lossy().ends_with('~'));
            !hidden && !backup
        })
}
