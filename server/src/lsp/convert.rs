//! Engine values -> LSP values. Every offset <-> position conversion goes through `text::LineIndex`
//! with the negotiated encoding; only this module and `document.rs` call it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::{Mutex, OnceLock};

use serde::{Deserialize, Serialize};
use tower_lsp_server::ls_types::{
    self as lsp, CodeDescription, DiagnosticSeverity, NumberOrString, Position, Range, TextEdit,
    Uri,
};

use crate::lint;
use crate::model::{Place, Related, RelatedLocation, Span};
use crate::rules::{Applicability, Citation, Severity};
use crate::text::{Encoding, LineIndex};

use super::document::line_col;

pub(crate) const SOURCE: &str = "statuslint";

/// A text with its line index and the encoding positions are counted in.
#[derive(Clone, Copy)]
pub(crate) struct Positions<'a> {
    pub text: &'a str,
    pub index: &'a LineIndex,
    pub encoding: Encoding,
}

impl Positions<'_> {
    pub fn position(&self, offset: usize) -> Position {
        let lc = self.index.line_col(self.text, offset, self.encoding);
        Position::new(lc.line, lc.col)
    }

    pub fn range(&self, span: Span) -> Range {
        Range::new(self.position(span.start), self.position(span.end))
    }

    pub fn offset(&self, pos: Position) -> usize {
        self.index.offset(self.text, line_col(pos), self.encoding)
    }

    pub fn span(&self, range: Range) -> Span {
        let (a, b) = (self.offset(range.start), self.offset(range.end));
        Span::new(a.min(b), a.max(b))
    }

    pub fn text_edit(&self, edit: &lint::Edit) -> TextEdit {
        TextEdit::new(self.range(edit.span), edit.new_text.clone())
    }
}

/// What each published diagnostic carries in `data`: the document version it was computed for and
/// its fix already converted to positions, so a code action needs no re-analysis.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub(crate) struct DiagnosticData {
    pub version: i32,
    pub rule: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fix: Option<FixData>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub(crate) struct FixData {
    pub title: String,
    pub safe: bool,
    pub edits: Vec<TextEdit>,
}

pub(crate) fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

/// Where the related places of a document's diagnostics point, and how they are shown.
#[derive(Clone, Copy)]
pub(crate) struct RelatedStyle<'a> {
    /// The client reads `relatedInformation`; otherwise the places go into the message.
    pub supported: bool,
    /// The document's URI and path (places in the same file point there).
    pub uri: Option<&'a Uri>,
    pub path: Option<&'a Path>,
    /// Workspace folders: paths in messages are shown relative to the one they are in.
    pub roots: &'a [PathBuf],
}

/// `path` relative to the workspace folder it is in, else as it is.
pub(crate) fn shown_path(path: &Path, roots: &[PathBuf]) -> String {
    roots
        .iter()
        .find_map(|root| path.strip_prefix(root).ok())
        .unwrap_or(path)
        .display()
        .to_string()
}

/// The position of a precomputed place in the negotiated encoding.
fn place_position(place: &Place, encoding: Encoding) -> Position {
    let character = match encoding {
        Encoding::Utf8 => place.utf8,
        Encoding::Utf16 => place.utf16,
        Encoding::Chars => place.chars,
    };
    Position::new(place.line, character)
}

/// The related place as an LSP location; `None` when it cannot be named (an unsaved document).
pub(crate) fn related_location(
    related: &Related,
    pos: Positions<'_>,
    style: RelatedStyle<'_>,
) -> Option<lsp::Location> {
    match &related.location {
        RelatedLocation::Here(span) => {
            Some(lsp::Location::new(style.uri?.clone(), pos.range(*span)))
        }
        RelatedLocation::File {
            path, start, end, ..
        } => Some(lsp::Location::new(
            Uri::from_file_path(path)?,
            Range::new(
                place_position(start, pos.encoding),
                place_position(end, pos.encoding),
            ),
        )),
    }
}

/// "util::json_error at src/util.rs:12": the related message and its place, for plain text.
pub(crate) fn related_text(
    related: &Related,
    pos: Positions<'_>,
    style: RelatedStyle<'_>,
) -> String {
    let (path, line) = match &related.location {
        RelatedLocation::Here(span) => (style.path, pos.position(span.start).line + 1),
        RelatedLocation::File { path, start, .. } => (Some(&**path), start.line + 1),
    };
    match path {
        Some(path) => format!(
            "{} at {}:{line}",
            related.message,
            shown_path(path, style.roots)
        ),
        None => format!("{} at line {line}", related.message),
    }
}

pub(crate) fn diagnostic(
    d: &lint::Diagnostic,
    version: i32,
    pos: Positions<'_>,
    style: RelatedStyle<'_>,
) -> lsp::Diagnostic {
    let fix = d.fix.as_ref().map(|fix| FixData {
        title: fix.title.clone(),
        safe: fix.applicability == Applicability::Safe,
        edits: fix.edits.iter().map(|e| pos.text_edit(e)).collect(),
    });
    let data = DiagnosticData {
        version,
        rule: d.rule.name.to_string(),
        fix,
    };
    let mut message = if d.message.trim().is_empty() {
        format!("{} ({})", d.rule.summary, d.citation)
    } else {
        d.message.clone()
    };
    let mut related_information = Vec::new();
    for related in &d.related {
        match related_location(related, pos, style).filter(|_| style.supported) {
            Some(location) => related_information.push(lsp::DiagnosticRelatedInformation {
                location,
                message: related.message.clone(),
            }),
            // A client without related information (or a place without a URI) reads it inline.
            None => {
                message.push_str(&format!(" ({})", related_text(related, pos, style)));
            }
        }
    }
    lsp::Diagnostic {
        range: pos.range(d.span),
        severity: Some(severity(d.severity)),
        code: Some(NumberOrString::String(d.rule.name.to_string())),
        code_description: citation_uri(d.citation).map(|href| CodeDescription { href }),
        source: Some(SOURCE.to_string()),
        message,
        related_information: (!related_information.is_empty()).then_some(related_information),
        tags: None,
        data: serde_json::to_value(data).ok(),
    }
}

/// The parsed link of a citation (a handful exist; parsing one per diagnostic per keystroke adds up).
fn citation_uri(citation: Citation) -> Option<Uri> {
    type Cache = Mutex<HashMap<(u16, &'static str), Option<Uri>>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let mut cache = CACHE
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|p| p.into_inner());
    cache
        .entry((citation.rfc, citation.section))
        .or_insert_with(|| Uri::from_str(&citation.url()).ok())
        .clone()
}

/// The data of a diagnostic this server published, if it is one.
pub(crate) fn data_of(d: &lsp::Diagnostic) -> Option<DiagnosticData> {
    if d.source.as_deref() != Some(SOURCE) {
        return None;
    }
    serde_json::from_value(d.data.clone()?).ok()
}

/// One edit turning `old` into `new`: the differing middle between their common prefix and suffix.
pub(crate) fn minimal_edit(old: &str, new: &str) -> Option<lint::Edit> {
    if old == new {
        return None;
    }
    let mut prefix = old
        .bytes()
        .zip(new.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    while !(old.is_char_boundary(prefix) && new.is_char_boundary(prefix)) {
        prefix -= 1;
    }
    let max_suffix = old.len().min(new.len()) - prefix;
    let mut suffix = old
        .bytes()
        .rev()
        .zip(new.bytes().rev())
        .take(max_suffix)
        .take_while(|(a, b)| a == b)
        .count();
    while !(old.is_char_boundary(old.len() - suffix) && new.is_char_boundary(new.len() - suffix)) {
        suffix -= 1;
    }
    Some(lint::Edit {
        span: Span::new(prefix, old.len() - suffix),
        new_text: new[prefix..new.len() - suffix].to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minimal_edit_reproduces_the_new_text() {
        for (old, new) in [
            ("abc", "abXc"),
            ("aaaa", "aa"),
            ("", "x"),
            ("x😀y", "x😁y"),
            ("héllo", "hello"),
            ("same", "same"),
        ] {
            match minimal_edit(old, new) {
                None => assert_eq!(old, new),
                Some(edit) => {
                    let (out, n) = lint::apply_edits(old, &[&edit]);
                    assert_eq!((out.as_str(), n), (new, 1), "{old:?} -> {new:?}");
                }
            }
        }
        let edit =
            minimal_edit("(StatusCode::NO_CONTENT, \"x\")", "StatusCode::NO_CONTENT").unwrap();
        assert!(edit.span.end - edit.span.start < 30);
    }

    #[test]
    fn positions_follow_the_encoding() {
        let text = "let s = \"😀\"; x\n";
        let index = LineIndex::new(text);
        let x = text.find('x').unwrap();
        for (encoding, col) in [(Encoding::Utf16, 14), (Encoding::Utf8, 16)] {
            let pos = Positions {
                text,
                index: &index,
                encoding,
            };
            assert_eq!(pos.position(x), Position::new(0, col));
            assert_eq!(pos.offset(Position::new(0, col)), x);
        }
    }
}
