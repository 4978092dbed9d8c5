//! axum: `(StatusCode, [headers..], body)` tuples (also Rocket's `(Status, body)` and poem's
//! `(StatusCode, body)`), and `NoContent`.

use tree_sitter::Node;

use super::syntax::*;
use super::{edit, Cx, Flavor, Resp, Site, Val};
use crate::model::{Body, HeaderInsert, HeaderStyle, StatusForm, StatusStyle};

/// `NoContent` / `axum::response::NoContent`: an empty 204.
pub(super) fn no_content(cx: &Cx<'_, '_>, node: Node<'_>) -> Option<Val> {
    let segments = path_segments(node, cx.src)?;
    if segments.last() != Some(&"NoContent")
        || segments.len() > 1 && !segments.iter().any(|s| matches!(*s, "response" | "status"))
    {
        return None;
    }
    let name = match node.kind() {
        "scoped_identifier" => node.child_by_field_name("name")?,
        _ => node,
    };
    let mut resp = Resp::new(Flavor::Value);
    resp.status = Some(super::St {
        code: 204,
        span: span(name),
        form: StatusForm::Helper,
        style: None,
    });
    resp.body = Body::Empty;
    Some(Val::Resp(Box::new(resp)))
}

/// `(status, parts.., body)`: the status first, header parts in the middle, the body last.
pub(super) fn tuple(cx: &Cx<'_, '_>, node: Node<'_>, depth: u32) -> Option<Val> {
    let elements = named_children(node);
    let first = *elements.first()?;
    let super::Val::Status(st) = cx.eval(first, depth + 1) else {
        return None;
    };
    let mut resp = Resp::new(Flavor::Value);
    resp.status = Some(st);
    resp.body = Body::Empty;
    if elements.len() >= 2 {
        let body = elements[elements.len() - 1];
        for part in &elements[1..elements.len() - 1] {
            header_part(cx, *part, &mut resp);
        }
        let info = cx.body_of(body, depth + 1);
        resp.headers.complete &= info.headers_complete;
        if matches!(info.body, Body::Present { .. }) {
            resp.remove_body = Some(if elements.len() == 2 {
                // `(S, body)` -> `S`: a bare status is an empty response.
                vec![edit(span(node), cx.text(first).to_string())]
            } else {
                let previous = elements[elements.len() - 2];
                vec![edit(
                    crate::model::Span::new(previous.end_byte(), body.end_byte()),
                    "",
                )]
            });
        }
        resp.body = info.body;
        // Rocket's `(Status, R)` takes no header parts: no header fix there.
        let rocket =
            resp.status.as_ref().and_then(|s| s.style.clone()) == Some(StatusStyle::CamelConst);
        resp.header_insert = match () {
            _ if rocket => None,
            // poem's `(StatusCode, T)`: the header goes on the tuple, which is `IntoResponse`.
            _ if cx.poem_tuples => Some(HeaderInsert {
                at: node.end_byte(),
                style: HeaderStyle::PoemWithHeader,
            }),
            _ => Some(HeaderInsert {
                at: body.start_byte(),
                style: HeaderStyle::TupleElement,
            }),
        };
    }
    Some(Val::Resp(Box::new(resp)))
}

/// One `IntoResponseParts` element: header arrays are read, anything else may add any header.
fn header_part(cx: &Cx<'_, '_>, part: Node<'_>, resp: &mut Resp) {
    let part = strip_parens(part);
    let array = match part.kind() {
        "array_expression" => Some(part),
        // `AppendHeaders([..])`
        "call_expression"
            if path_call_segments(part, cx.src)
                .is_some_and(|s| s.last() == Some(&"AppendHeaders")) =>
        {
            call_args(part)
                .into_iter()
                .next()
                .filter(|a| a.kind() == "array_expression")
        }
        _ => None,
    };
    let Some(array) = array else {
        resp.headers.complete = false;
        return;
    };
    for pair in named_children(array) {
        let name = match pair.kind() {
            "tuple_expression" => named_children(pair)
                .first()
                .and_then(|n| cx.header_name(*n)),
            _ => None,
        };
        resp.add_header(name, span(pair));
    }
}

/// Whether `site` is `from_request_parts`/`from_request` of an extractor (`impl FromRequestParts<S>
/// for T`, also actix's `FromRequest`): what it returns as an error is sent when it rejects.
pub(super) fn is_rejection_fn(cx: &Cx<'_, '_>, site: &Site<'_>) -> bool {
    let f = site.node;
    f.kind() == "function_item"
        && f.child_by_field_name("name")
            .is_some_and(|n| matches!(cx.text(n), "from_request_parts" | "from_request"))
        && site
            .grandparent
            .is_some_and(|item| is_extractor_impl(item, cx.src))
}

/// `impl FromRequestParts<S> for T`, `impl FromRequest<S> for T`, `impl OptionalFromRequestParts ..`.
pub(crate) fn is_extractor_impl(item: Node<'_>, src: &str) -> bool {
    item.kind() == "impl_item"
        && item.child_by_field_name("trait").is_some_and(|t| {
            let name = text(t, src).split('<').next().unwrap_or("");
            matches!(
                name.rsplit("::").next().map(str::trim),
                Some("FromRequestParts" | "FromRequest" | "OptionalFromRequestParts")
            )
        })
}

/// Whether the extractor's `type Rejection` is a concrete status or tuple, not a response type into
/// which a tuple with more parts converts.
pub(super) fn rejection_type_is_fixed(cx: &Cx<'_, '_>, site: &Site<'_>) -> bool {
    let Some(list) = site.parent else {
        return true;
    };
    let declared = named_children(list).into_iter().find_map(|item| {
        (item.kind() == "type_item"
            && item
                .child_by_field_name("name")
                .is_some_and(|n| cx.text(n) == "Rejection"))
        .then(|| item.child_by_field_name("type"))
        .flatten()
    });
    declared.map_or(true, |ty| !cx.text(ty).contains("Response"))
}
