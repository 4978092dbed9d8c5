//! FastAPI and Starlette. In a path operation (`@app.get(..)`, `@router.post(..)`,
//! `api_route`/`route`), an exception handler or HTTP middleware, and in a dependency of a route:
//! - `raise HTTPException(status_code=.., detail=.., headers=..)`: FastAPI's default handler renders
//!   its `status_code` and `headers`, so the raised exception is the response;
//! - Starlette's `Response`, `JSONResponse`, `PlainTextResponse`, `HTMLResponse` (and the ORJSON /
//!   UJSON ones) built with a `status_code`, their content the body; `RedirectResponse(url, ..)`
//!   sets `Location`;
//! - `@app.delete(.., status_code=204)` on a function that returns a plain value (a dict, a list,
//!   a string): FastAPI serialises it, then drops the body for a status that cannot have one.

use crate::extract::Field;
use tree_sitter::Node;

use super::helpers::{self, Package};
use super::{
    callee, content_body, headers_of, insert_into_dict, is_pure, push_children, span_of, status_of,
    text_of, Args,
};
use crate::extract::segments::Found;
use crate::model::{
    Body, Edit, FixPlan, Header, Headers, Response, Runtime, Span, Status, StatusForm, StatusStyle,
};

/// The tokens every shape read here is spelled with.
pub(super) const TOKENS: &[&str] = &["HTTPException", "Response", "status_code"];

/// The decorators of path operations, with the method they answer.
const ROUTE_DECORATORS: &[(&str, Option<&str>)] = &[
    ("get", Some("GET")),
    ("post", Some("POST")),
    ("put", Some("PUT")),
    ("patch", Some("PATCH")),
    ("delete", Some("DELETE")),
    ("head", Some("HEAD")),
    ("options", Some("OPTIONS")),
    ("trace", Some("TRACE")),
    ("api_route", None),
    ("route", None),
];

/// Decorators whose function builds responses without being a path operation.
const OTHER_HANDLERS: &[&str] = &["exception_handler", "middleware"];

/// Starlette's response classes that take `(content, status_code, headers, ..)`.
const RESPONSES: &[&str] = &[
    "Response",
    "JSONResponse",
    "ORJSONResponse",
    "UJSONResponse",
    "PlainTextResponse",
    "HTMLResponse",
];

/// What FastAPI does with a path operation's returned value on a status that cannot have content.
const DROPPED: &str = "FastAPI drops this body";

/// Whether `name` is one of Starlette's response classes that take a `status_code`.
pub(super) fn is_response(name: &str) -> bool {
    RESPONSES.contains(&name)
}

/// The names given to `Depends(..)` / `Security(..)` in `calls`, with their offsets; each
/// dependency (a name or a dotted path) also as a route for the index, for the file defining it.
pub(super) fn dependencies(
    text: &str,
    calls: &[Node<'_>],
    routes: &mut Vec<crate::index::Route>,
) -> Found<String> {
    let mut dependencies = Vec::new();
    for &node in calls {
        if matches!(callee(node, text), Some("Depends" | "Security")) {
            let first = node.field("arguments").and_then(|a| a.named_child(0));
            if let Some(name) = first.filter(|a| a.kind_str() == "identifier") {
                dependencies.push((name.start_byte(), text_of(name, text).to_string()));
            }
            if let Some(first) = first {
                routes.extend(super::helpers::dependency_route(
                    first,
                    text,
                    node.start_byte(),
                ));
            }
        }
    }
    dependencies.sort();
    routes.sort_by_key(|r| r.at);
    dependencies
}

/// How a function is used, from its decorators.
struct Context<'t> {
    /// A path operation (else an exception handler, a middleware or a dependency).
    route: bool,
    method: Option<&'static str>,
    /// The decorator's `status_code=`.
    status: Option<Node<'t>>,
}

fn context<'t>(
    function: Node<'t>,
    text: &'t str,
    dependencies: &[String],
    flask: &super::flask::File,
) -> Option<Context<'t>> {
    for decorator in super::handlers::decorator_nodes(function) {
        // Path operations and handlers are registered by calls: `@app.get("/")`.
        let Some((object, name, Some(call))) = super::handlers::decorator_parts(decorator, text)
        else {
            continue;
        };
        // A Flask app's or blueprint's routes are read as Flask's.
        if flask.is_app(object) {
            continue;
        }
        if let Some((_, method)) = ROUTE_DECORATORS.iter().find(|(d, _)| *d == name) {
            let status = Args::of(call, text).and_then(|a| a.keyword("status_code"));
            return Some(Context {
                route: true,
                method: *method,
                status,
            });
        }
        if OTHER_HANDLERS.contains(&name) {
            return Some(Context {
                route: false,
                method: None,
                status: None,
            });
        }
    }
    let name = function.field("name").map_or("", |n| text_of(n, text));
    dependencies.iter().any(|d| d == name).then_some(Context {
        route: false,
        method: None,
        status: None,
    })
}

/// The responses built by the handlers among `functions`; the top-level ones (`items`) may be
/// dependencies of another module's routes.
pub(super) fn read(
    text: &str,
    items: &[Node<'_>],
    functions: &[Node<'_>],
    dependencies: &[String],
    flask: &super::flask::File,
    package: &Package<'_>,
    out: &mut Vec<Response>,
) {
    for &node in functions {
        let Some(body) = node.field("body") else {
            continue;
        };
        match context(node, text, dependencies, flask) {
            Some(cx) => handler(body, &cx, text, package, out),
            // Only a module's own functions are looked up by their name.
            None if is_item(items, node) => package_dependency(node, body, text, package, out),
            None => {}
        }
    }
}

/// Whether `node` is one of `items` (in the order of the text).
fn is_item(items: &[Node<'_>], node: Node<'_>) -> bool {
    let i = items.partition_point(|n| n.start_byte() < node.start_byte());
    items.get(i).is_some_and(|n| n.id() == node.id())
}

/// A top-level function that a route of the package uses through `Depends` or calls (the
/// errors it raises are the route's): read as a dependency. It is looked up only when it would
/// build a response.
fn package_dependency(
    function: Node<'_>,
    body: Node<'_>,
    text: &str,
    package: &Package<'_>,
    out: &mut Vec<Response>,
) {
    let Some(name) = function.field("name") else {
        return;
    };
    let written = text_of(body, text);
    if !TOKENS.iter().any(|t| written.contains(t)) {
        return;
    }
    let cx = Context {
        route: false,
        method: None,
        status: None,
    };
    let mark = package.mark();
    let mut found = Vec::new();
    handler(body, &cx, text, package, &mut found);
    // What a function that is no handler looked up is not a lookup of the file.
    package.drop_since(mark);
    if found.is_empty() || !package.used_as_dependency(text_of(name, text), function.start_byte()) {
        return;
    }
    handler(body, &cx, text, package, out);
}

/// The responses of one handler's body; nested functions and classes are left out (they run
/// at another time).
fn handler(
    body: Node<'_>,
    cx: &Context<'_>,
    text: &str,
    package: &Package<'_>,
    out: &mut Vec<Response>,
) {
    let body_text = text_of(body, text);
    // A handler that sets its injected response's status decides it at run time.
    let status_set = body_text.contains(".status_code =") || body_text.contains(".status_code=");
    let declared = cx.status.and_then(|s| Some((s, status_of(s, text)?)));
    // The bodies of the `try` statements seen that may catch an `HTTPException`: a call in one
    // raises nothing to the handler (a `try` is met before what it holds).
    let mut catching: Vec<std::ops::Range<usize>> = Vec::new();
    let mut stack = vec![body];
    while let Some(node) = stack.pop() {
        match node.kind_str() {
            "function_definition" | "class_definition" | "lambda" => continue,
            "raise_statement" => {
                if let Some(raised) = node.named_child(0) {
                    let direct = (raised.kind_str() == "call")
                        .then(|| http_exception(raised, text, cx))
                        .flatten();
                    out.extend(direct.or_else(|| {
                        let instance = helpers::raised_class(package, raised, text)?;
                        Some(from_package(instance, raised, cx))
                    }));
                }
                continue;
            }
            "try_statement" if helpers::catches_http_errors(node, text) => {
                if let Some(guarded) = node.field("body") {
                    catching.push(guarded.byte_range());
                }
            }
            "call" => {
                let built = starlette_response(node, text, body_text, cx);
                let built = built.or_else(|| package_call(node, text, package, cx));
                let caught = catching.iter().any(|r| r.contains(&node.start_byte()));
                let framework = matches!(callee(node, text), Some("Depends" | "Security"));
                if built.is_none() && !caught && !framework {
                    package.called(node, text);
                }
                out.extend(built);
            }
            "return_statement" if cx.route && !status_set => {
                if let Some((status, (code, form))) = declared {
                    out.extend(returned_value(node, status, code, form, cx));
                }
            }
            _ => {}
        }
        push_children(&mut stack, node);
    }
}

/// A call to a helper of the package: one that raises where it is called, or one whose
/// response is returned (`return error(.., 401)`).
fn package_call(
    call: Node<'_>,
    text: &str,
    package: &Package<'_>,
    cx: &Context<'_>,
) -> Option<Response> {
    let mut parent = call.parent()?;
    while parent.kind_str() == "parenthesized_expression" {
        parent = parent.parent()?;
    }
    let returned = parent.kind_str() == "return_statement";
    let flavors: &[u8] = if returned {
        &[helpers::RAISED, helpers::RETURNED]
    } else {
        &[helpers::RAISED]
    };
    // Starlette's default handler answers `HTTPException`s; an exception handler of the file is
    // found through the package.
    let instance = helpers::helper_call(package, call, text, flavors, &|_| false)?;
    Some(from_package(instance, call, cx))
}

/// The response a helper or an exception class of the package builds, reported where the
/// caller writes its status (or raises the class), without a fix: the fix is the helper's.
fn from_package(instance: helpers::Instance<'_>, at: Node<'_>, cx: &Context<'_>) -> Response {
    let (node, form) = match instance.status {
        Some((node, _, form)) => (node, form),
        None => (at, StatusForm::Helper),
    };
    Response {
        status: Status {
            code: instance.code,
            span: span_of(node),
            form,
        },
        headers: instance.headers,
        body: Body::Unknown,
        span: span_of(at),
        method: cx.method,
        route: None,
        fix_plan: FixPlan::default(),
        runtime: None,
        related: vec![instance.related],
    }
}

fn status(node: Node<'_>, code: u16, form: StatusForm) -> (Status, Option<StatusStyle>) {
    (
        Status {
            code,
            span: span_of(node),
            form,
        },
        (form == StatusForm::Number).then_some(StatusStyle::Number),
    )
}

/// `HTTPException(status_code=401, detail=.., headers=..)` (or the status first, positionally).
fn http_exception(call: Node<'_>, text: &str, cx: &Context<'_>) -> Option<Response> {
    if callee(call, text)? != "HTTPException" {
        return None;
    }
    let args = Args::of(call, text)?;
    let node = args.get(0, "status_code")?;
    let (code, form) = status_of(node, text)?;
    let (status, status_style) = status(node, code, form);
    let given = args.keyword("headers");
    let headers = headers_of(given, text);
    let add_header = match given {
        None => args.insert_keyword(text, "headers"),
        Some(dict) if headers.complete => Some(insert_into_dict(dict)),
        Some(_) => None,
    };
    Some(Response {
        status,
        headers,
        // FastAPI's handler renders `{"detail": ..}`, and no content for 204/304.
        body: Body::Unknown,
        span: span_of(call),
        method: cx.method,
        route: None,
        fix_plan: FixPlan {
            add_header,
            status_style,
            ..FixPlan::default()
        },
        runtime: None,
        related: Vec::new(),
    })
}

/// `JSONResponse(content, status_code=.., headers=..)` and its siblings, `RedirectResponse(url,
/// status_code=..)`.
fn starlette_response(
    call: Node<'_>,
    text: &str,
    body_text: &str,
    cx: &Context<'_>,
) -> Option<Response> {
    let name = callee(call, text)?;
    let redirect = name == "RedirectResponse";
    if !redirect && !RESPONSES.contains(&name) {
        return None;
    }
    let args = Args::of(call, text)?;
    // Without a `status_code` it is 200 (307 for a redirect): nothing to check.
    let node = args.get(1, "status_code")?;
    let (code, form) = status_of(node, text)?;
    let (status, status_style) = status(node, code, form);
    let given = args.keyword("headers");
    let mut headers = headers_of(given, text);
    if redirect {
        headers.known.push(Header {
            name: "location".to_string(),
            span: span_of(call),
        });
    }
    // `response = JSONResponse(..)` then `response.headers[..] = ..`: headers added later.
    if let Some(variable) = assigned_to(call, text) {
        if body_text.contains(&format!("{variable}.headers"))
            || body_text.contains(&format!("{variable}.init_headers"))
        {
            headers.complete = false;
        }
    }
    let add_header = match given {
        None => args.insert_keyword(text, "headers"),
        Some(dict) if headers.complete => Some(insert_into_dict(dict)),
        Some(_) => None,
    };
    let (body, remove_body) = if redirect {
        (Body::Empty, None)
    } else {
        let content = args.get(0, "content");
        let body = content_body(content);
        // JSON renders `None` as `null`: only a content given as something else is read, and
        // its removal is a fix only where the content may be left out.
        let body = match (name, content) {
            ("JSONResponse" | "ORJSONResponse" | "UJSONResponse", Some(c))
                if c.kind_str() == "none" =>
            {
                Body::Unknown
            }
            _ => body,
        };
        let json = name.ends_with("JSONResponse");
        let removal = content
            .filter(|_| !json)
            .and_then(|_| args.remove(args.argument(0, "content")?, text));
        (body, removal.map(|e| vec![e]))
    };
    Some(Response {
        status,
        headers,
        body,
        span: span_of(call),
        method: cx.method,
        route: None,
        fix_plan: FixPlan {
            add_header,
            remove_body,
            status_style,
            ..FixPlan::default()
        },
        runtime: None,
        related: Vec::new(),
    })
}

/// The variable a call is assigned to: `response = JSONResponse(..)`.
fn assigned_to<'t>(call: Node<'_>, text: &'t str) -> Option<&'t str> {
    let parent = call.parent().filter(|p| p.kind_str() == "assignment")?;
    let left = parent
        .field("left")
        .filter(|l| l.kind_str() == "identifier")?;
    Some(text_of(left, text))
}

/// Kinds of expression that are certainly a value FastAPI serialises (not a `Response`).
const PLAIN_VALUES: &[&str] = &[
    "dictionary",
    "list",
    "set",
    "tuple",
    "string",
    "concatenated_string",
    "integer",
    "float",
    "true",
    "false",
];

/// `return {..}` in a path operation declared with a status that cannot have content.
fn returned_value(
    ret: Node<'_>,
    status_node: Node<'_>,
    code: u16,
    form: StatusForm,
    cx: &Context<'_>,
) -> Option<Response> {
    let value = ret.named_child(0)?;
    if !PLAIN_VALUES.contains(&value.kind_str()) {
        return None;
    }
    let (status, status_style) = status(status_node, code, form);
    Some(Response {
        status,
        headers: Headers::unknown(),
        body: Body::Present {
            span: span_of(value),
            pure: is_pure(value),
        },
        span: span_of(ret),
        method: cx.method,
        route: None,
        fix_plan: FixPlan {
            remove_body: Some(vec![Edit {
                span: Span::new(value.start_byte(), value.end_byte()),
                new_text: "None".to_string(),
            }]),
            status_style,
            ..FixPlan::default()
        },
        runtime: Some(Runtime {
            null_body: Some(DROPPED),
            accepts: None,
        }),
        related: Vec::new(),
    })
}
