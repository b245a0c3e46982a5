//! Hidden tests for mpi-bcast: random tables (small, empty, and far larger than one
//! message's eager limit) broadcast from root 0 while the other ranks pass decoys or
//! nothing, on 3 and 4 ranks and inside communicators that are not the world.

#[path = "support/kit_side.rs"]
mod kit_side;

use ex_mpi::bcast::{Item, Table, broadcast_table};
use kit_side::{SEED_VARIABLE, seed_from_test, start_mpi};
use mpi::topology::Color;
use mpi::traits::Communicator;
use testkit::MpiJob;

/// The variable that sets how many keys the random table has.
const KEYS_VARIABLE: &str = "KIT_MPI_KEYS";

/// A random table of `keys` keys made from `seed`, each with up to 8 items of every kind.
fn random_table(seed: u64, keys: usize) -> Table {
    let mut next = testkit::seeded_generator(seed);
    (0..keys)
        .map(|key| {
            let items = (0..next() % 9)
                .map(|_| match next() % 4 {
                    0 => Item::Int(next() as i64),
                    1 => Item::Float((next() % 1_000_000) as f64 / 8.0),
                    2 => Item::Complex {
                        re: (next() % 1000) as f64 - 500.0,
                        im: (next() % 1000) as f64 / 4.0,
                    },
                    _ => Item::Text(format!("text {} ünï", next() % 100_000)),
                })
                .collect();
            (format!("key{key}-{}", next() % 1000), items)
        })
        .collect()
}

/// Rank `rank`'s argument: the root's table, or a decoy on odd ranks and `None` on
/// even ones.
fn argument(rank: i32, root_rank: i32, seed: u64, keys: usize) -> Option<Table> {
    if rank == root_rank {
        Some(random_table(seed, keys))
    } else if rank % 2 == 1 {
        Some(random_table(seed ^ 0xdec0, 3))
    } else {
        None
    }
}

/// Every rank broadcasts with the student's code and says whether it holds the root's
/// table.
fn broadcast_in_world() {
    let universe = start_mpi();
    let world = universe.world();
    let (seed, keys) = (seed_from_test(), keys_from_test());
    let table = broadcast_table(&world, argument(world.rank(), 0, seed, keys));
    report(world.rank(), &table, &random_table(seed, keys));
}

/// The same in two halves of the world (even ranks, odd ranks), each with its own table.
fn broadcast_in_halves() {
    let universe = start_mpi();
    let world = universe.world();
    let (seed, keys) = (seed_from_test(), keys_from_test());
    let colour = world.rank() % 2;
    let half = world
        .split_by_color(Color::with_value(colour))
        .expect("every rank has a colour");
    let half_seed = seed ^ colour as u64;
    let table = broadcast_table(&half, argument(half.rank(), 0, half_seed, keys));
    report(world.rank(), &table, &random_table(half_seed, keys));
}

fn keys_from_test() -> usize {
    std::env::var(KEYS_VARIABLE)
        .ok()
        .and_then(|text| text.parse().ok())
        .expect("the test passes the number of keys")
}

/// Prints `rank R: equal`, or what the rank holds instead.
fn report(rank: i32, table: &Table, expected: &Table) {
    if table == expected {
        println!("rank {rank}: equal");
    } else {
        println!(
            "rank {rank}: holds {} keys, not the root's {}",
            table.len(),
            expected.len()
        );
    }
}

testkit::worker_entry!(broadcast_in_world, broadcast_in_halves);

/// Runs `worker` on `ranks` ranks with a table of `keys` keys; checks every rank printed
/// `equal`.
fn assert_every_rank_holds_the_roots_table(worker: &str, ranks: usize, keys: usize) {
    let output = MpiJob::from_command(ranks, &worker_command(worker))
        .env(SEED_VARIABLE, testkit::test_seed().to_string())
        .env(KEYS_VARIABLE, keys.to_string())
        .run();
    output.expect_success(worker);
    for rank in 0..ranks {
        assert_eq!(
            output.rank_lines(rank),
            vec!["equal"],
            "rank {rank} holds the table of root 0 (the other ranks passed decoys or \
             None).\n{}",
            output.report()
        );
    }
}

#[test]
fn three_ranks_hold_the_roots_random_table_not_their_decoys() {
    assert_every_rank_holds_the_roots_table("broadcast_in_world", 3, 12);
}

#[test]
fn four_ranks_hold_an_empty_table_and_a_large_one() {
    assert_every_rank_holds_the_roots_table("broadcast_in_world", 4, 0);
    // About 100 KB of postcard: far more than one eager message or a fixed buffer.
    assert_every_rank_holds_the_roots_table("broadcast_in_world", 4, 4000);
}

#[test]
fn the_broadcast_uses_the_communicator_it_is_given() {
    assert_every_rank_holds_the_roots_table("broadcast_in_halves", 4, 20);
}
