//! What is written once: the manifest owns each exercise's title, order, difficulty,
//! points and hints, and the crate READMEs show exactly that.

use std::path::Path;

use grading::kit::Kit;
use grading::readme;

fn kit() -> Kit {
    Kit::open(&Path::new(env!("CARGO_MANIFEST_DIR")).join("..")).expect("the kit opens")
}

#[test]
fn the_crate_readmes_match_the_manifest() {
    let kit = kit();
    let drifted = readme::drifted(&kit).expect("every README has the expected shape");
    let files: Vec<String> = drifted
        .iter()
        .map(|(path, _)| path.display().to_string())
        .collect();
    assert!(
        files.is_empty(),
        "these READMEs differ from exercises.toml (run `cargo run -p grading -- readme`): {files:?}"
    );
}

#[test]
fn every_exercise_has_a_step_a_difficulty_and_a_nudge_apart_from_its_recipe() {
    let kit = kit();
    let manifest = kit.manifest();
    let mut steps: Vec<u32> = Vec::new();
    for exercise in &manifest.exercises {
        let id = &exercise.id;
        steps.push(
            exercise
                .order
                .unwrap_or_else(|| panic!("{id} has no order")),
        );
        assert!(exercise.difficulty.is_some(), "{id} has no difficulty");
        let nudge = exercise
            .nudge
            .as_deref()
            .unwrap_or_else(|| panic!("{id} has no nudge"));
        assert_ne!(nudge, exercise.hint, "{id}'s nudge is its recipe");
    }
    steps.sort_unstable();
    let expected: Vec<u32> = (1..=steps.len() as u32).collect();
    assert_eq!(steps, expected, "the steps are 1, 2, … with none left out");
}

#[test]
fn the_suggested_path_starts_with_running_programs_then_threads() {
    // The first exercises need no thread: ex-subprocess's later ones (timeouts, reading
    // pipes at once) use scoped threads and channels, which ex-threads teaches.
    let kit = kit();
    let path: Vec<&str> = kit
        .manifest()
        .in_order()
        .iter()
        .map(|exercise| exercise.id.as_str())
        .collect();
    assert_eq!(&path[..3], ["sp-run", "sp-check", "sp-pipeline"]);
    let first_thread = path.iter().position(|id| id.starts_with("th-")).unwrap();
    let rest_of_subprocess = path.iter().position(|id| *id == "sp-timeout").unwrap();
    assert!(first_thread < rest_of_subprocess, "{path:?}");
}

#[test]
fn a_hint_changed_in_the_manifest_is_a_drifted_readme() {
    let kit = kit();
    let exercise = &kit.manifest().exercises[0];
    let text = std::fs::read_to_string(kit.statement_file(&exercise.crate_name)).unwrap();
    let edited = text.replacen(&exercise.hint, "an old hint", 1);
    assert_ne!(edited, text, "the README shows the manifest's hint");
    let regenerated = readme::regenerate(&kit, &exercise.crate_name, &edited).unwrap();
    assert_eq!(
        regenerated, text,
        "regenerating puts the manifest's hint back"
    );

    let without_table = text.replacen(readme::TABLE_START, "", 1);
    let error = readme::regenerate(&kit, &exercise.crate_name, &without_table).unwrap_err();
    assert!(error.to_string().contains("exercise table"), "{error}");
}
