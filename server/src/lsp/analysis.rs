//! One analysis run: incremental parse, extraction, rules, conversion to LSP diagnostics. Runs on a
//! blocking thread from an immutable `Snapshot`; the caller catches panics.

use std::cell::RefCell;
use std::sync::{Arc, OnceLock};

use tower_lsp_server::ls_types as lsp;
use tree_sitter::{Parser, Tree};

use crate::config::Settings;
use crate::lint;
use crate::model::StatusMention;
use crate::text::{Encoding, LineIndex};

use super::convert::{self, Positions};
use super::document::Snapshot;

/// Documents larger than this are kept in sync but not analyzed: parsing 10 MB takes seconds on this
/// kind of machine and every keystroke would pay for extraction over the whole file.
pub(crate) const MAX_ANALYZED_BYTES: usize = 4 * 1024 * 1024;

/// Why a document got no analysis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Skipped {
    TooLarge,
}

pub(crate) struct Analysis {
    pub version: i32,
    pub text: Arc<String>,
    pub index: Arc<LineIndex>,
    pub encoding: Encoding,
    pub settings: Arc<Settings>,
    /// The parse of `text`; `None` when skipped.
    pub tree: Option<Tree>,
    pub diagnostics: Vec<lint::Diagnostic>,
    /// `diagnostics` converted, in the same order.
    pub lsp: Vec<lsp::Diagnostic>,
    pub mentions: Vec<StatusMention>,
    pub skipped: Option<Skipped>,
}

impl Analysis {
    pub fn positions(&self) -> Positions<'_> {
        Positions {
            text: &self.text,
            index: &self.index,
            encoding: self.encoding,
        }
    }
}

thread_local! {
    // Parsers are reused per blocking thread; creating one per run would also work, this saves the
    // allocation of its internal stacks.
    static PARSER: RefCell<Parser> = RefCell::new(lint::rust_parser());
}

/// Fault injection for the protocol tests: when `STATUSLINT_LSP_PANIC_MARKER` is set, analysing a
/// text that contains its value panics, so the tests can check that a panic is contained.
fn panic_marker() -> Option<&'static str> {
    static MARKER: OnceLock<Option<String>> = OnceLock::new();
    MARKER
        .get_or_init(|| {
            std::env::var("STATUSLINT_LSP_PANIC_MARKER")
                .ok()
                .filter(|m| !m.is_empty())
        })
        .as_deref()
}

pub(crate) fn analyze(
    snapshot: &Snapshot,
    settings: Arc<Settings>,
    encoding: Encoding,
) -> Analysis {
    let mut analysis = Analysis {
        version: snapshot.version,
        text: snapshot.text.clone(),
        index: snapshot.index.clone(),
        encoding,
        settings,
        tree: None,
        diagnostics: Vec::new(),
        lsp: Vec::new(),
        mentions: Vec::new(),
        skipped: None,
    };
    if snapshot.text.len() > MAX_ANALYZED_BYTES {
        analysis.skipped = Some(Skipped::TooLarge);
        return analysis;
    }
    if let Some(marker) = panic_marker() {
        if snapshot.text.contains(marker) {
            panic!("statuslint test hook: analysis panics on the marker `{marker}`");
        }
    }
    let text = snapshot.text.as_str();
    let Some(tree) =
        PARSER.with(|p| lint::parse(&mut p.borrow_mut(), text, snapshot.tree.as_ref()))
    else {
        return analysis;
    };
    let facts = crate::extract::rust::extract(text, &tree);
    let excluded = snapshot
        .path
        .as_deref()
        .is_some_and(|p| analysis.settings.is_excluded(p));
    if !excluded {
        analysis.diagnostics = lint::check_facts(text, &facts, &analysis.settings);
    }
    let pos = analysis.positions();
    analysis.lsp = analysis
        .diagnostics
        .iter()
        .map(|d| convert::diagnostic(d, snapshot.version, pos))
        .collect();
    analysis.mentions = facts.mentions;
    analysis.tree = Some(tree);
    analysis
}
