//! The kit self-check, run as part of the kit's own test suite (`cargo test`).
//!
//! It builds every crate's solution and starter through the grading pipeline and fails
//! with the whole report when any exercise is incomplete, any solution fails a test, or
//! any starter passes one.

use std::path::Path;

use grading::check::{CheckOptions, run_check};
use grading::kit::Kit;

#[test]
fn every_exercise_is_complete_and_its_tests_tell_solution_from_starter() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let kit = Kit::open(&root).expect("the kit's manifest loads");
    let report = run_check(&kit, &CheckOptions::for_kit(&kit)).expect("the check runs");
    let table = report.render();
    println!("{table}");
    assert!(
        report.is_ok(),
        "the kit self-check found problems:\n{table}"
    );
    let exercises: usize = report.crates.iter().map(|(_, e)| e.len()).sum();
    assert_eq!(exercises, kit.manifest().exercises.len());
}
