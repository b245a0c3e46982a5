//! The course on disk: the workspace root, its manifest, and where each exercise's
//! files and its starter copy are.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use course_manifest::{Exercise, Manifest, STARTERS_DIR};

/// One course workspace: a handout (or the kit itself) with its manifest.
#[derive(Debug)]
pub struct Course {
    root: PathBuf,
    manifest: Manifest,
}

impl Course {
    /// Finds the course from `start` upwards: the first folder with both `Cargo.toml`
    /// and `exercises.toml`. When there is none (the tool was started from elsewhere),
    /// the folder this tool was built in is used.
    ///
    /// # Errors
    /// When no course is found or its manifest cannot be read.
    pub fn find(start: &Path) -> anyhow::Result<Course> {
        let built_in = Path::new(env!("CARGO_MANIFEST_DIR")).parent();
        let root = start
            .ancestors()
            .chain(built_in)
            .find(|dir| dir.join("Cargo.toml").is_file() && dir.join("exercises.toml").is_file())
            .context(
                "this is not a course folder: no exercises.toml next to a Cargo.toml here or above",
            )?
            .to_path_buf();
        Course::open(&root)
    }

    /// Opens the course whose root is `root`.
    ///
    /// # Errors
    /// When its manifest cannot be read or is not valid.
    pub fn open(root: &Path) -> anyhow::Result<Course> {
        let manifest = Manifest::load(&root.join("exercises.toml"))?;
        Ok(Course {
            root: root.to_path_buf(),
            manifest,
        })
    }

    /// The workspace root.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The manifest.
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// The exercise with this id, or an error listing the ids there are.
    ///
    /// # Errors
    /// When no exercise has this id.
    pub fn exercise(&self, id: &str) -> anyhow::Result<&Exercise> {
        match self.manifest.exercise(id) {
            Some(exercise) => Ok(exercise),
            None => {
                let ids: Vec<&str> = self
                    .manifest
                    .in_order()
                    .into_iter()
                    .map(|exercise| exercise.id.as_str())
                    .collect();
                bail!(
                    "there is no exercise {id:?}; the exercises are: {}",
                    ids.join(", ")
                )
            }
        }
    }

    /// The folder of an exercise crate.
    pub fn crate_dir(&self, crate_name: &str) -> PathBuf {
        self.root.join(crate_name)
    }

    /// Where cargo builds: `CARGO_TARGET_DIR`, or `target/` in the root.
    pub fn target_dir(&self) -> PathBuf {
        std::env::var_os("CARGO_TARGET_DIR")
            .map(PathBuf::from)
            .map(|dir| {
                if dir.is_absolute() {
                    dir
                } else {
                    self.root.join(dir)
                }
            })
            .unwrap_or_else(|| self.root.join("target"))
    }

    /// The tool's own files in the target folder (cached results, backups).
    pub fn state_dir(&self) -> PathBuf {
        self.target_dir().join("course")
    }

    /// The exercise's own source, relative to its crate: `src/<module>.rs`, or the
    /// folder `src/<module>/` when the module is a folder.
    pub fn module_path(&self, exercise: &Exercise) -> PathBuf {
        let src = Path::new("src");
        let folder = src.join(&exercise.module);
        if self.crate_dir(&exercise.crate_name).join(&folder).is_dir()
            || self.starter_root(exercise).join(&folder).is_dir()
        {
            folder
        } else {
            src.join(format!("{}.rs", exercise.module))
        }
    }

    /// The folder that holds the starter copy of `exercise`'s crate.
    fn starter_root(&self, exercise: &Exercise) -> PathBuf {
        self.root.join(STARTERS_DIR).join(&exercise.crate_name)
    }

    /// The exercise's file (or folder) in the student's crate.
    pub fn work_file(&self, exercise: &Exercise) -> PathBuf {
        self.crate_dir(&exercise.crate_name)
            .join(self.module_path(exercise))
    }

    /// The starter copy of the exercise's file (or folder), if this course carries one
    /// (a handout does; the kit does not).
    pub fn starter_file(&self, exercise: &Exercise) -> Option<PathBuf> {
        let path = self.starter_root(exercise).join(self.module_path(exercise));
        path.exists().then_some(path)
    }

    /// Where the statement is: the crate README and the exercise's heading.
    pub fn statement(&self, exercise: &Exercise) -> String {
        format!("{}/README.md, \"## {}\"", exercise.crate_name, exercise.id)
    }

    /// The programs `exercise` needs that are not on `PATH` (ex-mpi: MPICH's).
    pub fn missing_programs(&self, exercise: &Exercise) -> Vec<String> {
        exercise
            .requires
            .iter()
            .filter(|program| !on_path(program))
            .cloned()
            .collect()
    }
}

/// Whether `program` is an executable file in one of `PATH`'s folders.
fn on_path(program: &str) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::env::var_os("PATH").is_some_and(|path| {
        std::env::split_paths(&path).any(|dir| {
            std::fs::metadata(dir.join(program))
                .is_ok_and(|meta| meta.is_file() && meta.permissions().mode() & 0o111 != 0)
        })
    })
}
