//! Benchmark: the grader against the naive way, per student.
//!
//! ```sh
//! cargo run --release -p grading --example bench [CLASS_SIZES] [NAIVE_STUDENTS] [JOBS]
//! cargo run --release -p grading --example bench 30,120 0     # does cost grow linearly?
//! ```
//!
//! - **Grader, warm**: for each of `CLASS_SIZES` (comma-separated, default 30), a class of
//!   that many students, copies of the sample class recipes in turn, graded with one
//!   shared build workspace and target dir after a warm-up run, so only the students' own
//!   code compiles. Time per student = wall time / class size. Each size also prints the
//!   peak disk and memory the run added, sampled four times a second machine-wide (disk:
//!   used space of the target dir's file system; memory: `MemTotal - MemAvailable`), so
//!   other work on the machine shows up in them too.
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
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use grading::batch::{self, BatchEvent, BatchOptions};
use grading::collect;
use grading::files::copy_tree;
use grading::kit::Kit;
use grading::run::RunSettings;
use grading::samples;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let sizes: Vec<usize> = args
        .next()
        .unwrap_or_else(|| "30".into())
        .split(',')
        .map(str::parse)
        .collect::<Result<_, _>>()?;
    let class_size = sizes.iter().copied().max().unwrap_or(0);
    let naive_students: usize = args.next().map_or(Ok(2), |a| a.parse())?;
    let jobs: usize = args
        .next()
        .map_or(Ok(batch::default_jobs()), |a| a.parse())?;
    let kit = Kit::open(&Path::new(env!("CARGO_MANIFEST_DIR")).join(".."))?;
    // `cargo run --example` builds no binary of the package; the grader builds its
    // compile wrapper itself when it is missing.
    grading::build_jail::BuildJail::find_or_build_wrapper()?;
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
            build_group: batch::DEFAULT_BUILD_GROUP,
        };
        // Build time is the sum of the groups' builds; all but the first run while the
        // group before is tested, so the sum can exceed what the builds add to the wall time.
        let building = std::sync::Mutex::new(0.0f64);
        batch::grade_students(&kit, students, &options, &|event| {
            if let BatchEvent::BuildFinished { took, .. } = event {
                *building.lock().expect("not poisoned") += took.as_secs_f64();
            }
        })?;
        Ok(building.into_inner().expect("not poisoned"))
    };
    let out = work.path().join("grades");
    let students = batch::unpack_all(&listing.submissions, &out.join("unpacked"));
    println!("warming up (dependencies compile once for the whole kit)...");
    grade(&out, &students[..1])?;
    let mut grader = f64::NAN;
    for &size in &sizes {
        println!("grading {size} students...");
        let peaks = Peaks::start(&kit.root().join("target"));
        let started = Instant::now();
        let build_seconds = grade(&out, &students[..size])?;
        let total = started.elapsed().as_secs_f64();
        let (disk, memory) = peaks.stop();
        grader = total / size as f64;
        println!(
            "grader: {grader:.1} s per student ({size} students, warm, builds in groups of {}, {jobs} tests at once); \
             builds took {:.1} s per student, most of it beside the tests; \
             peak disk +{:.2} GB, peak memory +{:.2} GB",
            batch::DEFAULT_BUILD_GROUP,
            build_seconds / size as f64,
            disk as f64 / 1e9,
            memory as f64 / 1e9,
        );
    }

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

/// The peak disk and memory use above where they were when sampling started.
struct Peaks {
    stop: std::sync::Arc<AtomicBool>,
    sampler: std::thread::JoinHandle<(u64, u64)>,
}

impl Peaks {
    /// Starts sampling the file system holding `dir` and the machine's memory.
    fn start(dir: &Path) -> Peaks {
        let stop = std::sync::Arc::new(AtomicBool::new(false));
        let dir = dir.to_path_buf();
        let stopped = stop.clone();
        let sampler = std::thread::spawn(move || {
            let (disk_before, memory_before) = (disk_used(&dir), memory_used());
            let (mut disk, mut memory) = (0, 0);
            while !stopped.load(Ordering::Relaxed) {
                disk = disk.max(disk_used(&dir).saturating_sub(disk_before));
                memory = memory.max(memory_used().saturating_sub(memory_before));
                std::thread::sleep(Duration::from_millis(250));
            }
            (disk, memory)
        });
        Peaks { stop, sampler }
    }

    /// Stops sampling: (peak disk bytes, peak memory bytes) above the start.
    fn stop(self) -> (u64, u64) {
        self.stop.store(true, Ordering::Relaxed);
        self.sampler.join().unwrap_or((0, 0))
    }
}

/// Bytes used on the file system holding `dir`.
fn disk_used(dir: &Path) -> u64 {
    nix::sys::statvfs::statvfs(dir).map_or(0, |fs| {
        (fs.blocks() - fs.blocks_free()) * fs.fragment_size()
    })
}

/// Bytes of memory in use machine-wide (`MemTotal - MemAvailable`).
fn memory_used() -> u64 {
    let field = |name| grading::sandbox::meminfo_bytes(name).unwrap_or(0);
    field("MemTotal").saturating_sub(field("MemAvailable"))
}
