//! The collect stage against normal and hostile submissions. Every archive is built here
//! with the zip and tar writers; every hostile case checks that nothing was written
//! outside the destination and that the destination was left empty.

use std::collections::BTreeSet;
use std::fs;
use std::io::{Cursor, Write};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use flate2::Compression;
use flate2::write::GzEncoder;
use grading::collect::{self, CollectError, Limits, SkipReason, SourceKind, Submission, Unpacked};
use zip::write::SimpleFileOptions;

const LIB: &[u8] = b"pub fn answer() -> u32 { 42 }\n";

/// An entry of an archive built by a test.
enum Entry<'a> {
    File(&'a str, Vec<u8>),
    Dir(&'a str),
    Symlink(&'a str, &'a str),
    HardLink(&'a str, &'a str),
    Fifo(&'a str),
}

use Entry::{Dir, Fifo, File, HardLink, Symlink};

fn file<'a>(name: &'a str, data: &[u8]) -> Entry<'a> {
    File(name, data.to_vec())
}

fn zip_bytes(entries: &[Entry<'_>]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .unix_permissions(0o755)
        .large_file(true);
    for entry in entries {
        match entry {
            File(name, data) => {
                writer.start_file(*name, options).unwrap();
                writer.write_all(data).unwrap();
            }
            Dir(name) => writer.add_directory(*name, options).unwrap(),
            Symlink(name, target) => writer.add_symlink(*name, *target, options).unwrap(),
            HardLink(..) | Fifo(..) => panic!("zip has no such entries"),
        }
    }
    writer.finish().unwrap().into_inner()
}

/// A tar.gz whose names are written raw into the header, so `..` and absolute paths
/// (which the builder's `set_path` refuses) can be stored.
fn tar_gz_bytes(entries: &[Entry<'_>]) -> Vec<u8> {
    let mut builder = tar::Builder::new(GzEncoder::new(Vec::new(), Compression::fast()));
    for entry in entries {
        let mut header = tar::Header::new_gnu();
        let (name, data): (&str, &[u8]) = match entry {
            File(name, data) => {
                header.set_entry_type(tar::EntryType::Regular);
                (name, data)
            }
            Dir(name) => {
                header.set_entry_type(tar::EntryType::Directory);
                (name, &[])
            }
            Symlink(name, target) => {
                header.set_entry_type(tar::EntryType::Symlink);
                header.set_link_name_literal(target).unwrap();
                (name, &[])
            }
            HardLink(name, target) => {
                header.set_entry_type(tar::EntryType::Link);
                header.set_link_name_literal(target).unwrap();
                (name, &[])
            }
            Fifo(name) => {
                header.set_entry_type(tar::EntryType::Fifo);
                (name, &[])
            }
        };
        let raw = &mut header.as_old_mut().name;
        raw.fill(0);
        raw[..name.len()].copy_from_slice(name.as_bytes());
        header.set_mode(0o755);
        header.set_size(data.len() as u64);
        header.set_cksum();
        builder.append(&header, data).unwrap();
    }
    builder.into_inner().unwrap().finish().unwrap()
}

/// A scratch area: `class/` holds archives, `out/<student>` is a destination, and
/// everything outside the destination is compared before and after.
struct Scratch {
    dir: tempfile::TempDir,
}

impl Scratch {
    fn new() -> Scratch {
        let scratch = Scratch {
            dir: tempfile::tempdir().unwrap(),
        };
        fs::create_dir_all(scratch.path().join("class")).unwrap();
        fs::create_dir_all(scratch.path().join("out")).unwrap();
        scratch
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn dest(&self) -> PathBuf {
        self.path().join("out").join("alice")
    }

    fn archive(&self, name: &str, bytes: &[u8]) -> Submission {
        let path = self.path().join("class").join(name);
        fs::write(&path, bytes).unwrap();
        Submission::at(&path, "alice").expect("an archive name")
    }

    fn zip(&self, entries: &[Entry<'_>]) -> Submission {
        self.archive("alice.zip", &zip_bytes(entries))
    }

    fn tar_gz(&self, entries: &[Entry<'_>]) -> Submission {
        self.archive("alice.tar.gz", &tar_gz_bytes(entries))
    }

    /// Every path under the scratch area, outside the destination.
    fn outside(&self) -> BTreeSet<PathBuf> {
        let mut found = BTreeSet::new();
        walk(self.path(), &mut found);
        let into = self.dest();
        found.retain(|path| !path.starts_with(&into));
        found
    }

    /// Unpacks `submission` expecting a refusal: returns the error after checking that
    /// nothing appeared outside the destination and the destination is empty.
    fn refused(&self, submission: &Submission, limits: &Limits) -> CollectError {
        let before = self.outside();
        let result = collect::unpack_with(submission, &self.dest(), limits);
        assert_eq!(
            self.outside(),
            before,
            "something was written outside `into`"
        );
        assert_eq!(all_under(&self.dest()), Vec::<PathBuf>::new());
        result.expect_err("the archive should be refused")
    }

    /// Unpacks `submission` expecting success, checking nothing appeared outside the
    /// destination and no link was created.
    fn unpacked(&self, submission: &Submission) -> Unpacked {
        let before = self.outside();
        let unpacked = collect::unpack(submission, &self.dest()).unwrap();
        assert_eq!(
            self.outside(),
            before,
            "something was written outside `into`"
        );
        for path in all_under(&self.dest()) {
            let meta = fs::symlink_metadata(&path).unwrap();
            assert!(
                meta.is_dir() || meta.is_file(),
                "{path:?} is neither file nor folder"
            );
            if meta.is_file() {
                assert_eq!(
                    meta.permissions().mode() & 0o111,
                    0,
                    "{path:?} is executable"
                );
            }
        }
        unpacked
    }
}

fn walk(dir: &Path, found: &mut BTreeSet<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        found.insert(entry.path());
        if entry.file_type().unwrap().is_dir() {
            walk(&entry.path(), found);
        }
    }
}

fn all_under(dir: &Path) -> Vec<PathBuf> {
    let mut found = BTreeSet::new();
    if dir.exists() {
        walk(dir, &mut found);
    }
    found.into_iter().collect()
}

fn reasons(unpacked: &Unpacked) -> Vec<(String, SkipReason)> {
    unpacked
        .skipped
        .iter()
        .map(|s| (s.path.to_string_lossy().into_owned(), s.reason.clone()))
        .collect()
}

fn normal_entries(prefix: &str) -> Vec<Entry<'static>> {
    let leak = |s: String| -> &'static str { Box::leak(s.into_boxed_str()) };
    vec![
        Dir(leak(format!("{prefix}ex-threads/"))),
        File(leak(format!("{prefix}ex-threads/src/lib.rs")), LIB.to_vec()),
        File(
            leak(format!("{prefix}ex-threads/src/workers/mod.rs")),
            b"// w\n".to_vec(),
        ),
        File(
            leak(format!("{prefix}ex-threads/Cargo.toml")),
            b"[package]\n".to_vec(),
        ),
        File(leak(format!("{prefix}target/debug/big")), vec![7; 100]),
        File(leak(format!("{prefix}.git/HEAD")), b"ref\n".to_vec()),
        File(
            leak(format!("{prefix}ex-threads/src/.hidden.rs")),
            b"//\n".to_vec(),
        ),
    ]
}

fn check_normal(scratch: &Scratch, unpacked: &Unpacked, root: &Path, ignored: usize) {
    assert_eq!(unpacked.root, root);
    let lib = root.join("ex-threads/src/lib.rs");
    assert_eq!(fs::read(&lib).unwrap(), LIB);
    let mode = fs::metadata(&lib).unwrap().permissions().mode();
    assert_eq!(mode & 0o111, 0, "extracted files are never executable");
    assert!(root.join("ex-threads/src/workers/mod.rs").is_file());
    assert!(!root.join("ex-threads/Cargo.toml").exists());
    assert!(!root.join("target").exists());
    assert!(!root.join(".git").exists());
    assert!(!root.join("ex-threads/src/.hidden.rs").exists());
    assert_eq!(unpacked.ignored, ignored);
    assert!(unpacked.skipped.is_empty());
    assert!(scratch.dest().is_dir());
}

#[test]
fn a_zip_is_unpacked_with_only_the_crate_sources() {
    let scratch = Scratch::new();
    let unpacked = scratch.unpacked(&scratch.zip(&normal_entries("")));
    check_normal(&scratch, &unpacked, &scratch.dest(), 4);
}

#[test]
fn a_zip_with_a_wrapping_folder_is_unwrapped() {
    let scratch = Scratch::new();
    let mut entries = normal_entries("alice-repo/");
    entries.push(file("__MACOSX/alice-repo/ex-threads/src/._lib.rs", b"junk"));
    let unpacked = scratch.unpacked(&scratch.zip(&entries));
    check_normal(&scratch, &unpacked, &scratch.dest().join("alice-repo"), 5);
}

#[test]
fn a_tar_gz_is_unpacked_with_only_the_crate_sources() {
    let scratch = Scratch::new();
    let unpacked = scratch.unpacked(&scratch.tar_gz(&normal_entries("./")));
    check_normal(&scratch, &unpacked, &scratch.dest(), 4);
}

#[test]
fn a_tgz_with_a_wrapping_folder_is_unwrapped() {
    let scratch = Scratch::new();
    let submission = scratch.archive("alice.tgz", &tar_gz_bytes(&normal_entries("repo/")));
    assert_eq!(submission.kind, SourceKind::TarGz);
    let unpacked = scratch.unpacked(&submission);
    check_normal(&scratch, &unpacked, &scratch.dest().join("repo"), 4);
}

#[test]
fn a_crate_without_src_still_counts_as_a_submission() {
    let scratch = Scratch::new();
    let unpacked = scratch.unpacked(&scratch.zip(&[file("ex-threads/README.md", b"hi")]));
    assert_eq!(unpacked.root, scratch.dest());
    assert!(scratch.dest().join("ex-threads").is_dir());
}

#[test]
fn zip_slip_refuses_the_whole_zip() {
    let scratch = Scratch::new();
    for name in [
        "../evil.rs",
        "ex-threads/src/../../../evil.rs",
        "..\\evil.rs",
    ] {
        let mut entries = normal_entries("");
        entries.push(file(name, b"evil"));
        let error = scratch.refused(&scratch.zip(&entries), &Limits::default());
        assert!(
            matches!(&error, CollectError::UnsafeEntry { entry, .. } if entry == name),
            "{error}"
        );
        assert!(error.to_string().contains("zip slip"), "{error}");
    }
}

#[test]
fn zip_slip_refuses_the_whole_tar_gz() {
    let scratch = Scratch::new();
    let mut entries = normal_entries("");
    entries.push(file("ex-threads/src/../../../evil.rs", b"evil"));
    entries.push(file("../evil.rs", b"evil"));
    let error = scratch.refused(&scratch.tar_gz(&entries), &Limits::default());
    assert!(
        matches!(&error, CollectError::UnsafeEntry { entry, .. } if entry == "ex-threads/src/../../../evil.rs"),
        "{error}"
    );
}

#[test]
fn absolute_paths_refuse_the_archive() {
    let scratch = Scratch::new();
    let target = scratch.path().join("abs-evil.rs");
    let name = target.to_str().unwrap();
    let mut entries = normal_entries("");
    entries.push(file(name, b"evil"));
    for submission in [scratch.zip(&entries), scratch.tar_gz(&entries)] {
        let error = scratch.refused(&submission, &Limits::default());
        assert!(
            matches!(&error, CollectError::UnsafeEntry { why, .. } if why.contains("absolute")),
            "{error}"
        );
        assert!(!target.exists());
    }
    let error = scratch.refused(
        &scratch.zip(&[file("C:/evil.rs", b"x")]),
        &Limits::default(),
    );
    assert!(matches!(error, CollectError::UnsafeEntry { .. }), "{error}");
}

#[test]
fn links_in_a_tar_gz_are_skipped_and_recorded() {
    let scratch = Scratch::new();
    let mut entries = normal_entries("");
    entries.push(Symlink("ex-threads/src/secret.rs", "/etc/passwd"));
    entries.push(Symlink("ex-threads/src/up", "../../.."));
    entries.push(HardLink("ex-threads/src/hard.rs", "/etc/passwd"));
    entries.push(Fifo("ex-threads/src/pipe.rs"));
    // Writing through a link would escape: the link is never created, so this lands inside.
    entries.push(file("ex-threads/src/up/through.rs", b"inside"));
    let unpacked = scratch.unpacked(&scratch.tar_gz(&entries));
    assert_eq!(
        reasons(&unpacked),
        vec![
            ("ex-threads/src/secret.rs".into(), SkipReason::Symlink),
            ("ex-threads/src/up".into(), SkipReason::Symlink),
            ("ex-threads/src/hard.rs".into(), SkipReason::HardLink),
            ("ex-threads/src/pipe.rs".into(), SkipReason::Special),
        ]
    );
    let src = scratch.dest().join("ex-threads/src");
    assert!(fs::symlink_metadata(src.join("secret.rs")).is_err());
    assert!(fs::symlink_metadata(src.join("hard.rs")).is_err());
    assert!(src.join("up").is_dir(), "a real folder, not a link");
    assert_eq!(fs::read(src.join("up/through.rs")).unwrap(), b"inside");
}

#[test]
fn links_in_a_zip_are_skipped_and_recorded() {
    let scratch = Scratch::new();
    let mut entries = normal_entries("");
    entries.push(Symlink("ex-threads/src/secret.rs", "/etc/passwd"));
    let unpacked = scratch.unpacked(&scratch.zip(&entries));
    assert_eq!(
        reasons(&unpacked),
        vec![("ex-threads/src/secret.rs".into(), SkipReason::Symlink)]
    );
    assert!(fs::symlink_metadata(scratch.dest().join("ex-threads/src/secret.rs")).is_err());
}

#[test]
fn an_oversized_entry_refuses_the_archive() {
    let scratch = Scratch::new();
    // Varied bytes, so the entry is large on disk too.
    let big: Vec<u8> = (0..collect::MAX_ENTRY_BYTES + 1)
        .map(|i| (i * 7919 % 251) as u8)
        .collect();
    let mut entries = normal_entries("");
    entries.push(File("ex-threads/src/big.rs", big));
    for submission in [scratch.zip(&entries), scratch.tar_gz(&entries)] {
        let error = scratch.refused(&submission, &Limits::default());
        assert!(
            matches!(&error, CollectError::EntryTooLarge { entry, .. } if entry == "ex-threads/src/big.rs"),
            "{error}"
        );
    }
}

#[test]
fn a_zip_bomb_is_refused_by_the_bytes_actually_written() {
    let scratch = Scratch::new();
    let zeros = vec![0; 50 * 1024 * 1024];
    let submission = scratch.zip(&[File("ex-threads/src/lib.rs", zeros)]);
    assert!(fs::metadata(&submission.source).unwrap().len() < 1024 * 1024);
    let error = scratch.refused(&submission, &Limits::default());
    assert!(
        matches!(error, CollectError::EntryTooLarge { .. }),
        "{error}"
    );
}

#[test]
fn a_zip_that_lies_about_its_sizes_is_refused() {
    let scratch = Scratch::new();
    let mut bytes = zip_bytes(&[File("ex-threads/src/lib.rs", vec![0; 3 * 1024 * 1024])]);
    // Claim 10 bytes in the local header (offset 22) and the central header (offset 24).
    let find =
        |bytes: &[u8], signature: [u8; 4]| bytes.windows(4).position(|w| w == signature).unwrap();
    let local = find(&bytes, [0x50, 0x4b, 0x03, 0x04]);
    bytes[local + 22..local + 26].copy_from_slice(&10u32.to_le_bytes());
    let central = find(&bytes, [0x50, 0x4b, 0x01, 0x02]);
    bytes[central + 24..central + 28].copy_from_slice(&10u32.to_le_bytes());
    let submission = scratch.archive("alice.zip", &bytes);
    let error = scratch.refused(&submission, &Limits::default());
    // Today the zip reader yields the real bytes and the cap stops them; a reader that
    // stopped at the claimed size would fail its checksum instead. Either way: refused.
    assert!(
        matches!(
            error,
            CollectError::EntryTooLarge { .. } | CollectError::Unreadable { .. }
        ),
        "{error}"
    );
}

#[test]
fn many_small_entries_adding_up_past_the_total_are_refused() {
    let scratch = Scratch::new();
    let names: Vec<String> = (0..21).map(|i| format!("ex-threads/src/f{i}.rs")).collect();
    let entries: Vec<Entry<'_>> = names
        .iter()
        .map(|name| File(name, vec![b'a'; collect::MAX_ENTRY_BYTES as usize]))
        .collect();
    let error = scratch.refused(&scratch.zip(&entries), &Limits::default());
    assert!(matches!(error, CollectError::TooLarge { .. }), "{error}");
}

#[test]
fn a_tar_gz_that_expands_too_much_is_refused_even_outside_src() {
    let scratch = Scratch::new();
    let limits = Limits {
        stream_bytes: 4 * 1024 * 1024,
        ..Limits::default()
    };
    let mut entries = normal_entries("");
    entries.push(File("target/huge", vec![0; 8 * 1024 * 1024]));
    let error = scratch.refused(&scratch.tar_gz(&entries), &limits);
    assert!(
        matches!(error, CollectError::TooLarge { limit, .. } if limit == limits.stream_bytes),
        "{error}"
    );
}

#[test]
fn too_many_entries_are_refused() {
    let scratch = Scratch::new();
    let names: Vec<String> = (0..collect::MAX_ENTRIES)
        .map(|i| format!("ex-threads/src/f{i}.rs"))
        .collect();
    let entries: Vec<Entry<'_>> = names.iter().map(|name| file(name, b"//\n")).collect();
    let error = scratch.refused(&scratch.zip(&entries), &Limits::default());
    assert!(
        matches!(error, CollectError::TooManyEntries { limit, .. } if limit == collect::MAX_ENTRIES),
        "{error}"
    );
    let limits = Limits {
        scanned_entries: 10,
        ..Limits::default()
    };
    let outside: Vec<String> = (0..11).map(|i| format!("target/f{i}")).collect();
    let entries: Vec<Entry<'_>> = outside.iter().map(|name| file(name, b"")).collect();
    for submission in [scratch.zip(&entries), scratch.tar_gz(&entries)] {
        let error = scratch.refused(&submission, &limits);
        assert!(
            matches!(error, CollectError::TooManyEntries { limit: 10, .. }),
            "{error}"
        );
    }
}

#[test]
fn an_oversized_archive_file_is_refused_before_reading() {
    let scratch = Scratch::new();
    let limits = Limits {
        archive_bytes: 100,
        ..Limits::default()
    };
    let error = scratch.refused(&scratch.zip(&normal_entries("")), &limits);
    assert!(
        matches!(error, CollectError::ArchiveTooLarge { .. }),
        "{error}"
    );
}

#[test]
fn corrupt_archives_are_unreadable() {
    let scratch = Scratch::new();
    let garbage = scratch.archive("alice.zip", b"this is not a zip file at all");
    let error = scratch.refused(&garbage, &Limits::default());
    assert!(matches!(error, CollectError::Unreadable { .. }), "{error}");

    let whole = tar_gz_bytes(&normal_entries(""));
    let truncated = scratch.archive("alice.tgz", &whole[..whole.len() / 2]);
    let error = scratch.refused(&truncated, &Limits::default());
    assert!(matches!(error, CollectError::Unreadable { .. }), "{error}");

    let not_gzip = scratch.archive("alice.tar.gz", b"plain text");
    let error = scratch.refused(&not_gzip, &Limits::default());
    assert!(matches!(error, CollectError::Unreadable { .. }), "{error}");
}

#[test]
fn an_archive_without_an_exercise_folder_is_not_a_submission() {
    let scratch = Scratch::new();
    let entries = [
        file("src/lib.rs", LIB),
        file("a/b/ex-threads/src/lib.rs", LIB),
    ];
    for submission in [scratch.zip(&entries), scratch.tar_gz(&entries)] {
        let error = scratch.refused(&submission, &Limits::default());
        assert!(matches!(error, CollectError::NoExercises { .. }), "{error}");
        assert!(
            error
                .to_string()
                .contains("does not look like a submission")
        );
    }
}

#[test]
fn duplicate_and_too_deep_entries_are_skipped() {
    let scratch = Scratch::new();
    let deep = format!("ex-threads/src/{}x.rs", "d/".repeat(collect::MAX_DEPTH));
    let entries = [
        file("ex-threads/src/lib.rs", LIB),
        file("ex-threads/src/lib.rs", b"second"),
        file("ex-threads/src/m.rs", b"file"),
        file("ex-threads/src/m.rs/inner.rs", b"under a file"),
        file(&deep, b"deep"),
    ];
    let unpacked = scratch.unpacked(&scratch.tar_gz(&entries));
    assert_eq!(
        reasons(&unpacked),
        vec![
            ("ex-threads/src/lib.rs".into(), SkipReason::PathClash),
            ("ex-threads/src/m.rs/inner.rs".into(), SkipReason::PathClash),
            (
                deep.clone(),
                SkipReason::TooDeep {
                    limit: collect::MAX_DEPTH
                }
            ),
        ]
    );
    assert_eq!(
        fs::read(scratch.dest().join("ex-threads/src/lib.rs")).unwrap(),
        LIB
    );
}

#[test]
fn the_destination_must_be_empty() {
    let scratch = Scratch::new();
    fs::create_dir_all(scratch.dest()).unwrap();
    fs::write(scratch.dest().join("old"), b"old").unwrap();
    let error = collect::unpack(&scratch.zip(&normal_entries("")), &scratch.dest()).unwrap_err();
    assert!(
        matches!(error, CollectError::DestinationNotEmpty { .. }),
        "{error}"
    );
    assert!(
        scratch.dest().join("old").is_file(),
        "an existing folder is left alone"
    );
}

fn student_folder(path: &Path) {
    fs::create_dir_all(path.join("ex-threads/src")).unwrap();
    fs::write(path.join("ex-threads/src/lib.rs"), LIB).unwrap();
}

#[test]
fn a_folder_is_used_in_place_and_unwrapped() {
    let scratch = Scratch::new();
    let plain = scratch.path().join("class/bob");
    student_folder(&plain);
    let wrapped = scratch.path().join("class/carol");
    student_folder(&wrapped.join("carol-repo"));
    fs::create_dir_all(wrapped.join(".git")).unwrap();
    let bare = scratch.path().join("class/dave");
    fs::create_dir_all(bare.join("src")).unwrap();

    let into = scratch.dest();
    let unpack = |path: &Path| collect::unpack(&Submission::at(path, "x").unwrap(), &into);
    assert_eq!(unpack(&plain).unwrap().root, plain);
    assert_eq!(unpack(&wrapped).unwrap().root, wrapped.join("carol-repo"));
    assert!(matches!(
        unpack(&bare),
        Err(CollectError::NoExercises { .. })
    ));
    assert!(!into.exists(), "folders are not copied");
}

#[test]
fn a_wrapping_folder_that_is_a_link_is_not_followed() {
    let scratch = Scratch::new();
    let elsewhere = scratch.path().join("elsewhere");
    student_folder(&elsewhere);
    let submission = scratch.path().join("class/eve");
    fs::create_dir_all(&submission).unwrap();
    std::os::unix::fs::symlink(&elsewhere, submission.join("repo")).unwrap();
    std::os::unix::fs::symlink(elsewhere.join("ex-threads"), submission.join("ex-x")).unwrap();
    assert!(!collect::is_single_submission(&submission));
    let error = collect::unpack(
        &Submission::at(&submission, "eve").unwrap(),
        &scratch.dest(),
    )
    .unwrap_err();
    assert!(
        error
            .to_string()
            .ends_with(": ex-x is a symbolic link: not graded"),
        "{error}"
    );
}

/// Unpacks the folder `submission` in place, expecting it refused for the link `link`.
fn refused_for_link(scratch: &Scratch, submission: &Path, link: &str) {
    assert!(!collect::is_single_submission(submission));
    let error =
        collect::unpack(&Submission::at(submission, "x").unwrap(), &scratch.dest()).unwrap_err();
    match &error {
        CollectError::Linked { link: found, .. } => assert_eq!(found, Path::new(link)),
        other => panic!("expected a link refusal, got {other}"),
    }
    assert!(
        error
            .to_string()
            .ends_with(&format!(": {link} is a symbolic link: not graded")),
        "{error}"
    );
}

#[test]
fn every_folder_on_the_way_to_the_crates_is_checked_for_links() {
    let scratch = Scratch::new();
    let elsewhere = scratch.path().join("elsewhere");
    student_folder(&elsewhere.join("repo"));

    // The only entry, a link to a wrapping folder.
    let linked_wrapper = scratch.path().join("class/ann");
    fs::create_dir_all(&linked_wrapper).unwrap();
    std::os::unix::fs::symlink(elsewhere.join("repo"), linked_wrapper.join("repo")).unwrap();
    refused_for_link(&scratch, &linked_wrapper, "repo");

    // A real wrapping folder whose only crate is a link.
    let linked_crate = scratch.path().join("class/bo");
    fs::create_dir_all(linked_crate.join("repo")).unwrap();
    std::os::unix::fs::symlink(
        elsewhere.join("repo/ex-threads"),
        linked_crate.join("repo/ex-threads"),
    )
    .unwrap();
    refused_for_link(&scratch, &linked_crate, "repo/ex-threads");

    // A crate folder that is a link, no wrapper.
    let bare_link = scratch.path().join("class/cy");
    fs::create_dir_all(&bare_link).unwrap();
    std::os::unix::fs::symlink(
        elsewhere.join("repo/ex-threads"),
        bare_link.join("ex-threads"),
    )
    .unwrap();
    fs::write(bare_link.join("README.md"), b"hi").unwrap();
    refused_for_link(&scratch, &bare_link, "ex-threads");

    // The batch goes on: the refused students are graded as unreadable, with the note,
    // and a real submission next to them is found as usual.
    let good = scratch.path().join("class/dee");
    student_folder(&good);
    let submissions: Vec<Submission> = [("ann", &linked_wrapper), ("dee", &good)]
        .into_iter()
        .map(|(name, path)| Submission::at(path, name).unwrap())
        .collect();
    let students = grading::batch::unpack_all(&submissions, &scratch.path().join("out"));
    assert_eq!(students[0].root, None);
    assert_eq!(students[0].notes.len(), 1);
    assert!(
        students[0].notes[0].ends_with("repo is a symbolic link: not graded"),
        "{:?}",
        students[0].notes
    );
    assert_eq!(students[1].root.as_deref(), Some(good.as_path()));
    assert!(students[1].notes.is_empty());
}

fn mini_kit() -> grading::kit::Kit {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini-kit");
    grading::kit::Kit::open(&root).unwrap()
}

/// Every file under `dir` whose content is `content`.
fn files_holding(dir: &Path, content: &[u8]) -> Vec<PathBuf> {
    all_under(dir)
        .into_iter()
        .filter(|path| path.is_file() && fs::read(path).unwrap() == content)
        .collect()
}

#[test]
fn staging_refuses_a_linked_crate_folder_or_src_and_goes_on() {
    const SECRET: &[u8] = b"pub fn secret() {} // not the student's\n";
    let scratch = Scratch::new();
    let elsewhere = scratch.path().join("elsewhere/ex-demo/src");
    fs::create_dir_all(&elsewhere).unwrap();
    fs::write(elsewhere.join("lib.rs"), SECRET).unwrap();

    let class = scratch.path().join("class");
    // alice: a real crate folder whose src/ is a link.
    fs::create_dir_all(class.join("alice/ex-demo")).unwrap();
    std::os::unix::fs::symlink(&elsewhere, class.join("alice/ex-demo/src")).unwrap();
    // bob: the crate folder itself is a link.
    fs::create_dir_all(class.join("bob")).unwrap();
    std::os::unix::fs::symlink(elsewhere.parent().unwrap(), class.join("bob/ex-demo")).unwrap();
    // carol: real folders, a linked folder and file inside src/.
    fs::create_dir_all(class.join("carol/ex-demo/src")).unwrap();
    fs::write(class.join("carol/ex-demo/src/lib.rs"), LIB).unwrap();
    std::os::unix::fs::symlink(&elsewhere, class.join("carol/ex-demo/src/more")).unwrap();
    std::os::unix::fs::symlink(
        elsewhere.join("lib.rs"),
        class.join("carol/ex-demo/src/x.rs"),
    )
    .unwrap();

    let kit = mini_kit();
    let workspace_dir = scratch.path().join("workspace");
    let mut workspace = grading::stage::BuildWorkspace::create(&workspace_dir).unwrap();
    let stage = |workspace: &mut grading::stage::BuildWorkspace, student: &str| {
        let src = class.join(student).join("ex-demo/src");
        workspace
            .stage(&kit, student, "ex-demo", &src)
            .map(|package| package.skipped.len())
            .map_err(|error| error.to_string())
    };
    assert_eq!(
        stage(&mut workspace, "alice"),
        Err("ex-demo/src is a symbolic link: not graded".to_string())
    );
    assert_eq!(
        stage(&mut workspace, "bob"),
        Err("ex-demo is a symbolic link: not graded".to_string())
    );
    assert_eq!(stage(&mut workspace, "carol"), Ok(2));
    let staged: Vec<&str> = workspace
        .packages()
        .iter()
        .map(|package| package.submission.as_str())
        .collect();
    assert_eq!(staged, ["carol"]);
    assert!(workspace_dir.join("carol/ex-demo/src/lib.rs").is_file());
    assert_eq!(files_holding(&workspace_dir, SECRET), Vec::<PathBuf>::new());
}

#[test]
fn single_submissions_are_told_from_class_folders() {
    let scratch = Scratch::new();
    let class = scratch.path().join("class");
    student_folder(&class.join("bob"));
    student_folder(&class.join("carol"));
    let alice_zip = scratch.zip(&normal_entries(""));
    let wrapped = scratch.path().join("wrapped");
    student_folder(&wrapped.join("repo"));

    assert!(collect::is_single_submission(&alice_zip.source));
    assert!(collect::is_single_submission(&class.join("bob")));
    assert!(collect::is_single_submission(&wrapped));
    assert!(!collect::is_single_submission(&class));
    assert!(!collect::is_single_submission(
        &scratch.path().join("missing")
    ));
}

#[test]
fn a_class_folder_is_listed_sorted_with_every_skip_explained() {
    let scratch = Scratch::new();
    let class = scratch.path().join("class");
    student_folder(&class.join("bob"));
    student_folder(&class.join("Zoé Martin"));
    fs::write(class.join("alice.zip"), zip_bytes(&normal_entries(""))).unwrap();
    fs::write(
        class.join("carol.TAR.GZ"),
        tar_gz_bytes(&normal_entries("")),
    )
    .unwrap();
    fs::write(class.join("dave.tgz"), tar_gz_bytes(&normal_entries(""))).unwrap();
    fs::write(class.join("README.txt"), b"notes").unwrap();
    fs::write(class.join(".DS_Store"), b"").unwrap();
    fs::create_dir_all(class.join(".git/objects")).unwrap();
    std::os::unix::fs::symlink(class.join("bob"), class.join("eve")).unwrap();
    fs::write(class.join("Ann Lee.zip"), zip_bytes(&normal_entries(""))).unwrap();
    student_folder(&class.join("ann_lee"));

    let listing = collect::list_class(&class).unwrap();
    let students: Vec<(&str, SourceKind)> = listing
        .submissions
        .iter()
        .map(|s| (s.student.as_str(), s.kind))
        .collect();
    assert_eq!(
        students,
        vec![
            ("Zo__Martin", SourceKind::Folder),
            ("alice", SourceKind::Zip),
            ("bob", SourceKind::Folder),
            ("carol", SourceKind::TarGz),
            ("dave", SourceKind::TarGz),
        ]
    );
    let skipped: Vec<(String, SkipReason)> = listing
        .skipped
        .iter()
        .map(|s| {
            let name = s.path.file_name().unwrap().to_string_lossy().into_owned();
            (name, s.reason.clone())
        })
        .collect();
    assert_eq!(
        skipped,
        vec![
            (".DS_Store".into(), SkipReason::Hidden),
            (".git".into(), SkipReason::Hidden),
            (
                "Ann Lee.zip".into(),
                SkipReason::NameClash {
                    student: "Ann_Lee".into()
                }
            ),
            ("README.txt".into(), SkipReason::NotASubmission),
            (
                "ann_lee".into(),
                SkipReason::NameClash {
                    student: "ann_lee".into()
                }
            ),
            ("eve".into(), SkipReason::Symlink),
        ]
    );
    for submission in &listing.submissions {
        let into = scratch.path().join("out").join(&submission.student);
        let unpacked = collect::unpack(submission, &into).unwrap();
        assert!(unpacked.root.join("ex-threads/src/lib.rs").is_file());
    }
}

#[test]
fn long_names_are_shortened_deterministically_and_stay_distinct() {
    let scratch = Scratch::new();
    let class = scratch.path().join("class");
    let long_a = "a".repeat(250);
    let long_b = format!("{}b", "a".repeat(249));
    let long_zip = format!("{} Zoé.zip", "a".repeat(240));
    let exactly = "c".repeat(collect::MAX_STUDENT_NAME);
    let one_more = "d".repeat(collect::MAX_STUDENT_NAME + 1);
    for name in [&long_a, &long_b, &exactly, &one_more, &"bob".to_string()] {
        student_folder(&class.join(name));
    }
    fs::write(class.join(&long_zip), zip_bytes(&normal_entries(""))).unwrap();

    let listing = collect::list_class(&class).unwrap();
    assert_eq!(listing.skipped, vec![]);
    let names: Vec<&str> = listing
        .submissions
        .iter()
        .map(|s| s.student.as_str())
        .collect();
    assert_eq!(names.len(), 6);
    let distinct: BTreeSet<String> = names.iter().map(|n| n.to_ascii_lowercase()).collect();
    assert_eq!(distinct.len(), 6, "{names:?}");
    for name in &names {
        assert!(name.len() <= collect::MAX_STUDENT_NAME, "{name}");
        assert!(
            name.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'),
            "{name}"
        );
    }
    // Short, valid names are unchanged; long ones keep their start.
    assert!(names.contains(&"bob"));
    assert!(names.contains(&exactly.as_str()));
    for long in [&long_a, &long_b, &one_more, &long_zip] {
        let name = collect::student_name(long);
        assert_eq!(name.len(), collect::MAX_STUDENT_NAME);
        assert!(names.contains(&name.as_str()), "{name} in {names:?}");
        assert_eq!(name[..20], long[..20]);
    }
    // Deterministic: the same folder gets the same name on every run.
    let again = collect::list_class(&class).unwrap();
    assert_eq!(again.submissions, listing.submissions);

    // Every one of them unpacks and stages under its name.
    let students = grading::batch::unpack_all(&listing.submissions, &scratch.path().join("out"));
    assert!(
        students
            .iter()
            .all(|work| work.root.is_some() && work.notes.is_empty())
    );
    let kit = mini_kit();
    let mut workspace =
        grading::stage::BuildWorkspace::create(&scratch.path().join("workspace")).unwrap();
    let demo = scratch.path().join("demo/ex-demo/src");
    fs::create_dir_all(&demo).unwrap();
    fs::write(demo.join("lib.rs"), LIB).unwrap();
    for work in &students {
        let key = format!("s-{}", work.student);
        let package = workspace.stage(&kit, &key, "ex-demo", &demo).unwrap();
        assert!(package.dir.join("Cargo.toml").is_file());
    }
}

#[test]
fn thousands_of_stray_files_make_one_note_per_reason_and_the_walk_stops() {
    use grading::stage::{MAX_WALKED_ENTRIES, SkippedFile};
    let scratch = Scratch::new();
    let src = scratch.path().join("class/alice/ex-demo/src");
    fs::create_dir_all(&src).unwrap();
    fs::write(src.join("lib.rs"), LIB).unwrap();
    // 12,000 stray files next to lib.rs (sorting before it), then ten folders of 1,000
    // more: past the walk's cap.
    for i in 0..12_000 {
        fs::write(src.join(format!("a{i:05}.txt")), b"x").unwrap();
    }
    for folder in 0..10 {
        let dir = src.join(format!("z{folder}"));
        fs::create_dir_all(&dir).unwrap();
        for i in 0..1_000 {
            fs::write(dir.join(format!("{i:04}.md")), b"x").unwrap();
        }
    }
    let big = vec![b'/'; grading::stage::MAX_FILE_BYTES as usize + 1];
    fs::write(src.join("big.rs"), &big).unwrap();
    fs::write(src.join("huge.rs"), &big).unwrap();

    let kit = mini_kit();
    let workspace_dir = scratch.path().join("workspace");
    let mut workspace = grading::stage::BuildWorkspace::create(&workspace_dir).unwrap();
    let started = std::time::Instant::now();
    let package = workspace.stage(&kit, "alice", "ex-demo", &src).unwrap();
    let elapsed = started.elapsed();
    assert!(
        package.dir.join("src/lib.rs").is_file(),
        "lib.rs is always taken"
    );
    assert!(package.skipped.len() <= MAX_WALKED_ENTRIES + 1);
    let notes = grading::batch::staging_notes("ex-demo", &package.skipped);
    assert_eq!(notes.len(), 3, "{notes:#?}");
    assert_eq!(
        notes[0],
        "19,989 files were not graded: not a Rust source file \
         (e.g. ex-demo/src/a00000.txt, ex-demo/src/a00001.txt, ex-demo/src/a00002.txt)"
    );
    assert_eq!(
        notes[1],
        format!(
            "2 files were not graded: larger than {} bytes (e.g. ex-demo/src/big.rs, ex-demo/src/huge.rs)",
            grading::stage::MAX_FILE_BYTES
        )
    );
    // lib.rs, 12,000 + 2 files, then 7 folders of 1 + 1,000 entries, then z7 and 989
    // of its files make 20,000.
    assert_eq!(
        notes[2],
        "ex-demo/src/z7/0989.md was not graded: staging stops after looking at 20,000 \
         entries, so this and what follows were not looked at"
    );
    assert!(
        elapsed < std::time::Duration::from_secs(60),
        "staging took {elapsed:?}"
    );

    // A handful of skips keep their one line each.
    let few = [
        SkippedFile {
            path: "notes.txt".into(),
            reason: "not a Rust source file".into(),
        },
        SkippedFile {
            path: "x.rs".into(),
            reason: "a symbolic link (never followed)".into(),
        },
    ];
    assert_eq!(
        grading::batch::staging_notes("ex-demo", &few),
        [
            "ex-demo/src/notes.txt was not graded: not a Rust source file",
            "ex-demo/src/x.rs was not graded: a symbolic link (never followed)",
        ]
    );
}

#[test]
fn an_archive_full_of_links_gets_one_note_per_reason() {
    let scratch = Scratch::new();
    let mut entries = normal_entries("");
    let names: Vec<String> = (0..3_000)
        .map(|i| format!("ex-threads/src/l{i:04}.rs"))
        .collect();
    entries.extend(names.iter().map(|name| Symlink(name, "/etc/passwd")));
    entries.push(Fifo("ex-threads/src/pipe"));
    let submission = scratch.tar_gz(&entries);
    let students = grading::batch::unpack_all(&[submission], &scratch.path().join("out"));
    assert_eq!(
        students[0].notes,
        [
            "3,000 files were not graded: a symbolic link (never followed) \
             (e.g. ex-threads/src/l0000.rs, ex-threads/src/l0001.rs, ex-threads/src/l0002.rs)",
            "ex-threads/src/pipe was not graded: not a regular file or folder",
        ]
    );
}

#[test]
fn error_messages_read_after_failed_to() {
    let error = CollectError::NoExercises {
        path: PathBuf::from("alice.zip"),
    };
    assert_eq!(
        format!("failed to {error}"),
        "failed to find an ex-* folder in alice.zip: this does not look like a submission"
    );
}
