//! Student names: what a submission's file or folder name becomes, safe as a path and a
//! package name.

use super::archive_kind;

/// The longest student name: longer names are shortened (see [`student_name`]), so a
/// student's name never makes a path or package name too long for the file system or
/// cargo.
pub const MAX_STUDENT_NAME: usize = 64;

/// How many hex digits of the hash end a shortened student name.
const NAME_HASH_DIGITS: usize = 8;

/// The student name for a submission's file or folder name: without its archive
/// extension, with every character other than `[A-Za-z0-9_-]` replaced by `_`, and at
/// most [`MAX_STUDENT_NAME`] characters.
///
/// A longer name keeps its first characters and ends with `-` and 8 hex digits of the
/// SHA-256 of the whole name (before sanitising), so two long names sharing a prefix
/// stay distinct, and the same name always gives the same result. Names that are short
/// enough are only sanitised.
///
/// ```
/// use grading::collect::{MAX_STUDENT_NAME, student_name};
///
/// assert_eq!(student_name("Ann Lee.tar.gz"), "Ann_Lee");
/// assert_eq!(student_name("bob"), "bob");
/// let long = student_name(&format!("{}.zip", "x".repeat(250)));
/// assert_eq!(long.len(), MAX_STUDENT_NAME);
/// assert!(long.starts_with("xxxxxxxx") && long.as_bytes()[55] == b'-');
/// assert_ne!(long, student_name(&format!("{}y.zip", "x".repeat(250))));
/// ```
pub fn student_name(file_name: &str) -> String {
    let stem = archive_kind(file_name).map_or(file_name, |(_, stem)| stem);
    sanitize(stem)
}

/// `name` with every character other than `[A-Za-z0-9_-]` replaced by `_`, shortened as
/// [`student_name`] says when longer than [`MAX_STUDENT_NAME`].
pub(super) fn sanitize(name: &str) -> String {
    let clean: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if clean.len() <= MAX_STUDENT_NAME {
        return clean;
    }
    use sha2::Digest;
    let digest = sha2::Sha256::digest(name.as_bytes());
    let hash: String = digest[..NAME_HASH_DIGITS / 2]
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect();
    // `clean` is ASCII, so every byte offset is a character boundary.
    let keep = MAX_STUDENT_NAME - NAME_HASH_DIGITS - 1;
    format!("{}-{hash}", &clean[..keep])
}
