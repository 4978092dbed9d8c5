//! actix-web: `HttpResponse::NoContent()` helpers, `build`/`new`/`with_body`, `(responder, status)`
//! tuples, `customize()`, helpers passed uncalled as route handlers, and the error helpers that
//! become responses (`error::ErrorUnauthorized(..)`, `InternalError::new(e, status)`).

use crate::extract::Field;
use tree_sitter::Node;

use super::syntax::*;
use super::{Cx, Flavor, Resp, Site, St, Val};
use crate::model::{Body, HeaderInsert, HeaderStyle, StatusForm, StatusStyle};
use crate::status;

/// `HttpResponse::Unauthorized` as written: its status, on the helper's name.
fn helper_status(cx: &Cx<'_, '_>, path: Node<'_>) -> Option<St> {
    let segments = path_segments(path, cx.src)?;
    let [.., "HttpResponse", name] = segments.as_slice() else {
        return None;
    };
    if !name.chars().next().is_some_and(char::is_uppercase) {
        return None;
    }
    Some(St {
        symbol: None,
        code: status::code_from_name(name)?,
        span: span(path.field("name")?),
        form: StatusForm::Helper,
        style: Some(StatusStyle::CamelHelper),
    })
}

pub(super) fn path_call(
    cx: &Cx<'_, '_>,
    node: Node<'_>,
    segments: &[&str],
    depth: u32,
) -> Option<Val> {
    let function = node.field("function")?;
    let args = call_args(node);
    let mut resp = Resp::new(Flavor::Actix);
    match segments {
        // Middleware: `ServiceResponse::new(req, resp)` sends `resp`.
        [.., "ServiceResponse", "new"] if args.len() == 2 => {
            return Some(cx.eval(args[1], depth + 1));
        }
        [.., "HttpResponse", "build" | "new" | "with_body"]
        | [.., "HttpResponseBuilder", "new"] => {
            let st = cx.status_arg(*args.first()?, depth)?;
            resp.status = Some(st);
            match *segments.last()? {
                "new" if segments.contains(&"HttpResponse") => resp.body = Body::Empty,
                "with_body" => resp.body = cx.body_of(*args.get(1)?, depth + 1).body,
                // A builder returned as it is sends an empty body.
                _ => {
                    resp.body = Body::Empty;
                    resp.header_insert = Some(HeaderInsert {
                        at: node.end_byte(),
                        style: HeaderStyle::ActixInsertHeader,
                    });
                }
            }
        }
        [.., "InternalError", "new"] => {
            let [cause, status] = args[..] else {
                return None;
            };
            resp = error_response(cx.status_arg(status, depth)?);
            resp.body = display_body(cx, cause);
            resp.error_value = true;
        }
        [.., "InternalError", "from_response"] => return Some(cx.eval(*args.get(1)?, depth + 1)),
        [.., "HttpResponse", _] => {
            let st = helper_status(cx, function)?;
            resp.status = Some(st);
            resp.body = Body::Empty;
            resp.header_insert = Some(HeaderInsert {
                at: node.end_byte(),
                style: HeaderStyle::ActixInsertHeader,
            });
        }
        [_, ..] if args.len() == 1 => {
            resp = error_response(error_helper_status(function, segments)?);
            resp.body = display_body(cx, args[0]);
            resp.error_value = true;
        }
        _ => return None,
    }
    Some(Val::Resp(Box::new(resp)))
}

/// The status of `error::ErrorUnauthorized` (also bare, or `actix_web::error::..`), on its name.
fn error_helper_status(path: Node<'_>, segments: &[&str]) -> Option<St> {
    let (name, prefix) = segments.split_last()?;
    if !(prefix.is_empty() || prefix.last() == Some(&"error")) {
        return None;
    }
    let status_name = name.strip_prefix("Error")?;
    if !status_name.chars().next().is_some_and(char::is_uppercase) {
        return None;
    }
    let name_node = match path.kind_str() {
        "scoped_identifier" => path.field("name")?,
        _ => path,
    };
    Some(St {
        symbol: None,
        code: status::code_from_name(status_name)?,
        span: span(name_node),
        form: StatusForm::Helper,
        // The helper's name is not a status a replacement could be spelled in.
        style: None,
    })
}

/// `ErrorUnauthorized` passed uncalled (`.map_err(ErrorUnauthorized)?`): the response it makes of
/// the error, whose `Display` text is the body.
pub(super) fn error_helper_ref(cx: &Cx<'_, '_>, path: Node<'_>) -> Option<Val> {
    let segments = path_segments(path, cx.src)?;
    let st = error_helper_status(path, &segments)?;
    let mut resp = error_response(st);
    resp.error_value = true;
    Some(Val::Resp(Box::new(resp)))
}

/// The body `InternalError` sends: the cause's `Display` text, empty only for `""`.
fn display_body(cx: &Cx<'_, '_>, cause: Node<'_>) -> Body {
    match string_value(strip_parens(cause), cx.src) {
        Some("") => Body::Empty,
        _ => Body::Present {
            span: span(cause),
            pure: false,
        },
    }
}

/// `(responder, StatusCode::X)`: actix puts the status second.
pub(super) fn tuple(cx: &Cx<'_, '_>, node: Node<'_>, depth: u32) -> Option<Val> {
    let [body, status] = named_children(node)[..] else {
        return None;
    };
    let Val::Status(st) = cx.eval(status, depth + 1) else {
        return None;
    };
    // actix has no `Responder` for `()`; an empty string is an empty body.
    let mut resp = cx.body_resp(body, Flavor::Actix, "\"\"", depth);
    resp.status = Some(st);
    Some(Val::Resp(Box::new(resp)))
}

/// `responder.customize()`: the responder's body, a status to come from `.with_status(..)`.
pub(super) fn customize(cx: &Cx<'_, '_>, node: Node<'_>, receiver: Node<'_>, depth: u32) -> Resp {
    let info = cx.body_of(receiver, depth + 1);
    let mut resp = Resp::new(Flavor::Actix);
    resp.headers.complete = info.headers_complete;
    resp.body = info.body;
    resp.header_insert = Some(HeaderInsert {
        at: node.end_byte(),
        style: HeaderStyle::ActixInsertHeader,
    });
    resp
}

/// `web::head().to(HttpResponse::MethodNotAllowed)`: a helper used as the handler itself.
pub(super) fn route_helper(cx: &mut Cx<'_, '_>, call: Node<'_>) {
    let is_to = match method_call(call, cx.src) {
        Some((_, m)) => m == "to",
        None => path_call_segments(call, cx.src).is_some_and(|s| s.last() == Some(&"to")),
    };
    if !is_to {
        return;
    }
    let args = call_args(call);
    let [handler] = args[..] else {
        return;
    };
    if handler.kind_str() != "scoped_identifier" {
        return;
    }
    let Some(st) = helper_status(cx, handler) else {
        return;
    };
    cx.mention(&st);
    let mut resp = Resp::new(Flavor::Actix);
    resp.status = Some(st);
    resp.body = Body::Empty;
    cx.method = cx.registration_method(call);
    cx.route = None;
    cx.push(resp, span(handler));
}

/// Whether `site` is `fn status_code` in an `impl ResponseError for T` that keeps actix's default
/// `error_response`: then each status it returns is sent, with only a `Content-Type` header and the
/// error's `Display` text as the body.
pub(super) fn default_error_response(cx: &Cx<'_, '_>, site: &Site<'_>) -> bool {
    default_error_impl(cx, site, "status_code", "error_response")
}

/// Whether `site` is the status method (`status_fn`) of an `impl ResponseError` without its
/// response method (`response_fn`): the trait's default builds the response (actix, poem).
pub(super) fn default_error_impl(
    cx: &Cx<'_, '_>,
    site: &Site<'_>,
    status_fn: &str,
    response_fn: &str,
) -> bool {
    let f = site.node;
    let named = |n: Node<'_>, name: &str| {
        n.kind_str() == "function_item" && n.field("name").is_some_and(|id| cx.text(id) == name)
    };
    if !named(f, status_fn) {
        return false;
    }
    let (Some(list), Some(item)) = (site.parent, site.grandparent) else {
        return false;
    };
    is_response_error_impl(item, cx.src)
        && !named_children(list)
            .into_iter()
            .any(|n| named(n, response_fn))
}

/// `impl ResponseError for T` (also `actix_web::ResponseError`).
pub(crate) fn is_response_error_impl(item: Node<'_>, src: &str) -> bool {
    item.kind_str() == "impl_item"
        && item
            .field("trait")
            .is_some_and(|t| text(t, src).rsplit("::").next() == Some("ResponseError"))
}

/// The response actix's default `error_response` makes of a status.
pub(super) fn error_response(status: St) -> Resp {
    Resp::error_text(Flavor::Actix, status)
}
