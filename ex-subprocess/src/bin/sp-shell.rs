//! `sp-shell`: the REPL of exercise sp-shell, reading commands from stdin.
//!
//! The tick comes from `--tick-ms N`, else the environment variable `SP_SHELL_TICK_MS`,
//! else one second. The prompt and the results go to stdout; a bad setting is reported
//! on stderr with exit status 2. All the logic is in `ex_subprocess::shell`.
//!
//! ```text
//! cargo run -p ex-subprocess --bin sp-shell -- --tick-ms 250
//! ```

use std::io;
use std::process::ExitCode;

use ex_subprocess::shell::{TICK_VARIABLE, run_repl, tick_setting};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let env_value = std::env::var(TICK_VARIABLE).ok();
    let tick = match tick_setting(&args, env_value.as_deref()) {
        Ok(tick) => tick,
        Err(error) => {
            eprintln!("sp-shell: {error}");
            return ExitCode::from(2);
        }
    };
    match run_repl(io::stdin().lock(), io::stdout().lock(), tick) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("sp-shell: {error}");
            ExitCode::FAILURE
        }
    }
}
