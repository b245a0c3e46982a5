//! A gate that pool jobs wait on, so a test can hold the work until it has seen the
//! pool's answer come back (or not).

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// Waits until `gate` is open, for at most 10 s (a test that never opens it still ends).
pub fn wait_for(gate: &AtomicBool) {
    for _ in 0..10_000 {
        if gate.load(Ordering::SeqCst) {
            return;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
}
