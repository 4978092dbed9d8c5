//! The Fetch API (Next.js App Router route handlers and middleware, Remix, SvelteKit, Astro, Deno,
//! Bun, Workers, and anything a Hono handler returns): `new Response(body, { status, headers })`,
//! `Response.json(data, init)`, `Response.redirect(url, status)`, and Next.js's `NextResponse`.
//! Returned (or thrown) values of handlers are responses; anywhere else, only a construction that
//! throws (a body on a null-body status, a status out of range) is reported.

use crate::extract::Field;
use tree_sitter::Node;

use super::syntax::*;
use super::{body_of, entry_insert, object_headers, Call, Cx, Found, St};
use crate::model::Edit;
use crate::model::{Accepts, Body, HeaderInsert, HeaderStyle, Headers, Runtime, Span};

const NULL_BODY: &str = "the Fetch `Response` constructor throws a TypeError on it";

fn constructor_runtime(_: u16) -> Runtime {
    Runtime {
        null_body: Some(NULL_BODY),
        accepts: Some((
            Accepts::Range(200, 599),
            "throws a RangeError in the Fetch `Response` constructor",
        )),
    }
}

fn redirect_runtime(_: u16) -> Runtime {
    Runtime {
        null_body: None,
        accepts: Some((
            Accepts::Redirects,
            "throws a RangeError in `Response.redirect`",
        )),
    }
}

/// The runtime facts of a Fetch `Response` with a status and body (Hono builds one too).
pub(super) fn response_runtime() -> fn(u16) -> Runtime {
    constructor_runtime
}

/// What a `ResponseInit`-shaped object literal says: status, headers, and where a header fix goes.
pub(super) struct Init {
    pub status: Option<St>,
    pub headers: Headers,
    pub insert: Option<HeaderInsert>,
}

/// Reads `{ status: 204, headers: { .. } }`. A spread or a shorthand `status` makes what it may set
/// unknown.
pub(super) fn init(object: Node<'_>, src: &str) -> Init {
    let object = unwrap(object);
    let mut out = Init {
        status: None,
        headers: Headers::empty(),
        insert: None,
    };
    if object.kind_str() != "object" {
        out.headers.complete = false;
        return out;
    }
    let mut status_unknown = false;
    let mut headers_value = None;
    for entry in object.named_children(&mut object.walk()) {
        match entry.kind_str() {
            "comment" => {}
            "pair" => {
                let key = entry.field("key").and_then(|k| key_name(k, src));
                let value = entry.field("value");
                match key {
                    Some("status") => {
                        out.status = value.and_then(|v| St::read(v, src));
                        status_unknown |= out.status.is_none();
                    }
                    Some("headers") => headers_value = value,
                    Some(_) => {}
                    None => {
                        status_unknown = true;
                        out.headers.complete = false;
                    }
                }
            }
            "shorthand_property_identifier" => match text(entry, src) {
                "status" => status_unknown = true,
                "headers" => out.headers.complete = false,
                _ => {}
            },
            _ => {
                status_unknown = true;
                out.headers.complete = false;
            }
        }
    }
    if status_unknown {
        out.status = None;
    }
    match headers_value.map(unwrap) {
        None => {
            out.insert = Some(HeaderInsert {
                at: object.start_byte() + 1,
                style: HeaderStyle::Text {
                    before: " headers: { ".to_string(),
                    between: ": ",
                    after: " },".to_string(),
                },
            })
        }
        Some(v) if v.kind_str() == "object" => {
            object_headers(v, src, &mut out.headers);
            out.insert = Some(entry_insert(v));
        }
        // `new Headers({ .. })`
        Some(v) if v.kind_str() == "new_expression" && constructor(v, src) == Some("Headers") => {
            match arguments(v).first().map(|a| unwrap(*a)) {
                Some(a) if a.kind_str() == "object" => {
                    object_headers(a, src, &mut out.headers);
                    out.insert = Some(entry_insert(a));
                }
                None => {}
                Some(_) => out.headers.complete = false,
            }
        }
        Some(_) => out.headers.complete = false,
    }
    out
}

fn constructor<'s>(new: Node<'_>, src: &'s str) -> Option<&'s str> {
    new.field("constructor").map(|c| text(c, src))
}

/// A `Response` built and returned (or thrown) by a handler.
pub(super) fn call(cx: &mut Cx<'_, '_>, call: &Call<'_>) {
    let handler_return = cx.handlers[call.site].is_some_and(|h| h.fetch) && cx.returned(call);
    let Some(mut found) = read(call.node, cx.src) else {
        return;
    };
    if handler_return {
        cx.push(call.site, found);
        return;
    }
    // Anywhere else (client code, tests, helpers) only what throws is a bug: a body on a null-body
    // status, a status the constructor rejects. The header rules need a handler: headers unknown.
    let Some(status) = found.status.filter(|s| s.other.is_none()) else {
        return;
    };
    let Some(runtime) = found.runtime.map(|r| r(status.code)) else {
        return;
    };
    let body_throws = runtime.null_body.is_some()
        && matches!(status.code, 101 | 103 | 204 | 205 | 304)
        && matches!(found.body, Body::Present { .. });
    let status_throws = runtime
        .accepts
        .is_some_and(|(a, _)| !a.contains(status.code));
    if !body_throws && !status_throws {
        return;
    }
    found.headers = Headers::empty();
    found.headers.complete = false;
    found.header_insert = None;
    cx.push_for(None, None, found);
}

/// Next.js's `unauthorized()` from `next/navigation`: it renders the `unauthorized` page with a 401
/// and no challenge, wherever it is called on the server.
pub(super) fn interrupt(cx: &mut Cx<'_, '_>, call: &Call<'_>, file: &super::Registrations) {
    let node = call.node;
    if !file.next_unauthorized() || node.kind_str() != "call_expression" {
        return;
    }
    let Some(callee) = node
        .field("function")
        .filter(|f| f.kind_str() == "identifier" && text(*f, cx.src) == "unauthorized")
    else {
        return;
    };
    if !arguments(node).is_empty() {
        return;
    }
    let mut found = Found::new(span(node));
    found.status = Some(St {
        code: 401,
        span: span(callee),
        form: crate::model::StatusForm::Named,
        number: false,
        other: None,
    });
    found.body = Body::Unknown;
    cx.push_for(None, None, found);
}

/// Reads a Fetch `Response` construction, if `node` is one.
pub(super) fn read(node: Node<'_>, src: &str) -> Option<Found> {
    let mut found = Found::new(span(node));
    match node.kind_str() {
        "new_expression" => {
            let class = constructor(node, src)?;
            if !matches!(class, "Response" | "NextResponse") {
                return None;
            }
            let args = arguments(node);
            let init = init(*args.get(1)?, src);
            found.status = init.status;
            found.headers = init.headers;
            found.header_insert = init.insert;
            found.body = body_of(args.first().copied(), src);
            if let (Body::Present { .. }, Some(body)) = (&found.body, args.first()) {
                found.remove_body = Some(vec![Edit {
                    span: span(*body),
                    new_text: "null".to_string(),
                }]);
            }
            found.runtime = Some(constructor_runtime);
        }
        "call_expression" => {
            let callee = node.field("function")?;
            let name = text(callee, src);
            let (class, method) = name.split_once('.')?;
            if !matches!(class, "Response" | "NextResponse") {
                return None;
            }
            // Gathered only for the calls read: `read` is asked about every call.
            let args = arguments(node);
            match method {
                "json" => {
                    let init = init(*args.get(1)?, src);
                    found.status = init.status;
                    found.headers = init.headers;
                    found.header_insert = init.insert;
                    // `Response.json(null)` still sends `null`.
                    let data = args.first()?;
                    found.body = Body::Present {
                        span: span(*data),
                        pure: is_pure(*data, src, 0),
                    };
                    // `Response.json(x, init)` -> `new Response(null, init)`.
                    found.remove_body = Some(vec![Edit {
                        span: Span::new(callee.start_byte(), data.end_byte()),
                        new_text: format!("new {class}(null"),
                    }]);
                    found.runtime = Some(constructor_runtime);
                }
                "redirect" => {
                    let second = args.get(1)?;
                    found.status = match unwrap(*second).kind_str() {
                        "object" => init(*second, src).status,
                        _ => St::read(*second, src),
                    };
                    found.headers.add(Some("location".to_string()), span(node));
                    found.body = Body::Empty;
                    found.runtime = Some(redirect_runtime);
                }
                _ => return None,
            }
        }
        _ => return None,
    }
    Some(found)
}
