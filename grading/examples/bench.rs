//! Benchmark: the grader against the naive way, per student.
//!
//! ```sh
//! cargo run --release -p grading --example bench [CLASS_SIZE] [NAIVE_STUDENTS] [JOBS]
//! ```
//!
//! - **Grader, warm**: a class of `CLASS_SIZE` (default 30) students, copies of the sample
//!   class recipes in turn, graded with one shared build workspace and target dir after a
//!   warm-up run, so only the students' own code compiles. Time per student = wall time /
//!   class size.
//! - **Naive**: for `NAIVE_STUDENTS` (default 2) of them, what a per-student container
//!   does: a fresh copy of the kit with the student's sources, and a cold `cargo test
//!   --tests` of the visible and hidden tests of every crate they handed in, in a fresh
//!   target dir. Only honest students
//!   are timed this way: without per-test timeouts a deadlocking one would never finish.
//!
//! It prints both per-student times and their ratio. Nothing here is a test: the figures
//! depend on the machine, and the machine is noisy, so compare them within one run.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use grading::batch::{self, BatchEvent, BatchOptions};
use grading::collect;
use grading::files::copy_tree;
use grading::kit::Kit;
use grading::run::RunSettings;
use grading::samples;

/// Builds `grade-rustc` in this profile when it is not next to this example yet:
/// `cargo run --example` builds no binary of the package, and the grader compiles every
/// submission through it.
fn build_the_compile_wrapper() -> anyhow::Result<()> {
    if grading::build_jail::BuildJail::find_wrapper().is_ok() {
        return Ok(());
    }
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut build = Command::new(cargo);
    build.args(["build", "-q", "-p", "grading", "--bin", "grade-rustc"]);
    if !cfg!(debug_assertions) {
        build.arg("--release");
    }
    anyhow::ensure!(build.status()?.success(), "building grade-rustc failed");
    Ok(())
}

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let class_size: usize = args.next().map_or(Ok(30), |a| a.parse())?;
    let naive_students: usize = args.next().map_or(Ok(2), |a| a.parse())?;
    let cores = std::thread::available_parallelism().map_or(2, usize::from);
    let jobs: usize = args.next().map_or(Ok(cores), |a| a.parse())?;
    let kit = Kit::open(&Path::new(env!("CARGO_MANIFEST_DIR")).join(".."))?;
    build_the_compile_wrapper()?;
    let work = tempfile::tempdir()?;

    // The class: sample recipes in turn, each copy under its own student name.
    let recipes = samples::load_recipes(&kit.root().join("grading/samples/class"))?;
    let class_recipes: Vec<(String, samples::Recipe)> = (0..class_size)
        .map(|i| {
            let (name, recipe) = &recipes[i % recipes.len()];
            (format!("s{i:02}-{name}"), recipe.clone())
        })
        .collect();
    let class = work.path().join("class");
    samples::materialize(&kit, &class_recipes, &class)?;
    let listing = collect::list_class(&class)?;

    let grade = |out: &Path, students: &[batch::StudentWork]| -> anyhow::Result<f64> {
        let options = BatchOptions {
            out_dir: out.to_path_buf(),
            target_dir: kit.root().join("target"),
            jobs,
            timeout: None,
            force: true,
            run: RunSettings::new(out.join("scratch")),
            build_group: 16,
        };
        // Build time is from each group's build start to its tests being planned.
        let building = std::sync::Mutex::new((None::<Instant>, 0.0f64));
        batch::grade_students(&kit, students, &options, &|event| {
            let mut building = building.lock().expect("not poisoned");
            match event {
                BatchEvent::BuildStarted { .. } => building.0 = Some(Instant::now()),
                BatchEvent::TestsPlanned { .. } => {
                    if let Some(started) = building.0.take() {
                        building.1 += started.elapsed().as_secs_f64();
                    }
                }
                _ => {}
            }
        })?;
        Ok(building.into_inner().expect("not poisoned").1)
    };
    let out = work.path().join("grades");
    let students = batch::unpack_all(&listing.submissions, &out.join("unpacked"));
    println!("warming up (dependencies compile once for the whole kit)...");
    grade(&out, &students[..1])?;
    println!("grading {class_size} students...");
    let started = Instant::now();
    let build_seconds = grade(&out, &students)?;
    let total = started.elapsed().as_secs_f64();
    let grader = total / class_size as f64;
    println!(
        "grader: {grader:.1} s per student ({class_size} students, warm, builds in groups of 16, {jobs} tests at once): \
         building {:.1} s, testing {:.1} s",
        build_seconds / class_size as f64,
        (total - build_seconds) / class_size as f64,
    );

    // The naive way: a fresh copy and a cold cargo test per student.
    let mut naive_total = 0.0;
    // Honest students only (no hostile patches): a cold `cargo test` has no per-test
    // timeout, so a deadlocking sample would hang it.
    let honest = class_recipes
        .iter()
        .filter(|(_, recipe)| recipe.patches.is_empty());
    for (student, _) in honest.take(naive_students) {
        let copy = work.path().join("naive").join(student);
        copy_tree(kit.root(), &copy, &["target", ".git"])?;
        // Every crate the student handed in replaces its solution twin, whose test
        // targets are the visible and hidden tests; a container would test them all.
        let mut packages = Vec::new();
        for crate_name in kit.manifest().crates() {
            let theirs = class.join(student).join(crate_name).join("src");
            if !theirs.is_dir() {
                continue;
            }
            let twin_src = copy.join("solutions").join(crate_name).join("src");
            std::fs::remove_dir_all(&twin_src)?;
            copy_tree(&theirs, &twin_src, &[])?;
            packages.extend(["-p".to_string(), format!("{crate_name}-solution")]);
        }
        let started = Instant::now();
        let status = Command::new(grading::compile::cargo_program())
            .args(["test", "-q", "--tests", "--no-fail-fast"])
            .args(&packages)
            .current_dir(&copy)
            .env("CARGO_TARGET_DIR", copy.join("target"))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()?;
        let seconds = started.elapsed().as_secs_f64();
        naive_total += seconds;
        println!("naive: {student}: {seconds:.1} s (cargo test exit {status})");
    }
    if naive_students > 0 {
        let naive = naive_total / naive_students as f64;
        println!("naive: {naive:.1} s per student (fresh copy, cold cargo test)");
        println!(
            "ratio: the grader is {:.1}x faster per student",
            naive / grader
        );
    }
    Ok(())
}
