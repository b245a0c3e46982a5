//! A child process waited for with a limit, for the tests that run the `grade` binary:
//! nothing in the test suite may hang.

use std::process::{Child, ExitStatus};
use std::time::{Duration, Instant};

/// Waits for `child` to exit; kills it and panics, naming `what`, once `limit` passed.
pub fn wait(child: &mut Child, limit: Duration, what: &str) -> ExitStatus {
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("the child can be waited for") {
            return status;
        }
        if started.elapsed() > limit {
            child.kill().expect("the child can be killed");
            child.wait().expect("the killed child can be reaped");
            panic!("{what} ran for more than {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}
