//! `grade sample`: the bundled sample class, made from its recipes, graded, and checked
//! against the score each recipe expects.

use std::process::ExitCode;

use grading::collect;
use grading::kit::Kit;
use grading::samples;

use crate::cli::GradingArgs;
use crate::{grade, out_dir};

/// Makes the sample class afresh, grades it like any class (with a tripwire on the
/// host's loopback and a descriptor left open for the grader) and verifies every
/// student's score; exit status 1 when a sample missed its expected score.
pub fn grade_sample(kit: &Kit, mut grading: GradingArgs) -> anyhow::Result<ExitCode> {
    // The class is made afresh from the recipes every time, so results stored by
    // an earlier run (of possibly other recipes) are never reused.
    grading.force = true;
    let recipes = samples::load_recipes(&kit.root().join("grading/samples/class"))?;
    let class = kit.root().join("target/grades/sample-class-submissions");
    samples::materialize(kit, &recipes, &class)?;
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
    let code = grade(kit, listing.submissions, "sample-class", &grading)?;
    let out = out_dir(kit, "sample-class", &grading);
    let problems = samples::verify_run(kit, &recipes, &out, &canary, tripwire.ok())?;
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
