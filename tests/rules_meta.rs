//! Meta-tests that keep the rule conventions true (clippy's and ruff's): documented sections, a
//! citation, stable kebab-case names, fixture coverage, and the message style of real diagnostics.

mod fixture_support;

use std::collections::{BTreeMap, BTreeSet};

use fixture_support::{load_fixtures, parse_annotations};
use statuslint::lint;
use statuslint::rules::{self, Rule};

/// The diagnostic codes issue 2 fixes; users configure them, so they never change silently.
const NAMES: [&str; 13] = [
    "body-not-allowed",
    "missing-www-authenticate",
    "missing-proxy-authenticate",
    "missing-allow",
    "missing-upgrade",
    "missing-content-range",
    "missing-location",
    "missing-created-location",
    "invalid-status-code",
    "unregistered-status-code",
    "obsolete-status-code",
    "missing-retry-after",
    "header-after-write",
];

const SECTIONS: [&str; 5] = [
    "## What it does",
    "## Why is this bad?",
    "## Example",
    "Use instead:",
    "## Fix safety",
];

fn is_kebab(name: &str) -> bool {
    !name.is_empty()
        && name
            .split('-')
            .all(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_lowercase()))
}

#[test]
fn names_are_exactly_the_documented_ones() {
    let names: Vec<&str> = rules::ALL.iter().map(|r| r.name).collect();
    let unique: BTreeSet<&str> = names.iter().copied().collect();
    assert_eq!(unique.len(), names.len(), "duplicate rule names: {names:?}");
    for name in &names {
        assert!(is_kebab(name), "`{name}` is not kebab-case");
        assert!(
            rules::by_name(name).is_some_and(|r| r.name == *name),
            "by_name({name})"
        );
    }
    let expected: BTreeSet<&str> = NAMES.into_iter().collect();
    assert_eq!(unique, expected);
}

#[test]
fn every_rule_has_documented_sections_in_order() {
    let mut problems = Vec::new();
    for rule in rules::ALL {
        let mut from = 0;
        for section in SECTIONS {
            match rule.docs[from..].find(section) {
                Some(at) => from += at + section.len(),
                None => problems.push(format!(
                    "{}: no `{section}` after the previous section",
                    rule.name
                )),
            }
        }
        // Each section has text, and the example blocks hold code.
        if rule.docs.matches("```").count() < 4 {
            problems.push(format!(
                "{}: the example and `Use instead:` need a code block each",
                rule.name
            ));
        }
        if rule.summary.is_empty() || rule.summary.contains('\n') || rule.summary.ends_with('.') {
            problems.push(format!(
                "{}: summary must be one line without a period",
                rule.name
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_rule_cites_an_rfc_section() {
    for rule in rules::ALL {
        let c = rule.citation;
        assert!(c.rfc > 0, "{}: no RFC number", rule.name);
        assert!(
            !c.section.is_empty()
                && c.section
                    .split('.')
                    .all(|p| !p.is_empty() && p.chars().all(|ch| ch.is_ascii_digit())),
            "{}: section `{}` is not like 15.5.2",
            rule.name,
            c.section
        );
        assert_eq!(
            c.url(),
            format!(
                "https://www.rfc-editor.org/rfc/rfc{}#section-{}",
                c.rfc, c.section
            )
        );
        assert!(
            rule.docs.contains(&format!("RFC {}", c.rfc)),
            "{}: docs never mention RFC {}",
            rule.name,
            c.rfc
        );
    }
}

#[test]
fn every_rule_has_a_positive_and_a_negative_fixture() {
    let mut positive: BTreeMap<&str, usize> = BTreeMap::new();
    let mut negative: BTreeMap<&str, usize> = BTreeMap::new();
    for fx in load_fixtures() {
        let ann = parse_annotations(&fx.text);
        for mark in &ann.expected {
            let rule: &Rule = rules::by_name(&mark.rule).expect("annotations name known rules");
            *positive.entry(rule.name).or_default() += 1;
        }
        for neg in &ann.negatives {
            for name in &neg.rules {
                let rule = rules::by_name(name).expect("markers name known rules");
                *negative.entry(rule.name).or_default() += 1;
            }
        }
    }
    let mut missing = Vec::new();
    for rule in rules::ALL {
        if !positive.contains_key(rule.name) {
            missing.push(format!("{}: no firing fixture", rule.name));
        }
        if !negative.contains_key(rule.name) {
            missing.push(format!("{}: no `// ok({})` fixture", rule.name, rule.name));
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

/// One problem with a message, or `None` when it follows the convention.
fn message_problem(message: &str, citation: &str) -> Option<&'static str> {
    if message.contains('\n') {
        return Some("spans several lines");
    }
    if message.starts_with(|c: char| c.is_uppercase()) {
        return Some("starts with an upper-case letter");
    }
    if message.ends_with('.') {
        return Some("ends with a period");
    }
    if !message.ends_with(&format!("({citation})")) {
        return Some("does not end with its citation in parentheses");
    }
    // A backticked status: "`401 Unauthorized`", "`499`".
    let backticked_status = message
        .split('`')
        .skip(1)
        .step_by(2)
        .any(|inner| inner.starts_with(|c: char| c.is_ascii_digit()));
    if !backticked_status {
        return Some("names no status in backticks");
    }
    None
}

#[test]
fn messages_follow_the_convention() {
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    let mut problems = Vec::new();
    for fx in load_fixtures() {
        for d in lint::check_source_in(fx.language, &fx.text, &fx.settings) {
            seen.insert(d.rule.name);
            let citation = d.citation.to_string();
            assert!(citation.starts_with("RFC "), "{citation}");
            if let Some(problem) = message_problem(&d.message, &citation) {
                problems.push(format!(
                    "{} [{}] {problem}: {}",
                    fx.rel, d.rule.name, d.message
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let unseen: Vec<&str> = rules::ALL
        .iter()
        .map(|r| r.name)
        .filter(|n| !seen.contains(n))
        .collect();
    assert!(
        unseen.is_empty(),
        "rules with no real diagnostic in the fixtures: {unseen:?}"
    );
}

#[test]
fn the_message_check_rejects_bad_messages() {
    let c = "RFC 9110 §15.5.2";
    assert_eq!(
        message_problem(
            "`401 Unauthorized` response without a `WWW-Authenticate` header (RFC 9110 §15.5.2)",
            c
        ),
        None
    );
    assert!(message_problem("Missing header `401` (RFC 9110 §15.5.2)", c).is_some());
    assert!(message_problem("missing header `401` (RFC 9110 §15.5.2).", c).is_some());
    assert!(message_problem("missing header `401`", c).is_some());
    assert!(message_problem("missing header 401 (RFC 9110 §15.5.2)", c).is_some());
    assert!(message_problem("missing\nheader `401` (RFC 9110 §15.5.2)", c).is_some());
}
