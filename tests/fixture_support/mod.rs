//! Shared by the fixture driver and the meta-tests: finding fixtures, reading their inline
//! expectations and turning diagnostics into comparable positions.
//!
//! Expectations are written rust-analyzer style, on comment lines right below the code they describe:
//!
//! ```text
//!     (StatusCode::NO_CONTENT, Json(json!({"a": 1})))
//! //                           ^^^^^^^^^^^^^^^^^^^^^ body-not-allowed
//! ```
//!
//! The carets cover (in characters) exactly the diagnostic's span on the previous non-annotation line.
//! A span that continues on later lines is written with carets up to the end of its first line.
//! A non-firing case is introduced by `// ok(rule-a, rule-b): why` and runs to the next blank line;
//! it may hold no caret annotation for the rules it names. In Python fixtures the comment marker
//! is `#` (`# ^^^ missing-www-authenticate`, `# ok(..): why`).
//!
//! In the multi-file crates (`tests/crates`), a caret line may be followed by note lines, the
//! related information the diagnostic must carry (path relative to the crate, 1-based line):
//!
//! ```text
//!         return util::json_error(StatusCode::UNAUTHORIZED, "no token");
//! //                                          ^^^^^^^^^^^^ missing-www-authenticate
//! //   note: built by util::json_error at src/util.rs:12
//! ```
//!
//! A folder with a `statuslint.toml` is checked with that configuration; every other fixture with
//! the default settings.

// Each test crate that includes this module uses a different part of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use statuslint::config::{self, Settings};
use statuslint::extract::Language;
use statuslint::lint::Diagnostic;
use statuslint::rules;
use statuslint::text::{Encoding, LineIndex};

/// One fixture file.
pub struct Fixture {
    /// Path relative to `tests/fixtures`, with `/` separators (`axum/tuples.rs`).
    pub rel: String,
    pub text: String,
    pub settings: Settings,
    /// By its extension.
    pub language: Language,
}

/// A diagnostic position in the form annotations use: 0-based line, character columns, rule.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Mark {
    pub line: usize,
    pub start_col: usize,
    pub end_col: usize,
    pub rule: String,
}

/// A `// ok(..)` marker: the rules that must stay silent on lines `start..end`.
#[derive(Debug, Clone)]
pub struct Negative {
    pub start: usize,
    pub end: usize,
    pub rules: Vec<String>,
}

/// A `//   note: <message> at <path>:<line>` line: related information the diagnostic of `mark`
/// must carry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub mark: Mark,
    pub message: String,
    /// Relative to the crate root, `/` separators.
    pub path: String,
    /// 1-based.
    pub line: usize,
}

#[derive(Debug, Default)]
pub struct Annotations {
    pub expected: Vec<Mark>,
    pub negatives: Vec<Negative>,
    pub notes: Vec<Note>,
    /// Malformed annotations, as `line: problem` (1-based lines).
    pub errors: Vec<String>,
}

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the crate lives in a workspace folder")
        .to_path_buf()
}

pub fn fixtures_dir() -> PathBuf {
    repo_root().join("tests").join("fixtures")
}

/// Every source file statuslint reads (`.rs`, `.ts`, `.js`, ..) under `dir` (recursively, leaving
/// out `target` and `node_modules`), sorted; an explicit stack, no recursion.
pub fn source_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                if path
                    .file_name()
                    .is_some_and(|n| n != "target" && n != "node_modules")
                {
                    stack.push(path);
                }
            } else if Language::from_path(&path).is_some() {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

pub fn relative(path: &Path, base: &Path) -> String {
    path.strip_prefix(base)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// The settings fixtures in `dir` are checked with: its own `statuslint.toml`, else the defaults
/// (never a config file further up, so the corpus does not depend on the checkout around it).
fn settings_for(dir: &Path) -> Settings {
    let path = dir.join(config::FILE_NAME);
    match std::fs::read_to_string(&path) {
        Ok(text) => config::parse(&text, &path)
            .unwrap_or_else(|e| panic!("fixture config {}: {e}", path.display())),
        Err(_) => Settings::default(),
    }
}

pub fn load_fixtures() -> Vec<Fixture> {
    let base = fixtures_dir();
    let files = source_files(&base);
    assert!(!files.is_empty(), "no fixtures under {}", base.display());
    files
        .into_iter()
        .map(|path| Fixture {
            language: Language::from_path(&path).expect("a source file"),
            rel: relative(&path, &base),
            text: std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display())),
            settings: settings_for(path.parent().expect("a file has a folder")),
        })
        .collect()
}

/// What follows a line comment's marker: `//` (Rust, TypeScript, JavaScript) or `#` (Python).
/// A Rust attribute `#[..]` or a `#!` line is no annotation: those never go on to a space.
fn comment(line: &str) -> Option<&str> {
    let trimmed = line.trim_start();
    trimmed
        .strip_prefix("//")
        .or_else(|| trimmed.strip_prefix('#'))
}

/// The caret run and rule of an annotation line, if `line` is one: `//` or `#`, spaces, carets, a
/// space, a rule name. Returns `Some(Err(..))` for a line that starts like one but is malformed.
fn parse_caret_line(line: &str) -> Option<Result<(usize, usize, String), String>> {
    let rest = comment(line)?;
    if !rest.starts_with(' ') || !rest.trim_start().starts_with('^') {
        return None;
    }
    let chars: Vec<char> = line.chars().collect();
    let start = chars.iter().position(|&c| c == '^')?;
    let end = start + chars[start..].iter().take_while(|&&c| c == '^').count();
    let tail: String = chars[end..].iter().collect();
    let Some(rule) = tail.strip_prefix(' ') else {
        return Some(Err(
            "carets must be followed by a space and a rule name".into()
        ));
    };
    let rule = rule.trim_end();
    if rules::by_name(rule).is_none() {
        return Some(Err(format!("unknown rule `{rule}` after the carets")));
    }
    Some(Ok((start, end, rule.to_string())))
}

/// `//   note: built by util::json_error at src/util.rs:12` -> (message, path, line).
fn parse_note_line(line: &str) -> Option<Result<(String, String, usize), String>> {
    let rest = comment(line)?;
    let body = rest.trim_start().strip_prefix("note: ")?;
    if !rest.starts_with(' ') {
        return None;
    }
    let parsed = body
        .trim_end()
        .rsplit_once(" at ")
        .and_then(|(message, at)| {
            let (path, n) = at.rsplit_once(':')?;
            let n: usize = n.parse().ok().filter(|&n| n > 0)?;
            (!message.is_empty() && !path.is_empty())
                .then(|| (message.to_string(), path.to_string(), n))
        });
    Some(parsed.ok_or_else(|| "a note is `note: <message> at <path>:<line>`".to_string()))
}

/// `// ok(rule-a, rule-b): why` (or `# ok(..): why`) -> the rule names.
fn parse_negative_line(line: &str) -> Option<Result<Vec<String>, String>> {
    let rest = comment(line)?.strip_prefix(" ok(")?;
    let Some((list, why)) = rest.split_once(')') else {
        return Some(Err("`ok(` without a closing parenthesis".into()));
    };
    if !why.starts_with(": ") || why.trim().len() < 3 {
        return Some(Err("`ok(..)` needs `: <why it is silent>`".into()));
    }
    let names: Vec<String> = list.split(',').map(|s| s.trim().to_string()).collect();
    if let Some(bad) = names.iter().find(|n| rules::by_name(n).is_none()) {
        return Some(Err(format!("unknown rule `{bad}` in `// ok(..)`")));
    }
    Some(Ok(names))
}

pub fn parse_annotations(text: &str) -> Annotations {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Annotations::default();
    // The code line the next caret annotation refers to.
    let mut target: Option<usize> = None;
    // The caret annotation a note line right below it belongs to.
    let mut last_mark: Option<usize> = None;
    for (i, line) in lines.iter().enumerate() {
        if let Some(parsed) = parse_note_line(line) {
            match (parsed, last_mark) {
                (Err(e), _) => out.errors.push(format!("{}: {e}", i + 1)),
                (Ok(_), None) => out
                    .errors
                    .push(format!("{}: a note must follow a caret annotation", i + 1)),
                (Ok((message, path, line)), Some(m)) => out.notes.push(Note {
                    mark: out.expected[m].clone(),
                    message,
                    path,
                    line,
                }),
            }
            continue;
        }
        last_mark = None;
        if let Some(parsed) = parse_caret_line(line) {
            match (parsed, target) {
                (Err(e), _) => out.errors.push(format!("{}: {e}", i + 1)),
                (Ok(_), None) => out
                    .errors
                    .push(format!("{}: annotation without a code line above", i + 1)),
                (Ok((start, end, rule)), Some(t)) => {
                    last_mark = Some(out.expected.len());
                    if end > lines[t].chars().count() {
                        out.errors.push(format!(
                            "{}: carets run past the end of line {}",
                            i + 1,
                            t + 1
                        ));
                    }
                    out.expected.push(Mark {
                        line: t,
                        start_col: start,
                        end_col: end,
                        rule,
                    });
                }
            }
            continue;
        }
        target = (!line.trim().is_empty()).then_some(i);
        if let Some(parsed) = parse_negative_line(line) {
            match parsed {
                Err(e) => out.errors.push(format!("{}: {e}", i + 1)),
                Ok(rules) => {
                    let end = lines[i..]
                        .iter()
                        .position(|l| l.trim().is_empty())
                        .map_or(lines.len(), |n| i + n);
                    out.negatives.push(Negative {
                        start: i,
                        end,
                        rules,
                    });
                }
            }
        }
    }
    for neg in &out.negatives {
        for mark in &out.expected {
            if (neg.start..neg.end).contains(&mark.line) && neg.rules.contains(&mark.rule) {
                out.errors.push(format!(
                    "{}: `{}` is expected inside a case marked `ok` for it (line {})",
                    mark.line + 1,
                    mark.rule,
                    neg.start + 1
                ));
            }
        }
    }
    out
}

/// Where a diagnostic is, in annotation terms. A span running onto later lines ends at the end
/// of its first line (trailing whitespace excluded).
pub fn mark_of(text: &str, index: &LineIndex, d: &Diagnostic) -> Mark {
    let start = index.line_col(text, d.span.start, Encoding::Chars);
    let end = index.line_col(text, d.span.end, Encoding::Chars);
    let end_col = if end.line == start.line {
        end.col as usize
    } else {
        text.lines()
            .nth(start.line as usize)
            .map_or(0, |l| l.trim_end().chars().count())
    };
    Mark {
        line: start.line as usize,
        start_col: start.col as usize,
        end_col,
        rule: d.rule.name.to_string(),
    }
}

/// `file:line: rule at columns a..b` (1-based), as the drivers list missing and unexpected ones.
pub fn describe(rel: &str, m: &Mark) -> String {
    format!(
        "{rel}:{}: {} at columns {}..{}",
        m.line + 1,
        m.rule,
        m.start_col + 1,
        m.end_col + 1
    )
}

/// Removes one occurrence of each item of `b` from `a`: what `a` has that `b` lacks.
pub fn multiset_minus(a: &[Mark], b: &[Mark]) -> Vec<Mark> {
    let mut counts: std::collections::BTreeMap<&Mark, usize> = std::collections::BTreeMap::new();
    for m in b {
        *counts.entry(m).or_default() += 1;
    }
    let mut out = Vec::new();
    for m in a {
        match counts.get_mut(m) {
            Some(n) if *n > 0 => *n -= 1,
            _ => out.push(m.clone()),
        }
    }
    out
}

/// The report of a driver: each non-empty list under its title and count (empty when all are).
pub fn report(lists: &[(&str, &[String])]) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    for (title, list) in lists {
        if !list.is_empty() {
            let _ = writeln!(out, "{title}: {}", list.len());
            for item in *list {
                let _ = writeln!(out, "  {item}");
            }
        }
    }
    out
}

/// True when a syntax tree holds an ERROR or MISSING node.
pub fn has_syntax_error(language: Language, text: &str) -> bool {
    let mut parser = language.parser();
    match statuslint::lint::parse(&mut parser, text, None) {
        Ok(tree) => tree.root_node().has_error(),
        Err(_) => true,
    }
}
