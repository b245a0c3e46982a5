//! One exercise at a time: the solved crate with just one exercise's starter put back
//! must lose exactly that exercise's points and no other.
//!
//! The rule catches a test that passes on a stub (the exercise keeps points) and one
//! exercise's tests or solution leaning on another exercise's solution (a student who
//! has not done that other exercise loses points twice). Checked literally it costs one
//! build and one full test run per exercise, so the self-check does it in two steps:
//!
//! 1. [`dependencies`]: the linker keeps only the code a test binary can reach (rustc
//!    puts each function in its own section and the link drops unreachable ones), so
//!    the symbols of a solution twin's test binary name every module its tests and the
//!    code they call can run. A binary of exercise A that holds symbols of exercise B's
//!    module depends on B.
//! 2. [`variant`] and [`variant_problems`]: every exercise something depends on (and a
//!    sample, or all of them when asked) is graded for real, as a submission made of the
//!    solved crate with that one starter module put back.

use std::collections::{BTreeMap, BTreeSet};
use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use cargo_metadata::Message;

use crate::batch::{StudentWork, buildable_crates};
use crate::files::{FileError, copy_tree, io};
use crate::kit::Kit;
use crate::manifest::Exercise;
use crate::score::SubmissionGrade;

/// The name of the graded submission that puts back `exercise`'s starter.
pub fn variant_name(exercise: &Exercise) -> String {
    format!("only-{}-starter", exercise.id)
}

/// A test binary that runs code of another exercise's module.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Dependency {
    /// The exercise whose test file it is.
    pub exercise: String,
    /// The test target (`th_spawn`, `hidden_th_spawn`).
    pub target: String,
    /// The exercise whose module it reaches.
    pub uses: String,
}

/// Why the dependencies could not be found.
#[derive(Debug, thiserror::Error)]
pub enum IsolationError {
    /// cargo or nm could not run, or failed.
    #[error("{0}")]
    Tool(String),
}

/// The dependencies between the exercises of every crate this machine can build, from
/// the solution twins' test binaries (built into `target_dir` if they are not there:
/// the default members as one `cargo build --tests`, which is what `cargo test` built
/// already, then any other twin on its own).
///
/// # Errors
/// [`IsolationError`] when cargo cannot build the twins or `nm` (binutils) cannot read
/// a binary.
pub fn dependencies(kit: &Kit, target_dir: &Path) -> Result<Vec<Dependency>, IsolationError> {
    let manifest = kit.manifest();
    let mut binaries = build_tests(kit, target_dir, None)?;
    for crate_name in buildable_crates(manifest) {
        if !binaries.contains_key(&twin_manifest(kit, crate_name)) {
            let package = twin_package(kit, crate_name)?;
            binaries.extend(build_tests(kit, target_dir, Some(&package))?);
        }
    }
    let mut found = BTreeSet::new();
    for crate_name in buildable_crates(manifest) {
        let exercises: Vec<&Exercise> = manifest.exercises_of(crate_name).collect();
        let owner: BTreeMap<String, &str> = exercises
            .iter()
            .flat_map(|exercise| {
                kit.test_files(exercise)
                    .into_iter()
                    .map(|file| (file.target, exercise.id.as_str()))
            })
            .collect();
        let library = crate_name.replace('-', "_");
        let twin = twin_manifest(kit, crate_name);
        for (target, binary) in binaries.get(&twin).into_iter().flatten() {
            let Some(&exercise) = owner.get(target) else {
                continue;
            };
            let symbols = symbols(binary)?;
            for other in &exercises {
                let prefix = format!("{library}::{}::", other.module);
                if other.id != exercise && symbols.iter().any(|symbol| symbol.starts_with(&prefix))
                {
                    found.insert(Dependency {
                        exercise: exercise.to_string(),
                        target: target.clone(),
                        uses: other.id.clone(),
                    });
                }
            }
        }
    }
    Ok(found.into_iter().collect())
}

/// The twin's `Cargo.toml`, as cargo names it in its messages.
fn twin_manifest(kit: &Kit, crate_name: &str) -> PathBuf {
    let path = kit.solution_dir(crate_name).join("Cargo.toml");
    path.canonicalize().unwrap_or(path)
}

/// The twin's package name (`ex-threads-solution`).
fn twin_package(kit: &Kit, crate_name: &str) -> Result<String, IsolationError> {
    let path = kit.solution_dir(crate_name).join("Cargo.toml");
    std::fs::read_to_string(&path)
        .ok()
        .and_then(|text| text.parse::<toml::Table>().ok())
        .and_then(|table| {
            table
                .get("package")?
                .get("name")?
                .as_str()
                .map(String::from)
        })
        .ok_or_else(|| IsolationError::Tool(format!("{} names no package", path.display())))
}

/// Test binaries by package manifest, then by target name, from `cargo build --tests`
/// in the kit (of `package`, or of the default members).
fn build_tests(
    kit: &Kit,
    target_dir: &Path,
    package: Option<&str>,
) -> Result<BTreeMap<PathBuf, Vec<(String, PathBuf)>>, IsolationError> {
    let mut command = Command::new(crate::compile::cargo_program());
    command
        .current_dir(kit.root())
        .args(["build", "--tests", "--message-format=json"])
        .env("CARGO_TARGET_DIR", target_dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(package) = package {
        command.args(["-p", package]);
    }
    let mut child = command
        .spawn()
        .map_err(|error| IsolationError::Tool(format!("cargo cannot start: {error}")))?;
    let stdout = child.stdout.take().expect("stdout is piped");
    let mut stderr = child.stderr.take().expect("stderr is piped");
    // cargo's progress goes to stderr; read it alongside so neither pipe fills up.
    let errors = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = std::io::Read::read_to_string(&mut stderr, &mut text);
        text
    });
    let mut binaries: BTreeMap<PathBuf, Vec<(String, PathBuf)>> = BTreeMap::new();
    for message in Message::parse_stream(BufReader::new(stdout)).flatten() {
        if let Message::CompilerArtifact(artifact) = message
            && let Some(executable) = artifact.executable
            && artifact
                .target
                .kind
                .iter()
                .any(|kind| kind.to_string() == "test")
        {
            let manifest = artifact.manifest_path.into_std_path_buf();
            binaries
                .entry(manifest.canonicalize().unwrap_or(manifest))
                .or_default()
                .push((artifact.target.name.clone(), executable.into_std_path_buf()));
        }
    }
    let status = child
        .wait()
        .map_err(|error| IsolationError::Tool(error.to_string()))?;
    let errors = errors.join().unwrap_or_default();
    if !status.success() {
        return Err(IsolationError::Tool(format!(
            "the solution twins do not build:\n{errors}"
        )));
    }
    Ok(binaries)
}

/// The demangled names of the functions and data defined in `binary`.
fn symbols(binary: &Path) -> Result<Vec<String>, IsolationError> {
    let output = Command::new("nm")
        .args(["--demangle", "--defined-only"])
        .arg(binary)
        .stdin(Stdio::null())
        .output()
        .map_err(|error| IsolationError::Tool(format!("nm (binutils) cannot start: {error}")))?;
    if !output.status.success() {
        return Err(IsolationError::Tool(format!(
            "nm cannot read {}: {}",
            binary.display(),
            String::from_utf8_lossy(&output.stderr)
        )));
    }
    // Lines are `<address> <kind> <name>`.
    Ok(String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| line.splitn(3, ' ').nth(2))
        .map(String::from)
        .collect())
}

/// Writes the submission "the solved crate of `exercise` with its starter module put
/// back" under `dir` and returns it as a student's work.
///
/// # Errors
/// [`FileError`] when a file cannot be copied.
pub fn variant(kit: &Kit, exercise: &Exercise, dir: &Path) -> Result<StudentWork, FileError> {
    let root = dir.join(variant_name(exercise));
    if root.exists() {
        std::fs::remove_dir_all(&root).map_err(io("remove", &root))?;
    }
    let src = root.join(&exercise.crate_name).join("src");
    copy_tree(
        &kit.solution_dir(&exercise.crate_name).join("src"),
        &src,
        &[],
    )?;
    let starter = kit.starter_dir(&exercise.crate_name).join("src");
    let folder = starter.join(&exercise.module);
    if folder.is_dir() {
        let solved = src.join(&exercise.module);
        std::fs::remove_dir_all(&solved).map_err(io("remove", &solved))?;
        copy_tree(&folder, &solved, &[])?;
    } else {
        let file = format!("{}.rs", exercise.module);
        std::fs::copy(starter.join(&file), src.join(&file)).map_err(io("copy", &starter))?;
    }
    Ok(StudentWork {
        student: variant_name(exercise),
        root: Some(root),
        notes: Vec::new(),
    })
}

/// What is wrong with the grade of `exercise`'s variant: the exercise kept points, or
/// another exercise of its crate lost some.
pub fn variant_problems(exercise: &Exercise, grade: &SubmissionGrade) -> Vec<String> {
    let mut problems = Vec::new();
    if let Some(errors) = grade.build_errors.get(&exercise.crate_name) {
        problems.push(format!(
            "the solved crate with only {}'s starter put back does not compile:\n{errors}",
            exercise.id
        ));
        return problems;
    }
    for graded in grade
        .exercises
        .iter()
        .filter(|graded| graded.crate_name == exercise.crate_name)
    {
        if graded.id == exercise.id && graded.score > 0.0 {
            problems.push(format!(
                "with only its starter put back it still earns {} of {} points: a test passes on the stub",
                graded.score, graded.max_score
            ));
        } else if graded.id != exercise.id && graded.score < graded.max_score {
            let lost: Vec<String> = graded
                .tests
                .iter()
                .filter(|test| !test.outcome.passed())
                .map(|test| test.full_name())
                .collect();
            problems.push(format!(
                "with only its starter put back, {} earns {} of {} points: {} depend on {}'s solution",
                graded.id,
                graded.score,
                graded.max_score,
                lost.join(", "),
                exercise.id
            ));
        }
    }
    problems
}
