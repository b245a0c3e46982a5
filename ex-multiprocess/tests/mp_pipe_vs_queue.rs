//! Visible tests for mp-pipe-vs-queue: `cargo test -p ex-multiprocess --test mp_pipe_vs_queue`.

#[path = "support/processes.rs"]
mod processes;

use std::time::Duration;

use ex_multiprocess::pipe_vs_queue::{
    MESSAGE_BYTES, Message, Way, encode, read_numbers, send_to_reader, write_numbers,
};
use processes::worker_program;
use testkit::finish_within;

const LIMIT: Duration = Duration::from_secs(30);

#[test]
fn write_numbers_writes_every_number_then_done() {
    let mut bytes = Vec::new();
    write_numbers(&mut bytes, 3).expect("a Vec takes every byte");
    let expected: Vec<u8> = [
        Message::Number(0),
        Message::Number(1),
        Message::Number(2),
        Message::Done,
    ]
    .into_iter()
    .flat_map(encode)
    .collect();
    assert_eq!(bytes, expected);
}

#[test]
fn read_numbers_counts_up_to_done() {
    let bytes: Vec<u8> = (0..500)
        .map(Message::Number)
        .chain([Message::Done])
        .flat_map(encode)
        .collect();
    let received = read_numbers(&mut bytes.as_slice()).expect("a whole stream");
    assert_eq!((received.count, received.in_order), (500, true));
    assert_eq!(bytes.len(), 501 * MESSAGE_BYTES);
}

#[test]
fn ten_thousand_numbers_arrive_whole_and_in_order_every_way() {
    let results = finish_within(LIMIT, "send_to_reader", || {
        [Way::OneWritePerMessage, Way::BufferedStream, Way::Queue].map(|way| {
            (
                way,
                send_to_reader(&worker_program(), way, 10_000).map(|transfer| transfer.received),
            )
        })
    });
    for (way, received) in results {
        let received = received.unwrap_or_else(|error| panic!("the {way:?} way failed: {error}"));
        assert_eq!(
            (received.count, received.in_order),
            (10_000, true),
            "the {way:?} way: every number once, in order"
        );
    }
}
