//! `--format sarif`: SARIF 2.1.0 for code-scanning upload. Rules are listed in `rules::ALL` order so
//! `ruleIndex` is stable; results are streamed as files finish.

use std::io::{self, Write};
use std::path::Path;

use serde_json::{json, Value};

use super::json::{write_indented, ArrayWriter};
use super::report::{Range, Record, IO_ERROR};
use crate::rules::{self, Rule, Severity};

const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
const INFORMATION_URI: &str = "https://www.rfc-editor.org/rfc/rfc9110";

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "note",
    }
}

/// The text of a `## heading` section of a rule's docs, as one paragraph.
fn section(docs: &str, heading: &str) -> String {
    let mut inside = false;
    let mut words = Vec::new();
    for line in docs.lines() {
        let line = line.trim();
        if let Some(title) = line.strip_prefix("## ") {
            inside = title == heading;
            continue;
        }
        if inside && !line.is_empty() {
            words.push(line);
        }
    }
    words.join(" ")
}

/// A rule's docs without the one-space indent doc comments carry.
pub(crate) fn docs_text(rule: &Rule) -> String {
    rule.docs
        .lines()
        .map(|l| l.strip_prefix(' ').unwrap_or(l))
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}

fn descriptor(rule: &Rule) -> Value {
    let enabled = rule.default_severity.is_some();
    let default = rule.default_severity.unwrap_or(rule.enabled_severity);
    let docs = docs_text(rule);
    json!({
        "id": rule.name,
        "shortDescription": { "text": rule.summary },
        "fullDescription": { "text": section(&docs, "What it does") },
        "help": { "text": docs, "markdown": docs },
        "helpUri": rule.citation.url(),
        "defaultConfiguration": { "level": level(default), "enabled": enabled },
        "properties": { "citation": rule.citation.to_string() },
    })
}

/// The descriptor of the `io-error` pseudo-rule, listed after every real rule.
fn io_error_descriptor() -> Value {
    let text =
        "A file could not be read, or is not UTF-8 text, so it was not checked. Exclude it with \
                an `exclude` glob in statuslint.toml if it is not meant to be checked.";
    json!({
        "id": IO_ERROR,
        "shortDescription": { "text": "a file that could not be checked (unreadable, or not UTF-8)" },
        "fullDescription": { "text": text },
        "help": { "text": text, "markdown": text },
        "defaultConfiguration": { "level": "error", "enabled": true },
    })
}

/// A relative path as a URI reference (`/` separators, reserved bytes percent-encoded); a path
/// outside the working folder becomes a `file://` URI.
pub(crate) fn uri(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let mut out = String::with_capacity(text.len());
    if path.is_absolute() {
        out.push_str("file://");
    }
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn region(r: Range) -> Value {
    json!({
        "startLine": r.start.line,
        "startColumn": r.start.column,
        "endLine": r.end.line,
        "endColumn": r.end.column,
    })
}

fn artifact_location(uri: &str) -> Value {
    if uri.starts_with("file://") {
        json!({ "uri": uri })
    } else {
        // Relative to where `check` ran: code scanning resolves it against the checkout.
        json!({ "uri": uri, "uriBaseId": "%SRCROOT%" })
    }
}

/// `related_paths`: each related location's path relative to the working folder (absolute outside it).
fn result(uri: &str, record: &Record, related_paths: &[String]) -> Value {
    let index = rules::ALL
        .iter()
        .position(|r| r.name == record.rule)
        .unwrap_or(rules::ALL.len());
    let location = artifact_location(uri);
    let mut result = json!({
        "ruleId": record.rule,
        "ruleIndex": index,
        "level": level(record.severity),
        "message": { "text": record.message },
        "locations": [{
            "physicalLocation": {
                "artifactLocation": location,
                "region": region(record.range),
            }
        }],
        "properties": { "severity": record.severity.as_str() },
    });
    if !record.related.is_empty() {
        result["relatedLocations"] = record
            .related
            .iter()
            .zip(related_paths)
            .enumerate()
            .map(|(id, (r, path))| {
                json!({
                    "id": id,
                    "physicalLocation": {
                        "artifactLocation": artifact_location(&self::uri(Path::new(path))),
                        "region": region(r.range),
                    },
                    "message": { "text": r.message },
                })
            })
            .collect();
    }
    if let Some(fix) = &record.fix {
        result["fixes"] = json!([{
            "description": { "text": fix.title },
            "artifactChanges": [{
                "artifactLocation": location,
                "replacements": fix.edits.iter().map(|e| json!({
                    "deletedRegion": region(e.range),
                    "insertedContent": { "text": e.new_text },
                })).collect::<Vec<_>>(),
            }],
            "properties": { "applicability": fix.applicability.as_str() },
        }]);
    }
    result
}

pub(crate) struct SarifWriter {
    results: ArrayWriter,
}

impl SarifWriter {
    /// Writes everything before the results.
    pub(crate) fn start(out: &mut dyn Write) -> io::Result<SarifWriter> {
        let driver = json!({
            "name": "statuslint",
            "informationUri": INFORMATION_URI,
            "version": env!("CARGO_PKG_VERSION"),
            "semanticVersion": env!("CARGO_PKG_VERSION"),
            "rules": rules::ALL
                .iter()
                .map(|r| descriptor(r))
                .chain([io_error_descriptor()])
                .collect::<Vec<_>>(),
        });
        writeln!(out, "{{")?;
        writeln!(out, "  \"$schema\": {},", json!(SCHEMA))?;
        writeln!(out, "  \"version\": \"2.1.0\",")?;
        writeln!(out, "  \"runs\": [")?;
        writeln!(out, "    {{")?;
        write!(out, "      \"tool\": ")?;
        let tool = json!({ "driver": driver });
        let mut tool_text = Vec::new();
        write_indented(&mut tool_text, &tool, 6)?;
        out.write_all(String::from_utf8_lossy(&tool_text).trim_start().as_bytes())?;
        writeln!(out, ",")?;
        // Columns are counted in characters, as in the text and JSON formats.
        writeln!(out, "      \"columnKind\": \"unicodeCodePoints\",")?;
        write!(out, "      \"results\": ")?;
        Ok(SarifWriter {
            results: ArrayWriter::new(6),
        })
    }

    pub(crate) fn push(
        &mut self,
        out: &mut dyn Write,
        path: &Path,
        record: &Record,
        related_paths: &[String],
    ) -> io::Result<()> {
        self.results
            .push(out, &result(&uri(path), record, related_paths))
    }

    /// Closes the run; `notifications` (unreadable files, broken configs) go into the invocation.
    pub(crate) fn finish(
        self,
        out: &mut dyn Write,
        successful: bool,
        notifications: &[String],
    ) -> io::Result<()> {
        self.results.finish(out)?;
        writeln!(out, ",")?;
        let invocation = json!([{
            "executionSuccessful": successful,
            "toolExecutionNotifications": notifications.iter().map(|n| json!({
                "level": "error",
                "message": { "text": n },
            })).collect::<Vec<_>>(),
        }]);
        write!(out, "      \"invocations\": ")?;
        let mut text = Vec::new();
        write_indented(&mut text, &invocation, 6)?;
        out.write_all(String::from_utf8_lossy(&text).trim_start().as_bytes())?;
        writeln!(out)?;
        writeln!(out, "    }}")?;
        writeln!(out, "  ]")?;
        writeln!(out, "}}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_encoded() {
        assert_eq!(uri(Path::new("src/a b/ü.rs")), "src/a%20b/%C3%BC.rs");
        assert_eq!(uri(Path::new("/tmp/x.rs")), "file:///tmp/x.rs");
    }

    #[test]
    fn sections_are_read_from_docs() {
        let docs = "## What it does\nChecks for\na thing.\n\n## Why is this bad?\nBecause.\n";
        assert_eq!(section(docs, "What it does"), "Checks for a thing.");
        assert_eq!(section(docs, "Why is this bad?"), "Because.");
    }
}
