//! Code actions: a quick fix per fix, "ignore this rule on this line", and fix-all (safe fixes only).
//! Offered only where a diagnostic is (fix-all also when the editor asks for `source.fixAll`).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use tower_lsp_server::ls_types::{
    self as lsp, CodeAction, CodeActionKind, CodeActionOrCommand, DocumentChanges, OneOf,
    OptionalVersionedTextDocumentIdentifier, Range, TextDocumentEdit, TextEdit, Uri, WorkspaceEdit,
};
use tree_sitter::Tree;

use crate::lint::{self, Edit};
use crate::model::Span;
use crate::rules::Applicability;
use crate::suppress;

use super::analysis::Analysis;
use super::convert::{self, DiagnosticData, FixData};

pub(crate) const FIX_ALL_KIND: &str = "source.fixAll.statuslint";
pub(crate) const FIX_ALL_TITLE: &str = "Fix all safe statuslint problems";

/// What the client can do with the actions it gets.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct ActionCaps {
    /// `WorkspaceEdit.documentChanges` (versioned edits that a client rejects when stale).
    pub document_changes: bool,
    /// `codeAction/resolve` may fill in `edit`, so fix-all can be computed only when chosen.
    pub resolve_edit: bool,
}

/// `data` of an unresolved fix-all action.
#[derive(Debug, Serialize, Deserialize)]
pub(crate) struct FixAllData {
    pub uri: Uri,
    pub version: i32,
}

pub(crate) struct ActionRequest<'a> {
    pub uri: &'a Uri,
    pub range: Range,
    pub context: &'a [lsp::Diagnostic],
    pub only: Option<&'a [CodeActionKind]>,
}

fn wants(only: Option<&[CodeActionKind]>, kind: &str) -> bool {
    only.is_none_or(|only| {
        only.iter().any(|k| {
            let k = k.as_str();
            kind == k || (kind.starts_with(k) && kind.as_bytes().get(k.len()) == Some(&b'.'))
        })
    })
}

pub(crate) fn code_actions(
    req: &ActionRequest<'_>,
    analysis: &Analysis,
    caps: ActionCaps,
) -> Vec<CodeActionOrCommand> {
    let pos = analysis.positions();
    // The client's diagnostics for this spot, when they are ours and current; otherwise ours.
    let mut here: Vec<(lsp::Diagnostic, DiagnosticData)> = req
        .context
        .iter()
        .filter_map(|d| Some((d.clone(), convert::data_of(d)?)))
        .filter(|(_, data)| data.version == analysis.version)
        .collect();
    if here.is_empty() {
        let want = pos.span(req.range);
        here = analysis
            .diagnostics
            .iter()
            .zip(&analysis.lsp)
            .filter(|(d, _)| d.span.start <= want.end && want.start <= d.span.end)
            .filter_map(|(_, l)| Some((l.clone(), convert::data_of(l)?)))
            .collect();
    }
    let mut actions = Vec::new();
    if wants(req.only, CodeActionKind::QUICKFIX.as_str()) {
        for (diagnostic, data) in &here {
            let Some(fix) = &data.fix else { continue };
            actions.push(fix_action(req.uri, analysis.version, diagnostic, fix, caps));
        }
        let mut ignored: Vec<(u32, &str)> = Vec::new();
        for (diagnostic, data) in &here {
            let key = (diagnostic.range.start.line, data.rule.as_str());
            if ignored.contains(&key) {
                continue;
            }
            ignored.push(key);
            let start = pos.offset(diagnostic.range.start);
            let tree = analysis.tree_at(start);
            let Some(edit) = ignore_edit(&analysis.text, tree.as_ref(), start, &data.rule) else {
                continue;
            };
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: format!("Ignore `{}` on this line", data.rule),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diagnostic.clone()]),
                edit: Some(workspace_edit(
                    req.uri,
                    analysis.version,
                    vec![pos.text_edit(&edit)],
                    caps,
                )),
                is_preferred: Some(false),
                ..CodeAction::default()
            }));
        }
    }
    let asked_for_fix_all = req.only.is_some() && wants(req.only, FIX_ALL_KIND);
    let has_safe_fix = analysis.diagnostics.iter().any(|d| {
        d.fix
            .as_ref()
            .is_some_and(|f| f.applicability == Applicability::Safe)
    });
    if has_safe_fix && wants(req.only, FIX_ALL_KIND) && (asked_for_fix_all || !here.is_empty()) {
        let mut action = CodeAction {
            title: FIX_ALL_TITLE.to_string(),
            kind: Some(CodeActionKind::from(FIX_ALL_KIND)),
            ..CodeAction::default()
        };
        if caps.resolve_edit {
            action.data = serde_json::to_value(FixAllData {
                uri: req.uri.clone(),
                version: analysis.version,
            })
            .ok();
            actions.push(CodeActionOrCommand::CodeAction(action));
        } else if let Some(edit) = fix_all_edit(req.uri, analysis, caps) {
            action.edit = Some(edit);
            actions.push(CodeActionOrCommand::CodeAction(action));
        }
    }
    actions
}

fn fix_action(
    uri: &Uri,
    version: i32,
    diagnostic: &lsp::Diagnostic,
    fix: &FixData,
    caps: ActionCaps,
) -> CodeActionOrCommand {
    let title = if fix.safe || fix.title.to_ascii_lowercase().contains("unsafe") {
        fix.title.clone()
    } else {
        format!("{} (unsafe)", fix.title)
    };
    CodeActionOrCommand::CodeAction(CodeAction {
        title,
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![diagnostic.clone()]),
        edit: Some(workspace_edit(uri, version, fix.edits.clone(), caps)),
        is_preferred: Some(fix.safe),
        ..CodeAction::default()
    })
}

/// The edit of fix-all for the analysed version, or `None` when nothing applies (or the file has
/// syntax errors, which `fix_all` leaves alone).
pub(crate) fn fix_all_edit(
    uri: &Uri,
    analysis: &Analysis,
    caps: ActionCaps,
) -> Option<WorkspaceEdit> {
    let outcome = lint::fix_all_in(analysis.language, &analysis.text, &analysis.settings, false)?;
    if outcome.applied == 0 {
        return None;
    }
    let edit = convert::minimal_edit(&analysis.text, &outcome.text)?;
    let pos = analysis.positions();
    Some(workspace_edit(
        uri,
        analysis.version,
        vec![pos.text_edit(&edit)],
        caps,
    ))
}

fn workspace_edit(
    uri: &Uri,
    version: i32,
    edits: Vec<TextEdit>,
    caps: ActionCaps,
) -> WorkspaceEdit {
    if caps.document_changes {
        WorkspaceEdit {
            document_changes: Some(DocumentChanges::Edits(vec![TextDocumentEdit {
                text_document: OptionalVersionedTextDocumentIdentifier {
                    uri: uri.clone(),
                    version: Some(version),
                },
                edits: edits.into_iter().map(OneOf::Left).collect(),
            }])),
            ..WorkspaceEdit::default()
        }
    } else {
        WorkspaceEdit {
            changes: Some(HashMap::from([(uri.clone(), edits)])),
            ..WorkspaceEdit::default()
        }
    }
}

/// The edit that suppresses `rule` for the line holding `offset`: the comment goes on a line of its
/// own before it (with the line's indentation), or joins a suppression comment already there; at the
/// line's end when the line starts inside a multi-line string; nowhere if both are inside one.
pub(crate) fn ignore_edit(
    text: &str,
    tree: Option<&Tree>,
    offset: usize,
    rule: &str,
) -> Option<Edit> {
    let offset = offset.min(text.len());
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[line_start..]
        .find('\n')
        .map_or(text.len(), |i| line_start + i);
    let crlf = line_end > line_start && text.as_bytes()[line_end - 1] == b'\r';
    let content_end = if crlf { line_end - 1 } else { line_end };
    let line = &text[line_start..content_end];
    let comment = suppress::comment_for(rule);
    let marker = suppress::comment_for("");
    let marker = marker.trim_end();

    if line_start > 0 {
        let prev_start = text[..line_start - 1].rfind('\n').map_or(0, |i| i + 1);
        let prev = &text[prev_start..line_start - 1];
        let trimmed = prev.trim();
        if trimmed.starts_with(marker) && !inside_string(tree, prev_start + prev.find(marker)?) {
            let end = prev_start + prev.trim_end().len();
            return Some(insert(end, format!(", {rule}")));
        }
    }
    if !inside_string(tree, line_start) {
        let indent: String = line
            .chars()
            .take_while(|c| *c == ' ' || *c == '\t')
            .collect();
        let newline = if crlf { "\r\n" } else { "\n" };
        return Some(insert(line_start, format!("{indent}{comment}{newline}")));
    }
    if !inside_string(tree, content_end) {
        return Some(insert(content_end, format!(" {comment}")));
    }
    None
}

fn insert(at: usize, new_text: String) -> Edit {
    Edit {
        span: Span::new(at, at),
        new_text,
    }
}

/// True when `offset` lies strictly inside a string literal (inserting a comment there would change
/// the string).
fn inside_string(tree: Option<&Tree>, offset: usize) -> bool {
    let Some(tree) = tree else { return false };
    let Some(mut node) = tree.root_node().descendant_for_byte_range(offset, offset) else {
        return false;
    };
    loop {
        // Rust's string kinds, then TypeScript's and JavaScript's.
        if matches!(
            node.kind(),
            "string_literal" | "raw_string_literal" | "string" | "template_string"
        ) && node.start_byte() < offset
            && offset < node.end_byte()
        {
            return true;
        }
        match node.parent() {
            Some(parent) => node = parent,
            None => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(text: &str, edit: &Edit) -> String {
        lint::apply_edits(text, &[edit]).0
    }

    #[test]
    fn ignore_goes_on_the_line_before_with_its_indentation() {
        let text = "fn h() {\n    (StatusCode::UNAUTHORIZED, \"no\")\n}\n";
        let tree = crate::extract::Language::from_path(std::path::Path::new("a.rs"))
            .unwrap()
            .parser()
            .parse(text, None);
        let at = text.find("StatusCode").unwrap();
        let edit = ignore_edit(text, tree.as_ref(), at, "missing-www-authenticate").unwrap();
        assert_eq!(
            apply(text, &edit),
            "fn h() {\n    // statuslint-ignore: missing-www-authenticate\n    (StatusCode::UNAUTHORIZED, \"no\")\n}\n"
        );
    }

    #[test]
    fn ignore_joins_an_existing_suppression_comment() {
        let text = "fn h() {\n    // statuslint-ignore: missing-allow\n    x(405)\n}\n";
        let tree = crate::extract::Language::from_path(std::path::Path::new("a.rs"))
            .unwrap()
            .parser()
            .parse(text, None);
        let edit = ignore_edit(
            text,
            tree.as_ref(),
            text.find("x(").unwrap(),
            "body-not-allowed",
        )
        .unwrap();
        assert!(
            apply(text, &edit).contains("// statuslint-ignore: missing-allow, body-not-allowed\n")
        );
    }

    #[test]
    fn ignore_goes_to_the_line_end_inside_a_multiline_string() {
        let text = "fn h() {\n    f(\"a\nb\", StatusCode::UNAUTHORIZED)\n}\n";
        let tree = crate::extract::Language::from_path(std::path::Path::new("a.rs"))
            .unwrap()
            .parser()
            .parse(text, None);
        let at = text.find("StatusCode").unwrap();
        let edit = ignore_edit(text, tree.as_ref(), at, "r").unwrap();
        assert_eq!(
            apply(text, &edit),
            "fn h() {\n    f(\"a\nb\", StatusCode::UNAUTHORIZED) // statuslint-ignore: r\n}\n"
        );
    }

    #[test]
    fn kinds_filter_by_prefix() {
        let only = [CodeActionKind::SOURCE];
        assert!(wants(Some(&only), FIX_ALL_KIND));
        assert!(!wants(Some(&only), "quickfix"));
        let only = [CodeActionKind::SOURCE_FIX_ALL];
        assert!(wants(Some(&only), FIX_ALL_KIND));
        let only = [CodeActionKind::from("source.fix")];
        assert!(!wants(Some(&only), FIX_ALL_KIND));
        assert!(wants(None, "quickfix"));
    }
}
