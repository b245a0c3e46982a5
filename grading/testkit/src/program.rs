//! Finding the package's own binary, for tests that drive a program through stdin.

use std::path::PathBuf;

/// The path of the package's binary `name` (a REPL the test drives, say).
///
/// Under a plain `cargo test` it is the path cargo compiled in, which the test passes as
/// `option_env!("CARGO_BIN_EXE_<name>")`. When the grader runs the test, every student's
/// binary has a name of its own, and the grader says where this student's is in the
/// environment variable `KIT_BIN_<NAME>` (upper case, `-` as `_`), which wins.
///
/// ```no_run
/// let shell = testkit::program_path("sp-shell", option_env!("CARGO_BIN_EXE_sp-shell"));
/// let status = std::process::Command::new(shell).status();
/// ```
///
/// # Panics
/// If neither names a path: the package has no such binary.
pub fn program_path(name: &str, compiled_in: Option<&str>) -> PathBuf {
    let variable = format!("KIT_BIN_{}", name.to_ascii_uppercase().replace('-', "_"));
    std::env::var_os(&variable)
        .map(PathBuf::from)
        .or_else(|| compiled_in.map(PathBuf::from))
        .unwrap_or_else(|| {
            panic!("the binary {name} was not built (no {variable}, no CARGO_BIN_EXE_{name})")
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_compiled_in_path_is_used_when_the_grader_names_none() {
        assert_eq!(
            program_path("no-such-kit-program", Some("/bin/true")),
            PathBuf::from("/bin/true")
        );
    }

    #[test]
    #[should_panic(expected = "was not built")]
    fn a_binary_nobody_names_is_a_clear_failure() {
        program_path("no-such-kit-program", None);
    }
}
