//! Visible tests for th-barrier: `cargo test -p ex-threads --test th_barrier`.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use ex_threads::barrier::meet_at_barrier;
use testkit::{finish_within, test_seed};

/// One thing that happened during a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Arrive(usize),
    Pass(usize),
    MainPass,
}

/// Runs `meet_at_barrier` on its own thread (so a deadlock fails the test instead of
/// hanging it) and returns every step with the time it happened, in order.
fn run(delays: Vec<Duration>) -> (Instant, Vec<(Step, Instant)>) {
    finish_within(Duration::from_secs(10), "meet_at_barrier", move || {
        let log = Mutex::new(Vec::new());
        let record = |step| log.lock().unwrap().push((step, Instant::now()));
        let start = Instant::now();
        meet_at_barrier(
            &delays,
            |i| record(Step::Arrive(i)),
            |i| record(Step::Pass(i)),
            || record(Step::MainPass),
        );
        (start, log.into_inner().unwrap())
    })
}

/// The delays 0, 1, …, `n - 1` times `unit`, shuffled by `seed`.
fn shuffled_delays(n: usize, unit: Duration, seed: u64) -> Vec<Duration> {
    let mut state = seed;
    let mut next = move || {
        // splitmix64: a tiny, good-enough generator for test inputs.
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    };
    let mut delays: Vec<Duration> = (0..n as u32).map(|k| unit * k).collect();
    for i in (1..n).rev() {
        let j = (next() % (i as u64 + 1)) as usize;
        delays.swap(i, j);
    }
    delays
}

fn steps(log: &[(Step, Instant)]) -> Vec<Step> {
    log.iter().map(|(step, _)| *step).collect()
}

#[test]
fn ten_workers_all_arrive_before_anyone_passes() {
    let delays = shuffled_delays(10, Duration::from_millis(15), test_seed());
    let (_, log) = run(delays);
    let steps = steps(&log);
    let last_arrival = steps
        .iter()
        .rposition(|step| matches!(step, Step::Arrive(_)))
        .expect("no worker called arrive(i)");
    let first_pass = steps
        .iter()
        .position(|step| !matches!(step, Step::Arrive(_)))
        .expect("nobody passed the barrier (neither pass(i) nor main_pass was called)");
    assert!(
        last_arrival < first_pass,
        "someone passed the barrier before every worker had arrived: {steps:?}"
    );
}

#[test]
fn every_worker_and_main_pass_exactly_once() {
    let delays = shuffled_delays(10, Duration::from_millis(5), test_seed());
    let (_, log) = run(delays);
    let steps = steps(&log);
    for i in 0..10 {
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
        21,
        "expected 10 arrivals, 10 passes and main: {steps:?}"
    );
}

#[test]
fn each_worker_sleeps_its_own_delay_before_arriving() {
    let delays = shuffled_delays(10, Duration::from_millis(10), test_seed());
    let (start, log) = run(delays.clone());
    for (step, at) in log {
        if let Step::Arrive(i) = step {
            assert!(
                at - start >= delays[i],
                "worker {i} arrived after {:?}, before its delay of {:?} was over",
                at - start,
                delays[i]
            );
        }
    }
}
