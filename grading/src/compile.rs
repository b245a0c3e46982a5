//! Compile: build the test binaries of every staged package in one cargo invocation.
//!
//! `cargo build --tests --keep-going` compiles the shared dependencies once and keeps going
//! past a package that does not compile, so one student's error never stops the others.
//! The JSON messages say which test binary belongs to which package, and which package's
//! compile errors to keep for the student's feedback.

use std::collections::BTreeMap;
use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use cargo_metadata::Message;

use crate::build_jail::BuildJail;
use crate::kit::Kit;
use crate::sandbox::Jail;
use crate::stage::BuildWorkspace;

/// The most bytes of compiler output kept per package.
pub const MAX_ERROR_BYTES: usize = 16 * 1024;

/// What one build produced.
#[derive(Debug, Default)]
pub struct BuildOutput {
    /// Test binaries by package name, then by test target name.
    pub binaries: BTreeMap<String, BTreeMap<String, PathBuf>>,
    /// Binaries by package name, then by the binary's own name (without the staging
    /// suffix), e.g. `sp-shell`.
    pub bins: BTreeMap<String, BTreeMap<String, PathBuf>>,
    /// Rendered compile errors of each package's own code (its library), by package name;
    /// packages whose library built cleanly are absent.
    pub errors: BTreeMap<String, String>,
    /// Compile errors of each package's test target, one entry per error. They quote the
    /// tests' source, so errors in hidden test files are for the instructor only (see
    /// [`TestError::files`]).
    pub test_errors: BTreeMap<String, Vec<TestError>>,
    /// Every file cargo wrote for a package (libraries, test binaries, programs), by
    /// package name: what [`BuildOutput::remove_artifacts`] deletes once it is graded.
    pub artifacts: BTreeMap<String, Vec<PathBuf>>,
}

impl BuildOutput {
    /// The binaries of `package` (by their own names), for a test that drives them.
    pub fn programs(&self, package: &str) -> Vec<(String, PathBuf)> {
        self.bins
            .get(package)
            .into_iter()
            .flatten()
            .map(|(name, path)| (name.clone(), path.clone()))
            .collect()
    }

    /// Deletes every file cargo wrote for `package` and returns how many bytes that
    /// freed. A class's test binaries are tens of megabytes each; once a student is
    /// graded they are only taking disk space. Files already gone are skipped.
    pub fn remove_artifacts(&self, package: &str) -> u64 {
        let mut freed = 0;
        for path in self.artifacts.get(package).into_iter().flatten() {
            let Ok(metadata) = std::fs::symlink_metadata(path) else {
                continue;
            };
            if std::fs::remove_file(path).is_ok() {
                freed += metadata.len();
            }
        }
        freed
    }

    /// The test binary of `target` in `package`, if it was built.
    pub fn binary(&self, package: &str, target: &str) -> Option<&Path> {
        self.binaries
            .get(package)
            .and_then(|targets| targets.get(target))
            .map(PathBuf::as_path)
    }
}

/// One compile error of a generated test crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestError {
    /// The error as rustc rendered it.
    pub rendered: String,
    /// Every file its spans point into, as rustc names them (remapped: `kit/...` for the
    /// kit's test files, `<crate>/src/...` for the submission's own sources).
    pub files: Vec<String>,
}

/// Why the build could not be attempted at all (a package that fails to compile is not
/// an error here: it is recorded in [`BuildOutput::errors`]).
#[derive(Debug, thiserror::Error)]
pub enum CompileError {
    /// Cargo could not be started.
    #[error("failed to start cargo ({cargo})")]
    Start {
        /// The cargo program used.
        cargo: String,
        /// What the operating system said.
        #[source]
        source: std::io::Error,
    },
    /// Cargo's messages could not be read.
    #[error("failed to read cargo's output")]
    Read(#[source] std::io::Error),
    /// Cargo failed before compiling anything a package could be blamed for (a broken
    /// workspace manifest, an unreachable registry, ...).
    #[error("cargo failed before building any package:\n{0}")]
    Cargo(String),
    /// The build jail could not be set up.
    #[error(transparent)]
    Jail(#[from] crate::build_jail::BuildJailError),
}

/// The cargo program to run: the one that launched us (`$CARGO`), else `cargo` on `PATH`.
pub fn cargo_program() -> std::ffi::OsString {
    std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into())
}

/// Set (to anything) in the grader's environment, every class build also writes cargo's
/// timing report (`cargo build --timings`: each crate's compile time, split into front
/// end and code generation) to `<target dir>/cargo-timings/`.
pub const TIMINGS_VARIABLE: &str = "GRADE_BUILD_TIMINGS";

/// The CPU priority of a build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Niceness {
    /// The priority the grader runs at.
    Normal,
    /// Lower (`nice -n 10`, inherited by every rustc cargo starts): for a build that runs
    /// beside tests. A test that wants a core gets it about ten times as often as the
    /// build does, and the build still has every core the tests leave idle. (The lowest
    /// priority, 19, would also starve the build beside any other busy program on the
    /// machine.) Where the `nice` program is missing the build runs at normal priority.
    Background,
}

/// [`build_tests_with`] at normal priority.
///
/// # Errors
/// [`CompileError`] when cargo cannot run or fails before any package could be compiled.
pub fn build_tests(
    workspace: &BuildWorkspace,
    target_dir: &Path,
    kit: &Kit,
    jail: &Jail,
) -> Result<BuildOutput, CompileError> {
    build_tests_with(workspace, target_dir, kit, jail, Niceness::Normal)
}

/// Builds every test target of every package in `workspace` into `target_dir`, every
/// submission's own code in the build jail ([`crate::build_jail`]) confined by `jail`.
///
/// # Errors
/// [`CompileError`] when cargo cannot run or fails before any package could be compiled.
pub fn build_tests_with(
    workspace: &BuildWorkspace,
    target_dir: &Path,
    kit: &Kit,
    jail: &Jail,
    niceness: Niceness,
) -> Result<BuildOutput, CompileError> {
    crate::descriptors::seal_inherited();
    let build_jail = BuildJail {
        wrapper: BuildJail::find_or_build_wrapper()?,
        workspace: workspace.dir().to_path_buf(),
        kit: kit.root().to_path_buf(),
        jail: jail.clone(),
        own_libs: kit
            .manifest()
            .crates()
            .into_iter()
            .map(|name| name.replace('-', "_"))
            .chain(["testkit".to_string(), "grading".to_string()])
            .collect(),
    };
    let cargo = cargo_program();
    let mut command = match (niceness, crate::sandbox::find_program("nice")) {
        (Niceness::Background, Some(nice)) => {
            let mut command = Command::new(nice);
            command.args(["-n", "10"]).arg(&cargo);
            command
        }
        _ => Command::new(&cargo),
    };
    build_jail.apply(&mut command);
    command.args(["build", "--tests", "--keep-going", "--workspace"]);
    if std::env::var_os(TIMINGS_VARIABLE).is_some() {
        // Where a class build's time goes: cargo's report, one per build, in
        // `<target>/cargo-timings/`.
        command.arg("--timings");
    }
    let mut child = command
        .arg("--message-format=json")
        .arg("--manifest-path")
        .arg(workspace.manifest_path())
        .arg("--target-dir")
        .arg(target_dir)
        .current_dir(workspace.dir())
        // The grader's own cargo settings must not leak into the students' build (its
        // RUSTC_WRAPPER is the build jail's, set above).
        .env_remove("CARGO_TARGET_DIR")
        .env_remove("CARGO_BUILD_TARGET_DIR")
        .env_remove("RUSTC_WORKSPACE_WRAPPER")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|source| CompileError::Start {
            cargo: cargo.to_string_lossy().into_owned(),
            source,
        })?;

    // Drain stderr on its own thread so a chatty cargo never blocks on a full pipe.
    let stderr = child.stderr.take().expect("stderr was piped");
    let stderr_reader =
        std::thread::spawn(move || std::io::read_to_string(stderr).unwrap_or_default());

    let package_names: BTreeMap<String, String> = workspace
        .packages()
        .iter()
        .map(|package| {
            (
                package
                    .dir
                    .join("Cargo.toml")
                    .to_string_lossy()
                    .into_owned(),
                package.package_name.to_string(),
            )
        })
        .collect();
    let package_of = |id: &cargo_metadata::PackageId| -> Option<String> {
        // A path package's id is `path+file:///<dir>#<name>@<version>`.
        let dir = id.repr.strip_prefix("path+file://")?.split('#').next()?;
        package_names.get(&format!("{dir}/Cargo.toml")).cloned()
    };

    let mut output = BuildOutput::default();
    let stdout = child.stdout.take().expect("stdout was piped");
    for message in Message::parse_stream(BufReader::new(stdout)) {
        let message = message.map_err(CompileError::Read)?;
        if let Message::CompilerArtifact(artifact) = &message
            && let Some(package) = package_names.get(artifact.manifest_path.as_str())
        {
            // `filenames` lists every output, the executable of a test or binary included.
            let files = output.artifacts.entry(package.clone()).or_default();
            files.extend(
                artifact
                    .filenames
                    .iter()
                    .map(|f| f.as_std_path().to_path_buf()),
            );
        }
        match message {
            // `--tests` also builds each binary's own unit-test harness (kind `bin`, test
            // profile): only the real program is what a test drives.
            Message::CompilerArtifact(artifact)
                if artifact
                    .target
                    .kind
                    .contains(&cargo_metadata::TargetKind::Bin)
                    && !artifact.profile.test =>
            {
                let (Some(executable), Some(package)) = (
                    artifact.executable,
                    package_names.get(artifact.manifest_path.as_str()),
                ) else {
                    continue;
                };
                let name = artifact.target.name.as_str();
                let own_name = name
                    .split(crate::stage::BIN_SEPARATOR)
                    .next()
                    .unwrap_or(name);
                output
                    .bins
                    .entry(package.clone())
                    .or_default()
                    .insert(own_name.to_string(), executable.into_std_path_buf());
            }
            Message::CompilerArtifact(artifact) if artifact.profile.test => {
                let (Some(executable), Some(package)) = (
                    artifact.executable,
                    package_names.get(artifact.manifest_path.as_str()),
                ) else {
                    continue;
                };
                output
                    .binaries
                    .entry(package.clone())
                    .or_default()
                    .insert(artifact.target.name.clone(), executable.into_std_path_buf());
            }
            Message::CompilerMessage(message)
                if message.message.level == cargo_metadata::diagnostic::DiagnosticLevel::Error =>
            {
                let Some(package) = package_of(&message.package_id) else {
                    continue;
                };
                let is_test = message
                    .target
                    .kind
                    .contains(&cargo_metadata::TargetKind::Test);
                let files = span_files(&message.message);
                let rendered = message.message.rendered.unwrap_or(message.message.message);
                if is_test {
                    let errors = output.test_errors.entry(package).or_default();
                    if errors
                        .iter()
                        .map(|error| error.rendered.len())
                        .sum::<usize>()
                        < MAX_ERROR_BYTES
                    {
                        errors.push(TestError { rendered, files });
                    }
                    continue;
                }
                let errors = output.errors.entry(package).or_default();
                if errors.len() < MAX_ERROR_BYTES {
                    errors.push_str(&rendered);
                    truncate_at_char_boundary(errors, MAX_ERROR_BYTES);
                }
            }
            _ => {}
        }
    }
    let status = child.wait().map_err(CompileError::Read)?;
    let stderr = stderr_reader.join().unwrap_or_default();
    if !status.success() && output.errors.is_empty() && output.binaries.is_empty() {
        return Err(CompileError::Cargo(stderr));
    }
    // A package that failed without a rustc error of its own (e.g. a dependency it could
    // not resolve) still gets an explanation.
    for package in workspace.packages() {
        let name = package.package_name.as_str();
        let built = output.binaries.contains_key(name);
        let explained = output.errors.contains_key(name) || output.test_errors.contains_key(name);
        if !built && !explained {
            output
                .errors
                .insert(name.to_string(), tail(&stderr, MAX_ERROR_BYTES));
        }
    }
    Ok(output)
}

/// Every file a diagnostic's spans (its children's and macro expansions' included) point
/// into.
fn span_files(diagnostic: &cargo_metadata::diagnostic::Diagnostic) -> Vec<String> {
    fn spans(span: &cargo_metadata::diagnostic::DiagnosticSpan, files: &mut Vec<String>) {
        files.push(span.file_name.clone());
        if let Some(expansion) = &span.expansion {
            spans(&expansion.span, files);
            if let Some(definition) = &expansion.def_site_span {
                spans(definition, files);
            }
        }
    }
    let mut files = Vec::new();
    for span in &diagnostic.spans {
        spans(span, &mut files);
    }
    for child in &diagnostic.children {
        files.extend(span_files(child));
    }
    files.sort();
    files.dedup();
    files
}

fn truncate_at_char_boundary(text: &mut String, max: usize) {
    if text.len() > max {
        let mut cut = max;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text.truncate(cut);
        text.push_str("\n[... more errors cut ...]\n");
    }
}

fn tail(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_string();
    }
    let mut start = text.len() - max;
    while !text.is_char_boundary(start) {
        start += 1;
    }
    format!("[...]\n{}", &text[start..])
}
