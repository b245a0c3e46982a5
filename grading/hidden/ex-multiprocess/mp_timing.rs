//! Hidden tests for mp-timing: letters that are not ASCII, characters that are not
//! letters, ten letters (the digit 0), empty names, rounds of no calls, and files.

use std::cell::Cell;
use std::time::Duration;

use ex_multiprocess::timing::{Timing, is_name_index, time_write_read, timeit};

#[test]
fn letters_are_counted_not_bytes() {
    assert!(is_name_index("Łukasz", 6), "Łukasz has 6 letters");
    assert!(
        !is_name_index("Łukasz", 7),
        "Łukasz has 6 letters, though 7 bytes"
    );
    assert!(is_name_index("Zoë", 3), "Zoë has 3 letters");
    assert!(
        !is_name_index("Zoë", 4),
        "Zoë has 3 letters, though 4 bytes"
    );
    assert!(
        is_name_index("Андрей", 6),
        "Андрей has 6 letters (12 bytes)"
    );
    assert!(!is_name_index("Андрей", 12));
}

#[test]
fn spaces_hyphens_and_apostrophes_are_not_letters() {
    assert!(is_name_index("Anna-Maria", 19), "9 letters");
    assert!(
        !is_name_index("Anna-Maria", 10),
        "9 letters, not 10 characters"
    );
    assert!(is_name_index("O'Neil Ray", 28), "8 letters");
    assert!(!is_name_index("O'Neil Ray", 10));
}

#[test]
fn ten_letters_look_for_the_digit_zero() {
    assert!(is_name_index("Aleksandra", 1203), "10 letters: the digit 0");
    assert!(!is_name_index("Aleksandra", 123));
    assert!(
        is_name_index("", 0),
        "no letters: the digit 0, and 0 has it"
    );
    assert!(!is_name_index("", 5));
    assert!(is_name_index("Bartholomew", 1), "11 letters: the digit 1");
}

#[test]
fn rounds_of_no_calls_and_no_rounds() {
    let calls = Cell::new(0);
    let timing = timeit(0, 3, || calls.set(calls.get() + 1));
    assert_eq!(calls.get(), 0);
    assert_eq!(timing.rounds.len(), 3);
    assert_eq!(
        timing.best_per_call(),
        Duration::ZERO,
        "no calls: no time per call"
    );
    let timing = timeit(5, 0, || calls.set(calls.get() + 1));
    assert_eq!(calls.get(), 0, "no rounds, no calls");
    assert_eq!(
        (timing.best(), timing.mean()),
        (Duration::ZERO, Duration::ZERO)
    );
}

#[test]
fn a_thousand_calls_in_ten_rounds() {
    let calls = Cell::new(0u64);
    let timing = timeit(100, 10, || {
        calls.set(calls.get() + 1);
        calls.get()
    });
    assert_eq!(calls.get(), 1000);
    assert!(
        timing.best() <= timing.mean(),
        "the best round is never slower than the mean"
    );
    let empty = Timing {
        number: 1,
        rounds: Vec::new(),
    };
    assert_eq!(
        empty.mean(),
        Duration::ZERO,
        "the mean of no rounds is zero, not a panic"
    );
}

#[test]
fn an_existing_file_is_replaced_and_a_missing_folder_is_an_error() {
    let dir = testkit::temp_dir();
    let path = dir.path().join("test.txt");
    std::fs::write(&path, "an older, longer text than the new one").unwrap();
    time_write_read(&path, "Zoë 31").expect("the file is replaced");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "Zoë 31");
    let missing = dir.path().join("no-such-folder").join("test.txt");
    assert!(
        time_write_read(&missing, "x").is_err(),
        "a folder that is not there is an error"
    );
}
