//! Reports: what the grades become once every test has run.
//!
//! One submodule per output, all made from the same [`SubmissionGrade`](crate::score::SubmissionGrade)s:
//!
//! - [`table`]: the class table and one student's summary, for the terminal;
//! - [`gradebook`]: one CSV row per student, for a spreadsheet or an LMS import;
//! - [`feedback`]: one markdown page per student, the text students read;
//! - [`gradescope`]: Gradescope's `results.json`, one per student;
//! - [`junit`]: one JUnit XML report for the whole class, for CI dashboards;
//! - [`files`]: [`write_reports`], which writes all of the above into one folder.
//!
//! The formatters depend on this module only for [`ReportOptions`] and [`ReportError`],
//! which live here, and on `text` for the words they share; none imports another.
//!
//! Hidden tests never show their output or failure message in what students read
//! ([`feedback`], [`gradescope`]) unless [`ReportOptions::show_hidden_details`] says so.

pub mod feedback;
pub mod files;
pub mod gradebook;
pub mod gradescope;
pub mod junit;
pub mod table;
mod text;

pub use feedback::feedback_markdown;
pub use files::{ReportFiles, write_reports};
pub use gradebook::{write_gradebook, write_gradebook_to};
pub use gradescope::{
    GradescopeResults, GradescopeStatus, GradescopeTest, HiddenVisibility, UnknownVisibility,
    gradescope_results,
};
pub use junit::{junit_report, junit_xml};
pub use table::{class_table, student_summary};

use crate::files::FileError;

#[cfg(test)]
mod fixtures;

/// How the student-facing reports treat hidden tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ReportOptions {
    /// The Gradescope visibility of hidden tests (visible tests are always `visible`).
    pub hidden_visibility: HiddenVisibility,
    /// Whether hidden tests show their failure message and output in the feedback pages
    /// and `results.json` (false for students: they see the name and outcome kind only).
    pub show_hidden_details: bool,
}

/// Why a report could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// A folder or file could not be created or written.
    #[error(transparent)]
    Write(#[from] FileError),
    /// The gradebook could not be written ([`write_gradebook`]).
    #[error("failed to write the gradebook {path}")]
    Csv {
        /// The gradebook's path (`<writer>` when writing to a writer).
        path: String,
        /// What the CSV writer said.
        #[source]
        source: csv::Error,
    },
    /// The JUnit report could not be serialized.
    #[error("failed to serialize the junit report")]
    Junit(#[source] quick_junit::SerializeError),
    /// A `results.json` could not be serialized.
    #[error("failed to serialize the gradescope results of {student}")]
    Json {
        /// Whose results.
        student: String,
        /// What serde_json said.
        #[source]
        source: serde_json::Error,
    },
    /// A student's name cannot be used as a file name (empty, `.`, `..`, or holding a
    /// path separator or control character).
    #[error("the student name {student:?} cannot be used as a file name")]
    StudentName {
        /// The name.
        student: String,
    },
    /// Two grades are for the same student, so one's files would replace the other's.
    #[error("two grades are for the same student {student:?}")]
    DuplicateStudent {
        /// The name.
        student: String,
    },
}
