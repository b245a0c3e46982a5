//! Visible tests for mp-timing: `cargo test -p ex-multiprocess --test mp_timing`.

use std::cell::Cell;
use std::time::Duration;

use ex_multiprocess::timing::{Timing, is_name_index, time_write_read, timeit};

#[test]
fn time_write_read_writes_the_file_and_times_both_halves() {
    let dir = testkit::temp_dir();
    let path = dir.path().join("test.txt");
    let times = time_write_read(&path, "Tymoteusz 144298\n").expect("a file in a fresh folder");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "Tymoteusz 144298\n"
    );
    assert!(
        times.write_ns > 0 && times.read_ns > 0,
        "a write and a read each take some nanoseconds: {times:?}"
    );
}

#[test]
fn timeit_calls_the_job_exactly_number_times_repeat() {
    let calls = Cell::new(0);
    let timing = timeit(7, 3, || calls.set(calls.get() + 1));
    assert_eq!(calls.get(), 21, "7 calls in each of 3 rounds");
    assert_eq!(timing.rounds.len(), 3, "one figure per round");
    assert_eq!(timing.number, 7);
}

#[test]
fn best_is_the_fastest_round_and_mean_the_average() {
    let timing = Timing {
        number: 4,
        rounds: vec![
            Duration::from_millis(3),
            Duration::from_millis(1),
            Duration::from_millis(2),
        ],
    };
    assert_eq!(timing.best(), Duration::from_millis(1));
    assert_eq!(timing.mean(), Duration::from_millis(2));
    assert_eq!(
        timing.best_per_call(),
        Duration::from_micros(250),
        "1 ms over 4 calls"
    );
}

#[test]
fn is_name_index_follows_the_seed_example() {
    assert!(
        is_name_index("Tymoteusz", 144298),
        "9 letters; 144298 has a 9"
    );
    assert!(
        !is_name_index("Tymoteusz", 144288),
        "9 letters; 144288 has no 9"
    );
    assert!(!is_name_index("Anna", 1235), "4 letters; 1235 has no 4");
}
