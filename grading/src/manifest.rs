//! The exercise manifest: the grader reads `exercises.toml` with the same crate as the
//! students' `cargo course` (`course-manifest`), re-exported here.

pub use course_manifest::*;
