//! The fixture corpus driver: every file under `tests/fixtures` is checked and compared with the
//! expectations written inline (see `fixture_support`), every fix is checked for the invariants
//! ruff's harness keeps, and the rendered diagnostics and fixes are snapshot-tested.

mod fixture_support;

use std::collections::BTreeMap;
use std::fmt::Write as _;

use fixture_support::{
    describe, has_syntax_error, load_fixtures, mark_of, multiset_minus, parse_annotations, report,
    Fixture, Mark,
};
use statuslint::lint::{self, Diagnostic, Edit};
use statuslint::rules::Applicability;
use statuslint::text::{Encoding, LineIndex};

#[test]
fn diagnostics_match_annotations() {
    let mut problems = Vec::new();
    let mut missing = Vec::new();
    let mut unexpected = Vec::new();
    for fx in load_fixtures() {
        let ann = parse_annotations(&fx.text);
        problems.extend(ann.errors.iter().map(|e| format!("{}:{e}", fx.rel)));
        if has_syntax_error(fx.language, &fx.text) {
            problems.push(format!(
                "{}: does not parse cleanly with its tree-sitter grammar",
                fx.rel
            ));
        }
        let index = LineIndex::new(&fx.text);
        let diagnostics = lint::check_source_in(fx.language, &fx.text, &fx.settings);
        let actual: Vec<Mark> = diagnostics
            .iter()
            .map(|d| mark_of(&fx.text, &index, d))
            .collect();
        for m in multiset_minus(&ann.expected, &actual) {
            missing.push(describe(&fx.rel, &m));
        }
        for (m, d) in actual.iter().zip(&diagnostics) {
            if multiset_minus(std::slice::from_ref(m), &ann.expected).is_empty() {
                continue;
            }
            unexpected.push(format!("{}: {}", describe(&fx.rel, m), d.message));
        }
    }
    let report = report(&[
        ("malformed fixtures", &problems),
        ("missing diagnostics (expected, not reported)", &missing),
        (
            "unexpected diagnostics (reported, not expected)",
            &unexpected,
        ),
    ]);
    assert!(report.is_empty(), "\n{report}");
}

/// Where `offset` lands after `edits` are applied. `inclusive`: an insertion exactly at `offset`
/// moves it (true for a span's start, false for its end).
fn map_offset(offset: usize, edits: &[Edit], inclusive: bool) -> usize {
    let mut shift: isize = 0;
    for e in edits {
        let before = if inclusive {
            e.span.end <= offset
        } else {
            e.span.end < offset || (e.span.end == offset && e.span.start < e.span.end)
        };
        if before {
            shift += e.new_text.len() as isize - (e.span.end - e.span.start) as isize;
        } else if e.span.start < offset {
            // The edit covers the offset: it lands where the replacement starts.
            return (e.span.start as isize + shift) as usize;
        }
    }
    (offset as isize + shift) as usize
}

fn count_rule(diagnostics: &[Diagnostic], rule: &str) -> usize {
    diagnostics.iter().filter(|d| d.rule.name == rule).count()
}

fn check_fix(fx: &Fixture, index: &LineIndex, d: &Diagnostic, all: &[Diagnostic]) -> Vec<String> {
    let Some(fix) = &d.fix else {
        return Vec::new();
    };
    let pos = index.line_col(&fx.text, d.span.start, Encoding::Chars);
    let at = format!(
        "{}:{}:{} {}",
        fx.rel,
        pos.line + 1,
        pos.col + 1,
        d.rule.name
    );
    let mut problems = Vec::new();
    let edits: Vec<&Edit> = fix.edits.iter().collect();
    let (fixed, applied) = lint::apply_edits(&fx.text, &edits);
    if fix.edits.is_empty() || applied != fix.edits.len() {
        problems.push(format!(
            "{at}: fix `{}` has {} edits, {applied} applicable",
            fix.title,
            fix.edits.len()
        ));
        return problems;
    }
    if has_syntax_error(fx.language, &fixed) {
        problems.push(format!(
            "{at}: fix `{}` leaves a syntax error:\n{}",
            fix.title,
            diff(&fx.text, &fixed)
        ));
        return problems;
    }
    let after = lint::check_source_in(fx.language, &fixed, &fx.settings);
    let mut sorted = fix.edits.clone();
    sorted.sort_by_key(|e| (e.span.start, e.span.end));
    let start = map_offset(d.span.start, &sorted, true);
    let end = map_offset(d.span.end, &sorted, false).max(start);
    let still_there = after
        .iter()
        .any(|a| a.rule.name == d.rule.name && a.span.start >= start && a.span.start <= end);
    if still_there || count_rule(&after, d.rule.name) >= count_rule(all, d.rule.name) {
        problems.push(format!(
            "{at}: still reported after its fix `{}`:\n{}",
            fix.title,
            diff(&fx.text, &fixed)
        ));
    }
    problems
}

fn check_fix_all(fx: &Fixture, include_unsafe: bool) -> Option<String> {
    let mode = if include_unsafe {
        "safe+unsafe"
    } else {
        "safe"
    };
    let Some(outcome) = lint::fix_all_in(fx.language, &fx.text, &fx.settings, include_unsafe)
    else {
        return Some(format!(
            "{}: fix_all ({mode}) gave up (a fix would break the syntax)",
            fx.rel
        ));
    };
    let left: Vec<String> = lint::check_source_in(fx.language, &outcome.text, &fx.settings)
        .iter()
        .filter(|d| {
            d.fix
                .as_ref()
                .is_some_and(|f| include_unsafe || f.applicability == Applicability::Safe)
        })
        .map(|d| d.rule.name.to_string())
        .collect();
    if !left.is_empty() {
        return Some(format!(
            "{}: fix_all ({mode}) did not converge; still fixable: {}",
            fx.rel,
            left.join(", ")
        ));
    }
    let again = lint::fix_all_in(fx.language, &outcome.text, &fx.settings, include_unsafe)?;
    (again.applied != 0 || again.text != outcome.text).then(|| {
        format!(
            "{}: fix_all ({mode}) is not idempotent: a second run applied {}",
            fx.rel, again.applied
        )
    })
}

#[test]
fn fixes_keep_the_invariants() {
    let mut problems = Vec::new();
    let mut fixes = 0;
    for fx in load_fixtures() {
        let index = LineIndex::new(&fx.text);
        let diagnostics = lint::check_source_in(fx.language, &fx.text, &fx.settings);
        for d in &diagnostics {
            fixes += usize::from(d.fix.is_some());
            problems.extend(check_fix(&fx, &index, d, &diagnostics));
        }
        problems.extend(check_fix_all(&fx, false));
        problems.extend(check_fix_all(&fx, true));
    }
    assert!(fixes > 0, "the corpus offers no fix at all");
    assert!(
        problems.is_empty(),
        "{} fix invariant violations:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn annotation_syntax() {
    let text = "fn f() {\n    (StatusCode::UNAUTHORIZED, \"é\")\n//               ^^^^^^^^^^^^ missing-www-authenticate\n//                             ^^^ body-not-allowed\n}\n";
    let ann = parse_annotations(text);
    assert!(ann.errors.is_empty(), "{:?}", ann.errors);
    let rules: Vec<(usize, usize, usize, &str)> = ann
        .expected
        .iter()
        .map(|m| (m.line, m.start_col, m.end_col, m.rule.as_str()))
        .collect();
    assert_eq!(
        rules,
        [
            (1, 17, 29, "missing-www-authenticate"),
            (1, 31, 34, "body-not-allowed")
        ]
    );
    // Python comments start with `#`; a Rust attribute is no annotation.
    let python = "def f():\n    # ok(missing-allow): no 405 here\n    raise HTTPException(401)\n#                       ^^^ missing-www-authenticate\n#[derive(Debug)]\n";
    let ann = parse_annotations(python);
    assert!(ann.errors.is_empty(), "{:?}", ann.errors);
    let marks: Vec<(usize, usize, usize)> = ann
        .expected
        .iter()
        .map(|m| (m.line, m.start_col, m.end_col))
        .collect();
    assert_eq!(marks, [(2, 24, 27)]);
    assert_eq!(ann.negatives.len(), 1);
    for bad in [
        "// ^^^ missing-allow\n",
        "x\n//  ^ no-such-rule\n",
        "x\n//  ^^missing-allow\n",
        "// ok(missing-allow) no reason\n",
        "// ok(missing-allow): why\nxxxxxxx\n//  ^^^ missing-allow\n",
        "x\n#  ^ no-such-rule\n",
        "# ok(missing-allow) no reason\n",
    ] {
        assert!(
            !parse_annotations(bad).errors.is_empty(),
            "accepted: {bad:?}"
        );
    }
}

/// The invariant checks themselves must be able to fail: a fix that breaks the syntax and one that
/// leaves the diagnostic in place are both reported.
#[test]
fn broken_fixes_are_caught() {
    let fixtures = load_fixtures();
    let fx = fixtures
        .iter()
        .find(|fx| fx.rel == "axum/headers.rs")
        .expect("the axum header fixture");
    let index = LineIndex::new(&fx.text);
    let all = lint::check_source_in(fx.language, &fx.text, &fx.settings);
    let d = all
        .iter()
        .find(|d| d.fix.is_some())
        .expect("a diagnostic with a fix");
    let with_edit = |at: usize, new_text: &str| {
        let mut broken = d.clone();
        let fix = broken.fix.as_mut().expect("has a fix");
        fix.edits = vec![Edit {
            span: statuslint::model::Span::new(at, at),
            new_text: new_text.to_string(),
        }];
        broken
    };
    let unparsable = with_edit(d.span.start, "(");
    let problems = check_fix(fx, &index, &unparsable, &all);
    assert!(
        problems.iter().any(|p| p.contains("syntax error")),
        "{problems:?}"
    );
    let useless = with_edit(d.span.end, " /* still here */");
    let problems = check_fix(fx, &index, &useless, &all);
    assert!(
        problems.iter().any(|p| p.contains("still reported")),
        "{problems:?}"
    );
}

/// A minimal unified diff: the changed block of lines between the common prefix and suffix.
fn diff(old: &str, new: &str) -> String {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let max_suffix = a.len().min(b.len()) - prefix;
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take(max_suffix)
        .take_while(|(x, y)| x == y)
        .count();
    let mut out = format!(
        "@@ -{},{} +{},{} @@\n",
        prefix + 1,
        a.len() - prefix - suffix,
        prefix + 1,
        b.len() - prefix - suffix
    );
    for line in &a[prefix..a.len() - suffix] {
        let _ = writeln!(out, "-{line}");
    }
    for line in &b[prefix..b.len() - suffix] {
        let _ = writeln!(out, "+{line}");
    }
    out
}

/// The diagnostics of one fixture as the snapshot shows them: position, severity, rule, message,
/// then each fix as a diff.
fn render(fx: &Fixture) -> String {
    let index = LineIndex::new(&fx.text);
    let mut out = String::new();
    for d in lint::check_source_in(fx.language, &fx.text, &fx.settings) {
        let pos = index.line_col(&fx.text, d.span.start, Encoding::Chars);
        let _ = writeln!(
            out,
            "{}:{}: {}[{}] {}",
            pos.line + 1,
            pos.col + 1,
            d.severity.as_str(),
            d.rule.name,
            d.message
        );
        if let Some(fix) = &d.fix {
            let edits: Vec<&Edit> = fix.edits.iter().collect();
            let (fixed, _) = lint::apply_edits(&fx.text, &edits);
            let _ = writeln!(out, "  fix ({}): {}", fix.applicability.as_str(), fix.title);
            for line in diff(&fx.text, &fixed).lines() {
                let _ = writeln!(out, "    {line}");
            }
        }
    }
    if out.is_empty() {
        out.push_str("(no diagnostics)\n");
    }
    out
}

#[test]
fn snapshots() {
    let fixtures: BTreeMap<String, Fixture> = load_fixtures()
        .into_iter()
        .map(|fx| (fx.rel.clone(), fx))
        .collect();
    insta::glob!("fixtures/**/*.{rs,ts,tsx,js,py,go}", |path| {
        let rel = fixture_support::relative(path, &fixture_support::fixtures_dir());
        let fx = &fixtures[&rel];
        insta::assert_snapshot!(render(fx));
    });
}
