//! Visible tests for mp-terminate: `cargo test -p ex-multiprocess --test mp_terminate`.
//!
//! The workers are the `mp-worker` roles `sleep <ms>` (ends after a while, or at
//! SIGTERM) and `stubborn <ms>` (blocks SIGTERM, as a hung worker might).

#[path = "support/processes.rs"]
mod processes;

use std::time::Duration;

use ex_multiprocess::terminate::{Process, stop_within};
use processes::worker_program;
use testkit::finish_within;

const LIMIT: Duration = Duration::from_secs(20);

#[test]
fn is_alive_before_start_while_running_and_after_join() {
    let states = finish_within(LIMIT, "a worker's life", || {
        let mut worker = Process::new(&worker_program(), &["sleep", "30000"]);
        let before = worker.is_alive();
        worker.start().expect("the worker starts");
        let during = worker.is_alive();
        worker.terminate().expect("SIGTERM is sent");
        let status = worker
            .join(Some(Duration::from_secs(10)))
            .expect("join works");
        (
            before,
            during,
            status.is_some(),
            worker.is_alive(),
            worker.exit_code(),
        )
    });
    assert_eq!(
        states,
        (false, true, true, false, Some(-15)),
        "(alive before start, alive while running, ended at join, alive after join, exit code -SIGTERM)"
    );
}

#[test]
fn a_worker_that_finishes_exits_with_zero() {
    let code = finish_within(LIMIT, "a short worker", || {
        let mut worker = Process::new(&worker_program(), &["sleep", "10"]);
        worker.start().expect("the worker starts");
        worker.join(None).expect("join works");
        worker.exit_code()
    });
    assert_eq!(code, Some(0));
}

#[test]
fn stop_within_kills_a_worker_that_blocks_sigterm() {
    let (status_signal, code) = finish_within(LIMIT, "stop_within", || {
        let mut worker = Process::new(&worker_program(), &["stubborn", "60000"]);
        worker.start().expect("the worker starts");
        // Give the worker a moment to block SIGTERM, so the polite request fails.
        std::thread::sleep(Duration::from_millis(200));
        let status = stop_within(&mut worker, Duration::from_millis(300)).expect("it is stopped");
        (
            std::os::unix::process::ExitStatusExt::signal(&status),
            worker.exit_code(),
        )
    });
    assert_eq!(
        status_signal,
        Some(9),
        "SIGTERM was blocked, so SIGKILL ended it"
    );
    assert_eq!(code, Some(-9), "Python's exitcode for SIGKILL");
}
