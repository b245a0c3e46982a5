//! Every report stays valid whatever bytes a test printed: a grade whose failure message,
//! output, notes and build errors hold every control character, U+FFFE, U+FFFF, U+FEFF,
//! `]]>`, quotes and `<script>` is written with `write_reports`, and each file is read
//! back with a strict parser of its format.

use std::collections::BTreeMap;

use grading::kit::Visibility;
use grading::manifest::Manifest;
use grading::outcome::TestOutcome;
use grading::report::{GradescopeResults, ReportOptions, write_reports};
use grading::score::{ExerciseGrade, SubmissionGrade, TestResult};

/// Markers that must come through every report (as themselves or escaped).
const MARKERS: [&str; 5] = [
    "]]>",
    "<script>alert(1)</script>",
    "\"double\"",
    "'single'",
    "&amp;",
];

/// Every control character, the characters XML 1.0 forbids, a byte order mark, and the
/// markers, with text between them.
fn hostile(label: &str) -> String {
    let controls: String = (0u8..0x20).map(char::from).collect();
    format!(
        "{label} start {} \u{fffe} \u{ffff} \u{feff} {controls} end {label}",
        MARKERS.join(" ")
    )
}

/// The name: quotes, a comma and markup, but nothing a file name cannot hold.
const STUDENT: &str = "o'brien, \"<i>&x\"";

/// One exercise, th-spawn ("Ten slow jobs"), worth the default 2 points.
fn manifest() -> Manifest {
    Manifest::parse(grading::manifest::EXAMPLE).unwrap()
}

fn test(visibility: Visibility, outcome: TestOutcome, output: String) -> TestResult {
    TestResult {
        exercise: "th-spawn".into(),
        target: match visibility {
            Visibility::Visible => "th_spawn".into(),
            Visibility::Hidden => "hidden_th_spawn".into(),
        },
        name: "many_jobs".into(),
        visibility,
        outcome,
        output,
        duration_ms: 3,
        score: 0.0,
        max_score: 1.0,
        requirement: None,
    }
}

fn grade() -> SubmissionGrade {
    let failed = |label: &str| TestOutcome::Failed {
        message: hostile(label),
    };
    SubmissionGrade {
        student: STUDENT.into(),
        exercises: vec![ExerciseGrade {
            id: "th-spawn".into(),
            crate_name: "ex-threads".into(),
            title: "Ten slow jobs".into(),
            hint: "Keep the JoinHandles.".into(),
            score: 0.0,
            max_score: 2.0,
            requirements: vec![],
            tests: vec![
                test(Visibility::Visible, failed("message"), hostile("output")),
                test(Visibility::Hidden, failed("hidden"), hostile("hidden-out")),
            ],
        }],
        build_errors: BTreeMap::from([("ex-queues".to_string(), hostile("build"))]),
        notes: vec![hostile("note")],
        sandboxed: true,
    }
}

/// Whether XML 1.0 allows `c`.
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{fffe}' && c != '\u{ffff}')
}

fn written() -> (tempfile::TempDir, grading::report::ReportFiles) {
    let out = tempfile::tempdir().unwrap();
    let options = ReportOptions {
        show_hidden_details: true,
        ..ReportOptions::default()
    };
    let files = write_reports(&[grade()], &manifest(), out.path(), &options).unwrap();
    (out, files)
}

/// Checks `text` holds the markers, the escapes of what XML forbids, and nothing XML
/// forbids.
fn check_text(what: &str, text: &str) {
    for marker in MARKERS {
        assert!(text.contains(marker), "{what} lost {marker:?}: {text:?}");
    }
    assert!(
        text.contains("\\u{fffe}") && text.contains("\\u{ffff}"),
        "{what}: {text:?}"
    );
    assert!(text.contains('\u{feff}'), "{what} lost the BOM: {text:?}");
    assert!(text.chars().all(xml_char), "{what}: {text:?}");
}

#[test]
fn the_parser_used_here_refuses_what_xml_forbids() {
    assert!(roxmltree::Document::parse("<a>\u{fffe}</a>").is_err());
    assert!(roxmltree::Document::parse("<a b=\"\u{ffff}\"/>").is_err());
    assert!(roxmltree::Document::parse("<a>\u{1}</a>").is_err());
    // The JUnit library alone lets U+FFFE through: this grade broke the class's report.
    let raw = grading::report::junit_report(&[grade()])
        .to_string()
        .unwrap();
    assert!(roxmltree::Document::parse(&raw).is_err());
}

#[test]
fn junit_xml_parses_and_keeps_the_text() {
    let (_out, files) = written();
    let xml = std::fs::read_to_string(&files.junit).unwrap();
    let document = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{e}: {xml}"));
    let suite = document
        .descendants()
        .find(|node| node.has_tag_name("testsuite"))
        .unwrap();
    assert_eq!(suite.attribute("name"), Some(STUDENT));
    let failures: Vec<_> = document
        .descendants()
        .filter(|node| node.has_tag_name("failure"))
        .collect();
    assert_eq!(failures.len(), 2);
    for failure in failures {
        check_text("a failure message", failure.attribute("message").unwrap());
    }
    let outputs: Vec<&str> = document
        .descendants()
        .filter(|node| node.has_tag_name("system-out") || node.has_tag_name("system-err"))
        .map(|node| node.text().unwrap_or_default())
        .collect();
    assert_eq!(outputs.len(), 3, "two outputs and the notes: {xml}");
    for text in outputs {
        check_text("an output", text);
    }
}

#[test]
fn gradescope_results_parse_and_keep_the_text() {
    let (_out, files) = written();
    let text = std::fs::read_to_string(&files.gradescope[STUDENT]).unwrap();
    let results: GradescopeResults = serde_json::from_str(&text).unwrap();
    check_text("the summary", &results.output);
    assert_eq!(results.tests.len(), 2);
    for test in &results.tests {
        check_text("a test's output", &test.output);
    }
    // No NUL or other control character reaches a service that stores the JSON.
    assert!(
        !text.contains("\\u0000") && !text.contains("\\u001b"),
        "{text}"
    );
}

#[test]
fn the_gradebook_parses_with_the_name_intact() {
    let (_out, files) = written();
    let mut reader = csv::Reader::from_path(&files.gradebook).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 1);
    assert_eq!(&rows[0][0], STUDENT);
    assert_eq!(rows[0].len(), reader.headers().unwrap().len());
}

#[test]
fn feedback_is_text_and_student_text_is_never_markup() {
    use pulldown_cmark::{Event, Parser};
    let (_out, files) = written();
    let page = std::fs::read_to_string(&files.feedback[STUDENT]).unwrap();
    assert!(page.chars().all(xml_char), "{page:?}");
    let mut shown = String::new();
    for event in Parser::new(&page) {
        match event {
            Event::Html(html) | Event::InlineHtml(html) => {
                panic!("student text became HTML: {html:?} in {page}")
            }
            Event::Text(text) | Event::Code(text) => shown.push_str(&text),
            _ => {}
        }
    }
    // The notes, the failure message and the build errors are all shown as text.
    for label in ["note", "message", "build"] {
        let start = format!("{label} start ");
        assert!(shown.contains(&start), "{label}: {shown}");
    }
    for marker in MARKERS {
        assert!(shown.contains(marker), "{marker:?} not shown: {shown}");
    }
    assert!(
        shown.contains(&format!("Feedback for {STUDENT}")),
        "{shown}"
    );
}
