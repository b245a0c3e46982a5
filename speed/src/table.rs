//! The table itself: what one row holds, and the three ways to print the rows (plain
//! text, a GitHub markdown table, JSON).

use serde::Serialize;

/// One timed way of doing a row's work: what it is and its best time.
#[derive(Debug, Clone, Serialize)]
pub struct Figure {
    /// What ran, in a few words (`sum_parallel(2)`, `pool of 5`).
    pub label: String,
    /// The best time of all rounds, in seconds.
    pub seconds: f64,
}

impl Figure {
    /// A figure named `label` with the time `seconds`.
    pub fn new(label: impl Into<String>, seconds: f64) -> Figure {
        Figure {
            label: label.into(),
            seconds,
        }
    }
}

/// What a row measured: the two figures compared, their ratio, and this machine's limit.
#[derive(Debug, Clone, Serialize)]
pub struct Figures {
    /// The baseline: one thing after another (or the slower way of the row).
    pub sequential: Figure,
    /// The way the exercise teaches.
    pub parallel: Figure,
    /// `sequential / parallel`: the speed-up.
    pub ratio: f64,
    /// The largest ratio this machine allows for this work.
    pub limit: f64,
    /// Where the limit comes from (`2 cores`, `80 waits of 50 ms`, `raw pipe 3.1 GB/s`).
    pub limit_basis: String,
    /// `ratio / limit`: how much of the limit was reached.
    pub fraction: f64,
}

impl Figures {
    /// The figures of `sequential` against `parallel` with the limit `limit`.
    pub fn new(
        sequential: Figure,
        parallel: Figure,
        limit: f64,
        limit_basis: impl Into<String>,
    ) -> Figures {
        let ratio = sequential.seconds / parallel.seconds;
        Figures {
            sequential,
            parallel,
            ratio,
            limit,
            limit_basis: limit_basis.into(),
            fraction: ratio / limit,
        }
    }
}

/// One Python program beside the Rust code doing the same work.
#[derive(Debug, Clone, Serialize)]
pub struct PythonPeer {
    /// What the Python program did (`2 threads`, `Pipe send/recv`).
    pub label: String,
    /// Its best time, in seconds.
    pub python_seconds: f64,
    /// The best time of the Rust code it is compared with, on the same work.
    pub rust_seconds: f64,
    /// `python_seconds / rust_seconds`: how many times longer Python took.
    pub python_over_rust: f64,
}

impl PythonPeer {
    /// A peer named `label`: Python took `python_seconds` where Rust took `rust_seconds`.
    pub fn new(label: impl Into<String>, python_seconds: f64, rust_seconds: f64) -> PythonPeer {
        PythonPeer {
            label: label.into(),
            python_seconds,
            rust_seconds,
            python_over_rust: python_seconds / rust_seconds,
        }
    }
}

/// The Python columns of a row.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Python {
    /// The lab sheets have no Python program for this row.
    NoPeer,
    /// `python3` does not run on this machine.
    NoPython3,
    /// The Python programs ran: one entry per comparison.
    Ran {
        /// Each comparison of a Python program with the Rust code.
        peers: Vec<PythonPeer>,
    },
}

/// Whether a row ran.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", content = "reason", rename_all = "snake_case")]
pub enum Status {
    /// Every way ran and gave the sequential answer.
    Ran,
    /// The row could not run here, and why.
    Skipped(String),
    /// Something went wrong (an error, or an answer other than the sequential one).
    Failed(String),
}

/// One row of the table.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// The exercise (and part) the row times, such as `th-chunks` or `mp-pool/processes`.
    pub id: &'static str,
    /// What is compared, in a few words.
    pub what: String,
    /// Whether the row ran.
    pub status: Status,
    /// The figures, when the row ran.
    pub figures: Option<Figures>,
    /// The Python columns.
    pub python: Python,
    /// How the figures were taken (`best of 3 interleaved rounds`).
    pub rounds_rule: String,
    /// Further lines for under the table: a second figure, or what the row teaches.
    pub notes: Vec<String>,
}

/// What every table says about the machine and the run.
#[derive(Debug, Clone, Serialize)]
pub struct Machine {
    /// `std::thread::available_parallelism`.
    pub cores: usize,
    /// `python3 --version`, when it runs.
    pub python3: Option<String>,
    /// Whether MPICH's `mpiexec` was found.
    pub mpiexec: Option<String>,
    /// Rounds per figure.
    pub rounds: usize,
    /// Whether every size was shrunk (`--tiny`).
    pub tiny: bool,
    /// Whether the program was built with optimisations.
    pub release: bool,
}

/// The whole table, as `--json` prints it.
#[derive(Debug, Clone, Serialize)]
pub struct Table {
    /// The machine and the run.
    pub machine: Machine,
    /// How every figure was taken, in one sentence.
    pub method: String,
    /// The rows, in the order of the course.
    pub rows: Vec<Row>,
}

/// The column headers, shared by the text and markdown forms.
const HEADERS: [&str; 9] = [
    "exercise",
    "what is compared",
    "sequential",
    "parallel",
    "ratio",
    "limit here",
    "of limit",
    "python ÷ rust",
    "rounds",
];

/// The nine cells of a row, as text.
fn cells(row: &Row) -> [String; 9] {
    let (sequential, parallel, ratio, limit, fraction) = match (&row.status, &row.figures) {
        (Status::Ran, Some(f)) => (
            format!("{} {}", f.sequential.label, seconds(f.sequential.seconds)),
            format!("{} {}", f.parallel.label, seconds(f.parallel.seconds)),
            format!("{:.2}x", f.ratio),
            format!("{:.2}x ({})", f.limit, f.limit_basis),
            format!("{:.0}%", 100.0 * f.fraction),
        ),
        (Status::Skipped(reason), _) => (
            format!("skipped: {reason}"),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
        ),
        (Status::Failed(error), _) => (
            format!("FAILED: {error}"),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
        ),
        (Status::Ran, None) => (
            "FAILED: no figures".to_owned(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
        ),
    };
    let python = match &row.python {
        Python::NoPeer => "-".to_owned(),
        Python::NoPython3 => "no python3".to_owned(),
        Python::Ran { peers } => peers
            .iter()
            .map(|peer| format!("{} {:.1}x", peer.label, peer.python_over_rust))
            .collect::<Vec<_>>()
            .join("; "),
    };
    [
        row.id.to_owned(),
        row.what.clone(),
        sequential,
        parallel,
        ratio,
        limit,
        fraction,
        python,
        row.rounds_rule.clone(),
    ]
}

/// A time for a person: milliseconds below a second, else seconds.
fn seconds(value: f64) -> String {
    if value < 1.0 {
        format!("{:.1} ms", value * 1e3)
    } else {
        format!("{value:.2} s")
    }
}

/// The machine line printed above (text) or below (markdown) the table.
fn machine_line(table: &Table) -> String {
    let machine = &table.machine;
    format!(
        "machine: {} cores; python3: {}; mpiexec: {}; build: {}{}. {}",
        machine.cores,
        machine.python3.as_deref().unwrap_or("not found"),
        machine.mpiexec.as_deref().unwrap_or("not found"),
        if machine.release { "release" } else { "debug" },
        if machine.tiny { ", tiny sizes" } else { "" },
        table.method
    )
}

/// The notes of every row, one line each, prefixed with the row's id.
fn note_lines(table: &Table) -> Vec<String> {
    table
        .rows
        .iter()
        .flat_map(|row| {
            row.notes
                .iter()
                .map(move |note| format!("{}: {note}", row.id))
        })
        .collect()
}

/// The table as plain text, its columns padded to line up.
pub fn text(table: &Table) -> String {
    let rows: Vec<[String; 9]> = table.rows.iter().map(cells).collect();
    let mut widths = HEADERS.map(|header| header.chars().count());
    for row in &rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let line = |cells: &[String]| {
        let padded: Vec<String> = cells
            .iter()
            .zip(widths)
            .map(|(cell, width)| format!("{cell:<width$}"))
            .collect();
        padded.join("  ").trim_end().to_owned()
    };
    let mut out = vec![machine_line(table), String::new()];
    out.push(line(&HEADERS.map(str::to_owned)));
    out.push(line(&widths.map(|width| "-".repeat(width))));
    out.extend(rows.iter().map(|row| line(row)));
    let notes = note_lines(table);
    if !notes.is_empty() {
        out.push(String::new());
        out.extend(notes);
    }
    out.join("\n") + "\n"
}

/// The table as GitHub markdown: the header, one line per row, then the machine line and
/// the notes as a list.
pub fn markdown(table: &Table) -> String {
    let escape = |cell: &str| cell.replace('|', "\\|");
    let line = |cells: &[String]| {
        let cells: Vec<String> = cells.iter().map(|cell| escape(cell)).collect();
        format!("| {} |", cells.join(" | "))
    };
    let mut out = vec![
        line(&HEADERS.map(str::to_owned)),
        line(&HEADERS.map(|_| "---".to_owned())),
    ];
    out.extend(table.rows.iter().map(|row| line(&cells(row))));
    out.push(String::new());
    out.push(machine_line(table));
    let notes = note_lines(table);
    if !notes.is_empty() {
        out.push(String::new());
        out.extend(notes.iter().map(|note| format!("- {note}")));
    }
    out.join("\n") + "\n"
}

/// The table as one JSON object.
///
/// # Errors
/// If serde_json cannot write it (it always can: every field is plain data).
pub fn json(table: &Table) -> serde_json::Result<String> {
    serde_json::to_string_pretty(table)
}
