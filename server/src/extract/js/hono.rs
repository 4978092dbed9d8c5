//! Hono: `c.json/text/html/body/newResponse(x, status?, headers?)`, `c.redirect(url, status?)`,
//! `c.header(k, v)` and `c.status(n)` before the return. Hono builds a Fetch `Response`, so a body
//! on a null-body status throws there.

use crate::extract::Field;
use tree_sitter::Node;

use super::syntax::*;
use super::{
    chain, entry_insert, fetch, flow, object_headers, Call, Cx, Effect, Found, Reading, St,
};
use crate::model::Edit;
use crate::model::{Body, HeaderInsert, HeaderStyle, Span};

const RESPONDERS: &[&str] = &["json", "text", "html", "body", "newResponse", "redirect"];

/// Uses of the context that neither set a header nor the status.
const HARMLESS: &[&str] = &[
    "req",
    "env",
    "get",
    "set",
    "var",
    "executionCtx",
    "event",
    "render",
];

/// `c.header('A', v);` or `c.status(401);` before the return.
fn statement(expr: Node<'_>, receiver: &str, src: &str) -> Effect {
    let mut effect = Effect::default();
    let Some((root, links)) = chain(expr, src) else {
        return effect;
    };
    if text(root, src) != receiver || links.len() != 1 {
        return effect;
    }
    let link = &links[0];
    match link.name {
        "header" => {
            let name = link.args.first().and_then(|a| string_value(*a, src));
            effect
                .headers
                .push((name.map(str::to_ascii_lowercase), span(link.call)));
        }
        "status" => {
            effect.status = link.args.first().and_then(|a| St::read(*a, src));
            if effect.status.is_none() {
                return Effect::default();
            }
        }
        _ => return effect,
    }
    effect.understood = true;
    effect
}

/// A response returned from a Hono handler through its context.
pub(super) fn call(cx: &mut Cx<'_, '_>, call: &Call<'_>) {
    let src = cx.src;
    let (node, site) = (call.node, call.site);
    if node.kind_str() != "call_expression" {
        return;
    }
    let Some((root, links)) = chain(node, src) else {
        return;
    };
    let [link] = links.as_slice() else {
        return;
    };
    if !RESPONDERS.contains(&link.name) {
        return;
    }
    let receiver = text(root, src);
    let Some((bound, 0)) = cx.binding(receiver, site) else {
        return;
    };
    if !cx.handlers[bound].is_some_and(|h| h.hono) || !cx.returned(call) {
        return;
    }
    let mut found = Found::new(span(node));
    let args = &link.args;
    let first = args.first().copied();
    let mut status_arg = args.get(1).copied();
    if link.name == "redirect" {
        found.headers.add(Some("location".to_string()), span(node));
        found.body = Body::Empty;
    } else {
        found.body = match link.name {
            // `c.json(null)` still sends `null`.
            "json" => match first {
                Some(a) => Body::Present {
                    span: span(a),
                    pure: is_pure(a, src, 0),
                },
                None => Body::Unknown,
            },
            _ => super::body_of(first, src),
        };
        found.runtime = Some(fetch::response_runtime());
    }
    let mut header_insert = None;
    match status_arg.map(unwrap) {
        // `c.json(x, { status, headers })`
        Some(init) if init.kind_str() == "object" => {
            let init = fetch::init(init, src);
            found.status = init.status;
            found.headers.complete &= init.headers.complete;
            found.headers.known.extend(init.headers.known);
            header_insert = init.insert;
            status_arg = None;
        }
        Some(s) => found.status = St::read(s, src),
        None => {}
    }
    if let Some(headers) = args.get(2) {
        object_headers(*headers, src, &mut found.headers);
        if unwrap(*headers).kind_str() == "object" {
            header_insert = Some(entry_insert(unwrap(*headers)));
        }
    } else if let Some(s) = status_arg {
        // `c.json(x, 401)` -> `c.json(x, 401, { "WWW-Authenticate": "Bearer" })`
        header_insert = Some(HeaderInsert {
            at: s.end_byte(),
            style: HeaderStyle::Text {
                before: ", { ".to_string(),
                between: ": ",
                after: " }".to_string(),
            },
        });
    }
    // What ran before the return: `c.header(..)`, `c.status(..)`.
    let stop = cx.sites[bound].node;
    let reading = Reading {
        tag: "hono",
        receiver,
        harmless: HARMLESS,
        read: &|e| statement(e, receiver, src),
    };
    let (earlier, earlier_headers) = flow(&mut cx.flows, call, stop, &reading, src);
    if args.len() < 2 && found.status.is_none() {
        found.status = earlier;
        // `c.status(401); return c.json(x)`: a `c.header(..);` statement before the return.
        if let Some(statement) = statement_of(&call.path) {
            header_insert = Some(HeaderInsert {
                at: statement.start_byte(),
                style: HeaderStyle::Text {
                    before: format!("{receiver}.header("),
                    between: ", ",
                    after: format!(");\n{}", indent_of(statement, src)),
                },
            });
        }
    }
    found.headers.complete &= earlier_headers.complete;
    found.headers.known.extend(earlier_headers.known);
    found.header_insert = header_insert;
    if let (Body::Present { .. }, Some(body)) = (&found.body, first) {
        // `c.json(x, 204)` -> `c.body(null, 204)`; `c.body(x, 204)` -> `c.body(null, 204)`.
        let from = if matches!(link.name, "body" | "newResponse") {
            body.start_byte()
        } else {
            link.property.start_byte()
        };
        let new_text = if from == body.start_byte() {
            "null"
        } else {
            "body(null"
        };
        found.remove_body = Some(vec![Edit {
            span: Span::new(from, body.end_byte()),
            new_text: new_text.to_string(),
        }]);
    }
    cx.push(site, found);
}
