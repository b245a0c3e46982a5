//! `grade`: the instructor's command line.
//!
//! Exit status, for scripts: 0 when the work was graded (or the check found nothing
//! wrong); 1 when it was graded but the grades cannot be trusted as they are (the
//! reference solution failed tests in this environment, or a test hit a grader fault),
//! a sample missed its expected score, or the self-check found problems; 2 when nothing
//! could be graded (bad arguments, an unreadable kit or class, a class folder with no
//! submission, a `merge` of a shard folder that is missing or holds no results, cargo
//! unable to run, a reference solution that does not build against its tests), with a
//! one-line message on stderr.
//!
//! The subcommands' options are in `cli.rs`, the progress display in `progress.rs`, and
//! the sample class's run in `sample.rs`; the work itself is the library's.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, bail};
use clap::Parser;
use grading::batch::{self, BatchOptions};
use grading::check::{self, CheckOptions};
use grading::collect::{self, Submission};
use grading::kit::Kit;
use grading::report::{self, ReportOptions};
use grading::run::RunSettings;
use grading::score::SubmissionGrade;

mod cli;
mod progress;
mod sample;

use cli::{Cli, Command, GradingArgs};
use progress::Progress;

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
        Command::Check {
            jobs,
            every_exercise_alone,
        } => {
            let mut options = CheckOptions::for_kit(&kit);
            if let Some(jobs) = jobs {
                options.jobs = jobs;
            }
            if every_exercise_alone {
                options.isolation = check::Isolation::Every;
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
        Command::Sample { grading } => sample::grade_sample(&kit, grading),
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
        Command::Readme { check } => {
            if check {
                let drifted = grading::readme::drifted(&kit)?;
                for (path, _) in &drifted {
                    eprintln!("{} differs from exercises.toml", path.display());
                }
                if !drifted.is_empty() {
                    eprintln!("run `cargo run -p grading -- readme` to write them");
                    return Ok(ExitCode::FAILURE);
                }
                eprintln!("every crate README matches exercises.toml");
            } else {
                for path in grading::readme::write_all(&kit)? {
                    eprintln!("wrote {}", path.display());
                }
            }
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
        target_dir: args
            .target_dir
            .clone()
            .unwrap_or_else(|| kit.root().join("target")),
        jobs,
        timeout: args.timeout.map(Duration::from_secs),
        force: args.force,
        run: settings,
        build_group: args.build_group,
    };
    let progress = Progress::new();
    let report = batch::grade_students(kit, &students, &options, &|event| progress.show(event))?;
    progress.finish();
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
