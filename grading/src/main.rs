//! `grade`: the instructor's command line.
//!
//! Exit status, for scripts: 0 when the work was graded (or the check found nothing
//! wrong); 1 when it was graded but the grades cannot be trusted (the reference solution
//! failed tests in this environment) or the self-check found problems; 2 when nothing
//! could be graded (bad arguments, an unreadable kit or class, a class folder with no
//! submission, a `merge` of a shard folder that is missing or holds no results, cargo
//! unable to run), with a one-line message on stderr.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, bail};
use clap::{Args, Parser, Subcommand};
use grading::batch::{self, BatchEvent, BatchOptions};
use grading::check::{self, CheckOptions};
use grading::collect::{self, Submission};
use grading::kit::Kit;
use grading::report::{self, HiddenVisibility, ReportOptions};
use grading::run::RunSettings;
use grading::samples;
use grading::score::SubmissionGrade;
use indicatif::{ProgressBar, ProgressStyle};

/// Grade student work for the parallel-programming course kit: every hidden and visible
/// test runs in its own jailed process against each student's code, and the results
/// become a class table, a CSV gradebook, per-student feedback, Gradescope results and
/// JUnit XML.
#[derive(Debug, Parser)]
#[command(version, about, long_about = None)]
struct Cli {
    /// The kit's root folder (the one holding exercises.toml); found from the current
    /// folder upwards when not given.
    #[arg(long, global = true, value_name = "DIR")]
    kit: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Grade a class: a folder holding one submission per student (a folder shaped like
    /// the student repo, or a .zip / .tar.gz of one).
    Class {
        /// The class folder.
        class: PathBuf,
        #[command(flatten)]
        grading: GradingArgs,
    },
    /// Grade one submission (a folder or an archive).
    Submission {
        /// The submission.
        submission: PathBuf,
        #[command(flatten)]
        grading: GradingArgs,
    },
    /// Make the bundled sample class (reference, starter, partial, broken and hostile
    /// students) and grade it, checking every student gets exactly the expected score.
    /// It always regrades everyone (the class is made afresh each time).
    Sample {
        #[command(flatten)]
        grading: GradingArgs,
    },
    /// Join the results of several shard runs (`--shard k/n`) into one set of reports.
    Merge {
        /// The output folders of the shard runs.
        #[arg(required = true)]
        shards: Vec<PathBuf>,
        /// Where the merged results and reports go.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        #[command(flatten)]
        reports: ReportArgs,
    },
    /// Write the repository students clone: every exercise crate as its starter (with
    /// visible tests, statements and demos) and the test kit, without solutions, hidden
    /// tests or the grader.
    Handout {
        /// A new (or empty) folder to write it to.
        out: PathBuf,
    },
    /// Check the kit itself: every exercise has starter, solution, statement, hint,
    /// visible and hidden tests; the solution passes every test; the starter fails every
    /// test with a message naming the exercise; no stub outside the starters.
    Check {
        /// How many tests run at once (default: two per core, as for grading).
        #[arg(long)]
        jobs: Option<usize>,
    },
}

#[derive(Debug, Args)]
struct GradingArgs {
    /// Where results and reports go (default: target/grades/CLASS-NAME in the kit).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// How many tests run at once (default: two per core; most tests spend their time
    /// waiting on children, servers and rendezvous, and the sample class is verified at
    /// this setting).
    #[arg(long)]
    jobs: Option<usize>,
    /// Students compiled per build; a group's test binaries are deleted once it is
    /// graded, so this bounds the disk a class needs (0: the whole class at once).
    #[arg(long, value_name = "N", default_value_t = 16)]
    build_group: usize,
    /// Seconds each test may run, instead of the manifest's limits.
    #[arg(long, value_name = "SECS")]
    timeout: Option<u64>,
    /// Memory for each test as a whole, in MiB: every process it starts and the files it
    /// writes (default: three quarters of the available memory shared by --jobs, at most
    /// 512; needs control groups).
    #[arg(long, value_name = "MIB")]
    memory_per_test: Option<u64>,
    /// Regrade students who already have a stored result (default: resume).
    #[arg(long)]
    force: bool,
    /// Grade only shard K of N (1-based), e.g. 2/4: students are split by their sorted
    /// position, so N runs with K = 1..N grade everyone exactly once.
    #[arg(long, value_name = "K/N", value_parser = parse_shard)]
    shard: Option<(usize, usize)>,
    /// Refuse to grade without the bubblewrap sandbox.
    #[arg(long)]
    require_sandbox: bool,
    /// Print the grades as JSON on stdout instead of the table.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    reports: ReportArgs,
}

#[derive(Debug, Args)]
struct ReportArgs {
    /// How Gradescope shows hidden tests: visible, hidden, after_due_date or after_published.
    #[arg(long, default_value = "hidden", value_name = "WHEN")]
    hidden_visibility: HiddenVisibility,
    /// Show hidden tests' messages and output in student feedback (default: name and
    /// outcome only).
    #[arg(long)]
    show_hidden_details: bool,
}

impl ReportArgs {
    fn options(&self) -> ReportOptions {
        ReportOptions {
            hidden_visibility: self.hidden_visibility,
            show_hidden_details: self.show_hidden_details,
        }
    }
}

fn parse_shard(text: &str) -> Result<(usize, usize), String> {
    let (k, n) = text.split_once('/').ok_or("a shard is K/N, e.g. 1/4")?;
    let (k, n): (usize, usize) = (
        k.trim().parse().map_err(|_| "K is not a number")?,
        n.trim().parse().map_err(|_| "N is not a number")?,
    );
    if n == 0 || k == 0 || k > n {
        return Err(format!("shard {k}/{n}: K must be between 1 and N"));
    }
    Ok((k, n))
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("grade: {error:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let kit = match &cli.kit {
        Some(root) => Kit::open(root)?,
        None => Kit::find_from(&std::env::current_dir().context("no current folder")?)?,
    };
    match cli.command {
        Command::Check { jobs } => {
            let mut options = CheckOptions::for_kit(&kit);
            if let Some(jobs) = jobs {
                options.jobs = jobs;
            }
            eprintln!("checking the kit at {} ...", kit.root().display());
            let report = check::run_check(&kit, &options)?;
            print!("{}", report.render());
            Ok(exit_code(report.is_ok()))
        }
        Command::Class { class, grading } => {
            let listing = collect::list_class(&class)
                .with_context(|| format!("failed to read the class folder {}", class.display()))?;
            if listing.submissions.is_empty() {
                bail!(
                    "nothing to grade: the class folder {} holds no submission (a folder, .zip, \
                     .tar.gz or .tgz per student){}",
                    class.display(),
                    match listing.skipped.len() {
                        0 => String::new(),
                        n => {
                            let skipped = listing
                                .skipped
                                .iter()
                                .map(|skipped| (skipped.path.clone(), &skipped.reason));
                            let reasons: Vec<String> = collect::SkipSummary::group(skipped)
                                .into_iter()
                                .map(|summary| summary.reason)
                                .collect();
                            format!(
                                "; {} other entries were not graded: {}",
                                collect::thousands(n),
                                reasons.join("; ")
                            )
                        }
                    }
                );
            }
            let skipped = listing
                .skipped
                .iter()
                .map(|skipped| (skipped.path.clone(), &skipped.reason));
            for summary in collect::SkipSummary::group(skipped) {
                eprintln!("{summary}");
            }
            grade(&kit, listing.submissions, &name_of(&class), &grading)
        }
        Command::Submission {
            submission,
            grading,
        } => {
            let student = name_of(&submission);
            let found = Submission::at(&submission, &student).with_context(|| {
                format!("{} is not a folder, .zip or .tar.gz", submission.display())
            })?;
            grade(&kit, vec![found], &student, &grading)
        }
        Command::Sample { mut grading } => {
            // The class is made afresh from the recipes every time, so results stored by
            // an earlier run (of possibly other recipes) are never reused.
            grading.force = true;
            let recipes = samples::load_recipes(&kit.root().join("grading/samples/class"))?;
            let class = kit.root().join("target/grades/sample-class-submissions");
            samples::materialize(&kit, &recipes, &class)?;
            let tripwire = samples::Tripwire::start(samples::TRIPWIRE_PORT);
            if let Err(error) = &tripwire {
                eprintln!(
                    "note: no tripwire on 127.0.0.1:{} ({error})",
                    samples::TRIPWIRE_PORT
                );
            }
            // A descriptor left open for the grader, as a shell's `exec 7>>file` leaves
            // one: the `inherited-descriptor` sample writes into any it can reach.
            let canary = samples::Canary::open(&class.with_extension("canary"))?;
            let listing = collect::list_class(&class)?;
            let code = grade(&kit, listing.submissions, "sample-class", &grading)?;
            let out = out_dir(&kit, "sample-class", &grading);
            let problems = samples::verify_run(&kit, &recipes, &out, &canary, tripwire.ok())?;
            if problems.is_empty() {
                eprintln!("sample class: every student got exactly the expected score");
                Ok(code)
            } else {
                for problem in &problems {
                    eprintln!("sample class: {problem}");
                }
                Ok(ExitCode::from(1))
            }
        }
        Command::Handout { out } => {
            let handout = grading::handout::write_handout(&kit, &out)?;
            eprintln!(
                "wrote the student repository to {} ({} files; crates: {}).\n\
                 Students clone it and run, e.g., `cargo test -p {}`.",
                handout.root.display(),
                handout.files,
                handout.crates.join(", "),
                handout.crates.first().map_or("ex-threads", String::as_str),
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Merge {
            shards,
            out,
            reports,
        } => {
            grading::merge::merge_shards(&shards, &out)?;
            let grades = batch::load_results(&out)?;
            write_and_show(&kit, &grades, &out, &reports.options(), false)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Grades `submissions` (after sharding) into the output folder of `name`.
fn grade(
    kit: &Kit,
    mut submissions: Vec<Submission>,
    name: &str,
    args: &GradingArgs,
) -> anyhow::Result<ExitCode> {
    submissions.sort_by(|a, b| a.student.cmp(&b.student));
    if let Some((k, n)) = args.shard {
        submissions = collect::shard(submissions, k, n);
    }
    let out = out_dir(kit, name, args);
    let jobs = args.jobs.unwrap_or_else(batch::default_jobs);
    let mut settings = RunSettings::new(out.join("scratch"));
    settings.limits.memory = args.memory_per_test.map(|mib| mib << 20);
    eprintln!("grade: {}", settings.jail.describe());
    let budget = settings.limits.memory_for(jobs) >> 20;
    if grading::cgroup::TestGroup::available() {
        eprintln!("grade: each test may use {budget} MiB of memory, all its processes together");
    } else {
        eprintln!(
            "grade: no control groups here (not root, or no memory/pids controllers): \
             memory is bounded per process only (address space), processes per user"
        );
    }
    if args.require_sandbox && !settings.jail.is_sandboxed() {
        bail!("--require-sandbox was given, and tests cannot be sandboxed here");
    }

    // Unpack archives; an unreadable one is that student's problem, not the batch's.
    let students = batch::unpack_all(&submissions, &out.join("unpacked"));

    let options = BatchOptions {
        out_dir: out.clone(),
        target_dir: kit.root().join("target"),
        jobs,
        timeout: args.timeout.map(Duration::from_secs),
        force: args.force,
        run: settings,
        build_group: args.build_group,
    };
    let progress = ProgressBar::new(0);
    progress.set_style(
        ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} tests  {msg}",
        )
        .expect("a valid progress template"),
    );
    // A hidden bar (stderr is not a terminal, e.g. in CI) also drops its println: say
    // things plainly then.
    let say = |message: String| {
        if progress.is_hidden() {
            eprintln!("{message}");
        } else {
            progress.println(message);
        }
    };
    let on_event = |event: BatchEvent| match event {
        BatchEvent::Resumed { skipped } if skipped > 0 => {
            say(format!(
                "resuming: {skipped} student(s) already graded (--force regrades them)"
            ));
        }
        BatchEvent::Resumed { .. } => {}
        BatchEvent::BuildStarted { students } => {
            if progress.is_hidden() {
                eprintln!("building {students} submission(s)...");
            }
            progress.set_message(format!("building {students} submission(s)"));
            progress.enable_steady_tick(Duration::from_millis(200));
        }
        BatchEvent::TestsPlanned { tests } => {
            progress.inc_length(tests as u64);
            progress.set_message("running tests");
        }
        BatchEvent::ReferenceChecked { failed } => {
            progress.set_message("grading students");
            if !failed.is_empty() {
                say(format!(
                    "WARNING: the reference solution fails {} test(s) here, so grades cannot be trusted:\n  {}",
                    failed.len(),
                    failed.join("\n  ")
                ));
            }
        }
        BatchEvent::TestFinished => progress.inc(1),
        BatchEvent::StudentGraded { student } => say(format!("graded {student}")),
        BatchEvent::ArtifactsRemoved { .. } => {}
    };
    let report = batch::grade_students(kit, &students, &options, &on_event)?;
    progress.finish_and_clear();
    for (exercise, missing) in &report.not_gradable {
        eprintln!(
            "grade: {exercise} is not gradable here: install {missing} (its points are left out)"
        );
    }
    let faults = report.grader_faults();
    if faults > 0 {
        eprintln!(
            "grade: WARNING: the grader could not run {faults} test(s) (grader-fault in the \
             reports); those grades are incomplete: fix the machine and regrade with --force"
        );
    }
    write_and_show(
        kit,
        &report.grades,
        &out,
        &args.reports.options(),
        args.json,
    )?;
    Ok(exit_code(report.is_trusted()))
}

fn write_and_show(
    kit: &Kit,
    grades: &[SubmissionGrade],
    out: &Path,
    options: &ReportOptions,
    json: bool,
) -> anyhow::Result<()> {
    let files = report::write_reports(grades, kit.manifest(), out, options)?;
    if json {
        println!("{}", serde_json::to_string_pretty(grades)?);
    } else {
        let color = console::colors_enabled();
        print!("{}", report::class_table(grades, kit.manifest(), color));
        println!();
        println!("gradebook: {}", files.gradebook.display());
        println!("junit:     {}", files.junit.display());
        println!("feedback:  {}", out.join("feedback").display());
        println!("gradescope results: {}", out.join("gradescope").display());
    }
    Ok(())
}

fn out_dir(kit: &Kit, name: &str, args: &GradingArgs) -> PathBuf {
    args.out.clone().unwrap_or_else(|| {
        kit.root()
            .join("target")
            .join("grades")
            .join(collect::student_name(name))
    })
}

/// The student (or class) name for a path given on the command line.
fn name_of(path: &Path) -> String {
    let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    collect::student_name(file_name.as_deref().unwrap_or("submission"))
}

fn exit_code(ok: bool) -> ExitCode {
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
