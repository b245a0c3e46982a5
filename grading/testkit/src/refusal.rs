//! Refusals: a call that must panic, with the panic's message to check.
//!
//! `#[should_panic(expected = "...")]` passes on *any* panic whose message holds the text,
//! and an unwritten function panics too: a `todo!` stub whose message happens to hold the
//! expected words would pass. [`panic_message`] fails on a stub's panic by construction
//! (`todo!` and `unimplemented!` messages start with "not yet implemented" and "not
//! implemented"), so the test can then check the real refusal's wording.

use std::panic::{AssertUnwindSafe, catch_unwind};

/// Runs `call` (named `what` in messages), which must panic, and returns its panic
/// message.
///
/// ```
/// let message = testkit::panic_message("a division by zero", || {
///     let divisor = std::hint::black_box(0);
///     10 / divisor
/// });
/// assert!(message.contains("divide by zero"), "{message}");
/// ```
///
/// # Panics
/// When `call` returns instead of panicking, or when it panics as an unwritten stub does
/// (a `todo!` or `unimplemented!` stub), repeating the stub's message.
pub fn panic_message<T>(what: &str, call: impl FnOnce() -> T) -> String {
    let Err(payload) = catch_unwind(AssertUnwindSafe(call)) else {
        panic!("{what} should have panicked, but it returned");
    };
    let message = payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|text| text.to_string()))
        .unwrap_or_default();
    let stub = ["not yet implemented", "not implemented"]
        .iter()
        .any(|prefix| message.starts_with(prefix));
    assert!(!stub, "{what} is not written yet: {message}");
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_real_panic_gives_its_message() {
        assert_eq!(
            panic_message("a refusal", || panic!("no 0 chunks")),
            "no 0 chunks"
        );
    }

    #[test]
    #[should_panic(expected = "is not written yet")]
    fn a_stub_is_not_a_refusal_whatever_it_says() {
        // What a `todo!` stub with this message panics with.
        panic_message("a stub", || {
            panic!("not yet implemented: split into 0 chunks")
        });
    }

    #[test]
    #[should_panic(expected = "should have panicked")]
    fn returning_is_not_a_refusal() {
        panic_message("a call", || 1);
    }
}
