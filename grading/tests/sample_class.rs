//! The bundled sample class, graded end to end: the reference, the starter, a partial,
//! a broken and every hostile student get exactly the score their recipe expects, and a
//! second run resumes instead of regrading.

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
    };
    let sandboxed = options.run.jail.is_sandboxed();
    let events = Mutex::new(Vec::new());
    let record = |event: BatchEvent| {
        if !matches!(event, BatchEvent::TestFinished) {
            events.lock().unwrap().push(event);
        }
    };

    let grades = batch::grade_students(&kit, &students, &options, &record).unwrap();
    let problems = samples::verify(&recipes, &grades, sandboxed);
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
    let again = batch::grade_students(&kit, &students, &options, &record).unwrap();
    assert_eq!(again, grades);
    assert_eq!(
        *events.lock().unwrap(),
        vec![BatchEvent::Resumed {
            skipped: recipes.len()
        }]
    );
}
