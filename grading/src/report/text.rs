//! Small text helpers shared by the reports: numbers, caps, markdown fences, and the
//! words each outcome is told apart with.

use crate::outcome::TestOutcome;

/// The most bytes of one test's output (or failure message) a student-facing report shows.
pub(crate) const MAX_TEST_OUTPUT_BYTES: usize = 4 * 1024;

/// The most bytes of one crate's compile errors a student-facing report shows.
pub(crate) const MAX_BUILD_ERROR_BYTES: usize = 8 * 1024;

/// The most bytes of one test's output the instructor's JUnit report keeps.
pub(crate) const MAX_JUNIT_OUTPUT_BYTES: usize = 16 * 1024;

/// A path fragment every hidden test file has (the kit layout of `AUTHORING.md`).
const HIDDEN_DIRS: [&str; 2] = ["/grading/hidden/", "\\grading\\hidden\\"];

/// Whether XML 1.0 allows `c` in a document (its `Char` production): tab, newline,
/// carriage return, and everything from U+0020 up but U+FFFE and U+FFFF (surrogates
/// cannot be Rust `char`s).
pub(crate) fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{fffe}' && c != '\u{ffff}')
}

/// `text` with every character XML 1.0 forbids (other control characters, U+FFFE,
/// U+FFFF) written as a Rust escape (`\u{0}`, `\u{fffe}`), so any bytes a test printed
/// are safe in XML, in markdown and in JSON a web service stores. The escape is plain
/// ASCII with no character XML or markdown treats specially.
pub(crate) fn printable(text: &str) -> String {
    if text.chars().all(is_xml_char) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if is_xml_char(c) {
            out.push(c);
        } else {
            out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        }
    }
    out
}

/// `text` as literal markdown: every character markdown or HTML could read as markup
/// (`<`, `>`, `&`, `*`, `_`, backticks, brackets, ...) is backslash-escaped, so a note
/// naming a student's file called `<script>.txt` shows those characters and is never
/// markup. Line breaks become spaces.
pub(crate) fn markdown_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' | '\r' => out.push(' '),
            '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '<' | '>' | '(' | ')' | '#' | '!'
            | '|' | '~' | '&' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// Points with at most two decimals, trailing zeros trimmed: `1.5`, `2`, `0.67`.
pub(crate) fn points(value: f64) -> String {
    let mut text = format!("{value:.2}");
    if text.contains('.') {
        let trimmed = text.trim_end_matches('0').trim_end_matches('.').len();
        text.truncate(trimmed);
    }
    if text == "-0" {
        text = "0".to_string();
    }
    text
}

/// `earned/max` with [`points`].
pub(crate) fn fraction(earned: f64, max: f64) -> String {
    format!("{}/{}", points(earned), points(max))
}

/// At most `limit` bytes of `text` (cut on a character boundary), saying how much was cut.
pub(crate) fn cap(text: &str, limit: usize) -> String {
    if text.len() <= limit {
        return text.to_string();
    }
    let mut end = limit;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!(
        "{}\n[... {} more bytes cut ...]",
        &text[..end],
        text.len() - end
    )
}

/// The longest run of `wanted` in `text`.
fn longest_run(text: &str, wanted: char) -> usize {
    let (mut longest, mut current) = (0, 0);
    for c in text.chars() {
        current = if c == wanted { current + 1 } else { 0 };
        longest = longest.max(current);
    }
    longest
}

/// A fenced code block holding `text`, with a fence longer than any backtick run inside
/// it so the text cannot close the block early. Ends with a newline.
pub(crate) fn fenced(text: &str, info: &str) -> String {
    let fence = "`".repeat(longest_run(text, '`').max(2) + 1);
    let body = text.trim_end_matches(['\n', '\r']);
    format!("{fence}{info}\n{body}\n{fence}\n")
}

/// An inline code span holding `text` (on one line), safe against backticks inside it.
pub(crate) fn code_span(text: &str) -> String {
    let text = text.replace(['\n', '\r'], " ");
    let ticks = "`".repeat(longest_run(&text, '`') + 1);
    if text.starts_with('`') || text.ends_with('`') {
        format!("{ticks} {text} {ticks}")
    } else {
        format!("{ticks}{text}{ticks}")
    }
}

/// A signal's name, like `SIGSEGV`.
pub(crate) fn signal_name(signal: i32) -> &'static str {
    nix::sys::signal::Signal::try_from(signal)
        .map(|signal| signal.as_str())
        .unwrap_or("unknown signal")
}

/// The outcome in words. With `detailed`, the words carry the failure message's first
/// line (passed through `quote`), the time limit, the signal or the exit code; without,
/// only what kind of outcome it was (all students may learn about a hidden test).
pub(crate) fn outcome_phrase(
    outcome: &TestOutcome,
    detailed: bool,
    quote: fn(&str) -> String,
) -> String {
    match outcome {
        TestOutcome::Passed => "passed".to_string(),
        TestOutcome::Failed { message } => {
            let headline = failure_headline(message);
            if detailed && !headline.is_empty() {
                format!("failed: {}", quote(&cap(headline, 200)))
            } else {
                "failed".to_string()
            }
        }
        TestOutcome::Unfinished { code } => {
            if detailed {
                format!("exited with status {code} before the test finished")
            } else {
                "exited before the test finished".to_string()
            }
        }
        // The limit is no secret of a hidden test: it says how long the test had.
        TestOutcome::TimedOut { limit } => {
            format!("timed out after {} s", points(limit.as_secs_f64()))
        }
        TestOutcome::Crashed { signal } => {
            if detailed {
                format!("crashed with signal {signal} ({})", signal_name(*signal))
            } else {
                "crashed".to_string()
            }
        }
        TestOutcome::BuildError => "did not compile".to_string(),
        TestOutcome::Missing => "missing: no code was submitted for this crate".to_string(),
        TestOutcome::Leaked { processes } => {
            if detailed {
                format!("left {processes} process(es) running after it ended")
            } else {
                "left processes running after it ended".to_string()
            }
        }
        TestOutcome::NotRun { reason } => format!("not run: {reason}"),
        TestOutcome::GraderFault { .. } => {
            "not graded: the grader could not run it (your instructor is told)".to_string()
        }
        TestOutcome::NotGradable { missing } => {
            format!("not gradable on the grading machine (it needs {missing}); not counted")
        }
    }
}

/// The line of a failure message worth quoting: the panic's message (the first line after
/// libtest's `thread '...' panicked at FILE:LINE:COL:`), else the first non-empty line.
pub(crate) fn failure_headline(message: &str) -> &str {
    let mut lines = message.lines().map(str::trim);
    let first = lines
        .clone()
        .find(|line| !line.is_empty())
        .unwrap_or_default();
    if lines.any(|line| line.starts_with("thread '") && line.contains(" panicked at ")) {
        lines.find(|line| !line.is_empty()).unwrap_or(first)
    } else {
        first
    }
}

/// Text as it is, for [`outcome_phrase`] in plain-text reports.
pub(crate) fn as_is(text: &str) -> String {
    text.to_string()
}

/// The detail worth showing under a test that did not pass: the failure message for a
/// failed test, the captured output for one that timed out, crashed or exited early, and
/// nothing for a test that passed or never ran.
pub(crate) fn outcome_detail<'a>(outcome: &'a TestOutcome, output: &'a str) -> Option<&'a str> {
    let detail = match outcome {
        TestOutcome::Failed { message } => message.as_str(),
        TestOutcome::Unfinished { .. }
        | TestOutcome::TimedOut { .. }
        | TestOutcome::Crashed { .. }
        | TestOutcome::Leaked { .. } => output,
        TestOutcome::Passed
        | TestOutcome::BuildError
        | TestOutcome::Missing
        | TestOutcome::NotRun { .. }
        | TestOutcome::GraderFault { .. }
        | TestOutcome::NotGradable { .. } => "",
    };
    (!detail.trim().is_empty()).then_some(detail)
}

/// How many tests ended each way.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct OutcomeCounts {
    pub(crate) pass: usize,
    pub(crate) fail: usize,
    pub(crate) timeout: usize,
    pub(crate) crash: usize,
    pub(crate) build_error: usize,
    pub(crate) missing: usize,
    pub(crate) unfinished: usize,
    pub(crate) leak: usize,
    pub(crate) not_run: usize,
    pub(crate) grader_fault: usize,
    pub(crate) not_gradable: usize,
}

impl OutcomeCounts {
    /// Counts every outcome of `outcomes`.
    pub(crate) fn of<'a>(outcomes: impl IntoIterator<Item = &'a TestOutcome>) -> Self {
        let mut counts = OutcomeCounts::default();
        for outcome in outcomes {
            let slot = match outcome {
                TestOutcome::Passed => &mut counts.pass,
                TestOutcome::Failed { .. } => &mut counts.fail,
                TestOutcome::TimedOut { .. } => &mut counts.timeout,
                TestOutcome::Crashed { .. } => &mut counts.crash,
                TestOutcome::BuildError => &mut counts.build_error,
                TestOutcome::Missing => &mut counts.missing,
                TestOutcome::Unfinished { .. } => &mut counts.unfinished,
                TestOutcome::Leaked { .. } => &mut counts.leak,
                TestOutcome::NotRun { .. } => &mut counts.not_run,
                TestOutcome::GraderFault { .. } => &mut counts.grader_fault,
                TestOutcome::NotGradable { .. } => &mut counts.not_gradable,
            };
            *slot += 1;
        }
        counts
    }

    /// `(label, count)` in a fixed order, labels as [`TestOutcome::label`] gives them.
    pub(crate) fn labelled(&self) -> [(&'static str, usize); 11] {
        [
            ("pass", self.pass),
            ("fail", self.fail),
            ("timeout", self.timeout),
            ("crash", self.crash),
            ("build-error", self.build_error),
            ("missing", self.missing),
            ("unfinished", self.unfinished),
            ("leak", self.leak),
            ("not-run", self.not_run),
            ("grader-fault", self.grader_fault),
            ("not-gradable", self.not_gradable),
        ]
    }
}

/// Compile errors with every diagnostic that points into a hidden test file removed (the
/// compiler quotes the source lines it complains about, which would show students hidden
/// test code), and a line saying how many were withheld.
///
/// A diagnostic starts at a line beginning with `error` or `warning`; one that mentions
/// a path under `grading/hidden/` is dropped whole.
pub(crate) fn withhold_hidden_diagnostics(errors: &str) -> String {
    let mut diagnostics: Vec<String> = Vec::new();
    for line in errors.lines() {
        let starts = line.starts_with("error") || line.starts_with("warning");
        match diagnostics.last_mut() {
            Some(current) if !starts => {
                current.push('\n');
                current.push_str(line);
            }
            Some(_) | None => diagnostics.push(line.to_string()),
        }
    }
    let total = diagnostics.len();
    let kept: Vec<String> = diagnostics
        .into_iter()
        .filter(|diagnostic| !HIDDEN_DIRS.iter().any(|dir| diagnostic.contains(dir)))
        .collect();
    let withheld = total - kept.len();
    let mut text = kept.join("\n");
    if withheld > 0 {
        text.push_str(&format!(
            "\n[{withheld} error(s) in hidden test files withheld: your code compiles, but a \
             hidden test cannot use it; check that every public item keeps the name and \
             signature the exercise asks for]"
        ));
    }
    text
}

#[cfg(test)]
mod printable_tests {
    use super::*;

    #[test]
    fn only_what_xml_forbids_is_escaped() {
        let every_control: String = (0u8..0x20).map(char::from).collect();
        let text = format!("a{every_control}\u{fffe}\u{ffff}\u{feff}\u{fffd}]]><\"'é");
        let expected = format!(
            "a{}\t\n\\u{{b}}\\u{{c}}\r{}\\u{{fffe}}\\u{{ffff}}\u{feff}\u{fffd}]]><\"'é",
            (0..9).map(|c| format!("\\u{{{c:x}}}")).collect::<String>(),
            (0xe..0x20)
                .map(|c| format!("\\u{{{c:x}}}"))
                .collect::<String>(),
        );
        assert_eq!(printable(&text), expected);
        assert!(printable(&text).chars().all(is_xml_char));
        assert_eq!(printable("plain\ttext\n"), "plain\ttext\n");
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn points_keep_two_decimals_at_most_and_trim_zeros() {
        assert_eq!(points(1.5), "1.5");
        assert_eq!(points(2.0), "2");
        assert_eq!(points(2.0 / 3.0), "0.67");
        assert_eq!(points(0.0), "0");
        assert_eq!(points(-0.0001), "0");
        assert_eq!(points(10.0), "10");
        assert_eq!(points(0.1), "0.1");
    }

    #[test]
    fn caps_cut_on_a_character_boundary_and_say_so() {
        assert_eq!(cap("abc", 3), "abc");
        let capped = cap("ééé", 3);
        assert!(capped.starts_with("é\n[... 4 more bytes cut"), "{capped}");
    }

    #[test]
    fn fences_outgrow_the_backticks_inside() {
        assert_eq!(fenced("a", "text"), "```text\na\n```\n");
        assert_eq!(fenced("x ```` y\n", ""), "`````\nx ```` y\n`````\n");
        assert_eq!(code_span("a`b"), "``a`b``");
        assert_eq!(code_span("`a"), "`` `a ``");
    }

    #[test]
    fn hidden_outcomes_lose_their_details() {
        let timed_out = TestOutcome::TimedOut {
            limit: Duration::from_secs(30),
        };
        assert_eq!(
            outcome_phrase(&timed_out, true, as_is),
            "timed out after 30 s"
        );
        // The limit is shown for hidden tests too: it is how long the test had.
        assert_eq!(
            outcome_phrase(&timed_out, false, as_is),
            "timed out after 30 s"
        );
        let crashed = TestOutcome::Crashed { signal: 11 };
        assert_eq!(
            outcome_phrase(&crashed, true, as_is),
            "crashed with signal 11 (SIGSEGV)"
        );
        let failed = TestOutcome::Failed {
            message: "assertion failed\nleft: 1".into(),
        };
        assert_eq!(
            outcome_phrase(&failed, true, code_span),
            "failed: `assertion failed`"
        );
        assert_eq!(outcome_phrase(&failed, false, code_span), "failed");
        let panicked = TestOutcome::Failed {
            message: "seed 3\nthread 'a::b' panicked at t.rs:1:1:\nth-x: do it\n".into(),
        };
        assert_eq!(
            outcome_phrase(&panicked, true, as_is),
            "failed: th-x: do it"
        );
    }

    #[test]
    fn diagnostics_in_hidden_files_are_withheld() {
        let errors = "error[E0425]: cannot find function `spawn_all`\n  \
                      --> /kit/grading/hidden/ex-threads/th_spawn.rs:3:5\n   |\n\
                      3  |     secret_call();\n\
                      error[E0308]: mismatched types\n  --> src/spawn.rs:1:1\n";
        let text = withhold_hidden_diagnostics(errors);
        assert!(!text.contains("secret_call"), "{text}");
        assert!(text.contains("src/spawn.rs"), "{text}");
        assert!(
            text.contains("1 error(s) in hidden test files withheld"),
            "{text}"
        );
    }
}
