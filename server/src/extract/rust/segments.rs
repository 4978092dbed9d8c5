//! Rust items as segments (see `extract::segments`): top-level items, and the items of module, impl
//! and trait bodies, each ending in `}` or `;`.

use crate::extract::Field;
use std::ops::Range;

use tree_sitter::Node;

use super::{scan, Registration, Registrations};
use crate::extract::segments::{self, starts_line, FileRegistrations, Found, Reader};
use crate::model::FileFacts;

pub use crate::extract::segments::{parse_range, TextEdit};

/// How Rust files are cut into items.
#[derive(Debug)]
pub struct RustItems;

/// A Rust file's facts, per item.
pub type Segments = segments::Segments<RustItems>;

impl Reader for RustItems {
    type Registration = Registration;

    fn boundaries(root: Node<'_>, text: &str, ends: &mut Vec<(usize, bool)>) {
        boundaries(root, text, 0, ends);
    }

    fn one_item(children: &[Node<'_>], _text: &str, end: usize) -> bool {
        let Some((item, leading)) = children.split_last() else {
            return false;
        };
        closes(*item)
            && item.end_byte() == end
            && leading.iter().all(|n| LEADING.contains(&n.kind_str()))
    }

    fn read(
        text: &str,
        root: Node<'_>,
        children: &[Node<'_>],
        skip: &[Range<usize>],
        file: FileRegistrations<'_, Registration>,
        view: Option<crate::index::View<'_>>,
    ) -> Option<(Found<Registration>, FileFacts)> {
        let cx = scan(text, root, children, skip, view);
        let registrations = Registrations(file(&cx.registrations)?);
        let found = cx.registrations.clone();
        Some((found, cx.evaluate(&registrations)))
    }
}

/// Items that end with their own `}` or `;`: nothing after them can extend them, and after them the
/// parser is where it is at the start of a file.
const CLOSED: &[&str] = &[
    "function_item",
    "function_signature_item",
    "impl_item",
    "trait_item",
    "struct_item",
    "enum_item",
    "union_item",
    "mod_item",
    "use_declaration",
    "const_item",
    "static_item",
    "type_item",
    "associated_type",
    "extern_crate_declaration",
    "foreign_mod_item",
    "macro_definition",
    "let_declaration",
];

/// How deep in modules, impls and traits items are segments of their own.
const MAX_BODY_DEPTH: u32 = 16;

/// What may come before the item in a re-read segment.
const LEADING: &[&str] = &[
    "attribute_item",
    "inner_attribute_item",
    "line_comment",
    "block_comment",
];

fn closes(node: Node<'_>) -> bool {
    CLOSED.contains(&node.kind_str()) && !node.has_error()
}

/// Collects, in order, where segments end in `list` (the file's root, or the body of a module, impl
/// or trait): after each complete item, with whether the segment ending there is re-readable alone
/// (a top-level item: attributes and comments, then the item, on lines of their own). A body's `{` ends a segment
/// too, so that its first item is a segment of its own.
fn boundaries(list: Node<'_>, text: &str, depth: u32, ends: &mut Vec<(usize, bool)>) {
    // Whether this list holds nothing but attributes and comments since the last segment end.
    let mut clean = true;
    for child in list.children(&mut list.walk()) {
        if child.kind_str() == "{" && child.start_byte() == list.start_byte() {
            // The body's `{`: a segment ended right after it.
            continue;
        }
        // An `impl ResponseError` is read as a whole: how `status_code` is read depends on whether
        // `error_response` is there too. So is an extractor's impl: its trait says which of
        // `from_request_parts`'s returns are rejections.
        let container = matches!(child.kind_str(), "mod_item" | "impl_item" | "trait_item")
            && !super::actix::is_response_error_impl(child, text)
            && !super::axum::is_extractor_impl(child, text);
        // Deeper bodies stay whole (the recursion must not overflow on generated nesting).
        if container && depth < MAX_BODY_DEPTH {
            let body = child.field("body");
            let open = body
                .and_then(|b| b.child(0))
                .filter(|c| c.kind_str() == "{");
            if let (Some(body), Some(open)) = (body, open) {
                ends.push((open.end_byte(), false));
                boundaries(body, text, depth + 1, ends);
                // A segment ended inside the item: the item's own one starts within it.
                clean = false;
            }
        }
        if closes(child) {
            let start = ends.last().map_or(0, |(end, _)| *end);
            // An item in a module, impl or trait body is read in its context (the module path
            // and the impl's type are part of its summary), so it is not re-read alone.
            let alone = depth == 0 && clean && starts_line(text, start);
            ends.push((child.end_byte(), alone));
            clean = true;
        } else if !LEADING.contains(&child.kind_str()) || child.has_error() {
            clean = false;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::segments::testing::{self, apply, point};
    fn rust_parser() -> tree_sitter::Parser {
        super::super::language().parser()
    }
    use std::sync::Arc;

    fn read(text: &str) -> Segments {
        let tree = rust_parser().parse(text, None).unwrap();
        Segments::read(text, &tree)
    }

    fn update(segments: &Segments, text: &str, edits: &[TextEdit]) -> Option<Segments> {
        segments.update(text, edits, &mut rust_parser(), |o| point(text, o))
    }

    /// The Rust files of the fixture corpus and the examples.
    fn corpus() -> Vec<String> {
        let files = testing::corpus(
            &[
                "tests/fixtures",
                "examples/axum-service/src",
                "examples/actix-service/src",
            ],
            |l| l == super::super::language(),
        );
        assert!(files.len() >= 15, "corpus not found");
        files
    }

    /// Random one-character edits all over real handler files give what reading from scratch
    /// gives (see `segments::testing`).
    #[test]
    fn updated_segments_equal_a_full_read() {
        testing::updated_segments_equal_a_full_read::<RustItems>(
            corpus(),
            rust_parser,
            &[
                "x", " ", "\n", "\"", "{", "}", ";", "(", "/", "#", "1", "'", ":",
            ],
            true,
        );
    }

    /// Files whose helpers call helpers of their own (`handle` -> `handle_internal` ->
    /// `send_file`, each handed the `&mut Response`) are read in rounds that keep the items
    /// whose lookups did not change, and come out as read whole each round.
    #[test]
    fn rounds_that_keep_unchanged_items_equal_whole_rounds() {
        let mut files = corpus();
        files.push(CHAIN.to_string());
        let rounds = testing::kept_rounds_equal_full_rounds::<RustItems>(files, rust_parser);
        assert!(rounds >= 2, "{rounds} files read in rounds");
    }

    #[test]
    fn a_chain_of_helpers_on_a_response_is_followed_through_kept_rounds() {
        let tree = rust_parser().parse(CHAIN, None).unwrap();
        let facts = Segments::read(CHAIN, &tree).facts();
        // `handle` calls `internal`, which calls `deny`: three rounds of the own index.
        let touches: Vec<&str> = facts
            .index
            .summaries
            .iter()
            .filter(|s| matches!(s.returns, crate::index::Returns::Touches { .. }))
            .map(|s| s.name.as_str())
            .collect();
        assert_eq!(
            touches,
            ["handle", "internal", "deny"],
            "{:#?}",
            facts.index.summaries
        );
    }

    const CHAIN: &str = "use hyper::{Response, StatusCode, header};

struct Server;

        impl Server {
                async fn handle(&self, res: &mut Response<()>) {
        self.internal(res).await;
    }

                async fn unrelated(&self) -> u32 {
        1
    }

                async fn internal(&self, res: &mut Response<()>) {
        self.deny(res);
    }

                fn deny(&self, res: &mut Response<()>) {
        *res.status_mut() = StatusCode::UNAUTHORIZED;
                    res.headers_mut().insert(header::WWW_AUTHENTICATE, \"Basic\".parse().unwrap());
    }
}
";

    #[test]
    fn typing_in_a_handler_rereads_it_alone_and_breaking_it_does_not() {
        let mut text = String::from(
            "use axum::http::StatusCode;\n\nasync fn a() -> StatusCode {\n    StatusCode::OK\n}\n\n\
             async fn b() -> impl IntoResponse {\n    (StatusCode::NO_CONTENT, \"x\")\n}\n",
        );
        let segments = read(&text);
        let at = text.find("\"x").unwrap() + 1;
        let edit = apply(&mut text, at, at, "yz");
        let updated = update(&segments, &text, &[edit]).expect("an edit in a string is local");
        let facts = updated.facts();
        assert_eq!(facts.responses.len(), 2);
        let body = text.find("\"yzx\"").unwrap();
        assert!(matches!(
            facts.responses[1].body,
            crate::model::Body::Present { span, .. } if span == crate::model::Span::new(body, body + 5)
        ));
        // An unclosed brace may swallow the items after it: the whole file is read again.
        let at = text.find("StatusCode::OK").unwrap();
        let edit = apply(&mut text, at, at, "{");
        assert!(update(&updated, &text, &[edit]).is_none());
    }

    #[test]
    fn items_in_modules_and_impls_are_read_in_context() {
        let mut text = String::from(
            "mod api {\n    pub struct E;\n\n    impl IntoResponse for E {\n        fn into_response(self) -> Response {\n            \
             (StatusCode::UNAUTHORIZED, \"x\").into_response()\n        }\n    }\n\n    \
             pub async fn gone() -> impl IntoResponse {\n        (StatusCode::NO_CONTENT, \"y\")\n    }\n}\n",
        );
        let mut segments = read(&text);
        for quote in ["\"x", "\"y"] {
            let at = text.find(quote).unwrap() + 1;
            let edit = apply(&mut text, at, at, "z");
            // Parsed alone, a nested item would lose its module path and its impl's type.
            assert!(update(&segments, &text, &[edit]).is_none());
            let tree = crate::lint::parse(&mut rust_parser(), &text, None).unwrap();
            let again = segments.reread(&text, &tree, &[edit]);
            assert_eq!(
                format!("{:?}", again.facts()),
                format!("{:?}", read(&text).facts())
            );
            segments = again;
        }
        assert_eq!(segments.facts().responses.len(), 2);
    }

    /// How many of `b`'s segments are `a`'s, unchanged.
    fn shared(a: &Segments, b: &Segments) -> usize {
        b.items
            .iter()
            .filter(|x| a.items.iter().any(|y| Arc::ptr_eq(x, y)))
            .count()
    }

    #[test]
    fn rereading_after_a_breaking_edit_keeps_the_untouched_items() {
        let mut text = String::new();
        for i in 0..6 {
            text.push_str(&format!(
                "async fn h{i}() -> impl IntoResponse {{\n    (StatusCode::NO_CONTENT, \"x\")\n}}\n\n"
            ));
        }
        let segments = read(&text);
        assert_eq!(segments.items.len(), 7);
        let at = text.find("(StatusCode").unwrap() + 200;
        let at = text[at..].find("(StatusCode").unwrap() + at;
        let edit = apply(&mut text, at, at, "{");
        let tree = rust_parser().parse(&text, None).unwrap();
        assert!(tree.root_node().has_error());
        let again = segments.reread(&text, &tree, &[edit]);
        assert_eq!(
            format!("{:?}", again.facts()),
            format!("{:?}", Segments::read(&text, &tree).facts())
        );
        // The handlers before the edit keep their facts; the broken one and what it may have
        // swallowed are read again.
        let kept = shared(&segments, &again);
        assert!((2..again.items.len()).contains(&kept), "kept {kept}");
        // Closing it again: everything but the edited handler is kept.
        let edit = apply(&mut text, at, at + 1, "");
        let tree = rust_parser().parse(&text, None).unwrap();
        let closed = again.reread(&text, &tree, &[edit]);
        assert_eq!(
            format!("{:?}", closed.facts()),
            format!("{:?}", segments.facts())
        );
        assert!(shared(&again, &closed) >= kept);
    }

    #[test]
    fn a_new_registration_rereads_the_whole_file() {
        let mut text = String::from(
            "async fn create() -> impl IntoResponse {\n    (StatusCode::CREATED, \"made\")\n}\n\n\
             fn app() -> Router {\n    Router::new().route(\"/\", post(create))\n}\n",
        );
        let segments = read(&text);
        let at = text.find("post(").unwrap();
        let edit = apply(&mut text, at, at + 4, "put");
        assert!(update(&segments, &text, &[edit]).is_none());
        // Read in full, the 201 now answers a PUT.
        assert_eq!(read(&text).facts().responses[0].method, Some("PUT"));
    }
}
