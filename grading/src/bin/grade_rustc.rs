//! `grade-rustc`: the compile wrapper the grader gives cargo as `RUSTC_WRAPPER`, so that
//! a submission's own code is compiled in the build jail (see `grading::build_jail`).

fn main() -> std::process::ExitCode {
    grading::build_jail::wrapper_main()
}
