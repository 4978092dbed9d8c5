//! Express 4/5, Next.js Pages API routes, `node:http` and Fastify's `reply`: a statement-style
//! response object.
//! `res.status(n)`, `res.sendStatus(n)`, `res.statusCode = n`, `res.writeHead(n, headers)`;
//! `res.set/header/setHeader/append/location/type(..)`; sent by `res.json/send/end(..)`,
//! `res.sendStatus(n)` and `res.redirect([n,] url)`.

use crate::extract::Field;
use tree_sitter::Node;

use super::helpers::helper_effect;
use super::syntax::*;
use super::{
    body_of, chain, entry_insert, flow, object_headers, Call, Cx, Effect, Found, Framework, Link,
    Reading, Registrations, St,
};
use crate::model::Edit;
use crate::model::{Body, HeaderInsert, HeaderStyle, Headers, Runtime};

/// Methods that send the response.
const SENDS: &[&str] = &[
    "json",
    "jsonp",
    "send",
    "end",
    "sendStatus",
    "redirect",
    "sendFile",
    "download",
    "render",
];

/// Fastify's: `reply.send(x)`, `reply.redirect(..)`.
const FASTIFY_SENDS: &[&str] = &["send", "redirect"];

/// Uses of `res` that neither set a header nor send anything.
const HARMLESS: &[&str] = &[
    "locals",
    "headersSent",
    "writableEnded",
    "finished",
    "getHeader",
    "hasHeader",
    "req",
    "app",
    "on",
    "once",
];

/// Whether a parameter's type makes it an Express or Node response object.
pub(super) fn is_response_type(ty: &str, file: &Registrations) -> bool {
    let ty = ty.split('<').next().unwrap_or(ty).trim();
    match ty {
        "express.Response"
        | "NextApiResponse"
        | "ServerResponse"
        | "http.ServerResponse"
        | "FastifyReply" => true,
        // `Response` alone is the Fetch one unless the file imports Express.
        "Response" => file.uses(Framework::Express),
        _ => false,
    }
}

/// Whether a type may be a response object in some file (`Response` only where Express is
/// imported, which `is_response_type` decides where it is used).
pub(super) fn may_be_response_type(ty: &str) -> bool {
    let ty = ty.split('<').next().unwrap_or(ty).trim();
    matches!(
        ty,
        "express.Response"
            | "NextApiResponse"
            | "ServerResponse"
            | "http.ServerResponse"
            | "FastifyReply"
            | "Response"
    )
}

/// What a header-setting link adds: `set('A', v)` -> `a`; `set({..})` -> its keys; `location(u)`
/// -> `location`; `None` inside for a name we cannot read. `None` for a link that is not one.
fn header_link(link: &Link<'_>, src: &str, headers: &mut Headers) -> bool {
    let at = span(link.call);
    let first = link.args.first().copied();
    let named = |headers: &mut Headers, name: &str| headers.add(Some(name.to_string()), at);
    match link.name {
        // `headers({..})` is Fastify's.
        "set" | "header" | "setHeader" | "append" | "headers" => match first {
            Some(a) if unwrap(a).kind_str() == "object" && link.args.len() == 1 => {
                object_headers(a, src, headers)
            }
            Some(a) => headers.add(string_value(a, src).map(str::to_ascii_lowercase), at),
            None => headers.complete = false,
        },
        "location" => named(headers, "location"),
        "type" | "contentType" => named(headers, "content-type"),
        "links" => named(headers, "link"),
        "cookie" | "clearCookie" => named(headers, "set-cookie"),
        "attachment" => named(headers, "content-disposition"),
        "vary" => named(headers, "vary"),
        _ => return false,
    }
    true
}

/// Reads one link that sets the status or headers; false for any other link.
fn status_or_header(
    link: &Link<'_>,
    src: &str,
    status: &mut Option<St>,
    headers: &mut Headers,
) -> bool {
    match link.name {
        // `code` is Fastify's.
        "status" | "code" => {
            *status = link.args.first().and_then(|a| St::read(*a, src));
            if status.is_none() {
                // A status we cannot read: nothing after it is known.
                headers.complete = false;
            }
            true
        }
        "writeHead" => {
            *status = link.args.first().and_then(|a| St::read(*a, src));
            // `writeHead(n[, reason][, headers])`
            let rest = link.args.get(1..).unwrap_or(&[]);
            for a in rest {
                if string_value(*a, src).is_none() {
                    object_headers(*a, src, headers);
                }
            }
            true
        }
        _ => header_link(link, src, headers),
    }
}

/// One statement before a send: `res.status(401);`, `res.set('A', 'b');`, `res.statusCode = 204;`.
fn statement(expr: Node<'_>, receiver: &str, src: &str) -> Effect {
    let mut effect = Effect::default();
    if expr.kind_str() == "assignment_expression" {
        let left = expr.field("left");
        let is_status_code = left.is_some_and(|l| text(l, src) == format!("{receiver}.statusCode"));
        if is_status_code {
            effect.status = expr.field("right").and_then(|r| St::read(r, src));
            effect.understood = effect.status.is_some();
        }
        return effect;
    }
    if expr.kind_str() != "call_expression" {
        return effect;
    }
    let Some((root, links)) = chain(expr, src) else {
        return effect;
    };
    if text(root, src) != receiver {
        return effect;
    }
    let mut headers = Headers::empty();
    for link in &links {
        if !status_or_header(link, src, &mut effect.status, &mut headers) {
            return Effect::default();
        }
    }
    if !headers.complete {
        return Effect::default();
    }
    effect.headers = headers
        .known
        .into_iter()
        .map(|h| (Some(h.name), h.span))
        .collect();
    effect.understood = true;
    effect
}

fn runtime(node_only: bool, fastify: bool) -> fn(u16) -> Runtime {
    if fastify {
        |code| Runtime {
            null_body: (code == 204).then_some("Fastify drops it"),
            accepts: None,
        }
    } else if node_only {
        |code| Runtime {
            null_body: matches!(code, 204 | 304).then_some("Node drops it"),
            accepts: None,
        }
    } else {
        |code| Runtime {
            null_body: matches!(code, 204 | 304)
                .then_some("Express drops it (and its `Content-Type`)"),
            accepts: None,
        }
    }
}

/// A send call on the `res` of an Express-shaped handler.
pub(super) fn call<'s, 't>(cx: &mut Cx<'s, 't>, at: &Call<'t>, file: &Registrations) {
    let src = cx.src;
    let (call, site) = (at.node, at.site);
    let Some(send) = call
        .field("function")
        .filter(|f| f.kind_str() == "member_expression")
        .and_then(|f| f.field("property"))
    else {
        return;
    };
    if !SENDS.contains(&text(send, src)) {
        return;
    }
    let Some((root, links)) = chain(call, src) else {
        return;
    };
    let receiver = text(root, src);
    let Some((bound, param)) = cx.binding(receiver, site) else {
        return;
    };
    let Some(handler) = cx.handlers[bound].filter(|h| h.express_res == Some(param)) else {
        return;
    };
    let fastify = handler.fastify;
    let sends = if fastify { FASTIFY_SENDS } else { SENDS };
    if !sends.contains(&text(send, src)) {
        return;
    }
    let Some((send, before)) = links.split_last() else {
        return;
    };
    let mut found = Found::new(span(call));
    let mut status = None;
    let mut headers = Headers::empty();
    // `res.status(r.status)`: the status of an object another function returned (`relay`).
    let relayed = before
        .first()
        .filter(|l| l.name == "status" && l.args.len() == 1 && St::read(l.args[0], src).is_none())
        .map(|l| l.args[0]);
    let links_read = if relayed.is_some() {
        &before[1..]
    } else {
        before
    };
    for link in links_read {
        if !status_or_header(link, src, &mut status, &mut headers) {
            return;
        }
    }
    let first = send.args.first().copied();
    found.body = match send.name {
        "sendStatus" => {
            status = first.and_then(|a| St::read(a, src));
            Body::Empty
        }
        "redirect" => {
            headers.add(Some("location".to_string()), span(call));
            // `redirect(301, url)` (Express, Fastify 4) or `redirect(url, 301)` (Fastify 5).
            if send.args.len() >= 2 {
                status = send.args.iter().find_map(|a| St::read(*a, src));
            }
            Body::Unknown
        }
        "sendFile" | "download" | "render" => Body::Present {
            span: span(send.call.field("arguments").unwrap_or(send.call)),
            pure: false,
        },
        _ => body_of(first, src),
    };
    // What ran before this statement, when the chain itself does not say.
    let stop = cx.sites[bound].node;
    let view = cx.view;
    let looked = std::cell::RefCell::new(Vec::new());
    let read = |e: Node<'_>| {
        let effect = statement(e, receiver, src);
        if effect.understood {
            return effect;
        }
        helper_effect(e, receiver, src, view, &looked).unwrap_or_default()
    };
    let reading = Reading {
        tag: "express",
        receiver,
        harmless: HARMLESS,
        read: &read,
    };
    let (earlier, earlier_headers) = flow(&mut cx.flows, at, stop, &reading, src);
    for (name, at, found) in looked.into_inner() {
        cx.facts.index.references.push((name.clone(), at));
        if !found {
            cx.facts.index.unresolved.push((name, at));
        }
    }
    headers.complete &= earlier_headers.complete;
    headers.known.extend(earlier_headers.known);
    if let Some(arg) = relayed {
        if !fastify {
            cx.relay(at, arg, bound, &headers, file);
        }
        return;
    }
    let status = status.or(earlier);
    let node_only = file.uses(Framework::NodeHttp) && !file.uses(Framework::Express);
    found.status = status;
    found.headers = headers;
    found.runtime = Some(runtime(node_only, fastify));
    // `res.status(204).json(x)` -> `res.status(204).end()`; Fastify's `reply.send()`.
    if matches!(found.body, Body::Present { .. }) {
        found.remove_body = Some(vec![Edit {
            span: crate::model::Span::new(send.property.start_byte(), send.call.end_byte()),
            new_text: if fastify { "send()" } else { "end()" }.to_string(),
        }]);
    }
    // A header goes right after `res`: `res.set("Allow", "GET").status(405).end()`. A `writeHead`
    // with a headers object takes it there.
    let write_head_object = before.iter().find(|l| l.name == "writeHead").and_then(|l| {
        l.args
            .iter()
            .rev()
            .find(|a| unwrap(**a).kind_str() == "object")
            .copied()
    });
    found.header_insert = Some(match write_head_object {
        Some(object) => entry_insert(unwrap(object)),
        None => HeaderInsert {
            at: root.end_byte(),
            style: HeaderStyle::Text {
                before: match (fastify, node_only) {
                    (true, _) => ".header(",
                    (false, true) => ".setHeader(",
                    (false, false) => ".set(",
                }
                .to_string(),
                between: ", ",
                after: ")".to_string(),
            },
        },
    });
    cx.push(site, found);
}
