//! One open document: its text, line index, version and the tree that seeds the next incremental parse.
//!
//! Changes are applied here synchronously, in the order the notifications arrive (see `server.rs` for
//! why that order holds). Analysis never mutates a document; it works on a `Snapshot`.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use tokio::sync::watch;
use tower_lsp_server::ls_types::{Position, TextDocumentContentChangeEvent};
use tree_sitter::{InputEdit, Point, Tree};

use crate::extract::{Language, Segments, TextEdit};
use crate::text::{Encoding, LineCol, LineIndex};

use super::analysis::Analysis;

/// What the analysis of one (version, settings epoch) produced; `result` is `None` when analysis
/// failed (a caught panic) or was skipped, and the document then has no diagnostics.
#[derive(Clone)]
pub(crate) struct AnalysisState {
    pub version: i32,
    /// The settings epoch it was computed with.
    pub epoch: u64,
    /// The document's index refresh count it was computed at (see `Document::refresh`).
    pub refresh: u64,
    pub result: Option<Arc<Analysis>>,
}

/// How many edits a document keeps for its next analysis before it gives up on re-reading by item.
const MAX_PENDING_EDITS: usize = 4096;

pub(crate) struct Document {
    /// Distinguishes this opening from an earlier one of the same URI (versions may repeat).
    pub open_id: u64,
    pub text: Arc<String>,
    pub index: Arc<LineIndex>,
    pub version: i32,
    pub path: Option<PathBuf>,
    /// `path` made canonical: the document's key in the workspace index.
    pub key: Option<PathBuf>,
    pub language: Language,
    /// Bumped when what the document reads from other files changed (a summary it uses): the next
    /// analysis reads every item again.
    pub refresh: u64,
    /// The last parse, edited (`Tree::edit`) with every change since, so it matches `text`'s layout
    /// and can seed an incremental parse. `None` forces a full parse.
    pub tree: Option<Tree>,
    /// The facts of the last analysis, per top-level item, and the edits made since: together they
    /// let the next analysis re-read only the item an edit fell in. `None` forces a full read.
    pub segments: Option<Arc<Segments>>,
    pub edits: Vec<TextEdit>,
    /// The latest finished analysis; requests that need results for the current version wait on it.
    pub latest: watch::Sender<Option<AnalysisState>>,
    /// (version, settings epoch, refresh) of the last finished analysis.
    pub analyzed: Option<(i32, u64, u64)>,
    /// True while a lint task owns this document; it re-runs until `analyzed` is current.
    pub analyzing: bool,
    /// Warned once that the document is too large to analyze.
    pub warned_large: bool,
    /// When the current version arrived (for the latency logged at debug level).
    pub changed_at: Instant,
}

/// An immutable view of a document for one analysis run.
pub(crate) struct Snapshot {
    pub open_id: u64,
    pub version: i32,
    pub text: Arc<String>,
    pub index: Arc<LineIndex>,
    pub tree: Option<Tree>,
    pub segments: Option<Arc<Segments>>,
    pub edits: Vec<TextEdit>,
    pub path: Option<PathBuf>,
    pub key: Option<PathBuf>,
    pub uri: Option<tower_lsp_server::ls_types::Uri>,
    /// Read every item again: the index changed since the segments were read.
    pub reread_all: bool,
    pub refresh: u64,
    pub language: Language,
}

impl Document {
    pub fn new(
        text: String,
        version: i32,
        path: Option<PathBuf>,
        language: Language,
        open_id: u64,
    ) -> Document {
        let index = Arc::new(LineIndex::new(&text));
        let key = path.as_deref().map(super::workspace::canonical);
        Document {
            open_id,
            text: Arc::new(text),
            index,
            version,
            path,
            key,
            language,
            refresh: 0,
            tree: None,
            segments: None,
            edits: Vec::new(),
            latest: watch::Sender::new(None),
            analyzed: None,
            analyzing: false,
            warned_large: false,
            changed_at: Instant::now(),
        }
    }

    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            open_id: self.open_id,
            version: self.version,
            text: self.text.clone(),
            index: self.index.clone(),
            tree: self.tree.clone(),
            segments: self.segments.clone(),
            edits: self.edits.clone(),
            path: self.path.clone(),
            key: self.key.clone(),
            uri: None,
            reread_all: self.analyzed.is_some_and(|(_, _, r)| r != self.refresh),
            refresh: self.refresh,
            language: self.language,
        }
    }

    /// Applies one `didChange`'s content changes in order, then takes its version. Ranges are
    /// clamped to the text (a range past the end edits at the end); a reversed range is reordered.
    pub fn apply_changes(
        &mut self,
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
        encoding: Encoding,
    ) {
        for change in changes {
            match change.range {
                None => {
                    self.text = Arc::new(change.text);
                    self.tree = None;
                    self.segments = None;
                    self.edits.clear();
                }
                Some(range) => {
                    self.apply_range_change(range.start, range.end, &change.text, encoding)
                }
            }
            self.index = Arc::new(LineIndex::new(&self.text));
        }
        self.version = version;
        self.changed_at = Instant::now();
    }

    fn apply_range_change(
        &mut self,
        start: Position,
        end: Position,
        new_text: &str,
        enc: Encoding,
    ) {
        let a = self.index.offset(&self.text, line_col(start), enc);
        let b = self.index.offset(&self.text, line_col(end), enc);
        let (start, old_end) = (a.min(b), a.max(b));
        let start_position = self.point(start);
        let old_end_position = self.point(old_end);
        // Copies the text only when an analysis still holds the previous version.
        Arc::make_mut(&mut self.text).replace_range(start..old_end, new_text);
        let new_end_position = match new_text.rfind('\n') {
            Some(last) => Point {
                row: start_position.row + new_text.matches('\n').count(),
                column: new_text.len() - last - 1,
            },
            None => Point {
                row: start_position.row,
                column: start_position.column + new_text.len(),
            },
        };
        if self.segments.is_some() {
            self.edits.push(TextEdit {
                start,
                old_end,
                new_end: start + new_text.len(),
            });
            // Edits pile up only while analyses fail; past this many, a full read is cheaper.
            if self.edits.len() > MAX_PENDING_EDITS {
                self.segments = None;
                self.edits.clear();
            }
        }
        if let Some(tree) = &mut self.tree {
            tree.edit(&InputEdit {
                start_byte: start,
                old_end_byte: old_end,
                new_end_byte: start + new_text.len(),
                start_position,
                old_end_position,
                new_end_position,
            });
        }
    }

    /// A tree-sitter point (row, byte column) of an offset in the current text.
    fn point(&self, offset: usize) -> Point {
        point(&self.index, &self.text, offset)
    }
}

/// The tree-sitter point (row, byte column) of `offset` in `text`.
pub(crate) fn point(index: &LineIndex, text: &str, offset: usize) -> Point {
    let lc = index.line_col(text, offset, Encoding::Utf8);
    Point {
        row: lc.line as usize,
        column: lc.col as usize,
    }
}

pub(crate) fn line_col(pos: Position) -> LineCol {
    LineCol {
        line: pos.line,
        col: pos.character,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower_lsp_server::ls_types::Range;

    fn rust() -> Language {
        Language::from_path(std::path::Path::new("a.rs")).unwrap()
    }

    fn change(sl: u32, sc: u32, el: u32, ec: u32, text: &str) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: Some(Range::new(Position::new(sl, sc), Position::new(el, ec))),
            range_length: None,
            text: text.to_string(),
        }
    }

    #[test]
    fn applies_utf16_and_utf8_ranges() {
        let mut doc = Document::new("a😀b\nxyz\n".to_string(), 1, None, rust(), 1);
        // After the emoji: UTF-16 column 3, UTF-8 column 5.
        doc.apply_changes(2, vec![change(0, 3, 0, 4, "B")], Encoding::Utf16);
        assert_eq!(doc.text.as_str(), "a😀B\nxyz\n");
        doc.apply_changes(3, vec![change(0, 5, 0, 6, "c")], Encoding::Utf8);
        assert_eq!(doc.text.as_str(), "a😀c\nxyz\n");
        assert_eq!(doc.version, 3);
    }

    #[test]
    fn clamps_ranges_past_the_end_and_reversed_ranges() {
        let mut doc = Document::new("ab\ncd".to_string(), 1, None, rust(), 1);
        doc.apply_changes(2, vec![change(9, 0, 12, 4, "!")], Encoding::Utf16);
        assert_eq!(doc.text.as_str(), "ab\ncd!");
        doc.apply_changes(3, vec![change(0, 2, 0, 0, "")], Encoding::Utf16);
        assert_eq!(doc.text.as_str(), "\ncd!");
    }

    /// Every node with its byte range and start point, in document order.
    fn nodes(tree: &Tree) -> Vec<(String, usize, usize, Point)> {
        let mut out = Vec::new();
        let mut cursor = tree.walk();
        loop {
            let n = cursor.node();
            out.push((
                n.kind().to_string(),
                n.start_byte(),
                n.end_byte(),
                n.start_position(),
            ));
            if cursor.goto_first_child() || cursor.goto_next_sibling() {
                continue;
            }
            loop {
                if !cursor.goto_parent() {
                    return out;
                }
                if cursor.goto_next_sibling() {
                    break;
                }
            }
        }
    }

    #[test]
    fn edited_tree_reparses_to_the_same_tree_as_a_full_parse() {
        let source = "fn a() {\n    let x = 1;\n}\nfn b() -> u16 { 204 }\n";
        let mut parser = rust().parser();
        let mut doc = Document::new(source.to_string(), 1, None, rust(), 1);
        doc.tree = parser.parse(doc.text.as_str(), None);
        doc.apply_changes(
            2,
            vec![
                change(1, 12, 1, 13, "2;\n    let y = 3"),
                change(4, 16, 4, 19, "401"),
            ],
            Encoding::Utf16,
        );
        let incremental = parser.parse(doc.text.as_str(), doc.tree.as_ref()).unwrap();
        let full = parser.parse(doc.text.as_str(), None).unwrap();
        assert_eq!(nodes(&incremental), nodes(&full));
        assert!(doc.text.contains("let y = 3;") && doc.text.contains("{ 401 }"));
    }
}
