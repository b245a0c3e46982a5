//! Hidden tests for mpi-p2p: random samples, the student's receive against the kit's
//! send and the student's send against the kit's receive (which gives up after a
//! deadline, so a wrong tag or a wrong rank fails instead of hanging), pairs inside
//! communicators that are not the world, and the program on 3 ranks and on 1.

#[path = "support/kit_side.rs"]
mod kit_side;
#[path = "../../../ex-mpi/tests/support/ranks.rs"]
mod ranks;

use std::path::PathBuf;

use ex_mpi::p2p::{SAMPLE_TAG, SEED_SAMPLE, Sample, receive_sample, send_sample};
use kit_side::{SEED_VARIABLE, drain, pair_of, receive_vec_within, seed_from_test, start_mpi};
use mpi::traits::{Communicator, Destination};
use ranks::assert_each_rank_printed;
use testkit::MpiJob;

fn p2p() -> PathBuf {
    testkit::program_path("mpi-p2p", option_env!("CARGO_BIN_EXE_mpi-p2p"))
}

/// The sample number `index` made from `seed`: any `a`, a `b` with a fraction.
fn sample(seed: u64, index: u64) -> Sample {
    let mut next = testkit::seeded_generator(seed ^ index);
    Sample {
        a: next() as i32,
        b: (next() % 1_000_000) as f64 / 64.0 - 7777.0,
    }
}

/// Rank 0 (the kit) sends a random sample with tag 11, after a decoy with tag 12; rank
/// 1 receives with the student's `receive_sample`.
fn student_receives() {
    let universe = start_mpi();
    let world = universe.world();
    let seed = seed_from_test();
    match world.rank() {
        0 => {
            let to_one = world.process_at_rank(1);
            to_one.send_with_tag(&sample(seed, 1), SAMPLE_TAG + 1);
            to_one.send_with_tag(&sample(seed, 0), SAMPLE_TAG);
        }
        1 => {
            println!("rank 1: {:?}", receive_sample(&world));
            drain(&world.process_at_rank(0));
        }
        _ => {}
    }
}

/// Rank 0 sends a random sample with the student's `send_sample`; rank 1 (the kit)
/// waits for a message tagged 11 and prints it, or says none came.
fn student_sends() {
    let universe = start_mpi();
    let world = universe.world();
    let seed = seed_from_test();
    match world.rank() {
        0 => send_sample(&world, &sample(seed, 0)),
        1 => {
            let from_zero = world.process_at_rank(0);
            match receive_vec_within::<Sample>(&from_zero, SAMPLE_TAG) {
                // One message of one sample; anything else prints as a list.
                Some(received) => match received.as_slice() {
                    [one] => println!("rank 1: {one:?}"),
                    many => println!("rank 1: {many:?}"),
                },
                None => println!("rank 1: nothing tagged {SAMPLE_TAG} came from rank 0"),
            }
            let others = drain(&from_zero);
            if !others.is_empty() {
                println!("rank 1: also came tags {others:?}");
            }
        }
        _ => {}
    }
}

/// Four ranks as two pairs (world ranks 0 and 1, 2 and 3), each pair its own
/// communicator: in each, its rank 0 sends with the student's code and its rank 1
/// receives with it.
fn pairs_exchange() {
    let universe = start_mpi();
    let world = universe.world();
    let seed = seed_from_test();
    let (pair_index, pair) = pair_of(&world);
    let mine = sample(seed, pair_index as u64);
    if pair.rank() == 0 {
        send_sample(&pair, &mine);
        println!("rank {}: sent", world.rank());
    } else {
        println!("rank {}: {:?}", world.rank(), receive_sample(&pair));
    }
}

testkit::worker_entry!(student_receives, student_sends, pairs_exchange);

/// The job of worker `name` on `ranks` ranks, with a fresh seed; returns the output and
/// the seed.
fn run_worker(name: &str, ranks: usize) -> (testkit::MpiOutput, u64) {
    let seed = testkit::test_seed();
    let output = MpiJob::from_command(ranks, &worker_command(name))
        .env(SEED_VARIABLE, seed.to_string())
        .run();
    output.expect_success(name);
    (output, seed)
}

#[test]
fn receive_sample_takes_the_message_tagged_11_from_rank_0() {
    let (output, seed) = run_worker("student_receives", 2);
    assert_eq!(
        output.rank_line(1),
        format!("{:?}", sample(seed, 0)),
        "rank 1 receives the tag-11 sample, not the tag-12 decoy sent before it.\n{}",
        output.report()
    );
}

#[test]
fn send_sample_sends_to_rank_1_with_tag_11() {
    let (output, seed) = run_worker("student_sends", 3);
    assert_eq!(
        output.rank_lines(1),
        vec![format!("{:?}", sample(seed, 0))],
        "rank 1 gets exactly the sample, tagged 11, and nothing else.\n{}",
        output.report()
    );
}

#[test]
fn both_sides_use_the_communicator_they_are_given() {
    let (output, seed) = run_worker("pairs_exchange", 4);
    assert_each_rank_printed(&output, 4, |rank| match rank % 2 {
        0 => "sent".to_string(),
        _ => format!("{:?}", sample(seed, rank as u64 / 2)),
    });
}

#[test]
fn the_program_ends_on_three_ranks_and_refuses_one() {
    let output = MpiJob::new(3, p2p()).run();
    output.expect_success("mpi-p2p on 3 ranks");
    assert_each_rank_printed(&output, 3, |rank| match rank {
        0 | 1 => format!("{SEED_SAMPLE:?}"),
        _ => "no sample (only ranks 0 and 1 take part)".to_string(),
    });
    let alone = MpiJob::new(1, p2p()).run();
    assert!(
        !alone.succeeded(),
        "with one rank there is no rank 1: seed_exchange panics instead of waiting.\n{}",
        alone.report()
    );
}
