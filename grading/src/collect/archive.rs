//! Archive extraction: a student's `.zip` or `.tar.gz` unpacked under the rules of the
//! [module docs](super), trusting nothing in it.

use std::cell::Cell;
use std::collections::HashSet;
use std::fs::{self, DirBuilder, File, OpenOptions};
use std::io::{self, BufReader, Read, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use crate::files::io as io_err;

use super::layout::{is_exercise_name, is_noise};
use super::{CollectError, Limits, SkipReason, SkippedEntry};

/// Creates `into` if needed and checks it is an empty folder.
pub(super) fn prepare_destination(into: &Path) -> Result<(), CollectError> {
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
pub(super) fn clear_dir(dir: &Path) {
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
pub(super) fn safe_components(name: &str) -> Result<Vec<&str>, &'static str> {
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
pub(super) enum EntryKind {
    File,
    Dir,
    Symlink,
    HardLink,
    Special,
    /// Metadata only (a pax global header): nothing to extract, nothing to report.
    Meta,
}

/// Where an entry goes.
pub(super) enum Plan {
    /// Write a file or create a folder at this path relative to the destination.
    Extract(PathBuf),
    /// Nothing to write.
    Nothing,
}

/// The state of one archive's extraction: counts against the limits, and what was left out.
pub(super) struct Extractor<'a> {
    pub(super) into: &'a Path,
    pub(super) archive: &'a Path,
    pub(super) limits: &'a Limits,
    pub(super) written_entries: usize,
    pub(super) scanned_entries: usize,
    pub(super) total_bytes: u64,
    pub(super) created_dirs: HashSet<PathBuf>,
    /// Set when a `.tar.gz` decompressed past [`Limits::stream_bytes`].
    pub(super) stream_tripped: Option<Rc<Cell<bool>>>,
    pub(super) skipped: Vec<SkippedEntry>,
    pub(super) ignored: usize,
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
                Err(error) => return Err(io_err("create", &path)(error).into()),
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
            Err(error) => return Err(io_err("create", &path)(error).into()),
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

    pub(super) fn zip(&mut self) -> Result<(), CollectError> {
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

    pub(super) fn tar_gz(&mut self) -> Result<(), CollectError> {
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

pub(super) fn zip_kind<R: Read>(entry: &zip::read::ZipFile<'_, R>) -> EntryKind {
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

pub(super) fn tar_kind(entry_type: tar::EntryType) -> EntryKind {
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
pub(super) struct StreamLimit<R> {
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
