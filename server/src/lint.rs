//! The engine: source text -> diagnostics with rendered fixes. The CLI and the language server both
//! call `check_source` / `check_tree`; neither has lint logic of its own. Nothing here does IO or fails.

use std::time::{Duration, Instant};

use tree_sitter::{ParseOptions, ParseState, Parser, Tree};

use crate::config::Settings;
use crate::extract::{self, Language};
use crate::model::{FileFacts, FixIntent, Response, Span};
use crate::rules::{self, Applicability, Citation, Rule, RuleContext, Severity};

pub use crate::model::Edit;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub title: String,
    pub applicability: Applicability,
    pub edits: Vec<Edit>,
}

#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub rule: &'static Rule,
    pub severity: Severity,
    /// One line, lower-case start, ends with the RFC citation in parentheses.
    pub message: String,
    pub span: Span,
    pub citation: Citation,
    pub fix: Option<Fix>,
    /// Other places that explain it (where the response is built, when that is elsewhere).
    pub related: Vec<crate::model::Related>,
}

/// How long parsing a file of up to 1 MB may take. tree-sitter's error recovery is superlinear on
/// some broken input (a long run of repeated tokens that do not parse): such a file is skipped,
/// not waited for. Larger files get `PARSE_BUDGET_PER_MB` more per MB, so a big file that parses
/// at the usual speed (about 7 MB/s) is never skipped on a loaded machine.
pub const PARSE_BUDGET: Duration = Duration::from_secs(2);
pub const PARSE_BUDGET_PER_MB: Duration = Duration::from_secs(2);

/// The parse budget for a text of `len` bytes.
pub fn parse_budget(len: usize) -> Duration {
    let extra_mb = (len.saturating_sub(1) / (1024 * 1024)) as u32;
    PARSE_BUDGET + PARSE_BUDGET_PER_MB * extra_mb
}

/// A parse ran out of its time budget (given); the file is skipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParseTimeout(pub Duration);

impl std::fmt::Display for ParseTimeout {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "skipped, parsing took longer than {} s",
            self.0.as_secs()
        )
    }
}

/// Parses `text` within its `parse_budget`, reusing `old` (already edited with `Tree::edit`) for
/// an incremental parse.
pub fn parse(parser: &mut Parser, text: &str, old: Option<&Tree>) -> Result<Tree, ParseTimeout> {
    let budget = parse_budget(text.len());
    let deadline = Instant::now() + budget;
    let bytes = text.as_bytes();
    // tree-sitter asks every 100 parse operations; `true` stops the parse.
    let mut over = |_: &ParseState| Instant::now() >= deadline;
    let options = ParseOptions::new().progress_callback(&mut over);
    let tree = parser.parse_with_options(
        &mut |offset, _| bytes.get(offset..).unwrap_or_default(),
        old,
        Some(options),
    );
    tree.ok_or_else(|| {
        // A stopped parse would otherwise be resumed by the parser's next call.
        parser.reset();
        ParseTimeout(budget)
    })
}

/// Parses and checks one file of `language` (no diagnostics when the parse runs out of time).
pub fn check_source_in(language: Language, text: &str, settings: &Settings) -> Vec<Diagnostic> {
    check_source_with(language, text, settings, None)
}

/// `check_source_in`, resolving names through `view` (see `extract::extract_with`).
pub fn check_source_with(
    language: Language,
    text: &str,
    settings: &Settings,
    view: Option<crate::index::View<'_>>,
) -> Vec<Diagnostic> {
    // Most non-handler files cannot build a response at all: no need to parse them.
    if !extract::may_build_response(language, text) {
        return Vec::new();
    }
    let mut parser = language.parser();
    match parse(&mut parser, text, None) {
        Ok(tree) => check_tree_with(language, text, &tree, settings, view),
        Err(ParseTimeout(_)) => Vec::new(),
    }
}

/// Checks an already parsed file of `language`.
pub fn check_tree_in(
    language: Language,
    text: &str,
    tree: &Tree,
    settings: &Settings,
) -> Vec<Diagnostic> {
    check_tree_with(language, text, tree, settings, None)
}

/// Checks an already parsed file of `language`, resolving names through `view` (see
/// `extract::extract_with`).
pub fn check_tree_with(
    language: Language,
    text: &str,
    tree: &Tree,
    settings: &Settings,
    view: Option<crate::index::View<'_>>,
) -> Vec<Diagnostic> {
    let facts = extract::extract_with(language, text, tree, view);
    check_facts(language, text, &facts, settings)
}

/// Runs every enabled rule over the facts, renders fixes and drops suppressed diagnostics.
pub fn check_facts(
    language: Language,
    text: &str,
    facts: &FileFacts,
    settings: &Settings,
) -> Vec<Diagnostic> {
    let ctx = RuleContext {
        allowed_status_codes: &settings.allowed_status_codes,
    };
    language.with_text_memo(text, || {
        check_facts_memoized(language, text, facts, settings, &ctx)
    })
}

/// The fix's applicability: the rule's, unless the rendered edits cannot compile on their own.
fn applicability(
    intent: &FixIntent,
    response: &Response,
    proposed: Applicability,
) -> Applicability {
    match intent {
        FixIntent::RemoveBody if response.fix_plan.remove_body_changes_type => {
            Applicability::Unsafe
        }
        _ => proposed,
    }
}

fn check_facts_memoized(
    language: Language,
    text: &str,
    facts: &FileFacts,
    settings: &Settings,
    ctx: &RuleContext<'_>,
) -> Vec<Diagnostic> {
    let suppressions = crate::suppress::Suppressions::scan(text);
    let mut out = Vec::new();
    for response in &facts.responses {
        for rule in rules::ALL {
            let Some(configured) = settings.severity(rule) else {
                continue;
            };
            let Some(finding) = (rule.check)(response, ctx) else {
                continue;
            };
            if suppressions.is_suppressed(finding.span.start, rule.name) {
                continue;
            }
            // A configured severity wins; otherwise the finding's own (416 is a SHOULD) or the rule's.
            let severity = match settings.configured(rule) {
                Some(_) => configured,
                None => finding.severity.unwrap_or(configured),
            };
            let fix = finding.fix.and_then(|proposal| {
                let edits = language.render_fix(&proposal.intent, response, text)?;
                Some(Fix {
                    title: language
                        .retitle_fix(&proposal.intent, response, text)
                        .unwrap_or(proposal.title),
                    applicability: applicability(
                        &proposal.intent,
                        response,
                        proposal.applicability,
                    ),
                    edits,
                })
            });
            out.push(Diagnostic {
                rule,
                severity,
                message: finding.message,
                span: finding.span,
                citation: finding.citation,
                fix,
                related: response.related.clone(),
            });
        }
    }
    out.sort_by_key(|d| (d.span.start, d.rule.name));
    out.dedup_by(|a, b| a.span == b.span && a.rule.name == b.rule.name);
    out
}

/// Applies non-overlapping edits (later ones first, so offsets stay valid). Overlapping edits after
/// the first are skipped; returns the new text and how many edits were applied.
pub fn apply_edits(text: &str, edits: &[&Edit]) -> (String, usize) {
    let mut sorted: Vec<&Edit> = edits.to_vec();
    sorted.sort_by_key(|e| (e.span.start, e.span.end));
    let mut kept: Vec<&Edit> = Vec::new();
    for edit in sorted {
        let valid = edit.span.start <= edit.span.end
            && edit.span.end <= text.len()
            && text.is_char_boundary(edit.span.start)
            && text.is_char_boundary(edit.span.end);
        let overlaps = kept
            .last()
            .is_some_and(|prev| edit.span.start < prev.span.end);
        if valid && !overlaps {
            kept.push(edit);
        }
    }
    let mut out = text.to_string();
    for edit in kept.iter().rev() {
        out.replace_range(edit.span.start..edit.span.end, &edit.new_text);
    }
    (out, kept.len())
}

/// The edits of whole fixes that do not overlap an earlier chosen fix: a fix is applied entirely or
/// not at all, so a multi-edit fix is never half-applied.
pub fn non_overlapping<'a>(fixes: &[&'a Fix]) -> Vec<&'a Edit> {
    let mut chosen: Vec<&'a Edit> = Vec::new();
    for fix in fixes {
        let clashes = fix.edits.iter().any(|e| {
            chosen.iter().any(|c| {
                e.span.start < c.span.end && c.span.start < e.span.end
                    || (e.span.start == c.span.start && e.span.end == c.span.end)
            })
        });
        if !clashes {
            chosen.extend(fix.edits.iter());
        }
    }
    chosen
}

/// The result of applying fixes to a file until nothing more applies.
pub struct FixOutcome {
    pub text: String,
    pub applied: usize,
}

/// Applies fixes of at most `max` applicability (safe only, or safe and unsafe) to a file of
/// `language` repeatedly until no fix applies (at most 10 rounds). Returns `None` when the input
/// has syntax errors (it is left alone) or when fixing would introduce a syntax error.
pub fn fix_all_in(
    language: Language,
    text: &str,
    settings: &Settings,
    include_unsafe: bool,
) -> Option<FixOutcome> {
    fix_all_with(language, text, settings, include_unsafe, None)
}

/// `fix_all_in`, with the diagnostics of each round read through `view` (the CLI's index). After
/// each round the file's own entry in the index is replaced by the fixed text's, so that what the
/// file defines (and the notes and fixes pointing into it) has the fixed text's offsets; the index
/// is left holding the returned text.
pub fn fix_all_with(
    language: Language,
    text: &str,
    settings: &Settings,
    include_unsafe: bool,
    view: Option<crate::index::View<'_>>,
) -> Option<FixOutcome> {
    let mut parser = language.parser();
    let tree = parse(&mut parser, text, None).ok()?;
    if tree.root_node().has_error() {
        return None;
    }
    let mut current = text.to_string();
    let mut applied = 0;
    let mut diagnostics = check_tree_with(language, &current, &tree, settings, view);
    for _ in 0..10 {
        let fixes: Vec<&Fix> = diagnostics
            .iter()
            .filter_map(|d| d.fix.as_ref())
            .filter(|f| include_unsafe || f.applicability == Applicability::Safe)
            .collect();
        let edits = non_overlapping(&fixes);
        if edits.is_empty() {
            break;
        }
        let (next, count) = apply_edits(&current, &edits);
        if count == 0 || next == current {
            break;
        }
        let tree = parse(&mut parser, &next, None).ok()?;
        if tree.root_node().has_error() {
            return None;
        }
        // Problems fixed, not edits: one fix may edit in several places (a body and its import).
        applied += fixes
            .iter()
            .filter(|f| {
                f.edits
                    .iter()
                    .all(|e| edits.iter().any(|c| std::ptr::eq(*c, e)))
            })
            .count();
        current = next;
        if let Some(view) = view {
            let own = extract::extract_with(language, &current, &tree, None);
            view.index.update(view.path, &current, &own);
        }
        diagnostics = check_tree_with(language, &current, &tree, settings, view);
    }
    Some(FixOutcome {
        text: current,
        applied,
    })
}
