//! placeholder: filled in by the exercise author
