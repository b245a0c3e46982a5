//! Hidden tests for mp-process: the seed's ten workers, every exit code and any name,
//! every worker reaped, a program that cannot start, and no workers at all.

#[path = "../../../ex-multiprocess/tests/support/processes.rs"]
mod processes;

use std::collections::BTreeSet;
use std::time::Duration;

use ex_multiprocess::process::{ProcessError, WorkerSpec, run_workers};
use processes::{is_gone, worker_program};
use testkit::finish_within;

const LIMIT: Duration = Duration::from_secs(20);

fn run(specs: Vec<WorkerSpec>) -> Result<Vec<ex_multiprocess::process::Finished>, ProcessError> {
    let program = worker_program();
    finish_within(LIMIT, "run_workers", move || run_workers(&program, &specs))
}

#[test]
fn the_seed_s_ten_workers_are_ten_processes() {
    let specs: Vec<WorkerSpec> = (0..10)
        .map(|i| WorkerSpec {
            name: format!("Worker {i}"),
            exit_code: i,
        })
        .collect();
    let finished = run(specs).expect("ten workers run");
    let me = std::process::id();
    let pids: BTreeSet<u32> = finished.iter().map(|worker| worker.report.pid).collect();
    assert_eq!(pids.len(), 10, "ten distinct process ids");
    assert!(
        !pids.contains(&me),
        "no worker runs in the test's own process"
    );
    for (i, worker) in finished.iter().enumerate() {
        assert_eq!(worker.report.name, format!("Worker {i}"));
        assert_eq!(worker.report.parent_pid, me);
        assert_eq!(worker.status.code(), Some(i as i32));
    }
}

#[test]
fn any_exit_code_and_any_name_come_back() {
    let names = ["Łódź worker", "--not-an-option", "tab\there", "x"];
    let codes = [255, 1, 128, 42];
    let specs = names
        .iter()
        .zip(codes)
        .map(|(name, exit_code)| WorkerSpec {
            name: (*name).to_owned(),
            exit_code,
        })
        .collect();
    let finished = run(specs).expect("four workers run");
    for ((worker, name), code) in finished.iter().zip(names).zip(codes) {
        assert_eq!(
            worker.report.name, name,
            "the name reaches the worker as one argument"
        );
        assert_eq!(worker.status.code(), Some(i32::from(code)));
    }
}

#[test]
fn every_worker_is_reaped() {
    let specs = (0..5)
        .map(|i| WorkerSpec {
            name: format!("w{i}"),
            exit_code: 0,
        })
        .collect();
    let finished = run(specs).expect("five workers run");
    for worker in &finished {
        assert!(
            is_gone(worker.pid),
            "worker {} (pid {}) is still in the process table: wait for every child, or it stays a zombie",
            worker.report.name,
            worker.pid
        );
    }
}

#[test]
fn a_program_that_cannot_start_is_an_error() {
    let specs = vec![WorkerSpec {
        name: "nobody".to_owned(),
        exit_code: 0,
    }];
    let result = finish_within(LIMIT, "run_workers", move || {
        run_workers("/no/such/mp-worker".as_ref(), &specs)
    });
    assert!(
        matches!(result, Err(ProcessError::Spawn { .. })),
        "a program that is not there is Err(ProcessError::Spawn), got {result:?}"
    );
}

#[test]
fn no_workers_is_no_results() {
    assert!(run(Vec::new()).expect("nothing to do").is_empty());
}
