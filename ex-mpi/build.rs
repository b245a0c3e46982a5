//! Checks, before anything MPI is compiled, that this machine has what the `mpi` crate
//! needs: MPICH's compiler wrapper `mpicc` (or MPICH's pkg-config file) and libclang,
//! which `mpi-sys` uses to read MPICH's C header. Without them the build stops with one
//! line saying what to install, instead of a page of errors from a C binding generator.

use std::path::Path;
use std::process::{Command, Stdio};

/// What a Debian or Ubuntu machine needs, in one command.
const INSTALL: &str = "sudo apt-get install -y mpich libmpich-dev libclang-dev pkgconf";

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-env-changed=PATH");
    println!("cargo::rerun-if-env-changed=LIBCLANG_PATH");
    let mut missing = Vec::new();
    if !succeeds("mpicc", &["-show"]) && !succeeds("pkg-config", &["--exists", "mpich"]) {
        missing.push("MPICH (mpicc)");
    }
    if !libclang_found() {
        missing.push("libclang");
    }
    if !missing.is_empty() {
        eprintln!(
            "ex-mpi needs {} to build: {INSTALL} (every other crate builds without it)",
            missing.join(" and ")
        );
        std::process::exit(1);
    }
}

/// Whether `program args` runs and exits 0.
fn succeeds(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

/// Whether a `libclang` shared library is where bindgen (through clang-sys) looks for one.
fn libclang_found() -> bool {
    let mut dirs: Vec<String> = std::env::var("LIBCLANG_PATH").into_iter().collect();
    dirs.extend(
        [
            "/usr/lib",
            "/usr/lib64",
            "/usr/local/lib",
            "/usr/lib/x86_64-linux-gnu",
        ]
        .map(String::from),
    );
    dirs.extend(
        std::fs::read_dir("/usr/lib")
            .into_iter()
            .flatten()
            .flatten()
            .filter(|entry| entry.file_name().to_string_lossy().starts_with("llvm"))
            .map(|entry| entry.path().join("lib").display().to_string()),
    );
    dirs.iter().any(|dir| has_libclang(Path::new(dir)))
}

/// Whether `dir` holds `libclang.so` or a versioned `libclang-N.so…` / `libclang.so.N`.
fn has_libclang(dir: &Path) -> bool {
    std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .any(|entry| {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            name.starts_with("libclang")
                && !name.starts_with("libclang-cpp")
                && name.contains(".so")
        })
}
