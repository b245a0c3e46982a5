//! `mp-worker`: the program every worker process of ex-multiprocess runs. The first
//! argument names the role (see the crate's `worker` module); the parent sides start it
//! with `Command::new(program)`.

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    ex_multiprocess::worker::run(&args)
}
