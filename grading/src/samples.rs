//! The bundled sample class: recipes that turn the reference solution or the starter into
//! the submissions a real class produces, careless and hostile ones included.
//!
//! A recipe is a TOML file, `<student>.toml`, so the repository holds no copies of the
//! solution: the sample is made fresh from the kit every time, and a recipe that no
//! longer applies (its anchor text is gone) is an error, not a silently different sample.
//!
//! ```toml
//! description = "What this student did and what the grader must do about it."
//! base = "solution"                      # or "starter"
//! crates = ["ex-threads"]                # what the student hands in (default: all)
//! starter_modules = ["ex-threads/src/chunks.rs"]   # files taken from the starter instead
//! [expect]
//! score = 21.54                          # the total the grader must give (±0.01)
//!                                        # on a machine that grades every crate; where an
//!                                        # exercise is not gradable (ex-mpi without MPICH)
//!                                        # its full points come off, so such a crate is
//!                                        # expected to earn full marks
//! lost = ["timed-out"]                   # outcome kinds every lost test must have
//! [[patch]]
//! file = "ex-threads/src/download.rs"
//! replace = "pub fn download_sequential("   # must occur exactly once
//! with = "pub fn honest_download_sequential("
//! append = "pub fn download_sequential(...) { ... }"
//! [[extra]]                              # files a careless student adds (build.rs, ...)
//! path = "ex-threads/build.rs"
//! text = "fn main() {}"
//! [[link]]                               # a symbolic link in place of a file or folder
//! path = "ex-threads/src"
//! target = "@KIT@/solutions/ex-threads/src"
//! ```
//!
//! In `with`, `append`, `text` and a link's `target`, [`KIT_PLACEHOLDER`] stands for the
//! kit's absolute root, so a sample can aim at the kit's real files wherever it lives.
//! `expect.absent` lists texts that must appear in none of the reports about the student;
//! [`verify_reports`] also checks that no report holds a line of a hidden test file, and
//! none the kit's absolute root (unless the student's own code spells it out).

use std::path::{Component, Path, PathBuf};

use serde::Deserialize;

use crate::files::{FileError, copy_tree, io};
use crate::kit::Kit;
use crate::score::SubmissionGrade;

/// The host-loopback port the `host-loopback` sample tries to reach from inside the jail.
pub const TRIPWIRE_PORT: u16 = 47419;
/// The command line of the process the `detached-child` sample leaves behind.
pub const DETACHED_CHILD: &[u8] = b"sleep\x00617\x00";
/// The file the `build-script-and-config` sample's build script would write.
pub const BUILD_SCRIPT_MARKER: &str = "/tmp/kit-sample-build-script-ran";
/// Stands for the kit's absolute root in a recipe's texts.
pub const KIT_PLACEHOLDER: &str = "@KIT@";
/// What the `inherited-descriptor` sample writes into every file descriptor it finds.
pub const DESCRIPTOR_MARKER: &str = "inherited-descriptor-marker";

/// One sample student.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recipe {
    /// What the sample shows.
    pub description: String,
    /// Which of the kit's own sources the submission starts from.
    pub base: Base,
    /// The crates the student hands in (default: every crate of the kit); the others are
    /// missing from the submission.
    #[serde(default)]
    pub crates: Option<Vec<String>>,
    /// Files (relative to the submission root) copied from the starter over the base.
    #[serde(default)]
    pub starter_modules: Vec<PathBuf>,
    /// Edits to the base's files.
    #[serde(default, rename = "patch")]
    pub patches: Vec<Patch>,
    /// Extra files written into the submission.
    #[serde(default, rename = "extra")]
    pub extras: Vec<Extra>,
    /// Symbolic links written into the submission (replacing what is at their path).
    #[serde(default, rename = "link")]
    pub links: Vec<Link>,
    /// Whether the expected score holds only inside the sandbox (the sample cheats when
    /// the jail does not stop it).
    #[serde(default)]
    pub needs_sandbox: bool,
    /// Whether the expected score holds only where tests run in control groups (the
    /// sample is stopped quickly by a memory budget for the whole test).
    #[serde(default)]
    pub needs_control_groups: bool,
    /// What the grader must make of it.
    pub expect: Expectation,
}

/// The sources a sample starts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Base {
    /// The reference solution of every crate.
    Solution,
    /// The starter of every crate.
    Starter,
}

/// An edit to one file of the base.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Patch {
    /// The file, relative to the submission root.
    pub file: PathBuf,
    /// Text that must occur exactly once in the file.
    #[serde(default)]
    pub replace: Option<String>,
    /// What replaces it.
    #[serde(default)]
    pub with: Option<String>,
    /// Text appended to the file.
    #[serde(default)]
    pub append: Option<String>,
}

/// A file written into the submission as it is.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Extra {
    /// Its path, relative to the submission root.
    pub path: PathBuf,
    /// Its content.
    pub text: String,
}

/// A symbolic link written into the submission.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Link {
    /// Its path, relative to the submission root; whatever is there is removed first.
    pub path: PathBuf,
    /// Where it points.
    pub target: String,
}

/// What the grader must give a sample.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expectation {
    /// The total score, to within 0.01.
    pub score: f64,
    /// The outcome kinds (`fail`, `timeout`, `crash`, `unfinished`, `build-error`,
    /// `missing`) that every test the sample loses must have; empty means any.
    #[serde(default)]
    pub lost: Vec<String>,
    /// Texts that must appear in no report about this student (what a hostile sample
    /// tries to smuggle out).
    #[serde(default)]
    pub absent: Vec<String>,
}

impl Recipe {
    /// Whether any text of the recipe names the kit's root (so the student's own
    /// messages may echo it back).
    fn names_the_kit(&self) -> bool {
        let texts = self
            .patches
            .iter()
            .flat_map(|patch| [patch.with.as_deref(), patch.append.as_deref()])
            .flatten()
            .chain(self.extras.iter().map(|extra| extra.text.as_str()))
            .chain(self.links.iter().map(|link| link.target.as_str()));
        texts.into_iter().any(|text| text.contains(KIT_PLACEHOLDER))
    }
}

/// Why a sample class could not be made.
#[derive(Debug, thiserror::Error)]
pub enum SampleError {
    /// A file could not be read or written.
    #[error(transparent)]
    Io(#[from] FileError),
    /// A recipe is not valid TOML for this schema.
    #[error("the sample recipe {path} is not valid: {message}")]
    Recipe {
        /// The recipe file.
        path: String,
        /// What the parser said.
        message: String,
    },
    /// A recipe no longer fits the kit.
    #[error("the sample recipe {recipe} does not apply: {problem}")]
    Apply {
        /// The recipe file.
        recipe: String,
        /// What did not fit.
        problem: String,
    },
}

/// Reads every recipe (`*.toml`) in `dir`, by student name.
///
/// # Errors
/// [`SampleError`] for an unreadable folder or an invalid recipe.
pub fn load_recipes(dir: &Path) -> Result<Vec<(String, Recipe)>, SampleError> {
    let mut recipes = Vec::new();
    let entries = std::fs::read_dir(dir).map_err(io("read", dir))?;
    for entry in entries {
        let path = entry.map_err(io("read", dir))?.path();
        if path.extension().is_none_or(|ext| ext != "toml") {
            continue;
        }
        let text = std::fs::read_to_string(&path).map_err(io("read", &path))?;
        let recipe: Recipe = toml::from_str(&text).map_err(|error| SampleError::Recipe {
            path: path.display().to_string(),
            message: error.to_string(),
        })?;
        let student = path
            .file_stem()
            .map(|stem| stem.to_string_lossy().into_owned())
            .unwrap_or_default();
        recipes.push((student, recipe));
    }
    recipes.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(recipes)
}

/// Makes the sample class in `out` (one folder per student, emptied first) from the
/// recipes, and returns the student names.
///
/// # Errors
/// [`SampleError`] when a file cannot be written or a recipe does not apply.
pub fn materialize(
    kit: &Kit,
    recipes: &[(String, Recipe)],
    out: &Path,
) -> Result<Vec<String>, SampleError> {
    if out.exists() {
        std::fs::remove_dir_all(out).map_err(io("clear", out))?;
    }
    let kit_root = kit.root().to_string_lossy().into_owned();
    let fill = |text: &str| text.replace(KIT_PLACEHOLDER, &kit_root);
    for (student, recipe) in recipes {
        let root = out.join(student);
        let apply_error = |problem: String| SampleError::Apply {
            recipe: format!("{student}.toml"),
            problem,
        };
        let handed_in = |crate_name: &str| {
            recipe
                .crates
                .as_ref()
                .is_none_or(|crates| crates.iter().any(|c| c == crate_name))
        };
        for crate_name in kit.manifest().crates().into_iter().filter(|c| handed_in(c)) {
            let from = match recipe.base {
                Base::Solution => kit.solution_dir(crate_name),
                Base::Starter => kit.starter_dir(crate_name),
            };
            copy_tree(&from.join("src"), &root.join(crate_name).join("src"), &[])?;
        }
        for module in &recipe.starter_modules {
            let relative = safe_relative(module).ok_or_else(|| {
                apply_error(format!("{} is not a relative path", module.display()))
            })?;
            let source = kit.root().join(relative);
            std::fs::copy(&source, root.join(relative)).map_err(io("copy", &source))?;
        }
        for patch in &recipe.patches {
            let relative = safe_relative(&patch.file).ok_or_else(|| {
                apply_error(format!("{} is not a relative path", patch.file.display()))
            })?;
            let path = root.join(relative);
            let mut text = std::fs::read_to_string(&path).map_err(io("read", &path))?;
            if let Some(anchor) = &patch.replace {
                let found = text.matches(anchor.as_str()).count();
                if found != 1 {
                    return Err(apply_error(format!(
                        "{anchor:?} occurs {found} times in {}, not once",
                        patch.file.display()
                    )));
                }
                text = text.replacen(
                    anchor.as_str(),
                    &fill(patch.with.as_deref().unwrap_or("")),
                    1,
                );
            }
            if let Some(tail) = &patch.append {
                text.push('\n');
                text.push_str(&fill(tail));
            }
            std::fs::write(&path, text).map_err(io("write", &path))?;
        }
        for extra in &recipe.extras {
            let relative = safe_relative(&extra.path).ok_or_else(|| {
                apply_error(format!("{} is not a relative path", extra.path.display()))
            })?;
            let path = root.join(relative);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(io("create", parent))?;
            }
            std::fs::write(&path, fill(&extra.text)).map_err(io("write", &path))?;
        }
        for link in &recipe.links {
            let relative = safe_relative(&link.path).ok_or_else(|| {
                apply_error(format!("{} is not a relative path", link.path.display()))
            })?;
            let path = root.join(relative);
            if path.is_dir() {
                std::fs::remove_dir_all(&path).map_err(io("clear", &path))?;
            } else if std::fs::symlink_metadata(&path).is_ok() {
                std::fs::remove_file(&path).map_err(io("clear", &path))?;
            }
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(io("create", parent))?;
            }
            std::os::unix::fs::symlink(fill(&link.target), &path).map_err(io("link", &path))?;
        }
    }
    Ok(recipes.iter().map(|(student, _)| student.clone()).collect())
}

/// `path` if it is relative and stays below its base (no `..`, no root).
fn safe_relative(path: &Path) -> Option<&Path> {
    path.components()
        .all(|part| matches!(part, Component::Normal(_)))
        .then_some(path)
}

/// A server on the host's loopback that counts connections: if a jailed test ever
/// reaches it, the network jail failed open.
#[derive(Debug)]
pub struct Tripwire {
    connections: std::sync::Arc<std::sync::atomic::AtomicUsize>,
}

impl Tripwire {
    /// Listens on `127.0.0.1:port` for as long as the process lives.
    ///
    /// # Errors
    /// The bind error, when the port is taken.
    pub fn start(port: u16) -> std::io::Result<Tripwire> {
        let listener = std::net::TcpListener::bind(("127.0.0.1", port))?;
        let connections = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let counter = std::sync::Arc::clone(&connections);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stream.is_ok() {
                    counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                }
            }
        });
        Ok(Tripwire { connections })
    }

    /// How many connections arrived so far.
    pub fn connections(&self) -> usize {
        self.connections.load(std::sync::atomic::Ordering::SeqCst)
    }
}

/// A file the grader's parent left open for it, as a shell's `exec 7>>file` does: its
/// descriptor is inheritable, so if it reached a test, the `inherited-descriptor` sample
/// would write [`DESCRIPTOR_MARKER`] into it.
#[derive(Debug)]
pub struct Canary {
    path: PathBuf,
    _file: std::fs::File,
}

impl Canary {
    /// Opens (creates, empties) `path` for appending, with a descriptor that programs
    /// started from now on would inherit unless the grader seals it.
    ///
    /// # Errors
    /// The file cannot be created, or its descriptor flags not changed.
    pub fn open(path: &Path) -> std::io::Result<Canary> {
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(true)
            .write(true)
            .open(path)?;
        nix::fcntl::fcntl(
            &file,
            nix::fcntl::FcntlArg::F_SETFD(nix::fcntl::FdFlag::empty()),
        )
        .map_err(std::io::Error::from)?;
        Ok(Canary {
            path: path.to_path_buf(),
            _file: file,
        })
    }

    /// What a test wrote into the file (nothing, if descriptors are sealed).
    pub fn written(&self) -> String {
        std::fs::read_to_string(&self.path).unwrap_or_default()
    }
}

/// Everything in the reports under `out_dir` that must not be there: for each sample
/// student, a text of its recipe's `expect.absent` or the kit's absolute root (unless the
/// student's own code names it) in a report about the student, and in any report a line
/// of a hidden test file (a line of 40 characters or more that no visible test file has).
pub fn verify_reports(kit: &Kit, recipes: &[(String, Recipe)], out_dir: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    let hidden_lines = hidden_only_lines(kit);
    let kit_root = kit.root().to_string_lossy().into_owned();
    let mut files = Vec::new();
    collect_files(out_dir, &mut files);
    for file in files {
        let relative = file.strip_prefix(out_dir).unwrap_or(&file);
        let first = relative
            .components()
            .next()
            .map(|part| part.as_os_str().to_string_lossy().into_owned())
            .unwrap_or_default();
        if matches!(first.as_str(), "workspace" | "unpacked" | "scratch") {
            continue; // the grader's own work, not a report
        }
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        let shown = relative.display();
        if let Some(line) = hidden_lines.first_in(&text) {
            problems.push(format!("{shown} holds a line of a hidden test: {line:?}"));
        }
        let name = relative.to_string_lossy();
        for (student, recipe) in recipes {
            let about_student =
                name.contains(&format!("/{student}.")) || name.contains(&format!("/{student}/"));
            if !about_student && !matches!(first.as_str(), "junit.xml" | "gradebook.csv") {
                continue;
            }
            for secret in &recipe.expect.absent {
                if text.contains(secret.as_str()) {
                    problems.push(format!(
                        "{shown} holds {secret:?}, smuggled out by {student}"
                    ));
                }
            }
            if about_student && !recipe.names_the_kit() && text.contains(&kit_root) {
                problems.push(format!("{shown} shows the kit's absolute path {kit_root}"));
            }
        }
    }
    problems.sort();
    problems.dedup();
    problems
}

/// Lines of hidden test files (trimmed, at least 40 characters) that no visible test file
/// of the kit holds.
/// Lines of text to look for in reports, found in one pass over each report (a class's
/// reports are megabytes, the hidden tests thousands of lines: one `contains` per line
/// per report took over a minute).
struct LineSet {
    lines: Vec<String>,
    /// The rolling hash of each line's first [`KEY_BYTES`] bytes.
    keys: std::collections::HashSet<u64>,
}

/// How many leading bytes of a line the rolling hash covers (every line is at least this
/// long).
const KEY_BYTES: usize = 40;
const HASH_BASE: u64 = 1_000_003;

impl LineSet {
    fn new(lines: Vec<String>) -> LineSet {
        let lines: Vec<String> = lines
            .into_iter()
            .filter(|line| line.len() >= KEY_BYTES)
            .collect();
        let keys = lines
            .iter()
            .map(|line| window_hash(&line.as_bytes()[..KEY_BYTES]))
            .collect();
        LineSet { lines, keys }
    }

    /// The first line (in the set's order) that occurs in `text`, if any: a rolling
    /// hash over every window of `text` finds the places worth comparing.
    fn first_in(&self, text: &str) -> Option<&String> {
        let bytes = text.as_bytes();
        if bytes.len() < KEY_BYTES {
            return None;
        }
        let top = (1..KEY_BYTES).fold(1u64, |power, _| power.wrapping_mul(HASH_BASE));
        let mut hash = window_hash(&bytes[..KEY_BYTES]);
        let mut found: Option<usize> = None;
        for start in 0..=bytes.len() - KEY_BYTES {
            if start > 0 {
                let gone = u64::from(bytes[start - 1]).wrapping_mul(top);
                hash = hash
                    .wrapping_sub(gone)
                    .wrapping_mul(HASH_BASE)
                    .wrapping_add(u64::from(bytes[start + KEY_BYTES - 1]));
            }
            if self.keys.contains(&hash) {
                let rest = &bytes[start..];
                if let Some(index) = self
                    .lines
                    .iter()
                    .position(|line| rest.starts_with(line.as_bytes()))
                {
                    found = Some(found.map_or(index, |seen| seen.min(index)));
                }
            }
        }
        found.map(|index| &self.lines[index])
    }
}

/// The polynomial hash of one window of bytes.
fn window_hash(window: &[u8]) -> u64 {
    window.iter().fold(0u64, |hash, &byte| {
        hash.wrapping_mul(HASH_BASE).wrapping_add(u64::from(byte))
    })
}

fn hidden_only_lines(kit: &Kit) -> LineSet {
    let mut hidden = Vec::new();
    let mut visible = String::new();
    for crate_name in kit.manifest().crates() {
        let mut files = Vec::new();
        collect_files(&kit.hidden_dir(crate_name), &mut files);
        for file in files {
            hidden.extend(
                std::fs::read_to_string(&file)
                    .unwrap_or_default()
                    .lines()
                    .map(str::trim)
                    .filter(|line| line.len() >= 40)
                    .map(str::to_string),
            );
        }
        let mut files = Vec::new();
        collect_files(&kit.starter_dir(crate_name).join("tests"), &mut files);
        for file in files {
            visible.push_str(&std::fs::read_to_string(&file).unwrap_or_default());
        }
    }
    hidden.retain(|line| !visible.contains(line.as_str()));
    hidden.sort();
    hidden.dedup();
    LineSet::new(hidden)
}

/// Every regular file below `dir` (links not followed).
fn collect_files(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            collect_files(&entry.path(), files);
        } else if kind.is_file() {
            files.push(entry.path());
        }
    }
}

/// Everything a graded sample class must satisfy, read from its output folder `out`:
/// every student's score and lost outcomes ([`verify`]), the reports ([`verify_reports`]),
/// the inherited descriptor left empty ([`Canary`]) and, in the sandbox, no connection to
/// the host's loopback ([`Tripwire`]). Returns the problems found.
///
/// # Errors
/// [`crate::batch::BatchError`] when the stored results cannot be read.
pub fn verify_run(
    kit: &Kit,
    recipes: &[(String, Recipe)],
    out: &Path,
    canary: &Canary,
    tripwire: Option<Tripwire>,
) -> Result<Vec<String>, crate::batch::BatchError> {
    let grades = crate::batch::load_results(out)?;
    let sandboxed = grades.iter().all(|grade| grade.sandboxed);
    let mut problems = verify(
        kit.manifest(),
        recipes,
        &grades,
        sandboxed,
        crate::cgroup::TestGroup::available(),
    );
    problems.extend(verify_reports(kit, recipes, out));
    if canary.written().contains(DESCRIPTOR_MARKER) {
        problems.push("a test wrote into a descriptor the grader inherited".into());
    }
    if let Some(tripwire) = &tripwire
        && sandboxed
        && tripwire.connections() > 0
    {
        problems.push(format!(
            "a jailed test reached the host's loopback ({} connection(s))",
            tripwire.connections()
        ));
    }
    if !sandboxed {
        eprintln!(
            "note: graded without the sandbox, so samples that need it were not held to their scores"
        );
    }
    Ok(problems)
}

/// Everything wrong with how the sample class was graded: a student whose score or lost
/// outcomes differ from the recipe, a process the `detached-child` sample left alive, a
/// build script that ran. Samples that need the sandbox (or control groups) are not held
/// to their expected score when grading ran without one.
pub fn verify(
    manifest: &crate::manifest::Manifest,
    recipes: &[(String, Recipe)],
    grades: &[SubmissionGrade],
    sandboxed: bool,
    control_groups: bool,
) -> Vec<String> {
    let mut problems = Vec::new();
    for (student, recipe) in recipes {
        let Some(grade) = grades.iter().find(|grade| &grade.student == student) else {
            problems.push(format!("{student}: was not graded"));
            continue;
        };
        if (recipe.needs_sandbox && !sandboxed) || (recipe.needs_control_groups && !control_groups)
        {
            continue;
        }
        let expect = &recipe.expect;
        // An exercise this machine cannot grade (MPICH missing) earns nothing here: the
        // recipe's score is what a machine that grades everything gives.
        let not_gradable_here: f64 = manifest
            .exercises
            .iter()
            .filter(|exercise| {
                recipe
                    .crates
                    .as_ref()
                    .is_none_or(|crates| crates.contains(&exercise.crate_name))
                    && crate::batch::what_is_missing(exercise).is_some()
            })
            .map(|exercise| f64::from(manifest.points(exercise)))
            .sum();
        let expected = expect.score - not_gradable_here.min(expect.score);
        if (grade.score() - expected).abs() > 0.01 {
            problems.push(format!(
                "{student}: scored {:.3}, expected {expected:.3}",
                grade.score(),
            ));
        }
        for exercise in &grade.exercises {
            let handed_in = recipe
                .crates
                .as_ref()
                .is_none_or(|crates| crates.contains(&exercise.crate_name));
            for test in &exercise.tests {
                let label = test.outcome.label().to_string();
                if !handed_in {
                    // Not handed in: missing, or not gradable on this machine at all.
                    if !matches!(
                        test.outcome,
                        crate::outcome::TestOutcome::Missing
                            | crate::outcome::TestOutcome::NotGradable { .. }
                    ) {
                        problems.push(format!(
                            "{student}: {} is {label}, but {} was not handed in",
                            test.full_name(),
                            exercise.crate_name
                        ));
                    }
                } else if !test.outcome.passed()
                    && !matches!(
                        test.outcome,
                        crate::outcome::TestOutcome::NotGradable { .. }
                    )
                    && !expect.lost.is_empty()
                    && !expect.lost.contains(&label)
                {
                    problems.push(format!(
                        "{student}: {} was lost as {label}, expected {}",
                        test.full_name(),
                        expect.lost.join(" or ")
                    ));
                }
            }
        }
    }
    if let Some(pid) = crate::sandbox::live_process(DETACHED_CHILD) {
        problems.push(format!(
            "a detached process of a sample is still running (pid {pid})"
        ));
    }
    if Path::new(BUILD_SCRIPT_MARKER).exists() {
        problems.push(format!(
            "a submitted build script ran: {BUILD_SCRIPT_MARKER} exists"
        ));
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_is_found_anywhere_in_a_report_and_the_first_listed_wins() {
        let one = "assert_eq!(hidden_answer(), 42, \"the hidden test's own words\");".to_string();
        let two = "let limit = Duration::from_secs(3); // another hidden line, long".to_string();
        let short = "too short to look for".to_string();
        let set = LineSet::new(vec![one.clone(), two.clone(), short.clone()]);
        let report = format!("{{\"output\": \"…{two} and then {one}…\"}}");
        assert_eq!(set.first_in(&report), Some(&one));
        assert_eq!(set.first_in(&format!("x{two}")), Some(&two));
        assert_eq!(
            set.first_in(&one[..one.len() - 1]),
            None,
            "a line cut short is no leak"
        );
        assert_eq!(set.first_in(&short), None);
        assert_eq!(set.first_in(""), None);
    }
}
