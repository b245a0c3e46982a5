//! The command line: subcommands and their options (clap).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use grading::report::{HiddenVisibility, ReportOptions};

/// Grade student work for the parallel-programming course kit: every hidden and visible
/// test runs in its own jailed process against each student's code, and the results
/// become a class table, a CSV gradebook, per-student feedback, Gradescope results and
/// JUnit XML.
#[derive(Debug, Parser)]
#[command(version, about, long_about = None)]
pub struct Cli {
    /// The kit's root folder (the one holding exercises.toml); found from the current
    /// folder upwards when not given.
    #[arg(long, global = true, value_name = "DIR")]
    pub kit: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
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
    /// Write the manifest's parts of the crate READMEs (exercise table, headings, hint
    /// blocks, section order) from exercises.toml; with --check, only say which differ.
    Readme {
        /// Write nothing; fail if a README differs from what the manifest makes of it.
        #[arg(long)]
        check: bool,
    },
    /// Check the kit itself: every exercise has starter, solution, statement, hint,
    /// visible and hidden tests; the solution passes every test; the starter fails every
    /// test with a message naming the exercise; no stub outside the starters.
    Check {
        /// How many tests run at once (default: two per core, as for grading).
        #[arg(long)]
        jobs: Option<usize>,
        /// Grade every exercise alone (the solved crate with only its starter put back:
        /// it must lose that exercise's points and no other), not only those other
        /// exercises' tests reach into and one sample. One build and test run each.
        #[arg(long)]
        every_exercise_alone: bool,
    },
}

#[derive(Debug, Args)]
pub struct GradingArgs {
    /// Where results and reports go (default: target/grades/CLASS-NAME in the kit).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// The cargo target dir the students are built in (default: target/ in the kit). A
    /// fast local disk helps; shards on one machine may share it.
    #[arg(long, value_name = "DIR")]
    pub target_dir: Option<PathBuf>,
    /// How many tests run at once (default: two per core; most tests spend their time
    /// waiting on children, servers and rendezvous, and the sample class is verified at
    /// this setting).
    #[arg(long)]
    pub jobs: Option<usize>,
    /// Students compiled per build; a group's test binaries are deleted once it is
    /// graded, and the next group is built while one is tested, so two groups bound the
    /// disk a class needs (0: the whole class at once).
    #[arg(long, value_name = "N", default_value_t = grading::batch::DEFAULT_BUILD_GROUP)]
    pub build_group: usize,
    /// Seconds each test may run, instead of the limits derived from the reference
    /// solution's run (ten times its time, at least 3 s, at most the manifest's).
    #[arg(long, value_name = "SECS")]
    pub timeout: Option<u64>,
    /// Memory for each test as a whole, in MiB: every process it starts and the files it
    /// writes (default: three quarters of the available memory shared by --jobs, at most
    /// 512; needs control groups).
    #[arg(long, value_name = "MIB")]
    pub memory_per_test: Option<u64>,
    /// Regrade students who already have a stored result (default: resume).
    #[arg(long)]
    pub force: bool,
    /// Grade only shard K of N (1-based), e.g. 2/4: students are split by their sorted
    /// position, so N runs with K = 1..N grade everyone exactly once.
    #[arg(long, value_name = "K/N", value_parser = parse_shard)]
    pub shard: Option<(usize, usize)>,
    /// Refuse to grade without the bubblewrap sandbox.
    #[arg(long)]
    pub require_sandbox: bool,
    /// Print the grades as JSON on stdout instead of the table.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub reports: ReportArgs,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// How Gradescope shows hidden tests: visible, hidden, after_due_date or after_published.
    #[arg(long, default_value = "hidden", value_name = "WHEN")]
    pub hidden_visibility: HiddenVisibility,
    /// Show hidden tests' messages and output in student feedback (default: name and
    /// outcome only).
    #[arg(long)]
    pub show_hidden_details: bool,
}

impl ReportArgs {
    pub fn options(&self) -> ReportOptions {
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
