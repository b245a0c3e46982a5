//! Worker processes in a test file's own build (`cargo test`): the test binary re-runs
//! itself to run one function of this file, and talks to it through its pipes.

use std::io::{BufRead, Write};
use std::time::{Duration, Instant};

use testkit::worker::{self, Worker, WorkerError};

/// Reads numbers, one a line, and writes each one doubled.
fn doubler() {
    let mut stdout = std::io::stdout().lock();
    for line in std::io::stdin().lock().lines() {
        let number: i64 = line.unwrap().trim().parse().unwrap();
        writeln!(stdout, "{}", 2 * number).unwrap();
        stdout.flush().unwrap();
    }
}

/// Writes its process id and what the test asked it (`KIT_TEST_GREETING`), then ends.
fn greeter() {
    let greeting = std::env::var("KIT_TEST_GREETING").unwrap_or_default();
    println!("{} {greeting}", std::process::id());
}

/// Panics at once.
fn panicker() {
    panic!("the panicker panics");
}

/// Never ends.
fn sleeper() {
    loop {
        std::thread::sleep(Duration::from_secs(1));
    }
}

testkit::worker_entry!(doubler, greeter, panicker, sleeper);

#[test]
fn a_worker_doubles_the_numbers_its_test_sends() {
    let mut doubler = start_worker("doubler").expect("the doubler starts");
    for number in [1_i64, 21, -7, 1 << 40] {
        doubler.send_line(&number.to_string()).unwrap();
        assert_eq!(doubler.read_line().unwrap(), (2 * number).to_string());
    }
    // Its input ends, it returns, and the entry ends the process before libtest says more.
    drop(doubler.take_stdin());
    assert_eq!(doubler.read_to_end().unwrap(), "");
    doubler.finish().expect("the doubler exits 0");
}

#[test]
fn a_worker_is_another_process_and_takes_parameters_from_the_environment() {
    let mut command = worker_command("greeter");
    command.env("KIT_TEST_GREETING", "hello");
    let mut greeter = Worker::start(command, "greeter", Duration::from_secs(20)).unwrap();
    let pid = greeter.id();
    let line = greeter.read_line().unwrap();
    assert_eq!(line, format!("{pid} hello"));
    assert_ne!(pid, std::process::id());
    greeter.finish().unwrap();
}

#[test]
fn several_workers_run_at_once() {
    let mut workers: Vec<Worker> = (0..3)
        .map(|_| start_worker("doubler").expect("a doubler starts"))
        .collect();
    for (index, worker) in workers.iter_mut().enumerate() {
        worker.send_line(&index.to_string()).unwrap();
    }
    for (index, worker) in workers.iter_mut().enumerate() {
        assert_eq!(worker.read_line().unwrap(), (2 * index).to_string());
    }
    for worker in workers {
        worker.finish().unwrap();
    }
}

#[test]
fn the_entry_is_named_after_this_crate_and_does_nothing_without_a_worker() {
    assert_eq!(KIT_WORKERS.entry_test(), "kit_worker_entry");
    assert_eq!(
        KIT_WORKERS.names(),
        ["doubler", "greeter", "panicker", "sleeper"]
    );
    assert!(!worker::is_worker());
    // Returns, and the test goes on: no worker is named in this process.
    kit_worker_entry();
}

#[test]
fn an_entry_name_that_matches_no_test_is_an_error() {
    let command = worker::command("no_such_module::kit_worker_entry", "doubler");
    match Worker::start(command, "doubler", Duration::from_secs(20)) {
        Err(error @ WorkerError::NoSuchEntry { .. }) => {
            let message = error.to_string();
            assert!(message.contains("0 tests"), "{message}");
        }
        other => panic!("expected NoSuchEntry, got {other:?}"),
    }
}

#[test]
fn a_worker_the_file_does_not_list_is_an_error() {
    match start_worker("tripler") {
        Err(error @ WorkerError::NotListed { .. }) => {
            assert!(error.to_string().contains("doubler, greeter"), "{error}");
        }
        other => panic!("expected NotListed, got {other:?}"),
    }
}

#[test]
#[should_panic(expected = "is not a worker of this test file")]
fn a_command_for_a_worker_the_file_does_not_list_panics() {
    worker_command("tripler");
}

#[test]
fn a_worker_that_panics_exits_101_and_says_nothing_more_on_stdout() {
    let mut panicker = start_worker("panicker").unwrap();
    assert_eq!(panicker.read_to_end().unwrap(), "", "no libtest report");
    match panicker.finish() {
        Err(WorkerError::Exited { status, .. }) => {
            assert_eq!(status.code(), Some(worker::WORKER_PANICKED));
        }
        other => panic!("expected an exit with 101, got {other:?}"),
    }
}

#[test]
fn a_worker_that_never_ends_is_killed_at_the_limit() {
    let mut sleeper = KIT_WORKERS
        .start("sleeper", Duration::from_millis(300))
        .unwrap();
    let started = Instant::now();
    match sleeper.read_line() {
        Err(error @ WorkerError::TimedOut { .. }) => {
            assert!(error.to_string().contains("was killed"), "{error}");
        }
        other => panic!("expected a timeout, got {other:?}"),
    }
    assert!(started.elapsed() < Duration::from_secs(10));
    let started = Instant::now();
    let sleeper = KIT_WORKERS
        .start("sleeper", Duration::from_millis(300))
        .unwrap();
    assert!(matches!(sleeper.wait(), Err(WorkerError::TimedOut { .. })));
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[test]
fn an_error_converts_to_an_io_error_of_its_kind() {
    let error: std::io::Error = start_worker("tripler").unwrap_err().into();
    assert_eq!(error.kind(), std::io::ErrorKind::NotFound);
}

#[test]
fn raw_pipes_can_be_taken_past_the_preamble() {
    let mut doubler = start_worker("doubler").unwrap();
    let mut stdin = doubler.take_stdin().unwrap();
    let mut stdout = doubler.take_stdout().unwrap();
    writeln!(stdin, "5").unwrap();
    drop(stdin);
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    assert_eq!(line, "10\n");
    doubler.finish().unwrap();
}
