//! Hidden tests for as-delay: many messages at once with seeded delays, a wait that
//! blocks the thread instead of awaiting (seen on the paused clock), the live-task
//! counts for other numbers of tasks, and the exact lines of the log.

use std::collections::BTreeMap;
use std::time::Duration;

use ex_async::delay::{LogLine, TaskLog, delay_message, run_messages};
use testkit::on_paused_clock;

const LIMIT: Duration = Duration::from_secs(10);

/// `count` messages with seeded delays of 1 to 10 whole seconds, named `M0`, `M1`, ...
fn seeded_messages(count: usize) -> Vec<(Duration, String)> {
    let mut next = testkit::seeded_generator(testkit::test_seed());
    (0..count)
        .map(|index| (Duration::from_secs(1 + next() % 10), format!("M{index}")))
        .collect()
}

/// When each line was written, by its text.
fn times(lines: &[LogLine]) -> BTreeMap<&str, Duration> {
    lines
        .iter()
        .map(|line| (line.text.as_str(), line.at))
        .collect()
}

#[test]
fn twenty_messages_all_wait_at_the_same_time() {
    let messages = seeded_messages(20);
    let longest = messages.iter().map(|(delay, _)| *delay).max().unwrap();
    let given = messages.clone();
    let lines = on_paused_clock(LIMIT, "run_messages with 20 messages", || async move {
        let log = TaskLog::new();
        run_messages(given, log.clone()).await;
        log.lines()
    });
    let at = times(&lines);
    for (delay, message) in &messages {
        assert_eq!(
            at.get(format!("{message} received").as_str()),
            Some(&Duration::ZERO),
            "every message is received at the start"
        );
        assert_eq!(
            at.get(format!("Printing {message}").as_str()),
            Some(delay),
            "{message} is printed after its own delay, counted from the start"
        );
    }
    assert_eq!(
        at.get("Main Ended"),
        Some(&longest),
        "the run takes the longest delay ({longest:?}), not the sum"
    );
}

#[test]
fn a_wait_that_blocks_the_thread_shows_on_the_paused_clock() {
    // Short delays, so a blocking std::thread::sleep costs only a moment of real time.
    // It does not move tokio's paused clock, so its "Printing" line says 0 ms.
    let lines = on_paused_clock(LIMIT, "delay_message(150 ms)", || async {
        let log = TaskLog::new();
        let first = tokio::spawn(delay_message(
            Duration::from_millis(150),
            "FIRST".to_owned(),
            log.clone(),
        ));
        let second = tokio::spawn(delay_message(
            Duration::from_millis(250),
            "SECOND".to_owned(),
            log.clone(),
        ));
        first.await.expect("the first message task");
        second.await.expect("the second message task");
        log.lines()
    });
    let at = times(&lines);
    assert_eq!(
        at.get("Printing FIRST"),
        Some(&Duration::from_millis(150)),
        "FIRST must be printed 150 ms of tokio time after it was received; a wait that \
         blocks the thread (std::thread::sleep) does not move tokio's clock and stalls every task"
    );
    assert_eq!(at.get("Printing SECOND"), Some(&Duration::from_millis(250)));
    let position = |text: &str| lines.iter().position(|line| line.text == text);
    assert!(
        position("SECOND received") < position("Printing FIRST"),
        "SECOND is received while FIRST waits: {lines:#?}"
    );
}

#[test]
fn live_tasks_are_counted_for_five_messages() {
    let messages: Vec<(Duration, String)> = (1..=5)
        .map(|index| (Duration::from_millis(10 * index), format!("M{index}")))
        .collect();
    let counts = on_paused_clock(LIMIT, "run_messages with 5 messages", || async move {
        run_messages(messages, TaskLog::new()).await
    });
    assert_eq!(
        (counts.before, counts.after_spawning, counts.at_end),
        (0, 5, 0),
        "(before, after spawning, at the end): one tokio task per message, and the main future is none"
    );
}

#[test]
fn no_messages_is_a_short_run() {
    let (counts, lines) = on_paused_clock(LIMIT, "run_messages with no messages", || async {
        let log = TaskLog::new();
        let counts = run_messages(Vec::new(), log.clone()).await;
        (counts, log.lines())
    });
    assert_eq!(
        (counts.before, counts.after_spawning, counts.at_end),
        (0, 0, 0)
    );
    let last = lines.last().expect("the log has lines");
    assert_eq!(
        (last.text.as_str(), last.at),
        ("Main Ended", Duration::ZERO)
    );
}

#[test]
fn the_log_holds_exactly_the_seed_lines() {
    let texts = on_paused_clock(LIMIT, "run_messages", || async {
        let log = TaskLog::new();
        let messages = vec![
            (Duration::from_millis(40), "FOUR".to_owned()),
            (Duration::from_millis(10), "ONE".to_owned()),
        ];
        run_messages(messages, log.clone()).await;
        log.texts()
    });
    assert_eq!(
        texts[..3],
        [
            "Main started",
            "Current registered tasks: 0",
            "Creating tasks"
        ]
    );
    let mut middle = texts[3..texts.len() - 1].to_vec();
    middle.sort();
    let mut expected = vec![
        "Current registered tasks: 2",
        "FOUR received",
        "ONE received",
        "Printing ONE",
        "Printing FOUR",
    ];
    expected.sort();
    assert_eq!(middle, expected, "the lines between the start and the end");
    assert_eq!(texts.last().map(String::as_str), Some("Main Ended"));
    let position = |text: &str| texts.iter().position(|line| line == text);
    assert!(
        position("Printing ONE") < position("Printing FOUR"),
        "the shorter delay prints first: {texts:?}"
    );
}
