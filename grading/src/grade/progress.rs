//! What a batch shows while it works: a progress bar (indicatif) on a terminal, plain
//! lines on stderr otherwise (CI logs, a redirected run).

use std::time::Duration;

use grading::batch::BatchEvent;
use indicatif::{ProgressBar, ProgressStyle};

/// The display of one batch's progress.
pub struct Progress {
    bar: ProgressBar,
}

impl Progress {
    /// A bar of tests run so far, hidden when stderr is not a terminal.
    pub fn new() -> Progress {
        let bar = ProgressBar::new(0);
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} tests  {msg}",
            )
            .expect("a valid progress template"),
        );
        Progress { bar }
    }

    /// Says `message` above the bar, or as a line of its own without one (a hidden bar
    /// also drops what it is asked to print).
    fn say(&self, message: String) {
        if self.bar.is_hidden() {
            eprintln!("{message}");
        } else {
            self.bar.println(message);
        }
    }

    /// Shows one event of the batch.
    pub fn show(&self, event: BatchEvent) {
        match event {
            BatchEvent::Resumed { skipped } if skipped > 0 => self.say(format!(
                "resuming: {skipped} student(s) already graded (--force regrades them)"
            )),
            BatchEvent::Resumed { .. } => {}
            BatchEvent::BuildStarted { students } => {
                if self.bar.is_hidden() {
                    eprintln!("building {students} submission(s)...");
                }
                self.bar
                    .set_message(format!("building {students} submission(s)"));
                self.bar.enable_steady_tick(Duration::from_millis(200));
            }
            BatchEvent::BuildFinished { students, took } => {
                if self.bar.is_hidden() {
                    eprintln!(
                        "built {students} submission(s) in {:.0} s",
                        took.as_secs_f64()
                    );
                }
                self.bar.set_message("running tests");
            }
            BatchEvent::TestsPlanned { tests } => {
                self.bar.inc_length(tests as u64);
                self.bar.set_message("running tests");
            }
            BatchEvent::ReferenceChecked { failed } => {
                self.bar.set_message("grading students");
                if !failed.is_empty() {
                    self.say(format!(
                        "WARNING: the reference solution fails {} test(s) here, so grades \
                         cannot be trusted:\n  {}",
                        failed.len(),
                        failed.join("\n  ")
                    ));
                }
            }
            BatchEvent::TestFinished => self.bar.inc(1),
            BatchEvent::StudentGraded { student } => self.say(format!("graded {student}")),
            BatchEvent::ArtifactsRemoved { .. } => {}
        }
    }

    /// Removes the bar once the batch is done.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
