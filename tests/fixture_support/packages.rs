//! The annotation checks shared by the fixture crates (`tests/crates.rs`) and the fixture projects
//! (`tests/projects.rs`): the real binary's JSON output against the caret annotations.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use statuslint::extract::Language;

use crate::fixture_support::{
    describe, has_syntax_error, multiset_minus, parse_annotations, relative, report, source_files,
    Mark,
};

const BIN: &str = env!("CARGO_BIN_EXE_statuslint");

/// `statuslint check --format json <args>` run in `dir`: the array it prints.
pub fn check_json(dir: &Path, args: &[&str]) -> Vec<Value> {
    let out = Command::new(BIN)
        .current_dir(dir)
        .args(["check", "--format", "json", "--color", "never"])
        .args(args)
        .output()
        .expect("the statuslint binary runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    // 0: nothing found, 1: findings; anything else is a failed run.
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "`statuslint check {args:?}` in {} exited with {:?}:\n{}",
        dir.display(),
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    match serde_json::from_str(&stdout) {
        Ok(Value::Array(items)) => items,
        other => panic!("not a JSON array ({other:?}):\n{stdout}"),
    }
}

pub fn field<'a>(v: &'a Value, key: &str) -> &'a Value {
    v.get(key)
        .unwrap_or_else(|| panic!("a diagnostic without `{key}`: {v}"))
}

pub fn num(v: &Value, key: &str) -> usize {
    field(v, key)
        .as_u64()
        .unwrap_or_else(|| panic!("`{key}` is not a number: {v}")) as usize
}

pub fn text(v: &Value, key: &str) -> String {
    field(v, key)
        .as_str()
        .unwrap_or_else(|| panic!("`{key}` is not a string: {v}"))
        .to_string()
}

/// A path as the output gives it, relative to the crate, with `/` separators.
pub fn crate_relative(path: &str) -> String {
    path.trim_start_matches("./").replace('\\', "/")
}

/// A diagnostic in annotation terms: 0-based line, character columns (the output's are 1-based,
/// end exclusive); a span running onto later lines ends at the end of its first line.
pub fn mark(d: &Value, lines: &[&str]) -> Mark {
    let range = field(d, "range");
    let (start, end) = (field(range, "start"), field(range, "end"));
    let line = num(start, "line") - 1;
    let end_col = if num(end, "line") - 1 == line {
        num(end, "column") - 1
    } else {
        lines.get(line).map_or(0, |l| l.trim_end().chars().count())
    };
    Mark {
        line,
        start_col: num(start, "column") - 1,
        end_col,
        rule: text(d, "rule"),
    }
}

/// `message at path:line` of each related entry (absent until the output has the field).
pub fn related(d: &Value) -> Vec<String> {
    d.get("related")
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .map(|r| {
                    // `line` beside the path, or a `range` as the diagnostic's own.
                    let line = match r.get("line") {
                        Some(_) => num(r, "line"),
                        None => num(field(field(r, "range"), "start"), "line"),
                    };
                    format!(
                        "{} at {}:{}",
                        text(r, "message"),
                        crate_relative(&text(r, "path")),
                        line
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The findings of `check` on a whole crate, by file (relative to the crate).
pub fn by_file(items: Vec<Value>) -> BTreeMap<String, Vec<Value>> {
    let mut out: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for d in items {
        out.entry(crate_relative(&text(&d, "path")))
            .or_default()
            .push(d);
    }
    out
}

/// What `statuslint check --format json .` reports in each of `packages` (folders under `base`)
/// must be exactly the caret annotations of their source files, with the notes they name.
pub fn check_annotations(packages: Vec<PathBuf>, base: &Path) {
    let mut problems = Vec::new();
    let mut missing = Vec::new();
    let mut unexpected = Vec::new();
    let mut wrong_notes = Vec::new();
    for krate in packages {
        let crate_name = relative(&krate, base);
        let mut found = by_file(check_json(&krate, &["."]));
        let files = source_files(&krate);
        for path in &files {
            let rel = relative(path, &krate);
            let shown = format!("{crate_name}/{rel}");
            let source = std::fs::read_to_string(path).expect("fixture crates are UTF-8");
            let ann = parse_annotations(&source);
            problems.extend(ann.errors.iter().map(|e| format!("{shown}:{e}")));
            let language = Language::from_path(path).expect("a source file");
            if has_syntax_error(language, &source) {
                problems.push(format!(
                    "{shown}: does not parse cleanly with its tree-sitter grammar"
                ));
            }
            let lines: Vec<&str> = source.lines().collect();
            let diagnostics = found.remove(&rel).unwrap_or_default();
            let actual: Vec<Mark> = diagnostics.iter().map(|d| mark(d, &lines)).collect();
            for m in multiset_minus(&ann.expected, &actual) {
                missing.push(describe(&shown, &m));
            }
            for (m, d) in actual.iter().zip(&diagnostics) {
                if multiset_minus(std::slice::from_ref(m), &ann.expected).is_empty() {
                    continue;
                }
                unexpected.push(format!("{}: {}", describe(&shown, m), text(d, "message")));
            }
            for note in &ann.notes {
                let want = format!("{} at {}:{}", note.message, note.path, note.line);
                let candidates: Vec<Vec<String>> = actual
                    .iter()
                    .zip(&diagnostics)
                    .filter(|(m, _)| **m == note.mark)
                    .map(|(_, d)| related(d))
                    .collect();
                // A missing diagnostic is listed once, above; only a reported one's notes count.
                if !candidates.is_empty() && !candidates.iter().any(|r| r.contains(&want)) {
                    wrong_notes.push(format!(
                        "{}: expected `note: {want}`, the diagnostic has {candidates:?}",
                        describe(&shown, &note.mark)
                    ));
                }
            }
        }
        for (rel, diagnostics) in found {
            problems.push(format!(
                "{crate_name}/{rel}: {} diagnostics in a file the walk of the crate does not know",
                diagnostics.len()
            ));
        }
    }
    let report = report(&[
        ("malformed fixtures", &problems),
        ("missing diagnostics (expected, not reported)", &missing),
        (
            "unexpected diagnostics (reported, not expected)",
            &unexpected,
        ),
        ("related information not as annotated", &wrong_notes),
    ]);
    assert!(report.is_empty(), "\n{report}");
}

/// Makes `path` relative to the crate again in output produced from the crate's parent folder.
pub fn strip_path_prefix(v: &mut Value, prefix: &str) {
    if let Some(Value::String(path)) = v.get_mut("path") {
        if let Some(rest) = path.strip_prefix(prefix) {
            *path = rest.to_string();
        }
    }
}
