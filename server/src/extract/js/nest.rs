//! NestJS controllers: a method with a route decorator (`@Get()`, `@Delete(':id')`) in a
//! `@Controller()` class. Only an explicit `@HttpCode(n)` or `@Redirect(url, n)` makes a response
//! here (the defaults, 200 and POST's 201, are left alone); its headers are the `@Header(k, v)`
//! decorators, unknown when an interceptor may add more; its body is what the method returns.
//! A method that takes the platform response (`@Res()`, `@Next()`) builds it by hand: not read here.

use crate::extract::Field;
use tree_sitter::Node;

use super::syntax::*;
use super::{parameters, Cx, Found, Registrations, St};
use crate::model::Edit;
use crate::model::{Body, HeaderInsert, HeaderStyle, Headers, Runtime};

const ROUTES: &[(&str, Option<&str>)] = &[
    ("Get", Some("GET")),
    ("Post", Some("POST")),
    ("Put", Some("PUT")),
    ("Patch", Some("PATCH")),
    ("Delete", Some("DELETE")),
    ("Options", Some("OPTIONS")),
    ("Head", Some("HEAD")),
    ("All", None),
];

fn runtime(code: u16) -> Runtime {
    Runtime {
        null_body: matches!(code, 204 | 304).then_some(
            "NestJS sends the returned value and the platform (Express or Fastify) drops it",
        ),
        accepts: None,
    }
}

/// A decorator's name and arguments: `@HttpCode(204)` -> (`HttpCode`, [204]).
fn decorator<'t>(d: Node<'t>, src: &'t str) -> Option<(&'t str, Vec<Node<'t>>)> {
    let inner = d.named_child(0)?;
    match inner.kind_str() {
        "call_expression" => {
            let name = text(inner.field("function")?, src);
            Some((name, arguments(inner)))
        }
        "identifier" => Some((text(inner, src), Vec::new())),
        _ => None,
    }
}

/// The decorators of the class whose body is `body`.
fn class_decorators<'t>(body: Node<'t>) -> Vec<Node<'t>> {
    let Some(class) = body.parent() else {
        return Vec::new();
    };
    let mut out: Vec<Node<'t>> = class
        .children(&mut class.walk())
        .filter(|c| c.kind_str() == "decorator")
        .collect();
    if let Some(export) = class
        .parent()
        .filter(|p| p.kind_str() == "export_statement")
    {
        out.extend(
            export
                .children(&mut export.walk())
                .filter(|c| c.kind_str() == "decorator"),
        );
    }
    out
}

/// The values the method returns (not those of functions inside it); `None` for a body too large
/// to read.
fn returned_values(body: Node<'_>) -> Option<Vec<Option<Node<'_>>>> {
    let mut out = Vec::new();
    let read = preorder(body, 20_000, |n| {
        if n.kind_str() == "return_statement" {
            out.push(n.named_child(0).filter(|c| c.kind_str() != "comment"));
        }
        if n != body && super::is_function(n.kind_str()) {
            Step::Skip
        } else {
            Step::Descend
        }
    });
    read.then_some(out)
}

/// Reads the route methods of a `@Controller()` class body.
pub(super) fn controller(cx: &mut Cx<'_, '_>, body: Node<'_>) {
    let src = cx.src;
    let class_decorators = class_decorators(body);
    let named = |d: &Node<'_>, name: &str| decorator(*d, src).is_some_and(|(n, _)| n == name);
    if !class_decorators.iter().any(|d| named(d, "Controller")) {
        return;
    }
    let class_intercepted = class_decorators.iter().any(|d| named(d, "UseInterceptors"));
    let mut run: Vec<Node<'_>> = Vec::new();
    for member in body.named_children(&mut body.walk()) {
        match member.kind_str() {
            "decorator" => run.push(member),
            "comment" => {}
            "method_definition" => {
                method(cx, member, &run, class_intercepted);
                run.clear();
            }
            _ => run.clear(),
        }
    }
}

fn method(cx: &mut Cx<'_, '_>, m: Node<'_>, decorators: &[Node<'_>], class_intercepted: bool) {
    let src = cx.src;
    let decorators: Vec<(Node<'_>, &str, Vec<Node<'_>>)> = decorators
        .iter()
        .filter_map(|d| decorator(*d, src).map(|(n, a)| (*d, n, a)))
        .collect();
    let Some(route) = decorators
        .iter()
        .find_map(|(_, n, _)| ROUTES.iter().find(|(r, _)| r == n))
    else {
        return;
    };
    // `@Res()`, `@Response()`, `@Next()`: the platform response is handled by hand.
    let params = m.field("parameters");
    let manual = params.is_some_and(|p| {
        let t = text(p, src);
        ["@Res(", "@Response(", "@Next("]
            .iter()
            .any(|d| t.contains(d))
    });
    if manual {
        return;
    }
    let mut found = Found::new(span(m));
    let mut headers = Headers::empty();
    headers.complete = !class_intercepted;
    let mut status = None;
    let mut status_decorator = None;
    for (d, name, args) in &decorators {
        match *name {
            "HttpCode" => {
                status = args.first().and_then(|a| St::read(*a, src));
                status_decorator = Some(*d);
            }
            "Redirect" => {
                headers.add(Some("location".to_string()), span(*d));
                status = args.get(1).and_then(|a| St::read(*a, src));
                status_decorator = Some(*d);
            }
            "Header" => headers.add(
                args.first()
                    .and_then(|a| string_value(*a, src))
                    .map(str::to_ascii_lowercase),
                span(*d),
            ),
            "UseInterceptors" => headers.complete = false,
            _ => {}
        }
    }
    let (Some(status), Some(at)) = (status, status_decorator) else {
        return;
    };
    found.status = Some(status);
    found.headers = headers;
    found.runtime = Some(runtime);
    // `@Header("name", "value")` on a line of its own before `@HttpCode(..)`.
    found.header_insert = Some(HeaderInsert {
        at: at.start_byte(),
        style: HeaderStyle::Text {
            before: "@Header(".to_string(),
            between: ", ",
            after: format!(")\n{}", indent_of(at, src)),
        },
    });
    // The body: a literal returned value is certainly sent; a call (`this.service.remove(id)`)
    // may resolve to nothing.
    let returns = match m.field("body") {
        Some(body) => returned_values(body),
        None => Some(Vec::new()),
    };
    let Some(returns) = returns else {
        found.body = Body::Unknown;
        cx.push_for(route.1, None, found);
        return;
    };
    let literal = |v: Node<'_>| {
        matches!(
            unwrap(v).kind_str(),
            "object" | "array" | "string" | "template_string" | "number" | "true" | "false"
        )
    };
    found.body = if returns.iter().all(Option::is_none) {
        Body::Empty
    } else if let Some(v) = returns.iter().flatten().find(|v| literal(**v)) {
        // `return x;` -> `return;` unless a declared return type would no longer hold.
        let keyword_end = src[..v.start_byte()].trim_end().len();
        let after_return = src[..keyword_end].ends_with("return");
        if m.field("return_type").is_none() && after_return {
            found.remove_body = Some(vec![Edit {
                span: crate::model::Span::new(keyword_end, v.end_byte()),
                new_text: String::new(),
            }]);
        }
        Body::Present {
            span: span(*v),
            pure: is_pure(*v, src, 0),
        }
    } else {
        Body::Unknown
    };
    cx.push_for(route.1, None, found);
}

/// Exceptions of `@nestjs/common` that carry their status in their name.
const EXCEPTIONS: &[(&str, u16)] = &[
    ("UnauthorizedException", 401),
    ("MethodNotAllowedException", 405),
    ("ProxyAuthenticationRequiredException", 407),
];

/// Where a class's thrown exceptions go out as responses: a controller's route methods, a guard's
/// `canActivate`, a passport strategy's `validate` (its exception reaches the filter through
/// `AuthGuard`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Controller,
    Guard,
    Strategy,
}

/// The status a thrown value has: `new UnauthorizedException(..)`, `new HttpException(body, 401)`.
fn thrown_status(value: Node<'_>, src: &str) -> Option<St> {
    let value = unwrap(value);
    if value.kind_str() != "new_expression" {
        return None;
    }
    let class = value.field("constructor")?;
    let name = text(class, src);
    if name == "HttpException" {
        return St::read(*arguments(value).get(1)?, src);
    }
    let (_, code) = EXCEPTIONS.iter().find(|(n, _)| *n == name)?;
    Some(St {
        code: *code,
        span: span(class),
        form: crate::model::StatusForm::Named,
        number: false,
        other: None,
    })
}

/// Exceptions thrown in the classes of a NestJS file, rendered by the built-in exception filter
/// (a JSON body, no header of its own). Silent when a filter that may set headers can be in the
/// way: `@UseFilters` on the class or method, or a `@Catch` filter or `useGlobalFilters` in the
/// file; and for classes that also serve GraphQL, WebSocket or microservice contexts, where the
/// exception is not an HTTP response.
pub(super) fn throws(cx: &mut Cx<'_, '_>, body: Node<'_>, file: &Registrations) {
    let src = cx.src;
    if file.renders_errors() {
        return;
    }
    let class_decorators = class_decorators(body);
    let named = |d: &Node<'_>, name: &str| decorator(*d, src).is_some_and(|(n, _)| n == name);
    if class_decorators
        .iter()
        .any(|d| named(d, "UseFilters") || named(d, "UseInterceptors") || named(d, "Catch"))
    {
        return;
    }
    let class_text = text(body, src);
    if [
        "GqlExecutionContext",
        "getType",
        "switchToWs",
        "switchToRpc",
        "GraphQL",
    ]
    .iter()
    .any(|t| class_text.contains(t))
    {
        return;
    }
    let heritage = body
        .parent()
        .and_then(|c| {
            c.children(&mut c.walk())
                .find(|n| n.kind_str() == "class_heritage")
        })
        .map(|h| text(h, src));
    let kind = if class_decorators.iter().any(|d| named(d, "Controller")) {
        Kind::Controller
    } else if heritage.is_some_and(|h| h.contains("PassportStrategy(")) {
        Kind::Strategy
    } else {
        Kind::Guard
    };
    let mut global: Option<bool> = None;
    let mut run: Vec<Node<'_>> = Vec::new();
    for member in body.named_children(&mut body.walk()) {
        match member.kind_str() {
            "decorator" => run.push(member),
            "comment" => {}
            "method_definition" => {
                let decorators: Vec<(&str, Vec<Node<'_>>)> =
                    run.iter().filter_map(|d| decorator(*d, src)).collect();
                run.clear();
                let name = member.field("name").map(|n| text(n, src));
                let method = match kind {
                    Kind::Controller => {
                        let Some(route) = decorators
                            .iter()
                            .find_map(|(n, _)| ROUTES.iter().find(|(r, _)| r == n))
                        else {
                            continue;
                        };
                        route.1
                    }
                    Kind::Guard if name == Some("canActivate") => None,
                    Kind::Strategy if name == Some("validate") => None,
                    _ => continue,
                };
                if decorators
                    .iter()
                    .any(|(n, _)| matches!(*n, "UseFilters" | "UseInterceptors"))
                {
                    continue;
                }
                let Some(fbody) = member.field("body") else {
                    continue;
                };
                if kind == Kind::Controller {
                    thrown_results(cx, fbody, body);
                }
                let mut found = Vec::new();
                preorder(fbody, 50_000, |n| {
                    if n != fbody && super::is_function(n.kind_str()) {
                        return Step::Skip;
                    }
                    if n.kind_str() == "throw_statement" {
                        if let Some(status) = n.named_child(0).and_then(|v| thrown_status(v, src)) {
                            found.push((status, n));
                        }
                        return Step::Skip;
                    }
                    Step::Descend
                });
                // A filter registered for the whole app in another module renders them.
                if !found.is_empty()
                    && *global
                        .get_or_insert_with(|| cx.global_filters(body.start_byte()) == Some(true))
                {
                    continue;
                }
                for (status, at) in found {
                    let mut response = Found::new(span(at));
                    response.status = Some(status);
                    response.body = Body::Unknown;
                    cx.push_for(method, None, response);
                }
            }
            _ => run.clear(),
        }
    }
}

/// `if (E.isLeft(r)) throwHTTPErr(r.left)` in a route method, where `r = await this.auth.m(..)` and
/// the constructor types `auth` (`private auth: AuthService`): records that the error side of
/// `AuthService.m`'s result is handed to `throwHTTPErr`.
fn thrown_results(cx: &mut Cx<'_, '_>, fbody: Node<'_>, class: Node<'_>) {
    let src = cx.src;
    let ctor = class.named_children(&mut class.walk()).find(|m| {
        m.kind_str() == "method_definition"
            && m.field("name")
                .is_some_and(|n| text(n, src) == "constructor")
    });
    let fields: Vec<(&str, &str)> = ctor
        .map(|c| {
            parameters(c, src)
                .into_iter()
                .filter_map(|(n, t)| Some((n?, t?)))
                .filter(|(_, t)| t.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'))
                .collect()
        })
        .unwrap_or_default();
    if fields.is_empty() {
        return;
    }
    // (local, service type, method), and (thrower, local, call).
    let mut locals: Vec<(&str, &str, &str)> = Vec::new();
    let mut calls: Vec<(&str, &str, Node<'_>)> = Vec::new();
    preorder(fbody, 50_000, |n| {
        if n != fbody && super::is_function(n.kind_str()) {
            return Step::Skip;
        }
        match n.kind_str() {
            "variable_declarator" => {
                let name = n.field("name").filter(|x| x.kind_str() == "identifier");
                let call = n
                    .field("value")
                    .map(unwrap)
                    .filter(|v| v.kind_str() == "call_expression");
                if let (Some(name), Some(call)) = (name, call) {
                    let callee = call
                        .field("function")
                        .filter(|f| f.kind_str() == "member_expression");
                    let method = callee.and_then(|c| c.field("property"));
                    let holder = callee
                        .and_then(|c| c.field("object"))
                        .filter(|o| o.kind_str() == "member_expression");
                    let on_this = holder
                        .and_then(|h| h.field("object"))
                        .is_some_and(|o| o.kind_str() == "this");
                    let field = holder.and_then(|h| h.field("property"));
                    if let (true, Some(method), Some(field)) = (on_this, method, field) {
                        if let Some(&(_, ty)) = fields.iter().find(|(f, _)| *f == text(field, src))
                        {
                            locals.push((text(name, src), ty, text(method, src)));
                        }
                    }
                }
            }
            "call_expression" => {
                let callee = n.field("function").filter(|f| f.kind_str() == "identifier");
                if let (Some(callee), [arg]) = (callee, arguments(n).as_slice()) {
                    let arg = unwrap(*arg);
                    let left = arg.kind_str() == "member_expression"
                        && arg
                            .field("property")
                            .is_some_and(|p| text(p, src) == "left");
                    let object = arg.field("object").filter(|o| o.kind_str() == "identifier");
                    if let (true, Some(object)) = (left, object) {
                        calls.push((text(callee, src), text(object, src), n));
                    }
                }
            }
            _ => {}
        }
        Step::Descend
    });
    for (thrower, local, call) in calls {
        let mut declared = locals.iter().filter(|l| l.0 == local);
        let (Some(&(_, ty, method)), None) = (declared.next(), declared.next()) else {
            continue;
        };
        cx.facts.index.thrown.push(crate::index::ThrownResult {
            key: crate::index::thrown_key(ty, method),
            thrower: thrower.to_string(),
            span: span(call),
        });
    }
}

/// A service method's `return E.left({ message, statusCode: HttpStatus.UNAUTHORIZED })` whose
/// error side a controller of the package throws through a function that builds an
/// `HttpException` from that field (`thrown_results`): NestJS's built-in filter sends it with no
/// header. Silent with an app-wide filter in the package.
pub(super) fn returned_lefts(cx: &mut Cx<'_, '_>, body: Node<'_>) {
    let src = cx.src;
    let Some(class) = body
        .parent()
        .and_then(|c| c.field("name"))
        .map(|n| text(n, src))
    else {
        return;
    };
    for m in body.named_children(&mut body.walk()) {
        if m.kind_str() != "method_definition" {
            continue;
        }
        let (Some(name), Some(fbody)) = (m.field("name").map(|n| text(n, src)), m.field("body"))
        else {
            continue;
        };
        // (key, status, the `left(..)` call).
        let mut lefts = Vec::new();
        preorder(fbody, 50_000, |n| {
            if n != fbody && super::is_function(n.kind_str()) {
                return Step::Skip;
            }
            if n.kind_str() != "return_statement" {
                return Step::Descend;
            }
            let Some(call) = n
                .named_child(0)
                .map(unwrap)
                .filter(|c| c.kind_str() == "call_expression")
            else {
                return Step::Skip;
            };
            let callee = call.field("function").map(|f| text(f, src));
            if !callee.is_some_and(|c| c == "left" || c.ends_with(".left")) {
                return Step::Skip;
            }
            if let [object] = arguments(call).as_slice() {
                if let Some((key, status)) = status_field(*object, src) {
                    lefts.push((key, status, call));
                }
            }
            Step::Skip
        });
        if lefts.is_empty() {
            continue;
        }
        let key = crate::index::thrown_key(class, name);
        let records = cx.view.map(|v| v.thrown(&key)).unwrap_or_default();
        cx.facts
            .index
            .references
            .push((key.clone(), m.start_byte()));
        if records.is_empty() {
            cx.facts.index.unresolved.push((key, m.start_byte()));
            continue;
        }
        // The first record whose thrower builds the exception from the field the status is in.
        let mut related = None;
        for (record, location) in records {
            let ty = cx.view.and_then(|v| v.error_type(&record.thrower));
            cx.facts
                .index
                .references
                .push((record.thrower.clone(), m.start_byte()));
            let Some(ty) = ty else {
                continue;
            };
            let takes =
                |k: &str| matches!(&ty.status, crate::index::ErrorStatus::Field(0, f) if f == k);
            if lefts.iter().all(|(k, _, _)| takes(k)) {
                related = Some((record.thrower, location));
                break;
            }
        }
        let Some((thrower, location)) = related else {
            continue;
        };
        if cx.global_filters(m.start_byte()) != Some(false) {
            continue;
        }
        for (_, status, call) in lefts {
            let mut found = Found::new(span(call));
            found.status = Some(status);
            found.body = Body::Unknown;
            let before = cx.facts.responses.len();
            cx.push_for(None, None, found);
            // One status (no arms): one response, which the note explains.
            for response in &mut cx.facts.responses[before..] {
                response.related = vec![crate::model::Related {
                    message: format!(
                        "thrown by a controller as an `HttpException` through `{thrower}(..)`, \
                         which NestJS's built-in filter sends with no header"
                    ),
                    location: location.clone(),
                }];
            }
        }
    }
}

/// `{ message, statusCode: HttpStatus.UNAUTHORIZED }`: the key holding a status, and the status
/// (an object without spreads or `headers`, one status key).
fn status_field(object: Node<'_>, src: &str) -> Option<(String, St)> {
    let object = unwrap(object);
    if object.kind_str() != "object" {
        return None;
    }
    let mut found = None;
    for p in object.named_children(&mut object.walk()) {
        match p.kind_str() {
            "comment" => {}
            "pair" => {
                let key = p.field("key").and_then(|k| key_name(k, src))?;
                if key == "headers" {
                    return None;
                }
                if matches!(key, "status" | "statusCode") {
                    let status = St::read(p.field("value")?, src)?;
                    if found.is_some() || status.other.is_some() {
                        return None;
                    }
                    found = Some((key.to_string(), status));
                }
            }
            "shorthand_property_identifier" => {
                if matches!(text(p, src), "headers" | "status" | "statusCode") {
                    return None;
                }
            }
            _ => return None,
        }
    }
    found.filter(|(_, s)| (400..600).contains(&s.code))
}
