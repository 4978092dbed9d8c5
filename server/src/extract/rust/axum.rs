//! axum: `(StatusCode, [headers..], body)` tuples (also Rocket's `(Status, body)` and poem's
//! `(StatusCode, body)`), and `NoContent`.

use crate::extract::Field;
use tree_sitter::Node;

use super::syntax::*;
use super::{edit, Cx, Flavor, Resp, Site, Val};
use crate::model::Edit;
use crate::model::{Body, HeaderInsert, HeaderStyle, Span, StatusForm, StatusStyle};

/// `NoContent` / `axum::response::NoContent`: an empty 204.
pub(super) fn no_content(cx: &Cx<'_, '_>, node: Node<'_>) -> Option<Val> {
    let segments = path_segments(node, cx.src)?;
    if segments.last() != Some(&"NoContent")
        || segments.len() > 1 && !segments.iter().any(|s| matches!(*s, "response" | "status"))
    {
        return None;
    }
    let name = match node.kind_str() {
        "scoped_identifier" => node.field("name")?,
        _ => node,
    };
    let mut resp = Resp::new(Flavor::Value);
    resp.status = Some(super::St {
        symbol: None,
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
        // Every tuple, with a body or not: a header element changes its type as much as a
        // removed body does (`(StatusCode, ())` -> `(StatusCode, [(..); 1], ())`).
        resp.tuple = Some(Box::new(TupleFixes {
            node: span(node),
            erased: into_response_receiver(cx, node),
            in_place: matches!(info.body, Body::Present { .. })
                .then(|| empty_like(cx, body).map(|empty| edit(span(body), empty)))
                .flatten(),
        }));
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
            _ => extend_array(cx, &elements[1..elements.len() - 1]).or_else(|| {
                Some(HeaderInsert {
                    at: body.start_byte(),
                    style: HeaderStyle::TupleLayout {
                        span: span(node),
                        elements: elements.iter().map(|e| span(*e)).collect(),
                        indent: indent_at(cx.src, node.start_byte()),
                    },
                })
            }),
        };
    }
    Some(Val::Resp(Box::new(resp)))
}

/// The one header array among a tuple's parts, to add a pair to instead of a second array, when its
/// pairs are all `(name, "value")` with names of one kind (string literals or constants).
fn extend_array(cx: &Cx<'_, '_>, parts: &[Node<'_>]) -> Option<HeaderInsert> {
    let [part] = parts else {
        return None;
    };
    let array = match strip_parens(*part) {
        a if a.kind_str() == "array_expression" => a,
        call => call_args(call)
            .into_iter()
            .next()
            .filter(|a| a.kind_str() == "array_expression")
            .filter(|_| {
                path_call_segments(call, cx.src).is_some_and(|s| s.last() == Some(&"AppendHeaders"))
            })?,
    };
    let pairs = named_children(array);
    let mut constant_keys = None;
    for pair in &pairs {
        let [key, value] = named_children(*pair)[..] else {
            return None;
        };
        if pair.kind_str() != "tuple_expression" || value.kind_str() != "string_literal" {
            return None;
        }
        let constant = match key.kind_str() {
            "string_literal" => false,
            "scoped_identifier" | "identifier" => true,
            _ => return None,
        };
        if *constant_keys.get_or_insert(constant) != constant {
            return None;
        }
    }
    let last = pairs.last()?;
    Some(HeaderInsert {
        at: last.end_byte(),
        style: HeaderStyle::ArrayPair {
            span: span(array),
            pairs: pairs.iter().map(|p| span(*p)).collect(),
            indent: indent_at(cx.src, array.start_byte()),
            constant_keys: constant_keys?,
        },
    })
}

/// One `IntoResponseParts` element: header arrays are read, anything else may add any header.
fn header_part(cx: &Cx<'_, '_>, part: Node<'_>, resp: &mut Resp) {
    let part = strip_parens(part);
    let array = match part.kind_str() {
        "array_expression" => Some(part),
        // `AppendHeaders([..])`
        "call_expression"
            if path_call_segments(part, cx.src)
                .is_some_and(|s| s.last() == Some(&"AppendHeaders")) =>
        {
            call_args(part)
                .into_iter()
                .next()
                .filter(|a| a.kind_str() == "array_expression")
        }
        _ => None,
    };
    let Some(array) = array else {
        resp.headers.complete = false;
        return;
    };
    for pair in named_children(array) {
        let name = match pair.kind_str() {
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
    f.kind_str() == "function_item"
        && f.field("name")
            .is_some_and(|n| matches!(cx.text(n), "from_request_parts" | "from_request"))
        && site
            .grandparent
            .is_some_and(|item| is_extractor_impl(item, cx.src))
}

/// `impl FromRequestParts<S> for T`, `impl FromRequest<S> for T`, `impl OptionalFromRequestParts ..`.
pub(crate) fn is_extractor_impl(item: Node<'_>, src: &str) -> bool {
    item.kind_str() == "impl_item"
        && item.field("trait").is_some_and(|t| {
            let name = text(t, src).split('<').next().unwrap_or("");
            matches!(
                name.rsplit("::").next().map(str::trim),
                Some("FromRequestParts" | "FromRequest" | "OptionalFromRequestParts")
            )
        })
}

/// What `settle` needs of a tuple whose body is present.
#[derive(Debug, Clone)]
pub(crate) struct TupleFixes {
    /// The tuple expression.
    node: Span,
    /// It is the receiver of `.into_response()` / `.into()`, which erases its type.
    erased: bool,
    /// The body replaced by an empty value of its own type, when one is known.
    in_place: Option<Edit>,
}

/// Makes a returned tuple's fixes keep its type where something fixes that type: the signature
/// (`-> (StatusCode, &'static str)`, `Result<(StatusCode, String), E>`), another return of the
/// function (`impl IntoResponse` is one type), or a variable. There, `(S, body)` cannot become `S`
/// and gain no element: the body is emptied in place (`""`, `String::new()`, `Vec::new()`), or
/// else removing it is marked as changing the type (unsafe), and the tuple gets no header fix.
pub(super) fn settle(
    cx: &Cx<'_, '_>,
    site: &Site<'_>,
    leaf: Node<'_>,
    returned: usize,
    resp: &mut Resp,
) {
    let Some(tuple) = resp.tuple.take() else {
        return;
    };
    if tuple.erased || !type_fixed(cx, site, leaf, returned, tuple.node) {
        return;
    }
    if resp.remove_body.is_some() {
        match tuple.in_place {
            Some(in_place) => resp.remove_body = Some(vec![in_place]),
            None => resp.remove_body_changes_type = true,
        }
    }
    let tuple_header = resp.header_insert.as_ref().is_some_and(|h| {
        matches!(
            h.style,
            HeaderStyle::TupleElement
                | HeaderStyle::TupleLayout { .. }
                | HeaderStyle::ArrayPair { .. }
                | HeaderStyle::PoemWithHeader
        )
    });
    if tuple_header {
        resp.header_insert = None;
    }
}

/// Whether the type of the tuple at `tuple`, returned as `leaf`, is fixed by something else.
fn type_fixed(
    cx: &Cx<'_, '_>,
    site: &Site<'_>,
    leaf: Node<'_>,
    returned: usize,
    tuple: Span,
) -> bool {
    let leaf = strip_parens(leaf);
    if span(leaf) != tuple || returned > 1 {
        return true;
    }
    // `.map_err(|_| (S, ()))?`: the `?` converts into the enclosing function's error type
    // (an extractor's `type Rejection = (StatusCode, ())`), which the tuple must keep.
    let maps_error = site
        .call()
        .and_then(|call| method_call(call, cx.src))
        .is_some_and(|(_, m)| matches!(m, "map_err" | "ok_or_else" | "ok_or"));
    if site.node.kind_str() == "closure_expression" && maps_error {
        return true;
    }
    match site.node.field("return_type") {
        None => false,
        Some(ty) => {
            let ty = cx.text(ty).trim_start();
            !(ty.starts_with("impl ") || ty.starts_with("Result<impl "))
        }
    }
}

/// Whether `tuple` is the receiver of `.into_response()` or `.into()`.
fn into_response_receiver(cx: &Cx<'_, '_>, tuple: Node<'_>) -> bool {
    let Some(field) = tuple
        .parent()
        .filter(|p| p.kind_str() == "field_expression")
    else {
        return false;
    };
    let method = field.field("field").map(|f| cx.text(f));
    matches!(method, Some("into_response" | "into"))
        && field
            .parent()
            .is_some_and(|p| p.kind_str() == "call_expression")
}

/// An empty value of the same type as `body`, when its type shows in how it is written.
fn empty_like(cx: &Cx<'_, '_>, body: Node<'_>) -> Option<String> {
    let body = strip_parens(body);
    match body.kind_str() {
        "string_literal" | "raw_string_literal" => Some("\"\"".to_string()),
        "macro_invocation" => {
            let name = cx.text(body.field("macro")?);
            match name.rsplit("::").next()? {
                "format" => Some("String::new()".to_string()),
                "vec" => Some("Vec::new()".to_string()),
                _ => None,
            }
        }
        "call_expression" => {
            if let Some((receiver, method)) = method_call(body, cx.src) {
                let literal = matches!(
                    strip_parens(receiver).kind_str(),
                    "string_literal" | "raw_string_literal"
                );
                return (method == "to_string" || method == "to_owned" && literal)
                    .then(|| "String::new()".to_string());
            }
            let function = body.field("function")?;
            let segments = path_call_segments(body, cx.src)?;
            let empty = match segments.as_slice() {
                [.., "String", "from"] => "new",
                [.., "Bytes", "from" | "from_static" | "copy_from_slice"] => "new",
                [.., "Body", "from"] => "empty",
                _ => return None,
            };
            // The same path as written, so what is in scope stays enough.
            let path = cx.text(function);
            let prefix = path.rsplit_once("::")?.0;
            Some(format!("{prefix}::{empty}()"))
        }
        _ => None,
    }
}
