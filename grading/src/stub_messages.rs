//! What a starter's stubs say, and whether a test could mistake it for the panic it
//! expects.
//!
//! `#[should_panic(expected = "0 chunks")]` passes on *any* panic whose message holds
//! "0 chunks", so against a starter whose stub says
//! `todo!` says "th-chunks: split {range:?} into {threads} chunks" the test passes without a
//! line of the student's code. The self-check refuses every such pair: no expected text
//! may be something a stub's message could say once its `{…}` placeholders become
//! values. A placeholder is taken to become text without letters (the numbers, ranges
//! and lists a test passes in): otherwise every placeholder could say anything and the
//! rule would refuse every test.
//!
//! ```
//! use grading::stub_messages::{could_say, expected_panics, stub_messages};
//!
//! // (The stub is spelled in two halves so that this file holds none.)
//! let starter = concat!("pub fn f(n: usize) { to", r#"do!("th-chunks: split into {n} chunks") }"#);
//! let test = r#"#[should_panic(expected = "0 chunks")] fn refuses() {}"#;
//! let template = &stub_messages(starter)[0];
//! assert_eq!(template, "th-chunks: split into {n} chunks");
//! assert_eq!(expected_panics(test), ["0 chunks"]);
//! assert!(could_say(template, "0 chunks"));
//! assert!(!could_say(template, "at least one thread"));
//! ```

/// The format strings of every `todo!` and `unimplemented!` with a message in `source`.
pub fn stub_messages(source: &str) -> Vec<String> {
    let mut messages = Vec::new();
    for stub in [concat!("todo", "!("), concat!("unimplemented", "!(")] {
        let mut rest = source;
        while let Some(at) = rest.find(stub) {
            rest = &rest[at + stub.len()..];
            if let Some(text) = leading_string(rest) {
                messages.push(text);
            }
        }
    }
    messages
}

/// The texts of every `should_panic(expected = "…")` in `source`.
pub fn expected_panics(source: &str) -> Vec<String> {
    let mut texts = Vec::new();
    let mut rest = source;
    while let Some(at) = rest.find("should_panic") {
        rest = &rest[at + "should_panic".len()..];
        let attribute = rest.split(']').next().unwrap_or_default();
        if let Some(at) = attribute.find("expected")
            && let Some(after) = attribute[at + "expected".len()..]
                .trim_start()
                .strip_prefix('=')
            && let Some(text) = leading_string(after)
        {
            texts.push(text);
        }
    }
    texts
}

/// The string literal `text` starts with (after blanks), its escapes resolved for `\"`
/// and `\\`; `None` when it does not start with one.
fn leading_string(text: &str) -> Option<String> {
    let mut chars = text.trim_start().strip_prefix('"')?.chars().peekable();
    let mut literal = String::new();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Some(literal),
            '\\' => match chars.next()? {
                'n' => literal.push('\n'),
                't' => literal.push('\t'),
                // A line continuation: the next line's leading blanks are skipped.
                '\n' => while chars.next_if(|c| c.is_whitespace()).is_some() {},
                other => literal.push(other),
            },
            c => literal.push(c),
        }
    }
    None
}

/// One piece of a message template: a fixed character, or a placeholder that may
/// become any text without letters.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Piece {
    Char(char),
    Any,
}

/// Whether some message made from `template` (a format string: `{name}`, `{}` and
/// `{x:?}` may become any text without letters; `{{` and `}}` are braces) contains
/// `text`.
pub fn could_say(template: &str, text: &str) -> bool {
    let pieces = pieces(template);
    let text: Vec<char> = text.chars().collect();
    // matches[j] after i characters: text[..i] can be laid over the pieces starting at
    // some position and ending just before piece j. The text may start at any piece and
    // end at any piece, since the message goes on around it.
    let mut reach = vec![true; pieces.len() + 1];
    for &c in &text {
        let mut next = vec![false; pieces.len() + 1];
        for j in 0..pieces.len() {
            if !reach[j] {
                continue;
            }
            match pieces[j] {
                Piece::Char(fixed) if fixed == c => next[j + 1] = true,
                // A placeholder takes this character and may take more.
                Piece::Any if !c.is_alphabetic() => {
                    next[j] = true;
                    next[j + 1] = true;
                }
                Piece::Char(_) | Piece::Any => {}
            }
        }
        // A placeholder may also be skipped (become less than a character here).
        for j in 0..pieces.len() {
            if next[j] && pieces[j] == Piece::Any {
                next[j + 1] = true;
            }
        }
        reach = next;
        if !reach.iter().any(|&r| r) {
            return false;
        }
    }
    true
}

/// The template as pieces.
fn pieces(template: &str) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut chars = template.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                pieces.push(Piece::Char('{'));
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                pieces.push(Piece::Char('}'));
            }
            '{' => {
                for inner in chars.by_ref() {
                    if inner == '}' {
                        break;
                    }
                }
                pieces.push(Piece::Any);
            }
            c => pieces.push(Piece::Char(c)),
        }
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_may_become_any_text_and_fixed_text_must_match() {
        let template = "th-chunks: split {range:?} into {threads} chunks";
        assert!(could_say(template, "into 0 chunks"));
        assert!(could_say(template, "0..10 into 3"));
        assert!(could_say(template, "chunks"));
        assert!(could_say(template, "th-chunks"));
        assert!(!could_say(template, "zero threads"));
        assert!(!could_say(template, "chunks!"));
        assert!(could_say("{}", "[1, 2] 0..3"));
        assert!(!could_say("{}", "a word"));
        assert!(!could_say("{{literal}}", "x"));
        assert!(could_say("{{literal}}", "{literal}"));
    }

    #[test]
    fn messages_are_read_across_lines_and_escapes() {
        let source = concat!(
            "to",
            "do!(\n    \"q-worker: \\\"start\\\" {n}\",\n    n = 1\n)\nunimplemented",
            "!()"
        );
        assert_eq!(stub_messages(source), ["q-worker: \"start\" {n}"]);
        let test = "#[should_panic(\n expected = \"at least one\"\n)]\n#[should_panic]";
        assert_eq!(expected_panics(test), ["at least one"]);
    }
}
