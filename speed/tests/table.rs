//! The speed table's shape, from `speed --tiny`: every row is there and ran, every ratio
//! is a finite positive number, and every fraction is its ratio over its limit. No speed
//! is asserted: a test machine may be busy, and tiny sizes time mostly overheads.

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

/// Every row the table must have, in order.
const IDS: [&str; 13] = [
    "th-chunks",
    "th-spawn",
    "th-download",
    "th-titles",
    "q-pool-download",
    "mp-pool/threads",
    "mp-pool/processes",
    "mp-race",
    "mp-pipe-vs-queue/buffered",
    "mp-pipe-vs-queue/queue",
    "as-fetch",
    "as-gather",
    "mpi-reduce",
];

/// Rows with a Python peer.
const PYTHON_ROWS: [&str; 3] = [
    "th-chunks",
    "mp-pipe-vs-queue/buffered",
    "mp-pipe-vs-queue/queue",
];

/// How long one run may take. A tiny run takes seconds once everything is built; the
/// first one may build the `mp-worker` program and the MPI example (MPICH's bindings).
const LIMIT: Duration = Duration::from_secs(600);

/// Runs `speed` with `args` under [`LIMIT`] and returns its stdout.
fn speed(args: &[&str]) -> String {
    let mut child = Command::new(env!("CARGO_BIN_EXE_speed"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("speed starts");
    let mut stdout = child.stdout.take().expect("stdout is piped");
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        stdout.read_to_string(&mut text).expect("stdout is text");
        text
    });
    let deadline = Instant::now() + LIMIT;
    let status = loop {
        if let Some(status) = child.try_wait().expect("speed can be waited for") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("speed {args:?} did not end within {LIMIT:?} (killed)");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let text = reader.join().expect("the reader thread ends");
    assert!(
        status.success(),
        "speed {args:?} failed ({status}):\n{text}"
    );
    text
}

/// Whether `program` runs with `arg` on this machine.
fn runs(program: &str, arg: &str) -> bool {
    Command::new(program)
        .arg(arg)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

/// Whether `name` is a file in a folder of the PATH.
fn on_path(name: &str) -> bool {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path).any(|dir| dir.join(name).is_file())
}

#[test]
fn the_tiny_table_has_every_row_and_consistent_figures() {
    let started = Instant::now();
    let text = speed(&["--tiny", "--json"]);
    eprintln!("speed --tiny --json took {:.1?}", started.elapsed());
    let table: Value = serde_json::from_str(&text).expect("--json prints one JSON object");
    assert!(
        table["machine"]["cores"]
            .as_u64()
            .is_some_and(|cores| cores >= 1)
    );
    let rows = table["rows"].as_array().expect("rows is a list");
    let ids: Vec<&str> = rows.iter().filter_map(|row| row["id"].as_str()).collect();
    assert_eq!(ids, IDS, "every row, in order");

    let has_mpiexec = on_path("mpiexec") || on_path("mpiexec.hydra");
    let has_python = runs("python3", "--version");
    for row in rows {
        let id = row["id"].as_str().unwrap_or_default();
        let state = row["status"]["state"].as_str().unwrap_or_default();
        if id == "mpi-reduce" && !has_mpiexec {
            assert_eq!(state, "skipped", "{id} without mpiexec: {row}");
            continue;
        }
        assert_eq!(state, "ran", "{id} must run: {row}");
        let figures = &row["figures"];
        let number = |key: &str| {
            figures[key]
                .as_f64()
                .unwrap_or_else(|| panic!("{id}: {key} is a number: {row}"))
        };
        let (ratio, limit, fraction) = (number("ratio"), number("limit"), number("fraction"));
        for (name, value) in [("ratio", ratio), ("limit", limit), ("fraction", fraction)] {
            assert!(value.is_finite() && value > 0.0, "{id}: {name} is {value}");
        }
        let sequential = figures["sequential"]["seconds"]
            .as_f64()
            .unwrap_or(f64::NAN);
        let parallel = figures["parallel"]["seconds"].as_f64().unwrap_or(f64::NAN);
        assert!(
            (ratio - sequential / parallel).abs() <= 1e-9 * ratio,
            "{id}: ratio is sequential / parallel"
        );
        assert!(
            (fraction - ratio / limit).abs() <= 1e-9 * fraction,
            "{id}: fraction is ratio / limit"
        );
        assert!(
            !row["rounds_rule"].as_str().unwrap_or_default().is_empty(),
            "{id} says how its figures were taken"
        );

        let python = row["python"]["state"].as_str().unwrap_or_default();
        if PYTHON_ROWS.contains(&id) {
            let expected = if has_python { "ran" } else { "no_python3" };
            assert_eq!(python, expected, "{id}'s Python columns: {row}");
            for peer in row["python"]["peers"].as_array().into_iter().flatten() {
                let over = peer["python_over_rust"].as_f64().unwrap_or(f64::NAN);
                assert!(over.is_finite() && over > 0.0, "{id}: {peer}");
            }
        } else {
            assert_eq!(python, "no_peer", "{id} has no Python peer: {row}");
        }
    }
}

#[test]
fn the_tiny_markdown_has_a_header_and_one_line_per_row() {
    let text = speed(&["--tiny", "--markdown", "--rounds", "1"]);
    let lines: Vec<&str> = text.lines().filter(|line| line.starts_with('|')).collect();
    assert!(
        lines[0].starts_with("| exercise | what is compared | sequential | parallel | ratio"),
        "the header comes first: {text}"
    );
    assert!(
        lines[1].starts_with("| --- |"),
        "then the separator: {text}"
    );
    assert_eq!(lines.len(), 2 + IDS.len(), "one line per row:\n{text}");
    for (line, id) in lines[2..].iter().zip(IDS) {
        assert!(
            line.starts_with(&format!("| {id} |")),
            "{id}'s line: {line}"
        );
    }
    assert!(text.contains("machine: "), "it says what machine: {text}");
    assert!(
        text.contains("best of 1 interleaved rounds"),
        "and how: {text}"
    );
}
