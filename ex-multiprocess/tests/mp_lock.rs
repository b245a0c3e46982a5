//! Visible tests for mp-lock: `cargo test -p ex-multiprocess --test mp_lock`.

#[path = "support/lines.rs"]
mod lines;
#[path = "support/processes.rs"]
mod processes;

use std::time::Duration;

use ex_multiprocess::lock::{hello_from_processes, write_line};
use lines::assert_whole_lines;
use processes::worker_program;
use testkit::finish_within;

const LIMIT: Duration = Duration::from_secs(30);

#[test]
fn write_line_writes_one_whole_line() {
    let dir = testkit::temp_dir();
    let out = dir.path().join("out.txt");
    write_line(&dir.path().join("lock"), &out, 3, Duration::from_millis(1)).expect("one line");
    write_line(&dir.path().join("lock"), &out, 4, Duration::ZERO).expect("another line");
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        "hello world 3\nhello world 4\n",
        "each call appends its line"
    );
}

#[test]
fn ten_processes_write_ten_whole_lines() {
    // Each piece is followed by a 20 ms pause, so ten processes without a lock would
    // certainly mix their pieces.
    let dir = testkit::temp_dir();
    let path = dir.path().to_owned();
    let lines = finish_within(LIMIT, "hello_from_processes", move || {
        hello_from_processes(&worker_program(), &path, 10, Duration::from_millis(20))
    })
    .expect("ten workers write");
    assert_whole_lines(&lines, 10);
}
