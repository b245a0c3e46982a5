//! Hidden tests for sp-timeout: the shell's background `sleep` must die with it (the
//! timeout that kills only the shell leaks it), the child must be reaped (no zombie), the
//! call must neither return before the deadline nor long after it, SIGTERM-proof children
//! die too, and a chatty command must not stall on a full pipe.

use std::process::Command;
use std::time::{Duration, Instant};

use ex_subprocess::timeout::{TimeoutError, run_with_timeout};
use testkit::{finish_within, test_seed, wait_until};

const LIMIT: Duration = Duration::from_secs(5);

fn shell(line: &str) -> Command {
    let mut command = Command::new("sh");
    command.args(["-c", line]);
    command
}

/// The state letter in /proc/<pid>/stat ('R', 'S', 'Z', ...), or None if there is no such process.
fn process_state(pid: u32) -> Option<char> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // "pid (comm) S ...": the state follows the last ')'.
    stat.rsplit_once(')')?.1.trim_start().chars().next()
}

/// Runs `line` (which prints pids, one per line) with a short deadline and returns the
/// pids it printed; the call must take too long.
fn timed_out_pids(line: &'static str, deadline: Duration) -> Vec<u32> {
    let result = finish_within(
        LIMIT,
        "run_with_timeout (it must kill the whole process group and return soon after the deadline)",
        move || run_with_timeout(&mut shell(line), deadline),
    );
    match result {
        Err(TimeoutError::TookTooLong { stdout, .. }) => stdout
            .lines()
            .map(|l| l.trim().parse().expect("the command prints pids"))
            .collect(),
        other => panic!("expected TookTooLong, got {other:?}"),
    }
}

#[test]
fn the_background_sleep_of_the_shell_is_killed_too() {
    // The sleep does not hold the output pipe: a timeout that kills only the shell returns,
    // and the sleep is left running. It must be gone.
    let pids = timed_out_pids(
        "sleep 20 >/dev/null 2>&1 & echo $!; wait",
        Duration::from_millis(200),
    );
    let sleep = pids[0];
    wait_until(
        Duration::from_secs(3),
        &format!(
            "the shell's background sleep (pid {sleep}) to die: kill the child's whole process group, not only the shell"
        ),
        || !matches!(process_state(sleep), Some(state) if state != 'Z'),
    );
}

#[test]
fn a_background_process_holding_the_output_does_not_hang_the_call() {
    // Here the sleep keeps stdout open: killing only the shell leaves the pipe open forever.
    let pids = timed_out_pids("sleep 20 & echo $!; wait", Duration::from_millis(200));
    let sleep = pids[0];
    wait_until(
        Duration::from_secs(3),
        &format!("the background sleep (pid {sleep}) to die"),
        || !matches!(process_state(sleep), Some(state) if state != 'Z'),
    );
}

#[test]
fn the_killed_child_is_reaped_not_left_a_zombie() {
    let pids = timed_out_pids("echo $$; sleep 20", Duration::from_millis(200));
    let shell_pid = pids[0];
    // This test process is the shell's parent: only its wait() can remove the zombie.
    match process_state(shell_pid) {
        None => {}
        Some('Z') => {
            panic!("the killed child (pid {shell_pid}) is a zombie: wait for it after killing it")
        }
        Some(state) => panic!("the child (pid {shell_pid}) is still running (state {state})"),
    }
}

#[test]
fn a_finished_child_is_reaped_too() {
    let result = finish_within(LIMIT, "run_with_timeout of a quick command", || {
        run_with_timeout(&mut shell("echo $$"), Duration::from_secs(4))
    });
    let done = result.expect("echo finishes in time");
    let pid: u32 = done
        .stdout
        .trim()
        .parse()
        .expect("the shell printed its pid");
    assert_eq!(
        process_state(pid),
        None,
        "the child (pid {pid}) must be waited for (a 'Z' state is a zombie)"
    );
}

#[test]
fn it_waits_at_least_until_the_deadline() {
    let deadline = Duration::from_millis(300 + test_seed() % 200);
    let started = Instant::now();
    let result = finish_within(LIMIT, "run_with_timeout(sleep 20)", move || {
        run_with_timeout(&mut shell("sleep 20"), deadline)
    });
    assert!(matches!(result, Err(TimeoutError::TookTooLong { .. })));
    assert!(
        started.elapsed() >= deadline,
        "the command must be given its whole deadline of {deadline:?} before it is killed"
    );
}

#[test]
fn a_child_that_ignores_sigterm_still_dies() {
    let pids = timed_out_pids(
        "trap '' TERM; sleep 20 >/dev/null 2>&1 & echo $!; wait",
        Duration::from_millis(200),
    );
    wait_until(
        Duration::from_secs(3),
        "a background sleep that ignores SIGTERM to die (use SIGKILL)",
        || !matches!(process_state(pids[0]), Some(state) if state != 'Z'),
    );
}

#[test]
fn a_zero_deadline_kills_at_once() {
    let result = finish_within(LIMIT, "run_with_timeout with a zero deadline", || {
        run_with_timeout(&mut shell("sleep 20"), Duration::ZERO)
    });
    assert!(
        matches!(result, Err(TimeoutError::TookTooLong { deadline, .. }) if deadline == Duration::ZERO),
        "a zero deadline is already over, got {result:?}"
    );
}

#[test]
fn a_chatty_command_finishes_in_time() {
    // 1 MB is far more than a pipe holds: the output must be read while waiting.
    let size = 1_000_000 + (test_seed() % 10_000) as usize;
    let result = finish_within(LIMIT, "run_with_timeout of head -c ~1MB", move || {
        let mut head = Command::new("head");
        head.args(["-c", &size.to_string(), "/dev/zero"]);
        run_with_timeout(&mut head, Duration::from_secs(4))
    });
    let done = result.expect("head finishes well within 4 s when its output is read");
    assert_eq!(done.stdout.len(), size);
    assert_eq!(done.status.code(), Some(0));
}

#[test]
fn several_timeouts_at_once() {
    let results = finish_within(LIMIT, "6 threads calling run_with_timeout", || {
        std::thread::scope(|s| {
            let handles: Vec<_> = (0..6u64)
                .map(|i| {
                    s.spawn(move || {
                        let line = if i % 2 == 0 { "sleep 20" } else { "echo ok" };
                        run_with_timeout(&mut shell(line), Duration::from_millis(300 + i * 50))
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
                .collect::<Vec<_>>()
        })
    });
    for (i, result) in results.into_iter().enumerate() {
        if i % 2 == 0 {
            assert!(
                matches!(result, Err(TimeoutError::TookTooLong { .. })),
                "call {i}"
            );
        } else {
            assert_eq!(result.expect("echo is quick").stdout, "ok\n", "call {i}");
        }
    }
}
