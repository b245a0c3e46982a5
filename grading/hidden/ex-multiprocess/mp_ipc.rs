//! Hidden tests for mp-ipc: frames cut short, too large or not decodable (each error
//! saying what was wrong), a thousand seeded messages in order through a worker, a
//! message larger than a pipe holds, the echo worker's own end, and a write to a pipe
//! nobody reads.

#[path = "../../../ex-multiprocess/tests/support/processes.rs"]
mod processes;

use std::time::Duration;

use ex_multiprocess::ipc::{
    Duplex, IpcError, MAX_FRAME, Value, echo_worker, read_frame, seed_message, write_frame,
};
use processes::worker_program;
use testkit::finish_within;

const LIMIT: Duration = Duration::from_secs(20);

#[test]
fn a_frame_cut_short_says_how_much_arrived() {
    let cut: &[u8] = &[10, 0, 0, 0, 1, 2];
    match read_frame::<Vec<Value>>(&mut &*cut) {
        Err(IpcError::Truncated { expected, got }) => assert_eq!((expected, got), (10, 2)),
        other => panic!(
            "a frame of 10 bytes of which 2 arrived is Truncated {{ expected: 10, got: 2 }}, got {other:?}"
        ),
    }
    let short_length: &[u8] = &[10, 0];
    assert!(
        matches!(
            read_frame::<Vec<Value>>(&mut &*short_length),
            Err(IpcError::Truncated {
                expected: 4,
                got: 2
            })
        ),
        "a length cut short is Truncated {{ expected: 4, got: 2 }}"
    );
    let nothing: &[u8] = &[];
    assert!(matches!(
        read_frame::<Vec<Value>>(&mut &*nothing),
        Err(IpcError::Closed)
    ));
}

#[test]
fn a_length_above_the_limit_is_refused_before_reading() {
    let mut bytes = (MAX_FRAME + 1).to_le_bytes().to_vec();
    bytes.extend_from_slice(&[0; 16]);
    match read_frame::<Vec<Value>>(&mut bytes.as_slice()) {
        Err(IpcError::TooLarge { length }) => assert_eq!(length, MAX_FRAME + 1),
        other => panic!("a frame longer than MAX_FRAME is TooLarge, got {other:?}"),
    }
}

#[test]
fn bytes_that_are_not_the_type_are_malformed_and_say_so() {
    // A frame of 3 bytes: a list of 1 element whose variant number is 9 (there are 3).
    let bytes: &[u8] = &[3, 0, 0, 0, 1, 9, 0];
    match read_frame::<Vec<Value>>(&mut &*bytes) {
        Err(error @ IpcError::Malformed { .. }) => {
            let message = error.to_string();
            assert!(
                message.contains("Value") && message.contains('3'),
                "the error names the type expected and the frame's length: {message}"
            );
        }
        other => panic!("a frame that is no Vec<Value> is Malformed, got {other:?}"),
    }
}

#[test]
fn a_thousand_seeded_messages_come_back_in_order() {
    let mut next = testkit::seeded_generator(testkit::test_seed());
    let messages: Vec<Vec<Value>> = (0..1000)
        .map(|_| {
            (0..next() % 5)
                .map(|_| match next() % 3 {
                    0 => Value::Int(next() as i64),
                    1 => Value::Nothing,
                    _ => Value::Text(format!("text {}", next() % 1000)),
                })
                .collect()
        })
        .collect();
    let sent = messages.clone();
    let back = finish_within(LIMIT, "a thousand messages", move || {
        let mut pipe = Duplex::start(&worker_program(), &["echo"]).expect("the worker starts");
        let back: Vec<Vec<Value>> = sent
            .iter()
            .map(|message| {
                pipe.send(message).expect("the worker reads");
                pipe.recv().expect("the worker answers")
            })
            .collect();
        pipe.close().expect("the worker ends");
        back
    });
    assert_eq!(back, messages, "every message back, whole and in order");
}

#[test]
fn a_message_larger_than_a_pipe_holds_round_trips() {
    let big = vec![Value::Text("ø".repeat(400_000)), Value::Int(1)];
    let sent = big.clone();
    let back: Vec<Value> = finish_within(LIMIT, "a large message", move || {
        let mut pipe = Duplex::start(&worker_program(), &["echo"]).expect("the worker starts");
        pipe.send(&sent).expect("the worker reads all of it");
        let back = pipe.recv().expect("the worker answers");
        pipe.close().expect("the worker ends");
        back
    });
    assert_eq!(back, big);
}

#[test]
fn the_echo_worker_ends_at_the_end_of_its_input() {
    let mut input = Vec::new();
    for message in [seed_message(), vec![Value::Nothing]] {
        write_frame(&mut input, &message).unwrap();
    }
    let mut output = Vec::new();
    let echoed = echo_worker(&mut input.as_slice(), &mut output).expect("a clean end");
    assert_eq!(echoed, 2);
    let mut reader = output.as_slice();
    assert_eq!(
        read_frame::<Vec<Value>>(&mut reader).unwrap(),
        seed_message()
    );
    assert_eq!(
        read_frame::<Vec<Value>>(&mut reader).unwrap(),
        [Value::Nothing]
    );
}

#[test]
fn writing_to_a_pipe_nobody_reads_is_an_error() {
    let (reader, mut writer) = std::io::pipe().expect("a pipe");
    drop(reader);
    let result = write_frame(&mut writer, &seed_message());
    assert!(
        matches!(&result, Err(IpcError::Io(error)) if error.kind() == std::io::ErrorKind::BrokenPipe),
        "a write with no reader is a BrokenPipe error, got {result:?}"
    );
}
