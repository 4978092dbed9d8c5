//! The multi-module TypeScript/JavaScript fixture projects (`tests/projects/*`, see its README):
//! checked as the fixture crates are (`tests/crates.rs`): `statuslint check --format json .` in a
//! project's folder must report exactly the caret annotations in its files, with the related
//! information their `note:` lines name, and checking one file alone must report what checking the
//! whole project reports for it.

mod fixture_support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use fixture_support::{
    describe, has_syntax_error, multiset_minus, parse_annotations, relative, repo_root, report,
    source_files, Mark,
};
use serde_json::Value;
use statuslint::extract::Language;

const BIN: &str = env!("CARGO_BIN_EXE_statuslint");

fn crates_dir() -> PathBuf {
    repo_root().join("tests").join("projects")
}

/// Every folder of `tests/projects` with a package.json, sorted.
fn crates() -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(crates_dir())
        .expect("tests/projects exists")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.join("package.json").is_file())
        .collect();
    out.sort();
    assert!(out.len() >= 5, "tests/projects lost projects: {out:?}");
    out
}

fn name(krate: &Path) -> String {
    relative(krate, &crates_dir())
}

/// `statuslint check --format json <args>` run in `dir`: the array it prints.
fn check_json(dir: &Path, args: &[&str]) -> Vec<Value> {
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

fn field<'a>(v: &'a Value, key: &str) -> &'a Value {
    v.get(key)
        .unwrap_or_else(|| panic!("a diagnostic without `{key}`: {v}"))
}

fn num(v: &Value, key: &str) -> usize {
    field(v, key)
        .as_u64()
        .unwrap_or_else(|| panic!("`{key}` is not a number: {v}")) as usize
}

fn text(v: &Value, key: &str) -> String {
    field(v, key)
        .as_str()
        .unwrap_or_else(|| panic!("`{key}` is not a string: {v}"))
        .to_string()
}

/// A path as the output gives it, relative to the crate, with `/` separators.
fn crate_relative(path: &str) -> String {
    path.trim_start_matches("./").replace('\\', "/")
}

/// A diagnostic in annotation terms: 0-based line, character columns (the output's are 1-based,
/// end exclusive); a span running onto later lines ends at the end of its first line.
fn mark(d: &Value, lines: &[&str]) -> Mark {
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
fn related(d: &Value) -> Vec<String> {
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
fn by_file(items: Vec<Value>) -> BTreeMap<String, Vec<Value>> {
    let mut out: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for d in items {
        out.entry(crate_relative(&text(&d, "path")))
            .or_default()
            .push(d);
    }
    out
}

#[test]
fn diagnostics_match_annotations() {
    let mut problems = Vec::new();
    let mut missing = Vec::new();
    let mut unexpected = Vec::new();
    let mut wrong_notes = Vec::new();
    for krate in crates() {
        let crate_name = name(&krate);
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
fn strip_path_prefix(v: &mut Value, prefix: &str) {
    if let Some(Value::String(path)) = v.get_mut("path") {
        if let Some(rest) = path.strip_prefix(prefix) {
            *path = rest.to_string();
        }
    }
}

/// `check src/routes/x.ts` reads the package's other files into the index and reports on the
/// named file only: exactly what checking the whole project reports for that file.
#[test]
fn one_file_reports_what_the_crate_reports_for_it() {
    let mut problems = Vec::new();
    let mut compared = 0;
    for krate in crates() {
        let whole = by_file(check_json(&krate, &["."]));
        let files = source_files(&krate.join("src"));
        for path in files {
            let rel = relative(&path, &krate);
            // Named from the folder above the crate, as from a repository's root.
            let named = format!("{}/{rel}", name(&krate));
            let mut alone = check_json(&crates_dir(), &[named.as_str()]);
            let prefix = format!("{}/", name(&krate));
            for d in &mut alone {
                strip_path_prefix(d, &prefix);
                for r in d
                    .get_mut("related")
                    .and_then(Value::as_array_mut)
                    .into_iter()
                    .flatten()
                {
                    strip_path_prefix(r, &prefix);
                }
            }
            let expected = whole.get(&rel).cloned().unwrap_or_default();
            compared += expected.len();
            if alone != expected {
                problems.push(format!(
                    "{}/{rel}: checked alone gives\n{}\nchecked with its crate gives\n{}",
                    name(&krate),
                    serde_json::to_string_pretty(&alone).unwrap_or_default(),
                    serde_json::to_string_pretty(&expected).unwrap_or_default()
                ));
            }
        }
    }
    // Agreement on empty output proves nothing.
    assert!(
        compared > 0,
        "no handler file of any crate has a diagnostic"
    );
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}

/// Each project holds both reported and must-stay-silent cases, in more than one module.
#[test]
fn projects_have_both_kinds_of_cases_across_modules() {
    let mut problems = Vec::new();
    for krate in crates() {
        let n = name(&krate);
        let files = source_files(&krate.join("src"));
        if files.len() < 2 {
            problems.push(format!("{n}: fewer than two modules"));
        }
        let (mut positive, mut negative) = (0, 0);
        for path in files {
            let ann = parse_annotations(&std::fs::read_to_string(&path).expect("readable"));
            positive += ann.expected.len();
            negative += ann.negatives.len();
        }
        if negative == 0 {
            problems.push(format!("{n}: no must-stay-silent case"));
        }
        // A project whose renderer hides every error has only silent cases.
        if positive == 0 && !n.contains("renderer") && !n.contains("on-error") {
            problems.push(format!("{n}: no reported case"));
        }
    }
    assert!(problems.is_empty(), "\n{}", problems.join("\n"));
}
