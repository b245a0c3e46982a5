//! The instructor's repository: where each part of an exercise lives.
//!
//! The layout is fixed by `AUTHORING.md`; this module is the only place that turns it
//! into paths, so every other stage asks the [`Kit`] instead of building path strings.

use std::path::{Path, PathBuf};

use crate::manifest::{Exercise, Manifest, ManifestError};

/// The manifest's file name, at the root of the kit.
pub const MANIFEST_FILE: &str = "exercises.toml";

/// Whether students can see a test.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Visibility {
    /// Shipped to students in `ex-<topic>/tests/`.
    Visible,
    /// Kept by the instructor in `grading/hidden/ex-<topic>/`.
    Hidden,
}

/// One test file of an exercise, and the cargo test target it becomes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestFile {
    /// The exercise it belongs to.
    pub exercise_id: String,
    /// Visible or hidden.
    pub visibility: Visibility,
    /// The cargo `[[test]]` target name: the stem, prefixed `hidden_` for hidden tests
    /// (so a crate can have both `th_spawn` and `hidden_th_spawn`).
    pub target: String,
    /// The file's absolute path in the kit.
    pub path: PathBuf,
}

/// The instructor's kit: its root folder and its manifest.
#[derive(Debug, Clone)]
pub struct Kit {
    root: PathBuf,
    manifest: Manifest,
}

/// Why the kit could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum KitError {
    /// No folder from the start point upwards holds `exercises.toml`.
    #[error(
        "no {MANIFEST_FILE} found in {start} or any folder above it; run from inside the kit or pass --kit"
    )]
    NotFound {
        /// Where the search started.
        start: String,
    },
    /// The manifest is there but unusable.
    #[error(transparent)]
    Manifest(#[from] ManifestError),
    /// The root could not be resolved to an absolute path.
    #[error("the kit folder cannot be used")]
    Resolve(#[source] crate::files::FileError),
}

impl Kit {
    /// Opens the kit whose root folder (holding `exercises.toml`) is `root`.
    ///
    /// # Errors
    /// [`KitError`] if the folder cannot be resolved or its manifest is unusable.
    pub fn open(root: &Path) -> Result<Kit, KitError> {
        let root = root
            .canonicalize()
            .map_err(|source| KitError::Resolve(crate::files::io("resolve", root)(source)))?;
        let manifest = Manifest::load(&root.join(MANIFEST_FILE))?;
        Ok(Kit { root, manifest })
    }

    /// Finds the kit by walking up from `start` to the first folder with `exercises.toml`.
    ///
    /// # Errors
    /// [`KitError::NotFound`] when no such folder exists, or the errors of [`Kit::open`].
    pub fn find_from(start: &Path) -> Result<Kit, KitError> {
        let found = start
            .ancestors()
            .find(|folder| folder.join(MANIFEST_FILE).is_file())
            .ok_or_else(|| KitError::NotFound {
                start: start.display().to_string(),
            })?;
        Kit::open(found)
    }

    /// The kit's root folder (absolute).
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The manifest.
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// The student's crate (the starter): `<root>/<crate>`.
    pub fn starter_dir(&self, crate_name: &str) -> PathBuf {
        self.root.join(crate_name)
    }

    /// The solved twin: `<root>/solutions/<crate>`.
    pub fn solution_dir(&self, crate_name: &str) -> PathBuf {
        self.root.join("solutions").join(crate_name)
    }

    /// Where the hidden tests of a crate live: `<root>/grading/hidden/<crate>`.
    pub fn hidden_dir(&self, crate_name: &str) -> PathBuf {
        self.root.join("grading").join("hidden").join(crate_name)
    }

    /// The statements of a crate: `<root>/<crate>/README.md`.
    pub fn statement_file(&self, crate_name: &str) -> PathBuf {
        self.starter_dir(crate_name).join("README.md")
    }

    /// The exercise's module as a student sees it: `src/<module>.rs`, or `src/<module>/`
    /// when the starter's module is a folder.
    pub fn module_display(&self, exercise: &Exercise) -> String {
        let src = self.starter_dir(&exercise.crate_name).join("src");
        if src.join(&exercise.module).is_dir() {
            format!("src/{}/", exercise.module)
        } else {
            format!("src/{}.rs", exercise.module)
        }
    }

    /// Every test file of an exercise, visible first.
    pub fn test_files(&self, exercise: &Exercise) -> Vec<TestFile> {
        let visible = exercise.visible_tests.iter().map(|stem| TestFile {
            exercise_id: exercise.id.clone(),
            visibility: Visibility::Visible,
            target: stem.clone(),
            path: self
                .starter_dir(&exercise.crate_name)
                .join("tests")
                .join(format!("{stem}.rs")),
        });
        let hidden = exercise.hidden_tests.iter().map(|stem| TestFile {
            exercise_id: exercise.id.clone(),
            visibility: Visibility::Hidden,
            target: format!("hidden_{stem}"),
            path: self
                .hidden_dir(&exercise.crate_name)
                .join(format!("{stem}.rs")),
        });
        visible.chain(hidden).collect()
    }

    /// Every test file of every exercise of a crate.
    pub fn crate_test_files(&self, crate_name: &str) -> Vec<TestFile> {
        self.manifest
            .exercises_of(crate_name)
            .flat_map(|exercise| self.test_files(exercise))
            .collect()
    }
}
