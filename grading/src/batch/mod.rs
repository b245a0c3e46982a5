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
//! never needs 200 students' binaries on disk at once (two groups' at most: the one being
//! tested and the next). Building is CPU work and testing is mostly waiting (on children,
//! servers, rendezvous), so each group after the first is built while the group before it
//! is tested, at a lower CPU priority: the build takes the cores the tests leave idle, and
//! a test that wants a core gets it first. All the tests of a group's students
//! share one pool of `jobs` workers (students in parallel, in order), so no worker idles
//! while one student's last slow test runs out its timeout.
//!
//! Results go to `<out>/results/<student>.json` the moment a student's last test ends.
//! A second run skips every student whose stored result was graded from the same sources
//! and the same kit tests ([`fingerprint`]; unless told to regrade), so an interrupted
//! batch resumes where it stopped and never loses a finished student, and a student who
//! hands in again is regraded.

mod schedule;
mod store;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

pub use schedule::{
    ALL_TESTS, LIMIT_FACTOR, LIMIT_FLOOR, PlannedTest, TIMEOUTS_BEFORE_GIVING_UP, buildable_crates,
    missing_programs, what_is_missing,
};
pub use store::{StoredResult, has_result, load_results, load_stored, results_dir, store_result};

use crate::collect::SkipSummary;
use crate::compile::{self, BuildOutput};
use crate::files::{FileError, io};
use crate::fingerprint;
use crate::kit::Kit;
use crate::outcome::TestOutcome;
use crate::run::RunSettings;
use crate::score::{self, SubmissionGrade, TestResult};
use crate::stage::{BuildWorkspace, PackageName, SkippedFile, StageError};
use store::stored_fingerprint;

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

/// How many tests run at once unless told otherwise: two per core. Most tests spend
/// their time waiting on children, servers and rendezvous; the sample class is verified
/// at this setting. `grade class` and the self-check both use it.
pub fn default_jobs() -> usize {
    2 * std::thread::available_parallelism().map_or(1, usize::from)
}

/// Students per build unless told otherwise. The next group builds while one is tested,
/// so two groups' test binaries are on disk at a time (about 35 MB per student for three
/// crates); small groups also let the tests start sooner.
pub const DEFAULT_BUILD_GROUP: usize = 8;

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
    /// A crate's reference solution did not build against its tests, its test binary
    /// could not list its tests, or an exercise has no test: nobody can be graded on it.
    #[error("the reference solution of {crate_name} cannot be graded against: {detail}")]
    ReferenceBroken {
        /// The crate.
        crate_name: String,
        /// What went wrong.
        detail: String,
    },
    /// The manifest's requirements of an exercise do not fit the tests the reference
    /// lists (a name that is no test, a test in two requirements, points for nothing).
    #[error("the requirements of {exercise} do not fit its tests:\n  {}", problems.join("\n  "))]
    Requirements {
        /// The exercise.
        exercise: String,
        /// Every problem found.
        problems: Vec<String>,
    },
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
    /// The build of a group finished (a later group's build runs while the group before
    /// it is tested).
    BuildFinished {
        /// How many students are in the group.
        students: usize,
        /// How long the build took.
        took: Duration,
    },
    /// A group's tests are about to run; this many more tests will run.
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

/// What a batch found: the grades, and what the instructor must know about them.
#[derive(Debug, Clone, Default)]
pub struct BatchReport {
    /// The grades of everyone asked for (graded now or before), sorted by student.
    pub grades: Vec<SubmissionGrade>,
    /// The reference solution's results in this run (empty when every student's stored
    /// result was reused and nothing ran).
    pub reference: Vec<TestResult>,
    /// Exercises this machine cannot grade, with the programs they need.
    pub not_gradable: Vec<(String, String)>,
}

impl BatchReport {
    /// `target::name: outcome` of each reference test that did not pass here (a
    /// non-empty list means the machine or the jail, not the students, fails tests).
    pub fn reference_failures(&self) -> Vec<String> {
        self.reference
            .iter()
            .filter(|result| !result.outcome.passed() && !is_not_gradable(&result.outcome))
            .map(|result| format!("{}: {}", result.full_name(), result.outcome))
            .collect()
    }

    /// How many tests of the graded students the grader itself could not run.
    pub fn grader_faults(&self) -> usize {
        self.grades
            .iter()
            .flat_map(|grade| &grade.exercises)
            .flat_map(|exercise| &exercise.tests)
            .filter(|test| test.outcome.is_grader_fault())
            .count()
    }

    /// Whether the grades can be trusted as they are: the reference passed everything
    /// gradable and the grader ran every test.
    pub fn is_trusted(&self) -> bool {
        self.reference_failures().is_empty() && self.grader_faults() == 0
    }
}

fn is_not_gradable(outcome: &TestOutcome) -> bool {
    matches!(outcome, TestOutcome::NotGradable { .. })
}

/// Grades every student in `students` that has no stored result (all of them with
/// `force`), storing each result as soon as it is complete, and returns the grades of
/// everyone graded now or before, sorted by student, with the reference's results.
///
/// # Errors
/// [`BatchError`] when the batch itself cannot run (the reference does not build or lists
/// no tests, a result cannot be stored); a student's broken, missing or hostile work is
/// graded, never an error.
pub fn grade_students(
    kit: &Kit,
    students: &[StudentWork],
    options: &BatchOptions,
    on_event: &(dyn Fn(BatchEvent) + Sync),
) -> Result<BatchReport, BatchError> {
    let manifest = kit.manifest();
    let results = results_dir(&options.out_dir);
    std::fs::create_dir_all(&results).map_err(io("create", &results))?;
    let conditions = fingerprint::Conditions {
        timeout: options.timeout,
    };
    let fingerprints: BTreeMap<&str, String> = students
        .iter()
        .map(|work| {
            let fingerprint = fingerprint::of_submission(kit, work.root.as_deref(), &conditions);
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

    let mut report = BatchReport::default();
    if !to_grade.is_empty() {
        // The reference is staged once and stays in the workspace: every group's build
        // finds it fresh.
        let mut workspace = BuildWorkspace::create(&options.out_dir.join("workspace"))
            .map_err(BatchError::Reference)?;
        for crate_name in buildable_crates(manifest) {
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
        let groups: Vec<&[&StudentWork]> = to_grade.chunks(group_size).collect();
        let mut plan = None;
        // The first group builds alone; every later group builds while the one before it
        // is tested (see `grade_groups`).
        let mut staged = stage_group(kit, &mut workspace, groups[0]);
        workspace
            .write_manifest(kit)
            .map_err(BatchError::Reference)?;
        let mut build = build_group(
            kit,
            &workspace,
            groups[0].len(),
            options,
            compile::Niceness::Normal,
            on_event,
        )?;
        for (index, group) in groups.iter().enumerate() {
            let next = match groups.get(index + 1) {
                Some(next) => {
                    let next_staged = stage_group(kit, &mut workspace, next);
                    workspace
                        .write_manifest(kit)
                        .map_err(BatchError::Reference)?;
                    Some((next.len(), next_staged))
                }
                None => None,
            };
            let workspace_ref = &workspace;
            let (tested, next_build) = std::thread::scope(|scope| {
                let next_build = next.as_ref().map(|(students, _)| {
                    scope.spawn(move || {
                        build_group(
                            kit,
                            workspace_ref,
                            *students,
                            options,
                            compile::Niceness::Background,
                            on_event,
                        )
                    })
                });
                let tested = test_group(
                    kit,
                    &build,
                    group,
                    staged,
                    &fingerprints,
                    &mut plan,
                    &mut report,
                    options,
                    on_event,
                );
                let next_build = next_build
                    .map(|handle| handle.join().expect("the build thread does not panic"));
                (tested, next_build)
            });
            let packages = tested?;

            // Graded and stored: the group's binaries and staged sources only take space.
            let mut freed = 0;
            for (work, packages) in group.iter().zip(&packages) {
                freed += packages
                    .values()
                    .map(|package| build.remove_artifacts(package.as_str()))
                    .sum::<u64>();
                workspace
                    .unstage(&student_key(&work.student))
                    .map_err(BatchError::Reference)?;
            }
            on_event(BatchEvent::ArtifactsRemoved { bytes: freed });
            match (next, next_build) {
                (Some((_, next_staged)), Some(next_build)) => {
                    staged = next_staged;
                    build = next_build?;
                }
                _ => break,
            }
        }
    }

    let wanted: Vec<&str> = students.iter().map(|work| work.student.as_str()).collect();
    report.grades = load_results(&options.out_dir)?
        .into_iter()
        .filter(|grade| wanted.contains(&grade.student.as_str()))
        .collect();
    Ok(report)
}

/// One group's staged packages and the notes its students get from staging.
struct StagedGroup<'a> {
    /// Each student's notes, by student.
    notes: BTreeMap<&'a str, Vec<String>>,
    /// Each student's staged packages, by student, then by crate.
    packages: BTreeMap<&'a str, BTreeMap<&'a str, PackageName>>,
}

/// Stages every crate of every student of `group` into `workspace`. A crate that cannot
/// be staged becomes a note for its student (and its tests then find no code).
fn stage_group<'a>(
    kit: &'a Kit,
    workspace: &mut BuildWorkspace,
    group: &[&'a StudentWork],
) -> StagedGroup<'a> {
    let manifest = kit.manifest();
    let mut staged = StagedGroup {
        notes: BTreeMap::new(),
        packages: BTreeMap::new(),
    };
    for work in group {
        let student_notes = staged
            .notes
            .entry(&work.student)
            .or_insert_with(|| work.notes.clone());
        let packages = staged.packages.entry(&work.student).or_default();
        let Some(root) = &work.root else { continue };
        for crate_name in buildable_crates(manifest) {
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
    staged
}

/// Builds every staged package of `workspace` (packages already built are fresh and cost
/// nothing), reporting the start and end of the build of a group of `students`.
fn build_group(
    kit: &Kit,
    workspace: &BuildWorkspace,
    students: usize,
    options: &BatchOptions,
    niceness: compile::Niceness,
    on_event: &(dyn Fn(BatchEvent) + Sync),
) -> Result<BuildOutput, BatchError> {
    on_event(BatchEvent::BuildStarted { students });
    let started = std::time::Instant::now();
    let build = if buildable_crates(kit.manifest()).is_empty() {
        // This machine can grade nothing of the kit: there is nothing to build.
        BuildOutput::default()
    } else {
        compile::build_tests_with(
            workspace,
            &options.target_dir,
            kit,
            &options.run.jail,
            niceness,
        )?
    };
    on_event(BatchEvent::BuildFinished {
        students,
        took: started.elapsed(),
    });
    Ok(build)
}

/// Grades one built group of students, storing each result as soon as it is complete,
/// and returns each student's packages (in the group's order) for the clean-up. The first
/// group also plans the tests from the reference's binaries, runs the reference and sets
/// each test's limit from what the reference needed.
#[allow(clippy::too_many_arguments)]
fn test_group<'a>(
    kit: &'a Kit,
    build: &BuildOutput,
    group: &[&'a StudentWork],
    staged: StagedGroup<'a>,
    fingerprints: &BTreeMap<&str, String>,
    plan: &mut Option<Vec<PlannedTest>>,
    report: &mut BatchReport,
    options: &BatchOptions,
    on_event: &(dyn Fn(BatchEvent) + Sync),
) -> Result<Vec<BTreeMap<&'a str, PackageName>>, BatchError> {
    let manifest = kit.manifest();
    let StagedGroup {
        notes,
        packages: mut staged,
    } = staged;
    let plan: &[PlannedTest] = match plan {
        Some(plan) => {
            on_event(BatchEvent::TestsPlanned {
                tests: plan.len() * group.len(),
            });
            plan
        }
        None => {
            // The reference's tests are the plan, for the reference and for every student.
            let mut planned = schedule::plan_tests(kit, build, REFERENCE, options.timeout)?;
            report.not_gradable = not_gradable(&planned);
            on_event(BatchEvent::TestsPlanned {
                tests: planned.len() * (group.len() + 1),
            });
            let reference: BTreeMap<&str, PackageName> = buildable_crates(manifest)
                .into_iter()
                .map(|crate_name| (crate_name, PackageName::new(crate_name, REFERENCE)))
                .collect();
            let results = std::sync::Mutex::new(Vec::new());
            schedule::run_submissions(
                &planned,
                build,
                &[reference],
                options,
                on_event,
                &|_, finished| *results.lock().expect("not poisoned") = finished,
            );
            report.reference = results.into_inner().expect("not poisoned");
            if options.timeout.is_none() {
                // Each test may take what the reference needed here, times a factor.
                for (test, reference) in planned.iter_mut().zip(&report.reference) {
                    test.timeout = schedule::derived_limit(reference, test.timeout);
                }
            }
            on_event(BatchEvent::ReferenceChecked {
                failed: report.reference_failures(),
            });
            plan.insert(planned)
        }
    };

    // Every student of the group in one pool of test runs; each result is stored the
    // moment the student's last test ends.
    let packages: Vec<BTreeMap<&str, PackageName>> = group
        .iter()
        .map(|work| staged.remove(work.student.as_str()).unwrap_or_default())
        .collect();
    let notes = std::sync::Mutex::new(notes);
    let store_error = std::sync::Mutex::new(None);
    schedule::run_submissions(
        plan,
        build,
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
            let mut grade = grade_submission(kit, build, work, &packages[index], results);
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
    Ok(packages)
}

/// The exercises of the plan this machine cannot grade, with what they need.
fn not_gradable(plan: &[PlannedTest]) -> Vec<(String, String)> {
    let mut found: Vec<(String, String)> = plan
        .iter()
        .filter(|test| !test.missing.is_empty())
        .map(|test| (test.exercise.clone(), test.missing.join(", ")))
        .collect();
    found.dedup();
    found
}

/// Scores one student's test results into their grade (with no notes, and not marked
/// sandboxed: the caller knows those). An exercise this machine cannot grade is worth
/// nothing here, so it neither costs nor earns points.
fn grade_submission(
    kit: &Kit,
    build: &BuildOutput,
    work: &StudentWork,
    packages: &BTreeMap<&str, PackageName>,
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
            let gradable = !tests.iter().any(|test| is_not_gradable(&test.outcome));
            let mut grade = score::grade_exercise(manifest, &exercise.id, tests);
            if !gradable {
                grade.score = 0.0;
                grade.max_score = 0.0;
                for test in &mut grade.tests {
                    test.score = 0.0;
                    test.max_score = 0.0;
                }
                for requirement in &mut grade.requirements {
                    requirement.score = 0.0;
                    requirement.max_score = 0.0;
                }
            }
            grade
        })
        .collect();
    let build_errors = packages
        .iter()
        .filter_map(|(crate_name, package)| {
            let text = student_build_errors(kit, build, crate_name, package.as_str());
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
