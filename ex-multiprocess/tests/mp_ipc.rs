//! Visible tests for mp-ipc: `cargo test -p ex-multiprocess --test mp_ipc`.

#[path = "support/processes.rs"]
mod processes;

use std::time::Duration;

use ex_multiprocess::ipc::{
    Duplex, IpcError, Value, read_frame, seed_message, square_in_process, write_frame,
};
use processes::worker_program;
use testkit::finish_within;

const LIMIT: Duration = Duration::from_secs(20);

#[test]
fn the_seed_message_round_trips_through_a_frame() {
    let mut bytes = Vec::new();
    write_frame(&mut bytes, &seed_message()).expect("a Vec<Value> encodes");
    let length = u32::from_le_bytes(bytes[..4].try_into().unwrap()) as usize;
    assert_eq!(
        length,
        bytes.len() - 4,
        "a frame is its length (4 bytes, little-endian) and then the bytes"
    );
    let back: Vec<Value> = read_frame(&mut bytes.as_slice()).expect("the frame decodes");
    assert_eq!(back, seed_message());
}

#[test]
fn a_worker_puts_the_square_on_the_queue() {
    let message = finish_within(LIMIT, "square_in_process(11)", || {
        square_in_process(&worker_program(), 11)
    })
    .expect("the worker answers");
    assert_eq!(
        message,
        [Value::Int(121)],
        "the seed's q.put([value ** 2]) for 11"
    );
}

#[test]
fn every_variant_round_trips_through_a_worker() {
    let back = finish_within(LIMIT, "the echo worker", || {
        let mut pipe = Duplex::start(&worker_program(), &["echo"]).expect("the worker starts");
        let mut back = Vec::new();
        for message in [
            seed_message(),
            vec![Value::Int(-7)],
            vec![Value::Nothing],
            vec![Value::Text("Łódź".to_owned())],
            Vec::new(),
        ] {
            pipe.send(&message).expect("the worker reads");
            back.push((
                message,
                pipe.recv::<Vec<Value>>().expect("the worker answers"),
            ));
        }
        let status = pipe.close().expect("the worker ends");
        assert!(
            status.success(),
            "the echo worker ends well when its input is closed: {status}"
        );
        back
    });
    for (sent, received) in back {
        assert_eq!(received, sent, "the worker sends back what it received");
    }
}

#[test]
fn a_worker_that_is_gone_is_an_error_not_a_hang() {
    let (received, sent) = finish_within(LIMIT, "a worker that exits at once", || {
        // `sleep 0` exits at once, reading nothing and writing nothing.
        let mut pipe =
            Duplex::start(&worker_program(), &["sleep", "0"]).expect("the worker starts");
        let received = pipe.recv::<Vec<Value>>();
        // Its stdout can close a moment before its stdin does (both close as it exits),
        // and a pipe holds a few frames: send until the send fails, for at most 5 s.
        let deadline = std::time::Instant::now() + Duration::from_secs(5);
        let sent = loop {
            let sent = pipe.send(&seed_message());
            if sent.is_err() || std::time::Instant::now() > deadline {
                break sent;
            }
            std::thread::sleep(Duration::from_millis(10));
        };
        (received, sent)
    });
    assert!(
        matches!(received, Err(IpcError::Closed)),
        "receiving from a worker that exited is Err(IpcError::Closed), got {received:?}"
    );
    assert!(
        matches!(&sent, Err(IpcError::Io(error)) if error.kind() == std::io::ErrorKind::BrokenPipe),
        "sending to a worker that exited is a BrokenPipe error, got {sent:?}"
    );
}
