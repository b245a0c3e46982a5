//! Hidden tests for mpi-buffers: random contents, the student's receive against the
//! kit's sends (floats first, after a decoy with another tag) and the student's send
//! against the kit's receives (each by its tag, with a deadline), and pairs inside
//! communicators that are not the world.

#[path = "support/kit_side.rs"]
mod kit_side;

use ex_mpi::buffers::{FLOAT_COUNT, FLOAT_TAG, INT_COUNT, INT_TAG, receive_buffers, send_buffers};
use kit_side::{SEED_VARIABLE, drain, pair_of, receive_vec_within, seed_from_test, start_mpi};
use mpi::traits::{Communicator, Destination};
use testkit::{MpiJob, MpiOutput};

/// The decoy's tag: neither of the two the exercise uses.
const DECOY_TAG: mpi::Tag = 78;

/// Random arrays of the two sizes, made from `seed` (`index` picks one of several).
fn arrays(seed: u64, index: u64) -> (Vec<i32>, Vec<f64>) {
    let mut next = testkit::seeded_generator(seed.rotate_left(7) ^ index);
    let ints = (0..INT_COUNT).map(|_| next() as i32).collect();
    let floats = (0..FLOAT_COUNT)
        .map(|_| (next() % 1_000_000_000) as f64 / 1024.0 - 1e5)
        .collect();
    (ints, floats)
}

/// What rank 1 prints about what it received: whether each array equals `expected`.
fn verdict(received: Option<(Vec<i32>, Vec<f64>)>, expected: &(Vec<i32>, Vec<f64>)) -> String {
    match received {
        None => "missing".to_string(),
        Some((ints, floats)) => format!(
            "ints {}, floats {}",
            if ints == expected.0 {
                "equal"
            } else {
                "differ"
            },
            if floats == expected.1 {
                "equal"
            } else {
                "differ"
            }
        ),
    }
}

/// Rank 0 (the kit) sends a decoy array of ints tagged 78, then the floats tagged 13,
/// then the ints tagged 77; rank 1 receives with the student's `receive_buffers`.
fn student_receives() {
    let universe = start_mpi();
    let world = universe.world();
    let seed = seed_from_test();
    match world.rank() {
        0 => {
            let to_one = world.process_at_rank(1);
            let (ints, floats) = arrays(seed, 0);
            to_one.send_with_tag(&arrays(seed, 1).0[..], DECOY_TAG);
            to_one.send_with_tag(&floats[..], FLOAT_TAG);
            to_one.send_with_tag(&ints[..], INT_TAG);
        }
        1 => {
            let received = receive_buffers(&world);
            println!("rank 1: {}", verdict(Some(received), &arrays(seed, 0)));
            println!("rank 1: left {:?}", drain(&world.process_at_rank(0)));
        }
        _ => {}
    }
}

/// Rank 0 sends random arrays with the student's `send_buffers`; rank 1 (the kit)
/// receives each by its own tag, giving up after a deadline.
fn student_sends() {
    let universe = start_mpi();
    let world = universe.world();
    let seed = seed_from_test();
    match world.rank() {
        0 => {
            let (ints, floats) = arrays(seed, 0);
            send_buffers(&world, &ints, &floats);
        }
        1 => {
            let from_zero = world.process_at_rank(0);
            // The floats first: the student sent the ints first, and tags keep them apart.
            let floats = receive_vec_within::<f64>(&from_zero, FLOAT_TAG);
            let ints = receive_vec_within::<i32>(&from_zero, INT_TAG);
            let received = ints.zip(floats);
            println!("rank 1: {}", verdict(received, &arrays(seed, 0)));
            println!("rank 1: left {:?}", drain(&from_zero));
        }
        _ => {}
    }
}

/// Four ranks as two pairs, each its own communicator, each sending its own arrays with
/// the student's code on both sides.
fn pairs_exchange() {
    let universe = start_mpi();
    let world = universe.world();
    let seed = seed_from_test();
    let (pair_index, pair) = pair_of(&world);
    let mine = arrays(seed, pair_index as u64);
    if pair.rank() == 0 {
        send_buffers(&pair, &mine.0, &mine.1);
    } else {
        println!(
            "rank {}: {}",
            world.rank(),
            verdict(Some(receive_buffers(&pair)), &mine)
        );
    }
}

testkit::worker_entry!(student_receives, student_sends, pairs_exchange);

fn run_worker(name: &str, ranks: usize) -> MpiOutput {
    let output = MpiJob::from_command(ranks, &worker_command(name))
        .env(SEED_VARIABLE, testkit::test_seed().to_string())
        .run();
    output.expect_success(name);
    output
}

#[test]
fn receive_buffers_matches_each_array_by_its_tag_in_any_order() {
    let output = run_worker("student_receives", 2);
    assert_eq!(
        output.rank_lines(1),
        vec!["ints equal, floats equal", &format!("left [{DECOY_TAG}]")],
        "rank 1 receives the ints tagged {INT_TAG} and the floats tagged {FLOAT_TAG}, \
         whatever came first, and leaves the decoy tagged {DECOY_TAG}.\n{}",
        output.report()
    );
}

#[test]
fn send_buffers_sends_ints_tagged_77_and_floats_tagged_13() {
    let output = run_worker("student_sends", 2);
    assert_eq!(
        output.rank_lines(1),
        vec!["ints equal, floats equal", "left []"],
        "the kit receives {INT_COUNT} ints tagged {INT_TAG} and {FLOAT_COUNT} floats tagged \
         {FLOAT_TAG}, and nothing else.\n{}",
        output.report()
    );
}

#[test]
fn both_sides_use_the_communicator_they_are_given() {
    let output = run_worker("pairs_exchange", 4);
    for rank in [1, 3] {
        assert_eq!(
            output.rank_lines(rank),
            vec!["ints equal, floats equal"],
            "{}",
            output.report()
        );
    }
}
