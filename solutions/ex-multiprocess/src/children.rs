//! A child process that is killed and reaped when its guard is dropped (given: not an
//! exercise, but use it).
//!
//! `std::process::Child` does nothing when dropped: the process runs on, and once it
//! exits it stays in the process table as a zombie until someone waits for it. A
//! function that starts children and then returns early (a `?`, a panic) would leave
//! them behind. Holding each child in a [`ChildGuard`] makes every path clean up.

use std::ops::{Deref, DerefMut};
use std::process::Child;

/// Owns a child process; dropping it kills the child (if it still runs) and waits for
/// it, so no process and no zombie is left.
///
/// ```
/// use std::process::Command;
/// use ex_multiprocess::children::ChildGuard;
///
/// let mut sleeper = ChildGuard::new(Command::new("sleep").arg("60").spawn()?);
/// assert!(sleeper.try_wait()?.is_none(), "still running");
/// drop(sleeper); // killed and reaped here, not 60 s later
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Debug)]
pub struct ChildGuard {
    child: Child,
}

impl ChildGuard {
    /// Guards `child`.
    pub fn new(child: Child) -> ChildGuard {
        ChildGuard { child }
    }
}

impl Deref for ChildGuard {
    type Target = Child;

    fn deref(&self) -> &Child {
        &self.child
    }
}

impl DerefMut for ChildGuard {
    fn deref_mut(&mut self) -> &mut Child {
        &mut self.child
    }
}

impl Drop for ChildGuard {
    fn drop(&mut self) {
        // Once the child has been waited for, `Child` remembers its status: `kill` then
        // does nothing (it never signals a process id the system may have reused) and
        // `wait` returns at once.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
