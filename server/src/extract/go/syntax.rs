//! Node helpers the Go readers share: calls and their arguments, status constants, string
//! literals, where a statement may be inserted, and whether removing an expression still builds.

use tree_sitter::Node;

use crate::extract::Field;
use crate::model::{HeaderInsert, HeaderStyle, Span, Status, StatusForm};

/// Nodes a walk visits at most, so that no input makes one run long.
pub(super) const MAX_NODES: usize = 200_000;

/// Whether a node under `roots` (themselves included) satisfies `hit`, looked at in a bounded walk:
/// `None` when `MAX_NODES` ran out first, so each caller picks its own safe answer.
pub(super) fn any_under<'t>(
    roots: Vec<Node<'t>>,
    mut hit: impl FnMut(Node<'t>) -> bool,
) -> Option<bool> {
    let mut stack = roots;
    let mut seen = 0usize;
    while let Some(n) = stack.pop() {
        seen += 1;
        if seen > MAX_NODES {
            return None;
        }
        if hit(n) {
            return Some(true);
        }
        stack.extend(n.named_children(&mut n.walk()));
    }
    Some(false)
}

/// A status argument: `None` for a 1xx (which sends no final response), `Some(None)` when the
/// code is not known.
pub(super) type StatusArg = Option<Option<Status>>;

/// `net/http`'s status constants (`http.StatusTeapot`): Go's names, not the registry's.
pub(super) const CONSTANTS: &[(&str, u16)] = &[
    ("Continue", 100),
    ("SwitchingProtocols", 101),
    ("Processing", 102),
    ("EarlyHints", 103),
    ("OK", 200),
    ("Created", 201),
    ("Accepted", 202),
    ("NonAuthoritativeInfo", 203),
    ("NoContent", 204),
    ("ResetContent", 205),
    ("PartialContent", 206),
    ("MultiStatus", 207),
    ("AlreadyReported", 208),
    ("IMUsed", 226),
    ("MultipleChoices", 300),
    ("MovedPermanently", 301),
    ("Found", 302),
    ("SeeOther", 303),
    ("NotModified", 304),
    ("UseProxy", 305),
    ("TemporaryRedirect", 307),
    ("PermanentRedirect", 308),
    ("BadRequest", 400),
    ("Unauthorized", 401),
    ("PaymentRequired", 402),
    ("Forbidden", 403),
    ("NotFound", 404),
    ("MethodNotAllowed", 405),
    ("NotAcceptable", 406),
    ("ProxyAuthRequired", 407),
    ("RequestTimeout", 408),
    ("Conflict", 409),
    ("Gone", 410),
    ("LengthRequired", 411),
    ("PreconditionFailed", 412),
    ("RequestEntityTooLarge", 413),
    ("RequestURITooLong", 414),
    ("UnsupportedMediaType", 415),
    ("RequestedRangeNotSatisfiable", 416),
    ("ExpectationFailed", 417),
    ("Teapot", 418),
    ("MisdirectedRequest", 421),
    ("UnprocessableEntity", 422),
    ("Locked", 423),
    ("FailedDependency", 424),
    ("TooEarly", 425),
    ("UpgradeRequired", 426),
    ("PreconditionRequired", 428),
    ("TooManyRequests", 429),
    ("RequestHeaderFieldsTooLarge", 431),
    ("UnavailableForLegalReasons", 451),
    ("InternalServerError", 500),
    ("NotImplemented", 501),
    ("BadGateway", 502),
    ("ServiceUnavailable", 503),
    ("GatewayTimeout", 504),
    ("HTTPVersionNotSupported", 505),
    ("VariantAlsoNegotiates", 506),
    ("InsufficientStorage", 507),
    ("LoopDetected", 508),
    ("NotExtended", 510),
    ("NetworkAuthenticationRequired", 511),
];

/// fiber's constants that net/http spells otherwise or lacks.
const FIBER_CONSTANTS: &[(&str, u16)] =
    &[("NonAuthoritativeInformation", 203), ("SwitchProxy", 306)];

pub(super) fn text_of<'t>(node: Node<'_>, text: &'t str) -> &'t str {
    text.get(node.byte_range()).unwrap_or("")
}

pub(super) fn span_of(node: Node<'_>) -> Span {
    Span::new(node.start_byte(), node.end_byte())
}

/// Argument lists up to this long are read child by child (see `arguments`).
const SHORT_LIST: usize = 8;

/// A call's arguments, comments left out.
pub(super) fn arguments<'t>(call: Node<'t>) -> Vec<Node<'t>> {
    let Some(list) = call.field("arguments") else {
        return Vec::new();
    };
    let count = list.named_child_count();
    if count > SHORT_LIST {
        return list
            .named_children(&mut list.walk())
            .filter(|n| n.kind_str() != "comment")
            .collect();
    }
    // `named_child(i)` passes the children before the `i`th: for the few arguments most calls
    // have that is cheaper than a cursor (which allocates); a long list takes the cursor, so the
    // cost stays linear.
    let mut out = Vec::with_capacity(count);
    for i in 0..count {
        if let Some(n) = list.named_child(i).filter(|n| n.kind_str() != "comment") {
            out.push(n);
        }
    }
    out
}

/// `operand.field(..)`: the operand and the method's name node of a call.
pub(super) fn method<'t>(call: Node<'t>) -> Option<(Node<'t>, Node<'t>)> {
    let function = call.field("function")?;
    if function.kind_str() != "selector_expression" {
        return None;
    }
    Some((function.field("operand")?, function.field("field")?))
}

/// Whether `node` is the identifier `name`.
pub(super) fn is_ident(node: Node<'_>, name: &str, text: &str) -> bool {
    node.kind_str() == "identifier" && text_of(node, text) == name
}

/// The code a status constant stands for: `http.StatusX` and, with fiber's package name,
/// `fiber.StatusX`.
pub(super) fn constant(written: &str, fiber: Option<&str>) -> Option<u16> {
    let (package, name) = written.split_once('.')?;
    let name = name.strip_prefix("Status")?;
    let table: &[&[(&str, u16)]] = match (package, fiber) {
        ("http", _) => &[CONSTANTS],
        (p, Some(f)) if p == f => &[CONSTANTS, FIBER_CONSTANTS],
        _ => return None,
    };
    table
        .iter()
        .flat_map(|t| t.iter())
        .find(|(n, _)| *n == name)
        .map(|(_, code)| *code)
}

/// A status argument: an integer literal or a constant of `constant`.
pub(super) fn status_of(node: Node<'_>, text: &str, fiber: Option<&str>) -> StatusArg {
    let written = text_of(node, text);
    let known = match node.kind_str() {
        "int_literal" => written
            .parse::<u16>()
            .ok()
            .filter(|c| (100..=999).contains(c))
            .map(|code| (code, StatusForm::Number)),
        "selector_expression" => constant(written, fiber).map(|code| (code, StatusForm::Named)),
        _ => None,
    };
    match known {
        Some((code, _)) if (100..200).contains(&code) => None,
        Some((code, form)) => Some(Some(Status {
            code,
            span: span_of(node),
            form,
        })),
        None => Some(None),
    }
}

/// A status written by a helper whose name says it (`http.NotFound`, a default 302).
pub(super) fn helper_status(code: u16, at: Node<'_>) -> StatusArg {
    Some(Some(Status {
        code,
        span: span_of(at),
        form: StatusForm::Helper,
    }))
}

/// Calls `visit` with the nodes under `node` (itself included) that hold one of the offsets `at`
/// (sorted), in document order, with a cursor (no allocation per node): subtrees holding none are
/// passed over. False when it stopped at `MAX_NODES`.
///
/// The cursor goes from one offset to the next: down through the children holding it (found by
/// tree-sitter's own loop, `goto_first_child_for_byte`), and across to a later sibling or up to an
/// ancestor holding the next one. Each node's children are passed at most once, so the walk stays
/// linear, and the children after the last offset are never looked at.
pub(super) fn walk_at<'t>(node: Node<'t>, at: &[usize], mut visit: impl FnMut(Node<'t>)) -> bool {
    let (start, end) = (node.start_byte(), node.end_byte());
    let first = at.partition_point(|a| *a < start);
    let mut cursor = node.walk();
    // The cursor's node, its range, and whether it was visited (each of its ancestors was).
    let mut current = (start, end);
    let mut visited = false;
    // The ends of the cursor node's ancestors below `node`'s level, innermost last.
    let mut ends: Vec<usize> = Vec::new();
    let mut seen = 0usize;
    for &a in at[first..].iter().take_while(|a| **a < end) {
        // Up or across to the node holding `a`.
        loop {
            if current.0 <= a && a < current.1 {
                break;
            }
            if a < current.0 {
                // Between two children: no node below the parent holds it.
                break;
            }
            let Some(parent_end) = ends.last().copied() else {
                // `node` itself ends before `a` (not reached: `a < end`).
                return true;
            };
            if a < parent_end && cursor.goto_next_sibling() {
                seen += 1;
                if seen > MAX_NODES {
                    return false;
                }
                let n = cursor.node();
                current = (n.start_byte(), n.end_byte());
                visited = false;
            } else if cursor.goto_parent() {
                ends.pop();
                let n = cursor.node();
                current = (n.start_byte(), n.end_byte());
                visited = true;
            } else {
                return true;
            }
        }
        if !(current.0 <= a && a < current.1) {
            continue;
        }
        if !visited {
            visit(cursor.node());
            visited = true;
        }
        // Down through the children holding `a`.
        loop {
            if cursor.goto_first_child_for_byte(a).is_none() {
                break;
            }
            seen += 1;
            if seen > MAX_NODES {
                return false;
            }
            ends.push(current.1);
            let n = cursor.node();
            current = (n.start_byte(), n.end_byte());
            visited = false;
            if current.0 > a {
                // The first child after `a`: a later offset may be in it.
                break;
            }
            visit(n);
            visited = true;
        }
    }
    true
}

/// The value of a string literal without escapes.
pub(super) fn string_value<'t>(node: Node<'_>, text: &'t str) -> Option<&'t str> {
    let written = text_of(node, text);
    match node.kind_str() {
        "interpreted_string_literal" if !written.contains('\\') => {
            written.strip_prefix('"')?.strip_suffix('"')
        }
        "raw_string_literal" => written.strip_prefix('`')?.strip_suffix('`'),
        _ => None,
    }
}

/// echo's and fiber's header-name constants the rules ask about (`echo.HeaderWWWAuthenticate`).
const HEADER_CONSTANTS: &[(&str, &str)] = &[
    ("WWWAuthenticate", "www-authenticate"),
    ("ProxyAuthenticate", "proxy-authenticate"),
    ("Allow", "allow"),
    ("Location", "location"),
    ("ContentRange", "content-range"),
    ("RetryAfter", "retry-after"),
    ("Upgrade", "upgrade"),
    ("ContentType", "content-type"),
    ("SetCookie", "set-cookie"),
    ("Vary", "vary"),
    ("CacheControl", "cache-control"),
];

/// A header name argument, lower-case: a string literal or an echo or fiber `HeaderX` constant.
pub(super) fn header_name(node: Node<'_>, text: &str) -> Option<String> {
    if let Some(name) = string_value(node, text) {
        return Some(name.to_ascii_lowercase());
    }
    let (package, name) = text_of(node, text).split_once('.')?;
    let name = name.strip_prefix("Header")?;
    if node.kind_str() != "selector_expression" || !matches!(package, "echo" | "fiber") {
        return None;
    }
    let known = HEADER_CONSTANTS.iter().find(|(n, _)| *n == name);
    Some(known.map_or_else(|| kebab(name), |(_, header)| (*header).to_string()))
}

/// `XRequestID` -> `x-request-id`: how echo and fiber name the other header constants. Close
/// enough for names no rule asks about (the ones rules ask about are in `HEADER_CONSTANTS`).
fn kebab(camel: &str) -> String {
    let chars: Vec<char> = camel.chars().collect();
    let mut out = String::with_capacity(camel.len() + 4);
    for (i, c) in chars.iter().enumerate() {
        let after_lower = i > 0 && chars[i - 1].is_lowercase();
        let starts_word = i > 0
            && chars[i - 1].is_uppercase()
            && chars.get(i + 1).is_some_and(|n| n.is_lowercase());
        if c.is_uppercase() && (after_lower || starts_word) {
            out.push('-');
        }
        out.extend(c.to_lowercase());
    }
    out
}

/// Whether `node` is `nil` (its own node kind in tree-sitter-go).
pub(super) fn is_nil(node: Node<'_>, text: &str) -> bool {
    node.kind_str() == "nil" || is_ident(node, "nil", text)
}

/// Whether `node` certainly writes no content: `nil`, `""` or an empty literal (`[]byte{}`).
pub(super) fn is_empty_content(node: Node<'_>, text: &str) -> bool {
    is_nil(node, text)
        || string_value(node, text) == Some("")
        || (node.kind_str() == "composite_literal"
            && node
                .field("body")
                .is_some_and(|b| b.named_child_count() == 0))
}

/// The whitespace before `statement` on its line, when nothing else is there.
pub(super) fn indent_of<'t>(statement: Node<'_>, text: &'t str) -> Option<&'t str> {
    let start = statement.start_byte();
    let line_start = text.get(..start)?.rfind('\n').map_or(0, |i| i + 1);
    let indent = text.get(line_start..start)?;
    indent
        .chars()
        .all(|c| c == '\t' || c == ' ')
        .then_some(indent)
}

/// Where a header set goes so that it takes effect: a statement of its own before `statement`,
/// indented as it is (gofmt: tabs). `setter` is the call up to its first argument
/// (`w.Header().Set(`).
pub(super) fn insert_before(
    statement: Node<'_>,
    setter: String,
    text: &str,
) -> Option<HeaderInsert> {
    let indent = indent_of(statement, text)?;
    Some(HeaderInsert {
        at: statement.start_byte(),
        style: HeaderStyle::Text {
            before: setter,
            between: ", ",
            after: format!(")\n{indent}"),
        },
    })
}

/// Whether evaluating `node` has no side effects we could lose: no calls but conversions.
pub(super) fn is_pure(node: Node<'_>, text: &str) -> bool {
    let mut stack = vec![node];
    let mut seen = 0usize;
    while let Some(n) = stack.pop() {
        seen += 1;
        if seen > MAX_NODES {
            return false;
        }
        match n.kind_str() {
            "func_literal" | "receive_expression" => return false,
            "call_expression" => {
                let conversion = n.field("function").is_some_and(|f| {
                    matches!(
                        f.kind_str(),
                        "slice_type"
                            | "array_type"
                            | "map_type"
                            | "pointer_type"
                            | "parenthesized_type"
                    ) || matches!(
                        text_of(f, text),
                        "string"
                            | "byte"
                            | "rune"
                            | "int"
                            | "int64"
                            | "float64"
                            | "json.RawMessage"
                    )
                });
                if !conversion {
                    return false;
                }
            }
            _ => {}
        }
        if n.child_count() > 0 {
            stack.extend(n.named_children(&mut n.walk()));
        }
    }
    true
}

/// Whether deleting `removed` (a range of `function`'s text) leaves the file building: no local
/// variable loses its last use and no import its last use. A local is one the function's text
/// names outside the range: named once (its declaration) it must be a parameter; a name the
/// function does not mention otherwise is the package's (unused there is fine), unless it is a
/// selector's operand, which may be an import: the file must mention `name.` elsewhere.
pub(super) fn removal_builds(removed: &[Node<'_>], function: Node<'_>, text: &str) -> bool {
    let Some(first) = removed.first() else {
        return true;
    };
    let range = first.start_byte()..removed.last().map_or(first.end_byte(), |n| n.end_byte());
    let parameters = function.field("parameters").map(|p| p.byte_range());
    let outside = |hay_start: usize, hay_end: usize, word: &str| -> Vec<usize> {
        words(text, hay_start, hay_end, word)
            .into_iter()
            .filter(|i| !range.contains(i))
            .collect()
    };
    let mut stack: Vec<Node<'_>> = removed.to_vec();
    let mut seen = 0usize;
    while let Some(n) = stack.pop() {
        seen += 1;
        if seen > MAX_NODES {
            return false;
        }
        if n.kind_str() == "identifier" {
            let name = text_of(n, text);
            if matches!(name, "nil" | "true" | "false" | "iota" | "_") {
                continue;
            }
            let local = outside(function.start_byte(), function.end_byte(), name);
            let selector_operand = n.parent().is_some_and(|p| {
                p.kind_str() == "selector_expression" && p.field("operand") == Some(n)
            });
            let builds = match local.as_slice() {
                [] if selector_operand => !outside(0, text.len(), &format!("{name}.")).is_empty(),
                [] => true,
                [one] => parameters.as_ref().is_some_and(|p| p.contains(one)),
                _ => true,
            };
            if !builds {
                return false;
            }
        }
        if n.child_count() > 0 {
            stack.extend(n.named_children(&mut n.walk()));
        }
    }
    true
}

/// Offsets of `word` in `text[start..end]` standing alone (not inside a longer identifier).
pub(super) fn words(text: &str, start: usize, end: usize, word: &str) -> Vec<usize> {
    let Some(hay) = text.get(start..end) else {
        return Vec::new();
    };
    let ident = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    let tail_is_word = word.ends_with(|c: char| c.is_alphanumeric() || c == '_');
    hay.match_indices(word)
        .filter(|(i, _)| {
            !ident(hay[..*i].chars().next_back())
                && (!tail_is_word || !ident(hay[i + word.len()..].chars().next()))
        })
        .map(|(i, _)| start + i)
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn header_constants_spell_their_names() {
        for (constant, name) in [
            ("XRequestID", "x-request-id"),
            ("ContentSecurityPolicy", "content-security-policy"),
            ("WWWAuthenticate", "www-authenticate"),
            ("XForwardedFor", "x-forwarded-for"),
        ] {
            assert_eq!(super::kebab(constant), name);
        }
    }
}
