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
pub use files::{ReportError, ReportFiles, ReportOptions, write_reports};
pub use gradebook::{write_gradebook, write_gradebook_to};
pub use gradescope::{
    GradescopeResults, GradescopeStatus, GradescopeTest, HiddenVisibility, UnknownVisibility,
    gradescope_results,
};
pub use junit::{junit_report, junit_xml};
pub use table::{class_table, student_summary};

#[cfg(test)]
mod fixtures;
