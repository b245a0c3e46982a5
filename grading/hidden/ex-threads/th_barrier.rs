//! Hidden tests for th-barrier: edge cases, many workers, repeated runs, and the wrong
//! barriers (none, wrong size, main not taking part).

use std::sync::Mutex;
use std::time::{Duration, Instant};

use ex_threads::barrier::meet_at_barrier;
use testkit::{finish_within, seeded_generator, test_seed};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Arrive(usize),
    Pass(usize),
    MainPass,
}

/// Runs `meet_at_barrier` with a time limit; `pass_takes` is how long each `pass(i)`
/// works before it records itself.
fn run_with(delays: Vec<Duration>, pass_takes: Duration) -> (Instant, Vec<(Step, Instant)>) {
    finish_within(
        Duration::from_secs(5),
        "meet_at_barrier (a barrier with the wrong number of parties waits forever)",
        move || {
            let log = Mutex::new(Vec::new());
            let record = |step| log.lock().unwrap().push((step, Instant::now()));
            let start = Instant::now();
            meet_at_barrier(
                &delays,
                |i| record(Step::Arrive(i)),
                |i| {
                    std::thread::sleep(pass_takes);
                    record(Step::Pass(i));
                },
                || record(Step::MainPass),
            );
            (start, log.into_inner().unwrap())
        },
    )
}

fn run(delays: Vec<Duration>) -> Vec<Step> {
    run_with(delays, Duration::ZERO)
        .1
        .into_iter()
        .map(|(step, _)| step)
        .collect()
}

/// Every worker arrives once and passes once, main passes once, and no pass (worker or
/// main) comes before the last arrival.
fn assert_met_properly(steps: &[Step], workers: usize) {
    for i in 0..workers {
        let arrivals = steps.iter().filter(|&&s| s == Step::Arrive(i)).count();
        let passes = steps.iter().filter(|&&s| s == Step::Pass(i)).count();
        assert_eq!(
            arrivals, 1,
            "worker {i} should call arrive({i}) once: {steps:?}"
        );
        assert_eq!(
            passes, 1,
            "worker {i} should call pass({i}) once: {steps:?}"
        );
    }
    let main_passes = steps.iter().filter(|&&s| s == Step::MainPass).count();
    assert_eq!(main_passes, 1, "main_pass should be called once: {steps:?}");
    assert_eq!(
        steps.len(),
        2 * workers + 1,
        "expected {workers} arrivals, {workers} passes and main's pass: {steps:?}"
    );
    if let Some(last_arrival) = steps.iter().rposition(|s| matches!(s, Step::Arrive(_))) {
        let first_pass = steps
            .iter()
            .position(|s| !matches!(s, Step::Arrive(_)))
            .expect("checked above: somebody passed");
        assert!(
            last_arrival < first_pass,
            "{:?} happened before the last worker arrived: {steps:?}",
            steps[first_pass]
        );
    }
}

#[test]
fn main_passes_only_after_the_slowest_worker_arrives() {
    let mut next = seeded_generator(test_seed());
    let slow = (next() % 10) as usize;
    let mut delays = vec![Duration::ZERO; 10];
    delays[slow] = Duration::from_millis(150);
    let steps = run(delays);
    let main_at = steps.iter().position(|&s| s == Step::MainPass);
    let slow_at = steps.iter().position(|&s| s == Step::Arrive(slow));
    assert!(
        matches!((main_at, slow_at), (Some(m), Some(a)) if a < m),
        "main must wait at the barrier until worker {slow} (the slowest) arrives: {steps:?}"
    );
    assert_met_properly(&steps, 10);
}

#[test]
fn fast_workers_wait_for_a_late_straggler() {
    let mut next = seeded_generator(test_seed());
    let slow = (next() % 10) as usize;
    let mut delays = vec![Duration::ZERO; 10];
    delays[slow] = Duration::from_millis(150);
    let steps = run(delays);
    let slow_at = steps
        .iter()
        .position(|&s| s == Step::Arrive(slow))
        .unwrap_or_else(|| panic!("worker {slow} never arrived: {steps:?}"));
    if let Some(early) = steps[..slow_at].iter().find(|s| matches!(s, Step::Pass(_))) {
        panic!("{early:?} came before worker {slow} (the slowest) arrived: {steps:?}");
    }
    assert_met_properly(&steps, 10);
}

#[test]
fn no_workers_means_main_passes_alone() {
    let steps = run(Vec::new());
    assert_eq!(
        steps,
        vec![Step::MainPass],
        "with no workers, main is the only party and passes at once"
    );
}

#[test]
fn a_single_worker_meets_main() {
    let steps = run(vec![Duration::from_millis(40)]);
    assert_eq!(steps.first(), Some(&Step::Arrive(0)), "{steps:?}");
    assert_met_properly(&steps, 1);
}

#[test]
fn sixty_four_workers_meet() {
    let mut next = seeded_generator(test_seed());
    let delays: Vec<Duration> = (0..64)
        .map(|_| Duration::from_millis(next() % 40))
        .collect();
    let steps = run(delays);
    assert_met_properly(&steps, 64);
}

#[test]
fn repeated_runs_without_delays_stay_in_order() {
    for _ in 0..40 {
        let steps = run(vec![Duration::ZERO; 12]);
        assert_met_properly(&steps, 12);
    }
}

#[test]
fn workers_sleep_their_own_delays_and_use_their_own_index() {
    let mut next = seeded_generator(test_seed());
    let delays: Vec<Duration> = (0..20)
        .map(|_| Duration::from_millis(next() % 100))
        .collect();
    let (start, log) = run_with(delays.clone(), Duration::ZERO);
    for &(step, at) in &log {
        if let Step::Arrive(i) = step {
            assert!(
                i < delays.len() && at - start >= delays[i],
                "arrive({i}) came after {:?}, but worker {i} should sleep {:?} first",
                at - start,
                delays.get(i)
            );
        }
    }
    let steps: Vec<Step> = log.into_iter().map(|(step, _)| step).collect();
    assert_met_properly(&steps, 20);
}

#[test]
fn returns_only_after_every_worker_has_passed() {
    // Each pass(i) works a while; meet_at_barrier must join the workers, so by the time
    // it returns every pass has been recorded (assert_met_properly counts them).
    let (_, log) = run_with(vec![Duration::ZERO; 8], Duration::from_millis(60));
    let steps: Vec<Step> = log.into_iter().map(|(step, _)| step).collect();
    assert_met_properly(&steps, 8);
}
