//! Small helpers over tree-sitter-rust nodes. Everything iterates; nothing recurses without a bound.

use crate::extract::Field;
use std::sync::OnceLock;

use tree_sitter::Node;

/// Grammar ids of the node kinds the walk tests on every node: comparing ids avoids turning each
/// node's kind name into a `&str` (a length scan and a UTF-8 check per call).
pub(crate) struct Kinds {
    pub function_item: u16,
    pub closure_expression: u16,
    pub attribute_item: u16,
    pub line_comment: u16,
    pub block_comment: u16,
    pub scoped_identifier: u16,
    pub call_expression: u16,
    pub identifier: u16,
    pub let_declaration: u16,
    pub return_expression: u16,
    pub try_expression: u16,
    pub impl_item: u16,
    pub mod_item: u16,
    pub trait_item: u16,
    pub struct_item: u16,
    pub enum_item: u16,
    pub use_declaration: u16,
    pub scoped_type_identifier: u16,
    pub token_tree: u16,
    pub string_literal: u16,
    pub raw_string_literal: u16,
}

pub(crate) fn kinds() -> &'static Kinds {
    static KINDS: OnceLock<Kinds> = OnceLock::new();
    KINDS.get_or_init(|| {
        let language: tree_sitter::Language = tree_sitter_rust::LANGUAGE.into();
        let id = |kind: &str| language.id_for_node_kind(kind, true);
        Kinds {
            function_item: id("function_item"),
            closure_expression: id("closure_expression"),
            attribute_item: id("attribute_item"),
            line_comment: id("line_comment"),
            block_comment: id("block_comment"),
            scoped_identifier: id("scoped_identifier"),
            call_expression: id("call_expression"),
            identifier: id("identifier"),
            let_declaration: id("let_declaration"),
            return_expression: id("return_expression"),
            try_expression: id("try_expression"),
            impl_item: id("impl_item"),
            mod_item: id("mod_item"),
            trait_item: id("trait_item"),
            struct_item: id("struct_item"),
            enum_item: id("enum_item"),
            use_declaration: id("use_declaration"),
            scoped_type_identifier: id("scoped_type_identifier"),
            token_tree: id("token_tree"),
            string_literal: id("string_literal"),
            raw_string_literal: id("raw_string_literal"),
        }
    })
}

impl Kinds {
    pub(crate) fn is_function(&self, kind: u16) -> bool {
        kind == self.function_item || kind == self.closure_expression
    }

    /// Kinds whose descendants are tokens a tree walk has nothing to read in: a macro's token
    /// tree (its tokens are not parsed into calls or paths), a string's content and escapes, a
    /// comment's text. Macros and strings are often a large share of a file's nodes.
    pub(crate) fn is_opaque(&self, kind: u16) -> bool {
        kind == self.token_tree
            || kind == self.string_literal
            || kind == self.raw_string_literal
            || kind == self.line_comment
            || kind == self.block_comment
    }
}

use crate::model::Span;

pub(crate) fn span(node: Node<'_>) -> Span {
    Span::new(node.start_byte(), node.end_byte())
}

pub(crate) fn text<'s>(node: Node<'_>, src: &'s str) -> &'s str {
    src.get(node.start_byte()..node.end_byte()).unwrap_or("")
}

pub(crate) fn named_children<'t>(node: Node<'t>) -> Vec<Node<'t>> {
    let mut cursor = node.walk();
    // Sized up front: a collected filter would grow (and copy) the vector as it goes.
    let mut children = Vec::with_capacity(node.named_child_count());
    children.extend(node.named_children(&mut cursor).filter(|n| !is_comment(*n)));
    count_visits(children.len() + 1);
    children
}

/// The last of `named_children(node)`, without listing them: the last named child is asked for
/// directly, and only when it is a comment are the children walked.
pub(crate) fn last_named_child(node: Node<'_>) -> Option<Node<'_>> {
    count_visits(1);
    let last = node.named_child(node.named_child_count().checked_sub(1)?)?;
    if !is_comment(last) {
        return Some(last);
    }
    named_children(node).into_iter().last()
}

/// `node`'s parent. tree-sitter 0.25 finds a parent by descending from the root past every earlier
/// sibling at each level; descending from `top` (the function being read) costs only the levels
/// below it. `top` is a proper ancestor when its range strictly encloses a non-empty `node`'s
/// (siblings do not overlap), and the descent from the root passes through it, so the node found is
/// the same; otherwise the plain `parent()`.
pub(crate) fn parent_under<'t>(top: Option<Node<'t>>, node: Node<'t>) -> Option<Node<'t>> {
    let (start, end) = (node.start_byte(), node.end_byte());
    let Some(mut current) = top.filter(|t| {
        start < end
            && t.start_byte() <= start
            && end <= t.end_byte()
            && (t.start_byte(), t.end_byte()) != (start, end)
    }) else {
        return node.parent();
    };
    loop {
        match current.child_with_descendant(node) {
            Some(next) if next.id() == node.id() => return Some(current),
            Some(next) => current = next,
            None => return node.parent(),
        }
    }
}

pub(crate) fn is_comment(node: Node<'_>) -> bool {
    matches!(node.kind_str(), "line_comment" | "block_comment")
}

/// The arguments of a call (`None` when the call has no argument list, e.g. a macro).
pub(crate) fn call_args<'t>(call: Node<'t>) -> Vec<Node<'t>> {
    call.field("arguments")
        .map(named_children)
        .unwrap_or_default()
}

/// For `recv.method(args)`: the receiver and the method name.
pub(crate) fn method_call<'t, 's>(call: Node<'t>, src: &'s str) -> Option<(Node<'t>, &'s str)> {
    if call.kind_str() != "call_expression" {
        return None;
    }
    let function = call.field("function")?;
    if function.kind_str() != "field_expression" {
        return None;
    }
    let receiver = function.field("value")?;
    let field = function.field("field")?;
    Some((receiver, text(field, src)))
}

/// The last name of what a call calls (`x.status(..)` -> `status`, `a::b::get(..)` -> `get`,
/// `to(..)` -> `to`), read without allocating; `None` when the callee has another shape (a generic
/// function, a parenthesized callee), where only the full look-ups can tell. It is the name
/// `method_call` and the last of `path_call_segments` give: a call whose name is known and not one
/// a check looks for cannot match it, so callers test it first to skip the costly checks.
pub(crate) fn callee_name<'s>(call: Node<'_>, src: &'s str) -> Option<&'s str> {
    let function = call.field("function")?;
    let name = match function.kind_str() {
        "field_expression" => function.field("field")?,
        "identifier" => function,
        "scoped_identifier" => function.field("name")?,
        _ => return None,
    };
    Some(text(name, src))
}

/// For a call of a path or name (`a::b::c(args)`, `Json(x)`, `Empty::<Bytes>::new()`): the path's
/// segments, generic arguments dropped.
pub(crate) fn path_call_segments<'s>(call: Node<'_>, src: &'s str) -> Option<Vec<&'s str>> {
    if call.kind_str() != "call_expression" {
        return None;
    }
    path_segments(call.field("function")?, src)
}

/// The segments of a path expression: `axum::http::StatusCode::OK` -> [axum, http, StatusCode, OK].
pub(crate) fn path_segments<'s>(node: Node<'_>, src: &'s str) -> Option<Vec<&'s str>> {
    let mut segments = Vec::new();
    let mut current = node;
    // Paths are short; the bound keeps a pathological input from looping long.
    for _ in 0..32 {
        match current.kind_str() {
            "identifier" | "type_identifier" | "self" | "crate" | "super" => {
                segments.push(text(current, src));
                segments.reverse();
                return Some(segments);
            }
            "scoped_identifier" | "scoped_type_identifier" => {
                let name = current.field("name")?;
                segments.push(text(name, src));
                match current.field("path") {
                    Some(path) => current = path,
                    None => {
                        segments.reverse();
                        return Some(segments);
                    }
                }
            }
            "generic_function" => current = current.field("function")?,
            "generic_type" => current = current.field("type")?,
            _ => return None,
        }
    }
    None
}

/// The node under `(...)` wrappers.
pub(crate) fn strip_parens(mut node: Node<'_>) -> Node<'_> {
    for _ in 0..64 {
        if node.kind_str() != "parenthesized_expression" {
            break;
        }
        match named_children(node).into_iter().next() {
            Some(inner) => node = inner,
            None => break,
        }
    }
    node
}

/// The value a block evaluates to: its last expression when it is not followed by `;`.
pub(crate) fn block_tail(block: Node<'_>) -> Option<Node<'_>> {
    let last = last_named_child(block)?;
    match last.kind_str() {
        "expression_statement" => {
            // Block-like expressions (`if`, `match`, blocks) at the end are statements in the grammar.
            let inner = last.named_child(0)?;
            let ends_with_semicolon =
                last.child(last.child_count().saturating_sub(1))?.kind_str() == ";";
            (!ends_with_semicolon).then_some(inner)
        }
        "let_declaration" | "empty_statement" | "function_item" | "use_declaration"
        | "const_item" | "static_item" | "struct_item" | "enum_item" | "impl_item"
        | "macro_definition" | "attribute_item" => None,
        _ => Some(last),
    }
}

/// An integer literal's value, when it fits a status (`204`, `204u16`, `0xCC`).
pub(crate) fn integer_value(node: Node<'_>, src: &str) -> Option<u16> {
    if node.kind_str() != "integer_literal" {
        return None;
    }
    let raw = text(node, src).replace('_', "");
    if let Some(hex) = raw.strip_prefix("0x").or_else(|| raw.strip_prefix("0X")) {
        let digits: String = hex.chars().take_while(char::is_ascii_hexdigit).collect();
        return u16::from_str_radix(&digits, 16).ok();
    }
    let digits: String = raw.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// The content of a plain string literal (`"abc"`, `r#"abc"#`), escapes left as written.
pub(crate) fn string_value<'s>(node: Node<'_>, src: &'s str) -> Option<&'s str> {
    match node.kind_str() {
        "string_literal" => {
            let t = text(node, src);
            t.strip_prefix('"')?.strip_suffix('"')
        }
        "raw_string_literal" => {
            let t = text(node, src).strip_prefix('r')?;
            let hashes = t.len() - t.trim_start_matches('#').len();
            let inner = &t[hashes..t.len().checked_sub(hashes)?];
            inner.strip_prefix('"')?.strip_suffix('"')
        }
        _ => None,
    }
}

/// The indentation of the line `offset` is on.
pub(crate) fn indent_at(src: &str, offset: usize) -> String {
    let line_start = src[..offset.min(src.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    src[line_start..]
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect()
}

/// All descendants of `root` (inclusive) in document order, without entering nested functions,
/// closures or items when `same_function` is set. Iterative. A node with few children is read by
/// index (cheap, and it skips tokens); a wide one with a cursor, because asking for the i-th child
/// costs i steps and indexing would be quadratic in it.
pub(crate) fn descendants<'t>(root: Node<'t>, same_function: bool) -> Vec<Node<'t>> {
    descendants_into(root, same_function, None)
}

/// `descendants`, with the position in the list of each node's parent (`u32::MAX` for `root`).
pub(crate) fn descendants_with_parents<'t>(
    root: Node<'t>,
    same_function: bool,
) -> (Vec<Node<'t>>, Vec<u32>) {
    let mut parents = Vec::new();
    let nodes = descendants_into(root, same_function, Some(&mut parents));
    (nodes, parents)
}

fn descendants_into<'t>(
    root: Node<'t>,
    same_function: bool,
    mut parents: Option<&mut Vec<u32>>,
) -> Vec<Node<'t>> {
    const BY_INDEX: usize = 16;
    let k = kinds();
    let mut out = Vec::new();
    let mut stack = vec![(root, u32::MAX)];
    let mut cursor = root.walk();
    let mut wide = Vec::new();
    while let Some((node, parent)) = stack.pop() {
        let at = out.len() as u32;
        out.push(node);
        if let Some(parents) = parents.as_deref_mut() {
            parents.push(parent);
        }
        let kind = node.kind_id();
        if same_function
            && node.id() != root.id()
            && (k.is_function(kind)
                || kind == k.impl_item
                || kind == k.mod_item
                || kind == k.trait_item)
        {
            continue;
        }
        let count = node.named_child_count();
        if count <= BY_INDEX {
            for i in (0..count).rev() {
                if let Some(child) = node.named_child(i) {
                    stack.push((child, at));
                }
            }
        } else {
            wide.clear();
            wide.extend(node.named_children(&mut cursor));
            stack.extend(wide.drain(..).rev().map(|c| (c, at)));
        }
    }
    count_visits(out.len());
    out
}

thread_local! {
    /// Nodes the extractor has stepped over on this thread (see `visits`).
    static VISITS: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Counts `n` node visits. Every walk over children goes through a counted helper, so the
/// regression tests can bound the work extraction does on hostile input.
pub(crate) fn count_visits(n: usize) {
    VISITS.with(|v| v.set(v.get() + n as u64));
}

/// Node visits counted on this thread so far.
#[cfg(test)]
pub(crate) fn visits() -> u64 {
    VISITS.with(std::cell::Cell::get)
}
