//! Collect: find the submissions in a class folder and unpack each one safely.
//!
//! In three parts: the class listing and what a submission is (here), student names
//! (`naming.rs`), where a submission's crates are (`layout.rs`) and archive extraction
//! (`archive.rs`).
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

use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

use crate::files::{FileError, io as io_err};

mod archive;
mod layout;
mod naming;

use archive::{Extractor, clear_dir, prepare_destination};
use layout::{Root, find_root, root_of};
use naming::sanitize;
pub use naming::{MAX_STUDENT_NAME, student_name};

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
    #[error(transparent)]
    Io(#[from] FileError),
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
