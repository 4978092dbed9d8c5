//! Koa (and `@koa/router`): `ctx.status = n`, `ctx.body = x`, `ctx.set(..)`, `ctx.redirect(..)`,
//! `ctx.type = ..`. Koa sends the response when the middleware chain is done, so each status and each
//! body assignment is read as a response: the status from what ran before a body, and the headers
//! from the whole handler (a header set after the status still goes out with it).

use crate::extract::Field;
use tree_sitter::Node;

use super::syntax::*;
use super::{flow, object_headers, parameters, Call, Cx, Effect, Found, Reading, St};
use crate::model::Edit;
use crate::model::{Body, HeaderInsert, HeaderStyle, Headers, Runtime, Span};

/// Properties of the context that neither set headers nor send anything.
const HARMLESS: &[&str] = &[
    "request",
    "req",
    "params",
    "query",
    "querystring",
    "path",
    "method",
    "url",
    "originalUrl",
    "href",
    "headers",
    "header",
    "get",
    "state",
    "app",
    "log",
    "ip",
    "ips",
    "host",
    "hostname",
    "protocol",
    "secure",
    "cookies",
    "is",
    "accepts",
    "acceptsLanguages",
    "throw",
    "assert",
    "status",
    "body",
    "message",
    "length",
    "fresh",
    "stale",
    "request",
    "res",
];

fn runtime(code: u16) -> Runtime {
    Runtime {
        null_body: matches!(code, 204 | 205 | 304).then_some("Koa drops it when it responds"),
        accepts: None,
    }
}

/// `ctx.status = 204;` before a body.
fn statement(expr: Node<'_>, receiver: &str, src: &str) -> Effect {
    let mut effect = Effect::default();
    if expr.kind_str() == "assignment_expression"
        && expr
            .field("left")
            .is_some_and(|l| text(l, src) == format!("{receiver}.status"))
    {
        effect.status = expr.field("right").and_then(|r| St::read(r, src));
        effect.understood = effect.status.is_some();
    }
    effect
}

/// The headers the handler `f` sets on `ctx` anywhere: complete only when every use of `ctx` is
/// one we can read (and the handler does not hand over to downstream middleware with `next`).
fn handler_headers(f: Node<'_>, receiver: &str, src: &str) -> Headers {
    let mut headers = Headers::empty();
    let Some(body) = f.field("body") else {
        return headers;
    };
    // `await next()`: what runs downstream may set headers.
    let next = parameters(f, src).get(1).map(|p| p.0);
    let calls_next = match next {
        Some(Some(name)) => super::mentions(body, name, &[], src),
        Some(None) => true,
        None => false,
    };
    if calls_next {
        headers.complete = false;
        return headers;
    }
    let member_of_ctx = |n: Node<'_>| -> Option<&str> {
        (n.kind_str() == "member_expression"
            && n.field("object")
                .is_some_and(|o| o.kind_str() == "identifier" && text(o, src) == receiver))
        .then(|| n.field("property").map(|p| text(p, src)))
        .flatten()
    };
    let read = preorder(body, 50_000, |n| {
        let mut descend = true;
        if n.kind_str() == "call_expression" {
            let callee = n.field("function");
            if let Some(prop) = callee.and_then(member_of_ctx) {
                let args = arguments(n);
                match prop {
                    "set" | "append" => match args.first() {
                        Some(a) if unwrap(*a).kind_str() == "object" => {
                            object_headers(*a, src, &mut headers)
                        }
                        Some(a) => {
                            headers.add(string_value(*a, src).map(str::to_ascii_lowercase), span(n))
                        }
                        None => headers.complete = false,
                    },
                    "redirect" => headers.add(Some("location".to_string()), span(n)),
                    "attachment" => headers.add(Some("content-disposition".to_string()), span(n)),
                    "vary" => headers.add(Some("vary".to_string()), span(n)),
                    p if HARMLESS.contains(&p) => {}
                    _ => headers.complete = false,
                }
                // The arguments may use `ctx` too; the callee is read.
                for a in args {
                    if super::mentions(a, receiver, HARMLESS, src) {
                        headers.complete = false;
                    }
                }
                descend = false;
            }
        } else if n.kind_str() == "assignment_expression" {
            if let Some(prop) = n.field("left").and_then(member_of_ctx) {
                match prop {
                    "type" => headers.add(Some("content-type".to_string()), span(n)),
                    p if HARMLESS.contains(&p) => {}
                    _ => headers.complete = false,
                }
                if n.field("right")
                    .is_some_and(|r| super::mentions(r, receiver, HARMLESS, src))
                {
                    headers.complete = false;
                }
                descend = false;
            }
        } else if let Some(prop) = member_of_ctx(n) {
            if !HARMLESS.contains(&prop) {
                headers.complete = false;
            }
            descend = false;
        } else if n.kind_str() == "identifier" && text(n, src) == receiver {
            // Handed on whole (`helper(ctx)`).
            headers.complete = false;
        }
        if descend {
            Step::Descend
        } else {
            Step::Skip
        }
    });
    headers.complete &= read;
    headers
}

/// `ctx.status = n` or `ctx.body = x` in a Koa handler.
pub(super) fn assignment(cx: &mut Cx<'_, '_>, call: &Call<'_>) {
    let src = cx.src;
    let node = call.node;
    if node.kind_str() != "assignment_expression" {
        return;
    }
    let (Some(left), Some(right)) = (node.field("left"), node.field("right")) else {
        return;
    };
    if left.kind_str() != "member_expression" {
        return;
    }
    let (Some(object), Some(property)) = (left.field("object"), left.field("property")) else {
        return;
    };
    let what = text(property, src);
    if object.kind_str() != "identifier" || !matches!(what, "status" | "body") {
        return;
    }
    let receiver = text(object, src);
    let Some((bound, 0)) = cx.binding(receiver, call.site) else {
        return;
    };
    if !cx.handlers[bound].is_some_and(|h| h.koa) {
        return;
    }
    // Only a whole statement: `ctx.status = 401;`.
    let Some(statement_node) = statement_of(&call.path) else {
        return;
    };
    let f = cx.sites[bound].node;
    let mut found = Found::new(span(node));
    found.headers = handler_headers(f, receiver, src);
    found.runtime = Some(runtime);
    if what == "status" {
        found.status = St::read(right, src);
        found.body = Body::Unknown;
    } else {
        let reading = Reading {
            tag: "koa",
            receiver,
            harmless: HARMLESS,
            read: &|e| statement(e, receiver, src),
        };
        let (earlier, _) = flow(&mut cx.flows, call, f, &reading, src);
        found.status = earlier;
        found.body = super::body_of(Some(right), src);
        if let Body::Present { .. } = found.body {
            found.remove_body = Some(vec![Edit {
                span: Span::new(right.start_byte(), right.end_byte()),
                new_text: "null".to_string(),
            }]);
        }
    }
    // A `ctx.set("name", "value");` statement before this one.
    found.header_insert = Some(HeaderInsert {
        at: statement_node.start_byte(),
        style: HeaderStyle::Text {
            before: format!("{receiver}.set("),
            between: ", ",
            after: format!(");\n{}", indent_of(statement_node, src)),
        },
    });
    cx.push(call.site, found);
}
