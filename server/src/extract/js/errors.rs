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

use crate::extract::Field;
use tree_sitter::Node;

use super::syntax::*;
use super::{parameters, Cx, Framework, Registrations};
use crate::index::{ErrorStatus, ErrorType, Renderer, RENDERERS};
use crate::model::{
    Body, FixPlan, Headers, Related, RelatedLocation, Response, Status, StatusForm, StatusStyle,
};

/// The language's tags for renderers (`Renderer::flavor`).
const EXPRESS: u8 = 1;
const HONO: u8 = 2;
const KOA: u8 = 3;
/// A NestJS filter registered for the whole app (`useGlobalFilters`, an `APP_FILTER` provider).
pub(super) const NEST: u8 = 4;

/// What a Koa error middleware may do to the response besides its status and body: any of them
/// in what answers an error makes it unread.
const KOA_UNREAD: &[&str] = &[
    ".set(",
    ".append(",
    ".remove(",
    "headers",
    "Header",
    ".redirect(",
    ".attachment(",
    ".response",
    ".res.",
    ".res)",
    "cookies",
    ".vary(",
    "next(",
    ".throw(",
    ".assert(",
    ".respond",
    ".onerror",
];

/// How the renderers of a package answer one kind of error.
enum Answer {
    /// No renderer takes it: the framework's default handler does.
    Default,
    /// Every renderer that takes it sends its own status and no header; the first one, as a note.
    Rendered(RelatedLocation),
    /// Something we cannot read.
    Unread,
}

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
        if file.uses(Framework::Koa) {
            self.koa_renderers();
        }
        self.error_types(file);
        for call in calls {
            self.express_next(call);
            self.hono_throw(call, file);
            self.koa_throw(call);
            self.class_throw(call);
        }
    }

    /// Koa error middlewares: `async (ctx, next) => { try { await next() } catch (e) { .. } }`.
    fn koa_renderers(&mut self) {
        let src = self.src;
        let mut out = Vec::new();
        for site in &self.sites {
            let f = site.node;
            let params = parameters(f, src);
            let [(Some(ctx), _), (Some(next), _)] = params.as_slice() else {
                continue;
            };
            let Some(body) = f
                .field("body")
                .filter(|b| b.kind_str() == "statement_block")
            else {
                continue;
            };
            let statements: Vec<Node<'_>> = body
                .named_children(&mut body.walk())
                .filter(|s| s.kind_str() != "comment")
                .collect();
            for (i, st) in statements.iter().enumerate() {
                if st.kind_str() == "try_statement" && awaits_next(*st, next, src) {
                    out.extend(koa_catch(*st, ctx, i + 1 == statements.len(), src));
                }
            }
        }
        self.facts.index.renderers.extend(out);
    }

    /// The file's error classes that carry a status (`class RequestError extends Error`), and its
    /// functions that throw a NestJS `HttpException` built from their argument.
    fn error_types(&mut self, file: &Registrations) {
        for body in &self.classes {
            if let Some(t) = error_type(*body, self.src) {
                self.facts.index.error_types.push(t);
            }
        }
        if file.uses(Framework::Nest) {
            for site in &self.sites {
                if let Some(t) = exception_thrower(site.node, self.src) {
                    self.facts.index.error_types.push(t);
                }
            }
        }
    }

    /// How the package's renderers of `flavor` answer an error of type `error`; `None` outside a
    /// package.
    fn answer(&mut self, flavor: u8, error: &str, at: usize) -> Option<Answer> {
        let renderers = self.package_renderers(flavor, at)?;
        let mut first = None;
        let mut i = 0;
        while i < renderers.len() {
            // The entries of one renderer are next to each other (sorted by file and offset).
            let start = renderers[i].0.at;
            let mut j = i;
            while j < renderers.len() && renderers[j].0.at == start {
                j += 1;
            }
            let group = &renderers[i..j];
            i = j;
            let entry = group
                .iter()
                .find(|(r, _)| r.error.as_deref() == Some(error))
                .or_else(|| group.iter().find(|(r, _)| r.error.is_none()));
            let Some((r, location)) = entry else {
                continue;
            };
            if !(r.passes_status && r.headers_complete && r.headers.is_empty()) {
                return Some(Answer::Unread);
            }
            let Some(location) = location else {
                return Some(Answer::Unread);
            };
            first.get_or_insert(location.clone());
        }
        Some(first.map_or(Answer::Default, Answer::Rendered))
    }

    /// `ctx.throw(401, ..)`, `ctx.assert(ok, 401, ..)`, `throw createError(401)` in a Koa handler:
    /// answered by the package's error middlewares, or by Koa's default `onerror` (the status and
    /// the message, with headers only when the error carries `headers`).
    fn koa_throw(&mut self, call: &super::Call<'t>) {
        let src = self.src;
        let node = call.node;
        if node.kind_str() != "call_expression" {
            return;
        }
        let Some(callee) = node.field("function") else {
            return;
        };
        // Asked about every call: the arguments only of those it reads.
        let named = match callee.kind_str() {
            "member_expression" => callee.field("property").map(|p| text(p, src)),
            "identifier" => Some(text(callee, src)),
            _ => None,
        };
        if !matches!(
            named,
            Some("throw" | "assert" | "createError" | "httpErrors")
        ) {
            return;
        }
        let args = arguments(node);
        let (site, status_args): (usize, &[Node<'_>]) = if callee.kind_str() == "member_expression"
        {
            let (Some(object), Some(property)) = (callee.field("object"), callee.field("property"))
            else {
                return;
            };
            // The method first: finding what `object` is bound to reads the enclosing functions.
            let status_args = match text(property, src) {
                "throw" => &args[..],
                "assert" => args.get(1..).unwrap_or(&[]),
                _ => return,
            };
            let Some((bound, 0)) = (object.kind_str() == "identifier")
                .then(|| self.binding(text(object, src), call.site))
                .flatten()
            else {
                return;
            };
            (bound, status_args)
        } else if callee.kind_str() == "identifier"
            && matches!(text(callee, src), "createError" | "httpErrors")
            && call
                .path
                .last()
                .is_some_and(|p| p.kind_str() == "throw_statement")
        {
            (call.site, &args[..])
        } else {
            return;
        };
        if !self.handlers[site].is_some_and(|h| h.koa)
            || caught_in(&call.path, self.sites[site].node)
        {
            return;
        }
        // The status is the first argument that is one; the others a message or plain properties.
        let mut status = None;
        for a in status_args {
            let a = unwrap(*a);
            if status.is_none() {
                if let Some((code, n, true)) = status_value(a, src) {
                    status = Some((code, n));
                    continue;
                }
            }
            match a.kind_str() {
                "string" | "template_string" => {}
                "object" => {
                    let plain = a.named_children(&mut a.walk()).all(|e| {
                        e.kind_str() == "comment"
                            || (e.kind_str() == "pair"
                                && e.field("key")
                                    .and_then(|k| key_name(k, src))
                                    .is_some_and(|k| k != "headers"))
                    });
                    if !plain {
                        return;
                    }
                }
                _ => return,
            }
        }
        let Some(status) = status.filter(|(c, _)| (400..600).contains(c)) else {
            return;
        };
        let related = match self.answer(KOA, "HttpError", node.start_byte()) {
            None | Some(Answer::Unread) => return,
            Some(Answer::Default) => Related {
                message:
                    "answered by Koa's default error handler (`ctx.onerror`), with no header: \
                          the error carries no `headers` and the package registers no error \
                          middleware that takes it"
                        .to_string(),
                location: RelatedLocation::Here(span(node)),
            },
            Some(Answer::Rendered(location)) => Related {
                message: "rendered by this error middleware, which sends the error's status and \
                          no header"
                    .to_string(),
                location,
            },
        };
        self.push_error(call.site, status, node, related);
    }

    /// `throw new RequestError({ status: 401 })`, `assertThat(ok, new RequestError(..))` anywhere
    /// in a package whose Koa error middleware renders that class with its own status.
    fn class_throw(&mut self, call: &super::Call<'t>) {
        let src = self.src;
        let node = call.node;
        if node.kind_str() != "new_expression" {
            return;
        }
        let Some(class) = node
            .field("constructor")
            .filter(|c| c.kind_str() == "identifier")
            .map(|c| text(c, src))
        else {
            return;
        };
        if !crate::index::starts_upper(class)
            || matches!(
                class,
                "Error" | "Response" | "HTTPException" | "HttpException"
            )
        {
            return;
        }
        let path = &call.path;
        let thrown = path
            .last()
            .is_some_and(|p| p.kind_str() == "throw_statement");
        // `assert(ok, err)` throws `err` when it is an Error (node's assert and its look-alikes).
        let asserted = path.len() >= 2
            && path[path.len() - 1].kind_str() == "arguments"
            && path[path.len() - 2].kind_str() == "call_expression"
            && path[path.len() - 2]
                .field("function")
                .is_some_and(|f| matches!(text(f, src), "assert" | "assertThat"))
            && arguments(path[path.len() - 2]).get(1) == Some(&node);
        if !thrown && !asserted {
            return;
        }
        let args = arguments(node);
        // Before any look-up: a status written among the arguments.
        if !args.iter().any(|a| has_status_literal(*a, src)) {
            return;
        }
        let f = self.sites[call.site].node;
        // A header set in the throwing function stays on the response a middleware renders.
        if caught_in(path, f) || may_set_header(f, src) {
            return;
        }
        // A test's mock that throws is not the service's answer.
        if self.view.is_some_and(|v| is_test_file(v.path)) {
            return;
        }
        let at = node.start_byte();
        let found = self.view.and_then(|v| v.error_type(class));
        let index = &mut self.facts.index;
        index.references.push((class.to_string(), at));
        let Some(ty) = found else {
            index.unresolved.push((class.to_string(), at));
            return;
        };
        let status = match &ty.status {
            ErrorStatus::Param(i) => args
                .get(*i)
                .and_then(|a| status_value(*a, src))
                .filter(|s| s.2)
                .map(|(c, n, _)| (c, n)),
            ErrorStatus::Field(i, key) => args.get(*i).and_then(|a| field_status(*a, key, src)),
        };
        let Some(status) = status.filter(|(c, _)| (400..600).contains(c)) else {
            return;
        };
        let Some(Answer::Rendered(location)) = self.answer(KOA, class, at) else {
            return;
        };
        let related = Related {
            message: format!(
                "rendered by this error middleware, which sends the status a `{class}` carries and \
                 no header"
            ),
            location,
        };
        self.push_error(call.site, status, node, related);
    }

    /// Whether the package registers a NestJS filter for the whole app (`None` outside a package).
    pub(super) fn global_filters(&mut self, at: usize) -> Option<bool> {
        self.package_renderers(NEST, at).map(|r| !r.is_empty())
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
            .field("function")
            .and_then(|f| f.field("property"))
            .is_some_and(|p| text(p, self.src) == "onError");
        // `app.useGlobalFilters(..)`, `@Module({ providers: [{ provide: APP_FILTER, .. }] })`.
        let callee = call.field("function").map(|f| text(f, self.src));
        let nest = callee.is_some_and(|c| c.ends_with(".useGlobalFilters"))
            || (callee == Some("Module") && text(call, self.src).contains("APP_FILTER"));
        for (flavor, found) in [(HONO, on_error), (NEST, nest)] {
            if found {
                self.facts.index.renderers.push(Renderer {
                    flavor,
                    passes_status: false,
                    headers: Vec::new(),
                    headers_complete: false,
                    error: None,
                    at: call.start_byte(),
                });
            }
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
        if node.kind_str() != "call_expression" {
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
        let callee = node.field("function");
        if !callee.is_some_and(|c| c.kind_str() == "identifier" && text(c, src) == next) {
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
        if node.kind_str() != "new_expression" || !file.uses(Framework::Hono) {
            return;
        }
        let thrown = call
            .path
            .last()
            .is_some_and(|p| p.kind_str() == "throw_statement");
        let constructor = node.field("constructor");
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
            Some(options) if options.kind_str() == "object" => {
                let keys_known = options.named_children(&mut options.walk()).all(|p| {
                    p.kind_str() == "pair"
                        && p.field("key")
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
    match arg.kind_str() {
        "object" => {
            let mut found = None;
            for p in arg.named_children(&mut arg.walk()) {
                if p.kind_str() == "comment" {
                    continue;
                }
                if p.kind_str() != "pair" {
                    return None;
                }
                let key = p.field("key").and_then(|k| key_name(k, src))?;
                match key {
                    "status" | "statusCode" => {
                        let value = p.field("value")?;
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
            let callee = arg.field("function")?;
            if !matches!(text(callee, src), "createError" | "createHttpError") {
                return None;
            }
            let args = arguments(arg);
            let (code, node, number) = status_value(*args.first()?, src)?;
            // A third argument may carry `headers`.
            if !number
                || args.len() > 2
                || args
                    .get(1)
                    .is_some_and(|a| unwrap(*a).kind_str() == "object")
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
        error: None,
        at: f.start_byte(),
    };
    let (Some(err), Some(res)) = (params[0].0, params[2].0) else {
        return unread;
    };
    let Some(body) = f.field("body") else {
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
    args.kind_str() == "arguments"
        && call.kind_str() == "call_expression"
        && call
            .field("function")
            .is_some_and(|c| text(c, src) == "createMiddleware")
}

/// Whether a node with ancestors `path` is inside a `try` block (with a `catch`) of function `f`.
fn caught_in(path: &[Node<'_>], f: Node<'_>) -> bool {
    let Some(i) = path.iter().position(|n| *n == f) else {
        return true;
    };
    path[i + 1..].windows(2).any(|w| {
        w[0].kind_str() == "try_statement"
            && w[0].field("body") == Some(w[1])
            && w[0].field("handler").is_some()
    })
}

/// Whether the `try` block of `node` runs `await next()` (`next` the middleware's parameter).
fn awaits_next(node: Node<'_>, next: &str, src: &str) -> bool {
    let Some(body) = node.field("body") else {
        return false;
    };
    let awaited = format!("await {next}()");
    let returned = format!("return {next}()");
    let returned_awaited = format!("return await {next}()");
    body.named_children(&mut body.walk()).any(|s| {
        let t = text(s, src).trim_end_matches(';').trim();
        t == awaited || t == returned || t == returned_awaited
    })
}

/// Reads the `catch` of a Koa error middleware's `try { await next() }` into renderer entries: per
/// error class it tests (`if (e instanceof X) { .. return; }`), and `None` for the rest unless it
/// hands the rest on (`throw e`). `last`: the `try` is the middleware's last statement.
fn koa_catch(node: Node<'_>, ctx: &str, last: bool, src: &str) -> Vec<Renderer> {
    let at = node.start_byte();
    let entry = |error: Option<&str>, readable: bool| Renderer {
        flavor: KOA,
        passes_status: readable,
        headers: Vec::new(),
        headers_complete: readable,
        error: error.map(str::to_string),
        at,
    };
    let Some(handler) = node.field("handler") else {
        return Vec::new();
    };
    let (Some(body), Some(e)) = (
        handler.field("body"),
        handler
            .field("parameter")
            .filter(|p| p.kind_str() == "identifier")
            .map(|p| text(p, src)),
    ) else {
        return vec![entry(None, false)];
    };
    // A `finally` runs on every error: it must leave the response alone.
    if let Some(finally) = node.field("finalizer").and_then(|f| f.field("body")) {
        let mut cursor = finally.walk();
        let alone = finally
            .named_children(&mut cursor)
            .all(|s| s.kind_str() == "comment" || harmless(s, ctx, src));
        if !alone {
            return vec![entry(None, false)];
        }
    }
    // A catch-all that sends the error's own status: `ctx.status = e.status || 500; ctx.body = ..`.
    if sends_own_status(body, ctx, e, src) && (last || ends_in_return(body)) {
        return vec![entry(None, true)];
    }
    let mut out: Vec<Renderer> = Vec::new();
    for st in body.named_children(&mut body.walk()) {
        match st.kind_str() {
            "comment" => continue,
            "throw_statement" if rethrows(st, e, src) => return out,
            "if_statement" if st.field("alternative").is_none() => {
                let (Some(cond), Some(then)) = (st.field("condition"), st.field("consequence"))
                else {
                    out.push(entry(None, false));
                    return out;
                };
                let cond = unwrap(cond);
                if let Some(classes) = negated_instanceofs(cond, e, src) {
                    if only_rethrows(then, e, src) {
                        // Only these go on to what follows (not read); the rest is handed on.
                        for c in classes {
                            if !out.iter().any(|r| r.error.as_deref() == Some(c)) {
                                out.push(entry(Some(c), false));
                            }
                        }
                        return out;
                    }
                }
                if let Some((class, exact)) = instanceof_test(cond, e, src) {
                    if !out.iter().any(|r| r.error.as_deref() == Some(class)) {
                        let readable = exact
                            && then.kind_str() == "statement_block"
                            && sends_own_status(then, ctx, e, src)
                            && ends_in_return(then);
                        out.push(entry(Some(class), readable));
                    }
                    continue;
                }
                if !harmless(st, ctx, src) {
                    out.push(entry(None, false));
                    return out;
                }
            }
            _ if harmless(st, ctx, src) => {}
            _ => {
                out.push(entry(None, false));
                return out;
            }
        }
    }
    out.push(entry(None, false));
    out
}

/// `{ ctx.status = e.status [|| 500]; ctx.body = ..; }` with nothing else we cannot read.
fn sends_own_status(block: Node<'_>, ctx: &str, e: &str, src: &str) -> bool {
    let code: String = text(block, src)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if KOA_UNREAD.iter().any(|u| code.contains(u))
        || code.contains("throw")
        || passes_away(&code, ctx)
        || code.matches(".status=").count() != 1
    {
        return false;
    }
    let sets = format!("{ctx}.status=");
    let Some(start) = code.find(&sets) else {
        return false;
    };
    let value = &code[start + sets.len()..];
    let value = value.split([';', '}']).next().unwrap_or(value);
    let base = value.split(['|', '?']).next().unwrap_or(value);
    let fallback = &value[base.len()..];
    let fallback_ok = fallback.is_empty()
        || fallback
            .strip_prefix("||")
            .or_else(|| fallback.strip_prefix("??"))
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    base == format!("{e}.status") && fallback_ok
}

fn ends_in_return(block: Node<'_>) -> bool {
    let mut cursor = block.walk();
    let last = block
        .named_children(&mut cursor)
        .filter(|s| s.kind_str() != "comment")
        .last();
    last.is_some_and(|s| s.kind_str() == "return_statement")
}

/// `throw e;`
fn rethrows(st: Node<'_>, e: &str, src: &str) -> bool {
    st.kind_str() == "throw_statement" && st.named_child(0).is_some_and(|v| text(v, src) == e)
}

/// `throw e;` or `{ throw e; }`.
fn only_rethrows(then: Node<'_>, e: &str, src: &str) -> bool {
    if then.kind_str() != "statement_block" {
        return rethrows(then, e, src);
    }
    let mut cursor = then.walk();
    let statements: Vec<Node<'_>> = then
        .named_children(&mut cursor)
        .filter(|s| s.kind_str() != "comment")
        .collect();
    matches!(statements.as_slice(), [one] if rethrows(*one, e, src))
}

/// `e instanceof X` (exact) or `e instanceof X && ..` (only some of them): the class and which.
fn instanceof_test<'s>(cond: Node<'_>, e: &str, src: &'s str) -> Option<(&'s str, bool)> {
    let cond = unwrap(cond);
    if cond.kind_str() != "binary_expression" {
        return None;
    }
    let op = cond.field("operator").map(|o| text(o, src));
    let left = unwrap(cond.field("left")?);
    let right = cond.field("right")?;
    match op {
        Some("instanceof") if text(left, src) == e => Some((text(right, src), true)),
        Some("&&") => instanceof_test(left, e, src)
            .filter(|(_, exact)| *exact)
            .map(|(c, _)| (c, false)),
        _ => None,
    }
}

/// `!(e instanceof A) && !(e instanceof B)`: the classes that are not handed on.
fn negated_instanceofs<'s>(cond: Node<'_>, e: &str, src: &'s str) -> Option<Vec<&'s str>> {
    let mut out = Vec::new();
    let mut pending = vec![unwrap(cond)];
    while let Some(c) = pending.pop() {
        if out.len() > 16 {
            return None;
        }
        match c.kind_str() {
            "binary_expression" if c.field("operator").is_some_and(|o| text(o, src) == "&&") => {
                pending.push(unwrap(c.field("left")?));
                pending.push(unwrap(c.field("right")?));
            }
            "unary_expression" if c.field("operator").is_some_and(|o| text(o, src) == "!") => {
                let (class, true) = instanceof_test(c.field("argument")?, e, src)? else {
                    return None;
                };
                out.push(class);
            }
            _ => return None,
        }
    }
    Some(out)
}

/// A statement of an error middleware's `catch` (or `finally`) that leaves the response alone:
/// it neither returns nor throws (outside nested functions), calls none of the context's writers
/// (`ctx.set(..)`, anything through `ctx.response`/`ctx.res`), assigns none of its response
/// properties, and hands `ctx` to no call made for its effect (`f(ctx);`; `log(build(ctx))` and
/// `ctx.request` only read).
fn harmless(st: Node<'_>, ctx: &str, src: &str) -> bool {
    let code: String = text(st, src)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if code.contains("setHeader") || code.contains("writeHead") {
        return false;
    }
    let writers = [
        "response",
        "res.",
        "res)",
        "cookies",
        "set(",
        "append(",
        "remove(",
        "redirect(",
        "attachment(",
        "vary(",
        "throw(",
        "assert(",
        "onerror(",
        "respond",
        "flushHeaders(",
    ];
    let properties = [
        "status",
        "body",
        "type",
        "message",
        "length",
        "lastModified",
        "etag",
        "headers",
        "header",
    ];
    let prefix = format!("{ctx}.");
    for (at, _) in code.match_indices(&prefix) {
        let rest = &code[at + prefix.len()..];
        if writers.iter().any(|w| rest.starts_with(w)) {
            return false;
        }
        for p in properties {
            if let Some(after) = rest.strip_prefix(p) {
                if after.starts_with('=') && !after.starts_with("==") {
                    return false;
                }
            }
        }
    }
    let mut effects = true;
    preorder(st, 20_000, |n| {
        if n != st && is_function_kind(n.kind_str()) {
            return Step::Skip;
        }
        match n.kind_str() {
            "return_statement" | "throw_statement" => {
                effects = false;
                return Step::Stop;
            }
            "expression_statement" => {
                let mut e = n.named_child(0);
                while let Some(x) =
                    e.filter(|x| matches!(x.kind_str(), "await_expression" | "unary_expression"))
                {
                    e = x.named_child(x.named_child_count().saturating_sub(1));
                }
                let passes = e
                    .filter(|x| x.kind_str() == "call_expression")
                    .is_some_and(|c| arguments(c).iter().any(|a| text(unwrap(*a), src) == ctx));
                if passes {
                    effects = false;
                    return Step::Stop;
                }
            }
            _ => {}
        }
        Step::Descend
    });
    effects
}

fn is_function_kind(kind: &str) -> bool {
    matches!(
        kind,
        "function_declaration" | "function_expression" | "arrow_function" | "method_definition"
    )
}

/// Whether an argument writes a status: `401`, `{ status: 401 }`.
fn has_status_literal(arg: Node<'_>, src: &str) -> bool {
    let arg = unwrap(arg);
    match arg.kind_str() {
        "number" => status_value(arg, src).is_some_and(|(c, _, _)| (400..600).contains(&c)),
        "object" => arg.named_children(&mut arg.walk()).any(|p| {
            p.kind_str() == "pair"
                && p.field("key")
                    .and_then(|k| key_name(k, src))
                    .is_some_and(|k| matches!(k, "status" | "statusCode"))
        }),
        _ => false,
    }
}

/// The status an options object gives as `key` (`{ code, status: 401 }`): a number written there,
/// in an object without spreads or `headers`.
fn field_status<'t>(arg: Node<'t>, key: &str, src: &str) -> Option<(u16, Node<'t>)> {
    let arg = unwrap(arg);
    if arg.kind_str() != "object" {
        return None;
    }
    let mut found = None;
    for p in arg.named_children(&mut arg.walk()) {
        match p.kind_str() {
            "comment" => {}
            "pair" => {
                let k = p.field("key").and_then(|k| key_name(k, src))?;
                if k == "headers" {
                    return None;
                }
                if k == key {
                    let (code, node, number) = status_value(p.field("value")?, src)?;
                    if !number || found.is_some() {
                        return None;
                    }
                    found = Some((code, node));
                }
            }
            "shorthand_property_identifier" => {
                if matches!(text(p, src), "headers") || text(p, src) == key {
                    return None;
                }
            }
            _ => return None,
        }
    }
    found
}

/// An error class whose constructor sets `this.status` from an argument: `this.status = status`
/// (a parameter, or a TS parameter property `public status`), `this.status = options.status`, or
/// a field destructured from a parameter (`const { status = 400 } = input`, also from
/// `typeof input === 'string' ? { code: input } : input`). A class that mentions `headers` has none.
fn error_type(body: Node<'_>, src: &str) -> Option<ErrorType> {
    let class = body.parent()?;
    let name = text(class.field("name")?, src);
    let extends = class
        .children(&mut class.walk())
        .any(|c| c.kind_str() == "class_heritage");
    let class_text = text(body, src);
    if !extends || class_text.contains("headers") {
        return None;
    }
    let ctor = body.named_children(&mut body.walk()).find(|m| {
        m.kind_str() == "method_definition"
            && m.field("name")
                .is_some_and(|n| text(n, src) == "constructor")
    })?;
    let params = parameters(ctor, src);
    let index_of = |n: &str| params.iter().position(|(p, _)| *p == Some(n));
    let stripped: String = class_text.chars().filter(|c| !c.is_whitespace()).collect();
    let assigned = stripped.matches("this.status=").count();
    let fbody = ctor.field("body")?;
    let status = if assigned == 0 {
        // `constructor(public status: number, ..)`.
        let list = ctor.field("parameters")?;
        let i = list
            .named_children(&mut list.walk())
            .filter(|p| p.kind_str() != "comment")
            .position(|p| {
                p.children(&mut p.walk())
                    .any(|c| matches!(c.kind_str(), "accessibility_modifier" | "readonly"))
                    && p.field("pattern").is_some_and(|n| text(n, src) == "status")
            })?;
        ErrorStatus::Param(i)
    } else {
        if assigned != 1 || stripped.contains("status:number=") {
            return None;
        }
        let mut value = None;
        preorder(fbody, 20_000, |n| {
            if n != fbody && is_function_kind(n.kind_str()) {
                return Step::Skip;
            }
            if n.kind_str() == "assignment_expression"
                && n.field("left")
                    .is_some_and(|l| text(l, src) == "this.status")
            {
                value = n.field("right");
                return Step::Stop;
            }
            Step::Descend
        });
        let value = unwrap(value?);
        match value.kind_str() {
            "member_expression" => {
                let object = value.field("object")?;
                let property = text(value.field("property")?, src);
                ErrorStatus::Field(index_of(text(object, src))?, property.to_string())
            }
            "identifier" => {
                let local = text(value, src);
                match index_of(local) {
                    Some(i) => ErrorStatus::Param(i),
                    None => {
                        let (key, from) = destructured(fbody, local, src)?;
                        ErrorStatus::Field(source_param(from, &key, &index_of, src)?, key)
                    }
                }
            }
            _ => return None,
        }
    };
    Some(ErrorType {
        name: name.to_string(),
        status,
        at: class.start_byte(),
    })
}

/// The one declaration in `body` that takes `local` out of an object (`const { status } = x`,
/// `{ status = 400 }`, `{ status: local }`): the key, and what it is taken from.
fn destructured<'t>(body: Node<'t>, local: &str, src: &str) -> Option<(String, Node<'t>)> {
    let mut found = Vec::new();
    preorder(body, 20_000, |n| {
        if n != body && is_function_kind(n.kind_str()) {
            return Step::Skip;
        }
        if n.kind_str() != "variable_declarator" {
            return Step::Descend;
        }
        let (Some(pattern), Some(value)) = (n.field("name"), n.field("value")) else {
            return Step::Descend;
        };
        if pattern.kind_str() != "object_pattern" {
            return Step::Descend;
        }
        for p in pattern.named_children(&mut pattern.walk()) {
            let key = match p.kind_str() {
                "shorthand_property_identifier_pattern" if text(p, src) == local => Some(local),
                "object_assignment_pattern" => p
                    .field("left")
                    .filter(|l| text(*l, src) == local)
                    .map(|_| local),
                "pair_pattern" => {
                    let v = p.field("value").map(|v| {
                        if v.kind_str() == "assignment_pattern" {
                            v.field("left").unwrap_or(v)
                        } else {
                            v
                        }
                    });
                    p.field("key")
                        .filter(|_| v.is_some_and(|v| text(v, src) == local))
                        .and_then(|k| key_name(k, src))
                }
                _ => None,
            };
            if let Some(key) = key {
                found.push((key.to_string(), value));
            }
        }
        Step::Descend
    });
    match found.len() {
        1 => found.pop(),
        _ => None,
    }
}

/// The parameter an object is taken from: the parameter itself, or `cond ? { .. } : param` whose
/// other arm is an object literal without `key`.
fn source_param(
    from: Node<'_>,
    key: &str,
    index_of: &dyn Fn(&str) -> Option<usize>,
    src: &str,
) -> Option<usize> {
    let from = unwrap(from);
    match from.kind_str() {
        "identifier" => index_of(text(from, src)),
        "ternary_expression" => {
            let a = unwrap(from.field("consequence")?);
            let b = unwrap(from.field("alternative")?);
            let (param, other) = if a.kind_str() == "identifier" {
                (a, b)
            } else {
                (b, a)
            };
            let keyless = other.kind_str() == "object"
                && other.named_children(&mut other.walk()).all(|p| {
                    p.kind_str() == "pair"
                        && p.field("key")
                            .and_then(|k| key_name(k, src))
                            .is_some_and(|k| k != key)
                });
            if param.kind_str() != "identifier" || !keyless {
                return None;
            }
            index_of(text(param, src))
        }
        _ => None,
    }
}

/// `x.test.ts`, `x.spec.js`, or a file under `__tests__`/`__mocks__`.
fn is_test_file(path: &std::path::Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    name.contains(".test.")
        || name.contains(".spec.")
        || path
            .components()
            .any(|c| matches!(c.as_os_str().to_str(), Some("__tests__" | "__mocks__")))
}

/// Whether function `f` may set a header: a call of a method named like a header setter, or a
/// string naming `WWW-Authenticate` (comments do not count).
fn may_set_header(f: Node<'_>, src: &str) -> bool {
    let mut found = false;
    let complete = preorder(f, 50_000, |n| {
        let hit = match n.kind_str() {
            "string" | "template_string" => text(n, src)
                .to_ascii_lowercase()
                .contains("www-authenticate"),
            "call_expression" => n
                .field("function")
                .and_then(|c| c.field("property"))
                .is_some_and(|p| {
                    matches!(
                        text(p, src),
                        "set" | "setHeader" | "append" | "header" | "writeHead"
                    )
                }),
            _ => false,
        };
        if hit {
            found = true;
            return Step::Stop;
        }
        Step::Descend
    });
    found || !complete
}

/// `function throwHTTPErr(errorData) { const { message, statusCode } = errorData; throw new
/// HttpException(message, statusCode); }`: a named function whose one `throw` is an `HttpException`
/// with its status from a field of (or) a parameter; an `ErrorType` under the function's name.
fn exception_thrower(f: Node<'_>, src: &str) -> Option<ErrorType> {
    if f.kind_str() != "function_declaration" {
        return None;
    }
    let name = text(f.field("name")?, src);
    let body = f.field("body")?;
    let params = parameters(f, src);
    let index_of = |n: &str| params.iter().position(|(p, _)| *p == Some(n));
    let mut throws = Vec::new();
    let complete = preorder(body, 20_000, |n| {
        if n != body && is_function_kind(n.kind_str()) {
            return Step::Skip;
        }
        if n.kind_str() == "throw_statement" {
            throws.push(n);
            return Step::Skip;
        }
        Step::Descend
    });
    let ([throw], true) = (throws.as_slice(), complete) else {
        return None;
    };
    let new = unwrap(throw.named_child(0)?);
    let constructor = new.field("constructor").map(|c| text(c, src));
    if new.kind_str() != "new_expression" || constructor != Some("HttpException") {
        return None;
    }
    let args = arguments(new);
    // `HttpException(response, status, options)`: options may carry headers we do not read.
    let [_, status] = args.as_slice() else {
        return None;
    };
    let status = unwrap(*status);
    let status = match status.kind_str() {
        "identifier" => {
            let local = text(status, src);
            match index_of(local) {
                Some(i) => ErrorStatus::Param(i),
                None => {
                    let (key, from) = destructured(body, local, src)?;
                    ErrorStatus::Field(source_param(from, &key, &index_of, src)?, key)
                }
            }
        }
        "member_expression" => {
            let object = status.field("object")?;
            let property = text(status.field("property")?, src);
            ErrorStatus::Field(index_of(text(object, src))?, property.to_string())
        }
        _ => return None,
    };
    Some(ErrorType {
        name: name.to_string(),
        status,
        at: f.start_byte(),
    })
}
