//! Batch: grade many submissions with a few shared builds, storing each student's result
//! as soon as it is known.
//!
//! The reference solution is staged next to the students as one more package. Its test
//! binaries say which tests exist, so a student whose code does not compile still has
//! every test listed (as a build error), and a run of the reference inside the jail proves
//! the jail itself is not what fails the students.
//!
//! Students are built in groups ([`BatchOptions::build_group`]): one cargo build per
//! group, and once a group is graded its test binaries are deleted, so a class of 200
//! never needs 200 students' binaries on disk at once. All the tests of a group's students
//! share one pool of `jobs` workers (students in parallel, in order), so no worker idles
//! while one student's last slow test runs out its timeout.
//!
//! Results go to `<out>/results/<student>.json` the moment a student's last test ends.
//! A second run skips every student whose stored result was graded from the same sources
//! and the same kit tests ([`fingerprint`]; unless told to regrade), so an interrupted
//! batch resumes where it stopped and never loses a finished student, and a student who
//! hands in again is regraded.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::collect::SkipSummary;
use crate::compile::{self, BuildOutput};
use crate::files::{FileError, io};
use crate::fingerprint;
use crate::kit::Kit;
use crate::outcome::TestOutcome;
use crate::run::{self, RunSettings, TestCase};
use crate::score::{self, SubmissionGrade, TestResult};
use crate::stage::{BuildWorkspace, SkippedFile, StageError, TEST_TARGET};

/// The staging key of the reference solution (student keys are prefixed `s-`, so no
/// student can collide with it).
const REFERENCE: &str = "reference";

/// One student's work, ready to stage: the folder holding their `ex-*` crates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StudentWork {
    /// The student's name as reports show it (letters, digits, `-`, `_`).
    pub student: String,
    /// The folder holding the `ex-*` crates, or `None` if the submission could not be
    /// read at all (the notes say why; every test is then missing).
    pub root: Option<PathBuf>,
    /// Things found while collecting that the student should be told.
    pub notes: Vec<String>,
}

/// How a batch runs.
#[derive(Debug, Clone)]
pub struct BatchOptions {
    /// Where results, reports and the build workspace go.
    pub out_dir: PathBuf,
    /// The cargo target dir shared by every build of this kit.
    pub target_dir: PathBuf,
    /// How many tests run at once.
    pub jobs: usize,
    /// A per-test limit that replaces the manifest's, if set.
    pub timeout: Option<Duration>,
    /// Regrade students who already have a stored result.
    pub force: bool,
    /// How tests are confined and limited.
    pub run: RunSettings,
    /// How many students are built together (0: the whole class in one build). Each
    /// group's test binaries are deleted once its students are graded, so the disk holds
    /// one group's binaries at a time instead of the whole class's.
    pub build_group: usize,
}

/// Why a batch could not run at all (a problem with one student is never one of these:
/// it becomes part of that student's grade).
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    /// The build workspace or a result file could not be written or read.
    #[error(transparent)]
    Io(#[from] FileError),
    /// Staging the reference solution failed: the kit itself is broken.
    #[error("failed to stage the reference solution")]
    Reference(#[source] StageError),
    /// Cargo could not build anything.
    #[error(transparent)]
    Compile(#[from] compile::CompileError),
    /// A stored result could not be read back.
    #[error("failed to read the stored result {path}: {message}")]
    Stored {
        /// The result file.
        path: String,
        /// What the parser said.
        message: String,
    },
}

/// Events a batch reports while it works, for a progress display.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BatchEvent {
    /// Students with a stored result of the same submission (same sources, same kit
    /// tests) were skipped.
    Resumed {
        /// How many.
        skipped: usize,
    },
    /// The build of the next group of students started.
    BuildStarted {
        /// How many students are in it.
        students: usize,
    },
    /// The build finished; this many more tests will run.
    TestsPlanned {
        /// Tests over the group's students, and the reference's with the first group.
        tests: usize,
    },
    /// The reference solution ran in the jail; these of its tests did not pass (a
    /// non-empty list means the machine or the jail, not the students, is failing tests).
    ReferenceChecked {
        /// `target::name: outcome` of each reference test that did not pass.
        failed: Vec<String>,
    },
    /// One test finished (or was settled without running).
    TestFinished,
    /// One student's result was stored.
    StudentGraded {
        /// The student.
        student: String,
    },
    /// A group was graded and its students' build artifacts deleted.
    ArtifactsRemoved {
        /// How many bytes that freed.
        bytes: u64,
    },
}

/// Unpacks every submission into `dir/<student>` (archives) or uses it in place
/// (folders). A submission that cannot be read becomes a student with no code and a note
/// saying why, so it is graded (as missing) instead of stopping the batch. Entries of an
/// archive that were left out become one note per reason ([`SkipSummary`]).
pub fn unpack_all(submissions: &[crate::collect::Submission], dir: &Path) -> Vec<StudentWork> {
    submissions
        .iter()
        .map(|submission| {
            let into = dir.join(&submission.student);
            // A previous run's extraction is replaced, never merged.
            let _ = std::fs::remove_dir_all(&into);
            match crate::collect::unpack(submission, &into) {
                Ok(found) => StudentWork {
                    student: submission.student.clone(),
                    root: Some(found.root),
                    // One note per reason, however many entries were left out.
                    notes: SkipSummary::group(
                        found
                            .skipped
                            .into_iter()
                            .map(|skipped| (skipped.path, skipped.reason)),
                    )
                    .iter()
                    .map(ToString::to_string)
                    .collect(),
                },
                Err(error) => StudentWork {
                    student: submission.student.clone(),
                    root: None,
                    notes: vec![format!("the submission could not be read: {error}")],
                },
            }
        })
        .collect()
}

/// The notes for the files of `crate_name` that staging left out: one per reason
/// ([`SkipSummary`]), however many files there were, naming them as
/// `<crate>/src/<path>`.
pub fn staging_notes(crate_name: &str, skipped: &[SkippedFile]) -> Vec<String> {
    let src = Path::new(crate_name).join("src");
    SkipSummary::group(
        skipped
            .iter()
            .map(|skipped| (src.join(&skipped.path), &skipped.reason)),
    )
    .iter()
    .map(ToString::to_string)
    .collect()
}

/// The folder of stored per-student results inside `out_dir`.
pub fn results_dir(out_dir: &Path) -> PathBuf {
    out_dir.join("results")
}

/// Loads every stored result in `out_dir`, sorted by student.
///
/// # Errors
/// [`BatchError`] when the folder or a result cannot be read.
pub fn load_results(out_dir: &Path) -> Result<Vec<SubmissionGrade>, BatchError> {
    let dir = results_dir(out_dir);
    let mut grades = Vec::new();
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Ok(grades);
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|ext| ext == "json") {
            grades.push(read_result(&path)?);
        }
    }
    grades.sort_by(|a, b| a.student.cmp(&b.student));
    Ok(grades)
}

fn read_result(path: &Path) -> Result<SubmissionGrade, BatchError> {
    let text = std::fs::read_to_string(path).map_err(io("read", path))?;
    serde_json::from_str::<StoredResult>(&text)
        .map(|stored| stored.grade)
        .map_err(|error| BatchError::Stored {
            path: path.display().to_string(),
            message: error.to_string(),
        })
}

/// The fingerprint of what `student`'s stored result was graded from, if there is one
/// that can be read.
fn stored_fingerprint(out_dir: &Path, student: &str) -> Option<String> {
    let text = std::fs::read_to_string(result_path(out_dir, student)).ok()?;
    let stored: StoredResult = serde_json::from_str(&text).ok()?;
    Some(stored.fingerprint)
}

/// A result as stored on disk: the grade and the [`fingerprint`] of what was graded.
#[derive(Debug, serde::Serialize, serde::Deserialize)]
struct StoredResult {
    /// Empty in results stored before fingerprints existed (they are regraded).
    #[serde(default)]
    fingerprint: String,
    #[serde(flatten)]
    grade: SubmissionGrade,
}

/// Grades every student in `students` that has no stored result (all of them with
/// `force`), storing each result as soon as it is complete, and returns the grades of
/// everyone graded now or before, sorted by student.
///
/// # Errors
/// [`BatchError`] when the batch itself cannot run; a student's broken, missing or
/// hostile work is graded, never an error.
pub fn grade_students(
    kit: &Kit,
    students: &[StudentWork],
    options: &BatchOptions,
    on_event: &(dyn Fn(BatchEvent) + Sync),
) -> Result<Vec<SubmissionGrade>, BatchError> {
    let manifest = kit.manifest();
    let results = results_dir(&options.out_dir);
    std::fs::create_dir_all(&results).map_err(io("create", &results))?;
    let fingerprints: BTreeMap<&str, String> = students
        .iter()
        .map(|work| {
            let fingerprint = fingerprint::of_submission(kit, work.root.as_deref());
            (work.student.as_str(), fingerprint)
        })
        .collect();
    let to_grade: Vec<&StudentWork> = students
        .iter()
        .filter(|work| {
            options.force
                || stored_fingerprint(&options.out_dir, &work.student).as_ref()
                    != Some(&fingerprints[work.student.as_str()])
        })
        .collect();
    on_event(BatchEvent::Resumed {
        skipped: students.len() - to_grade.len(),
    });

    if !to_grade.is_empty() {
        // The reference is staged once and stays in the workspace: every group's build
        // finds it fresh.
        let mut workspace = BuildWorkspace::create(&options.out_dir.join("workspace"))
            .map_err(BatchError::Reference)?;
        for crate_name in manifest.crates() {
            workspace
                .stage(
                    kit,
                    REFERENCE,
                    crate_name,
                    &kit.solution_dir(crate_name).join("src"),
                )
                .map_err(BatchError::Reference)?;
        }
        let group_size = match options.build_group {
            0 => to_grade.len(),
            size => size,
        };
        let mut plan = None;
        for group in to_grade.chunks(group_size) {
            grade_group(
                kit,
                &mut workspace,
                group,
                &fingerprints,
                &mut plan,
                options,
                on_event,
            )?;
        }
    }

    let wanted: Vec<&str> = students.iter().map(|work| work.student.as_str()).collect();
    Ok(load_results(&options.out_dir)?
        .into_iter()
        .filter(|grade| wanted.contains(&grade.student.as_str()))
        .collect())
}

/// Stages, builds and grades one group of students, storing each result as soon as it is
/// complete, then removes the group's packages and build artifacts. The first group also
/// plans the tests from the reference's binaries and runs the reference.
fn grade_group(
    kit: &Kit,
    workspace: &mut BuildWorkspace,
    group: &[&StudentWork],
    fingerprints: &BTreeMap<&str, String>,
    plan: &mut Option<Vec<PlannedTest>>,
    options: &BatchOptions,
    on_event: &(dyn Fn(BatchEvent) + Sync),
) -> Result<(), BatchError> {
    let manifest = kit.manifest();
    let mut notes: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    let mut staged: BTreeMap<&str, BTreeMap<&str, String>> = BTreeMap::new();
    for work in group {
        let student_notes = notes
            .entry(&work.student)
            .or_insert_with(|| work.notes.clone());
        let packages = staged.entry(&work.student).or_default();
        let Some(root) = &work.root else { continue };
        for crate_name in manifest.crates() {
            let key = student_key(&work.student);
            match workspace.stage(kit, &key, crate_name, &root.join(crate_name).join("src")) {
                Ok(package) => {
                    student_notes.extend(staging_notes(crate_name, &package.skipped));
                    packages.insert(crate_name, package.package_name.clone());
                }
                Err(error) => student_notes.push(error.to_string()),
            }
        }
    }
    workspace
        .write_manifest(kit)
        .map_err(BatchError::Reference)?;
    on_event(BatchEvent::BuildStarted {
        students: group.len(),
    });
    let build = compile::build_tests(workspace, &options.target_dir, kit, &options.run.jail)?;

    let plan: &[PlannedTest] = match plan {
        Some(plan) => {
            on_event(BatchEvent::TestsPlanned {
                tests: plan.len() * group.len(),
            });
            plan
        }
        None => {
            // The reference's tests are the plan, for the reference and for every student.
            let planned = plan_tests(kit, &build, options.timeout);
            on_event(BatchEvent::TestsPlanned {
                tests: planned.len() * (group.len() + 1),
            });
            let reference: BTreeMap<&str, String> = manifest
                .crates()
                .into_iter()
                .map(|crate_name| (crate_name, format!("{crate_name}--{REFERENCE}")))
                .collect();
            let failed = std::sync::Mutex::new(Vec::new());
            run_submissions(
                &planned,
                &build,
                &[reference],
                options,
                on_event,
                &|_, results| {
                    *failed.lock().expect("not poisoned") = results
                        .into_iter()
                        .filter(|result| !result.outcome.passed())
                        .map(|result| format!("{}: {}", result.full_name(), result.outcome))
                        .collect();
                },
            );
            let failed = failed.into_inner().expect("not poisoned");
            on_event(BatchEvent::ReferenceChecked { failed });
            plan.insert(planned)
        }
    };

    // Every student of the group in one pool of test runs; each result is stored the
    // moment the student's last test ends.
    let packages: Vec<BTreeMap<&str, String>> = group
        .iter()
        .map(|work| staged.remove(work.student.as_str()).unwrap_or_default())
        .collect();
    let notes = std::sync::Mutex::new(notes);
    let store_error = std::sync::Mutex::new(None);
    run_submissions(
        plan,
        &build,
        &packages,
        options,
        on_event,
        &|index, results| {
            let work = group[index];
            let notes = notes
                .lock()
                .expect("not poisoned")
                .remove(work.student.as_str())
                .unwrap_or_default();
            let mut grade = grade_submission(kit, &build, work, &packages[index], results);
            grade.notes = notes;
            grade.sandboxed = options.run.jail.is_sandboxed();
            match store_result(
                &options.out_dir,
                &grade,
                &fingerprints[work.student.as_str()],
            ) {
                Ok(()) => on_event(BatchEvent::StudentGraded {
                    student: work.student.clone(),
                }),
                Err(error) => {
                    store_error
                        .lock()
                        .expect("not poisoned")
                        .get_or_insert(error);
                }
            }
        },
    );
    if let Some(error) = store_error.into_inner().expect("not poisoned") {
        return Err(error);
    }

    // Graded and stored: the group's binaries and staged sources only take space.
    let mut freed = 0;
    for (work, packages) in group.iter().zip(&packages) {
        freed += packages
            .values()
            .map(|package| build.remove_artifacts(package))
            .sum::<u64>();
        workspace
            .unstage(&student_key(&work.student))
            .map_err(BatchError::Reference)?;
    }
    on_event(BatchEvent::ArtifactsRemoved { bytes: freed });
    Ok(())
}

/// Scores one student's test results into their grade (with no notes, and not marked
/// sandboxed: the caller knows those).
fn grade_submission(
    kit: &Kit,
    build: &BuildOutput,
    work: &StudentWork,
    packages: &BTreeMap<&str, String>,
    results: Vec<TestResult>,
) -> SubmissionGrade {
    let manifest = kit.manifest();
    let mut by_exercise: BTreeMap<String, Vec<TestResult>> = BTreeMap::new();
    for result in results {
        by_exercise
            .entry(result.exercise.clone())
            .or_default()
            .push(result);
    }
    let exercises = manifest
        .exercises
        .iter()
        .map(|exercise| {
            let tests = by_exercise.remove(&exercise.id).unwrap_or_default();
            score::grade_exercise(manifest, &exercise.id, tests)
        })
        .collect();
    let build_errors = packages
        .iter()
        .filter_map(|(crate_name, package)| {
            let text = student_build_errors(kit, build, crate_name, package);
            (!text.is_empty()).then(|| (crate_name.to_string(), text))
        })
        .collect();
    SubmissionGrade {
        student: work.student.clone(),
        exercises,
        build_errors,
        notes: Vec::new(),
        sandboxed: false,
    }
}

/// The staging key of a student (prefixed so no student can be the reference).
fn student_key(student: &str) -> String {
    format!("s-{student}")
}

/// Runs every planned test of every submission (each given by its packages, by crate) in
/// one pool of [`BatchOptions::jobs`] workers, submission after submission, and calls
/// `on_complete` with a submission's index and results the moment its last test ends.
/// Sharing one pool means no worker idles at the end of a submission while another waits
/// out a slow test. A crate without a package is missing; a package without the test's
/// binary did not compile: those tests are settled without running.
fn run_submissions(
    plan: &[PlannedTest],
    build: &BuildOutput,
    submissions: &[BTreeMap<&str, String>],
    options: &BatchOptions,
    on_event: &(dyn Fn(BatchEvent) + Sync),
    on_complete: &(dyn Fn(usize, Vec<TestResult>) + Sync),
) {
    let mut cases = Vec::new();
    let mut case_owner = Vec::new();
    let mut pending: Vec<InFlight> = Vec::new();
    for (index, packages) in submissions.iter().enumerate() {
        let mut in_flight = InFlight {
            results: Vec::with_capacity(plan.len()),
            remaining: 0,
        };
        for (slot, planned) in plan.iter().enumerate() {
            let package = packages.get(planned.crate_name.as_str());
            let binary = package.and_then(|package| build.binary(package, TEST_TARGET));
            let settled = match (package, binary) {
                (Some(package), Some(binary)) => {
                    cases.push(TestCase {
                        binary: binary.to_path_buf(),
                        name: format!("{}::{}", planned.target, planned.name),
                        timeout: planned.timeout,
                        programs: build.programs(package),
                    });
                    case_owner.push((index, slot));
                    in_flight.remaining += 1;
                    None
                }
                (Some(_), None) => Some(TestOutcome::BuildError),
                (None, _) => Some(TestOutcome::Missing),
            };
            in_flight.results.push(settled.map(|outcome| {
                on_event(BatchEvent::TestFinished);
                test_result(planned, outcome, String::new(), Duration::ZERO)
            }));
        }
        pending.push(in_flight);
    }
    // Submissions with nothing to run are complete already.
    for (index, in_flight) in pending.iter_mut().enumerate() {
        if in_flight.remaining == 0 {
            on_complete(index, in_flight.take_results());
        }
    }
    let pending = std::sync::Mutex::new(pending);
    run::run_all(&cases, &options.run, options.jobs, &|case, run| {
        on_event(BatchEvent::TestFinished);
        let (index, slot) = case_owner[case];
        let (outcome, output, duration) = match run {
            Ok(run) => (run.outcome.clone(), run.output.clone(), run.duration),
            Err(error) => (
                TestOutcome::Failed {
                    message: format!("the grader could not run this test: {error}"),
                },
                String::new(),
                Duration::ZERO,
            ),
        };
        let finished = {
            let mut pending = pending.lock().expect("no worker panics while holding it");
            let in_flight = &mut pending[index];
            in_flight.results[slot] = Some(test_result(&plan[slot], outcome, output, duration));
            in_flight.remaining -= 1;
            (in_flight.remaining == 0).then(|| in_flight.take_results())
        };
        if let Some(results) = finished {
            on_complete(index, results);
        }
    });
}

/// One submission's results while its tests run.
struct InFlight {
    /// One per planned test, in plan order; `None` while the test runs.
    results: Vec<Option<TestResult>>,
    /// Tests still running.
    remaining: usize,
}

impl InFlight {
    /// The results, once every test has one.
    fn take_results(&mut self) -> Vec<TestResult> {
        std::mem::take(&mut self.results)
            .into_iter()
            .map(|result| result.expect("every test has finished"))
            .collect()
    }
}

/// A planned test's result, before scoring.
fn test_result(
    planned: &PlannedTest,
    outcome: TestOutcome,
    output: String,
    duration: Duration,
) -> TestResult {
    TestResult {
        exercise: planned.exercise.clone(),
        target: planned.target.clone(),
        name: planned.name.clone(),
        visibility: planned.visibility,
        outcome,
        output,
        duration_ms: u64::try_from(duration.as_millis()).unwrap_or(u64::MAX),
        score: 0.0,
        max_score: 0.0,
    }
}

/// What a student may see of their build errors: their own code's errors, and of their
/// tests' errors those that point only into the crate's visible test files and their own
/// sources; of any other (one in a hidden test file: the compiler quotes its source) only
/// that there was one.
fn student_build_errors(kit: &Kit, build: &BuildOutput, crate_name: &str, package: &str) -> String {
    let mut text = build.errors.get(package).cloned().unwrap_or_default();
    let visible = visible_error_files(kit, crate_name);
    let mut withheld = 0;
    for error in build.test_errors.get(package).into_iter().flatten() {
        let shown = !error.files.is_empty()
            && error.files.iter().all(|file| {
                visible
                    .iter()
                    .any(|prefix| file.starts_with(prefix.as_str()))
            });
        if shown {
            text.push_str(&error.rendered);
        } else {
            withheld += 1;
        }
    }
    if withheld > 0 {
        text.push_str(&format!(
            "\n{withheld} error(s) in hidden test files: they do not compile against your code. \
             Keep the public names and signatures of the starter.\n"
        ));
    }
    text
}

/// The file prefixes (as the build remaps them) a student may see in a test crate's
/// error: the crate's visible tests (`kit/<crate>/tests/`) and the student's own sources
/// (`<crate>/src/`).
fn visible_error_files(kit: &Kit, crate_name: &str) -> Vec<String> {
    let tests = kit
        .starter_dir(crate_name)
        .join("tests")
        .strip_prefix(kit.root())
        .map(|relative| format!("kit/{}/", relative.display()))
        .unwrap_or_default();
    let mut prefixes = vec![format!("{crate_name}/src/")];
    if !tests.is_empty() {
        prefixes.push(tests);
    }
    prefixes
}

/// One test every submission is graded on, as listed by the reference's binaries.
#[derive(Debug, Clone)]
struct PlannedTest {
    exercise: String,
    crate_name: String,
    target: String,
    name: String,
    visibility: crate::kit::Visibility,
    timeout: Duration,
}

fn plan_tests(kit: &Kit, build: &BuildOutput, timeout: Option<Duration>) -> Vec<PlannedTest> {
    let manifest = kit.manifest();
    let mut plan = Vec::new();
    for exercise in &manifest.exercises {
        let reference = format!("{}--{REFERENCE}", exercise.crate_name);
        let listed = build
            .binary(&reference, TEST_TARGET)
            .and_then(|binary| run::list_tests(binary).ok())
            .unwrap_or_default();
        for file in kit.test_files(exercise) {
            let prefix = format!("{}::", file.target);
            let names = listed.iter().filter_map(|name| name.strip_prefix(&prefix));
            for name in names {
                plan.push(PlannedTest {
                    exercise: exercise.id.clone(),
                    crate_name: exercise.crate_name.clone(),
                    target: file.target.clone(),
                    name: name.to_string(),
                    visibility: file.visibility,
                    timeout: timeout.unwrap_or_else(|| manifest.timeout(exercise)),
                });
            }
        }
    }
    plan
}

fn result_path(out_dir: &Path, student: &str) -> PathBuf {
    results_dir(out_dir).join(format!("{student}.json"))
}

/// Writes a student's result atomically (a temporary file renamed into place), so a
/// crash mid-write never leaves a half result that a resumed run would trust.
fn store_result(
    out_dir: &Path,
    grade: &SubmissionGrade,
    fingerprint: &str,
) -> Result<(), BatchError> {
    let path = result_path(out_dir, &grade.student);
    let partial = path.with_extension("json.partial");
    let stored = StoredResult {
        fingerprint: fingerprint.to_string(),
        grade: grade.clone(),
    };
    let text = serde_json::to_string_pretty(&stored).expect("a grade always serialises");
    std::fs::write(&partial, text).map_err(io("write", &partial))?;
    std::fs::rename(&partial, &path).map_err(io("store", &path))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kit::Visibility;
    use crate::score::ExerciseGrade;

    #[test]
    fn a_stored_result_reads_back_exactly_whatever_a_test_printed() {
        let controls: String = (0u8..0x20).map(char::from).collect();
        let hostile = format!("{controls} \u{fffe}\u{ffff}\u{feff} ]]> \"q\" 'a' <script>");
        let grade = SubmissionGrade {
            student: "alice".into(),
            exercises: vec![ExerciseGrade {
                id: "th-spawn".into(),
                crate_name: "ex-threads".into(),
                title: "Ten slow jobs".into(),
                hint: hostile.clone(),
                score: 0.0,
                max_score: 1.0,
                tests: vec![TestResult {
                    exercise: "th-spawn".into(),
                    target: "th_spawn".into(),
                    name: "many_jobs".into(),
                    visibility: Visibility::Visible,
                    outcome: TestOutcome::Failed {
                        message: hostile.clone(),
                    },
                    output: hostile.clone(),
                    duration_ms: 1,
                    score: 0.0,
                    max_score: 1.0,
                }],
            }],
            build_errors: BTreeMap::from([("ex-threads".to_string(), hostile.clone())]),
            notes: vec![hostile],
            sandboxed: false,
        };
        let out = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(results_dir(out.path())).unwrap();
        store_result(out.path(), &grade, "abc").unwrap();
        let text = std::fs::read_to_string(result_path(out.path(), "alice")).unwrap();
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value["fingerprint"], "abc");
        assert_eq!(load_results(out.path()).unwrap(), vec![grade]);
        assert_eq!(
            stored_fingerprint(out.path(), "alice").as_deref(),
            Some("abc")
        );
    }
}
