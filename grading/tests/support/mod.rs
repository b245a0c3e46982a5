//! What the grader's pipeline tests share: the miniature kit, and its submissions staged
//! and built the way a batch builds them.

use std::path::{Path, PathBuf};

use grading::compile::{self, BuildOutput};
use grading::kit::Kit;
use grading::sandbox::Jail;
use grading::stage::{BuildWorkspace, PackageName, TEST_TARGET};

/// The miniature kit: one crate (`ex-demo`), its tests, and one submission per outcome.
pub fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini-kit")
}

/// Stages the fixture's submissions `names` (their `ex-demo/src`) for `kit` in a build
/// workspace under `work`, and builds them all in one cargo run, into `work/target`.
pub fn build_submissions(kit: &Kit, names: &[&str], work: &Path) -> (BuildWorkspace, BuildOutput) {
    let mut workspace = BuildWorkspace::create(&work.join("workspace")).unwrap();
    for name in names {
        let src = fixture().join("submissions").join(name).join("ex-demo/src");
        workspace
            .stage(kit, name, "ex-demo", &src)
            .expect("the submission stages");
    }
    workspace.write_manifest(kit).unwrap();
    let build = compile::build_tests(&workspace, &work.join("target"), kit, &Jail::detect())
        .expect("cargo runs");
    (workspace, build)
}

/// The grader's test binary of the fixture submission `submission` in `build`; the build
/// errors when it has none.
pub fn test_binary(build: &BuildOutput, submission: &str) -> PathBuf {
    let package = PackageName::new("ex-demo", submission);
    build
        .binary(package.as_str(), TEST_TARGET)
        .unwrap_or_else(|| {
            panic!(
                "{package} has a test binary; build errors: {:#?} {:#?}",
                build.errors, build.test_errors
            )
        })
        .to_path_buf()
}
