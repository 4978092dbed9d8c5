//! aiohttp's server. In a handler (a function decorated by a `web.RouteTableDef()`'s
//! `@routes.get(..)`, registered with `app.router.add_get(.., h)`, `web.get(.., h)` or
//! `add_route(method, .., h)`, taking a `web.Request`, a `@web.middleware`, or a method of a
//! `web.View` class):
//! - `web.Response(status=.., text=.. | body=.., headers=..)` and `web.json_response(data,
//!   status=.., headers=..)` (keyword-only but for the data): the text, body or data is the body,
//!   which aiohttp 3.9 and later drops on a 1xx, 204 or 304;
//! - `raise web.HTTPUnauthorized(headers=..)` (or returned, as aiohttp 3 still allows; or the
//!   class raised bare, `raise HTTPUnauthorized`): no
//!   challenge unless its headers give one. `HTTPMethodNotAllowed(method, allowed)` sets `Allow`
//!   and the redirects take their `Location`, so those are not read.

use crate::extract::Field;
use std::collections::HashSet;

use tree_sitter::Node;

use super::handlers;
use super::{callee, headers_of, insert_into_dict, is_pure, push_children, span_of, status_of};
use super::{text_of, Args};
use crate::model::{
    Body, Edit, FixPlan, Headers, Response, Runtime, Status, StatusForm, StatusStyle,
};

/// An aiohttp file imports it by name.
pub(super) const TOKENS: &[&str] = &["aiohttp"];

/// What aiohttp does with a body on a status that cannot have one (`must_be_empty_body`).
const DROPPED: &str = "aiohttp drops this body";

/// The HTTP exceptions read, with their status: the others set what their status needs.
const EXCEPTIONS: &[(&str, u16)] = &[("HTTPUnauthorized", 401)];

/// How many of the file's own classes a view may derive through.
const INHERITANCE_DEPTH: usize = 8;

/// How a function is registered as a handler, with the method it answers.
struct Handler {
    method: Option<&'static str>,
}

/// What one statement registers with aiohttp.
#[derive(Debug, Clone, PartialEq)]
pub enum Registration {
    /// A variable holding a `web.RouteTableDef()`.
    Table(String),
    /// A function registered by name, with the method.
    Handler(String, Option<&'static str>),
}

/// The file's registrations: route tables, handlers registered by name, view classes.
pub(super) struct File<'r> {
    tables: Vec<&'r str>,
    registered: Vec<(&'r str, Option<&'static str>)>,
    /// The classes deriving from `web.View`, by name with their bases.
    views: HashSet<(&'r str, &'r [String])>,
}

impl<'r> File<'r> {
    /// `classes`: the file's classes with bases, in the order of the text.
    pub(super) fn new(
        registrations: impl Iterator<Item = &'r Registration>,
        classes: &[(&'r str, &'r [String])],
    ) -> File<'r> {
        let mut file = File {
            tables: Vec::new(),
            registered: Vec::new(),
            views: HashSet::new(),
        };
        for registration in registrations {
            match registration {
                Registration::Table(name) => file.tables.push(name),
                Registration::Handler(name, method) => file.registered.push((name, *method)),
            }
        }
        // Classes deriving from `web.View`, directly or through another class of the file.
        let mut names: HashSet<&str> = HashSet::new();
        // Each round goes one more step down a chain of the file's own bases (bounded: a deeper
        // chain is not worth a file's quadratic cost).
        for _ in 0..INHERITANCE_DEPTH {
            let before = file.views.len();
            for &(name, bases) in classes {
                if file.views.contains(&(name, bases)) {
                    continue;
                }
                let is_view = bases
                    .iter()
                    .any(|b| of_web(b) == Some("View") || names.contains(handlers::last_name(b)));
                if is_view {
                    file.views.insert((name, bases));
                    names.insert(name);
                }
            }
            if file.views.len() == before {
                break;
            }
        }
        file
    }

    /// Whether `class` derives from `web.View`.
    fn is_view(&self, class: Node<'_>, text: &str) -> bool {
        let Some(name) = class.field("name") else {
            return false;
        };
        let bases: Vec<String> = handlers::bases(class, text)
            .into_iter()
            .map(str::to_string)
            .collect();
        self.views
            .contains(&(text_of(name, text), bases.as_slice()))
    }
}

/// The responses built by the handlers among `functions`.
pub(super) fn read(text: &str, functions: &[Node<'_>], file: &File<'_>, out: &mut Vec<Response>) {
    for &node in functions {
        if let (Some(handler), Some(body)) = (context(node, text, file), node.field("body")) {
            handler_body(body, &handler, text, out);
        }
    }
}

/// Whether `callee` (as written) is an attribute of aiohttp's `web` module: `web.get`.
fn of_web(callee: &str) -> Option<&str> {
    let (module, name) = callee.rsplit_once('.')?;
    (module == "web" || module.ends_with(".web")).then_some(name)
}

/// The route tables and handlers registered by the calls `calls`, with their offsets.
pub(super) fn registrations(text: &str, calls: &[Node<'_>]) -> Vec<(usize, Registration)> {
    let mut found = Vec::new();
    for &node in calls {
        let Some(function) = node.field("function") else {
            continue;
        };
        let written = text_of(function, text);
        let at = node.start_byte();
        if handlers::last_name(written) == "RouteTableDef" {
            if let Some(variable) = handlers::assigned_to(node, text) {
                found.push((at, Registration::Table(variable.to_string())));
            }
            continue;
        }
        let name = handlers::last_name(written);
        // `router.add_get(path, h)`, `add_route(method, path, h)`, `web.get(path, h)`,
        // `web.route(method, path, h)`; a `dict.get(k, f)` is none of them.
        let m = if let Some(m) = name.strip_prefix("add_") {
            if !written.contains('.') {
                continue;
            }
            m
        } else if let Some(m) = of_web(written) {
            m
        } else {
            continue;
        };
        let Some(args) = Args::of(node, text) else {
            continue;
        };
        let (handler, method) = match m {
            "route" => (args.get(2, "handler"), method_argument(&args, text)),
            "view" => (args.get(1, "handler"), None),
            _ => match handlers::method(m) {
                Some(method) => (args.get(1, "handler"), Some(method)),
                None => continue,
            },
        };
        if let Some(h) = handler.filter(|h| h.kind_str() == "identifier") {
            found.push((
                at,
                Registration::Handler(text_of(h, text).to_string(), method),
            ));
        }
    }
    found
}

/// `add_route("POST", ..)`: the method, when it is one (`"*"` is any).
fn method_argument(args: &Args<'_>, text: &str) -> Option<&'static str> {
    handlers::method(super::string_value(args.get(0, "method")?, text)?)
}

/// How `function` is a handler, if it is one.
fn context(function: Node<'_>, text: &str, registry: &File<'_>) -> Option<Handler> {
    if handlers::in_test(function, text) {
        return None;
    }
    let name = function.field("name").map_or("", |n| text_of(n, text));
    let class = handlers::class_of(function);
    if class.is_some_and(|c| registry.is_view(c, text)) {
        // Its other methods are helpers whose caller may change what they build.
        let method = handlers::method(name)?;
        return Some(Handler {
            method: Some(method),
        });
    }
    for (decorator, call) in handlers::decorators(function, text) {
        if let Some((table, m)) = decorator.rsplit_once('.') {
            if registry.tables.contains(&table) {
                let method = match m {
                    "route" => call
                        .and_then(|c| Args::of(c, text))
                        .and_then(|a| method_argument(&a, text)),
                    _ => handlers::method(m),
                };
                return Some(Handler { method });
            }
        }
        if decorator == "web.middleware" || decorator == "middleware" {
            return Some(Handler { method: None });
        }
    }
    // Functions are registered by name; a method of another class (registered from another
    // module as `api.auth`) counts by its decorators and typed request only.
    if let Some((_, method)) = registry
        .registered
        .iter()
        .find(|(n, _)| class.is_none() && *n == name)
    {
        return Some(Handler { method: *method });
    }
    // Typed as taking aiohttp's request: routed from another module.
    handlers::parameters(function, text)
        .iter()
        .any(|(_, t)| {
            matches!(
                *t,
                Some("web.Request" | "aiohttp.web.Request" | "web.BaseRequest")
            )
        })
        .then_some(Handler { method: None })
}

/// The responses of one handler's body; nested functions and classes are left out (they run
/// at another time).
fn handler_body(body: Node<'_>, handler: &Handler, text: &str, out: &mut Vec<Response>) {
    let mut stack = vec![body];
    while let Some(node) = stack.pop() {
        match node.kind_str() {
            "function_definition" | "class_definition" | "lambda" => continue,
            "raise_statement" | "return_statement" => match node.named_child(0) {
                Some(call) if call.kind_str() == "call" => {
                    out.extend(exception(call, handler, text))
                }
                // `raise HTTPUnauthorized`: Python raises an instance made with no arguments.
                Some(class)
                    if node.kind_str() == "raise_statement"
                        && matches!(class.kind_str(), "identifier" | "attribute") =>
                {
                    out.extend(bare_exception(class, handler, text));
                }
                _ => {}
            },
            "call" => out.extend(response(node, body, handler, text)),
            _ => {}
        }
        push_children(&mut stack, node);
    }
}

/// Where a new header goes: a `headers=` keyword, or a pair in its dict literal.
fn add_header(
    args: &Args<'_>,
    given: Option<Node<'_>>,
    headers: &Headers,
    text: &str,
) -> Option<crate::model::HeaderInsert> {
    match given {
        None => args.insert_keyword(text, "headers"),
        Some(dict) if dict.kind_str() == "dictionary" && headers.complete => {
            Some(insert_into_dict(dict))
        }
        Some(_) => None,
    }
}

/// `raise web.HTTPUnauthorized(..)`.
fn exception(call: Node<'_>, handler: &Handler, text: &str) -> Option<Response> {
    let name = callee(call, text)?;
    let (_, code) = EXCEPTIONS.iter().find(|(n, _)| *n == name)?;
    let function = call.field("function")?;
    let name_node = function.field("attribute").unwrap_or(function);
    let args = Args::of(call, text)?;
    let given = args.keyword("headers");
    let headers = headers_of(given, text);
    let insert = add_header(&args, given, &headers, text);
    Some(raised(*code, name_node, call, headers, insert, handler))
}

/// The response aiohttp sends for a raised exception class with status `code`.
fn raised(
    code: u16,
    name: Node<'_>,
    whole: Node<'_>,
    headers: Headers,
    add_header: Option<crate::model::HeaderInsert>,
    handler: &Handler,
) -> Response {
    Response {
        status: Status {
            code,
            span: span_of(name),
            form: StatusForm::Helper,
        },
        fix_plan: FixPlan {
            add_header,
            ..FixPlan::default()
        },
        headers,
        // aiohttp sends `401: Unauthorized` unless `text=` says otherwise.
        body: Body::Unknown,
        span: span_of(whole),
        method: handler.method,
        route: None,
        runtime: None,
        related: Vec::new(),
    }
}

/// `raise web.HTTPUnauthorized`, the class itself: no headers; the fix calls it with them.
fn bare_exception(class: Node<'_>, handler: &Handler, text: &str) -> Option<Response> {
    let written = text_of(class, text);
    let (_, code) = EXCEPTIONS
        .iter()
        .find(|(n, _)| handlers::last_name(written) == *n)?;
    let name = class.field("attribute").unwrap_or(class);
    let insert = crate::model::HeaderInsert {
        at: class.end_byte(),
        style: crate::model::HeaderStyle::Text {
            before: "(headers={".to_string(),
            between: ": ",
            after: "})".to_string(),
        },
    };
    Some(raised(
        *code,
        name,
        class,
        Headers::empty(),
        Some(insert),
        handler,
    ))
}

/// `web.Response(..)` and `web.json_response(..)`.
fn response(call: Node<'_>, scope: Node<'_>, handler: &Handler, text: &str) -> Option<Response> {
    let name = callee(call, text)?;
    let json = match name {
        "Response" => false,
        "json_response" => true,
        _ => return None,
    };
    let args = Args::of(call, text)?;
    // Without a status it is 200: nothing to check.
    let node = args.keyword("status")?;
    let (code, form) = status_of(node, text)?;
    let given = args.keyword("headers");
    let mut headers = headers_of(given, text);
    let (mut body, removal) = content(&args, json, text);
    let after = handlers::after_built(call, scope, text);
    if after.status_changed {
        return None;
    }
    after.apply(&mut headers);
    if after.body_changed {
        body = Body::Unknown;
    }
    let dropped = code == 204 || code == 304 || (100..200).contains(&code);
    Some(Response {
        status: Status {
            code,
            span: span_of(node),
            form,
        },
        fix_plan: FixPlan {
            add_header: add_header(&args, given, &headers, text),
            remove_body: removal.filter(|_| !after.body_changed).map(|e| vec![e]),
            status_style: (form == StatusForm::Number).then_some(StatusStyle::Number),
            ..FixPlan::default()
        },
        headers,
        body,
        span: span_of(call),
        method: handler.method,
        route: None,
        runtime: dropped.then_some(Runtime {
            null_body: Some(DROPPED),
            accepts: None,
        }),
        related: Vec::new(),
    })
}

/// The body of `web.Response(text=.. | body=..)` or `json_response(data | text=.. | body=..)`,
/// and the edit that removes it.
fn content(args: &Args<'_>, json: bool, text: &str) -> (Body, Option<Edit>) {
    // `json_response`'s data is serialised whatever it is (`None` is `null`).
    if json {
        if let Some(data) = args.get(0, "data") {
            let removal = args.argument(0, "data").and_then(|a| args.remove(a, text));
            return (
                Body::Present {
                    span: span_of(data),
                    pure: is_pure(data),
                },
                removal,
            );
        }
    }
    let given = ["text", "body"]
        .iter()
        .find_map(|k| args.keywords.iter().find(|(name, _, _)| name == k));
    let Some((_, argument, value)) = given else {
        return (Body::Empty, None);
    };
    if value.kind_str() == "none" || handlers::is_empty_string(*value) {
        return (Body::Empty, None);
    }
    (
        Body::Present {
            span: span_of(*value),
            pure: is_pure(*value),
        },
        args.remove(*argument, text),
    )
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::config::Settings;
    use crate::extract::Language;
    use crate::lint;

    fn python() -> Language {
        Language::from_path(Path::new("app/server.py")).expect("a Python file")
    }

    fn rules(src: &str) -> Vec<&'static str> {
        lint::check_source_in(python(), src, &Settings::default())
            .into_iter()
            .map(|d| d.rule.name)
            .collect()
    }

    const HANDLER: &str = "async def h(request):\n    return web.Response(status=401)\n";

    #[test]
    fn a_handler_is_registered_by_name_through_aiohttp_only() {
        let with =
            |registration: &str| format!("from aiohttp import web\n\n{HANDLER}\n{registration}\n");
        for registered in [
            "app.router.add_get(\"/\", h)",
            "app.router.add_route(\"POST\", \"/\", h)",
            "app.add_routes([web.get(\"/\", h)])",
            "app.add_routes([web.route(\"*\", \"/\", handler=h)])",
        ] {
            assert_eq!(
                rules(&with(registered)),
                ["missing-www-authenticate"],
                "{registered}"
            );
        }
        for not_registered in [
            "handlers.get(\"/\", h)",
            "cache.add(\"/\", h)",
            "get(\"/\", h)",
        ] {
            assert!(rules(&with(not_registered)).is_empty(), "{not_registered}");
        }
    }

    #[test]
    fn route_table_decorators_and_views_need_their_table_and_class() {
        let src = "from aiohttp import web\nroutes = web.RouteTableDef()\n\n@routes.post(\"/a\")\nasync def a(request):\n    return web.Response(status=405)\n\n@other.post(\"/b\")\nasync def b(request):\n    return web.Response(status=405)\n\nclass V(web.View):\n    async def delete(self):\n        return web.Response(status=405)\n\n    async def helper(self):\n        return web.Response(status=405)\n";
        assert_eq!(rules(src), ["missing-allow", "missing-allow"]);
    }

    #[test]
    fn the_header_fix_keeps_the_exception_valid() {
        let src = "from aiohttp import web\n\nasync def h(request: web.Request):\n    raise web.HTTPUnauthorized(\n        text=\"no\",\n    )\n";
        let outcome = lint::fix_all_in(python(), src, &Settings::default(), true).expect("fixed");
        assert!(
            outcome
                .text
                .contains("text=\"no\", headers={\"WWW-Authenticate\": \"Bearer\"}"),
            "{}",
            outcome.text
        );
        assert!(rules(&outcome.text).is_empty());
    }
}
