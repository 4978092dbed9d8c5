//! fiber (v2's `*fiber.Ctx`, v3's `fiber.Ctx`): handlers return an `error`. fiber (on
//! fasthttp) buffers the whole response and writes it when the handler returns, so a header set
//! after the status or the body still counts, and the last status chosen wins.
//!
//! - `c.Status(code)` chooses the status, alone or chained (`c.Status(code).JSON(x)`);
//!   `c.SendStatus(code)` too;
//! - `c.JSON/XML/JSONP(x)`, `c.Send/SendString/Write/WriteString/Writef(..)` and
//!   `c.Render(name, data)` write the body (fasthttp drops it on a 1xx, 204 or 304);
//! - `c.Redirect(location[, code])` (v2) chooses `code` (302 by default) and sets `Location`;
//! - `c.Set(name, value)`, `c.Append(name, ..)`, `c.Location(..)`, `c.Type(..)`, `c.Vary(..)`,
//!   `c.Cookie(..)`, `c.ClearCookie(..)`, `c.Links(..)`, `c.Attachment(..)` set headers;
//! - a returned `fiber.NewError(code, ..)`, `fiber.ErrUnauthorized` (and the other `Err*`
//!   values) or `&fiber.Error{Code: code}` is answered by the default `ErrorHandler`: `code`,
//!   the headers set so far and a text body. A file that configures its own `ErrorHandler`
//!   leaves them unknown; any other error returned may change the status.

use tree_sitter::Node;

use super::flow::{BodyWrite, Effect, Flow, HeaderOp};
use super::syntax::{
    arguments, constant, header_name, helper_status, is_empty_content, is_ident, is_pure, method,
    removal_builds, span_of, status_of, text_of, StatusArg,
};
use crate::extract::Field;
use crate::model::{Edit, Status, StatusForm};

/// What fasthttp does with content on a 1xx, 204 or 304.
const DROPS: &str = "fasthttp drops it";

/// fiber's package name, for its status constants.
const PACKAGE: Option<&str> = Some("fiber");

/// `c.<name>` uses that only read the request or the context's own store.
pub(super) const READS: &[&str] = &[
    "Accepts",
    "AcceptsCharsets",
    "AcceptsEncodings",
    "AcceptsLanguages",
    "App",
    "BaseURL",
    "Body",
    "BodyRaw",
    "BodyParser",
    "Bind",
    "Context",
    "UserContext",
    "SetUserContext",
    "Cookies",
    "CookieParser",
    "FormFile",
    "FormValue",
    "Fresh",
    "Get",
    "GetReqHeaders",
    "GetRespHeader",
    "GetRespHeaders",
    "Hostname",
    "Port",
    "IP",
    "IPs",
    "Is",
    "Locals",
    "Method",
    "MultipartForm",
    "OriginalURL",
    "Params",
    "AllParams",
    "ParamsParser",
    "ParamsInt",
    "Path",
    "Protocol",
    "Query",
    "Queries",
    "QueryInt",
    "QueryBool",
    "QueryFloat",
    "QueryParser",
    "ReqHeaderParser",
    "Range",
    "Route",
    "Secure",
    "Stale",
    "Subdomains",
    "XHR",
    "IsProxyTrusted",
    "IsFromLocal",
    "String",
    "ClientHelloInfo",
    "Request",
];

/// A call statement (or returned call) of a fiber handler.
pub(super) fn call(flow: &Flow<'_>, call: Node<'_>) -> Option<Vec<Effect>> {
    let (c, text) = (flow.handler.ctx, flow.text);
    let (operand, field) = method(call)?;
    let args = arguments(call);
    if flow.any_writes(&args) {
        return None;
    }
    let name = text_of(field, text);
    let at = span_of(call);
    // `c.Status(code).JSON(x)`
    if let Some((status, status_call)) = chosen(operand, c, text) {
        let mut body = body(flow, call, name, &args)?;
        if let Some(Effect::Body(write)) = body.first_mut() {
            write.removal = removal_builds(&args, flow.function, text).then(|| {
                vec![Edit {
                    span: at,
                    new_text: format!(
                        "{c}.SendStatus({})",
                        text_of(arguments(status_call)[0], text)
                    ),
                }]
            });
        }
        let mut effects = vec![Effect::Status {
            status,
            at: span_of(status_call),
        }];
        effects.append(&mut body);
        return Some(effects);
    }
    if !is_ident(operand, c, text) {
        return None;
    }
    match (name, args.as_slice()) {
        ("Status" | "SendStatus", [code]) => Some(vec![Effect::Status {
            status: status_of(*code, text, PACKAGE),
            at,
        }]),
        ("Redirect", [location, rest @ ..]) if rest.len() <= 1 => {
            let status = match rest {
                [code] => status_of(*code, text, PACKAGE),
                _ => helper_status(302, field),
            };
            Some(vec![
                Effect::Status { status, at },
                Effect::Header {
                    op: HeaderOp::Set,
                    name: Some("location".to_string()),
                    span: span_of(*location),
                    pure: is_pure(*location, text),
                },
            ])
        }
        _ => body(flow, call, name, &args).or_else(|| header_call(c, call, text)),
    }
}

/// `c.Status(code)`: the status and the call.
fn chosen<'t>(node: Node<'t>, c: &str, text: &str) -> Option<(StatusArg, Node<'t>)> {
    if node.kind_str() != "call_expression" {
        return None;
    }
    let (operand, field) = method(node)?;
    let args = arguments(node);
    let [code] = args.as_slice() else {
        return None;
    };
    (is_ident(operand, c, text) && text_of(field, text) == "Status")
        .then(|| (status_of(*code, text, PACKAGE), node))
}

/// A body write `c.<name>(args)`.
fn body(flow: &Flow<'_>, call: Node<'_>, name: &str, args: &[Node<'_>]) -> Option<Vec<Effect>> {
    let text = flow.text;
    let bytes = match (name, args.len()) {
        ("JSON" | "XML" | "JSONP", 1..=2) => false,
        ("Send" | "SendString" | "Write" | "WriteString", 1) => true,
        ("Writef", n) if n >= 1 => false,
        ("Render", n) if n >= 2 => false,
        _ => return None,
    };
    let first = *args.first()?;
    Some(vec![Effect::Body(BodyWrite {
        content: Some(span_of(first)),
        empty: bytes && is_empty_content(first, text),
        pure: args.iter().all(|a| is_pure(*a, text)),
        at: span_of(call),
        param: None,
        removal: None,
        dropped_by: DROPS,
    })])
}

/// A value a fiber handler returns.
pub(super) fn returned(flow: &Flow<'_>, value: Node<'_>) -> Option<Vec<Effect>> {
    super::flow::returned_error(flow, value, error_status, call)
}

/// The status of a `*fiber.Error` built in place.
fn error_status(flow: &Flow<'_>, value: Node<'_>) -> Option<StatusArg> {
    let text = flow.text;
    match value.kind_str() {
        // `fiber.ErrUnauthorized`
        "selector_expression" => {
            let (package, name) = text_of(value, text).split_once('.')?;
            let name = name.strip_prefix("Err")?;
            if package != "fiber" {
                return None;
            }
            let code = constant(&format!("fiber.Status{name}"), PACKAGE).filter(|c| *c >= 400)?;
            Some(Some(Some(Status {
                code,
                span: span_of(value),
                form: StatusForm::Named,
            })))
        }
        "call_expression" => {
            let function = value.field("function")?;
            let args = arguments(value);
            let code = *args.first()?;
            (text_of(function, text) == "fiber.NewError" && !flow.any_writes(&args))
                .then(|| status_of(code, text, PACKAGE))
        }
        // `&fiber.Error{Code: code, ..}`
        "unary_expression" => {
            let literal = value.field("operand")?;
            let ty = literal.field("type")?;
            if literal.kind_str() != "composite_literal"
                || text_of(ty, text) != "fiber.Error"
                || flow.writes(literal)
            {
                return None;
            }
            let code = super::echo::keyed(literal, "Code", text)?;
            Some(status_of(code, text, PACKAGE))
        }
        _ => None,
    }
}

/// The header calls of a fiber handler.
pub(super) fn header_call(c: &str, call: Node<'_>, text: &str) -> Option<Vec<Effect>> {
    let (operand, field) = method(call)?;
    if !is_ident(operand, c, text) {
        return None;
    }
    let args = arguments(call);
    let first = *args.first()?;
    let pure = args.iter().all(|a| is_pure(*a, text));
    let (op, name) = match (text_of(field, text), args.len()) {
        ("Set", 2) => (HeaderOp::Set, header_name(first, text)),
        ("Append", _) => (HeaderOp::Add, header_name(first, text)),
        ("Location", 1) => (HeaderOp::Set, Some("location".to_string())),
        ("Type", _) => (HeaderOp::Set, Some("content-type".to_string())),
        ("Vary", _) => (HeaderOp::Add, Some("vary".to_string())),
        ("Cookie" | "ClearCookie", _) => (HeaderOp::Add, Some("set-cookie".to_string())),
        ("Links", _) => (HeaderOp::Set, Some("link".to_string())),
        ("Attachment", _) => (HeaderOp::Set, Some("content-disposition".to_string())),
        _ => return None,
    };
    Some(vec![Effect::Header {
        op,
        name,
        span: span_of(first),
        pure,
    }])
}
