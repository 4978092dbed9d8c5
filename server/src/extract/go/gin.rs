//! gin: handlers take a `*gin.Context` and return nothing.
//!
//! - `c.JSON/IndentedJSON/SecureJSON/JSONP/AsciiJSON/PureJSON/XML/YAML/TOML/ProtoBuf(code, obj)`,
//!   `c.String(code, format, ..)`, `c.HTML(code, name, obj)`, `c.Data(code, type, bytes)`,
//!   `c.Render(code, r)` and `c.AbortWithStatusJSON(code, obj)` send `code` with a body (gin
//!   writes no body on a 1xx, 204 or 304, silently);
//! - `c.Status(code)` and `c.Writer.WriteHeader(code)` only choose the status: gin sends it at
//!   the first write, or after the handlers return, so headers set after them still count;
//! - `c.AbortWithStatus(code)` and `c.AbortWithError(code, err)` send it at once;
//! - `c.Redirect(code, location)` sends `code` with `Location`;
//! - `c.Header(name, value)` (`""` deletes it), `c.Writer.Header().Set/Add/Del(..)` and
//!   `c.SetCookie(..)` set headers; `c.Writer` is read as net/http's writer.
//!
//! Reading the request (`c.Param`, `c.ShouldBindJSON`, the context store `c.Set`/`c.Get`) writes
//! nothing; `c.BindJSON` and the other `Bind*` answer a 400 themselves on failure, and
//! `c.Next()` runs the handlers after it: any use not read here may write anything.

use tree_sitter::Node;

use super::flow::{Effect, Flow, HeaderOp};
use super::nethttp;
use super::syntax::{
    arguments, header_name, is_ident, is_pure, method, span_of, status_of, text_of,
};
use crate::extract::Field;

/// What gin does with content on a 1xx, 204 or 304.
const DROPS: &str = "gin drops it silently";

/// `c.<name>` uses that only read the request or the context's own store.
pub(super) const READS: &[&str] = &[
    "Request",
    "Params",
    "Keys",
    "Errors",
    "Accepted",
    "Copy",
    "HandlerName",
    "HandlerNames",
    "Handler",
    "FullPath",
    "IsAborted",
    "Abort",
    "Error",
    "Set",
    "Get",
    "MustGet",
    "GetString",
    "GetBool",
    "GetInt",
    "GetInt64",
    "GetUint",
    "GetUint64",
    "GetFloat64",
    "GetTime",
    "GetDuration",
    "GetStringSlice",
    "GetStringMap",
    "GetStringMapString",
    "GetStringMapStringSlice",
    "Param",
    "AddParam",
    "Query",
    "DefaultQuery",
    "GetQuery",
    "QueryArray",
    "GetQueryArray",
    "QueryMap",
    "GetQueryMap",
    "PostForm",
    "DefaultPostForm",
    "GetPostForm",
    "PostFormArray",
    "GetPostFormArray",
    "PostFormMap",
    "GetPostFormMap",
    "FormFile",
    "MultipartForm",
    "SaveUploadedFile",
    "ShouldBind",
    "ShouldBindJSON",
    "ShouldBindXML",
    "ShouldBindQuery",
    "ShouldBindYAML",
    "ShouldBindTOML",
    "ShouldBindHeader",
    "ShouldBindUri",
    "ShouldBindWith",
    "ShouldBindBodyWith",
    "ClientIP",
    "RemoteIP",
    "ContentType",
    "IsWebsocket",
    "GetHeader",
    "GetRawData",
    "SetSameSite",
    "Cookie",
    "NegotiateFormat",
    "SetAccepted",
    "Deadline",
    "Done",
    "Err",
    "Value",
];

/// `c.Writer`.
fn is_writer(node: Node<'_>, c: &str, text: &str) -> bool {
    node.kind_str() == "selector_expression" && text_of(node, text) == format!("{c}.Writer")
}

/// A call statement of a gin handler.
pub(super) fn call(flow: &Flow<'_>, call: Node<'_>) -> Option<Vec<Effect>> {
    let (c, text) = (flow.handler.ctx, flow.text);
    let writer = |n: Node<'_>| is_writer(n, c, text);
    if let Some(effects) = nethttp::writer_call(flow, call, &writer, false, nethttp::DROPS) {
        return Some(effects);
    }
    let (operand, field) = method(call)?;
    let args = arguments(call);
    if !is_ident(operand, c, text) || flow.any_writes(&args) {
        return None;
    }
    let at = span_of(call);
    let send = |from: usize, bare: &str, bytes: bool| {
        Some(flow.send_with_body(
            call,
            field,
            &args,
            from,
            bare,
            bytes,
            &["content-type"],
            DROPS,
        ))
    };
    match (text_of(field, text), args.len()) {
        (
            "JSON" | "IndentedJSON" | "SecureJSON" | "JSONP" | "AsciiJSON" | "PureJSON" | "XML"
            | "YAML" | "TOML" | "ProtoBuf" | "Render",
            2,
        ) => send(1, "Status", false),
        ("AbortWithStatusJSON", 2) => send(1, "AbortWithStatus", false),
        ("String", n) if n >= 2 => send(1, "Status", n == 2),
        ("HTML", 3) => send(1, "Status", false),
        ("Data", 3) => send(2, "Status", true),
        ("Status", 1) => Some(vec![Effect::Status {
            status: status_of(args[0], text, None),
            at,
        }]),
        ("AbortWithStatus", 1) | ("AbortWithError", 2) => Some(vec![Effect::Send {
            status: status_of(args[0], text, None),
            at,
            set: &[],
        }]),
        // gin's redirect is `http.Redirect`, which may write a short note.
        ("Redirect", 2) => Some(vec![
            Effect::Send {
                status: status_of(args[0], text, None),
                at,
                set: &["location"],
            },
            Effect::BodyUnknown,
        ]),
        ("Header" | "SetCookie", _) => header_call(c, call, text),
        _ => None,
    }
}

/// `c.Header(name, value)` (an empty value deletes it), `c.SetCookie(..)`,
/// `c.Writer.Header().Set(..)`.
pub(super) fn header_call(c: &str, call: Node<'_>, text: &str) -> Option<Vec<Effect>> {
    if let Some(effects) = nethttp::header_set(call, &|n| is_writer(n, c, text), text) {
        return Some(effects);
    }
    let (operand, field) = method(call)?;
    if !is_ident(operand, c, text) {
        return None;
    }
    let args = arguments(call);
    let pure = args.iter().all(|a| is_pure(*a, text));
    match (text_of(field, text), args.as_slice()) {
        ("Header", [name, value]) => Some(vec![Effect::Header {
            op: if super::syntax::string_value(*value, text) == Some("") {
                HeaderOp::Del
            } else {
                HeaderOp::Set
            },
            name: header_name(*name, text),
            span: span_of(*name),
            pure,
        }]),
        ("SetCookie", [first, ..]) => Some(vec![Effect::Header {
            op: HeaderOp::Add,
            name: Some("set-cookie".to_string()),
            span: span_of(*first),
            pure,
        }]),
        _ => None,
    }
}
