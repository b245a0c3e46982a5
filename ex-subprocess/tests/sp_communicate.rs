//! Visible tests for sp-communicate: `cargo test -p ex-subprocess --test sp_communicate`.

use std::process::Command;
use std::time::Duration;

use ex_subprocess::communicate::communicate;
use testkit::{finish_within, seeded_bytes, test_seed};

/// Generous limit for one call: a right answer moves 10 MiB in well under a second, a
/// write-then-read answer never finishes.
const LIMIT: Duration = Duration::from_secs(5);

#[test]
fn sed_turns_the_dog_into_a_cat() {
    let pet = ["pet", "friend", "good boy", "menace"][(test_seed() % 4) as usize];
    let input = format!("dog is a {pet}");
    let expected = format!("cat is a {pet}");
    let got = finish_within(LIMIT, "communicate with sed", move || {
        communicate(Command::new("sed").arg("s/dog/cat/"), input.as_bytes())
    })
    .expect("sed exists");
    assert_eq!(String::from_utf8_lossy(&got.stdout), expected);
    assert!(got.stderr.is_empty(), "sed writes nothing to stderr");
    assert_eq!(got.status.code(), Some(0));
}

#[test]
fn stderr_and_exit_code_are_captured() {
    let got = finish_within(LIMIT, "communicate with sh", || {
        communicate(
            Command::new("sh").args(["-c", "cat; echo oops >&2; exit 4"]),
            b"input\n",
        )
    })
    .expect("sh exists");
    assert_eq!(got.stdout, b"input\n", "cat echoes its input");
    assert_eq!(got.stderr, b"oops\n", "stderr is captured on its own");
    assert_eq!(got.status.code(), Some(4));
}

#[test]
fn empty_input_closes_stdin() {
    let got = finish_within(
        LIMIT,
        "communicate with cat and no input (stdin must be closed)",
        || communicate(&mut Command::new("cat"), b""),
    )
    .expect("cat exists");
    assert!(got.stdout.is_empty());
    assert!(got.status.success());
}

#[test]
fn ten_mib_through_cat_both_ways() {
    // Far more than the 64 KiB a pipe holds: writing everything before reading deadlocks.
    let input = seeded_bytes(test_seed(), 10 << 20);
    let expected = input.clone();
    let got = finish_within(LIMIT, "communicate 10 MiB through cat", move || {
        communicate(&mut Command::new("cat"), &input)
    })
    .expect("cat exists");
    assert_eq!(got.stdout.len(), expected.len(), "every byte comes back");
    assert!(got.stdout == expected, "the bytes come back unchanged");
}
