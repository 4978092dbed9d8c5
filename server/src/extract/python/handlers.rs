//! What the Django and aiohttp readers share: which code is test code (its views are fakes
//! served to a test client), how a handler's parameters and decorators read, and what a handler
//! does to a response it built into a variable before returning it.

use crate::extract::Field;
use tree_sitter::Node;

use super::{push_children, span_of, string_value, text_of};
use crate::model::{Header, Headers, Span};

/// The HTTP methods, lower-case as handler methods and decorators spell them, and as `Response`
/// records them.
pub(super) const METHODS: &[(&str, &str)] = &[
    ("get", "GET"),
    ("post", "POST"),
    ("put", "PUT"),
    ("patch", "PATCH"),
    ("delete", "DELETE"),
    ("head", "HEAD"),
    ("options", "OPTIONS"),
    ("trace", "TRACE"),
];

/// The method `name` (any case) stands for.
pub(super) fn method(name: &str) -> Option<&'static str> {
    METHODS
        .iter()
        .find(|(lower, _)| lower.eq_ignore_ascii_case(name))
        .map(|(_, upper)| *upper)
}

/// Modules only tests import: a file importing one is test code, and a view in it is a fake.
const TEST_MODULES: &[&str] = &[
    "pytest",
    "unittest",
    "django.test",
    "rest_framework.test",
    "aiohttp.test_utils",
    "pytest_aiohttp",
];

/// Whether the top-level statement `node` imports a test framework.
pub(super) fn is_test_import(node: Node<'_>, text: &str) -> bool {
    let is_test = |module: &str| {
        TEST_MODULES.iter().any(|t| {
            module
                .strip_prefix(t)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
        })
    };
    let modules: Vec<Node<'_>> = match node.kind_str() {
        "import_from_statement" => node.field("module_name").into_iter().collect(),
        "import_statement" => node
            .children_by_field_name("name", &mut node.walk())
            .map(|n| n.field("name").unwrap_or(n))
            .collect(),
        _ => Vec::new(),
    };
    modules.iter().any(|m| is_test(text_of(*m, text)))
}

/// Whether `function` is, or is nested in, a test (`def test_..`, `class Test..`, a `TestCase`):
/// a handler defined there is served to a test client only.
pub(super) fn in_test(function: Node<'_>, text: &str) -> bool {
    let mut node = Some(function);
    // Parents are bounded by the tree's depth; the count is a second guard.
    for _ in 0..10_000 {
        let Some(n) = node else {
            return false;
        };
        let name = n.field("name").map_or("", |n| text_of(n, text));
        match n.kind_str() {
            "function_definition" if is_test_name(name, "test") => return true,
            "class_definition"
                if is_test_name(name, "Test")
                    || bases(n, text).iter().any(|b| b.ends_with("TestCase")) =>
            {
                return true
            }
            _ => {}
        }
        node = n.parent();
    }
    false
}

/// Whether `name` is a test's by the test runners' convention: `test`, `test_x`, `testX` for a
/// function (`testimonials` is a view), `Test`, `TestX`, `Test_x` for a class (`Testimonial` is not).
fn is_test_name(name: &str, prefix: &str) -> bool {
    name.strip_prefix(prefix).is_some_and(|rest| {
        rest.chars()
            .next()
            .is_none_or(|c| c == '_' || c.is_ascii_uppercase() || c.is_ascii_digit())
    })
}

/// The base classes of `class`, each as written (`generics.ListAPIView`).
pub(super) fn bases<'t>(class: Node<'_>, text: &'t str) -> Vec<&'t str> {
    let Some(list) = class.field("superclasses") else {
        return Vec::new();
    };
    list.named_children(&mut list.walk())
        .filter(|b| matches!(b.kind_str(), "identifier" | "attribute"))
        .map(|b| text_of(b, text))
        .collect()
}

/// The class whose body `function` is defined in, if it is a method.
pub(super) fn class_of(function: Node<'_>) -> Option<Node<'_>> {
    let outer = function
        .parent()
        .filter(|p| p.kind_str() == "decorated_definition")
        .unwrap_or(function);
    outer
        .parent()
        .filter(|b| b.kind_str() == "block")?
        .parent()
        .filter(|c| c.kind_str() == "class_definition")
}

/// The parameters of `function`: each one's name and its annotation, if any.
pub(super) fn parameters<'t>(function: Node<'_>, text: &'t str) -> Vec<(&'t str, Option<&'t str>)> {
    let Some(list) = function.field("parameters") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for p in list.named_children(&mut list.walk()) {
        let name = match p.kind_str() {
            "identifier" => Some(p),
            "typed_parameter" => p.named_child(0).filter(|n| n.kind_str() == "identifier"),
            "default_parameter" | "typed_default_parameter" => p.field("name"),
            // `*args`, `/`, `*`: positions after them mean something else.
            _ => break,
        };
        let Some(name) = name else {
            break;
        };
        let annotation = p.field("type").map(|t| text_of(t, text));
        out.push((text_of(name, text), annotation));
    }
    out
}

/// The decorators of `definition`: each one's callee as written (`app.get`, `api_view`) and its
/// call, if it is called.
pub(super) fn decorators<'t>(
    definition: Node<'t>,
    text: &'t str,
) -> Vec<(&'t str, Option<Node<'t>>)> {
    let mut out = Vec::new();
    for decorator in decorator_nodes(definition) {
        let Some(expression) = decorator.named_child(0) else {
            continue;
        };
        match expression.kind_str() {
            "call" => {
                if let Some(f) = expression.field("function") {
                    out.push((text_of(f, text), Some(expression)));
                }
            }
            _ => out.push((text_of(expression, text), None)),
        }
    }
    out
}

/// The `decorator` nodes above a function or class definition, in order.
pub(super) fn decorator_nodes(definition: Node<'_>) -> Vec<Node<'_>> {
    let Some(decorated) = definition
        .parent()
        .filter(|p| p.kind_str() == "decorated_definition")
    else {
        return Vec::new();
    };
    decorated
        .children(&mut decorated.walk())
        .filter(|d| d.kind_str() == "decorator")
        .collect()
}

/// A decorator's object, attribute name and call: `("app", "route", Some(call))` for
/// `@app.route("/")`, `("app", "before_request", None)` for `@app.before_request`.
pub(super) fn decorator_parts<'t>(
    decorator: Node<'t>,
    text: &'t str,
) -> Option<(&'t str, &'t str, Option<Node<'t>>)> {
    let expression = decorator.named_child(0)?;
    let (attribute, call) = match expression.kind_str() {
        "call" => (expression.field("function")?, Some(expression)),
        "attribute" => (expression, None),
        _ => return None,
    };
    if attribute.kind_str() != "attribute" {
        return None;
    }
    let object = text_of(attribute.field("object")?, text);
    let name = text_of(attribute.field("attribute")?, text);
    Some((object, name, call))
}

/// The last name of a dotted name: `View` for `generic.View`.
pub(super) fn last_name(dotted: &str) -> &str {
    dotted.rsplit('.').next().unwrap_or(dotted)
}

/// The variable a call is assigned to: `response = HttpResponse(..)`.
pub(super) fn assigned_to<'t>(call: Node<'_>, text: &'t str) -> Option<&'t str> {
    let parent = call.parent().filter(|p| p.kind_str() == "assignment")?;
    let left = parent
        .field("left")
        .filter(|l| l.kind_str() == "identifier")?;
    Some(text_of(left, text))
}

/// Whether `call` is an argument of another call: that one (`add_auth(HttpResponse(..))`) may
/// change the response before it is sent.
pub(super) fn passed_on(call: Node<'_>) -> bool {
    let mut parent = call.parent();
    if let Some(p) = parent.filter(|p| p.kind_str() == "keyword_argument") {
        parent = p.parent();
    }
    parent.is_some_and(|p| p.kind_str() == "argument_list")
}

/// What a handler does to a response held in a variable after it is built.
#[derive(Default)]
pub(super) struct After {
    /// Headers set by name (`response["Location"] = ..`), lower-case.
    pub added: Vec<Header>,
    /// Something may set a header we cannot name: a helper given the response, an `update(..)`.
    pub unknown_headers: bool,
    /// Its status is set again (`response.status_code = ..`).
    pub status_changed: bool,
    /// Its content is set or written to.
    pub body_changed: bool,
}

impl After {
    /// `headers` with what came after: the known ones added, incomplete when some are unknown.
    pub fn apply(&self, headers: &mut Headers) {
        headers.known.extend(self.added.iter().cloned());
        if self.unknown_headers {
            headers.complete = false;
        }
    }
}

/// Methods and attributes of a response that change neither its headers we check, its status
/// nor its body (cookies are `Set-Cookie`, which no rule reads).
const HARMLESS: &[&str] = &[
    "set_cookie",
    "delete_cookie",
    "set_signed_cookie",
    "cookies",
    "has_header",
    "get",
    "items",
    "charset",
    "content_type",
    "reason_phrase",
    "reason",
    "del_cookie",
];

/// Attributes that hold or write the body (Django, Django REST framework, aiohttp).
const BODY: &[&str] = &["content", "write", "writelines", "data", "text", "body"];

/// What happens to the response `call` builds: through the variable it is assigned to, or,
/// when it is not assigned, whether it is handed to another call.
pub(super) fn after_built(call: Node<'_>, scope: Node<'_>, text: &str) -> After {
    match assigned_to(call, text) {
        Some(variable) => after(scope, variable, text),
        None => After {
            unknown_headers: passed_on(call),
            ..After::default()
        },
    }
}

/// What `scope` (a handler's body, nested functions included: they may run before the
/// response is sent) does to the response in `variable`. Every use is read as widely as it may
/// go: a use not understood makes the headers unknown.
pub(super) fn after(scope: Node<'_>, variable: &str, text: &str) -> After {
    let mut out = After::default();
    let mut stack = vec![scope];
    while let Some(node) = stack.pop() {
        push_children(&mut stack, node);
        if node.kind_str() != "identifier" || text_of(node, text) != variable {
            continue;
        }
        let Some(parent) = node.parent() else {
            continue;
        };
        let field = |name: &'static str| parent.field(name) == Some(node);
        match parent.kind_str() {
            // A name of something else: `x.response`, `f(response=..)`, a parameter.
            "attribute" if field("attribute") => {}
            "keyword_argument" if field("name") => {}
            "parameters" | "default_parameter" | "typed_parameter" | "typed_default_parameter" => {}
            // Assigned (again) or returned: nothing done to it.
            "assignment" if field("left") => {}
            "return_statement" => {}
            // `response["Location"] = ..` (Django).
            "subscript" if field("value") => subscript(parent, text, &mut out),
            "attribute" if field("object") => {
                attribute(parent, text, &mut out);
            }
            _ => out.unknown_headers = true,
        }
    }
    out
}

/// `response[..]`: setting an item sets a header; reading one changes nothing.
fn subscript(sub: Node<'_>, text: &str, out: &mut After) {
    if !is_assigned(sub) {
        return;
    }
    let name = sub.field("subscript").and_then(|k| string_value(k, text));
    match name {
        Some(name) => out.added.push(Header {
            name: name.to_ascii_lowercase(),
            span: span_of(sub.parent().unwrap_or(sub)),
        }),
        None => out.unknown_headers = true,
    }
}

/// Whether `node` is the target of an assignment (`node = ..`, `node += ..`).
fn is_assigned(node: Node<'_>) -> bool {
    node.parent().is_some_and(|p| {
        matches!(p.kind_str(), "assignment" | "augmented_assignment")
            && p.field("left") == Some(node)
    })
}

/// `response.<name>..`.
fn attribute(attr: Node<'_>, text: &str, out: &mut After) {
    let name = attr.field("attribute").map_or("", |a| text_of(a, text));
    let called = attr
        .parent()
        .filter(|p| p.kind_str() == "call" && p.field("function") == Some(attr));
    match name {
        "headers" => headers_use(attr, text, out),
        // Django's `response.setdefault("Location", url)`.
        "setdefault" => named_by_first_argument(called, text, out),
        // Read only (`log(response.status_code)`), they change nothing.
        "status_code" | "status" | "set_status" if is_assigned(attr) || called.is_some() => {
            out.status_changed = true
        }
        _ if BODY.contains(&name) && (is_assigned(attr) || called.is_some()) => {
            out.body_changed = true
        }
        "status_code" | "status" => {}
        _ if BODY.contains(&name) || HARMLESS.contains(&name) => {}
        _ => out.unknown_headers = true,
    }
}

/// `response.headers..`: an item set or read, `setdefault`/`add`/`extend`, or something else.
fn headers_use(headers: Node<'_>, text: &str, out: &mut After) {
    let Some(parent) = headers.parent() else {
        out.unknown_headers = true;
        return;
    };
    match parent.kind_str() {
        "subscript" if parent.field("value") == Some(headers) => subscript(parent, text, out),
        "attribute" if parent.field("object") == Some(headers) => {
            let name = parent.field("attribute").map_or("", |a| text_of(a, text));
            let called = parent
                .parent()
                .filter(|p| p.kind_str() == "call" && p.field("function") == Some(parent));
            match name {
                "setdefault" | "add" => named_by_first_argument(called, text, out),
                "get" | "getall" | "getone" | "items" | "keys" | "values" => {}
                _ => out.unknown_headers = true,
            }
        }
        _ => out.unknown_headers = true,
    }
}

/// `..setdefault("Name", value)`: sets header `Name`.
fn named_by_first_argument(call: Option<Node<'_>>, text: &str, out: &mut After) {
    let name = call
        .and_then(|c| c.field("arguments"))
        .and_then(|a| a.named_child(0))
        .and_then(|n| string_value(n, text));
    match (name, call) {
        (Some(name), Some(call)) => out.added.push(Header {
            name: name.to_ascii_lowercase(),
            span: Span::new(call.start_byte(), call.end_byte()),
        }),
        _ => out.unknown_headers = true,
    }
}

/// Whether `node` is a string literal with no content (`""`, `b''`): no body.
pub(super) fn is_empty_string(node: Node<'_>) -> bool {
    node.kind_str() == "string"
        && node
            .named_children(&mut node.walk())
            .all(|c| matches!(c.kind_str(), "string_start" | "string_end"))
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::is_test_name;

    use crate::config::Settings;
    use crate::extract::Language;
    use crate::lint;

    #[test]
    fn test_names_follow_the_runners_convention() {
        for test in ["test", "test_login", "testLogin", "test2"] {
            assert!(is_test_name(test, "test"), "{test}");
        }
        for view in ["testimonials", "latest", "contest_entry"] {
            assert!(!is_test_name(view, "test"), "{view}");
        }
        assert!(is_test_name("TestViews", "Test"));
        assert!(!is_test_name("Testimonial", "Test"));
    }

    /// Cut and damaged fixtures (half-typed calls, broken indentation) read without panicking.
    #[test]
    fn any_prefix_or_line_dropped_reads() {
        let python = Language::from_path(Path::new("app/views.py")).expect("a Python file");
        for fixture in [
            include_str!("../../../../tests/fixtures/django/views.py"),
            include_str!("../../../../tests/fixtures/django/drf.py"),
            include_str!("../../../../tests/fixtures/aiohttp/handlers.py"),
        ] {
            let mut cut = 0;
            while cut < fixture.len() {
                if fixture.is_char_boundary(cut) {
                    lint::check_source_in(python, &fixture[..cut], &Settings::default());
                }
                cut += 13;
            }
            let lines: Vec<&str> = fixture.lines().collect();
            for skip in 0..lines.len() {
                let mut text = lines[..skip].join("\n");
                text.push('\n');
                text.push_str(&lines[skip + 1..].join("\n"));
                lint::check_source_in(python, &text, &Settings::default());
            }
        }
    }
}
