//! Collect: find the submissions in a class folder and unpack each one safely.
//!
//! A submission is a folder shaped like the student repository (`ex-threads/src/...`,
//! maybe more crates), or a `.zip`, `.tar.gz` or `.tgz` archive of such a folder. One
//! folder wrapping everything (`alice-repo/ex-threads/src/...`) is detected and
//! unwrapped, in folders and archives alike. A class is a folder of submissions, one
//! per student.
//!
//! Archives come from students, so extraction trusts nothing in them:
//!
//! - an entry whose path is absolute or has a `..` component refuses the whole archive
//!   ("zip slip"), before anything of it is written when the format allows (zip);
//! - links (symbolic or hard) and special files are never created: they are skipped and
//!   recorded;
//! - every entry, the total and the number of entries are capped, counting the bytes
//!   actually written (a zip bomb lies in its header), and so is the decompressed
//!   stream of a `.tar.gz`;
//! - files are written `0o644`, never executable, and never over an existing path;
//! - only `[wrapper/]ex-*/src/**` is extracted (everything else, such as `target/` or
//!   `.git/`, is counted as ignored), since staging takes only `<crate>/src/**/*.rs`.
//!
//! When extraction fails, the destination folder is emptied again: a refused archive
//! leaves nothing behind.
//!
//! A submission folder is read in place, and no link in it is ever followed: a wrapping
//! folder or `ex-*` folder that is a symbolic link is refused with a note naming it
//! ([`CollectError::Linked`]), and staging refuses a linked `<crate>/src` the same way.

use std::cell::Cell;
use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::fs::{self, DirBuilder, File, OpenOptions};
use std::io::{self, BufReader, Read, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// The largest file extracted from an archive (actual bytes written).
pub const MAX_ENTRY_BYTES: u64 = 1024 * 1024;
/// The most bytes extracted from one archive, all files together (actual bytes written).
pub const MAX_TOTAL_BYTES: u64 = 20 * 1024 * 1024;
/// The most files and folders extracted from one archive.
pub const MAX_ENTRIES: usize = 5000;
/// The most entries looked at in one archive, extracted or not.
pub const MAX_SCANNED_ENTRIES: usize = 100_000;
/// The largest archive file accepted, as stored on disk.
pub const MAX_ARCHIVE_BYTES: u64 = 256 * 1024 * 1024;
/// The most bytes a `.tar.gz` may decompress to, extracted or not.
pub const MAX_STREAM_BYTES: u64 = 1024 * 1024 * 1024;
/// The most path components of an extracted entry.
pub const MAX_DEPTH: usize = 24;

/// The caps applied when unpacking an archive; [`Limits::default`] holds the `MAX_*`
/// constants of this module.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The largest extracted file, in bytes.
    pub entry_bytes: u64,
    /// The most extracted bytes, all files together.
    pub total_bytes: u64,
    /// The most extracted files and folders.
    pub entries: usize,
    /// The most entries looked at, extracted or not.
    pub scanned_entries: usize,
    /// The largest archive file, as stored on disk.
    pub archive_bytes: u64,
    /// The most bytes a `.tar.gz` may decompress to.
    pub stream_bytes: u64,
    /// The most path components of an extracted entry.
    pub depth: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            entry_bytes: MAX_ENTRY_BYTES,
            total_bytes: MAX_TOTAL_BYTES,
            entries: MAX_ENTRIES,
            scanned_entries: MAX_SCANNED_ENTRIES,
            archive_bytes: MAX_ARCHIVE_BYTES,
            stream_bytes: MAX_STREAM_BYTES,
            depth: MAX_DEPTH,
        }
    }
}

/// One student's work, as found in a class folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submission {
    /// The student's name: the entry's file name without its archive extension, with
    /// every character other than `[A-Za-z0-9_-]` replaced by `_`, shortened to at most
    /// [`MAX_STUDENT_NAME`] characters (see [`student_name`]). Unique in a class,
    /// ignoring case.
    pub student: String,
    /// The folder or archive.
    pub source: PathBuf,
    /// What `source` is.
    pub kind: SourceKind,
}

impl Submission {
    /// The submission at `path`, named `student`: a folder, or an archive recognised by
    /// its extension (`.zip`, `.tar.gz`, `.tgz`, any case). `None` for anything else.
    /// Follows a symbolic link at `path` itself (the instructor named it).
    pub fn at(path: &Path, student: &str) -> Option<Submission> {
        let meta = fs::metadata(path).ok()?;
        let kind = if meta.is_dir() {
            SourceKind::Folder
        } else if meta.is_file() {
            archive_kind(&path.file_name()?.to_string_lossy())?.0
        } else {
            return None;
        };
        Some(Submission {
            student: student.to_string(),
            source: path.to_path_buf(),
            kind,
        })
    }
}

/// What a submission's source is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    /// A folder, used in place.
    Folder,
    /// A `.zip` archive.
    Zip,
    /// A `.tar.gz` or `.tgz` archive.
    TarGz,
}

/// Everything found in a class folder.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClassListing {
    /// The submissions to grade, sorted by student.
    pub submissions: Vec<Submission>,
    /// The entries of the class folder that are not graded, with the reason, sorted by
    /// path. Hidden entries (`.git`, `.DS_Store`) are listed too, with
    /// [`SkipReason::Hidden`], so a report can leave them out.
    pub skipped: Vec<SkippedEntry>,
}

/// An unpacked submission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unpacked {
    /// The submission root: the folder holding the `ex-*` folders.
    pub root: PathBuf,
    /// Entries of the archive that were not extracted, and why (links, special files,
    /// clashing paths, too deep). Always empty for a folder.
    pub skipped: Vec<SkippedEntry>,
    /// How many entries of the archive lie outside `[wrapper/]ex-*/src/` (or are hidden)
    /// and were left out without a note.
    pub ignored: usize,
}

/// An entry of a class folder or an archive that was left out, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedEntry {
    /// The path in the class folder, or the entry's path in the archive.
    pub path: PathBuf,
    /// Why it was left out.
    pub reason: SkipReason,
}

/// Why an entry was left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SkipReason {
    /// Its name starts with `.`.
    Hidden,
    /// A symbolic link: never followed, never created.
    Symlink,
    /// A hard link in an archive: never created.
    HardLink,
    /// A file of the class folder that is neither a folder nor a `.zip`, `.tar.gz` or
    /// `.tgz` archive.
    NotASubmission,
    /// A device, pipe, socket or other special file.
    Special,
    /// Another entry of the class folder sanitises to the same student name (ignoring
    /// case). Every entry of the clash is skipped: rename them and grade again.
    NameClash {
        /// The student name they share.
        student: String,
    },
    /// Another entry of the archive has the same path (or a file where a folder is
    /// needed); the first one was kept.
    PathClash,
    /// The path has more components than [`Limits::depth`].
    TooDeep {
        /// The limit.
        limit: usize,
    },
}

impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SkipReason::Hidden => write!(f, "hidden"),
            SkipReason::Symlink => write!(f, "a symbolic link (never followed)"),
            SkipReason::HardLink => write!(f, "a hard link (never created)"),
            SkipReason::NotASubmission => {
                write!(f, "neither a folder nor a .zip, .tar.gz or .tgz archive")
            }
            SkipReason::Special => write!(f, "not a regular file or folder"),
            SkipReason::NameClash { student } => write!(
                f,
                "another entry is also named {student:?} once sanitised (rename one of them)"
            ),
            SkipReason::PathClash => write!(f, "another entry has the same path"),
            SkipReason::TooDeep { limit } => write!(f, "nested deeper than {limit} folders"),
        }
    }
}

/// The most example paths a [`SkipSummary`] keeps.
pub const MAX_SKIP_EXAMPLES: usize = 3;

/// Entries left out for one reason, counted, with the first few as examples: what a
/// note says instead of one line per entry, however many entries there are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkipSummary {
    /// Why they were left out.
    pub reason: String,
    /// How many were.
    pub count: usize,
    /// The first [`MAX_SKIP_EXAMPLES`] of them, in the order given.
    pub examples: Vec<PathBuf>,
}

impl SkipSummary {
    /// Groups `skipped` (path and reason) by reason, in the order each reason first
    /// appears, keeping at most [`MAX_SKIP_EXAMPLES`] paths per reason.
    ///
    /// ```
    /// use std::path::PathBuf;
    /// use grading::collect::SkipSummary;
    ///
    /// let skipped = (0..5000).map(|i| (PathBuf::from(format!("{i}.txt")), "not Rust"));
    /// let notes: Vec<String> = SkipSummary::group(skipped.chain([(PathBuf::from("a.rs"), "too big")]))
    ///     .iter()
    ///     .map(ToString::to_string)
    ///     .collect();
    /// assert_eq!(notes, [
    ///     "5,000 files were not graded: not Rust (e.g. 0.txt, 1.txt, 2.txt)",
    ///     "a.rs was not graded: too big",
    /// ]);
    /// ```
    pub fn group<R: fmt::Display>(
        skipped: impl IntoIterator<Item = (PathBuf, R)>,
    ) -> Vec<SkipSummary> {
        let mut summaries: Vec<SkipSummary> = Vec::new();
        let mut index: BTreeMap<String, usize> = BTreeMap::new();
        for (path, reason) in skipped {
            let reason = reason.to_string();
            let at = *index.entry(reason.clone()).or_insert_with(|| {
                summaries.push(SkipSummary {
                    reason,
                    count: 0,
                    examples: Vec::new(),
                });
                summaries.len() - 1
            });
            let summary = &mut summaries[at];
            summary.count += 1;
            if summary.examples.len() < MAX_SKIP_EXAMPLES {
                summary.examples.push(path);
            }
        }
        summaries
    }
}

impl fmt::Display for SkipSummary {
    /// `<path> was not graded: <reason>` for one entry, `<count> files were not graded:
    /// <reason> (e.g. <examples>)` for more.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.examples.as_slice() {
            [only] if self.count == 1 => {
                write!(f, "{} was not graded: {}", only.display(), self.reason)
            }
            examples => {
                let examples: Vec<String> = examples
                    .iter()
                    .map(|path| path.display().to_string())
                    .collect();
                write!(
                    f,
                    "{} files were not graded: {} (e.g. {})",
                    thousands(self.count),
                    self.reason,
                    examples.join(", ")
                )
            }
        }
    }
}

/// `n` with a comma between groups of three digits: `99,507`.
///
/// ```
/// assert_eq!(grading::collect::thousands(1234567), "1,234,567");
/// assert_eq!(grading::collect::thousands(999), "999");
/// ```
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut text = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            text.push(',');
        }
        text.push(digit);
    }
    text
}

/// Why a class could not be listed or a submission could not be unpacked.
#[derive(Debug, thiserror::Error)]
pub enum CollectError {
    /// Reading a folder or writing the destination failed.
    #[error("{action} {path}")]
    Io {
        /// What was being done.
        action: &'static str,
        /// The file or folder.
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: io::Error,
    },
    /// The archive is corrupt, truncated, encrypted or uses an unsupported compression.
    #[error("read the archive {archive}")]
    Unreadable {
        /// The archive.
        archive: PathBuf,
        /// What the reader said.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// An entry would land outside the destination (zip slip): the whole archive is
    /// refused.
    #[error("unpack {archive}: its entry {entry:?} {why}, so the whole archive is refused")]
    UnsafeEntry {
        /// The archive.
        archive: PathBuf,
        /// The entry's path as stored in the archive.
        entry: String,
        /// What is wrong with it.
        why: &'static str,
    },
    /// The archive file itself is larger than [`Limits::archive_bytes`].
    #[error("open {archive}: it is {size} bytes, more than the {limit} accepted")]
    ArchiveTooLarge {
        /// The archive.
        archive: PathBuf,
        /// Its size on disk.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// One entry expands to more than [`Limits::entry_bytes`].
    #[error("unpack {archive}: its entry {entry:?} is larger than {limit} bytes")]
    EntryTooLarge {
        /// The archive.
        archive: PathBuf,
        /// The entry's path as stored in the archive.
        entry: String,
        /// The limit.
        limit: u64,
    },
    /// The extracted files add up to more than [`Limits::total_bytes`], or a `.tar.gz`
    /// decompresses to more than [`Limits::stream_bytes`].
    #[error("unpack {archive}: it expands to more than {limit} bytes")]
    TooLarge {
        /// The archive.
        archive: PathBuf,
        /// The limit that was reached.
        limit: u64,
    },
    /// The archive has more entries than [`Limits::entries`] (extracted) or
    /// [`Limits::scanned_entries`] (in all).
    #[error("unpack {archive}: it has more than {limit} entries")]
    TooManyEntries {
        /// The archive.
        archive: PathBuf,
        /// The limit that was reached.
        limit: usize,
    },
    /// Neither the submission nor a single folder wrapping it holds an `ex-*` folder.
    #[error("find an ex-* folder in {path}: this does not look like a submission")]
    NoExercises {
        /// The folder or archive.
        path: PathBuf,
    },
    /// The way to the `ex-*` folders goes through a symbolic link (a linked wrapping
    /// folder, or linked `ex-*` folders only): links are never followed, so the
    /// submission is not graded.
    #[error("unpack {submission}: {link} is a symbolic link: not graded")]
    Linked {
        /// The folder or archive.
        submission: PathBuf,
        /// The link, relative to the submission.
        link: PathBuf,
    },
    /// The destination of an archive already holds something.
    #[error("unpack into {path}: the folder is not empty")]
    DestinationNotEmpty {
        /// The destination.
        path: PathBuf,
    },
}

/// Lists the submissions of the class folder `dir`.
///
/// Every entry that is a folder or a `.zip`, `.tar.gz` or `.tgz` file becomes a
/// submission named after it (see [`Submission::student`]). Hidden entries, other files,
/// symbolic links (never followed) and special files are skipped. When two or more
/// entries sanitise to the same student name, ignoring case (`Ann Lee.zip` and
/// `ann_lee/`), none of them is graded: each is skipped with
/// [`SkipReason::NameClash`], so that no student is graded on another's work by
/// accident.
///
/// # Errors
/// [`CollectError::Io`] when `dir` or one of its entries cannot be read.
pub fn list_class(dir: &Path) -> Result<ClassListing, CollectError> {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .map_err(io_err("read", dir))?
        .collect::<Result<_, _>>()
        .map_err(io_err("read", dir))?;
    entries.sort_by_key(|entry| entry.file_name());

    let mut listing = ClassListing::default();
    let mut candidates = Vec::new();
    for entry in entries {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let mut skip = |reason| {
            listing.skipped.push(SkippedEntry {
                path: path.clone(),
                reason,
            })
        };
        if name.starts_with('.') {
            skip(SkipReason::Hidden);
            continue;
        }
        // symlink_metadata does not follow links: a link is seen as a link.
        let meta = fs::symlink_metadata(&path).map_err(io_err("inspect", &path))?;
        let (kind, stem) = if meta.file_type().is_symlink() {
            skip(SkipReason::Symlink);
            continue;
        } else if meta.is_dir() {
            (SourceKind::Folder, name.as_str())
        } else if !meta.is_file() {
            skip(SkipReason::Special);
            continue;
        } else if let Some(found) = archive_kind(&name) {
            found
        } else {
            skip(SkipReason::NotASubmission);
            continue;
        };
        candidates.push(Submission {
            student: sanitize(stem),
            source: path.clone(),
            kind,
        });
    }

    let mut by_name: BTreeMap<String, Vec<Submission>> = BTreeMap::new();
    for submission in candidates {
        by_name
            .entry(submission.student.to_ascii_lowercase())
            .or_default()
            .push(submission);
    }
    for (_, mut group) in by_name {
        if group.len() == 1 {
            listing.submissions.extend(group.pop());
        } else {
            listing
                .skipped
                .extend(group.into_iter().map(|submission| SkippedEntry {
                    path: submission.source,
                    reason: SkipReason::NameClash {
                        student: submission.student,
                    },
                }));
        }
    }
    listing
        .submissions
        .sort_by(|a, b| a.student.cmp(&b.student));
    listing.skipped.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(listing)
}

/// Whether `path` is one submission rather than a class folder: an archive (by its
/// extension), or a folder that holds an `ex-*` folder directly or through one wrapping
/// folder.
///
/// A class folder holding a single student folder and nothing else looks like a wrapped
/// submission, and is taken for one.
pub fn is_single_submission(path: &Path) -> bool {
    match fs::metadata(path) {
        Ok(meta) if meta.is_file() => path
            .file_name()
            .is_some_and(|name| archive_kind(&name.to_string_lossy()).is_some()),
        Ok(meta) if meta.is_dir() => matches!(find_root(path), Ok(Root::Found(_))),
        _ => false,
    }
}

/// Unpacks `submission` with the default [`Limits`]; see [`unpack_with`].
///
/// # Errors
/// See [`unpack_with`].
pub fn unpack(submission: &Submission, into: &Path) -> Result<Unpacked, CollectError> {
    unpack_with(submission, into, &Limits::default())
}

/// Finds the root of `submission` (the folder holding its `ex-*` folders), extracting
/// archives into `into` first.
///
/// A folder is used in place (its wrapping folder unwrapped, if any) and `into` is not
/// touched. An archive is extracted into `into`, which is created if needed and must be
/// empty, following the rules in the [module docs](self); the root is then `into` or its
/// single wrapping folder. When this fails, `into` is left empty.
///
/// # Errors
/// [`CollectError::NoExercises`] when no `ex-*` folder is found;
/// [`CollectError::Linked`] when the way to them is a symbolic link (never followed);
/// [`CollectError::DestinationNotEmpty`] when `into` holds something;
/// [`CollectError::Unreadable`], [`CollectError::UnsafeEntry`],
/// [`CollectError::ArchiveTooLarge`], [`CollectError::EntryTooLarge`],
/// [`CollectError::TooLarge`] and [`CollectError::TooManyEntries`] for archives that are
/// refused; [`CollectError::Io`] when reading or writing fails.
pub fn unpack_with(
    submission: &Submission,
    into: &Path,
    limits: &Limits,
) -> Result<Unpacked, CollectError> {
    let source = &submission.source;
    if submission.kind == SourceKind::Folder {
        let root = root_of(source, source)?;
        return Ok(Unpacked {
            root,
            skipped: Vec::new(),
            ignored: 0,
        });
    }

    prepare_destination(into)?;
    let mut extractor = Extractor {
        into,
        archive: source,
        limits,
        written_entries: 0,
        scanned_entries: 0,
        total_bytes: 0,
        created_dirs: HashSet::new(),
        stream_tripped: None,
        skipped: Vec::new(),
        ignored: 0,
    };
    let extracted = match submission.kind {
        SourceKind::Zip => extractor.zip(),
        SourceKind::TarGz => extractor.tar_gz(),
        SourceKind::Folder => unreachable!("folders return above"),
    };
    let root = extracted.and_then(|()| root_of(into, source));
    match root {
        Ok(root) => Ok(Unpacked {
            root,
            skipped: extractor.skipped,
            ignored: extractor.ignored,
        }),
        Err(error) => {
            clear_dir(into);
            Err(error)
        }
    }
}

/// The archive kind and the name without its extension, for a file name ending in
/// `.zip`, `.tar.gz` or `.tgz` (any case) with something before it.
fn archive_kind(name: &str) -> Option<(SourceKind, &str)> {
    let lower = name.to_ascii_lowercase();
    let (kind, extension) = [
        (SourceKind::TarGz, ".tar.gz"),
        (SourceKind::TarGz, ".tgz"),
        (SourceKind::Zip, ".zip"),
    ]
    .into_iter()
    .find(|(_, extension)| lower.ends_with(extension))?;
    // ASCII lowercasing keeps byte offsets, so the stem is a prefix of `name`.
    let stem = &name[..name.len() - extension.len()];
    (!stem.is_empty()).then_some((kind, stem))
}

/// The submissions of shard `k` of `n` (1-based), for splitting a class over machines:
/// sorted by student, every `n`-th one starting at the `k`-th. Shards `1..=n` together
/// hold every submission exactly once, whatever order the class folder listed them in.
///
/// ```
/// use grading::collect::{shard, SourceKind, Submission};
///
/// let class: Vec<Submission> = ["dan", "ann", "cy", "bo", "eve"]
///     .map(|name| Submission { student: name.into(), source: name.into(), kind: SourceKind::Folder })
///     .into();
/// let names = |k| shard(class.clone(), k, 2).into_iter().map(|s| s.student).collect::<Vec<_>>();
/// assert_eq!(names(1), ["ann", "cy", "eve"]);
/// assert_eq!(names(2), ["bo", "dan"]);
/// ```
///
/// # Panics
/// If `k` is not between 1 and `n`.
pub fn shard(mut submissions: Vec<Submission>, k: usize, n: usize) -> Vec<Submission> {
    assert!(
        (1..=n).contains(&k),
        "shard {k}/{n}: K must be between 1 and N"
    );
    submissions.sort_by(|a, b| a.student.cmp(&b.student));
    submissions
        .into_iter()
        .enumerate()
        .filter(|(index, _)| index % n == k - 1)
        .map(|(_, submission)| submission)
        .collect()
}

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
fn sanitize(name: &str) -> String {
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

fn is_exercise_name(name: &str) -> bool {
    name.len() > 3 && name.starts_with("ex-")
}

/// Names that never count as a wrapping folder: hidden ones and macOS's zip resource
/// forks.
fn is_noise(name: &str) -> bool {
    name.starts_with('.') || name == "__MACOSX"
}

/// What a folder holds in the way of `ex-*` folders.
enum Exercises {
    /// At least one real (not linked) `ex-*` folder.
    Real,
    /// No real one, but this `ex-*` entry is a symbolic link (never followed).
    Linked(String),
    /// No `ex-*` entry at all.
    Nothing,
}

/// Looks for `ex-*` folders in `dir`, never following a symbolic link.
fn exercise_dirs(dir: &Path) -> io::Result<Exercises> {
    let mut linked = None;
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if !is_exercise_name(&name) {
            continue;
        }
        // DirEntry::file_type does not follow symbolic links.
        let kind = entry.file_type()?;
        if kind.is_dir() {
            return Ok(Exercises::Real);
        }
        if kind.is_symlink() && linked.as_ref().is_none_or(|first: &String| name < *first) {
            linked = Some(name);
        }
    }
    Ok(linked.map_or(Exercises::Nothing, Exercises::Linked))
}

/// Where the `ex-*` folders of a submission folder are.
enum Root {
    /// This folder holds them.
    Found(PathBuf),
    /// The way to them goes through this symbolic link (relative to the submission),
    /// which is never followed.
    Linked(PathBuf),
    /// Nowhere.
    Missing,
}

/// `dir` when it holds a real `ex-*` folder, else its only entry (hidden ones aside)
/// when that is a real folder holding a real `ex-*` folder. Every component is looked at
/// without following links: a linked wrapper or `ex-*` folder is [`Root::Linked`].
fn find_root(dir: &Path) -> io::Result<Root> {
    let linked_here = match exercise_dirs(dir)? {
        Exercises::Real => return Ok(Root::Found(dir.to_path_buf())),
        Exercises::Linked(name) => Some(PathBuf::from(name)),
        Exercises::Nothing => None,
    };
    let mut visible = Vec::new();
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        if !is_noise(&entry.file_name().to_string_lossy()) {
            visible.push(entry);
        }
    }
    if let [only] = visible.as_slice() {
        let kind = only.file_type()?;
        if kind.is_symlink() {
            return Ok(Root::Linked(PathBuf::from(only.file_name())));
        }
        if kind.is_dir() {
            match exercise_dirs(&only.path())? {
                Exercises::Real => return Ok(Root::Found(only.path())),
                Exercises::Linked(name) => {
                    return Ok(Root::Linked(Path::new(&only.file_name()).join(name)));
                }
                Exercises::Nothing => {}
            }
        }
    }
    Ok(linked_here.map_or(Root::Missing, Root::Linked))
}

/// The root of the unpacked or in-place submission `source`, found in `dir`.
fn root_of(dir: &Path, source: &Path) -> Result<PathBuf, CollectError> {
    match find_root(dir).map_err(io_err("read", dir))? {
        Root::Found(root) => Ok(root),
        Root::Linked(link) => Err(CollectError::Linked {
            submission: source.to_path_buf(),
            link,
        }),
        Root::Missing => Err(CollectError::NoExercises {
            path: source.to_path_buf(),
        }),
    }
}

/// Creates `into` if needed and checks it is an empty folder.
fn prepare_destination(into: &Path) -> Result<(), CollectError> {
    fs::create_dir_all(into).map_err(io_err("create", into))?;
    let mut entries = fs::read_dir(into).map_err(io_err("read", into))?;
    if entries.next().is_some() {
        return Err(CollectError::DestinationNotEmpty {
            path: into.to_path_buf(),
        });
    }
    Ok(())
}

/// Removes everything inside `dir`, best effort. Never follows a symbolic link.
fn clear_dir(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let _ = match entry.file_type() {
            Ok(kind) if kind.is_dir() => fs::remove_dir_all(&path),
            _ => fs::remove_file(&path),
        };
    }
}

/// The normal components of an archive entry's path, or why the path is unsafe.
/// Both `/` and `\` separate components; `.` and empty components are dropped.
fn safe_components(name: &str) -> Result<Vec<&str>, &'static str> {
    if name.contains('\0') {
        return Err("contains a NUL byte");
    }
    if name.starts_with('/') || name.starts_with('\\') {
        return Err("is an absolute path");
    }
    let bytes = name.as_bytes();
    if bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':' {
        return Err("starts with a drive letter");
    }
    let mut components = Vec::new();
    for component in name.split(['/', '\\']) {
        match component {
            "" | "." => {}
            ".." => return Err("has a '..' component (zip slip)"),
            normal => components.push(normal),
        }
    }
    Ok(components)
}

/// What an archive entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EntryKind {
    File,
    Dir,
    Symlink,
    HardLink,
    Special,
    /// Metadata only (a pax global header): nothing to extract, nothing to report.
    Meta,
}

/// Where an entry goes.
enum Plan {
    /// Write a file or create a folder at this path relative to the destination.
    Extract(PathBuf),
    /// Nothing to write.
    Nothing,
}

/// The state of one archive's extraction: counts against the limits, and what was left out.
struct Extractor<'a> {
    into: &'a Path,
    archive: &'a Path,
    limits: &'a Limits,
    written_entries: usize,
    scanned_entries: usize,
    total_bytes: u64,
    created_dirs: HashSet<PathBuf>,
    /// Set when a `.tar.gz` decompressed past [`Limits::stream_bytes`].
    stream_tripped: Option<Rc<Cell<bool>>>,
    skipped: Vec<SkippedEntry>,
    ignored: usize,
}

impl Extractor<'_> {
    fn open_archive(&self) -> Result<File, CollectError> {
        let file = File::open(self.archive).map_err(io_err("open", self.archive))?;
        let size = file
            .metadata()
            .map_err(io_err("inspect", self.archive))?
            .len();
        if size > self.limits.archive_bytes {
            return Err(CollectError::ArchiveTooLarge {
                archive: self.archive.to_path_buf(),
                size,
                limit: self.limits.archive_bytes,
            });
        }
        Ok(file)
    }

    fn unreadable(
        &self,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> CollectError {
        CollectError::Unreadable {
            archive: self.archive.to_path_buf(),
            source: source.into(),
        }
    }

    /// The error for a failed read of the archive's data.
    fn read_failed(&self, error: io::Error) -> CollectError {
        if self.stream_tripped.as_ref().is_some_and(|t| t.get()) {
            CollectError::TooLarge {
                archive: self.archive.to_path_buf(),
                limit: self.limits.stream_bytes,
            }
        } else {
            self.unreadable(error)
        }
    }

    fn skip(&mut self, name: &str, reason: SkipReason) {
        self.skipped.push(SkippedEntry {
            path: PathBuf::from(name),
            reason,
        });
    }

    /// Decides what to do with the entry `name` of kind `kind`: refuses unsafe paths,
    /// records links and special files, ignores what lies outside `[wrapper/]ex-*/src/`,
    /// and creates the `ex-*` folder itself so a crate without `src/` is still seen.
    fn plan(&mut self, name: &str, kind: EntryKind) -> Result<Plan, CollectError> {
        self.scanned_entries += 1;
        if self.scanned_entries > self.limits.scanned_entries {
            return Err(self.too_many(self.limits.scanned_entries));
        }
        let components = safe_components(name).map_err(|why| CollectError::UnsafeEntry {
            archive: self.archive.to_path_buf(),
            entry: name.to_string(),
            why,
        })?;
        match kind {
            EntryKind::Meta => return Ok(Plan::Nothing),
            EntryKind::Symlink => {
                self.skip(name, SkipReason::Symlink);
                return Ok(Plan::Nothing);
            }
            EntryKind::HardLink => {
                self.skip(name, SkipReason::HardLink);
                return Ok(Plan::Nothing);
            }
            EntryKind::Special => {
                self.skip(name, SkipReason::Special);
                return Ok(Plan::Nothing);
            }
            EntryKind::File | EntryKind::Dir => {}
        }
        let crate_at = match components.as_slice() {
            [first, ..] if is_exercise_name(first) => 0,
            [wrapper, second, ..] if !is_noise(wrapper) && is_exercise_name(second) => 1,
            _ => {
                self.ignored += 1;
                return Ok(Plan::Nothing);
            }
        };
        let crate_dir: PathBuf = components[..=crate_at].iter().collect();
        self.ensure_dir(&crate_dir)?;
        let inside = &components[crate_at + 1..];
        if inside.is_empty() {
            return Ok(Plan::Nothing);
        }
        if inside[0] != "src" || inside.iter().any(|c| c.starts_with('.')) {
            self.ignored += 1;
            return Ok(Plan::Nothing);
        }
        if components.len() > self.limits.depth {
            self.skip(
                name,
                SkipReason::TooDeep {
                    limit: self.limits.depth,
                },
            );
            return Ok(Plan::Nothing);
        }
        Ok(Plan::Extract(components.iter().collect()))
    }

    fn too_many(&self, limit: usize) -> CollectError {
        CollectError::TooManyEntries {
            archive: self.archive.to_path_buf(),
            limit,
        }
    }

    fn count_written(&mut self) -> Result<(), CollectError> {
        self.written_entries += 1;
        if self.written_entries > self.limits.entries {
            return Err(self.too_many(self.limits.entries));
        }
        Ok(())
    }

    /// Creates the folder `relative` (and its parents) under the destination, one level
    /// at a time. `Ok(false)` when a file is in the way.
    fn ensure_dir(&mut self, relative: &Path) -> Result<bool, CollectError> {
        let mut current = PathBuf::new();
        for component in relative.components() {
            current.push(component);
            if self.created_dirs.contains(&current) {
                continue;
            }
            self.count_written()?;
            let path = self.into.join(&current);
            match DirBuilder::new().mode(0o755).create(&path) {
                Ok(()) => {}
                Err(error) if error.kind() == io::ErrorKind::AlreadyExists => {
                    // Only this extraction writes here, and it never makes links.
                    if !fs::symlink_metadata(&path).is_ok_and(|meta| meta.is_dir()) {
                        return Ok(false);
                    }
                }
                Err(error) => return Err(io_err("create", &path)(error)),
            }
            self.created_dirs.insert(current.clone());
        }
        Ok(true)
    }

    /// Writes the entry `name` at `relative` from `data`, counting actual bytes.
    fn write_file(
        &mut self,
        name: &str,
        relative: &Path,
        data: &mut dyn Read,
    ) -> Result<(), CollectError> {
        let parent_ok = match relative.parent() {
            Some(parent) => self.ensure_dir(parent)?,
            None => true,
        };
        if !parent_ok {
            self.skip(name, SkipReason::PathClash);
            return Ok(());
        }
        self.count_written()?;
        let path = self.into.join(relative);
        let opened = OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o644)
            .open(&path);
        let mut file = match opened {
            Ok(file) => file,
            Err(error) if error.kind() == io::ErrorKind::AlreadyExists => {
                self.skip(name, SkipReason::PathClash);
                return Ok(());
            }
            Err(error) => return Err(io_err("create", &path)(error)),
        };
        let mut limited = data.take(self.limits.entry_bytes + 1);
        let mut buffer = vec![0; 64 * 1024];
        let mut written: u64 = 0;
        loop {
            let n = match limited.read(&mut buffer) {
                Ok(0) => break,
                Ok(n) => n,
                Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
                Err(error) => return Err(self.read_failed(error)),
            };
            written += n as u64;
            if written > self.limits.entry_bytes {
                return Err(CollectError::EntryTooLarge {
                    archive: self.archive.to_path_buf(),
                    entry: name.to_string(),
                    limit: self.limits.entry_bytes,
                });
            }
            if self.total_bytes + written > self.limits.total_bytes {
                return Err(CollectError::TooLarge {
                    archive: self.archive.to_path_buf(),
                    limit: self.limits.total_bytes,
                });
            }
            file.write_all(&buffer[..n])
                .map_err(io_err("write", &path))?;
        }
        self.total_bytes += written;
        Ok(())
    }

    fn zip(&mut self) -> Result<(), CollectError> {
        let file = self.open_archive()?;
        let mut archive =
            zip::ZipArchive::new(BufReader::new(file)).map_err(|e| self.unreadable(e))?;
        if archive.len() > self.limits.scanned_entries {
            return Err(self.too_many(self.limits.scanned_entries));
        }
        // Check every name before writing anything.
        for index in 0..archive.len() {
            let name = archive
                .name_for_index(index)
                .ok_or_else(|| self.unreadable(format!("entry {index} has no name")))?;
            if let Err(why) = safe_components(name) {
                return Err(CollectError::UnsafeEntry {
                    archive: self.archive.to_path_buf(),
                    entry: name.to_string(),
                    why,
                });
            }
        }
        for index in 0..archive.len() {
            let (name, kind) = {
                let entry = archive
                    .by_index_raw(index)
                    .map_err(|e| self.unreadable(e))?;
                (entry.name().to_string(), zip_kind(&entry))
            };
            let Some(relative) = self.file_to_write(&name, kind)? else {
                continue;
            };
            let mut entry = archive.by_index(index).map_err(|e| self.unreadable(e))?;
            self.write_file(&name, &relative, &mut entry)?;
        }
        Ok(())
    }

    /// Plans one archive entry: a folder is made here, anything not taken is skipped;
    /// returns where a file entry should be written, if it should.
    fn file_to_write(
        &mut self,
        name: &str,
        kind: EntryKind,
    ) -> Result<Option<PathBuf>, CollectError> {
        let Plan::Extract(relative) = self.plan(name, kind)? else {
            return Ok(None);
        };
        if kind == EntryKind::Dir {
            if !self.ensure_dir(&relative)? {
                self.skip(name, SkipReason::PathClash);
            }
            return Ok(None);
        }
        Ok(Some(relative))
    }

    fn tar_gz(&mut self) -> Result<(), CollectError> {
        let file = self.open_archive()?;
        let tripped = Rc::new(Cell::new(false));
        self.stream_tripped = Some(Rc::clone(&tripped));
        let stream = StreamLimit {
            inner: flate2::read::GzDecoder::new(BufReader::new(file)),
            remaining: self.limits.stream_bytes,
            tripped,
        };
        let mut archive = tar::Archive::new(stream);
        let entries = archive.entries().map_err(|e| self.read_failed(e))?;
        for entry in entries {
            let mut entry = entry.map_err(|e| self.read_failed(e))?;
            let name = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
            let kind = tar_kind(entry.header().entry_type());
            let Some(relative) = self.file_to_write(&name, kind)? else {
                continue;
            };
            self.write_file(&name, &relative, &mut entry)?;
        }
        Ok(())
    }
}

fn zip_kind<R: Read>(entry: &zip::read::ZipFile<'_, R>) -> EntryKind {
    const S_IFMT: u32 = 0o170_000;
    const S_IFREG: u32 = 0o100_000;
    const S_IFDIR: u32 = 0o040_000;
    const S_IFLNK: u32 = 0o120_000;
    let file_type = entry.unix_mode().map_or(0, |mode| mode & S_IFMT);
    match file_type {
        S_IFLNK => EntryKind::Symlink,
        _ if entry.is_dir() => EntryKind::Dir,
        0 | S_IFREG => EntryKind::File,
        S_IFDIR => EntryKind::Dir,
        _ => EntryKind::Special,
    }
}

fn tar_kind(entry_type: tar::EntryType) -> EntryKind {
    use tar::EntryType;
    match entry_type {
        EntryType::Regular | EntryType::Continuous => EntryKind::File,
        EntryType::Directory => EntryKind::Dir,
        EntryType::Symlink => EntryKind::Symlink,
        EntryType::Link => EntryKind::HardLink,
        EntryType::XGlobalHeader => EntryKind::Meta,
        _ => EntryKind::Special,
    }
}

/// A reader that fails once more than `remaining` bytes have come through, and says so
/// in `tripped` (the tar reader wraps the error it gets).
struct StreamLimit<R> {
    inner: R,
    remaining: u64,
    tripped: Rc<Cell<bool>>,
}

impl<R: Read> Read for StreamLimit<R> {
    fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buffer)?;
        if n as u64 > self.remaining {
            self.tripped.set(true);
            return Err(io::Error::other(
                "the decompressed archive exceeds its limit",
            ));
        }
        self.remaining -= n as u64;
        Ok(n)
    }
}

fn io_err(action: &'static str, path: &Path) -> impl FnOnce(io::Error) -> CollectError {
    let path = path.to_path_buf();
    move |source| CollectError::Io {
        action,
        path,
        source,
    }
}
