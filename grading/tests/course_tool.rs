//! `cargo course`, driven as a student would drive it, in a fresh handout: the real
//! binary through the handout's cargo alias, from a folder below the root.

use std::io::Read;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use grading::handout;
use grading::kit::Kit;

/// The first build of a handout crate (its dependencies are in the kit's target dir
/// already) and a test run fit well within this on a loaded machine.
const BUILD_LIMIT: Duration = Duration::from_secs(600);

fn kit() -> Kit {
    Kit::open(&Path::new(env!("CARGO_MANIFEST_DIR")).join("..")).expect("the kit opens")
}

/// A handout to work in, building into the kit's target dir (the dependencies are
/// compiled there already; the handout's crates are fresh copies, so cargo compiles them).
struct Student {
    _work: tempfile::TempDir,
    root: PathBuf,
    kit: Kit,
}

impl Student {
    fn new() -> Student {
        let kit = kit();
        let work = tempfile::tempdir().unwrap();
        let root = work.path().join("course");
        handout::write_handout(&kit, &root).unwrap();
        // The tool keeps results in the target dir by source hash; a previous run of this
        // test must not answer for this one.
        let _ = std::fs::remove_dir_all(kit.root().join("target").join("course"));
        Student {
            _work: work,
            root,
            kit,
        }
    }

    /// `cargo course ARGS…` started in `ex-threads/`, as a student in a crate folder would.
    fn course(&self, args: &[&str]) -> Command {
        let mut command = Command::new(grading::compile::cargo_program());
        command
            .arg("course")
            .args(args)
            .current_dir(self.root.join("ex-threads"))
            .env("CARGO_TARGET_DIR", self.kit.root().join("target"))
            .env("CARGO_NET_OFFLINE", "true")
            .env_remove("RUST_BACKTRACE");
        command
    }

    /// Runs `cargo course ARGS…` to its end (bounded) and returns its exit code and output.
    fn run(&self, args: &[&str], input: &str) -> (i32, String) {
        let mut child = self
            .course(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .process_group(0)
            .spawn()
            .expect("cargo starts");
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(input.as_bytes()).unwrap();
        drop(stdin);
        let output = Output::collect(&mut child);
        let status = wait_bounded(&mut child, BUILD_LIMIT, &output);
        (status, output.text())
    }

    fn copy_solution(&self, crate_name: &str, file: &str) {
        std::fs::copy(
            self.kit.solution_dir(crate_name).join("src").join(file),
            self.root.join(crate_name).join("src").join(file),
        )
        .unwrap();
    }
}

/// What a child printed on stdout and stderr, gathered by two threads as it runs.
#[derive(Clone, Default)]
struct Output(Arc<Mutex<String>>);

impl Output {
    fn collect(child: &mut Child) -> Output {
        let output = Output::default();
        let readers: Vec<Box<dyn Read + Send>> = vec![
            Box::new(child.stdout.take().unwrap()),
            Box::new(child.stderr.take().unwrap()),
        ];
        for mut reader in readers {
            let output = output.clone();
            std::thread::spawn(move || {
                let mut buffer = [0; 4096];
                while let Ok(read) = reader.read(&mut buffer) {
                    if read == 0 {
                        break;
                    }
                    let text = String::from_utf8_lossy(&buffer[..read]).into_owned();
                    output.0.lock().unwrap().push_str(&text);
                }
            });
        }
        output
    }

    fn text(&self) -> String {
        self.0.lock().unwrap().clone()
    }

    /// Waits until the output holds every one of `needles` (in order), at most `limit`.
    fn wait_for(&self, needles: &[&str], limit: Duration) -> Result<(), String> {
        let deadline = Instant::now() + limit;
        loop {
            let text = self.text();
            let mut rest = text.as_str();
            let found = needles.iter().all(|needle| match rest.find(needle) {
                Some(at) => {
                    rest = &rest[at + needle.len()..];
                    true
                }
                None => false,
            });
            if found {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(format!(
                    "waited {limit:?} for {needles:?}; it printed:\n{text}"
                ));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

/// Waits for `child` at most `limit` (then kills its process group and fails).
fn wait_bounded(child: &mut Child, limit: Duration, output: &Output) -> i32 {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            // Let the readers take the last bytes.
            std::thread::sleep(Duration::from_millis(100));
            return status.code().unwrap_or(-1);
        }
        if Instant::now() > deadline {
            kill_group(child);
            panic!(
                "cargo course did not finish within {limit:?}:\n{}",
                output.text()
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn kill_group(child: &mut Child) {
    let _ = Command::new("kill")
        .args(["-KILL", "--", &format!("-{}", child.id())])
        .status();
    let _ = child.wait();
}

/// The line of `listing` that shows exercise `id`.
fn line_of<'a>(listing: &'a str, id: &str) -> &'a str {
    listing
        .lines()
        .find(|line| line.split_whitespace().any(|word| word == id))
        .unwrap_or_else(|| panic!("{id} is not listed:\n{listing}"))
}

#[test]
fn a_student_lists_hints_watches_resets_and_verifies_in_a_fresh_handout() {
    let student = Student::new();
    let manifest = student.kit.manifest();

    // A fresh handout: every exercise, in the suggested order, not started.
    let (code, listing) = student.run(&[], "");
    assert_eq!(code, 0, "{listing}");
    let mut last = 0;
    for exercise in manifest.in_order() {
        let line = line_of(&listing, &exercise.id);
        let at = listing.find(line).unwrap();
        assert!(
            line.contains("not started") || line.contains("cannot run here"),
            "{line}"
        );
        if exercise.crate_name == manifest.in_order()[0].crate_name {
            assert!(
                at > last,
                "{} comes in the suggested order:\n{listing}",
                exercise.id
            );
            last = at;
        }
    }
    let first = manifest.in_order()[0];
    assert!(
        listing.contains(&format!("Next: {}", first.id)),
        "{listing}"
    );

    // Hints: the nudge first, the recipe only when asked.
    let nudge = first.nudge.as_deref().expect("every exercise has a nudge");
    let (code, hint) = student.run(&["hint", &first.id], "");
    assert_eq!(code, 0, "{hint}");
    assert!(
        hint.contains(nudge) && !hint.contains(&first.hint),
        "{hint}"
    );
    let (_, more) = student.run(&["hint", &first.id, "--more"], "");
    assert!(more.contains(nudge) && more.contains(&first.hint), "{more}");
    let (code, unknown) = student.run(&["hint", "no-such-exercise"], "");
    assert_ne!(code, 0);
    assert!(unknown.contains("the exercises are: sp-run"), "{unknown}");

    // One exercise solved: it passes, and the next one is suggested.
    student.copy_solution("ex-subprocess", "run.rs");
    let (_, listing) = student.run(&[], "");
    assert!(line_of(&listing, "sp-run").contains("passing"), "{listing}");
    assert!(listing.contains("Next: sp-check"), "{listing}");
    // The second listing comes from the results kept by source hash: nothing is built.
    let started = Instant::now();
    let (_, again) = student.run(&["list"], "");
    assert_eq!(again, listing);
    eprintln!("a second `cargo course` took {:?}", started.elapsed());

    // watch: reacts to a saved file, reports the pass and moves on to the next exercise.
    watch_reacts_to_a_saved_file(&student);

    // reset: asks first, keeps the student's version, restores the starter byte for byte.
    let work = student.root.join("ex-subprocess/src/check.rs");
    let starter = std::fs::read(
        student
            .kit
            .starter_dir("ex-subprocess")
            .join("src/check.rs"),
    )
    .unwrap();
    let solved = std::fs::read(&work).unwrap();
    assert_ne!(solved, starter, "watch's test left the solution in place");
    let (code, refused) = student.run(&["reset", "sp-check"], "n\n");
    assert_ne!(code, 0, "{refused}");
    assert_eq!(
        std::fs::read(&work).unwrap(),
        solved,
        "no means no:\n{refused}"
    );
    let (code, reset) = student.run(&["reset", "sp-check"], "y\n");
    assert_eq!(code, 0, "{reset}");
    assert_eq!(std::fs::read(&work).unwrap(), starter, "{reset}");
    let backups = student.kit.root().join("target/course/backup");
    let kept = std::fs::read_dir(&backups)
        .unwrap()
        .flatten()
        .any(|entry| std::fs::read(entry.path().join("check.rs")).ok() == Some(solved.clone()));
    assert!(
        kept,
        "the student's version is kept under {}",
        backups.display()
    );
    let (_, listing) = student.run(&[], "");
    assert!(
        line_of(&listing, "sp-check").contains("not started"),
        "{listing}"
    );

    // verify: every visible test of the crate, started or not, in one table.
    let (code, table) = student.run(&["verify", "ex-subprocess"], "");
    assert_eq!(code, 1, "not everything passes:\n{table}");
    assert!(line_of(&table, "sp-run").contains("passing"), "{table}");
    assert!(line_of(&table, "sp-check").contains("failing"), "{table}");
    assert!(table.contains("1 of 7 exercises pass"), "{table}");

    // Leave the kit's target dir with the starter's build of ex-subprocess again (the
    // handout's crate shares its name and build folder with the kit's starter).
    let (code, reset) = student.run(&["reset", "sp-run", "--yes"], "");
    assert_eq!(code, 0, "{reset}");
    let (_, table) = student.run(&["verify", "ex-subprocess"], "");
    assert!(table.contains("0 of 7 exercises pass"), "{table}");
}

/// `cargo course watch sp-check` on a terminal (through `script`, which gives it a pty;
/// a pipe where `script` is missing): the starter fails, then the solution is saved and
/// the next run passes and moves on to the next step of the path, sp-pipeline.
fn watch_reacts_to_a_saved_file(student: &Student) {
    let watch = student.course(&["watch", "sp-check"]);
    let mut command = if Path::new("/usr/bin/script").exists() {
        let line = std::iter::once(watch.get_program())
            .chain(watch.get_args())
            .map(|part| part.to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join(" ");
        let mut script = Command::new("/usr/bin/script");
        script.args(["-qfec", &line, "/dev/null"]);
        for (key, value) in watch.get_envs() {
            match value {
                Some(value) => script.env(key, value),
                None => script.env_remove(key),
            };
        }
        script.current_dir(student.root.join("ex-threads"));
        script
    } else {
        watch
    };
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0)
        .spawn()
        .expect("watch starts");
    let output = Output::collect(&mut child);
    let first_run = output.wait_for(
        &["── sp-check · run 1", "✗ failing", "sp-check:"],
        BUILD_LIMIT,
    );
    let outcome = first_run.and_then(|()| {
        student.copy_solution("ex-subprocess", "check.rs");
        output.wait_for(
            &[
                "── sp-check · run 2",
                "✓ passing",
                "Next: sp-pipeline",
                "── sp-pipeline · run 3",
            ],
            BUILD_LIMIT,
        )
    });
    kill_group(&mut child);
    if let Err(problem) = outcome {
        panic!("{problem}");
    }
}
