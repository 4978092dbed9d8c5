//! Go extraction (issue 19). A status counts only in a handler: a function, method or function
//! literal taking `(w http.ResponseWriter, r *http.Request)`. Client code (`http.Get`,
//! `resp.StatusCode`) has no `ResponseWriter` to write to, so it never fires; a file importing
//! `testing` or `net/http/httptest` holds fake servers and is not read. The standard library's
//! `net/http` is read in `nethttp`; each framework will be a file of its own.

mod nethttp;

use std::ops::Range;

use tree_sitter::Node;

use crate::extract::segments::{self, FileRegistrations, Found, Reader};
use crate::extract::{Field, Fixes, Packages, Spec};
use crate::index::View;
use crate::model::{FileFacts, Span};

/// What statuslint reads as Go (see `extract::Spec`).
pub(crate) static DIALECTS: [Spec; 1] = [Spec {
    name: "go",
    extensions: &["go"],
    no_code_suffixes: &[],
    bundle_suffixes: &[],
    one_line_bundles: false,
    language_ids: &["go"],
    // Vendored modules are not the user's code; `testdata` holds inputs of tests.
    skipped_dirs: &["vendor", "testdata"],
    build_dir: None,
    // tree-sitter-go 0.25 is ABI 15.
    grammar: || tree_sitter_go::LANGUAGE.into(),
    may_build_response,
    read: |text, tree, view| crate::extract::Segments::new(Segments::read_with(text, tree, view)),
    unparsed: |_| None,
    packages: Packages {
        manifest: "go.mod",
        roots: |_| true,
        watched: &[],
        // Not resolved across files yet: every file is read on its own.
        module_of: |_, _| None,
        dependencies: |_| Vec::new(),
        nested: |_, _| false,
        forget: || {},
    },
    fixes: Fixes {
        render: crate::extract::fix::render,
        retitle: crate::extract::fix::retitle,
        memoized: crate::extract::fix::memoized,
    },
}];

/// Every handler read takes an `http.ResponseWriter`: a file without one yields no facts.
pub fn may_build_response(text: &str) -> bool {
    text.contains(nethttp::TOKEN)
}

/// How Go files are cut into items: each top-level declaration. Any edit re-parses the file,
/// keeping the facts of the declarations it did not touch.
#[derive(Debug)]
pub struct GoItems;

/// What one declaration says about how the file is read.
#[derive(Debug, Clone, PartialEq)]
pub enum Registration {
    /// An import of `testing` or `net/http/httptest`: the file's handlers are fakes.
    TestImport,
}

/// A Go file's facts, per top-level declaration.
pub type Segments = segments::Segments<GoItems>;

impl Reader for GoItems {
    type Registration = Registration;

    fn boundaries(root: Node<'_>, _text: &str, ends: &mut Vec<(usize, bool)>) {
        for child in root.children(&mut root.walk()) {
            let reusable = child.start_position().column == 0 && !child.has_error();
            ends.push((child.end_byte(), reusable));
        }
    }

    fn one_item(_children: &[Node<'_>], _text: &str, _end: usize) -> bool {
        // A declaration re-read alone is not proven to parse as within the file (automatic
        // semicolons): an edit always re-parses the file.
        false
    }

    fn read(
        text: &str,
        _root: Node<'_>,
        children: &[Node<'_>],
        skip: &[Range<usize>],
        file: FileRegistrations<'_, Registration>,
        _view: Option<View<'_>>,
    ) -> Option<(Found<Registration>, FileFacts)> {
        let kept: Vec<Node<'_>> = children
            .iter()
            .filter(|c| {
                !skip
                    .iter()
                    .any(|s| s.start <= c.start_byte() && c.end_byte() <= s.end)
            })
            .copied()
            .collect();
        let mut found: Found<Registration> = Vec::new();
        for item in &kept {
            if item.kind_str() == "import_declaration" && is_test_import(*item, text) {
                found.push((item.start_byte(), Registration::TestImport));
            }
        }
        let all = file(&found)?;
        let mut facts = FileFacts::default();
        if !all.contains(&Registration::TestImport) {
            for item in &kept {
                if text_of(*item, text).contains(nethttp::TOKEN) {
                    nethttp::read(*item, text, &mut facts.responses);
                }
            }
        }
        facts.responses.sort_by_key(|r| r.span.start);
        Some((found, facts))
    }
}

/// Whether an import declaration imports a test package.
fn is_test_import(import: Node<'_>, text: &str) -> bool {
    let written = text_of(import, text);
    ["\"testing\"", "\"net/http/httptest\"", "`testing`"]
        .iter()
        .any(|t| written.contains(t))
}

fn text_of<'t>(node: Node<'_>, text: &'t str) -> &'t str {
    text.get(node.byte_range()).unwrap_or("")
}

fn span_of(node: Node<'_>) -> Span {
    Span::new(node.start_byte(), node.end_byte())
}

#[cfg(test)]
mod tests;
