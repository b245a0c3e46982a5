//! Descriptors the grader inherited: none of them may reach a jail.
//!
//! Rust opens every descriptor of its own close-on-exec, but a descriptor the grader
//! *inherited* (a shell's `exec 7>>log`, the lock `flock` holds while it runs the grader)
//! stays open across every `exec`, into cargo, into the build jail and into each test.
//! A test could write into a host file through it. So before the grader starts anything
//! it marks every descriptor above 2 close-on-exec: the programs it starts get standard
//! input, output and error, and what the grader hands them on purpose (pipes it made,
//! which are close-on-exec in the grader and dup'ed onto 0–2 in the child).

use std::os::fd::{BorrowedFd, RawFd};
use std::sync::Once;

use nix::fcntl::{FcntlArg, FdFlag, fcntl};

/// Marks every open descriptor above 2 close-on-exec, once per process (later calls do
/// nothing). Called before the first build and the first test.
pub fn seal_inherited() {
    static SEALED: Once = Once::new();
    SEALED.call_once(|| {
        for fd in open_descriptors().into_iter().filter(|fd| *fd > 2) {
            set_close_on_exec(fd);
        }
    });
}

/// The descriptors open in this process, from `/proc/self/fd` (empty where there is no
/// `/proc`).
pub fn open_descriptors() -> Vec<RawFd> {
    let Ok(entries) = std::fs::read_dir("/proc/self/fd") else {
        return Vec::new();
    };
    // Collected first: the listing's own descriptor is open while it is read.
    let listed: Vec<RawFd> = entries
        .flatten()
        .filter_map(|entry| entry.file_name().to_str()?.parse().ok())
        .collect();
    listed
        .into_iter()
        .filter(|fd| std::fs::symlink_metadata(format!("/proc/self/fd/{fd}")).is_ok())
        .collect()
}

/// Whether `fd` is open and stays open across `exec`.
pub fn inherited_by_children(fd: RawFd) -> bool {
    with_descriptor(fd, |borrowed| {
        fcntl(borrowed, FcntlArg::F_GETFD)
            .is_ok_and(|flags| !FdFlag::from_bits_truncate(flags).contains(FdFlag::FD_CLOEXEC))
    })
    .unwrap_or(false)
}

fn set_close_on_exec(fd: RawFd) {
    with_descriptor(fd, |borrowed| {
        let _ = fcntl(borrowed, FcntlArg::F_SETFD(FdFlag::FD_CLOEXEC));
    });
}

/// Runs `action` on `fd` if it is open. The borrow never outlives the call, and only the
/// descriptor's close-on-exec flag is read or changed: nothing that owns the descriptor
/// (a `File` elsewhere in the process) can observe a difference.
#[allow(unsafe_code)]
fn with_descriptor<T>(fd: RawFd, action: impl FnOnce(BorrowedFd<'_>) -> T) -> Option<T> {
    if std::fs::symlink_metadata(format!("/proc/self/fd/{fd}")).is_err() {
        return None;
    }
    // SAFETY: `fd` is open (it is listed in /proc/self/fd) and the borrow lives only for
    // this call, during which the grader closes no descriptor it did not open itself.
    let borrowed = unsafe { BorrowedFd::borrow_raw(fd) };
    Some(action(borrowed))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::fd::AsRawFd;

    #[test]
    fn sealing_marks_an_inheritable_descriptor_close_on_exec() {
        // A pipe made by nix without O_CLOEXEC stands for a descriptor a shell passed in.
        let (reader, writer) = nix::unistd::pipe().expect("a pipe");
        let fd = writer.as_raw_fd();
        assert!(inherited_by_children(fd), "the pipe starts inheritable");
        set_close_on_exec(fd);
        assert!(
            !inherited_by_children(fd),
            "sealed, it no longer reaches a child"
        );
        drop((reader, writer));
        assert!(
            !inherited_by_children(fd),
            "a closed descriptor is not inherited"
        );
    }
}
