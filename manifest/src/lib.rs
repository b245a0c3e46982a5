//! The exercise manifest (`exercises.toml`): the one source the self-check, the grader,
//! the READMEs and the students' `cargo course` read.
//!
//! It is its own small crate so that the grader and the student tool share one reader
//! (the handout carries this crate, and a manifest without the hidden tests' names).
//!
//! ```
//! let manifest = course_manifest::Manifest::parse(r#"
//!     format_version = 1
//!     [defaults]
//!     points = 2
//!     timeout_secs = 30
//!
//!     [[exercise]]
//!     id = "th-spawn"
//!     crate = "ex-threads"
//!     module = "spawn"
//!     title = "Ten slow jobs"
//!     lab_sheet = "002_f1ed66b6bd3778ad.txt"
//!     section = "7.1.1"
//!     hint = "Keep the JoinHandles."
//!     visible_tests = ["th_spawn"]
//!     hidden_tests = ["th_spawn"]
//! "#).unwrap();
//! let spawn = &manifest.exercises[0];
//! assert_eq!(manifest.points(spawn), 2);
//! assert_eq!(manifest.crates(), vec!["ex-threads"]);
//! ```

use std::collections::BTreeSet;
use std::path::Path;
use std::time::Duration;

use serde::{Deserialize, Serialize};

/// The manifest format this grader reads.
pub const FORMAT_VERSION: u32 = 1;

/// The whole manifest file.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Must equal [`FORMAT_VERSION`]; a manifest from another version is refused.
    pub format_version: u32,
    /// True in the handout's copy, the students' view: it lists no hidden test and no
    /// requirement (they name hidden tests), so those may be absent.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub handout: bool,
    /// Values an exercise takes when it does not set its own.
    #[serde(default)]
    pub defaults: Defaults,
    /// Every exercise, in the order students meet them.
    #[serde(rename = "exercise")]
    pub exercises: Vec<Exercise>,
}

/// Defaults shared by every exercise.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Defaults {
    /// Points an exercise is worth, split evenly over its tests.
    pub points: u32,
    /// How long one test may run before its whole process group is killed.
    pub timeout_secs: u64,
}

impl Default for Defaults {
    fn default() -> Self {
        Defaults {
            points: 2,
            timeout_secs: 30,
        }
    }
}

/// One exercise of the catalog.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Exercise {
    /// The stable id from the catalog, e.g. `th-spawn`; used in test names and reports.
    pub id: String,
    /// The exercise crate that owns it, e.g. `ex-threads`.
    #[serde(rename = "crate")]
    pub crate_name: String,
    /// The module in the crate's `src/` that holds it (`src/<module>.rs` or `src/<module>/`).
    pub module: String,
    /// A short human title.
    pub title: String,
    /// Where it comes in the suggested path through the whole course (1 first; unique).
    /// Exercises without one come after, in manifest order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order: Option<u32>,
    /// How hard it is: 1 a warm-up (one idea), 2 core, 3 hard (subtle synchronisation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub difficulty: Option<u8>,
    /// The first, gentle hint (`cargo course hint ID`): where to look, not how; `hint`
    /// is the recipe that comes after it (`--more`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nudge: Option<String>,
    /// Points for the exercise; the default when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points: Option<u32>,
    /// The lab sheet it comes from (a file name in the kit's `seeds/`; "seed" alone means
    /// a test's random seed).
    pub lab_sheet: String,
    /// Where in the lab sheet (a section number or heading).
    pub section: String,
    /// The hint shown to a student whose tests fail.
    pub hint: String,
    /// Visible test files, by stem: `ex-<topic>/tests/<stem>.rs`.
    pub visible_tests: Vec<String>,
    /// Hidden test files, by stem: `grading/hidden/ex-<topic>/<stem>.rs` (empty in the
    /// handout's copy).
    #[serde(default)]
    pub hidden_tests: Vec<String>,
    /// Per-test timeout for this exercise, in seconds; the default when absent. It is
    /// the ceiling: the grader gives each test a limit derived from what the reference
    /// solution needed in the same run, never more than this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout_secs: Option<u64>,
    /// How many of the grader's `--jobs` slots one test takes (a test that runs 4 MPI
    /// ranks takes 4); 1 when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slots: Option<usize>,
    /// Environment variables passed into the test's jail (e.g. `UCX_TLS = "self,sm"`).
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub env: std::collections::BTreeMap<String, String>,
    /// Programs the tests run (e.g. `mpiexec`); where one is missing, the exercise is
    /// reported as not gradable on that machine instead of costing the students points.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub requires: Vec<String>,
    /// How to install what `requires` names, for the message shown where it is missing
    /// (e.g. `apt-get install -y mpich libmpich-dev libclang-dev pkgconf`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub install: Option<String>,
    /// What the tests prove, in groups with their own points (`[[exercise.requirement]]`):
    /// a requirement is met, and earns its points, only when every one of its tests
    /// passes. Tests in no requirement share the rest of the exercise's points evenly.
    #[serde(default, rename = "requirement", skip_serializing_if = "Vec::is_empty")]
    pub requirements: Vec<Requirement>,
}

/// One thing an exercise's tests prove, worth points of its own: "really concurrent",
/// "no lost wake-up", "cleans up its children".
///
/// ```
/// use course_manifest::Requirement;
///
/// let concurrent = Requirement {
///     name: "really concurrent".into(),
///     points: 0.5,
///     tests: vec!["hidden_th_spawn::jobs_overlap".into(), "edge_cases".into()],
/// };
/// assert!(concurrent.covers("hidden_th_spawn::jobs_overlap"));
/// // A bare name covers the test of that name in any of the exercise's files.
/// assert!(concurrent.covers("th_spawn::edge_cases"));
/// assert!(concurrent.covers("hidden_th_spawn::edge_cases"));
/// assert!(!concurrent.covers("th_spawn::jobs_overlap"));
/// assert!(!concurrent.covers("hidden_th_spawn::more::edge_cases"));
/// ```
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Requirement {
    /// What is proven, in a few words; the feedback names a requirement that was missed.
    pub name: String,
    /// Points earned when every test of the requirement passes, none otherwise.
    pub points: f64,
    /// Its tests: `<target>::<test path>` (`hidden_th_spawn::jobs_overlap`), or a bare
    /// test name, which covers the test of that name in every file of the exercise.
    pub tests: Vec<String>,
}

impl Requirement {
    /// Whether the listed test `full_name` (`<target>::<test path>`) is one of this
    /// requirement's.
    pub fn covers(&self, full_name: &str) -> bool {
        self.tests
            .iter()
            .any(|pattern| pattern_covers(pattern, full_name))
    }
}

/// Whether a requirement's test pattern names the test `full_name`.
fn pattern_covers(pattern: &str, full_name: &str) -> bool {
    if pattern.contains("::") {
        pattern == full_name
    } else {
        full_name
            .split_once("::")
            .is_some_and(|(_target, path)| path == pattern)
    }
}

/// Where a handout keeps a copy of each crate's starter `src/` (relative to its root):
/// the grader's handout writes it, `cargo course reset` reads it.
pub const STARTERS_DIR: &str = "course/starters";

/// A manifest of one exercise, th-spawn, with the default points: what the tests of
/// the manifest's readers build on.
pub const EXAMPLE: &str = r#"
    format_version = 1
    [[exercise]]
    id = "th-spawn"
    crate = "ex-threads"
    module = "spawn"
    title = "Ten slow jobs"
    lab_sheet = "002_f1ed66b6bd3778ad.txt"
    section = "7.1.1"
    hint = "Keep the JoinHandles."
    visible_tests = ["th_spawn"]
    hidden_tests = ["th_spawn"]
"#;

/// Tolerance when requirement points are summed: points are written in decimal.
const POINTS_TOLERANCE: f64 = 1e-9;

/// Why a manifest could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ManifestError {
    /// The file could not be read.
    #[error("the manifest {path} cannot be read")]
    Read {
        /// The manifest's path.
        path: String,
        /// What the operating system said.
        #[source]
        source: std::io::Error,
    },
    /// The text is not valid TOML for this schema.
    #[error("the manifest is not valid: {0}")]
    Syntax(#[from] toml::de::Error),
    /// The manifest was written for another version of the grader.
    #[error("the manifest has format_version {found}, this grader reads {FORMAT_VERSION}")]
    Version {
        /// The version the file declares.
        found: u32,
    },
    /// An entry breaks a rule (a duplicate id, an empty hint, no tests, ...).
    #[error("exercise {id:?}: {problem}")]
    Entry {
        /// The exercise id (or its position when the id itself is bad).
        id: String,
        /// What is wrong.
        problem: String,
    },
}

impl Manifest {
    /// Reads and validates the manifest at `path`.
    ///
    /// # Errors
    /// [`ManifestError`] when the file is unreadable, malformed, of another format
    /// version, or breaks a rule of [`Manifest::parse`].
    pub fn load(path: &Path) -> Result<Manifest, ManifestError> {
        let text = std::fs::read_to_string(path).map_err(|source| ManifestError::Read {
            path: path.display().to_string(),
            source,
        })?;
        Manifest::parse(&text)
    }

    /// Parses and validates manifest text.
    ///
    /// # Errors
    /// [`ManifestError`] for bad TOML, another format version, a duplicate or malformed
    /// id, an empty title or hint, or an exercise without visible or hidden tests.
    pub fn parse(text: &str) -> Result<Manifest, ManifestError> {
        let manifest: Manifest = toml::from_str(text)?;
        if manifest.format_version != FORMAT_VERSION {
            return Err(ManifestError::Version {
                found: manifest.format_version,
            });
        }
        let mut seen = BTreeSet::new();
        let mut orders = BTreeSet::new();
        for exercise in &manifest.exercises {
            exercise.validate(manifest.handout)?;
            if !seen.insert(exercise.id.as_str()) {
                return Err(entry_error(&exercise.id, "the id appears twice"));
            }
            if let Some(order) = exercise.order
                && !orders.insert(order)
            {
                return Err(entry_error(
                    &exercise.id,
                    &format!("order {order} is another exercise's too"),
                ));
            }
            let grouped = exercise.requirement_points();
            let points = f64::from(manifest.points(exercise));
            if grouped > points + POINTS_TOLERANCE {
                return Err(entry_error(
                    &exercise.id,
                    &format!("its requirements are worth {grouped} points, more than its {points}"),
                ));
            }
        }
        Ok(manifest)
    }

    /// What is wrong with `exercise`'s requirements given the tests the reference lists
    /// for it (`<target>::<test path>`): a pattern that names no test, a test in two
    /// requirements, tests left out with no points left for them, or points left with no
    /// test left out. Empty when they fit.
    pub fn requirement_problems(&self, exercise: &Exercise, listed: &[String]) -> Vec<String> {
        let mut problems = Vec::new();
        for requirement in &exercise.requirements {
            for pattern in &requirement.tests {
                if !listed.iter().any(|name| pattern_covers(pattern, name)) {
                    problems.push(format!(
                        "requirement {:?} names {pattern:?}, which is no test of {}",
                        requirement.name, exercise.id
                    ));
                }
            }
        }
        let mut ungrouped = Vec::new();
        for name in listed {
            let owners: Vec<&str> = exercise
                .requirements
                .iter()
                .filter(|requirement| requirement.covers(name))
                .map(|requirement| requirement.name.as_str())
                .collect();
            match owners.len() {
                0 => ungrouped.push(name.as_str()),
                1 => {}
                _ => problems.push(format!(
                    "{name} is in more than one requirement: {owners:?}"
                )),
            }
        }
        if exercise.requirements.is_empty() {
            return problems;
        }
        let left = f64::from(self.points(exercise)) - exercise.requirement_points();
        if left <= POINTS_TOLERANCE && !ungrouped.is_empty() {
            problems.push(format!(
                "its requirements take every point, so these tests would be worth nothing: {}",
                ungrouped.join(", ")
            ));
        }
        if left > POINTS_TOLERANCE && ungrouped.is_empty() {
            problems.push(format!(
                "{left} of its points are in no requirement, and every test is in one"
            ));
        }
        problems
    }

    /// The exercise crates, in the order they first appear.
    pub fn crates(&self) -> Vec<&str> {
        let mut crates: Vec<&str> = Vec::new();
        for exercise in &self.exercises {
            if !crates.contains(&exercise.crate_name.as_str()) {
                crates.push(&exercise.crate_name);
            }
        }
        crates
    }

    /// The exercises of one crate, in manifest order.
    pub fn exercises_of<'a>(&'a self, crate_name: &'a str) -> impl Iterator<Item = &'a Exercise> {
        self.exercises
            .iter()
            .filter(move |exercise| exercise.crate_name == crate_name)
    }

    /// Every exercise in the suggested order: by `order`, then those without one in
    /// manifest order.
    pub fn in_order(&self) -> Vec<&Exercise> {
        let mut exercises: Vec<&Exercise> = self.exercises.iter().collect();
        exercises.sort_by_key(|exercise| exercise.order.unwrap_or(u32::MAX));
        exercises
    }

    /// The students' copy of this manifest, as TOML: every exercise with its statement
    /// data, points, order and hints, but no hidden test file and no requirement (both
    /// name hidden tests). [`Manifest::parse`] reads it back.
    ///
    /// ```
    /// let kit = course_manifest::Manifest::parse(course_manifest::EXAMPLE).unwrap();
    /// let view = course_manifest::Manifest::parse(&kit.students_view()).unwrap();
    /// assert!(view.handout);
    /// assert!(view.exercises[0].hidden_tests.is_empty());
    /// assert_eq!(view.exercises[0].visible_tests, ["th_spawn"]);
    /// ```
    pub fn students_view(&self) -> String {
        let mut view = self.clone();
        view.handout = true;
        for exercise in &mut view.exercises {
            exercise.hidden_tests.clear();
            exercise.requirements.clear();
        }
        let body = toml::to_string(&view).expect("a manifest is always valid TOML");
        format!(
            "# The exercises of this course: read by `cargo course` (do not edit; the course\n\
             # kit writes it). Hints are in here, so that you choose when to read them.\n{body}"
        )
    }

    /// The exercise with this id.
    pub fn exercise(&self, id: &str) -> Option<&Exercise> {
        self.exercises.iter().find(|exercise| exercise.id == id)
    }

    /// The points `exercise` is worth.
    pub fn points(&self, exercise: &Exercise) -> u32 {
        exercise.points.unwrap_or(self.defaults.points)
    }

    /// How many of the grader's slots one test of `exercise` takes.
    pub fn slots(&self, exercise: &Exercise) -> usize {
        exercise.slots.unwrap_or(1).max(1)
    }

    /// The longest one test of `exercise` may run.
    pub fn timeout(&self, exercise: &Exercise) -> Duration {
        Duration::from_secs(exercise.timeout_secs.unwrap_or(self.defaults.timeout_secs))
    }
}

impl Exercise {
    /// Its difficulty in a word: `warm-up`, `core` or `hard` (`-` when unset).
    pub fn difficulty_label(&self) -> &'static str {
        match self.difficulty {
            Some(1) => "warm-up",
            Some(2) => "core",
            Some(3) => "hard",
            _ => "-",
        }
    }

    /// The points its requirements are worth together (0 without requirements).
    pub fn requirement_points(&self) -> f64 {
        self.requirements.iter().map(|r| r.points).sum()
    }

    /// The requirement the listed test `full_name` belongs to, if any (the first that
    /// covers it: a manifest whose requirements share a test is refused before grading).
    pub fn requirement_of(&self, full_name: &str) -> Option<&Requirement> {
        self.requirements
            .iter()
            .find(|requirement| requirement.covers(full_name))
    }

    fn validate(&self, handout: bool) -> Result<(), ManifestError> {
        let id = &self.id;
        let is_id = |text: &str| {
            text.split('-').count() >= 2
                && text.split('-').all(|part| {
                    part.starts_with(|c: char| c.is_ascii_lowercase())
                        && part
                            .chars()
                            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
                })
        };
        let is_ident = |text: &str| {
            !text.is_empty()
                && !text.starts_with(|c: char| c.is_ascii_digit())
                && text
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        };
        if !is_id(id) {
            return Err(entry_error(
                id,
                "an id is lowercase words (letters, then letters or digits) joined by '-', like th-spawn or mpi-p2p",
            ));
        }
        if !self.crate_name.starts_with("ex-") || !is_id(&self.crate_name) {
            return Err(entry_error(
                id,
                "the crate must be an exercise crate named ex-<topic>",
            ));
        }
        if !is_ident(&self.module) {
            return Err(entry_error(id, "the module must be a Rust identifier"));
        }
        for (field, value) in [
            ("title", &self.title),
            ("hint", &self.hint),
            ("lab_sheet", &self.lab_sheet),
            ("section", &self.section),
        ] {
            if value.trim().is_empty() {
                return Err(entry_error(id, &format!("the {field} is empty")));
            }
        }
        for (field, tests) in [
            ("visible_tests", &self.visible_tests),
            ("hidden_tests", &self.hidden_tests),
        ] {
            let may_be_empty = handout && field == "hidden_tests";
            if tests.is_empty() && !may_be_empty {
                return Err(entry_error(id, &format!("{field} lists no test file")));
            }
            if let Some(bad) = tests.iter().find(|stem| !is_ident(stem)) {
                return Err(entry_error(
                    id,
                    &format!("{field} names {bad:?}, which is not a file stem like th_spawn"),
                ));
            }
        }
        if self
            .difficulty
            .is_some_and(|level| !(1..=3).contains(&level))
        {
            return Err(entry_error(id, "difficulty is 1, 2 or 3"));
        }
        if self
            .nudge
            .as_ref()
            .is_some_and(|nudge| nudge.trim().is_empty())
        {
            return Err(entry_error(id, "the nudge is empty"));
        }
        if self.timeout_secs == Some(0) {
            return Err(entry_error(id, "timeout_secs must be at least 1"));
        }
        if self.slots == Some(0) {
            return Err(entry_error(id, "slots must be at least 1"));
        }
        let is_variable = |name: &str| {
            !name.is_empty()
                && !name.starts_with(|c: char| c.is_ascii_digit())
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        };
        if let Some(bad) = self.env.keys().find(|name| !is_variable(name)) {
            return Err(entry_error(
                id,
                &format!("env names {bad:?}, which is not an environment variable name"),
            ));
        }
        let mut names = BTreeSet::new();
        for requirement in &self.requirements {
            let name = requirement.name.trim();
            if name.is_empty() {
                return Err(entry_error(id, "a requirement has an empty name"));
            }
            if !names.insert(name) {
                return Err(entry_error(
                    id,
                    &format!("the requirement {name:?} appears twice"),
                ));
            }
            if !(requirement.points.is_finite() && requirement.points > 0.0) {
                return Err(entry_error(
                    id,
                    &format!("the requirement {name:?} must be worth more than 0 points"),
                ));
            }
            if requirement.tests.is_empty() {
                return Err(entry_error(
                    id,
                    &format!("the requirement {name:?} lists no test"),
                ));
            }
        }
        if let Some(bad) = self
            .requires
            .iter()
            .find(|program| program.is_empty() || program.contains('/'))
        {
            return Err(entry_error(
                id,
                &format!("requires names {bad:?}: give a program's name, found on PATH"),
            ));
        }
        Ok(())
    }
}

fn entry_error(id: &str, problem: &str) -> ManifestError {
    ManifestError::Entry {
        id: id.to_string(),
        problem: problem.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ONE: &str = EXAMPLE;

    /// `ONE` with requirements appended to its exercise.
    fn with_requirements(requirements: &str) -> Result<Manifest, ManifestError> {
        Manifest::parse(&format!("{ONE}{requirements}"))
    }

    const TWO_GROUPS: &str = r#"
        [[exercise.requirement]]
        name = "really concurrent"
        points = 1.5
        tests = ["hidden_th_spawn::overlap", "in_order"]
        [[exercise.requirement]]
        name = "edge cases"
        points = 0.5
        tests = ["th_spawn::zero_jobs"]
    "#;

    #[test]
    fn requirements_that_fit_the_listing_have_no_problems() {
        let manifest = with_requirements(TWO_GROUPS).unwrap();
        assert_eq!(manifest.exercise("th-spawn").unwrap().requirements.len(), 2);
        let listed = [
            "th_spawn::in_order",
            "th_spawn::zero_jobs",
            "hidden_th_spawn::overlap",
            "hidden_th_spawn::in_order",
        ];
        assert_eq!(problems(TWO_GROUPS, &listed), "");
    }

    /// The problems `requirement_problems` finds for th-spawn with `requirements`, given
    /// the tests `listed`, one a line.
    fn problems(requirements: &str, listed: &[&str]) -> String {
        let manifest = with_requirements(requirements).unwrap();
        let exercise = manifest.exercise("th-spawn").unwrap();
        let listed: Vec<String> = listed.iter().map(|name| name.to_string()).collect();
        manifest.requirement_problems(exercise, &listed).join("\n")
    }

    #[test]
    fn requirements_that_do_not_fit_the_listing_are_named() {
        // No `overlap`, and a test in no requirement while every point is taken.
        let listed = [
            "th_spawn::in_order",
            "th_spawn::zero_jobs",
            "th_spawn::extra",
        ];
        let found = problems(TWO_GROUPS, &listed);
        assert!(
            found.contains("\"hidden_th_spawn::overlap\", which is no test"),
            "{found}"
        );
        assert!(found.contains("worth nothing: th_spawn::extra"), "{found}");
        // A test two requirements claim.
        let text = TWO_GROUPS.replace("[\"th_spawn::zero_jobs\"]", "[\"in_order\"]");
        let found = problems(&text, &listed);
        assert!(
            found.contains("th_spawn::in_order is in more than one"),
            "{found}"
        );
        // Points left over, and no test left to earn them.
        let text = TWO_GROUPS.replace("points = 0.5", "points = 0.25");
        let found = problems(&text, &["th_spawn::zero_jobs", "hidden_th_spawn::overlap"]);
        assert!(
            found.contains("0.25 of its points are in no requirement"),
            "{found}"
        );
    }

    #[test]
    fn malformed_requirements_are_refused() {
        for (from, to, expected) in [
            (
                "points = 1.5",
                "points = 2.5",
                "worth 3 points, more than its 2",
            ),
            ("points = 0.5", "points = 0", "more than 0 points"),
            ("points = 0.5", "points = nan", "more than 0 points"),
            (
                "name = \"edge cases\"",
                "name = \"really concurrent\"",
                "appears twice",
            ),
            ("name = \"edge cases\"", "name = \" \"", "empty name"),
            ("[\"th_spawn::zero_jobs\"]", "[]", "lists no test"),
        ] {
            let text = TWO_GROUPS.replace(from, to);
            let error = with_requirements(&text).unwrap_err().to_string();
            assert!(error.contains(expected), "{to}: {error}");
        }
    }

    #[test]
    fn defaults_apply_when_an_entry_is_silent() {
        let manifest = Manifest::parse(ONE).unwrap();
        let exercise = manifest.exercise("th-spawn").unwrap();
        assert_eq!(manifest.points(exercise), 2);
        assert_eq!(manifest.timeout(exercise), Duration::from_secs(30));
    }

    #[test]
    fn another_format_version_is_refused() {
        let text = ONE.replace("format_version = 1", "format_version = 2");
        assert!(matches!(
            Manifest::parse(&text),
            Err(ManifestError::Version { found: 2 })
        ));
    }

    #[test]
    fn duplicate_ids_are_refused() {
        let text = format!("{ONE}{}", &ONE[ONE.find("[[exercise]]").unwrap()..]);
        let error = Manifest::parse(&text).unwrap_err().to_string();
        assert!(error.contains("appears twice"), "{error}");
    }

    #[test]
    fn unknown_fields_are_refused_with_their_name() {
        let text = ONE.replace("hint =", "hnit =");
        let error = Manifest::parse(&text).unwrap_err().to_string();
        assert!(error.contains("hnit"), "{error}");
    }

    #[test]
    fn empty_hints_and_missing_tests_are_refused() {
        let text = ONE.replace("\"Keep the JoinHandles.\"", "\" \"");
        assert!(
            Manifest::parse(&text)
                .unwrap_err()
                .to_string()
                .contains("hint is empty")
        );
        let text = ONE.replace("hidden_tests = [\"th_spawn\"]", "hidden_tests = []");
        assert!(
            Manifest::parse(&text)
                .unwrap_err()
                .to_string()
                .contains("hidden_tests")
        );
    }

    #[test]
    fn malformed_ids_and_modules_are_refused() {
        for (from, to) in [
            ("id = \"th-spawn\"", "id = \"Th_Spawn\""),
            ("crate = \"ex-threads\"", "crate = \"threads\""),
            ("module = \"spawn\"", "module = \"../spawn\""),
            (
                "visible_tests = [\"th_spawn\"]",
                "visible_tests = [\"../x\"]",
            ),
        ] {
            assert!(
                Manifest::parse(&ONE.replace(from, to)).is_err(),
                "{to} accepted"
            );
        }
    }
}
