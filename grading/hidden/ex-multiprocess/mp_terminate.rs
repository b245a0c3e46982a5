//! Hidden tests for mp-terminate: nothing left in the process table after join, after
//! stop_within and after is_alive sees an end; a second start; join's time limit; the
//! exit code while running; signals to processes that have not started or have ended.

#[path = "../../../ex-multiprocess/tests/support/processes.rs"]
mod processes;

use std::io;
use std::os::unix::process::ExitStatusExt;
use std::time::Duration;

use ex_multiprocess::terminate::{Process, stop_within};
use processes::{is_gone, worker_program};
use testkit::finish_within;

const LIMIT: Duration = Duration::from_secs(20);

fn started(args: &'static [&'static str]) -> Process {
    let mut worker = Process::new(&worker_program(), args);
    worker.start().expect("the worker starts");
    worker
}

#[test]
fn nothing_is_left_after_stop_within() {
    let pids = finish_within(LIMIT, "stop_within", || {
        let mut polite = started(&["sleep", "60000"]);
        let mut stubborn = started(&["stubborn", "60000"]);
        std::thread::sleep(Duration::from_millis(200));
        let polite_status = stop_within(&mut polite, Duration::from_secs(5)).expect("stopped");
        let stubborn_status =
            stop_within(&mut stubborn, Duration::from_millis(200)).expect("stopped");
        assert_eq!(
            polite_status.signal(),
            Some(15),
            "a worker that obeys SIGTERM ends by it"
        );
        assert_eq!(stubborn_status.signal(), Some(9));
        let pids = (polite.pid().unwrap(), stubborn.pid().unwrap());
        // Keep both objects alive while the table is read: their Drop must not be what
        // cleans up.
        let gone = (is_gone(pids.0), is_gone(pids.1));
        drop((polite, stubborn));
        gone
    });
    assert_eq!(
        pids,
        (true, true),
        "both workers are gone from the process table (no zombie)"
    );
}

#[test]
fn is_alive_reaps_a_worker_that_has_ended() {
    let gone = finish_within(LIMIT, "is_alive", || {
        let mut worker = started(&["sleep", "20"]);
        let pid = worker.pid().unwrap();
        testkit::wait_until(Duration::from_secs(10), "the worker to end", || {
            !worker.is_alive()
        });
        let gone = is_gone(pid);
        drop(worker);
        gone
    });
    assert!(
        gone,
        "once is_alive says false, the process is reaped, not a zombie"
    );
}

#[test]
fn join_with_a_time_limit_returns_while_the_worker_runs() {
    let (joined, alive, code) = finish_within(LIMIT, "join with a limit", || {
        let mut worker = started(&["sleep", "60000"]);
        let joined = worker
            .join(Some(Duration::from_millis(100)))
            .expect("join works");
        let alive = worker.is_alive();
        let code = worker.exit_code();
        worker.kill().expect("SIGKILL is sent");
        worker.join(None).expect("join works");
        (joined, alive, code)
    });
    assert_eq!(
        joined, None,
        "join gives up after its limit while the worker runs"
    );
    assert!(alive, "the worker still runs after a join that gave up");
    assert_eq!(code, None, "no exit code while running");
}

#[test]
fn a_process_starts_only_once() {
    let second = finish_within(LIMIT, "a second start", || {
        let mut worker = started(&["sleep", "10"]);
        let second = worker.start();
        worker.join(None).expect("join works");
        second.map_err(|error| error.kind())
    });
    assert_eq!(second, Err(io::ErrorKind::AlreadyExists));
}

#[test]
fn signals_to_a_process_not_started_or_ended_do_nothing() {
    finish_within(LIMIT, "signals", || {
        let mut unstarted = Process::new(&worker_program(), &["sleep", "10"]);
        unstarted
            .terminate()
            .expect("terminating a process not started does nothing");
        unstarted
            .kill()
            .expect("killing a process not started does nothing");
        assert_eq!(unstarted.pid(), None);
        assert_eq!(
            unstarted
                .join(Some(Duration::from_millis(10)))
                .expect("join"),
            None
        );
        let mut ended = started(&["sleep", "0"]);
        ended.join(None).expect("join works");
        ended
            .terminate()
            .expect("terminating an ended process does nothing");
        ended.kill().expect("killing an ended process does nothing");
        assert_eq!(
            ended.exit_code(),
            Some(0),
            "its exit code stays what it was"
        );
    });
}

#[test]
fn a_program_that_cannot_start_is_an_error() {
    let mut worker = Process::new("/no/such/mp-worker".as_ref(), &[]);
    assert!(worker.start().is_err());
    assert!(!worker.is_alive());
}
