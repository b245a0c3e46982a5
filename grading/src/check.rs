//! The kit self-check: every manifest entry is complete and its tests mean something.
//!
//! Like rustlings' `dev check`, it runs exactly the pipeline a student's submission goes
//! through (stage → compile → run), on two submissions per crate: the reference solution,
//! which must pass every visible and hidden test, and the starter, which must fail every
//! one of them with a message naming the exercise. Before that, a list of small
//! `check_*` functions looks at the files: starter, solution, statement, hint, test
//! files, the twin's test targets, and no `todo!` outside the starters.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::batch::{self, BatchError, BatchOptions, StudentWork};
use crate::isolation;
use crate::kit::{Kit, Visibility};
use crate::manifest::Exercise;
use crate::outcome::TestOutcome;
use crate::run::RunSettings;
use crate::score::TestResult;
use crate::stub_messages;

/// The name the starter is graded under (the solution is the batch's reference).
pub const STARTER: &str = "starter";

/// The macro a stub uses; spelled in two parts so this file is not itself a stub.
const TODO: &str = concat!("todo", "!(");
const UNIMPLEMENTED: &str = concat!("unimplemented", "!(");

/// Where the check works and how hard it may push the machine.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// The grader workspace for the staged solution and starter.
    pub work_dir: PathBuf,
    /// The cargo target dir (the kit's own, so dependencies are compiled once).
    pub target_dir: PathBuf,
    /// How many tests run at once.
    pub jobs: usize,
    /// Which exercises are graded with only their starter put back (see [`isolation`]).
    pub isolation: Isolation,
}

/// Which exercises the self-check grades alone, as the solved crate with just that
/// exercise's starter put back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Isolation {
    /// Those another exercise's test binaries reach into, and one sample (the first
    /// exercise of the smallest crate), so the rule runs end to end every time.
    Needed,
    /// Every exercise this machine can grade: one build and one test run each.
    Every,
}

impl CheckOptions {
    /// Defaults for `kit`: work in `<kit>/target/kit-check`, build into `<kit>/target`,
    /// two tests per core, as grading runs them.
    pub fn for_kit(kit: &Kit) -> CheckOptions {
        let target_dir = kit.root().join("target");
        CheckOptions {
            work_dir: target_dir.join("kit-check"),
            target_dir,
            jobs: batch::default_jobs(),
            isolation: Isolation::Needed,
        }
    }
}

/// The check's findings for one exercise.
#[derive(Debug, Clone, Default)]
pub struct ExerciseCheck {
    /// The exercise id.
    pub id: String,
    /// Everything wrong with it; empty means ready.
    pub problems: Vec<String>,
    /// Tests found in its visible and hidden test files.
    pub tests: usize,
    /// How many of them the solution passed.
    pub solution_passed: usize,
    /// How many of them the starter failed with a message naming the exercise.
    pub starter_failed: usize,
    /// Whether it was graded alone (the solved crate with only its starter put back).
    pub tried_alone: bool,
    /// The programs this machine lacks to check it (`None`: it was checked). An exercise
    /// not checked has no problems found, and says so in the table.
    pub not_checked: Option<String>,
}

impl ExerciseCheck {
    /// Whether nothing is wrong with the exercise.
    pub fn is_ready(&self) -> bool {
        self.problems.is_empty()
    }
}

/// The check's findings for the whole kit.
#[derive(Debug, Clone, Default)]
pub struct CheckReport {
    /// Per crate, per exercise, in manifest order.
    pub crates: Vec<(String, Vec<ExerciseCheck>)>,
    /// Problems that belong to no single exercise.
    pub kit_problems: Vec<String>,
}

impl CheckReport {
    /// Whether every exercise is ready and the kit has no problem of its own.
    pub fn is_ok(&self) -> bool {
        self.kit_problems.is_empty()
            && self
                .crates
                .iter()
                .all(|(_, exercises)| exercises.iter().all(ExerciseCheck::is_ready))
    }

    /// The per-crate table, followed by every problem found.
    pub fn render(&self) -> String {
        let mut text = String::new();
        let _ = writeln!(
            text,
            "{:<16} {:>9} {:>7} {:>17} {:>15}",
            "crate", "ready", "tests", "solution passes", "starter fails"
        );
        for (crate_name, exercises) in &self.crates {
            let ready = exercises.iter().filter(|e| e.is_ready()).count();
            let tests: usize = exercises.iter().map(|e| e.tests).sum();
            let passed: usize = exercises.iter().map(|e| e.solution_passed).sum();
            let failed: usize = exercises.iter().map(|e| e.starter_failed).sum();
            let not_checked = exercises.iter().all(|e| e.not_checked.is_some());
            if let Some(missing) = exercises.iter().find_map(|e| e.not_checked.as_ref())
                && not_checked
            {
                let _ = writeln!(
                    text,
                    "{crate_name:<16} not checked on this machine: install {missing}"
                );
                continue;
            }
            let _ = writeln!(
                text,
                "{crate_name:<16} {:>9} {tests:>7} {:>17} {:>15}",
                format!("{ready}/{}", exercises.len()),
                format!("{passed}/{tests}"),
                format!("{failed}/{tests}"),
            );
        }
        let alone: Vec<&str> = self
            .crates
            .iter()
            .flat_map(|(_, exercises)| exercises)
            .filter(|exercise| exercise.tried_alone)
            .map(|exercise| exercise.id.as_str())
            .collect();
        if !alone.is_empty() {
            let _ = writeln!(
                text,
                "graded alone (the solved crate with only its starter put back): {}",
                alone.join(", ")
            );
        }
        let problems: Vec<String> = self
            .kit_problems
            .iter()
            .cloned()
            .chain(self.crates.iter().flat_map(|(_, exercises)| {
                exercises
                    .iter()
                    .flat_map(|e| e.problems.iter().map(move |p| format!("{}: {p}", e.id)))
            }))
            .collect();
        if problems.is_empty() {
            let _ = writeln!(text, "\nall exercises ready");
        } else {
            let _ = writeln!(text, "\n{} problem(s):", problems.len());
            for problem in problems {
                let _ = writeln!(text, "- {}", problem.replace('\n', "\n  "));
            }
        }
        text
    }
}

/// Why the check could not run (as opposed to finding problems, which it reports).
#[derive(Debug, thiserror::Error)]
pub enum CheckError {
    /// The grading pipeline could not run.
    #[error(transparent)]
    Batch(#[from] BatchError),
    /// The pipeline ran but returned no grade for the starter.
    #[error("the starter was not graded")]
    NotGraded,
}

/// Runs the whole self-check.
///
/// # Errors
/// [`CheckError`] when the pipeline itself breaks; problems with exercises are findings
/// in the returned [`CheckReport`], not errors.
pub fn run_check(kit: &Kit, options: &CheckOptions) -> Result<CheckReport, CheckError> {
    let manifest = kit.manifest();
    let mut report = CheckReport {
        kit_problems: check_no_stubs_outside_starters(kit),
        ..CheckReport::default()
    };
    let mut checks: BTreeMap<String, ExerciseCheck> = BTreeMap::new();
    for exercise in &manifest.exercises {
        let mut problems = Vec::new();
        problems.extend(check_starter_module(kit, exercise));
        problems.extend(check_solution_module(kit, exercise));
        problems.extend(check_statement(kit, exercise));
        problems.extend(check_test_files(kit, exercise));
        problems.extend(check_twin_targets(kit, exercise));
        problems.extend(check_expected_panics(kit, exercise));
        checks.insert(
            exercise.id.clone(),
            ExerciseCheck {
                id: exercise.id.clone(),
                problems,
                ..ExerciseCheck::default()
            },
        );
    }

    // The starter is graded as one student of a class, through the same pipeline as
    // `grade class`: the reference solution (graded first, as in every batch) must pass
    // every test, the starter must fail every one with a message naming its exercise.
    let starter = StudentWork {
        student: STARTER.to_string(),
        root: Some(kit.root().to_path_buf()),
        notes: Vec::new(),
    };
    // Graded alongside: the solved crate with one exercise's starter put back, for the
    // exercises the isolation rule must try (see `isolation`).
    let alone = match isolated_exercises(kit, options) {
        Ok(alone) => alone,
        Err(problem) => {
            report.kit_problems.push(problem);
            Vec::new()
        }
    };
    let mut students = vec![starter];
    for exercise in &alone {
        match isolation::variant(kit, exercise, &options.work_dir.join("isolation")) {
            Ok(work) => students.push(work),
            Err(error) => report.kit_problems.push(format!(
                "the variant of {} cannot be written: {error}",
                exercise.id
            )),
        }
    }
    let batch_options = BatchOptions {
        out_dir: options.work_dir.clone(),
        target_dir: options.target_dir.clone(),
        jobs: options.jobs,
        timeout: None,
        force: true,
        run: RunSettings::new(options.work_dir.join("scratch")),
        build_group: 0,
    };
    let graded = match batch::grade_students(kit, &students, &batch_options, &|_| {}) {
        Ok(graded) => graded,
        Err(BatchError::ReferenceBroken { crate_name, detail }) => {
            report.kit_problems.push(format!(
                "the solution of {crate_name} cannot be graded against: {}",
                first_lines(&detail, 12)
            ));
            return Ok(finish(manifest, checks, report));
        }
        Err(BatchError::Requirements { exercise, problems }) => {
            let check = checks
                .get_mut(&exercise)
                .expect("every exercise has a check");
            check.problems.extend(problems);
            return Ok(finish(manifest, checks, report));
        }
        Err(error) => return Err(error.into()),
    };
    let starter = graded
        .grades
        .iter()
        .find(|grade| grade.student == STARTER)
        .ok_or(CheckError::NotGraded)?;
    for (crate_name, errors) in &starter.build_errors {
        for exercise in manifest.exercises_of(crate_name) {
            let check = checks
                .get_mut(&exercise.id)
                .expect("every exercise has a check");
            check.problems.push(format!(
                "the starter does not compile:\n{}",
                first_lines(errors, 12)
            ));
        }
    }

    for exercise in &alone {
        let check = checks
            .get_mut(&exercise.id)
            .expect("every exercise has a check");
        check.tried_alone = true;
        match graded
            .grades
            .iter()
            .find(|grade| grade.student == isolation::variant_name(exercise))
        {
            Some(grade) => check
                .problems
                .extend(isolation::variant_problems(exercise, grade)),
            None => check
                .problems
                .push("its variant with only its starter put back was not graded".into()),
        }
    }

    for exercise in &manifest.exercises {
        let check = checks
            .get_mut(&exercise.id)
            .expect("every exercise has a check");
        let id = exercise.id.as_str();
        if let Some(missing) = batch::what_is_missing(exercise) {
            check.not_checked = Some(missing);
            continue;
        }
        let reference: Vec<&TestResult> = graded
            .reference
            .iter()
            .filter(|test| test.exercise == id)
            .collect();
        for file in kit.test_files(exercise) {
            if !reference.iter().any(|test| test.target == file.target) {
                check.problems.push(format!(
                    "{} holds no test the solution could run",
                    file.path.display()
                ));
            }
        }
        for visibility in [Visibility::Visible, Visibility::Hidden] {
            if !kit
                .test_files(exercise)
                .iter()
                .any(|f| f.visibility == visibility)
            {
                check.problems.push(format!("no {visibility:?} test file"));
            }
        }
        for test in &reference {
            check.tests += 1;
            if test.outcome.passed() {
                check.solution_passed += 1;
            } else {
                check.problems.push(format!(
                    "the solution does not pass {}: {}",
                    test.full_name(),
                    test.outcome
                ));
            }
        }
        let starter_tests = starter
            .exercises
            .iter()
            .filter(|grade| grade.id == id)
            .flat_map(|grade| &grade.tests);
        for test in starter_tests {
            let name = test.full_name();
            match &test.outcome {
                TestOutcome::Failed { message } if message.contains(id) => {
                    check.starter_failed += 1;
                }
                TestOutcome::Passed => check.problems.push(format!(
                    "the starter passes {name}: a test the starter passes proves nothing"
                )),
                TestOutcome::BuildError => {} // said once per crate, above
                other => check.problems.push(format!(
                    "the starter fails {name} without a message naming {id}: {}",
                    first_lines(&other.to_string(), 6)
                )),
            }
        }
    }
    Ok(finish(manifest, checks, report))
}

/// The exercises to grade alone: those another exercise's tests reach into, plus the
/// sample, or every gradable one.
fn isolated_exercises<'a>(
    kit: &'a Kit,
    options: &CheckOptions,
) -> Result<Vec<&'a Exercise>, String> {
    let manifest = kit.manifest();
    let gradable: Vec<&Exercise> = batch::buildable_crates(manifest)
        .into_iter()
        .flat_map(|crate_name| manifest.exercises_of(crate_name))
        .filter(|exercise| batch::what_is_missing(exercise).is_none())
        .collect();
    if options.isolation == Isolation::Every {
        return Ok(gradable);
    }
    let dependencies = isolation::dependencies(kit, &options.target_dir)
        .map_err(|error| format!("the exercises' dependencies cannot be found: {error}"))?;
    let sample = gradable
        .iter()
        .min_by_key(|exercise| manifest.exercises_of(&exercise.crate_name).count());
    Ok(gradable
        .iter()
        .filter(|exercise| {
            dependencies
                .iter()
                .any(|dependency| dependency.uses == exercise.id)
                || sample.is_some_and(|sample| sample.id == exercise.id)
        })
        .copied()
        .collect())
}

/// The report with every exercise's findings in manifest order, by crate.
fn finish(
    manifest: &crate::manifest::Manifest,
    mut checks: BTreeMap<String, ExerciseCheck>,
    mut report: CheckReport,
) -> CheckReport {
    for crate_name in manifest.crates() {
        let exercises = manifest
            .exercises_of(crate_name)
            .map(|exercise| {
                checks
                    .remove(&exercise.id)
                    .expect("every exercise has a check")
            })
            .collect();
        report.crates.push((crate_name.to_string(), exercises));
    }
    report
}

/// The source files of an exercise's module under `src`: `<module>.rs` or `<module>/mod.rs`,
/// plus every file in `<module>/`.
fn module_sources(src: &Path, module: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = [
        src.join(format!("{module}.rs")),
        src.join(module).join("mod.rs"),
    ]
    .into_iter()
    .filter(|path| path.is_file())
    .collect();
    if let Ok(entries) = std::fs::read_dir(src.join(module)) {
        let mut inner: Vec<PathBuf> = entries
            .flatten()
            .map(|entry| entry.path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "rs") && !files.contains(path))
            .collect();
        inner.sort();
        files.extend(inner);
    }
    files
}

fn read_all(files: &[PathBuf]) -> String {
    files
        .iter()
        .filter_map(|path| std::fs::read_to_string(path).ok())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The starter module exists and still has its `todo!`s for the student.
fn check_starter_module(kit: &Kit, exercise: &Exercise) -> Vec<String> {
    let src = kit.starter_dir(&exercise.crate_name).join("src");
    let files = module_sources(&src, &exercise.module);
    if files.is_empty() {
        return vec![format!(
            "no starter module {}/{}.rs",
            src.display(),
            exercise.module
        )];
    }
    if !read_all(&files).contains(TODO) {
        return vec!["the starter module has no `todo!` left for the student".to_string()];
    }
    Vec::new()
}

/// The solution module exists and is not a stub.
fn check_solution_module(kit: &Kit, exercise: &Exercise) -> Vec<String> {
    let src = kit.solution_dir(&exercise.crate_name).join("src");
    let files = module_sources(&src, &exercise.module);
    if files.is_empty() {
        return vec![format!(
            "no solution module {}/{}.rs",
            src.display(),
            exercise.module
        )];
    }
    let text = read_all(&files);
    if text.contains(TODO) || text.contains(UNIMPLEMENTED) {
        return vec!["the solution module still has a `todo!` or `unimplemented!`".to_string()];
    }
    Vec::new()
}

/// The crate README has a `## <id>` section that cites the seed file.
fn check_statement(kit: &Kit, exercise: &Exercise) -> Vec<String> {
    let readme_path = kit.statement_file(&exercise.crate_name);
    let Ok(readme) = std::fs::read_to_string(&readme_path) else {
        return vec![format!("no statement file {}", readme_path.display())];
    };
    let heading = format!("## {}", exercise.id);
    let Some(start) = readme
        .lines()
        .position(|line| line == heading || line.starts_with(&format!("{heading} ")))
    else {
        return vec![format!(
            "{} has no section headed `{heading}`",
            readme_path.display()
        )];
    };
    let section: Vec<&str> = readme
        .lines()
        .skip(start + 1)
        .take_while(|line| !line.starts_with("## "))
        .collect();
    let section = section.join("\n");
    let mut problems = Vec::new();
    if !section.contains(&exercise.lab_sheet) {
        problems.push(format!(
            "the statement does not cite its lab sheet {}",
            exercise.lab_sheet
        ));
    }
    if section.split_whitespace().count() < 40 {
        problems.push("the statement is shorter than 40 words".to_string());
    }
    problems
}

/// Every test file the manifest names exists.
fn check_test_files(kit: &Kit, exercise: &Exercise) -> Vec<String> {
    kit.test_files(exercise)
        .into_iter()
        .filter(|file| !file.path.is_file())
        .map(|file| format!("missing test file {}", file.path.display()))
        .collect()
}

/// The solution twin declares every test file as a test target, so `cargo test` on the
/// kit runs the same tests the grader does.
fn check_twin_targets(kit: &Kit, exercise: &Exercise) -> Vec<String> {
    let twin_dir = kit.solution_dir(&exercise.crate_name);
    let twin_manifest = twin_dir.join("Cargo.toml");
    let targets: Vec<(String, PathBuf)> = std::fs::read_to_string(&twin_manifest)
        .ok()
        .and_then(|text| text.parse::<toml::Table>().ok())
        .and_then(|table| table.get("test").and_then(|t| t.as_array()).cloned())
        .unwrap_or_default()
        .iter()
        .filter_map(|target| {
            let name = target.get("name")?.as_str()?.to_string();
            let path = twin_dir.join(target.get("path")?.as_str()?);
            Some((name, path.canonicalize().unwrap_or(path)))
        })
        .collect();
    kit.test_files(exercise)
        .into_iter()
        .filter(|file| {
            let path = file
                .path
                .canonicalize()
                .unwrap_or_else(|_| file.path.clone());
            !targets.contains(&(file.target.clone(), path))
        })
        .map(|file| {
            format!(
                "{} has no [[test]] named {} for {}",
                twin_manifest.display(),
                file.target,
                file.path.display()
            )
        })
        .collect()
}

/// No `should_panic(expected = …)` text of the exercise's tests is something a stub of
/// its crate's starter could say (such a test would pass on the stub's panic).
fn check_expected_panics(kit: &Kit, exercise: &Exercise) -> Vec<String> {
    let stubs: Vec<(PathBuf, String)> =
        rust_files(&kit.starter_dir(&exercise.crate_name).join("src"))
            .into_iter()
            .flat_map(|file| {
                let text = std::fs::read_to_string(&file).unwrap_or_default();
                stub_messages::stub_messages(&text)
                    .into_iter()
                    .map(move |message| (file.clone(), message))
            })
            .collect();
    let mut problems = Vec::new();
    for test in kit.test_files(exercise) {
        let text = std::fs::read_to_string(&test.path).unwrap_or_default();
        for expected in stub_messages::expected_panics(&text) {
            if let Some((file, message)) = stubs
                .iter()
                .find(|(_, message)| stub_messages::could_say(message, &expected))
            {
                problems.push(format!(
                    "{} expects a panic saying {expected:?}, which the stub in {} could say ({message:?}): the test would pass on the starter; check the message with testkit::panic_message instead",
                    test.path.display(),
                    file.display()
                ));
            }
        }
    }
    problems
}

/// No `todo!` or `unimplemented!` anywhere but the starters' `src/`.
fn check_no_stubs_outside_starters(kit: &Kit) -> Vec<String> {
    let mut problems = Vec::new();
    let mut roots = vec![kit.root().join("solutions"), kit.root().join("grading")];
    for crate_name in kit.manifest().crates() {
        roots.push(kit.starter_dir(crate_name).join("tests"));
        roots.push(kit.starter_dir(crate_name).join("examples"));
    }
    for root in roots {
        for file in rust_files(&root) {
            let text = std::fs::read_to_string(&file).unwrap_or_default();
            for (number, line) in text.lines().enumerate() {
                if line.contains(TODO) || line.contains(UNIMPLEMENTED) {
                    problems.push(format!(
                        "a stub outside the starters: {}:{}",
                        file.display(),
                        number + 1
                    ));
                }
            }
        }
    }
    problems
}

/// Every `.rs` file under `dir`, skipping build output.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return found;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() && entry.file_name() != "target" {
            found.extend(rust_files(&path));
        } else if kind.is_file() && path.extension().is_some_and(|ext| ext == "rs") {
            found.push(path);
        }
    }
    found.sort();
    found
}

fn first_lines(text: &str, count: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut shown = lines[..lines.len().min(count)].join("\n");
    if lines.len() > count {
        shown.push_str("\n[...]");
    }
    shown
}
