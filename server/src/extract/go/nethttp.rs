//! The standard library's `net/http`: handlers take `(w http.ResponseWriter, r *http.Request)`
//! and build their response by statements on `w`:
//!
//! - `w.Header().Set/Add/Del("Name", ..)` before the header is sent changes the response's
//!   headers; after it, the change has no effect (a late header);
//! - `w.WriteHeader(code)` sends the status; a body write (`w.Write`, `fmt.Fprint*(w, ..)`,
//!   `io.Copy(w, ..)`, `io.WriteString(w, ..)`, `json.NewEncoder(w).Encode(..)`) sends a 200
//!   first when nothing was sent;
//! - `http.Error(w, msg, code)` sends `code` with a text body, `http.Redirect(w, r, url, code)`
//!   sends `code` with `Location`, `http.NotFound(w, r)` a 404 with a body.
//!
//! gin's `c.Writer` and echo's `c.Response()` are `http.ResponseWriter`s too: their readers use
//! `writer_call` with their own writer expression.

use tree_sitter::Node;

use super::flow::{BodyWrite, Effect, Flow, HeaderOp};
use super::syntax::{
    arguments, header_name, helper_status, is_empty_content, is_ident, is_pure, method, span_of,
    status_of, text_of,
};
use crate::extract::Field;

/// What net/http does with content on a 1xx, 204 or 304.
pub(super) const DROPS: &str = "net/http drops it (`Write` returns `http.ErrBodyNotAllowed`)";

/// A call statement of a net/http handler.
pub(super) fn call(flow: &Flow<'_>, call: Node<'_>) -> Option<Vec<Effect>> {
    let (w, text) = (flow.handler.ctx, flow.text);
    writer_call(flow, call, &|n| is_ident(n, w, text), true, DROPS)
}

/// The calls on an `http.ResponseWriter` (the nodes `is_writer` accepts). `write_header_sends`:
/// `WriteHeader` sends the header section (not so gin's writer, which only keeps the status).
pub(super) fn writer_call(
    flow: &Flow<'_>,
    call: Node<'_>,
    is_writer: &dyn Fn(Node<'_>) -> bool,
    write_header_sends: bool,
    dropped_by: &'static str,
) -> Option<Vec<Effect>> {
    let text = flow.text;
    let (operand, field) = method(call)?;
    let args = arguments(call);
    let name = text_of(field, text);
    // Arguments are read only where the shape says what they are: any other use of the writer
    // makes the statement unreadable.
    let writes_from = |from: usize| flow.any_writes(args.get(from..).unwrap_or_default());
    let at = span_of(call);
    // `bytes`: the content is written as it is, so an empty one writes nothing (net/http sends
    // no body for `w.Write(nil)`) and a parameter is what the caller passes.
    let body = |content: Option<Node<'_>>, bytes: bool| {
        let inner = content.map(|c| super::helpers::conversion_operand(c, text).unwrap_or(c));
        Effect::Body(BodyWrite {
            content: content.map(span_of),
            empty: bytes && inner.is_some_and(|c| is_empty_content(c, text)),
            pure: content.is_none_or(|c| is_pure(c, text)),
            at,
            param: content
                .filter(|_| bytes)
                .and_then(|c| flow.content_param(c)),
            removal: None,
            dropped_by,
        })
    };
    if is_writer(operand) {
        return match name {
            "WriteHeader" if args.len() == 1 && !writes_from(0) => {
                let status = status_of(args[0], text, None);
                let effect = if write_header_sends {
                    Effect::Send {
                        status,
                        at,
                        set: &[],
                    }
                } else {
                    Effect::Status { status, at }
                };
                Some(flow.with_param(effect, args[0], at))
            }
            "Write" | "WriteString" if args.len() == 1 && !writes_from(0) => {
                Some(vec![body(Some(args[0]), true)])
            }
            _ => None,
        };
    }
    if let Some(effects) = header_set(call, is_writer, text) {
        return (!writes_from(0)).then_some(effects);
    }
    let first_is_writer = args.first().is_some_and(|a| is_writer(*a));
    match (text_of(operand, text), name) {
        ("http", "Error") if args.len() == 3 && first_is_writer && !writes_from(1) => {
            let status = status_of(args[2], text, None);
            let send = Effect::Send {
                status,
                at,
                set: &["content-type", "x-content-type-options"],
            };
            let mut effects = flow.with_param(send, args[2], at);
            // Never empty: `http.Error` ends the message with a newline.
            effects.push(body(Some(args[1]), false));
            Some(effects)
        }
        ("http", "Redirect") if args.len() == 4 && first_is_writer && !writes_from(1) => {
            let status = status_of(args[3], text, None);
            let send = Effect::Send {
                status,
                at,
                set: &["location"],
            };
            let mut effects = flow.with_param(send, args[3], at);
            effects.push(Effect::BodyUnknown);
            Some(effects)
        }
        ("http", "NotFound") if args.len() == 2 && first_is_writer && !writes_from(1) => {
            Some(vec![
                Effect::Send {
                    status: helper_status(404, field),
                    at,
                    set: &["content-type", "x-content-type-options"],
                },
                body(None, false),
            ])
        }
        ("fmt", "Fprint" | "Fprintf" | "Fprintln") | ("io", "WriteString" | "Copy")
            if args.len() >= 2 && first_is_writer && !writes_from(1) =>
        {
            // One value written as it is (`Fprintln` adds a newline, `Copy` reads a reader).
            let bytes = args.len() == 2 && matches!(name, "Fprint" | "Fprintf" | "WriteString");
            Some(vec![body(args.get(1).copied(), bytes)])
        }
        (_, "Encode")
            if operand.kind_str() == "call_expression"
                && operand
                    .field("function")
                    .is_some_and(|f| text_of(f, text) == "json.NewEncoder")
                && arguments(operand).len() == 1
                && is_writer(arguments(operand)[0])
                && !writes_from(0) =>
        {
            // Content whatever the value (`nil` encodes as `null`).
            Some(vec![body(args.first().copied(), false)])
        }
        _ => None,
    }
}

/// `W.Header().Set/Add/Del(name, ..)` on a writer `is_writer` accepts.
pub(super) fn header_set(
    call: Node<'_>,
    is_writer: &dyn Fn(Node<'_>) -> bool,
    text: &str,
) -> Option<Vec<Effect>> {
    let (operand, field) = method(call)?;
    let op = match text_of(field, text) {
        "Set" => HeaderOp::Set,
        "Add" => HeaderOp::Add,
        "Del" => HeaderOp::Del,
        _ => return None,
    };
    let (header_of, header) = method(operand)?;
    // Whose headers first: most `Set` calls in a handler are not the writer's.
    let of_writer = operand.kind_str() == "call_expression"
        && text_of(header, text) == "Header"
        && operand
            .field("arguments")
            .is_none_or(|a| a.named_child_count() == 0 || arguments(operand).is_empty())
        && is_writer(header_of);
    if !of_writer {
        return None;
    }
    let args = arguments(call);
    let first = args.first()?;
    Some(vec![Effect::Header {
        op,
        name: header_name(*first, text),
        span: span_of(*first),
        pure: args.iter().all(|a| is_pure(*a, text)),
    }])
}

/// The header calls of a net/http handler (for the middleware scan).
pub(super) fn header_call(w: &str, call: Node<'_>, text: &str) -> Option<Vec<Effect>> {
    header_set(call, &|n| is_ident(n, w, text), text)
}
