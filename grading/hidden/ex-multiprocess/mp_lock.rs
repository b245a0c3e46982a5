//! Hidden tests for mp-lock: twenty processes, and a lock whose holder dies holding it.

#[path = "../../../ex-multiprocess/tests/support/lines.rs"]
mod lines;
#[path = "../../../ex-multiprocess/tests/support/processes.rs"]
mod processes;

use std::process::{Command, Stdio};
use std::time::Duration;

use ex_multiprocess::children::ChildGuard;
use ex_multiprocess::lock::hello_from_processes;
use lines::assert_whole_lines;
use processes::worker_program;
use testkit::finish_within;

const LIMIT: Duration = Duration::from_secs(30);

#[test]
fn twenty_processes_write_twenty_whole_lines() {
    let dir = testkit::temp_dir();
    let path = dir.path().to_owned();
    let lines = finish_within(LIMIT, "hello_from_processes", move || {
        hello_from_processes(&worker_program(), &path, 20, Duration::from_millis(10))
    })
    .expect("twenty workers write");
    assert_whole_lines(&lines, 20);
}

#[test]
fn the_lock_is_free_again_when_its_holder_dies() {
    // A worker takes the lock and stops for a minute between its pieces; it is killed
    // while it holds the lock. The system must release a lock whose holder died (a
    // lock file's *existence* would stay behind, and every later writer would wait for
    // ever).
    let dir = testkit::temp_dir();
    let lock = dir.path().join("hello.lock");
    let holder_out = dir.path().join("holder.txt");
    let mut holder = ChildGuard::new(
        Command::new(worker_program())
            .arg("hello")
            .arg(&lock)
            .arg(&holder_out)
            .arg("99")
            .arg("60000")
            .stdin(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the holder starts"),
    );
    testkit::wait_until(
        Duration::from_secs(10),
        "the holder to write its first piece",
        || {
            if let Ok(Some(status)) = holder.try_wait() {
                let mut stderr = String::new();
                if let Some(mut pipe) = holder.stderr.take() {
                    let _ = std::io::Read::read_to_string(&mut pipe, &mut stderr);
                }
                panic!(
                    "the worker that should hold the lock ended ({status}) before writing: {stderr}"
                );
            }
            std::fs::read_to_string(&holder_out).is_ok_and(|text| text.starts_with("hello"))
        },
    );
    holder.kill().expect("the holder is killed");
    holder.wait().expect("the holder is reaped");

    let path = dir.path().to_owned();
    let lines = finish_within(
        LIMIT,
        "hello_from_processes after the holder died",
        move || hello_from_processes(&worker_program(), &path, 3, Duration::from_millis(1)),
    )
    .expect("three workers write");
    assert_whole_lines(&lines, 3);
}
