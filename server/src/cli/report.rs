//! Diagnostics turned into output records (1-based line and character columns, a source snippet),
//! and the text format. The records keep no file text, so memory stays flat however much is checked.

use std::io::{self, Write};
use std::path::PathBuf;

use super::style::Style;
use crate::lint::Diagnostic;
use crate::model::{Place, RelatedLocation};
use crate::rules::{Applicability, Citation, Severity};
use crate::text::{Encoding, LineIndex};

/// A 1-based line and 1-based column counted in characters (Unicode scalar values).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Pos {
    pub line: u32,
    pub column: u32,
}

/// A range; `end` is exclusive: the position just after the last character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Range {
    pub start: Pos,
    pub end: Pos,
}

#[derive(Debug, Clone)]
pub(crate) struct OutEdit {
    pub range: Range,
    pub new_text: String,
}

#[derive(Debug, Clone)]
pub(crate) struct OutFix {
    pub title: String,
    pub applicability: Applicability,
    pub edits: Vec<OutEdit>,
}

/// The source line a diagnostic starts on, cut to a window around the span when it is long.
#[derive(Debug, Clone)]
pub(crate) struct Snippet {
    pub text: String,
    /// Characters before the marker, and the marker's length (at least 1), within `text`.
    pub marker_start: usize,
    pub marker_len: usize,
}

#[derive(Debug, Clone)]
pub(crate) struct Record {
    /// A rule's name, or [`IO_ERROR`].
    pub rule: &'static str,
    pub severity: Severity,
    pub message: String,
    /// `None` only for [`IO_ERROR`], which rests on no RFC.
    pub citation: Option<Citation>,
    pub range: Range,
    /// `None` when there is no source line to show (an unreadable file).
    pub snippet: Option<Snippet>,
    pub fix: Option<OutFix>,
    /// Other places that explain the finding: where the response is built when the status is
    /// written elsewhere ("built by util::json_error").
    pub related: Vec<OutRelated>,
}

/// A related location, positioned like the record's own range.
#[derive(Debug, Clone)]
pub(crate) struct OutRelated {
    pub message: String,
    /// `None`: the record's own file. Otherwise the other file's absolute (canonical) path, which each
    /// format shows its own way (`Printer::related_paths`).
    pub path: Option<PathBuf>,
    pub range: Range,
}

/// The pseudo-rule of a file that could not be checked (unreadable, not UTF-8), as ruff's `io-error`:
/// a finding that fails the run, so a file that was not checked never passes silently.
pub(crate) const IO_ERROR: &str = "io-error";

impl Record {
    /// A file that could not be checked, reported at 1:1.
    pub(crate) fn io_error(message: String) -> Record {
        let start = Pos { line: 1, column: 1 };
        Record {
            rule: IO_ERROR,
            severity: Severity::Error,
            message,
            citation: None,
            range: Range { start, end: start },
            snippet: None,
            fix: None,
            related: Vec::new(),
        }
    }
}

/// Longest source line shown as is; longer ones (minified or generated code) are cut around the span.
const MAX_SNIPPET_CHARS: usize = 160;
const CONTEXT_BEFORE: usize = 40;

pub(crate) fn records(text: &str, diagnostics: &[Diagnostic]) -> Vec<Record> {
    if diagnostics.is_empty() {
        return Vec::new();
    }
    let index = LineIndex::new(text);
    let pos = |offset: usize| {
        let lc = index.line_col(text, offset, Encoding::Chars);
        Pos {
            line: lc.line + 1,
            column: lc.col + 1,
        }
    };
    let range = |span: crate::model::Span| Range {
        start: pos(span.start),
        end: pos(span.end),
    };
    diagnostics
        .iter()
        .map(|d| Record {
            rule: d.rule.name,
            severity: d.severity,
            message: d.message.clone(),
            citation: Some(d.citation),
            range: range(d.span),
            snippet: Some(snippet(text, d.span.start, d.span.end)),
            fix: d.fix.as_ref().map(|fix| OutFix {
                title: fix.title.clone(),
                applicability: fix.applicability,
                edits: fix
                    .edits
                    .iter()
                    .map(|e| OutEdit {
                        range: range(e.span),
                        new_text: e.new_text.clone(),
                    })
                    .collect(),
            }),
            related: d
                .related
                .iter()
                .map(|r| match &r.location {
                    RelatedLocation::Here(span) => OutRelated {
                        message: r.message.clone(),
                        path: None,
                        range: range(*span),
                    },
                    RelatedLocation::File {
                        path, start, end, ..
                    } => OutRelated {
                        message: r.message.clone(),
                        path: Some(path.to_path_buf()),
                        range: Range {
                            start: place(*start),
                            end: place(*end),
                        },
                    },
                })
                .collect(),
        })
        .collect()
}

/// A position computed when another file was indexed, 1-based like the others.
fn place(p: Place) -> Pos {
    Pos {
        line: p.line + 1,
        column: p.chars + 1,
    }
}

fn snippet(text: &str, start: usize, end: usize) -> Snippet {
    let mut start = start.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let line = text[line_start..line_end].trim_end_matches('\r');
    let before = text[line_start..start].chars().count();
    let span_end = end.clamp(start, line_start + line.len());
    let mut span_end_char = span_end;
    while !text.is_char_boundary(span_end_char) {
        span_end_char -= 1;
    }
    let len = text[start..span_end_char].chars().count().max(1);
    let total = line.chars().count();
    if total <= MAX_SNIPPET_CHARS {
        return Snippet {
            text: line.to_string(),
            marker_start: before,
            marker_len: len,
        };
    }
    let from = before.saturating_sub(CONTEXT_BEFORE);
    let to = (from + MAX_SNIPPET_CHARS).min(total);
    let mut cut: String = line.chars().skip(from).take(to - from).collect();
    let mut marker_start = before - from;
    if from > 0 {
        cut.insert(0, '…');
        marker_start += 1;
    }
    if to < total {
        cut.push('…');
    }
    let room = (to - from) - (before - from);
    Snippet {
        text: cut,
        marker_start,
        marker_len: len.min(room.max(1)),
    }
}

/// Counts for the summary line and the exit code.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Totals {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub hints: usize,
    /// Diagnostics with a safe fix (what `--fix` would apply).
    pub fixable: usize,
    /// Diagnostics whose only fix is unsafe.
    pub unsafe_fixable: usize,
    pub fixed: usize,
    pub files_fixed: usize,
}

impl Totals {
    pub(crate) fn add(&mut self, record: &Record) {
        match record.severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
            Severity::Info => self.infos += 1,
            Severity::Hint => self.hints += 1,
        }
        match record.fix.as_ref().map(|f| f.applicability) {
            Some(Applicability::Safe) => self.fixable += 1,
            Some(Applicability::Unsafe) => self.unsafe_fixable += 1,
            None => {}
        }
    }

    pub(crate) fn problems(&self) -> usize {
        self.errors + self.warnings + self.infos + self.hints
    }

    /// Warnings and errors fail the run; info and hint findings do not.
    pub(crate) fn failing(&self) -> bool {
        self.errors + self.warnings > 0
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// "Fixed 2 problems in 1 file." when `--fix` changed anything.
pub(crate) fn fixed_line(totals: &Totals) -> Option<String> {
    (totals.fixed > 0).then(|| {
        format!(
            "Fixed {} in {}.",
            plural(totals.fixed, "problem", "problems"),
            plural(totals.files_fixed, "file", "files")
        )
    })
}

/// Fixes `--fix` would have applied but did not, and why (for the summary).
#[derive(Debug, Default, Clone)]
pub(crate) struct NotFixed {
    /// Findings whose fix was not applied.
    pub findings: usize,
    /// `(path, why)` per file, in output order.
    pub files: Vec<(String, &'static str)>,
}

impl NotFixed {
    /// "1 not fixed: src/a.rs has syntax errors", or "3 not fixed in 2 files (see the warnings above)".
    fn describe(&self) -> Option<String> {
        match self.files.as_slice() {
            [] => None,
            [(path, why)] => Some(format!("{} not fixed: {path} {why}", self.findings)),
            files => Some(format!(
                "{} not fixed in {} files (see the warnings above)",
                self.findings,
                files.len()
            )),
        }
    }
}

/// "Found 3 problems (2 errors, 1 warning); 1 fixable with --fix." or "All checks passed!".
/// `complete` is false when a file was not checked (see `summary::Skipped::complete`): then no
/// finding does not mean all checks passed.
pub(crate) fn summary_line(
    totals: &Totals,
    style: &Style,
    unsafe_fixes: bool,
    complete: bool,
    not_fixed: &NotFixed,
) -> String {
    let n = totals.problems();
    if n == 0 {
        return if complete {
            style.good("All checks passed!")
        } else {
            style.bold("No problems found in the files checked; some files were not checked.")
        };
    }
    let mut parts = Vec::new();
    for (count, one, many) in [
        (totals.errors, "error", "errors"),
        (totals.warnings, "warning", "warnings"),
        (totals.infos, "info", "infos"),
        (totals.hints, "hint", "hints"),
    ] {
        if count > 0 {
            parts.push(plural(count, one, many));
        }
    }
    let mut line = format!(
        "Found {} ({})",
        plural(n, "problem", "problems"),
        parts.join(", ")
    );
    let (fixable, hidden) = if unsafe_fixes {
        (totals.fixable + totals.unsafe_fixable, 0)
    } else {
        (totals.fixable, totals.unsafe_fixable)
    };
    // What --fix could not apply is said with its reason instead of "fixable with --fix".
    let fixable = fixable.saturating_sub(not_fixed.findings);
    let flag = if unsafe_fixes {
        "--fix --unsafe-fixes"
    } else {
        "--fix"
    };
    if fixable > 0 {
        line.push_str(&format!("; {fixable} fixable with {flag}"));
        if hidden > 0 {
            line.push_str(&format!(" ({hidden} more with --unsafe-fixes)"));
        }
    } else if hidden > 0 {
        line.push_str(&format!("; {hidden} fixable with --unsafe-fixes"));
    }
    if let Some(why) = not_fixed.describe() {
        line.push_str(&format!("; {why}"));
    }
    line.push('.');
    style.bold(&line)
}

/// One diagnostic in the text format:
///
/// ```text
/// src/a.rs:3:6: error[missing-www-authenticate] `401 Unauthorized` response without ...
///   |
/// 3 |     (StatusCode::UNAUTHORIZED, "no")
///   |      ^^^^^^^^^^^^^^^^^^^^^^^^
///   = help: Add `WWW-Authenticate: Bearer` (placeholder value: review it; unsafe)
/// ```
///
/// `related` holds the path to show for each of the record's related locations, in order; each
/// becomes a `= note: built by util::json_error at src/util.rs:12` line.
pub(crate) fn write_text(
    out: &mut dyn Write,
    path: &str,
    record: &Record,
    related: &[String],
    style: &Style,
) -> io::Result<()> {
    let Range { start, .. } = record.range;
    let severity = record.severity.as_str();
    writeln!(
        out,
        "{}:{}:{}: {}{} {}",
        style.bold(path),
        start.line,
        start.column,
        style.severity(record.severity, severity),
        style.bold(&format!("[{}]", record.rule)),
        record.message
    )?;
    let Some(snippet) = &record.snippet else {
        return writeln!(out);
    };
    let number = start.line.to_string();
    let pad = " ".repeat(number.len());
    // Keep tabs before the marker so it lines up under the span whatever the tab width.
    let indent: String = snippet
        .text
        .chars()
        .take(snippet.marker_start)
        .map(|c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    writeln!(out, "{}", style.dim(&format!("{pad} |")))?;
    writeln!(
        out,
        "{} {}",
        style.dim(&format!("{number} |")),
        snippet.text
    )?;
    writeln!(
        out,
        "{} {indent}{}",
        style.dim(&format!("{pad} |")),
        style.severity(record.severity, &"^".repeat(snippet.marker_len))
    )?;
    for (note, shown) in record.related.iter().zip(related) {
        writeln!(
            out,
            "{} {}",
            style.dim(&format!("{pad} = note:")),
            note_text(note, shown)
        )?;
    }
    if let Some(fix) = &record.fix {
        writeln!(
            out,
            "{} {}",
            style.dim(&format!("{pad} = help:")),
            fix.title
        )?;
    }
    writeln!(out)
}

/// "built by util::json_error at src/util.rs:12": a related location in one line (1-based line).
pub(crate) fn note_text(related: &OutRelated, shown_path: &str) -> String {
    format!(
        "{} at {shown_path}:{}",
        related.message, related.range.start.line
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippet_marks_the_span_on_its_line() {
        let text = "fn a() {}\n  é StatusCode::X rest\n";
        let start = text.find("StatusCode").unwrap();
        let s = snippet(text, start, start + "StatusCode::X".len());
        assert_eq!(s.text, "  é StatusCode::X rest");
        assert_eq!((s.marker_start, s.marker_len), (4, 13));
        // A span running past the line's end is marked to the end of the line.
        let s = snippet(text, start, text.len());
        assert_eq!(s.marker_len, "StatusCode::X rest".len());
        // An empty span still gets one marker.
        assert_eq!(snippet(text, start, start).marker_len, 1);
    }

    #[test]
    fn long_lines_are_cut_around_the_span() {
        let text = format!("{}HERE{}", "x".repeat(500), "y".repeat(500));
        let start = text.find("HERE").unwrap();
        let s = snippet(&text, start, start + 4);
        assert!(s.text.starts_with('…') && s.text.ends_with('…'));
        assert!(s.text.chars().count() <= MAX_SNIPPET_CHARS + 2);
        let marked: String = s.text.chars().skip(s.marker_start).take(4).collect();
        assert_eq!(marked, "HERE");
    }
}
