//! The bundled sample class, graded end to end: the reference, the starter, a partial,
//! a broken and every hostile student get exactly the score their recipe expects, and a
//! second run resumes instead of regrading, except for a student who handed in again.

use std::path::Path;
use std::sync::Mutex;

use grading::batch::{self, BatchEvent, BatchOptions};
use grading::collect;
use grading::kit::Kit;
use grading::run::RunSettings;
use grading::samples::{self, Tripwire};

#[test]
fn every_sample_student_gets_the_expected_score_and_a_rerun_resumes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let kit = Kit::open(&root).expect("the kit opens");
    let recipes = samples::load_recipes(&kit.root().join("grading/samples/class")).unwrap();
    let work = tempfile::tempdir().unwrap();
    let class = work.path().join("class");
    samples::materialize(&kit, &recipes, &class).unwrap();
    let tripwire = Tripwire::start(samples::TRIPWIRE_PORT).ok();
    let canary = samples::Canary::open(&work.path().join("canary")).unwrap();

    let listing = collect::list_class(&class).unwrap();
    assert_eq!(
        listing.submissions.len(),
        recipes.len(),
        "{:?}",
        listing.skipped
    );
    let out = work.path().join("grades");
    let students = batch::unpack_all(&listing.submissions, &out.join("unpacked"));
    let options = BatchOptions {
        out_dir: out.clone(),
        target_dir: kit.root().join("target"),
        // Most tests wait (on gates, rendezvous, children): twice the cores keeps both busy.
        jobs: 4,
        timeout: None,
        force: false,
        run: RunSettings::new(out.join("scratch")),
        // Three groups for the 22 students, so grouping and artifact removal are exercised.
        build_group: 8,
    };
    let sandboxed = options.run.jail.is_sandboxed();
    let events = Mutex::new(Vec::new());
    let started = std::time::Instant::now();
    let record = |event: BatchEvent| {
        if !matches!(event, BatchEvent::TestFinished) {
            // Where the time goes, for `--nocapture` and for the log of a failed run.
            eprintln!("[{:6.1} s] {event:?}", started.elapsed().as_secs_f64());
            events.lock().unwrap().push(event);
        }
    };

    let report = batch::grade_students(&kit, &students, &options, &record).unwrap();
    assert!(
        report.is_trusted(),
        "the reference passes everything and the grader ran every test: {:?}, {} grader fault(s)",
        report.reference_failures(),
        report.grader_faults()
    );
    let grades = report.grades;
    let mut problems = samples::verify(
        kit.manifest(),
        &recipes,
        &grades,
        sandboxed,
        grading::cgroup::TestGroup::available(),
    );
    grading::report::write_reports(&grades, kit.manifest(), &out, &Default::default()).unwrap();
    problems.extend(samples::verify_reports(&kit, &recipes, &out));
    assert_eq!(
        canary.written(),
        "",
        "a test wrote into a descriptor the grader inherited"
    );
    assert!(
        problems.is_empty(),
        "sample class problems:\n{}",
        problems.join("\n")
    );
    assert!(
        events
            .lock()
            .unwrap()
            .contains(&BatchEvent::ReferenceChecked { failed: vec![] }),
        "the reference solution passes every test in the jail"
    );
    let picked = |pick: &dyn Fn(&BatchEvent) -> Option<u64>| -> Vec<u64> {
        events.lock().unwrap().iter().filter_map(pick).collect()
    };
    let built = picked(&|event| match event {
        BatchEvent::BuildStarted { students } => Some(*students as u64),
        _ => None,
    });
    assert_eq!(
        built,
        [8, 8, recipes.len() as u64 - 16],
        "students are built in groups of 8"
    );
    let freed = picked(&|event| match event {
        BatchEvent::ArtifactsRemoved { bytes } => Some(*bytes),
        _ => None,
    });
    assert!(
        freed.len() == 3 && freed.iter().all(|bytes| *bytes > 0),
        "each group's build artifacts are deleted once it is graded: {freed:?}"
    );
    let staged: Vec<_> = std::fs::read_dir(out.join("workspace"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name())
        .filter(|name| name.to_string_lossy().starts_with("s-"))
        .collect();
    assert!(
        staged.is_empty(),
        "graded students are unstaged: {staged:?}"
    );
    if let (Some(tripwire), true) = (&tripwire, sandboxed) {
        assert_eq!(
            tripwire.connections(),
            0,
            "a jailed test reached the host's loopback"
        );
    }
    let broken = grades.iter().find(|g| g.student == "no-compile").unwrap();
    assert!(
        broken.build_errors["ex-threads"].contains("titles.rs"),
        "the compiler's message is kept for the student"
    );

    // A second run finds every result stored and grades nobody again.
    events.lock().unwrap().clear();
    let again = batch::grade_students(&kit, &students, &options, &record)
        .unwrap()
        .grades;
    assert_eq!(again, grades);
    assert_eq!(
        *events.lock().unwrap(),
        vec![BatchEvent::Resumed {
            skipped: recipes.len()
        }]
    );

    // A student who hands in again is regraded, and only that student.
    let starter = students.iter().find(|w| w.student == "starter").unwrap();
    let lib = starter.root.as_ref().unwrap().join("ex-threads/src/lib.rs");
    let mut source = std::fs::read_to_string(&lib).unwrap();
    source.push_str("\n// handed in again\n");
    std::fs::write(&lib, source).unwrap();
    events.lock().unwrap().clear();
    let third = batch::grade_students(&kit, &students, &options, &record)
        .unwrap()
        .grades;
    let scores = |grades: &[grading::score::SubmissionGrade]| -> Vec<(String, f64)> {
        grades
            .iter()
            .map(|g| (g.student.clone(), g.score()))
            .collect()
    };
    assert_eq!(
        scores(&third),
        scores(&grades),
        "the same code, the same grade"
    );
    let events = events.lock().unwrap();
    assert_eq!(
        events[0],
        BatchEvent::Resumed {
            skipped: recipes.len() - 1
        }
    );
    assert!(events.contains(&BatchEvent::StudentGraded {
        student: "starter".into()
    }));
}
