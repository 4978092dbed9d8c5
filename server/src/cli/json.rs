//! `--format json`: one array, written element by element as files finish (documented in
//! docs/cli.md; the shape is a public interface).

use std::io::{self, Write};

use serde::Serialize;

use super::report::{Pos, Range, Record};

/// Field order here is the order in the output (serde keeps struct order).
#[derive(Serialize)]
pub(crate) struct Element<'a> {
    path: &'a str,
    rule: &'a str,
    severity: &'a str,
    message: &'a str,
    range: JsonRange,
    fix: Option<JsonFix<'a>>,
    citation: Option<String>,
    url: Option<String>,
    related: Vec<JsonRelated<'a>>,
}

/// A place that explains the finding (where the response is built), positioned as `range`.
#[derive(Serialize)]
struct JsonRelated<'a> {
    message: &'a str,
    path: &'a str,
    range: JsonRange,
}

#[derive(Serialize)]
struct JsonPos {
    line: u32,
    column: u32,
}

#[derive(Serialize)]
struct JsonRange {
    start: JsonPos,
    end: JsonPos,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    title: &'a str,
    applicability: &'a str,
    edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    range: JsonRange,
    new_text: &'a str,
}

fn pos(p: Pos) -> JsonPos {
    JsonPos {
        line: p.line,
        column: p.column,
    }
}

fn range(r: Range) -> JsonRange {
    JsonRange {
        start: pos(r.start),
        end: pos(r.end),
    }
}

/// `related_paths`: the path shown for each of the record's related locations, in order.
pub(crate) fn element<'a>(
    path: &'a str,
    record: &'a Record,
    related_paths: &'a [String],
) -> impl Serialize + 'a {
    Element {
        path,
        rule: record.rule,
        severity: record.severity.as_str(),
        message: &record.message,
        range: range(record.range),
        fix: record.fix.as_ref().map(|fix| JsonFix {
            title: &fix.title,
            applicability: fix.applicability.as_str(),
            edits: fix
                .edits
                .iter()
                .map(|e| JsonEdit {
                    range: range(e.range),
                    new_text: &e.new_text,
                })
                .collect(),
        }),
        citation: record.citation.map(|c| c.to_string()),
        url: record.citation.map(|c| c.url()),
        related: record
            .related
            .iter()
            .zip(related_paths)
            .map(|(r, shown)| JsonRelated {
                message: &r.message,
                path: shown,
                range: range(r.range),
            })
            .collect(),
    }
}

/// Writes `[`, the elements (pretty, indented by two), and `]` without holding them all.
pub(crate) struct ArrayWriter {
    count: usize,
    indent: usize,
}

impl ArrayWriter {
    pub(crate) fn new(indent: usize) -> ArrayWriter {
        ArrayWriter { count: 0, indent }
    }

    pub(crate) fn push(&mut self, out: &mut dyn Write, value: &impl Serialize) -> io::Result<()> {
        if self.count == 0 {
            out.write_all(b"[\n")?;
        } else {
            out.write_all(b",\n")?;
        }
        self.count += 1;
        write_indented(out, value, self.indent + 2)
    }

    /// Closes the array; `[]` when nothing was pushed.
    pub(crate) fn finish(self, out: &mut dyn Write) -> io::Result<()> {
        if self.count == 0 {
            out.write_all(b"[]")
        } else {
            write!(out, "\n{}]", " ".repeat(self.indent))
        }
    }
}

/// Pretty JSON with every line indented by `indent` spaces (JSON strings hold no raw newline, so
/// indenting line by line is safe).
pub(crate) fn write_indented(
    out: &mut dyn Write,
    value: &impl Serialize,
    indent: usize,
) -> io::Result<()> {
    let text = serde_json::to_string_pretty(value).map_err(io::Error::other)?;
    let pad = " ".repeat(indent);
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            out.write_all(b"\n")?;
        }
        write!(out, "{pad}{line}")?;
    }
    Ok(())
}
