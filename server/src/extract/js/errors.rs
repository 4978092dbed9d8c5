//! Errors a handler hands to its framework, and the renderers that answer them, across modules.
//!
//! - Express: `next({ status: 401, .. })` or `next(createError(401))` in a handler goes to the
//!   error-handling middlewares the package registers (`app.use((err, req, res, next) => ..)`), or
//!   to Express's default handler when there is none, which sends `err.status` with no header of
//!   the error's own (it has no `headers`).
//! - Hono: `throw new HTTPException(401, { message })` in a handler or a `createMiddleware`
//!   callback goes to `app.onError`, or to the default handler (`err.getResponse()`: the status and
//!   the message, no header) when the package registers none.
//!
//! Renderers are package facts in the index (`Renderer`); a file records that it read them
//! (`RENDERERS`) so it is read again when they change. Precision: a renderer whose status or
//! headers we cannot read (it sets headers, hands the error on, passes `res` away, picks its status
//! another way) makes every error of its framework unknown; outside a package (no package.json)
//! nothing is reported, since a renderer may be registered where we cannot see it.

use tree_sitter::Node;

use super::syntax::*;
use super::{parameters, Cx, Framework, Registrations};
use crate::index::{Renderer, RENDERERS};
use crate::model::{
    Body, FixPlan, Headers, Related, RelatedLocation, Response, Status, StatusForm, StatusStyle,
};

/// The language's tags for renderers (`Renderer::flavor`).
const EXPRESS: u8 = 1;
const HONO: u8 = 2;

/// Calls in an error-rendering middleware that may add headers or send something else than the
/// error's status: any of them makes the renderer unreadable.
const UNREAD: &[&str] = &[
    "setHeader",
    ".set(",
    ".header(",
    ".append(",
    "writeHead",
    "headers",
    "next(",
    ".render(",
    ".redirect(",
    ".location(",
    ".links(",
    ".vary(",
    ".format(",
    "sendStatus",
    ".cookie(",
    ".attachment(",
    ".sendFile(",
    ".download(",
];

impl<'s, 't> Cx<'s, 't> {
    /// Records the file's renderers, then reads the errors its handlers hand on.
    pub(super) fn errors(&mut self, calls: &[super::Call<'t>], file: &Registrations) {
        self.renderers();
        for call in calls {
            self.express_next(call);
            self.hono_throw(call, file);
        }
    }

    fn renderers(&mut self) {
        for (i, site) in self.sites.iter().enumerate() {
            let Some(handler) = self.handlers[i] else {
                continue;
            };
            let params = parameters(site.node, self.src);
            if params.len() != 4 || handler.express_res != Some(2) || handler.fastify {
                continue;
            }
            let renderer = express_renderer(site.node, &params, self.src);
            self.facts.index.renderers.push(renderer);
        }
    }

    /// `app.onError(..)` anywhere in the file (a top-level registration too): a Hono renderer whose
    /// answers are not read.
    pub(super) fn on_error(&mut self, call: Node<'t>) {
        let on_error = call
            .child_by_field_name("function")
            .and_then(|f| f.child_by_field_name("property"))
            .is_some_and(|p| text(p, self.src) == "onError");
        if on_error {
            self.facts.index.renderers.push(Renderer {
                flavor: HONO,
                passes_status: false,
                headers: Vec::new(),
                headers_complete: false,
                at: call.start_byte(),
            });
        }
    }

    /// The package's renderers of `flavor`, recording the look-up; `None` outside a package.
    fn package_renderers(
        &mut self,
        flavor: u8,
        at: usize,
    ) -> Option<Vec<(Renderer, Option<RelatedLocation>)>> {
        let found = self.view.and_then(|v| v.renderers(flavor));
        let index = &mut self.facts.index;
        index.references.push((RENDERERS.to_string(), at));
        if found.is_none() {
            index.unresolved.push((RENDERERS.to_string(), at));
        }
        found
    }

    /// `next({ status: 401, .. })`, `next(createError(401))` in an Express handler.
    fn express_next(&mut self, call: &super::Call<'t>) {
        let src = self.src;
        let node = call.node;
        if node.kind() != "call_expression" {
            return;
        }
        let Some(handler) = self.handlers[call.site] else {
            return;
        };
        let Some(res) = handler.express_res.filter(|_| !handler.fastify) else {
            return;
        };
        if handler.hono || handler.koa {
            return;
        }
        let params = parameters(self.sites[call.site].node, src);
        let Some(Some(next)) = params.get(res + 1).map(|p| p.0) else {
            return;
        };
        let callee = node.child_by_field_name("function");
        if !callee.is_some_and(|c| c.kind() == "identifier" && text(c, src) == next) {
            return;
        }
        let args = arguments(node);
        let [arg] = args.as_slice() else {
            return;
        };
        let Some(status) = error_status(*arg, src) else {
            return;
        };
        let Some(renderers) = self.package_renderers(EXPRESS, node.start_byte()) else {
            return;
        };
        let related = if renderers.is_empty() {
            Related {
                message: "sent by Express's default error handler, with no header of its own: the \
                          package registers no error-handling middleware"
                    .to_string(),
                location: RelatedLocation::Here(span(node)),
            }
        } else {
            let readable = renderers
                .iter()
                .all(|(r, _)| r.passes_status && r.headers_complete);
            if !readable || !renderers.iter().all(|(r, _)| r.headers.is_empty()) {
                return;
            }
            let Some(location) = renderers[0].1.clone() else {
                return;
            };
            Related {
                message: "sent by this error-handling middleware, which adds no header".to_string(),
                location,
            }
        };
        self.push_error(call.site, status, node, related);
    }

    /// `throw new HTTPException(401, { message })` in a Hono handler or middleware.
    fn hono_throw(&mut self, call: &super::Call<'t>, file: &Registrations) {
        let src = self.src;
        let node = call.node;
        if node.kind() != "new_expression" || !file.uses(Framework::Hono) {
            return;
        }
        let thrown = call
            .path
            .last()
            .is_some_and(|p| p.kind() == "throw_statement");
        let constructor = node.child_by_field_name("constructor");
        if !thrown || constructor.is_none_or(|c| text(c, src) != "HTTPException") {
            return;
        }
        let hono = self.handlers[call.site].is_some_and(|h| h.hono)
            || is_middleware_factory_arg(self.sites[call.site].node, &call.path, src);
        if !hono || caught_in(&call.path, self.sites[call.site].node) {
            return;
        }
        let args = arguments(node);
        let Some((code, status_node, _)) = args.first().and_then(|a| status_value(*a, src)) else {
            return;
        };
        // `{ res }` sends that response, with its headers.
        match args.get(1).map(|a| unwrap(*a)) {
            None => {}
            Some(options) if options.kind() == "object" => {
                let keys_known = options.named_children(&mut options.walk()).all(|p| {
                    p.kind() == "pair"
                        && p.child_by_field_name("key")
                            .and_then(|k| key_name(k, src))
                            .is_some_and(|k| matches!(k, "message" | "cause"))
                });
                if !keys_known {
                    return;
                }
            }
            Some(_) => return,
        }
        let Some(renderers) = self.package_renderers(HONO, node.start_byte()) else {
            return;
        };
        if !renderers.is_empty() {
            return;
        }
        let related = Related {
            message: "answered by Hono's default error handler (`err.getResponse()`), with no \
                      header: the package registers no `onError`"
                .to_string(),
            location: RelatedLocation::Here(span(node)),
        };
        self.push_error(call.site, (code, status_node), node, related);
    }

    fn push_error(&mut self, site: usize, status: (u16, Node<'_>), at: Node<'_>, related: Related) {
        let method = self.handlers[site].and_then(|h| h.method);
        let (code, node) = status;
        self.facts.responses.push(Response {
            status: Status {
                code,
                span: span(node),
                form: StatusForm::Number,
            },
            headers: Headers::empty(),
            body: Body::Unknown,
            span: span(at),
            method,
            route: self.routes.get(site).cloned().flatten(),
            fix_plan: FixPlan {
                status_style: Some(StatusStyle::Number),
                ..FixPlan::default()
            },
            runtime: None,
            related: vec![related],
        });
    }
}

/// The status of an error value handed to `next`: `{ status: 401, message }` (no `headers`, no
/// spread) or `createError(401, ..)`.
fn error_status<'t>(arg: Node<'t>, src: &str) -> Option<(u16, Node<'t>)> {
    let arg = unwrap(arg);
    match arg.kind() {
        "object" => {
            let mut found = None;
            for p in arg.named_children(&mut arg.walk()) {
                if p.kind() == "comment" {
                    continue;
                }
                if p.kind() != "pair" {
                    return None;
                }
                let key = p
                    .child_by_field_name("key")
                    .and_then(|k| key_name(k, src))?;
                match key {
                    "status" | "statusCode" => {
                        let value = p.child_by_field_name("value")?;
                        let (code, node, number) = status_value(value, src)?;
                        if found.is_some() || !number {
                            return None;
                        }
                        found = Some((code, node));
                    }
                    "headers" | "expose" => return None,
                    _ => {}
                }
            }
            found.filter(|(code, _)| (400..600).contains(code))
        }
        "call_expression" => {
            let callee = arg.child_by_field_name("function")?;
            if !matches!(text(callee, src), "createError" | "createHttpError") {
                return None;
            }
            let args = arguments(arg);
            let (code, node, number) = status_value(*args.first()?, src)?;
            // A third argument may carry `headers`.
            if !number
                || args.len() > 2
                || args.get(1).is_some_and(|a| unwrap(*a).kind() == "object")
            {
                return None;
            }
            (400..600).contains(&code).then_some((code, node))
        }
        _ => None,
    }
}

/// An Express error-handling middleware `(err, req, res, next)`: whether it sends `err.status`
/// and nothing we cannot read.
fn express_renderer(f: Node<'_>, params: &[(Option<&str>, Option<&str>)], src: &str) -> Renderer {
    let unread = Renderer {
        flavor: EXPRESS,
        passes_status: false,
        headers: Vec::new(),
        headers_complete: false,
        at: f.start_byte(),
    };
    let (Some(err), Some(res)) = (params[0].0, params[2].0) else {
        return unread;
    };
    let Some(body) = f.child_by_field_name("body") else {
        return unread;
    };
    let code: String = text(body, src)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if UNREAD.iter().any(|u| code.contains(u)) || passes_away(&code, res) {
        return unread;
    }
    // One status, the error's own (with a fallback for errors without one).
    let sends = format!("{res}.status(");
    if code.matches(".status(").count() != 1 || code.matches(&sends).count() != 1 {
        return unread;
    }
    let Some(start) = code.find(&sends) else {
        return unread;
    };
    let arg = &code[start + sends.len()..];
    let Some(arg) = arg.split(')').next() else {
        return unread;
    };
    let own = [format!("{err}.status"), format!("{err}.statusCode")];
    let base = arg.split(['|', '?']).next().unwrap_or(arg);
    let fallback = &arg[base.len()..];
    let fallback_ok = fallback.is_empty()
        || fallback
            .strip_prefix("||")
            .or_else(|| fallback.strip_prefix("??"))
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    if !own.iter().any(|o| o == base) || !fallback_ok {
        return unread;
    }
    Renderer {
        passes_status: true,
        headers_complete: true,
        ..unread
    }
}

/// Whether `res` is handed to another function (`helper(res)`, `f(x, res)`).
fn passes_away(code: &str, res: &str) -> bool {
    let bytes = code.as_bytes();
    code.match_indices(res).any(|(at, _)| {
        let before = at.checked_sub(1).map(|i| bytes[i]);
        let after = bytes.get(at + res.len()).copied();
        matches!(before, Some(b'(') | Some(b',')) && matches!(after, Some(b')') | Some(b','))
    })
}

/// Whether `f` is an argument of Hono's `createMiddleware(..)` (type arguments allowed).
fn is_middleware_factory_arg(f: Node<'_>, path: &[Node<'_>], src: &str) -> bool {
    // `path` holds the ancestors of a node inside `f`: find `f`, then its parents.
    let Some(i) = path.iter().position(|n| *n == f) else {
        return false;
    };
    let (Some(args), Some(call)) = (
        i.checked_sub(1).map(|j| path[j]),
        i.checked_sub(2).map(|j| path[j]),
    ) else {
        return false;
    };
    args.kind() == "arguments"
        && call.kind() == "call_expression"
        && call
            .child_by_field_name("function")
            .is_some_and(|c| text(c, src) == "createMiddleware")
}

/// Whether a node with ancestors `path` is inside a `try` block (with a `catch`) of function `f`.
fn caught_in(path: &[Node<'_>], f: Node<'_>) -> bool {
    let Some(i) = path.iter().position(|n| *n == f) else {
        return true;
    };
    path[i + 1..].windows(2).any(|w| {
        w[0].kind() == "try_statement"
            && w[0].child_by_field_name("body") == Some(w[1])
            && w[0].child_by_field_name("handler").is_some()
    })
}
