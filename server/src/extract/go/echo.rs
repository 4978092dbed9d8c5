//! echo (v4, and v3 at `github.com/labstack/echo`): handlers take an `echo.Context` and return
//! an `error`.
//!
//! - `c.JSON/JSONPretty/JSONBlob/XML/XMLPretty/XMLBlob/String/HTML/HTMLBlob(code, ..)`,
//!   `c.Blob/Stream(code, type, ..)`, `c.JSONP/JSONPBlob(code, callback, ..)` and
//!   `c.Render(code, name, data)` send `code` with a body (net/http refuses a body on a 1xx, 204
//!   or 304: the call returns `http.ErrBodyNotAllowed`);
//! - `c.NoContent(code)` sends `code`; `c.Redirect(code, url)` sends it with `Location` (only
//!   300–308: echo returns `ErrInvalidRedirectCode` for the others);
//! - `c.Response()` is net/http's writer (`c.Response().Header().Set(..)`,
//!   `c.Response().WriteHeader(code)`); `c.SetCookie(..)` adds `Set-Cookie`;
//! - a returned `echo.NewHTTPError(code, ..)`, `echo.ErrUnauthorized` (and the other `Err*`
//!   values) or `&echo.HTTPError{Code: code}` is rendered by the default `HTTPErrorHandler`
//!   when nothing was sent: `code`, the headers set so far and a JSON body; it adds no
//!   challenge. A file that installs its own `HTTPErrorHandler` leaves them unknown.

use tree_sitter::Node;

use super::flow::{Effect, Flow, HeaderOp};
use super::nethttp;
use super::syntax::{
    arguments, constant, is_ident, is_pure, method, span_of, status_of, text_of, StatusArg,
};
use crate::extract::Field;
use crate::model::{Accepts, Status, StatusForm};

/// `c.<name>` uses that only read the request or the context's own store.
pub(super) const READS: &[&str] = &[
    "Request",
    "Param",
    "ParamNames",
    "ParamValues",
    "QueryParam",
    "QueryParams",
    "QueryString",
    "FormValue",
    "FormParams",
    "FormFile",
    "MultipartForm",
    "Cookie",
    "Cookies",
    "Get",
    "Set",
    "Bind",
    "Validate",
    "Path",
    "RealIP",
    "Scheme",
    "IsTLS",
    "IsWebSocket",
    "Echo",
    "Logger",
    "Handler",
];

/// `c.Response()`.
fn is_writer(node: Node<'_>, c: &str, text: &str) -> bool {
    node.kind_str() == "call_expression" && text_of(node, text) == format!("{c}.Response()")
}

/// A call statement (or returned call) of an echo handler.
pub(super) fn call(flow: &Flow<'_>, call: Node<'_>) -> Option<Vec<Effect>> {
    let (c, text) = (flow.handler.ctx, flow.text);
    let writer = |n: Node<'_>| is_writer(n, c, text);
    if let Some(effects) = nethttp::writer_call(flow, call, &writer, true, nethttp::DROPS) {
        return Some(effects);
    }
    let (operand, field) = method(call)?;
    let args = arguments(call);
    if !is_ident(operand, c, text) || flow.any_writes(&args) {
        return None;
    }
    let at = span_of(call);
    let set: &'static [&'static str] = &["content-type"];
    let send = |from: usize, bytes: bool| {
        Some(flow.send_with_body(
            call,
            field,
            &args,
            from,
            "NoContent",
            bytes,
            set,
            nethttp::DROPS,
        ))
    };
    match (text_of(field, text), args.len()) {
        ("JSON" | "XML" | "JSONBlob" | "XMLBlob" | "HTMLBlob", 2) => send(1, false),
        ("JSONPretty" | "XMLPretty", 3) => send(1, false),
        ("String" | "HTML", 2) => send(1, true),
        ("Blob" | "Stream" | "JSONP" | "JSONPBlob", 3) => send(2, text_of(field, text) == "Blob"),
        ("Render", 3) => send(1, false),
        ("NoContent", 1) => Some(vec![Effect::Send {
            status: status_of(args[0], text, None),
            at,
            set: &[],
        }]),
        ("Redirect", 2) => Some(vec![
            Effect::Send {
                status: status_of(args[0], text, None),
                at,
                set: &["location"],
            },
            Effect::Accepts(
                Accepts::Range(300, 308),
                "makes echo's `Redirect` return `ErrInvalidRedirectCode` (answered with a 500)",
            ),
        ]),
        ("SetCookie", 1) => header_call(c, call, text),
        _ => None,
    }
}

/// A value an echo handler returns.
pub(super) fn returned(flow: &Flow<'_>, value: Node<'_>) -> Option<Vec<Effect>> {
    super::flow::returned_error(flow, value, error_status, call)
}

/// The status of an `*echo.HTTPError` built in place.
fn error_status(flow: &Flow<'_>, value: Node<'_>) -> Option<StatusArg> {
    let text = flow.text;
    match value.kind_str() {
        // `echo.ErrUnauthorized`
        "selector_expression" => {
            let (package, name) = text_of(value, text).split_once('.')?;
            let name = name.strip_prefix("Err")?;
            if package != "echo" {
                return None;
            }
            // echo's one name that keeps net/http's `Status` prefix.
            let name = name.strip_prefix("Status").unwrap_or(name);
            let code = constant(&format!("http.Status{name}"), None).filter(|c| *c >= 400)?;
            Some(Some(Some(Status {
                code,
                span: span_of(value),
                form: StatusForm::Named,
            })))
        }
        "call_expression" => {
            let function = value.field("function")?;
            let args = arguments(value);
            if flow.any_writes(&args) {
                return None;
            }
            match text_of(function, text) {
                "echo.NewHTTPError" => Some(status_of(*args.first()?, text, None)),
                // `echo.NewHTTPError(..).SetInternal(err)` keeps the code.
                _ => {
                    let (inner, field) = method(value)?;
                    matches!(text_of(field, text), "SetInternal" | "WithInternal")
                        .then(|| error_status(flow, inner))?
                }
            }
        }
        // `&echo.HTTPError{Code: code, ..}`
        "unary_expression" => {
            let literal = value.field("operand")?;
            let ty = literal.field("type")?;
            if literal.kind_str() != "composite_literal" || text_of(ty, text) != "echo.HTTPError" {
                return None;
            }
            if flow.writes(literal) {
                return None;
            }
            let code = keyed(literal, "Code", text)?;
            Some(status_of(code, text, None))
        }
        _ => None,
    }
}

/// The value given to `key` in a composite literal.
pub(super) fn keyed<'t>(literal: Node<'t>, key: &str, text: &str) -> Option<Node<'t>> {
    let body = literal.field("body")?;
    body.named_children(&mut body.walk())
        .filter(|e| e.kind_str() == "keyed_element")
        .find(|e| e.field("key").is_some_and(|k| text_of(k, text) == key))
        .and_then(|e| e.field("value"))
        .and_then(|v| v.named_child(0).or(Some(v)))
}

/// `c.Response().Header().Set/Add/Del(..)`, `c.SetCookie(..)`.
pub(super) fn header_call(c: &str, call: Node<'_>, text: &str) -> Option<Vec<Effect>> {
    if let Some(effects) = nethttp::header_set(call, &|n| is_writer(n, c, text), text) {
        return Some(effects);
    }
    let (operand, field) = method(call)?;
    let args = arguments(call);
    match (text_of(field, text), args.as_slice()) {
        ("SetCookie", [cookie]) if is_ident(operand, c, text) => Some(vec![Effect::Header {
            op: HeaderOp::Add,
            name: Some("set-cookie".to_string()),
            span: span_of(*cookie),
            pure: is_pure(*cookie, text),
        }]),
        _ => None,
    }
}
