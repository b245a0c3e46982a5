//! Visible tests for as-delay: `cargo test -p ex-async --test as_delay`.
//!
//! Every test runs on tokio's paused clock (`testkit::on_paused_clock`): a 3 s sleep
//! completes as soon as nothing else can run, and the log's times are exact, so "the
//! run took 3 s, not 5 s" is a fact about tokio's clock, checked in milliseconds.

use std::time::Duration;

use ex_async::delay::{
    LogLine, TaskLog, delay_message, live_tasks, number_word, run_messages, two_messages,
};
use testkit::on_paused_clock;

/// The real-time limit of every test here: each runs in milliseconds unless something
/// blocks the runtime's thread.
const LIMIT: Duration = Duration::from_secs(10);

/// The time `text` was written at, or a failure naming what the log held.
fn time_of(lines: &[LogLine], text: &str) -> Duration {
    lines
        .iter()
        .find(|line| line.text == text)
        .unwrap_or_else(|| panic!("the log has no line {text:?}; it holds {lines:#?}"))
        .at
}

#[test]
fn number_words_follow_the_seed_mapping() {
    let words: Vec<_> = (1..=10).map(number_word).collect();
    let expected = [
        "ONE", "TWO", "THREE", "FOUR", "FIVE", "SIX", "SEVEN", "EIGHT", "NINE", "TEN",
    ];
    assert_eq!(words, expected.map(Some), "1 is ONE ... 10 is TEN");
    assert_eq!(number_word(0), None, "0 has no word in the seed's mapping");
    assert_eq!(
        number_word(11),
        None,
        "11 has no word in the seed's mapping"
    );
}

#[test]
fn delay_message_writes_received_then_printing_after_its_delay() {
    let lines = on_paused_clock(LIMIT, "delay_message(2 s, TWO)", || async {
        let log = TaskLog::new();
        delay_message(Duration::from_secs(2), "TWO".to_owned(), log.clone()).await;
        log.lines()
    });
    let texts: Vec<&str> = lines.iter().map(|line| line.text.as_str()).collect();
    assert_eq!(texts, ["TWO received", "Printing TWO"]);
    assert_eq!(lines[0].at, Duration::ZERO, "received at once");
    assert_eq!(
        lines[1].at,
        Duration::from_secs(2),
        "printed after the 2 s delay, on tokio's clock"
    );
}

#[test]
fn the_seed_program_takes_three_seconds_not_five() {
    let lines = on_paused_clock(LIMIT, "two_messages", || async {
        let log = TaskLog::new();
        two_messages(log.clone()).await;
        log.lines()
    });
    assert_eq!(
        lines.first().map(|line| line.text.as_str()),
        Some("Main started")
    );
    assert_eq!(time_of(&lines, "TWO received"), Duration::ZERO);
    assert_eq!(
        time_of(&lines, "THREE received"),
        Duration::ZERO,
        "both tasks start at once: THREE does not wait for TWO"
    );
    assert_eq!(time_of(&lines, "Printing TWO"), Duration::from_secs(2));
    assert_eq!(time_of(&lines, "Printing THREE"), Duration::from_secs(3));
    let last = lines.last().expect("the log is not empty");
    assert_eq!(last.text, "Main Ended", "Main Ended is the last line");
    assert_eq!(
        last.at,
        Duration::from_secs(3),
        "the run takes the longest delay (3 s), not the sum (5 s): spawn both tasks before awaiting either"
    );
}

#[test]
fn the_log_reports_the_live_task_counts() {
    // Short delays: this test is about the counts, not the waiting.
    let (counts, lines) = on_paused_clock(LIMIT, "run_messages", || async {
        let log = TaskLog::new();
        let messages = vec![
            (Duration::from_millis(20), "TWO".to_owned()),
            (Duration::from_millis(30), "THREE".to_owned()),
        ];
        let counts = run_messages(messages, log.clone()).await;
        (counts, log.texts())
    });
    assert_eq!(
        counts.before, 0,
        "before any task is spawned none is alive (the main future is not a task)"
    );
    assert_eq!(
        counts.after_spawning, 2,
        "two message tasks are alive after spawning"
    );
    assert_eq!(counts.at_end, 0, "no task is alive once both were awaited");
    let reported: Vec<&String> = lines
        .iter()
        .filter(|text| text.starts_with("Current registered tasks: "))
        .collect();
    assert_eq!(
        reported,
        ["Current registered tasks: 0", "Current registered tasks: 2"],
        "the log reports the count before and after creating the tasks"
    );
}

#[test]
fn live_tasks_counts_spawned_tasks_only() {
    let seen = on_paused_clock(LIMIT, "live_tasks", || async {
        let before = live_tasks();
        let tasks: Vec<_> = (1..=3)
            .map(|seconds| tokio::spawn(tokio::time::sleep(Duration::from_secs(seconds))))
            .collect();
        let during = live_tasks();
        for task in tasks {
            task.await.expect("a sleeping task does not fail");
        }
        (before, during, live_tasks())
    });
    assert_eq!(
        seen,
        (0, 3, 0),
        "(before spawning, with 3 tasks sleeping, after awaiting them)"
    );
}
