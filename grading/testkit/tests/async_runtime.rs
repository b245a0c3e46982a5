//! The async runtime helpers fail a stuck test with the right message instead of hanging.

use std::time::{Duration, Instant};

use testkit::{on_paused_clock, on_real_clock, panic_message};

#[test]
fn a_future_that_waits_forever_fails_at_once_on_the_paused_clock() {
    let started = Instant::now();
    let message = panic_message("a wait nobody ends", || {
        on_paused_clock(Duration::from_secs(20), "a wait nobody ends", || async {
            std::future::pending::<()>().await;
        })
    });
    assert!(
        message.contains("paused clock") && message.contains("a wait nobody ends"),
        "the message names the test and the clock: {message}"
    );
    // An hour of paused time passes without any real waiting (the bound is generous:
    // it only separates "jumped ahead" from "waited the 20 s watchdog").
    assert!(started.elapsed() < Duration::from_secs(15));
}

#[test]
fn a_blocked_runtime_fails_after_the_real_limit() {
    let message = panic_message("a blocking sleep", || {
        on_paused_clock(Duration::from_millis(300), "a blocking sleep", || async {
            std::thread::sleep(Duration::from_secs(3));
        })
    });
    assert!(
        message.contains("blocks the runtime's thread"),
        "the message says the thread is blocked: {message}"
    );
}

#[test]
fn a_real_clock_wait_fails_with_the_tokio_timeout_message() {
    let message = panic_message("a real wait", || {
        on_real_clock(Duration::from_millis(200), "a real wait", || async {
            std::future::pending::<()>().await;
        })
    });
    assert!(
        message.contains("waiting for something that never happens"),
        "an idle runtime is reported as waiting, not blocked: {message}"
    );
}

#[test]
fn the_future_s_own_panic_reaches_the_test() {
    let message = panic_message("a panicking future", || {
        on_paused_clock(Duration::from_secs(5), "a panicking future", || async {
            panic!("as-demo: not done yet");
        })
    });
    assert_eq!(message, "as-demo: not done yet");
}
