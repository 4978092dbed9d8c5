//! Responses declared by derive macros rather than built by code:
//! - poem-openapi `#[derive(ApiResponse)]` enums: each variant with `#[oai(status = N)]` is a response;
//!   its fields are the payload and, marked `#[oai(header = "Name")]`, headers.
//! - Rocket `#[derive(Responder)]` structs, and enum variants, with `#[response(status = N)]`: the first
//!   field is the inner responder (the body), the others become headers.
//!
//! Only what the declaration shows counts: a payload or inner responder of a type we do not know may
//! add headers of its own, so the headers are then not known.

use crate::extract::Field;
use tree_sitter::Node;

use super::syntax::*;
use super::{Cx, Flavor, Resp, St};
use crate::model::{Body, HeaderInsert, HeaderStyle, Span, StatusForm, StatusStyle};

/// poem-openapi payloads: they set a content type and nothing else.
const OAI_PAYLOADS: &[&str] = &[
    "Json",
    "PlainText",
    "Html",
    "Binary",
    "Base64",
    "Xml",
    "Yaml",
    "Attachment",
    "EventStream",
];

/// Rocket responders that add no header beyond `Content-Type`.
const ROCKET_BODIES: &[&str] = &[
    "String",
    "str",
    "Json",
    "RawJson",
    "RawHtml",
    "RawText",
    "RawXml",
    "RawCss",
    "RawJavaScript",
    "RawMsgPack",
    "MsgPack",
    "Vec",
];

/// A struct or enum item with the attributes written before it.
pub(super) fn item(cx: &mut Cx<'_, '_>, node: Node<'_>, attributes: &[Node<'_>]) {
    let derives = |name: &str| {
        attributes.iter().any(|a| {
            let text = cx.text(*a);
            text.contains("derive") && words(text).any(|w| w == name)
        })
    };
    let api_response = derives("ApiResponse");
    let responder = derives("Responder");
    if !api_response && !responder {
        return;
    }
    match node.kind_str() {
        "enum_item" => {
            let Some(list) = node.field("body") else {
                return;
            };
            // Extra headers declared for every variant: `#[oai(header(name = "X", ..))]`.
            let declared = if api_response {
                declared_headers(cx, attributes)
            } else {
                Vec::new()
            };
            for (variant, attributes) in with_attributes(list) {
                if variant.kind_str() != "enum_variant" {
                    continue;
                }
                if api_response {
                    oai_variant(cx, variant, &attributes, &declared);
                } else {
                    let status = attribute_status(cx, &attributes, "response");
                    rocket_responder(cx, variant, status, &attributes);
                }
            }
        }
        "struct_item" if responder => {
            let status = attribute_status(cx, attributes, "response");
            rocket_responder(cx, node, status, attributes);
        }
        _ => {}
    }
}

/// The named children of `list` (variants, fields, field types), each with the attributes written
/// before it; comments and visibility modifiers are skipped.
fn with_attributes<'t>(list: Node<'t>) -> Vec<(Node<'t>, Vec<Node<'t>>)> {
    let mut out = Vec::new();
    let mut pending = Vec::new();
    for child in named_children(list) {
        match child.kind_str() {
            "attribute_item" => pending.push(child),
            "line_comment" | "block_comment" | "visibility_modifier" => {}
            _ => out.push((child, std::mem::take(&mut pending))),
        }
    }
    out
}

/// Whether one of `attributes` is `#[<path>(..)]` with `word` among its arguments.
fn has_argument(cx: &Cx<'_, '_>, attributes: &[Node<'_>], path: &str, word: &str) -> bool {
    attributes.iter().any(|a| {
        attribute_parts(*a, cx.src)
            .is_some_and(|(name, args)| name == path && words(cx.text(args)).any(|w| w == word))
    })
}

/// The identifier-like words of an attribute's text.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
}

/// The attribute's path (`oai`, `response`, `catch`) and its argument token tree.
pub(super) fn attribute_parts<'t>(item: Node<'t>, src: &str) -> Option<(String, Node<'t>)> {
    let attribute = named_children(item)
        .into_iter()
        .find(|c| c.kind_str() == "attribute")?;
    let path = named_children(attribute).into_iter().next()?;
    let arguments = attribute.field("arguments")?;
    Some((text(path, src).to_string(), arguments))
}

/// The status literal of `#[<path>(status = N, ..)]` among `attributes`.
fn attribute_status(cx: &Cx<'_, '_>, attributes: &[Node<'_>], path: &str) -> Option<St> {
    attributes.iter().rev().find_map(|a| {
        let (name, arguments) = attribute_parts(*a, cx.src)?;
        if name != path {
            return None;
        }
        let tokens = named_children(arguments);
        let at = tokens
            .windows(2)
            .find(|w| cx.text(w[0]) == "status" && w[1].kind_str() == "integer_literal")?;
        let literal = at[1];
        Some(St {
            symbol: None,
            code: integer_value(literal, cx.src)?,
            span: span(literal),
            form: StatusForm::Number,
            style: Some(StatusStyle::Number),
        })
    })
}

/// A string argument `key = "value"` at the top level of an attribute's token tree.
fn string_argument(cx: &Cx<'_, '_>, arguments: Node<'_>, key: &str) -> Option<String> {
    let tokens = named_children(arguments);
    let at = tokens
        .windows(2)
        .find(|w| cx.text(w[0]) == key && w[1].kind_str() == "string_literal")?;
    string_value(at[1], cx.src).map(|v| v.to_ascii_lowercase())
}

/// Header names declared with `#[oai(header(name = "X", ..))]`.
fn declared_headers(cx: &Cx<'_, '_>, attributes: &[Node<'_>]) -> Vec<String> {
    let mut names = Vec::new();
    for a in attributes {
        let Some(("oai", arguments)) = attribute_parts(*a, cx.src)
            .as_ref()
            .map(|(n, args)| (n.as_str(), *args))
        else {
            continue;
        };
        let tokens = named_children(arguments);
        for pair in tokens.windows(2) {
            if cx.text(pair[0]) == "header" && pair[1].kind_str() == "token_tree" {
                if let Some(name) = string_argument(cx, pair[1], "name") {
                    names.push(name);
                }
            }
        }
    }
    names
}

/// The last path segment of a type (`Json` for `Json<T>`, `str` for `&'static str`).
fn type_name<'s>(cx: &Cx<'s, '_>, ty: Node<'_>) -> &'s str {
    let text = cx.text(ty);
    let base = text.split('<').next().unwrap_or(text);
    words(base).last().unwrap_or("")
}

/// One `ApiResponse` variant: `#[oai(status = N)] Name(Payload, #[oai(header = "X")] T, ..)`.
fn oai_variant(
    cx: &mut Cx<'_, '_>,
    variant: Node<'_>,
    attributes: &[Node<'_>],
    enum_headers: &[String],
) {
    let Some(status) = attribute_status(cx, attributes, "oai") else {
        return;
    };
    let mut resp = Resp::new(Flavor::Value);
    resp.body = Body::Empty;
    for name in enum_headers.iter().chain(&declared_headers(cx, attributes)) {
        resp.add_header(Some(name.clone()), span(variant));
    }
    let fields = variant.field("body");
    match fields.map(|f| f.kind_str()) {
        None => {
            let name = variant.field("name");
            resp.header_insert = name.map(|n| HeaderInsert {
                at: n.end_byte(),
                style: HeaderStyle::OaiHeaderField { new_list: true },
            });
        }
        Some("ordered_field_declaration_list") => {
            let list = fields.unwrap_or(variant);
            for (child, attributes) in with_attributes(list) {
                let header = attributes.iter().find_map(|a| {
                    let (name, arguments) = attribute_parts(*a, cx.src)?;
                    (name == "oai").then(|| string_argument(cx, arguments, "header"))?
                });
                match header {
                    Some(name) => resp.add_header(Some(name), span(child)),
                    None if OAI_PAYLOADS.contains(&type_name(cx, child)) => {
                        resp.body = Body::Present {
                            span: span(child),
                            pure: false,
                        };
                    }
                    None => {
                        // A payload type of its own may add headers when it becomes a response.
                        resp.body = Body::Unknown;
                        resp.headers.complete = false;
                    }
                }
            }
            // Before the closing parenthesis.
            resp.header_insert = list
                .child(list.child_count().saturating_sub(1))
                .filter(|c| c.kind_str() == ")")
                .map(|close| HeaderInsert {
                    at: close.start_byte(),
                    style: HeaderStyle::OaiHeaderField { new_list: false },
                });
        }
        _ => return,
    }
    cx.mention(&status);
    resp.status = Some(status);
    cx.method = None;
    cx.route = None;
    cx.push(resp, span(variant));
}

/// A Rocket `#[derive(Responder)]` struct or variant: the first field is the body, the rest headers.
fn rocket_responder(
    cx: &mut Cx<'_, '_>,
    node: Node<'_>,
    status: Option<St>,
    attributes: &[Node<'_>],
) {
    let Some(status) = status else {
        // The status comes from the inner responder.
        return;
    };
    let mut resp = Resp::new(Flavor::Rocket);
    if has_argument(cx, attributes, "response", "content_type") {
        resp.add_header(Some("content-type".to_string()), span(node));
    }
    let Some(fields) = node.field("body") else {
        return;
    };
    // The type of each field not marked `#[response(ignore)]`, in order: a tuple struct's list holds
    // the types, a named one `field_declaration`s.
    let mut fields = with_attributes(fields)
        .into_iter()
        .filter(|(_, attrs)| !has_argument(cx, attrs, "response", "ignore"))
        .filter_map(|(field, _)| match field.kind_str() {
            "field_declaration" => field.field("type"),
            _ => Some(field),
        });
    let Some(inner) = fields.next() else {
        return;
    };
    let inner_text = cx.text(inner).trim();
    if inner_text == "()" {
        resp.body = Body::Empty;
    } else if ROCKET_BODIES.contains(&type_name(cx, inner)) {
        resp.body = Body::Present {
            span: span(inner),
            pure: false,
        };
    } else {
        // Another responder: it may set headers (and a body) of its own.
        resp.body = Body::Unknown;
        resp.headers.complete = false;
    }
    for ty in fields {
        match type_name(cx, ty) {
            "ContentType" => resp.add_header(Some("content-type".to_string()), span(ty)),
            // `Header<'static>` and other header types: the name is a value we cannot see.
            _ => resp.add_header(None, span(ty)),
        }
    }
    cx.mention(&status);
    resp.status = Some(status);
    cx.method = None;
    cx.route = None;
    cx.push(resp, Span::new(node.start_byte(), node.end_byte()));
}
