//! The lab sheets' Python programs, run beside the Rust code on the same work: each is a
//! small program kept here as text, written to a temporary folder and run with `python3`.
//! Each prints one machine-readable line, `seconds <S> <key> <value>`.

use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use crate::programs::run_within;

/// th-chunks' work in CPython, after `seeds/000_423ad200312eb3ed.txt`, E3.3 and E3.4.
pub const CHUNKS: &str = r#"# th-chunks' work in CPython, after the lab sheet seeds/000_423ad200312eb3ed.txt,
# E3.3 (threading) and E3.4 (multiprocessing): process_stuff adds up a range split into
# chunks, one thread or one process per chunk. Here each term is pow(i, i, P), the same
# work as Rust's sum_sequential, so the sums can be compared.
# usage: python3 chunks.py sequential|threads|processes STOP WORKERS
import multiprocessing
import sys
import threading
import time

P = 1_000_000_007


def process_stuff(start, stop):
    a = 0
    for i in range(start, stop):
        a += pow(i, i, P)
    return a % P


def chunks(stop, n):
    size = stop // n
    return [(k * size, stop if k == n - 1 else (k + 1) * size) for k in range(n)]


def in_threads(stop, n):
    results = [0] * n

    def work(k, start, end):
        results[k] = process_stuff(start, end)

    threads = [threading.Thread(target=work, args=(k, a, b))
               for k, (a, b) in enumerate(chunks(stop, n))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(results) % P


def work_in_process(start, stop, queue):
    queue.put(process_stuff(start, stop))


def in_processes(stop, n):
    queue = multiprocessing.Queue()
    processes = [multiprocessing.Process(target=work_in_process, args=(a, b, queue))
                 for a, b in chunks(stop, n)]
    for p in processes:
        p.start()
    total = sum(queue.get() for _ in processes)
    for p in processes:
        p.join()
    return total % P


if __name__ == '__main__':
    mode, stop, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    s = time.perf_counter()
    if mode == 'sequential':
        total = process_stuff(0, stop)
    elif mode == 'threads':
        total = in_threads(stop, n)
    else:
        total = in_processes(stop, n)
    e = time.perf_counter()
    print(f"seconds {e - s} sum {total}")
"#;

/// mp-pipe-vs-queue's work in CPython, after `seeds/003_6d07538b8dc49121.txt`.
pub const PIPE_VS_QUEUE: &str = r#"# mp-pipe-vs-queue in CPython: the lab sheet's benchmark (seeds/003_6d07538b8dc49121.txt,
# "Performance Benchmarking Pipes vs Queues"): COUNT numbers and then 'DONE' to a reader
# process, through a Pipe (send/recv) or a Queue (put/get), timed from the first number
# sent to the reader's end. The reader checks that every number came, in order, and says
# so with its exit code.
# usage: python3 pipe_vs_queue.py pipe|queue COUNT
import multiprocessing
import sys
import time


def reader_pipe(conn, count):
    expected = 0
    while True:
        msg = conn.recv()
        if msg == 'DONE':
            break
        if msg != expected:
            sys.exit(1)
        expected += 1
    conn.close()
    sys.exit(0 if expected == count else 1)


def reader_queue(q, count):
    expected = 0
    while True:
        msg = q.get()
        if msg == 'DONE':
            break
        if msg != expected:
            sys.exit(1)
        expected += 1
    sys.exit(0 if expected == count else 1)


if __name__ == '__main__':
    way, count = sys.argv[1], int(sys.argv[2])
    if way == 'pipe':
        p_w, p_r = multiprocessing.Pipe()
        reader = multiprocessing.Process(target=reader_pipe, args=(p_r, count))
        reader.start()
        s = time.perf_counter()
        for i in range(count):
            p_w.send(i)
        p_w.send('DONE')
        reader.join()
    else:
        q = multiprocessing.Queue()
        reader = multiprocessing.Process(target=reader_queue, args=(q, count))
        reader.start()
        s = time.perf_counter()
        for i in range(count):
            q.put(i)
        q.put('DONE')
        reader.join()
    e = time.perf_counter()
    print(f"seconds {e - s} ok {reader.exitcode == 0}")
"#;

/// How long one Python program may run before it is killed.
const LIMIT: Duration = Duration::from_secs(300);

/// A `python3` that runs, with the programs written where it can read them.
#[derive(Debug)]
pub struct Python3 {
    /// `python3 --version`.
    pub version: String,
    /// The folder holding the programs (removed when this is dropped).
    dir: PathBuf,
}

impl Python3 {
    /// `python3` when it runs here, with the programs written to a temporary folder;
    /// `None` when it does not run (or the folder cannot be written).
    pub fn find() -> Option<Python3> {
        let output = run_within(
            Command::new("python3").arg("--version"),
            Duration::from_secs(20),
        )
        .ok()?;
        let version = format!("{}{}", output.stdout, output.stderr)
            .trim()
            .to_owned();
        let dir = std::env::temp_dir().join(format!("speed-table-{}", std::process::id()));
        std::fs::create_dir_all(&dir).ok()?;
        std::fs::write(dir.join("chunks.py"), CHUNKS).ok()?;
        std::fs::write(dir.join("pipe_vs_queue.py"), PIPE_VS_QUEUE).ok()?;
        Some(Python3 { version, dir })
    }

    /// Runs the program `file` with `args`, and returns its seconds and the value that
    /// follows them on its line (`seconds 0.5 sum 42` gives `(0.5, "42")`).
    ///
    /// # Errors
    /// If it fails, runs too long, or prints no such line.
    pub fn run(&self, file: &str, args: &[String]) -> Result<(f64, String), String> {
        let output = run_within(
            Command::new("python3").arg(self.dir.join(file)).args(args),
            LIMIT,
        )
        .map_err(|error| format!("python3 {file}: {error}"))?;
        let line = output
            .stdout
            .lines()
            .find_map(|line| line.strip_prefix("seconds "))
            .ok_or_else(|| format!("python3 {file} printed no `seconds` line"))?;
        let fields: Vec<&str> = line.split_whitespace().collect();
        match fields[..] {
            [seconds, _key, value] => seconds
                .parse()
                .map(|seconds| (seconds, value.to_owned()))
                .map_err(|_| format!("python3 {file} printed {line:?}")),
            _ => Err(format!("python3 {file} printed {line:?}")),
        }
    }
}

impl Drop for Python3 {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
