//! Node helpers for the TypeScript and JavaScript grammars (their node kinds are shared).

use crate::extract::Field;
use tree_sitter::Node;

use crate::model::Span;
use crate::status;

/// Bounds every climb towards the root and every descent: deeper input is left unread.
pub(super) const MAX_CLIMB: usize = 256;

pub(super) fn text<'s>(node: Node<'_>, src: &'s str) -> &'s str {
    src.get(node.byte_range()).unwrap_or("")
}

pub(super) fn span(node: Node<'_>) -> Span {
    Span::new(node.start_byte(), node.end_byte())
}

/// Wrappers that do not change a value: `(x)`, `await x`, `x as T`, `x satisfies T`, `x!`.
pub(super) fn is_transparent(kind: &str) -> bool {
    matches!(
        kind,
        "parenthesized_expression"
            | "await_expression"
            | "as_expression"
            | "satisfies_expression"
            | "non_null_expression"
    )
}

/// `x` without its transparent wrappers.
pub(super) fn unwrap(mut node: Node<'_>) -> Node<'_> {
    for _ in 0..MAX_CLIMB {
        if !is_transparent(node.kind_str()) {
            break;
        }
        match node.named_child(0) {
            Some(inner) => node = inner,
            None => break,
        }
    }
    node
}

/// The named arguments of a call or `new` expression (comments left out).
pub(super) fn arguments<'t>(call: Node<'t>) -> Vec<Node<'t>> {
    let Some(args) = call.field("arguments") else {
        return Vec::new();
    };
    args.named_children(&mut args.walk())
        .filter(|n| n.kind_str() != "comment")
        .collect()
}

/// The text of a string literal without its quotes (`'a'`, `"a"`, or a template with no
/// substitution); `None` for anything else.
pub(super) fn string_value<'s>(node: Node<'_>, src: &'s str) -> Option<&'s str> {
    let node = unwrap(node);
    match node.kind_str() {
        "string" => {
            let t = text(node, src);
            (t.len() >= 2).then(|| &t[1..t.len() - 1])
        }
        "template_string" => {
            let has_substitution = node
                .named_children(&mut node.walk())
                .any(|c| c.kind_str() == "template_substitution");
            let t = text(node, src);
            (!has_substitution && t.len() >= 2).then(|| &t[1..t.len() - 1])
        }
        _ => None,
    }
}

/// The name of an object key: `status`, `"status"`, `'Allow'` (not computed keys).
pub(super) fn key_name<'s>(key: Node<'_>, src: &'s str) -> Option<&'s str> {
    match key.kind_str() {
        "property_identifier" | "identifier" => Some(text(key, src)),
        "string" => string_value(key, src),
        _ => None,
    }
}

/// A status written as a number literal (`204`) or a named constant of a well-known status enum
/// (`StatusCodes.NO_CONTENT`, `HttpStatus.NO_CONTENT`): its code and the node to point at.
pub(super) fn status_value<'t>(node: Node<'t>, src: &str) -> Option<(u16, Node<'t>, bool)> {
    let node = unwrap(node);
    match node.kind_str() {
        "number" => {
            let t = text(node, src);
            if !t.bytes().all(|b| b.is_ascii_digit()) || t.len() > 4 {
                return None;
            }
            Some((t.parse().ok()?, node, true))
        }
        "member_expression" => {
            let object = node.field("object")?;
            let property = node.field("property")?;
            let enum_name = text(object, src);
            let enum_name = enum_name.rsplit('.').next().unwrap_or(enum_name);
            if !matches!(enum_name, "StatusCodes" | "HttpStatus" | "HttpStatusCode") {
                return None;
            }
            let code = status::code_from_name(text(property, src))?;
            Some((code, property, false))
        }
        _ => None,
    }
}

/// Whether evaluating `node` has no side effect we can see: literals, identifiers, member reads,
/// objects and arrays of such, `JSON.stringify(..)` of such.
pub(super) fn is_pure(node: Node<'_>, src: &str, depth: usize) -> bool {
    if depth > 16 {
        return false;
    }
    let node = unwrap(node);
    match node.kind_str() {
        "string" | "number" | "true" | "false" | "null" | "undefined" | "identifier" | "regex" => {
            true
        }
        "template_string" => node
            .named_children(&mut node.walk())
            .all(|c| c.kind_str() != "template_substitution"),
        "member_expression" => node
            .field("object")
            .is_some_and(|o| is_pure(o, src, depth + 1)),
        "object" | "array" => node
            .named_children(&mut node.walk())
            .all(|c| match c.kind_str() {
                "pair" => c.field("value").is_some_and(|v| is_pure(v, src, depth + 1)),
                "shorthand_property_identifier" | "comment" => true,
                _ => is_pure(c, src, depth + 1),
            }),
        "call_expression" => {
            let callee = node.field("function");
            callee.is_some_and(|c| text(c, src) == "JSON.stringify")
                && arguments(node).iter().all(|a| is_pure(*a, src, depth + 1))
        }
        _ => false,
    }
}

/// Whether a body argument is certainly nothing: absent, `null`, `undefined`, `''`.
pub(super) fn is_nothing(node: Option<Node<'_>>, src: &str) -> bool {
    match node.map(unwrap) {
        None => true,
        Some(n) => {
            matches!(n.kind_str(), "null" | "undefined")
                || string_value(n, src).is_some_and(str::is_empty)
        }
    }
}

/// Whether a body argument may be nothing (a variable, a call): then the body is unknown.
pub(super) fn may_be_nothing(node: Node<'_>) -> bool {
    let node = unwrap(node);
    !matches!(
        node.kind_str(),
        "string"
            | "template_string"
            | "number"
            | "object"
            | "array"
            | "true"
            | "false"
            | "call_expression"
            | "new_expression"
            | "binary_expression"
    )
}

/// The indentation of the line `node` starts on.
pub(super) fn indent_of(node: Node<'_>, src: &str) -> String {
    let line_start = src[..node.start_byte()].rfind('\n').map_or(0, |i| i + 1);
    src[line_start..node.start_byte()]
        .chars()
        .take_while(|c| c.is_whitespace())
        .collect()
}

/// The statement a call with ancestors `path` (outermost first) is, when it is the whole of an
/// expression or return statement (possibly through transparent wrappers): the place a statement
/// can be inserted before.
pub(super) fn statement_of<'t>(path: &[Node<'t>]) -> Option<Node<'t>> {
    for &parent in path.iter().rev().take(8) {
        match parent.kind_str() {
            "expression_statement" | "return_statement" => return Some(parent),
            kind if is_transparent(kind) => {}
            _ => return None,
        }
    }
    None
}

/// What a pre-order walk does after visiting a node.
pub(super) enum Step {
    Descend,
    Skip,
    Stop,
}

/// Visits `root` and its descendants in pre-order with a cursor (no recursion, so any depth is
/// fine). False when `visit` stopped it or it ran past `limit` nodes.
pub(super) fn preorder<'t>(
    root: Node<'t>,
    limit: usize,
    mut visit: impl FnMut(Node<'t>) -> Step,
) -> bool {
    let mut cursor = root.walk();
    let mut seen = 0;
    loop {
        let n = cursor.node();
        seen += 1;
        count_visits(1);
        if seen > limit {
            return false;
        }
        let descend = match visit(n) {
            Step::Stop => return false,
            Step::Descend => true,
            Step::Skip => false,
        };
        if descend && cursor.goto_first_child() {
            continue;
        }
        loop {
            if cursor.node() == root {
                return true;
            }
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return true;
            }
        }
    }
}

thread_local! {
    /// Nodes the walks over statements have stepped over on this thread (see `visits`).
    static VISITS: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Counts `n` node visits, so the hostile-input tests can bound the work extraction does.
pub(super) fn count_visits(n: usize) {
    VISITS.with(|v| v.set(v.get() + n as u64));
}

/// Node visits counted on this thread so far.
#[cfg(test)]
pub(super) fn visits() -> u64 {
    VISITS.with(std::cell::Cell::get)
}
