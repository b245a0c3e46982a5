//! The rows: each runs one speed demo's work on the reference solutions, the ways taking
//! turns round by round, checks every answer against the sequential one, and says what
//! limit this machine puts on the ratio.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

use crate::measure::{best_of_rounds, cores, cpu_limit, raw_pipe, timed};
use crate::programs::{self, cargo_command, run_within};
use crate::python::Python3;
use crate::sizes::Sizes;
use crate::table::{Figure, Figures, Python, PythonPeer, Row, Status};

/// What every row needs: the sizes, the rounds and the programs found on this machine.
pub struct Context {
    /// How much work each row does.
    pub sizes: Sizes,
    /// Rounds per figure.
    pub rounds: usize,
    /// `python3`, when it runs here.
    pub python: Option<Python3>,
    /// MPICH's launcher, when it is on the PATH.
    pub mpiexec: Option<&'static str>,
}

impl Context {
    /// The rounds rule most rows follow.
    fn rounds_rule(&self) -> String {
        format!("best of {} interleaved rounds", self.rounds)
    }
}

/// What a row measured, before its id and description are put with it.
struct Measured {
    figures: Figures,
    python: Python,
    notes: Vec<String>,
}

impl Measured {
    /// Figures with no Python peer and no notes.
    fn plain(figures: Figures) -> Measured {
        Measured {
            figures,
            python: Python::NoPeer,
            notes: Vec::new(),
        }
    }
}

/// The row `id` from what was measured (or why not).
fn row(
    id: &'static str,
    what: String,
    rounds_rule: String,
    result: Result<Measured, String>,
) -> Row {
    match result {
        Ok(measured) => Row {
            id,
            what,
            status: Status::Ran,
            figures: Some(measured.figures),
            python: measured.python,
            rounds_rule,
            notes: measured.notes,
        },
        Err(error) => Row {
            id,
            what,
            status: Status::Failed(error),
            figures: None,
            python: Python::NoPeer,
            rounds_rule,
            notes: Vec::new(),
        },
    }
}

/// A row that did not run here, and why.
fn skipped(id: &'static str, what: String, reason: String) -> Row {
    Row {
        id,
        what,
        status: Status::Skipped(reason),
        figures: None,
        python: Python::NoPeer,
        rounds_rule: String::new(),
        notes: Vec::new(),
    }
}

/// A group of rows measured together, and the ids it makes.
type Group = (&'static [&'static str], fn(&Context) -> Vec<Row>);

/// Every row of the table, in the order of the course. A group that panics becomes
/// failed rows; the others still run.
pub fn all(context: &Context) -> Vec<Row> {
    let groups: [Group; 11] = [
        (&["th-chunks"], th_chunks),
        (&["th-spawn"], th_spawn),
        (&["th-download"], th_download),
        (&["th-titles"], th_titles),
        (&["q-pool-download"], q_pool_download),
        (&["mp-pool/threads", "mp-pool/processes"], mp_pool),
        (&["mp-race"], mp_race),
        (
            &["mp-pipe-vs-queue/buffered", "mp-pipe-vs-queue/queue"],
            mp_pipe_vs_queue,
        ),
        (&["as-fetch"], as_fetch),
        (&["as-gather"], as_gather),
        (&["mpi-reduce"], mpi_reduce),
    ];
    let mut rows = Vec::new();
    for (ids, group) in groups {
        match catch_unwind(AssertUnwindSafe(|| group(context))) {
            Ok(made) => rows.extend(made),
            Err(panic) => {
                let message = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|text| (*text).to_owned()))
                    .unwrap_or_else(|| "a panic".to_owned());
                rows.extend(ids.iter().map(|&id| {
                    row(
                        id,
                        String::new(),
                        context.rounds_rule(),
                        Err(format!("panicked: {message}")),
                    )
                }));
            }
        }
    }
    rows
}

/// Checks that `answer` is what the sequential way gave (the first answer seen).
fn same_answer<T: PartialEq + std::fmt::Debug>(
    expected: &mut Option<T>,
    answer: T,
    what: &str,
) -> Result<(), String> {
    match expected {
        None => {
            *expected = Some(answer);
            Ok(())
        }
        Some(expected) if *expected == answer => Ok(()),
        Some(expected) => Err(format!(
            "{what} answered {answer:?} where sequential answered {expected:?}"
        )),
    }
}

// ---------------------------------------------------------------------------------------
// ex-threads
// ---------------------------------------------------------------------------------------

/// th-chunks: `sum_parallel(range, 2)` against `sum_sequential`, and CPython's loop.
fn th_chunks(context: &Context) -> Vec<Row> {
    use ex_threads::chunks::{sum_parallel, sum_sequential};
    let end = context.sizes.chunks_end;
    let python_end = context.sizes.python_chunks_end;
    let what = format!("sum of i^i mod P over 0..{end}: 2 threads vs 1");
    let result = (|| {
        let python = context.python.as_ref();
        let ways = if python.is_some() { 7 } else { 2 };
        let (mut expected, mut expected_small) = (None, None);
        let best = best_of_rounds(context.rounds, ways, |way| {
            let (elapsed, (answer, small)) = match way {
                0 => timed(|| (sum_sequential(0..end), false)),
                1 => timed(|| (sum_parallel(0..end, 2), false)),
                2 => timed(|| (sum_sequential(0..python_end), true)),
                3 => timed(|| (sum_parallel(0..python_end, 2), true)),
                _ => {
                    let mode = ["sequential", "threads", "processes"][way - 4];
                    let args = [mode.to_owned(), python_end.to_string(), "2".to_owned()];
                    let python = python.ok_or("no python3")?;
                    let (seconds, sum) = python.run("chunks.py", &args)?;
                    let sum = sum
                        .parse::<u64>()
                        .map_err(|_| format!("python3 chunks.py printed the sum {sum:?}"))?;
                    (Duration::from_secs_f64(seconds), (sum, true))
                }
            };
            let expected = if small {
                &mut expected_small
            } else {
                &mut expected
            };
            same_answer(expected, answer, &format!("way {way}"))?;
            Ok(elapsed)
        })?;
        let figures = Figures::new(
            Figure::new("sum_sequential", best[0]),
            Figure::new("sum_parallel(2)", best[1]),
            cpu_limit(2) as f64,
            format!("{} cores, 2 threads", cores()),
        );
        let rust_ns = 1e9 * best[0] / end as f64;
        let (python, notes) = match python {
            None => (
                Python::NoPython3,
                vec![format!(
                    "Rust takes {rust_ns:.1} ns per term (CPython: no python3)"
                )],
            ),
            Some(_) => {
                let python_ns = 1e9 * best[4] / python_end as f64;
                let peers = vec![
                    PythonPeer::new("2 threads", best[5], best[3]),
                    PythonPeer::new("2 processes", best[6], best[3]),
                ];
                let notes = vec![
                    format!(
                        "nanoseconds per term: Rust {rust_ns:.1} ns, CPython's pow(i, i, P) loop \
                         {python_ns:.0} ns ({:.0}x); Python beside Rust on 0..{python_end}, \
                         both with 2 threads or processes",
                        python_ns / rust_ns
                    ),
                    format!(
                        "CPython with 2 threads ran {:.2}x its one-thread loop and with 2 processes \
                         {:.2}x: the GIL lets one thread at a time run Python code, so threads do \
                         not speed up a pow loop; each process has its own interpreter and GIL",
                        best[4] / best[5],
                        best[4] / best[6]
                    ),
                ];
                (Python::Ran { peers }, notes)
            }
        };
        Ok(Measured {
            figures,
            python,
            notes,
        })
    })();
    vec![row("th-chunks", what, context.rounds_rule(), result)]
}

/// th-spawn: ten `slow_add` jobs one after the other, then one thread each.
fn th_spawn(context: &Context) -> Vec<Row> {
    use ex_threads::spawn::{run_sequential, run_threaded, slow_add};
    let pause = context.sizes.spawn_pause;
    let what = format!("10 slow_add jobs pausing {pause:?}: a thread each vs one after another");
    let pairs: Vec<(u64, u64)> = (0..10).map(|x| (x, x + 3)).collect();
    let job = |a, b| slow_add(a, b, pause);
    let result = (|| {
        let mut expected = Some(pairs.iter().map(|(a, b)| a + b).collect::<Vec<_>>());
        let best = best_of_rounds(context.rounds, 2, |way| {
            let (elapsed, results) = match way {
                0 => timed(|| run_sequential(&pairs, job)),
                _ => timed(|| run_threaded(&pairs, job)),
            };
            same_answer(&mut expected, results, "a run")?;
            Ok(elapsed)
        })?;
        Ok(Measured::plain(Figures::new(
            Figure::new("run_sequential", best[0]),
            Figure::new("run_threaded", best[1]),
            pairs.len() as f64,
            format!("{} waits of {pause:?}", pairs.len()),
        )))
    })();
    vec![row("th-spawn", what, context.rounds_rule(), result)]
}

/// A fresh folder in the temporary folder for one row's downloads.
fn download_dir(name: &str) -> Result<PathBuf, String> {
    let dir = std::env::temp_dir().join(format!("speed-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|error| format!("{}: {error}", dir.display()))?;
    Ok(dir)
}

/// How many of `results` are `Ok`, as an error unless all `expected` are.
fn all_ok<T, E>(results: &[Result<T, E>], expected: usize, what: &str) -> Result<(), String> {
    let ok = results.iter().filter(|result| result.is_ok()).count();
    if ok == expected && results.len() == expected {
        Ok(())
    } else {
        Err(format!("{what}: {ok} of {expected} downloads succeeded"))
    }
}

/// A way of downloading every job with one client: what a row compares.
type DownloadWay<'a, J, E> = (
    &'a str,
    &'a dyn Fn(&reqwest::blocking::Client, &[J]) -> Vec<Result<u64, E>>,
);

/// Times two ways of downloading `context.sizes.pages` pages from a fresh page server into
/// a fresh folder (named after `row`), round by round, each checked to download every
/// page; `job` makes a job of a page's URL and file. Returns both ways' best times.
fn time_downloads<J, E>(
    context: &Context,
    row: &str,
    job: impl Fn(String, PathBuf) -> J,
    ways: [DownloadWay<'_, J, E>; 2],
) -> Result<Vec<f64>, String> {
    let (pages, latency) = (context.sizes.pages, context.sizes.page_latency);
    let server = testkit::PageServer::builder()
        .pages(pages)
        .latency(latency)
        .start();
    let dir = download_dir(row)?;
    let jobs: Vec<J> = (0..pages)
        .map(|i| job(server.page_url(i), dir.join(format!("page-{i}.html"))))
        .collect();
    let client = reqwest::blocking::Client::new();
    let best = best_of_rounds(context.rounds, 2, |way| {
        let (label, download) = ways[way];
        let (elapsed, results) = timed(|| download(&client, &jobs));
        all_ok(&results, pages, label)?;
        Ok(elapsed)
    });
    let _ = std::fs::remove_dir_all(&dir);
    best
}

/// th-download: the pages one after the other, then one thread per page.
fn th_download(context: &Context) -> Vec<Row> {
    use ex_threads::download::{DownloadJob, download_sequential, download_threaded};
    let (pages, latency) = (context.sizes.pages, context.sizes.page_latency);
    let what = format!("{pages} pages of {latency:?}: a thread per page vs one after another");
    let result = time_downloads(
        context,
        "th-download",
        DownloadJob::new,
        [
            ("download_sequential", &|client, jobs| {
                download_sequential(client, jobs)
            }),
            ("download_threaded", &|client, jobs| {
                download_threaded(client, jobs)
            }),
        ],
    )
    .map(|best| {
        Measured::plain(Figures::new(
            Figure::new("download_sequential", best[0]),
            Figure::new("download_threaded", best[1]),
            pages as f64,
            format!("{pages} waits of {latency:?}"),
        ))
    });
    vec![row("th-download", what, context.rounds_rule(), result)]
}

/// th-titles: ten random pages' titles, one fetch after the other, then a thread each.
fn th_titles(context: &Context) -> Vec<Row> {
    use ex_threads::titles::{fetch_random_titles, fetch_random_titles_sequential};
    const FETCHES: usize = 10;
    let latency = context.sizes.titles_latency;
    let what = format!("{FETCHES} random pages of {latency:?}: a thread each vs one after another");
    let result = (|| {
        let server = testkit::PageServer::builder()
            .pages(50)
            .latency(latency)
            .start();
        let client = reqwest::blocking::Client::new();
        let url = server.random_url();
        let best = best_of_rounds(context.rounds, 2, |way| {
            let (elapsed, report) = match way {
                0 => timed(|| fetch_random_titles_sequential(&client, &url, FETCHES)),
                _ => timed(|| fetch_random_titles(&client, &url, FETCHES)),
            };
            let report = report.map_err(|error| format!("fetching titles: {error}"))?;
            if report.titles.len() != FETCHES || report.total_chars == 0 {
                return Err(format!(
                    "{} titles and {} characters from {FETCHES} fetches",
                    report.titles.len(),
                    report.total_chars
                ));
            }
            Ok(elapsed)
        })?;
        Ok(Measured::plain(Figures::new(
            Figure::new("sequential", best[0]),
            Figure::new("fetch_random_titles", best[1]),
            FETCHES as f64,
            format!("{FETCHES} waits of {latency:?}"),
        )))
    })();
    vec![row("th-titles", what, context.rounds_rule(), result)]
}

// ---------------------------------------------------------------------------------------
// ex-queues
// ---------------------------------------------------------------------------------------

/// q-pool-download: the pages on a pool of `POOL_SIZE` workers vs one after the other.
fn q_pool_download(context: &Context) -> Vec<Row> {
    use ex_queues::pool_download::{DownloadJob, POOL_SIZE, download_one, download_with_pool};
    let (pages, latency) = (context.sizes.pages, context.sizes.page_latency);
    let what =
        format!("{pages} pages of {latency:?}: a pool of {POOL_SIZE} vs a download_one loop");
    let result = time_downloads(
        context,
        "q-pool-download",
        DownloadJob::new,
        [
            ("download_one loop", &|client, jobs| {
                jobs.iter().map(|job| download_one(client, job)).collect()
            }),
            ("the pool", &|client, jobs| {
                download_with_pool(client, jobs, POOL_SIZE)
            }),
        ],
    )
    .map(|best| {
        Measured::plain(Figures::new(
            Figure::new("download_one loop", best[0]),
            Figure::new(format!("pool of {POOL_SIZE}"), best[1]),
            POOL_SIZE.min(pages) as f64,
            format!("{POOL_SIZE} workers, each waiting {latency:?} a page"),
        ))
    });
    vec![row("q-pool-download", what, context.rounds_rule(), result)]
}

// ---------------------------------------------------------------------------------------
// ex-multiprocess
// ---------------------------------------------------------------------------------------

/// mp-pool: counting within a range, row by row, on a thread pool and on a pool of worker
/// processes, against one row after another.
fn mp_pool(context: &Context) -> Vec<Row> {
    use ex_multiprocess::pool::{build_pool, count_in_processes, count_map, count_sequential};
    let (rows, width) = (context.sizes.pool_rows, context.sizes.pool_width);
    let workers = cores();
    let what = |way: &str| {
        format!("count in 4..8 over {rows}x{width} values: {way} of {workers} vs sequential")
    };
    let result = (|| {
        let program = programs::mp_worker()?;
        let mut rng = StdRng::seed_from_u64(2024);
        let data: Vec<Vec<i64>> = (0..rows)
            .map(|_| (0..width).map(|_| rng.random_range(0..10)).collect())
            .collect();
        let pool =
            build_pool(workers, |_| {}).map_err(|error| format!("no thread pool: {error}"))?;
        let mut expected = None;
        let best = best_of_rounds(context.rounds, 3, |way| {
            let (elapsed, counts) = match way {
                0 => timed(|| Ok(count_sequential(&data, 4, 8))),
                1 => timed(|| Ok(count_map(&pool, &data, 4, 8))),
                _ => timed(|| count_in_processes(&program, &data, 4, 8, workers)),
            };
            let counts =
                counts.map_err(|error: std::io::Error| format!("the process pool: {error}"))?;
            same_answer(
                &mut expected,
                counts,
                ["sequential", "the thread pool", "the process pool"][way],
            )?;
            Ok(elapsed)
        })?;
        Ok(best)
    })();
    let limit = cpu_limit(workers) as f64;
    let basis = format!("{} cores, {workers} workers", cores());
    let threads = result.clone().map(|best| {
        Measured::plain(Figures::new(
            Figure::new("count_sequential", best[0]),
            Figure::new("count_map (threads)", best[1]),
            limit,
            basis.clone(),
        ))
    });
    let processes = result.map(|best| {
        let mut measured = Measured::plain(Figures::new(
            Figure::new("count_sequential", best[0]),
            Figure::new("count_in_processes", best[2]),
            limit,
            basis.clone(),
        ));
        measured.notes.push(
            "the processes get their rows as text through a pipe, which costs more than \
             counting such cheap rows: the price of isolation, and why Rust takes threads \
             for CPU work"
                .to_owned(),
        );
        measured
    });
    vec![
        row(
            "mp-pool/threads",
            what("a thread pool"),
            context.rounds_rule(),
            threads,
        ),
        row(
            "mp-pool/processes",
            what("a process pool"),
            context.rounds_rule(),
            processes,
        ),
    ]
}

/// Draws from `0..=max` until `TARGET`, stopping when `cancel` is set (the demo's rarer
/// draw, with its size a parameter).
fn rare_draw(seed: u64, max: u64, cancel: &AtomicBool) -> Option<u64> {
    use ex_multiprocess::race::TARGET;
    let mut rng = StdRng::seed_from_u64(seed);
    let mut draws = 0;
    while !cancel.load(Ordering::Relaxed) {
        draws += 1;
        if rng.random_range(0..=max) == TARGET {
            return Some(draws);
        }
    }
    None
}

/// mp-race: the mean time to a rare hit with 2 racing threads against 1.
fn mp_race(context: &Context) -> Vec<Row> {
    use ex_multiprocess::race::race_threads;
    let (races, max) = (context.sizes.races, context.sizes.race_max);
    let what = format!("first hit of 1 in {}: 2 racers vs 1", max + 1);
    let result = (|| {
        let mut one_racer = None;
        let best = best_of_rounds(context.rounds, 2, |way| {
            let workers = way + 1;
            let (elapsed, wins) = timed(|| {
                (0..races)
                    .map(|race| {
                        race_threads(workers, |worker, cancel| {
                            rare_draw((race * 1000).wrapping_add(worker as u64), max, cancel)
                        })
                    })
                    .collect::<Vec<_>>()
            });
            if wins.iter().any(Option::is_none) {
                return Err(format!("a race of {workers} ended without a winner"));
            }
            if workers == 1 {
                // One racer is not a race: the same seeds take the same draws every round.
                let draws: Vec<u64> = wins.into_iter().flatten().map(|win| win.value).collect();
                same_answer(&mut one_racer, draws, "one racer")?;
            }
            Ok(elapsed / u32::try_from(races).unwrap_or(u32::MAX))
        })?;
        let mut measured = Measured::plain(Figures::new(
            Figure::new("1 racer", best[0]),
            Figure::new("2 racers", best[1]),
            cpu_limit(2) as f64,
            format!("{} cores, 2 threads", cores()),
        ));
        measured.notes.push(
            "racing pays when one attempt is long and its length varies: the first of n \
             racers' hits comes about n times sooner, given n cores"
                .to_owned(),
        );
        Ok(measured)
    })();
    let rule = format!(
        "best of {} interleaved rounds, each the mean of {races} races",
        context.rounds
    );
    vec![row("mp-race", what, rule, result)]
}

/// mp-pipe-vs-queue: numbers to a reader process, one write per message against a
/// buffered stream and against a queue, next to the raw pipe bandwidth.
fn mp_pipe_vs_queue(context: &Context) -> Vec<Row> {
    use ex_multiprocess::pipe_vs_queue::{MESSAGE_BYTES, Way, send_to_reader};
    let count = context.sizes.pipe_count;
    let python_count = context.sizes.python_pipe_count;
    let raw_bytes = context.sizes.raw_pipe_bytes;
    let what =
        |way: &str| format!("{count} numbers to a reader process: {way} vs one write per message");
    let result = (|| {
        let program = programs::mp_worker()?;
        let python = context.python.as_ref();
        let ways = if python.is_some() { 8 } else { 4 };
        let send = |way: Way, count: u64| -> Result<Duration, String> {
            let transfer = send_to_reader(&program, way, count)
                .map_err(|error| format!("{way:?}: {error}"))?;
            if transfer.received.count != count || !transfer.received.in_order {
                return Err(format!("{way:?} lost or reordered numbers"));
            }
            Ok(transfer.elapsed)
        };
        let best = best_of_rounds(context.rounds, ways, |way| match way {
            0 => raw_pipe(raw_bytes),
            1 => send(Way::OneWritePerMessage, count),
            2 => send(Way::BufferedStream, count),
            3 => send(Way::Queue, count),
            4 => send(Way::OneWritePerMessage, python_count),
            5 => send(Way::Queue, python_count),
            _ => {
                let python = python.ok_or("no python3")?;
                let kind = if way == 6 { "pipe" } else { "queue" };
                let (seconds, ok) = python.run(
                    "pipe_vs_queue.py",
                    &[kind.to_owned(), python_count.to_string()],
                )?;
                if ok != "True" {
                    return Err(format!("Python's {kind} reader lost or reordered numbers"));
                }
                Ok(Duration::from_secs_f64(seconds))
            }
        })?;
        Ok(best)
    })();
    let bytes = (count * MESSAGE_BYTES as u64) as f64;
    // The limit as a ratio: how many times faster than one write per message a way would
    // be if it moved its bytes at the raw pipe's speed. The fraction of this limit is then
    // the way's bytes per second over the raw bandwidth.
    let measured = |best: &[f64], slot: usize, label: &str, peer: Option<(&str, usize, usize)>| {
        let raw = raw_bytes as f64 / best[0];
        let limit = raw * best[1] / bytes;
        let figures = Figures::new(
            Figure::new("1 write/msg", best[1]),
            Figure::new(label, best[slot]),
            limit,
            format!(
                "raw pipe {:.2} GB/s; this way {:.3} GB/s",
                raw / 1e9,
                bytes / best[slot] / 1e9
            ),
        );
        let python = match peer {
            None => Python::NoPeer,
            Some(_) if context.python.is_none() => Python::NoPython3,
            Some((name, python, rust)) => Python::Ran {
                peers: vec![PythonPeer::new(name, best[python], best[rust])],
            },
        };
        Measured {
            figures,
            python,
            notes: Vec::new(),
        }
    };
    let buffered = result.clone().map(|best| {
        let mut row = measured(
            &best,
            2,
            "buffered stream",
            Some(("Pipe vs 1 write/msg", 6, 4)),
        );
        row.notes.push(format!(
            "Python beside Rust on {python_count} numbers: Pipe send/recv against one write \
             per message (both one write each), Queue put/get against the queue"
        ));
        row
    });
    let queue = result.map(|best| measured(&best, 3, "queue", Some(("Queue vs queue", 7, 5))));
    vec![
        row(
            "mp-pipe-vs-queue/buffered",
            what("a buffered stream"),
            context.rounds_rule(),
            buffered,
        ),
        row(
            "mp-pipe-vs-queue/queue",
            what("a queue"),
            context.rounds_rule(),
            queue,
        ),
    ]
}

// ---------------------------------------------------------------------------------------
// ex-async
// ---------------------------------------------------------------------------------------

/// A tokio runtime for one row: multi-threaded for network work, else on this thread.
fn runtime(multi_thread: bool) -> Result<tokio::runtime::Runtime, String> {
    let mut builder = if multi_thread {
        tokio::runtime::Builder::new_multi_thread()
    } else {
        tokio::runtime::Builder::new_current_thread()
    };
    builder
        .enable_all()
        .build()
        .map_err(|error| format!("no tokio runtime: {error}"))
}

/// as-fetch: the pages with a bound of 10 requests in flight against a bound of 1.
fn as_fetch(context: &Context) -> Vec<Row> {
    use ex_async::fetch::fetch_all;
    const BOUND: usize = 10;
    let (pages, latency) = (context.sizes.pages, context.sizes.page_latency);
    let what = format!("{pages} pages of {latency:?}: fetch_all bound {BOUND} vs bound 1");
    let result = (|| {
        let runtime = runtime(true)?;
        let server = testkit::PageServer::builder()
            .pages(pages)
            .latency(latency)
            .start();
        let urls: Vec<String> = (0..pages).map(|index| server.page_url(index)).collect();
        let client = reqwest::Client::new();
        let mut expected = None;
        let best = best_of_rounds(context.rounds, 2, |way| {
            let limit = [1, BOUND][way];
            let (elapsed, fetched) = timed(|| runtime.block_on(fetch_all(&client, &urls, limit)));
            all_ok(&fetched, pages, &format!("bound {limit}"))?;
            let bytes: Vec<usize> = fetched.iter().flatten().map(|page| page.bytes).collect();
            same_answer(&mut expected, bytes, &format!("bound {limit}"))?;
            Ok(elapsed)
        })?;
        Ok(Measured::plain(Figures::new(
            Figure::new("bound 1", best[0]),
            Figure::new(format!("bound {BOUND}"), best[1]),
            BOUND.min(pages) as f64,
            format!("{BOUND} waits of {latency:?} at once"),
        )))
    })();
    vec![row("as-fetch", what, context.rounds_rule(), result)]
}

/// as-gather: the lab sheet's 100 random delays (shortened) gathered, against awaiting
/// them one after the other.
fn as_gather(context: &Context) -> Vec<Row> {
    use ex_async::gather::{TASKS, gather_delays, random_delays};
    let divisor = context.sizes.gather_divisor;
    let delays: Vec<Duration> = random_delays(7, TASKS)
        .into_iter()
        .map(|delay| delay / divisor)
        .collect();
    let longest = delays.iter().max().copied().unwrap_or_default();
    let sum: Duration = delays.iter().sum();
    let what = format!(
        "{TASKS} seeded delays up to {longest:?}: gather_delays vs one await after another"
    );
    let result = (|| {
        let runtime = runtime(false)?;
        let best = best_of_rounds(context.rounds, 2, |way| {
            if way == 0 {
                let (elapsed, ()) = timed(|| {
                    runtime.block_on(async {
                        for &delay in &delays {
                            tokio::time::sleep(delay).await;
                        }
                    });
                });
                return Ok(elapsed);
            }
            let (elapsed, report) = timed(|| runtime.block_on(gather_delays(&delays)));
            let waited: Vec<Duration> = report.results.iter().map(|task| task.delay).collect();
            if waited != delays {
                return Err("gather_delays reported other delays than it was given".to_owned());
            }
            Ok(elapsed)
        })?;
        let mut measured = Measured::plain(Figures::new(
            Figure::new("await in turn", best[0]),
            Figure::new("gather_delays", best[1]),
            sum.as_secs_f64() / longest.as_secs_f64(),
            format!("the sum of the delays, {sum:.2?}, over the longest"),
        ));
        measured.notes.push(format!(
            "the lab sheet's delays are 0 to 4 s, here divided by {divisor}; tokio's timer \
             ends each sleep on a millisecond tick, so awaiting 100 sleeps in turn takes \
             longer than their sum and the ratio can pass this limit"
        ));
        Ok(measured)
    })();
    vec![row("as-gather", what, context.rounds_rule(), result)]
}

// ---------------------------------------------------------------------------------------
// ex-mpi
// ---------------------------------------------------------------------------------------

/// mpi-reduce: the `mpi_reduce` example on the reference solution, 2 ranks against 1,
/// read from the example's `figures` line.
fn mpi_reduce(context: &Context) -> Vec<Row> {
    let end = context.sizes.mpi_end;
    let what = format!("sum of i^i mod P over 0..{end}: 2 MPI ranks vs 1");
    let rule =
        "best of 3 interleaved rounds (mpi_reduce's own; --rounds does not apply)".to_owned();
    let Some(mpiexec) = context.mpiexec else {
        return vec![skipped(
            "mpi-reduce",
            what,
            "needs MPICH (apt-get install mpich libmpich-dev)".to_owned(),
        )];
    };
    let result = (|| {
        let output = run_within(
            cargo_command("run")
                .args(["-p", "ex-mpi-solution", "--example", "mpi_reduce", "--"])
                .arg(end.to_string()),
            Duration::from_secs(900),
        )?;
        let line = output
            .stdout
            .lines()
            .find_map(|line| line.strip_prefix("figures "))
            .ok_or("mpi_reduce printed no `figures` line")?;
        let field = |key: &str| -> Result<String, String> {
            line.split_whitespace()
                .find_map(|field| field.strip_prefix(&format!("{key}:")))
                .map(str::to_owned)
                .ok_or_else(|| format!("mpi_reduce's figures line has no {key}: {line:?}"))
        };
        let seconds = |ranks: &str| -> Result<f64, String> {
            field(ranks)?
                .parse()
                .map_err(|_| format!("mpi_reduce's figures line: {line:?}"))
        };
        let sum: u64 = field("sum")?
            .parse()
            .map_err(|_| format!("mpi_reduce's figures line: {line:?}"))?;
        let expected = ex_threads::chunks::sum_sequential(0..end);
        if sum != expected {
            return Err(format!(
                "mpi_reduce summed {sum}, sum_sequential {expected}"
            ));
        }
        let (one, two, four) = (seconds("1")?, seconds("2")?, seconds("4")?);
        let mut measured = Measured::plain(Figures::new(
            Figure::new("1 rank", one),
            Figure::new("2 ranks", two),
            cpu_limit(2) as f64,
            format!("{} cores, 2 ranks", cores()),
        ));
        measured.notes.push(format!(
            "4 ranks took {four:.3} s ({:.2}x one rank) with {mpiexec}; more ranks than \
             cores take turns on them",
            one / four
        ));
        Ok(measured)
    })();
    vec![row("mpi-reduce", what, rule, result)]
}
