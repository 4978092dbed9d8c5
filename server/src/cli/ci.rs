//! The CI formats: `--format github` (workflow commands, shown as annotations), `--format gitlab`
//! (a Code Quality report) and `--format junit` (a JUnit XML report). Documented field by field in
//! docs/cli.md.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::{self, Write};

use serde::Serialize;

use super::report::{note_text, Record};

/// The message with each related location appended in parentheses, for formats that take one line:
/// "… (RFC 9110 §15.5.2) (built by util::json_error at src/util.rs:12)".
pub(crate) fn one_line_message(record: &Record, related_paths: &[String]) -> String {
    let mut message = record.message.clone();
    for (note, shown) in record.related.iter().zip(related_paths) {
        message.push_str(&format!(" ({})", note_text(note, shown)));
    }
    message
}
use crate::rules::Severity;

/// One GitHub Actions workflow command:
/// `::error file=P,line=L,col=C,endLine=L2,endColumn=C2,title=RULE::MESSAGE`.
/// `related_paths`: the path shown for each related location (relative to the working folder); each
/// adds a `Note: built by … at src/util.rs:12` line to the message.
pub(crate) fn github_line(path: &str, record: &Record, related_paths: &[String]) -> String {
    let command = match record.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "notice",
    };
    let r = record.range;
    let mut message = record.message.clone();
    for (note, shown) in record.related.iter().zip(related_paths) {
        message.push_str(&format!("\nNote: {}", note_text(note, shown)));
    }
    if let Some(fix) = &record.fix {
        message.push_str(&format!("\nFix: {}", fix.title));
    }
    format!(
        "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
        github_property(path),
        r.start.line,
        r.start.column,
        r.end.line,
        r.end.column,
        github_property(record.rule),
        github_data(&message)
    )
}

/// A command's message: `%`, CR and LF are escaped (GitHub's toolkit `escapeData`).
fn github_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A property value: also `:` and `,`, which separate properties (`escapeProperty`).
fn github_property(text: &str) -> String {
    github_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// One GitLab Code Quality issue (the fields GitLab reads).
#[derive(Serialize)]
pub(crate) struct CodeQualityIssue<'a> {
    description: String,
    check_name: &'a str,
    fingerprint: String,
    severity: &'static str,
    location: CodeQualityLocation<'a>,
}

#[derive(Serialize)]
struct CodeQualityLocation<'a> {
    path: &'a str,
    lines: CodeQualityLines,
}

#[derive(Serialize)]
struct CodeQualityLines {
    begin: u32,
}

/// Fingerprints for one file's records. A fingerprint hashes the rule, the path, the trimmed source
/// line and how many identical (rule, line) pairs came before in the file, not the line number: it
/// survives edits elsewhere in the file, so GitLab sees the same finding across commits.
#[derive(Default)]
pub(crate) struct Fingerprints {
    seen: HashMap<(String, String), usize>,
}

impl Fingerprints {
    pub(crate) fn issue<'a>(
        &mut self,
        path: &'a str,
        record: &'a Record,
        related_paths: &[String],
    ) -> CodeQualityIssue<'a> {
        let line = record
            .snippet
            .as_ref()
            .map_or(String::new(), |s| s.text.trim().to_string());
        let n = self
            .seen
            .entry((record.rule.to_string(), line.clone()))
            .or_insert(0);
        let key = format!("{}\0{path}\0{line}\0{n}", record.rule);
        *n += 1;
        CodeQualityIssue {
            description: format!(
                "{}: {}",
                record.rule,
                one_line_message(record, related_paths)
            ),
            check_name: record.rule,
            fingerprint: fingerprint(&key),
            severity: match record.severity {
                Severity::Error => "major",
                Severity::Warning => "minor",
                Severity::Info | Severity::Hint => "info",
            },
            location: CodeQualityLocation {
                path,
                lines: CodeQualityLines {
                    begin: record.range.start.line,
                },
            },
        }
    }
}

/// 128 bits as 32 hex digits: two FNV-1a 64 hashes with different offset bases. Not cryptographic;
/// it only has to be stable across runs, versions and platforms (std's hasher is not).
fn fingerprint(key: &str) -> String {
    let fnv = |basis: u64| {
        key.bytes().fold(basis, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
        })
    };
    format!(
        "{:016x}{:016x}",
        fnv(0xcbf2_9ce4_8422_2325),
        fnv(0x6c62_272e_07bb_0142)
    )
}

/// `--format junit`: one `<testsuite>` per checked file, one `<testcase>` per finding (warnings and
/// errors as `<failure>`, infos and hints pass and carry their message in `<system-out>`), and one
/// passing `<testcase>` for a file without findings. Written at the end: the root element holds the
/// totals.
#[derive(Default)]
pub(crate) struct JunitWriter {
    suites: String,
    tests: usize,
    failures: usize,
}

impl JunitWriter {
    /// `related_paths[i]`: the shown path of each of `records[i]`'s related locations.
    pub(crate) fn file(&mut self, path: &str, records: &[Record], related_paths: &[Vec<String>]) {
        let mut cases = String::new();
        let mut failures = 0;
        for (record, related) in records.iter().zip(related_paths) {
            let r = record.range;
            let message = one_line_message(record, related);
            let name = format!("{} at {}:{}", record.rule, r.start.line, r.start.column);
            let detail = format!(
                "{path}:{}:{}: {}[{}] {}",
                r.start.line,
                r.start.column,
                record.severity.as_str(),
                record.rule,
                message
            );
            let _ = writeln!(
                cases,
                "    <testcase name=\"{}\" classname=\"{}\" file=\"{}\" line=\"{}\">",
                xml(&name),
                xml(path),
                xml(path),
                r.start.line
            );
            if matches!(record.severity, Severity::Error | Severity::Warning) {
                failures += 1;
                let _ = writeln!(
                    cases,
                    "      <failure type=\"{}\" message=\"{}\">{}</failure>",
                    xml(record.rule),
                    xml(&message),
                    xml(&detail)
                );
            } else {
                let _ = writeln!(cases, "      <system-out>{}</system-out>", xml(&detail));
            }
            cases.push_str("    </testcase>\n");
        }
        let tests = records.len().max(1);
        if records.is_empty() {
            let _ = writeln!(
                cases,
                "    <testcase name=\"no problems\" classname=\"{}\" file=\"{}\"/>",
                xml(path),
                xml(path)
            );
        }
        let _ = write!(
            self.suites,
            "  <testsuite name=\"{}\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\">\n{cases}  </testsuite>\n",
            xml(path)
        );
        self.tests += tests;
        self.failures += failures;
    }

    pub(crate) fn finish(self, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>")?;
        writeln!(
            out,
            "<testsuites name=\"statuslint\" tests=\"{}\" failures=\"{}\" errors=\"0\">",
            self.tests, self.failures
        )?;
        out.write_all(self.suites.as_bytes())?;
        writeln!(out, "</testsuites>")
    }
}

/// Text for an XML attribute or element; control characters XML 1.0 cannot hold become U+FFFD.
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\n' => out.push_str("&#10;"),
            '\t' | '\r' => out.push(c),
            c if (c as u32) < 0x20 => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_escapes_separators_and_newlines() {
        assert_eq!(github_property("a,b:c%"), "a%2Cb%3Ac%25");
        assert_eq!(github_data("50%\nnext, ok: yes"), "50%25%0Anext, ok: yes");
    }

    #[test]
    fn fingerprints_are_stable_and_distinct() {
        assert_eq!(fingerprint("a"), fingerprint("a"));
        assert_ne!(fingerprint("a"), fingerprint("b"));
        assert_eq!(fingerprint("").len(), 32);
        // Pinned: a changed hash would make GitLab see every finding as new.
        assert_eq!(fingerprint("x"), "af63f54c86021707e5c9cd3722c3158e");
    }

    #[test]
    fn xml_text_is_escaped() {
        assert_eq!(
            xml("<a href=\"x\">&\u{1}"),
            "&lt;a href=&quot;x&quot;&gt;&amp;\u{FFFD}"
        );
    }
}
