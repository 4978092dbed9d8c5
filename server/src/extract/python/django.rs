//! Django and Django REST framework. In a view (a function whose first parameter is `request`
//! or that a view decorator wraps, or a handler method of a class deriving from `View`,
//! `APIView`, a `*ViewSet` ..):
//! - `HttpResponse(content, content_type, status, .., headers=..)`: its content is the body,
//!   sent as is with any status (`None` is sent as the text `None`);
//! - `JsonResponse(data, status=..)`: always a body;
//! - DRF's `Response(data, status, .., headers)`: `data` other than `None` is rendered;
//! - `render(request, template, .., status=..)`: a body we cannot see, and no headers.
//!
//! Headers are those of `headers=` (Django 3.2 and later) and those set on the response's
//! variable before it is returned (`response["Location"] = ..`). `HttpResponseRedirect`,
//! `HttpResponseNotAllowed` and the other typed responses set what their status needs. DRF's
//! `APIView` adds `Allow` to every response it sends; its `NotAuthenticated` and
//! `AuthenticationFailed` get a challenge from an authenticator or become a 403, so raised
//! exceptions are not read.

use crate::extract::Field;
use std::collections::HashMap;

use tree_sitter::Node;

use super::handlers;
use super::{
    callee, headers_of, insert_into_dict, is_pure, push_children, span_of, status_of, text_of, Args,
};
use crate::model::{Body, Edit, FixPlan, Header, Response, Status, StatusForm, StatusStyle};

/// A Django or DRF file names its framework in its imports.
pub(super) const TOKENS: &[&str] = &["django", "rest_framework"];

/// Decorators that make a function a view (Django's `django.views.decorators`, `auth`, DRF's).
const VIEW_DECORATORS: &[&str] = &[
    "api_view",
    "require_http_methods",
    "require_GET",
    "require_POST",
    "require_safe",
    "login_required",
    "permission_required",
    "user_passes_test",
    "staff_member_required",
    "csrf_exempt",
    "csrf_protect",
    "ensure_csrf_cookie",
    "cache_page",
    "never_cache",
    "cache_control",
    "vary_on_headers",
    "vary_on_cookie",
    "condition",
    "etag",
    "last_modified",
    "gzip_page",
    "sensitive_post_parameters",
    "xframe_options_exempt",
    "xframe_options_deny",
    "xframe_options_sameorigin",
];

/// Decorator names another framework routes with (`@app.get(..)`, `@bp.route(..)`): such a
/// function is read by that framework's reader, not as a Django view.
const FOREIGN_ROUTES: &[&str] = &[
    "get",
    "post",
    "put",
    "patch",
    "delete",
    "head",
    "options",
    "trace",
    "route",
    "api_route",
    "websocket",
    "view",
    "middleware",
    "exception_handler",
    "errorhandler",
];

/// View methods DRF's routers and generic views dispatch to, with the method they answer.
const VIEWSET_ACTIONS: &[(&str, Option<&str>)] = &[
    ("list", Some("GET")),
    ("retrieve", Some("GET")),
    ("create", Some("POST")),
    ("update", Some("PUT")),
    ("partial_update", Some("PATCH")),
    ("destroy", Some("DELETE")),
    ("dispatch", None),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flavor {
    Django,
    /// Django REST framework: `APIView.finalize_response` sets `Allow` on every response.
    Rest,
}

/// The view a function is, as far as its responses go.
struct View {
    flavor: Flavor,
    method: Option<&'static str>,
    /// The methods the view answers, for an `Allow` placeholder.
    allow: Option<String>,
}

/// What the file's registrations say about its views.
pub(super) struct File<'r> {
    /// The file uses Django REST framework.
    rest: bool,
    /// The file's view classes by name, each with its bases as written.
    views: HashMap<&'r str, Vec<(&'r [String], Flavor)>>,
}

/// How many of the file's own classes a view may derive through.
const INHERITANCE_DEPTH: usize = 8;

impl<'r> File<'r> {
    /// `classes`: the file's classes with bases, in the order of the text.
    pub(super) fn new(rest: bool, classes: &[(&'r str, &'r [String])]) -> File<'r> {
        File {
            rest,
            views: view_classes(classes),
        }
    }

    /// The flavor of `class` if it is a view.
    fn flavor(&self, class: Node<'_>, text: &str) -> Option<Flavor> {
        let name = text_of(class.field("name")?, text);
        let bases = handlers::bases(class, text);
        self.views
            .get(name)?
            .iter()
            .find(|(b, _)| b.iter().map(String::as_str).eq(bases.iter().copied()))
            .map(|(_, f)| *f)
    }
}

/// The responses built by the views among `functions`.
pub(super) fn read(text: &str, functions: &[Node<'_>], file: &File<'_>, out: &mut Vec<Response>) {
    for &node in functions {
        if let (Some(view), Some(body)) = (context(node, text, file), node.field("body")) {
            view_body(body, &view, text, file.rest, out);
        }
    }
}

/// The classes that derive from a view class, directly or through another class of the file,
/// by name with their bases (a class's name and bases settle whether it is a view).
fn view_classes<'r>(
    classes: &[(&'r str, &'r [String])],
) -> HashMap<&'r str, Vec<(&'r [String], Flavor)>> {
    let mut flavors: Vec<Option<Flavor>> = classes
        .iter()
        .map(|(_, bases)| {
            bases
                .iter()
                .filter_map(|b| base_flavor(b))
                .max_by_key(|f| *f == Flavor::Rest)
        })
        .collect();
    let mut known: HashMap<&str, Flavor> = HashMap::new();
    for ((name, _), flavor) in classes.iter().zip(&flavors) {
        if let Some(f) = flavor {
            known.entry(name).or_insert(*f);
        }
    }
    // Each round settles classes one more step down a chain of the file's own bases; deeper
    // chains than this are not worth a file's quadratic cost.
    for _ in 0..INHERITANCE_DEPTH {
        let mut changed = false;
        for ((name, bases), flavor) in classes.iter().zip(flavors.iter_mut()) {
            if flavor.is_some() {
                continue;
            }
            let inherited = bases.iter().find_map(|b| known.get(b.as_str()).copied());
            if let Some(f) = inherited {
                *flavor = Some(f);
                known.entry(name).or_insert(f);
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    let mut views: HashMap<&str, Vec<(&[String], Flavor)>> = HashMap::new();
    for ((name, bases), flavor) in classes.iter().zip(flavors) {
        if let Some(f) = flavor {
            views.entry(name).or_default().push((bases, f));
        }
    }
    views
}

/// The flavor of a view base class as written: DRF's `APIView`, `GenericAPIView`, the generic
/// `*APIView`s and `*ViewSet`s; Django's `View` and its generic `*View`s. aiohttp's `web.View`
/// is not one.
fn base_flavor(base: &str) -> Option<Flavor> {
    if base.starts_with("web.") || base.starts_with("aiohttp.") {
        return None;
    }
    // `ModelViewSet[Model]`: a generic base, subscripted for type checkers.
    let base = base.split('[').next().unwrap_or(base);
    let name = handlers::last_name(base);
    if name.ends_with("APIView") || name.ends_with("ViewSet") {
        Some(Flavor::Rest)
    } else if name.ends_with("View") {
        Some(Flavor::Django)
    } else {
        None
    }
}

/// The view `function` is, if it is one.
fn context(function: Node<'_>, text: &str, file: &File<'_>) -> Option<View> {
    let rest = file.rest;
    if handlers::in_test(function, text) {
        return None;
    }
    let decorators = handlers::decorators(function, text);
    let foreign = decorators.iter().any(|(name, call)| {
        call.is_some() && name.contains('.') && FOREIGN_ROUTES.contains(&handlers::last_name(name))
    });
    if foreign {
        return None;
    }
    let name = function.field("name").map_or("", |n| text_of(n, text));
    let parameters = handlers::parameters(function, text);
    if let Some(class) = handlers::class_of(function) {
        let view_class = file.flavor(class, text);
        let takes_request = parameters.get(1).is_some_and(|(p, _)| *p == "request");
        let action = decorators
            .iter()
            .find(|(d, _)| handlers::last_name(d) == "action");
        return match view_class {
            Some(flavor) => {
                let method = handlers::method(name).or_else(|| {
                    VIEWSET_ACTIONS
                        .iter()
                        .find(|(a, _)| *a == name)
                        .and_then(|(_, m)| *m)
                });
                let handles = handlers::method(name).is_some()
                    || VIEWSET_ACTIONS.iter().any(|(a, _)| *a == name)
                    || action.is_some()
                    || takes_request;
                handles.then(|| View {
                    flavor,
                    method: method.or_else(|| action.and_then(|(_, c)| one_method(*c, text))),
                    allow: (flavor == Flavor::Django).then(|| class_allow(class, text)),
                })
            }
            // A method of another class given the request: a middleware's `process_request`,
            // an admin view. In a file that uses DRF its base may be an `APIView` of another
            // module, whose `finalize_response` sets `Allow`.
            None => takes_request.then_some(View {
                flavor: if rest { Flavor::Rest } else { Flavor::Django },
                method: None,
                allow: None,
            }),
        };
    }
    // Decorators stack in any order (`@login_required` above `@api_view`): all are read.
    let mut view: Option<View> = None;
    for (decorator, call) in &decorators {
        let decorator = handlers::last_name(decorator);
        if !VIEW_DECORATORS.contains(&decorator) {
            continue;
        }
        let found = view.get_or_insert(View {
            flavor: Flavor::Django,
            method: None,
            allow: None,
        });
        let allow = match decorator {
            "api_view" => {
                found.flavor = Flavor::Rest;
                None
            }
            "require_GET" => Some("GET".to_string()),
            "require_POST" => Some("POST".to_string()),
            "require_safe" => Some("GET, HEAD".to_string()),
            "require_http_methods" => methods_listed(*call, text),
            _ => None,
        };
        if let Some(list) = allow {
            found.method = handlers::method(&list);
            found.allow = Some(list);
        }
    }
    if view.is_some() {
        return view;
    }
    parameters
        .first()
        .is_some_and(|(p, _)| *p == "request")
        .then_some(View {
            flavor: Flavor::Django,
            method: None,
            allow: None,
        })
}

/// The methods a decorator call lists (`require_http_methods(["GET", "POST"])`), upper-case.
fn methods_listed(call: Option<Node<'_>>, text: &str) -> Option<String> {
    let list = call?
        .field("arguments")?
        .named_child(0)
        .filter(|l| matches!(l.kind_str(), "list" | "tuple"))?;
    let mut methods = Vec::new();
    for item in list.named_children(&mut list.walk()) {
        methods.push(handlers::method(super::string_value(item, text)?)?);
    }
    (!methods.is_empty()).then(|| methods.join(", "))
}

/// The one method an `@action(methods=["post"])` answers.
fn one_method(call: Option<Node<'_>>, text: &str) -> Option<&'static str> {
    let args = Args::of(call?, text)?;
    let list = args
        .keyword("methods")
        .filter(|l| matches!(l.kind_str(), "list" | "tuple"))?;
    let items: Vec<Node<'_>> = list.named_children(&mut list.walk()).collect();
    match items.as_slice() {
        [only] => handlers::method(super::string_value(*only, text)?),
        _ => None,
    }
}

/// What Django's `View` answers for a class defining these handler methods: each of them,
/// `HEAD` where there is a `GET`, and `OPTIONS` (`View.options`).
fn class_allow(class: Node<'_>, text: &str) -> String {
    let mut defined = Vec::new();
    if let Some(body) = class.field("body") {
        for item in body.named_children(&mut body.walk()) {
            let function = match item.kind_str() {
                "decorated_definition" => item.field("definition"),
                _ => Some(item),
            };
            if let Some(name) = function
                .filter(|f| f.kind_str() == "function_definition")
                .and_then(|f| f.field("name"))
            {
                defined.push(text_of(name, text));
            }
        }
    }
    let has = |m: &str| defined.contains(&m);
    handlers::METHODS
        .iter()
        .filter(|(lower, _)| has(lower) || (*lower == "head" && has("get")) || *lower == "options")
        .map(|(_, upper)| *upper)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The responses of one view's body; nested functions and classes are left out (they run at
/// another time).
fn view_body(body: Node<'_>, view: &View, text: &str, rest: bool, out: &mut Vec<Response>) {
    let mut stack = vec![body];
    while let Some(node) = stack.pop() {
        match node.kind_str() {
            "function_definition" | "class_definition" | "lambda" => continue,
            "call" => out.extend(response(node, body, view, text, rest)),
            _ => {}
        }
        push_children(&mut stack, node);
    }
}

/// The classes read, with the positions of their status, headers and content arguments.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    HttpResponse,
    JsonResponse,
    Rest,
    Render,
}

fn response(
    call: Node<'_>,
    scope: Node<'_>,
    view: &View,
    text: &str,
    rest: bool,
) -> Option<Response> {
    let class = match callee(call, text)? {
        "HttpResponse" => Class::HttpResponse,
        "JsonResponse" => Class::JsonResponse,
        "Response" if rest => Class::Rest,
        // `django.shortcuts.render`, not a template's `.render(..)`.
        "render" if is_shortcut(call, text) => Class::Render,
        _ => return None,
    };
    let args = Args::of(call, text)?;
    // Without a status it is 200: nothing to check.
    let node = match class {
        Class::HttpResponse => args.get(2, "status"),
        Class::JsonResponse => args.keyword("status"),
        Class::Rest => args.get(1, "status"),
        Class::Render => args.get(4, "status"),
    }?;
    let (code, form) = status_of(node, text)?;
    let given = match class {
        Class::HttpResponse => args.get(5, "headers"),
        Class::JsonResponse => args.keyword("headers"),
        Class::Rest => args.get(3, "headers"),
        Class::Render => None,
    };
    let mut headers = headers_of(given, text);
    // A DRF `Response` is only ever sent by an `APIView` (it needs the renderer the view gives
    // it), which sets `Allow`.
    if view.flavor == Flavor::Rest || class == Class::Rest {
        headers.known.push(Header {
            name: "allow".to_string(),
            span: span_of(call),
        });
    }
    let (mut body, removal) = content(class, &args, text);
    let after = handlers::after_built(call, scope, text);
    if after.status_changed {
        return None;
    }
    after.apply(&mut headers);
    let remove_body = removal.filter(|_| !after.body_changed).map(|e| vec![e]);
    if after.body_changed {
        body = Body::Unknown;
    }
    let add_header = match (class, given) {
        (Class::Render, _) => None,
        (_, None) => args.insert_keyword(text, "headers"),
        (_, Some(dict)) if dict.kind_str() == "dictionary" && headers.complete => {
            Some(insert_into_dict(dict))
        }
        _ => None,
    };
    Some(Response {
        status: Status {
            code,
            span: span_of(node),
            form,
        },
        headers,
        body,
        span: span_of(call),
        method: view.method,
        route: None,
        fix_plan: FixPlan {
            add_header,
            remove_body,
            status_style: (form == StatusForm::Number).then_some(StatusStyle::Number),
            route_values: view.allow.iter().map(|a| ("Allow", a.clone())).collect(),
            ..FixPlan::default()
        },
        runtime: None,
        related: Vec::new(),
    })
}

/// Whether a `render(..)` call is Django's shortcut: a bare `render` or `shortcuts.render`.
fn is_shortcut(call: Node<'_>, text: &str) -> bool {
    call.field("function")
        .is_some_and(|f| matches!(text_of(f, text), "render" | "shortcuts.render"))
}

/// The body a response class sends, and the edit that removes it.
fn content(class: Class, args: &Args<'_>, text: &str) -> (Body, Option<Edit>) {
    let present = |c: Node<'_>| Body::Present {
        span: span_of(c),
        pure: is_pure(c),
    };
    match class {
        Class::HttpResponse => {
            let Some(c) = args.get(0, "content") else {
                return (Body::Empty, None);
            };
            if handlers::is_empty_string(c) {
                return (Body::Empty, None);
            }
            // Django sends `None` as the text `None`: a content left in place (another
            // positional argument follows) becomes an empty byte string instead.
            let removal = args
                .argument(0, "content")
                .and_then(|a| args.remove(a, text));
            let removal = removal.map(|mut e| {
                if e.new_text == "None" {
                    e.new_text = "b\"\"".to_string();
                }
                e
            });
            (present(c), removal)
        }
        // The data is always serialised (`{}`, `null`): the response has a body whatever it is,
        // and the call needs it.
        Class::JsonResponse => match args.get(0, "data") {
            Some(d) => (present(d), None),
            None => (Body::Unknown, None),
        },
        // DRF renders no content for `None` data only.
        Class::Rest => match args.get(0, "data") {
            None => (Body::Empty, None),
            Some(d) if d.kind_str() == "none" => (Body::Empty, None),
            Some(d) => (
                present(d),
                args.argument(0, "data").and_then(|a| args.remove(a, text)),
            ),
        },
        // A template renders what we cannot see.
        Class::Render => (Body::Unknown, None),
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::config::Settings;
    use crate::extract::Language;
    use crate::lint;

    /// (rule, the text the diagnostic points at) for each diagnostic of `src`.
    fn diagnostics(src: &str) -> Vec<(&'static str, String)> {
        let python = Language::from_path(Path::new("app/views.py")).expect("a Python file");
        lint::check_source_in(python, src, &Settings::default())
            .into_iter()
            .map(|d| (d.rule.name, src[d.span.start..d.span.end].to_string()))
            .collect()
    }

    const VIEW: &str = "def view(request):\n    return HttpResponse(status=401)\n";

    #[test]
    fn only_a_file_that_imports_the_framework_has_views() {
        assert!(diagnostics(VIEW).is_empty());
        let imported = format!("from django.http import HttpResponse\n\n\n{VIEW}");
        assert_eq!(
            diagnostics(&imported),
            [("missing-www-authenticate", "401".to_string())]
        );
        // A test module's views are fakes served to its client.
        let test = format!("from django.test import TestCase\n{imported}");
        assert!(diagnostics(&test).is_empty());
    }

    #[test]
    fn positions_follow_each_class_signature() {
        // `HttpResponse`'s second positional parameter is the content type, not the status.
        let src = "import django\n\ndef v(request):\n    return HttpResponse(\"x\", 302)\n\ndef w(request):\n    return HttpResponse(\"x\", \"text/plain\", 401)\n";
        assert_eq!(
            diagnostics(src),
            [("missing-www-authenticate", "401".to_string())]
        );
    }

    #[test]
    fn what_the_view_does_with_its_response_variable() {
        let view = |lines: &str| {
            format!(
                "import django\n\ndef v(request):\n    response = HttpResponse(status=302)\n{lines}    return response\n"
            )
        };
        // Read, or given a cookie: still a redirect without `Location`.
        for read in [
            "    log(response.status_code, response[\"Vary\"])\n",
            "    response.set_cookie(\"a\", \"b\")\n",
        ] {
            assert_eq!(
                diagnostics(&view(read)),
                [("missing-location", "302".to_string())],
                "{read}"
            );
        }
        for silent in [
            "    response.setdefault(\"Location\", \"/\")\n",
            "    response.headers.update(extra)\n",
            "    response[name] = value\n",
            "    response.status_code = 200\n",
            "    log(response)\n",
        ] {
            assert!(diagnostics(&view(silent)).is_empty(), "{silent}");
        }
    }

    #[test]
    fn stacked_decorators_are_all_read() {
        let view = |decorator: &str| {
            format!(
                "import rest_framework\n\n@login_required\n{decorator}\ndef v(request):\n    return HttpResponse(status=405)\n"
            )
        };
        // DRF's `APIView` sets `Allow` on any response, whichever decorator comes first.
        assert!(diagnostics(&view("@api_view([\"PUT\"])")).is_empty());
        assert_eq!(
            diagnostics(&view("@require_http_methods([\"PUT\"])")),
            [("missing-allow", "405".to_string())]
        );
    }

    #[test]
    fn other_frameworks_routes_are_not_views() {
        // A FastAPI route taking `request`, in a file that mentions Django: read once, by FastAPI.
        let src = "# ported from django\n@app.get(\"/\")\nasync def index(request: Request):\n    return PlainTextResponse(\"x\", status_code=204)\n\n\n@app.get(\"/h\")\ndef h(request):\n    return HttpResponse(\"x\", status=204)\n";
        assert_eq!(
            diagnostics(src),
            [("body-not-allowed", "\"x\"".to_string())]
        );
    }
}
