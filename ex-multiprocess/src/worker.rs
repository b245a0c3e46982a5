//! The `mp-worker` program's roles (given: not an exercise). Each exercise's parent side
//! starts `mp-worker <role> <arguments>`; this module reads the arguments and calls the
//! worker side of that exercise, which is yours to write.
//!
//! | role | arguments | runs |
//! |---|---|---|
//! | `process` | name, exit code | [`report_worker`](crate::process::report_worker) |
//! | `sleep` | milliseconds | sleeps, then exits 0 (for mp-terminate) |
//! | `say` | milliseconds, text | sleeps, then prints the text (a worker that answers late) |
//! | `stubborn` | milliseconds | blocks SIGTERM, sleeps, exits 0 (a hung worker) |
//! | `hello` | lock file, out file, i, pause ms | [`write_line`](crate::lock::write_line) |
//! | `square` | value | [`square_worker`](crate::ipc::square_worker) |
//! | `echo` | | [`echo_worker`](crate::ipc::echo_worker) |
//! | `consumer` | work ms | [`consumer_worker`](crate::consumers::consumer_worker) on stdin and stdout |
//! | `count-rows` | minimum, maximum | [`count_rows_worker`](crate::pool::count_rows_worker) on stdin and stdout |
//! | `read-numbers` | | [`read_numbers`](crate::pipe_vs_queue::read_numbers) on stdin, then prints `<count> <in order>` |
//! | `race` | seed, target | [`race_worker`](crate::race::race_worker), then prints the draws |

use std::process::ExitCode;
use std::str::FromStr;
use std::time::Duration;

use nix::sys::signal::{SigSet, Signal};

/// Runs the role named by the first of `args` with the rest, and returns the exit code
/// for `main` to return. A bad command line is exit code 2 with a message on stderr.
pub fn run(args: &[String]) -> ExitCode {
    match dispatch(args) {
        Ok(code) => ExitCode::from(code),
        Err(message) => {
            eprintln!("mp-worker: {message}");
            ExitCode::from(2)
        }
    }
}

/// The argument at `index`, parsed.
fn arg<T: FromStr>(args: &[String], index: usize, what: &str) -> Result<T, String> {
    let text = args
        .get(index)
        .ok_or_else(|| format!("missing argument {index}: {what}"))?;
    text.parse()
        .map_err(|_| format!("argument {index} ({what}) is not valid: {text:?}"))
}

fn dispatch(args: &[String]) -> Result<u8, String> {
    let role = args.first().map(String::as_str).unwrap_or("");
    let failed = |error: &dyn std::fmt::Display| format!("{role} failed: {error}");
    match role {
        "process" => {
            let name: String = arg(args, 1, "name")?;
            let code: u8 = arg(args, 2, "exit code")?;
            crate::process::report_worker(&name, code, &mut std::io::stdout().lock())
                .map_err(|error| failed(&error))
        }
        "sleep" => {
            std::thread::sleep(Duration::from_millis(arg(args, 1, "milliseconds")?));
            Ok(0)
        }
        "say" => {
            std::thread::sleep(Duration::from_millis(arg(args, 1, "milliseconds")?));
            let text: String = arg(args, 2, "text")?;
            println!("{text}");
            Ok(0)
        }
        "stubborn" => {
            // A blocked signal stays pending instead of ending the process: SIGTERM
            // cannot stop this worker, only SIGKILL can.
            SigSet::from(Signal::SIGTERM)
                .thread_block()
                .map_err(|error| failed(&error))?;
            std::thread::sleep(Duration::from_millis(arg(args, 1, "milliseconds")?));
            Ok(0)
        }
        "hello" => {
            let lock: String = arg(args, 1, "lock file")?;
            let out: String = arg(args, 2, "out file")?;
            let i: usize = arg(args, 3, "line number")?;
            let pause = Duration::from_millis(arg(args, 4, "pause in ms")?);
            crate::lock::write_line(lock.as_ref(), out.as_ref(), i, pause)
                .map(|()| 0)
                .map_err(|error| failed(&error))
        }
        "square" => {
            let value: i64 = arg(args, 1, "value")?;
            crate::ipc::square_worker(value, &mut std::io::stdout().lock())
                .map(|()| 0)
                .map_err(|error| failed(&error))
        }
        "echo" => {
            crate::ipc::echo_worker(&mut std::io::stdin().lock(), &mut std::io::stdout().lock())
                .map(|_| 0)
                .map_err(|error| failed(&error))
        }
        "consumer" => {
            let work = Duration::from_millis(arg(args, 1, "work in ms")?);
            crate::consumers::consumer_worker(
                std::io::stdin().lock(),
                std::io::stdout().lock(),
                work,
            )
            .map(|_| 0)
            .map_err(|error| failed(&error))
        }
        "count-rows" => {
            let minimum: i64 = arg(args, 1, "minimum")?;
            let maximum: i64 = arg(args, 2, "maximum")?;
            crate::pool::count_rows_worker(
                minimum,
                maximum,
                std::io::stdin().lock(),
                std::io::stdout().lock(),
            )
            .map(|_| 0)
            .map_err(|error| failed(&error))
        }
        "read-numbers" => {
            let received = crate::pipe_vs_queue::read_numbers(&mut std::io::stdin().lock())
                .map_err(|error| failed(&error))?;
            println!("{} {}", received.count, received.in_order);
            Ok(0)
        }
        "race" => {
            let seed: u64 = arg(args, 1, "seed")?;
            let target: u64 = arg(args, 2, "target")?;
            println!("{}", crate::race::race_worker(seed, target));
            Ok(0)
        }
        other => Err(format!(
            "no role {other:?}: process, sleep, say, stubborn, hello, square, echo, consumer, count-rows, read-numbers or race"
        )),
    }
}
