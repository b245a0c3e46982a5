//! Stage: copy a submission's Rust sources into the grader's own build workspace.
//!
//! Only `src/**/*.rs` of each exercise crate is taken from a submission. Everything
//! else a student might send (a `Cargo.toml`, `build.rs`, `.cargo/`, `rust-toolchain`,
//! tests) is ignored: the package manifest is written here from the instructor's crate.
//! Symlinks are never followed, and oversized or excess files are refused.
//!
//! Every staged package gets its own name, `<crate>--<submission>`. Identical package
//! names in one target dir would let cargo reuse a stale artifact of another student
//! whose sources happen to have older modification times.

use std::path::{Path, PathBuf};

use toml::{Table, Value};

use crate::files::{FileError, io};
use crate::kit::Kit;

/// The one test target of a staged package: a generated file that includes every visible
/// and hidden test file of the crate as a module named after its target (`th_spawn`,
/// `hidden_th_spawn`), so a test's full name is `<target>::<test>`. One test binary per
/// submission and crate links once instead of once per test file, which is most of the
/// cost of building a student's tests.
pub const TEST_TARGET: &str = "grade_tests";

/// Separates a binary's own name from the submission in a staged binary's name.
pub const BIN_SEPARATOR: &str = "--";

/// The largest source file taken from a submission.
pub const MAX_FILE_BYTES: u64 = 512 * 1024;
/// The most source files taken from one crate of a submission.
pub const MAX_FILES: usize = 500;
/// How deep below `src/` a file may be.
pub const MAX_DEPTH: usize = 12;
/// The most entries (files and folders) looked at below one crate's `src/`: staging stops
/// walking there, with a note, so a huge tree cannot take minutes.
pub const MAX_WALKED_ENTRIES: usize = 20_000;

/// A crate of one submission, staged as a package of the build workspace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StagedPackage {
    /// The submission's key (a student id, or `solution` / `starter` in the self-check).
    pub submission: String,
    /// The exercise crate, e.g. `ex-threads`.
    pub crate_name: String,
    /// The package name in the build workspace, e.g. `ex-threads--alice`.
    pub package_name: PackageName,
    /// The package folder (absolute).
    pub dir: PathBuf,
    /// Files of the submission that were not taken, with the reason.
    pub skipped: Vec<SkippedFile>,
}

/// The cargo package name of one submission's crate in the build workspace:
/// `<crate>--<submission key>`, lowercase, e.g. `ex-threads--s-alice`. Every stage that
/// looks a package up (its binaries, its errors) goes through this one spelling.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PackageName(String);

impl PackageName {
    /// The package of `crate_name` staged under the submission key `submission`.
    pub fn new(crate_name: &str, submission: &str) -> PackageName {
        PackageName(format!("{crate_name}--{}", submission.to_ascii_lowercase()))
    }

    /// The name as cargo knows it.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for PackageName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A file left out of staging, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedFile {
    /// The path relative to the crate's `src/`.
    pub path: PathBuf,
    /// Why it was left out.
    pub reason: String,
}

/// Why a crate could not be staged.
#[derive(Debug, thiserror::Error)]
pub enum StageError {
    /// The submission has no `src/lib.rs` for this crate.
    #[error("the submission has no {0}/src/lib.rs")]
    NoSources(String),
    /// The crate folder or its `src/` is a symbolic link (named relative to the
    /// submission, e.g. `ex-threads/src`): links are never followed, so it is not graded.
    #[error("{0} is a symbolic link: not graded")]
    Linked(String),
    /// The submission key cannot name a package.
    #[error("{0:?} cannot be used as a submission name (use letters, digits, '-' and '_')")]
    BadName(String),
    /// Reading the submission or writing the workspace failed.
    #[error(transparent)]
    Io(#[from] FileError),
    /// An instructor's manifest could not be read as TOML.
    #[error("the instructor's manifest {path} is not valid TOML")]
    Manifest {
        /// The manifest.
        path: String,
        /// What the parser said.
        #[source]
        source: toml::de::Error,
    },
}

/// The grader-owned cargo workspace that every staged package joins.
#[derive(Debug)]
pub struct BuildWorkspace {
    dir: PathBuf,
    packages: Vec<StagedPackage>,
}

impl BuildWorkspace {
    /// A workspace in `dir` (created if needed). Nothing is written until staging.
    ///
    /// # Errors
    /// [`StageError::Io`] when the folder cannot be created or resolved.
    pub fn create(dir: &Path) -> Result<BuildWorkspace, StageError> {
        std::fs::create_dir_all(dir).map_err(io("create", dir))?;
        let dir = dir.canonicalize().map_err(io("resolve", dir))?;
        Ok(BuildWorkspace {
            dir,
            packages: Vec::new(),
        })
    }

    /// The workspace folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The workspace's `Cargo.toml`.
    pub fn manifest_path(&self) -> PathBuf {
        self.dir.join("Cargo.toml")
    }

    /// Every package staged so far.
    pub fn packages(&self) -> &[StagedPackage] {
        &self.packages
    }

    /// Removes every package of `submission` from the workspace and its folder from disk
    /// (after it is graded, so the next group's build does not carry it).
    ///
    /// # Errors
    /// [`StageError::Io`] when the folder cannot be removed.
    pub fn unstage(&mut self, submission: &str) -> Result<(), StageError> {
        self.packages
            .retain(|package| package.submission != submission);
        let dir = self.dir.join(submission);
        match std::fs::remove_dir_all(&dir) {
            Err(error) if error.kind() != std::io::ErrorKind::NotFound => {
                Err(io("remove", &dir)(error).into())
            }
            _ => Ok(()),
        }
    }

    /// Stages `crate_name` of submission `submission`, whose crate sources are `src`
    /// (the submission's `<crate>/src` folder).
    ///
    /// Neither `src` nor its parent (the crate folder) may be a symbolic link, and no
    /// link below them is followed.
    ///
    /// # Errors
    /// [`StageError::Linked`] if `src` or its crate folder is a symbolic link,
    /// [`StageError::NoSources`] if `src/lib.rs` is missing, [`StageError::BadName`] for a
    /// key that cannot name a package, [`StageError::Io`] / [`StageError::Manifest`] when
    /// reading or writing fails.
    pub fn stage(
        &mut self,
        kit: &Kit,
        submission: &str,
        crate_name: &str,
        src: &Path,
    ) -> Result<&StagedPackage, StageError> {
        let valid_key = !submission.is_empty()
            && submission
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !valid_key {
            return Err(StageError::BadName(submission.to_string()));
        }
        if let Some(link) = linked_crate_folder(src) {
            return Err(StageError::Linked(link));
        }
        let lib = src.join("lib.rs");
        let lib_is_file = std::fs::symlink_metadata(&lib).is_ok_and(|meta| meta.is_file());
        if !lib_is_file {
            return Err(StageError::NoSources(crate_name.to_string()));
        }
        let package_name = PackageName::new(crate_name, submission);
        let dir = self.dir.join(submission).join(crate_name);
        let staged_src = dir.join("src");
        if staged_src.exists() {
            std::fs::remove_dir_all(&staged_src).map_err(io("clear", &staged_src))?;
        }
        let mut walk = Walk {
            copied: 0,
            walked: 0,
            listed: 0,
            stopped: false,
            skipped: Vec::new(),
        };
        copy_sources(src, &staged_src, Path::new(""), &mut walk)?;
        let skipped = walk.skipped;
        let manifest = package_manifest(kit, crate_name, package_name.as_str(), &dir, submission)?;
        write(&dir.join("Cargo.toml"), &manifest)?;
        write(
            &dir.join(format!("{TEST_TARGET}.rs")),
            &test_harness(kit, crate_name),
        )?;
        self.packages
            .retain(|package| package.package_name != package_name);
        self.packages.push(StagedPackage {
            submission: submission.to_string(),
            crate_name: crate_name.to_string(),
            package_name,
            dir,
            skipped,
        });
        Ok(self.packages.last().expect("a package was just pushed"))
    }

    /// Writes the workspace `Cargo.toml` listing every staged package, with the kit's
    /// shared dependency versions, profiles and lock file, so every submission builds
    /// against exactly the versions the kit was tested with.
    ///
    /// # Errors
    /// [`StageError`] when the kit's manifest cannot be read or a file cannot be written.
    pub fn write_manifest(&self, kit: &Kit) -> Result<(), StageError> {
        let kit_manifest = read_toml(&kit.root().join("Cargo.toml"))?;
        let kit_workspace = kit_manifest
            .get("workspace")
            .and_then(Value::as_table)
            .cloned()
            .unwrap_or_default();

        let mut workspace = Table::new();
        workspace.insert("resolver".into(), "3".into());
        let members: Vec<Value> = self
            .packages
            .iter()
            .map(|package| {
                let relative = package.dir.strip_prefix(&self.dir).unwrap_or(&package.dir);
                Value::from(relative.to_string_lossy().into_owned())
            })
            .collect();
        workspace.insert("members".into(), Value::Array(members));
        if let Some(package) = kit_workspace.get("package") {
            workspace.insert("package".into(), package.clone());
        }
        if let Some(Value::Table(dependencies)) = kit_workspace.get("dependencies") {
            let mut dependencies = dependencies.clone();
            absolutize_paths(&mut dependencies, kit.root());
            workspace.insert("dependencies".into(), Value::Table(dependencies));
        }
        let mut root = Table::new();
        root.insert("workspace".into(), Value::Table(workspace));
        let mut profiles = kit_manifest
            .get("profile")
            .and_then(Value::as_table)
            .cloned()
            .unwrap_or_default();
        // Every staged crate is compiled once and its tests run once, with no debugger and
        // no backtrace (a panic's message still names its file and line: that location is
        // compiled in, not debug info). So no incremental caches (they were 25 GB of a
        // 44 GB target dir after a few sample-class runs) and no debug info at all: test
        // binaries shrink from ~30 MB to ~14 MB and a class builds ~30% faster.
        if let Value::Table(dev) = profiles
            .entry("dev")
            .or_insert_with(|| Value::Table(Table::new()))
        {
            dev.insert("incremental".into(), Value::Boolean(false));
            dev.insert("debug".into(), Value::Boolean(false));
            dev.insert("strip".into(), "debuginfo".into());
        }
        root.insert("profile".into(), Value::Table(profiles));
        write(&self.manifest_path(), &root.to_string())?;

        let kit_lock = kit.root().join("Cargo.lock");
        if kit_lock.is_file() {
            let lock = self.dir.join("Cargo.lock");
            std::fs::copy(&kit_lock, &lock).map_err(io("copy", &kit_lock))?;
        }
        Ok(())
    }
}

/// The `Cargo.toml` of a staged package: the instructor's dependencies for the crate, the
/// library under the crate's own name (so the tests' `use ex_threads::...` resolves), and
/// the generated [`TEST_TARGET`] holding every visible and hidden test file of the crate. Nothing in it comes
/// from the submission: no build script, no binaries, no examples.
fn package_manifest(
    kit: &Kit,
    crate_name: &str,
    package_name: &str,
    package_dir: &Path,
    submission: &str,
) -> Result<String, StageError> {
    let starter_dir = kit.starter_dir(crate_name);
    let starter = read_toml(&starter_dir.join("Cargo.toml"))?;

    let mut package = Table::new();
    package.insert("name".into(), package_name.into());
    package.insert("version".into(), "0.0.0".into());
    package.insert("edition".into(), workspace_inherited());
    package.insert("publish".into(), false.into());
    for auto in ["autobins", "autoexamples", "autotests", "autobenches"] {
        package.insert(auto.into(), false.into());
    }
    package.insert("build".into(), false.into());

    let mut lib = Table::new();
    lib.insert("name".into(), crate_name.replace('-', "_").into());
    lib.insert("path".into(), "src/lib.rs".into());
    // `--tests` would also compile the student's library a second time as its own
    // unit-test harness; the grader never runs those tests, so it is not built.
    lib.insert("test".into(), false.into());
    lib.insert("doctest".into(), false.into());

    let mut manifest = Table::new();
    manifest.insert("package".into(), Value::Table(package));
    manifest.insert("lib".into(), Value::Table(lib));
    for section in ["dependencies", "dev-dependencies"] {
        if let Some(Value::Table(dependencies)) = starter.get(section) {
            let mut dependencies = dependencies.clone();
            absolutize_paths(&mut dependencies, &starter_dir);
            manifest.insert(section.into(), Value::Table(dependencies));
        }
    }
    // Binaries the instructor's crate declares (a REPL the tests drive through stdin) are
    // built from the student's src/ like the library, under a name of their own
    // (`<name>--<submission>`: cargo copies every binary to `<target>/debug/<name>`, where
    // equal names would overwrite each other). The runner gives a test its student's
    // binary (see `run`). Only a name and a path under src/ are taken, and only if the
    // student's file is there: a missing one would make cargo reject the whole workspace.
    let bins: Vec<Value> = starter
        .get("bin")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|bin| {
            let name = bin.get("name")?.as_str()?;
            let path = bin.get("path")?.as_str()?;
            let inside_src = Path::new(path).starts_with("src")
                && Path::new(path)
                    .components()
                    .all(|part| matches!(part, std::path::Component::Normal(_)));
            (inside_src && package_dir.join(path).is_file()).then(|| {
                let mut target = Table::new();
                target.insert(
                    "name".into(),
                    format!("{name}{BIN_SEPARATOR}{submission}").into(),
                );
                target.insert("path".into(), path.into());
                target.insert("test".into(), false.into());
                Value::Table(target)
            })
        })
        .collect();
    if !bins.is_empty() {
        manifest.insert("bin".into(), Value::Array(bins));
    }
    let mut target = Table::new();
    target.insert("name".into(), TEST_TARGET.into());
    target.insert("path".into(), format!("{TEST_TARGET}.rs").into());
    let tests = vec![Value::Table(target)];
    manifest.insert("test".into(), Value::Array(tests));
    Ok(manifest.to_string())
}

/// The generated test target: one `#[path]` module per test file of the crate, and a
/// test runner that proves a test finished.
///
/// libtest still runs the test (its filters, `should_panic`, output capture, exit
/// status); the runner around it, a custom test framework's `test_runner` (the one
/// unstable feature the grader uses, enabled for this generated crate only, see
/// [`crate::build_jail`]), first reads the run's secret from standard input, before any
/// test code runs, and prints it back after the proof prefix ([`crate::run::PROOF_PREFIX`])
/// only when libtest returned, which it does only when the one selected test passed.
///
/// A test file's module is `grade_tests::<target>` (`module_path!()` there), which is how
/// `testkit::worker_entry!` finds its entry test's name (`<target>::kit_worker_entry`).
///
/// Two more rules of the runner:
///
/// - **A worker reads no secret and prints no proof.** When [`crate::run::WORKER_VARIABLE`]
///   is set, this run is a worker process a test started (`testkit::worker`): its stdin
///   belongs to that test, so the runner reads nothing from it, and it never prints the
///   proof. The variable gains a student nothing: the grader starts every test with a
///   cleared environment, so the runner of the graded process is never in worker mode
///   (and decides that before any test code runs, so setting the variable later changes
///   nothing); a process that is in worker mode never had the secret, which only the
///   graded process's runner read, before any test code ran; and the proof is printed
///   only by a runner that is not in worker mode, after libtest reported its selected
///   test passed.
/// - **An unknown test is a distinct exit.** When the selected name (the last argument)
///   is no test of the binary, the runner says so on stderr and exits with
///   [`crate::run::NO_SUCH_TEST_EXIT`] without running anything (libtest alone would run
///   0 tests and exit 0). Listing (`--list`) is exempt.
fn test_harness(kit: &Kit, crate_name: &str) -> String {
    let mut text = format!(
        "//! Generated by the grader: every visible and hidden test file of {crate_name}, run by\n\
         //! libtest under a runner that prints the run's proof when the selected test passed.\n\
         #![feature(custom_test_frameworks, test)]\n\
         #![test_runner(grade_runner)]\n\
         extern crate test;\n\n"
    );
    for file in kit.crate_test_files(crate_name) {
        text.push_str(&format!(
            "#[path = {:?}]\nmod {};\n",
            file.path.to_string_lossy(),
            file.target
        ));
    }
    text.push_str(&format!(
        r#"
/// Reads the secret (a line on standard input; none when listing, none in a worker),
/// runs the tests libtest selects, and proves the one named last on the command line
/// passed. A worker (`{worker}` set: this binary re-run by a test) reads nothing and
/// proves nothing; a name that is no test exits {no_such_test}.
fn grade_runner(tests: &[&test::TestDescAndFn]) {{
    use std::io::{{BufRead, Read, Write}};
    // Decided before any test code runs: what a test later does to its environment
    // changes nothing here.
    let worker = std::env::var_os({worker:?}).is_some();
    let args: Vec<String> = std::env::args().collect();
    let listing = args.iter().any(|arg| arg == "--list");
    let selected = args.last().cloned().unwrap_or_default();
    let matching = tests
        .iter()
        .filter(|test| test.desc.name.as_slice() == selected)
        .count();
    if !listing && matching == 0 {{
        eprintln!("grade runner: this test binary has no test named {{selected:?}}");
        std::process::exit({no_such_test});
    }}
    let mut secret = String::new();
    if !worker {{
        let _ = std::io::stdin().lock().take(64).read_line(&mut secret);
    }}
    let secret = secret.trim().to_string();
    // Returns only if every selected test passed; otherwise libtest exits with 101.
    test::test_main_static(tests);
    if !worker && matching == 1 && !secret.is_empty() {{
        let mut stdout = std::io::stdout().lock();
        let _ = writeln!(stdout, "{prefix}{{secret}}");
        let _ = stdout.flush();
    }}
}}
"#,
        prefix = crate::run::PROOF_PREFIX,
        worker = crate::run::WORKER_VARIABLE,
        no_such_test = crate::run::NO_SUCH_TEST_EXIT,
    ));
    text
}

fn workspace_inherited() -> Value {
    let mut table = Table::new();
    table.insert("workspace".into(), true.into());
    Value::Table(table)
}

/// Rewrites every `path = "..."` dependency in `dependencies` relative to `base`.
fn absolutize_paths(dependencies: &mut Table, base: &Path) {
    for (_, spec) in dependencies.iter_mut() {
        if let Some(Value::String(path)) = spec.as_table_mut().and_then(|t| t.get_mut("path")) {
            let absolute = base.join(path.as_str()).to_string_lossy().into_owned();
            *path = absolute;
        }
    }
}

/// The crate folder `<crate>/src` as `<crate>` or `<crate>/src` if either is a symbolic
/// link (looked at without following links), else `None`.
fn linked_crate_folder(src: &Path) -> Option<String> {
    let crate_dir = src.parent().filter(|parent| !parent.as_os_str().is_empty());
    let is_link = |path: &Path| {
        std::fs::symlink_metadata(path).is_ok_and(|meta| meta.file_type().is_symlink())
    };
    let name = |path: &Path| {
        path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        )
    };
    match crate_dir {
        Some(crate_dir) if is_link(crate_dir) => Some(name(crate_dir)),
        Some(crate_dir) if is_link(src) => Some(format!("{}/{}", name(crate_dir), name(src))),
        None if is_link(src) => Some(name(src)),
        _ => None,
    }
}

/// How many names [`copy_sources`] lists (and sorts) in all before it lists a folder only
/// as far as it may still walk.
const MAX_LISTED_NAMES: usize = 5 * MAX_WALKED_ENTRIES;

/// What [`copy_sources`] has done so far.
struct Walk {
    /// Source files copied.
    copied: usize,
    /// Entries looked at (at most [`MAX_WALKED_ENTRIES`]).
    walked: usize,
    /// Names listed so far (see [`MAX_LISTED_NAMES`]).
    listed: usize,
    /// Whether the walk stopped at [`MAX_WALKED_ENTRIES`] with entries left.
    stopped: bool,
    /// What was left out.
    skipped: Vec<SkippedFile>,
}

/// Copies the `.rs` files under `from` into `to`, recursively, never following a symlink,
/// looking at no more than [`MAX_WALKED_ENTRIES`] entries in all (`src/lib.rs` first).
fn copy_sources(
    from: &Path,
    to: &Path,
    relative: &Path,
    walk: &mut Walk,
) -> Result<(), StageError> {
    std::fs::create_dir_all(to).map_err(io("create", to))?;
    // Names are listed, then sorted, so which entries are looked at does not depend on
    // the file system's order, up to [`MAX_LISTED_NAMES`] in all; past that, a folder is
    // listed only as far as the walk may still go (plus one, to know it stopped), so a
    // folder of a million files is not even listed in full.
    let budget = MAX_WALKED_ENTRIES.saturating_sub(walk.walked);
    let listable = MAX_LISTED_NAMES.saturating_sub(walk.listed).max(budget + 1);
    let mut names: Vec<std::ffi::OsString> = Vec::new();
    for entry in std::fs::read_dir(from)
        .map_err(io("read", from))?
        .take(listable)
    {
        names.push(entry.map_err(io("read", from))?.file_name());
    }
    walk.listed += names.len();
    let lib = std::ffi::OsStr::new("lib.rs");
    if relative.as_os_str().is_empty() && !names.iter().any(|name| name == lib) {
        // The library root (which `stage` checked is a file) is always looked at, however
        // many entries come before it.
        names.push(lib.to_os_string());
    }
    names.sort_by(|a, b| (a.as_os_str() != lib, a).cmp(&(b.as_os_str() != lib, b)));
    for name in names {
        if walk.walked >= MAX_WALKED_ENTRIES {
            walk.stopped = true;
            walk.skipped.push(SkippedFile {
                path: relative.join(&name),
                reason: format!(
                    "staging stops after looking at {} entries, so this and what follows were not looked at",
                    crate::collect::thousands(MAX_WALKED_ENTRIES)
                ),
            });
            return Ok(());
        }
        walk.walked += 1;
        let path = from.join(&name);
        let relative_path = relative.join(&name);
        let skipped = &mut walk.skipped;
        let mut skip = |reason: &str| {
            skipped.push(SkippedFile {
                path: relative_path.clone(),
                reason: reason.to_string(),
            })
        };
        // symlink_metadata does not follow links: a link is seen as a link.
        let meta = std::fs::symlink_metadata(&path).map_err(io("inspect", &path))?;
        if meta.file_type().is_symlink() {
            skip("a symbolic link (never followed)");
        } else if meta.is_dir() {
            if relative.components().count() + 1 >= MAX_DEPTH {
                skip("nested too deep");
            } else {
                copy_sources(&path, &to.join(&name), &relative_path, walk)?;
                if walk.stopped {
                    return Ok(());
                }
            }
        } else if !meta.is_file() {
            skip("not a regular file");
        } else if path.extension().is_none_or(|ext| ext != "rs") {
            skip("not a Rust source file");
        } else if meta.len() > MAX_FILE_BYTES {
            skip(&format!("larger than {MAX_FILE_BYTES} bytes"));
        } else if walk.copied >= MAX_FILES {
            skip(&format!("more than {MAX_FILES} source files"));
        } else {
            let target = to.join(&name);
            std::fs::copy(&path, &target).map_err(io("copy", &path))?;
            walk.copied += 1;
        }
    }
    Ok(())
}

fn read_toml(path: &Path) -> Result<Table, StageError> {
    let text = std::fs::read_to_string(path).map_err(io("read", path))?;
    text.parse::<Table>()
        .map_err(|source| StageError::Manifest {
            path: path.display().to_string(),
            source,
        })
}

/// Writes `text` to `path` unless the file already holds exactly that, so an unchanged
/// manifest keeps its mtime and cargo does not rebuild what it already built.
fn write(path: &Path, text: &str) -> Result<(), StageError> {
    if std::fs::read(path).is_ok_and(|old| old == text.as_bytes()) {
        return Ok(());
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(io("create", parent))?;
    }
    std::fs::write(path, text).map_err(io("write", path))?;
    Ok(())
}
