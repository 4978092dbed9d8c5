//! TypeScript and JavaScript top-level statements as segments (see `extract::segments`).
//!
//! A statement is a complete item when nothing after it can extend it: it ends with its own `;`,
//! or it is a function, class, interface or enum declaration (exported or not). An expression
//! statement that ends without `;` is not one: automatic semicolon insertion lets a next line that
//! starts with `(` or `[` continue it.

use crate::extract::Field;
use std::ops::Range;

use tree_sitter::Node;

use super::{scan, Registration};
use crate::extract::segments::{self, starts_line, FileRegistrations, Found, Reader};
use crate::model::FileFacts;

/// How TypeScript and JavaScript files are cut into items.
#[derive(Debug)]
pub struct JsItems;

/// A TypeScript or JavaScript file's facts, per top-level statement.
pub type Segments = segments::Segments<JsItems>;

const DECLARATIONS: &[&str] = &[
    "function_declaration",
    "generator_function_declaration",
    "class_declaration",
    "abstract_class_declaration",
    "interface_declaration",
    "enum_declaration",
];

/// The last token of `node` (bounded descent).
fn last_token(node: Node<'_>) -> Node<'_> {
    let mut node = node;
    for _ in 0..64 {
        match node.child(node.child_count().saturating_sub(1)) {
            Some(last) if node.child_count() > 0 => node = last,
            _ => break,
        }
    }
    node
}

fn closes(node: Node<'_>) -> bool {
    if node.has_error() || node.is_missing() {
        return false;
    }
    let declaration = match node.kind_str() {
        "export_statement" => node.field("declaration").unwrap_or(node),
        _ => node,
    };
    DECLARATIONS.contains(&declaration.kind_str()) || {
        let last = last_token(node);
        last.kind_str() == ";" && !last.is_missing()
    }
}

impl Reader for JsItems {
    type Registration = Registration;

    fn boundaries(root: Node<'_>, text: &str, ends: &mut Vec<(usize, bool)>) {
        // Whether only comments came since the last segment end.
        let mut clean = true;
        for child in root.children(&mut root.walk()) {
            if closes(child) {
                let start = ends.last().map_or(0, |(end, _)| *end);
                ends.push((child.end_byte(), clean && starts_line(text, start)));
                clean = true;
            } else if child.kind_str() != "comment" || child.has_error() {
                clean = false;
            }
        }
    }

    fn one_item(children: &[Node<'_>], _text: &str, end: usize) -> bool {
        let Some((item, leading)) = children.split_last() else {
            return false;
        };
        closes(*item) && item.end_byte() == end && leading.iter().all(|n| n.kind_str() == "comment")
    }

    fn read(
        text: &str,
        _root: Node<'_>,
        children: &[Node<'_>],
        skip: &[Range<usize>],
        file: FileRegistrations<'_, Registration>,
        view: Option<crate::index::View<'_>>,
    ) -> Option<(Found<Registration>, FileFacts)> {
        let mut cx = scan(text, children, skip);
        cx.view = view;
        let registrations = super::Registrations(file(&cx.registrations)?);
        let found = cx.registrations.clone();
        Some((found, cx.evaluate(&registrations)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::segments::testing::{self, apply, point};
    use crate::extract::Language;

    /// The TypeScript and JavaScript files of the fixture corpus and the example.
    fn corpus() -> Vec<String> {
        let files = testing::corpus(&["tests/fixtures", "examples/ts-service"], |l| {
            super::super::DIALECTS
                .iter()
                .any(|d| l == Language::from_spec(d))
        });
        assert!(files.len() >= 8, "corpus not found");
        files
    }

    #[test]
    fn updated_segments_equal_a_full_read() {
        // The TSX grammar reads both the `.ts` and the `.js` files (JSX aside, a superset).
        testing::updated_segments_equal_a_full_read::<JsItems>(
            corpus(),
            || Language::from_spec(&super::super::DIALECTS[1]).parser(),
            &[
                "x", " ", "\n", "\"", "'", "`", "{", "}", ";", "(", ")", "/", "1", ":", ",",
            ],
            true,
        );
    }

    #[test]
    fn typing_in_a_handler_rereads_it_alone_and_breaking_it_does_not() {
        let mut text = String::from(
            "import express from 'express';\nconst app = express();\n\n\
             app.get('/a', (req, res) => {\n  res.status(204).send('x');\n});\n\n\
             app.get('/b', (req, res) => res.sendStatus(401));\n",
        );
        let parse = |t: &str| super::super::typescript().parser().parse(t, None).unwrap();
        let segments = Segments::read(&text, &parse(&text));
        let at = text.find("'x").unwrap() + 1;
        let edit = apply(&mut text, at, at, "yz");
        let updated = segments
            .update(
                &text,
                &[edit],
                &mut super::super::typescript().parser(),
                |o| point(&text, o),
            )
            .expect("an edit in a string is local");
        assert_eq!(
            format!("{:?}", updated.facts()),
            format!("{:?}", Segments::read(&text, &parse(&text)).facts())
        );
        assert_eq!(updated.facts().responses.len(), 2);
        // Removing the `;` lets the next line continue the statement: the file is read again.
        let at = text.find("});").unwrap() + 2;
        let edit = apply(&mut text, at, at + 1, "");
        assert!(updated
            .update(
                &text,
                &[edit],
                &mut super::super::typescript().parser(),
                |o| { point(&text, o) }
            )
            .is_none());
    }
}
