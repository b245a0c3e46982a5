//! The build jail: a submission's own code is compiled blind.
//!
//! The class is built with one cargo invocation (dependencies compile once), but cargo
//! runs every rustc through this module's wrapper (`RUSTC_WRAPPER`, the `grade-rustc`
//! program), which sorts each compile into one of three kinds:
//!
//! - **a submission's crate** (a staged package's library or binary, the reference's
//!   included): rustc runs inside bubblewrap as a throw-away user id, with a cleared
//!   environment, no network, unsafe code forbidden, and a file system that holds only
//!   the system (`/usr`), the toolchain, that package's own `src/`, the compiled
//!   *dependency* libraries (the kit's and the students' own crates are left out of that
//!   folder, so are every test binary and program) and an empty output folder. So
//!   `#[path]`, `include_str!`, `include_bytes!` and `include!` can reach nothing but the
//!   student's own sources, and `env!` / `option_env!` nothing but cargo's `CARGO_PKG_*`
//!   facts about the package. Paths in its messages are remapped to `<crate>/src/...`.
//! - **the generated test crate** (the kit's visible and hidden tests around the
//!   student's library): the kit's own code, compiled outside the jail with the kit's paths
//!   remapped to `kit/...`, and with the one unstable feature its runner needs
//!   (`RUSTC_BOOTSTRAP=1` for this crate alone, never for a submission's).
//! - **anything else** (registry dependencies, cargo's probes of rustc): run as it is.
//!
//! Without bubblewrap a submission's crate is still compiled with a cleared environment,
//! unsafe code forbidden and paths remapped, but it can read the machine's files.

use std::ffi::{OsStr, OsString};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use crate::sandbox::{self, Jail};
use crate::stage::TEST_TARGET;

/// The wrapper program's name; it is built next to the `grade` binary.
pub const WRAPPER_NAME: &str = "grade-rustc";

/// The staged build workspace (the folder whose packages are submissions).
const ENV_WORKSPACE: &str = "GRADE_JAIL_WORKSPACE";
/// The kit's root, remapped to `kit` in the test crate's paths.
const ENV_KIT: &str = "GRADE_JAIL_KIT";
/// The bubblewrap program, or empty for no jail.
const ENV_BWRAP: &str = "GRADE_JAIL_BWRAP";
/// Library names of the kit's own crates, `,`-separated: left out of the jail's view of
/// the compiled libraries.
const ENV_OWN_LIBS: &str = "GRADE_JAIL_OWN_LIBS";

/// Where the output folder appears inside the jail.
const JAIL_OUT: &str = "/grade/out";
/// Where the package appears inside the jail: `/build/<crate>` (its `src/` only), so no
/// path a compile can see or print names the kit's folders.
const JAIL_BUILD: &str = "/build";
/// Where the compiled dependencies appear inside the jail.
const JAIL_DEPS: &str = "/build/deps";

/// Environment variables cargo sets for rustc that a submission may read with `env!`:
/// facts about its own package, nothing of the machine.
const PACKAGE_FACTS: &[&str] = &[
    "CARGO_PKG_NAME",
    "CARGO_PKG_VERSION",
    "CARGO_PKG_VERSION_MAJOR",
    "CARGO_PKG_VERSION_MINOR",
    "CARGO_PKG_VERSION_PATCH",
    "CARGO_PKG_VERSION_PRE",
    "CARGO_PKG_AUTHORS",
    "CARGO_PKG_DESCRIPTION",
    "CARGO_PKG_HOMEPAGE",
    "CARGO_PKG_REPOSITORY",
    "CARGO_PKG_LICENSE",
    "CARGO_PKG_LICENSE_FILE",
    "CARGO_PKG_RUST_VERSION",
    "CARGO_PKG_README",
    "CARGO_CRATE_NAME",
    "CARGO_BIN_NAME",
    "CARGO_MANIFEST_DIR",
    "CARGO_MANIFEST_PATH",
    "CARGO_PRIMARY_PACKAGE",
];

/// How a class build is jailed: what the grader tells the wrapper.
#[derive(Debug, Clone)]
pub struct BuildJail {
    /// The wrapper program.
    pub wrapper: PathBuf,
    /// The staged build workspace.
    pub workspace: PathBuf,
    /// The kit's root.
    pub kit: PathBuf,
    /// What confines a submission's compile.
    pub jail: Jail,
    /// Library names of the kit's own crates (`ex_threads`, `testkit`, ...).
    pub own_libs: Vec<String>,
}

/// Why the build jail cannot be set up.
#[derive(Debug, thiserror::Error)]
pub enum BuildJailError {
    /// The wrapper program is not where the grader looked.
    #[error(
        "the compile wrapper {WRAPPER_NAME} was not found next to {0} (build the grading package's binaries)"
    )]
    NoWrapper(String),
}

impl BuildJail {
    /// The wrapper next to the running program (or one folder up, where cargo puts a
    /// package's binaries relative to its test binaries).
    ///
    /// # Errors
    /// [`BuildJailError::NoWrapper`] when it is in neither place.
    pub fn find_wrapper() -> Result<PathBuf, BuildJailError> {
        let exe = std::env::current_exe()
            .map_err(|error| BuildJailError::NoWrapper(error.to_string()))?;
        let dir = exe.parent().unwrap_or(Path::new("."));
        [Some(dir), dir.parent()]
            .into_iter()
            .flatten()
            .map(|dir| dir.join(WRAPPER_NAME))
            .find(|path| path.is_file())
            .ok_or_else(|| BuildJailError::NoWrapper(exe.display().to_string()))
    }

    /// The wrapper, built first when it is missing and this program runs under cargo.
    ///
    /// `cargo run -p grading` builds only the `grade` program, not the wrapper beside it,
    /// so the first `cargo run -p grading -- sample` on a fresh clone would otherwise stop
    /// here. Under cargo (`$CARGO` is set) the wrapper is built with the same cargo, in
    /// the profile of this program; outside cargo there is nothing to build it with, and
    /// the error says what to run.
    ///
    /// # Errors
    /// [`BuildJailError::NoWrapper`] when it is missing and could not be built.
    pub fn find_or_build_wrapper() -> Result<PathBuf, BuildJailError> {
        if let Ok(found) = Self::find_wrapper() {
            return Ok(found);
        }
        if let Some(cargo) = std::env::var_os("CARGO") {
            let mut build = Command::new(cargo);
            build.args([
                "build",
                "--quiet",
                "--package",
                "grading",
                "--bin",
                WRAPPER_NAME,
            ]);
            if !cfg!(debug_assertions) {
                build.arg("--release");
            }
            // From the grading package's own folder, so cargo finds this kit's workspace.
            build.current_dir(env!("CARGO_MANIFEST_DIR"));
            match build.status() {
                Ok(status) if status.success() => {}
                Ok(status) => eprintln!("building {WRAPPER_NAME} failed ({status})"),
                Err(error) => eprintln!("building {WRAPPER_NAME} could not start: {error}"),
            }
        }
        Self::find_wrapper()
    }

    /// Makes `cargo` compile through the wrapper with these settings.
    pub fn apply(&self, cargo: &mut Command) {
        let bwrap = match &self.jail {
            Jail::Bubblewrap(program) => program.as_os_str().to_owned(),
            Jail::Unsandboxed(_) => OsString::new(),
        };
        cargo
            .env("RUSTC_WRAPPER", &self.wrapper)
            .env(ENV_WORKSPACE, &self.workspace)
            .env(ENV_KIT, &self.kit)
            .env(ENV_BWRAP, bwrap)
            .env(ENV_OWN_LIBS, self.own_libs.join(","));
    }
}

/// What one rustc invocation compiles.
#[derive(Debug, PartialEq, Eq)]
enum Compile {
    /// A crate of a staged package (a submission's, or the reference's): jailed.
    Submission { package: PathBuf, source: PathBuf },
    /// The generated test crate of a staged package.
    TestCrate,
    /// Anything else: run as it is.
    Other,
}

/// The wrapper's `main`: `grade-rustc <rustc> <args...>`, as cargo calls it.
pub fn wrapper_main() -> ExitCode {
    let mut args: Vec<OsString> = std::env::args_os().skip(1).collect();
    if args.is_empty() {
        eprintln!("{WRAPPER_NAME}: cargo runs this as RUSTC_WRAPPER; it is not for people");
        return ExitCode::from(2);
    }
    let rustc = PathBuf::from(args.remove(0));
    let workspace = std::env::var_os(ENV_WORKSPACE).map(PathBuf::from);
    let package = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from);
    let cwd = std::env::current_dir().unwrap_or_default();
    let source = source_file(&args, &cwd);
    let kind = classify(workspace.as_deref(), package.as_deref(), source.as_deref());
    match kind {
        Compile::Other => {
            let mut command = Command::new(&rustc);
            command.args(&args);
            // The kit's own crates (the test kit) name their files `kit/...` in panics.
            if let (Some(kit), Some(source)) = (std::env::var_os(ENV_KIT), &source)
                && source.starts_with(&kit)
            {
                command.arg(remap(Path::new(&kit), "kit"));
            }
            exec(&mut command)
        }
        Compile::TestCrate => {
            let mut command = Command::new(&rustc);
            command.args(&args).env("RUSTC_BOOTSTRAP", "1");
            if let Some(kit) = std::env::var_os(ENV_KIT) {
                command.arg(remap(Path::new(&kit), "kit"));
            }
            if let Some(workspace) = &workspace {
                command.arg(remap(workspace, "submission"));
            }
            exec(&mut command)
        }
        Compile::Submission { package, source } => {
            match compile_jailed(&rustc, &args, &package, &source) {
                Ok(code) => ExitCode::from(code),
                Err(error) => {
                    eprintln!("{WRAPPER_NAME}: the build jail failed: {error}");
                    ExitCode::from(101)
                }
            }
        }
    }
}

fn exec(command: &mut Command) -> ExitCode {
    let error = command.exec();
    eprintln!("{WRAPPER_NAME}: failed to run rustc: {error}");
    ExitCode::from(101)
}

fn classify(workspace: Option<&Path>, package: Option<&Path>, source: Option<&Path>) -> Compile {
    let (Some(workspace), Some(package), Some(source)) = (workspace, package, source) else {
        return Compile::Other;
    };
    if !package.starts_with(workspace) || package == workspace {
        return Compile::Other;
    }
    if source == package.join(format!("{TEST_TARGET}.rs")) {
        Compile::TestCrate
    } else {
        Compile::Submission {
            package: package.to_path_buf(),
            source: source.to_path_buf(),
        }
    }
}

/// The crate's root source file among rustc's arguments, made absolute.
fn source_file(args: &[OsString], cwd: &Path) -> Option<PathBuf> {
    args.iter()
        .map(Path::new)
        .find(|arg| {
            arg.extension() == Some(OsStr::new("rs"))
                && !arg.as_os_str().to_string_lossy().starts_with('-')
        })
        .map(|path| cwd.join(path))
}

fn remap(from: &Path, to: &str) -> OsString {
    let mut flag = OsString::from("--remap-path-prefix=");
    flag.push(from);
    flag.push("=");
    flag.push(to);
    flag
}

/// The value of `--flag value` or `--flag=value` among `args`.
fn flag_value<'a>(args: &'a [OsString], flag: &str) -> Option<&'a OsStr> {
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        if arg == flag {
            return iter.next().map(OsString::as_os_str);
        }
    }
    None
}

/// Compiles a submission's crate in the jail; returns rustc's exit code.
fn compile_jailed(
    rustc: &Path,
    args: &[OsString],
    package: &Path,
    source: &Path,
) -> std::io::Result<u8> {
    let invalid =
        |what: &str| std::io::Error::new(std::io::ErrorKind::InvalidInput, what.to_string());
    let out_dir =
        PathBuf::from(flag_value(args, "--out-dir").ok_or_else(|| invalid("no --out-dir"))?);
    let deps = args
        .iter()
        .filter_map(|arg| arg.to_str()?.strip_prefix("dependency="))
        .next()
        .map(PathBuf::from)
        .unwrap_or_else(|| out_dir.clone());
    let sysroot = sysroot_of(rustc)?;
    let cwd = std::env::current_dir()?;
    let src = package.join("src");
    let crate_label = package
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| "crate".into());
    let own_libs: Vec<String> = std::env::var(ENV_OWN_LIBS)
        .unwrap_or_default()
        .split(',')
        .filter(|name| !name.is_empty())
        .map(str::to_string)
        .collect();
    let bwrap = std::env::var_os(ENV_BWRAP).filter(|program| !program.is_empty());

    // A private output folder beside the real one (same file system, so a rename moves
    // the results in), writable by the compile's user id only.
    let private = out_dir
        .parent()
        .unwrap_or(&out_dir)
        .join(".grade-build-jail")
        .join(std::process::id().to_string());
    let private_out = private.join("out");
    let _ = std::fs::remove_dir_all(&private);
    std::fs::create_dir_all(&private_out)?;
    let lease = if bwrap.is_some() {
        sandbox::UidLease::acquire()
    } else {
        None
    };
    if let Some(lease) = &lease {
        let id = Some(nix::unistd::Uid::from_raw(lease.uid()));
        let group = Some(nix::unistd::Gid::from_raw(lease.uid()));
        nix::unistd::chown(&private_out, id, group).map_err(std::io::Error::from)?;
    }

    let jailed = bwrap.is_some();
    let jail_package = Path::new(JAIL_BUILD).join(&crate_label);
    // Inside the jail the package is `/build/<crate>` and the dependencies `/build/deps`;
    // without one, the real paths.
    let (seen_package, seen_deps, seen_out) = if jailed {
        (
            jail_package.clone(),
            PathBuf::from(JAIL_DEPS),
            PathBuf::from(JAIL_OUT),
        )
    } else {
        (package.to_path_buf(), deps.clone(), private_out.clone())
    };
    let deps_text = deps.to_string_lossy().into_owned();
    let seen_deps_text = seen_deps.to_string_lossy().into_owned();
    let mut rustc_args: Vec<OsString> = Vec::new();
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        if arg == "--out-dir" {
            iter.next();
            rustc_args.push("--out-dir".into());
            rustc_args.push(seen_out.clone().into());
        } else if let Some(json) = arg.to_str().and_then(|arg| arg.strip_prefix("--json=")) {
            // No artifact notices: the files appear in the real output folder only when
            // rustc is done and they are moved there, which is when cargo looks.
            let kept: Vec<&str> = json
                .split(',')
                .filter(|part| *part != "artifacts")
                .collect();
            if !kept.is_empty() {
                rustc_args.push(format!("--json={}", kept.join(",")).into());
            }
        } else if cwd.join(arg) == source {
            let inside = source.strip_prefix(package).unwrap_or(source);
            rustc_args.push(seen_package.join(inside).into());
        } else if let Some(text) = arg.to_str()
            && text.contains(&deps_text)
        {
            // `-L dependency=<deps>` and `--extern name=<deps>/lib...`.
            rustc_args.push(text.replace(&deps_text, &seen_deps_text).into());
        } else {
            rustc_args.push(arg.clone());
        }
    }
    rustc_args.extend(["-F".into(), "unsafe_code".into()]);
    rustc_args.push(remap(&seen_package, &crate_label));

    let real_rustc = sysroot.join("bin/rustc");
    let mut command = match &bwrap {
        Some(bwrap) => {
            let mut command = Command::new(bwrap);
            command.args(sandbox::SYSTEM_VIEW);
            command.args(["--perms", "1777", "--size", "1073741824", "--tmpfs", "/tmp"]);
            // Folders bubblewrap makes on the way to a mount point copy the host's
            // modes (`/root` is private): make each one passable for the compile's user.
            open_path(&mut command, &sysroot);
            command.arg("--ro-bind").arg(&sysroot).arg(&sysroot);
            command.args(["--perms", "0755", "--dir", JAIL_BUILD]);
            // The compiled dependencies: libraries only (no test binary, no program), and
            // none of the kit's own crates (the reference's and every student's library
            // are among those names).
            let mut visible = dependency_libraries(&deps, &own_libs)?;
            // What cargo names with `--extern` is this crate's own dependency list (for a
            // program, its own package's library among them).
            visible.extend(
                extern_files(args)
                    .into_iter()
                    .filter(|file| file.starts_with(&deps)),
            );
            visible.sort();
            visible.dedup();
            // One read-only folder of hard links to them (the private folder is on the
            // target dir's file system), mounted once. Mounting each file on its own costs
            // bubblewrap about 4 s of system time for 1,500 files, every compile; linking
            // them takes milliseconds. Where a link cannot be made, each file is mounted.
            let linked = private.join("deps");
            if link_all(&visible, &linked).is_ok() {
                command.arg("--ro-bind").arg(&linked).arg(JAIL_DEPS);
            } else {
                command.args(["--perms", "0755", "--tmpfs", JAIL_DEPS]);
                for file in visible {
                    let name = file.file_name().unwrap_or_default();
                    command
                        .arg("--ro-bind")
                        .arg(&file)
                        .arg(Path::new(JAIL_DEPS).join(name));
                }
            }
            let jail_src = jail_package.join("src");
            command
                .args(["--perms", "0755", "--dir"])
                .arg(&jail_package);
            command.arg("--ro-bind").arg(&src).arg(&jail_src);
            command.args(["--perms", "0755", "--dir", "/grade"]);
            command.arg("--bind").arg(&private_out).arg(JAIL_OUT);
            command.arg("--chdir").arg(&jail_src).arg("--");
            // bubblewrap sets PWD after its own --unsetenv; env takes it away again.
            command.args(["/usr/bin/env", "-u", "PWD"]);
            if let Some(lease) = &lease {
                command.args(sandbox::as_user(lease.uid()));
            }
            if let Some(prlimit) = sandbox::find_program("prlimit") {
                command.arg(prlimit).args([
                    "--cpu=300",
                    "--nproc=512",
                    "--fsize=1073741824",
                    "--nofile=4096",
                    "--",
                ]);
            }
            command.arg(&real_rustc);
            command
        }
        None => {
            let mut command = Command::new(&real_rustc);
            command.current_dir(&src);
            command
        }
    };
    command.args(&rustc_args).env_clear();
    for name in PACKAGE_FACTS {
        if let Some(value) = std::env::var_os(name) {
            command.env(name, value);
        }
    }
    if jailed {
        command
            .env("CARGO_MANIFEST_DIR", &jail_package)
            .env("CARGO_MANIFEST_PATH", jail_package.join("Cargo.toml"));
    }
    command.env("PATH", "/usr/bin:/bin").env("TMPDIR", "/tmp");
    let status = command.status()?;
    if let Some(lease) = &lease {
        sandbox::kill_user_processes(lease.uid());
    }
    let code = match status.code() {
        Some(0) => {
            for entry in std::fs::read_dir(&private_out)? {
                let entry = entry?;
                let path = entry.path();
                if jailed && path.extension() == Some(OsStr::new("d")) {
                    // Cargo reads the dep-info to know which sources the crate used:
                    // give it the real paths.
                    let text = std::fs::read_to_string(&path)?
                        .replace(
                            &format!("{}/", jail_package.display()),
                            &format!("{}/", package.display()),
                        )
                        .replace(&format!("{JAIL_OUT}/"), &format!("{}/", out_dir.display()));
                    std::fs::write(&path, text)?;
                }
                std::fs::rename(&path, out_dir.join(entry.file_name()))?;
            }
            0
        }
        Some(code) => u8::try_from(code).unwrap_or(101),
        None => {
            eprintln!(
                "{WRAPPER_NAME}: the compiler was stopped ({status}): the build took more than its limits"
            );
            101
        }
    };
    let _ = std::fs::remove_dir_all(&private);
    Ok(code)
}

/// Makes `folder` (world-readable) hold a hard link to each of `files`, under its name.
fn link_all(files: &[PathBuf], folder: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(folder)?;
    std::fs::set_permissions(folder, std::os::unix::fs::PermissionsExt::from_mode(0o755))?;
    for file in files {
        std::fs::hard_link(file, folder.join(file.file_name().unwrap_or_default()))?;
    }
    Ok(())
}

/// Adds `--perms 0755 --dir` for every folder above `path` (the root excluded), so the
/// jail's user can walk down to it.
fn open_path(command: &mut Command, path: &Path) {
    let mut ancestors: Vec<&Path> = path
        .ancestors()
        .skip(1)
        .filter(|dir| dir.parent().is_some())
        .collect();
    ancestors.reverse();
    for dir in ancestors {
        command.args(["--perms", "0755", "--dir"]).arg(dir);
    }
}

/// The files named by `--extern name=path` among rustc's arguments.
fn extern_files(args: &[OsString]) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        if arg == "--extern"
            && let Some(spec) = iter.next().and_then(|spec| spec.to_str())
            && let Some((_, path)) = spec.split_once('=')
        {
            files.push(PathBuf::from(path));
        }
    }
    files
}

/// The compiled libraries in `deps` that a submission may link against: `lib*.rlib`,
/// `lib*.rmeta` and `lib*.so` of every crate not named in `own_libs`.
fn dependency_libraries(deps: &Path, own_libs: &[String]) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(deps)? {
        let entry = entry?;
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let Some((stem, extension)) = name.rsplit_once('.') else {
            continue;
        };
        let Some(crate_and_hash) = stem.strip_prefix("lib") else {
            continue;
        };
        let crate_name = crate_and_hash
            .rsplit_once('-')
            .map_or(crate_and_hash, |(name, _hash)| name);
        let library = matches!(extension, "rlib" | "rmeta" | "so");
        let is_file = entry.file_type().is_ok_and(|kind| kind.is_file());
        if library && is_file && !own_libs.iter().any(|own| own == crate_name) {
            files.push(entry.path());
        }
    }
    files.sort();
    Ok(files)
}

/// The toolchain folder of `rustc` (`<sysroot>/bin/rustc`), asked of rustc itself when
/// the path does not show it.
fn sysroot_of(rustc: &Path) -> std::io::Result<PathBuf> {
    if let Some(sysroot) = rustc
        .parent()
        .filter(|bin| bin.ends_with("bin"))
        .and_then(Path::parent)
        && sysroot.join("lib/rustlib").is_dir()
    {
        return Ok(sysroot.to_path_buf());
    }
    let output = Command::new(rustc).args(["--print", "sysroot"]).output()?;
    Ok(PathBuf::from(
        String::from_utf8_lossy(&output.stdout).trim(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compiles_are_sorted_by_what_they_build() {
        let workspace = Path::new("/w");
        let package = Path::new("/w/s-ann/ex-threads");
        let lib = package.join("src/lib.rs");
        let tests = package.join(format!("{TEST_TARGET}.rs"));
        assert_eq!(
            classify(Some(workspace), Some(package), Some(&lib)),
            Compile::Submission {
                package: package.to_path_buf(),
                source: lib.clone()
            }
        );
        assert_eq!(
            classify(Some(workspace), Some(package), Some(&tests)),
            Compile::TestCrate
        );
        let registry = Path::new("/root/.cargo/registry/src/rand-0.10");
        assert_eq!(
            classify(
                Some(workspace),
                Some(registry),
                Some(&registry.join("src/lib.rs"))
            ),
            Compile::Other
        );
        assert_eq!(classify(None, Some(package), Some(&lib)), Compile::Other);
    }

    #[test]
    fn the_jails_dependency_folder_links_exactly_the_visible_files() {
        let dir = tempfile::tempdir().unwrap();
        let files: Vec<PathBuf> = ["librand-0123.rlib", "libtokio_macros-77.so"]
            .iter()
            .map(|name| {
                let path = dir.path().join(name);
                std::fs::write(&path, name.as_bytes()).unwrap();
                path
            })
            .collect();
        std::fs::write(dir.path().join("libex_threads-aaaa.rlib"), b"own").unwrap();
        let linked = dir.path().join("private/deps");
        link_all(&files, &linked).unwrap();
        let mut names: Vec<String> = std::fs::read_dir(&linked)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["librand-0123.rlib", "libtokio_macros-77.so"]);
        assert_eq!(
            std::fs::read(linked.join("librand-0123.rlib")).unwrap(),
            b"librand-0123.rlib"
        );
    }

    #[test]
    fn only_dependency_libraries_are_visible_to_a_submission() {
        let dir = tempfile::tempdir().unwrap();
        for name in [
            "librand-0123.rlib",
            "librand-0123.rmeta",
            "libtokio_macros-77.so",
            "libex_threads-aaaa.rlib",
            "libex_threads-bbbb.rmeta",
            "libtestkit-cc.rlib",
            "grade_tests-dddd",
            "sp_shell--s-ann-ee",
            "rand-0123.d",
        ] {
            std::fs::write(dir.path().join(name), b"").unwrap();
        }
        let own = ["ex_threads".to_string(), "testkit".to_string()];
        let names: Vec<String> = dependency_libraries(dir.path(), &own)
            .unwrap()
            .iter()
            .map(|path| path.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            names,
            [
                "librand-0123.rlib",
                "librand-0123.rmeta",
                "libtokio_macros-77.so"
            ]
        );
    }
}
