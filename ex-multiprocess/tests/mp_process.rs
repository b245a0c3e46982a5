//! Visible tests for mp-process: `cargo test -p ex-multiprocess --test mp_process`.

#[path = "support/processes.rs"]
mod processes;

use std::collections::BTreeSet;
use std::time::Duration;

use ex_multiprocess::process::{WorkerSpec, run_workers};
use processes::worker_program;
use testkit::finish_within;

const LIMIT: Duration = Duration::from_secs(20);

fn specs(workers: &[(&str, u8)]) -> Vec<WorkerSpec> {
    workers
        .iter()
        .map(|(name, exit_code)| WorkerSpec {
            name: (*name).to_owned(),
            exit_code: *exit_code,
        })
        .collect()
}

#[test]
fn workers_are_separate_processes_and_children_of_this_one() {
    let program = worker_program();
    let finished = finish_within(LIMIT, "run_workers", move || {
        run_workers(&program, &specs(&[("a", 0), ("b", 0), ("c", 0)]))
    })
    .expect("three workers run");
    assert_eq!(finished.len(), 3, "one result per worker");
    let me = std::process::id();
    let pids: BTreeSet<u32> = finished.iter().map(|worker| worker.report.pid).collect();
    assert_eq!(
        pids.len(),
        3,
        "three processes, three process ids: {finished:?}"
    );
    for worker in &finished {
        assert_ne!(
            worker.report.pid, me,
            "worker {:?} ran in the test's own process: start a process, not a thread",
            worker.report.name
        );
        assert_eq!(
            worker.report.parent_pid, me,
            "the parent of worker {:?} is the process that started it",
            worker.report.name
        );
        assert_eq!(
            worker.report.pid, worker.pid,
            "the pid the worker reports is the pid of the child that was started"
        );
    }
}

#[test]
fn names_and_exit_codes_come_back_as_set() {
    let program = worker_program();
    let finished = finish_within(LIMIT, "run_workers", move || {
        run_workers(
            &program,
            &specs(&[("alpha", 0), ("beta", 3), ("gamma delta", 7)]),
        )
    })
    .expect("three workers run");
    let seen: Vec<(&str, Option<i32>)> = finished
        .iter()
        .map(|worker| (worker.report.name.as_str(), worker.status.code()))
        .collect();
    assert_eq!(
        seen,
        [
            ("alpha", Some(0)),
            ("beta", Some(3)),
            ("gamma delta", Some(7))
        ],
        "names (one argument each, spaces and all) and exit codes, in the order given"
    );
}
