//! Hidden tests for mp-pipe-vs-queue: the seed's 10^5 every way, no numbers, one write
//! per message, a reader that sees numbers out of order or a stream cut short, and a tag
//! that is neither.

#[path = "../../../ex-multiprocess/tests/support/processes.rs"]
mod processes;

use std::io::{self, Write};
use std::time::Duration;

use ex_multiprocess::pipe_vs_queue::{
    Message, Way, encode, read_numbers, send_to_reader, write_numbers,
};
use processes::worker_program;
use testkit::finish_within;

const LIMIT: Duration = Duration::from_secs(30);

/// A writer that counts the `write` calls it gets and takes every byte each time.
struct CountingWriter {
    writes: usize,
    bytes: Vec<u8>,
}

impl Write for CountingWriter {
    fn write(&mut self, buffer: &[u8]) -> io::Result<usize> {
        self.writes += 1;
        self.bytes.extend_from_slice(buffer);
        Ok(buffer.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[test]
fn a_hundred_thousand_numbers_every_way() {
    let results = finish_within(LIMIT, "send_to_reader", || {
        [Way::OneWritePerMessage, Way::BufferedStream, Way::Queue]
            .map(|way| (way, send_to_reader(&worker_program(), way, 100_000)))
    });
    for (way, transfer) in results {
        let received = transfer
            .unwrap_or_else(|error| panic!("the {way:?} way failed: {error}"))
            .received;
        assert_eq!(
            (received.count, received.in_order),
            (100_000, true),
            "the {way:?} way"
        );
    }
}

#[test]
fn no_numbers_is_just_done() {
    let results = finish_within(LIMIT, "send_to_reader", || {
        [Way::OneWritePerMessage, Way::BufferedStream, Way::Queue].map(|way| {
            send_to_reader(&worker_program(), way, 0).map(|transfer| transfer.received.count)
        })
    });
    for count in results {
        assert_eq!(count.expect("an empty transfer"), 0);
    }
}

#[test]
fn write_numbers_makes_one_write_per_message() {
    let mut writer = CountingWriter {
        writes: 0,
        bytes: Vec::new(),
    };
    write_numbers(&mut writer, 1000).expect("the writer takes everything");
    assert_eq!(
        writer.writes, 1001,
        "one write per number and one for Done: the buffering is the caller's choice"
    );
    let received = read_numbers(&mut writer.bytes.as_slice()).expect("a whole stream");
    assert_eq!((received.count, received.in_order), (1000, true));
}

#[test]
fn numbers_out_of_order_are_seen() {
    let bytes: Vec<u8> = [0, 2, 1, 3]
        .map(Message::Number)
        .into_iter()
        .chain([Message::Done])
        .flat_map(encode)
        .collect();
    let received = read_numbers(&mut bytes.as_slice()).expect("a whole stream");
    assert_eq!(
        (received.count, received.in_order),
        (4, false),
        "four numbers, not in order"
    );
    let missing: Vec<u8> = [0, 1, 3]
        .map(Message::Number)
        .into_iter()
        .chain([Message::Done])
        .flat_map(encode)
        .collect();
    assert!(
        !read_numbers(&mut missing.as_slice())
            .expect("a whole stream")
            .in_order,
        "a number missing is not in order"
    );
}

#[test]
fn a_stream_cut_short_or_a_bad_tag_is_an_error() {
    let mut cut: Vec<u8> = (0..3).map(Message::Number).flat_map(encode).collect();
    assert!(
        read_numbers(&mut cut.as_slice()).is_err(),
        "a stream without Done is an error"
    );
    cut.extend_from_slice(&[7, 0, 0, 0, 0, 0, 0, 0, 0]);
    let error = read_numbers(&mut cut.as_slice()).expect_err("a tag of 7 is no message");
    assert_eq!(error.kind(), io::ErrorKind::InvalidData);
}
