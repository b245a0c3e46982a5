//! Handout: the repository students clone.
//!
//! The kit holds what students must never see (solutions, hidden tests, the grader), so
//! it cannot be handed out as it is. [`write_handout`] builds the student repository
//! from it: every exercise crate as the starter (its `src/` with the `todo!` stubs, its
//! visible tests, its statements and demos), the test kit those tests use, a workspace
//! `Cargo.toml` and lock file pinning the versions the kit was tested with, and a README
//! listing every exercise. A submission is this repository with `src/` filled in, which
//! is exactly the shape the grader takes.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use toml::{Table, Value};

use crate::files::{FileError, copy_tree, io};
use crate::kit::Kit;
use crate::manifest::STARTERS_DIR;

/// Where the test kit goes in the handout (and what its path dependency says).
pub const TESTKIT_DIR: &str = "testkit";

/// Folders never copied into the handout, wherever they are (symbolic links never are).
const SKIPPED_DIRS: [&str; 2] = ["target", ".git"];

/// The students' tool (`cargo course`) and the manifest reader it shares with the
/// grader: copied into the handout at the same paths.
pub const TOOL_CRATES: [&str; 2] = ["course", "manifest"];

/// The lab sheets the statements cite, with their index: copied into the handout.
pub const LAB_SHEETS_DIR: &str = "seeds";

/// The handout's cargo configuration: `cargo course` runs the students' tool from any
/// folder of the workspace.
const CARGO_CONFIG: &str = "\
# `cargo course` (or `cargo course hint th-spawn`, `cargo course watch`, …) runs the
# course tool from any folder of this workspace.
[alias]
course = \"run --quiet --package course --\"
";

/// What [`write_handout`] wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Handout {
    /// The handout's root folder.
    pub root: PathBuf,
    /// The exercise crates in it, in manifest order.
    pub crates: Vec<String>,
    /// How many files were written.
    pub files: usize,
}

/// Why a handout could not be written.
#[derive(Debug, thiserror::Error)]
pub enum HandoutError {
    /// The target folder exists and is not empty (a handout never overwrites anything).
    #[error("{0} exists and is not empty; choose a new folder")]
    NotEmpty(String),
    /// A file could not be read or written.
    #[error(transparent)]
    Io(#[from] FileError),
    /// The kit's `Cargo.toml` is not what a kit's workspace manifest should be.
    #[error("the kit's Cargo.toml cannot be turned into the handout's: {0}")]
    Manifest(String),
}

/// Writes the student repository of `kit` into `out`, which must not exist or be empty.
///
/// # Errors
/// [`HandoutError`] when `out` holds files already, or a file cannot be read or written.
pub fn write_handout(kit: &Kit, out: &Path) -> Result<Handout, HandoutError> {
    let occupied = std::fs::read_dir(out).is_ok_and(|mut entries| entries.next().is_some());
    if occupied {
        return Err(HandoutError::NotEmpty(out.display().to_string()));
    }
    std::fs::create_dir_all(out).map_err(io("create", out))?;
    let manifest = kit.manifest();
    let crates: Vec<String> = manifest.crates().into_iter().map(String::from).collect();
    let mut files = 0;
    for crate_name in &crates {
        let starter = kit.starter_dir(crate_name);
        files += copy_tree(&starter, &out.join(crate_name), &SKIPPED_DIRS)?;
    }
    let testkit = kit.root().join("grading").join(TESTKIT_DIR);
    let testkit_out = out.join(TESTKIT_DIR);
    files += copy_tree(
        &testkit.join("src"),
        &testkit_out.join("src"),
        &SKIPPED_DIRS,
    )?;
    for file in ["Cargo.toml", "README.md"] {
        files += copy_file(&testkit.join(file), &testkit_out.join(file))?;
    }
    for tool in TOOL_CRATES {
        let from = kit.root().join(tool);
        files += copy_tree(
            &from.join("src"),
            &out.join(tool).join("src"),
            &SKIPPED_DIRS,
        )?;
        files += copy_file(&from.join("Cargo.toml"), &out.join(tool).join("Cargo.toml"))?;
    }
    for crate_name in &crates {
        files += copy_tree(
            &kit.starter_dir(crate_name).join("src"),
            &out.join(STARTERS_DIR).join(crate_name).join("src"),
            &SKIPPED_DIRS,
        )?;
    }
    let sheets = kit.root().join(LAB_SHEETS_DIR);
    if sheets.is_dir() {
        files += copy_tree(&sheets, &out.join(LAB_SHEETS_DIR), &SKIPPED_DIRS)?;
    }
    std::fs::create_dir_all(out.join(".cargo")).map_err(io("create", out))?;
    write(&out.join(".cargo").join("config.toml"), CARGO_CONFIG)?;
    write(&out.join("exercises.toml"), &manifest.students_view())?;
    files += 2;

    write(&out.join("Cargo.toml"), &workspace_manifest(kit, &crates)?)?;
    write(&out.join("README.md"), &readme(kit, &crates))?;
    write(&out.join(".gitignore"), "/target\n")?;
    files += 3;
    // The kit's lock file pins every version the kit was tested with; cargo drops the
    // entries of the kit-only packages the first time a student builds.
    files += copy_file(&kit.root().join("Cargo.lock"), &out.join("Cargo.lock"))?;
    Ok(Handout {
        root: out.to_path_buf(),
        crates,
        files,
    })
}

/// The handout's workspace manifest: the exercise crates and the test kit as members,
/// and the kit's shared versions, lints and profiles, with the test kit's new path.
fn workspace_manifest(kit: &Kit, crates: &[String]) -> Result<String, HandoutError> {
    let path = kit.root().join("Cargo.toml");
    let text = std::fs::read_to_string(&path).map_err(io("read", &path))?;
    let mut root: Table = text
        .parse()
        .map_err(|error: toml::de::Error| HandoutError::Manifest(error.to_string()))?;
    let Some(Value::Table(workspace)) = root.get_mut("workspace") else {
        return Err(HandoutError::Manifest("it has no [workspace]".into()));
    };
    let members = crates
        .iter()
        .map(String::as_str)
        .chain([TESTKIT_DIR])
        .chain(TOOL_CRATES)
        .map(Value::from)
        .collect();
    workspace.insert("members".into(), Value::Array(members));
    // A crate whose tests need a system program (ex-mpi: MPICH) is a member but not a
    // default member, so a plain `cargo build` or `cargo test` works without it; so are
    // the course tool's crates (a bare `cargo test` is about the exercises).
    let manifest = kit.manifest();
    let default_members = crates
        .iter()
        .filter(|name| {
            manifest
                .exercises
                .iter()
                .filter(|exercise| &exercise.crate_name == *name)
                .all(|exercise| exercise.requires.is_empty())
        })
        .map(String::as_str)
        .chain([TESTKIT_DIR])
        .map(Value::from)
        .collect();
    workspace.insert("default-members".into(), Value::Array(default_members));
    let testkit = workspace
        .get_mut("dependencies")
        .and_then(Value::as_table_mut)
        .and_then(|dependencies| dependencies.get_mut("testkit"))
        .and_then(Value::as_table_mut)
        .ok_or_else(|| HandoutError::Manifest("it has no workspace dependency `testkit`".into()))?;
    testkit.insert("path".into(), TESTKIT_DIR.into());
    Ok(format!(
        "# Your course workspace: one crate per topic. Work in `src/` of each `ex-*` crate;\n\
         # `cargo test -p ex-threads` runs that crate's tests. `testkit` is the helpers the\n\
         # tests use (a page server on 127.0.0.1, rendezvous, timeouts): no need to edit it.\n\
         {root}"
    ))
}

/// The handout's README: the first hour (what to install, the first build, the tool,
/// one exercise at a time), the suggested path, how grading works, every exercise.
fn readme(kit: &Kit, crates: &[String]) -> String {
    let manifest = kit.manifest();
    let mpi_install = manifest
        .exercises
        .iter()
        .find_map(|exercise| exercise.install.clone());
    let mut text = String::from(
        "# Parallel and concurrent programming in Rust — exercises\n\n\
         One crate per topic, one module per exercise. Each exercise's task, where Rust\n\
         differs from Python, and a hint are in its crate's README.\n\n\
         ## Your first hour\n\n\
         1. **What you need.** Linux, or WSL 2 on Windows: the tests start processes and read\n\
         \x20  `/proc` the way Linux does (ex-subprocess and ex-multiprocess are about exactly\n\
         \x20  that, and the test kit counts processes there). Rust 1.89 or newer (`rustup\n\
         \x20  update`). Python is not needed.\n\
         2. **`cargo course`** lists every exercise in the suggested order with where it stands\n\
         \x20  (not started, failing, passing its visible tests) and names the one to do next. Its\n\
         \x20  first run builds the tool itself (under a minute); after that it answers at once,\n\
         \x20  because it keeps results until a file changes.\n\
         3. **The first build takes a while**, once: it compiles the libraries the crates and\n\
         \x20  tests use (tokio, axum for the test kit's page server on 127.0.0.1, reqwest, rayon,\n\
         \x20  crossbeam: about 200 packages). On a 2-core machine the tool took half a minute,\n\
         \x20  the first crate's tests another half minute, the whole workspace about three\n\
         \x20  minutes. Later builds take seconds.\n\
         4. **One exercise at a time.** `cargo course watch` runs the current exercise's visible\n\
         \x20  tests, again each time you save a file, shows the first failure, and moves on when\n\
         \x20  they pass (`--poll` or `--manual` where saving is not noticed, as on WSL's `/mnt`).\n\
         \x20  By hand: `cargo test -p ex-subprocess --test sp_run`. A bare `cargo test -p\n\
         \x20  ex-threads` runs every exercise of the crate and prints the failures of all the\n\
         \x20  ones you have not started.\n\
         5. **Stuck?** `cargo course hint sp-run` gives a nudge, `--more` the recipe. **Start\n\
         \x20  over?** `cargo course reset sp-run` puts the starter back (yours is kept in\n\
         \x20  `target/course/backup/`). `cargo course verify` runs every visible test at once.\n\n",
    );
    if let Some(install) = &mpi_install {
        let _ = write!(
            text,
            "Only ex-mpi needs more: MPICH and its headers (`sudo {install}`). Without them a\n\
             plain `cargo build` or `cargo test` leaves ex-mpi out, and `cargo course` says what\n\
             to install.\n\n"
        );
    }
    text.push_str(
        "The statements cite the Python lab sheets the course follows; they are in\n\
         [`seeds/`](seeds/README.md), with an index of their languages and topics.\n\n\
         ## The suggested path\n\n\
         The first three exercises run programs without any thread. ex-threads comes next,\n\
         because the rest of ex-subprocess reads pipes and waits with threads and channels;\n\
         then queues, processes, async and MPI build on both.\n\n\
         | step | id | crate | exercise | difficulty | points |\n|---|---|---|---|---|---|\n",
    );
    for exercise in manifest.in_order() {
        if !crates.contains(&exercise.crate_name) {
            continue;
        }
        let _ = writeln!(
            text,
            "| {} | {} | {} | {} | {} | {} |",
            exercise.order.map(|n| n.to_string()).unwrap_or_default(),
            exercise.id,
            exercise.crate_name,
            exercise.title.replace('|', "\\|"),
            exercise.difficulty_label(),
            manifest.points(exercise),
        );
    }
    text.push_str(
        "\n## How you are graded\n\n\
         Only the `src/` folders of the `ex-*` crates are taken; anything else you change\n\
         (Cargo.toml, tests, build scripts) is ignored. Your code is then run against the\n\
         visible tests here and hidden tests that go further: edge cases, stress with many\n\
         threads, and proofs that work really ran at the same time, made by observation\n\
         (how many requests a server saw at once), never by a stopwatch. Each test runs in\n\
         its own process with a time limit and no network but 127.0.0.1. Passing the\n\
         visible tests (`cargo course` shows ✓) is a good sign, not the grade.\n\n\
         ## Exercises by crate\n",
    );
    for crate_name in crates {
        let _ = write!(
            text,
            "\n### [`{crate_name}`]({crate_name}/README.md)\n\n{}",
            crate::readme::exercise_rows(kit, crate_name, true)
        );
    }
    text
}

/// Copies `from` to `to` if it is a file; returns how many files that was (0 or 1).
fn copy_file(from: &Path, to: &Path) -> Result<usize, HandoutError> {
    if !from.is_file() {
        return Ok(0);
    }
    std::fs::copy(from, to).map_err(io("copy", from))?;
    Ok(1)
}

fn write(path: &Path, text: &str) -> Result<(), HandoutError> {
    std::fs::write(path, text).map_err(io("write", path))?;
    Ok(())
}
