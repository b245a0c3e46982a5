//! # mpi-bcast: one rank's nested value, on every rank
//!
//! The lab sheet's third program (`002_f1ed66b6bd3778ad.txt`, 7.4, `sem07mpi3.py`): rank 0
//! holds `{'key1': [7, 2.72, 2+3j], 'key2': ('abc', 'xyz')}`, every other rank `None`,
//! and after `data = comm.bcast(data, root=0)` every rank holds an equal copy. mpi4py
//! pickles the dictionary for you; MPI itself only moves typed buffers, so here the root
//! serialises the table to bytes (postcard), broadcasts how many there are, then the
//! bytes, and every rank decodes them. The statement is the `mpi-bcast` section of
//! `ex-mpi/README.md`.

use std::collections::BTreeMap;

use mpi::Rank;
use mpi::traits::{Communicator, Root};
use serde::{Deserialize, Serialize};

/// The rank whose table is broadcast.
pub const ROOT: Rank = 0;

/// One value of a table's list: the kinds the lab sheet's dictionary holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Item {
    /// A Python `int` (here 64 bits).
    Int(i64),
    /// A Python `float`.
    Float(f64),
    /// A Python `complex`, as its real and imaginary parts.
    Complex {
        /// The real part.
        re: f64,
        /// The imaginary part.
        im: f64,
    },
    /// A Python `str`.
    Text(String),
}

/// A map of lists: the lab sheet's dictionary, with its tuple as a list. A `BTreeMap` keeps
/// its keys in order, so every rank prints it the same way.
pub type Table = BTreeMap<String, Vec<Item>>;

/// The lab sheet's table: `{'key1': [7, 2.72, 2+3j], 'key2': ['abc', 'xyz']}`. Given.
pub fn seed_table() -> Table {
    Table::from([
        (
            "key1".to_string(),
            vec![
                Item::Int(7),
                Item::Float(2.72),
                Item::Complex { re: 2.0, im: 3.0 },
            ],
        ),
        (
            "key2".to_string(),
            vec![Item::Text("abc".into()), Item::Text("xyz".into())],
        ),
    ])
}

/// Broadcasts the table of rank [`ROOT`] and returns an equal copy on every rank. Every
/// rank of `world` must call it (a broadcast is collective). The root passes
/// `Some(table)`; what the other ranks pass is ignored and replaced, as mpi4py ignores
/// their `data`.
///
/// # Panics
/// On the root, if it passes `None`.
pub fn broadcast_table<C: Communicator>(world: &C, table: Option<Table>) -> Table {
    let root = world.process_at_rank(ROOT);
    let mut bytes = if world.rank() == ROOT {
        let table = table.expect("the root rank must pass the table to broadcast");
        postcard::to_stdvec(&table).expect("a table of these items always serialises")
    } else {
        Vec::new()
    };
    // The other ranks learn the length first, so they can make room for the bytes.
    let mut len = bytes.len() as u64;
    root.broadcast_into(&mut len);
    let len = usize::try_from(len).expect("a table that fits the root's memory fits ours");
    bytes.resize(len, 0);
    root.broadcast_into(&mut bytes[..]);
    postcard::from_bytes(&bytes).expect("every rank decodes what the root encoded")
}
